from __future__ import annotations

import itertools
from fractions import Fraction

import networkx as nx
from hypothesis import given, settings

from reluexact import TwoLayerReLU
from reluexact.oned.order import (
    ActiveSet,
    KnotChains,
    active_set,
    knot_chains,
    knot_order,
    one_sided_ordering,
    precedes,
)
from tests.oned.strategies import domains, nets_1d

F = Fraction


def _sampled_active_sets(net, domain):
    """Oracle: active sets in the open domain, sampled at every knot inside it, every midpoint and beyond.

    Open intervals with ends among the knots and the domain ends are determined by these samples.
    """
    points = {F(0)}
    for i in range(net.n_hidden):
        if net.W[i][0] != 0:
            points.add(-net.b[i] / net.W[i][0])
    if domain is not None:
        points |= set(domain)
        points = {p for p in points if domain[0] <= p <= domain[1]}
    else:
        points |= {min(points) - 1, max(points) + 1}
    ordered = sorted(points)
    inside = [p for p in ordered if domain is None or domain[0] < p < domain[1]]
    samples = inside + [(u + v) / 2 for u, v in itertools.pairwise(ordered)]
    return [frozenset(p for p in samples if net.W[i][0] * p + net.b[i] > 0) for i in range(net.n_hidden)]


def test_two_chains_inside_the_domain():
    net = TwoLayerReLU([[1], [2], [1], [-1], [-3], [1], [-1]], [0, -1, -1, 1, 6, 9, 9], [[1] * 7], [0])
    chains = knot_chains(net, domain=(-1, 3))
    assert chains.right == ((0,), (1,), (2,))  # knots 0, 1/2, 1
    assert chains.top == (5, 6)
    hasse = knot_order(net, domain=(-1, 3), transitive_reduction=True)
    assert hasse.has_edge(5, 0)
    assert nx.is_directed_acyclic_graph(hasse)
    assert hasse.nodes[3]["orientation"] == -1
    assert hasse.nodes[3]["status"] == "shaping"
    assert hasse.nodes[5]["status"] == "affine-acting"
    assert hasse.nodes[4]["knot"] == 2
    assert hasse.nodes[0]["active_set"] == ActiveSet(False, F(0), F(3))


@settings(max_examples=60, deadline=None)
@given(nets_1d(max_units=7), domains())
def test_order_matches_sampled_active_sets_and_is_a_strict_partial_order(net, domain):
    for dom in (domain, None):
        full = knot_order(net, domain=dom, transitive_reduction=False)
        sampled = _sampled_active_sets(net, dom)
        for i in range(net.n_hidden):
            assert not full.has_edge(i, i)
            for j in range(net.n_hidden):
                expected = sampled[j] < sampled[i]
                assert full.has_edge(i, j) == expected
                assert precedes(net, i, j, domain=dom) == expected
        for i, j, k in itertools.permutations(range(net.n_hidden), 3):
            if full.has_edge(i, j) and full.has_edge(j, k):
                assert full.has_edge(i, k)
        hasse = knot_order(net, domain=dom, transitive_reduction=True)
        assert set(hasse.edges()) == set(nx.transitive_reduction(full).edges())
        assert set(nx.transitive_closure_dag(hasse).edges()) == set(full.edges())


@settings(max_examples=60, deadline=None)
@given(nets_1d(max_units=7), domains())
def test_chains_and_one_sided_ordering(net, domain):
    chains = knot_chains(net, domain=domain)
    full = knot_order(net, domain=domain, transitive_reduction=False)
    for chain in (chains.right, chains.left):
        for lower, upper in itertools.pairwise(chain):
            for i in lower:
                for j in upper:
                    assert full.has_edge(i, j)
    for i in chains.top:
        for j in range(net.n_hidden):
            assert not full.has_edge(j, i)
    for i in chains.bottom:
        assert active_set(net, i, domain=domain).empty
    ordering = one_sided_ordering(net, domain=domain)
    position = {i: k for k, (_, units) in enumerate(ordering) for i in units}
    knots = [t for t, _ in ordering]
    assert knots == sorted(knots)
    for i, j in full.edges():
        if i in position and j in position:
            if net.W[i][0] > 0 and net.W[j][0] > 0:
                assert position[i] < position[j]
            if net.W[i][0] < 0 and net.W[j][0] < 0:
                assert position[j] < position[i]


@settings(max_examples=60, deadline=None)
@given(nets_1d(max_units=6), domains())
def test_active_sets_match_the_sampled_oracle_and_the_node_attribute(net, domain):
    for dom in (domain, None):
        sampled = _sampled_active_sets(net, dom)
        graph = knot_order(net, domain=dom)
        for i in range(net.n_hidden):
            s = active_set(net, i, domain=dom)
            assert graph.nodes[i]["active_set"] == s
            assert s.empty == (not sampled[i])
            if not s.empty:
                assert all((s.low is None or s.low < x) and (s.high is None or x < s.high) for x in sampled[i])


def test_a_knot_at_the_domain_end_is_affine_acting_or_dead():
    net = TwoLayerReLU([[1], [1], [-1], [-1]], [1, -1, -1, 1], [[1, 1, 1, 1]], [0])  # knots -1, 1, -1, 1
    chains = knot_chains(net, domain=(-1, 1))
    assert chains == KnotChains(right=(), left=(), top=(0, 3), bottom=(1, 2))
    assert [active_set(net, i, domain=(-1, 1)) for i in range(4)] == [
        ActiveSet(False, F(-1), F(1)),
        ActiveSet(True),
        ActiveSet(True),
        ActiveSet(False, F(-1), F(1)),
    ]
    assert sorted(knot_order(net, domain=(-1, 1)).edges()) == [(0, 1), (0, 2), (3, 1), (3, 2)]
