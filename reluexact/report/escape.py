"""Escape user-supplied text (model names, labels, expressions) for LaTeX.

Nothing that comes from a model file or a command line may reach TeX as markup:
:func:`latex_escape` turns *any* Python string into text that pdfLaTeX typesets
literally. Every character TeX treats specially is replaced by a command that
prints it (``\\`` becomes ``\\textbackslash{}``, ``^`` becomes ``\\^{}``, so the
``^^5c`` notation cannot smuggle a backslash in), control characters and line
breaks become spaces, and characters outside ASCII become accent commands,
Greek letters in math mode, or a visible ``[U+XXXX]`` code. The output uses
only the document's default (OT1, OMS, OML) fonts, so it never triggers bitmap
font generation.

Examples
--------
>>> print(latex_escape(r"\\input{/etc/passwd} 100% #1"))
\\textbackslash{}input\\{/etc/passwd\\} 100\\% \\#1
"""

from __future__ import annotations

import unicodedata

__all__ = ["latex_escape", "latex_text_in_math"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    # ligature-prone or active in some set-ups: print them plainly
    "-": "-{}",
    "`": r"{`}",
    "'": r"{'}",
    '"': "{''}",
}

# combining mark -> LaTeX accent command available in OT1
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0327": "c",
    "\u0328": "k",
}

_GREEK = {
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "ε": r"\epsilon",
    "ζ": r"\zeta",
    "η": r"\eta",
    "θ": r"\theta",
    "ι": r"\iota",
    "κ": r"\kappa",
    "λ": r"\lambda",
    "μ": r"\mu",
    "ν": r"\nu",
    "ξ": r"\xi",
    "π": r"\pi",
    "ρ": r"\rho",
    "σ": r"\sigma",
    "τ": r"\tau",
    "υ": r"\upsilon",
    "φ": r"\phi",
    "χ": r"\chi",
    "ψ": r"\psi",
    "ω": r"\omega",
    "Γ": r"\Gamma",
    "Δ": r"\Delta",
    "Θ": r"\Theta",
    "Λ": r"\Lambda",
    "Ξ": r"\Xi",
    "Π": r"\Pi",
    "Σ": r"\Sigma",
    "Φ": r"\Phi",
    "Ψ": r"\Psi",
    "Ω": r"\Omega",
}

_OTHER = {
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "å": r"\r{a}",
    "Å": r"\r{A}",
    "ı": r"{\i}",
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "…": r"\ldots{}",
    "×": r"\ensuremath{\times}",
    "±": r"\ensuremath{\pm}",
    "≤": r"\ensuremath{\leq}",
    "≥": r"\ensuremath{\geq}",
    "∞": r"\ensuremath{\infty}",
}

#: After this many characters without a space, a break point is allowed, so a
#: long unbroken token (a hash, a path) cannot run off the page.
_BREAK_EVERY = 24


def _unicode_char(char: str) -> str:
    if char in _OTHER:
        return _OTHER[char]
    if char in _GREEK:
        return "\\ensuremath{" + _GREEK[char] + "}"
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if base.isascii() and base.isalpha() and marks and all(mark in _ACCENTS for mark in marks):
        text = base if base not in "ij" else "\\" + base
        for mark in marks:
            text = f"\\{_ACCENTS[mark]}{{{text}}}"
        return "{" + text + "}"
    return f"[U+{ord(char):04X}]"


def latex_escape(text: object, *, max_length: int | None = None) -> str:
    """Escape any text so that LaTeX prints it literally, in text mode.

    Handles every TeX special character (``\\ { } $ & # % _ ^ ~``), the
    characters OT1 fonts print wrongly (``< > |``), control characters and line
    breaks (become spaces), and non-ASCII characters (accented Latin letters
    become accent commands, Greek letters math symbols, anything else a visible
    ``[U+XXXX]`` code). Long unbroken runs get ``\\allowbreak`` points.
    The result contains no user-controlled command: it is safe to paste into
    a document body, a table cell, a section title or ``\\text{...}``.

    Parameters
    ----------
    text : object
        The string to escape (anything else is converted with ``str``).
    max_length : int, optional
        Truncate the *input* to this many characters first, marking the cut
        with ``...``. Default: no limit.

    Returns
    -------
    str
        LaTeX source that prints ``text``.

    Examples
    --------
    >>> latex_escape("a_1 & b^2 ~ 50%")
    'a\\\\_1 \\\\& b\\\\^{}2 \\\\~{} 50\\\\%'
    >>> latex_escape("^^5c")
    '\\\\^{}\\\\^{}5c'
    >>> latex_escape("Gödel, α")
    'G{\\\\"{o}}del, \\\\ensuremath{\\\\alpha}'
    >>> latex_escape("line one\\nline two")
    'line one line two'
    >>> latex_escape("abcdefgh", max_length=5)
    'abcde...'
    """
    string = str(text)
    if max_length is not None and len(string) > max_length:
        string = string[:max_length] + "..."
    out: list[str] = []
    run = 0
    for char in string:
        if char in _SPECIAL:
            piece = _SPECIAL[char]
        elif char.isascii():
            piece = char if char.isprintable() else " "
        elif unicodedata.category(char)[0] in "CZ" and char not in _OTHER:
            piece = " "  # controls, separators (line/paragraph separators), format characters
        else:
            piece = _unicode_char(char)
        if piece == " ":
            run = 0
        else:
            run += 1
            if run > _BREAK_EVERY:
                out.append(r"\allowbreak{}")
                run = 1
        out.append(piece)
    return "".join(out)


def latex_text_in_math(text: object, *, max_length: int | None = None) -> str:
    """User text for use inside math mode: ``\\text{...}`` around :func:`latex_escape`.

    Examples
    --------
    >>> latex_text_in_math("x_1")
    '\\\\text{x\\\\_1}'
    """
    return "\\text{" + latex_escape(text, max_length=max_length) + "}"
