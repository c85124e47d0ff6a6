"""The strict partial order of knots of a 1-D network over a domain: the d = 1 view of the half-space order.

On a domain D (an interval [alpha, beta], or R) the active set of unit i is the open interval
{x in int D : w_i x + b_i > 0}, taken in the interior of D as in every dimension, and unit i
*precedes* unit j (i < j) when j's active set is a strict subset of i's. The relation is
irreflexive and transitive (strict inclusion is). It is :func:`reluexact.order.half_space_order`
for d = 1: :func:`knot_order` is that order with the 1-D node attributes ``knot``,
``orientation`` and ``active_set`` added, and :func:`precedes` is
:func:`reluexact.order.precedes`.

Each unit has a status on D, in the one vocabulary of :mod:`reluexact.order`: ``"shaping"``
(knot strictly inside D), ``"dead"`` (never active on D) or ``"affine-acting"`` (active on
all of int D; also w = 0 with b > 0). A knot exactly at a domain end is not inside: the unit
is affine-acting or dead there. The shaping units form two chains: right-facing units by
increasing knot, left-facing units by decreasing knot. Affine-acting units sit above every
unit with a smaller active set; dead units sit below every unit with a non-empty one.

Everything is exact. Units are Python indices, from 0.

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> net = TwoLayerReLU([[1], [1], [-1], [-1]], [0, -1, 2, 3], [[1, 1, 1, 1]], [0])
>>> hasse = knot_order(net, domain=(-5, 5), transitive_reduction=True)
>>> sorted(hasse.edges())
[(0, 1), (3, 2)]
>>> chains = knot_chains(net, domain=(-5, 5))
>>> chains.right, chains.left
(((0,), (1,)), ((3,), (2,)))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from reluexact.domain import Box, DomainLike, as_interval
from reluexact.model import TwoLayerReLU
from reluexact.oned._common import require_1d
from reluexact.order import AFFINE_ACTING, DEAD, SHAPING, Status, active_status, half_space_order, precedes
from reluexact.rational import format_fraction

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ActiveSet", "KnotChains", "active_set", "knot_chains", "knot_order", "one_sided_ordering", "precedes"]


@dataclass(frozen=True, slots=True)
class ActiveSet:
    """An open interval (low, high) of R, possibly empty; an end is None for -inf / +inf.

    Active sets are taken in the interior of the domain, so they are open.
    """

    empty: bool
    low: Fraction | None = None
    high: Fraction | None = None

    def __repr__(self) -> str:
        if self.empty:
            return "ActiveSet(empty)"
        low = "-inf" if self.low is None else format_fraction(self.low)
        high = "+inf" if self.high is None else format_fraction(self.high)
        return f"ActiveSet(({low}, {high}))"


def _active(w: Fraction, b: Fraction, status: Status, interval: Box | None) -> ActiveSet:
    if status == DEAD:
        return ActiveSet(True)
    low, high = (None, None) if interval is None else (interval.low, interval.high)
    if status == AFFINE_ACTING:
        return ActiveSet(False, low, high)
    knot = -b / w  # shaping: the knot is strictly inside D
    return ActiveSet(False, knot, high) if w > 0 else ActiveSet(False, low, knot)


def active_set(net: TwoLayerReLU, i: int, *, domain: DomainLike = None) -> ActiveSet:
    """The exact active set {x in int D : w_i x + b_i > 0} of unit i (an open interval).

    Examples
    --------
    >>> net = TwoLayerReLU([[2], [-1], [1]], [-1, 0, 1], [[1, 1, 1]], [0])
    >>> [active_set(net, i, domain=(0, 1)) for i in range(3)]
    [ActiveSet((1/2, 1)), ActiveSet(empty), ActiveSet((0, 1))]
    """
    require_1d(net, what="active_set")
    interval = as_interval(domain)
    status = active_status(net, domain=interval)[i]
    return _active(net.W[i][0], net.b[i], status, interval)


def knot_order(net: TwoLayerReLU, *, domain: DomainLike = None, transitive_reduction: bool = False) -> nx.DiGraph:
    """The strict partial order of the units as a networkx DiGraph: the d = 1 half-space order.

    The graph is :func:`reluexact.order.half_space_order` (nodes carry ``status``, ``weights``,
    ``bias``) with the 1-D attributes ``knot`` (Fraction, None for w = 0), ``orientation``
    (+1, -1, 0) and ``active_set`` (:class:`ActiveSet`) added. An edge i -> j means i precedes
    j (j's active set is strictly inside i's).

    Parameters
    ----------
    net : TwoLayerReLU
        1-D network.
    domain : DomainLike, optional
        An interval D (``(lo, hi)``, ``"lo,hi"``, a 1-D Box, ...); R when omitted.
    transitive_reduction : bool
        False (default, as in :func:`~reluexact.order.half_space_order`): the full relation;
        True: its Hasse diagram.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [1], [1]], [0, -1, -2], [[1, 1, 1]], [0])
    >>> sorted(knot_order(net).edges()), sorted(knot_order(net, transitive_reduction=True).edges())
    ([(0, 1), (0, 2), (1, 2)], [(0, 1), (1, 2)])
    >>> knot_order(net, domain=(1, 3)).nodes[1]["status"]  # knot at the left end: active on all of (1, 3)
    'affine-acting'
    """
    require_1d(net, what="knot_order")
    interval = as_interval(domain)
    graph = half_space_order(net, domain=interval, transitive_reduction=transitive_reduction)
    for i in range(net.n_hidden):
        w, b = net.W[i][0], net.b[i]
        node = graph.nodes[i]
        node["knot"] = None if w == 0 else -b / w
        node["orientation"] = (w > 0) - (w < 0)
        node["active_set"] = _active(w, b, node["status"], interval)
    return graph


@dataclass(frozen=True, slots=True)
class KnotChains:
    """The chains of the knot order: groups of units with equal active sets, in order.

    Attributes
    ----------
    right : tuple of tuple of int
        Right-facing shaping units (knots strictly inside D) by increasing knot, each entry a
        group sharing a knot; each group precedes the next.
    left : tuple of tuple of int
        Left-facing shaping units likewise, by decreasing knot.
    top : tuple of int
        Affine-acting units: active on all of D (knot at or beyond the end they face away
        from, and w = 0 with b > 0).
    bottom : tuple of int
        Dead units: never active on D.
    """

    right: tuple[tuple[int, ...], ...]
    left: tuple[tuple[int, ...], ...]
    top: tuple[int, ...]
    bottom: tuple[int, ...]


def knot_chains(net: TwoLayerReLU, *, domain: DomainLike = None) -> KnotChains:
    """The two chains of the order (right-facing up, left-facing down) plus top and bottom units.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [2], [-1], [1]], [0, 0, 1, -9], [[1, 1, 1, 1]], [0])
    >>> knot_chains(net, domain=(-2, 2))
    KnotChains(right=((0, 1),), left=((2,),), top=(), bottom=(3,))
    """
    require_1d(net, what="knot_chains")
    status = active_status(net, domain=as_interval(domain))
    right: dict[Fraction, list[int]] = {}
    left: dict[Fraction, list[int]] = {}
    for i, s in enumerate(status):
        w, b = net.W[i][0], net.b[i]
        if s == SHAPING:
            (right if w > 0 else left).setdefault(-b / w, []).append(i)
    return KnotChains(
        right=tuple(tuple(right[t]) for t in sorted(right)),
        left=tuple(tuple(left[t]) for t in sorted(left, reverse=True)),
        top=tuple(i for i, s in enumerate(status) if s == AFFINE_ACTING),
        bottom=tuple(i for i, s in enumerate(status) if s == DEAD),
    )


def one_sided_ordering(net: TwoLayerReLU, *, domain: DomainLike = None) -> tuple[tuple[Fraction, tuple[int, ...]], ...]:
    """The one-sided ordering the order induces: knots inside D left to right, with their units.

    Rewriting every left-facing unit as right-facing (relu(t - x) = relu(x - t) - (x - t))
    turns both chains into one: the order in which the units of the one-sided form switch
    on from left to right. It is a linear extension of the right-facing chain and of the
    reversed left-facing chain.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-1], [1]], [0, 1, -2], [[1, 1, 1]], [0])
    >>> [(str(t), units) for t, units in one_sided_ordering(net)]
    [('0', (0,)), ('1', (1,)), ('2', (2,))]
    """
    chains = knot_chains(net, domain=domain)
    by_knot: dict[Fraction, list[int]] = {}
    for group in (*chains.right, *chains.left):
        for i in group:
            by_knot.setdefault(-net.b[i] / net.W[i][0], []).append(i)
    return tuple((t, tuple(sorted(by_knot[t]))) for t in sorted(by_knot))
