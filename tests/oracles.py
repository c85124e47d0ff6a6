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
    "brute_force_extremum",
    "brute_force_lipschitz",
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


def brute_force_extremum(net: TwoLayerReLU, domain: object, weights: Sequence[Fraction]) -> Fraction:
    """max over the closed domain of sum_k weights_k f_k: every region of the enumeration, one exact LP each.

    Independent of the branch and bound in :mod:`reluexact.answers.extrema`: the regions come from
    :func:`reluexact.regions.regions`, each LP maximises the region's exact affine map over the
    closed region (its pattern's half-spaces and the domain's sides).
    """
    from reluexact import lp
    from reluexact.domain import as_domain, halfspaces
    from reluexact.regions import regions

    dom = as_domain(domain, net.input_dim)
    sides = [(list(h.normal), h.offset) for h in halfspaces(dom)]
    best: Fraction | None = None
    for region in regions(net, domain=dom):
        rows = [row for row, _ in sides]
        offsets = [offset for _, offset in sides]
        for i, s in enumerate(region.pattern):
            sign = 1 if s == "1" else -1
            rows.append([sign * w for w in net.W[i]])
            offsets.append(sign * net.b[i])
        amap = region.affine_map
        gradient = [
            sum((e * amap.gradient[k][j] for k, e in enumerate(weights)), Fraction(0)) for j in range(net.input_dim)
        ]
        constant = sum((e * amap.offset[k] for k, e in enumerate(weights)), Fraction(0))
        result = lp.maximize(gradient, rows or [[0] * net.input_dim], offsets or [0])
        assert result.status == "optimal"
        assert result.value is not None
        value = result.value + constant
        best = value if best is None or value > best else best
    assert best is not None
    return best


def brute_force_lipschitz(net: TwoLayerReLU, domain: object, norm: str, output: int) -> Fraction:
    """max over the regions meeting the domain of the dual norm of output k's gradient (squared for norm 2)."""
    from reluexact.regions import regions

    def size(g: Sequence[Fraction]) -> Fraction:
        if norm == "inf":
            return sum((abs(v) for v in g), Fraction(0))
        if norm == "1":
            return max((abs(v) for v in g), default=Fraction(0))
        return sum((v * v for v in g), Fraction(0))

    return max(size(region.affine_map.gradient[output]) for region in regions(net, domain=domain))
