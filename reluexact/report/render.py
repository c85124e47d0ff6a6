"""Whole reports: :func:`render_report` (LaTeX source) and :func:`write_report` (files, optional PDF).

A report is a standalone LaTeX article a reviewer can take in at a glance and a
mathematician can check: a **summary page** (what the network is, where its weights came
from and what rationalising them changed, the headline counts, the main figure); then the
network formula and weights; for d = 1 the spline form (pieces, knots, jumps, unit roles,
minimal width), the decoding and the knot order; for d >= 2 the first rows of the table of
linear regions (pattern, exact interior point, exact affine map) and its extremes, the
adjacency with the continuity restriction checked on every edge, the hyperplane families
and the order of the half-spaces; a certification summary saying what was verified exactly
and how.

Figures are TikZ from exact coordinates when small and matplotlib PDF (vector) otherwise
(:mod:`reluexact.report.pdf_figures`), scaled to the text width; for d > 2 the region map is
a 2-D slice through the centre of the domain. Numbers are exact fractions for networks
with short weights and decimals with one precision otherwise
(:func:`~reluexact.report.numbers.default_number_format`); the exact value of every number
is in the data files the PDF carries as attachments (:mod:`reluexact.report.attachments`).
:func:`write_report` writes the figures and data files next to the ``.tex``.

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
from reluexact.rationalization import RationalizationCertificate
from reluexact.regions.enumeration import check_budget
from reluexact.report.answer_sections import decision_section, pieces_section, verification_section
from reluexact.report.attachments import data_json_text, regions_csv, report_data
from reluexact.report.document import LatexDocument, figure_latex, write_bytes_atomic, write_text_atomic
from reluexact.report.escape import latex_escape
from reluexact.report.figures import shown_box
from reluexact.report.headline import HeadlineCount, ReportSection, counts_table, facts_table, rationalisation_text
from reluexact.report.maps import plot_decision_map
from reluexact.report.numbers import NumberFormat, NumberPrinter, default_number_format
from reluexact.report.pdf_figures import adjacency_pdf, figure_pdf, function_pdf, order_pdf, region_map_pdf
from reluexact.report.polygons import (
    box_cells_2d,
    default_box,
    polygon_area,
)
from reluexact.report.sections import (
    adjacency_section,
    certification_section,
    decoding_section,
    extremes_table,
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

__all__ = ["ANSWERS", "DEFAULT_MAX_REGIONS", "ReportData", "parse_answers", "render_report", "write_report"]

#: The answer sections a report can add (:mod:`reluexact.report.answer_sections`): the maximal affine
#: pieces (d >= 2), the decision boundary or class cells, the exact extrema and the exact Lipschitz
#: constants (with certificates; run within a budget, see ``VERIFY_MAX_*``). All by default.
ANSWERS = ("pieces", "boundary", "extrema", "lipschitz")

#: Regions listed in the body's table by default; every region is in the attached data.
DEFAULT_MAX_REGIONS = 20
#: Regions above which the region map is a matplotlib PDF instead of TikZ (TeX's memory, legibility).
MAX_TIKZ_REGIONS = 60
#: Knots above which the 1-D function plot is a matplotlib PDF instead of pgfplots.
MAX_TIKZ_KNOTS = 40
#: Regions up to which 2-D reports compute every region's exact polygon (tiling check, adjacency, JSON).
MAX_POLYGON_REGIONS = 3000
#: Regions up to which 2-D reports re-derive the regions independently by exact box splitting.
MAX_CROSS_CHECK_REGIONS = 300
#: Regions up to which the region map of a d = 2 report (or of a slice) is drawn at all.
MAX_MAP_REGIONS = 20000
#: Regions (d > 2) up to which the report computes the decision boundary (exact LPs per region).
MAX_DECISION_REGIONS = 400


@dataclass
class ReportData:
    """What :func:`build_report` computed: the source, the files it needs, the exact data, for tests.

    ``files`` maps the relative file names the ``.tex`` includes or attaches (figures as PDF,
    ``<stem>.data.json``, ``<stem>.regions.csv``) to their bytes; :func:`write_report` writes
    them next to the ``.tex``. ``counts`` are the summary page's counts, ``data`` the
    attached JSON document.
    """

    tex: str
    rows: list[RegionRow] = field(default_factory=list)
    edges: list[tuple[int, int]] = field(default_factory=list)
    truncated: bool = False
    certification: dict[str, Any] = field(default_factory=dict)
    json_name: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    counts: tuple[HeadlineCount, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    figures: tuple[str, ...] = ()


@dataclass
class _Findings:
    """What the dimension-specific part hands to the summary page."""

    counts: list[HeadlineCount] = field(default_factory=list)
    main_figure: str = ""


def _region_count_2d(net: TwoLayerReLU) -> int:
    """Regions of the line arrangement of a 2-D net in R^2 (see :func:`_arrangement_counts_2d`)."""
    return _arrangement_counts_2d(net)[0]


def _arrangement_counts_2d(net: TwoLayerReLU) -> tuple[int, int]:
    """(regions, bounded regions) of the line arrangement of a 2-D net in R^2.

    Zaslavsky's theorem with the characteristic polynomial t^2 - L t + sum_v (m_v - 1) of
    the L distinct lines and their vertices v (m_v lines through v): 1 + L + sum_v (m_v - 1)
    regions, |1 - L + sum_v (m_v - 1)| bounded ones (none when no two lines meet). An
    independent exact count, used to cross-check the cells of a box that contains every vertex.
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
    crossings = sum(len(s) - 1 for s in through.values())
    bounded = abs(1 - len(keys) + crossings) if through else 0
    return 1 + len(keys) + crossings, bounded


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


def _scaled(picture: str) -> str:
    """A TikZ picture scaled down to the line width when it is wider (never up)."""
    return "\\begin{adjustbox}{max width=\\linewidth}\n" + picture + "\n\\end{adjustbox}"


def _figure(body: str, caption: str, label: str) -> str:
    return "\\begin{center}\n" + body + f"\n\\figurecaption{{{caption}}}\\label{{{label}}}\n\\end{{center}}"


#: The default height of a figure file in the report.
_HEIGHT = "0.31\\textheight"


def _figure_file(data: ReportData, name: str, content: bytes) -> str:
    """Keep a figure file (PDF bytes) for the report under ``name``; return the name."""
    data.files[name] = content
    data.figures += (name,)
    return name


def _order_figure(
    doc: LatexDocument, data: ReportData, hasse: Any, stem: str, caption: str, *, height: str = _HEIGHT
) -> None:
    """Add the Hasse diagram of an order as the PDF figure ``<stem>-order.pdf`` (nothing when it cannot be drawn)."""
    drawn = order_pdf(hasse)
    if drawn is not None:
        doc.add(_file_figure(_figure_file(data, f"{stem}-order.pdf", drawn), caption, "fig:order", height=height))


def _add_section(doc: LatexDocument, section: ReportSection) -> None:
    """Add a built section (title, ``sec:<label>``, body) to the document."""
    doc.section(section.title, label=f"sec:{section.label}")
    doc.add(section.latex)


def _file_figure(name: str, caption: str, label: str, *, height: str = _HEIGHT) -> str:
    return figure_latex(name, caption, label=label, height=height)


def parse_answers(answers: str | Iterable[str] | None) -> frozenset[str]:
    """The answer sections asked for: a comma-separated string or names of :data:`ANSWERS`; None is all,
    ``"none"`` (or an empty string) is none.

    Examples
    --------
    >>> sorted(parse_answers("pieces, lipschitz"))
    ['lipschitz', 'pieces']
    >>> parse_answers("none"), len(parse_answers(None))
    (frozenset(), 4)
    >>> parse_answers("speed")
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: unknown answer 'speed'; choose from pieces, boundary, extrema, lipschitz, ...
    """
    if answers is None:
        return frozenset(ANSWERS)
    names = [a.strip() for a in (answers.split(",") if isinstance(answers, str) else answers)]
    chosen: set[str] = set()
    for name in names:
        if name in ("", "none"):
            continue
        if name == "all":
            chosen.update(ANSWERS)
        elif name in ANSWERS:
            chosen.add(name)
        else:
            raise InvalidArgument(f"unknown answer {name!r}; choose from {', '.join(ANSWERS)}, all, none")
    return frozenset(chosen)


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
    provenance: str | None = None,
    rationalization: RationalizationCertificate | None = None,
    extra_counts: Sequence[HeadlineCount] = (),
    extra_sections: Sequence[ReportSection] = (),
    answers: str | Iterable[str] | None = None,
    stem: str = "report",
) -> str:
    """The LaTeX source of a standalone report on ``net``.

    The source includes figure files and attaches data files (named ``<stem>-*.pdf``,
    ``<stem>.data.json``, ``<stem>.regions.csv``); :func:`build_report` returns their bytes
    and :func:`write_report` writes them next to the ``.tex``.

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
        Regions listed in the body's table (default 20); every region is in the attached
        data, and the table of extremes names the largest, steepest and boundary regions.
    region_budget : int, optional
        Stop the region enumeration after this many regions (the report then says the
        list is PARTIAL). Default: enumerate all.
    number_format : NumberFormat or str, optional
        ``exact``, ``auto``, ``decimal:K``, ``rounded:K`` or ``readable:K``; the report states
        which. Default: exact for networks whose weights are all short fractions, else
        ``readable:4`` (:func:`~reluexact.report.numbers.default_number_format`).
    regions : iterable, optional
        Region objects (from :mod:`reluexact.regions`, or anything with a pattern and an
        interior point). Default: computed (exact cells of the box for d = 2).
    edges : iterable of (int, int), optional
        Adjacency between regions as pairs of 1-based row numbers; default computed in 2-D.
    color_by : {"gradient", "pattern"}
    figures : bool
        Include the figures.
    json_name : str, optional
        File name of the regions JSON companion a truncated table points to.
    provenance : str, optional
        Plain text: where the weights came from (e.g. ``"model.pt (PyTorch state dict)"``).
    rationalization : RationalizationCertificate, optional
        How float weights were made exact and the certified bound on the change; default:
        read off the weights (:func:`~reluexact.report.headline.rationalisation_text`).
    extra_counts, extra_sections
        More counts for the summary page and more sections (see :mod:`reluexact.report.headline`).
    answers : str or iterable of str, optional
        The answer sections (:data:`ANSWERS`, read by :func:`parse_answers`): ``"pieces"`` (maximal
        affine pieces, d >= 2), ``"boundary"`` (decision boundary or class cells), ``"extrema"`` and
        ``"lipschitz"`` (exact, with certificate documents attached; only within the budget of
        :func:`~reluexact.report.answer_sections.verification_in_budget`, else a line saying how to
        run them from the command line). Default: all.
    stem : str
        Stem of the figure and data file names.

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
        provenance=provenance,
        rationalization=rationalization,
        extra_counts=extra_counts,
        extra_sections=extra_sections,
        answers=answers,
        stem=stem,
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
    provenance: str | None = None,
    rationalization: RationalizationCertificate | None = None,
    extra_counts: Sequence[HeadlineCount] = (),
    extra_sections: Sequence[ReportSection] = (),
    answers: str | Iterable[str] | None = None,
    stem: str = "report",
) -> ReportData:
    """Like :func:`render_report` but returns the computed data and files too (:class:`ReportData`).

    Examples
    --------
    >>> data = build_report(TwoLayerReLU([[1, 0]], [0], [[1]], [0]), domain="-1,1;-1,1")
    >>> len(data.rows), data.edges
    (2, [(1, 2)])
    >>> {c.key: c.value for c in data.counts}["regions"], sorted(data.files)[3:]
    (2, ['report-decision.pdf', 'report.data.json', 'report.regions.csv'])
    >>> sorted(data.files)[:3]  # the verification section's certificates, attached to the PDF
    ['report-cert-lipschitz-f1.json', 'report-cert-max-f1.json', 'report-cert-min-f1.json']
    """
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"a report needs a TwoLayerReLU, got {type(net).__name__}")
    if isinstance(max_regions, bool) or not isinstance(max_regions, int) or max_regions < 0:
        raise InvalidArgument(f"max_regions must be a non-negative integer, got {max_regions!r}")
    if not stem or not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in stem):
        raise InvalidArgument(f"stem must be letters, digits, '.', '_' and '-', got {stem!r}")
    check_budget(region_budget, names=("region_budget", "time_limit"))
    asked = parse_answers(answers)
    if number_format is None:
        weights = [*(v for row in net.W for v in row), *net.b, *(v for row in net.A for v in row), *net.c]
        number_format = default_number_format(weights)
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

    if chosen_box:
        reason = {
            1: "chosen automatically: a box containing every knot, so every linear piece appears",
            2: "chosen automatically: a box containing every vertex of the arrangement, so each region of "
            "$\\mathbb{R}^2$ appears once",
        }.get(d, "no domain was given, so all of $\\mathbb{R}^d$")
        domain_text = f"$D = {box_latex}$ ({reason})"
    else:
        domain_text = f"$D = {box_latex}$"
    summary_at = len(doc._body)

    doc.section("The network", label="sec:network")
    doc.add(network_section(net, printer))
    doc.section("Weights", label="sec:weights")
    doc.add(weights_table(net, printer, max_rows=None if net.n_hidden <= 64 else 40))

    if d == 1:
        findings = _one_dimensional(net, box, printer, doc, certification, data, figures=figures, stem=stem)
    else:
        findings = _many_dimensional(
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
            stem=stem,
            answers=asked,
        )
    sections = list(extra_sections)
    if asked & {"extrema", "lipschitz"}:
        sections.insert(
            0,
            verification_section(
                net,
                box,
                printer,
                regions=len(data.rows) if d >= 2 else None,
                stem=stem,
                extrema="extrema" in asked,
                lipschitz_constants="lipschitz" in asked,
            ),
        )
    counts = [*findings.counts, *extra_counts]
    attached: list[tuple[str, str, bytes]] = []
    for extra in sections:
        _add_section(doc, extra)
        counts.extend(extra.counts)
        for file_name, description, content in extra.attachments:
            doc.attach(file_name, description)
            attached.append((file_name, description, content))
    data.counts = tuple(counts)

    data_name, csv_name = f"{stem}.data.json", f"{stem}.regions.csv"
    doc.section("Exact data", label="sec:data")
    doc.add(
        "This PDF carries the exact data as attached files (open the attachments panel of a PDF viewer, or run "
        f"\\texttt{{pdfdetach -saveall}}); they are also written next to the \\texttt{{.tex}} file.\n"
        "\\begin{description}\n"
        f"\\item[\\texttt{{{latex_escape(data_name)}}}] the network (exact weights), the domain, every count of "
        "the summary page and, for every region, its activation pattern, exact interior point and exact affine "
        "map (JSON, numbers as \\texttt{p/q} strings, region ids from 0: R1 is id 0)"
        + (", and the exact value of every tagged number." if printer.number_format.mode == "decimal" else ".")
        + f"\n\\item[\\texttt{{{latex_escape(csv_name)}}}] the regions as a table, one row per region.\n"
        + "".join(
            f"\\item[\\texttt{{{latex_escape(file_name)}}}] {latex_escape(description)}.\n"
            for file_name, description, _ in attached
        )
        + "\\end{description}"
    )
    doc.attach(data_name, "exact report data (JSON)")
    doc.attach(csv_name, "exact regions (CSV)")

    doc.section("Certification summary", label="sec:certification")
    doc.add(certification_section(certification))
    appendix = printer.appendix_latex()
    doc.add_appendix(appendix)

    # the summary page, now that the counts are known, goes first
    facts = [
        ("Inputs, hidden units, outputs", f"$d = {d}$, $n = {net.n_hidden}$, $m = {net.output_dim}$"),
        ("Model", latex_escape(name, max_length=300) if name else "--"),
        ("Provenance", latex_escape(provenance, max_length=300) if provenance else "given as exact rationals"),
        ("Rationalisation", rationalisation_text(net, rationalization)),
        ("Domain", domain_text),
        ("Numbers", printer.number_format.describe(tagged=bool(appendix))),
    ]
    summary = [
        "\\section{Summary}\\label{sec:summary}",
        "{\\small\\noindent " + facts_table(facts) + "\n\n\\medskip\\noindent " + counts_table(counts) + "\\par}",
    ]
    if findings.main_figure:
        summary.append(findings.main_figure)
    summary.append(
        "{\\small Every count above is computed exactly by the library and is in the attached data "
        "(Section~\\ref{sec:data}).}\n\n\\tableofcontents"
    )
    for offset, block in enumerate(summary):
        doc._body.insert(summary_at + offset, block)

    data.data = report_data(
        net,
        box=box,
        number_format=str(printer.number_format),
        summary={c.key: c.value for c in counts},
        rows=data.rows,
        edges=data.edges,
        exact_values=printer.exact_values,
        name=name,
    )
    data.files[data_name] = data_json_text(data.data).encode("utf-8")
    data.files[csv_name] = regions_csv(data.rows).encode("utf-8")
    data.files.update((file_name, content) for file_name, _, content in attached)  # after the report's own data
    data.tex = doc.render()
    data.certification = {"items": [what for what, _how in certification]}
    return data


def _one_dimensional(
    net: TwoLayerReLU,
    box: Any,
    printer: NumberPrinter,
    doc: LatexDocument,
    certification: list[tuple[str, str]],
    data: ReportData,
    *,
    figures: bool,
    stem: str,
) -> _Findings:
    from reluexact.oned.equivalence import minimal_width
    from reluexact.oned.spline import AFFINE_ACTING, DEAD, SHAPING, spline_form

    findings = _Findings()
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
        if domain is not None:
            findings.counts += [
                HeadlineCount("pieces", "linear pieces of f on D", form.n_pieces),
                HeadlineCount("break_points", "break points inside D", len(form.break_points)),
                HeadlineCount("shaping_units", "units shaping f (knot inside)", len(form.units_with_role(SHAPING))),
                HeadlineCount("dead_units", "dead units (never active)", len(form.units_with_role(DEAD))),
                HeadlineCount("affine_units", "affine units (always active)", len(form.units_with_role(AFFINE_ACTING))),
                HeadlineCount("minimal_width", "minimal width of f on D", minimal),
            ]
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
    if figures:
        plot = function_plot(net, interval=(lo, hi))
        caption = (
            "$f$ on the domain (exact break points), its knots by orientation, and the contribution "
            "$a_i \\relu(w_i x + b_i)$ of each unit."
        )
        if len(plot.knots) <= MAX_TIKZ_KNOTS:
            findings.main_figure = _figure(_scaled(function_plot_tikz(plot)), caption, "fig:function")
        else:
            name = _figure_file(data, f"{stem}-function.pdf", function_pdf(net, interval=(lo, hi)))
            findings.main_figure = _file_figure(name, caption, "fig:function")
    doc.section("Strict partial order of the knots", label="sec:order")
    hasse = knot_order(net, domain=(lo, hi), transitive_reduction=True)
    doc.add(
        knot_order_section(
            knot_chains(net, domain=(lo, hi)),
            hasse.number_of_edges(),
            f"the domain $[{printer.latex(lo)}, {printer.latex(hi)}]$",
        )
    )
    caption = (
        "Hasse diagram of the strict partial order of the units on the domain: an arrow $i \\to j$ means "
        "$i \\prec j$. Upper row: right-facing units (blue), lower row: left-facing units (red), each at the rank "
        "of its knot; units sharing a knot are stacked."
    )
    picture = hasse_diagram_tikz(hasse) if figures else ""
    if picture:
        doc.add(_figure(_scaled(picture), caption, "fig:order"))
    elif figures:
        _order_figure(
            doc,
            data,
            hasse,
            stem,
            "Hasse diagram of the strict partial order of the units on the domain (arrows point from "
            "$i$ to $j$ when $i \\prec j$; blue: right-facing, red: left-facing).",
        )
    return findings


def _touches_boundary_2d(polygon: Sequence[Sequence[Fraction]], box: Any) -> bool:
    """Whether a polygon inside the box has an edge on the box's boundary. Exact."""
    (x0, x1), (y0, y1) = box
    for p, q in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (p[0] == q[0] and p[0] in (x0, x1)) or (p[1] == q[1] and p[1] in (y0, y1)):
            return True
    return False


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
    stem: str,
    answers: frozenset[str],
) -> _Findings:
    from reluexact.order import SHAPING, active_status
    from reluexact.regions import RegionsResult, coincident_hyperplanes

    findings = _Findings()
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
    result_domain = getattr(regions, "domain", None)
    region_objects = list(regions)
    # the rows (and so the labels R1, R2, ...) of the table, the maps and plot_region_map: one function.
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

    # headline counts
    status = active_status(net, domain=box)
    shaping = [i for i, s in enumerate(status) if s == SHAPING]
    touching: list[RegionRow] | None = None
    if d == 2 and box is not None and rows and all(row.polygon for row in rows):
        touching = [row for row in rows if row.polygon and _touches_boundary_2d(row.polygon, box)]
    elif box is not None and region_objects and all(getattr(o, "facets", None) is not None for o in region_objects):
        sides = {
            getattr(o, "id", None) for o in region_objects if any(getattr(f, "kind", None) == "side" for f in o.facets)
        }
        touching = [row for row in rows if row.source_id in sides]
    bounded: int | None = None
    bounded_note = ""
    if not complete:
        bounded_note = "the enumeration is PARTIAL"
    elif box is None and result_domain is not None:
        from reluexact.regions import n_bounded_regions

        try:
            bounded = n_bounded_regions(regions)  # type: ignore[arg-type]
        except (InvalidArgument, TypeError, AttributeError):
            bounded_note = "not decided for these regions"
    elif d == 2:
        bounded = _arrangement_counts_2d(net)[1]
        if chosen_box and touching is not None:  # the box holds every vertex strictly inside
            inner = len(rows) - len(touching)
            certification.append(
                (
                    "Bounded regions",
                    f"Zaslavsky's count of bounded regions of the line arrangement gives {bounded}; the regions not "
                    f"touching the boundary of the box, which holds every vertex, number {inner}: "
                    f"{'agrees' if inner == bounded else 'DISAGREES'}.",
                )
            )
    else:
        bounded_note = "not computed inside a given box"
    counts = [
        HeadlineCount("regions", "activation regions in D", len(rows), "" if complete else "PARTIAL"),
        HeadlineCount("bounded_regions", "bounded regions (whole space)", bounded, bounded_note),
    ]
    if touching is not None:
        counts.append(HeadlineCount("boundary_regions", "regions touching the boundary", len(touching)))
    counts += [
        HeadlineCount(
            "hyperplanes_meeting_domain",
            "distinct hyperplanes meeting D",
            sum(1 for group in coincident_hyperplanes(net) if set(group) & set(shaping)),
        ),
        HeadlineCount("shaping_units", "units cut by their hyperplane", len(shaping)),
        HeadlineCount("dead_units", "dead units (never active in D)", status.count("dead")),
        HeadlineCount("affine_units", "affine units (active on all D)", status.count("affine-acting")),
        HeadlineCount(
            "adjacent_pairs",
            "pairs of adjacent regions",
            len(edge_list) if (edge_list or d == 2) else None,
            "" if (edge_list or d == 2) else "no adjacency information",
        ),
    ]
    findings.counts = counts

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
            "strictly inside it and the affine map."
            + (
                f" The table lists the first {len(shown)}; all {len(rows)} are in the attached data "
                f"(Section~\\ref{{sec:data}})"
                + (f" and in \\texttt{{{latex_escape(data.json_name)}}}" if data.json_name else "")
                + "; Table~\\ref{tab:extremes} names the extremes."
                if data.truncated
                else ""
            )
        )
        doc.add(region_table(shown, printer, total=len(rows)))
        if len(rows) > 1:
            areas = (
                {row.index: polygon_area(row.polygon) for row in rows if row.polygon}
                if d == 2 and all(row.polygon for row in rows)
                else None
            )
            doc.add(extremes_table(rows, printer, areas=areas, touching=touching))
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
            drawn = adjacency_pdf(rows, edge_list) if figures and d > 2 else None
            if drawn is not None:
                name = _figure_file(data, f"{stem}-adjacency.pdf", drawn)
                doc.add(
                    _file_figure(
                        name,
                        "The adjacency graph: one node per region (labels as in Table~\\ref{tab:regions}), an edge "
                        "for every shared facet. The layout is for reading only.",
                        "fig:adjacency",
                        height="0.45\\textheight",
                    )
                )
        else:
            doc.add("No adjacency information was given for these regions.")
    if "pieces" in answers and complete and rows and isinstance(regions, RegionsResult):
        section = pieces_section(net, regions, label_of={row.source_id: row.label for row in rows})
        _add_section(doc, section)
        at = next((k for k, c in enumerate(findings.counts) if c.key == "regions"), -1) + 1
        findings.counts[at:at] = section.counts  # next to the activation regions on the summary page
    decision = (
        _decision(net, box, regions, rows, printer, doc, findings, data, complete=complete, figures=figures, stem=stem)
        if "boundary" in answers
        else None
    )
    doc.section("Hyperplane families", label="sec:families")
    from reluexact.regions.families import parallel_families

    doc.add(hyperplane_section(net, printer, parallel_families(net)))
    doc.section("Strict partial order of the active half-spaces", label="sec:order")
    doc.add(partial_order_section(net, box, printer))
    if figures:
        from reluexact.order import half_space_order

        _order_figure(
            doc,
            data,
            half_space_order(net, domain=box, transitive_reduction=True),
            stem,
            "Hasse diagram of the strict partial order of the active half-spaces on the domain: an arrow "
            "$i \\to j$ means $i \\prec j$ (unit numbers from 1).",
            height="0.5\\textheight",
        )
    if figures:
        findings.main_figure = _main_map(
            net, box, rows, edge_list, printer, data, color_by=color_by, stem=stem, decision=decision is not None
        )
    return findings


_DECISION_CAPTION = (
    "The decision map from exact polygons: the cells where the network decides one way or the other (one output: "
    "$f > 0$ blue, $f < 0$ orange; several: argmax classes), the decision boundary in black, the region outlines "
    "in white and the hyperplanes $H_i$ in grey."
)


def _decision(
    net: TwoLayerReLU,
    box: Any,
    regions: Any,
    rows: Sequence[RegionRow],
    printer: NumberPrinter,
    doc: LatexDocument,
    findings: _Findings,
    data: ReportData,
    *,
    complete: bool,
    figures: bool,
    stem: str,
) -> str | None:
    """Add the decision-boundary (m = 1) or class-cell section, its counts to the summary; return its text, or
    None when there is no complete enumeration to compute it from."""
    from reluexact.regions import RegionsResult

    d = net.input_dim
    if not complete or not isinstance(regions, RegionsResult) or not rows:
        return None
    if len(rows) > (MAX_POLYGON_REGIONS if d == 2 else MAX_DECISION_REGIONS):
        return None
    figure = ""
    if figures and d == 2 and len(rows) <= MAX_TIKZ_REGIONS:  # the summary shows the TikZ region map
        name = _figure_file(
            data, f"{stem}-decision.pdf", figure_pdf(plot_decision_map(net, box=box, result=regions).figure)
        )
        figure = _file_figure(name, _DECISION_CAPTION, "fig:decision")
    elif figures:  # the summary's figure is the decision map (of the plane, or of the slice)
        figure = "The decision map is Figure~\\ref{fig:map} on the summary page" + (
            " (for d > 2, of the 2-D slice through the centre of the domain)." if d > 2 else "."
        )
    section = decision_section(net, regions, printer, figure=figure)
    _add_section(doc, section)
    findings.counts.extend(section.counts)
    return section.latex


def _main_map(
    net: TwoLayerReLU,
    box: Any,
    rows: Sequence[RegionRow],
    edge_list: Sequence[tuple[int, int]],
    printer: NumberPrinter,
    data: ReportData,
    *,
    color_by: str,
    stem: str,
    decision: bool,
) -> str:
    """The summary page's figure: the region map (d = 2) or the map of a 2-D slice (d > 2).

    Small 2-D maps are TikZ (exact vertices, labels R1, R2, ...); otherwise the decision map of
    :mod:`reluexact.report.maps` (regions, hyperplanes, decision boundary) as a vector PDF, or the
    region map coloured by the gradient when there is no decision map.
    """
    colour = "coloured by the norm of the gradient" if color_by == "gradient" else "one colour per activation pattern"
    d = net.input_dim
    if d == 2:
        if not rows or not all(row.polygon for row in rows) or len(rows) > MAX_MAP_REGIONS:
            return ""
        if len(rows) <= MAX_TIKZ_REGIONS:
            picture = region_map(net, box=box, regions=list(rows), color_by=color_by, edges=edge_list)
            return _figure(
                _scaled(region_map_tikz(picture)),
                f"The {len(rows)} regions inside the domain ({colour}), drawn from their exact vertices; black lines "
                "are the hyperplanes $H_i$, labels refer to Table~\\ref{tab:regions}, dotted red lines join adjacent "
                "regions.",
                "fig:map",
            )
        name = f"{stem}-map.pdf"
        if decision:
            _figure_file(data, name, figure_pdf(plot_decision_map(net, box=box).figure))
            return _file_figure(name, f"The {len(rows)} regions inside the domain. " + _DECISION_CAPTION, "fig:map")
        _figure_file(data, name, region_map_pdf(net, box=box, regions=list(rows), color_by=color_by))
        return _file_figure(
            name,
            f"The {len(rows)} regions inside the domain ({colour}), drawn from their exact vertices, with the "
            "hyperplanes $H_i$ (vector graphics: zoom in).",
            "fig:map",
        )
    from reluexact.answers import slice_box, slice_network

    i, j = 0, 1
    centre = tuple((lo + hi) / 2 for lo, hi in box) if box is not None else tuple(Fraction(0) for _ in range(d))
    directions = [tuple(Fraction(int(k == axis)) for k in range(d)) for axis in (i, j)]
    plane = slice_network(net, centre, directions)
    if box is not None:  # the domain box seen in the slice: exactly its sides i and j, shifted by the centre
        corners = [[box[k][end] if k in (i, j) else centre[k] for k in range(d)] for end in (0, 1)]
        shown = slice_box(centre, directions, corners, padding=0).bounds
    else:  # a square holding every vertex of the slice's arrangement, so the picture is legible
        (x0, x1), (y0, y1) = default_box(plane)
        shown = ((min(x0, y0), max(x1, y1)), (min(x0, y0), max(x1, y1)))
    from reluexact.regions import regions as enumerate_regions

    cut = enumerate_regions(plane, domain=[tuple(side) for side in shown], progress=False)
    if len(cut) > MAX_MAP_REGIONS:
        return ""
    name = f"{stem}-slice.pdf"
    labels = (f"$s$ (along $x_{{{i + 1}}}$)", f"$t$ (along $x_{{{j + 1}}}$)")
    if decision:
        drawn = plot_decision_map(plane, box=[tuple(side) for side in shown], result=cut)
        drawn.axes.set_xlabel(labels[0])
        drawn.axes.set_ylabel(labels[1])
        _figure_file(data, name, figure_pdf(drawn.figure))
        colour = "the decision cells, the decision boundary in black, region outlines in white"
    else:
        _figure_file(
            data,
            name,
            region_map_pdf(
                plane,
                box=shown,
                regions=cut,
                color_by=color_by,
                title=f"slice through the centre: {len(cut)} regions",
                axis_labels=labels,
            ),
        )
    centre_latex = ", ".join(printer.latex(v) for v in centre)
    return _file_figure(
        name,
        f"The 2-D slice $\\mathbf{{x}} = \\mathbf{{x}}_0 + s\\,e_{{{i + 1}}} + t\\,e_{{{j + 1}}}$ through the "
        f"centre $\\mathbf{{x}}_0 = ({centre_latex})$ of the domain: the slice is the 2-D network with weights "
        f"$W U$ and biases $W \\mathbf{{x}}_0 + b$ ($U = [e_{{{i + 1}}}, e_{{{j + 1}}}]$); its {len(cut)} regions "
        f"({colour}) and the traces of the hyperplanes $H_i$.",
        "fig:map",
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
    provenance: str | None = None,
    rationalization: RationalizationCertificate | None = None,
    extra_counts: Sequence[HeadlineCount] = (),
    extra_sections: Sequence[ReportSection] = (),
    answers: str | Iterable[str] | None = None,
    keep_log: bool = False,
) -> Path:
    """Write the report to ``path`` (``.tex``) atomically with its figures and data files, optionally the PDF.

    Next to the ``.tex``: the figures it includes (``<stem>-map.pdf`` and the like), the
    exact data ``<stem>.data.json`` and ``<stem>.regions.csv`` (also attached to the PDF),
    and, when the region table is cut at ``max_regions``, ``<stem>.regions.json`` (every
    region, exact ``"p/q"`` strings). With ``pdf=True`` the PDF is compiled next to the
    ``.tex`` by :func:`~reluexact.report.compile.compile_pdf` (pdflatex, no shell escape,
    time limit) and its path is returned.

    Parameters
    ----------
    net, domain, name, max_regions, region_budget, number_format, regions, edges, color_by, figures
        As for :func:`render_report`.
    provenance, rationalization, extra_counts, extra_sections, answers
        As for :func:`render_report`.
    path : path
        The ``.tex`` file to write.
    pdf : bool
        Also compile to PDF.
    time_limit : float
        Seconds allowed for the PDF compilation.
    keep_log : bool
        Keep the TeX log next to the PDF.

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
    >>> sorted(p.name for p in out.parent.iterdir())
    ['r-cert-lipschitz-f1.json', 'r-cert-max-f1.json', 'r-cert-min-f1.json', 'r.data.json', 'r.regions.csv', 'r.tex']
    """
    check_budget(time_limit=time_limit)
    target = Path(path)
    if not target.name:
        raise InvalidArgument(f"the report path {str(path)!r} has no file name; give one such as report.tex")
    json_name = target.with_suffix(".regions.json").name
    stem = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in target.stem) or "report"
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
        provenance=provenance,
        rationalization=rationalization,
        extra_counts=extra_counts,
        extra_sections=extra_sections,
        answers=answers,
        stem=stem,
    )
    # the .tex is replaced last, and only once the PDF (when asked) compiled: a failed run replaces nothing
    with staged_output(target) as staged_tex:
        write_text_atomic(staged_tex, data.tex)
        written = target
        if pdf:
            from reluexact.report.compile import compile_pdf

            written = compile_pdf(
                staged_tex,
                output=target.with_suffix(".pdf"),
                time_limit=time_limit,
                keep_log=keep_log,
                extra_files=data.files,
                display_name=target.name,
            )
        for file_name, content in data.files.items():
            write_bytes_atomic(target.with_name(file_name), content)
        if data.truncated:
            write_text_atomic(
                target.with_name(json_name), json.dumps(report_regions_to_json(data.rows, data.edges), indent=1)
            )
    return written
