"""Tests for ``reluexact regions --workers/--scheduler/--tasks/--parts`` (reluexact/cli/_dask.py)."""

from __future__ import annotations

import json

import pytest

from reluexact.cli import main
from reluexact.io import load_model
from reluexact.regions import regions
from reluexact.regions.distributed import canonical, read_regions_dataset, region_records


def _without_ids(doc):
    """The --json document keyed by pattern (ids differ only by numbering; points may differ)."""
    pats = {r["id"]: r["pattern"] for r in doc["regions"]}
    regs = sorted(
        (r["pattern"], json.dumps(r["gradient"]), json.dumps(r["offset"]), json.dumps(r["facets"]))
        for r in doc["regions"]
    )
    edges = sorted((pats[e["a"]], pats[e["b"]], tuple(e["units"])) for e in doc["edges"])
    return regs, edges


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        yield cluster.scheduler_address


def test_scheduler_json_equals_serial_json(model2d, scheduler, capsys):
    assert main(["regions", str(model2d), "--json", "--quiet"]) == 0
    serial = json.loads(capsys.readouterr().out)
    assert main(["regions", str(model2d), "--json", "--scheduler", scheduler, "--tasks", "3"]) == 0
    split = json.loads(capsys.readouterr().out)
    assert _without_ids(split) == _without_ids(serial)
    assert [r["id"] for r in split["regions"]] == list(range(len(serial["regions"])))


def test_max_task_regions_splits_again_and_equals_serial_json(model2d, scheduler, capsys):
    assert main(["regions", str(model2d), "--json", "--quiet"]) == 0
    serial = json.loads(capsys.readouterr().out)
    args = ["regions", str(model2d), "--json", "--scheduler", scheduler, "--tasks", "1", "--max-task-regions", "2"]
    assert main(args) == 0
    split = json.loads(capsys.readouterr().out)
    assert _without_ids(split) == _without_ids(serial)
    assert len(serial["regions"]) > 2  # so the one task was too big and its cell was cut again


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_parts_written_and_read_back(model2d, scheduler, tmp_path, capsys, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / "parts"
    args = ["regions", str(model2d), "--box=-2,2", "--scheduler", scheduler, "--parts", str(out), "--parts-format", fmt]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "manifest.json" in text
    manifest = json.loads((out / "manifest.json").read_text())
    regs, edges = read_regions_dataset(out)
    serial = regions(load_model(model2d), domain="-2,2", progress=False)
    want_regs, want_edges = region_records(canonical(serial))
    assert manifest["counts"]["regions"] == len(regs) == len(want_regs)
    assert sorted(r["pattern"] for r in regs) == sorted(r["pattern"] for r in want_regs)
    assert sorted((e["a"], e["b"]) for e in edges) == sorted((e["a"], e["b"]) for e in want_edges)


def test_parts_refused_twice_without_force(model2d, tmp_path, capsys):
    out = tmp_path / "parts"
    assert main(["regions", str(model2d), "--tasks", "2", "--parts", str(out), "--workers", "1"]) == 0
    capsys.readouterr()
    assert main(["regions", str(model2d), "--tasks", "2", "--parts", str(out), "--workers", "1"]) != 0
    assert "dataset already" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--workers", "0"], "--workers must be a positive integer"),
        (["--max-task-regions", "0"], "--max-task-regions must be a positive integer"),
        (["--workers", "1", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
        (["--tasks", "2", "--max-regions", "3"], "for one process"),
    ],
)
def test_bad_options(model2d, capsys, extra, message):
    assert main(["regions", str(model2d), *extra]) != 0
    assert message in capsys.readouterr().err


def test_unreachable_scheduler_is_a_clear_error(model2d, capsys):
    dask = pytest.importorskip("dask")
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        assert main(["regions", str(model2d), "--scheduler", "tcp://127.0.0.1:9"]) != 0
    assert "cannot join the Dask scheduler" in capsys.readouterr().err
