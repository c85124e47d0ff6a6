r"""An exact slice of a two-layer net is a two-layer net, and its regions are the traces of the d-D regions.

Theorem (words). Let f(x) = A relu(W x + b) + c with W in Q^{n x d}, and let x = x0 + U t with U a
rational d x k matrix of rank k and t in R^k. Then

(1) f(x0 + U t) = A relu(W' t + b') + c with W' = W U and b' = W x0 + b, identically in t;
(2) the pre-activation of every unit is the same affine function on both sides, so the activation
    pattern of the sliced net at t equals the pattern of f at x0 + U t; since t -> x0 + U t is
    injective (rank k), the regions of the sliced net are exactly the preimages of the traces
    R cap (x0 + U R^k) of the d-D regions R that meet the slice, with the same patterns and the same
    maps composed with t -> x0 + U t (gradient G U, offset G x0 + o);
(3) the plane through samples p0, p1, p2 is U = [p1 - p0, p2 - p0], x0 = p0, which sends
    t = (0, 0), (1, 0), (0, 1) to p0, p1, p2; the line through p0, p1 is U = p1 - p0.

Theorem (LaTeX).
    $$A\,\mathrm{relu}\big(W(x_0+Ut)+b\big)+c = A\,\mathrm{relu}(W't+b')+c,\qquad W'=WU,\quad b'=Wx_0+b,$$
    and on a region with map $x\mapsto Gx+o$ the slice's map is $t\mapsto (GU)\,t+(Gx_0+o)$.

Method. Symbolic (sympy): a generic 3-unit net in R^3 (every weight a symbol), a generic origin and
3 x 2 direction matrix; the pre-activations of both sides are expanded and compared as polynomials;
the region map composition is compared the same way for a symbolic pattern (diagonal 0/1 matrix);
the three-sample plane and the two-sample line are checked on symbolic samples. Exits 1 on failure.
"""

import sys

import sympy as sp


def word(ok: bool) -> str:
    return "verified" if ok else "FAILED"


def slice_identity() -> bool:
    n, d, k = 3, 3, 2
    W = sp.Matrix(n, d, lambda i, j: sp.Symbol(f"w{i}{j}", real=True))
    b = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"b{i}", real=True))
    x0 = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"x0_{i}", real=True))
    U = sp.Matrix(d, k, lambda i, j: sp.Symbol(f"u{i}{j}", real=True))
    t = sp.Matrix(k, 1, lambda i, _: sp.Symbol(f"t{i}", real=True))
    lhs = W * (x0 + U * t) + b
    rhs = (W * U) * t + (W * x0 + b)
    ok = all(sp.expand(e) == 0 for e in lhs - rhs)
    print(f"(1)-(2) pre-activations W(x0 + U t) + b = (W U) t + (W x0 + b) for every unit: {word(ok)}")
    # (2) maps: on a region with pattern D (diagonal 0/1), G = A D W, o = A D b + c
    m = 2
    A = sp.Matrix(m, n, lambda i, j: sp.Symbol(f"a{i}{j}", real=True))
    c = sp.Matrix(m, 1, lambda i, _: sp.Symbol(f"c{i}", real=True))
    good = True
    for pattern in ((1, 0, 1), (0, 1, 1), (1, 1, 1), (0, 0, 0)):
        D = sp.diag(*pattern)
        G, o = A * D * W, A * D * b + c
        composed = G * (x0 + U * t) + o
        sliced = (A * D * (W * U)) * t + (A * D * (W * x0 + b) + c)
        stated = (G * U) * t + (G * x0 + o)
        good &= all(sp.expand(e) == 0 for e in composed - sliced)
        good &= all(sp.expand(e) == 0 for e in composed - stated)
    print(f"(2) region maps compose: slice map = (G U) t + (G x0 + o) for 4 patterns: {word(good)}")
    return ok and good


def samples() -> bool:
    p = [sp.Matrix(3, 1, lambda i, _, j=j: sp.Symbol(f"p{j}_{i}", real=True)) for j in range(3)]
    U = (p[1] - p[0]).row_join(p[2] - p[0])
    images = [p[0] + U * sp.Matrix(t) for t in ((0, 0), (1, 0), (0, 1))]
    ok = all(sp.simplify(img - pj) == sp.zeros(3, 1) for img, pj in zip(images, p, strict=True))
    line = p[1] - p[0]
    ok &= sp.simplify(p[0] + line * 1 - p[1]) == sp.zeros(3, 1)
    # rank k makes t -> x0 + U t injective: U t = U s implies t = s when U^T U is invertible
    ex = sp.Matrix([[1, 0], [2, 1], [0, sp.Rational(1, 3)]])
    ok &= (ex.T * ex).det() != 0
    print(f"(3) plane through p0, p1, p2 and line through p0, p1 hit the samples: {word(ok)}")
    return bool(ok)


def main() -> int:
    ok = slice_identity()
    ok &= samples()
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
