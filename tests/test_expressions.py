"""Safe expression parsing: what is allowed builds the same sympy expression; nothing else runs."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument, ReluexactError
from reluexact.expressions import parse_expression

x, y = sympy.symbols("x y")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sin(2*pi*x)", sympy.sin(2 * sympy.pi * x)),
        ("0.1*x^2", x**2 / 10),
        ("-x + 3/4", -x + sympy.Rational(3, 4)),
        ("exp(-8*x**2)", sympy.exp(-8 * x**2)),
        ("abs(x) + Max(x, 0)", sympy.Abs(x) + sympy.Max(x, 0)),
        ("x*y - E", x * y - sympy.E),
        ("1e-3*x", x / 1000),
        ("sqrt(x)**3", sympy.sqrt(x) ** 3),
    ],
)
def test_allowed_expressions_parse_exactly(text: str, expected: sympy.Expr) -> None:
    assert sympy.simplify(parse_expression(text) - expected) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('true')", "not an allowed function"),
        ("x.__class__", "Attribute is not allowed"),
        ("open('f')", "not an allowed function"),
        ("(lambda: 1)()", "not an allowed function"),
        ("x[0]", "Subscript is not allowed"),
        ("'abc'", "is not a number"),
        ("sin(x, evaluate=False)", "keyword arguments"),
        ("9**9**9", "too large"),
        ("x**1000000", "too large"),
        ("1/0", "division by zero"),
        ("sin", "cannot be used as a variable"),
        ("", "empty"),
        ("x +", "cannot read this as an expression"),
        ("(" * 3000 + "x" + ")" * 3000, "too long"),
        ("-" * 1500 + "x", "nested too deeply|too many parts"),
        ("sin()", "needs an argument"),
    ],
)
def test_everything_else_is_refused_with_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        parse_expression(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="x()+-*/^.0123456789sinexpab,_ '", max_size=40))
def test_hostile_text_gives_an_expression_or_a_reluexact_error(text: str) -> None:
    try:
        result = parse_expression(text)
    except ReluexactError:
        return
    assert isinstance(result, sympy.Basic)


def test_construct_and_training_targets_use_the_safe_parser() -> None:
    from reluexact.oned import construct
    from reluexact.train import make_target

    with pytest.raises(InvalidArgument, match="not an allowed function"):
        construct("__import__('os').getcwd()", (0, 1), 3)
    with pytest.raises(InvalidArgument, match="not an allowed function"):
        make_target("__import__('os').getcwd()", input_dim=1)
    assert construct("x**2", (0, 1), 3).network.n_hidden >= 2


def test_a_power_tower_is_refused_without_overflow() -> None:
    # found by atheris: '2**3**3**6' multiplied a 1155-bit exponent by a float (OverflowError)
    with pytest.raises(InvalidArgument, match=r"the power has an exponent of 1156 bits, too large to compute exactly"):
        parse_expression("2**3**3**6")


@pytest.mark.parametrize("text", ["sin(2,pi*x)", "exp(x, 1)", "Abs(x, x, x)"])
def test_a_wrong_number_of_arguments_is_one_clear_error(text: str) -> None:
    # found by atheris: sin(2, pi*x) raised a raw TypeError from sympy
    with pytest.raises(InvalidArgument, match=r"\(\) does not take \d arguments"):
        parse_expression(text)


def test_a_power_with_a_huge_denominator_in_its_exponent_is_read() -> None:
    # found by atheris: x**(1/2**3**9) divided a float by a 19684-bit integer (OverflowError)
    expr = parse_expression("x**(1/2**3**9)")
    assert expr.free_symbols
    assert expr.is_Pow


@pytest.mark.parametrize("text", ["9*0**-1", "1/(x-x)", "x*0**(-1/2)"])
def test_expressions_that_are_not_finite_are_refused(text: str) -> None:
    # found by atheris: 9*0**-(...) is sympy's zoo, which lambdify could not print (KeyError)
    with pytest.raises(InvalidArgument):
        parse_expression(text)


@pytest.mark.parametrize("text", ["10**419910**4**9**9**(-1/2**3**9)", "2**(10**6*sqrt(2))"])
def test_a_huge_irrational_power_of_numbers_is_refused_at_once(text: str) -> None:
    # found by atheris: such a tower hung sympy's printer (evalf at a gigantic magnitude) in as_target
    with pytest.raises(InvalidArgument, match="a power of numbers is too large to compute"):
        parse_expression(text)
    assert parse_expression("2**sqrt(2)*x") is not None
