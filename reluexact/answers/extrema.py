"""Exact extrema of a two-layer ReLU network over a domain, with a checkable certificate.

``maximize(net, domain, output=k)`` returns the exact maximum of f_k over a box or polytope D,
an exact maximiser, and a certificate; ``minimize`` and the margin ``output=(k, l)``
(the maximum of f_k - f_l) use the same search. The mathematics (theory.md, "Extrema"): a
continuous piecewise-affine function attains its maximum over a polytope at a vertex of some
closed region, so max f = max over regions of one exact LP.

The search is a best-first branch and bound over *sign cells* (see
:mod:`reluexact.answers._cells`): a cell fixes the sign of some units; on it the objective
``phi(x) = c' + sum_i a'_i relu(w_i . x + b_i)`` is bounded above by an affine function g: the
assigned units are exact, a free unit with ``a'_i < 0`` is bounded by ``a'_i mu_i z_i`` with
``mu_i`` in [0, 1] (relu(z) >= mu z), and a free unit with ``a'_i > 0`` by the chord
``a'_i (mu_i z_i + nu_i)`` of relu over the unit's pre-activation interval [l_i, u_i] on D
(l_i, u_i exact LP optima over D, with their duals). One exact LP (:func:`reluexact.lp.maximize`)
gives max g on the cell with its dual; its optimal point gives a lower bound phi(x). A cell
whose bound does not beat the best value found is never split; a cell where the bound is
attained is solved. What is left is a tree of sign splits whose leaves cover D, each with an
exact dual bound <= the value, or a Farkas proof that it is empty: the certificate that
:mod:`reluexact.check.maximize` re-verifies from the document alone.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0])  # |x|
>>> result = maximize(net, "-1,2")
>>> result.value, result.point
(Fraction(2, 1), (Fraction(2, 1),))
>>> minimize(net, "-1,2").value
Fraction(0, 1)
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact import lp
from reluexact.answers._cells import (
    FREE,
    Sparse,
    Vector,
    cell_rows,
    domain_sides,
    preactivation,
    region_through,
    sparse,
)
from reluexact.check import header
from reluexact.domain import Domain, DomainLike, as_domain, halfspaces
from reluexact.errors import DomainError, InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction

__all__ = [
    "CellBound",
    "Extremum",
    "UnitBound",
    "extremum_document",
    "maximize",
    "maximize_margin",
    "minimize",
]

Output = int | tuple[int, int]


@dataclass(frozen=True, slots=True)
class UnitBound:
    """Exact bounds ``low <= w_i . x + b_i <= high`` on the domain, each proved by LP multipliers.

    ``low_dual`` (sparse, over the domain's sides ``M x + p >= 0``) has ``M^T y = w_i`` and
    ``b_i - low >= p . y``; ``high_dual`` has ``M^T y = -w_i`` and ``high - b_i >= p . y``.
    """

    low: Fraction
    high: Fraction
    low_dual: Sparse
    high_dual: Sparse


@dataclass(frozen=True, slots=True)
class CellBound:
    """One leaf of the search tree: a sign cell with its exact bound, or a proof that it is empty.

    Attributes
    ----------
    signs : str
        ``"1"``, ``"0"`` or ``"*"`` per unit (see :mod:`reluexact.answers._cells`).
    bound : Fraction or None
        An upper bound of the maximised objective on the cell (None when it is empty).
    dual : sparse multipliers
        ``y >= 0`` over the cell's rows proving ``max g <= bound`` (LP duality), or, for an
        empty cell, Farkas multipliers (``M^T y = 0``, ``p . y < 0``).
    """

    signs: str
    bound: Fraction | None
    dual: Sparse

    @property
    def empty(self) -> bool:
        """True when the leaf is proved empty."""
        return self.bound is None


@dataclass(frozen=True, slots=True)
class Extremum:
    """The exact maximum (or minimum) of an output, or of a margin f_k - f_l, over a domain.

    Attributes
    ----------
    value : Fraction
        The exact extremum.
    point : tuple of Fraction
        An exact point of the closed domain where it is attained.
    sense : str
        ``"max"`` or ``"min"``.
    output : int or (int, int)
        The output k (0-based), or the pair (k, l) of the margin f_k - f_l.
    region_pattern, region_point : str, tuple of Fraction
        An activation region whose closure contains ``point`` and a rational point strictly inside it.
    leaves : tuple of CellBound
        The leaves of the search tree: they cover the domain, and every bound is at most the
        value of the maximised objective (``-value`` when minimising).
    bounds : tuple of (UnitBound or None)
        The pre-activation bounds on the domain the relaxations used (None where unbounded).
    nodes : int
        Sign cells examined (one exact LP each).
    """

    network: TwoLayerReLU
    domain: Domain
    sense: str
    output: Output
    value: Fraction
    point: Vector
    region_pattern: str
    region_point: Vector
    leaves: tuple[CellBound, ...]
    bounds: tuple[UnitBound | None, ...]
    nodes: int

    def __repr__(self) -> str:
        return f"Extremum({self.sense}={format_fraction(self.value)}, leaves={len(self.leaves)}, nodes={self.nodes})"


def maximize(net: TwoLayerReLU, domain: DomainLike = None, *, output: Output = 0) -> Extremum:
    """The exact maximum of output k (or of the margin f_k - f_l) over a domain, with a certificate.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : DomainLike
        Read by :func:`reluexact.domain.as_domain` (a box, a polytope, or None for all of R^d).
    output : int or (int, int)
        The output k, 0-based; a pair (k, l) maximises the margin f_k - f_l.

    Returns
    -------
    Extremum
        Exact value, maximiser and certificate (see :func:`extremum_document`).

    Raises
    ------
    DomainError
        When the output is unbounded above on the domain.
    InvalidArgument
        For an output out of range.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, -2], [0, 1]], [0, 0])
    >>> maximize(net, "-1,1;-1,1").value
    Fraction(2, 1)
    >>> maximize(net, "-1,1;-1,1", output=(1, 0)).value  # max of f_2 - f_1
    Fraction(6, 1)

    See Also
    --------
    minimize, maximize_margin, reluexact.check.maximize.check
    """
    return _extremum(net, domain, output, "max")


def minimize(net: TwoLayerReLU, domain: DomainLike = None, *, output: Output = 0) -> Extremum:
    """The exact minimum of output k (or of f_k - f_l) over a domain (see :func:`maximize`).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], ["-1/2"])
    >>> minimize(net, "-1,1").value, minimize(net, "-1,1").point
    (Fraction(-1, 2), (Fraction(0, 1),))
    """
    return _extremum(net, domain, output, "min")


def maximize_margin(net: TwoLayerReLU, domain: DomainLike, k: int, l: int) -> Extremum:
    """The exact maximum of f_k - f_l over a domain: ``maximize(net, domain, output=(k, l))``.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1]], [0], [[1], [-1]], [0, 0])
    >>> maximize_margin(net, "-1,1", 0, 1).value
    Fraction(2, 1)
    """
    return _extremum(net, domain, (k, l), "max")


def objective_weights(net: TwoLayerReLU, output: Output, sense: str) -> tuple[tuple[Fraction, ...], Fraction]:
    """The maximised objective ``phi = c' + sum_i a'_i relu(z_i)``: (a', c')."""
    m = net.output_dim
    pair = output if isinstance(output, tuple) else (output,)
    if len(pair) not in (1, 2) or any(isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < m for k in pair):
        raise InvalidArgument(f"output must be an output index 0..{m - 1} or a pair (k, l) of them, got {output!r}")
    if len(pair) == 2 and pair[0] == pair[1]:
        raise InvalidArgument(f"a margin f_k - f_l needs two different outputs, got {output!r}")
    coefficients = [Fraction(0)] * m
    coefficients[pair[0]] += 1
    if len(pair) == 2:
        coefficients[pair[1]] -= 1
    if sense == "min":
        coefficients = [-v for v in coefficients]
    a = tuple(sum((e * net.A[k][i] for k, e in enumerate(coefficients)), Fraction(0)) for i in range(net.n_hidden))
    c = sum((e * net.c[k] for k, e in enumerate(coefficients)), Fraction(0))
    return a, c


def chord(bound: UnitBound | None) -> tuple[Fraction, Fraction]:
    """(mu, nu): relu(z) <= mu z + nu on [low, high] and relu(z) >= mu z everywhere (mu in [0, 1])."""
    if bound is None or bound.high <= 0:
        return Fraction(0), Fraction(0)
    if bound.low >= 0:
        return Fraction(1), Fraction(0)
    width = bound.high - bound.low
    return bound.high / width, -bound.high * bound.low / width


@dataclass(slots=True)
class _Node:
    signs: str
    upper: Fraction | None  # None: +infinity (no finite relaxation yet)
    point: Vector | None
    dual: Sparse
    lower: Fraction | None  # phi(point)


def _extremum(net: TwoLayerReLU, domain: DomainLike, output: Output, sense: str) -> Extremum:
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"maximize needs a TwoLayerReLU, got {type(net).__name__}")
    dom = as_domain(domain, net.input_dim)
    a, c = objective_weights(net, output, sense)
    n, d = net.n_hidden, net.input_dim
    bounds = tuple(_unit_bound(net, dom, i) for i in range(n))
    sides = domain_sides(dom)

    def phi(x: Vector) -> Fraction:
        return c + sum((a[i] * max(Fraction(0), preactivation(net, i, x)) for i in range(n) if a[i]), Fraction(0))

    def relaxation(signs: str) -> tuple[list[Fraction], Fraction] | None:
        grad = [Fraction(0)] * d
        const = c
        for i, s in enumerate(signs):
            if a[i] == 0 or s == "0":
                continue
            if s == "1":
                mu, nu = Fraction(1), Fraction(0)
            else:
                if a[i] > 0 and bounds[i] is None:
                    return None
                mu, nu = chord(bounds[i])
                if a[i] < 0:
                    nu = Fraction(0)
            for j in range(d):
                grad[j] += a[i] * mu * net.W[i][j]
            const += a[i] * (mu * net.b[i] + nu)
        return grad, const

    examined = 0

    def evaluate(signs: str) -> _Node | CellBound:
        nonlocal examined
        examined += 1
        rows, offsets = cell_rows(net, sides, signs)
        relaxed = relaxation(signs)
        grad, const = relaxed if relaxed is not None else ([Fraction(0)] * d, Fraction(0))
        solved = lp.maximize(grad, rows or [(Fraction(0),) * d], offsets or [Fraction(0)])
        if solved.status == "infeasible":
            return CellBound(signs, None, sparse(solved.certificate, len(rows)))
        point = solved.point
        assert point is not None
        if relaxed is None or solved.status == "unbounded":
            return _Node(signs, None, point, (), phi(point))
        assert solved.value is not None
        return _Node(signs, solved.value + const, point, sparse(solved.dual, len(rows)), phi(point))

    def split_unit(node: _Node) -> int:
        free = [i for i, s in enumerate(node.signs) if s == FREE and a[i] != 0]
        unbounded = [i for i in free if a[i] > 0 and bounds[i] is None]
        if unbounded:
            return unbounded[0]
        assert node.point is not None
        best, gap_best = -1, Fraction(-1)
        for i in free:
            z = preactivation(net, i, node.point)
            mu, nu = chord(bounds[i])
            exact = max(Fraction(0), z)
            gap = a[i] * (mu * z + nu - exact) if a[i] > 0 else -a[i] * (exact - mu * z)
            if not _stable(bounds[i]) and gap > gap_best:
                best, gap_best = i, gap
        if best < 0:
            free_unstable = [i for i in free if not _stable(bounds[i])]
            if not free_unstable:
                raise DomainError(
                    f"output {output!r} is unbounded {'above' if sense == 'max' else 'below'} on the domain {dom!r}; "
                    "give a bounded domain (a box or a bounded polytope)"
                )
            best = free_unstable[0]
        return best

    leaves: list[CellBound] = []
    heap: list[tuple[int, Fraction, int, _Node]] = []
    counter = itertools.count()
    best_value: Fraction | None = None
    best_point: Vector | None = None

    def offer(item: _Node | CellBound) -> None:
        nonlocal best_value, best_point
        if isinstance(item, CellBound):
            leaves.append(item)
            return
        if item.lower is not None and (best_value is None or item.lower > best_value):
            best_value, best_point = item.lower, item.point
        key = (0, -item.upper) if item.upper is not None else (-1, Fraction(0))
        heapq.heappush(heap, (key[0], key[1], next(counter), item))

    offer(evaluate(FREE * n))
    while heap:
        node = heap[0][3]
        if node.upper is not None and best_value is not None and node.upper <= best_value:
            break
        heapq.heappop(heap)
        if node.upper is not None and node.lower == node.upper:
            leaves.append(CellBound(node.signs, node.upper, node.dual))
            continue
        if FREE not in node.signs:
            raise DomainError(
                f"output {output!r} is unbounded {'above' if sense == 'max' else 'below'} on the domain {dom!r}; "
                "give a bounded domain (a box or a bounded polytope)"
            )
        i = split_unit(node)
        for s in "10":
            offer(evaluate(node.signs[:i] + s + node.signs[i + 1 :]))
    for _, _, _, node in heap:
        assert node.upper is not None
        leaves.append(CellBound(node.signs, node.upper, node.dual))
    assert best_value is not None
    assert best_point is not None
    pattern, inside = region_through(net, sides, best_point)
    leaves.sort(key=lambda leaf: leaf.signs)
    value = best_value if sense == "max" else -best_value
    return Extremum(net, dom, sense, output, value, best_point, pattern, inside, tuple(leaves), bounds, examined)


def _stable(bound: UnitBound | None) -> bool:
    """True when the unit's sign does not change on the domain (its relaxation is exact)."""
    return bound is not None and (bound.low >= 0 or bound.high <= 0)


def _unit_bound(net: TwoLayerReLU, dom: Domain, i: int) -> UnitBound | None:
    """Exact LP bounds of unit i's pre-activation on the domain, or None when unbounded."""
    sides = halfspaces(dom)
    if not sides:
        return None
    rows = [list(h.normal) for h in sides]
    offsets = [h.offset for h in sides]
    low = lp.minimize(list(net.W[i]), rows, offsets)
    high = lp.maximize(list(net.W[i]), rows, offsets)
    if low.status != "optimal" or high.status != "optimal":
        return None
    assert low.value is not None
    assert high.value is not None
    return UnitBound(
        low.value + net.b[i], high.value + net.b[i], sparse(low.dual, len(rows)), sparse(high.dual, len(rows))
    )


def extremum_document(result: Extremum) -> dict[str, Any]:
    """The self-contained certificate document of an extremum (``reluexact maximize --json``).

    Every number is a ``"p/q"`` string; sparse multipliers are ``[row, "p/q"]`` pairs over the
    rows of :mod:`reluexact.answers._cells`. Bounds in ``"leaves"`` are on the maximised
    objective (``-f_k`` when minimising). :func:`reluexact.check.check_certificate` re-verifies it.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.check import check_certificate
    >>> doc = extremum_document(maximize(TwoLayerReLU([[1]], [0], [[1]], [0]), "-1,1"))
    >>> doc["kind"], doc["value"], doc["point"]
    ('maximize', '1', ['1'])
    >>> check_certificate(doc)
    'maximum of f_1 over box[-1,1] is 1, attained at (1); 1 cell covers the domain'
    """

    def dual(values: Sparse) -> list[list[Any]]:
        return [[k, format_fraction(v)] for k, v in values]

    def unit(bound: UnitBound | None) -> dict[str, Any] | None:
        if bound is None:
            return None
        return {
            "low": format_fraction(bound.low),
            "high": format_fraction(bound.high),
            "low_dual": dual(bound.low_dual),
            "high_dual": dual(bound.high_dual),
        }

    def leaf(cell: CellBound) -> dict[str, Any]:
        if cell.bound is None:
            return {"signs": cell.signs, "empty": dual(cell.dual)}
        return {"signs": cell.signs, "bound": format_fraction(cell.bound), "dual": dual(cell.dual)}

    document = header("maximize", result.network, result.domain)
    document.update(
        {
            "output": list(result.output) if isinstance(result.output, tuple) else result.output,
            "sense": result.sense,
            "value": format_fraction(result.value),
            "point": [format_fraction(v) for v in result.point],
            "certificate": {
                "region": {
                    "pattern": result.region_pattern,
                    "point": [format_fraction(v) for v in result.region_point],
                },
                "bounds": [unit(b) for b in result.bounds],
                "leaves": [leaf(cell) for cell in result.leaves],
            },
            "stats": {"cells_examined": result.nodes, "leaves": len(result.leaves)},
        }
    )
    return document
