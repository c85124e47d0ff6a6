"""``reluexact spline MODEL [--domain a,b] [--json]``: the exact spline form of a 1-D model."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_domain_argument, add_model_argument, print_json

NAME = "spline"


def register(subparsers: Any) -> None:
    """Add the ``spline`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["spline", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact spline ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="exact spline form of a 1-D model: knots, slope jumps, linear pieces",
        description=(
            "Print the exact spline form of a model with one input: merged knots t = -b/w with their slope "
            "jumps (sum of a_i |w_i|) and units, and the linear pieces left to right (slope, intercept). "
            "Knots whose jumps cancel are left out. With --domain only [a, b] is described. The text numbers "
            "units from 1 (unit i is row i of W); the JSON keeps 0-based indices."
        ),
        epilog=(
            'JSON: {"knots": [{"x": "p/q", "jump": [m strings], "units": [0-based indices]}], '
            '"pieces": [{"from": "p/q" or null, "to": "p/q" or null, "slope": [m strings], '
            '"intercept": [m strings]}]}.  example: reluexact spline model.json --domain=-1,1 --json'
        ),
    )
    add_model_argument(parser)
    add_domain_argument(parser, "--domain", what="restrict to this interval [a, b]", default="all of R")
    parser.add_argument("--json", action="store_true", help="print the JSON document described below")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, compute its spline form, print.

    Examples
    --------
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> args = build_parser().parse_args(["spline", "MODEL", "--domain=-1,2"])
    >>> args.model = TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0])  # MODEL may also be a model object
    >>> run(args)  # doctest: +ELLIPSIS
    spline form on [-1, 2]: 2 break point(s), 3 piece(s)
    ...
    0
    """
    from reluexact.cli._format import spline_text
    from reluexact.domain import as_interval
    from reluexact.interop.json_results import spline_form_to_json
    from reluexact.io import load_model
    from reluexact.oned.spline import spline_form

    net = load_model(args.model)
    form = spline_form(net, domain=as_interval(args.domain, where="--domain"))
    if args.json:
        print_json(spline_form_to_json(form))
    else:
        print(spline_text(form))
    return 0
