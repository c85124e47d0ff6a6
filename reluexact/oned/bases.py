"""One-sided, two-sided and ramp-pair bases for continuous linear splines, and rewrites.

A continuous linear spline S with knots x_0 < x_1 < ... < x_z and values y_j = S(x_j)
(m outputs allowed) has slopes m_k = (y_k - y_{k-1}) / (x_k - x_{k-1}) and jumps
J_j = m_{j+1} - m_j at the interior knots. On [x_0, x_z]:

one-sided basis (right-facing units only, auxiliary knot x_{-1} < x_0)
    S = sum_{j=-1}^{z-1} lambda_j relu(x - x_j), lambda_{-1} = S(x_0) / (x_0 - x_{-1}),
    lambda_0 = m_1 - lambda_{-1}, lambda_j = J_j (j = 1..z-1); z + 1 units, no output bias.
two-sided bases (any orientation s_j per interior knot)
    S = sum_j J_j relu(s_j (x - x_j)) + (affine), because relu(t - x) = relu(x - t) - (x - t).
    Named layouts: ``"right"``, ``"left"``, ``"away"`` (units face away from a centre, so the
    centre's piece is the affine part) and ``"towards"`` (units face the centre).
ramp pairs
    S = S(x_0) + sum_k m_k [relu(x - x_{k-1}) - relu(x - x_k)]: flat, slope m_k on
    [x_{k-1}, x_k], flat: the segment-by-segment construction (2z units).

Every member of a spline's solution family is a :class:`BasisExpansion` (ReLU terms plus
an affine part); :func:`rewrite` turns any member into any other by exact identity steps.
All arithmetic is exact.

Examples
--------
The second worked example of the theory (knots 1, 2, 3, values 2, 4, 3, x_{-1} = 0):

>>> spline = LinearSpline.from_values([1, 2, 3], [2, 4, 3])
>>> basis = one_sided_basis(spline, auxiliary_knot=0)
>>> [(str(t.knot), str(t.coefficient[0])) for t in basis.terms if t.coefficient[0] != 0]
[('0', '2'), ('2', '-3')]
>>> basis.to_network()
TwoLayerReLU(d=1, n=3, m=1)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact.domain import DomainLike
from reluexact.errors import InvalidArgument, ShapeError
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
from reluexact.oned.spline import ReluTerm, SplineForm, spline_form
from reluexact.rational import format_fraction, format_vector, to_fraction

__all__ = [
    "LAYOUTS",
    "BasisExpansion",
    "LinearSpline",
    "RewriteStep",
    "expansions_equal",
    "layout_orientations",
    "merge_terms",
    "network_expansion",
    "one_sided_basis",
    "ramp_basis",
    "reorient",
    "rewrite",
    "spline_of_network",
    "two_sided_basis",
]

#: Named two-sided layouts accepted by :func:`two_sided_basis`.
LAYOUTS = ("right", "left", "away", "towards")


def _vector(value: Any, where: str) -> Vector:
    if isinstance(value, (list, tuple)):
        return tuple(to_fraction(v, where=f"{where}[{k}]") for k, v in enumerate(value))
    return (to_fraction(value, where=where),)


@dataclass(frozen=True, slots=True)
class LinearSpline:
    """A continuous linear spline on [x_0, x_z]: knots x_0 < ... < x_z and values y_j in Q^m.

    Build with :meth:`from_values` (scalars for m = 1) or :meth:`from_spline_form`.
    Calling it interpolates linearly, exactly.

    Examples
    --------
    >>> s = LinearSpline.from_values([0, 1, 3], [0, 2, 0])
    >>> s([2]), s.slopes
    ((Fraction(1, 1),), ((Fraction(2, 1),), (Fraction(-1, 1),)))
    """

    knots: tuple[Fraction, ...]
    values: tuple[Vector, ...]

    def __post_init__(self) -> None:
        if len(self.knots) < 2:
            raise ShapeError(f"a linear spline needs at least 2 knots x_0 < x_1, got {len(self.knots)}")
        if len(self.values) != len(self.knots):
            raise ShapeError(f"{len(self.knots)} knots but {len(self.values)} values; give one value per knot")
        for u, v in itertools.pairwise(self.knots):
            if not u < v:
                raise InvalidArgument(f"knots must increase strictly, but {format_fraction(u)} >= {format_fraction(v)}")
        m = len(self.values[0])
        if m == 0 or any(len(y) != m for y in self.values):
            raise ShapeError("every value must have the same number m >= 1 of outputs")

    @classmethod
    def from_values(cls, knots: Sequence[Any], values: Sequence[Any]) -> LinearSpline:
        """Knots and values as rationals (ints, Fractions, ``"p/q"``); a value may be an m-list.

        Examples
        --------
        >>> LinearSpline.from_values([0, "1/2", 1], [0, [1], "3/2"]).values
        ((Fraction(0, 1),), (Fraction(1, 1),), (Fraction(3, 2),))
        """
        xs = tuple(to_fraction(x, where=f"knots[{j}]") for j, x in enumerate(knots))
        ys = tuple(_vector(y, f"values[{j}]") for j, y in enumerate(values))
        return cls(xs, ys)

    @classmethod
    def from_spline_form(cls, form: SplineForm) -> LinearSpline:
        """The spline of a :class:`SplineForm` on its (bounded) domain: knots alpha, break points, beta.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> from reluexact.oned.spline import spline_form
        >>> form = spline_form(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0]), domain=(-1, 2))
        >>> spline = LinearSpline.from_spline_form(form)
        >>> [str(x) for x in spline.knots], [str(y[0]) for y in spline.values]
        (['-1', '0', '1', '2'], ['4', '2', '1', '2'])
        """
        if form.domain is None:
            raise InvalidArgument("the spline form lives on R; compute it on a bounded domain [alpha, beta] first")
        xs = (form.domain[0], *(k.x for k in form.break_points), form.domain[1])
        return cls(xs, tuple(form([x]) for x in xs))

    @property
    def output_dim(self) -> int:
        """m.

        Examples
        --------
        >>> LinearSpline.from_values([0, 1], [[0, 1], [1, 1]]).output_dim
        2
        """
        return len(self.values[0])

    @property
    def interval(self) -> Interval:
        """[x_0, x_z].

        Examples
        --------
        >>> LinearSpline.from_values([0, 1, 3], [0, 2, 0]).interval
        (Fraction(0, 1), Fraction(3, 1))
        """
        return (self.knots[0], self.knots[-1])

    @property
    def slopes(self) -> tuple[Vector, ...]:
        """m_1, ..., m_z: the slope of each piece [x_{k-1}, x_k].

        Examples
        --------
        >>> LinearSpline.from_values([0, 1, 3], [0, 2, 0]).slopes
        ((Fraction(2, 1),), (Fraction(-1, 1),))
        """
        return tuple(
            vscale(1 / (x1 - x0), vsub(y1, y0))
            for (x0, y0), (x1, y1) in itertools.pairwise(zip(self.knots, self.values, strict=True))
        )

    @property
    def jumps(self) -> tuple[Vector, ...]:
        """J_1, ..., J_{z-1}: slope changes at the interior knots x_1, ..., x_{z-1}.

        Examples
        --------
        >>> LinearSpline.from_values([0, 1, 3], [0, 2, 0]).jumps  # slope 2, then -1: a jump of -3 at x = 1
        ((Fraction(-3, 1),),)
        """
        slopes = self.slopes
        return tuple(vsub(b, a) for a, b in itertools.pairwise(slopes))

    def __call__(self, x: Sequence[Any]) -> Vector:
        point = to_fraction(x[0], where="x[0]")
        if not self.knots[0] <= point <= self.knots[-1]:
            raise InvalidArgument(f"x = {format_fraction(point)} lies outside [x_0, x_z] of the spline")
        for (x0, y0), (x1, y1) in itertools.pairwise(zip(self.knots, self.values, strict=True)):
            if point <= x1:
                return vadd(y0, vscale((point - x0) / (x1 - x0), vsub(y1, y0)))
        raise AssertionError("unreachable")

    def __repr__(self) -> str:
        return (
            f"LinearSpline(z={len(self.knots) - 1}, m={self.output_dim}, "
            f"on [{format_fraction(self.knots[0])}, {format_fraction(self.knots[-1])}])"
        )


@dataclass(frozen=True, slots=True)
class BasisExpansion:
    """sum of ReLU terms + an affine part, equal to a spline on ``domain`` (R when None).

    Attributes
    ----------
    terms : tuple of ReluTerm
        coefficient * relu(orientation * (x - knot)); the coefficient is the slope jump.
    slope, intercept : tuple of m Fractions
        The affine part slope * x + intercept.
    domain : (Fraction, Fraction) or None
        Where the expansion stands for its spline.
    layout : str
        How it was built (``"one-sided"``, ``"away"``, ``"ramp"``, ``"network"``, ...).

    Examples
    --------
    >>> e = two_sided_basis(LinearSpline.from_values([0, 1, 2], [0, 1, 0]), layout="left")
    >>> e.terms, e.slope, e([1])
    ((ReluTerm(knot=1, left-facing, coefficient=-2),), (Fraction(-1, 1),), (Fraction(1, 1),))
    """

    terms: tuple[ReluTerm, ...]
    slope: Vector
    intercept: Vector
    domain: Interval | None
    layout: str

    @property
    def output_dim(self) -> int:
        """m.

        Examples
        --------
        >>> one_sided_basis(LinearSpline.from_values([0, 1], [[0, 1], [1, 1]])).output_dim
        2
        """
        return len(self.slope)

    @property
    def orientations(self) -> tuple[int, ...]:
        """The orientation of each term.

        Examples
        --------
        >>> spline = LinearSpline.from_values([0, 1, 2], [0, 1, 0])
        >>> one_sided_basis(spline).orientations, two_sided_basis(spline, layout="left").orientations
        ((1, 1, 1), (-1,))
        """
        return tuple(t.orientation for t in self.terms)

    def __call__(self, x: Sequence[Any]) -> Vector:
        point = to_fraction(x[0], where="x[0]")
        total = vadd(vscale(point, self.slope), self.intercept)
        for term in self.terms:
            total = vadd(total, term([point]))
        return total

    def to_network(self, *, affine: str = "auto") -> TwoLayerReLU:
        """Realise the expansion as an exact network (one unit per term, |w| = 1).

        Parameters
        ----------
        affine : {"auto", "auxiliary", "pair"}
            How a non-zero affine slope L becomes units: ``"auxiliary"`` adds one
            affine-acting unit L relu(x - alpha) (valid on the domain [alpha, beta]);
            ``"pair"`` adds L relu(x - p) - L relu(p - x) (valid on all of R). ``"auto"``
            picks auxiliary on a bounded domain and the pair on R. The constant goes to c.

        Examples
        --------
        >>> e = two_sided_basis(LinearSpline.from_values([0, 1, 2], [0, 1, 0]), layout="left")
        >>> net = e.to_network()
        >>> net.n_hidden, [net([x])[0] for x in (0, 1, 2)]
        (2, [Fraction(0, 1), Fraction(1, 1), Fraction(0, 1)])
        """
        if affine not in ("auto", "auxiliary", "pair"):
            raise InvalidArgument(f"affine must be 'auto', 'auxiliary' or 'pair', got {affine!r}")
        m = self.output_dim
        W: list[list[Fraction]] = []
        b: list[Fraction] = []
        A: list[list[Fraction]] = [[] for _ in range(m)]

        def add(w: Fraction, bias: Fraction, a: Vector) -> None:
            W.append([w])
            b.append(bias)
            for k in range(m):
                A[k].append(a[k])

        for term in self.terms:
            s = Fraction(term.orientation)
            add(s, -s * term.knot, term.coefficient)
        c = self.intercept
        if not is_zero(self.slope):
            mode = affine
            if mode == "auto":
                mode = "pair" if self.domain is None else "auxiliary"
            if mode == "auxiliary":
                if self.domain is None:
                    raise InvalidArgument("an auxiliary affine-acting unit needs a bounded domain; use affine='pair'")
                alpha = self.domain[0]
                add(Fraction(1), -alpha, self.slope)  # slope (x - alpha)
                c = vadd(c, vscale(alpha, self.slope))
            else:
                add(Fraction(1), ZERO, self.slope)  # L relu(x) - L relu(-x) = L x
                add(Fraction(-1), ZERO, tuple(-v for v in self.slope))
        return TwoLayerReLU(W, b, A, c, input_dim=1)

    def to_sympy(self, variable: Any = None) -> tuple[Any, ...]:
        """The exact sympy expression of each output (``Max(0, .)`` for relu).

        Examples
        --------
        >>> two_sided_basis(LinearSpline.from_values([0, 1, 2], [0, 1, 0]), layout="left").to_sympy()
        (-x - 2*Max(0, 1 - x) + 2,)
        """
        import sympy

        x = sympy.Symbol("x") if variable is None else variable

        def q(v: Fraction) -> Any:
            return sympy.Rational(v.numerator, v.denominator)

        out = []
        for k in range(self.output_dim):
            expr = q(self.slope[k]) * x + q(self.intercept[k])
            for term in self.terms:
                expr += term.to_sympy(x)[k]
            out.append(expr)
        return tuple(out)

    def __repr__(self) -> str:
        return (
            f"BasisExpansion({self.layout}, terms={len(self.terms)}, slope={format_vector(self.slope)}, "
            f"intercept={format_vector(self.intercept)})"
        )


def _default_auxiliary(spline: LinearSpline) -> Fraction:
    return spline.knots[0] - (spline.knots[1] - spline.knots[0])


def one_sided_basis(spline: LinearSpline, *, auxiliary_knot: Any = None) -> BasisExpansion:
    """The one-sided basis: S = sum_{j=-1}^{z-1} lambda_j relu(x - x_j) on [x_0, x_z].

    Parameters
    ----------
    spline : LinearSpline
        Knots x_0 < ... < x_z (z >= 1) and values.
    auxiliary_knot : rational, optional
        x_{-1} < x_0; default x_0 - (x_1 - x_0).

    Returns
    -------
    BasisExpansion
        z + 1 right-facing terms at x_{-1}, ..., x_{z-1} (zero coefficients kept, so the unit
        count is always z + 1), affine part 0. ``to_network()`` has all hidden weights 1
        and no output bias.

    Examples
    --------
    The first worked example, sin(2 pi x) at 0, 1/4, 1/2, 3/4, 1:

    >>> s = LinearSpline.from_values(["0", "1/4", "1/2", "3/4", "1"], [0, 1, 0, -1, 0])
    >>> basis = one_sided_basis(s)
    >>> [(str(t.knot), str(t.coefficient[0])) for t in basis.terms]
    [('-1/4', '0'), ('0', '4'), ('1/4', '-8'), ('1/2', '0'), ('3/4', '8')]
    """
    x = spline.knots
    aux = _default_auxiliary(spline) if auxiliary_knot is None else to_fraction(auxiliary_knot, where="auxiliary_knot")
    if not aux < x[0]:
        raise InvalidArgument(
            f"the auxiliary knot x_(-1) = {format_fraction(aux)} must lie left of x_0 = {format_fraction(x[0])}"
        )
    slopes = spline.slopes
    lam_aux = vscale(1 / (x[0] - aux), spline.values[0])
    lam0 = vsub(slopes[0], lam_aux)
    terms = [ReluTerm(aux, 1, lam_aux), ReluTerm(x[0], 1, lam0)]
    terms += [ReluTerm(x[j], 1, J) for j, J in enumerate(spline.jumps, start=1)]
    m = spline.output_dim
    return BasisExpansion(tuple(terms), zeros(m), zeros(m), spline.interval, "one-sided")


def layout_orientations(spline: LinearSpline, layout: str, *, centre: Any = None) -> tuple[int, ...]:
    """Orientations (+1 right-facing, -1 left-facing) of the interior knots for a named layout.

    ``"right"``/``"left"``: all one way. ``"away"``: knots right of the centre face right,
    knots left of it face left (a knot at the centre faces right). ``"towards"``: the reverse.
    The centre defaults to the midpoint of [x_0, x_z].

    Examples
    --------
    >>> s = LinearSpline.from_values([0, 1, 2, 3, 4], [0, 1, 0, 1, 0])
    >>> layout_orientations(s, "away"), layout_orientations(s, "towards", centre="5/2")
    ((-1, 1, 1), (1, 1, -1))
    """
    interior = spline.knots[1:-1]
    if layout == "right":
        return tuple(1 for _ in interior)
    if layout == "left":
        return tuple(-1 for _ in interior)
    if layout not in LAYOUTS:
        raise InvalidArgument(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    c = (spline.knots[0] + spline.knots[-1]) / 2 if centre is None else to_fraction(centre, where="centre")
    away = tuple(1 if t >= c else -1 for t in interior)
    return away if layout == "away" else tuple(-s for s in away)


def two_sided_basis(
    spline: LinearSpline,
    orientations: Sequence[int] | None = None,
    *,
    layout: str = "away",
    centre: Any = None,
) -> BasisExpansion:
    """A two-sided basis: S = sum_j J_j relu(s_j (x - x_j)) + (slope x + intercept) on [x_0, x_z].

    Parameters
    ----------
    spline : LinearSpline
    orientations : sequence of +1/-1, optional
        One per interior knot x_1, ..., x_{z-1}; overrides ``layout``.
    layout : {"right", "left", "away", "towards"}
        See :func:`layout_orientations`.
    centre : rational, optional
        The centre for ``"away"``/``"towards"`` (default the midpoint).

    Returns
    -------
    BasisExpansion
        z - 1 terms with coefficients J_j (the slope jumps) and the affine part; with
        ``"away"`` the affine part is the linear piece through the centre.

    Examples
    --------
    >>> s = LinearSpline.from_values([0, 1, 2, 3], [0, 1, 1, 3])
    >>> e = two_sided_basis(s, layout="away", centre="3/2")
    >>> e.terms
    (ReluTerm(knot=1, left-facing, coefficient=-1), ReluTerm(knot=2, right-facing, coefficient=2))
    >>> e.slope, e.intercept
    ((Fraction(0, 1),), (Fraction(1, 1),))
    """
    s = tuple(orientations) if orientations is not None else layout_orientations(spline, layout, centre=centre)
    interior = spline.knots[1:-1]
    if len(s) != len(interior):
        raise ShapeError(f"{len(s)} orientations given for {len(interior)} interior knots")
    if any(v not in (1, -1) for v in s):
        raise InvalidArgument("orientations must be +1 (right-facing) or -1 (left-facing)")
    terms = tuple(ReluTerm(t, int(o), J) for t, o, J in zip(interior, s, spline.jumps, strict=True))
    x0, y0 = spline.knots[0], spline.values[0]
    slope = spline.slopes[0]
    for term in terms:
        if term.orientation == -1:
            slope = vadd(slope, term.coefficient)
    value_terms = zeros(spline.output_dim)
    for term in terms:
        value_terms = vadd(value_terms, term([x0]))
    intercept = vsub(vsub(y0, value_terms), vscale(x0, slope))
    name = "custom" if orientations is not None else layout
    return BasisExpansion(terms, slope, intercept, spline.interval, name)


def ramp_basis(spline: LinearSpline) -> BasisExpansion:
    """Ramp pairs: S = S(x_0) + sum_k m_k [relu(x - x_{k-1}) - relu(x - x_k)] on [x_0, x_z].

    Each pair is flat, then has slope m_k on [x_{k-1}, x_k], then flat; 2z terms, so the
    expansion is constant outside [x_0, x_z].

    Examples
    --------
    >>> e = ramp_basis(LinearSpline.from_values([0, 1, 2], [1, 3, 2]))
    >>> len(e.terms), e.intercept, e([2])
    (4, (Fraction(1, 1),), (Fraction(2, 1),))
    """
    terms: list[ReluTerm] = []
    for (x0, x1), slope in zip(itertools.pairwise(spline.knots), spline.slopes, strict=True):
        terms.append(ReluTerm(x0, 1, slope))
        terms.append(ReluTerm(x1, 1, tuple(-v for v in slope)))
    m = spline.output_dim
    return BasisExpansion(tuple(terms), zeros(m), spline.values[0], spline.interval, "ramp")


def network_expansion(net: TwoLayerReLU, *, domain: DomainLike = None) -> BasisExpansion:
    """A 1-D network as a member of its solution family: one term per unit with w_i != 0.

    Term i is a_i |w_i| relu(s_i (x - t_i)); units with w_i = 0 and c go to the intercept.

    Examples
    --------
    >>> network_expansion(TwoLayerReLU([[-2], [0]], [1, 3], [[3, 1]], [0]))
    BasisExpansion(network, terms=1, slope=0, intercept=3)
    """
    require_1d(net, what="network_expansion")
    terms = []
    intercept = net.c
    for i in range(net.n_hidden):
        w, b, a = net.W[i][0], net.b[i], net.unit_output_weights(i)
        if w == 0:
            if b > 0:
                intercept = vadd(intercept, vscale(b, a))
        else:
            terms.append(ReluTerm(-b / w, 1 if w > 0 else -1, vscale(abs(w), a)))
    return BasisExpansion(tuple(terms), zeros(net.output_dim), intercept, optional_interval(domain), "network")


def reorient(expansion: BasisExpansion, orientations: Sequence[int]) -> BasisExpansion:
    """Give term j the orientation orientations[j], keeping the function (exact identity).

    Uses lambda relu(s (x - t)) = lambda relu(-s (x - t)) + lambda s (x - t): each flip moves
    an affine function into the affine part.

    Examples
    --------
    >>> e = network_expansion(TwoLayerReLU([[-1]], [0], [[1]], [0]))   # relu(-x)
    >>> reorient(e, [1])                                                 # relu(x) - x
    BasisExpansion(network, terms=1, slope=-1, intercept=0)
    """
    if len(orientations) != len(expansion.terms):
        raise ShapeError(f"{len(orientations)} orientations for {len(expansion.terms)} terms")
    slope, intercept = expansion.slope, expansion.intercept
    terms = []
    for term, new in zip(expansion.terms, orientations, strict=True):
        if new not in (1, -1):
            raise InvalidArgument("orientations must be +1 or -1")
        if new != term.orientation:
            s = Fraction(term.orientation)
            slope = vadd(slope, vscale(s, term.coefficient))
            intercept = vsub(intercept, vscale(s * term.knot, term.coefficient))
        terms.append(ReluTerm(term.knot, int(new), term.coefficient))
    return BasisExpansion(tuple(terms), slope, intercept, expansion.domain, expansion.layout)


def merge_terms(expansion: BasisExpansion) -> BasisExpansion:
    """Add up terms with the same knot and orientation, drop zero terms; sort by (knot, orientation).

    Examples
    --------
    >>> e = network_expansion(TwoLayerReLU([[1], [2], [1]], [0, 0, -1], [[1, 1, 0]], [0]))
    >>> merge_terms(e).terms
    (ReluTerm(knot=0, right-facing, coefficient=3),)
    """
    merged: dict[tuple[Fraction, int], Vector] = {}
    for term in expansion.terms:
        key = (term.knot, term.orientation)
        merged[key] = vadd(merged[key], term.coefficient) if key in merged else term.coefficient
    terms = tuple(ReluTerm(t, s, a) for (t, s), a in sorted(merged.items()) if not is_zero(a))
    return BasisExpansion(terms, expansion.slope, expansion.intercept, expansion.domain, expansion.layout)


def _absorb_outside(expansion: BasisExpansion, domain: Interval) -> BasisExpansion:
    # right-facing terms only: knot <= alpha acts affinely on the domain, knot >= beta is dead
    alpha, beta = domain
    slope, intercept = expansion.slope, expansion.intercept
    kept = []
    for term in expansion.terms:
        if term.knot <= alpha:
            slope = vadd(slope, term.coefficient)
            intercept = vsub(intercept, vscale(term.knot, term.coefficient))
        elif term.knot < beta:
            kept.append(term)
    return BasisExpansion(tuple(kept), slope, intercept, domain, expansion.layout)


def expansions_equal(first: BasisExpansion, second: BasisExpansion, *, domain: DomainLike = None) -> bool:
    """Exactly whether two expansions are the same function on ``domain`` (R when None).

    Both are continuous and piecewise linear with kinks only at their knots, so equality at
    every knot, between consecutive knots and beyond the outer ones decides it.

    Examples
    --------
    >>> e = network_expansion(TwoLayerReLU([[-1]], [0], [[1]], [0]))
    >>> expansions_equal(e, reorient(e, [1]))
    True
    """
    interval = optional_interval(domain)
    points = {t.knot for t in (*first.terms, *second.terms)}
    if interval is not None:
        points = {p for p in points if interval[0] < p < interval[1]} | set(interval)
    else:
        points.add(ZERO)
        points |= {min(points) - 1, max(points) + 1}
    ordered = sorted(points)
    candidates = ordered + [(u + v) / 2 for u, v in itertools.pairwise(ordered)]
    return all(first([x]) == second([x]) for x in candidates)


@dataclass(frozen=True, slots=True)
class RewriteStep:
    """One exact identity step of :func:`rewrite`: the rule applied and the expansion after it."""

    rule: str
    expansion: BasisExpansion

    def __repr__(self) -> str:
        return f"RewriteStep({self.rule!r}, terms={len(self.expansion.terms)})"


def _to_canonical(expansion: BasisExpansion, domain: Interval | None) -> list[RewriteStep]:
    steps = [RewriteStep("start", expansion)]
    flipped = reorient(expansion, [1] * len(expansion.terms))
    steps.append(RewriteStep("turn every left-facing unit right: relu(t - x) = relu(x - t) - (x - t)", flipped))
    merged = merge_terms(flipped)
    steps.append(RewriteStep("merge units sharing a knot, drop zero terms", merged))
    if domain is not None:
        steps.append(
            RewriteStep(
                "absorb knots outside the domain (affine-acting -> affine part, dead -> 0)",
                _absorb_outside(merged, domain),
            )
        )
    return steps


_INVERSE = {
    "turn every left-facing unit right: relu(t - x) = relu(x - t) - (x - t)": (
        "turn units back to the target orientations: relu(x - t) = relu(t - x) + (x - t)"
    ),
    "merge units sharing a knot, drop zero terms": "split merged knots into the target's units",
    "absorb knots outside the domain (affine-acting -> affine part, dead -> 0)": (
        "move the target's outside knots out of the affine part (affine-acting / dead units)"
    ),
}


def rewrite(source: BasisExpansion, target: BasisExpansion, *, domain: DomainLike = None) -> tuple[RewriteStep, ...]:
    """Rewrite one member of a spline's solution family into another by exact identities.

    Both are first brought to the canonical one-sided form (all units right-facing, merged,
    knots outside the domain absorbed); the target's path is then walked backwards. Each
    step's expansion is checked equal to the previous one on the domain.

    Parameters
    ----------
    source, target : BasisExpansion
        Two expansions of the same function on ``domain``.
    domain : DomainLike, optional
        An interval in any form :func:`reluexact.domain.as_interval` reads: ``(lo, hi)``,
        ``[(lo, hi)]``, ``"lo,hi"``, a 1-D Box or Polytope; None (default) is all of R.
        Default: the source's domain.

    Returns
    -------
    tuple of RewriteStep
        From ``source`` (first) to ``target`` (last).

    Raises
    ------
    InvalidArgument
        When the two expansions are not the same function on the domain.

    Examples
    --------
    >>> s = LinearSpline.from_values([0, 1, 2, 3], [0, 1, 1, 3])
    >>> steps = rewrite(one_sided_basis(s), two_sided_basis(s, layout="away"))
    >>> len(steps), steps[-1].expansion == two_sided_basis(s, layout="away")
    (7, True)
    """
    interval = optional_interval(domain) if domain is not None else source.domain
    if source.output_dim != target.output_dim:
        raise ShapeError("the two expansions have different numbers of outputs")
    if not expansions_equal(source, target, domain=interval):
        raise InvalidArgument("the two expansions are different functions on the domain; no rewrite exists")
    forward = _to_canonical(source, interval)
    backward = _to_canonical(target, interval)
    steps = list(forward)
    canonical_source = forward[-1].expansion
    canonical_target = backward[-1].expansion
    if merge_terms(canonical_source).terms != merge_terms(canonical_target).terms:
        raise AssertionError("canonical forms differ although the functions agree; please report this bug")
    for index in range(len(backward) - 1, 0, -1):
        rule = _INVERSE.get(backward[index].rule, backward[index].rule)
        steps.append(RewriteStep(rule, backward[index - 1].expansion))
    for before, after in itertools.pairwise(steps):
        if not expansions_equal(before.expansion, after.expansion, domain=interval):
            raise AssertionError(f"rewrite step {after.rule!r} changed the function; please report this bug")
    return tuple(steps)


def spline_of_network(net: TwoLayerReLU, domain: DomainLike) -> LinearSpline:
    """The linear spline a 1-D network computes on [alpha, beta] (knots: ends and break points).

    Examples
    --------
    >>> spline_of_network(TwoLayerReLU([[1]], [0], [[1]], [0]), (-1, 1)).knots
    (Fraction(-1, 1), Fraction(0, 1), Fraction(1, 1))
    """
    return LinearSpline.from_spline_form(spline_form(net, domain=domain))
