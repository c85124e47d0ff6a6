from __future__ import annotations

import json

from reluexact import TwoLayerReLU
from reluexact.cli import main
from reluexact.io import save_model

EXAMPLE3 = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])


def test_decode_json(tmp_path, capsys):
    path = tmp_path / "ex3.json"
    save_model(EXAMPLE3, path)
    assert main(["decode", str(path), "--domain=-1,1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [u["knot"] for u in data["units"]] == ["1/2", "1/2", "-1/2"]
    assert [u["orientation"] for u in data["units"]] == [1, -1, 1]
    assert [u["role"] for u in data["units"]] == ["shaping"] * 3
    assert data["identity"] == {
        "one_sided": [{"x": "-1/2", "lambda": ["-1"]}, {"x": "1/2", "lambda": ["7"]}],
        "affine_slope": ["-6"],
        "affine_intercept": ["31/10"],
        "verified": True,
    }


def test_decode_text_with_target(tmp_path, capsys):
    path = tmp_path / "ex3.json"
    save_model(EXAMPLE3, path)
    assert main(["decode", str(path), "--domain=-1,1", "--target", "x**2"]) == 0
    out = capsys.readouterr().out
    assert "identity checked exactly: True" in out
    assert "uniform: 4 knots" in out
    assert main(["decode", str(path)]) == 2
