"""LaTeX printers for exact values and networks.

Every number is printed exactly (``\\frac{p}{q}``); nothing here rounds.

Examples
--------
>>> from fractions import Fraction
>>> fraction_latex(Fraction(-3, 7))
'-\\\\frac{3}{7}'
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reluexact.model import TwoLayerReLU

__all__ = ["affine_latex", "fraction_latex", "network_latex"]


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


def _variable_names(d: int) -> list[str]:
    return ["x"] if d == 1 else [f"x_{{{j + 1}}}" for j in range(d)]


def affine_latex(coefficients: Sequence[Fraction], constant: Fraction, variables: Sequence[str]) -> str:
    """Exact LaTeX of an affine form sum_j coefficients[j] * variables[j] + constant.

    Zero terms are dropped, unit coefficients are written without the 1, and an
    all-zero form prints as ``0``.

    Examples
    --------
    >>> affine_latex([Fraction(1), Fraction(-2)], Fraction(3, 10), ["x_{1}", "x_{2}"])
    'x_{1} - 2 x_{2} + \\\\frac{3}{10}'
    """
    terms: list[tuple[bool, str]] = []
    for coefficient, variable in zip(coefficients, variables, strict=True):
        if coefficient == 0:
            continue
        magnitude = abs(coefficient)
        body = variable if magnitude == 1 else f"{fraction_latex(magnitude)} {variable}"
        terms.append((coefficient < 0, body))
    if constant != 0 or not terms:
        terms.append((constant < 0, fraction_latex(abs(constant))))
    return _join_signed(terms)


def _join_signed(terms: list[tuple[bool, str]]) -> str:
    text = ""
    for index, (negative, body) in enumerate(terms):
        if index == 0:
            text = f"-{body}" if negative else body
        else:
            text += f" - {body}" if negative else f" + {body}"
    return text


def network_latex(net: TwoLayerReLU, *, function_name: str = "f") -> str:
    """Exact LaTeX formula of a network, one line per output (``aligned`` when m > 1).

    ``\\operatorname{relu}(t) = \\max(0, t)``. Units with a zero output weight are omitted.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> print(network_latex(TwoLayerReLU([[1], [-2]], ["-1/2", 1], [[1, 3]], ["1/10"])))
    f(x) = \\operatorname{relu}\\left(x - \\frac{1}{2}\\right)
      + 3 \\operatorname{relu}\\left(-2 x + 1\\right) + \\frac{1}{10}
    """
    variables = _variable_names(net.input_dim)
    argument = "x" if net.input_dim == 1 else r"\mathbf{x}"
    units = [
        r"\operatorname{relu}\left(" + affine_latex(row, bias, variables) + r"\right)"
        for row, bias in zip(net.W, net.b, strict=True)
    ]
    lines = []
    for k, (row, bias) in enumerate(zip(net.A, net.c, strict=True)):
        terms: list[tuple[bool, str]] = []
        for weight, unit in zip(row, units, strict=True):
            if weight == 0:
                continue
            magnitude = abs(weight)
            terms.append((weight < 0, unit if magnitude == 1 else f"{fraction_latex(magnitude)} {unit}"))
        if bias != 0 or not terms:
            terms.append((bias < 0, fraction_latex(abs(bias))))
        name = function_name if net.output_dim == 1 else f"{function_name}_{{{k + 1}}}"
        lines.append(f"{name}({argument}) = {_join_signed(terms)}")
    if len(lines) == 1:
        return lines[0]
    return "\\begin{aligned}\n" + " \\\\\n".join(line.replace(" = ", " &= ", 1) for line in lines) + "\n\\end{aligned}"
