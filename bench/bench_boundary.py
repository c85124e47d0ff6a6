"""Benchmark: the decision boundary and the class cells against our own region enumeration.

Issue 11's targets: the boundary adds at most 50 % to ``regions()`` at d = 2, n = 256 and at d = 4,
n = 32; class cells for m = 10 on a 2-D network with n = 64 in under 2 s. Same seeded arrangements as
``bench_regions.py`` (integer w, b in [-1000, 1000]); output weights in [-5, 5]. The domain is a box
holding many vertices. Timings are CPU seconds (``time.process_time``, BLAS limited to one thread),
best of ``--repeat`` runs (3) in one process; the boundary is timed on the enumeration it is given
(``result=``), so the ratio is (boundary time) / (regions time). ``--per-region`` also times the path
without the exact vertex table (``vertices=False``). Nothing is asserted: the table is the result.

Usage::

    PYTHONPATH=. python bench/bench_boundary.py            # the full table
    PYTHONPATH=. python bench/bench_boundary.py --quick    # small cases only
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx  # noqa: E402, F401  (imported up front: its import time is not part of a run)

from reluexact.answers import class_cells, decision_boundary  # noqa: E402
from reluexact.model import TwoLayerReLU  # noqa: E402
from reluexact.regions import regions  # noqa: E402


def network(d: int, n: int, m: int = 1, seed: int = 1) -> TwoLayerReLU:
    rng = random.Random(seed)
    W = [[rng.randint(-1000, 1000) for _ in range(d)] for _ in range(n)]
    b = [rng.randint(-1000, 1000) for _ in range(n)]
    A = [[rng.randint(-5, 5) for _ in range(n)] for _ in range(m)]
    c = [rng.randint(-5, 5) for _ in range(m)]
    return TwoLayerReLU(W, b, A, c)


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small cases only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument(
        "--per-region", action="store_true", help="also time the per-region path (vertices=False), as before the table"
    )
    args = parser.parse_args()
    cases = [(2, 64, "-3,3"), (3, 24, "-3,3")] if args.quick else [(2, 256, "-3,3"), (4, 32, "-3,3")]
    print("decision boundary vs regions() (CPU s, best of", args.repeat, "runs)")
    print(f"{'d':>2} {'n':>4} {'regions':>8} {'pieces':>7} {'regions s':>10} {'boundary s':>11} {'ratio':>6}  target")
    for d, n, box in cases:
        net = network(d, n)
        t_regions, result = best(lambda net=net, box=box: regions(net, domain=box, progress=False), args.repeat)
        assert result is not None
        t_boundary, db = best(lambda net=net, result=result: decision_boundary(net, result=result), args.repeat)
        ratio = t_boundary / t_regions
        print(
            f"{d:>2} {n:>4} {len(result):>8} {len(db.pieces):>7} {t_regions:>10.2f} {t_boundary:>11.2f} "
            f"{ratio:>6.2f}  <= 0.50 {'ok' if ratio <= 0.5 else 'MISSED'}"
        )
        if args.per_region:
            t_old, _ = best(lambda net=net, result=result: decision_boundary(net, result=result, vertices=False), 1)
            print(f"{'':>37} per-region path {t_old:.2f} s, ratio {t_old / t_regions:.2f} (one run)")
    n = 32 if args.quick else 64
    net = network(2, n, m=10, seed=2)
    t_regions, result = best(lambda: regions(net, domain="-3,3", progress=False), args.repeat)
    t_cells, cells = best(lambda: class_cells(net, result=result), args.repeat)
    total = t_regions + t_cells
    print()
    print(
        f"class cells, m = 10, d = 2, n = {n}: {len(result)} regions, {len(cells.cells)} cells, "
        f"{len(cells.interfaces)} interfaces"
    )
    print(
        f"  regions {t_regions:.2f} s + class cells {t_cells:.2f} s = {total:.2f} s (target < 2 s: "
        f"{'ok' if total < 2 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
