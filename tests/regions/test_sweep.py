"""Tests for reluexact.regions.sweep: the general-position sweep against the lattice restriction.

The oracle is the second algorithm (``method="lattice"``), compared region by region (patterns)
and edge by edge (pattern pairs), and brute-force minors for the general-position test.
"""

from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction

import flint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.cli import main
from reluexact.errors import InvalidArgument
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU
from reluexact.regions import iter_regions, regions
from reluexact.regions.arrangements import arrangement
from reluexact.regions.facet_walk import estimated_costs
from reluexact.regions.sweep import (
    SWEEP_FROM,
    adjacent_pairs,
    general_position_counts,
    general_position_failure,
    sweep_arrangement,
)
from reluexact.signs import AffineForms, affine_signs
from tests.regions.oracles import random_net
from tests.strategies import scales


def _canonical(res):
    pat = {r.id: r.pattern for r in res}
    edges = sorted((*sorted((pat[e.a], pat[e.b])), e.units) for e in res.edges)
    return sorted(pat.values()), edges


def _brute_general(arr) -> bool:
    d = arr.dimension
    N = [list(g.normal) for g in arr.groups]
    Nb = [[*g.normal, g.offset] for g in arr.groups]
    if len(N) < d:
        return False
    for k, rows in ((d, N), (d + 1, Nb)):
        for S in itertools.combinations(range(len(rows)), k):
            if int(flint.fmpz_mat([rows[i] for i in S]).det()) == 0:
                return False
    return True


def _check_points(res):
    """Every region and facet point's exact signs, independently of the code under test."""
    arr = res.arrangement
    forms = AffineForms([g.normal for g in arr.groups], [g.offset for g in arr.groups])
    pts = [r.point for r in res]
    signs = affine_signs(forms, pts)
    assert (signs != 0).all()
    for e in res.edges:
        s = affine_signs(forms, [e.point])[0]
        assert s[e.group] == 0
        others = [p for p in range(len(arr.groups)) if p != e.group]
        assert (s[others] == signs[e.a][others]).all()
        assert (s[others] == signs[e.b][others]).all()


@st.composite
def general_nets(draw, d=None, n=None):
    d = draw(st.integers(3, 5)) if d is None else d
    n = draw(st.integers(d, 10 if d < 5 else 8)) if n is None else n
    seed = draw(st.integers(0, 10**6))
    rng = random.Random(seed)
    W = [[rng.randint(-60, 60) for _ in range(d)] for _ in range(n)]
    b = [rng.randint(-60, 60) for _ in range(n)]
    A = [[rng.randint(-3, 3) for _ in range(n)]]
    return TwoLayerReLU(W, b, A, [0])


@settings(max_examples=40, deadline=None)
@given(general_nets())
def test_sweep_equals_lattice(net):
    arr = arrangement(net)
    lattice = regions(net, method="lattice", progress=False)
    assert (general_position_failure(arr) is None) == _brute_general(arr)
    res = sweep_arrangement(arr)
    if general_position_failure(arr) is None:
        assert res is not None
        assert res.complete
        assert res.certificate.method == "general-position-sweep"
        assert _canonical(res) == _canonical(lattice)
        assert (len(res), len(res.edges)) == general_position_counts(len(arr.groups), arr.dimension)
        _check_points(res)
        auto = regions(net, progress=False)
        big = estimated_costs(arr)[0] >= SWEEP_FROM  # auto sweeps only where the lattice would cost more
        assert (auto.certificate.method == "general-position-sweep") == big
        assert _canonical(auto) == _canonical(lattice)
    else:
        assert res is None
        assert _canonical(regions(net, progress=False)) == _canonical(lattice)


def _nets_degenerate():
    base = [[3, 1, -2], [1, -4, 2], [-2, 5, 1], [4, 2, 3]]
    bias = [1, -2, 3, -1]
    A = [[1, -1, 2, 1, 1]]
    yield "parallel", TwoLayerReLU([*base, [6, 2, -4]], [*bias, 5], A, [0])
    yield "duplicated", TwoLayerReLU([*base, [6, 2, -4]], [*bias, 2], A, [0])
    yield "concurrent", TwoLayerReLU([*base, [0, 0, 1]], [*bias, 0], A, [0])  # through 0 with ...
    yield "through a vertex", TwoLayerReLU([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0] * 4, [[1, 1, 1, 1]], [0])
    yield "zero row", TwoLayerReLU([*base, [0, 0, 0]], [*bias, 1], A, [0])
    yield "n < d", TwoLayerReLU(base[:2], bias[:2], [[1, 1]], [0])
    yield "dependent normals", TwoLayerReLU([*base, [4, -3, 0]], [*bias, 7], A, [0])  # row0 + row1


@pytest.mark.parametrize(("name", "net"), list(_nets_degenerate()), ids=[n for n, _ in _nets_degenerate()])
def test_degenerate_nets_fall_back(name, net):
    arr = arrangement(net)
    lattice = regions(net, method="lattice", progress=False)
    if _brute_general(arr):  # e.g. "concurrent" may still be generic: then the sweep must agree
        assert _canonical(sweep_arrangement(arr)) == _canonical(lattice)
        return
    assert general_position_failure(arr) is not None
    assert sweep_arrangement(arr) is None
    auto = regions(net, progress=False)
    assert auto.certificate.method != "general-position-sweep"
    assert _canonical(auto) == _canonical(lattice)
    with pytest.raises(InvalidArgument, match="general position"):
        regions(net, method="sweep", progress=False)


def test_box_domain_takes_the_box_sweep():
    net = random_net(3, 6, 1)
    assert general_position_failure(arrangement(net, domain="-1,1")) is not None
    boxed = regions(net, domain="-1,1", method="sweep", progress=False)  # reluexact.regions.box_sweep
    assert boxed.certificate.method == "box-sweep"
    assert _canonical(boxed) == _canonical(regions(net, domain="-1,1", method="lattice", progress=False))
    poly = ([[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]], [1, 1, 1, 1])  # not a box: never swept
    with pytest.raises(InvalidArgument, match='use method="lattice"'):
        regions(net, domain=poly, method="sweep", progress=False)
    assert regions(net, domain=poly, progress=False).certificate.method != "general-position-sweep"


@settings(max_examples=15, deadline=None)
@given(general_nets(d=3, n=6), st.lists(scales(), min_size=3, max_size=3), st.lists(scales(), min_size=6, max_size=6))
def test_extreme_magnitudes(net, cols, rows):
    """Rows times 1e300 or 1e-300, coordinates x_j = s_j y_j: the same geometry, exact answers."""
    W = [[w * cols[j] * rows[i] for j, w in enumerate(row)] for i, row in enumerate(net.hidden_weights)]
    b = [v * rows[i] for i, v in enumerate(net.hidden_bias)]
    scaled = TwoLayerReLU(W, b, net.output_weights, net.output_bias)
    arr = arrangement(scaled)
    res = sweep_arrangement(arr)
    lattice = regions(scaled, method="lattice", progress=False)
    if general_position_failure(arr) is None:
        assert res is not None
        assert _canonical(res) == _canonical(lattice)
        _check_points(res)
    assert _canonical(regions(scaled, progress=False)) == _canonical(lattice)


def test_subnormal_and_huge_weights():
    tiny, huge = Fraction(2) ** -1074, Fraction(10) ** 300
    net = random_net(3, 7, 3)
    W = [[w * (tiny if j == 0 else huge if j == 1 else 1) for j, w in enumerate(row)] for row in net.hidden_weights]
    scaled = TwoLayerReLU(W, net.hidden_bias, net.output_weights, net.output_bias)
    res = sweep_arrangement(arrangement(scaled))
    assert res is not None
    assert _canonical(res) == _canonical(regions(scaled, method="lattice", progress=False))
    _check_points(res)


def test_streaming_and_budgets():
    net = random_net(4, 8, 2)
    whole = regions(net, method="sweep", progress=False)
    assert whole.certificate.method == "general-position-sweep"
    streamed = iter_regions(net, method="sweep", progress=False)
    assert sorted(r.pattern for r in streamed) == sorted(r.pattern for r in whole)
    part = regions(net, max_regions=10, method="sweep", progress=False)  # a budget: the walk
    assert part.partial
    assert len(part) == 10
    assert part.certificate.method == "facet-walk"


def test_adjacent_pairs_beyond_63_planes():
    masks = [0, 1 << 70, (1 << 70) | 1, 5]
    assert adjacent_pairs(masks, 71) == [(0, 1, 2), (70, 0, 1)]
    assert adjacent_pairs([0, 1, 3], 2) == adjacent_pairs([0, 1, 3], 70)


def test_cli_method_sweep(tmp_path, capsys):
    path = tmp_path / "m.json"
    net = random_net(3, 7, 5)
    save_model(net, path)
    assert main(["regions", str(path), "--json", "--quiet", "--method", "sweep"]) == 0
    doc = json.loads(capsys.readouterr().out)
    want = regions(net, method="lattice", progress=False)
    assert sorted(r["pattern"] for r in doc["regions"]) == sorted(r.pattern for r in want)
    assert len(doc["edges"]) == len(want.edges)
    assert main(["regions", str(path), "--box=-1,1", "--json", "--quiet", "--method", "sweep"]) == 0  # the box sweep
    doc = json.loads(capsys.readouterr().out)
    want = regions(net, domain="-1,1", method="lattice", progress=False)
    assert sorted(r["pattern"] for r in doc["regions"]) == sorted(r.pattern for r in want)


@pytest.mark.parametrize("seed", range(6))
def test_lopsided_columns_and_offsets_are_rescaled(seed):
    """Columns 1 and 2 weighted 1e-300 except in one row (which alone has x_3 weight 0), and
    offsets 1e-330 times the normals: the sweep rescales both and still finds every region."""
    rng = random.Random(seed)
    tiny, huge = Fraction(1, 10**300), Fraction(10**300)
    W = [[rng.choice([-1, 1]) * rng.randint(1, 60) for _ in range(3)] for _ in range(6)]
    b = [rng.choice([-1, 1]) * rng.randint(1, 60) for _ in range(6)]
    lop = TwoLayerReLU(
        [[w * tiny, v * tiny, u] if i else [w, v, 0] for i, (w, v, u) in enumerate(W)], b, [[1] * 6], [0]
    )
    near = TwoLayerReLU(
        [[w * huge * 10**30 for w in row] for row in W], b, [[1] * 6], [0]
    )  # offsets ~2^-1096 of a row: no float
    for net in (lop, near):
        arr = arrangement(net)
        assert general_position_failure(arr) is None
        res = sweep_arrangement(arr)
        assert res is not None
        assert _canonical(res) == _canonical(regions(net, method="lattice", progress=False))
        _check_points(res)


@st.composite
def _near_singular_batches(draw):
    """Integer matrices (entries up to 2^52), often singular or a unit away from it."""
    k = draw(st.integers(1, 9))
    B = draw(st.integers(1, 6))
    big = draw(st.sampled_from([3, 1000, 2**26, 2**52 - 1]))
    out = []
    for _ in range(B):
        M = [[draw(st.integers(-big, big)) for _ in range(k)] for _ in range(k)]
        kind = draw(st.sampled_from(["random", "dependent", "nudged", "scaled"]))
        if k > 1 and kind != "random":
            i, j = draw(st.integers(0, k - 1)), draw(st.integers(0, k - 1))
            a, b = draw(st.integers(-3, 3)), draw(st.integers(-3, 3))
            last = [a * x + b * y for x, y in zip(M[i], M[j], strict=True)]
            if kind == "nudged":
                last[0] += draw(st.sampled_from([-1, 1]))
            if kind == "scaled":
                M = [[v // 2**26 for v in row] for row in M]
                last = [v // 2**26 for v in last]
            if all(abs(v) < 2**53 for v in last):
                M[-1] = last
        out.append(M)
    return out


@settings(max_examples=300, deadline=None)
@given(_near_singular_batches())
def test_nonsingular_by_floats_never_proves_a_singular_matrix(batch):
    """Soundness against exact flint determinants; and the well-conditioned ones are proved."""
    import numpy as np

    from reluexact.regions.sweep import nonsingular_by_floats

    proved = nonsingular_by_floats(np.array(batch, dtype=np.float64))
    for M, ok in zip(batch, proved.tolist(), strict=True):
        det = int(flint.fmpz_mat(M).det())
        if ok:
            assert det != 0, M
    identity_like = np.array([np.eye(len(batch[0])) * 3 + 1], dtype=np.float64)
    assert nonsingular_by_floats(identity_like).tolist() == [True]


def test_general_position_check_is_unchanged_by_the_float_proof():
    """The float proof only skips minors: the answer (and the first failing subset) is the exact one."""
    for name, net in _nets_degenerate():
        arr = arrangement(net)
        assert (general_position_failure(arr) is None) == _brute_general(arr), name
    net = TwoLayerReLU([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [2**60, 1, 3]], [0, 0, 0, -1, 5], [[1] * 5], [0])
    assert (general_position_failure(arrangement(net)) is None) == _brute_general(arrangement(net))


@settings(max_examples=15, deadline=None)
@given(general_nets(d=4, n=9))
def test_int64_facet_points_equal_the_python_integer_ones(net):
    """The int64 solve and certification (bit-bounded) give the records Python integers give."""
    import reluexact.regions.sweep as sweep

    arr = arrangement(net)
    if general_position_failure(arr) is not None:
        return
    fast = sweep_arrangement(arr, check=False)
    original = sweep._solve_on_plane

    def python_ints(*args):
        return original(*args[:-1], object)

    sweep._solve_on_plane = python_ints
    try:
        slow = sweep_arrangement(arr, check=False)
    finally:
        sweep._solve_on_plane = original
    assert fast is not None
    assert slow is not None
    assert [(e.a, e.b, e.group, e.flint_point) for e in fast.edges] == [
        (e.a, e.b, e.group, e.flint_point) for e in slow.edges
    ]
    assert fast.regions == slow.regions
    _check_points(fast)


@pytest.mark.parametrize(("d", "n", "parts"), [(3, 10, 3), (4, 8, 2), (2, 9, 4)])
def test_certified_proposals_keep_the_first_of_each_new_region(d, n, parts):
    # the slices together propose what the whole does; known masks are left out; each point has its mask
    from reluexact.regions._engine import Engine
    from reluexact.regions.sweep import certified_proposals

    arr = arrangement(random_net(d, n, seed=d * n))
    engine = Engine([(g.normal, g.offset) for g in arr.groups], n, d)
    whole = certified_proposals(arr, engine)
    assert len(whole.masks) == len(set(whole.masks)) == general_position_counts(n, d)[0]
    assert whole.floats is not None
    assert whole.floats.shape == (len(whole.masks), d)
    assert whole.points == []
    for mask, point in zip(whole.masks, whole.floats.tolist(), strict=True):  # exact values, by Fraction arithmetic
        values = [sum(a * Fraction(v) for a, v in zip(g.normal, point, strict=True)) + g.offset for g in arr.groups]
        assert sum(1 << p for p, v in enumerate(values) if v > 0) == mask
        assert 0 not in values
    sliced = [certified_proposals(arr, engine, part=k, parts=parts) for k in range(parts)]
    assert set().union(*(s.masks for s in sliced)) == set(whole.masks)
    assert sum(s.checks for s in sliced) == whole.checks == len(whole.masks) * n
    later = certified_proposals(arr, engine, known=set(whole.masks[::2]))
    assert later.masks == [m for m in whole.masks if m not in set(whole.masks[::2])]
