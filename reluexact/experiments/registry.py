"""The named experiments of ``examples/`` and ``docs/experiments.md``, and their command line.

Each experiment has a name (``oned-sin``, ``oned-square``...), a full setting and a reduced
``fast`` one. :func:`run_experiment` runs one by name; :func:`example_main` is the command
line every script in ``examples/`` calls.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reluexact.errors import InvalidArgument, ReluexactError
from reluexact.experiments._output import ExperimentResult
from reluexact.experiments.demo import demo_summary_table
from reluexact.experiments.oned import ONED_TARGETS, OneDSettings, run_oned_experiment
from reluexact.experiments.realdata import DiabetesSettings, diabetes_table, run_diabetes_experiment
from reluexact.experiments.twod import TWOD_TARGETS, TwoDSettings, run_twod_experiment, twod_table

__all__ = ["EXPERIMENTS", "example_main", "run_experiment"]

Runner = Callable[..., ExperimentResult]


def _oned(slug: str) -> tuple[Runner, Callable[[ExperimentResult], str]]:
    def runner(*, outdir: Path, fast: bool, quiet: bool, pdf: bool, backend: str, seed: int) -> ExperimentResult:
        settings = OneDSettings.fast(backend=backend, seed=seed) if fast else OneDSettings(backend=backend, seed=seed)
        return run_oned_experiment(ONED_TARGETS[slug], outdir=outdir, settings=settings, quiet=quiet, pdf=pdf)

    return runner, lambda result: demo_summary_table(result.summary)


def _twod(slug: str) -> tuple[Runner, Callable[[ExperimentResult], str]]:
    def runner(*, outdir: Path, fast: bool, quiet: bool, pdf: bool, backend: str, seed: int) -> ExperimentResult:
        settings = TwoDSettings.fast(backend=backend, seed=seed) if fast else TwoDSettings(backend=backend, seed=seed)
        return run_twod_experiment(TWOD_TARGETS[slug], outdir=outdir, settings=settings, quiet=quiet, pdf=pdf)

    return runner, lambda result: twod_table(result.summary)


def _diabetes() -> tuple[Runner, Callable[[ExperimentResult], str]]:
    def runner(*, outdir: Path, fast: bool, quiet: bool, pdf: bool, backend: str, seed: int) -> ExperimentResult:
        settings = (
            DiabetesSettings.fast(backend=backend, seed=seed) if fast else DiabetesSettings(backend=backend, seed=seed)
        )
        return run_diabetes_experiment(outdir=outdir, settings=settings, quiet=quiet, pdf=pdf)

    return runner, lambda result: diabetes_table(result.summary)


#: name -> (runner, table printer)
EXPERIMENTS: dict[str, tuple[Runner, Callable[[ExperimentResult], str]]] = {
    **{f"oned-{slug}": _oned(slug) for slug in ONED_TARGETS},
    **{f"twod-{slug}": _twod(slug) for slug in TWOD_TARGETS},
    "diabetes-regions": _diabetes(),
}


def run_experiment(
    name: str,
    *,
    outdir: str | Path = "experiments-output",
    fast: bool = False,
    quiet: bool = False,
    pdf: bool = True,
    backend: str = "numpy",
    seed: int = 0,
) -> ExperimentResult:
    """Run the experiment ``name`` (see :data:`EXPERIMENTS`) and write its files into ``outdir``.

    Examples
    --------
    >>> sorted(EXPERIMENTS)[:3]
    ['diabetes-regions', 'oned-abs', 'oned-bump']
    >>> run_experiment("nope")
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: unknown experiment 'nope'; choose one of ...
    """
    if name not in EXPERIMENTS:
        raise InvalidArgument(f"unknown experiment {name!r}; choose one of {', '.join(sorted(EXPERIMENTS))}")
    runner, _ = EXPERIMENTS[name]
    return runner(outdir=Path(outdir), fast=fast, quiet=quiet, pdf=pdf, backend=backend, seed=seed)


def example_main(name: str, argv: Sequence[str] | None = None, *, description: str | None = None) -> int:
    """The command line of an ``examples/`` script: parse ``argv``, run, print the table; exit status.

    Options: ``--fast`` (reduced setting), ``--outdir DIR`` (default ``experiments-output``),
    ``--backend {numpy,torch,auto}``, ``--seed K``, ``--no-pdf``, ``--quiet``. A :class:`ReluexactError`
    becomes one line on stderr and status 2.

    Examples
    --------
    >>> import tempfile
    >>> example_main("no-such-experiment", ["--outdir", tempfile.mkdtemp()])
    2
    """
    parser = argparse.ArgumentParser(prog=f"{name}", description=description)
    parser.add_argument("--fast", action="store_true", help="the reduced setting (seconds; used by the tests)")
    parser.add_argument("--outdir", default="experiments-output", help="output folder (default: experiments-output)")
    parser.add_argument("--backend", choices=("numpy", "torch", "auto"), default="numpy", help="training backend")
    parser.add_argument("--seed", type=int, default=0, help="seed of initialisation and sampling (default 0)")
    parser.add_argument("--no-pdf", action="store_true", help="write the .tex only")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bars, no table")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        result = run_experiment(
            name,
            outdir=args.outdir,
            fast=args.fast,
            quiet=args.quiet,
            pdf=not args.no_pdf,
            backend=args.backend,
            seed=args.seed,
        )
    except ReluexactError as error:
        print(f"{name}: error: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        _, table = EXPERIMENTS[name]
        lines = [f"{name} ({'fast' if args.fast else 'full'} setting)\n", table(result), ""]
        lines += [f"wrote {path}" for path in result.files]
        if result.pdf_path is None:
            lines.append(f"(no PDF: {result.pdf_note})")
        with contextlib.suppress(BrokenPipeError):  # e.g. piped into `head`
            print("\n".join(lines))
    return 0
