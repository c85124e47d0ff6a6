"""Benchmark: exact region enumeration, reluexact vs the naive method (and SageMath where installed).

The naive method is incremental splitting: add the hyperplanes one by one and test, for every current
cell and both sides of the new hyperplane, whether the cell survives with one exact LP each
(``max t  s.t.  s_j (w_j . x + b_j) - t >= 0, t <= 1``; non-empty iff t* > 0), solved by cddlib's GMP
LP (``cdd.gmp``; extra ``[cdd]``), or by reluexact's pure-Python exact simplex if pycddlib is missing.
Both run in this process on the same seeded arrangements (integer w, b in [-1000, 1000], general
position), and both must find the same sign vectors. SageMath's ``HyperplaneArrangement.regions()``
runs in its own venv (``.venv-oracle``, ``passagemath-polyhedra``) through ``bench/sage_regions.py``.

Usage::

    PYTHONPATH=. python bench/bench_regions.py            # the full table
    PYTHONPATH=. python bench/bench_regions.py --quick    # small cases only

Timings are CPU seconds of this process (``time.process_time``, BLAS limited to one thread), so
that other load on a shared machine does not distort the ratios; ours is the best of 3 runs, the
naive method runs once, Sage reports the CPU time of its ``regions()`` call.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx  # noqa: E402, F401  (imported up front: its import time is not part of a run)

from reluexact.model import TwoLayerReLU  # noqa: E402
from reluexact.regions import regions  # noqa: E402
from reluexact.regions.graph import adjacency_graph  # noqa: E402


def arrangement(d: int, n: int, seed: int = 1) -> tuple[list[list[int]], list[int]]:
    rng = random.Random(seed)
    W = [[rng.randint(-1000, 1000) for _ in range(d)] for _ in range(n)]
    b = [rng.randint(-1000, 1000) for _ in range(n)]
    return W, b


def naive_regions(W: list[list[int]], b: list[int], *, engine: str) -> set[tuple[int, ...]]:
    """Incremental splitting with one exact LP per (cell, side of the new hyperplane)."""
    d = len(W[0])
    if engine == "cdd":
        import cdd
        import cdd.gmp

        def nonempty(signs: tuple[int, ...]) -> bool:
            # integer rows (cdd.gmp takes int or Fraction; the data are integers)
            rows = [[s * b[j], *(s * w for w in W[j]), -1] for j, s in enumerate(signs)]
            rows.append([1] + [0] * d + [-1])  # t <= 1
            rows.append([0] * (d + 1) + [1])  # objective: max t
            lp = cdd.gmp.linprog_from_array(rows, cdd.LPObjType.MAX)
            cdd.gmp.linprog_solve(lp)
            return lp.status == cdd.LPStatusType.OPTIMAL and lp.obj_value > 0

    else:
        from reluexact.lp import strict_feasible_point

        def nonempty(signs: tuple[int, ...]) -> bool:
            A = [[s * w for w in W[j]] for j, s in enumerate(signs)]
            c = [s * b[j] for j, s in enumerate(signs)]
            return strict_feasible_point(A, c) is not None

    cells: list[tuple[int, ...]] = [()]
    for _j in range(len(W)):
        new = []
        for cell in cells:
            for s in (1, -1):
                cand = (*cell, s)
                if nonempty(cand):
                    new.append(cand)
        cells = new
    return set(cells)


def ours(W: list[list[int]], b: list[int], *, graph: bool) -> tuple[set[tuple[int, ...]], float, int]:
    n = len(W)
    net = TwoLayerReLU(W, b, [[1] * n], [0])
    dt = math.inf
    for _ in range(3):
        t = time.process_time()
        res = regions(net, progress=False)
        if graph:
            adjacency_graph(res)
        dt = min(dt, time.process_time() - t)
    signs = {tuple(1 if ch == "1" else -1 for ch in r.pattern) for r in res}
    return signs, dt, len(res.edges)


def sage(W: list[list[int]], b: list[int], *, python: Path) -> dict[str, float] | None:
    doc = {"d": len(W[0]), "hyperplanes": [[str(bv), *map(str, w)] for w, bv in zip(W, b, strict=True)]}
    doc["regions"] = True
    try:
        proc = subprocess.run(
            [str(python), str(ROOT / "bench" / "sage_regions.py")],
            input=json.dumps(doc),
            capture_output=True,
            text=True,
            timeout=900,
            check=True,
        )
    except (subprocess.SubprocessError, OSError) as error:
        print(f"  sage failed: {error}", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small cases only")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive method")
    parser.add_argument("--no-sage", action="store_true", help="skip SageMath")
    parser.add_argument("--cases", help="comma-separated d x n cases to run, e.g. 3x32,4x16 (default: all)")
    args = parser.parse_args()
    try:
        import cdd.gmp  # noqa: F401

        engine = "cdd"
    except ImportError:
        engine = "simplex"
    sage_python = Path(os.environ.get("RELUEXACT_ORACLE_PYTHON", ROOT / ".venv-oracle" / "bin" / "python"))
    if not sage_python.exists():
        alt = Path("/work/main/.venv-oracle/bin/python")
        sage_python = alt if alt.exists() else sage_python
    have_sage = sage_python.exists() and not args.no_sage
    cases = [(2, 16, True, True), (2, 64, True, True), (3, 32, True, True), (4, 16, True, True)]
    if not args.quick:
        cases += [(2, 128, False, True), (2, 256, False, False), (4, 32, False, False)]
    if args.cases:
        wanted = {tuple(int(v) for v in c.split("x")) for c in args.cases.split(",")}
        cases = [c for c in cases if (c[0], c[1]) in wanted]
    print(f"naive engine: {engine} (incremental splitting, 2 exact LPs per cell and hyperplane)")
    print(f"sage: {sage_python if have_sage else 'not installed'}")
    head = (
        f"{'d x n':>7} {'regions':>8} {'edges':>7} | {'naive s':>8} {'naive r/s':>9} | {'ours s':>7} "
        f"{'ours r/s':>9} {'+graph s':>8} | {'x naive':>7} | {'sage s':>7} {'x sage':>6}"
    )
    print(head)
    print("-" * len(head))
    for d, n, run_naive, run_sage in cases:
        W, b = arrangement(d, n)
        mine, t_ours, n_edges = ours(W, b, graph=False)
        _, t_graph, _ = ours(W, b, graph=True)
        assert len(mine) == sum(math.comb(n, k) for k in range(d + 1)), "count differs from Zaslavsky"
        t_naive = None
        if run_naive and not args.no_naive:
            t = time.process_time()
            theirs = naive_regions(W, b, engine=engine)
            t_naive = time.process_time() - t
            assert theirs == mine, "naive and ours disagree"
        t_sage = None
        if have_sage and run_sage:
            res = sage(W, b, python=sage_python)
            if res is not None:
                assert res["n_regions"] == len(mine), "sage disagrees"
                t_sage = res.get("seconds_regions")
        R = len(mine)
        naive_s = f"{t_naive:8.2f} {R / t_naive:9.0f}" if t_naive else f"{'-':>8} {'-':>9}"
        ratio = f"{t_naive / t_ours:7.1f}" if t_naive else f"{'-':>7}"
        sage_s = f"{t_sage:7.2f} {t_sage / t_graph:6.1f}" if t_sage else f"{'-':>7} {'-':>6}"
        print(
            f"{d:>3} x {n:<3} {R:>8} {n_edges:>7} | {naive_s} | {t_ours:7.2f} {R / t_ours:9.0f} {t_graph:8.2f} | "
            f"{ratio} | {sage_s}",
            flush=True,
        )
    print("ours = regions() with certified points, facets and exact affine maps; +graph adds adjacency_graph()")
    print("x sage = sage regions() time / ours-with-graph time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
