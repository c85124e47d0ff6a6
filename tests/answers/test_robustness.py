"""Tests of :mod:`reluexact.answers.robustness`: exact radii against independent oracles."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import TwoLayerReLU
from reluexact.answers.robustness import (
    float_milp_radius,
    prediction,
    robustness,
    robustness_batch,
    robustness_document,
    verify,
)
from reluexact.check import check_certificate
from reluexact.errors import DomainError, InvalidArgument
from reluexact.model import evaluate
from tests.answers.oracles import brute_force_radius as _oracle
from tests.strategies import boxes, networks, rationals


def _inside(box, fractions):
    return tuple(lo + t * (hi - lo) for (lo, hi), t in zip(box, fractions, strict=True))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 2).flatmap(
        lambda d: st.tuples(
            networks(
                d=d, n=st.integers(0, 4), m=st.integers(1, 3), entries=rationals(max_numerator=6, max_denominator=3)
            ),
            boxes(d),
            st.lists(st.fractions(0, 1, max_denominator=4), min_size=d, max_size=d),
        )
    ),
    st.sampled_from(["inf", "1"]),
)
def test_radius_equals_the_brute_force_oracle(case, norm):
    net, box, where = case
    x0 = _inside(box, where)
    result = robustness(net, x0, norm, box)
    expected = _oracle(net, x0, box, norm)
    assert result.radius == expected
    if expected is None:
        assert result.counterexample is None
    else:
        klass, tie = prediction(evaluate(net, result.counterexample))
        assert tie or klass != result.klass
        delta = [a - b for a, b in zip(result.counterexample, x0, strict=True)]
        assert (max(map(abs, delta)) if norm == "inf" else sum(map(abs, delta))) == expected
    assert check_certificate(robustness_document(net, [result])).startswith("robustness certificate holds")


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 2).flatmap(
        lambda d: st.tuples(
            networks(
                d=d, n=st.integers(0, 4), m=st.integers(1, 3), entries=rationals(max_numerator=6, max_denominator=3)
            ),
            boxes(d),
            st.lists(st.fractions(0, 1, max_denominator=4), min_size=d, max_size=d),
        )
    )
)
def test_norm_2_is_between_the_inf_radius_and_sqrt_d_times_it(case):
    net, box, where = case
    x0 = _inside(box, where)
    two = robustness(net, x0, "2", box)
    inf = robustness(net, x0, "inf", box)
    assert (two.radius_squared is None) == (inf.radius is None)
    if inf.radius is not None:
        assert inf.radius**2 <= two.radius_squared <= net.input_dim * inf.radius**2
        delta = [a - b for a, b in zip(two.counterexample, x0, strict=True)]
        assert sum(v * v for v in delta) == two.radius_squared
    assert check_certificate(robustness_document(net, [two])).startswith("robustness certificate holds")


@settings(max_examples=25, deadline=None)
@given(
    networks(d=2, n=st.integers(1, 4), m=st.integers(1, 3), entries=rationals(max_numerator=6, max_denominator=3)),
    st.fractions(0, 3, max_denominator=4),
    st.sampled_from(["inf", "1", "2"]),
)
def test_verify_agrees_with_the_radius(net, eps, norm):
    x0 = (Fraction(1, 3), Fraction(-1, 2))
    box = ((-2, 2), (-2, 2))
    radius = robustness(net, x0, norm, box)
    answer = verify(net, x0, eps, norm, box)
    value = radius.radius_squared
    assert answer.robust == (value is None or eps * eps < value)
    if not answer.robust:
        delta = [a - b for a, b in zip(answer.counterexample, x0, strict=True)]
        measure = {"inf": max(map(abs, delta)), "1": sum(map(abs, delta)), "2": sum(v * v for v in delta)}[norm]
        assert measure <= (eps * eps if norm == "2" else eps)
    assert check_certificate(robustness_document(net, [answer])).startswith("robustness certificate holds")


def _zeros_1d(knots_net: TwoLayerReLU, lo: Fraction, hi: Fraction) -> list[Fraction]:
    """The zeros of a 1-D spline on [lo, hi], from its values at the knots (piecewise linear)."""
    knots = sorted({-b / w[0] for w, b in zip(knots_net.W, knots_net.b, strict=True) if w[0] and lo < -b / w[0] < hi})
    xs = [lo, *knots, hi]
    f = [evaluate(knots_net, [x])[0] for x in xs]
    zeros = [x for x, v in zip(xs, f, strict=True) if v == 0]
    for (x1, f1), (x2, f2) in itertools.pairwise(zip(xs, f, strict=True)):
        if f1 * f2 < 0:
            zeros.append(x1 + (x2 - x1) * f1 / (f1 - f2))
    return zeros


@pytest.mark.parametrize("x0", [Fraction(0), Fraction(7, 4), Fraction(-3), Fraction(5, 2)])
def test_one_dimension_radius_is_the_distance_to_the_nearest_sign_change(x0):
    net = TwoLayerReLU([[1], [1], [-1], [2]], [0, -1, -2, -5], [[1, -3, "1/2", 2]], ["-1/4"])
    lo, hi = Fraction(-4), Fraction(4)
    zeros = _zeros_1d(net, lo, hi)
    assert zeros  # the hand case has sign changes
    for norm in ("inf", "1"):
        result = robustness(net, [x0], norm, [(lo, hi)])
        assert result.radius == min(abs(z - x0) for z in zeros)
    assert robustness(net, [x0], "2", [(lo, hi)]).radius_squared == min((z - x0) ** 2 for z in zeros)


def test_symmetric_two_dimensional_net():
    # f = |x1| + |x2| - 1: the decision boundary is the l1 unit sphere; at 0 the radii are known
    net = TwoLayerReLU([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 0, 0], [[1, 1, 1, 1]], [-1])
    inf = robustness(net, [0, 0], "inf")
    one = robustness(net, [0, 0], "1")
    two = robustness(net, [0, 0], "2")
    assert (inf.klass, inf.radius, one.radius, two.radius_squared) == (0, Fraction(1, 2), 1, Fraction(1, 2))
    assert [abs(v) for v in inf.counterexample] == [Fraction(1, 2)] * 2
    assert sum(abs(v) for v in one.counterexample) == 1
    assert evaluate(net, two.counterexample) == (0,)
    # the four symmetric regions all meet the ball: every one is examined
    assert inf.regions_examined == 4
    for result in (inf, one, two):
        assert check_certificate(robustness_document(net, [result]))


def test_conventions_tie_and_no_change():
    net = TwoLayerReLU([[1]], [0], [[1]], [0])
    tie = robustness(net, [0])
    assert (tie.klass, tie.tie, tie.radius, tie.counterexample) == (0, True, 0, (0,))
    # on [1, 2] the sign never changes: radius and counterexample null, proved by the certificate
    none = robustness(net, ["3/2"], domain=[(1, 2)])
    assert (none.klass, none.radius, none.counterexample) == (1, None, None)
    assert check_certificate(robustness_document(net, [tie]))
    assert check_certificate(robustness_document(net, [none]))
    argmax_tie = robustness(TwoLayerReLU([[1]], [0], [[1], [1]], [0, 0]), [5])
    assert (argmax_tie.klass, argmax_tie.radius) == (0, 0)
    with pytest.raises(DomainError):
        robustness(net, [3], domain=[(1, 2)])
    with pytest.raises(InvalidArgument):
        robustness(net, [1], norm="3")


def test_batch_progress_and_per_sample_time():
    net = TwoLayerReLU([[1, -1]], [0], [[1]], ["-1/4"])
    seen = []
    results = robustness_batch(
        net, [[1, 0], [0, 1], [2, 2]], "inf", progress=False, on_result=lambda k, r: seen.append(k)
    )
    assert seen == [0, 1, 2]
    assert [r.radius for r in results] == [Fraction(3, 8), Fraction(5, 8), Fraction(1, 8)]
    assert all(r.seconds >= 0 and r.regions_examined >= 1 for r in results)


def _digits_net(hidden: int):
    sklearn = pytest.importorskip("sklearn")
    from sklearn.datasets import load_digits
    from sklearn.neural_network import MLPClassifier

    from reluexact.interop.sklearn import from_sklearn

    del sklearn
    X, y = load_digits(return_X_y=True)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = MLPClassifier(hidden_layer_sizes=(hidden,), random_state=0, max_iter=300).fit(X[:1500] / 16, y[:1500])
    return from_sklearn(clf), X


def test_agrees_with_the_float_milp_on_a_trained_digits_net():
    pytest.importorskip("scipy")
    net, X = _digits_net(8)
    box = [(0, 1)] * 64
    for s in (1600, 1601):
        x0 = [Fraction(int(v), 16) for v in X[s]]
        exact = robustness(net, x0, "inf", box)
        milp, _ = float_milp_radius(net, x0, "inf", box)
        assert exact.radius is not None
        assert milp is not None
        assert abs(float(exact.radius) - milp) <= 1e-5 * max(1.0, milp)
        assert check_certificate(robustness_document(net, [exact]))


def test_a_case_the_float_milp_gets_wrong():
    pytest.importorskip("scipy")
    # f = |x| - 10^-10 < 0 at 0: the sign changes at |x| = 10^-10, below HiGHS's feasibility
    # tolerance, so the MILP accepts x = 0 itself (radius 0), whose exact prediction is unchanged
    tiny = Fraction(1, 10**10)
    net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [-tiny])
    exact = robustness(net, [0], "inf", [(-1, 1)])
    assert exact.radius == tiny
    milp, point = float_milp_radius(net, [0], "inf", [(-1, 1)])
    assert milp is not None
    assert milp < float(tiny) / 2
    assert prediction(evaluate(net, [Fraction(float(point[0]))])) == (exact.klass, False)


def test_d_784_random_net_one_sample():
    rng = np.random.default_rng(7)
    W = rng.normal(size=(32, 784)) / 28
    b = rng.normal(size=32) / 10
    A = rng.normal(size=(10, 32))
    x0 = [Fraction(int(v), 8) for v in rng.integers(0, 9, size=784)]
    base = TwoLayerReLU.from_float_arrays(W, b, A, np.zeros(10))
    values = evaluate(base, x0)
    # outputs at x0: class 3 leads class 5 by 1/1000, the others far behind
    target = [Fraction(-10)] * 10
    target[3], target[5] = Fraction(0), Fraction(-1, 1000)
    net = TwoLayerReLU(base.W, base.b, base.A, [t - v for t, v in zip(target, values, strict=True)])
    result = robustness(net, x0, "inf")
    assert result.klass == 3
    assert result.radius is not None
    assert result.radius > 0
    klass, tie = prediction(evaluate(net, result.counterexample))
    assert tie or klass != 3
    assert check_certificate(robustness_document(net, [result]))
