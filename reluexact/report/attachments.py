"""The exact data a report attaches: one JSON document and one CSV table, embedded in the PDF.

A report prints readable decimals; the reader who has only the PDF still has every
exact number, because the PDF carries these files as attachments (LaTeX's
``embedfile``; ``pdfdetach -saveall report.pdf`` extracts them) and
:func:`~reluexact.report.render.write_report` writes them next to the ``.tex``.

``<stem>.data.json`` (:func:`report_data`)
    ``{"format": "reluexact.report-data", "version": 1, "network": ..., "domain": ...,
    "number_format": ..., "summary": {key: count}, "regions": [...], "edges": [...],
    "exact_values": [{"tag", "value"}]}``: the network exactly (the model JSON format of
    :mod:`reluexact.interop.json_io`), the domain box as ``"p/q"`` pairs (``null`` for
    R^d), every headline count of the summary page, every region of the report (as in
    :func:`reluexact.interop.json_results.report_regions_to_json`: 0-based ids, labels
    ``R1, R2, ...``) and, in the ``decimal`` formats, the exact value of every tag.
``<stem>.regions.csv`` (:func:`regions_csv`)
    one row per region: ``id, label, pattern, point_1..point_d, then per output k
    gradient_k_1..gradient_k_d, offset_k``, numbers as exact ``p/q``.

Examples
--------
>>> from fractions import Fraction
>>> from reluexact.report.view import RegionRow
>>> rows = [RegionRow(1, (True,), (Fraction(1, 2),), ((Fraction(3),),), (Fraction(-1, 3),))]
>>> print(regions_csv(rows).strip())
id,label,pattern,point_1,gradient_1_1,offset_1
0,R1,1,1/2,3,-1/3
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from reluexact.interop.json_io import network_to_json
from reluexact.interop.json_results import report_regions_to_json
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction
from reluexact.report.view import RegionRow

__all__ = ["DATA_FORMAT", "DATA_VERSION", "data_json_text", "read_report_data", "regions_csv", "report_data"]

#: The ``format`` of the attached JSON document.
DATA_FORMAT = "reluexact.report-data"
#: Its ``version``.
DATA_VERSION = 1


def report_data(
    net: TwoLayerReLU,
    *,
    box: Sequence[tuple[Fraction, Fraction]] | None,
    number_format: str,
    summary: Mapping[str, int | None],
    rows: Sequence[RegionRow],
    edges: Sequence[tuple[int, int]],
    exact_values: Sequence[tuple[int, Fraction]] = (),
    name: str | None = None,
) -> dict[str, Any]:
    """The JSON-ready document of a report's exact data (see the module docstring).

    Examples
    --------
    >>> net = TwoLayerReLU([[1]], [0], [[2]], [0])
    >>> document = report_data(net, box=[(Fraction(-1), Fraction(1))], number_format="exact",
    ...                        summary={"regions": 2}, rows=[], edges=[])
    >>> document["domain"], document["summary"]
    ([['-1', '1']], {'regions': 2})
    """
    regions = report_regions_to_json(rows, edges)
    return {
        "format": DATA_FORMAT,
        "version": DATA_VERSION,
        "network": network_to_json(net, name=name),
        "domain": None if box is None else [[format_fraction(lo), format_fraction(hi)] for lo, hi in box],
        "number_format": number_format,
        "summary": dict(summary),
        "regions": regions["regions"],
        "edges": regions["edges"],
        "exact_values": [{"tag": tag, "value": format_fraction(value)} for tag, value in exact_values],
    }


def data_json_text(document: Mapping[str, Any]) -> str:
    """The attached JSON text: indented, ending in a newline.

    Examples
    --------
    >>> data_json_text({"a": 1})
    '{\\n "a": 1\\n}\\n'
    """
    return json.dumps(document, indent=1, allow_nan=False) + "\n"


def read_report_data(text: str | bytes) -> dict[str, Any]:
    """Parse an attached data document back, numbers as Fractions where they are ``"p/q"`` strings.

    The summary counts stay integers; ``regions[k]["point"]`` and the like become Fractions.

    Examples
    --------
    >>> net = TwoLayerReLU([[1]], [0], [[2]], [0])
    >>> rows = [RegionRow(1, (True,), (Fraction(1, 2),), ((Fraction(2),),), (Fraction(0),))]
    >>> text = data_json_text(report_data(net, box=None, number_format="exact", summary={}, rows=rows, edges=[]))
    >>> read_report_data(text)["regions"][0]["point"]
    [Fraction(1, 2)]
    """
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != DATA_FORMAT:
        from reluexact.errors import InvalidArgument

        raise InvalidArgument(f"not a {DATA_FORMAT} document")
    for region in document["regions"]:
        region["point"] = [Fraction(v) for v in region["point"]]
        region["gradient"] = [[Fraction(v) for v in g] for g in region["gradient"]]
        region["offset"] = [Fraction(v) for v in region["offset"]]
        if "polygon" in region:
            region["polygon"] = [[Fraction(v) for v in p] for p in region["polygon"]]
    document["exact_values"] = [
        {"tag": item["tag"], "value": Fraction(item["value"])} for item in document["exact_values"]
    ]
    return dict(document)


def regions_csv(rows: Sequence[RegionRow]) -> str:
    """Every region as one CSV row of exact ``p/q`` numbers (see the module docstring).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions import regions
    >>> from reluexact.report.view import region_rows
    >>> net = TwoLayerReLU([[1]], [0], [[2]], [1])
    >>> print(regions_csv(region_rows(net, list(regions(net, domain="-1,1")))), end="")
    id,label,pattern,point_1,gradient_1_1,offset_1
    0,R1,1,1/4,2,1
    1,R2,0,-1/4,0,1
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not rows:
        writer.writerow(["id", "label", "pattern"])
        return buffer.getvalue()
    d = len(rows[0].point)
    m = len(rows[0].offset)
    header = ["id", "label", "pattern", *(f"point_{j + 1}" for j in range(d))]
    for k in range(m):
        header += [f"gradient_{k + 1}_{j + 1}" for j in range(d)] + [f"offset_{k + 1}"]
    writer.writerow(header)
    for row in rows:
        cells = [str(row.index - 1), row.label, row.pattern_string, *(format_fraction(v) for v in row.point)]
        for k in range(m):
            cells += [format_fraction(v) for v in row.gradient[k]] + [format_fraction(row.offset[k])]
        writer.writerow(cells)
    return buffer.getvalue()
