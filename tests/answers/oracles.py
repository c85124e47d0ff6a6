"""Independent exact oracles: decision boundary, class cells, robustness radius (no code shared with reluexact.answers).

A region is described here by its activation pattern alone (every unit with w != 0 strictly on its
side) plus the box, never by the enumerated facets; each question is one exact LP of
:mod:`reluexact.lp`. The dense grid is exact rational sampling of the box.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from reluexact.lp import maximize, minimize, strict_feasible_point
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.regions import regions


def region_rows(net: TwoLayerReLU, pattern: str, box):
    """Rows r, constants e with r . x + e > 0 exactly on the region's open cell inside the open box."""
    rows, consts = [], []
    for bit, w, b in zip(pattern, net.hidden_weights, net.hidden_bias, strict=True):
        if not any(w):
            continue
        s = 1 if bit == "1" else -1
        rows.append([s * v for v in w])
        consts.append(s * b)
    d = net.input_dim
    for j, (lo, hi) in enumerate(box):
        e = [Fraction(0)] * d
        e[j] = Fraction(1)
        rows += [list(e), [-v for v in e]]
        consts += [-Fraction(lo), Fraction(hi)]
    return rows, consts


def maps(net: TwoLayerReLU, pattern: str):
    """Per output, (gradient, offset) on the pattern: sum over active units of a_ki (w_i, b_i), plus c_k."""
    out = []
    for k in range(net.output_dim):
        G = [Fraction(0)] * net.input_dim
        o = Fraction(net.output_bias[k])
        for i, bit in enumerate(pattern):
            if bit == "1":
                a = net.output_weights[k][i]
                G = [g + a * w for g, w in zip(G, net.hidden_weights[i], strict=True)]
                o += a * net.hidden_bias[i]
        out.append((G, o))
    return out


def sign_feasible(net, pattern, box, G, o, sign) -> bool:
    """Is there x in the open region with sign * (G x + o) > 0?"""
    rows, consts = region_rows(net, pattern, box)
    return strict_feasible_point([*rows, [sign * g for g in G]], [*consts, sign * o]) is not None


def class_feasible(net, pattern, box, k) -> bool:
    """Is there x in the open region where output k is strictly above every output with a different map?"""
    rows, consts = region_rows(net, pattern, box)
    ms = maps(net, pattern)
    Gk, ok = ms[k]
    for G, o in ms:
        if (G, o) != (Gk, ok):
            rows.append([a - b for a, b in zip(Gk, G, strict=True)])
            consts.append(ok - o)
    return strict_feasible_point(rows, consts) is not None


def interface_feasible(net, pattern, box, k, l) -> bool:
    """Is there x in the open region with g_k = g_l strictly above the other distinct maps? (max margin LP)"""
    rows, consts = region_rows(net, pattern, box)
    ms = maps(net, pattern)
    (Gk, ok), (Gl, ol) = ms[k], ms[l]
    d = net.input_dim
    A, b = [], []
    for r, e in zip(rows, consts, strict=True):
        A.append([*r, Fraction(-1)])  # r . x + e - t >= 0
        b.append(e)
    for G, o in ms:
        if (G, o) not in ((Gk, ok), (Gl, ol)):
            A.append([*(a - c for a, c in zip(Gk, G, strict=True)), Fraction(-1)])
            b.append(ok - o)
    diff = [a - c for a, c in zip(Gk, Gl, strict=True)]
    A += [[*diff, Fraction(0)], [*(-v for v in diff), Fraction(0)]]
    b += [ok - ol, ol - ok]
    A.append([*([Fraction(0)] * d), Fraction(-1)])  # t <= 1
    b.append(Fraction(1))
    res = maximize([*([0] * d), 1], A, b)
    return res.status == "optimal" and res.value is not None and res.value > 0


def grid(box, steps: int):
    """The exact grid of (steps - 1)^d points strictly inside the box."""
    axes = [[lo + (hi - lo) * Fraction(i, steps) for i in range(1, steps)] for lo, hi in box]
    return itertools.product(*axes)


def pattern_at(net: TwoLayerReLU, x):
    """The pattern at x, or None when x is on a hyperplane (exact)."""
    bits = []
    for w, b in zip(net.hidden_weights, net.hidden_bias, strict=True):
        z = sum((a * v for a, v in zip(w, x, strict=True)), Fraction(0)) + b
        if z == 0 and any(w):
            return None
        bits.append("1" if z > 0 else "0")
    return "".join(bits)


def value(net: TwoLayerReLU, x):
    """f(x), exactly, by the reference evaluator."""
    return evaluate(net, x)


def brute_force_radius(net: TwoLayerReLU, x0, box, norm: str) -> Fraction | None:
    """Brute force: every region of the box, one exact LP (reluexact.lp) per competing class."""
    d = net.input_dim
    values = evaluate(net, x0)
    if len(values) == 1:
        klass, tie = int(values[0] > 0), values[0] == 0
    else:
        klass, tie = values.index(max(values)), values.count(max(values)) > 1
    if tie:
        return Fraction(0)
    sign = 1 if net.output_dim > 1 or evaluate(net, x0)[0] > 0 else -1
    best = None
    for region in regions(net, domain=box, progress=False):
        rows, rhs = [], []
        for i, bit in enumerate(region.pattern):
            if any(net.W[i]):
                s = 1 if bit == "1" else -1
                rows.append([s * w for w in net.W[i]])
                rhs.append(s * net.b[i])
        for j, (lo, hi) in enumerate(box):
            rows.append([Fraction(int(k == j)) for k in range(d)])
            rhs.append(-lo)
            rows.append([Fraction(-int(k == j)) for k in range(d)])
            rhs.append(hi)
        G, o = region.affine_map.gradient, region.affine_map.offset
        changes = (
            [([-sign * g for g in G[0]], -sign * o[0])]
            if net.output_dim == 1
            else [
                ([a - b for a, b in zip(G[l], G[klass], strict=True)], o[l] - o[klass])
                for l in range(net.output_dim)
                if l != klass
            ]
        )
        for row, const in changes:
            # variables (x, u): u_j >= |x_j - x0_j| (norm 1) or u_0 >= |x_j - x0_j| (norm inf)
            k = d if norm == "1" else 1
            A = [[*r, *([Fraction(0)] * k)] for r in [*rows, row]]
            b = [*rhs, const]
            for j in range(d):
                for s in (1, -1):
                    e = [Fraction(0)] * (d + k)
                    e[j] = Fraction(-s)
                    e[d + (j if norm == "1" else 0)] = Fraction(1)
                    A.append(e)
                    b.append(s * x0[j])
            result = minimize([0] * d + [1] * k, A, b)
            if result.status == "optimal" and (best is None or result.value < best):
                best = result.value
    return best
