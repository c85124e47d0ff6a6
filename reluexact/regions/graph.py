"""The region adjacency graph, with the continuity restriction checked on every edge.

Two regions are adjacent when they share a (d-1)-dimensional facet on a unit
hyperplane; their activation patterns then differ in exactly the units of that
hyperplane (coincident units flip together). Crossing H_i from the side where
unit i is inactive to the side where it is active changes the gradient of f by
exactly a_i w_i^T, the same everywhere along H_i (the *continuity
restriction* of a one-hidden-layer net). :func:`adjacency_graph` checks this
identity exactly on every edge and raises :class:`~reluexact.errors.CertificationError`
if it ever failed.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> net = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
>>> G = adjacency_graph(regions(net))
>>> G.number_of_nodes(), G.number_of_edges()
(7, 9)
>>> {G.edges[e]["jump"] for e in G.edges if G.edges[e]["units"] == (0,)} <= {((2, 4),), ((-2, -4),)}  # +-a_0 w_0^T
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from reluexact.errors import CertificationError
from reluexact.regions._engine import gc_paused
from reluexact.regions.affine import affine_integers, reduced_fraction
from reluexact.regions.types import RegionsResult

__all__ = ["adjacency_graph", "edge_jumps"]


def edge_jumps(result: RegionsResult, *, check: bool = True) -> tuple[Any, int]:
    """The gradient jumps of every edge as integers over one denominator, checked exactly.

    Returns ``(J, L)``: row ``k`` of ``J`` (E x m*d, k-major, int64 or Python ints) holds ``L``
    times the gradient of edge k's larger-id end minus that of its smaller-id end. With ``check``
    (default) every row is checked against the continuity restriction sum +-a_i w_i^T over the
    edge's units, and the patterns against the units (what :func:`adjacency_graph` checks),
    without building a graph.

    Raises
    ------
    CertificationError
        If a check fails (a bug).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> J, L = edge_jumps(regions(TwoLayerReLU([[1, 1]], [0], [["1/2"]], [0])))
    >>> J.tolist(), L
    ([[-1, -1]], 2)
    """
    net = result.network
    n, d, m = net.n_hidden, net.input_dim, net.output_dim
    regs = result.regions
    edges = result.edges
    aff = result.affine_integers
    if aff is None:
        aff = affine_integers(net, [r.pattern for r in regs])[1]
    E = len(edges)
    if E == 0:
        return np.zeros((0, m * d), dtype=np.int64), aff.L
    cols = [k * (d + 1) + j for k in range(m) for j in range(d)]
    lo = np.array([min(e.a, e.b) for e in edges], dtype=np.intp)
    hi = np.array([max(e.a, e.b) for e in edges], dtype=np.intp)
    prod = aff.prod
    got = prod[hi][:, cols] - prod[lo][:, cols]
    if check:
        # patterns as packed bits (R x n/8 bytes): the pattern difference of every edge is an XOR
        R = len(regs)
        pat = np.frombuffer("".join(r.pattern for r in regs).encode(), dtype=np.uint8).reshape(R, n) - ord("0")
        packed = np.packbits(pat, axis=1)
        diff = packed[lo] ^ packed[hi]
        sizes = np.fromiter((len(e.units) for e in edges), dtype=np.intp, count=E)
        which = np.repeat(np.arange(E, dtype=np.intp), sizes)  # (edge, unit) pairs, flattened
        unit = np.fromiter((i for e in edges for i in e.units), dtype=np.intp, count=int(sizes.sum()))
        want = np.zeros_like(diff)
        np.bitwise_or.at(want, (which, unit >> 3), (0x80 >> (unit & 7)).astype(np.uint8))
        if not np.array_equal(diff, want):
            k = int(np.nonzero((diff != want).any(axis=1))[0][0])
            raise CertificationError(
                f"edge {lo[k]}-{hi[k]}: the patterns do not differ in exactly the units {edges[k].units} of the "
                "crossed hyperplane"
            )
        # + where the unit is active at the larger-id end
        sign = 2 * pat[hi[which], unit].astype(np.int64) - 1
        Mcols = aff.Mint[:, cols]
        if aff.int64:
            expected = np.zeros((E, len(cols)), dtype=np.int64)
            np.add.at(expected, which, sign[:, None] * Mcols[unit])
            ok = np.array_equal(expected, got)
        else:
            ok = True
            sums = [[0] * len(cols) for _ in range(E)]
            for k, i, sg in zip(which.tolist(), unit.tolist(), sign.tolist(), strict=True):
                row = sums[k]
                for c in range(len(cols)):
                    row[c] += sg * int(Mcols[i, c])
            ok = all(list(got[k]) == sums[k] for k in range(E))
        if not ok:
            raise CertificationError(
                "an edge's gradient jump differs from sum a_i w_i^T over its units (continuity restriction "
                "violated; please report this with the model)"
            )
    return got, aff.L


def _continuity_jumps(result: RegionsResult, *, check: bool) -> list[tuple[tuple[Fraction, ...], ...]]:
    """Gradient jumps (larger id minus smaller id) of every edge as Fractions (see :func:`edge_jumps`)."""
    m, d = result.network.output_dim, result.network.input_dim
    got, L = edge_jumps(result, check=check)
    rows = got.tolist()
    return [tuple(tuple(reduced_fraction(int(row[k * d + j]), L) for j in range(d)) for k in range(m)) for row in rows]


def adjacency_graph(result: RegionsResult, *, check: bool = True) -> Any:
    """The region adjacency graph as a ``networkx.Graph``.

    Parameters
    ----------
    result : RegionsResult
        From :func:`~reluexact.regions.regions`.
    check : bool
        Check the continuity restriction exactly on every edge (default; cheap).

    Returns
    -------
    networkx.Graph
        Nodes are region ids with data ``region`` (the :class:`Region`), ``pattern``,
        ``point``, ``gradient`` and ``offset``. Edges carry ``units`` (the flipped
        units), ``group`` (the hyperplane group), ``point`` (a certified rational point
        in the relative interior of the shared facet) and ``jump`` (gradient of the
        edge's larger-id end minus that of the smaller-id end, m x d), which equals the
        sum of +-a_i w_i^T over the flipped units (+ where unit i is active at the
        larger-id end).

    Raises
    ------
    CertificationError
        If a gradient jump differs from the continuity restriction (a bug).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> G = adjacency_graph(regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])))
    >>> sorted(G.degree[v] for v in G)
    [2, 2, 2, 2]

    See Also
    --------
    reluexact.interop.regions_json.graph_to_json, reluexact.interop.regions_json.write_graphml
    """
    import networkx as nx

    # many small long-lived objects (node and edge dicts, Fractions): see gc_paused
    with gc_paused():
        return _adjacency_graph(nx, result, check=check)


def _adjacency_graph(nx: Any, result: RegionsResult, *, check: bool) -> Any:
    G = nx.Graph()
    regs = result.regions
    G.add_nodes_from(
        (r.id, {"region": r, "pattern": r.pattern, "point": r.point, "gradient": r.gradient, "offset": r.offset})
        for r in regs
    )
    jumps = _continuity_jumps(result, check=check)
    edges = []
    for e, jump in zip(result.edges, jumps, strict=True):
        a, b = (e.a, e.b) if e.a < e.b else (e.b, e.a)
        edges.append((a, b, {"units": e.units, "group": e.group, "point": e.point, "jump": jump}))
    G.add_edges_from(edges)
    G.graph["complete"] = result.complete
    G.graph["continuity_checked"] = bool(check)
    return G
