r"""The two-sided identity, and every 1-D net as a one-sided spline plus an affine function.

Theorem (words). (1) For all real x and t, relu(t - x) = relu(x - t) - (x - t): a left-facing
unit is a right-facing unit at the same knot plus an affine function. (2) Hence for w < 0,
a relu(w x + b) = a|w| relu(x - t) - a|w| (x - t) with t = -b/w, so every 1-D two-layer ReLU
network equals a one-sided spline plus an affine function, exactly. (3) For a spline with
interior knots x_1, x_2 and any orientations s_1, s_2 in {+1, -1}, the two-sided expansion
sum_j J_j relu(s_j (x - x_j)) + (m_1 + sum_{s_j = -1} J_j) x + c equals the one-sided one,
so every orientation layout (all right, all left, away from or towards a centre) is a member
of the same solution family.

Theorem (LaTeX).
    $$\mathrm{relu}(t - x) = \mathrm{relu}(x - t) - (x - t),\qquad
    a\,\mathrm{relu}(wx + b) = a|w|\,\mathrm{relu}(x - t) - a|w|(x - t)\quad (w < 0,\ t = -b/w).$$

Method. Symbolic case split x = t + u and x = t - u with u > 0 (and x = t), which resolves
every Max; for (3), x ranges over the three pieces as in prove_one_sided_basis.py. Exits 1 on
failure.
"""

import itertools
import sys

import sympy as sp


def relu(t):
    return sp.Max(0, t)


def main():
    ok = True
    t = sp.Symbol("t", real=True)
    u = sp.Symbol("u", positive=True)
    for label, x in (("x > t", t + u), ("x < t", t - u), ("x = t", t)):
        lhs, rhs = relu(t - x), relu(x - t) - (x - t)
        good = sp.simplify(lhs - rhs) == 0 and not (lhs - rhs).has(sp.Max)
        print(f"(1) relu(t - x) = relu(x - t) - (x - t) for {label}: {'verified' if good else 'FAILED'}")
        ok &= good
    a, b = sp.symbols("a b", real=True)
    p = sp.Symbol("p", positive=True)  # w = -p
    tt = b / p  # knot -b/w
    for label, x in (("x > t", tt + u), ("x < t", tt - u)):
        lhs = a * relu(-p * x + b)
        rhs = a * p * relu(x - tt) - a * p * (x - tt)
        good = sp.simplify(lhs - rhs) == 0
        print(
            f"(2) a relu(w x + b) = a|w| relu(x - t) - a|w|(x - t), w < 0, {label}: {'verified' if good else 'FAILED'}"
        )
        ok &= good
    # (3) two-sided layouts for a spline with knots x0 < x1 < x2 < x3
    x0 = sp.Symbol("x0", real=True)
    y = sp.symbols("y0:4", real=True)
    v = sp.Symbol("v", positive=True)
    for orient in itertools.product((1, -1), repeat=2):
        good = True
        for k in range(1, 4):
            d = list(sp.symbols("d1:4", positive=True))
            d[k - 1] = u + v
            xs = [x0, x0 + d[0], x0 + d[0] + d[1], x0 + d[0] + d[1] + d[2]]
            m = [(y[j] - y[j - 1]) / (xs[j] - xs[j - 1]) for j in range(1, 4)]
            J = [m[1] - m[0], m[2] - m[1]]
            slope = m[0] + sum(J[j] for j in range(2) if orient[j] == -1)
            terms_at_x0 = sum(J[j] * relu(orient[j] * (x0 - xs[j + 1])) for j in range(2))
            intercept = y[0] - terms_at_x0 - slope * x0
            x = xs[k - 1] + u
            expansion = sum(J[j] * relu(orient[j] * (x - xs[j + 1])) for j in range(2)) + slope * x + intercept
            spline = y[k - 1] + m[k - 1] * u
            good &= sp.simplify(expansion - spline) == 0
        print(
            f"(3) two-sided expansion with orientations {orient} equals the spline on all pieces: "
            f"{'verified' if good else 'FAILED'}"
        )
        ok &= good
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
