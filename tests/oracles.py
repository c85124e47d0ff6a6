"""Independent oracles: the definitions, written as plainly as possible, with no shared code.

These deliberately do not call reluexact's evaluation code, so that tests comparing
against them compare two independent computations.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from reluexact.model import TwoLayerReLU

__all__ = [
    "Interval",
    "reference_active_interval",
    "reference_evaluate",
    "reference_interval_order",
    "reference_polynomial",
    "reference_polynomial_second_derivative",
    "solution_interval",
]


def reference_evaluate(net: TwoLayerReLU, x: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """f(x) = A relu(W x + b) + c in plain Fraction arithmetic, straight from the definition.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> reference_evaluate(net, [Fraction(-1)])
    (Fraction(91, 10),)
    """
    hidden = []
    for row, bias in zip(net.W, net.b, strict=True):
        z = bias
        for w, v in zip(row, x, strict=True):
            z += w * Fraction(v)
        hidden.append(max(z, Fraction(0)))
    out = []
    for row, bias in zip(net.A, net.c, strict=True):
        y = bias
        for a, h in zip(row, hidden, strict=True):
            y += a * h
        out.append(y)
    return tuple(out)


Interval = tuple[Fraction | None, Fraction | None]
"""An open interval (low, high) of R; None for an infinite end."""


def reference_active_interval(w: Fraction, b: Fraction, domain: Interval | None) -> Interval | None:
    """The active set {x in (alpha, beta) : w x + b > 0} as its ends (low, high), None when empty.

    Taken in the open interior of the domain (all of R for None). Open intervals with
    different ends are different sets, so comparing ends compares the sets.

    Examples
    --------
    >>> reference_active_interval(Fraction(1), Fraction(1), (Fraction(-1), Fraction(1)))  # x > -1 on (-1, 1)
    (Fraction(-1, 1), Fraction(1, 1))
    >>> reference_active_interval(Fraction(-2), Fraction(1), None)  # x < 1/2
    (None, Fraction(1, 2))
    """
    low, high = (None, None) if domain is None else domain
    if w == 0:
        return (low, high) if b > 0 else None
    knot = -b / w
    if w > 0:
        low = knot if low is None else max(low, knot)
    else:
        high = knot if high is None else min(high, knot)
    if low is not None and high is not None and low >= high:
        return None
    return (low, high)


def _inside(inner: Interval | None, outer: Interval | None) -> bool:
    if inner is None:
        return True
    if outer is None:
        return False
    low_ok = outer[0] is None or (inner[0] is not None and outer[0] <= inner[0])
    high_ok = outer[1] is None or (inner[1] is not None and inner[1] <= outer[1])
    return low_ok and high_ok


def reference_interval_order(
    net: TwoLayerReLU, domain: Interval | None
) -> tuple[tuple[str, ...], set[tuple[int, int]]]:
    """The statuses and the strict partial order of a 1-D net's units, by brute force on interval ends.

    A unit is ``"dead"`` (empty active set), ``"affine-acting"`` (active set = the open
    domain) or ``"shaping"``; i -> j when j's active set is a strict subset of i's.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [1]], [1, 2], [[1, 1]], [0])
    >>> reference_interval_order(net, (Fraction(-1), Fraction(1)))  # both active on all of (-1, 1)
    (('affine-acting', 'affine-acting'), set())
    """
    whole: Interval = (None, None) if domain is None else domain
    sets = [reference_active_interval(net.W[i][0], net.b[i], domain) for i in range(net.n_hidden)]
    status = tuple("dead" if s is None else "affine-acting" if s == whole else "shaping" for s in sets)
    edges = {
        (i, j)
        for i in range(net.n_hidden)
        for j in range(net.n_hidden)
        if i != j and _inside(sets[j], sets[i]) and not _inside(sets[i], sets[j])
    }
    return status, edges


def solution_interval(
    rows: Sequence[Sequence[Fraction]], offsets: Sequence[Fraction]
) -> tuple[Fraction | None, Fraction | None] | None:
    """The solution set of a_k x + b_k >= 0 (1-D) by brute force over the candidate ends -b_k / a_k.

    Returns (lo, hi) with None for an unbounded side, or None when the set has no interior
    (empty or a single point). Every end of the solution set is some -b_k / a_k, so the set
    is found by testing the candidates and the points between and beyond them.
    """

    def holds(x: Fraction) -> bool:
        return all(row[0] * x + offset >= 0 for row, offset in zip(rows, offsets, strict=True))

    ends = sorted({-offset / row[0] for row, offset in zip(rows, offsets, strict=True) if row[0] != 0})
    if not ends:
        return (None, None) if holds(Fraction(0)) else None
    probes = [ends[0] - 1, *ends, ends[-1] + 1]
    probes += [(u + v) / 2 for u, v in itertools.pairwise(ends)]
    inside = sorted(x for x in probes if holds(x))
    interior = [x for x in inside if x not in ends]
    if not interior:
        return None
    lo = None if holds(ends[0] - 1) else min(x for x in inside)
    hi = None if holds(ends[-1] + 1) else max(x for x in inside)
    return lo, hi


def reference_polynomial(coefficients: Sequence[Fraction], x: Fraction) -> Fraction:
    """sum_j c_j x^j, term by term in Fractions."""
    return sum((c * x**j for j, c in enumerate(coefficients)), Fraction(0))


def reference_polynomial_second_derivative(coefficients: Sequence[Fraction], x: Fraction) -> Fraction:
    """sum_j j (j - 1) c_j x^(j - 2), term by term in Fractions."""
    return sum((j * (j - 1) * c * x ** (j - 2) for j, c in enumerate(coefficients) if j >= 2), Fraction(0))
