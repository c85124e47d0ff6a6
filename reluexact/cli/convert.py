"""``reluexact convert IN -o OUT [--rationalize MODE] [--box ...]``: convert and rationalise models."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_domain_argument, add_force_argument, print_json
from reluexact.interop.json_results import certificate_to_json

NAME = "convert"


def register(subparsers: Any) -> None:
    """Add the ``convert`` subcommand to the ``reluexact`` parser.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["convert", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact convert ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="convert a model between .json/.npz/.pt/.onnx, optionally rationalising it, and print the certificate",
        description=(
            "Read IN (.json, .npz, .pt/.pth state_dict, .onnx), rationalise every weight (lossless by default: the "
            "exact binary value of each float) and write OUT (.json exact; .npz/.pt/.onnx float64), atomically: OUT "
            "is replaced "
            "only once the new model is written, read back and certified, so a failing run leaves an existing OUT "
            "byte-identical; OUT is never IN, a device or a FIFO, and a read-only OUT needs --force. Prints the "
            "certificate: the largest weight change and, with --box, a rigorous bound on |f_in - f_out| over the "
            "box for each output, computed exactly. Outputs are numbered from 1 (output 1 is f_1); --json lists "
            "the bounds in output order."
        ),
        epilog=(
            "examples: reluexact convert trained.pt -o exact.json    "
            "reluexact convert net.json -o short.json --rationalize denominator:1000 --box=-1,1;-1,1"
        ),
    )
    parser.add_argument("input", metavar="IN", help="input model: .json, .npz, .pt, .pth or .onnx")
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="output model: .json, .npz, .pt, .pth or .onnx"
    )
    parser.add_argument(
        "--rationalize",
        metavar="MODE",
        default="lossless",
        help="lossless (default), tolerance:T (simplest rational within T), denominator:Q, decimals:K",
    )
    add_domain_argument(parser, "--box", what="the box of the output bound", default="no box, no bound")
    parser.add_argument("--name", help="free-text name stored in a JSON output")
    parser.add_argument(
        "--allow-rounding", action="store_true", help="let .npz/.pt/.onnx outputs round weights that are not float64"
    )
    parser.add_argument("--json", action="store_true", help="print the certificate as JSON")
    add_force_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Convert with :func:`reluexact.io.convert_model` and print the certificate; return the exit status.

    Examples
    --------
    >>> import argparse, pathlib, tempfile
    >>> from reluexact.demo import demo_model
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "demo.json"
    >>> args = argparse.Namespace(input=demo_model(), output=out, rationalize="lossless", box=None,
    ...                           name=None, allow_rounding=False, json=False, force=False)
    >>> run(args)  # doctest: +ELLIPSIS
    wrote .../demo.json
    rationalisation: lossless
    largest weight change: 0
    output 1: |f_in - f_out| <= 0 everywhere (nothing changed)
    0
    """
    from reluexact.domain import as_box
    from reluexact.io import convert_model, read_exact

    source = read_exact(args.input)
    box = None if args.box is None else as_box(args.box, source.input_dim, needed_by="convert", where="--box")
    result = convert_model(
        source,
        args.output,
        rationalize=args.rationalize,
        box=box,
        name=args.name,
        allow_rounding=args.allow_rounding,
        force=args.force,
    )
    certificate = result.certificate
    if args.json:
        document = certificate_to_json(certificate)
        document["output"] = str(args.output)
        document["rounded_on_write"] = result.rounded_on_write
        print_json(document)
        return 0
    print(format_certificate(certificate, args.output, rounded_on_write=result.rounded_on_write))
    return 0


def format_certificate(certificate: Any, output: str, *, rounded_on_write: bool = False) -> str:
    """Text of a conversion certificate (input versus the model as written).

    Examples
    --------
    >>> from reluexact.rationalization import rationalize_network
    >>> certificate = rationalize_network([[0.3]], [0.0], [[1.0]], [0.0], how="decimals:1", box="0,1").certificate
    >>> print(format_certificate(certificate, "out.json"))  # doctest: +ELLIPSIS
    wrote out.json
    rationalisation: decimals:1
    largest weight change: 1/90071992547409920 (about 1.11e-17)
    box: [0, 1]
    output 1: |f_in - f_out| <= 1/90071992547409920 (about 1.11e-17) on the box
    """
    from reluexact.rational import format_fraction

    change = certificate.max_weight_change
    lines = [
        f"wrote {output}",
        f"rationalisation: {certificate.how}"
        + (
            " (then rounded to float64 on writing; the certificate compares IN with OUT as written)"
            if rounded_on_write
            else ""
        ),
        f"largest weight change: {format_fraction(change)}" + (f" (about {float(change):.3g})" if change else ""),
    ]
    if certificate.box is not None:
        sides = "; ".join(f"[{format_fraction(lo)}, {format_fraction(hi)}]" for lo, hi in certificate.box.bounds)
        lines.append(f"box: {sides}")
    if certificate.output_bound is None:
        lines.append("bound on |f_in - f_out|: none without a box (pass --box=LO,HI;... to get one)")
    else:
        where = "on the box" if certificate.box is not None else "everywhere (nothing changed)"
        for k, bound in enumerate(certificate.output_bound, start=1):
            approx = f" (about {float(bound):.3g})" if bound else ""
            lines.append(f"output {k}: |f_in - f_out| <= {format_fraction(bound)}{approx} {where}")
    return "\n".join(lines)
