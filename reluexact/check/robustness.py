"""The independent checker of ``robustness`` certificates (``kind: "robustness"``).

What a document holds besides the header: ``"norm"`` (``"inf"``, ``"1"`` or ``"2"``) and
``"samples"``, each with ``"point"``, ``"class"``, ``"radius"`` (norm 2: ``"radius_squared"``),
``"counterexample"`` (both null when no point of the domain changes the prediction), optionally
``"eps"`` and ``"robust"`` (the decision form), and ``"certificate": {"regions": [...]}``. A
region is ``{"pattern", "changes": [{"class", "multipliers", "bound"}], "facets": [{"unit",
"multipliers", "bound"}]}``; ``"multipliers"`` lists ``[row, "p/q"]`` pairs of a vector y >= 0.

The rows of a region with pattern s, in this order: for every unit i with w_i != 0 (by index),
``s_i (w_i . x + b_i) >= 0`` (s_i = +1 active, -1 inactive); the domain's sides
(:func:`reluexact.domain.halfspaces`, ``normal . x + offset >= 0``); then the extra rows:

* a change of the prediction (class ``"class"`` = l): ``(g_l - g_k)(x) >= 0`` for the predicted
  class k, with g the region's affine map; for one output (``"class": -1``) ``-sign(f(x0)) g(x) >= 0``;
* a facet on the hyperplane of unit u: ``w_u . x + b_u >= 0`` and ``-(w_u . x + b_u) >= 0``.

For such a system ``G x + h >= 0`` and y >= 0, with q = y . (G x0 + h) and v = G^T y, every
solution x has ``v . (x - x0) >= -q``, hence ``||x - x0||_p >= -q / ||v||_p*`` when q < 0 (p* the
dual norm; norm 2 compares squares), and v = 0 with q < 0 proves the system empty (bound null).

What is checked, with rational arithmetic only (no LP, no region code): the point lies in the
domain and its exact prediction is the claimed class; a counterexample lies in the domain, at
exactly the claimed distance, and its exact prediction ties or differs; x0 lies in an examined
region; every examined region's bound for every other class is >= the radius (> eps for a robust
``verify``; null when the radius is null); and coverage: for every examined region and every
hyperplane (class of coincident units) either the region across it is examined, or the facet's
bound, or else the distance from x0 to the whole hyperplane, is >= the radius. The regions meeting
the open ball are linked through facets meeting it (theory.md, "Robustness radius"), so no point
nearer than the radius changes the prediction.

**Branch-and-bound certificates** (``"certificate": {"method": "branch", "slope_bits": B,
"trees": [{"class": l, "tree": node}]}``, norms inf and 1, written from d = 8 on): one tree per
competing class l (``-1`` for one output); an internal node is ``{"split": i, "inactive": node,
"active": node}`` (unit i fixed off / on below it; a unit is split at most once on a path, so the
leaves of a tree partition every sign assignment of the units), a leaf is ``{"box": R,
"multipliers": [[row, "p/q"], ...], "bound"}`` (a relaxation leaf) or the same with ``"pattern"``
(a region leaf). On the box X = B_inf(x0, R) (intersected with the domain when it is a box) the
interval bounds ``[lo_i, hi_i]`` of ``w_i.x + b_i`` are exact; a unit not fixed on the path is
stable inactive when ``hi_i <= 0``, else stable active when ``lo_i >= 0``, else unstable, with
slope ``s_i`` = ``hi_i / (hi_i - lo_i)`` rounded up to a multiple of ``2^-B``. The leaf's relaxation
has columns x (d; bounds X), t (1 for norm inf, d for norm 1; bounds [0, R]) and h (n; bounds
[0, max(hi_i, 0)], [0, 0] when inactive), cost ``sum t``, and rows, numbered in this order:
``x_j - t_j <= x0_j`` (d; t_j = t for norm inf), ``x_j + t_j >= x0_j`` (d), ``h_i - w_i.x >= b_i``
(n; ``=`` when active), ``h_i - s_i w_i.x <= s_i (b_i - lo_i)`` (n; unstable units only),
``w_i.x >= -b_i`` / ``<= -b_i`` (n; units fixed active / inactive on the path only), and the
change ``(a_l - a_k).h >= c_k - c_l`` (for one output ``-sign(f(x0)) (a.h + c) >= 0``). Every
point of the leaf's sign set within distance R of x0 where l ties or beats k gives a feasible
point with ``sum t`` its distance. Signed multipliers y (y_r > 0 on a lower side, < 0 on an upper
side; a row without that side is rejected) prove ``min >= sum_r y_r side_r + sum_j min(r_j lo_j,
r_j hi_j)`` with ``r = cost - G^T y`` (Neumaier-Shcherbina), recomputed exactly; ``"bound":
null`` claims the relaxation empty, proved by the same sum with cost 0 being > 0. A region leaf's
pattern must agree with the path's fixes and be the stable sign of every other unit on X; its
multipliers (>= 0) are on the region system above (the region's rows, the domain's sides, the
change row) and bound the distance to every point of the closed region. What is checked: a tree
for every competing class, every box R >= the radius (eps, lower), and every leaf's recomputed
bound >= the radius (> eps for a robust ``verify``; >= lower for a partial answer). With no
radius (no change in a box domain) the bounds must exceed the largest distance from x0 to the box.

A search stopped at its budget writes ``"partial": true`` with ``"lower"`` and ``"upper"`` (norm 2:
``"lower_squared"``, ``"upper_squared"``) instead of the radius: the counterexample (null with
``"upper"``) is checked at exactly ``upper``, and the coverage above with ``lower`` in place of the
radius, which proves ``lower <= radius <= upper``.

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> from reluexact.check._common import header
>>> from reluexact.domain import Whole
>>> net = TwoLayerReLU([[1]], [0], [[1]], ["-1/2"])
>>> document = {**header("robustness", net, Whole(1)), "norm": "inf", "samples": [{
...     "point": ["2"], "class": 1, "radius": "3/2", "counterexample": ["1/2"],
...     "certificate": {"regions": [{"pattern": "1", "facets": [],
...         "changes": [{"class": -1, "multipliers": [[1, "1"]], "bound": "3/2"}]}]}}]}
>>> check(document)
'robustness certificate holds: 1 sample (norm inf), 1 region checked'
>>> document["samples"][0]["radius"] = "2"
>>> check(document)
Traceback (most recent call last):
...
reluexact.errors.CertificateError: sample 0: the counterexample is at distance 3/2, not at the claimed radius 2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, TypeGuard

from reluexact.check._common import domain_from_json, model_of, number, numbers
from reluexact.domain import Box, Domain, contains, halfspaces
from reluexact.errors import CertificateError
from reluexact.model import TwoLayerReLU, evaluate

__all__ = ["check"]

NORMS = ("inf", "1", "2")
Row = tuple[Fraction, ...]


def _prediction(values: Sequence[Fraction]) -> tuple[int, bool]:
    if len(values) == 1:
        return int(values[0] > 0), values[0] == 0
    top = max(values)
    return list(values).index(top), sum(v == top for v in values) > 1


def _distance(delta: Sequence[Fraction], norm: str) -> Fraction:
    if norm == "inf":
        return max((abs(v) for v in delta), default=Fraction(0))
    if norm == "1":
        return sum((abs(v) for v in delta), Fraction(0))
    return sum((v * v for v in delta), Fraction(0))


def _dual(v: Sequence[Fraction], norm: str) -> Fraction:
    if norm == "inf":
        return sum((abs(x) for x in v), Fraction(0))
    if norm == "1":
        return max((abs(x) for x in v), default=Fraction(0))
    return sum((x * x for x in v), Fraction(0))


class _Sample:
    """The rows of the regions of one sample, built from the model and the domain alone."""

    def __init__(self, net: TwoLayerReLU, domain: Domain, x0: tuple[Fraction, ...], norm: str) -> None:
        self.net = net
        self.norm = norm
        self.x0 = x0
        self.d = net.input_dim
        W, b = net.hidden_weights, net.hidden_bias
        self.W, self.b = W, b
        self.z = [sum((w * x for w, x in zip(W[i], x0, strict=True)), b[i]) for i in range(net.n_hidden)]
        self.units = [i for i in range(net.n_hidden) if any(W[i])]
        self.sides = [
            (
                tuple(Fraction(v) for v in h.normal),
                sum((v * x for v, x in zip(h.normal, x0, strict=True)), Fraction(h.offset)),
            )
            for h in halfspaces(domain)
        ]
        # classes of coincident hyperplanes: (w, b) divided by the first non-zero entry of w
        self.group_of: dict[int, tuple[Fraction, ...]] = {}
        self.groups: dict[tuple[Fraction, ...], list[int]] = {}
        for i in self.units:
            lead = next(w for w in W[i] if w)
            key = tuple(v / lead for v in (*W[i], b[i]))
            self.group_of[i] = key
            self.groups.setdefault(key, []).append(i)

    def base(self, pattern: str) -> tuple[list[Row], list[Fraction]]:
        G: list[Row] = []
        q: list[Fraction] = []
        for i in self.units:
            s = 1 if pattern[i] == "1" else -1
            G.append(tuple(s * w for w in self.W[i]))
            q.append(s * self.z[i])
        for normal, value in self.sides:
            G.append(normal)
            q.append(value)
        return G, q

    def maps(self, pattern: str) -> list[tuple[Row, Fraction]]:
        """Per output: the region's gradient and its value at x0."""
        A, c = self.net.output_weights, self.net.output_bias
        out = []
        for k in range(self.net.output_dim):
            g = [Fraction(0)] * self.d
            value = c[k]
            for i in range(self.net.n_hidden):
                if pattern[i] == "1" and A[k][i]:
                    for j, w in enumerate(self.W[i]):
                        if w:
                            g[j] += A[k][i] * w
                    value += A[k][i] * self.z[i]
            out.append((tuple(g), value))
        return out

    def bound(self, G: list[Row], q: list[Fraction], entry: Mapping[str, Any], at: str) -> Fraction | None:
        pairs = entry.get("multipliers")
        if not isinstance(pairs, list):
            raise CertificateError(f'{at}: "multipliers" must be a list of [row, "p/q"] pairs')
        v = [Fraction(0)] * self.d
        qy = Fraction(0)
        for k, pair in enumerate(pairs):
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or not isinstance(pair[0], int)
                or isinstance(pair[0], bool)
            ):
                raise CertificateError(f'{at}: multipliers[{k}] must be [row, "p/q"]')
            r, y = pair[0], number(pair[1], at=f"{at}: multipliers[{k}]")
            if not 0 <= r < len(G):
                raise CertificateError(f"{at}: multipliers[{k}] names row {r}, but the system has {len(G)} rows")
            if y < 0:
                raise CertificateError(f"{at}: multipliers[{k}] is negative ({y}); multipliers must be >= 0")
            for j, a in enumerate(G[r]):
                if a:
                    v[j] += y * a
            qy += y * q[r]
        if qy >= 0:
            value: Fraction | None = Fraction(0)
        else:
            scale = _dual(v, self.norm)
            value = None if scale == 0 else (qy * qy / scale if self.norm == "2" else -qy / scale)
        claimed = entry.get("bound")
        stated = None if claimed is None else number(claimed, at=f"{at}: bound")
        if stated != value:
            shown = "empty (null)" if value is None else str(value)
            raise CertificateError(f"{at}: the multipliers prove the bound {shown}, not the stated {claimed}")
        return value


def _beyond(value: Fraction | None, limit: Fraction | None, strict: bool) -> bool:
    if value is None:
        return True
    if limit is None:
        return False
    return value > limit if strict else value >= limit


def _point(value: Any, d: int, at: str) -> tuple[Fraction, ...]:
    return numbers(value, at=at, length=d)


def _check_cover(
    sample: _Sample, klass: int, sign: int, regions: Any, limit: Fraction | None, strict: bool, at: str
) -> int:
    """Check the lower bound: no point nearer than ``limit`` (None: anywhere) changes the prediction."""
    net = sample.net
    n = net.n_hidden
    if not isinstance(regions, list) or not regions:
        raise CertificateError(f"{at}: the certificate lists no examined regions")
    patterns: list[str] = []
    for r, region in enumerate(regions):
        pattern = region.get("pattern") if isinstance(region, Mapping) else None
        if not isinstance(pattern, str) or len(pattern) != n or set(pattern) - {"0", "1"}:
            raise CertificateError(f'{at}: region {r}: "pattern" must be a string of {n} characters 0/1')
        for i in range(n):
            if i not in sample.group_of and pattern[i] != ("1" if sample.b[i] > 0 else "0"):
                raise CertificateError(
                    f"{at}: region {r}: unit {i} has w = 0 and is {'on' if sample.b[i] > 0 else 'off'} everywhere"
                )
        patterns.append(pattern)
    known = set(patterns)
    if len(known) != len(patterns):
        raise CertificateError(f"{at}: a region is listed twice")
    if not any(all(v >= 0 for v in sample.base(p)[1]) for p in patterns):
        raise CertificateError(f"{at}: the sample lies in none of the examined regions")
    shown = "the radius" if not strict else "eps"
    for r, (region, pattern) in enumerate(zip(regions, patterns, strict=True)):
        where = f"{at}: region {r}"
        G, q = sample.base(pattern)
        maps = sample.maps(pattern)
        wanted = [-1] if net.output_dim == 1 else [l for l in range(net.output_dim) if l != klass]
        changes = region.get("changes")
        if not isinstance(changes, list):
            raise CertificateError(f'{where}: "changes" must be a list')
        by_class = {}
        for entry in changes:
            if not isinstance(entry, Mapping) or entry.get("class") not in wanted:
                raise CertificateError(f"{where}: a change entry names no competing class ({wanted})")
            by_class[entry["class"]] = entry
        for l in wanted:
            if l not in by_class:
                raise CertificateError(f"{where}: no bound for class {l}")
            if l == -1:
                g, at_x0 = maps[0]
                row, const = tuple(-sign * v for v in g), -sign * at_x0
            else:
                row = tuple(a - b for a, b in zip(maps[l][0], maps[klass][0], strict=True))
                const = maps[l][1] - maps[klass][1]
            bound = sample.bound([*G, row], [*q, const], by_class[l], f"{where}, class {l}")
            if not _beyond(bound, limit, strict):
                raise CertificateError(f"{where}: the bound for class {l} is {bound}, below {shown} {limit}")
        facets = region.get("facets")
        if not isinstance(facets, list):
            raise CertificateError(f'{where}: "facets" must be a list')
        facet_bounds: dict[tuple[Fraction, ...], Fraction | None] = {}
        value: Fraction | None
        for k, entry in enumerate(facets):
            unit = entry.get("unit") if isinstance(entry, Mapping) else None
            if not isinstance(unit, int) or isinstance(unit, bool) or unit not in sample.group_of:
                raise CertificateError(f"{where}: facets[{k}] names no unit with a hyperplane")
            plane = (sample.W[unit], sample.z[unit]), (tuple(-v for v in sample.W[unit]), -sample.z[unit])
            facet_bounds[sample.group_of[unit]] = sample.bound(
                [*G, plane[0][0], plane[1][0]], [*q, plane[0][1], plane[1][1]], entry, f"{where}, facet {k}"
            )
        for key, units in sample.groups.items():
            flipped = "".join(("1" if c == "0" else "0") if i in units else c for i, c in enumerate(pattern))
            if flipped in known:
                continue
            if key in facet_bounds:
                value = facet_bounds[key]
            else:
                i = units[0]
                scale = _dual(sample.W[i], sample.norm)
                value = sample.z[i] ** 2 / scale if sample.norm == "2" else abs(sample.z[i]) / scale
            if not _beyond(value, limit, strict):
                raise CertificateError(
                    f"{where}: its facet on the hyperplane of unit {units[0]} is at distance {value}, below {shown} "
                    f"{limit}, and the region across it is not examined"
                )
    return len(regions)


# ---------------------------------------------------------------------------------------------
# the branch-and-bound certificate ("certificate": {"method": "branch", ...})


class _Relaxed:
    """The triangle relaxation of one competing class on the box of radius R (rational arithmetic only)."""

    def __init__(self, sample: _Sample, domain: Domain, R: Fraction, slope_bits: int) -> None:
        net = sample.net
        d, n = sample.d, net.n_hidden
        x0 = sample.x0
        bounds = domain.bounds if isinstance(domain, Box) else None  # other domains: the ball alone
        self.xlo = [x0[j] - R if bounds is None else max(x0[j] - R, Fraction(bounds[j][0])) for j in range(d)]
        self.xhi = [x0[j] + R if bounds is None else min(x0[j] + R, Fraction(bounds[j][1])) for j in range(d)]
        self.lo, self.hi, self.s = [], [], []
        scale = 1 << slope_bits
        for i in range(n):
            w, b = sample.W[i], sample.b[i]
            low = b + sum((a * (self.xlo[j] if a > 0 else self.xhi[j]) for j, a in enumerate(w) if a), Fraction(0))
            high = b + sum((a * (self.xhi[j] if a > 0 else self.xlo[j]) for j, a in enumerate(w) if a), Fraction(0))
            self.lo.append(low)
            self.hi.append(high)
            if low < 0 < high:
                slope = high / (high - low)
                self.s.append(Fraction(-((-slope.numerator * scale) // slope.denominator), scale))
            else:
                self.s.append(Fraction(0))
        self.R = R

    def stable(self, i: int) -> str:
        """ "0" when w_i.x + b_i <= 0 on the box, "1" when >= 0 (tested in that order), "" otherwise."""
        if self.hi[i] <= 0:
            return "0"
        if self.lo[i] >= 0:
            return "1"
        return ""


def _relaxed_bound(
    sample: _Sample,
    rel: _Relaxed,
    fixes: dict[int, int],
    a: Sequence[Fraction],
    a0: Fraction,
    entry: Mapping[str, Any],
    at: str,
) -> Fraction | None:
    """The bound the signed row multipliers of a relaxation leaf prove (None: the leaf is empty)."""
    d, n, norm = sample.d, sample.net.n_hidden, sample.norm
    x0, W, b = sample.x0, sample.W, sample.b
    nt = 1 if norm == "inf" else d
    status = [("1" if fixes[i] else "0") if i in fixes else rel.stable(i) for i in range(n)]
    lo: list[Fraction | None] = [None] * d + list(x0)
    hi: list[Fraction | None] = list(x0) + [None] * d
    lo += [b[i] for i in range(n)]
    hi += [b[i] if status[i] == "1" else None for i in range(n)]
    lo += [None] * n
    hi += [rel.s[i] * (b[i] - rel.lo[i]) if rel.stable(i) == "" else None for i in range(n)]
    lo += [-b[i] if fixes.get(i) == 1 else None for i in range(n)]
    hi += [-b[i] if fixes.get(i) == 0 else None for i in range(n)]
    lo.append(-a0)
    hi.append(None)
    rows = len(lo)
    y = [Fraction(0)] * rows
    pairs = entry.get("multipliers")
    if not isinstance(pairs, list):
        raise CertificateError(f'{at}: "multipliers" must be a list of [row, "p/q"] pairs')
    for k, pair in enumerate(pairs):
        if not isinstance(pair, list) or len(pair) != 2 or not isinstance(pair[0], int) or isinstance(pair[0], bool):
            raise CertificateError(f'{at}: multipliers[{k}] must be [row, "p/q"]')
        r = pair[0]
        if not 0 <= r < rows:
            raise CertificateError(f"{at}: multipliers[{k}] names row {r}, but the relaxation has {rows} rows")
        y[r] += number(pair[1], at=f"{at}: multipliers[{k}]")
    total = Fraction(0)
    for r, v in enumerate(y):
        if v:
            side = lo[r] if v > 0 else hi[r]
            if side is None:
                raise CertificateError(f"{at}: multipliers name row {r} on a side it does not have")
            total += v * side
    # G^T y, column by column: x (d), t (nt), h (n)
    gty = [y[j] + y[d + j] for j in range(d)]
    o1, o2, o3 = 2 * d, 2 * d + n, 2 * d + 2 * n
    for i in range(n):
        u = y[o3 + i] - y[o1 + i] - rel.s[i] * y[o2 + i]
        if u:
            for j, w in enumerate(W[i]):
                if w:
                    gty[j] += u * w
    if nt == 1:
        gty.append(sum((y[d + j] - y[j] for j in range(d)), Fraction(0)))
    else:
        gty += [y[d + j] - y[j] for j in range(d)]
    gty += [y[o1 + i] + y[o2 + i] + a[i] * y[-1] for i in range(n)]
    col_lo = [*rel.xlo, *([Fraction(0)] * nt), *([Fraction(0)] * n)]
    col_hi = [
        *rel.xhi,
        *([rel.R] * nt),
        *(Fraction(0) if status[i] == "0" else max(rel.hi[i], Fraction(0)) for i in range(n)),
    ]
    empty = entry.get("bound") is None
    for j, g in enumerate(gty):
        reduced = -g if empty or not d <= j < d + nt else 1 - g
        if reduced:
            total += reduced * (col_lo[j] if reduced > 0 else col_hi[j])
    if empty:
        if total <= 0:
            raise CertificateError(f"{at}: the multipliers do not prove the leaf empty (they give {total} <= 0)")
        return None
    stated = number(entry.get("bound"), at=f"{at}: bound")
    if stated != total:
        raise CertificateError(f"{at}: the multipliers prove the bound {total}, not the stated {stated}")
    return total


def _check_branch(
    sample: _Sample,
    domain: Domain,
    klass: int,
    sign: int,
    certificate: Mapping[str, Any],
    limit: Fraction,
    strict: bool,
    at: str,
) -> int:
    """Check that no point nearer than ``limit`` (at ``limit`` too when strict) changes the prediction."""
    net = sample.net
    n = net.n_hidden
    bits = certificate.get("slope_bits")
    if not isinstance(bits, int) or isinstance(bits, bool) or not 0 <= bits <= 4096:
        raise CertificateError(f'{at}: "slope_bits" must be an integer in [0, 4096]')
    trees = certificate.get("trees")
    if not isinstance(trees, list):
        raise CertificateError(f'{at}: "trees" must be a list')
    wanted = [-1] if net.output_dim == 1 else [l for l in range(net.output_dim) if l != klass]
    by_class: dict[int, Any] = {}
    for entry in trees:
        if not isinstance(entry, Mapping) or entry.get("class") not in wanted or entry["class"] in by_class:
            raise CertificateError(f"{at}: each tree names one competing class ({wanted}), once")
        by_class[entry["class"]] = entry.get("tree")
    relaxed: dict[Fraction, _Relaxed] = {}
    A, c = net.output_weights, net.output_bias
    shown = "eps" if strict else "the radius"
    leaves = 0
    for l in wanted:
        if l not in by_class:
            raise CertificateError(f"{at}: no tree for class {l}")
        if l == -1:
            a, a0 = [-sign * v for v in A[0]], -sign * c[0]
        else:
            a, a0 = [x - y for x, y in zip(A[l], A[klass], strict=True)], c[l] - c[klass]
        stack: list[tuple[Any, dict[int, int], str]] = [(by_class[l], {}, f"{at}, class {l}")]
        while stack:
            node, fixes, where = stack.pop()
            if not isinstance(node, Mapping):
                raise CertificateError(f"{where}: a tree node is a JSON object")
            if "split" in node:
                unit = node["split"]
                if not isinstance(unit, int) or isinstance(unit, bool) or not 0 <= unit < n or unit in fixes:
                    raise CertificateError(f"{where}: a split names no unit that is still free on its path")
                for bit, side in ((0, "inactive"), (1, "active")):
                    stack.append((node.get(side), {**fixes, unit: bit}, f"{where}, unit {unit} {side}"))
                continue
            leaves += 1
            R = number(node.get("box"), at=f"{where}: box")
            if limit > R:
                raise CertificateError(f"{where}: its box radius {R} is below {shown} {limit}")
            if R not in relaxed:
                relaxed[R] = _Relaxed(sample, domain, R, bits)
            rel = relaxed[R]
            pattern = node.get("pattern")
            if pattern is None:
                bound = _relaxed_bound(sample, rel, fixes, a, a0, node, where)
            else:
                if not isinstance(pattern, str) or len(pattern) != n or set(pattern) - {"0", "1"}:
                    raise CertificateError(f'{where}: "pattern" must be a string of {n} characters 0/1')
                for i in range(n):
                    want = str(fixes[i]) if i in fixes else rel.stable(i)
                    if pattern[i] != want:
                        raise CertificateError(
                            f"{where}: unit {i} of the region's pattern is neither fixed on the path nor stable "
                            "with that sign on the box"
                        )
                G, q = sample.base(pattern)
                maps = sample.maps(pattern)
                if l == -1:
                    g, at_x0 = maps[0]
                    row, const = tuple(-sign * v for v in g), -sign * at_x0
                else:
                    row = tuple(x - y for x, y in zip(maps[l][0], maps[klass][0], strict=True))
                    const = maps[l][1] - maps[klass][1]
                bound = sample.bound([*G, row], [*q, const], node, where)
            if not _beyond(bound, limit, strict):
                raise CertificateError(f"{where}: the leaf's bound {bound} is below {shown} {limit}")
    return leaves


def _counterexample_distance(
    net: TwoLayerReLU,
    domain: Domain,
    norm: str,
    x0: tuple[Fraction, ...],
    klass: int,
    counter: tuple[Fraction, ...],
    at: str,
) -> Fraction:
    """The distance from x0 to a counterexample, once it is checked to lie in the domain and change the class."""
    if not contains(domain, counter):
        raise CertificateError(f"{at}: the counterexample lies outside the domain")
    distance = _distance([a - b for a, b in zip(counter, x0, strict=True)], norm)
    new, new_tie = _prediction(evaluate(net, counter))
    if new == klass and not new_tie:
        raise CertificateError(f"{at}: the counterexample's exact prediction is class {new}, the sample's own")
    return distance


def _check_sample(net: TwoLayerReLU, domain: Domain, norm: str, sample: Any, at: str) -> tuple[int, int]:
    if not isinstance(sample, Mapping):
        raise CertificateError(f"{at}: a sample is a JSON object")
    d = net.input_dim
    x0 = _point(sample.get("point"), d, f"{at}: point")
    if not contains(domain, x0):
        raise CertificateError(f"{at}: the point lies outside the domain")
    values = evaluate(net, x0)
    klass, tie = _prediction(values)
    if sample.get("class") != klass:
        raise CertificateError(f"{at}: the exact prediction at the point is class {klass}, not {sample.get('class')!r}")
    if sample.get("partial") is not None:
        return _check_partial(net, domain, norm, sample, x0, values, at)
    key = "radius_squared" if norm == "2" else "radius"
    claimed_raw = sample.get(key)
    claimed = None if claimed_raw is None else number(claimed_raw, at=f"{at}: {key}")
    counter_raw = sample.get("counterexample")
    counter = None if counter_raw is None else _point(counter_raw, d, f"{at}: counterexample")
    eps_raw = sample.get("eps")
    eps = None if eps_raw is None else number(eps_raw, at=f"{at}: eps")
    if eps is not None and eps < 0:
        raise CertificateError(f"{at}: eps is negative")
    if counter is not None:
        distance = _counterexample_distance(net, domain, norm, x0, klass, counter, at)
        if (eps is None or claimed is not None) and claimed != distance:
            named = key.replace("_", " ")
            raise CertificateError(
                f"{at}: the counterexample is at distance {distance}, not at the claimed {named} {claimed}"
            )
        if eps is not None:
            if sample.get("robust") is not False:
                raise CertificateError(f'{at}: a counterexample is given, so "robust" must be false')
            if distance > (eps * eps if norm == "2" else eps):
                raise CertificateError(f"{at}: the counterexample is at distance {distance}, beyond eps {eps}")
            return 0, 0
        if tie:
            if counter != x0:
                raise CertificateError(f"{at}: the point is on the decision boundary, so it is its own counterexample")
            return 0, 0
    elif claimed is not None:
        raise CertificateError(f"{at}: a {key.replace('_', ' ')} is claimed without a counterexample")
    elif tie:
        raise CertificateError(
            f"{at}: the point is on the decision boundary (radius 0), but no counterexample is given"
        )
    sign = 1 if net.output_dim > 1 or values[0] > 0 else -1
    certificate = sample.get("certificate")
    regions = certificate.get("regions") if isinstance(certificate, Mapping) else None
    geometry = _Sample(net, domain, x0, norm)
    if eps is not None:
        if sample.get("robust") is not True:
            raise CertificateError(f'{at}: no counterexample is given, so "robust" must be true')
        limit = eps * eps if norm == "2" else eps
        if _is_branch(certificate, norm, at):
            return 0, _check_branch(geometry, domain, klass, sign, certificate, limit, True, at)
        return _check_cover(geometry, klass, sign, regions, limit, True, at), 0
    if _is_branch(certificate, norm, at):
        if claimed is not None:
            return 0, _check_branch(geometry, domain, klass, sign, certificate, claimed, False, at)
        # no change anywhere: the leaves' bounds exceed the largest distance from x0 to the box
        if not isinstance(domain, Box):
            raise CertificateError(f"{at}: a branch-and-bound certificate without a radius needs a box domain")
        reach = max((max(x - lo, hi - x) for x, (lo, hi) in zip(x0, domain.bounds, strict=True)), default=Fraction(0))
        if norm == "1":
            reach = sum((max(x - lo, hi - x) for x, (lo, hi) in zip(x0, domain.bounds, strict=True)), Fraction(0))
        return 0, _check_branch(geometry, domain, klass, sign, certificate, reach, True, at)
    return _check_cover(geometry, klass, sign, regions, claimed, False, at), 0


def _is_branch(certificate: Any, norm: str, at: str) -> TypeGuard[Mapping[str, Any]]:
    """True for a branch-and-bound certificate (norms inf and 1, a box or all of R^d)."""
    if not isinstance(certificate, Mapping) or certificate.get("method") != "branch":
        return False
    if norm not in ("inf", "1"):
        raise CertificateError(f"{at}: a branch-and-bound certificate is for norms inf and 1, not {norm}")
    return True


def _check_partial(
    net: TwoLayerReLU,
    domain: Domain,
    norm: str,
    sample: Mapping[str, Any],
    x0: tuple[Fraction, ...],
    values: Sequence[Fraction],
    at: str,
) -> tuple[int, int]:
    """A search stopped at its budget: check ``lower <= radius <= upper`` (norm 2: squares)."""
    if sample.get("partial") is not True:
        raise CertificateError(f'{at}: "partial" must be true when present')
    klass, tie = _prediction(values)
    suffix = "_squared" if norm == "2" else ""
    lower_raw, upper_raw = sample.get("lower" + suffix), sample.get("upper" + suffix)
    if lower_raw is None:
        raise CertificateError(f'{at}: a partial answer needs "lower{suffix}"')
    lower = number(lower_raw, at=f"{at}: lower{suffix}")
    if lower < 0:
        raise CertificateError(f"{at}: the lower bound is negative")
    upper = None if upper_raw is None else number(upper_raw, at=f"{at}: upper{suffix}")
    counter_raw = sample.get("counterexample")
    counter = None if counter_raw is None else _point(counter_raw, net.input_dim, f"{at}: counterexample")
    if (counter is None) != (upper is None):
        raise CertificateError(f"{at}: the upper bound and the counterexample come together (both or neither)")
    if counter is not None and upper is not None:
        distance = _counterexample_distance(net, domain, norm, x0, klass, counter, at)
        if distance != upper:
            raise CertificateError(
                f"{at}: the counterexample is at distance {distance}, not at the upper bound {upper}"
            )
        if lower > upper:
            raise CertificateError(f"{at}: the lower bound {lower} exceeds the upper bound {upper}")
    if tie and lower > 0:
        raise CertificateError(f"{at}: the point is on the decision boundary, so its radius is 0, not >= {lower}")
    if lower == 0:
        return 0, 0
    sign = 1 if net.output_dim > 1 or values[0] > 0 else -1
    certificate = sample.get("certificate")
    regions = certificate.get("regions") if isinstance(certificate, Mapping) else None
    geometry = _Sample(net, domain, x0, norm)
    if _is_branch(certificate, norm, at):
        return 0, _check_branch(geometry, domain, klass, sign, certificate, lower, False, at)
    return _check_cover(geometry, klass, sign, regions, lower, False, at), 0


def check(document: Mapping[str, Any]) -> str:
    """Re-verify a robustness certificate document; a one-line summary, or CertificateError.

    Parameters
    ----------
    document : Mapping
        A ``"kind": "robustness"`` certificate (``reluexact robustness --json``; the fields are
        described in the module docstring).

    Returns
    -------
    str
        What holds: how many samples, the norm and how many regions were checked.

    Examples
    --------
    >>> from reluexact import TwoLayerReLU
    >>> from reluexact.answers.robustness import robustness, robustness_document
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0])  # argmax of relu(x), relu(y)
    >>> doc = robustness_document(net, [robustness(net, [3, 1])])
    >>> check(doc)
    'robustness certificate holds: 1 sample (norm inf), 1 region checked'
    >>> doc["samples"][0]["radius"] = "2"
    >>> check(doc)
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: sample 0: the counterexample is at distance 1, not at the claimed radius 2
    """
    net = model_of(document)
    domain = domain_from_json(document.get("domain"), net.input_dim)
    norm = document.get("norm")
    if norm not in NORMS:
        raise CertificateError(f'"norm" must be one of {", ".join(NORMS)}, got {norm!r}')
    samples = document.get("samples")
    if not isinstance(samples, list) or not samples:
        raise CertificateError('"samples" must be a non-empty list')
    counts = [_check_sample(net, domain, norm, s, f"sample {k}") for k, s in enumerate(samples)]
    regions, leaves = sum(c[0] for c in counts), sum(c[1] for c in counts)
    plural = "" if len(samples) == 1 else "s"
    checked = f"{regions} region{'' if regions == 1 else 's'}"
    if leaves:
        checked = f"{leaves} branch-and-bound lea{'f' if leaves == 1 else 'ves'}"
        if regions:
            checked = f"{regions} region{'' if regions == 1 else 's'} and {checked}"
    return f"robustness certificate holds: {len(samples)} sample{plural} (norm {norm}), {checked} checked"
