"""``reluexact demo``: one training-solution experiment end to end, on an embedded default.

Trains two small two-layer ReLU networks on sin(x) over [0, 2 pi] (PyTorch when
installed, else the numpy backend), decodes them exactly, builds the constructive
one-sided solution with the same number of knots and the same width, and writes the
report (PDF when a TeX engine is present, else ``.tex``), PNG figures and a JSON of
every number into ``./reluexact-demo/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reluexact.experiments._output import ExperimentResult
from reluexact.experiments.oned import ONED_TARGETS, OneDSettings, run_oned_experiment

__all__ = ["DEMO_SETTINGS", "demo_summary_table", "run_demo"]

#: The embedded default of ``reluexact demo``: widths 8 and 16, 3000 full-batch Adam epochs, hyperplanes
#: initialised through random samples (``init="data"``), so that every unit starts with its knot in the data.
DEMO_SETTINGS = OneDSettings(widths=(8, 16), epochs=3000, n_samples=200, n_snapshots=5, init="data", backend="auto")


def run_demo(
    *,
    outdir: str | Path = "reluexact-demo",
    quiet: bool = False,
    pdf: bool = True,
    settings: OneDSettings | None = None,
) -> ExperimentResult:
    """Run the demo experiment (sin on [0, 2 pi]) and write its files into ``outdir``.

    Parameters
    ----------
    outdir : path
        Created if needed. Files: ``demo.json``, ``demo.tex`` (``demo.pdf``), ``figures/demo_*.png``.
    quiet : bool
        No progress bars.
    pdf : bool
        Compile the report when a TeX engine is present.
    settings : OneDSettings, optional
        Default :data:`DEMO_SETTINGS` (backend ``auto``: torch if installed, else numpy).

    Returns
    -------
    ExperimentResult

    Examples
    --------
    >>> import tempfile
    >>> fast = OneDSettings.fast(widths=(4,), backend="numpy")
    >>> result = run_demo(outdir=tempfile.mkdtemp(), quiet=True, pdf=False, settings=fast)
    >>> result.summary["runs"][0]["decoding_identity"]["exact"]
    True
    """
    return run_oned_experiment(
        ONED_TARGETS["sin"], outdir=outdir, settings=settings or DEMO_SETTINGS, quiet=quiet, pdf=pdf, name="demo"
    )


def demo_summary_table(summary: dict[str, Any]) -> str:
    """The console table of a 1-D experiment (:func:`~reluexact.experiments.tables.oned_summary_table`).

    Examples
    --------
    >>> import tempfile
    >>> fast = OneDSettings.fast(widths=(4,), backend="numpy")
    >>> result = run_demo(outdir=tempfile.mkdtemp(), quiet=True, pdf=False, settings=fast)
    >>> print(demo_summary_table(result.summary).splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
    width  MSE  break pts  shaping  dead  affine  right/left  2-sided pairs  identity  err trained
    err same knots  err same width
    """
    from reluexact.experiments.tables import oned_summary_table, table_text

    return table_text(oned_summary_table(summary))
