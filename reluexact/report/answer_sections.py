"""Report sections built from :mod:`reluexact.answers`: affine pieces, decision boundary, verification.

Each builder returns a :class:`~reluexact.report.headline.ReportSection` (its counts go to the
summary page and the attached data, its attachments into the PDF), the extension point of
:func:`~reluexact.report.render.build_report`:

* :func:`pieces_section`: the maximal affine pieces (:func:`reluexact.answers.affine_pieces`);
* :func:`decision_section`: the decision boundary {f = 0} (one output) or the argmax class cells;
* :func:`verification_section`: the exact maximum and minimum of every output over the domain
  (:func:`reluexact.answers.extrema.maximize` / ``minimize``) and its exact Lipschitz constant
  for the max-norm (:func:`reluexact.answers.lipschitz.lipschitz`) beside the usual fast bound,
  each with its certificate document attached (``reluexact check-certificate`` re-verifies it
  from the file alone) and re-verified here by :func:`reluexact.check.check_certificate`.

The searches of the last one can be slow for big networks, so a report runs them only within
:data:`VERIFY_MAX_DIM`, :data:`VERIFY_MAX_UNITS`, :data:`VERIFY_MAX_REGIONS` and
:data:`VERIFY_MAX_OUTPUTS` (:func:`verification_in_budget`); beyond, the section says how to run
them from the command line.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> from reluexact.report.numbers import NumberPrinter
>>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [-1])
>>> section = decision_section(net, regions(net, domain="-2,2"), NumberPrinter("exact"))
>>> section.title, {c.key: c.value for c in section.counts}["boundary_pieces"]
('Decision boundary', 3)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from reluexact.model import TwoLayerReLU
from reluexact.report.escape import latex_escape
from reluexact.report.headline import HeadlineCount, ReportSection
from reluexact.report.numbers import NumberPrinter

__all__ = [
    "MAX_PIECE_ROWS",
    "VERIFY_MAX_DIM",
    "VERIFY_MAX_OUTPUTS",
    "VERIFY_MAX_REGIONS",
    "VERIFY_MAX_UNITS",
    "decision_section",
    "pieces_section",
    "verification_in_budget",
    "verification_section",
]

#: Pieces listed in the body's table (every piece is in the attached data).
MAX_PIECE_ROWS = 12
#: Input dimensions up to which a report runs the exact extrema and Lipschitz searches.
VERIFY_MAX_DIM = 4
#: Hidden units up to which it runs them.
VERIFY_MAX_UNITS = 64
#: Activation regions (in the domain) up to which it runs them.
VERIFY_MAX_REGIONS = 1000
#: Outputs up to which it runs them (one search per output and sense).
VERIFY_MAX_OUTPUTS = 4


def decision_section(
    net: TwoLayerReLU, result: Any, printer: NumberPrinter, *, figure: str = "", faces: bool | None = None
) -> ReportSection:
    """The decision boundary {f = 0} (m = 1) or the argmax class cells (m >= 2) of a complete enumeration.

    ``figure`` is LaTeX for the decision map (or empty); ``faces`` computes the boundary's
    (d-2)-faces and its connected components (default: in 2-D only, where they are free).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # relu(x) - relu(y)
    >>> section = decision_section(net, regions(net, domain="-1,1;-1,1"), NumberPrinter("exact"))
    >>> section.title, {c.key: c.value for c in section.counts}  # doctest: +NORMALIZE_WHITESPACE
    ('Decision boundary', {'boundary_pieces': 1, 'zero_regions': 1, 'positive_cells': 2, 'negative_cells': 2,
     'boundary_components': 1})
    >>> "squared length $2$" in section.latex
    True
    >>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 0], [0, 1]], [0, "-1/2"])  # two outputs: class cells
    >>> section = decision_section(net, regions(net, domain="-2,2"), NumberPrinter("exact"))
    >>> section.title, [(c.key, c.value) for c in section.counts]
    ('Class cells', [('class_cells', 3), ('class_interfaces', 1), ('classes_present', 2)])
    """
    from reluexact.answers import class_cells, decision_boundary

    d = net.input_dim
    if faces is None:
        faces = d == 2
    if net.output_dim == 1:
        boundary = decision_boundary(net, result=result, faces=faces)
        positive = sum(1 for cell in boundary.cells if cell.sign > 0)
        negative = sum(1 for cell in boundary.cells if cell.sign < 0)
        counts = [
            HeadlineCount("boundary_pieces", "decision boundary pieces", len(boundary.pieces)),
            HeadlineCount("zero_regions", "regions where f = 0", len(boundary.zero_regions)),
            HeadlineCount("positive_cells", "cells with f > 0 (per region)", positive),
            HeadlineCount("negative_cells", "cells with f < 0 (per region)", negative),
        ]
        components = ""
        if faces:
            import networkx as nx

            parts = nx.number_connected_components(boundary.graph) if boundary.pieces else 0
            counts.append(HeadlineCount("boundary_components", "boundary components", parts))
            components = f" The pieces form {parts} connected component{'s' if parts != 1 else ''}."
        length = ""
        total = boundary.length_squared_total if d == 2 else None
        if d == 2 and total is not None and boundary.pieces:
            longest = max(p.length_squared or Fraction(0) for p in boundary.pieces)
            length = (
                f" The longest piece has squared length ${printer.latex(longest)}$ (exact; the data file lists "
                "every piece's end points)."
            )
        text = (
            "The decision boundary $\\{\\mathbf{x} : f(\\mathbf{x}) = 0\\}$ inside the domain, computed exactly by "
            "\\texttt{reluexact.answers.decision\\_boundary}: on each region $f$ is affine, so the boundary meets a "
            f"region in one flat piece or not at all. It has {len(boundary.pieces)} "
            f"piece{'s' if len(boundary.pieces) != 1 else ''} in {len(result)} regions; "
            f"$f \\equiv 0$ on {len(boundary.zero_regions)} region{'s' if len(boundary.zero_regions) != 1 else ''}. "
            f"The regions split into {positive} cells with $f > 0$ and {negative} with $f < 0$." + components + length
        )
        return ReportSection("Decision boundary", "boundary", text + ("\n\n" + figure if figure else ""), tuple(counts))
    cells = class_cells(net, result=result)
    counts = [
        HeadlineCount("class_cells", "class cells", len(cells.cells)),
        HeadlineCount("class_interfaces", "interfaces between classes", len(cells.interfaces)),
        HeadlineCount("classes_present", "classes owning a cell", len({c.label for c in cells.cells})),
    ]
    text = (
        "The argmax classes inside the domain, computed exactly by \\texttt{reluexact.answers.class\\_cells}: on "
        "each region the outputs are affine, so the region splits into convex cells where one output is the "
        f"largest. There are {len(cells.cells)} class cells and {len(cells.interfaces)} interfaces between "
        f"classes in {len(result)} regions."
    )
    return ReportSection("Class cells", "classes", text + ("\n\n" + figure if figure else ""), tuple(counts))


def _region_labels(ids: Sequence[int], label_of: Mapping[int, str], *, most: int = 8) -> str:
    shown = [label_of.get(k, f"R{k + 1}") for k in ids[:most]]
    return ", ".join(shown) + (f", \\dots{{}} ({len(ids)} in all)" if len(ids) > most else "")


def pieces_section(
    net: TwoLayerReLU, result: Any, *, label_of: Mapping[int, str] | None = None, max_rows: int = MAX_PIECE_ROWS
) -> ReportSection:
    """The maximal affine pieces of f in the domain of a complete enumeration ``result`` (a RegionsResult).

    ``label_of`` maps region ids to the report's labels (default ``R<id + 1>``). Counts: pieces,
    distinct affine maps, visible hyperplanes (of the distinct hyperplanes meeting the domain).

    Examples
    --------
    >>> from reluexact.regions import regions
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0]], [0])  # relu(x1) + 0 relu(x2)
    >>> section = pieces_section(net, regions(net, domain="-1,1;-1,1"))
    >>> {c.key: c.value for c in section.counts}
    {'affine_pieces': 2, 'affine_maps': 2, 'visible_hyperplanes': 1}
    """
    from reluexact.answers import affine_pieces

    pieces = affine_pieces(net, regions_result=result)
    labels = dict(label_of or {})
    groups = result.arrangement.groups
    counts = (
        HeadlineCount("affine_pieces", "maximal affine pieces in D", len(pieces)),
        HeadlineCount("affine_maps", "distinct affine maps", pieces.n_maps),
        HeadlineCount("visible_hyperplanes", "visible hyperplanes (f bends)", len(pieces.visible)),
    )
    hidden = len(groups) - len(pieces.visible)
    text = (
        "A \\emph{maximal affine piece} is a largest connected open set on which $f$ is affine, computed exactly by "
        "\\texttt{reluexact.answers.affine\\_pieces}: a hyperplane $H$ is \\emph{visible} when the gradient of $f$ "
        "jumps across it, and the pieces are the cells of the arrangement of the visible hyperplanes inside the "
        f"domain, each a union of activation regions. Here {len(pieces.visible)} of the {len(groups)} distinct "
        f"hyperplanes are visible"
        + (f" ({hidden} invisible: $f$ does not bend there)" if hidden else "")
        + f", so the {len(result)} activation regions form \\textbf{{{len(pieces)} maximal affine "
        f"piece{'s' if len(pieces) != 1 else ''}}} with {pieces.n_maps} distinct affine "
        f"map{'s' if pieces.n_maps != 1 else ''}."
    )
    if len(pieces) == len(result):
        text += " Every piece is a single activation region (Table~\\ref{tab:regions})."
        return ReportSection("Maximal affine pieces", "pieces", text, counts)
    shown = pieces.pieces[:max_rows]
    rows = "\n".join(
        f"P{p.id + 1} & M{p.map_class + 1} & {len(p.regions)} & {_region_labels(p.regions, labels)} & "
        f"{len(p.neighbors)} & {'yes' if p.bounded else 'no'} \\\\"
        for p in shown
    )
    caption = (
        f"The first {len(shown)} of the {len(pieces)} maximal affine pieces"
        if len(shown) < len(pieces)
        else f"The {len(pieces)} maximal affine pieces"
    ) + (" (map: pieces with one number M share one affine map; regions labelled as in Table~\\ref{tab:regions}).")
    table = (
        "\\begin{table}[htbp]\\centering\\small\n"
        f"\\caption{{{caption}}}\\label{{tab:pieces}}\n"
        "\\begin{tabular}{@{}llr>{\\raggedright\\arraybackslash}p{0.45\\linewidth}rl@{}}\n\\toprule\n"
        "piece & map & regions & united regions & neighbours & bounded \\\\\n\\midrule\n"
        + rows
        + "\n\\bottomrule\n\\end{tabular}\n\\end{table}"
    )
    return ReportSection("Maximal affine pieces", "pieces", text + ("\n\n" + table if shown else ""), counts)


def verification_in_budget(net: TwoLayerReLU, regions: int | None) -> bool:
    """Whether a report runs the exact extrema and Lipschitz searches for ``net`` with ``regions`` regions.

    Examples
    --------
    >>> verification_in_budget(TwoLayerReLU([[1]], [0], [[1]], [0]), 2)
    True
    >>> verification_in_budget(TwoLayerReLU([[1] * 5], [0], [[1]], [0]), 2)
    False
    """
    return (
        net.input_dim <= VERIFY_MAX_DIM
        and net.n_hidden <= VERIFY_MAX_UNITS
        and net.output_dim <= VERIFY_MAX_OUTPUTS
        and (regions is None or regions <= VERIFY_MAX_REGIONS)
    )


def _point_latex(point: Sequence[Fraction], printer: NumberPrinter) -> str:
    return "(" + ", ".join(f"${printer.latex(v)}$" for v in point) + ")"


def _document_bytes(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def verification_section(
    net: TwoLayerReLU,
    box: Sequence[tuple[Fraction, Fraction]] | None,
    printer: NumberPrinter,
    *,
    regions: int | None = None,
    stem: str = "report",
    force: bool = False,
    extrema: bool = True,
    lipschitz_constants: bool = True,
) -> ReportSection:
    """The exact extrema of each output over the box and its exact Lipschitz constant (norm inf), certified.

    ``box`` is the domain (None: R^d, where only the Lipschitz constants are computed);
    ``regions`` the number of activation regions, for the budget (:func:`verification_in_budget`;
    ``force`` runs the searches anyway); ``extrema`` and ``lipschitz_constants`` choose what is
    computed. Every certificate document is re-verified by the
    independent checker before it is attached as ``<stem>-cert-<what>-f<k>.json``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from reluexact.report.numbers import NumberPrinter
    >>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0])  # |x|
    >>> section = verification_section(net, [(Fraction(-1), Fraction(2))], NumberPrinter("exact"))
    >>> [name for name, _, _ in section.attachments]
    ['report-cert-max-f1.json', 'report-cert-min-f1.json', 'report-cert-lipschitz-f1.json']
    >>> {c.key: c.value for c in section.counts}
    {'certificates_checked': 3}
    """
    d, m = net.input_dim, net.output_dim
    domain_option = "" if box is None else " --box='" + ";".join(f"{lo},{hi}" for lo, hi in box) + "'"
    # the extrema on R^d may be infinite: the command line names a box to fill in
    extrema_option = domain_option or " --box='LO,HI'"
    if not force and not verification_in_budget(net, regions):
        text = (
            "The exact maximum, minimum and Lipschitz constant of each output were not computed for this report: "
            f"it runs these searches only for $d \\le {VERIFY_MAX_DIM}$, $n \\le {VERIFY_MAX_UNITS}$, "
            f"$m \\le {VERIFY_MAX_OUTPUTS}$ and at most {VERIFY_MAX_REGIONS} regions (this network: $d = {d}$, "
            f"$n = {net.n_hidden}$, $m = {m}$"
            + ("" if regions is None else f", {regions} regions")
            + "). Run them from the command line, each with a certificate to check:\n"
            "\\begin{quote}\\small\\raggedright\n"
            f"\\texttt{{reluexact maximize MODEL{latex_escape(extrema_option)} --output 1 --json > max.json}}\\\\\n"
            f"\\texttt{{reluexact lipschitz MODEL{latex_escape(domain_option)} --norm inf --json > lip.json}}\\\\\n"
            "\\texttt{reluexact check-certificate max.json lip.json}\n"
            "\\end{quote}"
        )
        return ReportSection(
            "Verification",
            "verification",
            text,
            (HeadlineCount("certificates_checked", "certificates attached and checked", None, "over budget"),),
        )
    from reluexact.answers.extrema import extremum_document, maximize, minimize
    from reluexact.answers.lipschitz import lipschitz, lipschitz_document
    from reluexact.check import check_certificate

    attachments: list[tuple[str, str, bytes]] = []

    def attach(document: Mapping[str, Any], what: str) -> None:
        summary = check_certificate(document)  # raises CertificateError: never attach what does not check
        attachments.append(
            (f"{stem}-cert-{what}.json", f"certificate, re-verified: {summary}", _document_bytes(document))
        )

    blocks = []
    if box is not None and extrema:
        rows = []
        for k in range(m):
            high = maximize(net, box, output=k)
            low = minimize(net, box, output=k)
            attach(extremum_document(high), f"max-f{k + 1}")
            attach(extremum_document(low), f"min-f{k + 1}")
            rows.append(
                f"$f_{{{k + 1}}}$ & ${printer.latex(high.value)}$ & {_point_latex(high.point, printer)} & "
                f"${printer.latex(low.value)}$ & {_point_latex(low.point, printer)} \\\\"
            )
        blocks.append(
            "\\begin{table}[htbp]\\centering\\small\n"
            "\\caption{The exact maximum and minimum of each output over the domain $D$ and a point attaining "
            "each (\\texttt{reluexact.answers.extrema}; exact values in the certificate files).}\\label{tab:extrema}\n"
            "\\begin{tabular}{@{}l>{\\raggedright\\arraybackslash}p{0.14\\linewidth}"
            ">{\\raggedright\\arraybackslash}p{0.27\\linewidth}>{\\raggedright\\arraybackslash}p{0.14\\linewidth}"
            ">{\\raggedright\\arraybackslash}p{0.27\\linewidth}@{}}\n\\toprule\n"
            "output & max on $D$ & attained at & min on $D$ & attained at \\\\\n\\midrule\n"
            + "\n".join(rows)
            + "\n\\bottomrule\n\\end{tabular}\n\\end{table}"
        )
    rows = []
    for k in range(m if lipschitz_constants else 0):
        constant = lipschitz(net, box, norm="inf", output=k)
        attach(lipschitz_document(constant), f"lipschitz-f{k + 1}")
        assert constant.value is not None  # norm inf: a rational
        fast = constant.fast_bound
        fast_value = Fraction(int(fast.p), int(fast.q))
        ratio = "--" if fast_value == 0 else f"${printer.latex(constant.value / fast_value)}$"
        rows.append(
            f"$f_{{{k + 1}}}$ & ${printer.latex(constant.value)}$ & ${printer.latex(fast_value)}$ & {ratio} \\\\"
        )
    where = "the domain $D$" if box is not None else f"all of $\\mathbb{{R}}^{{{d}}}$"
    if rows:
        blocks.append(
            "\\begin{table}[htbp]\\centering\\small\n"
            f"\\caption{{The exact Lipschitz constant of each output on {where} for the max-norm on inputs, "
            "$L = \\max_{\\mathbf{x}} \\|\\nabla f_k(\\mathbf{x})\\|_1$ over the regions (\\texttt{reluexact.answers."
            "lipschitz}), beside the usual fast bound $\\sum_i |a_{ki}|\\,\\|w_i\\|_1$.}\\label{tab:lipschitz}\n"
            "\\begin{tabular}{@{}lrrr@{}}\n\\toprule\n"
            "output & exact $L$ & fast bound & exact / bound \\\\\n\\midrule\n"
            + "\n".join(rows)
            + "\n\\bottomrule\n\\end{tabular}\n\\end{table}"
        )
    said = []
    if box is not None and extrema:
        said.append("Table~\\ref{tab:extrema} gives the exact extrema")
    elif extrema:
        said.append("the domain is all of $\\mathbb{R}^d$, so the extrema (which may be infinite) are not computed")
    if lipschitz_constants:
        said.append("Table~\\ref{tab:lipschitz} the exact Lipschitz constants")
    intro = (
        "Verification results, each with a certificate: a search over sign cells whose leaves cover the domain, "
        "each with an exact LP dual bound (or a proof that it is empty). "
        + (("; ".join(said))[:1].upper() + ("; ".join(said))[1:] + ". " if said else "")
        + "The certificate documents are attached to this PDF (and written next to the \\texttt{.tex}); each "
        "embeds the model and the domain and was re-verified by the independent checker \\texttt{reluexact.check} "
        "(Section~\\ref{sec:data} lists them with what each proves); a reviewer re-runs the check with "
        "\\texttt{reluexact check-certificate FILE}."
    )
    counts = (HeadlineCount("certificates_checked", "certificates attached and checked", len(attachments)),)
    return ReportSection("Verification", "verification", "\n\n".join([intro, *blocks]), counts, tuple(attachments))
