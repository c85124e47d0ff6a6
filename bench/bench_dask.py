"""Distributed region enumeration (reluexact.regions.distributed): speed-up, task sizes, projection.

Part 1 (``--part 1``, about 3-4 minutes on a quiet 2-core machine), measured on a real
``reluexact.regions.distributed.local_cluster(1|2)`` (what ``--workers N`` starts: processes, one
thread each), warm (started, and one small run done, before the clock): for d = 3 n = 48 and
d = 4 n = 32 (random integer weights in [-1000, 1000]), on all of R^d and on the box [-1, 1]^d, wall-clock seconds of

* the plain single-process ``regions()`` (the baseline),
* ``regions_distributed`` with 1 worker (1 task, its best plan; and 2 tasks, the same plan as 2 workers),
* ``regions_distributed`` with 2 workers (2 tasks and 4 tasks),

one run each, every result checked equal to the serial one (canonical numbering). Then the ratios
(1 worker / 2 workers on the same plan; serial / 2 workers) and, for the 2-worker runs, the task
sizes (regions and CPU seconds per task, measured in the workers: min / median / max), the
critical path (the largest task's CPU + the driver's CPU after the last part arrived) and the
2-core bound max(largest task, task sum / 2) + that tail: what two idle cores need at least, so
serial CPU / 2-core bound is the best speed-up the measured work allows. The load (``uptime``)
is printed before and after: on a shared machine the wall times are depressed, the CPU columns
less so.

Part 2, a simulated projection to 8, 32 and 128 workers: every task of a plan with T cells is run
in this process and timed (CPU seconds); the driver's merge of those results is timed too; a
list scheduler (a free worker takes the next task, as Dask does) gives the makespan for w workers.
The projected speed-up is serial time / (makespan + merge). Default size d = 4 n = 32. ``--box``
sets the domain and ``--subset K`` runs only K tasks per plan, at least an eighth of it (spread
over the plan's estimates, smallest to largest; the cost of every task not run is predicted by a
least-squares line in its estimate through the measured ones, the merge estimated per region):
d = 6 n = 64 is measured that way on a small box, against one worker running the smallest plan
(no serial run at d >= 6).

Usage::

    python bench/bench_dask.py --part 1           # the speed-up table (LocalCluster)
    python bench/bench_dask.py --part 2 --d 4 --n 32 --plans 8,32,128
    python bench/bench_dask.py --part 2 --d 6 --n 64 --box=-3/20,3/20 --plans 8,32,128 --subset 3
    python bench/bench_dask.py --part 3 --repeat 11  # the distributed sweep in R^d (3 x 48, 4 x 32)

Part 3, the distributed sweep (R^d in general position; ``regions_distributed``'s default there):
the serial ``regions()`` (itself the general-position sweep) against 1 worker (1 and 2 tasks per
phase) and 2 workers (2 and 4; one task per worker is the default), interleaved, every result
checked equal; best and median wall seconds of the repeats, and the median of each repeat's own
ratio; then where the time
goes: the tasks' CPU seconds (measured in the workers), the driver's CPU between the phases and
after the last part (its tail: joining the parts' columns, ``result_from_columns``), the critical
path and the 2-core bound max(critical path, all CPU / 2): on a machine shared with other
sessions the wall times are noisy, the CPU columns less so.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import heapq
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reluexact.regions import arrangement, regions
from reluexact.regions import distributed as dist
from tests.regions.oracles import random_net


def _key(res):
    """Everything but the certified points (which may differ), in id order."""
    return (
        [(r.pattern, r.gradient, r.offset, tuple((f.label, f.neighbor) for f in r.facets)) for r in res],
        [(e.a, e.b, e.units) for e in res.edges],
    )


@contextlib.contextmanager
def _frozen():
    """The objects alive now (the serial result's comparison key: millions) out of the collector's reach.

    Else the first distributed run after the key is built pays a full collection of them (0.3 s at
    4 x 32): the bench's cost, not the run's. Collected again after the block.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.collect()


def _same(a, b) -> bool:
    return _key(a) == _key(b)


def _spread(values: list[float]) -> str:
    return f"{min(values):.3g} / {statistics.median(values):.3g} / {max(values):.3g}"


def _tasks(net, domain, tasks: int, subset: int | None = None) -> dict:
    """Run the tasks of a plan in this process: outputs, CPU s per task, merge CPU s (None for a subset), cells.

    With ``subset``, only that many tasks are run, spread over the plan's range of estimates (sample
    points per cell: the smallest, the largest and evenly between); the merge needs all.
    """
    whole = arrangement(net, domain=domain)
    cells = dist.plan_cells(whole, tasks)
    chosen = list(cells)
    if subset is not None:
        subset = max(subset, len(cells) // 8)  # and at least an eighth of a big plan (its tasks are small)
    if subset is not None and subset < len(cells):
        by_size = sorted(cells, key=lambda c: c.estimate)
        picks = sorted({round(k * (len(cells) - 1) / max(1, subset - 1)) for k in range(subset)})
        chosen = [by_size[k] for k in picks]
    outs, costs = [], []
    for c in chosen:
        t = time.process_time()
        outs.append(dist._run_cell({"net": net, "domain": whole.domain, "cell": c}))
        outs[-1]["n_regions"] = len(outs[-1]["masks"])
        costs.append(time.process_time() - t)
    merge = None
    if len(chosen) == len(cells):
        t = time.process_time()
        dist._merge(whole, list(cells), outs, time.monotonic())
        merge = time.process_time() - t
    return {"outs": outs, "costs": costs, "merge": merge, "cells": cells, "chosen": chosen}


def _predicted(run: dict) -> tuple[list[float], str]:
    """Every task's cost of a subset run: a least-squares line cost = a + b * estimate through the measured ones."""
    x = np.array([c.estimate for c in run["chosen"]], dtype=float)
    y = np.array(run["costs"])
    if len(set(x.tolist())) < 2:
        b, a = 0.0, float(y.mean())
    else:
        b, a = (float(v) for v in np.polyfit(x, y, 1))
        b = max(b, 0.0)
        a = float(y.mean() - b * x.mean()) if b == 0.0 else a
    floor = float(y.min()) / 2
    measured = {c.index: cost for c, cost in zip(run["chosen"], run["costs"], strict=True)}
    costs = [measured.get(c.index, max(floor, a + b * c.estimate)) for c in run["cells"]]
    return costs, f"the others: cost = {a:.2f} + {b:.4f} x sample points, at least {floor:.2f} s"


def _makespan(costs: list[float], workers: int) -> float:
    free = [0.0] * workers
    heapq.heapify(free)
    for c in costs:  # Dask hands the next task to the first free worker
        heapq.heappush(free, heapq.heappop(free) + c)
    return max(free)


def _uptime() -> str:
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


def _distributed_run(net, domain, tasks: int, client) -> dict:
    """One timed ``regions_distributed`` run (its internals, to see the parts).

    Returns the result, the wall seconds, the parts (CPU seconds measured in the worker, split into
    engine / certification / packing), the driver's CPU seconds over the whole run and after the last
    part arrived (the tail), and when the first and the last part arrived (wall seconds from the start).
    """
    t, c = time.monotonic(), time.process_time()
    whole, planned = dist._prepare(net, domain, tasks, client)
    cells = list(planned)
    parts: list[dict] = []
    arrived: list[tuple[float, float]] = []

    def collect(gen):
        for o in gen:
            arrived.append((time.monotonic() - t, time.process_time()))
            parts.append({"cpu": o["cpu"], "split": o["cpu_split"], "regions": len(o["masks"]), "kept": o["kept"]})
            yield o

    base = {"net": net, "domain": whole.domain}
    res = dist._merge(whole, cells, collect(dist._cell_results(client, whole, cells, base, None)), t)
    wall, cpu = time.monotonic() - t, time.process_time() - c
    return {
        "result": res,
        "wall": wall,
        "parts": parts,
        "driver_cpu": cpu,
        "tail": time.process_time() - arrived[-1][1],
        "first": arrived[0][0],
        "last": arrived[-1][0],
    }


RUNS = ((1, 1), (1, 2), (2, 2), (2, 4))  # (workers, tasks)


def _label(d: int, dom: str | None) -> str:
    return f"[-1,1]^{d}" if dom else f"R^{d}"


def part1(sizes: list[tuple[int, int]], repeat: int) -> None:
    from dask.distributed import Client

    print(
        f"## Part 1: measured on LocalClusters of 1 and 2 workers (wall seconds, best of {repeat} interleaved "
        f"runs; clusters warm, `local_cluster`: glibc's memory trimming kept); load {_uptime()}\n"
    )
    cases = [(d, n, dom) for d, n in sizes for dom in (None, "-1,1")]
    nets = {(d, n): random_net(d, n, seed=1) for d, n in sizes}
    rows: dict[tuple, dict] = {case: {"serial": [], **{run: [] for run in RUNS}} for case in cases}
    clusters = {}
    with contextlib.ExitStack() as stack:
        for workers in (1, 2):
            cluster = stack.enter_context(dist.local_cluster(workers))  # what --workers N starts
            clusters[workers] = stack.enter_context(Client(cluster))
            dist.regions_distributed(random_net(2, 6, seed=0), tasks=2, client=clusters[workers])  # warm the workers
        for rep in range(repeat):
            for case in cases:
                d, n, dom = case
                net, row = nets[d, n], rows[case]
                t, c = time.monotonic(), time.process_time()
                serial = regions(net, domain=dom, progress=False)
                row["serial"].append((time.monotonic() - t, time.process_time() - c))  # the plain call only
                serial = dist.canonical(serial)  # numbered as the distributed result, for the comparison
                row["regions"] = len(serial)
                key = _key(serial)
                del serial
                with _frozen():
                    for workers, tasks in RUNS:
                        run = _distributed_run(net, dom, tasks, clusters[workers])
                        run["equal"] = _key(run.pop("result")) == key
                        row[workers, tasks].append(run)
                del key
                print(
                    f"({d} x {n} {_label(d, dom)}: repeat {rep + 1} done, load {_uptime()})",
                    file=sys.stderr,
                    flush=True,
                )
            _print_part1(rows, rep + 1)
            sys.stdout.flush()
    print(f"\nload after part 1: {_uptime()}\n")


def _print_part1(rows: dict, done: int) -> None:
    """The two tables of part 1, best of the ``done`` repeats so far."""
    print(f"### best of {done} repeat(s), load {_uptime()}\n")
    for case, row in rows.items():
        d, n, dom = case
        walls = "; ".join(
            f"{k if k == 'serial' else f'{k[0]}w{k[1]}t'} "
            + "/".join(f"{(r[0] if k == 'serial' else r['wall']):.2f}" for r in v)
            for k, v in row.items()
            if k != "regions"
        )
        print(f"every wall s, {d} x {n} {_label(d, dom)}: {walls}  ")
    print()
    best = {
        case: {k: min(v, key=lambda r: r[0] if k == "serial" else r["wall"]) for k, v in row.items() if k != "regions"}
        for case, row in rows.items()
    }
    print(
        "| d | n | domain | regions | serial regions() s (CPU s) | 1 worker, 1 task | 1 worker, 2 tasks | "
        "2 workers, 2 tasks | 2 workers, 4 tasks | 1 worker / 2 workers (2 tasks) | "
        "serial / best 2 workers | all equal |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for case, b in best.items():
        d, n, dom = case
        best2 = min(b[2, 2]["wall"], b[2, 4]["wall"])
        equal = all(r["equal"] for k in RUNS for r in rows[case][k])
        print(
            f"| {d} | {n} | {_label(d, dom)} | {rows[case]['regions']} | {b['serial'][0]:.2f} ({b['serial'][1]:.2f}) | "
            + " | ".join(f"{b[k]['wall']:.2f}" for k in RUNS)
            + f" | {b[1, 2]['wall'] / b[2, 2]['wall']:.2f} | {b['serial'][0] / best2:.2f} | {equal} |"
        )
    print(
        "\nWhere the time of the best 2-worker runs goes (CPU seconds measured in the workers and the driver; "
        "wall seconds for the arrivals):\n"
    )
    print(
        "| d | n | domain | tasks | regions per task (min / median / max) | hyperplanes kept | "
        "task CPU s (min / median / max) | engine / certify / pack s (largest task) | task CPU sum / serial CPU | "
        "first / last part at s | driver CPU s (after the last part) | workers idle s | "
        "critical path CPU s | 2-core bound CPU s | serial CPU / 2-core bound |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for case, b in best.items():
        d, n, dom = case
        for tasks in (2, 4):
            run = b[2, tasks]
            parts = run["parts"]
            cpus = [p["cpu"] for p in parts]
            big = max(parts, key=lambda p: p["cpu"])
            crit = max(cpus) + run["tail"]
            bound = max(max(cpus), sum(cpus) / 2) + run["tail"]  # two idle cores, the driver's tail after the tasks
            idle = 2 * run["wall"] - sum(cpus)
            print(
                f"| {d} | {n} | {_label(d, dom)} | {tasks} | {_spread([p['regions'] for p in parts])} | "
                f"{_spread([p['kept'] for p in parts])} of {n} | {_spread(cpus)} | "
                f"{' / '.join(f'{v:.2f}' for v in big['split'])} | {sum(cpus) / b['serial'][1]:.2f} | "
                f"{run['first']:.2f} / {run['last']:.2f} | {run['driver_cpu']:.2f} ({run['tail']:.2f}) | {idle:.2f} | "
                f"{crit:.2f} | {bound:.2f} | {b['serial'][1] / bound:.2f} |"
            )


# --------------------------------------------------------------------------------------
# part 3: the distributed sweep (R^d in general position), against the serial regions()

#: (workers, tasks per phase)
SWEEP_RUNS = ((1, 1), (1, 2), (2, 2), (2, 4))
#: what regions_distributed runs by default on 1 and on 2 workers (one task per worker)
DEFAULT_RUNS = {1: (1, 1), 2: (2, 2)}


def _sweep_run(net, tasks: int, client) -> dict:
    """One timed distributed sweep (``regions_distributed``'s own path in R^d) with the driver's CPU marks."""
    t, c = time.monotonic(), time.process_time()
    timings: dict = {}
    res = dist._sweep_distributed(arrangement(net), client, tasks, t, timings)
    wall, end = time.monotonic() - t, time.process_time()
    assert not isinstance(res, str), res
    p1 = [cpu for _, _, _, cpu, _ in timings["parts1"]]
    p2 = [cpu for _, _, cpu, _ in timings["parts2"]]
    checks = timings["checks"]
    mid = timings["cpu_edges_out"] - timings["cpu_regions_arrived"]  # the driver between the phases
    tail = end - timings["cpu_edge_arrived"]  # the driver after the last facet part arrived
    crit = max(p1) + mid + max(p2) + tail
    total = sum(p1) + sum(checks) + sum(p2) + (end - c)
    return {
        "result": res,
        "wall": wall,
        "p1": p1,
        "p2": p2,
        "checks": checks,
        "driver": end - c,
        "mid": mid,
        "tail": tail,
        "assemble": timings["assemble_cpu"],
        "arrivals": (timings["regions_done"], timings["edges_done"]),
        "crit": crit,
        "bound": max(crit, total / 2),
        "total": total,
    }


def part3(sizes: list[tuple[int, int]], repeat: int) -> None:
    from dask.distributed import Client

    print(
        f"## Part 3: the distributed sweep on LocalClusters of 1 and 2 workers (R^d; best and median of {repeat} "
        f"interleaved runs; clusters warm, `local_cluster`: glibc's memory trimming kept); load {_uptime()}\n"
    )
    nets = {(d, n): random_net(d, n, seed=1) for d, n in sizes}
    rows: dict = {case: {"serial": [], **{run: [] for run in SWEEP_RUNS}} for case in sizes}
    clusters = {}
    with contextlib.ExitStack() as stack:
        for workers in (1, 2):
            cluster = stack.enter_context(dist.local_cluster(workers))  # what --workers N starts
            clusters[workers] = stack.enter_context(Client(cluster))
            dist.regions_distributed(random_net(3, 8, seed=0), tasks=2, client=clusters[workers])  # warm the workers
        for rep in range(repeat):
            for case in sizes:
                net, row = nets[case], rows[case]
                t, c = time.monotonic(), time.process_time()
                serial = regions(net, progress=False)
                row["serial"].append((time.monotonic() - t, time.process_time() - c))
                row["method"] = serial.certificate.method
                serial = dist.canonical(serial)
                row["regions"] = len(serial)
                key = _key(serial)
                del serial
                with _frozen():
                    for workers, tasks in SWEEP_RUNS:
                        run = _sweep_run(net, tasks, clusters[workers])
                        run["equal"] = _key(run.pop("result")) == key
                        run["serial_cpu"] = row["serial"][-1][1]  # the same repeat's serial CPU (the load drifts)
                        row[workers, tasks].append(run)
                del key
                print(f"({case}: repeat {rep + 1} done, load {_uptime()})", file=sys.stderr, flush=True)
            _print_part3(rows, rep + 1)
            sys.stdout.flush()
    print(f"\nload after part 3: {_uptime()}\n")


def _run_name(k) -> str:
    return "serial" if k == "serial" else f"{k[0]}w{k[1]}t"


def _print_part3(rows: dict, done: int) -> None:
    print(f"### best and median of {done} repeat(s), load {_uptime()}\n")
    for (d, n), row in rows.items():
        walls = "; ".join(
            f"{_run_name(k)} " + "/".join(f"{(r[0] if k == 'serial' else r['wall']):.3f}" for r in v)
            for k, v in row.items()
            if k not in ("regions", "method")
        )
        print(f"every wall s, {d} x {n} R^{d}: {walls}  ")
    print()
    names = " | ".join(f"{w} worker{'s' * (w > 1)}, {t} task{'s' * (t > 1)}" for w, t in SWEEP_RUNS)
    print(
        "Wall seconds, best / median (tasks per phase). Ratios: serial over the 2 workers' default run (2 "
        "tasks), and the 1 worker's (1 task) over it; each as best / best, median / median and the median of the "
        "repeats' own ratios (paired: the runs of one repeat share the machine's load).\n"
    )
    print(
        f"| d | n | regions | serial regions() wall s (CPU s) | {names} | serial / 2 workers | "
        "1 worker / 2 workers | all equal |"
    )
    print("|---|---|---|---|" + "---|" * len(SWEEP_RUNS) + "---|---|---|")

    def best_median(values: list[float]) -> tuple[float, float]:
        return min(values), statistics.median(values)

    for (d, n), row in rows.items():
        walls = {k: best_median([r["wall"] for r in row[k]]) for k in SWEEP_RUNS}
        ser = best_median([w for w, _ in row["serial"]])
        ser_cpu = min(c for _, c in row["serial"])
        two, one = walls[DEFAULT_RUNS[2]], walls[DEFAULT_RUNS[1]]
        equal = all(r["equal"] for k in SWEEP_RUNS for r in row[k])
        runs1, runs2 = row[DEFAULT_RUNS[1]], row[DEFAULT_RUNS[2]]
        paired_serial = statistics.median(w / r["wall"] for (w, _), r in zip(row["serial"], runs2, strict=True))
        paired_one = statistics.median(a["wall"] / b["wall"] for a, b in zip(runs1, runs2, strict=True))
        print(
            f"| {d} | {n} | {row['regions']} | {ser[0]:.3f} / {ser[1]:.3f} ({ser_cpu:.2f}) | "
            + " | ".join(f"{walls[k][0]:.3f} / {walls[k][1]:.3f}" for k in SWEEP_RUNS)
            + f" | {ser[0] / two[0]:.2f} / {ser[1] / two[1]:.2f} / {paired_serial:.2f} | "
            f"{one[0] / two[0]:.2f} / {one[1] / two[1]:.2f} / {paired_one:.2f} | {equal} |"
        )
    print(
        "\nWhere the time goes, per run, its repeat with the best serial CPU / 2-core bound (CPU seconds measured "
        "in the workers and the driver; wall seconds for the arrivals). Phase 1: proposals + certified signs per "
        "slice of the d-subsets; checks: the exact general-position check (only run when the proposals fall "
        "short of Buck's count, 0 here); phase 2: Hamming-1 pairs + certified facet points per slice of the "
        "hyperplanes. The driver's tail: joining the parts' columns and result_from_columns (the 'assemble' "
        "column; no point decoded). Critical path = the largest phase-1 task + the driver between the phases + "
        "the largest phase-2 task + the tail; 2-core bound = max(critical path, all CPU / 2).\n"
    )
    print(
        "| d | n | run | phase-1 task CPU s (max) | check CPU s (sum) | phase-2 task CPU s (min / max) | "
        "task CPU sum / serial CPU | regions / facets in at s | driver CPU s (between / tail / "
        "assemble / all) | critical path CPU s | 2-core bound CPU s | serial CPU / 2-core bound |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (d, n), row in rows.items():
        for key in SWEEP_RUNS:
            r = max(row[key], key=lambda x: x["serial_cpu"] / x["bound"])  # the best repeat
            ser_cpu = r["serial_cpu"]
            work = sum(r["p1"]) + sum(r["checks"]) + sum(r["p2"])
            print(
                f"| {d} | {n} | {_run_name(key)} | {max(r['p1']):.3f} | {sum(r['checks']):.2f} | "
                f"{min(r['p2']):.3f} / {max(r['p2']):.3f} | {work / ser_cpu:.2f} | "
                + " / ".join(f"{v:.3f}" for v in r["arrivals"])
                + f" | {r['mid']:.3f} / {r['tail']:.3f} / {r['assemble']:.3f} / {r['driver']:.3f} | "
                f"{r['crit']:.3f} | {r['bound']:.3f} | {ser_cpu / r['bound']:.2f} |"
            )


def part2(d: int, n: int, plans: list[int], workers: list[int], box: str | None, subset: int | None) -> None:
    net = random_net(d, n, seed=1)
    t_serial = None
    if not box_too_big(d, box):
        t = time.process_time()
        serial = regions(net, domain=box, progress=False)
        t_serial = time.process_time() - t
        print(
            f"## Part 2: projection, d={d} n={n} domain {box or 'R^d'}: {len(serial)} regions, "
            f"serial {t_serial:.2f} CPU s\n"
        )
    else:
        print(f"## Part 2: projection, d={d} n={n} domain {box}: serial run not measured (see docs/scaling.md)\n")
    measured = {}
    per_region = None
    points: list[tuple[int, float]] = []  # (regions, CPU s) of every task run
    for tasks in plans:
        run = _tasks(net, box, tasks, subset)
        outs, costs, merge, total = run["outs"], run["costs"], run["merge"], len(run["cells"])
        points += [(o["n_regions"], c) for o, c in zip(outs, costs, strict=True)]
        regs = [o["n_regions"] for o in outs]
        kept = [o["kept"] for o in outs]
        if merge is not None:
            per_region = merge / max(1, sum(regs))
        est_regions = sum(regs) * total / len(outs)
        if merge is None and per_region is not None:
            merge = per_region * est_regions
        fit = ""
        if len(costs) < total:  # a subset: the other tasks' costs from their estimates (a line through the measured)
            costs, fit = _predicted(run)
        measured[total] = (costs, merge or 0.0)
        print(
            f"plan of {total} tasks ({len(outs)} run): "
            f"sample points per cell {_spread([c.estimate for c in run['cells']])}; "
            f"run: regions per task {_spread(regs)}, hyperplanes kept {_spread(kept)} of {n}, "
            f"CPU s {_spread(run['costs'])}"
            + (f" ({fit})" if fit else "")
            + f"; plan CPU s per task {_spread(costs)}, sum {sum(costs):.1f}"
            + (f" ({sum(costs) / t_serial:.2f} x serial)" if t_serial else "")
            + f", merge {merge or 0.0:.2f} s{' (estimated)' if len(outs) < total else ''}",
            flush=True,
        )
    if len({r for r, _ in points}) >= 2:
        slope, fixed = np.polyfit([r for r, _ in points], [c for _, c in points], 1)
        print(
            f"\nper task, least squares over the {len(points)} tasks run: CPU s = {fixed:.2f} + "
            f"{slope * 1000:.3f} ms x regions (the fixed part: every line and flat that meets the cell costs "
            "its classification and steps whatever the cell's share of it)"
        )
    base = t_serial
    if base is None:
        smallest = min(measured)
        base = sum(measured[smallest][0]) + measured[smallest][1]
        print(f"\n(baseline: one worker running the {smallest}-task plan, {base:.1f} CPU s)")
    print("\n| workers | tasks | makespan s | + merge s | projected speed-up |")
    print("|---|---|---|---|---|")
    for w in workers:
        for tasks, (costs, merge) in measured.items():
            if tasks < w // 4:  # far fewer tasks than workers: the row says nothing new
                continue
            span = _makespan(costs, w)
            print(f"| {w} | {len(costs)} | {span:.2f} | {span + merge:.2f} | {base / (span + merge):.2f} |")


def box_too_big(d: int, box: str | None) -> bool:
    """The serial engine walks every flat (no pruning): only small d is measured serially."""
    return d >= 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", type=int, choices=(0, 1, 2, 3), default=0, help="0: 1 and 2; 3: the sweep")
    parser.add_argument("--sizes", default="3x48,4x32", help="part 1: dxn sizes (default 3x48,4x32)")
    parser.add_argument("--repeat", type=int, default=3, help="part 1: interleaved runs, best of (default 3)")
    parser.add_argument("--d", type=int, default=4)
    parser.add_argument("--n", type=int, default=32)
    parser.add_argument("--plans", default="8,32,128")
    parser.add_argument("--workers", default="8,32,128")
    parser.add_argument("--box", default=None, help="part 2 domain, e.g. -3/20,3/20 (default R^d)")
    parser.add_argument("--subset", type=int, default=None, help="part 2: run only this many tasks per plan")
    args = parser.parse_args()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    where = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
    print(f"# bench_dask on {where}, load average {load}\n")
    if args.part in (0, 1):
        part1([tuple(int(v) for v in size.split("x")) for size in args.sizes.split(",")], args.repeat)
    if args.part == 3:
        part3([tuple(int(v) for v in size.split("x")) for size in args.sizes.split(",")], args.repeat)
    if args.part in (0, 2):
        part2(
            args.d,
            args.n,
            [int(v) for v in args.plans.split(",")],
            [int(v) for v in args.workers.split(",")],
            args.box,
            args.subset,
        )


if __name__ == "__main__":
    main()
