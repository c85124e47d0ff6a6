"""Fast exact writers for enumerated regions: JSON Lines, Parquet, JSON and GraphML, written in chunks.

The writers take certified batches of regions and facets (from the engine while it runs, or
from a computed :class:`~reluexact.regions.types.RegionsResult`) and turn their exact values into
``"p/q"`` strings straight from the integers they are kept as (the affine maps as integers over
one denominator, the points as python-flint rationals, the gradient jumps of the edges as the
continuity restriction over the crossed units), without building ``Fraction`` objects or a
networkx graph. Every file is written through :mod:`reluexact.atomic` (staged,
renamed into place only when complete).

Schemas (indices 0-based, exact numbers ``"p/q"`` strings, ``"p"`` for integers):

* region: ``id``, ``pattern``, ``point`` (d), ``gradient`` (m rows of d), ``offset`` (m), and
  when read back ``facets`` (unit indices of the hyperplane facets, then side labels such as
  ``"box:0:lo"``);
* edge (as in :func:`~reluexact.interop.regions_json.graph_to_json`): ``a < b`` region ids,
  ``units`` (the flipped units), ``point`` (a certified point of the shared facet), ``jump``
  (gradient of b minus gradient of a, m x d, checked against the continuity restriction).

Streaming: :func:`open_regions_writer` gives a writer to call with each certified batch of
:func:`reluexact.regions.streaming.stream_arrangement` (records from :class:`BatchRecords`), so
the output grows while the engine runs; the ``write_regions_*`` functions write a computed
result through the same writers. A region's facets are found after it, so they are written as
the edge and side records that follow it; the readers give each region its ``facets`` back.

JSON Lines (version 2): a header line ``{"type": "header", "format": "reluexact.regions.jsonl",
"version": 2, "d", "n", "m", "domain"}``, then batch by batch one ``{"type": "region", ...}`` line
per region (without ``facets``), one ``{"type": "edge", ...}`` line per edge and one ``{"type":
"side", "region", "label", "point"}`` line per facet on the domain boundary (an edge or side
always after its regions), and a trailer ``{"type": "end", "complete", "regions", "edges",
"sides"}``: a file without its trailer was cut short. Parquet (:func:`write_regions_parquet`): a
folder with ``regions.parquet``, ``edges.parquet`` and ``sides.parquet`` (unit indices as int64),
written in row groups, the header and trailer fields in the key-value metadata under
``reluexact``. :func:`read_regions_jsonl` and :func:`read_regions_parquet` also read version 1
(facets on the region records).

Examples
--------
>>> import pathlib, tempfile
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.regions import regions
>>> res = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, "1/2"]], [0]), domain="-1,1")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "r.jsonl"
>>> write_regions_jsonl(res, path)
>>> doc = read_regions_jsonl(path)
>>> doc["complete"], len(doc["regions"]), doc["regions"][0]["gradient"], doc["edges"][0]["jump"]
(True, 4, [['1', '0']], [['-1', '0']])
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import IO, Any

from reluexact.errors import InvalidArgument
from reluexact.rational import format_fraction
from reluexact.regions.affine import affine_constants, affine_integers, reduced_fraction
from reluexact.regions.arrangements import Arrangement
from reluexact.regions.enumeration import gc_paused
from reluexact.regions.graph import edge_jumps
from reluexact.regions.types import RegionsResult

__all__ = [
    "JSONL_FORMAT",
    "JSONL_VERSION",
    "BatchRecords",
    "StreamWriter",
    "edge_records",
    "open_regions_writer",
    "read_regions_jsonl",
    "read_regions_parquet",
    "region_records",
    "write_regions_graphml",
    "write_regions_json",
    "write_regions_jsonl",
    "write_regions_parquet",
]

#: The ``format`` field of a JSON Lines header.
JSONL_FORMAT = "reluexact.regions.jsonl"
#: The ``version`` of a JSON Lines header (1: region lines carried their facets; 2: edges and sides do).
JSONL_VERSION = 2
CHUNK = 8192

Progress = Callable[[int], None] | None


def _fraction_text(num: int, den: int) -> str:
    g = math.gcd(num, den)
    q = den // g
    if abs(num) < 2**64 and q < 2**64:  # str() of a short int (no digit limit involved)
        return str(num // g) if q == 1 else f"{num // g}/{q}"
    return format_fraction(reduced_fraction(num, den))


def _point_text(point: Any) -> list[str]:
    if point and type(point[0]).__name__ == "fmpq":
        return [str(v) for v in point]  # python-flint: "p/q" in lowest terms, "p" for integers
    return [format_fraction(v) for v in point]


def _affine(result: RegionsResult) -> tuple[Any, int, list[tuple[int, Any]]]:
    net = result.network
    aff = result.affine_integers
    if aff is None:
        aff = affine_integers(net, [r.pattern for r in result.regions])[1]
    return aff.prod, aff.L, affine_constants(net, aff.L)


def _map_texts(
    row: list[int], m: int, d: int, L: int, const: list[tuple[int, Any]]
) -> tuple[list[list[str]], list[str]]:
    """A region's affine map as text: its row of :func:`~reluexact.regions.affine.affine_integers` over ``L``."""
    ft = _fraction_text
    gradient = []
    offset = []
    for k in range(m):
        base = k * (d + 1)
        gradient.append([ft(v, L) for v in row[base : base + d]])
        num, frac = const[k]
        if frac is None:
            offset.append(ft(row[base + d] + num, L))
        else:
            offset.append(format_fraction(reduced_fraction(row[base + d], L) + frac))
    return gradient, offset


def region_records(result: RegionsResult, start: int = 0, stop: int | None = None) -> Iterator[dict[str, Any]]:
    """The regions ``start:stop`` of ``result`` as JSON-ready dicts (exact numbers as strings).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> next(region_records(regions(TwoLayerReLU([[1]], [0], [["1/2"]], [0]), domain="-1,1")))
    {'id': 0, 'pattern': '1', 'point': ['1/4'], 'gradient': [['1/2']], 'offset': ['0'], 'facets': [0, 'box:0:hi']}
    """
    net = result.network
    m, d = net.output_dim, net.input_dim
    prod, L, const = _affine(result)
    regs = result.regions
    stop = len(regs) if stop is None else min(stop, len(regs))
    for lo in range(start, stop, CHUNK):
        hi = min(lo + CHUNK, stop)
        rows = prod[lo:hi].tolist()  # Python ints (int64 or object arrays alike)
        for r, row in zip(regs[lo:hi], rows, strict=True):
            gradient, offset = _map_texts(row, m, d, L, const)
            facets: list[Any] = []
            for f in r.facets or ():
                if f.kind == "hyperplane":
                    facets.extend(f.units)
                else:
                    facets.append(f.label)
            yield {
                "id": r.id,
                "pattern": r.pattern,
                "point": _point_text(r.flint_point),
                "gradient": gradient,
                "offset": offset,
                "facets": facets,
            }


def edge_records(result: RegionsResult, *, check: bool = True) -> Iterator[dict[str, Any]]:
    """The edges of ``result`` as JSON-ready dicts, ``a < b``, with the point and the checked jump.

    The jumps are checked against the continuity restriction first (``check``, as
    :func:`~reluexact.regions.graph.adjacency_graph` does).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> list(edge_records(regions(TwoLayerReLU([[1]], [0], [[3]], [0]))))
    [{'a': 0, 'b': 1, 'units': [0], 'group': 0, 'point': ['0'], 'jump': [['-3']]}]
    """
    net = result.network
    m, d = net.output_dim, net.input_dim
    J, L = edge_jumps(result, check=check)
    edges = result.edges
    ft = _fraction_text
    for lo in range(0, len(edges), CHUNK):
        rows = J[lo : lo + CHUNK].tolist()
        for e, row in zip(edges[lo : lo + CHUNK], rows, strict=True):
            a, b = (e.a, e.b) if e.a < e.b else (e.b, e.a)
            yield {
                "a": a,
                "b": b,
                "units": list(e.units),
                "group": e.group,
                "point": _point_text(e.flint_point),
                "jump": [[ft(int(v), L) for v in row[k * d : (k + 1) * d]] for k in range(m)],
            }


def _tick(progress: Progress, count: int) -> None:
    if progress is not None and count:
        progress(count)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class BatchColumns:
    """One batch's records as columns of exact text, shared by every writer of the batch.

    Made by :meth:`BatchRecords.columns`. Region ``k`` of the batch has id ``ids[k]``,
    ``patterns[k]``, ``points[k]`` (d strings), ``gradients[k]`` (m rows of d) and
    ``offsets[k]`` (m); edge ``e`` joins ``edge_neg[e]`` and ``edge_pos[e]`` (the latter on the
    positive side of group ``edge_groups[e]``) at ``edge_points[e]``; side facet ``s`` of region
    ``side_regions[s]`` lies on the domain side ``side_indices[s]`` at ``side_points[s]``.
    Exact numbers are ``"p/q"`` strings in lowest terms (``"p"`` for integers).
    """

    __slots__ = (
        "edge_groups",
        "edge_neg",
        "edge_points",
        "edge_pos",
        "gradients",
        "ids",
        "offsets",
        "patterns",
        "points",
        "side_indices",
        "side_points",
        "side_regions",
    )

    def __init__(self, records: BatchRecords, batch: Any) -> None:
        self.ids = range(batch.start, batch.start + len(batch.patterns))
        self.patterns: tuple[str, ...] = batch.patterns
        self.points = [_point_text(q) for q in batch.points]
        self.gradients: list[list[list[str]]] = []
        self.offsets: list[list[str]] = []
        if batch.patterns:
            m, d, L, const = records.m, records.d, records.L, records.const
            rows, _aff = affine_integers(records.net, batch.patterns)
            for row in rows:
                gradient, offset = _map_texts(row, m, d, L, const)
                self.gradients.append(gradient)
                self.offsets.append(offset)
        edges = batch.edges
        self.edge_neg = [e[0] for e in edges]
        self.edge_pos = [e[1] for e in edges]
        self.edge_groups = [e[2] for e in edges]
        self.edge_points = [_point_text(e[3]) for e in edges]
        sides = batch.sides
        self.side_regions = [s[0] for s in sides]
        self.side_indices = [s[1] for s in sides]
        self.side_points = [_point_text(s[2]) for s in sides]

    def region_rows(self) -> Iterator[tuple[int, str, list[str], list[list[str]], list[str]]]:
        """``(id, pattern, point, gradient, offset)`` per region of the batch.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> from reluexact.regions.streaming import stream_arrangement
        >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[3]], [0]), domain="-1,1")
        >>> batches = []
        >>> _ = stream_arrangement(arr, batches.append)
        >>> list(BatchRecords(arr).columns(batches[0]).region_rows())
        [(0, '1', ['1/4'], [['3']], ['0']), (1, '0', ['-1/4'], [['0']], ['0'])]
        """
        return zip(self.ids, self.patterns, self.points, self.gradients, self.offsets, strict=True)

    def oriented_edges(self) -> Iterator[tuple[int, int, int, list[str], bool]]:
        """``(a, b, group, point, up)`` per edge, ``a < b``; ``up``: ``b`` is on the group's positive side.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> from reluexact.regions.streaming import stream_arrangement
        >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[3]], [0]), domain="-1,1")
        >>> batches = []
        >>> _ = stream_arrangement(arr, batches.append)
        >>> list(BatchRecords(arr).columns(batches[1]).oriented_edges())
        [(0, 1, 0, ['0'], False)]
        """
        for a, b, g, q in zip(self.edge_neg, self.edge_pos, self.edge_groups, self.edge_points, strict=True):
            yield (a, b, g, q, True) if a < b else (b, a, g, q, False)


def _strings(texts: list[str]) -> str:
    """A JSON array of exact-number strings (digits, '-' and '/': nothing to escape)."""
    return '["' + '","'.join(texts) + '"]' if texts else "[]"


def _string_rows(rows: list[list[str]]) -> str:
    return "[" + ",".join(map(_strings, rows)) + "]"


class BatchRecords:
    """Turns the certified batches of :mod:`reluexact.regions.streaming` into exact records.

    The regions' affine maps come from their patterns as integers over one denominator
    (:func:`~reluexact.regions.affine.affine_integers`); an edge's jump (gradient of the
    larger id minus that of the smaller) is the continuity restriction ``sum +-a_i w_i^T``
    over the crossed group's units, exact because the stream certified that the two ends'
    signs differ in exactly that group (:mod:`reluexact.regions.streaming`).
    :meth:`columns` computes a batch's exact text once (the last batch is kept, so several
    writers fed the same batch share it); :meth:`regions`, :meth:`edges` and :meth:`sides`
    give it as JSON-ready dicts, the ``*_lines`` methods as JSON text.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> from reluexact.regions.streaming import stream_arrangement
    >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[3]], [0]), domain="-1,1")
    >>> batches = []
    >>> _ = stream_arrangement(arr, batches.append)
    >>> records = BatchRecords(arr)
    >>> records.regions(batches[0])[0], records.edges(batches[1]), records.sides(batches[1])[0]
    ({'id': 0, 'pattern': '1', 'point': ['1/4'], 'gradient': [['3']], 'offset': ['0']}, \
[{'a': 0, 'b': 1, 'units': [0], 'group': 0, 'point': ['0'], 'jump': [['-3']]}], \
{'region': 1, 'label': 'box:0:lo', 'point': ['-1']})
    """

    def __init__(self, arrangement: Arrangement) -> None:
        self.arrangement = arrangement
        net = arrangement.network
        self.net = net
        self.m, self.d = net.output_dim, net.input_dim
        _rows, aff = affine_integers(net, [])
        self.L = aff.L
        self.const = affine_constants(net, aff.L)
        cols = [k * (self.d + 1) + j for k in range(self.m) for j in range(self.d)]
        Mint = aff.Mint.tolist()
        # per group: L * (gradient on its positive side - gradient on its negative side), k-major
        self.jumps: list[list[int]] = []
        self.units: list[list[int]] = []
        for grp in arrangement.groups:
            total = [0] * len(cols)
            for i, sign in grp.units:
                row = Mint[i]
                for c, col in enumerate(cols):
                    total[c] += int(row[col]) if sign > 0 else -int(row[col])
            self.jumps.append(total)
            self.units.append(list(grp.unit_indices))
        self.units_csv = [",".join(map(str, u)) for u in self.units]
        self.units_json = [f"[{u}]" for u in self.units_csv]
        self.side_labels = [h.label for h in arrangement.sides]
        self.labels_json = [json.dumps(label, ensure_ascii=False) for label in self.side_labels]
        self._jump_texts: dict[tuple[int, bool], list[list[str]]] = {}
        self._jump_json: dict[tuple[int, bool], str] = {}
        self._last: tuple[Any, BatchColumns] | None = None

    def columns(self, batch: Any) -> BatchColumns:
        """The batch's exact text as :class:`BatchColumns` (computed once per batch).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> from reluexact.regions.streaming import stream_arrangement
        >>> arr = arrangement(TwoLayerReLU([[1]], [0], [["1/2"]], [0]), domain="-1,1")
        >>> batches = []
        >>> _ = stream_arrangement(arr, batches.append)
        >>> records = BatchRecords(arr)
        >>> cols = records.columns(batches[0])
        >>> cols.points, cols.gradients, records.columns(batches[0]) is cols
        ([['1/4'], ['-1/4']], [[['1/2']], [['0']]], True)
        """
        last = self._last
        if last is not None and last[0] is batch:
            return last[1]
        cols = BatchColumns(self, batch)
        self._last = (batch, cols)
        return cols

    def jump(self, group: int, up: bool) -> list[list[str]]:
        """The jump across ``group`` from its negative side to its positive one (``up``), or back.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> records = BatchRecords(arrangement(TwoLayerReLU([[1, 2]], [0], [["1/3"]], [0])))
        >>> records.jump(0, True), records.jump(0, False)
        ([['1/3', '2/3']], [['-1/3', '-2/3']])
        """
        key = (group, up)
        text = self._jump_texts.get(key)
        if text is None:
            m, d, L, J = self.m, self.d, self.L, self.jumps[group]
            ft = _fraction_text
            text = [[ft(v if up else -v, L) for v in J[k * d : (k + 1) * d]] for k in range(m)]
            self._jump_texts[key] = text
        return text

    def _jump_text(self, group: int, up: bool) -> str:
        key = (group, up)
        text = self._jump_json.get(key)
        if text is None:
            text = self._jump_json[key] = _string_rows(self.jump(group, up))
        return text

    def regions(self, batch: Any) -> list[dict[str, Any]]:
        """The batch's regions: ``id``, ``pattern``, ``point``, ``gradient``, ``offset``.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> from reluexact.regions.streaming import stream_arrangement
        >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[3]], [0]), domain="-1,1")
        >>> batches = []
        >>> _ = stream_arrangement(arr, batches.append)
        >>> [r["gradient"] for r in BatchRecords(arr).regions(batches[0])]
        [[['3']], [['0']]]
        """
        c = self.columns(batch)
        return [{"id": i, "pattern": p, "point": q, "gradient": g, "offset": o} for i, p, q, g, o in c.region_rows()]

    def edges(self, batch: Any) -> list[dict[str, Any]]:
        """The batch's edges: ``a < b``, ``units``, ``group``, ``point``, ``jump`` (b minus a).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> from reluexact.regions.streaming import stream_arrangement
        >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[3]], [0]), domain="-1,1")
        >>> batches = []
        >>> _ = stream_arrangement(arr, batches.append)
        >>> [e["jump"] for e in BatchRecords(arr).edges(batches[1])]
        [[['-3']]]
        """
        c = self.columns(batch)
        # the jump from the smaller id is the group's (b on the positive side), or its negative
        return [
            {"a": a, "b": b, "units": self.units[g], "group": g, "point": q, "jump": self.jump(g, up)}
            for a, b, g, q, up in c.oriented_edges()
        ]

    def sides(self, batch: Any) -> list[dict[str, Any]]:
        """The batch's facets on the domain boundary: ``region``, ``label``, ``point``.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> from reluexact.regions.streaming import stream_arrangement
        >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[3]], [0]), domain="-1,1")
        >>> batches = []
        >>> _ = stream_arrangement(arr, batches.append)
        >>> [s["label"] for s in BatchRecords(arr).sides(batches[1])]
        ['box:0:lo', 'box:0:hi']
        """
        c = self.columns(batch)
        labels = self.side_labels
        return [
            {"region": r, "label": labels[s], "point": q}
            for r, s, q in zip(c.side_regions, c.side_indices, c.side_points, strict=True)
        ]

    def jsonl_lines(self, batch: Any) -> list[str]:
        """The batch's JSON Lines records (without newlines): its regions, then edges, then sides.

        The text :func:`json.dumps` gives the records of :meth:`regions`, :meth:`edges` and
        :meth:`sides` (compact separators, a ``"type"`` first), formatted directly.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> from reluexact.regions.streaming import stream_arrangement
        >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[3]], [0]), domain="-1,1")
        >>> batches = []
        >>> _ = stream_arrangement(arr, batches.append)
        >>> BatchRecords(arr).jsonl_lines(batches[1])[:2]
        ['{"type":"edge","a":0,"b":1,"units":[0],"group":0,"point":["0"],"jump":[["-3"]]}', \
'{"type":"side","region":1,"label":"box:0:lo","point":["-1"]}']
        """
        c = self.columns(batch)
        S, SR = _strings, _string_rows
        lines = [
            f'{{"type":"region","id":{i},"pattern":"{p}","point":{S(q)},"gradient":{SR(g)},"offset":{S(o)}}}'
            for i, p, q, g, o in c.region_rows()
        ]
        units, jump = self.units_json, self._jump_text
        lines += [
            f'{{"type":"edge","a":{a},"b":{b},"units":{units[g]},"group":{g},"point":{S(q)},"jump":{jump(g, up)}}}'
            for a, b, g, q, up in c.oriented_edges()
        ]
        labels = self.labels_json
        lines += [
            f'{{"type":"side","region":{r},"label":{labels[s]},"point":{S(q)}}}'
            for r, s, q in zip(c.side_regions, c.side_indices, c.side_points, strict=True)
        ]
        return lines


def _header(arrangement: Arrangement) -> dict[str, Any]:
    net = arrangement.network
    return {
        "format": JSONL_FORMAT,
        "version": JSONL_VERSION,
        "d": net.input_dim,
        "n": net.n_hidden,
        "m": net.output_dim,
        "domain": repr(arrangement.domain),
    }


def _trailer(summary: Any) -> dict[str, Any]:
    return {"complete": summary.complete, "regions": summary.regions, "edges": summary.edges, "sides": summary.sides}


class StreamWriter(ABC):
    """An open streaming output: call it with each batch, then :meth:`finish` with the stream's summary.

    Made by :func:`open_regions_writer` (a context manager: the file is renamed into place
    when the block ends after :meth:`finish`; on an error, or without :meth:`finish`, nothing
    replaces the target). Writers given the same :class:`BatchRecords` (``records``) compute
    each batch's exact text once between them.
    """

    def __init__(
        self, arrangement: Arrangement, progress: Progress = None, records: BatchRecords | None = None
    ) -> None:
        self.records = records if records is not None else BatchRecords(arrangement)
        self.arrangement = arrangement
        self.progress = progress
        self.finished = False

    @abstractmethod
    def __call__(self, batch: Any) -> None:
        """Write one certified batch (each format's own records)."""

    def finish(self, summary: Any) -> None:
        """Write the trailer (``complete`` and the counts).

        Examples
        --------
        >>> import io
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.regions.arrangements import arrangement
        >>> from reluexact.regions.streaming import stream_arrangement
        >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[1]], [0]))
        >>> out = io.StringIO()
        >>> with open_regions_writer("jsonl", out, arr) as writer:
        ...     writer.finish(stream_arrangement(arr, writer))
        >>> out.getvalue().splitlines()[-1]
        '{"type":"end","complete":true,"regions":2,"edges":1,"sides":0}'
        """
        self.finished = True


class _JsonlWriter(StreamWriter):
    def __init__(self, arrangement: Arrangement, handle: IO[str], progress: Progress, records: Any = None) -> None:
        super().__init__(arrangement, progress, records)
        self.handle = handle
        handle.write(_dumps({"type": "header", **_header(arrangement)}) + "\n")
        handle.flush()

    def __call__(self, batch: Any) -> None:
        lines = self.records.jsonl_lines(batch)
        if lines:
            lines.append("")
            self.handle.write("\n".join(lines))
            self.handle.flush()  # a reader (or a pipe) sees each batch as it comes
            _tick(self.progress, len(lines) - 1)

    def finish(self, summary: Any) -> None:
        self.handle.write(_dumps({"type": "end", **_trailer(summary)}) + "\n")
        self.handle.flush()
        super().finish(summary)


class _JsonWriter(StreamWriter):
    """The document of :func:`~reluexact.interop.regions_json.regions_to_json`, written at :meth:`finish`.

    A region's facets are known only once the stream has passed its last hyperplane, so each
    region is held as its text (up to ``"facets"``) and each edge as its text; a region's facet
    list grows as its edges (in edge order) and domain sides (in stream order) come, which is
    the order :func:`~reluexact.regions.regions` lists them.
    """

    def __init__(self, arrangement: Arrangement, handle: IO[str], progress: Progress, records: Any = None) -> None:
        super().__init__(arrangement, progress, records)
        self.handle = handle
        self.heads: list[str] = []
        self.facets: list[list[str]] = []
        self.sides: dict[int, list[str]] = {}
        self.edges: list[str] = []

    def __call__(self, batch: Any) -> None:
        c = self.records.columns(batch)
        S, SR = _strings, _string_rows
        self.heads += [
            f'{{"id":{i},"pattern":"{p}","point":{S(q)},"gradient":{SR(g)},"offset":{S(o)},"facets":['
            for i, p, q, g, o in c.region_rows()
        ]
        facets = self.facets
        facets += [[] for _ in c.ids]
        csv, lists = self.records.units_csv, self.records.units_json
        for a, b, g in zip(c.edge_neg, c.edge_pos, c.edge_groups, strict=True):
            facets[a].append(csv[g])
            facets[b].append(csv[g])
        self.edges += [
            f'{{"a":{a},"b":{b},"units":{lists[g]}}}'
            for a, b, g in zip(c.edge_neg, c.edge_pos, c.edge_groups, strict=True)
        ]
        sides, labels = self.sides, self.records.labels_json
        for r, s in zip(c.side_regions, c.side_indices, strict=True):
            sides.setdefault(r, []).append(labels[s])

    def finish(self, summary: Any) -> None:
        handle, heads, facets, sides = self.handle, self.heads, self.facets, self.sides
        handle.write('{"regions": [\n')
        for lo in range(0, len(heads), CHUNK):
            hi = min(lo + CHUNK, len(heads))
            text = ",\n".join(
                heads[k] + ",".join(facets[k] + sides[k] if k in sides else facets[k]) + "]}" for k in range(lo, hi)
            )
            handle.write(("" if lo == 0 else ",\n") + text)
            _tick(self.progress, hi - lo)
        handle.write('\n], "edges": [\n')
        edges = self.edges
        for lo in range(0, len(edges), CHUNK):
            part = edges[lo : lo + CHUNK]
            handle.write(("" if lo == 0 else ",\n") + ",\n".join(part))
            _tick(self.progress, len(part))
        handle.write("\n]}\n")
        self.heads, self.facets, self.sides, self.edges = [], [], {}, []
        super().finish(summary)


class _GraphmlWriter(StreamWriter):
    def __init__(self, arrangement: Arrangement, handle: IO[str], progress: Progress, records: Any = None) -> None:
        super().__init__(arrangement, progress, records)
        self.handle = handle
        self._jumps: dict[tuple[int, bool], str] = {}
        handle.write(_GRAPHML_HEAD)

    def _jump(self, g: int, up: bool) -> str:
        text = self._jumps.get((g, up))
        if text is None:
            text = self._jumps[(g, up)] = ";".join(",".join(row) for row in self.records.jump(g, up))
        return text

    def __call__(self, batch: Any) -> None:
        c = self.records.columns(batch)
        buffer = [
            f'    <node id="{i}">\n'
            f'      <data key="d0">{p}</data>\n'
            f'      <data key="d1">{",".join(q)}</data>\n'
            f'      <data key="d2">{";".join(map(",".join, g))}</data>\n'
            f'      <data key="d3">{",".join(o)}</data>\n'
            "    </node>\n"
            for i, p, q, g, o in c.region_rows()
        ]
        units, jump = self.records.units_csv, self._jump
        buffer += [
            f'    <edge source="{a}" target="{b}">\n'
            f'      <data key="d4">{units[g]}</data>\n'
            f'      <data key="d5">{",".join(q)}</data>\n'
            f'      <data key="d6">{jump(g, up)}</data>\n'
            "    </edge>\n"
            for a, b, g, q, up in c.oriented_edges()
        ]
        if buffer:
            self.handle.write("".join(buffer))
            _tick(self.progress, len(buffer))

    def finish(self, summary: Any) -> None:
        self.handle.write(f'    <data key="d7">{summary.complete}</data>\n  </graph>\n</graphml>\n')
        super().finish(summary)


_TABLES = ("regions.parquet", "edges.parquet", "sides.parquet")


class _ParquetWriter(StreamWriter):
    def __init__(
        self, arrangement: Arrangement, temporaries: list[Any], progress: Progress, records: Any = None
    ) -> None:
        super().__init__(arrangement, progress, records)
        pa, pq = _parquet()
        self.pa = pa
        strings = pa.list_(pa.string())
        self.schemas = [
            pa.schema(
                [
                    ("id", pa.int64()),
                    ("pattern", pa.string()),
                    ("point", strings),
                    ("gradient", pa.list_(strings)),
                    ("offset", strings),
                ]
            ),
            pa.schema(
                [
                    ("a", pa.int64()),
                    ("b", pa.int64()),
                    ("group", pa.int64()),
                    ("units", pa.list_(pa.int64())),
                    ("point", strings),
                    ("jump", pa.list_(strings)),
                ]
            ),
            pa.schema([("region", pa.int64()), ("label", pa.string()), ("point", strings)]),
        ]
        self.writers = [pq.ParquetWriter(t, schema) for t, schema in zip(temporaries, self.schemas, strict=True)]

    def _write(self, k: int, columns: list[Any]) -> None:
        if not columns[0]:
            return
        schema, pa = self.schemas[k], self.pa
        arrays = [pa.array(col, type=field.type) for col, field in zip(columns, schema, strict=True)]
        self.writers[k].write_table(pa.Table.from_arrays(arrays, schema=schema))
        _tick(self.progress, len(columns[0]))

    def __call__(self, batch: Any) -> None:
        rec = self.records
        c = rec.columns(batch)
        self._write(0, [c.ids, c.patterns, c.points, c.gradients, c.offsets])
        edges = list(c.oriented_edges())
        units = [rec.units[e[2]] for e in edges]
        jumps = [rec.jump(e[2], e[4]) for e in edges]
        self._write(1, [[e[0] for e in edges], [e[1] for e in edges], c.edge_groups, units, c.edge_points, jumps])
        labels = rec.side_labels
        self._write(2, [c.side_regions, [labels[s] for s in c.side_indices], c.side_points])

    def finish(self, summary: Any) -> None:
        meta = json.dumps({**_header(self.arrangement), **_trailer(summary)})
        for writer in self.writers:
            writer.add_key_value_metadata({"reluexact": meta})
        self.close()
        super().finish(summary)

    def close(self) -> None:
        for writer in self.writers:
            writer.close()


_TEXT_WRITERS: dict[str, type[_JsonlWriter | _GraphmlWriter | _JsonWriter]] = {
    "jsonl": _JsonlWriter,
    "graphml": _GraphmlWriter,
    "json": _JsonWriter,
}


@contextlib.contextmanager
def open_regions_writer(
    kind: str,
    target: str | os.PathLike[str] | IO[str],
    arrangement: Arrangement,
    *,
    progress: Progress = None,
    force: bool = False,
    records: BatchRecords | None = None,
) -> Iterator[StreamWriter]:
    """Open an output of ``kind`` ``"jsonl"``, ``"parquet"`` (a folder), ``"graphml"`` or ``"json"``.

    Yields a :class:`StreamWriter`: call it with each certified batch of
    :func:`reluexact.regions.streaming.stream_arrangement` (it writes them at once, so the
    file grows while the engine runs), then ``finish(summary)``. Files are staged and renamed
    into place when the block ends after ``finish`` (:mod:`reluexact.atomic`); an existing
    target is refused unless ``force``. ``target`` may be an open text handle for
    ``"jsonl"`` (e.g. ``sys.stdout``: lines appear as the batches come) and ``"json"``.
    ``"json"`` is the document of :func:`write_regions_json`, written whole at ``finish`` (its
    regions need their facets, known only at the end). Writers opened with the same
    ``records`` (a :class:`BatchRecords` of ``arrangement``) share each batch's exact text.

    Raises
    ------
    InvalidArgument
        For an unknown kind, a Parquet target that is a file, or a block that ended without ``finish``.

    Examples
    --------
    >>> import io
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.arrangements import arrangement
    >>> from reluexact.regions.streaming import stream_arrangement
    >>> arr = arrangement(TwoLayerReLU([[1]], [0], [[1]], [0]))
    >>> out = io.StringIO()
    >>> with open_regions_writer("jsonl", out, arr) as writer:
    ...     writer.finish(stream_arrangement(arr, writer))
    >>> [line.split(",")[0] for line in out.getvalue().splitlines()]
    ['{"type":"header"', '{"type":"region"', '{"type":"region"', '{"type":"edge"', '{"type":"end"']
    """
    from reluexact.atomic import atomic_write, staged_output

    def done(writer: StreamWriter) -> None:
        if not writer.finished:
            raise InvalidArgument(f"the {kind} output was not finished (call finish(summary) with the stream's end)")

    # many short-lived records next to millions of objects: see gc_paused
    with gc_paused():
        if kind in _TEXT_WRITERS:
            cls = _TEXT_WRITERS[kind]
            if hasattr(target, "write"):
                writer: StreamWriter = cls(arrangement, target, progress, records)  # type: ignore[arg-type]
                yield writer
                done(writer)
                return
            with atomic_write(target, force=force) as handle:  # type: ignore[arg-type]
                writer = cls(arrangement, handle, progress, records)
                yield writer
                done(writer)
            return
        if kind != "parquet":
            raise InvalidArgument(f"unknown streaming output {kind!r}: use 'jsonl', 'parquet', 'graphml' or 'json'")
        _parquet()
        folder = os.fspath(target)  # type: ignore[arg-type]
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise InvalidArgument(f"{folder}: --parquet takes a folder (regions, edges and sides .parquet go in it)")
        os.makedirs(folder, exist_ok=True)
        with contextlib.ExitStack() as stack:
            temporaries = [stack.enter_context(staged_output(os.path.join(folder, n), force=force)) for n in _TABLES]
            pq_writer = _ParquetWriter(arrangement, temporaries, progress, records)
            try:
                yield pq_writer
                done(pq_writer)
            finally:
                if not pq_writer.finished:
                    pq_writer.close()


def _write_result(kind: str, result: RegionsResult, target: Any, progress: Progress, force: bool) -> None:
    from reluexact.regions.streaming import result_batches

    with open_regions_writer(kind, target, result.arrangement, progress=progress, force=force) as writer:
        writer.finish(result_batches(result, writer, batch_size=CHUNK))


def write_regions_jsonl(
    result: RegionsResult, path: str | os.PathLike[str], *, progress: Progress = None, force: bool = False
) -> None:
    """Write the regions and edges as JSON Lines (schema in the module docstring), atomically.

    ``progress`` (optional) is called with the number of records written after each chunk.
    An existing ``path`` is refused unless ``force=True``; :func:`read_regions_jsonl` reads it back.
    The streaming form: :func:`open_regions_writer`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.jsonl"
    >>> written = []
    >>> write_regions_jsonl(regions(TwoLayerReLU([[1]], [0], [[1]], [0])), path, progress=written.append)
    >>> [line.split(",")[0] for line in path.read_text().splitlines()]
    ['{"type":"header"', '{"type":"region"', '{"type":"region"', '{"type":"edge"', '{"type":"end"']
    >>> written  # the regions, then the edge
    [2, 1]
    """
    _write_result("jsonl", result, path, progress, force)


def write_regions_graphml(
    result: RegionsResult, path: str | os.PathLike[str], *, progress: Progress = None, force: bool = False
) -> None:
    """Write the adjacency graph as GraphML, the attributes of :func:`~reluexact.interop.regions_json.write_graphml`.

    Node attributes ``pattern``, ``point`` (comma-separated), ``gradient`` (rows separated by
    ``;``), ``offset``; edge attributes ``units``, ``point``, ``jump``; the graph attribute
    ``complete``. The jumps are the continuity restriction over the crossed units; written
    atomically. Nodes come before the edges that use them (the streaming order).

    Examples
    --------
    >>> import networkx as nx, pathlib, tempfile
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> write_regions_graphml(regions(TwoLayerReLU([[1, 1]], [0], [[1]], [0])), path)
    >>> H = nx.read_graphml(path)
    >>> sorted(H.nodes[v]["pattern"] for v in H), H.edges["0", "1"]["jump"], H.graph["complete"]
    (['0', '1'], '-1,-1', True)
    """
    _write_result("graphml", result, path, progress, force)


def write_regions_parquet(
    result: RegionsResult, folder: str | os.PathLike[str], *, progress: Progress = None, force: bool = False
) -> None:
    """Write ``folder/regions.parquet``, ``edges.parquet`` and ``sides.parquet`` (created if missing), in row groups.

    Columns: regions ``id`` (int64), ``pattern`` (string), ``point``, ``offset`` (list of
    string), ``gradient`` (list of list of string); edges ``a``, ``b``, ``group`` (int64),
    ``units`` (list of int64), ``point`` (list of string), ``jump`` (list of list of string);
    sides ``region`` (int64), ``label`` (string), ``point``. Key-value metadata ``reluexact``:
    the JSON of the JSON Lines header and trailer. Each file is written atomically.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> write_regions_parquet(regions(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])), folder)
    >>> doc = read_regions_parquet(folder)
    >>> [r["pattern"] for r in doc["regions"]], doc["edges"][0]["jump"], doc["complete"]
    (['10', '00', '11'], [['-1']], True)
    """
    _write_result("parquet", result, folder, progress, force)


def _with_facets(regs: list[dict[str, Any]], edges: list[dict[str, Any]], sides: list[dict[str, Any]]) -> None:
    """Give each region record its ``facets`` (the order of :func:`regions`) from the edge and side records."""
    if regs and "facets" in regs[0]:
        return  # a version 1 file: the regions carry them
    at = {r["id"]: k for k, r in enumerate(regs)}
    hyper: list[list[Any]] = [[] for _ in regs]
    bound: list[list[Any]] = [[] for _ in regs]
    for e in edges:
        for end in (e["a"], e["b"]):
            hyper[at[end]].extend(e["units"])
    for s in sides:
        bound[at[s["region"]]].append(s["label"])
    for r, h, b in zip(regs, hyper, bound, strict=True):
        r["facets"] = h + b


def read_regions_jsonl(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a file of :func:`write_regions_jsonl`: ``{"complete", "regions", "edges", "header"}`` (strings kept).

    Raises
    ------
    InvalidArgument
        If the file cannot be read, is not such a file, or was cut short (no trailer, or counts that differ).

    Examples
    --------
    >>> import os, tempfile
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> path = os.path.join(tempfile.mkdtemp(), "r.jsonl")
    >>> write_regions_jsonl(regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]), domain="-1,1;-1,1"), path)
    >>> back = read_regions_jsonl(path)
    >>> back["complete"], len(back["regions"]), len(back["edges"]), back["regions"][0]["point"]
    (True, 4, 4, ['1/4', '-1/2'])
    >>> with open(path, "a") as handle:
    ...     _ = handle.write("not json\\n")
    >>> read_regions_jsonl(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: ...r.jsonl: line 19 is not a JSON record (...); is this a file of ...
    """
    regs: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    sides: list[dict[str, Any]] = []
    header: dict[str, Any] | None = None
    end: dict[str, Any] | None = None
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise InvalidArgument(f"{os.fspath(path)}: cannot read: {error.strerror or error}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as error:
                raise InvalidArgument(
                    f"{os.fspath(path)}: line {number} is not a JSON record ({error}); "
                    "is this a file of 'reluexact regions --jsonl'?"
                ) from None
            except UnicodeDecodeError:
                raise InvalidArgument(f"{os.fspath(path)}: line {number} is not UTF-8 text") from None
            if not isinstance(rec, dict):
                raise InvalidArgument(f"{os.fspath(path)}: line {number} is not a JSON object")
            kind = rec.pop("type", None)
            if number == 1:
                if kind != "header" or rec.get("format") != JSONL_FORMAT:
                    raise InvalidArgument(f"{os.fspath(path)}: not a {JSONL_FORMAT} file (line 1 is no header)")
                header = rec
            elif kind == "region":
                regs.append(rec)
            elif kind == "edge":
                edges.append(rec)
            elif kind == "side":
                sides.append(rec)
            elif kind == "end":
                end = rec
            else:
                raise InvalidArgument(f"{os.fspath(path)}: line {number}: unknown record type {kind!r}")
    if (
        header is None
        or end is None
        or end["regions"] != len(regs)
        or end["edges"] != len(edges)
        or end.get("sides", 0) != len(sides)
    ):
        raise InvalidArgument(f"{os.fspath(path)}: cut short (no trailer, or fewer records than it says)")
    _with_facets(regs, edges, sides)
    return {"complete": end["complete"], "regions": regs, "edges": edges, "sides": sides, "header": header}


def _facet_text(facet: Any) -> str:
    if facet.kind == "hyperplane":
        return ",".join(map(str, facet.units))
    return json.dumps(facet.label, ensure_ascii=False)


def write_regions_json(result: RegionsResult, handle: IO[str], *, progress: Progress = None) -> None:
    """Write :func:`~reluexact.interop.regions_json.regions_to_json`'s document to ``handle``, one region a line.

    The same document (``json.loads`` gives equal values), written by the C encoder in chunks.

    Examples
    --------
    >>> import io, json
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> from reluexact.interop.regions_json import regions_to_json
    >>> res = regions(TwoLayerReLU([[1, 1], [1, -1]], [0, 1], [[1, 2]], [0]))
    >>> out = io.StringIO()
    >>> write_regions_json(res, out)
    >>> json.loads(out.getvalue()) == regions_to_json(res)
    True
    """
    from reluexact.regions.streaming import result_batches

    with gc_paused():
        writer = _JsonWriter(result.arrangement, handle, progress)
        summary = result_batches(result, writer, batch_size=CHUNK)
        if result.columns is None:  # facets in the order the regions list them (not always the edges' order)
            writer.facets = [[_facet_text(f) for f in r.facets or ()] for r in result.regions]
            writer.sides = {}
        writer.finish(summary)


_GRAPHML_HEAD = """<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="d0" for="node" attr.name="pattern" attr.type="string" />
  <key id="d1" for="node" attr.name="point" attr.type="string" />
  <key id="d2" for="node" attr.name="gradient" attr.type="string" />
  <key id="d3" for="node" attr.name="offset" attr.type="string" />
  <key id="d4" for="edge" attr.name="units" attr.type="string" />
  <key id="d5" for="edge" attr.name="point" attr.type="string" />
  <key id="d6" for="edge" attr.name="jump" attr.type="string" />
  <key id="d7" for="graph" attr.name="complete" attr.type="boolean" />
  <graph edgedefault="undirected">
"""


def _parquet() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InvalidArgument(
            "Parquet output needs pyarrow: pip install 'reluexact[parquet]' (or use --jsonl)"
        ) from None
    return pa, pq


def read_regions_parquet(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a folder of :func:`write_regions_parquet` in the form of :func:`read_regions_jsonl`.

    Returns ``{"complete", "regions", "edges", "header"}``: the records as the JSON Lines file
    holds them (numbers as exact ``"p/q"`` strings, facets as unit indices and side labels).

    Raises
    ------
    InvalidArgument
        If the tables hold fewer rows than their metadata says (a folder cut short).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]), domain="-1,1;-1,1")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_regions_parquet(result, folder)
    >>> back = read_regions_parquet(folder)
    >>> back["complete"], len(back["regions"]), len(back["edges"])
    (True, 4, 4)
    >>> back["regions"][0]  # doctest: +NORMALIZE_WHITESPACE
    {'id': 0, 'pattern': '10', 'point': ['1/4', '-1/2'], 'gradient': [['1', '0']], 'offset': ['0'],
     'facets': [0, 1, 'box:0:hi', 'box:1:lo']}
    >>> write_regions_jsonl(result, folder / "r.jsonl")
    >>> jsonl = read_regions_jsonl(folder / "r.jsonl")  # the same records as the JSON Lines file
    >>> jsonl["regions"] == back["regions"], jsonl["edges"] == back["edges"]
    (True, True)
    """
    _pa, pq = _parquet()
    tables = {}
    for name in _TABLES:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            tables[name] = pq.read_table(path)
    if "regions.parquet" not in tables or "edges.parquet" not in tables:
        raise InvalidArgument(f"{os.fspath(folder)}: no regions.parquet and edges.parquet; is this a --parquet folder?")
    regions_table = tables["regions.parquet"]
    raw_meta = pq.read_metadata(os.path.join(folder, "regions.parquet")).metadata or {}
    if b"reluexact" not in raw_meta:
        raise InvalidArgument(f"{os.fspath(folder)}: regions.parquet has no reluexact metadata (cut short?)")
    meta = json.loads(raw_meta[b"reluexact"])
    regs = regions_table.to_pylist()
    edges = tables["edges.parquet"].to_pylist()
    sides = tables["sides.parquet"].to_pylist() if "sides.parquet" in tables else []
    if regs and "facets" in regs[0]:  # version 1: facets in the regions table, unit indices in decimal
        for rec in regs:
            rec["facets"] = [int(v) if v.isdigit() else v for v in rec["facets"]]
    if meta["regions"] != len(regs) or meta["edges"] != len(edges) or meta.get("sides", 0) != len(sides):
        raise InvalidArgument(f"{os.fspath(folder)}: the tables hold fewer rows than their metadata says")
    _with_facets(regs, edges, sides)
    return {"complete": meta["complete"], "regions": regs, "edges": edges, "sides": sides, "header": meta}
