r"""Points from a CSV file, read exactly (one point per row, d rationals).

Examples
--------
>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "p.csv")
>>> _ = open(path, "w").write("1/2,-1\n")
>>> read_points_csv(path)
[(Fraction(1, 2), Fraction(-1, 1))]
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from reluexact.errors import ShapeError
from reluexact.limits import Limits, default_limits
from reluexact.rational import to_fraction

__all__ = ["MAX_POINTS_BYTES", "MAX_POINTS_ROWS", "read_points_csv"]

Vector = tuple[Fraction, ...]

#: Largest points file read (bytes) by default, checked from the file's size before reading: the
#: default of :attr:`reluexact.limits.Limits.max_points_bytes`.
MAX_POINTS_BYTES = Limits().max_points_bytes
#: Most points (data rows) read by default: the default of ``Limits.max_points_rows``.
MAX_POINTS_ROWS = Limits().max_points_rows


def read_points_csv(
    path: Any,
    *,
    dimension: int | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    limits: Limits | None = None,
) -> list[Vector]:
    r"""Read points from a CSV file: one point per row, d numbers (``1/2``, ``0.25``, ``-3``, ``1e-3``).

    Blank lines and lines starting with ``#`` are skipped; a first row in which no field is a
    number is taken as a header and skipped. Decimals are read exactly (``0.1`` is 1/10).
    ``max_bytes`` and ``max_rows`` default to ``limits.max_points_bytes`` and
    ``limits.max_points_rows`` (``limits`` defaults to :func:`reluexact.limits.default_limits`,
    so ``RELUEXACT_LIMITS=max_points_rows=...`` raises them from the command line); ``limits``
    also bounds every numeral.

    Raises
    ------
    RationalParseError
        Naming the file, row and column of a field that is not a rational.
    ShapeError
        When a row has the wrong number of columns (naming the row).
    ModelFormatError
        When the file cannot be read, is not a regular file (a directory, device, FIFO or socket:
        refused before it is opened, so ``/dev/zero`` or a FIFO never blocks or fills memory), or is
        larger than ``max_bytes`` (:data:`MAX_POINTS_BYTES`, 64 MiB).
    ShapeError
        Also when there are more than ``max_rows`` points (:data:`MAX_POINTS_ROWS`, one million).

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "points.csv")
    >>> _ = open(path, "w").write("x,y\n1/2,3\n# a comment\n0.25, -1\n")
    >>> read_points_csv(path, dimension=2)
    [(Fraction(1, 2), Fraction(3, 1)), (Fraction(1, 4), Fraction(-1, 1))]
    >>> _ = open(path, "w").write("1,2\n3,abc\n")
    >>> read_points_csv(path)
    Traceback (most recent call last):
    ...
    reluexact.errors.RationalParseError: ...points.csv: row 2, column 2: cannot parse 'abc' as a rational...
    """
    import csv
    import io

    from reluexact.errors import RationalParseError

    limits = limits or default_limits()
    max_bytes = limits.max_points_bytes if max_bytes is None else max_bytes
    max_rows = limits.max_points_rows if max_rows is None else max_rows
    # the csv module refuses a field longer than csv.field_size_limit() (131072 characters)
    rows = csv.reader(io.StringIO(_read_limited(path, max_bytes), newline=""))
    points: list[Vector] = []
    first_data = True
    for r, row in _rows(rows, path):
        fields = [f.strip() for f in row]
        if not fields or all(not f for f in fields) or fields[0].startswith("#"):
            continue
        if first_data and not any(_is_number(f) for f in fields):
            first_data = False
            continue  # header
        first_data = False
        point = []
        for c, field in enumerate(fields, start=1):
            if not field:
                raise RationalParseError(f"{path}: row {r}, column {c}: empty field; give d numbers per row")
            try:
                point.append(to_fraction(field, where=f"{path}: row {r}, column {c}", limits=limits))
            except RationalParseError as error:
                message = str(error)
                if "cannot parse" not in message:
                    message = f"{path}: row {r}, column {c}: cannot parse {field[:40]!r} as a rational ({message})"
                raise RationalParseError(message) from None
        if dimension is not None and len(point) != dimension:
            raise ShapeError(f"{path}: row {r} has {len(point)} columns but the model has d = {dimension} inputs")
        if points and len(point) != len(points[0]):
            raise ShapeError(f"{path}: row {r} has {len(point)} columns but earlier rows have {len(points[0])}")
        if len(points) >= max_rows:
            raise ShapeError(
                f"{path}: more than max_rows = {max_rows} points; split the file or raise max_points_rows "
                "(limits=Limits(max_points_rows=...), command line: RELUEXACT_LIMITS=max_points_rows=...)"
            )
        points.append(tuple(point))
    if not points:
        raise ShapeError(f"{path}: no points found (one point per row, d numbers separated by commas)")
    return points


def _read_limited(path: Any, max_bytes: int) -> str:
    """The text of a regular file of at most ``max_bytes`` bytes, else one clear ModelFormatError."""
    import os
    import stat

    from reluexact.errors import ModelFormatError

    try:
        info = os.stat(path)
    except (OSError, ValueError) as error:
        raise ModelFormatError(f"{path}: cannot read the points file ({error})") from error
    if stat.S_ISDIR(info.st_mode):
        raise ModelFormatError(f"{path}: is a directory; give a CSV file of points")
    if not stat.S_ISREG(info.st_mode):
        raise ModelFormatError(
            f"{path}: not a regular file (a device, FIFO or socket); copy the points into a CSV file first"
        )
    if info.st_size > max_bytes:
        raise ModelFormatError(
            f"{path}: {info.st_size} bytes is more than max_bytes = {max_bytes}; split the file or raise "
            "max_points_bytes (limits=Limits(max_points_bytes=...), command line: "
            "RELUEXACT_LIMITS=max_points_bytes=...)"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since the stat
    except OSError as error:
        raise ModelFormatError(f"{path}: cannot read the points file ({error})") from error
    if len(data) > max_bytes:
        raise ModelFormatError(f"{path}: more than max_bytes = {max_bytes} bytes; pass a larger max_bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ModelFormatError(f"{path}: not UTF-8 text ({error}); save the points as UTF-8") from error


def _rows(rows: Any, path: Any) -> Iterator[tuple[int, list[str]]]:
    """(row number from 1, fields) of a csv reader; its errors (NUL, overlong field) as ModelFormatError."""
    import csv

    from reluexact.errors import ModelFormatError

    r = 0
    try:
        for row in rows:
            r += 1
            yield r, row
    except csv.Error as error:
        raise ModelFormatError(f"{path}: row {r + 1} is not valid CSV ({error})") from error


def _is_number(field: str) -> bool:
    try:
        to_fraction(field)
    except Exception:
        return False
    return True
