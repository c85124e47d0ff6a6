r"""A 1-D two-layer ReLU net has at most (distinct knots with non-zero jump) + 1 linear pieces.

Theorem (words). Let f(x) = sum_i a_i relu(w_i x + b_i) + c with x real. Between two
consecutive distinct knots (and left of the first, right of the last) every unit is affine,
so f is affine there; a width-n net with k distinct knots therefore has at most k + 1 <= n + 1
linear pieces. Two neighbouring pieces merge exactly when the summed jump at the knot between
them is zero, so the count is at most (distinct knots with non-zero jump) + 1.

Theorem (LaTeX).
    $$\#\{\text{linear pieces of } f\} \;\le\; \#\{t : J(t) \ne 0\} + 1,\qquad
    J(t) = \sum_{i:\,-b_i/w_i = t} a_i |w_i|.$$

Method. (1) Lemma, symbolic: relu(s (x - t)) is affine on each side of t, for s = +-1.
(2) Symbolic nets with 3 units and symbolic a_i, |w_i|, assigned to k = 1, 2, 3 distinct
symbolic knots in every way and with every orientation: on each of the k + 1 open intervals
(x = tau_j + u, tau_{j+1} - x = v, with u, v > 0) f has no Max left and is a polynomial of
degree <= 1 in u. (3) Merging: across a knot whose summed jump is zero the two affine
pieces coincide (the slope difference equals the jump). Exits 1 on failure.
"""

import itertools
import sys

import sympy as sp


def relu(t):
    return sp.Max(0, t)


def main():
    ok = True
    t = sp.Symbol("t", real=True)
    u, v = sp.symbols("u v", positive=True)
    for s in (1, -1):
        for side, x in (("right", t + u), ("left", t - u)):
            expr = relu(s * (x - t))
            good = not expr.has(sp.Max) and sp.degree(sp.expand(expr), u) <= 1
            print(f"(1) relu({s:+d}(x - t)) is affine {side} of t: {'verified' if good else 'FAILED'}")
            ok &= good
    a = sp.symbols("a1:4", real=True)
    p = sp.symbols("p1:4", positive=True)
    tau0 = sp.Symbol("tau0", real=True)
    for k in (1, 2, 3):
        gaps = sp.symbols(f"g1:{k}", positive=True)
        count = 0
        good = True
        for assignment in itertools.product(range(k), repeat=3):
            for orient in itertools.product((1, -1), repeat=3):
                count += 1
                for interval in range(k + 1):
                    # substitute the gap of this interval by u + v so both ends are decidable
                    g = list(gaps)
                    if 0 < interval < k:
                        g[interval - 1] = u + v
                    tau = [tau0]
                    for step in g:
                        tau.append(tau[-1] + step)
                    if interval == 0:
                        x = tau[0] - u
                    elif interval == k:
                        x = tau[-1] + u
                    else:
                        x = tau[interval - 1] + u
                    f = sum(a[i] * relu(orient[i] * p[i] * (x - tau[assignment[i]])) for i in range(3))
                    if f.has(sp.Max) or sp.degree(sp.expand(f), u) > 1:
                        good = False
        print(
            f"(2) k = {k} distinct knots: f is affine on each of the {k + 1} intervals "
            f"for all {count} nets (3 units): {'verified' if good else 'FAILED'}"
        )
        ok &= good
    # (3) merging across a zero-jump knot: slope right - slope left = jump
    x = sp.Symbol("x", real=True)
    f = a[0] * relu(p[0] * (x - tau0)) + a[1] * relu(-p[1] * (x - tau0))
    right = sp.diff(f.subs(x, tau0 + u), u)
    left = -sp.diff(f.subs(x, tau0 - u), u)
    good = sp.simplify(right - left - (a[0] * p[0] + a[1] * p[1])) == 0
    print(
        f"(3) slope difference across a shared knot = summed jump (pieces merge iff it is 0): "
        f"{'verified' if good else 'FAILED'}"
    )
    ok &= good
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
