r"""Region-output-sensitive exact enumeration of arrangements in general position in R^d.

Certificate (exact). Let the arrangement's distinct hyperplanes ``H_i = {N_i . x + b_i = 0}``
(primitive integer rows) be ``n`` hyperplanes in R^d, the domain all of R^d, ``n >= d >= 1``.
They are in *general position* when every d of the normals are linearly independent and no
d + 1 of the hyperplanes share a point: every d x d minor of ``N`` and every
(d + 1) x (d + 1) minor of ``[N | b]`` is non-zero. Both are checked exactly
(:func:`reluexact.regions.minors.nonzero_minors`: determinants mod a prime, vectorised, with
python-flint deciding each residue 0). For such an arrangement (Buck 1943; Zaslavsky)

    #regions = sum_{k=0}^{d} C(n, k),     #facets = n * sum_{k=0}^{d-1} C(n - 1, k),

the second because the regions of the restriction to H_i (again n - 1 hyperplanes in general
position in a (d - 1)-space) are exactly the facets on H_i, and each facet separates two
regions (proofs/general_position_count.py checks both identities against the characteristic
polynomial of the truncated Boolean lattice and by brute force). So a set of regions, each with
an exactly certified interior point (every sign exact and non-zero) and pairwise distinct sign
patterns, that has ``sum_k C(n, k)`` elements is the set of *all* regions; likewise for facets.
Two regions whose patterns differ in exactly one hyperplane ``g`` share a facet on ``H_g``
(the segment argument of :mod:`reluexact.regions.facet_walk`: every other plane keeps its strict
sign along the segment between the interior points; its exact crossing with ``H_g`` is in the
relative interior of the common facet); counting these pairs and comparing with the formula
certifies the edges. Floats only *propose* points: completeness comes only from the exact
counts, and when a count falls short the sweep returns ``None`` (callers then run the lattice
restriction or the facet walk). It never gives a wrong answer.

Candidates (floats, a lexicographic sweep). Each region R has a lowest point in the order
"x_1 first": either a vertex ``v`` (d hyperplanes ``S`` meet there; with ``G = N_S^{-1}`` and
``s_j = sign(G[0, j])`` the region is the one containing ``v + t G s`` for small ``t > 0``,
the cone over v where x_1 grows), or R is unbounded towards ``x_1 -> -inf``. The latter are the
regions of the arrangement at infinity ``A_1 = {y in R^(d-1) : N[:, 1:] y - N[:, 0] = 0}``: on
``x = (-T, T y)`` the value ``N x + b = T (N[:, 1:] y - N[:, 0]) + b`` has the sign of A_1's
value for T large. Recursing down to R^0 (one region) proposes ``sum_k C(n, k)`` points, one
per region when the arrangement is also generic in the coordinates (every restriction
``A_k`` in general position; random nets are). T is a power of two, so the lifted points are
exact float64 values (dyadic rationals); every sign is then certified exactly by
:func:`reluexact.signs.certified_signs`, valid at every magnitude.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions.arrangements import arrangement
>>> net = TwoLayerReLU([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, -1], [[1, 1, 1, 1]], [0])
>>> res = sweep_arrangement(arrangement(net))
>>> len(res), len(res.edges), res.certificate.method
(15, 28, 'general-position-sweep')
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Container, Iterator, Sequence
from typing import Any, NamedTuple

import flint
import numpy as np

from reluexact.errors import CertificationError, InvalidArgument
from reluexact.regions._engine import Engine, gc_paused
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.facet_walk import estimated_costs, segment_crossings
from reluexact.regions.minors import nonzero_minors
from reluexact.regions.store import RationalRows
from reluexact.regions.types import RegionsCertificate, RegionsResult
from reluexact.signs import certified_signs

__all__ = [
    "ATTEMPTS",
    "CHUNK",
    "EDGE_CHUNK",
    "SWEEP_FROM",
    "EdgeRecords",
    "Proposed",
    "SweptRegions",
    "adjacent_pairs",
    "assemble_sweep",
    "certified_proposals",
    "edge_records",
    "general_position_counts",
    "general_position_failure",
    "nonsingular_by_floats",
    "pair_array",
    "sweep_arrangement",
    "sweep_edges",
    "sweep_proposals",
    "sweep_regions",
    "try_sweep",
    "try_sweep_regions",
]

#: Sweeps tried (the first in the given coordinates, then in random integer ones) before giving up.
_ATTEMPTS = 3

#: The same number, for callers that run the attempts themselves (reluexact.regions.distributed).
ATTEMPTS = _ATTEMPTS

#: ``method="auto"`` takes the sweep only when the lattice method's estimated seconds reach this
SWEEP_FROM = 0.05

#: Gaps (bits) between columns, or between offsets and normals, beyond which the sweep rescales.
_RESCALE_GAP = 64

#: Bits kept of a facet point's float coordinates (below its largest one) before the exact solve.
_FACET_BITS = 24

#: Subsets per batch of the general-position check (bounds its memory at any n).
CHUNK = 1 << 17


def general_position_counts(n: int, d: int) -> tuple[int, int]:
    """``(regions, facets)`` of n hyperplanes in general position in R^d.

    ``sum_{k <= d} C(n, k)`` regions and ``n * sum_{k < d} C(n - 1, k)`` facets (each facet
    counted once, as an edge between its two regions).

    Examples
    --------
    >>> general_position_counts(16, 8)
    (39203, 262144)
    >>> general_position_counts(3, 2)
    (7, 9)
    """
    regions = sum(math.comb(n, k) for k in range(d + 1))
    facets = n * sum(math.comb(n - 1, k) for k in range(d)) if n else 0
    return regions, facets


def _subsets(n: int, k: int, part: int = 0, parts: int = 1) -> Iterator[np.ndarray]:
    """All k-subsets of range(n) in lexicographic order, as int64 arrays of at most CHUNK rows.

    With ``parts > 1``, only the ``part``-th of ``parts`` consecutive, nearly equal slices.
    """
    it: Iterator[tuple[int, ...]] = itertools.combinations(range(n), k)
    if parts > 1:
        total = math.comb(n, k)
        lo, hi = total * part // parts, total * (part + 1) // parts
        it = itertools.islice(it, lo, hi)
    while True:
        flat = np.fromiter(itertools.chain.from_iterable(itertools.islice(it, CHUNK)), dtype=np.int64)
        if flat.size == 0:
            return
        yield flat.reshape(-1, k)


def general_position_failure(arr: Arrangement, *, part: int = 0, parts: int = 1) -> str | None:
    """Why ``arr`` is not an arrangement in general position in all of R^d, or ``None`` if it is.

    Exact: every d x d minor of the normals and every (d + 1) x (d + 1) minor of
    ``[normals | offsets]`` is decided by :func:`reluexact.regions.minors.nonzero_minors`.
    With ``parts > 1`` only the ``part``-th slice of the subsets is checked (the arrangement is
    in general position when every slice ``0 .. parts - 1`` passes; for distributed checks).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])
    >>> general_position_failure(arrangement(net)) is None
    True
    >>> general_position_failure(arrangement(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, 0], [[1, 1, 1]], [0])))
    'hyperplanes 0, 1, 2 share a point'
    """
    d = arr.dimension
    n = len(arr.groups)
    if arr.sides:
        return "the domain is not all of R^d (it has sides)"
    if d < 1:
        return "the input dimension is 0"
    if n < d:
        return f"there are {n} distinct hyperplanes, fewer than the dimension {d}"
    N = [list(g.normal) for g in arr.groups]
    Nb = [[*g.normal, g.offset] for g in arr.groups]
    for S in _subsets(n, d, part, parts):
        ok = _nonzero_minors(N, S)
        if not ok.all():
            bad = S[int(np.argmin(ok))].tolist()
            return f"the normals of hyperplanes {', '.join(map(str, bad))} are linearly dependent"
    for S in _subsets(n, d + 1, part, parts):
        ok = _nonzero_minors(Nb, S)
        if not ok.all():
            bad = S[int(np.argmin(ok))].tolist()
            return f"hyperplanes {', '.join(map(str, bad))} share a point"
    return None


#: Matrices per call of :func:`nonsingular_by_floats` in the general-position check (its memory).
_FLOAT_MINORS = 1 << 12


def _nonzero_minors(rows: Sequence[Sequence[int]], S: np.ndarray) -> np.ndarray:
    """:func:`reluexact.regions.minors.nonzero_minors`, with the minors that floats prove non-zero skipped.

    The proof (:func:`nonsingular_by_floats`) needs every entry below 2^53 (exact in float64);
    whatever it leaves undecided (singular, ill-conditioned) is decided exactly mod p / by flint.
    """
    ok = np.zeros(len(S), dtype=bool)
    if rows and max(abs(v) for row in rows for v in row) < 2**53:
        F = np.array(rows, dtype=np.float64)
        for lo in range(0, len(S), _FLOAT_MINORS):  # a few work arrays of (slice, k, k) floats at a time
            ok[lo : lo + _FLOAT_MINORS] = nonsingular_by_floats(F[S[lo : lo + _FLOAT_MINORS]])
    rest = np.flatnonzero(~ok)
    if len(rest):
        ok[rest] = nonzero_minors(rows, S[rest])
    return ok


def nonsingular_by_floats(M: np.ndarray) -> np.ndarray:
    """Which matrices of a float64 batch (B, k, k) are *proved* non-singular (False: not proved).

    Exact for matrices whose float entries are the exact values (integers below 2^53 here).
    With ``X`` any float approximation of ``M^-1`` (LAPACK), ``C^ = fl(X M)`` satisfies
    ``|C^ - X M| <= gamma_k |X| |M| + eta`` componentwise in any summation order (Higham 2002,
    section 3.1; ``eta = k 2^-1021`` covers underflow), and ``A^ = fl(|X| |M|) >= (1 - gamma_k) |X| |M|``.
    So with ``E^ = fl(I - C^)``, ``|I - X M| <= (1 + 2u) |E^| + 2 gamma_k A^ + eta``; when every row sum
    ``fl(sum_j |E^_ij| + 4 k u A^_ij)`` is at most 1/2, ``||I - X M||_inf < 1``: X M is non-singular,
    hence so is M. NaN or infinite entries (an inverse that failed) fail the test, and so does a
    matrix LAPACK finds singular (a batch with one is halved until it stands alone).

    Examples
    --------
    >>> nonsingular_by_floats(np.array([[[2.0, 1.0], [1.0, 3.0]], [[1.0, 2.0], [2.0, 4.0]]])).tolist()
    [True, False]
    """
    B, k = M.shape[0], M.shape[1]
    if B == 0:
        return np.zeros(0, dtype=bool)
    with np.errstate(all="ignore"):
        try:
            X = np.linalg.inv(M)
        except np.linalg.LinAlgError:  # a matrix LAPACK finds singular: halve the batch around it
            if B == 1:
                return np.zeros(1, dtype=bool)
            return np.concatenate([nonsingular_by_floats(M[: B // 2]), nonsingular_by_floats(M[B // 2 :])])
        E = np.eye(k)[None, :, :] - X @ M
        A = np.abs(X) @ np.abs(M)
        rowsum = (np.abs(E) + (4.0 * k * 2.0**-53) * A).sum(axis=2) + k * 2.0**-1000
        return np.asarray((rowsum <= 0.5).all(axis=1))


def _float_rows(rows: Sequence[Sequence[int]]) -> np.ndarray:
    """Integer rows (normal, offset) / 2^e in float64, e the row's largest bit length (never overflows)."""
    out = np.zeros((len(rows), len(rows[0]) if rows else 0))
    for i, row in enumerate(rows):
        e = max(abs(v).bit_length() for v in row)
        scale = 1 << e
        out[i] = [v / scale for v in row]
    return out


def _coordinates(arr: Arrangement, attempt: int) -> list[list[int]] | None:
    """The integer change of coordinates ``x = M z`` of an attempt (None: the identity).

    ``M = diag(2^k) R``: the powers of two balance the columns of the normals (each row scaled to
    its largest entry first, so a coordinate weighted 1e-300 everywhere is not lost to float
    underflow); ``R`` is the identity at attempt 0, else a random non-singular integer matrix
    (which makes the restrictions at infinity generic with high probability).
    """
    d = arr.dimension
    rowbits = [max(abs(v).bit_length() for v in g.normal) for g in arr.groups]
    k = []
    for j in range(d):
        gaps = sorted(
            abs(g.normal[j]).bit_length() - rb for g, rb in zip(arr.groups, rowbits, strict=True) if g.normal[j]
        )
        # the widest gap that every row allows; and the median row's gap when it is far larger (one
        # row with a large x_j would otherwise leave a column weighted 1e-300 in all others unscaled)
        k.append(max(0, -gaps[-1], -_far_median(gaps)) if gaps else 0)
    if attempt == 0:
        if not any(k):
            return None
        R = [[int(i == j) for j in range(d)] for i in range(d)]
    else:
        rng = np.random.default_rng(attempt)
        while True:
            R = [[int(v) for v in row] for row in rng.integers(-9, 10, size=(d, d)).tolist()]
            if int(flint.fmpz_mat(R).det()) != 0:
                break
    return [[R[i][j] << k[i] for j in range(d)] for i in range(d)]


def sweep_proposals(arr: Arrangement, attempt: int = 0, *, part: int = 0, parts: int = 1) -> list[tuple[Any, ...]]:
    """The sweep's exact candidate points (fmpq tuples) of one attempt, or of a slice of it.

    Attempt 0 sweeps in the given coordinates, later ones in random integer ones (at most
    :data:`ATTEMPTS`). With ``parts > 1``, only the candidates of the ``part``-th slice of every
    level's subsets (the vertex cones of that slice of the d-subsets, and that slice of each
    arrangement at infinity; the one point of R^0 goes to part 0): the slices ``0 .. parts - 1``
    together propose the points of the whole attempt (and a few more where a singular subset
    spoiled a batch of the whole). Floats propose only: every point's signs still have to be
    certified (:func:`reluexact.signs.certified_signs`).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> arr = arrangement(TwoLayerReLU([[2, 1], [1, 3], [1, -1]], [0, 5, -1], [[1, 1, 1]], [0]))
    >>> len(sweep_proposals(arr)), [len(sweep_proposals(arr, part=k, parts=2)) for k in range(2)]
    (7, [3, 4])
    """
    points = _proposals(arr, attempt, part, parts)
    if isinstance(points, np.ndarray):
        return _to_fmpq(points.reshape(len(points), arr.dimension))
    return points


def _proposals(arr: Arrangement, attempt: int, part: int = 0, parts: int = 1) -> np.ndarray | list[tuple[Any, ...]]:
    """Exact candidate points of one attempt: the sweep in coordinates x = M z.

    A float64 array (each value the exact dyadic point) when no change of coordinates or offset
    rescaling was needed, else fmpq tuples.
    """
    d = arr.dimension
    M = _coordinates(arr, attempt)
    rows = []
    for g in arr.groups:
        normal = list(g.normal) if M is None else [sum(a * M[i][j] for i, a in enumerate(g.normal)) for j in range(d)]
        rows.append([*normal, g.offset])
    # offsets far below (or above) the normals vanish from the rows' floats: sweep N z + b 2^s = 0,
    # i.e. z = 2^s x (exact: the points are scaled back below)
    shift = _offset_shift(rows, d)
    if shift > 0:
        rows = [[*r[:d], r[d] << shift] for r in rows]
    elif shift < 0:
        rows = [[*(v << -shift for v in r[:d]), r[d]] for r in rows]
    Z: np.ndarray = _candidates(_float_rows(rows), d, part, parts)
    Z = Z[np.isfinite(Z).all(axis=1)]
    if M is None and not shift:
        return Z
    points = _to_fmpq(Z)
    if shift and points:
        unit = flint.fmpq(1, 1 << shift) if shift > 0 else flint.fmpq(1 << -shift)
        points = [tuple(v * unit for v in p) for p in points]
    if M is None or not points:
        return points
    Zm = flint.fmpq_mat(len(points), d, [v for p in points for v in p])
    Xm = Zm * flint.fmpq_mat(d, d, [M[j][i] for i in range(d) for j in range(d)])  # rows z -> (M z)^T
    ent = Xm.entries()
    return [tuple(ent[r * d : (r + 1) * d]) for r in range(len(points))]


def _offset_shift(rows: Sequence[Sequence[int]], d: int) -> int:
    """The power of two ``s`` balancing offsets against normals (0 unless they are far apart)."""
    return _far_median(
        sorted(max(abs(v).bit_length() for v in r[:d]) - abs(r[d]).bit_length() for r in rows if r[d] and any(r[:d]))
    )


def _far_median(gaps: Sequence[int]) -> int:
    """The median of sorted bit gaps when it exceeds :data:`_RESCALE_GAP` in size, else 0."""
    mid = gaps[len(gaps) // 2] if gaps else 0
    return mid if abs(mid) > _RESCALE_GAP else 0


def _candidates(F: np.ndarray, d: int, part: int = 0, parts: int = 1) -> np.ndarray:
    """The sweep's float proposals, one per region of a generic arrangement (module docstring).

    ``F`` is (n, d + 1): normals then offset. Returns an (R, d) array (rows with non-finite
    entries are proposals that failed).
    """
    n = F.shape[0]
    N = F[:, :d]
    b = F[:, d]
    # off[k]: the offsets of A_k (A_0 = the arrangement; A_k: normals N[:, k:], offsets -N[:, k - 1])
    offs = [b] + [-N[:, k - 1] for k in range(1, d + 1)]
    out = []
    with np.errstate(all="ignore"):
        for k in range(d + 1):
            m = d - k
            Nk = N[:, k:]
            if m == 0:
                ys = np.zeros((1 if part == 0 else 0, 0))
            else:
                chunks = []
                for S in _subsets(n, m, part, parts):
                    M = Nk[S]  # (B, m, m)
                    rhs = -offs[k][S]
                    try:
                        Ginv = np.linalg.inv(M)
                    except np.linalg.LinAlgError:
                        Ginv = np.full_like(M, np.nan)
                    v = np.einsum("bij,bj->bi", Ginv, rhs)
                    s = np.sign(Ginv[:, 0, :])
                    u = np.einsum("bij,bj->bi", Ginv, s)
                    val = v @ Nk.T + offs[k]  # (B, n)
                    rate = u @ Nk.T
                    ratio = -val / rate
                    onS = np.zeros(val.shape, dtype=bool)
                    onS[np.arange(len(S))[:, None], S] = True
                    ratio[onS | ~(ratio > 0)] = np.inf
                    t = 0.5 * np.min(ratio, axis=1)
                    t = np.where(np.isfinite(t), t, 1.0)
                    chunks.append(v + t[:, None] * u)
                ys = np.concatenate(chunks) if chunks else np.zeros((0, m))
            # lift through A_{k-1}, ..., A_0: y -> (-T, T y), T a power of two
            for j in range(k - 1, -1, -1):
                val = ys @ N[:, j + 1 :].T + offs[j + 1]  # values of A_{j+1}
                need = np.max(np.abs(offs[j])[None, :] / np.abs(val), axis=1)
                expo = np.ceil(np.log2(np.maximum(need, 1e-300))) + 3
                T = np.ldexp(1.0, np.clip(np.nan_to_num(expo, nan=2000), -1000, 2000).astype(np.int64))
                ys = np.concatenate([-T[:, None], T[:, None] * ys], axis=1)
            out.append(ys)
    return np.concatenate(out) if out else np.zeros((0, d))


def _rows_to_ints(packed: np.ndarray) -> list[int]:
    """Rows of packed bits (little-endian) as Python ints."""
    nbytes = packed.shape[1]
    buf = packed.tobytes()
    return [int.from_bytes(buf[i : i + nbytes], "little") for i in range(0, len(buf), nbytes)]


def adjacent_pairs(
    masks: Sequence[int], n_planes: int, *, planes: Sequence[int] | None = None
) -> list[tuple[int, int, int]]:
    """Pairs of sign masks that differ in exactly one plane: ``(plane, index of bit 0, index of bit 1)``.

    General (any set of sign masks, any planes): the candidate edges of a set of regions, in
    order of the plane, then of the first region. Vectorised for ``n_planes <= 63``
    (:func:`pair_array` gives the same pairs as one int64 array). ``planes`` (default
    ``range(n_planes)``) keeps only the pairs across those planes.

    Examples
    --------
    >>> adjacent_pairs([0b00, 0b01, 0b11], 2)
    [(0, 0, 1), (1, 1, 2)]
    """
    return list(map(tuple, pair_array(masks, n_planes, planes=planes).tolist()))


def pair_array(masks: Sequence[int], n_planes: int, *, planes: Sequence[int] | None = None) -> np.ndarray:
    """:func:`adjacent_pairs` as an (R, 3) int64 array ``(plane, first index, second index)``, same order.

    24 bytes a pair instead of a tuple of three Python ints (about 100): what the sweep holds for
    its edges while their facet points are made chunk by chunk (:func:`sweep_edges`).

    Examples
    --------
    >>> pair_array([0b00, 0b01, 0b11], 2).tolist()
    [[0, 0, 1], [1, 1, 2]]
    """
    R = len(masks)
    which = range(n_planes) if planes is None else planes
    parts = [np.zeros((0, 3), dtype=np.int64)]
    if R and n_planes <= 63:
        arr = np.array(masks, dtype=np.int64)
        order = np.argsort(arr, kind="stable")
        sorted_ = arr[order]
        for g in which:
            word = np.int64(1) << np.int64(g)
            low = np.flatnonzero((arr & word) == 0)
            target = arr[low] | word
            pos = np.minimum(np.searchsorted(sorted_, target), R - 1)
            hit = sorted_[pos] == target
            parts.append(np.stack([np.full(int(hit.sum()), g, dtype=np.int64), low[hit], order[pos[hit]]], axis=1))
    elif R:
        index = {m: k for k, m in enumerate(masks)}
        for g in which:
            bit = 1 << g
            found = [(g, k, index[m | bit]) for k, m in enumerate(masks) if not m & bit and m | bit in index]
            parts.append(np.array(found, dtype=np.int64).reshape(len(found), 3))
    return np.concatenate(parts).astype(np.int64)


class EdgeRecords:
    """Facet records of adjacent region pairs, with what certifying their points took.

    Attributes
    ----------
    records : list of (plane, mask a, mask b, point, zero mask)
        The input of :func:`reluexact.regions.enumeration.assemble` (``edges_raw``).
    sign_checks, exact_sign_checks : int
        Plane-point signs checked exactly, and how many needed rational evaluation.
    points : RationalRows or None
        With ``edge_records(..., as_rows=True)``: the facet points, one row a pair in pair order, and
        ``records`` empty (no ``fmpq`` is built); else None.
    """

    __slots__ = ("exact_sign_checks", "points", "records", "sign_checks")

    def __init__(
        self,
        records: list[tuple[int, int, int, tuple[Any, ...], int]],
        checks: int,
        exact: int,
        points: RationalRows | None = None,
    ) -> None:
        self.records = records
        self.sign_checks = checks
        self.exact_sign_checks = exact
        self.points = points

    def __repr__(self) -> str:
        return f"EdgeRecords({len(self.records)} facets)"


def edge_records(
    engine: Engine,
    masks: Sequence[int],
    points: Sequence[tuple[Any, ...]],
    pairs: Sequence[tuple[int, int, int]] | np.ndarray,
    plane_masks: Sequence[int] | None = None,
    *,
    floats: np.ndarray | None = None,
    as_rows: bool = False,
) -> EdgeRecords:
    """Exactly certified facet points for adjacent pairs of regions (the records of ``assemble``).

    For each pair ``(plane g, region a, region b)`` of :func:`adjacent_pairs` (sign masks
    ``masks``, exact interior points ``points``), a point exactly on plane g with every other
    plane's strict sign as in both regions, so in the relative interior of their common facet
    (the segment argument of :mod:`reluexact.regions.facet_walk`). The point is short: the
    float crossing of the segment with every coordinate but one kept as a dyadic and the last
    solved for exactly (integers, vectorised); it is *certified* here (zero on g by exact
    integer evaluation; the other signs, for points whose integers a bit bound keeps below 2^62,
    by one exact int64 product ``Qint N^T + D b``, else by :func:`reluexact.signs.certified_signs`
    on the integer numerators over their denominators), and where that fails the exact crossing
    (:func:`reluexact.regions.facet_walk.segment_crossings`) is used and certified likewise.
    ``plane_masks[p]`` is the mask of planes that vanish with p (default: plane p alone); every
    plane of it must be a translate-free copy of p (the same hyperplane). General: any engine
    (domain sides included), any regions. ``floats``: the points as a float64 array when each is
    exactly a float64 row (saves converting them; guides only). ``as_rows=True``: the points as
    :class:`~reluexact.regions.store.RationalRows` in ``EdgeRecords.points`` (rows in lowest
    terms, the layout of ``RationalRows.from_points``) and no records (the pairs say the rest).

    Examples
    --------
    >>> import flint
    >>> engine = Engine([((1, 0), 0), ((0, 1), 0)], 2, 2)
    >>> pts = [(flint.fmpq(-1), flint.fmpq(-1)), (flint.fmpq(3), flint.fmpq(-1))]
    >>> [(g, a, b, tuple(map(str, q))) for g, a, b, q, _ in edge_records(engine, [0, 1], pts, [(0, 0, 1)]).records]
    [(0, 0, 1, ('0', '-1'))]
    >>> edge_records(engine, [0, 1], pts, [(0, 0, 1)], as_rows=True).points.row(0)
    (0, -1)
    """
    if len(pairs) == 0:
        return EdgeRecords([], 0, 0, RationalRows.from_points([], engine.d) if as_rows else None)
    d, P = engine.d, engine.P
    zmask = [(1 << p) if plane_masks is None else plane_masks[p] for p in range(P)]
    if isinstance(pairs, np.ndarray):
        pair_arr = pairs.astype(np.int64).reshape(len(pairs), 3)
    else:
        pair_arr = np.fromiter(itertools.chain.from_iterable(pairs), dtype=np.int64, count=3 * len(pairs)).reshape(
            -1, 3
        )
    g_arr, ia_all, ib_all = pair_arr[:, 0], pair_arr[:, 1], pair_arr[:, 2]
    present = np.zeros(len(points), dtype=bool)
    present[pair_arr[:, 1]] = True
    present[pair_arr[:, 2]] = True
    used_arr = np.flatnonzero(present)
    used = used_arr.tolist()
    where = np.full(len(points), -1, dtype=np.int64)
    where[used_arr] = np.arange(len(used))
    # floats (guides only) in balanced coordinates x_j = 2^e_j y_j, e_j exact from bit lengths, so
    # that coordinates beyond the float range (or below it) convert without overflow; e = 0 when
    # every coordinate is a comfortable float
    e = [0] * d
    try:
        if floats is not None:
            Yf = floats[used_arr].reshape(len(used), d)
        else:
            Yf = np.array([[float(v) for v in points[i]] for i in used], dtype=np.float64).reshape(len(used), d)
        colmax = np.abs(Yf).max(axis=0) if len(used) else np.ones(d)
        balanced = bool(np.all(np.isfinite(colmax)) and np.all((colmax > 2.0**-900) & (colmax < 2.0**900)))
    except OverflowError:
        balanced = False
    if not balanced:
        e = [max((_log2_floor(points[i][j]) for i in used if points[i][j] != 0), default=0) for j in range(d)]
        Yf = np.array(
            [[_float_scaled(v, -ej) for v, ej in zip(points[i], e, strict=True)] for i in used], dtype=np.float64
        ).reshape(len(used), d)
    shift = min(0, *e)  # the rows (N_j 2^e_j, b) times 2^-shift are integers
    F = _float_rows(
        [
            (*(a << (ej - shift) for a, ej in zip(engine.normals[p], e, strict=True)), engine.offsets[p] << -shift)
            for p in range(P)
        ]
    )
    xa, xb = Yf[where[ia_all]], Yf[where[ib_all]]
    with np.errstate(all="ignore"):
        la = np.einsum("ij,ij->i", xa, F[g_arr, :d]) + F[g_arr, d]
        lb = np.einsum("ij,ij->i", xb, F[g_arr, :d]) + F[g_arr, d]
        Q = xa + (la / (la - lb))[:, None] * (xb - xa)
    fine = np.isfinite(Q).all(axis=1) & (np.abs(Q) < 2.0**900).all(axis=1) & (np.abs(Q).max(axis=1) > 0)
    Q[~fine] = 1.0
    # Q's rows rounded to _FACET_BITS bits below their largest entry: y = base 2^low, so
    # x_j = base_j 2^(e_j + low): integers Qint = base 2^sh over the common power of two D = 2^dexp
    top = np.frexp(np.max(np.abs(Q), axis=1))[1].astype(np.int64)
    low = top - _FACET_BITS
    base = np.rint(np.ldexp(Q, (-low)[:, None].astype(np.int32))).astype(np.int64)  # |base| <= 2^_FACET_BITS
    R = len(pairs)
    if any(e):
        t = low[:, None] + np.array(e, dtype=np.int64)[None, :]
        dexp = np.maximum(0, -t.min(axis=1))
        sh = t + dexp[:, None]
    else:  # one shift a row
        dexp = np.maximum(0, -low)
        sh = np.repeat((low + dexp)[:, None], d, axis=1)
    lead = np.array(
        [
            int(
                np.argmax(
                    [abs(v).bit_length() + ej if v else -(10**9) for v, ej in zip(engine.normals[p], e, strict=True)]
                )
            )
            for p in range(P)
        ],
        dtype=np.int64,
    )
    zero = _mask_bool(zmask, P)[g_arr]
    # rows whose integers provably stay below 2^62 are solved (and certified) in int64, the others in
    # Python integers: the same exact values either way. Bounds (|v| < 2^bits; nb, bb the largest bit
    # lengths of the normals and offsets, d + 1 <= 2^db terms a sum): |base 2^sh| < 2^q_bits; the
    # solved coordinate |acc| < 2^acc_bits; after scaling by N_gc every |Qint| < 2^max(nb + q_bits,
    # acc_bits) and D < 2^(dexp + nb); so every N_p . Qint + b_p D (partial sums too) < 2^final_bits
    nb = max((abs(v).bit_length() for row in engine.normals for v in row), default=0)
    bb = max((abs(v).bit_length() for v in engine.offsets), default=0)
    db = (d + 1).bit_length()
    q_bits = _FACET_BITS + 1 + sh.max(axis=1)
    acc_bits = np.maximum(nb + q_bits, bb + dexp) + db
    final_bits = np.maximum(nb + np.maximum(nb + q_bits, acc_bits), bb + nb + dexp) + db
    small = final_bits <= 62
    on_g = np.zeros(R, dtype=bool)
    groups = []
    for rows, exact_dtype in ((np.flatnonzero(small), np.int64), (np.flatnonzero(~small), object)):
        if not len(rows):
            continue
        Qi, Di, ok = _solve_on_plane(
            base[rows], sh[rows], dexp[rows], g_arr[rows], lead[g_arr[rows]], zero[rows], engine, exact_dtype
        )
        groups.append((rows, Qi, Di))
        on_g[rows] = ok
    expect = _mask_signs([masks[i] for i in used], P)[where[ia_all]]
    expect[zero] = 0
    signs = np.zeros((R, P), dtype=np.int8)
    n_checks, n_exact = int((~zero).sum()), 0
    short: list[tuple[Any, ...]] = [()] * R
    fq = flint.fmpq
    in_ints = np.zeros(R, dtype=bool)  # as_rows=True: the rows kept as int64 integers (no fmpq)
    for rows, Qi, Di in groups:
        if Qi.dtype == np.int64:
            # exact in int64: the bit bound above (final_bits <= 62) holds for every plane's
            # N_p . Qint + b_p D, partial sums included (the same bound as the check on g)
            normals64 = np.array(engine.normals, dtype=np.int64).reshape(P, d)
            vals64 = Qi @ normals64.T + Di[:, None] * np.array(engine.offsets, dtype=np.int64)[None, :]
            signs[rows] = np.where(zero[rows], 0, np.sign(vals64)).astype(np.int8)
            n_exact += int((~zero[rows]).sum())
        else:
            checked = certified_signs(engine.forms, Qi, denominators=Di, where=~zero[rows])
            signs[rows] = checked.signs
            n_exact += checked.exact_evaluations
        if as_rows and Qi.dtype == np.int64:
            in_ints[rows] = True
            continue
        # the points as fmpq (lowest terms; one flat map: 1.5x the per-row tuples)
        flat = list(map(fq, Qi.ravel().tolist(), np.repeat(Di, d).tolist()))
        tuples = list(zip(*[iter(flat)] * d, strict=True))
        if len(rows) == R:  # one group: the rows in order
            short = tuples
        else:
            for k, q in zip(rows.tolist(), tuples, strict=True):
                short[k] = q
    ok = fine & on_g & (signs == expect).all(axis=1)
    bad = np.flatnonzero(~ok).tolist()
    if bad:
        trip = [tuple(pair_arr[k].tolist()) for k in bad]
        values = {i: engine.evaluate(points[i]) for i in {t[1] for t in trip} | {t[2] for t in trip}}
        exact = segment_crossings(
            [points[t[1]] for t in trip],
            [points[t[2]] for t in trip],
            [values[t[1]][t[0]] for t in trip],
            [values[t[2]][t[0]] for t in trip],
        )
        full = certified_signs(engine.forms, exact)
        n_checks += full.signs.size
        n_exact += full.exact_evaluations
        if not (full.signs == expect[bad]).all():
            raise CertificationError(
                "a facet point between two adjacent regions has a wrong sign: the regions are inconsistent "
                "(please report this with the model)"
            )
        for k, q in zip(bad, exact, strict=True):
            short[k] = q
    n_checks += int(zero.sum())
    if as_rows:
        return EdgeRecords([], n_checks, n_exact, _point_rows(groups, in_ints, short, bad, d))
    ga = g_arr.tolist()
    records = list(
        zip(
            ga,
            map(masks.__getitem__, ia_all.tolist()),
            map(masks.__getitem__, ib_all.tolist()),
            short,
            map(zmask.__getitem__, ga),
            strict=True,
        )
    )
    return EdgeRecords(records, n_checks, n_exact)


def _point_rows(
    groups: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    in_ints: np.ndarray,
    short: list[tuple[Any, ...]],
    bad: list[int],
    d: int,
) -> RationalRows:
    """:func:`edge_records`' points as RationalRows: the int64 rows ``Qint / D`` reduced, the others encoded."""
    R = len(in_ints)
    in_ints[bad] = False  # replaced by exact crossings
    nums = np.zeros((R, d), dtype=np.int64)
    dens = np.zeros(R, dtype=np.int64)
    for rows_k, Qi, Di in groups:
        if Qi.dtype == np.int64:
            nums[rows_k], dens[rows_k] = Qi, Di
    # lowest terms: the row's gcd out (then D is the lcm of the reduced denominators, as from_points has it)
    common = np.gcd.reduce(np.concatenate([nums, dens[:, None]], axis=1), axis=1)
    common[common == 0] = 1
    nums //= common[:, None]
    dens //= common
    ints = np.flatnonzero(in_ints)
    if len(ints) == R:
        return RationalRows(nums, dens)
    others = np.flatnonzero(~in_ints)
    encoded = RationalRows.from_points([short[k] for k in others.tolist()], d)
    both = RationalRows.concatenate([RationalRows(nums[ints], dens[ints]), encoded], d)
    return both.take(np.argsort(np.concatenate([ints, others]), kind="stable"))


def _solve_on_plane(
    base: np.ndarray,
    sh: np.ndarray,
    dexp: np.ndarray,
    g: np.ndarray,
    c: np.ndarray,
    zero: np.ndarray,
    engine: Engine,
    dtype: Any,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Facet points ``Qint / D`` exactly on plane g, and whether every plane of ``zero`` vanishes there.

    The rows ``base 2^sh / 2^dexp`` with coordinate ``c`` (g's leading one) replaced by the exact
    solution of plane g, scaled to integers: ``Qint`` (integers of ``dtype``) over ``D > 0``. Exact in
    either dtype: int64 only where the caller bounded every intermediate value below 2^62.
    """
    R, d = base.shape
    rr = np.arange(R)
    if dtype is object:
        pw = np.array([1 << v for v in sh.ravel().tolist()], dtype=object).reshape(R, d)
        Qint = base.astype(object) * pw
        D = np.array([1 << v for v in dexp.tolist()], dtype=object)
    else:
        Qint = np.left_shift(base, sh)
        D = np.left_shift(np.ones(R, dtype=np.int64), dexp)
    normals = np.array(engine.normals, dtype=dtype).reshape(engine.P, d)
    offsets = np.array(engine.offsets, dtype=dtype)
    Ng = normals[g]  # (R, d)
    Ngc = Ng[rr, c]
    # solve coordinate c exactly: Ng . (Qint / D) + b_g = 0 with the other coordinates kept
    Qint[rr, c] = 0
    acc = (Ng * Qint).sum(axis=1) + offsets[g] * D
    Qint = Qint * Ngc[:, None]
    Qint[rr, c] = -acc
    D = D * Ngc
    neg = D < 0
    Qint[neg] = -Qint[neg]
    D[neg] = -D[neg]
    # exact: zero on g (an independent integer evaluation)
    on_g = (Ng * Qint).sum(axis=1) + offsets[g] * D == 0
    for p in range(engine.P):  # the other planes that must vanish (copies of g, e.g. domain sides)
        rows_p = np.flatnonzero(zero[:, p] & (g != p))
        if len(rows_p):
            vals = (normals[p][None, :] * Qint[rows_p]).sum(axis=1) + offsets[p] * D[rows_p]
            on_g[rows_p] &= vals == 0
    return Qint, D, on_g


def _log2_floor(v: Any) -> int:
    """An integer within 1 of log2 |v| (v a non-zero exact rational), from bit lengths only."""
    q = flint.fmpq(v)
    return int(abs(q.p).bit_length()) - int(q.q.bit_length())


def _float_scaled(v: Any, k: int) -> float:
    """float(v * 2^k) for an exact rational v, without overflow for the intermediate values."""
    q = flint.fmpq(v)
    num, den = int(q.p), int(q.q)
    if k >= 0:
        num <<= k
    else:
        den <<= -k
    try:
        return num / den
    except OverflowError:
        return math.inf if num > 0 else -math.inf


def _mask_bool(masks: Sequence[int], P: int) -> np.ndarray:
    """Bit masks as boolean rows (bit p in column p)."""
    if P <= 63:
        arr = np.array(masks, dtype=np.int64).reshape(len(masks), 1)
        return ((arr >> np.arange(P, dtype=np.int64)[None, :]) & 1).astype(bool)
    nbytes = (P + 7) // 8
    buf = b"".join(m.to_bytes(nbytes, "little") for m in masks)
    bits = np.unpackbits(np.frombuffer(buf, dtype=np.uint8).reshape(len(masks), nbytes), axis=1, bitorder="little")
    return bits[:, :P].astype(bool)


def _mask_signs(masks: Sequence[int], P: int) -> np.ndarray:
    """Sign masks as int8 rows of +-1 (bit p set: +1)."""
    return (_mask_bool(masks, P).astype(np.int8) * 2 - 1).astype(np.int8)


def _to_fmpq(X: np.ndarray) -> list[tuple[Any, ...]]:
    """Float64 rows (finite) as exact fmpq tuples."""
    flat = list(itertools.starmap(flint.fmpq, map(float.as_integer_ratio, X.ravel().tolist())))
    return list(zip(*[iter(flat)] * X.shape[1], strict=True)) if X.shape[1] else [() for _ in range(len(X))]


def sweep_arrangement(arr: Arrangement, *, progress: Any = False, check: bool = True) -> RegionsResult | None:
    """Every region, facet and edge of an arrangement in general position, or ``None``.

    Exact (module docstring): the result is returned only when the exactly certified regions
    and edges reach the counts of :func:`general_position_counts`; ``None`` when the
    arrangement is not in general position in R^d (``check=True`` tests it exactly;
    ``check=False`` is for callers that did) or the float proposals fell short.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])
    >>> from reluexact.regions import regions
    >>> swept = sweep_arrangement(arrangement(net))
    >>> sorted(r.pattern for r in swept) == sorted(r.pattern for r in regions(net, method="lattice"))
    True
    >>> sweep_arrangement(arrangement(TwoLayerReLU([[1, 0], [1, 0]], [0, 1], [[1, 1]], [0]))) is None
    True
    """
    with gc_paused():
        swept = sweep_regions(arr, progress=progress, check=check)
        return None if swept is None else assemble_sweep(swept, progress=progress)


class SweptRegions:
    """The exactly certified regions of a general-position sweep, and the pairs that are its edges.

    What :func:`sweep_regions` found before any facet point is made: the regions' sign masks
    (bit g: hyperplane group g positive) and exact interior points, in the order they become
    region ids, and the adjacent pairs (:func:`pair_arrays`), whose number already matched the
    formula. :func:`sweep_edges` makes and certifies their facet points chunk by chunk, so a
    streamed run (:func:`reluexact.regions.streaming.stream_arrangement`) never holds them all;
    :func:`assemble_sweep` builds the whole :class:`RegionsResult`.

    Attributes
    ----------
    arrangement, engine : the arrangement and its exact evaluator.
    masks : list of int
    points : list of tuple of fmpq
    pairs : numpy.ndarray
        (E, 3) int64, :func:`pair_array`: (plane, lower-mask index, upper-mask index).
    floats : numpy.ndarray or None
        The points as a float64 array when each is exactly a float64 row (guides for
        :func:`edge_records`), else ``None``.
    region_checks : int
        Signs certified for the region points (all proposals, kept or not).
    start : float
        ``time.monotonic()`` when the sweep started.
    """

    __slots__ = ("arrangement", "engine", "floats", "masks", "pairs", "points", "region_checks", "start")

    def __init__(
        self,
        arrangement: Arrangement,
        engine: Engine,
        masks: list[int],
        points: list[tuple[Any, ...]],
        pairs: np.ndarray,
        region_checks: int,
        start: float,
        floats: np.ndarray | None = None,
    ) -> None:
        self.arrangement = arrangement
        self.engine = engine
        self.masks = masks
        self.points = points
        self.pairs = pairs
        self.region_checks = region_checks
        self.start = start
        self.floats = floats

    def __len__(self) -> int:
        return len(self.masks)

    def __repr__(self) -> str:
        return f"SweptRegions({len(self.masks)} regions, {len(self.pairs)} edges)"

    def certificate(self, facets: int, sign_checks: int, exact_sign_checks: int) -> RegionsCertificate:
        """The run's certificate once its ``facets`` facet points took the given sign checks.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> swept = sweep_regions(arrangement(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])))
        >>> swept.certificate(4, 4, 0).method, swept.certificate(4, 4, 0).regions
        ('general-position-sweep', 4)
        """
        return RegionsCertificate(
            regions=len(self.masks),
            facets=facets,
            sign_checks=self.region_checks + sign_checks,
            exact_sign_checks=self.engine.exact_evaluations + exact_sign_checks,
            lp_calls=0,
            method="general-position-sweep",
            seconds=time.monotonic() - self.start,
        )


def sweep_regions(arr: Arrangement, *, progress: Any = False, check: bool = True) -> SweptRegions | None:
    """The certified regions and edge pairs of the sweep (:class:`SweptRegions`), or ``None``.

    ``None`` exactly when :func:`sweep_arrangement` gives ``None``: not in general position
    (checked when ``check``), or the proposals fell short of the region count, or the pairs of
    the edge count. The exact general-position check (:func:`general_position_failure`) runs
    only when the first attempt falls short: ``sum_k C(n, k)`` distinct certified regions prove
    general position by themselves, since no other arrangement of n distinct hyperplanes has
    that many (``proofs/general_position_maximum.py``).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> sweep_regions(arrangement(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])))
    SweptRegions(7 regions, 9 edges)
    """
    start = time.monotonic()
    d = arr.dimension
    n = len(arr.groups)
    if arr.sides or d < 1 or n < d:  # what the count argument needs (general_position_failure says why)
        return None
    want_regions, want_edges = general_position_counts(n, d)
    bar = _bar(progress, 2)
    engine = Engine([(g.normal, g.offset) for g in arr.groups], n, d)
    regions_found: dict[int, tuple[Any, ...]] = {}
    floats: dict[int, np.ndarray] = {}  # the float64 rows of the points that came as exact floats
    region_checks = 0
    for attempt in range(_ATTEMPTS):
        # the float sweep proposes; exact signs decide (a zero or a repeated pattern adds nothing)
        found = certified_proposals(arr, engine, attempt, known=regions_found)
        region_checks += found.checks
        if found.floats is not None:  # exact floats: fmpq only for the first point of each new pattern
            regions_found.update(zip(found.masks, _to_fmpq(found.floats), strict=True))
            floats.update(zip(found.masks, found.floats, strict=True))
        else:
            regions_found.update(zip(found.masks, found.points, strict=True))
        if len(regions_found) == want_regions:
            break
        if attempt == 0 and check and general_position_failure(arr) is not None:
            break  # not in general position: no attempt reaches the count
    _step(bar, "regions (candidates certified)")
    swept = None
    if len(regions_found) == want_regions:
        masks = list(regions_found)
        pairs = pair_array(masks, n)
        _step(bar, "regions (edges)")
        if len(pairs) == want_edges:
            exact_floats = (
                np.array([floats[mk] for mk in masks]).reshape(len(masks), d) if len(floats) == len(masks) else None
            )
            pts = list(regions_found.values())
            swept = SweptRegions(arr, engine, masks, pts, pairs, region_checks, start, exact_floats)
    _close(bar, progress)
    return swept


class Proposed(NamedTuple):
    """One attempt's new regions (:func:`certified_proposals`), in the order first proposed.

    Attributes
    ----------
    masks : list of int
        The distinct sign masks (bit p set: positive on plane p) not already known.
    floats : numpy.ndarray or None
        Their points as an (R, d) float64 array, each value the exact dyadic point, when the
        attempt proposed floats (no change of coordinates); else None.
    points : list of tuple
        Their exact points (python-flint ``fmpq``) when ``floats`` is None; else empty.
    checks : int
        Plane-point signs certified (every proposal's, on every plane).
    """

    masks: list[int]
    floats: np.ndarray | None
    points: list[tuple[Any, ...]]
    checks: int


def certified_proposals(
    arr: Arrangement,
    engine: Engine,
    attempt: int = 0,
    *,
    part: int = 0,
    parts: int = 1,
    known: Container[int] = (),
) -> Proposed:
    """One attempt of the sweep: its proposals (a slice of them), signs certified, the first point of each new region.

    Every proposal's sign on every plane is certified exactly
    (:func:`reluexact.signs.certified_signs`, ``engine``'s exact evaluations counted); a proposal
    on a plane proposes nothing, and of the proposals with one mask the first is kept. Masks in
    ``known`` are left out. ``part`` of ``parts`` takes one slice of the d-subsets, as
    :func:`sweep_proposals`.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> arr = arrangement(TwoLayerReLU([[2, 1], [1, 3], [1, -1]], [0, 5, -1], [[1, 1, 1]], [0]))
    >>> engine = Engine([(g.normal, g.offset) for g in arr.groups], 3, 2)
    >>> found = certified_proposals(arr, engine)
    >>> len(found.masks), found.floats.shape, found.checks
    (7, (7, 2), 21)
    >>> certified_proposals(arr, engine, known=found.masks[:5]).masks == found.masks[5:]
    True
    """
    proposed = _proposals(arr, attempt, part, parts)
    signs = _signs_in_slices(engine, proposed)
    good = np.flatnonzero((signs != 0).all(axis=1))
    packed = np.packbits(signs[good] > 0, axis=1, bitorder="little")
    if packed.shape[1] <= 8:  # masks below 2^64: the first of each by numpy (one sort), not a dict
        words = np.zeros((len(good), 8), dtype=np.uint8)
        words[:, : packed.shape[1]] = packed
        keys = words.view("<u8").reshape(len(good))
        firsts = np.sort(np.unique(keys, return_index=True)[1])
        masks, rows = keys[firsts].tolist(), good[firsts].tolist()
        if known:
            kept = [j for j, mk in enumerate(masks) if mk not in known]
            masks, rows = [masks[j] for j in kept], [rows[j] for j in kept]
    else:
        first: dict[int, int] = {}
        for k, mk in zip(good.tolist(), _rows_to_ints(packed), strict=True):
            if mk not in known:
                first.setdefault(mk, k)
        masks, rows = list(first), list(first.values())
    if isinstance(proposed, np.ndarray):
        picked = proposed.reshape(len(proposed), arr.dimension)[np.array(rows, dtype=np.int64)]
        return Proposed(masks, picked.reshape(len(rows), arr.dimension), [], int(signs.size))
    return Proposed(masks, None, [proposed[k] for k in rows], int(signs.size))


#: Proposals certified per call in :func:`sweep_regions` (bounds the work arrays at any size).
_SIGN_SLICE = 1 << 14


def _signs_in_slices(engine: Engine, points: np.ndarray | list[tuple[Any, ...]]) -> np.ndarray:
    """:func:`certified_signs` of the proposals, :data:`_SIGN_SLICE` at a time (exact evaluations counted)."""
    parts = [np.zeros((0, engine.P), dtype=np.int8)]
    for lo in range(0, len(points), _SIGN_SLICE):
        found = certified_signs(engine.forms, points[lo : lo + _SIGN_SLICE])
        engine.exact_evaluations += found.exact_evaluations
        parts.append(found.signs)
    return np.concatenate(parts)


#: Edges a chunk of :func:`sweep_edges` (bounds the facet points held at once in a streamed run).
EDGE_CHUNK = 1 << 15


def sweep_edges(swept: SweptRegions, *, progress: Any = False) -> Iterator[EdgeRecords]:
    """The certified facet records of ``swept``'s edges, :data:`EDGE_CHUNK` pairs at a time, in pair order.

    Each chunk is :func:`edge_records` of those pairs (exact: every point checked);
    concatenated, they are the edges of :func:`sweep_arrangement`'s result.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> swept = sweep_regions(arrangement(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])))
    >>> [len(chunk.records) for chunk in sweep_edges(swept)]
    [9]
    """
    pairs = swept.pairs
    total = len(pairs)
    bar = _bar(progress, max(1, -(-total // EDGE_CHUNK)))
    if bar is not None:
        bar.set_description("regions (facet points)")
    for lo in range(0, total, EDGE_CHUNK):
        yield edge_records(swept.engine, swept.masks, swept.points, pairs[lo : lo + EDGE_CHUNK], floats=swept.floats)
        if bar is not None:
            bar.update(1)
    _close(bar, progress)


def assemble_sweep(swept: SweptRegions, *, progress: Any = False) -> RegionsResult:
    """The whole :class:`RegionsResult` of a sweep: :func:`sweep_edges`'s records assembled.

    Every region point (:func:`sweep_regions`) and facet point (:func:`sweep_edges`) was
    certified exactly once; ``assemble`` reports that certificate.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> swept = sweep_regions(arrangement(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])))
    >>> res = assemble_sweep(swept)
    >>> len(res), len(res.edges), res.certificate.facets
    (7, 9, 9)
    """
    from reluexact.regions.enumeration import assemble  # the shared exact assembly (same package)

    records: list[tuple[int, int, int, tuple[Any, ...], int]] = []
    checks = exact = 0
    for chunk in sweep_edges(swept, progress=progress):
        records.extend(chunk.records)
        checks += chunk.sign_checks
        exact += chunk.exact_sign_checks
    cert = swept.certificate(len(records), checks, exact)
    found = dict(zip(swept.masks, swept.points, strict=True))
    return assemble(swept.arrangement, swept.engine, found, records, [], True, None, swept.start, certified=cert)


def _bar(progress: Any, total: int) -> Any:
    if progress is False or progress is None:
        return None
    if hasattr(progress, "update"):  # a caller's bar: reuse it
        progress.reset(total=total)
        progress.set_description("regions (sweep)")
        return progress
    import sys

    if progress == "auto" and not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="regions (sweep)", unit="stage", leave=False)


def _step(bar: Any, what: str) -> None:
    if bar is not None:
        bar.set_description(what)
        bar.update(1)


def _close(bar: Any, progress: Any) -> None:
    if bar is not None and bar is not progress:
        bar.close()


def try_sweep(
    arr: Arrangement,
    method: str,
    *,
    budgets: bool = False,
    progress: Any = False,
) -> RegionsResult | None:
    """The sweep's result when ``method`` asks for it (or ``"auto"`` picks it), else ``None``.

    ``"auto"`` takes the sweep for d >= 3 without a budget when the arrangement is in general
    position in all of R^d and the lattice method's estimated cost
    (:func:`reluexact.regions.facet_walk.estimated_costs`) is at least :data:`SWEEP_FROM` seconds
    (smaller arrangements keep the lattice, as quick there, whose points are shorter);
    ``"sweep"`` forces it (with a budget, ``None``: the caller runs the
    facet walk, which honours budgets). Any other method gives ``None``. In a box, both use the
    box sweep (:func:`reluexact.regions.box_sweep.box_sweep_or_reason`, generic arrangements in
    the box); other domains with sides are never swept.

    Raises
    ------
    InvalidArgument
        For ``method="sweep"`` on an arrangement that is not in general position in R^d (or not
        generic in its box).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> net = TwoLayerReLU([[1, 0], [1, 0]], [0, 1], [[1, 1]], [0])
    >>> try_sweep(arrangement(net), "sweep")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: method="sweep" needs hyperplanes in general position ... or "walk"
    >>> try_sweep(arrangement(net), "lattice") is None
    True
    """
    if arr.sides and not budgets and method in ("sweep", "auto"):  # a box: reluexact.regions.box_sweep
        from reluexact.regions.box_sweep import box_sweep_or_reason

        if method == "auto" and (arr.dimension < 3 or estimated_costs(arr)[0] < SWEEP_FROM):
            return None
        boxed = box_sweep_or_reason(arr)
        if isinstance(boxed, str) and method == "sweep":
            raise InvalidArgument(
                f'method="sweep" needs a generic arrangement, but {boxed}; use method="lattice" or "walk"'
            )
        return None if isinstance(boxed, str) else boxed
    with gc_paused():
        swept = try_sweep_regions(arr, method, budgets=budgets, progress=progress)
        return None if swept is None else assemble_sweep(swept, progress=progress)


def try_sweep_regions(
    arr: Arrangement,
    method: str,
    *,
    budgets: bool = False,
    progress: Any = False,
) -> SweptRegions | None:
    """:func:`try_sweep` before its facet points: the :class:`SweptRegions`, or ``None`` as there.

    Raises
    ------
    InvalidArgument
        As :func:`try_sweep`.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> net = TwoLayerReLU([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, -1], [[1, 1, 1, 1]], [0])
    >>> try_sweep_regions(arrangement(net), "sweep"), try_sweep_regions(arrangement(net), "lattice")
    (SweptRegions(15 regions, 28 edges), None)
    """
    if arr.sides:  # a box or polytope: try_sweep's box sweep (computed whole), or nothing
        return None
    if method == "sweep":
        if budgets:
            return None
        swept = sweep_regions(arr, progress=progress)
        why = None if swept is not None else general_position_failure(arr)
        if why is not None:
            raise InvalidArgument(
                f'method="sweep" needs hyperplanes in general position in all of R^d, but {why}; '
                'use method="lattice" or "walk"'
            )
        if swept is None:
            raise InvalidArgument(
                'method="sweep": the float proposals did not reach every region of this arrangement '
                '(it is not generic in the coordinates); use method="lattice" or "walk"'
            )
        return swept
    if method != "auto" or budgets or arr.dimension < 3 or arr.sides or len(arr.groups) < arr.dimension:
        return None
    if estimated_costs(arr)[0] < SWEEP_FROM:
        return None  # small: the lattice is as quick and its points are shorter (reports print them)
    return sweep_regions(arr, progress=progress)
