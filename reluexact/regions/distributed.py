"""Region enumeration on a Dask cluster: the distributed sweep in R^d, else a split by the net's own hyperplanes.

The distributed sweep (all of R^d, d >= 3, the default there; ``split="sweep"`` / ``"cells"``
choose). The serial general-position sweep (:mod:`reluexact.regions.sweep`) in tasks: phase 1,
each task a slice of every level's subsets, proposes region points (floats) and certifies their
signs exactly; the driver merges them by sign mask. Exactly ``sum_k C(n, k)`` distinct certified
regions (Buck's count) prove completeness and general position at once (no arrangement of n
distinct hyperplanes in R^d has more regions, and only one in general position has that many);
short of it, the exact general-position check runs in slices, and either more attempts (other
coordinates) or the cell split follow. Phase 2, each task a slice of the hyperplanes: the
Hamming-1 pairs of the regions across its planes (each is an edge) and their certified facet
points. The driver checks the facet count and keeps the tasks' columns as they came, numbered
canonically: masks as ints, ids as int64 arrays, exact points as
:class:`~reluexact.regions.store.RationalRows` (int64 numerators over one denominator a row; a
wide row apart). It decodes no point and builds no object: the result is
:func:`~reluexact.regions.columns.result_from_columns` of them, its regions, facets and edges
built when read.

The cell split (boxes and polytopes, degenerate arrangements, ``split="cells"``). Choose a few
of the net's hyperplanes H_g = {n_g . x + o_g = 0} and cut the domain D by them, one after the
other (a binary space partition): each leaf is a polytope
``D ∩ {s_1 (n_g1 . x + o_g1) >= 0} ∩ ...``. No region crosses a hyperplane of the net, so every
region lies in exactly one leaf, whole: the regions of the net inside a leaf (enumerated with the
leaf as a :class:`~reluexact.domain.Polytope` domain, its cuts as sides) are exactly the regions
of the whole run with that sign prefix, with the same patterns, affine maps and facets, except
that a facet on a cut is reported as a side of the leaf. Each task runs the serial engine
(:func:`~reluexact.regions.enumeration.enumerate_arrangement`) on one leaf and certifies its
regions and facets there, in exact arithmetic, against every hyperplane and every side of the
leaf (so also against D's sides).

The driver does not repeat that certification. It checks, cheaply and exactly:

* every task completed and reported the leaf it was given, each leaf once (the cover: the
  leaves partition D by construction; a leaf is kept only when it has an interior, an exact LP);
* every region's signs on the leaf's cuts are the leaf's (so no region is counted twice);
* the pairing: a facet of region R on a cut H_g is a facet of the region R' whose pattern is R's
  with the units of H_g flipped, found in the leaf across H_g, which reports the same facet from
  its side. Such a pair is an edge of the whole result; its point is the certified facet point
  from the negative side (on H_g exactly, strictly off every other hyperplane and side).

Then the regions are numbered by pattern (sorted) and the result is assembled without the sign
checks (:func:`~reluexact.regions.enumeration.assemble` with ``certified=``). The regions, their
facets (labels, units, neighbours), affine maps and the edges are those of
:func:`~reluexact.regions.regions` on the whole domain, region for region and edge for edge,
after :func:`canonical` numbers the serial result by pattern too; the certified interior and facet
points may differ (any point inside will do; each is checked exactly).

Choosing the cuts. Floats only estimate where the regions are: a sample of the arrangement's
vertices (intersections of d random hyperplanes, solved in floats; inside D), whose number in a
leaf estimates its regions. The leaf with the largest sample is split again, by the hyperplane
that divides its sample most evenly, until there are ``tasks`` leaves. Bad estimates cost speed,
never exactness. With ``max_task_regions``, a task that finds more regions than that stops, and
the driver cuts its cell in two the same way and submits both halves (the leaves actually run are
the cover the driver checks).

A task returns its part in columns (masks, patterns, and the exact points as integer arrays), a
cheap pickle; the driver decodes each part as it arrives.

Output. :func:`write_regions_dataset` has each task write its own partition (JSON Lines, or
Parquet with pyarrow) into a folder, atomically; the driver writes ``manifest.json`` with the
counts and the certificate summary and never holds the regions (a part is named by its leaf, so
a task Dask re-runs after a lost worker replaces its part: nothing lost or duplicated).

Needs the ``[dist]`` extra (``dask[distributed]``) for a cluster; ``client="serial"`` runs the
same tasks in this process.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])
>>> split = regions_distributed(net, tasks=4, client="serial")
>>> len(split), len(split.edges), split.certificate.method
(7, 9, 'dask-cells(4 cells)')
>>> [r.pattern for r in canonical(regions(net))] == [r.pattern for r in split]
True
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import operator
import os
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from reluexact.atomic import staged_output, write_text_atomic
from reluexact.domain import Domain, DomainLike, Polytope, as_domain, halfspaces
from reluexact.errors import CertificationError, DomainError, InvalidArgument, MissingDependencyError, ReluexactError
from reluexact.lp import strict_feasibility
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction
from reluexact.regions._engine import Engine
from reluexact.regions.affine import affine_integers
from reluexact.regions.arrangements import Arrangement, arrangement
from reluexact.regions.columns import ResultColumns, result_from_columns
from reluexact.regions.enumeration import (
    RawEnumeration,
    assemble,
    certify_raw,
    gc_paused,
    pattern_order,
    patterns_of,
    run_engine,
)
from reluexact.regions.location import locate, merge_located
from reluexact.regions.store import RationalRows
from reluexact.regions.sweep import (
    ATTEMPTS,
    EDGE_CHUNK,
    EdgeRecords,
    certified_proposals,
    edge_records,
    general_position_counts,
    general_position_failure,
    pair_array,
)
from reluexact.regions.types import Edge, Facet, LocateResult, RegionsCertificate, RegionsResult

__all__ = [
    "SPLITS",
    "Cell",
    "CellTaskError",
    "DatasetManifest",
    "canonical",
    "cell_arrangement",
    "cell_domain",
    "dask_client",
    "local_cluster",
    "locate_distributed",
    "map_batches",
    "plan_cells",
    "read_regions_dataset",
    "region_records",
    "regions_distributed",
    "write_regions_dataset",
]

MANIFEST = "manifest.json"


class CellTaskError(ReluexactError, RuntimeError):
    """A task of a distributed run failed: the message names the cell and the model to reproduce it.

    ``cell`` is the :class:`Cell`, ``domain`` the cell as a Polytope; ``regions(net, domain=domain)``
    runs the same enumeration in one process.
    """

    def __init__(self, message: str, *, cell: Cell | None = None, domain: Domain | None = None) -> None:
        super().__init__(message)
        self.cell = cell
        self.domain = domain


@dataclass(frozen=True, slots=True)
class Cell:
    """One leaf of the split: ``D ∩ {s (normal_g . x + offset_g) >= 0 for (g, s) in cuts}``.

    Attributes
    ----------
    index : int
        The task's number (parts are named by it).
    cuts : tuple of (group, sign)
        Hyperplane groups of the arrangement (indices into ``Arrangement.groups``), sign +1 or -1.
    estimate : int
        Sample vertices inside (a float estimate of its work; 0 when not estimated).
    """

    index: int
    cuts: tuple[tuple[int, int], ...]
    estimate: int = 0


def cell_domain(arr: Arrangement, cuts: Sequence[tuple[int, int]]) -> Domain:
    """The leaf ``D ∩ cuts`` as a :class:`~reluexact.domain.Polytope` (D itself without cuts).

    The cut on group g with sign s is labelled ``"cut:<g>:+"`` or ``"cut:<g>:-"``; D's sides keep
    their labels.

    Raises
    ------
    DomainError
        When the leaf has no interior (checked by an exact LP).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> arr = arrangement(TwoLayerReLU([[1, 1]], [-1], [[1]], [0]), domain="0,1;0,1")
    >>> cell_domain(arr, [(0, -1)]).labels
    ('box:0:lo', 'box:0:hi', 'box:1:lo', 'box:1:hi', 'cut:0:-')
    """
    if not cuts:
        return arr.domain
    rows: list[list[int]] = [list(h.normal) for h in arr.sides]
    offs: list[int] = [h.offset for h in arr.sides]
    labels = [h.label for h in arr.sides]
    for g, s in cuts:
        grp = arr.groups[g]
        rows.append([s * v for v in grp.normal])
        offs.append(s * grp.offset)
        labels.append(f"cut:{g}:{'+' if s > 0 else '-'}")
    return Polytope(rows, offs, labels)


# --------------------------------------------------------------------------------------
# choosing the cuts (floats estimate only)


def _float_rows(rows: Sequence[tuple[Sequence[int], int]]) -> tuple[np.ndarray, np.ndarray]:
    """Integer rows ``normal . x + offset`` as floats, each scaled by its largest entry (no overflow)."""
    if not rows:
        return np.zeros((0, 0)), np.zeros(0)
    out = []
    for normal, offset in rows:
        big = max(1, max(abs(v) for v in (*normal, offset)))
        out.append([float(Fraction(v, big)) for v in (*normal, offset)])
    M = np.array(out)
    return M[:, :-1], M[:, -1]


def _solve_subsets(N: np.ndarray, o: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """The points where ``size`` random d-subsets of the rows ``N x + o = 0`` meet (floats; singular ones dropped)."""
    G, d = N.shape
    idx = np.argsort(rng.random((size, G)), axis=1)[:, :d]  # d distinct rows per sample
    M = N[idx]
    with np.errstate(all="ignore"):
        det = np.linalg.det(M)
        ok = np.abs(det) > 1e-12 * np.maximum(1.0, np.abs(M).reshape(size, -1).max(axis=1)) ** d
        if not ok.any():
            return np.zeros((0, d))
        X = np.linalg.solve(M[ok], -o[idx[ok]][..., None])[..., 0]
    return X[np.isfinite(X).all(axis=1)]


def _inside(S: np.ndarray, so: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Which float points satisfy ``S x + so >= 0`` (up to rounding)."""
    scale = np.abs(S).sum(axis=1)[:, None] * (np.abs(X).max(axis=1)[None, :] + 1)
    return np.asarray(((S @ X.T + so[:, None]) >= -1e-9 * scale).all(axis=0))


def _domain_sample(arr: Arrangement, size: int, rng: np.random.Generator) -> np.ndarray:
    """About ``size`` random points of a bounded D (floats): uniform in the box around D's vertices, kept inside D.

    Empty for an unbounded D (no vertices) or R^d.
    """
    d = arr.dimension
    if len(arr.sides) < d + 1:
        return np.zeros((0, d))
    S, so = _float_rows([(h.normal, h.offset) for h in arr.sides])
    V = _solve_subsets(S, so, 4 * size, rng)
    V = V[_inside(S, so, V)] if len(V) else V
    if len(V) == 0:
        return np.zeros((0, d))
    lo, hi = V.min(axis=0), V.max(axis=0)
    U = rng.uniform(lo, hi, size=(size, d))
    U = U[_inside(S, so, U)]
    if len(U) < size // 4:  # a thin D in its bounding box: convex combinations of its vertices instead
        U = rng.dirichlet(np.full(len(V), 0.2), size=size) @ V
    return np.asarray(U)


def _vertex_sample(arr: Arrangement, size: int, seed: int) -> np.ndarray:
    """Up to ``size`` vertices of the arrangement inside D (floats; for estimates only).

    When fewer than a quarter of them fall inside a bounded D (a small box: at d = 6 n = 64 on
    [-3/20, 3/20]^6 none of 2000 does), random points of D are added: where every hyperplane
    that meets D crosses it, the regions of a cell go with its volume.
    """
    d = arr.dimension
    G = len(arr.groups)
    rng = np.random.default_rng(seed)
    if d > G:
        return _domain_sample(arr, size, rng)
    N, o = _float_rows([(g.normal, g.offset) for g in arr.groups])
    X = _solve_subsets(N, o, size, rng)
    if arr.sides and len(X):
        S, so = _float_rows([(h.normal, h.offset) for h in arr.sides])
        X = X[_inside(S, so, X)]
    if arr.sides and len(X) < size // 4:
        X = np.concatenate([X, _domain_sample(arr, size, rng)])
    return X


def plan_cells(
    arr: Arrangement,
    tasks: int,
    *,
    sample: int | None = None,
    seed: int = 0,
    within: Sequence[tuple[int, int]] = (),
    first_index: int = 0,
) -> tuple[Cell, ...]:
    """Split D by the net's hyperplanes into about ``tasks`` leaves of balanced estimated work.

    Greedy: the leaf with the most sample vertices is cut by the hyperplane that divides them most
    evenly (among those whose two sides both have an interior in the leaf, checked exactly), until
    ``tasks`` leaves or no leaf can be cut. ``within`` splits the leaf with those cuts instead of D
    (a re-split of a task that turned out too big); the leaves are numbered from ``first_index``.
    ``sample`` sample points (vertices of the arrangement in D, or points of a small bounded D)
    estimate the work; the default, ``max(2000, 64 * tasks)``, leaves about 64 to a leaf.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> arr = arrangement(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0]))
    >>> [c.cuts for c in plan_cells(arr, 2)]
    [((2, 1),), ((2, -1),)]
    """
    if isinstance(tasks, bool) or not isinstance(tasks, int) or tasks < 1:
        raise InvalidArgument(f"tasks must be a positive int, got {tasks!r}")
    if sample is None:  # about 64 sample points a leaf at least, so that small leaves are still told apart
        sample = max(2000, 64 * tasks)
    X = _vertex_sample(arr, sample, seed) if tasks > 1 else np.zeros((0, arr.dimension))
    G = len(arr.groups)
    if G:
        N, o = _float_rows([(g.normal, g.offset) for g in arr.groups])
        V = N @ X.T + o[:, None] if len(X) else np.zeros((G, 0))
    else:
        V = np.zeros((0, 0))
    Sg = np.where(V >= 0, 1, -1).astype(np.int64)
    start = np.arange(len(X))
    for g, sg in within:
        start = start[Sg[g, start] == sg]
    leaves: list[tuple[tuple[tuple[int, int], ...], np.ndarray]] = [(tuple(within), start)]
    stuck: set[tuple[tuple[int, int], ...]] = set()
    while len(leaves) < tasks:
        open_leaves = [k for k, (c, idx) in enumerate(leaves) if c not in stuck and len(c) < G]
        if not open_leaves:
            break
        # the most sample vertices first; among equals (few vertices, small nets) the fewest cuts
        k = max(open_leaves, key=lambda j: (len(leaves[j][1]), -len(leaves[j][0])))
        cuts, idx = leaves[k]
        used = {g for g, _ in cuts}
        balance = np.abs(Sg[:, idx].sum(axis=1))
        order = [int(g) for g in np.argsort(balance, kind="stable") if int(g) not in used]
        split = None
        for g in order[:8]:
            try:
                cell_domain(arr, (*cuts, (g, 1)))
                cell_domain(arr, (*cuts, (g, -1)))
            except DomainError:
                continue
            split = g
            break
        if split is None:
            stuck.add(cuts)
            continue
        plus = idx[Sg[split, idx] > 0]
        minus = idx[Sg[split, idx] < 0]
        leaves[k : k + 1] = [((*cuts, (split, 1)), plus), ((*cuts, (split, -1)), minus)]
    return tuple(Cell(first_index + i, cuts, len(idx)) for i, (cuts, idx) in enumerate(leaves))


# --------------------------------------------------------------------------------------
# one task


def _group_masks(arr: Arrangement, patterns: list[str]) -> list[int]:
    """Each region's sign mask over the hyperplane groups (bit g set: positive side), vectorised."""
    G = len(arr.groups)
    n = arr.network.n_hidden
    if not patterns or G == 0:
        return [0] * len(patterns)
    P = np.frombuffer("".join(patterns).encode("ascii"), dtype=np.uint8).reshape(len(patterns), n) == ord("1")
    reps = [grp.units[0] for grp in arr.groups]
    bits = P[:, [i for i, _ in reps]] ^ np.array([s < 0 for _, s in reps])[None, :]
    packed = np.packbits(bits, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


def _describe(net: TwoLayerReLU, cell: Cell, domain: Domain | None) -> str:
    def vec(v: Sequence[Fraction]) -> str:
        return "[" + ",".join(format_fraction(x) for x in v) + "]"

    weights = f"W={[vec(r) for r in net.hidden_weights]} b={vec(net.hidden_bias)}"
    if len(weights) > 400:
        weights = weights[:397] + "..."
    sides = ""
    if isinstance(domain, Polytope):
        sides = " sides " + "; ".join(
            f"{lab}: {vec(a)} . x + {format_fraction(b)} >= 0"
            for a, b, lab in zip(domain.A, domain.b, domain.labels, strict=True)
        )
        if len(sides) > 600:
            sides = sides[:597] + "..."
    return (
        f"cell {cell.index} (cuts {list(cell.cuts)}{sides}) of the model d={net.input_dim} n={net.n_hidden} ({weights})"
    )


def _constant_sign(sides: list[tuple[list[int], int]], normal: tuple[int, ...], offset: int) -> int | None:
    """The sign of ``normal . x + offset`` on the leaf's interior when constant, else None (exact LPs).

    When ``{sides > 0, s h > 0}`` has no point (a Gordan certificate, checked exactly), ``s h <= 0``
    on the leaf; a non-constant affine ``h`` that vanished at an interior point would take both
    signs nearby, so ``h`` has the sign ``-s`` on the whole open leaf.
    """
    rows = [a for a, _ in sides]
    offs = [b for _, b in sides]
    for s in (1, -1):
        feas = strict_feasibility([*rows, [s * v for v in normal]], [*offs, s * offset], method="simplex")
        if feas.point is None:
            return -s
    return None


def cell_arrangement(whole: Arrangement, cell: Cell) -> tuple[Arrangement, tuple[int, ...]]:
    """The leaf's own arrangement: only the hyperplanes that cut its interior, and the map to ``whole``'s groups.

    Every other hyperplane (the cuts, and each one an exact LP shows has a constant sign on the
    open leaf, see :func:`cell_domain`) is dropped: its units become constant units of the leaf,
    active or dead as that sign says. The regions of the leaf's arrangement are those of the whole
    run inside the leaf, with the same patterns; only the hyperplanes that cut it cost work.

    Returns
    -------
    (Arrangement, tuple of int)
        The leaf's arrangement (its domain the leaf :class:`~reluexact.domain.Polytope`) and, per
        kept group, its index in ``whole.groups``.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> arr = arrangement(TwoLayerReLU([[1, 0], [1, 0], [0, 1]], [0, -2, 0], [[1, 1, 1]], [0]))
    >>> local, kept = cell_arrangement(arr, Cell(0, ((0, -1),)))   # x < 0: x = 2 misses it
    >>> kept, local.constant_units
    ((2,), ((0, False), (1, False)))
    """
    dom = cell_domain(whole, cell.cuts)
    sides = halfspaces(dom)
    rows = [(list(h.normal), h.offset) for h in sides]
    cut_sign = dict(cell.cuts)
    kept: list[int] = []
    const = list(whole.constant_units)
    for g, grp in enumerate(whole.groups):
        sign = cut_sign.get(g)
        if sign is None:
            sign = _constant_sign(rows, grp.normal, grp.offset)
        if sign is None:
            kept.append(g)
        else:
            const.extend((i, s * sign > 0) for i, s in grp.units)
    groups = tuple(whole.groups[g] for g in kept)
    return Arrangement(whole.network, dom, groups, tuple(sorted(const)), sides), tuple(kept)


def _run_cell(payload: dict[str, Any]) -> dict[str, Any]:
    """Enumerate and certify one leaf; return (or write) its part, in the whole run's numbering."""
    cpu = time.process_time()
    net: TwoLayerReLU = payload["net"]
    cell: Cell = payload["cell"]
    whole = arrangement(net, domain=payload["domain"])
    dom: Domain | None = None
    budget: int | None = payload.get("budget")
    try:
        # the cyclic collector paused for the whole task (enumeration, certification, packing): the task's
        # hundreds of thousands of points and facet records all stay alive until it returns
        with gc_paused():
            dom = cell_domain(whole, cell.cuts)
            local, kept = cell_arrangement(whole, cell)
            raw = run_engine(local, prune_flats=_prunes(whole, cell), max_regions=budget)
            cpu_engine = time.process_time()
            if not raw.complete:
                if budget is None:  # pragma: no cover - only a budget stops a task
                    raise CertificationError(f"cell {cell.index}: the enumeration did not complete")
                # too big: the driver splits this cell again (nothing of this attempt is kept)
                return {
                    "index": cell.index,
                    "cuts": cell.cuts,
                    "resplit": True,
                    "kept": len(kept),
                    "cpu": time.process_time() - cpu,
                }
            items = list(raw.found.items())
            ids = {pos: k for k, (pos, _) in enumerate(items)}
            checker = certify_raw(raw.engine, items, raw.edges, raw.sides, ids)
            cpu_certify = time.process_time()
            engine = raw.engine
            cert = RegionsCertificate(
                regions=len(items),
                facets=len(raw.edges) + len(raw.sides),
                sign_checks=checker.n_checks,
                exact_sign_checks=checker.n_exact + engine.exact_evaluations,
                lp_calls=engine.lp_calls + 2 * (len(whole.groups) - len(cell.cuts)),
                method="recursive-restriction",
                seconds=time.monotonic() - raw.start,
            )
            out = _part(whole, local, kept, cell, raw, items, cert)
            # the task's own CPU seconds, and how they split (bench/bench_dask.py)
            out["cpu"] = time.process_time() - cpu
            out["cpu_split"] = (cpu_engine - cpu, cpu_certify - cpu_engine, time.process_time() - cpu_certify)
            if payload.get("output") is not None:
                res = assemble(local, engine, raw.found, raw.edges, raw.sides, True, None, raw.start, certified=cert)
                return _write_part(whole, kept, cell, res, out, Path(payload["output"]), payload["format"])
            return out
    except Exception as error:
        raise CellTaskError(
            f"{_describe(net, cell, dom)} failed: {type(error).__name__}: {error}; reproduce with "
            "reluexact.regions.regions(net, domain=error.domain)",
            cell=cell,
            domain=dom,
        ) from error


def _prunes(whole: Arrangement, cell: Cell) -> bool:
    """Whether a task asks an exact LP, before walking each flat of dimension >= 2, if it meets the cell.

    At d <= 3 those flats are the whole space and the hyperplanes the cell's own arrangement keeps
    (each cuts the cell), so the LPs are pure cost (47 of them and 5-10 % of a half of R^3 or
    [-1,1]^3 at n = 48). At d >= 4 they pay in bounded cells ([-1,1]^4 n = 32: 1 cut, even; 2 cuts,
    7 % faster; much more on small boxes at d = 6) and in cells of >= d cuts; in a cell of R^d with
    fewer cuts no flat but a parallel one misses it (d = 4 n = 32, 1-2 cuts: none of 529 flats).
    """
    return whole.dimension >= 4 and (bool(whole.sides) or len(cell.cuts) >= whole.dimension)


def _pack(points: list[tuple[Any, ...]], d: int) -> tuple[list[int], list[int]]:
    """Exact points as two flat lists of Python ints (numerators, denominators, row by row): a cheap pickle.

    Lists of ints pickle in C; the driver rebuilds the ``fmpq`` values with :func:`_unpack`.
    (Integer arrays over one denominator per point cost 3x as much to build here.)
    """
    flat = list(itertools.chain.from_iterable(points))
    if len(flat) != d * len(points):
        raise CertificationError(f"a point of a part does not have {d} coordinates")
    return [int(v.p) for v in flat], [int(v.q) for v in flat]


def _unpack(packed: tuple[list[int], list[int]], d: int) -> list[tuple[Any, ...]]:
    """The points of :func:`_pack` as tuples of python-flint ``fmpq`` again (the same values)."""
    import flint

    nums, dens = packed
    values = iter(list(map(flint.fmpq, nums, dens)))
    return list(zip(*[values] * d, strict=True))


def _part(
    whole: Arrangement,
    local: Arrangement,
    kept: tuple[int, ...],
    cell: Cell,
    raw: RawEnumeration,
    items: list[tuple[int, tuple[Any, ...]]],
    cert: RegionsCertificate,
) -> dict[str, Any]:
    """A task's result, straight from the engine, in columns: regions (pattern, group mask, point), facets, cut facets.

    Regions come sorted by pattern. Masks and group indices are the whole run's (a local mask is
    mapped through the pattern); the points travel as flat integer lists (:func:`_pack`), decoded by
    :func:`_decode` in the driver.
    """
    d = whole.dimension
    local_masks = [pos for pos, _ in items]
    patterns = patterns_of(local, local_masks)
    # sorted by pattern here, in parallel: the driver merges the parts' sorted runs (the canonical numbering)
    order = sorted(range(len(items)), key=patterns.__getitem__)
    patterns = [patterns[k] for k in order]
    local_masks = [local_masks[k] for k in order]
    masks = _group_masks(whole, patterns)
    mask_of = dict(zip(local_masks, masks, strict=True))
    side_index = {h.label: k for k, h in enumerate(whole.sides)}
    Gl = len(local.groups)
    labels = [h.label for h in local.sides]
    sides: list[tuple[int, int]] = []
    side_points = []
    cut_facets: list[tuple[int, int]] = []
    cut_points = []
    for s, a, q, _ in raw.sides:
        label = labels[s - Gl]
        if label.startswith("cut:"):
            cut_facets.append((int(label.split(":")[1]), mask_of[a]))
            cut_points.append(q)
        else:
            sides.append((side_index[label], mask_of[a]))
            side_points.append(q)
    # edges in the canonical order too (group, then the regions' ranks): the driver's sort then merges runs
    rank = {m: k for k, m in enumerate(local_masks)}
    edges = sorted(raw.edges, key=lambda e: (kept[e[0]], rank[e[1]], rank[e[2]]))
    return {
        "index": cell.index,
        "cuts": cell.cuts,
        "patterns": patterns,
        "masks": masks,
        "points": _pack([items[k][1] for k in order], d),
        "edges": [(kept[g], mask_of[a], mask_of[b]) for g, a, b, _, _ in edges],
        "edge_points": _pack([q for _, _, _, q, _ in edges], d),
        "sides": sides,
        "side_points": _pack(side_points, d),
        "cut_facets": cut_facets,
        "cut_points": _pack(cut_points, d),
        "certificate": (cert.regions, cert.facets, cert.sign_checks, cert.exact_sign_checks, cert.lp_calls),
        "kept": len(kept),
        "pruned": raw.engine.pruned,
        "seconds": cert.seconds,
    }


def _decode(o: dict[str, Any], d: int) -> dict[str, Any]:
    """A part as the driver merges it: rows ``(pattern, mask, point)`` by pattern, facets with their points.

    Also turns each cut facet seen from the negative side into an edge (the negative side reports it).
    """
    o["regions"] = list(zip(o.pop("patterns"), o["masks"], _unpack(o.pop("points"), d), strict=True))  # sorted
    o["edges"] = [(g, a, b, q) for (g, a, b), q in zip(o["edges"], _unpack(o.pop("edge_points"), d), strict=True)]
    o["sides"] = [(s, m, q) for (s, m), q in zip(o["sides"], _unpack(o.pop("side_points"), d), strict=True)]
    cut_points = _unpack(o.pop("cut_points"), d)
    o["cut_masks"] = o.pop("cut_facets")
    for (g, m), q in zip(o["cut_masks"], cut_points, strict=True):
        if not (m >> g) & 1:
            o["edges"].append((g, m, m | (1 << g), q))
    return o


# --------------------------------------------------------------------------------------
# the driver


def _check_parts(whole: Arrangement, cells: Sequence[Cell], outs: list[dict[str, Any]]) -> None:
    """The cover and the pairing (exact, cheap): raises CertificationError when anything is off."""
    if sorted(o["index"] for o in outs) != [c.index for c in cells]:
        raise CertificationError("distributed run: the tasks did not report every cell exactly once")
    by_index = {c.index: c for c in cells}
    seen: dict[int, int] = {}
    for o in outs:
        cuts = by_index[o["index"]].cuts
        if tuple(o["cuts"]) != cuts:
            raise CertificationError(f"cell {o['index']}: a task reported the cuts {o['cuts']}, not {cuts}")
        want = sum(1 << g for g, s in cuts if s > 0)
        care = sum(1 << g for g, _ in cuts)
        for mask in o["masks"]:
            if mask & care != want:
                raise CertificationError(f"cell {o['index']}: a region has signs outside the cell's cuts {cuts}")
            if mask in seen:
                raise CertificationError(f"a region is in cells {seen[mask]} and {o['index']}")
            seen[mask] = o["index"]
    # each facet on a cut, seen from both sides: (g, mask of the negative side) twice, once per side
    sides: dict[tuple[int, int], int] = {}
    for o in outs:
        for g, mask in o["cut_masks"]:
            key = (g, mask & ~(1 << g))
            sides[key] = sides.get(key, 0) | (1 if (mask >> g) & 1 else 2)
    for (g, low), which in sides.items():
        if which != 3 or low not in seen or low | (1 << g) not in seen:
            raise CertificationError(
                f"a facet on the cut hyperplane h:{g} is reported from one side only (the pairing failed)"
            )


def _summed_certificate(outs: list[dict[str, Any]], extra_facets: int, start: float) -> RegionsCertificate:
    tot = [sum(o["certificate"][k] for o in outs) for k in range(5)]
    return RegionsCertificate(
        regions=tot[0],
        facets=tot[1] - extra_facets,
        sign_checks=tot[2],
        exact_sign_checks=tot[3],
        lp_calls=tot[4],
        method=f"dask-cells({len(outs)} cells)",
        seconds=time.monotonic() - start,
    )


def _merge(whole: Arrangement, cells: Sequence[Cell], parts: Iterable[dict[str, Any]], start: float) -> RegionsResult:
    """Check and assemble the tasks' parts; each part is decoded as it arrives (while others still run).

    ``parts`` may be a generator that appends to ``cells`` (a re-split replaces a cell by its
    sub-cells): the cover is checked against ``cells`` once every part is in.
    """
    with gc_paused():  # hundreds of thousands of small objects that all stay alive
        outs = [_decode(o, whole.dimension) for o in parts]
        cells = tuple(cells)
        _check_parts(whole, cells, outs)
        G = len(whole.groups)
        planes = [(g.normal, g.offset) for g in whole.groups] + [(h.normal, h.offset) for h in whole.sides]
        engine = Engine(planes, G, whole.dimension)
        side_bits = ((1 << len(planes)) - 1) ^ ((1 << G) - 1)
        # each part is sorted by pattern: the sort merges the runs
        regs = sorted(itertools.chain.from_iterable(o["regions"] for o in outs), key=operator.itemgetter(0))
        found = {m | side_bits: q for _, m, q in regs}
        ids = {m: k for k, (_, m, _) in enumerate(regs)}
        edges = [(g, ids[a], ids[b], a, b, q) for o in outs for g, a, b, q in o["edges"]]
        n_cut = sum(len(o["cut_masks"]) for o in outs)
        edges.sort()
        sides = sorted(((s, ids[m], m, q) for o in outs for s, m, q in o["sides"]), key=lambda t: (t[0], t[1]))
        # the certificate: every task's, with each cut facet (certified on both sides) counted as one facet
        cert = _summed_certificate(outs, n_cut // 2, start)
        return assemble(
            whole,
            engine,
            found,
            [(g, a | side_bits, b | side_bits, q, 0) for g, _, _, a, b, q in edges],
            [(G + s, m | side_bits, q, 0) for s, _, m, q in sides],
            True,
            None,
            start,
            method=cert.method,
            certified=cert,
        )


@contextlib.contextmanager
def dask_client(*, workers: int | None = None, scheduler: str | None = None, client: Any = None) -> Iterator[Any]:
    """A Dask client for one run: the one given, one joined to ``scheduler``, or a new local cluster.

    ``client="serial"`` yields ``"serial"`` (run the tasks in this process, no Dask). A local
    cluster has ``workers`` processes (default 2), one thread each, loopback only, no dashboard;
    it is closed on exit, as is a client this function opened.

    Raises
    ------
    MissingDependencyError
        Without ``dask[distributed]``.

    Examples
    --------
    >>> with dask_client(client="serial") as client:  # no Dask: the tasks run in this process
    ...     client
    'serial'
    """
    if client is not None:
        yield client
        return
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise InvalidArgument(f"workers must be a positive int, got {workers!r}")
    Client = _distributed().Client
    if scheduler is not None:
        try:
            joined = Client(scheduler)  # type: ignore[no-untyped-call]  # timeout: distributed.comm.timeouts.connect
        except (OSError, TimeoutError, ValueError) as error:
            raise InvalidArgument(
                f"cannot join the Dask scheduler at {scheduler!r} ({type(error).__name__}: {error}); is it running, "
                "and is the address tcp://HOST:PORT?"
            ) from error
        with joined:
            yield joined
        return
    with local_cluster(workers or 2) as cluster, Client(cluster) as own:  # type: ignore[no-untyped-call]
        yield own


def _distributed() -> Any:
    """The ``dask.distributed`` module, or a :class:`MissingDependencyError` saying how to install it."""
    try:
        import dask.distributed
    except ImportError as error:
        raise MissingDependencyError('a distributed run needs Dask: pip install "reluexact[dist]"') from error
    return dask.distributed


#: Dask's nanny starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (to hand freed memory back
#: to the OS at once). Set, the variable also stops glibc from adapting its mmap threshold, so
#: every large numpy temporary is mapped and unmapped again: the sweep's tasks ran 20-25 % slower
#: in such a worker than in a plain process (docs/scaling.md). The clusters started here keep
#: glibc's default, unless this process's environment sets the variable itself.
_WORKER_ENVIRON = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


@contextlib.contextmanager
def local_cluster(workers: int = 2) -> Iterator[Any]:
    """A local Dask cluster for enumeration: ``workers`` processes, one thread each, loopback, no dashboard.

    Its workers keep glibc's default memory trimming (:data:`_WORKER_ENVIRON`); closed on exit.
    What :func:`dask_client` starts for ``workers=N`` (the CLI's ``--workers N``).

    Raises
    ------
    MissingDependencyError
        Without ``dask[distributed]``.

    Examples
    --------
    >>> with local_cluster(1) as cluster:
    ...     len(cluster.workers)
    1
    """
    distributed = _distributed()
    import dask

    with (
        dask.config.set(_WORKER_ENVIRON),
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
    ):
        yield cluster


def map_batches(client: Any, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """``[fn(item) for item in items]``, one Dask task per item (in order); ``client="serial"``: in this process.

    The generic hook for per-sample / per-region work (``locate``, ``pieces``, ``boundary``,
    ``robustness``): split the batch into items, map, concatenate. ``fn`` must be a module-level
    function (it is pickled to the workers). A task lost with its worker is re-run by Dask.

    Examples
    --------
    >>> map_batches("serial", len, ["ab", "c"])
    [2, 1]
    """
    if client == "serial":
        return [fn(item) for item in items]
    futures = client.map(fn, list(items), pure=False)
    return list(client.gather(futures))


def _completed(client: Any, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
    """``fn(item)`` for every item, yielded as each task finishes (any order); ``"serial"``: in this process."""
    if client == "serial":
        for item in items:
            yield fn(item)
        return
    from dask.distributed import as_completed

    for future in as_completed(client.map(fn, list(items), pure=False)):  # type: ignore[no-untyped-call]
        yield future.result()


def _cell_results(
    client: Any, whole: Arrangement, cells: list[Cell], base: dict[str, Any], budget: int | None
) -> Iterator[dict[str, Any]]:
    """Run one task per cell; yield each part as it completes, splitting a too-big cell again.

    A task over ``budget`` regions stops and reports so; its cell is replaced in ``cells`` by two
    sub-cells (:func:`plan_cells` ``within`` its cuts, numbered after every cell so far), which
    are submitted as new tasks with the same budget (a cell that cannot be cut runs without one).
    ``cells`` ends as the leaves actually run, in index order.
    """

    def payload(cell: Cell, limit: int | None) -> dict[str, Any]:
        return {**base, "cell": cell, "budget": limit}

    def resplit(o: dict[str, Any]) -> list[dict[str, Any]]:
        k = next(j for j, c in enumerate(cells) if c.index == o["index"])
        old = cells.pop(k)
        subs = plan_cells(whole, 2, within=old.cuts, first_index=1 + max([c.index for c in cells] + [old.index]))
        cells.extend(subs)
        limit = budget if len(subs) > 1 else None
        return [payload(c, limit) for c in subs]

    first = [payload(c, budget) for c in cells]
    if client == "serial":
        queue = list(reversed(first))
        while queue:
            o = _run_cell(queue.pop())
            if o.get("resplit"):
                queue.extend(reversed(resplit(o)))
            else:
                yield o
        return
    from dask.distributed import as_completed

    done = as_completed(client.map(_run_cell, first, pure=False))  # type: ignore[no-untyped-call]
    for future in done:
        o = future.result()
        if o.get("resplit"):
            for f in client.map(_run_cell, resplit(o), pure=False):
                done.add(f)  # type: ignore[no-untyped-call]
        else:
            yield o


# --------------------------------------------------------------------------------------
# the distributed sweep: R^d in general position (docs/scaling.md)

#: ``split=`` values of :func:`regions_distributed`
SPLITS = ("auto", "sweep", "cells")


def _sweep_engine(arr: Arrangement) -> Engine:
    return Engine([(g.normal, g.offset) for g in arr.groups], len(arr.groups), arr.dimension)


def _sweep_check_task(payload: dict[str, Any]) -> dict[str, Any]:
    """One slice of the exact general-position check (:func:`~reluexact.regions.sweep.general_position_failure`)."""
    cpu = time.process_time()
    arr = arrangement(payload["net"])
    with gc_paused():
        why = general_position_failure(arr, part=payload["part"], parts=payload["parts"])
    return {"part": payload["part"], "failure": why, "cpu": time.process_time() - cpu}


def _sweep_regions_task(payload: dict[str, Any]) -> dict[str, Any]:
    """One slice of the sweep's proposals (one attempt), certified: its regions in columns.

    Returns the certified regions of the slice (distinct sign masks, the first proposal of each
    kept: :func:`~reluexact.regions.sweep.certified_proposals`) as masks (ints) and exact points
    (:class:`~reluexact.regions.store.RationalRows`: int64 arrays, a cheap pickle the driver keeps
    as they are).
    """
    cpu = time.process_time()
    began = time.monotonic()
    arr = arrangement(payload["net"])
    with gc_paused():
        engine = _sweep_engine(arr)
        found = certified_proposals(arr, engine, payload["attempt"], part=payload["part"], parts=payload["parts"])
        cpu_certified = time.process_time()
        if found.floats is not None:
            points = RationalRows.from_floats(found.floats)
        else:
            points = RationalRows.from_points(found.points, arr.dimension)
        out: dict[str, Any] = {
            "part": payload["part"],
            "attempt": payload["attempt"],
            "masks": found.masks,
            "points": points,
            "checks": found.checks,
            "exact": engine.exact_evaluations,
        }
        out["cpu"] = time.process_time() - cpu
        out["cpu_split"] = (cpu_certified - cpu, out["cpu"] - (cpu_certified - cpu))
        out["wall"] = (began, time.monotonic(), os.getpid())
        return out


def _row_floats(rows: RationalRows) -> np.ndarray:
    """The rows as float64 (guides only: :func:`~reluexact.regions.sweep.edge_records` certifies what they find).

    Exact for the dyadic points the sweep proposes (numerators below 2^53 over a power of two).
    """
    with np.errstate(all="ignore"):
        X = rows.numerators / np.where(rows.denominators == 0, 1, rows.denominators)[:, None]
    for k in rows.wide_rows.tolist():
        X[k] = [float(v) for v in rows.row(k)]
    return np.asarray(X, dtype=np.float64)


def _facet_rows(
    arr: Arrangement, masks: list[int], rows: RationalRows, pairs: np.ndarray, floats: np.ndarray
) -> EdgeRecords:
    """:func:`~reluexact.regions.sweep.edge_records` of ``pairs`` as rows, :data:`EDGE_CHUNK` pairs at a time.

    Chunks as the serial sweep's :func:`~reluexact.regions.sweep.sweep_edges`: the work arrays
    stay small (below glibc's largest mmap threshold, so no fresh pages for each one). Returns
    an :class:`~reluexact.regions.sweep.EdgeRecords` with the chunks' points joined.
    """
    engine = _sweep_engine(arr)
    # the rows decode an exact point on access (edge_records reads one only where a float guide fails)
    points = typing.cast(Sequence[tuple[Any, ...]], rows)
    chunks = [
        edge_records(engine, masks, points, pairs[lo : lo + EDGE_CHUNK], floats=floats, as_rows=True)
        for lo in range(0, len(pairs), EDGE_CHUNK)
    ]
    joined = RationalRows.concatenate([c.points for c in chunks if c.points is not None], arr.dimension)
    return EdgeRecords([], sum(c.sign_checks for c in chunks), sum(c.exact_sign_checks for c in chunks), joined)


def _sweep_edges_task(payload: dict[str, Any], shared: dict[str, Any]) -> dict[str, Any]:
    """The facets across one slice of the hyperplanes: Hamming-1 pairs of the regions, facet points certified.

    ``shared`` holds every region (masks in the canonical order and their points as RationalRows),
    the same for every task. Returns the pairs ``(plane, id of the negative side, id of the
    positive side)`` as three int64 arrays and their certified facet points as RationalRows (no
    ``fmpq`` is built on either side unless a float guide fails).
    """
    cpu = time.process_time()
    began = time.monotonic()
    lo, hi = payload["planes"]
    arr = arrangement(payload["net"])
    with gc_paused():
        masks: list[int] = shared["masks"]
        rows: RationalRows = shared["points"]
        pairs = pair_array(masks, len(arr.groups), planes=range(lo, hi))
        cpu_pairs = time.process_time()
        recs = _facet_rows(arr, masks, rows, pairs, _row_floats(rows))
        out: dict[str, Any] = {
            "planes": (lo, hi),
            "g": pairs[:, 0].copy(),
            "a": pairs[:, 1].copy(),
            "b": pairs[:, 2].copy(),
            "points": recs.points,
            "checks": recs.sign_checks,
            "exact": recs.exact_sign_checks,
        }
        out["cpu"] = time.process_time() - cpu
        out["cpu_split"] = (cpu_pairs - cpu, out["cpu"] - (cpu_pairs - cpu))
        out["wall"] = (began, time.monotonic(), os.getpid())
        return out


def _deduped_regions(parts: Sequence[dict[str, Any]], d: int) -> tuple[list[int], RationalRows, int, int]:
    """Phase 1's parts merged by mask, the first proposal of each kept (parts in attempt, then slice order).

    Returns the distinct masks in that merge order, their points (RationalRows, same order) and the
    parts' sign checks and exact evaluations. The merge order is then made canonical
    (:func:`_canonical_regions`), by the driver or by each fused facet task (:func:`_sweep_fused_edges_task`).
    """
    masks: list[int] = []
    pieces: list[RationalRows] = []
    seen: set[int] = set()
    checks = exact = 0
    for o in sorted(parts, key=lambda o: (o["attempt"], o["part"])):
        checks += o["checks"]
        exact += o["exact"]
        if len(o["points"]) != len(o["masks"]):
            raise CertificationError(f"sweep task {o['part']}: {len(o['masks'])} regions but not as many points")
        if seen.isdisjoint(o["masks"]):  # the usual case: the slices propose different regions
            masks.extend(o["masks"])
            pieces.append(o["points"])
        else:
            new = [k for k, m in enumerate(o["masks"]) if m not in seen]
            masks.extend(o["masks"][k] for k in new)
            pieces.append(o["points"].take(np.array(new, dtype=np.int64)))
        seen.update(o["masks"])
    return masks, RationalRows.concatenate(pieces, d), checks, exact


def _canonical_regions(whole: Arrangement, masks: list[int], points: RationalRows) -> tuple[list[int], RationalRows]:
    """The regions numbered by pattern (the canonical numbering): their masks and points in that order."""
    order = pattern_order(whole, masks)
    return [masks[k] for k in order.tolist()], points.take(order)


def _sweep_fused_edges_task(payload: dict[str, Any], *parts: dict[str, Any]) -> dict[str, Any]:
    """Phase 2 fed by phase 1 directly: merge its parts by mask (Dask hands them over), then one slice of the rest.

    Saves the round trip through the driver between the phases (gather, merge, scatter, submit),
    and the driver's own merge: the task numbers the merged regions canonically itself (by
    pattern), so its pairs come in the result's ids and order, and it makes the rows of its
    slice ``payload["slice"] = (k, K)`` of the region ids (points, patterns, affine rows). Every
    task checks Buck's count on the same parts and reports a hash of the numbered masks (the
    driver checks they agree). Short of the count (``payload["want"]``) it returns
    ``{"short": True}`` and the driver goes on from the parts.
    """
    cpu = time.process_time()
    net = payload["net"]
    arr = arrangement(net)
    with gc_paused():
        masks, points, checks, exact = _deduped_regions(parts, payload["d"])
        if len(masks) != payload["want"]:
            return {"planes": payload["planes"], "short": True}
        masks, points = _canonical_regions(arr, masks, points)
        k, K = payload["slice"]
        R = len(masks)
        r0, r1 = R * k // K, R * (k + 1) // K
        patterns = patterns_of(arr, masks[r0:r1])
        rows = {
            "ids": (r0, r1),
            "patterns": patterns,
            "region_points": points.take(np.arange(r0, r1, dtype=np.int64)),
            "affine": affine_integers(net, patterns)[1],
            "region_checks": checks,
            "region_exact": exact,
            # phase 1's own timings (the driver does not fetch its parts)
            "phase1": [(o["part"], o["attempt"], len(o["masks"]), o["cpu"], o["cpu_split"], o["wall"]) for o in parts],
        }
    cpu_merge = time.process_time() - cpu
    out = _sweep_edges_task(payload, {"masks": masks, "points": points})
    out.update(rows)
    out["merged"] = hash(tuple(masks))  # ints hash alike in every process: the driver checks all tasks agree
    out["cpu"] += cpu_merge
    out["cpu_split"] = (out["cpu_split"][0] + cpu_merge, out["cpu_split"][1])
    return out


class _Done:
    """A finished in-process task (``client="serial"``), with a Dask future's ``result``."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


def _submit(client: Any, fn: Callable[..., Any], items: Sequence[Any], priority: int, *shared: Any) -> list[Any]:
    """Submit ``fn(item, *shared)`` per item (Dask futures; ``"serial"``: run now). ``shared`` goes to the workers once.

    Higher ``priority`` runs first among the queued tasks.
    """
    if client == "serial":
        return [_Done(fn(item, *shared)) for item in items]
    # one object in a list: a scattered dict would be scattered value by value (4 s for 200 000 ints, against
    # 0.2 s), and a large argument given to submit directly goes through the graph's serialisation (1.4 s)
    data = [client.scatter([s], broadcast=True, hash=False)[0] for s in shared]
    return [client.submit(fn, item, *data, pure=False, priority=priority) for item in items]


def _as_done(client: Any, futures: list[Any]) -> Iterator[Any]:
    """The futures' results as each finishes (in order for ``"serial"``)."""
    if client == "serial":
        yield from (f.result() for f in futures)
        return
    from dask.distributed import as_completed

    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        yield future.result()


def _sweep_distributed(
    whole: Arrangement,
    client: Any,
    tasks: int,
    start: float,
    timings: dict[str, Any] | None = None,
) -> RegionsResult | str:
    """The distributed sweep's result, or why it does not apply (a string: the caller runs the cell split).

    Phase 1: ``tasks`` tasks, each a slice of every level's subsets (the d-subsets' vertex cones and
    the arrangements at infinity), certify the regions they propose. The driver merges them by
    mask. Reaching Buck's count ``sum_k C(n, k)`` with distinct exactly certified regions proves
    both completeness and general position: no arrangement of n distinct hyperplanes in R^d has
    more regions, and only those in general position have that many (deletion-restriction:
    ``r(A) = r(A - H) + r(A^H)``, with at most n - 1 hyperplanes in ``A^H``; docs/scaling.md).
    So the exact general-position check is run (in ``2 tasks`` slices) only when the count falls
    short, to tell a degenerate arrangement (the cell split) from proposals to retry in other
    coordinates. Phase 2: ``tasks`` tasks, each a slice of the hyperplanes, pair the regions that
    differ across one of their planes and certify the facet points (every such pair is an edge of
    a complete set of regions, the segment argument of :mod:`reluexact.regions.sweep`); the
    driver checks the facet count and builds the result from the parts' columns (RationalRows
    points, int64 ids) in the canonical numbering, decoding nothing.

    On a cluster the first attempt's phase 2 is submitted with phase 1, each facet task taking
    phase 1's parts as its inputs, merging them and numbering the regions by pattern itself, and
    making its slice of the region rows (:func:`_sweep_fused_edges_task`): the driver fetches
    nothing between the phases. It checks that the tasks numbered the same regions (a hash), that
    their region slices cover the ids and that the patterns come sorted and distinct. When the
    merged regions fall short, the driver takes the parts and goes on as above.
    """
    timings = {} if timings is None else timings
    net = whole.network
    d = whole.dimension
    n = len(whole.groups)
    if n < d:
        return f"there are {n} distinct hyperplanes, fewer than the dimension {d}"
    want_regions, want_edges = general_position_counts(n, d)
    timings["checks"] = []

    def failure() -> str | None:
        """The exact general-position check, in ``2 tasks`` slices: only asked when the proposals fall short."""
        parts = 2 * tasks
        items = [{"net": net, "part": k, "parts": parts} for k in range(parts)]
        outs = sorted(_as_done(client, _submit(client, _sweep_check_task, items, 0)), key=operator.itemgetter("part"))
        timings["checks"] = [o["cpu"] for o in outs]
        return next((o["failure"] for o in outs if o["failure"] is not None), None)

    bounds = [n * k // tasks for k in range(tasks + 1)]
    items2 = [{"net": net, "planes": (lo, hi)} for lo, hi in itertools.pairwise(bounds) if lo < hi]
    parts1: list[dict[str, Any]] = []
    parts2: list[dict[str, Any]] = []
    phase1: list[tuple[Any, ...]] = []
    affine: tuple[list[list[int]] | None, Any]
    first_attempt = 0
    if client != "serial":
        # phase 2 fed by phase 1 directly (no round trip through the driver); short of the count, the
        # driver goes on from the parts
        items = [{"net": net, "part": k, "parts": tasks, "attempt": 0} for k in range(tasks)]
        futures1 = _submit(client, _sweep_regions_task, items, 10)
        timings["cpu_regions_arrived"] = timings["cpu_edges_out"] = time.process_time()
        futures2 = [
            client.submit(
                _sweep_fused_edges_task,
                {**item, "want": want_regions, "d": d, "slice": (k, len(items2))},
                *futures1,
                pure=False,
                priority=5,
            )
            for k, item in enumerate(items2)
        ]
        # the facet tasks merge phase 1 and number the regions themselves: the driver only waits
        for o in _as_done(client, futures2):
            timings["cpu_edge_arrived"] = time.process_time()
            parts2.append(o)
        if any(o.get("short") for o in parts2):  # the driver goes on from the parts
            parts1 = [f.result() for f in futures1]
            parts2, first_attempt = [], 1
        else:
            with gc_paused():
                parts2.sort(key=operator.itemgetter("planes"))
                if len({o["merged"] for o in parts2}) != 1:  # the same parts, the same numbering; never trusted
                    raise CertificationError("sweep facet tasks numbered the regions in another order than each other")
                spans = [o["ids"] for o in parts2]
                if [lo for lo, _ in spans] != [0, *(hi for _, hi in spans[:-1])] or spans[-1][1] != want_regions:
                    raise CertificationError(f"sweep facet tasks' region slices {spans} do not cover 0..{want_regions}")
                first = parts2[0]
                phase1 = first["phase1"]
                checks, exact = first["region_checks"], first["region_exact"]
                patterns = [p for o in parts2 for p in o["patterns"]]
                if any(map(operator.ge, patterns, itertools.islice(patterns, 1, None))):  # never trusted
                    raise CertificationError(
                        "sweep facet tasks' regions are not numbered by pattern (distinct, sorted)"
                    )
                points = RationalRows.concatenate([o["region_points"] for o in parts2], d)
                prod = np.concatenate([o["affine"].prod for o in parts2])
                affine = (None, dataclasses.replace(first["affine"], prod=prod))  # rows made when first read
            timings["regions_done"] = max(wall[1] for *_, wall in phase1) - start  # one machine's clock (benches)
    timings["fused"] = bool(parts2)
    if not parts2:
        for attempt in range(first_attempt, ATTEMPTS):
            if attempt == 1:  # short: more attempts only for an arrangement in general position (checked once)
                why = failure()
                if why is not None:
                    return why
            if attempt > 0 or client == "serial":
                items = [{"net": net, "part": k, "parts": tasks, "attempt": attempt} for k in range(tasks)]
                parts1 += _as_done(client, _submit(client, _sweep_regions_task, items, 10))
            timings["cpu_regions_arrived"] = time.process_time()
            with gc_paused():
                raw_masks, raw_points, checks, exact = _deduped_regions(parts1, d)
            if len(raw_masks) == want_regions:
                break
        timings["regions_done"] = time.monotonic() - start
        if len(raw_masks) != want_regions:
            return f"the float proposals reached {len(raw_masks)} of the {want_regions} regions"
        with gc_paused():
            # the canonical numbering (by pattern) before the pairs: the edge tasks report region ids
            masks, points = _canonical_regions(whole, raw_masks, raw_points)
            patterns = patterns_of(whole, masks)
            timings["cpu_edges_out"] = time.process_time()
            edge_futures = _submit(client, _sweep_edges_task, items2, 5, {"masks": masks, "points": points})
            # the affine rows of the regions while the edge tasks run
            affine = affine_integers(net, patterns)
            for o in _as_done(client, edge_futures):
                timings["cpu_edge_arrived"] = time.process_time()
                parts2.append(o)
    with gc_paused(promote=True):  # the result's lists: no young-generation scan of them all when it ends
        for o in parts2:
            if len(o["points"]) != len(o["g"]):
                raise CertificationError(f"sweep facet task {o['planes']}: {len(o['g'])} facets but not as many points")
        timings["edges_done"] = time.monotonic() - start
        timings["cpu_edges_in"] = time.process_time()
        if parts1:  # else fused: phase 1's timings as the facet tasks saw its parts
            phase1 = [(o["part"], o["attempt"], len(o["masks"]), o["cpu"], o["cpu_split"], o["wall"]) for o in parts1]
        timings["parts1"] = [t[:5] for t in phase1]
        timings["parts2"] = [(o["planes"], len(o["g"]), o["cpu"], o["cpu_split"]) for o in parts2]
        timings["walls"] = [t[5] for t in phase1] + [o["wall"] for o in parts2]  # (start, end, pid) of every task
        parts2.sort(key=operator.itemgetter("planes"))
        # the canonical order: by plane (the slices in order), then by the ids (adjacent_pairs' order)
        n_edges = sum(len(o["g"]) for o in parts2)
        if n_edges != want_edges:  # cannot happen once the regions are all certified; never trusted
            return f"{n_edges} adjacent pairs of regions, not the {want_edges} facets of general position"
        checks += sum(o["checks"] for o in parts2)
        exact += sum(o["exact"] for o in parts2)
        method = f"dask-sweep({tasks} tasks)"
        cert = RegionsCertificate(
            regions=want_regions,
            facets=want_edges,
            sign_checks=checks,
            exact_sign_checks=exact,
            lp_calls=0,
            method=method,
            seconds=time.monotonic() - start,
        )
        tail = time.process_time()

        def column(key: str) -> np.ndarray:
            return np.concatenate([np.zeros(0, dtype=np.int64), *(o[key] for o in parts2)])

        # the certified columns as they came (no point decoded, no object built; the edge columns int64
        # arrays until read): the result's objects are built on first access
        columns = ResultColumns(
            whole,
            patterns,
            points,
            column("a"),
            column("b"),
            column("g"),
            RationalRows.concatenate([o["points"] for o in parts2], d),
            [],
            True,
            affine,
        )
        result = result_from_columns(columns, cert)
        timings["assemble_cpu"] = time.process_time() - tail
    timings["cpu_assembled"] = time.process_time()
    return result


def _whole(net: TwoLayerReLU, domain: DomainLike) -> Arrangement:
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"expected a TwoLayerReLU, got {type(net).__name__}")
    return arrangement(net, domain=as_domain(domain, net.input_dim))


def _default_tasks(tasks: int | None, client: Any) -> int:
    if tasks is not None:
        if isinstance(tasks, bool) or not isinstance(tasks, int) or tasks < 1:
            raise InvalidArgument(f"tasks must be a positive int, got {tasks!r}")
        return tasks
    # cells: one task per worker, each cell repeats the work on the flats it meets (docs/scaling.md)
    return 2 if client == "serial" else max(1, len(client.scheduler_info()["workers"]))


def _prepare(
    net: TwoLayerReLU, domain: DomainLike, tasks: int | None, client: Any
) -> tuple[Arrangement, tuple[Cell, ...]]:
    whole = _whole(net, domain)
    return whole, plan_cells(whole, _default_tasks(tasks, client))


def _takes_sweep(whole: Arrangement, split: str, budget: int | None) -> bool:
    """Whether :func:`regions_distributed` tries the distributed sweep (else the cell split).

    ``"auto"``: all of R^d, d >= 3 (the serial ``regions()`` sweeps there too; d = 2 has its own
    planar method), no per-task budget (a cell-split notion). ``"sweep"`` tries it for any d.
    A box or polytope keeps the cell split: the hook for a box sweep
    (``reluexact/regions/box_sweep.py``, in progress) is here.
    """
    if split not in SPLITS:
        raise InvalidArgument(f"split must be one of {', '.join(map(repr, SPLITS))}, got {split!r}")
    if split == "cells":
        return False
    if whole.sides or budget is not None:
        if split == "sweep":
            raise InvalidArgument(
                'split="sweep" is for all of R^d without max_task_regions (a box or polytope, or a task '
                'budget, takes the cell split); use split="auto" or "cells"'
            )
        return False
    return split == "sweep" or whole.dimension >= 3


def regions_distributed(
    net: TwoLayerReLU,
    *,
    domain: DomainLike = None,
    tasks: int | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    max_task_regions: int | None = None,
    split: str = "auto",
) -> RegionsResult:
    """Enumerate the regions on a Dask cluster: the distributed sweep in R^d, else one task per cell of a split.

    Two ways to split the work (docs/scaling.md). In all of R^d (d >= 3) with hyperplanes in
    general position, the *sweep*: tasks take slices of the d-subsets and certify the regions they
    propose, which are complete exactly when they reach Buck's count (only general position
    reaches it), then tasks take slices of the hyperplanes and certify the facet points;
    certificate method ``dask-sweep(K tasks)``. Otherwise (a box or polytope, a degenerate
    arrangement, or proposals that fall short of the count) the *cell split*: one task per cell
    of a split of D by the net's hyperplanes; method ``dask-cells(N cells)``.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : DomainLike
        Anything :func:`reluexact.domain.as_domain` reads: R^d (None), a box or a polytope.
    tasks : int, optional
        Number of tasks per phase of the sweep, or of cells (default: one per worker); 2 with
        ``client="serial"``.
    workers : int, optional
        Processes of a local cluster started for this call (default 2).
    scheduler : str, optional
        Address of a running Dask scheduler to join (``"tcp://host:8786"``) instead.
    client : dask.distributed.Client or "serial", optional
        A client to use; ``"serial"`` runs the tasks in this process (the same split, no Dask).
    max_task_regions : int, optional
        Split a task again when it turns out too big: a task that finds more regions than this
        stops, and its cell is cut in two by more hyperplanes, run as two new tasks (again with
        this budget, until a cell cannot be cut). The result is the same. Cell split only.
    split : {"auto", "sweep", "cells"}, default "auto"
        ``"cells"`` forces the cell split; ``"sweep"`` tries the sweep at any d (all of R^d only;
        still the cell split when the arrangement is not in general position); ``"auto"`` the
        sweep for d >= 3 in all of R^d without ``max_task_regions``.

    Returns
    -------
    RegionsResult
        Complete; regions numbered by pattern (sorted), edges by (group, a, b): equal to
        ``canonical(regions(net, domain=domain))`` in everything but the certified points.

    Raises
    ------
    CellTaskError
        When a task of the cell split fails (the message names the cell and the model).
    CertificationError
        When the cover or the pairing check fails (a bug).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1]], [0], [[1]], [0])
    >>> sorted(r.pattern for r in regions_distributed(net, domain="-1,1;-1,1", tasks=3, client="serial"))
    ['0', '1']
    >>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, 1], [[1, 1, 1, 1]], [0])
    >>> split = regions_distributed(net, tasks=1, max_task_regions=4, client="serial")
    >>> len(split), split.certificate.method   # the one task was too big: split again, and again
    (10, 'dask-cells(3 cells)')
    >>> net = TwoLayerReLU([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, -1], [[1, 1, 1, 1]], [0])
    >>> swept = regions_distributed(net, tasks=2, client="serial")
    >>> len(swept), len(swept.edges), swept.certificate.method
    (15, 28, 'dask-sweep(2 tasks)')
    >>> regions_distributed(net, tasks=2, client="serial", split="cells").certificate.method
    'dask-cells(2 cells)'
    """
    start = time.monotonic()
    _check_budget(max_task_regions)
    with dask_client(workers=workers, scheduler=scheduler, client=client) as cl:
        whole = _whole(net, domain)
        k = _default_tasks(tasks, cl)
        if _takes_sweep(whole, split, max_task_regions):
            swept = _sweep_distributed(whole, cl, _default_tasks(tasks, cl), start, {})
            if isinstance(swept, RegionsResult):
                return swept
            # not in general position, or the proposals fell short: the cell split (never a wrong answer)
        cells = list(plan_cells(whole, k))
        base = {"net": net, "domain": whole.domain}
        return _merge(whole, cells, _cell_results(cl, whole, cells, base, max_task_regions), start)


def _check_budget(max_task_regions: Any) -> None:
    if max_task_regions is not None and (
        isinstance(max_task_regions, bool) or not isinstance(max_task_regions, int) or max_task_regions < 1
    ):
        raise InvalidArgument(f"max_task_regions must be a positive int or None, got {max_task_regions!r}")


def _locate_batch(payload: dict[str, Any]) -> LocateResult:
    return locate(payload["net"], payload["points"], **payload["options"])


def locate_distributed(
    net: TwoLayerReLU,
    points: Any,
    *,
    batches: int | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    **options: Any,
) -> LocateResult:
    """:func:`~reluexact.regions.locate` on a Dask cluster: the points split into batches, one task each.

    The batches are consecutive slices of the points; :func:`~reluexact.regions.location.merge_located`
    joins them into exactly the result of ``locate(net, points, **options)`` (same points, regions
    in order of first visit, facets, members and graph). ``options`` are those of ``locate``
    (``domain``, ``facets``, ...) but ``time_limit`` (a per-process budget) and ``progress``.
    ``batches`` defaults to twice the number of workers (2 with ``client="serial"``).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, 1]], [0])
    >>> pts = [[1, 0], [0, 1], [-1, 0], [0.5, 0.25], [3, 1]]
    >>> split = locate_distributed(net, pts, batches=3, client="serial", facets=True)
    >>> [p.region for p in split.points] == [p.region for p in locate(net, pts, facets=True).points]
    True
    """
    if "time_limit" in options or "progress" in options:
        raise InvalidArgument("time_limit and progress are for one process; drop them for a distributed locate")
    if batches is not None and (isinstance(batches, bool) or not isinstance(batches, int) or batches < 1):
        raise InvalidArgument(f"batches must be a positive int, got {batches!r}")
    rows = points.tolist() if isinstance(points, np.ndarray) else list(points)
    with dask_client(workers=workers, scheduler=scheduler, client=client) as cl:
        if batches is None:
            batches = 2 if cl == "serial" else 2 * max(1, len(cl.scheduler_info()["workers"]))
        size = max(1, -(-len(rows) // batches))
        chunks = [rows[k : k + size] for k in range(0, len(rows), size)] or [rows]
        payloads = [{"net": net, "points": chunk, "options": {**options, "progress": False}} for chunk in chunks]
        parts = map_batches(cl, _locate_batch, payloads)
    return merge_located(parts)


def canonical(result: RegionsResult) -> RegionsResult:
    """The same result numbered canonically: regions by pattern, edges by (group, a, b).

    Facets keep their order (hyperplanes by group, then sides) with neighbours renumbered.

    Examples
    --------
    >>> from reluexact.regions import regions
    >>> res = canonical(regions(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])))
    >>> [r.pattern for r in res], res.edges
    (['00', '10', '11'], (Edge(0-1, units=(0,)), Edge(1-2, units=(1,))))
    """
    order = sorted(range(len(result.regions)), key=lambda k: result.regions[k].pattern)
    new_id = {old: new for new, old in enumerate(order)}
    regs = []
    for new, old in enumerate(order):
        r = result.regions[old]
        facets = None
        if r.facets is not None:
            facets = tuple(f if f.neighbor is None else f._replace(neighbor=new_id[f.neighbor]) for f in r.facets)
        regs.append(dataclasses.replace(r, id=new, facets=facets))
    edges = sorted(
        (Edge(new_id[e.a], new_id[e.b], e.group, e.units, e.flint_point) for e in result.edges),
        key=lambda e: (e.group, e.a, e.b),
    )
    by_pattern = {r.pattern: r.id for r in regs}
    aff = result.affine_integers
    if aff is not None:
        from reluexact.regions.affine import affine_integers

        aff = affine_integers(result.network, [r.pattern for r in regs])[1]
    return dataclasses.replace(
        result, regions=tuple(regs), edges=tuple(edges), by_pattern=by_pattern, affine_integers=aff, columns=None
    )  # the columns are in the old order: readers of result.columns fall back to the objects


# --------------------------------------------------------------------------------------
# distributed output: one partition per task, a manifest from the driver


@dataclass(frozen=True, slots=True)
class DatasetManifest:
    """What :func:`write_regions_dataset` wrote (also in ``manifest.json``).

    Attributes
    ----------
    folder : Path
    format : str
        ``"jsonl"`` or ``"parquet"``.
    regions, edges, facets : int
        Counts over all parts.
    parts : tuple of dict
        Per cell: ``index``, ``cuts``, ``regions``, ``edges``, ``files``.
    certificate : RegionsCertificate
        The summed certificate of the tasks (each task certified its cell).
    """

    folder: Path
    format: str
    regions: int
    edges: int
    facets: int
    parts: tuple[dict[str, Any], ...]
    certificate: RegionsCertificate


def region_records(result: RegionsResult) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The records of a result as a dataset part holds them: regions by pattern, edges by patterns.

    Region: ``pattern``, ``point``, ``gradient``, ``offset`` (``"p/q"`` strings) and ``facets``
    (labels ``"h:<g>"`` and side labels). Edge: ``a``, ``b`` (patterns), ``group``, ``units``, ``point``.

    Examples
    --------
    >>> from reluexact.regions import regions
    >>> regs, edges = region_records(regions(TwoLayerReLU([[1]], [0], [[2]], [0]), domain="-1,1"))
    >>> regs[0]["pattern"], regs[0]["facets"], edges[0]["a"], edges[0]["b"]
    ('1', ['h:0', 'box:0:hi'], '0', '1')
    """
    regs = [
        {
            "pattern": r.pattern,
            "point": [format_fraction(v) for v in r.point],
            "gradient": [[format_fraction(v) for v in row] for row in r.gradient],
            "offset": [format_fraction(v) for v in r.offset],
            "facets": [f.label for f in r.facets or ()],
        }
        for r in result.regions
    ]
    pats = [r.pattern for r in result.regions]
    edges = [
        {
            "a": pats[e.a],
            "b": pats[e.b],
            "group": e.group,
            "units": list(e.units),
            "point": [format_fraction(v) for v in e.point],
        }
        for e in result.edges
    ]
    return regs, edges


def _part_records(
    whole: Arrangement, kept: tuple[int, ...], res: RegionsResult
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A leaf's records in the whole run's vocabulary: groups renumbered, cut sides as hyperplane facets and edges."""
    regs, edges = region_records(res)
    for rec in edges:
        rec["group"] = kept[rec["group"]]
    side_rank = {h.label: k for k, h in enumerate(whole.sides)}
    G = len(whole.groups)
    for r, rec in zip(res.regions, regs, strict=True):
        labels = []
        for f in r.facets or ():
            if f.label.startswith("cut:"):
                g = int(f.label.split(":")[1])
                labels.append((g, f"h:{g}"))
                if f.label.endswith(":-"):  # the negative side reports the edge
                    grp = whole.groups[g]
                    flip = list(r.pattern)
                    for i in grp.unit_indices:
                        flip[i] = "1" if flip[i] == "0" else "0"
                    edges.append(
                        {
                            "a": r.pattern,
                            "b": "".join(flip),
                            "group": g,
                            "units": list(grp.unit_indices),
                            "point": [format_fraction(v) for v in _facet_point(f)],
                        }
                    )
            elif f.kind == "hyperplane":
                g = kept[int(f.label.split(":")[1])]
                labels.append((g, f"h:{g}"))
            else:
                labels.append((G + side_rank[f.label], f.label))
        rec["facets"] = [lab for _, lab in sorted(labels)]
    return regs, edges


def _facet_point(f: Facet) -> tuple[Fraction, ...]:
    point = f.point
    assert point is not None  # enumeration keeps every facet point
    return point


_REGION_SCHEMA = ("pattern", "point", "gradient", "offset", "facets")
_EDGE_SCHEMA = ("a", "b", "group", "units", "point")


def _write_records(path: Path, records: list[dict[str, Any]], fmt: str, columns: tuple[str, ...]) -> None:
    if fmt == "jsonl":
        write_text_atomic(path, "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records), force=True)
        return
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    table = pa.Table.from_pylist(records) if records else pa.table({c: pa.array([], pa.null()) for c in columns})
    with staged_output(path, force=True) as tmp:
        pq.write_table(table, tmp)


def _read_records(path: Path, fmt: str) -> list[dict[str, Any]]:
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


def _write_part(
    whole: Arrangement,
    kept: tuple[int, ...],
    cell: Cell,
    res: RegionsResult,
    out: dict[str, Any],
    folder: Path,
    fmt: str,
) -> dict[str, Any]:
    regs, edges = _part_records(whole, kept, res)
    ext = "jsonl" if fmt == "jsonl" else "parquet"
    names = (f"regions-{cell.index:05d}.{ext}", f"edges-{cell.index:05d}.{ext}")
    _write_records(folder / names[0], regs, fmt, _REGION_SCHEMA)
    _write_records(folder / names[1], edges, fmt, _EDGE_SCHEMA)
    return {
        "index": out["index"],
        "cuts": out["cuts"],
        "masks": out["masks"],
        "cut_masks": out["cut_facets"],
        "n_edges": len(edges),
        "n_facets": sum(len(r["facets"]) for r in regs),
        "files": names,
        "certificate": out["certificate"],
        "seconds": out["seconds"],
    }


def write_regions_dataset(
    net: TwoLayerReLU,
    folder: str | os.PathLike[str],
    *,
    domain: DomainLike = None,
    format: str = "jsonl",
    tasks: int | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    force: bool = False,
    max_task_regions: int | None = None,
) -> DatasetManifest:
    """Enumerate on a Dask cluster; each task writes its cell's part into ``folder``; return the manifest.

    Parts: ``regions-<cell>.<ext>`` and ``edges-<cell>.<ext>`` (records of :func:`region_records`;
    an edge across a cut is written once, by the cell on its negative side), JSON Lines or Parquet
    (``format="parquet"``, needs pyarrow). ``manifest.json`` (written last, atomically) has the
    model, the domain's sides, the parts, the counts and the certificate summary. The workers must
    see ``folder`` (a local cluster does; a remote one needs a shared file system).
    ``max_task_regions`` splits a too-big task again, as in :func:`regions_distributed`.

    Raises
    ------
    OutputRefused
        When ``folder`` holds a manifest already and ``force`` is False.

    Examples
    --------
    >>> import tempfile
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> manifest = write_regions_dataset(net, tempfile.mkdtemp(), tasks=2, client="serial")
    >>> manifest.regions, manifest.edges, len(manifest.parts)
    (4, 4, 2)
    >>> sorted(r["pattern"] for r in read_regions_dataset(manifest.folder)[0])
    ['00', '01', '10', '11']
    """
    from reluexact.atomic import OutputRefused

    if format not in ("jsonl", "parquet"):
        raise InvalidArgument(f"format must be 'jsonl' or 'parquet', got {format!r}")
    if format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as error:
            raise MissingDependencyError('Parquet output needs pyarrow: pip install "reluexact[parquet]"') from error
    start = time.monotonic()
    where = Path(folder)
    if (where / MANIFEST).exists() and not force:
        raise OutputRefused(
            f"{where}: holds a dataset already (manifest.json); pass --force (force=True) to replace it"
        )
    if where.exists() and not where.is_dir():
        raise OutputRefused(f"{where}: is not a folder; choose a folder for the dataset")
    where.mkdir(parents=True, exist_ok=True)
    _check_budget(max_task_regions)
    with dask_client(workers=workers, scheduler=scheduler, client=client) as cl:
        whole, planned = _prepare(net, domain, tasks, cl)
        cells = list(planned)
        base = {"net": net, "domain": whole.domain, "output": str(where.resolve()), "format": format}
        outs = list(_cell_results(cl, whole, cells, base, max_task_regions))
    _check_parts(whole, tuple(cells), outs)
    n_cut = sum(len(o["cut_masks"]) for o in outs) // 2
    cert = _summed_certificate(outs, n_cut, start)
    parts = tuple(
        {
            "index": o["index"],
            "cuts": [list(c) for c in o["cuts"]],
            "regions": len(o["masks"]),
            "edges": o["n_edges"],
            "files": list(o["files"]),
            "seconds": o["seconds"],
        }
        for o in sorted(outs, key=lambda o: o["index"])
    )
    manifest = DatasetManifest(
        where,
        format,
        sum(p["regions"] for p in parts),
        sum(p["edges"] for p in parts),
        sum(o["n_facets"] for o in outs),
        parts,
        cert,
    )
    write_text_atomic(where / MANIFEST, json.dumps(_manifest_json(whole, manifest), indent=1) + "\n", force=True)
    return manifest


def _manifest_json(whole: Arrangement, m: DatasetManifest) -> dict[str, Any]:
    net = whole.network

    def vec(v: Sequence[Fraction]) -> list[str]:
        return [format_fraction(x) for x in v]

    c = m.certificate
    return {
        "format": "reluexact-regions-dataset",
        "version": 1,
        "files": m.format,
        "model": {
            "W": [vec(r) for r in net.hidden_weights],
            "b": vec(net.hidden_bias),
            "A": [vec(r) for r in net.output_weights],
            "c": vec(net.output_bias),
        },
        "domain": {
            "kind": type(whole.domain).__name__.lower(),
            "sides": [{"normal": list(h.normal), "offset": h.offset, "label": h.label} for h in whole.sides],
        },
        "complete": True,
        "counts": {"regions": m.regions, "edges": m.edges, "facets": m.facets, "parts": len(m.parts)},
        "certificate": {
            "regions": c.regions,
            "facets": c.facets,
            "sign_checks": c.sign_checks,
            "exact_sign_checks": c.exact_sign_checks,
            "lp_calls": c.lp_calls,
            "method": c.method,
            "seconds": c.seconds,
            "checked_by_driver": "cover (every cell once, signs on its cuts) and pairing of facets on cuts",
        },
        "parts": list(m.parts),
    }


def read_regions_dataset(folder: str | os.PathLike[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read a dataset written by :func:`write_regions_dataset`: all region and edge records.

    Only the parts the manifest lists are read (a temporary file a killed worker left is ignored).

    Raises
    ------
    InvalidArgument
        When the folder has no manifest, or a part's count differs from it.

    Examples
    --------
    >>> import tempfile
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> manifest = write_regions_dataset(net, tempfile.mkdtemp(), tasks=2, client="serial")
    >>> region_records, edge_records = read_regions_dataset(manifest.folder)
    >>> len(region_records), len(edge_records)
    (4, 4)
    >>> read_regions_dataset(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: ...: no ...; is this a dataset written by write_regions_dataset?
    """
    where = Path(folder)
    try:
        doc = json.loads((where / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidArgument(f"{where}: no {MANIFEST}; is this a dataset written by write_regions_dataset?") from None
    fmt = doc["files"]
    regs: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for part in doc["parts"]:
        r = _read_records(where / part["files"][0], fmt)
        e = _read_records(where / part["files"][1], fmt)
        if len(r) != part["regions"] or len(e) != part["edges"]:
            raise InvalidArgument(f"{where}: part {part['index']} does not hold the counts its manifest states")
        regs.extend(r)
        edges.extend(e)
    return regs, edges
