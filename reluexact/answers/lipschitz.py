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
(see :func:`reluexact.answers._cells.strict_cell`); its point lies in a region whose exact norm is a lower
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
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from reluexact import lp
from reluexact.answers._cells import (
    FREE,
    Sparse,
    Vector,
    cell_rows,
    domain_sides,
    preactivation,
    region_through,
    strict_cell,
)
from reluexact.check import header
from reluexact.domain import Domain, DomainLike, as_domain, halfspaces
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction

__all__ = ["SIGN_BOUND_MAX_DIM", "Lipschitz", "LipschitzLeaf", "gradient_bound", "lipschitz", "lipschitz_document"]

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
    # exact integer arithmetic for the bounds: V = scale * v with one common denominator
    scale = math.lcm(1, *(x.denominator for row in v for x in row))
    V = [[int(x * scale) for x in row] for row in v]
    unit_scale = Fraction(scale * scale if norm == "2" else scale)
    sides = domain_sides(dom)

    def norm_of(vector: Sequence[int]) -> int:
        if norm == "inf":
            return sum(abs(x) for x in vector)
        if norm == "1":
            return max((abs(x) for x in vector), default=0)
        return sum(x * x for x in vector)

    bounder = _Bounder(V, norm, d)

    integer_rows = {i: _integer_row(net.W[i], net.b[i]) for i in relevant}

    def signs_at(x: Vector) -> list[int] | None:
        common = math.lcm(*(v.denominator for v in x)) if x else 1
        X = [int(v * common) for v in x]
        active = []
        for i in relevant:
            row, offset = integer_rows[i]
            z = sum(w * v for w, v in zip(row, X, strict=True)) + offset * common
            if z == 0:
                return None
            if z > 0:
                active.append(i)
        return active

    def offer(x: Vector, best: tuple[int, Vector] | None) -> tuple[int, Vector] | None:
        """The better of the incumbent and the region strictly containing x (when x is on no relevant hyperplane)."""
        active = signs_at(x)
        if active is None:
            return best
        value = norm_of([sum(V[i][j] for i in active) for j in range(d)])
        return (value, x) if best is None or value > best[0] else best

    examined = 0
    leaves: list[LipschitzLeaf] = []
    best: tuple[int, Vector] | None = None
    counter = itertools.count()
    heap: list[tuple[int, int, str, list[int], Vector | None, Vector | None, int]] = []

    def push(signs: str, state: list[int], point: Vector | None, hint: Vector | None, flip: int) -> None:
        heapq.heappush(heap, (-bounder.bound(state), next(counter), signs, state, point, hint, flip))

    state = bounder.root()
    signs = FREE * n
    # units whose sign does not change on the domain are assigned first: their other side is one
    # empty leaf (a Gordan proof), instead of one in every subtree that splits on them
    for i, sign in _stable_units(net, dom, relevant):
        other = signs[:i] + ("0" if sign == "1" else "1") + signs[i + 1 :]
        examined += 1
        found, gordan = strict_cell(*cell_rows(net, sides, other))
        if found is not None:  # pragma: no cover - the bounds over the closed domain say it is empty
            continue
        leaves.append(LipschitzLeaf(other, None, gordan))
        signs = signs[:i] + sign + signs[i + 1 :]
        state = bounder.assign(state, i, sign)
    push(signs, state, None, None, -1)
    while heap:
        bound = -heap[0][0]
        if best is not None and bound <= best[0]:
            break
        _, _, signs, state, point, hint, flip = heapq.heappop(heap)
        if point is None:
            examined += 1
            rows, offsets = cell_rows(net, sides, signs)
            point = None
            if hint is not None:
                flipped = len(sides[0]) + sum(1 for k in range(flip) if signs[k] != FREE)
                point = _across(rows, offsets, hint, flipped)
            if point is None and rows:
                point, gordan = strict_cell(rows, offsets)
                if point is None:
                    leaves.append(LipschitzLeaf(signs, None, gordan))
                    continue
            elif point is None:
                point = (Fraction(0),) * d
            best = offer(point, best)
        free = [i for i in relevant if signs[i] == FREE]
        if not free:
            leaves.append(LipschitzLeaf(signs, bound / unit_scale, ()))
            continue
        i = free[0]  # the most important free unit (largest ||v_i||_1)
        z = preactivation(net, i, point)
        on = signs[:i] + "1" + signs[i + 1 :]
        off = signs[:i] + "0" + signs[i + 1 :]
        # the child containing the point inherits it; the other one tries a step across unit i's
        # hyperplane from it when it is popped (most children are pruned before that)
        push(on, bounder.assign(state, i, "1"), point if z > 0 else None, point if z < 0 else None, i)
        push(off, bounder.assign(state, i, "0"), point if z < 0 else None, point if z > 0 else None, i)
    for negative_bound, _, signs, *_ in heap:
        leaves.append(LipschitzLeaf(signs, -negative_bound / unit_scale, ()))
    assert best is not None
    pattern, point = region_through(net, sides, best[1])
    gradient = _gradient(v, [i for i in range(n) if pattern[i] == "1"], d)
    measured = best[0] / unit_scale
    assert dual_norm(gradient, norm) == measured
    leaves.sort(key=lambda leaf: leaf.signs)
    value, squared = (None, measured) if norm == "2" else (measured, None)
    return Lipschitz(
        net, dom, output, norm, value, squared, pattern, point, gradient, fast_bound(net, output, norm),
        tuple(leaves), examined,
    )  # fmt: skip


def _integer_row(weights: Sequence[Fraction], bias: Fraction) -> tuple[list[int], int]:
    """A positive multiple of (w, b) with integer entries (same signs everywhere)."""
    common = math.lcm(bias.denominator, *(w.denominator for w in weights))
    return [int(w * common) for w in weights], int(bias * common)


def _stable_units(net: TwoLayerReLU, dom: Domain, units: list[int]) -> list[tuple[int, str]]:
    """The units (of ``units``) whose pre-activation has one strict sign on the interior of the domain.

    Decided by exact LP bounds over the closed domain (a unit with w_i != 0 and min >= 0 on the
    closed domain is > 0 on its interior); none on R^d.
    """
    sides = halfspaces(dom)
    if not sides:
        return []
    rows = [list(h.normal) for h in sides]
    offsets = [h.offset for h in sides]
    stable = []
    for i in units:
        low = lp.minimize(list(net.W[i]), rows, offsets)
        if low.status == "optimal" and low.value is not None and low.value + net.b[i] >= 0:
            stable.append((i, "1"))
            continue
        high = lp.maximize(list(net.W[i]), rows, offsets)
        if high.status == "optimal" and high.value is not None and high.value + net.b[i] <= 0:
            stable.append((i, "0"))
    return stable


def _across(rows: list[Vector], offsets: list[Fraction], p: Vector, k: int) -> Vector | None:
    """A point strictly inside the cell ``rows x + offsets > 0``, found from a point p of a neighbouring cell.

    p satisfies every row strictly except row k (the unit just assigned), which it violates.
    Step from p along that row's normal, past its hyperplane and before any other row turns
    non-positive; None when the segment leaves the cell first (then an LP decides).
    """
    normal, offset = rows[k], offsets[k]
    length = sum((x * x for x in normal), Fraction(0))
    if not length:
        return None
    if not _may_cross(rows, offsets, p, k):
        return None
    crossing = -(sum((a * x for a, x in zip(normal, p, strict=True)), offset)) / length  # > 0
    exit_at: Fraction | None = None
    for index, (row, o) in enumerate(zip(rows, offsets, strict=True)):
        if index == k:
            continue
        rate = sum((a * x for a, x in zip(row, normal, strict=True)), Fraction(0))
        if rate < 0:
            t = sum((a * x for a, x in zip(row, p, strict=True)), o) / -rate
            exit_at = t if exit_at is None else min(exit_at, t)
    if exit_at is not None and exit_at <= crossing:
        return None
    t = 2 * crossing if exit_at is None else _simplest_between(crossing, exit_at)
    return tuple(x + t * a for x, a in zip(p, normal, strict=True))


def _may_cross(rows: list[Vector], offsets: list[Fraction], p: Vector, k: int) -> bool:
    """A float screen for :func:`_across`: False when the step clearly leaves the cell first.

    Most steps fail (the cell across is empty); the exact pass decides whenever this says True,
    and a False only sends the question to the exact LP, so no answer depends on a float.
    """
    try:
        pf = [float(x) for x in p]
        nf = [float(a) for a in rows[k]]
        crossing = -(sum(a * x for a, x in zip(nf, pf, strict=True)) + float(offsets[k])) / sum(a * a for a in nf)
        for index, (row, o) in enumerate(zip(rows, offsets, strict=True)):
            if index == k:
                continue
            rf = [float(a) for a in row]
            rate = sum(a * x for a, x in zip(rf, nf, strict=True))
            if rate < 0 and (sum(a * x for a, x in zip(rf, pf, strict=True)) + float(o)) / -rate < crossing * (
                1 - 1e-9
            ):
                return False
    except (OverflowError, ZeroDivisionError):
        return True
    return True


def _simplest_between(low: Fraction, high: Fraction) -> Fraction:
    """The rational with the smallest denominator strictly between 0 <= low < high (Stern-Brocot)."""
    whole = math.floor(low) + 1
    if whole < high:
        return Fraction(whole)
    base = math.floor(low)
    low, high = low - base, high - base  # now 0 <= low < high <= 1
    left_p, left_q, right_p, right_q = 0, 1, 1, 1
    while True:
        p, q = left_p + right_p, left_q + right_q
        mediant = Fraction(p, q)
        if mediant <= low:
            left_p, left_q = p, q
        elif mediant >= high:
            right_p, right_q = p, q
        else:
            return base + mediant


def _gradient(v: list[Vector], active: list[int], d: int) -> Vector:
    return tuple(sum((v[i][j] for i in active), Fraction(0)) for j in range(d))


#: Up to this input dimension the norm-inf bound is exact over the sign patterns below a node (2^d sign
#: vectors sigma); above it the coordinate-wise interval bound is used. The checker uses the same rule.
SIGN_BOUND_MAX_DIM = 10


class _Bounder:
    """Incremental bounds on the dual norm of the gradients below a node, in integers (V = scale * v).

    State: for norm inf with d <= SIGN_BOUND_MAX_DIM, one number per sign vector sigma in {-1, 1}^d,
    ``sigma . F + sum_free max(0, sigma . V_i)``, whose maximum is the exact maximum of
    ||F + sum_{i in S} V_i||_1 over the subsets S of the free units; otherwise the coordinate-wise
    highs and lows (``F_j + sum_free max(0, V_ij)`` and ``F_j + sum_free min(0, V_ij)``).
    """

    def __init__(self, V: list[list[int]], norm: str, d: int) -> None:
        self.norm = norm
        self.d = d
        self.signed = norm == "inf" and d <= SIGN_BOUND_MAX_DIM
        if self.signed:
            sigmas = list(itertools.product((1, -1), repeat=d))
            self.projections = [[sum(s * x for s, x in zip(sigma, row, strict=True)) for sigma in sigmas] for row in V]
        self.V = V

    def root(self) -> list[int]:
        if self.signed:
            count = len(self.projections[0]) if self.projections else 2**self.d
            return [sum(max(0, p[k]) for p in self.projections) for k in range(count)]
        high = [sum(max(0, row[j]) for row in self.V) for j in range(self.d)]
        low = [sum(min(0, row[j]) for row in self.V) for j in range(self.d)]
        return high + low

    def assign(self, state: list[int], i: int, sign: str) -> list[int]:
        if self.signed:
            p = self.projections[i]
            if sign == "1":
                return [v + min(0, x) for v, x in zip(state, p, strict=True)]
            return [v - max(0, x) for v, x in zip(state, p, strict=True)]
        d, row = self.d, self.V[i]
        high, low = state[:d], state[d:]
        if sign == "1":
            return [h + min(0, x) for h, x in zip(high, row, strict=True)] + [
                lo + max(0, x) for lo, x in zip(low, row, strict=True)
            ]
        return [h - max(0, x) for h, x in zip(high, row, strict=True)] + [
            lo - min(0, x) for lo, x in zip(low, row, strict=True)
        ]

    def bound(self, state: list[int]) -> int:
        if self.signed:
            return max(state)
        d = self.d
        values = [max(h, -lo) for h, lo in zip(state[:d], state[d:], strict=True)]
        if self.norm == "inf":
            return sum(values)
        if self.norm == "1":
            return max(values, default=0)
        return sum(x * x for x in values)


def gradient_bound(v: list[Vector], signs: str, norm: str) -> Fraction:
    """The bound on the dual norm (squared for norm 2) of every gradient ``sum_{i in P} v_i`` below ``signs``.

    For norm inf and d <= SIGN_BOUND_MAX_DIM it is the exact maximum over the sign patterns
    extending ``signs``; otherwise the coordinate-wise interval bound.

    Examples
    --------
    >>> F = Fraction
    >>> v = [(F(1), F(-2)), (F(3), F(1))]
    >>> gradient_bound(v, "**", "inf"), gradient_bound(v, "**", "1"), gradient_bound(v, "10", "inf")
    (Fraction(5, 1), Fraction(4, 1), Fraction(3, 1))
    """
    d = len(v[0]) if v else 0
    scale = math.lcm(1, *(x.denominator for row in v for x in row))
    bounder = _Bounder([[int(x * scale) for x in row] for row in v], norm, d)
    state = bounder.root()
    for i, s in enumerate(signs):
        if s != FREE:
            state = bounder.assign(state, i, s)
    return Fraction(bounder.bound(state), scale * scale if norm == "2" else scale)


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
