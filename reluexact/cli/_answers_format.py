"""Text printers of ``reluexact boundary``: the decision boundary and the class cells, for people.

Regions are numbered R1, R2, ... (R1 is id 0) and classes (outputs) from 1, as everywhere in the
CLI's text; the JSON printers (:mod:`reluexact.interop.boundary_json`) keep 0-based indices.

Examples
--------
>>> from reluexact.answers import decision_boundary
>>> from reluexact.model import TwoLayerReLU
>>> print(boundary_text(decision_boundary(TwoLayerReLU([[1]], [0], [[1]], ["-1/2"]), domain="-1,1")))
decision boundary {f = 0}: 1 piece in 2 regions (domain box[-1,1]), 0 zero regions, 3 decision cells
  piece in R1: point (1/2)
  f > 0: length 1/2; f < 0: length 3/2
  cell f > 0 in R1: point (3/4)
  cell f < 0 in R1: point (1/4)
  cell f < 0 in R2: point (-1/4)
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reluexact.rational import format_fraction

if TYPE_CHECKING:
    from reluexact.answers import ClassCells, DecisionBoundary

__all__ = ["approx", "boundary_text", "class_cells_text"]


def approx(value: Any) -> str:
    """A 6-digit decimal approximation of an exact number for text output, never overflowing a float.

    Examples
    --------
    >>> approx(Fraction(1, 3)), approx(Fraction(10**400, 3))
    ('0.333333', '3.33333E+399')
    """
    import decimal

    try:
        return f"{float(value):.6g}"
    except (OverflowError, ValueError, TypeError):
        pass
    if isinstance(value, Fraction):
        with decimal.localcontext() as context:
            context.prec = 12
            quotient = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
            return f"{quotient:.6G}"
    import sympy

    return str(sympy.N(value, 6))


#: Rows of each list printed before "... N more (use --json for all)".
SHOWN = 20


def _point(p: Any) -> str:
    return "(" + ", ".join(format_fraction(v) for v in p) + ")"


def _more(total: int) -> list[str]:
    return [f"  ... {total - SHOWN} more (use --json for all)"] if total > SHOWN else []


def _measure(d: int) -> str:
    return {1: "length", 2: "area", 3: "volume"}.get(d, "volume")


def boundary_text(boundary: DecisionBoundary) -> str:
    """The decision boundary of one output as text (first :data:`SHOWN` rows of each list).

    Examples
    --------
    >>> from reluexact.answers import decision_boundary
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])  # relu(x) - relu(y)
    >>> print(boundary_text(decision_boundary(net, domain="-1,1;-1,1")))
    decision boundary {f = 0}: 1 piece in 4 regions (domain box[-1,1;-1,1]), 1 zero regions, 4 decision cells
      piece in R3: point (1/2, 1/2), length^2 2
      total length sqrt(2) (exact)
      zero regions (f = 0): R2
      f > 0: area 3/2; f < 0: area 3/2
      cell f > 0 in R1: point (1/4, -1/2)
      cell f > 0 in R3: point (2/3, 1/3)
      cell f < 0 in R3: point (1/3, 2/3)
      cell f < 0 in R4: point (-1/4, 1/2)
    """
    result = boundary.regions
    d = result.network.input_dim
    n = len(boundary.pieces)
    lines = [
        f"decision boundary {{f = 0}}: {n} piece{'s' if n != 1 else ''} in {len(result)} regions "
        f"(domain {result.domain!r}), {len(boundary.zero_regions)} zero regions, {len(boundary.cells)} decision cells"
    ]
    for piece in boundary.pieces[:SHOWN]:
        extra = ""
        if piece.length_squared is not None:
            extra = f", length^2 {format_fraction(piece.length_squared)}"
        lines.append(f"  piece in R{piece.region + 1}: point {_point(piece.point)}{extra}")
    lines += _more(n)
    total = boundary.length_squared_total if d == 2 else None
    if total is not None and n:
        lines.append(f"  total length {boundary.length} (exact)")
    if boundary.zero_regions:
        shown = ", ".join(f"R{r + 1}" for r in boundary.zero_regions[:SHOWN])
        lines.append(f"  zero regions (f = 0): {shown}" + (" ..." if len(boundary.zero_regions) > SHOWN else ""))
    measures = [boundary.area(1), boundary.area(-1)]
    if d == 2 and all(m is not None for m in measures):
        lines.append(f"  f > 0: area {_fmt(measures[0])}; f < 0: area {_fmt(measures[1])}")
    elif d == 1:
        lengths = _lengths_1d(boundary)
        if lengths is not None:
            lines.append(f"  f > 0: length {_fmt(lengths[0])}; f < 0: length {_fmt(lengths[1])}")
    for cell in boundary.cells[:SHOWN]:
        sign = ">" if cell.sign > 0 else "<"
        lines.append(f"  cell f {sign} 0 in R{cell.region + 1}: point {_point(cell.point)}")
    lines += _more(len(boundary.cells))
    return "\n".join(lines)


def _fmt(value: Fraction | None) -> str:
    return "?" if value is None else format_fraction(value)


def _lengths_1d(boundary: DecisionBoundary) -> tuple[Fraction, Fraction] | None:
    """d = 1 inside an interval: the exact lengths of {f > 0} and {f < 0}, from the cells' intervals."""
    from reluexact.domain import Box

    domain = boundary.regions.domain
    if not isinstance(domain, Box):
        return None
    lo, hi = domain.bounds[0]
    zeros = {p.region: p.point[0] for p in boundary.pieces}
    out = {1: Fraction(0), -1: Fraction(0)}
    for region in boundary.regions.regions:
        ends = [f.point[0] for f in region.facets or () if f.point is not None]
        x = region.point[0]
        left = max([e for e in ends if e < x], default=lo)
        right = min([e for e in ends if e > x], default=hi)
        cells = [c for c in boundary.cells if c.region == region.id]
        if region.id in zeros:
            z = zeros[region.id]
            for c in cells:
                out[c.sign] += (right - z) if c.point[0] > z else (z - left)
        elif cells:
            out[cells[0].sign] += right - left
    return out[1], out[-1]


def class_cells_text(cells: ClassCells) -> str:
    """The argmax class cells and interfaces as text (classes numbered from 1).

    Examples
    --------
    >>> from reluexact.answers import class_cells
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0])  # argmax of relu(x), relu(y)
    >>> print(class_cells_text(class_cells(net, domain="-1,1;-1,1")))
    argmax of 2 outputs: 5 class cells and 1 interfaces in 4 regions (domain box[-1,1;-1,1])
      class 1: 3 cells, area 5/2
      class 2: 2 cells, area 3/2
      cell of class 1 in R1: point (1/2, -1/2)
      cell of class 1 in R2: point (-1/2, -1/2) (tied with 2 on the whole cell)
      cell of class 1 in R3: point (2/3, 1/3)
      cell of class 2 in R3: point (1/3, 2/3)
      cell of class 2 in R4: point (-1/2, 1/2)
      interface of classes 1 and 2 in R3: point (1/2, 1/2)
    """
    result = cells.regions
    d = result.network.input_dim
    lines = [
        f"argmax of {cells.n_classes} outputs: {len(cells.cells)} class cells and {len(cells.interfaces)} interfaces "
        f"in {len(result)} regions (domain {result.domain!r})"
    ]
    for k in range(cells.n_classes):
        owned = cells.decision_region(k)
        measure = cells.area(k)
        extra = f", {_measure(d)} {format_fraction(measure)}" if measure is not None else ""
        lines.append(f"  class {k + 1}: {len(owned)} cell{'s' if len(owned) != 1 else ''}{extra}")
    for cell in cells.cells[:SHOWN]:
        tied = ""
        if len(cell.classes) > 1:
            tied = " (tied with " + ", ".join(str(k + 1) for k in cell.classes[1:]) + " on the whole cell)"
        lines.append(f"  cell of class {cell.label + 1} in R{cell.region + 1}: point {_point(cell.point)}{tied}")
    lines += _more(len(cells.cells))
    for face in cells.interfaces[:SHOWN]:
        k, l_ = face.classes
        lines.append(f"  interface of classes {k + 1} and {l_ + 1} in R{face.region + 1}: point {_point(face.point)}")
    lines += _more(len(cells.interfaces))
    return "\n".join(lines)
