"""Exact enumeration of the linear regions of a two-layer ReLU network.

A *linear region* is a connected open cell of the arrangement of the hidden
units' hyperplanes H_i = {w_i . x + b_i = 0} inside the interior of a domain
(all of R^d, a box or a polytope); on it f is affine with gradient
sum_{i active} a_i w_i^T and offset sum_{i active} a_i b_i + c.

Algorithm (exact; floats only choose step lengths): recursive restriction. The
regions of the arrangement are found from its facets, which are the cells of the
arrangement restricted to each hyperplane, found in turn from the cells of the
restrictions to pairs, down to lines, where cells are the intervals between the
exactly sorted intersection points. Restricted flats are memoised by the set of
planes containing them, so each flat of the intersection lattice is solved once.
Each region carries an exact rational interior point, obtained by stepping off
one of its facets; each facet carries an exact rational point in its relative
interior. Every point's sign vector is then re-checked against every hyperplane
and domain side in rational arithmetic (a float evaluation with a proven error
bound settles clear signs; the rest are evaluated exactly), so a
:class:`RegionsResult` is certified: each region is non-empty and open with the
pattern it claims, each listed facet is a (d-1)-dimensional face (the facet
point lies exactly on its hyperplane and strictly on the right side of every
other), and adjacent regions differ in exactly the units of the crossed
hyperplane. Completeness follows from the recursion (every cell of a flat has a
facet on a cutting hyperplane); the tests check it against Zaslavsky's count,
a brute-force LP over all patterns, SageMath and dense sampling.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0])
>>> result = regions(net)
>>> result
RegionsResult(7 regions, d=2, n=3, complete, domain=R^2)
>>> r = region_containing_point(result, ["1/10", "1/10"])
>>> r.pattern, r.gradient, r.offset
('110', ((Fraction(1, 1), Fraction(-1, 1)),), (Fraction(0, 1),))
>>> n_regions(net, domain="0,1;0,1")  # x = 0 and y = 0 are sides of the box: only x + y = 1 cuts it
2
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

import flint
import numpy as np

from reluexact.errors import CertificationError, InvalidArgument, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction, to_fraction
from reluexact.regions._engine import Engine, FacetLog, float_matrix, gc_paused, stop_exception
from reluexact.regions.arrangement import Arrangement, arrangement

__all__ = [
    "Edge",
    "Facet",
    "Region",
    "RegionsCertificate",
    "RegionsResult",
    "bounded_regions",
    "iter_regions",
    "n_bounded_regions",
    "n_regions",
    "region_containing_point",
    "region_is_bounded",
    "region_vertices",
    "region_volume",
    "regions",
    "sign_vector",
]

Vector = tuple[Fraction, ...]


class _FacetFields(NamedTuple):
    kind: str
    label: str
    units: tuple[int, ...]
    normal: tuple[int, ...]
    offset: int
    flint_point: tuple[Any, ...]
    neighbor: int | None


class Facet(_FacetFields):
    """A (d-1)-dimensional face of a region, certified by a point in its relative interior.

    An immutable named tuple. The exact point is kept as python-flint ``fmpq`` values
    (``flint_point``) and converted to ``Fraction`` on access (regions have many facets;
    this keeps them cheap).

    Attributes
    ----------
    kind : str
        ``"hyperplane"`` (a unit hyperplane) or ``"side"`` (a side of the domain).
    label : str
        The hyperplane group index as ``"h:<g>"``, or the side's label (``"box:0:lo"``).
    units : tuple of int
        The units whose (coincident) hyperplane carries the facet; empty for a side.
    normal, offset : exact inequality ``normal . x + offset > 0`` holding on the region
        (primitive integers, oriented towards the region).
    point : tuple of Fraction
        A rational point in the facet's relative interior: ``normal . point + offset = 0``
        exactly, every other hyperplane and side strictly non-zero.
    neighbor : int or None
        Id of the region across the facet (``None`` for a side of the domain).
    """

    __slots__ = ()

    @property
    def point(self) -> Vector:
        """The certified point, as Fractions."""
        return _as_fractions(self.flint_point)

    def __repr__(self) -> str:
        where = f"units={self.units}" if self.kind == "hyperplane" else self.label
        return f"Facet({self.kind}, {where}, neighbor={self.neighbor})"


def _as_fractions(q: Any) -> Vector:
    if q and isinstance(q[0], Fraction):
        return tuple(q)
    return tuple(_fraction(x) for x in q)


@dataclass(frozen=True, slots=True)
class Region:
    """One linear region: pattern, certified interior point, facets and exact affine map.

    Attributes
    ----------
    id : int
        Index in its :class:`RegionsResult`.
    pattern : str
        ``"1"`` (active) or ``"0"`` per hidden unit.
    point : tuple of Fraction
        A rational point strictly inside the region (strictly satisfying every defining
        inequality, checked exactly); ``flint_point`` holds it as python-flint ``fmpq``
        values (converted to Fractions on access, like :attr:`Facet.point`).
    gradient : tuple of tuple of Fraction
        m x d: the Jacobian of f on the region, sum over active units of a_i w_i^T.
    offset : tuple of Fraction
        m values: f(x) = gradient x + offset on the region.
    facets : tuple of Facet
        The non-redundant facets (unit hyperplanes and domain sides).
    """

    id: int
    pattern: str
    flint_point: tuple[Any, ...]
    facets: tuple[Facet, ...]
    # the exact affine map as integers over one denominator (see _affine_rows); its Fractions
    # are built on first access (a run makes thousands of regions, most never asked for them)
    _affine: tuple[Any, ...] = field(repr=False, compare=False)
    _cache: list[Any] = field(default_factory=list, repr=False, compare=False)

    @property
    def point(self) -> Vector:
        """A rational point strictly inside the region, as Fractions."""
        return _as_fractions(self.flint_point)

    @property
    def gradient(self) -> tuple[Vector, ...]:
        """m x d: the Jacobian of f on the region (exact)."""
        if not self._cache:
            self._cache.extend(_affine_fractions(*self._affine))
        return self._cache[0]  # type: ignore[no-any-return]

    @property
    def offset(self) -> Vector:
        """m values: f(x) = gradient x + offset on the region (exact)."""
        if not self._cache:
            self._cache.extend(_affine_fractions(*self._affine))
        return self._cache[1]  # type: ignore[no-any-return]

    @property
    def active_units(self) -> tuple[int, ...]:
        """Indices of the active units."""
        return tuple(i for i, ch in enumerate(self.pattern) if ch == "1")

    @property
    def activation_pattern(self) -> tuple[bool, ...]:
        """The pattern as booleans."""
        return tuple(ch == "1" for ch in self.pattern)

    @property
    def inequalities(self) -> tuple[tuple[tuple[int, ...], int], ...]:
        """The region as ``{x : normal . x + offset > 0}`` over its facets."""
        return tuple((f.normal, f.offset) for f in self.facets)

    @property
    def neighbors(self) -> tuple[int, ...]:
        """Ids of the regions sharing a facet with this one."""
        return tuple(f.neighbor for f in self.facets if f.neighbor is not None)

    def affine_map(self, x: Sequence[Any]) -> Vector:
        """Evaluate the region's affine map at ``x`` (exact)."""
        xs = [to_fraction(v, where="x") for v in x]
        return tuple(
            sum((g * v for g, v in zip(row, xs, strict=True)), Fraction(0)) + o
            for row, o in zip(self.gradient, self.offset, strict=True)
        )

    def __repr__(self) -> str:
        pat = self.pattern if len(self.pattern) <= 24 else self.pattern[:21] + "..."
        return f"Region(id={self.id}, pattern={pat}, facets={len(self.facets)})"


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
        """The certified point of the shared facet, as Fractions."""
        return _as_fractions(self.flint_point)

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
    facet lists and the edges may miss what the run did not reach.
    """

    arrangement: Arrangement
    regions: tuple[Region, ...]
    edges: tuple[Edge, ...]
    complete: bool
    certificate: RegionsCertificate
    _by_pattern: dict[str, int] = field(repr=False, compare=False)
    _affine_int: Any = field(default=None, repr=False, compare=False)

    @property
    def partial(self) -> bool:
        """True when a budget stopped the enumeration early."""
        return not self.complete

    @property
    def network(self) -> TwoLayerReLU:
        """The network."""
        return self.arrangement.network

    def n_regions(self) -> int:
        """The number of regions found."""
        return len(self.regions)

    def region_with_pattern(self, pattern: str) -> Region | None:
        """The region with this activation pattern, if any."""
        i = self._by_pattern.get(pattern)
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


# ---------------------------------------------------------------------------------------------


def _progress_bar(progress: Any, total: int) -> Any:
    if progress is False or progress is None:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a core dependency
        return None
    import sys

    disable = progress == "auto" and not sys.stderr.isatty()
    if disable:
        return None
    return tqdm(total=total, desc="regions", unit="plane", leave=False)


def _enumerate(arr: Arrangement, *, max_regions: int | None, time_limit: float | None, progress: Any) -> RegionsResult:
    # the run allocates hundreds of thousands of small acyclic objects (points, masks, facets) that
    # all stay alive: the cyclic garbage collector would re-traverse them many times for nothing
    with gc_paused():
        return _enumerate_run(arr, max_regions=max_regions, time_limit=time_limit, progress=progress)


def _enumerate_run(
    arr: Arrangement, *, max_regions: int | None, time_limit: float | None, progress: Any
) -> RegionsResult:
    start = time.monotonic()
    net = arr.network
    d = net.input_dim
    G = len(arr.groups)
    planes = [(g.normal, g.offset) for g in arr.groups] + list(arr.domain.sides)
    P = len(planes)
    engine = Engine(planes, G, d)
    if time_limit is not None:
        engine.deadline = start + time_limit
    one = flint.fmpq(1)
    zero = flint.fmpq(0)
    p0 = tuple(zero for _ in range(d))
    B = [tuple(one if i == j else zero for i in range(d)) for j in range(d)]
    found: dict[int, tuple[Any, ...]] = {}

    log = FacetLog()

    bar = _progress_bar(progress, P)
    stop = stop_exception()

    class _Budget(Exception):
        pass

    def tick() -> None:
        if bar is not None:
            bar.update(1)
        if max_regions is not None and len(found) >= max_regions:
            raise _Budget

    complete = True
    try:
        cls = engine.classify(p0, B, 0)
        h, D, zmask, _const, cutting, bounding = cls
        engine.step(p0, B, h, D, zmask, cutting, bounding, 0, found, log, progress=tick, sides_too=True)
    except (stop, _Budget):
        complete = False
    finally:
        if bar is not None:
            bar.close()
    if max_regions is not None and len(found) > max_regions:
        complete = False
    return _assemble(arr, engine, found, log.edges, log.sides, complete, max_regions, start)


def _assemble(
    arr: Arrangement,
    engine: Engine,
    found: dict[int, tuple[Any, ...]],
    edges_raw: list[tuple[int, int, int, tuple[Any, ...], int]],
    sides_raw: list[tuple[int, int, tuple[Any, ...], int]],
    complete: bool,
    max_regions: int | None,
    start: float,
) -> RegionsResult:
    net = arr.network
    G = len(arr.groups)
    P = engine.P
    items = list(found.items())
    if max_regions is not None:
        items = items[:max_regions]
    ids = {pos: k for k, (pos, _) in enumerate(items)}
    side_bits = ((1 << P) - 1) ^ ((1 << G) - 1)
    # --- certification -------------------------------------------------------------------
    checker = _SignChecker(engine)
    checker.points = [point for _, point in items]
    checker.pos = [pos | side_bits for pos, _ in items]
    checker.zero = [0] * len(items)
    keep_edges = [(g, a, b, q) for g, a, b, q, newz in edges_raw if a in ids and b in ids]
    for _g, a, _b, q, newz in edges_raw:
        if a in ids and _b in ids:
            checker.add(q, (a | side_bits) & ~newz, newz)
    keep_sides = [(s, a, q) for s, a, q, _ in sides_raw if a in ids]
    for _s, a, q, newz in sides_raw:
        if a in ids:
            checker.add(q, (a | side_bits) & ~newz, newz)
    checker.run()
    # --- patterns and affine maps -------------------------------------------------------------
    n = net.n_hidden
    const_active = dict(arr.constant_units)
    unit_group: list[tuple[int, int]] = [(-1, 0)] * n
    for gi, grp in enumerate(arr.groups):
        for i, s in grp.units:
            unit_group[i] = (gi, s)
    patterns = _patterns([pos for pos, _ in items], unit_group, const_active, n, G)
    rows, aff = _affine_rows(net, patterns)
    affine_const = _affine_const(net, aff.L)
    m, dim = net.output_dim, net.input_dim
    # --- facets -------------------------------------------------------------------------------
    facets: list[list[Facet]] = [[] for _ in items]
    edges: list[Edge] = []
    ginfo = [
        (grp.unit_indices, f"h:{gi}", tuple(-v for v in grp.normal), -grp.offset, grp.normal, grp.offset)
        for gi, grp in enumerate(arr.groups)
    ]
    new = tuple.__new__
    for g, a, b, q in keep_edges:
        units, label, neg, negoff, normal, offset = ginfo[g]
        ia, ib = ids[a], ids[b]
        fq = q
        # tuple.__new__ skips the named tuple's argument parsing (hot loop); fields in declared order
        facets[ia].append(new(Facet, ("hyperplane", label, units, neg, negoff, fq, ib)))
        facets[ib].append(new(Facet, ("hyperplane", label, units, normal, offset, fq, ia)))
        edges.append(new(Edge, (ia, ib, g, units, fq)))
    for s, a, q in keep_sides:
        side_normal, side_offset = engine.normals[s], engine.offsets[s]
        label = arr.domain.labels[s - G]
        facets[ids[a]].append(Facet("side", label, (), tuple(side_normal), int(side_offset), q, None))
    out = []
    by_pattern = {}
    L = aff.L
    for k, (_pos, point) in enumerate(items):
        # already in order: hyperplane facets by group (the walk order), then domain sides
        fs = tuple(facets[k])
        out.append(Region(k, patterns[k], point, fs, (rows[k], L, affine_const, m, dim)))
        by_pattern[patterns[k]] = k
    cert = RegionsCertificate(
        regions=len(items),
        facets=len(keep_edges) + len(keep_sides),
        sign_checks=checker.n_checks,
        exact_sign_checks=checker.n_exact + engine.exact_evaluations,
        lp_calls=engine.lp_calls,
        method="recursive-restriction",
        seconds=time.monotonic() - start,
    )
    return RegionsResult(arr, tuple(out), tuple(edges), complete, cert, by_pattern, aff)


def _fraction(x: Any) -> Fraction:
    """A Fraction from an fmpq (already in lowest terms, positive denominator)."""
    f = object.__new__(Fraction)
    f._numerator = int(x.p)  # type: ignore[attr-defined]
    f._denominator = int(x.q)  # type: ignore[attr-defined]
    return f


class _SignChecker:
    """Batch exact check of sign vectors: float values with a proven error bound, exact otherwise."""

    def __init__(self, engine: Engine) -> None:
        self.e = engine
        self.points: list[tuple[Any, ...]] = []
        self.pos: list[int] = []
        self.zero: list[int] = []
        self.n_checks = 0
        self.n_exact = 0

    def add(self, point: tuple[Any, ...], pos: int, zero: int) -> None:
        self.points.append(point)
        self.pos.append(pos)
        self.zero.append(zero)

    def run(self) -> None:
        e = self.e
        P, d = e.P, e.d
        R = len(self.points)
        if R == 0 or P == 0:
            return
        nbytes = (P + 7) // 8
        chunk = max(1, 2_000_000 // max(P, 1))
        for lo in range(0, R, chunk):
            hi = min(R, lo + chunk)
            X = float_matrix(self.points[lo:hi], d)
            with np.errstate(all="ignore"):  # inf/nan entries are checked exactly below
                V = X @ e.Nf.T + e.of
                S = np.abs(X) @ e.Nabs.T + e.oabs
                err = e.err_factor * S + 1e-300
            pos = _unpack(self.pos[lo:hi], nbytes, P)
            zer = _unpack(self.zero[lo:hi], nbytes, P)
            sure = (np.abs(V) > err) & np.isfinite(V) & np.isfinite(err)
            expected = np.where(pos, 1.0, -1.0)
            bad = sure & ((np.sign(V) != expected) | zer)
            if np.any(bad):
                r, p = np.argwhere(bad)[0]
                raise CertificationError(
                    f"region/facet point {lo + int(r)} has the wrong sign on plane {int(p)}: the "
                    "enumeration is inconsistent (please report this with the model)"
                )
            self.n_checks += V.size
            unsure = ~sure
            by_plane: dict[int, list[int]] = {}
            rz, pz = np.nonzero(unsure & zer)
            if len(pz):
                order = np.argsort(pz, kind="stable")
                rz, pz = rz[order], pz[order]
                cuts = np.flatnonzero(np.diff(pz)) + 1
                for rows_p, planes_p in zip(np.split(rz, cuts), np.split(pz, cuts), strict=True):
                    by_plane[int(planes_p[0])] = (rows_p + lo).tolist()
            for r, p in np.argwhere(unsure & ~zer).tolist():
                self.n_exact += 1
                v = e.evaluate_plane(p, self.points[lo + r])
                if not (v > 0 if pos[r, p] else v < 0):
                    raise CertificationError(
                        f"region/facet point {lo + r} has the wrong exact sign on plane {p}: the enumeration "
                        "is inconsistent (please report this with the model)"
                    )
            # points that must lie exactly on a plane: one exact matrix product per plane
            for p, rows in by_plane.items():
                self.n_exact += len(rows)
                cols = flint.fmpq_mat(
                    d + 1, len(rows), [v for i in range(d) for v in (self.points[r][i] for r in rows)] + [1] * len(rows)
                )
                vals = flint.fmpq_mat(1, d + 1, [*e.normals[p], e.offsets[p]]) * cols
                if any(v != 0 for v in vals.entries()):
                    raise CertificationError(
                        f"a facet point is not exactly on plane {p}: the enumeration is inconsistent "
                        "(please report this with the model)"
                    )


def _unpack(masks: list[int], nbytes: int, P: int) -> np.ndarray:
    buf = b"".join(m.to_bytes(nbytes, "little") for m in masks)
    arr = np.frombuffer(buf, dtype=np.uint8).reshape(len(masks), nbytes)
    return np.unpackbits(arr, axis=1, bitorder="little")[:, :P].astype(bool)


def _patterns(
    masks: list[int], unit_group: list[tuple[int, int]], const_active: dict[int, bool], n: int, G: int
) -> list[str]:
    """Activation patterns ('0'/'1' per unit) from the groups' sign bit masks (vectorised)."""
    R = len(masks)
    if R == 0:
        return []
    if n == 0:
        return [""] * R
    cols = np.zeros((R, n), dtype=np.uint8)
    if G:
        low = (1 << G) - 1
        signs = _unpack([mk & low for mk in masks], (G + 7) // 8, G)
        for i in range(n):
            gi, s = unit_group[i]
            if gi >= 0:
                cols[:, i] = signs[:, gi] if s > 0 else ~signs[:, gi]
    for i, act in const_active.items():
        cols[:, i] = 1 if act else 0
    text = (cols + ord("0")).astype(np.uint8).tobytes().decode("ascii")
    return [text[r * n : (r + 1) * n] for r in range(R)]


def _frac(num: int, den: int) -> Fraction:
    """num/den as a Fraction (den > 0), reduced with one gcd."""
    import math

    g = math.gcd(num, den)
    f = object.__new__(Fraction)
    f._numerator = num // g  # type: ignore[attr-defined]
    f._denominator = den // g  # type: ignore[attr-defined]
    return f


def affine_maps(net: TwoLayerReLU, patterns: Sequence[str]) -> tuple[list[tuple[Vector, ...]], list[Vector]]:
    """Exact gradients (m x d) and offsets (m) of f for each activation pattern.

    Integer matrix products on a common denominator (int64 where a bound proves no
    overflow, arbitrary-precision integers otherwise).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 2], [-1, 1]], [0, 1], [[2, -1]], ["1/2"])
    >>> grads, offsets = affine_maps(net, ["10", "11"])
    >>> grads
    [((Fraction(2, 1), Fraction(4, 1)),), ((Fraction(3, 1), Fraction(3, 1)),)]
    >>> offsets
    [(Fraction(1, 2),), (Fraction(-1, 2),)]
    """
    grads, offs, _ = _affine_maps(net, patterns)
    return grads, offs


class _AffineInt:
    """Affine maps as integers over one denominator: ``prod[r] / L`` (plus the output bias)."""

    def __init__(self, prod: Any, L: int, Mint: Any, exact_int64: bool) -> None:
        self.prod = prod
        self.L = L
        self.Mint = Mint
        self.int64 = exact_int64


def _affine_maps(
    net: TwoLayerReLU, patterns: Sequence[str]
) -> tuple[list[tuple[Vector, ...]], list[Vector], _AffineInt]:
    rows, aff = _affine_rows(net, patterns)
    const = _affine_const(net, aff.L)
    m, d = net.output_dim, net.input_dim
    grads: list[tuple[Vector, ...]] = []
    offs: list[Vector] = []
    for row in rows:
        g, o = _affine_fractions(row, aff.L, const, m, d)
        grads.append(g)
        offs.append(o)
    return grads, offs, aff


def _affine_const(net: TwoLayerReLU, L: int) -> list[Any]:
    """Each output bias c_k as ``(integer over L, None)`` when L allows, else ``(0, c_k)``."""
    return [(ck.numerator * (L // ck.denominator), None) if L % ck.denominator == 0 else (0, ck) for ck in net.c]


def _affine_fractions(row: list[int], L: int, const: list[Any], m: int, d: int) -> tuple[tuple[Vector, ...], Vector]:
    """Gradient (m x d) and offset (m) as Fractions from one integer row over ``L``."""
    g = []
    o = []
    for k in range(m):
        base = k * (d + 1)
        g.append(tuple(_frac(int(row[base + j]), L) for j in range(d)))
        num, frac = const[k]
        off = _frac(int(row[base + d]) + num, L)
        o.append(off if frac is None else off + frac)
    return tuple(g), tuple(o)


def _affine_rows(net: TwoLayerReLU, patterns: Sequence[str]) -> tuple[list[list[int]], _AffineInt]:
    """Per pattern, the integers ``L * sum over active units i of a_ki (w_i, b_i)`` (k-major rows)."""
    n, d, m = net.n_hidden, net.input_dim, net.output_dim
    R = len(patterns)
    W, b, A = net.hidden_weights, net.hidden_bias, net.output_weights
    entries = [[A[k][i] * v for k in range(m) for v in (*W[i], b[i])] for i in range(n)]
    L = 1
    for row in entries:
        for v in row:
            L = L * v.denominator // _gcd(L, v.denominator)
    Mint = [[int(v * L) for v in row] for row in entries]
    big = max((abs(v) for row in Mint for v in row), default=0)
    width = m * (d + 1)
    int64 = big * max(n, 1) < 2**62
    Marr = np.array(Mint, dtype=np.int64 if int64 else object).reshape(n, width)
    if R == 0:
        return [], _AffineInt(np.zeros((0, width), dtype=np.int64), L, Marr, int64)
    if n == 0:
        prod: Any = np.zeros((R, width), dtype=np.int64)
    else:
        pat = np.frombuffer("".join(patterns).encode(), dtype=np.uint8).reshape(R, n) - ord("0")
        prod = pat.astype(np.int64 if int64 else object) @ Marr
    return prod.tolist(), _AffineInt(prod, L, Marr, int64)


def _gcd(a: int, b: int) -> int:
    import math

    return math.gcd(a, b)


# ---------------------------------------------------------------------------------------------
# public functions


def _check_budget(max_regions: Any, time_limit: Any) -> None:
    if max_regions is not None and (not isinstance(max_regions, int) or max_regions < 1):
        raise InvalidArgument(f"max_regions must be a positive integer or None, got {max_regions!r}")
    if time_limit is not None and not time_limit > 0:
        raise InvalidArgument(f"time_limit must be a positive number of seconds or None, got {time_limit!r}")


def regions(
    net: TwoLayerReLU,
    *,
    domain: Any = None,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = "auto",
) -> RegionsResult:
    """Enumerate the linear regions of ``net`` inside ``domain``, exactly.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : None, box or Polytope
        ``None``: all of R^d; a box as ``[(lo, hi), ...]`` or ``"LO,HI;LO,HI"``; or a
        :class:`~reluexact.regions.arrangement.Polytope`.
    max_regions : int, optional
        Stop once this many regions are found (the result is then marked partial).
    time_limit : float, optional
        Seconds; stop cleanly when exceeded (partial result).
    progress : "auto", True or False
        tqdm progress bar over the hyperplanes ("auto": only on a terminal).

    Returns
    -------
    RegionsResult
        Regions with certified interior points, facets and exact affine maps;
        ``complete`` tells whether the enumeration finished; ``certificate`` says
        what was checked exactly.

    Raises
    ------
    DomainError
        If the domain is empty or lower-dimensional.
    CertificationError
        If an exact check failed (a bug; never silently ignored).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 1]], [0, -1, 0], [[1, 1, 1]], [0])
    >>> res = regions(net, domain=[(-2, 2), (-2, 2)])
    >>> len(res), res.complete, sorted(r.pattern for r in res)
    (6, True, ['000', '001', '100', '101', '110', '111'])
    >>> regions(net, max_regions=2).partial
    True

    See Also
    --------
    iter_regions, n_regions, reluexact.regions.graph.adjacency_graph
    """
    _check_budget(max_regions, time_limit)
    arr = arrangement(net, domain=domain)
    return _enumerate(arr, max_regions=max_regions, time_limit=time_limit, progress=progress)


def iter_regions(
    net: TwoLayerReLU,
    *,
    domain: Any = None,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = "auto",
) -> Iterator[Region]:
    """Yield the regions of :func:`regions` one by one (same options).

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [1]], [0, -1], [[1, -1]], [0])
    >>> sorted(r.pattern for r in iter_regions(net))
    ['00', '10', '11']
    """
    yield from regions(net, domain=domain, max_regions=max_regions, time_limit=time_limit, progress=progress)


def n_regions(net: TwoLayerReLU, *, domain: Any = None) -> int:
    """The number of linear regions (exact).

    Examples
    --------
    >>> n_regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0]))
    7
    """
    return len(regions(net, domain=domain, progress=False))


def region_is_bounded(region: Region) -> bool:
    """Whether a region is bounded, decided by one exact LP on its facet inequalities.

    Examples
    --------
    >>> res = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0]))
    >>> [region_is_bounded(r) for r in res].count(True)
    1
    """
    from reluexact.lp import maximize

    F = [list(n) for n, _ in region.inequalities]
    d = len(region.point)
    if not F:
        return False
    # bounded iff the recession cone {r : F r >= 0} is {0}; F must have rank d, and then
    # the cone is {0} iff max sum(F r) over 0 <= F r <= 1 is 0
    if flint.fmpq_mat(len(F), d, [v for row in F for v in row]).rank() < d:
        return False
    rows = F + [[-v for v in row] for row in F]
    rhs = [0] * len(F) + [1] * len(F)
    obj = [sum(row[j] for row in F) for j in range(d)]
    res = maximize(obj, rows, rhs)
    return res.status == "optimal" and res.value == 0


def bounded_regions(result: RegionsResult) -> tuple[Region, ...]:
    """The bounded regions (Sage's ``bounded_regions``); all of them inside a box.

    Examples
    --------
    >>> res = regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0]))
    >>> [r.pattern for r in bounded_regions(res)]  # the triangle x > 0, y > 0, x + y < 1
    ['110']
    """
    if result.arrangement.domain.kind == "box":
        return result.regions
    return tuple(r for r in result.regions if region_is_bounded(r))


def n_bounded_regions(result: RegionsResult) -> int:
    """The number of bounded regions.

    Examples
    --------
    >>> n_bounded_regions(regions(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])))
    1
    """
    return len(bounded_regions(result))


def sign_vector(net: TwoLayerReLU, x: Sequence[Any]) -> tuple[int, ...]:
    """Exact signs (-1, 0, +1) of the pre-activations w_i . x + b_i at ``x``.

    Examples
    --------
    >>> sign_vector(TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, 1]], [0]), [1, 1])
    (1, 0)
    """
    from reluexact.model import hidden_preactivations

    return tuple((v > 0) - (v < 0) for v in hidden_preactivations(net, x))


def region_containing_point(result: RegionsResult, x: Sequence[Any]) -> Region | None:
    """The region containing ``x``, or ``None`` if ``x`` lies on a hyperplane or outside the domain.

    Examples
    --------
    >>> res = regions(TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, 1]], [0]))
    >>> region_containing_point(res, [2, 1]).pattern
    '11'
    >>> region_containing_point(res, [1, 1]) is None
    True
    """
    arr = result.arrangement
    net = arr.network
    if len(x) != net.input_dim:
        raise ShapeError(f"point has {len(x)} coordinates, the network has d = {net.input_dim}")
    xs = [to_fraction(v, where=f"x[{j}]") for j, v in enumerate(x)]
    for normal, offset in arr.domain.sides:
        if sum((a * v for a, v in zip(normal, xs, strict=True)), Fraction(offset)) <= 0:
            return None
    signs = sign_vector(net, xs)
    in_group = {i for g in arr.groups for i in g.unit_indices}
    if any(s == 0 and i in in_group for i, s in enumerate(signs)):
        return None
    pattern = "".join("1" if s > 0 else "0" for s in signs)
    return result.region_with_pattern(pattern)


# ---------------------------------------------------------------------------------------------
# vertices and volume


def region_vertices(region: Region) -> tuple[Vector, ...]:
    """The vertices of a bounded region (exact), sorted.

    Every d-subset of facet hyperplanes with a unique common point that satisfies all
    facet inequalities (non-strictly) gives a vertex.

    Raises
    ------
    InvalidArgument
        If the region is unbounded.

    Examples
    --------
    >>> res = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]), domain="0,1;0,2")
    >>> [tuple(map(str, v)) for v in region_vertices(res[0])]
    [('0', '0'), ('0', '2'), ('1', '0'), ('1', '2')]
    """
    from itertools import combinations

    d = len(region.point)
    ineq = region.inequalities
    if not region_is_bounded(region):
        raise InvalidArgument(f"region {region.id} is unbounded: it has no vertex description")
    out: set[Vector] = set()
    for combo in combinations(range(len(ineq)), d):
        M = flint.fmpq_mat(d, d, [v for k in combo for v in ineq[k][0]])
        if M.rank() < d:
            continue
        rhs = flint.fmpq_mat(d, 1, [-ineq[k][1] for k in combo])
        sol = M.solve(rhs).entries()
        x = tuple(Fraction(int(v.p), int(v.q)) for v in sol)
        if all(sum((a * v for a, v in zip(n, x, strict=True)), Fraction(o)) >= 0 for n, o in ineq):
            out.add(x)
    return tuple(sorted(out))


def region_volume(region: Region) -> Fraction:
    """The exact volume (length, area, volume) of a bounded region, d <= 3.

    Fan triangulation from the vertex centroid: intervals (d = 1), polygons ordered by
    exact angle comparisons (d = 2), and per-facet polygons coned to the centroid (d = 3).

    Examples
    --------
    >>> res = regions(TwoLayerReLU([[1, 1]], [-1], [[1]], [0]), domain="0,1;0,1")
    >>> sorted(region_volume(r) for r in res)
    [Fraction(1, 2), Fraction(1, 2)]
    """
    d = len(region.point)
    if d > 3:
        raise InvalidArgument(f"region_volume supports d <= 3, got d = {d}")
    verts = region_vertices(region)
    if d == 1:
        return max(v[0] for v in verts) - min(v[0] for v in verts)
    if d == 2:
        return _polygon_area(list(verts))
    total = Fraction(0)
    c = tuple(sum(v[j] for v in verts) / Fraction(len(verts)) for j in range(3))
    for normal, offset in region.inequalities:
        face = [v for v in verts if sum((a * x for a, x in zip(normal, v, strict=True)), Fraction(offset)) == 0]
        if len(face) < 3:
            continue
        ordered = _order_in_plane(face, normal)
        for k in range(1, len(ordered) - 1):
            total += abs(_det3(_sub(ordered[0], c), _sub(ordered[k], c), _sub(ordered[k + 1], c))) / 6
    return total


def _sub(a: Vector, b: Vector) -> Vector:
    return tuple(x - y for x, y in zip(a, b, strict=True))


def _det3(a: Vector, b: Vector, c: Vector) -> Fraction:
    return a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0])


def _order_cyclic(points: list[Vector], cross: Callable[[Vector, Vector], Fraction]) -> list[Vector]:
    """Order points of a convex polygon around their centroid, by exact half-plane and cross tests."""
    import functools

    k = len(points)
    dim = len(points[0])
    c = tuple(sum(p[j] for p in points) / Fraction(k) for j in range(dim))
    rel = [_sub(p, c) for p in points]
    ref = rel[0]

    def half(v: Vector) -> int:
        cr = cross(ref, v)
        if cr > 0:
            return 0
        if cr < 0:
            return 1
        # collinear with ref: same direction first, opposite in the second half
        dot = sum(a * b for a, b in zip(ref, v, strict=True))
        return 0 if dot > 0 else 1

    def cmp(i: int, j: int) -> int:
        hi, hj = half(rel[i]), half(rel[j])
        if hi != hj:
            return hi - hj
        cr = cross(rel[i], rel[j])
        return -1 if cr > 0 else (1 if cr < 0 else 0)

    order = sorted(range(k), key=functools.cmp_to_key(cmp))
    return [points[i] for i in order]


def _polygon_area(points: list[Vector]) -> Fraction:
    ordered = _order_cyclic(points, lambda a, b: a[0] * b[1] - a[1] * b[0])
    s = Fraction(0)
    for k in range(len(ordered)):
        x0, y0 = ordered[k]
        x1, y1 = ordered[(k + 1) % len(ordered)]
        s += x0 * y1 - x1 * y0
    return abs(s) / 2


def _order_in_plane(points: list[Vector], normal: tuple[int, ...]) -> list[Vector]:
    def cross(a: Vector, b: Vector) -> Fraction:
        cx = a[1] * b[2] - a[2] * b[1]
        cy = a[2] * b[0] - a[0] * b[2]
        cz = a[0] * b[1] - a[1] * b[0]
        return cx * normal[0] + cy * normal[1] + cz * normal[2]

    return _order_cyclic(points, cross)


def format_point(point: Sequence[Fraction]) -> list[str]:
    """A point as a list of ``"p/q"`` strings.

    Examples
    --------
    >>> format_point((Fraction(1, 2), Fraction(3)))
    ['1/2', '3']
    """
    return [format_fraction(v) for v in point]
