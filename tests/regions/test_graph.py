"""Tests for reluexact.regions.graph: edges against facet LPs, continuity restriction, export."""

from __future__ import annotations

import json
from fractions import Fraction

import networkx as nx
import pytest

from reluexact.errors import CertificationError
from reluexact.interop.regions_json import graph_to_json, regions_to_json, write_graph_json, write_graphml
from reluexact.model import TwoLayerReLU
from reluexact.regions import regions
from reluexact.regions.graph import adjacency_graph
from tests.regions.oracles import distinct_hyperplanes, facet_by_lp, random_degenerate_net, random_net


def _region_rows(net, pattern, domain_sides):
    """The region of a pattern as strict rows (oriented unit rows + domain sides)."""
    rows = []
    for i, (w, b) in enumerate(zip(net.hidden_weights, net.hidden_bias, strict=True)):
        if all(v == 0 for v in w):
            continue
        s = 1 if pattern[i] == "1" else -1
        rows.append(([s * v for v in w], s * b))
    rows += [(list(n), Fraction(o)) for n, o in domain_sides]
    return rows


@pytest.mark.parametrize(("d", "seed", "box"), [(2, 1, None), (2, 2, (-1, 1)), (3, 3, None), (3, 4, (0, 2))])
def test_adjacency_matches_facet_lps(d, seed, box):
    net = random_degenerate_net(d, 6, seed)
    domain = None if box is None else [box] * d
    res = regions(net, domain=domain)
    G = adjacency_graph(res)
    sides = [(h.normal, h.offset) for h in res.arrangement.sides]
    hyper = distinct_hyperplanes(net)
    for r in res:
        rows = _region_rows(net, r.pattern, sides)
        # every distinct hyperplane: facet by LP  <=>  listed as a facet
        listed = {tuple(sorted(f.units)) for f in r.facets if f.kind == "hyperplane"}
        by_lp = set()
        unit_rows = set(range(len(rows) - len(sides)))
        for (normal, offset), members in hyper.items():
            if facet_by_lp(r, list(normal), offset, rows, skippable=unit_rows):
                by_lp.add(tuple(sorted(i for i, _ in members)))
        assert listed == by_lp
        # and the neighbours in the graph are exactly the regions across those facets
        assert {G.edges[r.id, v]["units"] for v in G.neighbors(r.id)} == listed
        sides_listed = {f.label for f in r.facets if f.kind == "side"}
        sides_lp = set()
        for k, ((normal, offset), label) in enumerate(
            zip(sides, [h.label for h in res.arrangement.sides], strict=True)
        ):
            if facet_by_lp(r, list(normal), offset, rows, skippable=unit_rows | {len(unit_rows) + k}):
                sides_lp.add(label)
        assert sides_listed == sides_lp


def test_continuity_restriction_on_every_edge_theory_example_4():
    # theory.md worked example 4: the jump across H_1 is (2, 4) at every point of H_1
    net = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
    G = adjacency_graph(regions(net))
    across_h1 = [(a, b, data) for a, b, data in G.edges(data=True) if data["units"] == (0,)]
    assert len(across_h1) == 3  # H_1 is cut into three pieces by the other two lines
    for a, b, data in across_h1:
        on = b if G.nodes[b]["pattern"][0] == "1" else a
        off = a if on == b else b
        jump = [G.nodes[on]["gradient"][0][j] - G.nodes[off]["gradient"][0][j] for j in range(2)]
        assert jump == [2, 4]
        x = data["point"]
        assert x[0] + 2 * x[1] + Fraction(3, 10) == 0  # the certified point is on H_1


def test_jump_formula_and_graph_shape_general_position():
    net = random_net(3, 10, seed=8, m=2)
    res = regions(net)
    G = adjacency_graph(res)
    assert nx.is_connected(G)
    assert G.number_of_edges() == len(res.edges)
    W, A = net.hidden_weights, net.output_weights
    for _a, b, data in G.edges(data=True):
        (i,) = data["units"]
        sign = 1 if G.nodes[b]["pattern"][i] == "1" else -1
        expected = tuple(tuple(sign * A[k][i] * w for w in W[i]) for k in range(2))
        assert data["jump"] == expected


def test_tampered_gradient_is_caught():
    res = regions(random_net(2, 4, seed=1))
    aff = res.affine_integers
    aff.prod[0, 0] += aff.L  # the integer form the check uses: region 0's gradient entry plus 1
    tampered = type(res)(res.arrangement, res.regions, res.edges, True, res.certificate, {}, aff)
    with pytest.raises(CertificationError, match="continuity"):
        adjacency_graph(tampered)


def test_exports(tmp_path):
    net = random_degenerate_net(2, 5, seed=3, m=2)
    res = regions(net, domain="-1,1;-1,1")
    G = adjacency_graph(res)
    write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml")
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    for v in G:
        assert H.nodes[str(v)]["pattern"] == G.nodes[v]["pattern"]
        pt = tuple(Fraction(s) for s in H.nodes[str(v)]["point"].split(","))
        assert pt == G.nodes[v]["point"]
    write_graph_json(G, tmp_path / "g.json")
    doc = json.loads((tmp_path / "g.json").read_text())
    assert doc == graph_to_json(G)
    assert {(e["a"], e["b"]) for e in doc["edges"]} == set(G.edges)
    rj = regions_to_json(res)
    assert set(rj) == {"regions", "edges"}
    for reg in rj["regions"]:
        assert set(reg) == {"id", "pattern", "point", "gradient", "offset", "facets"}
        assert all(isinstance(f, (int, str)) for f in reg["facets"])
