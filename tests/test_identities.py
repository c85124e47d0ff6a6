"""The core exact identities at scale, against independent oracles (issue 14, property tests at scale).

Each property runs ``examples(N)`` times: N (100 to 2,000, what keeps this file near 30 s on
CI's 2 cores) under the ``ci`` profile (CI=true, fixed seed), at least 2,000 under
``HYPOTHESIS_PROFILE=long`` (random seeds; run it with ``--timeout=0``). Inputs
span every magnitude (``magnitude_rationals``: 1e-330 .. 1e330 and 2^-1100 .. 2^1100, mixed in
one network) and the degenerate network families of ``networks``. The oracles are independent of
the code under test: Python's ``Fraction`` and ``Decimal``, sympy, numpy's own ``.npz`` reader,
the stdlib ``json`` module, brute-force vertex enumeration for the LP.
"""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from fractions import Fraction

import numpy as np
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reluexact.errors import ReluexactError
from reluexact.interop.json_io import dumps_json, loads_json
from reluexact.interop.numpy_io import read_npz
from reluexact.io import save_model
from reluexact.lp import maximize
from reluexact.model import TwoLayerReLU, evaluate, evaluate_exact_batch, to_sympy
from reluexact.rational import format_fraction, to_fraction
from reluexact.regions import region_containing_point
from tests.strategies import dyadic_rationals, examples, magnitude_rationals, networks, points, rationals


def brute_force(net: TwoLayerReLU, x: tuple[Fraction, ...]) -> list[Fraction]:
    """f(x) = A relu(W x + b) + c, written out in Fractions (the definition, no shared code)."""
    hidden = [max(Fraction(0), sum((w * v for w, v in zip(row, x, strict=True)), Fraction(0)) + bias)
              for row, bias in zip(net.W, net.b, strict=True)]  # fmt: skip
    return [
        sum((a * h for a, h in zip(row, hidden, strict=True)), Fraction(0)) + c
        for row, c in zip(net.A, net.c, strict=True)
    ]


@settings(max_examples=examples(2_000))
@given(magnitude_rationals())
def test_rational_text_round_trips_at_every_magnitude(value: Fraction) -> None:
    text = format_fraction(value)
    assert to_fraction(text) == value
    assert Fraction(text) == value  # Python's own parser reads what we write
    if value.denominator == 1 or len(text) < 300:
        decimal = Decimal(value.numerator) / Decimal(value.denominator)
        assert to_fraction(str(decimal)) == Fraction(decimal)


@settings(max_examples=examples(200))
@given(networks(entries=magnitude_rationals()))
def test_json_round_trip_is_exact_and_readable_by_the_stdlib(net: TwoLayerReLU) -> None:
    text = dumps_json(net)
    assert loads_json(text) == net
    document = json.loads(text)
    assert [Fraction(str(v)) for row in document["W"] for v in row] == [v for row in net.W for v in row]
    assert [Fraction(str(v)) for v in document["c"]] == list(net.c)


@settings(max_examples=examples(100))
@given(networks(entries=dyadic_rationals(), n=st.integers(1, 5), degenerate=False), st.data())
def test_npz_round_trip_is_exact_and_readable_by_numpy(net: TwoLayerReLU, data: st.DataObject) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.npz"
        save_model(net, path)
        assert read_npz(path) == net
        with np.load(path, allow_pickle=False) as arrays:
            assert [Fraction(v) for v in np.asarray(arrays["W"]).ravel()] == [v for row in net.W for v in row]


@settings(max_examples=examples(300))
@given(networks(entries=magnitude_rationals()), st.data())
def test_evaluate_agrees_with_the_definition_and_the_batch_path(net: TwoLayerReLU, data: st.DataObject) -> None:
    xs = [data.draw(points(net.input_dim, entries=magnitude_rationals())) for _ in range(3)]
    expected = [brute_force(net, x) for x in xs]
    assert [list(evaluate(net, x)) for x in xs] == expected
    assert [list(row) for row in evaluate_exact_batch(net, xs)] == expected


@settings(max_examples=examples(100))
@given(networks(entries=rationals(), d=st.integers(1, 2)), st.data())
def test_evaluate_agrees_with_sympy(net: TwoLayerReLU, data: st.DataObject) -> None:
    x = data.draw(points(net.input_dim, entries=magnitude_rationals()))
    symbols = sympy.symbols(f"x0:{net.input_dim}")
    expressions = to_sympy(net, symbols)
    values = [e.subs(dict(zip(symbols, (sympy.Rational(v.numerator, v.denominator) for v in x), strict=True)))
              for e in expressions]  # fmt: skip
    assert [Fraction(int(v.p), int(v.q)) for v in values] == list(evaluate(net, x))


@settings(max_examples=examples(100))
@given(networks(d=2, n=st.integers(1, 4), degenerate=True), points(2))
def test_the_region_of_a_point_holds_its_value(net: TwoLayerReLU, x: tuple[Fraction, ...]) -> None:
    try:
        region = region_containing_point(net, x)
    except ReluexactError:  # x on a hyperplane: the message names the unit; the closure form answers
        regions = region_containing_point(net, x, closure=True)
        assert regions
        for region in regions:
            assert list(region.affine_map(x)) == brute_force(net, x)
        return
    assert list(region.affine_map(x)) == brute_force(net, x)


@settings(max_examples=examples(300))
@given(
    st.lists(rationals(), min_size=2, max_size=2), st.lists(st.tuples(rationals(), rationals()), min_size=2, max_size=2)
)
def test_lp_over_a_box_matches_its_best_vertex(c: list[Fraction], sides: list[tuple[Fraction, Fraction]]) -> None:
    bounds = [(min(lo, hi), max(lo, hi)) for lo, hi in sides]
    assume(all(lo < hi for lo, hi in bounds))
    A = [[1, 0], [-1, 0], [0, 1], [0, -1]]
    b = [-bounds[0][0], bounds[0][1], -bounds[1][0], bounds[1][1]]
    result = maximize(c, A, b)
    best = max(c[0] * u + c[1] * v for u, v in itertools.product(*bounds))
    assert result.status == "optimal"
    assert result.value == best
    assert result.point is not None
    assert c[0] * result.point[0] + c[1] * result.point[1] == best
