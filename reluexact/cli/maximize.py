"""``reluexact maximize MODEL [--box=...] [--output K] [--margin L] [--minimize] [--json]``: exact extrema."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._answers_format import approx
from reluexact.cli._common import add_json_argument, answer_parser, model_and_box, print_json

NAME = "maximize"


def register(subparsers: Any) -> None:
    """Add the ``maximize`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["maximize", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact maximize ...
    0
    """
    parser = answer_parser(
        subparsers,
        NAME,
        help="exact maximum (or minimum) of an output or of a margin f_K - f_L over a box, with a certificate",
        description=(
            "Compute exactly the maximum of output K (or, with --minimize, its minimum; with --margin L, of "
            "f_K - f_L) over the domain, an exact point attaining it, and a certificate: a tree of sign splits of "
            "the hidden units whose cells cover the domain, each with exact LP multipliers proving a bound not "
            "above the value (or that it is empty). Branch and bound: cells whose bound cannot beat the best value "
            "found are never split, so most regions are never visited. --json prints the self-contained "
            "certificate document (model and domain included) that 'reluexact check-certificate' re-verifies. "
            "Outputs are numbered from 1 (output 1 is f_1); --json indices are 0-based."
        ),
        epilog="example: reluexact maximize model.json --box='-1,1' --output 1 --json > max.json",
    )
    parser.add_argument(
        "--output", dest="output_number", type=int, default=1, metavar="K", help="output K, from 1 (default 1)"
    )
    parser.add_argument("--margin", type=int, metavar="L", help="maximise the margin f_K - f_L (L from 1)")
    parser.add_argument("--minimize", action="store_true", help="the minimum instead of the maximum")
    add_json_argument(parser, 'print the certificate document {"value", "point", "certificate", ...}')
    parser.set_defaults(handler=run)


def _output(index: int, m: int, option: str) -> int:
    from reluexact.errors import InvalidArgument

    if not 1 <= index <= m:
        raise InvalidArgument(f"{option} must be an output from 1 to {m}, got {index}")
    return index - 1


def run(args: argparse.Namespace) -> int:
    """Load the model, search, print the value (or the certificate document).

    Examples
    --------
    >>> import argparse
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0])  # |x|
    >>> run(argparse.Namespace(model=net, box="-1,2", output_number=1, margin=None, minimize=True, json=False))
    ... # doctest: +ELLIPSIS
    minimum of f_1 over box[-1,2]: 0 (~0)
    attained at x = (0)
    on the closure of the region with pattern ...
    certificate: 2 cells cover the domain, each bounded by exact LP multipliers (... cells examined); ...
    0
    """
    from reluexact.answers.extrema import extremum_document, maximize, minimize
    from reluexact.rational import format_fraction

    net, box = model_and_box(args)
    k = _output(args.output_number, net.output_dim, "--output")
    output: int | tuple[int, int] = k if args.margin is None else (k, _output(args.margin, net.output_dim, "--margin"))
    result = (minimize if args.minimize else maximize)(net, box, output=output)
    if args.json:
        print_json(extremum_document(result))
        return 0
    what = f"f_{k + 1}" if args.margin is None else f"f_{k + 1} - f_{args.margin}"
    point = ", ".join(format_fraction(v) for v in result.point)
    print(
        f"{'minimum' if args.minimize else 'maximum'} of {what} over {box!r}: "
        f"{format_fraction(result.value)} (~{approx(result.value)})"
    )
    print(f"attained at x = ({point})")
    print(f"on the closure of the region with pattern {result.region_pattern}")
    print(
        f"certificate: {len(result.leaves)} cells cover the domain, each bounded by exact LP multipliers "
        f"({result.nodes} cells examined); save it with --json and check it with 'reluexact check-certificate'"
    )
    return 0
