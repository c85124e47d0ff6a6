"""The general-position sweep streamed: regions whole, edges chunk by chunk, into the store and writers.

Oracles: the in-memory sweep (``regions(net, method="sweep")``, one chunk), compared field by field;
brute-force pairs of masks; the per-region memory budget of issue 15 (a size check, tracemalloc).
"""

from __future__ import annotations

import dataclasses
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reluexact.regions.sweep as sweep
from reluexact.regions import regions
from reluexact.regions.arrangements import arrangement
from reluexact.regions.store import regions_store
from reluexact.regions.streaming import stream_arrangement
from reluexact.regions.sweep import adjacent_pairs, pair_array, sweep_edges, sweep_regions
from tests.regions.oracles import random_net
from tests.strategies import examples

#: Issue 15's per-region budget, graph (the edges) included.
BYTES_PER_REGION = 2048


def _without_seconds(cert):
    return dataclasses.replace(cert, seconds=0.0)


def _brute_pairs(masks, n):
    return [
        (g, i, j)
        for g in range(n)
        for i, a in enumerate(masks)
        if not (a >> g) & 1
        for j, b in enumerate(masks)
        if b == a | (1 << g)
    ]


@settings(max_examples=examples(60), deadline=None)
@given(st.integers(1, 70).flatmap(lambda n: st.tuples(st.just(n), st.sets(st.integers(0, 2**n - 1), max_size=40))))
def test_pair_array_is_the_brute_force_pairs(case):
    n, masks = case
    masks = sorted(masks, key=lambda m: (m * 2654435761) % 1009)  # not in mask order
    pairs = pair_array(masks, n)
    want = _brute_pairs(masks, n)
    assert [tuple(row) for row in pairs.tolist()] == want  # the order too (plane, then first)
    assert adjacent_pairs(masks, n) == want
    assert pairs.dtype == np.int64
    assert pairs.shape == (len(want), 3)
    planes = sorted({g for g, _, _ in want} | {0})[::2]
    assert adjacent_pairs(masks, n, planes=planes) == [p for g in planes for p in want if p[0] == g]


@pytest.mark.parametrize(("d", "n", "seed"), [(3, 9, 1), (4, 8, 2), (5, 9, 3)])
def test_chunked_facet_points_are_the_whole_runs(d, n, seed, monkeypatch):
    net = random_net(d, n, seed)
    whole = regions(net, method="sweep")
    monkeypatch.setattr(sweep, "EDGE_CHUNK", 5)  # many chunks, each a few pairs of some planes
    chunked = regions(net, method="sweep")
    assert chunked.regions == whole.regions  # ids, patterns, points, facets with their points
    assert chunked.edges == whole.edges
    assert _without_seconds(chunked.certificate) == _without_seconds(whole.certificate)
    swept = sweep_regions(arrangement(net))
    chunks = list(sweep_edges(swept))
    assert len(chunks) == -(-len(whole.edges) // 5)
    assert sum(len(c.records) for c in chunks) == len(whole.edges)


@pytest.mark.parametrize(("d", "n", "seed", "chunk"), [(3, 10, 4, 7), (4, 9, 5, 1 << 15), (6, 8, 6, 3)])
def test_streamed_sweep_is_the_in_memory_result(d, n, seed, chunk, monkeypatch):
    monkeypatch.setattr(sweep, "EDGE_CHUNK", chunk)
    net = random_net(d, n, seed)
    whole = regions(net, method="sweep")
    store = regions_store(net, method="sweep", progress=False)
    back = store.to_result()
    assert back.regions == whole.regions
    assert back.edges == whole.edges
    assert back.complete
    assert store.certificate.method == "general-position-sweep"
    assert _without_seconds(store.certificate) == _without_seconds(whole.certificate)
    batches = []
    summary = stream_arrangement(arrangement(net), batches.append, method="sweep", batch_size=11)
    assert (summary.regions, summary.edges, summary.sides) == (len(whole), len(whole.edges), 0)
    assert [p for b in batches for p in b.patterns] == [r.pattern for r in whole]
    assert [p for b in batches for p in b.points] == [r.flint_point for r in whole]
    edges = [e for b in batches for e in b.edges]
    assert [(a, b, g) for a, b, g, _ in edges] == [(e.a, e.b, e.group) for e in whole.edges]
    assert [q for *_, q in edges] == [e.flint_point for e in whole.edges]
    assert max(len(b.patterns) for b in batches) <= 11


def test_auto_streams_the_sweep_in_general_position():
    net = random_net(4, 14, 8)
    store = regions_store(net, progress=False)
    assert store.certificate.method == "general-position-sweep"
    assert store.to_result().regions == regions(net).regions


def test_memory_per_region_of_the_streamed_sweep(monkeypatch):
    # 5 x 18 in general position: sum_{k<=5} C(18, k) = 12,616 regions, 18 sum_{k<=4} C(17, k) = 57,852
    # edges. Streamed into the store, the facet points exist one chunk at a time (measured 1,697 bytes
    # a region at the peak with 4,096-edge chunks; the whole result in memory: about 9,000).
    monkeypatch.setattr(sweep, "EDGE_CHUNK", 4096)
    net = random_net(5, 18, 9)
    regions_store(random_net(3, 4, 1), progress=False)  # imports and caches outside the measurement
    tracemalloc.start()
    try:
        store = regions_store(net, progress=False, method="sweep")
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(store) == 12_616
    assert len(store.edge_groups) == 57_852
    assert peak / len(store) <= BYTES_PER_REGION, f"{peak / len(store):.0f} bytes a region at the peak"
    assert held / len(store) <= BYTES_PER_REGION / 2, f"{held / len(store):.0f} bytes a region held"
