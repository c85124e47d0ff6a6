"""``reluexact construct EXPR --interval a b --knots N ... -o OUT.json``: an exact interpolating net."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_force_argument, print_json

NAME = "construct"


def register(subparsers: Any) -> None:
    """Add the ``construct`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["construct", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact construct ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="build an exact network interpolating a sympy expression at N knots",
        description=(
            "Interpolate the target EXPR (a sympy expression in one variable, e.g. 'sin(2*pi*x)') on [a, b] at N "
            "knots (both ends included) with an exact two-layer ReLU network in the chosen basis, save it, and "
            "report the sup error on a fine grid (float) and the rigorous a-priori bound h^2/8 max|f''|. Node "
            "values are exact where rational, otherwise certified rational enclosures (error reported). "
            "EXPR is parsed safely (no Python is run): arithmetic, ^ or ** for powers, decimals read exactly, "
            "pi, E, and the functions sin cos tan exp log sqrt abs/Abs sinh cosh tanh asin acos atan Max Min "
            "sign Heaviside."
        ),
        epilog="example: reluexact construct 'sin(2*pi*x)' --interval 0 1 --knots 9 --adaptive -o sine.json",
    )
    parser.add_argument("expr", metavar="EXPR", help="target, a sympy expression in one variable")
    parser.add_argument("--interval", nargs=2, metavar=("a", "b"), required=True, help="the interval [a, b]")
    parser.add_argument("--knots", type=int, required=True, metavar="N", help="number of knots N >= 2, ends included")
    parser.add_argument(
        "--basis", choices=("one-sided", "two-sided", "ramp"), default="one-sided", help="basis (default one-sided)"
    )
    placement = parser.add_mutually_exclusive_group()
    placement.add_argument("--adaptive", action="store_true", help="equidistribute |f''|^(1/2) instead of uniform")
    placement.add_argument("--greedy", action="store_true", help="greedy refinement of the worst interval")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.json", help="where to save the network")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    add_force_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Construct, verify, save, report.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.cli import build_parser
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x2.json"
    >>> run(build_parser().parse_args(["construct", "x**2", "--interval", "0", "1", "--knots", "3", "-o", str(out)]))
    ... # doctest: +ELLIPSIS
    target x**2 on [0, 1], one-sided basis
    knots (uniform): 0, 1/2, 1
    node values (exact); the network interpolates them exactly
    network: 3 hidden units, saved to .../x2.json
    ...
    0
    """
    import math

    from reluexact.domain import as_interval
    from reluexact.io import save_model
    from reluexact.oned.bounds import approximate
    from reluexact.oned.construction import construct
    from reluexact.rational import format_fraction

    placement = "equidistribute" if args.adaptive else "greedy" if args.greedy else "uniform"
    interval = as_interval(tuple(args.interval), where="--interval")
    result = construct(args.expr, interval, args.knots, basis=args.basis, placement=placement)
    save_model(result.network, args.output, name=f"{args.basis} interpolant of {result.target} at {args.knots} knots")
    report = {
        "target": result.target,
        "interval": [format_fraction(v) for v in result.interval],
        "basis": result.basis,
        "placement": result.placement,
        "knots": [format_fraction(v) for v in result.knots],
        "values": [format_fraction(v.value) for v in result.node_values],
        "values_exact": result.values_exact,
        "max_value_error": format_fraction(max(v.error for v in result.node_values)),
        "units": result.network.n_hidden,
        "interpolates_exactly": True,
        # a measurement; null when f or the net is beyond float64 on the grid (the net is still exact)
        "grid_sup_error": result.grid_sup_error if math.isfinite(result.grid_sup_error) else None,
        "apriori_bound": None if result.apriori_bound is None else format_fraction(result.apriori_bound),
        "total_bound": None if result.total_bound is None else format_fraction(result.total_bound),
        "output": str(args.output),
    }
    if args.json:
        print_json(report)
        return 0
    alpha, beta = (format_fraction(v) for v in result.interval)
    print(f"target {result.target} on [{alpha}, {beta}], {result.basis} basis")
    print(f"knots ({result.placement}): {', '.join(format_fraction(v) for v in result.knots)}")
    max_error = approximate(max(v.error for v in result.node_values))
    exactness = "exact" if result.values_exact else f"rational enclosures, error <= {max_error}"
    print(f"node values ({exactness}); the network interpolates them exactly")
    print(f"network: {result.network.n_hidden} hidden units, saved to {args.output}")
    if math.isfinite(result.grid_sup_error):
        print(f"sup |f - net| on a {result.grid_points}-point grid: {result.grid_sup_error:.6e}")
    else:
        print(
            f"sup |f - net| on a {result.grid_points}-point grid: not measurable in float64 (values beyond its range)"
        )
    if result.apriori_bound is not None:
        print(f"a-priori bound h^2/8 max|f''|: {approximate(result.apriori_bound, 6)} (rigorous)")
    else:
        print("a-priori bound: not available (no interval enclosure of f'')")
    return 0
