"""The exact vertex table of an arrangement in a box, shared by all regions (private to the answers).

In a box every region's closure is a polytope, the convex hull of its vertices, and those are
vertices of the whole arrangement: points where d linearly independent rows among the distinct
unit hyperplanes and the box sides vanish, lying in the closed box. A vertex v is a vertex of
cl(R) exactly when R's side of every hyperplane not through v is v's side (then the rows tight at
v are constraints of cl(R), d of them independent). So one pass over the d-subsets of rows finds
every vertex once for all regions, instead of one search per region over its own facets.

Everything is exact integer arithmetic: a vertex is kept in homogeneous coordinates ``k`` (``k[:d]
/ k[d]``, ``k[d] > 0``, gcd 1), computed as the signed maximal minors of the subset's d x (d + 1)
rows (Cramer's rule), vectorised in numpy ``int64``. The table is built only when a bound proves
no intermediate value can overflow: with L the largest L1 norm of a row (normal and offset), every
minor and partial sum of a cofactor expansion is at most L^d and every row value ``row . k`` at most
L^(d+1), required below 2^62. The value of f at a vertex is exact too (Python integers where int64
could overflow). Nothing here is a float.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> net = TwoLayerReLU([[1, 0, 0], [0, 1, 0]], [0, 0], [[1, -1]], [0])  # relu(x) - relu(y)
>>> table = vertex_table(regions(net, domain="-1,1", progress=False))
>>> len(table), table.homogeneous[0].tolist()  # the 2 x 2 x 2 corners and the 3 x 3 x 2 grid points
(18, [-1, -1, -1, 1])
>>> sorted(len(table.vertices_of(r)) for r in range(4))  # each of the 4 regions is a box with 8 corners
[8, 8, 8, 8]
>>> sorted(int(s) for s in vertex_signs(table, 0))[:3]
[-1, -1, -1]
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from reluexact.domain import Box
from reluexact.errors import CertificationError
from reluexact.regions import Arrangement, RegionsResult

__all__ = ["VertexTable", "vertex_signs", "vertex_table", "vertex_values"]

#: Largest value a row evaluation may reach for the int64 table (a margin below 2^63).
INT64_BOUND = 2**62
#: Most hyperplanes through one vertex whose 2^z neighbouring sign vectors are enumerated (else a scan).
MAX_FILL = 10
#: Bits per int64 word of a region's sign key.
WORD_BITS = 62
#: d-subsets of rows per numpy pass.
CHUNK = 100000


class VertexTable:
    """The exact vertices of an arrangement in a closed box and the regions whose closure holds each.

    Attributes
    ----------
    homogeneous : numpy.ndarray
        V x (d + 1) ``int64``: vertex i is ``homogeneous[i, :d] / homogeneous[i, d]`` (last entry > 0).
    group_values : numpy.ndarray
        V x G ``int64``: ``normal . k + offset * k_d`` per hyperplane class (the sign of the hyperplane's
        value at the vertex).
    incidence, starts : numpy.ndarray
        Region r's closure has the vertices ``incidence[starts[r]:starts[r + 1]]`` (at least d + 1).
    """

    __slots__ = ("arrangement", "group_values", "homogeneous", "incidence", "starts")

    def __init__(
        self, arrangement: Arrangement, homogeneous: Any, group_values: Any, incidence: tuple[Any, Any]
    ) -> None:
        self.arrangement = arrangement
        self.homogeneous = homogeneous
        self.group_values = group_values
        self.incidence, self.starts = incidence

    def vertices_of(self, region: int) -> Any:
        """The indices of the vertices of a region's closure."""
        return self.incidence[self.starts[region] : self.starts[region + 1]]

    def region_signs(self, signs: Any) -> tuple[Any, Any]:
        """Per region, whether some vertex has sign +1, and whether some has -1 (``signs`` per vertex)."""
        at = signs[self.incidence]
        head = self.starts[:-1]
        if not len(head):
            return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
        return np.logical_or.reduceat(at > 0, head), np.logical_or.reduceat(at < 0, head)

    def __len__(self) -> int:
        return int(self.homogeneous.shape[0])

    def point(self, i: int) -> tuple[Fraction, ...]:
        """Vertex i as exact Fractions."""
        row = self.homogeneous[i].tolist()
        return tuple(Fraction(v, row[-1]) for v in row[:-1])


def _minors(rows: Any) -> Any:
    """(B, d, d + 1) int64 -> (B, d + 1): the kernel vector (-1)^j det(rows without column j), exactly.

    The caller guarantees by the row-norm bound that no partial sum overflows.
    """
    d = rows.shape[1]
    cols = list(range(d + 1))
    out = np.empty((rows.shape[0], d + 1), dtype=np.int64)
    for j in cols:
        keep = [c for c in cols if c != j]
        out[:, j] = _det(rows[:, :, keep]) * (1 if j % 2 == 0 else -1)
    return out


def _det(M: Any) -> Any:
    """Exact determinants of a stack of small integer matrices (cofactor expansion along the first row)."""
    k = M.shape[1]
    if k == 1:
        return M[:, 0, 0].copy()
    if k == 2:
        return M[:, 0, 0] * M[:, 1, 1] - M[:, 0, 1] * M[:, 1, 0]
    total = np.zeros(M.shape[0], dtype=np.int64)
    for j in range(k):
        keep = [c for c in range(k) if c != j]
        minor = _det(M[:, 1:, :][:, :, keep])
        term = M[:, 0, j] * minor
        total = total + term if j % 2 == 0 else total - term
    return total


def vertex_table(result: RegionsResult, *, max_subsets: int | None = None) -> VertexTable | None:
    """The vertex table of a complete enumeration in a box, or None where it does not apply.

    None when the domain is not a box, d < 2, the rows are too large for exact ``int64`` (the bound of
    the module docs), or there are more d-subsets of rows than ``max_subsets``.
    """
    arr = result.arrangement
    domain = result.domain
    d = arr.dimension
    if not isinstance(domain, Box) or d < 2 or not result.complete:
        return None
    rows_list = [(*g.normal, g.offset) for g in arr.groups] + [(*h.normal, h.offset) for h in arr.sides]
    n_groups = len(arr.groups)
    N = len(rows_list)
    L = max(sum(abs(v) for v in row) for row in rows_list)
    if L ** (d + 1) >= INT64_BOUND:
        return None
    if max_subsets is not None and math.comb(N, d) > max_subsets:
        return None
    rows = np.array(rows_list, dtype=np.int64).reshape(N, d + 1)
    sides = rows[n_groups:]
    found = []
    combos_iter = itertools.combinations(range(N), d)
    while True:
        chunk = np.fromiter(itertools.chain.from_iterable(itertools.islice(combos_iter, CHUNK)), dtype=np.intp)
        if chunk.size == 0:
            break
        combos = chunk.reshape(-1, d)
        K = _minors(rows[combos])  # (B, d + 1)
        K = K[K[:, d] != 0]
        K *= np.where(K[:, d] > 0, 1, -1)[:, None]
        inside = np.all(K @ sides.T >= 0, axis=1)
        found.append(K[inside])
    K = np.concatenate(found) if found else np.zeros((0, d + 1), dtype=np.int64)
    if len(K):
        K //= np.gcd.reduce(K, axis=1)[:, None]
        K = np.unique(K, axis=0)
    values = K @ rows[:n_groups].T  # (V, G)
    incidence = _incidence(result, values)
    if len(result.regions) and int(np.diff(incidence[1]).min()) < d + 1:
        raise CertificationError("internal: a region's closure got fewer than d + 1 vertices from the vertex table")
    return VertexTable(arr, K, values, incidence)


def _region_signs(result: RegionsResult) -> Any:
    """R x G int8: each region's side (+1 / -1) of each hyperplane class, read from the patterns."""
    arr = result.arrangement
    n = arr.network.n_hidden
    R = len(result.regions)
    if not arr.groups:
        return np.zeros((R, 0), dtype=np.int8)
    raw = np.frombuffer("".join(r.pattern for r in result.regions).encode("ascii"), dtype=np.uint8).reshape(R, n)
    first = np.array([g.units[0][0] for g in arr.groups], dtype=np.intp)
    orient = np.array([g.units[0][1] for g in arr.groups], dtype=np.int8)
    active = raw[:, first] == ord("1")
    return np.where(active, orient[None, :], -orient[None, :]).astype(np.int8)


def _keys(bits: Any) -> Any:
    """(..., G) of 0/1 -> (..., W) int64 words of :data:`WORD_BITS` bits."""
    G = bits.shape[-1]
    W = max(1, -(-G // WORD_BITS))
    out = np.zeros((*bits.shape[:-1], W), dtype=np.int64)
    for w in range(W):
        part = bits[..., w * WORD_BITS : (w + 1) * WORD_BITS].astype(np.int64)
        out[..., w] = part @ (np.int64(1) << np.arange(part.shape[-1], dtype=np.int64))
    return out


def _incidence(result: RegionsResult, values: Any) -> tuple[Any, Any]:
    """The vertices of each region's closure: each vertex's neighbouring sign vectors looked up exactly.

    Returns ``(vertices, starts)``: region r holds ``vertices[starts[r]:starts[r + 1]]`` (increasing).
    """
    S = _region_signs(result)
    R, G = S.shape
    V = values.shape[0]
    if G == 0:
        return np.tile(np.arange(V), R), np.arange(R + 1) * V
    tau = np.sign(values).astype(np.int8)
    region_keys = _keys(S > 0)  # (R, W)
    W = region_keys.shape[1]
    pairs_v: list[Any] = []
    pairs_r: list[Any] = []
    zero = tau == 0
    count = zero.sum(axis=1)
    base = _keys(tau > 0)  # (V, W)
    for z in np.unique(count).tolist():
        which = np.flatnonzero(count == z)
        if z > MAX_FILL:
            for v in which.tolist():
                t = tau[v]
                hit = np.flatnonzero(np.all((t[None, :] == S) | (t[None, :] == 0), axis=1))
                pairs_v.append(np.full(len(hit), v))
                pairs_r.append(hit)
            continue
        Z = np.nonzero(zero[which])[1].reshape(len(which), z)  # the zero classes of each vertex
        contrib = np.zeros((len(which), z, W), dtype=np.int64)
        if z:
            rows_ = np.repeat(np.arange(len(which)), z)
            cols = np.tile(np.arange(z), len(which))
            contrib[rows_, cols, (Z // WORD_BITS).ravel()] = np.int64(1) << (Z % WORD_BITS).ravel().astype(np.int64)
        select = ((np.arange(2**z)[:, None] >> np.arange(z)[None, :]) & 1).astype(np.int64)  # (2^z, z)
        keys = base[which][:, None, :] + np.einsum("mj,vjw->vmw", select, contrib)  # (n, 2^z, W)
        found = _lookup(region_keys, keys.reshape(-1, W))
        ok = found >= 0
        vs = np.repeat(which, 2**z)
        pairs_v.append(vs[ok])
        pairs_r.append(found[ok])
    pv = np.concatenate(pairs_v) if pairs_v else np.zeros(0, dtype=np.intp)
    pr = np.concatenate(pairs_r) if pairs_r else np.zeros(0, dtype=np.intp)
    order = np.lexsort((pv, pr))
    return pv[order], np.searchsorted(pr[order], np.arange(R + 1))


def _lookup(table_keys: Any, queries: Any) -> Any:
    """For each query row, the index of the equal row of ``table_keys`` (rows distinct), or -1; exact.

    Rows are found by a 64-bit hash (sorted, binary search) and then compared whole, so a hash collision
    can only lose a match; when two table rows share a hash, an exact sort of all rows decides instead.
    """
    R = table_keys.shape[0]
    one = table_keys.shape[1] == 1
    table_hash = table_keys[:, 0] if one else _hash(table_keys)
    order = np.argsort(table_hash, kind="stable")
    ranked = table_hash[order]
    if one or bool(np.all(ranked[1:] != ranked[:-1])):
        query_hash = queries[:, 0] if one else _hash(queries)
        pos = np.minimum(np.searchsorted(ranked, query_hash), R - 1)
        cand = order[pos]
        ok = (ranked[pos] == query_hash) & np.all(table_keys[cand] == queries, axis=1)
        return np.where(ok, cand, -1)
    _, inverse = np.unique(np.concatenate([table_keys, queries]), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    owner = np.full(R + len(queries), -1, dtype=np.intp)
    owner[inverse[:R]] = np.arange(R)
    return owner[inverse[R:]]


def _hash(keys: Any) -> Any:
    """A 64-bit hash of each int64 row (splitmix64 steps, wrapping unsigned arithmetic)."""
    h = np.zeros(keys.shape[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for w in range(keys.shape[1]):
            x = keys[:, w].astype(np.uint64) ^ (h + np.uint64(0x9E3779B97F4A7C15) * np.uint64(w + 1))
            x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            h = x ^ (x >> np.uint64(31))
    return h


def vertex_values(table: VertexTable, output: int) -> tuple[Any, int]:
    """Output ``output`` of f at every vertex, exactly, as integers F with f(v_i) = F_i / (Q k_d).

    Returns ``(F, Q)``: F an array of Python integers (``object``) or ``int64`` when that cannot
    overflow, Q > 0 the common denominator. On a vertex f is continuous, so any region holding it agrees.
    """
    net = table.arrangement.network
    plus: list[Fraction] = []
    minus: list[Fraction] = []
    A = net.output_weights[output]
    for group in table.arrangement.groups:
        p = m = Fraction(0)
        for (i, s), lam in zip(group.units, group.scales, strict=True):
            if s > 0:
                p += A[i] * lam
            else:
                m += A[i] * lam
        plus.append(p)
        minus.append(m)
    constant = table.arrangement.constant_units
    c0 = Fraction(net.output_bias[output]) + sum((A[i] * net.hidden_bias[i] for i, on in constant if on), Fraction(0))
    Q = math.lcm(1, c0.denominator, *(v.denominator for v in (*plus, *minus)))
    ip = [int(v * Q) for v in plus]
    im = [int(v * Q) for v in minus]
    ic = int(c0 * Q)
    Z = table.group_values
    den = table.homogeneous[:, -1]
    top = int(np.abs(Z).max()) if Z.size else 0
    top = max(top, int(den.max()) if den.size else 0)
    bound = (sum(abs(v) for v in (*ip, *im)) + abs(ic)) * top
    if bound < INT64_BOUND:
        pos = np.maximum(Z, 0)
        neg = np.maximum(-Z, 0)
        F = pos @ np.array(ip, dtype=np.int64) + neg @ np.array(im, dtype=np.int64) + ic * den
        return F, Q
    pos_o = np.maximum(Z, 0).astype(object)
    neg_o = np.maximum(-Z, 0).astype(object)
    F = pos_o @ np.array(ip, dtype=object) + neg_o @ np.array(im, dtype=object) + den.astype(object) * ic
    return F, Q


def vertex_signs(table: VertexTable, output: int) -> Any:
    """The exact sign (-1, 0, 1, ``int8``) of output ``output`` of f at every vertex."""
    F, _ = vertex_values(table, output)
    if F.dtype == object:
        return np.array([(v > 0) - (v < 0) for v in F.tolist()], dtype=np.int8)
    return np.sign(F).astype(np.int8)
