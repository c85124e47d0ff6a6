"""``reluexact report`` and ``reluexact plot`` through main() and a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reluexact.cli import main
from tests.report.conftest import pdf_text, poppler, tex  # noqa: F401  (fixtures)

HOSTILE_NAME = "evil \\input{/etc/passwd} \\write18{touch PWNED} ^^5c % # $ ~ _ { é 日本\nline"


def _model(tmp_path: Path, W: list, b: list, A: list, c: list, name: str | None = None) -> Path:
    document = {"format": "reluexact.two-layer-relu", "version": 1, "W": W, "b": b, "A": A, "c": c}
    if name is not None:
        document["name"] = name
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document))
    return path


@pytest.fixture
def model_2d(tmp_path: Path) -> Path:
    name = HOSTILE_NAME.replace("PWNED", str(tmp_path / "PWNED"))
    return _model(tmp_path, [[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0], name)


@pytest.mark.usefixtures("tex", "poppler")
def test_report_writes_tex_and_pdf_with_a_hostile_name(
    tmp_path: Path, model_2d: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.tex"
    assert main(["report", str(model_2d), "-o", str(out), "--pdf", "--numbers", "decimal:4", "--domain=-2,2;-2,2"]) == 0
    assert "wrote" in capsys.readouterr().out
    text = pdf_text(tmp_path / "r.pdf")
    assert "\\input{/etc/passwd}" in text  # the name is printed, not executed
    assert not (tmp_path / "PWNED").exists()
    assert "7 linear regions" in text


def test_report_options_and_errors(tmp_path: Path, model_2d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.tex"
    assert main(["report", str(model_2d), "-o", str(out), "--max-regions", "2", "--no-figures", "--name", "N"]) == 0
    assert (tmp_path / "r.regions.json").exists()
    assert "\\begin{tikzpicture}" not in out.read_text()
    assert main(["report", str(model_2d), "-o", str(out), "--numbers", "fancy"]) == 2
    assert "number format" in capsys.readouterr().err
    assert main(["report", str(model_2d), "-o", str(out), "--domain=1,0;0,1"]) == 2
    assert "--domain: side 1 is empty or a point: low 1 >= high 0" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing.json"), "-o", str(out)]) == 2


def test_plot_png_and_svg(tmp_path: Path, model_2d: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", str(model_2d), "-o", str(tmp_path / "m.png"), "--color-by", "pattern"]) == 0
    assert (tmp_path / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "regions=7" in capsys.readouterr().out
    assert main(["plot", str(model_2d), "-o", str(tmp_path / "m.svg"), "--no-labels", "--no-graph"]) == 0
    model_3d = _model(tmp_path, [[1, 0, 0]], [0], [[1]], [0])
    assert main(["plot", str(model_3d), "-o", str(tmp_path / "x.png")]) == 2
    assert "d = 3" in capsys.readouterr().err


def test_subprocess_report_and_plot_for_a_1d_model(tmp_path: Path) -> None:
    model = _model(tmp_path, [[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    run = subprocess.run(
        [sys.executable, "-m", "reluexact", "report", str(model), "-o", str(tmp_path / "one.tex"), "--domain=-1,1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "\\begin{cases}" in (tmp_path / "one.tex").read_text()
    run = subprocess.run(
        [sys.executable, "-m", "reluexact", "plot", str(model), "-o", str(tmp_path / "one.png")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "one.png").stat().st_size > 1000
