"""``reluexact robustness MODEL POINTS.csv [--norm inf|1|2] [--box ...] [--eps E] [--json] [--workers N]``: radii."""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import Any

from reluexact.cli._common import add_domain_argument, add_model_argument, print_json
from reluexact.cli._dask import add_dask_arguments, dask_options, wants_dask

NAME = "robustness"


def register(subparsers: Any) -> None:
    """Add the ``robustness`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["robustness", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact robustness ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="exact robustness radius of each sample, with a counterexample and a checkable certificate",
        description=(
            "For each point of POINTS.csv (one point per row, d numbers; decimals are read exactly), the exact "
            "smallest perturbation in the chosen norm (within the --box) that changes the prediction (the sign "
            "for one output, the argmax for several; a tie counts as a change), a rational counterexample at "
            "that distance, and the number of regions examined. With --eps E, decide instead whether every point "
            "within E keeps the prediction (robust, or a counterexample within E). --json prints a "
            "self-contained certificate document (model, domain, samples, bounds) that "
            "'reluexact check-certificate FILE' re-verifies. Text numbers samples from 1, JSON classes and "
            "indices are 0-based. A progress bar is shown on a terminal's stderr."
        ),
        epilog="example: reluexact robustness model.json points.csv --norm inf --box=0,16 --json > cert.json",
    )
    add_model_argument(parser)
    parser.add_argument("points", metavar="POINTS.csv", help="CSV file: one sample per row, d rationals")
    parser.add_argument("--norm", choices=("inf", "1", "2"), default="inf", help="the perturbation norm (default inf)")
    add_domain_argument(parser, "--box", what="where perturbed points may lie", default="all of R^d")
    parser.add_argument("--eps", metavar="E", default=None, help="decide robustness within E instead of the radius")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop each sample's search after this long: an exact interval lower <= radius <= upper, marked partial",
    )
    parser.add_argument("--json", action="store_true", help="print the certificate document (rationals as 'p/q')")
    add_dask_arguments(parser)
    parser.set_defaults(handler=run)


def _batch(payload: dict[str, Any]) -> list[Any]:
    """One Dask task of ``--workers``: :func:`~reluexact.answers.robustness.robustness_batch` on some samples."""
    from reluexact.answers.robustness import robustness_batch

    return robustness_batch(payload["net"], payload["points"], *payload["args"], **payload["options"])


def _distributed(
    net: Any, points: list[Any], args: argparse.Namespace, norm_box: tuple[Any, ...], **options: Any
) -> list[Any]:
    """The samples split into consecutive batches (``--tasks``, default 2 per worker), one task each, joined in order.

    Each sample's search is independent of the others (its own time limit), so the results are those
    of one process, in the same order (only their measured ``seconds`` differ).
    """
    from reluexact.regions.distributed import dask_client, map_batches

    dask = dask_options(args)
    batches = dask["tasks"]
    with dask_client(workers=dask["workers"], scheduler=dask["scheduler"]) as client:
        if batches is None:
            batches = 2 * max(1, len(client.scheduler_info()["workers"]))
        size = max(1, -(-len(points) // batches))
        payloads = [
            {"net": net, "points": points[k : k + size], "args": norm_box, "options": {**options, "progress": False}}
            for k in range(0, len(points), size)
        ]
        return [r for part in map_batches(client, _batch, payloads) for r in part]


def run(args: argparse.Namespace) -> int:
    """Load the model and the samples, compute, print.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.atomic import write_text_atomic
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> samples = write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "samples.csv", "1,1/2\\n-1,2\\n")
    >>> args = build_parser().parse_args(["robustness", "MODEL", str(samples), "--norm", "inf"])
    >>> args.model = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # or a model object
    >>> run(args)  # doctest: +ELLIPSIS
    2 samples, norm inf
    sample  class  radius         regions  ms      counterexample
    1       1      1/4 ...[3/4, 3/4]
    2       0      3/2 ...[1/2, 1/2]
    0
    """
    from reluexact.answers.robustness import robustness_batch, robustness_document
    from reluexact.domain import as_domain
    from reluexact.interop.points_csv import read_points_csv
    from reluexact.io import load_model
    from reluexact.rational import format_fraction, to_fraction
    from reluexact.regions.enumeration import check_budget

    net = load_model(args.model)
    points = read_points_csv(args.points, dimension=net.input_dim)
    box = as_domain(args.box, net.input_dim, where="--box")
    eps = None if args.eps is None else to_fraction(args.eps, where="--eps")
    check_budget(None, args.time_limit, names=("--max-regions", "--time-limit"))
    if wants_dask(args):
        results = _distributed(net, list(points), args, (args.norm, box), eps=eps, time_limit=args.time_limit)
    else:
        results = robustness_batch(net, points, args.norm, box, eps=eps, progress="auto", time_limit=args.time_limit)
    if args.json:
        print_json(robustness_document(net, results))
        return 0
    what = "radius^2" if args.norm == "2" else "radius"
    print(f"{len(results)} samples, norm {args.norm}" + ("" if eps is None else f", eps {format_fraction(eps)}"))
    print(f"sample  class  {what if eps is None else 'robust':<14} regions  ms      counterexample")
    for k, r in enumerate(results):
        if r.partial:
            low, high = r.lower or Fraction(0), r.upper
            answer = f"[{format_fraction(low)}, {'?' if high is None else format_fraction(high)}]"
            if len(answer) > 14:
                answer = f"[~{float(low):.4g}, {'?' if high is None else f'~{float(high):.4g}'}]"
        elif eps is not None:
            answer = "yes" if r.robust else "no"
        else:
            value = r.radius_squared if args.norm == "2" else r.radius
            answer = "none" if value is None else format_fraction(value)
        counter = "-" if r.counterexample is None else ", ".join(format_fraction(v) for v in r.counterexample)
        if len(counter) > 120:
            counter = counter[:120] + "..."
        shown = r.radius_squared if args.norm == "2" else r.radius
        if len(answer) > 14 and shown is not None and not r.partial:
            answer = f"~{float(shown):.6g}"
        line = f"{k + 1:<7} {r.klass:<6} {answer:<14} {r.regions_examined:<8} {round(r.seconds * 1000):<7} [{counter}]"
        print(line)
    stopped = sum(r.partial for r in results)
    if stopped:
        print(
            f"PARTIAL: the time limit stopped {stopped} of {len(results)} searches; each shows the exact interval "
            f"[lower, upper] on its {what} ('?': no counterexample yet)"
        )
    return 0
