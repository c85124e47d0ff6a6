"""Hostile magnitudes and resolutions in figures and reports (issue 14): exact text, clamped drawing."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.report.figures import MAX_DPI, MAX_PIXELS, MIN_DPI, plot_network, save_figure
from reluexact.report.render import build_report
from reluexact.report.view import DRAWING_LIMIT, drawing_float, gradient_norm

HUGE = 10**400
BIG2D = TwoLayerReLU([[HUGE, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0])
BIG1D = TwoLayerReLU([[HUGE], [1]], [0, -1], [[1, -1]], [0])


def test_drawing_float_clamps_and_keeps_ordinary_values() -> None:
    assert drawing_float(Fraction(1, 4)) == 0.25
    assert drawing_float(Fraction(HUGE)) == DRAWING_LIMIT
    assert drawing_float(Fraction(-HUGE)) == -DRAWING_LIMIT
    assert drawing_float(Fraction(1, HUGE)) == 0.0
    assert gradient_norm(((Fraction(HUGE), Fraction(1)),)) == DRAWING_LIMIT


@pytest.mark.parametrize("net", [BIG1D, BIG2D], ids=["d1", "d2"])
def test_plot_with_a_weight_1e400_draws(net: TwoLayerReLU, tmp_path: Path) -> None:
    domain = "-1,1" if net.input_dim == 1 else "-1,1;-1,1"
    out = tmp_path / "f.png"
    plot_network(net, out, domain=domain, dpi=40)
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_report_with_a_weight_1e400_keeps_exact_text() -> None:
    tagged = build_report(BIG2D, domain="-1,1;-1,1", number_format="decimal:6").tex
    assert "{1 \\cdot 10^{400}}^{[1]}" in tagged  # rounded and tagged in the body
    assert str(HUGE) in tagged.replace("\\allowbreak{}", "").replace(" ", "").replace("\n", "")  # exact in the appendix
    data = build_report(BIG2D, domain="-1,1;-1,1")  # by default: readable decimals, exact values attached
    assert "1 \\cdot 10^{400}" in data.tex
    assert str(HUGE) in data.files["report.data.json"].decode()


@pytest.mark.parametrize("dpi", [0, -5, 1, MIN_DPI - 1, 10**6, MAX_DPI + 1, 1.5, True, "150"])
def test_bad_dpi_is_one_clear_error(dpi: object, tmp_path: Path) -> None:
    net = TwoLayerReLU([[1]], [0], [[1]], [0])
    with pytest.raises(InvalidArgument, match="dpi"):
        plot_network(net, tmp_path / "f.png", dpi=dpi)  # type: ignore[arg-type]
    assert not (tmp_path / "f.png").exists()


def test_pixel_budget_is_checked_before_drawing(tmp_path: Path) -> None:
    figure = plot_network(TwoLayerReLU([[1, 1]], [0], [[1]], [0]), size=200.0).figure
    with pytest.raises(InvalidArgument, match="pixels"):
        save_figure(figure, tmp_path / "f.png", dpi=MAX_DPI)
    assert MAX_PIXELS >= 4000 * 4000


@pytest.mark.parametrize("dpi", [MIN_DPI, 72])
def test_lowest_dpi_draws(dpi: int, tmp_path: Path) -> None:
    for net in (TwoLayerReLU([[1]], [0], [[1]], [0]), TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, 1]], [0])):
        plot_network(net, tmp_path / "f.png", dpi=dpi)
        assert (tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"


def test_report_to_an_empty_name_is_one_clear_error() -> None:
    from reluexact.report.render import write_report

    with pytest.raises(InvalidArgument, match="file name"):
        write_report(TwoLayerReLU([[1]], [0], [[1]], [0]), "")
