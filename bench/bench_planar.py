"""Benchmark: the planar path (d = 2) phase by phase, CPU seconds (issue 15, target 5).

The nets of ``bench/bench_peers.py`` (``make_net(2, n, "box")``: integer weights / 1024, the box
[-1, 1]^2). Per size: the fast path's raw enumeration (``planar_raw``), its structural
certificate (``certify_structure``), the whole ``planar_regions`` (with ``assemble``) and
``regions()`` as a user calls it; best of ``--repeats`` runs of ``time.process_time`` (CPU of
this process, so other load on a shared machine distorts little). ``--repo`` imports reluexact
from another checkout (for a before / after table in the same minutes)::

    python bench/bench_planar.py                       # 2 x 64 and 2 x 256
    python bench/bench_planar.py --sizes 256 1000 --repeats 1
    python bench/bench_planar.py --repo /work/main     # the same table for another checkout
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent


def best(f: Callable[[], object], repeats: int) -> float:
    """Best CPU seconds of ``repeats`` calls."""
    out = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        f()
        out = min(out, time.process_time() - t)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[64, 256])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--repo", type=Path, default=HERE.parent, help="checkout whose reluexact is imported")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.repo.resolve()))
    reluexact = importlib.import_module("reluexact")  # before bench_peers, which puts this checkout first
    sys.path.insert(1, str(HERE))
    from bench_peers import make_net

    from reluexact.regions import regions
    from reluexact.regions.arrangements import arrangement
    from reluexact.regions.planar import certify_structure, planar_raw, planar_regions

    print(f"reluexact from {Path(reluexact.__file__).parent}; CPU seconds (time.process_time), best of {args.repeats}")
    print("| net | regions | planar_raw | certify_structure | planar_regions | regions() |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        net = make_net(2, n, "box")
        arr = arrangement(net, domain="-1,1")
        raw = planar_raw(arr, path="fast")
        assert raw is not None
        t_raw = best(partial(planar_raw, arr, path="fast"), args.repeats)
        t_cert = best(partial(certify_structure, raw), args.repeats)
        t_pr = best(partial(planar_regions, arr), args.repeats)
        t_reg = best(partial(regions, net, domain="-1,1", progress=False), args.repeats)
        print(f"| 2 x {n} | {len(raw.found):,} | {t_raw:.3f} | {t_cert:.3f} | {t_pr:.3f} | {t_reg:.3f} |", flush=True)


if __name__ == "__main__":
    main()
