"""Internals of :mod:`egovlib.diffusion`, by job; import from :mod:`egovlib.diffusion`, not from here."""
