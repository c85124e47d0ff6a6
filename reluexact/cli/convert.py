"""``reluexact convert IN -o OUT [--rationalize MODE] [--box ...]``: convert and rationalise models."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import print_json

NAME = "convert"


def register(subparsers: Any) -> None:
    """Add the ``convert`` subcommand."""
    parser = subparsers.add_parser(
        NAME,
        help="convert a model between .json/.npz/.pt, optionally rationalising it, and print the certificate",
        description=(
            "Read IN (.json, .npz, .pt/.pth state_dict), rationalise every weight (lossless by default: the exact "
            "binary value of each float) and write OUT (.json exact; .npz/.pt float64), atomically. Prints the "
            "certificate: the largest weight change and, with --box, a rigorous bound on |f_in - f_out| over the "
            "box for each output, computed exactly."
        ),
        epilog=(
            "examples: reluexact convert trained.pt -o exact.json    "
            "reluexact convert net.json -o short.json --rationalize denominator:1000 --box=-1,1;-1,1"
        ),
    )
    parser.add_argument("input", metavar="IN", help="input model: .json, .npz, .pt or .pth")
    parser.add_argument("-o", "--output", metavar="OUT", required=True, help="output model: .json, .npz, .pt or .pth")
    parser.add_argument(
        "--rationalize",
        metavar="MODE",
        default="lossless",
        help="lossless (default), tolerance:T (simplest rational within T), denominator:Q, decimals:K",
    )
    parser.add_argument(
        "--box",
        metavar="LO,HI;...",
        help="box for the output bound, one LO,HI per input, e.g. --box=-1,1;0,1/2 (use '=' when LO is negative)",
    )
    parser.add_argument("--name", help="free-text name stored in a JSON output")
    parser.add_argument(
        "--allow-rounding", action="store_true", help="let .npz/.pt outputs round weights that are not float64"
    )
    parser.add_argument("--json", action="store_true", help="print the certificate as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load with the requested rationalisation, save, print the certificate."""
    from reluexact.io import load_model_with_certificate, save_model

    result = load_model_with_certificate(args.input, rationalize=args.rationalize, box=args.box)
    save_model(result.network, args.output, name=args.name, allow_rounding=args.allow_rounding)
    certificate = result.certificate
    if args.json:
        document = certificate.to_json()
        document["output"] = str(args.output)
        print_json(document)
        return 0
    print(format_certificate(certificate, args.output))
    return 0


def format_certificate(certificate: Any, output: str) -> str:
    """Text of a rationalisation certificate."""
    from reluexact.rational import format_fraction

    change = certificate.max_weight_change
    lines = [
        f"wrote {output}",
        f"rationalisation: {certificate.how}",
        f"largest weight change: {format_fraction(change)}" + (f" (about {float(change):.3g})" if change else ""),
    ]
    if certificate.box is not None:
        sides = "; ".join(f"[{format_fraction(lo)}, {format_fraction(hi)}]" for lo, hi in certificate.box)
        lines.append(f"box: {sides}")
    if certificate.output_bound is None:
        lines.append("bound on |f_in - f_out|: none without a box (pass --box=LO,HI;... to get one)")
    else:
        where = "on the box" if certificate.box is not None else "everywhere (nothing changed)"
        for k, bound in enumerate(certificate.output_bound):
            approx = f" (about {float(bound):.3g})" if bound else ""
            lines.append(f"output {k}: |f_in - f_out| <= {format_fraction(bound)}{approx} {where}")
    return "\n".join(lines)
