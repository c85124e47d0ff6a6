"""Tests for reluexact.regions.distributed: a real 2-worker Dask LocalCluster against the serial result."""

from __future__ import annotations

from fractions import Fraction

import pytest

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import regions
from reluexact.regions.distributed import regions_distributed, split_box
from tests.regions.oracles import random_degenerate_net, random_net


def _summary(res):
    by_id = {r.id: r.pattern for r in res}
    regs = {
        r.pattern: (
            frozenset((f.kind, f.units if f.kind == "hyperplane" else f.label) for f in r.facets),
            r.gradient,
            r.offset,
        )
        for r in res
    }
    edges = {(frozenset((by_id[e.a], by_id[e.b])), e.units) for e in res.edges}
    return regs, edges


@pytest.mark.parametrize(
    ("net", "box", "split"),
    [
        (random_net(2, 12, seed=4, m=2), "-1,1;-1,1", 3),
        (random_degenerate_net(2, 8, seed=5), "-2,2;-1,3", (2, 3)),
        (random_degenerate_net(3, 6, seed=6), "-2,2;-2,2;-2,2", 2),
        # axis-parallel hyperplanes exactly on the naive cut positions x = 0 and y = 0
        (TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, Fraction(-1, 3)], [[1, -2, 3]], [0]), "-1,1;-1,1", 2),
    ],
)
def test_serial_merge_matches_serial_enumeration(net, box, split):
    assert _summary(regions_distributed(net, domain=box, split=split, client="serial")) == _summary(
        regions(net, domain=box)
    )


def test_real_local_cluster_two_workers():
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    net = random_net(2, 16, seed=11, m=1)
    box = "-1,1;-1,1"
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
        Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        merged = regions_distributed(net, domain=box, split=2, client=client)
    serial = regions(net, domain=box)
    assert _summary(merged) == _summary(serial)
    assert merged.complete
    assert merged.certificate.method.startswith("dask-split(4 sub-boxes)")


def test_split_errors():
    with pytest.raises(InvalidArgument, match="split"):
        split_box(((Fraction(0), Fraction(1)),), 0)
    with pytest.raises(InvalidArgument, match="box"):
        regions_distributed(random_net(2, 3, seed=1), domain=None, client="serial")
