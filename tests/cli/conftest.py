"""Fixtures for CLI tests: small model files written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from reluexact.io import save_model
from reluexact.model import TwoLayerReLU

#: theory.md worked example 4 plus a unit duplicating unit 0's hyperplane (opposite orientation) and a w = 0 unit
NET2D = TwoLayerReLU(
    [[1, 2], [-1, 1], ["1/2", -3], [-2, -4], [0, 0]],
    ["3/10", "-1/5", 1, "-3/5", "1/2"],
    [[2, -1, "7/10", 1, 3]],
    [0],
)
#: two outputs, d = 1, float-exact (dyadic) weights
NET1D = TwoLayerReLU([[1], ["-1/2"]], ["1/4", 1], [[1, 2], [-1, "1/8"]], [0, "1/2"])


@pytest.fixture
def model2d(tmp_path: Path) -> Path:
    path = tmp_path / "net2d.json"
    save_model(NET2D, path)
    return path


@pytest.fixture
def model1d(tmp_path: Path) -> Path:
    path = tmp_path / "net1d.npz"
    save_model(NET1D, path)
    return path
