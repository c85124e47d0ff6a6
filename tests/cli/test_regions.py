"""Tests for ``reluexact regions`` (reluexact/cli/regions.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import networkx as nx

from reluexact.cli import main
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.regions import regions

MODEL = {
    "format": "reluexact.two-layer-relu",
    "version": 1,
    "W": [["1", "2"], ["-1", "1"], ["1/2", "-3"]],
    "b": ["3/10", "-1/5", "1"],
    "A": [["2", "-1", "7/10"]],
    "c": ["0"],
}


def _model(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(MODEL))
    return path


def test_json_schema_and_exact_values(tmp_path, capsys):
    path = _model(tmp_path)
    assert main(["regions", str(path), "--json", "--box=-1,1;-1,1", "--quiet"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"regions", "edges"}
    net = TwoLayerReLU(MODEL["W"], MODEL["b"], MODEL["A"], MODEL["c"])
    assert len(doc["regions"]) == len(regions(net, domain="-1,1;-1,1"))
    for reg in doc["regions"]:
        assert set(reg) == {"id", "pattern", "point", "gradient", "offset", "facets"}
        assert set(reg["pattern"]) <= {"0", "1"}
        assert len(reg["pattern"]) == 3
        x = [Fraction(v) for v in reg["point"]]
        grad = [[Fraction(v) for v in row] for row in reg["gradient"]]
        off = [Fraction(v) for v in reg["offset"]]
        assert [sum(g * v for g, v in zip(row, x, strict=True)) + o for row, o in zip(grad, off, strict=True)] == list(
            evaluate(net, x)
        )
        for f in reg["facets"]:
            assert (isinstance(f, int) and 0 <= f < 3) or f in {f"box:{k}:{s}" for k in (0, 1) for s in ("lo", "hi")}
    for e in doc["edges"]:
        assert set(e) == {"a", "b", "units"}
        pa, pb = doc["regions"][e["a"]]["pattern"], doc["regions"][e["b"]]["pattern"]
        assert [i for i in range(3) if pa[i] != pb[i]] == e["units"]


def test_graph_and_text_output(tmp_path, capsys):
    path = _model(tmp_path)
    out = tmp_path / "g.graphml"
    assert main(["regions", str(path), "--graph", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("7 regions (complete), 9 adjacencies")
    G = nx.read_graphml(out)
    assert (G.number_of_nodes(), G.number_of_edges()) == (7, 9)


def test_partial_and_errors(tmp_path, capsys):
    path = _model(tmp_path)
    assert main(["regions", str(path), "--json", "--max-regions", "2", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["regions"]) == 2
    assert "PARTIAL" in captured.err
    assert main(["regions", str(path), "--box=0,1", "--quiet"]) == 0  # one pair: the same for every input
    assert "domain box[0,1;0,1]" in capsys.readouterr().out
    assert main(["regions", str(path), "--box=0,1;0,1;0,1"]) == 2
    assert "--box has 3 sides (lo,hi pairs) but the network has d = 2 inputs" in capsys.readouterr().err
    assert main(["regions", str(path), "--box=0,1;1,1"]) == 2
    assert "empty or a point" in capsys.readouterr().err
    assert main(["regions", str(path), "--max-regions", "0"]) == 2


def test_subprocess(tmp_path):
    path = _model(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "reluexact", "regions", str(path), "--json", "--box=-1,1;-1,1"],
        capture_output=True,
        text=True,
        check=True,
    )
    doc = json.loads(proc.stdout)
    assert len(doc["regions"]) == 7
    assert len(doc["edges"]) == 9
