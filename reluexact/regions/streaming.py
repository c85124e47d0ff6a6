"""Streaming enumeration: certified regions handed out in batches while the engine runs.

:func:`~reluexact.regions.enumeration.regions` builds one :class:`~reluexact.regions.types.RegionsResult`
at the end; the functions here hand the engine's output out as it comes instead, in
:class:`RegionBatch` objects of a few thousand regions, each certified exactly before it is
handed out (the same vectorised integer check as :func:`~reluexact.regions.enumeration.certify_raw`:
every region point strictly on its side of every plane, every facet point exactly on its plane
and strictly off every other one, and the two ends of every edge differing in exactly the
crossed hyperplane's group). The planar path (d = 2) and the general-position sweep are
certified whole by their own exact checks, as :func:`~reluexact.regions.enumeration.regions`
certifies them (:func:`~reluexact.regions.planar.planar_certified`), before the first batch.

* Order and ids. The lattice engine walks the hyperplanes in increasing order; once it moves
  to the next hyperplane every region met so far has its final interior point, so the regions
  found so far are handed out then. Region ids are their order of discovery, the ids of
  ``regions(net, method="lattice")`` (and of the planar path at d = 2, which gives the
  lattice's result): same id, pattern and point for every region. An edge is handed out
  with (or after) the batch holding both its ends, in the order of ``result.edges``; a facet on
  the domain boundary likewise. The facet walk (``method="walk"``) has its own order: its
  result is computed whole and then handed out in batches. The general-position sweep
  (:mod:`reluexact.regions.sweep`) hands out its regions (ids as ``regions(net)`` with the
  sweep), then its edges chunk by chunk as their facet points are certified
  (:func:`~reluexact.regions.sweep.sweep_edges`).
* Facets. A region's facets lie on hyperplanes walked after it was found, so a streamed region
  has none yet (``facets=None``): they are the edges and sides streamed after it (the
  JSON Lines and Parquet readers of :mod:`reluexact.interop.regions_stream` rebuild each
  region's facet list from them, in the order :func:`regions` lists them).
* Memory. Nothing handed out is kept: the engine's table of found regions keeps only each
  region's sign mask and id (its point is dropped once handed out), the facet records are
  dropped once certified and handed out.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions.arrangements import arrangement
>>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0])
>>> batches = []
>>> summary = stream_arrangement(arrangement(net), batches.append, batch_size=2, method="lattice")
>>> summary
StreamSummary(7 regions, 9 edges, complete)
>>> [len(b) for b in batches], sum(len(b.edges) for b in batches)
([2, 2, 2, 0, 1, 0], 9)
>>> batches[0].regions(net)[0].pattern
'100'
"""

from __future__ import annotations

import contextlib
import dataclasses
import operator
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from reluexact.errors import CertificationError
from reluexact.model import TwoLayerReLU
from reluexact.regions._engine import Engine, FacetLog, gc_paused
from reluexact.regions.affine import AffineRow, affine_constants, affine_integers
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.certify import SignChecker
from reluexact.regions.enumeration import patterns_of, run_engine
from reluexact.regions.types import Region, RegionsCertificate, RegionsResult

if TYPE_CHECKING:
    from reluexact.regions.sweep import SweptRegions

__all__ = [
    "BATCH",
    "PLANAR_MAX",
    "RegionBatch",
    "StreamSummary",
    "iter_batches",
    "result_batches",
    "stream_arrangement",
]

#: Regions a batch (edges and sides: up to four times as many records).
BATCH = 4096
#: Above this bound on the regions (1 + G + C(G, 2) for G lines) the planar path, which holds its
#: whole raw result, gives way to the lattice engine streaming in d = 2 as well.
PLANAR_MAX = 250_000


@dataclass(frozen=True, slots=True)
class RegionBatch:
    """Certified regions ``start .. start + len - 1`` and the facets handed out with them.

    Attributes
    ----------
    start : int
        Id of the batch's first region (ids are consecutive).
    patterns : tuple of str
        Activation patterns ('0'/'1' per unit).
    points : tuple of tuple
        Exact interior points (python-flint ``fmpq`` coordinates).
    edges : tuple of (int, int, int, tuple)
        ``(a, b, group, point)``: regions ``a`` and ``b`` (ids, possibly of earlier batches)
        share a facet on hyperplane group ``group`` (``b`` on its positive side) with
        relative-interior point ``point``, as :class:`~reluexact.regions.types.Edge` has them.
    sides : tuple of (int, int, tuple)
        ``(region, side, point)``: a facet of ``region`` on the domain's side ``side`` (an
        index into ``arrangement.sides``).
    """

    start: int
    patterns: tuple[str, ...]
    points: tuple[tuple[Any, ...], ...]
    edges: tuple[tuple[int, int, int, tuple[Any, ...]], ...]
    sides: tuple[tuple[int, int, tuple[Any, ...]], ...]

    def __len__(self) -> int:
        return len(self.patterns)

    def regions(self, net: TwoLayerReLU, *, complete: bool = False) -> list[Region]:
        """The batch's regions as :class:`Region` objects (``facets`` None: they come as edges and sides).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> batch = RegionBatch(0, ("1",), ((1,),), (), ())
        >>> batch.regions(TwoLayerReLU([[1]], [0], [[2]], [0]))[0].gradient
        ((Fraction(2, 1),),)
        """
        rows, aff = affine_integers(net, self.patterns)
        const = affine_constants(net, aff.L)
        m, d = net.output_dim, net.input_dim
        return [
            Region(self.start + k, p, pt, None, complete, (), (), (), AffineRow(rows[k], aff.L, const, m, d))
            for k, (p, pt) in enumerate(zip(self.patterns, self.points, strict=True))
        ]


@dataclass(frozen=True, slots=True)
class StreamSummary:
    """What a stream handed out: counts, whether it is complete, and what was certified."""

    arrangement: Arrangement
    regions: int
    edges: int
    sides: int
    complete: bool
    certificate: RegionsCertificate

    def __repr__(self) -> str:
        state = "complete" if self.complete else "PARTIAL"
        return f"StreamSummary({self.regions} regions, {self.edges} edges, {state})"


class _Emitter:
    """Hands out the engine's found regions and facet records in certified batches."""

    def __init__(
        self,
        arr: Arrangement,
        engine: Engine,
        found: dict[int, Any],
        log: FacetLog,
        on_batch: Callable[[RegionBatch], None],
        max_regions: int | None,
        batch_size: int,
        *,
        certify: bool = True,
    ) -> None:
        self.arr = arr
        self.engine = engine
        self.found = found
        self.log = log
        self.on_batch = on_batch
        self.max_regions = max_regions
        self.batch_size = max(1, batch_size)
        self.certify = certify
        self.emitted = 0
        self.edges = 0
        self.sides = 0
        self.n_checks = 0
        self.n_exact = 0
        G = engine.G
        self.group_mask = (1 << G) - 1
        self.side_bits = ((1 << engine.P) - 1) ^ self.group_mask

    def due(self) -> bool:
        records = len(self.log.edges) + len(self.log.sides)
        return len(self.found) - self.emitted >= self.batch_size or records >= 4 * self.batch_size

    def flush(self) -> None:
        """Hand out every final region not handed out yet, then the facet records (in batches)."""
        found = self.found
        stop = len(found) if self.max_regions is None else min(len(found), self.max_regions)
        while self.emitted < stop:
            hi = min(stop, self.emitted + self.batch_size)
            self._regions(list(islice(found.items(), self.emitted, hi)))
        edges, sides = self.log.edges, self.log.sides
        step = 4 * self.batch_size
        while edges or sides:
            part_e, part_s = edges[:step], sides[: max(0, step - len(edges))]
            del edges[: len(part_e)]
            del sides[: len(part_s)]
            self._facets(part_e, part_s)

    def _check(self, checker: SignChecker) -> None:
        if self.certify:
            checker.run()
            self.n_checks += checker.n_checks
            self.n_exact += checker.n_exact

    def _regions(self, items: list[tuple[int, Any]]) -> None:
        start = self.emitted
        found = self.found
        checker = SignChecker(self.engine)
        checker.points = [pt for _, pt in items]
        checker.pos = [pos | self.side_bits for pos, _ in items]
        checker.zero = [0] * len(items)
        self._check(checker)
        for k, (pos, _) in enumerate(items):
            found[pos] = start + k  # the point is handed out: keep only the id (the engine reads the keys)
        self.emitted = start + len(items)
        patterns = patterns_of(self.arr, [pos for pos, _ in items])
        self.on_batch(RegionBatch(start, tuple(patterns), tuple(pt for _, pt in items), (), ()))

    def _facets(
        self, edges_raw: list[tuple[int, int, int, tuple[Any, ...], int]], sides_raw: list[tuple[int, int, Any, int]]
    ) -> None:
        found = self.found
        side_bits, group_mask = self.side_bits, self.group_mask
        checker = SignChecker(self.engine)
        edges: list[tuple[int, int, int, tuple[Any, ...]]] = []
        sides: list[tuple[int, int, tuple[Any, ...]]] = []
        for g, a, b, q, newz in edges_raw:
            ia, ib = found.get(a), found.get(b)
            if type(ia) is not int or type(ib) is not int:
                continue  # an end beyond max_regions
            if (a ^ b) & group_mask != 1 << g or not (b >> g) & 1:
                raise CertificationError(
                    f"edge {ia}-{ib}: the ends' signs do not differ in exactly hyperplane group {g} "
                    "(please report this with the model)"
                )
            checker.add(q, (a | side_bits) & ~newz, newz)
            edges.append((ia, ib, g, q))
        G = self.engine.G
        for s, a, q, newz in sides_raw:
            ia = found.get(a)
            if type(ia) is not int:
                continue
            checker.add(q, (a | side_bits) & ~newz, newz)
            sides.append((ia, s - G, q))
        self._check(checker)
        self.edges += len(edges)
        self.sides += len(sides)
        if edges or sides:
            self.on_batch(RegionBatch(self.emitted, (), (), tuple(edges), tuple(sides)))

    def summary(self, complete: bool, method: str, start: float, certified: RegionsCertificate | None) -> StreamSummary:
        e = self.engine
        cert = certified or RegionsCertificate(
            regions=self.emitted,
            facets=self.edges + self.sides,
            sign_checks=self.n_checks,
            exact_sign_checks=self.n_exact + e.exact_evaluations,
            lp_calls=e.lp_calls,
            method=method,
            seconds=time.monotonic() - start,
        )
        return StreamSummary(self.arr, self.emitted, self.edges, self.sides, complete, cert)


def stream_arrangement(
    arr: Arrangement,
    on_batch: Callable[[RegionBatch], None],
    *,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = False,
    max_memory: int | None = None,
    method: str = "auto",
    batch_size: int = BATCH,
) -> StreamSummary:
    """Enumerate ``arr``'s regions, calling ``on_batch`` with each certified :class:`RegionBatch` as it comes.

    Options as :func:`~reluexact.regions.enumeration.regions`; ``batch_size`` regions a batch
    (the last of a run may be smaller; batches of facet records alone have no regions). The
    lattice engine hands batches out while it runs (module docstring); ``"auto"`` at d = 2
    without a budget runs the planar path (its result whole, then handed out) unless its lines
    may make more than :data:`PLANAR_MAX` regions; ``"walk"``
    (or ``"auto"`` choosing it) the facet walk, likewise. An exception raised by ``on_batch``
    stops the run and propagates.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> seen = []
    >>> stream_arrangement(arrangement(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])), seen.append)
    StreamSummary(3 regions, 2 edges, complete)
    >>> [(b.start, b.patterns, len(b.edges)) for b in seen]
    [(0, ('10', '00', '11'), 0), (3, (), 2)]
    """
    from reluexact.regions.facet_walk import choose_method, walk_arrangement
    from reluexact.regions.sweep import try_sweep, try_sweep_regions

    start = time.monotonic()
    given = max_regions is not None or time_limit is not None or max_memory is not None
    with gc_paused():
        regions_swept = try_sweep_regions(arr, method, budgets=given, progress=progress)
        if regions_swept is not None:  # the regions whole, then the edges chunk by chunk
            return _stream_sweep(regions_swept, on_batch, batch_size, progress)
    swept = try_sweep(arr, method, budgets=given, progress=progress) if arr.sides else None
    if swept is not None:  # computed whole, then handed out
        return result_batches(swept, on_batch, batch_size=batch_size)
    chosen = choose_method(arr, "walk" if method == "sweep" else method)
    if chosen == "walk":
        result = walk_arrangement(
            arr, max_regions=max_regions, time_limit=time_limit, progress=progress, max_memory=max_memory
        )
        return result_batches(result, on_batch, batch_size=batch_size)
    budgets = max_regions is None and time_limit is None and max_memory is None
    G = len(arr.groups)
    if method == "auto" and arr.dimension == 2 and budgets and 1 + G + G * (G - 1) // 2 <= PLANAR_MAX:
        from reluexact.regions.planar import planar_certified

        got = planar_certified(arr)
        if got is not None:  # certified whole as regions() certifies it (else by the emitter's checker)
            raw, cert = got
            log = FacetLog()
            log.edges, log.sides = raw.edges, raw.sides
            emitter = _Emitter(arr, raw.engine, raw.found, log, on_batch, None, batch_size, certify=cert is None)
            emitter.flush()
            if cert is not None:
                cert = dataclasses.replace(cert, seconds=time.monotonic() - start)
            return emitter.summary(True, "planar", start, cert)
    holder: list[_Emitter] = []

    def on_plane(engine: Engine, found: dict[int, Any], log: FacetLog) -> None:
        if not holder:
            holder.append(_Emitter(arr, engine, found, log, on_batch, max_regions, batch_size))
        if holder[0].due():
            holder[0].flush()

    raw = run_engine(
        arr,
        max_regions=max_regions,
        time_limit=time_limit,
        progress=progress,
        max_memory=max_memory,
        on_plane=on_plane,
    )
    emitter = holder[0] if holder else _Emitter(arr, raw.engine, raw.found, FacetLog(), on_batch, max_regions, 1)
    emitter.log.edges, emitter.log.sides = raw.edges, raw.sides  # the same lists (or the first ones, if no plane)
    emitter.flush()
    return emitter.summary(raw.complete, "recursive-restriction", raw.start, None)


def _stream_sweep(
    swept: SweptRegions, on_batch: Callable[[RegionBatch], None], batch_size: int, progress: Any
) -> StreamSummary:
    """Hand a sweep's regions out, then its edges as each chunk's facet points are certified.

    Everything was (or is, chunk by chunk) certified by the sweep itself, so the emitter does
    not check again; only one chunk of facet points is held at a time.
    """
    from reluexact.regions.sweep import sweep_edges

    found = dict(zip(swept.masks, swept.points, strict=True))
    emitter = _Emitter(swept.arrangement, swept.engine, found, FacetLog(), on_batch, None, batch_size, certify=False)
    emitter.flush()
    checks = exact = facets = 0
    for chunk in sweep_edges(swept, progress=progress):
        facets += len(chunk.records)
        emitter.log.edges = chunk.records  # flush empties the list as it hands the records out
        emitter.flush()
        checks += chunk.sign_checks
        exact += chunk.exact_sign_checks
    cert = swept.certificate(facets, checks, exact)
    return emitter.summary(True, cert.method, swept.start, cert)


def result_batches(
    result: RegionsResult, on_batch: Callable[[RegionBatch], None], *, batch_size: int = BATCH
) -> StreamSummary:
    """Hand an already certified result out as :class:`RegionBatch` objects (regions first, then facets).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> seen = []
    >>> result_batches(regions(TwoLayerReLU([[1]], [0], [[1]], [0]), domain="-1,1"), seen.append)
    StreamSummary(2 regions, 1 edges, complete)
    >>> seen[1].sides
    ((0, 1, (1,)), (1, 0, (-1,)))
    """
    step = max(1, batch_size)
    cols = result.columns
    R = len(result.regions)
    sides: list[tuple[int, int, tuple[Any, ...]]]
    if cols is not None:  # the certified columns: no Region object is built
        pats, pts = cols.patterns, cols.points
        for lo in range(0, R, step):
            part = range(lo, min(R, lo + step))
            on_batch(RegionBatch(lo, tuple(pats[lo : lo + step]), tuple(pts[k] for k in part), (), ()))
        sides = sorted(cols.sides, key=operator.itemgetter(0))  # stable: each region's facet order
        qs = cols.edge_points
        edges = [
            (a, b, g, qs[e]) for e, (a, b, g) in enumerate(zip(cols.edge_a, cols.edge_b, cols.edge_groups, strict=True))
        ]
    else:
        regs = result.regions
        for lo in range(0, R, step):
            chunk = regs[lo : lo + step]
            on_batch(RegionBatch(lo, tuple(r.pattern for r in chunk), tuple(r.flint_point for r in chunk), (), ()))
        side_index = {h.label: j for j, h in enumerate(result.arrangement.sides)}
        sides = [
            (r.id, side_index[f.label], f.flint_point or ()) for r in regs for f in r.facets or () if f.kind == "side"
        ]
        edges = [(e.a, e.b, e.group, e.flint_point or ()) for e in result.edges]
    big = 4 * step
    for lo in range(0, max(len(edges), len(sides)), big):
        on_batch(RegionBatch(R, (), (), tuple(edges[lo : lo + big]), tuple(sides[lo : lo + big])))
    return StreamSummary(result.arrangement, R, len(edges), len(sides), result.complete, result.certificate)


class _Cancelled(Exception):
    pass


def iter_batches(
    arr: Arrangement,
    *,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = False,
    max_memory: int | None = None,
    method: str = "auto",
    batch_size: int = BATCH,
    summary: list[StreamSummary] | None = None,
) -> Iterator[RegionBatch]:
    """The batches of :func:`stream_arrangement` as a generator (the engine runs in a thread).

    The engine waits while two batches are not taken yet; closing the generator early stops
    it. ``summary`` (a list) gets the :class:`StreamSummary` appended once the stream ends.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> done = []
    >>> arr = arrangement(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]))
    >>> [len(b) for b in iter_batches(arr, batch_size=1, method="lattice", summary=done)], done
    ([1, 1, 1, 1, 0, 0], [StreamSummary(4 regions, 4 edges, complete)])
    """
    handoff: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=2)
    cancel = threading.Event()

    def put(item: tuple[str, Any]) -> None:
        while True:
            if cancel.is_set():
                raise _Cancelled
            try:
                handoff.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            done = stream_arrangement(
                arr,
                lambda batch: put(("batch", batch)),
                max_regions=max_regions,
                time_limit=time_limit,
                progress=progress,
                max_memory=max_memory,
                method=method,
                batch_size=batch_size,
            )
            put(("end", done))
        except _Cancelled:
            pass
        except BaseException as error:  # handed to the consumer, raised there
            with contextlib.suppress(_Cancelled):
                put(("error", error))

    thread = threading.Thread(target=work, name="reluexact-regions", daemon=True)
    thread.start()
    try:
        while True:
            try:
                kind, value = handoff.get(timeout=0.1)
            except queue.Empty:
                if not thread.is_alive() and handoff.empty():  # pragma: no cover - the worker always reports
                    raise RuntimeError("the enumeration thread ended without a result") from None
                continue
            if kind == "batch":
                yield value
            elif kind == "end":
                if summary is not None:
                    summary.append(value)
                return
            else:
                raise value
    finally:
        cancel.set()
        thread.join()
