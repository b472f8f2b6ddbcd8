"""Internals of :mod:`egovlib.widgets`: the pure functions of the explorer and its ipywidgets shell."""
