"""Assertions for tests of code that produces exact networks (like shapely.testing).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> assert_networks_equal(TwoLayerReLU([[1]], ["1/2"], [[1]], [0]), TwoLayerReLU([[1]], ["2/4"], [[1]], [0]))
>>> assert_networks_equal(TwoLayerReLU([[1]], ["1/2"], [[1]], [0]), TwoLayerReLU([[1]], ["1/3"], [[1]], [0]))
Traceback (most recent call last):
...
AssertionError: networks differ at b[0]: 1/2 != 1/3
"""

from __future__ import annotations

from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction

__all__ = ["assert_networks_equal"]


def assert_networks_equal(actual: TwoLayerReLU, expected: TwoLayerReLU) -> None:
    """Assert two networks are equal entry by entry, exactly; the message names the first difference.

    Equality is of the parameters (W, b, A, c and d), not of the functions: two
    networks computing the same function with different units are *not* equal here.

    Raises
    ------
    AssertionError
        On a different type, shape or entry, saying where (``W[2][0]: 1/3 != 1/4``).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> assert_networks_equal(TwoLayerReLU([[1, 2]], [0], [[1]], [0]), TwoLayerReLU([[1]], [0], [[1]], [0]))
    Traceback (most recent call last):
    ...
    AssertionError: networks differ in shape: (d, n, m) = (2, 1, 1) != (1, 1, 1)
    """
    for name, value in (("actual", actual), ("expected", expected)):
        if not isinstance(value, TwoLayerReLU):
            raise AssertionError(f"{name} is a {type(value).__name__}, not a TwoLayerReLU")
    shape_a = (actual.input_dim, actual.n_hidden, actual.output_dim)
    shape_e = (expected.input_dim, expected.n_hidden, expected.output_dim)
    if shape_a != shape_e:
        raise AssertionError(f"networks differ in shape: (d, n, m) = {shape_a} != {shape_e}")
    for key, left, right in (("W", actual.W, expected.W), ("A", actual.A, expected.A)):
        for i, (row_a, row_e) in enumerate(zip(left, right, strict=True)):
            for j, (x, y) in enumerate(zip(row_a, row_e, strict=True)):
                if x != y:
                    raise AssertionError(
                        f"networks differ at {key}[{i}][{j}]: {format_fraction(x)} != {format_fraction(y)}"
                    )
    for key, vector_a, vector_e in (("b", actual.b, expected.b), ("c", actual.c, expected.c)):
        for i, (x, y) in enumerate(zip(vector_a, vector_e, strict=True)):
            if x != y:
                raise AssertionError(f"networks differ at {key}[{i}]: {format_fraction(x)} != {format_fraction(y)}")
    assert actual == expected  # the value equality agrees with the entry-wise check
