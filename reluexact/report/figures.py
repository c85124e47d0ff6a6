"""matplotlib figures (PNG/SVG/PDF) for notebooks and the ``reluexact plot`` command.

matplotlib is imported inside the functions, and only its object-oriented API
with the Agg canvas is used (no pyplot, no global backend switch), so importing
reluexact stays fast and a notebook's backend is untouched.

The figures draw the same exact data as the report's TikZ pictures
(:mod:`reluexact.report.view`), with the same colours. Each function returns the
figure *and* that data, so a caller (or a test) can relate what is drawn to the
exact regions: :meth:`RegionMapFigure.pixel` maps a point of the plane to the
pixel where it lands in the saved PNG.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])
>>> result = plot_region_map(net, box=((-1, 1), (-1, 1)))
>>> len(result.data.rows), len(result.polygons)
(4, 4)
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reluexact.domain import DomainLike, Whole, as_box, as_domain
from reluexact.errors import InvalidArgument, MissingDependencyError
from reluexact.report.colors import LEFT_FACING, RIGHT_FACING, sequential_color
from reluexact.report.document import write_bytes_atomic
from reluexact.report.polygons import default_box
from reluexact.report.view import FunctionPlot, RegionMap, drawing_float, function_plot, region_map

if TYPE_CHECKING:
    from reluexact.model import TwoLayerReLU

__all__ = [
    "MAX_DPI",
    "MAX_PIXELS",
    "MIN_DPI",
    "FunctionFigure",
    "RegionMapFigure",
    "check_resolution",
    "figure_pixel",
    "plot_function",
    "plot_network",
    "plot_region_map",
    "save_figure",
    "shown_box",
]

_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

#: Lowest resolution a figure is saved at (dots per inch): below about 8 dpi the font renderer fails.
MIN_DPI = 20
#: Highest resolution a figure is saved at (dots per inch); print quality is 300 to 600.
MAX_DPI = 1200
#: Most pixels of a saved figure (width x height at the dpi): 2**25, a 128 MiB RGBA canvas;
#: checked before drawing.
MAX_PIXELS = 2**25


def check_resolution(figure: Any, dpi: Any) -> None:
    """Refuse a ``dpi`` outside :data:`MIN_DPI` .. :data:`MAX_DPI`, or over :data:`MAX_PIXELS` pixels, before drawing.

    Examples
    --------
    >>> check_resolution(None, 150)
    >>> check_resolution(None, 10**6)
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: dpi must be an integer from 20 to 1200, got 1000000
    """
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not MIN_DPI <= dpi <= MAX_DPI:
        raise InvalidArgument(f"dpi must be an integer from {MIN_DPI} to {MAX_DPI}, got {dpi!r}")
    if figure is None:
        return
    width, height = figure.get_size_inches()
    pixels = float(width) * float(height) * dpi * dpi
    if not pixels <= MAX_PIXELS:
        raise InvalidArgument(
            f"a {float(width):g} x {float(height):g} inch figure at {dpi} dpi has {pixels:.3g} pixels, more than "
            f"MAX_PIXELS = {MAX_PIXELS}; lower the dpi or the figure size"
        )


def shown_box(
    net: TwoLayerReLU, domain: DomainLike, *, needed_by: str, where: str = "domain"
) -> tuple[tuple[Fraction, Fraction], ...] | None:
    """The box a figure or report of ``net`` shows, as (lo, hi) pairs; None when ``domain`` is all of R^d.

    ``domain`` is read by :func:`reluexact.domain.as_domain` (``"lo,hi"`` is the same
    interval for every input; ``(lo, hi)`` for d = 1); a polytope is refused. For None the
    caller picks a box (:func:`reluexact.report.polygons.default_box`).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> shown_box(TwoLayerReLU([[1, 1]], [0], [[1]], [0]), "-1,1", needed_by="plot")
    ((Fraction(-1, 1), Fraction(1, 1)), (Fraction(-1, 1), Fraction(1, 1)))
    >>> shown_box(TwoLayerReLU([[1]], [0], [[1]], [0]), None, needed_by="plot") is None
    True
    """
    parsed = as_domain(domain, net.input_dim, where=where)
    if isinstance(parsed, Whole):
        return None
    return as_box(parsed, net.input_dim, needed_by=needed_by, where=where).bounds


def _matplotlib() -> Any:
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:  # pragma: no cover - matplotlib is a core dependency
        raise MissingDependencyError('figures need matplotlib: pip install "matplotlib>=3.8"') from error
    return matplotlib, Figure, FigureCanvasAgg


def save_figure(figure: Any, path: str | os.PathLike[str], *, dpi: int = 150) -> Path:
    """Save a matplotlib figure atomically; the format follows the suffix (``.png``, ``.svg``, ``.pdf``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reluexact.model import TwoLayerReLU
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "f.svg"
    >>> save_figure(plot_function(TwoLayerReLU([[1]], [0], [[1]], [0])).figure, out).read_text()[:5]
    '<?xml'
    """
    target = Path(path)
    fmt = _FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise InvalidArgument(f"{target}: unknown figure format; use .png, .svg or .pdf")
    check_resolution(figure, dpi)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else None
    figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return write_bytes_atomic(target, buffer.getvalue())


@dataclass(frozen=True)
class FunctionFigure:
    """A 1-D figure: the matplotlib ``figure`` and the exact ``data`` it draws."""

    figure: Any
    data: FunctionPlot

    def __repr__(self) -> str:
        return f"FunctionFigure({self.data!r})"


@dataclass(frozen=True)
class RegionMapFigure:
    """A 2-D region map: the matplotlib ``figure``, its ``axes``, the exact ``data``, the drawn ``polygons``.

    ``polygons[k]`` is the matplotlib patch of ``data.rows[k]``, filled with ``data.colors[k]``.
    """

    figure: Any
    axes: Any
    data: RegionMap
    polygons: tuple[Any, ...]

    def __repr__(self) -> str:
        return f"RegionMapFigure({self.data!r})"

    def pixel(self, point: Any, *, dpi: int) -> tuple[int, int]:
        """(column, row) of ``point`` (plane coordinates) in a PNG saved by :func:`save_figure` at ``dpi``.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> drawn = plot_region_map(TwoLayerReLU([[1, 0]], [0], [[1]], [0]), box="-1,1;-1,1")
        >>> (column, bottom), (_, top) = (drawn.pixel((0, y), dpi=50) for y in (-1, 1))
        >>> bottom > top  # PNG rows grow downwards
        True
        """
        return figure_pixel(self.figure, self.axes, point, dpi=dpi)


def figure_pixel(figure: Any, axes: Any, point: Any, *, dpi: int) -> tuple[int, int]:
    """(column, row) of ``point`` (data coordinates of ``axes``) in a PNG of ``figure`` saved at ``dpi``.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> drawn = plot_region_map(TwoLayerReLU([[1, 0]], [0], [[1]], [0]), box="-1,1")
    >>> left, right = (figure_pixel(drawn.figure, drawn.axes, (x, 0), dpi=50)[0] for x in (-1, 1))
    >>> left < right
    True
    """
    figure.canvas.draw()
    x, y = axes.transData.transform((drawing_float(point[0]), drawing_float(point[1])))
    scale = dpi / figure.dpi
    height = figure.get_size_inches()[1] * dpi
    return round(x * scale), round(height - y * scale)


def plot_function(
    net: TwoLayerReLU, *, interval: DomainLike = None, output: int = 0, contributions: bool = True
) -> FunctionFigure:
    """Plot a 1-D network: f through its exact break points, knots coloured by orientation, unit contributions.

    Top panel: f on the interval, knots marked (right-facing units ▲ blue,
    left-facing ■ red, both ◆ purple). Bottom panel: each unit's contribution
    a_i relu(w_i x + b_i). Float only for drawing; the break points are exact.

    ``interval`` is any 1-D domain :func:`reluexact.domain.as_interval` reads
    (``(lo, hi)``, ``[(lo, hi)]``, ``"lo,hi"``, a Box); default: a box containing every knot.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> fig = plot_function(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0]), interval=(-2, 2))
    >>> len(fig.data.knots)
    2
    """
    if net.input_dim != 1:
        raise InvalidArgument(f"plot_function needs d = 1, this network has d = {net.input_dim}")
    box = shown_box(net, interval, needed_by="plot_function", where="interval") or default_box(net)
    data = function_plot(net, interval=box[0])
    _, Figure, FigureCanvasAgg = _matplotlib()
    rows = 2 if contributions and data.contributions else 1
    figure = Figure(figsize=(7.0, 5.5 if rows == 2 else 3.8), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    xs = [drawing_float(x) for x in data.points]
    ys = [drawing_float(v[output]) for v in data.values]
    top = axes[0]
    top.plot(xs, ys, color="black", linewidth=2, label="$f$", zorder=3)
    marks = {
        "right": ("^", RIGHT_FACING, "right-facing knot ($w_i>0$)"),
        "left": ("s", LEFT_FACING, "left-facing knot ($w_i<0$)"),
    }
    marks["both"] = ("D", (0.580, 0.404, 0.741), "knot of both orientations")
    value_at = dict(zip(data.points, ys, strict=True))
    for side, (marker, color, label) in marks.items():
        points = [(drawing_float(k), value_at[k]) for k, s, _u in data.knots if s == side]
        if points:
            top.scatter(*zip(*points, strict=True), marker=marker, color=color, s=45, label=label, zorder=4)
    top.set_ylabel("$f(x)$" if len(data.values[0]) == 1 else f"$f_{{{output + 1}}}(x)$")
    top.grid(alpha=0.3)
    top.legend(fontsize="small", loc="best")
    if rows == 2:
        bottom = axes[1]
        for unit, curve in data.contributions:
            side = "right" if net.W[unit][0] > 0 else "left" if net.W[unit][0] < 0 else "const"
            color = {"right": RIGHT_FACING, "left": LEFT_FACING}.get(side, (0.5, 0.5, 0.5))
            bottom.plot(xs, [drawing_float(v) for v in curve], color=color, alpha=0.75, linewidth=1)
        bottom.set_ylabel("$a_i\\,\\mathrm{relu}(w_i x + b_i)$")
        bottom.grid(alpha=0.3)
        bottom.set_title("per-unit contributions (blue: right-facing, red: left-facing)", fontsize="small")
    axes[-1].set_xlabel("$x$")
    axes[-1].set_xlim(xs[0], xs[-1])
    return FunctionFigure(figure, data)


def plot_region_map(
    net: TwoLayerReLU,
    *,
    box: DomainLike = None,
    regions: Any = None,
    color_by: str = "gradient",
    labels: bool = True,
    graph: bool = True,
    hyperplanes: bool = True,
    size: float = 6.0,
) -> RegionMapFigure:
    """Plot the linear regions of a 2-D network inside a box, from their exact polygons.

    Each region is a polygon filled by gradient norm (viridis) or by pattern,
    the hyperplanes H_1, H_2, ... are drawn (H_i is unit i, numbered from 1), and
    the adjacency graph (dotted red, nodes at the exact interior points) is drawn
    on top. The rows, labels and label points come from
    :func:`reluexact.report.view.region_rows`, as in the report: by default R1, R2,
    ... follow the exact enumeration of the box (``Rk`` is region id k - 1 of
    :func:`reluexact.regions.regions`), and each label sits at the same exact point
    as in the report's TikZ map of the same net and box.

    Parameters
    ----------
    net : TwoLayerReLU (d = 2)
    box : DomainLike, optional
        A box in any form :func:`reluexact.domain.as_domain` reads (``"lo,hi"`` for both
        inputs, ``"lo,hi;lo,hi"``, ``[(lo, hi), (lo, hi)]``, a Box). Default: a box
        containing every vertex of the arrangement.
    regions : iterable, optional
        Region objects (see :func:`reluexact.report.view.region_rows`), labelled R1, R2, ...
        in their order; default: the exact enumeration of the box.
    color_by : {"gradient", "pattern"}
    labels, graph, hyperplanes : bool
        Draw region labels / the adjacency graph / the hyperplanes.
    size : float
        Figure width in inches.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 1]], [0], [[1]], [0])
    >>> colors = plot_region_map(net, color_by="pattern").data.colors
    >>> len(colors), colors[0] != colors[1]
    (2, True)
    """
    if net.input_dim != 2:
        raise InvalidArgument(f"plot_region_map needs d = 2, this network has d = {net.input_dim}")
    exact_box = shown_box(net, box, needed_by="plot_region_map", where="box") or default_box(net)
    data = region_map(net, box=exact_box, regions=regions, color_by=color_by)
    matplotlib, Figure, FigureCanvasAgg = _matplotlib()
    from matplotlib.colors import ListedColormap, Normalize
    from matplotlib.patches import Polygon as PolygonPatch

    figure = Figure(figsize=(size, size * 0.85), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    patches = []
    for row, color in zip(data.rows, data.colors, strict=True):
        assert row.polygon is not None
        vertices = [(drawing_float(x), drawing_float(y)) for x, y in row.polygon]
        patch = PolygonPatch(vertices, closed=True, facecolor=color, edgecolor="white", linewidth=0.4, zorder=1)
        axes.add_patch(patch)
        patches.append(patch)
    if hyperplanes:
        for unit, (p, q) in data.lines:
            axes.plot(
                [drawing_float(p[0]), drawing_float(q[0])],
                [drawing_float(p[1]), drawing_float(q[1])],
                color="black",
                linewidth=1.2,
                zorder=2,
            )
            at = (drawing_float(p[0] + 7 * (q[0] - p[0]) / 8), drawing_float(p[1] + 7 * (q[1] - p[1]) / 8))
            axes.annotate(
                f"$H_{{{unit + 1}}}$",
                at,
                fontsize=8,
                ha="center",
                va="center",
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
    few = len(data.rows) <= 120
    if graph and few:
        where = {row.index: (drawing_float(row.point[0]), drawing_float(row.point[1])) for row in data.rows}
        for a, b in data.edges:
            if a in where and b in where:
                axes.plot(
                    *zip(where[a], where[b], strict=True), color=(0.6, 0.1, 0.1), linestyle=":", linewidth=1, zorder=3
                )
    if labels and few:
        for row in data.rows:
            axes.annotate(
                row.label,
                (drawing_float(row.point[0]), drawing_float(row.point[1])),
                fontsize=7,
                ha="center",
                va="center",
                zorder=6,
                bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
            )
    (x0, x1), (y0, y1) = exact_box
    axes.set_xlim(drawing_float(x0), drawing_float(x1))
    axes.set_ylim(drawing_float(y0), drawing_float(y1))
    axes.set_aspect("equal")
    axes.set_xlabel("$x_1$")
    axes.set_ylabel("$x_2$")
    if color_by == "gradient" and data.values:
        low, high = min(data.values), max(data.values)
        colormap = ListedColormap([sequential_color(k / 255) for k in range(256)])
        mappable = matplotlib.cm.ScalarMappable(norm=Normalize(low, high if high > low else low + 1), cmap=colormap)
        figure.colorbar(mappable, ax=axes, label="$\\|\\nabla f\\|$ on the region", shrink=0.8)
    axes.set_title(f"{len(data.rows)} linear regions", fontsize="medium")
    return RegionMapFigure(figure, axes, data, tuple(patches))


def plot_network(
    net: TwoLayerReLU,
    path: str | os.PathLike[str] | None = None,
    *,
    domain: DomainLike = None,
    dpi: int = 150,
    **options: Any,
) -> FunctionFigure | RegionMapFigure:
    """The natural figure of a network (d = 1: function plot; d = 2: region map), saved to ``path`` if given.

    ``domain`` is the box shown, in any form :func:`reluexact.domain.as_domain` reads
    (``"lo,hi"`` is the same interval for every input); default: one that shows every
    knot or region.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> plot_network(TwoLayerReLU([[1]], [0], [[1]], [0]))
    FunctionFigure(FunctionPlot(interval=[-1, 1], knots=1))
    """
    result: FunctionFigure | RegionMapFigure
    if path is not None:
        check_resolution(None, dpi)
    if net.input_dim > 2:
        raise InvalidArgument(
            f"figures exist for d = 1 and d = 2; this network has d = {net.input_dim} (use 'reluexact report')"
        )
    box = shown_box(net, domain, needed_by="plot_network")
    if net.input_dim == 1:
        result = plot_function(net, interval=box, **options)
    else:
        result = plot_region_map(net, box=box, **options)
    if path is not None:
        save_figure(result.figure, path, dpi=dpi)
    return result
