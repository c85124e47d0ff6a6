"""Real trained classifiers end to end: scikit-learn and PyTorch on make_moons / blobs, decided exactly.

The exact network of a classifier gives its logits (:mod:`reluexact.interop.sklearn`): the binary
prediction is ``classes_[1]`` exactly where f > 0, the multiclass one the argmax. The boundary and
class cells are then checked exactly, and against the classifier's own float predictions on the data.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

from reluexact.answers import class_cells, decision_boundary
from reluexact.model import evaluate, evaluate_exact_batch
from tests.answers.oracles import pattern_at

sklearn_nn = pytest.importorskip("sklearn.neural_network")
datasets = pytest.importorskip("sklearn.datasets")

F = Fraction
BOX = ((F(-2), F(3)), (F(-3, 2), F(2)))


def _fit(X, y, hidden=12):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: a few hundred iterations are enough here
        model = sklearn_nn.MLPClassifier(hidden_layer_sizes=(hidden,), max_iter=400, random_state=0)
        return model.fit(X, y)


def _exact(X):
    return [tuple(Fraction(float(v)) for v in row) for row in X]


def test_sklearn_moons_boundary() -> None:
    from reluexact.interop.sklearn import from_sklearn

    X, y = datasets.make_moons(n_samples=120, noise=0.1, random_state=0)
    model = _fit(X, y)
    net = from_sklearn(model)
    assert net.output_dim == 1
    db = decision_boundary(net, domain=BOX)
    assert db.pieces
    for piece in db.pieces:
        assert evaluate(net, piece.point)[0] == 0
        assert pattern_at(net, piece.point) == db.regions[piece.region].pattern
    assert db.area(1) + db.area(-1) == F(5) * F(7, 2)
    # the boundary cells agree with the classifier: each data point's cell has the sign sklearn predicts
    predicted = model.predict(X)
    signs = {(c.region, c.sign) for c in db.cells}
    by_pattern = {r.pattern: r.id for r in db.regions}
    for x, label, value in zip(_exact(X), predicted, evaluate_exact_batch(net, _exact(X)), strict=True):
        sign = 1 if value[0] > 0 else -1
        assert (sign > 0) == (label == model.classes_[1])
        pattern = pattern_at(net, x)
        if pattern is not None and pattern in by_pattern:
            assert (by_pattern[pattern], sign) in signs
    # a boundary point really is where the float classifier changes its mind (up to float rounding)
    piece = db.pieces[0]
    proba = model.predict_proba(np.array([[float(v) for v in piece.point]]))[0, 1]
    assert abs(proba - 0.5) < 1e-9


def test_sklearn_three_blobs_class_cells() -> None:
    from reluexact.interop.sklearn import from_sklearn

    X, y = datasets.make_blobs(n_samples=150, centers=[(-1, 0), (1, 1), (1, -1)], cluster_std=0.5, random_state=1)
    model = _fit(X, y, hidden=8)
    net = from_sklearn(model)
    assert net.output_dim == 3
    box = ((F(-3), F(3)), (F(-3), F(3)))
    cc = class_cells(net, domain=box)
    assert sum(cc.area(k) for k in range(3)) == 36
    assert {c.label for c in cc.cells} == {0, 1, 2}
    owned = {(c.region, c.label) for c in cc.cells}
    by_pattern = {r.pattern: r.id for r in cc.regions}
    for x, label, values in zip(_exact(X), model.predict(X), evaluate_exact_batch(net, _exact(X)), strict=True):
        k = values.index(max(values))
        assert model.classes_[k] == label
        pattern = pattern_at(net, x)
        if pattern is not None and all(lo < v < hi for v, (lo, hi) in zip(x, box, strict=True)):
            assert (by_pattern[pattern], k) in owned


def test_torch_moons_boundary() -> None:
    torch = pytest.importorskip("torch")
    from reluexact.interop.torch import from_torch

    X, y = datasets.make_moons(n_samples=100, noise=0.1, random_state=1)
    torch.set_num_threads(1)  # a 100-point problem: threads only cost here
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 10), torch.nn.ReLU(), torch.nn.Linear(10, 1)).double()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    Xt = torch.tensor(X, dtype=torch.float64)
    yt = torch.tensor(y, dtype=torch.float64).unsqueeze(1)
    for _ in range(100):
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(Xt), yt)
        loss.backward()
        optimizer.step()
    net = from_torch(model)
    db = decision_boundary(net, domain=BOX)
    assert db.pieces
    for piece in db.pieces:
        assert evaluate(net, piece.point)[0] == 0
    assert db.area(1) + db.area(-1) == F(5) * F(7, 2)
    with torch.no_grad():
        logits = model(Xt).numpy()[:, 0]
    exact = evaluate_exact_batch(net, _exact(X))
    agree = sum((v[0] > 0) == (z > 0) for v, z in zip(exact, logits, strict=True) if abs(z) > 1e-9)
    assert agree == sum(1 for z in logits if abs(z) > 1e-9)


def test_sklearn_digits_slice_class_cells_and_map(tmp_path) -> None:
    # d = 64 digits classifier -> the plane through three test images -> exact class cells -> a marked map
    pytest.importorskip("matplotlib")
    from sklearn.model_selection import train_test_split

    from reluexact.answers import plane_through, slice_box, slice_coordinates, slice_network
    from reluexact.interop.sklearn import from_sklearn
    from reluexact.report.maps import plot_decision_map

    X, y = datasets.load_digits(return_X_y=True)
    X_train, X_test, y_train, _ = train_test_split(X / 16, y, test_size=0.25, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = sklearn_nn.MLPClassifier(hidden_layer_sizes=(64,), max_iter=60, random_state=0).fit(X_train, y_train)
    net = from_sklearn(model)
    assert (net.input_dim, net.n_hidden, net.output_dim) == (64, 64, 10)
    samples = _exact(X_test[:3])
    origin, directions = plane_through(*samples)
    sliced = slice_network(net, origin, directions)
    box = slice_box(origin, directions, samples)
    cc = class_cells(sliced, domain=box)
    (lo0, hi0), (lo1, hi1) = box.bounds
    assert sum(cc.area(k) or 0 for k in range(10)) == (hi0 - lo0) * (hi1 - lo1)
    # every cell point, mapped back to R^64, is classified there (by the d-dimensional net) as the cell says
    for cell in cc.cells:
        x = tuple(
            o + sum((t * u[i] for t, u in zip(cell.point, directions, strict=True)), F(0)) for i, o in enumerate(origin)
        )
        values = evaluate(net, x)
        assert values.index(max(values)) == cell.label
    # the samples sit at t = (0, 0), (1, 0), (0, 1); the map colours them as sklearn predicts them
    ts = [slice_coordinates(origin, directions, s) for s in samples]
    assert ts == [(0, 0), (1, 0), (0, 1)]
    fig = plot_decision_map(sliced, box=box, points=ts)
    assert [model.classes_[k] for _, k in fig.points] == list(model.predict(X_test[:3]))
    fig.figure.savefig(tmp_path / "digits-slice.png")
    assert (tmp_path / "digits-slice.png").stat().st_size > 0
