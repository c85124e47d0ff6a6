"""The ``reluexact demo`` analysis: an exact look at a small bundled model.

The bundled model ``reluexact/data/demo_model.json`` is worked example 4 of the
theory notes (W = [[1, 2], [-1, 1], [1/2, -3]], b = (3/10, -1/5, 1),
a = (2, -1, 7/10), c = 0) plus two degenerate units that ``info`` detects: unit 4
has the hyperplane of unit 1 with the opposite orientation ((w_4, b_4) =
-2 (w_1, b_1)) and unit 5 has w = 0 (it adds the constant 3 relu(1/2) = 3/2).
Units are numbered from 1 as people count them (Python rows W[3] and W[4]).

Examples
--------
>>> net = demo_model()
>>> net
TwoLayerReLU(d=2, n=5, m=1)
>>> net(DEMO_POINTS[2])
(Fraction(553, 120),)

Its text (structure, exact values, formula) is :func:`reluexact.cli._format.demo_text`.
"""

from __future__ import annotations

from fractions import Fraction
from importlib import resources

from reluexact.model import TwoLayerReLU

__all__ = ["DEMO_POINTS", "demo_model"]

#: The points ``demo_text`` evaluates the d = 2 demo model at.
DEMO_POINTS: tuple[tuple[Fraction, ...], ...] = (
    (Fraction(0), Fraction(0)),
    (Fraction(1), Fraction(-1)),
    (Fraction(1, 2), Fraction(1, 3)),
    (Fraction(-2), Fraction(3, 4)),
    (Fraction(1, 10), Fraction(-1, 5)),
)


def demo_model() -> TwoLayerReLU:
    """The small exact model bundled with the package (d = 2, n = 5, m = 1).

    Examples
    --------
    >>> demo_model()([0, 0])
    (Fraction(14, 5),)
    """
    from reluexact.interop.json_io import loads_json

    text = resources.files("reluexact").joinpath("data", "demo_model.json").read_text(encoding="utf-8")
    return loads_json(text, where="reluexact/data/demo_model.json")
