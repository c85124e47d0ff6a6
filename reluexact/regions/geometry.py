"""Geometry of a region: bounded or not, its vertices and exact volume (d <= 3); planar clipping.

All exact: boundedness is one exact LP on the region's facet inequalities, vertices are exact
solutions of d x d systems (python-flint), volumes are fan triangulations ordered by exact
angle comparisons. They need the region's facets: a region whose facet list is not certified
complete (from a PARTIAL enumeration, or per-sample analysis with float-only verdicts) is
refused where its missing facets could change the answer. :func:`clip_halfplane` cuts a convex
polygon by a closed half-plane in rational arithmetic (the report's figures use it).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> res = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0]))
>>> [r.pattern for r in bounded_regions(res)], n_bounded_regions(res)
(['110'], 1)
>>> vertices(res.region_with_pattern("110"))
((Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1)))
>>> volume(res.region_with_pattern("110"))
Fraction(1, 2)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import combinations
from typing import Any

import flint

from reluexact import domain as domains
from reluexact.domain import Box, Domain, Polytope, Whole
from reluexact.errors import InvalidArgument
from reluexact.regions.types import Region, RegionsResult

__all__ = ["bounded_regions", "clip_halfplane", "is_bounded", "n_bounded_regions", "vertices", "volume"]

Vector = tuple[Fraction, ...]


def _bounded_inequalities(rows: list[list[int]], d: int) -> bool:
    from reluexact.lp import maximize

    if not rows:
        return False
    # bounded iff the recession cone {r : F r >= 0} is {0}; F must have rank d, and then
    # the cone is {0} iff max sum(F r) over 0 <= F r <= 1 is 0
    if flint.fmpq_mat(len(rows), d, [v for row in rows for v in row]).rank() < d:
        return False
    lp_rows = rows + [[-v for v in row] for row in rows]
    rhs = [0] * len(rows) + [1] * len(rows)
    obj = [sum(row[j] for row in rows) for j in range(d)]
    res = maximize(obj, lp_rows, rhs)
    return res.status == "optimal" and res.value == 0


def is_bounded(region: Region | Domain) -> bool:
    """Whether a region (or a domain) is bounded, decided exactly.

    For a region: one exact LP on its facet inequalities. Each listed facet is a valid
    inequality of the region, so "bounded" is sound even when the facet list is not certified
    complete; "unbounded" is not, and is refused there.

    Parameters
    ----------
    region : Region, or a Whole, Box or Polytope (then :func:`reluexact.domain.is_bounded`)

    Raises
    ------
    InvalidArgument
        If the region's facets were not computed, or are not certified complete (a PARTIAL
        enumeration, or float-only facet verdicts) and the listed ones do not bound it.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])
    >>> [is_bounded(r) for r in regions(net)].count(True)
    1
    >>> is_bounded(regions(net, max_regions=1)[0])
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: region 0 (pattern ...) comes from a result whose facet lists are not ...
    """
    if isinstance(region, (Whole, Box, Polytope)):
        return domains.is_bounded(region)
    if not isinstance(region, Region):
        raise InvalidArgument(f"is_bounded needs a Region or a domain, got {type(region).__name__}")
    if region.facets is None:
        raise InvalidArgument(
            f"region {region.id} (pattern {_short(region.pattern)}) has no facets computed; "
            "use locate(..., facets=True) or region_containing_point(net, x)"
        )
    bounded = _bounded_inequalities([list(n) for n, _ in region.inequalities], len(region.point))
    if bounded or region.facets_complete:
        return bounded
    raise InvalidArgument(
        f"region {region.id} (pattern {_short(region.pattern)}) comes from a result whose facet lists are not "
        "certified complete (a PARTIAL enumeration, or float-only facet verdicts), and the facets it has do not "
        "bound it: a missing facet could. Enumerate without a budget, or use "
        "region_containing_point(net, region.point) for its certified facets"
    )


def _short(pattern: str) -> str:
    return pattern if len(pattern) <= 24 else pattern[:21] + "..."


def _require_complete(region: Region, what: str) -> None:
    if region.facets is None or not region.facets_complete:
        raise InvalidArgument(
            f"{what} of region {region.id} need its complete facet list, which this result does not certify "
            "(a PARTIAL enumeration, float-only facet verdicts, or facets not computed); enumerate without a "
            "budget, or use region_containing_point(net, region.point)"
        )


def bounded_regions(result: RegionsResult) -> tuple[Region, ...]:
    """The bounded regions (Sage's ``bounded_regions``); all of them inside a box.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> res = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0]))
    >>> [r.pattern for r in bounded_regions(res)]  # the triangle x > 0, y > 0, x + y < 1
    ['110']
    """
    if isinstance(result.domain, Box):
        return tuple(result.regions)
    return tuple(r for r in result.regions if is_bounded(r))


def n_bounded_regions(result: RegionsResult) -> int:
    """The number of bounded regions.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> n_bounded_regions(regions(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])))
    1
    """
    return len(bounded_regions(result))


def vertices(region: Region) -> tuple[Vector, ...]:
    """The vertices of a bounded region (exact), sorted.

    Every d-subset of facet hyperplanes with a unique common point that satisfies all
    facet inequalities (non-strictly) gives a vertex.

    Raises
    ------
    InvalidArgument
        If the region is unbounded.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> res = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]), domain="0,1;0,2")
    >>> [tuple(map(str, v)) for v in vertices(res[0])]
    [('0', '0'), ('0', '2'), ('1', '0'), ('1', '2')]
    """
    _require_complete(region, "the vertices")
    d = len(region.point)
    ineq = region.inequalities
    if not is_bounded(region):
        raise InvalidArgument(f"region {region.id} is unbounded: it has no vertex description")
    out: set[Vector] = set()
    for combo in combinations(range(len(ineq)), d):
        M = flint.fmpq_mat(d, d, [v for k in combo for v in ineq[k][0]])
        if M.rank() < d:
            continue
        rhs = flint.fmpq_mat(d, 1, [-ineq[k][1] for k in combo])
        sol = M.solve(rhs).entries()
        x = tuple(Fraction(int(v.p), int(v.q)) for v in sol)
        if all(sum((a * v for a, v in zip(n, x, strict=True)), Fraction(o)) >= 0 for n, o in ineq):
            out.add(x)
    return tuple(sorted(out))


def volume(region: Region) -> Fraction:
    """The exact volume (length, area, volume) of a bounded region, d <= 3.

    Fan triangulation from the vertex centroid: intervals (d = 1), polygons ordered by
    exact angle comparisons (d = 2), and per-facet polygons coned to the centroid (d = 3).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> res = regions(TwoLayerReLU([[1, 1]], [-1], [[1]], [0]), domain="0,1;0,1")
    >>> sorted(volume(r) for r in res)
    [Fraction(1, 2), Fraction(1, 2)]
    """
    d = len(region.point)
    if d > 3:
        raise InvalidArgument(f"volume supports d <= 3, got d = {d}")
    verts = vertices(region)
    if d == 1:
        return max(v[0] for v in verts) - min(v[0] for v in verts)
    if d == 2:
        return _polygon_area(list(verts))
    total = Fraction(0)
    c = tuple(sum(v[j] for v in verts) / Fraction(len(verts)) for j in range(3))
    for normal, offset in region.inequalities:
        face = [v for v in verts if sum((a * x for a, x in zip(normal, v, strict=True)), Fraction(offset)) == 0]
        if len(face) < 3:
            continue
        ordered = _order_in_plane(face, normal)
        for k in range(1, len(ordered) - 1):
            total += abs(_det3(_sub(ordered[0], c), _sub(ordered[k], c), _sub(ordered[k + 1], c))) / 6
    return total


def _sub(a: Vector, b: Vector) -> Vector:
    return tuple(x - y for x, y in zip(a, b, strict=True))


def _det3(a: Vector, b: Vector, c: Vector) -> Fraction:
    return a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0])


def _order_cyclic(points: list[Vector], cross: Callable[[Vector, Vector], Fraction]) -> list[Vector]:
    """Order points of a convex polygon around their centroid, by exact half-plane and cross tests."""
    k = len(points)
    dim = len(points[0])
    c = tuple(sum(p[j] for p in points) / Fraction(k) for j in range(dim))
    rel = [_sub(p, c) for p in points]
    ref = rel[0]

    def half(v: Vector) -> int:
        cr = cross(ref, v)
        if cr > 0:
            return 0
        if cr < 0:
            return 1
        # collinear with ref: same direction first, opposite in the second half
        dot = sum(a * b for a, b in zip(ref, v, strict=True))
        return 0 if dot > 0 else 1

    def cmp(i: int, j: int) -> int:
        hi, hj = half(rel[i]), half(rel[j])
        if hi != hj:
            return hi - hj
        cr = cross(rel[i], rel[j])
        return -1 if cr > 0 else (1 if cr < 0 else 0)

    order = sorted(range(k), key=functools.cmp_to_key(cmp))
    return [points[i] for i in order]


def _polygon_area(points: list[Vector]) -> Fraction:
    ordered = _order_cyclic(points, lambda a, b: a[0] * b[1] - a[1] * b[0])
    s = Fraction(0)
    for k in range(len(ordered)):
        x0, y0 = ordered[k]
        x1, y1 = ordered[(k + 1) % len(ordered)]
        s += x0 * y1 - x1 * y0
    return abs(s) / 2


def _order_in_plane(points: list[Vector], normal: tuple[int, ...]) -> list[Vector]:
    def cross(a: Vector, b: Vector) -> Fraction:
        cx = a[1] * b[2] - a[2] * b[1]
        cy = a[2] * b[0] - a[0] * b[2]
        cz = a[0] * b[1] - a[1] * b[0]
        return cx * normal[0] + cy * normal[1] + cz * normal[2]

    return _order_cyclic(points, cross)


def clip_halfplane(
    polygon: Sequence[tuple[Fraction, Fraction]], normal: Sequence[Any], offset: Any, *, sign: int = 1
) -> tuple[tuple[Fraction, Fraction], ...]:
    """Intersect a convex polygon with the closed half-plane ``sign * (normal . x + offset) >= 0``, exactly.

    Sutherland-Hodgman clipping in rational arithmetic, the one implementation (the report's
    figures use it; the answers clip in integer homogeneous coordinates instead, see
    ``reluexact.answers._planar.hclip``). ``normal`` and ``offset`` are exact
    numbers (int or Fraction). Returns the clipped polygon (in the input's orientation, no
    repeated vertices); an empty tuple when nothing is left, and possibly a degenerate
    (zero-area) polygon when the half-plane only touches.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> square = ((F(0), F(0)), (F(2), F(0)), (F(2), F(2)), (F(0), F(2)))
    >>> [tuple(map(str, p)) for p in clip_halfplane(square, (1, 0), -1, sign=-1)]  # keep x <= 1
    [('0', '0'), ('1', '0'), ('1', '2'), ('0', '2')]
    >>> clip_halfplane(square, (1, 1), 0, sign=-1)  # x + y <= 0 only touches the corner
    ((Fraction(0, 1), Fraction(0, 1)),)
    >>> clip_halfplane(square, (1, 1), 1, sign=-1)
    ()
    """
    if sign not in (1, -1):
        raise InvalidArgument(f"sign must be 1 or -1, got {sign!r}")
    values = [sign * (normal[0] * point[0] + normal[1] * point[1] + offset) for point in polygon]
    out: list[tuple[Fraction, Fraction]] = []
    count = len(polygon)
    for index in range(count):
        current, following = polygon[index], polygon[(index + 1) % count]
        v_current, v_following = values[index], values[(index + 1) % count]
        if v_current >= 0:
            out.append(current)
        if (v_current > 0 > v_following) or (v_current < 0 < v_following):
            t = v_current / (v_current - v_following)
            out.append((current[0] + t * (following[0] - current[0]), current[1] + t * (following[1] - current[1])))
    cleaned: list[tuple[Fraction, Fraction]] = []
    for point in out:
        if not cleaned or cleaned[-1] != point:
            cleaned.append(point)
    while len(cleaned) > 1 and cleaned[0] == cleaned[-1]:
        cleaned.pop()
    return tuple(cleaned)
