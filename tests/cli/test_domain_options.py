"""Every --domain / --box option reads its value with reluexact.domain.as_domain: one set of forms, one-line errors."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.domain import Box
from reluexact.io import load_model, save_model
from reluexact.model import TwoLayerReLU
from reluexact.oned.spline import spline_form
from tests.cli.conftest import NET1D


def test_plot_domain_on_a_1d_model(model1d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # --help documents --domain for d = 1; it used to exit 2
    out = tmp_path / "f.png"
    assert main(["plot", str(model1d), "-o", str(out), "--domain=-1,1"]) == 0
    assert out.exists()
    assert "FunctionPlot(interval=[-1, 1]" in capsys.readouterr().out


def test_convert_box_broadcasts_to_every_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = 64
    net = TwoLayerReLU([[Fraction(1, k + 2) for k in range(d)]], ["1/3"], [[1]], [0])
    source = tmp_path / "wide.json"
    save_model(net, source)
    assert main(["convert", str(source), "-o", str(tmp_path / "w.json"), "--box=0,16", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["box"] == [["0", "16"]] * d
    assert load_model(tmp_path / "w.json") == net


@pytest.mark.parametrize("value", ["--domain=-1,1", "--domain=-1,1;", "--domain=1,-1", "--domain=a,b"])
def test_spline_domain_errors_are_one_line(model1d: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    if value == "--domain=-1,1":
        assert main(["spline", str(model1d), value, "--json"]) == 0
        document = json.loads(capsys.readouterr().out)
        expected = spline_form(NET1D, domain=Box([(-1, 1)]))
        assert [Fraction(k["x"]) for k in document["knots"]] == [k.x for k in expected.knots]
        return
    assert main(["spline", str(model1d), value]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reluexact spline: error: --domain")
    assert err.count("\n") == 1


def test_decode_and_report_name_their_option(
    model1d: Path, model2d: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["decode", str(model1d), "--domain=0,1;0,1"]) == 2
    assert "reluexact decode: error: --domain has 2 sides (lo,hi pairs) but the network has d = 1" in (
        capsys.readouterr().err
    )
    assert main(["report", str(model2d), "-o", str(tmp_path / "r.tex"), "--domain=-1,1"]) == 0
    assert "[-1, 1] \\times [-1, 1]" in (tmp_path / "r.tex").read_text()
