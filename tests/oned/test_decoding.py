from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import CertificationError, DomainError, TwoLayerReLU, evaluate
from reluexact.oned.comparison import compare_with_construction
from reluexact.oned.decoding import decode
from reluexact.oned.equivalence import are_equivalent
from reluexact.oned.spline import spline_form
from tests.oned.strategies import domains, nets_1d

F = Fraction
EXAMPLE3 = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])


def test_decode_worked_example_3():
    dec = decode(EXAMPLE3, domain=(-1, 1))
    assert [u.knot for u in dec.units] == [F(1, 2), F(1, 2), F(-1, 2)]
    assert [u.orientation for u in dec.units] == [1, -1, 1]
    assert [u.jump for u in dec.units] == [(F(1),), (F(6),), (F(-1),)]
    assert [g.knot for g in dec.groups] == [F(-1, 2), F(1, 2)]
    assert dec.groups[1].units == (0, 1)
    assert dec.groups[1].jump == (F(7),)
    # identity: net = -relu(x + 1/2) + 7 relu(x - 1/2) + (-6 x + 31/10) on [-1, 1]
    assert dec.affine_slope == (F(-6),)
    assert dec.affine_intercept == (F(31, 10),)
    assert ((F(-1), F(7)),) == dec.one_sided.A
    assert dec.identity_verified


def test_decode_roles_and_groups_on_domain():
    net = TwoLayerReLU([[1], [-1], [1], [0], [2], [1]], [0, 5, -9, 2, 0, "-1/2"], [[2, 1, 4, 3, 1, 0]], [0])
    dec = decode(net, domain=(-1, 1))
    assert [u.role for u in dec.units] == [
        "shaping",
        "affine-acting",
        "dead",
        "affine-acting",
        "shaping",
        "zero-output",
    ]
    assert dec.groups[0].units == (0, 4)
    assert dec.units[3].constant == (F(6),)
    assert dec.units[3].contribution([F(100)]) == (F(6),)
    assert dec.role_counts == {"shaping": 2, "affine-acting": 2, "dead": 1, "zero-output": 1}
    assert dec.units_with_role("dead") == (2,)


@settings(max_examples=60, deadline=None)
@given(nets_1d(), domains(), st.lists(st.fractions(min_value=0, max_value=1, max_denominator=30), max_size=5))
def test_decoding_identity_holds_exactly(net, domain, fractions):
    dec = decode(net, domain=domain)
    alpha, beta = domain
    points = [alpha, beta] + [alpha + (beta - alpha) * q for q in fractions] + [g.knot for g in dec.groups]
    for x in points:
        one_sided = evaluate(dec.one_sided, [x])
        rhs = tuple(o + s * x + c for o, s, c in zip(one_sided, dec.affine_slope, dec.affine_intercept, strict=True))
        assert evaluate(net, [x]) == rhs
        # per-unit contributions add up to the network
        total = list(net.c)
        for u in dec.units:
            total = [t + v for t, v in zip(total, u.contribution([x]), strict=True)]
        assert tuple(total) == evaluate(net, [x])
    assert are_equivalent(net, dec.identity_network(), domain=domain)
    assert are_equivalent(net, dec.basis.to_network(), domain=domain)
    assert all(row == (F(1),) for row in dec.one_sided.W)
    form = spline_form(net, domain=domain)
    assert [u.role for u in dec.units] == list(form.unit_roles)
    assert len(dec.groups) == len(form.knots)


def test_decode_refuses_bad_domain():
    with pytest.raises(DomainError, match=r"^domain: side 1 is empty or a point: low 1 >= high 0; need low < high"):
        decode(EXAMPLE3, domain=(1, 0))
    with pytest.raises(DomainError, match=r"^domain: decode needs a bounded interval \[alpha, beta\]; got None"):
        decode(EXAMPLE3, domain=None)


def _train_sklearn(seed=0):
    sklearn = pytest.importorskip("sklearn.neural_network")
    rng = np.random.default_rng(seed)
    X = np.sort(rng.uniform(-1.0, 1.0, size=(200, 1)), axis=0)
    y = np.sin(3.0 * X[:, 0]) + 0.5 * X[:, 0] ** 2
    model = sklearn.MLPRegressor(
        hidden_layer_sizes=(16,),
        activation="relu",
        solver="adam",
        learning_rate_init=0.01,
        max_iter=1500,
        tol=0.0,
        n_iter_no_change=2000,
        alpha=0.0,
        batch_size=200,
        shuffle=False,
        random_state=seed,
    )
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X, y)
    return model, X, y


def test_real_trained_network_is_decoded_with_exact_identity():
    model, X, y = _train_sklearn()
    net = TwoLayerReLU.from_float_arrays(
        model.coefs_[0].T, model.intercepts_[0], model.coefs_[1].T, model.intercepts_[1]
    )  # lossless: the exact function the float weights define
    prediction = model.predict(X)
    assert float(np.sqrt(np.mean((prediction - y) ** 2))) < 0.1  # it learned the target (amplitude ~1.3)
    dec = decode(net, domain=(-1, 1))
    assert dec.identity_verified
    assert sum(dec.role_counts.values()) == 16
    assert dec.role_counts["shaping"] >= 3
    # the exact identity at every training input (their exact binary values)
    for value in X[:, 0]:
        x = F(float(value))
        rhs = evaluate(dec.one_sided, [x])[0] + dec.affine_slope[0] * x + dec.affine_intercept[0]
        assert evaluate(net, [x])[0] == rhs
        assert abs(float(rhs) - model.predict([[value]])[0]) < 1e-9
    # units sharing a knot are grouped, shaping knots lie inside the data domain
    for g in dec.groups:
        assert -1 < g.knot < 1
    target = sympy.sin(3 * sympy.Symbol("x")) + sympy.Symbol("x") ** 2 / 2
    comparison = compare_with_construction(dec, target)
    assert comparison.trained_knots == tuple(g.knot for g in dec.groups if g.is_break_point)
    assert len(comparison.constructions) == 2
    for c in comparison.constructions:
        assert len(c.knots) == len(comparison.trained_knots) + 2
        assert c.grid_sup_error <= float(c.total_bound)
    assert comparison.trained_error < 0.3


def test_real_trained_network_through_io_loader():
    model, _, _ = _train_sklearn(seed=1)
    from reluexact.io import load_model

    net = load_model(model)
    dec = decode(net, domain=(-1, 1))
    assert dec.identity_verified
    assert net == TwoLayerReLU.from_float_arrays(
        model.coefs_[0].T, model.intercepts_[0], model.coefs_[1].T, model.intercepts_[1]
    )


def test_identity_failure_would_raise():
    # CertificationError is what a failed identity raises; decode of a sound net never does
    assert issubclass(CertificationError, ArithmeticError)
    for a, b in itertools.product([1, -1], [0, 1]):
        decode(TwoLayerReLU([[a]], [b], [[1]], [0]), domain=(-2, 2))


def test_torch_trained_network_is_decoded_with_exact_identity():
    torch = pytest.importorskip("torch")
    from reluexact.io import load_model

    torch.manual_seed(0)
    X = torch.linspace(-2.0, 2.0, 128, dtype=torch.float64).reshape(-1, 1)
    y = torch.exp(-(X**2))
    model = torch.nn.Sequential(torch.nn.Linear(1, 12), torch.nn.ReLU(), torch.nn.Linear(12, 1)).double()
    optimiser = torch.optim.Adam(model.parameters(), lr=0.02)
    for _ in range(400):
        optimiser.zero_grad()
        loss = torch.mean((model(X) - y) ** 2)
        loss.backward()
        optimiser.step()
    assert float(loss.detach()) < 0.01
    net = load_model(model)  # lossless
    dec = decode(net, domain=(-2, 2))
    assert dec.identity_verified
    with torch.no_grad():
        predictions = model(X).numpy()[:, 0]
    for value, predicted in zip(X.numpy()[:, 0], predictions, strict=True):
        x = F(float(value))
        rhs = evaluate(dec.one_sided, [x])[0] + dec.affine_slope[0] * x + dec.affine_intercept[0]
        assert evaluate(net, [x])[0] == rhs
        assert abs(float(rhs) - predicted) < 1e-9
