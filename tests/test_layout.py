"""The package layout: every submodule imports as a module (no same-named attribute shadows it), no
module imports a private name (``_x``) of another module, and no private module (``p/_m.py``) is
imported from outside its package ``p``. Dunders (``__version__``) are public."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import types
from pathlib import Path

import pytest

import reluexact

ROOT = Path(reluexact.__file__).resolve().parent


def _modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(reluexact.__path__, "reluexact."))


@pytest.mark.parametrize("name", _modules())
def test_submodule_is_not_shadowed(name: str) -> None:
    module = importlib.import_module(name)
    assert isinstance(module, types.ModuleType)
    parent_name, _, short = name.rpartition(".")
    attribute = getattr(importlib.import_module(parent_name), short)
    assert isinstance(attribute, types.ModuleType), (
        f"{parent_name}.{short} is a {type(attribute).__name__}, not the submodule: "
        f"'import {name} as m' gives it; rename the function or the module"
    )
    assert attribute is module


def _is_private(name: str) -> bool:
    """``_x`` is private; a dunder such as ``__version__`` is public."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _own_name(path: Path) -> str:
    return ".".join(("reluexact", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")


def _private_imports(source: str, own: str) -> list[str]:
    """``from reluexact.a import _b`` in module ``own`` (another module than a; a package's own private modules
    count too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reluexact"):
            if node.module == own:
                continue
            found += [f"{node.module}.{alias.name}" for alias in node.names if _is_private(alias.name)]
    return found


def _private_module_imports(source: str, own: str) -> list[str]:
    """Imports of a private module ``reluexact.p._m`` in module ``own`` outside its package ``reluexact.p``.

    A private module (``oned/_common.py``, ``regions/_engine.py``) serves the modules of its own
    package; the rest of the library imports what it needs from a public module.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reluexact"):
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.startswith("reluexact")]
        else:
            continue
        for name in names:
            parts = name.split(".")
            private = next((i for i, part in enumerate(parts) if _is_private(part)), None)
            if private is None:
                continue
            package = ".".join(parts[:private])
            if own != package and not own.startswith(package + "."):
                found.append(name)
    return found


PATHS = sorted(ROOT.rglob("*.py"))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_name_imported_across_modules(path: Path) -> None:
    assert _private_imports(path.read_text(encoding="utf-8"), _own_name(path)) == []


@pytest.mark.parametrize("path", PATHS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_module_imported_from_another_package(path: Path) -> None:
    assert _private_module_imports(path.read_text(encoding="utf-8"), _own_name(path)) == []


def test_the_layout_checks_see_what_they_forbid() -> None:
    source = "\n".join(
        [
            "from reluexact.oned._common import required_interval",
            "import reluexact.regions._engine",
            "from reluexact.rational import _short, __name__",
            "from reluexact.cli._common import print_json",
            "def later():",
            "    from reluexact.oned._common import zeros",
        ]
    )
    assert _private_imports(source, "reluexact.cli.spline") == ["reluexact.rational._short"]
    assert _private_module_imports(source, "reluexact.cli.spline") == [
        "reluexact.oned._common",
        "reluexact.regions._engine",
        "reluexact.oned._common",
    ]
    # inside the package that owns them, private modules are fine
    assert _private_module_imports(source, "reluexact.oned.spline") == [
        "reluexact.regions._engine",
        "reluexact.cli._common",
    ]
    assert _private_module_imports("from reluexact.oned._common import zeros", "reluexact.oned") == []
