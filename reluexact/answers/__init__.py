"""Answers from the regions: what users ask of a two-layer ReLU network, exactly.

Built on :mod:`reluexact.regions` (and below the report and CLI layers); the mathematics is in
``theory.md``, section "Answers from the regions". One module per question:
:mod:`~reluexact.answers.pieces` (maximal affine pieces) and :mod:`~reluexact.answers.slices`
(exact slices through the data).
"""

from __future__ import annotations

from reluexact.answers.pieces import (
    AffinePiece,
    PiecesResult,
    affine_pieces,
    hyperplane_jumps,
    n_affine_pieces,
    pieces_graph,
    unbounded_regions,
)
from reluexact.answers.slices import line_through, plane_through, slice_box, slice_coordinates, slice_network

__all__: list[str] = [
    "AffinePiece",
    "PiecesResult",
    "affine_pieces",
    "hyperplane_jumps",
    "line_through",
    "n_affine_pieces",
    "pieces_graph",
    "plane_through",
    "slice_box",
    "slice_coordinates",
    "slice_network",
    "unbounded_regions",
]
