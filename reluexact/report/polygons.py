"""Exact planar geometry for figures: convex polygons clipped by half-planes, in rationals.

A 2-D region of a network is the set where each unit's pre-activation has a
fixed sign; inside a box it is a convex polygon. These functions compute such
polygons *exactly* (Sutherland-Hodgman clipping with ``Fraction`` arithmetic,
:func:`reluexact.regions.geometry.clip_halfplane`),
so the TikZ figures of a report carry exact vertex coordinates.

:func:`box_cells_2d` splits a box by every hidden unit's line and returns the
cells with their activation patterns: the picture of the arrangement a figure
needs. The region enumeration of :mod:`reluexact.regions` is the general tool;
this is the exact drawing geometry for d = 2 (and a cross-check of it).

Examples
--------
>>> from fractions import Fraction as F
>>> square = box_polygon([(F(0), F(1)), (F(0), F(1))])
>>> half = clip_halfplane(square, (F(1), F(1)), F(-1))  # keep x + y - 1 >= 0
>>> [tuple(map(str, v)) for v in half]
[('1', '0'), ('1', '1'), ('0', '1')]
>>> polygon_area(half)
Fraction(1, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reluexact.errors import DomainError, InvalidArgument
from reluexact.regions.geometry import clip_halfplane

if TYPE_CHECKING:
    from reluexact.model import TwoLayerReLU

__all__ = [
    "Cell2D",
    "box_cells_2d",
    "box_polygon",
    "clip_halfplane",
    "default_box",
    "polygon_area",
    "polygon_interior_point",
    "region_polygon",
]

Point = tuple[Fraction, Fraction]
Polygon = tuple[Point, ...]
Box = tuple[tuple[Fraction, Fraction], ...]


def box_polygon(box: Sequence[tuple[Any, Any]]) -> Polygon:
    """The rectangle ``[lo1, hi1] x [lo2, hi2]`` as a counter-clockwise polygon.

    Examples
    --------
    >>> len(box_polygon([(0, 1), (0, 2)]))
    4
    """
    if len(box) != 2:
        raise DomainError(f"a planar box needs 2 intervals, got {len(box)}")
    (x0, x1), (y0, y1) = ((Fraction(lo), Fraction(hi)) for lo, hi in box)
    if not (x0 < x1 and y0 < y1):
        raise DomainError(f"box [{x0}, {x1}] x [{y0}, {y1}] is empty or degenerate")
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _value(normal: Sequence[Fraction], offset: Fraction, point: Point) -> Fraction:
    return normal[0] * point[0] + normal[1] * point[1] + offset


def polygon_area(polygon: Polygon) -> Fraction:
    """Exact (signed, counter-clockwise positive) area by the shoelace formula.

    Examples
    --------
    >>> polygon_area(box_polygon([(0, 3), (0, 2)]))
    Fraction(6, 1)
    """
    total = Fraction(0)
    for index, (x0, y0) in enumerate(polygon):
        x1, y1 = polygon[(index + 1) % len(polygon)]
        total += x0 * y1 - x1 * y0
    return total / 2


def _simple_inside(low: Fraction, high: Fraction) -> Fraction:
    """The simplest rational strictly between low and high (from the middle half of the interval)."""
    from reluexact.rational import simplest_rational_between

    quarter = (high - low) / 4
    return simplest_rational_between(low + quarter, high - quarter)


def polygon_interior_point(polygon: Polygon) -> Point:
    """A simple exact point strictly inside a convex polygon of positive area.

    x is the simplest rational in the middle half of the polygon's x-range; y the
    simplest in the middle half of the vertical chord at x. Small denominators
    make the report's tables readable.

    Examples
    --------
    >>> polygon_interior_point(box_polygon([(0, 1), (0, 1)]))
    (Fraction(1, 2), Fraction(1, 2))
    >>> polygon_interior_point(box_polygon([(0, 10), (3, 7)]))
    (Fraction(3, 1), Fraction(4, 1))
    """
    if len(polygon) < 3 or polygon_area(polygon) == 0:
        raise DomainError("a degenerate polygon has no interior point")
    xs = [p[0] for p in polygon]
    x = _simple_inside(min(xs), max(xs))
    ys: list[Fraction] = []
    for index, p in enumerate(polygon):
        q = polygon[(index + 1) % len(polygon)]
        if p[0] == q[0]:
            if p[0] == x:
                ys += [p[1], q[1]]
        elif min(p[0], q[0]) <= x <= max(p[0], q[0]):
            ys.append(p[1] + (x - p[0]) * (q[1] - p[1]) / (q[0] - p[0]))
    return (x, _simple_inside(min(ys), max(ys)))


def region_polygon(net: TwoLayerReLU, pattern: Sequence[bool | int], box: Sequence[tuple[Any, Any]]) -> Polygon:
    """The closure of a 2-D region inside a box: clip the box by each unit's half-plane, exactly.

    ``pattern[i]`` true means unit i is active (w_i . x + b_i >= 0 is kept),
    false means inactive (w_i . x + b_i <= 0). Returns an empty tuple when the
    region misses the box.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> [tuple(map(str, v)) for v in region_polygon(net, (1, 0), [(-1, 1), (-1, 1)])]
    [('0', '-1'), ('1', '-1'), ('1', '0'), ('0', '0')]
    """
    if net.input_dim != 2:
        raise InvalidArgument(f"region polygons need a network with 2 inputs, this one has {net.input_dim}")
    if len(pattern) != net.n_hidden:
        raise InvalidArgument(f"pattern has {len(pattern)} entries for {net.n_hidden} hidden units")
    polygon = box_polygon(box)
    for active, row, bias in zip(pattern, net.W, net.b, strict=True):
        polygon = clip_halfplane(polygon, row, bias, sign=1 if active else -1)
        if not polygon:
            break
    return polygon


@dataclass(frozen=True, slots=True)
class Cell2D:
    """One cell of a 2-D network's arrangement inside a box.

    Attributes
    ----------
    polygon : tuple of (Fraction, Fraction)
        Exact vertices, counter-clockwise.
    pattern : tuple of bool
        Activation pattern (unit i active iff w_i . p + b_i > 0 at the interior point).
    point : (Fraction, Fraction)
        An exact point strictly inside the cell.
    """

    polygon: Polygon
    pattern: tuple[bool, ...]
    point: Point

    def __repr__(self) -> str:
        bits = "".join("1" if a else "0" for a in self.pattern)
        return f"Cell2D(pattern={bits[:40]!r}, vertices={len(self.polygon)})"


def box_cells_2d(net: TwoLayerReLU, box: Sequence[tuple[Any, Any]]) -> list[Cell2D]:
    """Split a box by every hidden unit's line; return the cells of positive area, exactly.

    Units with w_i = 0 draw no line. Parallel, coincident and concurrent lines
    are handled exactly (a line through a vertex or along an edge splits
    nothing). Cells are sorted by pattern.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, 0], [[1, 1, 1]], [0])
    >>> len(box_cells_2d(net, [(-1, 1), (-1, 1)]))
    6
    """
    if net.input_dim != 2:
        raise InvalidArgument(f"box cells need a network with 2 inputs, this one has {net.input_dim}")
    cells = [box_polygon(box)]
    for row, bias in zip(net.W, net.b, strict=True):
        if row[0] == 0 and row[1] == 0:
            continue
        split: list[Polygon] = []
        for polygon in cells:
            values = [_value(row, bias, p) for p in polygon]
            if min(values) >= 0 or max(values) <= 0:
                split.append(polygon)
                continue
            for sign in (1, -1):
                piece = clip_halfplane(polygon, row, bias, sign=sign)
                if len(piece) >= 3 and polygon_area(piece) != 0:
                    split.append(piece)
        cells = split
    result = []
    for polygon in cells:
        point = polygon_interior_point(polygon)
        pattern = tuple(_value(row, bias, point) > 0 for row, bias in zip(net.W, net.b, strict=True))
        result.append(Cell2D(polygon, pattern, point))
    result.sort(key=lambda cell: (cell.pattern, cell.point))
    return result


def default_box(net: TwoLayerReLU) -> Box:
    """A box containing every vertex of the arrangement and a point of every hidden hyperplane.

    In 2-D every region of R^2 then meets the box in exactly one cell, so a
    figure of the box shows all regions (and in 1-D every knot is inside). In
    higher dimensions only the point of each hyperplane closest to the origin is
    used, so the box is a reasonable view, not a guarantee. The margin is a
    quarter of the extent (at least 1), rounded outwards to integers.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> default_box(TwoLayerReLU([[1]], [-4], [[1]], [0]))
    ((Fraction(3, 1), Fraction(5, 1)),)
    """
    d = net.input_dim
    points: list[tuple[Fraction, ...]] = []
    rows = [(row, bias) for row, bias in zip(net.W, net.b, strict=True) if any(row)]
    for row, bias in rows:
        norm2 = sum((w * w for w in row), Fraction(0))
        points.append(tuple(-bias * w / norm2 for w in row))
    if d == 2:
        for i, (row_i, b_i) in enumerate(rows):
            for row_j, b_j in rows[i + 1 :]:
                det = row_i[0] * row_j[1] - row_i[1] * row_j[0]
                if det != 0:
                    points.append(((-b_i * row_j[1] + b_j * row_i[1]) / det, (-row_i[0] * b_j + row_j[0] * b_i) / det))
    if not points:
        points = [tuple(Fraction(0) for _ in range(d))]
    box = []
    for k in range(d):
        lo = min(p[k] for p in points)
        hi = max(p[k] for p in points)
        margin = max(Fraction(1), (hi - lo) / 4)
        lo, hi = _nice_floor(lo - margin), _nice_ceil(hi + margin)
        box.append((lo, hi))
    return tuple(box)


def _nice_floor(value: Fraction) -> Fraction:
    return Fraction(value.numerator // value.denominator)


def _nice_ceil(value: Fraction) -> Fraction:
    return Fraction(-((-value.numerator) // value.denominator))
