"""A real trained 2-D network (scikit-learn, trained here on data made here), decomposed exactly."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from reluexact.model import evaluate
from reluexact.regions import region_containing_point, regions
from reluexact.regions.graph import adjacency_graph

sklearn_nn = pytest.importorskip("sklearn.neural_network")


def test_trained_mlp_regions():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(300, 2))
    y = np.sin(2 * X[:, 0]) * np.cos(3 * X[:, 1])
    model = sklearn_nn.MLPRegressor(
        hidden_layer_sizes=(16,), activation="relu", max_iter=400, learning_rate_init=0.01, random_state=0
    )
    model.fit(X, y)
    from reluexact.io import load_model

    net = load_model(model)
    assert (net.input_dim, net.n_hidden) == (2, 16)
    res = regions(net, domain="-1,1;-1,1")
    assert res.complete
    # at most the general-position count, at least one region per distinct hyperplane crossing the box + 1
    assert 2 <= len(res) <= 1 + 16 + 16 * 15 // 2
    G = adjacency_graph(res)  # checks the continuity restriction on every edge
    assert G.number_of_edges() == len(res.edges)
    for r in res:
        assert r.affine_map(r.point) == evaluate(net, r.point)
    # the exact net agrees with sklearn's float predictions at the data, and every sample lies in a region
    pred = model.predict(X[:50])
    for k in range(50):
        x = [Fraction(v) for v in X[k]]
        assert abs(float(evaluate(net, x)[0]) - pred[k]) < 1e-9
        r = region_containing_point(res, x)
        assert r is not None
        assert r.affine_map(x) == evaluate(net, x)
