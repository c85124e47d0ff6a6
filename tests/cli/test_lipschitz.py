"""Tests of ``reluexact lipschitz``."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU
from tests.oracles import brute_force_lipschitz

NET = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"], [1, 1, -1]], [0, "1/2"])


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model.json"
    save_model(NET, path)
    return path


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


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
