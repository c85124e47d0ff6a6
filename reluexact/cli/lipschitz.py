"""``reluexact lipschitz MODEL [--box=...] [--norm inf|1|2] [--output K] [--json]``: exact Lipschitz constants."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._answers_format import approx
from reluexact.cli._common import add_domain_argument, add_model_argument, print_json

NAME = "lipschitz"

_DUAL = {"inf": "1", "1": "inf", "2": "2"}


def register(subparsers: Any) -> None:
    """Add the ``lipschitz`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["lipschitz", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact lipschitz ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="exact Lipschitz constant of an output on a box or on all of R^d, with a certificate",
        description=(
            "Compute exactly the Lipschitz constant of output K for the input norm (inf, 1 or 2; norm 2 gives "
            "the exact square and its square root), the linear region attaining it with a rational point strictly "
            "inside, and a certificate: a tree of sign splits whose leaves bound every region's gradient norm or "
            "are proved empty. Next to it the usual bound sum_i |a_Ki| ||w_i|| shows how loose that bound is. "
            "Without --box the constant is the global one on R^d. --json prints the self-contained certificate "
            "document that 'reluexact check-certificate' re-verifies. Outputs and units are numbered from 1; "
            "--json indices are 0-based."
        ),
        epilog="example: reluexact lipschitz model.json --box='-1,1' --norm 2 --json > lip.json",
    )
    add_model_argument(parser)
    add_domain_argument(parser, "--box", what="the domain", default="all of R^d (the global constant)")
    parser.add_argument("--norm", choices=("inf", "1", "2"), default="inf", help="the input norm (default inf)")
    parser.add_argument(
        "--output", dest="output_number", type=int, default=1, metavar="K", help="output K, from 1 (default 1)"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print the certificate document {"value" (norm 2: "value_squared"), "point", "certificate", ...}',
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, search, print the constant (or the certificate document).

    Examples
    --------
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> args = build_parser().parse_args(["lipschitz", "MODEL", "--box=-1,1"])
    >>> args.model = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # MODEL may also be a model object
    >>> run(args)  # doctest: +ELLIPSIS
    Lipschitz constant of f_1 on box[-1,1;-1,1] (input norm inf, gradient norm 1): 2 (~2)
    attained on the region with pattern 11 (gradient (1, -1))
    ...
    0
    """
    from reluexact.answers.lipschitz import lipschitz, lipschitz_document
    from reluexact.domain import as_domain
    from reluexact.errors import InvalidArgument
    from reluexact.io import load_model
    from reluexact.rational import format_fraction

    net = load_model(args.model)
    box = as_domain(args.box, net.input_dim, where="--box")
    if not 1 <= args.output_number <= net.output_dim:
        raise InvalidArgument(f"--output must be an output from 1 to {net.output_dim}, got {args.output_number}")
    k = args.output_number - 1
    result = lipschitz(net, box, norm=args.norm, output=k)
    if args.json:
        print_json(lipschitz_document(result))
        return 0
    exact = result.exact_value
    shown = format_fraction(result.measure) if result.value is not None else f"{exact} (squared: {result.measure})"
    print(
        f"Lipschitz constant of f_{k + 1} on {box!r} (input norm {args.norm}, gradient norm {_DUAL[args.norm]}): "
        f"{shown} (~{approx(exact)})"
    )
    gradient = ", ".join(format_fraction(g) for g in result.gradient)
    point = ", ".join(format_fraction(v) for v in result.point)
    print(f"attained on the region with pattern {result.pattern} (gradient ({gradient}))")
    print(f"a point strictly inside it: x = ({point})")
    fast = result.fast_bound
    try:
        ratio = float(fast) / float(exact) if exact != 0 else float("inf")
    except OverflowError:  # huge weights: the ratio of two exact numbers, to 6 digits
        import sympy

        ratio = float(sympy.N(sympy.nsimplify(fast) / exact, 6))
    print(
        f"usual bound sum_i |a_{k + 1}i| ||w_i||_{_DUAL[args.norm]}: {fast} (~{approx(fast)}), "
        f"{ratio:.3g} x the exact value"
    )
    print(
        f"certificate: {len(result.leaves)} cells cover the domain ({result.nodes} examined); "
        "save it with --json and check it with 'reluexact check-certificate'"
    )
    return 0
