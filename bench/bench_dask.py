"""Distributed region enumeration (reluexact.regions.distributed): speed-up, task sizes, projection.

Part 1, measured on a real ``LocalCluster`` (warm: started before the clock): for d = 3 n = 48 and
d = 4 n = 32 (random integer weights in [-1000, 1000], all of R^d), the serial
:func:`~reluexact.regions.regions` against :func:`~reluexact.regions.distributed.regions_distributed`
with 1 and 2 worker processes and a few task counts. The results are checked equal (canonical
numbering). Prints wall times and, because the machine is shared, CPU seconds: the sum of the
tasks' own CPU (measured in the workers), the largest task, the driver's CPU (in all and after
the last part arrived) and the critical path (largest task + driver after the last part); then
the same plans in process: regions and CPU s per task (min / median / max), sum over serial, merge.

Part 2, a simulated projection to 8, 32 and 128 workers: every task of a plan with T cells is run
in this process and timed (CPU seconds); the driver's merge of those results is timed too; a
list scheduler (a free worker takes the next task, as Dask does) gives the makespan for w workers.
The projected speed-up is serial time / (makespan + merge). Default size d = 4 n = 32. ``--box``
sets the domain and ``--subset K`` runs only K tasks per plan (evenly spread; the plan's costs are
taken cyclically from them, the merge estimated per region): d = 6 n = 64 is measured that way on
a small box, against one worker running the smallest plan (no serial run at d >= 6).

Usage::

    python bench/bench_dask.py                    # both parts
    python bench/bench_dask.py --part 2 --d 4 --n 32 --plans 8,32,128
    python bench/bench_dask.py --part 2 --d 6 --n 64 --box=-3/20,3/20 --plans 8,32,128 --subset 3
"""

from __future__ import annotations

import argparse
import heapq
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reluexact.regions import arrangement, regions
from reluexact.regions import distributed as dist
from tests.regions.oracles import random_net


def _same(a, b) -> bool:
    def key(res):
        return (
            [(r.pattern, r.gradient, r.offset, tuple((f.label, f.neighbor) for f in r.facets)) for r in res],
            [(e.a, e.b, e.units) for e in res.edges],
        )

    return key(a) == key(b)


def _spread(values: list[float]) -> str:
    return f"{min(values):.3g} / {statistics.median(values):.3g} / {max(values):.3g}"


def _tasks(net, domain, tasks: int, subset: int | None = None) -> tuple[list[dict], list[float], float | None, int]:
    """Run the tasks of a plan in this process: outputs, CPU s per task, merge CPU s (None for a subset), #cells.

    With ``subset``, only that many tasks, evenly spread over the plan, are run (the merge needs all).
    """
    whole = arrangement(net, domain=domain)
    cells = dist.plan_cells(whole, tasks)
    chosen = cells
    if subset is not None and subset < len(cells):
        chosen = tuple(cells[round(k * (len(cells) - 1) / max(1, subset - 1))] for k in range(subset))
    outs, costs = [], []
    for c in chosen:
        t = time.process_time()
        outs.append(dist._run_cell({"net": net, "domain": whole.domain, "cell": c}))
        costs.append(time.process_time() - t)
    if chosen is not cells:
        return outs, costs, None, len(cells)
    t = time.process_time()
    dist._merge(whole, cells, outs, time.monotonic())
    return outs, costs, time.process_time() - t, len(cells)


def _makespan(costs: list[float], workers: int) -> float:
    free = [0.0] * workers
    heapq.heapify(free)
    for c in costs:  # Dask hands the next task to the first free worker
        heapq.heappush(free, heapq.heappop(free) + c)
    return max(free)


def part1(sizes: list[tuple[int, int]]) -> None:
    from dask.distributed import Client, LocalCluster

    print("## Part 1: measured on a LocalCluster (wall seconds; cluster warm)\n")
    for d, n in sizes:
        net = random_net(d, n, seed=1)
        t, c = time.monotonic(), time.process_time()
        serial = dist.canonical(regions(net, progress=False))
        t_serial, c_serial = time.monotonic() - t, time.process_time() - c
        print(
            f"d={d} n={n}: {len(serial)} regions, {len(serial.edges)} edges; serial {t_serial:.2f} s "
            f"({c_serial:.2f} CPU s)"
        )
        print(
            "| workers | tasks | wall s | serial wall / wall | task CPU sum s | largest task CPU s | "
            "driver CPU s | driver CPU after last task s | critical path CPU s | equal |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for workers, task_counts in ((1, (1,)), (2, (2, 4, 8))):
            with (
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
                ) as cluster,
                Client(cluster) as client,
            ):
                dist.regions_distributed(net, tasks=2, client=client)  # warm the workers (imports)
                for tasks in task_counts:
                    t = time.monotonic()
                    c0 = time.process_time()
                    whole = arrangement(net)
                    cells = dist.plan_cells(whole, tasks)
                    payloads = [{"net": net, "domain": whole.domain, "cell": c} for c in cells]
                    parts, arrived = [], []

                    def collect(gen, parts=parts, arrived=arrived):
                        for o in gen:
                            arrived.append(time.process_time())
                            parts.append(o)
                            yield o

                    res = dist._merge(whole, cells, collect(dist._completed(client, dist._run_cell, payloads)), t)
                    wall = time.monotonic() - t
                    cpus = [o["cpu"] for o in parts]
                    tail = time.process_time() - max(arrived)  # the driver's CPU after the last part arrived
                    driver = time.process_time() - c0
                    print(
                        f"| {workers} | {tasks} | {wall:.2f} | {t_serial / wall:.2f} | {sum(cpus):.2f} | "
                        f"{max(cpus):.2f} | {driver:.2f} | {tail:.2f} | {max(cpus) + tail:.2f} | {_same(res, serial)} |"
                    )
        for tasks in (2, 4, 8):
            outs, costs, merge, _ = _tasks(net, None, tasks)
            sizes_r = [len(o["regions"]) for o in outs]
            print(
                f"  plan of {tasks}: regions per task (min/median/max) {_spread(sizes_r)}; CPU s per task "
                f"{_spread(costs)}; sum of tasks / serial CPU {sum(costs) / c_serial:.2f}; critical path "
                f"(largest task + merge) {max(costs) + merge:.2f} s; merge {merge:.2f} s"
            )
        print()


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
    for tasks in plans:
        outs, costs, merge, total = _tasks(net, box, tasks, subset)
        regs = [len(o["regions"]) for o in outs]
        kept = [o["kept"] for o in outs]
        if merge is not None:
            per_region = merge / max(1, sum(regs))
        est_regions = sum(regs) * total / len(outs)
        if merge is None and per_region is not None:
            merge = per_region * est_regions
        if len(costs) < total:  # a subset: every task of the plan costs like the measured ones, cyclically
            costs = [costs[k % len(costs)] for k in range(total)]
        measured[total] = (costs, merge or 0.0)
        print(
            f"plan of {total} tasks ({len(outs)} run): regions per task {_spread(regs)}, hyperplanes kept "
            f"{_spread(kept)} of {n}, CPU s per task {_spread(costs)}, sum {sum(costs):.1f}"
            + (f" ({sum(costs) / t_serial:.2f} x serial)" if t_serial else "")
            + f", merge {merge or 0.0:.2f} s{' (estimated)' if len(outs) < total else ''}"
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
    parser.add_argument("--part", type=int, choices=(0, 1, 2), default=0, help="0: both")
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
        part1([(3, 48), (4, 32)])
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
