"""Load and save models from any supported source: one entry point, dispatching on the source.

:func:`load_model` reads a file (``.json``, ``.npz``, ``.pt``/``.pth`` state_dict,
``.onnx``) or an object (a :class:`~reluexact.model.TwoLayerReLU`, a torch module or
state_dict, a fitted scikit-learn MLP, an ``onnx.ModelProto``, a JSON document dict, a
mapping or 4-tuple of arrays W, b, A, c) and returns the exact network. Floats are taken at their
exact binary values (lossless) unless another rationalisation is asked for.

Rationalising with a mode other than ``lossless`` changes the function. The
change is certified: :func:`load_model_with_certificate` returns a
:class:`~reluexact.rationalization.RationalizationResult` holding the network *and*
its :class:`~reluexact.rationalization.RationalizationCertificate` (largest weight
change, and a rigorous bound on |f_source - f_loaded| over ``box``).
:func:`load_model` is the same call returning only the network; use it when the
certificate is not needed (always the case for ``lossless``, whose certificate
is "nothing changed").

:func:`save_model` writes ``.json`` (exact), ``.npz``, ``.pt``/``.pth`` or ``.onnx``
(float64; refused when that would round, unless ``allow_rounding=True``),
always atomically.

Examples
--------
>>> import pathlib, tempfile
>>> from reluexact.model import TwoLayerReLU
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> net = TwoLayerReLU([[1, -1]], ["1/3"], [[2]], [0])
>>> save_model(net, folder / "net.json")
>>> load_model(folder / "net.json") == net
True
>>> result = load_model_with_certificate(folder / "net.json", rationalize="denominator:2", box="0,1;0,1")
>>> result.network.hidden_bias, result.certificate.max_weight_change
((Fraction(1, 2),), Fraction(1, 6))
>>> result.certificate.output_bound
(Fraction(1, 3),)
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from reluexact.domain import DomainLike
from reluexact.errors import InvalidArgument, ModelFormatError, UnsupportedModelError
from reluexact.limits import Limits, check_shapes, default_limits, exceeded, input_file_size, nested_shape
from reluexact.model import TwoLayerReLU
from reluexact.rational import Rationalization
from reluexact.rationalization import (
    RationalizationCertificate,
    RationalizationResult,
    certify_change,
    rationalize_network,
)

__all__ = [
    "MODEL_SUFFIXES",
    "ConversionResult",
    "convert_model",
    "load_model",
    "load_model_with_certificate",
    "read_exact",
    "save_model",
]

#: File suffixes and the format each means.
MODEL_SUFFIXES: dict[str, str] = {".json": "json", ".npz": "npz", ".pt": "torch", ".pth": "torch", ".onnx": "onnx"}
_FORMATS = ("json", "npz", "torch", "onnx")


def _format_of(path: Path, format: str | None) -> str:
    if format is not None:
        if format not in _FORMATS:
            raise InvalidArgument(f"unknown model format {format!r}; choose one of {', '.join(_FORMATS)}")
        return format
    suffix = path.suffix.lower()
    if suffix not in MODEL_SUFFIXES:
        raise ModelFormatError(
            f"{path}: cannot tell the model format from the suffix {suffix or '(none)'!r}; use one of "
            f"{', '.join(MODEL_SUFFIXES)} (or pass format=...)"
        )
    return MODEL_SUFFIXES[suffix]


def _is_from(obj: Any, package: str) -> bool:
    return any(cls.__module__.split(".")[0] == package for cls in type(obj).__mro__)


def read_exact(source: Any, *, format: str | None = None, limits: Limits | None = None) -> TwoLayerReLU:
    """The exact network a source holds, floats at their binary values (no rationalisation).

    See :func:`load_model` for the sources understood, and :class:`reluexact.limits.Limits`
    for what is refused before anything is allocated.

    Examples
    --------
    >>> read_exact({"W": [[0.5]], "b": [0.0], "A": [[1]], "c": ["1/3"]}).output_bias
    (Fraction(1, 3),)
    """
    from reluexact.interop import json_io, numpy_io

    if isinstance(source, TwoLayerReLU):
        return source
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        kind = _format_of(path, format)
        input_file_size(path)  # refused before opening: a FIFO would block, a device could be endless
        if kind == "json":
            return json_io.read_json(path, limits=limits)
        if kind == "npz":
            return numpy_io.read_npz(path, limits=limits)
        if kind == "onnx":
            from reluexact.interop.onnx import read_onnx

            return read_onnx(path, limits=limits)
        from reluexact.interop.torch import read_torch

        return read_torch(path, limits=limits)
    if _is_from(source, "torch"):
        from reluexact.interop.torch import from_torch

        return from_torch(source, limits=limits)
    if _is_from(source, "sklearn"):
        from reluexact.interop.sklearn import from_sklearn

        return from_sklearn(source, limits=limits)
    if _is_from(source, "onnx"):
        from reluexact.interop.onnx import from_onnx

        return from_onnx(source, limits=limits)
    if isinstance(source, Mapping):
        if "format" in source:
            return json_io.network_from_json(source, where="mapping", limits=limits)
        if any(_is_from(value, "torch") for value in source.values()):
            from reluexact.interop.torch import from_state_dict

            return from_state_dict(source, limits=limits)
        return _from_weights_mapping(source, limits=limits)
    if isinstance(source, Sequence) and not isinstance(source, (str, bytes)) and len(source) == 4:
        return _from_weights_mapping(dict(zip("WbAc", source, strict=True)), where="(W, b, A, c)", limits=limits)
    raise UnsupportedModelError(
        f"cannot load a model from a {type(source).__name__}; give a path (.json, .npz, .pt, .pth, .onnx), a "
        "TwoLayerReLU, a torch nn.Sequential or state_dict, a fitted sklearn MLP, an onnx.ModelProto, a JSON dict, "
        "or W, b, A, c"
    )


def _from_weights_mapping(
    source: Mapping[str, Any], *, where: str = "mapping", limits: Limits | None = None
) -> TwoLayerReLU:
    from reluexact.interop import numpy_io

    missing = [key for key in "WbAc" if key not in source]
    if missing:
        raise ModelFormatError(f"{where}: missing key {missing[0]!r}; a weights mapping holds W, b, A, c")
    extra = sorted(str(key) for key in source if key not in ("W", "b", "A", "c", "input_dim"))
    if extra:
        raise ModelFormatError(f"{where}: unknown key {extra[0]!r}; a weights mapping holds W, b, A, c (and input_dim)")
    arrays = [source[key] for key in "WbAc"]
    if all(isinstance(array, np.ndarray) for array in arrays):
        return numpy_io.from_arrays(*arrays, where=where, limits=limits)
    input_dim = source.get("input_dim")
    limits = limits or default_limits()
    if isinstance(input_dim, int) and input_dim > limits.max_input_dim:
        raise exceeded(where, f"input_dim is {input_dim}", input_dim, "max_input_dim", limits.max_input_dim)
    check_shapes(where, [(key, key, nested_shape(source[key])) for key in "WbAc"], limits)
    return TwoLayerReLU.from_float_arrays(*arrays, input_dim=input_dim)


def load_model_with_certificate(
    source: Any,
    *,
    rationalize: Rationalization | str = "lossless",
    box: DomainLike = None,
    format: str | None = None,
    limits: Limits | None = None,
) -> RationalizationResult:
    """Load a model, rationalise it, and return the network with its certificate.

    Parameters
    ----------
    source : path or object
        See :func:`load_model`.
    rationalize : Rationalization or str, keyword-only
        ``"lossless"`` (default: the exact values found), ``"tolerance:T"``,
        ``"denominator:Q"`` or ``"decimals:K"``, applied to every weight.
    box : str or sequence of d (low, high) pairs, keyword-only
        Where the certificate bounds |f_source - f_loaded| (``"LO,HI;LO,HI"``).
    format : {"json", "npz", "torch", "onnx"}, keyword-only
        Override the format the file suffix implies.
    limits : Limits, keyword-only
        What the readers accept (file size, inflated size, compression ratio, weights,
        inputs, units), checked before allocation; default
        :func:`reluexact.limits.default_limits` (the defaults, or ``RELUEXACT_LIMITS``).

    Returns
    -------
    RationalizationResult
        ``.network`` and ``.certificate`` (exact).

    Examples
    --------
    >>> r = load_model_with_certificate(([[0.1]], [0.0], [[1.0]], [0.0]), rationalize="decimals:1", box=[(-1, 1)])
    >>> r.network.hidden_weights, float(r.certificate.output_bound[0]) < 1e-16
    (((Fraction(1, 10),),), True)
    """
    exact = read_exact(source, format=format, limits=limits)
    return rationalize_network(exact, how=rationalize, box=box)


def load_model(
    source: Any,
    *,
    rationalize: Rationalization | str = "lossless",
    box: DomainLike = None,
    format: str | None = None,
    limits: Limits | None = None,
) -> TwoLayerReLU:
    """Load an exact two-layer ReLU network from a file or an object.

    Parameters
    ----------
    source : str, os.PathLike or object
        A file: ``.json`` (reluexact format), ``.npz`` (arrays W, b, A, c),
        ``.pt``/``.pth`` (torch state_dict, read with ``weights_only=True``), ``.onnx``
        (Gemm or MatMul + Add, Relu, Flatten, Identity graphs, see
        :mod:`reluexact.interop.onnx`). Or an object: a TwoLayerReLU, a torch
        ``nn.Sequential(Linear, ReLU, Linear)`` or state_dict, a fitted sklearn
        ``MLPRegressor``/``MLPClassifier`` (logits for classifiers), an
        ``onnx.ModelProto``, a JSON document dict, a mapping ``{"W", "b", "A", "c"}`` or a
        4-tuple ``(W, b, A, c)`` of arrays or lists.
    rationalize, box, format, limits
        See :func:`load_model_with_certificate`, which also returns the certificate
        of a non-lossless rationalisation.

    Returns
    -------
    TwoLayerReLU

    Raises
    ------
    ModelFormatError
        Missing, unreadable or malformed files; unknown suffixes.
    UnsupportedModelError
        Objects that are not two-layer ReLU networks.
    MissingDependencyError
        torch, scikit-learn or onnx needed but not installed.

    Examples
    --------
    >>> load_model({"W": [[1, 2]], "b": [0], "A": [[1]], "c": [0]})
    TwoLayerReLU(d=2, n=1, m=1)
    >>> load_model("model.h5")
    Traceback (most recent call last):
    ...
    reluexact.errors.ModelFormatError: model.h5: cannot tell the model format from the suffix '.h5'; use one \
of .json, .npz, .pt, .pth, .onnx (or pass format=...)
    """
    return load_model_with_certificate(source, rationalize=rationalize, box=box, format=format, limits=limits).network


def save_model(
    net: TwoLayerReLU,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    name: str | None = None,
    allow_rounding: bool = False,
) -> None:
    """Save a network to ``.json`` (exact), ``.npz``, ``.pt``/``.pth`` or ``.onnx`` (float64), atomically.

    Parameters
    ----------
    net : TwoLayerReLU
    path : str or os.PathLike
    format : {"json", "npz", "torch", "onnx"}, keyword-only
        Override the format the suffix implies.
    name : str, keyword-only
        Free text stored in JSON files (ignored by the float formats).
    allow_rounding : bool, keyword-only
        npz, torch and onnx files hold float64: refuse weights that are not float64 numbers
        unless this is true (then they are rounded to nearest).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.npz"
    >>> save_model(TwoLayerReLU([["1/3"]], [0], [[1]], [0]), path)
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: W[0][0] = 1/3 is not exactly a float64; pass allow_rounding=True to round \
to the nearest float64, or save as JSON to keep it exact
    """
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"save_model needs a TwoLayerReLU, got {type(net).__name__}")
    file = Path(path)
    kind = _format_of(file, format)
    if kind == "json":
        from reluexact.interop.json_io import save_json

        save_json(net, file, name=name)
    elif kind == "npz":
        from reluexact.interop.numpy_io import save_npz

        save_npz(net, file, allow_rounding=allow_rounding)
    elif kind == "onnx":
        from reluexact.interop.onnx import save_onnx

        save_onnx(net, file, allow_rounding=allow_rounding)
    else:
        from reluexact.interop.torch import save_torch

        save_torch(net, file, allow_rounding=allow_rounding)


@dataclass(frozen=True, slots=True)
class ConversionResult:
    """What :func:`convert_model` wrote, and the certificate comparing it with the input.

    Attributes
    ----------
    network : TwoLayerReLU
        The network exactly as written (read back from the output file).
    certificate : RationalizationCertificate
        Input versus ``network``: largest weight change and, with a box, a rigorous
        bound on |f_in - f_out| per output. It covers both the rationalisation and any
        rounding to float64 on writing.
    rounded_on_write : bool
        True when the float output format (``allow_rounding=True``) rounded weights
        beyond what the rationalisation produced.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.json"
    >>> convert_model(TwoLayerReLU([[1]], [0], [[1]], [0]), path).rounded_on_write
    False
    """

    network: TwoLayerReLU
    certificate: RationalizationCertificate
    rounded_on_write: bool


def convert_model(
    source: Any,
    target: str | os.PathLike[str],
    *,
    rationalize: Rationalization | str = "lossless",
    box: DomainLike = None,
    name: str | None = None,
    allow_rounding: bool = False,
    input_format: str | None = None,
    output_format: str | None = None,
    force: bool = False,
    limits: Limits | None = None,
) -> ConversionResult:
    """Load, rationalise, save atomically, and certify the written model against the input.

    The logic of ``reluexact convert``. The output is read back after writing, so
    the certificate is about the file as it is on disk, including any float64
    rounding of ``.npz``/``.pt``/``.onnx`` outputs (``allow_rounding=True``).

    Parameters
    ----------
    source : path or object
        Anything :func:`load_model` reads.
    target : str or os.PathLike
        ``.json`` (exact), ``.npz``, ``.pt``/``.pth``, ``.onnx``.
    rationalize, box
        See :func:`load_model_with_certificate`.
    name, allow_rounding
        See :func:`save_model`.
    input_format, output_format : str, optional
        Override the formats the suffixes imply.
    limits : Limits, optional
        What the reader accepts; see :func:`load_model_with_certificate`.
    force : bool, keyword-only
        Replace a read-only ``target`` (see :func:`reluexact.atomic.check_target`).

    Raises
    ------
    reluexact.atomic.OutputRefused
        When ``target`` is the input, not a regular file, or read-only without ``force``.
        Nothing is replaced unless the written model reads back and is certified: a
        failing conversion leaves an existing ``target`` byte-identical.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from fractions import Fraction
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> net = TwoLayerReLU([[1]], ["1/3"], [[1]], [0])
    >>> result = convert_model(net, folder / "net.npz", allow_rounding=True, box="0,1")
    >>> result.rounded_on_write, result.certificate.max_weight_change == abs(Fraction(1, 3) - Fraction(1 / 3))
    (True, True)
    """
    from reluexact.atomic import staged_output

    exact = read_exact(source, format=input_format, limits=limits)
    rationalised = rationalize_network(exact, how=rationalize, box=box)
    kind = _format_of(Path(target), output_format)
    inputs = [source] if isinstance(source, (str, os.PathLike)) else []
    # the output replaces the target only once it is written, read back and certified
    with staged_output(target, inputs=inputs, force=force) as temporary:
        save_model(rationalised.network, temporary, format=kind, name=name, allow_rounding=allow_rounding)
        written = read_exact(temporary, format=kind, limits=limits)
        if written == rationalised.network:
            return ConversionResult(written, rationalised.certificate, False)
        certificate = certify_change(exact, written, how=rationalised.certificate.how, box=box)
    return ConversionResult(written, certificate, True)
