"""``reluexact report MODEL -o OUT.tex``: a standalone LaTeX report (optionally compiled to PDF)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from reluexact.cli._common import add_domain_argument, add_force_argument, add_model_argument

NAME = "report"


def register(subparsers: Any) -> None:
    """Add the ``report`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["report", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact report ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="write a LaTeX report (network, weights, spline form or regions, figures), optionally the PDF",
        description=(
            "Write a standalone LaTeX article about a model: the network formula and exact weights; for d = 1 the "
            "spline form, the decoding of each unit and the strict partial order of knots; for d >= 2 the linear "
            "regions (pattern, exact interior point, exact affine map), adjacency, hyperplane families; a "
            "certification summary. It opens with a summary page (what the network is, where its weights came from, "
            "the headline counts, the main figure: the region map, a 2-D slice for d > 2, or the function plot). "
            "Answer sections (--answers) add the maximal affine pieces, the decision boundary, and verification: the "
            "exact extrema and Lipschitz constants with their certificates attached to the PDF, which "
            "'reluexact check-certificate' re-verifies. "
            "Figures are TikZ when small and vector PDF (matplotlib) otherwise, written next to the .tex; the exact "
            "data (OUT.data.json, OUT.regions.csv) are written there too and attached to the PDF. "
            "Units (H_i), inputs (x_i), outputs and "
            "regions (R1, R2, ... in the order of the exact enumeration, as in 'reluexact plot') are numbered "
            "from 1; the JSON companion keeps 0-based ids. Everything from the model file is escaped. "
            "With --pdf, pdflatex compiles it in a temporary directory without shell escape and with a time limit."
        ),
        epilog=(
            "examples: reluexact report model.json -o report.tex --pdf; "
            "reluexact report model.json -o r.tex --domain='-1,1;-1,1' --numbers decimal:6"
        ),
    )
    add_model_argument(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.tex", help="the .tex file to write")
    add_domain_argument(
        parser,
        "--domain",
        what="the domain",
        default="a box containing every knot / every vertex of the arrangement (d <= 2), all of R^d (d >= 3)",
    )
    parser.add_argument("--pdf", action="store_true", help="also compile the PDF (needs pdflatex)")
    parser.add_argument(
        "--max-regions",
        type=int,
        default=20,
        metavar="N",
        help="regions listed in the body's table (default 20); every region is in the attached data",
    )
    parser.add_argument(
        "--budget",
        type=int,
        metavar="N",
        help="stop the region enumeration after N regions (the report then marks the list PARTIAL)",
    )
    parser.add_argument(
        "--numbers",
        default=None,
        metavar="FORMAT",
        help="exact | readable:K (decimals, K significant digits, exact values in the attached data) | "
        "auto (exact unless long) | decimal:K (rounded, exact values in an appendix) | rounded:K; default: exact "
        "when every weight is a short fraction, else readable:4",
    )
    parser.add_argument("--color-by", choices=("gradient", "pattern"), default="gradient", help="region colours")
    parser.add_argument("--name", help="the model's name in the title (default: the JSON 'name' or the file name)")
    parser.add_argument("--no-figures", action="store_true", help="leave out the figures")
    parser.add_argument(
        "--answers",
        default="all",
        metavar="LIST",
        help="answer sections, comma-separated: pieces (maximal affine pieces), boundary (decision boundary or class "
        "cells), extrema (exact max/min of each output), lipschitz (exact Lipschitz constants, max-norm); extrema "
        "and lipschitz attach certificate documents and run only for d <= 4, n <= 64, m <= 4 and at most 1000 "
        "regions (else the report says how to run them); 'all' (default) or 'none'",
    )
    parser.add_argument("--time-limit", type=float, default=120.0, metavar="S", help="seconds allowed for pdflatex")
    add_force_argument(parser)
    parser.set_defaults(handler=run)


def model_name(path: str) -> str:
    """The model's free-text name: the JSON document's ``name`` if it has one, else the file name.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.io import save_model
    >>> from reluexact.model import TwoLayerReLU
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.json"
    >>> save_model(TwoLayerReLU([[1]], [0], [[1]], [0]), path)
    >>> model_name(str(path)), model_name("runs/net.pt")  # no "name" in the JSON: the file name
    ('toy.json', 'net.pt')
    """
    source = Path(path)
    if source.suffix.lower() == ".json":
        try:
            document = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            document = None
        if isinstance(document, dict) and isinstance(document.get("name"), str) and document["name"].strip():
            return str(document["name"])
    return source.name


_KINDS = {
    ".json": "reluexact JSON",
    ".npz": "numpy arrays",
    ".pt": "PyTorch state dict",
    ".pth": "PyTorch state dict",
    ".onnx": "ONNX",
}


def provenance(path: str) -> str:
    """Where the weights came from, for the summary page: the file name and its format.

    Examples
    --------
    >>> provenance("runs/moons.pt")
    'moons.pt (PyTorch state dict)'
    """
    source = Path(path)
    kind = _KINDS.get(source.suffix.lower())
    return f"{source.name} ({kind})" if kind else source.name


def run(args: argparse.Namespace) -> int:
    """Load the model, write the report (and PDF), print what was written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.io import save_model
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_model(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), folder / "toy.json")
    >>> argv = ["report", str(folder / "toy.json"), "-o", str(folder / "r.tex"), "--domain=-1,1", "--no-figures"]
    >>> run(build_parser().parse_args([*argv, "--answers", "none"]))  # doctest: +ELLIPSIS
    wrote .../r.tex
    wrote .../r.data.json
    wrote .../r.regions.csv
    0
    """
    from reluexact.domain import as_domain
    from reluexact.io import load_model
    from reluexact.report.numbers import NumberFormat
    from reluexact.report.render import write_report

    number_format = None if args.numbers is None else NumberFormat.parse(args.numbers)
    net = load_model(args.model)
    written = write_report(
        net,
        args.output,
        domain=as_domain(args.domain, net.input_dim, where="--domain"),
        name=args.name if args.name is not None else model_name(args.model),
        pdf=args.pdf,
        max_regions=args.max_regions,
        region_budget=args.budget,
        number_format=number_format,
        color_by=args.color_by,
        figures=not args.no_figures,
        time_limit=args.time_limit,
        provenance=provenance(args.model),
        answers=args.answers,
    )
    print(f"wrote {args.output}")
    target = Path(args.output)
    stem = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in target.stem) or "report"
    for companion in sorted(target.parent.glob(f"{stem}*")):
        if companion.suffix in (".json", ".csv") or (companion.suffix == ".pdf" and companion.stem != target.stem):
            print(f"wrote {companion}")
    if args.pdf:
        print(f"wrote {written}")
    return 0
