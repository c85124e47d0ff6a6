"""The region vocabulary: one :class:`Region`, one :class:`Facet`, :class:`Edge`, the results, one :class:`AffineMap`.

Region enumeration (:func:`reluexact.regions.regions`) and per-sample analysis
(:func:`reluexact.regions.locate`) return the same :class:`Region` type: an activation
pattern, a rational point strictly inside, the exact affine map f(x) = G x + o on the
region and (when computed) its certified facets. Everything here is an immutable value;
algorithms live in the sibling modules and printing in :mod:`reluexact.interop.regions_json`
and the CLI.

Labels: a facet on a unit hyperplane is labelled ``"h:<g>"`` where g is the index of the
class of coincident hyperplanes (classes ordered by their smallest unit; the same index in
:class:`~reluexact.regions.arrangements.Arrangement` groups), a facet on a side of the
domain by the side's label (``"box:0:lo"``, ``"side:2"``). Python indices are 0-based.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> region = regions(TwoLayerReLU([[1]], [0], [[3]], [1]), domain=(-1, 1))[0]
>>> region, region.affine_map
(Region(id=0, pattern=1, facets=2), AffineMap(gradient=((Fraction(3, 1),),), offset=(Fraction(1, 1),)))
>>> region.affine_map(["1/2"])
(Fraction(5, 2),)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

from reluexact.domain import Domain
from reluexact.model import TwoLayerReLU
from reluexact.rational import to_fraction

if TYPE_CHECKING:
    import networkx
    import sympy

    from reluexact.regions.arrangements import Arrangement

__all__ = [
    "AffineMap",
    "Edge",
    "Facet",
    "LazyTuple",
    "LocateResult",
    "PointLocation",
    "Region",
    "RegionsCertificate",
    "RegionsResult",
]

Vector = tuple[Fraction, ...]
Matrix = tuple[Vector, ...]

T = TypeVar("T")


class LazyTuple(Sequence[T]):
    """An immutable sequence whose items are built on first access (then kept): a tuple that waits.

    An enumeration certifies its regions as arrays; the :class:`Region`, :class:`Facet` and
    :class:`Edge` objects of a :class:`RegionsResult` are built from them when first read
    (``result.regions[k]`` builds one, iterating builds all at once), so a run whose regions are
    counted, stored or written never pays for objects it does not read. It compares equal to the
    tuple of its items (and to another LazyTuple with equal items), slices to tuples, and adds to
    tuples; ``build_one(k)`` makes item k, ``build_all()`` (optional, faster) all of them.

    Examples
    --------
    >>> squares = LazyTuple(4, lambda k: k * k)
    >>> squares
    LazyTuple(4 items, 0 built)
    >>> squares[3], squares[1:3]
    (9, (1, 4))
    >>> squares
    LazyTuple(4 items, 3 built)
    >>> squares == (0, 1, 4, 9)
    True
    >>> tuple(squares) + (16,) == squares + (16,)
    True
    """

    __slots__ = ("_build_all", "_build_one", "_items", "_lock", "_missing")

    def __init__(self, n: int, build_one: Callable[[int], T], build_all: Callable[[], list[T]] | None = None) -> None:
        self._items: list[T | None] = [None] * n
        self._missing = n
        self._build_one: Callable[[int], T] | None = build_one
        self._build_all = build_all
        # readers in several threads: one builds an item (or all), the others wait and reuse it
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def _item(self, k: int) -> T:
        item = self._items[k]
        if item is not None:
            return item
        with self._lock:
            item = self._items[k]
            if item is None:
                assert self._build_one is not None
                item = self._items[k] = self._build_one(k)
                self._missing -= 1
                if not self._missing:
                    self._done()
        return item

    def _done(self) -> None:
        # every item is built: drop the builders and the columns they hold
        self._build_one = self._build_all = None
        self._missing = 0

    def _all(self) -> list[T]:
        if self._missing:
            with self._lock:
                self._build_rest()
        return self._items  # type: ignore[return-value]

    def _build_rest(self) -> None:
        if self._missing:
            if self._build_all is not None and self._missing == len(self._items):
                self._items = list(self._build_all())
            else:
                assert self._build_one is not None
                build = self._build_one
                self._items = [build(k) if v is None else v for k, v in enumerate(self._items)]
            self._done()

    @overload
    def __getitem__(self, k: int) -> T: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[T, ...]: ...

    def __getitem__(self, k: int | slice) -> T | tuple[T, ...]:
        if isinstance(k, slice):
            return tuple(self._item(j) for j in range(len(self._items))[k])
        if k < 0:
            k += len(self._items)
        if not 0 <= k < len(self._items):
            raise IndexError(f"index {k} out of range for {len(self._items)} items")
        return self._item(k)

    def __iter__(self) -> Iterator[T]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, LazyTuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self._all(), other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: object) -> tuple[Any, ...]:
        if isinstance(other, (tuple, LazyTuple)):
            return (*self._all(), *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Any, ...]:
        if isinstance(other, tuple):
            return (*other, *self._all())
        return NotImplemented

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self._all()),))

    def __repr__(self) -> str:
        return f"LazyTuple({len(self._items)} items, {len(self._items) - self._missing} built)"


@dataclass(frozen=True, slots=True)
class AffineMap:
    """The exact affine map x -> gradient x + offset of f on one region (m x d gradient, m offsets).

    Callable: ``amap(x)`` evaluates it exactly at a rational point.

    Examples
    --------
    >>> amap = AffineMap(((Fraction(1), Fraction(2)),), (Fraction(-1),))
    >>> amap([1, "1/2"])
    (Fraction(1, 1),)
    """

    gradient: Matrix
    offset: Vector

    def __call__(self, x: Sequence[Any]) -> Vector:
        xs = [to_fraction(v, where="x") for v in x]
        return tuple(
            sum((g * v for g, v in zip(row, xs, strict=True)), Fraction(0)) + o
            for row, o in zip(self.gradient, self.offset, strict=True)
        )


def as_fractions(q: Sequence[Any]) -> Vector:
    """A point given as python-flint ``fmpq`` values (or already Fractions) as Fractions.

    Examples
    --------
    >>> import flint
    >>> as_fractions((flint.fmpq(1, 2), flint.fmpq(-3)))
    (Fraction(1, 2), Fraction(-3, 1))
    """
    if not q or isinstance(q[0], Fraction):
        return tuple(q)
    out = []
    for x in q:  # an fmpq is in lowest terms with a positive denominator: skip Fraction's gcd
        f = object.__new__(Fraction)
        f._numerator = int(x.p)  # type: ignore[attr-defined]
        f._denominator = int(x.q)  # type: ignore[attr-defined]
        out.append(f)
    return tuple(out)


class _FacetFields(NamedTuple):
    kind: str
    label: str
    units: tuple[int, ...]
    normal: tuple[int, ...]
    offset: int
    flint_point: tuple[Any, ...] | None
    neighbor: int | None
    certificate: str


class Facet(_FacetFields):
    """A (d-1)-dimensional face of a region, certified by a point in its relative interior.

    An immutable named tuple. The exact point is kept as given (python-flint ``fmpq`` values
    from enumeration, Fractions from per-sample analysis) and read as Fractions through
    :attr:`point`.

    Attributes
    ----------
    kind : str
        ``"hyperplane"`` (a unit hyperplane) or ``"side"`` (a side of the domain).
    label : str
        ``"h:<g>"`` for the g-th class of coincident hyperplanes, or the side's label (``"box:0:lo"``).
    units : tuple of int
        The units whose (coincident) hyperplane carries the facet; empty for a side.
    normal, offset : exact inequality ``normal . x + offset > 0`` holding on the region
        (primitive integers, oriented towards the region).
    point : tuple of Fraction or None
        A rational point in the facet's relative interior: ``normal . point + offset = 0``
        exactly, every other hyperplane and side strictly non-zero. ``None`` when per-sample
        analysis was not asked to keep it (``witnesses=False``).
    neighbor : int or None
        Id of the region across the facet in the same result (``None`` for a side of the
        domain, and in per-sample results, which hold only the visited regions).
    certificate : str
        How the facet was certified: ``"enumeration"`` (found by the recursive restriction and
        its point checked exactly), ``"ray"`` or ``"lp"`` (per-sample analysis; see
        :func:`reluexact.regions.locate`).
    """

    __slots__ = ()

    @property
    def point(self) -> Vector | None:
        """The certified point, as Fractions (None when not kept).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> facet = result.region_with_pattern("10").facets[0]
        >>> facet, facet.point
        (Facet(hyperplane, units=(0,), neighbor=1), (Fraction(0, 1), Fraction(-1, 2)))
        """
        return None if self.flint_point is None else as_fractions(self.flint_point)

    def __repr__(self) -> str:
        where = f"units={self.units}" if self.kind == "hyperplane" else self.label
        return f"Facet({self.kind}, {where}, neighbor={self.neighbor})"


@dataclass(frozen=True, slots=True)
class Region:
    """One linear region: pattern, certified interior point, facets and exact affine map.

    Attributes
    ----------
    id : int
        Index in its result (:class:`RegionsResult` or :class:`LocateResult`).
    pattern : str
        ``"1"`` (active) or ``"0"`` per hidden unit.
    point : tuple of Fraction
        A rational point strictly inside the region (checked exactly); ``flint_point`` holds
        it as given (python-flint ``fmpq`` values from enumeration).
    facets : tuple of Facet or None
        The certified facets (unit hyperplanes and domain sides); ``None`` when they were not
        computed (``locate(..., facets=False)``, or a time limit stopped them).
    facets_complete : bool
        True when ``facets`` is certified to list every facet: False for a region of a
        PARTIAL enumeration and when per-sample analysis left float-only verdicts.
    redundant : tuple of str
        Labels of defining inequalities proved redundant by an exact LP (per-sample analysis;
        enumeration lists facets only).
    redundant_float : tuple of str
        Labels a float LP found redundant (not certified; per-sample analysis at large d).
    undecided : tuple of str
        Labels neither certified a facet nor redundant.
    affine_map : AffineMap
        f on the region, exact (built on first access); ``gradient`` and ``offset`` are its parts.
    """

    id: int
    pattern: str
    flint_point: tuple[Any, ...]
    facets: tuple[Facet, ...] | None
    facets_complete: bool
    redundant: tuple[str, ...]
    redundant_float: tuple[str, ...]
    undecided: tuple[str, ...]
    # what the exact affine map is built from on first access (a run makes thousands of regions,
    # most never asked for it): an integer row of reluexact.regions.affine, or the network
    _affine: Any = field(repr=False, compare=False)
    _cache: list[AffineMap] = field(default_factory=list, repr=False, compare=False)

    @property
    def point(self) -> Vector:
        """A rational point strictly inside the region, as Fractions.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.region_with_pattern("10").point
        (Fraction(1, 4), Fraction(-1, 2))
        """
        return as_fractions(self.flint_point)

    @property
    def affine_map(self) -> AffineMap:
        """The exact affine map of f on the region (callable: ``region.affine_map(x)``).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.region_with_pattern("10").affine_map((2, -5))
        (Fraction(2, 1),)
        """
        if not self._cache:
            from reluexact.regions.affine import materialize

            self._cache.append(materialize(self._affine, self.pattern))
        return self._cache[0]

    @property
    def gradient(self) -> Matrix:
        """m x d: the Jacobian of f on the region, sum over active units of a_i w_i^T (exact).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.region_with_pattern("10").gradient
        ((Fraction(1, 1), Fraction(0, 1)),)
        """
        return self.affine_map.gradient

    @property
    def offset(self) -> Vector:
        """m values: f(x) = gradient x + offset on the region (exact).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.region_with_pattern("10").offset
        (Fraction(0, 1),)
        """
        return self.affine_map.offset

    @property
    def active_units(self) -> tuple[int, ...]:
        """Indices of the active units.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.region_with_pattern("10").active_units
        (0,)
        """
        return tuple(i for i, ch in enumerate(self.pattern) if ch == "1")

    @property
    def activation_pattern(self) -> tuple[bool, ...]:
        """The pattern as booleans.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.region_with_pattern("10").activation_pattern
        (True, False)
        """
        return tuple(ch == "1" for ch in self.pattern)

    @property
    def inequalities(self) -> tuple[tuple[tuple[int, ...], int], ...]:
        """The region as ``{x : normal . x + offset > 0}`` over its facets (empty when not computed).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.region_with_pattern("10").inequalities  # x > 0, -y > 0, -x + 1 > 0, y + 1 > 0
        (((1, 0), 0), ((0, -1), 0), ((-1, 0), 1), ((0, 1), 1))
        """
        return tuple((f.normal, f.offset) for f in self.facets or ())

    @property
    def neighbors(self) -> tuple[int, ...]:
        """Ids of the regions of the same result sharing a facet with this one.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> [result.regions[i].pattern for i in result.region_with_pattern("10").neighbors]
        ['00', '11']
        """
        return tuple(f.neighbor for f in self.facets or () if f.neighbor is not None)

    def __repr__(self) -> str:
        pat = self.pattern if len(self.pattern) <= 24 else self.pattern[:21] + "..."
        facets = "?" if self.facets is None else len(self.facets)
        return f"Region(id={self.id}, pattern={pat}, facets={facets})"


class _EdgeFields(NamedTuple):
    a: int
    b: int
    group: int
    units: tuple[int, ...]
    flint_point: tuple[Any, ...]


class Edge(_EdgeFields):
    """Two regions sharing a facet on one (group of coincident) unit hyperplane(s).

    An immutable named tuple: ``a`` is on the negative side of the group's hyperplane,
    ``b`` on the positive side; ``units`` flip between them; ``point`` is a certified
    point of the shared facet (``flint_point`` in python-flint form).
    """

    __slots__ = ()

    @property
    def point(self) -> Vector:
        """The certified point of the shared facet, as Fractions.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> edge = result.edges[0]
        >>> edge, edge.point
        (Edge(1-0, units=(0,)), (Fraction(0, 1), Fraction(-1, 2)))
        """
        return as_fractions(self.flint_point)

    def __repr__(self) -> str:
        return f"Edge({self.a}-{self.b}, units={self.units})"


@dataclass(frozen=True, slots=True)
class RegionsCertificate:
    """What a run certified, in exact arithmetic.

    Attributes
    ----------
    regions : int
        Regions whose interior point was checked against every hyperplane and side.
    facets : int
        Facet points checked: exactly on their hyperplane, strictly off every other.
    sign_checks : int
        Plane-point signs checked; ``exact_sign_checks`` of them needed rational
        evaluation (the rest were settled by a float value with a proven error bound).
    exact_sign_checks : int
    lp_calls : int
        Exact LPs solved (flats no hyperplane cuts).
    method : str
    seconds : float
    """

    regions: int
    facets: int
    sign_checks: int
    exact_sign_checks: int
    lp_calls: int
    method: str
    seconds: float


@dataclass(frozen=True, slots=True)
class RegionsResult:
    """All (or, when ``complete`` is False, some) regions of a network in a domain.

    A partial result (a budget stopped the run) holds certified regions, but their
    facet lists and the edges may miss what the run did not reach (its regions have
    ``facets_complete=False``). ``len(result)`` is the number of regions found.
    """

    arrangement: Arrangement
    regions: Sequence[Region]  # a tuple, or a LazyTuple that builds each Region on first access
    edges: Sequence[Edge]
    complete: bool
    certificate: RegionsCertificate
    by_pattern: dict[str, int] = field(repr=False, compare=False)
    # the affine maps as integers over one denominator (reluexact.regions.affine.AffineIntegers)
    affine_integers: Any = field(default=None, repr=False, compare=False)
    # the certified columns the lazy regions and edges are built from
    # (reluexact.regions.columns.ResultColumns), or None
    columns: Any = field(default=None, repr=False, compare=False)

    @property
    def partial(self) -> bool:
        """True when a budget stopped the enumeration early.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.partial, regions(result.network, domain="-1,1;-1,1", max_regions=2).partial
        (False, True)
        """
        return not self.complete

    @property
    def network(self) -> TwoLayerReLU:
        """The network.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.network
        TwoLayerReLU(d=2, n=2, m=1)
        """
        return self.arrangement.network

    @property
    def domain(self) -> Domain:
        """The domain (a :class:`~reluexact.domain.Whole`, :class:`~reluexact.domain.Box` or Polytope).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.domain, regions(result.network).domain
        (box[-1,1;-1,1], R^2)
        """
        return self.arrangement.domain

    def region_with_pattern(self, pattern: str) -> Region | None:
        """The region with this activation pattern, if any.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import regions
        >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), domain="-1,1;-1,1")
        >>> result.region_with_pattern("11").id, result.region_with_pattern("12")
        (2, None)
        """
        i = self.by_pattern.get(pattern)
        return None if i is None else self.regions[i]

    def __len__(self) -> int:
        return len(self.regions)

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions)

    def __getitem__(self, i: int) -> Region:
        return self.regions[i]

    def __repr__(self) -> str:
        net = self.arrangement.network
        state = "complete" if self.complete else "PARTIAL"
        return (
            f"RegionsResult({len(self.regions)} regions, d={net.input_dim}, n={net.n_hidden}, {state}, "
            f"domain={self.arrangement.domain!r})"
        )


@dataclass(frozen=True, slots=True)
class PointLocation:
    """Where one point lies: its signs, region, and exact distance to the nearest region boundary.

    Attributes
    ----------
    index : int
        Position in the batch.
    point : tuple of Fraction
        The exact point (floats taken at their exact binary value).
    sign_vector : tuple of int
        sign(w_i . x + b_i) in {-1, 0, 1} per unit (Sage's ``sign_vector``).
    status : {"interior", "boundary", "outside"}
        ``"interior"``: strictly inside a region (and the domain); ``"boundary"``: on a
        hyperplane or a domain side; ``"outside"``: outside the domain.
    region : int or None
        Index into :attr:`LocateResult.regions` for interior points.
    boundary_units : tuple of int
        Non-constant units with w_i . x + b_i = 0 exactly.
    boundary_sides : tuple of str
        Domain sides the point lies on.
    squared_distance : Fraction or None
        Exact squared Euclidean distance to the boundary of the point's region (the nearest
        hyperplane or domain side); 0 on a boundary; None outside the domain, or when the
        region has no boundary (no hyperplane, no domain).
    nearest : tuple of (int or str)
        The hyperplanes (smallest unit of the class) / domain sides at that distance.
    """

    index: int
    point: Vector
    sign_vector: tuple[int, ...]
    status: str
    region: int | None
    boundary_units: tuple[int, ...]
    boundary_sides: tuple[str, ...]
    squared_distance: Fraction | None
    nearest: tuple[int | str, ...]

    @property
    def pattern(self) -> str:
        """'1' where w_i . x + b_i > 0, else '0'.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import locate
        >>> located = locate(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), [[1, "1/2"], [1, 0]])
        >>> [p.pattern for p in located.points]
        ['11', '10']
        """
        return "".join("1" if s > 0 else "0" for s in self.sign_vector)

    @property
    def on_boundary(self) -> bool:
        """True when the point is on a hyperplane or a domain side.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import locate
        >>> located = locate(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), [[1, "1/2"], [1, 0]])
        >>> [p.on_boundary for p in located.points]  # (1, 0) is on the line y = 0
        [False, True]
        """
        return self.status == "boundary"

    @property
    def distance(self) -> sympy.Expr | None:
        """The exact distance, ``sqrt(squared_distance)``, as a sympy expression.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import locate
        >>> located = locate(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), [[1, "1/2"], [1, 0]])
        >>> [p.distance for p in located.points]
        [1/2, 0]
        """
        if self.squared_distance is None:
            return None
        import sympy

        q = self.squared_distance
        return sympy.sqrt(sympy.Rational(q.numerator, q.denominator))

    @property
    def distance_float(self) -> float | None:
        """The distance as a float (rounded).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions import locate
        >>> located = locate(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0]), [[1, "1/2"], [1, 0]])
        >>> [p.distance_float for p in located.points]
        [0.5, 0.0]
        """
        if self.squared_distance is None:
            return None
        return _sqrt_float(self.squared_distance)

    def __repr__(self) -> str:
        return f"PointLocation(index={self.index}, status={self.status!r}, region={self.region})"


def _sqrt_float(q: Fraction) -> float:
    import math

    p, r = q.numerator, q.denominator
    # sqrt(p / r) without overflow for huge integers
    shift = max(p.bit_length(), r.bit_length()) - 1000
    if shift > 0:
        shift += shift % 2
        return math.sqrt(float(Fraction(p >> shift, r >> shift))) if r >> shift else math.inf
    return math.sqrt(p / r)


@dataclass(frozen=True, slots=True)
class LocateResult:
    """The result of :func:`~reluexact.regions.locate`: one :class:`PointLocation` per point, the visited regions.

    Attributes
    ----------
    net : TwoLayerReLU
    points : tuple of PointLocation
    regions : tuple of Region
        The distinct regions holding at least one interior point, in order of first visit
        (``Region.id`` is the index here; its point is the first data point found in it).
    members : tuple of tuple of int
        Per region, the indices of the batch points inside it.
    graph : networkx.Graph
        Nodes are region indices (attributes ``pattern``, ``n_points``); an edge (a, b), a < b,
        joins regions whose patterns differ in exactly one class of coincident hyperplanes, with
        attributes ``units`` (the class), ``point`` (a rational point in the relative interior
        of the shared facet, checked exactly) and ``jump`` (gradient of b minus gradient of a,
        m x d: sum of +-a_i w_i^T over the class, the continuity restriction).
    domain : Domain
        The domain, as read by :func:`reluexact.domain.as_domain`.
    facets_complete : bool
        False when facets were requested but ``time_limit`` stopped their computation: the
        regions not reached have ``facets=None`` (a partial result, marked so).
    """

    net: TwoLayerReLU
    points: tuple[PointLocation, ...]
    regions: tuple[Region, ...]
    members: tuple[tuple[int, ...], ...]
    graph: networkx.Graph
    domain: Domain
    facets_complete: bool = True

    def __repr__(self) -> str:
        boundary = sum(1 for p in self.points if p.status == "boundary")
        return f"LocateResult(points={len(self.points)}, regions={len(self.regions)}, boundary={boundary})"
