"""Tests for reluexact.limits: one Limits value, the environment variable, and the CLI's one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.errors import InvalidArgument, ModelFormatError, ReluexactError
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


def test_one_limits_value_governs_every_reader_and_builder(tmp_path: Path) -> None:
    from reluexact.interop.onnx import MAX_ONNX_BYTES, MAX_ONNX_ELEMENTS
    from reluexact.interop.points_csv import MAX_POINTS_BYTES, MAX_POINTS_ROWS, read_points_csv
    from reluexact.oned.placement import MAX_KNOTS
    from reluexact.rational import MAX_NUMERAL_LENGTH, to_fraction

    # the old module constants are the defaults of the fields
    defaults = Limits()
    assert (defaults.max_numeral_length, defaults.max_knots) == (MAX_NUMERAL_LENGTH, MAX_KNOTS)
    assert (defaults.max_onnx_bytes, defaults.max_onnx_elements) == (MAX_ONNX_BYTES, MAX_ONNX_ELEMENTS)
    assert (defaults.max_points_bytes, defaults.max_points_rows) == (MAX_POINTS_BYTES, MAX_POINTS_ROWS)
    assert defaults.max_exponent == 1000
    # numerals: length and exponent, from Python and from a file
    assert to_fraction("1" * 20, limits=Limits(max_numeral_length=20)) == int("1" * 20)
    with pytest.raises(ReluexactError, match=r"too long \(limit 19\).*max_numeral_length=20"):
        to_fraction("1" * 20, limits=Limits(max_numeral_length=19))
    assert to_fraction("1e5", limits=Limits(max_exponent=5)) == 10**5
    with pytest.raises(ReluexactError, match=r"\|exponent\| <= 4"):
        to_fraction("1e5", limits=Limits(max_exponent=4))
    model = tmp_path / "m.json"
    document = {
        "format": "reluexact.two-layer-relu",
        "version": 1,
        "W": [["1e30"]],
        "b": [10**30],
        "A": [[1]],
        "c": [0],
    }
    model.write_text(json.dumps(document))
    assert load_model(model).hidden_bias == (10**30,)
    with pytest.raises(ReluexactError, match=r"b\[0\]: an integer of 31 digits is too long \(limit 30\)"):
        load_model(model, limits=Limits(max_numeral_length=30))
    with pytest.raises(ReluexactError, match=r"W\[0\]\[0\].*\|exponent\| <= 29"):
        load_model(model, limits=Limits(max_exponent=29))
    # points
    points = tmp_path / "p.csv"
    points.write_text("1\n2\n3\n")
    assert len(read_points_csv(points, limits=Limits(max_points_rows=3))) == 3
    with pytest.raises(ReluexactError, match=r"more than max_rows = 2 points.*max_points_rows"):
        read_points_csv(points, limits=Limits(max_points_rows=2))
    with pytest.raises(ModelFormatError, match=r"6 bytes is more than max_bytes = 5.*max_points_bytes"):
        read_points_csv(points, limits=Limits(max_points_bytes=5))


def test_the_environment_governs_numerals_and_knots(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reluexact.oned.construction import construct
    from reluexact.rational import to_fraction

    monkeypatch.setenv(LIMITS_ENVIRONMENT_VARIABLE, "max_numeral_length=5,max_knots=3")
    assert default_limits() == Limits(max_numeral_length=5, max_knots=3)
    with pytest.raises(ReluexactError, match=r"numeral of 6 characters is too long \(limit 5\)"):
        to_fraction("123456")
    with pytest.raises(InvalidArgument, match=r"4 knots is more than max_knots = 3"):
        construct("x", (0, 1), 4)
    assert main(["construct", "x", "--interval", "0", "1", "--knots", "4", "-o", str(tmp_path / "c.json")]) == 2
    monkeypatch.setenv(LIMITS_ENVIRONMENT_VARIABLE, "max_knots=4")
    assert len(construct("x", (0, 1), 4).knots) == 4


def test_input_files_that_are_not_regular_are_refused_before_opening(tmp_path: Path) -> None:
    import os

    from reluexact.limits import input_file_size

    fifo = tmp_path / "m.json"
    os.mkfifo(fifo)
    with pytest.raises(ModelFormatError, match=r"m.json: not a regular file \(a FIFO\)"):
        input_file_size(fifo)
    with pytest.raises(ModelFormatError, match=r"is a folder, not a model file"):
        input_file_size(tmp_path)
    with pytest.raises(ModelFormatError, match=r"missing.json: no such file"):
        input_file_size(tmp_path / "missing.json")
    (tmp_path / "r.json").write_text("{}")
    assert input_file_size(tmp_path / "r.json") == 2
