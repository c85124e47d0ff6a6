"""1-D input, completely understood: spline form, equivalence and minimality, bases,
constructions, the strict partial order of knots, and decoding of training solutions.

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> from reluexact.oned import spline_form
>>> spline_form(TwoLayerReLU([[1]], [0], [[2]], [0])).far_right_slope
(Fraction(2, 1),)
"""

from reluexact.oned.spline import (
    AFFINE_ACTING,
    DEAD,
    SHAPING,
    ZERO_OUTPUT,
    Knot,
    Piece,
    ReluTerm,
    SplineForm,
    spline_form,
    spline_form_json,
    to_sympy_piecewise,
    unit_role,
    unit_terms,
)

__all__ = [
    "AFFINE_ACTING",
    "DEAD",
    "SHAPING",
    "ZERO_OUTPUT",
    "Knot",
    "Piece",
    "ReluTerm",
    "SplineForm",
    "spline_form",
    "spline_form_json",
    "to_sympy_piecewise",
    "unit_role",
    "unit_terms",
]
