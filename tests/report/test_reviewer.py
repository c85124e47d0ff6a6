"""Reports a reviewer would read (issue 13), measured on real PDFs compiled by pdflatex.

For theory example 4, the demo, a random 2-D width-32 float net (rationalised losslessly), a
trained 1-D width-20 net and a d = 10 net: no overfull line wider than 1 pt, every
cross-reference resolved, the page count, the figures present in the PDF, the attached data
files present and, re-read, equal to the exact result, and every count of the summary page
equal to the library's (computed here by other functions of the library). The first pages are
rendered to PNG in an artefact folder (``$RELUEXACT_REPORT_ARTEFACTS`` or pytest's tmp_path)
so a person can look at them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reluexact.answers import affine_pieces, decision_boundary
from reluexact.interop.json_io import network_from_json
from reluexact.model import TwoLayerReLU
from reluexact.order import active_status
from reluexact.rationalization import rationalize_network
from reluexact.regions import coincident_hyperplanes, n_bounded_regions
from reluexact.regions import regions as enumerate_regions
from reluexact.report.attachments import read_report_data, regions_csv
from reluexact.report.compile import compile_pdf
from reluexact.report.render import ReportData, build_report, write_report
from tests.report.conftest import NET_2D, pdf_pages, pdf_text

#: Overfull boxes up to this wide (pt) are invisible; anything wider is a failure.
OVERFULL_TOLERANCE = 1.0


@pytest.fixture
def pdftools() -> None:
    for tool in ("pdflatex", "pdftotext", "pdfinfo", "pdfdetach", "pdftoppm", "pdfimages"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (texlive-latex-base, poppler-utils)")


def _artefacts(tmp_path: Path, name: str) -> Path:
    root = os.environ.get("RELUEXACT_REPORT_ARTEFACTS")
    folder = (Path(root) if root else tmp_path / "artefacts") / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _render_pages(pdf: Path, folder: Path, *, pages: int = 2) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", str(pages), str(pdf), str(folder / pdf.stem)], check=True
    )
    images = sorted(folder.glob(f"{pdf.stem}*.png"))
    assert images
    assert all(image.read_bytes()[:4] == b"\x89PNG" for image in images)
    return images


def check_typesetting(log: str, text: str) -> None:
    """No overfull box wider than the tolerance, no unresolved reference or citation."""
    widths = [float(w) for w in re.findall(r"Overfull \\[hv]box \(([0-9.]+)pt too (?:wide|high)", log)]
    assert max(widths, default=0.0) <= OVERFULL_TOLERANCE, f"overfull boxes: {sorted(widths)[-5:]}"
    assert "There were undefined references" not in log
    assert not re.search(r"LaTeX Warning: (Reference|Citation) .* undefined", log)
    assert "??" not in text


def check_figures(pdf: Path, tex: str, data: ReportData | None = None) -> int:
    """Every figure file the report made is embedded in the PDF; every caption is typeset. Returns the count."""
    raw = pdf.read_bytes()
    names = data.figures if data is not None else tuple(re.findall(r"\\includegraphics\[[^]]*\]\{([^}]+)\}", tex))
    for name in names:
        if name.endswith(".pdf"):  # vector figures are form XObjects that name their file
            assert f"/PTEX.FileName (./{name})".encode() in raw, name
    bitmaps = sum(1 for name in names if name.endswith(".png"))
    if bitmaps:
        listed = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
        assert sum(1 for line in listed.splitlines() if line.split()[2:3] == ["image"]) >= bitmaps
    captions = tex.count("\\figurecaption{")
    text = pdf_text(pdf)
    for k in range(1, captions + 1):
        assert f"Figure {k}:" in text
    return captions


def check_attachments(pdf: Path, data: ReportData, net: TwoLayerReLU, folder: Path) -> dict[str, Any]:
    """The PDF's attachments are the report's data files; re-read, they are the exact result."""
    out = folder / "attached"
    out.mkdir(exist_ok=True)
    subprocess.run(["pdfdetach", "-saveall", "-o", str(out), str(pdf)], check=True)
    attached = {path.name: path.read_bytes() for path in out.iterdir()}
    expected = {name: content for name, content in data.files.items() if name.endswith((".json", ".csv"))}
    assert attached == expected
    json_name = next(name for name in attached if name.endswith(".data.json"))
    document = read_report_data(attached[json_name])
    assert network_from_json(document["network"]) == net
    assert len(document["regions"]) == len(data.rows)
    for region, row in zip(document["regions"], data.rows, strict=True):
        assert region["label"] == row.label
        assert region["pattern"] == row.pattern_string
        assert region["point"] == list(row.point)
        assert region["gradient"] == [list(g) for g in row.gradient]
        assert region["offset"] == list(row.offset)
    csv_name = next(name for name in attached if name.endswith(".csv"))
    assert attached[csv_name].decode() == regions_csv(data.rows)
    assert document["summary"] == {count.key: count.value for count in data.counts}
    return document


def check_summary_page(pdf: Path, data: ReportData) -> None:
    """Every count is printed on the summary page with its label."""
    command = ["pdftotext", "-layout", "-f", "1", "-l", "2", str(pdf), "-"]
    out = subprocess.run(command, check=True, capture_output=True, text=True)
    page = " ".join(out.stdout.split()).replace("\u2212", "-").replace("\u2019", "'")
    for count in data.counts:
        value = "\u2013" if count.value is None else str(count.value)  # "--" is typeset as an en dash
        assert f"{count.label} {value}" in page, count


def _library_counts_many(net: TwoLayerReLU, box: Any) -> dict[str, int | None]:
    """The summary's counts for d >= 2, computed by the library's own functions (not the report's)."""
    result = enumerate_regions(net, domain=box, progress=False)
    status = active_status(net, domain=box)
    shaping = {i for i, s in enumerate(status) if s == "shaping"}
    classes = {group for group in coincident_hyperplanes(net) if shaping & set(group)}
    counts: dict[str, int | None] = {
        "regions": len(result),
        "hyperplanes_meeting_domain": len(classes),
        "shaping_units": len(shaping),
        "dead_units": status.count("dead"),
        "affine_units": status.count("affine-acting"),
        "adjacent_pairs": len(result.edges),
    }
    if len(result) <= 400:
        boundary = decision_boundary(net, domain=box, faces=False)
        counts["boundary_pieces"] = len(boundary.pieces)
        counts["zero_regions"] = len(boundary.zero_regions)
        pieces = affine_pieces(net, domain=box, method="arrangement")  # the report merges: the other algorithm
        counts["affine_pieces"] = len(pieces)
        counts["affine_maps"] = pieces.n_maps
        counts["visible_hyperplanes"] = len(pieces.visible)
    if net.input_dim == 2:
        counts["bounded_regions"] = n_bounded_regions(enumerate_regions(net, progress=False))
        sides = [r for r in result if any(f.kind == "side" for f in r.facets or ())]
        counts["boundary_regions"] = len(sides)
    elif box is None:
        counts["bounded_regions"] = n_bounded_regions(result)
    return counts


def _report(net: TwoLayerReLU, tmp_path: Path, name: str, **options: Any) -> tuple[Path, ReportData, str]:
    """Build the report once, write it and its files as write_report does, compile it keeping the log."""
    folder = _artefacts(tmp_path, name)
    data = build_report(net, name=name, stem=name, json_name=f"{name}.regions.json", **options)
    tex = folder / f"{name}.tex"
    tex.write_text(data.tex)
    for file_name, content in data.files.items():
        (folder / file_name).write_bytes(content)
    pdf = compile_pdf(tex, keep_log=True, extra_files=data.files)
    return pdf, data, pdf.with_suffix(".log").read_text(encoding="latin-1")


def test_write_report_writes_what_build_report_builds(tmp_path: Path) -> None:
    pdf_free = write_report(NET_2D, tmp_path / "example4.tex", name="example 4")
    data = build_report(NET_2D, name="example 4", stem="example4", json_name="example4.regions.json")
    assert pdf_free.read_text() == data.tex  # deterministic, and the same report
    for file_name, content in data.files.items():
        assert (tmp_path / file_name).read_bytes() == content


def _check_all(pdf: Path, data: ReportData, log: str, net: TwoLayerReLU, tmp_path: Path, name: str) -> None:
    check_typesetting(log, pdf_text(pdf))
    check_figures(pdf, data.tex, data)
    check_attachments(pdf, data, net, _artefacts(tmp_path, name))
    check_summary_page(pdf, data)
    _render_pages(pdf, _artefacts(tmp_path, name))


def test_theory_example_4(tmp_path: Path, pdftools: None) -> None:
    pdf, data, log = _report(NET_2D, tmp_path, "example4")
    _check_all(pdf, data, log, NET_2D, tmp_path, "example4")
    counts = {count.key: count.value for count in data.counts}
    box = data.data["domain"]
    library = _library_counts_many(NET_2D, [(Fraction(lo), Fraction(hi)) for lo, hi in box])
    assert {key: counts[key] for key in library} == library
    assert "All numbers are printed as exact fractions." in pdf_text(pdf)  # short weights: exact, as before
    assert "\\begin{tikzpicture}" in data.tex  # small: the region map is TikZ from exact vertices
    assert pdf_pages(pdf) <= 7  # 6 before the verification section (extrema, Lipschitz constant)


def _float_net(rng: np.random.Generator, n: int, d: int) -> tuple[Any, ...]:
    W = rng.normal(size=(n, d)).astype(np.float32).astype(np.float64)
    b = (rng.normal(size=n) * 0.5).astype(np.float32).astype(np.float64)
    A = (rng.normal(size=(1, n)) / 4).astype(np.float32).astype(np.float64)
    return W, b, A, np.array([0.125])


def test_width_32_float_net_2d(tmp_path: Path, pdftools: None) -> None:
    W, b, A, c = _float_net(np.random.default_rng(0), 32, 2)
    rationalised = rationalize_network(W, b, A, c, box="-3,3")
    net = rationalised.network
    options = {
        "domain": "-3,3",
        "rationalization": rationalised.certificate,
        "provenance": "a PyTorch-like float32 net",
    }
    pdf, data, log = _report(net, tmp_path, "width32", **options)
    _check_all(pdf, data, log, net, tmp_path, "width32")
    assert pdf_pages(pdf) <= 10  # no appendix in the default format
    assert "\\appendix" not in data.tex
    counts = {count.key: count.value for count in data.counts}
    library = _library_counts_many(net, [(Fraction(-3), Fraction(3))] * 2)
    library.pop("bounded_regions")  # of the plane: checked on the default box below
    assert {key: counts[key] for key in library} == library
    assert counts["bounded_regions"] == n_bounded_regions(enumerate_regions(net, progress=False))
    text = pdf_text(pdf)
    assert "certified bound" in text
    assert "lossless" in text
    assert "-map.pdf" in "".join(data.figures)  # hundreds of regions: a vector PDF map, not TikZ
    assert "\\frac" not in data.tex.split("\\section{Summary}")[1]  # readable decimals, one form
    assert "Table 3: Extremes" in text


def test_trained_1d_width_20(tmp_path: Path, pdftools: None) -> None:
    from reluexact.oned.equivalence import minimal_width
    from reluexact.oned.spline import spline_form
    from reluexact.train import train_on_target

    net = train_on_target("sin(x)", (-3, 3), width=20, epochs=300, n_samples=61, quiet=True, seed=3).network
    pdf, data, log = _report(net, tmp_path, "oned20", domain="-3,3")
    _check_all(pdf, data, log, net, tmp_path, "oned20")
    form = spline_form(net, domain=(-3, 3))
    counts = {count.key: count.value for count in data.counts}
    assert counts["pieces"] == form.n_pieces
    assert counts["break_points"] == len(form.break_points)
    assert counts["minimal_width"] == minimal_width(net, domain=(-3, 3))
    assert pdf_pages(pdf) <= 10


def test_d10_net_has_a_slice_figure(tmp_path: Path, pdftools: None) -> None:
    W, b, A, c = _float_net(np.random.default_rng(1), 8, 10)
    net = TwoLayerReLU.from_float_arrays(W, b, A, c)
    pdf, data, log = _report(net, tmp_path, "d10")
    _check_all(pdf, data, log, net, tmp_path, "d10")
    assert any(name.endswith("-slice.pdf") for name in data.figures)
    assert "slice" in pdf_text(pdf)
    counts = {count.key: count.value for count in data.counts}
    library = _library_counts_many(net, None)
    assert {key: counts[key] for key in library} == library
    assert counts["regions"] == 2**8  # 8 hyperplanes in general position in R^10


def test_demo_pdf_contains_its_figures(tmp_path: Path, pdftools: None) -> None:
    from reluexact.experiments.demo import run_demo
    from reluexact.experiments.oned import OneDSettings

    folder = _artefacts(tmp_path, "demo")
    result = run_demo(outdir=folder, quiet=True, pdf=True, settings=OneDSettings.fast(backend="numpy"))
    assert result.pdf_path is not None
    tex = result.tex_path.read_text()
    assert check_figures(result.pdf_path, tex) == len(result.figures) == len(result.vector_figures) == 3
    # vector figures (matplotlib PDF, as in reluexact report), not the PNGs written for quick viewing
    included = re.findall(r"\\includegraphics\[[^]]*\]\{([^}]+)\}", tex)
    assert included == [path.relative_to(folder).as_posix() for path in result.vector_figures]
    # the same machinery, compiled again with its log kept, typesets cleanly
    files = {path.relative_to(folder).as_posix(): path.read_bytes() for path in result.vector_figures}
    again = compile_pdf(result.tex_path, output=folder / "again.pdf", keep_log=True, extra_files=files)
    check_typesetting(again.with_suffix(".log").read_text(encoding="latin-1"), pdf_text(again))
    listed = subprocess.run(["pdfimages", "-list", str(again)], check=True, capture_output=True, text=True).stdout
    assert not [line for line in listed.splitlines()[2:] if line.split()[2:3] == ["image"]]  # no bitmap figure
    _render_pages(result.pdf_path, folder)
