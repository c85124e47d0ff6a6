"""Exact Lipschitz constants of an output of a two-layer ReLU network, with a checkable certificate.

On a convex domain D the Lipschitz constant of f_k for the input norm ||.||_p is the largest
dual norm ||grad f_k||_q (1/p + 1/q = 1) over the activation regions meeting the interior of D
(theory.md, "Lipschitz constants"). On the region with pattern P the gradient is
``sum_{i in P} a_ki w_i``. For p = inf (q = 1) and p = 1 (q = inf) the constant is rational;
for p = 2 its square is, and the constant is the sympy ``sqrt`` of it.

The search is a best-first branch and bound over sign vectors (assigned units ``"1"`` / ``"0"``,
free ``"*"``). With v_i = a_ki w_i, the gradients of the regions below a node lie in
``F + sum_{free i} {0, v_i}``; coordinate by coordinate ``|g_j| <= M_j = max(F_j + sum_free
max(0, v_ij), -(F_j + sum_free min(0, v_ij)))``, so ``sum_j M_j`` (q = 1), ``max_j M_j``
(q = inf) and ``sum_j M_j^2`` (q = 2, the square) bound the norm on the whole subtree, with no
LP at all. A popped node is tested for an interior point by one exact strict-feasibility LP
(:func:`reluexact.lp.strict_feasibility`); its point lies in a region whose exact norm is a lower
bound. What is left is a tree of sign splits whose leaves cover D, each with its interval
bound <= the value, or a Gordan proof that its open cell misses the interior of D: the
certificate that :mod:`reluexact.check.lipschitz` re-verifies.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 2], [3, -1]], [0, 0], [[1, 1]], [0])
>>> lipschitz(net, norm="inf").value  # region x with both units on: gradient (4, 1)
Fraction(5, 1)
>>> lipschitz(net, norm="2").value_squared, lipschitz(net, norm="2").exact_value
(Fraction(17, 1), sqrt(17))
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from reluexact import lp
from reluexact.answers._cells import FREE, Sparse, Vector, cell_rows, preactivation, sparse
from reluexact.check import header
from reluexact.domain import Domain, DomainLike, as_domain
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction

__all__ = ["Lipschitz", "LipschitzLeaf", "lipschitz", "lipschitz_document"]

NORMS = ("inf", "1", "2")


@dataclass(frozen=True, slots=True)
class LipschitzLeaf:
    """One leaf: a sign vector with its interval bound, or a Gordan proof that its open cell is empty.

    ``bound`` is on the dual norm of the gradient (its square for norm 2); ``None`` for an empty
    cell, whose ``dual`` then has ``y >= 0``, ``y != 0``, ``M^T y = 0``, ``p . y <= 0`` over the
    cell's rows (strictly: no x has ``M x + p > 0``).
    """

    signs: str
    bound: Fraction | None
    dual: Sparse


@dataclass(frozen=True, slots=True)
class Lipschitz:
    """The exact Lipschitz constant of output k over a domain for an input norm.

    Attributes
    ----------
    norm : str
        The input norm: ``"inf"``, ``"1"`` or ``"2"``.
    value : Fraction or None
        The exact constant for norms inf and 1 (None for norm 2).
    value_squared : Fraction or None
        Its exact square for norm 2 (None otherwise); :attr:`exact_value` is the sympy sqrt.
    pattern, point : str, tuple of Fraction
        The attaining activation region and a rational point strictly inside it (and inside the
        domain, so in the closed domain).
    gradient : tuple of Fraction
        The gradient of f_k on that region.
    fast_bound : sympy.Expr
        The usual upper bound sum_i |a_ki| ||w_i||_q, exact (a sum of square roots for norm 2).
    leaves : tuple of LipschitzLeaf
        The search tree's leaves (they cover the domain; each bound is at most the measured value).
    nodes : int
        Sign vectors examined.
    """

    network: TwoLayerReLU
    domain: Domain
    output: int
    norm: str
    value: Fraction | None
    value_squared: Fraction | None
    pattern: str
    point: Vector
    gradient: Vector
    fast_bound: sympy.Expr
    leaves: tuple[LipschitzLeaf, ...]
    nodes: int

    @property
    def measure(self) -> Fraction:
        """The compared quantity: the value (norms inf, 1) or its square (norm 2)."""
        value = self.value if self.value is not None else self.value_squared
        assert value is not None
        return value

    @property
    def exact_value(self) -> sympy.Expr:
        """The exact constant as a sympy number (a square root for norm 2)."""
        if self.value is not None:
            return sympy.Rational(self.value.numerator, self.value.denominator)
        return sympy.sqrt(sympy.Rational(self.measure.numerator, self.measure.denominator))

    def __repr__(self) -> str:
        return f"Lipschitz(norm={self.norm}, value={self.exact_value}, leaves={len(self.leaves)}, nodes={self.nodes})"


def dual_norm(vector: Vector, norm: str) -> Fraction:
    """||v||_q for the input norm ``norm`` (1/p + 1/q = 1); for norm 2 the square ||v||_2^2."""
    if norm == "inf":
        return sum((abs(v) for v in vector), Fraction(0))
    if norm == "1":
        return max((abs(v) for v in vector), default=Fraction(0))
    return sum((v * v for v in vector), Fraction(0))


def lipschitz(net: TwoLayerReLU, domain: DomainLike = None, *, norm: str = "inf", output: int = 0) -> Lipschitz:
    """The exact Lipschitz constant of output k on a domain (default: all of R^d, the global constant).

    Parameters
    ----------
    net : TwoLayerReLU
    domain : DomainLike
        A convex domain read by :func:`reluexact.domain.as_domain`; None is R^d.
    norm : {"inf", "1", "2"}
        The input norm p; the gradient is measured in the dual norm q.
    output : int
        The output k, 0-based.

    Returns
    -------
    Lipschitz
        Exact value (norm 2: exact square), attaining region and point, certificate, and the
        fast bound sum_i |a_ki| ||w_i||_q side by side.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [1, 1]], [0, -4], [[1, -1]], [0])
    >>> result = lipschitz(net, "0,1;0,1")  # the unit 2 never turns on in the box
    >>> result.value, result.fast_bound, result.pattern
    (Fraction(1, 1), 3, '10')
    >>> lipschitz(net).value  # on R^2 it does: gradient (-1, -1) where only unit 2 is on
    Fraction(2, 1)

    See Also
    --------
    reluexact.answers.extrema.maximize, reluexact.check.lipschitz.check
    """
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"lipschitz needs a TwoLayerReLU, got {type(net).__name__}")
    if norm not in NORMS:
        raise InvalidArgument(f"norm must be one of {', '.join(NORMS)}, got {norm!r}")
    if isinstance(output, bool) or not isinstance(output, int) or not 0 <= output < net.output_dim:
        raise InvalidArgument(f"output must be an output index 0..{net.output_dim - 1}, got {output!r}")
    dom = as_domain(domain, net.input_dim)
    n, d = net.n_hidden, net.input_dim
    v = [tuple(net.A[output][i] * w for w in net.W[i]) for i in range(n)]
    relevant = sorted((i for i in range(n) if any(v[i])), key=lambda i: (-dual_norm(v[i], "inf"), i))

    def upper(signs: str) -> Fraction:
        return interval_bound(v, signs, norm)

    examined = 0
    leaves: list[LipschitzLeaf] = []
    best: tuple[Fraction, Vector] | None = None
    counter = itertools.count()
    heap: list[tuple[Fraction, int, str, Vector | None]] = []
    root = FREE * n
    heapq.heappush(heap, (-upper(root), next(counter), root, None))

    def offer_point(x: Vector) -> None:
        nonlocal best
        z = [preactivation(net, i, x) for i in range(n)]
        if any(z[i] == 0 for i in relevant):
            return
        gradient = _gradient(v, [i for i in relevant if z[i] > 0], d)
        value = dual_norm(gradient, norm)
        if best is None or value > best[0]:
            best = (value, x)

    while heap:
        bound = -heap[0][0]
        if best is not None and bound <= best[0]:
            break
        _, _, signs, point = heapq.heappop(heap)
        if point is None:
            examined += 1
            rows, offsets = cell_rows(net, dom, signs)
            if rows:
                feasible = lp.strict_feasibility(rows, offsets)
                if feasible.point is None:
                    leaves.append(LipschitzLeaf(signs, None, sparse(feasible.certificate, len(rows))))
                    continue
                point = feasible.point
            else:
                point = (Fraction(0),) * d
            offer_point(point)
        free = [i for i in relevant if signs[i] == FREE]
        if not free:
            leaves.append(LipschitzLeaf(signs, bound, ()))
            continue
        i = free[0]
        z = preactivation(net, i, point)
        for s in "10":
            child = signs[:i] + s + signs[i + 1 :]
            keeps = (z > 0) if s == "1" else (z < 0)
            heapq.heappush(heap, (-upper(child), next(counter), child, point if keeps else None))
    for negative, _, signs, _ in heap:
        leaves.append(LipschitzLeaf(signs, -negative, ()))
    assert best is not None
    pattern, point = _interior_region(net, dom, best[1])
    gradient = _gradient(v, [i for i in range(n) if pattern[i] == "1"], d)
    assert dual_norm(gradient, norm) == best[0]
    leaves.sort(key=lambda leaf: leaf.signs)
    value, squared = (None, best[0]) if norm == "2" else (best[0], None)
    return Lipschitz(
        net, dom, output, norm, value, squared, pattern, point, gradient, fast_bound(net, output, norm),
        tuple(leaves), examined,
    )  # fmt: skip


def _gradient(v: list[Vector], active: list[int], d: int) -> Vector:
    return tuple(sum((v[i][j] for i in active), Fraction(0)) for j in range(d))


def interval_bound(v: list[Vector], signs: str, norm: str) -> Fraction:
    """The bound on the dual norm (squared for norm 2) of every gradient ``sum_{i in P} v_i`` below ``signs``.

    Examples
    --------
    >>> F = Fraction
    >>> interval_bound([(F(1), F(-2)), (F(3), F(1))], "**", "inf"), interval_bound([(F(1), F(-2)), (F(3), F(1))], "1*", "inf")
    (Fraction(6, 1), Fraction(6, 1))
    >>> interval_bound([(F(1), F(-2)), (F(3), F(1))], "10", "inf")
    Fraction(3, 1)
    """
    d = len(v[0]) if v else 0
    high = [Fraction(0)] * d
    low = [Fraction(0)] * d
    for i, s in enumerate(signs):
        if s == "0":
            continue
        for j, x in enumerate(v[i]):
            if s == "1":
                high[j] += x
                low[j] += x
            elif x > 0:
                high[j] += x
            else:
                low[j] += x
    return dual_norm(tuple(max(h, -lo) for h, lo in zip(high, low, strict=True)), norm)


def fast_bound(net: TwoLayerReLU, output: int, norm: str) -> sympy.Expr:
    """The usual bound sum_i |a_ki| ||w_i||_q, exact (sympy; square roots for norm 2).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> fast_bound(TwoLayerReLU([[1, 1], [3, 4]], [0, 0], [[1, -2]], [0]), 0, "2")
    sqrt(2) + 10
    """
    total = sympy.Integer(0)
    for i in range(net.n_hidden):
        a = net.A[output][i]
        if a == 0:
            continue
        size = dual_norm(net.W[i], norm)
        rational = sympy.Rational(size.numerator, size.denominator)
        term = sympy.sqrt(rational) if norm == "2" else rational
        total += sympy.Rational(abs(a).numerator, abs(a).denominator) * term
    return total


def _interior_region(net: TwoLayerReLU, dom: Domain, x: Vector) -> tuple[str, Vector]:
    """A full activation pattern and a point strictly inside its region (and the domain), from x.

    x is strictly inside the domain and off every hyperplane that changes the gradient; a
    hyperplane of another unit through x gets a side that keeps the cell open (one exact strict
    feasibility LP each). A constant unit (w_i = 0) is active when b_i > 0 and takes no row.
    """
    n = net.n_hidden
    constant = [all(w == 0 for w in net.W[i]) for i in range(n)]
    signs = []
    for i in range(n):
        z = preactivation(net, i, x)
        signs.append("1" if z > 0 else "0" if z < 0 or constant[i] else FREE)
    point = x
    for i in range(n):
        if signs[i] != FREE:
            continue
        for s in "10":
            trial = signs[:i] + [s] + signs[i + 1 :]
            probe = "".join(FREE if constant[k] else trial[k] for k in range(n))
            rows, offsets = cell_rows(net, dom, probe)
            found = lp.strict_feasible_point(rows, offsets)
            if found is not None:
                signs, point = trial, found
                break
    return "".join(signs), point


def lipschitz_document(result: Lipschitz) -> dict[str, Any]:
    """The self-contained certificate document of a Lipschitz constant (``reluexact lipschitz --json``).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.check import check_certificate
    >>> doc = lipschitz_document(lipschitz(TwoLayerReLU([[1, 2], [3, -1]], [0, 0], [[1, 1]], [0]), norm="2"))
    >>> doc["value_squared"], doc["fast_bound"]
    ('17', 'sqrt(5) + sqrt(10)')
    >>> check_certificate(doc)
    'Lipschitz constant (norm 2) of f_1 on R^2 is sqrt(17), attained on the region 11; 3 cells cover the domain'
    """

    def leaf(cell: LipschitzLeaf) -> dict[str, Any]:
        if cell.bound is None:
            return {"signs": cell.signs, "empty": [[k, format_fraction(y)] for k, y in cell.dual]}
        return {"signs": cell.signs, "bound": format_fraction(cell.bound)}

    document = header("lipschitz", result.network, result.domain)
    fast = result.fast_bound
    document.update(
        {
            "output": result.output,
            "norm": result.norm,
            ("value_squared" if result.norm == "2" else "value"): format_fraction(result.measure),
            "point": [format_fraction(x) for x in result.point],
            "fast_bound": format_fraction(Fraction(int(fast.p), int(fast.q))) if fast.is_Rational else str(fast),
            "certificate": {
                "region": {"pattern": result.pattern, "gradient": [format_fraction(g) for g in result.gradient]},
                "leaves": [leaf(cell) for cell in result.leaves],
            },
            "stats": {"cells_examined": result.nodes, "leaves": len(result.leaves)},
        }
    )
    return document
