"""Internals of :mod:`egovlib.stats`, by job; import from :mod:`egovlib.stats`, not from here."""
