"""Internals of :mod:`egovlib.replication`: the bounded formula evaluator, its helpers, the claims audit."""
