"""Internals of :mod:`egovlib.forecast`, by job; import from :mod:`egovlib.forecast`, not from here."""
