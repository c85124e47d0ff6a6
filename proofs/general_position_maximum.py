r"""Only arrangements in general position reach Buck's region count (the sweep's count certificate).

Theorem (words). Let A be n distinct hyperplanes in R^d and Phi_d(n) = sum_{k=0}^{d} C(n, k).
Then r(A) <= Phi_d(n), with equality if and only if A is in general position (every k <= d of
the hyperplanes meet in a (d - k)-flat and no d + 1 share a point). So a set of Phi_d(n) regions
with distinct, exactly certified sign vectors proves at once that the arrangement is in general
position and that these are all its regions: reluexact.regions.sweep and the distributed sweep
need no separate general-position check once the count is reached.

Theorem (LaTeX).
    $$r(\mathcal A) \le \Phi_d(n) = \sum_{k=0}^{d}\binom{n}{k},\qquad
      r(\mathcal A) = \Phi_d(n) \iff \mathcal A \text{ in general position}.$$

Proof sketch. Deletion-restriction: r(A) = r(A - H) + r(A^H) for any H in A, where A - H has
n - 1 hyperplanes in R^d and the restriction A^H has at most n - 1 distinct hyperplanes in
H = R^(d-1) (fewer when another hyperplane is parallel to H or two meet H in the same flat).
By induction r(A) <= Phi_d(n - 1) + Phi_{d-1}(n - 1) = Phi_d(n) (Pascal), and equality forces
equality in both terms: A - H in general position, and A^H with n - 1 distinct hyperplanes in
general position in H, for every H. Then every k <= d hyperplanes containing H meet in a
(d - k)-flat and no d + 1 share a point, for every H: A is in general position. The base cases
are d = 0 (one region) and n = 0 (one region).

Method. (1) Symbolic: Pascal's rule Phi_d(n) = Phi_d(n - 1) + Phi_{d-1}(n - 1) with sympy for
symbolic n at d = 1..8 (as polynomials in n). (2) Brute force, independently of reluexact: random
integer arrangements in R^1, R^2 and R^3 with small coefficients (so that parallel, concurrent
and degenerate hyperplanes are frequent; duplicates removed), each counted exactly by
Zaslavsky's theorem r(A) = sum over the flats X of the intersection poset of |mu(0, X)| (flats
computed as exact sympy row-reduced systems, the Mobius function by its recursion; this oracle is
first checked on arrangements counted by hand), and checked:
r(A) <= Phi_d(n) always, r(A) = Phi_d(n) exactly when the exact minors say general position, and
both cases occur. Exits 1 on failure.
"""

import itertools
import math
import random
import sys

import sympy as sp


def phi(n, d):
    return sum(sp.binomial(n, k) for k in range(d + 1))


def flat_key(rows):
    """The flat {x : N x + b = 0} of the given (normal, offset) rows, as a canonical exact key, or None if empty."""
    d = len(rows[0][0])
    M = sp.Matrix([[*N, -b] for N, b in rows])
    R, pivots = M.rref()
    if d in pivots:  # a pivot in the constant column: inconsistent
        return None
    return tuple(tuple(R.row(i)) for i in range(len(pivots)))


def zaslavsky_regions(planes):
    """r(A) = sum_X |mu(0, X)| over the intersection poset (R^d itself included), exactly."""
    d = len(planes[0][0])
    flats = {(): frozenset()}  # key of R^d: no equations; value: the hyperplanes containing the flat
    keys = {}
    for k in range(1, min(len(planes), d) + 1):
        for S in itertools.combinations(range(len(planes)), k):
            key = flat_key([planes[i] for i in S])
            if key is not None:
                keys.setdefault(key, set()).update(S)
    for key, S in keys.items():
        # every hyperplane containing the flat (not only those of the subsets tried)
        rows = [planes[i] for i in S]
        contained = {i for i in range(len(planes)) if flat_key([*rows, planes[i]]) == key}
        flats[key] = frozenset(contained)
    # order: X <= Y (Y below X in the poset) iff the hyperplanes of X are a subset of Y's
    order = sorted(flats, key=lambda f: len(flats[f]))
    mu = {}
    for f in order:
        if not flats[f]:
            mu[f] = 1
            continue
        mu[f] = -sum(mu[g] for g in order if g != f and flats[g] < flats[f])
    return sum(abs(v) for v in mu.values())


def general(planes):
    d = len(planes[0][0])
    n = len(planes)
    for S in itertools.combinations(range(n), min(d, n)):
        if sp.Matrix([planes[i][0] for i in S]).rank() < len(S):
            return False
    for S in itertools.combinations(range(n), d + 1):
        if sp.Matrix([[*planes[i][0], planes[i][1]] for i in S]).det() == 0:
            return False
    return True


def distinct(planes):
    """Primitive, sign-normalised, duplicates removed (distinct hyperplanes)."""
    out = {}
    for N, b in planes:
        if not any(N):
            continue
        g = math.gcd(*N, b)
        row = tuple(v // g for v in (*N, b))
        first = next(v for v in row if v)
        if first < 0:
            row = tuple(-v for v in row)
        out[row] = (row[:-1], row[-1])
    return list(out.values())


def main():
    ok = True
    n = sp.Symbol("n")
    good = all(
        sp.expand(
            sum(sp.binomial(n, k) for k in range(d + 1))
            - sum(sp.binomial(n - 1, k) for k in range(d + 1))
            - sum(sp.binomial(n - 1, k) for k in range(d))
        )
        .rewrite(sp.factorial)
        .simplify()
        == 0
        for d in range(1, 9)
    )
    verdict = "verified" if good else "FAILED"
    print(f"(1) Pascal: Phi_d(n) = Phi_d(n - 1) + Phi_(d-1)(n - 1) for symbolic n, d = 1..8: {verdict}")
    ok &= good
    # the oracle on arrangements whose counts are known by hand
    known = [
        ([((1, 0), 0), ((0, 1), 0), ((1, 1), 0)], 6),  # three lines through a point (Phi = 7)
        ([((1, 0), 0), ((1, 0), -1), ((0, 1), 0)], 6),  # two parallel lines and a transversal
        ([((1, 0), 0), ((1, 0), -1)], 3),  # two parallel lines (Phi = 4)
        ([((1, 0), 0), ((0, 1), 0), ((1, 1), -1)], 7),  # three lines in general position
        ([((1, 0, 0), 0), ((0, 1, 0), 0), ((0, 0, 1), 0), ((1, 1, 1), 0)], 14),  # four planes through 0 (Phi = 15)
        ([((1, 0, 0), 0), ((0, 1, 0), 0), ((0, 0, 1), 0)], 8),  # the coordinate planes
    ]
    good = all(zaslavsky_regions(planes) == want for planes, want in known)
    print(f"(2) the Zaslavsky oracle on {len(known)} arrangements counted by hand: {'verified' if good else 'FAILED'}")
    ok &= good
    rng = random.Random(3)
    counts = {"general": 0, "degenerate": 0}
    good = True
    for d, sizes, coeff in ((1, (2, 3, 4), 3), (2, (3, 4, 5), 2), (3, (4, 5), 2)):
        for size in sizes:
            for _ in range(12):
                planes = distinct(
                    [
                        (tuple(rng.randint(-coeff, coeff) for _ in range(d)), rng.randint(-coeff, coeff))
                        for _ in range(size)
                    ]
                )
                if len(planes) < d:
                    continue
                r = zaslavsky_regions(planes)
                bound = phi(len(planes), d)
                is_general = general(planes)
                counts["general" if is_general else "degenerate"] += 1
                if r > bound or (r == bound) != is_general:
                    good = False
                    print(f"    d={d} planes={planes}: r = {r}, Phi = {bound}, general position: {is_general}")
    both = counts["general"] > 0 and counts["degenerate"] > 0
    print(
        f"(3) Zaslavsky counts of {counts['general']} arrangements in general position and {counts['degenerate']} "
        f"degenerate ones (R^1..R^3): r <= Phi_d(n), with equality exactly in general position: "
        f"{'verified' if good and both else 'FAILED'}"
    )
    ok &= good and both
    print("general position maximum:", "all verified" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
