"""The cell-enumeration engine (private): recursive restriction with exact points.

Planes are the distinct unit hyperplanes ("groups", indices 0..G-1) followed by the
domain's sides (G..P-1), all as primitive integer rows ``normal . x + offset``.
A *flat* is an affine subspace given by a point ``p0`` and a basis ``B`` of its
direction space (rational, in the ambient coordinates); its *cells* are the
connected components of (flat  ∩  interior of the domain) minus the unit
hyperplanes that cut the flat. Sides marked *exempt* contain the flat on
purpose (the flat lies in that side of the domain) and are not required to be
strictly positive.

Each cell is a pair ``(pos, point)``: ``pos`` is a bit mask of the planes that
are strictly positive on the cell, ``point`` an exact rational point (tuple of
``fmpq``) in the cell's relative interior. Planes containing the flat are zero
there (the flat's ``zmask``); every other plane has the sign ``pos`` says.

Mathematics. A k-cell C (k >= 2) of a flat L is a relatively open polyhedron; if
some unit hyperplane cuts L through the relative interior of L ∩ D, every cell
has a facet on a cutting hyperplane H (its boundary inside the open set
relint(L ∩ D) is non-empty and made of cutting hyperplanes), so C is found
from a (k-1)-cell F of L ∩ H by stepping off H: the signs of C are those of F
with the hyperplanes containing L ∩ H (and not L) set by the direction of the
step. The step length eps is below the distance (along the step) to every other
plane, so the new point lies in C. Along lines (k = 1) cells are the intervals
between the sorted exact roots. If no hyperplane cuts relint(L ∩ D), L ∩ D is
a single cell, found by an exact LP.

Floats only choose step lengths: ``eps`` is a power of two below a rigorous lower
bound of the distances (certified signs and magnitudes from :mod:`reluexact.signs`,
valid at every magnitude; planes the float bound cannot settle are evaluated exactly).
All signs are exact.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator
from typing import Any

import flint
import numpy as np

from reluexact.errors import BudgetExceeded
from reluexact.lp import strict_feasibility
from reluexact.signs import NO_BOUND, AffineForms, ceil_log2, certified_signs

__all__ = ["Engine", "FacetLog", "between", "bits", "gc_paused", "resident_bytes", "stop_exception"]

Cell = tuple[int, tuple[Any, ...]]


class _Stop(Exception):
    pass


class Engine:
    """Enumerates the cells of flats of one arrangement (see module docstring)."""

    def __init__(self, planes: list[tuple[tuple[int, ...], int]], n_groups: int, dimension: int) -> None:
        self.d = d = dimension
        self.P = P = len(planes)
        self.G = n_groups
        self.normals = [list(n) for n, _ in planes]
        self.offsets = [o for _, o in planes]
        self.Nmat = flint.fmpq_mat(P, d, [v for n, _ in planes for v in n]) if P and d else None
        self.Nh = flint.fmpq_mat(P, d + 1, [v for n, o in planes for v in (*n, o)]) if P else None
        self.forms = AffineForms(self.normals, self.offsets, dimension=d)  # certified signs of the planes
        self.memo: dict[tuple[int, int], list[Cell]] = {}
        self._by_top: dict[int, list[tuple[int, int]]] = {}  # memo keys by the highest plane containing the flat
        self.exact_evaluations = 0
        self.lp_calls = 0
        self.deadline: float | None = None
        self.prune_flats = False  # an exact LP skips the flats (dim >= 2) that miss the domain's interior
        self.pruned = 0
        # resident-memory budget in bytes, checked every _MEMORY_EVERY new flats (reading it costs a syscall)
        self.max_memory: int | None = None
        self._flats = 0
        self.zero = flint.fmpq(0)
        self.one = flint.fmpq(1)

    # -- evaluation -------------------------------------------------------------------------
    def evaluate(self, point: tuple[Any, ...]) -> list[Any]:
        """Exact values of every plane at ``point``."""
        if self.Nh is None:
            return []
        col = flint.fmpq_mat(self.d + 1, 1, [*point, self.one])
        return list((self.Nh * col).entries())

    def directions(self, B: list[tuple[Any, ...]]) -> list[list[Any]]:
        """Rows N_p . B_j for every plane p (P lists of k values)."""
        k = len(B)
        if self.Nmat is None or k == 0:
            return [[] for _ in range(self.P)]
        Bm = flint.fmpq_mat(self.d, k, [B[j][i] for i in range(self.d) for j in range(k)])
        ent = (self.Nmat * Bm).entries()
        return [ent[p * k : (p + 1) * k] for p in range(self.P)]

    # -- flats -----------------------------------------------------------------------------------
    def cells(self, p0: tuple[Any, ...], B: list[tuple[Any, ...]], exempt: int) -> tuple[int, list[Cell]]:
        """``(zmask, cells)`` of the flat ``p0 + span(B)`` (memoised by the planes containing it)."""
        k = len(B)
        cls = self.classify(p0, B, exempt)
        if cls[0] is None:
            return cls[2], []
        h, D, zmask, const_pos, cutting, bounding = cls
        key = (zmask, exempt)
        hit = self.memo.get(key)
        if hit is not None:
            return zmask, hit
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _Stop
        if self.max_memory is not None:
            self._flats += 1
            if self._flats % _MEMORY_EVERY == 0 and resident_bytes() > self.max_memory:
                raise _Stop
        if self.prune_flats and k >= 2 and bounding and not self._meets(h, D, bounding):
            self.memo[key] = []
            self._by_top.setdefault(zmask.bit_length() - 1, []).append(key)
            return zmask, []
        if k == 0:
            out: list[Cell] = [(const_pos, p0)]
        elif k == 1:
            out = self._line(p0, B[0], h, D, const_pos, cutting, bounding)
        else:
            found: dict[int, tuple[Any, ...]] = {}
            self.step(p0, B, h, D, zmask, cutting, bounding, exempt, found, None)
            out = list(found.items())
        self.memo[key] = out
        self._by_top.setdefault(zmask.bit_length() - 1, []).append(key)  # for forget_below
        return zmask, out

    def _meets(self, h: list[Any], D: list[list[Any]], bounding: list[int]) -> bool:
        """Whether the flat meets the domain's interior: an exact LP (a Gordan certificate when not)."""
        self.lp_calls += 1
        feas = strict_feasibility([D[p] for p in bounding], [h[p] for p in bounding], method="simplex")
        if feas.point is None:
            self.pruned += 1
            return False
        return True

    def forget_below(self, plane: int) -> None:
        """Drop the memoised cells of the flats contained only in planes of index < ``plane``."""
        for top in [t for t in self._by_top if t < plane]:
            for key in self._by_top.pop(top):
                self.memo.pop(key, None)

    def classify(self, p0: tuple[Any, ...], B: list[tuple[Any, ...]], exempt: int) -> tuple[Any, ...]:
        """Values and directional rows of every plane on a flat, and its zero/positive/cutting sets.

        Returns ``(None, None, zmask, ...)`` when the flat misses the domain's interior.
        """
        h = self.evaluate(p0)
        D = self.directions(B)
        zmask = 0
        const_pos = 0
        cutting: list[int] = []
        bounding: list[int] = []
        G = self.G
        for p in range(self.P):
            row = D[p]
            if any(row):
                (cutting if p < G else bounding).append(p)
            else:
                hp = h[p]
                if hp > 0:
                    const_pos |= 1 << p
                elif hp == 0:
                    zmask |= 1 << p
                    if p >= G and not (exempt >> p) & 1:
                        return None, None, zmask
                elif p >= G:
                    return None, None, zmask
        return h, D, zmask, const_pos, cutting, bounding

    def _line(
        self,
        p0: tuple[Any, ...],
        u: tuple[Any, ...],
        h: list[Any],
        D: list[list[Any]],
        pos: int,
        cutting: list[int],
        bounding: list[int],
    ) -> list[Cell]:
        lo = hi = None
        for p in bounding:
            Dp = D[p][0]
            t = -h[p] / Dp
            if Dp > 0:
                if lo is None or t > lo:
                    lo = t
            elif hi is None or t < hi:
                hi = t
            pos |= 1 << p
        if lo is not None and hi is not None and lo >= hi:
            return []
        pairs: list[tuple[Any, int]] = []
        for p in cutting:
            Dp = D[p][0]
            t = -h[p] / Dp
            bit = 1 << p
            if lo is not None and t <= lo:
                if Dp > 0:
                    pos |= bit
            elif hi is not None and t >= hi:
                if Dp < 0:
                    pos |= bit
            else:
                if Dp < 0:
                    pos |= bit
                pairs.append((t, p))
        # sort the exact roots (one fmpq comparison per step); equal roots (concurrent
        # hyperplanes) flip together
        roots = [t for t, _ in pairs]
        ts: list[Any] = []
        flips: list[int] = []
        for j in sorted(range(len(roots)), key=roots.__getitem__):
            t = roots[j]
            if ts and ts[-1] == t:
                flips[-1] |= 1 << pairs[j][1]
            else:
                ts.append(t)
                flips.append(1 << pairs[j][1])
        bounds = [lo, *ts, hi]
        out: list[Cell] = []
        nzu = [i for i in range(self.d) if u[i] != 0]
        for a in range(len(ts) + 1):
            left, right = bounds[a], bounds[a + 1]
            if left is None:
                t = self.zero if right is None else flint.fmpq(right.ceil() - 1)
            elif right is None:
                t = flint.fmpq(left.floor() + 1)
            else:
                t = between(left, right)
            pt = list(p0)
            for i in nzu:
                pt[i] = p0[i] + t * u[i]
            out.append((pos, tuple(pt)))
            if a < len(ts):
                pos ^= flips[a]
        return out

    def restrict(
        self, p0: tuple[Any, ...], B: list[tuple[Any, ...]], row: list[Any], hval: Any
    ) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], int]:
        """The flat ``{x in p0 + span(B) : plane(x) = 0}`` for a plane with values ``row``, ``hval``."""
        piv = next(j for j, v in enumerate(row) if v != 0)
        bp = B[piv]
        d = self.d
        t0 = -hval / row[piv]
        q0 = tuple(p0[i] + t0 * bp[i] for i in range(d))
        nb = []
        for j, bj in enumerate(B):
            if j == piv:
                continue
            f = row[j] / row[piv]
            nb.append(bj if f == 0 else tuple(bj[i] - f * bp[i] for i in range(d)))
        return q0, nb, piv

    def step(
        self,
        p0: tuple[Any, ...],
        B: list[tuple[Any, ...]],
        h: list[Any],
        D: list[list[Any]],
        zmask: int,
        cutting: list[int],
        bounding: list[int],
        exempt: int,
        found: dict[int, tuple[Any, ...]],
        record: FacetLog | None,
        *,
        progress: Callable[[], None] | None = None,
        sides_too: bool = False,
    ) -> bool:
        """The k-cells (k >= 1) of a flat, from the cells of its cutting hyperplanes.

        With ``record`` (a :class:`FacetLog`), also log each facet: ``record.edges`` gets
        ``(plane, pos_minus, pos_plus, facet_point, new_zero_mask)``, ``record.sides`` gets
        ``(side, pos, facet_point, new_zero_mask)``; with ``sides_too``, the flat's bounding sides are walked as
        well (facets on the domain boundary). New cells go into ``found`` (pos -> point); returns
        whether the exact-LP fallback ran.
        """
        # planes with proportional (row, value) on this flat cut it in the same hyperplane of the flat; the
        # planes that vanish on L ∩ H_g are exactly zmask and those proportional to g (an exact test), so
        # the memo key of L ∩ H_g is known before the sub-flat is built: a memoised one costs no restriction
        reps: dict[tuple[tuple[int, int], ...], int] = {}
        on_key: dict[tuple[tuple[int, int], ...], int] = {}
        key_of: dict[int, tuple[tuple[int, int], ...]] = {}
        for p in (*cutting, *bounding):
            row = D[p]
            j0 = next(j for j, v in enumerate(row) if v != 0)
            lead = row[j0]
            key = tuple(_pq(v / lead) for v in (*row, h[p]))
            key_of[p] = key
            on_key[key] = on_key.get(key, 0) | (1 << p)
            if p < self.G:
                reps.setdefault(key, p)
        walk = [(p, False) for p in reps.values()]
        if sides_too:
            walk += [(p, True) for p in bounding]
        P = self.P
        k = len(B)
        # exact signs of the directional rows, once per flat
        moving = [*cutting, *bounding]
        Dsign = np.zeros((P, k), dtype=np.int8)
        for p in moving:
            Dsign[p] = [(v > 0) - (v < 0) for v in D[p]]
        # the steps off every facet of this flat are certified together (one vectorised call per flat);
        # at the top level (record/progress) after each plane, so ``found`` never holds a placeholder
        # when a budget stops the walk
        batch = _Steps(self, D, B, np.array(moving, dtype=np.intp), Dsign)
        flush_each = record is not None or progress is not None
        for g, is_side in walk:
            if record is not None:
                # top level: the walk goes through the planes in increasing order and every flat met under
                # plane g lies in g, so a flat inside planes < g only will not be met again: forget its cells
                self.forget_below(g)
            sub_exempt = exempt | (1 << g) if is_side else exempt
            subz = zmask | on_key[key_of[g]]
            memoised = self.memo.get((subz, sub_exempt))
            if memoised is not None:
                row_g = D[g]
                piv = next(j for j, v in enumerate(row_g) if v != 0)  # restrict's pivot
                subcells = memoised
            else:
                q0, nb, piv = self.restrict(p0, B, D[g], h[g])
                subz, subcells = self.cells(q0, nb, sub_exempt)
            if progress is not None:
                progress()
            if not subcells:
                continue
            newz = subz & ~zmask
            plus = minus = 0
            for p in _bits(newz):
                sp = Dsign[p, piv]
                if sp > 0:
                    plus |= 1 << p
                elif sp < 0:
                    minus |= 1 << p
            pending: list[tuple[int, tuple[Any, ...], int]] = []
            if not is_side:
                # both sides of a cutting hyperplane (the hot loop: kept free of calls)
                edges_out = record.edges if record is not None else None
                for qpos, q in subcells:
                    pos_plus = qpos | plus
                    pos_minus = qpos | minus
                    if pos_plus not in found:
                        found[pos_plus] = q  # placeholder, replaced when the batch is certified
                        pending.append((pos_plus, q, 1))
                    if pos_minus not in found:
                        found[pos_minus] = q
                        pending.append((pos_minus, q, -1))
                    if edges_out is not None:
                        edges_out.append((g, pos_minus, pos_plus, q, newz))
            else:
                sgn = -1 if Dsign[g, piv] < 0 else 1
                extra = plus if sgn > 0 else minus
                sides_out = record.sides if record is not None else None
                for qpos, q in subcells:
                    pos = qpos | extra
                    if pos not in found:
                        found[pos] = q
                        pending.append((pos, q, sgn))
                    if sides_out is not None:
                        sides_out.append((g, pos, q, newz))
            if pending:
                batch.add(piv, subz, pending)
                if flush_each:
                    batch.flush(found)
        batch.flush(found)
        used_lp = False
        if not found:
            # no hyperplane cuts the relative interior: one cell, if the flat meets the interior at all
            k = len(B)
            rows = [D[p] for p in bounding]
            offs = [h[p] for p in bounding]
            if rows:
                self.lp_calls += 1
                used_lp = True
                feas = strict_feasibility(rows, offs, method="simplex")
                if feas.point is None:
                    return used_lp
                y = [flint.fmpq(v.numerator, v.denominator) for v in feas.point]
            else:
                y = [self.zero] * k
            point = tuple(p0[i] + sum((y[j] * B[j][i] for j in range(k)), self.zero) for i in range(self.d))
            vals = self.evaluate(point)
            pos = 0
            for p in range(self.P):
                v = vals[p]
                if v > 0:
                    pos |= 1 << p
                elif v == 0 and not (zmask >> p) & 1:  # pragma: no cover - excluded by the argument above
                    raise BudgetExceeded("internal: LP point lies on a hyperplane")
            found[pos] = point
        return used_lp


_MEMORY_EVERY = 256


def resident_bytes() -> int:
    """This process's resident memory now, in bytes (Linux ``/proc``; elsewhere its peak so far).

    Examples
    --------
    >>> resident_bytes() > 0
    True
    """
    try:
        with open("/proc/self/statm", "rb") as handle:
            pages = int(handle.read().split()[1])
        import os

        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        import resource
        import sys

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class FacetLog:
    """Where :meth:`Engine.step` logs the facets it walks (top level only)."""

    def __init__(self) -> None:
        self.edges: list[tuple[int, int, int, tuple[Any, ...], int]] = []
        self.sides: list[tuple[int, int, tuple[Any, ...], int]] = []


class _Steps:
    """Steps from facet points q along ``sgn * u`` into the adjacent cells, by certified eps (one flat).

    A plane p with value h_p(q) != 0 and rate c_p = D[p][piv] along u = B[piv] is approached when
    sign(h_p) sign(sgn c_p) < 0, and reached after t_p = |h_p(q)| / |c_p|. With certified
    ``2^low_p < |h_p(q)|`` (:func:`reluexact.signs.certified_signs`, valid at every magnitude)
    and ``|c_p| <= 2^up_p`` (exact: :func:`reluexact.signs.ceil_log2`), eps = 2^(min_p (low_p -
    up_p) - 1) is below t_p / 2 for every approached plane, so the step stays inside the cell.

    The steps of all the facets of one flat (each its own ``piv`` and zero set) are collected with
    :meth:`add` and certified by one vectorised :func:`certified_signs` call in :meth:`flush`; the
    planes a facet point lies on (and those parallel to its step) are masked out, never evaluated.
    ``up_p`` is computed once per flat and column.
    """

    def __init__(
        self, engine: Engine, D: list[list[Any]], B: list[tuple[Any, ...]], moving: np.ndarray, Dsign: np.ndarray
    ):
        self.e = engine
        self.D = D
        self.B = B
        self.moving = moving
        self.msign = Dsign[moving]  # (M, k): exact signs of the moving planes' rates
        self.column_of = np.full(engine.P, -1, dtype=np.intp)  # plane -> its column among the moving ones
        self.column_of[moving] = np.arange(len(moving))
        self.ups: dict[int, np.ndarray] = {}
        self.groups: list[tuple[int, int, list[tuple[int, tuple[Any, ...], int]]]] = []

    def add(self, piv: int, subz: int, items: list[tuple[int, tuple[Any, ...], int]]) -> None:
        """Queue ``(pos, q, sgn)`` items stepping along ``B[piv]`` from facet points on the planes ``subz``."""
        self.groups.append((piv, subz, items))

    def _up(self, piv: int) -> np.ndarray:
        up = self.ups.get(piv)
        if up is None:
            D = self.D
            col = self.msign[:, piv]
            up = np.array(
                [ceil_log2(D[int(p)][piv]) if col[j] else 0 for j, p in enumerate(self.moving.tolist())],
                dtype=np.int64,
            )  # |c_p| <= 2^up_p
            self.ups[piv] = up
        return up

    def flush(self, found: dict[int, tuple[Any, ...]]) -> None:
        """Certify every queued step and write the stepped points into ``found``."""
        groups = self.groups
        if not groups:
            return
        self.groups = []
        e = self.e
        moving = self.moving
        M = len(moving)
        points = [q for _, _, items in groups for _, q, _ in items]
        N = len(points)
        best: list[int]
        if M == 0:
            best = [NO_BOUND] * N
        else:
            wanted = np.empty((N, M), dtype=bool)
            csign = np.empty((N, M), dtype=np.int8)
            cup = np.empty((N, M), dtype=np.int64)
            sg = np.empty(N, dtype=np.int8)
            r = 0
            for piv, subz, items in groups:
                col = self.msign[:, piv]
                live = col != 0
                if subz:
                    cols = self.column_of[_bits(subz)]
                    live[cols[cols >= 0]] = False
                n_items = len(items)
                wanted[r : r + n_items] = live
                csign[r : r + n_items] = col
                cup[r : r + n_items] = self._up(piv)
                sg[r : r + n_items] = [sgn for _, _, sgn in items]
                r += n_items
            # only the planes some step approaches: which planes are evaluated decides the float path
            # certified_signs takes, so a flat's one facet gives the bounds (and points) it gave alone
            cols = np.flatnonzero(wanted.any(axis=0))
            if len(cols) == 0:
                best = [NO_BOUND] * N
            else:
                if len(cols) < M:
                    wanted, csign, cup = wanted[:, cols], csign[:, cols], cup[:, cols]
                got = certified_signs(e.forms, points, subset=moving[cols], magnitudes=True, where=wanted)
                assert got.exponents is not None
                e.exact_evaluations += got.exact_evaluations
                approach = got.signs * csign * sg[:, None] < 0
                with np.errstate(over="ignore"):  # masked entries (NO_BOUND) may wrap; they are not used
                    bound = np.where(approach, got.exponents - cup, NO_BOUND)
                best = bound.min(axis=1).tolist()
        one = e.one
        d = e.d
        r = 0
        for piv, _, items in groups:
            u = self.B[piv]
            nz = [i for i in range(d) if u[i] != 0]
            for pos, q, sgn in items:
                b = best[r]
                r += 1
                eps = one if b == NO_BOUND else pow2(b - 1)
                step = eps if sgn > 0 else -eps
                pt = list(q)
                for i in nz:
                    pt[i] = q[i] + step * u[i]
                found[pos] = tuple(pt)


_POW2: dict[int, Any] = {}


def pow2(ex: int) -> Any:
    """2**ex as an exact fmpq, memoised (the engine and the planar path step by these)."""
    v = _POW2.get(ex)
    if v is None:
        v = flint.fmpq(2**ex) if ex >= 0 else flint.fmpq(1, 2 ** (-ex))
        _POW2[ex] = v
    return v


def between(left: Any, right: Any) -> Any:
    """A short dyadic rational strictly between ``left < right`` (exact fmpq; the engine and the planar path).

    With ``s = 2^(e - 1) < right - left`` (``e = ceil_log2(right - left)``), ``(floor(left / s) + 1) s``
    lies in ``(left, left + s]``, inside the interval; its denominator is a power of two (at most
    about ``2 / (right - left)``), where the midpoint's would be the product of both ends'.

    Examples
    --------
    >>> between(flint.fmpq(1, 3), flint.fmpq(1, 2)), between(flint.fmpq(-7, 3), flint.fmpq(5))
    (3/8, 0)
    """
    s = pow2(ceil_log2(right - left) - 1)
    return ((left / s).floor() + 1) * s


def _pq(v: Any) -> tuple[int, int]:
    return (int(v.p), int(v.q))


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def bits(mask: int) -> list[int]:
    """Indices of the set bits of ``mask``, increasing."""
    return _bits(mask)


@contextlib.contextmanager
def gc_paused(*, promote: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (restored after, also on errors).

    Reference counting still frees everything that is not in a cycle; only the periodic
    generation scans (which re-traverse every live container) are deferred. With ``promote``
    the containers the block left alive (a large result) are moved to the oldest generation
    when it ends (``gc.freeze()`` then ``gc.unfreeze()``), so the young-generation scan that
    would otherwise follow does not traverse them all at once; the next full collection sees
    them, as it sees every long-lived object. Skipped while the program keeps objects frozen
    itself (``gc.get_freeze_count()``), whose freeze this must not undo.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if promote and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def stop_exception() -> type[Exception]:
    """The exception the engine raises when its deadline passes."""
    return _Stop
