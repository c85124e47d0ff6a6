"""The LaTeX printer: one dispatcher on type for every exact reluexact object.

Objects do not know how they are printed (sympy's habit, ``sympy/printing/latex.py``):
:class:`LatexPrinter` has one ``_print_<TypeName>`` method per printable type and
dispatches on the object's class, walking its MRO, so a subclass prints like its
base and a subclass of the printer can override one type. :func:`to_latex` is the
public entry; the objects' ``_repr_latex_`` (notebooks) reach it through the
bottom-layer hook :mod:`reluexact.printing`, so ``model.py`` never imports this
package.

Printed types (all math mode, all exact unless ``numbers`` says otherwise):

* :class:`~reluexact.model.TwoLayerReLU`: its formula ``f(x) = ...``;
* :class:`~reluexact.oned.spline.SplineForm`: a ``cases`` display (first output;
  one display per output with ``output=k``);
* :class:`~reluexact.oned.decoding.Decoding`: the exact one-sided identity on its domain;
* :class:`~reluexact.regions.Region` and :class:`~reluexact.report.view.RegionRow`:
  the affine map on the region;
* :class:`~reluexact.regions.RegionsResult`: ``f`` as a ``cases`` display over its
  regions ``R_1, R_2, ...`` (numbered from 1 in enumeration order);
* :class:`~fractions.Fraction` and ``int``.

``numbers`` is a :class:`~reluexact.report.numbers.NumberPrinter` (one per document,
so tags are shared) or a :class:`~reluexact.report.numbers.NumberFormat` / format
string (``"exact"``, ``"auto"``, ``"decimal:K"``, ``"rounded:K"``); default exact.

The formula builders (:func:`fraction_latex`, :func:`affine_latex`,
:func:`network_latex`) live in :mod:`reluexact.report.formulas` and are re-exported
here.

Examples
--------
>>> from fractions import Fraction
>>> from reluexact.model import TwoLayerReLU
>>> to_latex(TwoLayerReLU([[1]], [0], [[2]], [0]))
'f(x) = 2 \\\\operatorname{relu}\\\\left(x\\\\right)'
>>> to_latex(Fraction(1, 3), numbers="rounded:2")
'\\\\approx 0.33'
>>> fraction_latex(Fraction(-3, 7))
'-\\\\frac{3}{7}'
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.oned.decoding import Decoding
from reluexact.oned.spline import SplineForm
from reluexact.printing import register_latex_printer
from reluexact.regions import Region, RegionsResult
from reluexact.report.formulas import (
    affine_latex,
    fraction_latex,
    join_signed,
    network_latex,
    variable_names,
    vector_latex,
)
from reluexact.report.numbers import NumberFormat, NumberPrinter
from reluexact.report.view import RegionRow, region_rows

__all__ = [
    "LatexPrinter",
    "affine_latex",
    "affine_map_latex",
    "decoding_identity_latex",
    "fraction_latex",
    "interval_condition",
    "network_latex",
    "regions_cases",
    "spline_cases",
    "to_latex",
]


def _number_printer(numbers: NumberPrinter | NumberFormat | str | None) -> NumberPrinter:
    return numbers if isinstance(numbers, NumberPrinter) else NumberPrinter(numbers or "exact")


class LatexPrinter:
    """Prints exact reluexact objects as math-mode LaTeX, dispatching on type.

    For an object of class ``C``, :meth:`doprint` calls ``_print_C`` for the first
    class ``C`` in ``type(obj).__mro__`` that has one (sympy's ``Printer._print``).

    Parameters
    ----------
    numbers : NumberPrinter, NumberFormat or str, optional
        How rationals are printed (default exact fractions).

    Examples
    --------
    >>> LatexPrinter(numbers="decimal:2").doprint(Fraction(1, 4))
    '0.25'
    >>> LatexPrinter().doprint(object())
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: no LaTeX printer for object; printable: TwoLayerReLU, SplineForm, \
Decoding, Region, RegionsResult, RegionRow, Fraction, int
    """

    printable = ("TwoLayerReLU", "SplineForm", "Decoding", "Region", "RegionsResult", "RegionRow", "Fraction", "int")

    def __init__(self, *, numbers: NumberPrinter | NumberFormat | str | None = None) -> None:
        self.numbers = _number_printer(numbers)

    def doprint(self, obj: Any, **options: Any) -> str:
        """LaTeX of ``obj``; ``options`` go to its ``_print_<Type>`` method.

        Examples
        --------
        >>> from fractions import Fraction
        >>> from reluexact.model import TwoLayerReLU
        >>> printer = LatexPrinter(numbers="exact")
        >>> printer.doprint(Fraction(-1, 2))
        '-\\\\frac{1}{2}'
        >>> printer.doprint(TwoLayerReLU([[1]], [0], [[2]], [1]))
        'f(x) = 2 \\\\operatorname{relu}\\\\left(x\\\\right) + 1'
        """
        for cls in type(obj).__mro__:
            method = getattr(self, f"_print_{cls.__name__}", None)
            if method is not None:
                return str(method(obj, **options))
        raise InvalidArgument(f"no LaTeX printer for {type(obj).__name__}; printable: {', '.join(self.printable)}")

    def _print_bool(self, obj: bool) -> str:  # bool subclasses int: refuse it
        raise InvalidArgument("no LaTeX printer for bool; printable: " + ", ".join(self.printable))

    def _print_int(self, obj: int) -> str:
        return self.numbers.latex(Fraction(obj))

    def _print_Fraction(self, obj: Fraction) -> str:
        return self.numbers.latex(obj)

    def _print_TwoLayerReLU(self, obj: TwoLayerReLU, **options: Any) -> str:
        return network_latex(obj, number=self.numbers.latex, **options)

    def _print_SplineForm(self, obj: SplineForm, *, output: int = 0) -> str:
        return spline_cases(obj, self.numbers, output=output)

    def _print_Decoding(self, obj: Decoding, *, environment: str = "aligned") -> str:
        return decoding_identity_latex(obj, self.numbers, environment=environment)

    def _print_RegionRow(self, obj: RegionRow) -> str:
        return affine_map_latex(obj.gradient, obj.offset, self.numbers)

    def _print_Region(self, obj: Region) -> str:
        return affine_map_latex(obj.gradient, obj.offset, self.numbers)

    def _print_RegionsResult(self, obj: RegionsResult, *, output: int = 0) -> str:
        return regions_cases(obj, self.numbers, output=output)


def to_latex(obj: Any, *, numbers: NumberPrinter | NumberFormat | str | None = None, **options: Any) -> str:
    """Math-mode LaTeX for an exact reluexact object, dispatching on its type.

    Parameters
    ----------
    obj : TwoLayerReLU, SplineForm, Decoding, Region, RegionsResult, RegionRow, Fraction or int
    numbers : NumberPrinter, NumberFormat or str, optional
        How rationals are printed; default exact fractions. Pass the document's
        :class:`~reluexact.report.numbers.NumberPrinter` to share its tags.
    **options
        Passed to the type's printer: ``output=k`` (SplineForm, RegionsResult),
        ``environment=`` (Decoding; TwoLayerReLU with ``terms_per_line=``),
        ``function_name=`` (TwoLayerReLU).

    Returns
    -------
    str

    Raises
    ------
    InvalidArgument
        If no printer handles the type.

    See Also
    --------
    LatexPrinter, reluexact.printing.latex

    Examples
    --------
    >>> to_latex(Fraction(-1, 2))
    '-\\\\frac{1}{2}'
    >>> from reluexact.oned.spline import spline_form
    >>> print(to_latex(spline_form(TwoLayerReLU([[1]], [0], [[2]], [0]))))
    f(x) = \\begin{cases}
    0 & \\text{if } x \\le 0, \\\\
    2 x & \\text{if } x \\ge 0.
    \\end{cases}
    >>> to_latex([1, 2])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: no LaTeX printer for list; printable: ...
    """
    return LatexPrinter(numbers=numbers).doprint(obj, **options)


register_latex_printer(to_latex)


# ----------------------------------------------------------------------------- printers of each type


def affine_map_latex(gradient: Sequence[Sequence[Fraction]], offset: Sequence[Fraction], printer: NumberPrinter) -> str:
    """The affine map ``g . x + c`` of a region (one line per output, ``\\\\`` separated when m > 1).

    Examples
    --------
    >>> affine_map_latex([[Fraction(2), Fraction(4)]], [Fraction(3, 5)], NumberPrinter("exact"))
    '2 x_{1} + 4 x_{2} + \\\\frac{3}{5}'
    >>> affine_map_latex([[Fraction(1)], [Fraction(0)]], [Fraction(0), Fraction(-1)], NumberPrinter("exact"))
    'f_{1} = x \\\\\\\\ f_{2} = -1'
    """
    variables = variable_names(len(gradient[0]) if gradient else 0)
    lines = [affine_latex(g, c, variables, number=printer.latex) for g, c in zip(gradient, offset, strict=True)]
    if len(lines) == 1:
        return lines[0]
    return " \\\\ ".join(f"f_{{{k + 1}}} = {line}" for k, line in enumerate(lines))


def interval_condition(start: Fraction | None, end: Fraction | None, printer: NumberPrinter) -> str:
    """``a \\le x \\le b`` (or a half-line, or ``x \\in \\mathbb{R}``) for a linear piece.

    Examples
    --------
    >>> interval_condition(None, Fraction(1), NumberPrinter("exact"))
    'x \\\\le 1'
    """
    if start is None and end is None:
        return "x \\in \\mathbb{R}"
    if start is None:
        return f"x \\le {printer.latex(end)}"  # type: ignore[arg-type]
    if end is None:
        return f"x \\ge {printer.latex(start)}"
    return f"{printer.latex(start)} \\le x \\le {printer.latex(end)}"


def spline_cases(form: SplineForm, printer: NumberPrinter, *, output: int = 0) -> str:
    """``f(x) = \\begin{cases} slope x + intercept & condition \\\\ ... \\end{cases}`` for one output.

    Examples
    --------
    >>> from reluexact.oned.spline import spline_form
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> print(spline_cases(spline_form(net), NumberPrinter("exact")))
    f(x) = \\begin{cases}
    -6 x + \\frac{31}{10} & \\text{if } x \\le -\\frac{1}{2}, \\\\
    -7 x + \\frac{13}{5} & \\text{if } -\\frac{1}{2} \\le x \\le \\frac{1}{2}, \\\\
    -\\frac{9}{10} & \\text{if } x \\ge \\frac{1}{2}.
    \\end{cases}
    """
    name = "f" if form.output_dim == 1 else f"f_{{{output + 1}}}"
    lines = []
    for k, piece in enumerate(form.pieces):
        expression = affine_latex([piece.slope[output]], piece.intercept[output], ["x"], number=printer.latex)
        end = "." if k == len(form.pieces) - 1 else ", \\\\"
        lines.append(f"{expression} & \\text{{if }} {interval_condition(piece.start, piece.end, printer)}{end}")
    return f"{name}(x) = \\begin{{cases}}\n" + "\n".join(lines) + "\n\\end{cases}"


def decoding_identity_latex(decoding: Decoding, printer: NumberPrinter, *, environment: str = "align*") -> str:
    """The exact identity ``f = sum_t J_t relu(x - t) + (affine)`` on the decoding's domain.

    Three one-sided terms per line; ``environment`` is ``align*`` (a display in a
    document) or ``aligned`` (inside math mode, as ``_repr_latex_`` needs).

    Examples
    --------
    >>> from reluexact.oned.decoding import decode
    >>> dec = decode(TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0]), domain=(-1, 1))
    >>> print(decoding_identity_latex(dec, NumberPrinter("exact"), environment="aligned"))
    \\begin{aligned}
    f(x) &= 2 \\relu\\left(x\\right) \\\\
    &\\quad + \\bigl(-x\\bigr) \\qquad \\text{for } x \\in [-1, 1]
    \\end{aligned}
    """
    m = len(decoding.affine_slope)
    signed: list[tuple[bool, str]] = []
    for knot_group in decoding.groups:
        if not knot_group.is_break_point:
            continue
        argument = affine_latex([Fraction(1)], -knot_group.knot, ["x"], number=printer.latex)
        relu_term = f"\\relu\\left({argument}\\right)"
        if m == 1:
            jump = knot_group.jump[0]
            magnitude = abs(jump)
            signed.append((jump < 0, relu_term if magnitude == 1 else f"{printer.latex(magnitude)} {relu_term}"))
        else:
            signed.append((False, f"{vector_latex(knot_group.jump, printer)} {relu_term}"))
    if m == 1:
        affine = affine_latex(decoding.affine_slope, decoding.affine_intercept[0], ["x"], number=printer.latex)
    else:
        affine = (
            f"{vector_latex(decoding.affine_slope, printer)} \\, x + {vector_latex(decoding.affine_intercept, printer)}"
        )
    chunks = [signed[k : k + 3] for k in range(0, len(signed), 3)] or [[]]
    rendered = []
    for index, chunk in enumerate(chunks):
        text = join_signed(chunk) if chunk else "0"
        rendered.append(text if index == 0 or text.startswith("-") else "+ " + text)
    alpha, beta = decoding.domain
    lines = " \\\\\n&\\quad ".join(rendered)
    return (
        f"\\begin{{{environment}}}\nf(x) &= " + lines + " \\\\\n&\\quad + \\bigl(" + affine + "\\bigr) "
        f"\\qquad \\text{{for }} x \\in [{printer.latex(alpha)}, {printer.latex(beta)}]\n\\end{{{environment}}}"
    )


def regions_cases(result: RegionsResult, printer: NumberPrinter, *, output: int = 0) -> str:
    """``f(\\mathbf{x}) = \\begin{cases} affine map & \\text{on } R_k \\end{cases}``, one line per region.

    Regions are numbered from 1 in the result's order (``R_1`` is ``result[0]``);
    each line names the activation pattern (unit 1 first; 1 = active).

    Examples
    --------
    >>> from reluexact.regions import regions
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, -2], [[2, 1]], [1])
    >>> print(regions_cases(regions(net, domain=[(1, 2), (-1, 1)]), NumberPrinter("exact")))
    f(\\mathbf{x}) = \\begin{cases}
    2 x_{1} + 1 & \\text{on } R_{1}\\ (\\texttt{10}).
    \\end{cases}
    """
    rows = region_rows(result.network, result.regions)
    name = "f" if result.network.output_dim == 1 else f"f_{{{output + 1}}}"
    variables = variable_names(result.network.input_dim)
    lines = []
    for k, row in enumerate(rows):
        expression = affine_latex(row.gradient[output], row.offset[output], variables, number=printer.latex)
        end = "." if k == len(rows) - 1 else ", \\\\"
        pattern = row.pattern_string or "-"
        lines.append(f"{expression} & \\text{{on }} R_{{{row.index}}}\\ (\\texttt{{{pattern}}}){end}")
    return f"{name}(\\mathbf{{x}}) = \\begin{{cases}}\n" + "\n".join(lines) + "\n\\end{cases}"
