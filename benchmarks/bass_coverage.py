"""Simulation: do the Bass fitter's bootstrap intervals cover the truth at their nominal rate?

Prints the recovery error and the empirical coverage of the 95 % intervals of p, q and m
over many noisy synthetic series of one design (n = 14, known origin, cumulative data). Its
figures hold for that design only: a notebook computes the coverage of its own design with
``egovlib.diffusion.interval_coverage``. Run: ``.venv/bin/python benchmarks/bass_coverage.py [reps]``.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from egovlib import diffusion

TRUE = {"p": 0.02, "q": 0.45, "m": 1000.0}


def simulate(reps: int = 200, n_boot: int = 200, noise: float = 10.0, n: int = 14) -> dict[str, float]:
    t = np.arange(2001, 2001 + n, dtype=float)
    clean = diffusion.bass_cumulative(t - 2000, *TRUE.values())
    covered = {k: 0 for k in TRUE}
    errors = {k: [] for k in TRUE}
    for seed in range(reps):
        rng = np.random.default_rng(seed)
        y = np.maximum.accumulate(np.maximum(clean + rng.normal(0, noise, n), 0))
        fit = diffusion.fit("bass", t, y, origin=2000, n_boot=n_boot, seed=seed)
        for k, truth in TRUE.items():
            low, high = fit.ci[k]
            covered[k] += low <= truth <= high
            errors[k].append(abs(fit.params[k] - truth) / truth)
    return {**{f"coverage_{k}": covered[k] / reps for k in TRUE},
            **{f"median_rel_error_{k}": float(np.median(errors[k])) for k in TRUE}}


if __name__ == "__main__":
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    start = time.perf_counter()
    result = simulate(reps)
    print(f"Bass fitter, {reps} synthetic series (n = 14, noise sd = 10 on m = 1000), 95 % bootstrap intervals")
    for key, value in result.items():
        print(f"  {key:24s} {value:.3f}")
    print(f"  elapsed                  {time.perf_counter() - start:.1f} s")
