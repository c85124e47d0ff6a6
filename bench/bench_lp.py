"""Time the exact LP engines on the facet LPs of ReLU regions and on random LPs.

Run: ``PYTHONPATH=$PWD python bench/bench_lp.py`` (a few seconds). Prints one table: for each
workload the seconds of ``method="auto"`` (float-guessed basis, certified exactly, exact simplex
as fallback) and ``method="simplex"`` (exact simplex with Bland's rule), run in the same process
on the same LPs, their ratio, and whether every optimal value agreed exactly.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import reluexact.lp as lp
import reluexact.regions.location as loc
from reluexact.model import TwoLayerReLU


def facet_lps(d: int, n: int, samples: int, seed: int) -> list[tuple[list, list, list]]:
    """The facet LPs ``locate(..., facets=True)`` solves for a random float net (captured)."""
    rng = np.random.default_rng(seed)
    net = TwoLayerReLU.from_float_arrays(
        rng.standard_normal((n, d)), rng.standard_normal(n), rng.standard_normal((1, n)), rng.standard_normal(1)
    )
    captured: list[tuple[list, list, list]] = []
    real = lp.minimize

    def spy(c, A, b, **kw):  # type: ignore[no-untyped-def]
        captured.append((list(c), [list(r) for r in A], list(b)))
        return real(c, A, b, **kw)

    lp.minimize = spy  # type: ignore[assignment]
    try:
        loc.locate(net, rng.standard_normal((samples, d)).tolist(), domain=None, facets=True)
    finally:
        lp.minimize = real  # type: ignore[assignment]
    return captured


def random_lps(d: int, m: int, count: int, seed: int) -> list[tuple[list, list, list]]:
    """Bounded random LPs: a box plus ``m`` random halfspaces through a neighbourhood of 0."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        A = rng.integers(-50, 51, size=(m, d)).tolist() + np.vstack([np.eye(d), -np.eye(d)]).astype(int).tolist()
        b = rng.integers(1, 100, size=m).tolist() + [10] * (2 * d)
        out.append((rng.integers(-9, 10, size=d).tolist(), A, b))
    return out


def run(lps: list[tuple[list, list, list]], method: str) -> tuple[float, list, int]:
    """Seconds, optimal values and how many LPs needed the exact simplex."""
    calls = 0
    real = lp._simplex

    def counting(*args):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(*args)

    lp._simplex = counting  # type: ignore[assignment]
    try:
        t = time.perf_counter()
        values = [lp.minimize(c, A, b, method=method).value for c, A, b in lps]
        return time.perf_counter() - t, values, calls
    finally:
        lp._simplex = real  # type: ignore[assignment]


def main() -> int:
    workloads = [
        ("facet LPs d=10 n=16, 20 samples", facet_lps(10, 16, 20, 0)),
        ("facet LPs d=16 n=32, 10 samples", facet_lps(16, 32, 10, 1)),
        ("random LPs d=10 m=40 (x20)", random_lps(10, 40, 20, 2)),
        ("random LPs d=32 m=96 (x3)", random_lps(32, 96, 3, 3)),
    ]
    print(f"{'workload':36} {'LPs':>5} {'auto s':>8} {'simplex s':>10} {'speed-up':>9} {'fallbacks':>9} agree")
    ok = True
    for name, lps in workloads:
        ta, va, fallbacks = run(lps, "auto")
        ts, vs, _ = run(lps, "simplex")
        same = va == vs
        ok &= same
        print(f"{name:36} {len(lps):5d} {ta:8.2f} {ts:10.2f} {ts / ta:8.1f}x {fallbacks:9d} {same}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
