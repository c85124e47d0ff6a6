"""TikZ/pgfplots figures with exact coordinates.

Every coordinate is written into the ``.tex`` as an exact fraction, as a
numerator column and a denominator column of a pgfplots table
(``x expr=\\thisrow{xn}/\\thisrow{xd}``): the source holds the exact geometry
and pgfplots divides only to draw. Region labels and legends are placed at the
exact interior points too.

Examples
--------
>>> from fractions import Fraction as F
>>> print(exact_table([(F(1, 2), F(-3)), (F(0), F(7, 5))]))
table[row sep=crcr, x expr=\\thisrow{xn}/\\thisrow{xd}, y expr=\\thisrow{yn}/\\thisrow{yd}] {
xn xd yn yd\\\\
1 2 -3 1\\\\
0 1 7 5\\\\
}
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from reluexact.report.colors import BOTH_FACING, LEFT_FACING, RIGHT_FACING, tikz_rgb
from reluexact.report.view import FunctionPlot, RegionMap, drawing_float

__all__ = ["exact_table", "function_plot_tikz", "hasse_diagram_tikz", "region_map_tikz"]

#: Per-unit contribution curves are drawn for at most this many units.
MAX_CONTRIBUTIONS = 16
#: Region labels and the adjacency graph are drawn for at most this many regions.
MAX_LABELLED_REGIONS = 80


def exact_table(points: Sequence[Sequence[Fraction]]) -> str:
    """A pgfplots inline table whose x and y are exact fractions (numerator, denominator columns).

    Examples
    --------
    >>> from fractions import Fraction
    >>> print(exact_table([(Fraction(1, 2), 3), (-1, Fraction(2, 3))]))
    table[row sep=crcr, x expr=\\thisrow{xn}/\\thisrow{xd}, y expr=\\thisrow{yn}/\\thisrow{yd}] {
    xn xd yn yd\\\\
    1 2 3 1\\\\
    -1 1 2 3\\\\
    }
    """
    lines = [
        "table[row sep=crcr, x expr=\\thisrow{xn}/\\thisrow{xd}, y expr=\\thisrow{yn}/\\thisrow{yd}] {",
        "xn xd yn yd\\\\",
    ]
    for x, y in points:
        x, y = Fraction(x), Fraction(y)
        lines.append(f"{x.numerator} {x.denominator} {y.numerator} {y.denominator}\\\\")
    lines.append("}")
    return "\n".join(lines)


def _approx(value: Fraction) -> str:
    return f"{drawing_float(value):.6g}"


def function_plot_tikz(plot: FunctionPlot, *, output: int = 0, contributions: bool = True) -> str:
    """pgfplots picture of a 1-D network: f (exact polyline), knots by orientation, per-unit contributions.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.report.view import function_plot
    >>> net = TwoLayerReLU([[1], [-1]], [0, 1], [[1, 1]], [0])
    >>> source = function_plot_tikz(function_plot(net, interval=(-2, 2)))
    >>> source.count("\\\\addplot"), "right-facing" in source
    (5, True)
    """
    lo, hi = plot.interval
    values = [v[output] for v in plot.values]
    options = [
        "width=0.92\\textwidth",
        "height=7cm",
        "xlabel={$x$}",
        "ylabel={$f(x)$}" if len(plot.values[0]) == 1 else f"ylabel={{$f_{{{output + 1}}}(x)$}}",
        f"xmin={_approx(lo)}",
        f"xmax={_approx(hi)}",
        "legend style={at={(0.5,-0.2)}, anchor=north, legend columns=2, font=\\small}",
        "legend cell align=left",
        "grid=major",
        "grid style={gray!20}",
        "every axis plot/.append style={line join=round}",
    ]
    parts = ["\\begin{tikzpicture}", "\\begin{axis}[" + ", ".join(options) + "]"]
    if contributions and output == 0:
        for count, (_unit, curve) in enumerate(plot.contributions):
            if count == MAX_CONTRIBUTIONS:
                break
            first = count == 0
            style = "gray!70, thin, dashed" + ("" if first else ", forget plot")
            parts.append(f"\\addplot[{style}] " + exact_table(list(zip(plot.points, curve, strict=True))) + ";")
            if first:
                parts.append("\\addlegendentry{unit contributions $a_i \\relu(w_i x + b_i)$}")
    parts.append("\\addplot[very thick, black] " + exact_table(list(zip(plot.points, values, strict=True))) + ";")
    parts.append("\\addlegendentry{$f$}")
    by_side: dict[str, list[tuple[Fraction, Fraction]]] = {"right": [], "left": [], "both": []}
    value_at = dict(zip(plot.points, values, strict=True))
    for knot, side, _units in plot.knots:
        by_side[side].append((knot, value_at[knot]))
    names = {
        "right": "right-facing knot ($w_i > 0$)",
        "left": "left-facing knot ($w_i < 0$)",
        "both": "knot of both orientations",
    }
    colors = {"right": RIGHT_FACING, "left": LEFT_FACING, "both": BOTH_FACING}
    for side in ("right", "left", "both"):
        if not by_side[side]:
            continue
        color = tikz_rgb(colors[side])
        mark = {"right": "triangle*", "left": "square*", "both": "diamond*"}[side]
        parts.append(
            f"\\addplot[only marks, mark={mark}, mark size=2.6pt, color={color}] " + exact_table(by_side[side]) + ";"
        )
        parts.append(f"\\addlegendentry{{{names[side]}}}")
    parts += ["\\end{axis}", "\\end{tikzpicture}"]
    return "\n".join(parts)


def region_map_tikz(data: RegionMap, *, labels: bool = True, graph: bool = True) -> str:
    """pgfplots picture of a 2-D region map: exact polygons, hyperplanes, labels R1.., adjacency graph.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.report.view import region_map
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> source = region_map_tikz(region_map(net, box=((-1, 1), (-1, 1))))
    >>> source.count("-- cycle"), source.count("{R")
    (4, 4)
    """
    (x0, x1), (y0, y1) = data.box
    options = [
        "axis equal image",
        "width=0.8\\textwidth",
        f"xmin={_approx(x0)}",
        f"xmax={_approx(x1)}",
        f"ymin={_approx(y0)}",
        f"ymax={_approx(y1)}",
        "xlabel={$x_1$}",
        "ylabel={$x_2$}",
        "axis on top",
        "clip=true",
    ]
    if data.color_by == "gradient" and data.values:
        low, high = min(data.values), max(data.values)
        if high <= low:
            high = low + 1.0
        options += [
            "colorbar",
            "colormap/viridis",
            f"point meta min={low:.6g}",
            f"point meta max={high:.6g}",
            "colorbar style={ylabel={$\\lVert \\nabla f \\rVert$}}",
        ]
    parts = ["\\begin{tikzpicture}", "\\begin{axis}[" + ", ".join(options) + "]"]
    for row, color in zip(data.rows, data.colors, strict=True):
        assert row.polygon is not None
        parts.append(
            f"\\addplot[fill={tikz_rgb(color)}, draw=white, line width=0.2pt, forget plot] "
            + exact_table(row.polygon)
            + " -- cycle;"
        )
    for unit, (p, q) in data.lines:
        parts.append("\\addplot[black, thick, forget plot] " + exact_table([p, q]) + ";")
        # name the hyperplane near the end of its segment
        at = (p[0] + 7 * (q[0] - p[0]) / 8, p[1] + 7 * (q[1] - p[1]) / 8)
        parts.append(
            f"\\node[font=\\scriptsize, fill=white, inner sep=1pt, opacity=0.85, text opacity=1] "
            f"at (axis cs:{_approx(at[0])},{_approx(at[1])}) {{$H_{{{unit + 1}}}$}};"
        )
    few = len(data.rows) <= MAX_LABELLED_REGIONS
    if graph and few:
        points = {row.index: row.point for row in data.rows}
        for a, b in data.edges:
            if a in points and b in points:
                parts.append(
                    "\\addplot[red!70!black, densely dotted, forget plot] " + exact_table([points[a], points[b]]) + ";"
                )
    if labels and few:
        for row in data.rows:
            parts.append(
                f"\\node[font=\\tiny, circle, fill=white, inner sep=0.6pt] "
                f"at (axis cs:{_approx(row.point[0])},{_approx(row.point[1])}) {{{row.label}}};"
            )
    parts += ["\\end{axis}", "\\end{tikzpicture}"]
    return "\n".join(parts)


#: The Hasse diagram of the knot order is drawn for at most this many units.
MAX_HASSE_UNITS = 40


def hasse_diagram_tikz(order: Any) -> str:
    """TikZ drawing of the strict partial order of a 1-D network's units (its Hasse diagram).

    ``order`` is the networkx DiGraph of :func:`reluexact.oned.order.knot_order` (nodes
    carry ``knot`` and ``orientation``; an edge i -> j means i precedes j). Right-facing
    units sit on the upper row and left-facing units on the lower row, each at the rank
    of its knot, so the two chains read left to right and right to left; units with
    w = 0 sit at the right end. Empty string above :data:`MAX_HASSE_UNITS` units.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.order import knot_order
    >>> net = TwoLayerReLU([[1], [1], [-1]], [0, -1, 0], [[1, 1, 1]], [0])
    >>> source = hasse_diagram_tikz(knot_order(net, domain=(-2, 2), transitive_reduction=True))
    >>> source.count("\\\\node"), source.count("->")
    (3, 1)
    """
    nodes = sorted(order.nodes)
    if not nodes or len(nodes) > MAX_HASSE_UNITS:
        return ""
    knots = sorted({order.nodes[i]["knot"] for i in nodes if order.nodes[i]["knot"] is not None})
    rank = {knot: k for k, knot in enumerate(knots)}
    stacked: dict[tuple[int, int], int] = {}
    lines = ["\\begin{tikzpicture}[unit/.style={circle, draw, inner sep=1.5pt, font=\\small}, >=stealth]"]
    for i in nodes:
        knot, orientation = order.nodes[i]["knot"], order.nodes[i]["orientation"]
        column = rank[knot] if knot is not None else len(knots)
        row = {1: 0, -1: 1, 0: 2}[orientation]
        depth = stacked.get((column, row), 0)
        stacked[(column, row)] = depth + 1
        x = 1.6 * column
        y = -2.4 * row - 0.75 * depth
        colour = tikz_rgb({1: RIGHT_FACING, -1: LEFT_FACING}.get(orientation, (0.5, 0.5, 0.5)))
        lines.append(f"\\node[unit, draw={colour}] (u{i}) at ({x:.2f},{y:.2f}) {{{i + 1}}};")
    for i, j in sorted(order.edges):
        lines.append(f"\\draw[->] (u{i}) -- (u{j});")
    lines.append("\\end{tikzpicture}")
    return "\n".join(lines)
