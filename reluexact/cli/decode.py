"""``reluexact decode MODEL --domain a,b [--json] [--target EXPR]``: decode a 1-D training solution."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_domain_argument, add_model_argument, print_json

NAME = "decode"


def register(subparsers: Any) -> None:
    """Add the ``decode`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["decode", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact decode ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="decode a 1-D model: knots, orientations, jumps, roles, exact one-sided identity",
        description=(
            "Decode a model with one input on its data domain [a, b]: each unit's knot, orientation, jump "
            "a_i |w_i| and role (shaping, dead, affine-acting, zero-output), the units sharing a knot, and the "
            "identity net = one-sided-basis solution + affine term on [a, b], checked exactly. With --target, "
            "also compare with constructed interpolants of that sympy expression. The text numbers units and knot "
            "groups from 1 (unit i is row i of W); --json keeps 0-based indices."
        ),
        epilog="example: reluexact decode trained.json --domain=-1,1 --target 'sin(3*x)'",
    )
    add_model_argument(parser)
    add_domain_argument(parser, "--domain", what="the data domain [a, b]", default="none, required", required=True)
    parser.add_argument("--target", metavar="EXPR", help="sympy expression of the trained target, for a comparison")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON document (rationals as 'p/q' strings, 0-based unit and group indices)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load, decode, print.

    Examples
    --------
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> args = build_parser().parse_args(["decode", "MODEL", "--domain=-1,2"])
    >>> args.model = TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0])  # MODEL may also be a model object
    >>> run(args)  # doctest: +ELLIPSIS
    domain [-1, 2]: 2 units (shaping 2)
    unit  knot  facing  jump  role  group
       1     0   right     1  shaping  1
       2     1    left     2  shaping  2
    ...
    identity checked exactly: True
    0
    """
    from reluexact.cli._format import comparison_text, decoding_text
    from reluexact.domain import as_interval
    from reluexact.interop.json_results import decoding_to_json
    from reluexact.io import load_model
    from reluexact.oned.comparison import compare_with_construction
    from reluexact.oned.decoding import decode

    net = load_model(args.model)
    decoding = decode(net, domain=as_interval(args.domain, where="--domain"))
    comparison = compare_with_construction(decoding, args.target) if args.target else None
    if args.json:
        print_json(decoding_to_json(decoding, comparison))
        return 0
    print(decoding_text(decoding))
    if comparison is not None:
        print(comparison_text(comparison))
    return 0
