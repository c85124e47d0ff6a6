"""Report figures of any size as vector graphics: matplotlib PDF files the ``.tex`` includes.

TikZ figures (:mod:`reluexact.report.tikz`) are exact to the last coordinate but TeX runs out
of memory on a few hundred polygons; the figures here are drawn by matplotlib's PDF backend
(vector, fonts embedded, legible at 100 % on A4), then included with ``\\includegraphics`` at
the text width. Floats are used for drawing only; the exact values are in the report's tables
and attached data.

* :func:`region_map_pdf`: the regions of a 2-D net (or of a 2-D slice) with the hyperplanes;
* :func:`function_pdf`: a 1-D net with its knots and unit contributions;
* :func:`adjacency_pdf`: the adjacency graph of the regions (when it is readable);
* :func:`order_pdf`: the Hasse diagram of the strict partial order of active half-spaces.

Slices of d > 2 nets are :func:`reluexact.answers.slice_network` (one name for one thing).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> pdf = function_pdf(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0]), interval=(-2, 2))
>>> pdf[:5]
b'%PDF-'
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from reluexact.domain import DomainLike
from reluexact.model import TwoLayerReLU
from reluexact.report.colors import LEFT_FACING, RIGHT_FACING
from reluexact.report.figures import plot_function, plot_region_map
from reluexact.report.view import RegionRow, drawing_float

__all__ = [
    "MAX_ADJACENCY_NODES",
    "MAX_ORDER_NODES",
    "adjacency_pdf",
    "figure_pdf",
    "function_pdf",
    "order_pdf",
    "region_map_pdf",
]

#: Regions up to which the adjacency graph is drawn (beyond it no layout is readable on a page).
MAX_ADJACENCY_NODES = 60
#: Units up to which the Hasse diagram of the half-space order is drawn.
MAX_ORDER_NODES = 64


def figure_pdf(figure: Any) -> bytes:
    """A matplotlib figure as PDF bytes (vector; no creation date, so equal inputs give equal files).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_pdf(Figure(figsize=(1, 1)))[:4]
    b'%PDF'
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf", metadata={"CreationDate": None, "Creator": "reluexact"})
    return buffer.getvalue()


def region_map_pdf(
    net: TwoLayerReLU,
    *,
    box: Sequence[tuple[Fraction, Fraction]],
    regions: Any = None,
    color_by: str = "gradient",
    title: str | None = None,
    axis_labels: tuple[str, str] = ("$x_1$", "$x_2$"),
) -> bytes:
    """The region map of a 2-D net inside ``box`` as PDF bytes (labels and adjacency when few regions).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.atomic import write_bytes_atomic
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])
    >>> pdf = region_map_pdf(net, box=[(-1, 1), (-1, 1)], title="four regions")
    >>> path = write_bytes_atomic(pathlib.Path(tempfile.mkdtemp()) / "map.pdf", pdf)
    >>> path.read_bytes()[:5], path.read_bytes().rstrip().endswith(b"%%EOF")
    (b'%PDF-', True)
    """
    drawn = plot_region_map(net, box=list(box), regions=regions, color_by=color_by, size=6.0)
    drawn.axes.set_xlabel(axis_labels[0])
    drawn.axes.set_ylabel(axis_labels[1])
    if title is not None:
        drawn.axes.set_title(title, fontsize="medium")
    return figure_pdf(drawn.figure)


def function_pdf(net: TwoLayerReLU, *, interval: DomainLike) -> bytes:
    """The function plot of a 1-D net (knots marked, unit contributions below) as PDF bytes.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.atomic import write_bytes_atomic
    >>> pdf = function_pdf(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0]), interval=(-2, 2))
    >>> path = write_bytes_atomic(pathlib.Path(tempfile.mkdtemp()) / "function.pdf", pdf)
    >>> path.read_bytes()[:5], path.read_bytes().rstrip().endswith(b"%%EOF")
    (b'%PDF-', True)
    """
    return figure_pdf(plot_function(net, interval=interval).figure)


def adjacency_pdf(rows: Sequence[RegionRow], edges: Sequence[tuple[int, int]]) -> bytes | None:
    """The adjacency graph of the regions (nodes R1, R2, ...), or None above :data:`MAX_ADJACENCY_NODES`.

    In 2-D the nodes sit at the regions' exact interior points; otherwise at a spring layout
    (seeded, so the same graph gives the same picture).

    Examples
    --------
    >>> rows = [RegionRow(k, (k == 1,), (Fraction(k), Fraction(0)), ((Fraction(1), Fraction(0)),), (Fraction(0),))
    ...         for k in (1, 2)]
    >>> adjacency_pdf(rows, [(1, 2)])[:4]
    b'%PDF'
    """
    if not rows or len(rows) > MAX_ADJACENCY_NODES:
        return None
    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    graph = nx.Graph()
    graph.add_nodes_from(row.index for row in rows)
    graph.add_edges_from(edges)
    if len(rows[0].point) == 2:
        where = {row.index: (drawing_float(row.point[0]), drawing_float(row.point[1])) for row in rows}
    else:
        where = {k: (float(x), float(y)) for k, (x, y) in nx.spring_layout(graph, seed=1).items()}
    figure = Figure(figsize=(6.0, 4.5), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for a, b in graph.edges:
        axes.plot(*zip(where[a], where[b], strict=True), color=(0.45, 0.45, 0.45), linewidth=0.8, zorder=1)
    for row in rows:
        axes.annotate(
            row.label,
            where[row.index],
            fontsize=7 if len(rows) > 25 else 9,
            ha="center",
            va="center",
            zorder=2,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": (0.93, 0.95, 1.0), "edgecolor": (0.2, 0.3, 0.6)},
        )
    axes.set_axis_off()
    axes.margins(0.08)
    axes.set_title(f"adjacency of {len(rows)} regions ({graph.number_of_edges()} shared facets)", fontsize="medium")
    return figure_pdf(figure)


def order_pdf(hasse: Any) -> bytes | None:
    """The Hasse diagram of a strict partial order of units (a networkx DiGraph), or None when too large/empty.

    Nodes are drawn in layers (a node one layer above the highest of its predecessors), so
    every arrow points down; node ``i`` is labelled with the unit number ``i + 1``.

    Examples
    --------
    >>> import networkx as nx
    >>> order_pdf(nx.DiGraph([(0, 1), (1, 2)]))[:4]
    b'%PDF'
    """
    nodes = sorted(hasse.nodes)
    if not nodes or len(nodes) > MAX_ORDER_NODES or hasse.number_of_edges() == 0:
        return None
    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    layer: dict[int, int] = {}
    for node in nx.topological_sort(hasse):
        layer[node] = max((layer[p] + 1 for p in hasse.predecessors(node)), default=0)
    by_layer: dict[int, list[int]] = {}
    for node in nodes:
        by_layer.setdefault(layer[node], []).append(node)
    width = max(len(group) for group in by_layer.values())
    where: dict[int, tuple[float, float]] = {}
    for depth, group in by_layer.items():
        for k, node in enumerate(group):
            where[node] = ((k + 0.5) * width / len(group), -float(depth))
    figure = Figure(figsize=(6.3, min(8.0, 1.0 + 0.55 * len(by_layer))), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for a, b in hasse.edges:
        axes.annotate(
            "",
            xy=where[b],
            xytext=where[a],
            arrowprops={"arrowstyle": "->", "color": (0.4, 0.4, 0.4), "linewidth": 0.7, "shrinkA": 7, "shrinkB": 7},
            zorder=1,
        )
    for node in nodes:
        orientation = hasse.nodes[node].get("orientation")
        color = RIGHT_FACING if orientation == 1 else LEFT_FACING if orientation == -1 else (0.2, 0.3, 0.6)
        axes.annotate(
            str(node + 1),
            where[node],
            fontsize=7 if width > 16 else 9,
            ha="center",
            va="center",
            zorder=2,
            bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": color},
        )
    axes.set_xlim(-0.2, width + 0.2)
    axes.set_ylim(-len(by_layer) + 0.5, 0.5)
    axes.set_axis_off()
    return figure_pdf(figure)
