"""1-D input, completely understood: spline form, equivalence and minimality, bases,
constructions, the strict partial order of knots, and decoding of training solutions.

Modules: :mod:`~reluexact.oned.spline` (spline form), :mod:`~reluexact.oned.equivalence`
(equivalence, minimal width with proof), :mod:`~reluexact.oned.bases` (one-sided,
two-sided, ramp bases and rewrites), :mod:`~reluexact.oned.construction` (interpolating a
target), with :mod:`~reluexact.oned.targets` (targets, node values, kinks),
:mod:`~reluexact.oned.placement` (knot placement), :mod:`~reluexact.oned.bounds` (rigorous
h^2/8 max |f''| bounds) and :mod:`~reluexact.oned.enclosures` (interval arithmetic),
:mod:`~reluexact.oned.order` (strict partial order of knots),
:mod:`~reluexact.oned.decoding` (decoding a training solution) and
:mod:`~reluexact.oned.comparison` (a decoding beside constructions for the same target).

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> from reluexact.oned import spline_form
>>> spline_form(TwoLayerReLU([[1]], [0], [[2]], [0])).far_right_slope
(Fraction(2, 1),)
"""

from reluexact.oned.bases import (
    LAYOUTS,
    BasisExpansion,
    LinearSpline,
    RewriteStep,
    expansions_equal,
    layout_orientations,
    merge_terms,
    network_expansion,
    one_sided_basis,
    ramp_basis,
    reorient,
    rewrite,
    spline_of_network,
    two_sided_basis,
)
from reluexact.oned.bounds import second_derivative_bound
from reluexact.oned.comparison import Comparison, compare_with_construction
from reluexact.oned.construction import BASES, Construction, ConvergenceRow, construct, convergence_table
from reluexact.oned.decoding import DecodedUnit, Decoding, KnotGroup, decode
from reluexact.oned.equivalence import (
    MinimalityCertificate,
    MinimalNetwork,
    are_equivalent,
    difference_witness,
    find_orientation_subset,
    minimal_network,
    minimal_width,
)
from reluexact.oned.order import (
    ActiveSet,
    KnotChains,
    active_set,
    knot_chains,
    knot_order,
    one_sided_ordering,
    precedes,
)
from reluexact.oned.placement import KNOT_PLACEMENTS, adaptive_knots, greedy_knots, uniform_knots
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
    to_sympy_piecewise,
    unit_role,
    unit_terms,
)
from reluexact.oned.targets import NodeValue, target_value

__all__ = [
    "AFFINE_ACTING",
    "BASES",
    "DEAD",
    "KNOT_PLACEMENTS",
    "LAYOUTS",
    "SHAPING",
    "ZERO_OUTPUT",
    "ActiveSet",
    "BasisExpansion",
    "Comparison",
    "Construction",
    "ConvergenceRow",
    "DecodedUnit",
    "Decoding",
    "Knot",
    "KnotChains",
    "KnotGroup",
    "LinearSpline",
    "MinimalNetwork",
    "MinimalityCertificate",
    "NodeValue",
    "Piece",
    "ReluTerm",
    "RewriteStep",
    "SplineForm",
    "active_set",
    "adaptive_knots",
    "are_equivalent",
    "compare_with_construction",
    "construct",
    "convergence_table",
    "decode",
    "difference_witness",
    "expansions_equal",
    "find_orientation_subset",
    "greedy_knots",
    "knot_chains",
    "knot_order",
    "layout_orientations",
    "merge_terms",
    "minimal_network",
    "minimal_width",
    "network_expansion",
    "one_sided_basis",
    "one_sided_ordering",
    "precedes",
    "ramp_basis",
    "reorient",
    "rewrite",
    "second_derivative_bound",
    "spline_form",
    "spline_of_network",
    "target_value",
    "to_sympy_piecewise",
    "two_sided_basis",
    "uniform_knots",
    "unit_role",
    "unit_terms",
]
