r"""Interpolation error bound: |f - S| <= h^2/8 max|f''| on a generic interval, for f in C^2.

Theorem (words). Let f be twice continuously differentiable on [a, b], h = b - a, and S the
linear interpolant of f at a and b. Then for every x in [a, b]
    f(x) - S(x) = -((b - x)/h) int_a^x (s - a) f''(s) ds - ((x - a)/h) int_x^b (b - s) f''(s) ds,
so |f(x) - S(x)| <= M (x - a)(b - x) / 2 <= M h^2 / 8 with M = max_[a,b] |f''|; equality holds
for f(x) = x^2 at the midpoint. On a mesh, the bound applies piece by piece: |f - S| <=
max_j h_j^2 M_j / 8.

Theorem (LaTeX).
    $$\max_{x\in[a,b]} |f(x) - S(x)| \le \frac{h^2}{8} \max_{[a,b]} |f''|,\qquad
    f(x) - S(x) = -\int_a^b G(x,s) f''(s)\,ds,\ G \ge 0,\ \int_a^b G(x,s)\,ds = \frac{(x-a)(b-x)}{2}.$$

Method. Symbolic with an undefined function f (generic, not a polynomial): the two integrals
are identified with closed forms by the fundamental theorem of calculus (derivatives and
values at one end are checked symbolically); the representation is then an algebraic identity
checked by sympy; the kernel integral and the maximum of (x - a)(b - x)/2 are computed
symbolically; equality is checked for x^2. Exits 1 on failure.
"""

import sys

import sympy as sp


def main():
    ok = True
    a = sp.Symbol("a", real=True)
    h = sp.Symbol("h", positive=True)
    b = a + h
    x, s = sp.symbols("x s", real=True)
    f = sp.Function("f")
    # I1(x) = int_a^x (s - a) f''(s) ds  claimed = (x - a) f'(x) - f(x) + f(a)
    I1 = (x - a) * sp.diff(f(x), x) - f(x) + f(a)
    good = sp.simplify(sp.diff(I1, x) - (x - a) * sp.diff(f(x), x, 2)) == 0 and sp.simplify(I1.subs(x, a)) == 0
    print(
        f"int_a^x (s - a) f''(s) ds = (x - a) f'(x) - f(x) + f(a)  [FTC: derivative and value at a]: "
        f"{'verified' if good else 'FAILED'}"
    )
    ok &= good
    # I2(x) = int_x^b (b - s) f''(s) ds  claimed = -(b - x) f'(x) + f(b) - f(x)
    I2 = -(b - x) * sp.diff(f(x), x) + f(b) - f(x)
    good = sp.simplify(sp.diff(I2, x) + (b - x) * sp.diff(f(x), x, 2)) == 0 and sp.simplify(I2.subs(x, b)) == 0
    print(
        f"int_x^b (b - s) f''(s) ds = f(b) - f(x) - (b - x) f'(x)  [FTC: derivative and value at b]: "
        f"{'verified' if good else 'FAILED'}"
    )
    ok &= good
    S = f(a) + (f(b) - f(a)) * (x - a) / h
    representation = -((b - x) / h) * I1 - ((x - a) / h) * I2
    good = sp.simplify(sp.expand(representation - (f(x) - S))) == 0
    print(f"f(x) - S(x) = -((b-x)/h) I1(x) - ((x-a)/h) I2(x)  (Peano kernel form): {'verified' if good else 'FAILED'}")
    ok &= good
    # kernel mass: (b-x)/h int_a^x (s-a) ds + (x-a)/h int_x^b (b-s) ds = (x-a)(b-x)/2; both weights >= 0 on [a, b]
    mass = (b - x) / h * sp.integrate(s - a, (s, a, x)) + (x - a) / h * sp.integrate(b - s, (s, x, b))
    good = sp.simplify(mass - (x - a) * (b - x) / 2) == 0
    print(f"kernel mass = (x - a)(b - x)/2, so |f - S| <= M (x - a)(b - x)/2: {'verified' if good else 'FAILED'}")
    ok &= good
    q = (x - a) * (b - x) / 2
    critical = sp.solve(sp.diff(q, x), x)
    good = (
        critical == [a + h / 2]
        and sp.simplify(q.subs(x, a + h / 2) - h**2 / 8) == 0
        and sp.diff(q, x, 2) < 0
        and sp.simplify(q.subs(x, a)) == 0
        and sp.simplify(q.subs(x, b)) == 0
    )
    print(f"max over [a, b] of (x - a)(b - x)/2 = h^2/8 at the midpoint: {'verified' if good else 'FAILED'}")
    ok &= good
    square = x**2
    S2 = a**2 + (b**2 - a**2) * (x - a) / h
    error_mid = sp.simplify((square - S2).subs(x, a + h / 2))
    good = sp.simplify(sp.Abs(error_mid) - h**2 / 8 * 2) == 0
    print(
        f"equality for f = x^2 (M = 2): |f - S|(midpoint) = {sp.Abs(error_mid)} = h^2/8 * 2: "
        f"{'verified' if good else 'FAILED'}"
    )
    ok &= good
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
