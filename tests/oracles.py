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
    "planar_adjacencies",
    "planar_lines",
    "planar_region_count",
    "reference_active_interval",
    "reference_evaluate",
    "reference_interval_order",
    "reference_lp_2d",
    "reference_pattern",
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


# ---------------------------------------------------------------------------------------------
# planar arrangements (d <= 2), by elementary geometry: no LP, no code shared with reluexact

Line = tuple[tuple[Fraction, ...], Fraction]
"""A hyperplane w . x + b = 0 normalised so that the first non-zero entry of w is 1."""


def planar_lines(net: TwoLayerReLU) -> dict[Line, list[tuple[int, int]]]:
    """The distinct hyperplanes of the units with w != 0: line -> [(unit, orientation +-1)].

    Examples
    --------
    >>> net = TwoLayerReLU([[2, 2], [-1, -1], [0, 0]], [2, -1, 1], [[1, 1, 1]], [0])
    >>> planar_lines(net)
    {((Fraction(1, 1), Fraction(1, 1)), Fraction(1, 1)): [(0, 1), (1, -1)]}
    """
    out: dict[Line, list[tuple[int, int]]] = {}
    for i, (row, bias) in enumerate(zip(net.W, net.b, strict=True)):
        lead = next((v for v in row if v != 0), None)
        if lead is None:
            continue
        key = (tuple(Fraction(v) / lead for v in row), Fraction(bias) / lead)
        out.setdefault(key, []).append((i, 1 if lead > 0 else -1))
    return out


def _value(line: Line, x: Sequence[Fraction]) -> Fraction:
    return sum((w * v for w, v in zip(line[0], x, strict=True)), Fraction(0)) + line[1]


def _inside_box(x: Sequence[Fraction], box: Box | None) -> bool:
    return box is None or all(lo < v < hi for v, (lo, hi) in zip(x, box, strict=True))


Box = Sequence[tuple[Fraction, Fraction]]


def _meets_box(line: Line, box: Box | None) -> bool:
    """Whether the hyperplane meets the open box (a sign change over its corners)."""
    if box is None:
        return True
    values = [_value(line, corner) for corner in itertools.product(*box)]
    return min(values) < 0 < max(values)


def _crossing(p: Line, q: Line) -> tuple[Fraction, Fraction] | None:
    """The point where two distinct lines of the plane meet (Cramer's rule), None when parallel."""
    (a1, b1), c1 = p
    (a2, b2), c2 = q
    det = a1 * b2 - a2 * b1
    if det == 0:
        return None
    return ((b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det)


def planar_region_count(lines: Sequence[Line], box: Box | None) -> int:
    """Number of cells of an arrangement of distinct lines (d = 2) or points (d = 1) in an open convex set.

    Adding the lines one by one, a line meeting the set splits one cell more than the number of
    distinct points where it meets the earlier ones inside the set: r = 1 + L + sum_p (m_p - 1),
    over the L lines meeting the set and the crossing points p inside it, m_p lines through p.

    Examples
    --------
    >>> one = Fraction(1)
    >>> lines = [((one, 0 * one), 0 * one), ((0 * one, one), 0 * one), ((one, one), 0 * one)]
    >>> planar_region_count(lines, None), planar_region_count(lines[:2], None)
    (6, 4)
    >>> planar_region_count(lines, [(one, 2 * one), (one, 2 * one)])
    1
    """
    meeting = [line for line in lines if _meets_box(line, box)]
    if not meeting or len(meeting[0][0]) == 1:
        return 1 + len(meeting)
    through: dict[tuple[Fraction, Fraction], set[Line]] = {}
    for p, q in itertools.combinations(meeting, 2):
        x = _crossing(p, q)
        if x is not None and _inside_box(x, box):
            through.setdefault(x, set()).update((p, q))
    return 1 + len(meeting) + sum(len(s) - 1 for s in through.values())


def reference_pattern(
    net: TwoLayerReLU,
    x: Sequence[Fraction],
    lines: dict[Line, list[tuple[int, int]]],
    side: tuple[Line, int] | None = None,
) -> str:
    """The activation pattern at x ("1" = w_i . x + b_i > 0); with ``side = (line, s)``, of the cell on
    side s of a line through x (units on that line get their bit from s, the others must not vanish).
    """
    bits = ["1" if Fraction(b) > 0 else "0" for b in net.b]
    for line, units in lines.items():
        value = _value(line, x)
        for i, orientation in units:
            if side is not None and line == side[0]:
                bits[i] = "1" if side[1] * orientation > 0 else "0"
            else:
                assert value != 0, "x lies on another hyperplane"
                bits[i] = "1" if value * orientation > 0 else "0"
    return "".join(bits)


def planar_adjacencies(net: TwoLayerReLU, box: Box | None) -> set[frozenset[str]]:
    """The pairs of patterns of adjacent cells (d <= 2): cells on both sides of each facet.

    The facets on a line are the pieces its crossings with the other lines (inside the open box)
    cut it into; a point in each piece (a midpoint, or beyond the last crossing, clipped to the
    box) gives the signs of the other lines, and the line's own units flip across it.
    """
    lines = planar_lines(net)
    out: set[frozenset[str]] = set()
    for line in lines:
        if not _meets_box(line, box):
            continue
        for x in _facet_points(line, list(lines), box):
            out.add(frozenset(reference_pattern(net, x, lines, (line, s)) for s in (1, -1)))
    return out


def _facet_points(line: Line, lines: Sequence[Line], box: Box | None) -> list[tuple[Fraction, ...]]:
    """One point in each piece of ``line`` inside the open box, cut at its crossings with ``lines``."""
    w, b = line
    if len(w) == 1:
        return [(-b,)]
    # parametrise the line: x(t) = base + t * direction, direction perpendicular to w
    base = (-b * w[0] / (w[0] ** 2 + w[1] ** 2), -b * w[1] / (w[0] ** 2 + w[1] ** 2))
    direction = (-w[1], w[0])

    def at(t: Fraction) -> tuple[Fraction, ...]:
        return (base[0] + t * direction[0], base[1] + t * direction[1])

    def parameter(x: Sequence[Fraction]) -> Fraction:
        k = 0 if direction[0] != 0 else 1
        return (x[k] - base[k]) / direction[k]

    low: Fraction | None = None
    high: Fraction | None = None
    if box is not None:  # the open box cuts the line to the open interval (low, high) of t
        for k in range(2):
            if direction[k] == 0:
                continue
            ends = sorted(((box[k][0] - base[k]) / direction[k], (box[k][1] - base[k]) / direction[k]))
            low = ends[0] if low is None else max(low, ends[0])
            high = ends[1] if high is None else min(high, ends[1])
    cuts = sorted({parameter(x) for other in lines if other != line if (x := _crossing(line, other)) is not None})
    cuts = [t for t in cuts if (low is None or low < t) and (high is None or t < high)]
    ends = [low if low is not None else (cuts[0] - 1 if cuts else Fraction(0))]
    ends += cuts
    ends.append(high if high is not None else (cuts[-1] + 1 if cuts else Fraction(0)))
    if low is None and high is None and not cuts:
        return [at(Fraction(0))]
    return [at((s + t) / 2) for s, t in itertools.pairwise(ends)]


def reference_lp_2d(
    c: Sequence[Fraction], A: Sequence[Sequence[Fraction]], b: Sequence[Fraction]
) -> tuple[str, Fraction | None]:
    """max c . x subject to A x + b >= 0 in the plane, by brute-force vertex and ray enumeration.

    Candidate points: the crossing of every two rows, a point on each row's line, the origin; a
    non-empty feasible set contains one of them (a vertex, or a boundary line when the rows are
    parallel). Candidate rays: each row's normal, the two directions along each row's line, +-e1
    and +-e2; a recession cone {r : A r >= 0} in the plane holds a ray with c . r > 0 iff one of
    them is. Returns (status, value).

    Examples
    --------
    >>> one = Fraction(1)
    >>> reference_lp_2d([one, one], [[-one, 0 * one], [0 * one, -one]], [one, 2 * one])
    ('optimal', Fraction(3, 1))
    >>> reference_lp_2d([one, 0 * one], [[one, 0 * one]], [0 * one])[0]
    'unbounded'
    """
    rows: list[Line] = [((Fraction(r[0]), Fraction(r[1])), Fraction(o)) for r, o in zip(A, b, strict=True)]

    def feasible(x: Sequence[Fraction]) -> bool:
        return all(_value(row, x) >= 0 for row in rows)

    zero = Fraction(0)
    candidates: list[tuple[Fraction, ...]] = [(zero, zero)]
    for w, o in rows:
        norm = w[0] ** 2 + w[1] ** 2
        if norm:
            candidates.append((-o * w[0] / norm, -o * w[1] / norm))
    for p, q in itertools.combinations(rows, 2):
        x = _crossing(p, q)
        if x is not None:
            candidates.append(x)
    points = [x for x in candidates if feasible(x)]
    if not points:
        return ("infeasible", None)
    rays = [(Fraction(1), zero), (zero, Fraction(1)), (Fraction(-1), zero), (zero, Fraction(-1))]
    for w, _ in rows:
        rays += [w, (-w[1], w[0]), (w[1], -w[0])]
    for r in rays:
        if all(row[0][0] * r[0] + row[0][1] * r[1] >= 0 for row in rows) and c[0] * r[0] + c[1] * r[1] > 0:
            return ("unbounded", None)
    return ("optimal", max(c[0] * x[0] + c[1] * x[1] for x in points))
