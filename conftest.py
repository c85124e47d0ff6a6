"""Repository-wide pytest hooks and the hypothesis profiles.

Under CI (``CI=true``) a skipped test is a failure: every optional part the suite
skips without (torch, scikit-learn, scipy, Dask, cddlib, TeX, poppler, the SageMath oracle)
is installed by ``scripts/test.sh``, so a skip there means an install step went
missing, and a green run must not hide it. Locally, skips stay skips, with their reason.

Hypothesis profiles: ``"ci"`` (loaded when ``CI=true``) is derandomized, so a CI run is
reproducible and a failure is reproduced by rerunning it; it has no deadline (shared CI
machines are slow and timing-noisy; per-test timeouts come from pytest-timeout), prints the
reproduction blob of a failure and does not fail on the ``too_slow`` health check. ``"dev"``
(otherwise) keeps hypothesis's random exploration and example database, also with the blob
printed. ``"long"`` (``HYPOTHESIS_PROFILE=long``, or ``--hypothesis-profile=long``) is the
ci profile with 2,000 examples per property and a random seed each run, for a local pass at
scale; the core properties (``tests/test_identities.py``) and the fuzz passes scale with it
(``tests.strategies.examples``). ``HYPOTHESIS_PROFILE=ci`` (or ``dev``) chooses one explicitly.
A test's own ``@settings`` (``max_examples``, ``deadline``) still applies on top of the profile.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

_IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Hypothesis loads its own built-in "ci" profile when it sees CI; both profiles here start from
# hypothesis's defaults instead of whatever profile is current, so each means the same everywhere.
_DEFAULTS = settings.get_profile("default")
settings.register_profile(
    "ci",
    parent=_DEFAULTS,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", parent=_DEFAULTS, print_blob=True)
settings.register_profile(
    "long",
    parent=_DEFAULTS,
    max_examples=2_000,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if _IN_CI else "dev"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if _IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true (an install step is missing?): {reason}"
