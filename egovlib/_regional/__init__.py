"""Internals of :mod:`egovlib.regional`: panels and world means, snapshots, censored time to a threshold."""
