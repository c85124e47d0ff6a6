"""Benchmark: the cost curve of enumeration from 10^3 to 10^6 regions, d = 2..6 (issue 15 items 4 and 7).

Nets: ``bench_peers.make_net(d, n, "R")`` (seeded random weights, biases and output weights,
integers / 1024, so exact in every float type and the same nets the peers see), domain all of
R^d, in general position, so the region count is Zaslavsky's sum_{k <= d} C(n, k); n is chosen
so that it lands near 10^3, 10^4, 10^5 and 10^6 for each d = 2..6, plus d = 8, n = 16 and
d = 10, n = 20 (issue 15 item 4).

Default table: each case in a fresh child process running
:func:`reluexact.regions.store.regions_store` (``method="auto"``, no budget: what the CLI's
writers go through), printing

* ``method``: the certificate's method (``planar``, ``general-position-sweep``, ...);
* ``CPU s``: ``time.process_time()`` of the enumeration in the child (imports excluded; CPU,
  not wall time, because the machine is shared);
* ``regions/s``: regions / CPU s;
* ``peak RSS MB`` and ``RSS B/region``: the child's ``ru_maxrss`` (``RUSAGE_SELF``, imports and
  the interpreter's ~90 MB included), and divided by the regions;
* ``store B/region``: :attr:`reluexact.regions.store.RegionStore.nbytes` / regions (patterns,
  points, edges with their facet points, side facets: the whole result, graph included);
* with ``--peers``: each peer's CPU seconds (its own process, ``bench_peers.peer``, best of 2:
  the first run includes the peer's import, ~2.4 s for affinitree; one run when that is slow)
  and regions/s, for cases up to ``--peer-max`` regions and within ``--cap`` wall seconds.

``--cli FORMAT`` runs the whole CLI instead (``python -m reluexact regions MODEL --quiet
--parquet DIR`` or ``--jsonl FILE``) and prints its CPU (user + system of the child, start-up
and imports included), peak RSS (the child's ``ru_maxrss``) and the size of what it wrote.
``--methods`` prints the crossover table: ``regions(net, method=m)`` for m = lattice, walk,
sweep (and planar, d = 2) in a fresh child each, the lattice and walk with ``time_limit=--cap``
(the sweep takes no budget). ``--memory`` adds the 4 x 48 CLI run with ``--graph`` and
``--jsonl`` (issue 15 item 1: peak RSS under 1 GB).

Usage::

    python -u bench/bench_scale.py                                  # the scale table (about 40 CPU min)
    python -u bench/bench_scale.py --max-regions 2e5 --peers affinitree --venv bench/.venv-peers
    python -u bench/bench_scale.py --only "6 x 32" --cli parquet
    python -u bench/bench_scale.py --methods
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_peers import make_net, peer, spec_of  # noqa: E402

from reluexact.io import save_model  # noqa: E402

#: (d, n): Zaslavsky's count near 10^3, 10^4, 10^5, 10^6 for each d, then the issue's high-d points.
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
    (2, 1413),
    (3, 181),
    (4, 70),
    (5, 42),
    (6, 32),
    (8, 16),
    (10, 20),
]

#: The crossover cases of ``--methods`` (R^d).
METHOD_CASES = [(2, 64), (2, 256), (3, 32), (4, 16), (4, 32), (5, 20), (6, 16), (8, 16)]

STORE = """
import json, resource, sys, time
sys.path[:0] = [{root!r}, {here!r}]
from bench_peers import make_net
from reluexact.regions.store import regions_store
net = make_net({d}, {n}, "R")
t = time.process_time()
store = regions_store(net, progress=False)
cpu = time.process_time() - t
print(json.dumps(dict(regions=len(store), edges=len(store.edge_groups), complete=store.complete,
    method=store.certificate.method, cpu=cpu, nbytes=store.nbytes,
    rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)))
"""

METHOD = """
import json, sys, time
sys.path[:0] = [{root!r}, {here!r}]
from bench_peers import make_net
from reluexact.regions import regions
net = make_net({d}, {n}, "R")
method, cap = {method!r}, {cap!r}
t = time.process_time()
res = regions(net, method="auto" if method == "planar" else method, progress=False,
              time_limit=None if method in ("sweep", "planar") else cap)
cpu = time.process_time() - t
print(json.dumps(dict(regions=len(res), complete=res.complete, method=res.certificate.method, cpu=cpu)))
"""


def zaslavsky(d: int, n: int) -> int:
    """Regions of n hyperplanes in general position in R^d."""
    return sum(math.comb(n, k) for k in range(d + 1))


def _run(argv: list[str]) -> tuple[float, int, str]:
    """CPU seconds (user + system), peak RSS in bytes and stdout of a child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(argv, stdout=out, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read().decode(errors="replace")
        if code != 0:
            raise SystemExit(f"{' '.join(argv[:4])} ... failed with {code}: {err[-500:]}")
        out.seek(0)
        text = out.read().decode()
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, text


def _child(code: str) -> dict[str, object]:
    _, _, text = _run([sys.executable, "-c", code])
    got: dict[str, object] = json.loads(text.strip().splitlines()[-1])
    return got


def _cases(args: argparse.Namespace, grid: list[tuple[int, int]]) -> list[tuple[int, int]]:
    picked = [c for c in grid if zaslavsky(*c) <= args.max_regions]
    if args.only:
        picked = [c for c in grid if f"{c[0]} x {c[1]}" in args.only.split(",")]
    return picked


def scale_table(args: argparse.Namespace) -> None:
    names = [p for p in (args.peers or "").split(",") if p]
    python = Path(args.venv) / "bin" / "python"
    if names and not python.exists():
        print(f"no peers venv at {args.venv}: run `bash bench/setup_peers.sh`; no peer columns", file=sys.stderr)
        names = []
    print("regions_store(make_net(d, n, 'R'), progress=False) in a fresh process per case; CPU s = process_time of")
    print("the enumeration (the machine is shared: CPU, not wall); peak RSS = the child's ru_maxrss (imports included)")
    if names:
        print(f"peers: best of 2 runs in their own process (CPU s), up to {args.peer_max:.0f} regions,", end=" ")
        print(f"cap {args.cap:.0f} s wall")
    print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    head = ["d", "n", "regions", "edges", "method", "CPU s", "regions/s", "peak RSS MB", "RSS B/region"]
    head += ["store B/region"]
    head += [f"{p} s (regions/s)" for p in names]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head), flush=True)
    for d, n in _cases(args, GRID):
        got = _child(STORE.format(root=str(ROOT), here=str(HERE), d=d, n=n))
        count, cpu, rss = int(got["regions"]), float(got["cpu"]), int(got["rss"])  # type: ignore[call-overload,arg-type]
        # fewer than Zaslavsky's count: the net is not in general position (parallel or concurrent lines)
        exact = "" if count == zaslavsky(d, n) else f" (general position: {zaslavsky(d, n):,})"
        exact += "" if got["complete"] else " PARTIAL"
        row = [str(d), str(n), f"{count:,}{exact}", f"{got['edges']:,}", str(got["method"]), f"{cpu:.1f}"]
        held = int(got["nbytes"])  # type: ignore[call-overload]
        row += [f"{count / cpu:,.0f}", f"{rss / 2**20:,.0f}", f"{rss / count:,.0f}", f"{held / count:,.0f}"]
        for name in names:
            if count > args.peer_max:
                row.append("-")
                continue
            # best of 2: the first run pays the peer's import (affinitree: ~2.4 CPU s); one run if it is slow
            res = peer(python, name, spec_of(make_net(d, n, "R"), "R"), 2, args.cap)
            if isinstance(res, str):
                row.append(res)
            else:
                mark = "" if res[1] == count else f", {res[1]:,} WRONG"
                row.append(f"{res[0]:.1f} ({res[1] / res[0]:,.0f}{mark})" if res[0] > 0 else f"0 ({res[1]:,})")
        print("| " + " | ".join(row) + " |", flush=True)


def cli_table(args: argparse.Namespace) -> None:
    print(f"python -m reluexact regions MODEL --quiet --{args.cli} OUT in its own process; CPU = user + system of")
    print("the child (start-up and imports included), peak RSS = its ru_maxrss\n")
    print("| d | n | regions | CPU s | regions/s | peak RSS MB | RSS B/region | output MB |")
    print("|---|---|---|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for d, n in _cases(args, GRID):
            model = Path(tmp) / f"m{d}x{n}.json"
            save_model(make_net(d, n, "R"), model)
            out = Path(tmp) / ("out" if args.cli == "parquet" else "out.jsonl")
            argv = [sys.executable, "-m", "reluexact", "regions", str(model), "--quiet", "--force"]
            seconds, rss, _ = _run([*argv, f"--{args.cli}", str(out)])
            size = sum(p.stat().st_size for p in out.rglob("*")) if out.is_dir() else out.stat().st_size
            R = zaslavsky(d, n)
            print(
                f"| {d} | {n} | {R:,} | {seconds:.1f} | {R / seconds:,.0f} | {rss / 2**20:,.0f} | {rss / R:,.0f} "
                f"| {size / 2**20:,.0f} |",
                flush=True,
            )
            if out.is_dir():
                for p in out.iterdir():
                    p.unlink()
                out.rmdir()
            else:
                out.unlink()


def methods_table(args: argparse.Namespace) -> None:
    print("regions(make_net(d, n, 'R'), method=m) in a fresh process per case and method; CPU s (process_time);")
    print(f"lattice and walk stop at time_limit={args.cap:.0f} s (wall); the sweep takes no budget\n")
    print("| d x n, R^d | regions | planar s | lattice s | walk s | sweep s | auto picks |")
    print("|---|---|---|---|---|---|---|", flush=True)
    cases = [c for c in METHOD_CASES if not args.only or f"{c[0]} x {c[1]}" in args.only.split(",")]
    for d, n in cases:
        cells = []
        for method in ("planar", "lattice", "walk", "sweep"):
            if (method == "planar" and d != 2) or (method == "sweep" and d < 3):
                cells.append("-")
                continue
            got = _child(METHOD.format(root=str(ROOT), here=str(HERE), d=d, n=n, method=method, cap=args.cap))
            cpu = float(got["cpu"])  # type: ignore[arg-type]
            cells.append(f"{cpu:.2f}" if got["complete"] else f"stopped at {cpu:.0f} s ({got['regions']:,} regions)")
        auto = _child(METHOD.format(root=str(ROOT), here=str(HERE), d=d, n=n, method="auto", cap=None))
        print(f"| {d} x {n} | {zaslavsky(d, n):,} | " + " | ".join(cells) + f" | {auto['method']} |", flush=True)


def memory_case() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "m4x48.json"
        save_model(make_net(4, 48, "R"), model)
        argv = [sys.executable, "-m", "reluexact", "regions", str(model), "--quiet", "--force"]
        argv += ["--graph", f"{tmp}/g.graphml", "--jsonl", f"{tmp}/r.jsonl"]
        seconds, rss, _ = _run(argv)
        R = zaslavsky(4, 48)
        verdict = "met" if rss < 10**9 else "NOT met"
        print(
            f"\n4 x 48 with --graph and --jsonl: {R} regions, {seconds:.0f} s CPU, peak RSS {rss / 2**20:.0f} MiB "
            f"({rss / 1e9:.2f} GB; target < 1 GB: {verdict}), {rss / R:.0f} B/region",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-regions", type=float, default=1.2e6, help="skip cases above this many regions")
    parser.add_argument("--only", default=None, help="only these cases, e.g. '6 x 32,10 x 20'")
    parser.add_argument("--peers", default=None, help="comma-separated: affinitree (R^d; regioncam takes boxes only)")
    parser.add_argument("--venv", default=str(HERE / ".venv-peers"), help="the peers' venv (setup_peers.sh)")
    parser.add_argument("--peer-max", type=float, default=1.2e5, help="run the peers up to this many regions")
    parser.add_argument("--cap", type=float, default=150.0, help="wall seconds a peer (or, --methods, a method)")
    parser.add_argument("--cli", choices=("jsonl", "parquet"), default=None, help="time the whole CLI instead")
    parser.add_argument("--methods", action="store_true", help="the crossover table of lattice / walk / sweep")
    parser.add_argument("--memory", action="store_true", help="also the 4 x 48 memory target (graph + JSON Lines)")
    args = parser.parse_args()
    if args.methods:
        methods_table(args)
    elif args.cli:
        cli_table(args)
    else:
        scale_table(args)
    if args.memory:
        memory_case()


if __name__ == "__main__":
    main()
