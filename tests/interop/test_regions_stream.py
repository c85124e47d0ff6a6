"""Tests for reluexact.interop.regions_stream: every streaming output re-reads to the in-memory result, exactly."""

from __future__ import annotations

import contextlib
import io
import json
from fractions import Fraction

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument
from reluexact.interop.regions_json import regions_to_json
from reluexact.interop.regions_stream import (
    read_regions_jsonl,
    read_regions_parquet,
    write_regions_graphml,
    write_regions_json,
    write_regions_jsonl,
    write_regions_parquet,
)
from reluexact.rational import to_fraction
from reluexact.regions import adjacency_graph, regions
from tests.regions.oracles import random_degenerate_net, random_net
from tests.strategies import networks


def _q(values):
    return tuple(to_fraction(v) for v in values)


def _expected(result):
    """The exact content from the objects themselves (Region, Facet, networkx graph): the oracle."""
    regs = []
    for r in result:
        facets = []
        for f in r.facets or ():
            facets.extend(f.units) if f.kind == "hyperplane" else facets.append(f.label)
        regs.append((r.id, r.pattern, r.point, r.gradient, r.offset, tuple(facets)))
    G = adjacency_graph(result)
    edges = sorted((a, b, tuple(data["units"]), data["point"], data["jump"]) for a, b, data in G.edges(data=True))
    return regs, edges


def _read_back(doc):
    regs = [
        (
            r["id"],
            r["pattern"],
            _q(r["point"]),
            tuple(_q(row) for row in r["gradient"]),
            _q(r["offset"]),
            tuple(r["facets"]),
        )
        for r in doc["regions"]
    ]
    edges = sorted(
        (e["a"], e["b"], tuple(e["units"]), _q(e["point"]), tuple(_q(row) for row in e["jump"])) for e in doc["edges"]
    )
    return regs, edges


def _graphml_back(path):
    H = nx.read_graphml(path)
    regs = []
    for v in sorted(H.nodes, key=int):
        data = H.nodes[v]
        regs.append(
            (
                int(v),
                data["pattern"],
                _q(data["point"].split(",")),
                tuple(_q(row.split(",")) for row in data["gradient"].split(";")),
                _q(data["offset"].split(",")),
            )
        )
    edges = []
    for a, b, data in H.edges(data=True):
        a, b = sorted((int(a), int(b)))
        units = tuple(int(u) for u in data["units"].split(","))
        jump = tuple(_q(row.split(",")) for row in data["jump"].split(";"))
        edges.append((a, b, units, _q(data["point"].split(",")), jump))
    return regs, sorted(edges), H.graph["complete"]


CASES = [(1, 4, 1, None), (2, 7, 2, "-1,1"), (3, 6, 3, None), (2, 9, 4, "0,2")]


@pytest.mark.parametrize(("d", "n", "seed", "box"), CASES)
def test_jsonl_and_parquet_reread_equal_the_result(tmp_path, d, n, seed, box):
    result = regions(random_degenerate_net(d, n, seed, m=2), domain=box)
    want = _expected(result)
    write_regions_jsonl(result, tmp_path / "r.jsonl")
    doc = read_regions_jsonl(tmp_path / "r.jsonl")
    assert doc["complete"] is True
    assert doc["header"]["d"] == d
    assert _read_back(doc) == want
    pytest.importorskip("pyarrow")
    write_regions_parquet(result, tmp_path / "pq")
    assert _read_back(read_regions_parquet(tmp_path / "pq")) == want


@settings(max_examples=20, deadline=None)
@given(net=networks(d=st.integers(1, 3), n=st.integers(0, 5), m=st.integers(1, 2)), boxed=st.booleans())
def test_every_format_rereads_exactly(tmp_path_factory, net, boxed):
    tmp = tmp_path_factory.mktemp("out")
    result = regions(net, domain="-1,2" if boxed else None)
    regs, edges = _expected(result)
    write_regions_jsonl(result, tmp / "r.jsonl")
    assert _read_back(read_regions_jsonl(tmp / "r.jsonl")) == (regs, edges)
    write_regions_graphml(result, tmp / "g.graphml")
    assert _graphml_back(tmp / "g.graphml") == ([r[:5] for r in regs], edges, True)
    out = io.StringIO()
    write_regions_json(result, out)
    assert json.loads(out.getvalue()) == regions_to_json(result)


def test_large_integers_and_partial_results(tmp_path):
    big = 10**30
    net = random_net(2, 6, 8, lo=-big, hi=big)
    result = regions(net, max_regions=7)
    assert result.partial
    write_regions_jsonl(result, tmp_path / "r.jsonl")
    doc = read_regions_jsonl(tmp_path / "r.jsonl")
    assert doc["complete"] is False
    assert _read_back(doc) == _expected(result)
    assert any(len(v) > 30 for r in doc["regions"] for v in r["point"])  # the big numbers survived as text
    write_regions_graphml(result, tmp_path / "g.graphml")
    assert _graphml_back(tmp_path / "g.graphml")[2] is False


def test_cut_short_jsonl_is_refused(tmp_path):
    result = regions(random_net(2, 5, 9))
    path = tmp_path / "r.jsonl"
    write_regions_jsonl(result, path)
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-2]) + "\n")
    with pytest.raises(InvalidArgument, match="cut short"):
        read_regions_jsonl(path)
    path.write_text('{"type": "region"}\n')
    with pytest.raises(InvalidArgument, match="not a"):
        read_regions_jsonl(path)


def test_parquet_refuses_a_file_as_folder(tmp_path):
    pytest.importorskip("pyarrow")
    (tmp_path / "f").write_text("x")
    with pytest.raises(InvalidArgument, match="folder"):
        write_regions_parquet(regions(random_net(1, 2, 1)), tmp_path / "f")


def test_fraction_offsets_outside_the_common_denominator(tmp_path):
    # an output bias whose denominator does not divide L takes the Fraction path of the writer
    from reluexact.model import TwoLayerReLU

    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 2]], [Fraction(1, 7)])
    result = regions(net)
    write_regions_jsonl(result, tmp_path / "r.jsonl")
    assert _read_back(read_regions_jsonl(tmp_path / "r.jsonl")) == _expected(result)


def _stream_into(kind, target, net, box, batch_size, **options):
    from reluexact.interop.regions_stream import open_regions_writer
    from reluexact.regions.arrangements import arrangement
    from reluexact.regions.streaming import stream_arrangement

    arr = arrangement(net, domain=box)
    with open_regions_writer(kind, target, arr) as writer:
        writer.finish(stream_arrangement(arr, writer, batch_size=batch_size, method="lattice", **options))


@pytest.mark.parametrize(("d", "n", "seed", "box"), CASES)
@pytest.mark.parametrize("batch_size", [1, 5])
def test_streamed_from_the_engine_rereads_equal_the_result(tmp_path, d, n, seed, box, batch_size):
    # written batch by batch while the engine runs (edges interleaved with later regions' lines)
    net = random_degenerate_net(d, n, seed, m=2)
    result = regions(net, domain=box, method="lattice")
    want = _expected(result)
    _stream_into("jsonl", tmp_path / "r.jsonl", net, box, batch_size)
    doc = read_regions_jsonl(tmp_path / "r.jsonl")
    assert doc["complete"] is True
    assert doc["header"]["version"] == 2
    assert _read_back(doc) == want
    _stream_into("graphml", tmp_path / "g.graphml", net, box, batch_size)
    assert _graphml_back(tmp_path / "g.graphml") == ([r[:5] for r in want[0]], want[1], True)
    pytest.importorskip("pyarrow")
    _stream_into("parquet", tmp_path / "pq", net, box, batch_size)
    back = read_regions_parquet(tmp_path / "pq")
    assert _read_back(back) == want
    assert back["sides"] == doc["sides"]


@settings(max_examples=20, deadline=None)
@given(net=networks(d=st.integers(1, 3), n=st.integers(0, 5), m=st.integers(1, 2)), boxed=st.booleans())
def test_streamed_jsonl_property(tmp_path_factory, net, boxed):
    tmp = tmp_path_factory.mktemp("s")
    box = "-1,2" if boxed else None
    result = regions(net, domain=box, method="lattice")
    _stream_into("jsonl", tmp / "r.jsonl", net, box, 2)
    assert _read_back(read_regions_jsonl(tmp / "r.jsonl")) == _expected(result)


def test_streamed_partial_result_rereads_equal_the_partial_result(tmp_path):
    net = random_net(3, 9, 12)
    result = regions(net, max_regions=30, method="lattice")
    _stream_into("jsonl", tmp_path / "r.jsonl", net, None, 4, max_regions=30)
    doc = read_regions_jsonl(tmp_path / "r.jsonl")
    assert doc["complete"] is False
    assert _read_back(doc) == _expected(result)


def test_a_stream_not_finished_leaves_no_file(tmp_path):
    from reluexact.interop.regions_stream import open_regions_writer
    from reluexact.regions.arrangements import arrangement

    arr = arrangement(random_net(2, 3, 1))
    with pytest.raises(InvalidArgument, match="not finished"), open_regions_writer("jsonl", tmp_path / "r.jsonl", arr):
        pass
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InvalidArgument, match="unknown streaming output"), open_regions_writer("csv", tmp_path, arr):
        pass


@settings(max_examples=25, deadline=None)
@given(
    net=networks(d=st.integers(1, 3), n=st.integers(0, 5), m=st.integers(1, 2)),
    domain=st.sampled_from([None, "-1,2", "polytope"]),
)
def test_json_lines_text_is_json_dumps_of_the_records(net, domain):
    # the directly formatted lines equal json.dumps of the dict records (the independent encoder)
    from reluexact.domain import Polytope
    from reluexact.interop.regions_stream import BatchRecords
    from reluexact.regions.arrangements import arrangement
    from reluexact.regions.streaming import stream_arrangement

    d = net.input_dim
    if domain == "polytope":  # a simplex whose side labels need escaping in JSON
        rows = [[-1] * d] + [[1 if j == i else 0 for j in range(d)] for i in range(d)]
        labels = ['top "cut"'] + [f"x{i} \\ ≥ -1" for i in range(d)]
        domain = Polytope(rows, [1] * (d + 1), labels)
    arr = arrangement(net, domain=domain)
    batches = []
    stream_arrangement(arr, batches.append, batch_size=2, method="lattice")
    records = BatchRecords(arr)
    for batch in batches:
        want = [{"type": "region", **r} for r in records.regions(batch)]
        want += [{"type": "edge", **e} for e in records.edges(batch)]
        want += [{"type": "side", **s} for s in records.sides(batch)]
        assert records.jsonl_lines(batch) == [json.dumps(w, ensure_ascii=False, separators=(",", ":")) for w in want]


@pytest.mark.parametrize(("d", "n", "seed", "box"), CASES)
def test_json_document_equals_regions_to_json_also_renumbered(d, n, seed, box):
    from reluexact.regions.distributed import canonical

    result = regions(random_degenerate_net(d, n, seed, m=2), domain=box)
    for res in (result, canonical(result)):  # canonical: no columns, facets in the regions' own order
        out = io.StringIO()
        write_regions_json(res, out)
        assert json.loads(out.getvalue()) == regions_to_json(res)


def test_canonical_drops_the_columns_of_the_old_order():
    # the columns of the result it renumbers are in the old order: a store made from it must not use them
    from reluexact.regions.distributed import canonical
    from reluexact.regions.store import RegionStore

    result = regions(random_degenerate_net(2, 7, 2, m=1), domain="-1,1")
    renumbered = canonical(result)
    assert renumbered.columns is None
    assert [r.pattern for r in renumbered.regions] != list(result.columns.patterns)
    back = RegionStore.from_result(renumbered).to_result()
    assert back.regions == renumbered.regions
    assert back.edges == renumbered.edges


def test_writers_sharing_records_write_what_each_writes_alone(tmp_path):
    from reluexact.interop.regions_stream import BatchRecords, open_regions_writer
    from reluexact.regions.arrangements import arrangement
    from reluexact.regions.streaming import stream_arrangement

    net = random_degenerate_net(2, 8, 5, m=2)
    arr = arrangement(net, domain="-1,1")
    alone = {}
    for kind in ("jsonl", "graphml", "json"):
        with open_regions_writer(kind, tmp_path / f"alone.{kind}", arr) as writer:
            writer.finish(stream_arrangement(arr, writer, batch_size=3, method="lattice"))
        alone[kind] = (tmp_path / f"alone.{kind}").read_text()
    records = BatchRecords(arr)
    with contextlib.ExitStack() as stack:
        writers = [
            stack.enter_context(open_regions_writer(kind, tmp_path / f"shared.{kind}", arr, records=records))
            for kind in ("jsonl", "graphml", "json")
        ]

        def each(batch):
            for writer in writers:
                writer(batch)

        summary = stream_arrangement(arr, each, batch_size=3, method="lattice")
        for writer in writers:
            writer.finish(summary)
    for kind in ("jsonl", "graphml", "json"):
        assert (tmp_path / f"shared.{kind}").read_text() == alone[kind]
    assert json.loads(alone["json"]) == regions_to_json(regions(net, domain="-1,1", method="lattice"))
