"""Tests for reluexact.lp: exact answers checked independently, and against cddlib's GMP LP."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument, ShapeError
from reluexact.lp import feasibility, maximize, minimize, strict_feasibility, strict_feasible_point


@st.composite
def systems(draw, max_m=7, max_d=3):
    d = draw(st.integers(1, max_d))
    m = draw(st.integers(1, max_m))
    ints = st.integers(-4, 4)
    A = [[draw(ints) for _ in range(d)] for _ in range(m)]
    b = [draw(ints) for _ in range(m)]
    return A, b


def _value(row, bv, x):
    return sum((Fraction(a) * v for a, v in zip(row, x, strict=True)), Fraction(bv))


def _check(A, b, result, *, strict):
    d = len(A[0])
    if result.point is not None:
        assert len(result.point) == d
        for row, bv in zip(A, b, strict=True):
            v = _value(row, bv, result.point)
            assert v > 0 if strict else v >= 0
    else:
        y = result.certificate
        assert all(v >= 0 for v in y)
        assert sum(y) == 1
        for j in range(d):
            assert sum(y[i] * A[i][j] for i in range(len(A))) == 0
        by = sum(y[i] * b[i] for i in range(len(A)))
        assert by <= 0 if strict else by < 0


@settings(max_examples=150, deadline=None)
@given(systems())
def test_strict_feasibility_is_proved_either_way(system):
    A, b = system
    _check(A, b, strict_feasibility(A, b), strict=True)
    _check(A, b, feasibility(A, b), strict=False)


@settings(max_examples=60, deadline=None)
@given(systems())
def test_agrees_with_cdd(system):
    pytest.importorskip("cdd.gmp")
    A, b = system
    for method in ("cdd", "simplex"):
        _check(A, b, strict_feasibility(A, b, method=method), strict=True)
    assert strict_feasibility(A, b, method="cdd").feasible == strict_feasibility(A, b).feasible


@settings(max_examples=100, deadline=None)
@given(systems(), st.lists(st.integers(-3, 3), min_size=3, max_size=3))
def test_maximize_certificates(system, c):
    A, b = system
    d = len(A[0])
    c = c[:d]
    r = maximize(c, A, b)
    if r.status == "optimal":
        for row, bv in zip(A, b, strict=True):
            assert _value(row, bv, r.point) >= 0
        assert sum(Fraction(ci) * xi for ci, xi in zip(c, r.point, strict=True)) == r.value
        y = r.dual
        assert all(v >= 0 for v in y)
        for j in range(d):
            assert sum(y[i] * A[i][j] for i in range(len(A))) == -c[j]
        assert sum(y[i] * b[i] for i in range(len(A))) == r.value
    elif r.status == "unbounded":
        for row, bv in zip(A, b, strict=True):
            assert _value(row, bv, r.point) >= 0
            assert sum(Fraction(a) * v for a, v in zip(row, r.ray, strict=True)) >= 0
        assert sum(Fraction(ci) * v for ci, v in zip(c, r.ray, strict=True)) > 0
    else:
        assert r.status == "infeasible"
        _check(A, b, feasibility(A, b), strict=False)
        assert feasibility(A, b).point is None


def test_degenerate_and_redundant_rows():
    # many copies of the same constraints through one vertex: Bland's rule must not cycle
    A = [[1, 0], [0, 1], [1, 1], [2, 2], [1, -1], [-1, 1]] * 3
    b = [0, 0, 0, 0, 0, 0] * 3
    assert strict_feasible_point(A, b) is None
    r = maximize([1, 1], [[-1, 0], [0, -1], [-1, -1], [-2, -2]], [1, 1, 2, 4])
    assert (r.status, r.value) == ("optimal", 2)
    assert minimize([1], [[1], [1]], [Fraction(-1, 3), Fraction(-1, 2)]).value == Fraction(1, 2)


def test_errors():
    with pytest.raises(ShapeError, match="rows"):
        strict_feasible_point([[1, 2]], [0, 1])
    with pytest.raises(ShapeError, match="entries"):
        strict_feasible_point([[1, 2], [1]], [0, 1])
    with pytest.raises(InvalidArgument, match="method"):
        strict_feasible_point([[1]], [0], method="glpk")
    with pytest.raises(InvalidArgument, match="float"):
        strict_feasible_point([[0.5]], [0])


@settings(max_examples=100, deadline=None)
@given(systems(max_m=9, max_d=4), st.lists(st.integers(-3, 3), min_size=4, max_size=4))
def test_float_guess_agrees_with_exact_simplex(system, c):
    # the default engine (float-guessed basis, certified exactly) against the pure exact simplex
    A, b = system
    c = c[: len(A[0])]
    fast, slow = maximize(c, A, b), maximize(c, A, b, method="simplex")
    assert fast.status == slow.status
    assert fast.value == slow.value
    if fast.status == "optimal":
        assert all(v >= 0 for v in fast.dual)
        assert sum(yi * bi for yi, bi in zip(fast.dual, b, strict=True)) == fast.value


def test_float_guess_is_used_and_a_wrong_guess_falls_back(monkeypatch):
    import reluexact.lp as lp

    A = [[-1, 0], [0, -1], [1, 0], [0, 1], [-1, -1]]
    b = [1, 2, 0, 0, 2]
    calls = []
    real = lp._float_basis

    def spy(M, c, h):
        calls.append(real(M, c, h))
        return calls[-1]

    monkeypatch.setattr(lp, "_float_basis", spy)
    r = maximize([1, 1], A, b)
    assert (r.status, r.value, calls[0] is not None) == ("optimal", 2, True)
    # a feasible but non-optimal basis (x = y = 0: constraints 2 and 3) must be rejected by the
    # exact certificate, and the exact simplex must still find the optimum
    monkeypatch.setattr(lp, "_float_basis", lambda M, c, h: [2, 3])
    assert lp._basis_solution([[1, 0, -1, 0, 1], [0, 1, 0, -1, 1]], [1, 1], b, [2, 3]) is not None
    r = maximize([1, 1], A, b)
    assert (r.status, r.value) == ("optimal", 2)
    # a singular guess is rejected too
    monkeypatch.setattr(lp, "_float_basis", lambda M, c, h: [0, 2])
    assert maximize([1, 1], A, b).value == 2


def test_lp_whose_float_scaling_overflows_is_solved_exactly() -> None:
    # issue 14 (property tests at scale): max 1e307 y s.t. y/2 + 10 >= 0, 5 - y/4 >= 0 scaled the
    # float basis search past 1e308 and crashed with a raw ValueError; the exact simplex decides
    big = Fraction(10) ** 307
    result = maximize([0, big], [[0, Fraction(1, 2)], [0, Fraction(-1, 4)]], [10, 5])
    assert result.status == "optimal"
    assert result.value == 20 * big
    assert result.point is not None
    assert result.point[1] == 20
