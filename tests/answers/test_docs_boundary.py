"""Every ``>>>`` example in docs/answers.md runs and gives the output shown."""

from __future__ import annotations

import doctest
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_answers_documentation_examples_run() -> None:
    result = doctest.testfile(
        str(DOCS / "answers.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 10
    assert result.failed == 0
