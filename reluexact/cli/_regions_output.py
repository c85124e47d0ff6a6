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
from reluexact.regions.facet_walk import METHODS

__all__ = ["Display", "Streamed", "add_output_arguments", "parse_bytes", "stream_outputs"]

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
        help="write the regions and edges as JSON Lines while the enumeration runs (a header line, one line per "
        "region, one per edge with its point and checked gradient jump, one per facet on the domain boundary, a "
        'trailer with "complete"), rationals as "p/q" strings; "-" for stdout; for results of any size',
    )
    parser.add_argument(
        "--parquet",
        metavar="FOLDER",
        help="write FOLDER/regions.parquet, edges.parquet and sides.parquet while the enumeration runs (needs "
        'pyarrow: the parquet extra), rationals as "p/q" strings; loads into pandas, polars or DuckDB',
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="auto",
        help="lattice: restriction over the intersection lattice (cost grows with every face); walk: facet walk "
        "over regions (cost grows with regions x hyperplanes); sweep: general-position sweep (all of R^d, "
        "hyperplanes in general position only); auto (default): the sweep when it applies (d >= 3), else the one a "
        "measured cost model predicts faster, the planar path at d = 2. Same regions; lattice streams them as it "
        "finds them",
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

    def note(self, text: str) -> None:
        """Show ``text`` after the bar (what the stage has done so far)."""
        if self.bar is not None:
            self.bar.set_postfix_str(text)

    def close(self) -> None:
        """Remove the display."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _warn_large(count: int, what: str) -> None:
    if count > LARGE:
        print(
            f"reluexact regions: warning: {count} regions: {what} is slow and large at this size; "
            "--jsonl OUT or --parquet FOLDER write the same exact data in a streaming format",
            file=sys.stderr,
        )


#: Regions the text output shows.
SHOWN = 20


class Streamed:
    """What :func:`stream_outputs` handed out: the stream's summary, the first regions, the arrangement."""

    def __init__(self, summary: Any, shown: list[Any]) -> None:
        self.summary = summary
        self.shown = shown


def stream_outputs(
    args: argparse.Namespace, net: Any, domain: Any, display: Display, *, result: Any = None
) -> Streamed:
    """Enumerate (or, with ``result``, replay a computed result) straight into the outputs asked for.

    The streaming outputs (--graph, --jsonl, --parquet) get each certified batch as the engine
    hands it out (:func:`reluexact.regions.streaming.stream_arrangement`), so they grow while it
    runs; --json holds each region's text until its facets are known and writes the document at
    the end. The writers share one :class:`~reluexact.interop.regions_stream.BatchRecords`, so
    each batch's exact text is computed once for all of them.
    """
    import contextlib

    from reluexact.interop.regions_stream import BatchRecords, open_regions_writer
    from reluexact.regions.arrangements import arrangement
    from reluexact.regions.streaming import result_batches, stream_arrangement

    arr = result.arrangement if result is not None else arrangement(net, domain=domain)
    to_stdout = args.jsonl == "-"
    if to_stdout and args.json:
        raise InvalidArgument("--jsonl - and --json both write to stdout: give --jsonl a file")
    shown: list[Any] = []
    records = BatchRecords(arr)
    with contextlib.ExitStack() as stack:
        writers = []

        def add(kind: str, target: Any, progress: Any = None) -> None:
            writer = open_regions_writer(kind, target, arr, force=args.force, records=records, progress=progress)
            writers.append(stack.enter_context(writer))

        if args.graph:
            add("graphml", args.graph)
        if args.jsonl:
            add("jsonl", sys.stdout if to_stdout else args.jsonl)
        if args.parquet:
            add("parquet", args.parquet)
        json_writer = None
        if args.json:
            add("json", sys.stdout, display.update)
            json_writer = writers.pop()

        names = [str(t) for t in (args.graph, args.jsonl, args.parquet) if t]
        count = [0]

        def on_batch(batch: Any) -> None:
            for writer in writers:
                writer(batch)
            count[0] += len(batch)
            display.note(f"{count[0]} regions" + (f" -> {', '.join(names)}" if names else ""))
            if json_writer is not None:
                json_writer(batch)
            if len(shown) < SHOWN and batch.patterns:
                shown.extend(batch.regions(net)[: SHOWN - len(shown)])

        if result is not None:
            summary = result_batches(result, on_batch)
        else:
            display.stage("regions (planes walked)", 0)
            summary = stream_arrangement(
                arr,
                on_batch,
                max_regions=args.max_regions,
                time_limit=args.time_limit,
                progress=False if display.bar is None else display.bar,
                max_memory=args.max_memory,
                method=args.method,
            )
        for writer in writers:
            writer.finish(summary)
        if args.graph:
            _warn_large(summary.regions, "GraphML")
        if json_writer is not None:
            _warn_large(summary.regions, "--json")
            display.stage("writing JSON", summary.regions + summary.edges)
            json_writer.finish(summary)
    return Streamed(summary, shown)
