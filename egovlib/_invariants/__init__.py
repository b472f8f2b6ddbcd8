"""Internals of :mod:`egovlib.invariants`: the registry, the generic rules and the rules of each dataset."""
