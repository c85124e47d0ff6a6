"""A decoded training solution beside constructed solutions for the same target.

:func:`compare_with_construction` takes a :class:`~reluexact.oned.decoding.Decoding` (the
exact reading of a trained 1-D network on its data domain) and the target it was trained
on, builds exact interpolants with the same number of pieces
(:func:`reluexact.oned.construction.construct`, one per knot placement), and sets the
trained break points against the target's curvature |f''| and the constructed knots.

Exactness: the decoding and the constructions are exact; the errors and curvatures compared
here are float measurements on a grid.

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> from reluexact.oned.decoding import decode
>>> net = TwoLayerReLU([[1], [1]], [0, "-1/2"], [[1, 2]], [0])
>>> comparison = compare_with_construction(decode(net, domain=(0, 1)), "x**2", placements=("uniform",))
>>> comparison.trained_knots, [str(v) for v in comparison.constructions[0].knots]
((Fraction(1, 2),), ['0', '1/2', '1'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from reluexact.errors import InvalidArgument
from reluexact.oned.construction import Construction, construct
from reluexact.oned.decoding import Decoding
from reluexact.oned.targets import as_target, second_derivative_floats, sup_error_on_grid

__all__ = ["Comparison", "compare_with_construction"]


@dataclass(frozen=True, slots=True)
class Comparison:
    """A decoded training solution beside constructed solutions for the same target.

    Attributes
    ----------
    trained_knots : tuple of Fraction
        The network's break points inside the domain.
    trained_curvature : tuple of float
        |f''| of the target at each trained knot (float).
    trained_error : float
        max |f - net| on the grid (float measurement).
    constructions : tuple of Construction
        Constructed interpolants with the same number of pieces (one per placement).
    construction_curvature : tuple of tuple of float
        |f''| at the interior knots of each construction.
    mean_curvature : float
        Mean of |f''| over the grid, for reference.
    """

    trained_knots: tuple[Fraction, ...]
    trained_curvature: tuple[float, ...]
    trained_error: float
    constructions: tuple[Construction, ...]
    construction_curvature: tuple[tuple[float, ...], ...]
    mean_curvature: float


def compare_with_construction(
    decoding: Decoding,
    target: Any,
    *,
    placements: Sequence[str] = ("uniform", "equidistribute"),
    n_knots: int | None = None,
    grid_points: int = 4001,
) -> Comparison:
    """Compare a decoded training solution with constructed solutions for the same target.

    Parameters
    ----------
    decoding : Decoding
    target : sympy expression, str or callable
        The function the network was trained on.
    placements : sequence of str
        Knot placements for the constructions (see :func:`reluexact.oned.construction.construct`).
    n_knots : int, optional
        Knots per construction; default the trained break points + 2 (the ends), so both
        have the same number of linear pieces on the domain.

    Returns
    -------
    Comparison
        Float measurements (errors on a grid, |f''| at knots) beside exact constructions.

    Examples
    --------
    >>> import sympy
    >>> from reluexact import TwoLayerReLU
    >>> from reluexact.oned.decoding import decode
    >>> x = sympy.Symbol("x")
    >>> net = TwoLayerReLU([[1], [1]], [0, "-1/2"], [[1, 2]], [0])
    >>> comparison = compare_with_construction(decode(net, domain=(0, 1)), x**2)
    >>> len(comparison.constructions), comparison.constructions[0].network.n_hidden
    (2, 3)
    """
    t = as_target(target)
    alpha, beta = decoding.domain
    knots = tuple(g.knot for g in decoding.groups if g.is_break_point)
    count = n_knots if n_knots is not None else len(knots) + 2
    if count < 2:
        raise InvalidArgument("n_knots must be at least 2")
    grid = np.linspace(float(alpha), float(beta), grid_points)
    net = decoding.network
    trained_error = sup_error_on_grid(t, net, grid)
    fine = second_derivative_floats(t, grid)

    def curvature(points: Sequence[Fraction]) -> tuple[float, ...]:
        if not points:
            return ()
        xs = np.array([float(p) for p in points])
        if t.is_symbolic:
            return tuple(float(v) for v in np.abs(second_derivative_floats(t, xs)))
        return tuple(float(v) for v in np.abs(np.interp(xs, grid, fine)))

    constructions = tuple(construct(t, (alpha, beta), count, placement=p) for p in placements)
    return Comparison(
        trained_knots=knots,
        trained_curvature=curvature(knots),
        trained_error=trained_error,
        constructions=constructions,
        construction_curvature=tuple(curvature(c.knots[1:-1]) for c in constructions),
        mean_curvature=float(np.mean(np.abs(fine))),
    )
