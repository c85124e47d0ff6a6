"""Tests of :mod:`reluexact.answers.extrema`: exact extrema against brute force, hand cases, certificates."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.answers.extrema import Extremum, extremum_document, maximize, maximize_margin, minimize
from reluexact.check import check_certificate
from reluexact.domain import Polytope, contains
from reluexact.errors import DomainError, InvalidArgument
from reluexact.model import TwoLayerReLU, evaluate
from tests.oracles import brute_force_extremum
from tests.strategies import boxes, networks

F = Fraction
#: theory.md worked example 3: slopes -6, -7, 0; f(-1) = 91/10, f(1) = -9/10
EXAMPLE3 = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])


def _weights(m: int, output: int | tuple[int, int], sense: str) -> list[Fraction]:
    e = [F(0)] * m
    pair = output if isinstance(output, tuple) else (output,)
    e[pair[0]] += 1
    if len(pair) == 2:
        e[pair[1]] -= 1
    return e if sense == "max" else [-v for v in e]


def _assert_sound(result: Extremum, net: TwoLayerReLU) -> None:
    """The value is attained at the point (independent evaluation), and the certificate checks."""
    assert contains(result.domain, result.point)
    values = evaluate(net, result.point)
    pair = result.output if isinstance(result.output, tuple) else (result.output,)
    attained = values[pair[0]] - (values[pair[1]] if len(pair) == 2 else 0)
    assert attained == result.value
    assert check_certificate(extremum_document(result))


def test_worked_example_3_on_an_interval() -> None:
    top = maximize(EXAMPLE3, (-1, 1))
    bottom = minimize(EXAMPLE3, (-1, 1))
    assert (top.value, top.point) == (F(91, 10), (F(-1),))
    assert bottom.value == F(-9, 10)
    assert F(1, 2) <= bottom.point[0] <= 1  # f is -9/10 on all of [1/2, 1]
    for result in (top, bottom):
        _assert_sound(result, EXAMPLE3)


def test_symmetric_2d_net_attains_its_maximum_at_every_corner() -> None:
    # f(x, y) = |x| + |y| on [-1, 1]^2: max 2 at the four corners, min 0 at the origin
    net = TwoLayerReLU([[1, 0], [-1, 0], [0, 1], [0, -1]], [0] * 4, [[1, 1, 1, 1]], [0])
    top = maximize(net, "-1,1")
    assert top.value == 2
    assert all(abs(v) == 1 for v in top.point)
    bottom = minimize(net, "-1,1")
    assert (bottom.value, bottom.point) == (0, (0, 0))
    _assert_sound(top, net)
    _assert_sound(bottom, net)


def test_margin_and_its_two_spellings_agree() -> None:
    net = TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, -2], [0, 1]], [0, 0])
    by_pair = maximize(net, "-1,1", output=(1, 0))
    assert by_pair.value == maximize_margin(net, "-1,1", 1, 0).value == brute_force_extremum(net, "-1,1", [-1, 1])
    _assert_sound(by_pair, net)


def test_polytope_domain() -> None:
    triangle = Polytope([[1, 0], [0, 1], [-1, -1]], [0, 0, 1])  # x, y >= 0, x + y <= 1
    net = TwoLayerReLU([[1, -1], [-1, 2]], ["-1/4", 0], [[3, 1]], [0])
    result = maximize(net, triangle)
    assert result.value == brute_force_extremum(net, triangle, [1])
    _assert_sound(result, net)


def test_whole_space_bounded_and_unbounded() -> None:
    hat = TwoLayerReLU([[1], [-1]], [0, 0], [[-1, -1]], [1])  # 1 - |x| on R
    result = maximize(hat, None)
    assert (result.value, result.point) == (1, (0,))
    _assert_sound(result, hat)
    with pytest.raises(DomainError, match="unbounded above"):
        maximize(TwoLayerReLU([[1]], [0], [[1]], [0]), None)
    with pytest.raises(DomainError, match="unbounded below"):
        minimize(hat, None)


def test_bad_outputs_are_refused() -> None:
    with pytest.raises(InvalidArgument, match="output index"):
        maximize(EXAMPLE3, (-1, 1), output=1)
    with pytest.raises(InvalidArgument, match="two different outputs"):
        maximize(TwoLayerReLU([[1]], [0], [[1], [2]], [0, 0]), (-1, 1), output=(1, 1))


def test_no_hidden_units() -> None:
    net = TwoLayerReLU([], [], [[]], ["3/2"], input_dim=2)
    result = maximize(net, "0,1")
    assert result.value == F(3, 2)
    _assert_sound(result, net)


def test_the_search_examines_fewer_cells_than_there_are_regions() -> None:
    # f = sum of |x - k/8|: many regions, the maximum at an end; the bound prunes the middle
    units = [[1]] * 9 + [[-1]] * 9
    biases = [F(-k, 8) for k in range(-4, 5)] + [F(k, 8) for k in range(-4, 5)]
    net = TwoLayerReLU(units, biases, [[1] * 18], [0])
    result = maximize(net, (-1, 1))
    assert result.value == brute_force_extremum(net, (-1, 1), [1])
    assert result.nodes < 10  # 10 regions on [-1, 1]
    _assert_sound(result, net)


@settings(max_examples=80)
@given(
    net=networks(d=st.integers(1, 3), n=st.integers(0, 6), m=st.integers(1, 2)),
    data=st.data(),
)
def test_matches_brute_force_and_certificate_checks(net: TwoLayerReLU, data: st.DataObject) -> None:
    box = data.draw(boxes(net.input_dim))
    sense = data.draw(st.sampled_from(["max", "min"]))
    output: int | tuple[int, int] = data.draw(st.integers(0, net.output_dim - 1))
    if net.output_dim == 2 and data.draw(st.booleans()):
        output = (output, 1 - output)
    result = (maximize if sense == "max" else minimize)(net, box, output=output)
    expected = brute_force_extremum(net, box, _weights(net.output_dim, output, sense))
    assert result.value == (expected if sense == "max" else -expected)
    _assert_sound(result, net)
    assert all(leaf.bound is None or leaf.bound <= expected for leaf in result.leaves)


def test_result_is_immutable_and_repr_is_short() -> None:
    result = maximize(EXAMPLE3, (-1, 1))
    with pytest.raises(AttributeError):
        result.value = F(0)  # type: ignore[misc]
    assert repr(result).startswith("Extremum(max=91/10")
