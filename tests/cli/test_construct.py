from __future__ import annotations

import json
from fractions import Fraction

from reluexact import TwoLayerReLU, evaluate
from reluexact.cli import main
from reluexact.io import load_model
from reluexact.oned.equivalence import are_equivalent


def test_construct_worked_example_1(tmp_path, capsys):
    out = tmp_path / "sine.json"
    assert main(["construct", "sin(2*pi*x)", "--interval", "0", "1", "--knots", "5", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "knots (uniform): 0, 1/4, 1/2, 3/4, 1" in text
    assert "node values (exact)" in text
    net = load_model(out)
    example = TwoLayerReLU([[1], [1], [1]], [0, "-1/4", "-3/4"], [[4, -8, 8]], [0])
    assert are_equivalent(net, example, domain=(0, 1))


def test_construct_bases_and_placements_json(tmp_path, capsys):
    for extra, basis in ((["--adaptive"], "two-sided"), (["--greedy"], "ramp"), ([], "one-sided")):
        out = tmp_path / f"{basis}.json"
        argv = ["construct", "exp(x)", "--interval", "-1", "1", "--knots", "6", "--basis", basis, "-o", str(out)]
        assert main([*argv, *extra, "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["basis"] == basis
        assert report["values_exact"] is False
        assert report["grid_sup_error"] <= float(Fraction(report["total_bound"]))
        net = load_model(out)
        for knot, value in zip(report["knots"], report["values"], strict=True):
            assert evaluate(net, [knot]) == (Fraction(value),)


def test_construct_errors(tmp_path, capsys):
    out = tmp_path / "x.json"
    assert main(["construct", "x*y", "--interval", "0", "1", "--knots", "3", "-o", str(out)]) == 2
    assert "free symbols" in capsys.readouterr().err
    assert main(["construct", "x", "--interval", "0", "1", "--knots", "1", "-o", str(out)]) == 2
    assert not out.exists()
