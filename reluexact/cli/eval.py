"""``reluexact eval MODEL X... [--json]``: exact values at rational points."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_model_argument, print_json

NAME = "eval"


def register(subparsers: Any) -> None:
    """Add the ``eval`` subcommand to the ``reluexact`` parser.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["eval", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact eval ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="exact values f(x) at rational points",
        description=(
            "Evaluate the model exactly at rational points. A point is its d coordinates joined by commas, "
            "each an integer, p/q or a decimal: 1/2,-3. Put '--' before the first point that starts with a "
            "minus sign, so it is not read as an option."
        ),
        epilog="examples: reluexact eval model.json 0,0 1/2,1/3    reluexact eval model.json --json -- -1/2,3",
    )
    add_model_argument(parser)
    parser.add_argument("points", metavar="X", nargs="+", help="a point: d rationals joined by commas, e.g. 1/2,-3")
    parser.add_argument("--json", action="store_true", help='print {"values": [[m strings "p/q" or "p"] per point]}')
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, parse the points, evaluate exactly, print; return the exit status.

    Examples
    --------
    >>> import argparse
    >>> from reluexact.demo import demo_model
    >>> run(argparse.Namespace(model=demo_model(), points=["0,0", "-1/2,3"], json=True))
    {"values": [["14/5"], ["49/5"]]}
    0
    """
    from reluexact.io import load_model
    from reluexact.model import evaluate_exact_batch
    from reluexact.rational import format_fraction, parse_point

    net = load_model(args.model)
    points = [parse_point(text, dimension=net.input_dim, where=f"point {k + 1}") for k, text in enumerate(args.points)]
    values = evaluate_exact_batch(net, points)
    if args.json:
        print_json({"values": [[format_fraction(v) for v in value] for value in values]}, compact=True)
        return 0
    for point, value in zip(points, values, strict=True):
        argument = ",".join(format_fraction(v) for v in point)
        shown = ", ".join(format_fraction(v) for v in value)
        print(f"f({argument}) = {shown if len(value) == 1 else '(' + shown + ')'}")
    return 0
