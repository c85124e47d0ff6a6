"""Tests of the ``reluexact robustness`` command."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from reluexact.answers.robustness import robustness
from reluexact.check import check_certificate, read_certificate
from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU, evaluate

NET = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0])  # class = the larger coordinate


@pytest.fixture
def files(tmp_path):
    model = tmp_path / "model.json"
    save_model(NET, model)
    points = tmp_path / "points.csv"
    points.write_text("x,y\n3,1\n0,2\n1,1\n0.5,0.25\n")
    return model, points


@pytest.mark.parametrize("norm", ["inf", "1", "2"])
def test_json_is_a_certificate_the_checker_accepts(files, tmp_path, capsys, norm):
    model, points = files
    assert main(["robustness", str(model), str(points), "--norm", norm, "--box=-4,4", "--json"]) == 0
    text = capsys.readouterr().out
    path = tmp_path / "cert.json"
    path.write_text(text)
    document = read_certificate(path)
    assert check_certificate(document).startswith("robustness certificate holds: 4 samples")
    key = "radius_squared" if norm == "2" else "radius"
    for sample in document["samples"]:
        point = [Fraction(v) for v in sample["point"]]
        expected = robustness(NET, point, norm, [(-4, 4)] * 2)
        value = expected.radius_squared if norm == "2" else expected.radius
        assert sample[key] == (None if value is None else str(value))
        assert sample["class"] == expected.klass
        assert isinstance(sample["regions_examined"], int)
        assert isinstance(sample["milliseconds"], int)
        new = evaluate(NET, [Fraction(v) for v in sample["counterexample"]])
        assert new[0] == new[1]  # the boundary of this net is the diagonal
    assert [s["class"] for s in document["samples"]] == [0, 1, 0, 0]


def test_text_output_and_eps(files, capsys):
    model, points = files
    assert main(["robustness", str(model), str(points)]) == 0
    out = capsys.readouterr().out
    assert "4 samples, norm inf" in out
    assert "1       0      1 " in out  # sample 1: class 0, radius 1
    assert main(["robustness", str(model), str(points), "--eps", "1/2", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [s["robust"] for s in document["samples"]] == [True, True, False, False]
    assert check_certificate(document)


def test_errors_are_one_line(files, tmp_path, capsys):
    model, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,3\n")
    assert main(["robustness", str(model), str(bad)]) == 2
    assert "columns" in capsys.readouterr().err
    outside = tmp_path / "outside.csv"
    outside.write_text("9,9\n")
    assert main(["robustness", str(model), str(outside), "--box=0,1"]) == 2
    assert "outside the domain" in capsys.readouterr().err


def test_time_limit_zero_prints_partial_intervals_and_a_checkable_json(files, tmp_path, capsys):
    model, points = files
    assert main(["robustness", str(model), str(points), "--box=-4,4", "--time-limit", "0"]) == 0
    text = capsys.readouterr().out
    assert "PARTIAL: the time limit stopped 3 of 4 searches" in text
    assert text.count("[0, ?]") == 3  # the tie (1, 1) has radius 0 without a search
    assert main(["robustness", str(model), str(points), "--box=-4,4", "--time-limit", "0", "--json"]) == 0
    path = tmp_path / "partial.json"
    path.write_text(capsys.readouterr().out)
    document = read_certificate(path)
    assert [s.get("partial") for s in document["samples"]] == [True, True, None, True]
    assert check_certificate(document).startswith("robustness certificate holds: 4 samples")


@pytest.mark.parametrize("bad", ["-1", "nan", "x"])
def test_a_bad_time_limit_is_one_line_exit_2(files, capsys, bad):
    model, points = files
    assert main(["robustness", str(model), str(points), f"--time-limit={bad}"]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line and not line.startswith("usage:")]
    assert len(err) == 1
    assert "--time-limit" in err[0]
