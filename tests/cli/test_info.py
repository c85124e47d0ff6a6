"""Tests for ``reluexact info``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.interop.json_results import summary_to_json
from tests.cli.conftest import NET1D, NET2D


def test_info_text(model2d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(model2d)]) == 0
    out = capsys.readouterr().out
    assert "d = 2 inputs, n = 5 hidden units, m = 1 output" in out
    assert "  unit 3: [1/2, -3]" in out
    assert "b: [3/10, -1/5, 1, -3/5, 1/2]" in out
    assert "units with w = 0 (constant a_i relu(b_i)): 5 (relu(b) = 1/2)" in out
    assert "duplicate hyperplanes: units 1, 4 (unit 4 = -2 x unit 1, opposite orientation)" in out
    assert "parallel hyperplanes: units 1, 4" in out


def test_info_json(model2d: Path, model1d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(model2d), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document == summary_to_json(NET2D)
    assert document["duplicate_hyperplanes"] == [{"units": [0, 3], "multipliers": ["1", "-2"]}]
    assert main(["info", "--json", str(model1d)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["output_dim"] == 2
    assert document["A"] == [["1", "2"], ["-1", "1/8"]]
    assert document == summary_to_json(NET1D)


def test_info_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "reluexact.two-layer-relu", "version": 7}')
    assert main(["info", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err == f"reluexact info: error: {bad}: unsupported version 7 (this reader knows version 1)\n"
