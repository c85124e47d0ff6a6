"""A small builder for standalone LaTeX articles, and atomic file writing.

The preamble loads only packages of Debian's ``texlive-latex-base``,
``texlive-latex-extra`` and ``texlive-pictures`` (amsmath, amssymb, booktabs,
longtable, geometry, xcolor, tikz, pgfplots, graphicx, adjustbox, embedfile,
hyperref) and the default Computer
Modern fonts, so a report compiles on a minimal TeX installation without
generating bitmap fonts.

Examples
--------
>>> doc = LatexDocument(title="A report on <model>")
>>> doc.section("Network")
>>> doc.add(r"$f(x) = x$")
>>> source = doc.render()
>>> r"\\documentclass[11pt]{article}" in source and r"\\title{A report on \\textless{}model\\textgreater{}}" in source
True
"""

from __future__ import annotations

from collections.abc import Sequence

from reluexact.atomic import write_bytes_atomic, write_text_atomic
from reluexact.errors import InvalidArgument
from reluexact.report.escape import latex_escape

# write_text_atomic / write_bytes_atomic are reluexact.atomic's, re-exported for the report package
__all__ = [
    "PREAMBLE_PACKAGES",
    "LatexDocument",
    "figure_latex",
    "with_figures",
    "write_bytes_atomic",
    "write_text_atomic",
]

#: Packages every report loads (all in texlive-latex-base/-extra/-pictures).
PREAMBLE_PACKAGES: tuple[str, ...] = (
    "amsmath",
    "amssymb",
    "booktabs",
    "longtable",
    "array",
    "xcolor",
    "tikz",
    "pgfplots",
    "graphicx",
    "adjustbox",
    "embedfile",
)


class LatexDocument:
    """Builds a standalone ``article``: preamble, title block, sections, appendices.

    This is a builder (mutable while a report is assembled), not a value object.
    Titles and section names are *plain text* and are escaped here; bodies added
    with :meth:`add` are LaTeX the caller has already made safe.

    Parameters
    ----------
    title : str
        Plain-text title (escaped).
    author : str, optional
        Plain-text author line (escaped).
    date : str, optional
        Plain-text date (escaped); default ``\\today``.

    Examples
    --------
    >>> doc = LatexDocument(title="x")
    >>> doc.section("Weights & biases")
    >>> print(doc.body_latex())
    \\section{Weights \\& biases}
    """

    def __init__(self, *, title: str, author: str | None = None, date: str | None = None) -> None:
        self.title = title
        self.author = author
        self.date = date
        self._body: list[str] = []
        self._appendix: list[str] = []
        self._attachments: list[tuple[str, str]] = []

    def __repr__(self) -> str:
        return f"LatexDocument(title={self.title[:30]!r}, parts={len(self._body)})"

    def section(self, title: str, *, label: str | None = None, level: int = 1) -> None:
        """Start a (sub)section with a plain-text title; ``label`` must be ``[a-z0-9:-]``.

        Examples
        --------
        >>> doc = LatexDocument(title="x")
        >>> doc.section("Results", label="sec:results", level=2)
        >>> print(doc.body_latex())
        \\subsection{Results}\\label{sec:results}
        """
        command = {1: "section", 2: "subsection", 3: "subsubsection"}[level]
        text = f"\\{command}{{{latex_escape(title)}}}"
        if label is not None:
            text += f"\\label{{{_safe_label(label)}}}"
        self._body.append(text)

    def add(self, latex: str) -> None:
        """Append a block of (already safe) LaTeX to the body.

        Examples
        --------
        >>> doc = LatexDocument(title="x")
        >>> doc.add("$x^2$")
        >>> doc.body_latex()
        '$x^2$'
        """
        self._body.append(latex)

    def paragraph(self, text: str) -> None:
        """Append a paragraph of plain text (escaped).

        Examples
        --------
        >>> doc = LatexDocument(title="x")
        >>> doc.paragraph("50% of $5")
        >>> print(doc.body_latex())
        50\\% of \\$5
        """
        self._body.append(latex_escape(text))

    def attach(self, name: str, description: str) -> None:
        """Embed the file ``name`` (next to the ``.tex`` when it is compiled) in the PDF as an attachment.

        ``name`` is a relative file name of ``[A-Za-z0-9._-]``; ``description`` is plain text.

        Examples
        --------
        >>> doc = LatexDocument(title="x")
        >>> doc.attach("r.data.json", "every exact number")
        >>> r"\\embedfile[desc={every exact number}]{r.data.json}" in doc.render()
        True
        """
        if not name or not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in name):
            raise InvalidArgument(f"attachment name {name!r} must be letters, digits, '.', '_' and '-'")
        self._attachments.append((name, latex_escape(description)))

    @property
    def attachments(self) -> tuple[str, ...]:
        """The names of the files :meth:`attach` embeds.

        Examples
        --------
        >>> doc = LatexDocument(title="x")
        >>> doc.attach("r.data.json", "exact data")
        >>> doc.attachments
        ('r.data.json',)
        """
        return tuple(name for name, _ in self._attachments)

    def add_appendix(self, latex: str) -> None:
        """Append a block after the body, in the appendix.

        Examples
        --------
        >>> doc = LatexDocument(title="x")
        >>> doc.add_appendix("\\\\section{Exact values}")
        >>> "\\\\appendix" in doc.render() and doc.render().index("\\\\appendix") < doc.render().index("Exact values")
        True
        """
        if latex:
            self._appendix.append(latex)

    def body_latex(self) -> str:
        """The body blocks joined by blank lines.

        Examples
        --------
        >>> doc = LatexDocument(title="x")
        >>> doc.add("first")
        >>> doc.add("second")
        >>> doc.body_latex()
        'first\\n\\nsecond'
        """
        return "\n\n".join(self._body)

    def render(self) -> str:
        """The complete standalone document.

        Examples
        --------
        >>> tex = LatexDocument(title="A & B").render()
        >>> tex.splitlines()[1], "\\\\title{A \\\\& B}" in tex, tex.rstrip().endswith("\\\\end{document}")
        ('\\\\documentclass[11pt]{article}', True, True)
        """
        packages = "\n".join(f"\\usepackage{{{name}}}" for name in PREAMBLE_PACKAGES)
        date = "\\today" if self.date is None else latex_escape(self.date)
        author = "" if self.author is None else latex_escape(self.author)
        parts = [
            "% Generated by reluexact. Every number is exact unless the text says otherwise.",
            "\\documentclass[11pt]{article}",
            "\\usepackage[margin=2.2cm]{geometry}",
            packages,
            "\\pgfplotsset{compat=1.16}",
            "\\usepackage[hidelinks]{hyperref}",
            "\\newcommand{\\relu}{\\operatorname{relu}}",
            # a non-floating figure: the picture stays under its section heading (no float package needed)
            "\\newcommand{\\figurecaption}[1]{\\par\\medskip\\refstepcounter{figure}"
            "\\parbox{0.92\\textwidth}{\\small Figure~\\thefigure: #1}\\par}",
            "\\setlength{\\LTcapwidth}{\\textwidth}",
            "\\renewcommand{\\arraystretch}{1.3}",
            "\\allowdisplaybreaks",
            "\\sloppy",
            f"\\title{{{latex_escape(self.title)}}}",
            f"\\author{{{author}}}",
            f"\\date{{{date}}}",
            "\\begin{document}",
            *(f"\\embedfile[desc={{{desc}}}]{{{name}}}" for name, desc in self._attachments),
            # a compact title block, so a summary page holds its tables and its figure
            "\\begin{center}{\\Large\\bfseries\\csname @title\\endcsname\\par}\\smallskip"
            "{\\small\\csname @author\\endcsname\\quad\\csname @date\\endcsname\\par}\\end{center}",
            self.body_latex(),
        ]
        if self._appendix:
            parts.append("\\appendix")
            parts.extend(self._appendix)
        parts.append("\\end{document}")
        return "\n".join(parts) + "\n"


def figure_latex(name: str, caption: str, *, label: str | None = None, height: str = "0.4\\textheight") -> str:
    """A non-floating figure: the file ``name`` at the line width (at most ``height`` tall) and its caption.

    ``caption`` is LaTeX the caller made safe; ``name`` is a relative file name the document is
    compiled next to (:func:`~reluexact.report.compile.compile_pdf`'s ``extra_files``).

    Examples
    --------
    >>> print(figure_latex("figures/fits.png", "The fits."))
    \\begin{center}
    \\includegraphics[width=\\linewidth,height=0.4\\textheight,keepaspectratio]{figures/fits.png}
    \\figurecaption{The fits.}
    \\end{center}
    """
    if not name or not all(ch.isascii() and (ch.isalnum() or ch in "._-/") for ch in name) or ".." in name:
        raise InvalidArgument(f"figure file name {name!r} must be a relative path of letters, digits, '.', '_', '-'")
    tag = "" if label is None else f"\\label{{{_safe_label(label)}}}"
    return (
        "\\begin{center}\n"
        f"\\includegraphics[width=\\linewidth,height={height},keepaspectratio]{{{name}}}\n"
        f"\\figurecaption{{{caption}}}{tag}\n"
        "\\end{center}"
    )


def with_figures(tex: str, figures: Sequence[tuple[str, str]], *, title: str = "Figures") -> str:
    """``tex`` (a document of :class:`LatexDocument`) with a section of the given (file name, caption) figures.

    The section goes before the appendix (or the end of the document). A document that
    already includes graphics, or an empty list, is returned unchanged.

    Examples
    --------
    >>> doc = LatexDocument(title="x")
    >>> r"\\section{Figures}" in with_figures(doc.render(), [("a.png", "A.")])
    True
    """
    if not figures or "\\includegraphics" in tex:
        return tex
    section = f"\\section{{{latex_escape(title)}}}\\label{{sec:figures}}\n" + "\n\n".join(
        figure_latex(name, caption) for name, caption in figures
    )
    marker = "\n\\appendix\n" if "\n\\appendix\n" in tex else "\n\\end{document}"
    head, _, tail = tex.rpartition(marker)
    if not _:
        raise InvalidArgument("with_figures needs a complete LaTeX document (no \\end{document} found)")
    return head + "\n" + section + marker + tail


def _safe_label(label: str) -> str:
    cleaned = "".join(ch for ch in label if ch.isascii() and (ch.isalnum() or ch in ":-"))
    return cleaned or "label"
