"""A compact store of enumerated regions: bit-packed patterns, integer points, edge arrays.

A :class:`~reluexact.regions.types.RegionsResult` keeps one :class:`Region` object per region,
with python-flint rationals, facet named tuples and an affine-map row each: thousands of bytes a
region. :class:`RegionStore` keeps the same exact data in numpy arrays:

* activation patterns as packed bits (``n / 8`` bytes a region);
* every point (region interior points, facet points) as integer numerators over one common
  denominator per point (int64; the few rows beyond int64 as Python integers, kept apart);
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
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from reluexact.errors import InvalidArgument
from reluexact.regions.affine import AffineRow, affine_constants, affine_integers
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.columns import ResultColumns, result_from_columns
from reluexact.regions.types import Facet, Region, RegionsCertificate, RegionsResult

__all__ = ["RationalRows", "RegionStore", "StoreBuilder", "regions_store"]


_INT64 = 2**63


def _packed(patterns: Sequence[str], n: int) -> Any:
    """R x ceil(n / 8) uint8: the '0'/'1' patterns as packed bits."""
    if not n:
        return np.zeros((len(patterns), 0), dtype=np.uint8)
    bits = np.frombuffer("".join(patterns).encode(), dtype=np.uint8).reshape(len(patterns), n) - ord("0")
    return np.packbits(bits, axis=1)


def _rows(points: Any, d: int) -> RationalRows:
    return points if isinstance(points, RationalRows) else RationalRows.from_points(points, d)


@dataclass(frozen=True, slots=True)
class RationalRows:
    """Rows of exact rationals, each as integer numerators over one positive denominator.

    ``numerators`` (k x d) and ``denominators`` (k,) are int64 arrays; a row whose integers do not
    all fit in int64 (beyond 2^63) is *wide*: its ``denominators`` entry is 0 (denominators are
    positive, so 0 marks it) and its numerators and denominator are Python integers in
    ``wide_numerators`` (w x d) and ``wide_denominators`` (w,), object arrays, at the positions
    ``wide_rows`` (increasing int64 row indices). So one wide row does not make every row cost
    Python integers.

    Examples
    --------
    >>> import flint
    >>> rows = RationalRows.from_points([(flint.fmpq(1, 2), flint.fmpq(-1, 3)), (flint.fmpq(1, 2**70), flint.fmpq(0))])
    >>> rows.numerators.tolist(), rows.denominators.tolist(), rows.wide_rows.tolist()
    ([[3, -2], [0, 0]], [6, 0], [1])
    >>> rows.row(0), rows.row(1) == (flint.fmpq(1, 2**70), 0)
    ((1/2, -1/3), True)
    """

    numerators: Any
    denominators: Any
    wide_rows: Any = None
    wide_numerators: Any = None
    wide_denominators: Any = None

    def __post_init__(self) -> None:
        if self.wide_rows is None:  # no wide rows
            d = self.numerators.shape[1] if self.numerators.ndim == 2 else 0
            object.__setattr__(self, "wide_rows", np.zeros(0, dtype=np.int64))
            object.__setattr__(self, "wide_numerators", np.zeros((0, d), dtype=object))
            object.__setattr__(self, "wide_denominators", np.zeros(0, dtype=object))

    def __len__(self) -> int:
        return int(self.denominators.shape[0])

    def __getitem__(self, k: int) -> tuple[Any, ...]:
        return self.row(k)

    @classmethod
    def from_points(cls, points: Sequence[Sequence[Any]], d: int | None = None) -> RationalRows:
        """From points with python-flint ``fmpq`` (or Fraction) coordinates.

        Examples
        --------
        >>> from fractions import Fraction
        >>> rows = RationalRows.from_points([(Fraction(1, 2), Fraction(-1, 3)), (Fraction(2), Fraction(0))])
        >>> rows.numerators.tolist(), rows.denominators.tolist()
        ([[3, -2], [2, 0]], [6, 1])
        >>> RationalRows.from_points([(Fraction(1, 2**70),)]).wide_denominators.tolist()  # beyond int64
        [1180591620717411303424]
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
        k = len(points)
        try:
            return cls(np.array(nums, dtype=np.int64).reshape(k, width), np.array(dens, dtype=np.int64).reshape(k))
        except OverflowError:  # some rows are wide: those alone as Python integers
            pass
        wide = [
            i
            for i in range(k)
            if dens[i] >= _INT64 or any(not -_INT64 < v < _INT64 for v in nums[i * width : (i + 1) * width])
        ]
        wide_nums = np.array([nums[i * width : (i + 1) * width] for i in wide], dtype=object).reshape(len(wide), width)
        wide_dens = np.array([dens[i] for i in wide], dtype=object)
        for i in wide:
            dens[i] = 0
            nums[i * width : (i + 1) * width] = [0] * width
        return cls(
            np.array(nums, dtype=np.int64).reshape(k, width),
            np.array(dens, dtype=np.int64).reshape(k),
            np.array(wide, dtype=np.int64),
            wide_nums,
            wide_dens,
        )

    @classmethod
    def from_floats(cls, floats: Any) -> RationalRows:
        """From a (k, d) array of finite float64 values, each read exactly (a float is a dyadic rational).

        The same rows as :meth:`from_points` of the values' exact fractions (lowest terms, one
        power-of-two denominator a row), made with numpy; rows beyond int64 are wide as there.

        Raises
        ------
        InvalidArgument
            For an array that is not two-dimensional, or a value that is not finite.

        Examples
        --------
        >>> import flint
        >>> rows = RationalRows.from_floats(np.array([[0.5, -0.75], [3.0, 0.0], [2.0**-80, 1.0]]))
        >>> rows.numerators.tolist(), rows.denominators.tolist(), rows.wide_rows.tolist()
        ([[2, -3], [3, 0], [0, 0]], [4, 1, 0], [2])
        >>> rows.row(2) == (flint.fmpq(1, 2**80), 1)
        True
        """
        X = np.asarray(floats)
        if X.ndim != 2 or X.dtype != np.float64:
            raise InvalidArgument(
                f"from_floats needs a two-dimensional float64 array, got {X.dtype} of shape {X.shape}: convert "
                "other floats with .astype(np.float64) (exact), or give rationals to from_points"
            )
        if not np.isfinite(X).all():
            raise InvalidArgument("from_floats needs finite values (an inf or nan has no exact rational value)")
        k, d = X.shape
        mantissas, exponents = np.frexp(X)  # X = m 2^e with m an integer below 2^53
        m = np.ldexp(mantissas, 53).astype(np.int64)
        e = exponents.astype(np.int64) - 53
        low = np.frexp((m & -m).astype(np.float64))[1].astype(np.int64) - 1  # the lowest set bit of m
        scale = np.where(m != 0, np.maximum(0, -(e + low)), 0)  # each value's reduced denominator is 2^scale
        K = scale.max(axis=1) if d else np.zeros(k, dtype=np.int64)
        with np.errstate(over="ignore"):
            scaled = np.ldexp(X, K[:, None])  # exact (a power-of-two scaling) unless it overflows
        fits = (K <= 62) & (np.abs(scaled) < 2.0**63).all(axis=1)
        nums = np.where(fits[:, None], scaled, 0.0).astype(np.int64)
        dens = np.where(fits, np.left_shift(np.int64(1), np.minimum(K, 62)), 0).astype(np.int64)
        wide = np.flatnonzero(~fits).astype(np.int64)
        wide_nums = np.zeros((len(wide), d), dtype=object)
        wide_dens = np.zeros(len(wide), dtype=object)
        for w, i in enumerate(wide.tolist()):
            ratios = [v.as_integer_ratio() for v in X[i].tolist()]
            den = math.lcm(*(q for _, q in ratios))
            wide_dens[w] = den
            wide_nums[w] = [p * (den // q) for p, q in ratios]
        return cls(nums, dens, wide, wide_nums, wide_dens)

    @classmethod
    def concatenate(cls, parts: Sequence[RationalRows], d: int) -> RationalRows:
        """The rows of ``parts``, one after the other.

        Examples
        --------
        >>> from fractions import Fraction
        >>> a = RationalRows.from_points([(Fraction(1, 2),)])
        >>> b = RationalRows.from_points([(Fraction(1, 2**70),)])
        >>> both = RationalRows.concatenate([a, b], 1)
        >>> both.wide_rows.tolist(), both.row(0), len(RationalRows.concatenate([], 1).denominators)
        ([1], (1/2,), 0)
        """
        if not parts:
            return cls(np.zeros((0, d), dtype=np.int64), np.zeros(0, dtype=np.int64))
        if len(parts) == 1:
            return parts[0]
        starts = np.cumsum([0] + [len(p) for p in parts[:-1]])
        return cls(
            np.concatenate([p.numerators for p in parts]).reshape(-1, d),
            np.concatenate([p.denominators for p in parts]),
            np.concatenate([p.wide_rows + s for p, s in zip(parts, starts, strict=True)]).astype(np.int64),
            np.concatenate([p.wide_numerators for p in parts]).reshape(-1, d),
            np.concatenate([p.wide_denominators for p in parts]),
        )

    def take(self, order: Any) -> RationalRows:
        """The rows in the order of the int64 index array ``order`` (a permutation or a selection).

        Examples
        --------
        >>> from fractions import Fraction
        >>> rows = RationalRows.from_points([(Fraction(1, 2),), (Fraction(1, 2**70),), (Fraction(3),)])
        >>> picked = rows.take(np.array([1, 2]))
        >>> picked.wide_rows.tolist(), picked.row(1)
        ([0], (3,))
        """
        order = np.asarray(order, dtype=np.int64)
        dens = self.denominators[order]
        new_wide = np.flatnonzero(dens == 0).astype(np.int64)
        where = np.searchsorted(self.wide_rows, order[new_wide])
        return RationalRows(
            self.numerators[order], dens, new_wide, self.wide_numerators[where], self.wide_denominators[where]
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
        if den == 0:  # a wide row
            w = int(np.searchsorted(self.wide_rows, k))
            den, nums = int(self.wide_denominators[w]), self.wide_numerators[w]
        else:
            nums = self.numerators[k]
        return tuple(flint.fmpq(int(v), den) for v in nums)

    @property
    def nbytes(self) -> int:
        """Bytes held (the arrays, and the Python integers of the wide rows).

        Examples
        --------
        >>> from fractions import Fraction
        >>> rows = RationalRows.from_points([(Fraction(1, 2), Fraction(-1, 3))])
        >>> rows.nbytes == rows.numerators.nbytes + rows.denominators.nbytes + rows.wide_rows.nbytes
        True
        """
        import sys

        total = self.numerators.nbytes + self.denominators.nbytes + self.wide_rows.nbytes
        total += self.wide_numerators.nbytes + self.wide_denominators.nbytes
        total += sum(sys.getsizeof(v) for v in self.wide_numerators.ravel())
        total += sum(sys.getsizeof(v) for v in self.wide_denominators)
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
        columns = result.columns
        if columns is not None:  # the certified columns themselves: no Region object is built
            sides = sorted(columns.sides, key=operator.itemgetter(0))  # stable: each region's facet order
            return cls(
                arrangement=arr,
                complete=result.complete,
                certificate=result.certificate,
                patterns=_packed(columns.patterns, n),
                points=_rows(columns.points, d),
                edge_ends=np.array([columns.edge_a, columns.edge_b], dtype=np.int64).T.reshape(-1, 2).copy(),
                edge_groups=np.array(columns.edge_groups, dtype=np.int64),
                edge_points=_rows(columns.edge_points, d),
                side_regions=np.array([r for r, _, _ in sides], dtype=np.int64),
                side_indices=np.array([j for _, j, _ in sides], dtype=np.int64),
                side_points=RationalRows.from_points([q for _, _, q in sides], d),
            )
        regs = result.regions
        R = len(regs)
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
            patterns=_packed([r.pattern for r in regs], n),
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
        return result_from_columns(self.columns(), self.certificate)

    def columns(self) -> ResultColumns:
        """The store as :class:`~reluexact.regions.columns.ResultColumns` (points decoded on access).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0]), domain="-2,2")
        >>> RegionStore.from_result(result).columns().edge_a == result.columns.edge_a
        True
        """
        rows = self.side_points
        sides = [
            (r, j, rows.row(k))
            for k, (r, j) in enumerate(zip(self.side_regions.tolist(), self.side_indices.tolist(), strict=True))
        ]
        return ResultColumns(
            self.arrangement,
            self.all_patterns(),
            self.points,
            self.edge_ends[:, 0].tolist(),
            self.edge_ends[:, 1].tolist(),
            self.edge_groups.tolist(),
            self.edge_points,
            sides,
            self.complete,
        )

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


class StoreBuilder:
    """Fills a :class:`RegionStore` from the certified batches of :mod:`reluexact.regions.streaming`.

    Call it with each :class:`~reluexact.regions.streaming.RegionBatch` (it is an ``on_batch``
    callback); :meth:`store` then gives the store. Each batch goes straight into packed arrays:
    no :class:`Region`, :class:`Facet` or ``Fraction`` object is built.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> from reluexact.regions.streaming import stream_arrangement
    >>> arr = arrangement(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]), domain="-1,1")
    >>> builder = StoreBuilder(arr)
    >>> builder.store(stream_arrangement(arr, builder))
    RegionStore(4 regions, 4 edges, complete)
    """

    def __init__(self, arrangement: Arrangement) -> None:
        self.arrangement = arrangement
        self._patterns: list[Any] = []
        self._points: list[RationalRows] = []
        self._ends: list[Any] = []
        self._groups: list[Any] = []
        self._edge_points: list[RationalRows] = []
        self._side_regions: list[Any] = []
        self._side_indices: list[Any] = []
        self._side_points: list[RationalRows] = []

    def __call__(self, batch: Any) -> None:
        n, d = self.arrangement.network.n_hidden, self.arrangement.network.input_dim
        R = len(batch.patterns)
        if R:
            if n:
                text = "".join(batch.patterns).encode()
                bits = np.frombuffer(text, dtype=np.uint8).reshape(R, n) - ord("0")
                self._patterns.append(np.packbits(bits, axis=1))
            else:
                self._patterns.append(np.zeros((R, 0), dtype=np.uint8))
            self._points.append(RationalRows.from_points(batch.points, d))
        if batch.edges:
            E = len(batch.edges)
            self._ends.append(
                np.fromiter((v for e in batch.edges for v in e[:2]), dtype=np.int64, count=2 * E).reshape(E, 2)
            )
            self._groups.append(np.fromiter((e[2] for e in batch.edges), dtype=np.int64, count=E))
            self._edge_points.append(RationalRows.from_points([e[3] for e in batch.edges], d))
        if batch.sides:
            self._side_regions.append(np.array([s[0] for s in batch.sides], dtype=np.int64))
            self._side_indices.append(np.array([s[1] for s in batch.sides], dtype=np.int64))
            self._side_points.append(RationalRows.from_points([s[2] for s in batch.sides], d))

    def store(self, summary: Any) -> RegionStore:
        """The store of everything received (``summary``: the stream's :class:`StreamSummary`).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> from reluexact.regions.streaming import stream_arrangement
        >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[1]], [0]), domain="-1,1")
        >>> builder = StoreBuilder(arr)
        >>> store = builder.store(stream_arrangement(arr, builder))
        >>> store.all_patterns(), store.side_regions.tolist()
        (['1', '0'], [0, 1])
        """
        n, d = self.arrangement.network.n_hidden, self.arrangement.network.input_dim

        def cat(parts: list[Any], shape: tuple[int, ...], dtype: Any) -> Any:
            return np.concatenate(parts) if parts else np.zeros(shape, dtype=dtype)

        side_regions = cat(self._side_regions, (0,), np.int64)
        order = np.argsort(side_regions, kind="stable")  # by region, each region's sides in their order
        sides = RationalRows.concatenate(self._side_points, d)
        side_points = sides.take(order)
        return RegionStore(
            arrangement=self.arrangement,
            complete=summary.complete,
            certificate=summary.certificate,
            patterns=cat(self._patterns, (0, (n + 7) // 8), np.uint8),
            points=RationalRows.concatenate(self._points, d),
            edge_ends=cat(self._ends, (0, 2), np.int64),
            edge_groups=cat(self._groups, (0,), np.int64),
            edge_points=RationalRows.concatenate(self._edge_points, d),
            side_regions=side_regions[order],
            side_indices=cat(self._side_indices, (0,), np.int64)[order],
            side_points=side_points,
        )


def regions_store(
    net: Any,
    *,
    domain: Any = None,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = "auto",
    max_memory: int | None = None,
    method: str = "auto",
    on_batch: Any = None,
) -> RegionStore:
    """Enumerate like :func:`~reluexact.regions.regions` into a :class:`RegionStore`, straight from the engine.

    The engine's certified batches (:func:`reluexact.regions.streaming.stream_arrangement`) go
    into the store's packed arrays as they come; no :class:`RegionsResult` is built. Region ids
    are those of ``regions(net, method="lattice")`` (the streaming order); ``store.to_result()``
    is that result. ``on_batch`` (optional) is called with each batch as well (e.g. a writer of
    :mod:`reluexact.interop.regions_stream`).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0])
    >>> store = regions_store(net, domain="-2,2")
    >>> store, store.to_result().regions == regions(net, domain="-2,2").regions
    (RegionStore(7 regions, 9 edges, complete), True)
    """
    from reluexact.regions.arrangements import arrangement
    from reluexact.regions.enumeration import check_budget
    from reluexact.regions.streaming import stream_arrangement

    check_budget(max_regions, time_limit)
    if max_memory is not None:
        check_budget(max_memory, names=("max_memory", "time_limit"))
    arr = arrangement(net, domain=domain)
    builder = StoreBuilder(arr)

    def both(batch: Any) -> None:
        builder(batch)
        if on_batch is not None:
            on_batch(batch)

    summary = stream_arrangement(
        arr,
        both,
        max_regions=max_regions,
        time_limit=time_limit,
        progress=progress,
        max_memory=max_memory,
        method=method,
    )
    return builder.store(summary)
