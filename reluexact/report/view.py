"""What a report or figure shows, computed exactly and independently of how it is drawn.

The printers (LaTeX tables, TikZ, matplotlib) draw from these plain values:

- :class:`RegionRow`: one linear region (pattern, exact interior point, exact
  affine map, facets, exact polygon in 2-D), built by :func:`region_rows` from
  whatever the caller has: regions from :mod:`reluexact.regions` (by default,
  their exact enumeration), or the exact box cells of
  :func:`~reluexact.report.polygons.box_cells_2d`;
- :class:`RegionMap`: the 2-D picture (polygons with colours, hyperplane
  segments, labels, adjacency edges);
- :class:`FunctionPlot`: the 1-D picture (exact break points and values, knots
  with their orientation, per-unit contributions).

Numbering: :func:`region_rows` is the one place regions get their labels. Region
``Rk`` is the k-th region of the source, so with the default source (the exact
enumeration of :func:`reluexact.regions.regions` on the box) ``Rk`` is the region
with ``id`` k - 1 of that result and of ``reluexact regions --json``. The PDF report
(table and TikZ map) and the matplotlib figures of the same net and box draw the
same rows, so the same region has the same label, at the same exact point, in both.
Hidden units are numbered from 1 in what people read (``H_1`` is unit index 0).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])
>>> rows = region_rows(net, box=((-1, 1), (-1, 1)))
>>> result = regions(net, domain=((-1, 1), (-1, 1)), progress=False)
>>> [row.pattern_string for row in rows] == [region.pattern for region in result]
True
>>> [(row.label, row.source_id) for row in rows][:2]
[('R1', 0), ('R2', 1)]
>>> sorted(row.gradient for row in rows)[0]
((Fraction(0, 1), Fraction(-1, 1)),)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reluexact.errors import InvalidArgument
from reluexact.report.colors import (
    BOTH_FACING,
    LEFT_FACING,
    RGB,
    RIGHT_FACING,
    categorical_color,
    sequential_color,
)
from reluexact.report.polygons import (
    Cell2D,
    Polygon,
    box_polygon,
    clip_halfplane,
    polygon_area,
    polygon_interior_point,
    region_polygon,
)

if TYPE_CHECKING:
    from reluexact.model import TwoLayerReLU

__all__ = [
    "DRAWING_LIMIT",
    "FunctionPlot",
    "RegionMap",
    "RegionRow",
    "cell_adjacency",
    "drawing_float",
    "function_plot",
    "gradient_norm",
    "region_map",
    "region_rows",
    "shared_edges_2d",
]

Matrix = tuple[tuple[Fraction, ...], ...]
Vector = tuple[Fraction, ...]
Box2D = tuple[tuple[Fraction, Fraction], ...]


def _affine_map_of_pattern(net: TwoLayerReLU, pattern: Sequence[bool | int]) -> tuple[Matrix, Vector]:
    """(gradient, offset) of the region with this per-unit activation pattern (:func:`reluexact.regions.affine_map`)."""
    from reluexact.regions import affine_map

    amap = affine_map(net, "".join("1" if active else "0" for active in pattern))
    return amap.gradient, amap.offset


@dataclass(frozen=True, slots=True)
class RegionRow:
    """One linear region as a report prints it (all exact).

    Attributes
    ----------
    index : int
        Number of the region for people, from 1: its label is ``R{index}`` in every report,
        table and figure (see :func:`region_rows`).
    pattern : tuple of bool
        Unit i active on the region.
    point : tuple of Fraction
        A point strictly inside the region.
    gradient : m x d tuple of Fraction
    offset : tuple of Fraction (m)
    facets : tuple or None
        Facet descriptions from the source (unit indices, box sides), if known.
    polygon : tuple of points or None
        The exact closed polygon inside the box (2-D only).
    source_id : object
        The region's id in the source (for cross-referencing JSON).
    """

    index: int
    pattern: tuple[bool, ...]
    point: Vector
    gradient: Matrix
    offset: Vector
    facets: tuple[Any, ...] | None = None
    polygon: Polygon | None = None
    source_id: Any = None

    @property
    def pattern_string(self) -> str:
        """The pattern as a string of ``0``/``1``, unit 1 first.

        Examples
        --------
        >>> from fractions import Fraction
        >>> row = RegionRow(3, (True, False), (Fraction(1), Fraction(0)), ((Fraction(1), Fraction(0)),), (Fraction(0),))
        >>> row.pattern_string
        '10'
        """
        return "".join("1" if bit else "0" for bit in self.pattern)

    @property
    def label(self) -> str:
        """``R1``, ``R2``, ...: the region's label in tables and figures.

        Examples
        --------
        >>> from fractions import Fraction
        >>> RegionRow(3, (True,), (Fraction(1),), ((Fraction(1),),), (Fraction(0),)).label
        'R3'
        """
        return f"R{self.index}"

    def __repr__(self) -> str:
        return f"RegionRow(R{self.index}, pattern={self.pattern_string[:40]!r})"


def _first_attribute(obj: Any, names: Iterable[str]) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if not isinstance(obj, dict) and hasattr(obj, name):
            value = getattr(obj, name)
            return value() if callable(value) and name in ("vertices",) else value
    return None


def _as_pattern(value: Any, n: int) -> tuple[bool, ...]:
    if isinstance(value, str):
        bits = tuple(ch == "1" for ch in value.strip())
    elif isinstance(value, (frozenset, set)):
        bits = tuple(i in value for i in range(n))
    else:
        bits = tuple(bool(v) for v in value)
    if len(bits) != n:
        raise InvalidArgument(f"region pattern has {len(bits)} entries for {n} hidden units")
    return bits


def _row_from_object(net: TwoLayerReLU, obj: Any, index: int) -> RegionRow:
    if isinstance(obj, RegionRow):
        return obj
    if isinstance(obj, Cell2D):
        gradient, offset = _affine_map_of_pattern(net, obj.pattern)
        return RegionRow(index, obj.pattern, obj.point, gradient, offset, polygon=obj.polygon)
    pattern_value = _first_attribute(obj, ("pattern", "activation_pattern"))
    point_value = _first_attribute(obj, ("point", "interior_point"))
    if pattern_value is None or point_value is None:
        raise InvalidArgument(
            f"cannot read a region from {type(obj).__name__}: it needs a pattern (or activation_pattern) "
            f"and a point (or interior_point)"
        )
    pattern = _as_pattern(pattern_value, net.n_hidden)
    point = tuple(Fraction(v) for v in point_value)
    gradient, offset = _affine_map_of_pattern(net, pattern)
    own_gradient = _first_attribute(obj, ("gradient",))
    own_offset = _first_attribute(obj, ("offset",))
    if (
        own_gradient is not None
        and own_offset is not None
        and not callable(own_gradient)
        and (
            tuple(tuple(Fraction(v) for v in row) for row in own_gradient) != gradient
            or tuple(Fraction(v) for v in own_offset) != offset
        )
    ):
        raise InvalidArgument(f"region R{index}: its affine map disagrees with its activation pattern")
    affine = _first_attribute(obj, ("affine_map",))
    if callable(affine):
        affine = None
    if affine is not None:  # the source's own map must agree with the pattern's (checked, exact)
        source_gradient = _first_attribute(affine, ("gradient", "linear", "matrix"))
        source_offset = _first_attribute(affine, ("offset", "constant", "bias"))
        if source_gradient is None and isinstance(affine, tuple) and len(affine) == 2:
            source_gradient, source_offset = affine
        if source_gradient is not None and (
            tuple(tuple(Fraction(v) for v in row) for row in source_gradient) != gradient
            or tuple(Fraction(v) for v in source_offset) != offset
        ):
            raise InvalidArgument(f"region R{index}: its affine map disagrees with its activation pattern")
    facets_value = _first_attribute(obj, ("facets",))
    facets = tuple(facets_value) if facets_value is not None else None
    source_id = _first_attribute(obj, ("id", "index"))
    return RegionRow(index, pattern, point, gradient, offset, facets, None, source_id)


def _inequality_facets(obj: Any) -> tuple[Any, ...] | None:
    """The source's facets as inequalities ``normal . x + offset > 0`` (hyperplanes only), if it has them."""
    if isinstance(obj, (RegionRow, Cell2D, dict)):
        return None
    facets = _first_attribute(obj, ("facets",))
    if facets is None or not all(hasattr(f, "normal") and hasattr(f, "offset") for f in facets):
        return None
    return tuple(f for f in facets if getattr(f, "kind", "hyperplane") == "hyperplane")


def _with_polygon(net: TwoLayerReLU, row: RegionRow, box: Box2D, facets: tuple[Any, ...] | None) -> RegionRow:
    """The row with its exact polygon inside the box and the simplest exact point inside that polygon."""
    if row.polygon is not None:
        polygon = row.polygon
    elif facets is not None:  # the region's non-redundant inequalities: far fewer clips than every unit
        polygon = box_polygon(box)
        for facet in facets:
            polygon = clip_halfplane(polygon, [Fraction(v) for v in facet.normal], Fraction(facet.offset))
            if not polygon:
                break
    else:
        polygon = region_polygon(net, row.pattern, box)
    if len(polygon) < 3 or polygon_area(polygon) == 0:
        return replace(row, polygon=None)
    return replace(row, polygon=polygon, point=polygon_interior_point(polygon))


def region_rows(
    net: TwoLayerReLU, regions: Iterable[Any] | None = None, *, box: Sequence[tuple[Any, Any]] | None = None
) -> list[RegionRow]:
    """Region rows for reports and figures, numbered R1, R2, ... in the order of ``regions``.

    This is the one function that numbers regions: the report's table and TikZ map and
    the matplotlib region map all draw its rows, so a region has the same label ``Rk``
    (the k-th region of the source) and the same label point everywhere.

    ``regions`` may hold :class:`RegionRow`, :class:`~reluexact.report.polygons.Cell2D`,
    mappings or objects with ``pattern``/``activation_pattern`` and
    ``point``/``interior_point`` (such as the regions of :mod:`reluexact.regions`). The
    affine map of each row is recomputed exactly from its pattern (and checked against the
    source's, when it has one). With ``regions=None`` the regions are the exact enumeration
    :func:`reluexact.regions.regions` of ``box`` (all of R^d without a box), in its order:
    ``Rk`` is the region with ``id`` k - 1.

    With d = 2 and a ``box``, each row also carries its exact closed polygon inside the box
    (clipped by the source's facets when it lists them) and, as its point, the simplest
    exact point strictly inside that polygon
    (:func:`~reluexact.report.polygons.polygon_interior_point`): the label position of
    every figure. Rows whose region misses the box (zero area) have ``polygon=None``.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 1]], [-1], [[2]], [0])
    >>> [r.offset for r in region_rows(net, [{"pattern": "1", "point": (1, 1)}])]
    [(Fraction(-2, 1),)]
    >>> [(r.label, r.pattern_string, r.point) for r in region_rows(net, box="0,2;0,2")]
    [('R1', '1', (Fraction(1, 1), Fraction(1, 1))), ('R2', '0', (Fraction(1, 2), Fraction(1, 3)))]
    """
    exact_box: Box2D | None = None
    if box is not None:
        from reluexact.domain import as_box

        exact_box = as_box(box, net.input_dim, needed_by="region_rows", where="box").bounds
    if regions is None:
        from reluexact.regions import regions as enumerate_regions

        regions = enumerate_regions(net, domain=exact_box, progress=False)
    objects = list(regions)
    rows = [_row_from_object(net, obj, index) for index, obj in enumerate(objects, start=1)]
    if net.input_dim == 2 and exact_box is not None:
        rows = [
            _with_polygon(net, row, exact_box, _inequality_facets(obj)) for row, obj in zip(rows, objects, strict=True)
        ]
    return rows


def _line_key(normal: Sequence[Fraction], offset: Fraction) -> tuple[Fraction, ...]:
    """Normalise a line (up to a positive or negative factor) for grouping collinear edges."""
    pivot = next(v for v in (*normal, offset) if v != 0)
    return tuple(v / pivot for v in (*normal, offset))


def _edge_line(p: tuple[Fraction, Fraction], q: tuple[Fraction, Fraction]) -> tuple[Fraction, ...]:
    normal = (q[1] - p[1], p[0] - q[0])
    return _line_key(normal, -(normal[0] * p[0] + normal[1] * p[1]))


def cell_adjacency(rows: Sequence[RegionRow]) -> list[tuple[int, int]]:
    """Pairs of row indices whose 2-D polygons share a segment of positive length (exact).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> cell_adjacency(region_rows(net, box=((-1, 1), (-1, 1))))
    [(1, 2), (1, 3), (2, 4), (3, 4)]
    """
    return [(i, j) for i, j, _point in shared_edges_2d(rows)]


def shared_edges_2d(rows: Sequence[RegionRow]) -> list[tuple[int, int, tuple[Fraction, Fraction]]]:
    """Adjacent 2-D regions with an exact point in the relative interior of their shared edge.

    Returns ``(i, j, point)`` with ``i < j`` row indices, sorted. Two polygons are
    adjacent when edges of both lie on one line and overlap in a segment of
    positive length; ``point`` is the midpoint of the overlap.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0]], [0], [[1]], [0])
    >>> shared_edges_2d(region_rows(net, box=((-1, 1), (-1, 1))))
    [(1, 2, (Fraction(0, 1), Fraction(0, 1)))]
    """
    buckets: dict[tuple[Fraction, ...], list[tuple[int, Fraction, Fraction, int]]] = defaultdict(list)
    for row in rows:
        if row.polygon is None:
            raise InvalidArgument("adjacency of 2-D regions needs their polygons")
        polygon = row.polygon
        for k, p in enumerate(polygon):
            q = polygon[(k + 1) % len(polygon)]
            key = _edge_line(p, q)
            coordinate = 0 if p[0] != q[0] else 1  # parametrise along x unless the edge is vertical
            low, high = sorted((p[coordinate], q[coordinate]))
            buckets[key].append((row.index, low, high, coordinate))
    found: dict[tuple[int, int], tuple[Fraction, Fraction]] = {}
    for key, segments in buckets.items():
        segments.sort(key=lambda item: item[1])
        for position, (i, low_i, high_i, coordinate) in enumerate(segments):
            for j, low_j, high_j, _coordinate in segments[position + 1 :]:
                if low_j >= high_i:
                    break
                if i == j:
                    continue
                middle = (max(low_i, low_j) + min(high_i, high_j)) / 2
                a, b, c = key  # a x + b y + c = 0 on the line
                point = (middle, -(a * middle + c) / b) if coordinate == 0 else (-(b * middle + c) / a, middle)
                found.setdefault((min(i, j), max(i, j)), point)
    return [(i, j, point) for (i, j), point in sorted(found.items())]


@dataclass(frozen=True, slots=True)
class RegionMap:
    """Everything a 2-D region map shows; both the TikZ and the matplotlib figure draw this.

    Attributes
    ----------
    box : ((Fraction, Fraction), (Fraction, Fraction))
    rows : tuple of RegionRow (each with its exact polygon)
    colors : tuple of RGB, one per row
    color_by : "gradient" or "pattern"
    values : tuple of float, the quantity coloured (gradient norm), one per row
    lines : tuple of (unit index, exact segment endpoints) for each hidden line crossing the box
    edges : tuple of (row index, row index) adjacency pairs
    """

    box: tuple[tuple[Fraction, Fraction], ...]
    rows: tuple[RegionRow, ...]
    colors: tuple[RGB, ...]
    color_by: str
    values: tuple[float, ...]
    lines: tuple[tuple[int, tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]], ...]
    edges: tuple[tuple[int, int], ...]

    def __repr__(self) -> str:
        return f"RegionMap(regions={len(self.rows)}, lines={len(self.lines)}, edges={len(self.edges)})"


#: Largest magnitude drawn: exact values beyond it are drawn at +-DRAWING_LIMIT (their text stays exact).
#: Far below the float64 range, so that matplotlib's and pgfplots' transforms cannot overflow.
DRAWING_LIMIT = 1e100


def drawing_float(value: Any) -> float:
    """An exact number as a float for drawing only: the nearest float, clamped to +-:data:`DRAWING_LIMIT`.

    Never raises OverflowError (a weight 1e400 is drawn at the edge); tiny values become 0.0 or a
    subnormal. Every number printed as text is the exact one, never this.

    Examples
    --------
    >>> drawing_float(Fraction(1, 4)), drawing_float(Fraction(-(10**400)))
    (0.25, -1e+100)
    """
    exact = Fraction(value)
    if abs(exact) >= DRAWING_LIMIT:
        return DRAWING_LIMIT if exact > 0 else -DRAWING_LIMIT
    return float(exact)


def gradient_norm(gradient: Matrix) -> float:
    """Frobenius norm of an exact gradient, as a float for colouring only (at most :data:`DRAWING_LIMIT`).

    Examples
    --------
    >>> gradient_norm(((Fraction(3), Fraction(4)),))
    5.0
    """
    square = sum((v * v for row in gradient for v in row), Fraction(0))
    if square >= DRAWING_LIMIT**2:
        return DRAWING_LIMIT
    return math.sqrt(float(square))


def region_map(
    net: TwoLayerReLU,
    *,
    box: Sequence[tuple[Any, Any]],
    regions: Iterable[Any] | None = None,
    color_by: str = "gradient",
    edges: Iterable[tuple[int, int]] | None = None,
) -> RegionMap:
    """Exact data of a 2-D region map: polygons clipped to ``box``, colours, lines, adjacency.

    Parameters
    ----------
    net : TwoLayerReLU
        A network with d = 2.
    box : pair of (lo, hi)
        The drawn rectangle.
    regions : iterable, optional
        Region objects (see :func:`region_rows`); default: the exact cells of the box.
    color_by : {"gradient", "pattern"}
        Colour by the gradient's (Frobenius) norm on a sequential scale, or one
        qualitative colour per activation pattern.
    edges : iterable of (int, int), optional
        Adjacency as pairs of row indices; default: computed exactly from the polygons.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> region_map(net, box=((-1, 1), (-1, 1)))
    RegionMap(regions=4, lines=2, edges=4)
    """
    if net.input_dim != 2:
        raise InvalidArgument(f"a region map needs d = 2, this network has d = {net.input_dim}")
    if color_by not in ("gradient", "pattern"):
        raise InvalidArgument(f"color_by must be 'gradient' or 'pattern', got {color_by!r}")
    exact_box = tuple((Fraction(lo), Fraction(hi)) for lo, hi in box)
    rows = tuple(row for row in region_rows(net, regions, box=exact_box) if row.polygon)
    values = tuple(gradient_norm(row.gradient) for row in rows)
    if color_by == "gradient":
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        span = high - low if high > low else 1.0
        colors = tuple(sequential_color((v - low) / span) for v in values)
    else:
        colors = tuple(categorical_color(k) for k in range(len(rows)))
    lines = []
    square = box_polygon(exact_box)
    for i, (row, bias) in enumerate(zip(net.W, net.b, strict=True)):
        if not any(row):
            continue
        # the segment of the line inside the box: clip the box to the line's both sides and keep points on it
        on_line = [p for p in clip_halfplane(square, row, bias, sign=1) if row[0] * p[0] + row[1] * p[1] + bias == 0]
        unique = sorted(set(on_line))
        if len(unique) >= 2:
            lines.append((i, (unique[0], unique[-1])))
    adjacency = tuple(edges) if edges is not None else tuple(cell_adjacency(rows))
    return RegionMap(exact_box, rows, colors, color_by, values, tuple(lines), adjacency)


@dataclass(frozen=True, slots=True)
class FunctionPlot:
    """Everything the 1-D function figure shows (exact where it matters).

    Attributes
    ----------
    interval : (Fraction, Fraction)
    points : tuple of Fraction, the break points inside the interval and its ends, sorted
    values : tuple of tuple of Fraction, f at each point (m outputs)
    knots : tuple of (knot, orientation, units), orientation in {"right", "left", "both"}
    knot_colors : tuple of RGB, one per knot
    contributions : tuple of (unit index, tuple of Fraction), a_{k i} relu(w_i x + b_i) at ``points`` (output 1)
    """

    interval: tuple[Fraction, Fraction]
    points: tuple[Fraction, ...]
    values: tuple[tuple[Fraction, ...], ...]
    knots: tuple[tuple[Fraction, str, tuple[int, ...]], ...]
    knot_colors: tuple[RGB, ...]
    contributions: tuple[tuple[int, tuple[Fraction, ...]], ...]

    def __repr__(self) -> str:
        return f"FunctionPlot(interval=[{self.interval[0]}, {self.interval[1]}], knots={len(self.knots)})"


def function_plot(net: TwoLayerReLU, *, interval: tuple[Any, Any]) -> FunctionPlot:
    """Exact data of the 1-D figure: f at every knot inside the interval and at its ends.

    The graph of f is the polyline through these exact points (f is affine in between).
    Knots are marked by orientation: right-facing units (w > 0) are active right
    of their knot, left-facing ones (w < 0) left of it.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> plot = function_plot(net, interval=(-1, 1))
    >>> [str(p) for p in plot.points], [str(v[0]) for v in plot.values]
    (['-1', '-1/2', '1/2', '1'], ['91/10', '61/10', '-9/10', '-9/10'])
    >>> [(str(x), side) for x, side, _ in plot.knots]
    [('-1/2', 'right'), ('1/2', 'both')]
    """
    if net.input_dim != 1:
        raise InvalidArgument(f"a function plot needs d = 1, this network has d = {net.input_dim}")
    lo, hi = Fraction(interval[0]), Fraction(interval[1])
    if not lo < hi:
        raise InvalidArgument(f"interval [{lo}, {hi}] is empty")
    from reluexact.model import evaluate

    by_knot: dict[Fraction, list[int]] = defaultdict(list)
    for i, (row, bias) in enumerate(zip(net.W, net.b, strict=True)):
        if row[0] != 0:
            knot = -bias / row[0]
            if lo < knot < hi:
                by_knot[knot].append(i)
    knots = []
    colors = []
    for knot in sorted(by_knot):
        units = tuple(by_knot[knot])
        sides = {net.W[i][0] > 0 for i in units}
        side = "both" if len(sides) == 2 else ("right" if True in sides else "left")
        knots.append((knot, side, units))
        colors.append({"right": RIGHT_FACING, "left": LEFT_FACING, "both": BOTH_FACING}[side])
    points = (lo, *sorted(by_knot), hi)
    values = tuple(evaluate(net, (x,)) for x in points)
    contributions = []
    for i, (row, bias) in enumerate(zip(net.W, net.b, strict=True)):
        a = net.A[0][i]
        if a == 0:
            continue
        contributions.append((i, tuple(a * max(Fraction(0), row[0] * x + bias) for x in points)))
    return FunctionPlot((lo, hi), points, values, tuple(knots), tuple(colors), tuple(contributions))
