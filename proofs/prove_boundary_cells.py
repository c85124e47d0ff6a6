r"""Decision boundaries glue across facets, and class cells are convex polytopes that tile each region.

Theorem (words). Let f = A relu(W x + b) + c and let R, R' be activation regions sharing a facet F
on the hyperplane H = {w . x + beta = 0} of a class G of coincident units (w_j = c_j w,
b_j = c_j beta), R on the side w . x + beta < 0. Write g_R(x) = G_R x + o_R for the map of output k
on R. Then

(1) g_{R'} - g_R = J_k(G) (w . x + beta) with J_k(G) = sum_{j in G} a_kj |c_j|, so g_R = g_{R'} on
    H: the boundary pieces {g_R = 0} and {g_{R'} = 0} meet F in the same set, and the pieces glue
    into a continuous piecewise-linear hypersurface {f = 0};
(2) on R with G_R != 0 the decision cells {x in R : g_R > 0} and {x in R : g_R < 0} are convex (R
    cut by an open half-space), so each region splits into at most two; with G_R = 0 and o_R = 0 the
    whole region is a zero region;
(3) for m >= 2 outputs, C_k(R) = cl(R) cap {g_k - g_l >= 0 for all l} is a convex polytope; the
    C_k(R) cover cl(R) (a maximum of finitely many numbers is attained) and their interiors are
    disjoint (g_k > g_l and g_l > g_k cannot both hold), so their areas (volumes) add up to that of
    cl(R), and over all regions to that of the domain;
(4) in d = 2 a boundary segment between rational points p, q has the rational squared length
    |p - q|^2, so its length is exact as the square root of a rational.

Theorem (LaTeX).
    $$g_{R'}(x)-g_R(x) = J_k(G)\,(w\cdot x+\beta),\qquad
      \bigcup_k C_k(R) = \overline{R},\quad
      \sum_k \operatorname{vol} C_k(R) = \operatorname{vol}\overline{R}.$$

Method. (1) symbolic (sympy): a unit crossing in R^2 with symbolic weights, the difference of the
two maps expanded and evaluated at a symbolic point of H. (3) exact on a concrete 3-class net on
[-1, 1]^2: the regions are built by exact half-plane clipping of the box (rational vertices, no
floating point), each region is clipped again by the class inequalities, the class-cell areas
(shoelace, exact) add up to the box's area 4, and every point of a rational grid lies in some class
cell of its region. (4) the squared length of a rational segment is rational. Exits 1 on failure.
"""

import itertools
import sys
from fractions import Fraction

import sympy as sp

Point = tuple[Fraction, Fraction]
Line = tuple[Fraction, Fraction, Fraction]  # (u, v, w): the half-plane u x + v y + w >= 0


def word(ok: bool) -> str:
    return "verified" if ok else "FAILED"


def gluing() -> bool:
    x1, x2, s = sp.symbols("x1 x2 s", real=True)
    a, w1, beta = sp.symbols("a w1 beta", real=True)
    w2 = sp.Symbol("w2", nonzero=True)
    g0, g1, h = sp.symbols("g0 g1 h", real=True)
    g_r = g0 * x1 + g1 * x2 + h  # map on R (unit off)
    g_r2 = g_r + a * (w1 * x1 + w2 * x2 + beta)  # map on R' (unit on): the jump a w, offset a beta
    on_h = {x1: s, x2: -(w1 * s + beta) / w2}  # a point of H, parametrised by s
    ok = sp.simplify((g_r2 - g_r).subs(on_h)) == 0
    ok &= sp.expand(g_r2 - g_r - a * (w1 * x1 + w2 * x2 + beta)) == 0
    print(f"(1) g_R' - g_R = J (w . x + beta) vanishes on H: boundary pieces glue: {word(ok)}")
    return bool(ok)


def clip(poly: list[Point], line: Line) -> list[Point]:
    """Exact Sutherland-Hodgman clip of a convex polygon by the closed half-plane u x + v y + w >= 0."""
    u, v, w = line
    out: list[Point] = []
    for p, q in zip(poly, poly[1:] + poly[:1], strict=True):
        sp_, sq = u * p[0] + v * p[1] + w, u * q[0] + v * q[1] + w
        if sp_ >= 0:
            out.append(p)
        if (sp_ > 0 and sq < 0) or (sp_ < 0 and sq > 0):
            t = sp_ / (sp_ - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def area(poly: list[Point]) -> Fraction:
    if len(poly) < 3:
        return Fraction(0)
    twice = sum((p[0] * q[1] - q[0] * p[1] for p, q in zip(poly, poly[1:] + poly[:1], strict=True)), Fraction(0))
    return abs(twice) / 2


def class_cells() -> bool:
    F = Fraction
    W = [(F(1), F(2)), (F(-1), F(1)), (F(1, 2), F(-3)), (F(1), F(0))]
    b = [F(3, 10), F(-1, 5), F(1), F(-1, 3)]
    A = [[F(2), F(-1), F(7, 10), F(1)], [F(-1), F(1), F(0), F(1, 2)], [F(0), F(1, 3), F(-1), F(-2)]]
    c = [F(0), F(1, 4), F(-1, 8)]
    box: list[Point] = [(F(-1), F(-1)), (F(1), F(-1)), (F(1), F(1)), (F(-1), F(1))]
    regions: list[tuple[tuple[int, ...], list[Point]]] = []
    for pattern in itertools.product((0, 1), repeat=len(W)):
        poly = box
        for (wx, wy), bi, on in zip(W, b, pattern, strict=True):
            sign = 1 if on else -1
            poly = clip(poly, (sign * wx, sign * wy, sign * bi))
            if not poly:
                break
        if area(poly) > 0:
            regions.append((pattern, poly))
    ok = sum(area(p) for _, p in regions) == 4
    total = Fraction(0)
    grid = [F(i, 7) for i in range(-7, 8)]
    covered = True
    for pattern, poly in regions:
        maps = []
        for row, ck in zip(A, c, strict=True):
            gx = sum((a * wi[0] for a, wi, on in zip(row, W, pattern, strict=True) if on), F(0))
            gy = sum((a * wi[1] for a, wi, on in zip(row, W, pattern, strict=True) if on), F(0))
            go = sum((a * bi for a, bi, on in zip(row, b, pattern, strict=True) if on), F(0)) + ck
            maps.append((gx, gy, go))
        cells = []
        for k, gk in enumerate(maps):
            cell = poly
            for l_, gl in enumerate(maps):
                if l_ != k and cell:
                    cell = clip(cell, (gk[0] - gl[0], gk[1] - gl[1], gk[2] - gl[2]))
            cells.append(cell)
        total += sum(area(cell) for cell in cells)
        ok &= sum(area(cell) for cell in cells) == area(poly)
        for x, y in itertools.product(grid, grid):
            inside = all(
                (1 if on else -1) * (wi[0] * x + wi[1] * y + bi) >= 0 for wi, bi, on in zip(W, b, pattern, strict=True)
            )
            if inside:
                values = [g[0] * x + g[1] * y + g[2] for g in maps]
                covered &= any(v == max(values) for v in values)
    ok &= total == 4 and covered
    print(
        f"(3) {len(regions)} regions of a 4-unit, 3-class net on [-1, 1]^2: class-cell areas sum to each "
        f"region's and to 4 exactly ({total}); grid points covered: {word(ok)}"
    )
    return bool(ok)


def lengths() -> bool:
    p, q = (Fraction(1, 3), Fraction(-2, 7)), (Fraction(5, 4), Fraction(1, 9))
    squared = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2
    exact = sp.Rational(squared.numerator, squared.denominator)
    ok = isinstance(squared, Fraction) and sp.sqrt(exact) ** 2 == exact
    print(f"(4) squared length of a rational segment is rational ({squared}): {word(ok)}")
    return bool(ok)


def main() -> int:
    ok = gluing()
    ok &= class_cells()
    ok &= lengths()
    print("THEOREM VERIFIED" if ok else "THEOREM FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
