"""Answers from the regions: what users ask of a two-layer ReLU network, exactly.

Built on :mod:`reluexact.regions` (and below the report and CLI layers); the mathematics is in
``theory.md``, section "Answers from the regions". One module per question:
:mod:`~reluexact.answers.boundary` (the decision boundary {f = 0} of one output) and
:mod:`~reluexact.answers.classes` (the argmax class cells of several outputs).
"""

from __future__ import annotations

from reluexact.answers.boundary import BoundaryFace, BoundaryPiece, DecisionBoundary, DecisionCell, decision_boundary
from reluexact.answers.classes import ClassCell, ClassCells, ClassInterface, class_cells

__all__: list[str] = [
    "BoundaryFace",
    "BoundaryPiece",
    "ClassCell",
    "ClassCells",
    "ClassInterface",
    "DecisionBoundary",
    "DecisionCell",
    "class_cells",
    "decision_boundary",
]
