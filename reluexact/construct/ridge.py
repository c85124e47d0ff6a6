"""Ridge-sum approximation on a box: f(x) ~ c + sum_k g_k(u_k . x), each g_k a 1-D one-sided spline.

For each direction u_k the coordinate t = u_k . x ranges over [t_min, t_max] on the box
(closed form). A one-sided spline with z pieces on a uniform mesh t_0 = t_min < ... < t_z =
t_max and auxiliary knot t_{-1} = t_0 - h is sum_{j=-1}^{z-1} lambda_{k,j} relu(u_k . x - t_j):
z + 1 units per direction, all parallel, one chain per direction in the half-space order.
The coefficients lambda (and the output bias c) are fitted by **exact rational least
squares** on a grid of the box: the normal equations Phi^T Phi lambda = Phi^T y are solved in
python-flint ``fmpq_mat`` arithmetic (reduced row echelon form; the units of different
directions that act affinely on the box are linearly dependent, and the free coefficients of
such dependencies are set to 0). The fit is thus the exact least-squares solution on the grid,
with exact residual.

:func:`ridge_error_table` measures the sup error on a finer evaluation grid as directions and
knots grow: the network values there are exact, the error is exact when the target returns
rationals and a float otherwise (a sup over grid points, not over the whole box; say so when
quoting it).

Examples
--------
>>> fit = fit_ridge_sum(lambda x: x[0] * x[1], [(0, 1), (0, 1)], n_directions=3, n_knots=2, grid=5)
>>> fit.directions
((1, 0), (0, 1), (1, 1))
>>> fit.network.n_hidden
9
>>> fit.network(["1/2", "1/2"])  # x y = ((x + y)^2 - x^2 - y^2) / 2, each square a 2-piece spline
(Fraction(41, 216),)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact.domain import Box, DomainLike, as_box
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU, evaluate_exact_batch
from reluexact.rational import to_fraction

__all__ = ["RidgeErrorRow", "RidgeFit", "fit_ridge_sum", "ridge_directions", "ridge_error_table"]


def ridge_directions(d: int, count: int) -> tuple[tuple[int, ...], ...]:
    """The first ``count`` primitive integer directions in R^d, in a fixed order.

    Coordinate axes first, then small diagonals: ordered by max |u_i|, then sum |u_i|, then
    lexicographically (first non-zero entry positive, so u and -u are not both listed).

    Examples
    --------
    >>> ridge_directions(2, 6)
    ((1, 0), (0, 1), (1, 1), (1, -1), (2, 1), (2, -1))
    """
    if d < 1 or count < 0:
        raise InvalidArgument(f"need d >= 1 and count >= 0, got d={d}, count={count}")
    found: list[tuple[int, ...]] = []
    radius = 1
    while len(found) < count:
        candidates = []
        for u in itertools.product(range(-radius, radius + 1), repeat=d):
            if not any(u) or max(abs(v) for v in u) != radius:
                continue
            if math.gcd(*u) != 1 or next(v for v in u if v) < 0:
                continue
            candidates.append(u)
        candidates.sort(key=lambda u: (sum(abs(v) for v in u), tuple(-v for v in u)))
        found.extend(candidates)
        radius += 1
        if radius > 64:  # pragma: no cover - only for absurd counts
            break
    return tuple(found[:count])


@dataclass(frozen=True, slots=True)
class RidgeFit:
    """An exact least-squares ridge-sum network on a grid.

    Attributes
    ----------
    network : TwoLayerReLU
        c + sum_k sum_j lambda_{k,j} relu(u_k . x - t_{k,j}); units grouped by direction.
    directions : tuple of tuple of int
    knots : tuple of tuple of Fraction
        Per direction, the knots t_{-1}, t_0, ..., t_{z-1} of its units.
    box : Box
        The box of the fit (a :class:`reluexact.domain.Box`).
    grid : int
        Grid points per side used for the fit.
    residual : Fraction
        Exact sum of squared residuals on the fit grid (for a float target: of its values taken
        at their exact binary value).
    """

    network: TwoLayerReLU
    directions: tuple[tuple[int, ...], ...]
    knots: tuple[tuple[Fraction, ...], ...]
    box: Box
    grid: int
    residual: Fraction

    def __repr__(self) -> str:
        return f"RidgeFit(directions={len(self.directions)}, n={self.network.n_hidden}, grid={self.grid})"


def _grid_points(box: Box, per_side: int) -> list[tuple[Fraction, ...]]:
    if per_side < 2:
        raise InvalidArgument(f"grid needs at least 2 points per side, got {per_side}")
    axes = [[lo + (hi - lo) * Fraction(k, per_side - 1) for k in range(per_side)] for lo, hi in box.bounds]
    return [tuple(p) for p in itertools.product(*axes)]


def _target_values(target: Callable[[tuple[Fraction, ...]], Any], points: list[tuple[Fraction, ...]]) -> list[Fraction]:
    out = []
    for p in points:
        value = target(p)
        if isinstance(value, (list, tuple)):
            if len(value) != 1:
                raise InvalidArgument("ridge sums fit scalar targets; the target returned several values")
            value = value[0]
        out.append(to_fraction(value, where=f"target at {tuple(str(v) for v in p)}", allow_float=True))
    return out


def fit_ridge_sum(
    target: Callable[[tuple[Fraction, ...]], Any],
    box: DomainLike,
    *,
    n_directions: int | None = None,
    directions: Sequence[Sequence[int]] | None = None,
    n_knots: int = 4,
    grid: int = 9,
) -> RidgeFit:
    """Fit c + sum_k g_k(u_k . x) to a target on a box by exact rational least squares on a grid.

    Parameters
    ----------
    target : callable
        Called with a point (a tuple of d Fractions); returns a number (int/Fraction/``"p/q"``:
        exact; float: taken at its exact binary value).
    box : DomainLike
        The box, in any form :func:`reluexact.domain.as_domain` reads (``[(lo, hi), ...]``,
        ``"lo,hi;lo,hi"``, a Box; ``"lo,hi"`` is the same interval for every input when
        ``directions`` fix d, else d = 1). A polytope is refused.
    n_directions : int, optional
        Use :func:`ridge_directions` (d, n_directions). Default d.
    directions : sequence of integer vectors, optional
        Explicit directions (instead of ``n_directions``).
    n_knots : int
        z, the number of spline pieces per direction (z + 1 units per direction).
    grid : int
        Points per side of the fit grid (grid^d points).

    Returns
    -------
    RidgeFit

    Examples
    --------
    >>> fit = fit_ridge_sum(lambda x: abs(x[0] - x[1]), "0,1;0,1", directions=[(1, -1)], n_knots=2, grid=3)
    >>> fit.residual, fit.network(["1/3", "2/3"])
    (Fraction(0, 1), (Fraction(1, 3),))
    """
    import flint

    stated = len(directions[0]) if directions else None
    B = as_box(box, stated, needed_by="fit_ridge_sum", where="box")
    d = B.dimension
    if directions is None:
        dirs = ridge_directions(d, d if n_directions is None else n_directions)
    else:
        dirs = tuple(tuple(int(v) for v in u) for u in directions)
        if any(len(u) != d or not any(u) for u in dirs):
            raise InvalidArgument(f"each direction must be a non-zero integer vector of length d = {d}")
    if not dirs:
        raise InvalidArgument("need at least one direction")
    if n_knots < 1:
        raise InvalidArgument(f"n_knots must be >= 1, got {n_knots}")
    points = _grid_points(B, grid)
    y = _target_values(target, points)
    knots: list[tuple[Fraction, ...]] = []
    for u in dirs:
        t_min = sum((min(a * lo, a * hi) for a, (lo, hi) in zip(u, B.bounds, strict=True)), Fraction(0))
        t_max = sum((max(a * lo, a * hi) for a, (lo, hi) in zip(u, B.bounds, strict=True)), Fraction(0))
        h = (t_max - t_min) / n_knots
        knots.append(tuple(t_min + h * j for j in range(-1, n_knots)))
    columns: list[tuple[tuple[int, ...], Fraction]] = [(u, t) for u, ts in zip(dirs, knots, strict=True) for t in ts]
    P = len(columns) + 1
    G = len(points)
    rows = []
    for p in points:
        proj = {u: sum((a * v for a, v in zip(u, p, strict=True)), Fraction(0)) for u in dirs}
        rows.append([max(proj[u] - t, Fraction(0)) for u, t in columns] + [Fraction(1)])
    Phi = flint.fmpq_mat(G, P, [flint.fmpq(v.numerator, v.denominator) for row in rows for v in row])
    Y = flint.fmpq_mat(G, 1, [flint.fmpq(v.numerator, v.denominator) for v in y])
    PhiT = Phi.transpose()
    M = PhiT * Phi
    r = PhiT * Y
    aug = flint.fmpq_mat(P, P + 1, [M[i, j] if j < P else r[i, 0] for i in range(P) for j in range(P + 1)])
    R, rank = aug.rref()
    coef = [Fraction(0)] * P
    for i in range(rank):
        pivot = next(j for j in range(P + 1) if R[i, j] != 0)
        if pivot == P:  # pragma: no cover - normal equations are always consistent
            raise InvalidArgument("inconsistent normal equations")
        value = R[i, P]
        coef[pivot] = Fraction(int(value.p), int(value.q))
    W = [[Fraction(a) for a in u] for u, _ in columns]
    b = [-t for _, t in columns]
    net = TwoLayerReLU(W, b, [coef[:-1]], [coef[-1]])
    fitted = evaluate_exact_batch(net, points)
    residual = sum(((f[0] - v) ** 2 for f, v in zip(fitted, y, strict=True)), Fraction(0))
    return RidgeFit(net, dirs, tuple(knots), B, grid, residual)


@dataclass(frozen=True, slots=True)
class RidgeErrorRow:
    """One line of :func:`ridge_error_table`.

    Attributes
    ----------
    n_directions, n_knots, n_units : int
    sup_error : float
        max |f - target| over the evaluation grid (network exact; float when the target is).
    sup_error_exact : Fraction or None
        The same maximum exactly, when the target returns rationals at the evaluation points.
    """

    n_directions: int
    n_knots: int
    n_units: int
    sup_error: float
    sup_error_exact: Fraction | None


def ridge_error_table(
    target: Callable[[tuple[Fraction, ...]], Any],
    box: DomainLike,
    *,
    direction_counts: Sequence[int] = (1, 2, 3),
    knot_counts: Sequence[int] = (2, 4, 8),
    grid: int | None = None,
    evaluation_grid: int = 33,
) -> tuple[RidgeErrorRow, ...]:
    """Measured sup error of exact least-squares ridge sums as directions and knots grow.

    Parameters
    ----------
    target, box
        As in :func:`fit_ridge_sum`.
    direction_counts, knot_counts : sequences of int
        Every combination is fitted (directions from :func:`ridge_directions`).
    grid : int, optional
        Fit grid per side; default max(4 z + 1, 17).
    evaluation_grid : int
        Points per side of the (finer) grid where the sup error is measured.

    Returns
    -------
    tuple of RidgeErrorRow

    Examples
    --------
    >>> rows = ridge_error_table(lambda x: x[0] * x[1], "0,1;0,1", direction_counts=(2, 3),
    ...                          knot_counts=(2, 4), evaluation_grid=9)
    >>> [(r.n_directions, r.n_knots, r.n_units, str(r.sup_error_exact)) for r in rows]
    [(2, 2, 6, '1/4'), (2, 4, 10, '1/4'), (3, 2, 9, '1641/18512'), (3, 4, 15, '8488823/321675680')]

    Two directions (additive functions) cannot beat 1/4 for x y (the best additive fit leaves
    (x - 1/2)(y - 1/2)); with (1, 1) added x y is a ridge sum and the error falls with z.
    """
    B = as_box(box, None, needed_by="ridge_error_table", where="box")
    eval_points = _grid_points(B, evaluation_grid)
    raw = [target(p) for p in eval_points]
    exact_target = all(isinstance(v, (int, Fraction)) for v in raw)
    truth = _target_values(target, eval_points)
    rows = []
    for k in direction_counts:
        for z in knot_counts:
            fit = fit_ridge_sum(
                target, B, n_directions=k, n_knots=z, grid=grid if grid is not None else max(4 * z + 1, 17)
            )
            values = evaluate_exact_batch(fit.network, eval_points)
            err = max(abs(v[0] - t) for v, t in zip(values, truth, strict=True))
            rows.append(RidgeErrorRow(k, z, fit.network.n_hidden, float(err), err if exact_target else None))
    return tuple(rows)
