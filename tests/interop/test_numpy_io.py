"""Tests for reluexact.interop.numpy_io: arrays and .npz files."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from reluexact.errors import InvalidArgument, ModelFormatError, RationalParseError, ShapeError
from reluexact.interop.numpy_io import from_arrays, read_npz, save_npz, to_arrays
from reluexact.model import TwoLayerReLU
from reluexact.testing import assert_networks_equal
from tests.strategies import dyadic_rationals, float_weights, networks


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(networks(entries=dyadic_rationals(), degenerate=False))
def test_npz_round_trip_is_exact_for_float_weights(tmp_path: Path, net: TwoLayerReLU) -> None:
    path = tmp_path / "net.npz"
    save_npz(net, path)
    assert_networks_equal(read_npz(path), net)
    with np.load(path) as data:
        assert sorted(data.files) == ["A", "W", "b", "c"]
        assert data["W"].dtype == np.float64
        assert data["W"].shape == (net.n_hidden, net.input_dim)


@settings(max_examples=40, deadline=None)
@given(float_weights())
def test_from_arrays_is_lossless_for_every_float_precision(weights: tuple[np.ndarray, ...]) -> None:
    W, b, A, c = weights
    for dtype in (np.float64, np.float32, np.float16):
        cast = [np.asarray(array, dtype=dtype) for array in (W, b, A, c)]
        net = from_arrays(*cast)
        assert tuple(tuple(Fraction(float(v)) for v in row) for row in cast[0]) == net.W
        assert tuple(tuple(Fraction(float(v)) for v in row) for row in cast[2]) == net.A
        assert [a.tolist() for a in to_arrays(net)] == [a.astype(np.float64).tolist() for a in cast]


def test_integer_arrays_are_exact() -> None:
    net = from_arrays(
        np.array([[2**62]], dtype=np.int64), np.array([-1]), np.array([[3]]), np.array([0], dtype=np.uint8)
    )
    assert net.W[0][0] == 2**62


def test_saving_refuses_silent_rounding(tmp_path: Path) -> None:
    net = TwoLayerReLU([[1]], [0], [["1/3"]], [0])
    with pytest.raises(InvalidArgument, match=r"A\[0\]\[0\] = 1/3 is not exactly a float64; pass allow_rounding=True"):
        save_npz(net, tmp_path / "net.npz")
    assert not (tmp_path / "net.npz").exists()
    save_npz(net, tmp_path / "net.npz", allow_rounding=True)
    assert read_npz(tmp_path / "net.npz").A[0][0] == Fraction(1 / 3)
    with pytest.raises(InvalidArgument, match=r"c\[0\] = .* is not exactly a float64"):
        to_arrays(TwoLayerReLU([[1]], [0], [[1]], ["1e400"]))


@pytest.mark.parametrize(
    ("arrays", "error", "message"),
    [
        (
            (np.ones(2), np.ones(2), np.ones((1, 2)), np.ones(1)),
            ShapeError,
            r"W must have shape \(n, d\) but has shape \(2,\)",
        ),
        ((np.ones((2, 1)), np.ones((2, 1)), np.ones((1, 2)), np.ones(1)), ShapeError, r"b must have shape \(n,\)"),
        ((np.ones((2, 1)), np.ones(2), np.ones(2), np.ones(1)), ShapeError, r"write A with shape \(1, n\)"),
        (
            (np.ones((2, 1)), np.ones(2), np.ones((1, 2)), np.float64(1.0)),
            ShapeError,
            r"c must have shape \(m,\) but has shape \(\)",
        ),
        (
            (np.ones((2, 1)), np.ones(3), np.ones((1, 2)), np.ones(1)),
            ShapeError,
            r"W has n = 2 rows .* but b has 3 entries",
        ),
        ((np.ones((2, 0)), np.ones(2), np.ones((1, 2)), np.ones(1)), ShapeError, r"a network needs d >= 1 inputs"),
        ((np.ones((1, 1), dtype=bool), np.ones(1), np.ones((1, 1)), np.ones(1)), ModelFormatError, r"W has dtype bool"),
        ((np.array([["1"]]), np.ones(1), np.ones((1, 1)), np.ones(1)), ModelFormatError, r"W has dtype <U1"),
        (
            (np.ones((1, 1)), np.ones(1), np.array([[np.nan]]), np.ones(1)),
            RationalParseError,
            r"A\[0\]\[0\]: nan is not a finite",
        ),
        (([[1.0], [2.0, 3.0]], np.ones(2), np.ones((1, 2)), np.ones(1)), ShapeError, r"W is not a rectangular array"),
    ],
)
def test_bad_arrays(arrays: tuple[object, ...], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        from_arrays(*arrays)


def test_bad_npz_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing_key.npz"
    np.savez(missing, W=np.ones((1, 1)), b=np.ones(1), A=np.ones((1, 1)))
    with pytest.raises(
        ModelFormatError, match=r"missing_key.npz: missing array 'c'; an npz model holds exactly W, b, A, c"
    ):
        read_npz(missing)
    extra = tmp_path / "extra.npz"
    np.savez(extra, W=np.ones((1, 1)), b=np.ones(1), A=np.ones((1, 1)), c=np.ones(1), d=np.ones(1))
    with pytest.raises(ModelFormatError, match=r"extra.npz: unknown array 'd'"):
        read_npz(extra)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, W=np.array([[Fraction(1)]], dtype=object), b=np.ones(1), A=np.ones((1, 1)), c=np.ones(1))
    with pytest.raises(ModelFormatError, match=r"pickled.npz: cannot read the npz safely"):
        read_npz(pickled)
    single = tmp_path / "single.npz"
    with single.open("wb") as handle:
        np.save(handle, np.ones(3))
    with pytest.raises(ModelFormatError, match=r"single.npz: holds a single array, not an npz archive"):
        read_npz(single)
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(ModelFormatError, match=r"garbage.npz: not a readable npz file|cannot read the npz safely"):
        read_npz(garbage)
    with pytest.raises(ModelFormatError, match=r"nothing.npz: not a readable npz file"):
        read_npz(tmp_path / "nothing.npz")


def test_compressed_archives_that_would_decompress_too_far_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.npz"
    np.savez_compressed(bomb, W=np.zeros((2000, 100)), b=np.zeros(2000), A=np.zeros((1, 2000)), c=np.zeros(1))
    assert bomb.stat().st_size < 10_000  # zeros compress to almost nothing
    with pytest.raises(
        ModelFormatError, match=r"bomb.npz: arrays of \d+ bytes \(decompressed\) exceed the limit of 100000"
    ):
        read_npz(bomb, max_bytes=100_000)
    assert read_npz(bomb).n_hidden == 2000
