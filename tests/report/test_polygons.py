"""Exact 2-D geometry: clipping, box cells against brute force and Euler's count, interior points."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import DomainError
from reluexact.model import TwoLayerReLU
from reluexact.report.polygons import (
    box_cells_2d,
    box_polygon,
    clip_halfplane,
    default_box,
    polygon_area,
    polygon_interior_point,
    region_polygon,
)
from reluexact.report.render import _region_count_2d

small = st.fractions(min_value=-3, max_value=3, max_denominator=4)


@st.composite
def nets_2d(draw: st.DrawFn, max_units: int = 6) -> TwoLayerReLU:
    n = draw(st.integers(0, max_units))
    W = [[draw(small), draw(small)] for _ in range(n)]
    b = [draw(small) for _ in range(n)]
    A = [[draw(small) for _ in range(n)]]
    return TwoLayerReLU(W, b, A, [Fraction(0)], input_dim=2)


def _pattern(net: TwoLayerReLU, point: tuple[Fraction, Fraction]) -> tuple[bool, ...]:
    return tuple(w[0] * point[0] + w[1] * point[1] + b > 0 for w, b in zip(net.W, net.b, strict=True))


@settings(max_examples=30, deadline=None)
@given(nets_2d())
def test_cells_tile_the_box_and_match_brute_force_sampling(net: TwoLayerReLU) -> None:
    box = default_box(net)
    cells = box_cells_2d(net, box)
    (x0, x1), (y0, y1) = box
    assert sum(polygon_area(c.polygon) for c in cells) == (x1 - x0) * (y1 - y0)
    assert len({c.pattern for c in cells}) == len(cells)
    for cell in cells:
        assert polygon_area(cell.polygon) > 0
        assert _pattern(net, cell.point) == cell.pattern
        # the interior point is strictly off every line that is a line
        assert all(
            w[0] * cell.point[0] + w[1] * cell.point[1] + b != 0 for w, b in zip(net.W, net.b, strict=True) if any(w)
        )
        assert region_polygon(net, cell.pattern, box) == cell.polygon or polygon_area(
            region_polygon(net, cell.pattern, box)
        ) == polygon_area(cell.polygon)
    # every pattern seen on a rational grid is one of the cells
    patterns = {c.pattern for c in cells}
    steps = 24
    for i in range(1, steps):
        for j in range(1, steps):
            point = (x0 + (x1 - x0) * Fraction(i, steps) + Fraction(1, 997), y0 + (y1 - y0) * Fraction(j, steps))
            if all(w[0] * point[0] + w[1] * point[1] + b != 0 for w, b in zip(net.W, net.b, strict=True)):
                assert _pattern(net, point) in patterns
    # the default box holds every vertex: cells = regions of R^2 (Euler's formula, independent)
    assert len(cells) == _region_count_2d(net)


def test_general_position_count_is_zaslavsky() -> None:
    net = TwoLayerReLU([[1, 0], [0, 1], [1, 1], [1, -2]], [0, 1, -1, 3], [[1, 1, 1, 1]], [0])
    assert len(box_cells_2d(net, default_box(net))) == 1 + 4 + 6


def test_degenerate_arrangements() -> None:
    # three concurrent lines through 0: 6 regions; a coincident duplicate and a w = 0 unit change nothing
    net = TwoLayerReLU([[1, 0], [0, 1], [1, 1], [2, 0], [0, 0]], [0, 0, 0, 0, 1], [[1] * 5], [0])
    assert len(box_cells_2d(net, [(-1, 1), (-1, 1)])) == 6
    # parallel lines: strips
    parallel = TwoLayerReLU([[1, 0], [1, 0], [1, 0]], [0, -1, 1], [[1, 1, 1]], [0])
    assert len(box_cells_2d(parallel, default_box(parallel))) == 4
    # a line missing the box
    assert len(box_cells_2d(TwoLayerReLU([[1, 0]], [10], [[1]], [0]), [(-1, 1), (-1, 1)])) == 1


def test_clip_is_exact_and_handles_touching() -> None:
    square = box_polygon([(0, 1), (0, 1)])
    assert clip_halfplane(square, (Fraction(1), Fraction(0)), Fraction(-1)) == (
        (Fraction(1), Fraction(0)),
        (Fraction(1), Fraction(1)),
    )
    assert clip_halfplane(square, (Fraction(1), Fraction(0)), Fraction(-2)) == ()
    third = clip_halfplane(square, (Fraction(3), Fraction(0)), Fraction(-1), sign=-1)
    assert polygon_area(third) == Fraction(1, 3)


def test_interior_point_is_simple_and_inside() -> None:
    triangle = ((Fraction(0), Fraction(0)), (Fraction(1, 3), Fraction(0)), (Fraction(0), Fraction(1, 3)))
    x, y = polygon_interior_point(triangle)
    assert x > 0
    assert y > 0
    assert x + y < Fraction(1, 3)
    with pytest.raises(DomainError, match="degenerate"):
        polygon_interior_point(((Fraction(0), Fraction(0)), (Fraction(1), Fraction(0))))
    with pytest.raises(DomainError, match="empty or degenerate"):
        box_polygon([(1, 1), (0, 1)])
