"""The answer sections of a report (issue 13, item 6): maximal affine pieces and verification.

Measured on real PDFs compiled by pdflatex: the sections appear, their counts equal the
library's (computed here by a second algorithm or a brute-force oracle), the attached
certificate documents extract with ``pdfdetach`` and pass the independent checker, no overfull
box is wider than 1 pt and every reference resolves. The searches stay within their budget:
beyond it the section says how to run them from the command line and attaches nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from reluexact.answers import affine_pieces
from reluexact.check import check_certificate
from reluexact.cli import main
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.regions import regions as enumerate_regions
from reluexact.report.answer_sections import (
    VERIFY_MAX_DIM,
    VERIFY_MAX_OUTPUTS,
    VERIFY_MAX_REGIONS,
    VERIFY_MAX_UNITS,
    pieces_section,
    verification_section,
)
from reluexact.report.compile import compile_pdf
from reluexact.report.numbers import NumberPrinter
from reluexact.report.polygons import box_cells_2d
from reluexact.report.render import build_report, render_report
from tests.report.conftest import NET_2D, NET_3D, pdf_text
from tests.report.test_reviewer import check_typesetting, pdftools  # noqa: F401  (fixture)

#: theory example 4 with two more units on one line x1 = 1/2 whose gradient jumps cancel
#: (a_i lambda_i = 1 * 2 - 1 * 2 = 0): an invisible hyperplane, so pieces unite regions.
NET_HIDDEN = TwoLayerReLU(
    [[1, 2], [-1, 1], ["1/2", -3], [2, 0], [1, 0]],
    ["3/10", "-1/5", 1, -1, "-1/2"],
    [[2, -1, "7/10", 1, -2]],
    [0],
)
#: two outputs, so every output gets its extrema and Lipschitz constant.
NET_TWO = TwoLayerReLU([[1, 0], [0, 1], [1, -1]], [0, "-1/2", "1/3"], [[1, -1, 2], [-1, 0, 1]], [0, "1/4"])
BOX = [(Fraction(-2), Fraction(2)), (Fraction(-2), Fraction(2))]


def _oracles(net: TwoLayerReLU, box: list[tuple[Fraction, Fraction]]) -> dict[str, list[Fraction]]:
    """Brute force from the exact box splitting (no region enumeration, no LP): f's extrema are attained at a
    vertex of a cell; the norm-inf Lipschitz constant is the largest ||gradient||_1 of a cell's affine map."""
    cells = box_cells_2d(net, box)
    values = [evaluate(net, p) for cell in cells for p in cell.polygon]
    m = net.output_dim

    def gradient_norm(pattern: tuple[bool, ...], k: int) -> Fraction:
        active = [i for i, on in enumerate(pattern) if on]
        return sum((abs(sum((net.A[k][i] * net.W[i][j] for i in active), Fraction(0))) for j in range(2)), Fraction(0))

    return {
        "max": [max(v[k] for v in values) for k in range(m)],
        "min": [min(v[k] for v in values) for k in range(m)],
        "lipschitz": [max(gradient_norm(tuple(cell.pattern), k) for cell in cells) for k in range(m)],
    }


@pytest.mark.usefixtures("pdftools")
def test_sections_in_the_pdf_with_checked_certificates(tmp_path: Path) -> None:
    for net, name in ((NET_HIDDEN, "hidden"), (NET_TWO, "two")):
        data = build_report(net, domain="-2,2;-2,2", name=name, stem=name)
        counts = {c.key: c.value for c in data.counts}
        pieces = affine_pieces(net, domain="-2,2;-2,2", method="arrangement")  # the other algorithm
        assert counts["affine_pieces"] == len(pieces)
        assert counts["affine_maps"] == pieces.n_maps
        assert counts["visible_hyperplanes"] == len(pieces.visible)
        keys = [c.key for c in data.counts]
        assert keys[keys.index("regions") + 1] == "affine_pieces"  # next to the activation regions
        certificates = {n for n in data.files if "-cert-" in n}
        assert counts["certificates_checked"] == len(certificates) == 3 * net.output_dim
        folder = tmp_path / name
        folder.mkdir()
        tex = folder / f"{name}.tex"
        tex.write_text(data.tex)
        pdf = compile_pdf(tex, keep_log=True, extra_files=data.files)
        text = pdf_text(pdf)
        check_typesetting(pdf.with_suffix(".log").read_text(encoding="latin-1"), text)
        assert "Maximal affine pieces" in text
        assert "Verification" in text
        out = folder / "attached"
        out.mkdir()
        subprocess.run(["pdfdetach", "-saveall", "-o", str(out), str(pdf)], check=True)
        detached = {p.name: p for p in out.iterdir() if "-cert-" in p.name}
        assert set(detached) == certificates
        oracle = _oracles(net, BOX)
        for file_name, path in detached.items():
            document = json.loads(path.read_text(encoding="utf-8"))
            assert check_certificate(document)  # raises CertificateError when a claim fails
            what, output = file_name.removeprefix(f"{name}-cert-").removesuffix(".json").split("-f")
            assert Fraction(document["value"]) == oracle[what][int(output) - 1]
    # the pieces table lists the united regions of the invisible line x1 = 1/2
    assert "\\label{tab:pieces}" in build_report(NET_HIDDEN, domain="-2,2;-2,2").tex


def test_pieces_section_counts_regions_when_every_hyperplane_is_visible() -> None:
    result = enumerate_regions(NET_2D, domain="-2,2;-2,2", progress=False)
    section = pieces_section(NET_2D, result)
    assert {c.key: c.value for c in section.counts}["affine_pieces"] == len(result)
    assert "tab:pieces" not in section.latex  # no table repeating the regions


def test_over_budget_says_how_to_run_it_and_attaches_nothing() -> None:
    wide = TwoLayerReLU([[1] * (VERIFY_MAX_DIM + 1)], [0], [[1]], [0])
    section = verification_section(wide, [(Fraction(-1), Fraction(1))] * (VERIFY_MAX_DIM + 1), NumberPrinter("exact"))
    assert section.attachments == ()
    assert "reluexact maximize MODEL" in section.latex
    assert "reluexact lipschitz MODEL" in section.latex
    assert "reluexact check-certificate" in section.latex
    on_whole_space = verification_section(wide, None, NumberPrinter("exact"))
    assert "LO,HI" in on_whole_space.latex  # the extrema need a box: the command line says where it goes
    assert [(c.key, c.value, c.note) for c in section.counts] == [("certificates_checked", None, "over budget")]
    many = verification_section(NET_2D, BOX, NumberPrinter("exact"), regions=VERIFY_MAX_REGIONS + 1)
    assert many.attachments == ()
    forced = verification_section(NET_2D, BOX, NumberPrinter("exact"), regions=VERIFY_MAX_REGIONS + 1, force=True)
    assert len(forced.attachments) == 3


def test_whole_space_gives_lipschitz_only() -> None:
    data = build_report(NET_3D, answers="extrema,lipschitz")  # d = 3, no domain: all of R^3
    assert sorted(n for n in data.files if "-cert-" in n) == ["report-cert-lipschitz-f1.json"]
    document = json.loads(data.files["report-cert-lipschitz-f1.json"])
    assert check_certificate(document).startswith("Lipschitz constant (norm inf) of f_1 on R^3")


@pytest.mark.parametrize(
    ("answers", "present", "absent"),
    [
        ("none", [], ["sec:pieces", "sec:verification", "sec:boundary"]),
        ("pieces", ["sec:pieces"], ["sec:verification", "sec:boundary"]),
        ("boundary,extrema", ["sec:boundary", "sec:verification", "tab:extrema"], ["sec:pieces", "tab:lipschitz"]),
    ],
)
def test_answers_choose_the_sections(answers: str, present: list[str], absent: list[str]) -> None:
    tex = render_report(NET_2D, domain="-2,2;-2,2", answers=answers, figures=False)
    for label in present:
        assert f"\\label{{{label}}}" in tex
    for label in absent:
        assert f"\\label{{{label}}}" not in tex


def test_cli_answers_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "m.json"
    document = {"format": "reluexact.two-layer-relu", "version": 1, "W": [[1, 2], [-1, 1]], "b": [0, 1]}
    model.write_text(json.dumps({**document, "A": [[1, -1]], "c": [0]}))
    out = tmp_path / "r.tex"
    assert main(["report", str(model), "-o", str(out), "--no-figures", "--answers", "lipschitz"]) == 0
    assert "r-cert-lipschitz-f1.json" in capsys.readouterr().out
    written = json.loads((tmp_path / "r-cert-lipschitz-f1.json").read_text())
    assert check_certificate(written)
    assert main(["report", str(model), "-o", str(out), "--answers", "speed"]) == 2
    assert "unknown answer 'speed'" in capsys.readouterr().err
    help_text = subprocess.run(
        [sys.executable, "-m", "reluexact", "report", "--help"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    help_text = " ".join(help_text.split())
    for bound in (f"d <= {VERIFY_MAX_DIM}", f"n <= {VERIFY_MAX_UNITS}", f"m <= {VERIFY_MAX_OUTPUTS}"):
        assert bound in help_text  # the help states the budget the code uses
    assert f"at most {VERIFY_MAX_REGIONS} regions" in help_text
