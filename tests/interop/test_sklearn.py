"""Tests for reluexact.interop.sklearn, on real MLPs trained here on data made here."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

from reluexact.errors import UnsupportedModelError
from reluexact.interop.sklearn import from_sklearn
from reluexact.io import load_model
from reluexact.model import evaluate_exact_batch, evaluate_float

sklearn_nn = pytest.importorskip("sklearn.neural_network")


def _fit(model: object, X: np.ndarray, y: np.ndarray) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: a few hundred steps are plenty here
        return model.fit(X, y)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(300, 2))
    return X, np.abs(X[:, 0]) - X[:, 1] ** 2


def _exact_floats(net: object, X: np.ndarray) -> np.ndarray:
    points = [tuple(Fraction(v) for v in row) for row in X.tolist()]
    return np.array([[float(v) for v in value] for value in evaluate_exact_batch(net, points)])  # type: ignore[arg-type]


def test_regressor_prediction_is_the_exact_network(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    model = _fit(
        sklearn_nn.MLPRegressor(hidden_layer_sizes=(8,), max_iter=300, learning_rate_init=0.01, random_state=0), X, y
    )
    assert model.score(X, y) > 0.9  # type: ignore[attr-defined]
    net = from_sklearn(model)
    assert (net.input_dim, net.n_hidden, net.output_dim) == (2, 8, 1)
    assert tuple(tuple(Fraction(v) for v in row) for row in model.coefs_[0].T.tolist()) == net.W  # type: ignore[attr-defined]
    predicted = model.predict(X)  # type: ignore[attr-defined]
    np.testing.assert_allclose(_exact_floats(net, X)[:, 0], predicted, rtol=0, atol=1e-12)
    np.testing.assert_allclose(evaluate_float(net, X)[:, 0], predicted, rtol=0, atol=1e-12)
    assert load_model(model) == net


def test_multi_target_regressor(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    targets = np.stack([y, X[:, 0] - X[:, 1]], axis=1)
    model = _fit(sklearn_nn.MLPRegressor(hidden_layer_sizes=(6,), max_iter=200, random_state=1), X, targets)
    net = from_sklearn(model)
    assert net.output_dim == 2
    np.testing.assert_allclose(_exact_floats(net, X), model.predict(X), rtol=0, atol=1e-12)  # type: ignore[attr-defined]


def test_binary_classifier_outputs_the_logit(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    labels = np.where(y > 0, "up", "down")
    model = _fit(sklearn_nn.MLPClassifier(hidden_layer_sizes=(8,), max_iter=300, random_state=0), X, labels)
    net = from_sklearn(model)
    assert net.output_dim == 1
    assert model.out_activation_ == "logistic"
    logits = _exact_floats(net, X)[:, 0]
    np.testing.assert_allclose(1 / (1 + np.exp(-logits)), model.predict_proba(X)[:, 1], rtol=1e-9, atol=1e-12)  # type: ignore[attr-defined]
    confident = np.abs(logits) > 1e-9
    expected = np.where(logits > 0, model.classes_[1], model.classes_[0])  # type: ignore[attr-defined]
    assert (model.predict(X)[confident] == expected[confident]).all()  # type: ignore[attr-defined]


def test_multiclass_classifier_outputs_logits_before_softmax(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    labels = np.digitize(y, [-0.3, 0.2])
    model = _fit(sklearn_nn.MLPClassifier(hidden_layer_sizes=(10,), max_iter=300, random_state=0), X, labels)
    net = from_sklearn(model)
    assert net.output_dim == 3
    assert model.out_activation_ == "softmax"
    logits = _exact_floats(net, X)
    softmax = np.exp(logits - logits.max(axis=1, keepdims=True))
    softmax /= softmax.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(softmax, model.predict_proba(X), rtol=1e-9, atol=1e-12)  # type: ignore[attr-defined]
    assert (model.classes_[logits.argmax(axis=1)] == model.predict(X)).mean() > 0.99  # type: ignore[attr-defined]


def test_unsupported_estimators_are_named(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    tanh = _fit(sklearn_nn.MLPRegressor(hidden_layer_sizes=(4,), activation="tanh", max_iter=20), X, y)
    with pytest.raises(UnsupportedModelError, match=r"the MLPRegressor uses activation='tanh'; reluexact needs"):
        from_sklearn(tanh)
    deep = _fit(sklearn_nn.MLPRegressor(hidden_layer_sizes=(4, 3), max_iter=20), X, y)
    with pytest.raises(UnsupportedModelError, match=r"has 2 hidden layers \(hidden_layer_sizes=\(4, 3\)\)"):
        from_sklearn(deep)
    with pytest.raises(UnsupportedModelError, match=r"the MLPRegressor is not fitted; call fit"):
        from_sklearn(sklearn_nn.MLPRegressor())
    linear = pytest.importorskip("sklearn.linear_model").LinearRegression().fit(X, y)
    with pytest.raises(UnsupportedModelError, match=r"LinearRegression is not an MLPRegressor or MLPClassifier"):
        from_sklearn(linear)
    with pytest.raises(UnsupportedModelError, match=r"LinearRegression is not an MLPRegressor"):
        load_model(linear)


def test_weights_of_other_float_dtypes_are_not_rounded_to_float64(data: tuple[np.ndarray, np.ndarray]) -> None:
    # from_sklearn cast every weight to float64 first: a longdouble weight lost its low bits
    X, y = data
    model = _fit(sklearn_nn.MLPRegressor(hidden_layer_sizes=(3,), max_iter=20, random_state=0), X, y)
    weight = np.longdouble(1) + np.longdouble(2) ** -60
    if weight == 1:  # pragma: no cover - platforms whose longdouble is float64
        pytest.skip("longdouble has no more precision than float64 here")
    model.coefs_[0] = model.coefs_[0].astype(np.longdouble)
    model.coefs_[0][0, 0] = weight
    assert from_sklearn(model).W[0][0] == 1 + Fraction(1, 2**60)
