r"""The slope jump of a unit at its knot is a|w|, for both orientations (vector a too).

Theorem (words). For a unit x -> a relu(w x + b) with w != 0 and a in R^m, let t = -b/w.
The slope just right of t minus the slope just left of t equals a|w|, whether w > 0
(right-facing) or w < 0 (left-facing). Consequently the slope far left of all knots is
sum_{w_i < 0} a_i w_i and far right is sum_{w_i > 0} a_i w_i.

Theorem (LaTeX).
    $$\lim_{x \downarrow t} \frac{d}{dx}\, a\,\mathrm{relu}(wx+b) - \lim_{x \uparrow t} \frac{d}{dx}\,
    a\,\mathrm{relu}(wx+b) = a\,|w|,\qquad t = -b/w,\ w \neq 0.$$

Method. Symbolic: w = p or w = -p with p > 0, a = (a1, a2) free; evaluate the unit at
x = t + u and x = t - u with u > 0 (which resolves the Max) and differentiate in x. Exits 1 on
failure.
"""

import sys

import sympy as sp


def main():
    ok = True
    p, u = sp.symbols("p u", positive=True)
    b = sp.Symbol("b", real=True)
    a = sp.symbols("a1 a2", real=True)
    x = sp.Symbol("x", real=True)
    for name, w in (("right-facing (w = p > 0)", p), ("left-facing (w = -p < 0)", -p)):
        t = -b / w
        for k, ak in enumerate(a):
            unit = ak * sp.Max(0, w * x + b)
            right = sp.diff(unit.subs(x, t + u).rewrite(sp.Piecewise), u)
            left = sp.diff(unit.subs(x, t - u), u) * -1
            jump = sp.simplify(right - left)
            good = sp.simplify(jump - ak * sp.Abs(w)) == 0
            print(f"{name}, output {k + 1}: slope jump = {jump} = a|w|: {'verified' if good else 'FAILED'}")
            ok &= good
        # far-left / far-right slopes of the single unit
        far_right = sp.diff(a[0] * sp.Max(0, w * x + b), x).subs(x, t + u)
        far_left = sp.diff(a[0] * sp.Max(0, w * x + b), x).subs(x, t - u)
        far_right, far_left = sp.simplify(far_right), sp.simplify(far_left)
        expect_right = a[0] * w if w == p else 0
        expect_left = a[0] * w if w == -p else 0
        good = sp.simplify(far_right - expect_right) == 0 and sp.simplify(far_left - expect_left) == 0
        print(f"{name}: slope right of knot {far_right}, left of knot {far_left}: {'verified' if good else 'FAILED'}")
        ok &= good
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
