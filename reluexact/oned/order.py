"""The strict partial order of knots of a 1-D network over a domain.

On a domain D (an interval [alpha, beta], or R), unit i *precedes* unit j (i < j) when j's
active set {x in D : w_j x + b_j > 0} is a strict subset of i's. The relation is
irreflexive and transitive (strict inclusion is). For units whose knots lie strictly inside
D it has two chains: right-facing units by increasing knot, left-facing units by decreasing
knot. Units active on all of D (affine-acting) sit above every other unit with a smaller
active set; dead units (empty active set) sit below every unit with a non-empty one.

Active sets are intervals compared exactly (open or closed ends), so the order is exact.

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> net = TwoLayerReLU([[1], [1], [-1], [-1]], [0, -1, 2, 3], [[1, 1, 1, 1]], [0])
>>> hasse = knot_order(net, domain=(-5, 5))
>>> sorted(hasse.edges())
[(0, 1), (3, 2)]
>>> chains = knot_chains(net, domain=(-5, 5))
>>> chains.right, chains.left
(((0,), (1,)), ((3,), (2,)))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reluexact.model import TwoLayerReLU
from reluexact.oned._common import Interval, optional_interval, require_1d
from reluexact.oned.spline import unit_role
from reluexact.order import transitive_reduction_keeping_attributes
from reluexact.rational import format_fraction

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ActiveSet", "KnotChains", "active_set", "knot_chains", "knot_order", "one_sided_ordering", "precedes"]


@dataclass(frozen=True, slots=True)
class ActiveSet:
    """An interval of R (possibly empty): ends are Fractions or None for -inf / +inf.

    ``low_closed``/``high_closed`` say whether a finite end belongs to the set.
    """

    empty: bool
    low: Fraction | None = None
    high: Fraction | None = None
    low_closed: bool = False
    high_closed: bool = False

    def issubset(self, other: ActiveSet) -> bool:
        """Exact inclusion test."""
        if self.empty:
            return True
        if other.empty:
            return False
        return _low_le(other, self) and _high_ge(other, self)

    def __lt__(self, other: ActiveSet) -> bool:  # strict subset
        return self.issubset(other) and self != other

    def __repr__(self) -> str:
        if self.empty:
            return "ActiveSet(empty)"
        low = "(-inf" if self.low is None else ("[" if self.low_closed else "(") + format_fraction(self.low)
        high = "+inf)" if self.high is None else format_fraction(self.high) + ("]" if self.high_closed else ")")
        return f"ActiveSet({low}, {high})"


def _low_le(a: ActiveSet, b: ActiveSet) -> bool:
    """a's lower end admits everything b's lower end admits."""
    if a.low is None:
        return True
    if b.low is None:
        return False
    if a.low != b.low:
        return a.low < b.low
    return a.low_closed or not b.low_closed


def _high_ge(a: ActiveSet, b: ActiveSet) -> bool:
    if a.high is None:
        return True
    if b.high is None:
        return False
    if a.high != b.high:
        return a.high > b.high
    return a.high_closed or not b.high_closed


def _normalise(s: ActiveSet) -> ActiveSet:
    if s.empty or s.low is None or s.high is None:
        return s
    if s.low > s.high or (s.low == s.high and not (s.low_closed and s.high_closed)):
        return ActiveSet(True)
    return s


def active_set(net: TwoLayerReLU, i: int, *, domain: Any = None) -> ActiveSet:
    """The exact active set {x in D : w_i x + b_i > 0} of unit i.

    Examples
    --------
    >>> net = TwoLayerReLU([[2], [-1]], [-1, 0], [[1, 1]], [0])
    >>> active_set(net, 0, domain=(0, 1)), active_set(net, 1, domain=(0, 1))
    (ActiveSet((1/2, 1]), ActiveSet(empty))
    """
    require_1d(net, what="active_set")
    return _active(net.W[i][0], net.b[i], optional_interval(domain))


def _active(w: Fraction, b: Fraction, domain: Interval | None) -> ActiveSet:
    base = ActiveSet(False, None, None) if domain is None else ActiveSet(False, domain[0], domain[1], True, True)
    if w == 0:
        return base if b > 0 else ActiveSet(True)
    t = -b / w
    if w > 0:  # x > t
        if base.low is not None and t < base.low:
            return base
        return _normalise(ActiveSet(False, t, base.high, False, base.high_closed))
    if base.high is not None and t > base.high:
        return base
    return _normalise(ActiveSet(False, base.low, t, base.low_closed, False))


def precedes(net: TwoLayerReLU, i: int, j: int, *, domain: Any = None) -> bool:
    """Whether unit i precedes unit j: j's active set is a strict subset of i's.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])
    >>> precedes(net, 0, 1), precedes(net, 1, 0), precedes(net, 0, 0)
    (True, False, False)
    """
    interval = optional_interval(domain)
    return _active(net.W[j][0], net.b[j], interval) < _active(net.W[i][0], net.b[i], interval)


def knot_order(net: TwoLayerReLU, *, domain: Any = None, transitive_reduction: bool = True) -> nx.DiGraph:
    """The strict partial order of the units as a networkx DiGraph (its Hasse diagram by default).

    Nodes are unit indices with attributes ``knot`` (Fraction or None for w = 0),
    ``orientation`` (+1, -1, 0), ``role`` (on the domain) and ``active_set``. An edge i -> j
    means i precedes j (j's active set is strictly inside i's).

    Parameters
    ----------
    net : TwoLayerReLU
        1-D network.
    domain : pair or ``"a,b"``, optional
        D; R when omitted.
    transitive_reduction : bool
        Return the Hasse diagram (default) or the full relation.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [1], [1]], [0, -1, -2], [[1, 1, 1]], [0])
    >>> sorted(knot_order(net).edges()), sorted(knot_order(net, transitive_reduction=False).edges())
    ([(0, 1), (1, 2)], [(0, 1), (0, 2), (1, 2)])
    """
    import networkx as nx

    require_1d(net, what="knot_order")
    interval = optional_interval(domain)
    sets = [_active(net.W[i][0], net.b[i], interval) for i in range(net.n_hidden)]
    graph = nx.DiGraph()
    for i in range(net.n_hidden):
        w = net.W[i][0]
        graph.add_node(
            i,
            knot=None if w == 0 else -net.b[i] / w,
            orientation=(w > 0) - (w < 0),
            role=unit_role(net, i, domain=interval),
            active_set=sets[i],
        )
    # O(n^2) exact comparisons; fine for the widths of interest
    for i in range(net.n_hidden):
        for j in range(net.n_hidden):
            if i != j and sets[j] < sets[i]:
                graph.add_edge(i, j)
    return transitive_reduction_keeping_attributes(graph) if transitive_reduction else graph


@dataclass(frozen=True, slots=True)
class KnotChains:
    """The chains of the knot order: groups of units with equal active sets, in order.

    Attributes
    ----------
    right : tuple of tuple of int
        Right-facing units whose active set is neither empty nor all of D (knots in
        [alpha, beta)), by increasing knot (each entry a group sharing a knot); each group
        precedes the next.
    left : tuple of tuple of int
        Left-facing units likewise (knots in (alpha, beta]), by decreasing knot.
    top : tuple of int
        Units active on all of D (affine-acting, and w = 0 with b > 0).
    bottom : tuple of int
        Units never active on D (dead).
    """

    right: tuple[tuple[int, ...], ...]
    left: tuple[tuple[int, ...], ...]
    top: tuple[int, ...]
    bottom: tuple[int, ...]


def knot_chains(net: TwoLayerReLU, *, domain: Any = None) -> KnotChains:
    """The two chains of the order (right-facing up, left-facing down) plus top and bottom units.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [2], [-1], [1]], [0, 0, 1, -9], [[1, 1, 1, 1]], [0])
    >>> knot_chains(net, domain=(-2, 2))
    KnotChains(right=((0, 1),), left=((2,),), top=(), bottom=(3,))
    """
    require_1d(net, what="knot_chains")
    interval = optional_interval(domain)
    right: dict[Fraction, list[int]] = {}
    left: dict[Fraction, list[int]] = {}
    top, bottom = [], []
    full = _active(Fraction(0), Fraction(1), interval)
    for i in range(net.n_hidden):
        w, b = net.W[i][0], net.b[i]
        s = _active(w, b, interval)
        if s.empty:
            bottom.append(i)
        elif s == full:
            top.append(i)
        elif w > 0:
            right.setdefault(-b / w, []).append(i)
        else:
            left.setdefault(-b / w, []).append(i)
    return KnotChains(
        right=tuple(tuple(right[t]) for t in sorted(right)),
        left=tuple(tuple(left[t]) for t in sorted(left, reverse=True)),
        top=tuple(top),
        bottom=tuple(bottom),
    )


def one_sided_ordering(net: TwoLayerReLU, *, domain: Any = None) -> tuple[tuple[Fraction, tuple[int, ...]], ...]:
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
