"""Fast exact writers for enumerated regions: JSON Lines, Parquet, JSON and GraphML, written in chunks.

The writers read a :class:`~reluexact.regions.types.RegionsResult` chunk by chunk and turn its
exact values into ``"p/q"`` strings straight from the integers they are kept as (the affine maps
as integers over one denominator, the points as python-flint rationals, the gradient jumps of
the edges from :func:`~reluexact.regions.graph.edge_jumps`), without building ``Fraction``
objects or a networkx graph. Every file is written through :mod:`reluexact.atomic` (staged,
renamed into place only when complete).

Schemas (indices 0-based, exact numbers ``"p/q"`` strings, ``"p"`` for integers):

* region: ``id``, ``pattern``, ``point`` (d), ``gradient`` (m rows of d), ``offset`` (m),
  ``facets`` (unit indices of the hyperplane facets, then side labels such as ``"box:0:lo"``);
* edge (as in :func:`~reluexact.interop.regions_json.graph_to_json`): ``a < b`` region ids,
  ``units`` (the flipped units), ``point`` (a certified point of the shared facet), ``jump``
  (gradient of b minus gradient of a, m x d, checked against the continuity restriction).

JSON Lines (:func:`write_regions_jsonl`): a header line ``{"type": "header", "format":
"reluexact.regions.jsonl", "version": 1, "d", "n", "m"}``, one ``{"type": "region", ...}`` line
per region, one ``{"type": "edge", ...}`` line per edge, and a trailer ``{"type": "end",
"complete", "regions", "edges"}``: a file without its trailer was cut short. Parquet
(:func:`write_regions_parquet`): a folder with ``regions.parquet`` and ``edges.parquet`` (facet
labels as strings, unit indices in decimal), written in row groups, the header and trailer
fields in the schema metadata under ``reluexact``.

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

import json
import math
import os
from collections.abc import Callable, Iterator
from typing import IO, Any

from reluexact.errors import InvalidArgument
from reluexact.rational import format_fraction
from reluexact.regions.affine import affine_constants, affine_integers, reduced_fraction
from reluexact.regions.enumeration import gc_paused
from reluexact.regions.graph import edge_jumps
from reluexact.regions.types import RegionsResult

__all__ = [
    "JSONL_FORMAT",
    "edge_records",
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
    ft = _fraction_text
    for lo in range(start, stop, CHUNK):
        hi = min(lo + CHUNK, stop)
        rows = prod[lo:hi].tolist()
        for r, row in zip(regs[lo:hi], rows, strict=True):
            gradient = []
            offset = []
            for k in range(m):
                base = k * (d + 1)
                gradient.append([ft(int(v), L) for v in row[base : base + d]])
                num, frac = const[k]
                if frac is None:
                    offset.append(ft(int(row[base + d]) + num, L))
                else:
                    offset.append(format_fraction(reduced_fraction(int(row[base + d]), L) + frac))
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


def _write_lines(handle: IO[str], records: Iterator[dict[str, Any]], extra: dict[str, Any], progress: Progress) -> int:
    count = 0
    buffer: list[str] = []
    for rec in records:
        buffer.append(_dumps({**extra, **rec}))
        count += 1
        if len(buffer) >= CHUNK:
            handle.write("\n".join(buffer) + "\n")
            _tick(progress, len(buffer))
            buffer = []
    if buffer:
        handle.write("\n".join(buffer) + "\n")
        _tick(progress, len(buffer))
    return count


def _header(result: RegionsResult) -> dict[str, Any]:
    net = result.network
    return {
        "format": JSONL_FORMAT,
        "version": 1,
        "d": net.input_dim,
        "n": net.n_hidden,
        "m": net.output_dim,
        "domain": repr(result.domain),
    }


def _trailer(result: RegionsResult) -> dict[str, Any]:
    return {"complete": result.complete, "regions": len(result), "edges": len(result.edges)}


def write_regions_jsonl(
    result: RegionsResult, path: str | os.PathLike[str], *, progress: Progress = None, force: bool = False
) -> None:
    """Write the regions and edges as JSON Lines (schema in the module docstring), atomically.

    ``progress`` (optional) is called with the number of records written after each chunk.
    An existing ``path`` is refused unless ``force=True``; :func:`read_regions_jsonl` reads it back.

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
    from reluexact.atomic import atomic_write

    # many short-lived records next to a result of millions of objects: see gc_paused
    with gc_paused(), atomic_write(path, force=force) as handle:
        handle.write(_dumps({"type": "header", **_header(result)}) + "\n")
        _write_lines(handle, region_records(result), {"type": "region"}, progress)
        _write_lines(handle, edge_records(result), {"type": "edge"}, progress)
        handle.write(_dumps({"type": "end", **_trailer(result)}) + "\n")


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
    reluexact.errors.InvalidArgument: ...r.jsonl: line 11 is not a JSON record (...); is this a file of ...
    """
    regs: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
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
            elif kind == "end":
                end = rec
            else:
                raise InvalidArgument(f"{os.fspath(path)}: line {number}: unknown record type {kind!r}")
    if header is None or end is None or end["regions"] != len(regs) or end["edges"] != len(edges):
        raise InvalidArgument(f"{os.fspath(path)}: cut short (no trailer, or fewer records than it says)")
    return {"complete": end["complete"], "regions": regs, "edges": edges, "header": header}


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
    with gc_paused():
        _write_json(result, handle, progress)


def _write_json(result: RegionsResult, handle: IO[str], progress: Progress) -> None:
    handle.write('{"regions": [\n')
    first = True
    buffer: list[str] = []
    for rec in region_records(result):
        buffer.append(("" if first else ",\n") + _dumps(rec))
        first = False
        if len(buffer) >= CHUNK:
            handle.write("".join(buffer))
            _tick(progress, len(buffer))
            buffer = []
    handle.write("".join(buffer))
    _tick(progress, len(buffer))
    handle.write('\n], "edges": [\n')
    edges = result.edges
    for lo in range(0, len(edges), CHUNK):
        part = edges[lo : lo + CHUNK]
        text = ",\n".join(f'{{"a":{e.a},"b":{e.b},"units":{list(e.units)}}}' for e in part)
        handle.write(("" if lo == 0 else ",\n") + text)
        _tick(progress, len(part))
    handle.write("\n]}\n")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


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


def write_regions_graphml(
    result: RegionsResult, path: str | os.PathLike[str], *, progress: Progress = None, force: bool = False
) -> None:
    """Write the adjacency graph as GraphML, the attributes of :func:`~reluexact.interop.regions_json.write_graphml`.

    Node attributes ``pattern``, ``point`` (comma-separated), ``gradient`` (rows separated by
    ``;``), ``offset``; edge attributes ``units``, ``point``, ``jump``; the graph attribute
    ``complete``. The jumps are checked against the continuity restriction; written atomically.

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
    from reluexact.atomic import atomic_write

    # many short-lived records next to a result of millions of objects: see gc_paused
    with gc_paused(), atomic_write(path, force=force) as handle:
        handle.write(_GRAPHML_HEAD)
        buffer: list[str] = []

        def flush() -> None:
            handle.write("".join(buffer))
            _tick(progress, len(buffer))
            buffer.clear()

        for rec in region_records(result):
            grad = ";".join(",".join(row) for row in rec["gradient"])
            buffer.append(
                f'    <node id="{rec["id"]}">\n'
                f'      <data key="d0">{rec["pattern"]}</data>\n'
                f'      <data key="d1">{",".join(rec["point"])}</data>\n'
                f'      <data key="d2">{grad}</data>\n'
                f'      <data key="d3">{",".join(rec["offset"])}</data>\n'
                "    </node>\n"
            )
            if len(buffer) >= CHUNK:
                flush()
        flush()
        for rec in edge_records(result):
            units = ",".join(str(i) for i in rec["units"])
            jump = ";".join(",".join(row) for row in rec["jump"])
            buffer.append(
                f'    <edge source="{rec["a"]}" target="{rec["b"]}">\n'
                f'      <data key="d4">{units}</data>\n'
                f'      <data key="d5">{",".join(rec["point"])}</data>\n'
                f'      <data key="d6">{_xml(jump)}</data>\n'
                "    </edge>\n"
            )
            if len(buffer) >= CHUNK:
                flush()
        flush()
        handle.write(f'    <data key="d7">{result.complete}</data>\n  </graph>\n</graphml>\n')


def _parquet() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InvalidArgument(
            "Parquet output needs pyarrow: pip install 'reluexact[parquet]' (or use --jsonl)"
        ) from None
    return pa, pq


def write_regions_parquet(
    result: RegionsResult, folder: str | os.PathLike[str], *, progress: Progress = None, force: bool = False
) -> None:
    """Write ``folder/regions.parquet`` and ``folder/edges.parquet`` (created if missing), in row groups.

    Columns: regions ``id`` (int64), ``pattern`` (string), ``point``, ``offset`` (list of
    string), ``gradient`` (list of list of string), ``facets`` (list of string: unit indices in
    decimal, side labels); edges ``a``, ``b``, ``group`` (int64), ``units`` (list of int64),
    ``point`` (list of string), ``jump`` (list of list of string). Schema metadata
    ``reluexact``: the JSON of the JSON Lines header and trailer. Each file is written atomically.

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
    from reluexact.atomic import staged_output

    pa, pq = _parquet()
    target = os.fspath(folder)
    if os.path.exists(target) and not os.path.isdir(target):
        raise InvalidArgument(f"{target}: --parquet takes a folder (regions.parquet and edges.parquet go in it)")
    os.makedirs(target, exist_ok=True)
    meta = {b"reluexact": json.dumps({**_header(result), **_trailer(result)}).encode()}
    strings = pa.list_(pa.string())
    region_schema = pa.schema(
        [
            ("id", pa.int64()),
            ("pattern", pa.string()),
            ("point", strings),
            ("gradient", pa.list_(strings)),
            ("offset", strings),
            ("facets", strings),
        ],
        metadata=meta,
    )
    edge_schema = pa.schema(
        [
            ("a", pa.int64()),
            ("b", pa.int64()),
            ("group", pa.int64()),
            ("units", pa.list_(pa.int64())),
            ("point", strings),
            ("jump", pa.list_(strings)),
        ],
        metadata=meta,
    )

    def write(name: str, schema: Any, records: Iterator[dict[str, Any]]) -> None:
        with staged_output(os.path.join(target, name), force=force) as temporary:
            writer = pq.ParquetWriter(temporary, schema)
            try:
                names = schema.names
                columns: list[list[Any]] = [[] for _ in names]

                def flush() -> None:
                    # column by column (pa.array of a list per column is much faster than Table.from_pylist)
                    arrays = [pa.array(col, type=schema.field(i).type) for i, col in enumerate(columns)]
                    writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
                    _tick(progress, len(columns[0]))
                    for col in columns:
                        col.clear()

                for rec in records:
                    for col, key in zip(columns, names, strict=True):
                        col.append(rec[key])
                    if len(columns[0]) >= CHUNK:
                        flush()
                if columns[0]:
                    flush()
            finally:
                writer.close()

    def regions_as_rows() -> Iterator[dict[str, Any]]:
        for rec in region_records(result):
            rec["facets"] = [str(v) for v in rec["facets"]]
            yield rec

    with gc_paused():
        write("regions.parquet", region_schema, regions_as_rows())
        write("edges.parquet", edge_schema, edge_records(result))


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
    regions_table = pq.read_table(os.path.join(folder, "regions.parquet"))
    edges_table = pq.read_table(os.path.join(folder, "edges.parquet"))
    meta = json.loads(regions_table.schema.metadata[b"reluexact"])
    regs = regions_table.to_pylist()
    for rec in regs:
        rec["facets"] = [int(v) if v.isdigit() else v for v in rec["facets"]]
    edges = edges_table.to_pylist()
    if meta["regions"] != len(regs) or meta["edges"] != len(edges):
        raise InvalidArgument(f"{os.fspath(folder)}: the tables hold fewer rows than their metadata says")
    return {"complete": meta["complete"], "regions": regs, "edges": edges, "header": meta}
