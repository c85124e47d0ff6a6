"""Tests for ``reluexact slice`` (reluexact/cli/slice.py)."""

from __future__ import annotations

import json
import os
from fractions import Fraction

import pytest

from reluexact.cli import main
from reluexact.io import load_model, save_model
from reluexact.model import TwoLayerReLU

NET3D = TwoLayerReLU([[1, 0, 1], [0, 1, 0], [1, 1, -1]], [0, 0, -1], [[1, 0, 2], [0, 1, 1]], [0, "1/2"])


@pytest.fixture
def model3d(tmp_path):
    path = tmp_path / "net3d.json"
    save_model(NET3D, path)
    return path


def test_plane_writes_a_model_that_is_the_net_on_the_plane(model3d, tmp_path, capsys):
    out = tmp_path / "slice.json"
    assert main(["slice", str(model3d), "--through=1,0,0;0,1,0;0,0,1/2", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "--box='-1/10,11/10;-1/10,11/10'" in text
    assert "point 3 -> t = (0,1)" in text
    sliced = load_model(out)
    assert sliced.input_dim == 2
    p0, p1, p2 = (1, 0, 0), (0, 1, 0), (0, 0, Fraction(1, 2))
    for t in [(Fraction(1, 3), Fraction(-2, 7)), (5, 3), (0, 0)]:
        x = [a + t[0] * (b - a) + t[1] * (c - a) for a, b, c in zip(p0, p1, p2, strict=True)]
        assert sliced(list(t)) == NET3D(x)
    # the box the command printed is a box every command reads
    assert main(["regions", str(out), "--box=-1/10,11/10;-1/10,11/10", "--quiet"]) == 0


def test_line_json(model3d, tmp_path, capsys):
    out = tmp_path / "line.json"
    assert main(["slice", str(model3d), "--through=-1,0,0;1,2,0", "-o", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {
        "origin": ["-1", "0", "0"],
        "directions": [["2", "2", "0"]],
        "box": [["-1/10", "11/10"]],
        "points": [["0"], ["1"]],
    }
    assert load_model(out).input_dim == 1


@pytest.mark.parametrize(
    ("through", "message"),
    [
        ("1,0,0;2,0,0;3,0,0", "rank 1 < 2"),
        ("1,0,0;1,0,0", "rank 0 < 1"),
        ("1,0,0", "2 points (a line) or 3 (a plane)"),
        ("1,0;0,1", "has 2 coordinates but the model has d = 3"),
        ("1,0,x;0,1,0", "--through point 1"),
    ],
)
def test_bad_points_are_one_line_errors(model3d, tmp_path, capsys, through, message):
    out = tmp_path / "bad.json"
    assert main(["slice", str(model3d), f"--through={through}", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_the_model_file_is_never_overwritten(model3d, capsys):
    before = model3d.read_bytes()
    assert main(["slice", str(model3d), "--through=1,0,0;0,1,0", "-o", str(model3d)]) == 2
    assert model3d.read_bytes() == before
    assert os.path.exists(model3d)
