"""JSON documents for the decision boundary and the class cells (rationals as ``"p/q"`` strings, 0-based).

The algorithms (:mod:`reluexact.answers`) return exact values; this module turns them into the
documents ``reluexact boundary --json`` prints. Region ids are those of ``reluexact regions`` on
the same model and domain; classes are 0-based output indices.

Examples
--------
>>> from reluexact.answers import decision_boundary
>>> from reluexact.model import TwoLayerReLU
>>> doc = boundary_to_json(decision_boundary(TwoLayerReLU([[1]], [0], [[1]], ["-1/2"]), domain="-1,1"))
>>> doc["pieces"], doc["zero_regions"]
([{'region': 0, 'point': ['1/2']}], [])
>>> [(c["region"], c["sign"], c["point"]) for c in doc["cells"]]
[(0, 1, ['3/4']), (0, -1, ['1/4']), (1, -1, ['-1/4'])]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reluexact.rational import format_fraction

if TYPE_CHECKING:
    from reluexact.answers import ClassCells, DecisionBoundary

__all__ = ["boundary_to_json", "class_cells_to_json"]


def _point(p: Any) -> list[str]:
    return [format_fraction(v) for v in p]


def boundary_to_json(boundary: DecisionBoundary) -> dict[str, Any]:
    """The decision boundary of one output as JSON.

    Schema: ``{"pieces": [{"region", "point"}], "zero_regions": [ids], "cells": [{"region", "sign", "point"}]}``;
    a piece's point has f = 0 exactly and lies strictly inside its region, a cell's point strictly inside
    its region with sign(f) = ``sign`` (1 or -1).

    Examples
    --------
    >>> from reluexact.answers import decision_boundary
    >>> from reluexact.model import TwoLayerReLU
    >>> document = boundary_to_json(decision_boundary(TwoLayerReLU([[1]], [0], [[1]], ["-1/2"]), domain="-1,1"))
    >>> document["pieces"], document["zero_regions"]
    ([{'region': 0, 'point': ['1/2']}], [])
    >>> document["cells"][:2]
    [{'region': 0, 'sign': 1, 'point': ['3/4']}, {'region': 0, 'sign': -1, 'point': ['1/4']}]
    """
    return {
        "pieces": [{"region": p.region, "point": _point(p.point)} for p in boundary.pieces],
        "zero_regions": list(boundary.zero_regions),
        "cells": [{"region": c.region, "sign": c.sign, "point": _point(c.point)} for c in boundary.cells],
    }


def class_cells_to_json(cells: ClassCells) -> dict[str, Any]:
    """The argmax class cells and interfaces as JSON.

    Schema: ``{"cells": [{"region", "class", "point"}], "interfaces": [{"region", "classes": [k, l], "point"}]}``;
    a cell's point is strictly inside its region where its class is strictly the largest output (outputs
    with the same map on the region tie on the whole cell, which the smallest owns); an interface's point is
    strictly inside its region with f_k = f_l above every other output.

    Examples
    --------
    >>> from reluexact.answers import class_cells
    >>> from reluexact.model import TwoLayerReLU
    >>> doc = class_cells_to_json(class_cells(TwoLayerReLU([[1]], [0], [[1], [-1]], [0, "1/2"]), domain="-1,1"))
    >>> [(c["region"], c["class"], c["point"]) for c in doc["cells"]]
    [(0, 0, ['1/2']), (0, 1, ['1/6']), (1, 1, ['-1/4'])]
    >>> doc["interfaces"]  # x = 1/4: relu(x) = 1/2 - relu(x)
    [{'region': 0, 'classes': [0, 1], 'point': ['1/4']}]
    """
    return {
        "cells": [{"region": c.region, "class": c.label, "point": _point(c.point)} for c in cells.cells],
        "interfaces": [
            {"region": i.region, "classes": list(i.classes), "point": _point(i.point)} for i in cells.interfaces
        ],
    }
