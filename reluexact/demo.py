"""The ``reluexact demo`` analysis: an exact look at a small bundled model.

The bundled model ``reluexact/data/demo_model.json`` is worked example 4 of the
theory notes (W = [[1, 2], [-1, 1], [1/2, -3]], b = (3/10, -1/5, 1),
a = (2, -1, 7/10), c = 0) plus two degenerate units that ``info`` detects: unit 3
has the hyperplane of unit 0 with the opposite orientation ((w_3, b_3) =
-2 (w_0, b_0)) and unit 4 has w = 0 (it adds the constant 3 relu(1/2) = 3/2).

Examples
--------
>>> net = demo_model()
>>> net
TwoLayerReLU(d=2, n=5, m=1)
>>> "f(1/2,1/3) = " in demo_report(net)
True
"""

from __future__ import annotations

from fractions import Fraction
from importlib import resources

from reluexact.model import TwoLayerReLU, evaluate_exact_batch, evaluate_float
from reluexact.rational import format_fraction

__all__ = ["DEMO_POINTS", "demo_model", "demo_report"]

#: The points ``demo_report`` evaluates the d = 2 demo model at.
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


def demo_report(net: TwoLayerReLU | None = None, *, points: tuple[tuple[Fraction, ...], ...] | None = None) -> str:
    """Text of the exact analysis ``reluexact demo`` prints.

    The structure (``reluexact info``), exact values at a few rational points next to
    float64 evaluation, and the LaTeX formula.

    Parameters
    ----------
    net : TwoLayerReLU, optional
        Defaults to :func:`demo_model`.
    points : tuple of points, optional
        Defaults to :data:`DEMO_POINTS` (which suit d = 2); for other d, the origin
        and the all-ones point.

    Examples
    --------
    >>> print(demo_report(TwoLayerReLU([[1]], [0], [[2]], [0])).splitlines()[-1])
    f(x) = 2 \\operatorname{relu}\\left(x\\right)
    """
    from reluexact.report.latex import network_latex
    from reluexact.summary import format_summary

    net = net if net is not None else demo_model()
    if points is None:
        points = (
            DEMO_POINTS
            if net.input_dim == 2
            else (tuple(Fraction(0) for _ in range(net.input_dim)), tuple(Fraction(1) for _ in range(net.input_dim)))
        )
    values = evaluate_exact_batch(net, points)
    floats = evaluate_float(net, [[float(v) for v in point] for point in points])
    lines = [format_summary(net), "", "exact values (float64 evaluation alongside):"]
    for point, exact, approx in zip(points, values, floats, strict=True):
        argument = ",".join(format_fraction(v) for v in point)
        shown = ", ".join(format_fraction(v) for v in exact)
        approx_text = ", ".join(repr(float(v)) for v in approx)
        if len(exact) > 1:
            shown, approx_text = f"({shown})", f"({approx_text})"
        lines.append(f"  f({argument}) = {shown}    [float64: {approx_text}]")
    lines += ["", "formula (LaTeX):", network_latex(net)]
    return "\n".join(lines)
