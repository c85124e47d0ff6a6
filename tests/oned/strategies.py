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


@st.composite
def nets_on_intervals(draw, *, max_units: int = 7):
    """(net, domain): a 1-D net and None or an interval (alpha, beta), knots aimed at the domain.

    Knots fall at the domain ends, just outside and inside them, on earlier knots (duplicate
    knots, also with the opposite orientation) or anywhere; some units have w = 0, some a = 0.
    """
    domain = None
    if draw(st.booleans()):
        low = draw(small_rationals)
        domain = (low, low + draw(st.sampled_from([Fraction(1, 3), Fraction(1), Fraction(2), Fraction(7, 2)])))
    special = [] if domain is None else [domain[0], domain[1], domain[0] - 1, domain[1] + 1, sum(domain) / 2]
    n = draw(st.integers(min_value=0, max_value=max_units))
    W: list[list[Fraction]] = []
    b: list[Fraction] = []
    knots: list[Fraction] = []
    for _ in range(n):
        w = draw(weights)
        if w == 0:
            b.append(draw(st.one_of(small_rationals, st.just(Fraction(0)))))
        else:
            pool = special + knots
            t = draw(st.one_of(st.sampled_from(pool), small_rationals) if pool else small_rationals)
            knots.append(t)
            b.append(-w * t)
        W.append([w])
    A = [[draw(st.one_of(small_rationals, st.just(Fraction(0)))) for _ in range(n)]]
    return TwoLayerReLU(W, b, A, [draw(small_rationals)], input_dim=1), domain
