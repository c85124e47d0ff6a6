"""numpy arrays and ``.npz`` files holding W, b, A, c.

Shapes follow the exact model: W is (n, d), b is (n,), A is (m, n), c is (m,),
so f(x) = A relu(W x + b) + c. Float arrays (any precision) are taken at their
exact binary values (lossless: float16 to longdouble), integer arrays are exact;
bool, complex and object arrays are refused. An ``.npz`` file has exactly the keys
``W, b, A, c`` (as written by ``numpy.savez(path, W=..., b=..., A=..., c=...)``).
It is never unpickled: the ``.npy`` headers are parsed and checked against
:class:`~reluexact.limits.Limits` (file size, inflated size, compression ratio,
elements, inputs, units) before any member is decompressed, and the data is then
read with ``numpy.frombuffer``, so a hostile file can neither run code nor exhaust
memory.

Writing stores float64 arrays, which is lossless only for weights that are
float64 numbers (dyadic rationals of bounded size, e.g. anything loaded from
floats). Other rationals (1/3) would be rounded: :func:`save_npz` refuses them
unless ``allow_rounding=True``. Use JSON for an exact file.

Examples
--------
>>> import numpy as np
>>> net = from_arrays(np.array([[0.5, -1.0]]), np.array([0.25]), np.array([[2.0]]), np.array([0.0]))
>>> net.hidden_weights
((Fraction(1, 2), Fraction(-1, 1)),)
>>> [a.tolist() for a in to_arrays(net)]
[[[0.5, -1.0]], [0.25], [[2.0]], [0.0]]
"""

from __future__ import annotations

import io
import math
import os
import zipfile
import zlib
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from reluexact.atomic import write_bytes_atomic
from reluexact.errors import InvalidArgument, ModelFormatError, ShapeError
from reluexact.limits import Limits, check_shapes, default_limits, exceeded
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction

__all__ = ["from_arrays", "read_npz", "save_npz", "to_arrays"]

_KEYS = ("W", "b", "A", "c")
_NDIM = {"W": 2, "b": 1, "A": 2, "c": 1}
_SHAPE_TEXT = {"W": "(n, d)", "b": "(n,)", "A": "(m, n)", "c": "(m,)"}


#: Why each refused dtype kind is refused.
_REFUSED_KINDS = {
    "b": "booleans are not weights; convert with astype(float) or astype(int) first",
    "c": "complex weights have no ReLU; give real weights",
    "O": "object arrays need pickles, which are refused; give numeric arrays, or build exact networks with "
    "TwoLayerReLU",
    "V": "structured or raw-bytes arrays are not weights",
    "U": "text arrays are not weights",
    "S": "byte-string arrays are not weights",
    "M": "dates are not weights",
    "m": "time spans are not weights",
}


def _check_dtype(dtype: np.dtype[Any], key: str, where: str) -> None:
    """Accept exactly the dtypes read exactly: every float (float16 ... longdouble) and integer dtype."""
    if dtype.hasobject or dtype.kind not in "iuf" or dtype.shape != () or dtype.fields is not None:
        reason = _REFUSED_KINDS.get(dtype.kind, "expected a float or integer array")
        raise ModelFormatError(f"{where}: {key} has dtype {dtype}; {reason}")


def _check_array(value: Any, key: str, where: str) -> np.ndarray:
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ShapeError(f"{where}: {key} is not a rectangular array ({error})") from None
    _check_dtype(array.dtype, key, where)
    if array.ndim != _NDIM[key]:
        hint = " (for one output write A with shape (1, n))" if key == "A" and array.ndim == 1 else ""
        raise ShapeError(f"{where}: {key} must have shape {_SHAPE_TEXT[key]} but has shape {array.shape}{hint}")
    return array


def from_arrays(W: Any, b: Any, A: Any, c: Any, *, where: str = "arrays", limits: Limits | None = None) -> TwoLayerReLU:
    """Exact network from numpy arrays (floats at their exact binary values, ints exact).

    Every float dtype is read at its exact binary value, float16, float32, float64 and
    longdouble (float128: its 64-bit mantissa kept, through ``as_integer_ratio``), and
    every integer dtype exactly; bool, complex, object, text and structured arrays are
    refused.

    Parameters
    ----------
    W, b, A, c : array-like
        Shapes (n, d), (n,), (m, n), (m,). n = 0 is allowed: W of shape (0, d) keeps d.
    where : str
        Prefix for error messages.
    limits : Limits, keyword-only
        Bounds on d, n, m and the number of weights, checked before converting
        (default :func:`reluexact.limits.default_limits`).

    Raises
    ------
    ShapeError
        On wrong numbers of dimensions or inconsistent shapes.
    ModelFormatError
        On arrays of a refused dtype, or shapes over ``limits``.
    RationalParseError
        On NaN or infinite entries, with their position.

    Examples
    --------
    >>> import numpy as np
    >>> from_arrays(np.zeros((0, 3)), np.zeros(0), np.zeros((1, 0)), np.ones(1))
    TwoLayerReLU(d=3, n=0, m=1)
    >>> x = np.longdouble(1) + np.longdouble(2) ** -60  # float128: more bits than a float64
    >>> from_arrays([[x]], [0], [[1]], [0]).hidden_weights[0][0] == 1 + Fraction(1, 2**60)
    True
    >>> from_arrays([[1.0]], [0.0], [1.0], [0.0])
    Traceback (most recent call last):
    ...
    reluexact.errors.ShapeError: arrays: A must have shape (m, n) but has shape (1,)
    (for one output write A with shape (1, n))
    """
    arrays = {key: _check_array(value, key, where) for key, value in zip(_KEYS, (W, b, A, c), strict=True)}
    check_shapes(where, [(key, key, array.shape) for key, array in arrays.items()], limits or default_limits())
    d = arrays["W"].shape[1]
    if d == 0:
        raise ShapeError(f"{where}: W has shape {arrays['W'].shape}; a network needs d >= 1 inputs")
    try:
        return TwoLayerReLU.from_float_arrays(arrays["W"], arrays["b"], arrays["A"], arrays["c"], input_dim=d)
    except (ShapeError, ModelFormatError) as error:
        raise type(error)(f"{where}: {error}") from None
    except InvalidArgument as error:  # RationalParseError: NaN / inf with its position
        raise type(error)(f"{where}: {error}") from None


def to_arrays(net: TwoLayerReLU, *, allow_rounding: bool = False) -> tuple[np.ndarray, ...]:
    """(W, b, A, c) as new writable float64 arrays.

    Parameters
    ----------
    net : TwoLayerReLU
    allow_rounding : bool, keyword-only
        When false (default), refuse networks whose weights are not all exactly
        float64 numbers, so that nothing is rounded silently.

    Raises
    ------
    InvalidArgument
        When a weight is not a float64 and ``allow_rounding`` is false.

    Examples
    --------
    >>> to_arrays(TwoLayerReLU([["1/3"]], [0], [[1]], [0]))
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: W[0][0] = 1/3 is not exactly a float64; pass allow_rounding=True to round \
to the nearest float64, or save as JSON to keep it exact
    >>> to_arrays(TwoLayerReLU([["1/3"]], [0], [[1]], [0]), allow_rounding=True)[0]
    array([[0.33333333]])
    >>> to_arrays(TwoLayerReLU([["1e400"]], [0], [[1]], [0]), allow_rounding=True)
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: W[0][0] is beyond the float64 range (it would round to inf, even ...
    """
    arrays = tuple(np.array(array, dtype=np.float64) for array in net.float_arrays)
    for name, array in zip(("W", "b", "A", "c"), arrays, strict=True):
        if not np.all(np.isfinite(array)):
            where = tuple(int(v) for v in np.argwhere(~np.isfinite(array))[0])
            raise InvalidArgument(
                f"{name}{''.join(f'[{v}]' for v in where)} is beyond the float64 range (it would round to "
                "inf, even with allow_rounding=True); save as JSON to keep it exact"
            )
    if not allow_rounding:
        inexact = _first_inexact(net, arrays)
        if inexact is not None:
            position, value = inexact
            raise InvalidArgument(
                f"{position} = {format_fraction(value)} is not exactly a float64; pass allow_rounding=True to "
                "round to the nearest float64, or save as JSON to keep it exact"
            )
    return arrays


def _first_inexact(net: TwoLayerReLU, arrays: tuple[np.ndarray, ...]) -> tuple[str, Fraction] | None:
    W, b, A, c = arrays
    for i, row in enumerate(net.W):
        for j, value in enumerate(row):
            if not _same(W[i, j], value):
                return f"W[{i}][{j}]", value
    for i, value in enumerate(net.b):
        if not _same(b[i], value):
            return f"b[{i}]", value
    for k, row in enumerate(net.A):
        for i, value in enumerate(row):
            if not _same(A[k, i], value):
                return f"A[{k}][{i}]", value
    for k, value in enumerate(net.c):
        if not _same(c[k], value):
            return f"c[{k}]", value
    return None


def _same(rounded: np.floating[Any], exact: Fraction) -> bool:
    return bool(np.isfinite(rounded)) and Fraction(float(rounded)) == exact


def save_npz(net: TwoLayerReLU, path: str | os.PathLike[str], *, allow_rounding: bool = False) -> None:
    """Write W, b, A, c as float64 arrays to an ``.npz`` file, atomically.

    Parameters
    ----------
    net : TwoLayerReLU
    path : str or os.PathLike
        Written exactly as given (numpy's habit of appending ``.npz`` is not followed).
    allow_rounding : bool, keyword-only
        See :func:`to_arrays`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.npz"
    >>> net = TwoLayerReLU([[1, "1/2"]], ["-3/4"], [[2], [-1]], [0, "1/8"])
    >>> save_npz(net, path)
    >>> read_npz(path) == net
    True
    """
    W, b, A, c = to_arrays(net, allow_rounding=allow_rounding)
    buffer = io.BytesIO()
    np.savez(buffer, W=W, b=b, A=A, c=c)
    write_bytes_atomic(path, buffer.getvalue())


def read_npz(path: str | os.PathLike[str], *, limits: Limits | None = None) -> TwoLayerReLU:
    """Read a network from an ``.npz`` file with keys ``W, b, A, c`` (no pickles).

    Nothing is decompressed or allocated before the sizes the file claims pass ``limits``:
    the file size, then each zip member's sizes and compression ratio from the zip
    directory, then each member's ``.npy`` header (dtype and shape: elements, inputs,
    units), which must also agree with the member's size. Only then are the arrays read,
    with ``numpy.frombuffer`` (never unpickled).

    Parameters
    ----------
    path : str or os.PathLike
    limits : Limits, keyword-only
        Default :func:`reluexact.limits.default_limits` (see :class:`reluexact.limits.Limits`).

    Raises
    ------
    ModelFormatError
        When the file is not a readable npz, is over a limit, holds pickled objects or an
        unsupported dtype, or lacks or adds keys.

    Examples
    --------
    >>> import pathlib, tempfile, numpy as np
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "weights.npz"
    >>> np.savez(path, W=np.eye(2), b=np.zeros(2), A=np.ones((1, 2)), c=np.zeros(1))
    >>> read_npz(path)
    TwoLayerReLU(d=2, n=2, m=1)
    >>> read_npz(path, limits=Limits(max_elements=5))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.ModelFormatError: ...weights.npz: the model has 6 weights, over the limit max_elements = 5; ...
    """
    limits = limits or default_limits()
    file = Path(path)
    where = str(file)
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise ModelFormatError(f"{where}: not a regular file")
        if size > limits.max_file_bytes:
            raise exceeded(where, f"the file has {size} bytes", size, "max_file_bytes", limits.max_file_bytes)
        with file.open("rb") as handle:
            if handle.read(6) == b"\x93NUMPY":  # a plain .npy array, not an archive of named arrays
                raise ModelFormatError(f"{where}: holds a single array, not an npz archive with W, b, A, c")
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                members = _members(archive, where, limits)
                headers = {key: _npy_header(archive, info, where) for key, info in members.items()}
                check_shapes(where, [(key, key, headers[key][1]) for key in _KEYS], limits)
                arrays = [_npy_data(archive, members[key], headers[key]) for key in _KEYS]
    except ModelFormatError:
        raise
    except (OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error, NotImplementedError) as error:
        text = (getattr(error, "strerror", None) or str(error)).strip().splitlines()
        raise ModelFormatError(
            f"{where}: not a readable npz file ({text[0][:200] if text else type(error).__name__})"
        ) from None
    return from_arrays(*arrays, where=where, limits=limits)


#: Zip members larger than this (inflated) must compress by at most ``max_compression_ratio``.
_RATIO_FLOOR = 2**20


def _members(archive: zipfile.ZipFile, where: str, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in archive.infolist():
        key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
        if key in members:
            raise ModelFormatError(f"{where}: the archive holds {key!r} twice")
        if key not in _KEYS:
            raise ModelFormatError(f"{where}: unknown array {key[:60]!r}; an npz model holds exactly W, b, A, c")
        if info.flag_bits & 0x1:
            raise ModelFormatError(f"{where}: {key!r} is encrypted; reluexact reads plain npz files")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ModelFormatError(
                f"{where}: {key!r} uses zip compression method {info.compress_type}; numpy.savez and "
                "savez_compressed write stored or deflated members only"
            )
        total += info.file_size
        if total > limits.max_inflated_bytes:
            raise exceeded(
                where,
                f"the arrays take {total} bytes decompressed",
                total,
                "max_inflated_bytes",
                limits.max_inflated_bytes,
            )
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise exceeded(
                where,
                f"{key!r} inflates from {info.compress_size} to {info.file_size} bytes (ratio {ratio}, a zip bomb?)",
                ratio,
                "max_compression_ratio",
                limits.max_compression_ratio,
            )
        members[key] = info
    missing = [key for key in _KEYS if key not in members]
    if missing:
        raise ModelFormatError(
            f"{where}: missing array {missing[0]!r}; an npz model holds exactly W, b, A, c "
            f"(it has {', '.join(sorted(members)) or 'none'})"
        )
    return members


#: (header length in bytes, shape, dtype, fortran order) of one ``.npy`` member.
_Header = tuple[int, tuple[int, ...], np.dtype[Any], bool]


def _npy_header(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> _Header:
    """The dtype and shape an ``.npy`` member claims, read from its header alone, then checked."""
    key = info.filename.removesuffix(".npy")
    with archive.open(info) as stream:
        try:
            version = np.lib.format.read_magic(stream)
        except ValueError:
            raise ModelFormatError(f"{where}: {key!r} is not a .npy array") from None
        if version == (1, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(stream)
        else:
            raise ModelFormatError(f"{where}: {key!r} is a .npy file of version {version}; expected 1.0 or 2.0")
        header_bytes = stream.tell()
    _check_dtype(dtype, key, where)
    data_bytes = math.prod(shape) * dtype.itemsize
    if header_bytes + data_bytes != info.file_size:
        raise ModelFormatError(
            f"{where}: {key!r} claims shape {shape} of {dtype} ({data_bytes} bytes) but holds "
            f"{info.file_size - header_bytes} bytes of data; the file is damaged or forged"
        )
    return header_bytes, shape, dtype, fortran_order


def _npy_data(archive: zipfile.ZipFile, info: zipfile.ZipInfo, header: _Header) -> np.ndarray:
    header_bytes, shape, dtype, fortran_order = header
    with archive.open(info) as stream:
        data = stream.read(info.file_size)
    count = math.prod(shape)
    return np.frombuffer(data, dtype=dtype, count=count, offset=header_bytes).reshape(
        shape, order="F" if fortran_order else "C"
    )
