"""Exact equivalence of 1-D networks and the minimal-width network with a proof of minimality.

Equivalence
    Two 1-D networks compute the same function on R iff their spline forms agree: the same
    break points (knots with non-zero merged jump), the same jumps, and the same leftmost
    piece (slope and intercept). On a domain [alpha, beta] the same holds for the spline
    forms restricted to it (break points strictly inside, first piece on [alpha, t_1]).
    See ``proofs/prove_equivalence_criterion.py``.

Minimal width
    Let f have k break points t_1 < ... < t_k with jumps J_j in Q^m \\ {0} and leftmost slope L.
    Every break point needs a unit with knot there, so any network computing f has width
    >= k. A width-k network therefore has exactly one unit per break point, unit j having
    a_j |w_j| = J_j and orientation s_j; its leftmost slope is -sum_{j: s_j = -1} J_j. So

    * width k is possible iff some subset S of {1..k} has sum_{j in S} J_j = -L
      (a vector subset-sum; choose S as the left-facing units);
    * otherwise width k + 1 suffices: on R, split the first break point into a right-facing
      unit with jump J_1 + L and a left-facing one with jump -L; on a domain, add one
      affine-acting unit L relu(x - alpha).
    * On R, k = 0 is special: a constant needs 0 units, but an affine function with slope
      L != 0 needs 2 (one unit always bends); L relu(x) - L relu(-x) = L x does it. On a
      domain one affine-acting unit suffices.

    The subset-sum is decided exactly by meet-in-the-middle over de-duplicated partial sums,
    within a state budget. See ``proofs/prove_minimal_width.py``.

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> net = TwoLayerReLU([[1], [1], [-1]], [0, 0, 2], [[1, 2, 5]], [0])
>>> result = minimal_network(net)
>>> result.width, result.certificate.lower_bound
(2, 2)
>>> are_equivalent(net, result.network)
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact.domain import DomainLike
from reluexact.errors import ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.oned._common import (
    ZERO,
    Interval,
    Vector,
    evaluate_points,
    is_zero,
    optional_interval,
    require_1d,
    vadd,
)
from reluexact.oned.spline import SplineForm, spline_form

__all__ = [
    "MinimalNetwork",
    "MinimalityCertificate",
    "are_equivalent",
    "difference_witness",
    "find_orientation_subset",
    "minimal_network",
    "minimal_width",
]


def _canonical(form: SplineForm) -> tuple[Any, ...]:
    return (
        tuple((k.x, k.jump) for k in form.break_points),
        form.pieces[0].slope,
        form.pieces[0].intercept,
    )


def _check_pair(net1: TwoLayerReLU, net2: TwoLayerReLU) -> None:
    require_1d(net1, what="are_equivalent")
    require_1d(net2, what="are_equivalent")
    if net1.output_dim != net2.output_dim:
        raise ShapeError(f"the networks have {net1.output_dim} and {net2.output_dim} outputs; they cannot be equal")


def are_equivalent(net1: TwoLayerReLU, net2: TwoLayerReLU, *, domain: DomainLike = None) -> bool:
    """Decide exactly whether two 1-D networks compute the same function (on R or a domain).

    Compares the spline forms: break points, jumps and the leftmost piece. Exact.

    Parameters
    ----------
    net1, net2 : TwoLayerReLU
        1-D networks with the same number of outputs m.
    domain : DomainLike, optional
        An interval in any form :func:`reluexact.domain.as_interval` reads: ``(lo, hi)``,
        ``[(lo, hi)]``, ``"lo,hi"``, a 1-D Box or Polytope; None (default) is all of R.
        Compare on [alpha, beta] only.

    Returns
    -------
    bool

    See Also
    --------
    difference_witness : a point where they differ (an independent check).

    Examples
    --------
    >>> relu_x = TwoLayerReLU([[1]], [0], [[1]], [0])
    >>> two_sided = TwoLayerReLU([[-1], [1], [-1]], [0, 0, 0], [[1, 1, -1]], [0])  # relu(-x) + x
    >>> are_equivalent(relu_x, two_sided)
    True
    >>> are_equivalent(relu_x, TwoLayerReLU([[1]], [0], [[2]], [0]))
    False
    >>> identity = TwoLayerReLU([[1], [-1]], [0, 0], [[1, -1]], [0])  # relu(x) - relu(-x) = x
    >>> are_equivalent(identity, TwoLayerReLU([[1]], [-1], [[1]], [1]), domain=(1, 5))
    True
    """
    _check_pair(net1, net2)
    return _canonical(spline_form(net1, domain=domain)) == _canonical(spline_form(net2, domain=domain))


def difference_witness(net1: TwoLayerReLU, net2: TwoLayerReLU, *, domain: DomainLike = None) -> Fraction | None:
    """A rational x where the two networks differ, or None when they are equal (exact).

    Independent of :func:`are_equivalent`: it evaluates both networks exactly at every knot of
    either network (inside the domain), at the domain's ends (or one point beyond the outer
    knots on R) and between consecutive candidate points. Both functions are affine between
    consecutive candidates, so agreement at all of them proves equality.

    Examples
    --------
    >>> a = TwoLayerReLU([[1]], [0], [[1]], [0])
    >>> b = TwoLayerReLU([[1]], [-1], [[1]], [0])
    >>> difference_witness(a, b)
    Fraction(1, 2)
    >>> difference_witness(a, a) is None
    True
    """
    _check_pair(net1, net2)
    interval = optional_interval(domain)
    points: set[Fraction] = set()
    for net in (net1, net2):
        for i in range(net.n_hidden):
            w = net.W[i][0]
            if w != 0:
                points.add(-net.b[i] / w)
    if interval is not None:
        points = {p for p in points if interval[0] < p < interval[1]} | set(interval)
    else:
        points.add(Fraction(0))
        points |= {min(points) - 1, max(points) + 1}
    ordered = sorted(points)
    candidates = ordered + [(u + v) / 2 for u, v in itertools.pairwise(ordered)]
    candidates.sort()
    values1, values2 = evaluate_points(net1, candidates), evaluate_points(net2, candidates)
    for x, first, second in zip(candidates, values1, values2, strict=True):
        if first != second:
            return x
    return None


@dataclass(frozen=True, slots=True)
class MinimalityCertificate:
    """Why the minimal width is what it is.

    Attributes
    ----------
    domain : (Fraction, Fraction) or None
    break_points : tuple of Fraction
        t_1 < ... < t_k.
    jumps : tuple of m-tuples
        J_1, ..., J_k (all non-zero).
    leftmost_slope : tuple of m Fractions
        L, the slope of the leftmost piece (far left on R, just right of alpha on a domain).
    left_facing : tuple of int or None
        A subset S (0-based positions in ``break_points``) with sum_{j in S} J_j = -L, or None.
    searched_exhaustively : bool
        True when the absence of S was established by exhaustive search (or a bound); False
        when the search hit its budget (then ``upper_bound`` may exceed ``lower_bound``).
    lower_bound, upper_bound : int
        Proven bounds on the minimal width; equal when the width is proven minimal.
    """

    domain: Interval | None
    break_points: tuple[Fraction, ...]
    jumps: tuple[Vector, ...]
    leftmost_slope: Vector
    left_facing: tuple[int, ...] | None
    searched_exhaustively: bool
    lower_bound: int
    upper_bound: int

    @property
    def is_proven(self) -> bool:
        """True when lower_bound == upper_bound.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> identity = TwoLayerReLU([[1], [1], [-1]], [0, 0, 0], [[1, 1, -2]], [0])  # 2 relu(x) - 2 relu(-x) = 2x
        >>> minimal_network(identity).certificate.is_proven
        True
        """
        return self.lower_bound == self.upper_bound

    def __repr__(self) -> str:
        return (
            f"MinimalityCertificate(k={len(self.break_points)}, lower_bound={self.lower_bound}, "
            f"upper_bound={self.upper_bound})"
        )


@dataclass(frozen=True, slots=True)
class MinimalNetwork:
    """A minimal-width network for a function, with its :class:`MinimalityCertificate`.

    ``network`` computes the same function (checked exactly) with width ``width``.
    """

    network: TwoLayerReLU
    certificate: MinimalityCertificate

    @property
    def width(self) -> int:
        """The width of ``network`` (== certificate.upper_bound).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> minimal_network(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0]), domain=(1, 3)).width  # 2x - 1 on [1, 3]
        1
        """
        return self.network.n_hidden

    def __repr__(self) -> str:
        status = "proven minimal" if self.certificate.is_proven else "minimality not proven"
        return f"MinimalNetwork(width={self.width}, {status})"


def find_orientation_subset(
    jumps: Sequence[Sequence[Any]], target: Sequence[Any], *, max_states: int = 1 << 18
) -> tuple[tuple[int, ...] | None, bool]:
    """Exact vector subset-sum: a subset S with sum_{j in S} jumps[j] == target.

    Meet-in-the-middle over de-duplicated partial sums (integers after scaling by a common
    denominator). Returns ``(S, True)`` when found, ``(None, True)`` when proven absent, and
    ``(None, False)`` when a half's set of partial sums outgrew ``max_states``.

    Examples
    --------
    >>> find_orientation_subset([[1], [2], [4]], [5])
    ((0, 2), True)
    >>> find_orientation_subset([[1, 0], [0, 1]], [1, 2])
    (None, True)
    """
    vectors = [tuple(Fraction(v) for v in J) for J in jumps]
    goal = tuple(Fraction(v) for v in target)
    m = len(goal)
    if any(len(J) != m for J in vectors):
        raise ShapeError("every jump must have as many entries as the target")
    if not vectors:
        return ((), True) if is_zero(goal) else (None, True)
    denominator = 1
    for value in (*goal, *(v for J in vectors for v in J)):
        denominator = math.lcm(denominator, value.denominator)
    ints = [tuple(int(v * denominator) for v in J) for J in vectors]
    goal_int = tuple(int(v * denominator) for v in goal)
    for k in range(m):  # quick bound: the target must lie between the negative and positive parts
        low = sum(min(J[k], 0) for J in ints)
        high = sum(max(J[k], 0) for J in ints)
        if not low <= goal_int[k] <= high:
            return None, True
    half = len(ints) // 2
    left = _partial_sums(ints[:half], 0, m, max_states)
    right = _partial_sums(ints[half:], half, m, max_states)
    if left is None or right is None:
        return None, False
    for total, mask in right.items():
        need = tuple(g - t for g, t in zip(goal_int, total, strict=True))
        if need in left:
            chosen = left[need] | mask
            return tuple(j for j in range(len(ints)) if chosen >> j & 1), True
    return None, True


def _partial_sums(
    items: list[tuple[int, ...]], offset: int, m: int, max_states: int
) -> dict[tuple[int, ...], int] | None:
    sums: dict[tuple[int, ...], int] = {(0,) * m: 0}
    for j, item in enumerate(items):
        bit = 1 << (offset + j)
        new = {}
        for total, mask in sums.items():
            candidate = tuple(t + v for t, v in zip(total, item, strict=True))
            if candidate not in sums and candidate not in new:
                new[candidate] = mask | bit
        sums.update(new)
        if len(sums) > max_states:
            return None
    return sums


def _unit(knot: Fraction, orientation: int, jump: Vector) -> tuple[Fraction, Fraction, Vector]:
    # a relu(s (x - t)) with |w| = 1: w = s, b = -s t, a = jump
    return Fraction(orientation), -orientation * knot, jump


def _assemble(
    units: list[tuple[Fraction, Fraction, Vector]], form: SplineForm, anchor: Fraction, m: int
) -> TwoLayerReLU:
    target = form([anchor])
    value = list(target)
    for w, b, a in units:
        h = w * anchor + b
        if h > 0:
            value = [v - a_k * h for v, a_k in zip(value, a, strict=True)]
    W = [[w] for w, _, _ in units]
    b_ = [b for _, b, _ in units]
    A = [[a[k] for _, _, a in units] for k in range(m)]
    return TwoLayerReLU(W, b_, A, value, input_dim=1)


def minimal_network(
    net: TwoLayerReLU, *, domain: DomainLike = None, max_subset_states: int = 1 << 18
) -> MinimalNetwork:
    """The minimal-width network computing the same function (on R or on a domain), with proof.

    Parameters
    ----------
    net : TwoLayerReLU
        A 1-D network (m outputs allowed: jumps are then vectors, one knot structure).
    domain : DomainLike, optional
        An interval in any form :func:`reluexact.domain.as_interval` reads: ``(lo, hi)``,
        ``[(lo, hi)]``, ``"lo,hi"``, a 1-D Box or Polytope; None (default) is all of R.
        Minimise for [alpha, beta] only (units may then act affinely from outside).
    max_subset_states : int
        Budget for the exact subset-sum search (partial sums kept per half).

    Returns
    -------
    MinimalNetwork
        ``network`` (all hidden weights +-1, knots at the break points, at most one extra
        unit) and ``certificate``, the data of the proof; the equivalence of
        ``network`` and ``net`` is checked exactly before returning.

    Raises
    ------
    CertificationError
        If the built network were not equivalent (a bug; never expected).

    Examples
    --------
    An affine function needs two units on R, one on a domain:

    >>> net = TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])   # slope 2 for x >= 1
    >>> minimal_network(net, domain=(1, 3)).width
    1
    >>> identity = TwoLayerReLU([[1], [1], [-1]], [0, 0, 0], [[1, 1, -2]], [0])  # 2 relu(x) - 2 relu(-x) = 2x
    >>> best = minimal_network(identity)
    >>> best.width, best.certificate.is_proven
    (2, True)
    >>> best.certificate.break_points, best.certificate.leftmost_slope
    ((), (Fraction(2, 1),))
    """
    from reluexact.errors import CertificationError

    require_1d(net, what="minimal_network")
    interval = optional_interval(domain)
    form = spline_form(net, domain=interval)
    m = net.output_dim
    breaks = form.break_points
    k = len(breaks)
    L = form.far_left_slope
    ts = tuple(b.x for b in breaks)
    jumps = tuple(b.jump for b in breaks)
    anchor = interval[0] if interval is not None else (ts[0] if ts else ZERO)
    subset: tuple[int, ...] | None
    exhaustive = True
    units: list[tuple[Fraction, Fraction, Vector]] = []
    if k == 0:
        subset = () if is_zero(L) else None
        if subset is None:
            if interval is None:
                units = [(Fraction(1), ZERO, L), (Fraction(-1), ZERO, tuple(-v for v in L))]
            else:
                units = [(Fraction(1), -interval[0], L)]
        lower = 0 if subset is not None else (2 if interval is None else 1)
    else:
        target = tuple(-v for v in L)
        # the network's own orientations are a free first candidate
        own = tuple(j for j, b in enumerate(breaks) if b.left_units and not b.right_units)
        if _vsum(jumps, own, m) == target:
            subset = own
        else:
            subset, exhaustive = find_orientation_subset(jumps, target, max_states=max_subset_states)
        if subset is not None:
            chosen = set(subset)
            units = [_unit(t, -1 if j in chosen else 1, J) for j, (t, J) in enumerate(zip(ts, jumps, strict=True))]
        else:
            units = [_unit(t, 1, J) for t, J in zip(ts, jumps, strict=True)]
            if interval is None:
                units[0] = _unit(ts[0], 1, vadd(jumps[0], L))
                units.append(_unit(ts[0], -1, tuple(-v for v in L)))
            else:
                units.append((Fraction(1), -interval[0], L))
        lower = k if (subset is not None or not exhaustive) else k + 1
    result = _assemble(units, form, anchor, m)
    if not are_equivalent(net, result, domain=interval):
        raise CertificationError("minimal_network built a network that is not equivalent; please report this bug")
    certificate = MinimalityCertificate(
        domain=interval,
        break_points=ts,
        jumps=jumps,
        leftmost_slope=L,
        left_facing=subset,
        searched_exhaustively=exhaustive,
        lower_bound=lower,
        upper_bound=result.n_hidden,
    )
    return MinimalNetwork(result, certificate)


def _vsum(vectors: Sequence[Vector], indices: Sequence[int], m: int) -> Vector:
    total: Vector = (ZERO,) * m
    for j in indices:
        total = vadd(total, vectors[j])
    return total


def minimal_width(net: TwoLayerReLU, *, domain: DomainLike = None) -> int:
    """The minimal width of a network computing the same function (see :func:`minimal_network`).

    Examples
    --------
    >>> minimal_width(TwoLayerReLU([[2], [1]], [0, 0], [[1, 1]], [5]))
    1
    """
    return minimal_network(net, domain=domain).width
