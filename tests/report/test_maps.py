"""Decision maps (reluexact.report.maps): what is drawn is the exact answer, pixel for pixel where it matters."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.report.colors import categorical_color
from reluexact.report.figures import save_figure
from reluexact.report.maps import (
    NEGATIVE,
    POSITIVE,
    class_bands,
    plot_class_bands,
    plot_decision_map,
    plot_zero_set,
    predicted,
)
from tests.report.test_figures import _deep_point
from tests.strategies import networks, rationals

F = Fraction


def _random_net(n: int, m: int, seed: int) -> TwoLayerReLU:
    rng = random.Random(seed)
    W = [[rng.randint(-9, 9) for _ in range(2)] for _ in range(n)]
    b = [rng.randint(-9, 9) for _ in range(n)]
    A = [[F(rng.randint(-5, 5), rng.randint(1, 3)) for _ in range(n)] for _ in range(m)]
    return TwoLayerReLU(W, b, A, [F(rng.randint(-2, 2), 2) for _ in range(m)])


def _pixel_colours(fig, tmp_path: Path, dpi: int = 100, largest: int = 30):
    """(colour seen, colour meant) at a deep point of each of the ``largest`` cells (by exact area)."""
    from matplotlib.image import imread

    from reluexact.report.polygons import polygon_area

    image = imread(save_figure(fig.figure, tmp_path / "map.png", dpi=dpi))[:, :, :3]
    cells = sorted(fig.cells, key=lambda cell: -abs(polygon_area(cell[0])))[:largest]
    for polygon, colour in cells:
        vertices = [(float(x), float(y)) for x, y in polygon]
        point, depth = _deep_point(vertices)
        if depth < 0.15:  # thin cells are covered by outlines and lines
            continue
        column, line = fig.pixel(point, dpi=dpi)
        patch = image[line - 1 : line + 2, column - 1 : column + 2].reshape(-1, 3)
        if np.abs(patch - patch.mean(axis=0)).max() > 2 / 255:
            continue  # a hyperplane or boundary line crosses there
        yield patch.mean(axis=0), colour


def test_one_output_cells_boundary_and_pixels(tmp_path: Path) -> None:
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [-1])
    fig = plot_decision_map(net, box="-2,2")
    assert len(fig.cells) == len(fig.answer.cells) == 7
    for a, b in fig.segments:  # every drawn boundary segment has f = 0 at both (exact) ends
        assert evaluate(net, a) == (0,)
        assert evaluate(net, b) == (0,)
    checked = 0
    for seen, colour in _pixel_colours(fig, tmp_path):
        assert np.abs(seen - np.array(colour)).max() < 3 / 255
        checked += 1
    assert checked >= 5
    assert {c for _, c in fig.cells} == {POSITIVE, NEGATIVE}


def test_many_regions_have_no_cap(tmp_path: Path) -> None:
    net = _random_net(24, 3, seed=5)
    fig = plot_decision_map(net, box="-4,4")
    assert len(fig.answer.regions) > 150
    assert len(fig.cells) == len(fig.answer.cells)
    assert sum(polygon_area for polygon_area in (fig.answer.area(k) for k in range(3))) == 64
    assert len(fig.segments) == len(fig.answer.interfaces)
    for (polygon, colour), cell in zip(fig.cells, fig.answer.cells, strict=True):
        assert colour == categorical_color(cell.label)
        assert polygon == cell.polygon
    matched = sum(np.abs(seen - np.array(colour)).max() < 3 / 255 for seen, colour in _pixel_colours(fig, tmp_path))
    assert matched >= 20


def test_points_are_coloured_by_the_exact_decision() -> None:
    net = _random_net(6, 3, seed=2)
    rng = random.Random(0)
    points = [(F(rng.randint(-30, 30), 10), F(rng.randint(-30, 30), 10)) for _ in range(25)]
    fig = plot_decision_map(net, box="-3,3", points=points)
    for point, label in fig.points:
        values = evaluate(net, point)
        assert label == values.index(max(values))
    scatter = fig.axes.collections[-1]
    assert len(scatter.get_offsets()) == 25
    assert predicted(TwoLayerReLU([[1]], [0], [[1]], [-1]), [[2], [1], [0]]) == [1, 0, -1]


def test_zero_regions_are_drawn_grey() -> None:
    net = TwoLayerReLU([[1, 0], [1, 0]], [0, -1], [[1, -1]], [-1])  # f = 0 for x > 1
    fig = plot_decision_map(net, box="-2,2")
    assert len(fig.answer.zero_regions) == 1
    assert len(fig.cells) == len(fig.answer.cells) + 1


def test_zero_set_1d() -> None:
    net = TwoLayerReLU([[1], [1], [1]], [0, -1, -2], [[1, -2, 1]], [F(-1, 2)])  # hat of height 1, minus 1/2
    fig = plot_zero_set(net, interval=(-1, 3))
    assert fig.zeros == (F(1, 2), F(3, 2))
    assert all(evaluate(net, [z]) == (0,) for z in fig.zeros)
    flat = TwoLayerReLU([[1], [1], [1]], [0, -1, -2], [[1, -2, 1]], [0])
    intervals = plot_zero_set(flat, interval=(-1, 3), points=[[0], [1]]).zero_intervals
    assert intervals == ((F(-1), F(0)), (F(2), F(3)))


@settings(max_examples=30, deadline=None)
@given(
    net=networks(d=1, n=st.integers(1, 4), m=st.integers(2, 4), entries=rationals(max_numerator=3, max_denominator=2))
)
def test_class_bands_agree_with_dense_exact_sampling(net: TwoLayerReLU) -> None:
    lo, hi = F(-3), F(3)
    bands = class_bands(net, interval=(lo, hi))
    assert bands[0][0] == lo
    assert bands[-1][1] == hi
    assert all(a[1] == b[0] and a[2] != b[2] for a, b in itertools.pairwise(bands))
    # oracle: the exact argmax at 97 grid points (a tie goes to the smallest class)
    for i in range(97):
        x = lo + (hi - lo) * F(i, 96)
        inside = [k for x0, x1, k in bands if x0 < x < x1]
        if not inside:
            continue  # a band end: a tie or a kink
        values = evaluate(net, [x])
        assert inside == [values.index(max(values))]


def test_class_bands_figure_marks_points() -> None:
    net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 0], [0, 1], [0, 0]], [0, 0, 1])
    fig = plot_class_bands(net, interval=(-3, 3), points=[[-2], ["1/2"], [3]])
    assert [k for _, k in fig.points] == predicted(net, [[-2], ["1/2"], [3]]) == [1, 2, 0]
    assert [k for _, _, k in fig.bands] == [1, 2, 0]


def test_refusals() -> None:
    with pytest.raises(InvalidArgument, match="d = 2"):
        plot_decision_map(TwoLayerReLU([[1]], [0], [[1]], [0]))
    with pytest.raises(InvalidArgument, match="d = 1"):
        plot_zero_set(TwoLayerReLU([[1, 1]], [0], [[1]], [0]))
