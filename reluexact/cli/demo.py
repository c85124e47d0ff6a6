"""``reluexact demo``: an exact analysis of the small model bundled with the package."""

from __future__ import annotations

import argparse
from typing import Any

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
        help="exact analysis of a small bundled model (structure, exact values, LaTeX formula)",
        description=(
            "Analyse the model bundled as reluexact/data/demo_model.json exactly: its structure (as 'info' prints "
            "it), its exact values at a few rational points next to float64 evaluation, and its LaTeX formula."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print :func:`reluexact.demo.demo_report`; return 0.

    Examples
    --------
    >>> import argparse
    >>> run(argparse.Namespace())  # doctest: +ELLIPSIS
    two-layer ReLU network ...
    0
    """
    from reluexact.demo import demo_report

    print(demo_report())
    return 0
