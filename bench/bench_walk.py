"""Facet walk vs the lattice restriction (issue 15 item 4): seconds, regions, and the cost model.

Random integer nets (weights and biases uniform in [-1024, 1024], exact in every float type),
one process, CPU seconds, each method capped (``--cap`` wall-clock seconds; a capped run
reports its CPU rate so far).
Prints one table row per case with both methods, the Zaslavsky face and region counts of a
simple arrangement, the cost model's predictions and its choice (see docs/regions.md).

    python bench/bench_walk.py              # the issue's cases
    python bench/bench_walk.py --quick      # small cases only
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reluexact.model import TwoLayerReLU
from reluexact.regions.arrangements import arrangement
from reluexact.regions.enumeration import enumerate_arrangement
from reluexact.regions.facet_walk import choose_method, estimated_costs

CASES = [
    (2, 256, None),
    (3, 32, None),
    (4, 16, "-1,1"),
    (4, 16, None),
    (4, 32, None),
    (5, 20, None),
    (6, 16, None),
    (8, 16, None),
    (6, 32, None),
    (10, 20, None),
]
QUICK = [(2, 32, None), (3, 12, None), (4, 12, None), (5, 12, "-1,1"), (6, 12, None)]


def random_net(d: int, n: int, seed: int = 1) -> TwoLayerReLU:
    rng = random.Random(seed)
    W = [[rng.randint(-1024, 1024) for _ in range(d)] for _ in range(n)]
    b = [rng.randint(-1024, 1024) for _ in range(n)]
    return TwoLayerReLU(W, b, [[1] * n], [0])


def faces_and_regions(d: int, n: int) -> tuple[int, int]:
    faces = sum(math.comb(n, d - k) * sum(math.comb(n - d + k, i) for i in range(k + 1)) for k in range(d + 1))
    return faces, sum(math.comb(n, i) for i in range(d + 1))


def run(arr, method: str, cap: float) -> tuple[float, int, bool]:
    """CPU seconds (the machine may be shared; the cap is wall-clock), regions, complete."""
    t = time.process_time()
    res = enumerate_arrangement(arr, method=method, time_limit=cap)
    return time.process_time() - t, len(res), res.complete


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per run (default 60)")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    print(
        "| d x n, domain | regions | faces (simple) | lattice s | walk s | lattice/walk | model lattice/walk s | auto |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for d, n, dom in QUICK if args.quick else CASES:
        arr = arrangement(random_net(d, n), domain=dom)
        faces, _ = faces_and_regions(d, len(arr.groups))
        cells = []
        times = {}
        count = None
        for method in ("lattice", "walk"):
            sec, k, complete = run(arr, method, args.cap)
            times[method] = (sec, complete)
            if complete:
                count = k
                cells.append(f"{sec:.2f}")
            else:
                cells.append(f"stopped at the cap ({sec:.1f} CPU s, {k} regions)")
        lt, wt = times["lattice"], times["walk"]
        ratio = f"{lt[0] / wt[0]:.2f}" if lt[1] and wt[1] else (f"> {lt[0] / wt[0]:.1f}" if wt[1] else "-")
        ml, mw = estimated_costs(arr)
        name = f"{d} x {n}, {f'R^{d}' if dom is None else 'box ' + dom}"
        print(
            f"| {name} | {count if count is not None else '-'} | {faces:,} | {cells[0]} | {cells[1]} | {ratio} "
            f"| {ml:.2f} / {mw:.2f} | {choose_method(arr)} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
