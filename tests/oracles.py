"""Independent oracles: the definitions, written as plainly as possible, with no shared code.

These deliberately do not call reluexact's evaluation code, so that tests comparing
against them compare two independent computations.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from reluexact.model import TwoLayerReLU

__all__ = ["reference_evaluate", "solution_interval"]


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
