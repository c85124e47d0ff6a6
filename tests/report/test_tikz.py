"""TikZ/pgfplots output carries the exact coordinates: read them back from the source."""

from __future__ import annotations

import re
from fractions import Fraction

from reluexact.report.tikz import exact_table, function_plot_tikz, region_map_tikz
from reluexact.report.view import function_plot, region_map
from tests.report.conftest import NET_1D, NET_2D


def _tables(source: str) -> list[list[tuple[Fraction, Fraction]]]:
    tables = []
    for body in re.findall(r"\{\nxn xd yn yd\\\\\n(.*?)\n\}", source, flags=re.S):
        points = []
        for line in body.splitlines():
            xn, xd, yn, yd = (int(v) for v in line.removesuffix("\\\\").split())
            points.append((Fraction(xn, xd), Fraction(yn, yd)))
        tables.append(points)
    return tables


def test_exact_table_round_trips() -> None:
    points = [(Fraction(-7, 3), Fraction(2**60 + 1, 2**61)), (Fraction(0), Fraction(5))]
    assert _tables(exact_table(points)) == [points]


def test_region_map_polygons_are_exact_in_the_source() -> None:
    data = region_map(NET_2D, box=((-2, 2), (-2, 2)))
    source = region_map_tikz(data)
    tables = _tables(source)
    polygons = [list(row.polygon) for row in data.rows]
    assert tables[: len(polygons)] == polygons
    assert source.count("-- cycle") == 7
    assert sorted(re.findall(r"\{(R\d+)\}", source)) == sorted(f"R{k}" for k in range(1, 8))
    assert source.count("densely dotted") == len(data.edges) == 9


def test_function_plot_has_exact_break_points() -> None:
    plot = function_plot(NET_1D, interval=(-1, 1))
    tables = _tables(function_plot_tikz(plot))
    graph = [(x, v[0]) for x, v in zip(plot.points, plot.values, strict=True)]
    assert graph in tables
    assert [(Fraction(-1), Fraction(91, 10)), (Fraction(-1, 2), Fraction(61, 10))] == graph[:2]
