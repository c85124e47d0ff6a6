"""The ``reluexact`` command line: one module per subcommand, each thin.

Each subcommand module in :data:`SUBCOMMANDS` defines ``register(subparsers)``,
which adds its parser and sets ``handler=`` to a function ``(args) -> int``.
:func:`main` catches :class:`~reluexact.errors.ReluexactError` alone, prints its
message on one line to stderr and returns 2; anything else is a bug and keeps
its traceback.

Examples
--------
>>> main(["--version"])  # doctest: +ELLIPSIS
reluexact ...
0
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from reluexact.errors import ReluexactError

__all__ = ["SUBCOMMANDS", "build_parser", "console_main", "main"]

#: Subcommand modules under ``reluexact.cli``, in the order ``--help`` lists them.
SUBCOMMANDS: tuple[str, ...] = (
    "demo",
    "info",
    "eval",
    "convert",
    "spline",
    "construct",
    "decode",
    "regions",
    "locate",
    "report",
    "plot",
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become a one-line message and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every subcommand registered.

    Examples
    --------
    >>> build_parser().parse_args(["eval", "net.json", "--", "-1/2,3"]).points
    ['-1/2,3']
    """
    from reluexact import __version__

    parser = _Parser(
        prog="reluexact",
        description="Exact analysis of two-layer ReLU networks f(x) = A relu(Wx + b) + c.",
        epilog=(
            "Text output numbers hidden units, inputs, outputs and regions from 1 (unit 1 = H_1, input x_1, "
            "region R1); --json output and Python indices are 0-based. "
            "Run 'reluexact COMMAND --help' for a command's options."
        ),
    )
    parser.add_argument("--version", action="version", version=f"reluexact {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"reluexact.cli.{name.replace('-', '_')}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    Errors reluexact raises on purpose (:class:`~reluexact.errors.ReluexactError`) and usage
    errors print one line to stderr and return 2.

    Examples
    --------
    >>> import tempfile
    >>> main(["demo", "--fast", "--quiet", "--no-pdf", "--backend", "numpy", "--outdir", tempfile.mkdtemp()])
    0
    >>> main(["eval", "missing.json", "0"])
    2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except _UsageError as error:
        print(str(error), file=sys.stderr)
        return 2
    except SystemExit as exit_:  # --help and --version
        return int(exit_.code or 0)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args))
    except ReluexactError as error:
        print(f"reluexact {args.command}: error: {_one_line(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("reluexact: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def console_main() -> None:
    """Entry point of the ``reluexact`` console script: ``sys.exit(main())``.

    Examples
    --------
    >>> import sys
    >>> saved, sys.argv = sys.argv, ["reluexact", "--version"]
    >>> try:
    ...     console_main()
    ... except SystemExit as exit_:
    ...     print("exit status", exit_.code)
    ... finally:
    ...     sys.argv = saved  # doctest: +ELLIPSIS
    reluexact ...
    exit status 0
    """
    sys.exit(main())
