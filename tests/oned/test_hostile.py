"""Hostile magnitudes in 1-D constructions (issue 14): exact networks, float measurements that never overflow."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from reluexact.cli import main
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.oned.construction import construct
from reluexact.oned.targets import as_target, sup_error_on_grid


def test_huge_target_builds_the_exact_network_and_says_the_grid_error_is_not_measurable() -> None:
    c = construct("10**1000*x", (0, 1), 3)
    assert evaluate(c.network, [Fraction(1, 2)]) == (Fraction(10**1000, 2),)
    assert c.values_exact
    assert math.isinf(c.grid_sup_error)


def test_sup_error_on_grid_is_inf_rather_than_overflow() -> None:
    net = TwoLayerReLU([[1]], [0], [[1]], [0])
    assert sup_error_on_grid(as_target("x"), net, np.linspace(0.0, 1.0, 5)) == 0.0
    assert math.isinf(sup_error_on_grid(as_target("10**1000*x"), net, np.linspace(0.0, 1.0, 5)))


def test_sine_on_a_huge_interval_builds() -> None:
    c = construct("sin(x)", (0, Fraction(10**300)), 3)
    assert c.knots[-1] == 10**300
    assert c.apriori_bound is not None
    assert c.apriori_bound > 10**598
    assert "e598" in repr(c)


@pytest.mark.parametrize(("expr", "b"), [("10**1000*x", "1"), ("sin(x)", "1e300"), ("x", "1e300"), ("exp(x)", "1000")])
def test_cli_construct_at_hostile_magnitudes(
    expr: str, b: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c.json"
    assert main(["construct", expr, "--interval", "0", b, "--knots", "3", "-o", str(out)]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert main(["construct", expr, "--interval", "0", b, "--knots", "3", "-o", str(out), "--json"]) == 0
    json.loads(capsys.readouterr().out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))


@pytest.mark.parametrize("target", ["Abs(x)", "sign(x-1)", "Abs(x - 1/3)", "Heaviside(x)", "10**1000*x"])
def test_cli_decode_with_kinked_or_huge_targets(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reluexact.io import save_model

    path = tmp_path / "m.json"
    save_model(TwoLayerReLU([[1], [-2], [3]], [0, 1, -2], [[1, -1, 2]], [0]), path)
    status = main(["decode", str(path), "--domain=-2,2", "--target", target])
    err = capsys.readouterr().err
    assert status == 0, err


@pytest.mark.parametrize("placement", ["uniform", "equidistribute", "greedy"])
def test_a_huge_knot_count_is_refused_at_once(placement: str) -> None:
    from reluexact.errors import InvalidArgument
    from reluexact.limits import Limits
    from reluexact.oned.placement import MAX_KNOTS

    with pytest.raises(InvalidArgument, match=r"more than max_knots = 100000.*Limits\(max_knots=100000000\)"):
        construct("x", (0, 1), 10**8, placement=placement)
    assert MAX_KNOTS == Limits().max_knots >= 10_000
    with pytest.raises(InvalidArgument, match="max_knots = 4"):
        construct("x", (0, 1), 5, placement=placement, limits=Limits(max_knots=4))
    assert len(construct("x", (0, 1), 5, placement=placement, limits=Limits(max_knots=5)).knots) == 5


def test_an_interval_beyond_1e300_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reluexact.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="rescale x"):
        construct("Abs(x)", (0, Fraction(10**400)), 3)
    assert (
        main(["construct", "sin(x)", "--interval", "0", "1e400", "--knots", "3", "-o", str(tmp_path / "c.json")]) == 2
    )
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("expr", "x"),
    [("exp(exp(x))", 10**20), ("x**x", 10**20), ("exp(exp(x))", Fraction(10**308)), ("x**x", Fraction(10**308)),
     ("sin(exp(x))", 10**6), ("2**(x**2)", 10**4)],
)  # fmt: skip
def test_node_values_too_large_to_compute_are_one_clear_error_at_once(expr: str, x: Fraction) -> None:
    # these ran without a time bound (x ~ 1e20) or hit a RecursionError (x ~ 1e308)
    from reluexact.errors import InvalidArgument
    from reluexact.oned.targets import target_value

    with pytest.raises(InvalidArgument, match=r"may have more than 10000 digits \(the limit max_numeral_length\)"):
        target_value(expr, x)


@pytest.mark.parametrize(("expr", "x"), [("x**x", 7), ("exp(x)", 1000), ("10**1000*x", 1), ("sin(x)", 10**300)])
def test_node_values_within_the_limit_are_exact_or_enclosed(expr: str, x: int) -> None:
    import sympy

    from reluexact.limits import Limits
    from reluexact.oned.targets import target_value

    value = target_value(expr, x)
    exact = sympy.sympify(expr).subs(sympy.Symbol("x"), x)  # a trusted literal of this test, not user text
    if value.exact:
        assert sympy.Rational(value.value.numerator, value.value.denominator) == exact
    else:
        low = sympy.Rational((value.value - value.error).numerator, (value.value - value.error).denominator)
        high = sympy.Rational((value.value + value.error).numerator, (value.value + value.error).denominator)
        assert bool(low <= exact)
        assert bool(exact <= high)
    from reluexact.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="max_numeral_length"):
        target_value(expr, x, limits=Limits(max_numeral_length=2))


@pytest.mark.parametrize(
    ("expr", "x"), [("exp(-8*x**2)", Fraction(-54, 119)), ("exp(-x)", 1000), ("exp(1/x)", Fraction(1, 1000))]
)
def test_small_arguments_with_long_numerals_are_not_refused(expr: str, x: Fraction) -> None:
    # the size bound once took the bit length of -54/119 for its magnitude and refused exp(-8 x**2) there
    import sympy

    from reluexact.oned.targets import target_value

    value = target_value(expr, x)
    exact = sympy.sympify(expr).subs(sympy.Symbol("x"), x)  # a trusted literal of this test, not user text
    low, high = value.value - value.error, value.value + value.error
    assert bool(sympy.Rational(low.numerator, low.denominator) <= exact)
    assert bool(exact <= sympy.Rational(high.numerator, high.denominator))


def test_greedy_placement_beyond_the_float_range_is_one_clear_error() -> None:
    from reluexact.errors import InvalidArgument
    from reluexact.oned.placement import adaptive_knots, greedy_knots

    with pytest.raises(InvalidArgument, match=r"greedy_knots: the target .* is beyond the float64 range"):
        construct("10**1000*x", (0, 1), 3, placement="greedy")
    for placement in (greedy_knots, adaptive_knots):
        with pytest.raises(InvalidArgument, match=r"reaches beyond \+-1e300.*rescale x"):
            placement("x", (0, Fraction(10**400)), 3)
    # within the float range, greedy still places knots where the error is
    assert len(greedy_knots("exp(x)", (0, 100), 5)) == 5


def test_decode_comparison_and_convergence_text_print_bounds_beyond_float64() -> None:
    from reluexact.cli._format import convergence_text
    from reluexact.oned.construction import convergence_table

    rows = convergence_table("10**400*x**2", (0, 1), (3,))
    assert rows[0].apriori_bound == Fraction(10**400, 16)
    assert "6.25e+398" in convergence_text(rows)  # float(bound) overflowed


def test_a_target_with_an_integer_beyond_4300_digits_is_read_and_evaluated() -> None:
    # found by atheris: sympy's printer raised ValueError (CPython's int-to-str digit limit) in as_target
    from reluexact.oned.targets import target_value

    target = as_target("2**3**9*x")
    assert target.description.endswith("*x")
    assert target_value(target, "1/3").value == Fraction(2**19683, 3)
    assert target_value("2**3**9", 0).value == 2**19683


def test_the_size_refusal_prints_integers_beyond_4300_digits() -> None:
    # found by atheris: the refusal's own message called str() on a 5925-digit integer (ValueError)
    from reluexact.errors import InvalidArgument
    from reluexact.oned.targets import target_value

    with pytest.raises(InvalidArgument, match="max_numeral_length"):
        target_value("2**3**9 * x**100", 10**200)
