r"""Region-output-sensitive exact enumeration of a generic arrangement inside a box.

Counting (exact). Let ``K = prod_k [l_k, u_k]`` and let the arrangement's distinct hyperplanes
together with the 2d sides of K be *generic in K*: every point of K lies on planes whose normals
are linearly independent (so on at most d of them). Order points lexicographically ("x_1 first,
then x_2, ..."). The closure of every region R is a polytope with a unique lexicographically
smallest point ``v``, a vertex: d planes ``Q = S u T`` meet there (S unit hyperplanes, T sides,
at most one side per axis), with independent normals ``N_Q`` (sides oriented inward). Near v the
d planes cut space into ``2^d`` simplicial cones; the cone with signs ``sigma`` is
``{v + G y : y >= 0, ...}`` spanned by the columns ``sigma_j g_j`` of ``G = N_Q^{-1}``, and v is the
lexicographic minimum of that cone (hence, by convexity, of the region it belongs to) iff every
generator ``sigma_j g_j`` is lexicographically positive. The sides fix ``sigma_j = +1`` on T (the
cones inside K); on S, ``sigma_j`` is the lexicographic sign of ``g_j``. So a vertex in K is the
lexicographic minimum of exactly one region if every side column ``g_t`` (t in T) is
lexicographically positive, and of none otherwise: with V(K) the vertices of the arrangement
and the sides in K,

    #regions          = #{v in V(K) : every g_t, t in T, lex-positive},
    #hyperplane facets = sum over those v of |S|,
    #side facets       = sum over v in V(K) of |T| (no g_t lex-negative) or 1 (exactly one),

the facet counts because the regions of the restriction to a hyperplane H (or to a side), again
generic, are counted the same way on H with the columns of ``N_Q^{-1}`` other than H's own
(``proofs/box_sweep_count.py`` checks the three against brute force). Every quantity is the sign
of an integer determinant: on the face of K fixing the axes of T, the restricted rows
``[N_S | -beta_S | C_S]`` (C: the fixed axes' columns) give ``det N_S``, the Cramer numerators of
the vertex and of ``N_S^{-1} C_S``; each plane's value at the vertex times ``det N_S`` is linear in
them. They are computed modulo enough primes (vectorised Gauss-Jordan in int64) that their
product exceeds twice a Hadamard bound, and their signs read off the mixed-radix (Garner)
digits: exact. Genericity is checked on the way, exactly: no vertex of K lies on a further plane
(a point of K on dependent or too many planes always gives such a vertex: take a vertex of the
flat they share, intersected with K), no hyperplane passes through a corner.

Points (floats propose, exact certifies). Each counted vertex gives a point ``v + tau G sigma``
of its region (tau half the float distance to the nearest other plane along the step), each side
facet a point on the side, each pair of regions whose patterns differ in one hyperplane a facet
point (:func:`reluexact.regions.sweep.edge_records`, the segment argument: K is convex). Every
sign is certified exactly (:func:`reluexact.signs.certified_signs`); the result is returned only
when the distinct certified regions, facets and side facets reach the exact counts, else
``None`` (callers run the lattice restriction). It never gives a wrong answer.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions.arrangements import arrangement
>>> net = TwoLayerReLU([[1, 0, 0], [0, 1, 0], [1, 1, 1]], [0, 0, -1], [[1, 1, 1]], [0])
>>> arr = arrangement(net, domain="-2,2")
>>> box_counts(arr)
(8, 12, 26)
>>> res = box_sweep(arr)
>>> len(res), len(res.edges), res.certificate.method
(8, 12, 'box-sweep')
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from reluexact.domain import Box
from reluexact.regions._engine import Engine, gc_paused
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.minors import PRIMES, inv_mod
from reluexact.regions.sweep import adjacent_pairs, edge_records
from reluexact.regions.types import RegionsCertificate, RegionsResult
from reluexact.signs import certified_signs

__all__ = [
    "INT64_ADJUGATES",
    "MAX_PRIMES",
    "BoxVertices",
    "box_counts",
    "box_sweep",
    "box_sweep_or_reason",
    "box_vertices",
]

#: Subsets per batch of the modular vertex computation (bounds its memory).
_BATCH = 1 << 15

#: Step shrink factors tried for a proposal whose certified signs are not the intended ones.
_SHRINK = (1.0, 2.0**-20, 2.0**-45)

#: Moduli beyond which the determinants are computed in Python integers instead (huge entries).
MAX_PRIMES = 12

#: Exact int64 adjugates where they cannot overflow (else the modular path); off only to test it.
INT64_ADJUGATES = True

_EXTRA_PRIMES: list[int] = []


def _primes(m: int, skip: int = 0) -> list[int]:
    """``m`` distinct primes below 2^31 (after the first ``skip``): :data:`PRIMES`, then more."""
    want = skip + m
    if want > len(PRIMES) + len(_EXTRA_PRIMES):
        q = _EXTRA_PRIMES[-1] if _EXTRA_PRIMES else PRIMES[-1]
        while len(PRIMES) + len(_EXTRA_PRIMES) < want:
            q -= 2
            if flint.fmpz(q).is_prime():
                _EXTRA_PRIMES.append(q)
    return (list(PRIMES) + _EXTRA_PRIMES)[skip:want]


def _solve_mod(a: np.ndarray, k: int, p: int) -> tuple[np.ndarray, np.ndarray]:
    """``(det N, det N * N^{-1} R)`` mod p for a batch ``a = [N | R]`` (int64 in [0, p), overwritten).

    Fraction-free Gauss-Jordan over the batch (one modular inverse per batch, not per pivot):
    step c multiplies every row by the pivot ``pv_c`` and subtracts ``a_rc`` times the pivot row
    from the others (only columns >= c change), scaling the determinant by ``pv_c^k``. The
    diagonal ends as ``e_i = pv_i^2 prod_{c > i} pv_c``; with the final right-hand sides ``Y``,
    ``det N = sign prod(e) / scale`` and ``det N (N^{-1} R)_i = sign prod_{j != i} e_j Y_i / scale``
    (``scale = prod pv_c^k``, ``sign`` from the row swaps). Where ``det N = 0 mod p`` (a column
    without pivot) ``det`` is 0 and the solution meaningless.
    """
    B = a.shape[0]
    if B == 0 or k == 0:
        return np.ones(B, dtype=np.int64), a[:, :, k:]
    rows = np.arange(B)
    sign = np.ones(B, dtype=np.int64)
    singular = np.zeros(B, dtype=bool)
    pvs = []
    for c in range(k):
        nz = a[:, c:, c] != 0
        has = nz.any(axis=1)
        singular |= ~has
        piv = np.argmax(nz, axis=1) + c
        swap = has & (piv != c)
        if swap.any():
            idx = rows[swap]
            pr = piv[swap]
            top = a[idx, c, c:].copy()
            a[idx, c, c:] = a[idx, pr, c:]
            a[idx, pr, c:] = top
            sign[idx] = -sign[idx]
        sub = a[:, :, c:]
        pv = sub[:, c, 0].copy()
        pv[~has] = 1
        pvs.append(pv)
        f = sub[:, :, 0].copy()
        f[:, c] = 0
        # pv a_r - f_r a_c: both products below 2^62, so their difference fits in int64 (one reduction)
        sub[:] = (pv[:, None, None] * sub - f[:, :, None] * sub[:, c, None, :]) % p
    e = np.empty((B, k), dtype=np.int64)
    tail = np.ones(B, dtype=np.int64)
    for i in range(k - 1, -1, -1):
        e[:, i] = pvs[i] * pvs[i] % p * tail % p
        tail = tail * pvs[i] % p
    scale = np.ones(B, dtype=np.int64)
    for pv in pvs:
        for _ in range(k):
            scale = scale * pv % p
    inv = inv_mod(scale, p) * (sign % p) % p
    # prod_{j != i} e_j from prefix and suffix products
    pre = np.ones((B, k + 1), dtype=np.int64)
    suf = np.ones((B, k + 1), dtype=np.int64)
    for i in range(k):
        pre[:, i + 1] = pre[:, i] * e[:, i] % p
        suf[:, k - 1 - i] = suf[:, k - i] * e[:, k - 1 - i] % p
    others = pre[:, :k] * suf[:, 1:] % p * inv[:, None] % p
    det = pre[:, k] * inv % p
    det[singular] = 0
    return det, a[:, :, k:] * others[:, :, None] % p


class _Garner:
    """Exact signs of integers ``|x| < M / 2`` from their residues mod the primes (M their product)."""

    def __init__(self, primes: Sequence[int]) -> None:
        self.primes = list(primes)
        self.inv = [[pow(pj, -1, pi) for pj in self.primes[:i]] for i, pi in enumerate(self.primes)]
        M = math.prod(self.primes)
        h = (M - 1) // 2
        self.half = []
        for p in self.primes:
            self.half.append(h % p)
            h //= p

    def signs(self, residues: Sequence[np.ndarray]) -> np.ndarray:
        """Signs (int8) of the integers with these residues (one array per prime, same shape)."""
        digits: list[np.ndarray] = []
        for i, p in enumerate(self.primes):
            u = residues[i] % p
            for j in range(i):
                u = (u - digits[j] % p) % p * self.inv[i][j] % p
            digits.append(u)
        gt = np.zeros(digits[0].shape, dtype=bool)
        eq = np.ones(digits[0].shape, dtype=bool)
        zero = np.ones(digits[0].shape, dtype=bool)
        for t, h in zip(reversed(digits), reversed(self.half), strict=True):
            gt |= eq & (t > h)
            eq &= t == h
            zero &= t == 0
        out = np.where(gt, -1, 1).astype(np.int8)
        out[zero] = 0
        return out


def _float(v: Fraction) -> float:
    """float(v), or +-inf beyond the float range (the proposals then fail; counts stay exact)."""
    try:
        return float(v)
    except OverflowError:
        return math.inf if v > 0 else -math.inf


def _row_bits(row: Sequence[int]) -> int:
    """Bits b with ||row||_2 <= 2^b (exact, from integers)."""
    sq = sum(v * v for v in row)
    return (sq.bit_length() + 1) // 2 + 1


def _frac_floats(values: Sequence[int]) -> np.ndarray:
    """Integers divided by 2^e (e the largest bit length) as float64: never overflows."""
    e = max((abs(v).bit_length() for v in values), default=0)
    scale = 1 << e
    return np.array([v / scale for v in values], dtype=np.float64)


@dataclass(frozen=True)
class BoxVertices:
    """The vertices of a generic arrangement in a box that the counts need (:func:`box_vertices`).

    Attributes
    ----------
    d, n : int
        Dimension and number of distinct hyperplanes.
    point : numpy.ndarray, shape (V, d)
        Float approximations of the vertices (proposals only).
    axis_side : numpy.ndarray of int8, shape (V, d)
        Per axis: -1 free, 0 on its lower side, 1 on its upper side.
    planes : numpy.ndarray of int64, shape (V, d)
        The hyperplanes through each vertex (S, increasing), padded with -1.
    columns : numpy.ndarray, shape (V, d, d)
        Float columns of ``N_Q^{-1}`` in the ambient coordinates: one per hyperplane of S (in
        order), then one per fixed axis (increasing axis).
    side_sign : numpy.ndarray of int8, shape (V, d)
        Exact lexicographic sign of each fixed axis's column (0 for free axes).
    net_sign : numpy.ndarray of int8, shape (V, n)
        Exact sign of every hyperplane at the vertex (0 exactly on S).
    plane_sign : numpy.ndarray of int8, shape (V, d)
        Exact lexicographic sign of each hyperplane column (in the order of S; 0 after).
    """

    d: int
    n: int
    point: np.ndarray
    axis_side: np.ndarray
    planes: np.ndarray
    columns: np.ndarray
    side_sign: np.ndarray
    net_sign: np.ndarray
    plane_sign: np.ndarray

    def counts(self) -> tuple[int, int, int]:
        """``(regions, hyperplane facets, side facets)`` (module docstring).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> box_vertices(arrangement(TwoLayerReLU([[1]], [0], [[1]], [0]), domain=(-1, 1))).counts()
        (2, 1, 2)
        """
        neg = (self.side_sign < 0).sum(axis=1)
        fixed = (self.axis_side >= 0).sum(axis=1)
        good = neg == 0
        k = (self.planes >= 0).sum(axis=1)
        return int(good.sum()), int(k[good].sum()), int(np.where(good, fixed, neg == 1).sum())


def box_vertices(arr: Arrangement) -> BoxVertices | str:
    """The vertices in the box of a generic arrangement, or why the arrangement is not generic there.

    Exact (module docstring): every decision is the sign of an integer determinant, computed
    modulo primes and reconstructed. Returns a reason (str) when the domain is not a box, a
    vertex lies on a further plane or side, or a hyperplane passes through a corner.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> net = TwoLayerReLU([[2, 2], [1, -1]], [-1, 1], [[1, 1]], [0])
    >>> len(box_vertices(arrangement(net, domain="-1,1")).planes)
    9
    >>> box_vertices(arrangement(net, domain="0,1"))
    'hyperplane 1 passes through the corner (0, 1) of the box'
    """
    if not isinstance(arr.domain, Box) or len(arr.sides) != 2 * arr.dimension:
        return "the domain is not a box"
    d = arr.dimension
    n = len(arr.groups)
    bounds = [(Fraction(lo), Fraction(hi)) for lo, hi in arr.domain.bounds]
    normals = [list(g.normal) for g in arr.groups]
    offsets = [g.offset for g in arr.groups]
    acc = _Acc(d, n)
    # corners (faces of dimension 0): no hyperplane through any (values times L, integers)
    L = math.lcm(*(v.denominator for pair in bounds for v in pair))
    scaled = [tuple(v.numerator * (L // v.denominator) for v in pair) for pair in bounds]
    for corner in itertools.product((0, 1), repeat=d):
        x = [bounds[a][s] for a, s in enumerate(corner)]
        xL = [scaled[a][s] for a, s in enumerate(corner)]
        vals = [
            sum(c * xi for c, xi in zip(nr, xL, strict=True)) + of * L for nr, of in zip(normals, offsets, strict=True)
        ]
        for i, v in enumerate(vals):
            if v == 0:
                pt = ", ".join(str(c) for c in x)
                return f"hyperplane {i} passes through the corner ({pt}) of the box"
        acc.add_corner(corner, [_float(c) for c in x], [1 if v > 0 else -1 for v in vals])
    # faces of dimension k >= 1, grouped by (free axes -> k) and active hyperplanes
    for k in range(1, d + 1):
        if n < k:
            continue
        for free in itertools.combinations(range(d), k):
            fixed = [a for a in range(d) if a not in free]
            faces = list(itertools.product((0, 1), repeat=len(fixed)))
            why = _faces(acc, normals, offsets, bounds, list(free), fixed, faces)
            if why is not None:
                return why
    return acc.result()


class _Acc:
    """Collects the vertices in K (lists, stacked at the end)."""

    def __init__(self, d: int, n: int) -> None:
        self.d, self.n = d, n
        self.point: list[np.ndarray] = []
        self.axis_side: list[np.ndarray] = []
        self.planes: list[np.ndarray] = []
        self.columns: list[np.ndarray] = []
        self.side_sign: list[np.ndarray] = []
        self.net_sign: list[np.ndarray] = []
        self.plane_sign: list[np.ndarray] = []

    def add_corner(self, corner: tuple[int, ...], x: list[float], signs: list[int]) -> None:
        d = self.d
        self.point.append(np.array([x]))
        self.axis_side.append(np.array([corner], dtype=np.int8))
        self.planes.append(np.full((1, d), -1, dtype=np.int64))
        eps = [1 if s == 0 else -1 for s in corner]
        self.columns.append(np.diag(np.array(eps, dtype=np.float64))[None])
        self.side_sign.append(np.array([eps], dtype=np.int8))
        self.net_sign.append(np.array([signs], dtype=np.int8).reshape(1, self.n))
        self.plane_sign.append(np.zeros((1, d), dtype=np.int8))

    def result(self) -> BoxVertices:
        d, n = self.d, self.n
        return BoxVertices(
            d,
            n,
            np.concatenate(self.point) if self.point else np.zeros((0, d)),
            np.concatenate(self.axis_side) if self.axis_side else np.zeros((0, d), dtype=np.int8),
            np.concatenate(self.planes) if self.planes else np.zeros((0, d), dtype=np.int64),
            np.concatenate(self.columns) if self.columns else np.zeros((0, d, d)),
            np.concatenate(self.side_sign) if self.side_sign else np.zeros((0, d), dtype=np.int8),
            np.concatenate(self.net_sign) if self.net_sign else np.zeros((0, n), dtype=np.int8),
            np.concatenate(self.plane_sign) if self.plane_sign else np.zeros((0, d), dtype=np.int8),
        )


def _faces(
    acc: _Acc,
    normals: list[list[int]],
    offsets: list[int],
    bounds: list[tuple[Fraction, Fraction]],
    free: list[int],
    fixed: list[int],
    faces: list[tuple[int, ...]],
) -> str | None:
    """The vertices inside the faces with these free axes (one per choice of sides of the fixed ones)."""
    n = acc.n
    k, t = len(free), len(fixed)
    # restricted integer rows per face: [L N_F | L (b + N_T c_T) | L N_T], L the denominators' lcm
    rows_of: list[list[list[int]]] = []
    for face in faces:
        c = [bounds[a][s] for a, s in zip(fixed, face, strict=True)]
        L = math.lcm(*(v.denominator for v in c)) if c else 1
        cL = [v.numerator * (L // v.denominator) for v in c]  # L c, integers
        rows = []
        for nr, of in zip(normals, offsets, strict=True):
            beta = L * of + sum(nr[a] * v for a, v in zip(fixed, cL, strict=True))
            rows.append([L * nr[f] for f in free] + [beta] + [L * nr[a] for a in fixed])
        rows_of.append(rows)
    active = [i for i in range(n) if any(normals[i][f] for f in free)]
    # (a hyperplane constant on a face does not contain it: it would pass through the face's corners)
    if len(active) < k:
        return None
    nf = len(faces)
    cols = k + 1 + t
    # sides of the free axes: q x - p >= 0 (lower), p - q x >= 0 (upper), bound p / q
    sq = [bounds[f][0].denominator for f in free], [bounds[f][1].denominator for f in free]
    sp = [bounds[f][0].numerator for f in free], [bounds[f][1].numerator for f in free]
    rowmax = [[max(abs(v) for v in row) for row in rows] for rows in rows_of]
    # int64 adjugates cannot overflow when k! times the k largest row maxima stay below 2^62
    maxes = sorted((rowmax[fi][i] for fi in range(nf) for i in active), reverse=True)
    side_max = max(abs(v) for pair in (*sq, *sp) for v in pair) if k else 1
    small = INT64_ADJUGATES and math.factorial(k + 1) * math.prod(maxes[:k]) * max(side_max, 1) < 2**62
    m = 0
    if small:
        R = np.array(rows_of, dtype=np.int64).reshape(nf, n, cols)
        e = np.array([[v.bit_length() for v in rm] for rm in rowmax], dtype=np.int64)
        Rf = np.ldexp(R.astype(np.float64), -e[:, :, None])
    else:
        R = np.array(rows_of, dtype=object).reshape(nf, n, cols)
        bits = sorted((_row_bits(rows_of[fi][i]) for fi in range(nf) for i in active), reverse=True)
        side_bits = max((abs(sq[s][j]) + abs(sp[s][j])).bit_length() for s in (0, 1) for j in range(k))
        top = max(_row_bits(rows_of[fi][i]) for fi in range(nf) for i in range(n))
        need = sum(bits[:k]) + max(top, side_bits) + 2
        m = max(1, -(-need // 30))
        # float rows for the proposals: each restricted row divided by its largest power of two
        Rf = np.array([_frac_floats(rows_of[fi][i]) for fi in range(nf) for i in range(n)]).reshape(nf, n, cols)
    act = np.array(active, dtype=np.int64)
    combos = np.array(list(itertools.combinations(range(len(active)), k)), dtype=np.int64).reshape(-1, k)
    face_arr = np.array(faces, dtype=np.int8).reshape(nf, t)
    total = nf * len(combos)
    for start in range(0, total, _BATCH):
        idx = np.arange(start, min(total, start + _BATCH))
        fidx = idx // len(combos)
        S = act[combos[idx % len(combos)]]  # (B, k) hyperplane indices
        why = _batch(acc, R, Rf, face_arr, fidx, S, free, fixed, sq, sp, m, bounds, small)
        if why is not None:
            return why
    return None


def _residue_pass(
    R: np.ndarray, fidx: np.ndarray, S: np.ndarray, k: int, sq: Any, sp: Any, primes: list[int]
) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Per prime: det, the Cramer numerators (B, k, 1 + t) and the free sides' values times det (B, 2k)."""
    dets, nums, sides = [], [], []
    bad = np.zeros(len(S), dtype=bool)
    for p in primes:
        Rp = np.asarray(np.mod(R, p), dtype=np.int64)
        a = Rp[fidx[:, None], S]  # (B, k, k + 1 + t)
        a[:, :, k] = (p - a[:, :, k]) % p  # [N | -beta | C]
        det, D = _solve_mod(a, k, p)
        bad |= det == 0
        lo = (
            np.array([q % p for q in sq[0]])[None] * D[:, :, 0] - np.array([v % p for v in sp[0]])[None] * det[:, None]
        ) % p
        hi = (
            np.array([v % p for v in sp[1]])[None] * det[:, None] - np.array([q % p for q in sq[1]])[None] * D[:, :, 0]
        ) % p
        dets.append(det)
        nums.append(D)
        sides.append(np.concatenate([lo, hi], axis=1))
    return dets, nums, sides, bad


def _batch(
    acc: _Acc,
    R: np.ndarray,
    Rf: np.ndarray,
    face_arr: np.ndarray,
    fidx: np.ndarray,
    S: np.ndarray,
    free: list[int],
    fixed: list[int],
    sq: Any,
    sp: Any,
    m: int,
    bounds: list[tuple[Fraction, Fraction]],
    small: bool,
) -> str | None:
    k = len(free)
    if m > MAX_PRIMES or small:  # exact integers: int64 when they fit, else Python ints
        nb: _Modular | _Integer = _Integer(R, fidx, S, k, sq, sp, small)
        return _finish(acc, Rf, face_arr, fidx, S, free, fixed, nb, bounds)
    for attempt in range(4):
        primes = _primes(m, attempt * m)
        dets, nums, sides, bad = _residue_pass(R, fidx, S, k, sq, sp, primes)
        garner = _Garner(primes)
        dsign = garner.signs(dets)
        # a determinant 0 mod some prime but not exactly 0 (chance about 2^-31): other primes
        if not (bad & (dsign != 0)).any():
            nb = _Modular(R, fidx, S, k, dets, nums, sides, dsign, garner, primes)
            return _finish(acc, Rf, face_arr, fidx, S, free, fixed, nb, bounds)
    return "unlucky primes"  # pragma: no cover - probability about 2^-120


class _Modular:
    """The signs :func:`_finish` needs, from residues modulo several primes (:class:`_Garner`)."""

    def __init__(
        self,
        R: np.ndarray,
        fidx: np.ndarray,
        S: np.ndarray,
        k: int,
        dets: list[np.ndarray],
        nums: list[np.ndarray],
        sides: list[np.ndarray],
        dsign: np.ndarray,
        garner: _Garner,
        primes: list[int],
    ) -> None:
        self.R, self.fidx, self.S, self.k = R, fidx, S, k
        self.dets, self.nums, self.sides = dets, nums, sides
        self.dsign, self.garner, self.primes = dsign, garner, primes

    def side_signs(self, live: np.ndarray) -> np.ndarray:
        return self.garner.signs([s[live] for s in self.sides])

    def net_signs(self, rows: np.ndarray, fi: np.ndarray, onS: np.ndarray) -> np.ndarray:
        """Signs of every hyperplane's value at the vertex times det: N_jF . D + beta_j det."""
        k = self.k
        wres = []
        for j, p in enumerate(self.primes):
            D = self.nums[j][rows]
            Rp = np.asarray(np.mod(self.R, p), dtype=np.int64)[fi]  # (V, n, k + 1 + t)
            w = Rp[:, :, k] * self.dets[j][rows][:, None] % p
            for f in range(k):
                w = (w + Rp[:, :, f] * D[:, f, 0][:, None]) % p
            wres.append(w)
        return self.garner.signs(wres)

    def e_signs(self, rows: np.ndarray) -> np.ndarray:
        return self.garner.signs([self.nums[j][rows][:, :, 1:] for j in range(len(self.primes))])

    def adj_signs(self, rows: np.ndarray) -> np.ndarray:
        return _adjugate_signs(self.R, self.fidx[rows], self.S[rows], self.k, self.primes, self.garner)


def _adjugate(N: np.ndarray) -> np.ndarray:
    """``adj(N)`` (shape (B, k, k)) of an integer batch, exactly (int64 that cannot overflow, or objects).

    Cofactors by Laplace expansion over column subsets (all (k-1)-minors of the rows without i).
    """
    B, k = N.shape[0], N.shape[1]
    adj = np.zeros((B, k, k), dtype=N.dtype)
    if k == 1:
        adj[:, 0, 0] = 1
        return adj
    one = np.ones(B, dtype=N.dtype)
    for i in range(k):
        rows = [r for r in range(k) if r != i]
        prev: dict[tuple[int, ...], np.ndarray] = {(): one}
        for level, r in enumerate(rows):
            cur: dict[tuple[int, ...], np.ndarray] = {}
            for J in itertools.combinations(range(k), level + 1):
                acc: Any = 0
                for pos, j in enumerate(J):
                    term = N[:, r, j] * prev[J[:pos] + J[pos + 1 :]]
                    acc = acc + term if (level + pos) % 2 == 0 else acc - term
                cur[J] = acc
            prev = cur
        for j in range(k):
            minor = prev[tuple(c for c in range(k) if c != j)]
            adj[:, j, i] = minor if (i + j) % 2 == 0 else -minor
    return adj


def _certified_sum_signs(pairs: Sequence[tuple[np.ndarray, np.ndarray]], skip: np.ndarray | None = None) -> np.ndarray:
    """Exact signs of ``sum_i a_i b_i`` for integer arrays (int64 or Python ints), same shape.

    float64 first: each product has relative error at most 3u (u = 2^-53: both conversions and
    the product), the sum of m terms adds gamma_m (Higham), so ``|s^ - s| <= (m + 4) u T^ (1 + 2^-40)``
    with ``T^`` the float sum of the absolute products; entries the bound cannot decide (a zero
    sum among them) are summed exactly in Python integers.
    """
    m = len(pairs)
    if any(a.dtype == object or b.dtype == object for a, b in pairs):  # Python ints: exactly
        total_exact: Any = 0
        for a, b in pairs:
            total_exact = total_exact + np.asarray(a, dtype=object) * np.asarray(b, dtype=object)
        return _signs(np.asarray(total_exact, dtype=object))
    with np.errstate(over="ignore", invalid="ignore"):
        prods = [a.astype(np.float64) * b.astype(np.float64) for a, b in pairs]
        total = prods[0].copy()
        mag = np.abs(prods[0])
        for q in prods[1:]:
            total += q
            mag += np.abs(q)
        bound = (m + 4) * 2.0**-53 * mag * (1 + 2.0**-40)
        sure = np.isfinite(mag) & (np.abs(total) > bound)
    out = np.where(sure, np.sign(total), 0).astype(np.int8)
    if skip is not None:  # entries known to be 0 (the vertex's own hyperplanes): reported as 0
        out[skip] = 0
        sure |= skip
    for idx in zip(*np.nonzero(~sure), strict=True):
        v = sum(int(a[idx]) * int(b[idx]) for a, b in pairs)
        out[idx] = (v > 0) - (v < 0)
    return out


class _Integer:
    """The signs :func:`_finish` needs, from exact integer adjugates (int64 when they fit)."""

    def __init__(self, R: np.ndarray, fidx: np.ndarray, S: np.ndarray, k: int, sq: Any, sp: Any, small: bool) -> None:
        dtype = np.int64 if small else object
        A = np.asarray(R[fidx[:, None], S], dtype=dtype)  # (B, k, k + 1 + t)
        self.R = np.asarray(R, dtype=dtype)
        self.k = k
        N = A[:, :, :k]
        rhs = A[:, :, k:].copy()
        rhs[:, :, 0] = -rhs[:, :, 0]
        self.adj = _adjugate(N)
        self.det = (N[:, 0, :] * self.adj[:, :, 0]).sum(axis=1)
        self.D = np.einsum("bij,bjc->bic", self.adj, rhs) if small else np.matmul(self.adj, rhs)
        self.dsign = _signs(self.det)
        self.sq, self.sp = sq, sp

    def side_signs(self, live: np.ndarray) -> np.ndarray:
        D0, det = self.D[live, :, 0], self.det[live][:, None]
        dt = D0.dtype
        lo_q = np.broadcast_to(np.array(self.sq[0], dtype=dt)[None], D0.shape)
        lo_p = np.broadcast_to(np.array(self.sp[0], dtype=dt)[None], D0.shape)
        hi_q = np.broadcast_to(np.array(self.sq[1], dtype=dt)[None], D0.shape)
        hi_p = np.broadcast_to(np.array(self.sp[1], dtype=dt)[None], D0.shape)
        det2 = np.broadcast_to(det, D0.shape)
        lo = _certified_sum_signs([(lo_q, D0), (-lo_p, det2)])
        hi = _certified_sum_signs([(hi_p, det2), (-hi_q, D0)])
        return np.concatenate([lo, hi], axis=1)

    def net_signs(self, rows: np.ndarray, fi: np.ndarray, onS: np.ndarray) -> np.ndarray:
        Rv = self.R[fi]  # (V, n, cols)
        k = self.k
        shape = Rv.shape[:2]
        pairs = [(Rv[:, :, k], np.broadcast_to(self.det[rows][:, None], shape))]
        pairs += [(Rv[:, :, f], np.broadcast_to(self.D[rows, f, 0][:, None], shape)) for f in range(k)]
        return _certified_sum_signs(pairs, onS)

    def e_signs(self, rows: np.ndarray) -> np.ndarray:
        return _signs(self.D[rows][:, :, 1:])

    def adj_signs(self, rows: np.ndarray) -> np.ndarray:
        return _signs(self.adj[rows])


def _signs(a: np.ndarray) -> np.ndarray:
    """Signs (int8) of an integer array (int64 or Python ints)."""
    return ((a > 0).astype(np.int8) - (a < 0).astype(np.int8)).astype(np.int8)


def _adjugate_signs(
    R: np.ndarray, fi: np.ndarray, S: np.ndarray, k: int, primes: Sequence[int], signer: _Garner
) -> np.ndarray:
    """Exact signs of ``adj(N_S)`` (shape (V, k, k)) for rows of non-zero determinant (modular)."""
    V = len(S)
    res = []
    eye = np.eye(k, dtype=np.int64)
    for p in primes:
        Np = np.asarray(np.mod(R[:, :, :k], p), dtype=np.int64)[fi[:, None], S]
        a = np.concatenate([Np, np.broadcast_to(eye, (V, k, k))], axis=2)
        _det, X = _solve_mod(np.ascontiguousarray(a), k, p)
        res.append(X)
    return signer.signs(res)


def _finish(
    acc: _Acc,
    Rf: np.ndarray,
    face_arr: np.ndarray,
    fidx: np.ndarray,
    S: np.ndarray,
    free: list[int],
    fixed: list[int],
    nb: _Modular | _Integer,
    bounds: list[tuple[Fraction, Fraction]],
) -> str | None:
    d, n = acc.d, acc.n
    k, t = len(free), len(fixed)
    dsign = nb.dsign
    live = np.flatnonzero(dsign != 0)
    if len(live) == 0:
        return None
    ssign = nb.side_signs(live) * dsign[live, None]
    if (ssign < 0).any(axis=1).all():
        return None
    closed = ~(ssign < 0).any(axis=1)
    if (ssign[closed] == 0).any():
        r = int(live[closed][np.flatnonzero((ssign[closed] == 0).any(axis=1))[0]])
        planes = ", ".join(map(str, S[r].tolist()))
        return f"the vertex of hyperplanes {planes} on a face of the box lies on a further side"
    rows = live[closed]
    V = len(rows)
    fi = fidx[rows]
    Sv = S[rows]
    ds = dsign[rows]
    onS = np.zeros((V, n), dtype=bool)
    onS[np.arange(V)[:, None], Sv] = True
    net = nb.net_signs(rows, fi, onS) * ds[:, None]
    if (net[~onS] == 0).any():
        r = int(np.flatnonzero(((net == 0) & ~onS).any(axis=1))[0])
        meet = sorted([*Sv[r].tolist(), *np.flatnonzero((net[r] == 0) & ~onS[r]).tolist()])
        return f"hyperplanes {', '.join(map(str, meet))} meet at a point of the box"
    net[onS] = 0
    # exact lexicographic signs of the fixed axes' columns: g_F = -eps N^{-1} C, g_a = eps
    side_sign = np.zeros((V, d), dtype=np.int8)
    face_v = face_arr[fi]  # (V, t)
    if t:
        E = nb.e_signs(rows) * ds[:, None, None]  # (V, k, t)
        for ti, a in enumerate(fixed):
            eps = np.where(face_v[:, ti] == 0, 1, -1).astype(np.int8)
            lex = np.zeros(V, dtype=np.int8)
            for fpos, f in enumerate(free):
                if f > a:
                    break
                val = (-eps * E[:, fpos, ti]).astype(np.int8)
                lex = np.where(lex == 0, val, lex)
            lex = np.where(lex == 0, eps, lex)
            side_sign[:, a] = lex
    axis_side = np.full((V, d), -1, dtype=np.int8)
    if t:
        axis_side[:, fixed] = face_v
    # float vertex and columns of N_Q^{-1} (ambient coordinates), for the proposals
    A = Rf[fi[:, None], Sv]  # (V, k, k + 1 + t)
    with np.errstate(all="ignore"):
        try:
            inv = np.linalg.inv(A[:, :, :k])
        except np.linalg.LinAlgError:
            inv = np.linalg.pinv(A[:, :, :k])
        vF = np.einsum("bij,bj->bi", inv, -A[:, :, k])
        point = np.zeros((V, d))
        point[:, free] = vF
        cols = np.zeros((V, d, d))
        cols[:, free, :k] = inv
        for ti, a in enumerate(fixed):
            eps = np.where(face_v[:, ti] == 0, 1.0, -1.0)
            point[:, a] = np.where(face_v[:, ti] == 0, _float(bounds[a][0]), _float(bounds[a][1]))
            cols[:, a, k + ti] = eps
            cols[:, free, k + ti] = -eps[:, None] * np.einsum("bij,bj->bi", inv, A[:, :, k + 1 + ti])
    acc.point.append(point)
    acc.axis_side.append(axis_side)
    acc.planes.append(np.concatenate([Sv, np.full((V, d - k), -1, dtype=np.int64)], axis=1))
    acc.columns.append(cols)
    acc.side_sign.append(side_sign)
    acc.net_sign.append(net.astype(np.int8))
    # exact lexicographic signs of the hyperplane columns (adj(N) columns, free axes in order)
    adj = nb.adj_signs(rows) * ds[:, None, None]  # (V, k rows, k cols)
    plane_sign = np.zeros((V, d), dtype=np.int8)
    for j in range(k):
        lex = np.zeros(V, dtype=np.int8)
        for fpos in range(k - 1, -1, -1):
            lex = np.where(adj[:, fpos, j] != 0, adj[:, fpos, j], lex)
        plane_sign[:, j] = lex
    acc.plane_sign.append(plane_sign)
    return None


def box_counts(arr: Arrangement) -> tuple[int, int, int] | str:
    """Exact ``(regions, hyperplane facets, side facets)`` of a generic arrangement in a box, or why not generic.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> box_counts(arrangement(TwoLayerReLU([[2, 2], [1, -1]], [-1, 1], [[1, 1]], [0]), domain="-1,1"))
    (4, 4, 8)
    """
    verts = box_vertices(arr)
    return verts if isinstance(verts, str) else verts.counts()


def box_sweep(arr: Arrangement) -> RegionsResult | None:
    """Every region, facet and side facet of a generic arrangement in a box, or ``None``.

    Exact (module docstring): ``None`` when the arrangement is not generic in the box or the
    float proposals fell short of the exact counts.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> from reluexact.regions.arrangements import arrangement
    >>> net = TwoLayerReLU([[31, 57, -73], [22, -91, 45], [-66, 17, 83]], [12, 39, -18], [[1, 1, 1]], [0])
    >>> swept = box_sweep(arrangement(net, domain="-1,1"))
    >>> sorted(r.pattern for r in swept) == sorted(r.pattern for r in regions(net, domain="-1,1", method="lattice"))
    True
    """
    out = box_sweep_or_reason(arr)
    return None if isinstance(out, str) else out


def box_sweep_or_reason(arr: Arrangement) -> RegionsResult | str:
    """:func:`box_sweep`'s result, or the reason (str) there is none.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> box_sweep_or_reason(arrangement(TwoLayerReLU([[1, 0]], [0], [[1]], [0]), domain="0,1"))
    'hyperplane 0 passes through the corner (0, 0) of the box'
    """
    with gc_paused():
        return _sweep(arr)


def _sweep(arr: Arrangement) -> RegionsResult | str:
    from reluexact.regions.enumeration import assemble  # the shared exact assembly (same package)

    start = time.monotonic()
    verts = box_vertices(arr)
    if isinstance(verts, str):
        return verts
    want_regions, want_edges, want_sides = verts.counts()
    if not np.isfinite(verts.point).all():
        return "the box's bounds are beyond the float range of the proposals"
    d, G = arr.dimension, len(arr.groups)
    planes = [(g.normal, g.offset) for g in arr.groups] + [(h.normal, h.offset) for h in arr.sides]
    P = len(planes)
    engine = Engine(planes, G, d)
    bounds = [(Fraction(lo), Fraction(hi)) for lo, hi in arr.domain.bounds]  # type: ignore[union-attr]
    F = np.array([list(_frac_floats([*nr, of])) for nr, of in planes]).reshape(P, d + 1)
    checks = exact = 0
    # --- regions: one proposal per counted vertex --------------------------------------------------
    neg = (verts.side_sign < 0).sum(axis=1)
    good = np.flatnonzero(neg == 0)
    sigma = _sigmas(verts, good)
    found: dict[int, tuple[Any, ...]] = {}
    pending = good
    pend_sigma = sigma
    for shrink in _SHRINK:
        pts = _proposals(verts, pending, pend_sigma, F, bounds, G, shrink, None)
        got = certified_signs(engine.forms, pts)
        checks += got.signs.size
        exact += got.exact_evaluations
        ok = (got.signs != 0).all(axis=1) & (got.signs[:, G:] > 0).all(axis=1)
        intended = _intended(verts, pending, pend_sigma)
        hit = ok & (got.signs[:, :G] == intended).all(axis=1)
        masks = _masks(got.signs > 0)
        for r in np.flatnonzero(ok).tolist():
            found.setdefault(masks[r], pts[r])
        miss = ~hit
        if not miss.any() or len(found) >= want_regions:
            break
        pending, pend_sigma = pending[miss], pend_sigma[miss]
    if len(found) != want_regions:
        return f"the float proposals reached {len(found)} of the {want_regions} regions"
    # --- side facets: one proposal per (vertex, side) counted ---------------------------------------
    sides_raw: list[tuple[int, int, tuple[Any, ...], int]] = []
    seen: set[tuple[int, int]] = set()
    counted = (verts.axis_side >= 0) & (neg <= 1)[:, None] & ((neg == 0)[:, None] | (verts.side_sign < 0))
    iv, ia = np.nonzero(counted)
    if len(iv):
        sg = _sigmas(verts, iv)
        meant = _intended(verts, iv, sg)
        todo = np.arange(len(iv))
        for shrink in _SHRINK:
            pts = _proposals(verts, iv[todo], sg[todo], F, bounds, G, shrink, ia[todo])
            col = G + 2 * ia[todo] + verts.axis_side[iv[todo], ia[todo]]
            where = np.ones((len(todo), P), dtype=bool)
            where[np.arange(len(todo)), col] = False
            got = certified_signs(engine.forms, pts, where=where)
            checks += int(where.sum())
            exact += got.exact_evaluations
            sgn = got.signs.copy()
            sgn[np.arange(len(todo)), col] = 1
            ok = (sgn[:, :G] != 0).all(axis=1) & (sgn[:, G:] > 0).all(axis=1)
            masks = _masks(sgn > 0)
            hit = ok & (sgn[:, :G] == meant[todo]).all(axis=1)
            oks = np.flatnonzero(ok).tolist()
            for r, c in zip(oks, col[ok].tolist(), strict=True):
                mk = masks[r]
                if mk in found and (c, mk) not in seen:
                    seen.add((c, mk))
                    sides_raw.append((c, mk, pts[r], 1 << c))
            if hit.all() or len(seen) >= want_sides:
                break
            todo = todo[~hit]
    if len(seen) != want_sides:
        return f"the float proposals reached {len(seen)} of the {want_sides} side facets"
    sides_raw.sort(key=lambda rec: rec[0])  # each region's sides in the sides' order, as the lattice lists them
    # --- hyperplane facets: pairs of regions one hyperplane apart ------------------------------------
    masks_all = list(found)
    pts_all = list(found.values())
    low = (1 << G) - 1
    pairs = adjacent_pairs([mk & low for mk in masks_all], G)
    if len(pairs) != want_edges:
        return f"{len(pairs)} pairs of regions one hyperplane apart, {want_edges} facets counted"
    edges = edge_records(engine, masks_all, pts_all, pairs)
    cert = RegionsCertificate(
        regions=len(found),
        facets=len(edges.records) + len(sides_raw),
        sign_checks=checks + edges.sign_checks,
        exact_sign_checks=exact + engine.exact_evaluations + edges.exact_sign_checks,
        lp_calls=0,
        method="box-sweep",
        seconds=time.monotonic() - start,
    )
    return assemble(arr, engine, found, edges.records, sides_raw, True, None, start, certified=cert)


def _sigmas(verts: BoxVertices, rows: np.ndarray) -> np.ndarray:
    """The exact lexicographic signs of the hyperplane columns, as floats (R, d)."""
    out: np.ndarray = verts.plane_sign[rows].astype(np.float64)
    return out


def _intended(verts: BoxVertices, rows: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """The hyperplane signs the proposal of each vertex should have (exact off S, sigma on S)."""
    out: np.ndarray = verts.net_sign[rows].copy()
    pl = verts.planes[rows]
    r, j = np.nonzero(pl >= 0)
    out[r, pl[r, j]] = sigma[r, j]
    return out


def _masks(bits: np.ndarray) -> list[int]:
    packed = np.packbits(bits, axis=1, bitorder="little")
    nbytes = packed.shape[1]
    buf = packed.tobytes()
    return [int.from_bytes(buf[i : i + nbytes], "little") for i in range(0, len(buf), nbytes)]


def _proposals(
    verts: BoxVertices,
    rows: np.ndarray,
    sigma: np.ndarray,
    F: np.ndarray,
    bounds: list[tuple[Fraction, Fraction]],
    G: int,
    shrink: float,
    on_side: np.ndarray | None,
) -> list[tuple[Any, ...]]:
    """Exact points v + tau G sigma (on the side ``on_side`` of each row when given)."""
    d = verts.d
    R = len(rows)
    if R == 0:
        return []
    v = verts.point[rows]
    cols = verts.columns[rows]
    axis_side = verts.axis_side[rows]
    pl = verts.planes[rows]
    k = (pl >= 0).sum(axis=1)
    weights = np.ones((R, d))
    weights[:, :] = np.where(np.arange(d)[None, :] < k[:, None], sigma, 1.0)
    # fixed-axis columns come after the hyperplane columns, in increasing axis order
    if on_side is not None:
        before = (axis_side >= 0) & (np.arange(d)[None, :] < on_side[:, None])
        weights[np.arange(R), k + before.sum(axis=1)] = 0.0
    u = np.einsum("bij,bj->bi", cols, weights)
    with np.errstate(all="ignore"):
        val = v @ F[:, :d].T + F[:, d]
        rate = u @ F[:, :d].T
        ratio = -val / rate
        tight = np.zeros((R, F.shape[0]), dtype=bool)
        rr, jj = np.nonzero(pl >= 0)
        tight[rr, pl[rr, jj]] = True
        fixed_mask = axis_side >= 0
        ar = np.nonzero(fixed_mask)
        tight[ar[0], G + 2 * ar[1] + axis_side[ar]] = True
        ratio[tight | ~(ratio > 0)] = np.inf
        tau = 0.5 * np.min(ratio, axis=1)
        tau = np.where(np.isfinite(tau), tau, 1.0) * shrink
        X = v + tau[:, None] * u
        lost = ~np.isfinite(X).all(axis=1)  # a proposal beyond the float range: the vertex itself (on
        X[lost] = v[lost]  # its planes, so certified as no region; the count then falls short)
    fq = flint.fmpq
    dyadic = all(_float(b) == b for pair in bounds for b in pair)
    if dyadic:  # the bounds are floats: the side coordinate is exact, the rest any float
        if on_side is not None:
            X[np.arange(R), on_side] = v[np.arange(R), on_side]
        return [tuple(fq(*x.as_integer_ratio()) for x in row) for row in X.tolist()]
    out = []
    for r, row in enumerate(X.tolist()):
        pt = [fq(*x.as_integer_ratio()) for x in row]
        if lost[r]:
            out.append(tuple(pt))
            continue
        for a in np.flatnonzero(axis_side[r] >= 0).tolist():
            b = bounds[a][int(axis_side[r, a])]
            base = fq(b.numerator, b.denominator)
            if on_side is not None and a == on_side[r]:
                pt[a] = base
            else:
                pt[a] = base + fq(*float(tau[r] * u[r, a]).as_integer_ratio())
        out.append(tuple(pt))
    return out
