"""Report sections built from :mod:`reluexact.answers`: the decision boundary (one output) or the class cells.

Each builder returns a :class:`~reluexact.report.headline.ReportSection` (its counts go to the
summary page and the attached data), the extension point of
:func:`~reluexact.report.render.build_report`; sections for the other answers (maximal affine
pieces, verification results) plug in the same way as they land.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> from reluexact.report.numbers import NumberPrinter
>>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [-1])
>>> section = decision_section(net, regions(net, domain="-2,2"), NumberPrinter("exact"))
>>> section.title, {c.key: c.value for c in section.counts}["boundary_pieces"]
('Decision boundary', 3)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from reluexact.model import TwoLayerReLU
from reluexact.report.headline import HeadlineCount, ReportSection
from reluexact.report.numbers import NumberPrinter

__all__ = ["decision_section"]


def decision_section(
    net: TwoLayerReLU, result: Any, printer: NumberPrinter, *, figure: str = "", faces: bool | None = None
) -> ReportSection:
    """The decision boundary {f = 0} (m = 1) or the argmax class cells (m >= 2) of a complete enumeration.

    ``figure`` is LaTeX for the decision map (or empty); ``faces`` computes the boundary's
    (d-2)-faces and its connected components (default: in 2-D only, where they are free).
    """
    from reluexact.answers import class_cells, decision_boundary

    d = net.input_dim
    if faces is None:
        faces = d == 2
    if net.output_dim == 1:
        boundary = decision_boundary(net, result=result, faces=faces)
        positive = sum(1 for cell in boundary.cells if cell.sign > 0)
        negative = sum(1 for cell in boundary.cells if cell.sign < 0)
        counts = [
            HeadlineCount("boundary_pieces", "decision boundary pieces", len(boundary.pieces)),
            HeadlineCount("zero_regions", "regions where f = 0", len(boundary.zero_regions)),
            HeadlineCount("positive_cells", "cells with f > 0 (per region)", positive),
            HeadlineCount("negative_cells", "cells with f < 0 (per region)", negative),
        ]
        components = ""
        if faces:
            import networkx as nx

            parts = nx.number_connected_components(boundary.graph) if boundary.pieces else 0
            counts.append(HeadlineCount("boundary_components", "boundary components", parts))
            components = f" The pieces form {parts} connected component{'s' if parts != 1 else ''}."
        length = ""
        total = boundary.length_squared_total if d == 2 else None
        if d == 2 and total is not None and boundary.pieces:
            longest = max(p.length_squared or Fraction(0) for p in boundary.pieces)
            length = (
                f" The longest piece has squared length ${printer.latex(longest)}$ (exact; the data file lists "
                "every piece's end points)."
            )
        text = (
            "The decision boundary $\\{\\mathbf{x} : f(\\mathbf{x}) = 0\\}$ inside the domain, computed exactly by "
            "\\texttt{reluexact.answers.decision\\_boundary}: on each region $f$ is affine, so the boundary meets a "
            f"region in one flat piece or not at all. It has {len(boundary.pieces)} "
            f"piece{'s' if len(boundary.pieces) != 1 else ''} in {len(result)} regions; "
            f"$f \\equiv 0$ on {len(boundary.zero_regions)} region{'s' if len(boundary.zero_regions) != 1 else ''}. "
            f"The regions split into {positive} cells with $f > 0$ and {negative} with $f < 0$." + components + length
        )
        return ReportSection("Decision boundary", "boundary", text + ("\n\n" + figure if figure else ""), tuple(counts))
    cells = class_cells(net, result=result)
    counts = [
        HeadlineCount("class_cells", "class cells", len(cells.cells)),
        HeadlineCount("class_interfaces", "interfaces between classes", len(cells.interfaces)),
        HeadlineCount("classes_present", "classes owning a cell", len({c.label for c in cells.cells})),
    ]
    text = (
        "The argmax classes inside the domain, computed exactly by \\texttt{reluexact.answers.class\\_cells}: on "
        "each region the outputs are affine, so the region splits into convex cells where one output is the "
        f"largest. There are {len(cells.cells)} class cells and {len(cells.interfaces)} interfaces between "
        f"classes in {len(result)} regions."
    )
    return ReportSection("Class cells", "classes", text + ("\n\n" + figure if figure else ""), tuple(counts))
