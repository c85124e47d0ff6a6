"""Tests for reluexact.interop.onnx: real models exported by torch.onnx and skl2onnx, read exactly.

The exactness oracle is the model itself: every weight read from the graph must equal the
exact binary value of the float the exporting library holds (from_torch / from_sklearn,
or the float32 rounding skl2onnx applies). The semantic oracle is onnx's reference
evaluator on graphs whose float64 arithmetic is exact (small dyadic weights and points):
there the graph's float output *is* the exact value, so equality is exact, not approximate.

tests/interop/tiny_torch.onnx was written by torch 2.13 (``torch.onnx.export(..., dynamo=True,
input_names=["x"], output_names=["y"], dynamic_shapes=({0: Dim("batch")},))``) from
:func:`_tiny_module`; the test below checks it against hard-coded exact values.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reluexact.cli import main
from reluexact.errors import (
    InvalidArgument,
    MissingDependencyError,
    ModelFormatError,
    RationalParseError,
    UnsupportedModelError,
)
from reluexact.interop.numpy_io import from_arrays
from reluexact.interop.onnx import from_onnx, read_onnx, save_onnx, to_onnx
from reluexact.io import convert_model, load_model, save_model
from reluexact.limits import Limits
from reluexact.model import TwoLayerReLU, evaluate
from tests.strategies import dyadic_rationals, networks

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402

FIXTURE = Path(__file__).with_name("tiny_torch.onnx")
DYADIC = TwoLayerReLU([[1, "-1/2"], ["1/4", 2], [-3, 0]], ["1/8", -1, "3/4"], [[2, "-3/4", 1], [0, 1, "1/2"]], [0, 5])


def _quiet(call: Callable[[], Any]) -> Any:
    """Run an exporter without its progress lines and deprecation warnings."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        return call()


# ---------------------------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------------------------


def _tiny_module() -> Any:
    torch = pytest.importorskip("torch")
    module = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    with torch.no_grad():
        module[0].weight.copy_(torch.tensor([[1 + 2**-23, -0.5], [2**-149, 3.0]]))
        module[0].bias.copy_(torch.tensor([0.25, -1.0]))
        module[2].weight.copy_(torch.tensor([[1.5, -(2**-20)]]))
        module[2].bias.copy_(torch.tensor([0.1]))
    return module


def _export(module: Any, example: Any, path: Path, *, dynamo: bool, **options: Any) -> Path:
    torch = pytest.importorskip("torch")
    if dynamo:
        pytest.importorskip("onnxscript")  # torch.onnx.export(dynamo=True) needs it
    _quiet(lambda: torch.onnx.export(module, (example,), str(path), dynamo=dynamo, **options))
    return path


@pytest.fixture(scope="module")
def trained() -> Any:
    """A width-6 ReLU net fitted to |x1| - x2 on 100 points (200 Adam steps, float32)."""
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    X = torch.rand(100, 2, generator=generator) * 2 - 1
    y = (X[:, 0].abs() - X[:, 1]).unsqueeze(1)
    module = torch.nn.Sequential(torch.nn.Linear(2, 6), torch.nn.ReLU(), torch.nn.Linear(6, 1))
    optimiser = torch.optim.Adam(module.parameters(), lr=0.02)
    for _ in range(200):
        optimiser.zero_grad()
        loss = torch.nn.functional.mse_loss(module(X), y)
        loss.backward()
        optimiser.step()
    torch.set_num_threads(threads)
    return module


def test_committed_fixture_is_read_at_its_exact_binary_values() -> None:
    net = read_onnx(FIXTURE)
    assert ((Fraction(2**23 + 1, 2**23), Fraction(-1, 2)), (Fraction(1, 2**149), Fraction(3))) == net.W
    assert net.b == (Fraction(1, 4), Fraction(-1))
    assert ((Fraction(3, 2), Fraction(-1, 2**20)),) == net.A
    assert net.c == (Fraction(13421773, 2**27),)  # 0.1 as float32, exactly
    assert net.c == (Fraction(float(np.float32(0.1))),)
    assert read_onnx(FIXTURE) == load_model(FIXTURE) == load_model(onnx.load(str(FIXTURE)))


def test_committed_fixture_is_what_torch_exports_today(tmp_path: Path) -> None:
    from reluexact.interop.torch import from_torch

    module = _tiny_module()
    assert read_onnx(FIXTURE) == from_torch(module)
    path = _export(module, pytest.importorskip("torch").zeros(1, 2), tmp_path / "again.onnx", dynamo=True)
    assert read_onnx(path) == from_torch(module)


@pytest.mark.parametrize("dynamo", [True, False], ids=["dynamo", "torchscript"])
def test_trained_torch_model_exports_and_reads_exactly(trained: Any, tmp_path: Path, dynamo: bool) -> None:
    from reluexact.interop.torch import from_torch

    torch = pytest.importorskip("torch")
    path = _export(trained, torch.zeros(3, 2), tmp_path / "trained.onnx", dynamo=dynamo)
    nodes = [node.op_type for node in onnx.load(str(path)).graph.node]
    assert nodes == ["Gemm", "Relu", "Gemm"]
    net = read_onnx(path)
    assert net == from_torch(trained)
    assert tuple(tuple(Fraction(float(v)) for v in row) for row in trained[0].weight.detach().numpy()) == net.W


def test_torch_float64_model_keeps_every_float64_bit(tmp_path: Path) -> None:
    from reluexact.interop.torch import from_torch

    torch = pytest.importorskip("torch")
    torch.manual_seed(1)
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2)).double()
    with torch.no_grad():
        module[0].weight[0, 0] = 1 + 2**-52
        module[2].bias[1] = 2**-1074  # the smallest subnormal float64
    path = _export(module, torch.zeros(1, 3, dtype=torch.float64), tmp_path / "double.onnx", dynamo=False)
    net = read_onnx(path)
    assert net == from_torch(module)
    assert net.W[0][0] == 1 + Fraction(1, 2**52)
    assert net.c[1] == Fraction(1, 2**1074)


def test_torch_flatten_identity_and_bias_free_layers(tmp_path: Path) -> None:
    """Flatten of an (N, 2, 3) input, Identity, a bias-free Linear: the legacy exporter keeps them all."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(2)
    first, second = torch.nn.Linear(6, 4), torch.nn.Linear(4, 2, bias=False)
    module = torch.nn.Sequential(torch.nn.Flatten(), first, torch.nn.ReLU(), torch.nn.Identity(), second)
    for dynamo in (False, True):
        path = _export(module, torch.zeros(1, 2, 3), tmp_path / f"flatten{dynamo}.onnx", dynamo=dynamo)
        net = read_onnx(path)
        expected = from_arrays(
            first.weight.detach().numpy(), first.bias.detach().numpy(), second.weight.detach().numpy(), np.zeros(2)
        )
        assert net == expected
    ops = [node.op_type for node in onnx.load(str(tmp_path / "flattenFalse.onnx")).graph.node]
    assert ops == ["Flatten", "Gemm", "Relu", "MatMul"]


def test_torch_matmul_plus_add_module(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")

    class Explicit(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.w1 = torch.nn.Parameter(torch.tensor([[0.5, -1.0, 2.0], [1.0, 0.25, -0.125]]))
            self.b1 = torch.nn.Parameter(torch.tensor([0.1, -0.2, 0.3]))
            self.w2 = torch.nn.Parameter(torch.tensor([[1.0], [-2.0], [0.75]]))
            self.b2 = torch.nn.Parameter(torch.tensor([-0.5]))

        def forward(self, x: Any) -> Any:
            return torch.relu(x @ self.w1 + self.b1) @ self.w2 + self.b2

    module = Explicit()
    path = _export(module, torch.zeros(1, 2), tmp_path / "explicit.onnx", dynamo=False)
    assert [node.op_type for node in onnx.load(str(path)).graph.node] == ["MatMul", "Add", "Relu", "MatMul", "Add"]
    net = read_onnx(path)
    parameters = [p.detach().numpy() for p in (module.w1, module.b1, module.w2, module.b2)]
    assert net == from_arrays(parameters[0].T, parameters[1], parameters[2].T, parameters[3])


def test_torch_tanh_is_refused_naming_the_node(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    module = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
    path = _export(module, torch.zeros(1, 2), tmp_path / "tanh.onnx", dynamo=False)
    with pytest.raises(UnsupportedModelError, match=r"tanh.onnx: node 2 of 3 \(Tanh '/1/Tanh'\): this operator is not"):
        read_onnx(path)


def test_torch_deeper_model_is_refused_at_the_second_relu(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    module = torch.nn.Sequential(
        torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1)
    )
    path = _export(module, torch.zeros(1, 2), tmp_path / "deep.onnx", dynamo=False)
    with pytest.raises(UnsupportedModelError, match=r"node 4 of 5 \(Relu '/3/Relu'\): a second Relu"):
        read_onnx(path)


# ---------------------------------------------------------------------------------------------
# scikit-learn (skl2onnx)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sklearn_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(60, 3))
    return X, np.abs(X[:, 0]) - X[:, 1] * X[:, 2]


def _fit(estimator: Any, X: np.ndarray, y: np.ndarray) -> Any:
    return _quiet(lambda: estimator.fit(X, y))  # ConvergenceWarning: a few iterations are enough here


def _skl2onnx(estimator: Any, X: np.ndarray, dtype: Any) -> Any:
    skl2onnx = pytest.importorskip("skl2onnx")
    return _quiet(lambda: skl2onnx.to_onnx(estimator, X[:1].astype(dtype)))


def test_sklearn_regressor_reads_exactly(sklearn_data: tuple[np.ndarray, np.ndarray], tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from sklearn.neural_network import MLPRegressor

    from reluexact.interop.sklearn import from_sklearn

    X, y = sklearn_data
    regressor = _fit(MLPRegressor(hidden_layer_sizes=(5,), max_iter=60, random_state=0), X, y)
    model = _skl2onnx(regressor, X, np.float64)
    ops = [node.op_type for node in model.graph.node]
    assert ops == ["Cast", "MatMul", "Add", "Relu", "MatMul", "Add", "Reshape"]
    assert from_onnx(model) == from_sklearn(regressor)  # float64 export: every bit kept
    path = tmp_path / "regressor.onnx"
    path.write_bytes(model.SerializeToString())
    assert load_model(path) == from_sklearn(regressor)
    # float32 export: skl2onnx rounds the weights to float32; the reader takes those exactly
    rounded = [np.asarray(array, dtype=np.float32) for array in (*regressor.coefs_, *regressor.intercepts_)]
    expected = from_arrays(rounded[0].T, rounded[2], rounded[1].T, rounded[3])
    assert from_onnx(_skl2onnx(regressor, X, np.float32)) == expected


def test_sklearn_two_target_regressor(sklearn_data: tuple[np.ndarray, np.ndarray]) -> None:
    """skl2onnx reshapes the (N, 2) prediction to (-1, 1), i.e. (2N, 1): not a function of each row alone."""
    pytest.importorskip("sklearn")
    from sklearn.neural_network import MLPRegressor

    from reluexact.interop.sklearn import from_sklearn

    X, y = sklearn_data
    regressor = _fit(MLPRegressor(hidden_layer_sizes=(5,), max_iter=60, random_state=0), X, np.column_stack([y, -y]))
    model = _skl2onnx(regressor, X, np.float64)
    (rows,) = ReferenceEvaluator(model).run(None, {"X": X[:3]})
    assert rows.shape == (6, 1)
    with pytest.raises(UnsupportedModelError, match=r"\(Reshape 'Reshape'\): Reshape to \[-1, 1\] changes the batch"):
        from_onnx(model)
    assert from_onnx(model, output="add_result1") == from_sklearn(regressor)


@pytest.mark.parametrize(("labels", "activation"), [(2, "Sigmoid"), (3, "Softmax")])
def test_sklearn_classifier_logits(sklearn_data: tuple[np.ndarray, np.ndarray], labels: int, activation: str) -> None:
    pytest.importorskip("sklearn")
    from sklearn.neural_network import MLPClassifier

    from reluexact.interop.sklearn import from_sklearn

    X, y = sklearn_data
    classes = np.digitize(y, np.quantile(y, np.linspace(0, 1, labels + 1)[1:-1]))
    classifier = _fit(MLPClassifier(hidden_layer_sizes=(4,), max_iter=60, random_state=0), X, classes)
    model = _skl2onnx(classifier, X, np.float64)
    with pytest.raises(
        UnsupportedModelError,
        match=rf"\({activation} 'Relu1'\): this operator is not supported; its input 'add_result1'",
    ):
        from_onnx(model)
    assert from_onnx(model, output="add_result1") == from_sklearn(classifier)


def test_sklearn_tanh_regressor_is_refused(sklearn_data: tuple[np.ndarray, np.ndarray]) -> None:
    pytest.importorskip("sklearn")
    from sklearn.neural_network import MLPRegressor

    X, y = sklearn_data
    regressor = _fit(MLPRegressor(hidden_layer_sizes=(3,), activation="tanh", max_iter=20, random_state=0), X, y)
    with pytest.raises(UnsupportedModelError, match=r"node 4 of 7 \(Tanh 'Tanh'\): this operator is not supported"):
        from_onnx(_skl2onnx(regressor, X, np.float32))


# ---------------------------------------------------------------------------------------------
# hand-built graphs: semantics, dtypes, refusals
# ---------------------------------------------------------------------------------------------


def _graph(
    nodes: list[Any],
    initializers: list[Any],
    *,
    input_shape: list[Any] | None = None,
    input_type: int = TensorProto.DOUBLE,
    outputs: tuple[str, ...] = ("y",),
    inputs: tuple[str, ...] = ("x",),
) -> Any:
    shape = ["N", 2] if input_shape is None else input_shape
    graph = helper.make_graph(
        nodes,
        "test",
        [helper.make_tensor_value_info(name, input_type, shape) for name in inputs],
        [helper.make_tensor_value_info(name, TensorProto.DOUBLE, None) for name in outputs],
        initializers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _double(name: str, values: Any) -> Any:
    array = np.asarray(values, dtype=np.float64)
    return helper.make_tensor(name, TensorProto.DOUBLE, list(array.shape), array.ravel().tolist())


def _reference(model: Any, point: tuple[Fraction, ...], shape: tuple[int, ...]) -> tuple[Fraction, ...]:
    evaluator = ReferenceEvaluator(model)
    x = np.array([float(v) for v in point], dtype=np.float64).reshape((1, *shape))
    (y,) = evaluator.run(None, {model.graph.input[0].name: x})
    return tuple(Fraction(float(v)) for v in np.asarray(y).ravel())


SMALL_POINTS = [(Fraction(0), Fraction(0)), (Fraction(1, 2), Fraction(-3, 4)), (Fraction(-2), Fraction(5, 4))]


def _gemm_forms() -> dict[str, Any]:
    """One network, written in every supported form (float64 arithmetic on it is exact)."""
    W = [[1.0, -0.5], [0.25, 2.0], [-3.0, 0.0]]
    b = [0.125, -1.0, 0.75]
    A = [[2.0, -0.75, 1.0]]
    c = [0.5]
    W_half = np.asarray(W) / 2
    return {
        "gemm": _graph(
            [
                helper.make_node("Gemm", ["x", "W", "b"], ["h"], transB=1),
                helper.make_node("Relu", ["h"], ["r"]),
                helper.make_node("Gemm", ["r", "A", "c"], ["y"], transB=1),
            ],
            [_double("W", W), _double("b", b), _double("A", A), _double("c", c)],
        ),
        "gemm_alpha_beta_untransposed": _graph(
            [
                helper.make_node("Gemm", ["x", "Wt", "b4"], ["h"], alpha=2.0, beta=0.25),
                helper.make_node("Relu", ["h"], ["r"]),
                helper.make_node("Gemm", ["r", "At", "c"], ["y"]),
            ],
            [
                _double("Wt", W_half.T),
                _double("b4", [[4 * v for v in b]]),
                _double("At", np.asarray(A).T),
                _double("c", c),
            ],
        ),
        "matmul_add_constant_nodes": _graph(
            [
                helper.make_node("Identity", ["x"], ["x1"]),
                helper.make_node("Constant", [], ["Wt"], value=_double("Wt_value", np.asarray(W).T)),
                helper.make_node("MatMul", ["x1", "Wt"], ["m"]),
                helper.make_node("Add", ["b", "m"], ["h"]),  # weight first
                helper.make_node("Relu", ["h"], ["r"]),
                helper.make_node("MatMul", ["r", "At"], ["m2"]),
                helper.make_node("Constant", [], ["c"], value_floats=c),
                helper.make_node("Cast", ["c"], ["c64"], to=TensorProto.DOUBLE),
                helper.make_node("Add", ["m2", "c64"], ["z"]),
                helper.make_node("Constant", [], ["shape"], value_ints=[-1, 1]),
                helper.make_node("Reshape", ["z", "shape"], ["y"]),
            ],
            [_double("b", [b]), _double("At", np.asarray(A).T)],
        ),
        "composed_linear_layers": _graph(  # x -> x P -> (x P) Q + b == x W^T + b with W^T = P Q
            [
                helper.make_node("MatMul", ["x", "P"], ["p"]),
                helper.make_node("MatMul", ["p", "Q"], ["q"]),
                helper.make_node("Add", ["q", "b"], ["h"]),
                helper.make_node("Relu", ["h"], ["r"]),
                helper.make_node("Gemm", ["r", "A", "c"], ["g"], transB=1),
                helper.make_node("Flatten", ["g"], ["y"]),
            ],
            [
                _double("P", [[1.0, 0.0], [0.0, 0.5]]),
                _double("Q", [[1.0, -0.5, 0.0], [0.5, 4.0, 0.0]]),
                _double("b", b),
                _double("A", A),
                _double("c", c),
            ],
        ),
    }


@pytest.mark.parametrize("form", sorted(_gemm_forms()))
def test_every_supported_form_reads_the_function_the_graph_computes(form: str) -> None:
    model = _gemm_forms()[form]
    net = from_onnx(model)
    if form != "composed_linear_layers":
        assert net == from_onnx(_gemm_forms()["gemm"])
    for point in SMALL_POINTS:
        assert evaluate(net, point) == _reference(model, point, (2,))


def test_the_composed_graph_is_the_product_of_its_weights() -> None:
    net = from_onnx(_gemm_forms()["composed_linear_layers"])
    assert ((1, Fraction(1, 4)), (Fraction(-1, 2), 2), (0, 0)) == net.W


@settings(max_examples=25, deadline=None)
@given(networks(entries=st.integers(-4, 4).map(lambda k: Fraction(k, 4)), degenerate=False))
def test_written_onnx_computes_the_network_exactly(net: TwoLayerReLU) -> None:
    """to_onnx against the reference evaluator on quarter-integer weights and points (float64 exact there)."""
    model = to_onnx(net)
    onnx.checker.check_model(model)
    assert from_onnx(model) == net
    for k in range(3):
        point = tuple(Fraction(k - j, 2) for j in range(net.input_dim))
        assert evaluate(net, point) == _reference(model, point, (net.input_dim,))


def _single_weight_model(tensor: Any) -> Any:
    """x (N, 1) -> MatMul by the 1 x 1 tensor ``tensor`` -> Relu -> identity output."""
    return _graph(
        [helper.make_node("MatMul", ["x", tensor.name], ["h"]), helper.make_node("Relu", ["h"], ["y"])],
        [tensor],
        input_shape=["N", 1],
    )


EXACT_VALUES = [
    (TensorProto.FLOAT, np.float32, 1 + 2**-23),
    (TensorProto.FLOAT, np.float32, 2**-149),
    (TensorProto.DOUBLE, np.float64, 1 + 2**-52),
    (TensorProto.DOUBLE, np.float64, 2**-1074),
    (TensorProto.FLOAT16, np.float16, 1 + 2**-10),
    (TensorProto.FLOAT16, np.float16, 2**-24),
    (TensorProto.INT64, np.int64, 2**62 + 1),
    (TensorProto.INT64, np.int64, -(2**63)),
    (TensorProto.UINT64, np.uint64, 2**64 - 1),
    (TensorProto.INT8, np.int8, -128),
    (TensorProto.UINT32, np.uint32, 2**32 - 1),
]


@pytest.mark.parametrize(("data_type", "dtype", "value"), EXACT_VALUES)
@pytest.mark.parametrize("raw", [True, False], ids=["raw_data", "typed_field"])
def test_every_readable_dtype_is_exact(data_type: int, dtype: Any, value: Any, raw: bool) -> None:
    array = np.array([[value]], dtype=dtype)
    exact = Fraction(int(value)) if isinstance(value, int) else Fraction(float(array[0, 0]))
    assert exact == Fraction(value)  # the value is representable: the test is about reading it
    if raw:
        tensor = helper.make_tensor(
            "w", data_type, [1, 1], array.astype(array.dtype.newbyteorder("<")).tobytes(), raw=True
        )
    else:
        tensor = helper.make_tensor("w", data_type, [1, 1], array.ravel().tolist())
    assert ((exact,),) == from_onnx(_single_weight_model(tensor)).W


@pytest.mark.parametrize("raw", [True, False], ids=["raw_data", "typed_field"])
def test_bfloat16_is_exact(raw: bool) -> None:
    bits = np.array([0x3F81, 0x0001], dtype=np.uint16)  # 1 + 2^-7 and the smallest subnormal 2^-133
    if raw:
        tensor = helper.make_tensor("w", TensorProto.BFLOAT16, [1, 2], bits.astype("<u2").tobytes(), raw=True)
    else:
        tensor = onnx.TensorProto(name="w", data_type=TensorProto.BFLOAT16, dims=[1, 2], int32_data=bits.tolist())
    model = _graph(
        [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Relu", ["h"], ["y"])],
        [tensor],
        input_shape=["N", 1],
    )
    assert ((1 + Fraction(1, 2**7),), (Fraction(1, 2**133),)) == from_onnx(model).W


@pytest.mark.parametrize(
    "data_type",
    [
        TensorProto.BOOL,
        TensorProto.COMPLEX64,
        TensorProto.COMPLEX128,
        TensorProto.FLOAT8E4M3FN,
        TensorProto.FLOAT8E5M2,
        TensorProto.INT4,
        TensorProto.UINT4,
        TensorProto.FLOAT4E2M1,
    ],
)
def test_other_dtypes_are_refused_naming_the_tensor(data_type: int) -> None:
    tensor = onnx.TensorProto(name="w", data_type=data_type, dims=[1, 1], raw_data=b"\x01" * 16)
    name = TensorProto.DataType.Name(data_type)
    with pytest.raises(UnsupportedModelError, match=rf"tensor 'w' has type {name}; reluexact reads FLOAT, DOUBLE"):
        from_onnx(_single_weight_model(tensor))


def test_string_tensor_is_refused() -> None:
    tensor = onnx.TensorProto(name="w", data_type=TensorProto.STRING, dims=[1, 1], string_data=[b"1"])
    with pytest.raises(UnsupportedModelError, match=r"tensor 'w' has type STRING"):
        from_onnx(_single_weight_model(tensor))


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_weights_are_refused_with_their_position(value: float) -> None:
    tensor = helper.make_tensor("w", TensorProto.FLOAT, [1, 2], [1.0, value])
    model = _graph(
        [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Relu", ["h"], ["y"])],
        [tensor],
        input_shape=["N", 1],
    )
    with pytest.raises(RationalParseError, match=r"tensor 'w' holds (nan|inf) at \[0, 1\]"):
        from_onnx(model)


def _relu_after(node: Any, initializers: list[Any], **options: Any) -> Any:
    return _graph([node, helper.make_node("Relu", ["h"], ["y"])], initializers, **options)


W12 = _double("W", [[1.0, 2.0]])


@pytest.mark.parametrize(
    ("model", "kind", "message"),
    [
        (
            _relu_after(helper.make_node("Gemm", ["x", "W"], ["h"], transA=1), [W12]),
            UnsupportedModelError,
            r"node 1 of 2 \(Gemm \(unnamed\)\): Gemm with transA=1 transposes the batch",
        ),
        (
            _relu_after(helper.make_node("Flatten", ["x"], ["h"], axis=0), []),
            UnsupportedModelError,
            r"Flatten with axis=0 mixes the batch dimension",
        ),
        (
            _relu_after(helper.make_node("Cast", ["x"], ["h"], name="narrow", to=TensorProto.FLOAT), []),
            UnsupportedModelError,
            r"\(Cast 'narrow'\): Cast from DOUBLE to FLOAT would round",
        ),
        (
            _relu_after(helper.make_node("Custom", ["x"], ["h"], domain="com.example"), []),
            UnsupportedModelError,
            r"\(com.example.Custom \(unnamed\)\): this operator is not supported",
        ),
        (
            _relu_after(helper.make_node("MatMul", ["W", "x"], ["h"]), [W12]),
            UnsupportedModelError,
            r"its first input must be the data computed from the graph input",
        ),
        (
            _relu_after(helper.make_node("Add", ["x", "x"], ["h"]), []),
            UnsupportedModelError,
            r"more than one input depends on the graph input",
        ),
        (
            _relu_after(helper.make_node("Add", ["x", "B"], ["h"]), [_double("B", [[1.0, 2.0], [3.0, 4.0]])]),
            UnsupportedModelError,
            r"the added weight has shape \[2, 2\]; a bias broadcast over the batch",
        ),
        (
            _relu_after(helper.make_node("MatMul", ["x", "W"], ["h"]), [_double("W", [[1.0, 2.0, 3.0]])]),
            ModelFormatError,
            r"the data has 2 features but the weight expects 1",
        ),
        (
            _relu_after(helper.make_node("Relu", ["x"], ["h"], consumed_inputs=[0]), []),
            UnsupportedModelError,
            r"attribute 'consumed_inputs' is not supported",
        ),
        (
            _relu_after(helper.make_node("Gemm", ["x", "W"], ["h"], alpha=[1.0, 2.0]), [W12]),
            ModelFormatError,
            r"attribute 'alpha' is not of type FLOAT",
        ),
        (
            _relu_after(helper.make_node("Flatten", ["x"], ["h"], axis=1.5), []),
            ModelFormatError,
            r"attribute 'axis' is not of type INT",
        ),
        (
            _graph([helper.make_node("MatMul", ["x", "W"], ["y"])], [_double("W", [[1.0], [2.0]])]),
            UnsupportedModelError,
            r"no Relu on the way to the output 'y': the graph is an affine map",
        ),
        (
            _graph([helper.make_node("Relu", ["x"], ["y"])], [], inputs=("x", "z")),
            UnsupportedModelError,
            r"the graph has 2 inputs besides its weights \('x', 'z'\)",
        ),
        (
            _graph([helper.make_node("Relu", ["x"], ["y"])], [], outputs=("y", "x")),
            UnsupportedModelError,
            r"the graph has 2 outputs \('y', 'x'\); pass output=NAME",
        ),
        (
            _graph([helper.make_node("Relu", ["x"], ["y"])], [], input_type=TensorProto.INT64),
            UnsupportedModelError,
            r"the graph input 'x' has type INT64; reluexact reads networks of real",
        ),
        (
            _graph([helper.make_node("Relu", ["x"], ["y"])], [], input_shape=["N"]),
            UnsupportedModelError,
            r"the graph input 'x' has rank 1",
        ),
        (
            _graph([helper.make_node("Relu", ["x"], ["y"])], [], input_shape=["N", 2, 3]),
            UnsupportedModelError,
            r"the output 'y' has shape \(N, 2, 3\); reluexact reads outputs \(N, m\)",
        ),
        (
            _graph([helper.make_node("Relu", ["missing"], ["y"])], []),
            ModelFormatError,
            r"input 'missing' is neither a weight nor computed by an earlier node",
        ),
    ],
)
def test_unsupported_graphs_name_the_node_and_the_problem(model: Any, kind: type[Exception], message: str) -> None:
    with pytest.raises(kind, match=message):
        from_onnx(model)


def test_relu_of_the_input_and_reshape_that_keeps_the_batch() -> None:
    model = _graph(
        [
            helper.make_node("Constant", [], ["s"], value_ints=[0, -1]),
            helper.make_node("Reshape", ["x", "s"], ["flat"]),
            helper.make_node("Relu", ["flat"], ["y"]),
        ],
        [],
        input_shape=[1, 2, 2],
    )
    net = from_onnx(model)
    assert (net.input_dim, net.n_hidden, net.output_dim) == (4, 4, 4)
    assert net([-1, 2, Fraction(1, 3), 0]) == (0, 2, Fraction(1, 3), 0)
    batch_changing = _graph(
        [
            helper.make_node("Constant", [], ["s"], value_ints=[2, -1]),
            helper.make_node("Reshape", ["x", "s"], ["flat"], name="r"),
            helper.make_node("Relu", ["flat"], ["y"]),
        ],
        [],
        input_shape=["N", 2, 2],
    )
    with pytest.raises(UnsupportedModelError, match=r"\(Reshape 'r'\): Reshape to \[2, -1\] does not keep the batch"):
        from_onnx(batch_changing)


def test_an_input_of_unknown_width_takes_it_from_the_first_weight() -> None:
    model = _graph(
        [helper.make_node("MatMul", ["x", "W"], ["h"]), helper.make_node("Relu", ["h"], ["y"])],
        [_double("W", [[1.0], [2.0], [3.0]])],
        input_shape=["N", "d"],
    )
    assert from_onnx(model).input_dim == 3


def test_nodes_that_do_not_feed_the_output_are_ignored() -> None:
    model = _gemm_forms()["gemm"]
    model.graph.node.append(helper.make_node("Sigmoid", ["y"], ["p"], name="unused"))
    assert from_onnx(model) == from_onnx(_gemm_forms()["gemm"])


def test_hidden_activations_can_be_the_output() -> None:
    net = from_onnx(_gemm_forms()["gemm"], output="r")
    assert (net.n_hidden, net.output_dim) == (3, 3)
    assert net.A == ((1, 0, 0), (0, 1, 0), (0, 0, 1))
    with pytest.raises(UnsupportedModelError, match=r"no Relu on the way to the output 'h'"):
        from_onnx(_gemm_forms()["gemm"], output="h")
    with pytest.raises(ModelFormatError, match=r"the output 'W' does not depend on the graph input"):
        from_onnx(_gemm_forms()["gemm"], output="W")
    with pytest.raises(ModelFormatError, match=r"the output 'nothing' is not computed by any node"):
        from_onnx(_gemm_forms()["gemm"], output="nothing")


# ---------------------------------------------------------------------------------------------
# limits and hostile files
# ---------------------------------------------------------------------------------------------


def test_declared_shape_beyond_the_element_limit_is_refused_before_allocation() -> None:
    tensor = onnx.TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[100_000, 1_000_000])  # 10^11, no data
    with pytest.raises(ModelFormatError, match=r"tensor 'w' \(shape \[100000, 1000000\]\) needs 100000000000 exact"):
        from_onnx(_single_weight_model(tensor))


def test_declared_shape_that_the_data_does_not_fill_is_refused() -> None:
    raw = onnx.TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1000, 1000], raw_data=b"\0" * 8)
    with pytest.raises(ModelFormatError, match=r"declares shape \[1000, 1000\] \(1000000 FLOAT values\) but holds 8"):
        from_onnx(_single_weight_model(raw))
    typed = onnx.TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[3], float_data=[1.0])
    with pytest.raises(ModelFormatError, match=r"declares shape \[3\] \(3 values\) but holds 1"):
        from_onnx(_single_weight_model(typed))


def test_element_limit_counts_every_tensor_and_can_be_raised() -> None:
    model = _gemm_forms()["gemm"]  # 13 weights, plus the two biases broadcast over the batch
    assert from_onnx(model, max_elements=13 + 4) == from_onnx(model)
    with pytest.raises(
        ModelFormatError, match=r"tensor 'A' \(shape \[1, 3\]\) needs 3 exact numbers, beyond the limit of 13"
    ):
        from_onnx(model, max_elements=13)


def test_relu_of_a_huge_declared_input_is_refused() -> None:
    model = _graph([helper.make_node("Relu", ["x"], ["y"])], [], input_shape=["N", 1_000_000_000])
    with pytest.raises(ModelFormatError, match=r"a Relu of the input itself needs 10{18} exact numbers"):
        from_onnx(model)


def test_external_data_is_refused(tmp_path: Path) -> None:
    tensor = onnx.TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1, 1])
    tensor.data_location = TensorProto.EXTERNAL
    entry = tensor.external_data.add()
    entry.key, entry.value = "location", "../../etc/passwd"
    path = tmp_path / "external.onnx"
    path.write_bytes(_single_weight_model(tensor).SerializeToString())
    with pytest.raises(ModelFormatError, match=r"tensor 'w' keeps its data in an external file; reluexact reads self"):
        read_onnx(path)


def test_file_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "net.onnx"
    save_onnx(DYADIC, path)
    size = path.stat().st_size
    assert read_onnx(path, max_bytes=size) == DYADIC
    with pytest.raises(ModelFormatError, match=rf"net.onnx: {size} bytes exceed the limit of {size - 1} bytes"):
        read_onnx(path, max_bytes=size - 1)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_refused_before_it_is_opened() -> None:
    with pytest.raises(ModelFormatError, match=r"/dev/zero: not a regular file \(a device\)"):
        read_onnx("/dev/zero", max_bytes=4096)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "net.onnx"
    os.mkfifo(fifo)
    with pytest.raises(ModelFormatError, match=r"net.onnx: not a regular file \(a FIFO\)"):
        read_onnx(fifo)


def test_the_limits_govern_the_onnx_reader(tmp_path: Path) -> None:
    path = tmp_path / "net.onnx"
    save_onnx(DYADIC, path)
    size = path.stat().st_size
    assert read_onnx(path, limits=Limits(max_onnx_bytes=size)) == DYADIC
    with pytest.raises(ModelFormatError, match=r"max_onnx_bytes"):
        read_onnx(path, limits=Limits(max_onnx_bytes=size - 1))
    with pytest.raises(ModelFormatError, match=r"max_onnx_elements"):
        load_model(path, limits=Limits(max_onnx_elements=2))


@pytest.mark.parametrize("content", [b"", b"not a protobuf \xff\xff\xff", b"\x0a\xff\xff\xff\xff\x0f"])
def test_garbage_is_a_format_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.onnx"
    path.write_bytes(content)
    with pytest.raises(ModelFormatError, match=r"garbage.onnx: "):
        read_onnx(path)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data())
def test_damaged_files_read_or_fail_with_one_reluexact_error(data: st.DataObject) -> None:
    """Byte-level damage to real exported files: a network or a ReluexactError, never another exception.

    (Found this way and fixed: attributes of the wrong type, e.g. alpha stored as FLOATS, were a TypeError.)
    """
    from reluexact.errors import ReluexactError

    seed = bytearray(data.draw(st.sampled_from([FIXTURE.read_bytes(), to_onnx(DYADIC).SerializeToString()])))
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(seed) - 1))
        seed[at : at + data.draw(st.integers(0, 3))] = data.draw(st.binary(max_size=4))
    try:
        net = from_onnx(bytes(seed))
    except ReluexactError:
        return
    assert isinstance(net, TwoLayerReLU)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelFormatError, match=r"nope.onnx: no such file"):
        read_onnx(tmp_path / "nope.onnx")
    with pytest.raises(ModelFormatError, match=r"is a folder"):
        read_onnx(tmp_path)


def test_missing_onnx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now raises ImportError
    with pytest.raises(MissingDependencyError, match=r'pip install "reluexact\[onnx\]"'):
        to_onnx(DYADIC)
    with pytest.raises(MissingDependencyError, match=r'pip install "reluexact\[onnx\]"'):
        load_model(FIXTURE)


def test_import_reluexact_does_not_import_onnx() -> None:
    code = "import sys, reluexact, reluexact.io, reluexact.interop; print('onnx' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------------
# writing, save_model, convert
# ---------------------------------------------------------------------------------------------


def test_written_model_is_gemm_relu_gemm_in_float64(tmp_path: Path) -> None:
    path = tmp_path / "net.onnx"
    save_model(DYADIC, path)
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)
    assert [node.op_type for node in model.graph.node] == ["Gemm", "Relu", "Gemm"]
    assert {tensor.data_type for tensor in model.graph.initializer} == {TensorProto.DOUBLE}
    assert load_model(path) == DYADIC


def test_writing_a_rational_that_is_not_a_float_is_refused_unless_allowed(tmp_path: Path) -> None:
    thirds = TwoLayerReLU([["1/3", 1]], [0], [[1]], ["2/3"])
    path = tmp_path / "thirds.onnx"
    with pytest.raises(InvalidArgument, match=r"W\[0\]\[0\] = 1/3 is not exactly a float64; pass allow_rounding=True"):
        save_model(thirds, path)
    assert not path.exists()
    save_model(thirds, path, allow_rounding=True)
    assert ((Fraction(1 / 3), 1),) == load_model(path).W
    result = convert_model(thirds, tmp_path / "converted.onnx", allow_rounding=True, box="0,1;0,1")
    assert result.rounded_on_write
    changes = [abs(Fraction(1, 3) - Fraction(1 / 3)), abs(Fraction(2, 3) - Fraction(2 / 3))]
    assert result.certificate.max_weight_change == max(changes)


def test_constant_network_round_trip(tmp_path: Path) -> None:
    constant = TwoLayerReLU([], [], [[]], ["1/4"], input_dim=3)
    path = tmp_path / "constant.onnx"
    save_onnx(constant, path)
    assert read_onnx(path) == constant


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(networks(entries=dyadic_rationals(), degenerate=False))
def test_round_trip_is_exact_for_float64_weights(tmp_path: Path, net: TwoLayerReLU) -> None:
    path = tmp_path / "net.onnx"
    save_onnx(net, path)
    assert read_onnx(path) == net


def test_cli_convert_to_and_from_onnx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "net.json"
    save_model(DYADIC, source)
    assert main(["convert", str(source), "-o", str(tmp_path / "net.onnx")]) == 0
    assert main(["convert", str(tmp_path / "net.onnx"), "-o", str(tmp_path / "back.json")]) == 0
    assert load_model(tmp_path / "back.json") == DYADIC
    assert main(["convert", str(FIXTURE), "-o", str(tmp_path / "fixture.json")]) == 0
    assert load_model(tmp_path / "fixture.json") == read_onnx(FIXTURE)
    thirds = tmp_path / "thirds.json"
    save_model(TwoLayerReLU([["1/3"]], [0], [[1]], [0]), thirds)
    capsys.readouterr()
    assert main(["convert", str(thirds), "-o", str(tmp_path / "thirds.onnx")]) == 2
    assert "is not exactly a float64; pass allow_rounding=True" in capsys.readouterr().err
    assert main(["convert", str(thirds), "-o", str(tmp_path / "thirds.onnx"), "--allow-rounding"]) == 0


def test_a_newline_in_an_op_type_keeps_the_message_on_one_line() -> None:
    # found by atheris: the op type 'G\nmm' was echoed raw, so the error took two lines
    crasher = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "onnx" / "found-newline-in-op-type"
    with pytest.raises(UnsupportedModelError, match=r"node 1 of 3 \('G\\nmm' 'hidden_layer'\)") as info:
        from_onnx(crasher.read_bytes())
    assert "\n" not in str(info.value)


def test_an_op_type_that_is_not_utf8_keeps_the_message_on_one_line() -> None:
    # found by atheris after the fix above: protobuf hands an undecodable op type over as bytes
    crasher = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "onnx" / "found-undecodable-op-type"
    with pytest.raises(UnsupportedModelError, match=r"node 1 of 3 \(b'\\xac\\nmm' 'hidden_layer'\)") as info:
        from_onnx(crasher.read_bytes())
    assert "\n" not in str(info.value)


def test_a_huge_dimension_beside_a_zero_is_refused_from_the_shape() -> None:
    # found by atheris: dims with a 0 passed the element count, then numpy refused the 2**56 dimension (ValueError)
    crasher = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "onnx" / "found-huge-zero-shape"
    with pytest.raises(ModelFormatError, match=r"tensor 'W' has a dimension of 72057594037927935 in its shape"):
        from_onnx(crasher.read_bytes())


def test_a_nan_gemm_factor_is_one_clear_error() -> None:
    # found by atheris: alpha = NaN raised ValueError (cannot convert NaN to integer ratio)
    crasher = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "onnx" / "found-nan-alpha"
    with pytest.raises(ModelFormatError, match=r"alpha = nan, beta = 1.0: an exact network needs finite factors"):
        from_onnx(crasher.read_bytes())
