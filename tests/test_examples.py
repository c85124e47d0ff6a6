"""Every script in examples/ runs in its fast setting, and the JSON it writes is checked."""

from __future__ import annotations

import json
import runpy
import sys
from fractions import Fraction
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))


def test_every_experiment_has_a_script():
    from reluexact.experiments.registry import EXPERIMENTS

    assert sorted(name.replace("-", "_") + ".py" for name in EXPERIMENTS) == SCRIPTS


def _run(script: str, outdir: Path, monkeypatch, extra: tuple[str, ...] = ()) -> int:
    monkeypatch.setattr(sys, "argv", [script, "--fast", "--outdir", str(outdir), "--no-pdf", *extra])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_path(str(EXAMPLES / script), run_name="__main__")
    return int(exit_.value.code or 0)


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s.startswith("oned_")])
def test_oned_example_fast(script, tmp_path, monkeypatch, capsys):
    assert _run(script, tmp_path, monkeypatch) == 0
    printed = capsys.readouterr().out
    stem = script.removesuffix(".py")
    data = json.loads((tmp_path / f"{stem}.json").read_text())
    assert f"wrote {tmp_path / (stem + '.json')}" in printed
    assert data["settings"]["widths"] == [4, 8]
    for run in data["runs"]:
        # decoding identity exact, counts consistent, constructed solutions interpolate exactly
        assert run["decoding_identity"]["exact"] is True
        assert sum(run["units"].values()) == run["width"]
        assert run["right_facing_shaping"] + run["left_facing_shaping"] == run["units"]["shaping"]
        assert run["break_points_inside"] <= run["units"]["shaping"]
        assert len(run["decoding_identity"]["terms"]) == run["break_points_inside"]
        assert all(Fraction(t["jump"]) != 0 for t in run["decoding_identity"]["terms"])
        for key in ("constructed_same_knots", "constructed_same_width"):
            assert run[key]["interpolates_exactly"] is True
    assert (tmp_path / f"{stem}.tex").exists()
    assert len(list((tmp_path / "figures").glob(f"{stem}_*.png"))) == 3


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s.startswith("twod_")])
def test_twod_example_fast(script, tmp_path, monkeypatch, capsys):
    assert _run(script, tmp_path, monkeypatch) == 0
    stem = script.removesuffix(".py")
    data = json.loads((tmp_path / f"{stem}.json").read_text())
    assert f"wrote {tmp_path / (stem + '.json')}" in capsys.readouterr().out
    for run in data["runs"]:
        # counts consistent with the region enumeration, continuity restriction exact on every edge
        assert run["visited"]["all_visited_are_enumerated"] is True
        assert run["visited"]["regions_visited"] <= run["regions"]["in_box"]
        assert run["continuity"]["violations"] == 0
        assert run["continuity"]["edges_checked"] == run["adjacency"]["edges"]
        assert sum(run["units"].values()) == run["width"]
        assert run["constructed_ridge"]["width"] == run["width"]
    assert len(list((tmp_path / "figures").glob(f"{stem}_*.png"))) == 2


def test_diabetes_example_fast(tmp_path, monkeypatch, capsys):
    pytest.importorskip("sklearn")
    assert _run("diabetes_regions.py", tmp_path, monkeypatch) == 0
    data = json.loads((tmp_path / "diabetes_regions.json").read_text())
    assert "affine exact" in capsys.readouterr().out
    for run in data["runs"]:
        samples = run["samples"]
        assert samples["affine_maps_exact_at_all_samples"] is True
        assert samples["regions_visited"] <= samples["samples"]
        assert samples["test_samples_in_a_training_region"] <= samples["test_samples"]


def test_example_bad_outdir(tmp_path, monkeypatch, capsys):
    (tmp_path / "f").write_text("")
    assert _run("oned_sin.py", tmp_path / "f", monkeypatch) == 2
    assert "is not a folder" in capsys.readouterr().err
