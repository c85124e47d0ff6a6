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

from fractions import Fraction
from typing import Any

from reluexact.errors import ShapeError
from reluexact.rational import to_fraction

__all__ = ["read_points_csv"]

Vector = tuple[Fraction, ...]


def read_points_csv(path: Any, *, dimension: int | None = None) -> list[Vector]:
    r"""Read points from a CSV file: one point per row, d numbers (``1/2``, ``0.25``, ``-3``, ``1e-3``).

    Blank lines and lines starting with ``#`` are skipped; a first row in which no field is a
    number is taken as a header and skipped. Decimals are read exactly (``0.1`` is 1/10).

    Raises
    ------
    RationalParseError
        Naming the file, row and column of a field that is not a rational.
    ShapeError
        When a row has the wrong number of columns (naming the row).
    ModelFormatError
        When the file cannot be read.

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

    from reluexact.errors import ModelFormatError, RationalParseError

    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise ModelFormatError(f"{path}: cannot read the points file ({error})") from error
    points: list[Vector] = []
    first_data = True
    for r, row in enumerate(rows, start=1):
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
                point.append(to_fraction(field, where=f"{path}: row {r}, column {c}"))
            except RationalParseError as error:
                message = str(error)
                if "cannot parse" not in message:
                    message = f"{path}: row {r}, column {c}: cannot parse {field[:40]!r} as a rational ({message})"
                raise RationalParseError(message) from None
        if dimension is not None and len(point) != dimension:
            raise ShapeError(f"{path}: row {r} has {len(point)} columns but the model has d = {dimension} inputs")
        if points and len(point) != len(points[0]):
            raise ShapeError(f"{path}: row {r} has {len(point)} columns but earlier rows have {len(points[0])}")
        points.append(tuple(point))
    if not points:
        raise ShapeError(f"{path}: no points found (one point per row, d numbers separated by commas)")
    return points


def _is_number(field: str) -> bool:
    try:
        to_fraction(field)
    except Exception:
        return False
    return True
