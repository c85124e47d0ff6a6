"""Escaping user text for LaTeX: exact outputs, a structural property over arbitrary text, real compiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reluexact.report.compile import compile_pdf
from reluexact.report.document import LatexDocument, write_text_atomic
from reluexact.report.escape import latex_escape, latex_text_in_math
from tests.report.conftest import pdf_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("\\", r"\textbackslash{}"),
        ("{}", r"\{\}"),
        ("$x$", r"\$x\$"),
        ("a&b", r"a\&b"),
        ("#1", r"\#1"),
        ("50%", r"50\%"),
        ("a_b", r"a\_b"),
        ("^^5c", r"\^{}\^{}5c"),
        ("~", r"\~{}"),
        ("<|>", r"\textless{}\textbar{}\textgreater{}"),
        ("--", "-{}-{}"),
        ("a\nb\r\tc", "a b  c"),
        ("\x00\x1b", "  "),
        ("é", r"{\'{e}}"),
        ("ï", r"{\"{\i}}"),
        ("λ", r"\ensuremath{\lambda}"),
        ("日", "[U+65E5]"),
        ("\u2028", " "),
    ],
)
def test_escape_exact(text: str, expected: str) -> None:
    assert latex_escape(text) == expected


def test_math_text_wraps_in_text() -> None:
    assert latex_text_in_math("$a$") == r"\text{\$a\$}"


def test_truncation_marks_the_cut() -> None:
    assert latex_escape("x" * 10, max_length=3) == "xxx..."


_ALLOWED_COMMANDS = {
    "textbackslash", "textless", "textgreater", "textbar", "ensuremath", "allowbreak", "ldots",
    "ss", "ae", "AE", "o", "O", "oe", "OE", "l", "L", "i", "j", "H", "c", "k", "r", "u", "v",
    "times", "pm", "leq", "geq", "infty",
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
    "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta",
    "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
}  # fmt: skip
_ALLOWED_SYMBOLS = set("{}$&#%_^~'`\"=.")


def _check_safe(escaped: str) -> None:
    """Every command is whitelisted, no special character is bare, braces balance, no line breaks."""
    assert "\n" not in escaped
    assert "\r" not in escaped
    depth = 0
    index = 0
    while index < len(escaped):
        char = escaped[index]
        if char == "\\":
            match = re.match(r"[A-Za-z]+", escaped[index + 1 :])
            if match:
                assert match.group() in _ALLOWED_COMMANDS, match.group()
                index += 1 + len(match.group())
                continue
            assert escaped[index + 1] in _ALLOWED_SYMBOLS, escaped[index : index + 2]
            index += 2
            continue
        assert char not in "#$%&_^~", f"bare {char!r} in {escaped!r}"
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            assert depth >= 0
        index += 1
    assert depth == 0


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("\\input{/etc/passwd}\\write18{rm -rf /}^^5c^^M%\n#$~{}")
@example("\\\\\\")
@example("}" * 5 + "{" * 5)
def test_any_text_escapes_to_safe_latex(text: str) -> None:
    _check_safe(latex_escape(text))


HOSTILE = [
    r"\input{SECRET}",
    r"\immediate\write18{touch PWNED}",
    r"\write18{touch PWNED}",
    "^^5cinput{SECRET}",
    r"\catcode`\@=0 @input{SECRET}",
    "100% of #1 costs $5 & ~{unbalanced",
    "}}}}\\end{document}",
    "line\n\nbreak\\par\\newpage",
    "unicode: α β Γ é ß ø 日本語 emoji \U0001f600 \u200b",
    "x" * 3000,
    "\\def\\x{\\x}\\x",
]


def test_hostile_strings_compile_literally_and_execute_nothing(tmp_path: Path, tex: None, poppler: None) -> None:
    secret = tmp_path / "secret.tex"
    secret.write_text("SECRETCONTENT\n")
    pwned = tmp_path / "PWNED"
    strings = [s.replace("SECRET", str(secret.with_suffix(""))).replace("PWNED", str(pwned)) for s in HOSTILE]
    doc = LatexDocument(title=strings[0], author=strings[1], date=strings[5])
    for text in strings:
        doc.section(text)
        doc.paragraph(text)
        doc.add("$" + latex_text_in_math(text) + "$")
    source = write_text_atomic(tmp_path / "hostile.tex", doc.render())
    pdf = compile_pdf(source, time_limit=60)
    text = pdf_text(pdf)
    assert "SECRETCONTENT" not in text
    assert not pwned.exists()
    assert "\\input{" in text  # printed literally
    assert "\\write18{touch" in text
    assert "100% of #1 costs $5 &" in text
