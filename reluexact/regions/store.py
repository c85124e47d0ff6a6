"""A compact store of enumerated regions: bit-packed patterns, integer points, edge arrays.

A :class:`~reluexact.regions.types.RegionsResult` keeps one :class:`Region` object per region,
with python-flint rationals, facet named tuples and an affine-map row each: thousands of bytes a
region. :class:`RegionStore` keeps the same exact data in numpy arrays:

* activation patterns as packed bits (``n / 8`` bytes a region);
* every point (region interior points, facet points) as integer numerators over one common
  denominator per point (int64 when every value fits, Python integers otherwise);
* the edges as integer arrays (ends and hyperplane group), the domain-side facets as
  (region, side) arrays;
* the affine maps are not stored: they are computed from the patterns on demand.

:meth:`RegionStore.to_result` rebuilds a :class:`RegionsResult` equal to the one stored
(same regions, facets, edges, points, affine maps), and :meth:`RegionStore.region` builds one
:class:`Region` alone; :meth:`RegionStore.adjacency_matrix` gives the graph as a scipy.sparse
matrix, :meth:`RegionStore.graph` as networkx, both on demand.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> res = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0]), domain="-2,2")
>>> store = RegionStore.from_result(res)
>>> store
RegionStore(7 regions, 9 edges, complete)
>>> store.to_result().regions == res.regions and store.to_result().edges == res.edges
True
>>> store.region(3) == res.regions[3], store.pattern(3) == res.regions[3].pattern
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from reluexact.errors import InvalidArgument
from reluexact.regions.affine import AffineRow, affine_constants, affine_integers
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.types import Edge, Facet, Region, RegionsCertificate, RegionsResult

__all__ = ["RationalRows", "RegionStore"]


@dataclass(frozen=True, slots=True)
class RationalRows:
    """Rows of exact rationals, each as integer numerators over one positive denominator.

    ``numerators`` (k x d) and ``denominators`` (k,) are int64 arrays when every value fits,
    object arrays of Python integers otherwise.

    Examples
    --------
    >>> import flint
    >>> rows = RationalRows.from_points([(flint.fmpq(1, 2), flint.fmpq(-1, 3)), (flint.fmpq(2),)] [:1])
    >>> rows.numerators.tolist(), rows.denominators.tolist(), rows.row(0)
    ([[3, -2]], [6], (1/2, -1/3))
    """

    numerators: Any
    denominators: Any

    @classmethod
    def from_points(cls, points: Sequence[Sequence[Any]], d: int | None = None) -> RationalRows:
        """From points with python-flint ``fmpq`` (or Fraction) coordinates.

        Examples
        --------
        >>> from fractions import Fraction
        >>> rows = RationalRows.from_points([(Fraction(1, 2), Fraction(-1, 3)), (Fraction(2), Fraction(0))])
        >>> rows.numerators.tolist(), rows.denominators.tolist()
        ([[3, -2], [2, 0]], [6, 1])
        >>> RationalRows.from_points([(Fraction(1, 2**70),)]).numerators.dtype  # beyond int64: Python integers
        dtype('O')
        """
        width = len(points[0]) if points else (d or 0)
        nums: list[int] = []
        dens: list[int] = []
        lcm = math.lcm
        flint_values = bool(points) and bool(points[0]) and hasattr(points[0][0], "q")
        for point in points:
            if flint_values:
                qs = [int(v.q) for v in point]
                ps = [int(v.p) for v in point]
            else:
                qs = [v.denominator for v in point]
                ps = [v.numerator for v in point]
            den = lcm(*qs)
            dens.append(den)
            if den == 1:
                nums.extend(ps)
            else:
                nums.extend([p * (den // q) for p, q in zip(ps, qs, strict=True)])
        fits = (not nums or (min(nums) > -(2**63) and max(nums) < 2**63)) and (not dens or max(dens) < 2**63)
        dtype = np.int64 if fits else object
        return cls(
            np.array(nums, dtype=dtype).reshape(len(points), width), np.array(dens, dtype=dtype).reshape(len(points))
        )

    def row(self, k: int) -> tuple[Any, ...]:
        """Row ``k`` as python-flint ``fmpq`` values (in lowest terms).

        Examples
        --------
        >>> from fractions import Fraction
        >>> RationalRows.from_points([(Fraction(1, 2), Fraction(-1, 3))]).row(0)
        (1/2, -1/3)
        """
        import flint

        den = int(self.denominators[k])
        return tuple(flint.fmpq(int(v), den) for v in self.numerators[k])

    @property
    def nbytes(self) -> int:
        """Bytes held (the arrays, and the Python integers of an object array).

        Examples
        --------
        >>> from fractions import Fraction
        >>> rows = RationalRows.from_points([(Fraction(1, 2), Fraction(-1, 3))])
        >>> rows.nbytes == rows.numerators.nbytes + rows.denominators.nbytes
        True
        """
        total = self.numerators.nbytes + self.denominators.nbytes
        if self.numerators.dtype == object:
            import sys

            total += sum(sys.getsizeof(v) for v in self.numerators.ravel())
            total += sum(sys.getsizeof(v) for v in self.denominators)
        return int(total)


@dataclass(frozen=True, slots=True)
class RegionStore:
    """The regions, facets and edges of a :class:`RegionsResult` in compact arrays (module docstring).

    Attributes
    ----------
    arrangement : Arrangement
    complete : bool
    certificate : RegionsCertificate
    patterns : numpy.ndarray
        R x ceil(n / 8) uint8, ``numpy.packbits`` of the patterns (unit 0 is the high bit of byte 0).
    points : RationalRows
        The regions' interior points.
    edge_ends : numpy.ndarray
        E x 2 int64, ``(a, b)`` of each :class:`Edge` (a on the negative side of the hyperplane).
    edge_groups : numpy.ndarray
        E int64, the hyperplane group of each edge.
    edge_points : RationalRows
        The facet point of each edge.
    side_regions, side_indices : numpy.ndarray
        S int64: the region and the domain side (index into ``arrangement.sides``) of each facet
        on the domain boundary, in the regions' facet order.
    side_points : RationalRows
    """

    arrangement: Arrangement
    complete: bool
    certificate: RegionsCertificate
    patterns: Any
    points: RationalRows
    edge_ends: Any
    edge_groups: Any
    edge_points: RationalRows
    side_regions: Any
    side_indices: Any
    side_points: RationalRows

    @classmethod
    def from_result(cls, result: RegionsResult) -> RegionStore:
        """Store an enumerated result (:func:`~reluexact.regions.regions`).

        Raises
        ------
        InvalidArgument
            If the result's facets are not those enumeration builds (hyperplane facets from its
            edges, then domain sides), so that :meth:`to_result` would not give it back.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0]), domain="-2,2")
        >>> RegionStore.from_result(result)
        RegionStore(7 regions, 9 edges, complete)
        """
        arr = result.arrangement
        n, d = arr.network.n_hidden, arr.network.input_dim
        regs = result.regions
        R = len(regs)
        if n:
            bits = np.frombuffer("".join(r.pattern for r in regs).encode(), dtype=np.uint8).reshape(R, n) - ord("0")
            patterns = np.packbits(bits, axis=1)
        else:
            patterns = np.zeros((R, 0), dtype=np.uint8)
        side_label = {h.label: j for j, h in enumerate(arr.sides)}
        side_regions: list[int] = []
        side_indices: list[int] = []
        side_points: list[tuple[Any, ...]] = []
        n_plane = [0] * R
        for e in result.edges:
            n_plane[e.a] += 1
            n_plane[e.b] += 1
        for r in regs:
            facets = r.facets or ()
            plane = sum(1 for f in facets if f.kind == "hyperplane")
            if plane != n_plane[r.id] or any(f.kind == "hyperplane" for f in facets[plane:]):
                raise InvalidArgument(
                    f"region {r.id}: its facets are not those of an enumeration (store results of regions())"
                )
            for f in facets[plane:]:
                side_regions.append(r.id)
                side_indices.append(side_label[f.label])
                side_points.append(f.flint_point or ())
        edges = result.edges
        return cls(
            arrangement=arr,
            complete=result.complete,
            certificate=result.certificate,
            patterns=patterns,
            points=RationalRows.from_points([r.flint_point for r in regs], d),
            edge_ends=np.fromiter((v for e in edges for v in (e.a, e.b)), dtype=np.int64, count=2 * len(edges)).reshape(
                len(edges), 2
            ),
            edge_groups=np.fromiter((e.group for e in edges), dtype=np.int64, count=len(edges)),
            edge_points=RationalRows.from_points([e.flint_point for e in edges], d),
            side_regions=np.array(side_regions, dtype=np.int64),
            side_indices=np.array(side_indices, dtype=np.int64),
            side_points=RationalRows.from_points(side_points, d),
        )

    def __len__(self) -> int:
        return int(self.patterns.shape[0])

    def __repr__(self) -> str:
        state = "complete" if self.complete else "PARTIAL"
        return f"RegionStore({len(self)} regions, {len(self.edge_groups)} edges, {state})"

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (the arrangement, shared with the network, not counted).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0]), domain="-2,2")
        >>> 0 < RegionStore.from_result(result).nbytes < 4096
        True
        """
        arrays = (self.patterns, self.edge_ends, self.edge_groups, self.side_regions, self.side_indices)
        rows = (self.points, self.edge_points, self.side_points)
        return sum(int(a.nbytes) for a in arrays) + sum(r.nbytes for r in rows)

    def pattern(self, k: int) -> str:
        """The activation pattern of region ``k``.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0]), domain="-2,2")
        >>> RegionStore.from_result(result).pattern(3), result.regions[3].pattern
        ('010', '010')
        """
        n = self.arrangement.network.n_hidden
        return (np.unpackbits(self.patterns[k])[:n] + ord("0")).tobytes().decode("ascii")

    def all_patterns(self) -> list[str]:
        """Every region's activation pattern, in id order.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0]), domain="-2,2")
        >>> RegionStore.from_result(result).all_patterns() == [r.pattern for r in result.regions]
        True
        """
        n = self.arrangement.network.n_hidden
        R = len(self)
        if n == 0:
            return [""] * R
        text = (np.unpackbits(self.patterns, axis=1)[:, :n] + ord("0")).astype(np.uint8).tobytes().decode("ascii")
        return [text[r * n : (r + 1) * n] for r in range(R)]

    def _facets(self) -> tuple[list[list[Facet]], list[Edge]]:
        arr = self.arrangement
        groups = arr.groups
        new = tuple.__new__
        R = len(self)
        facets: list[list[Facet]] = [[] for _ in range(R)]
        edges: list[Edge] = []
        for k, ((a, b), g) in enumerate(zip(self.edge_ends.tolist(), self.edge_groups.tolist(), strict=True)):
            grp = groups[g]
            q = self.edge_points.row(k)
            label = f"h:{g}"
            neg = tuple(-v for v in grp.normal)
            facets[a].append(new(Facet, ("hyperplane", label, grp.unit_indices, neg, -grp.offset, q, b, "enumeration")))
            facets[b].append(
                new(Facet, ("hyperplane", label, grp.unit_indices, grp.normal, grp.offset, q, a, "enumeration"))
            )
            edges.append(new(Edge, (a, b, g, grp.unit_indices, q)))
        for k, (r, j) in enumerate(zip(self.side_regions.tolist(), self.side_indices.tolist(), strict=True)):
            side = arr.sides[j]
            facets[r].append(
                Facet(
                    "side",
                    side.label,
                    (),
                    tuple(side.normal),
                    int(side.offset),
                    self.side_points.row(k),
                    None,
                    "enumeration",
                )
            )
        return facets, edges

    def to_result(self) -> RegionsResult:
        """The :class:`RegionsResult` stored (equal regions, facets, edges, points and affine maps).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0]), domain="-2,2")
        >>> back = RegionStore.from_result(result).to_result()
        >>> back.regions == result.regions, back.edges == result.edges
        (True, True)
        """
        net = self.arrangement.network
        patterns = self.all_patterns()
        rows, aff = affine_integers(net, patterns)
        const = affine_constants(net, aff.L)
        m, d = net.output_dim, net.input_dim
        facets, edges = self._facets()
        regs = tuple(
            Region(
                k,
                patterns[k],
                self.points.row(k),
                tuple(facets[k]),
                self.complete,
                (),
                (),
                (),
                AffineRow(rows[k], aff.L, const, m, d),
            )
            for k in range(len(self))
        )
        by_pattern = {p: k for k, p in enumerate(patterns)}
        return RegionsResult(self.arrangement, regs, tuple(edges), self.complete, self.certificate, by_pattern, aff)

    def region(self, k: int) -> Region:
        """Region ``k`` alone (its facets from the edge and side arrays, its affine map on demand).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> store = RegionStore.from_result(regions(TwoLayerReLU([[1]], [0], [[2]], [1])))
        >>> store.region(0).affine_map, store.region(0).neighbors
        (AffineMap(gradient=((Fraction(2, 1),),), offset=(Fraction(1, 1),)), (1,))
        """
        if not 0 <= k < len(self):
            raise InvalidArgument(f"region id must be in 0..{len(self) - 1}, got {k}")
        arr = self.arrangement
        groups = arr.groups
        facets: list[Facet] = []
        for e in np.nonzero((self.edge_ends == k).any(axis=1))[0].tolist():
            a, b = self.edge_ends[e].tolist()
            g = int(self.edge_groups[e])
            grp = groups[g]
            q = self.edge_points.row(e)
            if a == k:
                normal, offset, other = tuple(-v for v in grp.normal), -grp.offset, b
            else:
                normal, offset, other = grp.normal, grp.offset, a
            facets.append(Facet("hyperplane", f"h:{g}", grp.unit_indices, normal, offset, q, other, "enumeration"))
        for s in np.nonzero(self.side_regions == k)[0].tolist():
            side = arr.sides[int(self.side_indices[s])]
            point = self.side_points.row(s)
            facets.append(
                Facet("side", side.label, (), tuple(side.normal), int(side.offset), point, None, "enumeration")
            )
        pattern = self.pattern(k)
        net = arr.network
        rows, aff = affine_integers(net, [pattern])
        row = AffineRow(rows[0], aff.L, affine_constants(net, aff.L), net.output_dim, net.input_dim)
        return Region(k, pattern, self.points.row(k), tuple(facets), self.complete, (), (), (), row)

    def adjacency_matrix(self) -> Any:
        """The adjacency graph as a symmetric ``scipy.sparse.csr_array`` (R x R, 1 per edge); needs scipy.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> RegionStore.from_result(regions(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0]))).adjacency_matrix().nnz
        4
        """
        try:
            from scipy.sparse import csr_array
        except ImportError:
            raise InvalidArgument("adjacency_matrix needs scipy: pip install 'reluexact[scipy]'") from None
        R = len(self)
        a, b = self.edge_ends[:, 0], self.edge_ends[:, 1]
        rows = np.concatenate([a, b])
        cols = np.concatenate([b, a])
        return csr_array((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(R, R))

    def graph(self, *, check: bool = True) -> Any:
        """The networkx adjacency graph of :func:`~reluexact.regions.graph.adjacency_graph` (built now).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0]), domain="-2,2")
        >>> graph = RegionStore.from_result(result).graph()
        >>> graph.number_of_nodes(), graph.number_of_edges()
        (7, 9)
        """
        from reluexact.regions.graph import adjacency_graph

        return adjacency_graph(self.to_result(), check=check)
