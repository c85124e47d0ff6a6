"""Tests of the ``reluexact locate`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU, evaluate


@pytest.fixture
def model(tmp_path):
    net = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
    path = tmp_path / "model.json"
    save_model(net, path)
    return net, path


def _csv(tmp_path, text, name="points.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_json_output_is_exact(model, tmp_path, capsys):
    net, path = model
    points = _csv(tmp_path, "x1,x2\n0,0\n1/2,1/4\n-1/5,0\n0.1,0.1\n")
    assert main(["locate", str(path), str(points), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    statuses = [p["status"] for p in doc["points"]]
    assert statuses == ["interior", "interior", "boundary", "interior"]
    assert doc["points"][2]["boundary_units"] == [1]
    # the affine map of each region reproduces the exact value at its point
    for region in doc["regions"]:
        x = [Fraction(v) for v in region["point"]]
        G = [[Fraction(v) for v in row] for row in region["gradient"]]
        o = [Fraction(v) for v in region["offset"]]
        assert tuple(sum((g * v for g, v in zip(row, x, strict=True)), ok) for row, ok in zip(G, o, strict=True)) == (
            evaluate(net, x)
        )
        assert region["facets"]
    # exact squared distance at (0, 0): unit 0 gives (3/10)^2 / 5 = 9/500, unit 1 (1/5)^2 / 2 = 1/50
    assert doc["points"][0]["squared_distance"] == "9/500"
    assert doc["points"][0]["nearest"] == [0]


def test_text_output_and_box(model, tmp_path, capsys):
    _, path = model
    points = _csv(tmp_path, "0,0\n3,3\n")
    assert main(["locate", str(path), str(points), "--box=-1,1;-1,1"]) == 0
    out = capsys.readouterr().out
    assert "2 points, 1 visited regions, 0 on a boundary, 1 outside the domain" in out
    assert "outside" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2\n3,abc\n", "row 2, column 2"),
        ("1,2\n3\n", "row 2 has 1 columns"),
        ("1,2\n3,\n", "row 2, column 2: empty field"),
        ("", "no points"),
    ],
)
def test_bad_csv_is_a_clear_error(model, tmp_path, capsys, text, message):
    _, path = model
    points = _csv(tmp_path, text)
    assert main(["locate", str(path), str(points)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_missing_points_file(model, tmp_path, capsys):
    _, path = model
    assert main(["locate", str(path), str(tmp_path / "nope.csv")]) == 2
    assert "cannot read the points file" in capsys.readouterr().err


def test_subprocess_round_trip(model, tmp_path):
    _, path = model
    points = _csv(tmp_path, "1,1\n-1,-1\n")
    run = subprocess.run(
        [sys.executable, "-m", "reluexact", "locate", str(path), str(points), "--json", "--no-facets"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert len(doc["points"]) == 2
    assert "facets" not in doc["regions"][0]


def test_time_limit_marks_partial(model, tmp_path, capsys):
    _, path = model
    points = _csv(tmp_path, "0,0\n1,1\n")
    assert main(["locate", str(path), str(points), "--time-limit", "0"]) == 0
    assert "PARTIAL" in capsys.readouterr().out
    assert main(["locate", str(path), str(points), "--time-limit", "0", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["facets_complete"] is False
    assert all("facets" not in r for r in doc["regions"])
