"""The exact spline form of a 1-D two-layer ReLU network.

A 1-D network f(x) = sum_i a_i relu(w_i x + b_i) + c (a_i, c in Q^m) is a continuous
piecewise-linear function. Unit i with w_i != 0 has the *knot* t_i = -b_i / w_i and the
*orientation* s_i = sign(w_i), and

    a_i relu(w_i x + b_i) = a_i |w_i| relu(s_i (x - t_i)),

so crossing t_i from left to right changes the slope by a_i |w_i| whatever s_i is. The
*spline form* merges units sharing a knot, adds their jumps, and lists the linear pieces
between the knots whose jump is non-zero (the *break points*). Everything is exact
(:class:`fractions.Fraction`), and :func:`spline_form` runs in O(n log n + n m).

Given a domain [alpha, beta], the form describes f there only: knots strictly inside shape
f; every other unit is *dead* (never active on the domain) or *affine-acting* (active on the
whole domain, so it adds an affine function).

Examples
--------
The third worked example of the theory:

>>> from reluexact import TwoLayerReLU
>>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
>>> form = spline_form(net)
>>> [(str(k.x), str(k.jump[0])) for k in form.break_points]
[('-1/2', '-1'), ('1/2', '7')]
>>> [str(p.slope[0]) for p in form.pieces]
['-6', '-7', '0']
>>> [str(form([x])[0]) for x in (-1, 0, 1)]
['91/10', '13/5', '-9/10']
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reluexact.domain import DomainLike
from reluexact.errors import ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.oned._common import (
    ZERO,
    Interval,
    Vector,
    is_zero,
    optional_interval,
    require_1d,
    vadd,
    vscale,
    vsub,
    zeros,
)
from reluexact.order import AFFINE_ACTING, DEAD, SHAPING
from reluexact.printing import repr_latex
from reluexact.rational import format_fraction, format_vector, to_fraction

if TYPE_CHECKING:
    import sympy

__all__ = [
    "AFFINE_ACTING",
    "DEAD",
    "SHAPING",
    "ZERO_OUTPUT",
    "Knot",
    "Piece",
    "ReluTerm",
    "SplineForm",
    "spline_form",
    "to_sympy_piecewise",
    "unit_role",
    "unit_terms",
]

# The roles shaping / dead / affine-acting are the unit statuses of reluexact.order (one
# vocabulary in 1-D and d-D): SHAPING (knot strictly inside the domain, it bends f there),
# DEAD (never active on the domain; w = 0 and b <= 0), AFFINE_ACTING (active on the whole
# domain: it adds an affine function, a constant when w = 0).
#: Role of a unit whose output weights a_i are all zero: it contributes nothing anywhere.
ZERO_OUTPUT = "zero-output"


@dataclass(frozen=True, slots=True)
class ReluTerm:
    """One exact term ``coefficient * relu(orientation * (x - knot))`` (coefficient in Q^m).

    Every hidden unit with w != 0 is such a term with coefficient a_i |w_i|; the bases of
    :mod:`reluexact.oned.bases` are sums of them. Calling the term evaluates it exactly.

    Examples
    --------
    >>> term = ReluTerm(Fraction(1, 2), -1, (Fraction(3),))
    >>> term([0]), term([1])
    ((Fraction(3, 2),), (Fraction(0, 1),))
    >>> term.slope_jump
    (Fraction(3, 1),)
    """

    knot: Fraction
    orientation: int
    coefficient: Vector

    def __post_init__(self) -> None:
        if self.orientation not in (1, -1):
            raise ShapeError(f"orientation must be +1 (right-facing) or -1 (left-facing), got {self.orientation!r}")

    @property
    def slope_jump(self) -> Vector:
        """The slope change crossing the knot left to right: the coefficient, for both orientations.

        Examples
        --------
        >>> from fractions import Fraction
        >>> ReluTerm(Fraction(1), -1, (Fraction(2),)).slope_jump  # 2 relu(1 - x): slope -2, then 0
        (Fraction(2, 1),)
        """
        return self.coefficient

    def __call__(self, x: Sequence[Any]) -> Vector:
        point = to_fraction(x[0], where="x[0]")
        activation = self.orientation * (point - self.knot)
        return vscale(activation if activation > 0 else ZERO, self.coefficient)

    def to_sympy(self, variable: Any = None) -> tuple[sympy.Expr, ...]:
        """The exact sympy expression of each output, with ``Max(0, .)`` for relu.

        Examples
        --------
        >>> from fractions import Fraction
        >>> ReluTerm(Fraction(1), -1, (Fraction(2),)).to_sympy()
        (2*Max(0, 1 - x),)
        """
        import sympy

        x = sympy.Symbol("x") if variable is None else variable
        hinge = sympy.Max(0, self.orientation * (x - _q(self.knot)))
        return tuple(_q(k) * hinge for k in self.coefficient)

    def __repr__(self) -> str:
        side = "right" if self.orientation == 1 else "left"
        return (
            f"ReluTerm(knot={format_fraction(self.knot)}, {side}-facing, coefficient={format_vector(self.coefficient)})"
        )


@dataclass(frozen=True, slots=True)
class Knot:
    """A merged knot: every unit with t_i = x, their summed slope jump and the value f(x).

    Attributes
    ----------
    x : Fraction
        The knot t = -b_i / w_i.
    jump : tuple of m Fractions
        sum of a_i |w_i| over the units at x (slope right minus slope left).
    units : tuple of int
        Indices of all hidden units with knot x.
    right_units, left_units : tuple of int
        The right-facing (w_i > 0) and left-facing (w_i < 0) ones.
    value : tuple of m Fractions
        f(x), exact.
    """

    x: Fraction
    jump: Vector
    units: tuple[int, ...]
    right_units: tuple[int, ...]
    left_units: tuple[int, ...]
    value: Vector

    @property
    def is_break_point(self) -> bool:
        """True when the jump is non-zero, i.e. f really bends at x.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1]], [0, 1, -2, -2], [[1, 2, 1, -1]], [0])  # 3 and 4 cancel
        >>> [(str(knot.x), knot.is_break_point) for knot in spline_form(net).knots]
        [('0', True), ('1', True), ('2', False)]
        """
        return not is_zero(self.jump)

    def __repr__(self) -> str:
        return f"Knot(x={format_fraction(self.x)}, jump={format_vector(self.jump)}, units={list(self.units)})"


@dataclass(frozen=True, slots=True)
class Piece:
    """A linear piece: f(x) = slope * x + intercept for start <= x <= end.

    ``start is None`` means the piece extends to -infinity, ``end is None`` to +infinity.
    """

    start: Fraction | None
    end: Fraction | None
    slope: Vector
    intercept: Vector

    def value_at(self, x: Fraction) -> Vector:
        """slope * x + intercept, exact.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1]], [0, 1, -2, -2], [[1, 2, 1, -1]], [0])  # 3 and 4 cancel
        >>> form = spline_form(net)
        >>> form.pieces[1], form.pieces[1].value_at(Fraction(1, 2))
        (Piece([0, 1], slope=-1, intercept=2), (Fraction(3, 2),))
        """
        return vadd(vscale(x, self.slope), self.intercept)

    def contains(self, x: Fraction) -> bool:
        """Whether start <= x <= end.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1]], [0, 1, -2, -2], [[1, 2, 1, -1]], [0])  # 3 and 4 cancel
        >>> form = spline_form(net)
        >>> form.pieces[1].contains(Fraction(1)), form.pieces[1].contains(Fraction(3))
        (True, False)
        """
        return (self.start is None or self.start <= x) and (self.end is None or x <= self.end)

    def __repr__(self) -> str:
        start = "-inf" if self.start is None else format_fraction(self.start)
        end = "+inf" if self.end is None else format_fraction(self.end)
        return f"Piece([{start}, {end}], slope={format_vector(self.slope)}, intercept={format_vector(self.intercept)})"


@dataclass(frozen=True, slots=True)
class SplineForm:
    """The exact spline form of a 1-D network, on R or on a domain [alpha, beta].

    Build it with :func:`spline_form`. Calling it evaluates f exactly from the pieces.

    Attributes
    ----------
    output_dim : int
        m.
    n_units : int
        n, the width of the network it came from.
    domain : (Fraction, Fraction) or None
        [alpha, beta], or None for all of R.
    knots : tuple of Knot
        The distinct knots that shape f on the domain (strictly inside it; all knots when
        the domain is R), sorted, including knots whose merged jump is zero.
    pieces : tuple of Piece
        The linear pieces left to right, split at the break points (knots with non-zero
        jump). On a domain the first starts at alpha and the last ends at beta.
    unit_roles : tuple of str
        Per unit: :data:`SHAPING`, :data:`DEAD`, :data:`AFFINE_ACTING` or :data:`ZERO_OUTPUT`.
    constant_units : tuple of int
        Units with w_i = 0 (each adds the constant a_i relu(b_i)).
    """

    output_dim: int
    n_units: int
    domain: Interval | None
    knots: tuple[Knot, ...]
    pieces: tuple[Piece, ...]
    unit_roles: tuple[str, ...]
    constant_units: tuple[int, ...]
    _piece_ends: tuple[Fraction, ...] = field(repr=False, compare=False)

    @property
    def break_points(self) -> tuple[Knot, ...]:
        """The knots with non-zero jump, sorted: where f bends.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1]], [0, 1, -2, -2], [[1, 2, 1, -1]], [0])  # 3 and 4 cancel
        >>> spline_form(net).break_points
        (Knot(x=0, jump=1, units=[0]), Knot(x=1, jump=2, units=[1]))
        """
        return tuple(knot for knot in self.knots if knot.is_break_point)

    @property
    def far_left_slope(self) -> Vector:
        """Slope of the leftmost piece (on R: sum of a_i w_i over left-facing units).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1]], [0, 1, -2, -2], [[1, 2, 1, -1]], [0])  # 3 and 4 cancel
        >>> spline_form(net).far_left_slope
        (Fraction(-2, 1),)
        """
        return self.pieces[0].slope

    @property
    def far_right_slope(self) -> Vector:
        """Slope of the rightmost piece (on R: sum of a_i w_i over right-facing units).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1]], [0, 1, -2, -2], [[1, 2, 1, -1]], [0])  # 3 and 4 cancel
        >>> spline_form(net).far_right_slope
        (Fraction(1, 1),)
        """
        return self.pieces[-1].slope

    @property
    def n_pieces(self) -> int:
        """Number of linear pieces: (number of break points) + 1.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1]], [0, 1, -2, -2], [[1, 2, 1, -1]], [0])  # 3 and 4 cancel
        >>> form = spline_form(net)
        >>> form.n_pieces, len(form.knots)
        (3, 3)
        """
        return len(self.pieces)

    def units_with_role(self, role: str) -> tuple[int, ...]:
        """Indices of the units that have ``role`` on the domain.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [1], [0], [1]], [0, -5, 1, 0], [[1, 1, 1, 0]], [0])
        >>> form = spline_form(net, domain=(-1, 1))  # knot 0 inside, knot 5 outside, a constant unit, a_4 = 0
        >>> form.unit_roles
        ('shaping', 'dead', 'affine-acting', 'zero-output')
        >>> form.units_with_role("shaping"), form.units_with_role("dead")
        ((0,), (1,))
        """
        return tuple(i for i, r in enumerate(self.unit_roles) if r == role)

    def __call__(self, x: Sequence[Any]) -> Vector:
        point = to_fraction(x[0], where="x[0]")
        if self.domain is not None and not self.domain[0] <= point <= self.domain[1]:
            raise ShapeError(
                f"x = {format_fraction(point)} lies outside the spline form's domain "
                f"[{format_fraction(self.domain[0])}, {format_fraction(self.domain[1])}]"
            )
        index = bisect.bisect_left(self._piece_ends, point)
        return self.pieces[index].value_at(point)

    def _repr_latex_(self) -> str:
        # The printer lives in report/; the bottom-layer hook loads it by name (see reluexact.printing).
        return repr_latex(self)

    def __repr__(self) -> str:
        if self.domain is None:
            where = "R"
        else:
            where = f"[{format_fraction(self.domain[0])}, {format_fraction(self.domain[1])}]"
        return (
            f"SplineForm(m={self.output_dim}, break_points={len(self.break_points)}, "
            f"pieces={len(self.pieces)}, on {where})"
        )


def unit_role(net: TwoLayerReLU, i: int, *, domain: DomainLike = None) -> str:
    """The role of hidden unit i on the domain (R when None).

    Returns :data:`ZERO_OUTPUT` when a_i = 0; for w_i = 0, :data:`AFFINE_ACTING` (a constant)
    when b_i > 0 else :data:`DEAD`; for w_i != 0, :data:`SHAPING` when the knot lies strictly
    inside the domain, else :data:`AFFINE_ACTING` or :data:`DEAD` by orientation.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-1], [1]], [-5, 5, 0], [[1, 1, 1]], [0])
    >>> [unit_role(net, i, domain=("-1", "1")) for i in range(3)]
    ['dead', 'affine-acting', 'shaping']
    """
    require_1d(net, what="unit_role")
    return _role(net.W[i][0], net.b[i], net.unit_output_weights(i), optional_interval(domain))


def _role(w: Fraction, b: Fraction, a: Vector, domain: Interval | None) -> str:
    if is_zero(a):
        return ZERO_OUTPUT
    if w == 0:
        return AFFINE_ACTING if b > 0 else DEAD
    if domain is None:
        return SHAPING
    knot = -b / w
    alpha, beta = domain
    if alpha < knot < beta:
        return SHAPING
    if w > 0:
        return AFFINE_ACTING if knot <= alpha else DEAD
    return AFFINE_ACTING if knot >= beta else DEAD


def unit_terms(net: TwoLayerReLU) -> tuple[ReluTerm | None, ...]:
    """Each unit as an exact :class:`ReluTerm` a_i |w_i| relu(s_i (x - t_i)); None when w_i = 0.

    Examples
    --------
    >>> net = TwoLayerReLU([[-2], [0]], [1, 3], [[3, 1]], [0])
    >>> unit_terms(net)
    (ReluTerm(knot=1/2, left-facing, coefficient=6), None)
    """
    require_1d(net, what="unit_terms")
    out: list[ReluTerm | None] = []
    for i in range(net.n_hidden):
        w, b = net.W[i][0], net.b[i]
        if w == 0:
            out.append(None)
        else:
            out.append(ReluTerm(-b / w, 1 if w > 0 else -1, vscale(abs(w), net.unit_output_weights(i))))
    return tuple(out)


def spline_form(net: TwoLayerReLU, *, domain: DomainLike = None) -> SplineForm:
    """The exact spline form of a 1-D network (m outputs allowed), on R or on [alpha, beta].

    Parameters
    ----------
    net : TwoLayerReLU
        A network with input dimension d = 1.
    domain : DomainLike, optional
        An interval in any form :func:`reluexact.domain.as_interval` reads: ``(lo, hi)``,
        ``[(lo, hi)]``, ``"lo,hi"``, a 1-D Box or Polytope; None (default) is all of R.
        Restrict to [alpha, beta]: only knots strictly inside shape f there, and each unit
        gets its role (shaping, dead, affine-acting, zero-output) on the domain.

    Returns
    -------
    SplineForm
        Knots (merged, with exact jumps sum a_i |w_i| and values), pieces (slope and
        intercept), roles and constant units. Exact; O(n log n + n m) for n units.

    Raises
    ------
    ShapeError
        If d != 1.
    DomainError
        If the domain is empty or malformed.

    See Also
    --------
    to_sympy_piecewise, reluexact.interop.json_results.spline_form_to_json, reluexact.oned.equivalence.are_equivalent

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> form = spline_form(net)
    >>> form.knots
    (Knot(x=-1/2, jump=-1, units=[2]), Knot(x=1/2, jump=7, units=[0, 1]))
    >>> form.far_left_slope, form.far_right_slope
    ((Fraction(-6, 1),), (Fraction(0, 1),))
    >>> restricted = spline_form(net, domain=("0", "2"))
    >>> restricted.unit_roles
    ('shaping', 'shaping', 'affine-acting')
    >>> restricted.pieces
    (Piece([0, 1/2], slope=-7, intercept=13/5), Piece([1/2, 2], slope=0, intercept=-9/10))
    """
    require_1d(net, what="spline_form")
    interval = optional_interval(domain)
    m, n = net.output_dim, net.n_hidden
    weights = [net.W[i][0] for i in range(n)]
    biases = list(net.b)
    outputs = [net.unit_output_weights(i) for i in range(n)]
    roles = tuple(_role(weights[i], biases[i], outputs[i], interval) for i in range(n))
    constant_units = tuple(i for i in range(n) if weights[i] == 0)

    def value_at(x: Fraction) -> Vector:
        total = list(net.c)
        for i in range(n):
            h = weights[i] * x + biases[i]
            if h > 0:
                for k in range(m):
                    total[k] += outputs[i][k] * h
        return tuple(total)

    # group the units with w != 0 by knot (sorting: O(n log n))
    by_knot: dict[Fraction, list[int]] = {}
    for i in range(n):
        if weights[i] != 0:
            knot = -biases[i] / weights[i]
            if interval is None or interval[0] < knot < interval[1]:
                by_knot.setdefault(knot, []).append(i)
    positions = sorted(by_knot)

    # slope just right of the left end: left-facing units (on R), or units active just right of alpha
    if interval is None:
        slope = zeros(m)
        for i in range(n):
            if weights[i] < 0:
                slope = vadd(slope, vscale(weights[i], outputs[i]))
    else:
        alpha = interval[0]
        slope = zeros(m)
        for i in range(n):
            w = weights[i]
            if w == 0:
                continue
            knot = -biases[i] / w
            if (w > 0 and knot <= alpha) or (w < 0 and knot > alpha):
                slope = vadd(slope, vscale(w, outputs[i]))

    knots: list[Knot] = []
    pieces: list[Piece] = []
    if positions:
        x_prev = positions[0]
        value = value_at(x_prev)
    else:
        x_prev = interval[0] if interval is not None else ZERO
        value = value_at(x_prev)
    start: Fraction | None = None if interval is None else interval[0]
    for x in positions:
        value = vadd(value, vscale(x - x_prev, slope))
        x_prev = x
        units = tuple(by_knot[x])
        jump = zeros(m)
        for i in units:
            jump = vadd(jump, vscale(abs(weights[i]), outputs[i]))
        knots.append(
            Knot(
                x=x,
                jump=jump,
                units=units,
                right_units=tuple(i for i in units if weights[i] > 0),
                left_units=tuple(i for i in units if weights[i] < 0),
                value=value,
            )
        )
        if not is_zero(jump):
            pieces.append(Piece(start, x, slope, vsub(value, vscale(x, slope))))
            slope = vadd(slope, jump)
            start = x
    end = None if interval is None else interval[1]
    pieces.append(Piece(start, end, slope, vsub(value, vscale(x_prev, slope))))
    ends = tuple(p.end for p in pieces[:-1] if p.end is not None)
    return SplineForm(
        output_dim=m,
        n_units=n,
        domain=interval,
        knots=tuple(knots),
        pieces=tuple(pieces),
        unit_roles=roles,
        constant_units=constant_units,
        _piece_ends=ends,
    )


def _q(value: Fraction) -> Any:
    import sympy

    return sympy.Rational(value.numerator, value.denominator)


def to_sympy_piecewise(form: SplineForm, variable: Any = None) -> tuple[sympy.Piecewise, ...]:
    """Each output of a spline form as an exact sympy ``Piecewise`` in ``x``.

    On R the conditions are ``x < t_1``, ..., ``True``; on a domain they carry both ends
    (``(x >= alpha) & (x < t_1)``, ..., ``(x >= t_k) & (x <= beta)``), so the expression is
    undefined (nan) outside [alpha, beta].

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> to_sympy_piecewise(spline_form(net))[0]
    Piecewise((31/10 - 6*x, x < -1/2), (13/5 - 7*x, x < 1/2), (-9/10, True))
    >>> to_sympy_piecewise(spline_form(net, domain=(0, 1)))[0].subs("x", 1)
    -9/10
    """
    import sympy

    x = sympy.Symbol("x") if variable is None else variable
    out = []
    for k in range(form.output_dim):
        args = []
        for index, piece in enumerate(form.pieces):
            expr = _q(piece.slope[k]) * x + _q(piece.intercept[k])
            last = index == len(form.pieces) - 1
            if form.domain is None:
                condition: Any = sympy.true if last else x < _q(piece.end)  # type: ignore[arg-type]
            else:
                lower = x >= _q(piece.start)  # type: ignore[arg-type]
                upper = x <= _q(piece.end) if last else x < _q(piece.end)  # type: ignore[arg-type]
                condition = sympy.And(lower, upper)
            args.append((expr, condition))
        out.append(sympy.Piecewise(*args))
    return tuple(out)
