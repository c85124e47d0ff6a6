"""``reluexact slice MODEL --through='P0;P1[;P2]' -o OUT.json``: the exact network on a line or plane."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_force_argument, add_model_argument, print_json

NAME = "slice"


def register(subparsers: Any) -> None:
    """Add the ``slice`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["slice", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact slice ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="the exact network on the line through 2 points or the plane through 3 (a model file)",
        description=(
            "Restrict the model to the line through P0 and P1 (x = P0 + t (P1 - P0), 1 input) or the plane "
            "through P0, P1, P2 (x = P0 + t1 (P1 - P0) + t2 (P2 - P0), 2 inputs), exactly: the slice is the "
            "two-layer network W' = W U, b' = W P0 + b with the same A and c, written as an ordinary model file "
            "(every command reads it). Its regions, pieces and boundary are the traces of the model's. Prints the "
            "slice coordinates of the points and a --box in slice coordinates that covers them (their bounding "
            "box, each side moved out by 1/10 of its extent)."
        ),
        epilog="example: reluexact slice digits.json --through='0,1,...;1,0,...;...' -o slice.json",
    )
    add_model_argument(parser)
    parser.add_argument(
        "--through",
        required=True,
        metavar="P0;P1[;P2]",
        help="2 or 3 points separated by ';', coordinates by ',' (rationals such as 1/2, 0.25, -3); "
        "write --through=... when it starts with a minus",
    )
    parser.add_argument("-o", "--output", required=True, metavar="OUT.json", help="the slice model to write")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"origin", "directions", "box", "points"} (rationals as "p/q" strings) instead of text',
    )
    add_force_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, slice it, write the slice, print its box.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "line.json"
    >>> args = build_parser().parse_args(["slice", "MODEL", "--through=-1,-1;1,1", "-o", str(out)])
    >>> args.model = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # or a model object
    >>> run(args)  # doctest: +ELLIPSIS
    wrote .../line.json: the 1-input network t -> f(x0 + U t), x0 = (-1,-1), U = [(2,2)] (columns)
      point 1 -> t = (0)
      point 2 -> t = (1)
    ...
    0
    """
    from reluexact.answers import line_through, plane_through, slice_box, slice_coordinates, slice_network
    from reluexact.cli._pieces_format import slice_text
    from reluexact.errors import InvalidArgument
    from reluexact.interop.pieces_json import slice_to_json
    from reluexact.io import load_model, save_model
    from reluexact.rational import parse_point

    net = load_model(args.model)
    parts = args.through.split(";")
    if len(parts) not in (2, 3):
        raise InvalidArgument(f"--through takes 2 points (a line) or 3 (a plane) separated by ';', got {len(parts)}")
    points = [parse_point(p, dimension=net.input_dim, where=f"--through point {k + 1}") for k, p in enumerate(parts)]
    origin, directions = line_through(*points) if len(points) == 2 else plane_through(*points)
    sliced = slice_network(net, origin, directions)
    box = slice_box(origin, directions, points)
    coordinates = [slice_coordinates(origin, directions, p) for p in points]
    save_model(sliced, args.output, name=f"slice of {args.model} through {len(points)} points")
    if args.json:
        print_json(slice_to_json(origin, directions, box, coordinates))
    else:
        print(slice_text(origin, directions, box, coordinates, str(args.output)))
    return 0
