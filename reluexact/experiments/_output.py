"""Shared plumbing of the experiments: output folders, JSON, console tables, figures, PDF.

Private to :mod:`reluexact.experiments`.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from reluexact.atomic import atomic_write
from reluexact.errors import InvalidArgument, ReluexactError
from reluexact.rational import format_fraction

__all__ = [
    "ExperimentResult",
    "finish_experiment",
    "format_table",
    "json_ready",
    "prepare_outdir",
    "write_json",
    "write_text",
]


@dataclass(frozen=True, slots=True, eq=False)
class ExperimentResult:
    """What an experiment wrote and computed.

    Attributes
    ----------
    name : str
        The experiment's short name (also the stem of its files).
    summary : dict
        Every number the experiment produced, JSON-ready (the content of ``json_path``).
    outdir : pathlib.Path
        The folder everything was written to.
    json_path, tex_path : pathlib.Path
    pdf_path : pathlib.Path or None
        None when no TeX engine was available (or ``pdf=False``); then ``pdf_note`` says why.
    figures : tuple of pathlib.Path
        PNG files, each with its vector twin (same name, ``.pdf``; :attr:`vector_figures`) next
        to it: the report includes the vector ones.
    pdf_note : str
    """

    name: str
    summary: dict[str, Any] = field(repr=False)
    outdir: Path
    json_path: Path = field(repr=False)
    tex_path: Path = field(repr=False)
    pdf_path: Path | None = field(repr=False)
    figures: tuple[Path, ...] = field(repr=False)
    pdf_note: str = field(default="", repr=False)

    @property
    def vector_figures(self) -> tuple[Path, ...]:
        """The vector (PDF) twins of :attr:`figures` that were written, in the same order."""
        return tuple(twin for twin in (path.with_suffix(".pdf") for path in self.figures) if twin.is_file())

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file written."""
        written = [self.json_path, self.tex_path, *self.figures, *self.vector_figures]
        if self.pdf_path is not None:
            written.append(self.pdf_path)
        return tuple(written)


def prepare_outdir(outdir: str | os.PathLike[str]) -> Path:
    """Create the output folder (and parents); refuse a path that is a file."""
    path = Path(outdir)
    if path.exists() and not path.is_dir():
        raise InvalidArgument(f"{path} exists and is not a folder; choose another --outdir")
    path.mkdir(parents=True, exist_ok=True)
    (path / "figures").mkdir(exist_ok=True)
    return path


def json_ready(value: Any) -> Any:
    """Fractions to ``"p/q"`` strings, tuples to lists, numpy scalars to Python, NaN/inf to None."""
    if isinstance(value, Fraction):
        return format_fraction(value)
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return json_ready(value.item())
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def write_text(path: Path, text: str) -> Path:
    """Write text atomically (temporary file in the same folder, then ``os.replace``)."""
    from reluexact.atomic import write_text_atomic

    return write_text_atomic(path, text)


def write_json(path: Path, data: dict[str, Any]) -> Path:
    """Write ``data`` (made JSON-ready) atomically, indented, keys in insertion order."""
    return write_text(path, json.dumps(json_ready(data), indent=1, allow_nan=False) + "\n")


def save_figure(figure: Any, path: Path) -> Path:
    """Save a matplotlib Figure as PNG (``path``) and as vector PDF next to it, atomically; return ``path``.

    The PDF (:func:`reluexact.report.pdf_figures.figure_pdf`, the figures of ``reluexact report``)
    is what the experiment's report includes; the PNG is for quick viewing. No pyplot, no global state.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from reluexact.report.pdf_figures import figure_pdf

    FigureCanvasAgg(figure)
    with atomic_write(path, binary=True) as handle:
        figure.savefig(handle, dpi=110, format="png")
    with atomic_write(path.with_suffix(".pdf"), binary=True) as handle:
        handle.write(figure_pdf(figure))
    return path


def new_figure(*, width: float = 6.4, height: float = 4.0, nrows: int = 1, ncols: int = 1) -> tuple[Any, Any]:
    """A matplotlib Figure and its axes, without pyplot."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=False)
    return figure, axes


def compile_report(tex_path: Path, *, pdf: bool, files: dict[str, bytes] | None = None) -> tuple[Path | None, str]:
    """Compile to PDF when asked and a TeX engine is present; return (pdf or None, note).

    ``files`` are the figures the document includes, by their name relative to the ``.tex``.
    """
    if not pdf:
        return None, "PDF not requested"
    from reluexact.report.compile import compile_pdf, find_tex_engine

    try:
        find_tex_engine()
    except ReluexactError as error:
        return None, f"no TeX engine, wrote the .tex only ({error})"
    return compile_pdf(tex_path, extra_files=files), "compiled with a local TeX engine"


def finish_experiment(
    folder: Path,
    name: str,
    summary: dict[str, Any],
    *,
    latex: Callable[[dict[str, Any]], str],
    figures: Sequence[Path],
    started: float,
    pdf: bool,
) -> ExperimentResult:
    """Record the total time in ``summary``, write ``name``.json and .tex (and the PDF when asked).

    ``latex`` renders the report from the finished summary (which then has ``seconds_total``);
    ``started`` is the :func:`time.perf_counter` reading taken when the experiment began.

    Examples
    --------
    >>> import tempfile, time
    >>> folder = prepare_outdir(tempfile.mkdtemp())
    >>> result = finish_experiment(folder, "tiny", {"runs": []}, latex=lambda s: "% report", figures=[],
    ...                            started=time.perf_counter(), pdf=False)
    >>> [p.name for p in result.files], result.summary["seconds_total"] >= 0, result.pdf_note
    (['tiny.json', 'tiny.tex'], True, 'PDF not requested')
    """
    from reluexact.report.document import with_figures

    summary["seconds_total"] = time.perf_counter() - started
    json_path = write_json(folder / f"{name}.json", summary)
    # the PDF contains its figures as vector graphics (the same machinery as ``reluexact report``): each
    # figure's PDF twin when there is one, named relative to the .tex
    shown = [twin if (twin := path.with_suffix(".pdf")).is_file() else path for path in figures]
    included = {path.relative_to(folder).as_posix(): path for path in shown if path.is_relative_to(folder)}
    captions = [(relative, _caption(path)) for relative, path in included.items()]
    tex_path = write_text(folder / f"{name}.tex", with_figures(latex(summary), captions))
    pdf_path, note = compile_report(
        tex_path, pdf=pdf, files={relative: path.read_bytes() for relative, path in included.items()}
    )
    return ExperimentResult(
        name=name,
        summary=summary,
        outdir=folder,
        json_path=json_path,
        tex_path=tex_path,
        pdf_path=pdf_path,
        figures=tuple(figures),
        pdf_note=note,
    )


_CAPTIONS = {
    "fits": "The trained networks and the target; knots marked by orientation.",
    "knots": "Knot positions of the trained networks (the domain shaded).",
    "errors": "Errors and training losses.",
}


def _caption(path: Path) -> str:
    """A figure's caption from its file name (``demo_fits.png``: the fits), LaTeX-safe."""
    from reluexact.report.escape import latex_escape

    kind = path.stem.rpartition("_")[2]
    return _CAPTIONS.get(kind, latex_escape(path.stem.replace("_", " ")) + ".")


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table with right-aligned columns (for the console).

    Examples
    --------
    >>> print(format_table(["a", "bb"], [[1, "x"], [22, "yyy"]]))
     a   bb
    --  ---
     1    x
    22  yyy
    """
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(headers))]
    lines = ["  ".join(cell.rjust(widths[k]) for k, cell in enumerate(row)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.3g}"
    if value is None:
        return "-"
    return str(value)


def sci_latex(value: float | None, digits: int = 2) -> str:
    """A float in LaTeX scientific notation (for measured, float quantities)."""
    if value is None or not math.isfinite(value):
        return "--"
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10**exponent
    if -2 <= exponent <= 2:
        return f"{value:.{max(0, digits - 1 - exponent)}f}" if exponent < digits else f"{value:.0f}"
    return f"{mantissa:.{digits - 1}f}\\cdot 10^{{{exponent}}}"
