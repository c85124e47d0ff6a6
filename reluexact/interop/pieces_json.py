"""JSON documents of maximal affine pieces and exact slices (the ``--json`` output of ``pieces`` and ``slice``).

The algorithms (:mod:`reluexact.answers.pieces`, :mod:`reluexact.answers.slices`) return exact
values; this module turns them into documents. Every rational is a ``"p/q"`` (or ``"p"``) string;
ids of pieces, regions, hyperplane groups and outputs are 0-based, as in Python.

Examples
--------
>>> from reluexact.answers import affine_pieces
>>> from reluexact.model import TwoLayerReLU
>>> doc = pieces_to_json(affine_pieces(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0]], [0])))
>>> doc["n_regions"], doc["maps"], len(doc["pieces"])
(4, 2, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reluexact.rational import format_fraction

if TYPE_CHECKING:
    from reluexact.answers.pieces import PiecesResult
    from reluexact.domain import Box

__all__ = ["pieces_to_json", "slice_to_json"]


def _strings(values: Sequence[Fraction]) -> list[str]:
    return [format_fraction(v) for v in values]


def pieces_to_json(result: PiecesResult) -> dict[str, Any]:
    """The document of ``reluexact pieces --json``.

    Schema: ``{"n_regions": N, "output": k or null, "pieces": [{"id", "point", "gradient",
    "offset", "regions", "bounded", "facets"}], "maps": M, "map_groups": [[piece ids]],
    "graph": [{"pieces": [a, b], "hyperplane": label}]}``. Each facet is ``{"kind"
    ("hyperplane" or "side"), "label" ("h:<group>" or "box:<i>:lo|hi"), "units", "normal",
    "offset" (the piece lies on ``normal . x + offset > 0``), "neighbor" (the piece across, or
    null for a domain side), "point" (exact, in the facet's relative interior)}``; ``graph`` lists
    the pairs of pieces sharing a facet (the edges of :func:`reluexact.answers.pieces_graph`). ``gradient`` is
    a list of rows (one per output, or the one row of output k), ``regions`` the activation region
    ids of ``reluexact regions --json`` on the same model and domain, ``bounded`` whether the piece
    is bounded in R^d (always true inside a box), ``maps`` the number of distinct affine maps among
    the pieces and ``map_groups`` the pieces sharing each.

    Examples
    --------
    >>> from reluexact.answers import affine_pieces
    >>> from reluexact.model import TwoLayerReLU
    >>> doc = pieces_to_json(affine_pieces(TwoLayerReLU([[1]], [0], [["1/2"]], [0])))
    >>> {key: value for key, value in doc["pieces"][0].items() if key != "facets"}
    {'id': 0, 'point': ['1'], 'gradient': [['1/2']], 'offset': ['0'], 'regions': [0], 'bounded': False}
    >>> facet = doc["pieces"][0]["facets"][0]
    >>> facet["label"], facet["normal"], facet["offset"], facet["neighbor"], facet["point"]
    ('h:0', ['1'], '0', 1, ['0'])
    >>> doc["graph"]
    [{'pieces': [0, 1], 'hyperplane': 'h:0'}]
    """
    pieces = [
        {
            "id": p.id,
            "point": _strings(p.point),
            "gradient": [_strings(row) for row in p.gradient],
            "offset": _strings(p.offset),
            "regions": list(p.regions),
            "bounded": p.bounded,
            "facets": [_facet(f) for f in p.facets],
        }
        for p in result.pieces
    ]
    edges = sorted(
        {
            (min(p.id, f.neighbor), max(p.id, f.neighbor), f.label)
            for p in result.pieces
            for f in p.facets
            if f.neighbor is not None
        }
    )
    return {
        "n_regions": len(result.regions),
        "output": result.output,
        "pieces": pieces,
        "maps": result.n_maps,
        "map_groups": [list(group) for group in result.maps],
        "graph": [{"pieces": [a, b], "hyperplane": label} for a, b, label in edges],
    }


def _facet(f: Any) -> dict[str, Any]:
    """One facet of a piece: ``{"kind", "label", "units", "normal", "offset", "neighbor", "point"}``."""
    return {
        "kind": f.kind,
        "label": f.label,
        "units": list(f.units),
        "normal": [str(v) for v in f.normal],
        "offset": str(f.offset),
        "neighbor": f.neighbor,
        "point": None if f.point is None else _strings(f.point),
    }


def slice_to_json(
    origin: Sequence[Fraction],
    directions: Sequence[Sequence[Fraction]],
    box: Box,
    coordinates: Sequence[Sequence[Fraction]],
) -> dict[str, Any]:
    """The document of ``reluexact slice --json``: the slice x = origin + U t and its box in t.

    Schema: ``{"origin": [d], "directions": [[d] per slice coordinate], "box": [["lo", "hi"] per
    slice coordinate], "points": [[t] per given point]}``.

    Examples
    --------
    >>> from reluexact.answers import line_through, slice_box
    >>> origin, directions = line_through([0, 0], [2, 2])
    >>> slice_to_json(origin, directions, slice_box(origin, directions, [[0, 0], [2, 2]]), [[0], [1]])["box"]
    [['-1/10', '11/10']]
    """
    return {
        "origin": _strings(origin),
        "directions": [_strings(u) for u in directions],
        "box": [[format_fraction(lo), format_fraction(hi)] for lo, hi in box.bounds],
        "points": [_strings(t) for t in coordinates],
    }
