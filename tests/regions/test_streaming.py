"""Tests for reluexact.regions.streaming: batches while the engine runs, the same regions as regions()."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.model import TwoLayerReLU
from reluexact.regions import iter_regions, regions
from reluexact.regions.arrangements import arrangement
from reluexact.regions.store import regions_store
from reluexact.regions.streaming import iter_batches, result_batches, stream_arrangement
from tests.regions.oracles import check_region_points, random_degenerate_net, random_net
from tests.strategies import arrangement_cases, networks


def _collect(net, domain=None, **options):
    batches = []
    summary = stream_arrangement(arrangement(net, domain=domain), batches.append, **options)
    return summary, batches


def _flat(batches):
    patterns = [p for b in batches for p in b.patterns]
    points = [q for b in batches for q in b.points]
    edges = [e for b in batches for e in b.edges]
    sides = [s for b in batches for s in b.sides]
    return patterns, points, edges, sides


def _same_as_result(result, summary, batches):
    """The batches hold exactly the result: ids in order, points, edges (ends, group, point), side facets."""
    patterns, points, edges, sides = _flat(batches)
    assert patterns == [r.pattern for r in result]
    assert points == [r.flint_point for r in result]
    assert edges == [(e.a, e.b, e.group, e.flint_point) for e in result.edges]
    labels = [h.label for h in result.arrangement.sides]
    want_sides = sorted((r.id, f.label, f.flint_point) for r in result for f in r.facets or () if f.kind == "side")
    assert sorted((r, labels[s], q) for r, s, q in sides) == want_sides
    assert summary.regions == len(result)
    assert summary.edges == len(result.edges)
    assert summary.complete == result.complete
    # ids are consecutive and each batch starts where the last one ended
    starts = [b.start for b in batches if len(b)]
    assert starts == sorted(starts)
    assert all(b.start + len(b) <= len(result) for b in batches)


@pytest.mark.parametrize(
    ("net", "box"),
    [
        (random_net(2, 25, 1), None),
        (random_degenerate_net(2, 9, 3), "-1,1"),
        (random_net(3, 10, 2), None),
        (random_degenerate_net(3, 8, 4), "0,2"),
        (random_net(4, 9, 5), "-1,1"),
        (TwoLayerReLU([[1, 0], [1, 0], [0, 0]], [0, 0, 1], [[1, 1, 1]], [0]), None),  # duplicate and constant units
        (TwoLayerReLU([[0, 0]], [1], [[1]], [0]), None),  # no hyperplane: one region by an exact LP
    ],
)
@pytest.mark.parametrize("batch_size", [1, 3, 4096])
def test_stream_equals_the_lattice_result(net, box, batch_size):
    result = regions(net, domain=box, method="lattice")
    summary, batches = _collect(net, box, method="lattice", batch_size=batch_size)
    _same_as_result(result, summary, batches)
    assert summary.certificate.regions == result.certificate.regions
    assert summary.certificate.facets == result.certificate.facets
    if batch_size == 1:
        assert max(len(b) for b in batches) == 1


@settings(max_examples=40, deadline=None)
@given(case=arrangement_cases(d=st.integers(1, 3), n=st.integers(0, 6)), batch_size=st.integers(1, 6))
def test_stream_property_random_and_degenerate(case, batch_size):
    net, box = case
    result = regions(net, domain=box, method="lattice")
    summary, batches = _collect(net, box, method="lattice", batch_size=batch_size)
    _same_as_result(result, summary, batches)


@settings(max_examples=40, deadline=None)
@given(
    net=networks(d=st.integers(1, 3), n=st.integers(0, 6)),
    boxed=st.booleans(),
    method=st.sampled_from(["auto", "lattice", "walk"]),
)
def test_iter_regions_yields_the_set_of_regions(net, boxed, method):
    box = "-2,3" if boxed else None
    full = regions(net, domain=box, method=method)
    got = list(iter_regions(net, domain=box, method=method, progress=False, batch_size=2))
    assert sorted(r.pattern for r in got) == sorted(r.pattern for r in full)
    assert sorted(r.id for r in got) == list(range(len(full)))
    check_region_points(net, regions(net, domain=box, method="lattice"))
    for r in got:  # each yielded point certified: strictly inside the region with its pattern
        assert full.region_with_pattern(r.pattern).affine_map == r.affine_map
    if method != "walk":  # the lattice's ids (the planar path gives its result)
        assert [(r.id, r.pattern, r.point) for r in got] == [(r.id, r.pattern, r.point) for r in full]


def test_partial_stream_equals_the_partial_result():
    net = random_net(3, 10, 6)
    result = regions(net, max_regions=40, method="lattice")
    summary, batches = _collect(net, max_regions=40, method="lattice", batch_size=7)
    assert not summary.complete
    _same_as_result(result, summary, batches)


class _Planes:
    """A stand-in for a tqdm bar: counts the planes the engine has walked."""

    def __init__(self):
        self.walked = 0
        self.total = None

    def reset(self, total):
        self.total = total

    def set_description(self, text):
        pass

    def update(self, count):
        self.walked += count


def test_first_batch_comes_before_the_engine_finished():
    net = random_net(3, 14, 8)
    planes = _Planes()
    when = []

    def on_batch(batch):
        if len(batch) and not when:
            when.append(planes.walked)

    summary = stream_arrangement(arrangement(net), on_batch, progress=planes, method="lattice", batch_size=16)
    assert summary.complete
    assert summary.regions == len(regions(net))
    assert planes.walked == planes.total == 14
    assert when
    assert when[0] < planes.total // 2  # handed out after a few planes, long before the last


def test_iter_regions_yields_its_first_region_before_the_engine_finished():
    net = random_net(3, 14, 9)
    planes = _Planes()
    stream = iter_regions(net, progress=planes, method="lattice", batch_size=4)
    first = next(stream)
    walked = planes.walked  # the engine waits: at most two batches ahead of the consumer
    assert first.id == 0
    assert walked < planes.total
    rest = list(stream)
    assert planes.walked == planes.total
    assert len(rest) + 1 == len(regions(net))


def test_closing_the_generator_stops_the_engine():
    net = random_net(3, 14, 10)
    planes = _Planes()
    stream = iter_batches(arrangement(net), progress=planes, method="lattice", batch_size=2)
    next(stream)
    stream.close()  # joins the engine's thread
    assert planes.walked < planes.total


def test_errors_in_the_engine_reach_the_consumer():
    from reluexact.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="method"):
        list(iter_batches(arrangement(random_net(2, 3, 1)), method="nope"))


def test_result_batches_replay_a_result():
    result = regions(random_degenerate_net(2, 7, 11), domain="-1,1")
    batches = []
    summary = result_batches(result, batches.append, batch_size=3)
    _same_as_result(result, summary, batches)


@settings(max_examples=25, deadline=None)
@given(case=arrangement_cases(d=st.integers(1, 3), n=st.integers(0, 5)))
def test_regions_store_round_trips_to_the_lattice_result(case):
    net, box = case
    result = regions(net, domain=box, method="lattice")
    back = regions_store(net, domain=box, method="lattice", progress=False).to_result()
    assert back.regions == result.regions  # ids, patterns, points, facets (with their points)
    assert back.edges == result.edges
    assert back.by_pattern == result.by_pattern
    assert [r.affine_map for r in back] == [r.affine_map for r in result]
