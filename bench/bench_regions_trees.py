"""Time ``regions()`` of two (or more) source trees of reluexact on the same nets, interleaved.

Use it to measure a change against an earlier commit in one run:

    git worktree add /tmp/base <REV>
    python bench/bench_regions_trees.py /tmp/base .

Each tree runs in its own subprocess (so the two never share imported modules), the rounds are
interleaved (base, new, base, new, ...) so machine load hits both alike, and each figure is the
best CPU time of ``--repeats`` runs inside one round. The table gives every round's figure and the
ratio of the medians (last tree over first).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

_CHILD = r"""
import json, random, sys, time
from fractions import Fraction
sys.path.insert(0, sys.argv[1])
from reluexact import TwoLayerReLU
try:
    from reluexact.regions.enumeration import regions
except ImportError:  # trees from before the regions split
    from reluexact.regions.enumerate import regions

def net(d, n, seed):
    rng = random.Random(seed)
    W = [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(d)] for _ in range(n)]
    b = [Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n)]
    A = [[Fraction(rng.randint(-8, 8), 8) for _ in range(n)]]
    return TwoLayerReLU(W, b, A, [0])

out = {}
for case in sys.argv[3].split(","):
    shape, _, where = case.partition(":")
    d, n = (int(v) for v in shape.split("x"))
    domain = None if where in ("", "R") else ";".join(["-1,1"] * d)
    N = net(d, n, 1)
    best = float("inf")
    for _ in range(int(sys.argv[2])):
        t = time.process_time()
        result = regions(N, domain=domain, progress=False)
        best = min(best, time.process_time() - t)
    out[case] = [len(result), best]
print(json.dumps(out))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="+", help="source trees (folders holding reluexact/), first is the base")
    parser.add_argument("--cases", default="2x64:box,3x32:R,4x16:R,2x256:box", help="DxN:box|R, comma-separated")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    times: dict[str, dict[str, list[float]]] = {tree: {} for tree in args.trees}
    counts: dict[str, dict[str, int]] = {tree: {} for tree in args.trees}
    for _ in range(args.rounds):
        for tree in args.trees:
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, tree, str(args.repeats), args.cases],
                capture_output=True,
                text=True,
                check=True,
            )
            for case, (count, seconds) in json.loads(done.stdout.strip().splitlines()[-1]).items():
                times[tree].setdefault(case, []).append(seconds)
                counts[tree][case] = count
    first, last = args.trees[0], args.trees[-1]
    print("| case | regions | " + " | ".join(args.trees) + f" | {last} / {first} |")
    print("|---|---|" + "---|" * len(args.trees) + "---|")
    for case in args.cases.split(","):
        regions = {counts[tree][case] for tree in args.trees}
        cells = [", ".join(f"{s:.3f}" for s in times[tree][case]) + " s" for tree in args.trees]
        ratio = statistics.median(times[last][case]) / statistics.median(times[first][case])
        print(f"| {case} | {'/'.join(str(r) for r in sorted(regions))} | " + " | ".join(cells) + f" | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
