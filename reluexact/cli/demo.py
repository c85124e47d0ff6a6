"""``reluexact demo``: train, decode exactly, compare with the constructive solution, write a report."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_force_argument

NAME = "demo"


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand to the ``reluexact`` parser.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["demo", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact demo ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="train small ReLU nets on sin, decode them exactly, compare with the constructed solution, write a report",
        description=(
            "The main job, end to end on an embedded default: train two-layer ReLU networks (widths 8 and 16) on "
            "sin(x) over [0, 2 pi] by back-propagation (PyTorch if installed, else numpy), take the trained floats "
            "at their exact binary values, decode each network exactly (knots, dead and affine-acting units, "
            "two-sided pairs, the identity net = one-sided spline + affine term), build the constructive one-sided "
            "solution with the same number of knots and with the same width, print a summary table and write the "
            "report (PDF if a TeX engine is present, else .tex), PNG figures and a JSON of every number."
        ),
    )
    parser.add_argument("--outdir", default="reluexact-demo", help="output folder (default: ./reluexact-demo)")
    parser.add_argument(
        "--backend", choices=("auto", "numpy", "torch"), default="auto", help="training backend (default: auto)"
    )
    parser.add_argument("--fast", action="store_true", help="a reduced run (widths 4 and 8, 300 epochs)")
    parser.add_argument("--no-pdf", action="store_true", help="write the .tex only, do not run TeX")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bars and no table")
    add_force_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run :func:`reluexact.experiments.run_demo` and print its summary; return 0.

    A run trains and writes the whole folder (``tests/cli/test_demo.py`` runs it with every
    option); the example shows the arguments and what a taken ``--outdir`` gives.

    Examples
    --------
    >>> import argparse, pathlib, tempfile
    >>> from reluexact.atomic import write_text_atomic
    >>> taken = write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "taken", "")
    >>> run(argparse.Namespace(outdir=str(taken), backend="numpy", fast=True, no_pdf=True, quiet=True))
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: .../taken exists and is not a folder; choose another --outdir
    """
    from dataclasses import replace

    from reluexact.experiments.demo import DEMO_SETTINGS, demo_summary_table, run_demo
    from reluexact.experiments.oned import OneDSettings

    settings = OneDSettings.fast(backend=args.backend) if args.fast else replace(DEMO_SETTINGS, backend=args.backend)
    result = run_demo(outdir=args.outdir, quiet=args.quiet, pdf=not args.no_pdf, settings=settings)
    if args.quiet:
        return 0
    summary = result.summary
    s = summary["settings"]
    print(
        f"reluexact demo: {summary['target']['title']}, {s['n_samples']} samples; {s['optimizer']} lr "
        f"{s['learning_rate']}, {s['epochs']} epochs, '{s['init']}' init, seed {s['seed']}, backend {s['backend']}"
    )
    print("trained floats rationalised losslessly; decoding exact, errors (sup over a float grid) measured\n")
    print(demo_summary_table(summary))
    print()
    for path in result.files:
        print(f"wrote {path}")
    if result.pdf_path is None:
        print(f"(no PDF: {result.pdf_note})")
    print(f"total {summary['seconds_total']:.1f} s")
    return 0
