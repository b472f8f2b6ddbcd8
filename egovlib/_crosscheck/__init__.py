"""Private home of :mod:`egovlib.crosscheck`'s code (compare, find)."""
