"""Tests of ``reluexact maximize``, ``reluexact lipschitz`` and ``reluexact check-certificate``."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU, evaluate
from tests.oracles import brute_force_extremum, brute_force_lipschitz

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


@pytest.mark.parametrize("norm", ["inf", "1", "2"])
def test_lipschitz_json_matches_brute_force(model: Path, capsys: pytest.CaptureFixture[str], norm: str) -> None:
    doc = _json(capsys, ["lipschitz", str(model), "--norm", norm, "--json"])
    key = "value_squared" if norm == "2" else "value"
    assert Fraction(doc[key]) == brute_force_lipschitz(NET, None, norm, 0)
    assert doc["domain"] is None
    assert len(doc["point"]) == 2


def test_lipschitz_text_shows_the_usual_bound(model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lipschitz", str(model), "--box=-1,1", "--norm", "2"]) == 0
    out = capsys.readouterr().out
    assert "squared:" in out
    assert "usual bound" in out
    assert "x the exact value" in out


def test_check_certificate_holds_then_fails(model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["maximize", "--box=0,1"], ["lipschitz", "--box=0,1"]):
        doc = _json(capsys, [command[0], str(model), *command[1:], "--json"])
        path = tmp_path / f"{command[0]}.json"
        path.write_text(json.dumps(doc))
        assert main(["check-certificate", str(path)]) == 0
        assert capsys.readouterr().out.startswith("holds: ")
        doc["value"] = "1000"
        path.write_text(json.dumps(doc))
        assert main(["check-certificate", str(path)]) == 1
        out = capsys.readouterr().out
        assert out.startswith("FAILS: ")
        assert out.count("\n") == 1


def test_check_certificate_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    assert main(["check-certificate", str(path)]) == 1
    assert "cannot read a certificate" in capsys.readouterr().out
    path.write_text('{"format": "reluexact-certificate", "version": 1, "kind": "maximize", "value": 0.5}')
    assert main(["check-certificate", str(path)]) == 1


def test_through_a_real_subprocess(model: Path, tmp_path: Path) -> None:
    run = [sys.executable, "-m", "reluexact"]
    saved = subprocess.run([*run, "maximize", str(model), "--box=-1,1", "--json"], capture_output=True, text=True)
    assert saved.returncode == 0, saved.stderr
    path = tmp_path / "max.json"
    path.write_text(saved.stdout)
    checked = subprocess.run([*run, "check-certificate", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0
    assert checked.stdout.startswith("holds: maximum of f_1")
