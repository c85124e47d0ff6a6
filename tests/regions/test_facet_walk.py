"""Tests for reluexact.regions.facet_walk: the facet walk against the lattice restriction.

The oracle is the second algorithm (``method="lattice"``) plus exact checks of every point
made here independently of both (exact pre-activation signs and domain membership).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.domain import as_domain
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import Polytope, regions
from reluexact.regions.arrangements import arrangement
from reluexact.regions.facet_walk import WalkStats, choose_method, estimated_costs, walk_arrangement
from tests.regions.oracles import check_region_points, random_degenerate_net, random_net
from tests.strategies import boxes, networks


def _canonical(res):
    """Regions by pattern: facets (in order) as (kind, label, neighbour pattern); edges as pattern pairs with units."""
    pat = {r.id: r.pattern for r in res}
    regs = {
        r.pattern: [(f.kind, f.label, None if f.neighbor is None else pat[f.neighbor]) for f in r.facets] for r in res
    }
    edges = sorted((*sorted((pat[e.a], pat[e.b])), e.units) for e in res.edges)
    return regs, edges


def _facet_order(res):
    return sorted(tuple((f.kind, f.label) for f in r.facets) for r in res)


def _same(net, domain=None):
    walk = regions(net, domain=domain, method="walk", progress=False)
    lattice = regions(net, domain=domain, method="lattice", progress=False)
    assert walk.complete
    assert lattice.complete
    assert walk.certificate.method == "facet-walk"
    assert _canonical(walk) == _canonical(lattice)
    # the canonical ids (regions sorted by pattern) agree, and so do the edges between them
    ids_w = {r.pattern: k for k, r in enumerate(sorted(walk, key=lambda r: r.pattern))}
    assert sorted(ids_w) == sorted(r.pattern for r in lattice)
    check_region_points(net, walk)
    return walk


@settings(max_examples=40, deadline=None)
@given(networks(d=st.integers(1, 3), n=st.integers(0, 6)))
def test_walk_equals_lattice_on_r_d(net):
    _same(net)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_walk_equals_lattice_on_boxes(data):
    net = data.draw(networks(d=st.integers(1, 3), n=st.integers(0, 5)))
    _same(net, domain=list(data.draw(boxes(net.input_dim))))


@pytest.mark.parametrize("seed", range(4))
def test_walk_equals_lattice_on_a_polytope(seed):
    net = random_degenerate_net(2, 7, seed)
    # a triangle whose sides may coincide with unit hyperplanes (small integer coefficients)
    _same(net, domain=([[1, 0], [0, 1], [-1, -1]], [1, 1, 1]))
    net3 = random_degenerate_net(3, 6, seed)
    _same(net3, domain=Polytope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]], [1, 1, 1, 2]))


@pytest.mark.parametrize(("d", "n", "seed"), [(2, 9, 0), (3, 10, 1), (4, 9, 2), (5, 8, 3)])
def test_walk_equals_lattice_degenerate_and_random(d, n, seed):
    _same(random_degenerate_net(d, n, seed))
    _same(random_degenerate_net(d, n, seed), domain="-1,1")
    _same(random_net(d, n, seed))


def test_lines_through_a_point():
    # 8 distinct lines through the origin: 16 regions (float tools report 256)
    W = [[1, k] for k in range(-3, 5)]
    res = _same(TwoLayerReLU(W, [0] * 8, [[1] * 8], [0]))
    assert len(res) == 16


def test_coincident_units_and_sides():
    # units on the box's sides (x = 0, y = 1 on [0,1]^2), a duplicated unit and a zero row
    net = TwoLayerReLU([[1, 0], [0, 2], [1, 1], [2, 2], [0, 0]], [0, -2, -1, -2, 1], [[1, 1, 1, 1, 1]], [0])
    _same(net, domain="0,1")
    _same(net)


def test_auto_picks_one_of_the_methods_and_agrees():
    net = random_net(3, 6, 5)
    arr = arrangement(net)
    assert choose_method(arr) in ("lattice", "walk")
    lat, walk = estimated_costs(arr)
    assert lat > 0
    assert walk > 0
    assert _canonical(regions(net, progress=False)) == _canonical(regions(net, method="lattice", progress=False))


def test_unknown_method_is_refused():
    with pytest.raises(InvalidArgument, match="method must be one of"):
        regions(TwoLayerReLU([[1]], [0], [[1]], [0]), method="reverse")


def test_budgets_give_partial_results():
    net = random_net(3, 8, 2)
    part = regions(net, method="walk", max_regions=5, progress=False)
    assert part.partial
    assert len(part) == 5
    full = {r.pattern for r in regions(net, method="lattice", progress=False)}
    assert {r.pattern for r in part} <= full
    assert regions(net, method="walk", time_limit=0, progress=False).partial


def test_stats_account_for_every_flip():
    net = random_net(3, 7, 4)
    stats = WalkStats()
    res = walk_arrangement(arrangement(net, domain=as_domain("-2,2", 3)), stats=stats)
    assert res.complete
    assert stats.known + stats.cached + stats.float_lps + stats.shots >= len(res) - 1
    assert "WalkStats(" in repr(stats)


@pytest.mark.parametrize("lie", ["none", "feasible", "infeasible"])
def test_floats_only_guide(monkeypatch, lie):
    # a float LP that fails, or lies either way, and rays that say nothing: the exact
    # checks and the exact simplex still give the lattice method's answer
    import numpy as np

    from reluexact.regions import facet_walk

    def solve(self, mask):
        if lie == "none":
            return None
        t = 0.5 if lie == "feasible" else -0.5
        return t, np.zeros(self.d), np.ones(self.P)

    monkeypatch.setattr(facet_walk._FloatLP, "solve", solve)
    monkeypatch.setattr(facet_walk._Walker, "shoot", lambda self, x, mask, ps, cands: [None] * len(ps))
    stats = WalkStats()
    net = random_degenerate_net(3, 6, 7)
    walk = walk_arrangement(arrangement(net, domain=as_domain("-1,2", 3)), stats=stats)
    lattice = regions(net, domain="-1,2", method="lattice", progress=False)
    assert _canonical(walk) == _canonical(lattice)
    assert stats.exact_lps > 1


def test_memory_budget_gives_a_partial_result():
    net = random_net(3, 8, 3)
    assert regions(net, method="walk", max_memory=1, progress=False).partial
