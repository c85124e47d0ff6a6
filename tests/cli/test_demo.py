"""Tests for ``reluexact demo``."""

from __future__ import annotations

import pytest

from reluexact.cli import main
from reluexact.demo import demo_report


def test_demo_prints_the_library_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    assert capsys.readouterr().out == demo_report() + "\n"
