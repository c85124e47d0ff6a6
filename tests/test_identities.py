"""The core exact identities at scale, against independent oracles (issue 14, property tests at scale).

Each property runs ``examples(N)`` times: N under the ``ci`` profile (CI=true, fixed seed): 2,000
for every core property (evaluation against the definition and sympy, spline form, regions,
adjacency, locate, the LP), fewer for the file round trips; 5 N (at least 2,000) under
``--hypothesis-profile=long`` (random seeds; run it with ``--timeout=0``). The file takes about
100 s of CPU under CI=true (docs/reliability/fuzzing.md has the figures). Inputs
span every magnitude (``magnitude_rationals``: 1e-330 .. 1e330 and 2^-1100 .. 2^1100, mixed in
one network; ``arrangement_cases``: degenerate arrangements moved exactly to extreme scales) and
the degenerate network families of ``networks``. The oracles are independent of
the code under test: Python's ``Fraction`` and ``Decimal``, sympy, numpy's own ``.npz`` reader,
the stdlib ``json`` module, and ``tests/oracles.py``: the planar Zaslavsky count, the facets of
each line cut at its crossings, brute-force vertex and ray enumeration for the LP, brute-force
evaluation for the spline form, direct signs for patterns and locate.
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
from reluexact.oned import spline_form
from reluexact.rational import format_fraction, to_fraction
from reluexact.regions import region_containing_point, regions, sign_vector
from tests.oracles import (
    planar_adjacencies,
    planar_lines,
    planar_region_count,
    reference_evaluate,
    reference_lp_2d,
    reference_pattern,
)
from tests.strategies import (
    arrangement_cases,
    dyadic_rationals,
    examples,
    magnitude_rationals,
    networks,
    points,
    rationals,
)


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


@settings(max_examples=examples(2_000))
@given(networks(entries=magnitude_rationals()), st.data())
def test_evaluate_agrees_with_the_definition_and_the_batch_path(net: TwoLayerReLU, data: st.DataObject) -> None:
    xs = [data.draw(points(net.input_dim, entries=magnitude_rationals())) for _ in range(2)]
    expected = [brute_force(net, x) for x in xs]
    assert [list(evaluate(net, x)) for x in xs] == expected
    assert [list(row) for row in evaluate_exact_batch(net, xs)] == expected


@settings(max_examples=examples(2_000))
@given(networks(entries=magnitude_rationals(), d=st.integers(1, 2), n=st.integers(0, 3)), st.data())
def test_evaluate_agrees_with_sympy(net: TwoLayerReLU, data: st.DataObject) -> None:
    x = data.draw(points(net.input_dim, entries=magnitude_rationals()))
    symbols = sympy.symbols(f"x0:{net.input_dim}")
    expressions = to_sympy(net, symbols)
    values = [e.subs(dict(zip(symbols, (sympy.Rational(v.numerator, v.denominator) for v in x), strict=True)))
              for e in expressions]  # fmt: skip
    assert [Fraction(int(v.p), int(v.q)) for v in values] == list(evaluate(net, x))


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


def preactivations(net: TwoLayerReLU, x: tuple[Fraction, ...]) -> list[Fraction]:
    """w_i . x + b_i for every unit, in Fractions."""
    return [
        sum((w * v for w, v in zip(row, x, strict=True)), Fraction(0)) + b for row, b in zip(net.W, net.b, strict=True)
    ]


def _inside(x: tuple[Fraction, ...], box: tuple[tuple[Fraction, Fraction], ...] | None) -> bool:
    return box is None or all(lo < v < hi for v, (lo, hi) in zip(x, box, strict=True))


@settings(max_examples=examples(2_000))
@given(networks(d=1, n=st.integers(0, 5), entries=magnitude_rationals()), st.data())
def test_spline_form_matches_brute_force_evaluation(net: TwoLayerReLU, data: st.DataObject) -> None:
    interval = None
    if data.draw(st.booleans()):
        interval = tuple(sorted(data.draw(st.lists(magnitude_rationals(), min_size=2, max_size=2, unique=True))))
    form = spline_form(net, domain=interval)

    def f(x: Fraction) -> tuple[Fraction, ...]:
        return reference_evaluate(net, [x])

    knots = sorted({-b / row[0] for row, b in zip(net.W, net.b, strict=True) if row[0] != 0})
    if interval is not None:
        knots = [t for t in knots if interval[0] < t < interval[1]]
    assert [knot.x for knot in form.knots] == knots
    # the ends of the knot-free intervals, and a point strictly inside each
    ends = [interval[0] if interval else (knots[0] if knots else Fraction(0)) - 1, *knots]
    ends.append(interval[1] if interval else (knots[-1] if knots else Fraction(0)) + 1)
    inner = [(s + t) / 2 for s, t in itertools.pairwise(ends)]

    def slope(s: Fraction, t: Fraction) -> tuple[Fraction, ...]:
        return tuple((v - u) / (t - s) for u, v in zip(f(s), f(t), strict=True))

    for j, knot in enumerate(form.knots):  # knot j sits between inner[j] and inner[j + 1]
        assert knot.value == f(knot.x)
        assert set(knot.units) == {i for i, (row, b) in enumerate(zip(net.W, net.b, strict=True))
                                   if row[0] != 0 and -b / row[0] == knot.x}  # fmt: skip
        right, left = slope(knot.x, inner[j + 1]), slope(inner[j], knot.x)
        assert knot.jump == tuple(r - q for r, q in zip(right, left, strict=True))
    breaks = [knot.x for knot in form.knots if any(knot.jump)]
    starts = [piece.start for piece in form.pieces]
    finish = [piece.end for piece in form.pieces]
    assert starts == [interval[0] if interval else None, *breaks]
    assert finish == [*breaks, interval[1] if interval else None]
    for piece in form.pieces:
        lo = piece.start if piece.start is not None else piece.end - 1 if piece.end is not None else Fraction(-1)
        hi = piece.end if piece.end is not None else lo + 2
        for x in (lo, hi, *(t for t in inner + knots if lo <= t <= hi)):
            assert piece.value_at(x) == f(x)
            assert form([x]) == f(x)


@settings(max_examples=examples(2_000))
@given(arrangement_cases())
def test_regions_are_the_cells_of_the_arrangement(case: tuple[TwoLayerReLU, tuple | None]) -> None:
    net, box = case
    result = regions(net, domain=None if box is None else list(box), progress=False)
    lines = planar_lines(net)
    assert result.complete
    assert len(result.regions) == planar_region_count(list(lines), box)
    patterns = [region.pattern for region in result.regions]
    assert len(set(patterns)) == len(patterns)
    for region in result.regions:
        x = region.point
        assert _inside(x, box)
        assert reference_pattern(net, x, lines) == region.pattern  # x on no hyperplane, in its cell
        assert region.affine_map(x) == reference_evaluate(net, x)


@settings(max_examples=examples(2_000))
@given(arrangement_cases())
def test_adjacency_is_the_facet_graph_of_the_arrangement(case: tuple[TwoLayerReLU, tuple | None]) -> None:
    net, box = case
    result = regions(net, domain=None if box is None else list(box), progress=False)
    patterns = [region.pattern for region in result.regions]
    edges = {frozenset((patterns[e.a], patterns[e.b])) for e in result.edges}
    assert len(edges) == len(result.edges)
    assert edges == planar_adjacencies(net, box)
    lines = planar_lines(net)
    for edge in result.edges:
        differ = {i for i, (p, q) in enumerate(zip(patterns[edge.a], patterns[edge.b], strict=True)) if p != q}
        assert differ == set(edge.units)
        x = edge.point
        assert _inside(x, box)
        values = preactivations(net, x)
        assert all(values[i] == 0 for i in edge.units)
        assert all(v != 0 for i, v in enumerate(values) if i not in edge.units and any(net.W[i]))
        for s in (1, -1):  # the facet point's two sides are the two regions
            line = next(line for line, units in lines.items() if edge.units[0] in dict(units))
            assert reference_pattern(net, x, lines, (line, s)) in (patterns[edge.a], patterns[edge.b])
    neighbours = {
        frozenset((r.id, f.neighbor)) for r in result.regions for f in r.facets or () if f.neighbor is not None
    }
    assert neighbours == {frozenset((e.a, e.b)) for e in result.edges}


@st.composite
def located_points(draw: st.DrawFn, net: TwoLayerReLU) -> tuple[Fraction, ...]:
    """A point anywhere, on one unit's hyperplane, or where two of them cross."""
    d = net.input_dim
    x = list(draw(points(d, entries=magnitude_rationals())))
    live = [i for i in range(net.n_hidden) if any(net.W[i])]
    for _ in range(draw(st.integers(0, min(2, d, len(live))))):
        i = draw(st.sampled_from(live))
        k = next(j for j, w in enumerate(net.W[i]) if w != 0)  # solve w_i . x + b_i = 0 for x_k
        rest = sum((w * v for j, (w, v) in enumerate(zip(net.W[i], x, strict=True)) if j != k), Fraction(0))
        x[k] = -(net.b[i] + rest) / net.W[i][k]
    return tuple(x)


@settings(max_examples=examples(2_000))
@given(networks(d=st.integers(1, 2), n=st.integers(1, 4), entries=magnitude_rationals()), st.data())
def test_locate_answers_the_sign_vector_and_the_value(net: TwoLayerReLU, data: st.DataObject) -> None:
    x = data.draw(located_points(net))
    values = preactivations(net, x)
    assert sign_vector(net, x) == tuple((v > 0) - (v < 0) for v in values)
    lines = planar_lines(net)
    through = [line for line, units in lines.items() if values[units[0][0]] == 0]
    expected = reference_evaluate(net, x)
    if not through:
        region = region_containing_point(net, x)
        assert region.pattern == reference_pattern(net, x, lines)
        assert region.affine_map(x) == expected
        assert reference_pattern(net, region.point, lines) == region.pattern
        return
    try:
        region_containing_point(net, x)
    except ReluexactError:
        pass
    else:
        raise AssertionError("a point on a hyperplane lies in no open region")
    closure = region_containing_point(net, x, closure=True)
    assert len({r.pattern for r in closure}) == len(closure) == 2 * len(through)
    on = {i for line in through for i, _ in lines[line]}
    for region in closure:
        assert region.affine_map(x) == expected
        assert all(region.pattern[i] == ("1" if values[i] > 0 else "0") for i in range(net.n_hidden) if i not in on)


@st.composite
def lp_systems(draw: st.DrawFn) -> tuple[list[Fraction], list[list[Fraction]], list[Fraction]]:
    """(c, A, b) in the plane at every magnitude: 0 to 5 rows, some zero, parallel or repeated."""
    entry = st.one_of(rationals(max_numerator=3, max_denominator=2), magnitude_rationals())
    c = [draw(entry), draw(entry)]
    A: list[list[Fraction]] = []
    b: list[Fraction] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["new", "new", "new", "parallel", "zero"]))
        if kind == "parallel" and A:
            factor = draw(rationals(max_numerator=3, max_denominator=2).filter(bool))
            A.append([factor * v for v in draw(st.sampled_from(A))])
        elif kind == "zero":
            A.append([Fraction(0), Fraction(0)])
        else:
            A.append([draw(entry), draw(entry)])
        b.append(draw(entry))
    return c, A, b


@settings(max_examples=examples(2_000))
@given(lp_systems())
def test_lp_matches_vertex_enumeration(system: tuple[list[Fraction], list[list[Fraction]], list[Fraction]]) -> None:
    c, A, b = system
    status, value = reference_lp_2d(c, A, b)
    result = maximize(c, A, b) if A else maximize(c, [[Fraction(0), Fraction(0)]], [Fraction(0)])
    assert result.status == status
    if status == "optimal":
        assert result.value == value
        assert result.point is not None
        assert all(r[0] * result.point[0] + r[1] * result.point[1] + o >= 0 for r, o in zip(A, b, strict=True))
        assert c[0] * result.point[0] + c[1] * result.point[1] == value
    if status == "unbounded":
        assert result.ray is not None
        assert all(r[0] * result.ray[0] + r[1] * result.ray[1] >= 0 for r in A)
        assert c[0] * result.ray[0] + c[1] * result.ray[1] > 0
