"""Tests for reluexact.interop.torch, on real small models trained here on data made here."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument, ModelFormatError, UnsupportedModelError
from reluexact.interop.torch import from_state_dict, from_torch, read_torch, to_torch
from reluexact.io import load_model
from reluexact.limits import Limits
from reluexact.model import TwoLayerReLU, evaluate_exact_batch
from reluexact.testing import assert_networks_equal
from tests.strategies import dyadic_rationals, networks

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def trained() -> tuple[torch.nn.Sequential, torch.Tensor]:
    """A width-8 ReLU net fitted to |x1| - x2^2 on 200 points of [-1, 1]^2 (300 Adam steps, float32)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny batches: threads only add overhead (and contend with other tests)
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    X = torch.rand(200, 2, generator=generator) * 2 - 1
    y = (X[:, 0].abs() - X[:, 1] ** 2).unsqueeze(1)
    module = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    optimiser = torch.optim.Adam(module.parameters(), lr=0.02)
    first_loss = None
    for _ in range(300):
        optimiser.zero_grad()
        loss = torch.nn.functional.mse_loss(module(X), y)
        loss.backward()
        optimiser.step()
        first_loss = first_loss if first_loss is not None else loss.item()
    torch.set_num_threads(threads)
    assert loss.item() < first_loss / 5  # it really trained
    return module, X


def test_trained_module_is_read_at_its_exact_binary_values(trained: tuple[torch.nn.Sequential, torch.Tensor]) -> None:
    module, _ = trained
    net = from_torch(module)
    assert (net.input_dim, net.n_hidden, net.output_dim) == (2, 8, 1)
    weight = module[0].weight.detach().numpy()
    assert weight.dtype == np.float32
    assert tuple(tuple(Fraction(float(v)) for v in row) for row in weight) == net.W
    assert net.c == (Fraction(float(module[2].bias.detach()[0])),)


def test_exact_values_match_the_module_to_float_accuracy(trained: tuple[torch.nn.Sequential, torch.Tensor]) -> None:
    module, X = trained
    net = from_torch(module)
    points = [tuple(Fraction(float(v)) for v in row) for row in X.numpy()]
    exact = np.array([float(v[0]) for v in evaluate_exact_batch(net, points)])
    with torch.no_grad():
        as64 = to_torch(net, dtype="float64")(X.double()).numpy()[:, 0]
        as32 = module(X).numpy()[:, 0]
    np.testing.assert_allclose(as64, exact, rtol=0, atol=1e-12)
    np.testing.assert_allclose(as32, exact, rtol=0, atol=1e-5)


def test_state_dict_file_round_trip(tmp_path: Path, trained: tuple[torch.nn.Sequential, torch.Tensor]) -> None:
    module, _ = trained
    path = tmp_path / "model.pt"
    torch.save(module.state_dict(), path)
    assert_networks_equal(read_torch(path), from_torch(module))
    assert load_model(path) == from_torch(module)
    wrapped = tmp_path / "checkpoint.pth"
    torch.save({"state_dict": module.state_dict(), "epoch": 3}, wrapped)
    assert read_torch(wrapped) == from_torch(module)


def test_export_and_reimport_is_exact(trained: tuple[torch.nn.Sequential, torch.Tensor]) -> None:
    module, _ = trained
    net = from_torch(module)
    for dtype in ("float64", "float32", torch.float64, torch.float32):
        exported = to_torch(net, dtype=dtype)
        assert exported[0].weight.dtype in (torch.float64, torch.float32)
        assert_networks_equal(from_torch(exported), net)  # float32 values survive both dtypes


def test_float32_export_rounds_each_rational_once_to_nearest() -> None:
    values = [Fraction(1, 3), Fraction(-2, 7), Fraction(1, 10), Fraction(2**24 + 1), Fraction(10**-40)]
    net = TwoLayerReLU([[v] for v in values], [0] * 5, [[1] * 5], [0])
    weights = to_torch(net, dtype="float32")[0].weight.detach().numpy()[:, 0]
    for value, rounded in zip(values, weights, strict=True):
        error = abs(Fraction(float(rounded)) - value)
        for neighbour in (np.nextafter(rounded, np.float32(np.inf)), np.nextafter(rounded, np.float32(-np.inf))):
            assert error <= abs(Fraction(float(neighbour)) - value)


def test_half_precision_and_bias_free_layers() -> None:
    module = torch.nn.Sequential(torch.nn.Linear(3, 4, bias=False), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    module = module.to(torch.bfloat16)
    net = from_torch(module)
    assert net.b == (Fraction(0),) * 4
    assert net.A[1][3] == Fraction(module[2].weight.detach()[1, 3].float().item())
    half = torch.nn.Sequential(torch.nn.Linear(1, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1)).half()
    assert from_torch(half).W[0][0] == Fraction(half[0].weight.detach()[0, 0].float().item())


class _Custom(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.hidden = torch.nn.Linear(2, 3)
        self.out = torch.nn.Linear(3, 1)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1)),
            r"layer 1 is Tanh, expected ReLU",
        ),
        (
            lambda: torch.nn.Sequential(
                torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1)
            ),
            r"the Sequential has 5 layers \(Linear, ReLU, Linear, ReLU, Linear\)",
        ),
        (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU()), r"the Sequential has 2 layers"),
        (
            lambda: torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 3), torch.nn.Linear(3, 1)),
            r"layer 0 is ReLU, expected Linear",
        ),
        (
            lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU(), torch.nn.Linear(3, 1)),
            r"layer 1 is LeakyReLU, expected ReLU",
        ),
        (
            lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(4, 1)),
            r"the first Linear has 3 outputs \(0.weight is 3 x 2\) but the second expects 4 inputs",
        ),
        (_Custom, r"_Custom is not an nn.Sequential"),
        (lambda: "model", r"expected a torch.nn.Module, got str"),
    ],
)
def test_unsupported_modules_are_named(make: object, message: str) -> None:
    with pytest.raises(UnsupportedModelError, match=message):
        from_torch(make())  # type: ignore[operator]


def test_unsupported_state_dicts_are_named() -> None:
    three = torch.nn.Sequential(
        torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1)
    ).state_dict()
    with pytest.raises(UnsupportedModelError, match=r"found 3 layers with weights \(0, 2, 4\)"):
        from_state_dict(three)
    batchnorm = {**torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1)).state_dict()}
    batchnorm["1.running_mean"] = torch.zeros(3)
    with pytest.raises(UnsupportedModelError, match=r"unexpected entry '1.running_mean'"):
        from_state_dict(batchnorm)
    with pytest.raises(UnsupportedModelError, match=r"'0.weight' is a list, not a tensor"):
        from_state_dict({"0.weight": [[1.0]], "2.weight": torch.ones(1, 1)})
    with pytest.raises(UnsupportedModelError, match=r"layer '0' has a bias but no weight"):
        from_state_dict({"0.bias": torch.ones(1), "2.weight": torch.ones(1, 1)})
    with pytest.raises(UnsupportedModelError, match=r"conv.weight has shape \(1, 1, 3, 3\); only Linear"):
        from_state_dict({"conv.weight": torch.ones(1, 1, 3, 3), "fc.weight": torch.ones(1, 1)})
    with pytest.raises(UnsupportedModelError, match=r"0.weight has dtype torch.complex64"):
        from_state_dict({"0.weight": torch.ones(1, 1, dtype=torch.complex64), "2.weight": torch.ones(1, 1)})


def test_layers_are_ordered_numerically() -> None:
    state = {
        "layers.10.weight": torch.tensor([[2.0, 0.0, 0.0]]),
        "layers.2.weight": torch.tensor([[1.0], [-1.0], [0.5]]),
        "layers.2.bias": torch.tensor([0.0, 1.0, 0.0]),
    }
    net = from_state_dict(state)
    assert (net.input_dim, net.n_hidden, net.output_dim) == (1, 3, 1)


def test_files_that_need_unpickling_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "whole.pt"
    torch.save(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.ReLU(), torch.nn.Linear(1, 1)), path)
    with pytest.raises(
        ModelFormatError, match=r"whole.pt: torch.load\(weights_only=True\) refused or failed .*state_dict"
    ):
        read_torch(path)
    garbage = tmp_path / "garbage.pth"
    garbage.write_bytes(b"not a torch file")
    with pytest.raises(ModelFormatError, match=r"garbage.pth: not a zip-format torch file"):
        read_torch(garbage)
    tensor_only = tmp_path / "tensor.pt"
    torch.save(torch.ones(3), tensor_only)
    with pytest.raises(UnsupportedModelError, match=r"tensor.pt: holds a Tensor, not a state_dict"):
        read_torch(tensor_only)
    with pytest.raises(ModelFormatError, match=r"absent.pt: no such file"):
        read_torch(tmp_path / "absent.pt")


def test_to_torch_errors_and_constant_networks() -> None:
    with pytest.raises(InvalidArgument, match=r"dtype must be 'float64' or 'float32', got 'float16'"):
        to_torch(TwoLayerReLU([[1]], [0], [[1]], [0]), dtype="float16")
    with pytest.raises(InvalidArgument, match=r"W has entries beyond the range of torch.float32"):
        to_torch(TwoLayerReLU([["1e39"]], [0], [[1]], [0]), dtype="float32")
    with pytest.raises(InvalidArgument, match=r"b has entries beyond the range of torch.float64"):
        to_torch(TwoLayerReLU([[1]], ["1e400"], [[1]], [0]))
    constant = to_torch(TwoLayerReLU([], [], [], ["1/2"], input_dim=2))
    with torch.no_grad():
        assert constant(torch.zeros(3, 2, dtype=torch.float64)).tolist() == [[0.5]] * 3


@settings(max_examples=30, deadline=None)
@given(networks(entries=dyadic_rationals(), degenerate=False))
def test_float64_round_trip_property(net: TwoLayerReLU) -> None:
    # networks whose weights are float64 numbers survive to_torch(float64) -> from_torch exactly
    assert_networks_equal(from_torch(to_torch(net, dtype="float64")), net)


# -- every dtype read exactly or refused; hostile tensors refused before conversion (issue 14) ------


def _state(weight: torch.Tensor, **override: torch.Tensor) -> dict[str, torch.Tensor]:
    state = {"0.weight": weight, "0.bias": torch.zeros(weight.shape[0]), "2.weight": torch.ones(1, weight.shape[0])}
    state.update(override)
    return state


@settings(max_examples=60, deadline=None)
@given(
    dtype=st.sampled_from(["bfloat16", "float16", "float32"]),
    bits=st.lists(st.integers(0, 2**32 - 1), min_size=4, max_size=4),
)
def test_bfloat16_float16_and_float32_tensors_load_at_their_exact_values(dtype: str, bits: list[int]) -> None:
    # random bit patterns (subnormals, the whole exponent range); non-finite ones become 0
    target = getattr(torch, dtype)
    width = torch.finfo(target).bits
    signed = [value % 2**width - (2**width if value % 2**width >= 2 ** (width - 1) else 0) for value in bits]
    values = torch.tensor(signed, dtype={16: torch.int16, 32: torch.int32}[width]).view(target)
    values = torch.where(torch.isfinite(values), values, torch.zeros((), dtype=target))
    net = from_state_dict(
        {"0.weight": values.reshape(2, 2), "0.bias": values[:2], "2.weight": values[2:].reshape(1, 2)}
    )
    oracle = [Fraction(float(value)) for value in values.to(torch.float64)]  # float64 holds each of them exactly
    assert [net.W[0][0], net.W[0][1], net.W[1][0], net.W[1][1]] == oracle
    assert list(net.b) + list(net.A[0]) == oracle[:2] + oracle[2:]


def test_integer_tensors_load_exactly_beyond_two_to_the_53() -> None:
    big = 2**62 + 1  # float64 would round it
    net = from_state_dict(_state(torch.tensor([[big]], dtype=torch.int64), **{"0.bias": torch.tensor([-big])}))
    assert ((Fraction(big),),) == net.W
    assert net.b == (Fraction(-big),)
    assert ((Fraction(255),),) == from_state_dict(_state(torch.tensor([[255]], dtype=torch.uint8))).W


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: torch.zeros(1, 1).expand(1000, 10**6),
            r"0.weight of shape \(1000, 1000000\) is a view \(stride 0 along "
            r"dimension 0, as expand\(\) makes\) of 1 stored values for 1000000000 weights; save tensor.contiguous\(\)",
        ),
        (
            lambda: torch.zeros(2000).as_strided((1000, 1000), (1, 1)),
            r"0.weight of shape \(1000, 1000\) is a view \(overlapping rows\) of 1999 stored values",
        ),
        (lambda: torch.empty(10**6, 10**6, device="meta"), r"0.weight is a meta tensor \(a shape without values"),
        (lambda: torch.eye(2).to_sparse(), r"0.weight has layout torch.sparse_coo; reluexact reads dense \(strided\)"),
        (lambda: torch.eye(2).to_sparse_csr(), r"0.weight has layout torch.sparse_csr"),
        (
            lambda: torch.zeros(10**5)[:4].view(2, 2),
            r"0.weight of shape \(2, 2\) \(16 bytes\) is a view into a storage of "
            r"400000 bytes; save tensor.clone\(\)",
        ),
        (lambda: torch.ones(1, 1, dtype=torch.bool), r"0.weight has dtype torch.bool; expected real float or integer"),
        (
            lambda: torch.ones(1, 1, dtype=torch.complex64),
            r"0.weight has dtype torch.complex64; complex weights have no ReLU",
        ),
    ],
)
@pytest.mark.filterwarnings("ignore:Sparse CSR tensor support is in beta")
def test_hostile_tensors_are_refused_with_one_clear_line(make: Callable[[], torch.Tensor], message: str) -> None:
    weight = make()
    with pytest.raises(UnsupportedModelError, match=rf"^state_dict: {message}"):
        from_state_dict(_state(weight, **{"0.bias": torch.zeros(weight.shape[0], device=weight.device)}))


def test_an_expanded_tensor_in_a_file_is_refused_before_allocation(tmp_path: Path) -> None:
    path = tmp_path / "expanded.pt"
    wide = torch.zeros(1, 1).expand(10**6, 10**6)
    torch.save({"0.weight": wide, "0.bias": wide[0], "2.weight": wide[:1], "2.bias": wide[0, :1]}, path)
    assert path.stat().st_size < 10_000
    with pytest.raises(UnsupportedModelError, match=r"expanded.pt: 0.weight of shape \(1000000, 1000000\) is a view"):
        read_torch(path)


def test_tensor_shapes_over_the_limits_are_refused_before_conversion(tmp_path: Path) -> None:
    state = _state(torch.zeros(3, 40))
    with pytest.raises(
        ModelFormatError,
        match=r"state_dict: 0.weight has shape \(3, 40\), 40 inputs, over the limit "
        r"max_input_dim = 10; to read it anyway pass limits=Limits\(max_input_dim=40\)",
    ):
        from_state_dict(state, limits=Limits(max_input_dim=10))
    with pytest.raises(
        ModelFormatError,
        match=r"torch module: 0.weight has shape \(3, 40\), 120 weights, over the limit max_elements = 100",
    ):
        from_torch(state, limits=Limits(max_elements=100))
    path = tmp_path / "net.pt"
    torch.save(state, path)
    with pytest.raises(ModelFormatError, match=r"net.pt: the file has \d+ bytes, over the limit max_file_bytes = 10;"):
        read_torch(path, limits=Limits(max_file_bytes=10))
    assert read_torch(path, limits=Limits(max_elements=127)).input_dim == 40


def test_storages_are_checked_from_the_archive_before_torch_load(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    state = {
        "0.weight": torch.ones(64, 1),
        "0.bias": torch.zeros(64),
        "2.weight": torch.ones(1, 64),
        "2.bias": torch.zeros(1),
    }
    path = tmp_path / "m.pt"
    torch.save(state, path)
    assert read_torch(path).n_hidden == 64
    with pytest.raises(
        ModelFormatError, match=r"m.pt: its storages take \d+ bytes, over the limit max_inflated_bytes = 100"
    ):
        read_torch(path, limits=Limits(max_inflated_bytes=100))
    # the legacy (non-zip) format allocates each storage at the size its pickle claims: refused
    legacy = tmp_path / "legacy.pt"
    torch.save(state, legacy, _use_new_zipfile_serialization=False)
    with pytest.raises(ModelFormatError, match=r"legacy.pt: not a zip-format torch file"):
        read_torch(legacy)
    # a compressed member is no torch.save archive
    import zipfile

    forged = tmp_path / "forged.pt"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member.filename, source.read(member))
    with pytest.raises(ModelFormatError, match=r"forged.pt: member .* is compressed"):
        read_torch(forged)


def test_a_damaged_zip_directory_is_one_clear_error() -> None:
    # found by the parser fuzz pass: zipfile.is_zipfile raised BadZipFile ("span multiple disks")
    pytest.importorskip("torch")
    crasher = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "torch" / "found-multi-disk"
    with pytest.raises(ModelFormatError, match=r"a damaged torch archive \(zipfiles that span multiple disks"):
        read_torch(crasher)


def test_an_unsupported_zip_version_is_one_clear_error() -> None:
    # found by atheris: zipfile.ZipFile raised NotImplementedError ("zip file version 21.4")
    pytest.importorskip("torch")
    crasher = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "torch" / "found-zip-version-21"
    with pytest.raises(ModelFormatError, match=r"a damaged torch archive \(zip file version 21.4\)"):
        read_torch(crasher)


def test_a_damaged_member_header_is_refused() -> None:
    # found by atheris: read with torch.load(mmap=True), refused by torch's own reader; now by zipfile's checks
    pytest.importorskip("torch")
    crasher = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "torch" / "found-damaged-member-header"
    with pytest.raises(ModelFormatError, match=r"a damaged torch archive \(Bad magic number for file header\)"):
        read_torch(crasher)


def test_a_zip_directory_pointing_off_by_one_byte_is_refused_not_read_as_garbage() -> None:
    # found by atheris: torch.load read garbage weights (a bias of -2061584302080 where torch printed 4.95e28,
    # then 0) because the directory's offset of data/3 was one byte off; zipfile's checks now run first
    pytest.importorskip("torch")
    crasher = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "torch" / "found-offset-one-byte-off"
    with pytest.raises(ModelFormatError, match=r"a damaged torch archive \(Bad magic number for file header\)"):
        read_torch(crasher)


def test_a_member_flagged_encrypted_is_one_clear_error() -> None:
    # found by atheris: zipfile raised RuntimeError ("password required") in the member check above
    pytest.importorskip("torch")
    crasher = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "torch" / "found-encrypted-flag"
    with pytest.raises(ModelFormatError, match=r"a damaged torch archive \(File .* is encrypted"):
        read_torch(crasher)
