"""The certificate checkers share no code with the search: reluexact.check imports no regions, lp or answers.

Checked on the source with ``ast`` (any import anywhere in the file, relative ones resolved), as
tests/test_layering.py checks the layers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_layering import PACKAGE, imported_modules

FORBIDDEN = ("reluexact.regions", "reluexact.lp", "reluexact.answers")
CHECK_MODULES = sorted((PACKAGE / "check").rglob("*.py"))


def test_the_check_package_exists() -> None:
    names = {path.name for path in CHECK_MODULES}
    assert {"__init__.py", "maximize.py", "lipschitz.py"} <= names


@pytest.mark.parametrize("path", CHECK_MODULES, ids=lambda p: p.name)
def test_checkers_import_no_search_code(path: Path) -> None:
    found = sorted(m for m in imported_modules(path) if any(m == bad or m.startswith(bad + ".") for bad in FORBIDDEN))
    assert found == [], f"reluexact/check/{path.name} imports {found}: a checker must not share the search code"


def test_the_rule_sees_a_relative_import() -> None:
    from tests.test_layering import imported_by_source

    found = imported_by_source("def f():\n    from ..lp import maximize\n", "reluexact.check")
    assert "reluexact.lp" in found
