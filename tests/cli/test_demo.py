"""``reluexact demo``: the main job runs to completion, in process and as a real subprocess.

Each test runs the demo once (the default run, the longest, once only); the fast in-process runs
each check one option (``--quiet``, no torch, no TeX engine) and, between them, the fast settings,
the backend and the no-PDF note.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from reluexact.cli import main


def test_demo_default_runs_to_completion(tmp_path):
    # no arguments at all, as the README runs it: writes ./reluexact-demo in the working directory
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")])
    completed = subprocess.run(
        [sys.executable, "-m", "reluexact", "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr
    out = tmp_path / "reluexact-demo"
    data = json.loads((out / "demo.json").read_text())
    assert [run["width"] for run in data["runs"]] == [8, 16]
    assert data["settings"]["epochs"] == 3000
    for run in data["runs"]:
        assert run["decoding_identity"]["exact"] is True
        assert run["constructed_same_knots"]["interpolates_exactly"] is True
        assert run["constructed_same_width"]["interpolates_exactly"] is True
        assert f"{run['width']:>5}" in completed.stdout
    assert "identity" in completed.stdout
    assert (out / "demo.tex").exists()
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert figures == sorted(f"demo_{kind}.{ext}" for kind in ("errors", "fits", "knots") for ext in ("pdf", "png"))
    pdf = out / "demo.pdf"
    assert pdf.exists() == ("(no PDF:" not in completed.stdout)


def test_demo_quiet_prints_nothing(tmp_path, capsys):
    assert main(["demo", "--fast", "--quiet", "--no-pdf", "--backend", "numpy", "--outdir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


def test_demo_bad_outdir_is_one_line_error(tmp_path, capsys):
    (tmp_path / "taken").write_text("")
    assert main(["demo", "--fast", "--outdir", str(tmp_path / "taken")]) == 2
    err = capsys.readouterr().err
    assert "is not a folder" in err
    assert len(err.strip().splitlines()) == 1


def test_demo_falls_back_to_numpy_without_torch(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now fails, as on a machine without it
    assert main(["demo", "--fast", "--no-pdf", "--outdir", str(tmp_path / "d")]) == 0  # backend auto
    printed = capsys.readouterr().out
    assert "backend numpy" in printed
    assert "(no PDF: PDF not requested)" in printed
    data = json.loads((tmp_path / "d" / "demo.json").read_text())
    assert data["settings"]["backend"] == "numpy"
    assert [run["width"] for run in data["runs"]] == [4, 8]


def test_demo_without_a_tex_engine_writes_the_tex_and_says_so(tmp_path, monkeypatch, capsys):
    import reluexact.report.compile as compile_module
    from reluexact.errors import TeXError

    def missing(engine="auto"):
        raise TeXError("no TeX engine found")

    monkeypatch.setattr(compile_module, "find_tex_engine", missing)
    assert main(["demo", "--fast", "--backend", "numpy", "--outdir", str(tmp_path)]) == 0  # an explicit backend
    printed = capsys.readouterr().out
    assert "backend numpy" in printed
    assert "(no PDF: no TeX engine, wrote the .tex only (no TeX engine found))" in printed
    data = json.loads((tmp_path / "demo.json").read_text())
    assert data["settings"]["backend"] == "numpy"
    assert [run["width"] for run in data["runs"]] == [4, 8]
    assert (tmp_path / "demo.tex").exists()
    assert not (tmp_path / "demo.pdf").exists()
