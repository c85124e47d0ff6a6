"""Tests for reluexact.testing.assert_networks_equal."""

from __future__ import annotations

import pytest

from reluexact.model import TwoLayerReLU
from reluexact.testing import assert_networks_equal

BASE = TwoLayerReLU([[1, 2], [3, 4]], [5, 6], [[7, 8]], [9])


@pytest.mark.parametrize(
    ("other", "message"),
    [
        (TwoLayerReLU([[1, 2], [3, "4/3"]], [5, 6], [[7, 8]], [9]), r"networks differ at W\[1\]\[1\]: 4 != 4/3"),
        (TwoLayerReLU([[1, 2], [3, 4]], [5, -6], [[7, 8]], [9]), r"networks differ at b\[1\]: 6 != -6"),
        (TwoLayerReLU([[1, 2], [3, 4]], [5, 6], [[0, 8]], [9]), r"networks differ at A\[0\]\[0\]: 7 != 0"),
        (TwoLayerReLU([[1, 2], [3, 4]], [5, 6], [[7, 8]], [10]), r"networks differ at c\[0\]: 9 != 10"),
        (
            TwoLayerReLU([[1, 2]], [5], [[7]], [9]),
            r"networks differ in shape: \(d, n, m\) = \(2, 2, 1\) != \(2, 1, 1\)",
        ),
        ("net", r"expected is a str, not a TwoLayerReLU"),
    ],
)
def test_first_difference_is_named(other: object, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        assert_networks_equal(BASE, other)  # type: ignore[arg-type]


def test_equal_networks_pass() -> None:
    assert_networks_equal(BASE, TwoLayerReLU([["2/2", 2], [3, 4]], [5, 6], [[7, 8]], ["18/2"]))
