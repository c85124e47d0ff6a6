"""Certified signs of affine forms: float64 proposes, a proven error bound or exact arithmetic decides.

An *affine form* is ``h(x) = a . x + beta`` with exact rational coefficients; this module
returns the exact sign of many forms at many exact rational points, which is what every
exact algorithm in reluexact asks most often (which units are active at a point, on which
side of each hyperplane a region's point lies, how far a point may step before it crosses a
hyperplane). Exact, at every magnitude: a sign is taken from float64 arithmetic only where
the lemma below proves the float sign right, and is computed in exact rational arithmetic
(FLINT) everywhere else. Nothing is ever guessed, for coordinates of 1e-320 (below the
float64 subnormal limit) as for weights of 1e300 or integers of a thousand digits.

How the floats stay valid at every magnitude
--------------------------------------------
Signs do not change when a value is multiplied by a power of two. So every normal ``a`` is
scaled by ``2^-r`` and every point ``x`` by ``2^-c`` (integers ``r``, ``c`` read off
exactly, never from an overflowing float) until its largest entry lies in [1/2, 1), and the
offset becomes ``beta' = beta 2^-(r + c)``, clamped to at most ``2^64`` in magnitude (an
offset that large dominates ``|a' . x'| <= d``, so the clamped value keeps the sign and is a
lower bound of the magnitude). Then ``h(x) = 2^(r + c) s`` with ``s = a' . x' + beta'``, a
dot product of the ``k = d + 1`` entries ``(a', beta')`` and ``(x', 1)``. Entries below
``tau = 2^-510`` are replaced by exact zeros (they are accounted for below); every other
entry is a *normal* float64 within relative error 4u (u = 2^-53) of its exact value, however
large or small the rational was: big integers and Fractions are split into mantissa and
exponent exactly first. So no input is subnormal, every product of kept entries is at
least ``tau^2 = 2^-1020`` (normal), and nothing can overflow. (In the common case where every
``|c|`` and every ``|e_beta - r|`` is at most 400, ``e_beta`` the exponent of ``beta``, the
offset term enters the matrix product as the pair ``(beta 2^-r, 2^-c)`` of normal floats in
[2^-401, 2^400] instead of being clamped: its product is normal and finite, and the lemma
below holds as stated.)

**Lemma (forward error at every magnitude).** Let ``a, x`` be exact rational k-vectors
with ``|a_j x_j| <= (1 + 5u)^2`` except for at most one term (the offset: ``x_k = 1`` and
``|a_k| <= 2^65``, or both factors in [2^-401, 2^400]), let ``a~_j``, ``x~_j`` be float64
numbers with ``a~_j = 0`` where ``|a_j| < tau (1 + 5u)`` (the same for ``x``), else ``|a~_j - a_j| <= 4u |a_j|`` and
``|a~_j| >= tau``, and let ``s^`` and ``T^`` be the float64 values of
``sum_j a~_j x~_j`` and ``sum_j |a~_j| |x~_j|`` computed in any order (BLAS, pairwise, with
or without FMA, with gradual underflow or flush-to-zero of subnormal intermediate results).
Then, with ``s = sum_j a_j x_j`` and ``gamma_k = k u / (1 - k u)``,

    |s^ - s| <= gamma_k sum_j |a~_j x~_j| + 8.01 u sum_j |a_j x_j| + 2 k tau + k 2^-1020
             <= 2 (k + 9) u T^ + 4 k tau  =: B          (k <= 2^30),

and the float64 evaluation ``B^ = fl(fl(2 (k + 9) u T^) + 4 k tau)`` is at least the first line.

*Proof.* Kept products satisfy ``|a~_j x~_j| >= tau^2 = 2^-1020`` and are at most 2^801, so
each rounds with relative error u (no underflow, no overflow). A float sum rounds with
relative error u or, when its result is subnormal, exactly (gradual underflow) or with an
absolute error below 2^-1022 (flush-to-zero; with denormals-are-zero an operand may lose as
much again): at most k such events, each multiplied by at most (1 + u)^k < 2 afterwards.
Higham (2002, Lemma 3.1 and section 4.2) gives, for any summation order,
``|s^ - sum a~ x~| <= gamma_k sum |a~ x~| + k 2^-1020``. The input errors give
``|a~ x~ - a x| <= ((1 + 4u)^2 - 1) |a x| <= 8.01 u |a x|`` for kept terms; a dropped term has
one factor below ``tau (1 + 5u)`` and the other at most ``1 + 5u`` (or exactly 1), so the
dropped terms sum to at most ``2 k tau``. ``T^`` sums non-negative normal products, so
``T^ >= (1 - gamma_k) sum |a~ x~|`` and ``sum |a x| <= (1 - 4u)^-2 sum |a~ x~|``; for
``k u <= 2^-23`` the first line is at most ``(k + 9) u T^ + 2 k tau + k 2^-1020``. The factor
2 absorbs the two roundings of ``B^`` (relative ``(1 - u)^2`` when normal), and ``4 k tau``
absorbs ``2 k tau + k 2^-1020`` as well as a product ``2 (k + 9) u T^`` that underflows (it
is then below 2^-1022 < k tau). QED.

Consequently, when ``|s^| > B^``, ``sign(s^)`` is the exact sign of ``s`` and of ``h(x)``,
and ``|h(x)| >= 2^(r + c) (|s^| - B^) > 0``. Entries with ``|s^| <= B^`` (a point on or
very near a hyperplane, or a value made of terms below ``tau`` relative to the largest) are
evaluated exactly. The tests check the lemma's conclusion against exact ``Fraction``
arithmetic for magnitudes from 1e-320 to 1e300 and beyond (``tests/test_signs.py``).

Cost: two float64 matrix products (values and absolute values) per batch and O(N k)
Python work to scale the points; exact evaluation only where the bound cannot decide. See
``bench/bench_signs.py`` for the gain over exact evaluation.

References
----------
N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM 2002, ch. 2-3
(the model of floating-point arithmetic with underflow, section 2.3, and the error of
summation in any order, section 4.2).

Examples
--------
>>> from fractions import Fraction
>>> forms = AffineForms([[1, 1], [1, -1]], [-1, 0])  # x + y - 1 and x - y
>>> affine_signs(forms, [[Fraction(1, 2), Fraction(1, 2)], [2, 0]]).tolist()
[[0, 0], [1, 1]]
>>> tiny = Fraction(1, 10**320)  # far below the smallest float64
>>> affine_signs(AffineForms([[10**300, -10**300]], [0]), [[2 * tiny, tiny]]).tolist()
[[1]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple

import flint
import numpy as np

from reluexact.errors import ShapeError
from reluexact.rational import to_fraction

__all__ = [
    "NO_BOUND",
    "AffineForms",
    "CertifiedSigns",
    "affine_signs",
    "ceil_log2",
    "certified_signs",
]

_U = 2.0**-53
_TAU_EXPONENT = -510  # entries below tau = 2^-510 of their vector's largest are dropped (accounted for)
_TAU = 2.0**_TAU_EXPONENT
_OFFSET_EXPONENT = 64  # a scaled offset above 2^64 dominates: clamped there (sign and lower bound stay valid)
_FAST_EXPONENT = 400  # scale exponents up to this size let the offset enter the matrix product directly
_SMALLEST_NORMAL = 2.0**-1022
_MAGNITUDE_FLOOR = 2.0**-1000  # float lower bounds below this are left to the exact path
_EXACT_BATCH = 8  # a plane with this many exact evaluations gets one FLINT matrix product
NO_BOUND = np.iinfo(np.int64).max
"""The exponent :func:`certified_signs` reports where a value is exactly zero."""

_EXACT_TYPES = (int, Fraction, flint.fmpz, flint.fmpq)


def _exact(value: Any, where: str) -> Any:
    if isinstance(value, _EXACT_TYPES) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return int(value)
    return to_fraction(value, where=where)


def _split_int(n: int) -> tuple[float, int]:
    """(m, e) with n = m 2^e up to relative error 1.01 u, 1/2 <= |m| < 1 (n != 0)."""
    bits = abs(n).bit_length()
    if bits <= 1000:
        return math.frexp(float(n))  # float(n) is correctly rounded and finite
    shift = bits - 64
    top = abs(n) >> shift  # 64 exact leading bits (truncation error below 2^-63 relative)
    m, e = math.frexp(float(top) if n > 0 else -float(top))
    return m, e + shift


def _split(value: Any) -> tuple[float, int]:
    """(m, e) with value = m 2^e up to relative error 3.1 u, 1/2 <= |m| <= 1 (value != 0).

    Valid at every magnitude: the exponent is an unbounded Python int, never a float.
    """
    if isinstance(value, int):
        return _split_int(value)
    mp, ep = _split_int(int(value.numerator))
    mq, eq = _split_int(int(value.denominator))
    m, e = math.frexp(mp / mq)  # |mp / mq| in (1/2, 2): normal, one rounding
    return m, e + ep - eq


def _scale_vectors(vectors: Sequence[Sequence[Any]], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Scaled float rows and their exponents: row i of the result times 2^(exponent_i) is vector i.

    Each scaled row has its largest entry in [1/2, 1) (up to 4u), entries below 2^-510 set to an
    exact 0, every other entry a normal float64 within relative error 4u of the exact scaled value.
    An all-zero vector gives a zero row and exponent 0.
    """
    R = len(vectors)
    floats: np.ndarray | None
    try:
        floats = np.array([[float(v) for v in row] for row in vectors], dtype=np.float64).reshape(R, k)
    except OverflowError:  # an entry beyond the float range: the rows that have one go the slow way
        floats = None
    slow: list[int]
    if floats is None:
        slow = list(range(R))
        floats = np.zeros((R, k))
    else:
        magnitudes = np.abs(floats)
        good = np.isfinite(floats) & ((magnitudes >= _SMALLEST_NORMAL) | (floats == 0))
        # a float 0 must be an exact 0 (not an underflowed tiny value)
        for r, j in np.argwhere(floats == 0).tolist():
            if vectors[r][j] != 0:
                good[r, j] = False
        slow = np.flatnonzero(~good.all(axis=1)).tolist()
    mantissas, exponents = np.frexp(floats)
    exponents = exponents.astype(np.int64)
    for r in slow:  # exact mantissa/exponent split of every entry of this row
        for j, v in enumerate(vectors[r]):
            if v == 0:
                mantissas[r, j], exponents[r, j] = 0.0, 0
            else:
                mantissas[r, j], exponents[r, j] = _split(v)
    return _normalize(mantissas, exponents)


def _normalize(mantissas: np.ndarray, exponents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``mantissas 2^exponents`` (mantissas in [1/2, 1] or exactly 0) as :func:`_scale_vectors` gives them."""
    R, k = mantissas.shape
    nonzero = mantissas != 0
    lowest = np.iinfo(np.int64).min
    top = np.where(nonzero, exponents, lowest).max(axis=1) if k else np.zeros(R, dtype=np.int64)
    top = np.where(top == lowest, 0, top)
    shift = exponents - top[:, None]
    keep = nonzero & (shift > _TAU_EXPONENT)
    scaled = np.where(keep, np.ldexp(mantissas, np.where(keep, shift, 0).astype(np.int32)), 0.0)
    return scaled, top


def _split_ints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integers (an int64 or object array) as (m, e), value = m 2^e up to relative error 1.01 u, m 0 where 0."""
    if values.dtype != object:
        return _frexp(values.astype(np.float64))  # int64 -> float64: correctly rounded, finite
    flat = values.ravel()
    try:
        floats = flat.astype(np.float64)  # Python ints below 2^1024: correctly rounded
    except OverflowError:
        floats = None
    if floats is not None and bool(np.all(np.abs(floats) < 2.0**1000)):
        m, e = _frexp(floats)
    else:
        m, e = np.zeros(flat.shape), np.zeros(flat.shape, dtype=np.int64)
        for i, v in enumerate(flat.tolist()):
            if v:
                m[i], e[i] = _split_int(int(v))
    return m.reshape(values.shape), e.reshape(values.shape)


def _frexp(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m, e = np.frexp(values)
    return m, e.astype(np.int64)


class _ExactRows:
    """Array points read as exact rows of fmpq on demand (the exact path of :func:`certified_signs`)."""

    __slots__ = ("denominators", "numerators")

    def __init__(self, numerators: np.ndarray, denominators: np.ndarray | None) -> None:
        self.numerators = numerators
        self.denominators = denominators

    def __len__(self) -> int:
        return len(self.numerators)

    def __getitem__(self, r: int) -> tuple[Any, ...]:
        fmpq = flint.fmpq
        if self.denominators is None:  # float64 values, each an exact dyadic rational
            return tuple(fmpq(*v.as_integer_ratio()) for v in self.numerators[r].tolist())
        den = int(self.denominators[r])
        return tuple(fmpq(int(v), den) for v in self.numerators[r].tolist())


def _array_points(points: np.ndarray, denominators: Any, d: int) -> tuple[np.ndarray, np.ndarray, Any]:
    """Scaled rows and exponents (as :func:`_scale_vectors`) of points given as arrays.

    ``points`` float64 (each value exact) or, with ``denominators``, integer numerators over one
    positive integer denominator a row. Exact splits (floats: np.frexp, exact also for
    subnormals) or within 3.1 u (integers: two correctly rounded conversions and one division).
    """
    N = len(points)
    if points.ndim != 2 or points.shape[1] != d:
        raise ShapeError(f"points have shape {points.shape}, expected (N, d) with d = {d}")
    if denominators is None:
        if points.dtype != np.float64:
            raise ShapeError(
                f"array points must be float64 (exact values), or integers with denominators=; got {points.dtype}"
            )
        if not np.all(np.isfinite(points)):
            raise ShapeError("array points must be finite (each float64 value is read as the exact rational it is)")
        m, e = _frexp(points)
        return (*_normalize(m, e), _ExactRows(points, None))
    dens = np.asarray(denominators)
    if dens.shape != (N,):
        raise ShapeError(f"denominators have shape {dens.shape}, expected ({N},): one per point")
    if points.dtype.kind not in "iO" or dens.dtype.kind not in "iO":
        raise ShapeError("numerators and denominators must be integer (int64 or object) arrays")
    if N and not bool((dens > 0).all()):
        raise ShapeError("denominators must be positive integers")
    mn, en = _split_ints(points)
    md, ed = _split_ints(dens)
    with np.errstate(all="ignore"):
        mq, eq = _frexp(np.where(mn != 0, mn / md[:, None], 0.0))  # |mn / md| in (1/4, 2): normal, one rounding
    e = np.where(mn != 0, eq + en - ed[:, None], 0)
    return (*_normalize(mq, e), _ExactRows(points, dens))


class AffineForms:
    """P affine forms ``h_p(x) = normals[p] . x + offsets[p]`` with exact coefficients, prepared once.

    Immutable; equal (and hashed) by exact value. The float64 form of the coefficients
    (scaled by powers of two, see the module docstring) is computed at construction, so
    evaluating the same forms at many batches of points pays for it once.

    Parameters
    ----------
    normals : sequence of P sequences of d exact rationals
        ``int``, ``Fraction``, FLINT ``fmpz``/``fmpq``, or anything
        :func:`reluexact.rational.to_fraction` reads exactly (floats are refused).
    offsets : sequence of P exact rationals
    dimension : int, optional
        d; needed only when there are no forms.

    Raises
    ------
    ShapeError
        If the rows have different lengths, or ``offsets`` has the wrong length.

    Examples
    --------
    >>> forms = AffineForms([[1, 0], [0, 2]], [0, "-1/2"])
    >>> forms
    AffineForms(P=2, d=2)
    >>> forms.normals[1], forms.offsets[1]
    ((0, 2), Fraction(-1, 2))
    """

    __slots__ = (
        "_exact_rows",
        "_exponents",
        "_offset_exponents",
        "_offset_factors",
        "_offset_mantissas",
        "_scaled",
        "dimension",
        "normals",
        "offsets",
    )

    normals: tuple[tuple[Any, ...], ...]
    offsets: tuple[Any, ...]
    dimension: int
    _scaled: np.ndarray
    _exponents: np.ndarray
    _offset_mantissas: np.ndarray
    _offset_exponents: np.ndarray
    _offset_factors: np.ndarray
    _exact_rows: tuple[tuple[Any, ...], ...]

    def __init__(self, normals: Sequence[Sequence[Any]], offsets: Sequence[Any], *, dimension: int | None = None):
        rows = [tuple(_exact(v, f"normals[{p}][{j}]") for j, v in enumerate(row)) for p, row in enumerate(normals)]
        offs = tuple(_exact(v, f"offsets[{p}]") for p, v in enumerate(offsets))
        if len(offs) != len(rows):
            raise ShapeError(f"{len(rows)} normals but {len(offs)} offsets; give one offset per form")
        d = len(rows[0]) if rows else dimension
        if d is None:
            raise ShapeError("no forms given: pass dimension= to say how many coordinates a point has")
        for p, row in enumerate(rows):
            if len(row) != d:
                raise ShapeError(f"normals[{p}] has {len(row)} entries, expected {d}")
        setter = object.__setattr__
        setter(self, "normals", tuple(rows))
        setter(self, "offsets", offs)
        setter(self, "dimension", d)
        scaled, exponents = _scale_vectors(rows, d)
        offset_mantissas, offset_exponents = _scale_vectors([(o,) for o in offs], 1)
        for array in (scaled, exponents, offset_mantissas, offset_exponents):
            array.setflags(write=False)
        setter(self, "_scaled", scaled)
        setter(self, "_exponents", exponents)
        setter(self, "_offset_mantissas", offset_mantissas[:, 0] if len(offs) else np.zeros(0))
        setter(self, "_offset_exponents", offset_exponents)
        # beta 2^-r as one normal float where |e_beta - r| <= 400 (NaN elsewhere: the general path)
        shift = offset_exponents - exponents
        fast = np.abs(shift) <= _FAST_EXPONENT
        factors = np.where(fast, np.ldexp(self._offset_mantissas, np.where(fast, shift, 0).astype(np.int32)), np.nan)
        factors = np.where(self._offset_mantissas == 0, 0.0, factors)
        factors.setflags(write=False)
        setter(self, "_offset_factors", factors)
        setter(
            self, "_exact_rows", tuple(tuple(_fmpq(v) for v in (*row, o)) for row, o in zip(rows, offs, strict=True))
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"AffineForms is immutable; cannot set {name!r}")

    def __len__(self) -> int:
        return len(self.normals)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AffineForms):
            return NotImplemented
        return (self.dimension, self.normals, self.offsets) == (other.dimension, other.normals, other.offsets)

    def __hash__(self) -> int:
        return hash((self.dimension, self.normals, self.offsets))

    def __repr__(self) -> str:
        return f"AffineForms(P={len(self.normals)}, d={self.dimension})"


def _fmpq(value: Any) -> Any:
    if isinstance(value, flint.fmpq):
        return value
    if isinstance(value, int | flint.fmpz):
        return flint.fmpq(value)
    return flint.fmpq(int(value.numerator), int(value.denominator))


def _enclose(
    forms: AffineForms, X: np.ndarray, point_exponents: np.ndarray, subset: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scaled values s^, their bounds B^ (the lemma), exponent bases, and where the offset dominates.

    ``X``, ``point_exponents``: the points as :func:`_scale_vectors` scales them.
    """
    d = forms.dimension

    def pick(array: np.ndarray) -> np.ndarray:
        return array if subset is None else array[subset]

    R, form_exponents = pick(forms._scaled), pick(forms._exponents)
    k = d + 1
    offset_factors = pick(forms._offset_factors)
    if np.all(np.abs(point_exponents) <= _FAST_EXPONENT) and not np.any(np.isnan(offset_factors)):
        # the common case: the offset enters the product as (beta 2^-r) (2^-c), two normal floats
        X1 = np.concatenate([X, np.ldexp(1.0, -point_exponents.astype(np.int32))[:, None]], axis=1)
        R1 = np.concatenate([R, offset_factors[:, None]], axis=1)
        with np.errstate(all="ignore"):
            values = X1 @ R1.T
            bounds = (np.abs(X1) @ np.abs(R1).T) * (2.0 * (k + 9) * _U) + (4.0 * k) * _TAU
        scale = point_exponents[:, None] + form_exponents[None, :]
        return values, bounds, scale, np.zeros(scale.shape, dtype=bool)
    # the offset term beta 2^-(r + c), clamped to [2^-510, 2^64] (see the module docstring)
    shift = pick(forms._offset_exponents)[None, :] - form_exponents[None, :] - point_exponents[:, None]
    offsets = np.where(
        shift > _TAU_EXPONENT,
        np.ldexp(
            pick(forms._offset_mantissas)[None, :], np.clip(shift, _TAU_EXPONENT, _OFFSET_EXPONENT).astype(np.int32)
        ),
        0.0,
    )
    with np.errstate(all="ignore"):  # underflow is covered by the lemma's absolute term
        values = X @ R.T + offsets
        bounds = (np.abs(X) @ np.abs(R).T + np.abs(offsets)) * (2.0 * (k + 9) * _U) + (4.0 * k) * _TAU
    # 2^e with e = r + c + E - 1 bounds |h| below (E from the enclosure); where the offset was clamped,
    # |beta| >= 2^(e_beta - 1) (1 - 4u) and |a . x| < 2^(e_beta - 3), so |h| >= 2^(e_beta - 2) instead
    dominant = (shift > _OFFSET_EXPONENT) & (pick(forms._offset_mantissas)[None, :] != 0)
    scale = point_exponents[:, None] + form_exponents[None, :]
    scale = np.where(dominant, pick(forms._offset_exponents)[None, :] - 2, scale)
    return values, bounds, scale, dominant


def _exact_values(
    forms: AffineForms, points: Sequence[Sequence[Any]], pairs: list[list[int]], planes: np.ndarray | None
) -> list[Any]:
    """Exact values h_p(x_r) (fmpq) for (r, j) pairs; j indexes ``planes`` (or all forms)."""
    out: list[Any] = [None] * len(pairs)
    by_plane: dict[int, list[int]] = {}
    for t, (_, j) in enumerate(pairs):
        by_plane.setdefault(j, []).append(t)
    cache: dict[int, tuple[Any, ...]] = {}
    fmpq, one = flint.fmpq, flint.fmpq(1)

    def column(r: int) -> tuple[Any, ...]:
        col = cache.get(r)
        if col is None:
            col = cache[r] = (*[v if type(v) is fmpq else _fmpq(v) for v in points[r]], one)
        return col

    k = forms.dimension + 1
    for j, ts in by_plane.items():
        row = forms._exact_rows[int(planes[j]) if planes is not None else j]
        if len(ts) >= _EXACT_BATCH:
            cols = [column(pairs[t][0]) for t in ts]
            matrix = flint.fmpq_mat(k, len(ts), [col[i] for i in range(k) for col in cols])
            for t, v in zip(ts, (flint.fmpq_mat(1, k, list(row)) * matrix).entries(), strict=True):
                out[t] = v
        else:
            for t in ts:
                s = flint.fmpq(0)
                for a, v in zip(row, column(pairs[t][0]), strict=True):
                    if a:
                        s += a * v
                out[t] = s
    return out


def ceil_log2(value: Any) -> int:
    """The exact integer ``e`` with ``2^(e - 1) < |value| <= 2^e`` (value a non-zero rational).

    Exact at every magnitude (bit lengths, no float).

    Examples
    --------
    >>> [ceil_log2(v) for v in (1, 2, 3, Fraction(1, 3), Fraction(-1, 4), 10**400)]
    [0, 1, 2, -1, -2, 1329]
    """
    p, q = abs(int(value.numerator)), int(value.denominator)
    if p == 0:
        raise ZeroDivisionError("ceil_log2(0) is undefined")
    e = p.bit_length() - q.bit_length() - 1  # |value| > 2^(e - 1)... refined below
    while (p << -e if e < 0 else p) > (q << e if e > 0 else q):  # |value| > 2^e
        e += 1
    return e


def _as_subset(forms: AffineForms, subset: Any) -> np.ndarray | None:
    if subset is None:
        return None
    index = np.asarray(subset, dtype=np.intp).reshape(-1)
    if index.size and (index.min() < -len(forms) or index.max() >= len(forms)):
        raise ShapeError(f"subset indexes forms 0..{len(forms) - 1}; got {index.min()}..{index.max()}")
    return index


class CertifiedSigns(NamedTuple):
    """What :func:`certified_signs` returns.

    Attributes
    ----------
    signs : numpy.ndarray of int8, shape (N, P)
        The exact sign (-1, 0, 1) of form p at point r.
    exponents : numpy.ndarray of int64, shape (N, P), or None
        With ``magnitudes=True``: ``2**exponents[r, p] < |h_p(x_r)|`` wherever the value is
        not zero (:data:`NO_BOUND` where it is); ``None`` otherwise.
    exact_evaluations : int
        How many entries the float bound could not decide (evaluated in exact arithmetic).
    """

    signs: np.ndarray
    exponents: np.ndarray | None
    exact_evaluations: int


def affine_signs(forms: AffineForms, points: Sequence[Sequence[Any]], *, subset: Any = None) -> np.ndarray:
    """Exact signs of every form at every point, float64-accelerated and certified.

    Exact: ``out[r, p]`` is the sign (-1, 0 or 1) of ``normals[p] . points[r] + offsets[p]``.
    A float64 sign is used only where the module's lemma proves it right (valid at every
    magnitude, subnormal or beyond the float range); every other entry is evaluated in exact
    rational arithmetic.

    Parameters
    ----------
    forms : AffineForms
    points : sequence of N sequences of d exact rationals
        ``int``, ``Fraction`` or FLINT ``fmpz``/``fmpq``.
    subset : sequence of int, optional
        Evaluate only these forms (columns of the result in this order).

    Returns
    -------
    numpy.ndarray of int8, shape (N, P) (or (N, len(subset)))

    Raises
    ------
    ShapeError
        If a point does not have d coordinates.

    Examples
    --------
    >>> forms = AffineForms([[2, -1]], [0])  # 2x - y
    >>> affine_signs(forms, [[1, 2], [1, 1], [0, 1]]).ravel().tolist()
    [0, 1, -1]

    See Also
    --------
    certified_signs : the same with certified magnitudes and the count of exact evaluations.
    """
    return certified_signs(forms, points, subset=subset).signs


def certified_signs(
    forms: AffineForms,
    points: Sequence[Sequence[Any]] | np.ndarray,
    *,
    subset: Any = None,
    magnitudes: bool = False,
    where: Any = None,
    denominators: Any = None,
) -> CertifiedSigns:
    """Exact signs (and optionally certified lower bounds of the magnitudes) of every form at every point.

    Exact, float64-accelerated as :func:`affine_signs`. With ``magnitudes=True`` each non-zero
    value also gets an integer ``e`` with ``2**e < |value|``: from the lemma's enclosure,
    ``|value| >= 2^(r + c) (|s^| - B^)``, where that is clearly positive, else from the exact
    value (``e = ceil_log2(value) - 1``, so ``|value| <= 2^(e + 1)``). Exponents are exact
    integers, so they never overflow or underflow.

    Parameters
    ----------
    forms : AffineForms
    points : sequence of N sequences of d exact rationals, or a numpy array (N, d)
        A float64 array is read exactly (each value the dyadic rational it is; finite only);
        with ``denominators``, an integer array (int64 or object) of numerators: point r is
        ``points[r] / denominators[r]``. Arrays skip the per-coordinate conversion of
        rationals to floats (the mantissas and exponents are split for the whole array at once).
    subset : sequence of int, optional
        Evaluate only these forms.
    magnitudes : bool, default False
        Also return the power-of-two lower bounds.
    where : array_like of bool, shape (N, P) (or (N, len(subset))), optional
        Only the entries marked True are wanted: the others are reported as sign 0 (and
        exponent :data:`NO_BOUND`) and never evaluated exactly. For callers that batch many
        points whose wanted forms differ (a point known to lie on some forms skips them).
    denominators : array_like of int, shape (N,), optional
        Positive integers: ``points`` are then integer numerators (see ``points``).

    Returns
    -------
    CertifiedSigns

    Examples
    --------
    >>> from fractions import Fraction
    >>> tiny = Fraction(1, 10**400)
    >>> result = certified_signs(AffineForms([[1], [3]], [0, -3]), [[tiny]], magnitudes=True)
    >>> result.signs.tolist(), result.exact_evaluations
    ([[1, -1]], 0)
    >>> two = Fraction(2)
    >>> [two ** int(e) < abs(v) <= two ** (int(e) + 2) for e, v in zip(result.exponents[0], [tiny, 3 * tiny - 3])]
    [True, True]
    >>> wanted = [[False, True], [True, False]]  # skip x at 0 (known zero) and x - 1 at 1
    >>> certified_signs(AffineForms([[1], [1]], [0, -1]), [[0], [1]], where=wanted).signs.tolist()
    [[0, -1], [1, 0]]
    >>> import numpy as np
    >>> certified_signs(AffineForms([[3, 0]], [-1]), np.array([[1, 7], [2, 0]]), denominators=np.array([3, 3])).signs
    array([[0],
           [1]], dtype=int8)
    >>> certified_signs(AffineForms([[1, -1]], [0]), np.array([[5e-324, 0.0], [1e300, 2e300]])).signs.ravel().tolist()
    [1, -1]
    """
    planes = _as_subset(forms, subset)
    P = len(forms) if planes is None else len(planes)
    N = len(points)
    if N == 0 or P == 0:
        empty = np.full((N, P), NO_BOUND, dtype=np.int64) if magnitudes else None
        return CertifiedSigns(np.zeros((N, P), dtype=np.int8), empty, 0)
    d = forms.dimension
    if isinstance(points, np.ndarray):
        X, point_exponents, rows = _array_points(points, denominators, d)
    elif denominators is not None:
        raise ShapeError("denominators= needs the points' integer numerators as a numpy array")
    else:
        for r, point in enumerate(points):
            if len(point) != d:
                raise ShapeError(f"point {r} has {len(point)} coordinates, expected d = {d}")
        X, point_exponents = _scale_vectors(points, d)
        rows = points
    values, bounds, scale, dominant = _enclose(forms, X, point_exponents, planes)
    with np.errstate(invalid="ignore"):
        margin = np.abs(values) - bounds
    sure = margin > 0
    wanted = None
    if where is not None:
        wanted = np.asarray(where, dtype=bool)
        if wanted.shape != (N, P):
            raise ShapeError(f"where has shape {wanted.shape}, expected {(N, P)} (points x forms)")
        sure &= wanted
    signs = np.where(sure, np.sign(values), 0).astype(np.int8)
    exponents = None
    if magnitudes:
        # |s| >= |s^| - B^ > fl(fl(|s^| - B^) (1 - 4u)) >= 2^(E - 1), E from frexp (normal floats)
        lower = margin * (1.0 - 4.0 * _U)
        usable = sure & (lower >= _MAGNITUDE_FLOOR)
        E = np.frexp(np.where(usable, lower, 1.0))[1].astype(np.int64)
        exponents = np.where(usable, np.where(dominant, scale, E - 1 + scale), NO_BOUND)
        unsure = ~usable
    else:
        unsure = ~sure
    if wanted is not None:
        unsure &= wanted
    pairs = np.argwhere(unsure).tolist()
    if pairs:
        exact = _exact_values(forms, rows, pairs, planes)
        for (r, j), v in zip(pairs, exact, strict=True):
            signs[r, j] = (v > 0) - (v < 0)
            if exponents is not None:
                exponents[r, j] = ceil_log2(v) - 1 if v else NO_BOUND  # 2^e < |v| <= 2^(e + 1)
    return CertifiedSigns(signs, exponents, len(pairs))
