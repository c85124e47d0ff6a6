"""The LaTeX dispatcher, one exact-string test per printed type (sympy's test_latex habit)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.oned.decoding import decode
from reluexact.oned.spline import spline_form
from reluexact.regions import regions
from reluexact.report.latex import LatexPrinter, to_latex
from reluexact.report.numbers import NumberFormat, NumberPrinter
from reluexact.report.view import region_rows
from tests.report.conftest import NET_1D, NET_2D

EXACT = NumberPrinter("exact")


def test_two_layer_relu() -> None:
    assert to_latex(NET_1D) == (
        "f(x) = \\operatorname{relu}\\left(x - \\frac{1}{2}\\right) + 3 \\operatorname{relu}\\left(-2 x + 1\\right) "
        "- 2 \\operatorname{relu}\\left(\\frac{1}{2} x + \\frac{1}{4}\\right) + \\frac{1}{10}"
    )
    assert to_latex(TwoLayerReLU([[1]], [0], [[2]], [0]), function_name="g") == (
        "g(x) = 2 \\operatorname{relu}\\left(x\\right)"
    )


def test_spline_form() -> None:
    assert to_latex(spline_form(NET_1D)) == (
        "f(x) = \\begin{cases}\n"
        "-6 x + \\frac{31}{10} & \\text{if } x \\le -\\frac{1}{2}, \\\\\n"
        "-7 x + \\frac{13}{5} & \\text{if } -\\frac{1}{2} \\le x \\le \\frac{1}{2}, \\\\\n"
        "-\\frac{9}{10} & \\text{if } x \\ge \\frac{1}{2}.\n"
        "\\end{cases}"
    )


def test_spline_form_of_second_output() -> None:
    net = TwoLayerReLU([[1]], [0], [[1], [-1]], [0, 1])
    assert to_latex(spline_form(net, domain=(0, 1)), output=1) == (
        "f_{2}(x) = \\begin{cases}\n-x + 1 & \\text{if } 0 \\le x \\le 1.\n\\end{cases}"
    )


def test_decoding() -> None:
    assert to_latex(decode(NET_1D, domain=(-1, 1))) == (
        "\\begin{aligned}\n"
        "f(x) &= -\\relu\\left(x + \\frac{1}{2}\\right) + 7 \\relu\\left(x - \\frac{1}{2}\\right) \\\\\n"
        "&\\quad + \\bigl(-6 x + \\frac{31}{10}\\bigr) \\qquad \\text{for } x \\in [-1, 1]\n"
        "\\end{aligned}"
    )


def test_region_row_and_region() -> None:
    by_pattern = {row.pattern_string: row for row in region_rows(NET_2D, box=((-2, 2), (-2, 2)))}
    assert to_latex(by_pattern["100"], numbers=EXACT) == "2 x_{1} + 4 x_{2} + \\frac{3}{5}"
    region = regions(NET_2D, domain=[(-2, 2), (-2, 2)]).region_with_pattern("100")
    assert region is not None
    assert to_latex(region) == "2 x_{1} + 4 x_{2} + \\frac{3}{5}"


def test_regions_result() -> None:
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, -2], [[2, 1]], [1])
    assert to_latex(regions(net, domain=[(1, 2), (-1, 1)])) == (
        "f(\\mathbf{x}) = \\begin{cases}\n2 x_{1} + 1 & \\text{on } R_{1}\\ (\\texttt{10}).\n\\end{cases}"
    )


def test_regions_result_lists_every_region_with_its_pattern() -> None:
    result = regions(NET_2D, domain=[(-2, 2), (-2, 2)])
    text = to_latex(result)
    assert text.count("\\text{on } R_{") == len(result.regions)
    assert "2 x_{1} + 4 x_{2} + \\frac{3}{5} & \\text{on } R_{" in text
    assert "(\\texttt{100})" in text


def test_numbers_option() -> None:
    assert to_latex(Fraction(1, 3), numbers="rounded:2") == "\\approx 0.33"
    assert to_latex(Fraction(1, 3), numbers=NumberFormat("decimal", 2)) == "{0.33}^{[1]}"
    printer = NumberPrinter("decimal:2")
    to_latex(Fraction(1, 3), numbers=printer)
    assert printer.exact_values == ((1, Fraction(1, 3)),)  # a shared printer keeps the tags
    assert to_latex(7) == "7"
    assert to_latex(Fraction(-7, 10)) == "-\\frac{7}{10}"


def test_unknown_types_are_refused() -> None:
    with pytest.raises(InvalidArgument, match="no LaTeX printer for list; printable: TwoLayerReLU"):
        to_latex([1, 2])
    with pytest.raises(InvalidArgument, match="no LaTeX printer for bool"):
        to_latex(True)


def test_a_printer_subclass_overrides_one_type() -> None:
    class Bracketed(LatexPrinter):
        def _print_Fraction(self, obj: Fraction) -> str:
            return "[" + super()._print_Fraction(obj) + "]"

    assert Bracketed().doprint(Fraction(1, 2)) == "[\\frac{1}{2}]"
    assert Bracketed().doprint(NET_1D) == to_latex(NET_1D)
