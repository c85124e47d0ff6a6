"""JSON and GraphML writers for regions, adjacency graphs and per-sample results (rationals as ``"p/q"``).

The algorithms (:mod:`reluexact.regions`) return exact values; this module turns them into
documents. Indices (regions, units, inputs) are 0-based, as in Python.
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any

from reluexact.rational import format_fraction
from reluexact.regions.families import coincident_hyperplanes
from reluexact.regions.types import LocateResult, Region, RegionsResult

__all__ = ["graph_to_json", "locate_to_json", "regions_to_json", "write_graph_json", "write_graphml"]


def _fmt_point(p: Any) -> list[str]:
    return [format_fraction(v) for v in p]


def _facet_labels(region: Region) -> list[Any]:
    out: list[Any] = []
    for f in region.facets or ():
        if f.kind == "hyperplane":
            out.extend(f.units)
        else:
            out.append(f.label)
    return out


def regions_to_json(result: RegionsResult) -> dict[str, Any]:
    """The regions and edges as a JSON document (rationals as ``"p/q"`` strings).

    Schema: ``{"regions": [{"id", "pattern", "point", "gradient", "offset", "facets"}],
    "edges": [{"a", "b", "units"}]}``; ``facets`` lists unit indices (hyperplane
    facets) and side labels such as ``"box:0:lo"``.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> doc = regions_to_json(regions(TwoLayerReLU([[1]], [0], [["1/2"]], [0]), domain="-1,1"))
    >>> doc["regions"][0]
    {'id': 0, 'pattern': '1', 'point': ['1/4'], 'gradient': [['1/2']], 'offset': ['0'], 'facets': [0, 'box:0:hi']}
    >>> doc["edges"]
    [{'a': 1, 'b': 0, 'units': [0]}]
    """
    regs = [
        {
            "id": r.id,
            "pattern": r.pattern,
            "point": _fmt_point(r.point),
            "gradient": [_fmt_point(row) for row in r.gradient],
            "offset": _fmt_point(r.offset),
            "facets": _facet_labels(r),
        }
        for r in result.regions
    ]
    edges = [{"a": e.a, "b": e.b, "units": list(e.units)} for e in result.edges]
    return {"regions": regs, "edges": edges}


def graph_to_json(graph: Any) -> dict[str, Any]:
    """An adjacency graph (:func:`~reluexact.regions.graph.adjacency_graph`) as JSON, exact data as strings.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> from reluexact.regions.graph import adjacency_graph
    >>> doc = graph_to_json(adjacency_graph(regions(TwoLayerReLU([[1]], [0], [[3]], [0]))))
    >>> doc["edges"]
    [{'a': 0, 'b': 1, 'units': [0], 'point': ['0'], 'jump': [['-3']]}]
    """
    nodes = [
        {
            "id": v,
            "pattern": data["pattern"],
            "point": _fmt_point(data["point"]),
            "gradient": [_fmt_point(row) for row in data["gradient"]],
            "offset": _fmt_point(data["offset"]),
        }
        for v, data in sorted(graph.nodes(data=True))
    ]
    edges = [
        {
            "a": a,
            "b": b,
            "units": list(data["units"]),
            "point": _fmt_point(data["point"]),
            "jump": [_fmt_point(row) for row in data["jump"]],
        }
        for a, b, data in sorted(graph.edges(data=True), key=lambda t: (t[0], t[1]))
    ]
    return {"nodes": nodes, "edges": edges}


def write_graph_json(graph: Any, path: str | os.PathLike[str]) -> None:
    """Write :func:`graph_to_json` to ``path`` atomically.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.json"
    >>> from reluexact.regions.graph import adjacency_graph
    >>> write_graph_json(adjacency_graph(regions(TwoLayerReLU([[1]], [0], [[1]], [0]))), path)
    >>> len(json.loads(path.read_text())["nodes"])
    2
    """
    import json

    from reluexact.atomic import write_text_atomic

    write_text_atomic(path, json.dumps(graph_to_json(graph), indent=1) + "\n")


def write_graphml(graph: Any, path: str | os.PathLike[str]) -> None:
    """Write the adjacency graph as GraphML (exact values as ``"p/q"`` strings), atomically.

    Node attributes: ``pattern``, ``point`` (comma-separated), ``gradient`` (rows
    separated by ``;``), ``offset``. Edge attributes: ``units``, ``point``, ``jump``.

    Examples
    --------
    >>> import networkx as nx, pathlib, tempfile
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> from reluexact.regions.graph import adjacency_graph
    >>> write_graphml(adjacency_graph(regions(TwoLayerReLU([[1, 1]], [0], [[1]], [0]))), path)
    >>> H = nx.read_graphml(path)
    >>> sorted(H.nodes[v]["pattern"] for v in H), H.edges["0", "1"]["jump"]
    (['0', '1'], '-1,-1')
    """
    import networkx as nx

    from reluexact.atomic import atomic_write

    def vec(p: Any) -> str:
        return ",".join(format_fraction(v) for v in p)

    def mat(rows: Any) -> str:
        return ";".join(vec(r) for r in rows)

    H = nx.Graph()
    for v, data in graph.nodes(data=True):
        H.add_node(
            v,
            pattern=data["pattern"],
            point=vec(data["point"]),
            gradient=mat(data["gradient"]),
            offset=vec(data["offset"]),
        )
    for a, b, data in graph.edges(data=True):
        H.add_edge(
            a, b, units=",".join(str(i) for i in data["units"]), point=vec(data["point"]), jump=mat(data["jump"])
        )
    with atomic_write(path, binary=True) as fh:
        nx.write_graphml(H, fh)


def locate_to_json(result: LocateResult, *, include_points: bool = True) -> dict[str, Any]:
    """The JSON document of a :class:`LocateResult` (rationals as ``"p/q"`` strings).

    ``{"points": [...], "regions": [{"id", "pattern", "point", "gradient", "offset", "facets",
    "n_points", "points"}], "edges": [{"a", "b", "units", "point", "jump"}], "facets_complete"}``; each point has
    ``index``, ``status``, ``region``, ``pattern``, ``boundary_units``, ``boundary_sides``,
    ``squared_distance`` (exact, ``"p/q"``), ``distance`` (float) and ``nearest``. Indices are
    0-based; a hyperplane is named by the smallest unit of its class of coincident units.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import locate
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> doc = locate_to_json(locate(net, [[1, 2], [-1, 2]]))
    >>> doc["points"][0]["squared_distance"], doc["regions"][1]["gradient"], doc["edges"]
    ('1', [['0', '1']], [{'a': 0, 'b': 1, 'units': [0], 'point': ['0', '2'], 'jump': [['-1', '0']]}])
    """
    ff = format_fraction
    classes = coincident_hyperplanes(result.net)

    def unit_label(label: str) -> int | str:  # "h:<g>" -> the smallest unit of class g
        return classes[int(label[2:])][0] if label.startswith("h:") else label

    def fmt_opt(q: Fraction | None) -> str | None:
        return None if q is None else ff(q)

    points = []
    for p in result.points:
        entry: dict[str, Any] = {
            "index": p.index,
            "status": p.status,
            "region": p.region,
            "pattern": p.pattern,
            "boundary_units": list(p.boundary_units),
            "boundary_sides": list(p.boundary_sides),
            "squared_distance": fmt_opt(p.squared_distance),
            "distance": p.distance_float,
            "nearest": list(p.nearest),
        }
        if include_points:
            entry["point"] = [ff(v) for v in p.point]
        points.append(entry)
    regions = []
    for k, region in enumerate(result.regions):
        item: dict[str, Any] = {
            "id": k,
            "pattern": region.pattern,
            "point": [ff(v) for v in region.point],
            "gradient": [[ff(v) for v in row] for row in region.gradient],
            "offset": [ff(v) for v in region.offset],
            "n_points": len(result.members[k]),
            "points": list(result.members[k]),
        }
        if region.facets is not None:
            item["facets"] = [unit_label(f.label) for f in region.facets]
            item["facet_certificates"] = [f.certificate for f in region.facets]
            item["redundant"] = [unit_label(v) for v in region.redundant]
            item["redundant_float"] = [unit_label(v) for v in region.redundant_float]
            item["undecided"] = [unit_label(v) for v in region.undecided]
        regions.append(item)
    edges = [
        {
            "a": a,
            "b": b,
            "units": list(data["units"]),
            "point": [ff(v) for v in data["point"]],
            "jump": [[ff(v) for v in row] for row in data["jump"]],
        }
        for a, b, data in sorted(result.graph.edges(data=True))
    ]
    return {"points": points, "regions": regions, "edges": edges, "facets_complete": result.facets_complete}
