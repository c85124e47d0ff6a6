"""The layering rule, checked on the source with ``ast``: nothing imports upwards.

Objects do not know how they are printed: the modules below the report layer import nothing
from ``reluexact.report`` or ``reluexact.cli``, at any level (module top, inside functions,
under ``TYPE_CHECKING``); and no library module imports ``reluexact.cli``. The notebook hook
:mod:`reluexact.printing` reaches the printer by registration (see its docstring).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reluexact"

#: Modules and packages (paths relative to reluexact/) below the report layer.
LOW_LAYER = (
    "errors.py",
    "rational.py",
    "domain.py",
    "printing.py",
    "model.py",
    "lp.py",
    "summary.py",
    "order.py",
    "interop",
    "oned",
    "regions",
    "construct",
    "answers",
    "check",
)
UPWARD = ("reluexact.report", "reluexact.cli")


def _modules(entry: str) -> list[Path]:
    path = PACKAGE / entry
    if path.is_dir():
        return sorted(path.rglob("*.py"))
    return [path] if path.exists() else []


def _package_of(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts if parts[-1] == "__init__" else parts[:-1]).removesuffix(".__init__")


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from ... import`` anywhere in the file names (relative ones resolved)."""
    return imported_by_source(path.read_text(encoding="utf-8"), _package_of(path))


def imported_by_source(source: str, package: str) -> set[str]:
    """:func:`imported_modules` of ``source`` as if it sat in ``package``."""
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _is_upward(module: str, targets: tuple[str, ...]) -> bool:
    return any(module == target or module.startswith(target + ".") for target in targets)


LOW_MODULES = [path for entry in LOW_LAYER for path in _modules(entry)]
#: Everything but the CLI itself and its ``python -m reluexact`` entry point.
LIBRARY_MODULES = [
    path
    for path in sorted(PACKAGE.rglob("*.py"))
    if "cli" not in path.relative_to(PACKAGE).parts and path.name != "__main__.py"
]


def test_the_layers_exist() -> None:
    assert len(LOW_MODULES) > 20
    assert (PACKAGE / "cli").is_dir()
    assert (PACKAGE / "report").is_dir()


@pytest.mark.parametrize("path", LOW_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_low_layers_import_neither_report_nor_cli(path: Path) -> None:
    upward = sorted(m for m in imported_modules(path) if _is_upward(m, UPWARD))
    assert upward == [], f"{path.relative_to(PACKAGE)} imports {upward}: printing belongs above it"


@pytest.mark.parametrize("path", LIBRARY_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_library_module_imports_the_cli(path: Path) -> None:
    upward = sorted(m for m in imported_modules(path) if _is_upward(m, ("reluexact.cli",)))
    assert upward == [], f"{path.relative_to(PACKAGE)} imports {upward}: the CLI is the top layer"


def test_the_checker_sees_imports_inside_functions_and_relative_ones() -> None:
    assert "reluexact.printing.repr_latex" in imported_modules(PACKAGE / "oned" / "spline.py")
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from reluexact.cli import _format\n"
        "def f():\n    from ..report import latex\n    import reluexact.cli.main\n"
    )
    found = imported_by_source(source, "reluexact.oned")
    assert {"reluexact.report", "reluexact.report.latex", "reluexact.cli.main", "reluexact.cli._format"} <= found
    assert _is_upward("reluexact.report.latex", UPWARD)
    assert not _is_upward("reluexact.reporting", UPWARD)
