"""Integer forms of a network and a domain, shared by per-sample location and its facets (exact).

Each unit's row (w_i, b_i) scaled to integers, the classes of coincident hyperplanes (the same
classes, in the same order, as :func:`reluexact.regions.families.coincident_hyperplanes` and the
groups of :func:`reluexact.regions.arrangements.arrangement`), and the domain's sides as primitive
integer rows (:func:`reluexact.domain.halfspaces`). Pre-activations of a batch of points are one
integer matrix product (python-flint ``fmpz_mat``).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> data = net_data(TwoLayerReLU([["1/2", 1], [1, 2], [0, 0]], [0, 0, 1], [[1, 1, 1]], [0]))
>>> data.classes, data.constant
(((0, 1),), (2,))
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from reluexact.domain import Domain, halfspaces
from reluexact.model import TwoLayerReLU

__all__ = ["DomainRows", "NetData", "affine_value", "crossing", "domain_rows", "lcm", "net_data", "preactivations"]

Vector = tuple[Fraction, ...]


def lcm(values: Iterable[int]) -> int:
    """The least common multiple of positive integers (1 for none).

    Examples
    --------
    >>> lcm([4, 6, 1])
    12
    """
    result = 1
    for v in values:
        if v != 1:
            result = math.lcm(result, v)
    return result


@dataclass(frozen=True, slots=True)
class DomainRows:
    """The domain's sides ``rows[k] . x + consts[k] >= 0`` (primitive integers) and their labels."""

    labels: tuple[str, ...]
    rows: tuple[tuple[int, ...], ...]
    consts: tuple[int, ...]


def domain_rows(domain: Domain) -> DomainRows:
    """The sides of a parsed domain as :class:`DomainRows`.

    Examples
    --------
    >>> from reluexact.domain import Box
    >>> domain_rows(Box([(0, 1)]))
    DomainRows(labels=('box:0:lo', 'box:0:hi'), rows=((1,), (-1,)), consts=(0, 1))
    """
    sides = halfspaces(domain)
    return DomainRows(tuple(h.label for h in sides), tuple(h.normal for h in sides), tuple(h.offset for h in sides))


class NetData:
    """Integer forms of the network: each hyperplane class as an integer row, plus the affine-map data."""

    __slots__ = ("Wz", "class_mask", "classes", "constant", "d", "n", "net", "norms", "reps", "rowden", "rows")

    def __init__(self, net: TwoLayerReLU) -> None:
        import flint

        self.net = net
        self.d = net.input_dim
        self.n = net.n_hidden
        rows = []
        rowden = []
        for row, bias in zip(net.W, net.b, strict=True):
            den = lcm([v.denominator for v in row] + [bias.denominator])
            rowden.append(den)
            rows.append([v.numerator * (den // v.denominator) for v in (*row, bias)])
        self.rowden = rowden
        self.rows = rows
        self.Wz = flint.fmpz_mat(rows) if rows else None
        self.norms = [sum(v * v for v in r[:-1]) for r in rows]
        self.constant = tuple(i for i in range(self.n) if self.norms[i] == 0)
        self.classes = _classes_from_rows(rows)
        self.reps = tuple(c[0] for c in self.classes)
        self.class_mask = tuple(sum(1 << i for i in c) for c in self.classes)


@functools.lru_cache(maxsize=4)
def net_data(net: TwoLayerReLU) -> NetData:
    """The integer data of a network, cached (networks are immutable and hash by value).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([["1/2", 0], [1, 1], [2, 2]], [0, "-1/3", "-2/3"], [[1, 1, 1]], [0])  # units 2, 3 coincide
    >>> data = net_data(net)
    >>> data.rows, data.rowden, data.classes  # integer rows (w, b) * rowden; the classes of coincident units
    ([[1, 0, 0], [3, 3, -1], [6, 6, -2]], [2, 3, 3], ((0,), (1, 2)))
    >>> net_data(net) is data
    True
    """
    return NetData(net)


def _classes_from_rows(rows: list[list[int]]) -> tuple[tuple[int, ...], ...]:
    """Coincident-hyperplane classes from integer rows (w, b): primitive, first non-zero w entry positive."""
    classes: dict[tuple[int, ...], list[int]] = {}
    for i, r in enumerate(rows):
        if not any(r[:-1]):
            continue
        g = math.gcd(*r)
        first = next(v for v in r if v)
        sg = g if first > 0 else -g
        classes.setdefault(tuple(v // sg for v in r), []).append(i)
    return tuple(sorted((tuple(c) for c in classes.values()), key=lambda c: c[0]))


def preactivations(data: NetData, points: list[Vector]) -> tuple[list[list[int]], list[int]]:
    """Integer matrix Z (n x N) with Z[i][p] = (w_i . x_p + b_i) * rowden_i * colden_p, and colden.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([["1/2", 0], [1, 1], [2, 2]], [0, "-1/3", "-2/3"], [[1, 1, 1]], [0])  # units 2, 3 coincide
    >>> Z, colden = preactivations(net_data(net), [(Fraction(1), Fraction(1, 2)), (Fraction(0), Fraction(0))])
    >>> Z, colden  # e.g. unit 2 at (1, 1/2): (1 + 1/2 - 1/3) * 3 * 2 = 7
    ([[2, 0], [7, -1], [14, -2]], [2, 1])
    """
    import flint

    N = len(points)
    d = data.d
    colden = [lcm(v.denominator for v in p) for p in points]
    if data.Wz is None or N == 0:
        return [[] for _ in range(data.n)], colden
    cols = [[v.numerator * (cd // v.denominator) for v in p] + [cd] for p, cd in zip(points, colden, strict=True)]
    Xz = flint.fmpz_mat([[cols[p][j] for p in range(N)] for j in range(d + 1)])
    Z = data.Wz * Xz
    flat = [int(v) for v in Z.entries()]
    return [flat[i * N : (i + 1) * N] for i in range(data.n)], colden


def crossing(x: Vector, p: Vector, hx: Fraction, hp: Fraction) -> Vector:
    """The point of the segment x -> p where an affine h with h(x) = hx > 0 >= hp = h(p) vanishes.

    Examples
    --------
    >>> crossing((Fraction(0), Fraction(0)), (Fraction(2), Fraction(2)), Fraction(1), Fraction(-1))  # halfway
    (Fraction(1, 1), Fraction(1, 1))
    """
    lam = hx / (hx - hp)
    return tuple(a + lam * (b - a) for a, b in zip(x, p, strict=True))


def affine_value(row: Sequence[int], const: int, y: Vector) -> Fraction:
    """The exact value ``row . y + const``.

    Examples
    --------
    >>> affine_value((1, -2), 3, (Fraction(1, 2), Fraction(1)))
    Fraction(3, 2)
    """
    return sum((r * v for r, v in zip(row, y, strict=True) if r), Fraction(const))
