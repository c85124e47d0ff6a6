r"""Two 1-D nets compute the same function iff their spline forms agree.

Theorem (words). For a continuous piecewise-linear f on R with break points t_1 < ... < t_k
(knots with non-zero merged jump J_j), leftmost slope L and value v = f(t_1), the spline form
(t, J, L, v) determines f by
    f(x) = v + L (x - t_1) + sum_j J_j relu(x - t_j),
and f determines its spline form: J_j = f'(t_j+) - f'(t_j-) and, for u smaller than the gap to
the neighbouring knots, f(t_j + u) + f(t_j - u) - 2 f(t_j) = J_j u, which is non-zero exactly at
break points. Hence two networks are equal on R iff their spline forms (merged knots, zero jumps
dropped) agree; on [alpha, beta] the same holds for the forms restricted to the domain, with
(t, J) the break points inside, L the slope just right of alpha and v = f(alpha).

Theorem (LaTeX).
    $$f = g \iff (t^f, J^f, L^f, v^f) = (t^g, J^g, L^g, v^g),\qquad
    f(x) = v + L(x - t_1) + \sum_{j=1}^{k} J_j\,\mathrm{relu}(x - t_j).$$

Method. Symbolic: a net with 3 units (symbolic a_i, |w_i|, all 8 orientation patterns) at
three symbolic ordered knots; its spline data are computed symbolically (J_i = a_i |w_i|,
L = sum over left-facing a_i w_i, v from the net) and the reconstruction formula is checked
equal to the net on each of the 4 intervals; the second difference at each knot is checked to
equal J_j u. The domain version: the same formula from alpha with v = f(alpha) on each interval
inside [alpha, beta]. Exits 1 on failure.
"""

import itertools
import sys

import sympy as sp


def relu(t):
    return sp.Max(0, t)


def main():
    ok = True
    a = sp.symbols("a1:4", real=True)
    p = sp.symbols("p1:4", positive=True)
    t1 = sp.Symbol("t1", real=True)
    u, v = sp.symbols("u v", positive=True)
    g1, g2 = sp.symbols("g1 g2", positive=True)
    for orient in itertools.product((1, -1), repeat=3):
        good_formula = True
        good_jump = True
        for interval in range(4):
            gaps = [g1, g2]
            if interval in (1, 2):
                gaps[interval - 1] = u + v
            t = [t1, t1 + gaps[0], t1 + gaps[0] + gaps[1]]
            x = t[0] - u if interval == 0 else (t[interval - 1] + u)

            def net(z, t=t, orient=orient):
                return sum(a[i] * relu(orient[i] * p[i] * (z - t[i])) for i in range(3)) + sp.Symbol("c")

            J = [a[i] * p[i] for i in range(3)]
            L = sum(a[i] * orient[i] * p[i] for i in range(3) if orient[i] == -1)
            value = net(t[0])
            formula = value + L * (x - t[0]) + sum(J[j] * relu(x - t[j]) for j in range(3))
            good_formula &= sp.simplify(net(x) - formula) == 0
        for j in range(3):  # second difference at each knot, u below the gaps
            gaps = [g1 + u, g2 + u]  # gaps larger than u
            t = [t1, t1 + gaps[0], t1 + gaps[0] + gaps[1]]
            f = sum(a[i] * relu(orient[i] * p[i] * (sp.Symbol("z") - t[i])) for i in range(3))
            second = f.subs("z", t[j] + u) + f.subs("z", t[j] - u) - 2 * f.subs("z", t[j])
            good_jump &= sp.simplify(second - a[j] * p[j] * u) == 0
        print(
            f"orientations {orient}: reconstruction from (t, J, L, v) equals the net on all 4 intervals: "
            f"{'verified' if good_formula else 'FAILED'}; second difference = J u at each knot: "
            f"{'verified' if good_jump else 'FAILED'}"
        )
        ok &= good_formula and good_jump
    # domain version: knots t1 < t2 inside [alpha, beta], one unit outside (left-facing, knot > beta)
    alpha = sp.Symbol("alpha", real=True)
    e1, e2, e3, e4 = sp.symbols("e1:5", positive=True)
    good = True
    for piece in range(3):
        gaps = [e1, e2, e3]
        gaps[piece] = u + v
        t_in = [alpha + gaps[0], alpha + gaps[0] + gaps[1]]
        beta = t_in[1] + gaps[2]
        outside = beta + e4
        x = alpha + u if piece == 0 else t_in[piece - 1] + u

        def net(z, t_in=t_in, outside=outside):
            return (
                a[0] * relu(p[0] * (z - t_in[0]))
                + a[1] * relu(-p[1] * (z - t_in[1]))
                + a[2] * relu(-p[2] * (z - outside))
            )

        L = -a[1] * p[1] - a[2] * p[2]  # slope just right of alpha: both left-facing units active
        formula = net(alpha) + L * (x - alpha) + a[0] * p[0] * relu(x - t_in[0]) + a[1] * p[1] * relu(x - t_in[1])
        good &= sp.simplify(net(x) - formula) == 0
    print(
        f"domain [alpha, beta]: reconstruction from alpha with an affine-acting unit outside: "
        f"{'verified' if good else 'FAILED'}"
    )
    ok &= good
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
