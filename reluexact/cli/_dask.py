"""The Dask options shared by the subcommands that can run on a cluster (``--workers``, ``--scheduler``).

A subcommand adds them with :func:`add_dask_arguments` (one block, after its own options) and
asks :func:`wants_dask` whether to take its distributed path
(:mod:`reluexact.regions.distributed`).
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_dask_arguments", "dask_options", "wants_dask"]


def add_dask_arguments(parser: argparse.ArgumentParser, *, parts: bool = False) -> None:
    """Add ``--workers N``, ``--scheduler ADDRESS``, ``--tasks N``.

    With ``parts`` (the region enumeration), also ``--parts FOLDER``, ``--parts-format``,
    ``--max-task-regions N`` (split a task again when it finds more regions) and
    ``--split auto|sweep|cells`` (how the work is split, ``regions_distributed``'s ``split``).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_dask_arguments(parser, parts=True)
    >>> args = parser.parse_args(["--workers", "2", "--parts", "out"])
    >>> wants_dask(args), dask_options(args)
    (True, {'workers': 2, 'scheduler': None, 'tasks': None, 'max_task_regions': None, 'split': 'auto'})
    """
    group = parser.add_argument_group("distributed (Dask, the [dist] extra)")
    group.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="run on a local Dask cluster of N worker processes (same result as one process)",
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786)",
    )
    group.add_argument(
        "--tasks",
        type=int,
        metavar="N",
        help="split the work into about N tasks (default: one per worker for regions, pieces and boundary; "
        "two per worker for the per-sample locate and robustness)",
    )
    if parts:
        group.add_argument(
            "--parts",
            metavar="FOLDER",
            help="each task writes its regions and edges into FOLDER (regions-K / edges-K files and "
            "manifest.json); the regions are not printed",
        )
        group.add_argument(
            "--parts-format",
            choices=("jsonl", "parquet"),
            default="jsonl",
            help="format of the --parts files: JSON Lines (default) or Parquet (needs pyarrow)",
        )
        group.add_argument(
            "--max-task-regions",
            type=int,
            metavar="N",
            help="split a task again (its cell cut in two by more hyperplanes) when it finds more than N "
            "regions; same result",
        )
        group.add_argument(
            "--split",
            choices=("auto", "sweep", "cells"),
            help="how the work is split: 'sweep' the distributed general-position sweep (all of R^d), 'cells' "
            "cells of the net's own hyperplanes (any domain), 'auto' (default) the sweep in R^d for d >= 3, "
            "else cells; same result",
        )


def wants_dask(args: argparse.Namespace) -> bool:
    """True when a Dask option was given."""
    names = ("workers", "scheduler", "tasks", "parts", "max_task_regions", "split")
    return any(getattr(args, name, None) is not None for name in names)


def dask_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments for :mod:`reluexact.regions.distributed` (checked)."""
    from reluexact.errors import InvalidArgument

    for name in ("workers", "tasks", "max_task_regions"):
        value = getattr(args, name, None)
        if value is not None and value < 1:
            raise InvalidArgument(f"--{name.replace('_', '-')} must be a positive integer, got {value}")
    if args.workers is not None and args.scheduler is not None:
        raise InvalidArgument("give --workers (a local cluster) or --scheduler (an existing one), not both")
    options: dict[str, Any] = {"workers": args.workers, "scheduler": args.scheduler, "tasks": args.tasks}
    if hasattr(args, "max_task_regions"):  # the region enumeration only
        options["max_task_regions"] = args.max_task_regions
        options["split"] = args.split or "auto"
    return options
