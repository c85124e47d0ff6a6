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
>>> rows, offsets = cell_rows(net, Box([(0, 2), (0, 2)]), "*0")
>>> rows[-1], offsets[-1]
((Fraction(0, 1), Fraction(-1, 1)), Fraction(1, 1))
"""

from __future__ import annotations

from fractions import Fraction

from reluexact.domain import Domain, halfspaces
from reluexact.model import TwoLayerReLU

__all__ = ["FREE", "Sparse", "cell_rows", "preactivation", "sparse"]

FREE = "*"
Vector = tuple[Fraction, ...]
#: A sparse vector of multipliers: (row index, non-zero value) pairs in increasing row order.
Sparse = tuple[tuple[int, Fraction], ...]


def cell_rows(net: TwoLayerReLU, domain: Domain, signs: str) -> tuple[list[Vector], list[Fraction]]:
    """The rows ``M x + p >= 0`` of the cell of a sign vector (domain sides first, then the units)."""
    rows: list[Vector] = [tuple(Fraction(v) for v in h.normal) for h in halfspaces(domain)]
    offsets: list[Fraction] = [Fraction(h.offset) for h in halfspaces(domain)]
    for i, s in enumerate(signs):
        if s == FREE:
            continue
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
