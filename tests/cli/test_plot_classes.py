"""``reluexact plot --classes --points CSV``: decision maps and zero sets from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU
from tests.cli.conftest import NET2D


def _save(tmp_path: Path, net: TwoLayerReLU, name: str = "m.json") -> Path:
    path = tmp_path / name
    save_model(net, path)
    return path


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "points.csv"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("net", "expected"),
    [
        (NET2D, "DecisionMapFigure(regions=7"),
        (TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0]), "DecisionMapFigure(regions=4"),
    ],
)
def test_classes_map(tmp_path: Path, capsys, net: TwoLayerReLU, expected: str) -> None:
    out = tmp_path / "map.png"
    points = _csv(tmp_path, "x,y\n1/2,1/2\n-1,0.25\n")
    assert main(["plot", str(_save(tmp_path, net)), "-o", str(out), "--classes", "--points", str(points)]) == 0
    assert expected in capsys.readouterr().out
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_points_on_the_region_map_and_the_function(tmp_path: Path, capsys) -> None:
    points = _csv(tmp_path, "1/2,1/2\n")
    out = tmp_path / "map.svg"
    assert main(["plot", str(_save(tmp_path, NET2D)), "-o", str(out), "--points", str(points)]) == 0
    assert "1 points" in capsys.readouterr().out
    one = TwoLayerReLU([[1], [1]], [0, -1], [[1, -2]], ["1/2"])
    points = _csv(tmp_path, "0\n2\n")
    assert main(["plot", str(_save(tmp_path, one, "one.json")), "-o", str(out), "--points", str(points)]) == 0
    assert "2 points" in capsys.readouterr().out
    assert main(["plot", str(_save(tmp_path, one, "one.json")), "-o", str(out), "--classes", "--domain=-1,3"]) == 0
    assert "ZeroSetFigure(zeros=1" in capsys.readouterr().out
    # d = 1, m >= 2: the argmax bands on the line
    two = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 0], [0, 1]], [0, 0])  # argmax(relu(x), relu(-x))
    points = _csv(tmp_path, "-1\n1/2\n")
    argv = ["plot", str(_save(tmp_path, two, "two.json")), "-o", str(out), "--classes", "--points", str(points)]
    assert main([*argv, "--domain=-2,2"]) == 0
    assert "ClassBandsFigure(bands=2, classes=2)" in capsys.readouterr().out


def test_refusals_are_one_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.png"
    bad = _csv(tmp_path, "1,2,3\n")
    assert main(["plot", str(_save(tmp_path, NET2D)), "-o", str(out), "--points", str(bad)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    three = TwoLayerReLU([[1, 1, 1]], [0], [[1]], [0])
    assert main(["plot", str(_save(tmp_path, three, "three.json")), "-o", str(out), "--classes"]) == 2
    assert "d = 3" in capsys.readouterr().err
