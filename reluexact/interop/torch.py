"""PyTorch: ``nn.Sequential(Linear, ReLU, Linear)`` modules and their state_dict files.

Reading takes every float weight at its exact binary value (float16, bfloat16,
float32 and float64 all convert to float64 without rounding), so the exact
network computes precisely the function the module defines. Files are loaded
with ``torch.load(path, weights_only=True, map_location="cpu")`` only: a file
that needs arbitrary unpickling (a whole pickled module) is refused, because
unpickling can run code. Save models for reluexact with
``torch.save(model.state_dict(), "model.pt")``.

A state_dict does not record activations; it is accepted when it holds exactly
two Linear layers (two 2-D ``*.weight`` tensors with optional ``*.bias``), as
``nn.Sequential(Linear, ReLU, Linear)`` produces (``0.weight, 0.bias, 2.weight,
2.bias``), and ReLU between them is assumed. Anything else (three layers,
batch-norm buffers, convolutions) raises
:class:`~reluexact.errors.UnsupportedModelError` saying what was found.

Requires the ``torch`` extra: ``pip install "reluexact[torch]"``.

Examples
--------
>>> import pytest; torch = pytest.importorskip("torch")
>>> module = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
>>> net = from_torch(module)
>>> net
TwoLayerReLU(d=2, n=3, m=1)
>>> from_torch(to_torch(net)) == net
True
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from reluexact.errors import InvalidArgument, MissingDependencyError, ModelFormatError, UnsupportedModelError
from reluexact.limits import Limits, check_shapes, default_limits, exceeded, input_file_size
from reluexact.model import TwoLayerReLU

if TYPE_CHECKING:
    import torch

__all__ = ["from_state_dict", "from_torch", "read_torch", "save_torch", "to_torch"]

_EXPECTED = "nn.Sequential(nn.Linear(d, n), nn.ReLU(), nn.Linear(n, m))"


def _import_torch() -> Any:
    try:
        import torch
    except ImportError:
        raise MissingDependencyError(
            'PyTorch is not installed; install the extra with: pip install "reluexact[torch]"'
        ) from None
    return torch


def _check_tensor(tensor: Any, name: str, where: str) -> None:
    """Refuse, with a clear message, tensors that are not plain dense real weights held in full."""
    torch = _import_torch()
    if not isinstance(tensor, torch.Tensor):
        raise UnsupportedModelError(f"{where}: {name} is a {type(tensor).__name__}, not a tensor")
    if tensor.is_meta or tensor.device.type == "meta":
        raise UnsupportedModelError(
            f"{where}: {name} is a meta tensor (a shape without values: there are no weights to read); "
            "load or initialise the weights first"
        )
    if getattr(tensor, "is_nested", False) or tensor.layout != torch.strided:
        raise UnsupportedModelError(
            f"{where}: {name} has layout {tensor.layout}; reluexact reads dense (strided) tensors: save "
            "tensor.to_dense() instead"
        )
    if tensor.is_quantized:
        raise UnsupportedModelError(f"{where}: {name} is quantized ({tensor.dtype}); save tensor.dequantize() instead")
    if tensor.is_complex():
        raise UnsupportedModelError(f"{where}: {name} has dtype {tensor.dtype}; complex weights have no ReLU")
    if not (tensor.is_floating_point() or tensor.dtype in _integer_dtypes(torch)):
        raise UnsupportedModelError(f"{where}: {name} has dtype {tensor.dtype}; expected real float or integer weights")
    # the storage elements the tensor addresses; fewer than its elements means overlapping views
    # (expand: stride 0), which a tiny file can use to claim a huge tensor
    count = math.prod(tensor.shape)
    if count == 0:
        return
    pairs = list(zip(tensor.shape, tensor.stride(), strict=True))
    span = 1 + sum((size - 1) * stride for size, stride in pairs)
    if span < count:
        expanded = [k for k, (size, stride) in enumerate(pairs) if stride == 0 and size > 1]
        how = f"stride 0 along dimension {expanded[0]}, as expand() makes" if expanded else "overlapping rows"
        raise UnsupportedModelError(
            f"{where}: {name} of shape {tuple(tensor.shape)} is a view ({how}) of {span} stored values for "
            f"{count} weights; save tensor.contiguous() (or clone()) instead"
        )
    stored = tensor.untyped_storage().nbytes()
    needed = count * tensor.element_size()
    if stored > 4 * needed + 4096:
        raise UnsupportedModelError(
            f"{where}: {name} of shape {tuple(tensor.shape)} ({needed} bytes) is a view into a storage of "
            f"{stored} bytes; save tensor.clone() instead"
        )


def _integer_dtypes(torch: Any) -> tuple[Any, ...]:
    names = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")
    return tuple(getattr(torch, name) for name in names if hasattr(torch, name))


def _array(tensor: Any) -> np.ndarray:
    """The tensor as a numpy array holding exactly the same values (after :func:`_check_tensor`)."""
    torch = _import_torch()
    value = tensor.detach().to("cpu").resolve_conj().resolve_neg()
    if value.is_floating_point() and value.dtype not in (torch.float16, torch.float32, torch.float64):
        value = value.to(torch.float32)  # bfloat16 and the float8 types: float32 holds each of their values
    return np.array(value.numpy())


def _from_layers(
    weight1: Any,
    bias1: Any,
    weight2: Any,
    bias2: Any,
    names: tuple[str, str, str, str],
    where: str,
    limits: Limits | None,
) -> TwoLayerReLU:
    tensors = (weight1, bias1, weight2, bias2)
    for tensor, name in zip(tensors, names, strict=True):
        if tensor is not None:
            _check_tensor(tensor, name, where)
    for tensor, name in ((weight1, names[0]), (weight2, names[2])):
        if tensor.ndim != 2:
            raise UnsupportedModelError(f"{where}: {name} has shape {tuple(tensor.shape)}; a Linear weight is 2-D")
    limits = limits or default_limits()
    shapes = [
        (role, name, tuple(tensor.shape))
        for role, name, tensor in zip("WbAc", names, tensors, strict=True)
        if tensor is not None
    ]
    check_shapes(where, shapes, limits)  # before any tensor is converted
    n, d = weight1.shape
    m, n2 = weight2.shape
    if n2 != n:
        raise UnsupportedModelError(
            f"{where}: the first Linear has {n} outputs ({names[0]} is {n} x {d}) but the second expects {n2} "
            f"inputs ({names[2]} is {m} x {n2})"
        )
    b = np.zeros(n) if bias1 is None else _array(bias1)
    c = np.zeros(m) if bias2 is None else _array(bias2)
    if b.shape != (n,) or c.shape != (m,):
        raise UnsupportedModelError(
            f"{where}: bias shapes {tuple(b.shape)} and {tuple(c.shape)} do not match the weights ({n},), ({m},)"
        )
    from reluexact.interop.numpy_io import from_arrays

    return from_arrays(_array(weight1), b, _array(weight2), c, where=where, limits=limits)


def from_torch(module: Any, *, where: str = "torch module", limits: Limits | None = None) -> TwoLayerReLU:
    """Exact network from a PyTorch module ``nn.Sequential(Linear, ReLU, Linear)``.

    Parameters
    ----------
    module : torch.nn.Sequential
        Exactly three children: ``nn.Linear``, ``nn.ReLU`` and ``nn.Linear``
        (``bias=False`` layers are read with zero bias). A state_dict mapping is
        also accepted (see :func:`from_state_dict`).

    Returns
    -------
    TwoLayerReLU
        Weights at their exact binary values: the same function as the module.

    Raises
    ------
    UnsupportedModelError
        For any other architecture, naming the offending layer.
    MissingDependencyError
        When torch is not installed.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> from_torch(torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1)))
    Traceback (most recent call last):
    ...
    reluexact.errors.UnsupportedModelError: torch module: layer 1 is Tanh, expected ReLU; reluexact reads \
nn.Sequential(nn.Linear(d, n), nn.ReLU(), nn.Linear(n, m))
    """
    torch = _import_torch()
    if isinstance(module, Mapping):
        return from_state_dict(module, where=where, limits=limits)
    if not isinstance(module, torch.nn.Module):
        raise UnsupportedModelError(f"{where}: expected a torch.nn.Module, got {type(module).__name__}")
    if not isinstance(module, torch.nn.Sequential):
        raise UnsupportedModelError(
            f"{where}: {type(module).__name__} is not an nn.Sequential; reluexact reads {_EXPECTED} "
            "(or pass its state_dict)"
        )
    layers = list(module.children())
    if len(layers) != 3:
        kinds = ", ".join(type(layer).__name__ for layer in layers) or "nothing"
        raise UnsupportedModelError(
            f"{where}: the Sequential has {len(layers)} layers ({kinds}); a two-layer ReLU network has exactly "
            f"three: {_EXPECTED}"
        )
    expected = (torch.nn.Linear, torch.nn.ReLU, torch.nn.Linear)
    for index, (layer, kind) in enumerate(zip(layers, expected, strict=True)):
        if type(layer) is not kind:
            raise UnsupportedModelError(
                f"{where}: layer {index} is {type(layer).__name__}, expected {kind.__name__}; "
                f"reluexact reads {_EXPECTED}"
            )
    first, _, second = layers
    return _from_layers(
        first.weight,
        first.bias,
        second.weight,
        second.bias,
        ("0.weight", "0.bias", "2.weight", "2.bias"),
        where,
        limits,
    )


def from_state_dict(
    state_dict: Mapping[str, Any], *, where: str = "state_dict", limits: Limits | None = None
) -> TwoLayerReLU:
    """Exact network from a state_dict of two Linear layers (ReLU between them assumed).

    Layers are ordered by their key prefix, numerically where the prefix ends in a
    number (``0.``, ``2.``, or ``layers.10.``). A checkpoint dict holding the
    state_dict under ``"state_dict"`` or ``"model_state_dict"`` is unwrapped.

    Raises
    ------
    UnsupportedModelError
        When the mapping does not hold exactly two 2-D ``weight`` tensors with optional
        matching ``bias`` tensors and nothing else.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> state = {"0.weight": torch.tensor([[1.0, 2.0]]), "0.bias": torch.tensor([0.5]),
    ...          "2.weight": torch.tensor([[-3.0]]), "2.bias": torch.tensor([0.25])}
    >>> from_state_dict(state)([1, 0])
    (Fraction(-17, 4),)
    """
    torch = _import_torch()
    for wrapper in ("state_dict", "model_state_dict"):
        inner = state_dict.get(wrapper) if isinstance(state_dict, Mapping) else None
        if isinstance(inner, Mapping):
            return from_state_dict(inner, where=f"{where}[{wrapper!r}]", limits=limits)
    if not isinstance(state_dict, Mapping):
        raise UnsupportedModelError(f"{where}: expected a state_dict mapping, got {type(state_dict).__name__}")
    layers: dict[str, dict[str, Any]] = {}
    for key, value in state_dict.items():
        if not isinstance(key, str):
            raise UnsupportedModelError(f"{where}: key {key!r} is not a string; is this a state_dict?")
        prefix, dot, leaf = key.rpartition(".")
        if not dot or leaf not in ("weight", "bias"):
            raise UnsupportedModelError(
                f"{where}: unexpected entry {key!r}; a two-layer ReLU state_dict holds only Linear "
                "'weight' and 'bias' tensors"
            )
        if not isinstance(value, torch.Tensor):
            raise UnsupportedModelError(f"{where}: {key!r} is a {type(value).__name__}, not a tensor")
        layers.setdefault(prefix, {})[leaf] = value
    if len(layers) != 2:
        found = ", ".join(sorted(layers)) or "none"
        raise UnsupportedModelError(
            f"{where}: found {len(layers)} layers with weights ({found}); a two-layer ReLU network has exactly two "
            f"Linear layers, as in {_EXPECTED}"
        )
    order = sorted(layers, key=_natural_key)
    for prefix in order:
        if "weight" not in layers[prefix]:
            raise UnsupportedModelError(f"{where}: layer {prefix!r} has a bias but no weight")
        if layers[prefix]["weight"].ndim != 2:
            raise UnsupportedModelError(
                f"{where}: {prefix}.weight has shape {tuple(layers[prefix]['weight'].shape)}; only Linear (2-D) "
                "weights are supported"
            )
    first, second = (layers[prefix] for prefix in order)
    names = (f"{order[0]}.weight", f"{order[0]}.bias", f"{order[1]}.weight", f"{order[1]}.bias")
    return _from_layers(first["weight"], first.get("bias"), second["weight"], second.get("bias"), names, where, limits)


def _natural_key(text: str) -> list[Any]:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]


def _check_archive(file: Path, limits: Limits) -> None:
    """Refuse a torch file whose storages exceed the limits, from its zip directory, before torch.load.

    ``torch.save`` writes a zip archive (since torch 1.6) whose members are the storages, stored
    uncompressed. Every member is read once and its CRC-32 checked, since torch's reader trusts
    the offsets of the zip directory. The legacy format (a bare pickle stream) allocates each storage at the size
    its pickle claims before reading it, so a 1 KB file could ask for terabytes: it is refused.
    """
    import zipfile

    where = str(file)
    try:
        is_zip = zipfile.is_zipfile(file)
        if is_zip:
            with zipfile.ZipFile(file) as archive:
                members = archive.infolist()
                if sum(member.file_size for member in members) <= limits.max_inflated_bytes:
                    # read every member once: zipfile checks its local header (signature, name) and its
                    # CRC-32. torch's own reader does not: a central directory pointing one byte off made
                    # it read garbage weights, silently (found by atheris)
                    for member in members:
                        with archive.open(member) as stream:
                            while stream.read(2**20):
                                pass
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        raise ModelFormatError(f"{where}: a damaged torch archive ({error})") from None
    if not is_zip:
        raise ModelFormatError(
            f"{where}: not a zip-format torch file (the format of torch.save since torch 1.6); legacy torch "
            "files are not read: load it with torch yourself and torch.save(model.state_dict(), path) again"
        )
    inflated = sum(member.file_size for member in members)
    if inflated > limits.max_inflated_bytes:
        raise exceeded(
            where, f"its storages take {inflated} bytes", inflated, "max_inflated_bytes", limits.max_inflated_bytes
        )
    for member in members:
        if member.compress_type != zipfile.ZIP_STORED:
            raise ModelFormatError(
                f"{where}: member {member.filename[:80]!r} is compressed; torch.save stores its storages "
                "uncompressed (is this a torch file?)"
            )


def read_torch(path: str | os.PathLike[str], *, limits: Limits | None = None) -> TwoLayerReLU:
    """Read a ``.pt``/``.pth`` state_dict file with ``torch.load(..., weights_only=True)``.

    Raises
    ------
    ModelFormatError
        When the file cannot be loaded safely (for example a whole pickled module:
        save ``model.state_dict()`` instead).
    UnsupportedModelError
        When it holds something other than a two-layer ReLU state_dict.

    Examples
    --------
    >>> import pytest, pathlib, tempfile; torch = pytest.importorskip("torch")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.pt"
    >>> module = torch.nn.Sequential(torch.nn.Linear(1, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    >>> torch.save(module.state_dict(), path)
    >>> read_torch(path)
    TwoLayerReLU(d=1, n=4, m=2)
    """
    torch = _import_torch()
    file = Path(path)
    limits = limits or default_limits()
    size = input_file_size(file)  # a FIFO would block in open, a device could be endless
    if size > limits.max_file_bytes:
        raise exceeded(str(file), f"the file has {size} bytes", size, "max_file_bytes", limits.max_file_bytes)
    _check_archive(file, limits)
    try:
        # not mmap=True: with it, torch read a file whose member header is damaged, which its own
        # reader refuses (found by atheris); storages are read at their record sizes, which
        # _check_archive bounded from the zip directory
        loaded = torch.load(file, weights_only=True, map_location="cpu")
    except Exception as error:  # torch raises UnpicklingError, RuntimeError, EOFError... on unsafe or bad files
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelFormatError(
            f"{file}: torch.load(weights_only=True) refused or failed ({first_line[:200]}); reluexact reads "
            "state_dict files only: torch.save(model.state_dict(), path)"
        ) from None
    if isinstance(loaded, torch.nn.Module):  # pragma: no cover - weights_only never yields modules
        return from_torch(loaded, where=str(file), limits=limits)
    if not isinstance(loaded, Mapping):
        raise UnsupportedModelError(f"{file}: holds a {type(loaded).__name__}, not a state_dict")
    return from_state_dict(loaded, where=str(file), limits=limits)


def _nearest_float32(value: Fraction) -> float:
    """The float32 nearest to ``value`` (ties to even), found exactly; inf beyond the range."""
    try:
        with np.errstate(over="ignore"):
            guess = np.float32(float(value))
    except OverflowError:
        return math.inf if value > 0 else -math.inf
    if not np.isfinite(guess):
        return float(guess)
    candidates = [guess, np.nextafter(guess, np.float32(np.inf)), np.nextafter(guess, np.float32(-np.inf))]
    finite = [candidate for candidate in candidates if np.isfinite(candidate)]

    def distance(candidate: np.float32) -> tuple[Fraction, int]:
        mantissa_odd = int(np.frombuffer(candidate.tobytes(), dtype=np.uint32)[0]) & 1
        return abs(Fraction(float(candidate)) - value), mantissa_odd

    return float(min(finite, key=distance))


def to_torch(net: TwoLayerReLU, *, dtype: str | torch.dtype = "float64") -> torch.nn.Sequential:
    """A PyTorch module ``nn.Sequential(Linear, ReLU, Linear)`` computing the network in floats.

    Parameters
    ----------
    net : TwoLayerReLU
    dtype : {"float64", "float32"} or torch.dtype, keyword-only
        Each exact weight is rounded to the nearest number of this type (exact when it
        is representable, e.g. for networks loaded from float weights of this type).

    Raises
    ------
    InvalidArgument
        On an unsupported dtype or weights beyond the dtype's range.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> net = TwoLayerReLU([[1], [-2]], ["-1/2", 1], [[1, 3]], ["1/10"])
    >>> module = to_torch(net)
    >>> module
    Sequential(
      (0): Linear(in_features=1, out_features=2, bias=True)
      (1): ReLU()
      (2): Linear(in_features=2, out_features=1, bias=True)
    )
    >>> module(torch.tensor([[0.0]], dtype=torch.float64)).detach()[0, 0].item()
    3.1
    """
    th = _import_torch()
    dtypes = {
        "float64": th.float64,
        "float32": th.float32,
        th.float64: th.float64,
        th.float32: th.float32,
    }
    if dtype not in dtypes:
        raise InvalidArgument(f"dtype must be 'float64' or 'float32', got {dtype!r}")
    target = dtypes[dtype]
    if target == th.float64:
        arrays = [np.array(array, dtype=np.float64) for array in net.float_arrays]
    else:  # round each rational once, to float32 directly (via float64 could round twice)
        shapes = [array.shape for array in net.float_arrays]
        flat = [[v for row in net.W for v in row], list(net.b), [v for row in net.A for v in row], list(net.c)]
        arrays = [
            np.array([_nearest_float32(v) for v in values], dtype=np.float64).reshape(shape)
            for values, shape in zip(flat, shapes, strict=True)
        ]
    limit = float(th.finfo(target).max)
    for name, array in zip("WbAc", arrays, strict=True):
        if array.size and (not np.all(np.isfinite(array)) or float(np.max(np.abs(array))) > limit):
            raise InvalidArgument(f"{name} has entries beyond the range of {target}; they cannot be exported")
    d, n, m = net.input_dim, net.n_hidden, net.output_dim
    with warnings.catch_warnings():  # n = 0: "Initializing zero-element tensors is a no-op"
        warnings.simplefilter("ignore", UserWarning)
        first = th.nn.Linear(d, n, dtype=target)
        second = th.nn.Linear(n, m, dtype=target)
    with th.no_grad():
        first.weight.copy_(th.from_numpy(arrays[0]).to(target))
        first.bias.copy_(th.from_numpy(arrays[1]).to(target))
        second.weight.copy_(th.from_numpy(arrays[2]).to(target))
        second.bias.copy_(th.from_numpy(arrays[3]).to(target))
    module: torch.nn.Sequential = th.nn.Sequential(first, th.nn.ReLU(), second)
    return module


def save_torch(net: TwoLayerReLU, path: str | os.PathLike[str], *, allow_rounding: bool = False) -> None:
    """Write the network's float64 ``state_dict`` to a ``.pt`` file, atomically.

    The file holds ``nn.Sequential(Linear, ReLU, Linear)``'s state_dict as :func:`to_torch`
    (float64) builds it, so :func:`read_torch` reads it back.

    Parameters
    ----------
    net : TwoLayerReLU
    path : str or os.PathLike
    allow_rounding : bool, keyword-only
        Refuse (the default) or allow weights that float64 does not hold exactly; see
        :func:`reluexact.interop.numpy_io.to_arrays`.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.pt"
    >>> net = TwoLayerReLU([[1], [-2]], ["-1/2", 1], [[1, 3]], ["1/8"])
    >>> save_torch(net, path)
    >>> read_torch(path) == net
    True
    """
    import io

    from reluexact.atomic import write_bytes_atomic
    from reluexact.interop.numpy_io import to_arrays

    th = _import_torch()
    to_arrays(net, allow_rounding=allow_rounding)  # refuses silent rounding
    buffer = io.BytesIO()
    th.save(to_torch(net, dtype="float64").state_dict(), buffer)
    write_bytes_atomic(path, buffer.getvalue())
