"""Outputs that never destroy (issue 14): every -o / --graph refuses what it must not replace, and Ctrl-C
leaves no partial file and says what was written."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import reluexact.atomic as atomic_module
from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 1, err
    return lines[0]


def test_convert_refuses_a_read_only_output_and_force_replaces_it(
    model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ro.json"
    out.write_bytes(b"keep me")
    out.chmod(0o444)
    assert main(["convert", str(model2d), "-o", str(out)]) == 2
    assert "ro.json: is read-only; pass --force" in _one_error_line(capsys)
    assert out.read_bytes() == b"keep me"
    assert main(["convert", str(model2d), "-o", str(out), "--force"]) == 0
    assert json.loads(out.read_text())["W"][0] == [1, 2]
    assert stat.S_IMODE(out.stat().st_mode) == 0o444


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", "{model}", "-o", "{target}"],
        ["regions", "{model}", "--graph", "{target}", "--quiet", "--box=-1,1;-1,1"],
        ["plot", "{model}", "-o", "{target}", "--force"],
        ["report", "{model}", "-o", "{target}", "--no-figures"],
        ["construct", "x", "--interval", "0", "1", "--knots", "2", "-o", "{target}"],
    ],
    ids=["convert", "regions-graph", "plot", "report", "construct"],
)
def test_every_output_option_refuses_a_fifo(
    argv: list[str], model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    assert main([a.format(model=model2d, target=fifo) for a in argv]) == 2
    assert "pipe.png: is a FIFO (named pipe), not a regular file" in _one_error_line(capsys)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _leftovers(tmp_path) == []


def test_output_through_a_symlink_to_a_device_is_refused(
    model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "out.graphml"
    link.symlink_to("/dev/null")
    assert main(["regions", str(model2d), "--graph", str(link), "--quiet", "--force"]) == 2
    assert "is a character device, not a regular file" in _one_error_line(capsys)
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_output_to_proc_self_fd_is_refused(model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "redirected.json"
    real.write_bytes(b"the shell's file")
    with real.open("rb") as handle:
        assert main(["convert", str(model2d), "-o", f"/proc/self/fd/{handle.fileno()}"]) == 2
    assert "a file descriptor" in _one_error_line(capsys)
    assert real.read_bytes() == b"the shell's file"


def test_failing_convert_allow_rounding_keeps_the_previous_good_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.npz"
    assert main(["convert", str(_save(tmp_path / "a.json", "1/3")), "-o", str(good), "--allow-rounding"]) == 0
    before = good.read_bytes()
    capsys.readouterr()
    huge = _save(tmp_path / "huge.json", 10**400)  # rounds to inf: the written file would not read back
    assert main(["convert", str(huge), "-o", str(good), "--allow-rounding"]) == 2
    assert "is beyond the float64 range" in _one_error_line(capsys)
    assert good.read_bytes() == before
    assert _leftovers(tmp_path) == []


def _save(path: Path, weight: object) -> Path:
    save_model(TwoLayerReLU([[1]], [0], [[weight]], [0]), path)
    return path


@pytest.mark.parametrize("alias", ["same", "symlink", "hardlink"])
def test_report_never_overwrites_its_input_model(
    alias: str, model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = model2d.read_bytes()
    target = model2d
    if alias != "same":
        target = tmp_path / "alias.json"
        (target.symlink_to if alias == "symlink" else target.hardlink_to)(model2d)
    assert main(["report", str(model2d), "-o", str(target), "--force"]) == 2
    assert "is the input" in _one_error_line(capsys)
    assert model2d.read_bytes() == before


def test_convert_onto_its_input_is_refused(model2d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = model2d.read_bytes()
    assert main(["convert", str(model2d), "-o", str(model2d), "--rationalize", "denominator:2"]) == 2
    assert "is the input" in _one_error_line(capsys)
    assert model2d.read_bytes() == before


def test_ctrl_c_while_writing_leaves_no_partial_file_and_says_so(
    model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.json"

    def interrupted(fd: int) -> None:  # inside the write: the data is in the temporary file
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic_module.os, "fsync", interrupted)
    assert main(["convert", str(model2d), "-o", str(out)]) == 130
    line = _one_error_line(capsys)
    assert line == f"reluexact convert: interrupted: wrote nothing; not written: {out} (no partial file left)"
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_ctrl_c_during_a_report_names_what_was_written(
    model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r.tex"
    out.write_bytes(b"old report")
    real_fsync = os.fsync
    calls = []

    def second_write_interrupted(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the companion .data.json went through, the next file is being written
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(atomic_module.os, "fsync", second_write_interrupted)
    assert main(["report", str(model2d), "-o", str(out), "--max-regions", "1", "--no-figures"]) == 130
    companion = tmp_path / "r.data.json"
    assert _one_error_line(capsys) == (
        f"reluexact report: interrupted: wrote {companion}; not written: {out} (no partial file left)"
    )
    assert companion.exists()
    assert out.read_bytes() == b"old report"
    assert _leftovers(tmp_path) == []


def test_ctrl_c_during_regions_leaves_no_graph(
    model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reluexact.regions.streaming as streaming

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(streaming, "stream_arrangement", interrupted)  # the CLI streams the regions into the file
    graph = tmp_path / "g.graphml"
    assert main(["regions", str(model2d), "--graph", str(graph), "--quiet"]) == 130
    assert _one_error_line(capsys) == (
        f"reluexact regions: interrupted: wrote nothing; not written: {graph} (no partial file left)"
    )
    assert not graph.exists()
    assert _leftovers(tmp_path) == []


def test_failing_pdf_compile_keeps_the_old_tex_and_pdf(
    model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reluexact.report.compile as compile_module
    from reluexact.errors import TeXError

    def failing(*args: object, **kwargs: object) -> Path:
        raise TeXError("pdflatex failed on r.tex (exit 1)")

    monkeypatch.setattr(compile_module, "compile_pdf", failing)
    tex, pdf = tmp_path / "r.tex", tmp_path / "r.pdf"
    tex.write_bytes(b"old tex")
    pdf.write_bytes(b"old pdf")
    assert main(["report", str(model2d), "-o", str(tex), "--pdf", "--no-figures"]) == 2
    assert "pdflatex failed" in _one_error_line(capsys)
    assert tex.read_bytes() == b"old tex"
    assert pdf.read_bytes() == b"old pdf"
    assert _leftovers(tmp_path) == []


def test_a_tex_error_names_the_report_not_its_staged_copy(
    model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import reluexact.report.compile as compile_module

    if shutil.which("pdflatex") is None:
        pytest.skip("needs pdflatex (CI installs TeX)")
    real = compile_module.compile_pdf

    def breaking(staged: Path, **kwargs: object) -> Path:
        Path(staged).write_text("\\documentclass{article}\\begin{document}\n\\undefinedmacro\n\\end{document}\n")
        return real(staged, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compile_module, "compile_pdf", breaking)
    tex = tmp_path / "r.tex"
    assert main(["report", str(model2d), "-o", str(tex), "--pdf", "--no-figures"]) == 2
    message = capsys.readouterr().err
    assert "failed on r.tex" in message  # it named the staged temporary file, '.r.tex.XXXX.tmp'
    assert ".tmp" not in message
    assert _leftovers(tmp_path) == []
