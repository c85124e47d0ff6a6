"""Tests of ``reluexact maximize``."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU, evaluate
from tests.oracles import brute_force_extremum

NET = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"], [1, 1, -1]], [0, "1/2"])


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model.json"
    save_model(NET, path)
    return path


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("options", "weights"),
    [
        ([], [1, 0]),
        (["--output", "2"], [0, 1]),
        (["--minimize"], [-1, 0]),
        (["--output", "2", "--margin", "1"], [-1, 1]),
    ],
)
def test_maximize_json_is_exact_and_self_contained(
    model: Path, capsys: pytest.CaptureFixture[str], options: list[str], weights: list[int]
) -> None:
    doc = _json(capsys, ["maximize", str(model), "--box=-1,1", "--json", *options])
    expected = brute_force_extremum(NET, "-1,1", [Fraction(w) for w in weights])
    value = Fraction(doc["value"])
    assert value == (-expected if "--minimize" in options else expected)
    values = evaluate(NET, [Fraction(v) for v in doc["point"]])
    assert sum(w * f for w, f in zip(weights, values, strict=True)) == (-value if "--minimize" in options else value)
    assert doc["kind"] == "maximize"
    assert doc["model"]["format"]


def test_maximize_text(model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["maximize", str(model), "--box=-1,1", "--output", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("maximum of f_2 over box[-1,1;-1,1]: ")
    assert "cells cover the domain" in out


def test_bad_output_is_one_line_and_exit_2(model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["maximize", str(model), "--box=-1,1", "--output", "3"]) == 2
    assert "--output must be an output from 1 to 2" in capsys.readouterr().err
    assert main(["lipschitz", str(model), "--output", "0"]) == 2
