"""``reluexact boundary`` (reluexact/cli/boundary.py): the JSON schemas of issue 11, exact values, region ids."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU, evaluate
from tests.cli.conftest import NET2D


def _save(tmp_path: Path, net: TwoLayerReLU, name: str = "m.json") -> Path:
    path = tmp_path / name
    save_model(net, path)
    return path


def _point(values: list[str]) -> tuple[Fraction, ...]:
    assert all(isinstance(v, str) for v in values)  # "p/q" strings
    return tuple(Fraction(v) for v in values)


def _regions(capsys, path: Path, *box: str) -> dict:
    assert main(["regions", str(path), "--json", "--quiet", *box]) == 0
    return json.loads(capsys.readouterr().out)


def _pattern_at(net: TwoLayerReLU, x) -> str:
    out = []
    for w, b in zip(net.hidden_weights, net.hidden_bias, strict=True):
        z = sum((a * v for a, v in zip(w, x, strict=True)), Fraction(0)) + b
        assert z != 0 or not any(w)  # strictly inside a region: on no hyperplane
        out.append("1" if z > 0 else "0")
    return "".join(out)


def test_one_output_schema_exact_points_and_region_ids(tmp_path: Path, capsys) -> None:
    path = _save(tmp_path, NET2D)
    for box in ([], ["--box=-5,5;-5,5"]):
        assert main(["boundary", str(path), "--json", *box]) == 0
        doc = json.loads(capsys.readouterr().out)
        assert set(doc) == {"pieces", "zero_regions", "cells"}
        patterns = [r["pattern"] for r in _regions(capsys, path, *box)["regions"]]
        assert doc["pieces"]
        for piece in doc["pieces"]:
            assert set(piece) == {"region", "point"}
            x = _point(piece["point"])
            assert evaluate(NET2D, x) == (0,)
            assert _pattern_at(NET2D, x) == patterns[piece["region"]]
        for cell in doc["cells"]:
            assert set(cell) == {"region", "sign", "point"}
            x = _point(cell["point"])
            value = evaluate(NET2D, x)[0]
            assert (value > 0) if cell["sign"] == 1 else (value < 0)
            assert _pattern_at(NET2D, x) == patterns[cell["region"]]
        assert doc["zero_regions"] == []


def test_zero_regions_in_json(tmp_path: Path, capsys) -> None:
    net = TwoLayerReLU([[1], [1], [1]], [0, -1, -2], [[1, -2, 1]], [0])  # 0 left of 0 and right of 2
    path = _save(tmp_path, net)
    assert main(["boundary", str(path), "--json", "--box=-1,3"]) == 0
    doc = json.loads(capsys.readouterr().out)
    regions = _regions(capsys, path, "--box=-1,3")["regions"]
    zero_points = sorted(Fraction(regions[r]["point"][0]) for r in doc["zero_regions"])
    assert len(zero_points) == 2
    assert zero_points[0] < 0 < 2 < zero_points[1]
    assert doc["pieces"] == []


def test_several_outputs_schema(tmp_path: Path, capsys) -> None:
    net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 0, 1], [0, 1, -1], [0, 0, 2]], [0, 0, "1/2"])
    path = _save(tmp_path, net)
    assert main(["boundary", str(path), "--json", "--box=-1,1"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"cells", "interfaces"}
    patterns = [r["pattern"] for r in _regions(capsys, path, "--box=-1,1")["regions"]]
    assert {c["class"] for c in doc["cells"]} == {0, 1, 2}  # 0-based classes
    for cell in doc["cells"]:
        values = evaluate(net, _point(cell["point"]))
        k = cell["class"]
        assert all(values[j] < values[k] for j in range(3) if j != k)
        assert _pattern_at(net, _point(cell["point"])) == patterns[cell["region"]]
    assert doc["interfaces"]
    for face in doc["interfaces"]:
        k, l = face["classes"]
        values = evaluate(net, _point(face["point"]))
        assert values[k] == values[l]
        assert all(values[j] < values[k] for j in range(3) if j not in (k, l))
        assert _pattern_at(net, _point(face["point"])) == patterns[face["region"]]


def test_text_numbers_from_one(tmp_path: Path, capsys) -> None:
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1], [0, 0]], [0, 0, "1/2"])
    assert main(["boundary", str(_save(tmp_path, net)), "--box=0,2"]) == 0
    out = capsys.readouterr().out
    assert "class 3: 1 cell, area 1/4" in out
    assert "interface of classes 1 and 2 in R1" in out
    one = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [-1])
    assert main(["boundary", str(_save(tmp_path, one, "one.json")), "--box=-2,2"]) == 0
    out = capsys.readouterr().out
    assert "3 pieces in 4 regions" in out
    assert "total length sqrt(2) + 4 (exact)" in out
    assert "f > 0: area 15/2; f < 0: area 17/2" in out


def test_errors_are_one_line(tmp_path: Path, capsys) -> None:
    path = _save(tmp_path, NET2D)
    assert main(["boundary", str(path), "--box=0,1;1,1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert main(["boundary", str(tmp_path / "missing.json")]) == 2


def test_subprocess(tmp_path: Path) -> None:
    path = _save(tmp_path, NET2D)
    proc = subprocess.run(
        [sys.executable, "-m", "reluexact", "boundary", str(path), "--json", "--box=-1,1;-1,1"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert set(json.loads(proc.stdout)) == {"pieces", "zero_regions", "cells"}
