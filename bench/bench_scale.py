"""Benchmark: the cost curve of ``reluexact regions`` from 10^3 to 10^6 regions, d = 2..6 (issue 15 item 7).

For each case (a seeded random net in general position on all of R^d, integer weights / 1024,
so the region count is Zaslavsky's sum_{k <= d} C(n, k)) it runs the CLI in its own process,
``python -m reluexact regions MODEL --quiet --jsonl OUT`` (streaming output, written while the
engine runs), and prints:

* ``CPU s``: user + system seconds of that process (``os.wait4``; the machine is shared, so CPU
  time, not wall time), interpreter start-up and imports included;
* ``regions/s``: regions / CPU s;
* ``peak RSS MB`` and ``RSS B/region``: the process's maximum resident set size
  (``ru_maxrss`` of the child), and divided by the regions;
* ``store B/region``: :attr:`reluexact.regions.store.RegionStore.nbytes` / regions, the
  compact store of the same result (patterns, points, edges and side facets), filled straight
  from the engine by :func:`reluexact.regions.store.regions_store` in a second process (only
  for cases up to ``--store-max`` regions, to save time).

A case that exceeds ``--time-limit`` seconds stops cleanly (the CLI's own budget) and is marked
PARTIAL. ``--memory`` adds the memory target of issue 15: the random 4 x 48 net of
``bench/bench_output.py`` (213,053 regions, 832,512 edges) with ``--graph`` and ``--jsonl``,
target peak RSS under 1 GB.

Usage::

    python -u bench/bench_scale.py                  # the whole grid, smallest first
    python -u bench/bench_scale.py --max-regions 1e5 --memory
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reluexact.io import save_model  # noqa: E402
from reluexact.model import TwoLayerReLU  # noqa: E402

#: (d, n) per decade of regions, n chosen so that sum_{k <= d} C(n, k) lands near 10^3, 10^4, 10^5, 10^5.5, 10^6.
GRID = [
    (2, 44),
    (3, 18),
    (4, 13),
    (5, 11),
    (6, 10),
    (2, 140),
    (3, 39),
    (4, 22),
    (5, 17),
    (6, 15),
    (2, 446),
    (3, 84),
    (4, 40),
    (5, 27),
    (6, 21),
    (2, 795),
    (3, 123),
    (4, 54),
    (2, 1413),
    (3, 181),
]

STORE = """
import json, sys
sys.path.insert(0, {root!r})
from reluexact.io import load_model
from reluexact.regions.store import regions_store
store = regions_store(load_model({model!r}), progress=False, time_limit={limit!r})
print(json.dumps(dict(regions=len(store), nbytes=store.nbytes)))
"""


def _net(d: int, n: int, seed: int = 1) -> TwoLayerReLU:
    rng = random.Random(seed)
    W = [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(d)] for _ in range(n)]
    b = [Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n)]
    A = [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n)]]
    return TwoLayerReLU(W, b, A, [0])


def zaslavsky(d: int, n: int) -> int:
    """Regions of n hyperplanes in general position in R^d."""
    return sum(math.comb(n, k) for k in range(d + 1))


def _run(argv: list[str]) -> tuple[float, int, str]:
    """CPU seconds (user + system), peak RSS in bytes and stdout of a child process."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit(f"{' '.join(argv)} failed with {code}")
        out.seek(0)
        text = out.read().decode()
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, text


def _trailer(path: Path) -> dict[str, object]:
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4096))
        last = handle.read().decode().strip().splitlines()[-1]
    rec: dict[str, object] = json.loads(last)
    return rec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-regions", type=float, default=1.1e6, help="skip cases above this many regions")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds a case (the CLI's --time-limit)")
    parser.add_argument("--store-max", type=float, default=1.2e5, help="measure the store up to this many regions")
    parser.add_argument("--memory", action="store_true", help="also the 4 x 48 memory target (graph + JSON Lines)")
    parser.add_argument("--method", default="auto", choices=("auto", "lattice", "walk"))
    args = parser.parse_args()
    print("CPU seconds are user + system of the child (the machine is shared); RSS is its ru_maxrss.")
    print(f"command per case: python -m reluexact regions MODEL --quiet --jsonl OUT --method {args.method}\n")
    head = ["d", "n", "regions", "edges", "CPU s", "regions/s", "peak RSS MB", "RSS B/region", "store B/region"]
    print(" | ".join(head))
    print(" | ".join("---" for _ in head), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for d, n in GRID:
            if zaslavsky(d, n) > args.max_regions:
                continue
            model = Path(tmp) / f"m{d}x{n}.json"
            save_model(_net(d, n), model)
            out = Path(tmp) / "r.jsonl"
            argv = [sys.executable, "-m", "reluexact", "regions", str(model), "--quiet", "--force"]
            argv += ["--jsonl", str(out), "--method", args.method, "--time-limit", str(args.time_limit)]
            seconds, rss, _ = _run(argv)
            end = _trailer(out)
            R = int(end["regions"])  # type: ignore[call-overload]
            store = "-"
            if args.store_max >= R:
                code = STORE.format(root=str(ROOT), model=str(model), limit=args.time_limit)
                _, _, text = _run([sys.executable, "-c", code])
                got = json.loads(text)
                store = f"{got['nbytes'] / got['regions']:.0f}"
            mark = "" if end["complete"] else " PARTIAL (time limit)"
            row = [str(d), str(n), f"{R}{mark}", str(end["edges"]), f"{seconds:.1f}", f"{R / seconds:.0f}"]
            row += [f"{rss / 2**20:.0f}", f"{rss / R:.0f}", store]
            print(" | ".join(row), flush=True)
            out.unlink()
        if args.memory:
            model = Path(tmp) / "m4x48.json"
            save_model(_net(4, 48), model)
            argv = [sys.executable, "-m", "reluexact", "regions", str(model), "--quiet", "--force"]
            argv += ["--graph", f"{tmp}/g.graphml", "--jsonl", f"{tmp}/r.jsonl"]
            seconds, rss, _ = _run(argv)
            end = _trailer(Path(tmp) / "r.jsonl")
            verdict = "met" if rss < 10**9 else "NOT met"
            print(
                f"\n4 x 48 with --graph and --jsonl: {end['regions']} regions, {end['edges']} edges, "
                f"{seconds:.0f} s CPU, peak RSS {rss / 2**20:.0f} MiB ({rss / 1e9:.2f} GB; target < 1 GB: {verdict}), "
                f"{rss / int(end['regions']):.0f} B/region",  # type: ignore[call-overload]
                flush=True,
            )


if __name__ == "__main__":
    main()
