"""Decision maps (matplotlib): where a network decides, drawn from exact polygons, for any region count.

:func:`plot_decision_map` draws a 2-D network inside a box: every linear region's exact polygon
(thin outlines), the hidden hyperplanes, and either the two decision cells {f > 0} / {f < 0} with
the decision boundary {f = 0} (one output, :func:`reluexact.answers.decision_boundary`) or the
argmax class cells in class colours with the interfaces between classes (several outputs,
:func:`reluexact.answers.class_cells`); optional data points are marked, coloured by the class
the network predicts for them (exactly). Regions are drawn as one matplotlib collection, so
tens of thousands of regions draw in seconds; labels are left out above ``label_limit`` regions.
:func:`plot_zero_set` draws a 1-D network with its zero set: the points where f changes sign and
the intervals where f = 0; :func:`plot_class_bands` a 1-D network with several outputs as its argmax
bands on the line (exact end points, :func:`class_bands`).

The geometry is exact (polygons, end points, zeros); floats are used only for drawing
(:func:`reluexact.report.view.drawing_float`).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [-1])
>>> fig = plot_decision_map(net, box="-2,2")
>>> fig, len(fig.segments)
(DecisionMapFigure(regions=4, cells=7, boundary segments=3), 3)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reluexact.domain import DomainLike
from reluexact.errors import InvalidArgument, MissingDependencyError
from reluexact.report.colors import categorical_color
from reluexact.report.figures import figure_pixel, shown_box
from reluexact.report.polygons import box_polygon, clip_halfplane, default_box
from reluexact.report.view import drawing_float

if TYPE_CHECKING:
    from reluexact.answers import ClassCells, DecisionBoundary
    from reluexact.model import TwoLayerReLU
    from reluexact.regions import RegionsResult

__all__ = [
    "NEGATIVE",
    "POSITIVE",
    "ClassBandsFigure",
    "DecisionMapFigure",
    "ZeroSetFigure",
    "class_bands",
    "mark_points",
    "plot_class_bands",
    "plot_decision_map",
    "plot_zero_set",
    "predicted",
]

Point = tuple[Fraction, ...]

#: Colour of the cells {f > 0} and {f < 0} (one output).
POSITIVE = (0.553, 0.741, 0.871)
NEGATIVE = (0.976, 0.702, 0.529)


@dataclass(frozen=True)
class DecisionMapFigure:
    """A 2-D decision map: the matplotlib ``figure`` and ``axes``, and the exact data drawn.

    Attributes
    ----------
    answer : DecisionBoundary or ClassCells
        What was computed (one output: the boundary; several: the class cells).
    cells : tuple of (polygon, colour)
        The filled exact polygons, in the order of ``answer.cells``.
    segments : tuple of (point, point)
        The exact boundary segments drawn (decision boundary pieces, or class interfaces).
    points : tuple of (point, class)
        The data points drawn and the class (or sign, 1 / -1) the network gives each, exactly.
    """

    figure: Any
    axes: Any
    answer: DecisionBoundary | ClassCells
    cells: tuple[tuple[tuple[Point, ...], tuple[float, float, float]], ...]
    segments: tuple[tuple[Point, Point], ...]
    points: tuple[tuple[Point, int], ...]

    def pixel(self, point: Any, *, dpi: int) -> tuple[int, int]:
        """(column, row) of ``point`` (plane coordinates) in a PNG saved at ``dpi`` by ``save_figure``.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> drawn = plot_decision_map(TwoLayerReLU([[1, 0]], [0], [[1]], [0]), box="-1,1;-1,1")
        >>> (left, row), (right, same_row) = (drawn.pixel((x, 0), dpi=50) for x in (-1, 1))
        >>> left < right and row == same_row
        True
        """
        return figure_pixel(self.figure, self.axes, point, dpi=dpi)

    def __repr__(self) -> str:
        return (
            f"DecisionMapFigure(regions={len(self.answer.regions)}, cells={len(self.cells)}, "
            f"boundary segments={len(self.segments)})"
        )


@dataclass(frozen=True)
class ZeroSetFigure:
    """A 1-D figure of f and its zero set: ``zeros`` (sign changes) and ``zero_intervals`` (f = 0), exact."""

    figure: Any
    axes: Any
    zeros: tuple[Fraction, ...]
    zero_intervals: tuple[tuple[Fraction, Fraction], ...]

    def __repr__(self) -> str:
        return f"ZeroSetFigure(zeros={len(self.zeros)}, zero intervals={len(self.zero_intervals)})"


def _line_segments(net: TwoLayerReLU, box: Sequence[tuple[Fraction, Fraction]]) -> list[tuple[Point, Point]]:
    square = box_polygon(box)
    out: list[tuple[Point, Point]] = []
    for row, bias in zip(net.W, net.b, strict=True):
        if not any(row):
            continue
        on_line = sorted({p for p in clip_halfplane(square, row, bias) if row[0] * p[0] + row[1] * p[1] + bias == 0})
        if len(on_line) >= 2:
            out.append((on_line[0], on_line[-1]))
    return out


def predicted(net: TwoLayerReLU, points: Sequence[Sequence[Any]]) -> list[int]:
    """The exact decision at each point: the sign of f (1, -1, or 0 on the boundary) for m = 1, else the argmax class.

    A tie goes to the smallest class (numpy's argmax). Exact: f is evaluated in rationals.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> predicted(TwoLayerReLU([[1]], [0], [[1], [0]], [0, "1/2"]), [[1], [0], ["1/2"]])
    [0, 1, 0]
    """
    from reluexact.model import evaluate_exact_batch

    values = evaluate_exact_batch(net, points)
    out = []
    for v in values:
        row = list(v)
        if len(row) == 1:
            out.append((row[0] > 0) - (row[0] < 0))
        else:
            out.append(row.index(max(row)))
    return out


def plot_decision_map(
    net: TwoLayerReLU,
    *,
    box: DomainLike = None,
    result: RegionsResult | None = None,
    points: Sequence[Sequence[Any]] | None = None,
    hyperplanes: bool = True,
    region_edges: bool = True,
    size: float = 6.0,
) -> DecisionMapFigure:
    """Draw the decision map of a 2-D network inside a box, from exact polygons (any number of regions).

    Parameters
    ----------
    net : TwoLayerReLU (d = 2)
        One output: cells {f > 0} (blue) and {f < 0} (orange) and the boundary {f = 0} (black).
        Several outputs: argmax class cells in class colours, interfaces in black.
    box : DomainLike, optional
        A box (``"lo,hi"``, ``"lo,hi;lo,hi"``, ...); default: one holding every vertex of the arrangement.
    result : RegionsResult, optional
        A complete enumeration of that box to reuse.
    points : sequence of points, optional
        Data points to mark (exact rationals or floats taken exactly), coloured by the network's decision.
    hyperplanes, region_edges : bool
        Draw the hidden units' lines / the outlines of the linear regions.
    size : float
        Figure width in inches.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0])  # argmax(relu(x), relu(y))
    >>> fig = plot_decision_map(net, box="-1,1", points=[[1, "1/2"], ["-1/2", "1/2"]])
    >>> [label for _, label in fig.points], sorted(i.classes for i in fig.answer.interfaces)
    ([0, 1], [(0, 1)])
    """
    from reluexact.answers import class_cells, decision_boundary
    from reluexact.regions import regions

    if net.input_dim != 2:
        raise InvalidArgument(f"plot_decision_map needs d = 2, this network has d = {net.input_dim}")
    exact_box = shown_box(net, box, needed_by="plot_decision_map", where="box") or default_box(net)
    if result is None:
        result = regions(net, domain=exact_box, progress=False)
    answer: DecisionBoundary | ClassCells
    filled: list[tuple[tuple[Point, ...], tuple[float, float, float]]] = []
    segments: list[tuple[Point, Point]] = []
    if net.output_dim == 1:
        answer = decision_boundary(net, result=result)
        for cell in answer.cells:
            assert cell.polygon is not None
            filled.append((cell.polygon, POSITIVE if cell.sign > 0 else NEGATIVE))
        zero = set(answer.zero_regions)
        for region in result.regions:
            if region.id in zero:
                polygon = _region_polygon(region, exact_box)
                filled.append((polygon, (0.85, 0.85, 0.85)))
        segments = [p.end_points for p in answer.pieces if p.end_points is not None]
    else:
        answer = class_cells(net, result=result)
        for klass in answer.cells:
            assert klass.polygon is not None
            filled.append((klass.polygon, categorical_color(klass.label)))
        segments = [i.end_points for i in answer.interfaces if i.end_points is not None]
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
    except ImportError as error:  # pragma: no cover - matplotlib is a core dependency
        raise MissingDependencyError('figures need matplotlib: pip install "matplotlib>=3.8"') from error

    figure = Figure(figsize=(size, size * 0.85), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()

    def floats(polygon: Sequence[Point]) -> list[tuple[float, float]]:
        return [(drawing_float(p[0]), drawing_float(p[1])) for p in polygon]

    # every cell lies in one region and the cells of a region tile it: their white outlines are the
    # region edges (plus the boundary, drawn in black on top)
    axes.add_collection(
        PolyCollection(
            [floats(p) for p, _ in filled],
            facecolors=[c for _, c in filled],
            edgecolors="white" if region_edges else "face",
            linewidths=0.4 if region_edges else 0.0,
            zorder=1,
        )
    )
    if hyperplanes:
        lines = [floats(s) for s in _line_segments(net, exact_box)]
        axes.add_collection(LineCollection(lines, colors=[(0.3, 0.3, 0.3)], linewidths=0.5, alpha=0.5, zorder=3))
    axes.add_collection(LineCollection([floats(s) for s in segments], colors="black", linewidths=2.0, zorder=4))
    marked = mark_points(axes, net, points) if points else []
    (x0, x1), (y0, y1) = exact_box
    axes.set_xlim(drawing_float(x0), drawing_float(x1))
    axes.set_ylim(drawing_float(y0), drawing_float(y1))
    axes.set_aspect("equal")
    axes.set_xlabel("$x_1$")
    axes.set_ylabel("$x_2$")
    if net.output_dim == 1:
        handles: list[Any] = [Patch(color=POSITIVE, label="$f>0$"), Patch(color=NEGATIVE, label="$f<0$")]
        title = f"decision boundary: {len(segments)} pieces in {len(result)} regions"
    else:
        shown = sorted({c.label for c in answer.cells})  # type: ignore[union-attr]
        handles = [Patch(color=categorical_color(k), label=f"class {k}") for k in shown[:20]]
        title = f"{net.output_dim} classes: {len(filled)} cells in {len(result)} regions"
    handles.append(Line2D([0], [0], color="black", linewidth=2, label="boundary"))
    axes.legend(handles=handles, fontsize="small", loc="upper right", framealpha=0.85)
    axes.set_title(title, fontsize="medium")
    return DecisionMapFigure(figure, axes, answer, tuple(filled), tuple(segments), tuple(marked))


def mark_points(axes: Any, net: TwoLayerReLU, points: Sequence[Sequence[Any]]) -> list[tuple[Point, int]]:
    """Mark data points on a 2-D map's matplotlib ``axes``, coloured by the network's exact decision there.

    Returns the exact points with their decisions (:func:`predicted`). Points are read exactly
    (floats at their binary value, strings such as ``"1/3"`` as rationals).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.report.figures import plot_region_map
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])
    >>> mark_points(plot_region_map(net, box="-1,1").axes, net, [["1/2", 0], [0, 0.5]])
    [((Fraction(1, 2), Fraction(0, 1)), 1), ((Fraction(0, 1), Fraction(1, 2)), -1)]
    """
    exact = [tuple(Fraction(v) for v in p) for p in points]
    labels = predicted(net, exact)
    colors = [_label_color(label, net.output_dim) for label in labels]
    xs = [drawing_float(p[0]) for p in exact]
    ys = [drawing_float(p[1]) for p in exact]
    axes.scatter(xs, ys, facecolors=colors, edgecolors="black", linewidths=0.6, s=22, zorder=7)
    return list(zip(exact, labels, strict=True))


def _label_color(label: int, m: int) -> tuple[float, float, float]:
    if m == 1:
        return {1: POSITIVE, -1: NEGATIVE}.get(label, (1.0, 1.0, 1.0))
    return categorical_color(label)


def _region_polygon(region: Any, box: Sequence[tuple[Fraction, Fraction]]) -> tuple[Point, ...]:
    polygon = box_polygon(box)
    for f in region.facets or ():
        if f.kind == "hyperplane":
            polygon = clip_halfplane(polygon, [Fraction(v) for v in f.normal], Fraction(f.offset))
    return polygon


def plot_zero_set(
    net: TwoLayerReLU, *, interval: DomainLike = None, points: Sequence[Sequence[Any]] | None = None
) -> ZeroSetFigure:
    """Draw a 1-D one-output network with its zero set: sign changes (red dots) and intervals where f = 0 (shaded).

    The zeros are exact (:func:`reluexact.answers.decision_boundary` in d = 1); ``points`` are marked on
    the graph of f.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1], [1]], [0, -1], [[1, -2]], ["1/2"])  # relu(x) - 2 relu(x - 1) + 1/2
    >>> fig = plot_zero_set(net, interval=(-1, 3))
    >>> fig.zeros
    (Fraction(5, 2),)
    """
    from reluexact.answers import decision_boundary
    from reluexact.report.figures import plot_function

    if net.input_dim != 1 or net.output_dim != 1:
        raise InvalidArgument(
            f"plot_zero_set needs d = 1 and one output, this network has d = {net.input_dim}, m = {net.output_dim}"
        )
    box = shown_box(net, interval, needed_by="plot_zero_set", where="interval") or default_box(net)
    lo, hi = box[0]
    boundary = decision_boundary(net, domain=box)
    zeros = tuple(sorted(p.point[0] for p in boundary.pieces))
    intervals = []
    for rid in boundary.zero_regions:
        region = boundary.regions[rid]
        ends = [f.point[0] for f in region.facets or () if f.point is not None]
        left = max([e for e in ends if e < region.point[0]], default=lo)
        right = min([e for e in ends if e > region.point[0]], default=hi)
        intervals.append((left, right))
    figure = plot_function(net, interval=box, contributions=False).figure
    axes = figure.axes[0]
    for left, right in intervals:
        axes.axvspan(drawing_float(left), drawing_float(right), color=(0.85, 0.85, 0.85), zorder=0, label="$f=0$")
    if zeros:
        axes.scatter(
            [drawing_float(z) for z in zeros], [0.0] * len(zeros), color="red", s=30, zorder=5, label="zero of $f$"
        )
    axes.axhline(0.0, color="black", linewidth=0.6, zorder=1)
    if points:
        from reluexact.model import evaluate_exact_batch

        exact = [tuple(Fraction(v) for v in p) for p in points]
        values = evaluate_exact_batch(net, exact)
        axes.scatter(
            [drawing_float(p[0]) for p in exact],
            [drawing_float(v[0]) for v in values],
            color="black",
            marker="x",
            s=25,
            zorder=6,
            label="points",
        )
    axes.legend(fontsize="small", loc="best")
    return ZeroSetFigure(figure, axes, zeros, tuple(sorted(intervals)))


@dataclass(frozen=True)
class ClassBandsFigure:
    """A 1-D figure of the outputs f_1, ..., f_m with the argmax bands shaded: ``bands`` as :func:`class_bands`."""

    figure: Any
    axes: Any
    bands: tuple[tuple[Fraction, Fraction, int], ...]
    points: tuple[tuple[Point, int], ...]

    def __repr__(self) -> str:
        return f"ClassBandsFigure(bands={len(self.bands)}, classes={len({k for _, _, k in self.bands})})"


def class_bands(net: TwoLayerReLU, *, interval: DomainLike = None) -> tuple[tuple[Fraction, Fraction, int], ...]:
    """The argmax of a 1-D network with several outputs as bands ``(lo, hi, class)`` covering the interval, exactly.

    On each linear region [l, r] the outputs are affine; their pairwise crossings inside (l, r) cut it
    into pieces on which one class is the largest (checked exactly at each piece's midpoint; a tie on a
    whole piece goes to the smallest class, as numpy's argmax); adjacent pieces of one class are merged.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 0], [0, 1], [0, 0]], [0, 0, 1])  # relu(x), relu(-x), 1
    >>> [(str(lo), str(hi), k) for lo, hi, k in class_bands(net, interval=(-3, 3))]
    [('-3', '-1', 1), ('-1', '1', 2), ('1', '3', 0)]
    """
    from reluexact.regions import regions

    if net.input_dim != 1:
        raise InvalidArgument(f"class_bands needs d = 1, this network has d = {net.input_dim}")
    box = shown_box(net, interval, needed_by="class_bands", where="interval") or default_box(net)
    lo, hi = box[0]
    pieces: list[tuple[Fraction, Fraction, int]] = []
    for region in regions(net, domain=box, progress=False).regions:
        p = region.point[0]
        ends = [f.point[0] for f in region.facets or () if f.point is not None]
        left = max([e for e in ends if e < p], default=lo)
        right = min([e for e in ends if e > p], default=hi)
        maps = [(row[0], o) for row, o in zip(region.gradient, region.offset, strict=True)]
        cuts = {left, right}
        for i, (a, b) in enumerate(maps):
            for c, e in maps[i + 1 :]:
                if a != c and left < (e - b) / (a - c) < right:
                    cuts.add((e - b) / (a - c))
        ordered = sorted(cuts)
        for x0, x1 in itertools.pairwise(ordered):
            mid = (x0 + x1) / 2
            values = [a * mid + b for a, b in maps]
            pieces.append((x0, x1, values.index(max(values))))
    pieces.sort()
    merged: list[tuple[Fraction, Fraction, int]] = []
    for x0, x1, k in pieces:
        if merged and merged[-1][2] == k and merged[-1][1] == x0:
            merged[-1] = (merged[-1][0], x1, k)
        else:
            merged.append((x0, x1, k))
    return tuple(merged)


def plot_class_bands(
    net: TwoLayerReLU, *, interval: DomainLike = None, points: Sequence[Sequence[Any]] | None = None
) -> ClassBandsFigure:
    """Draw a 1-D network with several outputs: each output's graph and the argmax bands in class colours.

    The bands are exact (:func:`class_bands`); ``points`` are marked on the axis, coloured by their exact
    class (:func:`predicted`).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 0], [0, 1], [0, 0]], [0, 0, 1])
    >>> fig = plot_class_bands(net, interval=(-3, 3), points=[[2], [0]])
    >>> fig, fig.points
    (ClassBandsFigure(bands=3, classes=3), (((Fraction(2, 1),), 0), ((Fraction(0, 1),), 2)))
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - the [plot] extra
        raise MissingDependencyError("plot_class_bands needs matplotlib: pip install 'reluexact[plot]'") from error
    from reluexact.model import evaluate_exact_batch

    if net.input_dim != 1:
        raise InvalidArgument(f"plot_class_bands needs d = 1, this network has d = {net.input_dim}")
    bands = class_bands(net, interval=interval)
    figure, axes = plt.subplots(figsize=(6.0, 3.6))
    seen: set[int] = set()
    for x0, x1, k in bands:
        label = None if k in seen else f"class {k + 1}"
        seen.add(k)
        axes.axvspan(
            drawing_float(x0), drawing_float(x1), color=categorical_color(k), alpha=0.35, zorder=0, label=label
        )
    xs = sorted({x for x0, x1, _ in bands for x in (x0, x1)})
    values = evaluate_exact_batch(net, [(x,) for x in xs])
    for k in range(net.output_dim):
        axes.plot(
            [drawing_float(x) for x in xs],
            [drawing_float(v[k]) for v in values],
            color=categorical_color(k),
            linewidth=1.2,
        )
    marked: list[tuple[Point, int]] = []
    if points:
        exact = [tuple(Fraction(v) for v in p) for p in points]
        classes = predicted(net, exact)
        marked = list(zip(exact, classes, strict=True))
        low = min(drawing_float(v) for row in values for v in row) if values else 0.0
        axes.scatter(
            [drawing_float(p[0]) for p in exact],
            [low] * len(exact),
            c=[categorical_color(k) for k in classes],
            edgecolors="black",
            marker="o",
            s=30,
            zorder=6,
        )
    axes.set_xlabel("$x$")
    axes.legend(fontsize="small", loc="best")
    return ClassBandsFigure(figure, axes, bands, tuple(marked))
