"""The bottom-layer LaTeX hook: objects reach the report printer without importing it."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import pytest

import reluexact.printing as printing
from reluexact.model import TwoLayerReLU
from reluexact.oned.decoding import decode
from reluexact.oned.spline import spline_form
from reluexact.report.latex import to_latex

NET = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0])


def test_repr_latex_of_every_object_is_the_dispatcher_in_dollars() -> None:
    for obj in (NET, spline_form(NET), decode(NET, domain=(-1, 1))):
        assert obj._repr_latex_() == "$" + to_latex(obj) + "$"
    assert NET._repr_latex_() == (
        "$f(x) = \\operatorname{relu}\\left(x\\right) + \\operatorname{relu}\\left(-x\\right)$"
    )


def test_a_registered_printer_takes_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing, "_registry", {})
    printing.register_latex_printer(lambda obj, **options: f"<{type(obj).__name__}>")
    assert NET._repr_latex_() == "$<TwoLayerReLU>$"
    assert printing.latex(Fraction(1)) == "<Fraction>"


def test_the_printer_is_loaded_by_name_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing, "_registry", {})
    assert printing.latex(Fraction(1, 2), numbers="exact") == "\\frac{1}{2}"
    assert printing._registry["latex"] is to_latex


def test_importing_the_model_does_not_import_the_report() -> None:
    code = (
        "import sys, reluexact.model, reluexact.oned.spline;"
        "assert not any(m.startswith('reluexact.report') for m in sys.modules), sorted(sys.modules);"
        "net = reluexact.model.TwoLayerReLU([[1]], [0], [[2]], [0]);"
        "print(net._repr_latex_());"
        "assert 'reluexact.report.latex' in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "$f(x) = 2 \\operatorname{relu}\\left(x\\right)$\n"
