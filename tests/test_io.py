"""Tests for reluexact.io: one entry point that dispatches on the source, and atomic saving."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from reluexact.errors import InvalidArgument, ModelFormatError, UnsupportedModelError
from reluexact.io import load_model, load_model_with_certificate, read_exact, save_model
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.rational import Rationalization

NET = TwoLayerReLU([[1, "-1/2"], ["1/4", 2]], ["1/8", -1], [[2, "-3/4"]], ["1/16"])  # all dyadic: float64-exact
THIRDS = TwoLayerReLU([["1/3", 1]], [0], [[1]], ["2/3"])


@pytest.mark.parametrize("suffix", [".json", ".npz", ".pt", ".pth", ".onnx", ".JSON"])
def test_save_then_load_each_format(tmp_path: Path, suffix: str) -> None:
    if suffix in (".pt", ".pth"):
        pytest.importorskip("torch")
    if suffix == ".onnx":
        pytest.importorskip("onnx")
    path = tmp_path / f"net{suffix}"
    save_model(NET, path)
    assert load_model(path) == NET
    assert load_model(str(path)) == NET


def test_format_override(tmp_path: Path) -> None:
    path = tmp_path / "model.weights"
    save_model(NET, path, format="npz")
    assert load_model(path, format="npz") == NET
    with pytest.raises(
        ModelFormatError, match=r"model.weights: cannot tell the model format from the suffix '.weights'"
    ):
        load_model(path)
    with pytest.raises(InvalidArgument, match=r"unknown model format 'h5'; choose one of json, npz, torch, onnx"):
        load_model(path, format="h5")


def test_in_memory_sources() -> None:
    assert load_model(NET) is NET
    arrays = [np.array(a, dtype=np.float64) for a in NET.float_arrays]
    assert load_model(tuple(arrays)) == NET
    assert load_model(dict(zip("WbAc", arrays, strict=True))) == NET
    assert load_model({"W": [[0.5]], "b": ["1/3"], "A": [[1]], "c": [0]}).b == (Fraction(1, 3),)
    assert load_model({"W": [], "b": [], "A": [[]], "c": [1], "input_dim": 2}).input_dim == 2
    document = {"format": "reluexact.two-layer-relu", "version": 1, "W": [[1]], "b": [0], "A": [[1]], "c": [0]}
    assert load_model(document) == TwoLayerReLU([[1]], [0], [[1]], [0])


def test_torch_objects_dispatch() -> None:
    torch = pytest.importorskip("torch")
    module = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    net = load_model(module)
    assert net == load_model(module.state_dict())
    assert read_exact(module) == net


def test_certificate_of_a_lossy_load(tmp_path: Path) -> None:
    path = tmp_path / "thirds.json"
    save_model(THIRDS, path)
    result = load_model_with_certificate(path, rationalize="decimals:2", box="-1,1;-1,1")
    assert result.network.W[0][0] == Fraction(33, 100)
    assert result.network.c == (Fraction(67, 100),)
    assert result.certificate.how == Rationalization("decimals", 2)
    assert result.certificate.max_weight_change == Fraction(1, 300)
    bound = result.certificate.output_bound
    assert bound is not None
    for corner in ((-1, -1), (-1, 1), (1, -1), (1, 1), (0, 0)):
        assert abs(evaluate(THIRDS, corner)[0] - evaluate(result.network, corner)[0]) <= bound[0]
    assert load_model(path, rationalize="decimals:2") == result.network
    lossless = load_model_with_certificate(path)
    assert lossless.network == THIRDS
    assert lossless.certificate.is_lossless


def test_bad_sources(tmp_path: Path) -> None:
    with pytest.raises(ModelFormatError, match=r"absent.json: no such file"):
        load_model(tmp_path / "absent.json")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(ModelFormatError, match=r"folder.json: is a folder, not a model file"):
        load_model(folder)
    with pytest.raises(UnsupportedModelError, match=r"cannot load a model from a int; give a path"):
        load_model(3)
    with pytest.raises(ModelFormatError, match=r"mapping: missing key 'c'; a weights mapping holds W, b, A, c"):
        load_model({"W": [[1]], "b": [0], "A": [[1]]})
    with pytest.raises(ModelFormatError, match=r"mapping: unknown key 'bias'"):
        load_model({"W": [[1]], "b": [0], "A": [[1]], "c": [0], "bias": 1})


def test_save_model_refuses_rounding_and_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match=r"W\[0\]\[0\] = 1/3 is not exactly a float64"):
        save_model(THIRDS, tmp_path / "thirds.npz")
    assert not (tmp_path / "thirds.npz").exists()
    save_model(THIRDS, tmp_path / "thirds.npz", allow_rounding=True)
    assert load_model(tmp_path / "thirds.npz").W[0][0] == Fraction(1 / 3)
    with pytest.raises(InvalidArgument, match=r"save_model needs a TwoLayerReLU, got dict"):
        save_model({"W": []}, tmp_path / "x.json")  # type: ignore[arg-type]
    with pytest.raises(ModelFormatError, match=r"x.txt: cannot tell the model format from the suffix '.txt'"):
        save_model(NET, tmp_path / "x.txt")
    save_model(NET, tmp_path / "named.json", name="my model")
    assert '"name": "my model"' in (tmp_path / "named.json").read_text()


def test_convert_model_certifies_the_file_as_written(tmp_path: Path) -> None:
    from reluexact.io import convert_model

    exact = convert_model(THIRDS, tmp_path / "t.json", rationalize="decimals:3", box="0,1;0,1", name="short")
    assert not exact.rounded_on_write
    assert exact.network == load_model(tmp_path / "t.json")
    assert exact.certificate.max_weight_change == Fraction(1, 3000)
    rounded = convert_model(THIRDS, tmp_path / "t.npz", allow_rounding=True, box="0,1;0,1")
    assert rounded.rounded_on_write
    assert rounded.network == load_model(tmp_path / "t.npz")
    assert rounded.certificate.max_weight_change == max(
        abs(Fraction(1, 3) - Fraction(1 / 3)), abs(Fraction(2, 3) - Fraction(2 / 3))
    )
    unchanged = convert_model(NET, tmp_path / "n.npz")
    assert not unchanged.rounded_on_write
    assert unchanged.certificate.is_lossless


@pytest.mark.parametrize("suffix", [".json", ".npz", ".pt", ".onnx"])
def test_load_model_refuses_a_fifo_without_blocking(tmp_path: Path, suffix: str) -> None:
    # it used to block forever in open() (a FIFO without a writer); now refused from stat alone
    import os

    fifo = tmp_path / f"model{suffix}"
    os.mkfifo(fifo)
    with pytest.raises(ModelFormatError, match=r"not a regular file \(a FIFO\)"):
        load_model(fifo)
    if suffix == ".json":
        from reluexact.interop.json_io import read_json

        with pytest.raises(ModelFormatError, match=r"not a regular file \(a FIFO\)"):
            read_json(fifo)
