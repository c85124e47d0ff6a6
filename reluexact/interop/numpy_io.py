"""numpy arrays and ``.npz`` files holding W, b, A, c.

Shapes follow the exact model: W is (n, d), b is (n,), A is (m, n), c is (m,),
so f(x) = A relu(W x + b) + c. Float arrays (any precision) are taken at their
exact binary values (lossless); integer arrays are exact. An ``.npz`` file has
exactly the keys ``W, b, A, c`` (as written by ``numpy.savez(path, W=..., b=...,
A=..., c=...)``); it is read with ``allow_pickle=False``, so a hostile file cannot
run code, and archives over :data:`MAX_NPZ_BYTES` (1 GiB decompressed) are refused
before anything is decompressed.

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
import os
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from reluexact.atomic import write_bytes_atomic
from reluexact.errors import InvalidArgument, ModelFormatError, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction

__all__ = ["MAX_NPZ_BYTES", "from_arrays", "read_npz", "save_npz", "to_arrays"]

#: Default cap on the decompressed size of an ``.npz`` model (1 GiB).
MAX_NPZ_BYTES = 2**30

_KEYS = ("W", "b", "A", "c")
_NDIM = {"W": 2, "b": 1, "A": 2, "c": 1}
_SHAPE_TEXT = {"W": "(n, d)", "b": "(n,)", "A": "(m, n)", "c": "(m,)"}


def _check_array(value: Any, key: str, where: str) -> np.ndarray:
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ShapeError(f"{where}: {key} is not a rectangular array ({error})") from None
    if array.dtype == object:
        raise ModelFormatError(
            f"{where}: {key} has dtype object; give numeric arrays here, or build exact networks with TwoLayerReLU"
        )
    if array.dtype.kind == "b" or array.dtype.kind not in "iuf":
        raise ModelFormatError(f"{where}: {key} has dtype {array.dtype}; expected a float or integer array")
    if array.ndim != _NDIM[key]:
        hint = " (for one output write A with shape (1, n))" if key == "A" and array.ndim == 1 else ""
        raise ShapeError(f"{where}: {key} must have shape {_SHAPE_TEXT[key]} but has shape {array.shape}{hint}")
    return array


def from_arrays(W: Any, b: Any, A: Any, c: Any, *, where: str = "arrays") -> TwoLayerReLU:
    """Exact network from numpy arrays (floats at their exact binary values, ints exact).

    Parameters
    ----------
    W, b, A, c : array-like
        Shapes (n, d), (n,), (m, n), (m,). n = 0 is allowed: W of shape (0, d) keeps d.
    where : str
        Prefix for error messages.

    Raises
    ------
    ShapeError
        On wrong numbers of dimensions or inconsistent shapes.
    ModelFormatError
        On non-numeric arrays.
    RationalParseError
        On NaN or infinite entries, with their position.

    Examples
    --------
    >>> import numpy as np
    >>> from_arrays(np.zeros((0, 3)), np.zeros(0), np.zeros((1, 0)), np.ones(1))
    TwoLayerReLU(d=3, n=0, m=1)
    >>> from_arrays([[1.0]], [0.0], [1.0], [0.0])
    Traceback (most recent call last):
    ...
    reluexact.errors.ShapeError: arrays: A must have shape (m, n) but has shape (1,)
    (for one output write A with shape (1, n))
    """
    arrays = {key: _check_array(value, key, where) for key, value in zip(_KEYS, (W, b, A, c), strict=True)}
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
    """
    arrays = tuple(np.array(array, dtype=np.float64) for array in net.float_arrays)
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


def read_npz(path: str | os.PathLike[str], *, max_bytes: int = MAX_NPZ_BYTES) -> TwoLayerReLU:
    """Read a network from an ``.npz`` file with keys ``W, b, A, c`` (no pickles).

    Parameters
    ----------
    path : str or os.PathLike
    max_bytes : int, keyword-only
        Refuse archives whose arrays would take more than this many bytes once
        decompressed (default :data:`MAX_NPZ_BYTES`, 1 GiB), checked before anything is
        decompressed: a small compressed file cannot exhaust memory.

    Raises
    ------
    ModelFormatError
        When the file is not a readable npz, is too large, holds pickled objects, or lacks
        or adds keys.

    Examples
    --------
    >>> import pathlib, tempfile, numpy as np
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "weights.npz"
    >>> np.savez(path, W=np.eye(2), b=np.zeros(2), A=np.ones((1, 2)), c=np.zeros(1))
    >>> read_npz(path)
    TwoLayerReLU(d=2, n=2, m=1)
    """
    file = Path(path)
    where = str(file)
    if zipfile.is_zipfile(file):
        with zipfile.ZipFile(file) as archive:
            size = sum(member.file_size for member in archive.infolist())
        if size > max_bytes:
            raise ModelFormatError(
                f"{where}: arrays of {size} bytes (decompressed) exceed the limit of {max_bytes} bytes "
                "(pass max_bytes=... to read_npz to raise it)"
            )
    try:
        loaded = np.load(file, allow_pickle=False)
        if not hasattr(loaded, "files"):  # a plain .npy array, not an archive of named arrays
            raise ModelFormatError(f"{where}: holds a single array, not an npz archive with W, b, A, c")
        with loaded as data:
            keys = set(data.files)
            missing = [key for key in _KEYS if key not in keys]
            if missing:
                raise ModelFormatError(
                    f"{where}: missing array {missing[0]!r}; an npz model holds exactly W, b, A, c "
                    f"(it has {', '.join(sorted(keys)) or 'none'})"
                )
            extra = sorted(keys - set(_KEYS))
            if extra:
                raise ModelFormatError(f"{where}: unknown array {extra[0]!r}; an npz model holds exactly W, b, A, c")
            arrays = [data[key] for key in _KEYS]
    except ModelFormatError:
        raise
    except ValueError as error:  # object arrays need pickles, which are refused
        raise ModelFormatError(f"{where}: cannot read the npz safely: {error}") from None
    except (OSError, zipfile.BadZipFile, EOFError) as error:
        raise ModelFormatError(f"{where}: not a readable npz file ({error})") from None
    return from_arrays(*arrays, where=where)
