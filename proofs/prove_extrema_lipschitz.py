r"""Extrema are region LPs with rational duals; the Lipschitz constant is the largest dual norm of a gradient.

Theorem (words). Let f be continuous and piecewise affine, affine with gradient g_R on the closure of
each activation region R, and let D be a convex polytope, D = {x : M x <= q}.

(E) The closures cl(R) cap D cover D, so max_D f = max_R max {g_R . x + o_R : x in cl(R) cap D}; each
    inner problem is an LP over a polytope with rational data, attained at a rational vertex x*, and
    strong duality gives y >= 0 with M_R^T y = g_R and q_R . y = g_R . x* + ... (the optimal value):
    a rational certificate anyone can check by arithmetic.
(L) For a norm ||.||_p with dual norm ||.||_q (1/p + 1/q = 1), the Lipschitz constant of f on D is
    L = max over regions R meeting the interior of D of ||g_R||_q:
    upper bound: the segment [x, y] in D crosses finitely many hyperplanes, so it splits into
    collinear pieces [x_{j-1}, x_j] each in one cl(R_j); f(y) - f(x) = sum_j g_{R_j} . (x_j - x_{j-1})
    <= sum_j ||g_{R_j}||_q ||x_j - x_{j-1}||_p <= L ||y - x||_p, the last step because the pieces are
    positive multiples of y - x, so their norms add up to ||y - x||_p (Hoelder, then homogeneity);
    lower bound: at an interior point of R the direction v with ||v||_p = 1 and g_R . v = ||g_R||_q
    (p = inf: v = sign(g_R); p = 1: v = sign(g_j) e_j at the largest |g_j|; p = 2: g_R / ||g_R||_2)
    gives the difference quotient ||g_R||_q for small steps. For p = inf and p = 1 the value is
    rational; for p = 2 its square is.

Theorem (LaTeX).
    $$\max_D f = \max_R \max_{x\in\overline R\cap D} (g_R\cdot x+o_R),\qquad
      \mathrm{Lip}_p(f; D) = \max_{R\cap \mathrm{int} D\neq\emptyset} \|g_R\|_q,\quad \tfrac1p+\tfrac1q=1.$$

Method. Symbolic (sympy): Hoelder's equality directions for a gradient with symbolic magnitudes and
every sign pattern in R^3 (p = inf, 1, 2), and the additivity of ||t u||_p over t >= 0. Exact
checks on worked example 3 of the theory (slopes -6, -7, 0): the largest difference quotient over
every pair of a rational grid on [-1, 1] is 7, attained; and an LP of example 4 on a region of
[-1, 1]^2, solved by exact vertex enumeration, with a rational dual certificate (y >= 0,
M^T y = g, q . y = the optimum). Exits 1 on failure.
"""

import itertools
import sys
from fractions import Fraction

import sympy as sp


def word(ok: bool) -> str:
    return "verified" if ok else "FAILED"


def hoelder() -> bool:
    ok = True
    mags = sp.symbols("m1:4", positive=True)
    for signs in itertools.product((1, -1), repeat=3):
        g = sp.Matrix([s * m for s, m in zip(signs, mags, strict=True)])
        norm1 = sum(mags)
        norm2 = sp.sqrt(sum(m**2 for m in mags))
        v_inf = sp.Matrix(list(signs))  # ||v||_inf = 1, g . v = ||g||_1
        ok &= sp.simplify(g.dot(v_inf) - norm1) == 0 and max(abs(s) for s in signs) == 1
        v1 = sp.Matrix([signs[0], 0, 0])  # at the largest |g_j| (take j = 1 under m1 >= m2, m3)
        ok &= sp.simplify(g.dot(v1) - mags[0]) == 0
        v2 = g / norm2
        ok &= sp.simplify(g.dot(v2) - norm2) == 0 and sp.simplify(v2.norm() - 1) == 0
    t1, t2 = sp.symbols("t1 t2", nonnegative=True)
    u = sp.Matrix(sp.symbols("u1:4", real=True))
    for p in (1, 2):
        ok &= sp.simplify((t1 * u).norm(p) + (t2 * u).norm(p) - ((t1 + t2) * u).norm(p)) == 0
    # p = inf: max_j t |u_j| = t max_j |u_j| for t >= 0 (sympy keeps Max unevaluated, so check the
    # identity exactly on every vector and scale of a rational grid)
    grid = [Fraction(k, 3) for k in range(-4, 5)]
    for vec in itertools.product(grid, repeat=3):
        for s1, s2 in itertools.product(grid[4:], repeat=2):
            lhs = max(abs(s1 * e) for e in vec) + max(abs(s2 * e) for e in vec)
            ok &= lhs == max(abs((s1 + s2) * e) for e in vec)
    print(f"(L) Hoelder equality directions (p = inf, 1, 2) and additivity along a segment: {word(ok)}")
    return bool(ok)


def relu(v: Fraction) -> Fraction:
    return v if v > 0 else Fraction(0)


def example_3(x: Fraction) -> Fraction:
    w, b, a = (1, -2, Fraction(1, 2)), (Fraction(-1, 2), 1, Fraction(1, 4)), (1, 3, -2)
    return sum((ai * relu(wi * x + bi) for wi, bi, ai in zip(w, b, a, strict=True)), Fraction(1, 10))


def lipschitz_example() -> bool:
    grid = [Fraction(i, 12) for i in range(-12, 13)]
    quotients = [abs(example_3(y) - example_3(x)) / abs(y - x) for x, y in itertools.combinations(grid, 2)]
    best = max(quotients)
    ok = best == 7
    print(f"(L) example 3: largest difference quotient on a grid of [-1, 1] = {best} = max |slope| = 7: {word(ok)}")
    return ok


def lp_example() -> bool:
    F = Fraction
    # example 4, output a . relu(W x + b) on the region where units 1 and 3 are active and 2 inactive
    W = [(F(1), F(2)), (F(-1), F(1)), (F(1, 2), F(-3))]
    b = [F(3, 10), F(-1, 5), F(1)]
    a = [F(2), F(-1), F(7, 10)]
    pattern = (1, 0, 1)
    g = [sum((ai * wi[j] for ai, wi, on in zip(a, W, pattern, strict=True) if on), F(0)) for j in range(2)]
    # constraints M x <= q: region sides (active: -(w x + b) <= 0; inactive: w x + b <= 0) and the box
    M: list[tuple[Fraction, Fraction]] = []
    q: list[Fraction] = []
    for wi, bi, on in zip(W, b, pattern, strict=True):
        s = -1 if on else 1
        M.append((s * wi[0], s * wi[1]))
        q.append(-s * bi)
    for j in range(2):
        for s in (1, -1):
            row = [F(0), F(0)]
            row[j] = F(s)
            M.append((row[0], row[1]))
            q.append(F(1))
    best: tuple[Fraction, tuple[Fraction, Fraction], tuple[int, int]] | None = None
    for i, k in itertools.combinations(range(len(M)), 2):
        det = M[i][0] * M[k][1] - M[i][1] * M[k][0]
        if det == 0:
            continue
        x = ((q[i] * M[k][1] - M[i][1] * q[k]) / det, (M[i][0] * q[k] - q[i] * M[k][0]) / det)
        if all(r[0] * x[0] + r[1] * x[1] <= qi for r, qi in zip(M, q, strict=True)):
            value = g[0] * x[0] + g[1] * x[1]
            if best is None or value > best[0]:
                best = (value, x, (i, k))
    assert best is not None
    value, x, (i, k) = best
    # dual certificate on the two active rows: M_i^T y_i + M_k^T y_k = g, y >= 0
    det = M[i][0] * M[k][1] - M[i][1] * M[k][0]
    yi = (g[0] * M[k][1] - g[1] * M[k][0]) / det
    yk = (M[i][0] * g[1] - M[i][1] * g[0]) / det
    ok = yi >= 0 and yk >= 0
    ok &= all(yi * M[i][j] + yk * M[k][j] == g[j] for j in range(2))
    ok &= yi * q[i] + yk * q[k] == value  # weak duality bound g . x <= q . y is attained
    print(
        f"(E) example 4 region {pattern} on [-1, 1]^2: max g . x = {value} at {x}, dual y = ({yi}, {yk}) >= 0 "
        f"with M^T y = g and q . y = max: {word(ok)}"
    )
    return bool(ok)


def main() -> int:
    ok = hoelder()
    ok &= lipschitz_example()
    ok &= lp_example()
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
