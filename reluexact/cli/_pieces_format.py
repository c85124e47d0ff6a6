"""Text printers of ``reluexact pieces`` and ``reluexact slice`` (people-facing: numbered from 1).

Pieces are P1, P2, ... (P1 is piece id 0), activation regions R1, R2, ... (R1 is region id 0, as
``reluexact regions`` prints them), outputs from 1; the JSON printers
(:mod:`reluexact.interop.pieces_json`) stay 0-based.

Examples
--------
>>> from reluexact.answers import affine_pieces
>>> from reluexact.model import TwoLayerReLU
>>> print(pieces_text(affine_pieces(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0]], [0]))))
2 affine pieces, 2 distinct maps, from 4 activation regions (the vector map; domain R^2)
1 of 2 hyperplanes visible (a hyperplane is visible when f's gradient jumps across it)
  piece P1: regions R1, R3  point (1,-1)  gradient [1,0]  offset [0]  unbounded  map 1
  piece P2: regions R2, R4  point (-1,-1)  gradient [0,0]  offset [0]  unbounded  map 2
adjacency graph: 1 edge between 2 pieces (pieces sharing a facet on a visible hyperplane)
  P1 -- P2 across unit 1 at (0,-1)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from reluexact.cli._format import unit_number, units_text
from reluexact.rational import format_fraction

if TYPE_CHECKING:
    from reluexact.answers.pieces import PiecesResult
    from reluexact.domain import Box

__all__ = ["box_option_text", "graph_lines", "pieces_text", "slice_text"]

#: Pieces listed in full before "... N more (use --json for all)".
SHOWN = 20


def _row(values: Sequence[Fraction]) -> str:
    return ",".join(format_fraction(v) for v in values)


def _ids(prefix: str, ids: Sequence[int], limit: int = 8) -> str:
    text = ", ".join(f"{prefix}{unit_number(i)}" for i in ids[:limit])
    return text + (f", ... ({len(ids)} in all)" if len(ids) > limit else "")


def pieces_text(result: PiecesResult, *, shown: int = SHOWN) -> str:
    """The text of ``reluexact pieces``: counts, then one line per piece (the first ``shown``)."""
    which = "the vector map" if result.output is None else f"output {unit_number(result.output)}"
    n_groups = len(result.jumps)
    lines = [
        f"{len(result)} affine piece{'s' if len(result) != 1 else ''}, {result.n_maps} distinct "
        f"map{'s' if result.n_maps != 1 else ''}, from {len(result.regions)} activation "
        f"region{'s' if len(result.regions) != 1 else ''} ({which}; domain {result.regions.domain!r})",
        f"{len(result.visible)} of {n_groups} hyperplane{'s' if n_groups != 1 else ''} visible (a hyperplane is "
        "visible when f's gradient jumps across it)",
    ]
    for p in result.pieces[:shown]:
        gradient = "; ".join(_row(row) for row in p.gradient)
        lines.append(
            f"  piece P{unit_number(p.id)}: regions {_ids('R', p.regions)}  point ({_row(p.point)})  "
            f"gradient [{gradient}]  offset [{_row(p.offset)}]  {'bounded' if p.bounded else 'unbounded'}  "
            f"map {unit_number(p.map_class)}"
        )
    if len(result) > shown:
        lines.append(f"  ... {len(result) - shown} more (use --json for all)")
    lines += graph_lines(result, shown=shown)
    return "\n".join(lines)


def graph_lines(result: PiecesResult, *, shown: int = SHOWN) -> list[str]:
    """The adjacency graph of the pieces (:func:`reluexact.answers.pieces_graph`): one line per edge.

    Two pieces are adjacent when they share a facet, which lies on a visible hyperplane; the line
    names the units on it (numbered from 1) and a point in the shared facet's relative interior.

    Examples
    --------
    >>> from reluexact.answers import affine_pieces
    >>> from reluexact.model import TwoLayerReLU
    >>> result = affine_pieces(TwoLayerReLU([[1], [1]], [0, -1], [[1, -1]], [0]), domain="-2,2")
    >>> for line in graph_lines(result):
    ...     print(line)
    adjacency graph: 2 edges between 3 pieces (pieces sharing a facet on a visible hyperplane)
      P1 -- P2 across unit 1 at (0)
      P1 -- P3 across unit 2 at (1)
    """
    from reluexact.answers import pieces_graph

    graph = pieces_graph(result)
    n_edges = graph.number_of_edges()
    lines = [
        f"adjacency graph: {n_edges} edge{'s' if n_edges != 1 else ''} between {len(result)} "
        f"piece{'s' if len(result) != 1 else ''} (pieces sharing a facet on a visible hyperplane)"
    ]
    edges = sorted(graph.edges(data=True), key=lambda edge: (min(edge[0], edge[1]), max(edge[0], edge[1])))
    for a, b, data in edges[:shown]:
        a, b = min(a, b), max(a, b)
        where = f" at ({_row(data['point'])})" if data.get("point") is not None else ""
        lines.append(f"  P{unit_number(a)} -- P{unit_number(b)} across {units_text(data['units'])}{where}")
    if n_edges > shown:
        lines.append(f"  ... {n_edges - shown} more (use --json for all)")
    return lines


def box_option_text(box: Box) -> str:
    """A box as the ``--box`` value every command reads: ``lo,hi;lo,hi``.

    Examples
    --------
    >>> from reluexact.domain import Box
    >>> box_option_text(Box([("-1/10", "11/10"), (0, 1)]))
    '-1/10,11/10;0,1'
    """
    return ";".join(f"{format_fraction(lo)},{format_fraction(hi)}" for lo, hi in box.bounds)


def slice_text(
    origin: Sequence[Fraction],
    directions: Sequence[Sequence[Fraction]],
    box: Box,
    coordinates: Sequence[Sequence[Fraction]],
    output: str,
) -> str:
    """The text of ``reluexact slice``: the slice, where each point went, the box and the next command.

    Examples
    --------
    >>> from reluexact.answers import line_through, slice_box
    >>> origin, directions = line_through([0, 0], [2, 2])
    >>> print(slice_text(origin, directions, slice_box(origin, directions, [[0, 0], [2, 2]]), [[0], [1]], "s.json"))
    wrote s.json: the 1-input network t -> f(x0 + U t), x0 = (0,0), U = [(2,2)] (columns)
      point 1 -> t = (0)
      point 2 -> t = (1)
    slice box (covers the points, padded by 1/10 of their extent): --box='-1/10,11/10'
    next: reluexact regions s.json --box='-1/10,11/10'
    """
    k = len(directions)
    columns = ", ".join(f"({_row(u)})" for u in directions)
    lines = [
        f"wrote {output}: the {k}-input network t -> f(x0 + U t), x0 = ({_row(origin)}), U = [{columns}] (columns)"
    ]
    lines += [f"  point {unit_number(j)} -> t = ({_row(t)})" for j, t in enumerate(coordinates)]
    option = box_option_text(box)
    lines.append(f"slice box (covers the points, padded by 1/10 of their extent): --box='{option}'")
    lines.append(f"next: reluexact regions {output} --box='{option}'")
    return "\n".join(lines)
