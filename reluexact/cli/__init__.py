"""The ``reluexact`` command line: one module per subcommand, each thin.

Each subcommand module in :data:`SUBCOMMANDS` defines ``register(subparsers)``,
which adds its parser and sets ``handler=`` to a function ``(args) -> int``.
:func:`main` catches :class:`~reluexact.errors.ReluexactError` alone, prints its
message on one line to stderr and returns 2; anything else is a bug and keeps
its traceback. Ctrl-C (``KeyboardInterrupt``) returns 130 after one line saying
what was written and what was not; no partial file is left, because every write
is staged (:mod:`reluexact.atomic`). Every command runs inside
:func:`reluexact.atomic.output_guard`: its MODEL / IN file is never overwritten,
and its ``-o`` / ``--graph`` target is checked before the work starts.

Examples
--------
>>> main(["--version"])  # doctest: +ELLIPSIS
reluexact ...
0
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reluexact.errors import ReluexactError

if TYPE_CHECKING:
    from reluexact.atomic import WriteLog

__all__ = ["SUBCOMMANDS", "build_parser", "console_main", "interrupted_line", "main"]

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
    "pieces",
    "slice",
    "boundary",
    "maximize",
    "lipschitz",
    "check-certificate",
    "robustness",
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
    from reluexact.atomic import check_target, output_guard

    inputs = [value for value in (getattr(args, name, None) for name in _INPUT_OPTIONS) if isinstance(value, str)]
    outputs = [value for value in (getattr(args, name, None) for name in _OUTPUT_OPTIONS) if value]
    with output_guard(inputs=inputs, force=bool(getattr(args, "force", False))) as log:
        try:
            for output in outputs:  # refuse a target before the work, not after it
                check_target(output)
            return int(args.handler(args))
        except ReluexactError as error:
            print(f"reluexact {args.command}: error: {_one_line(str(error))}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print(f"reluexact {args.command}: {interrupted_line(log, outputs)}", file=sys.stderr)
            return 130
        except BrokenPipeError:
            return 0


#: Argument names holding the files a command reads (never overwritten) and the files it writes.
_INPUT_OPTIONS = ("model", "input")
_OUTPUT_OPTIONS = ("output", "graph", "jsonl")


def interrupted_line(log: WriteLog, outputs: Sequence[str | os.PathLike[str]]) -> str:
    """The one line printed on Ctrl-C: what was written, what was not (no partial file is ever left).

    Examples
    --------
    >>> from pathlib import Path
    >>> from reluexact.atomic import WriteLog
    >>> interrupted_line(WriteLog(written=[Path("r.regions.json")], in_progress=Path("r.tex")), ["r.tex"])
    'interrupted: wrote r.regions.json; not written: r.tex (no partial file left)'
    >>> interrupted_line(WriteLog(), [])
    'interrupted: wrote nothing'
    """
    written = [str(path) for path in log.written]
    missing = [str(path) for path in outputs if str(path) not in written]
    if log.in_progress is not None and str(log.in_progress) not in missing:
        missing.append(str(log.in_progress))
    line = f"interrupted: wrote {', '.join(written) if written else 'nothing'}"
    if missing:
        line += f"; not written: {', '.join(missing)} (no partial file left)"
    return line


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
