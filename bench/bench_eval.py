"""Time exact against float evaluation of a two-layer ReLU network, in one process.

Problem: n = 256 hidden units, d = 16 inputs, m = 1 output, weights drawn as float64
N(0, 1) and rationalised losslessly (53-bit binary fractions, as trained weights
are), evaluated at N = 10^4 points.

Methods:

* ``evaluate_float`` -- numpy float64 batch (the baseline; not exact),
* ``evaluate_exact_batch`` -- exact, batched (certified float signs + int64 limb products),
* ``evaluate`` per point -- exact, plain Fraction arithmetic, one point at a time.

Both exact methods are checked to agree exactly, and the float results are compared
with the exact ones (largest absolute difference). Prints a table of times and the
ratios to the float baseline. Timings are the best of ``--repeats`` runs (per-point
``evaluate`` runs once).

Usage::

    python bench/bench_eval.py                     # n=256, d=16, N=10000, float points
    python bench/bench_eval.py --points-kind rational --points 2000
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

import reluexact
from reluexact import TwoLayerReLU, evaluate, evaluate_exact_batch, evaluate_float


def _best(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, default=256, help="n (default 256)")
    parser.add_argument("--inputs", type=int, default=16, help="d (default 16)")
    parser.add_argument("--points", type=int, default=10_000, help="N (default 10000)")
    parser.add_argument(
        "--points-kind",
        choices=("float", "rational"),
        default="float",
        help="float: uniform floats in [-1, 1]^d taken exactly; rational: p/q with q <= 100",
    )
    parser.add_argument("--repeats", type=int, default=3, help="timing repeats for the batch methods")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    n, d, N = args.hidden, args.inputs, args.points
    net = TwoLayerReLU.from_float_arrays(
        rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=(1, n)) / np.sqrt(n), rng.normal(size=1)
    )
    if args.points_kind == "float":
        X = rng.uniform(-1, 1, size=(N, d))
        points = [tuple(Fraction(v) for v in row) for row in X.tolist()]
    else:
        numerators = rng.integers(-100, 101, size=(N, d))
        denominators = rng.integers(1, 101, size=(N, d))
        points = [
            tuple(Fraction(int(p), int(q)) for p, q in zip(prow, qrow, strict=True))
            for prow, qrow in zip(numerators, denominators, strict=True)
        ]
        X = np.array([[float(v) for v in point] for point in points])
    net.float_arrays  # build the float cache outside the timings  # noqa: B018

    t_float, floats = _best(lambda: evaluate_float(net, X), max(args.repeats, 5))
    t_batch, exact = _best(lambda: evaluate_exact_batch(net, points), args.repeats)
    t_point, pointwise = _best(lambda: [evaluate(net, x) for x in points], 1)

    if exact != pointwise:
        raise SystemExit("MISMATCH: evaluate_exact_batch and evaluate disagree")
    worst = max(abs(Fraction(float(f)) - e[0]) for f, e in zip(floats[:, 0], exact, strict=True))

    print(f"reluexact {reluexact.__version__}, Python {platform.python_version()}, numpy {np.__version__}")
    print(f"problem: n = {n}, d = {d}, m = 1, N = {N} points ({args.points_kind}), lossless float64 weights")
    print()
    print(f"| {'method':<34} | {'time (s)':>9} | {'us/point':>9} | {'ratio to float':>14} |")
    print(f"|{'-' * 36}|{'-' * 11}|{'-' * 11}|{'-' * 16}|")
    for name, seconds in (
        ("evaluate_float (numpy, float64)", t_float),
        ("evaluate_exact_batch (exact)", t_batch),
        ("evaluate per point (exact)", t_point),
    ):
        print(f"| {name:<34} | {seconds:>9.4f} | {1e6 * seconds / N:>9.2f} | {seconds / t_float:>13.0f}x |")
    print()
    print(f"exact batch vs per-point exact: {t_point / t_batch:.1f}x faster; results identical: True")
    print(f"largest |float - exact| over the points: {float(worst):.3g}")


if __name__ == "__main__":
    main()
