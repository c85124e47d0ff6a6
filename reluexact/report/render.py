"""Whole reports: :func:`render_report` (LaTeX source) and :func:`write_report` (files, optional PDF).

A report is a standalone LaTeX article a mathematician can hand to a colleague:
the network formula and its weights as exact fractions; for d = 1 the spline form
(pieces as ``cases``, knots, jumps, unit roles, minimal width); for d >= 2 the
table of linear regions (pattern, exact interior point, exact affine map), the
adjacency summary with the continuity restriction checked on every edge, the
hyperplane families; a certification summary saying what was verified exactly
and how; and figures drawn with TikZ/pgfplots from exact coordinates.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])
>>> tex = render_report(net, domain="-1,1;-1,1", name="toy")
>>> "4 linear regions" in tex and "\\\\begin{longtable}" in tex
True
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from reluexact.atomic import staged_output
from reluexact.domain import DomainLike
from reluexact.errors import CertificationError, InvalidArgument
from reluexact.interop.json_results import report_regions_to_json
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.regions.enumeration import check_budget
from reluexact.report.document import LatexDocument, write_text_atomic
from reluexact.report.escape import latex_escape
from reluexact.report.figures import shown_box
from reluexact.report.numbers import NumberFormat, NumberPrinter
from reluexact.report.polygons import (
    box_cells_2d,
    default_box,
    polygon_area,
)
from reluexact.report.sections import (
    adjacency_section,
    certification_section,
    decoding_section,
    hyperplane_section,
    knot_order_section,
    network_section,
    partial_order_section,
    region_table,
    spline_section,
    weights_table,
)
from reluexact.report.tikz import function_plot_tikz, hasse_diagram_tikz, region_map_tikz
from reluexact.report.view import RegionRow, function_plot, region_map, region_rows, shared_edges_2d

__all__ = ["DEFAULT_MAX_REGIONS", "ReportData", "render_report", "write_report"]

#: Regions listed in the table by default; the rest go to the JSON file.
DEFAULT_MAX_REGIONS = 200
#: Regions above which the TikZ region map is left out (TeX's memory); the PNG figure has no such limit.
MAX_TIKZ_REGIONS = 150
#: Regions up to which 2-D reports compute every region's exact polygon (tiling check, adjacency, JSON).
MAX_POLYGON_REGIONS = 3000
#: Regions up to which 2-D reports re-derive the regions independently by exact box splitting.
MAX_CROSS_CHECK_REGIONS = 300


@dataclass
class ReportData:
    """What :func:`render_report` computed, for writing companions (JSON) and for tests."""

    tex: str
    rows: list[RegionRow] = field(default_factory=list)
    edges: list[tuple[int, int]] = field(default_factory=list)
    truncated: bool = False
    certification: dict[str, Any] = field(default_factory=dict)
    json_name: str | None = None


def _region_count_2d(net: TwoLayerReLU) -> int:
    """Regions of the line arrangement of a 2-D net in R^2: 1 + L + sum over vertices (lines through it - 1).

    An independent exact count (Euler's formula) used to cross-check the cells of a box
    that contains every vertex.
    """
    lines: dict[tuple[Fraction, ...], tuple[Fraction, Fraction, Fraction]] = {}
    for row, bias in zip(net.W, net.b, strict=True):
        if not any(row):
            continue
        pivot = next(v for v in row if v != 0)
        key = (row[0] / pivot, row[1] / pivot, bias / pivot)
        lines[key] = key
    keys = list(lines)
    through: dict[tuple[Fraction, Fraction], set[int]] = {}
    for i, (a1, b1, c1) in enumerate(keys):
        for j in range(i + 1, len(keys)):
            a2, b2, c2 = keys[j]
            det = a1 * b2 - a2 * b1
            if det == 0:
                continue
            point = ((-c1 * b2 + c2 * b1) / det, (-a1 * c2 + a2 * c1) / det)
            through.setdefault(point, set()).update((i, j))
    return 1 + len(keys) + sum(len(s) - 1 for s in through.values())


def _check_rows(net: TwoLayerReLU, rows: Sequence[RegionRow]) -> tuple[int, int, list[str]]:
    """Exact checks per region: the point is strictly inside its pattern's cell; the map equals f there."""
    inside = agree = 0
    failures: list[str] = []
    for row in rows:
        ok = True
        for active, w, b in zip(row.pattern, net.W, net.b, strict=True):
            value = sum((wi * xi for wi, xi in zip(w, row.point, strict=True)), b)
            if (active and not value > 0) or (not active and not (value < 0 or (value == 0 and not any(w)))):
                ok = False
                break
        inside += ok
        if not ok:
            failures.append(f"{row.label}: interior point not strictly inside")
        affine = tuple(
            sum((g * x for g, x in zip(grad, row.point, strict=True)), c)
            for grad, c in zip(row.gradient, row.offset, strict=True)
        )
        if affine == evaluate(net, row.point):
            agree += 1
        else:
            failures.append(f"{row.label}: affine map differs from f at the interior point")
    return inside, agree, failures


def render_report(
    net: TwoLayerReLU,
    *,
    domain: DomainLike = None,
    name: str | None = None,
    max_regions: int = DEFAULT_MAX_REGIONS,
    region_budget: int | None = None,
    number_format: NumberFormat | str | None = None,
    regions: Iterable[Any] | None = None,
    edges: Iterable[tuple[int, int]] | None = None,
    color_by: str = "gradient",
    figures: bool = True,
    json_name: str | None = None,
) -> str:
    """The LaTeX source of a standalone report on ``net``.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : DomainLike, optional
        A box in any form :func:`reluexact.domain.as_domain` reads (``"lo,hi"`` is the
        same interval for every input; ``(lo, hi)`` for d = 1; ``[(lo, hi), ...]``;
        ``"lo,hi;lo,hi"``; a Box). A polytope is refused. Default (None, or all of R^d):
        a box containing every knot (d = 1) or every vertex of the arrangement (d = 2),
        so every region of R^d appears; for d >= 3 all of R^d.
    name : str, optional
        The model's name (any text; escaped).
    max_regions : int
        Regions listed in the table; beyond it the table is cut, the report says so
        and points to the JSON file.
    region_budget : int, optional
        Stop the region enumeration after this many regions (the report then says the
        list is PARTIAL). Default: enumerate all.
    number_format : NumberFormat or str
        ``exact``, ``auto`` (default), ``decimal:K`` or ``rounded:K``; the report states which.
    regions : iterable, optional
        Region objects (from :mod:`reluexact.regions`, or anything with a pattern and an
        interior point). Default: computed (exact cells of the box for d = 2).
    edges : iterable of (int, int), optional
        Adjacency between regions as pairs of 1-based row numbers; default computed in 2-D.
    color_by : {"gradient", "pattern"}
    figures : bool
        Include the TikZ figures.
    json_name : str, optional
        File name of the JSON companion the report points to.

    Returns
    -------
    str

    See Also
    --------
    write_report : writes the file(s), optionally compiles the PDF.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> tex = render_report(net, number_format="exact")
    >>> "\\\\begin{cases}" in tex and "-7 x + \\\\frac{13}{5}" in tex
    True
    """
    return build_report(
        net,
        domain=domain,
        name=name,
        max_regions=max_regions,
        region_budget=region_budget,
        number_format=number_format,
        regions=regions,
        edges=edges,
        color_by=color_by,
        figures=figures,
        json_name=json_name,
    ).tex


def build_report(
    net: TwoLayerReLU,
    *,
    domain: DomainLike = None,
    name: str | None = None,
    max_regions: int = DEFAULT_MAX_REGIONS,
    region_budget: int | None = None,
    number_format: NumberFormat | str | None = None,
    regions: Iterable[Any] | None = None,
    edges: Iterable[tuple[int, int]] | None = None,
    color_by: str = "gradient",
    figures: bool = True,
    json_name: str | None = None,
) -> ReportData:
    """Like :func:`render_report` but returns the computed data too (:class:`ReportData`).

    Examples
    --------
    >>> data = build_report(TwoLayerReLU([[1, 0]], [0], [[1]], [0]), domain="-1,1;-1,1")
    >>> len(data.rows), data.edges
    (2, [(1, 2)])
    """
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"a report needs a TwoLayerReLU, got {type(net).__name__}")
    if isinstance(max_regions, bool) or not isinstance(max_regions, int) or max_regions < 0:
        raise InvalidArgument(f"max_regions must be a non-negative integer, got {max_regions!r}")
    check_budget(region_budget, names=("region_budget", "time_limit"))
    printer = NumberPrinter(number_format)
    d = net.input_dim
    box: Any = shown_box(net, domain, needed_by="render_report")
    chosen_box = box is None
    if box is None:
        box = default_box(net) if d <= 2 else None  # for d >= 3: regions of all of R^d
    title = "Exact analysis of a two-layer ReLU network"
    doc = LatexDocument(title=title if not name else f"{title}: {name}", author="generated by reluexact")
    box_latex = (
        f"\\mathbb{{R}}^{{{d}}}"
        if box is None
        else " \\times ".join(f"[{printer.latex(lo)}, {printer.latex(hi)}]" for lo, hi in box)
    )
    data = ReportData(tex="", json_name=json_name)
    certification: list[tuple[str, str]] = []

    intro = []
    if name:
        intro.append(f"Model: \\emph{{{latex_escape(name, max_length=300)}}}.")
    domain_text = f"$D = {box_latex}$"
    if chosen_box:
        reason = {
            1: "a box containing every knot, so every linear piece appears",
            2: "a box containing every vertex of the arrangement, so each region of $\\mathbb{R}^2$ appears once",
        }.get(d, "no domain was given, so all of $\\mathbb{R}^d$")
        intro.append(f"Domain: {domain_text}, chosen automatically ({reason}).")
    else:
        intro.append(f"Domain: {domain_text}.")
    doc.add(" ".join(intro))
    doc.add("\\tableofcontents")

    doc.section("The network", label="sec:network")
    doc.add(network_section(net, printer))
    doc.section("Weights", label="sec:weights")
    doc.add(weights_table(net, printer))

    if d == 1:
        _one_dimensional(net, box, printer, doc, certification, figures=figures)
    else:
        _many_dimensional(
            net,
            box,
            printer,
            doc,
            certification,
            data,
            regions=regions,
            edges=edges,
            max_regions=max_regions,
            region_budget=region_budget,
            color_by=color_by,
            figures=figures,
            chosen_box=chosen_box,
        )

    doc.section("Certification summary", label="sec:certification")
    doc.add(certification_section(certification))
    appendix = printer.appendix_latex()
    # the note on numbers goes right after the introduction, once we know whether anything was rounded
    doc._body.insert(1, printer.number_format.describe(tagged=bool(appendix)))
    doc.add_appendix(appendix)
    data.tex = doc.render()
    data.certification = {"items": [what for what, _how in certification]}
    return data


def _one_dimensional(
    net: TwoLayerReLU,
    box: Any,
    printer: NumberPrinter,
    doc: LatexDocument,
    certification: list[tuple[str, str]],
    *,
    figures: bool,
) -> None:
    from reluexact.oned.equivalence import minimal_width
    from reluexact.oned.spline import spline_form

    (lo, hi) = box[0]
    for label, domain, title in (
        (None, None, "Spline form on the real line"),
        ("dom", (lo, hi), "Spline form on the domain"),
    ):
        form = spline_form(net, domain=domain)
        minimal = minimal_width(net, domain=domain)
        doc.section(title, label=f"sec:spline{'-' + label if label else ''}")
        doc.add(spline_section(form, printer, minimal=minimal))
        checked = 0
        points = [knot.x for knot in form.knots]
        probes = set(points)
        for a, b in itertools.pairwise(points):
            probes.add((a + b) / 2)
        if domain is not None:
            probes.update((lo, hi))
        elif points:
            probes.update((points[0] - 1, points[-1] + 1))
        else:
            probes.add(Fraction(0))
        for x in sorted(probes):
            if form((x,)) != evaluate(net, (x,)):
                raise CertificationError(f"spline form disagrees with the network at x = {x} (a bug; please report it)")
            checked += 1
        where = "$\\mathbb{R}$" if domain is None else "the domain"
        certification.append(
            (
                f"Spline form on {where}",
                f"evaluated exactly at {checked} points (every knot, every midpoint between knots and a point "
                "beyond each end) and compared with exact evaluation of the network: all equal.",
            )
        )
    from reluexact.oned.decoding import decode
    from reluexact.oned.order import knot_chains, knot_order

    decoding = decode(net, domain=(lo, hi))
    doc.section("Decoding of the units", label="sec:decoding")
    doc.add(decoding_section(decoding, printer))
    certification.append(
        (
            "Decoding identity",
            "$f = $ one-sided spline $+$ affine term on the domain, verified exactly by "
            "\\texttt{reluexact.oned.decode()} (it raises \\texttt{CertificationError} otherwise).",
        )
    )
    doc.section("Strict partial order of the knots", label="sec:order")
    hasse = knot_order(net, domain=(lo, hi), transitive_reduction=True)
    doc.add(
        knot_order_section(
            knot_chains(net, domain=(lo, hi)),
            hasse.number_of_edges(),
            f"the domain $[{printer.latex(lo)}, {printer.latex(hi)}]$",
        )
    )
    picture = hasse_diagram_tikz(hasse) if figures else ""
    if picture:
        doc.add(
            "\\begin{center}\n"
            + picture
            + "\n\\figurecaption{Hasse diagram of the strict partial order of the units on the domain: an arrow "
            "$i \\to j$ means $i \\prec j$. Upper row: right-facing units (blue), lower row: left-facing units "
            "(red), each at the rank of its knot; units sharing a knot are stacked.}\n\\end{center}"
        )
    if figures:
        doc.section("Figure", label="sec:figures")
        plot = function_plot(net, interval=(lo, hi))
        doc.add(
            "\\begin{center}\n"
            + function_plot_tikz(plot)
            + "\n\\figurecaption{$f$ on the domain (exact break points), its knots by orientation, and the "
            "contribution $a_i \\relu(w_i x + b_i)$ of each unit.}\n\\end{center}"
        )


def _many_dimensional(
    net: TwoLayerReLU,
    box: Any,
    printer: NumberPrinter,
    doc: LatexDocument,
    certification: list[tuple[str, str]],
    data: ReportData,
    *,
    regions: Iterable[Any] | None,
    edges: Iterable[tuple[int, int]] | None,
    max_regions: int,
    region_budget: int | None,
    color_by: str,
    figures: bool,
    chosen_box: bool,
) -> None:
    d = net.input_dim
    source = "the regions given by the caller"
    if regions is None:
        from reluexact.regions import regions as enumerate_regions

        regions = enumerate_regions(net, domain=box, max_regions=region_budget, progress="auto")
        source = "the exact enumeration of \\texttt{reluexact.regions}"
    doc.section("Linear regions", label="sec:regions")
    result_edges = getattr(regions, "edges", None)
    certificate = getattr(regions, "certificate", None)
    complete = getattr(regions, "complete", True)
    region_objects = list(regions)
    # the rows (and so the labels R1, R2, ...) of the table, the TikZ map and plot_region_map: one function.
    # In 2-D each row gets its exact polygon (figure, tiling check, adjacency) and the simplest point inside it.
    polygons = d == 2 and len(region_objects) <= MAX_POLYGON_REGIONS
    rows = region_rows(net, region_objects, box=box if polygons else None)
    edge_points: dict[tuple[int, int], Sequence[Fraction]] | None = None
    if edges is not None:
        edge_list = sorted({(min(a, b), max(a, b)) for a, b in edges})
    elif result_edges is not None:
        row_of = {row.source_id: row.index for row in rows}
        edge_points = {}
        for edge in result_edges:
            a, b = row_of[edge.a], row_of[edge.b]
            edge_points[(min(a, b), max(a, b))] = tuple(edge.point)
        edge_list = sorted(edge_points)
    elif d == 2 and rows and all(row.polygon for row in rows):
        shared = shared_edges_2d(rows)
        edge_list = [(a, b) for a, b, _p in shared]
        edge_points = {(a, b): p for a, b, p in shared}
    else:
        edge_list = []
    if certificate is not None:
        certification.append(
            (
                "Region enumeration",
                f"method \\texttt{{{latex_escape(certificate.method)}}}: {certificate.regions} interior points checked "
                f"exactly against every hyperplane and side, {certificate.facets} facets certified by a point "
                f"exactly on their hyperplane and strictly off every other, {certificate.sign_checks} signs checked "
                f"({certificate.exact_sign_checks} in rational arithmetic, the rest by floats with a proven error "
                f"bound), {certificate.lp_calls} exact LPs."
                + ("" if complete else " The enumeration was stopped by a budget: the region list is PARTIAL."),
            )
        )
    if d == 2 and rows and complete and len(rows) <= MAX_CROSS_CHECK_REGIONS:
        cells = box_cells_2d(net, box)
        same = {cell.pattern for cell in cells} == {row.pattern for row in rows} and len(cells) == len(rows)
        certification.append(
            (
                "Independent 2-D check",
                f"splitting the box by every hidden line with exact polygon clipping gives {len(cells)} cells with "
                f"the same activation patterns: {'agrees' if same else 'DISAGREES'}.",
            )
        )
    data.rows, data.edges = rows, edge_list
    if not rows:
        doc.add("No region was found inside the domain.")
    if rows:
        shown = rows[:max_regions]
        data.truncated = len(shown) < len(rows)
        doc.add(
            (
                f"Inside the domain the network has \\textbf{{{len(rows)} linear "
                f"region{'s' if len(rows) != 1 else ''}}} (found by {source}). "
                if complete
                else f"The enumeration ({source}) was stopped by its budget after \\textbf{{{len(rows)} linear "
                f"region{'s' if len(rows) != 1 else ''}}}: this list is \\textbf{{PARTIAL}}. "
            )
            + "On each, $f$ is affine; Table~\\ref{tab:regions} gives each region's activation pattern, a point "
            "strictly inside it and the affine map, all exact."
            + (
                f" The table lists the first {len(shown)}; all {len(rows)} are in "
                f"\\texttt{{{latex_escape(data.json_name or 'the JSON export')}}}."
                if data.truncated
                else ""
            )
        )
        doc.add(region_table(shown, printer, total=len(rows)))
        inside, agree, failures = _check_rows(net, rows)
        certification.append(
            (
                "Interior points",
                f"{inside} of {len(rows)} points satisfy every defining inequality of their region strictly "
                "($w_i \\cdot p + b_i > 0$ for active, $< 0$ for inactive units).",
            )
        )
        certification.append(
            (
                "Affine maps",
                f"{agree} of {len(rows)} affine maps equal the exact value of the network at the region's interior "
                "point; each was recomputed from the activation pattern "
                "($\\nabla f = \\sum_{i \\text{ active}} a_i w_i^{\\mathsf T}$).",
            )
        )
        patterns = {row.pattern for row in rows}
        certification.append(
            ("Distinct patterns", f"{len(patterns)} distinct activation patterns for {len(rows)} regions.")
        )
        if d == 2 and all(row.polygon for row in rows):
            total = sum((polygon_area(row.polygon) for row in rows if row.polygon), Fraction(0))
            (x0, x1), (y0, y1) = box
            tiles = total == (x1 - x0) * (y1 - y0)
            certification.append(
                (
                    "Tiling",
                    f"the exact areas of the {len(rows)} region polygons sum to "
                    f"${printer.latex(total)}$, the area of the box: {'yes' if tiles else 'NO'}.",
                )
            )
            if chosen_box and complete:
                expected = _region_count_2d(net)
                certification.append(
                    (
                        "Region count",
                        f"an independent count by Euler's formula ($1 + L + \\sum_v (m_v - 1)$ over the $L$ distinct "
                        f"lines and the vertices $v$ where $m_v$ of them meet) gives {expected}: "
                        f"{'agrees' if expected == len(rows) else 'DISAGREES'}.",
                    )
                )
        if failures:
            certification.append(("Failures", latex_escape("; ".join(failures[:20]))))
        doc.section("Adjacency", label="sec:adjacency")
        if edge_list or d == 2:
            text, summary = adjacency_section(net, rows, edge_list, printer, edge_points=edge_points)
            doc.add(text)
            how = (
                f"on all {summary['edges_gradient_jump_checked']} edges the gradient changes by exactly "
                "$\\sum_{i \\in D} \\pm a_i w_i^{\\mathsf T}$ over the set $D$ of units whose activation differs"
            )
            if summary["edges_facet_point_checked"]:
                how += (
                    f"; on {summary['edges_facet_point_checked']} edges an exact point in the relative interior of "
                    "the shared edge lies on every $H_i$, $i \\in D$"
                )
            if summary["failures"]:
                how += f". FAILURES: {latex_escape('; '.join(summary['failures'][:20]))}"
            certification.append(("Continuity restriction", how + "."))
        else:
            doc.add("No adjacency information was given for these regions.")
    doc.section("Hyperplane families", label="sec:families")
    from reluexact.regions.families import parallel_families

    doc.add(hyperplane_section(net, printer, parallel_families(net)))
    doc.section("Strict partial order of the active half-spaces", label="sec:order")
    doc.add(partial_order_section(net, box, printer))
    if figures and d == 2 and rows:
        doc.section("Region map", label="sec:figures")
        if len(rows) <= MAX_TIKZ_REGIONS:
            picture = region_map(net, box=box, regions=list(rows), color_by=color_by, edges=edge_list)
            colour = (
                "coloured by the norm of the gradient"
                if color_by == "gradient"
                else "one colour per activation pattern"
            )
            doc.add(
                "\\begin{center}\n"
                + region_map_tikz(picture)
                + f"\n\\figurecaption{{The {len(rows)} regions inside the domain ({colour}), drawn from their exact "
                "vertices; black lines are the hyperplanes $H_i$, labels refer to Table~\\ref{tab:regions}, "
                "dotted red lines join adjacent regions.}\n\\end{center}"
            )
        else:
            doc.add(
                f"With {len(rows)} regions the map is too large for TikZ; draw it with "
                "\\texttt{reluexact plot MODEL -o map.png}."
            )


def write_report(
    net: TwoLayerReLU,
    path: str | os.PathLike[str],
    *,
    domain: DomainLike = None,
    name: str | None = None,
    pdf: bool = False,
    max_regions: int = DEFAULT_MAX_REGIONS,
    region_budget: int | None = None,
    number_format: NumberFormat | str | None = None,
    regions: Iterable[Any] | None = None,
    edges: Iterable[tuple[int, int]] | None = None,
    color_by: str = "gradient",
    figures: bool = True,
    time_limit: float = 120.0,
) -> Path:
    """Write the report to ``path`` (``.tex``) atomically, the JSON companion if needed, and optionally the PDF.

    When the region table is cut at ``max_regions``, every region goes to
    ``<path stem>.regions.json`` (exact ``"p/q"`` strings) and the report says so.
    With ``pdf=True`` the PDF is compiled next to the ``.tex`` by
    :func:`~reluexact.report.compile.compile_pdf` (pdflatex, no shell escape,
    time limit) and its path is returned.

    Parameters
    ----------
    net, domain, name, max_regions, region_budget, number_format, regions, edges, color_by, figures
        As for :func:`render_report`.
    path : path
        The ``.tex`` file to write.
    pdf : bool
        Also compile to PDF.
    time_limit : float
        Seconds allowed for the PDF compilation.

    Returns
    -------
    pathlib.Path
        The PDF when ``pdf`` is true, else the ``.tex``.

    Raises
    ------
    TeXError
        ``pdf=True`` without a TeX engine (the message says how to install one) or a failed compile.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.tex"
    >>> write_report(TwoLayerReLU([[1]], [0], [[1]], [0]), out).name
    'r.tex'
    """
    check_budget(time_limit=time_limit)
    target = Path(path)
    if not target.name:
        raise InvalidArgument(f"the report path {str(path)!r} has no file name; give one such as report.tex")
    json_name = target.with_suffix(".regions.json").name
    data = build_report(
        net,
        domain=domain,
        name=name,
        max_regions=max_regions,
        region_budget=region_budget,
        number_format=number_format,
        regions=regions,
        edges=edges,
        color_by=color_by,
        figures=figures,
        json_name=json_name,
    )
    # the .tex is replaced last, and only once the PDF (when asked) compiled: a failed run replaces nothing
    with staged_output(target) as staged_tex:
        write_text_atomic(staged_tex, data.tex)
        written = target
        if pdf:
            from reluexact.report.compile import compile_pdf

            written = compile_pdf(
                staged_tex, output=target.with_suffix(".pdf"), time_limit=time_limit, display_name=target.name
            )
        if data.truncated:
            write_text_atomic(
                target.with_name(json_name), json.dumps(report_regions_to_json(data.rows, data.edges), indent=1)
            )
    return written
