from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import InvalidArgument, TwoLayerReLU, evaluate
from reluexact.oned.bounds import second_derivative_bound
from reluexact.oned.construction import construct, convergence_table
from reluexact.oned.equivalence import are_equivalent
from reluexact.oned.placement import adaptive_knots, greedy_knots, uniform_knots
from tests.oracles import reference_polynomial
from tests.strategies import polynomial_coefficients

F = Fraction
x = sympy.Symbol("x")


def test_worked_example_1():
    c = construct(sympy.sin(2 * sympy.pi * x), (0, 1), 5)
    assert c.knots == (F(0), F(1, 4), F(1, 2), F(3, 4), F(1))
    assert c.values_exact
    assert [v.value for v in c.node_values] == [0, 1, 0, -1, 0]
    example = TwoLayerReLU([[1], [1], [1]], [0, F(-1, 4), F(-3, 4)], [[4, -8, 8]], [0])
    assert are_equivalent(c.network, example, domain=(0, 1))
    assert c.network.n_hidden == 5  # z + 1 units, two with zero output weight
    assert abs(c.grid_sup_error - 0.2105) < 5e-4
    assert c.grid_sup_error <= float(c.apriori_bound)
    # h^2/8 max|f''| with h = 1/4, max|f''| = 4 pi^2: 0.3084..., bounded rigorously from above
    assert float(c.apriori_bound) >= (1 / 16) / 8 * 4 * math.pi**2
    assert float(c.apriori_bound) < 0.3085


@settings(max_examples=25, deadline=None)
@given(
    polynomial_coefficients(),
    st.sampled_from([(F(0), F(1)), (F(-1), F(2)), (F(-3, 2), F(-1, 3))]),
    st.integers(min_value=2, max_value=7),
    st.sampled_from(["one-sided", "two-sided", "ramp"]),
    st.sampled_from(["uniform", "greedy", "equidistribute"]),
)
def test_every_construction_interpolates_exactly(coefficients, interval, n, basis, placement):
    expr = sum(sympy.Rational(c.numerator, c.denominator) * x**k for k, c in enumerate(coefficients))

    if placement == "equidistribute" and n > 2 and len(coefficients) <= 2:
        placement = "uniform"  # f'' = 0: only the floor density is left, which is uniform anyway
    c = construct(expr, interval, n, basis=basis, placement=placement)
    assert c.knots[0] == interval[0]
    assert c.knots[-1] == interval[1]
    assert len(c.knots) == n
    assert c.values_exact
    for knot in c.knots:
        assert evaluate(c.network, [knot]) == (reference_polynomial(coefficients, knot),)
    expected_units = {"one-sided": n, "two-sided": n - 2 + 1, "ramp": 2 * (n - 1)}[basis]
    assert c.network.n_hidden <= expected_units
    assert c.total_bound is not None
    assert c.grid_sup_error <= float(c.total_bound) + 1e-12


def test_irrational_node_values_are_certified_enclosures():
    c = construct(sympy.sin(x) + sympy.exp(x / 3), (0, 1), 4)
    assert not c.values_exact
    mpmath.mp.dps = 60
    try:
        for knot, node in zip(c.knots, c.node_values, strict=True):
            assert node.rigorous
            true = mpmath.sin(mpmath.mpf(knot.numerator) / knot.denominator) + mpmath.exp(
                mpmath.mpf(knot.numerator) / knot.denominator / 3
            )
            if knot == 0:
                assert node.exact
                continue
            assert node.error < F(1, 10**30)
            assert (
                abs(mpmath.mpf(node.value.numerator) / node.value.denominator - true)
                <= mpmath.mpf(node.error.numerator) / node.error.denominator
            )
            assert evaluate(c.network, [knot]) == (node.value,)
    finally:
        mpmath.mp.dps = 15
    assert c.total_bound is not None
    assert c.total_bound > c.apriori_bound


def test_callable_targets():
    c = construct(lambda t: t * t, (0, 2), 3)
    assert c.values_exact  # the callable returned Fractions
    assert c.apriori_bound is None  # no symbolic f''
    assert [evaluate(c.network, [k])[0] for k in c.knots] == [0, 1, 4]
    d = construct(math.sin, (0, 1), 3)
    assert not d.values_exact
    assert d.node_values[1].value == F(math.sin(0.5))


def test_apriori_bound_is_exact_for_quadratics():
    c = construct(x**2, (0, 1), 5)
    assert c.apriori_bound == F(1, 16) ** 1 * 2 / 8 * 1  # h = 1/4: h^2/8 * 2 = 1/64
    assert c.apriori_bound == F(1, 64)
    assert abs(c.grid_sup_error - 1 / 64) < 1e-12  # attained at the midpoints


def test_adaptive_knots_beat_uniform_on_localised_curvature():
    target = sympy.tanh(8 * x)
    uniform = construct(target, (-1, 1), 13)
    adaptive = construct(target, (-1, 1), 13, placement="equidistribute")
    greedy = construct(target, (-1, 1), 13, placement="greedy")
    assert adaptive.grid_sup_error < uniform.grid_sup_error
    assert greedy.grid_sup_error < uniform.grid_sup_error
    knots = adaptive_knots(target, (-1, 1), 13)
    assert sum(1 for k in knots if abs(k) < F(1, 4)) > sum(1 for k in uniform_knots((-1, 1), 13) if abs(k) < F(1, 4))
    assert greedy_knots(target, (-1, 1), 5)[2] == 0


def test_convergence_is_second_order():
    rows = convergence_table(sympy.sin(2 * sympy.pi * x), (0, 1), (17, 33, 65))
    for row in rows:
        assert row.grid_sup_error <= float(row.apriori_bound)
    orders = [row.observed_order for row in rows[1:]]
    assert all(1.9 < order < 2.1 for order in orders)
    ratios = [row.error_over_h2 for row in rows]
    assert abs(ratios[-1] - (2 * math.pi) ** 2 / 8) < 0.1  # e / h^2 -> max|f''| / 8


def test_construct_errors():
    with pytest.raises(InvalidArgument, match="unknown basis"):
        construct(x, (0, 1), 3, basis="three-sided")
    with pytest.raises(InvalidArgument, match=">= 2"):
        construct(x, (0, 1), 1)
    with pytest.raises(InvalidArgument, match="several free symbols"):
        construct(x * sympy.Symbol("y"), (0, 1), 3)
    with pytest.raises(InvalidArgument, match="start at alpha"):
        construct(x, (0, 1), 3, knots=[F(1, 2), 1])
    with pytest.raises(InvalidArgument, match="unknown placement"):
        construct(x, (0, 1), 3, placement="random")


# -- non-smooth sympy targets (regressions: equidistribute crashed with sympy's
# PrintMethodNotImplementedError on Abs and NameError 'DiracDelta' on Max, and the a-priori bound
# claimed 0 for Piecewise((0, x < 0), (x, True)), whose f'' sympy takes piece by piece)
X = sympy.Symbol("x")
THIRD = sympy.Rational(1, 3)


@pytest.mark.parametrize(
    ("target", "kink"),
    [
        (sympy.Abs(X), F(0)),
        (sympy.Abs(X - THIRD), F(1, 3)),
        (sympy.Max(0, X - THIRD), F(1, 3)),
        (sympy.Max(X, 1 - X), F(1, 2)),
        (sympy.Min(X, -X / 2), F(0)),
        (sympy.Piecewise((0, X < THIRD), (X - THIRD, True)), F(1, 3)),
    ],
)
def test_equidistribute_puts_a_knot_on_the_kink_of_piecewise_linear_targets(target, kink):
    for n in (3, 4, 7):
        c = construct(target, (-1, 1), n, placement="equidistribute")
        assert kink in c.knots
        assert len(c.knots) == n
        assert c.apriori_bound is None
        assert c.total_bound is None
        # all kinks are knots, so the network IS the target: check at rationals off the knots
        for p in (F(-7, 9), F(-1, 5), F(1, 7), F(2, 5), F(5, 6)):
            exact = sympy.nsimplify(target.subs(X, sympy.Rational(p.numerator, p.denominator)))
            assert c.network([p])[0] == F(int(exact.p), int(exact.q))


def test_equidistribute_sees_a_kink_that_only_a_real_variable_shows():
    # sqrt(x**2) is Abs(x) for real x; sympy only rewrites it when x is declared real
    c = construct(sympy.sqrt(X**2), (-1, 1), 4, placement="equidistribute")
    assert F(0) in c.knots
    assert all(c.network([p]) == (abs(p),) for p in (F(-5, 7), F(-1, 9), F(1, 5), F(7, 8)))
    assert c.apriori_bound is None


def test_equidistribute_on_a_kinked_smooth_target():
    target = X**2 + sympy.Abs(X - THIRD)
    c = construct(target, (-1, 1), 9, placement="equidistribute")
    assert F(1, 3) in c.knots
    assert c.apriori_bound is None  # the piece bounds next to the kink are not claimed
    assert c.second_derivative_bounds[0] == 2  # away from the kink f'' = 2 is still bounded
    assert c.grid_sup_error < construct(target, (-1, 1), 9).grid_sup_error


@pytest.mark.parametrize(
    ("target", "interval", "n", "match"),
    [
        (sympy.Abs(X), (-1, 1), 2, r"1 kink\(s\).*n_knots >= 3.*greedy"),
        (sympy.floor(3 * X), (-1, 1), 5, "cannot locate the kinks.*greedy"),
        (sympy.sqrt(X), (0, 1), 5, "unbounded.*greedy"),
    ],
)
def test_equidistribute_refuses_clearly(target, interval, n, match):
    with pytest.raises(InvalidArgument, match=match):
        construct(target, interval, n, placement="equidistribute")


@pytest.mark.parametrize("placement", ["uniform", "greedy"])
def test_no_apriori_bound_for_kinked_targets(placement):
    for target in (sympy.Piecewise((0, X < 0), (X, True)), sympy.Piecewise((0, X < 0), (1, True)), sympy.Abs(X)):
        c = construct(target, (-1, 1), 4, placement=placement)
        assert c.apriori_bound is None
        assert c.total_bound is None
        assert second_derivative_bound(target, (-1, 1)) is None
    # a kink outside the interval does not matter: x^2 there
    assert second_derivative_bound(sympy.Abs(X - 2) + X**2, (-1, 1)) == 2
