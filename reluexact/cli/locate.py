"""``reluexact locate MODEL POINTS.csv [--json] [--box ...]``: exact per-sample analysis."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_domain_argument, add_model_argument, print_json
from reluexact.cli._dask import add_dask_arguments, dask_options, wants_dask

NAME = "locate"


def register(subparsers: Any) -> None:
    """Add the ``locate`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["locate", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact locate ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="exact region, affine map, facets and distance to the nearest boundary of each data point",
        description=(
            "For each point of POINTS.csv (one point per row, d numbers such as 1/2, 0.25 or -3; floats are "
            "read exactly as decimals), report exactly: its activation pattern (or that it lies on a hyperplane, "
            "listing the units with zero pre-activation), its linear region with the exact affine map, the "
            "region's facets, the exact distance to the nearest region boundary (squared, as p/q, and as a "
            "float), and the graph of the regions the data visits (an edge when two visited regions share a "
            "facet, with a certified point on it). Text numbers points, visited regions and units from 1 (box:k "
            "sides stay 0-based, as in JSON); --json indices are 0-based."
        ),
        epilog="example: reluexact locate model.json points.csv --box='0,1;0,1' --json",
    )
    add_model_argument(parser)
    parser.add_argument("points", metavar="POINTS.csv", help="CSV file: one point per row, d rationals")
    parser.add_argument("--json", action="store_true", help="print a JSON object (rationals as 'p/q' strings)")
    add_domain_argument(parser, "--box", what="the domain box", default="all of R^d")
    parser.add_argument("--no-facets", action="store_true", help="skip the facets of the visited regions")
    parser.add_argument(
        "--exact-lp-max-dim",
        type=int,
        default=16,
        metavar="D",
        help="decide facets not certified by rays with the exact LP up to this d, a float LP above (default 16)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop computing facets after this long (the result says it is partial)",
    )
    add_dask_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model and the points, locate, print.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.atomic import write_text_atomic
    >>> points = write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "points.csv", "1,1/2\\n-1,2\\n")
    >>> args = build_parser().parse_args(["locate", "MODEL", str(points)])
    >>> args.model = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # or a model object
    >>> run(args)  # doctest: +ELLIPSIS
    2 points, 2 visited regions, 0 on a boundary, 0 outside the domain
    ...
    0
    """
    from reluexact.domain import as_domain
    from reluexact.interop.points_csv import read_points_csv
    from reluexact.interop.regions_json import locate_to_json
    from reluexact.io import load_model
    from reluexact.rational import format_fraction
    from reluexact.regions import locate

    net = load_model(args.model)
    points = read_points_csv(args.points, dimension=net.input_dim)
    box = as_domain(args.box, net.input_dim, where="--box")
    if wants_dask(args):
        # the points split into batches (--tasks, default 2 per worker), one Dask task each; same result
        from reluexact.errors import InvalidArgument
        from reluexact.regions.distributed import locate_distributed

        options = dask_options(args)
        if args.time_limit is not None:
            raise InvalidArgument("--time-limit is for one process; drop it with --workers/--scheduler")
        result = locate_distributed(
            net,
            points,
            batches=options.pop("tasks"),
            **options,
            domain=box,
            facets=not args.no_facets,
            exact_lp_max_dim=args.exact_lp_max_dim,
        )
    else:
        result = locate(
            net,
            points,
            domain=box,
            facets=not args.no_facets,
            exact_lp_max_dim=args.exact_lp_max_dim,
            progress=None,
            time_limit=args.time_limit,
        )
    if args.json:
        print_json(locate_to_json(result))
        return 0
    if not result.facets_complete:
        print(
            f"PARTIAL: the time limit stopped the facets after {sum(r.facets is not None for r in result.regions)} "
            f"of {len(result.regions)} regions"
        )
    print(
        f"{len(result.points)} points, {len(result.regions)} visited regions, "
        f"{sum(1 for p in result.points if p.status == 'boundary')} on a boundary, "
        f"{sum(1 for p in result.points if p.status == 'outside')} outside the domain"
    )

    def people(items: Any) -> str:  # unit indices as people count them (from 1); side labels as they are
        return ", ".join(str(v + 1) if isinstance(v, int) else str(v) for v in items)

    print("point  status    region  distance      nearest / on")
    for p in result.points:
        distance = "-" if p.distance_float is None else f"{p.distance_float:.6g}"
        where = p.boundary_units + p.boundary_sides if p.status == "boundary" else p.nearest
        region = "-" if p.region is None else str(p.region + 1)
        line = f"{p.index + 1:<6} {p.status:<9} {region:<7} {distance:<13} {people(where)}"
        print(line.rstrip())
    print("regions:")
    for k, visited in enumerate(result.regions):
        facets = ""
        if visited.facets is not None:
            labels = [str(f.units[0] + 1) if f.kind == "hyperplane" else f.label for f in visited.facets]
            facets = f", facets {', '.join(labels)}"
            if visited.redundant_float or visited.undecided:
                facets += f" (float-only verdicts: {len(visited.redundant_float) + len(visited.undecided)})"
        pattern = visited.pattern if len(visited.pattern) <= 64 else visited.pattern[:64] + "..."
        gradient = "; ".join(", ".join(format_fraction(v) for v in row) for row in visited.gradient)
        if len(gradient) > 200:
            gradient = gradient[:200] + "..."
        offset = ", ".join(format_fraction(v) for v in visited.offset)
        print(f"  {k + 1}: pattern {pattern}, {len(result.members[k])} points{facets}")
        print(f"     gradient [{gradient}], offset [{offset}]")
    if result.graph.number_of_edges():
        print("edges (regions sharing a facet):")
        for a, b, data in sorted(result.graph.edges(data=True)):
            print(f"  {a + 1} -- {b + 1} across units {people(data['units'])}")
    return 0
