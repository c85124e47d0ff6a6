"""Tests for reluexact.regions.minors against python-flint's exact determinant."""

from __future__ import annotations

import flint
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument
from reluexact.regions.minors import (
    PRIMES,
    determinant_signs,
    determinants_mod,
    nonzero_determinants,
    nonzero_minors,
)


def _det(m):
    return int(flint.fmpz_mat(m).det()) if m else 1


_ENTRY = st.one_of(
    st.integers(-3, 3),
    st.integers(-(2**40), 2**40),
    st.integers(-(2**200), 2**200),
    st.sampled_from([PRIMES[0], -PRIMES[0], 2 * PRIMES[0] * PRIMES[1]]),
)


@st.composite
def matrices(draw, k=None):
    k = draw(st.integers(1, 9)) if k is None else k
    m = [[draw(_ENTRY) for _ in range(k)] for _ in range(k)]
    how = draw(st.sampled_from(["random", "dup", "combo", "zero", "modp"]))
    if k > 1 and how == "dup":
        i, j = draw(st.permutations(range(k)))[:2]
        m[i] = list(m[j])
    elif k > 1 and how == "combo":
        # row i = a row_j + b row_l: exactly singular
        perm = draw(st.permutations(range(k)))
        i, j, l = perm[0], perm[1], perm[2] if k > 2 else perm[1]
        a, b = draw(st.integers(-(2**70), 2**70)), draw(st.integers(-5, 5))
        m[i] = [a * x + b * y for x, y in zip(m[j], m[l], strict=True)]
    elif how == "zero":
        m[draw(st.integers(0, k - 1))] = [0] * k
    elif how == "modp":
        # determinant a multiple of the first prime, not zero
        m = [[int(i == j) for j in range(k)] for i in range(k)]
        m[0][0] = PRIMES[0] * draw(st.integers(1, 3))
    return m


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 9).flatmap(lambda k: st.lists(matrices(k), min_size=1, max_size=6)))
def test_against_flint(batch):
    dets = [_det(m) for m in batch]
    assert nonzero_determinants(batch).tolist() == [d != 0 for d in dets]
    assert determinant_signs(batch).tolist() == [(d > 0) - (d < 0) for d in dets]
    # with few primes the flint path is taken for big matrices: same answer
    assert determinant_signs(batch, max_primes=1).tolist() == [(d > 0) - (d < 0) for d in dets]
    for p in (PRIMES[0], 7):
        assert determinants_mod(batch, p).tolist() == [d % p for d in dets]


def test_object_and_int_arrays_agree():
    rng = np.random.default_rng(1)
    A = rng.integers(-50, 50, size=(200, 4, 4))
    dets = [_det(m.tolist()) for m in A]
    assert nonzero_determinants(A).tolist() == [d != 0 for d in dets]
    assert nonzero_determinants(A.astype(object)).tolist() == [d != 0 for d in dets]
    assert determinant_signs(A).tolist() == [(d > 0) - (d < 0) for d in dets]


def test_minors_of_one_matrix():
    rng = np.random.default_rng(2)
    A = rng.integers(-3, 4, size=(8, 3)).astype(object) * (2**150)
    A[5] = A[1] * 3
    subsets = np.array([[i, j, k] for i in range(8) for j in range(i + 1, 8) for k in range(j + 1, 8)])
    expect = [_det([list(A[s]) for s in row]) != 0 for row in subsets.tolist()]
    assert nonzero_minors(A, subsets).tolist() == expect


def test_empty_and_bad_shapes():
    assert nonzero_determinants([]).tolist() == []
    assert determinant_signs(np.zeros((3, 0, 0), dtype=object)).tolist() == [1, 1, 1]
    with pytest.raises(InvalidArgument, match="square"):
        nonzero_determinants([[[1, 2]]])
    with pytest.raises(InvalidArgument, match="prime"):
        determinants_mod([[[1]]], 2**31)
