"""``reluexact check-certificate FILE.json``: re-verify a saved certificate from the file alone."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "check-certificate"


def register(subparsers: Any) -> None:
    """Add the ``check-certificate`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["check-certificate", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact check-certificate ...
    0
    """
    parser = subparsers.add_parser(
        NAME,
        help="re-verify a saved --json certificate (maximize, lipschitz, robustness) in rational arithmetic",
        description=(
            "Read the --json output of 'reluexact maximize', 'lipschitz' or 'robustness' (a self-contained "
            "certificate document: it embeds the model and the domain) and re-verify every claim in it with "
            "rational arithmetic alone, by a small checker that shares no code with the search. Exit status 0 "
            "and one line saying what holds, or exit status 1 and one line saying the first claim that fails."
        ),
        epilog=(
            "example: reluexact maximize model.json --box='-1,1' --json > max.json && "
            "reluexact check-certificate max.json"
        ),
    )
    parser.add_argument("certificate", metavar="FILE.json", help="a certificate document written by --json")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the document; 0 when it holds, 1 (with the failing claim) when it does not.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.cli import build_parser
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # relu(x) - relu(y)
    >>> import json
    >>> from reluexact.answers.extrema import extremum_document, maximize
    >>> from reluexact.atomic import write_text_atomic
    >>> document = json.dumps(extremum_document(maximize(net, "-1,1")))
    >>> path = write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "max.json", document)
    >>> run(build_parser().parse_args(["check-certificate", str(path)]))
    holds: maximum of f_1 over box[-1,1;-1,1] is 1, attained at (1, -1); 2 cells cover the domain
    0
    """
    from reluexact.check import check_certificate, read_certificate
    from reluexact.errors import CertificateError

    try:
        summary = check_certificate(read_certificate(args.certificate))
    except CertificateError as error:
        print(f"FAILS: {' '.join(str(error).split())}")
        return 1
    print(f"holds: {summary}")
    return 0
