"""Maximal affine pieces: the largest connected open sets on which f (or one output f_k) is affine.

Group coincident units into hyperplanes (:func:`reluexact.regions.arrangement`): the units j of
group G satisfy w_j = s_j lambda_j u, b_j = s_j lambda_j beta for one primitive H = {u . x + beta = 0}
(s_j = +-1 the orientation, lambda_j > 0). Crossing H from u . x + beta < 0 to > 0 switches on the
units with s_j = +1 and off those with s_j = -1, so the gradient of output k jumps by

    J_k(G) u,    J_k(G) = sum_{j in G} a_kj lambda_j,

the same everywhere on H (``theory.md``, "Visible hyperplanes and maximal affine pieces"; proved in
``proofs/prove_visible_pieces.py``). H is *visible* for output k when J_k(G) != 0, and for the
vector map when J_k(G) != 0 for some k. Theorem: the maximal connected open sets on which f_k is
affine are exactly the cells, inside the domain, of the arrangement of the hyperplanes visible for
k; each is a union of closures of activation regions.

:func:`affine_pieces` computes them so: it enumerates the activation regions
(:func:`reluexact.regions.regions`) and finds the cells of the visible arrangement from them. When
every hyperplane is visible the two arrangements are one and the pieces are the regions. Otherwise
(``method="merge"``, the default, linear in the facets) regions sharing a facet on an invisible
hyperplane are united (union-find): the cells of the visible arrangement inside the domain are
exactly these unions, since two regions are in one cell iff a path between them crosses only
invisible hyperplanes. ``method="arrangement"`` instead enumerates the visible arrangement with the
same exact engine (a network with one unit per visible hyperplane) and assigns each region to the
cell holding its certified interior point (exact signs); the tests check the two against each other
and against merging across facets where the maps' gradients do not jump. Every region's affine map
is checked exactly to equal its piece's map. Boundedness in R^d is read off the extreme rays of the
arrangement at infinity (:func:`unbounded_regions`, no LP). The other definition in use (the set
where f equals one affine map, possibly disconnected; Stargalla, Hertrich and Reichman 2025) is the
grouping :attr:`PiecesResult.maps`.

Everything is exact; ids of activation regions are those of ``regions(net, domain=...)``.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1], [1], [1]], [0, -1, -2], [[1, -2, 1]], [0])  # relu(x) - 2 relu(x-1) + relu(x-2)
>>> result = affine_pieces(net)
>>> result
PiecesResult(4 pieces, 3 maps, 4 regions, domain=R^1)
>>> [p.regions for p in result.pieces], result.maps  # regions 1 and 3: x < 0 and x > 2, both f = 0
([(0,), (1,), (2,), (3,)], ((0,), (1, 3), (2,)))
>>> n_affine_pieces(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0]], [0]))  # relu(x1) + 0 relu(x2)
2
"""

from __future__ import annotations

import gc
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint

from reluexact.domain import Box, DomainLike, Polytope, Whole
from reluexact.domain import is_bounded as domain_is_bounded
from reluexact.errors import CertificationError, InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import AffineMap, Facet, Region, RegionsResult, is_bounded, regions
from reluexact.regions.arrangements import Arrangement

__all__ = [
    "AffinePiece",
    "PiecesResult",
    "affine_pieces",
    "hyperplane_jumps",
    "n_affine_pieces",
    "pieces_graph",
    "unbounded_regions",
]

Vector = tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class AffinePiece:
    """One maximal affine piece: a cell of the visible arrangement inside the domain.

    Attributes
    ----------
    id : int
        Index in :attr:`PiecesResult.pieces` (0-based).
    point : tuple of Fraction
        A rational point strictly inside the piece (certified: the interior point of one of its
        activation regions, or of the enumerated cell of the visible arrangement).
    affine_map : AffineMap
        The exact map x -> G x + o of f on the piece (one row per output, or the single row of
        output k when the result is for one output); built on first access.
    facets : tuple of Facet
        The piece's (d-1)-dimensional faces: on visible hyperplanes (``kind="hyperplane"``, label
        ``"h:<g>"`` with g the hyperplane group of :func:`reluexact.regions.arrangement`, ``units``
        its units, ``neighbor`` the piece across it) and on domain sides; each with a certified point
        in its relative interior, ``normal . x + offset > 0`` on the piece.
    regions : tuple of int
        Ids (as in ``regions(net, domain=...)``) of the activation regions the piece unites.
    bounded : bool
        Whether the piece is bounded as a subset of R^d (always true inside a box).
    map_class : int
        Index in :attr:`PiecesResult.maps` of the pieces with the same map.
    """

    id: int
    facets: tuple[Facet, ...]
    regions: tuple[int, ...]
    bounded: bool
    map_class: int
    # the region (or enumerated cell) whose point is the piece's, a region of the piece (its map is
    # the piece's) and the output asked for; point and map are built on first access, as for a
    # Region (a run makes thousands of pieces)
    _cell: Region = field(repr=False, compare=False)
    _source: Region = field(repr=False, compare=False)
    _output: int | None = field(repr=False, compare=False)
    _cache: list[AffineMap] = field(default_factory=list, repr=False, compare=False)

    @property
    def point(self) -> Vector:
        """A rational point strictly inside the piece, as Fractions.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 1]], [0, 0, 0], [[1, -1, 1]], [0])  # units 1, 2 cancel: f = relu(y)
        >>> result = affine_pieces(net, domain="-1,1;-1,1")  # 4 regions, 2 pieces (y < 0, y > 0)
        >>> result.pieces[1].point
        (Fraction(1, 4), Fraction(1, 2))
        """
        return self._cell.point

    @property
    def affine_map(self) -> AffineMap:
        """The exact affine map of f (or of the chosen output) on the piece.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 1]], [0, 0, 0], [[1, -1, 1]], [0])  # units 1, 2 cancel: f = relu(y)
        >>> result = affine_pieces(net, domain="-1,1;-1,1")  # 4 regions, 2 pieces (y < 0, y > 0)
        >>> result.pieces[1].affine_map((5, 3))
        (Fraction(3, 1),)
        """
        if not self._cache:
            amap = self._source.affine_map
            if self._output is not None:
                amap = AffineMap((amap.gradient[self._output],), (amap.offset[self._output],))
            self._cache.append(amap)
        return self._cache[0]

    @property
    def gradient(self) -> tuple[Vector, ...]:
        """The gradient rows of the piece's affine map (exact).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 1]], [0, 0, 0], [[1, -1, 1]], [0])  # units 1, 2 cancel: f = relu(y)
        >>> result = affine_pieces(net, domain="-1,1;-1,1")  # 4 regions, 2 pieces (y < 0, y > 0)
        >>> result.pieces[1].gradient
        ((Fraction(0, 1), Fraction(1, 1)),)
        """
        return self.affine_map.gradient

    @property
    def offset(self) -> Vector:
        """The offsets of the piece's affine map (exact).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 1]], [0, 0, 0], [[1, -1, 1]], [0])  # units 1, 2 cancel: f = relu(y)
        >>> result = affine_pieces(net, domain="-1,1;-1,1")  # 4 regions, 2 pieces (y < 0, y > 0)
        >>> result.pieces[1].offset
        (Fraction(0, 1),)
        """
        return self.affine_map.offset

    @property
    def neighbors(self) -> tuple[int, ...]:
        """Ids of the pieces sharing a facet (on a visible hyperplane) with this one.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 1]], [0, 0, 0], [[1, -1, 1]], [0])  # units 1, 2 cancel: f = relu(y)
        >>> result = affine_pieces(net, domain="-1,1;-1,1")  # 4 regions, 2 pieces (y < 0, y > 0)
        >>> piece = result.pieces[1]
        >>> piece.neighbors, len(piece.regions)
        ((0,), 2)
        """
        return tuple(f.neighbor for f in self.facets if f.neighbor is not None)

    def __repr__(self) -> str:
        return f"AffinePiece(id={self.id}, regions={len(self.regions)}, facets={len(self.facets)})"


@dataclass(frozen=True, slots=True)
class PiecesResult:
    """The maximal affine pieces of a network in a domain, next to its activation regions.

    Attributes
    ----------
    regions : RegionsResult
        The activation regions (complete), ids as in ``regions(net, domain=...)``.
    output : int or None
        The output k whose pieces these are (``None``: the vector map, all outputs at once).
    pieces : tuple of AffinePiece
    piece_of_region : tuple of int
        For each activation region id, the piece holding it.
    visible : tuple of int
        Indices of the visible hyperplane groups (of ``regions.arrangement.groups``).
    jumps : tuple of tuple of Fraction
        Per hyperplane group g, the m numbers J_k(g) = sum_j a_kj lambda_j: crossing H_g in the
        direction of its normal changes the gradient of output k by J_k(g) times the normal.
    maps : tuple of tuple of int
        The pieces grouped by identical affine map (the possibly disconnected definition of a
        piece), each group sorted, groups ordered by their first piece.
    """

    regions: RegionsResult
    output: int | None
    pieces: tuple[AffinePiece, ...]
    piece_of_region: tuple[int, ...]
    visible: tuple[int, ...]
    jumps: tuple[Vector, ...]
    maps: tuple[tuple[int, ...], ...]

    @property
    def network(self) -> TwoLayerReLU:
        """The network.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 1]], [0, 0, 0], [[1, -1, 1]], [0])  # units 1, 2 cancel: f = relu(y)
        >>> result = affine_pieces(net, domain="-1,1;-1,1")  # 4 regions, 2 pieces (y < 0, y > 0)
        >>> result.network is net
        True
        """
        return self.regions.network

    @property
    def n_maps(self) -> int:
        """The number of distinct affine maps among the pieces.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 1]], [0, 0, 0], [[1, -1, 1]], [0])  # units 1, 2 cancel: f = relu(y)
        >>> result = affine_pieces(net, domain="-1,1;-1,1")  # 4 regions, 2 pieces (y < 0, y > 0)
        >>> len(result.regions), len(result), result.n_maps
        (4, 2, 2)
        """
        return len(self.maps)

    def __len__(self) -> int:
        return len(self.pieces)

    def __iter__(self) -> Iterator[AffinePiece]:
        return iter(self.pieces)

    def __getitem__(self, i: int) -> AffinePiece:
        return self.pieces[i]

    def __repr__(self) -> str:
        which = "" if self.output is None else f", output={self.output}"
        return (
            f"PiecesResult({len(self.pieces)} pieces, {len(self.maps)} maps, {len(self.regions)} regions{which}, "
            f"domain={self.regions.domain!r})"
        )


def hyperplane_jumps(arr: Arrangement) -> tuple[Vector, ...]:
    """Per hyperplane group g, the m numbers J_k(g) = sum over its units j of a_kj lambda_j (exact).

    Crossing H_g = {u . x + beta = 0} from u . x + beta < 0 to > 0 changes the gradient of output
    k by J_k(g) u, whatever the orientations of the units (units with w_j = -lambda_j u switch off,
    and -a_kj w_j = a_kj lambda_j u).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import arrangement
    >>> arr = arrangement(TwoLayerReLU([[1], [-2], [1]], [0, 0, -1], [[1, "1/2", 3]], [0]))
    >>> hyperplane_jumps(arr)  # units 0 and 1 share x = 0: 1 * 1 + 1/2 * 2; unit 2: x = 1
    ((Fraction(2, 1),), (Fraction(3, 1),))
    """
    A = arr.network.output_weights
    return tuple(
        tuple(
            sum((A[k][i] * lam for (i, _s), lam in zip(g.units, g.scales, strict=True)), Fraction(0))
            for k in range(len(A))
        )
        for g in arr.groups
    )


def _check_output(net: TwoLayerReLU, output: Any) -> int | None:
    if output is None:
        return None
    if isinstance(output, bool) or not isinstance(output, int) or not 0 <= output < net.output_dim:
        raise InvalidArgument(
            f"output must be None (the vector map) or an output index in 0..{net.output_dim - 1}, got {output!r}"
        )
    return output


def affine_pieces(
    net: TwoLayerReLU,
    *,
    domain: DomainLike = None,
    output: int | None = None,
    method: str = "merge",
    regions_result: RegionsResult | None = None,
) -> PiecesResult:
    """The maximal affine pieces of ``net`` (or of output ``output``) inside ``domain``, exactly.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : DomainLike, keyword-only
        Read by :func:`reluexact.domain.as_domain` (``None``: all of R^d).
    output : int or None, keyword-only
        ``None``: pieces of the vector map x -> f(x) in R^m; k: pieces of the output f_k.
    method : {"merge", "arrangement"}, keyword-only
        How the cells of the visible arrangement are found (same result, both exact):
        ``"merge"`` (default, linear in the facets) unites activation regions across their facets
        on invisible hyperplanes (union-find); ``"arrangement"`` enumerates the cells of the visible
        arrangement with the region engine (a network with one unit per visible hyperplane) and
        assigns each region to the cell holding its interior point (exact signs). When every
        hyperplane is visible the pieces are the regions, whatever the method.
    regions_result : RegionsResult, optional
        The complete ``regions(net, domain=domain)``, when already computed (it is reused).

    Returns
    -------
    PiecesResult

    Raises
    ------
    InvalidArgument
        For an output index out of range, an unknown method, or a ``regions_result`` of another
        network or domain or a partial one.
    CertificationError
        If an exact check failed (a bug).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [1, 1]], [0, 0])
    >>> affine_pieces(net).pieces[0].facets
    (Facet(hyperplane, units=(0,), neighbor=1), Facet(hyperplane, units=(1,), neighbor=2))
    >>> len(affine_pieces(net, output=0)), len(affine_pieces(net, output=1))
    (2, 4)
    >>> [p.regions for p in affine_pieces(net, output=0, method="arrangement")]
    [(0, 2), (1, 3)]
    >>> [p.bounded for p in affine_pieces(net, domain="-1,1;-1,1", output=0)]
    [True, True]

    See Also
    --------
    n_affine_pieces, pieces_graph, reluexact.regions.regions
    """
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"expected a TwoLayerReLU, got {type(net).__name__}")
    k_out = _check_output(net, output)
    if method not in ("merge", "arrangement"):
        raise InvalidArgument(f"method must be 'merge' or 'arrangement', got {method!r}")
    if regions_result is None:
        res = regions(net, domain=domain, progress=False)
    else:
        res = regions_result
        if res.network != net or (domain is not None and _domain_of(net, domain) != res.domain):
            raise InvalidArgument("regions_result is not the regions of this network in this domain")
    if not res.complete:
        raise InvalidArgument("affine pieces need a complete region enumeration (this one was stopped by a budget)")
    # tens of thousands of small long-lived objects: the cyclic collector would re-traverse every
    # live region many times for nothing (as in reluexact.regions' enumeration and graph)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _pieces(res, k_out, method)
    finally:
        if was_enabled:
            gc.enable()


def _pieces(res: RegionsResult, k_out: int | None, method: str) -> PiecesResult:
    net = res.network
    arr = res.arrangement
    jumps = hyperplane_jumps(arr)
    ks = range(net.output_dim) if k_out is None else (k_out,)
    visible = tuple(g for g, jump in enumerate(jumps) if any(jump[k] != 0 for k in ks))
    keys = _map_keys(res, ks)
    bounded_domain = domain_is_bounded(res.domain)
    unbounded = None if bounded_domain else unbounded_regions(res)
    cells: list[Cell]
    if len(visible) == len(arr.groups):
        # one arrangement: the pieces are the regions (theory.md: pieces = regions iff all visible)
        cells = [(r, r.facets or (), (r.id,), r) for r in res.regions]
        piece_of_region = list(range(len(res)))
    elif method == "merge":
        cells, piece_of_region = _merge(res, set(visible))
    else:
        cells, piece_of_region = _enumerate_cells(res, visible)
    classes: dict[Any, int] = {}
    maps: list[list[int]] = []
    pieces = []
    for p, (holder, facets, members, cell) in enumerate(cells):
        key = keys[members[0]]
        if len(members) > 1 and any(keys[r] != key for r in members):
            raise CertificationError(f"piece {p}: its activation regions do not share one affine map (a bug)")
        k = classes.get(key)
        if k is None:
            k = classes[key] = len(maps)
            maps.append([])
        maps[k].append(p)
        if bounded_domain:
            bounded = True
        elif unbounded is not None:  # a union of closures of regions is bounded iff each region is
            bounded = not any(r in unbounded for r in members)
        else:
            bounded = _cell_bounded(cell, facets, res, members)
        pieces.append(AffinePiece(p, facets, members, bounded, k, holder, res.regions[members[0]], k_out))
    return PiecesResult(
        regions=res,
        output=k_out,
        pieces=tuple(pieces),
        piece_of_region=tuple(piece_of_region),
        visible=visible,
        jumps=jumps,
        maps=tuple(tuple(ps) for ps in maps),
    )


#: One cell of the visible arrangement: the Region holding its point, its facets, its activation region
#: ids, and the Region whose facets decide boundedness (a region or an enumerated cell), or None (a union
#: of regions: decided from them).
Cell = tuple[Region, tuple[Facet, ...], tuple[int, ...], Region | None]


def _merge(res: RegionsResult, visible: set[int]) -> tuple[list[Cell], list[int]]:
    """Unite regions across facets on invisible hyperplanes (union-find); facets: one per (piece, face)."""
    parent = list(range(len(res)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for e in res.edges:
        if e.group not in visible:
            a, b = find(e.a), find(e.b)
            if a != b:
                parent[max(a, b)] = min(a, b)
    root_piece: dict[int, int] = {}
    piece_of_region = []
    members: list[list[int]] = []
    for r in range(len(res)):
        root = find(r)
        p = root_piece.get(root)
        if p is None:
            p = root_piece[root] = len(members)
            members.append([])
        members[p].append(r)
        piece_of_region.append(p)
    cells: list[Cell] = []
    new = tuple.__new__
    for rs in members:
        if len(rs) == 1:
            region = res.regions[rs[0]]
            facets = tuple(
                f if f.neighbor is None else new(Facet, (*f[:6], piece_of_region[f.neighbor], f.certificate))
                for f in region.facets or ()
            )
            cells.append((region, facets, (rs[0],), region))
            continue
        seen: set[str] = set()
        merged = []
        here = piece_of_region[rs[0]]
        for r in rs:
            for f in res.regions[r].facets or ():
                if f.neighbor is not None:
                    neighbor = piece_of_region[f.neighbor]
                    if neighbor == here:
                        continue  # a facet on an invisible hyperplane, inside the piece
                    f = new(Facet, (*f[:6], neighbor, f.certificate))
                if f.label not in seen:  # the piece's face on one hyperplane or side is one convex facet
                    seen.add(f.label)
                    merged.append(f)
        cells.append((res.regions[rs[0]], tuple(merged), tuple(rs), None))
    return cells, piece_of_region


def _enumerate_cells(res: RegionsResult, visible: tuple[int, ...]) -> tuple[list[Cell], list[int]]:
    """Enumerate the visible arrangement (a reduced network) and place each region by its pattern."""
    arr = res.arrangement
    cell_result = regions(_visible_net(arr, visible), domain=res.domain, progress=False)
    piece_of_region = _assign(res, cell_result, visible)
    members: list[list[int]] = [[] for _ in cell_result.regions]
    for r, p in enumerate(piece_of_region):
        members[p].append(r)
    labels = [(f"h:{g}", arr.groups[g].unit_indices) for g in visible]
    new = tuple.__new__
    cells: list[Cell] = []
    for p, cell in enumerate(cell_result.regions):
        if not members[p]:
            raise CertificationError(f"cell {p} of the visible arrangement holds no activation region (a bug)")
        facets = []
        for f in cell.facets or ():
            if f.kind == "hyperplane":
                label, units = labels[int(f.label[2:])]
                f = new(Facet, (f.kind, label, units, f.normal, f.offset, f.flint_point, f.neighbor, f.certificate))
            facets.append(f)
        cells.append((cell, tuple(facets), tuple(members[p]), cell))
    return cells, piece_of_region


def _domain_of(net: TwoLayerReLU, domain: DomainLike) -> Whole | Box | Polytope:
    from reluexact.domain import as_domain

    return as_domain(domain, net.input_dim)


def _visible_net(arr: Arrangement, visible: tuple[int, ...]) -> TwoLayerReLU:
    """One unit per visible hyperplane (its primitive row, orientation +1); the output weights do not matter."""
    d = arr.dimension
    groups = [arr.groups[g] for g in visible]
    return TwoLayerReLU(
        [list(g.normal) for g in groups], [g.offset for g in groups], [[0] * len(groups)], [0], input_dim=d
    )


def _assign(res: RegionsResult, cells: RegionsResult, visible: tuple[int, ...]) -> list[int]:
    """The cell of the visible arrangement holding each activation region (by its interior point's signs)."""
    heads = [res.arrangement.groups[g].units[0] for g in visible]
    out = []
    for region in res.regions:
        pattern = region.pattern
        # the group's sign at the region: unit i is active iff s (u . x + beta) > 0
        key = "".join(
            ("1" if pattern[i] == "1" else "0") if s > 0 else ("0" if pattern[i] == "1" else "1") for i, s in heads
        )
        cell = cells.by_pattern.get(key)
        if cell is None:
            raise CertificationError(f"region {region.id} lies in no cell of the visible arrangement (a bug)")
        out.append(cell)
    return out


def _map_keys(res: RegionsResult, ks: Any) -> list[Any]:
    """Per region, a hashable exact key of its affine map restricted to outputs ``ks``."""
    aff = res.affine_integers
    d = res.network.input_dim
    if aff is None:  # pragma: no cover - enumeration always keeps them
        return [tuple((r.gradient[k], r.offset[k]) for k in ks) for r in res.regions]
    cols = [k * (d + 1) + j for k in ks for j in range(d + 1)]
    block = aff.prod[:, cols]
    if aff.int64:
        return [row.tobytes() for row in block]
    return [tuple(int(v) for v in row) for row in block]


def _cell_bounded(cell: Region | None, facets: tuple[Facet, ...], res: RegionsResult, members: tuple[int, ...]) -> bool:
    """Whether a piece is bounded in R^d, exactly, from its (complete) facet list.

    d = 1: bounded iff it has two facets. d = 2: the recession cone K = {r : N r >= 0} (N the inward
    facet normals) is {0} iff no r = +-(-n_2, n_1) of a facet normal n lies in K (a nonzero closed
    cone other than R^2 has a nonzero boundary point, where some facet inequality is tight). d >= 3:
    one exact LP per region (:func:`reluexact.regions.is_bounded`).
    """
    d = res.network.input_dim
    if len(facets) <= d:  # a bounded polytope in R^d has at least d + 1 facets
        return False
    if d == 1:
        return True
    if d == 2:
        normals = [f.normal for f in facets]
        for a, b in normals:
            for r0, r1 in ((-b, a), (b, -a)):
                if all(p * r0 + q * r1 >= 0 for p, q in normals):
                    return False
        return True
    if cell is not None:
        return is_bounded(cell)
    return all(is_bounded(res.regions[r]) for r in members)


#: A ray of the arrangement at infinity on more hyperplanes than this is not expanded (2^k sign
#: choices); boundedness then falls back to one exact LP per piece.
MAX_RAY_MULTIPLICITY = 12


def unbounded_regions(res: RegionsResult) -> frozenset[int] | None:
    """Ids of the unbounded regions of a complete enumeration of all of R^d (exact, no LP).

    A region C = {s_g (u_g . x + beta_g) > 0} is unbounded iff its recession cone
    K = {r : s_g u_g . r >= 0 for all g} is not {0}. When the normals u_g span R^d, K is pointed
    and, if not {0}, has an extreme ray: a line on d - 1 independent hyperplanes u_g . r = 0 of
    the central arrangement. So C is unbounded iff its signs agree with sign(u_g . rho) wherever
    that is non-zero, for one direction rho of such a line; this lists, for every such rho, the
    regions whose patterns agree (2^k choices on the k hyperplanes through the line). When the
    normals span less than R^d, every region is unbounded.

    Returns None (the caller then decides region by region) when the domain is not all of R^d or
    a line lies on more than :data:`MAX_RAY_MULTIPLICITY` hyperplanes.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> res = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0]))
    >>> sorted(res[r].pattern for r in range(len(res)) if r not in unbounded_regions(res))
    ['110']
    """
    arr = res.arrangement
    if not isinstance(arr.domain, Whole) or not res.complete:
        return None
    d = arr.dimension
    normals = [g.normal for g in arr.groups]
    G = len(normals)
    if G == 0 or flint.fmpz_mat(G, d, [v for n in normals for v in n]).rank() < d:
        return frozenset(range(len(res)))
    rays: set[tuple[int, ...]] = set()
    for combo in itertools.combinations(range(G), d - 1):
        rows = [normals[g] for g in combo]
        # the generalised cross product: r_j = (-1)^j det(rows without column j), zero iff rank < d - 1
        r = [
            (-1) ** j * int(flint.fmpz_mat(d - 1, d - 1, [row[c] for row in rows for c in range(d) if c != j]).det())
            if d > 1
            else 1
            for j in range(d)
        ]
        if any(r):
            g = math.gcd(*r)
            first = next(v for v in r if v)
            rays.add(tuple(v // g if first > 0 else -v // g for v in r))
    template = ["0"] * arr.network.n_hidden
    for i, active in arr.constant_units:
        template[i] = "1" if active else "0"
    members = [g.units for g in arr.groups]
    found: set[int] = set()
    for ray in rays:
        dots = [sum(a * b for a, b in zip(n, ray, strict=True)) for n in normals]
        zero = [g for g, v in enumerate(dots) if v == 0]
        if len(zero) > MAX_RAY_MULTIPLICITY:
            return None
        for direction in (1, -1):
            pattern = list(template)
            for g, v in enumerate(dots):
                if v:
                    for i, s in members[g]:
                        pattern[i] = "1" if s * direction * v > 0 else "0"
            for choice in itertools.product((1, -1), repeat=len(zero)):
                for g, sign in zip(zero, choice, strict=True):
                    for i, s in members[g]:
                        pattern[i] = "1" if s * sign > 0 else "0"
                k = res.by_pattern.get("".join(pattern))
                if k is not None:
                    found.add(k)
    return frozenset(found)


def n_affine_pieces(net: TwoLayerReLU, *, domain: DomainLike = None, output: int | None = None) -> int:
    """The number of maximal affine pieces (exact).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> n_affine_pieces(TwoLayerReLU([[1], [1], [1]], [0, -1, -2], [[1, -2, 1]], [0]), domain=(-1, 3))
    4
    """
    return len(affine_pieces(net, domain=domain, output=output))


def pieces_graph(result: PiecesResult) -> Any:
    """The adjacency graph of the pieces as a ``networkx.Graph``.

    Nodes are piece ids with data ``piece`` (the :class:`AffinePiece`), ``point``, ``gradient``,
    ``offset`` and ``regions``; an edge joins two pieces sharing a facet on a visible hyperplane,
    with data ``group`` (the hyperplane group), ``units`` and ``point`` (a certified point in the
    relative interior of the shared facet).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> G = pieces_graph(affine_pieces(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])))
    >>> G.number_of_nodes(), G.number_of_edges()
    (4, 4)
    """
    import networkx as nx

    G = nx.Graph()
    for p in result.pieces:
        G.add_node(p.id, piece=p, point=p.point, gradient=p.gradient, offset=p.offset, regions=p.regions)
    for p in result.pieces:
        for f in p.facets:
            if f.neighbor is not None and p.id < f.neighbor:
                G.add_edge(p.id, f.neighbor, group=int(f.label.split(":")[1]), units=f.units, point=f.point)
    return G
