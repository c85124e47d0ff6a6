"""The summary page of a report: what the network is, its headline counts, its figures.

A reviewer reads this page first. Every count on it is a :class:`HeadlineCount` computed
by the library (the same numbers go to the attached data file under their ``key``), and
other analyses add theirs without touching the report code: pass ``extra_counts`` (more
rows of the counts table) and ``extra_sections`` (:class:`ReportSection`, whole sections
after the standard ones, with counts of their own) to
:func:`reluexact.report.render.build_report`. This is the extension point for the answers
of :mod:`reluexact.answers` (maximal affine pieces, decision boundary, verification
results with their certificates) as they land.

Examples
--------
>>> counts = (HeadlineCount("regions", "activation regions in the domain", 7),)
>>> print(counts_table(counts).splitlines()[2])
activation regions in the domain & 7 \\\\
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from reluexact.model import TwoLayerReLU
from reluexact.rationalization import RationalizationCertificate
from reluexact.report.escape import latex_escape
from reluexact.report.formulas import fraction_latex

__all__ = [
    "HeadlineCount",
    "ReportSection",
    "counts_table",
    "facts_table",
    "rationalisation_text",
]


@dataclass(frozen=True, slots=True)
class HeadlineCount:
    """One count of the summary page.

    Attributes
    ----------
    key : str
        Its key in the attached data file's ``summary`` (``[a-z_]``).
    label : str
        Plain text shown in the table (escaped).
    value : int or None
        The count; None prints as a dash with ``note`` saying why.
    note : str
        Plain-text remark after the value (escaped), e.g. ``"PARTIAL"``.
    """

    key: str
    label: str
    value: int | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReportSection:
    """A whole section another analysis adds to a report (after the standard sections).

    ``title`` is plain text; ``label`` is ``[a-z0-9:-]`` (referenced as ``sec:<label>``);
    ``latex`` is the (already safe) body; ``counts`` go to the summary page and the data file;
    ``attachments`` are files ``(name, description, content)`` written next to the ``.tex`` and
    embedded in the PDF (``name`` of ``[A-Za-z0-9._-]``, ``description`` plain text), such as
    certificate documents a reviewer re-checks with ``reluexact check-certificate``.
    """

    title: str
    label: str
    latex: str
    counts: tuple[HeadlineCount, ...] = ()
    attachments: tuple[tuple[str, str, bytes], ...] = ()


def counts_table(counts: Sequence[HeadlineCount], *, columns: int | None = None) -> str:
    """The headline counts as a ``tabular`` of (label, value) pairs, ``columns`` pairs per row.

    Default: one pair per row up to six counts, two beyond (the summary page stays one page).

    Examples
    --------
    >>> print(counts_table([HeadlineCount("x", "bounded regions", None, "the domain is a box")]).splitlines()[2])
    bounded regions & -- \\emph{(the domain is a box)} \\\\
    >>> print(counts_table([HeadlineCount("a", "A", 1), HeadlineCount("b", "B", 2)], columns=2).splitlines()[2])
    A & 1 & B & 2 \\\\
    """
    if columns is None:
        columns = 1 if len(counts) <= 6 else 2
    cells = []
    for count in counts:
        value = "--" if count.value is None else str(count.value)
        note = f" \\emph{{({latex_escape(count.note)})}}" if count.note else ""
        cells.append(f"{latex_escape(count.label)} & {value}{note}")
    lines = []
    for start in range(0, len(cells), columns):
        row = cells[start : start + columns]
        row += ["&"] * (columns - len(row))
        lines.append(" & ".join(row) + " \\\\")
    label_width, value_width = (0.55, 0.38) if columns == 1 else (0.92 / columns - 0.08, 0.07)
    spec = (
        f">{{\\raggedright\\arraybackslash}}p{{{label_width:.2f}\\linewidth}}"
        f">{{\\raggedright\\arraybackslash}}p{{{value_width:.2f}\\linewidth}}"
    )
    return (
        "\\begin{tabular}{@{}" + "".join([spec] * columns) + "@{}}\n"
        "\\toprule\n" + "\n".join(lines) + "\n\\bottomrule\n\\end{tabular}"
    )


def facts_table(facts: Sequence[tuple[str, str]]) -> str:
    """What the network is: (plain-text label, LaTeX value) rows as a two-column ``tabular``.

    Examples
    --------
    >>> print(facts_table([("inputs & outputs", "$2$, $1$")]).splitlines()[2])
    inputs \\& outputs & $2$, $1$ \\\\
    """
    rows = "\n".join(f"{latex_escape(label)} & {value} \\\\" for label, value in facts)
    return (
        "\\begin{tabular}{@{}>{\\raggedright\\arraybackslash}p{0.25\\linewidth}"
        ">{\\raggedright\\arraybackslash}p{0.68\\linewidth}@{}}\n"
        "\\toprule\n" + rows + "\n\\bottomrule\n\\end{tabular}"
    )


def _is_float64(value: Fraction) -> bool:
    try:
        return Fraction(float(value)) == value
    except OverflowError:
        return False


def rationalisation_text(net: TwoLayerReLU, certificate: RationalizationCertificate | None) -> str:
    """One LaTeX sentence: how the exact weights came about, with the certified bound on what changed.

    Without a certificate the weights themselves tell: all float64 values (lossless
    rationalisation of float weights would give exactly these, bound 0) or not.

    Examples
    --------
    >>> rationalisation_text(TwoLayerReLU([[1]], ["1/3"], [[1]], [0]), None)[:39]
    'exact rationals (not all float64 values'
    """
    if certificate is not None:
        how = latex_escape(str(certificate.how))
        if certificate.is_lossless:
            return (
                f"\\texttt{{{how}}}: every float taken at its exact binary value, so the exact network computes the "
                "very function of the float weights (certified bound $\\sup |f_{\\mathrm{float}} - f| = 0$)."
            )
        if certificate.output_bound is None:
            bound = "no output bound (no box was given)"
        else:
            bound = ", ".join(f"${fraction_latex(v)}$" for v in certificate.output_bound)
            bound = f"certified $\\sup |f_{{\\mathrm{{float}}}} - f| \\le$ {bound} on the box"
        return f"\\texttt{{{how}}}: largest weight change ${fraction_latex(certificate.max_weight_change)}$; {bound}."
    values = [*(v for row in net.W for v in row), *net.b, *(v for row in net.A for v in row), *net.c]
    if all(v.denominator == 1 for v in values):
        return "integer weights (no rationalisation)."
    if all(_is_float64(v) for v in values):
        return (
            "every weight is exactly a float64 value: if the model came from float weights, they were taken at their "
            "exact binary values (lossless; certified bound $\\sup |f_{\\mathrm{float}} - f| = 0$)."
        )
    return "exact rationals (not all float64 values, so not from a lossless float rationalisation)."
