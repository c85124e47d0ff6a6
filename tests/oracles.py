"""Independent oracles: the definitions, written as plainly as possible, with no shared code.

These deliberately do not call reluexact's evaluation code, so that tests comparing
against them compare two independent computations.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from reluexact.model import TwoLayerReLU

__all__ = ["reference_evaluate"]


def reference_evaluate(net: TwoLayerReLU, x: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """f(x) = A relu(W x + b) + c in plain Fraction arithmetic, straight from the definition.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> reference_evaluate(net, [Fraction(-1)])
    (Fraction(91, 10),)
    """
    hidden = []
    for row, bias in zip(net.W, net.b, strict=True):
        z = bias
        for w, v in zip(row, x, strict=True):
            z += w * Fraction(v)
        hidden.append(max(z, Fraction(0)))
    out = []
    for row, bias in zip(net.A, net.c, strict=True):
        y = bias
        for a, h in zip(row, hidden, strict=True):
            y += a * h
        out.append(y)
    return tuple(out)
