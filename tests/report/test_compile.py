"""compile_pdf: real pdflatex runs, a missing engine, TeX errors with log lines, the time limit, shell escape off."""

from __future__ import annotations

from pathlib import Path

import pytest

from reluexact.errors import InvalidArgument, TeXError
from reluexact.report import compile as compile_module
from reluexact.report.compile import INSTALL_HINT, compile_pdf, find_tex_engine
from tests.report.conftest import pdf_pages, pdf_text

HELLO = "\\documentclass{article}\\begin{document}Hello \\ref{x}\\label{x}\\end{document}\n"


def test_compiles_a_document_next_to_the_source(tmp_path: Path, tex: None, poppler: None) -> None:
    source = tmp_path / "hello.tex"
    source.write_text(HELLO)
    pdf = compile_pdf(source)
    assert pdf == tmp_path / "hello.pdf"
    assert pdf_pages(pdf) == 1
    assert "Hello" in pdf_text(pdf)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hello.pdf", "hello.tex"]  # no aux files left here


def test_latexmk_engine_and_explicit_output(tmp_path: Path, tex: None, poppler: None) -> None:
    source = tmp_path / "hello.tex"
    source.write_text(HELLO)
    (tmp_path / "out").mkdir()
    pdf = compile_pdf(source, output=tmp_path / "out" / "x.pdf", engine="latexmk", keep_log=True)
    assert pdf.exists()
    assert (tmp_path / "out" / "x.log").exists()


def test_missing_engine_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(compile_module.shutil, "which", lambda name: None)
    source = tmp_path / "a.tex"
    source.write_text(HELLO)
    with pytest.raises(TeXError, match="apt-get install --no-install-recommends texlive-latex-base"):
        compile_pdf(source)
    assert "latexmk" in INSTALL_HINT


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="engine must be"):
        find_tex_engine("lualatex")


def test_tex_error_reports_the_log_lines(tmp_path: Path, tex: None) -> None:
    source = tmp_path / "bad.tex"
    source.write_text("\\documentclass{article}\\begin{document}\n\\undefinedmacro\n\\end{document}\n")
    with pytest.raises(TeXError, match="Undefined control sequence") as info:
        compile_pdf(source)
    assert "l.2" in str(info.value) or "report.tex:2" in str(info.value)
    assert not (tmp_path / "bad.pdf").exists()


def test_time_limit_stops_an_endless_document(tmp_path: Path, tex: None) -> None:
    source = tmp_path / "loop.tex"
    source.write_text("\\documentclass{article}\\begin{document}\\def\\x{\\x}\\x\\end{document}\n")
    with pytest.raises(TeXError, match="time limit"):
        compile_pdf(source, time_limit=3)


def test_shell_escape_is_off_even_for_raw_write18(tmp_path: Path, tex: None) -> None:
    marker = tmp_path / "executed"
    source = tmp_path / "w.tex"
    source.write_text(
        "\\documentclass{article}\\begin{document}\\immediate\\write18{touch " + str(marker) + "}x\\end{document}\n"
    )
    compile_pdf(source)
    assert not marker.exists()


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="no such"):
        compile_pdf(tmp_path / "missing.tex")
    (tmp_path / "a.tex").write_text(HELLO)
    with pytest.raises(InvalidArgument, match="time_limit"):
        compile_pdf(tmp_path / "a.tex", time_limit=0)
