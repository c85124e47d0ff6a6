"""Region-output-sensitive enumeration: a breadth-first walk over regions across their facets.

The restriction over the intersection lattice (:mod:`reluexact.regions._engine`) visits every
face of the arrangement; in high dimension the faces outnumber the regions by orders of
magnitude (d = 8, n = 16: 5.4 million faces for 39,203 regions). This walk does work per
region and per plane instead: ``O(R * P)`` sign-pattern tests, of which only the ones that
are not answered by an already known region need an LP.

Mathematics. Let the planes be the distinct unit hyperplanes and the domain's sides, and let
a *cell* be a non-empty set ``{x : s_p l_p(x) > 0 for every plane p}`` for a sign vector
``s``. Two cells whose sign vectors differ exactly on the planes coinciding with one
hyperplane H are adjacent through a facet on H: on the segment between their interior points
every other plane's affine value has the same strict sign at both ends, so keeps it (it is
affine along the segment), and the point where the segment meets H lies in the relative
interior of a common facet. Conversely a facet of a cell on H is crossed into such a cell.
So the regions (cells inside the domain) and their facets are found by a breadth-first walk:
for a region R and a hyperplane H, flip the signs of H's planes; the flipped pattern is a cell
exactly when H carries a facet of R. Each flip is decided by

* a hash look-up, when the flipped pattern is a region already found (its facet point is the
  exact crossing point of the segment between the two interior points);
* a cached Gordan certificate (a set of planes whose signs, as in the flipped pattern, have no
  common strict solution), when one applies;
* otherwise a float LP (scipy's HiGHS: the largest ball in the flipped cell) that only
  *guides*: a positive radius gives a point, rounded to a short dyadic and accepted only if
  its exact signs are the pattern's; a non-positive one gives the support of a dual solution,
  on which exact Gordan multipliers are solved for (a null vector, checked exactly ``>= 0``).
  When a guess fails its exact check, the exact simplex of :mod:`reluexact.lp` decides.

The region graph of an arrangement restricted to a convex domain is connected (a segment
between two interior points crosses one hyperplane at a time after a perturbation), so the
walk is complete once every flip of every region it found is decided, each decision being
exact. The result goes through the same exact assembly and sign certification as the lattice
method (:func:`reluexact.regions.enumeration.assemble`), so both give the same regions,
patterns, facets and edges (interior and facet points may differ).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions.arrangements import arrangement
>>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0])
>>> res = walk_arrangement(arrangement(net))
>>> len(res), len(res.edges), res.certificate.method
(7, 9, 'facet-walk')
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from typing import Any

import flint
import numpy as np

from reluexact.errors import CertificationError, InvalidArgument
from reluexact.lp import strict_feasibility
from reluexact.regions._engine import Engine, gc_paused, resident_bytes
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.types import RegionsResult

__all__ = ["METHODS", "WalkStats", "choose_method", "estimated_costs", "segment_crossings", "walk_arrangement"]

METHODS = ("auto", "lattice", "walk", "sweep")

# a float LP radius inside this band is not trusted either way (the exact simplex decides)
_TOL = 1e-9


# the cost model (fit by bench/bench_walk.py, see docs/regions.md): seconds per face of a simple
# arrangement for the lattice method, per (region x plane) for the walk
_LATTICE_PER_FACE = 1.7e-5
_WALK_PER_REGION_PLANE = 2.1e-5


def estimated_costs(arr: Arrangement) -> tuple[float, float]:
    """Predicted seconds ``(lattice, walk)`` for an arrangement, from the counts of a simple one.

    With n distinct hyperplanes in R^d in general position there are
    ``C(n, d - k) * sum_{i <= k} C(n - d + k, i)`` faces of dimension k (Zaslavsky) and
    ``sum_{i <= d} C(n, i)`` regions; the lattice method visits every face, the walk does
    work per region and plane. The constants are fit to bench/bench_walk.py.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> lat, walk = estimated_costs(arrangement(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])))
    >>> lat < walk  # four quadrants: the lattice method is cheaper
    True
    """
    d = arr.dimension
    n = len(arr.groups)
    P = n + len(arr.sides)
    faces = 0
    for k in range(d + 1):
        faces += math.comb(n, d - k) * sum(math.comb(n - d + k, i) for i in range(k + 1)) if n >= d - k else 0
    regions = sum(math.comb(n, i) for i in range(d + 1))
    return _LATTICE_PER_FACE * faces, _WALK_PER_REGION_PLANE * regions * max(P, 1)


def choose_method(arr: Arrangement, method: str = "auto") -> str:
    """``"lattice"`` or ``"walk"``: ``method`` itself, or for ``"auto"`` the cheaper by :func:`estimated_costs`.

    A forced ``"sweep"`` is returned as is; ``"auto"`` never answers it: callers try
    :func:`reluexact.regions.sweep.try_sweep` first.

    Raises
    ------
    InvalidArgument
        For a method that is not one of :data:`METHODS`.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> choose_method(arrangement(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])))
    'lattice'
    >>> choose_method(arrangement(TwoLayerReLU([[1]], [0], [[1]], [0])), "walk")
    'walk'
    """
    if method not in METHODS:
        raise InvalidArgument(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
    if method != "auto":
        return method
    lattice, walk = estimated_costs(arr)
    return "walk" if walk < lattice else "lattice"


class WalkStats:
    """Counters of one walk (how each flip was decided); filled by :func:`walk_arrangement`."""

    def __init__(self) -> None:
        self.known = 0
        self.cached = 0
        self.float_lps = 0
        self.exact_lps = 0
        self.certificates = 0
        self.shots = 0

    def __repr__(self) -> str:
        return (
            f"WalkStats(known={self.known}, cached={self.cached}, float_lps={self.float_lps}, "
            f"exact_lps={self.exact_lps}, certificates={self.certificates}, shots={self.shots})"
        )


def walk_arrangement(
    arr: Arrangement,
    *,
    max_regions: int | None = None,
    time_limit: float | None = None,
    progress: Any = False,
    max_memory: int | None = None,
    stats: WalkStats | None = None,
) -> RegionsResult:
    """Enumerate the regions of an arrangement by the facet walk (see the module docstring).

    Same contract as :func:`reluexact.regions.enumeration.enumerate_arrangement`; the
    certificate's ``method`` is ``"facet-walk"`` and ``lp_calls`` counts the exact LPs.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> sorted(r.pattern for r in walk_arrangement(arrangement(net, domain="-1,1")))
    ['00', '01', '10', '11']
    """
    with gc_paused():
        return _walk(arr, max_regions, time_limit, progress, max_memory, stats if stats is not None else WalkStats())


def _walk(
    arr: Arrangement,
    max_regions: int | None,
    time_limit: float | None,
    progress: Any,
    max_memory: int | None,
    stats: WalkStats,
) -> RegionsResult:
    from reluexact.regions.enumeration import assemble  # the shared exact assembly (same package)

    start = time.monotonic()
    d = arr.network.input_dim
    G = len(arr.groups)
    planes = [(g.normal, g.offset) for g in arr.groups] + [(h.normal, h.offset) for h in arr.sides]
    P = len(planes)
    engine = Engine(planes, G, d)
    walker = _Walker(engine, planes, stats)
    side_bits = ((1 << P) - 1) ^ ((1 << G) - 1)
    # planes on one hyperplane flip together; a group on a side's hyperplane never cuts the domain
    co = _coincident(planes)
    flips: list[tuple[int, int, bool]] = []  # (plane, mask flipped, is_side)
    for p in range(P):
        if p < G and co[p] & side_bits:
            continue
        if p >= G and co[p] & side_bits & ((1 << p) - 1):
            continue  # a duplicate side (halfspaces merges them; kept for safety)
        flips.append((p, co[p], p >= G))
    for p, fmask, _ in flips:
        walker.flip_of[[q for q in range(P) if (fmask >> q) & 1]] = p
    x0, mask0 = walker.first_point()
    found: dict[int, tuple[Any, ...]] = {mask0: x0}
    values: dict[int, list[Any]] = {mask0: engine.evaluate(x0)}
    queue = deque([mask0])
    done: set[int] = set()
    edges_raw: list[tuple[int, int, int, tuple[Any, ...], int]] = []
    sides_raw: list[tuple[int, int, tuple[Any, ...], int]] = []
    deadline = None if time_limit is None else start + time_limit
    bar = _bar(progress)
    complete = True
    while queue:
        if deadline is not None and time.monotonic() > deadline:
            complete = False
            break
        if max_regions is not None and len(found) > max_regions:
            complete = False
            break
        if max_memory is not None and len(done) % 256 == 0 and resident_bytes() > max_memory:
            complete = False
            break
        R = queue.popleft()
        x = found[R]
        vx = values[R]
        resolved: list[tuple[int, int, bool, int, tuple[Any, ...], list[Any]]] = []
        todo: list[tuple[int, int, bool, int]] = []
        for p, fmask, is_side in flips:
            cand = R ^ fmask
            if cand in done:
                continue  # the edge was logged from the other side
            y = found.get(cand)
            if y is not None:
                stats.known += 1
                resolved.append((p, fmask, is_side, cand, y, values[cand]))
            else:
                todo.append((p, fmask, is_side, cand))
        if todo:
            shots = walker.shoot(x, R, [t[0] for t in todo], [t[3] for t in todo])
            open_ = [k for k, shot in enumerate(shots) if shot is None]
            ruled_out = walker.cache.covers([todo[k][3] for k in open_])
            stats.cached += sum(ruled_out)
            for k, out in zip(open_, ruled_out, strict=True):
                if out:
                    shots[k] = False
            for (p, fmask, is_side, cand), shot in zip(todo, shots, strict=True):
                if shot is False:
                    continue
                if shot is None:
                    # certificates filed while deciding this region's earlier flips may apply
                    shot = walker.decide(cand)
                    if shot is None:
                        continue
                y, vy = shot
                if is_side:
                    walker.floats.pop(cand, None)
                else:
                    found[cand] = y
                    values[cand] = vy
                    queue.append(cand)
                resolved.append((p, fmask, is_side, cand, y, vy))
        for p, fmask, is_side, cand, y, vy in resolved:
            q = walker.crossing(x, vx, y, vy, p)
            if is_side:
                sides_raw.append((p, R, q, fmask))
            elif (R >> p) & 1:
                edges_raw.append((p, cand, R, q, fmask))
            else:
                edges_raw.append((p, R, cand, q, fmask))
        done.add(R)
        walker.floats.pop(R, None)
        if bar is not None:
            bar.update(1)
    if bar is not None and bar is not progress:
        bar.close()
    if max_regions is not None and len(found) > max_regions:
        complete = False
    engine.lp_calls = stats.exact_lps
    # each region's facets in the lattice method's order: hyperplanes by group, then sides
    edges_raw.sort(key=lambda e: e[0])
    sides_raw.sort(key=lambda e: e[0])
    if not complete:
        # regions found but not walked have unlisted facets: keep the walked ones first
        order = [m for m in found if m in done] + [m for m in found if m not in done]
        found = {m: found[m] for m in order}
    return assemble(arr, engine, found, edges_raw, sides_raw, complete, max_regions, start, method="facet-walk")


def segment_crossings(
    xs: list[tuple[Any, ...]], ys: list[tuple[Any, ...]], lx: list[Any], ly: list[Any]
) -> list[tuple[Any, ...]]:
    """Exact points where segments from ``xs[k]`` to ``ys[k]`` meet a plane, given its values there.

    ``lx[k]`` and ``ly[k]`` are the plane's exact values (of opposite strict signs) at the two
    ends; the point is ``x + t (y - x)`` with ``t = lx / (lx - ly)``. Any exact numbers (FLINT
    ``fmpq``, ``Fraction``).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> segment_crossings([(F(0), F(0))], [(F(4), F(2))], [F(-1)], [F(3)])  # the plane x - 1
    [(Fraction(1, 1), Fraction(1, 2))]
    """
    out = []
    for x, y, a, b in zip(xs, ys, lx, ly, strict=True):
        t = a / (a - b)
        out.append(tuple([u + t * (v - u) for u, v in zip(x, y, strict=True)]))  # fmpq compares cost as much as this
    return out


def _float(v: Any) -> float:
    try:
        return float(v)
    except OverflowError:
        return math.inf


def _bar(progress: Any) -> Any:
    if progress is False or progress is None:
        return None
    if hasattr(progress, "update"):  # a caller's bar (one display across several stages): reuse it
        progress.reset(total=None)
        progress.set_description("regions (walked)")
        return progress
    import sys

    if progress == "auto" and not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(desc="regions", unit="region", leave=False)


def _coincident(planes: list[tuple[tuple[int, ...], int]]) -> list[int]:
    """Per plane, the mask of the planes on the same hyperplane (either orientation), itself included."""
    key: dict[tuple[int, ...], int] = {}
    keys = []
    for normal, offset in planes:
        row = (*normal, offset)
        lead = next(v for v in row if v != 0)
        k = tuple(v if lead > 0 else -v for v in row)  # rows are primitive: fix the sign only
        keys.append(k)
        key[k] = key.get(k, 0) | (1 << len(keys) - 1)
    return [key[k] for k in keys]


class _Walker:
    """Exact and float views of the planes; decides flipped patterns (see the module docstring)."""

    def __init__(self, engine: Engine, planes: list[tuple[tuple[int, ...], int]], stats: WalkStats) -> None:
        self.e = engine
        self.d = engine.d
        self.P = len(planes)
        self.stats = stats
        self.rows = [[flint.fmpq(v) for v in n] for n, _ in planes]
        self.offs = [flint.fmpq(o) for _, o in planes]
        # float rows scaled to unit length (for the LP only: integer / integer true division
        # never overflows, whatever the magnitude)
        fl = np.zeros((self.P, self.d + 1))
        for p, (n, o) in enumerate(planes):
            big = max(abs(v) for v in n)
            try:
                off = o / big
            except OverflowError:
                off = 1e300 if o > 0 else -1e300
            fl[p] = [*(v / big for v in n), max(-1e300, min(1e300, off))]
            fl[p] /= np.linalg.norm(fl[p, : self.d])
        self.fn = fl[:, : self.d]
        self.fo = fl[:, self.d]
        self.cache = _Certificates(self.P)
        self.lp = _FloatLP(self.fn, self.fo)
        self.gram = self.fn @ self.fn.T
        co = _coincident(planes)
        self.flip_of = np.zeros(self.P, dtype=np.int64)  # per plane: the flip crossing it (set by the walk)
        self.floats: dict[int, np.ndarray] = {}  # float guides of the points found by rounding
        self.nbytes = (self.P + 7) // 8
        rng = np.random.default_rng(0)
        extra = rng.normal(size=(self.d, self.d)) if self.d else np.zeros((0, 0))
        self.extra = extra / np.linalg.norm(extra, axis=1)[:, None] if self.d else extra
        self.co_bool = np.array([[(co[p] >> q) & 1 for p in range(self.P)] for q in range(self.P)], dtype=bool)

    # -- exact pieces ------------------------------------------------------------------------
    def value(self, p: int, x: tuple[Any, ...]) -> Any:
        s = self.offs[p]
        for a, v in zip(self.rows[p], x, strict=True):
            if a:
                s += a * v
        return s

    def sign_array(self, mask: int) -> np.ndarray:
        """The sign vector ``mask`` as a float array of +-1."""
        raw = np.frombuffer(mask.to_bytes(self.nbytes, "little"), dtype=np.uint8)
        bits = np.unpackbits(raw, bitorder="little")[: self.P]
        return bits.astype(np.float64) * 2.0 - 1.0

    def signs_are(self, x: tuple[Any, ...], mask: int) -> list[Any] | None:
        """The exact plane values at ``x`` if their strict signs are ``mask``'s, else ``None``."""
        vals = self.e.evaluate(x)
        zero = self.e.zero
        for v in vals:  # strict signs as mask's bits, lowest plane first
            if (v > zero) != (mask & 1) or v == zero:
                return None
            mask >>= 1
        return vals

    def crossing(self, x: tuple[Any, ...], vx: list[Any], y: tuple[Any, ...], vy: list[Any], p: int) -> tuple[Any, ...]:
        """The exact point where the segment from ``x`` to ``y`` (plane values ``vx``, ``vy``) meets plane ``p``."""
        return segment_crossings([x], [y], [vx[p]], [vy[p]])[0]

    def first_point(self) -> tuple[tuple[Any, ...], int]:
        """An exact point of the domain's interior on no hyperplane, and its sign mask."""
        d, P, G = self.d, self.P, self.e.G
        zero = flint.fmpq(0)
        if P > G:
            feas = strict_feasibility(self.rows[G:], self.offs[G:])
            self.stats.exact_lps += 1
            assert feas.point is not None  # as_domain checked the domain has an interior point
            x0 = tuple(flint.fmpq(v.numerator, v.denominator) for v in feas.point)
        else:
            x0 = tuple(zero for _ in range(d))
        vals = [self.value(p, x0) for p in range(P)]
        on = [p for p in range(P) if vals[p] == 0]
        t = 2
        while True:  # a direction on the moment curve that no plane through x0 contains
            u = [flint.fmpq(t**i) for i in range(d)]
            rates = [sum((a * b for a, b in zip(self.rows[p], u, strict=True)), zero) for p in range(P)]
            if all(rates[p] != 0 for p in on):
                break
            t += 1
        eps = flint.fmpq(1)
        for p in range(P):
            if vals[p] != 0 and rates[p] != 0:
                eps = min(eps, abs(vals[p]) / abs(rates[p]) / 2)
        x = tuple(a + eps * b for a, b in zip(x0, u, strict=True))
        mask = 0
        for p in range(P):
            v = self.value(p, x)
            if v == 0:  # pragma: no cover - excluded by the choice of eps
                raise CertificationError("internal: the walk's first point lies on a plane")
            if v > 0:
                mask |= 1 << p
        return x, mask

    # -- deciding a pattern --------------------------------------------------------------------
    def shoot(self, x: tuple[Any, ...], mask: int, ps: list[int], cands: list[int]) -> list[Any]:
        """Cheap facet tests: float rays from ``x`` (towards each plane of ``ps``, and a few fixed ones).

        The plane a ray meets first (clearly before every plane not on its hyperplane) carries
        a facet of the region; a point just past it is rounded to a short dyadic and kept if
        its exact signs are the flipped pattern's: entry ``(point, values)`` for that plane's
        flip in ``ps``. ``None`` where no ray says anything.
        """
        P = self.P
        out: list[Any] = [None] * len(ps)
        xf = self.floats.get(mask)
        if xf is None:
            xf = np.array([_float(v) for v in x])
        if not np.all(np.isfinite(xf)):
            return out
        s = self.sign_array(mask)
        v = s * (self.fn @ xf + self.fo)  # distances to the planes (unit normals)
        idx = np.array(ps)
        U = np.vstack([-(s[idx][:, None] * self.fn[idx]), self.extra])  # rows: unit directions
        rate = (s[:, None] * self.fn) @ U.T  # d/dtau of s_q l_q(x + tau u): P x rays
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            T = np.where(rate < -1e-12, v[:, None] / -rate, np.inf)
        cols = np.arange(T.shape[1])
        first = T.argmin(axis=0)
        t1 = T[first, cols]
        T[self.co_bool[:, first]] = np.inf
        t2 = T.min(axis=0)
        ok = np.isfinite(t1) & (t1 > 0) & (t1 < t2 * (1 - 1e-6))
        lut = np.full(P, -1)
        lut[idx] = np.arange(len(ps))
        slot = lut[self.flip_of[first]]
        good = np.nonzero(ok & (slot >= 0))[0]
        if len(good) == 0:
            return out
        _, keep = np.unique(slot[good], return_index=True)  # one ray per facet
        js = good[keep]
        tau = np.where(np.isfinite(t2[js]), (t1[js] + t2[js]) / 2, 2 * t1[js] + 1)
        Y = xf[None, :] + tau[:, None] * U[js]
        with np.errstate(over="ignore", invalid="ignore"):
            radius = np.abs(Y @ self.fn.T + self.fo[None, :]).min(axis=1)
        for y, r, c in zip(Y, radius.tolist(), slot[js].tolist(), strict=True):
            if not r > _TOL:
                continue
            got = self._round(y, r, cands[c])
            if got is not None:
                self.stats.shots += 1
                out[c] = got
        return out

    def decide(self, mask: int) -> tuple[tuple[Any, ...], list[Any]] | None:
        """An exact point with sign vector ``mask`` (every plane strict), or ``None`` (certified)."""
        if self.cache.covers([mask])[0]:
            self.stats.cached += 1
            return None
        return self._decide_lp(mask)

    def _decide_lp(self, mask: int) -> tuple[tuple[Any, ...], list[Any]] | None:
        st = self.stats
        st.float_lps += 1
        P = self.P
        got = self.lp.solve(mask)
        if got is not None:
            t, xf, dual = got
            if t > _TOL:
                pt = self._round(xf, t, mask)
                if pt is not None:
                    return pt
            elif t < -_TOL:
                support = [p for p in range(P) if abs(dual[p]) > _TOL]
                if self._certify(mask, support):
                    return None
        return self._exact(mask, list(range(P)))

    def _round(self, xf: np.ndarray, t: float, mask: int) -> tuple[tuple[Any, ...], list[Any]] | None:
        if not np.all(np.isfinite(xf)):
            return None
        scale = max(1.0, float(np.max(np.abs(xf))))
        bits = max(1, math.ceil(math.log2(4 * math.sqrt(self.d) / t)) + 1)
        for extra in (0, 12):
            k = bits + extra
            den = 1 << k
            # np.rint rounds half to even as round() does, and int() of a float is exact
            pt = tuple([flint.fmpq(int(v), den) for v in np.rint(xf * den).tolist()])
            vals = self.signs_are(pt, mask)
            if vals is not None:
                self.floats[mask] = xf
                return pt, vals
            if scale * den > 2.0**60:
                break
        return None

    def _certify(self, mask: int, support: list[int]) -> bool:
        """Exact Gordan multipliers on ``support`` (a null vector of its signed rows), filed in the cache."""
        d = self.d
        m = len(support)
        if m == 0 or m > d + 1:
            return False
        sg = [1 if (mask >> p) & 1 else -1 for p in support]
        ents = []
        for j in range(d):
            for i, p in enumerate(support):
                ents.append(int(self.rows[p][j]) * sg[i])
        X, nullity = flint.fmpz_mat(d, m, ents).nullspace() if d else (flint.fmpz_mat(m, 1, [1] * m), 1)
        if nullity != 1:
            return False
        y = [int(X[i, 0]) for i in range(m)]
        if sum(y) < 0:
            y = [-v for v in y]
        if sum(y) == 0 or any(v < 0 for v in y):
            return False
        by = sum(v * sg[i] * int(self.offs[p]) for i, (v, p) in enumerate(zip(y, support, strict=True)))
        if by > 0:
            return False
        self._file(mask, support)
        return True

    def _exact(self, mask: int, support: list[int]) -> tuple[tuple[Any, ...], list[Any]] | None:
        st = self.stats
        st.exact_lps += 1
        rows = []
        offs = []
        for p in support:
            if (mask >> p) & 1:
                rows.append(self.rows[p])
                offs.append(self.offs[p])
            else:
                rows.append([-v for v in self.rows[p]])
                offs.append(-self.offs[p])
        feas = strict_feasibility(rows, offs, method="simplex")
        if feas.point is not None:
            pt = tuple(flint.fmpq(v.numerator, v.denominator) for v in feas.point)
            vals = self.signs_are(pt, mask)
            if vals is None:  # pragma: no cover - lp checks its points exactly
                raise CertificationError("internal: exact LP point has the wrong signs")
            return pt, vals
        assert feas.certificate is not None
        self._file(mask, [p for p, v in zip(support, feas.certificate, strict=True) if v != 0])
        return None

    def _file(self, mask: int, support: list[int]) -> None:
        self.stats.certificates += 1
        self.cache.add(mask, support)


class _Certificates:
    """Gordan certificates as ``(support mask, signs on the support)``, as numpy word arrays.

    A certificate proves that no point has those strict signs on its support, so it rules
    out every sign vector that agrees with it there; :meth:`covers` tests many sign vectors
    against every certificate at once (masks split into 64-bit words).
    """

    def __init__(self, P: int) -> None:
        self.W = max(1, (P + 63) // 64)
        self.sup = np.zeros((16, self.W), dtype=np.uint64)
        self.sgn = np.zeros((16, self.W), dtype=np.uint64)
        self.n = 0

    def words(self, mask: int) -> list[int]:
        return [(mask >> (64 * w)) & 0xFFFFFFFFFFFFFFFF for w in range(self.W)]

    def add(self, mask: int, support: list[int]) -> None:
        sup = 0
        for p in support:
            sup |= 1 << p
        if self.n == len(self.sup):
            self.sup = np.concatenate([self.sup, np.zeros_like(self.sup)])
            self.sgn = np.concatenate([self.sgn, np.zeros_like(self.sgn)])
        self.sup[self.n] = self.words(sup)
        self.sgn[self.n] = self.words(mask & sup)
        self.n += 1

    def covers(self, masks: list[int]) -> list[bool]:
        """Per sign vector, whether a filed certificate rules it out."""
        if self.n == 0 or not masks:
            return [False] * len(masks)
        c = np.array([self.words(m) for m in masks], dtype=np.uint64)
        sup, sgn = self.sup[: self.n], self.sgn[: self.n]
        hit = ((c[:, None, :] & sup[None, :, :]) == sgn[None, :, :]).all(axis=2).any(axis=1)
        return [bool(h) for h in hit]


# One HiGHS solver per thread (HiGHS keeps its task scheduler per thread since 1.3.0 and
# says to give each thread its own instance; with ``threads`` 1 it starts no threads itself).
_LOCAL = threading.local()
#: The largest offset the float LP is given. HiGHS reads any bound of magnitude >= 1e20 (its
#: ``infinite_bound``) as infinite, so a far plane's row ``>= 1e227`` is an infinite lower
#: bound: ``passModel`` rejects the model, and HiGHS 1.12 then crashes (SIGSEGV) on the next
#: ``changeCoeff`` or ``run``. A plane this far from the origin, at unit scale, only tells the
#: guide which side it is on, which the clipped offset keeps.
_FAR = 1e15


def _highs_core() -> Any:
    """HiGHS's bindings: highspy's, else scipy's bundled copy (the same API), else None."""
    try:
        from highspy import _core

        return _core
    except ImportError:  # pragma: no cover - highspy is a dependency
        pass
    try:
        from scipy.optimize._highspy import _core as scipy_core
    except ImportError:  # pragma: no cover - scipy without its bundled HiGHS bindings
        return None
    return scipy_core


class _FloatLP:
    """The float LP ``max t : s_p (n_p . x + o_p) >= t, t <= 1`` (unit normals), warm-started.

    Only a guide: :class:`_Walker` checks every answer exactly. Uses a HiGHS instance directly
    when it can (one model, only the flipped rows change between solves): highspy's (a
    dependency; 0.02 s to import) or else the one bundled with scipy (0.3 s to import), else
    :func:`scipy.optimize.linprog`. Offsets are clipped to ``+-_FAR``; a model
    HiGHS still rejects gives no guide (``solve`` returns None: the exact decision runs).
    """

    def __init__(self, fn: np.ndarray, fo: np.ndarray) -> None:
        self.fn, self.fo = fn, np.clip(fo, -_FAR, _FAR)
        self.P, self.d = fn.shape
        self.h: Any = None
        self.rejected = False
        hc = _highs_core()
        if hc is None:  # pragma: no cover - neither highspy nor scipy's bundled HiGHS bindings
            return
        self.hc = hc
        try:
            self._setup(hc)
        except Exception:  # pragma: no cover - another scipy layout: the public linprog path
            self.h = None

    def _setup(self, hc: Any) -> None:
        P, d = self.P, self.d
        h = getattr(_LOCAL, "highs", None)
        if h is None:
            # one solver per thread, reused: each walk passes its own model (and passes it
            # again if another walk in the thread used the solver in between)
            h = hc._Highs()
            h.setOptionValue("output_flag", False)
            h.setOptionValue("threads", 1)
            _LOCAL.highs = h
        _LOCAL.owner = self
        h.clearModel()
        inf = hc.kHighsInf
        self.inf = inf
        lp = hc.HighsLp()
        lp.num_col_ = d + 1
        lp.num_row_ = P
        lp.col_cost_ = np.r_[np.zeros(d), -1.0]
        lp.col_lower_ = np.full(d + 1, -inf)
        lp.col_upper_ = np.r_[np.full(d, inf), 1.0]
        lp.row_lower_ = -self.fo
        lp.row_upper_ = np.full(P, inf)
        # column-wise (HiGHS's own layout), every entry stored: changeCoeff never adds one
        lp.a_matrix_.format_ = hc.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.arange(0, P * (d + 1) + 1, P, dtype=np.int32)
        lp.a_matrix_.index_ = np.tile(np.arange(P, dtype=np.int32), d + 1)
        lp.a_matrix_.value_ = np.hstack([self.fn, -np.ones((P, 1))]).T.ravel().astype(np.float64)
        self.optimal = hc.HighsModelStatus.kOptimal
        self.mask = (1 << P) - 1  # the model's current sign vector: all +
        if h.passModel(lp) == hc.HighsStatus.kError:  # never solve or change a model HiGHS refused
            _LOCAL.owner = None
            self.h, self.rejected = None, True
            return
        self.h = h

    def solve(self, mask: int) -> tuple[float, np.ndarray, np.ndarray] | None:
        """``(t, x, row duals)`` of the optimum, or ``None`` if the solver did not finish."""
        if self.rejected:
            return None
        if self.h is None:
            return self._linprog(mask)
        if getattr(_LOCAL, "owner", None) is not self or getattr(_LOCAL, "highs", None) is not self.h:
            # first use in this thread, or another walk (or another thread) used the solver since
            self._setup(self.hc)
        h: Any = self.h
        if h is None:  # HiGHS refused the model
            return None
        diff = mask ^ self.mask
        while diff:
            low = diff & -diff
            p = low.bit_length() - 1
            diff ^= low
            if (mask >> p) & 1:
                h.changeCoeff(p, self.d, -1.0)
                h.changeRowBounds(p, -self.fo[p], self.inf)
            else:
                h.changeCoeff(p, self.d, 1.0)
                h.changeRowBounds(p, -self.inf, -self.fo[p])
        self.mask = mask
        h.run()
        if h.getModelStatus() != self.optimal:
            return None
        sol = h.getSolution()
        x = np.asarray(sol.col_value)
        return float(x[self.d]), x[: self.d], np.asarray(sol.row_dual)

    def _linprog(self, mask: int) -> tuple[float, np.ndarray, np.ndarray] | None:
        from scipy.optimize import linprog

        P, d = self.P, self.d
        s = np.array([1.0 if (mask >> p) & 1 else -1.0 for p in range(P)])
        A = np.hstack([-s[:, None] * self.fn, np.ones((P, 1))])
        c = np.zeros(d + 1)
        c[d] = -1.0
        res = linprog(c, A_ub=A, b_ub=s * self.fo, bounds=[(None, None)] * d + [(None, 1.0)], method="highs")
        if res.status != 0:
            return None
        return -float(res.fun), res.x[:d], np.asarray(res.ineqlin.marginals)
