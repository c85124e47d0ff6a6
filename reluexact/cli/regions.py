"""``reluexact regions MODEL [--box=LO,HI;...] [--json] [--graph OUT] [--jsonl OUT] [--parquet DIR] [--method M]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reluexact.cli._common import add_domain_argument, add_force_argument, add_model_argument, print_json
from reluexact.cli._dask import add_dask_arguments, dask_options, wants_dask
from reluexact.cli._regions_output import Display, add_output_arguments, stream_outputs

NAME = "regions"


def register(subparsers: Any) -> None:
    """Add the ``regions`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["regions", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact regions ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="exact linear regions, their affine maps and the adjacency graph",
        description=(
            "Enumerate the linear regions of the model exactly: for each, the activation pattern (one 0/1 per "
            "hidden unit), a rational interior point, the exact affine map and the facets (unit indices, or box "
            "sides box:k:lo / box:k:hi); and the adjacency graph, whose gradient jumps are checked against the "
            "continuity restriction a_i w_i^T. Without --box the domain is all of R^d. Every region, facet and "
            "edge is certified in rational arithmetic. Text numbers regions R1, R2, ... (R1 is id 0) and units "
            "from 1; --json ids, unit indices and box:k sides are 0-based."
        ),
        epilog=(
            "examples: reluexact regions model.json --box='-1,1;-1,1'    "
            "reluexact regions model.json --json --graph regions.graphml"
        ),
    )
    add_model_argument(parser)
    add_domain_argument(parser, "--box", what="the domain", default="all of R^d")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"regions": [{"id", "pattern", "point", "gradient", "offset", "facets"}], "edges": [{"a", "b", '
        '"units"}]} with rationals as "p/q" strings',
    )
    parser.add_argument("--graph", metavar="OUT.graphml", help="write the adjacency graph as GraphML")
    parser.add_argument("--max-regions", type=int, metavar="N", help="stop after N regions (partial result)")
    parser.add_argument("--time-limit", type=float, metavar="SECONDS", help="stop after this long (partial result)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_output_arguments(parser)  # --jsonl, --parquet, --progress, --max-memory
    add_force_argument(parser)
    add_dask_arguments(parser, parts=True)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, enumerate, print (and write the graph).

    Examples
    --------
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> args = build_parser().parse_args(["regions", "MODEL", "--box=-1,1", "--quiet"])
    >>> args.model = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # MODEL may also be a model object
    >>> run(args)  # doctest: +ELLIPSIS
    4 regions (complete), 4 adjacencies, d=2, n=2, 2 distinct hyperplanes, domain box[-1,1;-1,1]
    ...
      region R4: pattern 01  point (-1/4,1/2)  gradient [0,-1]  offset [0]
    0
    """
    from reluexact.domain import as_domain
    from reluexact.errors import InvalidArgument
    from reluexact.io import load_model
    from reluexact.rational import format_fraction

    if args.max_regions is not None and args.max_regions < 1:
        raise InvalidArgument(f"--max-regions must be a positive integer, got {args.max_regions}")
    net = load_model(args.model)
    domain = as_domain(args.box, net.input_dim, where="--box")
    display = Display.from_args(args)
    try:
        if wants_dask(args):
            if args.max_memory is not None:
                raise InvalidArgument("--max-memory is for one process; drop it with --workers/--scheduler")
            if args.method != "auto":
                raise InvalidArgument("--method is for one process; drop it with --workers/--scheduler")
            result = _distributed(args, net, domain)
            if result is None:
                return 0
            streamed = stream_outputs(args, net, domain, display, result=result)
        else:
            streamed = stream_outputs(args, net, domain, display)
    finally:
        display.close()
    summary = streamed.summary
    if not summary.complete:
        print(
            f"reluexact regions: PARTIAL result: stopped by the budget after {summary.regions} regions "
            "(their facet lists and the edges may be incomplete; the outputs say complete: false)",
            file=sys.stderr,
        )
    if args.json or args.jsonl == "-":
        return 0
    cert = summary.certificate
    arr = summary.arrangement
    print(
        f"{summary.regions} regions ({'complete' if summary.complete else 'PARTIAL'}), {summary.edges} adjacencies, "
        f"d={net.input_dim}, n={net.n_hidden}, {arr.n_hyperplanes()} distinct hyperplanes, "
        f"domain {arr.domain!r}"
    )
    print(
        f"certified exactly: {cert.regions} interior points and {cert.facets} facet points against every "
        f"hyperplane and side ({cert.sign_checks} signs, {cert.exact_sign_checks} by rational evaluation), "
        f"{cert.lp_calls} exact LPs; {cert.seconds:.2f} s"
    )
    if args.graph:
        print(f"adjacency graph (continuity restriction checked on every edge) written to {args.graph}")
    for r in streamed.shown:
        grad = "; ".join(",".join(format_fraction(v) for v in row) for row in r.gradient)
        off = ",".join(format_fraction(v) for v in r.offset)
        pt = ",".join(format_fraction(v) for v in r.point)
        print(f"  region R{r.id + 1}: pattern {r.pattern}  point ({pt})  gradient [{grad}]  offset [{off}]")
    if summary.regions > len(streamed.shown):
        print(f"  ... {summary.regions - len(streamed.shown)} more (use --json or --jsonl for all)")
    return 0


def _distributed(args: argparse.Namespace, net: Any, domain: Any) -> Any:
    """The ``--workers`` / ``--scheduler`` / ``--parts`` path: the result, or None when parts were written."""
    from reluexact.errors import InvalidArgument
    from reluexact.regions.distributed import regions_distributed, write_regions_dataset

    options = dask_options(args)
    if args.max_regions is not None or args.time_limit is not None:
        raise InvalidArgument(
            "--max-regions and --time-limit are for one process; drop them with --workers/--scheduler"
        )
    split = options.pop("split")
    if args.parts is None:
        return regions_distributed(net, domain=domain, split=split, **options)
    if split == "sweep":
        raise InvalidArgument("--parts writes one part per cell of a split; drop --split sweep or use --split cells")
    if args.graph:
        raise InvalidArgument("--graph needs the whole result in one process; drop it with --parts")
    m = write_regions_dataset(net, args.parts, domain=domain, format=args.parts_format, force=args.force, **options)
    cert = m.certificate
    if args.json:
        print_json(
            {"folder": str(m.folder), "regions": m.regions, "edges": m.edges, "facets": m.facets, "parts": len(m.parts)}
        )
        return None
    print(
        f"{m.regions} regions (complete), {m.edges} adjacencies, {m.facets} facets in {len(m.parts)} parts "
        f"({m.format}) written to {m.folder} with manifest.json"
    )
    print(
        f"certified exactly by the tasks, each in its cell: {cert.regions} interior points and {cert.facets} facet "
        f"points ({cert.sign_checks} signs, {cert.exact_sign_checks} by rational evaluation), {cert.lp_calls} exact "
        f"LPs; cover and pairing checked; {cert.seconds:.2f} s"
    )
    return None
