"""Tests for reluexact.model: the exact network value object and its evaluation."""

from __future__ import annotations

import copy
import pickle
import unittest.mock
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import example, given, settings
from hypothesis import strategies as st

import reluexact.model as model_module
from reluexact.errors import RationalParseError, ShapeError
from reluexact.model import (
    TwoLayerReLU,
    evaluate,
    evaluate_exact_batch,
    evaluate_float,
    hidden_preactivations,
    to_sympy,
)
from reluexact.signs import AffineForms, affine_signs
from reluexact.testing import assert_networks_equal
from tests.oracles import reference_evaluate
from tests.strategies import dyadic_rationals, network_arrays, networks, points, rationals

# theory.md, worked example 3
EXAMPLE3 = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
# theory.md, worked example 4
EXAMPLE4 = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])


def test_worked_example_3_values() -> None:
    assert evaluate(EXAMPLE3, [-1]) == (Fraction(91, 10),)
    assert evaluate(EXAMPLE3, [0]) == (Fraction(13, 5),)
    assert EXAMPLE3([1]) == (Fraction(-9, 10),)


def test_worked_example_4_gradient_jump_across_h1() -> None:
    # along H_1 = {x1 + 2 x2 + 3/10 = 0}, crossing it changes f by a_1 w_1 . step = 2 (1, 2) . step
    for t in (Fraction(-3), Fraction(0), Fraction(5, 7)):
        on_plane = (-2 * t - Fraction(3, 10), t)
        step = Fraction(1, 10**6)
        right = (on_plane[0] + step, on_plane[1])
        left = (on_plane[0] - step, on_plane[1])
        # tiny step: no other hyperplane crossed at these points (checked by the pattern)
        pattern = [h > 0 for h in hidden_preactivations(EXAMPLE4, right)][1:]
        assert pattern == [h > 0 for h in hidden_preactivations(EXAMPLE4, left)][1:]
        jump = EXAMPLE4(right)[0] + EXAMPLE4(left)[0] - 2 * EXAMPLE4(on_plane)[0]
        assert jump == 2 * 1 * step  # second difference = (gradient jump . e1) * step = (2 * 1) * step


def test_construction_reads_every_exact_type() -> None:
    net = TwoLayerReLU(np.array([[1, -2]], dtype=np.int64), [sympy.Rational(1, 3)], [["0.25"]], [Fraction(-1, 7)])
    assert ((Fraction(1), Fraction(-2)),) == net.W
    assert net.b == (Fraction(1, 3),)
    assert ((Fraction(1, 4),),) == net.A
    assert net.c == (Fraction(-1, 7),)
    assert (net.input_dim, net.n_hidden, net.output_dim) == (2, 1, 1)
    assert net.unit_output_weights(0) == (Fraction(1, 4),)


def test_floats_are_refused_by_the_exact_constructor_and_taken_exactly_by_from_float_arrays() -> None:
    with pytest.raises(RationalParseError, match=r"W\[0\]\[1\]: got the float 0.1 where an exact rational"):
        TwoLayerReLU([[1, 0.1]], [0], [[1]], [0])
    net = TwoLayerReLU.from_float_arrays(np.array([[1.0, 0.1]]), [0.0], np.array([[1.0]], dtype=np.float32), [0])
    assert net.W[0][1] == Fraction(0.1) == Fraction(3602879701896397, 2**55)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([[1, 2], [3]], [0, 0], [[1, 1]], [0]), {}, r"W is ragged: W\[0\] has 2 entries but W\[1\] has 1"),
        (([[1]], [0, 0], [[1]], [0]), {}, r"W has n = 1 rows \(hidden units\) but b has 2 entries"),
        (([[1]], [0], [[1], [1]], [0]), {}, r"A has 2 rows but c has m = 1 entries"),
        (([[1]], [0], [[1, 2]], [0]), {}, r"A\[0\] has 2 entries but there are n = 1 hidden units"),
        (([[1]], [0], [], []), {}, r"c is empty: a network needs at least one output"),
        (([], [], [[]], [0]), {}, r"the network has no hidden units \(W is empty\) so its input dimension is unknown"),
        (([[1]], [0], [[1]], [0]), {"input_dim": 2}, r"input_dim=2 but W has 1 columns"),
        (([[]], [0], [[1]], [0]), {}, r"the input dimension d must be a positive integer, got 0"),
        (([], [], [[]], [0]), {"input_dim": 0}, r"the input dimension d must be a positive integer, got 0"),
        (("12", [0], [[1]], [0]), {}, r"W must be a list of rows, got str"),
        (([1], [0], [[1]], [0]), {}, r"W\[0\] must be a row \(a list of numbers\), got int"),
        (([[[1]]], [0], [[1]], [0]), {}, r"W\[0\]\[0\] is a list; W must be a matrix of numbers"),
        (([[1]], [[0]], [[1]], [0]), {}, r"b\[0\] is a list; b must be a flat list of numbers"),
        (([[1]], 5, [[1]], [0]), {}, r"b must be a list of numbers, got int"),
    ],
)
def test_shape_errors_say_what_and_where(args: tuple[object, ...], kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ShapeError, match=message):
        TwoLayerReLU(*args, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("nan", r"A\[0\]\[0\]: 'nan' is not a finite number"),
        (float("inf"), r"A\[0\]\[0\]: inf is not a finite number"),
        ("1/0", r"A\[0\]\[0\]: zero denominator in '1/0'"),
        ("x", r"A\[0\]\[0\]: cannot parse 'x' as a rational"),
        (True, r"A\[0\]\[0\]: booleans are not numbers"),
    ],
)
def test_bad_entries_say_where(entry: object, message: str) -> None:
    with pytest.raises(RationalParseError, match=message):
        TwoLayerReLU([[1]], [0], [[entry]], [0])


def test_constant_network_with_no_hidden_units() -> None:
    net = TwoLayerReLU([], [], [], ["1/2", 3], input_dim=4)
    assert (net.input_dim, net.n_hidden, net.output_dim) == (4, 0, 2)
    assert net([1, 2, 3, 4]) == (Fraction(1, 2), Fraction(3))
    assert evaluate_exact_batch(net, [[0, 0, 0, 0]]) == [(Fraction(1, 2), Fraction(3))]
    assert evaluate_float(net, np.zeros((3, 4))).tolist() == [[0.5, 3.0]] * 3
    assert net.float_arrays[0].shape == (0, 4)


@given(networks())
def test_immutable(net: TwoLayerReLU) -> None:
    for name in ("hidden_weights", "W", "_W", "_hash", "anything"):
        with pytest.raises(AttributeError):
            setattr(net, name, ())
    with pytest.raises(AttributeError):
        del net._W
    with pytest.raises(ValueError, match="read-only"):
        net.float_arrays[1][...] = 0.0


@given(networks())
def test_equality_and_hash_are_by_exact_value(net: TwoLayerReLU) -> None:
    arrays = network_arrays(net)
    # the same values written differently: as strings, and as unreduced fractions
    as_text = TwoLayerReLU(
        [[str(v) for v in row] for row in arrays["W"]],
        [str(v) for v in arrays["b"]],
        [[str(v) for v in row] for row in arrays["A"]],
        [str(v) for v in arrays["c"]],
        input_dim=net.input_dim,
    )
    assert as_text == net
    assert hash(as_text) == hash(net)
    assert len({net, as_text}) == 1
    assert pickle.loads(pickle.dumps(net)) == net
    assert copy.deepcopy(net) == net
    assert_networks_equal(as_text, net)
    changed = TwoLayerReLU(
        arrays["W"], arrays["b"], arrays["A"], [arrays["c"][0] + 1, *arrays["c"][1:]], input_dim=net.input_dim
    )
    assert changed != net
    assert net != "not a network"


def test_equality_distinguishes_input_dimension_of_constant_networks() -> None:
    assert TwoLayerReLU([], [], [], [1], input_dim=1) != TwoLayerReLU([], [], [], [1], input_dim=2)


@settings(max_examples=20, deadline=None)
@given(networks(n=st.integers(0, 40), d=st.integers(1, 12), entries=rationals(), degenerate=False))
def test_repr_is_short(net: TwoLayerReLU) -> None:
    text = repr(net)
    assert text == f"TwoLayerReLU(d={net.input_dim}, n={net.n_hidden}, m={net.output_dim})"
    assert len(text) <= 80


def _float_scale(net: TwoLayerReLU, x: tuple[Fraction, ...]) -> Fraction:
    """sum_i |a_i| (|w_i| . |x| + |b_i|) + |c|: the magnitude float errors are relative to."""
    hidden = [
        sum((abs(w) * abs(v) for w, v in zip(row, x, strict=True)), abs(bias))
        for row, bias in zip(net.W, net.b, strict=True)
    ]
    return max(
        sum((abs(a) * h for a, h in zip(row, hidden, strict=True)), abs(bias))
        for row, bias in zip(net.A, net.c, strict=True)
    )


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_exact_evaluation_agrees_with_float_evaluation_to_float_accuracy(data: st.DataObject) -> None:
    net = data.draw(networks())
    xs = data.draw(st.lists(points(net.input_dim, entries=dyadic_rationals()), min_size=1, max_size=5))
    floats = evaluate_float(net, np.array([[float(v) for v in x] for x in xs], dtype=np.float64))
    for x, row in zip(xs, floats, strict=True):
        exact = evaluate(net, x)
        # inputs are exact floats; weights round with relative error 2^-53, then d + n + 2 rounded operations
        tolerance = Fraction(2 * (net.input_dim + net.n_hidden + 4), 2**53) * _float_scale(net, x) + Fraction(
            1, 2**1000
        )
        for value, approx in zip(exact, row, strict=True):
            assert abs(Fraction(float(approx)) - value) <= tolerance


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_evaluate_exact_batch_equals_pointwise_evaluate(data: st.DataObject) -> None:
    net = data.draw(networks())
    # small rationals put many points exactly on hyperplanes: the certified-sign fallback is exercised
    xs = data.draw(st.lists(points(net.input_dim, entries=st.one_of(rationals(), dyadic_rationals())), max_size=12))
    expected = [reference_evaluate(net, x) for x in xs]
    assert evaluate_exact_batch(net, xs) == expected
    assert [evaluate(net, x) for x in xs] == expected
    assert [net(x) for x in xs] == expected


def test_evaluate_exact_batch_on_and_next_to_hyperplanes() -> None:
    net = TwoLayerReLU([[1, 1], [Fraction(-1, 3), 1]], [Fraction(-1, 10), 0], [[1, -1]], [0])
    eps = Fraction(1, 2**80)  # far below float resolution near 1/10
    xs = [
        (Fraction(1, 10), Fraction(0)),  # exactly on H_0 (0.1 is not a float)
        (Fraction(1, 10) + eps, Fraction(0)),
        (Fraction(1, 10) - eps, Fraction(0)),
        (Fraction(3), Fraction(1)),  # on H_1
        (Fraction(3), Fraction(1) - eps),
    ]
    values = evaluate_exact_batch(net, xs)
    assert values == [evaluate(net, x) for x in xs] == [reference_evaluate(net, x) for x in xs]
    assert values[1][0] == eps
    assert values[2][0] == 0


def test_evaluate_exact_batch_with_magnitudes_beyond_the_float_range() -> None:
    huge = Fraction(10**400)
    net = TwoLayerReLU([[huge, 1], [1, Fraction(1, 10**500)]], [1, -huge], [[huge, 3]], [1])
    xs = [(Fraction(1), Fraction(-1)), (huge, Fraction(2)), (Fraction(-1, 10**450), Fraction(1))]
    assert evaluate_exact_batch(net, xs) == [evaluate(net, x) for x in xs] == [reference_evaluate(net, x) for x in xs]


def test_evaluate_exact_batch_over_several_chunks() -> None:
    net = TwoLayerReLU([[1], [-1]], ["1/3", "1/7"], [[2, -5], [1, 1]], [0, "1/2"])
    xs = [(Fraction(k, 977),) for k in range(-5000, 5000)]
    assert len(xs) > 2 * model_module._CHUNK
    assert evaluate_exact_batch(net, xs) == [reference_evaluate(net, x) for x in xs]


def _no_limbs(*_: object) -> None:
    raise AssertionError("the limb path was taken")


def test_evaluate_exact_batch_interpolating_network_takes_the_direct_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: the exact interpolation network of the 1,797 sklearn digits (d = 64; A's common
    # denominator ~57,000 bits) took > 10 minutes, because every a_ki (w_i, b_i)_j was split into
    # ~1,000 int64 limbs; such networks now take the FLINT path Z = [W b] X, A relu(Z), pinned here
    from reluexact.construct import interpolate

    rng = np.random.default_rng(0)
    X = rng.integers(0, 17, size=(150, 64)).tolist()
    y = rng.integers(0, 10, size=150).tolist()
    net = interpolate(X, y).network
    monkeypatch.setattr(model_module, "_int64_limbs", _no_limbs)
    values = evaluate_exact_batch(net, X)
    assert values == [(Fraction(v),) for v in y]
    probes = [[Fraction(v, 3) for v in row] for row in X[:10]]
    assert evaluate_exact_batch(net, probes) == [reference_evaluate(net, x) for x in probes]


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_evaluate_exact_batch_direct_path_equals_pointwise_evaluate(data: st.DataObject) -> None:
    net = data.draw(networks())
    xs = data.draw(st.lists(points(net.input_dim, entries=st.one_of(rationals(), dyadic_rationals())), max_size=12))
    with unittest.mock.patch.object(model_module, "_DIRECT_FACTOR", 0):  # every network takes the direct path
        assert evaluate_exact_batch(net, xs) == [reference_evaluate(net, x) for x in xs]


def test_evaluate_errors() -> None:
    with pytest.raises(ShapeError, match=r"the point has 2 coordinates but the network has d = 1 inputs"):
        evaluate(EXAMPLE3, [1, 2])
    with pytest.raises(ShapeError, match=r"a point must be a sequence of d = 1 rationals, got str"):
        evaluate(EXAMPLE3, "1")
    with pytest.raises(RationalParseError, match=r"x\[0\]: got the float 0.5"):
        evaluate(EXAMPLE3, [0.5])
    with pytest.raises(ShapeError, match=r"points must have shape \(N, 1\), got \(2, 2\)"):
        evaluate_float(EXAMPLE3, np.zeros((2, 2)))
    with pytest.raises(ShapeError, match=r"2 variables given for a network with d = 1 inputs"):
        to_sympy(EXAMPLE3, sympy.symbols("u v"))


def test_evaluate_float_single_point_and_batch() -> None:
    assert evaluate_float(EXAMPLE3, [0.0]).shape == (1,)
    assert evaluate_float(EXAMPLE3, [[-1.0], [0.0], [1.0]]).ravel().tolist() == pytest.approx(
        [9.1, 2.6, -0.9], abs=1e-14
    )


def test_float_arrays_round_and_saturate() -> None:
    net = TwoLayerReLU([["1/3"]], ["1e400"], [["-1e400"]], [0])
    W, b, A, _ = net.float_arrays
    assert W[0, 0] == 1 / 3
    assert b[0] == np.inf
    assert A[0, 0] == -np.inf


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_to_sympy_agrees_with_evaluate_at_rational_points(data: st.DataObject) -> None:
    net = data.draw(networks(entries=rationals()))
    x = data.draw(points(net.input_dim))
    symbols = sympy.symbols(f"t0:{net.input_dim}")
    expressions = to_sympy(net, symbols)
    values = evaluate(net, x)
    for expression, value in zip(expressions, values, strict=True):
        result = expression.subs(
            {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(symbols, x, strict=True)}
        )
        assert result == sympy.Rational(value.numerator, value.denominator)


def test_to_sympy_default_variables_and_max() -> None:
    (expression,) = EXAMPLE3.to_sympy()
    x = sympy.Symbol("x")
    assert expression.free_symbols == {x}
    assert expression.has(sympy.Max)
    assert expression.subs(x, -1) == sympy.Rational(91, 10)
    (expression4,) = EXAMPLE4.to_sympy()
    assert expression4.free_symbols == set(sympy.symbols("x1 x2"))


def test_hidden_preactivations_exact() -> None:
    assert hidden_preactivations(EXAMPLE4, ["1/2", 1]) == (Fraction(14, 5), Fraction(3, 10), Fraction(-7, 4))


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_hidden_preactivations_match_the_definition(data: st.DataObject) -> None:
    net = data.draw(networks())
    x = data.draw(points(net.input_dim))
    expected = tuple(
        sum((w * v for w, v in zip(row, x, strict=True)), bias) for row, bias in zip(net.W, net.b, strict=True)
    )
    assert hidden_preactivations(net, x) == expected


def test_evaluate_exact_batch_with_weights_and_points_that_underflow_floats() -> None:
    tiny = Fraction(1, 10**400)  # rounds to 0.0 as a float: the float path must not be trusted here
    net = TwoLayerReLU([[1, tiny], [tiny, 1]], [-1, 0], [[1, 1]], [0])
    xs = [(Fraction(1), Fraction(1)), (Fraction(1), Fraction(-1)), (Fraction(1), -tiny * tiny), (tiny, Fraction(0))]
    assert evaluate_exact_batch(net, xs) == [reference_evaluate(net, x) for x in xs]
    active = affine_signs(AffineForms(net.W, net.b), xs) > 0  # what evaluate_exact_batch uses
    assert active.tolist() == [[z > 0 for z in hidden_preactivations(net, x)] for x in xs]


_TINY = Fraction(1, 10**320)  # below the smallest subnormal float64 spacing times 2^50


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-(10**6), 10**6), min_size=6, max_size=6),
    st.lists(st.tuples(st.integers(-1000, 1000), st.integers(-1000, 1000)), min_size=1, max_size=6),
    st.sampled_from([(10**300, _TINY), (2 * 10**30, _TINY), (1, _TINY), (10**300, Fraction(1)), (1, Fraction(1))]),
)
@example([1, -1, 2, 0, 5, 3], [(1, 1), (2, -1)], (10**300, _TINY))
def test_evaluate_exact_batch_at_the_limits_of_float64(
    entries: list[int], coordinates: list[tuple[int, int]], scales: tuple[int, Fraction]
) -> None:
    """Weights 1e300 with coordinates 1e-320 (values near the subnormal range): still exact."""
    weight, coordinate = scales
    W = [[weight * entries[0], weight * entries[1]], [weight * entries[2], weight * entries[3]]]
    b = [weight * coordinate * entries[4], 0]  # hyperplanes through the cloud of points
    net = TwoLayerReLU(W, b, [[1, -3]], [entries[5]])
    xs = [(coordinate * u, coordinate * v) for u, v in coordinates]
    xs += [(coordinate * entries[1], -coordinate * entries[0])]  # on the first unit's hyperplane when b_0 = 0
    assert evaluate_exact_batch(net, xs) == [reference_evaluate(net, x) for x in xs]
