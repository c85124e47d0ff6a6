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
    "polytope_volume_3d",
    "reference_active_interval",
    "reference_evaluate",
    "reference_interval_order",
    "reference_lp_2d",
    "reference_pattern",
    "reference_polynomial",
    "reference_polynomial_second_derivative",
    "section_area_squared_3d",
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


# --- d = 3: exact areas and volumes from a plain vertex enumeration ---------------------------------

Vector3 = tuple[Fraction, Fraction, Fraction]


def _solve3(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> Vector3 | None:
    """The solution of a 3 x 3 system by Cramer's rule, or None when singular."""

    def det(m: Sequence[Sequence[Fraction]]) -> Fraction:
        return (
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        )

    D = det(rows)
    if D == 0:
        return None
    out = []
    for j in range(3):
        m = [[rhs[i] if k == j else rows[i][k] for k in range(3)] for i in range(3)]
        out.append(det(m) / D)
    return (out[0], out[1], out[2])


def _cross(u: Sequence[Fraction], v: Sequence[Fraction]) -> Vector3:
    return (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])


def _dot3(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    return u[0] * v[0] + u[1] * v[1] + u[2] * v[2]


def _planes(rows: Sequence[Sequence[Fraction]], consts: Sequence[Fraction]) -> list[tuple[Vector3, Fraction]]:
    """The half-spaces n . x + e >= 0 with n != 0, scaled to a canonical form and without repeats."""
    out: list[tuple[Vector3, Fraction]] = []
    for n, e in zip(rows, consts, strict=True):
        n3 = (Fraction(n[0]), Fraction(n[1]), Fraction(n[2]))
        if n3 == (0, 0, 0):
            continue
        scale = max(abs(v) for v in n3)
        plane = ((n3[0] / scale, n3[1] / scale, n3[2] / scale), Fraction(e) / scale)
        if plane not in out:
            out.append(plane)
    return out


def _ordered_area_vector(points: Sequence[Vector3], normal: Vector3) -> Vector3:
    """sum of v_i x v_(i+1) / 2 over a convex planar polygon (points in the plane orthogonal to ``normal``).

    The points are ordered by angle around their mean, exactly: coordinates (a, b) along u = p_0 - mean
    and w = normal x u, sorted by half-plane then by the sign of a cross product.
    """
    k = len(points)
    mean = tuple(sum((p[i] for p in points), Fraction(0)) / k for i in range(3))
    u = tuple(points[0][i] - mean[i] for i in range(3))
    w = _cross(normal, u)
    flat = []
    for p in points:
        r = tuple(p[i] - mean[i] for i in range(3))
        flat.append((_dot3(r, u), _dot3(r, w), p))

    def half(a: Fraction, b: Fraction) -> int:
        return 0 if b > 0 or (b == 0 and a > 0) else 1

    def key_less(x: tuple[Fraction, Fraction, Vector3], y: tuple[Fraction, Fraction, Vector3]) -> bool:
        hx, hy = half(x[0], x[1]), half(y[0], y[1])
        if hx != hy:
            return hx < hy
        return x[0] * y[1] - x[1] * y[0] > 0

    ordered: list[tuple[Fraction, Fraction, Vector3]] = []
    for item in flat:  # insertion sort: a handful of points
        at = len(ordered)
        while at > 0 and key_less(item, ordered[at - 1]):
            at -= 1
        ordered.insert(at, item)
    total = [Fraction(0)] * 3
    for i in range(k):
        c = _cross(ordered[i][2], ordered[(i + 1) % k][2])
        total = [t + v for t, v in zip(total, c, strict=True)]
    return (total[0] / 2, total[1] / 2, total[2] / 2)


def _polygon_vertices(planes: Sequence[tuple[Vector3, Fraction]], plane: tuple[Vector3, Fraction]) -> list[Vector3]:
    """The vertices of {x : every plane >= 0} on the plane ``plane`` (= 0): it and two others tight."""
    found: list[Vector3] = []
    for (n1, e1), (n2, e2) in itertools.combinations([p for p in planes if p != plane], 2):
        x = _solve3([plane[0], n1, n2], [-plane[1], -e1, -e2])
        if x is None or x in found:
            continue
        if all(_dot3(n, x) + e >= 0 for n, e in planes):
            found.append(x)
    return found


def section_area_squared_3d(
    rows: Sequence[Sequence[Fraction]], consts: Sequence[Fraction], normal: Sequence[Fraction], offset: Fraction
) -> Fraction:
    """The exact squared area of {x in R^3 : rows x + consts >= 0, normal . x + offset = 0} (a bounded polytope).

    Vertices: the plane and two of the half-spaces' planes tight, every half-space satisfied; the
    area vector is half the sum of v_i x v_(i+1) around the polygon, and its squared length is area^2.

    Examples
    --------
    >>> one, zero = Fraction(1), Fraction(0)
    >>> cube = [(one, zero, zero), (-one, zero, zero), (zero, one, zero), (zero, -one, zero), (zero, zero, one),
    ...         (zero, zero, -one)]
    >>> section_area_squared_3d(cube, [zero, one] * 3, (one, one, one), Fraction(-1))  # the corner triangle
    Fraction(3, 4)
    """
    planes = _planes(rows, consts)
    n3 = (Fraction(normal[0]), Fraction(normal[1]), Fraction(normal[2]))
    # the section's plane (= 0) and two of the half-spaces' planes tight
    points = _polygon_vertices([*planes, (n3, Fraction(offset))], (n3, Fraction(offset)))
    points = [p for p in points if _dot3(n3, p) + offset == 0]
    if len(points) < 3:
        return Fraction(0)
    a = _ordered_area_vector(points, n3)
    return _dot3(a, a)


def polytope_volume_3d(rows: Sequence[Sequence[Fraction]], consts: Sequence[Fraction]) -> Fraction:
    """The exact volume of the bounded polytope {x in R^3 : rows x + consts >= 0}.

    Divergence theorem: V = (1/3) sum over faces of p_F . S_F, with S_F the face's outward area vector
    (half the sum of v_i x v_(i+1) around it, oriented against the inward normal) and p_F a point of it.

    Examples
    --------
    >>> one, zero = Fraction(1), Fraction(0)
    >>> box = [(one, zero, zero), (-one, zero, zero), (zero, one, zero), (zero, -one, zero), (zero, zero, one),
    ...        (zero, zero, -one)]
    >>> polytope_volume_3d(box, [one, one, zero, Fraction(2), zero, Fraction(1, 2)])  # 2 x 2 x 1/2
    Fraction(2, 1)
    """
    planes = _planes(rows, consts)
    total = Fraction(0)
    for plane in planes:
        points = _polygon_vertices(planes, plane)
        if len(points) < 3:
            continue
        n, _ = plane
        a = _ordered_area_vector(points, n)
        if _dot3(a, n) > 0:  # outward is -n
            a = (-a[0], -a[1], -a[2])
        total += _dot3(points[0], a)
    return total / 3
