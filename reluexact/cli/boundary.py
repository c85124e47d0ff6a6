"""``reluexact boundary MODEL [--box=LO,HI;...] [--json]``: the decision boundary (m = 1) or class cells (m >= 2)."""

from __future__ import annotations

import argparse
from typing import Any

from reluexact.cli._common import add_json_argument, answer_parser, model_and_box, print_json
from reluexact.cli._dask import add_dask_arguments, dask_options, wants_dask

NAME = "boundary"


def register(subparsers: Any) -> None:
    """Add the ``boundary`` subcommand.

    Examples
    --------
    >>> from reluexact.cli import main
    >>> main(["boundary", "--help"])  # doctest: +ELLIPSIS
    usage: reluexact boundary ...
    0
    """
    parser = answer_parser(
        subparsers,
        NAME,
        help="exact decision boundary {f = 0} (one output) or argmax class cells (several outputs)",
        description=(
            "One output: every piece of the decision boundary {f = 0} inside a linear region, with a rational "
            "point where f = 0 exactly strictly inside the region; the zero regions (f = 0 on the whole region); "
            "and the decision cells {f > 0}, {f < 0} of each region with exact interior points. Several outputs: "
            "the argmax class cells of each region and the interfaces {f_k = f_l >= the others} between classes "
            "(ties are boundary), each with an exact point. In d = 2 inside a box the text also gives exact "
            "lengths and areas. Region ids are those of 'reluexact regions' on the same model and domain. Text "
            "numbers regions R1, R2, ... and classes (outputs) from 1; --json ids and classes are 0-based."
        ),
        epilog="examples: reluexact boundary model.json --box='-1,1;-1,1'    reluexact boundary model.json --json",
    )
    add_json_argument(
        parser,
        'print, for m = 1, {"pieces": [{"region", "point"}], "zero_regions": [ids], "cells": [{"region", '
        '"sign", "point"}]}; for m >= 2, {"cells": [{"region", "class", "point"}], "interfaces": [{"region", '
        '"classes": [k, l], "point"}]}; rationals as "p/q" strings',
    )
    add_dask_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, enumerate the regions, compute the boundary or the class cells, print.

    Examples
    --------
    >>> import argparse
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 0], [0, 1]], [0, "-1/2"])  # two outputs: class cells
    >>> run(argparse.Namespace(model=net, box="-2,2", json=False))
    argmax of 2 outputs: 3 class cells and 1 interfaces in 2 regions (domain box[-2,2])
      class 1: 2 cells
      class 2: 1 cell
      cell of class 1 in R1: point (1/2)
      cell of class 1 in R2: point (-1/4)
      cell of class 2 in R2: point (-5/4)
      interface of classes 1 and 2 in R2: point (-1/2)
    0
    """
    from reluexact.answers import class_cells, decision_boundary
    from reluexact.cli._answers_format import boundary_text, class_cells_text
    from reluexact.interop.boundary_json import boundary_to_json, class_cells_to_json
    from reluexact.regions import regions

    net, domain = model_and_box(args)
    if wants_dask(args):  # the regions on a Dask cluster (numbered by pattern, as 'regions --workers' does)
        from reluexact.regions.distributed import regions_distributed

        result = regions_distributed(net, domain=domain, **dask_options(args))
    else:
        result = regions(net, domain=domain, progress=False)
    if net.output_dim == 1:
        boundary = decision_boundary(net, result=result)
        if args.json:
            print_json(boundary_to_json(boundary))
        else:
            print(boundary_text(boundary))
        return 0
    cells = class_cells(net, result=result)
    if args.json:
        print_json(class_cells_to_json(cells))
    else:
        print(class_cells_text(cells))
    return 0
