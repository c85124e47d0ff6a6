"""LaTeX printers compared as exact strings (sympy's test_latex habit), on the theory's worked examples."""

from __future__ import annotations

from fractions import Fraction

from reluexact.oned.decoding import decode
from reluexact.oned.spline import spline_form
from reluexact.regions.families import parallel_families
from reluexact.report.formulas import vector_latex
from reluexact.report.latex import spline_cases, to_latex
from reluexact.report.numbers import NumberPrinter
from reluexact.report.sections import (
    adjacency_section,
    decoding_section,
    hyperplane_section,
    weights_table,
)
from reluexact.report.view import region_rows, shared_edges_2d
from tests.report.conftest import NET_1D, NET_2D

EXACT = NumberPrinter("exact")


def test_spline_cases_of_worked_example_3() -> None:
    assert spline_cases(spline_form(NET_1D), EXACT) == (
        "f(x) = \\begin{cases}\n"
        "-6 x + \\frac{31}{10} & \\text{if } x \\le -\\frac{1}{2}, \\\\\n"
        "-7 x + \\frac{13}{5} & \\text{if } -\\frac{1}{2} \\le x \\le \\frac{1}{2}, \\\\\n"
        "-\\frac{9}{10} & \\text{if } x \\ge \\frac{1}{2}.\n"
        "\\end{cases}"
    )


def test_region_affine_map_and_vectors() -> None:
    rows = region_rows(NET_2D, box=((-2, 2), (-2, 2)))
    by_pattern = {row.pattern_string: row for row in rows}
    assert to_latex(by_pattern["100"], numbers=EXACT) == "2 x_{1} + 4 x_{2} + \\frac{3}{5}"
    assert vector_latex([Fraction(1, 2), Fraction(-3)], EXACT) == "\\left(\\frac{1}{2}, -3\\right)"
    assert vector_latex([Fraction(5)], EXACT) == "5"


def test_weights_table_rows() -> None:
    table = weights_table(NET_2D, EXACT)
    assert "1 & $\\left(1, 2\\right)$ & $\\frac{3}{10}$ & $2$ \\\\" in table
    assert "3 & $\\left(\\frac{1}{2}, -3\\right)$ & $1$ & $\\frac{7}{10}$ \\\\" in table
    assert table.count("\\begin{longtable}") == 1
    assert "Output bias: $c = 0$." in table


def test_gradient_jump_per_hyperplane_is_worked_example_4() -> None:
    rows = region_rows(NET_2D, box=((-2, 2), (-2, 2)))
    shared = shared_edges_2d(rows)
    text, summary = adjacency_section(
        NET_2D, rows, [(a, b) for a, b, _p in shared], EXACT, edge_points={(a, b): p for a, b, p in shared}
    )
    assert "$H_{1}$ & $x_{1} + 2 x_{2} + \\frac{3}{10} = 0$ & $\\left(2, 4\\right)$ & 3 \\\\" in text
    assert summary["failures"] == []
    assert summary["edges"] == summary["edges_gradient_jump_checked"] == summary["edges_facet_point_checked"] == 9
    assert summary["degree_distribution"] == {2: 3, 3: 4}


def test_adjacency_check_catches_a_wrong_gradient() -> None:
    rows = region_rows(NET_2D, box=((-2, 2), (-2, 2)))
    from dataclasses import replace

    broken = [replace(rows[0], gradient=((Fraction(0), Fraction(0)),)), *rows[1:]]
    shared = shared_edges_2d(rows)
    _text, summary = adjacency_section(NET_2D, broken, [(a, b) for a, b, _p in shared], EXACT)
    assert any("gradient jump" in failure for failure in summary["failures"])


def test_hyperplane_families_and_decoding() -> None:
    text = hyperplane_section(NET_2D, EXACT, parallel_families(NET_2D))
    assert "3 exact direction families" in text
    decoding = decode(NET_1D, domain=(-1, 1))
    section = decoding_section(decoding, EXACT)
    identity = "f(x) &= -\\relu\\left(x + \\frac{1}{2}\\right) + 7 \\relu\\left(x - \\frac{1}{2}\\right)"
    assert identity in section
    assert "\\bigl(-6 x + \\frac{31}{10}\\bigr)" in section
