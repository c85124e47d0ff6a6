"""The command line as a user runs it: --help everywhere, and real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reluexact.cli import SUBCOMMANDS, main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reluexact", *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_for_every_subcommand(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: reluexact {command}")


def test_top_level_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in SUBCOMMANDS:
        assert command in out


def test_no_command_and_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: reluexact" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_subprocess_eval_with_negative_point(model2d: Path) -> None:
    result = _run("eval", str(model2d), "--json", "--", "-1/2,3")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"values": [["49/5"]]}


def test_subprocess_convert_with_option_value_starting_with_minus(model2d: Path, tmp_path: Path) -> None:
    out = tmp_path / "short.json"
    result = _run("convert", str(model2d), "-o", str(out), "--rationalize=decimals:0", "--box=-1,1;-1,1")
    assert result.returncode == 0, result.stderr
    assert "box: [-1, 1]; [-1, 1]" in result.stdout
    assert "output 1: |f_in - f_out| <= " in result.stdout
    assert out.exists()


def test_subprocess_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "reluexact.two-layer-relu", "version": 1, "W": [[NaN]], "b": [0], "A": [[1]], "c": [0]}')
    result = _run("info", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr == f"reluexact info: error: {bad}: W[0][0]: NaN is not a finite number; weights must be finite\n"
    )


def test_subprocess_demo_and_version(tmp_path: Path) -> None:
    # the full default demo runs in tests/cli/test_demo.py; here its fast setting, as a subprocess
    result = _run("demo", "--fast", "--backend", "numpy", "--no-pdf", "--outdir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "identity" in result.stdout
    assert (tmp_path / "demo.json").exists()
    version = _run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("reluexact ")
