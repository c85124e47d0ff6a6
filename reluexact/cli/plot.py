"""``reluexact plot MODEL -o OUT.png``: the function (d = 1) or the region map (d = 2) as PNG/SVG/PDF."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_domain_argument, add_force_argument, add_model_argument

NAME = "plot"


def register(subparsers: Any) -> None:
    """Add the ``plot`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["plot", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact plot ...
    0
    """
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
        epilog=(
            "examples: reluexact plot model.json -o map.png --domain='-2,2;-2,2'    "
            "reluexact plot model.json -o classes.png --classes --points data.csv"
        ),
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
    parser.add_argument(
        "--classes",
        action="store_true",
        help="draw where the network decides: d = 2, the cells f > 0 / f < 0 and the exact decision boundary "
        "(one output) or the argmax class cells in class colours (several outputs), for any number of regions; "
        "d = 1, f with its exact zero set",
    )
    parser.add_argument(
        "--points",
        metavar="CSV",
        help="mark data points read exactly from a CSV file (one point per row, d numbers), coloured by the "
        "network's decision",
    )
    add_force_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, draw, save atomically.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "map.png"
    >>> args = build_parser().parse_args(["plot", "MODEL", "-o", str(out), "--domain=-1,1", "--dpi", "30"])
    >>> args.model = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # or a model object
    >>> run(args)  # doctest: +ELLIPSIS
    wrote .../map.png (RegionMap(regions=4, lines=2, edges=4))
    0
    """
    from reluexact.domain import as_domain
    from reluexact.io import load_model
    from reluexact.report.figures import plot_network

    net = load_model(args.model)
    points = None
    if args.points is not None:
        from reluexact.interop.points_csv import read_points_csv

        points = read_points_csv(args.points, dimension=net.input_dim)
    domain = as_domain(args.domain, net.input_dim, where="--domain")
    if args.classes or points is not None:
        return _decision_plot(net, args, domain, points)
    options: dict[str, Any] = {}
    if net.input_dim == 2:
        options = {"color_by": args.color_by, "labels": not args.no_labels, "graph": not args.no_graph}
    result = plot_network(net, args.output, domain=domain, dpi=args.dpi, **options)
    print(f"wrote {args.output} ({result.data!r})")
    return 0


def _decision_plot(net: Any, args: argparse.Namespace, domain: Any, points: Any) -> int:
    """--classes and/or --points: the decision map (d = 2) or the zero set (d = 1), data points marked."""
    from reluexact.errors import InvalidArgument
    from reluexact.report.figures import check_resolution, plot_function, plot_region_map, save_figure
    from reluexact.report.maps import mark_points, plot_class_bands, plot_decision_map, plot_zero_set

    check_resolution(None, args.dpi)
    d = net.input_dim
    if d > 2:
        raise InvalidArgument(f"figures exist for d = 1 and d = 2; this network has d = {d} (slice it first)")
    figure: Any
    if d == 2 and args.classes:
        drawn = plot_decision_map(net, box=domain, points=points)
        figure, what = drawn.figure, repr(drawn)
    elif d == 2:
        region_map = plot_region_map(
            net, box=domain, color_by=args.color_by, labels=not args.no_labels, graph=not args.no_graph
        )
        mark_points(region_map.axes, net, points)
        figure, what = region_map.figure, f"{region_map.data!r}, {len(points)} points"
    elif args.classes and net.output_dim > 1:
        bands = plot_class_bands(net, interval=domain, points=points)
        figure, what = bands.figure, repr(bands)
    elif args.classes:
        zero_set = plot_zero_set(net, interval=domain, points=points)
        figure, what = zero_set.figure, repr(zero_set)
    else:
        function = plot_function(net, interval=domain)
        values = [net(p) for p in points]
        function.figure.axes[0].scatter(
            [float(p[0]) for p in points], [float(v[0]) for v in values], color="black", marker="x", s=25, zorder=6
        )
        figure, what = function.figure, f"{function.data!r}, {len(points)} points"
    save_figure(figure, args.output, dpi=args.dpi)
    print(f"wrote {args.output} ({what})")
    return 0
