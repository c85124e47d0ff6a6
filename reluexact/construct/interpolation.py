"""Exact interpolation of any finite data set in Q^d by a two-layer ReLU network.

Choose a direction u whose projections t_k = u . x_k of the data points are pairwise
distinct; sort them; the continuous linear spline S in t through (t_k, y_k) is, by the
one-sided basis, S(t) = sum_{j=-1}^{z-1} lambda_j relu(t - t_j). Substituting t = u . x gives
the network f(x) = sum_j lambda_j relu(u . x - t_j), with f(x_k) = y_k exactly. Its N units
share one direction: N parallel hyperplanes, one chain of the half-space order.

The direction is chosen deterministically as u(k) = (1, k, k^2, ..., k^(d-1)) for
k = 0, 1, 2, ...: for two distinct points, (x - x') . u(k) is a non-zero polynomial in k of
degree <= d - 1, so at most d - 1 values of k fail for each pair and the search ends.

Exactness: all arithmetic is rational; the result is verified exactly at every data point
(:class:`~reluexact.errors.CertificationError` otherwise).

Examples
--------
>>> result = interpolate([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 0])  # XOR
>>> result.direction, result.direction_search
((1, 2), 2)
>>> [result.network(p)[0] for p in [[0, 0], [1, 0], [0, 1], [1, 1]]]
[Fraction(0, 1), Fraction(1, 1), Fraction(1, 1), Fraction(0, 1)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact.errors import CertificationError, InvalidArgument, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction, to_fraction

__all__ = ["Interpolation", "interpolate", "separating_direction"]

Vector = tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class Interpolation:
    """An exact interpolating network and how it was built.

    Attributes
    ----------
    network : TwoLayerReLU
        f(x) = sum_j lambda_j relu(u . x - t_j) (+ c for a single point); f(x_k) = y_k exactly.
    direction : tuple of int
        u.
    direction_search : int
        The k of u(k) = (1, k, ..., k^(d-1)) (``-1`` when the direction was given).
    knots : tuple of Fraction
        The sorted projections t_0 < ... < t_z of the data.
    auxiliary_knot : Fraction or None
        t_{-1} < t_0 of the one-sided basis.
    """

    network: TwoLayerReLU
    direction: tuple[int, ...]
    direction_search: int
    knots: tuple[Fraction, ...]
    auxiliary_knot: Fraction | None

    def __repr__(self) -> str:
        return f"Interpolation(points={len(self.knots)}, direction={self.direction}, n={self.network.n_hidden})"


def _points(points: Any, *, where: str = "points") -> list[Vector]:
    if hasattr(points, "tolist") and not isinstance(points, (list, tuple)):
        points = points.tolist()
    out = []
    for k, p in enumerate(points):
        if isinstance(p, (str, bytes)) or not isinstance(p, Sequence):
            raise ShapeError(f"{where}[{k}] must be a sequence of coordinates")
        out.append(tuple(to_fraction(v, where=f"{where}[{k}][{j}]", allow_float=True) for j, v in enumerate(p)))
    if not out:
        raise InvalidArgument(f"{where} is empty: give at least one data point")
    d = len(out[0])
    if d == 0:
        raise ShapeError(f"{where}: points need at least one coordinate")
    for k, p in enumerate(out):
        if len(p) != d:
            raise ShapeError(f"{where}[{k}] has {len(p)} coordinates but {where}[0] has {d}")
    return out


def _values(values: Any, N: int) -> list[Vector]:
    if hasattr(values, "tolist") and not isinstance(values, (list, tuple)):
        values = values.tolist()
    out = []
    for k, y in enumerate(values):
        if isinstance(y, (list, tuple)):
            out.append(tuple(to_fraction(v, where=f"values[{k}][{j}]", allow_float=True) for j, v in enumerate(y)))
        else:
            out.append((to_fraction(y, where=f"values[{k}]", allow_float=True),))
    if len(out) != N:
        raise ShapeError(f"{N} points but {len(out)} values; give one value per point")
    m = len(out[0])
    if m == 0 or any(len(y) != m for y in out):
        raise ShapeError("every value must have the same number m >= 1 of outputs")
    return out


def _evaluate_ridge_network(net: TwoLayerReLU, u: Vector, points: list[Vector]) -> list[Vector]:
    """Exact f(x) = sum_i a_i relu(u . x + b_i) + c at many points, for a net whose rows all equal u.

    Reads the network's own weights (it checks every row is u), sorts the units by -b_i and
    uses prefix sums: f(x) = s sum_{-b_i < s} a_i + sum_{-b_i < s} a_i b_i + c with s = u . x.
    O((N + n) log n) exact operations instead of the O(N n d) of a generic evaluation, whose
    big common denominators make it slow for thousands of data points.
    """
    import bisect

    if any(row != u for row in net.W):
        raise CertificationError("internal: the interpolating network's rows are not all the direction u")
    m, n = net.output_dim, net.n_hidden
    order = sorted(range(n), key=lambda i: -net.b[i])
    thresholds = [-net.b[i] for i in order]
    prefix_a = [[Fraction(0)] * m]
    prefix_ab = [[Fraction(0)] * m]
    for i in order:
        a = net.unit_output_weights(i)
        prefix_a.append([x + y for x, y in zip(prefix_a[-1], a, strict=True)])
        prefix_ab.append([x + y * net.b[i] for x, y in zip(prefix_ab[-1], a, strict=True)])
    out = []
    for p in points:
        t = sum((a * v for a, v in zip(u, p, strict=True)), Fraction(0))
        k = bisect.bisect_left(thresholds, t)  # units with -b_i < t, i.e. u . x + b_i > 0
        out.append(tuple(t * prefix_a[k][r] + prefix_ab[k][r] + net.c[r] for r in range(m)))
    return out


def separating_direction(points: Any, *, max_search: int = 100_000) -> tuple[tuple[int, ...], int]:
    """A deterministic integer direction u with pairwise distinct projections u . x_k.

    Tries u(k) = (1, k, k^2, ..., k^(d-1)) for k = 0, 1, 2, ... Points must be distinct.

    Returns
    -------
    (u, k)

    Raises
    ------
    InvalidArgument
        If two points coincide (no direction separates them).

    Examples
    --------
    >>> separating_direction([[0, 0], [0, 1], [1, 0]])
    ((1, 2), 2)
    >>> separating_direction([[0, 0], [1, -1], [2, 3], [1, 1]])
    ((1, 2), 2)
    """
    pts = _points(points)
    d = len(pts[0])
    if len(set(pts)) != len(pts):
        seen: dict[Vector, int] = {}
        for k, p in enumerate(pts):
            if p in seen:
                raise InvalidArgument(f"points {seen[p]} and {k} coincide; no direction separates them")
            seen[p] = k
    for k in range(max_search):
        u = tuple(k**e for e in range(d))
        projections = {sum((a * v for a, v in zip(u, p, strict=True)), Fraction(0)) for p in pts}
        if len(projections) == len(pts):
            return u, k
    raise InvalidArgument(f"no separating direction (1, k, ..., k^(d-1)) with k < {max_search}")  # pragma: no cover


def interpolate(points: Any, values: Any, *, direction: Sequence[Any] | None = None) -> Interpolation:
    """A two-layer ReLU network through every data point exactly: f(x_k) = y_k.

    Parameters
    ----------
    points : N x d array-like of rationals
        Distinct points (floats are taken at their exact binary value).
    values : length-N array-like of rationals, or N x m
        Targets y_k.
    direction : sequence of d rationals, optional
        u; must give distinct projections. Default: :func:`separating_direction`.

    Returns
    -------
    Interpolation
        With N units (the one-sided basis of the spline through the N projected points,
        z + 1 = N units) for N >= 2, and no units (the constant y_0) for N = 1.

    Raises
    ------
    InvalidArgument
        If two points coincide, or the given direction does not separate them.
    CertificationError
        If the exact check at the data fails (never expected).

    Examples
    --------
    >>> r = interpolate([["1/2", 3], [2, -1], [0, 0]], [[1, 2], [3, 4], [5, 6]])
    >>> r.network
    TwoLayerReLU(d=2, n=3, m=2)
    >>> r.network([2, -1])
    (Fraction(3, 1), Fraction(4, 1))
    >>> interpolate([[1, 1]], [7]).network([1, 1])
    (Fraction(7, 1),)
    """
    from reluexact.oned.bases import LinearSpline, one_sided_basis

    pts = _points(points)
    ys = _values(values, len(pts))
    d, m = len(pts[0]), len(ys[0])
    if direction is None:
        u, search = separating_direction(pts)
        uq = tuple(Fraction(v) for v in u)
    else:
        uq = tuple(to_fraction(v, where=f"direction[{j}]") for j, v in enumerate(direction))
        if len(uq) != d:
            raise ShapeError(f"direction has {len(uq)} entries but the points have d = {d}")
        u, search = tuple(int(v) if v.denominator == 1 else v for v in uq), -1  # type: ignore[misc]
    ts = [sum((a * v for a, v in zip(uq, p, strict=True)), Fraction(0)) for p in pts]
    if len(set(ts)) != len(ts):
        if len(set(pts)) != len(pts):
            separating_direction(pts)  # raises with the coinciding indices
        raise InvalidArgument("the direction does not separate the points: two projections u . x coincide")
    if len(pts) == 1:
        net = TwoLayerReLU([], [], [[] for _ in range(m)], ys[0], input_dim=d)
        return Interpolation(net, u, search, (ts[0],), None)
    order = sorted(range(len(pts)), key=lambda k: ts[k])
    spline = LinearSpline(tuple(ts[k] for k in order), tuple(ys[k] for k in order))
    basis = one_sided_basis(spline)
    W = [list(uq) for _ in basis.terms]
    b = [-term.knot for term in basis.terms]
    A = [[term.coefficient[k] for term in basis.terms] for k in range(m)]
    net = TwoLayerReLU(W, b, A, [Fraction(0)] * m)
    got = _evaluate_ridge_network(net, uq, pts)
    for k, (g, y) in enumerate(zip(got, ys, strict=True)):
        if g != y:
            raise CertificationError(
                f"interpolation check failed at point {k}: f = {[format_fraction(v) for v in g]}, "
                f"y = {[format_fraction(v) for v in y]}"
            )
    return Interpolation(net, u, search, spline.knots, basis.terms[0].knot)
