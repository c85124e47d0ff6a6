r"""Minimal width of a 1-D ReLU net: k or k + 1 for k break points (subset-sum), 2 for affine.

Theorem (words). Let f: R -> R^m be continuous piecewise linear with k break points
t_1 < ... < t_k, jumps J_1, ..., J_k in R^m \ {0} and far-left slope L.
(a) Every two-layer ReLU net computing f has width >= k: only a unit with knot t can bend f at
    t (each unit is affine off its knot).
(b) A width-k net has one unit per break point with a_j |w_j| = J_j; its far-left slope is
    -sum_{j in S} J_j where S is the set of its left-facing units. So width k is possible iff
    sum_{j in S} J_j = -L for some subset S, and then the net sum_j J_j relu(s_j (x - t_j)) + c
    (s_j = -1 exactly on S) computes f.
(c) Otherwise width k + 1 suffices (k >= 1): (J_1 + L) relu(x - t_1) + (-L) relu(t_1 - x)
    + sum_{j >= 2} J_j relu(x - t_j) + c.
(d) k = 0: a constant needs width 0; an affine function with slope L != 0 needs width 2 on R
    (one unit a relu(wx + b) with a w != 0 is not affine), and L relu(x) - L relu(-x) = L x.
(e) On a domain [alpha, beta] the same holds with L the slope right of alpha, except that the
    extra unit can be the affine-acting L relu(x - alpha), so an affine f needs only 1 unit.

Theorem (LaTeX).
    $$n_{\min}(f) = \begin{cases} k & \exists S \subseteq \{1..k\}: \sum_{j\in S} J_j = -L,\\
    k + 1 & \text{otherwise } (k \ge 1),\\ 2 & k = 0,\ L \ne 0 \text{ (on } \mathbb{R}).\end{cases}$$

Method. Symbolic, with m = 2 outputs (vector jumps): for k = 3 symbolic knots and jumps and
every subset S, the width-k net's jumps and far-left slope are computed from the net
(slopes of the pieces, via the resolved Max) and compared with J and -sum_S J; the (k+1)
construction and the affine pair are checked the same way; the non-affinity of one unit is
the non-zero second difference a|w|u at its knot. (a) is the lemma of prove_piece_count.py.
Exits 1 on failure.
"""

import itertools
import sys

import sympy as sp


def relu(t):
    return sp.Max(0, t)


def slopes_of(net, knots, u):
    """Slopes of the pieces of a scalar net (far left, between knots, far right), resolved symbolically.

    The knots are spaced by more than u, so knots[j] + u lies strictly inside piece j + 1.
    """
    x = sp.Symbol("x", real=True)
    derivative = sp.diff(net(x), x)
    points = [knots[0] - u] + [t + u for t in knots]
    return [sp.simplify(derivative.subs(x, point)) for point in points]


def main():
    ok = True
    u, _v = sp.symbols("u v", positive=True)
    t1 = sp.Symbol("t1", real=True)
    g = sp.symbols("g1 g2", positive=True)
    knots = [t1, t1 + g[0] + u, t1 + g[0] + g[1] + 2 * u]  # gaps exceed u
    J = [sp.symbols(f"J{j}_1:3", real=True) for j in range(1, 4)]  # J[j][output]
    L = sp.symbols("L1:3", real=True)
    for S in itertools.chain.from_iterable(itertools.combinations(range(3), r) for r in range(4)):
        good = True
        for out in range(2):

            def net(x, out=out, S=S):
                return sum(J[j][out] * relu((-1 if j in S else 1) * (x - knots[j])) for j in range(3))

            slopes = slopes_of(net, knots, u)
            jumps_ok = all(sp.simplify(slopes[j + 1] - slopes[j] - J[j][out]) == 0 for j in range(3))
            left_ok = sp.simplify(slopes[0] + sum(J[j][out] for j in S)) == 0
            good &= jumps_ok and left_ok
        print(
            f"(b) width-3 net with left-facing set S = {set(S) or '{}'}: jumps J_j and far-left slope "
            f"-sum_S J (2 outputs): {'verified' if good else 'FAILED'}"
        )
        ok &= good
    good = True
    for out in range(2):

        def net(x, out=out):
            return (
                (J[0][out] + L[out]) * relu(x - knots[0])
                - L[out] * relu(knots[0] - x)
                + sum(J[j][out] * relu(x - knots[j]) for j in (1, 2))
            )

        slopes = slopes_of(net, knots, u)
        good &= all(sp.simplify(slopes[j + 1] - slopes[j] - J[j][out]) == 0 for j in range(3))
        good &= sp.simplify(slopes[0] - L[out]) == 0
    print(
        f"(c) width k+1 construction has jumps J_j and far-left slope L (2 outputs): {'verified' if good else 'FAILED'}"
    )
    ok &= good
    x = sp.Symbol("x", real=True)
    for label, point in (("x > 0", u), ("x < 0", -u)):
        good = sp.simplify(L[0] * relu(point) - L[0] * relu(-point) - L[0] * point) == 0
        print(f"(d) L relu(x) - L relu(-x) = L x for {label}: {'verified' if good else 'FAILED'}")
        ok &= good
    a, b = sp.symbols("a b", real=True)
    p = sp.Symbol("p", positive=True)
    for w in (p, -p):
        t = -b / w
        unit = a * relu(w * x + b)
        second = sp.simplify(unit.subs(x, t + u) + unit.subs(x, t - u) - 2 * unit.subs(x, t))
        good = sp.simplify(second - a * p * u) == 0
        print(
            f"(d) one unit (w = {w}) has second difference a|w|u at its knot, so it is affine only if a = 0: "
            f"{'verified' if good else 'FAILED'}"
        )
        ok &= good
    alpha = sp.Symbol("alpha", real=True)
    for label, point in (("x = alpha + u", alpha + u),):
        good = sp.simplify(L[0] * relu(point - alpha) - L[0] * (point - alpha)) == 0
        print(f"(e) L relu(x - alpha) = L (x - alpha) on the domain ({label}): {'verified' if good else 'FAILED'}")
        ok &= good
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
