"""Tests of reluexact.train: determinism, convergence, backends, snapshots, lossless rationalisation."""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.domain import Box, Whole
from reluexact.errors import DomainError, InvalidArgument, MissingDependencyError, ShapeError
from reluexact.interop.json_results import training_result_to_json
from reluexact.model import evaluate, evaluate_float
from reluexact.train import (
    TrainingConfig,
    TrainingData,
    make_target,
    sample_target,
    torch_available,
    train_network,
    train_on_target,
)


@pytest.fixture(scope="module")
def sin_data() -> TrainingData:
    return sample_target("sin(x)", (0, "2*pi"), n_samples=100)


def _weights(result):
    return [result.W, result.b, result.A, result.c]


# -- determinism -----------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [None, 16])
@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_same_seed_gives_identical_weights(sin_data, batch_size, optimizer):
    options = {"width": 8, "epochs": 60, "seed": 7, "batch_size": batch_size, "optimizer": optimizer, "quiet": True}
    if optimizer == "sgd":
        options["learning_rate"] = 1e-3
    first = train_network(sin_data, **options)
    second = train_network(sin_data, **options)
    for p, q in zip(_weights(first), _weights(second), strict=True):
        assert np.array_equal(p, q)
    assert first.loss_history == second.loss_history
    assert first.network == second.network


def test_different_seeds_give_different_weights(sin_data):
    first = train_network(sin_data, width=8, epochs=5, seed=1, quiet=True)
    second = train_network(sin_data, width=8, epochs=5, seed=2, quiet=True)
    assert not np.array_equal(first.W, second.W)


# -- convergence -------------------------------------------------------------------------


@pytest.mark.parametrize("init", ["uniform", "he", "data"])
def test_loss_decreases(sin_data, init):
    result = train_network(sin_data, width=16, epochs=500, init=init, seed=0, quiet=True)
    assert len(result.loss_history) == 501
    assert result.final_loss < result.loss_history[0] / 4
    # Adam on a smooth target: the running minimum falls steadily
    assert min(result.loss_history[250:]) < min(result.loss_history[:250])


def test_numpy_backend_fits_sin_to_low_loss(sin_data):
    result = train_network(sin_data, width=16, epochs=2000, init="data", seed=0, quiet=True)
    assert result.final_loss < 1e-2
    # the fit is genuine: the prediction tracks sin at unseen points
    X = np.linspace(0.1, 6.0, 37).reshape(-1, 1)
    assert np.max(np.abs(result.predict_float(X)[:, 0] - np.sin(X[:, 0]))) < 0.3


def test_torch_backend_fits_sin_to_low_loss(sin_data):
    pytest.importorskip("torch")
    result = train_network(sin_data, width=16, epochs=2000, init="data", seed=0, backend="torch", quiet=True)
    assert result.config.backend == "torch"
    assert result.final_loss < 1e-2


@pytest.mark.parametrize(
    ("optimizer", "batch_size", "learning_rate", "momentum"),
    [("adam", None, 1e-2, 0.0), ("adam", 32, 1e-2, 0.0), ("sgd", None, 1e-2, 0.0), ("sgd", 32, 1e-3, 0.9)],
)
def test_numpy_and_torch_follow_the_same_trajectory(sin_data, optimizer, batch_size, learning_rate, momentum):
    # same initial weights and batch order, the same update formulas: only rounding differs
    pytest.importorskip("torch")
    options = {
        "width": 6,
        "epochs": 30,
        "seed": 5,
        "optimizer": optimizer,
        "batch_size": batch_size,
        "learning_rate": learning_rate,
        "momentum": momentum,
        "quiet": True,
    }
    ours = train_network(sin_data, backend="numpy", **options)
    theirs = train_network(sin_data, backend="torch", **options)
    for p, q in zip(_weights(ours), _weights(theirs), strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(ours.loss_history, theirs.loss_history, rtol=1e-9)


def test_numpy_gradient_matches_finite_differences(sin_data):
    # one plain SGD step moves each weight by -lr * dL/dweight; compare with a central difference
    lr = 1e-6
    before = train_network(sin_data, width=5, epochs=0, seed=11, quiet=True)
    after = train_network(sin_data, width=5, epochs=1, seed=11, optimizer="sgd", learning_rate=lr, quiet=True)
    X, Y = sin_data.X, sin_data.Y

    def loss(params):
        W, b, A, c = params
        return float(np.mean((np.maximum(X @ W.T + b, 0) @ A.T + c - Y) ** 2))

    params = [np.array(p) for p in _weights(before)]
    for k, (p0, p1) in enumerate(zip(_weights(before), _weights(after), strict=True)):
        step_gradient = (p0 - p1) / lr
        for index in np.ndindex(p0.shape):
            h = 1e-6
            plus = [q.copy() for q in params]
            minus = [q.copy() for q in params]
            plus[k][index] += h
            minus[k][index] -= h
            numeric = (loss(plus) - loss(minus)) / (2 * h)
            assert step_gradient[index] == pytest.approx(numeric, rel=1e-4, abs=1e-6)


def test_two_dimensional_target_trains():
    data = sample_target("x*y", [(-1, 1), (-1, 1)], n_samples=121)
    assert data.X.shape == (121, 2)
    result = train_network(data, width=16, epochs=400, seed=0, quiet=True)
    assert result.network.input_dim == 2
    assert result.final_loss < result.loss_history[0]


def test_auto_backend_resolves():
    data = sample_target("x", (0, 1), n_samples=5)
    result = train_network(data, width=2, epochs=1, backend="auto", quiet=True)
    assert result.config.backend == ("torch" if torch_available() else "numpy")


# -- snapshots ---------------------------------------------------------------------------


def test_snapshots_at_requested_epochs(sin_data):
    result = train_network(sin_data, width=8, epochs=50, seed=4, snapshot_epochs=[50, 0, 10, 10], quiet=True)
    assert [s.epoch for s in result.snapshots] == [0, 10, 50]
    initial = train_network(sin_data, width=8, epochs=0, seed=4, quiet=True)
    middle = train_network(sin_data, width=8, epochs=10, seed=4, quiet=True)
    for snap, reference in (
        (result.snapshot(0), initial),
        (result.snapshot(10), middle),
        (result.snapshot(50), result),
    ):
        for p, q in zip([snap.W, snap.b, snap.A, snap.c], _weights(reference), strict=True):
            assert np.array_equal(p, q)
        assert snap.network == reference.network
        assert snap.loss == result.loss_history[snap.epoch]
    with pytest.raises(InvalidArgument, match="no snapshot at epoch 3"):
        result.snapshot(3)


def test_snapshots_with_minibatches_and_torch(sin_data):
    pytest.importorskip("torch")
    result = train_network(
        sin_data, width=4, epochs=6, seed=2, batch_size=25, backend="torch", snapshot_epochs=[0, 3, 6], quiet=True
    )
    assert [s.epoch for s in result.snapshots] == [0, 3, 6]
    assert [s.loss for s in result.snapshots] == [result.loss_history[e] for e in (0, 3, 6)]


def test_weights_are_read_only(sin_data):
    result = train_network(sin_data, width=3, epochs=2, snapshot_epochs=[1], quiet=True)
    with pytest.raises(ValueError, match="read-only"):
        result.W[0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        result.snapshots[0].A[0, 0] = 1.0
    with pytest.raises(AttributeError):
        result.W = None  # type: ignore[misc]


# -- lossless rationalisation ---------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**16), width=st.integers(1, 12), init=st.sampled_from(["uniform", "he", "data"]))
def test_exact_network_is_the_float_network(seed, width, init):
    data = sample_target("exp(-x**2)", (-2, 2), n_samples=17)
    result = train_network(data, width=width, epochs=20, seed=seed, init=init, quiet=True)
    net = result.network
    # every exact weight is the float's exact binary value
    for exact_rows, floats in ((net.W, result.W), (net.A, result.A)):
        for i, row in enumerate(exact_rows):
            for j, value in enumerate(row):
                assert value == Fraction(float(floats[i, j]))
    assert list(net.b) == [Fraction(float(v)) for v in result.b]
    assert list(net.c) == [Fraction(float(v)) for v in result.c]
    # float evaluation of the exact net reproduces the trained net's output bit for bit
    assert np.array_equal(evaluate_float(net, data.X), result.predict_float(data.X))
    # exact evaluation at the (exactly representable) sample points agrees up to float rounding
    for x, y in zip(data.X[::4], result.predict_float(data.X[::4]), strict=True):
        exact = evaluate(net, [Fraction(float(x[0]))])[0]
        assert abs(float(exact) - y[0]) <= 1e-12 * (1 + abs(y[0]))


# -- data, targets, domains ------------------------------------------------------------------


def test_sample_target_grid_and_uniform():
    grid = sample_target("x**2", (-1, 1), n_samples=5)
    assert grid.X[:, 0].tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert grid.domain == Box([(-1, 1)])
    uniform = sample_target("x**2", (-1, 1), n_samples=50, sampling="uniform", seed=3)
    assert np.all((uniform.X >= -1) & (uniform.X <= 1))
    assert np.array_equal(uniform.X, sample_target("x**2", (-1, 1), n_samples=50, sampling="uniform", seed=3).X)
    np.testing.assert_array_equal(uniform.Y[:, 0], uniform.X[:, 0] ** 2)


def test_callable_and_vector_targets():
    target = make_target(lambda X: np.stack([X[:, 0], -X[:, 0]], axis=1), name="pair")
    data = sample_target(target, (0, 1), n_samples=4)
    assert data.Y.shape == (4, 2)
    result = train_network(data, width=3, epochs=3, quiet=True)
    assert result.network.output_dim == 2


def test_domain_with_irrational_bound_is_exact_float():
    data = sample_target("sin(x)", (0, "2*pi"), n_samples=3)
    assert data.domain is not None
    assert (data.domain.low, data.domain.high) == (0, Fraction(2 * np.pi))
    assert data.X[-1, 0] == float(data.domain.high)


@pytest.mark.parametrize("domain", [(-1, 1), [(-1, 1)], "-1,1", Box([(-1, 1)]), np.array([[-1, 1]])])
def test_sample_target_reads_every_1d_domain_form(domain):
    data = sample_target("x**2", domain, n_samples=5)
    assert data.domain == Box([(-1, 1)])
    assert data.X[:, 0].tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]


def test_sample_target_broadcasts_lo_hi_to_the_targets_inputs():
    data = sample_target("x*y", "-1,1", variables=["x", "y"], n_samples=9)
    assert data.domain == Box([(-1, 1), (-1, 1)])
    target = make_target("x1 + x2 + x3", input_dim=3)
    assert sample_target(target, "0,1/2", n_samples=8).domain == Box([(0, "1/2")] * 3)


def test_sampling_refuses_domains_that_are_not_boxes():
    with pytest.raises(DomainError, match=r"^domain: sample_target needs a box \[\(lo, hi\), ...\]; got a polytope"):
        sample_target("x", ([[1], [-1]], [0, 1]))
    with pytest.raises(DomainError, match=r"^domain: None means all of R\^d, but nothing fixes d here"):
        sample_target("x", None)
    with pytest.raises(DomainError, match=r"^domain: TrainingData.from_arrays needs a box .*; got R\^1"):
        TrainingData.from_arrays([0.0, 1.0], [0.0, 1.0], domain=Whole(1))


def test_training_data_from_arrays():
    data = TrainingData.from_arrays(np.linspace(0, 1, 4), np.linspace(0, 1, 4), domain=(0, 1))
    assert (data.n_samples, data.input_dim, data.output_dim) == (4, 1, 1)
    result = train_network(data, width=2, epochs=2, quiet=True)
    assert training_result_to_json(result)["data"]["domain"] == [["0", "1"]]


def test_json_summary_round_trips_exact_weights(sin_data):
    result = train_network(sin_data, width=3, epochs=4, snapshot_epochs=[2], quiet=True)
    summary = training_result_to_json(result)
    assert summary["config"]["width"] == 3
    assert len(summary["loss_history"]) == 5
    assert [Fraction(v) for v in summary["network"]["b"]] == list(result.network.b)
    assert summary["snapshots"] == [{"epoch": 2, "loss": result.loss_history[2]}]


def test_quiet_prints_nothing(sin_data, capsys):
    train_network(sin_data, width=2, epochs=20, quiet=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""


# -- bad arguments -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"width": 0}, "width must be a positive integer"),
        ({"width": 2.5}, "width must be a positive integer"),
        ({"width": 2, "epochs": -1}, "epochs must be a non-negative integer"),
        ({"width": 2, "learning_rate": 0.0}, "learning_rate must be positive"),
        ({"width": 2, "learning_rate": float("nan")}, "learning_rate must be a finite number"),
        ({"width": 2, "optimizer": "rmsprop"}, "unknown optimizer 'rmsprop'"),
        ({"width": 2, "init": "xavier"}, "unknown init 'xavier'"),
        ({"width": 2, "backend": "jax"}, "unknown backend 'jax'"),
        ({"width": 2, "momentum": 0.9}, "momentum applies to optimizer='sgd' only"),
        ({"width": 2, "optimizer": "sgd", "momentum": 1.5}, r"momentum must be in \[0, 1\)"),
        ({"width": 2, "batch_size": 0}, "batch_size must be a positive integer"),
        (
            {"width": 2, "epochs": 5, "snapshot_epochs": [6]},
            "snapshot epoch 6 is not an integer between 0 and epochs = 5",
        ),
        ({"width": 2, "seed": -1}, "seed must be a non-negative integer"),
    ],
)
def test_bad_options_raise(sin_data, options, message):
    with pytest.raises(InvalidArgument, match=message):
        train_network(sin_data, **{"quiet": True, **options})
    with pytest.raises(InvalidArgument, match=message):
        TrainingConfig(**options)


def test_bad_data_raise():
    with pytest.raises(InvalidArgument, match="data must be a TrainingData"):
        train_network(np.zeros((3, 1)), width=2)  # type: ignore[arg-type]
    with pytest.raises(ShapeError, match="X has 3 samples but Y has 2"):
        TrainingData.from_arrays(np.zeros(3), np.zeros(2))
    with pytest.raises(InvalidArgument, match="NaN or infinite"):
        TrainingData.from_arrays([0.0, 1.0], [0.0, np.nan])
    with pytest.raises(DomainError, match=r"^domain: side 1 is empty or a point: low 1 >= high 0"):
        sample_target("x", (1, 0))
    with pytest.raises(InvalidArgument, match="a 1-D target must have one variable"):
        sample_target("x*y", (0, 1))
    with pytest.raises(InvalidArgument, match="cannot tell the input order"):
        sample_target("a*b + c", [(0, 1), (0, 1)])
    with pytest.raises(InvalidArgument, match="non-finite value"):
        sample_target("1/x", (0, 1), n_samples=3)
    with pytest.raises(InvalidArgument, match="unknown sampling 'sobol'"):
        sample_target("x", (0, 1), sampling="sobol")
    with pytest.raises(InvalidArgument, match="n_samples must be a positive integer"):
        sample_target("x", (0, 1), n_samples=0)
    with pytest.raises(InvalidArgument, match="cannot read"):
        sample_target("sin(", (0, 1))


def test_divergence_is_reported(sin_data):
    with pytest.raises(InvalidArgument, match="training diverged"):
        train_network(sin_data, width=8, epochs=200, optimizer="sgd", learning_rate=1e3, quiet=True)


def test_missing_torch_raises_named_extra(sin_data, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    assert not torch_available()
    with pytest.raises(MissingDependencyError, match=r'pip install "reluexact\[torch\]"'):
        train_network(sin_data, width=2, epochs=1, backend="torch", quiet=True)
    # "auto" falls back to numpy
    assert train_network(sin_data, width=2, epochs=1, backend="auto", quiet=True).config.backend == "numpy"


def test_train_on_target_passes_options():
    result = train_on_target("abs(x)", (-1, 1), width=4, n_samples=9, epochs=7, seed=1, quiet=True)
    assert result.config.epochs == 7
    assert result.data.n_samples == 9
    assert result.data.target is not None
    assert result.data.target.name == "Abs(x)"
