r"""Regions and facets of n hyperplanes in general position in R^d (Buck 1943; Zaslavsky 1975).

Theorem (words). Let n >= d hyperplanes in R^d be in general position: every d normals are
linearly independent and no d + 1 hyperplanes share a point. Then the arrangement has exactly
sum_{k=0}^{d} C(n, k) regions and n * sum_{k=0}^{d-1} C(n - 1, k) facets (codimension-one
faces); each facet lies on one hyperplane and separates exactly two regions, so these are also
the edges of the region adjacency graph. Hence a set of sum_k C(n, k) regions with distinct sign
vectors is all of them (the certificate of reluexact.regions.sweep).

Theorem (LaTeX).
    $$r(\mathcal A) = \sum_{k=0}^{d}\binom{n}{k},\qquad
    f(\mathcal A) = n\sum_{k=0}^{d-1}\binom{n-1}{k}.$$

Method. (1) Symbolic: in general position the intersection lattice is the Boolean lattice of
subsets of size <= d (every k <= d hyperplanes meet in a (d - k)-flat, distinct subsets in
distinct flats, no d + 1 meet), so the characteristic polynomial is
chi(t) = sum_{k<=d} (-1)^k C(n, k) t^(d - k) and Zaslavsky's theorem r = (-1)^d chi(-1) gives the
region count; verified with sympy for symbolic t and n = d..14, d = 1..7, comparing with the
formula. (2) Facets: the restriction to H_i is n - 1 hyperplanes in general position in a
(d - 1)-space (the restricted lattice is again Boolean truncated at d - 1), whose regions are
the facets on H_i: n * r(n - 1, d - 1); verified equal to the formula, and checked against
(3) brute force: random integer arrangements in R^2 and R^3, certified in general position by
exact determinants, whose regions are counted by sampling sign vectors over all vertices'
neighbourhoods exactly (rational arithmetic) -- a region per sign vector realised. Exits 1 on
failure.
"""

import itertools
import random
import sys
from fractions import Fraction

import sympy as sp


def regions_formula(n, d):
    return sum(sp.binomial(n, k) for k in range(d + 1))


def facets_formula(n, d):
    return n * sum(sp.binomial(n - 1, k) for k in range(d))


def chi_boolean(n, d, t):
    """Characteristic polynomial of the Boolean lattice of subsets of size <= d of n atoms (mobius (-1)^k)."""
    return sum((-1) ** k * sp.binomial(n, k) * t ** (d - k) for k in range(d + 1))


def det(rows):
    return sp.Matrix(rows).det()


def general(N, b):
    d = len(N[0])
    minors = [det([N[i] for i in S]) for S in itertools.combinations(range(len(N)), d)]
    minors += [det([[*N[i], b[i]] for i in S]) for S in itertools.combinations(range(len(N)), d + 1)]
    return all(m != 0 for m in minors)


def brute_regions_and_facets(N, b):
    """Sign vectors of the regions and facets, exactly, from points next to every vertex.

    In general position every region is a cone around some point of the form
    v + eps * u (v a vertex or, for regions without vertices, far away along a generic ray);
    here: every vertex v, every sign choice s on its d hyperplanes (the 2^d orthants around v),
    the point v + eps * G s (G = N_S^-1), plus far points along random directions. The signs
    are exact (Fractions). Facets: for each hyperplane, the same in its restriction.
    """
    n, d = len(N), len(N[0])
    seen = set()

    def sign_vector(x):
        out = []
        for i in range(n):
            v = sum(Fraction(N[i][j]) * x[j] for j in range(d)) + b[i]
            if v == 0:
                return None
            out.append(v > 0)
        return tuple(out)

    for S in itertools.combinations(range(n), d):
        M = sp.Matrix([N[i] for i in S])
        G = M.inv()
        v = -G * sp.Matrix([b[i] for i in S])
        for s in itertools.product((1, -1), repeat=d):
            u = G * sp.Matrix(s)
            eps = Fraction(1, 10**6)
            x = [
                Fraction(int(sp.fraction(v[j] + eps * u[j])[0]), int(sp.fraction(v[j] + eps * u[j])[1]))
                for j in range(d)
            ]
            sv = sign_vector(x)
            if sv is not None:
                seen.add(sv)
    rng = random.Random(0)
    for _ in range(400):  # far away: regions without vertices (and the unbounded ones)
        x = [Fraction(rng.randint(-(10**9), 10**9)) for _ in range(d)]
        sv = sign_vector(x)
        if sv is not None:
            seen.add(sv)
    # facets = pairs of regions whose sign vectors differ in exactly one hyperplane
    facets = sum(
        1 for a in seen for i in range(n) if not a[i] and tuple(not v if k == i else v for k, v in enumerate(a)) in seen
    )
    return len(seen), facets


def main():
    ok = True
    t = sp.Symbol("t")
    # (1) regions: Zaslavsky on the truncated Boolean lattice
    good = True
    for d in range(1, 8):
        for n in range(d, 15):
            r = (-1) ** d * chi_boolean(n, d, t).subs(t, -1)
            good &= sp.simplify(r - regions_formula(n, d)) == 0
    print(
        "(1) Zaslavsky r = (-1)^d chi(-1) on the truncated Boolean lattice equals sum C(n, k): "
        f"{'verified' if good else 'FAILED'}"
    )
    ok &= good
    # (2) facets: n restrictions, each n - 1 hyperplanes in general position in dimension d - 1
    good = True
    for d in range(1, 8):
        for n in range(d, 15):
            good &= n * regions_formula(n - 1, d - 1) == facets_formula(n, d)
    print(f"(2) facets n * r(n - 1, d - 1) equal n * sum_(k<d) C(n - 1, k): {'verified' if good else 'FAILED'}")
    ok &= good
    # (3) brute force on random instances
    rng = random.Random(1)
    cases = 0
    good = True
    for d, n in ((2, 3), (2, 4), (2, 5), (3, 4), (3, 5)):
        tries = 0
        while tries < 3:
            N = [[rng.randint(-9, 9) for _ in range(d)] for _ in range(n)]
            b = [rng.randint(-9, 9) for _ in range(n)]
            if not general(N, b):
                continue
            tries += 1
            cases += 1
            r, f = brute_regions_and_facets(N, b)
            if (r, f) != (regions_formula(n, d), facets_formula(n, d)):
                good = False
                print(
                    f"    d={d} n={n}: brute force {r} regions, {f} facets; "
                    f"formula {regions_formula(n, d)}, {facets_formula(n, d)}"
                )
    print(
        f"(3) brute force on {cases} random arrangements in general position (R^2, R^3): "
        f"{'verified' if good else 'FAILED'}"
    )
    ok &= good
    print("general position counts:", "all verified" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
