"""ONNX: graphs of Gemm (or MatMul + Add), Relu, Flatten and Identity, read exactly.

:func:`read_onnx` reads the graphs ``torch.onnx.export`` writes for
``nn.Sequential(Linear, ReLU, Linear)`` (both exporters: ``dynamo=True`` needs the
``onnxscript`` package, ``dynamo=False`` does not) and the graphs ``skl2onnx`` writes for a
fitted ``MLPRegressor`` / ``MLPClassifier`` with ``activation="relu"`` (``Cast``, ``MatMul``,
``Add``, ``Relu``, ``MatMul``, ``Add``, ``Reshape``). Every weight is taken at its exact
binary value, so the exact network computes precisely the function the graph defines in
real arithmetic.

What is read
    The one graph input (the batch dimension first), the nodes that feed the chosen output
    in graph order, and the weights they use. Supported nodes (default ONNX domain): ``Gemm``
    (``transA=0``, any ``transB``, ``alpha``, ``beta``), ``MatMul`` and ``Add`` with a
    weight, ``Relu`` (exactly one, the hidden layer), ``Flatten`` (``axis=1``),
    ``Identity``, ``Constant``, and the two no-ops exporters add: ``Reshape`` that keeps the
    batch dimension, and ``Cast`` to the same or a wider float type. Consecutive affine
    nodes are composed exactly. Anything else (``Sigmoid``, ``Softmax``, a second ``Relu``,
    ``Conv``, a ``Cast`` that rounds, an op from another domain) raises
    :class:`~reluexact.errors.UnsupportedModelError` naming the node (number, op type, name)
    and what is supported. Nodes that do not feed the output are ignored.
Classifiers
    skl2onnx ends a classifier with ``Sigmoid`` or ``Softmax`` and label post-processing;
    those are not piecewise linear. The error names the node and the tensor before it
    (the logits, ``add_result1``): ``read_onnx(path, output="add_result1")`` reads the
    logits, the same network :func:`reluexact.interop.sklearn.from_sklearn` returns.
    skl2onnx ends a multi-output ``MLPRegressor`` with ``Reshape(-1, 1)``, which turns the
    (N, m) prediction into one (N*m, 1) column; that Reshape is refused (it changes the
    batch dimension) and ``output="add_result1"`` reads the (N, m) prediction.
Tensor types
    ``FLOAT``, ``DOUBLE``, ``FLOAT16`` and ``BFLOAT16`` are read at their exact binary values
    (all are float64 numbers); ``INT8`` .. ``INT64`` and ``UINT8`` .. ``UINT64`` exactly, as
    integers (never through float64). Every other type (``BOOL``, ``STRING``, complex,
    the float8/float4/float6 and int4/int2 types) is refused, naming the tensor. NaN and
    infinities are refused with their position.
Limits
    Files over :data:`MAX_ONNX_BYTES` (1 GiB) are refused from their size before they are
    read (and a device or FIFO is read at most that far); tensors are checked against
    their declared shape before any array is built, and the reader creates at most
    :data:`MAX_ONNX_ELEMENTS` (10**7) exact numbers in all (weights decoded plus entries of
    composed matrices, which also bounds the exact multiplications of composing layers).
    Both are fields of :class:`reluexact.limits.Limits` (``max_onnx_bytes``,
    ``max_onnx_elements``): raise them with ``limits=`` (or ``RELUEXACT_LIMITS`` on the command
    line), or for one call with ``max_bytes=`` and ``max_elements=``. Only regular files are
    read (a FIFO or a device is refused before it is opened). Tensors stored in external files
    (``data_location=EXTERNAL``) and sparse initializers are refused: save the model
    self-contained. The file is parsed with protobuf alone (no ``onnx.load`` external-data
    loading, no custom operators run).

Writing (:func:`save_onnx`, :func:`to_onnx`) produces ``Gemm, Relu, Gemm`` with float64
(``DOUBLE``) weights, input ``input`` of shape (N, d) and output ``output`` of shape (N, m),
opset 13. Weights that are not float64 numbers are refused unless ``allow_rounding=True``,
as for ``.npz`` and ``.pt`` files.

Requires the ``onnx`` extra: ``pip install "reluexact[onnx]"``.

Examples
--------
>>> import pytest; _ = pytest.importorskip("onnx")
>>> net = TwoLayerReLU([[1, -1], ["1/2", 2]], [0, "-1/4"], [[3, -1]], ["1/8"])
>>> model = to_onnx(net)
>>> [node.op_type for node in model.graph.node]
['Gemm', 'Relu', 'Gemm']
>>> from_onnx(model) == net
True
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from reluexact.errors import MissingDependencyError, ModelFormatError, RationalParseError, UnsupportedModelError
from reluexact.limits import Limits, default_limits, input_file_size
from reluexact.model import TwoLayerReLU

__all__ = ["MAX_ONNX_BYTES", "MAX_ONNX_ELEMENTS", "from_onnx", "read_onnx", "save_onnx", "to_onnx"]

#: Default cap on the size of an ``.onnx`` file (1 GiB), checked before reading it: the default of
#: :attr:`reluexact.limits.Limits.max_onnx_bytes`.
MAX_ONNX_BYTES = Limits().max_onnx_bytes

#: Default cap on the exact numbers the reader creates (decoded weights plus composed entries): the
#: default of ``Limits.max_onnx_elements``.
MAX_ONNX_ELEMENTS = Limits().max_onnx_elements

_SUPPORTED = (
    "reluexact reads Gemm (transA=0), MatMul and Add with a weight, one Relu, Flatten (axis=1), Identity, "
    "Constant, and no-op Reshape and Cast"
)

# TensorProto.DataType -> (name, little-endian dtype of raw_data, repeated field holding the values otherwise)
_READABLE: dict[int, tuple[str, str, str]] = {
    1: ("FLOAT", "<f4", "float_data"),
    2: ("UINT8", "<u1", "int32_data"),
    3: ("INT8", "<i1", "int32_data"),
    4: ("UINT16", "<u2", "int32_data"),
    5: ("INT16", "<i2", "int32_data"),
    6: ("INT32", "<i4", "int32_data"),
    7: ("INT64", "<i8", "int64_data"),
    10: ("FLOAT16", "<f2", "int32_data"),  # bit patterns in int32_data
    11: ("DOUBLE", "<f8", "double_data"),
    12: ("UINT32", "<u4", "uint64_data"),
    13: ("UINT64", "<u8", "uint64_data"),
    16: ("BFLOAT16", "<u2", "int32_data"),  # bit patterns, the high half of a float32
}
_FLOAT_TYPES = {1, 10, 11, 16}
# Cast(from -> to) that changes no value: every float16 and bfloat16 is a float32, every float32 a float64
_EXACT_CASTS = {(10, 1), (10, 11), (16, 1), (16, 11), (1, 11)}

# the attributes each supported op may carry, with their AttributeProto types
_F, _I, _T, _FS, _IS = "FLOAT", "INT", "TENSOR", "FLOATS", "INTS"
_OPERATOR_ATTRIBUTES: dict[str, dict[str, str]] = {
    "Gemm": {"alpha": _F, "beta": _F, "transA": _I, "transB": _I},
    "MatMul": {},
    "Add": {},
    "Relu": {},
    "Flatten": {"axis": _I},
    "Identity": {},
    "Reshape": {"allowzero": _I},
    "Cast": {"to": _I, "saturate": _I},
    "Constant": {"value": _T, "value_float": _F, "value_floats": _FS, "value_int": _I, "value_ints": _IS},
}


def _import_onnx() -> Any:
    try:
        import onnx
    except ImportError:
        raise MissingDependencyError(
            'the onnx package is not installed; install the extra with: pip install "reluexact[onnx]"'
        ) from None
    return onnx


def _type_name(data_type: int) -> str:
    if data_type in _READABLE:
        return _READABLE[data_type][0]
    try:
        return str(_import_onnx().TensorProto.DataType.Name(data_type))
    except ValueError:
        return f"data type {data_type}"


class _Budget:
    """How many more exact numbers the reader may create (``max_elements``)."""

    def __init__(self, limit: int, where: str) -> None:
        self.limit = limit
        self.left = limit
        self.where = where

    def charge(self, count: int, what: str) -> None:
        if count > self.left:
            raise ModelFormatError(
                f"{self.where}: {what} needs {count} exact numbers, beyond the limit of {self.limit} for the whole "
                f"model (pass limits=Limits(max_onnx_elements={count}) or max_elements=... to read_onnx to raise it; "
                f"command line: RELUEXACT_LIMITS=max_onnx_elements={count})"
            )
        self.left -= count


def _decode_tensor(tensor: Any, budget: _Budget, where: str) -> np.ndarray:
    """A TensorProto as an object array of exact values (Fraction), shape checked before decoding."""
    label = f"tensor {tensor.name!r}" if tensor.name else "an unnamed tensor"
    if tensor.data_location == 1 or len(tensor.external_data):
        raise ModelFormatError(
            f"{where}: {label} keeps its data in an external file; reluexact reads self-contained models only "
            "(onnx.save_model(model, path, save_as_external_data=False))"
        )
    if tensor.HasField("segment"):
        raise ModelFormatError(f"{where}: {label} is a segment of a larger tensor; reluexact reads whole tensors")
    dims = tuple(int(dim) for dim in tensor.dims)
    if any(dim < 0 for dim in dims):
        raise ModelFormatError(f"{where}: {label} has a negative dimension in its shape {dims}")
    if any(dim > budget.limit for dim in dims):  # found by atheris: (0, 2**62, ...) passed the count, then numpy failed
        raise ModelFormatError(
            f"{where}: {label} has a dimension of {max(dims)} in its shape, beyond the limit of {budget.limit} exact "
            "numbers (max_onnx_elements)"
        )
    if tensor.data_type not in _READABLE:
        raise UnsupportedModelError(
            f"{where}: {label} has type {_type_name(tensor.data_type)}; reluexact reads FLOAT, DOUBLE, FLOAT16, "
            "BFLOAT16 and integer tensors exactly and refuses the others"
        )
    name, dtype, field = _READABLE[tensor.data_type]
    count = math.prod(dims)
    budget.charge(count, f"{label} (shape {list(dims)})")
    raw = tensor.raw_data
    if raw:
        itemsize = np.dtype(dtype).itemsize
        if len(raw) != count * itemsize:
            raise ModelFormatError(
                f"{where}: {label} declares shape {list(dims)} ({count} {name} values) but holds {len(raw)} bytes"
            )
        flat = np.frombuffer(raw, dtype=dtype)
    else:
        stored = getattr(tensor, field)
        if len(stored) != count:
            raise ModelFormatError(
                f"{where}: {label} declares shape {list(dims)} ({count} values) but holds {len(stored)}"
            )
        if tensor.data_type in (10, 16):
            flat = (np.array(stored, dtype=np.int64) & 0xFFFF).astype("<u2")
            if tensor.data_type == 10:
                flat = flat.view("<f2")
        else:
            flat = np.array(stored, dtype=dtype)
    if tensor.data_type == 16:
        flat = (flat.astype("<u4") << 16).view("<f4")
    values: list[Any]
    if tensor.data_type in _FLOAT_TYPES:
        wide = flat.astype(np.float64)  # exact: every float16, bfloat16 and float32 is a float64
        bad = np.flatnonzero(~np.isfinite(wide))
        if bad.size:
            position = list(np.unravel_index(int(bad[0]), dims)) if dims else []
            raise RationalParseError(
                f"{where}: {label} holds {wide[bad[0]]} at {[int(i) for i in position]}; an exact network needs "
                "finite weights"
            )
        values = [Fraction(value) for value in wide.tolist()]
    else:
        values = [Fraction(value) for value in flat.tolist()]  # Python ints: exact at any width
    array = np.empty(count, dtype=object)
    array[:] = values
    return array.reshape(dims)


@dataclass(frozen=True)
class _Data:
    """The tensor on the path from the graph input: value = M base + v (per batch row).

    ``base`` is the flattened input x while ``hidden`` is None, then relu(W x + b).
    ``M`` None means the identity, ``v`` None means zero.
    """

    features: tuple[int | None, ...]  # the shape after the batch dimension (None: not yet known)
    dtype: int
    input_dim: int | None
    hidden: tuple[np.ndarray, np.ndarray] | None
    M: np.ndarray | None
    v: np.ndarray | None


@dataclass(frozen=True)
class _Node:
    proto: Any
    index: int
    total: int
    where: str

    def fail(self, problem: str, *, hint: str = "", kind: type[Exception] = UnsupportedModelError) -> Exception:
        name = repr(self.proto.name) if self.proto.name else "(unnamed)"
        domain = self.proto.domain
        op = f"{domain}.{self.proto.op_type}" if domain not in ("", "ai.onnx") else self.proto.op_type
        if not isinstance(op, str) or not op.isprintable():  # a newline (or invalid UTF-8: bytes) in an op type
            op = ascii(op)
        text = f"{self.where}: node {self.index + 1} of {self.total} ({op} {name}): {problem}"
        return kind(text + (f"; {hint}" if hint else ""))


def _attributes(node: _Node, onnx: Any) -> dict[str, Any]:
    allowed = _OPERATOR_ATTRIBUTES[node.proto.op_type]
    found: dict[str, Any] = {}
    for attribute in node.proto.attribute:
        if attribute.name not in allowed:
            raise node.fail(f"attribute {attribute.name!r} is not supported", hint=_SUPPORTED)
        expected = allowed[attribute.name]
        if attribute.type != getattr(onnx.AttributeProto, expected):
            raise node.fail(f"attribute {attribute.name!r} is not of type {expected}", kind=ModelFormatError)
        if attribute.type == onnx.AttributeProto.TENSOR:
            found[attribute.name] = attribute.t
        else:
            found[attribute.name] = onnx.helper.get_attribute_value(attribute)
    return found


def _vector_input(node: _Node, data: _Data, weight_rows: int) -> _Data:
    """Check that the data is (N, k) with k = ``weight_rows`` (fixing an unknown input size)."""
    if len(data.features) != 1:
        shape = ", ".join(str(dim) for dim in ("N", *data.features))
        raise node.fail(f"the data here has shape ({shape}); insert Flatten to make it (N, k) first", hint=_SUPPORTED)
    k = data.features[0]
    if k is None:
        return replace(data, features=(weight_rows,), input_dim=weight_rows)
    if k != weight_rows:
        raise node.fail(f"the data has {k} features but the weight expects {weight_rows}", kind=ModelFormatError)
    return data


def _bias(node: _Node, constant: np.ndarray, n: int, what: str) -> np.ndarray:
    """A constant broadcast along the batch to (N, n), as a vector of n entries."""
    shape = constant.shape
    padded = (1,) * (2 - len(shape)) + shape if len(shape) <= 2 else shape
    if len(shape) > 2 or padded[0] != 1 or padded[1] not in (1, n):
        raise node.fail(
            f"{what} has shape {list(shape)}; a bias broadcast over the batch has shape [{n}], [1, {n}] or [] here",
            hint=_SUPPORTED,
        )
    row = constant.reshape(padded)[0]
    return np.array([row[0]] * n if padded[1] == 1 else list(row), dtype=object)


def _affine(node: _Node, data: _Data, B: np.ndarray, budget: _Budget) -> _Data:
    """The data times the weight B of shape (k, n): M <- B^T M, v <- B^T v."""
    data = _vector_input(node, data, B.shape[0])
    k, n = B.shape
    if data.M is None:
        M = B.T.copy()
    else:
        budget.charge(n * data.M.shape[1] * max(k, 1), f"composing the affine maps at node {node.index + 1}")
        M = _fractions(B.T @ data.M, (n, data.M.shape[1]))
    v = None if data.v is None else _fractions(B.T @ data.v, (n,))
    return replace(data, features=(n,), M=M, v=v)


def _fractions(array: Any, shape: tuple[int, ...]) -> np.ndarray:
    """An object array of Fractions (numpy's empty sums are the int 0)."""
    out = np.empty(shape, dtype=object)
    flat = np.asarray(array, dtype=object).reshape(-1)
    out.reshape(-1)[:] = [Fraction(value) for value in flat] if flat.size else []
    return out


def _scaled(array: np.ndarray | None, factor: Fraction) -> np.ndarray | None:
    if array is None or factor == 1:
        return array
    return _fractions(array * factor, array.shape)


def _identity(size: int, budget: _Budget, what: str) -> np.ndarray:
    budget.charge(size * size, what)
    return _fractions(np.identity(size, dtype=object) * Fraction(1), (size, size))


def _zeros(size: int) -> np.ndarray:
    return _fractions(np.zeros(size, dtype=object), (size,))


def _cast_constant(node: _Node, constant: np.ndarray, target: int) -> np.ndarray:
    """Cast of a weight: allowed when the target type holds every value exactly (then it changes nothing)."""
    dtypes: dict[int, Any] = {1: np.float32, 10: np.float16, 11: np.float64}
    limits = {2: (0, 2**8), 3: (-(2**7), 2**7), 4: (0, 2**16), 5: (-(2**15), 2**15), 6: (-(2**31), 2**31)}
    limits |= {7: (-(2**63), 2**63), 12: (0, 2**32), 13: (0, 2**64)}
    for value in constant.reshape(-1).tolist():
        if target in dtypes:
            with np.errstate(over="ignore"):
                held = dtypes[target](float(value))
            exact = math.isfinite(float(held)) and Fraction(float(held)) == value
        elif target in limits:
            low, high = limits[target]
            exact = value.denominator == 1 and low <= value < high
        else:
            exact = False
        if not exact:
            raise node.fail(
                f"Cast of a weight to {_type_name(target)} would change the value {value}; reluexact reads only "
                "Casts that change nothing"
            )
    return constant


def _reshape_target(node: _Node, data: _Data, shape: np.ndarray, allowzero: int, batch: int | None) -> tuple[int, ...]:
    """The features after a Reshape, which must keep the batch dimension (so it moves no value)."""
    if shape.ndim != 1:
        raise node.fail(f"the shape input has shape {list(shape.shape)}; expected a 1-D list of sizes")
    if any(dim is None for dim in data.features):
        raise node.fail("the data's size is not known here (the graph input has no fixed feature sizes)")
    features = [int(dim) for dim in data.features if dim is not None]
    if any(value.denominator != 1 for value in shape.reshape(-1).tolist()):
        raise node.fail("the shape input holds non-integers", kind=ModelFormatError)
    target = [int(value) for value in shape.tolist()]
    total = math.prod(features)
    if len(target) < 1 or target.count(-1) > 1:
        raise node.fail(f"the target shape {target} is not a valid Reshape target")
    sizes: list[int | str] = []
    for i, value in enumerate(target):
        if value == 0 and not allowzero:
            if i > len(features):
                raise node.fail(f"the target shape {target} copies a dimension the data does not have")
            sizes.append("N" if i == 0 else features[i - 1])
        elif value == -1:
            sizes.append("?")
        else:
            sizes.append("N" if i == 0 and batch is not None and value == batch else value)
    others = [size for size in sizes[1:] if isinstance(size, int)]
    known = math.prod(others)
    if sizes[0] == "?":
        if known != total:
            raise node.fail(f"Reshape to {target} changes the batch dimension (the data has {total} features)")
        return tuple(others)
    if sizes[0] != "N":
        raise node.fail(f"Reshape to {target} does not keep the batch dimension first", hint=_SUPPORTED)
    if "?" in sizes:
        if known == 0 or total % known:
            raise node.fail(f"Reshape to {target} does not fit the {total} features of the data")
        return tuple(total // known if size == "?" else int(size) for size in sizes[1:])
    if known != total:
        raise node.fail(f"Reshape to {target} does not fit the {total} features of the data")
    return tuple(others)


class _Graph:
    """The walk over the nodes feeding the chosen outputs."""

    def __init__(self, onnx: Any, model: Any, budget: _Budget, where: str) -> None:
        self.onnx = onnx
        self.graph = model.graph
        self.budget = budget
        self.where = where
        self.initializers = {tensor.name: tensor for tensor in self.graph.initializer}
        self.sparse = {sparse.values.name for sparse in self.graph.sparse_initializer}
        self.constants: dict[str, np.ndarray] = {}
        self.data: dict[str, _Data] = {}
        self.batch: int | None = None

    def constant(self, node: _Node, name: str) -> np.ndarray:
        if name in self.constants:
            return self.constants[name]
        if name in self.initializers:
            array = _decode_tensor(self.initializers[name], self.budget, self.where)
            self.constants[name] = array
            return array
        if name in self.data:
            raise node.fail(f"input {name!r} depends on the graph input where a weight is expected", hint=_SUPPORTED)
        if name in self.sparse:
            raise node.fail(f"input {name!r} is a sparse initializer; reluexact reads dense weights only")
        raise node.fail(f"input {name!r} is neither a weight nor computed by an earlier node", kind=ModelFormatError)

    def start(self) -> str:
        inputs = [value for value in self.graph.input if value.name not in self.initializers]
        if len(inputs) != 1:
            names = ", ".join(repr(value.name) for value in inputs) or "none"
            raise UnsupportedModelError(
                f"{self.where}: the graph has {len(inputs)} inputs besides its weights ({names}); reluexact reads "
                "graphs with one input tensor"
            )
        value = inputs[0]
        kind = value.type.WhichOneof("value")
        if kind != "tensor_type":
            raise UnsupportedModelError(f"{self.where}: the graph input {value.name!r} is a {kind}, not a tensor")
        tensor_type = value.type.tensor_type
        if tensor_type.elem_type not in _FLOAT_TYPES:
            raise UnsupportedModelError(
                f"{self.where}: the graph input {value.name!r} has type {_type_name(tensor_type.elem_type)}; reluexact "
                "reads networks of real (FLOAT, DOUBLE, FLOAT16 or BFLOAT16) inputs"
            )
        if not tensor_type.HasField("shape") or len(tensor_type.shape.dim) < 2:
            rank = len(tensor_type.shape.dim) if tensor_type.HasField("shape") else "unknown"
            raise UnsupportedModelError(
                f"{self.where}: the graph input {value.name!r} has rank {rank}; reluexact reads inputs of shape "
                "(N, d) or (N, d1, d2, ...) with the batch dimension first"
            )
        dims = list(tensor_type.shape.dim)
        first = dims[0]
        self.batch = first.dim_value if first.WhichOneof("value") == "dim_value" and first.dim_value > 0 else None
        features: list[int | None] = []
        for dim in dims[1:]:
            known = dim.WhichOneof("value") == "dim_value" and dim.dim_value > 0
            features.append(int(dim.dim_value) if known else None)
        if None in features and len(features) > 1:
            raise UnsupportedModelError(
                f"{self.where}: the graph input {value.name!r} has unknown sizes in its shape; reluexact needs fixed "
                "feature sizes for inputs of rank above 2"
            )
        d = math.prod(dim for dim in features if dim is not None) if None not in features else None
        self.data[value.name] = _Data(tuple(features), tensor_type.elem_type, d, None, None, None)
        return str(value.name)

    def needed(self, outputs: list[str]) -> list[int]:
        producer: dict[str, int] = {}
        for index, node in enumerate(self.graph.node):
            for name in node.output:
                if name in producer:
                    raise ModelFormatError(f"{self.where}: tensor {name!r} is produced by two nodes")
                if name:
                    producer[name] = index
        wanted: set[int] = set()
        stack = [name for name in outputs if name in producer]
        while stack:
            index = producer[stack.pop()]
            if index in wanted:
                continue
            wanted.add(index)
            stack.extend(name for name in self.graph.node[index].input if name in producer)
        return sorted(wanted)

    def value(self, node: _Node, name: str) -> _Data | np.ndarray:
        if name in self.data:
            return self.data[name]
        return self.constant(node, name)

    def run(self, node: _Node) -> None:
        proto = node.proto
        if proto.domain not in ("", "ai.onnx") or proto.op_type not in _OPERATOR_ATTRIBUTES:
            raise node.fail("this operator is not supported", hint=self.classifier_hint(proto) + _SUPPORTED)
        attributes = _attributes(node, self.onnx)
        inputs = [self.value(node, name) if name else None for name in proto.input]
        if len(proto.output) != 1:
            raise node.fail(f"it has {len(proto.output)} outputs; expected one", kind=ModelFormatError)
        out = proto.output[0]
        handler = getattr(self, f"op_{proto.op_type.lower()}")
        result = handler(node, inputs, attributes)
        if isinstance(result, _Data):
            self.data[out] = result
        else:
            self.constants[out] = result

    def classifier_hint(self, proto: Any) -> str:
        if proto.op_type in ("Sigmoid", "Softmax", "LogSoftmax") and proto.input:
            source = self.data.get(proto.input[0])
            if source is not None and source.hidden is not None:
                return (
                    f"its input {proto.input[0]!r} holds the values before this output activation (the logits): "
                    f"pass output={proto.input[0]!r} to read_onnx to read them; "
                )
        return ""

    @staticmethod
    def _data_first(node: _Node, inputs: list[Any], count: int) -> tuple[_Data, list[Any]]:
        if len(inputs) < count or not isinstance(inputs[0], _Data):
            raise node.fail("its first input must be the data computed from the graph input", hint=_SUPPORTED)
        rest = inputs[1:]
        if any(isinstance(value, _Data) for value in rest):
            raise node.fail("more than one input depends on the graph input", hint=_SUPPORTED)
        return inputs[0], rest

    def op_constant(self, node: _Node, inputs: list[Any], attributes: dict[str, Any]) -> np.ndarray:
        if len(attributes) != 1:
            raise node.fail("a Constant needs exactly one value attribute", kind=ModelFormatError)
        [(key, value)] = attributes.items()
        if key == "value":
            return _decode_tensor(value, self.budget, self.where)
        values = value if isinstance(value, list) else [value]
        self.budget.charge(len(values), f"the Constant at node {node.index + 1}")
        array = np.empty(len(values), dtype=object)
        array[:] = [Fraction(item) for item in values]
        return array if isinstance(value, list) else array.reshape(())

    def op_identity(self, node: _Node, inputs: list[Any], attributes: dict[str, Any]) -> Any:
        if len(inputs) != 1 or inputs[0] is None:
            raise node.fail("an Identity needs one input", kind=ModelFormatError)
        return inputs[0]

    def op_cast(self, node: _Node, inputs: list[Any], attributes: dict[str, Any]) -> _Data | np.ndarray:
        target = int(attributes.get("to", 0))
        if len(inputs) == 1 and isinstance(inputs[0], np.ndarray):
            return _cast_constant(node, inputs[0], target)
        data, _ = self._data_first(node, inputs, 1)
        if target != data.dtype and (data.dtype, target) not in _EXACT_CASTS:
            raise node.fail(
                f"Cast from {_type_name(data.dtype)} to {_type_name(target)} would round or change the data; "
                "reluexact reads Cast only to the same or a wider float type"
            )
        return replace(data, dtype=target)

    def op_relu(self, node: _Node, inputs: list[Any], attributes: dict[str, Any]) -> _Data:
        data, _ = self._data_first(node, inputs, 1)
        if data.hidden is not None:
            raise node.fail(
                "a second Relu: reluexact reads networks with exactly one hidden ReLU layer, f(x) = A relu(W x + b) + c"
            )
        if data.input_dim is None:
            raise node.fail("the input size is not known here (the graph input has no fixed feature sizes)")
        W = _identity(data.input_dim, self.budget, "a Relu of the input itself") if data.M is None else data.M
        size = W.shape[0]
        b = _zeros(size) if data.v is None else data.v
        return replace(data, hidden=(W, b), M=None, v=None)

    def op_flatten(self, node: _Node, inputs: list[Any], attributes: dict[str, Any]) -> _Data:
        data, _ = self._data_first(node, inputs, 1)
        rank = 1 + len(data.features)
        axis = int(attributes.get("axis", 1))
        if (axis + rank if axis < 0 else axis) != 1:
            raise node.fail(f"Flatten with axis={axis} mixes the batch dimension into the features", hint=_SUPPORTED)
        if None in data.features and len(data.features) > 1:
            raise node.fail("the data's size is not known here")
        features = data.features if None in data.features else (math.prod(d for d in data.features if d is not None),)
        return replace(data, features=features)

    def op_reshape(self, node: _Node, inputs: list[Any], attributes: dict[str, Any]) -> _Data:
        data, rest = self._data_first(node, inputs, 2)
        shape = rest[0]
        if shape is None:
            raise node.fail("a Reshape needs its shape input", kind=ModelFormatError)
        features = _reshape_target(node, data, shape, int(attributes.get("allowzero", 0)), self.batch)
        return replace(data, features=features)

    def op_matmul(self, node: _Node, inputs: list[Any], attributes: dict[str, Any]) -> _Data:
        data, rest = self._data_first(node, inputs, 2)
        B = rest[0]
        if B.ndim != 2:
            raise node.fail(f"the weight has shape {list(B.shape)}; reluexact reads MatMul by a 2-D weight (k, n)")
        return _affine(node, data, B, self.budget)

    def op_add(self, node: _Node, inputs: list[Any], attributes: dict[str, Any]) -> _Data:
        if len(inputs) == 2 and isinstance(inputs[1], _Data) and not isinstance(inputs[0], _Data):
            inputs = [inputs[1], inputs[0]]  # weight + data
        data, rest = self._data_first(node, inputs, 2)
        weight = rest[0]
        if data.features == (None,) and weight.ndim and weight.shape[-1] > 1:
            data = _vector_input(node, data, weight.shape[-1])  # the bias tells the input size
        if len(data.features) != 1 or data.features[0] is None:
            raise node.fail("the data here is not (N, k) with a known k; insert Flatten first", hint=_SUPPORTED)
        n = data.features[0]
        bias = _bias(node, weight, n, "the added weight")
        self.budget.charge(n, f"the bias at node {node.index + 1}")
        return replace(data, v=bias if data.v is None else _fractions(data.v + bias, (n,)))

    def op_gemm(self, node: _Node, inputs: list[Any], attributes: dict[str, Any]) -> _Data:
        data, rest = self._data_first(node, inputs, 2)
        if int(attributes.get("transA", 0)):
            raise node.fail("Gemm with transA=1 transposes the batch into the features", hint=_SUPPORTED)
        B = rest[0]
        if B.ndim != 2:
            raise node.fail(f"the weight B has shape {list(B.shape)}; Gemm needs a 2-D weight")
        if int(attributes.get("transB", 0)):
            B = B.T
        factors = [float(attributes.get(key, 1.0)) for key in ("alpha", "beta")]
        if not all(math.isfinite(factor) for factor in factors):  # found by atheris: alpha = NaN (ValueError)
            raise node.fail(
                f"alpha = {factors[0]}, beta = {factors[1]}: an exact network needs finite factors",
                kind=ModelFormatError,
            )
        alpha, beta = (Fraction(factor) for factor in factors)  # float32 attributes: exact as float64
        out = _affine(node, data, B, self.budget)
        out = replace(out, M=_scaled(out.M, alpha), v=_scaled(out.v, alpha))
        C = rest[1] if len(rest) > 1 else None
        if C is None or beta == 0:
            return out
        n = B.shape[1]
        bias = _scaled(_bias(node, C, n, "the bias C"), beta)
        self.budget.charge(n, f"the bias at node {node.index + 1}")
        return replace(out, v=bias if out.v is None else _fractions(out.v + bias, (n,)))


def from_onnx(
    model: Any,
    *,
    output: str | None = None,
    max_elements: int | None = None,
    where: str = "onnx model",
    limits: Limits | None = None,
) -> TwoLayerReLU:
    """Exact network from an ONNX model (an ``onnx.ModelProto`` or its serialized bytes).

    Parameters
    ----------
    model : onnx.ModelProto or bytes
    output : str, optional, keyword-only
        The tensor to read as the network's output; by default the graph's one output.
        Nodes that do not feed it are ignored (name the logits of a classifier here).
    max_elements : int, keyword-only
        Refuse models that need more exact numbers (see the module docstring); default
        ``limits.max_onnx_elements``.
    where : str, keyword-only
        Prefix for error messages.
    limits : Limits, keyword-only
        Default :func:`reluexact.limits.default_limits`.

    Returns
    -------
    TwoLayerReLU
        The graph's function, every weight at its exact value.

    Raises
    ------
    UnsupportedModelError
        For graphs that are not one hidden ReLU layer between affine maps, naming the node.
    ModelFormatError
        For bytes that are not an ONNX model, malformed tensors, external data, or a model
        over the limit.
    MissingDependencyError
        When the onnx package is not installed.

    Examples
    --------
    >>> import pytest; onnx = pytest.importorskip("onnx")
    >>> from onnx import helper, TensorProto
    >>> graph = helper.make_graph(
    ...     [helper.make_node("Gemm", ["x", "W", "b"], ["h"], transB=1), helper.make_node("Tanh", ["h"], ["y"])],
    ...     "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1])],
    ...     [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 1])],
    ...     [helper.make_tensor("W", TensorProto.FLOAT, [1, 1], [0.5]),
    ...      helper.make_tensor("b", TensorProto.FLOAT, [1], [0])])
    >>> from_onnx(helper.make_model(graph))
    Traceback (most recent call last):
    ...
    reluexact.errors.UnsupportedModelError: onnx model: node 2 of 2 (Tanh (unnamed)): this operator is not supported; \
reluexact reads Gemm (transA=0), MatMul and Add with a weight, one Relu, Flatten (axis=1), Identity, Constant, and \
no-op Reshape and Cast
    """
    onnx = _import_onnx()
    if isinstance(model, (bytes, bytearray, memoryview)):
        proto = onnx.ModelProto()
        try:
            proto.ParseFromString(bytes(model))
        except Exception as error:  # google.protobuf DecodeError, RecursionError on absurd nesting
            first = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
            raise ModelFormatError(f"{where}: not an ONNX model (protobuf could not parse it: {first})") from None
        model = proto
    elif not isinstance(model, onnx.ModelProto):
        raise UnsupportedModelError(f"{where}: expected an onnx.ModelProto or its bytes, got {type(model).__name__}")
    if not model.HasField("graph"):
        raise ModelFormatError(f"{where}: the model has no graph; is this an ONNX model file?")
    limits = limits or default_limits()
    budget = _Budget(limits.max_onnx_elements if max_elements is None else max_elements, where)
    walk = _Graph(onnx, model, budget, where)
    walk.start()
    if output is not None:
        targets = [output]
    else:
        targets = [value.name for value in model.graph.output]
        if not targets:
            raise ModelFormatError(f"{where}: the graph has no output")
    nodes = walk.needed(targets)
    total = len(model.graph.node)
    for index in nodes:
        walk.run(_Node(model.graph.node[index], index, total, where))
    if len(targets) != 1:
        names = ", ".join(repr(name) for name in targets)
        raise UnsupportedModelError(
            f"{where}: the graph has {len(targets)} outputs ({names}); pass output=NAME to read_onnx to choose one"
        )
    return _network(walk, targets[0], where)


def _network(walk: _Graph, name: str, where: str) -> TwoLayerReLU:
    if name not in walk.data:
        known = name in walk.constants or name in walk.initializers
        problem = "does not depend on the graph input" if known else "is not computed by any node"
        raise ModelFormatError(f"{where}: the output {name!r} {problem}")
    data = walk.data[name]
    if data.hidden is None:
        raise UnsupportedModelError(
            f"{where}: no Relu on the way to the output {name!r}: the graph is an affine map, not a two-layer ReLU "
            "network f(x) = A relu(W x + b) + c"
        )
    if len(data.features) != 1:
        shape = ", ".join(str(dim) for dim in ("N", *data.features))
        raise UnsupportedModelError(f"{where}: the output {name!r} has shape ({shape}); reluexact reads outputs (N, m)")
    W, b = data.hidden
    n = W.shape[0]
    A = data.M if data.M is not None else _identity(n, walk.budget, "a Relu as the output")
    c = data.v if data.v is not None else _zeros(A.shape[0])
    return TwoLayerReLU(W.tolist(), b.tolist(), A.tolist(), c.tolist(), input_dim=data.input_dim)


def read_onnx(
    path: str | os.PathLike[str],
    *,
    output: str | None = None,
    max_bytes: int | None = None,
    max_elements: int | None = None,
    limits: Limits | None = None,
) -> TwoLayerReLU:
    """Read a network from an ``.onnx`` file, every weight at its exact value.

    Parameters
    ----------
    path : str or os.PathLike
    output : str, optional, keyword-only
        See :func:`from_onnx`.
    max_bytes : int, keyword-only
        Refuse files larger than this (default ``limits.max_onnx_bytes``, 1 GiB), from the file
        size before reading. Non-regular files (FIFOs, devices) are refused before opening.
    max_elements : int, keyword-only
        See :func:`from_onnx` (default ``limits.max_onnx_elements``, 10**7).
    limits : Limits, keyword-only
        Default :func:`reluexact.limits.default_limits`.

    Raises
    ------
    ModelFormatError
        When the file is missing, too large or not an ONNX model.
    UnsupportedModelError
        When its graph is not a two-layer ReLU network, naming the node.

    Examples
    --------
    >>> import pytest, pathlib, tempfile; _ = pytest.importorskip("onnx")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.onnx"
    >>> save_onnx(TwoLayerReLU([[1], [-1]], [0, 1], [[1, "1/2"]], [0]), path)
    >>> read_onnx(path)
    TwoLayerReLU(d=1, n=2, m=1)
    """
    _import_onnx()
    file = Path(path)
    limits = limits or default_limits()
    max_bytes = limits.max_onnx_bytes if max_bytes is None else max_bytes
    size = input_file_size(file)  # a FIFO would block in open, a device could be endless
    if size > max_bytes:
        raise ModelFormatError(
            f"{file}: {size} bytes exceed the limit of {max_bytes} bytes (pass limits=Limits(max_onnx_bytes={size}) "
            f"or max_bytes=... to read_onnx to raise it; command line: RELUEXACT_LIMITS=max_onnx_bytes={size})"
        )
    try:
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise ModelFormatError(f"{file}: cannot read it ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise ModelFormatError(
            f"{file}: more than the limit of {max_bytes} bytes (pass max_bytes=... to read_onnx to raise it)"
        )
    return from_onnx(data, output=output, max_elements=max_elements, where=str(file), limits=limits)


def to_onnx(net: TwoLayerReLU, *, allow_rounding: bool = False) -> Any:
    """The network as an ONNX model: ``Gemm, Relu, Gemm`` with float64 weights, opset 13.

    Parameters
    ----------
    net : TwoLayerReLU
    allow_rounding : bool, keyword-only
        Refuse (the default) or allow weights that float64 does not hold exactly; see
        :func:`reluexact.interop.numpy_io.to_arrays`.

    Returns
    -------
    onnx.ModelProto
        Input ``input`` (DOUBLE, shape (N, d)), output ``output`` (DOUBLE, shape (N, m)),
        weights ``W`` (n, d), ``b``, ``A`` (m, n), ``c`` as initializers.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("onnx")
    >>> to_onnx(TwoLayerReLU([["1/3"]], [0], [[1]], [0]))
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: W[0][0] = 1/3 is not exactly a float64; pass allow_rounding=True to round \
to the nearest float64, or save as JSON to keep it exact
    """
    from reluexact.interop.numpy_io import to_arrays

    onnx = _import_onnx()
    helper, TensorProto = onnx.helper, onnx.TensorProto
    arrays = to_arrays(net, allow_rounding=allow_rounding)
    weights = [
        helper.make_tensor(name, TensorProto.DOUBLE, list(array.shape), array.astype("<f8").tobytes(), raw=True)
        for name, array in zip("WbAc", arrays, strict=True)
    ]
    nodes = [
        helper.make_node("Gemm", ["input", "W", "b"], ["hidden"], name="hidden_layer", transB=1),
        helper.make_node("Relu", ["hidden"], ["relu"], name="relu"),
        helper.make_node("Gemm", ["relu", "A", "c"], ["output"], name="output_layer", transB=1),
    ]
    graph = helper.make_graph(
        nodes,
        "two_layer_relu",
        [helper.make_tensor_value_info("input", TensorProto.DOUBLE, ["N", net.input_dim])],
        [helper.make_tensor_value_info("output", TensorProto.DOUBLE, ["N", net.output_dim])],
        initializer=weights,
        doc_string="f(x) = A relu(W x + b) + c",
    )
    return helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="reluexact", ir_version=7
    )


def save_onnx(net: TwoLayerReLU, path: str | os.PathLike[str], *, allow_rounding: bool = False) -> None:
    """Write the network to an ``.onnx`` file (see :func:`to_onnx`), atomically.

    Parameters
    ----------
    net : TwoLayerReLU
    path : str or os.PathLike
    allow_rounding : bool, keyword-only
        See :func:`to_onnx`.

    Examples
    --------
    >>> import pytest, pathlib, tempfile; _ = pytest.importorskip("onnx")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.onnx"
    >>> net = TwoLayerReLU([[1, "1/2"]], ["-3/4"], [[2], [-1]], [0, "1/8"])
    >>> save_onnx(net, path)
    >>> read_onnx(path) == net
    True
    """
    from reluexact.atomic import write_bytes_atomic

    model = to_onnx(net, allow_rounding=allow_rounding)
    write_bytes_atomic(path, model.SerializeToString())
