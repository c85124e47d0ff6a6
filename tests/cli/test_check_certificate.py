"""Tests of ``reluexact check-certificate``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU

NET = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"], [1, 1, -1]], [0, "1/2"])


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model.json"
    save_model(NET, path)
    return path


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


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
