"""Tests for ``reluexact pieces`` (reluexact/cli/pieces.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

from reluexact.answers import affine_pieces, pieces_graph
from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU
from tests.cli.conftest import NET2D

#: relu(x) - 2 relu(x - 1) + relu(x - 2) and a second output with a cancelling coincident pair at x = 1
HAT = TwoLayerReLU([[1], [1], [1], [-1]], [0, -1, -2, 1], [[1, -2, 1, 0], [0, 1, 0, 1]], [0, 0])


def _hat(tmp_path):
    path = tmp_path / "hat.json"
    save_model(HAT, path)
    return path


def test_json_schema_ids_and_exact_values(model2d, capsys):
    assert main(["pieces", str(model2d), "--box=-1,1;-1,1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"n_regions", "output", "pieces", "maps", "map_groups", "graph"}
    result = affine_pieces(NET2D, domain="-1,1;-1,1")
    assert doc["n_regions"] == len(result.regions)
    assert doc["maps"] == result.n_maps
    assert len(doc["pieces"]) == len(result)
    for entry, piece in zip(doc["pieces"], result.pieces, strict=True):
        assert set(entry) == {"id", "point", "gradient", "offset", "regions", "bounded", "facets"}
        point = [Fraction(v) for v in entry["point"]]
        # each facet: its exact point is on its hyperplane, and the piece across has a different map there
        for facet in entry["facets"]:
            fp = [Fraction(v) for v in facet["point"]]
            normal = [Fraction(v) for v in facet["normal"]]
            assert sum(a * x for a, x in zip(normal, fp, strict=True)) + Fraction(facet["offset"]) == 0
            assert sum(a * x for a, x in zip(normal, point, strict=True)) + Fraction(facet["offset"]) > 0
            if facet["neighbor"] is not None:
                across = doc["pieces"][facet["neighbor"]]
                assert across["gradient"] != entry["gradient"]
                assert sorted([entry["id"], facet["neighbor"]]) in [e["pieces"] for e in doc["graph"]]
        point = [Fraction(v) for v in entry["point"]]
        gradient = [Fraction(v) for v in entry["gradient"][0]]
        offset = Fraction(entry["offset"][0])
        assert NET2D(point)[0] == sum(g * x for g, x in zip(gradient, point, strict=True)) + offset
        assert entry["regions"] == list(piece.regions)
        assert entry["bounded"] is True
    graph = pieces_graph(result)
    assert {tuple(e["pieces"]) for e in doc["graph"]} == {tuple(sorted(e)) for e in graph.edges}


def test_region_ids_are_those_of_reluexact_regions(model2d, capsys):
    assert main(["regions", str(model2d), "--json", "--quiet"]) == 0
    listed = json.loads(capsys.readouterr().out)["regions"]
    assert main(["pieces", str(model2d), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for entry in doc["pieces"]:
        for r in entry["regions"]:
            region = listed[r]
            assert region["gradient"] == entry["gradient"]
            assert region["offset"] == entry["offset"]
    assert sorted(r for e in doc["pieces"] for r in e["regions"]) == list(range(len(listed)))


def test_output_is_numbered_from_one_and_text_from_one(tmp_path, capsys):
    path = _hat(tmp_path)
    assert main(["pieces", str(path), "--output", "1"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("4 affine pieces, 3 distinct maps, from 4 activation regions (output 1;")
    assert "piece P1: regions R" in text
    assert "piece P0" not in text
    assert main(["pieces", str(path), "--output", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["output"] == 1
    assert doc["n_regions"] == 4
    assert doc["maps"] == len(doc["pieces"])
    assert len(doc["pieces"]) == len(affine_pieces(HAT, output=1))
    assert main(["pieces", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["output"] is None


def test_text_prints_the_adjacency_graph_of_the_json(tmp_path, model2d, capsys):
    # the text lists the same edges as --json's "graph" (numbered from 1), with the units of the shared
    # hyperplane and the certified point of the shared facet
    import re

    for args in ([str(_hat(tmp_path)), "--output", "1"], [str(model2d), "--box=-1,1;-1,1"]):
        assert main(["pieces", *args]) == 0
        text = capsys.readouterr().out
        assert main(["pieces", *args, "--json"]) == 0
        doc = json.loads(capsys.readouterr().out)
        edges = re.findall(r"^  P(\d+) -- P(\d+) across units? ([\d, ]+) at \(([^)]*)\)$", text, re.MULTILINE)
        assert sorted((int(a) - 1, int(b) - 1) for a, b, _, _ in edges) == sorted(
            tuple(e["pieces"]) for e in doc["graph"]
        )
        assert f"adjacency graph: {len(doc['graph'])} edge" in text
        by_id = {p["id"]: p for p in doc["pieces"]}
        for a, b, units, point in edges:
            facets = [f for f in by_id[int(a) - 1]["facets"] if f["neighbor"] == int(b) - 1]
            assert [[u + 1 for u in f["units"]] for f in facets] == [[int(u) for u in units.split(", ")]]
            assert point.split(",") == facets[0]["point"]
    # the hat: P1 .. P4 along the line, one edge per knot
    assert main(["pieces", str(_hat(tmp_path)), "--output", "1"]) == 0
    assert "adjacency graph: 3 edges between 4 pieces" in capsys.readouterr().out


def test_bad_output_is_one_line_error(tmp_path, capsys):
    path = _hat(tmp_path)
    assert main(["pieces", str(path), "--output", "3"]) == 2
    err = capsys.readouterr().err
    assert "--output 3: the model has 2 outputs, numbered 1 to 2" in err
    assert err.count("\n") == 1
    assert main(["pieces", str(path), "--output", "0"]) == 2


def test_many_pieces_are_cut_short_in_text(tmp_path, capsys):
    net = TwoLayerReLU([[1]] * 30, [-k for k in range(30)], [[1] * 30], [0])
    path = tmp_path / "ramp.json"
    save_model(net, path)
    assert main(["pieces", str(path)]) == 0
    text = capsys.readouterr().out
    assert "... 11 more (use --json for all)" in text


def test_subprocess_run(tmp_path):
    path = _hat(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "reluexact", "pieces", str(path), "--box=-1,3", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["n_regions"] == 4
