"""Safe parsing of target expressions typed by users (CLI arguments, config files).

``sympy.sympify`` evaluates Python, so it must never see text from an untrusted
source. :func:`parse_expression` instead parses the text with :mod:`ast`, allows
only arithmetic, numbers, symbol names and a fixed list of functions and
constants, and builds the sympy expression itself. Decimal literals are read
exactly (``0.1`` is 1/10); ``^`` means power, as in sympy.

Examples
--------
>>> parse_expression("sin(2*pi*x)")
sin(2*pi*x)
>>> parse_expression("0.1*x^2")
x**2/10
>>> parse_expression("__import__('os')")
Traceback (most recent call last):
...
reluexact.errors.InvalidArgument: expression "__import__('os')": '__import__' is not an allowed function; ...
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from fractions import Fraction
from typing import Any

from reluexact.errors import InvalidArgument

__all__ = ["ALLOWED_FUNCTIONS", "parse_expression"]

#: Function names an expression may call, mapped to sympy's names.
ALLOWED_FUNCTIONS: dict[str, str] = {
    "Abs": "Abs",
    "abs": "Abs",
    "Heaviside": "Heaviside",
    "Max": "Max",
    "Min": "Min",
    "acos": "acos",
    "asin": "asin",
    "atan": "atan",
    "cos": "cos",
    "cosh": "cosh",
    "exp": "exp",
    "log": "log",
    "sign": "sign",
    "sin": "sin",
    "sinh": "sinh",
    "sqrt": "sqrt",
    "tan": "tan",
    "tanh": "tanh",
}
_CONSTANTS = {"pi": "pi", "E": "E", "e": "E"}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,31}$")
_MAX_LENGTH = 2_000
_MAX_NODES = 2_000
_MAX_POWER_BITS = 100_000  # a numeric power may not build an integer larger than this


def parse_expression(text: str, *, where: str = "expression") -> Any:
    """Parse ``text`` into a sympy expression without evaluating any Python.

    Parameters
    ----------
    text : str
        Arithmetic (``+ - * / ** ^``, parentheses, unary minus), integer and decimal
        literals (read exactly), symbol names (letters, digits, underscore; at most 32
        characters), the constants ``pi`` and ``E`` (``e``), and calls of the
        functions in :data:`ALLOWED_FUNCTIONS`.
    where : str
        Used in error messages.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    InvalidArgument
        Anything else: attribute access, subscripts, lambdas, strings, keyword
        arguments, unknown functions, over-long input, numeric powers that would
        build gigantic integers (``9**9**9``).

    Examples
    --------
    >>> parse_expression("exp(-8*x**2) + Abs(x - 1/2)")
    Abs(x - 1/2) + exp(-8*x**2)
    >>> parse_expression("9**9**9")
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: expression '9**9**9': the power 9**387420489 is too large to compute exactly
    """
    label = f"{where} {text[:60]!r}" if isinstance(text, str) else where
    if not isinstance(text, str):
        raise InvalidArgument(f"{where}: expected a string, got {type(text).__name__}")
    if len(text) > _MAX_LENGTH:
        raise InvalidArgument(f"{where}: {len(text)} characters is too long (limit {_MAX_LENGTH})")
    if not text.strip():
        raise InvalidArgument(f"{where}: the expression is empty")
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" and friends: we report our own error
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text.strip().replace("^", "**"), mode="eval")  # '^' is power, as in sympy
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise InvalidArgument(f"{label}: cannot read this as an expression (syntax error)") from None
    if sum(1 for _ in ast.walk(tree)) > _MAX_NODES:
        raise InvalidArgument(f"{label}: the expression has too many parts (limit {_MAX_NODES})")
    try:
        expr = _Builder(label).build(tree.body)
    except RecursionError:
        raise InvalidArgument(f"{label}: the expression is nested too deeply") from None
    import sympy

    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):  # found by atheris: 9*0**-1 is zoo
        raise InvalidArgument(f"{label}: the expression is not finite (a division by zero, 0**-k or an infinity)")
    return expr


class _Builder:
    def __init__(self, label: str) -> None:
        import sympy

        self.sympy = sympy
        self.label = label

    def fail(self, message: str) -> InvalidArgument:
        return InvalidArgument(f"{self.label}: {message}")

    def build(self, node: ast.AST) -> Any:
        sympy = self.sympy
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self.fail(f"{value!r} is not a number")
            if isinstance(value, float):
                if not math.isfinite(value):
                    raise self.fail("numbers must be finite")
                return sympy.Rational(repr(value))
            return sympy.Integer(value)
        if isinstance(node, ast.Name):
            name = node.id
            if name in _CONSTANTS:
                return getattr(sympy, _CONSTANTS[name])
            if name in ALLOWED_FUNCTIONS or not _NAME.match(name):
                raise self.fail(f"{name!r} cannot be used as a variable name")
            return sympy.Symbol(name)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand = self.build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            left, right = self.build(node.left), self.build(node.right)
            op = node.op
            if isinstance(op, ast.Add):
                return left + right
            if isinstance(op, ast.Sub):
                return left - right
            if isinstance(op, ast.Mult):
                return left * right
            if isinstance(op, ast.Div):
                if right == 0:
                    raise self.fail("division by zero")
                return left / right
            if isinstance(op, ast.Pow):
                self._check_power(left, right)
                return left**right
            raise self.fail(f"the operator {type(op).__name__} is not allowed")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in ALLOWED_FUNCTIONS:
                name = node.func.id if isinstance(node.func, ast.Name) else ast.dump(node.func)[:40]
                raise self.fail(f"{name!r} is not an allowed function; allowed: {', '.join(sorted(ALLOWED_FUNCTIONS))}")
            if node.keywords:
                raise self.fail("keyword arguments are not allowed")
            arguments = [self.build(argument) for argument in node.args]
            if not arguments:
                raise self.fail(f"{node.func.id}() needs an argument")
            try:
                return getattr(sympy, ALLOWED_FUNCTIONS[node.func.id])(*arguments)
            except TypeError:  # found by atheris: sin(2, pi*x) raised a raw TypeError
                raise self.fail(f"{node.func.id}() does not take {len(arguments)} arguments") from None
        raise self.fail(f"{type(node).__name__} is not allowed in an expression")

    def _check_power(self, base: Any, exponent: Any) -> None:
        if not (base.is_number and exponent.is_number):
            if exponent.is_Integer and abs(int(exponent)) > 10_000:
                raise self.fail(f"the exponent {exponent} is too large")
            return
        if exponent.is_Rational and base.is_Rational and base not in (0, 1, -1):
            if abs(int(exponent.p)).bit_length() > 64:  # int * float would overflow (found by atheris: 2**3**3**6)
                raise self.fail(
                    f"the power has an exponent of {abs(int(exponent.p)).bit_length()} bits, too large to "
                    "compute exactly"
                )
            magnitude = max(abs(base.p), abs(base.q))
            # exactly, then rounded: a huge denominator (found by atheris: x**(1/2**3**9)) overflows float division
            bits = float(abs(int(exponent.p)) * Fraction(math.log2(magnitude + 1)) / max(int(exponent.q), 1))
            if bits > _MAX_POWER_BITS:
                raise self.fail(f"the power {base}**{exponent} is too large to compute exactly")
        elif base not in (0, 1, -1):
            # a numeric power sympy keeps unevaluated (an irrational exponent or base): its size, from 15-digit
            # values of its parts (each already bounded when it was built); found by atheris, a tower such as
            # 10**419910**4**9**9**(-1/2**3**9) hung sympy's printer (evalf at a gigantic magnitude)
            try:
                size = abs(float(self.sympy.N(exponent, 15))) * math.log2(abs(float(self.sympy.N(base, 15))) + 2)
            except (TypeError, ValueError, OverflowError, ZeroDivisionError):
                size = math.inf
            if not size <= _MAX_POWER_BITS:
                raise self.fail("a power of numbers is too large to compute (or its size cannot be bounded)")
