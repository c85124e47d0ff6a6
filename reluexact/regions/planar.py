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
import time
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from reluexact.errors import CertificationError
from reluexact.regions._engine import Engine, between, gc_paused, pow2
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.certify import unpack_bits
from reluexact.regions.enumeration import RawEnumeration, assemble
from reluexact.regions.types import RegionsCertificate, RegionsResult
from reluexact.signs import NO_BOUND, ceil_log2, certified_signs

__all__ = ["certify_planar", "planar_raw", "planar_regions"]

# below this bound every 2 x 2 determinant of coefficients (|det| <= 2^51) is an exact int64 and
# an exact float64, so numpy sorts the crossings without overflow and the float keys are monotone
_INT64_BOUND = 1 << 25

Cell = tuple[int, tuple[Any, ...]]


def planar_regions(arr: Arrangement) -> RegionsResult | None:
    """The regions of a planar arrangement (``arr.dimension == 2``), as the engine finds them.

    Returns ``None`` when there is no line at all (R^2 without a unit hyperplane: the general
    engine then finds the single region by an exact LP).

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
    with gc_paused():
        raw = planar_raw(arr)
        if raw is None:
            return None
        cert = None
        if raw.engine.P and _Lines.small_coefficients(raw.engine):
            n_checks, n_exact = certify_planar(raw)
            cert = RegionsCertificate(
                regions=len(raw.found),
                facets=len(raw.edges) + len(raw.sides),
                sign_checks=n_checks,
                exact_sign_checks=n_exact + raw.engine.exact_evaluations,
                lp_calls=0,
                method="planar",
                seconds=0.0,
            )
        res = assemble(
            arr, raw.engine, raw.found, raw.edges, raw.sides, True, None, raw.start, method="planar", certified=cert
        )
        if cert is None:
            return res
        return dataclasses.replace(res, certificate=dataclasses.replace(cert, seconds=time.monotonic() - raw.start))


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
    A = np.array([float(n[0]) for n in e.normals])
    B = np.array([float(n[1]) for n in e.normals])
    C = np.array([float(o) for o in e.offsets])
    absA, absB, absC = np.abs(A) * _CHECK_FACTOR, np.abs(B) * _CHECK_FACTOR, np.abs(C) * _CHECK_FACTOR
    nbytes = (P + 7) // 8
    chunk = max(1, min(2_000_000 // P, 16384))
    n_exact = 0
    for lo in range(0, len(points), chunk):
        hi = min(len(points), lo + chunk)
        pts = points[lo:hi]
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
    return len(points) * P, n_exact


def _wrong(index: int, plane: int, on: bool) -> None:
    what = "is not exactly on" if on else "has the wrong sign on"
    raise CertificationError(
        f"region/facet point {index} {what} plane {plane}: the planar enumeration is inconsistent "
        "(please report this with the model)"
    )


def planar_raw(arr: Arrangement) -> RawEnumeration | None:
    """The engine's raw output (:func:`reluexact.regions.enumeration.run_engine`) for a planar arrangement.

    Same regions in the same order with the same points, same facet records; ``None`` when
    there is no line (R^2 without a unit hyperplane).

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
    """
    if arr.dimension != 2:
        raise ValueError(f"planar_raw needs a planar arrangement, got d={arr.dimension}")
    start = time.monotonic()
    G = len(arr.groups)
    planes = [(g.normal, g.offset) for g in arr.groups] + [(h.normal, h.offset) for h in arr.sides]
    engine = Engine(planes, G, 2)
    lines = _Lines(planes, G)
    found: dict[int, tuple[Any, ...]] = {}
    edges: list[tuple[int, int, int, tuple[Any, ...], int]] = []
    sides: list[tuple[int, int, tuple[Any, ...], int]] = []
    P = len(planes)
    for g in range(P):
        is_side = g >= G
        subz, cells = lines.cells(g, is_side)
        if not cells:
            continue
        piv = lines.piv[g]
        # the engine's plus / minus masks: the planes on the line, by the sign of their rate along e_piv
        plus = minus = 0
        for p in _bits(subz):
            rate = lines.coef[piv][p]
            if rate > 0:
                plus |= 1 << p
            elif rate < 0:
                minus |= 1 << p
        pending: list[tuple[int, tuple[Any, ...], int]] = []
        if not is_side:
            for qpos, q in cells:
                pos_plus = qpos | plus
                pos_minus = qpos | minus
                if pos_plus not in found:
                    found[pos_plus] = q
                    pending.append((pos_plus, q, 1))
                if pos_minus not in found:
                    found[pos_minus] = q
                    pending.append((pos_minus, q, -1))
                edges.append((g, pos_minus, pos_plus, q, subz))
        else:
            sgn = -1 if lines.coef[piv][g] < 0 else 1
            extra = plus if sgn > 0 else minus
            for qpos, q in cells:
                pos = qpos | extra
                if pos not in found:
                    found[pos] = q
                    pending.append((pos, q, sgn))
                sides.append((g, pos, q, subz))
        if pending:
            pts = _step(engine, lines, piv, subz, [(q, s) for _, q, s in pending])
            for (pos, _, _), pt in zip(pending, pts, strict=True):
                found[pos] = pt
    if not found:
        return None
    return RawEnumeration(engine, found, edges, sides, True, start)


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

    def cells(self, g: int, is_side: bool) -> tuple[int, list[Cell]]:
        """``(zmask, cells)`` of line g: the engine's classification and ``_line``, exactly."""
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
        par = rate == 0
        zero = par & (hsign == 0)
        neg = par & (hsign < 0)
        bad = (zero | neg) & self.is_side
        if is_side:
            bad[g] = False  # the side walked is exempt: the line lies on it on purpose
        zmask = _to_int(zero)
        if bad.any():
            return zmask, []
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
            return zmask, []
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
        ts_rank: list[int] = []
        flips: list[int] = []
        for p, rk in zip(ins.tolist(), r[ins].tolist(), strict=True):
            if ts_rank and ts_rank[-1] == rk:
                flips[-1] |= 1 << p
            else:
                ts_rank.append(rk)
                flips.append(1 << p)
        rank_sorted = r[srt]
        first = np.searchsorted(rank_sorted, np.arange(int(rank_sorted[-1]) + 1 if len(srt) else 0))
        rep = srt[first].tolist()  # one plane per rank

        def tval(rk: int) -> Any:
            p = rep[rk]
            nu, de = int(num[p]), int(den[p])
            return flint.fmpq(-nu, -de) if de < 0 else flint.fmpq(nu, de)

        lo = None if lo_r is None else tval(lo_r)
        hi = None if hi_r is None else tval(hi_r)
        bounds = [lo, *(tval(rk) for rk in ts_rank), hi]
        out: list[Cell] = []
        if n0 != 0:
            fc = flint.fmpq(-cg, n0)
            fb = flint.fmpq(-n1, n0)
        else:
            fy = flint.fmpq(-cg, n1)
        zero_q = flint.fmpq(0)
        for k in range(len(ts_rank) + 1):
            left, right = bounds[k], bounds[k + 1]
            if left is None:
                t = zero_q if right is None else flint.fmpq(right.ceil() - 1)
            elif right is None:
                t = flint.fmpq(left.floor() + 1)
            else:
                t = between(left, right)
            pt = (fc + t * fb, t) if n0 != 0 else (t, fy)
            out.append((pos, pt))
            if k < len(ts_rank):
                pos ^= flips[k]
        return zmask, out


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
