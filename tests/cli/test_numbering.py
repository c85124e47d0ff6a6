"""The numbering rule of the CLI: text numbers units, outputs and knot groups from 1, JSON stays 0-based.

Each test reads the same model with and without ``--json`` and derives the text the rule
demands from the JSON document's 0-based indices (JSON index i is text number i + 1).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU
from tests.cli.conftest import NET2D

#: theory.md worked example 3 plus a dead unit (knot outside [-1, 1]) and a unit with a = 0
EXAMPLE3_PLUS = TwoLayerReLU([[1], [-2], ["1/2"], [1], [3]], ["-1/2", 1, "1/4", 5, -1], [[1, 3, -2, 1, 0]], ["1/10"])


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def _numbers(indices: list[int]) -> str:
    return ", ".join(str(i + 1) for i in indices)


@pytest.fixture
def model1d(tmp_path: Path) -> Path:
    path = tmp_path / "ex3plus.json"
    save_model(EXAMPLE3_PLUS, path)
    return path


def test_info_numbers_units_and_outputs_from_1_and_json_from_0(
    model2d: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _run(["info", str(model2d)], capsys)
    document = json.loads(_run(["info", str(model2d), "--json"], capsys))
    rows = [line.strip() for line in text.splitlines() if re.match(r"  unit \d+: ", line)]
    assert [line.split(":")[0] for line in rows] == [f"unit {k}" for k in range(1, NET2D.n_hidden + 1)]
    assert "  output 1: [2, -1, 7/10, 1, 3]" in text
    assert "  output 0" not in text
    assert "  unit 0" not in text
    (group,) = document["duplicate_hyperplanes"]
    assert group["units"] == [0, 3]  # JSON: 0-based
    first, second = group["units"]
    assert (
        f"duplicate hyperplanes: units {_numbers(group['units'])} (unit {second + 1} = -2 x unit {first + 1}," in text
    )
    assert document["zero_weight_units"] == [4]
    assert "units with w = 0 (constant a_i relu(b_i)): 5 (relu(b) = 1/2)" in text


def test_spline_numbers_units_from_1_and_json_from_0(model1d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _run(["spline", str(model1d), "--domain=-1,1"], capsys)
    document = json.loads(_run(["spline", str(model1d), "--domain=-1,1", "--json"], capsys))
    knot_lines = [line for line in text.splitlines() if line.startswith("  knot x = ")]
    assert len(knot_lines) == len(document["knots"])
    for line, knot in zip(knot_lines, document["knots"], strict=True):
        units = knot["units"]
        assert line.endswith(f"unit{'s' if len(units) > 1 else ''} {_numbers(units)}")
    assert [knot["units"] for knot in document["knots"]] == [[2], [0, 1]]
    assert text.splitlines()[1:3] == [
        "  knot x = -1/2: jump -1, value 53/5, unit 3",
        "  knot x = 1/2: jump 7, value 23/5, units 1, 2",
    ]
    # roles name units by number too: unit 4 (knot -5) is affine-acting, unit 5 (a = 0) zero-output
    assert "  affine-acting: unit 4" in text
    assert "  zero-output: unit 5" in text


def test_decode_numbers_units_and_groups_from_1_and_json_from_0(
    model1d: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _run(["decode", str(model1d), "--domain=-1,1"], capsys).splitlines()
    document = json.loads(_run(["decode", str(model1d), "--domain=-1,1", "--json"], capsys))
    header = text.index("unit  knot  facing  jump  role  group")
    table = [line.split() for line in text[header + 1 : header + 1 + len(document["units"])]]
    assert [row[0] for row in table] == [str(unit["index"] + 1) for unit in document["units"]]
    assert [unit["index"] for unit in document["units"]] == [0, 1, 2, 3, 4]
    assert [row[-1] for row in table] == ["-" if u["group"] is None else str(u["group"] + 1) for u in document["units"]]
    groups = [line for line in text if line.startswith("group ")]
    assert len(groups) == len(document["groups"])
    for number, (line, group) in enumerate(zip(groups, document["groups"], strict=True), start=1):
        assert line.startswith(f"group {number}, knot x = {group['x']}: ")
        assert f"unit{'s' if len(group['units']) > 1 else ''} {_numbers(group['units'])}, jump" in line


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("info", "numbers units and outputs from 1"),
        ("spline", "numbers units from 1"),
        ("decode", "numbers units and knot groups from 1"),
        ("plot", "numbered from 1"),
        ("report", "numbered from 1"),
    ],
)
def test_help_states_the_numbering(command: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    help_text = " ".join(_run([command, "--help"], capsys).split())
    assert said in help_text
    assert "0-based" in help_text


def test_top_level_help_states_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    help_text = " ".join(_run(["--help"], capsys).split())
    assert "numbers hidden units, inputs, outputs and regions from 1" in help_text
    assert "--json output and Python indices are 0-based" in help_text


def test_regions_text_labels_regions_r1_for_json_id_0(model2d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _run(["regions", str(model2d), "--box=-1,1", "--quiet"], capsys)
    document = json.loads(_run(["regions", str(model2d), "--box=-1,1", "--quiet", "--json"], capsys))
    lines = [line for line in text.splitlines() if line.startswith("  region ")]
    assert lines  # the text lists regions
    by_label = {line.split(":")[0].removeprefix("  region "): line for line in lines}
    for region in document["regions"][: len(lines)]:
        line = by_label[f"R{region['id'] + 1}"]
        assert f"pattern {region['pattern']} " in line
        assert f"point ({','.join(region['point'])})" in line
    assert "  region R0" not in text


def test_locate_text_numbers_points_regions_and_units_from_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "model.json"
    save_model(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 2, -1]], [0]), model)
    points = tmp_path / "points.csv"
    points.write_text("1,2\n1/4,1/4\n0.5,-0.25\n", encoding="utf-8")
    text = _run(["locate", str(model), str(points), "--box=-1,2"], capsys).splitlines()
    document = json.loads(_run(["locate", str(model), str(points), "--box=-1,2", "--json"], capsys))
    header = text.index("point  status    region  distance      nearest / on")
    rows = [line.split(None, 4) for line in text[header + 1 : header + 1 + len(document["points"])]]
    for row, point in zip(rows, document["points"], strict=True):
        assert row[0] == str(point["index"] + 1)
        assert row[2] == ("-" if point["region"] is None else str(point["region"] + 1))
    # the point (1/4, 1/4) lies nearest the hyperplanes of units 1 and 2 (JSON indices 0 and 1)
    assert rows[1][4] == "1, 2"
    assert [p["nearest"] for p in document["points"]][1] == [0, 1]
    edges = text[text.index("edges (regions sharing a facet):") + 1 :]
    assert edges == ["  1 -- 2 across units 2"]
