"""Private parts of :mod:`egovlib.datasets` (reading, citation)."""
