"""Tests for ``reluexact eval``: exact values, points starting with a minus sign, --json."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.model import evaluate
from reluexact.rational import format_fraction
from tests.cli.conftest import NET1D, NET2D


def test_eval_text(model2d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(model2d), "1/2,1/3", "0,0"]) == 0
    assert capsys.readouterr().out == "f(1/2,1/3) = 553/120\nf(0,0) = 14/5\n"


def test_eval_negative_points_after_double_dash(model2d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(model2d), "--", "-1/2,3", "-1,-1"]) == 0
    expected = [evaluate(NET2D, (Fraction(-1, 2), Fraction(3)))[0], evaluate(NET2D, (Fraction(-1), Fraction(-1)))[0]]
    assert (
        capsys.readouterr().out
        == f"f(-1/2,3) = {format_fraction(expected[0])}\nf(-1,-1) = {format_fraction(expected[1])}\n"
    )


def test_eval_json(model1d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(model1d), "--json", "--", "-3/2", "0.25", "7"]) == 0
    document = json.loads(capsys.readouterr().out)
    points = [Fraction(-3, 2), Fraction(1, 4), Fraction(7)]
    assert document == {"values": [[format_fraction(v) for v in evaluate(NET1D, [x])] for x in points]}
    assert all(isinstance(v, str) for row in document["values"] for v in row)
    assert len(document["values"][0]) == 2


def test_eval_two_outputs_text(model1d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(model1d), "0"]) == 0
    assert capsys.readouterr().out == "f(0) = (9/4, 3/8)\n"  # relu(1/4) + 2 relu(1); -relu(1/4) + relu(1)/8 + 1/2


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (["1/2"], r"point 1 '1/2' has 1 coordinates but the model has d = 2 inputs"),
        (["0,0", "1,x"], r"point 2 '1,x', coordinate 2: cannot parse 'x' as a rational"),
        (["1/0,1"], r"zero denominator in '1/0'"),
        (["0,,1"], r"point 1: '0,,1' is not a comma-separated list of rationals"),
    ],
)
def test_eval_bad_points_one_line_exit_2(
    model2d: Path, capsys: pytest.CaptureFixture[str], points: list[str], message: str
) -> None:
    assert main(["eval", str(model2d), *points]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reluexact eval: error: ")
    assert err.count("\n") == 1
    assert re.search(message, err)


def test_eval_negative_point_without_double_dash_is_a_usage_error(
    model2d: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(model2d), "-1,1"]) == 2
    err = capsys.readouterr().err
    assert "reluexact eval: " in err
    assert "--help" in err
    assert err.count("\n") == 1


def test_eval_json_is_one_line(model2d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(model2d), "--json", "0,0", "1/2,1/3"]) == 0
    assert capsys.readouterr().out == '{"values": [["14/5"], ["553/120"]]}\n'
