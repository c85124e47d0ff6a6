"""The sections of a report, as LaTeX, each from exact values.

The math-mode printers of single objects dispatch on type in
:mod:`reluexact.report.latex` (:func:`~reluexact.report.latex.to_latex`); the
``*_section`` and ``*_table`` functions here build whole sections of a report
from those printers. Every user-supplied string is escaped; every
number goes through one :class:`~reluexact.report.numbers.NumberPrinter`, so the
document states how numbers are shown and keeps the exact values.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.report.numbers import NumberPrinter
>>> print(network_section(TwoLayerReLU([[1]], [0], [[2]], [0]), NumberPrinter("exact")).splitlines()[-1])
\\end{align*}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from reluexact.model import TwoLayerReLU
from reluexact.oned.decoding import Decoding
from reluexact.oned.order import KnotChains
from reluexact.oned.spline import AFFINE_ACTING, DEAD, SHAPING, ZERO_OUTPUT, SplineForm
from reluexact.regions.families import HyperplaneFamily
from reluexact.report.escape import latex_escape
from reluexact.report.formulas import affine_latex, network_latex, variable_names, vector_latex
from reluexact.report.latex import affine_map_latex, decoding_identity_latex, interval_condition, spline_cases
from reluexact.report.numbers import NumberPrinter
from reluexact.report.view import RegionRow

__all__ = [
    "adjacency_section",
    "certification_section",
    "decoding_section",
    "extremes_table",
    "hyperplane_section",
    "knot_order_section",
    "knots_table",
    "network_section",
    "partial_order_section",
    "region_table",
    "weights_table",
]

#: Above this many hidden units the network formula is not displayed (the weights table has everything).
MAX_FORMULA_UNITS = 48
#: Above this many pieces the spline form is a table instead of a ``cases`` display.
MAX_CASES_PIECES = 30


def network_section(net: TwoLayerReLU, printer: NumberPrinter) -> str:
    """The network formula (when not too wide) and its shape.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> text = network_section(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0]), NumberPrinter("exact"))
    >>> text.splitlines()[0]
    'The network has $d = 1$ input, $n = 2$ hidden ReLU units and $m = 1$ output:'
    >>> text.splitlines()[-2]
    'f(x) &= \\\\operatorname{relu}\\\\left(x\\\\right) + 2 \\\\operatorname{relu}\\\\left(-x + 1\\\\right)'
    """
    d, n, m = net.input_dim, net.n_hidden, net.output_dim
    text = [
        f"The network has $d = {d}$ input{'s' if d != 1 else ''}, $n = {n}$ hidden ReLU unit{'s' if n != 1 else ''} "
        f"and $m = {m}$ output{'s' if m != 1 else ''}:",
        "\\[ f(\\mathbf{x}) = A \\relu(W \\mathbf{x} + b) + c, \\qquad \\relu(t) = \\max(0, t), \\]",
        "with every weight an exact rational (Section~\\ref{sec:weights}).",
    ]
    width = max((_term_width(net, i, printer) for i in range(n)), default=0)
    if n == 0:
        text.append("It has no hidden units, so $f \\equiv c$ is constant.")
    elif n <= MAX_FORMULA_UNITS and width <= FORMULA_LINE_WIDTH:
        per_line = max(1, min(4, FORMULA_LINE_WIDTH // max(width, 1)))
        formula = network_latex(net, number=printer.latex, terms_per_line=per_line, environment="align*")
        text += ["Written out:", formula]
    else:
        text.append(
            f"The formula has {n} terms of {d} variable{'s' if d != 1 else ''} each and is not displayed; the "
            "weights table lists every weight."
        )
    return "\n".join(text)


#: Width of a display line for the network formula, in the units of :func:`_visible_width` (about 11pt glyphs).
FORMULA_LINE_WIDTH = 90


def _visible_width(latex: str) -> int:
    """A rough, generous width of math-mode LaTeX in glyphs: fractions by their longer part, binary
    operators counted twice (their spacing), commands and braces dropped.

    Examples
    --------
    >>> _visible_width(r"2 \\operatorname{relu}\\left(x_{1} - \\frac{1}{10}\\right)")
    13
    """
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: "0" * max(len(m[1]), len(m[2])), latex)
    text = text.replace("\\operatorname{relu}", "relu").replace("\\cdot", "*")
    text = re.sub(r"_\{[^{}]*\}", "_", text)
    text = re.sub(r"\\[a-zA-Z]+", "", text)
    text = re.sub(r"[{}^ ]", "", text)
    return len(text) + sum(text.count(op) for op in "+-=")


def _term_width(net: TwoLayerReLU, unit: int, printer: NumberPrinter) -> int:
    """The visible width of unit ``unit``'s widest term ``a relu(w . x + b)`` in the formula."""
    variables = variable_names(net.input_dim)
    inner = affine_latex(net.W[unit], net.b[unit], variables, number=printer.latex)
    weights = [abs(row[unit]) for row in net.A] or [Fraction(1)]
    return max(_visible_width(f"{printer.latex(a)} \\operatorname{{relu}}({inner})") for a in weights) + 3


def weights_table(net: TwoLayerReLU, printer: NumberPrinter, *, max_rows: int | None = None) -> str:
    """A longtable of the weights, one row per hidden unit: w_i, b_i, a_i; then c.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> table = weights_table(TwoLayerReLU([[1, "1/2"]], [-1], [[3]], [0]), NumberPrinter("exact"))
    >>> table.startswith("\\\\begin{longtable}"), "\\\\frac{1}{2}" in table
    (True, True)
    """
    n = net.n_hidden
    rows = []
    shown = n if max_rows is None else min(n, max_rows)
    for i in range(shown):
        a = net.unit_output_weights(i)
        rows.append(
            f"{i + 1} & ${vector_latex(net.W[i], printer)}$ & ${printer.latex(net.b[i])}$ & "
            f"${vector_latex(a, printer)}$ \\\\"
        )
    if shown < n:
        rows.append(
            f"\\multicolumn{{4}}{{l}}{{\\emph{{{n - shown} more units: every weight is in the attached data "
            f"(Section~\\ref{{sec:data}}).}}}} \\\\"
        )
    header = (
        "\\begin{longtable}{@{}r>{\\raggedright\\arraybackslash}p{0.42\\textwidth}"
        ">{\\raggedright\\arraybackslash}p{0.17\\textwidth}>{\\raggedright\\arraybackslash}p{0.27\\textwidth}@{}}\n"
        "\\caption{Weights of the hidden units: $w_i$ (row $i$ of $W$), $b_i$, and $a_i$ (column $i$ of $A$).}"
        "\\label{tab:weights}\\\\\n"
        "\\toprule $i$ & $w_i$ & $b_i$ & $a_i$ \\\\ \\midrule\n\\endfirsthead\n"
        "\\toprule $i$ & $w_i$ & $b_i$ & $a_i$ \\\\ \\midrule\n\\endhead\n"
        "\\bottomrule\n\\endfoot\n"
    )
    body = "\n".join(rows) if rows else "\\multicolumn{4}{l}{no hidden units} \\\\"
    output_bias = f"\n\nOutput bias: $c = {vector_latex(net.c, printer)}$."
    return header + body + "\n\\end{longtable}" + output_bias


# ----------------------------------------------------------------------------- 1-D


def spline_pieces_table(form: SplineForm, printer: NumberPrinter, *, output: int = 0) -> str:
    """The pieces as a longtable (for many pieces).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.spline import spline_form
    >>> form = spline_form(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0]))
    >>> for line in spline_pieces_table(form, NumberPrinter("exact")).splitlines()[-4:]:  # one row per piece
    ...     print(line)
    1 & $x \\le 0$ & $-2 x + 2$ \\\\
    2 & $0 \\le x \\le 1$ & $-x + 2$ \\\\
    3 & $x \\ge 1$ & $x$ \\\\
    \\end{longtable}
    """
    rows = []
    for k, piece in enumerate(form.pieces, start=1):
        expression = affine_latex([piece.slope[output]], piece.intercept[output], ["x"], number=printer.latex)
        rows.append(f"{k} & ${interval_condition(piece.start, piece.end, printer)}$ & ${expression}$ \\\\")
    return (
        "\\begin{longtable}{@{}rll@{}}\n\\caption{Linear pieces of $f$, left to right.}\\\\\n"
        "\\toprule piece & where & $f(x)$ \\\\ \\midrule\n\\endfirsthead\n"
        "\\toprule piece & where & $f(x)$ \\\\ \\midrule\n\\endhead\n\\bottomrule\n\\endfoot\n"
        + "\n".join(rows)
        + "\n\\end{longtable}"
    )


def knots_table(form: SplineForm, printer: NumberPrinter) -> str:
    """A longtable of the merged knots: position, right-/left-facing units, slope jump, value.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.spline import spline_form
    >>> table = knots_table(spline_form(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0])), NumberPrinter("exact"))
    >>> table.startswith("\\\\begin{longtable}")
    True
    """
    rows = []
    for k, knot in enumerate(form.knots, start=1):
        right = ", ".join(str(i + 1) for i in knot.right_units) or "--"
        left = ", ".join(str(i + 1) for i in knot.left_units) or "--"
        rows.append(
            f"{k} & ${printer.latex(knot.x)}$ & {right} & {left} & ${vector_latex(knot.jump, printer)}$ & "
            f"${vector_latex(knot.value, printer)}$ \\\\"
        )
    if not rows:
        return "The network has no knots here: $f$ is affine."
    return (
        "\\begin{longtable}{@{}rl>{\\raggedright\\arraybackslash}p{0.14\\textwidth}"
        ">{\\raggedright\\arraybackslash}p{0.14\\textwidth}ll@{}}\n"
        "\\caption{Knots $t_i = -b_i/w_i$ (merged), the right-facing ($w_i > 0$) and left-facing ($w_i < 0$) "
        "units at each, the slope jump $\\sum a_i \\lvert w_i \\rvert$ and the value $f(t)$.}\\\\\n"
        "\\toprule & knot $t$ & right-facing & left-facing & jump & $f(t)$ \\\\ \\midrule\n\\endfirsthead\n"
        "\\toprule & knot $t$ & right-facing & left-facing & jump & $f(t)$ \\\\ \\midrule\n\\endhead\n"
        "\\bottomrule\n\\endfoot\n" + "\n".join(rows) + "\n\\end{longtable}"
    )


def _units_list(units: Sequence[int]) -> str:
    return ", ".join(str(i + 1) for i in units) if units else "none"


def spline_section(form: SplineForm, printer: NumberPrinter, *, minimal: int | None = None) -> str:
    """The 1-D spline-form section: pieces (``cases``), knots table, unit roles, slopes.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.spline import spline_form
    >>> text = spline_section(spline_form(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0])), NumberPrinter("exact"))
    >>> "\\\\begin{cases}" in text
    True
    """
    where = (
        "on all of $\\mathbb{R}$"
        if form.domain is None
        else f"on the domain $[{printer.latex(form.domain[0])}, {printer.latex(form.domain[1])}]$"
    )
    parts = [
        f"Exactly {where}, $f$ is a continuous linear spline with {len(form.break_points)} break "
        f"point{'s' if len(form.break_points) != 1 else ''} and {form.n_pieces} linear "
        f"piece{'s' if form.n_pieces != 1 else ''}."
    ]
    for output in range(form.output_dim):
        if form.n_pieces <= MAX_CASES_PIECES:
            parts.append("\\begin{equation*}\n" + spline_cases(form, printer, output=output) + "\n\\end{equation*}")
        else:
            parts.append(spline_pieces_table(form, printer, output=output))
    parts.append(
        f"Far-left slope ${vector_latex(form.far_left_slope, printer)}$, far-right slope "
        f"${vector_latex(form.far_right_slope, printer)}$."
    )
    parts.append(knots_table(form, printer))
    roles = [
        ("shaping $f$ (knot inside)", form.units_with_role(SHAPING)),
        ("dead (never active)", form.units_with_role(DEAD)),
        ("affine-acting (always active)", form.units_with_role(AFFINE_ACTING)),
        ("zero output weight", form.units_with_role(ZERO_OUTPUT)),
    ]
    items = "\n".join(f"\\item {label}: {_units_list(units)}" for label, units in roles)
    if form.constant_units:
        items += f"\n\\item constant ($w_i = 0$): {_units_list(form.constant_units)}"
    parts.append("Roles of the hidden units " + where + ":\n\\begin{itemize}\n" + items + "\n\\end{itemize}")
    if minimal is not None:
        parts.append(
            f"The smallest width of a two-layer ReLU network computing this function {where} is "
            f"\\textbf{{{minimal}}} (exact; see \\texttt{{reluexact.oned.minimal\\_network}})."
        )
    return "\n\n".join(parts)


def decoding_section(decoding: Decoding, printer: NumberPrinter) -> str:
    """The decoding of a 1-D network: one row per unit, then the exact one-sided identity.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.decoding import decode
    >>> decoding = decode(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0]), domain=(-2, 2))
    >>> text = decoding_section(decoding, NumberPrinter("exact"))
    >>> text.split(":")[0]
    'Units by role on the domain'
    """
    rows = []
    for unit in decoding.units:
        knot = "--" if unit.knot is None else f"${printer.latex(unit.knot)}$"
        orientation = {1: "right", -1: "left", 0: "none ($w_i = 0$)"}[unit.orientation]
        group = "--" if unit.group is None else str(unit.group + 1)
        rows.append(
            f"{unit.index + 1} & {knot} & {orientation} & ${vector_latex(unit.jump, printer)}$ & "
            f"${vector_latex(unit.slope, printer)}$ & {latex_escape(unit.role)} & {group} \\\\"
        )
    table = (
        "\\begin{longtable}{@{}rllllll@{}}\n"
        "\\caption{Decoding of every hidden unit on the domain: knot $t_i = -b_i / w_i$, orientation "
        "$s_i = \\operatorname{sign} w_i$, the slope jump $a_i \\lvert w_i \\rvert$ it makes at its knot, the "
        "slope $a_i w_i$ it adds where active, its role on the domain, and its knot group.}\\\\\n"
        "\\toprule unit & knot & faces & jump & slope & role & group \\\\ \\midrule\n\\endfirsthead\n"
        "\\toprule unit & knot & faces & jump & slope & role & group \\\\ \\midrule\n\\endhead\n"
        "\\bottomrule\n\\endfoot\n" + "\n".join(rows) + "\n\\end{longtable}"
    )
    identity = decoding_identity_latex(decoding, printer)
    counts = ", ".join(f"{count} {latex_escape(role)}" for role, count in decoding.role_counts.items())
    return (
        f"Units by role on the domain: {counts}. {len(decoding.groups)} distinct knot"
        f"{'s' if len(decoding.groups) != 1 else ''} lie inside the domain.\n\n"
        + table
        + "\n\nEvery left-facing unit is a right-facing unit at the same knot plus an affine term "
        "($\\relu(t - x) = \\relu(x - t) - (x - t)$), so on the domain the network equals a one-sided spline "
        "plus an affine function. This identity was checked exactly:\n" + identity
    )


def _chain_latex(groups: Sequence[Sequence[int]]) -> str:
    return " \\prec ".join("\\{" + ", ".join(str(i + 1) for i in group) + "\\}" for group in groups)


def knot_order_section(chains: KnotChains, n_edges: int, domain_latex: str) -> str:
    """The strict partial order of knots on the domain: its chains and its Hasse diagram size.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.order import knot_chains
    >>> chains = knot_chains(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0]), domain=(-2, 2))
    >>> knot_order_section(chains, 1, "the domain").split(",")[0]
    'On the domain'
    """
    parts = [
        f"On {domain_latex}, unit $i$ precedes unit $j$ ($i \\prec j$) when the active set of $j$ is a strict "
        "subset of the active set of $i$. This strict partial order (irreflexive, transitive) has two chains: "
        "right-facing units by increasing knot, left-facing units by decreasing knot. Units with equal active "
        "sets are grouped in braces."
    ]
    items = [
        ("right-facing chain", f"${_chain_latex(chains.right)}$" if chains.right else "empty"),
        ("left-facing chain", f"${_chain_latex(chains.left)}$" if chains.left else "empty"),
        ("active on all of the domain", _units_list(chains.top)),
        ("never active", _units_list(chains.bottom)),
    ]
    parts.append(
        "\\begin{description}\n" + "\n".join(f"\\item[{what}] {how}" for what, how in items) + "\n\\end{description}"
    )
    parts.append(f"Its Hasse diagram (transitive reduction) has {n_edges} edge{'s' if n_edges != 1 else ''}.")
    return "\n\n".join(parts)


# ----------------------------------------------------------------------------- d-D


def _pattern_latex(row: RegionRow) -> str:
    bits = row.pattern_string
    groups = [bits[k : k + 4] for k in range(0, len(bits), 4)]
    return "\\texttt{" + "\\,\\allowbreak ".join(groups) + "}" if bits else "--"


def region_table(rows: Sequence[RegionRow], printer: NumberPrinter, *, total: int | None = None) -> str:
    """A longtable of regions: label, activation pattern, exact interior point, exact affine map.

    Examples
    --------
    >>> row = RegionRow(1, (True, False), (Fraction(1, 2), Fraction(0)), ((Fraction(2), Fraction(4)),), (Fraction(1),))
    >>> table = region_table([row], NumberPrinter("exact"))
    >>> "R1 & \\\\texttt{10} & $\\\\left(\\\\frac{1}{2}, 0\\\\right)$ & $2 x_{1} + 4 x_{2} + 1$" in table
    True
    """
    lines = []
    for row in rows:
        point = vector_latex(row.point, printer) if len(row.point) > 1 else printer.latex(row.point[0])
        affine = affine_map_latex(row.gradient, row.offset, printer)
        if len(row.offset) > 1:
            affine = "\\begin{array}[t]{@{}l@{}}" + affine + "\\end{array}"
        lines.append(f"{row.label} & {_pattern_latex(row)} & ${point}$ & ${affine}$ \\\\")
    shown = len(rows)
    note = ""
    if total is not None and total > shown:
        note = (
            f"\\multicolumn{{4}}{{@{{}}l}}{{\\emph{{Only the first {shown} of {total} regions are listed; "
            f"all are in the attached data.}}}} \\\\\n"
        )
    return (
        "\\begin{longtable}{@{}l>{\\raggedright\\arraybackslash}p{0.16\\textwidth}"
        ">{\\raggedright\\arraybackslash}p{0.26\\textwidth}>{\\raggedright\\arraybackslash}p{0.42\\textwidth}@{}}\n"
        "\\caption{Linear regions: activation pattern (unit 1 first; 1 = active), an exact interior point, and "
        "the exact affine map $f(\\mathbf{x}) = \\nabla f \\cdot \\mathbf{x} + f_0$ on the region.}"
        "\\label{tab:regions}\\\\\n"
        "\\toprule region & pattern & interior point & affine map \\\\ \\midrule\n\\endfirsthead\n"
        "\\toprule region & pattern & interior point & affine map \\\\ \\midrule\n\\endhead\n"
        "\\bottomrule\n\\endfoot\n" + "\n".join(lines) + "\n" + note + "\\end{longtable}"
    )


def _squared_norm(gradient: Sequence[Sequence[Fraction]]) -> Fraction:
    return sum((g * g for row in gradient for g in row), Fraction(0))


def extremes_table(
    rows: Sequence[RegionRow],
    printer: NumberPrinter,
    *,
    areas: dict[int, Fraction] | None = None,
    touching: Sequence[RegionRow] | None = None,
    max_labels: int = 16,
) -> str:
    """The extremes of the regions: largest and smallest (2-D, by exact area), steepest and flattest gradient
    (by the exact squared norm), and the regions touching the domain's boundary.

    Examples
    --------
    >>> rows = [RegionRow(k, (k == 1,), (Fraction(k),), ((Fraction(k),),), (Fraction(0),)) for k in (1, 2)]
    >>> "steepest gradient & R2 & $\\\\|\\\\nabla f\\\\|^2 = 4$" in extremes_table(rows, NumberPrinter("exact"))
    True
    """
    lines: list[str] = []
    if areas:
        largest = max(rows, key=lambda row: (areas.get(row.index, Fraction(0)), -row.index))
        smallest = min(rows, key=lambda row: (areas.get(row.index, Fraction(0)), row.index))
        lines.append(f"largest region & {largest.label} & area ${printer.latex(areas[largest.index])}$ \\\\")
        lines.append(f"smallest region & {smallest.label} & area ${printer.latex(areas[smallest.index])}$ \\\\")
    norms = {row.index: _squared_norm(row.gradient) for row in rows}
    steepest = max(rows, key=lambda row: (norms[row.index], -row.index))
    flattest = min(rows, key=lambda row: (norms[row.index], row.index))
    lines.append(
        f"steepest gradient & {steepest.label} & $\\|\\nabla f\\|^2 = {printer.latex(norms[steepest.index])}$ \\\\"
    )
    lines.append(
        f"flattest gradient & {flattest.label} & $\\|\\nabla f\\|^2 = {printer.latex(norms[flattest.index])}$ \\\\"
    )
    if touching is not None:
        labels = ", ".join(row.label for row in touching[:max_labels])
        more = f", \\ldots\\ ({len(touching) - max_labels} more)" if len(touching) > max_labels else ""
        lines.append(f"touching the boundary & {len(touching)} of {len(rows)} & {labels or 'none'}{more} \\\\")
    return (
        "\\begin{longtable}{@{}>{\\raggedright\\arraybackslash}p{0.25\\textwidth}"
        ">{\\raggedright\\arraybackslash}p{0.14\\textwidth}>{\\raggedright\\arraybackslash}p{0.53\\textwidth}@{}}\n"
        "\\caption{Extremes among all regions (not only those listed): exact areas and squared gradient norms "
        "($\\|\\nabla f\\|^2$ summed over the outputs).}\\label{tab:extremes}\\\\\n"
        "\\toprule & region & value \\\\ \\midrule\n\\endfirsthead\n"
        "\\toprule & region & value \\\\ \\midrule\n\\endhead\n"
        "\\bottomrule\n\\endfoot\n" + "\n".join(lines) + "\n\\end{longtable}"
    )


def adjacency_section(
    net: TwoLayerReLU,
    rows: Sequence[RegionRow],
    edges: Sequence[tuple[int, int]],
    printer: NumberPrinter,
    *,
    edge_points: dict[tuple[int, int], Sequence[Fraction]] | None = None,
) -> tuple[str, dict[str, Any]]:
    """Degree distribution and the gradient jump per hyperplane; checks the continuity restriction exactly.

    For every edge (adjacent regions r, s) the units whose activation differs
    form a set D; the gradient must change by exactly the sum over D of
    +-a_i w_i^T (the continuity restriction), and, when a point on the shared
    facet is known, every hyperplane H_i with i in D must pass through it.
    Both are checked in rational arithmetic; the returned dict says what was checked.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> from reluexact.report.view import region_rows, shared_edges_2d
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])
    >>> rows = region_rows(net, list(regions(net, domain="-1,1;-1,1")), box=[(-1, 1), (-1, 1)])
    >>> shared = shared_edges_2d(rows)
    >>> edges, points = [(a, b) for a, b, _ in shared], {(a, b): p for a, b, p in shared}
    >>> text, summary = adjacency_section(net, rows, edges, NumberPrinter("exact"), edge_points=points)
    >>> summary  # doctest: +NORMALIZE_WHITESPACE
    {'edges': 4, 'edges_gradient_jump_checked': 4, 'edges_facet_point_checked': 4, 'failures': [],
     'degree_distribution': {2: 4}}
    >>> text.splitlines()[0]
    'The adjacency graph has 4 nodes (regions) and 4 edges (pairs of regions sharing a facet of dimension $d - 1$).'
    """
    by_index = {row.index: row for row in rows}
    degree: Counter[int] = Counter()
    crossings: Counter[int] = Counter()
    checked_jump = 0
    checked_point = 0
    failures: list[str] = []
    for a, b in edges:
        if a not in by_index or b not in by_index:
            continue
        degree[a] += 1
        degree[b] += 1
        ra, rb = by_index[a], by_index[b]
        differing = [i for i, (x, y) in enumerate(zip(ra.pattern, rb.pattern, strict=True)) if x != y]
        if not differing:
            failures.append(f"R{a}, R{b}: same pattern")
            continue
        for i in differing:
            crossings[i] += 1
        expected = [
            [
                sum(
                    ((1 if rb.pattern[i] else -1) * net.A[k][i] * net.W[i][j] for i in differing),
                    Fraction(0),
                )
                for j in range(net.input_dim)
            ]
            for k in range(net.output_dim)
        ]
        actual = [
            [gb - ga for ga, gb in zip(rowa, rowb, strict=True)]
            for rowa, rowb in zip(ra.gradient, rb.gradient, strict=True)
        ]
        if expected != actual:
            failures.append(f"R{a}, R{b}: gradient jump")
        checked_jump += 1
        if edge_points is not None and (a, b) in edge_points:
            point = edge_points[(a, b)]
            if any(sum((w * x for w, x in zip(net.W[i], point, strict=True)), net.b[i]) != 0 for i in differing):
                failures.append(f"R{a}, R{b}: facet point off a crossed hyperplane")
            checked_point += 1
    for row in rows:
        degree.setdefault(row.index, 0)
    distribution = Counter(degree.values())
    parts = [
        f"The adjacency graph has {len(rows)} nodes (regions) and {len(edges)} edges (pairs of regions sharing "
        f"a facet of dimension $d - 1$)."
    ]
    if distribution:
        cells = " & ".join(str(k) for k in sorted(distribution))
        counts = " & ".join(str(distribution[k]) for k in sorted(distribution))
        parts.append(
            "Degree distribution (number of neighbours: number of regions):\n\n"
            "\\begin{center}\\begin{tabular}{@{}l" + "r" * len(distribution) + "@{}}\n\\toprule\n"
            f"degree & {cells} \\\\\nregions & {counts} \\\\\n\\bottomrule\n\\end{{tabular}}\\end{{center}}"
        )
    # gradient jump per hyperplane: a_i w_i^T, the same along all of H_i
    lines = []
    variables = variable_names(net.input_dim)
    for i in range(net.n_hidden):
        if not any(net.W[i]):
            continue
        jump = [[net.A[k][i] * w for w in net.W[i]] for k in range(net.output_dim)]
        jump_latex = ", ".join(vector_latex(row, printer) for row in jump)
        hyperplane = affine_latex(net.W[i], net.b[i], variables, number=printer.latex)
        lines.append(f"$H_{{{i + 1}}}$ & ${hyperplane} = 0$ & ${jump_latex}$ & {crossings[i]} \\\\")
    parts.append(
        "Crossing $H_i$ from its inactive to its active side changes the gradient by exactly "
        "$a_i w_i^{\\mathsf T}$, the same at every point of $H_i$ (the continuity restriction):\n\n"
        "\\begin{longtable}{@{}l>{\\raggedright\\arraybackslash}p{0.42\\textwidth}"
        ">{\\raggedright\\arraybackslash}p{0.3\\textwidth}r@{}}\n"
        "\\toprule hyperplane & equation & gradient jump $a_i w_i^{\\mathsf T}$ & edges \\\\ \\midrule\n\\endhead\n"
        "\\bottomrule\n\\endfoot\n" + "\n".join(lines) + "\n\\end{longtable}"
    )
    summary = {
        "edges": len(edges),
        "edges_gradient_jump_checked": checked_jump,
        "edges_facet_point_checked": checked_point,
        "failures": failures,
        "degree_distribution": dict(sorted(distribution.items())),
    }
    return "\n\n".join(parts), summary


def hyperplane_section(net: TwoLayerReLU, printer: NumberPrinter, families: Sequence[HyperplaneFamily]) -> str:
    """Parallel families of hyperplanes (exact primitive integer directions) and their knots along u.

    Only families of two or more hyperplanes get a table row; single hyperplanes are counted.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.families import parallel_families
    >>> net = TwoLayerReLU([[1, 0], [2, 0], [0, 1]], [0, -1, 0], [[1, 1, 1]], [0])  # x = 0 and x = 1/2 are parallel
    >>> hyperplane_section(net, NumberPrinter("exact"), parallel_families(net)).split(" (")[0]
    'The hyperplanes fall into 2 exact direction families'
    """
    variables = variable_names(net.input_dim)
    lines = []
    for number, family in enumerate(families, start=1):
        if len(family.units) < 2:
            continue
        knots = [
            f"${printer.latex(t)}$\\,({'+' if s > 0 else '-'})"
            for t, s in zip(family.knots, family.orientations, strict=True)
        ]
        direction = affine_latex([Fraction(v) for v in family.direction], Fraction(0), variables, number=printer.latex)
        lines.append(f"{number} & ${direction}$ & {_units_list(family.units)} & {', '.join(knots)} \\\\")
    single = sum(1 for family in families if len(family.units) == 1)
    text = (
        f"The hyperplanes fall into {len(families)} exact direction famil{'ies' if len(families) != 1 else 'y'} "
        f"({single} of them a single hyperplane). A family with primitive integer direction $u$ is a 1-D knot "
        "chain in the coordinate $u \\cdot \\mathbf{x}$: $H_i = \\{u \\cdot \\mathbf{x} = t_i\\}$, with the sign "
        "telling on which side unit $i$ is active (units sorted by knot)."
    )
    if not lines:
        return text + " No two hyperplanes are parallel."
    return (
        text + " The families of two or more parallel hyperplanes:\n\n"
        "\\begin{longtable}{@{}r>{\\raggedright\\arraybackslash}p{0.28\\textwidth}"
        ">{\\raggedright\\arraybackslash}p{0.18\\textwidth}>{\\raggedright\\arraybackslash}p{0.4\\textwidth}@{}}\n"
        "\\toprule family & coordinate $u \\cdot \\mathbf{x}$ & units & knots $t_i$ along $u$ \\\\ \\midrule\n"
        "\\endhead\n\\bottomrule\n\\endfoot\n" + "\n".join(lines) + "\n\\end{longtable}"
    )


def partial_order_section(net: TwoLayerReLU, domain: Any, printer: NumberPrinter, *, max_chains: int = 40) -> str:
    """The strict partial order of active half-spaces on the domain: status, Hasse diagram, chains.

    Uses :mod:`reluexact.order` (exact: closed forms on R^d and boxes, exact LP on polytopes).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [1, 0]], [0, -1], [[1, 1]], [0])
    >>> text = partial_order_section(net, [(-2, 2), (-2, 2)], NumberPrinter("exact"))
    >>> text.split(" (")[0]
    'Unit $i$ precedes unit $j$'
    """
    from reluexact.order import active_status, chain_decomposition, half_space_order, parallel_chains

    status = active_status(net, domain=domain)
    order = half_space_order(net, domain=domain)
    hasse = half_space_order(net, domain=domain, transitive_reduction=True)
    chains = chain_decomposition(order)
    parallel = parallel_chains(net, domain=domain)
    counts = Counter(status)
    parts = [
        "Unit $i$ precedes unit $j$ ($i \\prec j$) when the active half-space of $j$ inside the domain is a strict "
        "subset of that of $i$; this is a strict partial order, decided exactly. On the domain "
        f"{counts.get(SHAPING, 0)} units are shaping (cut by their hyperplane), {counts.get(AFFINE_ACTING, 0)} "
        f"affine-acting (active everywhere) and {counts.get(DEAD, 0)} dead (active nowhere). "
        f"The order has {order.number_of_edges()} relations; its "
        f"Hasse diagram has {hasse.number_of_edges()} edges. A minimum decomposition into chains (Dilworth) has "
        f"{len(chains)} chain{'s' if len(chains) != 1 else ''}:"
    ]
    shown = chains[:max_chains]
    items = "; ".join("$" + " \\prec ".join(str(i + 1) for i in chain) + "$" for chain in shown)
    if len(chains) > len(shown):
        items += f"; \\ldots\\ and {len(chains) - len(shown)} more chains"
    if items:
        parts.append(items + ".")
    parallel = tuple(chain for chain in parallel if len(chain.groups) > 1)
    if parallel:
        variables = variable_names(net.input_dim)
        lines = []
        for chain in parallel[:max_chains]:
            u = affine_latex([Fraction(v) for v in chain.direction], Fraction(0), variables, number=printer.latex)
            groups = " \\prec ".join("\\{" + ", ".join(str(i + 1) for i in g) + "\\}" for g in chain.groups)
            knots = ", ".join(printer.latex(t) for t in chain.knots)
            side = ">" if chain.orientation > 0 else "<"
            lines.append(f"${u}$ & active where $u \\cdot \\mathbf{{x}} {side} t$ & ${groups}$ & ${knots}$ \\\\")
        parts.append(
            "Each parallel family of two or more hyperplanes with one orientation is a chain, a 1-D knot order in "
            "the coordinate $u \\cdot \\mathbf{x}$ (the ``multiple strict partial orders'' that delineate the "
            "regions):\n\n"
            "\\begin{longtable}{@{}>{\\raggedright\\arraybackslash}p{0.2\\textwidth}l"
            ">{\\raggedright\\arraybackslash}p{0.25\\textwidth}>{\\raggedright\\arraybackslash}p{0.25\\textwidth}@{}}\n"
            "\\toprule $u \\cdot \\mathbf{x}$ & side & chain & knots $t$ \\\\ \\midrule\n\\endhead\n"
            "\\bottomrule\n\\endfoot\n" + "\n".join(lines) + "\n\\end{longtable}"
        )
    return "\n\n".join(parts)


def certification_section(items: Sequence[tuple[str, str]]) -> str:
    """A description list of what was verified exactly and how (``(what, how)`` pairs, LaTeX).

    Examples
    --------
    >>> text = certification_section([("Affine maps", "recomputed from the pattern")])
    >>> "\\\\item[Affine maps] recomputed from the pattern" in text
    True
    """
    body = "\n".join(f"\\item[{what}] {how}" for what, how in items)
    return (
        "Everything below was verified in exact rational arithmetic when this report was generated; nothing "
        "rests on floating point.\n\\begin{description}\n" + body + "\n\\end{description}"
    )


def escape(text: Any) -> str:
    """Shorthand for :func:`~reluexact.report.escape.latex_escape` (for section builders).

    Examples
    --------
    >>> print(escape("50% & more"))
    50\\% \\& more
    """
    return latex_escape(text)
