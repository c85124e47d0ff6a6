"""Helpers shared by the subcommand modules (printing JSON, the MODEL argument, the domain options)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reluexact.domain import Domain
    from reluexact.model import TwoLayerReLU

__all__ = [
    "add_domain_argument",
    "add_force_argument",
    "add_json_argument",
    "add_model_argument",
    "answer_parser",
    "model_and_box",
    "print_json",
]


def add_model_argument(parser: argparse.ArgumentParser) -> None:
    """Add the positional MODEL argument (a .json, .npz, .pt, .pth or .onnx file).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_model_argument(parser)
    >>> parser.parse_args(["net.json"]).model
    'net.json'
    """
    parser.add_argument(
        "model",
        metavar="MODEL",
        help="model file: .json (reluexact), .npz (W, b, A, c), .pt/.pth (torch state_dict), .onnx",
    )


def add_domain_argument(
    parser: argparse.ArgumentParser, option: str, *, what: str, default: str, required: bool = False
) -> None:
    """Add a ``--domain``/``--box`` option; commands read it with :func:`reluexact.domain.as_domain`.

    Every such option takes the same forms: ``lo,hi`` (the same interval for every input),
    ``lo,hi;lo,hi;...`` (one pair per input); a value starting with a minus needs ``=``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_domain_argument(parser, "--box", what="the domain", default="R^d")
    >>> parser.parse_args(["--box=-1,1"]).box
    '-1,1'
    """
    parser.add_argument(
        option,
        metavar="LO,HI[;LO,HI...]",
        required=required,
        help=(
            f"{what}: 'lo,hi' for every input (e.g. {option}=0,16 is [0, 16]^d), or one 'lo,hi' per input "
            f"separated by ';' (e.g. {option}='-1,1;0,1/2'); write {option}=... when it starts with a minus. "
            f"Default: {default}"
        ),
    )


def add_json_argument(parser: argparse.ArgumentParser, help: str) -> None:
    """Add ``--json``: print a JSON document (described by ``help``) instead of the text.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_json_argument(parser, "print the document")
    >>> parser.parse_args(["--json"]).json, parser.parse_args([]).json
    (True, False)
    """
    parser.add_argument("--json", action="store_true", help=help)


def answer_parser(
    subparsers: Any, name: str, *, help: str, description: str, epilog: str, box_default: str = "all of R^d"
) -> argparse.ArgumentParser:
    """Add a subcommand that answers a question on MODEL over ``--box`` (read by :func:`model_and_box`).

    The subcommand gets the positional MODEL (:func:`add_model_argument`) and ``--box``
    (:func:`add_domain_argument`, the domain, default ``box_default``); the caller adds the rest.

    Examples
    --------
    >>> subparsers = argparse.ArgumentParser(prog="reluexact").add_subparsers()
    >>> parser = answer_parser(subparsers, "ask", help="h", description="d", epilog="e")
    >>> args = parser.parse_args(["net.json", "--box=-1,1"])
    >>> args.model, args.box
    ('net.json', '-1,1')
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help, description=description, epilog=epilog)
    add_model_argument(parser)
    add_domain_argument(parser, "--box", what="the domain", default=box_default)
    return parser


def model_and_box(args: argparse.Namespace) -> tuple[TwoLayerReLU, Domain]:
    """The model of ``args.model`` (:func:`reluexact.io.load_model`) and the domain of ``args.box``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reluexact import TwoLayerReLU
    >>> from reluexact.io import save_model
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.json"
    >>> save_model(TwoLayerReLU([[1]], [0], [[1]], [0]), path)
    >>> model_and_box(argparse.Namespace(model=str(path), box="-1,2"))
    (TwoLayerReLU(d=1, n=1, m=1), box[-1,2])
    """
    from reluexact.domain import as_domain
    from reluexact.io import load_model

    net = load_model(args.model)
    return net, as_domain(args.box, net.input_dim, where="--box")


def add_force_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--force``: replace read-only output files too.

    Without it every command still replaces an existing writable output (as it always
    did), atomically. Never, even with ``--force``: a device node, FIFO, socket, folder,
    ``/proc/self/fd/N``, or a file the command reads (its MODEL / IN).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_force_argument(parser)
    >>> parser.parse_args(["--force"]).force
    True
    """
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace a read-only output file (never a device, FIFO, folder or the input model)",
    )


def print_json(document: Any, *, compact: bool = False) -> None:
    """Print a JSON document to stdout (indented, or on one line when ``compact``; newline-terminated).

    Examples
    --------
    >>> print_json({"values": [["1/2"]]}, compact=True)
    {"values": [["1/2"]]}
    """
    text = json.dumps(document, ensure_ascii=False) if compact else json.dumps(document, indent=2, ensure_ascii=False)
    sys.stdout.write(text + "\n")
