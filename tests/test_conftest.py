"""The test infrastructure itself: hypothesis profiles, per-test timeouts, declared extras, the test command."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def test_the_hypothesis_profile_follows_ci() -> None:
    name = os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev")
    active = settings.default
    assert active.print_blob
    assert active.derandomize == (name == "ci")
    if name == "ci":
        assert active.deadline is None
        assert active.database is None
    assert settings.get_profile("ci").derandomize
    assert not settings.get_profile("dev").derandomize


def test_every_test_has_a_timeout(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.hasplugin("timeout"), "pytest-timeout (dev extra) is not installed"
    assert float(pytestconfig.getini("timeout")) == 300


def test_scipy_is_declared_where_it_is_used() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    used = any("scipy" in p.read_text() and "import" in p.read_text() for p in (ROOT / "reluexact").rglob("*.py"))
    assert used
    assert any(r.startswith("scipy") for r in extras["scipy"])
    assert any(r.startswith("scipy") for r in extras["dev"])  # tests/regions/test_locate.py needs the float LP
    assert any(r.startswith("pytest-timeout") for r in extras["dev"])


def test_the_test_command_checks_formatting_after_lint_and_installs_scipy() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text()
    lint, fmt = script.index(".venv/bin/ruff check ."), script.index(".venv/bin/ruff format --check .")
    assert lint < fmt < script.index(".venv/bin/python -m pytest")
    install = re.search(r'pip install -q -e "\.\[([^]]*)\]"', script)
    assert install is not None
    assert "scipy" in install.group(1).split(",")


def test_the_long_profile_runs_each_core_property_two_thousand_times(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.strategies import examples

    long = settings.get_profile("long")
    assert long.max_examples >= 2_000
    assert not long.derandomize
    assert long.deadline is None
    monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    if settings.get_current_profile_name() != "long":  # not run with --hypothesis-profile=long
        assert examples(300) == 300
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "long")
    assert examples(2_000) == 10_000  # five times the CI count
    assert examples(300) == max(1_500, settings.default.max_examples)  # at least the profile's own count
