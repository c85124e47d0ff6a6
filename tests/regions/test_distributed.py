"""Tests for reluexact.regions.distributed: the split by hyperplanes against the serial enumeration.

The oracle is the serial run (:func:`reluexact.regions.regions`, itself checked against brute force,
Zaslavsky and SageMath elsewhere), numbered canonically; the distributed run must give the same
regions (patterns, affine maps, facets with their labels, units and neighbours) and edges, id for
id. Certified points may differ, so each is re-checked here with the exact sign vector.
A real ``LocalCluster`` (2 worker processes) is started once for the module.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.domain import Polytope
from reluexact.errors import CertificationError, InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import arrangement, regions, sign_vector
from reluexact.regions import distributed as dist
from reluexact.regions.distributed import (
    CellTaskError,
    canonical,
    plan_cells,
    read_regions_dataset,
    region_records,
    regions_distributed,
    write_regions_dataset,
)
from tests.regions.oracles import random_degenerate_net, random_net, result_summary
from tests.strategies import networks

TRIANGLE = Polytope([[1, 0], [0, 1], [-1, -1]], [2, 2, 2])  # x, y >= -2, x + y <= 2
WEDGE3 = Polytope([[1, 0, 0], [0, 1, 0], [-1, -1, -1]], [1, 1, 1])  # x, y >= -1, z <= 1 - x - y: unbounded


def _points_certified(res):
    """Every region point has its region's signs; every edge point is on the edge's hyperplane only."""
    for r in res:
        assert "".join("1" if s > 0 else "0" for s in sign_vector(res.network, r.point)) == r.pattern
        constant = {i for i, w in enumerate(res.network.hidden_weights) if not any(w)}
        assert all(s != 0 for i, s in enumerate(sign_vector(res.network, r.point)) if i not in constant)
    constant = {i for i, w in enumerate(res.network.hidden_weights) if not any(w)}
    for e in res.edges:
        signs = sign_vector(res.network, e.point)
        assert {i for i, s in enumerate(signs) if s == 0} - constant == set(e.units)


def _same(net, domain, split):
    serial = canonical(regions(net, domain=domain, progress=False))
    assert result_summary(split) == result_summary(serial)
    _points_certified(split)


CASES = [
    (random_net(2, 12, seed=4, m=2), None),
    (random_net(3, 10, seed=7), "-1,1"),
    (random_degenerate_net(2, 10, seed=5), None),
    (random_degenerate_net(3, 8, seed=6), "-2,2;-2,2;-1,3"),
    (random_degenerate_net(2, 9, seed=8), TRIANGLE),
    (random_net(3, 9, seed=9), WEDGE3),
    # axis-parallel and coincident hyperplanes, one of them on a side of the box
    (TwoLayerReLU([[1, 0], [0, 1], [1, 1], [-2, 0]], [0, 0, Fraction(-1, 3), 2], [[1, -2, 3, 1]], [0]), "-1,1;-1,1"),
]


@pytest.mark.parametrize(("net", "domain"), CASES)
@pytest.mark.parametrize("tasks", [1, 3, 8])
def test_in_process_split_matches_serial(net, domain, tasks):
    _same(net, domain, regions_distributed(net, domain=domain, tasks=tasks, client="serial"))


@settings(max_examples=15, deadline=None)
@given(net=networks(d=st.integers(1, 3), n=st.integers(0, 7)), tasks=st.integers(1, 6), box=st.booleans())
def test_split_matches_serial_on_random_degenerate_nets(net, tasks, box):
    domain = "-3,3" if box else None
    _same(net, domain, regions_distributed(net, domain=domain, tasks=tasks, client="serial"))


def test_plan_balances_and_cells_partition_the_regions():
    net = random_net(2, 24, seed=3)
    cells = plan_cells(arrangement(net), 8)
    assert len(cells) == 8
    assert len({c.cuts for c in cells}) == 8
    serial = regions(net, progress=False)
    # each region's signs match exactly one cell's cuts (the cells partition the regions)
    groups = arrangement(net).groups
    for r in serial:
        signs = sign_vector(net, r.point)
        inside = [
            c for c in cells if all(s * signs[groups[g].units[0][0]] * groups[g].units[0][1] > 0 for g, s in c.cuts)
        ]
        assert len(inside) == 1


def test_failing_task_names_the_cell_and_the_model(monkeypatch):
    net = random_net(2, 6, seed=2)

    def broken(arr, **kwargs):
        if any(h.label.startswith("cut:") and h.label.endswith(":-") for h in arr.sides):
            raise ZeroDivisionError("boom")
        return real(arr, **kwargs)

    real = dist.run_engine
    monkeypatch.setattr(dist, "run_engine", broken)
    with pytest.raises(CellTaskError, match=r"cell \d+ \(cuts \[\(\d+, -1\)\].*W=\[.*ZeroDivisionError: boom") as info:
        regions_distributed(net, tasks=2, client="serial")
    assert isinstance(info.value.domain, Polytope)
    monkeypatch.setattr(dist, "run_engine", real)
    assert len(regions(net, domain=info.value.domain)) > 0  # the cell reproduces on its own


def test_bad_arguments():
    net = random_net(2, 3, seed=1)
    with pytest.raises(InvalidArgument, match="tasks"):
        regions_distributed(net, tasks=0, client="serial")
    with pytest.raises(InvalidArgument, match="format"):
        write_regions_dataset(net, "unused", format="csv", client="serial")
    with pytest.raises(InvalidArgument, match="max_task_regions"):
        regions_distributed(net, max_task_regions=0, client="serial")


def _records_equal_serial(regs, edges, net, domain):
    serial_regs, serial_edges = region_records(canonical(regions(net, domain=domain, progress=False)))

    def strip(records):
        return sorted(tuple((k, repr(v)) for k, v in sorted(r.items()) if k != "point") for r in records)

    assert len(regs) == len(serial_regs)  # nothing lost or duplicated
    assert len(edges) == len(serial_edges)
    assert strip(regs) == strip(serial_regs)
    assert strip(edges) == strip(serial_edges)
    for r in regs:
        point = [Fraction(v) for v in r["point"]]
        assert "".join("1" if s > 0 else "0" for s in sign_vector(net, point)) == r["pattern"]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_dataset_in_process_reads_back_as_serial(tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    net, domain = random_degenerate_net(3, 8, seed=6), "-2,2"
    m = write_regions_dataset(net, tmp_path / "ds", domain=domain, tasks=5, format=fmt, client="serial")
    regs, edges = read_regions_dataset(tmp_path / "ds")
    assert (m.regions, m.edges) == (len(regs), len(edges))
    _records_equal_serial(regs, edges, net, domain)
    with pytest.raises(InvalidArgument, match="dataset already"):
        write_regions_dataset(net, tmp_path / "ds", domain=domain, client="serial")


# --- a task that turns out too big is split again ------------------------------------------------


def _leaves(res):
    return int(res.certificate.method.split("(")[1].split()[0])


@settings(max_examples=15, deadline=None)
@given(
    net=networks(d=st.integers(1, 3), n=st.integers(1, 8)),
    tasks=st.integers(1, 3),
    budget=st.integers(1, 6),
    domain=st.sampled_from([None, "-3,3", "-1/8,1/8"]),
)
def test_resplit_tasks_match_serial(net, tasks, budget, domain):
    split = regions_distributed(net, domain=domain, tasks=tasks, max_task_regions=budget, client="serial")
    _same(net, domain, split)


@pytest.mark.parametrize(("net", "domain"), [CASES[0], CASES[2], CASES[4], CASES[5]])
def test_resplit_makes_more_cells_and_matches_serial(net, domain):
    serial = regions(net, domain=domain, progress=False)
    budget = max(1, len(serial) // 5)
    split = regions_distributed(net, domain=domain, tasks=1, max_task_regions=budget, client="serial")
    _same(net, domain, split)
    assert _leaves(split) >= 5  # one cell of more than 5 budgets was cut again, recursively
    # the leaves that ran: each within the budget, or one that no hyperplane cuts in two (run without one)
    whole = arrangement(net, domain=domain)
    cells = list(plan_cells(whole, 1))
    outs = list(dist._cell_results("serial", whole, cells, {"net": net, "domain": whole.domain}, budget))
    assert sorted(o["index"] for o in outs) == [c.index for c in cells]
    for o in outs:
        if len(o["masks"]) > budget:
            assert len(plan_cells(whole, 2, within=o["cuts"])) == 1


def test_resplit_dataset_reads_back_as_serial(tmp_path):
    net, domain = random_net(2, 14, seed=21), TRIANGLE
    m = write_regions_dataset(net, tmp_path / "ds", domain=domain, tasks=2, max_task_regions=15, client="serial")
    assert len(m.parts) > 2
    assert sorted(p["index"] for p in m.parts) == [p["index"] for p in m.parts]
    _records_equal_serial(*read_regions_dataset(tmp_path / "ds"), net, domain)


# --- a real LocalCluster -------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cl:
        yield cl


@pytest.fixture(scope="module")
def client(cluster):
    from dask.distributed import Client

    with Client(cluster) as c:
        yield c


@pytest.mark.parametrize(("net", "domain"), [CASES[0], CASES[3], CASES[4], CASES[5]])
def test_local_cluster_matches_serial(client, net, domain):
    assert len(client.scheduler_info()["workers"]) == 2
    _same(net, domain, regions_distributed(net, domain=domain, tasks=6, client=client))


def test_resplit_on_the_local_cluster(client, tmp_path):
    net, domain = random_net(3, 12, seed=5), None
    split = regions_distributed(net, domain=domain, tasks=2, max_task_regions=60, client=client)
    assert _leaves(split) > 2
    _same(net, domain, split)
    write_regions_dataset(net, tmp_path / "ds", domain=domain, tasks=2, max_task_regions=60, client=client)
    _records_equal_serial(*read_regions_dataset(tmp_path / "ds"), net, domain)


def test_existing_scheduler_joined_by_address(cluster):
    net, domain = random_net(3, 10, seed=12), "-1,1"
    _same(net, domain, regions_distributed(net, domain=domain, tasks=4, scheduler=cluster.scheduler_address))


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_dataset_on_cluster_reads_back_as_serial(client, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    net, domain = random_net(2, 14, seed=21), TRIANGLE
    write_regions_dataset(net, tmp_path / "ds", domain=domain, tasks=6, format=fmt, client=client)
    _records_equal_serial(*read_regions_dataset(tmp_path / "ds"), net, domain)


def test_worker_killed_mid_run_gives_the_full_result(tmp_path):
    """SIGKILL a worker process while it runs a task: Dask re-runs the task; nothing lost or duplicated."""
    distributed = pytest.importorskip("dask.distributed")
    net, domain = random_net(3, 16, seed=5), None
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = client.run(os.getpid)  # worker address -> pid
        box: dict[str, object] = {}

        def run() -> None:
            try:
                box["result"] = regions_distributed(net, domain=domain, tasks=6, client=client)
                box["manifest"] = write_regions_dataset(net, tmp_path / "ds", domain=domain, tasks=6, client=client)
            except BaseException as error:  # pragma: no cover - reported below
                box["error"] = error

        thread = threading.Thread(target=run)
        thread.start()
        killed = None
        while killed is None and thread.is_alive():
            busy = [w for w, keys in client.processing().items() if keys and w in pids]
            if busy:
                killed = busy[0]
                os.kill(pids[killed], signal.SIGKILL)
            else:
                time.sleep(0.005)
        thread.join()
    assert killed is not None, "the run ended before a worker could be killed"
    assert "error" not in box, box.get("error")
    _same(net, domain, box["result"])
    _records_equal_serial(*read_regions_dataset(tmp_path / "ds"), net, domain)


# --- per-cell pruning: hyperplanes that miss a cell are dropped, flats that miss it skipped ------------


@pytest.mark.parametrize(("net", "domain"), [CASES[1], CASES[3], CASES[4], (random_net(3, 14, seed=21), "-1/4,1/4")])
def test_cells_drop_hyperplanes_and_still_match_serial(net, domain):
    whole = arrangement(net, domain=domain)
    cells = plan_cells(whole, 6)
    dropped = 0
    for cell in cells:
        local, kept = dist.cell_arrangement(whole, cell)
        dropped += len(whole.groups) - len(kept)
        # every dropped unit is constant on the cell, with the sign of the cell's regions (an independent check)
        part = regions(net, domain=local.domain, progress=False)
        for i, active in local.constant_units:
            assert all(r.pattern[i] == ("1" if active else "0") for r in part)
    assert dropped > 0  # the cases are chosen so that some cell misses some hyperplane
    _same(net, domain, regions_distributed(net, domain=domain, tasks=6, client="serial"))


@settings(max_examples=10, deadline=None)
@given(net=networks(d=st.integers(2, 4), n=st.integers(1, 7)), tasks=st.integers(2, 6))
def test_pruned_cells_match_serial_in_a_small_box(net, tasks):
    # a small box: most hyperplanes miss most cells, most flats miss the box (flats are pruned at d = 4)
    _same(net, "-1/8,1/8", regions_distributed(net, domain="-1/8,1/8", tasks=tasks, client="serial"))


def test_pruned_flats_are_counted():
    net = random_net(4, 10, seed=21)  # d = 4: 2-flats of kept hyperplanes that miss the box
    whole = arrangement(net, domain="-1/4,1/4")
    out = dist._run_cell({"net": net, "domain": whole.domain, "cell": plan_cells(whole, 1)[0]})
    assert out["kept"] < len(whole.groups)
    assert out["pruned"] > 0
    assert len(out["masks"]) == len(regions(net, domain="-1/4,1/4", progress=False))


def test_small_box_plan_is_informed_by_points_of_the_box():
    # d = 6 on a small box: no sampled vertex of the arrangement falls inside, so points of the box stand in
    net = random_net(6, 24, seed=3)
    whole = arrangement(net, domain="-1/20,1/20")
    X = dist._vertex_sample(whole, 400, 0)
    assert len(X) >= 100
    assert (abs(X) <= 1 / 20 + 1e-12).all()
    cells = plan_cells(whole, 4)
    assert len(cells) == 4
    assert all(c.estimate > 0 for c in cells)
    assert sum(c.estimate for c in cells) == len(dist._vertex_sample(whole, 2000, 0))


def test_part_points_travel_exactly():
    import flint

    points = [
        (flint.fmpq(-(2**130) + 1, 3**70), flint.fmpq(0), flint.fmpq(5, 2**200)),
        (flint.fmpq(7), flint.fmpq(-1, 9), flint.fmpq(2**64 + 1, 2**63 - 1)),
    ]
    packed = dist._pack(points, 3)
    assert dist._unpack(packed, 3) == points
    assert dist._unpack(dist._pack([], 3), 3) == []
    with pytest.raises(CertificationError):
        dist._pack([(flint.fmpq(1),)], 2)


def test_parts_come_sorted_by_pattern_and_edges_in_canonical_order():
    net = random_net(3, 9, seed=4)
    whole = arrangement(net)
    for cell in plan_cells(whole, 2):
        out = dist._run_cell({"net": net, "domain": whole.domain, "cell": cell})
        assert out["patterns"] == sorted(out["patterns"])
        rank = {m: k for k, m in enumerate(out["masks"])}
        keys = [(g, rank[a], rank[b]) for g, a, b in out["edges"]]
        assert keys == sorted(keys)
        assert len(out["cpu_split"]) == 3


# --- locate, split by batches ----------------------------------------------------------------------


def _locate_key(res):
    return (
        res.points,
        res.regions,
        res.members,
        sorted((a, b, d["units"], d["point"]) for a, b, d in res.graph.edges(data=True)),
        res.facets_complete,
    )


@settings(max_examples=15, deadline=None)
@given(
    net=networks(d=st.just(2), n=st.integers(0, 6)),
    pts=st.lists(st.tuples(st.integers(-4, 4), st.integers(-4, 4)), max_size=12),
    batches=st.integers(1, 5),
    facets=st.booleans(),
)
def test_locate_in_batches_equals_locate(net, pts, batches, facets):
    from reluexact.regions import locate

    want = locate(net, pts, domain="-3,3", facets=facets, progress=False)
    got = dist.locate_distributed(net, pts, batches=batches, client="serial", domain="-3,3", facets=facets)
    assert _locate_key(got) == _locate_key(want)


def test_locate_on_the_local_cluster(client):
    from reluexact.regions import locate

    net = random_net(3, 10, seed=3)
    pts = [[Fraction(i - 7, 5), Fraction(3 - i, 4), Fraction(i * i % 7, 3)] for i in range(15)]
    want = locate(net, pts, facets=True, progress=False)
    assert _locate_key(dist.locate_distributed(net, pts, batches=4, client=client, facets=True)) == _locate_key(want)
