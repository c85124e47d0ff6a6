"""The exception hierarchy of reluexact.

Every error reluexact raises on purpose is a :class:`ReluexactError`. Each
subclass also derives from the built-in exception a caller would naturally
catch (``ValueError`` for bad input, ``ImportError`` for a missing extra), so
``except ValueError`` keeps working for code that does not know reluexact.

Messages say what was wrong, where (key, row, column, file) and what to do.
The command-line interface catches :class:`ReluexactError` alone, prints its
message on one line and exits with status 2; anything else is a bug.

Examples
--------
>>> from reluexact.errors import ReluexactError, RationalParseError
>>> issubclass(RationalParseError, ValueError)
True
>>> try:
...     raise RationalParseError("b[2]: cannot parse 'abc' as a rational")
... except ReluexactError as error:
...     print(error)
b[2]: cannot parse 'abc' as a rational
"""

from __future__ import annotations

__all__ = [
    "BudgetExceeded",
    "CertificateError",
    "CertificationError",
    "DomainError",
    "InvalidArgument",
    "MissingDependencyError",
    "ModelFormatError",
    "RationalParseError",
    "ReluexactError",
    "ShapeError",
    "TeXError",
    "UnsupportedModelError",
]


class ReluexactError(Exception):
    """Root of every error reluexact raises deliberately."""


class InvalidArgument(ReluexactError, ValueError):
    """An argument has the wrong value (a bad option, an out-of-range parameter)."""


class RationalParseError(InvalidArgument):
    """A number could not be read as an exact rational (NaN, inf, ``1/0``, ``abc``)."""


class ShapeError(InvalidArgument):
    """Arrays or points have inconsistent shapes (for example W is n x d but b has n + 1 entries)."""


class DomainError(InvalidArgument):
    """A domain (interval, box, polytope) is empty, lower-dimensional or malformed."""


class ModelFormatError(ReluexactError, ValueError):
    """A model file or mapping is not in a format reluexact reads (wrong keys, format, version)."""


class UnsupportedModelError(ReluexactError, ValueError):
    """A model object is well formed but not a one-hidden-layer ReLU network."""


class MissingDependencyError(ReluexactError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


class BudgetExceeded(ReluexactError):
    """A computation hit its budget (``max_regions``, ``time_limit``) where no partial result fits."""


class CertificationError(ReluexactError, ArithmeticError):
    """An exact certificate failed: a float candidate did not survive the rational check.

    reluexact never returns an uncertified result under an exact name; it raises this instead.
    Seeing it is a bug report worth filing, with the model attached.
    """


class CertificateError(ReluexactError, ValueError):
    """A saved certificate document does not hold: malformed, or a claim in it is false.

    Raised by :mod:`reluexact.check`; the message names the first claim that fails.
    """


class TeXError(ReluexactError, RuntimeError):
    """A TeX engine is missing, timed out or failed to compile a report."""
