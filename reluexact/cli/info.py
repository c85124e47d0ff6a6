"""``reluexact info MODEL [--json]``: shape, exact weights and degeneracies of a model."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_model_argument, print_json

NAME = "info"


def register(subparsers: Any) -> None:
    """Add the ``info`` subcommand to the ``reluexact`` parser.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["info", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact info ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="shape, exact weights, zero units, duplicate and parallel hyperplanes",
        description=(
            "Print a model's shape (d inputs, n hidden units, m outputs), its exact weights, the units with "
            "w = 0 or a = 0, and the units whose hyperplanes coincide ((w_j, b_j) = lambda (w_i, b_i)) or are "
            "parallel (w_j = lambda w_i), all found exactly. The text numbers units and outputs from 1 "
            "(unit i is row i of W, its hyperplane H_i); --json keeps 0-based indices (unit 1 is index 0)."
        ),
        epilog="example: reluexact info model.json --json",
    )
    add_model_argument(parser)
    parser.add_argument(
        "--json", action="store_true", help="print a JSON object (rationals as 'p/q' strings, 0-based unit indices)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, summarise it, print; return the exit status.

    Examples
    --------
    >>> import argparse
    >>> from reluexact.demo import demo_model
    >>> run(argparse.Namespace(model=demo_model(), json=False))  # doctest: +ELLIPSIS
    two-layer ReLU network f(x) = A relu(W x + b) + c: d = 2 inputs, n = 5 hidden units, m = 1 output
    ...
    0
    """
    from reluexact.cli._format import summary_text
    from reluexact.interop.json_results import summary_to_json
    from reluexact.io import load_model
    from reluexact.summary import summarize

    net = load_model(args.model)
    summary = summarize(net)
    if args.json:
        print_json(summary_to_json(net, summary))
    else:
        print(summary_text(net, summary))
    return 0
