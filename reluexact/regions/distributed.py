"""Region enumeration split across a Dask cluster by sub-boxes.

The box is cut into a grid of sub-boxes; each Dask task enumerates the regions
of the network inside its sub-box (the serial engine), and the main process
merges them. Merging is exact and simple because a region is convex: the
pieces of one region in several sub-boxes share its activation pattern, so
regions are united by pattern; a facet on a unit hyperplane shows up in every
sub-box it crosses and is kept once; a sub-box side is a facet of the whole
domain only if it lies on a side of the box. The cuts avoid every axis-parallel
unit hyperplane (otherwise a facet could hide inside a cut). The merged result is
then re-certified in the main process against the whole domain (every interior
and facet point checked exactly against every hyperplane and side), and the
affine maps are computed there.

Needs the ``[dist]`` extra (``dask[distributed]``).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])
>>> merged = regions_distributed(net, domain="-2,2;-2,2", split=2, client="serial")
>>> len(merged), len(merged.edges)
(7, 9)
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction
from typing import Any

import flint

from reluexact.domain import Box, DomainLike
from reluexact.errors import InvalidArgument, MissingDependencyError
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction
from reluexact.regions.arrangements import Arrangement, arrangement
from reluexact.regions.enumeration import assemble, enumerate_arrangement
from reluexact.regions.types import RegionsResult

__all__ = ["regions_distributed", "split_box"]


def split_box(
    box: tuple[tuple[Fraction, Fraction], ...], split: Any, avoid: list[set[Fraction]] | None = None
) -> list[tuple[tuple[Fraction, Fraction], ...]]:
    """Cut a box into a grid of sub-boxes, ``split`` pieces per axis (int or one int per axis).

    Cut positions avoid the values in ``avoid[j]`` (axis-parallel hyperplanes x_j = value).

    Examples
    --------
    >>> split_box(((Fraction(0), Fraction(1)),), 2)
    [((Fraction(0, 1), Fraction(1, 2)),), ((Fraction(1, 2), Fraction(1, 1)),)]
    >>> split_box(((Fraction(0), Fraction(1)),), 2, [{Fraction(1, 2)}])[0]
    ((Fraction(0, 1), Fraction(65, 128)),)
    """
    d = len(box)
    counts = [split] * d if isinstance(split, int) else list(split)
    if len(counts) != d or any(not isinstance(k, int) or k < 1 for k in counts):
        raise InvalidArgument(f"split must be a positive int or {d} positive ints, got {split!r}")
    axes = []
    for j, ((lo, hi), k) in enumerate(zip(box, counts, strict=True)):
        cuts = [lo]
        for t in range(1, k):
            c = lo + (hi - lo) * Fraction(t, k)
            bad = avoid[j] if avoid else set()
            step = (hi - lo) / (64 * k)
            while c in bad:
                c += step
                step /= 2
            cuts.append(c)
        cuts.append(hi)
        axes.append([(cuts[i], cuts[i + 1]) for i in range(k)])
    return [tuple(cell) for cell in itertools.product(*axes)]


def _task(payload: dict[str, Any]) -> dict[str, Any]:
    """Enumerate one sub-box; return what the merge needs, as strings (picklable, exact)."""
    net = TwoLayerReLU(payload["W"], payload["b"], payload["A"], payload["c"])
    sub = [(Fraction(lo), Fraction(hi)) for lo, hi in payload["box"]]
    outer = [(Fraction(lo), Fraction(hi)) for lo, hi in payload["outer"]]
    res = enumerate_arrangement(arrangement(net, domain=sub), max_regions=None, time_limit=None, progress=False)
    G = len(res.arrangement.groups)
    gbit = {grp.unit_indices: g for g, grp in enumerate(res.arrangement.groups)}

    def gmask(r: Any) -> int:
        mask = 0
        for g, grp in enumerate(res.arrangement.groups):
            i, s = grp.units[0]
            if (r.pattern[i] == "1") == (s > 0):
                mask |= 1 << g
        return mask

    masks = [gmask(r) for r in res.regions]
    regs = [(masks[r.id], [format_fraction(v) for v in r.point]) for r in res.regions]
    edges = []
    for e in res.edges:
        edges.append((gbit[e.units], masks[e.a], masks[e.b], [format_fraction(v) for v in e.point]))
    sides = []
    for r in res.regions:
        for f in r.facets or ():  # enumerated regions always carry their facets and facet points
            if f.kind != "side" or f.point is None:
                continue
            _, axis, which = f.label.split(":")
            k = int(axis)
            if (which == "lo" and sub[k][0] == outer[k][0]) or (which == "hi" and sub[k][1] == outer[k][1]):
                sides.append((f.label, masks[r.id], [format_fraction(v) for v in f.point]))
    return {"regions": regs, "edges": edges, "sides": sides, "groups": G}


def regions_distributed(
    net: TwoLayerReLU,
    *,
    domain: DomainLike,
    split: Any = 2,
    client: Any = None,
    n_workers: int = 2,
) -> RegionsResult:
    """Enumerate the regions in a box on a Dask cluster, one task per sub-box; merge and re-certify.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : DomainLike
        A box (anything :func:`reluexact.domain.as_domain` reads as one); R^d and polytopes are
        not split.
    split : int or sequence of int
        Pieces per axis.
    client : dask.distributed.Client, "serial" or None
        ``None`` starts a local cluster (``n_workers`` processes, one thread each, no
        dashboard, loopback only) for this call and closes it; ``"serial"`` runs the
        tasks in this process (same merge, no Dask needed).
    n_workers : int

    Returns
    -------
    RegionsResult
        The same regions, facets and edges as :func:`~reluexact.regions.regions`
        on the whole box (ids may be ordered differently), certified against the whole box.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1]], [0], [[1]], [0])
    >>> sorted(r.pattern for r in regions_distributed(net, domain="-1,1;-1,1", split=3, client="serial"))
    ['0', '1']
    """
    start = time.monotonic()
    arr = arrangement(net, domain=domain)
    box = arr.domain
    if not isinstance(box, Box):
        raise InvalidArgument(
            f"regions_distributed splits a box, got the domain {box!r}: pass domain='lo,hi;...' or [(lo, hi), ...]"
        )
    d = net.input_dim
    avoid: list[set[Fraction]] = [set() for _ in range(d)]
    for grp in arr.groups:
        nz = [j for j, v in enumerate(grp.normal) if v != 0]
        if len(nz) == 1:
            avoid[nz[0]].add(Fraction(-grp.offset, grp.normal[nz[0]]))
    boxes = split_box(box.bounds, split, avoid)
    weights = {
        "W": [[format_fraction(v) for v in row] for row in net.hidden_weights],
        "b": [format_fraction(v) for v in net.hidden_bias],
        "A": [[format_fraction(v) for v in row] for row in net.output_weights],
        "c": [format_fraction(v) for v in net.output_bias],
        "outer": [[format_fraction(lo), format_fraction(hi)] for lo, hi in box.bounds],
    }
    payloads = [{**weights, "box": [[format_fraction(lo), format_fraction(hi)] for lo, hi in b]} for b in boxes]
    if client == "serial":
        outs = [_task(p) for p in payloads]
    else:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as error:
            raise MissingDependencyError('regions_distributed needs Dask: pip install "reluexact[dist]"') from error
        own = client is None
        cluster = None
        if own:
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=n_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            )
            client = Client(cluster)  # type: ignore[no-untyped-call]
        try:
            outs = client.gather(client.map(_task, payloads, pure=False))
        finally:
            if own:
                client.close()
                if cluster is not None:
                    cluster.close()
    return _merge(arr, outs, start)


def _merge(arr: Arrangement, outs: list[dict[str, Any]], start: float) -> RegionsResult:
    from reluexact.regions._engine import Engine

    G = len(arr.groups)
    planes = [(g.normal, g.offset) for g in arr.groups] + [(h.normal, h.offset) for h in arr.sides]
    engine = Engine(planes, G, arr.network.input_dim)
    side_bits = ((1 << len(planes)) - 1) ^ ((1 << G) - 1)
    label_index = {h.label: G + k for k, h in enumerate(arr.sides)}

    def q(point: list[str]) -> tuple[Any, ...]:
        return tuple(flint.fmpq(Fraction(v).numerator, Fraction(v).denominator) for v in point)

    found: dict[int, tuple[Any, ...]] = {}
    edges: dict[tuple[int, int, int], tuple[Any, ...]] = {}
    sides: dict[tuple[int, int], tuple[Any, ...]] = {}
    for out in outs:
        for gm, point in out["regions"]:
            found.setdefault(gm | side_bits, q(point))
        for g, ma, mb, point in out["edges"]:
            lo, hi = (ma, mb) if not (ma >> g) & 1 else (mb, ma)
            edges.setdefault((g, lo, hi), q(point))
        for label, gm, point in out["sides"]:
            sides.setdefault((label_index[label], gm), q(point))
    # planes containing each side's plane (unit hyperplanes lying on that side of the box)
    side_zero: dict[int, int] = {}
    for s in range(G, len(planes)):
        z = 1 << s
        for g in range(G):
            if planes[g] == planes[s] or planes[g] == (tuple(-v for v in planes[s][0]), -planes[s][1]):
                z |= 1 << g
        side_zero[s] = z
    edges_raw = [(g, lo | side_bits, hi | side_bits, pt, 1 << g) for (g, lo, hi), pt in edges.items()]
    sides_raw = [(s, gm | side_bits, pt, side_zero[s]) for (s, gm), pt in sides.items()]
    return assemble(
        arr,
        engine,
        found,
        edges_raw,
        sides_raw,
        True,
        None,
        start,
        method=f"dask-split({len(outs)} sub-boxes)+recertified",
    )
