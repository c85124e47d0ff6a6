"""Domains: where a user cares about f. One type per kind, one parser for all of reluexact.

A domain D is all of R^d (:class:`Whole`), a box (:class:`Box`; a 1-D box is an
interval), or a polytope ``{x : A x + b >= 0}`` (:class:`Polytope`). Every public
function that takes ``domain=`` (and every CLI option ``--domain``/``--box``) reads it
with :func:`as_domain`, which accepts:

=============================  ==============================================
``None``                       all of R^d
``"lo,hi"``                    the same interval for every input (broadcast)
``"lo,hi;lo,hi;..."``          one interval per input (d of them)
``(lo, hi)``                   an interval, for d = 1 only
``[(lo, hi), ...]``            one pair per input (a d x 2 array too)
``(A, b)`` or ``{"A", "b"}``   the polytope A x + b >= 0
a Box, Polytope or Whole       itself (its dimension must be d)
=============================  ==============================================

Bounds are rationals: ints, ``Fraction``, ``"p/q"`` or decimal strings (read exactly),
or floats (read at their exact binary value). Every domain has an interior point
(boxes need lo < hi on every side; a polytope is checked by an exact LP), so regions,
orders and pieces are defined on it. Everything here is exact.

People-facing text numbers inputs from 1 (x_1, ..., x_d), as theory.md does; Python
indices and the side labels (``"box:0:lo"``) are 0-based.

Examples
--------
>>> as_domain("0,1", 3)
box[0,1;0,1;0,1]
>>> as_domain((0, "1/2"), 1).bounds
((Fraction(0, 1), Fraction(1, 2)),)
>>> as_domain(None, 2)
R^2
>>> as_domain(([[1, 0], [0, 1], [-1, -1]], [0, 0, 1]), 2)  # the triangle x, y >= 0, x + y <= 1
Polytope(d=2, sides=3)
>>> as_domain("0,1;0,1", 3)
Traceback (most recent call last):
...
reluexact.errors.ShapeError: domain has 2 sides (lo,hi pairs) but the network has d = 3 inputs; give 3 pairs, ...
"""

from __future__ import annotations

import decimal
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

from reluexact.errors import DomainError, InvalidArgument, ShapeError
from reluexact.rational import format_fraction, to_fraction

__all__ = [
    "Box",
    "Domain",
    "DomainLike",
    "Halfspace",
    "Polytope",
    "Whole",
    "as_box",
    "as_domain",
    "as_interval",
    "contains",
    "halfspaces",
    "is_bounded",
]

Pair = tuple[Fraction, Fraction]

_FORMS = (
    "None (all of R^d), 'lo,hi' (every input), 'lo,hi;lo,hi' (one pair per input), (lo, hi) for d = 1, "
    "[(lo, hi), ...], (A, b) for the polytope A x + b >= 0, or a Box, Polytope or Whole"
)


@dataclass(frozen=True, slots=True)
class Whole:
    """All of R^d.

    Examples
    --------
    >>> Whole(2)
    R^2
    """

    dimension: int

    def __post_init__(self) -> None:
        if isinstance(self.dimension, bool) or not isinstance(self.dimension, int) or self.dimension < 1:
            raise ShapeError(f"a domain needs a dimension d >= 1, got {self.dimension!r}")

    def __repr__(self) -> str:
        return f"R^{self.dimension}"


@dataclass(frozen=True, slots=True, init=False)
class Box:
    """The closed box prod_k [lo_k, hi_k] with lo_k < hi_k exact rationals; d = 1 is an interval.

    Parameters
    ----------
    bounds : sequence of d pairs (lo, hi)

    Examples
    --------
    >>> box = Box([(0, 1), ("-1/2", "1/2")])
    >>> box, box.dimension, box.lows
    (box[0,1;-1/2,1/2], 2, (Fraction(0, 1), Fraction(-1, 2)))
    >>> Box([(0, 2)]).low, Box([(0, 2)]).high
    (Fraction(0, 1), Fraction(2, 1))
    >>> Box([("-1e-320", "1e-320")])  # a repr stays short; the bounds stay exact
    box[~-1e-320,~1e-320]
    """

    bounds: tuple[Pair, ...]

    def __init__(self, bounds: Any) -> None:
        object.__setattr__(self, "bounds", _read_pairs(list(bounds), where="domain"))

    @property
    def dimension(self) -> int:
        """The number d of inputs.

        Examples
        --------
        >>> Box([(0, 1), ("-1/2", 2)]).dimension
        2
        """
        return len(self.bounds)

    @property
    def lows(self) -> tuple[Fraction, ...]:
        """The lower bounds lo_1, ..., lo_d.

        Examples
        --------
        >>> Box([(0, 1), ("-1/2", 2)]).lows
        (Fraction(0, 1), Fraction(-1, 2))
        """
        return tuple(lo for lo, _ in self.bounds)

    @property
    def highs(self) -> tuple[Fraction, ...]:
        """The upper bounds hi_1, ..., hi_d.

        Examples
        --------
        >>> Box([(0, 1), ("-1/2", 2)]).highs
        (Fraction(1, 1), Fraction(2, 1))
        """
        return tuple(hi for _, hi in self.bounds)

    @property
    def low(self) -> Fraction:
        """The left end alpha of a 1-D box (an interval [alpha, beta]).

        Examples
        --------
        >>> Box([(0, "1/3")]).low
        Fraction(0, 1)
        """
        return self._interval()[0]

    @property
    def high(self) -> Fraction:
        """The right end beta of a 1-D box (an interval [alpha, beta]).

        Examples
        --------
        >>> Box([(0, "1/3")]).high
        Fraction(1, 3)
        >>> Box([(0, 1), (0, 1)]).high
        Traceback (most recent call last):
        ...
        reluexact.errors.ShapeError: low/high are for a 1-D box (an interval); this box has d = 2
        """
        return self._interval()[1]

    @property
    def center(self) -> tuple[Fraction, ...]:
        """The centre, an exact interior point.

        Examples
        --------
        >>> Box([(0, 1), ("-1/2", 2)]).center
        (Fraction(1, 2), Fraction(3, 4))
        """
        return tuple((lo + hi) / 2 for lo, hi in self.bounds)

    def _interval(self) -> Pair:
        if len(self.bounds) != 1:
            raise ShapeError(f"low/high are for a 1-D box (an interval); this box has d = {len(self.bounds)}")
        return self.bounds[0]

    def __repr__(self) -> str:
        # short and never fails: long numerals (1e-320 has 321 digits) are elided; `bounds` has them exactly
        return "box[" + ";".join(f"{_short_number(lo)},{_short_number(hi)}" for lo, hi in self.bounds) + "]"


@dataclass(frozen=True, slots=True, init=False)
class Polytope:
    """The closed polyhedron ``{x : A x + b >= 0}`` in R^d, with an interior point (checked exactly).

    Parameters
    ----------
    A : m x d rationals
    b : m rationals
    labels : optional m names for the sides (default ``"side:k"``, k from 0)
    dimension : int, optional
        Needed only when A has no rows.

    Examples
    --------
    >>> Polytope([[1, 0], [0, 1], [-1, -1]], [0, 0, 1])
    Polytope(d=2, sides=3)
    >>> Polytope([[1, 0], [-1, 0], [0, 1]], [0, 0, 0])
    Traceback (most recent call last):
    ...
    reluexact.errors.DomainError: the domain has no interior point (it is empty or lower-dimensional): ...
    """

    A: tuple[tuple[Fraction, ...], ...]
    b: tuple[Fraction, ...]
    labels: tuple[str, ...]
    dimension: int

    def __init__(self, A: Any, b: Any, labels: Any = None, *, dimension: int | None = None) -> None:
        A = _as_list(A, "polytope A")
        b = _as_list(b, "polytope b")
        rows = []
        for i, row in enumerate(A):
            if not _is_sequence(row):
                raise ShapeError(f"polytope: A[{i}] must be a sequence of d numbers, got {_short(row)}")
            rows.append(
                tuple(to_fraction(v, where=f"polytope A[{i}][{j}]", allow_float=True) for j, v in enumerate(row))
            )
        rhs = tuple(to_fraction(v, where=f"polytope b[{i}]", allow_float=True) for i, v in enumerate(b))
        if len(rows) != len(rhs):
            raise ShapeError(f"polytope: A has {len(rows)} rows but b has {len(rhs)} entries; give one b per row")
        widths = {len(r) for r in rows}
        if len(widths) > 1:
            raise ShapeError(f"polytope: the rows of A have different lengths {sorted(widths)}")
        d = widths.pop() if widths else dimension
        if d is None:
            raise ShapeError("polytope: A has no rows, so give its dimension (or use None for all of R^d)")
        if dimension is not None and d != dimension:
            raise ShapeError(f"polytope: A has {d} columns but dimension={dimension}")
        if d < 1:
            raise ShapeError("polytope: A needs at least one column (d >= 1)")
        names = tuple(f"side:{k}" for k in range(len(rows))) if labels is None else tuple(str(x) for x in labels)
        if len(names) != len(rows):
            raise ShapeError(f"polytope: {len(names)} labels for {len(rows)} sides")
        object.__setattr__(self, "A", tuple(rows))
        object.__setattr__(self, "b", rhs)
        object.__setattr__(self, "labels", names)
        object.__setattr__(self, "dimension", d)
        _require_interior(halfspaces(self))

    def __repr__(self) -> str:
        return f"Polytope(d={self.dimension}, sides={len(self.A)})"


Domain: TypeAlias = Whole | Box | Polytope
"""A parsed domain."""

DomainLike: TypeAlias = Domain | str | Sequence[Any] | Mapping[str, Any] | None
"""Anything :func:`as_domain` reads (also a numpy array of d pairs)."""


@dataclass(frozen=True, slots=True)
class Halfspace:
    """One side ``normal . x + offset >= 0`` of a domain, as a primitive integer row.

    ``label`` names it: ``"box:k:lo"`` / ``"box:k:hi"`` (k from 0) or the polytope's label.
    """

    normal: tuple[int, ...]
    offset: int
    label: str


def as_domain(value: Any, d: int | None, *, where: str = "domain", irrational: bool = False) -> Domain:
    """Read a domain for a network with d inputs (the one parser of reluexact; see the module table).

    Parameters
    ----------
    value : DomainLike
    d : int or None
        The network's input dimension. ``None`` only where no network fixes it (sampling a
        target): d is then the number of sides the value states, and a single ``"lo,hi"``
        or ``(lo, hi)`` is 1-D.
    where : str
        The name used in error messages (``"--box"``, ``"domain"``).
    irrational : bool
        Accept bound expressions such as ``"2*pi"`` (parsed safely), replaced by their
        nearest float's exact value. For sampling domains (training); off elsewhere.

    Returns
    -------
    Whole, Box or Polytope

    Raises
    ------
    DomainError
        For a malformed, empty or lower-dimensional domain.
    ShapeError
        When its dimension is not d.

    Examples
    --------
    >>> as_domain("-1,1;0,2", 2)
    box[-1,1;0,2]
    >>> as_domain([(0, 1)], 1) == as_domain((0, 1), 1) == as_domain("0,1", 1)
    True
    >>> as_domain("0,1;0,2", None).dimension
    2
    >>> as_domain((0, 1), 2)
    Traceback (most recent call last):
    ...
    reluexact.errors.DomainError: domain: a pair (lo, hi) is an interval, a domain for d = 1 only; for d = 2 give ...
    """
    if d is not None and (isinstance(d, bool) or not isinstance(d, int) or d < 1):
        raise ShapeError(f"{where}: the input dimension must be an int d >= 1, got {_short(d)}")
    if value is None:
        if d is None:
            raise DomainError(f"{where}: None means all of R^d, but nothing fixes d here; give a box [(lo, hi), ...]")
        return Whole(d)
    if isinstance(value, (Whole, Box, Polytope)):
        if d is not None and value.dimension != d:
            raise ShapeError(f"{where} has dimension {value.dimension} but the network has d = {d} inputs")
        return value
    if isinstance(value, str):
        return _from_string(value, d, where, irrational)
    if isinstance(value, Mapping):
        if "A" in value and "b" in value:
            return _polytope(value["A"], value["b"], value.get("labels"), d, where)
        raise DomainError(
            f"{where}: a mapping must have keys 'A' and 'b' (the polytope A x + b >= 0), got {sorted(value)}"
        )
    if hasattr(value, "A") and hasattr(value, "b") and not _is_sequence(value):
        return _polytope(value.A, value.b, getattr(value, "labels", None), d, where)
    if hasattr(value, "tolist") and not _is_scalar(value):
        value = value.tolist()  # numpy arrays
    if not _is_sequence(value):
        raise DomainError(f"{where} must be {_FORMS}; got {_short(value)}")
    items = list(value)
    if not items:
        raise DomainError(f"{where} is empty; give one (lo, hi) pair per input, or None for all of R^d")
    if len(items) == 2 and all(_is_scalar(v) for v in items):
        if d not in (None, 1):
            raise DomainError(
                f"{where}: a pair (lo, hi) is an interval, a domain for d = 1 only; for d = {d} give "
                f"[(lo, hi)] * {d}, or the string 'lo,hi' for every input"
            )
        return _make_box(_read_pairs([items], where=where, irrational=irrational))
    if all(_is_pair_of_scalars(v) for v in items):
        return _box(items, d, where, irrational)
    if len(items) == 2 and _is_sequence(items[0]) and all(_is_sequence(r) for r in _as_list(items[0], where)):
        return _polytope(items[0], items[1], None, d, where)
    bad = next((k for k, v in enumerate(items) if not _is_pair_of_scalars(v)), 0)
    raise DomainError(
        f"{where}: side {bad + 1} must be a pair (lo, hi) of numbers, got {_short(items[bad])}; "
        f"{where} must be {_FORMS}"
    )


def as_interval(value: Any, *, where: str = "domain") -> Box | None:
    """Read a 1-D domain as an interval [alpha, beta] (a 1-D :class:`Box`), or None for all of R.

    A 1-D polytope is turned into its interval (None when it is all of R); a half-line is
    refused (1-D functions need both ends or none).

    Examples
    --------
    >>> as_interval("0,1")
    box[0,1]
    >>> as_interval(Polytope([[1], [-2]], [0, 1]))
    box[0,1/2]
    >>> as_interval(None) is None
    True
    """
    domain = as_domain(value, 1, where=where)
    if isinstance(domain, Whole):
        return None
    if isinstance(domain, Box):
        return domain
    low: Fraction | None = None
    high: Fraction | None = None
    for row, offset in zip(domain.A, domain.b, strict=True):
        a = row[0]
        if a > 0:  # x >= -offset / a
            low = -offset / a if low is None else max(low, -offset / a)
        elif a < 0:  # x <= -offset / a
            high = -offset / a if high is None else min(high, -offset / a)
    if low is None and high is None:
        return None  # every side is a constant that holds: all of R
    if low is None or high is None:
        raise DomainError(f"{where}: the 1-D polytope is a half-line; give an interval (lo, hi) or None for all of R")
    return _make_box(((low, high),))


def as_box(value: Any, d: int | None, *, needed_by: str, where: str = "domain", irrational: bool = False) -> Box:
    """Read a domain with :func:`as_domain` where only a box will do (bounds, sampling grids).

    Parameters
    ----------
    value, d, where, irrational
        As in :func:`as_domain`.
    needed_by : str
        What needs the box, for the error message (``"sample_target"``).

    Raises
    ------
    DomainError
        For all of R^d or a polytope (and everything :func:`as_domain` refuses).

    Examples
    --------
    >>> as_box("0,1", 2, needed_by="sampling")
    box[0,1;0,1]
    >>> as_box(([[1], [-1]], [0, 1]), 1, needed_by="sampling")
    Traceback (most recent call last):
    ...
    reluexact.errors.DomainError: domain: sampling needs a box [(lo, hi), ...]; got a polytope
    """
    domain = as_domain(value, d, where=where, irrational=irrational)
    if isinstance(domain, Box):
        return domain
    kind = "a polytope" if isinstance(domain, Polytope) else f"{domain!r} (None, all of R^d)"
    raise DomainError(f"{where}: {needed_by} needs a box [(lo, hi), ...]; got {kind}")


def halfspaces(domain: Domain) -> tuple[Halfspace, ...]:
    """The domain's sides as primitive integer rows ``normal . x + offset >= 0`` (duplicates merged).

    Constant rows that always hold are dropped; R^d has none.

    Examples
    --------
    >>> [(h.normal, h.offset, h.label) for h in halfspaces(Box([(0, "1/2")]))]
    [((1,), 0, 'box:0:lo'), ((-2,), 1, 'box:0:hi')]
    """
    if isinstance(domain, Whole):
        return ()
    d = domain.dimension
    raw: list[tuple[Sequence[Fraction], Fraction, str]] = []
    if isinstance(domain, Box):
        for k, (lo, hi) in enumerate(domain.bounds):
            e = [Fraction(int(j == k)) for j in range(d)]
            raw.append((e, -lo, f"box:{k}:lo"))
            raw.append(([-v for v in e], hi, f"box:{k}:hi"))
    elif isinstance(domain, Polytope):
        raw = [(list(r), bv, label) for r, bv, label in zip(domain.A, domain.b, domain.labels, strict=True)]
    else:
        raise InvalidArgument(f"halfspaces needs a Whole, Box or Polytope (see as_domain), got {type(domain).__name__}")
    out: list[Halfspace] = []
    seen: set[tuple[tuple[int, ...], int]] = set()
    for normal, offset, label in raw:
        if all(v == 0 for v in normal):
            if offset >= 0:
                continue
            raise DomainError(
                f"domain side {label} reads {format_fraction(offset)} >= 0 with no x: it never holds, "
                "so the domain is empty"
            )
        ints = _primitive([*normal, offset])
        key = (ints[:-1], ints[-1])
        if key not in seen:
            seen.add(key)
            out.append(Halfspace(key[0], key[1], label))
    return tuple(out)


def contains(domain: Domain, point: Sequence[Any], *, strict: bool = False) -> bool:
    """True when the exact point lies in the closed domain (``strict=True``: in its interior).

    Examples
    --------
    >>> contains(Box([(0, 1)]), [1]), contains(Box([(0, 1)]), [1], strict=True)
    (True, False)
    """
    x = [to_fraction(v, where="point") for v in point]
    if len(x) != domain.dimension:
        raise ShapeError(f"point has {len(x)} coordinates but the domain has d = {domain.dimension}")
    for h in halfspaces(domain):
        value = sum((n * v for n, v in zip(h.normal, x, strict=True)), Fraction(h.offset))
        if value < 0 or (strict and value == 0):
            return False
    return True


def is_bounded(domain: Domain) -> bool:
    """True for a bounded domain (a box, or a polytope whose recession cone is {0}). Exact.

    Examples
    --------
    >>> is_bounded(Whole(2)), is_bounded(Box([(0, 1)])), is_bounded(Polytope([[1, 0], [0, 1]], [0, 0]))
    (False, True, False)
    """
    if isinstance(domain, Whole):
        return False
    if isinstance(domain, Box):
        return True
    from reluexact.lp import maximize

    # a polyhedron is bounded iff every coordinate is bounded above and below on it
    rows = [list(r) for r in domain.A]
    for k in range(domain.dimension):
        for sign in (1, -1):
            objective = [sign if j == k else 0 for j in range(domain.dimension)]
            if maximize(objective, rows, list(domain.b)).status == "unbounded":
                return False
    return True


# --------------------------------------------------------------------------------------
# private readers


def _from_string(text: str, d: int | None, where: str, irrational: bool) -> Domain:
    parts = [p.strip() for p in text.strip().split(";")]
    if parts == [""]:
        raise DomainError(f"{where} is empty; give 'lo,hi' (every input) or 'lo,hi;lo,hi' (one pair per input)")
    pairs: list[Any] = []
    for k, part in enumerate(parts):
        ends = [e.strip() for e in part.split(",")]
        if len(ends) != 2 or not all(ends):
            raise DomainError(
                f"{where}: side {k + 1} reads {part!r}; each side is 'lo,hi' (two numbers, one comma), "
                "sides are separated by ';'"
            )
        pairs.append(ends)
    if len(pairs) == 1 and d is not None and d > 1:
        pairs = pairs * d
    return _box(pairs, d, where, irrational)


def _box(pairs: list[Any], d: int | None, where: str, irrational: bool) -> Box:
    if d is not None and len(pairs) != d:
        raise ShapeError(
            f"{where} has {len(pairs)} sides (lo,hi pairs) but the network has d = {d} inputs; give {d} "
            f"pair{'s' if d != 1 else ''}, or one 'lo,hi' for every input"
        )
    return _make_box(_read_pairs(pairs, where=where, irrational=irrational))


def _polytope(A: Any, b: Any, labels: Any, d: int | None, where: str) -> Polytope:
    polytope = Polytope(A, b, labels, dimension=d if not _as_list(A, where) else None)
    if d is not None and polytope.dimension != d:
        raise ShapeError(f"{where}: the polytope has dimension {polytope.dimension} but the network has d = {d} inputs")
    return polytope


def _make_box(pairs: tuple[Pair, ...]) -> Box:
    """A Box from pairs already read and checked (skips re-parsing)."""
    box = object.__new__(Box)
    object.__setattr__(box, "bounds", pairs)
    return box


def _read_pairs(pairs: list[Any], *, where: str, irrational: bool = False) -> tuple[Pair, ...]:
    if not pairs:
        raise DomainError(f"{where} has no sides; give one (lo, hi) pair per input")
    out = []
    for k, pair in enumerate(pairs):
        if not _is_pair_of_scalars(pair):
            raise DomainError(f"{where}: side {k + 1} must be a pair (lo, hi) of numbers, got {_short(pair)}")
        lo, hi = list(pair)
        low = _bound(lo, f"{where} side {k + 1} low", irrational)
        high = _bound(hi, f"{where} side {k + 1} high", irrational)
        if not low < high:
            raise DomainError(
                f"{where}: side {k + 1} is empty or a point: low {format_fraction(low)} >= high "
                f"{format_fraction(high)}; need low < high"
            )
        out.append((low, high))
    return tuple(out)


def _bound(value: Any, where: str, irrational: bool) -> Fraction:
    if isinstance(value, str):
        value = value.strip()
    if _is_non_finite(value):
        raise DomainError(
            f"{where}: {_short(value)} is not finite; a bound must be a finite number (None is all of R^d)"
        )
    try:
        return to_fraction(value, where=where, allow_float=True)
    except InvalidArgument:
        if not irrational:
            raise
    except (TypeError, ValueError, ArithmeticError) as error:  # a number-like object that cannot convert
        raise DomainError(f"{where}: cannot read {_short(value)} as a number ({type(error).__name__})") from None
    from reluexact.expressions import parse_expression

    expression = parse_expression(value, where=where) if isinstance(value, str) else value
    if not hasattr(expression, "evalf"):
        raise DomainError(f"{where}: cannot read {_short(value)} as a number")
    try:
        as_float = float(expression.evalf(30))
    except (TypeError, ValueError) as error:
        raise DomainError(f"{where}: cannot read {_short(value)} as a number ({error})") from None
    if not math.isfinite(as_float):
        raise DomainError(f"{where}: {_short(value)} is not finite")
    return Fraction(as_float)


def _is_non_finite(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower().lstrip("+-") in {"nan", "inf", "infinity"}
    if isinstance(value, (bool, int, Fraction)) or not isinstance(value, numbers.Real):
        return False
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def _require_interior(sides: tuple[Halfspace, ...]) -> None:
    if not sides:
        return
    from reluexact.lp import strict_feasibility

    feasibility = strict_feasibility([list(h.normal) for h in sides], [h.offset for h in sides])
    if feasibility.point is None:
        raise DomainError(
            "the domain has no interior point (it is empty or lower-dimensional): the multipliers "
            f"{[format_fraction(v) for v in feasibility.certificate or ()]} of its sides sum to a non-positive "
            "constant; give a full-dimensional box or polytope"
        )


def _primitive(values: list[Fraction]) -> tuple[int, ...]:
    den = 1
    for v in values:
        den = den * v.denominator // math.gcd(den, v.denominator)
    ints = [int(v * den) for v in values]
    g = 0
    for iv in ints:
        g = math.gcd(g, iv)
    return tuple(iv // g for iv in ints)


def _is_scalar(value: Any) -> bool:
    if isinstance(value, (str, numbers.Number)):
        return True
    shape = getattr(value, "shape", None)
    return shape == () or bool(getattr(value, "is_Number", False))


def _is_sequence(value: Any) -> bool:
    if isinstance(value, (str, bytes, Mapping)):
        return False
    if hasattr(value, "tolist") and getattr(value, "shape", None) not in (None, ()):
        return True
    return isinstance(value, Sequence)


def _is_pair_of_scalars(value: Any) -> bool:
    if not _is_sequence(value):
        return False
    items = _as_list(value, "domain")
    return len(items) == 2 and all(_is_scalar(v) for v in items)


def _as_list(value: Any, where: str) -> list[Any]:
    if hasattr(value, "tolist") and not _is_scalar(value):
        value = value.tolist()
    if not _is_sequence(value):
        raise DomainError(f"{where} must be a sequence, got {_short(value)}")
    return list(value)


def _short_number(value: Fraction, limit: int = 24) -> str:
    text = format_fraction(value)
    if len(text) <= limit:
        return text
    with decimal.localcontext(prec=6):  # no float: magnitudes beyond float's range print too
        approx = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
    return f"~{approx.normalize():g}"


def _short(value: Any, limit: int = 60) -> str:
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not hide the real error
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."
