"""Tests for reluexact.rational: parsing, formatting and rationalising numbers exactly."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument, RationalParseError, ShapeError
from reluexact.rational import (
    Rationalization,
    format_fraction,
    parse_point,
    rationalize,
    round_to_decimals,
    simplest_rational_between,
    to_fraction,
)
from tests.strategies import rationals

finite_floats = st.floats(allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, Fraction(3)),
        (Fraction(-3, 7), Fraction(-3, 7)),
        ("-3/7", Fraction(-3, 7)),
        (" 6/-4 ", Fraction(-3, 2)),
        ("+5/+10", Fraction(1, 2)),
        ("0.1", Fraction(1, 10)),
        ("-2.5e-3", Fraction(-1, 400)),
        ("7", Fraction(7)),
        (sympy.Rational(-5, 3), Fraction(-5, 3)),
        (sympy.Integer(4), Fraction(4)),
        (np.int64(-9), Fraction(-9)),
        (np.uint8(200), Fraction(200)),
        (Decimal("0.125"), Fraction(1, 8)),
    ],
)
def test_to_fraction_reads_exact_types(value: object, expected: Fraction) -> None:
    result = to_fraction(value)
    assert result == expected
    assert type(result) is Fraction


@given(finite_floats)
def test_to_fraction_floats_only_when_allowed_and_then_exactly(x: float) -> None:
    assert to_fraction(x, allow_float=True) == Fraction(x)
    assert to_fraction(np.float32(x) if abs(x) < 1e38 else x, allow_float=True) == Fraction(
        float(np.float32(x)) if abs(x) < 1e38 else x
    )
    with pytest.raises(RationalParseError, match=r"W\[0\]\[1\]: got the float .* where an exact rational is required"):
        to_fraction(x, where="W[0][1]")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, r"b\[1\]: booleans are not numbers"),
        (math.nan, r"b\[1\]: nan is not a finite number"),
        (math.inf, r"b\[1\]: inf is not a finite number"),
        (np.float64(-np.inf), r"b\[1\]: -inf is not a finite number"),
        ("1/0", r"b\[1\]: zero denominator in '1/0'"),
        ("abc", r"b\[1\]: cannot parse 'abc' as a rational"),
        ("1/2/3", r"b\[1\]: cannot parse '1/2/3'"),
        ("", r"b\[1\]: cannot parse '' as a rational"),
        ("nan", r"b\[1\]: 'nan' is not a finite number"),
        ("-Infinity", r"b\[1\]: '-Infinity' is not a finite number"),
        ("1e999999", r"b\[1\]: exponent of '1e999999' is out of range"),
        ("9" * 10_001, r"b\[1\]: numeral of 10001 characters is too long \(limit 10000\)"),
        (None, r"b\[1\]: cannot read a number of type NoneType"),
        ([1], r"b\[1\]: cannot read a number of type list"),
        (Decimal("NaN"), r"b\[1\]: Decimal\('NaN'\) is not a finite number"),
        (1j, r"b\[1\]: cannot read a number of type complex"),
    ],
)
def test_to_fraction_bad_input_says_what_and_where(value: object, message: str) -> None:
    with pytest.raises(RationalParseError, match=message):
        to_fraction(value, where="b[1]")


def test_numerals_beyond_cpythons_digit_limit_parse_and_format() -> None:
    # CPython refuses int(str) beyond 4300 digits; reluexact goes through FLINT up to 10 000 characters
    numerator = 10**6000 + 7
    text = "1" + "0" * 5999 + "7/3"
    value = to_fraction(text)
    assert value == Fraction(numerator, 3)
    assert format_fraction(value) == text
    assert to_fraction(format_fraction(-value)) == -value


@given(rationals(max_numerator=10**30, max_denominator=10**30))
def test_format_then_parse_is_the_identity(q: Fraction) -> None:
    text = format_fraction(q)
    assert to_fraction(text) == q
    assert ("/" in text) == (q.denominator != 1)


def test_parse_point() -> None:
    assert parse_point("1/2,-3") == (Fraction(1, 2), Fraction(-3))
    assert parse_point(" 0.5 , 2 ", dimension=2) == (Fraction(1, 2), Fraction(2))
    with pytest.raises(ShapeError, match=r"point '1,2' has 2 coordinates but the model has d = 3 inputs"):
        parse_point("1,2", dimension=3)
    with pytest.raises(RationalParseError, match=r"point: '1,,2' is not a comma-separated list"):
        parse_point("1,,2")
    with pytest.raises(RationalParseError, match=r"point '1,x', coordinate 2: cannot parse 'x'"):
        parse_point("1,x")


def _has_fraction_with_denominator(low: Fraction, high: Fraction, denominator: int) -> bool:
    return math.ceil(low * denominator) <= high * denominator


@given(rationals(max_numerator=200, max_denominator=200), rationals(max_numerator=50, max_denominator=300))
@example(Fraction(33, 100), Fraction(1, 100))
@example(Fraction(-1, 2), Fraction(5, 6))
def test_simplest_rational_between_is_simplest(low: Fraction, width: Fraction) -> None:
    width = abs(width)
    high = low + width
    q = simplest_rational_between(low, high)
    assert low <= q <= high
    # brute force: no smaller denominator has a point in [low, high]
    assert not any(_has_fraction_with_denominator(low, high, den) for den in range(1, q.denominator))


def test_simplest_rational_between_handles_long_continued_fractions() -> None:
    # Fibonacci ratios have the longest continued fractions; the old recursive version overflowed the stack
    a, b = 1, 1
    for _ in range(3000):
        a, b = b, a + b
    target = Fraction(b, a)
    assert simplest_rational_between(target, target) == target
    x = Fraction(0.1)
    assert simplest_rational_between(x - Fraction(1, 10**300), x + Fraction(1, 10**300)) == x
    with pytest.raises(InvalidArgument, match=r"empty interval \[1, 0\]"):
        simplest_rational_between(Fraction(1), Fraction(0))


@pytest.mark.parametrize(
    ("text", "mode", "parameter"),
    [
        ("lossless", "lossless", None),
        ("tolerance:1e-6", "tolerance", Fraction(1, 10**6)),
        ("tolerance:1/3", "tolerance", Fraction(1, 3)),
        ("denominator:1000", "denominator", 1000),
        ("decimals:4", "decimals", 4),
    ],
)
def test_rationalization_parse_and_str_round_trip(text: str, mode: str, parameter: object) -> None:
    how = Rationalization.parse(text)
    assert (how.mode, how.parameter) == (mode, parameter)
    assert Rationalization.parse(str(how)) == how


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Rationalization.parse("round:3"), r"unknown rationalisation 'round:3'"),
        (lambda: Rationalization.parse("lossless:3"), r"the lossless rationalisation takes no parameter"),
        (lambda: Rationalization.parse("denominator"), r"denominator needs a parameter, e.g. 'denominator:1000'"),
        (lambda: Rationalization.parse("decimals:1.5"), r"decimals needs an integer parameter, got '1.5'"),
        (lambda: Rationalization("tolerance", 0), r"tolerance must be positive, got 0"),
        (lambda: Rationalization("denominator", 0), r"the denominator bound must be >= 1, got 0"),
        (lambda: Rationalization("decimals", 401), r"decimals must be between 0 and 400, got 401"),
        (lambda: Rationalization("decimals", Fraction(5, 2)), r"decimals needs an integer parameter"),
        (lambda: Rationalization("denominator", "7/2"), r"denominator needs an integer parameter, got '7/2'"),
        (lambda: Rationalization("lossless", 3), r"the lossless rationalisation takes no parameter"),
        (lambda: Rationalization("banana"), r"unknown rationalisation mode 'banana'"),
    ],
)
def test_rationalization_rejects_bad_settings(make: object, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        make()  # type: ignore[operator]


@given(finite_floats)
def test_lossless_rationalize_is_the_binary_value(x: float) -> None:
    assert rationalize(x) == Fraction(x)
    assert rationalize(x).limit_denominator(10**400) == Fraction(x)


@settings(max_examples=200)
@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([Fraction(1, 2), Fraction(1, 1000), Fraction(1, 10**9), Fraction(2, 3)]),
)
def test_tolerance_mode_stays_within_tolerance_and_is_simplest(x: float, tolerance: Fraction) -> None:
    q = rationalize(x, Rationalization("tolerance", tolerance))
    exact = Fraction(x)
    assert abs(q - exact) <= tolerance
    if q.denominator <= 200:
        low, high = exact - tolerance, exact + tolerance
        assert not any(_has_fraction_with_denominator(low, high, den) for den in range(1, q.denominator))


@settings(max_examples=200)
@given(st.floats(-100, 100, allow_nan=False), st.integers(1, 60))
def test_denominator_mode_is_the_closest_with_bounded_denominator(x: float, bound: int) -> None:
    q = rationalize(x, Rationalization("denominator", bound))
    exact = Fraction(x)
    assert q.denominator <= bound
    for den in range(1, bound + 1):  # brute force: no closer fraction with denominator <= bound
        for num in (math.floor(exact * den), math.ceil(exact * den)):
            assert abs(q - exact) <= abs(Fraction(num, den) - exact)


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 12))
def test_decimals_mode_rounds_to_k_places(x: float, k: int) -> None:
    q = rationalize(x, Rationalization("decimals", k))
    assert (q * 10**k).denominator == 1
    assert abs(q - Fraction(x)) <= Fraction(1, 2 * 10**k)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Fraction(1, 2), 0, Fraction(0)),
        (Fraction(3, 2), 0, Fraction(2)),
        (Fraction(-1, 2), 0, Fraction(0)),
        (Fraction(-3, 2), 0, Fraction(-2)),
        (Fraction(5, 8), 2, Fraction(31, 50)),  # 0.625 -> 0.62 (half to even)
        (Fraction(-1, 3), 3, Fraction(-333, 1000)),
    ],
)
def test_round_to_decimals_half_to_even(value: Fraction, decimals: int, expected: Fraction) -> None:
    assert round_to_decimals(value, decimals) == expected


@pytest.mark.parametrize("text", ["_000", "\t_000", "1__0", "1_", "_1", "1e_1"])
def test_misplaced_underscores_are_refused_as_python_refuses_them(text: str) -> None:
    # found by the parser fuzz pass: Decimal read '_000' as 0 and '1__0' as 10
    with pytest.raises(RationalParseError, match="cannot parse"):
        to_fraction(text)
    with pytest.raises(ValueError, match="Invalid literal for Fraction"):
        Fraction(text)
    assert to_fraction("1_000") == Fraction("1_000") == 1000
