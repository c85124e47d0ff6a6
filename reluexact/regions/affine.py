"""The exact affine map of f on a region with a given activation pattern (one function, one value type).

On the region with active units S, f(x) = G x + o with G = sum_{i in S} a_i w_i^T (m x d)
and o = sum_{i in S} a_i b_i + c. :func:`affine_map` builds it for one pattern (an integer
matrix product over the active units, python-flint); :func:`affine_maps` for many at once
(one integer matrix product over a common denominator, int64 where a bound proves no
overflow). Both return :class:`~reluexact.regions.types.AffineMap` values. Exact.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 2], [-1, 1]], [0, 1], [[2, -1]], ["1/2"])
>>> affine_map(net, "10")
AffineMap(gradient=((Fraction(2, 1), Fraction(4, 1)),), offset=(Fraction(1, 2),))
>>> affine_map(net, "10")([3, 1]) == net([3, 1])  # (3, 1) is in the region with pattern 10
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions.types import AffineMap

__all__ = [
    "AffineIntegers",
    "AffineRow",
    "affine_constants",
    "affine_integers",
    "affine_map",
    "affine_maps",
    "materialize",
    "reduced_fraction",
]

Vector = tuple[Fraction, ...]


def reduced_fraction(num: int, den: int) -> Fraction:
    """num/den as a Fraction (den > 0), reduced with one gcd (faster than ``Fraction(num, den)``).

    Examples
    --------
    >>> reduced_fraction(6, 4)
    Fraction(3, 2)
    """
    g = math.gcd(num, den)
    f = object.__new__(Fraction)
    f._numerator = num // g  # type: ignore[attr-defined]
    f._denominator = den // g  # type: ignore[attr-defined]
    return f


def _lcm(values: Iterable[int]) -> int:
    result = 1
    for v in values:
        if v != 1:
            result = math.lcm(result, v)
    return result


def affine_map(net: TwoLayerReLU, pattern: str | Sequence[int]) -> AffineMap:
    """The exact affine map of ``net`` on the region with activation ``pattern``.

    Parameters
    ----------
    net : TwoLayerReLU
    pattern : str of '0'/'1' (length n) or a sequence of active unit indices

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
    >>> affine_map(net, "100").offset
    (Fraction(3, 5),)
    >>> affine_map(net, [0, 2]).gradient
    ((Fraction(47, 20), Fraction(19, 10)),)
    """
    import flint

    n, d, m = net.n_hidden, net.input_dim, net.output_dim
    if isinstance(pattern, str):
        if len(pattern) != n or set(pattern) - {"0", "1"}:
            raise InvalidArgument(f"pattern must be a string of n = {n} characters '0'/'1', got {pattern[:40]!r}")
        active = [i for i, ch in enumerate(pattern) if ch == "1"]
    else:
        active = sorted({int(i) for i in pattern})
        if any(not 0 <= i < n for i in active):
            raise InvalidArgument(f"active units must be in 0..{n - 1} (0-based indices)")
    if not active:
        return AffineMap(tuple(tuple(Fraction(0) for _ in range(d)) for _ in range(m)), tuple(net.c))
    den_w = _lcm(v.denominator for i in active for v in (*net.W[i], net.b[i]))
    den_a = _lcm(net.A[k][i].denominator for k in range(m) for i in active)
    Wz = flint.fmpz_mat([[v.numerator * (den_w // v.denominator) for v in (*net.W[i], net.b[i])] for i in active])
    Az = flint.fmpz_mat(
        [[net.A[k][i].numerator * (den_a // net.A[k][i].denominator) for i in active] for k in range(m)]
    )
    P = (Az * Wz).tolist()
    total = den_w * den_a
    gradient = tuple(tuple(reduced_fraction(int(P[k][j]), total) for j in range(d)) for k in range(m))
    offset = tuple(reduced_fraction(int(P[k][d]), total) + net.c[k] for k in range(m))
    return AffineMap(gradient, offset)


@dataclass(frozen=True, slots=True)
class AffineIntegers:
    """Affine maps of many patterns as integers over one denominator: ``prod[r] / L`` (plus the output bias).

    ``prod`` (R x m(d+1), k-major rows ``(G_k, o_k)``) and ``Mint`` (n x m(d+1), the integers
    ``L a_ki (w_i, b_i)``) are numpy arrays of int64 when ``int64`` is True, of Python ints otherwise.
    """

    prod: Any
    L: int
    Mint: Any
    int64: bool


class AffineRow(NamedTuple):
    """One pattern's affine map as integers over ``L`` (see :func:`materialize`)."""

    row: list[int]
    L: int
    constants: list[tuple[int, Fraction | None]]
    m: int
    d: int


def affine_integers(net: TwoLayerReLU, patterns: Sequence[str]) -> tuple[list[list[int]], AffineIntegers]:
    """Per pattern, the integers ``L * sum over active units i of a_ki (w_i, b_i)`` (k-major rows), and the data.

    Examples
    --------
    >>> rows, data = affine_integers(TwoLayerReLU([["1/2"]], [1], [[1]], [0]), ["1", "0"])
    >>> rows, data.L
    ([[1, 2], [0, 0]], 2)
    """
    n, d, m = net.n_hidden, net.input_dim, net.output_dim
    R = len(patterns)
    W, b, A = net.hidden_weights, net.hidden_bias, net.output_weights
    entries = [[A[k][i] * v for k in range(m) for v in (*W[i], b[i])] for i in range(n)]
    L = 1
    for row in entries:
        for v in row:
            L = L * v.denominator // math.gcd(L, v.denominator)
    Mint = [[int(v * L) for v in row] for row in entries]
    big = max((abs(v) for row in Mint for v in row), default=0)
    width = m * (d + 1)
    int64 = big * max(n, 1) < 2**62
    Marr = np.array(Mint, dtype=np.int64 if int64 else object).reshape(n, width)
    if R == 0:
        return [], AffineIntegers(np.zeros((0, width), dtype=np.int64), L, Marr, int64)
    if n == 0:
        prod: Any = np.zeros((R, width), dtype=np.int64)
    else:
        pat = np.frombuffer("".join(patterns).encode(), dtype=np.uint8).reshape(R, n) - ord("0")
        prod = pat.astype(np.int64 if int64 else object) @ Marr
    return prod.tolist(), AffineIntegers(prod, L, Marr, int64)


def affine_constants(net: TwoLayerReLU, L: int) -> list[tuple[int, Fraction | None]]:
    """Each output bias c_k as ``(integer over L, None)`` when L allows, else ``(0, c_k)``.

    Examples
    --------
    >>> affine_constants(TwoLayerReLU([[1]], [0], [[1]], ["1/3"]), 2)
    [(0, Fraction(1, 3))]
    """
    return [(ck.numerator * (L // ck.denominator), None) if L % ck.denominator == 0 else (0, ck) for ck in net.c]


def _from_row(source: AffineRow) -> AffineMap:
    row, L, const, m, d = source
    g = []
    o = []
    for k in range(m):
        base = k * (d + 1)
        g.append(tuple(reduced_fraction(int(row[base + j]), L) for j in range(d)))
        num, frac = const[k]
        off = reduced_fraction(int(row[base + d]) + num, L)
        o.append(off if frac is None else off + frac)
    return AffineMap(tuple(g), tuple(o))


def materialize(source: AffineRow | TwoLayerReLU, pattern: str) -> AffineMap:
    """The :class:`AffineMap` of a region from what it keeps: an :class:`AffineRow`, or the network.

    Examples
    --------
    >>> materialize(TwoLayerReLU([[2]], [0], [[1]], [1]), "1")
    AffineMap(gradient=((Fraction(2, 1),),), offset=(Fraction(1, 1),))
    """
    if isinstance(source, TwoLayerReLU):
        return affine_map(source, pattern)
    return _from_row(source)


def affine_maps(net: TwoLayerReLU, patterns: Sequence[str]) -> tuple[AffineMap, ...]:
    """The exact affine maps of f for many activation patterns at once (one integer matrix product).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 2], [-1, 1]], [0, 1], [[2, -1]], ["1/2"])
    >>> [amap.gradient for amap in affine_maps(net, ["10", "11"])]
    [((Fraction(2, 1), Fraction(4, 1)),), ((Fraction(3, 1), Fraction(3, 1)),)]
    >>> affine_maps(net, ["10", "11"]) == (affine_map(net, "10"), affine_map(net, "11"))
    True
    """
    rows, data = affine_integers(net, patterns)
    const = affine_constants(net, data.L)
    return tuple(_from_row(AffineRow(row, data.L, const, net.output_dim, net.input_dim)) for row in rows)
