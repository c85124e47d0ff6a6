"""Whole reports: real PDFs for 1-D, 2-D and 3-D models, the region table read back exactly, large reports."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import regions as enumerate_regions
from reluexact.report.numbers import NumberPrinter
from reluexact.report.polygons import box_cells_2d
from reluexact.report.render import _region_count_2d, build_report, render_report, write_report
from reluexact.report.sections import region_table
from reluexact.report.view import region_rows
from tests.report.conftest import NET_1D, NET_2D, NET_3D, pdf_pages, pdf_text
from tests.report.test_numbers import parse_printed
from tests.report.test_polygons import nets_2d


def _flat(text: str) -> str:
    return text.replace("\u2212", "-").replace(" ", "")


def test_1d_report_pdf(tmp_path: Path, tex: None, poppler: None) -> None:
    pdf = write_report(NET_1D, tmp_path / "one.tex", name="example 3", pdf=True, number_format="decimal:6")
    text = _flat(pdf_text(pdf))
    assert 3 <= pdf_pages(pdf) <= 8
    # theory.md example 3: slopes -6, -7, 0; f(-1) = 91/10 on the piece -6x + 31/10; jumps +7 at 1/2, -1 at -1/2
    assert "-6x+3.1ifx≤-0.5" in text
    assert "-7x+2.6if-0.5≤x≤0.5" in text
    assert "-0.9ifx≥0.5" in text
    assert "3linearpieces" in text
    assert "Strictpartialorderoftheknots" in text
    assert "Decodingoftheunits" in text
    tex_source = (tmp_path / "one.tex").read_text()
    assert "\\begin{cases}" in tex_source
    assert tex_source.count("\\begin{tikzpicture}") == 2  # Hasse diagram of the knot order, function plot
    assert "\\figurecaption{Hasse diagram" in tex_source
    assert "Figure 2: Hasse diagram" in pdf_text(pdf)  # Figure 1 is the function plot on the summary page


def test_2d_report_pdf(tmp_path: Path, tex: None, poppler: None) -> None:
    pdf = write_report(NET_2D, tmp_path / "two.tex", name="example 4", pdf=True, number_format="decimal:6")
    text = _flat(pdf_text(pdf))
    assert 3 <= pdf_pages(pdf) <= 10
    assert "7linearregions" in text
    # theory.md example 4: the gradient jump across H_1 is (2, 4); on pattern 100 the map is 2 x1 + 4 x2 + 3/5
    assert "H1x1+2x2+0.3=0(2,4)" in text
    assert re.search(r"R\d+100\(", text)
    assert "2x1+4x2+0.6" in text
    assert "agrees" in text
    assert "DISAGREES" not in text
    assert "FAILURES" not in text


def test_3d_report_pdf(tmp_path: Path, tex: None, poppler: None) -> None:
    pdf = write_report(NET_3D, tmp_path / "three.tex", pdf=True, number_format="decimal:6")
    text = _flat(pdf_text(pdf))
    assert 3 <= pdf_pages(pdf) <= 10
    # 4 planes in general position in R^3: 1 + 4 + 6 + 4 = 15 regions (Zaslavsky)
    assert "15linearregions" in text
    # all four units active: gradient sum a_i w_i = (3/2, -3/2, 7/2), offset 1/4 - 1/2
    assert "1111(" in text
    assert "1.5x1-1.5x2+3.5x3-0.25" in text


def test_exact_format_pdf_has_no_appendix(tmp_path: Path, tex: None, poppler: None) -> None:
    pdf = write_report(NET_2D, tmp_path / "e.tex", pdf=True, number_format="exact")
    text = pdf_text(pdf)
    assert "All numbers are printed as exact fractions." in text
    assert "exact values" not in text.lower().split("certification summary")[-1]


def test_decimal_format_puts_exact_values_in_the_appendix(tmp_path: Path, tex: None, poppler: None) -> None:
    net = TwoLayerReLU.from_float_arrays([[0.1, -0.7], [0.3, 0.2]], [0.05, -0.25], [[1.1, -0.4]], [0.3])
    pdf = write_report(net, tmp_path / "d.tex", pdf=True, number_format="decimal:4")
    text = pdf_text(pdf)
    assert "A Exact values" in text
    assert "Appendix A lists" in text
    assert "significant digits" in text


def _parse_affine(text: str, d: int, printer: NumberPrinter) -> tuple[list[Fraction], Fraction]:
    variables = ["x"] if d == 1 else [f"x_{{{j + 1}}}" for j in range(d)]
    coefficients = [Fraction(0)] * d
    constant = Fraction(0)
    for part in text.replace(" - ", " + -").split(" + "):
        negative = part.startswith("-")
        body = part[1:] if negative else part
        sign = -1 if negative else 1
        for j, name in enumerate(variables):
            if body == name or body.endswith(" " + name):
                number = body[: -len(name)].strip()
                coefficients[j] = sign * (parse_printed(number, printer) if number else Fraction(1))
                break
        else:
            constant = sign * parse_printed(body, printer)
    return coefficients, constant


def _parse_point(text: str, printer: NumberPrinter) -> list[Fraction]:
    inner = text.removeprefix("\\left(").removesuffix("\\right)")
    return [parse_printed(item, printer) for item in inner.split(", ")]


@settings(max_examples=40, deadline=None)
@given(nets_2d(max_units=5), st.sampled_from(["exact", "auto", "decimal:3", "rounded:4"]))
def test_every_number_in_the_region_table_reads_back_exactly(net: TwoLayerReLU, fmt: str) -> None:
    printer = NumberPrinter(fmt)
    rows = region_rows(net, box_cells_2d(net, [(-2, 2), (-2, 2)]))
    table = region_table(rows, printer)
    lines = [line for line in table.splitlines() if re.match(r"R\d+ & ", line)]
    assert len(lines) == len(rows)
    for line, row in zip(lines, rows, strict=True):
        label, pattern, point, affine = (cell.strip() for cell in line.removesuffix("\\\\").split(" & "))
        assert label == row.label
        assert re.sub(r"[^01]", "", pattern.removeprefix("\\texttt")) == row.pattern_string
        if fmt.startswith("rounded"):  # rounded mode promises readability, not exactness: check the rounding
            continue
        assert _parse_point(point.strip("$"), printer) == list(row.point)
        coefficients, constant = _parse_affine(affine.strip("$"), 2, printer)
        assert coefficients == list(row.gradient[0])
        assert constant == row.offset[0]


def test_large_reports_summarise_and_write_the_json(tmp_path: Path) -> None:
    W = [[1, 0], [0, 1], [1, 1], [1, -1], [2, 1], [1, 3]]
    net = TwoLayerReLU(W, [0, 1, -1, 2, "1/2", -3], [[1, -1, 2, "1/3", -2, 1]], [0])
    path = write_report(net, tmp_path / "big.tex", max_regions=5, figures=False)
    companion = tmp_path / "big.regions.json"
    document = json.loads(companion.read_text())
    n = len(document["regions"])
    assert n == _region_count_2d(net)  # Euler's formula; the default box holds every vertex
    source = path.read_text()
    assert f"Only the first 5 of {n} regions are listed" in source
    assert "big.regions.json" in source
    first = document["regions"][0]
    assert set(first) >= {"id", "pattern", "point", "gradient", "offset"}
    assert document["edges"]


def test_no_partial_file_is_left_when_rendering_fails(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="max_regions"):
        write_report(NET_1D, tmp_path / "x.tex", max_regions=-1)
    assert list(tmp_path.iterdir()) == []


def test_given_regions_and_edges_are_used_and_checked() -> None:
    result = enumerate_regions(NET_2D, domain=[(-2, 2), (-2, 2)], progress=False)
    data = build_report(NET_2D, domain="-2,2;-2,2", regions=result)
    assert len(data.rows) == len(result) == 7
    assert len(data.edges) == len(result.edges)
    assert "Continuity restriction" in data.tex


def test_render_report_rejects_non_networks() -> None:
    with pytest.raises(InvalidArgument, match="TwoLayerReLU"):
        render_report("not a net")  # type: ignore[arg-type]


DEGENERATE = {
    "two outputs, d = 1": TwoLayerReLU([[1], ["-1/2"]], ["1/4", 1], [[1, 2], [-1, "1/8"]], [0, "1/2"]),
    "two outputs, d = 2": TwoLayerReLU(
        [[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"], [0, 1, 1]], [0, 1]
    ),
    "no hidden units": TwoLayerReLU([], [], [[]], [3], input_dim=2),
    "w = 0 units": TwoLayerReLU([[0, 0], [1, 0]], [1, 0], [[2, 1]], [0]),
    "parallel and coincident": TwoLayerReLU([[1, 1], [2, 2], [-1, -1], [1, 1]], [0, -1, 3, 0], [[1, 1, 1, -1]], [0]),
}


@pytest.mark.parametrize("case", sorted(DEGENERATE))
def test_degenerate_and_multi_output_networks_render(case: str) -> None:
    data = build_report(DEGENERATE[case], number_format="exact")
    assert "\\end{document}" in data.tex
    assert "DISAGREES" not in data.tex
    assert "FAILURES" not in data.tex


@pytest.mark.parametrize("case", ["two outputs, d = 1", "two outputs, d = 2", "no hidden units"])
def test_degenerate_and_multi_output_reports_compile(case: str, tmp_path: Path, tex: None, poppler: None) -> None:
    pdf = write_report(DEGENERATE[case], tmp_path / "r.tex", pdf=True)
    text = _flat(pdf_text(pdf))
    assert "Certificationsummary" in text
    if case == "no hidden units":
        assert "1linearregion(" in text
    if case == "two outputs, d = 1":
        assert "f1(x)=" in text
        assert "f2(x)=" in text


def test_region_budget_marks_the_report_partial(tmp_path: Path) -> None:
    net = TwoLayerReLU([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 1, -1, 2], [[1, 1, 1, 1]], [0])
    data = build_report(net, region_budget=3)
    assert len(data.rows) == 3
    assert "this list is \\textbf{PARTIAL}" in data.tex
    assert "DISAGREES" not in data.tex  # no count cross-check against a partial list
    assert "Region count" not in data.tex
