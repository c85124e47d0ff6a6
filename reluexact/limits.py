"""Limits on what reluexact reads and builds: one value, checked before anything is allocated.

reluexact reads model files written by other people. A tiny hostile file can claim a huge
array (an ``.npy`` header saying 10^11 floats), inflate without end (a zip bomb), or hold a
torch tensor whose shape is far larger than its storage (``expand``). Every reader checks
the sizes a file *claims* (file size, zip member sizes, ``.npy`` headers, tensor shapes and
strides, JSON ``input_dim``) against a :class:`Limits` before it decompresses, allocates or
converts anything, and raises a one-line :class:`~reluexact.errors.ModelFormatError` naming
the limit and how to raise it. The same value bounds the numerals of every rational parser
(:func:`reluexact.rational.to_fraction`), the ONNX reader, the points CSV reader and the knots
of a 1-D construction, so one :class:`Limits` (or one ``RELUEXACT_LIMITS``) governs them all.

Raise a limit from Python with ``load_model(path, limits=Limits(max_elements=10**8))`` (or
``read_npz``, ``read_json``, ``read_torch``, ``from_arrays``, ``from_state_dict``,
``from_torch``, ``from_sklearn``); from the command line (or for every call that passes no
``limits``) with the environment variable ``RELUEXACT_LIMITS``, a comma-separated list of
``field=value`` (``RELUEXACT_LIMITS="max_elements=100000000,max_file_bytes=4GiB"``).

Examples
--------
>>> Limits().max_input_dim
1000000
>>> Limits(max_elements=10).max_elements
10
>>> Limits.parse("max_elements=2**10, max_file_bytes=1MiB")  # doctest: +ELLIPSIS
Limits(max_file_bytes=1048576, max_inflated_bytes=268435456, max_compression_ratio=200, \
max_elements=1024, max_input_dim=1000000, max_units=1000000, max_numeral_length=10000, ...)
"""

from __future__ import annotations

import functools
import math
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from reluexact.errors import InvalidArgument, ModelFormatError

__all__ = [
    "LIMITS_ENVIRONMENT_VARIABLE",
    "Limits",
    "check_shapes",
    "default_limits",
    "exceeded",
    "input_file_size",
    "nested_shape",
]

#: The environment variable read by :func:`default_limits` (the CLI's way to raise a limit).
LIMITS_ENVIRONMENT_VARIABLE = "RELUEXACT_LIMITS"

_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
_VALUE_RE = re.compile(r"^\s*(\d+)\s*(?:\*\*\s*(\d+))?\s*([a-zA-Z]*)\s*$")


@dataclass(frozen=True, slots=True)
class Limits:
    """What reluexact reads and builds; every field a positive integer.

    Parameters
    ----------
    max_file_bytes : int
        Bytes of a model file on disk (JSON, npz, torch); default 256 MiB. Checked before
        reading.
    max_inflated_bytes : int
        Total bytes of the arrays of an ``.npz`` once decompressed, from the zip directory,
        before decompressing; default 256 MiB.
    max_compression_ratio : int
        Inflated over compressed size of one ``.npz`` member larger than 1 MiB; default 200
        (real weights compress by less than 2, zip bombs by about 1000).
    max_elements : int
        Weights in the whole model (all of W, b, A, c), from the shapes before any array is
        read; default 2**22 (about 4.2 million, some 20 s and 1 GB to convert exactly).
    max_input_dim : int
        d, the number of inputs (JSON ``input_dim``, columns of W); default 10**6.
    max_units : int
        n hidden units and m outputs, each; default 10**6.
    max_numeral_length : int
        Characters of one numeral (``"p/q"``, a decimal, a JSON integer) any parser reads;
        default 10 000 (parsing is quadratic in the length beyond CPython's 4 300 digits). Also
        the largest value, in decimal digits, of a 1-D construction's node value.
    max_exponent : int
        The largest absolute exponent of a decimal numeral (``"1e999999999"`` would build a gigantic
        integer); default 1 000.
    max_knots : int
        Knots of a 1-D construction (each costs an exact node value and a hidden unit); default
        100 000.
    max_onnx_bytes : int
        Bytes of an ONNX file, from its size before reading (protobuf holds the whole message);
        default 2**30.
    max_onnx_elements : int
        Exact numbers the ONNX reader creates (weights plus products of composed nodes), from
        the declared dims before decoding; default 10**7.
    max_points_bytes : int
        Bytes of a points CSV file, from its size before reading; default 64 MiB.
    max_points_rows : int
        Points (data rows) of a points CSV file; default 10**6.

    Examples
    --------
    >>> Limits(max_units=0)
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: Limits: max_units must be a positive integer, got 0
    """

    max_file_bytes: int = 2**28
    max_inflated_bytes: int = 2**28
    max_compression_ratio: int = 200
    max_elements: int = 2**22
    max_input_dim: int = 10**6
    max_units: int = 10**6
    max_numeral_length: int = 10_000
    max_exponent: int = 1_000
    max_knots: int = 100_000
    max_onnx_bytes: int = 2**30
    max_onnx_elements: int = 10**7
    max_points_bytes: int = 64 * 2**20
    max_points_rows: int = 1_000_000

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidArgument(f"Limits: {field.name} must be a positive integer, got {value!r}")

    @classmethod
    def parse(cls, text: str, *, base: Limits | None = None) -> Limits:
        """Read ``"field=value, field=value"``; values are integers, ``2**30`` or ``4GiB``/``10M``.

        Examples
        --------
        >>> Limits.parse("max_units=10k").max_units
        10000
        >>> Limits.parse("max_weights=1")
        Traceback (most recent call last):
        ...
        reluexact.errors.InvalidArgument: Limits: unknown limit 'max_weights'; the limits are max_file_bytes, \
max_inflated_bytes, max_compression_ratio, max_elements, max_input_dim, max_units, max_numeral_length, \
max_exponent, max_knots, max_onnx_bytes, max_onnx_elements, max_points_bytes, max_points_rows
        """
        names = [field.name for field in fields(cls)]
        changes: dict[str, int] = {}
        for item in text.split(","):
            if not item.strip():
                continue
            name, equals, value = item.partition("=")
            name = name.strip()
            if not equals:
                raise InvalidArgument(f"Limits: {item.strip()!r} is not field=value (e.g. max_elements=100000000)")
            if name not in names:
                raise InvalidArgument(f"Limits: unknown limit {name!r}; the limits are {', '.join(names)}")
            match = _VALUE_RE.match(value)
            if match is None or match.group(3).lower() not in _UNITS or len(value) > 40:
                raise InvalidArgument(f"Limits: {name}={value.strip()!r} is not an integer like 1000000, 2**30 or 4GiB")
            number, power, unit = match.groups()
            if power is not None and int(power) > 64:
                raise InvalidArgument(f"Limits: {name}={value.strip()!r} is too large (powers up to **64)")
            changes[name] = (int(number) ** int(power) if power else int(number)) * _UNITS[unit.lower()]
        return replace(base or cls(), **changes)


def default_limits() -> Limits:
    """The limits used when a reader is given none: the defaults, changed by ``RELUEXACT_LIMITS``.

    Examples
    --------
    >>> import os
    >>> os.environ.get("RELUEXACT_LIMITS") is None and default_limits() == Limits()
    True
    """
    return _limits_from(os.environ.get(LIMITS_ENVIRONMENT_VARIABLE) or "")


@functools.lru_cache(maxsize=8)
def _limits_from(text: str) -> Limits:
    # cached: the rational parsers ask for the default limits once per numeral
    if not text:
        return Limits()
    try:
        return Limits.parse(text)
    except InvalidArgument as error:
        raise InvalidArgument(f"{LIMITS_ENVIRONMENT_VARIABLE}: {error}") from None


def input_file_size(path: str | os.PathLike[str], what: str = "model file") -> int:
    """The size of the regular file ``path``; anything else is one clear error, *before it is opened*.

    Opening a FIFO blocks until a writer comes, and a device (``/dev/zero``) can be endless, so a
    reader refuses folders, devices, FIFOs and sockets from ``stat`` alone.

    Raises
    ------
    ModelFormatError
        A missing path, a folder, or anything but a regular file.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> os.mkfifo(os.path.join(folder, "m.json"))
    >>> input_file_size(os.path.join(folder, "m.json"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.ModelFormatError: ...m.json: not a regular file (a FIFO); copy the model file into a regular \
file first
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ModelFormatError(f"{path}: no such file") from None
    except (OSError, ValueError) as error:
        raise ModelFormatError(
            f"{path}: cannot read the {what} ({getattr(error, 'strerror', None) or error})"
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise ModelFormatError(f"{path}: is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device"
        raise ModelFormatError(f"{path}: not a regular file ({kind}); copy the {what} into a regular file first")
    return info.st_size


def exceeded(where: str, what: str, value: int, field: str, limit: int) -> ModelFormatError:
    """The error for ``value`` over a limit, saying how to raise it (from Python and from the CLI).

    Examples
    --------
    >>> print(exceeded("m.npz", "W has 10 elements", 10, "max_elements", 5))
    m.npz: W has 10 elements, over the limit max_elements = 5; to read it anyway pass \
limits=Limits(max_elements=10) (command line: RELUEXACT_LIMITS=max_elements=10)
    """
    return ModelFormatError(
        f"{where}: {what}, over the limit {field} = {limit}; to read it anyway pass "
        f"limits=Limits({field}={value}) (command line: {LIMITS_ENVIRONMENT_VARIABLE}={field}={value})"
    )


#: What each dimension of W, b, A, c counts: (n, d), (n,), (m, n), (m,).
_DIMENSIONS = {"W": ("n", "d"), "b": ("n",), "A": ("m", "n"), "c": ("m",)}


def check_shapes(where: str, shapes: Sequence[tuple[str, str, tuple[int, ...]]], limits: Limits) -> None:
    """Refuse shapes over the limits, before any array of these shapes is read or converted.

    Parameters
    ----------
    where : str
        The file or object, for the message.
    shapes : sequence of (role, label, shape)
        ``role`` is one of ``"W", "b", "A", "c"`` (which says what each dimension counts:
        W is (n, d), A is (m, n)); ``label`` is the name in the source (``"0.weight"``).
        Shapes of the wrong rank are left to the caller's own checks.
    limits : Limits

    Raises
    ------
    ModelFormatError
        With the limit, and how to raise it.

    Examples
    --------
    >>> check_shapes("m.npz", [("W", "W", (10**5, 10**6))], Limits())
    Traceback (most recent call last):
    ...
    reluexact.errors.ModelFormatError: m.npz: W has shape (100000, 1000000), 100000000000 weights, over the \
limit max_elements = 4194304; to read it anyway pass limits=Limits(max_elements=100000000000) (command line: \
RELUEXACT_LIMITS=max_elements=100000000000)
    """
    total = 0
    for role, label, shape in shapes:
        dimensions = _DIMENSIONS[role]
        if len(shape) == len(dimensions):
            for size, meaning in zip(shape, dimensions, strict=True):
                field = "max_input_dim" if meaning == "d" else "max_units"
                limit = getattr(limits, field)
                if size > limit:
                    counted = {"d": "inputs", "n": "hidden units", "m": "outputs"}[meaning]
                    raise exceeded(where, f"{label} has shape {shape}, {size} {counted}", size, field, limit)
        count = math.prod(shape)
        total += count
        if total > limits.max_elements:
            what = f"{label} has shape {shape}, {count} weights" if total == count else f"the model has {total} weights"
            raise exceeded(where, what, total, "max_elements", limits.max_elements)


def nested_shape(value: Any) -> tuple[int, ...]:
    """The shape nested lists claim (rows x widest row), read from their lengths alone.

    For checking a list of lists against the limits before converting its entries; a ragged
    matrix is refused later, by the code that reads it.

    Examples
    --------
    >>> nested_shape([[1, 2, 3], [4]]), nested_shape([1, 2]), nested_shape([]), nested_shape("x")
    ((2, 3), (2,), (0,), ())
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        return ()
    rows = [len(row) for row in value if isinstance(row, Sequence) and not isinstance(row, (str, bytes))]
    return (len(value), max(rows)) if rows else (len(value),)
