"""What ``reluexact regions`` writes, and how it shows progress (CLI-private).

One progress display (a tqdm bar on stderr) runs through the stages: enumeration (planes
walked), then each output (records written). It is shown on a terminal, or always with
``--progress``; never with ``--quiet``. The outputs are the fast exact writers of
:mod:`reluexact.interop.regions_stream`.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from reluexact.errors import InvalidArgument

__all__ = ["Display", "add_output_arguments", "parse_bytes", "write_outputs"]

#: Above this many regions GraphML and indented JSON are slow and large: say so, point at JSON Lines / Parquet.
LARGE = 100_000

_UNITS = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "KI": 2**10, "MI": 2**20, "GI": 2**30, "TI": 2**40}


def parse_bytes(text: str) -> int:
    """Read a memory size: ``"800M"``, ``"1.5G"``, ``"2GiB"``, ``"1000000"`` (bytes; K/M/G/T are powers of 10).

    Examples
    --------
    >>> parse_bytes("1.5G"), parse_bytes("512MiB"), parse_bytes("4096")
    (1500000000, 536870912, 4096)
    >>> parse_bytes("lots")
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: --max-memory must be a size such as 800M, 1.5G or 2GiB, got 'lots'
    """
    found = re.fullmatch(r"\s*(\d+(?:\.\d*)?)\s*([kKmMgGtT]?)(i?)[bB]?\s*", text)
    if found is None or float(found.group(1)) <= 0:
        raise InvalidArgument(f"--max-memory must be a size such as 800M, 1.5G or 2GiB, got {text!r}")
    from fractions import Fraction

    unit = _UNITS[(found.group(2) + found.group(3)).upper()]
    value = int(Fraction(found.group(1)) * unit)
    if value < 1:
        raise InvalidArgument(f"--max-memory must be at least one byte, got {text!r}")
    return value


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """The streaming outputs, the progress switch and the memory budget of ``reluexact regions``."""
    parser.add_argument(
        "--jsonl",
        metavar="OUT.jsonl",
        help="write the regions and edges as JSON Lines (a header line, one line per region, one per edge with "
        'its point and checked gradient jump, a trailer with "complete"), rationals as "p/q" strings; for '
        "results of any size",
    )
    parser.add_argument(
        "--parquet",
        metavar="FOLDER",
        help="write FOLDER/regions.parquet and FOLDER/edges.parquet (needs pyarrow: the parquet extra), "
        'rationals as "p/q" strings; loads into pandas, polars or DuckDB',
    )
    parser.add_argument(
        "--progress", action="store_true", help="show the progress display even when stderr is not a terminal"
    )
    parser.add_argument(
        "--max-memory",
        type=parse_bytes,
        metavar="SIZE",
        help="stop cleanly when the process holds more resident memory than SIZE (800M, 1.5G, 2GiB; partial result)",
    )


class Display:
    """One tqdm bar across the stages (``bar`` is None when it is not shown)."""

    def __init__(self, *, shown: bool) -> None:
        self.bar: Any = None
        if shown:
            from tqdm import tqdm

            self.bar = tqdm(total=0, desc="starting", leave=False, file=sys.stderr, dynamic_ncols=True)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Display:
        """Shown with ``--progress``, or on a terminal unless ``--quiet``."""
        return cls(shown=not args.quiet and (args.progress or sys.stderr.isatty()))

    def stage(self, description: str, total: int) -> None:
        """Start a stage of ``total`` steps."""
        if self.bar is not None:
            self.bar.reset(total=total)
            self.bar.set_description(description)

    def update(self, count: int) -> None:
        """``count`` more steps of the stage done."""
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        """Remove the display."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _warn_large(result: Any, what: str) -> None:
    if len(result) > LARGE:
        print(
            f"reluexact regions: warning: {len(result)} regions: {what} is slow and large at this size; "
            "--jsonl OUT or --parquet FOLDER write the same exact data in a streaming format",
            file=sys.stderr,
        )


def write_outputs(args: argparse.Namespace, result: Any, display: Display) -> None:
    """Write the files asked for (--graph, --jsonl, --parquet) and, with --json, the document to stdout."""
    from reluexact.interop.regions_stream import (
        write_regions_graphml,
        write_regions_json,
        write_regions_jsonl,
        write_regions_parquet,
    )

    records = len(result) + len(result.edges)
    if args.graph:
        _warn_large(result, "GraphML")
        display.stage(f"writing {args.graph}", records)
        write_regions_graphml(result, args.graph, progress=display.update)
    if args.jsonl:
        display.stage(f"writing {args.jsonl}", records)
        write_regions_jsonl(result, args.jsonl, progress=display.update)
    if args.parquet:
        display.stage(f"writing {args.parquet}", records)
        write_regions_parquet(result, args.parquet, progress=display.update)
    if args.json:
        _warn_large(result, "--json")
        display.stage("writing JSON", records)
        write_regions_json(result, sys.stdout, progress=display.update)
