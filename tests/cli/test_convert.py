"""Tests for ``reluexact convert``: formats, rationalisation and the printed certificate."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.io import load_model, save_model
from reluexact.model import TwoLayerReLU, evaluate
from tests.cli.conftest import NET1D

THIRDS = TwoLayerReLU([["1/3", 1]], ["-2/3"], [[3]], ["1/7"])


def test_lossless_conversion_npz_to_json(model1d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main(["convert", str(model1d), "-o", str(out)]) == 0
    assert load_model(out) == NET1D
    text = capsys.readouterr().out
    assert f"wrote {out}" in text
    assert "rationalisation: lossless" in text
    assert "largest weight change: 0\n" in text
    assert "output 1: |f_in - f_out| <= 0 everywhere (nothing changed)" in text


def test_rationalised_conversion_with_box_prints_a_valid_bound(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "thirds.json"
    save_model(THIRDS, source)
    out = tmp_path / "short.json"
    argv = ["convert", str(source), "-o", str(out), "--rationalize", "decimals:1", "--box=-1,1;-1/2,1/2", "--json"]
    assert main(argv) == 0
    certificate = json.loads(capsys.readouterr().out)
    assert certificate["mode"] == "decimals:1"
    assert certificate["box"] == [["-1", "1"], ["-1/2", "1/2"]]
    assert Fraction(certificate["max_weight_change"]) == Fraction(3, 70)  # c: 1/7 -> 1/10
    converted = load_model(out)
    assert ((Fraction(3, 10), Fraction(1)),) == converted.W
    bound = Fraction(certificate["output_bound"][0])
    for corner in ((-1, Fraction(-1, 2)), (-1, Fraction(1, 2)), (1, Fraction(-1, 2)), (1, Fraction(1, 2))):
        assert abs(evaluate(THIRDS, corner)[0] - evaluate(converted, corner)[0]) <= bound


def test_rationalised_conversion_without_box_says_no_bound(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "thirds.json"
    save_model(THIRDS, source)
    assert main(["convert", str(source), "-o", str(tmp_path / "o.json"), "--rationalize=denominator:2"]) == 0
    text = capsys.readouterr().out
    assert "rationalisation: denominator:2" in text
    assert "bound on |f_in - f_out|: none without a box" in text


def test_npz_output_needs_allow_rounding_for_non_floats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "thirds.json"
    save_model(THIRDS, source)
    out = tmp_path / "thirds.npz"
    assert main(["convert", str(source), "-o", str(out)]) == 2
    assert "W[0][0] = 1/3 is not exactly a float64" in capsys.readouterr().err
    assert not out.exists()
    assert main(["convert", str(source), "-o", str(out), "--allow-rounding"]) == 0
    assert load_model(out).W[0][0] == Fraction(1 / 3)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--rationalize", "round"], r"unknown rationalisation 'round'"),
        (["--box=0,1;0,1;0,1"], r"--box has 3 sides (lo,hi pairs) but the network has d = 2 inputs"),
        (["--box=1,0;0,1"], r"--box: side 1 is empty or a point: low 1 >= high 0; need low < high"),
        (["--box=0,nan"], r"--box side 1 high: 'nan' is not finite"),
    ],
)
def test_convert_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    source = tmp_path / "thirds.json"
    save_model(THIRDS, source)
    assert main(["convert", str(source), "-o", str(tmp_path / "o.json"), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reluexact convert: error: ")
    assert message.split("'")[0].replace("\\", "") in err


def test_convert_requires_output(model1d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(model1d)]) == 2
    assert "the following arguments are required: -o/--output" in capsys.readouterr().err


def test_rounding_on_write_is_certified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "thirds.json"
    save_model(THIRDS, source)
    out = tmp_path / "thirds.npz"
    assert main(["convert", str(source), "-o", str(out), "--allow-rounding", "--box=-1,1;-1,1", "--json"]) == 0
    certificate = json.loads(capsys.readouterr().out)
    assert certificate["rounded_on_write"] is True
    written = load_model(out)
    assert Fraction(certificate["max_weight_change"]) > 0  # lossless rationalisation, but the float file rounds
    bound = Fraction(certificate["output_bound"][0])
    assert 0 < bound < Fraction(1, 10**14)
    for corner in ((-1, -1), (-1, 1), (1, -1), (1, 1)):
        assert abs(evaluate(THIRDS, corner)[0] - evaluate(written, corner)[0]) <= bound
    assert main(["convert", str(source), "-o", str(tmp_path / "again.npz"), "--allow-rounding"]) == 0
    text = capsys.readouterr().out
    assert "(then rounded to float64 on writing; the certificate compares IN with OUT as written)" in text
    assert "bound on |f_in - f_out|: none without a box" in text


def test_convert_a_torch_state_dict_to_exact_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    torch = pytest.importorskip("torch")
    from reluexact.interop.torch import from_torch

    torch.manual_seed(1)
    module = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2))
    source = tmp_path / "trained.pt"
    torch.save(module.state_dict(), source)
    out = tmp_path / "exact.json"
    assert main(["convert", str(source), "-o", str(out)]) == 0
    assert "largest weight change: 0" in capsys.readouterr().out
    assert load_model(out) == from_torch(module)
