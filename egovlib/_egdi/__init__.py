"""Private home of :mod:`egovlib.egdi`'s code (tables, relative)."""
