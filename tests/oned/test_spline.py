from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import ShapeError, TwoLayerReLU, evaluate
from reluexact.errors import DomainError
from reluexact.oned.spline import (
    AFFINE_ACTING,
    DEAD,
    SHAPING,
    ZERO_OUTPUT,
    ReluTerm,
    spline_form,
    to_sympy_piecewise,
    unit_role,
    unit_terms,
)
from tests.oned.strategies import domains, nets_1d, small_rationals

F = Fraction
EXAMPLE3 = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])


def test_worked_example_3_exactly():
    form = spline_form(EXAMPLE3)
    assert [k.x for k in form.knots] == [F(-1, 2), F(1, 2)]
    assert [k.jump for k in form.knots] == [(F(-1),), (F(7),)]
    assert form.knots[1].units == (0, 1)
    assert form.knots[1].right_units == (0,)
    assert form.knots[1].left_units == (1,)
    assert [p.slope for p in form.pieces] == [(F(-6),), (F(-7),), (F(0),)]
    assert form.far_left_slope == (F(-6),)
    assert form.far_right_slope == (F(0),)
    assert [form([x]) for x in (-1, 0, 1)] == [(F(91, 10),), (F(13, 5),), (F(-9, 10),)]
    assert [evaluate(EXAMPLE3, [x]) for x in (-1, 0, 1)] == [(F(91, 10),), (F(13, 5),), (F(-9, 10),)]
    assert form.n_pieces == 3


def test_zero_jump_knots_are_kept_in_form_but_not_break_points():
    net = TwoLayerReLU([[1], [-1], [1]], [0, 0, -1], [[1, -1, 2]], [0])  # relu(x) - relu(-x) = x: no kink at 0
    form = spline_form(net)
    assert [k.x for k in form.knots] == [F(0), F(1)]
    assert not form.knots[0].is_break_point
    assert [k.x for k in form.break_points] == [F(1)]
    assert form.far_left_slope == (F(1),)
    assert form.far_right_slope == (F(3),)


def test_multi_output_jumps_are_vectors():
    net = TwoLayerReLU([[2], [-1]], [-1, 1], [[1, 3], [-2, 0]], [0, 1])
    form = spline_form(net)
    assert [(k.x, k.jump) for k in form.knots] == [(F(1, 2), (F(2), F(-4))), (F(1), (F(3), F(0)))]
    assert form.far_left_slope == (F(-3), F(0))


def test_constant_units_and_empty_network():
    net = TwoLayerReLU([[0], [0]], [2, -1], [[3, 5]], [1])
    form = spline_form(net)
    assert form.constant_units == (0, 1)
    assert form.knots == ()
    assert form.n_pieces == 1
    assert form([F(17)]) == (F(7),)
    assert form.unit_roles == (AFFINE_ACTING, DEAD)
    empty = TwoLayerReLU([], [], [], [F(3)], input_dim=1)
    assert spline_form(empty).pieces[0].intercept == (F(3),)


def test_roles_on_a_domain():
    # right-facing knot at alpha acts affinely; left-facing knot at alpha is dead; zero output
    net = TwoLayerReLU([[1], [-1], [1], [-1], [1]], [0, 0, -5, 5, "-1/2"], [[1, 1, 1, 1, 0]], [0])
    form = spline_form(net, domain=(0, 1))
    assert form.unit_roles == (AFFINE_ACTING, DEAD, DEAD, AFFINE_ACTING, ZERO_OUTPUT)
    assert [k.x for k in form.knots] == [F(1, 2)]
    assert unit_role(net, 4) == ZERO_OUTPUT
    assert unit_role(net, 0) == SHAPING


def test_domain_errors_and_dimension():
    with pytest.raises(DomainError, match=r"^domain: side 1 is empty or a point: low 1 >= high 1; need low < high"):
        spline_form(EXAMPLE3, domain=(1, 1))
    with pytest.raises(DomainError, match=r"^domain: side 1 reads '1,2,3'; each side is 'lo,hi'"):
        spline_form(EXAMPLE3, domain="1,2,3")
    with pytest.raises(ShapeError, match=r"^domain has 2 sides \(lo,hi pairs\) but the network has d = 1 inputs"):
        spline_form(EXAMPLE3, domain="0,1;0,1")
    with pytest.raises(ShapeError, match="1-D input"):
        spline_form(TwoLayerReLU([[1, 2]], [0], [[1]], [0]))
    with pytest.raises(ShapeError, match="outside"):
        spline_form(EXAMPLE3, domain=(0, 1))([2])


def test_value_objects_are_immutable_and_reprs_short():
    form = spline_form(EXAMPLE3)
    with pytest.raises(AttributeError):
        form.pieces = ()  # type: ignore[misc]
    assert repr(form) == "SplineForm(m=1, break_points=2, pieces=3, on R)"
    assert repr(form.knots[0]) == "Knot(x=-1/2, jump=-1, units=[2])"
    assert unit_terms(EXAMPLE3)[1] == ReluTerm(F(1, 2), -1, (F(6),))


@settings(max_examples=60, deadline=None)
@given(nets_1d(), st.lists(small_rationals, min_size=1, max_size=5))
def test_spline_form_agrees_with_exact_evaluation(net, points):
    form = spline_form(net)
    knots = [k.x for k in form.knots]
    check = list(points) + knots + [x + F(1, 7) for x in knots] + [x - 3 for x in knots]
    for x in check:
        assert form([x]) == evaluate(net, [x])
    # piece count <= distinct non-zero-jump knots + 1, and consecutive pieces really differ in slope
    assert form.n_pieces == len(form.break_points) + 1
    for left, right in zip(form.pieces, form.pieces[1:], strict=False):
        assert left.slope != right.slope
    # far slopes are the sums over orientations
    m = net.output_dim
    left_slope = tuple(
        sum((net.A[k][i] * net.W[i][0] for i in range(net.n_hidden) if net.W[i][0] < 0), F(0)) for k in range(m)
    )
    right_slope = tuple(
        sum((net.A[k][i] * net.W[i][0] for i in range(net.n_hidden) if net.W[i][0] > 0), F(0)) for k in range(m)
    )
    assert form.far_left_slope == left_slope
    assert form.far_right_slope == right_slope


@settings(max_examples=60, deadline=None)
@given(nets_1d(), domains(), st.lists(st.fractions(min_value=0, max_value=1, max_denominator=50), max_size=4))
def test_restricted_spline_form_agrees_with_evaluation(net, domain, fractions):
    alpha, beta = domain
    form = spline_form(net, domain=domain)
    assert form.pieces[0].start == alpha
    assert form.pieces[-1].end == beta
    points = [alpha, beta] + [alpha + (beta - alpha) * q for q in fractions] + [k.x for k in form.knots]
    for x in points:
        assert form([x]) == evaluate(net, [x])
    for k in form.knots:
        assert alpha < k.x < beta
    for i, role in enumerate(form.unit_roles):  # dead units never active, affine-acting active on the open domain
        w, b = net.W[i][0], net.b[i]
        mid = (alpha + beta) / 2
        if role == DEAD:
            assert all(w * x + b <= 0 for x in (alpha, mid, beta))
        if role == AFFINE_ACTING:
            assert all(w * x + b >= 0 for x in (alpha, beta))
            assert w * mid + b > 0


@settings(max_examples=25, deadline=None)
@given(nets_1d(max_units=4, max_outputs=1), st.booleans())
def test_sympy_piecewise_matches(net, restricted):
    domain = (F(-2), F(3)) if restricted else None
    form = spline_form(net, domain=domain)
    expr = to_sympy_piecewise(form)[0]
    for x in (F(-2), F(-1, 3), F(0), F(1), F(3)):
        value = expr.subs("x", sympy.Rational(x.numerator, x.denominator))
        assert value == sympy.Rational(form([x])[0].numerator, form([x])[0].denominator)
