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
(:func:`reluexact.regions.regions`), enumerates the cells of the visible arrangement with the same
exact engine (on a reduced network with one unit per visible hyperplane; when every hyperplane is
visible the two arrangements are one and the regions are reused), and assigns each activation
region to the cell holding its certified interior point (exact signs). Every region's affine map is
checked exactly to equal its piece's map. The other definition in use (the set where f equals one
affine map, possibly disconnected; Stargalla, Hertrich and Reichman 2025) is the grouping
:attr:`PiecesResult.maps`.

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

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact.domain import Box, DomainLike, Polytope, Whole
from reluexact.domain import is_bounded as domain_is_bounded
from reluexact.errors import CertificationError, InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import AffineMap, Facet, Region, RegionsResult, is_bounded, regions
from reluexact.regions.arrangements import Arrangement

__all__ = ["AffinePiece", "PiecesResult", "affine_pieces", "hyperplane_jumps", "n_affine_pieces", "pieces_graph"]

Vector = tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class AffinePiece:
    """One maximal affine piece: a cell of the visible arrangement inside the domain.

    Attributes
    ----------
    id : int
        Index in :attr:`PiecesResult.pieces` (0-based).
    point : tuple of Fraction
        A rational point strictly inside the piece (certified: strictly off every visible
        hyperplane and inside the domain; it is also inside an activation region of the piece).
    affine_map : AffineMap
        The exact map x -> G x + o of f on the piece (one row per output, or the single row of
        output k when the result is for one output).
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
    point: Vector
    affine_map: AffineMap
    facets: tuple[Facet, ...]
    regions: tuple[int, ...]
    bounded: bool
    map_class: int

    @property
    def gradient(self) -> tuple[Vector, ...]:
        """The gradient rows of the piece's affine map (exact)."""
        return self.affine_map.gradient

    @property
    def offset(self) -> Vector:
        """The offsets of the piece's affine map (exact)."""
        return self.affine_map.offset

    @property
    def neighbors(self) -> tuple[int, ...]:
        """Ids of the pieces sharing a facet (on a visible hyperplane) with this one."""
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
        """The network."""
        return self.regions.network

    @property
    def n_maps(self) -> int:
        """The number of distinct affine maps among the pieces."""
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
    regions_result : RegionsResult, optional
        The complete ``regions(net, domain=domain)``, when already computed (it is reused).

    Returns
    -------
    PiecesResult

    Raises
    ------
    InvalidArgument
        For an output index out of range, or a ``regions_result`` of another network or domain
        or a partial one.
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
    >>> [p.bounded for p in affine_pieces(net, domain="-1,1;-1,1", output=0)]
    [True, True]

    See Also
    --------
    n_affine_pieces, pieces_graph, reluexact.regions.regions
    """
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"expected a TwoLayerReLU, got {type(net).__name__}")
    k_out = _check_output(net, output)
    if regions_result is None:
        res = regions(net, domain=domain, progress=False)
    else:
        res = regions_result
        if res.network != net or (domain is not None and _domain_of(net, domain) != res.domain):
            raise InvalidArgument("regions_result is not the regions of this network in this domain")
    if not res.complete:
        raise InvalidArgument("affine pieces need a complete region enumeration (this one was stopped by a budget)")
    arr = res.arrangement
    jumps = hyperplane_jumps(arr)
    ks = range(net.output_dim) if k_out is None else (k_out,)
    visible = tuple(g for g, jump in enumerate(jumps) if any(jump[k] != 0 for k in ks))
    if len(visible) == len(arr.groups):
        cells: RegionsResult = res
        translate = list(range(len(arr.groups)))
        piece_of_region = list(range(len(res)))
    else:
        cells = regions(_visible_net(arr, visible), domain=res.domain, progress=False)
        translate = list(visible)
        piece_of_region = _assign(res, cells, visible)
    members: list[list[int]] = [[] for _ in cells.regions]
    for r, p in enumerate(piece_of_region):
        members[p].append(r)
    keys = _map_keys(res, ks)
    for p, rs in enumerate(members):
        if not rs or any(keys[r] != keys[rs[0]] for r in rs):
            raise CertificationError(f"piece {p}: its activation regions do not share one affine map (a bug)")
    classes: dict[Any, int] = {}
    maps: list[list[int]] = []
    for p, rs in enumerate(members):
        key = keys[rs[0]]
        if key not in classes:
            classes[key] = len(maps)
            maps.append([])
        maps[classes[key]].append(p)
    bounded_domain = domain_is_bounded(res.domain)
    pieces = []
    for p, cell in enumerate(cells.regions):
        amap = res.regions[members[p][0]].affine_map
        if k_out is not None:
            amap = AffineMap((amap.gradient[k_out],), (amap.offset[k_out],))
        pieces.append(
            AffinePiece(
                id=p,
                point=cell.point,
                affine_map=amap,
                facets=_facets(cell, arr, translate),
                regions=tuple(members[p]),
                bounded=bounded_domain or _cell_bounded(cell),
                map_class=classes[keys[members[p][0]]],
            )
        )
    return PiecesResult(
        regions=res,
        output=k_out,
        pieces=tuple(pieces),
        piece_of_region=tuple(piece_of_region),
        visible=visible,
        jumps=jumps,
        maps=tuple(tuple(ps) for ps in maps),
    )


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


def _facets(cell: Region, arr: Arrangement, translate: list[int]) -> tuple[Facet, ...]:
    out = []
    for f in cell.facets or ():
        if f.kind == "hyperplane":
            g = translate[int(f.label.split(":")[1])]
            units = arr.groups[g].unit_indices
            out.append(
                Facet("hyperplane", f"h:{g}", units, f.normal, f.offset, f.flint_point, f.neighbor, f.certificate)
            )
        else:
            out.append(f)
    return tuple(out)


def _cell_bounded(cell: Region) -> bool:
    d = len(cell.point)
    facets = cell.facets or ()
    if len(facets) <= d:  # a bounded polytope in R^d has at least d + 1 facets
        return False
    return is_bounded(cell)


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
