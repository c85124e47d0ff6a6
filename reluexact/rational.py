"""Exact rational numbers: parsing, formatting and rationalisation of floats.

reluexact's public exact scalar is :class:`fractions.Fraction`. This module turns
whatever a user or a file supplies (ints, ``Fraction``, ``"p/q"`` strings,
decimal strings, sympy Rationals, numpy integers, and floats where a float is
explicitly allowed) into a ``Fraction``, and rationalises float weights in one of
four documented modes:

``lossless`` (default)
    the exact binary value of the float: ``Fraction(0.1) == 3602879701896397/2**55``.
    The exact network is then precisely the function the float weights define.
``tolerance``
    the simplest rational (smallest denominator) within an absolute tolerance.
``denominator``
    the closest rational with a bounded denominator (continued fractions).
``decimals``
    the float rounded to a fixed number of decimal places (half to even).

Examples
--------
>>> from fractions import Fraction
>>> to_fraction("-3/7")
Fraction(-3, 7)
>>> to_fraction("0.25")
Fraction(1, 4)
>>> rationalize(0.1) == Fraction(0.1)
True
>>> rationalize(0.1, Rationalization("tolerance", Fraction(1, 1000)))
Fraction(1, 10)
>>> format_fraction(Fraction(-6, 4))
'-3/2'
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal

from reluexact.errors import InvalidArgument, RationalParseError, ShapeError
from reluexact.limits import Limits, default_limits

__all__ = [
    "MAX_NUMERAL_LENGTH",
    "Rationalization",
    "RationalizationMode",
    "format_fraction",
    "format_vector",
    "int_from_text",
    "parse_point",
    "rationalize",
    "round_to_decimals",
    "simplest_rational_between",
    "to_fraction",
]

RationalizationMode = Literal["lossless", "tolerance", "denominator", "decimals"]
_MODES: tuple[str, ...] = ("lossless", "tolerance", "denominator", "decimals")

# "p", "p/q", decimals and scientific notation; surrounding spaces allowed.
_RATIONAL_RE = re.compile(r"^\s*[+-]?\d+\s*/\s*[+-]?\d+\s*$")
# an underscore must sit between two digits, as in Python's own literals (PEP 515): 1_000
_BAD_UNDERSCORE = re.compile(r"(?<!\d)_|_(?!\d)")
#: The longest numeral (in characters) the parsers read by default; longer ones are refused before
#: parsing (hostile input). The default of :attr:`reluexact.limits.Limits.max_numeral_length`.
MAX_NUMERAL_LENGTH = Limits().max_numeral_length
# CPython refuses int <-> str conversions beyond 4300 digits (sys.int_info); longer numerals
# (legal up to MAX_NUMERAL_LENGTH characters) go through FLINT's fmpz, which has no such limit.
_INT_STR_SAFE_DIGITS = 4_000


def _is_sympy_rational(value: Any) -> bool:
    return bool(getattr(value, "is_Rational", False)) and hasattr(value, "p") and hasattr(value, "q")


def to_fraction(
    value: Any, *, where: str = "value", allow_float: bool = False, limits: Limits | None = None
) -> Fraction:
    """Convert one number to an exact :class:`~fractions.Fraction`.

    Parameters
    ----------
    value : int, Fraction, str, sympy.Rational, numpy integer, or float
        Strings may be ``"p"``, ``"p/q"``, decimals (``"0.125"``) or scientific
        notation (``"1e-3"``); decimals are read exactly (``"0.1"`` is 1/10).
    where : str
        Where the number came from (``"W[2][0]"``, ``"file.json: b[1]"``); used in
        error messages.
    allow_float : bool
        Accept Python/numpy floats, rationalised losslessly (their exact binary
        value). Off by default so that an exact API never silently takes a float.

    Returns
    -------
    Fraction
        The exact value.

    Raises
    ------
    RationalParseError
        For NaN, infinities, zero denominators, booleans, unparsable strings, numerals
        over the limits, floats when ``allow_float`` is false, and any other type.

    Examples
    --------
    >>> to_fraction(3)
    Fraction(3, 1)
    >>> to_fraction(" 6/-4 ")
    Fraction(-3, 2)
    >>> to_fraction("1e-3")
    Fraction(1, 1000)
    >>> to_fraction(0.5, allow_float=True)
    Fraction(1, 2)
    >>> to_fraction("1/0", where="b[0]")
    Traceback (most recent call last):
    ...
    reluexact.errors.RationalParseError: b[0]: zero denominator in '1/0'
    """
    if isinstance(value, bool):
        raise RationalParseError(f"{where}: booleans are not numbers (got {value!r}); use 0 or 1")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        return _parse_string(value, where, limits or default_limits())
    if _is_sympy_rational(value):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, numbers.Integral):  # numpy integers and friends
        return Fraction(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise RationalParseError(f"{where}: {value!r} is not a finite number; weights must be finite")
        return Fraction(value)
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Rational):
        # the exact binary value of the float itself: numpy longdouble (float128) carries more
        # bits than a Python float, so it must not pass through float() (1 + 2**-60 would be 1)
        ratio = getattr(value, "as_integer_ratio", None)
        try:
            numerator, denominator = ratio() if callable(ratio) else float(value).as_integer_ratio()
        except (OverflowError, ValueError):  # inf, nan
            raise RationalParseError(f"{where}: {value} is not a finite number; weights must be finite") from None
        if not allow_float:
            raise RationalParseError(
                f"{where}: got the float {value} where an exact rational is required; "
                "pass a string such as '1/10', a Fraction, or rationalise floats explicitly "
                "(reluexact.rationalize_network / from_float_arrays)"
            )
        return Fraction(numerator, denominator)
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    raise RationalParseError(
        f"{where}: cannot read a number of type {type(value).__name__} ({_short(value)}); "
        "use an int, a Fraction, or a string such as '-3/7'"
    )


def _short(value: Any, limit: int = 40) -> str:
    try:
        text = repr(value)
    except Exception:  # a repr must never turn a clear error into a crash (e.g. huge ints)
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse_string(text: str, where: str, limits: Limits) -> Fraction:
    if len(text) > limits.max_numeral_length:
        raise RationalParseError(
            f"{where}: numeral of {len(text)} characters is too long (limit {limits.max_numeral_length}); to read it "
            f"pass limits=Limits(max_numeral_length={len(text)}) (command line: "
            f"RELUEXACT_LIMITS=max_numeral_length={len(text)})"
        )
    stripped = text.strip()
    if _RATIONAL_RE.match(stripped):
        numerator_text, denominator_text = stripped.split("/")
        numerator, denominator = int_from_text(numerator_text), int_from_text(denominator_text)
        if denominator == 0:
            raise RationalParseError(f"{where}: zero denominator in {text!r}")
        return Fraction(numerator, denominator)
    try:
        if _BAD_UNDERSCORE.search(stripped):  # Decimal reads '_1', '1_' and '1__0' (Python refuses them)
            raise ValueError(stripped)
        decimal = Decimal(stripped)
    except (InvalidOperation, ValueError):
        raise RationalParseError(
            f"{where}: cannot parse {_short(text)} as a rational; write it as 'p', 'p/q' or a decimal like '0.25'"
        ) from None
    if not decimal.is_finite():
        raise RationalParseError(f"{where}: {text.strip()!r} is not a finite number; weights must be finite")
    exponent = decimal.as_tuple().exponent
    if isinstance(exponent, int) and abs(exponent) > limits.max_exponent:
        raise RationalParseError(
            f"{where}: exponent of {_short(text)} is out of range (|exponent| <= {limits.max_exponent}); write the "
            "number as p/q, or raise max_exponent (limits=Limits(max_exponent=...), RELUEXACT_LIMITS=max_exponent=...)"
        )
    return Fraction(decimal)


def int_from_text(text: str) -> int:
    """The integer a decimal numeral (optional sign, surrounding spaces) denotes, of any length.

    Unlike ``int(text)``, not limited to 4300 digits (CPython's ``sys.int_info`` guard): longer
    numerals are read by FLINT. The caller bounds the length (see :data:`MAX_NUMERAL_LENGTH`).

    Examples
    --------
    >>> int_from_text(" -42 ")
    -42
    >>> int_from_text("7" * 5000) % 10**6
    777777
    """
    text = text.strip()
    if len(text) <= _INT_STR_SAFE_DIGITS:
        return int(text)
    import flint

    return int(flint.fmpz(text.lstrip("+")))


def _int_to_text(value: int) -> str:
    if value.bit_length() <= 3 * _INT_STR_SAFE_DIGITS:  # 3 bits < 1 digit: surely short enough
        return str(value)
    import flint

    return str(flint.fmpz(value))


def format_fraction(value: Fraction) -> str:
    """Format a rational as ``"p/q"``, or ``"p"`` when it is an integer.

    The inverse of :func:`to_fraction` on strings: ``to_fraction(format_fraction(q)) == q``.

    Examples
    --------
    >>> format_fraction(Fraction(7, 1))
    '7'
    >>> format_fraction(Fraction(-1, 3))
    '-1/3'
    """
    if value.denominator == 1:
        return _int_to_text(value.numerator)
    return f"{_int_to_text(value.numerator)}/{_int_to_text(value.denominator)}"


def format_vector(values: Sequence[Fraction]) -> str:
    """Format a vector of rationals: ``"p/q"`` for one entry, ``"(a, b, ...)"`` for several.

    The way 1-D code writes an m-output quantity (a slope, a jump) in text, so that a
    single-output network reads like the theory's scalars.

    Examples
    --------
    >>> format_vector((Fraction(1, 2),))
    '1/2'
    >>> format_vector((Fraction(1), Fraction(-2, 3)))
    '(1, -2/3)'
    """
    if len(values) == 1:
        return format_fraction(values[0])
    return "(" + ", ".join(format_fraction(v) for v in values) + ")"


def parse_point(text: str, *, dimension: int | None = None, where: str = "point") -> tuple[Fraction, ...]:
    """Parse a point written as comma-separated rationals, e.g. ``"1/2,-3"``.

    Parameters
    ----------
    text : str
        ``d`` coordinates joined by commas.
    dimension : int, optional
        The expected number of coordinates; a mismatch raises :class:`ShapeError`.
    where : str
        Used in error messages.

    Examples
    --------
    >>> parse_point("1/2,-3")
    (Fraction(1, 2), Fraction(-3, 1))
    >>> parse_point("1,2", dimension=3)
    Traceback (most recent call last):
    ...
    reluexact.errors.ShapeError: point '1,2' has 2 coordinates but the model has d = 3 inputs
    """
    parts = text.split(",")
    if not text.strip() or any(not part.strip() for part in parts):
        raise RationalParseError(f"{where}: {_short(text)} is not a comma-separated list of rationals like '1/2,-3'")
    point = tuple(
        to_fraction(part, where=f"{where} {_short(text)}, coordinate {k + 1}") for k, part in enumerate(parts)
    )
    if dimension is not None and len(point) != dimension:
        raise ShapeError(
            f"{where} {_short(text)} has {len(point)} coordinates but the model has d = {dimension} inputs"
        )
    return point


def simplest_rational_between(low: Fraction, high: Fraction) -> Fraction:
    """Return the rational with the smallest denominator in the closed interval [low, high].

    Among those, the one with the smallest absolute numerator. Computed exactly with
    continued fractions (the Stern-Brocot descent).

    Examples
    --------
    >>> simplest_rational_between(Fraction(33, 100), Fraction(34, 100))
    Fraction(1, 3)
    >>> simplest_rational_between(Fraction(-1, 2), Fraction(1, 3))
    Fraction(0, 1)
    """
    if low > high:
        raise InvalidArgument(f"empty interval [{low}, {high}]")
    if low <= 0 <= high:
        return Fraction(0)
    if high < 0:
        return -simplest_rational_between(-high, -low)
    return _simplest_positive(low, high)


def _simplest_positive(low: Fraction, high: Fraction) -> Fraction:
    # 0 < low <= high. Continued-fraction descent, iterative (a recursion would overflow the
    # stack on long expansions such as those of 53-bit floats with tiny tolerances).
    # Invariant: the answer is (p0 * y + p1) / (q0 * y + q1) for the simplest y in [low, high].
    p0, q0, p1, q1 = 1, 0, 0, 1
    while True:
        floor_low = low.numerator // low.denominator
        if floor_low == low:
            y_num, y_den = floor_low, 1
            break
        if floor_low + 1 <= high:
            y_num, y_den = floor_low + 1, 1
            break
        # both in (floor_low, floor_low + 1): y = floor_low + 1 / y' with y' in [1/(high-fl), 1/(low-fl)]
        p0, q0, p1, q1 = floor_low * p0 + p1, floor_low * q0 + q1, p0, q0
        low, high = 1 / (high - floor_low), 1 / (low - floor_low)
    return Fraction(p0 * y_num + p1 * y_den, q0 * y_num + q1 * y_den)


@dataclass(frozen=True, slots=True)
class Rationalization:
    """How to turn a float into a rational.

    Parameters
    ----------
    mode : {"lossless", "tolerance", "denominator", "decimals"}
        See the module docstring.
    parameter : Fraction or int, optional
        The tolerance (``tolerance``, a positive rational), the largest allowed
        denominator (``denominator``, a positive int) or the number of decimals
        (``decimals``, an int >= 0). ``lossless`` takes none.

    Examples
    --------
    >>> Rationalization.parse("denominator:1000")
    Rationalization(mode='denominator', parameter=1000)
    >>> str(Rationalization.parse("tolerance:1e-6"))
    'tolerance:1/1000000'
    """

    mode: str = "lossless"
    parameter: Fraction | int | None = None

    def __post_init__(self) -> None:
        if self.mode not in _MODES:
            raise InvalidArgument(f"unknown rationalisation mode {self.mode!r}; choose one of {', '.join(_MODES)}")
        if self.mode == "lossless":
            if self.parameter is not None:
                raise InvalidArgument("the lossless rationalisation takes no parameter")
        elif self.mode == "tolerance":
            tolerance = to_fraction(self.parameter if self.parameter is not None else "", where="tolerance")
            if tolerance <= 0:
                raise InvalidArgument(f"tolerance must be positive, got {tolerance}")
            object.__setattr__(self, "parameter", tolerance)
        else:
            value = self.parameter
            if isinstance(value, bool) or not isinstance(value, int):
                try:
                    exact = to_fraction(value if value is not None else "", where=self.mode)
                except RationalParseError:
                    raise InvalidArgument(f"{self.mode} needs an integer parameter, got {value!r}") from None
                if exact.denominator != 1:
                    raise InvalidArgument(f"{self.mode} needs an integer parameter, got {value!r}")
                value = int(exact)
            if self.mode == "denominator" and value < 1:
                raise InvalidArgument(f"the denominator bound must be >= 1, got {value}")
            if self.mode == "decimals" and not 0 <= value <= 400:
                raise InvalidArgument(f"decimals must be between 0 and 400, got {value}")
            object.__setattr__(self, "parameter", value)

    @classmethod
    def parse(cls, text: str) -> Rationalization:
        """Read ``"lossless"``, ``"tolerance:T"``, ``"denominator:Q"`` or ``"decimals:K"``.

        Examples
        --------
        >>> Rationalization.parse("tolerance:1/1000")
        Rationalization(mode='tolerance', parameter=Fraction(1, 1000))
        >>> Rationalization.parse(" lossless ")
        Rationalization(mode='lossless', parameter=None)
        >>> Rationalization.parse("lossless:2")
        Traceback (most recent call last):
        ...
        reluexact.errors.InvalidArgument: the lossless rationalisation takes no parameter (write 'lossless')
        """
        mode, _, parameter = text.strip().partition(":")
        if mode == "lossless":
            if parameter:
                raise InvalidArgument("the lossless rationalisation takes no parameter (write 'lossless')")
            return cls()
        if mode not in _MODES:
            raise InvalidArgument(
                f"unknown rationalisation {text!r}; use lossless, tolerance:T, denominator:Q or decimals:K"
            )
        if not parameter:
            raise InvalidArgument(f"{mode} needs a parameter, e.g. '{mode}:{_EXAMPLE[mode]}'")
        if mode == "tolerance":
            return cls(mode, to_fraction(parameter, where="tolerance"))
        try:
            return cls(mode, int(parameter))
        except ValueError:
            raise InvalidArgument(f"{mode} needs an integer parameter, got {parameter!r}") from None

    def __str__(self) -> str:
        if self.mode == "lossless":
            return "lossless"
        parameter = self.parameter
        text = format_fraction(parameter) if isinstance(parameter, Fraction) else str(parameter)
        return f"{self.mode}:{text}"


_EXAMPLE = {"tolerance": "1e-6", "denominator": "1000", "decimals": "4"}


def rationalize(value: Any, how: Rationalization | None = None, *, where: str = "value") -> Fraction:
    """Rationalise one float (or an exact number, which is returned unchanged in lossless mode).

    Parameters
    ----------
    value : float or any type :func:`to_fraction` reads
        Finite; NaN and infinities raise :class:`RationalParseError`.
    how : Rationalization, optional
        Defaults to lossless.
    where : str
        Used in error messages.

    Returns
    -------
    Fraction
        ``lossless``: exactly ``value``. ``tolerance``: the simplest rational q with
        ``|q - value| <= tolerance``. ``denominator``: the closest rational with
        denominator at most the bound. ``decimals``: ``value`` rounded half-to-even.

    Examples
    --------
    >>> rationalize(1 / 3, Rationalization("denominator", 10))
    Fraction(1, 3)
    >>> rationalize(2.675, Rationalization("decimals", 2))  # 2.675 is 2.67499999... in binary
    Fraction(267, 100)
    """
    how = how or Rationalization()
    exact = to_fraction(value, where=where, allow_float=True)
    if how.mode == "lossless":
        return exact
    parameter = how.parameter
    if how.mode == "tolerance":
        assert isinstance(parameter, Fraction)
        return simplest_rational_between(exact - parameter, exact + parameter)
    assert isinstance(parameter, int)
    if how.mode == "denominator":
        return exact.limit_denominator(parameter)
    return round_to_decimals(exact, parameter)


def round_to_decimals(value: Fraction, decimals: int) -> Fraction:
    """Round a rational to ``decimals`` decimal places, half to even, exactly.

    Examples
    --------
    >>> round_to_decimals(Fraction(5, 8), 2)
    Fraction(31, 50)
    >>> round_to_decimals(Fraction(-1, 3), 0)
    Fraction(0, 1)
    """
    scale = 10**decimals
    scaled = value * scale
    floor = scaled.numerator // scaled.denominator
    remainder = scaled - floor
    if remainder > Fraction(1, 2) or (remainder == Fraction(1, 2) and floor % 2 == 1):
        floor += 1
    return Fraction(floor, scale)
