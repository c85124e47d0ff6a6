"""Exact convex geometry shared by the answers: region polygons (d = 2), clipping, points inside a region.

Private to :mod:`reluexact.answers`. The planar helpers work on the closure of a region inside
a box, clipped from the box by the region's certified facets only (a handful of half-planes),
so a map of thousands of regions costs a few exact operations per region. Clipping a
rational polygon by a half-plane is :func:`reluexact.regions.geometry.clip_halfplane` (shared
with the report's figures); :func:`hclip` is the same in integer homogeneous coordinates.

Examples
--------
>>> from fractions import Fraction as F
>>> from reluexact.regions.geometry import clip_halfplane
>>> square = ((F(0), F(0)), (F(1), F(0)), (F(1), F(1)), (F(0), F(1)))
>>> half = clip_halfplane(square, (F(1), F(1)), F(-1))
>>> area(half), len(half)
(Fraction(1, 2), 3)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from reluexact.domain import Box, Domain
from reluexact.errors import CertificationError
from reluexact.regions import Region

__all__ = [
    "HPoint",
    "area",
    "as_points",
    "crossing",
    "dot",
    "facet_rows",
    "hclip",
    "inside_strictly",
    "integer_line",
    "region_hpolygon",
    "region_polygon",
    "step_inside",
    "strict_point_on_hyperplane",
    "vertex_mean",
]

Vector = tuple[Fraction, ...]
Polygon = tuple[Vector, ...]


def dot(row: Sequence[Any], x: Sequence[Fraction]) -> Fraction:
    """The exact value ``row . x``."""
    return sum((a * v for a, v in zip(row, x, strict=True) if a), Fraction(0))


def facet_rows(region: Region) -> tuple[list[tuple[int, ...]], list[int]]:
    """The region as ``rows . x + consts > 0``, one row per certified facet."""
    facets = region.facets or ()
    return [f.normal for f in facets], [f.offset for f in facets]


def inside_strictly(region: Region, x: Sequence[Fraction]) -> bool:
    """True when every facet inequality of ``region`` holds strictly at ``x`` (x is in its interior)."""
    return all(dot(f.normal, x) + f.offset > 0 for f in region.facets or ())


def crossing(x: Vector, q: Vector, gx: Fraction, gq: Fraction) -> Vector:
    """The point of the segment x -> q where an affine g with g(x) = gx and g(q) = gq (gx != gq) vanishes."""
    lam = gx / (gx - gq)
    return tuple(a + lam * (b - a) for a, b in zip(x, q, strict=True))


def step_inside(region: Region, x: Vector, v: Sequence[Fraction]) -> Vector:
    """x + t v, 0 < t <= 1, strictly inside ``region`` (x strictly inside): half the way to its boundary."""
    t = Fraction(1)
    for f in region.facets or ():
        rate = dot(f.normal, v)
        if rate < 0:
            t = min(t, (dot(f.normal, x) + f.offset) / (-2 * rate))
    return tuple(a + t * b for a, b in zip(x, v, strict=True))


def vertex_mean(polygon: Polygon) -> Vector:
    """The mean of the vertices: strictly inside a convex polygon of positive area."""
    k = len(polygon)
    return tuple(sum((p[j] for p in polygon), Fraction(0)) / k for j in range(len(polygon[0])))


def area(polygon: Polygon) -> Fraction:
    """The exact area of a convex polygon (shoelace; counter-clockwise positive)."""
    total = Fraction(0)
    for i, (x0, y0) in enumerate(polygon):
        x1, y1 = polygon[(i + 1) % len(polygon)]
        total += x0 * y1 - x1 * y0
    return total / 2


HPoint = tuple[int, int, int]


def _reduced(x: int, y: int, z: int) -> HPoint:
    g = math.gcd(x, y, z)
    return (x // g, y // g, z // g) if g > 1 else (x, y, z)


def hclip(polygon: Sequence[HPoint], a: int, b: int, c: int) -> list[HPoint]:
    """A convex polygon in integer homogeneous coordinates (X, Y, Z), Z > 0, cut by ``a x + b y + c >= 0``, exactly.

    The point of an edge P -> Q where the line is crossed is ``v_P Q - v_Q P`` (v the homogeneous values),
    so no division happens; coordinates are kept reduced by their gcd.
    """
    values = [a * x + b * y + c * z for x, y, z in polygon]
    if min(values) >= 0:
        return list(polygon)
    if max(values) <= 0:
        return []
    out: list[HPoint] = []
    count = len(polygon)
    for i in range(count):
        vc, vf = values[i], values[(i + 1) % count]
        current = polygon[i]
        if vc >= 0:
            out.append(current)
        if (vc > 0 > vf) or (vc < 0 < vf):
            f = polygon[(i + 1) % count]
            if vc < 0:
                point = _reduced(vf * current[0] - vc * f[0], vf * current[1] - vc * f[1], vf * current[2] - vc * f[2])
            else:
                point = _reduced(vc * f[0] - vf * current[0], vc * f[1] - vf * current[1], vc * f[2] - vf * current[2])
            out.append(point)
    return out


def as_points(polygon: Sequence[HPoint]) -> Polygon:
    """Homogeneous integer vertices as exact rational points."""
    return tuple((Fraction(x, z), Fraction(y, z)) for x, y, z in polygon)


def integer_line(normal: Sequence[Fraction], offset: Fraction) -> tuple[int, int, int]:
    """``normal . x + offset`` scaled by a positive integer to integer coefficients (same sign everywhere)."""
    a, b = normal
    den = math.lcm(a.denominator, b.denominator, offset.denominator)
    return (
        a.numerator * (den // a.denominator),
        b.numerator * (den // b.denominator),
        offset.numerator * (den // offset.denominator),
    )


@functools.lru_cache(maxsize=8)
def _box_corners(domain: Box) -> list[HPoint]:
    (x0, x1), (y0, y1) = domain.bounds
    z = math.lcm(x0.denominator, x1.denominator, y0.denominator, y1.denominator)
    X0, X1, Y0, Y1 = (int(v * z) for v in (x0, x1, y0, y1))
    return [(X0, Y0, z), (X1, Y0, z), (X1, Y1, z), (X0, Y1, z)]


def region_hpolygon(region: Region, domain: Domain) -> list[HPoint] | None:
    """The closure of a 2-D region inside a box, homogeneous integer vertices (None unless the domain is a 2-D box)."""
    if not isinstance(domain, Box) or len(domain.bounds) != 2 or region.facets is None:
        return None
    polygon = _box_corners(domain)
    for f in region.facets:
        if f.kind == "hyperplane":
            polygon = hclip(polygon, f.normal[0], f.normal[1], f.offset)
    if len(polygon) < 3:
        raise CertificationError(f"internal: region {region.id} clipped to an empty polygon")
    return polygon


def region_polygon(region: Region, domain: Domain) -> Polygon | None:
    """The closure of a 2-D region inside a box as an exact polygon (None unless the domain is a 2-D box)."""
    polygon = region_hpolygon(region, domain)
    return None if polygon is None else as_points(polygon)


def strict_point_on_hyperplane(
    rows: Sequence[Sequence[Any]], consts: Sequence[Any], normal: Sequence[Fraction], offset: Fraction
) -> Vector | None:
    """A rational x with ``normal . x + offset = 0`` and ``rows . x + consts > 0`` strictly, or None (exact LP).

    One coordinate j with normal_j != 0 is eliminated, x_j = -(offset + sum_{i != j} normal_i x_i) / normal_j,
    and the strict system in the other d - 1 coordinates goes to :func:`reluexact.lp.strict_feasible_point`.
    """
    from reluexact.lp import strict_feasible_point

    d = len(normal)
    j = next(i for i in range(d) if normal[i] != 0)
    others = [i for i in range(d) if i != j]

    def lift(y: Sequence[Fraction]) -> Vector:
        x = [Fraction(0)] * d
        for i, v in zip(others, y, strict=True):
            x[i] = v
        x[j] = -(offset + sum((normal[i] * x[i] for i in others), Fraction(0))) / normal[j]
        return tuple(x)

    if d == 1:
        x = lift(())
        return x if all(dot(r, x) + c > 0 for r, c in zip(rows, consts, strict=True)) else None
    # row . x + c with x_j substituted: (row_i - row_j normal_i / normal_j) y_i + (c - row_j offset / normal_j)
    A = [[Fraction(r[i]) - Fraction(r[j]) * normal[i] / normal[j] for i in others] for r in rows]
    b = [Fraction(c) - Fraction(r[j]) * offset / normal[j] for r, c in zip(rows, consts, strict=True)]
    if not A:
        return lift([Fraction(0)] * (d - 1))
    y = strict_feasible_point(A, b)
    return None if y is None else lift(y)
