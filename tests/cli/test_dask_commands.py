"""``locate``, ``pieces`` and ``boundary`` with ``--workers`` / ``--scheduler`` (reluexact/cli/_dask.py).

A real LocalCluster (one worker process) is joined by address. ``locate`` splits the points into
batches: its output equals the single-process output exactly. ``pieces`` and ``boundary`` run on the
distributed regions, numbered by pattern (as ``regions --workers`` numbers them): their output equals
the single-process computation on those canonically numbered regions, but the certified points,
which may differ (any certified point will do).
"""

from __future__ import annotations

import json

import pytest

from reluexact.answers import affine_pieces, decision_boundary
from reluexact.cli import main
from reluexact.interop.boundary_json import boundary_to_json
from reluexact.interop.pieces_json import pieces_to_json
from reluexact.io import load_model, save_model
from reluexact.model import TwoLayerReLU
from reluexact.regions import regions
from reluexact.regions.distributed import canonical


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        yield cluster.scheduler_address


def _run(capsys, args):
    assert main(args) == 0
    return capsys.readouterr().out


def _no_points(doc):
    """The document without its certified points (they may differ between two correct runs)."""
    if isinstance(doc, dict):
        return {k: _no_points(v) for k, v in doc.items() if k != "point"}
    if isinstance(doc, list):
        return [_no_points(v) for v in doc]
    return doc


def test_locate_split_equals_one_process(model2d, scheduler, tmp_path, capsys):
    points = tmp_path / "points.csv"
    points.write_text("".join(f"{i - 5}/3,{(7 * i) % 11 - 5}/4\n" for i in range(13)) + "0,0\n")
    for fmt in (["--json"], []):
        serial = _run(capsys, ["locate", str(model2d), str(points), "--box=-3,3", *fmt])
        split = _run(
            capsys, ["locate", str(model2d), str(points), "--box=-3,3", *fmt, "--scheduler", scheduler, "--tasks", "4"]
        )
        assert split == serial


def test_pieces_on_the_cluster(model2d, scheduler, capsys):
    net = load_model(model2d)
    split = json.loads(
        _run(capsys, ["pieces", str(model2d), "--box=-2,2", "--json", "--scheduler", scheduler, "--tasks", "3"])
    )
    want = pieces_to_json(
        affine_pieces(net, domain="-2,2", regions_result=canonical(regions(net, domain="-2,2", progress=False)))
    )
    assert _no_points(split) == _no_points(json.loads(json.dumps(want)))


def test_boundary_on_the_cluster(scheduler, tmp_path, capsys):
    net = TwoLayerReLU([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, "1/2"], [[1, -2, 1, 3]], ["-1/4"])
    path = tmp_path / "net.json"
    save_model(net, path)
    split = json.loads(_run(capsys, ["boundary", str(path), "--box=-2,2;-2,2", "--json", "--scheduler", scheduler]))
    want = boundary_to_json(decision_boundary(net, result=canonical(regions(net, domain="-2,2;-2,2", progress=False))))
    assert _no_points(split) == _no_points(json.loads(json.dumps(want)))
    assert split["pieces"]  # the boundary is not empty: the comparison compares something


def _no_times(doc):
    """A robustness document or table without the measured times (they differ between two runs)."""
    if isinstance(doc, str):  # the text table: drop the ms column (the 5th field of a sample row)
        return [line.split()[:4] + line.split()[5:] if line[:1].isdigit() else line for line in doc.splitlines()]
    return {**doc, "samples": [{k: v for k, v in s.items() if k != "milliseconds"} for s in doc["samples"]]}


@pytest.mark.parametrize("extra", [[], ["--eps", "1/3"], ["--norm", "2", "--json"], ["--norm", "1", "--json"]])
def test_robustness_split_equals_one_process(model2d, scheduler, tmp_path, capsys, extra):
    points = tmp_path / "points.csv"
    points.write_text("".join(f"{i - 5}/3,{(7 * i) % 11 - 5}/4\n" for i in range(9)) + "0,0\n")
    args = ["robustness", str(model2d), str(points), "--box=-3,3", *extra]
    serial = _run(capsys, args)
    split = _run(capsys, [*args, "--scheduler", scheduler, "--tasks", "3"])
    if "--json" in extra:
        serial, split = json.loads(serial), json.loads(split)
        assert len(split["samples"]) == 10
    assert _no_times(split) == _no_times(serial)
