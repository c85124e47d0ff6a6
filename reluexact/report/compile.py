"""Compile a ``.tex`` report to PDF with pdfLaTeX (or latexmk), safely.

The engine runs in a fresh temporary directory (only the ``.tex`` is copied
there), with ``-no-shell-escape`` (``\\write18`` cannot run programs),
``-interaction=nonstopmode -halt-on-error`` (never waits for input), TeX's
paranoid file access (``openin_any=p``, ``openout_any=p``: no reading or
writing outside the working directory tree, no dot files) and a wall-clock
time limit after which the whole process group is killed. Failures raise
:class:`~reluexact.errors.TeXError` with the relevant lines of the TeX log.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from reluexact.errors import InvalidArgument, TeXError
from reluexact.report.document import write_bytes_atomic

__all__ = ["INSTALL_HINT", "compile_pdf", "find_tex_engine"]

#: What to tell a user whose machine has no TeX engine.
INSTALL_HINT = (
    "install with: apt-get install --no-install-recommends texlive-latex-base texlive-latex-extra "
    "texlive-pictures latexmk"
)
_ENGINES = ("pdflatex", "latexmk")
_FILE_LINE_ERROR = re.compile(r"^[^:\s]+\.(?:tex|sty|cls):\d+: ")


def _build_name(name: str) -> Path:
    """A relative file name for the build directory; refuse absolute names, ``..`` and odd characters."""
    path = Path(name)
    allowed = all(ch.isascii() and (ch.isalnum() or ch in "._-/") for ch in name)
    if not name or path.is_absolute() or ".." in path.parts or not allowed or name.startswith("."):
        raise InvalidArgument(
            f"extra file name {name!r} must be a relative path of letters, digits, '.', '_', '-' and '/' without '..'"
        )
    return path


def find_tex_engine(engine: str = "auto") -> tuple[str, str]:
    """Locate a TeX engine: ``(name, absolute path)``.

    Parameters
    ----------
    engine : {"auto", "pdflatex", "latexmk"}
        ``auto`` prefers pdflatex (run as many times as needed), then latexmk.

    Raises
    ------
    TeXError
        When no engine is installed; the message says how to install one.

    Examples
    --------
    >>> find_tex_engine()[0] in ("pdflatex", "latexmk")  # needs a TeX engine (the test command installs one)
    True
    """
    if engine not in (*_ENGINES, "auto"):
        raise InvalidArgument(f"engine must be 'auto', 'pdflatex' or 'latexmk', got {engine!r}")
    candidates = _ENGINES if engine == "auto" else (engine,)
    for name in candidates:
        path = shutil.which(name)
        if path is not None and (name != "latexmk" or shutil.which("pdflatex") is not None):
            return name, path
    wanted = "a TeX engine (pdflatex or latexmk)" if engine == "auto" else engine
    raise TeXError(f"{wanted} was not found on PATH; {INSTALL_HINT}")


def _log_excerpt(log: str, *, limit: int = 25) -> str:
    """The error lines of a TeX log: lines starting with '!' or 'file:line:' and their context."""
    lines = log.splitlines()
    keep: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith("!") or _FILE_LINE_ERROR.match(line):
            keep.extend(lines[index : index + 6])
        elif line.startswith("l.") and line[2:3].isdigit() and line not in keep:
            keep.append(line)
    if not keep:
        keep = lines[-limit:]
    return "\n".join(keep[:limit])


def _run(command: list[str], *, cwd: str, time_limit: float, total: float) -> subprocess.CompletedProcess[bytes]:
    environment = dict(os.environ)
    environment.update(
        {
            "openin_any": "p",
            "openout_any": "p",
            "shell_escape": "f",
            "TEXMFOUTPUT": cwd,
            "max_print_line": "1000",
        }
    )
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise TeXError(f"{Path(command[0]).name} exceeded the time limit of {total:g} s and was stopped") from None
    return subprocess.CompletedProcess(command, process.returncode, output, b"")


def compile_pdf(
    tex_path: str | os.PathLike[str],
    *,
    output: str | os.PathLike[str] | None = None,
    engine: str = "auto",
    time_limit: float = 120.0,
    keep_log: bool = False,
    extra_files: Mapping[str, bytes] | None = None,
    display_name: str | None = None,
) -> Path:
    """Compile a standalone ``.tex`` file to PDF in a temporary directory.

    pdflatex is run up to three times (until cross-references and longtable
    column widths settle); latexmk decides the number of runs itself. Every run
    uses ``-no-shell-escape -interaction=nonstopmode -halt-on-error`` and
    paranoid file access. The PDF is written atomically.

    Parameters
    ----------
    tex_path : path
        The document. Only this file is copied into the build directory.
    output : path, optional
        Where to put the PDF; default: next to ``tex_path`` with suffix ``.pdf``.
    engine : {"auto", "pdflatex", "latexmk"}
    time_limit : float
        Seconds for the whole compilation (all runs); the engine is killed after.
    keep_log : bool
        Also copy the ``.log`` next to the PDF.
    extra_files : mapping of str to bytes, optional
        Files the document reads (figures it includes, data files it embeds), by the
        relative name the ``.tex`` uses (``"figures/map.pdf"``); written into the build
        directory before the first run. Names must be relative, without ``..``.
    display_name : str, optional
        The document's name in error messages; default ``tex_path``'s file name. A caller that
        compiles a staged temporary copy passes the name of the file the user asked for.

    Returns
    -------
    pathlib.Path
        The PDF written.

    Raises
    ------
    TeXError
        No engine installed (with the install command), a TeX error (with the
        log lines around it), or the time limit exceeded.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "hello.tex").write_text(
    ...     "\\\\documentclass{article}\\\\begin{document}Hello\\\\end{document}\\n")
    >>> compile_pdf(folder / "hello.tex").name  # needs a TeX engine
    'hello.pdf'
    """
    source = Path(tex_path)
    if not source.is_file():
        raise InvalidArgument(f"{source}: no such .tex file")
    if time_limit <= 0:
        raise InvalidArgument(f"time_limit must be positive, got {time_limit!r}")
    shown = display_name if display_name is not None else source.name
    name, executable = find_tex_engine(engine)
    target = Path(output) if output is not None else source.with_suffix(".pdf")
    import time

    deadline = time.monotonic() + time_limit
    with tempfile.TemporaryDirectory(prefix="reluexact-tex-") as build:
        job = "report"
        shutil.copyfile(source, Path(build) / f"{job}.tex")
        for relative, content in (extra_files or {}).items():
            place = Path(build) / _build_name(relative)
            place.parent.mkdir(parents=True, exist_ok=True)
            place.write_bytes(content)
        flags = ["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
        if name == "latexmk":
            commands = [[executable, "-pdf", "-silent", f"-pdflatex=pdflatex {' '.join(flags)} %O %S", f"{job}.tex"]]
        else:
            commands = [[executable, *flags, f"{job}.tex"]] * 3
        log_path = Path(build) / f"{job}.log"
        for command in commands:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TeXError(f"{name} exceeded the time limit of {time_limit:g} s and was stopped")
            result = _run(command, cwd=build, time_limit=remaining, total=time_limit)
            log = log_path.read_text(encoding="latin-1") if log_path.exists() else result.stdout.decode("latin-1")
            if result.returncode != 0:
                raise TeXError(f"{name} failed on {shown} (exit {result.returncode}):\n{_log_excerpt(log)}")
            if name == "pdflatex" and "Rerun" not in log and "undefined references" not in log:
                break
        pdf = Path(build) / f"{job}.pdf"
        if not pdf.exists():
            raise TeXError(f"{name} produced no PDF for {shown}:\n{_log_excerpt(log)}")
        write_bytes_atomic(target, pdf.read_bytes())
        if keep_log and log_path.exists():
            write_bytes_atomic(target.with_suffix(".log"), log_path.read_bytes())
    return target
