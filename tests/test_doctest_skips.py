"""No docstring example is skipped with ``# doctest: +SKIP``: every example runs (or is guarded).

Regression: the two examples of reluexact.experiments.realdata (load_diabetes ships with
scikit-learn, no download) were marked +SKIP, so nothing checked them. An example that needs
an optional dependency skips visibly with ``pytest.importorskip`` instead.

The report examples that need a TeX engine run too: the test command installs one.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import reluexact

EXCLUDED: tuple[str, ...] = ()


def _modules() -> list[str]:
    names = ["reluexact"]
    for info in pkgutil.walk_packages(reluexact.__path__, "reluexact."):
        if info.name == "reluexact.__main__" or (EXCLUDED and info.name.startswith(EXCLUDED)):
            continue
        names.append(info.name)
    return names


def test_no_example_is_skipped_by_a_directive() -> None:
    finder = doctest.DocTestFinder()
    skipped = []
    for name in _modules():
        module = importlib.import_module(name)
        for test in finder.find(module, name):
            for example in test.examples:
                if example.options.get(doctest.SKIP):
                    skipped.append(f"{test.name} (line {test.lineno})")
    assert len(_modules()) > 40  # the walk really found the package
    assert skipped == []
