r"""The robustness radius is a minimum of per-region convex problems, found completely by best-first search.

Theorem (words). Let f be a two-layer ReLU net, x0 a point with prediction s = sign f(x0) (m = 1),
D a convex polytope, ||.|| a norm (p = inf, 1 or 2). Then

(1) the points of D that change the prediction form S = {x in D : s f(x) <= 0}
    = union over regions R of cl(R) cap D cap {s g_R <= 0} (f = g_R on cl(R) by continuity), a finite
    union of closed polytopes, so rho(x0) = min_R min {||x - x0|| : x in cl(R) cap D, s g_R(x) <= 0}
    is attained (for argmax, s g_R <= 0 becomes max_{l != k} g_l - g_k >= 0, again a union of
    polytopes per region);
(2) for p = inf and p = 1 each inner problem is an LP (||x - x0||_inf <= t iff -t <= x_j - x0_j <= t);
    for p = 2 the optimum is the projection of x0 onto the affine hull {M x = q} of the face of the
    polytope it lies in, x* = x0 - M^T (M M^T)^{-1} (M x0 - q), rational when the data are;
(3) completeness of the best-first search: the open ball B of radius r about x0 is convex, so the
    segment from x0 to any x in B stays in B (||x0 + tau (x - x0) - x0|| = tau ||x - x0||); a generic
    segment crosses the hyperplanes one at a time, so the regions it meets are linked through facets
    that meet B, each at distance < r. Expanding regions across facets in order of their distance
    to x0 and stopping when the next facet is at distance >= the best radius found therefore visits
    every region that meets the ball of that radius: no closer change of prediction is missed.
In one dimension the radius is the distance to the nearest zero of f (sign change or touching).

Theorem (LaTeX).
    $$\rho_p(x_0) = \min_R \min\{\|x-x_0\|_p : x\in \overline R\cap D,\ s\,g_R(x)\le 0\},\qquad
      x^* = x_0 - M^\top (M M^\top)^{-1}(M x_0 - q)\ \ (p = 2).$$

Method. (1) exact on worked example 3 (1-D): the minimum over its three regions of the per-region
distances equals the distance to the nearest root found by sympy's solver on the Piecewise form.
(2) symbolic (sympy): for a generic 2 x 3 constraint matrix the projection formula satisfies
M x* = q and x* - x0 = M^T lambda (the KKT conditions of the projection). (3) symbolic homogeneity of
the three norms, and exact on worked example 4 (2-D): for every segment from x0 = 0 to a rational
grid point of the open inf-ball of radius 1, consecutive patterns along the segment differ exactly
in the units whose hyperplanes are crossed there, at crossing points inside the ball. Exits 1 on
failure.
"""

import itertools
import sys
from fractions import Fraction

import sympy as sp


def word(ok: bool) -> str:
    return "verified" if ok else "FAILED"


def one_d() -> bool:
    x = sp.Symbol("x", real=True)
    w, b, a = (1, -2, sp.Rational(1, 2)), (sp.Rational(-1, 2), 1, sp.Rational(1, 4)), (1, 3, -2)
    f = sum((ai * sp.Max(0, wi * x + bi) for wi, bi, ai in zip(w, b, a, strict=True)), sp.Rational(1, 10))
    x0 = sp.Integer(0)
    sign = sp.sign(f.subs(x, x0))
    roots = sp.solve(sp.Eq(f.rewrite(sp.Piecewise), 0), x)
    nearest = min(abs(r - x0) for r in roots)
    # per-region minima: regions split at the knots -1/2 and 1/2, map g on each from its midpoint
    knots = [sp.Rational(-1, 2), sp.Rational(1, 2)]
    pieces = [(-sp.oo, knots[0]), (knots[0], knots[1]), (knots[1], sp.oo)]
    best = sp.oo
    for lo, hi in pieces:
        mid = (lo + hi) / 2 if lo.is_finite and hi.is_finite else (hi - 1 if lo == -sp.oo else lo + 1)
        slope = sp.diff(f, x).subs(x, mid)
        g = f.subs(x, mid) + slope * (x - mid)
        feasible = sp.solve_univariate_inequality(sign * g <= 0, x, relational=False).intersect(sp.Interval(lo, hi))
        if feasible != sp.S.EmptySet:
            best = sp.Min(best, sp.Min(*[abs(p - x0) for p in (feasible.inf, feasible.sup) if p.is_finite]))
            if feasible.contains(x0):
                best = sp.Integer(0)
    ok = sp.simplify(best - nearest) == 0 and nearest == sp.Rational(13, 35)
    print(f"(1) example 3 at x0 = 0: min over regions = {best}, nearest root distance = {nearest}: {word(ok)}")
    return bool(ok)


def projection() -> bool:
    M = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"m{i}{j}", real=True))
    q = sp.Matrix(2, 1, lambda i, _: sp.Symbol(f"q{i}", real=True))
    x0 = sp.Matrix(3, 1, lambda i, _: sp.Symbol(f"x{i}", real=True))
    gram = M * M.T
    lam = -gram.inv() * (M * x0 - q)
    xs = x0 + M.T * lam
    ok = all(sp.simplify(e) == 0 for e in M * xs - q)
    # rationality: with rational data every step is a rational operation
    Mr = sp.Matrix([[1, 2, -1], [sp.Rational(1, 3), 0, 4]])
    qr = sp.Matrix([sp.Rational(1, 2), -2])
    x0r = sp.Matrix([1, -1, sp.Rational(2, 7)])
    xr = x0r - Mr.T * (Mr * Mr.T).inv() * (Mr * x0r - qr)
    ok &= all(e.is_Rational for e in xr) and Mr * xr == qr
    print(f"(2) p = 2: projection onto {{M x = q}} meets the KKT conditions and is rational ({list(xr)}): {word(ok)}")
    return bool(ok)


def completeness() -> bool:
    tau = sp.Symbol("tau", nonnegative=True)
    v = sp.Matrix(sp.symbols("v1:4", real=True))
    ok = all(sp.simplify((tau * v).norm(p) - tau * v.norm(p)) == 0 for p in (1, 2))
    F = Fraction
    W = [(F(1), F(2)), (F(-1), F(1)), (F(1, 2), F(-3))]
    b = [F(3, 10), F(-1, 5), F(1)]
    x0 = (F(0), F(0))

    def pattern(x: tuple[Fraction, Fraction]) -> tuple[int, ...]:
        return tuple(int(wi[0] * x[0] + wi[1] * x[1] + bi > 0) for wi, bi in zip(W, b, strict=True))

    grid = [F(k, 5) for k in range(-4, 5)]
    segments = 0
    for end in itertools.product(grid, repeat=2):
        direction = (end[0] - x0[0], end[1] - x0[1])
        crossings: dict[Fraction, set[int]] = {}
        for i, (wi, bi) in enumerate(zip(W, b, strict=True)):
            rate = wi[0] * direction[0] + wi[1] * direction[1]
            if rate != 0:
                t = -(wi[0] * x0[0] + wi[1] * x0[1] + bi) / rate
                if 0 < t < 1:
                    crossings.setdefault(t, set()).add(i)
        cuts = sorted(crossings)
        stops = [F(0), *cuts, F(1)]
        mids = [(lo + hi) / 2 for lo, hi in itertools.pairwise(stops)]
        pats = [pattern((x0[0] + m * direction[0], x0[1] + m * direction[1])) for m in mids]
        for t, before, after in zip(cuts, pats[:-1], pats[1:], strict=True):
            flipped = {i for i in range(len(W)) if before[i] != after[i]}
            point = (x0[0] + t * direction[0], x0[1] + t * direction[1])
            ok &= flipped == crossings[t] and max(abs(point[0] - x0[0]), abs(point[1] - x0[1])) < 1
        segments += 1
    print(
        f"(3) norms are homogeneous; {segments} segments from x0 in the inf-ball of example 4 cross facets "
        f"one hyperplane group at a time, inside the ball: {word(ok)}"
    )
    return bool(ok)


def main() -> int:
    ok = one_d()
    ok &= projection()
    ok &= completeness()
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
