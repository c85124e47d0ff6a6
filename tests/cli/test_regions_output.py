"""Tests for the streaming outputs, the progress display and the memory budget of ``reluexact regions``."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from reluexact.cli import main
from reluexact.cli._regions_output import LARGE, parse_bytes
from reluexact.errors import InvalidArgument
from reluexact.interop.regions_json import regions_to_json
from reluexact.interop.regions_stream import read_regions_jsonl, read_regions_parquet
from reluexact.io import save_model
from reluexact.regions import regions
from tests.cli.conftest import NET2D
from tests.regions.oracles import random_net


def test_jsonl_parquet_graph_and_json_from_one_run(model2d, tmp_path, capsys):
    pytest.importorskip("pyarrow")
    jl, pq, gml = tmp_path / "r.jsonl", tmp_path / "pq", tmp_path / "g.graphml"
    argv = ["regions", str(model2d), "--box=-1,1", "--jsonl", str(jl), "--parquet", str(pq), "--graph", str(gml)]
    assert main([*argv, "--json", "--quiet"]) == 0
    captured = capsys.readouterr()
    result = regions(NET2D, domain="-1,1")
    assert json.loads(captured.out) == regions_to_json(result)
    assert captured.err == ""  # not a terminal: no progress display
    a, b = read_regions_jsonl(jl), read_regions_parquet(pq)
    assert a["regions"] == b["regions"]
    assert a["edges"] == b["edges"]
    assert a["complete"] is b["complete"] is True
    assert [r["pattern"] for r in a["regions"]] == [r.pattern for r in result]
    G = nx.read_graphml(gml)
    assert (G.number_of_nodes(), G.number_of_edges()) == (len(result), len(result.edges))


def test_progress_shown_when_asked(model2d, tmp_path, capsys):
    assert main(["regions", str(model2d), "--jsonl", str(tmp_path / "r.jsonl"), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "r.jsonl" in err  # the writing stage of the one display (tqdm, on stderr)
    assert main(["regions", str(model2d), "--jsonl", str(tmp_path / "r.jsonl"), "--progress", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_memory_budget_stops_cleanly_with_a_marked_partial_result(tmp_path, capsys):
    path = tmp_path / "m.json"
    save_model(random_net(2, 12, 3), path)
    out = tmp_path / "r.jsonl"
    # one byte: exceeded at the first check (before the first hyperplane's regions are kept)
    assert main(["regions", str(path), "--max-memory", "1", "--jsonl", str(out), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "PARTIAL" in captured.out
    assert "PARTIAL" in captured.err
    doc = read_regions_jsonl(out)
    assert doc["complete"] is False
    full = regions(random_net(2, 12, 3))
    assert len(doc["regions"]) < len(full)
    assert {r["pattern"] for r in doc["regions"]} <= {r.pattern for r in full}
    assert main(["regions", str(path), "--max-memory", "lots"]) == 2


def test_large_results_warn_for_graphml_and_json(monkeypatch, model2d, tmp_path, capsys):
    import reluexact.cli._regions_output as output

    monkeypatch.setattr(output, "LARGE", 3)
    assert main(["regions", str(model2d), "--graph", str(tmp_path / "g.graphml"), "--json", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert err.count("warning") == 2
    assert "--jsonl" in err
    assert LARGE >= 10_000


def test_parse_bytes():
    assert parse_bytes("2G") == 2 * 10**9
    assert parse_bytes("1GiB") == 2**30
    assert parse_bytes("10k") == 10**4
    for bad in ("", "-1G", "0", "1X", "0.1"):
        with pytest.raises(InvalidArgument):
            parse_bytes(bad)


def test_jsonl_to_stdout_rereads_equal_the_result(tmp_path, capsys):
    path = tmp_path / "m.json"
    net = random_net(3, 7, 4)
    save_model(net, path)
    assert main(["regions", str(path), "--jsonl", "-", "--quiet"]) == 0
    out = tmp_path / "stdout.jsonl"
    out.write_text(capsys.readouterr().out)
    doc = read_regions_jsonl(out)
    result = regions(net)  # the same method as the CLI's default, so the same order
    assert [r["pattern"] for r in doc["regions"]] == [r.pattern for r in result]
    assert len(doc["edges"]) == len(result.edges)
    assert main(["regions", str(path), "--jsonl", "-", "--json"]) == 2  # both on stdout: refused
    assert "stdout" in capsys.readouterr().err


@pytest.mark.parametrize("method", ["lattice", "walk", "auto"])
def test_method_option_gives_the_same_regions(tmp_path, capsys, method):
    path = tmp_path / "m.json"
    net = random_net(3, 6, 5)
    save_model(net, path)
    assert main(["regions", str(path), "--box=-2,2", "--json", "--quiet", "--method", method]) == 0
    doc = json.loads(capsys.readouterr().out)
    want = regions(net, domain="-2,2")
    assert sorted(r["pattern"] for r in doc["regions"]) == sorted(r.pattern for r in want)
    assert len(doc["edges"]) == len(want.edges)
    assert sorted(len(r["facets"]) for r in doc["regions"]) == sorted(len(r.facets) for r in want)


def test_method_is_in_the_help(capsys):
    assert main(["regions", "--help"]) == 0
    assert "--method {auto,lattice,walk,sweep}" in capsys.readouterr().out
