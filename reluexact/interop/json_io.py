"""reluexact's own JSON model format, exact and lossless.

The format (version 1)::

    {
      "format": "reluexact.two-layer-relu",
      "version": 1,
      "name": "optional free text",
      "input_dim": 2,
      "W": [["1", "-1/2"], [0, 3]],
      "b": ["1/10", -2],
      "A": [[1, "7/3"]],
      "c": [0]
    }

``W`` is n x d (row i is the weight vector w_i of hidden unit i), ``b`` has n
entries, ``A`` is m x n (row k is output k) and ``c`` has m entries, so that
f(x) = A relu(W x + b) + c. Each number is

* a JSON integer (``-2``),
* a string holding an exact rational: ``"p/q"``, ``"p"`` or a decimal (``"0.25"`` is 1/4), or
* a JSON float (``0.1``), read as the nearest float64 like every JSON reader does,
  then taken at its exact binary value (lossless rationalisation): write
  ``"1/10"`` for one tenth exactly.

``input_dim`` (d) is optional, but required when n = 0 (``"W": []``), where no
row tells d; when given it must match W. ``name`` is optional free text.
Any other key, a missing key, another ``format`` or ``version`` is refused with
a :class:`~reluexact.errors.ModelFormatError` naming the key. Booleans, NaN and
infinities are refused wherever a number is expected.

Writing (:func:`dumps_json`, :func:`save_json`) is canonical: integers below
2**53 in absolute value as JSON integers (safe for every JSON reader,
JavaScript included), every other number as a ``"p/q"`` (or ``"p"``) string,
keys in the order above, one matrix row per line; files are written atomically.

Limits against hostile input (:class:`~reluexact.limits.Limits`, passed as
``read_json(path, limits=...)``): a file over ``max_file_bytes`` (256 MiB) is
refused before it is read; ``input_dim`` over ``max_input_dim`` (10**6), more
units or weights than ``max_units``/``max_elements`` are refused before any
number is converted; a numeral longer than 10 000 characters, nesting deeper
than the interpreter can parse, non-UTF-8 bytes and names that are not valid
Unicode all raise :class:`~reluexact.errors.ModelFormatError` or
:class:`~reluexact.errors.RationalParseError` with the key.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, "-1/2"]], ["1/10"], [[3]], [0])
>>> text = dumps_json(net, name="tiny")
>>> print(text)
{
  "format": "reluexact.two-layer-relu",
  "version": 1,
  "name": "tiny",
  "input_dim": 2,
  "W": [
    [1, "-1/2"]
  ],
  "b": ["1/10"],
  "A": [
    [3]
  ],
  "c": [0]
}
>>> loads_json(text) == net
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from reluexact.atomic import write_text_atomic
from reluexact.errors import InvalidArgument, ModelFormatError, RationalParseError, ShapeError
from reluexact.limits import Limits, check_shapes, default_limits, exceeded, input_file_size, nested_shape
from reluexact.model import TwoLayerReLU
from reluexact.rational import MAX_NUMERAL_LENGTH, format_fraction, int_from_text, to_fraction

__all__ = [
    "FORMAT",
    "VERSION",
    "dumps_json",
    "loads_json",
    "network_from_json",
    "network_to_json",
    "read_json",
    "save_json",
]

#: The value of the ``"format"`` key.
FORMAT = "reluexact.two-layer-relu"
#: The only version this reader understands.
VERSION = 1

_REQUIRED = ("format", "version", "W", "b", "A", "c")
_OPTIONAL = ("name", "input_dim")
_SAFE_INT = 2**53


def _number(value: Fraction) -> int | str:
    if value.denominator == 1 and abs(value.numerator) < _SAFE_INT:
        return value.numerator
    return format_fraction(value)


def network_to_json(net: TwoLayerReLU, *, name: str | None = None) -> dict[str, Any]:
    """The JSON-ready dict of a network (exact: rationals as ints or ``"p/q"`` strings).

    Parameters
    ----------
    net : TwoLayerReLU
    name : str, optional
        Free text stored under ``"name"``.

    Returns
    -------
    dict
        Keys ``format, version, [name], input_dim, W, b, A, c``.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> network_to_json(TwoLayerReLU([["1/3"]], [0], [[2**60]], [1]))["A"]
    [['1152921504606846976']]
    """
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if name is not None:
        if not isinstance(name, str):
            raise ModelFormatError(f"name must be a string, got {type(name).__name__}")
        if not _is_unicode(name):
            raise InvalidArgument(
                f"name {name!r} is not valid Unicode text (it holds an undecodable byte or a lone surrogate, for "
                "example from a command line in another encoding); give a UTF-8 name"
            )
        document["name"] = name
    document["input_dim"] = net.input_dim
    document["W"] = [[_number(v) for v in row] for row in net.W]
    document["b"] = [_number(v) for v in net.b]
    document["A"] = [[_number(v) for v in row] for row in net.A]
    document["c"] = [_number(v) for v in net.c]
    return document


def dumps_json(net: TwoLayerReLU, *, name: str | None = None) -> str:
    """The network as canonical JSON text (one matrix row per line), ending in a newline.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> print(dumps_json(TwoLayerReLU([], [], [], ["1/2"], input_dim=3)), end="")
    {
      "format": "reluexact.two-layer-relu",
      "version": 1,
      "input_dim": 3,
      "W": [],
      "b": [],
      "A": [
        []
      ],
      "c": ["1/2"]
    }
    """
    document = network_to_json(net, name=name)
    lines = []
    for key, value in document.items():
        if key in ("W", "A"):
            if value:
                rows = ",\n".join("    " + json.dumps(row) for row in value)
                text = "[\n" + rows + "\n  ]"
            else:
                text = "[]"
        else:
            text = json.dumps(value, ensure_ascii=False)
        lines.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def save_json(net: TwoLayerReLU, path: str | os.PathLike[str], *, name: str | None = None) -> None:
    """Write the network to ``path`` as JSON, atomically (temp file + rename).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from reluexact.model import TwoLayerReLU
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.json"
    >>> net = TwoLayerReLU([[1]], ["-1/3"], [[2]], [0])
    >>> save_json(net, path)
    >>> read_json(path) == net
    True
    """
    write_text_atomic(path, dumps_json(net, name=name))


class _Unreadable:
    """What the JSON parser returns for a numeral it must refuse; reported with its key later."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _parse_int(text: str, limit: int = MAX_NUMERAL_LENGTH) -> int | _Unreadable:
    if len(text) > limit:
        return _Unreadable(
            f"an integer of {len(text)} digits is too long (limit {limit}); to read it pass "
            f"limits=Limits(max_numeral_length={len(text)}) "
            f"(command line: RELUEXACT_LIMITS=max_numeral_length={len(text)})"
        )
    return int_from_text(text)


def _parse_constant(text: str) -> _Unreadable:
    return _Unreadable(f"{text} is not a finite number; weights must be finite")


def loads_json(text: str | bytes, *, where: str = "JSON", limits: Limits | None = None) -> TwoLayerReLU:
    """Read a network from JSON text; see the module docstring for the format.

    Parameters
    ----------
    text : str or bytes
        The JSON document (bytes must be UTF-8).
    where : str
        Prefix for error messages (typically the file name).

    Raises
    ------
    ModelFormatError
        Invalid JSON, wrong ``format``/``version``, missing or unknown keys, nesting too deep.
    ShapeError, RationalParseError
        Inconsistent shapes or unreadable numbers, with the key, row and column.

    Examples
    --------
    >>> loads_json('{"format": "reluexact.two-layer-relu", "version": 1, '
    ...            '"W": [[1]], "b": ["1/2"], "A": [[0.5]], "c": [0]}').output_weights
    ((Fraction(1, 2),),)
    >>> loads_json('{"format": "reluexact.two-layer-relu", "version": 2}', where="net.json")
    Traceback (most recent call last):
    ...
    reluexact.errors.ModelFormatError: net.json: unsupported version 2 (this reader knows version 1)
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ModelFormatError(f"{where}: not UTF-8 text (byte {error.start}); is this a JSON file?") from None
    try:
        limit = (limits or default_limits()).max_numeral_length
        document = json.loads(text, parse_int=lambda digits: _parse_int(digits, limit), parse_constant=_parse_constant)
    except RecursionError:
        raise ModelFormatError(f"{where}: JSON nested too deeply to be a model") from None
    except json.JSONDecodeError as error:
        raise ModelFormatError(
            f"{where}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except ValueError as error:  # e.g. numerals beyond CPython's limits
        raise ModelFormatError(f"{where}: cannot read the JSON: {error}") from None
    return network_from_json(document, where=where, limits=limits)


def network_from_json(document: Any, *, where: str = "JSON", limits: Limits | None = None) -> TwoLayerReLU:
    """Build the exact network from a parsed JSON document (a dict).

    Examples
    --------
    >>> network_from_json({"format": "reluexact.two-layer-relu", "version": 1,
    ...                    "W": [[1]], "b": [0], "A": [[1]]})
    Traceback (most recent call last):
    ...
    reluexact.errors.ModelFormatError: JSON: missing key 'c' (the output bias, a list of m numbers)
    """
    if not isinstance(document, Mapping):
        raise ModelFormatError(f"{where}: the top level must be a JSON object, got {_json_type(document)}")
    if "format" not in document:
        raise ModelFormatError(f"{where}: missing key 'format' (expected {FORMAT!r}); is this a reluexact model?")
    if document["format"] != FORMAT:
        raise ModelFormatError(f"{where}: unknown format {_short(document['format'])} (expected {FORMAT!r})")
    if "version" not in document:
        raise ModelFormatError(f"{where}: missing key 'version' (expected {VERSION})")
    version = document["version"]
    if isinstance(version, _Unreadable):
        raise ModelFormatError(f"{where}: 'version': {version.reason}")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ModelFormatError(f"{where}: 'version' must be the integer {VERSION}, got {_short(version)}")
    if version != VERSION:
        raise ModelFormatError(f"{where}: unsupported version {version} (this reader knows version {VERSION})")
    descriptions = {
        "W": "the hidden weights, a list of n rows of d numbers",
        "b": "the hidden bias, a list of n numbers",
        "A": "the output weights, a list of m rows of n numbers",
        "c": "the output bias, a list of m numbers",
    }
    for key in _REQUIRED:
        if key not in document:
            raise ModelFormatError(f"{where}: missing key {key!r} ({descriptions[key]})")
    unknown = sorted(str(key) for key in document if key not in _REQUIRED + _OPTIONAL)
    if unknown:
        raise ModelFormatError(
            f"{where}: unknown key {unknown[0]!r}"
            + (f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else "")
            + f"; allowed keys are {', '.join(_REQUIRED + _OPTIONAL)}"
        )
    if "name" in document and not isinstance(document["name"], str):
        raise ModelFormatError(f"{where}: 'name' must be a string, got {_json_type(document['name'])}")
    if "name" in document and not _is_unicode(document["name"]):
        raise ModelFormatError(f"{where}: 'name' is not valid Unicode text (it holds a lone surrogate such as \\ud800)")
    input_dim = document.get("input_dim")
    if isinstance(input_dim, _Unreadable):
        raise ModelFormatError(f"{where}: 'input_dim': {input_dim.reason}")
    if input_dim is not None and (isinstance(input_dim, bool) or not isinstance(input_dim, int) or input_dim < 1):
        raise ModelFormatError(f"{where}: 'input_dim' must be a positive integer, got {_short(input_dim)}")
    limits = limits or default_limits()
    if input_dim is not None and input_dim > limits.max_input_dim:
        raise exceeded(where, f"'input_dim' is {input_dim}", input_dim, "max_input_dim", limits.max_input_dim)
    check_shapes(where, [(key, key, nested_shape(document[key])) for key in "WbAc"], limits)
    W = _matrix(document["W"], "W", where, limits)
    b = _vector(document["b"], "b", where, limits)
    A = _matrix(document["A"], "A", where, limits)
    c = _vector(document["c"], "c", where, limits)
    try:
        return TwoLayerReLU(W, b, A, c, input_dim=input_dim)
    except ShapeError as error:
        raise ShapeError(f"{where}: {error}") from None


def _entry(value: Any, at: str, where: str, limits: Limits) -> Fraction:
    if isinstance(value, (list, dict)):
        raise ShapeError(f"{where}: {at} is a JSON {_json_type(value)} where a number is expected")
    if value is None:
        raise RationalParseError(f"{where}: {at} is null where a number is expected")
    if isinstance(value, _Unreadable):
        raise RationalParseError(f"{where}: {at}: {value.reason}")
    try:
        return to_fraction(value, where=at, allow_float=isinstance(value, float), limits=limits)
    except RationalParseError as error:
        raise RationalParseError(f"{where}: {error}") from None


def _vector(value: Any, key: str, where: str, limits: Limits) -> list[Fraction]:
    if not isinstance(value, list):
        raise ShapeError(f"{where}: {key!r} must be a list of numbers, got {_json_type(value)}")
    return [_entry(item, f"{key}[{k}]", where, limits) for k, item in enumerate(value)]


def _matrix(value: Any, key: str, where: str, limits: Limits) -> list[list[Fraction]]:
    if not isinstance(value, list):
        raise ShapeError(f"{where}: {key!r} must be a list of rows, got {_json_type(value)}")
    rows = []
    for i, row in enumerate(value):
        if not isinstance(row, list):
            raise ShapeError(f"{where}: {key}[{i}] must be a row (a list of numbers), got {_json_type(row)}")
        rows.append([_entry(item, f"{key}[{i}][{j}]", where, limits) for j, item in enumerate(row)])
    return rows


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_type(value: Any) -> str:
    if isinstance(value, _Unreadable):
        return "unreadable number"
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}
    if value is None:
        return "null"
    return names.get(type(value), type(value).__name__)


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, _Unreadable):
        return "an unreadable number"
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_json(path: str | os.PathLike[str], *, limits: Limits | None = None) -> TwoLayerReLU:
    """Read a network from a JSON file.

    Parameters
    ----------
    path : str or os.PathLike
    limits : Limits, keyword-only
        Files over ``limits.max_file_bytes`` (default 256 MiB) are refused before they are
        read; ``input_dim``, the units and the number of weights are checked before any
        number is converted (default :func:`reluexact.limits.default_limits`).

    Raises
    ------
    ModelFormatError
        On an unreadable, oversized or malformed file (see :func:`loads_json`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "big.json"
    >>> _ = path.write_text(" " * 100)
    >>> read_json(path, limits=Limits(max_file_bytes=10))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.ModelFormatError: ...big.json: the file has 100 bytes, over the limit max_file_bytes = 10; ...
    """
    file = Path(path)
    limits = limits or default_limits()
    input_file_size(file)  # a FIFO would block in open, a device could be endless
    try:
        with file.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        raise ModelFormatError(f"{file}: cannot read: {error.strerror or error}") from None
    if len(data) > limits.max_file_bytes:
        size = max(file.stat().st_size, len(data))
        raise exceeded(str(file), f"the file has {size} bytes", size, "max_file_bytes", limits.max_file_bytes)
    return loads_json(data, where=str(file), limits=limits)
