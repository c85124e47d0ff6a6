"""Independent exact oracles for region enumeration (brute force; no code shared with the engine).

``brute_force_patterns`` tries every sign vector of the distinct hyperplanes and keeps those whose open
cell (intersected with the domain's interior) is non-empty, decided by an exact LP
(:func:`reluexact.lp.strict_feasible_point`, or cddlib's GMP LP when asked). ``facet_by_lp`` decides
whether a hyperplane carries a facet of a region by one exact LP on the hyperplane.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

from reluexact.domain import contains
from reluexact.lp import strict_feasible_point
from reluexact.model import TwoLayerReLU


def distinct_hyperplanes(net):
    """Map each unit with w != 0 to a canonical (normal, offset) with first non-zero normal entry 1."""
    out = {}
    for i, (w, b) in enumerate(zip(net.hidden_weights, net.hidden_bias, strict=True)):
        if all(v == 0 for v in w):
            continue
        lead = next(v for v in w if v != 0)
        key = (tuple(v / lead for v in w), b / lead)
        out.setdefault(key, []).append((i, 1 if lead > 0 else -1))
    return out


def domain_rows(domain, d):
    if domain is None:
        return []
    rows = []
    for k, (lo, hi) in enumerate(domain):
        e = [Fraction(int(j == k)) for j in range(d)]
        rows.append((e, -Fraction(lo)))
        rows.append(([-v for v in e], Fraction(hi)))
    return rows


def brute_force_patterns(net, domain=None, *, method="simplex"):
    """The set of activation patterns of all regions, by 2^G exact LPs."""
    d, n = net.input_dim, net.n_hidden
    hyper = distinct_hyperplanes(net)
    keys = list(hyper)
    dom = domain_rows(domain, d)
    const = {i: net.hidden_bias[i] > 0 for i in range(n) if all(v == 0 for v in net.hidden_weights[i])}
    found = set()
    for signs in itertools.product((1, -1), repeat=len(keys)):
        A = [[s * v for v in k[0]] for s, k in zip(signs, keys, strict=True)] + [r for r, _ in dom]
        b = [s * k[1] for s, k in zip(signs, keys, strict=True)] + [o for _, o in dom]
        if A and strict_feasible_point(A, b, method=method) is None:
            continue
        pat = ["0"] * n
        for s, k in zip(signs, keys, strict=True):
            for i, o in hyper[k]:
                pat[i] = "1" if s * o > 0 else "0"
        for i, act in const.items():
            pat[i] = "1" if act else "0"
        found.add("".join(pat))
    return found


def facet_by_lp(region, normal, offset, all_rows, *, skippable=None):
    """Whether {normal.x + offset = 0} carries a facet of the region given by strict ``all_rows``.

    Substitutes x_p = -(offset + sum_{j != p} normal_j x_j) / normal_p and asks for a point strictly
    satisfying every row that is not a multiple of the plane itself. Only rows whose index is in
    ``skippable`` (default: all) may vanish on the plane: for a unit hyperplane, pass the unit rows,
    so that a hyperplane lying on a side of the domain carries no interior facet.
    """
    d = len(normal)
    p = next(j for j, v in enumerate(normal) if v != 0)
    A, b = [], []
    for k, (row, off) in enumerate(all_rows):
        # is (row, off) proportional to (normal, offset)? then it vanishes on the hyperplane: skip
        ratio = Fraction(row[p], normal[p])
        proportional = all(row[j] == ratio * normal[j] for j in range(d)) and off == ratio * offset
        if proportional and (skippable is None or k in skippable):
            continue
        coeff = [row[j] - row[p] * Fraction(normal[j], normal[p]) for j in range(d) if j != p]
        const = off - row[p] * Fraction(offset, normal[p])
        A.append(coeff)
        b.append(const)
    if d == 1:
        return all(v > 0 for v in b)
    return strict_feasible_point(A, b) is not None


def zaslavsky(n, d):
    return sum(math.comb(n, k) for k in range(d + 1))


def random_net(d, n, seed, *, lo=-1000, hi=1000, m=1):
    rng = random.Random(seed)
    W = [[rng.randint(lo, hi) for _ in range(d)] for _ in range(n)]
    b = [rng.randint(lo, hi) for _ in range(n)]
    A = [[rng.randint(-3, 3) for _ in range(n)] for _ in range(m)]
    c = [rng.randint(-3, 3) for _ in range(m)]
    return TwoLayerReLU(W, b, A, c)


def random_degenerate_net(d, n, seed, *, coeff=2, m=1):
    """Small coefficients: parallel, concurrent and coincident hyperplanes are common; some w = 0."""
    rng = random.Random(seed)
    W = [[rng.randint(-coeff, coeff) for _ in range(d)] for _ in range(n)]
    b = [rng.randint(-coeff, coeff) for _ in range(n)]
    A = [[Fraction(rng.randint(-3, 3), rng.randint(1, 3)) for _ in range(n)] for _ in range(m)]
    c = [Fraction(rng.randint(-3, 3), 2) for _ in range(m)]
    return TwoLayerReLU(W, b, A, c)


def proportional(u, v) -> bool:
    """u and v non-zero and linearly dependent: every 2 x 2 minor vanishes (exact)."""
    return bool(any(u) and any(v)) and all(
        u[i] * v[j] == u[j] * v[i] for i, j in itertools.combinations(range(len(u)), 2)
    )


def check_region_points(net, res):
    """Every region point strictly inside the domain with its pattern; every facet point exactly on its plane."""
    dom = res.arrangement.domain
    for r in res:
        assert contains(dom, r.point, strict=True)
        for i, ch in enumerate(r.pattern):
            w, b = net.hidden_weights[i], net.hidden_bias[i]
            v = sum((Fraction(a) * x for a, x in zip(w, r.point, strict=True)), Fraction(b))
            if any(w):
                assert v != 0
            assert (v > 0) == (ch == "1")
        for f in r.facets:
            v = sum((Fraction(a) * x for a, x in zip(f.normal, f.point, strict=True)), Fraction(f.offset))
            assert v == 0


def result_summary(res):
    """A result's regions (facets included), edges and completeness, in id order.

    Everything but the certified points, which differ between exact methods.
    """
    regs = [
        (
            r.id,
            r.pattern,
            r.gradient,
            r.offset,
            r.facets_complete,
            tuple((f.kind, f.label, f.units, f.normal, f.offset, f.neighbor) for f in r.facets),
        )
        for r in res
    ]
    return regs, [(e.a, e.b, e.group, e.units) for e in res.edges], res.complete
