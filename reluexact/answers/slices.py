"""Exact slices: the network restricted to an affine line or plane through the data, as a network.

For x = x0 + U t with U a rational d x k matrix of rank k (its columns are the slice's directions),

    f(x0 + U t) = A relu(W (x0 + U t) + b) + c = A relu(W' t + b') + c,   W' = W U, b' = W x0 + b,

so the slice is itself a two-layer ReLU network in k inputs with the same A and c
(``theory.md``, "Slices"). Everything about it is exact, and its regions, affine pieces, decision
boundary and class cells are the traces on the slice of those of the d-D network (a slice region
with pattern P lies in the d-D region with pattern P). :func:`plane_through` and
:func:`line_through` give (origin, directions) through three or two samples;
:func:`slice_box` a box in slice coordinates t covering given points.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 2, 0], [0, -1, 1]], [0, 1], [[1, -1]], [0])
>>> origin, directions = plane_through([0, 0, 0], [1, 0, 0], [0, 1, 1])
>>> sliced = slice_network(net, origin, directions)
>>> sliced.W, sliced.b
(((Fraction(1, 1), Fraction(2, 1)), (Fraction(0, 1), Fraction(0, 1))), (Fraction(0, 1), Fraction(1, 1)))
>>> sliced(["1/2", 3]) == net(["1/2", 3, 3])
True
>>> slice_box(origin, directions, [[0, 0, 0], [1, 0, 0], [0, 1, 1]])
box[-1/10,11/10;-1/10,11/10]
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import flint

from reluexact.domain import Box
from reluexact.errors import InvalidArgument, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.rational import to_fraction

__all__ = ["line_through", "plane_through", "slice_box", "slice_coordinates", "slice_network"]

Vector = tuple[Fraction, ...]

#: Default padding of :func:`slice_box`: each side moves out by this fraction of the points' extent.
PADDING = Fraction(1, 10)


def _vector(value: Any, where: str, d: int | None = None) -> Vector:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InvalidArgument(f"{where} must be a sequence of rationals, got {type(value).__name__}")
    out = tuple(to_fraction(v, where=f"{where}[{j}]") for j, v in enumerate(value))
    if d is not None and len(out) != d:
        raise ShapeError(f"{where} has {len(out)} coordinates, expected {d}")
    if not out:
        raise ShapeError(f"{where} is empty")
    return out


def _directions(directions: Any, d: int) -> tuple[Vector, ...]:
    if isinstance(directions, (str, bytes)) or not isinstance(directions, Sequence) or not directions:
        raise InvalidArgument("directions must be a non-empty sequence of k direction vectors (the columns of U)")
    U = tuple(_vector(u, f"directions[{j}]", d) for j, u in enumerate(directions))
    k = len(U)
    if k > d:
        raise InvalidArgument(f"{k} directions in R^{d} cannot be linearly independent; give at most {d}")
    rank = flint.fmpq_mat(k, d, [flint.fmpq(v.numerator, v.denominator) for u in U for v in u]).rank()
    if rank < k:
        raise InvalidArgument(
            f"the {k} directions have rank {rank} < {k} (exactly): they span no {k}-dimensional slice; "
            "choose points that are not collinear (a plane) or not equal (a line)"
        )
    return U


def slice_network(net: TwoLayerReLU, origin: Sequence[Any], directions: Sequence[Sequence[Any]]) -> TwoLayerReLU:
    """The network t -> f(origin + U t) as a two-layer ReLU network in k inputs (exact).

    Parameters
    ----------
    net : TwoLayerReLU
    origin : sequence of d rationals
        x0, the point t = 0.
    directions : sequence of k sequences of d rationals
        The columns u_1, ..., u_k of U (rank k, checked exactly).

    Returns
    -------
    TwoLayerReLU
        W' = W U, b' = W x0 + b, the same A and c.

    Raises
    ------
    InvalidArgument
        If the directions are linearly dependent or a shape is wrong (ShapeError).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, -1]], ["1/2"], [[2]], [1])
    >>> slice_network(net, [0, 0], [[1, 1]]).W  # along x1 = x2 the unit is constant
    ((Fraction(0, 1),),)
    >>> slice_network(net, [0, 0], [[1, 1], [2, 2]])
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: the 2 directions have rank 1 < 2 (exactly): ...

    See Also
    --------
    plane_through, line_through, slice_box
    """
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"expected a TwoLayerReLU, got {type(net).__name__}")
    d = net.input_dim
    x0 = _vector(origin, "origin", d)
    U = _directions(directions, d)
    W, b = net.hidden_weights, net.hidden_bias
    k = len(U)
    W2 = [[sum((w[j] * u[j] for j in range(d)), Fraction(0)) for u in U] for w in W]
    b2 = [sum((w[j] * x0[j] for j in range(d)), Fraction(0)) + bi for w, bi in zip(W, b, strict=True)]
    return TwoLayerReLU(W2, b2, [list(row) for row in net.output_weights], list(net.output_bias), input_dim=k)


def line_through(p0: Sequence[Any], p1: Sequence[Any]) -> tuple[Vector, tuple[Vector]]:
    """(origin, directions) of the line through p0 (t = 0) and p1 (t = 1): x0 = p0, U = [p1 - p0].

    Examples
    --------
    >>> line_through([0, 1], [2, 3])
    ((Fraction(0, 1), Fraction(1, 1)), ((Fraction(2, 1), Fraction(2, 1)),))
    """
    a = _vector(p0, "p0")
    b = _vector(p1, "p1", len(a))
    u = tuple(y - x for x, y in zip(a, b, strict=True))
    _directions((u,), len(a))
    return a, (u,)


def plane_through(p0: Sequence[Any], p1: Sequence[Any], p2: Sequence[Any]) -> tuple[Vector, tuple[Vector, Vector]]:
    """(origin, directions) of the plane through p0, p1, p2: x0 = p0, U = [p1 - p0, p2 - p0].

    p0, p1, p2 get slice coordinates (0, 0), (1, 0), (0, 1).

    Raises
    ------
    InvalidArgument
        If the points are collinear (exactly), or d < 2.

    Examples
    --------
    >>> plane_through([0, 0, 0], [1, 0, 0], [0, 0, 2])[1]
    ((Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(0, 1), Fraction(2, 1)))
    """
    a = _vector(p0, "p0")
    b = _vector(p1, "p1", len(a))
    c = _vector(p2, "p2", len(a))
    u = tuple(y - x for x, y in zip(a, b, strict=True))
    v = tuple(y - x for x, y in zip(a, c, strict=True))
    _directions((u, v), len(a))
    return a, (u, v)


def slice_coordinates(origin: Sequence[Any], directions: Sequence[Sequence[Any]], point: Sequence[Any]) -> Vector:
    """The slice coordinates t of a point x on the slice: x = origin + U t (exact).

    Raises
    ------
    InvalidArgument
        If the point is not on the slice.

    Examples
    --------
    >>> slice_coordinates([0, 0], [[2, 0]], [1, 0])
    (Fraction(1, 2),)
    """
    x0 = _vector(origin, "origin")
    d = len(x0)
    U = _directions(directions, d)
    x = _vector(point, "point", d)
    k = len(U)
    rel = [x[j] - x0[j] for j in range(d)]
    # normal equations (U^T U) t = U^T (x - x0), then the exact check U t = x - x0
    gram = flint.fmpq_mat(
        k, k, [_q(sum((U[a][j] * U[c][j] for j in range(d)), Fraction(0))) for a in range(k) for c in range(k)]
    )
    rhs = flint.fmpq_mat(k, 1, [_q(sum((U[a][j] * rel[j] for j in range(d)), Fraction(0))) for a in range(k)])
    t = tuple(Fraction(int(v.p), int(v.q)) for v in gram.solve(rhs).entries())
    if any(sum((U[a][j] * t[a] for a in range(k)), Fraction(0)) != rel[j] for j in range(d)):
        raise InvalidArgument("the point is not on the slice (x - origin is not a combination of the directions)")
    return t


def _q(v: Fraction) -> Any:
    return flint.fmpq(v.numerator, v.denominator)


def slice_box(
    origin: Sequence[Any],
    directions: Sequence[Sequence[Any]],
    points: Sequence[Sequence[Any]],
    *,
    padding: Any = PADDING,
) -> Box:
    """A box in slice coordinates t covering the given points of the slice (exact).

    The rule: the bounding box of the points' t-coordinates, each side moved out by ``padding``
    times its extent (an extent of 0 counts as 1), so the points lie strictly inside.

    Parameters
    ----------
    origin, directions
        The slice (as for :func:`slice_network`).
    points : sequence of points of R^d on the slice
    padding : rational >= 0, default 1/10

    Examples
    --------
    >>> origin, directions = line_through([0, 0], [4, 4])
    >>> slice_box(origin, directions, [[0, 0], [4, 4], [2, 2]])
    box[-1/10,11/10]
    >>> slice_box(origin, directions, [[2, 2]], padding=0)
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: padding must be a positive rational when the points have zero extent ...
    """
    pad = to_fraction(padding, where="padding")
    if pad < 0:
        raise InvalidArgument(f"padding must be >= 0, got {pad}")
    if not points:
        raise InvalidArgument("slice_box needs at least one point")
    ts = [slice_coordinates(origin, directions, p) for p in points]
    k = len(ts[0])
    bounds = []
    for a in range(k):
        lo = min(t[a] for t in ts)
        hi = max(t[a] for t in ts)
        extent = hi - lo if hi > lo else Fraction(1)
        if pad == 0 and hi == lo:
            raise InvalidArgument(
                "padding must be a positive rational when the points have zero extent along a direction "
                "(a box needs lo < hi)"
            )
        bounds.append((lo - pad * extent, hi + pad * extent))
    return Box(bounds)
