"""Tests for reluexact.regions.certify: the bit unpacking every pattern and sign check reads."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from reluexact.regions.certify import unpack_bits


@st.composite
def _masks(draw: st.DrawFn) -> tuple[int, list[int]]:
    planes = draw(st.integers(1, 140))  # both sides of the uint64 path (up to 64 planes) and beyond
    masks = draw(st.lists(st.integers(0, (1 << planes) - 1), max_size=40))
    return planes, masks


@given(_masks())
def test_unpack_bits_is_bit_k_in_column_k(case):
    planes, masks = case
    got = unpack_bits(masks, (planes + 7) // 8, planes)
    want = np.array([[(m >> k) & 1 == 1 for k in range(planes)] for m in masks], dtype=bool).reshape(len(masks), planes)
    assert got.dtype == bool
    assert got.shape == (len(masks), planes)
    assert (got == want).all()
