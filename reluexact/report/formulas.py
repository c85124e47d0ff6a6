"""LaTeX formulas from exact numbers: fractions, affine forms, the network formula.

The building blocks of every printer in :mod:`reluexact.report` (the type
dispatcher :func:`reluexact.report.latex.to_latex` and the report sections use
them). Every number is printed exactly (``\\frac{p}{q}``) unless the caller
passes a ``number`` callable (a :class:`~reluexact.report.numbers.NumberPrinter`);
nothing here rounds.

Examples
--------
>>> from fractions import Fraction
>>> fraction_latex(Fraction(-3, 7))
'-\\\\frac{3}{7}'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reluexact.model import TwoLayerReLU
    from reluexact.report.numbers import NumberPrinter

__all__ = ["affine_latex", "fraction_latex", "join_signed", "network_latex", "variable_names", "vector_latex"]


def fraction_latex(value: Fraction) -> str:
    """Exact LaTeX for a rational: ``3``, ``-\\frac{3}{7}``.

    Examples
    --------
    >>> fraction_latex(Fraction(5))
    '5'
    >>> fraction_latex(Fraction(1, 2))
    '\\\\frac{1}{2}'
    """
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def vector_latex(values: Sequence[Fraction], printer: NumberPrinter) -> str:
    """``(v_1, ..., v_k)`` in math mode; a single value is printed bare; four or more may break after commas.

    Examples
    --------
    >>> from reluexact.report.numbers import NumberPrinter
    >>> vector_latex([Fraction(1, 2), Fraction(-3)], NumberPrinter("exact"))
    '\\\\left(\\\\frac{1}{2}, -3\\\\right)'
    """
    items = [printer.latex(Fraction(v)) for v in values]
    if len(items) == 1:
        return items[0]
    if len(items) > 3:  # long vectors may break across lines after a comma (\left...\right would not)
        return "(" + ", \\allowbreak ".join(items) + ")"
    return "\\left(" + ", ".join(items) + "\\right)"


def variable_names(d: int) -> list[str]:
    """The LaTeX names of the inputs: ``x`` when d = 1, else ``x_{1}, ..., x_{d}`` (numbered from 1).

    Examples
    --------
    >>> variable_names(1), variable_names(2)
    (['x'], ['x_{1}', 'x_{2}'])
    """
    return ["x"] if d == 1 else [f"x_{{{j + 1}}}" for j in range(d)]


def affine_latex(
    coefficients: Sequence[Fraction],
    constant: Fraction,
    variables: Sequence[str],
    *,
    number: Callable[[Fraction], str] | None = None,
) -> str:
    """Exact LaTeX of an affine form sum_j coefficients[j] * variables[j] + constant.

    Zero terms are dropped, unit coefficients are written without the 1, and an
    all-zero form prints as ``0``. ``number`` prints a non-negative rational
    (default :func:`fraction_latex`, exact); a report passes its
    :class:`~reluexact.report.numbers.NumberPrinter`.

    Examples
    --------
    >>> affine_latex([Fraction(1), Fraction(-2)], Fraction(3, 10), ["x_{1}", "x_{2}"])
    'x_{1} - 2 x_{2} + \\\\frac{3}{10}'
    """
    show = fraction_latex if number is None else number
    terms: list[tuple[bool, str]] = []
    for coefficient, variable in zip(coefficients, variables, strict=True):
        if coefficient == 0:
            continue
        magnitude = abs(coefficient)
        body = variable if magnitude == 1 else f"{show(magnitude)} {variable}"
        terms.append((coefficient < 0, body))
    if constant != 0 or not terms:
        terms.append((constant < 0, show(abs(constant))))
    return join_signed(terms)


def join_signed(terms: Sequence[tuple[bool, str]]) -> str:
    """Join ``(negative, body)`` terms with `` + `` / `` - `` (a leading ``-`` for a negative first term).

    Examples
    --------
    >>> join_signed([(False, "x"), (True, "2"), (False, "y")])
    'x - 2 + y'
    >>> join_signed([(True, "x")])
    '-x'
    """
    text = ""
    for index, (negative, body) in enumerate(terms):
        if index == 0:
            text = f"-{body}" if negative else body
        else:
            text += f" - {body}" if negative else f" + {body}"
    return text


def network_latex(
    net: TwoLayerReLU,
    *,
    function_name: str = "f",
    number: Callable[[Fraction], str] | None = None,
    terms_per_line: int | None = None,
    environment: str = "aligned",
) -> str:
    """Exact LaTeX formula of a network, one line per output (``aligned`` when m > 1).

    ``\\operatorname{relu}(t) = \\max(0, t)``. Units with a zero output weight are omitted.
    ``number`` prints non-negative rationals (default exact fractions). With
    ``terms_per_line`` the formula is an ``aligned`` block broken after that
    many terms per line (for wide networks; ``environment="align*"`` gives a
    display that may break across pages).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> print(network_latex(TwoLayerReLU([[1], [-2]], ["-1/2", 1], [[1, 3]], ["1/10"])))
    f(x) = \\operatorname{relu}\\left(x - \\frac{1}{2}\\right)
      + 3 \\operatorname{relu}\\left(-2 x + 1\\right) + \\frac{1}{10}
    """
    show = fraction_latex if number is None else number
    variables = variable_names(net.input_dim)
    argument = "x" if net.input_dim == 1 else r"\mathbf{x}"
    units = [
        r"\operatorname{relu}\left(" + affine_latex(row, bias, variables, number=number) + r"\right)"
        for row, bias in zip(net.W, net.b, strict=True)
    ]
    lines = []
    for k, (row, bias) in enumerate(zip(net.A, net.c, strict=True)):
        terms: list[tuple[bool, str]] = []
        for weight, unit in zip(row, units, strict=True):
            if weight == 0:
                continue
            magnitude = abs(weight)
            terms.append((weight < 0, unit if magnitude == 1 else f"{show(magnitude)} {unit}"))
        if bias != 0 or not terms:
            terms.append((bias < 0, show(abs(bias))))
        name = function_name if net.output_dim == 1 else f"{function_name}_{{{k + 1}}}"
        if terms_per_line is None:
            lines.append(f"{name}({argument}) = {join_signed(terms)}")
            continue
        chunks = [terms[start : start + terms_per_line] for start in range(0, len(terms), terms_per_line)]
        rendered = [join_signed(chunks[0])]
        for chunk in chunks[1:]:
            head = join_signed(chunk)
            rendered.append(head if head.startswith("-") else "+ " + head)
        lines.append(f"{name}({argument}) &= " + " \\\\\n&\\quad ".join(rendered))
    if terms_per_line is not None:
        return f"\\begin{{{environment}}}\n" + " \\\\\n".join(lines) + f"\n\\end{{{environment}}}"
    if len(lines) == 1:
        return lines[0]
    return "\\begin{aligned}\n" + " \\\\\n".join(line.replace(" = ", " &= ", 1) for line in lines) + "\n\\end{aligned}"
