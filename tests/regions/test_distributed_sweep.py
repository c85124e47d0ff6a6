"""Tests for the distributed sweep of reluexact.regions.distributed (R^d in general position).

The oracle is the serial run (:func:`reluexact.regions.regions`, whose sweep and lattice methods are
checked against brute force and Buck's counts elsewhere), numbered canonically: the distributed
sweep must give the same regions (patterns, affine maps, facets with labels, units and
neighbours) and edges, id for id; its certified points are re-checked here with exact sign
vectors. Degenerate nets and proposals that fall short must fall back to the cell split, still
equal. A real ``LocalCluster`` (2 worker processes) is started once for the module.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import CertificationError, InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import arrangement, regions, sign_vector
from reluexact.regions import distributed as dist
from reluexact.regions.distributed import canonical, regions_distributed
from reluexact.regions.sweep import (
    Proposed,
    adjacent_pairs,
    general_position_counts,
    general_position_failure,
    sweep_proposals,
)
from tests.regions.oracles import random_degenerate_net, random_net, result_summary
from tests.strategies import networks


def _points_certified(res):
    """Every region point has its region's signs (none zero); every edge point is zero on the edge's units only."""
    constant = {i for i, w in enumerate(res.network.hidden_weights) if not any(w)}
    for r in res:
        signs = sign_vector(res.network, r.point)
        assert "".join("1" if s > 0 else "0" for s in signs) == r.pattern
        assert all(s != 0 for i, s in enumerate(signs) if i not in constant)
    for e in res.edges:
        signs = sign_vector(res.network, e.point)
        assert {i for i, s in enumerate(signs) if s == 0} - constant == set(e.units)


def _same(net, split, method_prefix):
    serial = canonical(regions(net, progress=False))
    assert result_summary(split) == result_summary(serial)
    _points_certified(split)
    assert split.certificate.method.startswith(method_prefix)
    assert split.certificate.regions == len(serial)


GENERAL = [
    (random_net(3, 12, seed=1), 2),
    (random_net(3, 17, seed=2, m=2), 3),
    (random_net(4, 9, seed=3), 2),
    (random_net(4, 11, seed=4), 5),
    (random_net(3, 4, seed=5), 7),  # more tasks than some levels have subsets
]


@pytest.mark.parametrize(("net", "tasks"), GENERAL)
def test_sweep_in_process_matches_serial(net, tasks):
    split = regions_distributed(net, tasks=tasks, client="serial")
    _same(net, split, f"dask-sweep({tasks} tasks)")


def test_reaching_the_count_needs_no_separate_check():
    net = random_net(3, 9, seed=4)
    timings: dict = {}
    _same(net, dist._sweep_distributed(arrangement(net), "serial", 3, time.monotonic(), timings), "dask-sweep")
    assert timings["checks"] == []
    assert [p for p, _, _, _, _ in timings["parts1"]] == [0, 1, 2]


@settings(max_examples=15, deadline=None)
@given(net=networks(d=st.integers(3, 4), n=st.integers(3, 9)), tasks=st.integers(1, 5))
def test_sweep_counts_the_serial_sweeps_sign_checks(net, tasks):
    """Id for id the serial sweep's result (canonically numbered), and its certificate's sign checks."""
    arr = arrangement(net)
    if len(arr.groups) < net.input_dim or general_position_failure(arr) is not None:
        return
    timings: dict = {}
    split = dist._sweep_distributed(arr, "serial", tasks, time.monotonic(), timings)
    if isinstance(split, str):  # the proposals fell short (the serial sweep falls short there too)
        assert "reached" in split
        return
    serial = regions(net, method="sweep", progress=False)
    _same(net, split, f"dask-sweep({tasks} tasks)")
    assert [r.pattern for r in split] == sorted(r.pattern for r in serial)
    if {attempt for _, attempt, _, _, _ in timings["parts1"]} == {0}:  # one attempt, as the serial sweep's
        cert, want = split.certificate, serial.certificate
        assert (cert.sign_checks, cert.exact_sign_checks, cert.facets) == (
            want.sign_checks,
            want.exact_sign_checks,
            want.facets,
        )


def test_forced_sweep_in_the_plane_and_forced_cells():
    net = random_net(2, 9, seed=3)
    _same(net, regions_distributed(net, tasks=2, client="serial", split="sweep"), "dask-sweep")
    assert regions_distributed(net, tasks=2, client="serial").certificate.method.startswith("dask-cells")  # auto: d = 2
    net3 = random_net(3, 8, seed=6)
    _same(net3, regions_distributed(net3, tasks=2, client="serial", split="cells"), "dask-cells")


def test_split_argument_is_checked():
    net = random_net(3, 5, seed=1)
    with pytest.raises(InvalidArgument, match="split must be one of"):
        regions_distributed(net, client="serial", split="halves")
    with pytest.raises(InvalidArgument, match="R\\^d"):
        regions_distributed(net, domain="-1,1", client="serial", split="sweep")
    with pytest.raises(InvalidArgument, match="tasks must be a positive int"):
        regions_distributed(net, tasks=0, client="serial")
    # a box, or a per-task budget: the cell split
    assert regions_distributed(net, domain="-1,1", client="serial").certificate.method.startswith("dask-cells")
    split = regions_distributed(net, max_task_regions=10, client="serial")
    assert split.certificate.method.startswith("dask-cells")


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_degenerate_nets_fall_back_to_the_cell_split(seed):
    net = random_degenerate_net(3, 9, seed=seed)
    assert general_position_failure(arrangement(net)) is not None
    _same(net, regions_distributed(net, tasks=3, client="serial"), "dask-cells")


def test_parallel_planes_and_shared_points_fall_back():
    # two parallel planes; four planes through one point
    par = TwoLayerReLU([[1, 2, 3], [1, 2, 3], [0, 1, 5], [7, 1, 1]], [0, 1, 2, 3], [[1, 1, 1, 1]], [0])
    con = TwoLayerReLU([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, 0], [[1, -1, 1, 1]], [0])
    for net in (par, con):
        _same(net, regions_distributed(net, tasks=2, client="serial"), "dask-cells")


def _short_first(real, calls=None):
    """``certified_proposals`` missing every other region in the first attempt (the later ones whole)."""

    def short_first(arr, engine, attempt=0, *, part=0, parts=1, known=()):
        if calls is not None:
            calls.append(attempt)
        found = real(arr, engine, attempt, part=part, parts=parts, known=known)
        if attempt:
            return found
        floats = None if found.floats is None else found.floats[::2]
        return found._replace(masks=found.masks[::2], floats=floats, points=found.points[::2])

    return short_first


def test_short_proposals_retry_then_fall_back(monkeypatch):
    """Proposals that miss regions: another attempt (other coordinates); when every attempt falls short, cells."""
    net = random_net(3, 10, seed=8)
    calls: list[int] = []
    monkeypatch.setattr(dist, "certified_proposals", _short_first(dist.certified_proposals, calls))
    timings: dict = {}
    split = dist._sweep_distributed(arrangement(net), "serial", 2, time.monotonic(), timings)
    _same(net, split, "dask-sweep")
    assert calls == [0, 0, 1, 1]  # 2 slices of each attempt
    assert len(timings["checks"]) == 4  # short: the exact general-position check ran, in 2 x 2 slices

    def nothing(arr, engine, attempt=0, *, part=0, parts=1, known=()):
        return Proposed([], np.zeros((0, arr.dimension)), [], 0)

    monkeypatch.setattr(dist, "certified_proposals", nothing)
    real_check, slices = dist._sweep_check_task, []
    monkeypatch.setattr(dist, "_sweep_check_task", lambda payload: slices.append(payload) or real_check(payload))
    assert "reached 0 of" in dist._sweep_distributed(arrangement(net), "serial", 2, time.monotonic())
    assert len(slices) == 4  # checked once (2 x 2 slices), before the second of the three attempts
    _same(net, regions_distributed(net, tasks=2, client="serial"), "dask-cells")


@settings(max_examples=12, deadline=None)
@given(net=networks(d=st.integers(3, 4), n=st.integers(0, 8)), tasks=st.integers(1, 4))
def test_random_nets_in_process_match_serial(net, tasks):
    split = regions_distributed(net, tasks=tasks, client="serial")
    # out of general position: the cell split; in it, the sweep unless its proposals fell short (offsets of
    # 2^-1000 next to 1, say: the serial sweep falls short there too), then the cell split as well
    general = general_position_failure(arrangement(net)) is None and len(arrangement(net).groups) >= net.input_dim
    _same(net, split, "dask-" if general else "dask-cells")


@settings(max_examples=40, deadline=None)
@given(net=networks(d=st.integers(1, 4), n=st.integers(0, 7)))
def test_only_general_position_reaches_bucks_count(net):
    """Why the distributed sweep needs no separate check once the count is reached: fewer regions otherwise."""
    arr = arrangement(net)
    n, d = len(arr.groups), net.input_dim
    if n < d:
        return
    count = len(regions(net, method="lattice", progress=False))
    want = general_position_counts(n, d)[0]
    assert count == want if general_position_failure(arr) is None else count < want


@pytest.mark.parametrize("net", [random_degenerate_net(3, 7, seed=s) for s in range(20, 26)])
def test_degenerate_nets_stay_below_bucks_count(net):
    arr = arrangement(net)
    n, d = len(arr.groups), net.input_dim
    if n >= d and general_position_failure(arr) is not None:
        assert len(regions(net, method="lattice", progress=False)) < general_position_counts(n, d)[0]


@pytest.mark.parametrize(("d", "n", "parts"), [(3, 11, 3), (4, 9, 2), (4, 7, 5)])
def test_slices_propose_and_check_what_the_whole_does(d, n, parts):
    arr = arrangement(random_net(d, n, seed=d + n))
    whole = sorted(sweep_proposals(arr))
    assert sorted(p for k in range(parts) for p in sweep_proposals(arr, part=k, parts=parts)) == whole
    assert all(general_position_failure(arr, part=k, parts=parts) is None for k in range(parts))
    bad = arrangement(TwoLayerReLU([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, 0], [[1] * 4], [0]))
    assert [general_position_failure(bad, part=k, parts=3) is None for k in range(3)].count(False) >= 1


def test_adjacent_pairs_of_some_planes():
    masks = [0b000, 0b001, 0b011, 0b111, 0b110, 0b100]
    every = adjacent_pairs(masks, 3)
    assert adjacent_pairs(masks, 3, planes=[1, 2]) == [p for p in every if p[0] in (1, 2)]
    assert adjacent_pairs(masks, 3, planes=[]) == []


def test_sweep_result_is_built_from_the_columns_the_tasks_sent():
    """The driver keeps the tasks' integer rows: no point decoded, no object built; a store and batches read them."""
    from reluexact.regions.store import RationalRows, RegionStore
    from reluexact.regions.streaming import result_batches

    net = random_net(3, 12, seed=13)
    split = regions_distributed(net, tasks=3, client="serial")
    cols = split.columns
    assert isinstance(cols.points, RationalRows)
    assert isinstance(cols.edge_points, RationalRows)
    assert repr(split.regions).endswith(" 0 built)")
    assert repr(split.edges).endswith(" 0 built)")
    serial = canonical(regions(net, progress=False))
    back = RegionStore.from_result(split).to_result()
    assert result_summary(back) == result_summary(serial)
    batches: list = []
    summary = result_batches(split, batches.append)
    assert (summary.regions, summary.edges) == (len(serial), len(serial.edges))
    assert [p for b in batches for p in b.points] == [r.flint_point for r in split]
    _same(net, split, "dask-sweep(3 tasks)")


def _mixed_offsets_net():
    """Offsets of 2^40 next to 5: some facet points in int64, some in Python integers, some exact crossings."""
    rng = random.Random(3)
    W = [[rng.randint(-1000, 1000) for _ in range(3)] for _ in range(8)]
    b = [rng.randint(-(2**40), 2**40) if k % 2 else rng.randint(-5, 5) for k in range(8)]
    return TwoLayerReLU(W, b, [[1] * 8], [0])


@pytest.mark.parametrize(
    "net", [random_net(3, 9, seed=14), random_net(3, 8, seed=15, lo=-(2**40), hi=2**40), _mixed_offsets_net()]
)
def test_edge_rows_are_the_records_points_in_from_points_layout(net):
    """``edge_records(as_rows=True)``: the same exact points, in lowest terms (what from_points makes of them)."""
    from reluexact.regions.store import RationalRows
    from reluexact.regions.sweep import edge_records, pair_array, sweep_regions

    swept = sweep_regions(arrangement(net))
    recs = edge_records(swept.engine, swept.masks, swept.points, swept.pairs, floats=swept.floats)
    rows = edge_records(swept.engine, swept.masks, swept.points, swept.pairs, floats=swept.floats, as_rows=True)
    assert rows.records == []
    assert (rows.sign_checks, rows.exact_sign_checks) == (recs.sign_checks, recs.exact_sign_checks)
    want = RationalRows.from_points([q for _, _, _, q, _ in recs.records], 3)
    assert rows.points.numerators.tolist() == want.numerators.tolist()
    assert rows.points.denominators.tolist() == want.denominators.tolist()
    assert [rows.points.row(k) for k in range(len(want))] == [q for _, _, _, q, _ in recs.records]
    assert len(pair_array(swept.masks, len(swept.arrangement.groups))) == len(want)


# --- a real LocalCluster -------------------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("dask.distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.mark.parametrize(("net", "tasks"), [(random_net(3, 14, seed=11), None), (random_net(4, 10, seed=12), 3)])
def test_sweep_on_the_local_cluster(client, net, tasks):
    assert len(client.scheduler_info()["workers"]) == 2
    split = regions_distributed(net, tasks=tasks, client=client)
    _same(net, split, f"dask-sweep({tasks or 2} tasks)")  # default: one per worker


def test_degenerate_net_on_the_local_cluster_falls_back(client):
    net = random_degenerate_net(3, 10, seed=7)
    _same(net, regions_distributed(net, client=client), "dask-cells")


def test_fused_phases_on_the_local_cluster_and_their_fallback(client):
    # phase 2 takes phase 1's parts straight from the workers; short of Buck's count the driver goes on itself
    net = random_net(3, 12, seed=21)
    timings: dict = {}
    fused = dist._sweep_distributed(arrangement(net), client, 4, time.monotonic(), timings)
    assert timings["fused"] is True
    _same(net, fused, "dask-sweep(4 tasks)")
    assert len(timings["parts1"]) == 4
    assert timings["checks"] == []

    def short_first_attempt(short) -> None:  # run in each worker
        from reluexact.regions import distributed as dist_module
        from reluexact.regions import sweep as sweep_module

        dist_module.certified_proposals = short(sweep_module.certified_proposals)

    def restore() -> None:
        from reluexact.regions import distributed as dist_module
        from reluexact.regions import sweep as sweep_module

        dist_module.certified_proposals = sweep_module.certified_proposals

    client.run(short_first_attempt, _short_first)
    try:
        timings = {}
        again = dist._sweep_distributed(arrangement(net), client, 4, time.monotonic(), timings)
    finally:
        client.run(restore)
    assert timings["fused"] is False
    assert len(timings["checks"]) == 8  # short: the exact general-position check ran, in 2 x 4 slices
    assert sorted({attempt for _, attempt, _, _, _ in timings["parts1"]}) == [0, 1]
    _same(net, again, "dask-sweep(4 tasks)")


def test_fused_tasks_number_the_regions_as_the_driver_or_are_refused(client):
    # each facet task merges phase 1's parts and numbers the regions by pattern itself: a merge in another
    # order gives the same numbering (and result); tasks numbering otherwise, or not by pattern, are refused
    net = random_net(3, 10, seed=22)

    def reversed_merge() -> None:  # run in each worker (a local function: pickled by value)
        from reluexact.regions import distributed as dist_module

        real = dist_module._deduped_regions

        def merge(parts, d):
            masks, points, checks, exact = real(parts, d)
            order = np.arange(len(masks))[::-1].copy()
            return masks[::-1], points.take(order), checks, exact

        dist_module._deduped_regions = merge
        dist_module._real_deduped_regions = real

    def reversed_numbering() -> None:
        from reluexact.regions import distributed as dist_module

        real = dist_module.pattern_order
        dist_module.pattern_order = lambda arr, masks: real(arr, masks)[::-1].copy()
        dist_module._real_pattern_order = real

    def restore() -> None:
        from reluexact.regions import distributed as dist_module

        if hasattr(dist_module, "_real_deduped_regions"):
            dist_module._deduped_regions = dist_module._real_deduped_regions
        if hasattr(dist_module, "_real_pattern_order"):
            dist_module.pattern_order = dist_module._real_pattern_order

    client.run(reversed_merge)
    try:
        timings: dict = {}
        merged_otherwise = dist._sweep_distributed(arrangement(net), client, 2, time.monotonic(), timings)
    finally:
        client.run(restore)
    assert timings["fused"] is True
    _same(net, merged_otherwise, "dask-sweep(2 tasks)")
    one = sorted(client.scheduler_info()["workers"])[:1]
    for workers, why in ((one, "another order"), (None, "not numbered by pattern")):
        client.run(reversed_numbering, workers=workers)  # one worker: the tasks disagree; all: they agree, wrongly
        try:
            with pytest.raises(CertificationError, match=why):
                dist._sweep_distributed(arrangement(net), client, 2, time.monotonic())
        finally:
            client.run(restore)
    again = dist._sweep_distributed(arrangement(net), client, 2, time.monotonic())
    _same(net, again, "dask-sweep(2 tasks)")


def test_worker_killed_mid_sweep_gives_the_full_result():
    """SIGKILL a worker process while it runs a sweep task: Dask re-runs it; the result is still the serial one."""
    distributed = pytest.importorskip("dask.distributed")
    net = random_net(3, 26, seed=5)
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
                box["result"] = regions_distributed(net, tasks=4, client=client)
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
                time.sleep(0.002)
        thread.join()
    assert killed is not None, "the run ended before a worker could be killed"
    assert "error" not in box, box.get("error")
    _same(net, box["result"], "dask-sweep(4 tasks)")


def test_cli_workers_take_the_sweep_in_r3(client, tmp_path, capsys):
    """``reluexact regions MODEL --scheduler ADDRESS`` in R^3 (the sweep): its JSON equals the single-process one."""
    import json

    from reluexact.cli import main
    from reluexact.io import save_model

    path = tmp_path / "net3d.json"
    save_model(random_net(3, 9, seed=21), path)
    assert main(["regions", str(path), "--json", "--quiet"]) == 0
    serial = json.loads(capsys.readouterr().out)
    assert main(["regions", str(path), "--json", "--scheduler", client.scheduler.address]) == 0
    split = json.loads(capsys.readouterr().out)

    def key(doc):
        pats = {r["id"]: r["pattern"] for r in doc["regions"]}
        regs = sorted((r["pattern"], json.dumps(r["gradient"]), json.dumps(r["facets"])) for r in doc["regions"])
        return regs, sorted((pats[e["a"]], pats[e["b"]], tuple(e["units"])) for e in doc["edges"])

    assert key(split) == key(serial)
    # --split cells (the cell split) and --split sweep give the same document; the sweep writes no parts
    for how in ("cells", "sweep"):
        args = ["regions", str(path), "--json", "--scheduler", client.scheduler.address, "--split", how]
        assert main(args) == 0
        assert key(json.loads(capsys.readouterr().out)) == key(serial), how
    args = ["regions", str(path), "--scheduler", client.scheduler.address, "--split", "sweep", "--parts"]
    assert main([*args, str(tmp_path / "parts")]) == 2
    assert "--split cells" in capsys.readouterr().err
    assert not (tmp_path / "parts").exists()


def test_local_clusters_keep_glibcs_memory_trimming(tmp_path):
    """Dask's workers get MALLOC_TRIM_THRESHOLD_=65536 by default (20-25 % slower sweep tasks); ours do not.

    In a new process with a clean environment: a LocalCluster started directly (Dask's default)
    sets the variable in the nanny's own environment, which would leak into ours.
    """
    import subprocess
    import sys

    pytest.importorskip("dask.distributed")
    script = tmp_path / "env.py"
    script.write_text(
        "import os\n"
        "from dask.distributed import Client\n"
        "from reluexact.regions.distributed import local_cluster\n"
        "if __name__ == '__main__':\n"
        "    with local_cluster(1) as cluster, Client(cluster) as client:\n"
        "        print(list(client.run(lambda: os.environ.get('MALLOC_TRIM_THRESHOLD_', 'unset')).values()))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    run = [sys.executable, str(script)]
    out = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120, check=True)
    assert out.stdout.strip() == "['unset']"
