"""One numbering of regions: the PDF report (table, TikZ map) and the PNG map label each region alike.

``reluexact.report.view.region_rows`` is the one function that numbers regions (R1 is the first
region of the exact enumeration). These tests render the report and the matplotlib figure of the
same net and box and check, exactly, that the label Rk names the same region (pattern, polygon) and
sits at the same exact point inside that region's polygon in both; the oracle for "inside" is an
exact cross-product test and an exact evaluation of the activation pattern, independent of the
clipping code.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.interop.json_results import report_regions_to_json
from reluexact.model import TwoLayerReLU
from reluexact.regions import regions as enumerate_regions
from reluexact.report.figures import plot_region_map
from reluexact.report.polygons import default_box
from reluexact.report.render import build_report
from reluexact.report.view import RegionRow, region_rows
from tests.report.conftest import NET_2D
from tests.strategies import networks, rationals

Point = tuple[Fraction, Fraction]

_POLYGON = re.compile(r"\\addplot\[fill=[^\]]*\] table\[[^\]]*\] \{\nxn xd yn yd\\\\\n(.*?)\} -- cycle;", re.S)
_LABEL = re.compile(
    r"\\node\[font=\\tiny, circle, fill=white, inner sep=0.6pt\] at \(axis cs:([^,]+),([^)]+)\) \{(R\d+)\};"
)


def _tikz_polygons(tex: str) -> list[tuple[Point, ...]]:
    """The filled polygons of the TikZ region map, in drawing order, read back exactly (numerator/denominator)."""
    polygons = []
    for body in _POLYGON.findall(tex):
        vertices = []
        for line in body.strip().split("\\\\"):
            if line.strip():
                xn, xd, yn, yd = (int(v) for v in line.split())
                vertices.append((Fraction(xn, xd), Fraction(yn, yd)))
        polygons.append(tuple(vertices))
    return polygons


def _tikz_labels(tex: str) -> list[tuple[str, str, str]]:
    """(label, x, y) of every region label node of the TikZ map, in drawing order."""
    return [(label, x, y) for x, y, label in _LABEL.findall(tex)]


def _shown(value: Fraction) -> str:
    """How a TikZ label coordinate is written (6 significant digits; the polygons themselves are exact)."""
    return f"{float(value):.6g}"


def _strictly_inside(point: Point, polygon: tuple[Point, ...]) -> bool:
    """Exact oracle: ``point`` is strictly left of every edge of the counter-clockwise convex ``polygon``."""
    for k, (x0, y0) in enumerate(polygon):
        x1, y1 = polygon[(k + 1) % len(polygon)]
        if (x1 - x0) * (point[1] - y0) - (y1 - y0) * (point[0] - x0) <= 0:
            return False
    return True


def _pattern_at(net: TwoLayerReLU, point: Point) -> tuple[bool, ...]:
    return tuple(w[0] * point[0] + w[1] * point[1] + b > 0 for w, b in zip(net.W, net.b, strict=True))


def _identity(row: RegionRow) -> tuple[Any, ...]:
    assert row.polygon is not None
    return (row.index, row.label, row.pattern, row.point, frozenset(row.polygon))


def _check_same_labels(net: TwoLayerReLU, box: tuple[tuple[Fraction, Fraction], ...]) -> list[RegionRow]:
    report = build_report(net, domain=box, number_format="exact")
    figure = plot_region_map(net, box=box)
    pdf_rows, png_rows = report.rows, list(figure.data.rows)
    # the same rows: label Rk, pattern, exact label point and exact polygon
    assert [_identity(row) for row in pdf_rows] == [_identity(row) for row in png_rows]
    assert [row.label for row in pdf_rows] == [f"R{k}" for k in range(1, len(pdf_rows) + 1)]
    # Rk is region id k - 1 of the exact enumeration of the box, and of the JSON companion
    enumeration = enumerate_regions(net, domain=box, progress=False)
    assert [row.pattern_string for row in pdf_rows] == [region.pattern for region in enumeration]
    assert [row.source_id for row in pdf_rows] == list(range(len(pdf_rows)))
    document = report_regions_to_json(pdf_rows, report.edges)
    assert [(r["id"], r["label"]) for r in document["regions"]] == [(k, f"R{k + 1}") for k in range(len(pdf_rows))]
    # each label point is strictly inside its own polygon and has its own pattern (exact oracle)
    for row in pdf_rows:
        assert row.polygon is not None
        assert _strictly_inside(row.point, row.polygon)
        assert _pattern_at(net, row.point) == row.pattern
    # PDF: the k-th TikZ polygon is row k's exact polygon, the k-th label node is Rk at row k's point
    tikz_polygons = _tikz_polygons(report.tex)
    assert [frozenset(p) for p in tikz_polygons] == [frozenset(row.polygon or ()) for row in pdf_rows]
    assert _tikz_labels(report.tex) == [(row.label, _shown(row.point[0]), _shown(row.point[1])) for row in pdf_rows]
    for polygon, row in zip(tikz_polygons, pdf_rows, strict=True):
        assert _strictly_inside(row.point, polygon)
    # PNG: patch k is row k's polygon, and the annotation Rk is placed at row k's exact point (as a float)
    for patch, row in zip(figure.polygons, png_rows, strict=True):
        assert row.polygon is not None
        assert [tuple(v) for v in patch.get_xy()[: len(row.polygon)]] == [(float(x), float(y)) for x, y in row.polygon]
    annotations = [(t.get_text(), tuple(t.xy)) for t in figure.axes.texts if re.fullmatch(r"R\d+", t.get_text())]
    assert annotations == [(row.label, (float(row.point[0]), float(row.point[1]))) for row in png_rows]
    return pdf_rows


def test_png_and_pdf_label_every_region_of_worked_example_4_alike() -> None:
    box = ((Fraction(-2), Fraction(2)), (Fraction(-2), Fraction(2)))
    rows = _check_same_labels(NET_2D, box)
    assert len(rows) == 7
    # the pattern 100 region carries the same label in both (theory.md: 2 x1 + 4 x2 + 3/5 there)
    (row,) = [r for r in rows if r.pattern_string == "100"]
    assert row.offset == (Fraction(3, 5),)


def test_png_and_pdf_agree_on_the_default_box() -> None:
    report = build_report(NET_2D, number_format="exact")
    figure = plot_region_map(NET_2D)
    assert [_identity(row) for row in report.rows] == [_identity(row) for row in figure.data.rows]
    assert len(report.rows) == len(enumerate_regions(NET_2D, domain=default_box(NET_2D), progress=False))


@settings(max_examples=12, deadline=None)
@given(
    networks(d=2, n=st.integers(1, 4), m=1, entries=rationals(max_numerator=4, max_denominator=3)),
    st.sampled_from([((-2, 2), (-2, 2)), ((-1, 3), ("-1/2", 1))]),
)
def test_png_and_pdf_label_each_region_alike(net: TwoLayerReLU, bounds: Any) -> None:
    box = tuple((Fraction(lo), Fraction(hi)) for lo, hi in bounds)
    _check_same_labels(net, box)


def test_given_regions_are_labelled_in_the_order_given() -> None:
    box = ((Fraction(-2), Fraction(2)), (Fraction(-2), Fraction(2)))
    given_order = list(reversed(list(enumerate_regions(NET_2D, domain=box, progress=False))))
    rows = region_rows(NET_2D, given_order, box=box)
    assert [(row.label, row.pattern_string) for row in rows] == [
        (f"R{k}", region.pattern) for k, region in enumerate(given_order, start=1)
    ]
    figure = plot_region_map(NET_2D, box=box, regions=given_order)
    report = build_report(NET_2D, domain=box, regions=given_order)
    assert [_identity(row) for row in figure.data.rows] == [_identity(row) for row in report.rows]
    assert [_identity(row) for row in rows] == [_identity(row) for row in report.rows]


def test_region_rows_are_deterministic() -> None:
    box = ((Fraction(-2), Fraction(2)), (Fraction(-2), Fraction(2)))
    first = [_identity(row) for row in region_rows(NET_2D, box=box)]
    assert first == [_identity(row) for row in region_rows(NET_2D, box=box)]
