"""The error hierarchy, and the errors about missing optional dependencies."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import reluexact
from reluexact import errors
from reluexact.interop.sklearn import from_sklearn
from reluexact.interop.torch import from_torch, to_torch

EXPECTED_BASES = {
    "InvalidArgument": ValueError,
    "RationalParseError": ValueError,
    "ShapeError": ValueError,
    "DomainError": ValueError,
    "ModelFormatError": ValueError,
    "UnsupportedModelError": ValueError,
    "MissingDependencyError": ImportError,
    "CertificationError": ArithmeticError,
    "CertificateError": ValueError,
    "TeXError": RuntimeError,
    "BudgetExceeded": Exception,
}


@pytest.mark.parametrize(("name", "builtin"), sorted(EXPECTED_BASES.items()))
def test_every_error_is_a_reluexact_error_and_the_builtin_callers_expect(name: str, builtin: type) -> None:
    cls = getattr(errors, name)
    assert issubclass(cls, errors.ReluexactError)
    assert issubclass(cls, builtin)
    assert getattr(reluexact, name) is cls
    with pytest.raises(builtin, match="where: what"):
        raise cls("where: what")


def test_every_public_error_is_covered() -> None:
    assert set(errors.__all__) == {*EXPECTED_BASES, "ReluexactError"}


def test_missing_torch_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` raise ImportError
    with pytest.raises(
        errors.MissingDependencyError, match=r'PyTorch is not installed; .*pip install "reluexact\[torch\]"'
    ):
        from_torch(object())
    with pytest.raises(ImportError, match=r"reluexact\[torch\]"):
        to_torch(reluexact.TwoLayerReLU([[1]], [0], [[1]], [0]))


def test_missing_sklearn_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn.neural_network", None)
    with pytest.raises(errors.MissingDependencyError, match=r'scikit-learn is not installed; .*"reluexact\[sklearn\]"'):
        from_sklearn(np.zeros(1))


def test_importing_reluexact_does_not_import_heavy_optional_packages() -> None:
    import subprocess

    heavy = "('torch', 'sklearn', 'sympy', 'matplotlib')"
    code = f"import sys, reluexact; print(sorted(m for m in {heavy} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"
