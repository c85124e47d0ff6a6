"""scikit-learn: fitted ``MLPRegressor`` / ``MLPClassifier`` with one ReLU hidden layer.

sklearn stores ``coefs_[0]`` (d, n), ``intercepts_[0]`` (n,), ``coefs_[1]`` (n, m)
and ``intercepts_[1]`` (m,); reluexact transposes them to W = coefs_[0].T and
A = coefs_[1].T. Weights (float64, or float32 for a model fitted on float32 data) are
taken at their exact binary values.

What the outputs mean:

* ``MLPRegressor``: the exact network is the regressor's prediction
  (``predict(X)`` = f(X), up to float rounding; for a single target
  ``predict`` returns shape (N,) and f has m = 1).
* ``MLPClassifier``: the exact network gives the **logits**, the values
  *before* the output activation ``out_activation_``. For binary problems
  (``out_activation_ == "logistic"``, m = 1) f(x) is the logit of
  ``classes_[1]``: ``predict_proba(X)[:, 1] = 1 / (1 + exp(-f(X)))``, and the
  prediction is ``classes_[1]`` exactly where f(x) > 0. For multilabel problems
  (``logistic``, m labels) each output is one label's logit. For multiclass
  (``softmax``, m classes) ``predict_proba = softmax(f)`` and the prediction is
  ``classes_[argmax f(x)]``. The logistic/softmax itself is not rational and is not
  part of the exact network.

Requires the ``sklearn`` extra: ``pip install "reluexact[sklearn]"``.

Examples
--------
>>> import pytest; _ = pytest.importorskip("sklearn")
>>> import numpy as np
>>> from sklearn.neural_network import MLPRegressor
>>> X = np.linspace(-1, 1, 40).reshape(-1, 1)
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # ConvergenceWarning: 50 iterations are enough here
...     model = MLPRegressor(hidden_layer_sizes=(5,), max_iter=50, random_state=0).fit(X, np.abs(X).ravel())
>>> net = from_sklearn(model)
>>> net
TwoLayerReLU(d=1, n=5, m=1)
>>> from reluexact.model import evaluate_float
>>> bool(np.allclose(evaluate_float(net, X)[:, 0], model.predict(X), rtol=0, atol=1e-12))
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reluexact.errors import MissingDependencyError, UnsupportedModelError
from reluexact.limits import Limits
from reluexact.model import TwoLayerReLU

__all__ = ["from_sklearn"]


def from_sklearn(estimator: Any, *, where: str = "sklearn model", limits: Limits | None = None) -> TwoLayerReLU:
    """Exact network from a fitted one-hidden-layer ReLU ``MLPRegressor`` or ``MLPClassifier``.

    Parameters
    ----------
    estimator : sklearn.neural_network.MLPRegressor or MLPClassifier
        Fitted, with ``hidden_layer_sizes`` of length one and ``activation="relu"``.
        Weights of any float dtype (float32 when fitted on float32 data) are read at
        their exact values.
    limits : Limits, keyword-only
        See :class:`reluexact.limits.Limits`.

    Returns
    -------
    TwoLayerReLU
        The regressor's prediction, or the classifier's logits (before the output
        activation); see the module docstring.

    Raises
    ------
    UnsupportedModelError
        For other estimators, other activations, more or fewer hidden layers, or an
        estimator that is not fitted.
    MissingDependencyError
        When scikit-learn is not installed.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("sklearn")
    >>> from sklearn.neural_network import MLPClassifier
    >>> from_sklearn(MLPClassifier(hidden_layer_sizes=(4,)))
    Traceback (most recent call last):
    ...
    reluexact.errors.UnsupportedModelError: sklearn model: the MLPClassifier is not fitted; call fit(X, y) first
    """
    try:
        from sklearn.neural_network import MLPClassifier, MLPRegressor
    except ImportError:
        raise MissingDependencyError(
            'scikit-learn is not installed; install the extra with: pip install "reluexact[sklearn]"'
        ) from None
    if not isinstance(estimator, (MLPRegressor, MLPClassifier)):
        raise UnsupportedModelError(
            f"{where}: {type(estimator).__name__} is not an MLPRegressor or MLPClassifier; reluexact reads "
            "scikit-learn MLPs with one ReLU hidden layer"
        )
    kind = type(estimator).__name__
    if estimator.activation != "relu":
        raise UnsupportedModelError(
            f"{where}: the {kind} uses activation={estimator.activation!r}; reluexact needs activation='relu'"
        )
    coefs = getattr(estimator, "coefs_", None)
    intercepts = getattr(estimator, "intercepts_", None)
    if coefs is None or intercepts is None:
        raise UnsupportedModelError(f"{where}: the {kind} is not fitted; call fit(X, y) first")
    if len(coefs) != 2:
        raise UnsupportedModelError(
            f"{where}: the {kind} has {len(coefs) - 1} hidden layers (hidden_layer_sizes="
            f"{tuple(layer.shape[1] for layer in coefs[:-1])}); reluexact reads exactly one"
        )
    if kind == "MLPRegressor" and getattr(estimator, "out_activation_", "identity") != "identity":
        raise UnsupportedModelError(
            f"{where}: the MLPRegressor has output activation {estimator.out_activation_!r}; expected 'identity'"
        )
    from reluexact.interop.numpy_io import from_arrays

    W = np.asarray(coefs[0]).T  # no dtype cast: each weight is read at its own exact value
    A = np.asarray(coefs[1]).T
    return from_arrays(W, np.asarray(intercepts[0]), A, np.asarray(intercepts[1]), where=where, limits=limits)
