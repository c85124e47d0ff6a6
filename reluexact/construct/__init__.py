"""d-D constructions: exact interpolation and ridge-sum approximation by two-layer ReLU networks.

Both project the input onto directions u and use 1-D one-sided splines in t = u . x
(:func:`reluexact.oned.bases.one_sided_basis`), so every hidden unit is relu(u . x - t_j):
the hyperplanes of one direction are parallel and form one chain of the half-space order
(:func:`reluexact.order.parallel_chains`).
"""

from reluexact.construct.interpolation import Interpolation, interpolate, separating_direction
from reluexact.construct.ridge import RidgeErrorRow, RidgeFit, fit_ridge_sum, ridge_directions, ridge_error_table

__all__ = [
    "Interpolation",
    "RidgeErrorRow",
    "RidgeFit",
    "fit_ridge_sum",
    "interpolate",
    "ridge_directions",
    "ridge_error_table",
    "separating_direction",
]
