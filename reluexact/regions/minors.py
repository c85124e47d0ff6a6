"""Exact, vectorised determinants of batches of small square integer matrices.

Two kernels, both exact:

* :func:`nonzero_determinants` decides ``det(M) != 0`` for every matrix of a batch. The
  determinant is computed modulo a prime ``p < 2**31`` by Gaussian elimination in numpy
  ``int64`` over the whole batch at once (entries are reduced mod ``p`` first; every product of
  two residues is below ``2**62``, so nothing overflows). A non-zero residue proves a non-zero
  determinant; a matrix whose residue is 0 is decided exactly by python-flint
  (``fmpz_mat.det``), so a ``False`` is never a guess.
* :func:`determinant_signs` gives the exact sign (-1, 0, +1). Each matrix gets enough primes
  that their product exceeds twice its Hadamard bound (computed with exact integers:
  ``prod_i ||row_i||^2 >= det^2``); the residues are combined by the Chinese remainder
  theorem into the symmetric residue, which then *is* the determinant. A matrix whose bound
  would need more than ``max_primes`` primes goes to flint directly.

Matrices are given as anything :func:`numpy.asarray` turns into shape ``(N, k, k)``: nested
lists or object arrays of Python ints of any size, or integer arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from reluexact.errors import InvalidArgument

__all__ = [
    "PRIMES",
    "determinant_signs",
    "determinants_mod",
    "inv_mod",
    "nonzero_determinants",
    "nonzero_minors",
]

#: Distinct primes below 2**31 (the largest ones), used as moduli.
PRIMES: tuple[int, ...] = (
    2147483647,
    2147483629,
    2147483587,
    2147483579,
    2147483563,
    2147483549,
    2147483543,
    2147483497,
    2147483489,
    2147483477,
    2147483423,
    2147483399,
    2147483353,
    2147483323,
    2147483269,
    2147483249,
    2147483237,
    2147483179,
    2147483171,
    2147483137,
    2147483123,
    2147483077,
    2147483069,
    2147483059,
    2147483053,
    2147483033,
    2147483029,
    2147482951,
    2147482949,
    2147482943,
    2147482937,
    2147482921,
)


def _as_batch(matrices: Any) -> np.ndarray:
    """The batch as an object array of Python ints of shape (N, k, k)."""
    arr = np.asarray(matrices, dtype=object)
    if arr.size == 0 and arr.ndim < 3:
        return np.zeros((0, 0, 0), dtype=object)
    if arr.ndim != 3 or arr.shape[1] != arr.shape[2]:
        raise InvalidArgument(
            f"expected a batch of square matrices of shape (N, k, k), got shape {arr.shape}: "
            "pass a list of k x k integer matrices"
        )
    return arr


def _residues(arr: np.ndarray, p: int) -> np.ndarray:
    """Entries of an integer batch reduced mod p, as int64 in [0, p)."""
    if arr.dtype != object:
        return np.mod(arr.astype(np.int64), p)
    return np.asarray(np.mod(arr, p), dtype=np.int64)


def determinants_mod(matrices: Any, p: int) -> np.ndarray:
    """Determinants modulo a prime ``p < 2**31`` of a batch of integer matrices, in [0, p).

    Vectorised Gaussian elimination over the batch in ``int64``.

    Parameters
    ----------
    matrices : array_like, shape (N, k, k)
        Integer matrices (Python ints of any size, or an integer array).
    p : int
        A prime below ``2**31``.

    Returns
    -------
    numpy.ndarray
        ``int64`` residues ``det(M_i) mod p``.

    Examples
    --------
    >>> determinants_mod([[[2, 1], [1, 3]], [[1, 2], [2, 4]]], 7).tolist()
    [5, 0]
    >>> determinants_mod([[[10**30]]], 2147483647).tolist() == [10**30 % 2147483647]
    True
    """
    if not 2 <= p < 2**31:
        raise InvalidArgument(f"the modulus {p} must be a prime in [2, 2**31)")
    arr = matrices if isinstance(matrices, np.ndarray) and matrices.dtype != object else _as_batch(matrices)
    if arr.ndim != 3 or arr.shape[1] != arr.shape[2]:
        raise InvalidArgument(f"expected shape (N, k, k), got {arr.shape}")
    a = _residues(arr, p).copy()
    return _det_mod(a, p)


def _det_mod(a: np.ndarray, p: int) -> np.ndarray:
    """Determinants mod p of an int64 batch with entries in [0, p) (``a`` is overwritten)."""
    N, k = a.shape[0], a.shape[1]
    det = np.ones(N, dtype=np.int64)
    if N == 0:
        return det
    rows = np.arange(N)
    for c in range(k):
        col = a[:, c:, c]
        nz = col != 0
        has = nz.any(axis=1)
        piv = np.argmax(nz, axis=1) + c
        det[~has] = 0
        swap = has & (piv != c)
        if swap.any():
            idx = rows[swap]
            pr = piv[swap]
            top = a[idx, c, :].copy()
            a[idx, c, :] = a[idx, pr, :]
            a[idx, pr, :] = top
            det[idx] = np.mod(-det[idx], p)
        pv = a[:, c, c].copy()
        pv[~has] = 1
        det = det * np.mod(pv, p) % p
        if c + 1 == k:
            break
        inv = inv_mod(pv, p)
        # factor for row r: a[r, c] / pivot
        f = a[:, c + 1 :, c] * inv[:, None] % p
        # a[r, j] -= f[r] * a[c, j] for j > c
        prod = f[:, :, None] * a[:, c, None, c + 1 :] % p
        a[:, c + 1 :, c + 1 :] = (a[:, c + 1 :, c + 1 :] - prod) % p
    return det


def inv_mod(x: np.ndarray, p: int) -> np.ndarray:
    """Inverses mod a prime p < 2^31, elementwise, by vectorised exponentiation x^(p-2) (0 maps to 0).

    Examples
    --------
    >>> inv_mod(np.array([1, 2, 3, 0], dtype=np.int64), 7).tolist()
    [1, 4, 5, 0]
    """
    result = np.ones_like(x)
    base = x % p
    e = p - 2
    while e:
        if e & 1:
            result = result * base % p
        base = base * base % p
        e >>= 1
    return result


def _flint_det(matrix: Any) -> int:
    import flint

    k = len(matrix)
    if k == 0:
        return 1
    return int(flint.fmpz_mat([[int(v) for v in row] for row in matrix]).det())


def nonzero_determinants(matrices: Any, *, prime: int = PRIMES[0]) -> np.ndarray:
    """Exactly which matrices of a batch have a non-zero determinant.

    Modular determinants (vectorised) decide every matrix whose determinant is not 0 mod
    ``prime``; the rest are decided exactly by python-flint.

    Parameters
    ----------
    matrices : array_like, shape (N, k, k)
        Square integer matrices (Python ints of any size).
    prime : int, optional
        The modulus, a prime below ``2**31``.

    Returns
    -------
    numpy.ndarray
        Booleans, ``True`` where ``det != 0``.

    Examples
    --------
    >>> nonzero_determinants([[[1, 2], [3, 4]], [[1, 2], [2, 4]]]).tolist()
    [True, False]
    >>> p = 2147483647
    >>> nonzero_determinants([[[p, 0], [0, 1]], [[2**200, 1], [1, 2**200]]]).tolist()
    [True, True]
    """
    arr = _as_batch(matrices)
    N = arr.shape[0]
    if N == 0:
        return np.zeros(0, dtype=bool)
    if arr.shape[1] == 0:
        return np.ones(N, dtype=bool)
    res: np.ndarray = _det_mod(_residues(arr, prime).copy(), prime) != 0
    for i in np.flatnonzero(~res).tolist():
        res[i] = _flint_det(arr[i]) != 0
    return res


def _hadamard_bits(arr: np.ndarray) -> list[int]:
    """Per matrix, bits of an exact bound B with |det| <= B (B^2 = prod of squared row norms)."""
    out = []
    for m in arr:
        sq = 1
        for row in m:
            sq *= sum(int(v) * int(v) for v in row) or 1
        # |det| <= sqrt(sq) <= 2**ceil(bits(sq)/2)
        out.append((sq.bit_length() + 1) // 2 + 1)
    return out


def determinant_signs(matrices: Any, *, max_primes: int = len(PRIMES)) -> np.ndarray:
    """Exact signs (-1, 0, +1) of the determinants of a batch of integer matrices.

    Multi-modular: per matrix, enough primes that their product exceeds twice its Hadamard
    bound; Chinese remaindering to the symmetric residue gives the determinant itself.
    Matrices needing more than ``max_primes`` primes are evaluated by python-flint.

    Parameters
    ----------
    matrices : array_like, shape (N, k, k)
        Square integer matrices (Python ints of any size).
    max_primes : int, optional
        At most this many moduli (at most ``len(PRIMES)``).

    Returns
    -------
    numpy.ndarray
        ``int8`` signs.

    Examples
    --------
    >>> determinant_signs([[[1, 2], [3, 4]], [[1, 2], [2, 4]], [[2, 1], [1, 2]]]).tolist()
    [-1, 0, 1]
    >>> determinant_signs([[[2**200, 2**200 + 1], [1, 1]]]).tolist()
    [-1]
    """
    arr = _as_batch(matrices)
    N = arr.shape[0]
    out = np.zeros(N, dtype=np.int8)
    if N == 0:
        return out
    if arr.shape[1] == 0:
        out[:] = 1
        return out
    max_primes = max(1, min(max_primes, len(PRIMES)))
    bits = _hadamard_bits(arr)
    # each prime > 2**30; need prod > 2 * B, i.e. 30 * m >= bits + 1
    need = [(b + 1 + 29) // 30 for b in bits]
    m_all = min(max(need), max_primes)
    small = np.array([q <= m_all for q in need])
    idx = np.flatnonzero(small)
    if len(idx):
        sub = arr[idx]
        m = max(need[i] for i in idx.tolist())
        residues = [_det_mod(_residues(sub, p).copy(), p) for p in PRIMES[:m]]
        for j, i in enumerate(idx.tolist()):
            mi = need[i]
            value = _crt([int(residues[t][j]) for t in range(mi)], PRIMES[:mi])
            out[i] = (value > 0) - (value < 0)
    for i in np.flatnonzero(~small).tolist():
        d = _flint_det(arr[i])
        out[i] = (d > 0) - (d < 0)
    return out


def _crt(residues: Sequence[int], primes: Sequence[int]) -> int:
    """The symmetric residue (in (-M/2, M/2]) of the CRT combination, M = prod(primes)."""
    x, M = 0, 1
    for r, p in zip(residues, primes, strict=True):
        # x + M * t = r (mod p)
        t = (r - x) * pow(M, -1, p) % p
        x += M * t
        M *= p
    if x > M // 2:
        x -= M
    return x


def nonzero_minors(matrix: Any, subsets: Any, *, prime: int = PRIMES[0]) -> np.ndarray:
    """Exactly which row-subset minors of one integer matrix are non-zero.

    For an ``(n, k)`` integer matrix ``A`` and index rows ``S_i`` (each ``k`` distinct row
    indices), decides ``det(A[S_i]) != 0``. ``A`` is reduced mod ``prime`` once, so a batch of
    millions of subsets costs only int64 work; residues that are 0 are decided by flint.

    Parameters
    ----------
    matrix : array_like, shape (n, k)
        Integer matrix (Python ints of any size).
    subsets : array_like, shape (M, k)
        Row indices.
    prime : int, optional
        The modulus, a prime below ``2**31``.

    Returns
    -------
    numpy.ndarray
        Booleans, ``True`` where the minor is non-zero.

    Examples
    --------
    >>> A = [[1, 0], [0, 1], [2, 0]]
    >>> nonzero_minors(A, [[0, 1], [0, 2], [1, 2]]).tolist()
    [True, False, True]
    """
    A = np.asarray(matrix, dtype=object)
    S = np.asarray(subsets, dtype=np.int64)
    if S.size == 0:
        return np.zeros(len(S), dtype=bool)
    if A.ndim != 2 or S.ndim != 2 or S.shape[1] != A.shape[1]:
        raise InvalidArgument(f"expected an (n, k) matrix and (M, k) row subsets, got {A.shape} and {S.shape}")
    R = np.asarray(np.mod(A, prime), dtype=np.int64)
    res: np.ndarray = _det_mod(R[S], prime) != 0
    for i in np.flatnonzero(~res).tolist():
        res[i] = _flint_det(A[S[i]]) != 0
    return res
