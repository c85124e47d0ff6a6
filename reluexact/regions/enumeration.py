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
>>> r = result.region_with_pattern("110")
>>> r.point, r.gradient, r.offset
((Fraction(1, 8), Fraction(1, 2)), ((Fraction(1, 1), Fraction(-1, 1)),), (Fraction(0, 1),))
>>> n_regions(net, domain="0,1;0,1")  # x = 0 and y = 0 are sides of the box: only x + y = 1 cuts it
2
"""

from __future__ import annotations

import operator
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import flint
import numpy as np

from reluexact.domain import DomainLike
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions._engine import Engine, FacetLog, gc_paused, resident_bytes, stop_exception
from reluexact.regions.affine import affine_integers
from reluexact.regions.arrangements import Arrangement, arrangement
from reluexact.regions.certify import SignChecker, unpack_bits
from reluexact.regions.columns import ResultColumns, result_from_columns
from reluexact.regions.types import Region, RegionsCertificate, RegionsResult

__all__ = [
    "PACK_ABOVE",
    "PackedMemo",
    "RawEnumeration",
    "assemble",
    "certify_raw",
    "check_budget",
    "enumerate_arrangement",
    "gc_paused",
    "iter_regions",
    "n_regions",
    "pattern_order",
    "patterns_of",
    "regions",
    "run_engine",
]


#: Resident memory (bytes) above which the engine's memo keeps its cells packed (:class:`PackedMemo`).
PACK_ABOVE = 256 * 2**20


class PackedMemo(dict[Any, Any]):
    """The engine's memo of flat cells, packed once the process holds more than ``pack_above`` bytes.

    A flat's cells are ``(pos, point)`` pairs (a sign mask and a tuple of d python-flint
    ``fmpq``): some 300 bytes each as Python objects. Packed, the points of one flat are one
    ``fmpq_mat`` (the rationals in C memory, no Python object per value) and the masks one
    tuple; :meth:`get` rebuilds the same cells (equal values, new objects) when the flat is met
    again. Resident memory is read every 256 insertions (a system call).

    Examples
    --------
    >>> import flint
    >>> memo = PackedMemo(2, pack_above=0)
    >>> cells = [(5, (flint.fmpq(1, 3), flint.fmpq(-2))), (6, (flint.fmpq(0), flint.fmpq(7, 2)))]
    >>> memo[(1, 0)] = cells
    >>> type(dict.get(memo, (1, 0))).__name__, memo.get((1, 0)) == cells, memo.get((2, 0)) is None
    ('_Packed', True, True)
    """

    def __init__(self, d: int, *, pack_above: int | None = PACK_ABOVE) -> None:
        super().__init__()
        self.d = d
        self.pack_above = pack_above
        self.packing = pack_above is not None and pack_above <= 0
        self._sets = 0

    def __setitem__(self, key: Any, cells: Any) -> None:
        if self.pack_above is not None and not self.packing:
            self._sets += 1
            if self._sets % 256 == 0 and resident_bytes() > self.pack_above:
                self.packing = True
        if self.packing and self.d and cells and type(cells) is list and type(cells[0]) is tuple:
            try:
                value: Any = _Packed(
                    tuple(pos for pos, _ in cells),
                    flint.fmpq_mat(len(cells), self.d, [v for _, pt in cells for v in pt]),
                )
            except (TypeError, ValueError):  # pragma: no cover - not cells of fmpq points: kept as they are
                value = cells
            dict.__setitem__(self, key, value)
            return
        dict.__setitem__(self, key, cells)

    def get(self, key: Any, default: Any = None) -> Any:
        """The cells of ``key`` (unpacked: new objects, equal values), or ``default``.

        Examples
        --------
        >>> import flint
        >>> memo = PackedMemo(1, pack_above=0)
        >>> memo[(1, 0)] = [(3, (flint.fmpq(1, 2),))]
        >>> memo.get((1, 0)), memo.get((9, 0), [])
        ([(3, (1/2,))], [])
        """
        value = dict.get(self, key, default)
        if type(value) is _Packed:
            d = self.d
            entries = value.points.entries()
            return [(pos, tuple(entries[i * d : (i + 1) * d])) for i, pos in enumerate(value.positions)]
        return value


@dataclass(frozen=True, slots=True)
class _Packed:
    positions: tuple[int, ...]
    points: Any


def _progress_bar(progress: Any, total: int) -> Any:
    if progress is False or progress is None:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a core dependency
        return None
    import sys

    if hasattr(progress, "update"):  # a caller's bar (one display across several stages): reuse it
        progress.reset(total=total)
        progress.set_description("regions (planes walked)")
        return progress
    disable = progress == "auto" and not sys.stderr.isatty()
    if disable:
        return None
    return tqdm(total=total, desc="regions", unit="plane", leave=False)


def enumerate_arrangement(
    arr: Arrangement,
    *,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = False,
    max_memory: int | None = None,
    method: str = "lattice",
) -> RegionsResult:
    """Enumerate the regions of an :class:`~reluexact.regions.arrangements.Arrangement` (see :func:`regions`).

    Examples
    --------
    >>> from reluexact.regions.arrangements import arrangement
    >>> len(enumerate_arrangement(arrangement(TwoLayerReLU([[1]], [0], [[1]], [0]), domain=(-1, 1))))
    2
    """
    # --- method hook (issue 15 item 4): the facet walk lives in regions/facet_walk.py -----------
    from reluexact.regions.facet_walk import choose_method, walk_arrangement
    from reluexact.regions.sweep import try_sweep

    budgets = max_regions is not None or time_limit is not None or max_memory is not None
    swept = try_sweep(arr, method, budgets=budgets, progress=progress)
    if swept is not None:
        return swept
    if method == "sweep":  # forced with a budget: the walk honours budgets
        method = "walk"
    if choose_method(arr, method) == "walk":
        return walk_arrangement(
            arr, max_regions=max_regions, time_limit=time_limit, progress=progress, max_memory=max_memory
        )
    # --- end of the method hook -------------------------------------------------------------------
    # --- planar hook (issue 15 item 5): d = 2 without budgets, the engine's result from regions/planar.py
    if method == "auto" and arr.dimension == 2 and max_regions is None and time_limit is None and max_memory is None:
        from reluexact.regions.planar import planar_regions

        planar = planar_regions(arr)
        if planar is not None:
            return planar
    # --- end of the planar hook -------------------------------------------------------------------
    # the run allocates hundreds of thousands of small acyclic objects (points, masks, facets) that
    # all stay alive: the cyclic garbage collector would re-traverse them many times for nothing
    with gc_paused():
        return _enumerate_run(
            arr, max_regions=max_regions, time_limit=time_limit, progress=progress, max_memory=max_memory
        )


def _enumerate_run(
    arr: Arrangement, *, max_regions: int | None, time_limit: float | None, progress: Any, max_memory: int | None
) -> RegionsResult:
    raw = run_engine(arr, max_regions=max_regions, time_limit=time_limit, progress=progress, max_memory=max_memory)
    return assemble(arr, raw.engine, raw.found, raw.edges, raw.sides, raw.complete, max_regions, raw.start)


@dataclass(frozen=True)
class RawEnumeration:
    """The engine's output before certification and assembly (see :func:`run_engine`).

    ``found`` maps each region's plane sign mask (bit p: plane p positive; planes are the
    arrangement's groups, then its sides) to an exact interior point; ``edges`` and ``sides`` are
    the facet records of :class:`~reluexact.regions._engine.FacetLog`.
    """

    engine: Engine
    found: dict[int, tuple[Any, ...]]
    edges: list[tuple[int, int, int, tuple[Any, ...], int]]
    sides: list[tuple[int, int, tuple[Any, ...], int]]
    complete: bool
    start: float


def run_engine(
    arr: Arrangement,
    *,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = False,
    max_memory: int | None = None,
    prune_flats: bool = False,
    on_plane: Callable[[Engine, dict[int, Any], FacetLog], None] | None = None,
    pack_above: int | None = PACK_ABOVE,
) -> RawEnumeration:
    """Run the recursive restriction on ``arr`` and return its raw, uncertified output.

    ``prune_flats``: before walking a flat of dimension >= 2, ask an exact LP whether it meets the
    domain's interior, and skip it when not (worth it when the domain is small against the
    arrangement, e.g. a cell of :mod:`reluexact.regions.distributed`; the cells found are the same).
    :func:`certify_raw` then checks the output exactly; :func:`assemble` builds the result.
    ``on_plane(engine, found, log)`` (optional) is called each time the top-level walk moves to
    the next plane: every region in ``found`` then has its final point and every record in
    ``log`` has both its regions in ``found`` (:mod:`reluexact.regions.streaming` hands them out
    from there; it may replace the values of ``found``, which the engine does not read, and empty
    the lists of ``log``). ``pack_above``: resident bytes above which the engine's memo of flat
    cells is kept packed (:class:`PackedMemo`; ``None``: never).

    Examples
    --------
    >>> raw = run_engine(arrangement(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])))
    >>> sorted(raw.found), raw.complete
    ([0, 1, 3], True)
    """
    start = time.monotonic()
    net = arr.network
    d = net.input_dim
    G = len(arr.groups)
    planes = [(g.normal, g.offset) for g in arr.groups] + [(h.normal, h.offset) for h in arr.sides]
    P = len(planes)
    engine = Engine(planes, G, d)
    engine.memo = PackedMemo(d, pack_above=pack_above)
    engine.prune_flats = prune_flats
    if time_limit is not None:
        engine.deadline = start + time_limit
    engine.max_memory = max_memory
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
        if on_plane is not None:
            on_plane(engine, found, log)
        # stop only once the budget is exceeded: an enumeration that ends with exactly
        # max_regions regions is complete
        if max_regions is not None and len(found) > max_regions:
            raise _Budget
        if max_memory is not None and resident_bytes() > max_memory:
            raise _Budget

    complete = True
    try:
        with gc_paused():
            cls = engine.classify(p0, B, 0)
            h, D, zmask, _const, cutting, bounding = cls
            engine.step(p0, B, h, D, zmask, cutting, bounding, 0, found, log, progress=tick, sides_too=True)
    except (stop, _Budget):
        complete = False
    finally:
        if bar is not None and bar is not progress:
            bar.close()
    if bar is not None and bar is progress:
        bar.set_description(f"certifying {len(found)} regions exactly")
    if max_regions is not None and len(found) > max_regions:
        complete = False
    engine.forget_below(engine.P)  # the cells of the flats are no longer needed: free them before the result
    return RawEnumeration(engine, found, log.edges, log.sides, complete, start)


def certify_raw(
    engine: Engine,
    items: list[tuple[int, tuple[Any, ...]]],
    edges_raw: list[tuple[int, int, int, tuple[Any, ...], int]],
    sides_raw: list[tuple[int, int, tuple[Any, ...], int]],
    ids: dict[int, int],
) -> SignChecker:
    """Check every region and facet point's sign vector exactly; return the checker (its counts).

    ``items`` are the kept ``(mask, point)`` pairs, ``ids`` their masks' positions; facets whose
    regions are not kept are skipped.

    Raises
    ------
    CertificationError
        When a point has a wrong sign (a bug).
    """
    G = engine.G
    side_bits = ((1 << engine.P) - 1) ^ ((1 << G) - 1)
    checker = SignChecker(engine)
    checker.points = [point for _, point in items]
    checker.pos = [pos | side_bits for pos, _ in items]
    checker.zero = [0] * len(items)
    for _g, a, _b, q, newz in edges_raw:
        if a in ids and _b in ids:
            checker.add(q, (a | side_bits) & ~newz, newz)
    for _s, a, q, newz in sides_raw:
        if a in ids:
            checker.add(q, (a | side_bits) & ~newz, newz)
    checker.run()
    return checker


def patterns_of(arr: Arrangement, masks: list[int]) -> list[str]:
    """The activation patterns ('0'/'1' per unit) of regions given by their group sign masks.

    Examples
    --------
    >>> patterns_of(arrangement(TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0])), [0, 1])
    ['01', '10']
    """
    return _patterns(masks, *_unit_map(arr))


def pattern_order(arr: Arrangement, masks: list[int]) -> np.ndarray:
    """The permutation that sorts regions by pattern: ``sorted(range(R), key=patterns_of(arr, masks).__getitem__)``.

    An int64 array, made without the pattern strings: the patterns' packed bits (unit 0 the
    high bit), read as big-endian 64-bit words, sorted word by word. The canonical numbering
    of :func:`reluexact.regions.distributed.canonical`.

    Examples
    --------
    >>> arr = arrangement(TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0]))
    >>> patterns_of(arr, [1, 0]), pattern_order(arr, [1, 0]).tolist()
    (['10', '01'], [1, 0])
    """
    R = len(masks)
    bits = _pattern_bits(masks, *_unit_map(arr))
    packed = np.packbits(bits, axis=1)  # bit order big: byte order is pattern order
    nbytes = -(-packed.shape[1] // 8) * 8
    words = np.zeros((R, nbytes), dtype=np.uint8)
    words[:, : packed.shape[1]] = packed
    keys = words.view(">u8").astype(np.uint64)
    if keys.shape[1] == 0:
        return np.arange(R, dtype=np.int64)
    if keys.shape[1] == 1:
        return np.argsort(keys[:, 0], kind="stable").astype(np.int64)
    return np.lexsort(keys.T[::-1]).astype(np.int64)  # the last key is the primary one


def _unit_map(arr: Arrangement) -> tuple[list[tuple[int, int]], dict[int, bool], int, int]:
    """What :func:`_patterns` needs besides the masks: each unit's (group, orientation), the constant units."""
    n = arr.network.n_hidden
    const_active = dict(arr.constant_units)
    unit_group: list[tuple[int, int]] = [(-1, 0)] * n
    for gi, grp in enumerate(arr.groups):
        for i, s in grp.units:
            unit_group[i] = (gi, s)
    return unit_group, const_active, n, len(arr.groups)


def assemble(
    arr: Arrangement,
    engine: Engine,
    found: dict[int, tuple[Any, ...]],
    edges_raw: list[tuple[int, int, int, tuple[Any, ...], int]],
    sides_raw: list[tuple[int, int, tuple[Any, ...], int]],
    complete: bool,
    max_regions: int | None,
    start: float,
    *,
    method: str = "recursive-restriction",
    certified: RegionsCertificate | None = None,
) -> RegionsResult:
    """Certify the cells an engine found and build the :class:`RegionsResult` (regions, facets, edges).

    ``found`` maps a region's plane sign mask to its exact point; ``edges_raw`` and ``sides_raw``
    are the facet records of :class:`~reluexact.regions._engine.FacetLog`. Every point is checked
    exactly (:class:`~reluexact.regions.certify.SignChecker`) before anything is returned, unless
    ``certified`` is given: the points were then checked elsewhere (each task of
    :func:`reluexact.regions.distributed.regions_distributed` certifies its cell) and that
    certificate is reported as is.
    """
    net = arr.network
    items = list(found.items())
    if max_regions is not None:
        items = items[:max_regions]
    ids = {pos: k for k, (pos, _) in enumerate(items)}
    # --- certification -------------------------------------------------------------------
    keep_sides = [(s, a, q) for s, a, q, _ in sides_raw if a in ids]
    # the edges between kept regions, as columns (C-level transposes and lookups: the hot part)
    gs: tuple[int, ...] = ()
    qs: tuple[Any, ...] = ()
    ia: list[int] = []
    ib: list[int] = []
    if edges_raw:
        # one itemgetter map a column (zip(*edges_raw) is 6x slower: one argument per record)
        gs, a_masks, b_masks, qs = (tuple(map(operator.itemgetter(c), edges_raw)) for c in range(4))
        ia, ib = list(map(ids.get, a_masks)), list(map(ids.get, b_masks))  # type: ignore[arg-type]
        if None in ia or None in ib:
            kept = [t for t, (x, y) in enumerate(zip(ia, ib, strict=True)) if x is not None and y is not None]
            gs, qs = tuple(gs[t] for t in kept), tuple(qs[t] for t in kept)
            ia, ib = [ia[t] for t in kept], [ib[t] for t in kept]
    n_edges = len(gs)
    n_checks = n_exact = 0
    if certified is None:
        checker = certify_raw(engine, items, edges_raw, sides_raw, ids)
        n_checks, n_exact = checker.n_checks, checker.n_exact
        del checker  # its point and mask lists (one entry per region and facet) before the result's objects
    # --- patterns and affine maps -------------------------------------------------------------
    patterns = patterns_of(arr, [pos for pos, _ in items])
    rows, aff = affine_integers(net, patterns)
    # --- the result's objects, built on first access from these columns -------------------------
    G = len(arr.groups)
    side_rows = [(ids[a], s - G, q) for s, a, q in keep_sides]
    columns = ResultColumns(
        arr, patterns, [point for _, point in items], ia, ib, gs, qs, side_rows, complete, (rows, aff)
    )
    cert = certified or RegionsCertificate(
        regions=len(items),
        facets=n_edges + len(keep_sides),
        sign_checks=n_checks,
        exact_sign_checks=n_exact + engine.exact_evaluations,
        lp_calls=engine.lp_calls,
        method=method,
        seconds=time.monotonic() - start,
    )
    return result_from_columns(columns, cert)


def _patterns(
    masks: list[int], unit_group: list[tuple[int, int]], const_active: dict[int, bool], n: int, G: int
) -> list[str]:
    """Activation patterns ('0'/'1' per unit) from the groups' sign bit masks (vectorised)."""
    R = len(masks)
    if R == 0:
        return []
    if n == 0:
        return [""] * R
    cols = _pattern_bits(masks, unit_group, const_active, n, G)
    text = (cols + ord("0")).astype(np.uint8).tobytes().decode("ascii")
    return [text[r * n : (r + 1) * n] for r in range(R)]


def _pattern_bits(
    masks: list[int], unit_group: list[tuple[int, int]], const_active: dict[int, bool], n: int, G: int
) -> np.ndarray:
    """The patterns as an (R, n) uint8 array of 0 / 1 (unit i active: column i is 1)."""
    R = len(masks)
    cols = np.zeros((R, n), dtype=np.uint8)
    if G and R:
        low = (1 << G) - 1
        signs = unpack_bits([mk & low for mk in masks], (G + 7) // 8, G)
        # all units at once (one gather, row-major), not column by column: a strided copy per unit
        grouped = np.array([i for i in range(n) if unit_group[i][0] >= 0], dtype=np.intp)
        if len(grouped):
            gis = np.array([unit_group[i][0] for i in grouped.tolist()], dtype=np.intp)
            flip = np.array([unit_group[i][1] < 0 for i in grouped.tolist()], dtype=bool)
            if len(grouped) == n and n == G and (gis == np.arange(n)).all():  # unit i is group i (the usual case)
                cols = (signs[:, :n] ^ flip[None, :]).view(np.uint8)  # no gather or scatter
            else:
                cols[:, grouped] = signs[:, gis] ^ flip[None, :]
    for i, act in const_active.items():
        cols[:, i] = 1 if act else 0
    return cols


def check_budget(
    max_regions: Any = None, time_limit: Any = None, *, names: tuple[str, str] = ("max_regions", "time_limit")
) -> None:
    """Refuse a budget that is not one: ``max_regions`` a positive int, ``time_limit`` seconds >= 0.

    ``None`` means no budget; ``time_limit`` may be any real number >= 0, ``inf`` included (0 stops
    at once and gives a partial result).
    ``names`` are the two arguments' names as the caller spells them (used in the message).

    Raises
    ------
    InvalidArgument
        Naming the argument and the value, for strings, booleans, NaN, zero and negatives.

    Examples
    --------
    >>> check_budget(7, 2.5)
    >>> check_budget(time_limit="1")
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: time_limit must be a non-negative number of seconds or None, got '1'
    """
    import numbers

    if max_regions is not None and (
        isinstance(max_regions, bool) or not isinstance(max_regions, numbers.Integral) or max_regions < 1
    ):
        raise InvalidArgument(f"{names[0]} must be a positive integer or None, got {max_regions!r}")
    not_real = isinstance(time_limit, bool) or not isinstance(time_limit, numbers.Real)
    if time_limit is not None and (not_real or not time_limit >= 0):
        raise InvalidArgument(f"{names[1]} must be a non-negative number of seconds or None, got {time_limit!r}")


def regions(
    net: TwoLayerReLU,
    *,
    domain: DomainLike = None,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = "auto",
    max_memory: int | None = None,
    method: str = "auto",
) -> RegionsResult:
    """Enumerate the linear regions of ``net`` inside ``domain``, exactly.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : DomainLike, keyword-only
        Read by :func:`reluexact.domain.as_domain`: ``None`` (all of R^d), ``"lo,hi"`` (every
        input), ``"lo,hi;lo,hi"``, ``(lo, hi)`` for d = 1, ``[(lo, hi), ...]``, ``(A, b)`` or a
        :class:`~reluexact.domain.Box` / :class:`~reluexact.domain.Polytope`.
    max_regions : int, optional
        Stop once this many regions are found (the result is then marked partial).
    time_limit : float, optional
        Seconds; stop cleanly when exceeded (partial result).
    progress : "auto", True, False or a tqdm bar
        tqdm progress bar over the hyperplanes ("auto": only on a terminal); a bar passed in is
        reset and reused (one display across stages), not closed.
    max_memory : int, optional
        Bytes of resident memory; stop cleanly when the process holds more (partial result). It is
        checked while the cells are found; building the result of what was found takes more.
    method : {"auto", "lattice", "walk", "sweep"}
        ``"lattice"``: the restriction over the intersection lattice (cost grows with every
        face); ``"walk"``: the facet walk over regions (:mod:`reluexact.regions.facet_walk`,
        cost grows with regions x hyperplanes); ``"sweep"``: the general-position sweep
        (:mod:`reluexact.regions.sweep`, all of R^d with hyperplanes in general position; in a
        box, the box sweep of :mod:`reluexact.regions.box_sweep`, hyperplanes and sides generic
        in the box; else InvalidArgument; with a budget, the walk); ``"auto"``: the sweep (or
        box sweep) for d >= 3 without a budget when it certifies, else the one a measured cost model
        predicts faster (:func:`reluexact.regions.facet_walk.choose_method`); at d = 2 without a
        budget, the planar path (:mod:`reluexact.regions.planar`, the lattice's result). Same result.

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
    iter_regions, n_regions, reluexact.regions.graph.adjacency_graph, reluexact.regions.location.locate
    """
    check_budget(max_regions, time_limit)
    if max_memory is not None:
        check_budget(max_memory, names=("max_memory", "time_limit"))
    arr = arrangement(net, domain=domain)
    return enumerate_arrangement(
        arr, max_regions=max_regions, time_limit=time_limit, progress=progress, max_memory=max_memory, method=method
    )


def iter_regions(
    net: TwoLayerReLU,
    *,
    domain: DomainLike = None,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = "auto",
    max_memory: int | None = None,
    method: str = "auto",
    batch_size: int | None = None,
) -> Iterator[Region]:
    """Yield the regions of :func:`regions` as the engine certifies them (same options).

    The engine hands its regions out in batches while it runs (every ``batch_size`` regions,
    default :data:`reluexact.regions.streaming.BATCH`); each batch is certified exactly (the
    same integer check as :func:`regions`) and then yielded, so the first regions come long
    before the enumeration ends and the regions yielded are not kept. Same regions as
    :func:`regions`, with the ids of ``regions(net, method="lattice")`` (its order: by
    discovery, the same ids, patterns and points); the facet walk (``method="walk"``, or
    ``"auto"`` choosing it), the general-position sweep (``"sweep"``, or ``"auto"`` at d >= 3 in
    general position: its own order, as :func:`regions` with the same method) and the planar
    path (d = 2 without a budget) compute their result whole first. The regions yielded carry
    no facets (``facets`` is None: a region's facets are found after it; :func:`regions` or
    :func:`reluexact.regions.store.regions_store` give them).

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [1]], [0, -1], [[1, -1]], [0])
    >>> sorted(r.pattern for r in iter_regions(net))
    ['00', '10', '11']
    >>> [r.id for r in iter_regions(net, batch_size=1)] == [r.id for r in regions(net)]
    True
    """
    from reluexact.regions.streaming import BATCH, iter_batches

    check_budget(max_regions, time_limit)
    if max_memory is not None:
        check_budget(max_memory, names=("max_memory", "time_limit"))
    arr = arrangement(net, domain=domain)
    for batch in iter_batches(
        arr,
        max_regions=max_regions,
        time_limit=time_limit,
        progress=progress,
        max_memory=max_memory,
        method=method,
        batch_size=BATCH if batch_size is None else batch_size,
    ):
        yield from batch.regions(net)


def n_regions(net: TwoLayerReLU, *, domain: DomainLike = None) -> int:
    """The number of linear regions (exact).

    Examples
    --------
    >>> n_regions(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0]))
    7
    >>> n_regions(TwoLayerReLU([[1], [1]], ["-1/2", -2], [[1, 1]], [0]), domain=(0, 1))  # x = 2 misses [0, 1]
    2
    """
    return len(regions(net, domain=domain, progress=False))
