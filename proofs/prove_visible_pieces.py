r"""Maximal affine pieces of a two-layer ReLU net are the cells of the arrangement of its visible hyperplanes.

Theorem (words). Let f_k(x) = sum_i a_ki relu(w_i . x + b_i) + c_k. Group the units with w_i != 0
into classes of coincident hyperplanes: unit j of class G has w_j = c_j w, b_j = c_j beta with
c_j != 0, for one H = {w . x + beta = 0}. Then

(1) crossing H from w . x + beta < 0 to w . x + beta > 0 (at a point of H on no other hyperplane)
    changes the gradient of f_k by J_k(G) w, J_k(G) = sum_{j in G} a_kj |c_j|, the same at every
    point of H;
(2) the class's contribution is J_k(G) relu(w . x + beta) plus an affine function, so an
    *invisible* class (J_k(G) = 0) is affine on all of R^d;
(3) hence, inside a domain D, the maximal connected open sets on which f_k is affine are exactly
    the cells of the arrangement of the *visible* hyperplanes (J_k(G) != 0): f_k is affine on each
    cell by (2), and a connected open set on which f_k is affine cannot meet two cells, since a path
    between them avoiding the codimension-2 intersections crosses a visible H at a point of H alone,
    where the gradient jumps by J_k(G) w != 0 by (1). Each cell is a union of closures of activation
    regions; pieces = regions iff every hyperplane meeting D is visible.

Theorem (LaTeX).
    $$\sum_{j\in G} a_{kj}\,\mathrm{relu}(c_j s) = J_k(G)\,\mathrm{relu}(s)
      - \Big(\sum_{j\in G,\ c_j<0} a_{kj}|c_j|\Big)\, s,\qquad J_k(G)=\sum_{j\in G} a_{kj}|c_j|,
      \qquad s = w\cdot x+\beta,$$
    so $\nabla f_k$ jumps by $J_k(G)\,w$ across $H$, and the maximal affine pieces of $f_k$ in $D$
    are the cells of $\{H_G : J_k(G)\neq 0\}$ inside $D$.

Method. Symbolic (sympy): for a class of three units with every sign pattern of (c_1, c_2, c_3)
(c_j = +-p_j, p_j > 0), a symbolic normal w in R^2 and offset beta, (2) is checked on both sides
of H (s > 0 and s < 0, where relu resolves), and (1) by differentiating the two one-sided
affine expressions in x. The counting step (3) is checked on the theory's examples by exact
piecewise evaluation: relu(x) - 2 relu(x - 1) + relu(x - 2) has 4 pieces and 3 maps;
relu(x_1) + 0 relu(x_2) has 4 activation regions and 2 pieces; a cancelling coincident pair
leaves one piece. Exits 1 on failure.
"""

import itertools
import sys

import sympy as sp


def class_identity_and_jump() -> bool:
    ok = True
    p = sp.symbols("p1:4", positive=True)
    a = sp.symbols("a1:4", real=True)
    w = sp.symbols("w1:3", real=True)
    beta = sp.Symbol("beta", real=True)
    x = sp.symbols("x1:3", real=True)
    u = sp.Symbol("u", positive=True)
    s_expr = w[0] * x[0] + w[1] * x[1] + beta
    for signs in itertools.product((1, -1), repeat=3):
        c = [sg * pj for sg, pj in zip(signs, p, strict=True)]
        J = sum(aj * sp.Abs(cj) for aj, cj in zip(a, c, strict=True))
        neg = sum(aj * sp.Abs(cj) for aj, cj, sg in zip(a, c, signs, strict=True) if sg < 0)
        # (2) on each side of H (s = +u and s = -u, where relu resolves) the class's Max form equals
        # J relu(s) - neg s, i.e. the affine (J - neg) s for s > 0 and -neg s for s < 0
        one_sided = {u: (J - neg) * u, -u: -neg * (-u)}
        for side, affine in one_sided.items():
            lhs = sum(aj * sp.Max(0, cj * side) for aj, cj in zip(a, c, strict=True))
            ok &= sp.simplify(lhs - (J * sp.Max(0, side) - neg * side)) == 0
            ok &= sp.simplify(lhs - affine) == 0
        # (1) the gradient in x of the two one-sided affine forms at s = w . x + beta differ by J w
        plus, minus = (J - neg) * s_expr, -neg * s_expr
        jump = [sp.simplify(sp.diff(plus, xi) - sp.diff(minus, xi)) for xi in x]
        good = ok and all(sp.simplify(jv - J * wi) == 0 for jv, wi in zip(jump, w, strict=True))
        print(
            f"signs of c = {signs}: class = J relu(s) + affine, gradient jump = J w: {'verified' if good else 'FAILED'}"
        )
        ok &= good
    return ok


def relu(v: sp.Expr) -> sp.Expr:
    return sp.Max(0, v)


def pieces_1d(f: sp.Expr, x: sp.Symbol, knots: list[int]) -> tuple[int, int]:
    """Pieces and distinct maps of a 1-D piecewise-linear f: merge neighbouring intervals with equal maps."""
    cuts = sorted(set(knots))
    samples = [cuts[0] - 1] + [sp.Rational(lo + hi, 2) for lo, hi in itertools.pairwise(cuts)] + [cuts[-1] + 1]
    maps = []
    for t in samples:
        slope = sp.diff(f, x).subs(x, t)
        maps.append((sp.nsimplify(slope), sp.nsimplify(f.subs(x, t) - slope * t)))
    pieces = 1 + sum(1 for m0, m1 in itertools.pairwise(maps) if m0 != m1)
    return pieces, len(set(maps))


def examples() -> bool:
    ok = True
    x = sp.Symbol("x", real=True)
    hat = relu(x) - 2 * relu(x - 1) + relu(x - 2)
    got = pieces_1d(hat, x, [0, 1, 2])
    good = got == (4, 3)
    print(
        f"relu(x) - 2 relu(x-1) + relu(x-2): {got[0]} pieces, {got[1]} maps (want 4, 3): "
        f"{'verified' if good else 'FAILED'}"
    )
    ok &= good
    cancel = relu(x) - relu(x) + relu(-2 * x) - 2 * relu(-x)
    got = pieces_1d(cancel, x, [0])
    good = got == (1, 1)
    print(
        f"relu(x) - relu(x) + relu(-2x) - 2 relu(-x) (J = 1 - 1 + 2 - 2 = 0): {got[0]} piece: "
        f"{'verified' if good else 'FAILED'}"
    )
    ok &= good
    x1, x2 = sp.symbols("x1 x2", real=True)
    f = relu(x1) + 0 * relu(x2)
    quadrants = [(1, 1), (-1, 1), (-1, -1), (1, -1)]
    maps = [tuple(sp.diff(f, v).subs({x1: q[0], x2: q[1]}) for v in (x1, x2)) for q in quadrants]
    # neighbouring quadrants across x2 = 0 ((1,1)-(1,-1), (-1,1)-(-1,-1)) share their map: 2 pieces
    good = maps[0] == maps[3] and maps[1] == maps[2] and maps[0] != maps[1]
    print(
        f"relu(x1) + 0 relu(x2): 4 activation regions, gradients {maps}: 2 pieces: {'verified' if good else 'FAILED'}"
    )
    ok &= good
    return ok


def main() -> int:
    ok = class_identity_and_jump()
    ok &= examples()
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
