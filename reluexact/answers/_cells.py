"""Sign cells shared by the branch and bound searches of :mod:`reluexact.answers` (exact).

A *sign vector* is a string with one character per hidden unit: ``"1"`` (the unit is active,
``w_i . x + b_i >= 0``), ``"0"`` (inactive, ``<= 0``) or ``"*"`` (free). Its *cell* is the
domain intersected with the half-spaces of the assigned units; its rows are, in this order,
the domain's sides (:func:`reluexact.domain.halfspaces`) and then ``s_i (w_i . x + b_i)`` for
the assigned units in increasing unit order (s_i = +1 for ``"1"``, -1 for ``"0"``). The
certificate checkers of :mod:`reluexact.check` rebuild the same rows independently.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.domain import Box
>>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, -1], [[1, 1]], [0])
>>> rows, offsets = cell_rows(net, domain_sides(Box([(0, 2), (0, 2)])), "*0")
>>> rows[-1], offsets[-1]
((Fraction(0, 1), Fraction(-1, 1)), Fraction(1, 1))
"""

from __future__ import annotations

from fractions import Fraction

from reluexact import lp
from reluexact.domain import Domain, halfspaces
from reluexact.model import TwoLayerReLU

__all__ = ["FREE", "Sparse", "cell_rows", "domain_sides", "preactivation", "region_through", "sparse", "strict_cell"]

FREE = "*"
Vector = tuple[Fraction, ...]
#: A sparse vector of multipliers: (row index, non-zero value) pairs in increasing row order.
Sparse = tuple[tuple[int, Fraction], ...]


def domain_sides(domain: Domain) -> tuple[list[Vector], list[Fraction]]:
    """The domain's sides as rows ``M x + p >= 0`` (:func:`reluexact.domain.halfspaces`, in order)."""
    sides = halfspaces(domain)
    return [tuple(Fraction(v) for v in h.normal) for h in sides], [Fraction(h.offset) for h in sides]


def cell_rows(
    net: TwoLayerReLU, sides: tuple[list[Vector], list[Fraction]], signs: str
) -> tuple[list[Vector], list[Fraction]]:
    """The rows ``M x + p >= 0`` of the cell of a sign vector (domain sides first, then the assigned units).

    ``sides`` is :func:`domain_sides` of the domain (computed once per search or check).
    """
    rows, offsets = list(sides[0]), list(sides[1])
    for i, s in enumerate(signs):
        if s != FREE:
            sign = 1 if s == "1" else -1
            rows.append(tuple(sign * v for v in net.W[i]))
            offsets.append(sign * net.b[i])
    return rows, offsets


def preactivation(net: TwoLayerReLU, i: int, x: Vector) -> Fraction:
    """w_i . x + b_i, exact."""
    return sum((w * v for w, v in zip(net.W[i], x, strict=True)), net.b[i])


def sparse(values: tuple[Fraction, ...] | None, length: int) -> Sparse:
    """The non-zero entries of a dense multiplier vector, keeping only the first ``length`` rows."""
    if values is None:
        return ()
    return tuple((k, v) for k, v in enumerate(values[:length]) if v != 0)


def strict_cell(rows: list[Vector], offsets: list[Fraction]) -> tuple[Vector | None, Sparse]:
    """A point with ``rows x + offsets > 0`` strictly, or Gordan multipliers proving there is none.

    One exact LP, ``max t`` subject to ``rows x + offsets - t >= 0``, ``t <= 1``
    (:func:`reluexact.lp.maximize`, whose float basis guess is certified exactly). When the
    optimum t is positive its x is the point; otherwise the LP dual restricted to the rows is
    ``y >= 0``, ``y != 0`` with ``rows^T y = 0`` and ``offsets . y <= 0`` (Gordan).

    Examples
    --------
    >>> F = Fraction
    >>> strict_cell([(F(1),), (F(-1),)], [F(0), F(1)])
    ((Fraction(1, 2),), ())
    >>> strict_cell([(F(1),), (F(-1),)], [F(0), F(0)])
    (None, ((0, Fraction(1, 2)), (1, Fraction(1, 2))))
    """
    d = len(rows[0])
    lifted = [(*row, Fraction(-1)) for row in rows] + [(Fraction(0),) * d + (Fraction(-1),)]
    solved = lp.maximize([0] * d + [1], lifted, [*offsets, Fraction(1)])
    assert solved.status == "optimal"
    assert solved.value is not None
    assert solved.point is not None
    if solved.value > 0:
        return solved.point[:d], ()
    assert solved.dual is not None
    return None, sparse(solved.dual, len(rows))


def region_through(net: TwoLayerReLU, sides: tuple[list[Vector], list[Fraction]], x: Vector) -> tuple[str, Vector]:
    """An activation pattern whose closed region contains x, and a rational point strictly inside it.

    Units nonzero at x keep their sign; the units whose hyperplane passes through x get a side
    one at a time, each checked by an exact strict-feasibility LP. The open cell S so defined is
    contained in x + C, C the open cone of the constraints tight at x; so S is non-empty exactly
    when C is, and then x + tC meets S for small t > 0: x lies in the closure of S. Splitting a
    non-empty open cell by a hyperplane leaves a non-empty side, so one of the two signs works.
    A constant unit (w_i = 0) is on when b_i > 0 and adds no row. ``sides`` is
    :func:`domain_sides` of the domain, whose closure contains x.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.domain import Box
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> region_through(net, domain_sides(Box([(-1, 1), (-1, 1)])), (Fraction(0), Fraction(1, 2)))
    ('11', (Fraction(1, 2), Fraction(1, 2)))
    """
    n = net.n_hidden
    constant = [all(w == 0 for w in net.W[i]) for i in range(n)]
    signs = []
    for i in range(n):
        z = preactivation(net, i, x)
        signs.append("1" if z > 0 else "0" if z < 0 or constant[i] else FREE)
    point: Vector | None = None
    for i in [k for k in range(n) if signs[k] == FREE] + [-1]:
        for s in "10" if i >= 0 else "*":
            trial = signs if i < 0 else [*signs[:i], s, *signs[i + 1 :]]
            probe = "".join(FREE if constant[k] else trial[k] for k in range(n))
            rows, offsets = cell_rows(net, sides, probe)
            found = strict_cell(rows, offsets)[0] if rows else (Fraction(0),) * net.input_dim
            if found is not None:
                signs, point = trial, found
                break
    assert point is not None
    assert FREE not in signs
    return "".join(signs), point
