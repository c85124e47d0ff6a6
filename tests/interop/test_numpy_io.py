"""Tests for reluexact.interop.numpy_io: arrays and .npz files."""

from __future__ import annotations

import io
import time
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument, ModelFormatError, RationalParseError, ShapeError
from reluexact.interop.numpy_io import from_arrays, read_npz, save_npz, to_arrays
from reluexact.io import load_model_with_certificate
from reluexact.limits import Limits
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
    with pytest.raises(InvalidArgument, match=r"c\[0\] is beyond the float64 range"):
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
    with pytest.raises(ModelFormatError, match=r"pickled.npz: W has dtype object; object arrays need pickles"):
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
        ModelFormatError,
        match=r"bomb.npz: the arrays take \d+ bytes decompressed, over the limit max_inflated_bytes = 100000; "
        r"to read it anyway pass limits=Limits\(max_inflated_bytes=\d+\)",
    ):
        read_npz(bomb, limits=Limits(max_inflated_bytes=100_000))
    with pytest.raises(ModelFormatError, match=r"'W' inflates from \d+ to 1600128 bytes \(ratio \d+, a zip bomb\?\)"):
        read_npz(bomb)
    assert read_npz(bomb, limits=Limits(max_compression_ratio=10**4)).n_hidden == 2000


# -- every dtype read exactly or refused; hostile files refused before allocation (issue 14) ---------


def _npy_header(descr: str, shape: tuple[int, ...]) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def _write_npz(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_STORED) -> None:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _small_members() -> dict[str, bytes]:
    def npy(array: np.ndarray) -> bytes:
        buffer = io.BytesIO()
        np.save(buffer, array)
        return buffer.getvalue()

    return {
        "W.npy": npy(np.ones((1, 1))),
        "b.npy": npy(np.zeros(1)),
        "A.npy": npy(np.ones((1, 1))),
        "c.npy": npy(np.zeros(1)),
    }


def test_longdouble_weight_one_plus_two_to_minus_sixty_is_read_exactly(tmp_path: Path) -> None:
    # the false certificate: 1 + 2**-60 in float128 loaded as 1 with is_lossless=True
    weight = np.longdouble(1) + np.longdouble(2) ** -60
    if weight == 1:  # pragma: no cover - platforms whose longdouble is float64
        pytest.skip("longdouble has no more precision than float64 here")
    path = tmp_path / "long.npz"
    np.savez(path, W=np.array([[weight]]), b=np.zeros(1, np.longdouble), A=np.ones((1, 1)), c=np.zeros(1))
    result = load_model_with_certificate(path)
    assert result.network.W[0][0] == 1 + Fraction(1, 2**60)
    assert result.certificate.is_lossless
    assert result.certificate.max_weight_change == 0


_EXACT_DTYPES = [np.float16, np.float32, np.float64, np.longdouble]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    dtype=st.sampled_from(_EXACT_DTYPES),
    bits=st.lists(st.integers(0, 2**128 - 1), min_size=6, max_size=6),
)
def test_every_float_dtype_loads_at_its_exact_binary_value(tmp_path: Path, dtype: Any, bits: list[int]) -> None:
    # random bit patterns cover subnormals and the full exponent range; non-finite ones are dropped
    itemsize = np.dtype(dtype).itemsize
    raw = b"".join(value.to_bytes(16, "little")[:itemsize] for value in bits)
    values = np.frombuffer(raw, dtype=dtype).copy()
    values[~np.isfinite(values)] = 0
    W, b, A, c = values[:2].reshape(2, 1), values[2:4], values[4:6].reshape(1, 2), np.zeros(1, dtype)
    path = tmp_path / "weights.npz"
    np.savez(path, W=W, b=b, A=A, c=c)
    result = load_model_with_certificate(path)
    oracle = [Fraction(*value.as_integer_ratio()) for value in values]  # numpy's own exact conversion
    net = result.network
    assert [net.W[0][0], net.W[1][0], net.b[0], net.b[1], net.A[0][0], net.A[0][1]] == oracle
    assert result.certificate.is_lossless


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64])
def test_every_integer_dtype_loads_exactly(tmp_path: Path, dtype: Any) -> None:
    info = np.iinfo(dtype)
    path = tmp_path / "ints.npz"
    np.savez(
        path,
        W=np.array([[info.max, info.min]], dtype),
        b=np.array([info.max], dtype),
        A=np.ones((1, 1), dtype),
        c=np.zeros(1, dtype),
    )
    net = read_npz(path)
    assert ((Fraction(int(info.max)), Fraction(int(info.min))),) == net.W
    assert net.b == (Fraction(int(info.max)),)


@pytest.mark.parametrize(
    ("array", "reason"),
    [
        (np.ones((1, 1), bool), "dtype bool; booleans are not weights"),
        (np.ones((1, 1), complex), "dtype complex128; complex weights have no ReLU"),
        (np.ones((1, 1), "U3"), "dtype <U3; text arrays are not weights"),
        (np.zeros((1, 1), "datetime64[s]"), "dtype datetime64\\[s\\]; dates are not weights"),
    ],
)
def test_bool_complex_and_other_dtypes_are_refused(tmp_path: Path, array: np.ndarray, reason: str) -> None:
    path = tmp_path / "refused.npz"
    np.savez(path, W=array, b=np.zeros(1), A=np.ones((1, 1)), c=np.zeros(1))
    with pytest.raises(ModelFormatError, match=rf"refused.npz: W has {reason}"):
        read_npz(path)
    with pytest.raises(ModelFormatError, match=rf"arrays: W has {reason}"):
        from_arrays(array, np.zeros(1), np.ones((1, 1)), np.zeros(1))


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def test_a_pickle_payload_in_an_npz_is_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "payload.npz"
    np.savez(path, W=np.array([[_Payload(marker)]], dtype=object), b=np.zeros(1), A=np.ones((1, 1)), c=np.zeros(1))
    with np.load(path, allow_pickle=True) as data:  # the payload is live: numpy would run it
        data["W"]
    assert marker.exists()
    marker.unlink()
    with pytest.raises(ModelFormatError, match=r"payload.npz: W has dtype object; object arrays need pickles"):
        read_npz(path)
    assert not marker.exists()


def test_an_npy_header_claiming_ten_to_the_eleven_floats_is_refused_before_allocation(tmp_path: Path) -> None:
    members = _small_members()
    members["W.npy"] = _npy_header("<f8", (10**5, 10**6))  # 745 GiB claimed, no data
    path = tmp_path / "claim.npz"
    _write_npz(path, members)
    assert path.stat().st_size < 2000
    with pytest.raises(
        ModelFormatError,
        match=r"claim.npz: 'W' claims shape \(100000, 1000000\) of float64 "
        r"\(800000000000 bytes\) but holds 0 bytes of data; the file is damaged or forged",
    ):
        read_npz(path, limits=Limits(max_elements=10**12, max_input_dim=10**7))
    with pytest.raises(ModelFormatError, match=r"claim.npz: 'W' claims shape"):
        read_npz(path)


def test_headers_over_the_limits_are_refused_with_how_to_raise_them(tmp_path: Path) -> None:
    path = tmp_path / "wide.npz"
    np.savez(path, W=np.zeros((3, 40)), b=np.zeros(3), A=np.zeros((2, 3)), c=np.zeros(2))
    with pytest.raises(
        ModelFormatError,
        match=r"wide.npz: W has shape \(3, 40\), 40 inputs, over the limit "
        r"max_input_dim = 10; to read it anyway pass limits=Limits\(max_input_dim=40\) "
        r"\(command line: RELUEXACT_LIMITS=max_input_dim=40\)$",
    ):
        read_npz(path, limits=Limits(max_input_dim=10))
    with pytest.raises(ModelFormatError, match=r"W has shape \(3, 40\), 3 hidden units, over the limit max_units = 2"):
        read_npz(path, limits=Limits(max_units=2))
    with pytest.raises(ModelFormatError, match=r"the model has 131 weights, over the limit max_elements = 130"):
        read_npz(path, limits=Limits(max_elements=130))
    with pytest.raises(ModelFormatError, match=r"the file has \d+ bytes, over the limit max_file_bytes = 100;"):
        read_npz(path, limits=Limits(max_file_bytes=100))
    assert read_npz(path, limits=Limits(max_elements=131)).n_hidden == 3


def test_a_zip_bomb_of_zeros_is_refused_fast_without_inflating_it(tmp_path: Path) -> None:
    # the finding: a 131 KB .npz inflating to 64 MiB took 235 s and 2.2 GB
    path = tmp_path / "bomb.npz"
    members = _small_members()
    del members["W.npy"]
    count = 8 * 2**20  # 8 Mi float64 = 64 MiB
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("W.npy", "w", force_zip64=True) as stream:
            stream.write(_npy_header("<f8", (2048, count // 2048)))
            chunk = bytes(2**20)
            for _ in range(count * 8 // len(chunk)):
                stream.write(chunk)
        for name, data in members.items():
            archive.writestr(name, data)
    assert path.stat().st_size < 200_000
    start = time.perf_counter()
    with pytest.raises(
        ModelFormatError,
        match=r"bomb.npz: 'W' inflates from \d+ to \d+ bytes \(ratio \d+, a zip bomb\?\), "
        r"over the limit max_compression_ratio = 200",
    ):
        read_npz(path)
    with pytest.raises(
        ModelFormatError,
        match=r"W has shape \(2048, 4096\), 8388608 weights, over the limit "
        r"max_elements = 4194304",
    ):
        read_npz(path, limits=Limits(max_compression_ratio=10**4))
    assert time.perf_counter() - start < 5


def test_forged_archives_are_refused(tmp_path: Path) -> None:
    members = _small_members()
    short = dict(members, **{"W.npy": _npy_header("<f8", (2, 2)) + bytes(8)})
    _write_npz(tmp_path / "short.npz", short)
    with pytest.raises(ModelFormatError, match=r"'W' claims shape \(2, 2\) of float64 \(32 bytes\) but holds 8 bytes"):
        read_npz(tmp_path / "short.npz")
    _write_npz(tmp_path / "raw.npz", dict(members, **{"W.npy": b"not an array"}))
    with pytest.raises(ModelFormatError, match=r"raw.npz: 'W' is not a .npy array"):
        read_npz(tmp_path / "raw.npz")
    _write_npz(tmp_path / "twice.npz", members | {"W": members["W.npy"]})  # W.npy and W both mean W
    with pytest.raises(ModelFormatError, match=r"twice.npz: the archive holds 'W' twice"):
        read_npz(tmp_path / "twice.npz")
    with zipfile.ZipFile(tmp_path / "lzma.npz", "w", compression=zipfile.ZIP_LZMA) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ModelFormatError, match=r"lzma.npz: 'W' uses zip compression method 14"):
        read_npz(tmp_path / "lzma.npz")
    fortran = tmp_path / "fortran.npz"
    np.savez(
        fortran, W=np.asfortranarray(np.arange(6.0).reshape(2, 3)), b=np.zeros(2), A=np.ones((1, 2)), c=np.zeros(1)
    )
    assert tuple(tuple(Fraction(v) for v in row) for row in [[0, 1, 2], [3, 4, 5]]) == read_npz(fortran).W
    empty = tmp_path / "empty.npz"
    np.savez(empty, W=np.zeros((0, 3)), b=np.zeros(0), A=np.zeros((1, 0)), c=np.ones(1))
    assert read_npz(empty).input_dim == 3


def test_rounding_never_writes_an_infinity(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """allow_rounding rounds to the nearest float64, but 10^400 has none: refuse, write nothing."""
    from reluexact.errors import InvalidArgument
    from reluexact.interop.numpy_io import save_npz
    from reluexact.model import TwoLayerReLU

    target = tmp_path / "big.npz"
    with pytest.raises(InvalidArgument, match=r"b\[0\] is beyond the float64 range"):
        save_npz(TwoLayerReLU([[1]], ["-1e400"], [[1]], [0]), target, allow_rounding=True)
    assert not target.exists()
