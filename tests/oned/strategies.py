"""Hypothesis strategies for random exact 1-D networks (shared knots, w = 0, a = 0 on purpose)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from reluexact import TwoLayerReLU

small_rationals = st.builds(Fraction, st.integers(min_value=-12, max_value=12), st.sampled_from([1, 1, 2, 3, 4, 7]))
weights = st.sampled_from([Fraction(v) for v in ("-2", "-1", "-1/2", "0", "1/2", "1", "3")])
knot_positions = st.sampled_from([Fraction(v) for v in ("-2", "-1", "-1/2", "0", "1/3", "1", "5/2")])


@st.composite
def unit(draw, m: int):
    w = draw(weights)
    if w == 0:
        b = draw(small_rationals)
    else:
        t = draw(st.one_of(knot_positions, small_rationals))
        b = -w * t
    a = tuple(draw(st.one_of(small_rationals, st.just(Fraction(0)))) for _ in range(m))
    return w, b, a


@st.composite
def nets_1d(draw, *, max_units: int = 6, max_outputs: int = 2, min_units: int = 0):
    m = draw(st.integers(min_value=1, max_value=max_outputs))
    n = draw(st.integers(min_value=min_units, max_value=max_units))
    units = [draw(unit(m)) for _ in range(n)]
    c = [draw(small_rationals) for _ in range(m)]
    W = [[w] for w, _, _ in units]
    b = [bias for _, bias, _ in units]
    A = [[a[k] for _, _, a in units] for k in range(m)]
    return TwoLayerReLU(W, b, A, c, input_dim=1)


@st.composite
def domains(draw):
    low = draw(st.sampled_from([Fraction(v) for v in ("-3", "-1", "-1/2", "0", "1/3")]))
    width = draw(st.sampled_from([Fraction(v) for v in ("1/2", "1", "2", "7/2")]))
    return (low, low + width)
