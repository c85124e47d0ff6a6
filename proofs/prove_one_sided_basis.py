r"""The one-sided basis reproduces every continuous linear spline (symbolic knots and values).

Theorem (words). Let S be the continuous linear spline with knots x_0 < x_1 < ... < x_z and
values y_0, ..., y_z, with slopes m_k = (y_k - y_{k-1}) / (x_k - x_{k-1}). Take any auxiliary
knot x_{-1} < x_0 and lambda_{-1} = y_0 / (x_0 - x_{-1}), lambda_0 = m_1 - lambda_{-1},
lambda_j = m_{j+1} - m_j for j = 1, ..., z - 1. Then S(x) = sum_{j=-1}^{z-1} lambda_j relu(x - x_j)
for every x in [x_0, x_z]: z + 1 units, hidden weights 1, no output bias.

Theorem (LaTeX).
    $$\forall x \in [x_0, x_z]:\quad S(x) = \sum_{j=-1}^{z-1} \lambda_j\,\mathrm{relu}(x - x_j),\quad
    \lambda_{-1} = \frac{y_0}{x_0 - x_{-1}},\ \lambda_0 = m_1 - \lambda_{-1},\ \lambda_j = m_{j+1} - m_j.$$

Method. Fully symbolic for z = 1, ..., 5: the knots are x_0 plus sums of positive symbols, the
values are free real symbols. On the k-th piece, x = x_{k-1} + u with u > 0 and
x_k - x = v > 0 (so the spacing d_k = u + v), which lets sympy decide the sign of every
x - x_j and so resolve every relu exactly; the difference to the linear interpolant
y_{k-1} + m_k u must simplify to 0. Exits 1 if any case fails.
"""

import sys

import sympy as sp


def relu(t):
    return sp.Max(0, t)


def check_z(z):
    x0, y = sp.Symbol("x0", real=True), sp.symbols(f"y0:{z + 1}", real=True)
    e = sp.Symbol("e", positive=True)  # x0 - x_{-1}
    u, v = sp.symbols("u v", positive=True)
    failures = []
    for k in range(1, z + 1):  # piece [x_{k-1}, x_k]
        d = list(sp.symbols(f"d1:{z + 1}", positive=True))
        d[k - 1] = u + v
        knots = [x0]
        for step in d:
            knots.append(knots[-1] + step)
        aux = x0 - e
        slopes = [(y[j] - y[j - 1]) / (knots[j] - knots[j - 1]) for j in range(1, z + 1)]
        lam = [y[0] / (x0 - aux)]
        lam.append(slopes[0] - lam[0])
        lam += [slopes[j] - slopes[j - 1] for j in range(1, z)]
        basis_knots = [aux, *knots[:z]]
        x = knots[k - 1] + u
        network = sum(l * relu(x - t) for l, t in zip(lam, basis_knots, strict=False))
        spline = y[k - 1] + slopes[k - 1] * u
        if network.has(sp.Max) or sp.simplify(network - spline) != 0:
            failures.append(k)
    return failures


def main():
    ok = True
    for z in range(1, 6):
        failures = check_z(z)
        status = "verified" if not failures else f"FAILED on pieces {failures}"
        print(f"z = {z}: one-sided basis equals the interpolant on all {z} pieces (symbolic): {status}")
        ok &= not failures
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
