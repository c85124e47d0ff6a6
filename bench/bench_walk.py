"""Facet walk vs the lattice restriction (issue 15 item 4): seconds, regions, and the cost model.

Random integer nets (weights and biases uniform in [-1024, 1024], exact in every float type),
one process, CPU seconds, each method capped (``--cap`` wall-clock seconds; a capped run
reports its CPU rate so far).
Prints one table row per case with both methods, the Zaslavsky face and region counts of a
simple arrangement, the cost model's predictions and its choice (see docs/regions.md).

    python bench/bench_walk.py              # the issue's cases
    python bench/bench_walk.py --quick      # small cases only
    python bench/bench_walk.py --sweep      # the general-position sweep alone (CPU s, peak RSS)

``--sweep`` runs :func:`reluexact.regions.sweep.sweep_arrangement` on the issue's R^d cases
(and d = 6 n = 32, d = 10 n = 20), each in a fresh child process so that its peak resident
memory is its own (``resource.getrusage(RUSAGE_CHILDREN)``: CPU seconds of the child, user +
system, and its maxrss); the exact count is compared with sum_k C(n, k).
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


SWEEP_CASES = [(3, 32), (4, 16), (4, 32), (8, 16), (6, 32), (10, 20)]

_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from bench.bench_walk import random_net
from reluexact.regions.arrangements import arrangement
from reluexact.regions.sweep import sweep_arrangement
arr = arrangement(random_net({d}, {n}))
t = time.process_time()
res = sweep_arrangement(arr)
cpu = time.process_time() - t
print(-1 if res is None else len(res), -1 if res is None else len(res.edges), cpu)
"""


def sweep_part(cases: list[tuple[int, int]]) -> None:
    import resource
    import subprocess

    root = str(Path(__file__).resolve().parents[1])
    print("CPU seconds of the sweep (time.process_time in the child; in brackets the whole child with its imports,")
    print("from getrusage) and the child's peak RSS (maxrss of all children so far: a running maximum;")
    print("the machine is shared)")
    print("| d x n, R^d | regions (exact = sum C(n, k)) | edges | CPU s | peak RSS MB |")
    print("|---|---|---|---|---|")
    for d, n in cases:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(
            [sys.executable, "-c", _CHILD.format(root=root, d=d, n=n)], capture_output=True, text=True, check=True
        ).stdout.split()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        total = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        cpu = float(out[2])
        want = sum(math.comb(n, k) for k in range(d + 1))
        got = int(out[0])
        mark = "ok" if got == want else f"expected {want}"
        print(
            f"| {d} x {n} | {got:,} ({mark}) | {int(out[1]):,} | {cpu:.2f} ({total:.2f}) "
            f"| {after.ru_maxrss / 1024:.0f} |",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per run (default 60)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sweep", action="store_true", help="the general-position sweep alone, CPU s and peak RSS")
    ap.add_argument("--only", default=None, help="with --sweep: only the case 'd x n'")
    args = ap.parse_args()
    if args.sweep:
        cases = [c for c in SWEEP_CASES if args.only is None or args.only == f"{c[0]} x {c[1]}"]
        sweep_part(cases)
        return
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
