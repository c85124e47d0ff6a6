"""The decision boundary of a one-output network: {f = 0}, region by region, exactly.

On a region R with exact map g(x) = G x + o (theory.md, "Answers from the regions"), the
*boundary piece* is {x in cl(R) : g(x) = 0} when G != 0 and {g = 0} meets the interior of R
(a facet of a zero region is therefore not a piece of its neighbour); R is a *zero region* when
G = 0 and o = 0. The pieces glue across facets into a piecewise-linear hypersurface; each region
splits into at most two *decision cells* {f > 0} and {f < 0}.

What is exact: every point is rational and checked (a piece's point has g = 0 exactly and lies
strictly inside its region; a cell's point strictly inside its region with the claimed sign).
A region without a piece is proved so: by the signs of g at its interior point and facet points
when they differ (then a piece exists), else by an exact LP (the minimum of s g over cl(R) with
its dual certificate, s the sign at the interior point), or in d = 2 inside a box by the exact
polygon of cl(R). In d = 2 inside a box each piece is a segment with exact end points, exact
squared length and the areas of the two cells.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [-1])  # relu(x) + relu(y) - 1
>>> db = decision_boundary(net, domain="-2,2")
>>> len(db.pieces), db.zero_regions, sorted(c.sign for c in db.cells)
(3, (), [-1, -1, -1, -1, 1, 1, 1])
>>> piece = db.pieces[0]
>>> db.regions[piece.region].affine_map(piece.point)
(Fraction(0, 1),)
>>> [p.length_squared for p in db.pieces]  # x = 1 (y < 0), x + y = 1, y = 1 (x < 0)
[Fraction(4, 1), Fraction(2, 1), Fraction(4, 1)]
>>> db.length, db.area(-1)
(sqrt(2) + 4, Fraction(17, 2))
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reluexact.answers._planar import (
    HPoint,
    area,
    as_points,
    crossing,
    dot,
    facet_rows,
    hclip,
    inside_strictly,
    integer_line,
    region_hpolygon,
    step_inside,
    vertex_mean,
)
from reluexact.domain import Box, DomainLike
from reluexact.errors import CertificationError, InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import Region, RegionsResult, regions
from reluexact.regions.enumeration import gc_paused

if TYPE_CHECKING:
    import networkx
    import sympy

    from reluexact.answers._vertices import VertexTable

__all__ = ["BoundaryFace", "BoundaryPiece", "DecisionBoundary", "DecisionCell", "decision_boundary"]

Vector = tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class BoundaryFace:
    """A (d-2)-face of a boundary piece: where {g = 0} crosses the boundary of the piece's region.

    Attributes
    ----------
    facets : tuple of str
        Labels of the region's facets holding the face (``"h:3"``, ``"box:0:lo"``); two when an end
        point of a d = 2 segment is a vertex of the region.
    neighbors : tuple of int
        Ids of the regions across those facets (domain sides have none).
    point : tuple of Fraction
        An exact point in the face's relative interior (in d = 2: the end point itself).
    """

    facets: tuple[str, ...]
    neighbors: tuple[int, ...]
    point: Vector


@dataclass(frozen=True, slots=True)
class BoundaryPiece:
    """One piece {g = 0} of the decision boundary inside one region.

    Attributes
    ----------
    id : int
        Index in :attr:`DecisionBoundary.pieces` (the node of :attr:`DecisionBoundary.graph`).
    region : int
        Id of the region (as in :func:`reluexact.regions.regions` on the same net and domain).
    point : tuple of Fraction
        A rational point with g = 0 exactly, strictly inside the region (so in the piece's relative interior).
    normal, offset
        The piece's hyperplane ``normal . x + offset = 0``: the region's gradient G and offset o.
    faces : tuple of BoundaryFace or None
        Its (d-2)-faces (None when not computed, ``faces=False``).
    end_points : tuple of two points or None
        d = 2 inside a box: the segment's exact end points.
    length_squared : Fraction or None
        d = 2: the exact squared length of the segment (None when unbounded or not known).
    area_squared : Fraction or None
        d = 3 inside a box: the exact square of the piece's area (the polygon {g = 0} ∩ cl(R)); the
        area itself, :attr:`area`, is its square root. None otherwise.
    """

    id: int
    region: int
    point: Vector
    normal: Vector
    offset: Fraction
    faces: tuple[BoundaryFace, ...] | None
    end_points: tuple[Vector, Vector] | None
    length_squared: Fraction | None
    area_squared: Fraction | None = None

    @property
    def area(self) -> sympy.Expr | None:
        """The exact area in d = 3, ``sqrt(area_squared)``, as a sympy number (None when not known)."""
        if self.area_squared is None:
            return None
        import sympy

        q = self.area_squared
        return sympy.sqrt(sympy.Rational(q.numerator, q.denominator))

    def __repr__(self) -> str:
        faces = "?" if self.faces is None else len(self.faces)
        return f"BoundaryPiece(id={self.id}, region={self.region}, faces={faces})"

    @property
    def length(self) -> sympy.Expr | None:
        """The exact length, ``sqrt(length_squared)``, as a sympy number (None when not known)."""
        if self.length_squared is None:
            return None
        import sympy

        q = self.length_squared
        return sympy.sqrt(sympy.Rational(q.numerator, q.denominator))


@dataclass(frozen=True, slots=True, eq=False)
class DecisionCell:
    """{f > 0} (``sign`` 1) or {f < 0} (``sign`` -1) inside one region, with an exact point strictly inside.

    ``polygon`` holds the cell's exact vertices (counter-clockwise) in d = 2 inside a box, else None;
    ``area`` is then its exact area. A cell filling its whole region takes the region's interior point
    and clips the region's polygon from the box on first access (a map of thousands of regions asks
    for few of them). Two cells are equal when region, sign and point are.
    """

    region: int
    sign: int
    # the point as Fractions, or the region whose certified interior point it is (read on access)
    _point: Vector | Region
    # the polygon in integer homogeneous coordinates (converted to Fractions when asked for), or the
    # region and box to clip it from on first access
    _polygon: tuple[HPoint, ...] | _RegionPolygon | None = field(repr=False)

    @property
    def point(self) -> Vector:
        """An exact point strictly inside the cell."""
        return self._point.point if isinstance(self._point, Region) else self._point

    @property
    def hpolygon(self) -> tuple[HPoint, ...] | None:
        """The exact vertices in integer homogeneous coordinates (d = 2 inside a box), else None."""
        if isinstance(self._polygon, _RegionPolygon):
            return self._polygon.clip()
        return self._polygon

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DecisionCell):
            return NotImplemented
        return (self.region, self.sign, self.point) == (other.region, other.sign, other.point)

    def __hash__(self) -> int:
        return hash((self.region, self.sign, self.point))

    @property
    def polygon(self) -> tuple[Vector, ...] | None:
        """The exact vertices, counter-clockwise (d = 2 inside a box), else None."""
        return None if self.hpolygon is None else as_points(self.hpolygon)

    @property
    def area(self) -> Fraction | None:
        """The exact area (d = 2 inside a box), else None."""
        polygon = self.polygon
        return None if polygon is None else area(polygon)

    def __repr__(self) -> str:
        return f"DecisionCell(region={self.region}, sign={self.sign})"


class _RegionPolygon:
    """A region's exact polygon inside a box, clipped on first use (:func:`region_hpolygon`)."""

    __slots__ = ("_polygon", "box", "region")

    def __init__(self, region: Region, box: Box) -> None:
        self.region = region
        self.box = box
        self._polygon: tuple[HPoint, ...] | None = None

    def clip(self) -> tuple[HPoint, ...]:
        if self._polygon is None:
            polygon = region_hpolygon(self.region, self.box)
            assert polygon is not None
            self._polygon = tuple(polygon)
        return self._polygon


@dataclass(frozen=True)
class DecisionBoundary:
    """The decision boundary {f = 0} of a one-output network inside a domain (see :func:`decision_boundary`).

    Attributes
    ----------
    regions : RegionsResult
        The regions it was computed from (piece and cell ``region`` fields are their ids).
    output : int
        The output whose sign is the decision.
    pieces : tuple of BoundaryPiece
        In region order.
    zero_regions : tuple of int
        Regions on which f = 0 identically.
    cells : tuple of DecisionCell
        The decision cells, in region order (positive cell first).
    graph : networkx.Graph
        Nodes are piece ids; an edge joins two pieces sharing a (d-2)-face (attribute ``point``).
    """

    regions: RegionsResult
    output: int
    pieces: tuple[BoundaryPiece, ...]
    zero_regions: tuple[int, ...]
    cells: tuple[DecisionCell, ...]
    graph: networkx.Graph

    @property
    def length_squared_total(self) -> Fraction | None:
        """Sum of the pieces' squared lengths (d = 2); None when some length is not known."""
        values = [p.length_squared for p in self.pieces]
        if any(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), Fraction(0))

    @property
    def length(self) -> sympy.Expr | None:
        """The exact total length (d = 2) as a sympy algebraic number (a sum of square roots); None if unknown."""
        parts = [p.length for p in self.pieces]
        if any(v is None for v in parts):
            return None
        import sympy

        return sympy.Add(*parts)

    def area(self, sign: int) -> Fraction | None:
        """The exact area of {f > 0} (``sign=1``) or {f < 0} (``sign=-1``) in d = 2 inside a box."""
        values = [c.area for c in self.cells if c.sign == sign]
        if any(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), Fraction(0))

    def __repr__(self) -> str:
        return (
            f"DecisionBoundary({len(self.pieces)} pieces, {len(self.zero_regions)} zero regions, "
            f"{len(self.cells)} cells, {len(self.regions)} regions)"
        )


def decision_boundary(
    net: TwoLayerReLU,
    *,
    domain: DomainLike = None,
    output: int | None = None,
    result: RegionsResult | None = None,
    faces: bool = True,
    vertices: bool = True,
) -> DecisionBoundary:
    """The decision boundary {f = 0}: its pieces per region, the zero regions and the cells {f > 0}, {f < 0}.

    Parameters
    ----------
    net : TwoLayerReLU
        One output (m = 1), or pick one with ``output``.
    domain : DomainLike, keyword-only
        As :func:`reluexact.regions.regions` reads it (``"lo,hi"``, ``"lo,hi;lo,hi"``, a Box...);
        ignored when ``result`` is given.
    output : int, optional
        The output (0-based) whose sign decides; required when m >= 2 (or use
        :func:`reluexact.answers.class_cells` for the argmax).
    result : RegionsResult, optional
        A complete enumeration to reuse.
    faces : bool
        Compute each piece's (d-2)-faces and the boundary graph (free in d = 2 inside a box; an exact
        LP per facet of a piece's region otherwise).
    vertices : bool
        For 2 <= d <= 6 inside a box, decide every region from the exact vertex table of the
        arrangement (one pass for all regions; see :mod:`reluexact.answers._vertices`) when it is
        smaller than the regions' own vertex searches. ``False`` keeps the per-region path (the
        answers are the same; only the exact points chosen may differ).

    Returns
    -------
    DecisionBoundary

    Raises
    ------
    InvalidArgument
        For m >= 2 without ``output``, or a PARTIAL enumeration.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1], [1]], [0, -1], [[1, -1]], [0])  # relu(x) - relu(x - 1): 0 for x < 0
    >>> db = decision_boundary(net)
    >>> db.pieces, db.zero_regions
    ((), (1,))
    >>> [(c.region, c.sign) for c in db.cells]
    [(0, 1), (2, 1)]

    See Also
    --------
    reluexact.answers.class_cells : the argmax map of several outputs.
    """
    if not isinstance(vertices, bool):
        raise InvalidArgument(f"vertices must be True or False, got {vertices!r}")
    m = net.output_dim
    if output is None:
        if m != 1:
            raise InvalidArgument(
                f"decision_boundary needs one output, this network has m = {m}: pass output=k for the sign of "
                "output k, or use class_cells for the argmax"
            )
        output = 0
    if not 0 <= output < m:
        raise InvalidArgument(f"output must be 0 .. {m - 1}, got {output!r}")
    if result is None:
        result = regions(net, domain=domain, progress=False)
    elif result.network != net:
        raise InvalidArgument("result was enumerated for another network")
    if not result.complete:
        raise InvalidArgument(
            "decision_boundary needs a complete enumeration; this one is PARTIAL (a budget stopped it)"
        )
    pieces: list[BoundaryPiece] = []
    zero: list[int] = []
    cells: list[DecisionCell] = []
    planar = result.domain
    d = net.input_dim
    table = _table(result) if vertices else None
    if table is not None:
        # tens of thousands of small long-lived cells: the cyclic collector would re-traverse every live
        # region many times for nothing (as in regions() and affine_pieces)
        with gc_paused():
            _boundary_from_table(result, table, output, faces, pieces, zero, cells)
        return DecisionBoundary(result, output, tuple(pieces), tuple(zero), tuple(cells), _graph(pieces))
    batch = planar is None or not isinstance(planar, Box) or d != 2
    screens = _batch_screens(result.regions, output) if batch and d >= 2 else {}
    for region in result.regions:
        G = region.gradient[output]
        o = region.offset[output]
        polygon = region_hpolygon(region, planar) if len(G) == 2 else None
        if not any(G):
            if o == 0:
                zero.append(region.id)
            else:
                cells.append(DecisionCell(region.id, 1 if o > 0 else -1, region, _exact(polygon)))
            continue
        if polygon is not None:
            found = _planar_region(region, polygon, G, o, len(pieces))
        else:
            found = _general_region(region, G, o, len(pieces), faces=faces, screen=screens.get(region.id))
        piece, region_cells = found
        if piece is not None and len(G) == 3 and isinstance(planar, Box):
            piece = dataclasses.replace(piece, area_squared=_area_squared(region, G, o))
        if piece is not None:
            pieces.append(piece)
        cells.extend(region_cells)
    return DecisionBoundary(result, output, tuple(pieces), tuple(zero), tuple(cells), _graph(pieces))


def _exact(polygon: list[HPoint] | None) -> tuple[HPoint, ...] | None:
    return None if polygon is None else tuple(polygon)


def _planar_region(
    region: Region, polygon: list[HPoint], G: Vector, o: Fraction, next_id: int
) -> tuple[BoundaryPiece | None, list[DecisionCell]]:
    """d = 2 inside a box: the chord {g = 0} of the region's exact polygon, and the two cells' polygons."""
    a, b, c = integer_line(G, o)
    values = [a * x + b * y + c * z for x, y, z in polygon]
    if min(values) >= 0 or max(values) <= 0:
        sign = 1 if max(values) > 0 else -1
        return None, [DecisionCell(region.id, sign, region, tuple(polygon))]
    plus = hclip(polygon, a, b, c)
    minus = hclip(polygon, -a, -b, -c)
    ends = [
        as_points([v])[0]
        for v, value in zip(plus, [a * x + b * y + c * z for x, y, z in plus], strict=True)
        if value == 0
    ]
    if len(ends) != 2:
        raise CertificationError(
            f"internal: the zero line of region {region.id} cuts its polygon in {len(ends)} points"
        )
    e0, e1 = ends
    point = tuple((u + v) / 2 for u, v in zip(e0, e1, strict=True))
    _check_piece(region, G, o, point)
    faces = tuple(_end_face(region, e) for e in ends)
    length2 = (e0[0] - e1[0]) ** 2 + (e0[1] - e1[1]) ** 2
    piece = BoundaryPiece(next_id, region.id, point, G, o, faces, (e0, e1), length2)
    out = []
    for sign, part in ((1, plus), (-1, minus)):
        out.append(DecisionCell(region.id, sign, vertex_mean(as_points(part)), tuple(part)))
    return piece, out


def _end_face(region: Region, end: Vector) -> BoundaryFace:
    facets = [f for f in region.facets or () if dot(f.normal, end) + f.offset == 0]
    return BoundaryFace(
        tuple(f.label for f in facets), tuple(f.neighbor for f in facets if f.neighbor is not None), end
    )


def _inside(region: Region, point: Vector, screen: _LazyScreen | None) -> bool:
    """:func:`inside_strictly`, on python-flint numbers when the region's facet matrix is at hand."""
    if screen is None or not region.facets:
        return inside_strictly(region, point)
    import flint

    column = flint.fmpq_mat(len(point), 1, [flint.fmpq(v.numerator, v.denominator) for v in point])
    values = (screen.matrix() * column).entries()
    return all(a + f.offset > 0 for a, f in zip(values, region.facets, strict=True))


def _check_piece(region: Region, G: Vector, o: Fraction, point: Vector, screen: _LazyScreen | None = None) -> None:
    if dot(G, point) + o != 0 or not _inside(region, point, screen):
        raise CertificationError(f"internal: the boundary point of region {region.id} failed its exact check")


def _general_region(
    region: Region,
    G: Vector,
    o: Fraction,
    next_id: int,
    *,
    faces: bool,
    screen: _LazyScreen | None = None,
    vertices: _RegionVertices | None = None,
) -> tuple[BoundaryPiece | None, list[DecisionCell]]:
    """Any d and domain: a point of g = 0 inside the region (facet points, else one exact LP), and the cells.

    With ``vertices`` (the region's exact vertices, f taking both signs there) the opposite points are
    vertices of the region instead.
    """
    import flint

    if screen is None:
        screen = _LazyScreen(region)
    value = _value(
        [flint.fmpq(v.numerator, v.denominator) for v in G], flint.fmpq(o.numerator, o.denominator), region.flint_point
    )
    gp = Fraction(int(value.p), int(value.q))
    if gp != 0 and screen.best is not None:
        s = 1 if gp > 0 else -1
        if s in screen.best and _certified_min(region, G, o, s, screen.best[s], None, screen)[0] == "nonnegative":
            return None, [DecisionCell(region.id, s, region, None)]
    p = region.point
    if gp == 0:
        point = p
        plus = step_inside(region, p, G)
        minus = step_inside(region, p, tuple(-v for v in G))
        cells = [DecisionCell(region.id, 1, plus, None), DecisionCell(region.id, -1, minus, None)]
    else:
        s = 1 if gp > 0 else -1
        if vertices is not None:
            at = vertices.extreme(s)
            q = None if at is None else vertices.point(at)
        else:
            q = _opposite_point(region, G, o, s, screen=screen)
        if q is None:
            return None, [DecisionCell(region.id, s, p, None)]
        gq = dot(G, q) + o
        point = crossing(p, q, gp, gq)
        beyond = tuple((u + v) / 2 for u, v in zip(point, q, strict=True))
        cells = [DecisionCell(region.id, s, p, None), DecisionCell(region.id, -s, beyond, None)]
        cells.sort(key=lambda c: -c.sign)
    _check_piece(region, G, o, point, screen)
    for cell in cells:
        if (dot(G, cell.point) + o) * cell.sign <= 0 or not _inside(region, cell.point, screen):
            raise CertificationError(f"internal: a decision cell point of region {region.id} failed its exact check")
    face_list = _faces(region, G, o, screen, vertices) if faces else None
    length2 = None
    if face_list is not None and len(G) == 2 and len(face_list) == 2:
        a, b = face_list[0].point, face_list[1].point
        length2 = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2
    return BoundaryPiece(next_id, region.id, point, G, o, face_list, None, length2), cells


class _Screen:
    """Float screen of a region's vertices: every d-subset of facets with a float solution inside cl(R).

    Only chooses which basis to certify: :func:`_certified_min` then decides exactly.
    """

    __slots__ = ("bases", "points")

    def __init__(self, bases: Any, points: Any) -> None:
        self.bases = bases
        self.points = points


#: Most d-subsets of facets a region's float vertex screen tries (else the exact LP decides alone).
MAX_SCREEN_SUBSETS = 20000


@functools.lru_cache(maxsize=64)
def _subsets(k: int, d: int) -> Any:
    import numpy as np

    return np.array(list(itertools.combinations(range(k), d)), dtype=np.intp).reshape(-1, d)


def _screen(region: Region) -> _Screen | None:
    import numpy as np

    rows, consts = facet_rows(region)
    k, d = len(rows), len(region.point)
    if k < d or math.comb(k, d) > MAX_SCREEN_SUBSETS:
        return None
    try:
        F = np.array(rows, dtype=np.float64)
        e = np.array(consts, dtype=np.float64)
    except OverflowError:
        return None
    if not (np.all(np.isfinite(F)) and np.all(np.isfinite(e))):
        return None
    combos = _subsets(k, d)
    M = F[combos]
    with np.errstate(all="ignore"):
        det = np.linalg.det(M)
        scale = np.abs(M).max(axis=(1, 2)) ** d
        keep = np.abs(det) > 1e-9 * np.maximum(scale, 1e-300)
        if not keep.any():
            return None
        combos, M = combos[keep], M[keep]
        V = np.linalg.solve(M, -e[combos][..., None])[..., 0]
        slack = V @ F.T + e[None, :]
        tol = 1e-7 * (1.0 + np.abs(V).max(axis=1, keepdims=True)) * (1.0 + np.abs(F).max())
        feasible = np.all(slack >= -tol, axis=1) & np.all(np.isfinite(V), axis=1)
    if not feasible.any():
        return None
    return _Screen(combos[feasible], V[feasible])


#: Most float vertices (regions x d-subsets) one numpy pass of :func:`_batch_screens` holds in memory.
BATCH_VERTICES = 60000


def _float_row(values: Sequence[Any]) -> list[float] | None:
    """``values`` as floats, or None when one is not finite as a float (the exact path then decides alone)."""
    try:
        out = [float(v) for v in values]
    except OverflowError:
        return None
    return out if all(math.isfinite(v) for v in out) else None


def _batch_screens(regions_: Sequence[Region], output: int) -> dict[int, _LazyScreen]:
    """The float vertex screens of all regions in a few numpy passes (regions grouped by facet count).

    For each region: the d-subsets of its facets whose float solution lies in cl(R), the one minimising g
    and the one maximising it (``best[1]``, ``best[-1]``), and the full screen when g takes both float signs
    there (a likely piece, whose faces will ask for it). Floats only choose bases: :func:`_certified_min`
    decides exactly, and a region the screen cannot serve falls back to its own exact path.
    """
    import numpy as np

    groups: dict[int, list[tuple[Region, list[float], list[float], list[float], float]]] = {}
    for region in regions_:
        facets = region.facets or ()
        d = len(region.flint_point)
        k = len(facets)
        if k < d or math.comb(k, d) > MAX_SCREEN_SUBSETS:
            continue
        G = _float_row([*region.gradient[output], region.offset[output]])
        flat = _float_row([v for f in facets for v in f.normal])
        consts = _float_row([f.offset for f in facets])
        if G is None or flat is None or consts is None:
            continue
        top = max(abs(v) for v in G[:-1])
        if top == 0:
            continue
        groups.setdefault(k, []).append((region, flat, consts, [v / top for v in G[:-1]], G[-1] / top))
    out: dict[int, _LazyScreen] = {}
    for k, items in groups.items():
        d = len(items[0][0].flint_point)
        combos = _subsets(k, d)
        step = max(1, BATCH_VERTICES // len(combos))
        for start in range(0, len(items), step):
            chunk = items[start : start + step]
            F = np.array([item[1] for item in chunk], dtype=np.float64).reshape(len(chunk), k, d)
            e = np.array([item[2] for item in chunk], dtype=np.float64)
            u = np.array([item[3] for item in chunk], dtype=np.float64)
            ou = np.array([item[4] for item in chunk], dtype=np.float64)
            with np.errstate(all="ignore"):
                M = F[:, combos]  # (R, C, d, d)
                det = np.linalg.det(M)
                rows = np.abs(F).max(axis=2)  # (R, k)
                top = rows.max(axis=1)
                keep = np.abs(det) > 1e-9 * np.maximum(rows[:, combos].prod(axis=2), 1e-300)
                M = np.where(keep[..., None, None], M, np.eye(d))
                V = np.linalg.solve(M, -e[:, combos][..., None])[..., 0]  # (R, C, d)
                slack = V @ F.transpose(0, 2, 1) + e[:, None, :]  # (R, C, k)
                size = 1.0 + np.abs(V).max(axis=2)
                tol = 1e-7 * size * (1.0 + top)[:, None]
                feasible = keep & np.all(slack >= -tol[..., None], axis=2) & np.all(np.isfinite(V), axis=2)
                values = np.einsum("rcd,rd->rc", V, u) + ou[:, None]
                low = np.where(feasible, values, np.inf).argmin(axis=1)
                high = np.where(feasible, values, -np.inf).argmax(axis=1)
                vmin = np.where(feasible, values, np.inf).min(axis=1)
                vmax = np.where(feasible, values, -np.inf).max(axis=1)
            served = feasible.any(axis=1).tolist()
            margin = 1e-9 * size.max(axis=1)
            likely = ((vmin < margin) & (vmax > -margin)).tolist()
            lows, highs = combos[low].tolist(), combos[high].tolist()
            for r, item in enumerate(chunk):
                if not served[r]:
                    continue
                best = {1: lows[r], -1: highs[r]}
                value = None
                if likely[r]:
                    value = _Screen(combos[feasible[r]], V[r][feasible[r]])
                out[item[0].id] = _LazyScreen(item[0], value=value, best=best)
    return out


def _scaled_floats(values: Sequence[Fraction]) -> Any:
    """``values / max |values|`` as floats: a direction for the float screen that never overflows.

    Only the order matters (the exact certificate decides), so entries that underflow to 0 are harmless.
    """
    import numpy as np

    top = max((abs(v) for v in values), default=Fraction(0))
    if top == 0:
        return np.zeros(len(values))
    return np.array([float(v / top) for v in values])


class _LazyScreen:
    """The vertex screen of one region and its facet normals as a python-flint matrix, computed on first use.

    ``best`` (from :func:`_batch_screens`) maps a sign s to the basis minimising s g over the float vertices,
    so the region's main question needs no screen of its own; the full screen is kept (``value``) only for
    regions the float vertices say {g = 0} crosses (their faces need it).
    """

    __slots__ = ("_direction", "_done", "_matrix", "_region", "_value", "best")

    def __init__(
        self, region: Region, *, value: _Screen | None = None, best: dict[int, list[int]] | None = None
    ) -> None:
        self._region = region
        self._done = value is not None
        self._value: _Screen | None = value
        self._matrix: Any = None
        self._direction: Any = None
        self.best = best

    def direction(self, G: Vector) -> Any:
        """G as floats scaled to max 1 (:func:`_scaled_floats`), computed once per region."""
        if self._direction is None:
            self._direction = _scaled_floats(G)
        return self._direction

    def matrix(self) -> Any:
        """The facet normals, k x d (``fmpz_mat``)."""
        if self._matrix is None:
            import flint

            self._matrix = flint.fmpz_mat([list(f.normal) for f in self._region.facets or ()])
        return self._matrix

    def get(self) -> _Screen | None:
        if not self._done:
            self._value = _screen(self._region)
            self._done = True
        return self._value


def _certified_min(
    region: Region, G: Vector, o: Fraction, s: int, basis: Sequence[int], on: int | None, screen: _LazyScreen
) -> tuple[str, Vector | None]:
    """Decide min of s g over cl(R) (within facet ``on``'s hyperplane if given) from one basis, exactly.

    With B the basis rows, y solving B^T y = s G exactly and y >= 0 (y_on free), s g(x) >= s o - y . e_B
    on cl(R): a bound >= 0 proves ``("nonnegative", None)``. Otherwise the basis vertex, if it is in
    cl(R) with s g < 0, is returned as ``("negative", v)``; else ``("unknown", None)``.
    """
    import flint

    facets = region.facets or ()
    d = len(G)
    rows = [facets[i].normal for i in basis]
    consts = [facets[i].offset for i in basis]
    M = flint.fmpq_mat(d, d, [v for row in rows for v in row])
    try:
        y = M.transpose().solve(flint.fmpq_mat(d, 1, [flint.fmpq(s * g.numerator, g.denominator) for g in G]))
        v = M.solve(flint.fmpq_mat(d, 1, [-c for c in consts]))
    except ZeroDivisionError:
        return "unknown", None
    ys = y.entries()
    if all(q >= 0 for i, q in zip(basis, ys, strict=True) if i != on):
        bound = flint.fmpq(s * o.numerator, o.denominator) - sum((q * c for q, c in zip(ys, consts, strict=True)), 0)
        if bound >= 0:
            return "nonnegative", None
    ventries = v.entries()
    value = sum((flint.fmpq(g.numerator, g.denominator) * q for g, q in zip(G, ventries, strict=True)), 0)
    if s * (value + flint.fmpq(o.numerator, o.denominator)) >= 0:
        return "unknown", None
    slack = screen.matrix() * v
    if all(a + c >= 0 for a, c in zip(slack.entries(), (f.offset for f in facets), strict=True)):
        return "negative", tuple(Fraction(int(q.p), int(q.q)) for q in ventries)
    return "unknown", None


def _opposite_point(
    region: Region, G: Vector, o: Fraction, s: int, on: int | None = None, screen: _LazyScreen | None = None
) -> Vector | None:
    """A point of cl(R) (in facet ``on``'s hyperplane if given) with s g < 0, or None if s g >= 0 there.

    The float vertex screen picks a basis whose exact certificate usually settles it; otherwise one exact LP
    (:func:`reluexact.lp.minimize`) decides.
    """
    import numpy as np

    from reluexact.lp import minimize

    if screen is not None and on is None and screen.best is not None and s in screen.best:
        verdict, vertex = _certified_min(region, G, o, s, screen.best[s], None, screen)
        if verdict == "nonnegative":
            return None
        if verdict == "negative":
            return vertex
    screened = screen.get() if screen is not None else None
    if screen is not None and screened is not None:
        bases, points = screened.bases, screened.points
        if on is not None:
            mask = np.any(bases == on, axis=1)
            bases, points = bases[mask], points[mask]
        if len(bases):
            direction = screen.direction(G) * s
            j = int(np.argmin(points @ direction))
            verdict, vertex = _certified_min(region, G, o, s, bases[j].tolist(), on, screen)
            if verdict == "nonnegative":
                return None
            if verdict == "negative":
                return vertex
    if on is None:
        for f in region.facets or ():
            fp = f.point
            if fp is not None and s * (dot(G, fp) + o) < 0:
                return fp
    rows, consts = facet_rows(region)
    A: list[Sequence[Any]] = list(rows)
    b: list[Any] = list(consts)
    if on is not None:
        normal = rows[on]
        A += [normal, tuple(-v for v in normal)]
        b += [consts[on], -consts[on]]
    c = [s * v for v in G]
    if not A:
        t = (dot(G, region.point) + o + s) / dot(G, G)  # no facet, R = R^d: g(p - t G) = -s
        return tuple(x - t * v for x, v in zip(region.point, G, strict=True))
    res = minimize(c, A, b)
    if res.status == "infeasible":
        raise CertificationError(f"internal: the closure of region {region.id} is empty")
    assert res.point is not None
    if res.status == "unbounded":
        assert res.ray is not None
        base = s * (dot(G, res.point) + o)
        rate = dot(c, res.ray)  # < 0
        t = (abs(base) + 1) / -rate
        return tuple(x + t * r for x, r in zip(res.point, res.ray, strict=True))
    assert res.value is not None
    if res.value + s * o < 0:
        return res.point
    return None


def _faces(
    region: Region, G: Vector, o: Fraction, screen: _LazyScreen, vertices: _RegionVertices | None = None
) -> tuple[BoundaryFace, ...]:
    """The (d-2)-faces: facets F of the region whose relative interior {g = 0} crosses (exact, per facet).

    With the region's exact ``vertices``: {g = 0} crosses the relative interior of F exactly when g takes
    both strict signs at F's vertices (F is their convex hull), and a ridge F_k ∩ F_l inside {g = 0}
    has at least d - 1 vertices with g = 0, so fewer zero vertices rule out ridge faces.
    """
    import flint

    fG = [flint.fmpq(v.numerator, v.denominator) for v in G]
    fo = flint.fmpq(o.numerator, o.denominator)
    on = crossed = None
    if vertices is not None:
        on = vertices.on_facets(region)
        crossed = vertices.crossed(on).tolist()
    out = []
    for k, f in enumerate(region.facets or ()):
        fq = f.flint_point
        if fq is None or (crossed is not None and not crossed[k]):
            continue
        n = f.normal
        # g constant on the facet's hyperplane: G parallel to n (a crossed facet never is)
        if crossed is None and all(G[i] * n[j] == G[j] * n[i] for i in range(len(G)) for j in range(i + 1, len(G))):
            continue
        v = _value(fG, fo, fq)
        if v == 0:
            fp = f.point
            assert fp is not None
            point = fp
        else:
            s = 1 if v > 0 else -1
            q: Sequence[Any] | None
            if vertices is not None:
                assert on is not None
                at = vertices.extreme(s, on[:, k])
                q = None if at is None else vertices.flint_point(at)
            else:
                q = _opposite_point(region, G, o, s, on=k, screen=screen)
            if q is None:
                continue
            point = _crossing(fq, q, v, _value(fG, fo, q))
        neighbors = () if f.neighbor is None else (f.neighbor,)
        out.append(BoundaryFace((f.label,), neighbors, point))
    if len(G) >= 3 and (vertices is None or vertices.zeros() >= len(G) - 1):
        out.extend(_ridge_faces(region, G, o))
    return tuple(out)


def _area_squared(region: Region, G: Vector, o: Fraction, vertices: _RegionVertices | None = None) -> Fraction:
    """d = 3, cl(R) bounded: the exact squared area of the polygon {g = 0} ∩ cl(R).

    Its vertices are the points of {g = 0} on two facet planes that satisfy every facet (exact 3 x 3
    solves; from the region's exact ``vertices`` when given: its vertices with g = 0 and the zero of g on
    each edge whose ends g separates); they are ordered around their mean by exact cross products in
    the coordinate plane where |G_j| is largest, whose shoelace area A gives area^2 = A^2 (G . G) / G_j^2.
    """
    if vertices is not None:
        return _polygon_area_squared(vertices.section(region), G)
    facets = region.facets or ()
    rows = [(tuple(Fraction(v) for v in f.normal), Fraction(f.offset)) for f in facets]
    found: set[Vector] = set()
    for (n1, e1), (n2, e2) in itertools.combinations(rows, 2):
        M = (G, n1, n2)
        rhs = (-o, -e1, -e2)
        det = _det3(M)
        if det == 0:
            continue
        x = tuple(
            _det3(tuple(tuple(rhs[r] if c == j else M[r][c] for c in range(3)) for r in range(3))) / det
            for j in range(3)
        )
        if all(dot(n, x) + e >= 0 for n, e in rows):
            found.add(x)
    return _polygon_area_squared(found, G)


def _polygon_area_squared(found: set[Vector], G: Vector) -> Fraction:
    """The squared area of the convex polygon with vertices ``found`` in a plane with normal G (d = 3)."""
    j = max(range(3), key=lambda i: abs(G[i]))
    keep = [i for i in range(3) if i != j]
    flat = [(p[keep[0]], p[keep[1]]) for p in found]
    if len(flat) < 3:
        return Fraction(0)
    cx = sum((p[0] for p in flat), Fraction(0)) / len(flat)
    cy = sum((p[1] for p in flat), Fraction(0)) / len(flat)

    def before(p: tuple[Fraction, Fraction], q: tuple[Fraction, Fraction]) -> int:
        ux, uy, vx, vy = p[0] - cx, p[1] - cy, q[0] - cx, q[1] - cy
        hu, hv = (uy < 0 or (uy == 0 and ux < 0)), (vy < 0 or (vy == 0 and vx < 0))
        if hu != hv:
            return 1 if hu else -1
        cross = ux * vy - uy * vx
        return -1 if cross > 0 else 1 if cross < 0 else 0

    ordered = sorted(flat, key=functools.cmp_to_key(before))
    twice = sum(
        (a[0] * b[1] - a[1] * b[0] for a, b in zip(ordered, ordered[1:] + ordered[:1], strict=True)), Fraction(0)
    )
    return (twice / 2) ** 2 * dot(G, G) / G[j] ** 2


def _det3(M: Sequence[Sequence[Fraction]]) -> Fraction:
    return (
        M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1])
        - M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0])
        + M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0])
    )


def _ridge_faces(region: Region, G: Vector, o: Fraction) -> list[BoundaryFace]:
    """(d-2)-faces of the piece lying on a ridge F_k ∩ F_l of the region (d >= 3), exactly.

    There {g = 0} meets the two facets only along their common (d-2)-face, so no facet sees g change
    sign. That happens exactly when the hyperplane {g = 0} contains the ridge's affine hull:
    (G, o) = alpha (n_k, e_k) + beta (n_l, e_l). For each such pair one exact LP (max t with both
    facets tight and every other facet >= t) decides whether F_k ∩ F_l is a ridge of the region
    and gives a point in its relative interior.
    """
    from reluexact.lp import maximize

    facets = region.facets or ()
    d = len(G)
    scale = math.lcm(*(v.denominator for v in (*G, o)))
    target = tuple(int(v * scale) for v in (*G, o))
    vectors = [(*f.normal, f.offset) for f in facets]
    out = []
    for k in range(len(facets)):
        for m in range(k + 1, len(facets)):
            if not _in_span(target, vectors[k], vectors[m]):
                continue
            rows: list[Sequence[Any]] = []
            consts: list[Any] = []
            for j, f in enumerate(facets):
                if j in (k, m):
                    rows += [(*f.normal, 0), (*(-v for v in f.normal), 0)]
                    consts += [f.offset, -f.offset]
                else:
                    rows.append((*f.normal, -1))
                    consts.append(f.offset)
            rows.append((0,) * d + (-1,))
            consts.append(1)
            res = maximize([0] * d + [1], rows, consts)
            if res.status != "optimal" or res.value is None or res.value <= 0 or res.point is None:
                continue
            point = tuple(res.point[:d])
            if dot(G, point) + o != 0:
                raise CertificationError(f"internal: a ridge face point of region {region.id} failed its exact check")
            pair = (facets[k], facets[m])
            out.append(
                BoundaryFace(
                    tuple(f.label for f in pair), tuple(f.neighbor for f in pair if f.neighbor is not None), point
                )
            )
    return out


def _in_span(target: Sequence[int], a: Sequence[int], b: Sequence[int]) -> bool:
    """Whether the integer vector ``target`` is alpha a + beta b (a, b independent integer vectors), exactly.

    >>> _in_span((1, -1, 0), (1, 0, 0), (0, 1, 0)), _in_span((1, 1, 1), (1, 0, 0), (0, 1, 0))
    (True, False)
    """
    size = len(a)
    for i in range(size):
        for j in range(i + 1, size):
            det = a[i] * b[j] - a[j] * b[i]
            if det:
                alpha = target[i] * b[j] - target[j] * b[i]  # alpha * det
                beta = a[i] * target[j] - a[j] * target[i]  # beta * det
                return all(alpha * x + beta * y == det * t for x, y, t in zip(a, b, target, strict=True))
    return False


def _value(fG: Sequence[Any], fo: Any, x: Sequence[Any]) -> Any:
    """g(x) = G . x + o on python-flint numbers (x as fmpq or Fractions); an ``fmpq``."""
    import flint

    total = fo
    for a, v in zip(fG, x, strict=True):
        if a != 0:
            total += a * (v if isinstance(v, flint.fmpq) else flint.fmpq(v.numerator, v.denominator))
    return total


def _crossing(x: Sequence[Any], q: Sequence[Any], gx: Any, gq: Any) -> Vector:
    """:func:`crossing` on python-flint numbers, returned as Fractions."""
    import flint

    lam = gx / (gx - gq)
    out = []
    for a, b in zip(x, q, strict=True):
        fa = a if isinstance(a, flint.fmpq) else flint.fmpq(a.numerator, a.denominator)
        fb = b if isinstance(b, flint.fmpq) else flint.fmpq(b.numerator, b.denominator)
        r = fa + lam * (fb - fa)
        out.append(Fraction(int(r.p), int(r.q)))
    return tuple(out)


def _graph(pieces: Sequence[BoundaryPiece]) -> networkx.Graph:
    """Pieces sharing a (d-2)-face: the same end point (d = 2), or faces on one facet seen from both sides."""
    import networkx

    graph = networkx.Graph()
    graph.add_nodes_from(p.id for p in pieces)
    by_point: dict[Vector, list[int]] = {}
    by_region = {p.region: p for p in pieces}
    for piece in pieces:
        for face in piece.faces or ():
            if piece.end_points is not None:
                by_point.setdefault(face.point, []).append(piece.id)
                continue
            # neighbours are listed for the facets on unit hyperplanes ("h:<g>"), in order; sides have none
            hyperplanes = [label for label in face.facets if label.startswith("h:")]
            for label, other in zip(hyperplanes, face.neighbors, strict=False):
                neighbour = by_region.get(other)
                if neighbour is None or neighbour.id == piece.id:
                    continue
                if any(label in g.facets for g in neighbour.faces or ()):
                    graph.add_edge(min(piece.id, neighbour.id), max(piece.id, neighbour.id), point=face.point)
    for point, ids in by_point.items():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if a != b:
                    graph.add_edge(a, b, point=point)
    return graph


#: Largest d for the vertex table (its exact determinants cost d! products per d-subset of rows).
MAX_TABLE_DIM = 6


def _table(result: RegionsResult) -> VertexTable | None:
    """The exact vertex table when it applies and costs less than the per-region vertex screens."""
    d = result.network.input_dim
    if not 2 <= d <= MAX_TABLE_DIM or not isinstance(result.domain, Box):
        return None
    from reluexact.answers._vertices import vertex_table

    per_region = sum(math.comb(len(r.facets or ()), d) for r in result.regions)
    return vertex_table(result, max_subsets=2 * per_region + 1000)


def _boundary_from_table(
    result: RegionsResult,
    table: VertexTable,
    output: int,
    faces: bool,
    pieces: list[BoundaryPiece],
    zero: list[int],
    cells: list[DecisionCell],
) -> None:
    """Every region decided by the signs of f at the vertices of its closure (exact; see :func:`_vertices`).

    A region is a zero region when f = 0 at all its vertices, has a piece when f takes both signs there,
    and is one cell (the sign it takes) otherwise. Only the pieces' regions need their affine map.
    """
    import numpy as np

    from reluexact.answers._vertices import vertex_values

    values, _ = vertex_values(table, output)
    signs = np.sign(values).astype(np.int8) if values.dtype != object else _object_signs(values)
    has_pos, has_neg = (v.tolist() for v in table.region_signs(signs))
    d = result.network.input_dim
    box = result.domain
    assert isinstance(box, Box)
    for r, region in enumerate(result.regions):  # table rows follow the result's order
        if has_pos[r] and has_neg[r]:
            G = region.gradient[output]
            o = region.offset[output]
            if d == 2:
                polygon = region_hpolygon(region, box)
                assert polygon is not None
                piece, region_cells = _planar_region(region, polygon, G, o, len(pieces))
            else:
                corners = _RegionVertices(table, values, r)
                piece, region_cells = _general_region(region, G, o, len(pieces), faces=faces, vertices=corners)
            assert piece is not None
            if d == 3:
                piece = dataclasses.replace(piece, area_squared=_area_squared(region, G, o, corners))
            pieces.append(piece)
            cells.extend(region_cells)
        elif has_pos[r] or has_neg[r]:
            lazy = _RegionPolygon(region, box) if d == 2 else None
            cells.append(DecisionCell(region.id, 1 if has_pos[r] else -1, region, lazy))
        else:
            zero.append(region.id)


def _object_signs(values: Any) -> Any:
    import numpy as np

    return np.array([(v > 0) - (v < 0) for v in values.tolist()], dtype=np.int8)


class _RegionVertices:
    """The exact vertices of one region's closure (from the vertex table) and f's values at them."""

    __slots__ = ("_den", "_values", "homogeneous")

    def __init__(self, table: VertexTable, values: Any, region: int) -> None:
        idx = table.vertices_of(region)
        self.homogeneous = table.homogeneous[idx]
        self._values = values[idx].tolist()
        self._den = self.homogeneous[:, -1].tolist()

    def extreme(self, s: int, mask: Any = None) -> int | None:
        """The index of the vertex (among ``mask``) minimising s g exactly, if s g < 0 there; else None."""
        best_value, best_den, at = 0, 1, -1
        for i, (value, den) in enumerate(zip(self._values, self._den, strict=True)):
            # s g is proportional to s value / den (den > 0): compare by cross-multiplying
            if s * value < 0 and (mask is None or mask[i]) and (at < 0 or s * value * best_den < best_value * den):
                best_value, best_den, at = s * value, den, i
        return at if at >= 0 else None

    def point(self, i: int) -> Vector:
        """Vertex i as Fractions."""
        row = self.homogeneous[i].tolist()
        return tuple(Fraction(v, row[-1]) for v in row[:-1])

    def flint_point(self, i: int) -> tuple[Any, ...]:
        """Vertex i as python-flint ``fmpq`` values."""
        import flint

        row = self.homogeneous[i].tolist()
        return tuple(flint.fmpq(v, row[-1]) for v in row[:-1])

    def on_facets(self, region: Region) -> Any:
        """V x k bool: which vertices lie on each facet's hyperplane (exact integer rows)."""
        import numpy as np

        facets = region.facets or ()
        rows = np.array([(*f.normal, f.offset) for f in facets], dtype=np.int64).reshape(len(facets), -1)
        return (self.homogeneous @ rows.T) == 0

    def crossed(self, on: Any) -> Any:
        """Per facet column of ``on``: whether f takes both strict signs at the facet's vertices."""
        import numpy as np

        sign = np.array([(v > 0) - (v < 0) for v in self._values], dtype=np.int8)
        return np.any(on & (sign > 0)[:, None], axis=0) & np.any(on & (sign < 0)[:, None], axis=0)

    def zeros(self) -> int:
        """How many vertices have f = 0."""
        return sum(1 for v in self._values if v == 0)

    def section(self, region: Region) -> set[Vector]:
        """d = 3: the vertices of {g = 0} ∩ cl(R), exactly.

        They are the region's vertices with g = 0 and, on each edge whose two ends g separates, the
        zero of g there. Two vertices span an edge exactly when they share two facets (the two planes
        meet in a line whose intersection with cl(R) is the edge, a segment with just two vertices).
        With F the integer values (g = F / (Q k_d)) the zero between k_i and k_j is the homogeneous
        point F_i k_j - F_j k_i.
        """
        import numpy as np

        on = self.on_facets(region).astype(np.int64)
        shared = (on @ on.T) >= 2
        rows = self.homogeneous.tolist()
        out: set[Vector] = set()
        values = self._values
        for i, value in enumerate(values):
            if value == 0:
                out.add(tuple(Fraction(v, rows[i][-1]) for v in rows[i][:-1]))
        positive = [i for i, v in enumerate(values) if v > 0]
        negative = [i for i, v in enumerate(values) if v < 0]
        for i in positive:
            for j in negative:
                if shared[i, j]:
                    fi, fj = int(values[i]), int(values[j])
                    point = [fi * b - fj * a for a, b in zip(rows[i], rows[j], strict=True)]
                    out.add(tuple(Fraction(v, point[-1]) for v in point[:-1]))
        return out
