"""Answers from the regions: what users ask of a two-layer ReLU network, exactly.

Built on :mod:`reluexact.regions` (and below the report and CLI layers); the mathematics is in
``theory.md``, section "Answers from the regions". One module per question.
"""

from __future__ import annotations

__all__: list[str] = []
