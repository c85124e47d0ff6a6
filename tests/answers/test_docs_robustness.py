"""Every ``>>>`` example in docs/verification.md runs and gives the output shown."""

from __future__ import annotations

import doctest
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_verification_examples_run() -> None:
    result = doctest.testfile(
        str(DOCS / "verification.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted >= 8
    assert result.failed == 0
