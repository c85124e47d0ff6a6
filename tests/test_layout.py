"""The package layout: every submodule imports as a module (no same-named attribute shadows it), and no
module imports a private name (``_x``) of another module."""

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


def _private_imports(path: Path) -> list[str]:
    """``from reluexact.a import _b`` in a file of another module (a package's own private modules count too)."""
    own = ".".join(("reluexact", *path.relative_to(ROOT).with_suffix("").parts))
    own = own.removesuffix(".__init__")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reluexact"):
            if node.module == own:
                continue
            found += [f"{node.module}.{alias.name}" for alias in node.names if alias.name.startswith("_")]
    return found


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_name_imported_across_modules(path: Path) -> None:
    assert _private_imports(path) == []
