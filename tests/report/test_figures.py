"""matplotlib figures: a structural PNG snapshot of a fixed region map, and what each figure contains."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.report.colors import hex_color
from reluexact.report.figures import plot_function, plot_network, plot_region_map, save_figure
from reluexact.report.render import _region_count_2d
from tests.report.conftest import NET_1D, NET_2D, NET_3D

#: The snapshot of NET_2D's region map on [-2, 2]^2: one (pattern, colour) per polygon, R1 first (the rows are
#: in the order of the exact enumeration, as in the report; colour by pattern follows that order).
SNAPSHOT = {
    "gradient": [
        ("101", "#22968a"),
        ("001", "#3c4d89"),
        ("111", "#3bb876"),
        ("011", "#2fb17d"),
        ("110", "#cbe02d"),
        ("010", "#440154"),
        ("100", "#fde725"),
    ],
    "pattern": [
        ("101", "#aec7e8"),
        ("001", "#ffbb78"),
        ("111", "#98df8a"),
        ("011", "#ff9896"),
        ("110", "#c5b0d5"),
        ("010", "#c49c94"),
        ("100", "#f7b6d2"),
    ],
}


def _deep_point(polygon: list[tuple[float, float]]) -> tuple[tuple[float, float], float]:
    """A point far inside a convex polygon (grid search for the largest distance to the edges)."""
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    best, best_depth = polygon[0], -1.0
    for gx in np.linspace(min(xs), max(xs), 41):
        for gy in np.linspace(min(ys), max(ys), 41):
            depth = math.inf
            for k, (x0, y0) in enumerate(polygon):
                x1, y1 = polygon[(k + 1) % len(polygon)]
                length = math.hypot(x1 - x0, y1 - y0)
                # signed distance, positive inside a counter-clockwise polygon
                depth = min(depth, ((x1 - x0) * (gy - y0) - (y1 - y0) * (gx - x0)) / length)
            if depth > best_depth:
                best, best_depth = (float(gx), float(gy)), depth
    return best, best_depth


@pytest.mark.parametrize("color_by", ["gradient", "pattern"])
def test_region_map_png_snapshot_is_structurally_identical(tmp_path: Path, color_by: str) -> None:
    from matplotlib.image import imread

    dpi = 100
    result = plot_region_map(NET_2D, box="-2,2;-2,2", color_by=color_by, labels=False, graph=False)
    png = save_figure(result.figure, tmp_path / "map.png", dpi=dpi)
    image = imread(png)[:, :, :3]
    # region count: the polygons drawn = the exact regions = Euler's count of the arrangement
    assert len(result.polygons) == len(result.data.rows) == _region_count_2d(NET_2D) == len(SNAPSHOT[color_by])
    observed = []
    for row, patch in zip(result.data.rows, result.polygons, strict=True):
        vertices = [(float(x), float(y)) for x, y in row.polygon]
        assert np.allclose(patch.get_xy()[: len(vertices)], vertices)
        point, depth = _deep_point(vertices)
        assert depth > 0.05
        column, line = result.pixel(point, dpi=dpi)
        patch_pixels = image[line - 2 : line + 3, column - 2 : column + 3].reshape(-1, 3)
        colour = patch_pixels.mean(axis=0)
        assert np.abs(patch_pixels - colour).max() < 2 / 255  # a flat fill, not an edge or a label
        observed.append((row.pattern_string, hex_color(colour)))
    assert observed == SNAPSHOT[color_by]


def test_region_map_draws_labels_hyperplanes_and_the_adjacency_graph() -> None:
    result = plot_region_map(NET_2D, box="-2,2;-2,2")
    texts = [t.get_text() for t in result.axes.texts]
    assert sorted(t for t in texts if t.startswith("R")) == sorted(f"R{k}" for k in range(1, 8))
    assert sorted(t for t in texts if t.startswith("$H")) == ["$H_{1}$", "$H_{2}$", "$H_{3}$"]
    assert len(result.axes.lines) == 3 + len(result.data.edges)
    assert len(result.data.edges) == 9


def test_function_plot_marks_knots_by_orientation(tmp_path: Path) -> None:
    result = plot_function(NET_1D, interval=(-1, 1))
    assert [(str(k), side) for k, side, _units in result.data.knots] == [("-1/2", "right"), ("1/2", "both")]
    top, bottom = result.figure.axes
    assert len(bottom.lines) == 3  # one contribution per unit
    assert len(top.collections) == 2  # knot markers: right-facing, both
    svg = save_figure(result.figure, tmp_path / "f.svg")
    assert svg.read_text().lstrip().startswith("<?xml")


def test_plot_network_dispatches_and_refuses_3d(tmp_path: Path) -> None:
    assert plot_network(NET_1D, tmp_path / "a.png").data.interval == ((-2), 2)
    assert len(plot_network(NET_2D, tmp_path / "b.pdf").data.rows) == 7
    with pytest.raises(InvalidArgument, match="d = 3"):
        plot_network(NET_3D)
    with pytest.raises(InvalidArgument, match="unknown figure format"):
        save_figure(plot_function(NET_1D).figure, tmp_path / "x.jpg")


def test_pattern_colours_distinguish_neighbours() -> None:
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    data = plot_region_map(net, box="-1,1;-1,1", color_by="pattern").data
    for a, b in data.edges:
        assert data.colors[a - 1] != data.colors[b - 1]
