"""Number formats: exact rounding, exact decimal strings, tags that keep every exact value."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument
from reluexact.report.numbers import NumberFormat, NumberPrinter, decimal_string, round_significant

fractions = st.fractions(max_denominator=10**20).filter(lambda q: abs(q) < 10**12)


def parse_printed(latex: str, printer: NumberPrinter) -> Fraction:
    """Read a number printed by a NumberPrinter back: a fraction, an exact decimal, or a tag's exact value."""
    tag = re.fullmatch(r"\{(.*)\}\^\{\[(\d+)\]\}", latex)
    if tag:
        return dict(printer.exact_values)[int(tag.group(2))]
    frac = re.fullmatch(r"(-?)\\frac\{(\d+)\}\{(\d+)\}", latex)
    if frac:
        value = Fraction(int(frac.group(2)), int(frac.group(3)))
        return -value if frac.group(1) else value
    sci = re.fullmatch(r"(-?[\d.]+) \\cdot 10\^\{(-?\d+)\}", latex)
    if sci:
        return Fraction(sci.group(1)) * Fraction(10) ** int(sci.group(2))
    return Fraction(latex)


@settings(max_examples=200, deadline=None)
@given(fractions, st.sampled_from(["exact", "auto", "decimal:3", "decimal:8"]))
def test_every_printed_number_reads_back_exactly(value: Fraction, fmt: str) -> None:
    printer = NumberPrinter(fmt)
    assert parse_printed(printer.latex(value), printer) == value


@settings(max_examples=200, deadline=None)
@given(fractions.filter(lambda q: q != 0), st.integers(1, 12))
def test_round_significant_is_within_half_a_unit(value: Fraction, digits: int) -> None:
    rounded = round_significant(value, digits)
    magnitude = abs(value)
    exponent = len(str(magnitude.numerator)) - len(str(magnitude.denominator)) - 1
    while Fraction(10) ** (exponent + 1) <= magnitude:
        exponent += 1
    unit = Fraction(10) ** (exponent - digits + 1)
    assert abs(rounded - value) <= unit / 2
    assert (rounded / unit).denominator == 1


@given(st.integers(-(10**15), 10**15), st.integers(0, 12))
def test_decimal_string_is_exact(numerator: int, places: int) -> None:
    value = Fraction(numerator, 10**places)
    assert Fraction(decimal_string(value).replace("e", "E")) == value


def test_rounded_mode_marks_approximations_and_keeps_no_tags() -> None:
    printer = NumberPrinter("rounded:3")
    assert printer.latex(Fraction(1, 3)) == "\\approx 0.333"
    assert printer.latex(Fraction(-2, 3)) == "\\approx -0.667"
    assert printer.latex(Fraction(1, 4)) == "0.25"
    assert printer.exact_values == ()


def test_same_value_same_tag_and_appendix_lists_it() -> None:
    printer = NumberPrinter("decimal:2")
    first = printer.latex(Fraction(1, 7))
    assert printer.latex(Fraction(1, 7)) == first == "{0.14}^{[1]}"
    assert printer.latex(Fraction(2, 7)) == "{0.29}^{[2]}"
    appendix = printer.appendix_latex()
    assert "{}[1] & \\texttt{1/7}" in appendix
    assert "{}[2] & \\texttt{2/7}" in appendix


def test_auto_keeps_short_fractions_exact_and_tags_long_ones() -> None:
    printer = NumberPrinter("auto")
    assert printer.latex(Fraction(-3, 7)) == "-\\frac{3}{7}"
    huge = Fraction(3602879701896397, 36028797018963968)  # float 0.1 losslessly
    assert printer.latex(huge) == "{0.1}^{[1]}"
    assert printer.exact_values == ((1, huge),)


@pytest.mark.parametrize("mode", ["exact", "auto", "decimal:4", "rounded:2"])
def test_every_format_describes_itself(mode: str) -> None:
    text = NumberFormat.parse(mode).describe()
    assert text
    assert "exact" in text or "rounded" in text


@pytest.mark.parametrize("bad", ["", "exact:3", "decimal:x", "decimal:0", "decimal:61", "float"])
def test_bad_formats_are_refused(bad: str) -> None:
    with pytest.raises(InvalidArgument, match="number format"):
        NumberFormat.parse(bad)
