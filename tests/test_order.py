"""Tests of reluexact.order: the strict partial order of active half-spaces, against independent oracles."""

from __future__ import annotations

import itertools
from fractions import Fraction

import networkx as nx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reluexact.errors import DomainError, InvalidArgument
from reluexact.lp import strict_feasible_point
from reluexact.model import TwoLayerReLU
from reluexact.oned.order import knot_order
from reluexact.oned.order import precedes as oned_precedes
from reluexact.oned.spline import ZERO_OUTPUT, unit_role
from reluexact.order import (
    AFFINE_ACTING,
    DEAD,
    SHAPING,
    active_status,
    chain_decomposition,
    half_space_order,
    maximal_chains,
    parallel_chains,
    precedes,
)
from tests.oned.strategies import nets_on_intervals
from tests.oracles import reference_interval_order

small = st.fractions(min_value=-3, max_value=3, max_denominator=3)


@st.composite
def nets(draw, d=None, max_n=6):
    d = draw(st.integers(1, 3)) if d is None else d
    n = draw(st.integers(1, max_n))
    W = [[draw(small) for _ in range(d)] for _ in range(n)]
    b = [draw(small) for _ in range(n)]
    return TwoLayerReLU(W, b, [[1] * n], [0])


# -- 1-D: the knot order is the d = 1 half-space order; both against interval ends ---------


def _statuses(graph):
    return [graph.nodes[v]["status"] for v in sorted(graph.nodes)]


@settings(max_examples=200, deadline=None)
@given(nets_on_intervals())
@example((TwoLayerReLU([[1], [1]], [1, 2], [[1, 1]], [0]), (Fraction(-1), Fraction(1))))  # issue 10
def test_knot_order_is_the_one_d_half_space_order_and_matches_interval_ends(case):
    net, domain = case
    status, edges = reference_interval_order(net, domain)
    ours = half_space_order(net, domain=domain)
    theirs = knot_order(net, domain=domain)
    assert sorted(ours.nodes) == sorted(theirs.nodes) == list(range(net.n_hidden))
    assert set(ours.edges) == set(theirs.edges) == edges
    assert _statuses(ours) == _statuses(theirs) == list(status)
    assert active_status(net, domain=domain) == status
    for i, j in itertools.product(range(net.n_hidden), repeat=2):
        assert precedes(net, i, j, domain=domain) == oned_precedes(net, i, j, domain=domain) == ((i, j) in edges)
    hasse = {(i, j) for i, j in edges if not any((i, k) in edges and (k, j) in edges for k in range(net.n_hidden))}
    for graph in (half_space_order, knot_order):
        reduced = graph(net, domain=domain, transitive_reduction=True)
        assert set(reduced.edges) == hasse
        assert _statuses(reduced) == list(status)
    for i in range(net.n_hidden):  # the 1-D roles speak the same vocabulary
        assert unit_role(net, i, domain=domain) in (status[i], ZERO_OUTPUT)


def test_issue_10_knot_at_a_domain_end_is_not_a_strict_inclusion():
    # x + 1 > 0 and x + 2 > 0 are both active on all of (-1, 1): incomparable, both affine-acting
    net = TwoLayerReLU([[1], [1]], [1, 2], [[1, 1]], [0])
    assert not precedes(net, 1, 0, domain=(-1, 1))
    assert not oned_precedes(net, 1, 0, domain=(-1, 1))
    assert active_status(net, domain=(-1, 1)) == (AFFINE_ACTING, AFFINE_ACTING)
    assert knot_order(net, domain=(-1, 1)).number_of_edges() == 0


def test_one_d_on_the_whole_line():
    net = TwoLayerReLU([[1], [2], [-1], [0]], [0, -2, 5, 1], [[1, 1, 1, 1]], [0])
    # on R: x > 0 contains x > 1; x < 5 is incomparable; the constant unit (active everywhere) tops all
    assert set(half_space_order(net).edges()) == {(0, 1), (3, 0), (3, 1), (3, 2)}


# -- d-D: an independent oracle by strict feasibility LPs --------------------------------


def _domain_rows(domain, d):
    if domain is None:
        return [], []
    rows, consts = [], []
    for k, (lo, hi) in enumerate(domain):
        e = [0] * d
        e[k] = 1
        rows += [e, [-v for v in e]]
        consts += [-lo, hi]
    return rows, consts


def _oracle_precedes(net, i, j, domain):
    """i -> j iff no interior point has g_j > 0 > g_i, and some has g_i > 0 > g_j (non-constant units)."""
    d = net.input_dim
    rows, consts = _domain_rows(domain, d)

    def strict(extra_rows, extra_consts):
        return (
            strict_feasible_point(rows + extra_rows, consts + extra_consts) is not None
            if (rows or extra_rows)
            else True
        )

    wi, bi, wj, bj = list(net.W[i]), net.b[i], list(net.W[j]), net.b[j]
    neg = lambda w: [-v for v in w]  # noqa: E731
    j_not_in_i = strict([wj, neg(wi)], [bj, -bi])
    i_not_in_j = strict([wi, neg(wj)], [bi, -bj])
    return not j_not_in_i and i_not_in_j


@settings(max_examples=40, deadline=None)
@given(nets(d=2, max_n=5), st.booleans())
def test_two_d_matches_strict_feasibility_oracle(net, use_box):
    domain = ((Fraction(-1), Fraction(2)), (Fraction(-2), Fraction(1))) if use_box else None
    if any(not any(w) for w in net.W):
        return  # the oracle above is for hyperplane units; constant units are tested separately
    order = half_space_order(net, domain=domain)
    expected = {
        (i, j) for i, j in itertools.permutations(range(net.n_hidden), 2) if _oracle_precedes(net, i, j, domain)
    }
    assert set(order.edges()) == expected


@settings(max_examples=25, deadline=None)
@given(nets(d=3, max_n=4))
def test_three_d_box_closed_form_equals_polytope_lp(net):
    box = [(-1, 1), (0, 2), (-1, 3)]
    poly = ([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], [1, 1, 0, 2, 1, 3])
    assert set(half_space_order(net, domain=box).edges()) == set(half_space_order(net, domain=poly).edges())
    assert active_status(net, domain=box) == active_status(net, domain=poly)


def test_two_d_sampling_never_contradicts_an_edge():
    net = TwoLayerReLU(
        [[1, 0], [1, 1], [2, 1], [0, -1], [1, -3], [3, 1]], [0, -1, "-1/2", "1/2", 1, -4], [[1] * 6], [0]
    )
    box = [(-2, 2), (-2, 2)]
    order = half_space_order(net, domain=box)
    grid = [Fraction(k, 10) for k in range(-19, 20)]
    samples = [(x, y) for x in grid for y in grid]
    active = [
        {p for p in samples if sum(w * v for w, v in zip(net.W[i], p, strict=True)) + net.b[i] > 0} for i in range(6)
    ]
    assert order.number_of_edges() > 0
    for i, j in order.edges():
        assert active[j] <= active[i]
        assert active[j] < active[i]  # this grid is fine enough to see every strict inclusion here


@settings(max_examples=40, deadline=None)
@given(nets(max_n=6))
def test_order_is_irreflexive_transitive_acyclic(net):
    order = half_space_order(net, domain=[(-1, 1)] * net.input_dim)
    assert not any(order.has_edge(v, v) for v in order)
    assert nx.is_directed_acyclic_graph(order)
    closure = nx.transitive_closure_dag(order)
    assert set(closure.edges()) == set(order.edges())
    hasse = half_space_order(net, domain=[(-1, 1)] * net.input_dim, transitive_reduction=True)
    assert set(nx.transitive_closure_dag(hasse).edges()) == set(order.edges())


@settings(max_examples=40, deadline=None)
@given(nets(max_n=6))
def test_chain_decomposition_is_a_minimum_chain_cover(net):
    order = half_space_order(net, domain=[(-1, 1)] * net.input_dim)
    chains = chain_decomposition(order)
    assert sorted(v for c in chains for v in c) == list(range(net.n_hidden))
    for chain in chains:
        for a, b in itertools.pairwise(chain):
            assert order.has_edge(a, b)
    # Dilworth: the number of chains equals the largest antichain (brute force for small n)
    width = max(
        len(s)
        for r in range(1, net.n_hidden + 1)
        for s in itertools.combinations(range(net.n_hidden), r)
        if not any(order.has_edge(a, b) or order.has_edge(b, a) for a, b in itertools.combinations(s, 2))
    )
    assert len(chains) == width


def test_parallel_families_form_chains():
    net = TwoLayerReLU(
        [[1, 2], [2, 4], ["1/2", 1], [-1, -2], [-3, -6], [1, 0], [1, 0]],
        [0, -2, 1, 1, 6, 0, "-1/2"],
        [[1] * 7],
        [0],
    )
    box = [(-3, 3), (-3, 3)]
    chains = parallel_chains(net, domain=box)
    order = half_space_order(net, domain=box)
    summary = [(c.direction, c.orientation, c.groups) for c in chains]
    assert summary == [((1, 0), 1, ((5,), (6,))), ((1, 2), -1, ((4,), (3,))), ((1, 2), 1, ((2,), (0,), (1,)))]
    for chain in chains:
        for g1, g2 in itertools.pairwise(chain.groups):
            for a in g1:
                for b in g2:
                    assert order.has_edge(a, b)


def test_status_dead_affine_acting_shaping_and_errors():
    net = TwoLayerReLU([[1, 0], [1, 0], [0, 0], [0, 0], [1, 1]], [9, -9, 1, 0, 0], [[1] * 5], [0])
    assert active_status(net, domain="-1,1;-1,1") == (AFFINE_ACTING, DEAD, AFFINE_ACTING, DEAD, SHAPING)
    assert (AFFINE_ACTING, DEAD, SHAPING) == ("affine-acting", "dead", "shaping")
    order = half_space_order(net, domain="-1,1;-1,1")
    assert set(order.edges()) == {(0, 4), (2, 4), (0, 1), (2, 1), (4, 1), (0, 3), (2, 3), (4, 3)}
    assert precedes(net, 0, 4, domain="-1,1;-1,1")
    with pytest.raises(InvalidArgument, match="units"):
        precedes(net, 0, 9)
    with pytest.raises(DomainError, match="interior"):
        half_space_order(net, domain=([[1, 0], [-1, 0]], [0, 0]))


@settings(max_examples=40, deadline=None)
@given(nets(max_n=6))
def test_maximal_chains_are_maximal_and_cover(net):
    order = half_space_order(net, domain=[(-1, 1)] * net.input_dim)
    chains = list(maximal_chains(order))
    assert sorted({v for c in chains for v in c}) == list(range(net.n_hidden))
    for chain in chains:
        for a, b in itertools.pairwise(chain):
            assert order.has_edge(a, b)
        # maximal: nothing can be added above, below or in between
        for v in range(net.n_hidden):
            if v in chain:
                continue
            extended = any(
                all(order.has_edge(u, v) for u in chain[:k]) and all(order.has_edge(v, u) for u in chain[k:])
                for k in range(len(chain) + 1)
            )
            assert not extended
