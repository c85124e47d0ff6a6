"""Decoding a training solution: what every unit of a 1-D network does on the data domain.

For a 1-D network (typically trained, its floats rationalised losslessly) and a data domain
[alpha, beta], :func:`decode` maps each hidden unit to its knot t_i = -b_i / w_i, orientation
s_i = sign(w_i), jump contribution a_i |w_i| and role on the domain (shaping, dead,
affine-acting, zero-output); groups the units sharing a knot; and states and checks the
exact identity

    net(x) = sum_{knots t inside} J_t relu(x - t) + (slope x + intercept)   on [alpha, beta],

the one-sided-basis solution plus an affine term, where J_t is the merged jump at t.
It follows from relu(t - x) = relu(x - t) - (x - t) for the left-facing shaping units and
from affine-acting units being affine on the domain. Both the one-sided network and the
theory's one-sided basis with auxiliary knot x_{-1} are built and checked equal to the
network on the domain, exactly.

:func:`reluexact.oned.comparison.compare_with_construction` sets a decoded training solution
beside constructed solutions for the same target (knots against the target's curvature, errors of each).

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
>>> dec = decode(net, domain=(-1, 1))
>>> [(u.index, str(u.knot), u.orientation, u.role) for u in dec.units]
[(0, '1/2', 1, 'shaping'), (1, '1/2', -1, 'shaping'), (2, '-1/2', 1, 'shaping')]
>>> dec.affine_slope, dec.affine_intercept
((Fraction(-6, 1),), (Fraction(31, 10),))
>>> dec.identity_verified
True
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact.domain import DomainLike
from reluexact.errors import CertificationError
from reluexact.model import TwoLayerReLU
from reluexact.oned._common import (
    Interval,
    Vector,
    evaluate_points,
    is_zero,
    require_1d,
    required_interval,
    vadd,
    vscale,
    vsub,
    zeros,
)
from reluexact.oned.bases import BasisExpansion, LinearSpline, one_sided_basis
from reluexact.oned.equivalence import are_equivalent
from reluexact.oned.spline import (
    AFFINE_ACTING,
    DEAD,
    SHAPING,
    ZERO_OUTPUT,
    ReluTerm,
    SplineForm,
    spline_form,
    unit_role,
)
from reluexact.printing import repr_latex
from reluexact.rational import format_fraction

__all__ = ["DecodedUnit", "Decoding", "KnotGroup", "decode"]


@dataclass(frozen=True, slots=True)
class DecodedUnit:
    """One hidden unit, decoded.

    Attributes
    ----------
    index : int
    knot : Fraction or None
        t_i = -b_i / w_i (None when w_i = 0).
    orientation : int
        +1 right-facing (w_i > 0), -1 left-facing, 0 when w_i = 0.
    jump : tuple of m Fractions
        a_i |w_i|: the slope change it makes at its knot (zero when w_i = 0).
    slope : tuple of m Fractions
        a_i w_i: the slope it adds where it is active.
    role : str
        shaping / dead / affine-acting / zero-output on the domain.
    group : int or None
        Index into ``Decoding.groups`` when the knot is inside the domain.
    term : ReluTerm or None
        The unit's exact contribution a_i |w_i| relu(s_i (x - t_i)); None when w_i = 0.
    constant : tuple of m Fractions
        For w_i = 0 the constant a_i relu(b_i) it adds; zero otherwise.
    """

    index: int
    knot: Fraction | None
    orientation: int
    jump: Vector
    slope: Vector
    role: str
    group: int | None
    term: ReluTerm | None
    constant: Vector

    def contribution(self, x: Sequence[Any]) -> Vector:
        """The unit's exact contribution a_i relu(w_i x + b_i) at x.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1], [0]], [0, 1, -2, -2, 1], [[1, 2, 1, -1, 3]], [0])
        >>> decoding = decode(net, domain=(-1, 3))  # units 3, 4 cancel at x = 2; unit 5 is the constant 3
        >>> decoding.units[1], decoding.units[1].contribution([0])  # 2 relu(-x + 1) at 0
        (DecodedUnit(1, knot=1, s=-1, shaping), (Fraction(2, 1),))
        """
        return self.term(x) if self.term is not None else self.constant

    def __repr__(self) -> str:
        knot = "-" if self.knot is None else format_fraction(self.knot)
        return f"DecodedUnit({self.index}, knot={knot}, s={self.orientation:+d}, {self.role})"


@dataclass(frozen=True, slots=True)
class KnotGroup:
    """Units sharing a knot inside the domain, and their merged jump."""

    knot: Fraction
    units: tuple[int, ...]
    right_units: tuple[int, ...]
    left_units: tuple[int, ...]
    jump: Vector

    @property
    def is_break_point(self) -> bool:
        """True when the merged jump is non-zero.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1], [0]], [0, 1, -2, -2, 1], [[1, 2, 1, -1, 3]], [0])
        >>> [(str(group.knot), group.units, group.is_break_point) for group in decode(net, domain=(-1, 3)).groups]
        [('0', (0,), True), ('1', (1,), True), ('2', (2, 3), False)]
        """
        return not is_zero(self.jump)


@dataclass(frozen=True, slots=True)
class Decoding:
    """The decoding of a 1-D network on a domain. Build with :func:`decode`.

    Attributes
    ----------
    network : TwoLayerReLU
    domain : (Fraction, Fraction)
    units : tuple of DecodedUnit
    groups : tuple of KnotGroup
        Knots strictly inside the domain, left to right.
    spline : SplineForm
        The spline form on the domain.
    one_sided : TwoLayerReLU
        sum over break points t of J_t relu(x - t): all hidden weights 1, c = 0.
    affine_slope, affine_intercept : tuple of m Fractions
        The affine term of the identity net = one_sided + affine on the domain.
    basis : BasisExpansion
        The theory's one-sided basis (auxiliary knot x_{-1}) of the same spline.
    identity_verified : bool
        Always True: :func:`decode` raises if the exact check fails.
    """

    network: TwoLayerReLU
    domain: Interval
    units: tuple[DecodedUnit, ...]
    groups: tuple[KnotGroup, ...]
    spline: SplineForm
    one_sided: TwoLayerReLU
    affine_slope: Vector
    affine_intercept: Vector
    basis: BasisExpansion
    identity_verified: bool

    def units_with_role(self, role: str) -> tuple[int, ...]:
        """Indices of units with this role.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1], [0]], [0, 1, -2, -2, 1], [[1, 2, 1, -1, 3]], [0])
        >>> decoding = decode(net, domain=(-1, 3))  # units 3, 4 cancel at x = 2; unit 5 is the constant 3
        >>> decoding.units_with_role("shaping"), decoding.units_with_role("affine-acting")
        ((0, 1, 2, 3), (4,))
        """
        return tuple(u.index for u in self.units if u.role == role)

    @property
    def role_counts(self) -> dict[str, int]:
        """How many units have each role.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1], [0]], [0, 1, -2, -2, 1], [[1, 2, 1, -1, 3]], [0])
        >>> decode(net, domain=(-1, 3)).role_counts
        {'shaping': 4, 'affine-acting': 1, 'dead': 0, 'zero-output': 0}
        """
        return {role: len(self.units_with_role(role)) for role in (SHAPING, AFFINE_ACTING, DEAD, ZERO_OUTPUT)}

    def identity_network(self) -> TwoLayerReLU:
        """one_sided + affine term as one network (affine via an affine-acting unit at alpha).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1], [-1], [1], [1], [0]], [0, 1, -2, -2, 1], [[1, 2, 1, -1, 3]], [0])
        >>> from reluexact.model import evaluate
        >>> identity = decode(net, domain=(-1, 3)).identity_network()
        >>> identity.n_hidden, all(evaluate(identity, [x]) == evaluate(net, [x]) for x in (-1, 0, "1/2", 2, 3))
        (3, True)
        """
        terms = tuple(ReluTerm(g.knot, 1, g.jump) for g in self.groups if g.is_break_point)
        expansion = BasisExpansion(terms, self.affine_slope, self.affine_intercept, self.domain, "one-sided+affine")
        return expansion.to_network(affine="auxiliary")

    def _repr_latex_(self) -> str:
        # The printer lives in report/; the bottom-layer hook loads it by name (see reluexact.printing).
        return repr_latex(self)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.role_counts.items() if v)
        return f"Decoding(n={len(self.units)}, knots={len(self.groups)}, {counts})"


def decode(net: TwoLayerReLU, *, domain: DomainLike, max_pointwise_checks: int = 256) -> Decoding:
    """Decode a 1-D network on its data domain, with the exact one-sided identity checked.

    Parameters
    ----------
    net : TwoLayerReLU
        d = 1; m outputs allowed. For a trained float network use
        ``TwoLayerReLU.from_float_arrays`` or ``reluexact.io.load_model`` (lossless).
    domain : DomainLike
        An interval in any form :func:`reluexact.domain.as_interval` reads: ``(lo, hi)``,
        ``[(lo, hi)]``, ``"lo,hi"``, a 1-D Box or Polytope.
        The data domain [alpha, beta].
    max_pointwise_checks : int
        The identity is proven by exact spline-form equivalence; in addition it is evaluated
        exactly at up to this many points (ends, knots, midpoints) as an independent check.

    Returns
    -------
    Decoding

    Raises
    ------
    CertificationError
        If an identity failed the exact check (a bug).

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-1], [1], [0]], [0, 5, -9, 2], [[2, 1, 4, 3]], [0])
    >>> dec = decode(net, domain=(-1, 1))
    >>> [u.role for u in dec.units]
    ['shaping', 'affine-acting', 'dead', 'affine-acting']
    >>> [(str(g.knot), [str(v) for v in g.jump]) for g in dec.groups]
    [('0', ['2'])]
    >>> [str(v) for v in (*dec.affine_slope, *dec.affine_intercept)]
    ['-1', '11']
    """
    require_1d(net, what="decode")
    interval = required_interval(domain, needed_by="decode")
    alpha, beta = interval
    m = net.output_dim
    form = spline_form(net, domain=interval)
    group_of: dict[int, int] = {}
    groups = []
    for g, knot in enumerate(form.knots):
        groups.append(KnotGroup(knot.x, knot.units, knot.right_units, knot.left_units, knot.jump))
        for i in knot.units:
            group_of[i] = g
    units = []
    slope, intercept = zeros(m), net.c
    for i in range(net.n_hidden):
        w, b, a = net.W[i][0], net.b[i], net.unit_output_weights(i)
        role = unit_role(net, i, domain=interval)
        term = None if w == 0 else ReluTerm(-b / w, 1 if w > 0 else -1, vscale(abs(w), a))
        constant = vscale(b, a) if (w == 0 and b > 0) else zeros(m)
        units.append(
            DecodedUnit(
                index=i,
                knot=None if term is None else term.knot,
                orientation=0 if term is None else term.orientation,
                jump=zeros(m) if term is None else term.coefficient,
                slope=vscale(w, a),
                role=role,
                group=group_of.get(i),
                term=term,
                constant=constant,
            )
        )
        if role == AFFINE_ACTING:  # a_i (w_i x + b_i) on the whole domain (w_i = 0: the constant a_i b_i)
            slope = vadd(slope, vscale(w, a))
            intercept = vadd(intercept, vscale(b, a))
        elif role == SHAPING and w < 0:  # a|w| relu(t - x) = a|w| relu(x - t) - a|w| (x - t)
            assert term is not None
            slope = vsub(slope, term.coefficient)
            intercept = vadd(intercept, vscale(term.knot, term.coefficient))
    breaks = [g for g in groups if g.is_break_point]
    one_sided = TwoLayerReLU(
        [[1] for _ in breaks],
        [-g.knot for g in breaks],
        [[g.jump[k] for g in breaks] for k in range(m)],
        zeros(m),
        input_dim=1,
    )
    basis = one_sided_basis(LinearSpline.from_spline_form(form))
    decoding = Decoding(
        network=net,
        domain=interval,
        units=tuple(units),
        groups=tuple(groups),
        spline=form,
        one_sided=one_sided,
        affine_slope=slope,
        affine_intercept=intercept,
        basis=basis,
        identity_verified=True,
    )
    # exact checks: (1) spline-form equivalence of the network with one_sided + affine and with
    # the one-sided basis (a proof, O(n log n)); (2) independently, pointwise evaluation at the
    # domain's ends, the knots and the midpoints between them (all of them when there are at
    # most max_pointwise_checks, else that many spread evenly: exact big-rational evaluation
    # at thousands of distinct knots is quadratic).
    points = sorted({alpha, beta, *(g.knot for g in groups)})
    points += [(u + v) / 2 for u, v in itertools.pairwise(points)]
    points.sort()
    if len(points) > max_pointwise_checks:
        step = (len(points) - 1) / (max_pointwise_checks - 1)
        points = sorted({points[round(k * step)] for k in range(max_pointwise_checks)})
    lhs_values = evaluate_points(net, points)
    # one_sided(x) = x * (sum of J_t over t < x) - (sum of J_t t over t < x): prefix sums over the
    # sorted knots (the batch evaluator would need one common denominator for all the knots)
    position, total_jump, total_moment = 0, zeros(m), zeros(m)
    for x, lhs in zip(points, lhs_values, strict=True):
        while position < len(breaks) and breaks[position].knot < x:
            total_jump = vadd(total_jump, breaks[position].jump)
            total_moment = vadd(total_moment, vscale(breaks[position].knot, breaks[position].jump))
            position += 1
        one = vsub(vscale(x, total_jump), total_moment)
        if lhs != vadd(vadd(one, vscale(x, slope)), intercept):
            raise CertificationError(f"decoding identity fails at x = {format_fraction(x)}; please report this bug")
    if not are_equivalent(net, decoding.identity_network(), domain=interval):
        raise CertificationError("decoding identity network is not equivalent; please report this bug")
    if not are_equivalent(net, basis.to_network(), domain=interval):
        raise CertificationError("the one-sided basis of the decoded spline differs; please report this bug")
    return decoding
