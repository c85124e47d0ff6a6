"""The lazy result: LazyTuple semantics, and ResultColumns' objects against an independent locator.

Each region built on demand from the certified columns is checked against the region that
``region_containing_point(net, point)`` computes from the network alone (its own facet
certification, no columns): same pattern, same affine map, same facet labels. One region built
alone, all built at once and a store round trip agree.
"""

from __future__ import annotations

import pickle
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.regions import regions
from reluexact.regions.location import region_containing_point
from reluexact.regions.store import RegionStore
from reluexact.regions.types import LazyTuple
from tests.strategies import examples, networks


def test_lazy_tuple_reads_like_a_tuple():
    built: list[int] = []

    def one(k: int) -> int:
        built.append(k)
        return 10 * k

    lazy = LazyTuple(5, one)
    assert len(lazy) == 5
    assert built == []
    assert lazy[-1] == 40
    assert lazy[1:4] == (10, 20, 30)
    assert lazy[::-2] == (40, 20, 0)
    assert built == [4, 1, 2, 3, 0]
    assert lazy[2] == 20
    assert built == [4, 1, 2, 3, 0]  # kept, not rebuilt
    for bad in (5, -6):
        with pytest.raises(IndexError):
            lazy[bad]
    assert lazy == (0, 10, 20, 30, 40)
    assert lazy != (0, 10, 20, 30)
    assert lazy == LazyTuple(5, lambda k: 10 * k)
    assert 30 in lazy
    assert lazy.index(30) == 3
    assert list(reversed(lazy)) == [40, 30, 20, 10, 0]
    assert (-1,) + lazy == (-1, 0, 10, 20, 30, 40)  # noqa: RUF005 (LazyTuple.__radd__)
    assert lazy + (50,) == (0, 10, 20, 30, 40, 50)  # noqa: RUF005 (LazyTuple.__add__)
    back = pickle.loads(pickle.dumps(lazy))
    assert type(back) is tuple
    assert back == (0, 10, 20, 30, 40)
    with pytest.raises(TypeError):
        hash(lazy)


def test_lazy_tuple_build_all_used_only_when_nothing_is_built():
    calls: list[str] = []
    lazy = LazyTuple(3, lambda k: calls.append(f"one {k}") or k, lambda: calls.append("all") or [0, 1, 2])
    assert list(lazy) == [0, 1, 2]
    assert calls == ["all"]
    calls.clear()
    partly = LazyTuple(3, lambda k: calls.append(f"one {k}") or k, lambda: calls.append("all") or [0, 1, 2])
    assert partly[1] == 1
    assert tuple(partly) == (0, 1, 2)
    assert calls == ["one 1", "one 0", "one 2"]
    assert repr(partly) == "LazyTuple(3 items, 3 built)"


def test_lazy_tuple_builds_each_item_once_across_threads():
    counts = [0] * 200
    barrier = threading.Barrier(8)

    def one(k: int) -> tuple[int]:
        counts[k] += 1
        return (k,)

    lazy = LazyTuple(200, one)
    seen: list[list[tuple[int]]] = []

    def reader() -> None:
        barrier.wait()
        seen.append([lazy[k] for k in range(200)])

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counts == [1] * 200
    assert all(all(a is b for a, b in zip(s, seen[0], strict=True)) for s in seen)  # the same objects


@settings(max_examples=examples(25), deadline=None)
@given(net=networks(d=st.integers(1, 3), n=st.integers(1, 5), degenerate=False), boxed=st.booleans())
def test_regions_on_demand_equal_the_located_ones(net, boxed):
    domain = ";".join(["-3,3"] * net.input_dim) if boxed else None
    result = regions(net, domain=domain)
    columns = result.columns
    assert columns is not None
    alone = [columns.region(k) for k in range(len(columns))]
    assert alone == columns.all_regions() == list(result.regions)
    assert [columns.edge(e) for e in range(len(result.edges))] == columns.all_edges() == list(result.edges)
    assert RegionStore.from_result(result).to_result() == result
    for region in alone:
        located = region_containing_point(net, region.point, domain=domain)
        assert located.pattern == region.pattern
        assert located.affine_map == region.affine_map
        assert sorted(f.label for f in located.facets) == sorted(f.label for f in region.facets)
    for bad in (len(columns), -1):
        with pytest.raises(IndexError, match="out of range"):
            columns.region(bad)
    with pytest.raises(IndexError, match="out of range"):
        columns.edge(len(result.edges))


@settings(max_examples=examples(20), deadline=None)
@given(net=networks(d=st.integers(1, 3), n=st.integers(1, 5), degenerate=False), boxed=st.booleans())
def test_columns_given_as_arrays_build_the_same_result(net, boxed):
    # int64 edge columns and affine rows left to be made from AffineIntegers.prod (a distributed driver's
    # join): the same regions, facets, edges and rows as the lists, and lists (Python ints) when read
    import numpy as np

    from reluexact.regions.columns import ResultColumns, result_from_columns

    domain = ";".join(["-3,3"] * net.input_dim) if boxed else None
    result = regions(net, domain=domain)
    cols = result.columns
    assert cols is not None
    arrays = ResultColumns(
        cols.arrangement,
        cols.patterns,
        cols.points,
        np.array(cols.edge_a, dtype=np.int64),
        np.array(cols.edge_b, dtype=np.int64),
        np.array(cols.edge_groups, dtype=np.int64),
        cols.edge_points,
        cols.sides,
        cols.complete,
        (None, cols.affine_integers),
    )
    again = result_from_columns(arrays, result.certificate)
    assert [arrays.region(k) for k in range(len(arrays))] == list(result.regions)
    assert again == result
    assert arrays.rows == cols.rows
    for column in (arrays.edge_a, arrays.edge_b, arrays.edge_groups, *arrays.rows):
        assert type(column) is list
        assert all(type(v) is int for v in column)
    assert all(type(f.neighbor) is int for r in again.regions for f in r.facets if f.neighbor is not None)
