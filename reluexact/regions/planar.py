"""Exact regions of a planar arrangement (d = 2): every line's crossings sorted exactly, once.

In the plane every flat below the whole space is a line, so the recursive restriction of
:mod:`reluexact.regions.enumeration` reduces to: for every line (unit hyperplane or domain side),
sort its crossings with all the other lines, cut it into the intervals between them (its
*cells*, each with an exact rational point, the facet point), and step off each interval to
both sides (the regions). This module does exactly that, with the sorting done for all lines
at once in integer arithmetic instead of through the engine's general flats:

- line p: ``a_p x + b_p y + c_p = 0`` (primitive integers). Line g is parametrised as the
  engine does (``t = y`` when ``a_g != 0``, else ``t = x``), so the crossing with line p is at
  ``t = num_p / den_p`` with ``num_p, den_p`` integer 2 x 2 determinants
  (``den_p = 0``: p is parallel to g, and the sign of an integer determinant says on which side);
- the crossings are sorted by their float quotients, which is exact up to ties: ``num`` and
  ``den`` are exactly representable (numpy int64 when every coefficient is below 2^25, so no
  product overflows; Python integers otherwise, whose true division is correctly rounded) and
  correctly rounded division is monotone, so ``t_p < t_q`` implies ``float(t_p) <= float(t_q)``.
  Runs of equal floats (concurrent lines, or crossings closer than a rounding step) are then
  ordered and merged by exact integer cross-multiplication;
- the cell points, the region points (a certified power-of-two step off the facet, from
  :func:`reluexact.signs.certified_signs`) and the order in which regions are met are the
  engine's, so the result is the engine's :class:`~reluexact.regions.types.RegionsResult`:
  same ids, patterns, points, facets and edges (only the certificate's ``method`` says
  ``"planar"``);
- every region and facet point's sign against every line is then re-checked exactly, as the
  engine's :func:`reluexact.regions.enumeration.certify_raw` does, by :func:`certify_planar`: a
  float filter with a proven error bound for integer coefficients below 2^25 (the bound in its
  docstring), exact rationals for every value it cannot settle; with larger coefficients the
  engine's own checker runs.

When the plane has no line at all (R^2 and no unit hyperplane: one region, which the engine
finds by an exact LP) :func:`planar_raw` returns ``None`` and the general engine runs.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions.arrangements import arrangement
>>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0])
>>> res = planar_regions(arrangement(net))
>>> len(res), res.certificate.method
(7, 'planar')
>>> res.region_with_pattern("110").point
(Fraction(1, 8), Fraction(1, 2))
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
import time
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from reluexact.errors import CertificationError
from reluexact.regions._engine import Engine, gc_paused, pow2
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.certify import unpack_bits
from reluexact.regions.enumeration import RawEnumeration, assemble
from reluexact.regions.types import RegionsCertificate, RegionsResult
from reluexact.signs import NO_BOUND, ceil_log2, certified_signs

__all__ = ["FAST_MIN_LINES", "certify_planar", "certify_structure", "planar_certified", "planar_raw", "planar_regions"]

# below this bound every 2 x 2 determinant of coefficients (|det| <= 2^51) is an exact int64 and
# an exact float64, so numpy sorts the crossings without overflow and the float keys are monotone
_INT64_BOUND = 1 << 25

Cell = tuple[int, tuple[Any, ...]]


def planar_regions(arr: Arrangement, *, path: str = "auto") -> RegionsResult | None:
    """The regions of a planar arrangement (``arr.dimension == 2``), as the engine finds them.

    Returns ``None`` when there is no line at all (R^2 without a unit hyperplane: the general
    engine then finds the single region by an exact LP). Same ids, patterns, facets and edges
    as the engine; the region points are :func:`planar_raw`'s (``path`` as there). Certified
    by :func:`certify_structure` on the fast path, by :func:`certify_planar` on the general
    path with small coefficients, by the engine's checker otherwise.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> res = planar_regions(arrangement(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]), domain="-1,1"))
    >>> sorted(r.pattern for r in res), len(res.edges)
    (['00', '01', '10', '11'], 4)
    >>> len(planar_regions(arrangement(TwoLayerReLU([[1, 0]], [5], [[1]], [0]), domain="-1,1")))  # x = -5 misses
    1
    >>> planar_regions(arrangement(TwoLayerReLU([[0, 0]], [1], [[1]], [0]))) is None
    True
    """
    with gc_paused(promote=True):
        got = planar_certified(arr, path=path)
        if got is None:
            return None
        raw, cert = got
        res = assemble(
            arr, raw.engine, raw.found, raw.edges, raw.sides, True, None, raw.start, method="planar", certified=cert
        )
        start = raw.start
        # the raw records die here, before the collector resumes and scans what is still alive
        del raw, got
        if cert is None:
            return res
        return dataclasses.replace(res, certificate=dataclasses.replace(cert, seconds=time.monotonic() - start))


# |fl(v) - v| for v = a x + b y + c, integers a, b, c below 2^25 (exact floats) and x, y rational:
# float(x) is within 6u of x (numerator and denominator each rounded, then one division), the two
# products and two sums add 4u, so 10.1u (|a x| + |b y| + |c|) bounds the error (no underflow:
# nonzero coordinates are kept in [2^-900, 2^900]); the float magnitude sum is at least
# (1 - 10.1u) of the exact one, so 64u of it bounds the error with room to spare
_CHECK_FACTOR = 64.0 * 2.0**-53
_TINY, _HUGE = 2.0**-900, 2.0**900


def certify_planar(raw: RawEnumeration) -> tuple[int, int]:
    """Check every region and facet point's sign vector exactly (planar, small coefficients).

    The same checks as :func:`reluexact.regions.enumeration.certify_raw` (every region point
    strictly on the side of every line its mask says, every facet point exactly on its lines
    and strictly off the others), with a float filter proven for integer coefficients below
    2^25: a float value whose magnitude exceeds 64u times the float sum of the terms' magnitudes
    has the exact value's sign (the bound above the constant); points with a coordinate outside
    [2^-900, 2^900] (or exactly 0) in magnitude, and every value the filter cannot settle, are
    evaluated exactly in rationals. Returns ``(sign checks, exact evaluations)``.

    Raises
    ------
    CertificationError
        When a point has a wrong sign (a bug).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> raw = planar_raw(arrangement(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])))
    >>> certify_planar(raw)  # 4 regions and 4 facets against 2 lines; the 4 facet points lie on one each
    (16, 4)
    """
    e = raw.engine
    P, G = e.P, e.G
    side_bits = ((1 << P) - 1) ^ ((1 << G) - 1)
    points: list[tuple[Any, ...]] = []
    pos: list[int] = []
    zero: list[int] = []
    for mask, point in raw.found.items():
        points.append(point)
        pos.append(mask | side_bits)
        zero.append(0)
    for _g, a, _b, q, newz in raw.edges:
        points.append(q)
        pos.append((a | side_bits) & ~newz)
        zero.append(newz)
    for _s, a, q, newz in raw.sides:
        points.append(q)
        pos.append((a | side_bits) & ~newz)
        zero.append(newz)
    return len(points) * P, _check_full(e, points, pos, zero)


def _floats(e: Engine) -> tuple[np.ndarray, ...]:
    """The planes' coefficients as floats (exact below 2^25), and their magnitudes scaled by the filter's factor."""
    A = np.array([float(n[0]) for n in e.normals])
    B = np.array([float(n[1]) for n in e.normals])
    C = np.array([float(o) for o in e.offsets])
    return A, B, C, np.abs(A) * _CHECK_FACTOR, np.abs(B) * _CHECK_FACTOR, np.abs(C) * _CHECK_FACTOR


def _point_floats(pts: list[tuple[Any, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(X, Y, fine)``: the points' float coordinates, and where the filter's bound holds for them."""
    X = np.array([float(q[0]) for q in pts])
    Y = np.array([float(q[1]) for q in pts])
    fine = np.ones(len(pts), dtype=bool)
    for V, k in ((X, 0), (Y, 1)):
        mag = np.abs(V)
        ok = np.isfinite(V) & (mag >= _TINY) & (mag <= _HUGE)
        for r in np.nonzero(~ok)[0].tolist():
            if pts[r][k] == 0:
                V[r] = 0.0  # an exact zero is exact in float
            else:
                fine[r] = False
    if not fine.all():
        X = np.where(fine, X, 0.0)
        Y = np.where(fine, Y, 0.0)
    return X, Y, fine


def _check_full(e: Engine, points: list[tuple[Any, ...]], pos: list[int], zero: list[int]) -> int:
    """Check every point's sign against every plane (``pos``: positive, ``zero``: on it, else negative).

    Returns the number of exact evaluations.
    """
    P = e.P
    A, B, C, absA, absB, absC = _floats(e)
    nbytes = (P + 7) // 8
    chunk = max(1, min(2_000_000 // P, 16384))
    n_exact = 0
    for lo in range(0, len(points), chunk):
        hi = min(len(points), lo + chunk)
        pts = points[lo:hi]
        X, Y, fine = _point_floats(pts)
        values = X[:, None] * A[None, :] + Y[:, None] * B[None, :] + C[None, :]
        # the factor is a power of two, so scaling the magnitudes first is exact
        bound = np.abs(X)[:, None] * absA[None, :] + np.abs(Y)[:, None] * absB[None, :] + absC[None, :]
        sure = np.abs(values) > bound
        if not fine.all():
            sure &= fine[:, None]
        pbits = unpack_bits(pos[lo:hi], nbytes, P)
        zbits = unpack_bits(zero[lo:hi], nbytes, P)
        # a settled value must be non-zero with the mask's sign (pos and zero masks are disjoint)
        bad = sure & (zbits | ((values > 0) != pbits))
        if bad.any():
            r, p = np.argwhere(bad)[0].tolist()
            _wrong(lo + r, p, bool(zbits[r, p]))
        unsure = np.argwhere(~sure).tolist()
        n_exact += len(unsure)
        normals, offsets = e.normals, e.offsets
        for r, p in unsure:
            x, y = pts[r]
            row = normals[p]
            v = row[0] * x + row[1] * y + offsets[p]
            want = 0 if zbits[r, p] else (1 if pbits[r, p] else -1)
            if ((v > 0) - (v < 0)) != want:
                _wrong(lo + r, p, bool(zbits[r, p]))
    return n_exact


def _check_pairs(
    e: Engine, points: list[tuple[Any, ...]], rows: np.ndarray, planes: np.ndarray, want: np.ndarray
) -> int:
    """Check ``sign(plane[k] at points[rows[k]]) == want[k]`` (+1 / -1) for every k; exact evaluations.

    The float filter of :func:`certify_planar` on single (point, plane) pairs, exact rationals
    for every pair it cannot settle.
    """
    A, B, C, absA, absB, absC = _floats(e)
    X, Y, fine = _point_floats(points)
    x, y = X[rows], Y[rows]
    values = x * A[planes] + y * B[planes] + C[planes]
    bound = np.abs(x) * absA[planes] + np.abs(y) * absB[planes] + absC[planes]
    sure = (np.abs(values) > bound) & fine[rows]
    bad = sure & ((values > 0) != (want > 0))
    if bad.any():
        k = int(np.nonzero(bad)[0][0])
        _wrong(int(rows[k]), int(planes[k]), False)
    unsure = np.nonzero(~sure)[0].tolist()
    normals, offsets = e.normals, e.offsets
    for k in unsure:
        r, p = int(rows[k]), int(planes[k])
        px, py = points[r]
        row = normals[p]
        v = row[0] * px + row[1] * py + offsets[p]
        if ((v > 0) - (v < 0)) != int(want[k]):
            _wrong(r, p, False)
    return len(unsure)


def certify_structure(raw: RawEnumeration) -> tuple[int, int]:
    """Certify the fast planar path's result exactly from the lines' structure; ``(sign checks, exact evaluations)``.

    Cheaper than :func:`certify_planar` (``O(P^2 + facets)`` against ``O((regions + facets) P)``), and as exact:

    1. each walked line's first cell point is checked against every plane (:func:`certify_planar`'s
       filter, exact where it cannot settle);
    2. along each line every other plane's crossing ``t_p = num_p / den_p`` is placed among the
       cell points ``t_0 < t_1 < ...`` exactly (float keys of both, each a correctly rounded
       quotient of exact integers, so monotone: a strict float inequality is the exact one;
       equal floats by integer cross-multiplication):
       no crossing is a cell point, consecutive cells' masks differ by exactly the planes
       crossing between them, those cross at one point (so no cell is missing inside), and the
       last crossing before the first cell (the first after the last) includes a side, so the
       line leaves the domain there: with 1. every cell's sign vector is the one the result
       reports and the cells are all of the line's intervals in the domain;
    3. every region point lies strictly on the region's side of each of its facets' planes: the
       facets of a region are all its edges (2.), and a convex region is the intersection of the
       half-planes of its edges, so the point is inside the region;
    4. the number of regions equals the planar Zaslavsky count ``1 + L + sum_p (m_p - 1)`` (L lines
       meeting the open domain, crossings p inside it with m_p lines through them), from 2.

    Raises
    ------
    CertificationError
        When any check fails (a bug).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> arr = arrangement(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0]), domain="-2,2")
    >>> certify_structure(planar_raw(arr, path="fast"))  # exact: the 7 values at the first cells that are 0
    (107, 7)
    """
    e = raw.engine
    P, G = e.P, e.G
    lines = _Lines([(tuple(n), o) for n, o in zip(e.normals, e.offsets, strict=True)], G)
    if not lines.small:
        raise ValueError("certify_structure needs integer coefficients below 2^25 (use certify_planar)")
    E, S = raw.edges, raw.sides
    ecols: list[list[Any]] = [list(c) for c in zip(*E, strict=True)] if E else [[] for _ in range(5)]
    scols: list[list[Any]] = [list(c) for c in zip(*S, strict=True)] if S else [[] for _ in range(4)]
    records = _records(ecols, scols, lines)
    n_checks = 0
    # 1. the first cell of every walked line against every plane
    firsts = [rec[4] for rec in records]
    n_exact = _check_full(e, firsts, [rec[2][0] & ~rec[1] for rec in records], [rec[1] for rec in records])
    n_checks += len(firsts) * P
    # 2. every crossing placed among every line's cells (whole-array passes; the lines they do not
    # settle, with ties or several crossings between two cells, one by one)
    incidences: dict[int, int] = {}
    n_moving, n_lines, rest = _check_lines(lines, records, G, incidences)
    n_checks += n_moving
    for i in rest:
        g, _z, qpos, ts, _q0, Tl = records[i]
        n_checks += _check_line(lines, g, qpos, ts, Tl, G, incidences)
        n_lines += g < G
    # 3. region points on their side of each facet's planes
    index = dict(zip(raw.found, range(len(raw.found)), strict=True))
    # (region, plane, wanted bit) for every facet's own plane, then the other planes on it (coincident sides)
    eg, ea, eb, _eq, ez = ecols
    sg, sa, _sq, sz = scols
    chain, rshift, one = itertools.chain, operator.rshift, itertools.repeat(1)
    rl = list(map(index.__getitem__, chain(ea, eb, sa)))
    pl = eg + eg + sg
    wl = list(map(operator.and_, map(rshift, chain(ea, eb, sa), pl), one))
    extra: list[tuple[int, int, int]] = []
    for k in itertools.compress(range(len(E)), map(operator.ne, ez, map(operator.lshift, one, eg))):
        g, a, b, z = eg[k], ea[k], eb[k], ez[k]
        extra += [(index[m], p, m >> p & 1) for p in _bits(z) if p != g for m in (a, b)]
    for k in itertools.compress(range(len(S)), map(operator.ne, sz, map(operator.lshift, one, sg))):
        sd, a, z = sg[k], sa[k], sz[k]
        extra += [(index[a], p, a >> p & 1) for p in _bits(z) if p != sd]
    for r, p, w in extra:
        rl.append(r)
        pl.append(p)
        wl.append(w)
    rows, planes = np.array(rl, dtype=np.intp), np.array(pl, dtype=np.intp)
    want = 2 * np.array(wl, dtype=np.int8) - 1
    points = list(raw.found.values())
    n_exact += _check_pairs(e, points, rows, planes, want)
    n_checks += len(rows)
    # 4. the planar Zaslavsky count
    vertices = 0
    for m, cnt in incidences.items():
        if cnt % m:
            _off(-1, -1, f"{cnt} incidences of crossings of {m} lines")
        vertices += (cnt // m) * (m - 1)
    expected = 1 + n_lines + vertices
    if expected != len(raw.found):
        _off(-1, -1, f"{len(raw.found)} regions, where the lines' crossings make {expected}")
    return n_checks, n_exact


def _check_lines(
    lines: _Lines,
    records: list[tuple[int, int, list[int], list[Any], tuple[Any, ...], list[float]]],
    G: int,
    incidences: dict[int, int],
) -> tuple[int, int, list[int]]:
    """Step 2 of :func:`certify_structure` for every line at once: ``(crossings placed, unit lines, rest)``.

    The same checks as :func:`_check_line`, in whole-array passes, for the lines where every
    decision is a strict float comparison (exact, the floats being correctly rounded): cell
    points in strictly increasing float order, no crossing's float equal to a cell point's, one
    crossing between two consecutive cells (each crossing of two lines: ``incidences[2]``), one
    nearest crossing past each end. ``rest``: the indices of the other records, for
    :func:`_check_line`.
    """
    R = len(records)
    if R == 0:
        return 0, 0, []
    P = lines.P
    gs = np.array([rec[0] for rec in records], dtype=np.int64)
    Ks = np.array([len(rec[3]) for rec in records], dtype=np.int64)
    off = np.cumsum(Ks) - Ks
    T = np.fromiter(itertools.chain.from_iterable(rec[5] for rec in records), dtype=np.float64, count=int(Ks.sum()))
    cell_row = np.repeat(np.arange(R), Ks)
    clean = np.ones(R, dtype=bool)
    if len(T) > 1:
        up = (T[1:] > T[:-1]) | (cell_row[1:] != cell_row[:-1])
        clean[cell_row[1:][~up]] = False
    U = np.unique(T)
    M = len(U) + 1
    rank_cell = np.searchsorted(U, T, "left")
    rank_cell[~clean[cell_row]] = 0  # keeps the keys sorted: those lines go to _check_line
    cellkey = cell_row * M + rank_cell
    flipplane = np.full(len(T), -1, dtype=np.int64)
    n_mov = np.zeros(R, dtype=np.int64)
    chunk = max(1, (1 << 18) // max(P, 1))
    a, b, c = lines.a, lines.b, lines.c
    for lo in range(0, R, chunk):
        hi = min(R, lo + chunk)
        rows = np.arange(lo, hi)
        g = gs[lo:hi]
        ga, gb, gc = a[g][:, None], b[g][:, None], c[g][:, None]
        xpar = ga != 0
        det = ga * b[None, :] - gb * a[None, :]
        den = np.where(xpar, det, -det)
        num = np.where(xpar, a[None, :] * gc - ga * c[None, :], b[None, :] * gc - gb * c[None, :])
        moving = den != 0
        n_mov[lo:hi] = moving.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            keys = np.where(moving, num / np.where(moving, den, 1), 0.0)
        rk = np.searchsorted(U, keys, "left")
        o = off[lo:hi, None]
        K = Ks[lo:hi, None]
        j = np.searchsorted(cellkey, rows[:, None] * M + rk, "left") - o
        j = np.clip(j, 0, K)
        at = np.minimum(o + j, len(T) - 1)
        tie = moving & (j < K) & (T[at] == keys)
        inside = moving & (j > 0) & (j < K)
        flat = (o + j)[inside]
        counts = np.bincount(flat, minlength=len(T))
        per_row = inside.sum(axis=1)
        ok = ~tie.any(axis=1) & (per_row == Ks[lo:hi] - 1)
        # one crossing per boundary: K - 1 inside crossings at distinct boundaries
        dup = np.zeros(hi - lo, dtype=bool)
        many = np.nonzero(counts > 1)[0]
        if len(many):
            dup[np.unique(cell_row[many]) - lo] = True
        ok &= ~dup
        planes = np.broadcast_to(np.arange(P), inside.shape)
        flipplane[flat] = planes[inside]
        # the nearest crossings past both ends: one each (float-strict), and a side
        for sel, before in ((moving & (j == 0), True), (moving & (j == K), False)):
            vals = np.where(sel, keys, -np.inf if before else np.inf)
            best = vals.max(axis=1) if before else vals.min(axis=1)
            cand = sel & (keys == best[:, None])
            n_cand = cand.sum(axis=1)
            ok &= n_cand <= 1
            side_hit = (cand & (planes >= G)).any(axis=1)
            ok &= (n_cand == 0) | side_hit
        clean[lo:hi] &= ok
    rest = np.nonzero(~clean)[0].tolist()
    n_lines = 0
    flips_all = flipplane.tolist()
    xor, shl, one = operator.xor, operator.lshift, itertools.repeat(1)
    offl, Kl = off.tolist(), Ks.tolist()
    for i in np.nonzero(clean)[0].tolist():
        line, _z, qpos, _ts, _q0, _Tl = records[i]
        o, k = offl[i], Kl[i]
        if list(map(xor, qpos[1:], qpos)) != list(map(shl, one, flips_all[o + 1 : o + k])):
            _off(line, -1, "two consecutive cells differ by other planes than those crossing between them")
        if line < G:
            n_lines += 1
            if k > 1:
                incidences[2] = incidences.get(2, 0) + k - 1
    return int(n_mov[clean].sum()), n_lines, rest


def _check_line(
    lines: _Lines, g: int, qpos: list[int], ts: list[Any], Tl: list[float], G: int, incidences: dict[int, int]
) -> int:
    """Step 2 of :func:`certify_structure` for one line; adds its crossings' sizes to ``incidences``.

    Returns the number of crossings placed.
    """
    num, den, rate, _ = lines.crossings(g)
    mv = np.nonzero(rate != 0)[0]
    nm, dm = num[mv], den[mv]
    neg = dm < 0
    nm = np.where(neg, -nm, nm)
    dm = np.where(neg, -dm, dm)
    K = len(ts)
    # correctly rounded (int / int is), so monotone: a strict float order is the exact order
    T = np.array(Tl)
    if K > 1 and not bool(np.all(T[1:] > T[:-1])):
        j = _place_exact(ts, nm, dm, g)
    else:
        keys = nm / dm
        j = np.searchsorted(T, keys, "left")
        tie = np.nonzero(j != np.searchsorted(T, keys, "right"))[0]
        for k in tie.tolist():
            t = ts[int(j[k])]
            lhs, rhs = int(nm[k]) * int(t.q), int(t.p) * int(dm[k])
            if lhs == rhs:
                _off(g, int(mv[k]), "a cell point lies on a crossing")
            j[k] += lhs > rhs
        inside = (j > 0) & (j < K)
    sel = np.nonzero(inside)[0]
    srt = sel[np.argsort(j[sel], kind="stable")]
    js = j[srt]
    if len(js) == K - 1 and bool(np.all(js == np.arange(1, K))):  # one plane crossing between two cells
        fl = list(map(operator.lshift, itertools.repeat(1), mv[srt].tolist()))
    else:
        fl = [0] * (K - 1)
        for p, jp in zip(mv[srt].tolist(), js.tolist(), strict=True):
            fl[jp - 1] |= 1 << p
    if list(map(operator.xor, qpos[1:], qpos)) != fl:
        _off(g, -1, "two consecutive cells differ by other planes than those crossing between them")
    # one crossing point between two cells (else a cell between is missing)
    if len(srt) > 1:
        same = np.nonzero(j[srt][1:] == j[srt][:-1])[0]
        for k in same.tolist():
            p, q = int(srt[k]), int(srt[k + 1])
            if int(nm[p]) * int(dm[q]) != int(nm[q]) * int(dm[p]):
                _off(g, int(mv[q]), "two crossings between two consecutive cells")
    # the line leaves the domain past its first and last cells
    for end in (0, K):
        _leaves(g, mv, nm, dm, j == end, end == 0, G)
    if g < G:
        sizes = np.bincount(j[sel], minlength=K)[1:K]
        for m, cnt in zip(*np.unique(sizes[sizes > 0] + 1, return_counts=True), strict=True):
            incidences[int(m)] = incidences.get(int(m), 0) + int(cnt)
    return len(mv)


def _records(
    ecols: list[list[Any]], scols: list[list[Any]], lines: _Lines
) -> list[tuple[int, int, list[int], list[Any], tuple[Any, ...], list[float]]]:
    """Per walked line, from the facet records: (line, planes on it, cells' masks, cells' t, first point, t's floats).

    A cell's mask is its facet record's region mask without the planes on the line (those
    the record sets by the side the region lies on); the records of a line come in its order.
    The floats are correctly rounded (:func:`_correct_float`), so monotone in the exact values.
    """
    out = []
    to_float = _correct_float
    for cols in (ecols, scols):
        if not cols[0]:
            continue
        gs, masks, qs, zs = cols[0], cols[1], cols[-2], cols[-1]
        ga = np.array(gs, dtype=np.int64)
        cuts = [0, *(np.flatnonzero(ga[1:] != ga[:-1]) + 1).tolist(), len(gs)]
        for lo, hi in itertools.pairwise(cuts):
            g, z, q0 = gs[lo], zs[lo], qs[lo]
            ts = list(map(operator.itemgetter(1 - lines.piv[g]), qs[lo:hi]))
            out.append((g, z, list(map(operator.and_, masks[lo:hi], itertools.repeat(~z))), ts, q0, to_float(ts)))
    return out


def _flint_version() -> tuple[int, ...]:
    parts = []
    for part in str(getattr(flint, "__version__", "0")).split(".")[:2]:
        digits = "".join(itertools.takewhile(str.isdigit, part))
        parts.append(int(digits or 0))
    return tuple(parts)


# python-flint 0.9 converts an fmpq to float as ``int(p) / int(q)`` (fmpq.__float__: Python's
# integer true division, correctly rounded); before it there is no such conversion
_FMPQ_FLOAT_ROUNDED = _flint_version() >= (0, 9)


def _correct_float(ts: list[Any]) -> list[float]:
    """The correctly rounded floats of exact rationals (fmpq or Fraction): monotone in the values."""
    if _FMPQ_FLOAT_ROUNDED:  # Fraction.__float__ is its integer true division too
        return list(map(float, ts))
    return [int(t.numerator) / int(t.denominator) for t in ts]


def _place_exact(ts: list[Any], nm: np.ndarray, dm: np.ndarray, g: int) -> np.ndarray:
    """For each crossing ``nm / dm``: how many cell points lie below it, in exact rationals (none equal)."""
    import bisect

    for k in range(1, len(ts)):
        if not ts[k - 1] < ts[k]:
            _off(g, -1, "cell points out of order")
    out = np.zeros(len(nm), dtype=np.int64)
    for k, (x, y) in enumerate(zip(nm.tolist(), dm.tolist(), strict=True)):
        t = flint.fmpq(int(x), int(y))
        i = bisect.bisect_left(ts, t)
        if i < len(ts) and ts[i] == t:
            _off(g, -1, "a cell point lies on a crossing")
        out[k] = i
    return out


def _leaves(g: int, mv: np.ndarray, nm: np.ndarray, dm: np.ndarray, sel: np.ndarray, before: bool, G: int) -> None:
    """The crossings ``sel`` lie past one end of line g's cells: the nearest of them must include a side."""
    idx = np.nonzero(sel)[0]
    if not len(idx):
        return  # the line runs to infinity there, inside the domain (checked at its first cell)
    keys = nm[idx] / dm[idx]
    best = keys.max() if before else keys.min()
    cand = idx[keys == best].tolist()
    exact = [Fraction(int(nm[k]), int(dm[k])) for k in cand]
    near = max(exact) if before else min(exact)
    if not any(int(mv[k]) >= G for k, v in zip(cand, exact, strict=True) if v == near):
        _off(g, -1, "the line does not leave the domain past its end cells")


def _off(g: int, p: int, what: str) -> None:
    raise CertificationError(
        f"planar structure of line {g} (plane {p}): {what}; the planar enumeration is inconsistent "
        "(please report this with the model)"
    )


def _wrong(index: int, plane: int, on: bool) -> None:
    what = "is not exactly on" if on else "has the wrong sign on"
    raise CertificationError(
        f"region/facet point {index} {what} plane {plane}: the planar enumeration is inconsistent "
        "(please report this with the model)"
    )


def planar_certified(
    arr: Arrangement, *, path: str = "auto"
) -> tuple[RawEnumeration, RegionsCertificate | None] | None:
    """:func:`planar_raw`'s output and its certificate, or ``None`` (no line at all).

    The certificate (``seconds`` 0) comes from :func:`certify_structure` on the fast path and
    :func:`certify_planar` on the general path with small coefficients; it is ``None`` when
    neither applies (large coefficients): the caller then certifies with the engine's checker.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> raw, cert = planar_certified(arrangement(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])))
    >>> len(raw.found), cert.regions, cert.facets, cert.method
    (4, 4, 4, 'planar')
    """
    run = _run(arr, path)
    if run is None:
        return None
    raw, fast = run
    if not (fast or (raw.engine.P and _Lines.small_coefficients(raw.engine))):
        return raw, None
    n_checks, n_exact = certify_structure(raw) if fast else certify_planar(raw)
    cert = RegionsCertificate(
        regions=len(raw.found),
        facets=len(raw.edges) + len(raw.sides),
        sign_checks=n_checks,
        exact_sign_checks=n_exact + raw.engine.exact_evaluations,
        lp_calls=0,
        method="planar",
        seconds=0.0,
    )
    return raw, cert


def planar_raw(arr: Arrangement, *, path: str = "auto") -> RawEnumeration | None:
    """The raw output (as :func:`reluexact.regions.enumeration.run_engine`'s) for a planar arrangement.

    The engine's regions in the engine's order, with the engine's facet records (same masks,
    same facet points); ``None`` when there is no line (R^2 without a unit hyperplane). Region
    points: on the fast path (``path="fast"``; ``"auto"`` takes it from :data:`FAST_MIN_LINES`
    unit lines up, when every integer coefficient is below 2^25) the midpoint of the region's
    first two facet points (they lie in the relative interiors of two different edges of the
    convex region, so the open segment between them lies inside it; a region with one facet, a
    half-plane, takes the facet point plus 1 along the engine's step); on the general path
    (``"general"``, or ``"auto"`` below that size or with larger coefficients) the engine's own
    point, a certified power-of-two step off the facet the region is met at.

    Raises
    ------
    ValueError
        When the arrangement is not planar.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> raw = planar_raw(arrangement(TwoLayerReLU([[1, 0], [1, 0]], [0, -1], [[1, 1]], [0])))
    >>> sorted(raw.found), len(raw.edges), raw.complete
    ([0, 1, 3], 2, True)
    >>> arr = arrangement(TwoLayerReLU([[1, 0], [1, 0]], [0, -1], [[1, 1]], [0]))
    >>> raw.found[1], planar_raw(arr, path="fast").found[1]  # the engine's step, the midpoint of x = 0 and x = 1
    ((1/4, 0), (1/2, 0))
    """
    run = _run(arr, path)
    return None if run is None else run[0]


#: From this many unit lines up (and integer coefficients below 2^25) ``path="auto"`` takes the fast
#: path; below it the engine's region points (what small examples show) cost little.
FAST_MIN_LINES = 64


def _run(arr: Arrangement, path: str) -> tuple[RawEnumeration, bool] | None:
    """``planar_raw``, and whether it took the fast path (small coefficients, the midpoints)."""
    if arr.dimension != 2:
        raise ValueError(f"planar_raw needs a planar arrangement, got d={arr.dimension}")
    start = time.monotonic()
    G = len(arr.groups)
    planes = [(g.normal, g.offset) for g in arr.groups] + [(h.normal, h.offset) for h in arr.sides]
    engine = Engine(planes, G, 2)
    lines = _Lines(planes, G)
    if path not in ("auto", "fast", "general"):
        raise ValueError(f"path must be 'auto', 'fast' or 'general', got {path!r}")
    if path == "fast" and not lines.small:
        raise ValueError("the fast planar path needs integer coefficients below 2^25 (use path='general')")
    fast = path == "fast" or (path == "auto" and lines.small and G >= FAST_MIN_LINES)
    found: dict[int, tuple[Any, ...]] = {}
    edges: list[tuple[int, int, int, tuple[Any, ...], int]] = []
    sides: list[tuple[int, int, tuple[Any, ...], int]] = []
    steps: dict[int, tuple[int, int]] = {}  # fast path: a region's first facet's step (axis, sign)
    second: dict[int, tuple[Any, ...]] = {}  # a region's second facet point
    P = len(planes)
    if fast:
        _walk_fast(lines, found, second, steps, edges, sides)
    else:
        for g in range(P):
            is_side = g >= G
            subz, cells = lines.cells(g, is_side)
            if not cells:
                continue
            piv = lines.piv[g]
            plus, minus = _rate_masks(lines, piv, subz)
            pending: list[tuple[int, tuple[Any, ...], int]] = []
            if not is_side:
                for qpos, q in cells:
                    pos_plus = qpos | plus
                    pos_minus = qpos | minus
                    if pos_plus not in found:
                        found[pos_plus] = q
                        pending.append((pos_plus, q, 1))
                    elif pos_plus not in second:
                        second[pos_plus] = q
                    if pos_minus not in found:
                        found[pos_minus] = q
                        pending.append((pos_minus, q, -1))
                    elif pos_minus not in second:
                        second[pos_minus] = q
                    edges.append((g, pos_minus, pos_plus, q, subz))
            else:
                sgn = -1 if lines.coef[piv][g] < 0 else 1
                extra = plus if sgn > 0 else minus
                for qpos, q in cells:
                    pos = qpos | extra
                    if pos not in found:
                        found[pos] = q
                        pending.append((pos, q, sgn))
                    elif pos not in second:
                        second[pos] = q
                    sides.append((g, pos, q, subz))
            if not pending:
                continue
            pts = _step(engine, lines, piv, subz, [(q, s) for _, q, s in pending])
            for (pos, _, _), pt in zip(pending, pts, strict=True):
                found[pos] = pt
    if not found:
        return None
    if fast:
        _midpoints(found, second, steps)
    return RawEnumeration(engine, found, edges, sides, True, start), fast


def _rate_masks(lines: _Lines, piv: int, subz: int) -> tuple[int, int]:
    """The engine's plus / minus masks: the planes on the line (``subz``) by the sign of their rate along e_piv."""
    plus = minus = 0
    for p in _bits(subz):
        rate = lines.coef[piv][p]
        if rate > 0:
            plus |= 1 << p
        elif rate < 0:
            minus |= 1 << p
    return plus, minus


def _walk_fast(
    lines: _Lines,
    found: dict[int, tuple[Any, ...]],
    second: dict[int, tuple[Any, ...]],
    steps: dict[int, tuple[int, int]],
    edges: list[tuple[int, int, int, tuple[Any, ...], int]],
    sides: list[tuple[int, int, tuple[Any, ...], int]],
) -> None:
    """The loop of :func:`_run` on the fast path, over :meth:`_Lines.all_columns`.

    Same records in the same order: each cell's regions (plus side, then minus side) enter
    ``found`` at their first facet point, ``second`` at their second; ``steps`` gets the first
    facet's step of the regions with one facet only (the others do not need it).
    """
    G = lines.G
    for g, (subz, masks, pts) in enumerate(lines.all_columns()):
        if not masks:
            continue
        piv = lines.piv[g]
        plus, minus = _rate_masks(lines, piv, subz)
        if g < G:
            for qpos, q in zip(masks, pts, strict=True):
                pos_plus = qpos | plus
                pos_minus = qpos | minus
                if pos_plus not in found:
                    found[pos_plus] = q
                elif pos_plus not in second:
                    second[pos_plus] = q
                if pos_minus not in found:
                    found[pos_minus] = q
                elif pos_minus not in second:
                    second[pos_minus] = q
                edges.append((g, pos_minus, pos_plus, q, subz))
        else:
            sgn = -1 if lines.coef[piv][g] < 0 else 1
            extra = plus if sgn > 0 else minus
            for qpos, q in zip(masks, pts, strict=True):
                pos = qpos | extra
                if pos not in found:
                    found[pos] = q
                elif pos not in second:
                    second[pos] = q
                sides.append((g, pos, q, subz))
    if len(second) < len(found):  # regions with one facet (half-planes): the step off it, from its first record
        single = {pos for pos in found if pos not in second}
        for g, pos_minus, pos_plus, _q, _z in edges:
            for pos, sgn in ((pos_plus, 1), (pos_minus, -1)):
                if pos in single and pos not in steps:
                    steps[pos] = (lines.piv[g], sgn)
        for g, pos, _q, _z in sides:
            if pos in single and pos not in steps:
                piv = lines.piv[g]
                steps[pos] = (piv, -1 if lines.coef[piv][g] < 0 else 1)


_HALF = flint.fmpq(1, 2)


def _midpoints(
    found: dict[int, tuple[Any, ...]], second: dict[int, tuple[Any, ...]], steps: dict[int, tuple[int, int]]
) -> None:
    """Replace each region's first facet point (in ``found``) by its interior point (see :func:`planar_raw`)."""
    half = _HALF
    for pos, q in found.items():
        r = second.get(pos)
        if r is not None:
            found[pos] = ((q[0] + r[0]) * half, (q[1] + r[1]) * half)
        else:  # one facet: the region is the half-plane on its side
            piv, sgn = steps[pos]
            pt = list(q)
            pt[piv] = q[piv] + sgn
            found[pos] = tuple(pt)


class _Lines:
    """The lines' integer coefficients, and each line's cells as the engine's ``Engine.cells``."""

    def __init__(self, planes: list[tuple[tuple[int, ...], int]], n_groups: int) -> None:
        A = [int(n[0]) for n, _ in planes]
        B = [int(n[1]) for n, _ in planes]
        C = [int(o) for _, o in planes]
        bound = max((abs(v) for v in (*A, *B, *C)), default=0)
        self.small = bound < _INT64_BOUND
        dtype: Any = np.int64 if self.small else object
        self.A, self.B, self.C = A, B, C
        self.a = np.array(A, dtype=dtype)
        self.b = np.array(B, dtype=dtype)
        self.c = np.array(C, dtype=dtype)
        self.P = P = len(planes)
        self.G = n_groups
        self.is_side = np.arange(P) >= n_groups
        self.coef = (A, B)
        self.piv = [0 if A[p] != 0 else 1 for p in range(P)]
        # per column x_piv: the planes that move along e_piv, their rate signs and |rate| <= 2^up
        self.movers = []
        for col in (A, B):
            idx = [p for p in range(P) if col[p] != 0]
            self.movers.append(
                (
                    np.array(idx, dtype=np.intp),
                    np.array([1 if col[p] > 0 else -1 for p in idx], dtype=np.int8),
                    np.array([ceil_log2(col[p]) for p in idx], dtype=np.int64),
                )
            )

    @staticmethod
    def small_coefficients(engine: Engine) -> bool:
        """Whether every plane coefficient is an integer below 2^25 in magnitude (the float filter's case)."""
        return all(
            abs(int(v)) < _INT64_BOUND for n, o in zip(engine.normals, engine.offsets, strict=True) for v in (*n, o)
        )

    def crossings(self, g: int) -> tuple[Any, Any, np.ndarray, np.ndarray]:
        """``(num, den, rate, hsign)`` of every plane p against line g, in line g's parameter t.

        Line g is parametrised as the engine does (``t = y`` when ``a_g != 0``, else ``t = x``);
        plane p meets it at ``t = num_p / den_p`` (``den_p = 0``: p is parallel to g); ``rate``
        is the sign of p's rate along the line, ``hsign`` p's sign on the line where parallel.
        """
        a, b, c = self.a, self.b, self.c
        n0, n1, cg = self.A[g], self.B[g], self.C[g]
        if n0 != 0:
            # t = y on the line; crossing with p at t = (a_p c_g - n0 c_p) / (n0 b_p - n1 a_p)
            den = n0 * b - n1 * a
            num = a * cg - n0 * c
            s0 = 1 if n0 > 0 else -1
            rate = _sign(den) * s0  # sign of plane p's rate along the line
            hsign = _sign(c * n0 - a * cg) * s0  # sign of p on the line where parallel
        else:
            # t = x on the line (n1 != 0); crossing at t = (b_p c_g - n1 c_p) / (a_p n1)
            den = a * n1
            num = b * cg - n1 * c
            rate = _sign(a)
            hsign = _sign(c * n1 - b * cg) * (1 if n1 > 0 else -1)
        return num, den, rate, hsign

    def structure(self, g: int, is_side: bool) -> tuple[int, int, list[int], list[tuple[int, int] | None]]:
        """``(zmask, pos, flips, bounds)`` of line g: the engine's classification and ``_line``, exactly.

        ``pos`` is the first cell's sign mask, ``flips[k]`` the planes crossing between cells k
        and k + 1, ``bounds`` the cells' ends as integer pairs ``(num, den)`` (``den > 0``;
        ``None`` for an infinite end): cell k lies between ``bounds[k]`` and ``bounds[k + 1]``.
        No cell at all: ``bounds == []``.
        """
        num, den, rate, hsign = self.crossings(g)
        par = rate == 0
        zero = par & (hsign == 0)
        neg = par & (hsign < 0)
        bad = (zero | neg) & self.is_side
        if is_side:
            bad[g] = False  # the side walked is exempt: the line lies on it on purpose
        zmask = _to_int(zero)
        if bad.any():
            return zmask, 0, [], []
        posbits = par & (hsign > 0)
        moving = np.nonzero(~par)[0]
        flip = den[moving] < 0
        num_m = np.where(flip, -num[moving], num[moving])
        den_m = np.where(flip, -den[moving], den[moving])
        order, rank = _exact_order(num_m, den_m, self.small)
        # ranks of the crossings, by plane (-1 where parallel)
        r = np.full(self.P, -1, dtype=np.int64)
        r[moving[order]] = rank
        rate_m = rate
        bounding = ~par & self.is_side
        lo_r = hi_r = None
        lo_sel = bounding & (rate_m > 0)
        hi_sel = bounding & (rate_m < 0)
        if lo_sel.any():
            lo_r = int(r[lo_sel].max())
        if hi_sel.any():
            hi_r = int(r[hi_sel].min())
        if lo_r is not None and hi_r is not None and lo_r >= hi_r:
            return zmask, 0, [], []
        cutting = ~par & ~self.is_side
        below = np.zeros(self.P, dtype=bool) if lo_r is None else r <= lo_r
        above = np.zeros(self.P, dtype=bool) if hi_r is None else r >= hi_r
        inside = cutting & ~below & ~above
        posbits = (
            posbits
            | bounding
            | (cutting & below & (rate_m > 0))
            | (cutting & above & (rate_m < 0))
            | (inside & (rate_m < 0))
        )
        pos = _to_int(posbits)
        # the inside crossings in increasing t; equal t (concurrent lines) flip together
        srt = moving[order]
        ins = srt[inside[srt]]
        rk = r[ins]
        if len(rk) > 1 and bool(np.any(rk[1:] == rk[:-1])):
            heads = np.r_[True, rk[1:] != rk[:-1]]
            flips: list[int] = []
            for p, head in zip(ins.tolist(), heads.tolist(), strict=True):
                if head:
                    flips.append(1 << p)
                else:
                    flips[-1] |= 1 << p
            first = ins[heads]
        else:
            flips = [1 << p for p in ins.tolist()]
            first = ins
        sgn_first = np.where(den[first] < 0, -1, 1)
        mids: list[tuple[int, int] | None] = list(
            zip((num[first] * sgn_first).tolist(), (den[first] * sgn_first).tolist(), strict=True)
        )

        def end(rank: int | None) -> tuple[int, int] | None:
            if rank is None:
                return None
            p = int(srt[int(np.searchsorted(r[srt], rank))])  # a plane of that rank
            nu, de = int(num[p]), int(den[p])
            return (-nu, -de) if de < 0 else (nu, de)

        return zmask, pos, flips, [end(lo_r), *mids, end(hi_r)]

    def cells(self, g: int, is_side: bool) -> tuple[int, list[Cell]]:
        """``(zmask, cells)`` of line g: the engine's classification and ``_line``, exactly.

        Each cell's point is the engine's: :func:`~reluexact.regions._engine.between` its ends
        (``0`` for the whole line, the next integer past one end of a ray).
        """
        zmask, pos, flips, bounds = self.structure(g, is_side)
        if not bounds:
            return zmask, []
        n0, n1, cg = self.A[g], self.B[g], self.C[g]
        fmpq = flint.fmpq
        y_const = fmpq(-cg, n1) if n0 == 0 else None
        out: list[Cell] = []
        flips.append(0)
        last = len(flips) - 1
        left = bounds[0]
        for k, fl in enumerate(flips):
            right = bounds[k + 1]
            if k == 0 or k == last:
                u, j = _between_int(left, right)  # u / 2^j, j >= 0
            else:  # _between_int inlined (both ends finite): the hot loop
                nl, dl = left  # type: ignore[misc]
                nr, dr = right  # type: ignore[misc]
                p, q = nr * dl - nl * dr, dl * dr
                e = p.bit_length() - q.bit_length() - 1
                while (p << -e if e < 0 else p) > (q << e if e > 0 else q):
                    e += 1
                if e >= 1:
                    u, j = ((nl // (dl << (e - 1))) + 1) << (e - 1), 0
                else:
                    u, j = ((nl << (1 - e)) // dl) + 1, 1 - e
            t = fmpq(u, 1 << j)
            out.append((pos, (fmpq(-(cg << j) - n1 * u, n0 << j), t) if y_const is None else (t, y_const)))
            pos ^= fl
            left = right
        return zmask, out

    def all_cells(self) -> list[tuple[int, list[Cell]]]:
        """Every line's :meth:`cells` (``is_side`` from its index), from :meth:`all_columns`."""
        return [(z, list(zip(masks, pts, strict=True))) for z, masks, pts in self.all_columns()]

    def all_columns(self) -> list[tuple[int, list[int], list[tuple[Any, ...]]]]:
        """Every line's :meth:`cells` as ``(zmask, masks, points)``, the crossings of all lines sorted at once.

        Needs :attr:`small` (int64 determinants, exact floats). Lines whose sorted float keys
        tie (concurrent lines, or crossings closer than a rounding step) take :meth:`cells`;
        the others are classified and cut in whole-array numpy passes, and their cell points
        computed in int64 where the operands' bit lengths prove it exact (:func:`_between_int`
        and Python integers for the rest), the same values as :meth:`cells`.
        """
        assert self.small
        P = self.P
        out: list[tuple[int, list[int], list[tuple[Any, ...]]]] = []
        chunk = max(1, (1 << 19) // max(P, 1))
        for lo in range(0, P, chunk):
            out.extend(self._chunk_cells(lo, min(P, lo + chunk)))
        return out

    def _chunk_cells(self, lo: int, hi: int) -> list[tuple[int, list[int], list[tuple[Any, ...]]]]:
        a, b, c, P = self.a, self.b, self.c, self.P
        n = hi - lo
        ga, gb, gc = a[lo:hi, None], b[lo:hi, None], c[lo:hi, None]
        xpar = ga != 0  # t = y on the line (else t = x)
        det = ga * b[None, :] - gb * a[None, :]
        den = np.where(xpar, det, -det)
        num = np.where(xpar, a[None, :] * gc - ga * c[None, :], b[None, :] * gc - gb * c[None, :])
        s0 = np.where(xpar, _sign(ga), _sign(gb))
        rate = np.where(xpar, _sign(det) * s0, _sign(a)[None, :])
        hsign = _sign(num) * -s0
        par = rate == 0
        rows = np.arange(n)
        is_side = self.is_side[None, :]
        badm = (par & (hsign <= 0)) & is_side
        badm[rows, np.arange(lo, hi)] = False  # a side walked is exempt from itself
        bad = badm.any(axis=1)
        zmasks = _rows_to_ints(par & (hsign == 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            keys = np.where(par, np.inf, num / np.where(par, 1, den))
        order = np.argsort(keys, axis=1, kind="stable")
        ks = np.take_along_axis(keys, order, axis=1)
        n_mov = (~par).sum(axis=1)
        tied = ((ks[:, 1:] == ks[:, :-1]) & np.isfinite(ks[:, 1:])).any(axis=1)
        srate = np.take_along_axis(rate, order, axis=1)
        sside = self.is_side[order]
        posn = np.arange(P)[None, :]
        lo_r = np.where(sside & (srate > 0), posn, -1).max(axis=1)  # the last side the line enters by
        hi_r = np.where(sside & (srate < 0), posn, P).min(axis=1)  # the first side it leaves by
        hi_r = np.minimum(hi_r, n_mov)
        empty = bad | (lo_r >= hi_r)
        # the sign pattern of the first cell: ranks of every plane (parallel planes: P)
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, posn.repeat(n, axis=0), axis=1)
        cutting = ~par & ~is_side
        below = rank <= lo_r[:, None]
        above = (rank >= hi_r[:, None]) & ~par
        posbits = (
            (par & (hsign > 0))
            | (~par & is_side)
            | (cutting & below & (rate > 0))
            | (cutting & above & (rate < 0))
            | (cutting & ~below & ~above & (rate < 0))
        )
        first = _rows_to_ints(posbits)
        # every cell of the untied, non-empty lines: ends at sorted positions start - 1 + k and start + k
        sgn = np.where(den < 0, -1, 1)
        snum = np.take_along_axis(num * sgn, order, axis=1)
        sden = np.take_along_axis(den * sgn, order, axis=1)
        fast = ~empty & ~tied
        start = lo_r + 1
        n_cells = np.where(fast, hi_r - start + 1, 0)
        row_of = np.repeat(rows, n_cells)
        offs = np.cumsum(n_cells) - n_cells
        k = np.arange(len(row_of)) - offs[row_of]
        left = start[row_of] - 1 + k
        right = start[row_of] + k
        has_l = left >= 0
        has_r = right < n_mov[row_of]
        li, ri = np.maximum(left, 0), np.minimum(right, P - 1)
        nl, dl = snum[row_of, li], sden[row_of, li]
        nr, dr = snum[row_of, ri], sden[row_of, ri]
        u, j, slow = _between_arrays(nl, dl, nr, dr, has_l, has_r)
        ul, jl = u.tolist(), j.tolist()
        for i in np.nonzero(slow)[0].tolist():
            ends = [(int(nl[i]), int(dl[i])) if has_l[i] else None, (int(nr[i]), int(dr[i])) if has_r[i] else None]
            ul[i], jl[i] = _between_int(ends[0], ends[1])
        splanes = order.tolist()
        # the points' integers: t = u / 2^j, and x = (-(c_g 2^j) - b_g u) / (a_g 2^j) on lines with a_g != 0,
        # in int64 where the bit lengths bound every term below 2^62 (Python integers for the rest)
        a_c, b_c, c_c = a[lo:hi][row_of], b[lo:hi][row_of], c[lo:hi][row_of]
        uu = np.where(slow, 0, u)
        bl_u = _bit_lengths(np.maximum(np.abs(uu), 1))
        fits = (
            ~slow
            & (j <= 62)
            & (_bit_lengths(np.maximum(np.abs(c_c), 1)) + j <= 61)
            & (_bit_lengths(np.maximum(np.abs(b_c), 1)) + bl_u <= 61)
        )
        fits &= _bit_lengths(np.maximum(np.abs(a_c), 1)) + j <= 62
        jj = np.where(fits, j, 0)
        xnum = np.where(fits, -np.left_shift(c_c, jj) - b_c * uu, 0).tolist()
        xden = np.where(fits, np.left_shift(a_c, jj), 1).tolist()
        tden = np.where(fits, np.left_shift(np.int64(1), jj), 1).tolist()
        for k in np.nonzero(~fits)[0].tolist():
            gk = lo + int(row_of[k])
            uk, jk = ul[k], jl[k]
            xnum[k] = -(self.C[gk] << jk) - self.B[gk] * uk
            xden[k] = self.A[gk] << jk
            tden[k] = 1 << jk
        res: list[tuple[int, list[int], list[tuple[Any, ...]]]] = []
        fmpq = flint.fmpq
        shl, xor, repeat = operator.lshift, operator.xor, itertools.repeat
        offl, ncl, startl = offs.tolist(), n_cells.tolist(), start.tolist()
        for i in range(n):
            g = lo + i
            if empty[i]:
                res.append((zmasks[i], [], []))
                continue
            if tied[i]:
                zm, cells = self.cells(g, g >= self.G)
                res.append((zm, [pos for pos, _ in cells], [q for _, q in cells]))
                continue
            o, m, st = offl[i], ncl[i], startl[i]
            masks = list(itertools.accumulate(map(shl, repeat(1), splanes[i][st : st + m - 1]), xor, initial=first[i]))
            ts = list(map(fmpq, ul[o : o + m], tden[o : o + m]))
            if self.A[g] != 0:
                pts = list(zip(map(fmpq, xnum[o : o + m], xden[o : o + m]), ts, strict=True))
            else:
                pts = list(zip(ts, repeat(fmpq(-self.C[g], self.B[g]), m), strict=True))
            res.append((zmasks[i], masks, pts))
        return res


def _rows_to_ints(mask: np.ndarray) -> list[int]:
    """Each row of a boolean matrix as a bit mask (bit p set where ``mask[i, p]``)."""
    packed = np.packbits(mask, axis=1, bitorder="little")
    frm = int.from_bytes
    return [frm(row, "little") for row in map(bytes, packed)]


def _bit_lengths(x: np.ndarray) -> np.ndarray:
    """``int.bit_length`` of each entry of an int64 array with entries in ``[1, 2^62)``, exactly."""
    e = np.frexp(x.astype(np.float64))[1].astype(np.int64)  # float(x) may round up to the next power of two
    return e - (np.left_shift(np.int64(1), e - 1) > x)


# _between_arrays works in int64 where every end's numerator and denominator is below this bound:
# the cross products are then below 2^60 and every shift below is bounded (see there)
_BETWEEN_BOUND = 1 << 30


def _between_arrays(
    nl: np.ndarray, dl: np.ndarray, nr: np.ndarray, dr: np.ndarray, has_l: np.ndarray, has_r: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_between_int` of many ends at once, in int64: ``(u, j, slow)``, ``slow`` where it did not apply.

    Ends ``(nl, dl)``, ``(nr, dr)`` (``dl, dr > 0``; ``has_l`` / ``has_r`` false for an
    infinite end). Where both are finite and every value is below 2^30, ``p = nr dl - nl dr``
    and ``q = dl dr`` are below 2^61; with ``e0 = bl(p) - bl(q) - 1`` the exponent
    ``e = ceil_log2(p / q)`` is ``e0 + 1`` or ``e0 + 2``, and each comparison ``p 2^-e`` against
    ``q 2^e`` on the way stays below 2^62; ``dl 2^(e-1) < p`` for ``e >= 1``; for ``e < 1`` the
    shift ``nl 2^(1-e)`` is taken only where ``bl(nl) + 1 - e <= 62`` (else ``slow``).
    """
    m = len(nl)
    u = np.zeros(m, dtype=np.int64)
    j = np.zeros(m, dtype=np.int64)
    only_r = ~has_l & has_r
    u[only_r] = -((-nr[only_r]) // dr[only_r]) - 1
    only_l = has_l & ~has_r
    u[only_l] = nl[only_l] // dl[only_l] + 1
    both = has_l & has_r
    bound = _BETWEEN_BOUND
    small = (np.abs(nl) < bound) & (dl < bound) & (np.abs(nr) < bound) & (dr < bound)
    slow = both & ~small
    idx = np.nonzero(both & small)[0]
    if len(idx):
        a, b, c, d = nl[idx], dl[idx], nr[idx], dr[idx]
        p, q = c * b - a * d, b * d  # right - left = p / q > 0
        e = _bit_lengths(p) - _bit_lengths(q) - 1
        for _ in range(3):  # ceil_log2, as in _between_int: at most two steps up
            e += np.left_shift(p, np.maximum(-e, 0)) > np.left_shift(q, np.maximum(e, 0))
        k = e - 1
        up = k >= 0
        kk = np.maximum(k, 0)
        ui = np.where(up, np.left_shift(a // np.left_shift(b, kk) + 1, kk), 0)
        jj = np.where(up, 0, -k)
        fits = up | (_bit_lengths(np.maximum(np.abs(a), 1)) + jj <= 62)
        low = ~up & fits
        ui = np.where(low, np.left_shift(a, np.where(low, jj, 0)) // b + 1, ui)
        u[idx] = ui
        j[idx] = jj
        slow[idx[~fits]] = True
    return u, j, slow


def _between_int(left: tuple[int, int] | None, right: tuple[int, int] | None) -> tuple[int, int]:
    """The engine's cell point strictly between two ends, as ``(u, j)``: the dyadic ``u / 2^j`` (``j >= 0``).

    The value of :func:`~reluexact.regions._engine.between` (``(floor(left / s) + 1) s`` with
    ``s = 2^(e - 1)``, ``e = ceil_log2(right - left)``) for two finite ends ``(num, den)``
    (``den > 0``), in integers; ``0`` when both are infinite, the integer next to the finite
    end of a ray.
    """
    if left is None:
        if right is None:
            return 0, 0
        nr, dr = right
        return -((-nr) // dr) - 1, 0
    nl, dl = left
    if right is None:
        return nl // dl + 1, 0
    nr, dr = right
    p, q = nr * dl - nl * dr, dl * dr  # right - left = p / q > 0
    e = p.bit_length() - q.bit_length() - 1
    while (p << -e if e < 0 else p) > (q << e if e > 0 else q):  # ceil_log2, as in reluexact.signs
        e += 1
    k = e - 1  # s = 2^k
    if k >= 0:
        return ((nl // (dl << k)) + 1) << k, 0
    return ((nl << -k) // dl) + 1, -k


def _exact_order(num: np.ndarray, den: np.ndarray, small: bool) -> tuple[np.ndarray, np.ndarray]:
    """Sort ``num / den`` (``den > 0``) exactly: the permutation, and each sorted entry's rank (ties equal).

    Float quotients are monotone in the exact values (module docstring); equal floats are
    resolved by exact integer cross-multiplication.
    """
    n = len(num)
    try:
        keys = num / den if small else np.array([int(x) / int(y) for x, y in zip(num, den, strict=True)])
    except OverflowError:  # quotients beyond float range: sort by exact Fractions
        fr = [Fraction(int(x), int(y)) for x, y in zip(num, den, strict=True)]
        order = np.array(sorted(range(n), key=fr.__getitem__), dtype=np.int64)
        new = np.array([fr[order[i]] != fr[order[i - 1]] for i in range(1, n)], dtype=bool)
        return order, np.concatenate([[0], np.cumsum(new)]).astype(np.int64)
    order = np.argsort(keys, kind="stable")
    ks = keys[order]
    new = ks[1:] != ks[:-1]
    if n > 1 and not new.all():
        order = order.copy()
        tie = np.nonzero(~new)[0]
        # maximal runs of equal floats: positions i..j with new[i..j-1] all False
        runs: list[tuple[int, int]] = []
        for i in tie.tolist():
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
        for i, j in runs:
            members = order[i : j + 1].tolist()
            members.sort(key=lambda m: Fraction(int(num[m]), int(den[m])))
            order[i : j + 1] = members
            for k in range(i, j):
                x, y = members[k - i], members[k - i + 1]
                new[k] = int(num[x]) * int(den[y]) != int(num[y]) * int(den[x])
    rank = np.concatenate([[0], np.cumsum(new)]).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
    return order, rank


def _step(
    engine: Engine, lines: _Lines, piv: int, subz: int, items: list[tuple[tuple[Any, ...], int]]
) -> list[tuple[Any, ...]]:
    """Step each ``(q, sgn)`` along ``sgn * e_piv`` into its region by the engine's certified eps.

    A plane p with value h_p(q) != 0 and rate c_p (its coefficient of x_piv) is approached
    when sign(h_p) sign(sgn c_p) < 0 and reached after |h_p(q)| / |c_p|; with certified
    2^low_p < |h_p(q)| and |c_p| <= 2^up_p, eps = 2^(min (low_p - up_p) - 1) stays inside.
    """
    idx, col_sign, col_up = lines.movers[piv]
    on_line = _bits(subz)  # the planes containing the line do not move off it
    if on_line and len(idx):
        keep = ~np.isin(idx, on_line)
        idx, col_sign, col_up = idx[keep], col_sign[keep], col_up[keep]
    if len(idx) == 0:
        epss = [flint.fmpq(1)] * len(items)
    else:
        found = certified_signs(engine.forms, [q for q, _ in items], subset=idx, magnitudes=True)
        assert found.exponents is not None
        engine.exact_evaluations += found.exact_evaluations
        sg = np.array([s for _, s in items], dtype=np.int8)
        approach = found.signs * col_sign[None, :] * sg[:, None] < 0
        with np.errstate(over="ignore"):  # masked entries (NO_BOUND) may wrap; they are not used
            bound = np.where(approach, found.exponents - col_up[None, :], NO_BOUND)
        best = bound.min(axis=1).tolist()
        epss = [flint.fmpq(1) if e == NO_BOUND else pow2(e - 1) for e in best]
    out = []
    for (q, sgn), eps in zip(items, epss, strict=True):
        pt = list(q)
        pt[piv] = q[piv] + eps if sgn > 0 else q[piv] - eps
        out.append(tuple(pt))
    return out


def _sign(x: np.ndarray) -> np.ndarray:
    return (x > 0).astype(np.int8) - (x < 0).astype(np.int8)


def _to_int(mask: np.ndarray) -> int:
    """A boolean array as a bit mask (bit p set where ``mask[p]``)."""
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
