"""Tests for reluexact.demo: the bundled model and the analysis ``reluexact demo`` prints."""

from __future__ import annotations

from fractions import Fraction

from reluexact.cli._format import demo_text
from reluexact.demo import DEMO_POINTS, demo_model
from reluexact.model import TwoLayerReLU
from reluexact.report.formulas import network_latex


def _by_hand(x1: Fraction, x2: Fraction) -> Fraction:
    """The demo model written out: worked example 4 plus units 4 (= -2 x unit 1) and 5 (w = 0), numbered from 1."""

    def relu(t: Fraction) -> Fraction:
        return max(t, Fraction(0))

    return (
        2 * relu(x1 + 2 * x2 + Fraction(3, 10))
        - relu(-x1 + x2 - Fraction(1, 5))
        + Fraction(7, 10) * relu(x1 / 2 - 3 * x2 + 1)
        + relu(-2 * x1 - 4 * x2 - Fraction(3, 5))
        + 3 * relu(Fraction(1, 2))
    )


def test_demo_model_is_the_documented_network() -> None:
    net = demo_model()
    assert (net.input_dim, net.n_hidden, net.output_dim) == (2, 5, 1)
    for x in DEMO_POINTS:
        assert net(x) == (_by_hand(*x),)


def test_demo_report_shows_structure_exact_values_and_formula() -> None:
    net = demo_model()
    text = demo_text()
    assert "duplicate hyperplanes: units 1, 4 (unit 4 = -2 x unit 1, opposite orientation)" in text
    assert "units with w = 0 (constant a_i relu(b_i)): 5 (relu(b) = 1/2)" in text
    for x in DEMO_POINTS:
        value = _by_hand(*x)
        shown = f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value.numerator)
        argument = ",".join(f"{v.numerator}/{v.denominator}" if v.denominator != 1 else str(v.numerator) for v in x)
        assert f"f({argument}) = {shown}    [float64: " in text
    assert text.endswith(network_latex(net))


def test_demo_report_for_other_dimensions() -> None:
    text = demo_text(TwoLayerReLU([[1, -1, 2]], [0], [[1], [-1]], [0, 1]))
    assert "f(0,0,0) = (0, 1)" in text
    assert "f(1,1,1) = (2, -1)" in text
