"""Class cells of a several-output network (argmax), region by region, exactly.

On a region R with exact maps g_1, ..., g_m (theory.md, "Answers from the regions"), class k
owns C_k(R) = {x in cl(R) : g_k(x) >= g_l(x) for all l}, a convex polytope; the *interface* of
classes k and l inside R is {g_k = g_l >= every other g}. Ties are boundary: a class cell is
reported when it is full-dimensional, with an exact point where g_k is strictly the largest, and an
interface when it meets the interior of R in a (d-1)-dimensional set, with an exact point where
g_k = g_l is strictly larger than every other g. Outputs with the same exact map on R tie on the
whole cell: the cell then lists them all in ``classes`` and belongs to the smallest (numpy's
argmax convention).

What is exact: in d = 2 inside a box every cell is an exact polygon (the region's polygon cut by
the half-planes g_k >= g_l) with its exact area, and the areas sum to the box's exactly. Elsewhere
each cell's and interface's point is an exact strict-feasibility LP (:mod:`reluexact.lp`), and in
d = 3 inside a box each cell's exact volume comes from its vertices
(:func:`reluexact.regions.volume`).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0]], [0], [[1], [0]], [0, 0])  # g_0 = relu(x), g_1 = 0
>>> cc = class_cells(net, domain="-1,1")
>>> [(c.region, c.classes) for c in cc.cells]  # x > 0: class 0; x < 0: both are 0, a tie owned by class 0
[(0, (0,)), (1, (0, 1))]
>>> cc.area(0), cc.area(1)
(Fraction(4, 1), Fraction(0, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact.answers._planar import (
    area,
    clip,
    dot,
    facet_rows,
    inside_strictly,
    region_polygon,
    strict_point_on_hyperplane,
    vertex_mean,
)
from reluexact.domain import Box, DomainLike
from reluexact.errors import CertificationError, InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import Region, RegionsResult, regions

__all__ = ["ClassCell", "ClassCells", "ClassInterface", "class_cells"]

Vector = tuple[Fraction, ...]
Polygon = tuple[Vector, ...]


@dataclass(frozen=True, slots=True)
class ClassCell:
    """The part of one region where one class wins the argmax.

    Attributes
    ----------
    region : int
        Id of the region (as in :func:`reluexact.regions.regions` on the same net and domain).
    classes : tuple of int
        The winning output (0-based) first; more than one when several outputs have the same exact
        map on the region (they tie on the whole cell; the first, smallest, owns it).
    point : tuple of Fraction
        An exact point strictly inside the region where the winner's value is strictly larger than
        every output not tied with it.
    polygon : tuple of points or None
        d = 2 inside a box: the cell's exact vertices (counter-clockwise).
    volume : Fraction or None
        Its exact area (d = 2) or volume (d = 3) inside a box; None otherwise.
    """

    region: int
    classes: tuple[int, ...]
    point: Vector
    polygon: Polygon | None
    volume: Fraction | None

    @property
    def label(self) -> int:
        """The class owning the cell (the smallest of ``classes``)."""
        return self.classes[0]

    def __repr__(self) -> str:
        return f"ClassCell(region={self.region}, classes={self.classes})"


@dataclass(frozen=True, slots=True)
class ClassInterface:
    """{g_k = g_l >= every other g} inside one region: ``point`` has g_k = g_l strictly above the rest, inside R.

    ``end_points``: the interface segment's exact end points in d = 2 inside a box (else None).
    """

    region: int
    classes: tuple[int, int]
    point: Vector
    end_points: tuple[Vector, Vector] | None = None

    def __repr__(self) -> str:
        return f"ClassInterface(region={self.region}, classes={self.classes})"


@dataclass(frozen=True)
class ClassCells:
    """The argmax map of a network inside a domain (see :func:`class_cells`).

    Attributes
    ----------
    regions : RegionsResult
    cells : tuple of ClassCell
        In region order, by class within a region.
    interfaces : tuple of ClassInterface
    """

    regions: RegionsResult
    cells: tuple[ClassCell, ...]
    interfaces: tuple[ClassInterface, ...]

    @property
    def n_classes(self) -> int:
        """m, the number of outputs."""
        return self.regions.network.output_dim

    def decision_region(self, label: int) -> tuple[ClassCell, ...]:
        """The cells class ``label`` owns: its decision region is their union."""
        return tuple(c for c in self.cells if c.label == label)

    @property
    def decision_regions(self) -> dict[int, tuple[ClassCell, ...]]:
        """Class -> its cells, for every class (an empty tuple for a class that never wins)."""
        return {k: self.decision_region(k) for k in range(self.n_classes)}

    def area(self, label: int) -> Fraction | None:
        """The exact area (d = 2) / volume (d = 3) of the decision region of ``label`` inside a box; else None."""
        values = [c.volume for c in self.decision_region(label)]
        if any(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), Fraction(0))

    def __repr__(self) -> str:
        return f"ClassCells({len(self.cells)} cells, {len(self.interfaces)} interfaces, {len(self.regions)} regions)"


def class_cells(net: TwoLayerReLU, *, domain: DomainLike = None, result: RegionsResult | None = None) -> ClassCells:
    """The argmax class cells and interfaces of every region, with exact points (and areas / volumes in a box).

    Parameters
    ----------
    net : TwoLayerReLU
        m >= 1 outputs (m = 1 gives one cell per region).
    domain : DomainLike, keyword-only
        As :func:`reluexact.regions.regions` reads it; ignored when ``result`` is given.
    result : RegionsResult, optional
        A complete enumeration to reuse.

    Returns
    -------
    ClassCells

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1], [0, 0]], [0, 0, "1/2"])
    >>> cc = class_cells(net, domain="0,2")
    >>> {k: cc.area(k) for k in range(3)}  # relu(x), relu(y), 1/2 on [0, 2]^2
    {0: Fraction(15, 8), 1: Fraction(15, 8), 2: Fraction(1, 4)}
    >>> sorted(i.classes for i in cc.interfaces)
    [(0, 1), (0, 2), (1, 2)]

    See Also
    --------
    reluexact.answers.decision_boundary : the sign of one output.
    """
    if result is None:
        result = regions(net, domain=domain, progress=False)
    elif result.network != net:
        raise InvalidArgument("result was enumerated for another network")
    if not result.complete:
        raise InvalidArgument("class_cells needs a complete enumeration; this one is PARTIAL (a budget stopped it)")
    cells: list[ClassCell] = []
    interfaces: list[ClassInterface] = []
    dom = result.domain
    for region in result.regions:
        groups = _groups(region)
        polygon = region_polygon(region, dom) if net.input_dim == 2 else None
        if polygon is not None:
            _planar(region, polygon, groups, cells, interfaces)
        else:
            _general(region, groups, cells, interfaces, volumes=net.input_dim == 3 and isinstance(dom, Box))
    return ClassCells(result, tuple(cells), tuple(interfaces))


Group = tuple[tuple[int, ...], Vector, Fraction]


def _groups(region: Region) -> list[Group]:
    """Outputs grouped by identical exact map on the region: (classes, gradient, offset), by smallest class."""
    seen: dict[tuple[Vector, Fraction], list[int]] = {}
    for k, (G, o) in enumerate(zip(region.gradient, region.offset, strict=True)):
        seen.setdefault((G, o), []).append(k)
    return [(tuple(ks), G, o) for (G, o), ks in seen.items()]


def _difference(a: Group, b: Group) -> tuple[Vector, Fraction]:
    return tuple(u - v for u, v in zip(a[1], b[1], strict=True)), a[2] - b[2]


def _planar(
    region: Region, polygon: Polygon, groups: list[Group], cells: list[ClassCell], interfaces: list[ClassInterface]
) -> None:
    values = [[dot(G, p) + o for p in polygon] for _, G, o in groups]
    # who wins at some vertex: cut by those first, so a losing class is cut away in a step or two
    winners = sorted({max(range(len(groups)), key=lambda g: values[g][v]) for v in range(len(polygon))})
    owned: dict[int, Polygon] = {}
    for g, group in enumerate(groups):
        order = winners + [h for h in range(len(groups)) if h not in winners]
        part = polygon
        for h in order:
            if h == g:
                continue
            normal, offset = _difference(group, groups[h])
            part = clip(part, normal, offset)
            if len(part) < 3:
                break
        if len(part) < 3 or area(part) == 0:
            continue
        owned[g] = part
        point = vertex_mean(part)
        _check_cell(region, groups, g, point)
        cells.append(ClassCell(region.id, group[0], point, part, area(part)))
    keys = sorted(owned)
    for i, g in enumerate(keys):
        for h in keys[i + 1 :]:
            normal, offset = _difference(groups[g], groups[h])
            on_line = sorted({p for p in owned[g] if dot(normal, p) + offset == 0})  # collinear: the ends are extreme
            if len(on_line) < 2:
                continue
            mid = tuple((u + v) / 2 for u, v in zip(on_line[0], on_line[-1], strict=True))
            if _is_interface_point(region, groups, g, h, mid):
                ends = (on_line[0], on_line[-1])
                interfaces.append(ClassInterface(region.id, (groups[g][0][0], groups[h][0][0]), mid, ends))


def _check_cell(region: Region, groups: list[Group], g: int, point: Vector) -> None:
    value = dot(groups[g][1], point) + groups[g][2]
    if not inside_strictly(region, point) or any(
        dot(G, point) + o >= value for h, (_, G, o) in enumerate(groups) if h != g
    ):
        raise CertificationError(f"internal: a class cell point of region {region.id} failed its exact check")


def _is_interface_point(region: Region, groups: list[Group], g: int, h: int, point: Vector) -> bool:
    value = dot(groups[g][1], point) + groups[g][2]
    if dot(groups[h][1], point) + groups[h][2] != value or not inside_strictly(region, point):
        return False
    return all(dot(G, point) + o < value for j, (_, G, o) in enumerate(groups) if j not in (g, h))


def _general(
    region: Region, groups: list[Group], cells: list[ClassCell], interfaces: list[ClassInterface], *, volumes: bool
) -> None:
    from reluexact.lp import strict_feasible_point

    rows, consts = facet_rows(region)
    p = region.point
    at_p = [dot(G, p) + o for _, G, o in groups]
    best = max(at_p)
    present: list[int] = []
    for g, group in enumerate(groups):
        others = [h for h in range(len(groups)) if h != g]
        if at_p[g] == best and at_p.count(best) == 1:
            point: Vector | None = p
        else:
            A: list[Any] = [list(r) for r in rows]
            b: list[Any] = list(consts)
            for h in others:
                normal, offset = _difference(group, groups[h])
                A.append(list(normal))
                b.append(offset)
            point = strict_feasible_point(A, b) if A else p
        if point is None:
            continue
        _check_cell(region, groups, g, point)
        present.append(g)
        volume = _volume(region, groups, g) if volumes else None
        cells.append(ClassCell(region.id, group[0], point, None, volume))
    for i, g in enumerate(present):
        for h in present[i + 1 :]:
            normal, offset = _difference(groups[g], groups[h])
            A = [list(r) for r in rows]
            b = list(consts)
            for j in range(len(groups)):
                if j not in (g, h):
                    n2, o2 = _difference(groups[g], groups[j])
                    A.append(list(n2))
                    b.append(o2)
            point = strict_point_on_hyperplane(A, b, normal, offset)
            if point is not None and _is_interface_point(region, groups, g, h, point):
                interfaces.append(ClassInterface(region.id, (groups[g][0][0], groups[h][0][0]), point))


def _volume(region: Region, groups: list[Group], g: int) -> Fraction:
    """The exact volume of the cell of group g: the region's facets and the cell's half-spaces as one polytope."""
    import math

    from reluexact.regions import Facet, volume

    facets = list(region.facets or ())
    seen = {(f.normal, f.offset) for f in facets}
    for h in range(len(groups)):
        if h == g:
            continue
        normal, offset = _difference(groups[g], groups[h])
        den = math.lcm(*(v.denominator for v in (*normal, offset)))
        ints = [int(v * den) for v in (*normal, offset)]
        common = math.gcd(*ints)
        key = (tuple(v // common for v in ints[:-1]), ints[-1] // common)
        if key in seen:
            continue  # the same plane as a facet (or another cut): listed once, so faces are not counted twice
        seen.add(key)
        facets.append(Facet("side", f"class:{h}", (), key[0], key[1], None, None, "class"))
    cell = Region(region.id, region.pattern, region.flint_point, tuple(facets), True, (), (), (), None)
    return volume(cell)
