"""Time certified float signs (reluexact.signs) against pure exact evaluation, in one process.

Problem: P affine forms with integer coefficients (primitive rows, as the region engine
uses) at N rational points, for typical sizes (P = n = 256 hidden units, d = 16 inputs ...)
and three magnitude regimes:

* ``unit``: coefficients ~2^30, points with 53-bit dyadic coordinates in [-1, 1]
  (lossless rationalisations of float data);
* ``tiny``: the same points scaled by 1e-320 (below the float64 subnormal limit) and
  coefficients ~2e30;
* ``huge``: coefficients ~1e300 times small integers, points with denominators up to 1e6.

Methods:

* ``affine_signs`` -- float64 with the proven bound, exact only where it cannot decide;
* ``exact (FLINT)`` -- one exact ``fmpq_mat`` product of the forms and all points, then the
  signs (the fastest pure exact baseline in reluexact's toolbox).

Both are checked to agree exactly. Prints a table (problem, ours, baseline, ratio) with the
number of entries the float bound left to exact arithmetic. Timings are the best of
``--repeats`` runs.

Usage::

    python bench/bench_signs.py                 # the default table
    python bench/bench_signs.py --repeats 5
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from reluexact.signs import AffineForms, certified_signs


def _best(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def _problem(kind: str, P: int, d: int, N: int, rng: np.random.Generator) -> tuple[AffineForms, list[tuple[Any, ...]]]:
    if kind == "huge":
        normals = [[int(v) * 10**300 for v in row] for row in rng.integers(-1000, 1000, size=(P, d))]
        offsets = [int(v) * 10**300 for v in rng.integers(-1000, 1000, size=P)]
        points = [
            tuple(flint.fmpq(int(a), int(b)) for a, b in zip(row, den, strict=True))
            for row, den in zip(
                rng.integers(-(10**6), 10**6, size=(N, d)), rng.integers(1, 10**6, size=(N, d)), strict=True
            )
        ]
        return AffineForms(normals, offsets), points
    scale = 2**30 if kind == "unit" else 2 * 10**30 // 2**31
    normals = [
        [int(v) * (1 if kind == "unit" else scale) for v in row] for row in rng.integers(-(2**31), 2**31, size=(P, d))
    ]
    offsets = [int(v) for v in rng.integers(-(2**30), 2**30, size=P)] if kind == "unit" else [0] * P
    factor = Fraction(1) if kind == "unit" else Fraction(1, 10**320)
    points = []
    for row in rng.uniform(-1, 1, size=(N, d)):
        values = [Fraction(float(v)) * factor for v in row]
        points.append(tuple(flint.fmpq(v.numerator, v.denominator) for v in values))
    return AffineForms(normals, offsets), points


def _exact_signs(forms: AffineForms, points: list[tuple[Any, ...]]) -> np.ndarray:
    P, d, N = len(forms), forms.dimension, len(points)
    rows = flint.fmpq_mat(
        P, d + 1, [flint.fmpq(v) for n, o in zip(forms.normals, forms.offsets, strict=True) for v in (*n, o)]
    )
    cols = flint.fmpq_mat(d + 1, N, [x for i in range(d) for x in (p[i] for p in points)] + [flint.fmpq(1)] * N)
    values = (rows * cols).entries()
    return np.array([(v > 0) - (v < 0) for v in values], dtype=np.int8).reshape(P, N).T


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    sizes = [
        ("unit", 256, 16, 1000),
        ("unit", 64, 2, 4000),
        ("unit", 1024, 8, 500),
        ("tiny", 256, 16, 1000),
        ("huge", 256, 16, 300),
    ]
    print(
        f"reluexact.signs bench (python {platform.python_version()}, numpy {np.__version__}, flint {flint.__version__})"
    )
    print()
    print("| problem                  | affine_signs (s) | exact FLINT (s) | ratio | left to exact |")
    print("|--------------------------|------------------|-----------------|-------|---------------|")
    ok = True
    for kind, P, d, N in sizes:
        forms, points = _problem(kind, P, d, N, rng)
        ours_time, ours = _best(lambda f=forms, p=points: certified_signs(f, p), args.repeats)
        exact_time, exact = _best(lambda f=forms, p=points: _exact_signs(f, p), args.repeats)
        same = bool(np.array_equal(ours.signs, exact))
        ok &= same
        name = f"{kind} n={P} d={d} N={N}"
        print(
            f"| {name:<24} | {ours_time:>16.4f} | {exact_time:>15.4f} | {exact_time / ours_time:>4.1f}x "
            f"| {ours.exact_evaluations:>13} |"
        )
    print()
    print(f"signs identical to the exact ones: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
