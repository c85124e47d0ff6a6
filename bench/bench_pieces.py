"""Benchmark: maximal affine pieces against our own region enumeration, and exact slices of a wide net.

``affine_pieces`` enumerates the activation regions (``regions()``), unites them across facets on
invisible hyperplanes (the default ``method="merge"``; nothing to unite when every hyperplane is
visible), checks the maps, groups them and decides boundedness. The table shows ``regions()``
alone, ``affine_pieces`` in all and the extra fraction (target: at most +50 %). Nets: seeded
integer weights in [-1000, 1000] (general position, every hyperplane visible) and a degenerate
variant in which every fourth unit has a coincident partner cancelling its gradient jump (those
hyperplanes are invisible). Domains: the box [-1000, 1000]^d (``box``) and R^d (``R^d``;
boundedness from the extreme rays of the arrangement at infinity). Then ``slice_network`` of a
d = 784, n = 256 net (dyadic weights, as a rationalised float net) on the plane through three
samples, and the regions of that slice.

Usage::

    PYTHONPATH=. python bench/bench_pieces.py            # the full table
    PYTHONPATH=. python bench/bench_pieces.py --quick    # small cases only

Timings are CPU seconds (``time.process_time``, BLAS limited to one thread), best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reluexact.answers import affine_pieces, plane_through, slice_box, slice_network  # noqa: E402
from reluexact.model import TwoLayerReLU  # noqa: E402
from reluexact.regions import regions  # noqa: E402


def network(d: int, n: int, *, degenerate: bool, seed: int = 1) -> TwoLayerReLU:
    rng = random.Random(seed)
    W = [[rng.randint(-1000, 1000) for _ in range(d)] for _ in range(n)]
    b = [rng.randint(-1000, 1000) for _ in range(n)]
    A = [rng.randint(-9, 9) or 1 for _ in range(n)]
    if degenerate:
        for i in range(0, n, 4):  # a coincident partner (scale -2) whose jump cancels unit i's
            W.append([-2 * v for v in W[i]])
            b.append(-2 * b[i])
            A.append(Fraction(-A[i], 2))
    return TwoLayerReLU(W, b, [A], [0])


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.process_time()
        out = fn()
        times.append(time.process_time() - start)
    return min(times), out


def pieces_table(cases, repeat: int) -> None:
    print(f"{'case':<34} {'regions':>8} {'pieces':>8} {'maps':>7} {'regions() s':>12} {'pieces s':>9} {'extra':>7}")
    for d, n, degenerate, box in cases:
        net = network(d, n, degenerate=degenerate)
        domain = [(-1000, 1000)] * d if box else None
        t_regions, res = best(lambda net=net, domain=domain: regions(net, domain=domain, progress=False), repeat)
        t_pieces, result = best(lambda net=net, domain=domain: affine_pieces(net, domain=domain), repeat)
        name = f"d={d} n={net.n_hidden}{' degenerate' if degenerate else ''} {'box' if box else 'R^d'}"
        extra = (t_pieces - t_regions) / t_regions
        print(
            f"{name:<34} {len(res):>8} {len(result):>8} {result.n_maps:>7} {t_regions:>12.2f} {t_pieces:>9.2f} "
            f"{extra:>+7.0%}"
        )


def slice_table(d: int, n: int) -> None:
    rng = random.Random(7)
    # dyadic weights like a rationalised float32 net: k / 2^12
    W = [[Fraction(rng.randint(-4096, 4096), 4096) for _ in range(d)] for _ in range(n)]
    b = [Fraction(rng.randint(-4096, 4096), 4096) for _ in range(n)]
    A = [[Fraction(rng.randint(-4096, 4096), 4096) for _ in range(n)] for _ in range(10)]
    net = TwoLayerReLU(W, b, A, [0] * 10)
    samples = [[Fraction(rng.randint(0, 16), 16) for _ in range(d)] for _ in range(3)]
    start = time.process_time()
    origin, directions = plane_through(*samples)
    sliced = slice_network(net, origin, directions)
    box = slice_box(origin, directions, samples)
    t_slice = time.process_time() - start
    start = time.process_time()
    res = regions(sliced, domain=box, progress=False)
    t_regions = time.process_time() - start
    print(f"slice of d={d} n={n} m=10 on the plane through 3 samples: {t_slice:.2f} s (exact W U, W x0 + b, box)")
    print(f"  its regions in the slice box: {len(res)} regions in {t_regions:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if args.quick:
        cases = [(2, 32, False, True), (2, 32, True, True), (3, 12, False, False)]
        pieces_table(cases, args.repeat)
        slice_table(64, 64)
        return
    cases = [
        (2, 256, False, True),
        (2, 256, True, True),
        (2, 256, False, False),
        (4, 32, False, True),
        (4, 32, True, True),
        (4, 32, False, False),
    ]
    pieces_table(cases, args.repeat)
    slice_table(784, 256)


if __name__ == "__main__":
    main()
