"""``reluexact plot MODEL -o OUT.png``: the function (d = 1) or the region map (d = 2) as PNG/SVG/PDF."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_domain_argument, add_force_argument, add_model_argument

NAME = "plot"


def register(subparsers: Any) -> None:
    """Add the ``plot`` subcommand."""
    parser = subparsers.add_parser(
        NAME,
        help="draw the function (d = 1) or the linear-region map (d = 2) to PNG, SVG or PDF",
        description=(
            "For d = 1: f through its exact break points, knots coloured by orientation, and each unit's "
            "contribution. For d = 2: every linear region as its exact polygon inside the box (coloured by gradient "
            "norm or by pattern), the hyperplanes H_1, H_2, ... (H_i of unit i, numbered from 1), labels R1, R2, "
            "... in the order of the exact enumeration (R1 is region id 0 of 'reluexact regions --json', whose ids "
            "are 0-based; the same labels as 'reluexact report' on the same domain), and the adjacency graph on "
            "top. The format follows the suffix of -o."
        ),
        epilog="example: reluexact plot model.json -o map.png --domain='-2,2;-2,2'",
    )
    add_model_argument(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.png", help="output file: .png, .svg or .pdf")
    add_domain_argument(
        parser, "--domain", what="the interval (d = 1) or box (d = 2) drawn", default="every knot / vertex inside"
    )
    parser.add_argument("--color-by", choices=("gradient", "pattern"), default="gradient", help="region colours (2-D)")
    parser.add_argument("--dpi", type=int, default=150, help="resolution of PNG output, 20 to 1200 (default 150)")
    parser.add_argument("--no-labels", action="store_true", help="2-D: leave out the region labels")
    parser.add_argument("--no-graph", action="store_true", help="2-D: leave out the adjacency graph")
    add_force_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, draw, save atomically."""
    from reluexact.domain import as_domain
    from reluexact.io import load_model
    from reluexact.report.figures import plot_network

    net = load_model(args.model)
    options: dict[str, Any] = {}
    if net.input_dim == 2:
        options = {"color_by": args.color_by, "labels": not args.no_labels, "graph": not args.no_graph}
    domain = as_domain(args.domain, net.input_dim, where="--domain")
    result = plot_network(net, args.output, domain=domain, dpi=args.dpi, **options)
    print(f"wrote {args.output} ({result.data!r})")
    return 0
