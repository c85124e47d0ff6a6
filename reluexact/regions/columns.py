"""The columns a :class:`~reluexact.regions.types.RegionsResult` is built from, and its objects on demand.

An enumeration ends with certified columns: one activation pattern and one exact point per
region, and per edge its two regions, its hyperplane group and its certified facet point, plus
the facets on the domain's sides. :class:`ResultColumns` holds them and builds the result's
:class:`Region`, :class:`Facet` and :class:`Edge` objects when they are first read (through the
:class:`~reluexact.regions.types.LazyTuple` of ``result.regions`` and ``result.edges``), so a run
whose regions are only counted, stored or written never pays for objects it does not read.
Readers that want the columns themselves (:meth:`RegionStore.from_result
<reluexact.regions.store.RegionStore.from_result>`, :func:`~reluexact.regions.streaming.result_batches`)
take them from ``result.columns``.

Region k's facets are, in order: its hyperplane facets in edge order (an edge's negative region
``a`` gets the facet oriented by ``-normal``, its positive region ``b`` the one oriented by
``+normal``), then its domain sides in the order given.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> res = regions(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0]), domain="-2,2")
>>> cols = res.columns
>>> cols.patterns, cols.edge_a, cols.edge_b, cols.edge_groups
(['10', '00', '11'], [1, 0], [0, 2], (0, 1))
>>> cols.region(2) == res.regions[2] and cols.all_edges() == list(res.edges)
True
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from reluexact.regions._engine import gc_paused
from reluexact.regions.affine import AffineRow, affine_constants, affine_integers
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.types import Edge, Facet, LazyTuple, Region, RegionsCertificate, RegionsResult

__all__ = ["PointRows", "ResultColumns", "result_from_columns"]


class PointRows(Protocol):
    """Exact points by index: a list of ``fmpq`` tuples, or :class:`~reluexact.regions.store.RationalRows`."""

    def __len__(self) -> int: ...

    def __getitem__(self, k: int, /) -> tuple[Any, ...]: ...


class ResultColumns:
    """Certified region and edge columns, and the result's objects built from them (module docstring).

    Parameters
    ----------
    arrangement : Arrangement
    patterns : list of str
        One activation pattern per region, in id order.
    points : sequence of tuple
        Region k's exact interior point (python-flint ``fmpq`` values) is ``points[k]``: a list,
        or a :class:`~reluexact.regions.store.RationalRows` (rows decoded on access).
    edge_a, edge_b : list of int, or int64 array
        Each edge's negative and positive region (an array becomes a list when first read).
    edge_groups : sequence of int, or int64 array
        Each edge's hyperplane group.
    edge_points : sequence of tuple
        Each edge's certified facet point (a list, or RationalRows).
    sides : sequence of (int, int, tuple)
        ``(region, side, point)`` per facet on the domain's boundary (``side`` indexes
        ``arrangement.sides``), grouped by region in the regions' facet order.
    complete : bool
    affine : (rows, AffineIntegers) or None
        The patterns' affine rows (:func:`~reluexact.regions.affine.affine_integers`), computed
        here when None; ``rows`` None: made from ``AffineIntegers.prod`` when first read.

    Region k's facets are indexed (the edges' ends sorted by region) when the first region is built.
    """

    def __init__(
        self,
        arrangement: Arrangement,
        patterns: list[str],
        points: PointRows,
        edge_a: list[int] | np.ndarray,
        edge_b: list[int] | np.ndarray,
        edge_groups: Sequence[int] | np.ndarray,
        edge_points: PointRows,
        sides: Sequence[tuple[int, int, tuple[Any, ...]]],
        complete: bool,
        affine: tuple[list[list[int]] | None, Any] | None = None,
    ) -> None:
        arr = self.arrangement = arrangement
        net = arr.network
        self.patterns, self.points, self.complete = patterns, points, complete
        # int64 arrays are kept as given and turned into lists when first read (a driver joining parts)
        self._edges: list[Any] = [edge_a, edge_b, edge_groups]
        self.n_edges = len(edge_a)
        self.edge_points = edge_points
        self._rows: list[list[int]] | None
        self.affine_integers: Any
        self._rows, self.affine_integers = affine if affine is not None else affine_integers(net, patterns)
        self._affine = (self.affine_integers.L, affine_constants(net, self.affine_integers.L), net.output_dim)
        groups = arr.groups
        self._labels = [f"h:{gi}" for gi in range(len(groups))]
        self._units = [grp.unit_indices for grp in groups]
        self._neg = [tuple(-v for v in grp.normal) for grp in groups]
        self._negoff = [-grp.offset for grp in groups]
        self._pos = [grp.normal for grp in groups]
        self._posoff = [grp.offset for grp in groups]
        self._index: tuple[np.ndarray, list[int]] | None = None
        self.sides = sides
        self._sides: dict[int, list[Facet]] = {}
        for r, j, q in sides:
            side = arr.sides[j]
            facet = Facet("side", side.label, (), tuple(side.normal), int(side.offset), q, None, "enumeration")
            self._sides.setdefault(r, []).append(facet)

    def _edge_column(self, c: int) -> list[int]:
        column = self._edges[c]
        if isinstance(column, np.ndarray):
            column = self._edges[c] = column.tolist()
        return column  # type: ignore[no-any-return]

    @property
    def edge_a(self) -> list[int]:
        """Each edge's negative region (a list, made once from an int64 array given to the constructor).

        Examples
        --------
        >>> import numpy as np
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> cols = regions(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])).columns
        >>> joined = ResultColumns(
        ...     cols.arrangement, cols.patterns, cols.points, np.array(cols.edge_a), np.array(cols.edge_b),
        ...     np.array(cols.edge_groups), cols.edge_points, [], True, (None, cols.affine_integers))
        >>> joined.edge_a, joined.edge_b, joined.edge_groups, joined.rows == cols.rows
        ([1, 0], [0, 2], [0, 1], True)
        """
        return self._edge_column(0)

    @property
    def edge_b(self) -> list[int]:
        """Each edge's positive region (a list; see :attr:`edge_a`).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> regions(TwoLayerReLU([[1]], [0], [[2]], [1]), domain="-1,1").columns.edge_b
        [0]
        """
        return self._edge_column(1)

    @property
    def edge_groups(self) -> Sequence[int]:
        """Each edge's hyperplane group (a sequence of ints; see :attr:`edge_a`).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> regions(TwoLayerReLU([[1]], [0], [[2]], [1]), domain="-1,1").columns.edge_groups
        (0,)
        """
        return self._edge_column(2)

    @property
    def rows(self) -> list[list[int]]:
        """The regions' affine rows (:func:`~reluexact.regions.affine.affine_integers`), as lists.

        Made from ``affine_integers.prod`` when first read, if the constructor was given None.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> regions(TwoLayerReLU([[1]], [0], [[2]], [1]), domain="-1,1").columns.rows
        [[2, 0], [0, 0]]
        """
        if self._rows is None:
            self._rows = self.affine_integers.prod.tolist()
        return self._rows

    def _facet_index(self) -> tuple[np.ndarray, list[int]]:
        """Facet entries by region (entry 2e: edge e's facet on a, 2e + 1 on b) and each region's end, made once."""
        if self._index is None:
            R, E = len(self.patterns), self.n_edges
            owners = np.empty(2 * E, dtype=np.int64)
            owners[0::2], owners[1::2] = self._edges[0], self._edges[1]
            # a stable sort keeps edge order within a region
            self._index = np.argsort(owners, kind="stable"), np.cumsum(np.bincount(owners, minlength=R)).tolist()
        return self._index

    def __len__(self) -> int:
        return len(self.patterns)

    def _row(self, k: int) -> AffineRow:
        L, const, m = self._affine
        return AffineRow(self.rows[k], L, const, m, self.arrangement.network.input_dim)

    def region(self, k: int) -> Region:
        """Region ``k`` (its facets and its affine map's row built now).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> res = regions(TwoLayerReLU([[1]], [0], [[2]], [1]), domain="-1,1")
        >>> res.columns.region(1).facets
        (Facet(hyperplane, units=(0,), neighbor=0), Facet(side, box:0:lo, neighbor=None))
        """
        if not 0 <= k < len(self.patterns):
            raise IndexError(f"region {k} out of range: the result has {len(self.patterns)} regions (ids 0..R-1)")
        order, ends = self._facet_index()
        lo = ends[k - 1] if k else 0
        facets = []
        groups, points, new = self.edge_groups, self.edge_points, tuple.__new__
        edge_a, edge_b = self.edge_a, self.edge_b
        for j in order[lo : ends[k]].tolist():
            e = j >> 1
            g = groups[e]
            if j & 1:
                normal, offset, other = self._pos[g], self._posoff[g], edge_a[e]
            else:
                normal, offset, other = self._neg[g], self._negoff[g], edge_b[e]
            fields = ("hyperplane", self._labels[g], self._units[g], normal, offset, points[e], other, "enumeration")
            facets.append(new(Facet, fields))
        facets.extend(self._sides.get(k, ()))
        return Region(k, self.patterns[k], self.points[k], tuple(facets), self.complete, (), (), (), self._row(k))

    def all_regions(self) -> list[Region]:
        """Every region, built at once (C-level maps; the hot path when a caller iterates).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> res = regions(TwoLayerReLU([[1]], [0], [[2]], [1]), domain="-1,1")
        >>> res.columns.all_regions() == [res.columns.region(0), res.columns.region(1)]
        True
        """
        gs, qs, ia, ib = self.edge_groups, self.edge_points, self.edge_a, self.edge_b
        if not isinstance(qs, list | tuple):
            qs = [qs[e] for e in range(len(ia))]
        new, rep = tuple.__new__, itertools.repeat
        with gc_paused(promote=True):
            # tuple.__new__ skips the named tuple's argument parsing (hot); fields in declared order
            hyper, enum = rep("hyperplane"), rep("enumeration")
            lab, uni = list(map(self._labels.__getitem__, gs)), list(map(self._units.__getitem__, gs))
            neg, negoff = map(self._neg.__getitem__, gs), map(self._negoff.__getitem__, gs)
            pos, posoff = map(self._pos.__getitem__, gs), map(self._posoff.__getitem__, gs)
            # the repeats are endless: strict=False
            on_a = map(new, rep(Facet), zip(hyper, lab, uni, neg, negoff, qs, ib, enum, strict=False))
            on_b = map(new, rep(Facet), zip(hyper, lab, uni, pos, posoff, qs, ia, enum, strict=False))
            both = list(itertools.chain.from_iterable(zip(on_a, on_b, strict=True)))
            order, ends = self._facet_index()
            by_region = list(map(both.__getitem__, order.tolist()))
            del both
            points = (
                self.points if isinstance(self.points, list | tuple) else [self.points[k] for k in range(len(self))]
            )
            out = []
            lo = 0
            sides, complete = self._sides, self.complete
            for k, (pattern, point) in enumerate(zip(self.patterns, points, strict=True)):
                hi = ends[k]
                fs = tuple(by_region[lo:hi]) if k not in sides else (*by_region[lo:hi], *sides[k])
                lo = hi
                out.append(Region(k, pattern, point, fs, complete, (), (), (), self._row(k)))
        return out

    def edge(self, e: int) -> Edge:
        """Edge ``e``.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> regions(TwoLayerReLU([[1]], [0], [[2]], [1]), domain="-1,1").columns.edge(0)
        Edge(1-0, units=(0,))
        """
        if not 0 <= e < self.n_edges:
            raise IndexError(f"edge {e} out of range: the result has {self.n_edges} edges (ids 0..E-1)")
        g = self.edge_groups[e]
        return tuple.__new__(Edge, (self.edge_a[e], self.edge_b[e], g, self._units[g], self.edge_points[e]))

    def all_edges(self) -> list[Edge]:
        """Every edge, built at once.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> regions(TwoLayerReLU([[1]], [0], [[2]], [1]), domain="-1,1").columns.all_edges()
        [Edge(1-0, units=(0,))]
        """
        qs = self.edge_points
        if not isinstance(qs, list | tuple):
            qs = [qs[e] for e in range(self.n_edges)]
        uni = map(self._units.__getitem__, self.edge_groups)
        fields = zip(self.edge_a, self.edge_b, self.edge_groups, uni, qs, strict=False)
        with gc_paused(promote=True):
            return list(map(tuple.__new__, itertools.repeat(Edge), fields))


def result_from_columns(columns: ResultColumns, certificate: RegionsCertificate) -> RegionsResult:
    """The :class:`RegionsResult` of ``columns``: its regions and edges built on first access.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> res = regions(TwoLayerReLU([[1]], [0], [[2]], [1]), domain="-1,1")
    >>> again = result_from_columns(res.columns, res.certificate)
    >>> again.regions
    LazyTuple(2 items, 0 built)
    >>> again == res, again.regions
    (True, LazyTuple(2 items, 2 built))
    """
    by_pattern = dict(zip(columns.patterns, range(len(columns)), strict=True))
    return RegionsResult(
        columns.arrangement,
        LazyTuple(len(columns), columns.region, columns.all_regions),
        LazyTuple(columns.n_edges, columns.edge, columns.all_edges),
        columns.complete,
        certificate,
        by_pattern,
        columns.affine_integers,
        columns,
    )
