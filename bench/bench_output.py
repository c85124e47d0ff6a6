"""Benchmark: ``reluexact regions`` end to end per output format, against ``regions()`` + ``adjacency_graph()``.

For each net (seeded, weights integers / 1024, so exact in every float type) it prints:

* ``engine``: CPU seconds of ``regions()`` + ``adjacency_graph()`` in one process (imports excluded;
  the least of ``--repeat`` runs, each in a new process);
* per format, the CPU seconds of the whole CLI run in its own process (``python -m reluexact
  regions MODEL --quiet`` plus the format's option; interpreter start and imports included; the
  least of ``--repeat`` runs) and its ratio to ``engine`` (issue 15's target: at most 1.5);
* ``old``: the writers before issue 15 (networkx GraphML + the indented JSON encoder) in one
  process, for comparison;
* bytes a region: the CLI's peak RSS (with ``--jsonl``), the in-memory ``RegionsResult`` (RSS
  growth of ``regions()``) and the compact ``RegionStore`` (its arrays), each divided by the
  number of regions; regions per second of ``regions()``.

CPU times are user + system of the child (``os.wait4``), single BLAS thread. The package is
byte-compiled first (``compileall``), as an installed wheel is: where ``PYTHONDONTWRITEBYTECODE``
is set (it is on this workplace's machines) every child would otherwise compile the package
from source again (about 0.15 s CPU a run).

Usage::

    PYTHONPATH=. python bench/bench_output.py            # the table
    PYTHONPATH=. python bench/bench_output.py --quick    # small cases only
    PYTHONPATH=. python bench/bench_output.py --case 4x48 --formats jsonl   # one case
"""

from __future__ import annotations

import argparse
import json
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

CASES = {
    "2x64": (2, 64),
    "2x128": (2, 128),
    "2x256": (2, 256),
    "3x40": (3, 40),
    "4x16": (4, 16),
    "4x32": (4, 32),
    "2x512": (2, 512),
    "4x48": (4, 48),
}
QUICK = ("2x64", "4x16")
DEFAULT = ("2x64", "2x128", "2x256", "3x40", "4x16", "4x32")
FORMATS = {
    "text": [],
    "json": ["--json"],
    "graphml": ["--graph", "{tmp}/g.graphml"],
    "jsonl": ["--jsonl", "{tmp}/r.jsonl"],
    "parquet": ["--parquet", "{tmp}/pq"],
    "json+graphml": ["--json", "--graph", "{tmp}/g.graphml"],
}

ENGINE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
import networkx
from reluexact.io import load_model
from reluexact.regions import regions, adjacency_graph
from reluexact.regions._engine import resident_bytes
from reluexact.regions.store import RegionStore
net = load_model({model!r})
before = resident_bytes()
t0 = time.process_time()
res = regions(net, progress=False)
t1 = time.process_time()
held = resident_bytes() - before
G = adjacency_graph(res)
t2 = time.process_time()
del G
store = RegionStore.from_result(res)
out = dict(regions=len(res), edges=len(res.edges), enum=t1 - t0, graph=t2 - t1, held=held, store=store.nbytes)
if {old}:
    import io, contextlib
    from reluexact.interop.regions_json import regions_to_json, write_graphml
    t3 = time.process_time()
    write_graphml(adjacency_graph(res), {tmp!r} + "/old.graphml")
    json.dumps(regions_to_json(res), indent=2)
    out["old"] = time.process_time() - t3 + out["enum"]
print(json.dumps(out))
"""


def _net(d: int, n: int, seed: int = 1) -> TwoLayerReLU:
    rng = random.Random(seed)
    W = [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(d)] for _ in range(n)]
    b = [Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n)]
    A = [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n)]]
    return TwoLayerReLU(W, b, A, [0])


def _run(argv: list[str]) -> tuple[float, int, str]:
    """CPU seconds (user + system), peak RSS in bytes and stdout of a child process."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed with {proc.returncode}")
        out.seek(0)
        text = out.read().decode()
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--case", action="append", choices=sorted(CASES))
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, of " + ",".join(FORMATS))
    parser.add_argument("--no-old", action="store_true", help="skip the pre-issue-15 writers")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the engine and of each format; the least CPU counts (default 3)"
    )
    args = parser.parse_args()
    cases = args.case or (QUICK if args.quick else DEFAULT)
    formats = [f for f in args.formats.split(",") if f]
    head = ["case", "regions", "edges", "engine s", "reg/s", "old x"] + [f"{f} x" for f in formats]
    head += ["CLI B/reg", "result B/reg", "store B/reg"]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reluexact")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        save_model(TwoLayerReLU([[1]], [0], [[1]], [0]), f"{tmp}/one.json")
        startup, _, _ = _run([sys.executable, "-m", "reluexact", "regions", f"{tmp}/one.json", "--quiet"])
    print(f"CLI start-up (interpreter, imports, a 1-unit net): {startup:.2f} s CPU, included in every CLI ratio\n")
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for name in cases:
        d, n = CASES[name]
        with tempfile.TemporaryDirectory() as tmp:
            model = f"{tmp}/m.json"
            save_model(_net(d, n), model)
            code = ENGINE.format(root=str(ROOT), model=model, tmp=tmp, old=not args.no_old)
            runs = [json.loads(_run([sys.executable, "-c", code])[2]) for _ in range(max(1, args.repeat))]
            eng = min(runs, key=lambda r: r["enum"] + r["graph"])
            base = eng["enum"] + eng["graph"]
            R = eng["regions"]
            row = [name, str(R), str(eng["edges"]), f"{base:.2f}", f"{R / eng['enum']:.0f}"]
            row.append(f"{eng['old'] / base:.2f}" if "old" in eng else "-")
            peak = 0
            for fmt in formats:
                extra = [a.format(tmp=tmp) for a in FORMATS[fmt]]
                argv = [sys.executable, "-m", "reluexact", "regions", model, "--quiet", "--force", *extra]
                seconds, rss, _ = min(_run(argv) for _ in range(max(1, args.repeat)))
                row.append(f"{seconds / base:.2f}")
                if fmt == "jsonl" or not peak:
                    peak = rss
            row += [f"{peak / R:.0f}", f"{eng['held'] / R:.0f}", f"{eng['store'] / R:.0f}"]
            print(" | ".join(row), flush=True)


if __name__ == "__main__":
    main()
