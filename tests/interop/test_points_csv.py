"""Limits of the CSV points reader (issue 14): bytes, line length, rows, non-regular files."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest

from reluexact.errors import ModelFormatError, ReluexactError, ShapeError
from reluexact.interop.points_csv import MAX_POINTS_BYTES, MAX_POINTS_ROWS, read_points_csv


def test_reads_exact_points(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("x,y\n1/2,0.1\n")
    assert read_points_csv(path, dimension=2) == [(Fraction(1, 2), Fraction(1, 10))]


def test_dev_zero_is_refused_without_reading_it() -> None:
    with pytest.raises(ModelFormatError, match="not a regular file"):
        read_points_csv("/dev/zero")


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "points.fifo"
    os.mkfifo(fifo)
    with pytest.raises(ModelFormatError, match="not a regular file"):
        read_points_csv(fifo)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelFormatError, match="directory"):
        read_points_csv(tmp_path)


def test_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFormatError, match="cannot read"):
        read_points_csv(tmp_path / "missing.csv")


def test_too_many_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("1,2\n" * 50)
    with pytest.raises(ModelFormatError, match="max_bytes"):
        read_points_csv(path, max_bytes=100)
    assert len(read_points_csv(path, max_bytes=1000)) == 50
    assert MAX_POINTS_BYTES >= 2**20


def test_too_many_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("1\n" * 11)
    with pytest.raises(ShapeError, match="max_rows"):
        read_points_csv(path, max_rows=10)
    assert len(read_points_csv(path, max_rows=11)) == 11
    assert MAX_POINTS_ROWS >= 10**5


def test_one_huge_line_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "line.csv"
    path.write_text("1" * 300_000 + "\n")
    with pytest.raises(ReluexactError):
        read_points_csv(path)


def test_non_utf8_and_nul_bytes_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"1,\xff\n")
    with pytest.raises(ModelFormatError):
        read_points_csv(path)
    path.write_bytes(b"1,\x002\n")
    with pytest.raises(ReluexactError):
        read_points_csv(path)
