"""``reluexact pieces MODEL [--box=LO,HI;...] [--output K] [--json]``: the maximal affine pieces."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_domain_argument, add_model_argument, print_json
from reluexact.cli._dask import add_dask_arguments, dask_options, wants_dask

NAME = "pieces"


def register(subparsers: Any) -> None:
    """Add the ``pieces`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["pieces", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact pieces ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="maximal affine pieces: the activation regions merged where f does not kink",
        description=(
            "The maximal connected sets on which f (or one output) is affine, exactly: the cells of the "
            "arrangement of the visible hyperplanes (those across which the gradient jumps; coincident units "
            "whose jumps cancel leave no kink). For each piece: a rational interior point, its exact affine map, "
            "the activation regions it unites (the ids of 'reluexact regions' on the same model and domain), and "
            "whether it is bounded in R^d (always inside a box); and the number of distinct maps among the pieces "
            "(the pieces of one map form the possibly disconnected definition of a piece). Text numbers pieces "
            "P1, P2, ..., regions R1, ... and outputs from 1; --json ids are 0-based."
        ),
        epilog=(
            "examples: reluexact pieces model.json --box='-1,1;-1,1'    reluexact pieces model.json --output 2 --json"
        ),
    )
    add_model_argument(parser)
    add_domain_argument(parser, "--box", what="the domain", default="all of R^d")
    parser.add_argument(
        "--output",
        dest="output_number",
        type=int,
        metavar="K",
        help="the pieces of output K alone, numbered from 1 (default: the vector map, all outputs at once)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"n_regions", "output", "pieces": [{"id", "point", "gradient", "offset", "regions", "bounded", '
        '"facets": [{"kind", "label", "units", "normal", "offset", "neighbor", "point"}]}], "maps", "map_groups", '
        '"graph": [{"pieces": [a, b], "hyperplane"}]} with rationals as "p/q" strings and 0-based ids',
    )
    add_dask_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, compute the pieces, print.

    Examples
    --------
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> args = build_parser().parse_args(["pieces", "MODEL", "--box=-1,1"])
    >>> args.model = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # MODEL may also be a model object
    >>> run(args)  # doctest: +ELLIPSIS
    4 affine pieces, 4 distinct maps, from 4 activation regions (the vector map; domain box[-1,1;-1,1])
    ...
      piece P4: regions R4  point (-1/4,1/2)  gradient [0,-1]  offset [0]  bounded  map 4
    adjacency graph: 4 edges between 4 pieces (pieces sharing a facet on a visible hyperplane)
    ...
      P3 -- P4 across unit 1 at (0,1/2)
    0
    """
    from reluexact.answers import affine_pieces
    from reluexact.cli._pieces_format import pieces_text
    from reluexact.domain import as_domain
    from reluexact.errors import InvalidArgument
    from reluexact.interop.pieces_json import pieces_to_json
    from reluexact.io import load_model

    net = load_model(args.model)
    output = None
    if args.output_number is not None:
        if not 1 <= args.output_number <= net.output_dim:
            raise InvalidArgument(
                f"--output {args.output_number}: the model has {net.output_dim} output"
                f"{'s' if net.output_dim != 1 else ''}, numbered 1 to {net.output_dim}"
            )
        output = args.output_number - 1
    domain = as_domain(args.box, net.input_dim, where="--box")
    regions_result = None
    if wants_dask(args):  # the regions on a Dask cluster (numbered by pattern, as 'regions --workers' does)
        from reluexact.regions.distributed import regions_distributed

        regions_result = regions_distributed(net, domain=domain, **dask_options(args))
    result = affine_pieces(net, domain=domain, output=output, regions_result=regions_result)
    if args.json:
        print_json(pieces_to_json(result))
    else:
        print(pieces_text(result))
    return 0
