"""Tests for reluexact.limits: one Limits value, the environment variable, and the CLI's one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.errors import InvalidArgument, ModelFormatError
from reluexact.io import load_model
from reluexact.limits import LIMITS_ENVIRONMENT_VARIABLE, Limits, default_limits


def _wide_model(path: Path, d: int) -> Path:
    document = {"format": "reluexact.two-layer-relu", "version": 1, "W": [[1] * d], "b": [0], "A": [[1]], "c": [0]}
    path.write_text(json.dumps(document))
    return path


def test_limits_are_validated_and_parsed() -> None:
    assert Limits.parse("max_elements=2**30, max_file_bytes=4GiB, max_units=10k") == Limits(
        max_elements=2**30, max_file_bytes=4 * 2**30, max_units=10_000
    )
    for text, message in [
        ("max_elements", r"'max_elements' is not field=value"),
        ("max_elements=lots", r"max_elements='lots' is not an integer like 1000000, 2\*\*30 or 4GiB"),
        ("max_elements=2**100", r"max_elements='2\*\*100' is too large"),
        ("max_nothing=1", r"unknown limit 'max_nothing'"),
        ("max_units=0", r"max_units must be a positive integer, got 0"),
    ]:
        with pytest.raises(InvalidArgument, match=message):
            Limits.parse(text)
    with pytest.raises(InvalidArgument, match=r"max_elements must be a positive integer, got True"):
        Limits(max_elements=True)


def test_the_environment_variable_raises_a_limit_for_every_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _wide_model(tmp_path / "wide.json", 30)
    monkeypatch.setenv(LIMITS_ENVIRONMENT_VARIABLE, "max_input_dim=20")
    assert default_limits() == Limits(max_input_dim=20)
    with pytest.raises(
        ModelFormatError, match=r"wide.json: W has shape \(1, 30\), 30 inputs, over the limit max_input_dim"
    ):
        load_model(model)
    assert load_model(model, limits=Limits()).input_dim == 30  # an explicit Limits wins
    monkeypatch.setenv(LIMITS_ENVIRONMENT_VARIABLE, "max_input_dim=oops")
    with pytest.raises(InvalidArgument, match=r"^RELUEXACT_LIMITS: Limits: max_input_dim='oops' is not an integer"):
        load_model(model)


def test_the_cli_says_in_one_line_how_to_raise_a_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    model = _wide_model(tmp_path / "wide.json", 30)
    monkeypatch.setenv(LIMITS_ENVIRONMENT_VARIABLE, "max_input_dim=20")
    assert main(["info", str(model)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "over the limit max_input_dim = 20; to read it anyway pass limits=Limits(max_input_dim=30) " in error
    assert "(command line: RELUEXACT_LIMITS=max_input_dim=30)" in error
    monkeypatch.setenv(LIMITS_ENVIRONMENT_VARIABLE, "max_input_dim=30")
    assert main(["info", str(model)]) == 0
