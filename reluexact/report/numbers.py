"""How a report prints rationals: exactly, or as decimals with the exact values kept.

Lossless rationalisation of trained float weights gives denominators such as
2^52, and a table of 17-digit fractions helps nobody. A :class:`NumberFormat`
chooses between

``exact``
    every number as an exact fraction ``\\frac{p}{q}``;
``decimal:K``
    numbers that are not exactly a short decimal are rounded to K significant
    digits and tagged with a reference ``[j]``; the appendix *Exact values* lists
    the exact rational of every tag, so nothing is lost;
``rounded:K``
    rounded to K significant digits without the appendix (the document says
    the values are rounded and that the exact ones are in the model file);
``auto``
    exact when the fraction is short (numerator and denominator of at most
    :data:`AUTO_MAX_DIGITS` digits each), otherwise like ``decimal:6``;
``readable:K``
    every number as a decimal with K significant digits (exact when the decimal
    shown is exact), without tags: one form in every table column. A report in
    this format attaches the exact value of every number as a data file
    (:mod:`reluexact.report.attachments`). Reports choose it by default for
    networks with long weights (:func:`default_number_format`).

A :class:`NumberPrinter` applies a format and collects the appendix; every
report states the format it used (:meth:`NumberFormat.describe`).

Examples
--------
>>> from fractions import Fraction
>>> printer = NumberPrinter(NumberFormat.parse("decimal:3"))
>>> printer.latex(Fraction(1, 4)), printer.latex(Fraction(1, 3))
('0.25', '{0.333}^{[1]}')
>>> printer.exact_values
((1, Fraction(1, 3)),)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from reluexact.errors import InvalidArgument
from reluexact.report.formulas import fraction_latex

__all__ = [
    "AUTO_MAX_DIGITS",
    "READABLE_DIGITS",
    "SHORT_WEIGHT_DIGITS",
    "NumberFormat",
    "NumberPrinter",
    "decimal_string",
    "default_number_format",
    "round_significant",
]

#: In ``auto`` mode a fraction is printed exactly when numerator and denominator have at most this many digits.
AUTO_MAX_DIGITS = 8
_AUTO_DIGITS = 6
_MODES = ("exact", "decimal", "rounded", "auto", "readable")
#: Significant digits of the ``readable`` format reports use by default.
READABLE_DIGITS = 4
#: Reports print a network exactly by default when every weight has a numerator and a denominator of at most
#: this many digits (theory.md's worked examples); otherwise in ``readable:4``.
SHORT_WEIGHT_DIGITS = 4


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """A way to print rationals in a report (see the module docstring).

    Parameters
    ----------
    mode : {"exact", "decimal", "rounded", "auto"}
    digits : int
        Significant digits for ``decimal``/``rounded`` (and for the long numbers in ``auto``).

    Examples
    --------
    >>> NumberFormat.parse("decimal:4")
    NumberFormat(mode='decimal', digits=4)
    >>> str(NumberFormat.parse("exact"))
    'exact'
    """

    mode: str = "auto"
    digits: int = _AUTO_DIGITS

    def __post_init__(self) -> None:
        if self.mode not in _MODES:
            raise InvalidArgument(f"number format: unknown mode {self.mode!r}; use one of {', '.join(_MODES)}")
        if not isinstance(self.digits, int) or isinstance(self.digits, bool) or not 1 <= self.digits <= 60:
            raise InvalidArgument(f"number format: digits must be an integer from 1 to 60, got {self.digits!r}")

    @classmethod
    def parse(cls, text: str | NumberFormat | None) -> NumberFormat:
        """Read ``exact``, ``auto``, ``decimal:K`` or ``rounded:K`` (``None`` gives ``auto``).

        Examples
        --------
        >>> NumberFormat.parse("rounded:2").digits
        2
        >>> NumberFormat.parse("decimal")
        NumberFormat(mode='decimal', digits=6)
        >>> NumberFormat.parse("fancy")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        reluexact.errors.InvalidArgument: number format: cannot read 'fancy'; use exact, auto, decimal:K, ...
        """
        if text is None:
            return cls()
        if isinstance(text, NumberFormat):
            return text
        mode, _, digits = str(text).strip().lower().partition(":")
        if mode not in _MODES or (digits and mode == "exact"):
            raise InvalidArgument(
                f"number format: cannot read {text!r}; use exact, auto, decimal:K, rounded:K or readable:K"
            )
        if not digits:
            return cls(mode, _AUTO_DIGITS)
        try:
            k = int(digits)
        except ValueError:
            raise InvalidArgument(f"number format: digits in {text!r} must be an integer") from None
        return cls(mode, k)

    def __str__(self) -> str:
        return self.mode if self.mode == "exact" else f"{self.mode}:{self.digits}"

    def describe(self, *, tagged: bool = True) -> str:
        """One LaTeX sentence that tells the reader how numbers are printed.

        ``tagged=False`` says that no number needed rounding (there is then no appendix).

        Examples
        --------
        >>> NumberFormat("exact").describe()
        'All numbers are printed as exact fractions.'
        """
        if self.mode == "exact":
            return "All numbers are printed as exact fractions."
        if self.mode in ("decimal", "auto") and not tagged:
            return (
                f"Numbers are printed as exact fractions or exact decimals (format \\texttt{{{self}}}); "
                f"none needed rounding."
            )
        if self.mode == "decimal":
            return (
                f"Numbers are printed as decimals. A number that is not exactly the decimal shown is rounded to "
                f"{self.digits} significant digits and tagged $^{{[j]}}$; Appendix~\\ref{{app:exact}} lists the "
                f"exact rational value of every tag."
            )
        if self.mode == "readable":
            return (
                f"Numbers are printed as decimals with {self.digits} significant digits (rounded unless the "
                f"decimal shown is exact). The exact rational value of every number is in the data file "
                f"attached to this PDF (Section~\\ref{{sec:data}})."
            )
        if self.mode == "rounded":
            return (
                f"Numbers are rounded to {self.digits} significant digits for reading (marked $\\approx$ where "
                f"rounding changed them); they are \\emph{{not}} exact here. The exact rationals are in the "
                f"model file and in the JSON export."
            )
        return (
            f"Numbers are printed as exact fractions when numerator and denominator have at most "
            f"{AUTO_MAX_DIGITS} digits each; longer ones are rounded to {self.digits} significant digits and "
            f"tagged $^{{[j]}}$, and Appendix~\\ref{{app:exact}} lists the exact rational value of every tag."
        )


def round_significant(value: Fraction, digits: int) -> Fraction:
    """Round a rational to ``digits`` significant decimal digits, exactly (ties to even).

    Examples
    --------
    >>> round_significant(Fraction(2, 3), 3)
    Fraction(667, 1000)
    >>> round_significant(Fraction(-123456), 2)
    Fraction(-120000, 1)
    >>> round_significant(Fraction(0), 3)
    Fraction(0, 1)
    """
    if value == 0:
        return Fraction(0)
    exponent = _decimal_exponent(abs(value))  # 10**exponent <= |value| < 10**(exponent+1)
    scale = Fraction(10) ** (digits - 1 - exponent)
    return Fraction(round(value * scale)) / scale


def _decimal_exponent(magnitude: Fraction) -> int:
    exponent = len(str(magnitude.numerator)) - len(str(magnitude.denominator))
    while Fraction(10) ** exponent > magnitude:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= magnitude:
        exponent += 1
    return exponent


def _terminating_digits(value: Fraction) -> int | None:
    """Number of decimals after the point if ``value`` is a terminating decimal, else None."""
    q = value.denominator
    twos = fives = 0
    while q % 2 == 0:
        q //= 2
        twos += 1
    while q % 5 == 0:
        q //= 5
        fives += 1
    return max(twos, fives) if q == 1 else None


def decimal_string(value: Fraction) -> str:
    """The exact decimal expansion of a terminating decimal, scientific notation beyond 1e±6.

    Raises InvalidArgument when ``value`` is not a terminating decimal (for example 1/3).

    Examples
    --------
    >>> decimal_string(Fraction(-5, 4))
    '-1.25'
    >>> decimal_string(Fraction(12, 10**9))
    '1.2e-8'
    """
    places = _terminating_digits(value)
    if places is None:
        raise InvalidArgument(f"{value} is not a terminating decimal")
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if magnitude != 0 and not Fraction(1, 10**6) <= magnitude < 10**7:
        exponent = _decimal_exponent(magnitude)
        mantissa = magnitude / Fraction(10) ** exponent
        return f"{sign}{decimal_string(mantissa)}e{exponent}"
    scaled = magnitude.numerator * (10**places // magnitude.denominator)
    digits = str(scaled).rjust(places + 1, "0")
    whole, fraction = digits[: len(digits) - places], digits[len(digits) - places :]
    fraction = fraction.rstrip("0")
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def _decimal_latex(text: str) -> str:
    mantissa, _, exponent = text.partition("e")
    return mantissa if not exponent else f"{mantissa} \\cdot 10^{{{exponent}}}"


def _is_short(value: Fraction) -> bool:
    return len(str(abs(value.numerator))) <= AUTO_MAX_DIGITS and len(str(value.denominator)) <= AUTO_MAX_DIGITS


class NumberPrinter:
    """Prints rationals in one :class:`NumberFormat` and remembers the exact values behind tags.

    One printer per document: tags ``[1], [2], ...`` are numbered in order of
    first use, and the same rational always gets the same tag.

    Examples
    --------
    >>> printer = NumberPrinter(NumberFormat("auto"))
    >>> printer.latex(Fraction(-3, 7))
    '-\\\\frac{3}{7}'
    >>> printer.latex(Fraction(1, 3 * 2**52))
    '{7.40149 \\\\cdot 10^{-17}}^{[1]}'
    """

    def __init__(self, number_format: NumberFormat | str | None = None) -> None:
        self.number_format = NumberFormat.parse(number_format)
        self._tags: dict[Fraction, int] = {}

    def __repr__(self) -> str:
        return f"NumberPrinter({str(self.number_format)!r}, tags={len(self._tags)})"

    @property
    def exact_values(self) -> tuple[tuple[int, Fraction], ...]:
        """``(tag, exact value)`` for every tag handed out, in tag order.

        Examples
        --------
        >>> from fractions import Fraction
        >>> printer = NumberPrinter("decimal:3")
        >>> printer.latex(Fraction(2, 3)), printer.latex(Fraction(1, 3))
        ('{0.667}^{[1]}', '{0.333}^{[2]}')
        >>> printer.exact_values
        ((1, Fraction(2, 3)), (2, Fraction(1, 3)))
        """
        return tuple(sorted(((tag, value) for value, tag in self._tags.items()), key=lambda item: item[0]))

    def tag(self, value: Fraction) -> int:
        """The tag number of ``value`` (a new one on first use).

        Examples
        --------
        >>> from fractions import Fraction
        >>> printer = NumberPrinter("decimal:3")
        >>> printer.tag(Fraction(1, 3)), printer.tag(Fraction(5)), printer.tag(Fraction(1, 3))
        (1, 2, 1)
        """
        if value not in self._tags:
            self._tags[value] = len(self._tags) + 1
        return self._tags[value]

    def latex(self, value: Fraction) -> str:
        """Math-mode LaTeX for ``value`` in this printer's format.

        Examples
        --------
        >>> from fractions import Fraction
        >>> NumberPrinter("exact").latex(Fraction(-1, 3)), NumberPrinter("rounded:3").latex(Fraction(-1, 3))
        ('-\\\\frac{1}{3}', '\\\\approx -0.333')
        >>> NumberPrinter("decimal:3").latex(Fraction(1, 4))  # a short decimal is exact as printed: no tag
        '0.25'
        """
        value = Fraction(value)
        fmt = self.number_format
        if fmt.mode == "exact" or (fmt.mode == "auto" and _is_short(value)):
            return fraction_latex(value)
        places = _terminating_digits(value)
        if places is not None and len(str(abs(value.numerator * 10**places // value.denominator))) <= fmt.digits:
            return _decimal_latex(decimal_string(value))  # already a short decimal: exact as printed
        rounded = round_significant(value, fmt.digits)
        text = _decimal_latex(decimal_string(rounded))
        if fmt.mode == "readable":
            return text
        if fmt.mode == "rounded":
            return "\\approx " + text if not text.startswith("-") else "\\approx -" + text[1:]
        return f"{{{text}}}^{{[{self.tag(value)}]}}"

    def appendix_latex(self) -> str:
        """The *Exact values* appendix (empty string when nothing was tagged).

        Examples
        --------
        >>> from fractions import Fraction
        >>> printer = NumberPrinter("decimal:3")
        >>> printer.appendix_latex()
        ''
        >>> _ = printer.latex(Fraction(1, 3))
        >>> printer.appendix_latex().splitlines()[0]
        '\\\\section{Exact values}\\\\label{app:exact}'
        """
        if not self._tags:
            return ""
        rows = "\n".join(f"{{}}[{tag}] & {_breakable_fraction(value)} \\\\" for tag, value in self.exact_values)
        return (
            "\\section{Exact values}\\label{app:exact}\n"
            "Each tagged decimal in the text is rounded; its exact rational value is listed here.\n\n"
            "\\begin{longtable}{@{}r>{\\raggedright\\arraybackslash}p{0.85\\textwidth}@{}}\n"
            "\\toprule tag & exact value \\\\ \\midrule\n\\endhead\n" + rows + "\n\\bottomrule\n\\end{longtable}\n"
        )


def _breakable_fraction(value: Fraction, *, group: int = 8) -> str:
    """``p/q`` in typewriter digits that may break between groups of ``group`` digits (no overfull lines).

    Examples
    --------
    >>> _breakable_fraction(Fraction(-1, 3))
    '\\\\texttt{-1/3}'
    """
    text = str(value)
    pieces = [text[k : k + group] for k in range(0, len(text), group)]
    return "\\texttt{" + "\\allowbreak{}".join(pieces) + "}"


def default_number_format(values: Iterable[Fraction]) -> NumberFormat:
    """``exact`` when every value is short (at most :data:`SHORT_WEIGHT_DIGITS` digits above and below), else
    ``readable:`` :data:`READABLE_DIGITS`: how a report prints a network whose weights are ``values``.

    Examples
    --------
    >>> str(default_number_format([Fraction(3, 10), Fraction(-7)]))
    'exact'
    >>> str(default_number_format([Fraction(16031379, 16777216)]))
    'readable:4'
    """
    limit = 10**SHORT_WEIGHT_DIGITS
    if all(abs(v.numerator) < limit and v.denominator < limit for v in values):
        return NumberFormat("exact")
    return NumberFormat("readable", READABLE_DIGITS)
