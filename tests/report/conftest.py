"""Fixtures for the report tests: TeX tools, and the fixed networks the reports are built from."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reluexact.model import TwoLayerReLU

NO_TEX = "pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-extra texlive-pictures)"
NO_POPPLER = "poppler-utils (pdftotext, pdfinfo, pdftoppm) is not installed"


@pytest.fixture
def tex() -> None:
    """Skip (with the reason) when no TeX engine is installed; CI installs one."""
    if shutil.which("pdflatex") is None:
        pytest.skip(NO_TEX)


@pytest.fixture
def poppler() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip(NO_POPPLER)


def pdf_text(path: Path) -> str:
    """The text of a PDF (pdftotext, layout off), with whitespace runs collapsed."""
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


#: theory.md worked example 3 (1-D): knots 1/2, 1/2, -1/2; jumps +7 at 1/2 and -1 at -1/2.
NET_1D = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
#: theory.md worked example 4 (2-D): gradient jump across H_1 is (2, 4).
NET_2D = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
#: a 3-D net: the three coordinate planes and x1 + x2 + x3 = 1.
NET_3D = TwoLayerReLU([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, -1], [[1, -2, 3, "1/2"]], ["1/4"])
