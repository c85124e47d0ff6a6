from __future__ import annotations

import json
import subprocess
import sys

from reluexact import TwoLayerReLU
from reluexact.cli import main
from reluexact.io import save_model

EXAMPLE3 = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])


def test_spline_json_matches_the_issue_schema(tmp_path, capsys):
    path = tmp_path / "ex3.json"
    save_model(EXAMPLE3, path)
    assert main(["spline", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "knots": [{"x": "-1/2", "jump": ["-1"], "units": [2]}, {"x": "1/2", "jump": ["7"], "units": [0, 1]}],
        "pieces": [
            {"from": None, "to": "-1/2", "slope": ["-6"], "intercept": ["31/10"]},
            {"from": "-1/2", "to": "1/2", "slope": ["-7"], "intercept": ["13/5"]},
            {"from": "1/2", "to": None, "slope": ["0"], "intercept": ["-9/10"]},
        ],
    }


def test_spline_text_and_domain(tmp_path, capsys):
    path = tmp_path / "ex3.json"
    save_model(EXAMPLE3, path)
    assert main(["spline", str(path), "--domain=0,2"]) == 0
    out = capsys.readouterr().out
    assert "spline form on [0, 2]: 1 break point(s), 2 piece(s)" in out
    assert "knot x = 1/2: jump 7, value -9/10, units 1, 2" in out
    assert "affine-acting: unit 3" in out
    assert main(["spline", str(path), "--domain=0,2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pieces"][0]["from"] == "0"
    assert data["pieces"][-1]["to"] == "2"


def test_spline_errors_exit_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "two_d.json"
    save_model(TwoLayerReLU([[1, 2]], [0], [[1]], [0]), path)
    assert main(["spline", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "1-D input" in err
    one_d = tmp_path / "one_d.json"
    save_model(EXAMPLE3, one_d)
    assert main(["spline", str(one_d), "--domain=1,0"]) == 2
    assert "--domain: side 1 is empty or a point: low 1 >= high 0; need low < high" in capsys.readouterr().err


def test_spline_through_a_real_subprocess(tmp_path):
    path = tmp_path / "ex3.json"
    save_model(EXAMPLE3, path)
    result = subprocess.run(
        [sys.executable, "-m", "reluexact", "spline", str(path), "--json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert [k["x"] for k in json.loads(result.stdout)["knots"]] == ["-1/2", "1/2"]
