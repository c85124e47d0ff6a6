"""``reluexact spline MODEL [--domain a,b] [--json]``: the exact spline form of a 1-D model."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_domain_argument, add_model_argument, print_json

NAME = "spline"


def register(subparsers: Any) -> None:
    """Add the ``spline`` subcommand."""
    parser = subparsers.add_parser(
        NAME,
        help="exact spline form of a 1-D model: knots, slope jumps, linear pieces",
        description=(
            "Print the exact spline form of a model with one input: merged knots t = -b/w with their slope "
            "jumps (sum of a_i |w_i|) and units, and the linear pieces left to right (slope, intercept). "
            "Knots whose jumps cancel are left out. With --domain only [a, b] is described."
        ),
        epilog=(
            'JSON: {"knots": [{"x": "p/q", "jump": [m strings], "units": [indices]}], '
            '"pieces": [{"from": "p/q" or null, "to": "p/q" or null, "slope": [m strings], '
            '"intercept": [m strings]}]}.  example: reluexact spline model.json --domain=-1,1 --json'
        ),
    )
    add_model_argument(parser)
    add_domain_argument(parser, "--domain", what="restrict to this interval [a, b]", default="all of R")
    parser.add_argument("--json", action="store_true", help="print the JSON document described below")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, compute its spline form, print."""
    from reluexact.domain import as_interval
    from reluexact.io import load_model
    from reluexact.oned._common import fmt_vector
    from reluexact.oned.spline import spline_form, spline_form_json
    from reluexact.rational import format_fraction

    net = load_model(args.model)
    form = spline_form(net, domain=as_interval(args.domain, where="--domain"))
    if args.json:
        print_json(spline_form_json(form))
        return 0
    where = "R" if form.domain is None else f"[{format_fraction(form.domain[0])}, {format_fraction(form.domain[1])}]"
    print(f"spline form on {where}: {len(form.break_points)} break point(s), {form.n_pieces} piece(s)")
    for knot in form.break_points:
        print(
            f"  knot x = {format_fraction(knot.x)}: jump {fmt_vector(knot.jump)}, value {fmt_vector(knot.value)}, "
            f"units {list(knot.units)}"
        )
    for piece in form.pieces:
        start = "-inf" if piece.start is None else format_fraction(piece.start)
        end = "+inf" if piece.end is None else format_fraction(piece.end)
        print(f"  [{start}, {end}]: slope {fmt_vector(piece.slope)}, intercept {fmt_vector(piece.intercept)}")
    if form.domain is not None:
        for role in ("affine-acting", "dead", "zero-output"):
            units = form.units_with_role(role)
            if units:
                print(f"  {role} units: {list(units)}")
    return 0
