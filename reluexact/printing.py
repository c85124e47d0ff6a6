"""The bottom-layer hook through which objects reach their LaTeX printer.

The layering rule: objects do not know how they are printed. :class:`~reluexact.model.TwoLayerReLU`,
:class:`~reluexact.oned.spline.SplineForm` and :class:`~reluexact.oned.decoding.Decoding` offer
``_repr_latex_`` for notebooks, but ``model.py`` and ``oned/`` sit below :mod:`reluexact.report`
and must not import it. This module, which imports nothing from reluexact, inverts the
dependency, as sympy does (``Basic._repr_latex_`` calls ``sympy.printing.latex``, a package that
knows every type while the types know only its entry point):

* the printer registers itself: :mod:`reluexact.report.latex` calls
  :func:`register_latex_printer` with its ``to_latex`` when it is imported;
* the objects call :func:`latex` (or :func:`repr_latex`) here; the first call when no printer is
  registered yet imports the module named by :data:`LATEX_PRINTER_MODULE` **by name**
  (:func:`importlib.import_module`), which registers it (or, if it was imported before, takes
  its ``to_latex`` by name). Later calls go straight to the registered function.

So the import graph keeps pointing downwards (report -> printing; model -> printing), the cost
of importing the report package is paid only when a notebook first shows an object, and a
test (``tests/test_layering.py``) checks with :mod:`ast` that no low module imports
``reluexact.report`` or ``reluexact.cli`` statically.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> latex(TwoLayerReLU([[1]], [0], [[2]], [0]))
'f(x) = 2 \\\\operatorname{relu}\\\\left(x\\\\right)'
>>> TwoLayerReLU([[1]], [0], [[2]], [0])._repr_latex_()
'$f(x) = 2 \\\\operatorname{relu}\\\\left(x\\\\right)$'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["LATEX_PRINTER_MODULE", "latex", "register_latex_printer", "repr_latex"]

#: The module that registers the LaTeX printer when imported (imported by name on first use).
LATEX_PRINTER_MODULE = "reluexact.report.latex"

_registry: dict[str, Callable[..., str]] = {}


def register_latex_printer(printer: Callable[..., str]) -> None:
    """Make ``printer(obj, **options) -> str`` the LaTeX printer :func:`latex` calls.

    :mod:`reluexact.report.latex` registers its ``to_latex`` on import; a later registration
    replaces the earlier one (a custom printer may take over).

    Examples
    --------
    >>> import reluexact.report.latex as printers
    >>> register_latex_printer(printers.to_latex)
    """
    _registry["latex"] = printer


def latex(obj: Any, **options: Any) -> str:
    """Math-mode LaTeX of ``obj`` from the registered printer (loaded by name on first use).

    ``options`` (such as ``numbers="decimal:3"``) are passed to the printer,
    :func:`reluexact.report.latex.to_latex` unless another one was registered.

    Examples
    --------
    >>> from fractions import Fraction
    >>> latex(Fraction(1, 2))
    '\\\\frac{1}{2}'
    """
    if "latex" not in _registry:
        module = importlib.import_module(LATEX_PRINTER_MODULE)  # registers itself on first import
        _registry.setdefault("latex", module.to_latex)  # (already imported: take its entry point by name)
    return _registry["latex"](obj, **options)


def repr_latex(obj: Any) -> str:
    """``$...$`` around :func:`latex` of ``obj``: the body of every ``_repr_latex_``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> repr_latex(Fraction(-3))
    '$-3$'
    """
    return "$" + latex(obj) + "$"
