"""Constructive universal approximation in 1-D: interpolate a target exactly at N knots.

Given a target f on [alpha, beta] (a sympy expression or a Python callable) and N >= 2
knots alpha = x_0 < ... < x_{N-1} = beta, :func:`construct` builds the continuous linear
interpolant S of f and realises it as an exact network in a chosen basis (one-sided,
two-sided, ramp pairs; :mod:`reluexact.oned.bases`). The pieces it assembles live beside it:
targets and their node values in :mod:`reluexact.oned.targets`, knot placement in
:mod:`reluexact.oned.placement`, the rigorous h^2/8 max |f''| bounds in :mod:`reluexact.oned.bounds`.

Exactness
    * Knots are rationals (uniform knots exactly; adaptive knots rationalised).
    * Node values: for a sympy target, f(x_j) is computed exactly when it is rational;
      otherwise it is enclosed with mpmath interval arithmetic (``precision_bits``) and the
      simplest rational inside the enclosure is used; the enclosure's width is a rigorous
      bound on |f(x_j) - y_j| (``node_errors``). For a callable, whatever it returns
      (int/Fraction exactly, float at its exact binary value) is the node value, and no
      bound to the mathematical f is claimed.
    * The network interpolates the rational node values exactly: ``net(x_j) == y_j`` is
      checked in rationals before returning.
Errors
    * ``grid_sup_error`` (float): max |f - net| on a fine grid. A measurement, not a bound; ``inf``
      when f or the network is beyond the float64 range there (the network is still exact).
    * ``apriori_bound`` (rational, rigorous for C^2 sympy targets): max_j h_j^2 / 8 M_j, M_j an
      upper bound of |f''| on [x_{j-1}, x_j] from interval arithmetic. ``total_bound`` adds the
      node value error, so |f - net| <= total_bound on [alpha, beta].

Examples
--------
The first worked example of the theory:

>>> import sympy
>>> x = sympy.Symbol("x")
>>> c = construct(sympy.sin(2 * sympy.pi * x), (0, 1), 5)
>>> [(str(t.knot), str(t.coefficient[0])) for t in c.expansion.terms if t.coefficient[0] != 0]
[('0', '4'), ('1/4', '-8'), ('3/4', '8')]
>>> round(c.grid_sup_error, 4)
0.2105
>>> c.values_exact, float(c.apriori_bound) >= c.grid_sup_error
(True, True)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from reluexact.domain import DomainLike
from reluexact.errors import CertificationError, InvalidArgument
from reluexact.limits import Limits
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.oned._common import Interval, required_interval
from reluexact.oned.bases import BasisExpansion, LinearSpline, one_sided_basis, ramp_basis, two_sided_basis
from reluexact.oned.bounds import approximate, apriori_bound, second_derivative_bounds
from reluexact.oned.placement import KNOT_PLACEMENTS, adaptive_knots, greedy_knots, uniform_knots
from reluexact.oned.targets import NodeValue, as_target, sup_error_on_grid, target_value
from reluexact.rational import format_fraction, to_fraction

__all__ = ["BASES", "Construction", "ConvergenceRow", "construct", "convergence_table"]

#: Bases :func:`construct` can build.
BASES = ("one-sided", "two-sided", "ramp")


@dataclass(frozen=True, slots=True)
class Construction:
    """An exact network interpolating a target at N knots, with its errors.

    Attributes
    ----------
    target : str
        The target's description.
    interval : (Fraction, Fraction)
    knots : tuple of Fraction
    node_values : tuple of NodeValue
        The rational values interpolated (``.value``) and their error bounds.
    spline : LinearSpline
    expansion : BasisExpansion
        The basis expansion realising the spline.
    network : TwoLayerReLU
        The exact network; ``network(x_j) == node_values[j].value`` (checked).
    basis, placement : str
    grid_sup_error : float
        max |f - net| on ``grid_points`` points of [alpha, beta] (float measurement).
    grid_points : int
    second_derivative_bounds : tuple of (Fraction or None)
        M_j >= max |f''| on each [x_{j-1}, x_j] (rigorous), None when unavailable.
    apriori_bound : Fraction or None
        max_j h_j^2 M_j / 8 (rigorous, sympy C^2 targets).
    total_bound : Fraction or None
        apriori_bound + max node value error: |f - net| <= total_bound on [alpha, beta]
        when the node errors are rigorous.
    """

    target: str
    interval: Interval
    knots: tuple[Fraction, ...]
    node_values: tuple[NodeValue, ...]
    spline: LinearSpline
    expansion: BasisExpansion
    network: TwoLayerReLU
    basis: str
    placement: str
    grid_sup_error: float
    grid_points: int
    second_derivative_bounds: tuple[Fraction | None, ...]
    apriori_bound: Fraction | None
    total_bound: Fraction | None

    @property
    def values_exact(self) -> bool:
        """True when every node value is exactly f(x_j).

        Examples
        --------
        >>> construct("x**2", (0, 1), 3, grid_points=101).values_exact  # x^2 at rational nodes: exact
        True
        >>> construct("sin(x)", (0, 1), 3, grid_points=101).values_exact  # sin(1/2) is irrational: enclosed
        False
        """
        return all(v.exact for v in self.node_values)

    @property
    def mesh_width(self) -> Fraction:
        """h = max_j (x_j - x_{j-1}).

        Examples
        --------
        >>> construct("x**2", (0, 1), 3, grid_points=101).mesh_width
        Fraction(1, 2)
        >>> construct("x**2", (0, 1), 3, knots=[0, "1/4", 1], grid_points=101).mesh_width
        Fraction(3, 4)
        """
        return max(v - u for u, v in itertools.pairwise(self.knots))

    def __repr__(self) -> str:
        bound = "n/a" if self.apriori_bound is None else approximate(self.apriori_bound)
        return (
            f"Construction({self.target!r}, N={len(self.knots)}, basis={self.basis}, "
            f"placement={self.placement}, sup_error~{self.grid_sup_error:.3g}, bound={bound})"
        )


#: Largest |endpoint| of a construction's interval: knot placement and the grid measurement use
#: float64 points of the interval (the network itself is exact).
MAX_INTERVAL_END = Fraction(10) ** 300


def construct(
    target: Any,
    interval: DomainLike,
    n_knots: int,
    *,
    basis: str = "one-sided",
    placement: str = "uniform",
    knots: Sequence[Any] | None = None,
    variable: Any = None,
    layout: str = "away",
    auxiliary_knot: Any = None,
    grid_points: int = 4001,
    precision_bits: int = 128,
    limits: Limits | None = None,
) -> Construction:
    """Interpolate a target on [alpha, beta] at N knots with an exact network.

    Parameters
    ----------
    target : sympy expression, str (parsed by sympy) or callable
        A callable is called with a Fraction at the knots and with floats on the grid.
    interval : DomainLike
        [alpha, beta]: ``(lo, hi)``, ``[(lo, hi)]``, ``"lo,hi"`` or a 1-D Box (see
        :func:`reluexact.domain.as_interval`), rational.
    n_knots : int
        N >= 2 knots including both ends (N - 1 pieces).
    basis : {"one-sided", "two-sided", "ramp"}
        One-sided: N units (auxiliary knot x_{-1}); two-sided: N - 2 units plus one
        affine-acting unit (``layout``); ramp: 2(N - 1) units.
    placement : {"uniform", "equidistribute", "greedy"}
        Ignored when ``knots`` is given.
    knots : sequence of rationals, optional
        Explicit knots (overrides placement and n_knots).
    layout : str
        Two-sided layout (see :func:`reluexact.oned.bases.layout_orientations`).
    auxiliary_knot : rational, optional
        x_{-1} for the one-sided basis.
    grid_points : int
        Size of the float grid for ``grid_sup_error`` (the knots are added to it).
    precision_bits : int
        Precision of the node value enclosures.
    limits : Limits, optional
        ``max_knots`` and the size of node values (``max_numeral_length``); default
        :func:`reluexact.limits.default_limits` (``RELUEXACT_LIMITS``).

    Returns
    -------
    Construction

    Raises
    ------
    CertificationError
        If the network did not interpolate the node values exactly (a bug).

    Examples
    --------
    >>> c = construct("x**2", (0, 1), 3, basis="ramp")
    >>> c.network.n_hidden, [str(c.network([x])[0]) for x in c.knots]
    (4, ['0', '1/4', '1'])
    >>> c.apriori_bound    # h^2/8 max|f''| = (1/2)^2 / 8 * 2
    Fraction(1, 16)
    """
    t = as_target(target, variable)
    a, b = required_interval(interval, where="interval", needed_by="construct")
    if max(abs(a), abs(b)) > MAX_INTERVAL_END:
        raise InvalidArgument(
            f"the interval [{format_fraction(a)[:40]}, {format_fraction(b)[:40]}] reaches beyond +-1e300, where the "
            "float grid that places knots and measures the error cannot go; rescale x (f(s*x) on a smaller interval)"
        )
    if basis not in BASES:
        raise InvalidArgument(f"unknown basis {basis!r}; choose one of {', '.join(BASES)}")
    if knots is not None:
        xs = tuple(to_fraction(v, where=f"knots[{j}]") for j, v in enumerate(knots))
        if xs[0] != a or xs[-1] != b:
            raise InvalidArgument("explicit knots must start at alpha and end at beta")
        placement = "explicit"
    elif placement == "uniform":
        xs = uniform_knots((a, b), n_knots, limits=limits)
    elif placement == "equidistribute":
        xs = adaptive_knots(t, (a, b), n_knots, limits=limits)
    elif placement == "greedy":
        xs = greedy_knots(t, (a, b), n_knots, limits=limits)
    else:
        raise InvalidArgument(f"unknown placement {placement!r}; choose one of {', '.join(KNOT_PLACEMENTS)}")
    nodes = tuple(target_value(t, x, precision_bits=precision_bits, limits=limits) for x in xs)
    spline = LinearSpline(xs, tuple((v.value,) for v in nodes))
    if basis == "one-sided":
        expansion = one_sided_basis(spline, auxiliary_knot=auxiliary_knot)
    elif basis == "two-sided":
        expansion = two_sided_basis(spline, layout=layout)
    else:
        expansion = ramp_basis(spline)
    net = expansion.to_network()
    for x, node in zip(xs, nodes, strict=True):
        if evaluate(net, [x]) != (node.value,):
            raise CertificationError(f"the network misses the node value at x = {format_fraction(x)}; a bug")
    grid = np.union1d(np.linspace(float(a), float(b), grid_points), np.array([float(x) for x in xs]))
    error = sup_error_on_grid(t, net, grid)
    bounds = second_derivative_bounds(t, xs)
    apriori = apriori_bound(xs, bounds)
    total: Fraction | None = None
    if apriori is not None and all(node.rigorous for node in nodes):
        total = apriori + max(node.error for node in nodes)
    return Construction(
        target=t.description,
        interval=(a, b),
        knots=xs,
        node_values=nodes,
        spline=spline,
        expansion=expansion,
        network=net,
        basis=basis,
        placement=placement,
        grid_sup_error=error,
        grid_points=int(grid.size),
        second_derivative_bounds=bounds,
        apriori_bound=apriori,
        total_bound=total,
    )


@dataclass(frozen=True, slots=True)
class ConvergenceRow:
    """One row of :func:`convergence_table`."""

    n_knots: int
    mesh_width: Fraction
    grid_sup_error: float
    apriori_bound: Fraction | None
    error_over_h2: float
    observed_order: float | None


def convergence_table(
    target: Any,
    interval: DomainLike,
    knot_counts: Sequence[int] = (5, 9, 17, 33, 65),
    *,
    placement: str = "uniform",
    variable: Any = None,
    grid_points: int = 4001,
) -> tuple[ConvergenceRow, ...]:
    """The O(h^2) convergence of the interpolating networks: one row per N.

    ``observed_order`` is log(e_prev / e) / log(h_prev / h) (float), close to 2 for smooth
    targets; ``error_over_h2`` is e / h^2, which settles near max|f''| / 8 or below.

    Examples
    --------
    >>> rows = convergence_table("sin(2*pi*x)", (0, 1), (17, 33, 65))
    >>> [round(r.observed_order, 1) for r in rows[1:]]
    [2.0, 2.0]
    >>> all(r.grid_sup_error <= float(r.apriori_bound) for r in rows)
    True
    """
    rows: list[ConvergenceRow] = []
    interval = required_interval(interval, where="interval", needed_by="convergence_table")
    for n in knot_counts:
        c = construct(target, interval, n, placement=placement, variable=variable, grid_points=grid_points)
        h = c.mesh_width
        order = None
        if rows and c.grid_sup_error > 0 and rows[-1].grid_sup_error > 0:
            order = math.log(rows[-1].grid_sup_error / c.grid_sup_error) / math.log(
                float(rows[-1].mesh_width) / float(h)
            )
        rows.append(ConvergenceRow(n, h, c.grid_sup_error, c.apriori_bound, c.grid_sup_error / float(h) ** 2, order))
    return tuple(rows)
