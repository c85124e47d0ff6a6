"""Timings of the exact 1-D tools on random networks with lossless float weights.

Usage: python bench/bench_oned.py [n ...]   (default 100 1000)

Prints one row per width n: spline_form (O(n log n)), decode on [-3, 3] with all exact
checks, minimal_network with its proof, and the number of break points. Weights are
N(0, 1) float64 draws (seed 0) taken at their exact binary values, as a trained network's
would be.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from reluexact import TwoLayerReLU
from reluexact.oned import decode, minimal_network, spline_form


def main(widths: list[int]) -> None:
    rng = np.random.default_rng(0)
    print(f"{'n':>7} {'spline_form':>12} {'decode':>10} {'minimal':>10} {'break points':>13}")
    for n in widths:
        net = TwoLayerReLU.from_float_arrays(
            rng.normal(size=(n, 1)), rng.normal(size=n), rng.normal(size=(1, n)), [0.0]
        )
        start = time.perf_counter()
        form = spline_form(net)
        t_form = time.perf_counter() - start
        start = time.perf_counter()
        decode(net, domain=(-3, 3))
        t_decode = time.perf_counter() - start
        start = time.perf_counter()
        minimal_network(net)
        t_min = time.perf_counter() - start
        print(f"{n:>7} {t_form:>11.3f}s {t_decode:>9.3f}s {t_min:>9.3f}s {len(form.break_points):>13}")


if __name__ == "__main__":
    main([int(v) for v in sys.argv[1:]] or [100, 1000])
