"""Hypothesis strategies for reluexact's exact objects, shared by every test module.

Import them as ``from tests.strategies import networks, points, ...``. Every
strategy draws *small* objects (a few units, low dimension) so that exact oracles
(brute force, sympy) stay fast; sizes are parameters.

Strategies
----------
``rationals(max_numerator=20, max_denominator=12)``
    Fractions p/q with |p| <= max_numerator and 1 <= q <= max_denominator. Small
    numbers make coincidences (points on hyperplanes, ties) frequent, which is where
    exact code breaks.
``dyadic_rationals()``
    Exact binary values of finite floats in [-8, 8]: what lossless rationalisation of
    trained weights produces (53-bit numerators, power-of-two denominators).
``mixed_rationals()``
    Either of the two, so one test sees both regimes.
``networks(d=..., n=..., m=..., entries=mixed_rationals(), degenerate=True)``
    :class:`~reluexact.model.TwoLayerReLU`. ``d``, ``n``, ``m`` are ints or
    strategies (defaults: d in 1..3, n in 0..5, m in 1..2). With ``degenerate=True``
    (default) the draw may also zero some rows w_i (units without a hyperplane), copy
    a row as a positive or negative rational multiple of another, with or without its
    bias scaled alike (duplicate or merely parallel hyperplanes), and zero some output
    weights: the cases constructed and rounded networks produce.
``cancelling_networks(d=..., n=..., m=...)``
    :func:`networks` with, for some units i, one more unit on the same hyperplane
    (w = mu w_i, b = mu b_i, mu of either sign) whose output weights cancel unit i's gradient
    jump (a_k = -a_ki / |mu|) for every output or for output 0 only: invisible and
    partly visible hyperplanes, where maximal affine pieces unite activation regions.
``float_weights(d=..., n=..., m=..., scale=4.0)``
    Tuples (W, b, A, c) of float64 numpy arrays of consistent shapes, like trained weights.
``points(d, entries=rationals())``
    Tuples of d Fractions.
``boxes(d)``
    Tuples of d (low, high) Fraction pairs with low < high.
``rationalizations()``
    :class:`~reluexact.rational.Rationalization` in every mode with small parameters.
``polynomial_coefficients(max_degree=3)``
    Lists [c_0, ..., c_k] (k <= max_degree) of small rationals: the polynomial
    sum c_j x^j, a target whose values, derivatives and enclosures are all exact.
``argmax_networks(d=..., n=..., m=...)``
    Networks with several outputs whose argmax has ties: small entries (so outputs cross often),
    and some output rows copied from another (identical maps: a tie on every region) or zeroed.
``halfline_systems()``
    Pairs (A, b) of 1-D constraint rows a_k x + b_k >= 0 (1 to 6 rows, a_k possibly 0):
    raw input for 1-D polytopes, which may be empty, points, half-lines or intervals.
``magnitude_rationals()``
    Rationals at every magnitude: small ones, float binary values, and m * 10^e or
    m * 2^e with e from -1100 to 1100 (subnormal 1e-320, beyond float64 1e400, mixed
    within one network).
``scales()``
    Positive exact powers 10^e (|e| <= 330) or 2^e (|e| <= 1100), often the float64 edges
    (1e-320, 2^-1074, 1e300, 2^1023), or 1: factors that move a
    whole row, column or coordinate to another magnitude at once.
``arrangement_cases(d=..., n=..., m=...)``
    Pairs (net, box), box None (all of R^d) or a tuple of d (low, high) pairs: the inputs of the
    region, adjacency and location properties. Half the draws are a degenerate small-rational
    network (coincident, parallel, concurrent hyperplanes, w = 0) moved to other magnitudes
    exactly (x_j = s_j y_j + t_j, each row times its own scale, so the geometry survives:
    coordinates 1e-320 wide next to weights 1e300); the others have every entry drawn from
    ``magnitude_rationals`` independently (mixed within one row).
``examples(ci)``
    ``max_examples`` for a core property: ``ci`` under the ``ci`` and ``dev`` profiles,
    five times ``ci`` (and at least the ``long`` profile's 2,000) under ``HYPOTHESIS_PROFILE=long``.

Examples
--------
>>> from hypothesis import given
>>> @given(networks(d=2))
... def test_shape(net):
...     assert net.input_dim == 2
>>> test_shape()
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

from reluexact.model import TwoLayerReLU
from reluexact.rational import Rationalization

__all__ = [
    "argmax_networks",
    "arrangement_cases",
    "boxes",
    "cancelling_networks",
    "dyadic_rationals",
    "examples",
    "float_weights",
    "magnitude_rationals",
    "mixed_rationals",
    "network_arrays",
    "networks",
    "points",
    "polynomial_coefficients",
    "rationalizations",
    "rationals",
    "scales",
]

SizeArg = int | st.SearchStrategy[int]

_SMALL_D = st.integers(1, 3)
_SMALL_N = st.integers(0, 5)
_SMALL_N_POSITIVE = st.integers(1, 5)
_SMALL_M = st.integers(1, 2)
_SEVERAL_M = st.integers(2, 4)
_PLANAR_D = st.integers(1, 2)
_PLANAR_N = st.integers(0, 4)


def rationals(*, max_numerator: int = 20, max_denominator: int = 12) -> st.SearchStrategy[Fraction]:
    """Small rationals p/q (reduced), |p| <= max_numerator, 1 <= q <= max_denominator."""
    return st.builds(
        Fraction,
        st.integers(-max_numerator, max_numerator),
        st.integers(1, max_denominator),
    )


def dyadic_rationals(*, bound: float = 8.0) -> st.SearchStrategy[Fraction]:
    """Exact binary values of finite floats in [-bound, bound] (subnormals included)."""
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False).map(Fraction)


def magnitude_rationals() -> st.SearchStrategy[Fraction]:
    """Rationals at every magnitude, from below the float64 subnormals to far beyond 1e308."""
    mantissas = st.integers(-(2**60), 2**60)
    scaled = st.one_of(
        st.builds(lambda m, e: Fraction(m) * Fraction(10) ** e, mantissas, st.integers(-330, 330)),
        st.builds(lambda m, e: Fraction(m) * Fraction(2) ** e, mantissas, st.integers(-1100, 1100)),
    )
    return st.one_of(rationals(), dyadic_rationals(), scaled)


def examples(ci: int) -> int:
    """``max_examples`` for a core property: ``ci``, or 5 x ``ci`` (at least 2,000) under HYPOTHESIS_PROFILE=long."""
    if "long" in (os.environ.get("HYPOTHESIS_PROFILE"), settings.get_current_profile_name()):
        return max(5 * ci, settings.default.max_examples)
    return ci


def scales() -> st.SearchStrategy[Fraction]:
    """Positive exact scale factors 10^e, 2^e or 1, from below the float64 subnormals to beyond 1e308."""
    return st.one_of(
        st.just(Fraction(1)),
        st.sampled_from([Fraction(10) ** -320, Fraction(2) ** -1074, Fraction(10) ** 300, Fraction(2) ** 1023]),
        st.integers(-330, 330).map(lambda e: Fraction(10) ** e),
        st.integers(-1100, 1100).map(lambda e: Fraction(2) ** e),
    )


Box = tuple[tuple[Fraction, Fraction], ...]


@st.composite
def arrangement_cases(
    draw: st.DrawFn, *, d: SizeArg = _PLANAR_D, n: SizeArg = _PLANAR_N, m: SizeArg = 1
) -> tuple[TwoLayerReLU, Box | None]:
    """(net, box or None) at every magnitude, degenerate or not (see the module docstring)."""
    d_ = draw(_size(d))
    if draw(st.booleans()):
        net = draw(networks(d=d_, n=n, m=m, entries=magnitude_rationals()))
        box = None
        if draw(st.booleans()):
            ends = [
                sorted(draw(st.lists(magnitude_rationals(), min_size=2, max_size=2, unique=True))) for _ in range(d_)
            ]
            box = tuple((lo, hi) for lo, hi in ends)
        return net, box
    base = draw(networks(d=d_, n=n, m=m, entries=rationals(max_numerator=4, max_denominator=3)))
    box = draw(st.one_of(st.none(), boxes(d_)))
    scale = [draw(scales()) * draw(st.sampled_from([1, -1])) for _ in range(d_)]
    shift = [draw(st.one_of(st.just(Fraction(0)), magnitude_rationals())) for _ in range(d_)]
    W, b = [], []
    for row, bias in zip(base.W, base.b, strict=True):  # w . y + b with y_j = (x_j - t_j) / s_j
        factor = draw(scales())
        W.append([factor * w / s for w, s in zip(row, scale, strict=True)])
        b.append(factor * (bias - sum((w * t / s for w, t, s in zip(row, shift, scale, strict=True)), Fraction(0))))
    A = [[draw(magnitude_rationals()) if draw(st.booleans()) else a for a in row] for row in base.A]
    net = TwoLayerReLU(W, b, A, list(base.c), input_dim=d_)
    if box is not None:
        moved = [sorted((s * lo + t, s * hi + t)) for (lo, hi), s, t in zip(box, scale, shift, strict=True)]
        box = tuple((lo, hi) for lo, hi in moved)
    return net, box


def mixed_rationals() -> st.SearchStrategy[Fraction]:
    """Small rationals or float binary values."""
    return st.one_of(rationals(), dyadic_rationals())


def _size(value: SizeArg) -> st.SearchStrategy[int]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


@st.composite
def networks(
    draw: st.DrawFn,
    *,
    d: SizeArg = _SMALL_D,
    n: SizeArg = _SMALL_N,
    m: SizeArg = _SMALL_M,
    entries: st.SearchStrategy[Fraction] | None = None,
    degenerate: bool = True,
) -> TwoLayerReLU:
    """Exact networks, possibly degenerate (see the module docstring)."""
    entries = entries if entries is not None else mixed_rationals()
    d_, n_, m_ = draw(_size(d)), draw(_size(n)), draw(_size(m))
    W = [[draw(entries) for _ in range(d_)] for _ in range(n_)]
    b = [draw(entries) for _ in range(n_)]
    A = [[draw(entries) for _ in range(n_)] for _ in range(m_)]
    c = [draw(entries) for _ in range(m_)]
    if degenerate and n_ > 0:
        for i in range(n_):
            kind = draw(st.sampled_from(["keep", "keep", "keep", "zero_w", "duplicate", "parallel"]))
            if kind == "zero_w":
                W[i] = [Fraction(0)] * d_
            elif kind in ("duplicate", "parallel") and i > 0:
                source = draw(st.integers(0, i - 1))
                factor = draw(rationals(max_numerator=5, max_denominator=3).filter(bool))
                W[i] = [factor * v for v in W[source]]
                if kind == "duplicate":
                    b[i] = factor * b[source]
        for k in range(m_):
            for i in range(n_):
                if draw(st.integers(0, 5)) == 0:
                    A[k][i] = Fraction(0)
    return TwoLayerReLU(W, b, A, c, input_dim=d_)


@st.composite
def cancelling_networks(
    draw: st.DrawFn, *, d: SizeArg = _SMALL_D, n: SizeArg = _SMALL_N_POSITIVE, m: SizeArg = _SMALL_M
) -> TwoLayerReLU:
    """Networks with coincident units whose gradient jumps cancel (see the module docstring)."""
    net = draw(networks(d=d, n=n, m=m, entries=rationals()))
    W, b, A = [list(r) for r in net.W], list(net.b), [list(r) for r in net.A]
    for i in range(net.n_hidden):
        if not any(net.W[i]) or not draw(st.booleans()):
            continue
        mu = draw(rationals(max_numerator=5, max_denominator=3).filter(bool))
        everywhere = draw(st.booleans())
        W.append([mu * v for v in net.W[i]])
        b.append(mu * net.b[i])
        for k in range(net.output_dim):
            A[k].append(-A[k][i] / abs(mu) if everywhere or k == 0 else draw(rationals()))
    return TwoLayerReLU(W, b, A, list(net.c), input_dim=net.input_dim)


@st.composite
def argmax_networks(
    draw: st.DrawFn, *, d: SizeArg = _SMALL_D, n: SizeArg = _SMALL_N_POSITIVE, m: SizeArg = _SEVERAL_M
) -> TwoLayerReLU:
    """Several-output networks with frequent argmax ties (see the module docstring)."""
    net = draw(networks(d=d, n=n, m=m, entries=rationals(max_numerator=3, max_denominator=2)))
    A = [list(row) for row in net.output_weights]
    c = list(net.output_bias)
    for k in range(1, len(A)):
        kind = draw(st.sampled_from(["keep", "keep", "copy", "zero"]))
        if kind == "copy":
            source = draw(st.integers(0, k - 1))
            A[k], c[k] = list(A[source]), c[source]
        elif kind == "zero":
            A[k] = [Fraction(0)] * len(A[k])
    return TwoLayerReLU(net.hidden_weights, net.hidden_bias, A, c, input_dim=net.input_dim)


@st.composite
def float_weights(
    draw: st.DrawFn,
    *,
    d: SizeArg = _SMALL_D,
    n: SizeArg = _SMALL_N_POSITIVE,
    m: SizeArg = _SMALL_M,
    scale: float = 4.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Float64 arrays (W, b, A, c) with shapes (n, d), (n,), (m, n), (m,)."""
    d_, n_, m_ = draw(_size(d)), draw(_size(n)), draw(_size(m))
    value = st.floats(-scale, scale, allow_nan=False, allow_infinity=False, allow_subnormal=False)

    def array(*shape: int) -> np.ndarray:
        size = int(np.prod(shape)) if shape else 1
        return np.array(draw(st.lists(value, min_size=size, max_size=size)), dtype=np.float64).reshape(shape)

    return array(n_, d_), array(n_), array(m_, n_), array(m_)


def points(d: int, *, entries: st.SearchStrategy[Fraction] | None = None) -> st.SearchStrategy[tuple[Fraction, ...]]:
    """Points of Q^d as tuples of Fractions."""
    entries = entries if entries is not None else rationals()
    return st.tuples(*[entries for _ in range(d)])


@st.composite
def boxes(draw: st.DrawFn, d: int) -> tuple[tuple[Fraction, Fraction], ...]:
    """Boxes in Q^d: d pairs (low, high), low < high."""
    sides = []
    for _ in range(d):
        low = draw(rationals(max_numerator=8, max_denominator=4))
        width = draw(rationals(max_numerator=8, max_denominator=4).filter(lambda v: v > 0))
        sides.append((low, low + width))
    return tuple(sides)


@st.composite
def halfline_systems(draw: st.DrawFn) -> tuple[list[list[Fraction]], list[Fraction]]:
    """1-D constraint systems a_k x + b_k >= 0 as (A, b), A a k x 1 list of lists."""
    size = draw(st.integers(1, 6))
    rows = [[draw(rationals(max_numerator=6, max_denominator=4))] for _ in range(size)]
    offsets = [draw(rationals(max_numerator=8, max_denominator=4)) for _ in range(size)]
    return rows, offsets


def polynomial_coefficients(*, max_degree: int = 3) -> st.SearchStrategy[list[Fraction]]:
    """Coefficients [c_0, ..., c_k] (1 to max_degree + 1 of them) of the polynomial sum c_j x^j."""
    return st.lists(st.fractions(min_value=-4, max_value=4, max_denominator=5), min_size=1, max_size=max_degree + 1)


def rationalizations() -> st.SearchStrategy[Rationalization]:
    """Rationalization objects in every mode with small parameters."""
    return st.one_of(
        st.just(Rationalization()),
        st.builds(
            Rationalization,
            st.just("tolerance"),
            st.sampled_from([Fraction(1, 10), Fraction(1, 1000), Fraction(1, 10**6), Fraction(3, 7)]),
        ),
        st.builds(Rationalization, st.just("denominator"), st.integers(1, 1000)),
        st.builds(Rationalization, st.just("decimals"), st.integers(0, 8)),
    )


def network_arrays(net: TwoLayerReLU) -> dict[str, Any]:
    """The network's exact entries as a dict of nested lists (handy for rebuilding variants)."""
    return {"W": [list(r) for r in net.W], "b": list(net.b), "A": [list(r) for r in net.A], "c": list(net.c)}
