"""The strict partial order of active half-spaces inside a domain, for any input dimension d.

On a full-dimensional domain D (all of R^d, a box, or a polytope A x + b >= 0; read by
:func:`reluexact.domain.as_domain`) the *active set* of hidden unit i is the open set

    A_i = {x in int D : w_i . x + b_i > 0},

taken in the **interior** of D. Unit i **precedes** unit j (i -> j) when A_j is a strict
subset of A_i. Strict inclusion is irreflexive and transitive, so this is a strict partial
order; its chains are the "multiple strict partial orders" that delineate the regions (see
``docs/dd.md`` and the theory notes). In d = 1 it *is* the order of knots:
:func:`reluexact.oned.order.knot_order` is this order with 1-D node attributes. Parallel
units with the same orientation are always comparable: a parallel family along u is a 1-D
knot chain in the coordinate u . x (:func:`parallel_chains`).

Why the interior: a unit whose hyperplane only touches the boundary of D (a knot at a domain
end) is active on all of int D or on none of it. It does not bend f on D, so it is
affine-acting or dead there, as :func:`reluexact.oned.spline.unit_role` says. On the closed
domain {x > -1} would be strictly inside {x > -2} on [-1, 1] although no point of (-1, 1)
tells them apart, and the 1-D and d-D orders used to disagree on exactly that.

Status of a unit on D (one vocabulary for 1-D and d-D, the words of the theory):

* ``"dead"``: never active on D, A_i is empty (max_D g_i <= 0; w = 0 with b <= 0);
* ``"affine-acting"``: active on all of int D, A_i = int D (min_D g_i >= 0, g_i not
  identically 0; w = 0 with b > 0), so relu(g_i) = g_i there, an affine function;
* ``"shaping"``: the hyperplane g_i = 0 cuts int D, so f may bend along it there.

(:data:`DEAD`, :data:`AFFINE_ACTING`, :data:`SHAPING`; the 1-D roles of
:func:`reluexact.oned.spline.unit_role` add ``"zero-output"`` for a_i = 0.)

Deciding A_j <= A_i, exactly. Dead sets are inside every set; an affine-acting set is inside
only affine-acting sets. For two shaping units, A_j <= A_i iff
min { g_i(x) : x in D, g_j(x) >= 0 } >= 0 (the closure of A_j is D intersect {g_j >= 0}, and
g_i, being non-constant, cannot vanish at an interior point of A_j where it is minimal). The
minimum is computed:

* on R^d in closed form: {g_j > 0} <= {g_i > 0} iff w_i = mu w_j with mu > 0 and b_i >= mu b_j;
* on a box, exactly by Lagrangian duality: min_{box, g_j >= 0} g_i = max_{lambda >= 0}
  min_box (g_i - lambda g_j), a concave piecewise-linear function of one variable whose
  break points are the ratios w_ik / w_jk (no LP needed; cross-checked against the LP in tests);
* on a polytope, by the exact LP of :func:`reluexact.lp.minimize` (certified by its dual).

:func:`half_space_order` returns the full relation by default (``order.has_edge(i, j)`` is
``precedes(net, i, j)``); ``transitive_reduction=True`` gives its Hasse diagram. Units are
Python indices, from 0 (people-facing text numbers them from 1).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [1, 0], [1, 1], [0, 1]], [0, -1, -3, 5], [[1, 1, 1, 1]], [0])
>>> order = half_space_order(net, domain="-2,2;-2,2")
>>> sorted(half_space_order(net, domain="-2,2;-2,2", transitive_reduction=True).edges())
[(0, 1), (1, 2), (3, 0)]

({x + y > 3} lies inside {x > 1} on this box, since y <= 2 there.)

>>> order.nodes[2]["status"], order.nodes[3]["status"]
('shaping', 'affine-acting')
>>> chain_decomposition(order)
((3, 0, 1, 2),)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

from reluexact.domain import Box, Domain, DomainLike, Whole, as_domain, halfspaces
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "AFFINE_ACTING",
    "DEAD",
    "SHAPING",
    "ParallelChain",
    "Status",
    "active_status",
    "chain_decomposition",
    "half_space_order",
    "maximal_chains",
    "parallel_chains",
    "precedes",
    "transitive_reduction_keeping_attributes",
]

Status: TypeAlias = Literal["dead", "affine-acting", "shaping"]
"""The status of a unit on a domain (see the module docstring)."""

#: Never active on the domain (empty active set).
DEAD: Final = "dead"
#: Active on all of the domain's interior: the unit adds an affine function there.
AFFINE_ACTING: Final = "affine-acting"
#: Its hyperplane cuts the domain's interior.
SHAPING: Final = "shaping"

Affine = tuple[tuple[Fraction, ...], Fraction]


def _unit(net: TwoLayerReLU, i: int) -> Affine:
    return net.W[i], net.b[i]


def _sides(dom: Domain) -> tuple[list[list[Fraction]], list[Fraction]]:
    """The domain as rows A x + b >= 0 (exact)."""
    sides = halfspaces(dom)
    return [[Fraction(v) for v in h.normal] for h in sides], [Fraction(h.offset) for h in sides]


def _min_on_domain(g: Affine, dom: Domain) -> Fraction | None:
    """min over D of g (None: unbounded below)."""
    w, c = g
    if not any(w):
        return c
    if isinstance(dom, Whole):
        return None
    if isinstance(dom, Box):
        return c + sum((min(wk * lo, wk * hi) for wk, (lo, hi) in zip(w, dom.bounds, strict=True)), Fraction(0))
    from reluexact.lp import minimize

    A, b = _sides(dom)
    result = minimize(w, A, b)
    return None if result.status == "unbounded" else (result.value or Fraction(0)) + c


def _status(g: Affine, dom: Domain) -> Status:
    w, c = g
    if not any(w):
        return AFFINE_ACTING if c > 0 else DEAD
    low = _min_on_domain(g, dom)
    high = _min_on_domain((tuple(-v for v in w), -c), dom)
    if high is not None and -high <= 0:
        return DEAD
    if low is not None and low >= 0:
        return AFFINE_ACTING
    return SHAPING


def _box_min_with_constraint(gi: Affine, gj: Affine, box: tuple[tuple[Fraction, Fraction], ...]) -> Fraction:
    """min { g_i(x) : x in box, g_j(x) >= 0 } (feasible), exactly, by 1-D Lagrangian duality.

    phi(lam) = min_box (g_i - lam g_j) is concave piecewise linear in lam >= 0; its maximum
    is at lam = 0 or at a break point lam = w_ik / w_jk > 0. Strong LP duality makes that
    maximum the constrained minimum.
    """
    wi, ci = gi
    wj, cj = gj

    def phi(lam: Fraction) -> Fraction:
        total = ci - lam * cj
        for a, bb, (lo, hi) in zip(wi, wj, box, strict=True):
            coef = a - lam * bb
            total += coef * lo if coef >= 0 else coef * hi
        return total

    candidates = {Fraction(0)}
    for a, bb in zip(wi, wj, strict=True):
        if bb != 0 and a / bb > 0:
            candidates.add(a / bb)
    # phi is concave: its maximum over lam >= 0 is attained at 0 or at a break point (phi -> -inf
    # as lam -> inf because the constraint region is non-empty with interior... guard anyway)
    return max(phi(lam) for lam in candidates)


def _subset(gi: Affine, si: Status, gj: Affine, sj: Status, dom: Domain) -> bool:
    """A_j <= A_i, exactly."""
    if sj == DEAD:
        return True
    if si == DEAD:
        return False
    if si == AFFINE_ACTING:
        return True
    if sj == AFFINE_ACTING:
        return False
    # both shaping
    wi, ci = gi
    wj, cj = gj
    if isinstance(dom, Whole):
        ratios = {a / bb for a, bb in zip(wi, wj, strict=True) if bb != 0}
        if len(ratios) != 1 or any(a != 0 for a, bb in zip(wi, wj, strict=True) if bb == 0):
            return False
        mu = ratios.pop()
        return mu > 0 and ci >= mu * cj
    if isinstance(dom, Box):
        return _box_min_with_constraint(gi, gj, dom.bounds) >= 0
    from reluexact.lp import minimize

    A, b = _sides(dom)
    result = minimize(wi, [*A, list(wj)], [*b, cj])
    return result.status == "optimal" and result.value is not None and result.value + ci >= 0


def active_status(net: TwoLayerReLU, *, domain: DomainLike = None) -> tuple[Status, ...]:
    """For each unit its status on D: ``"dead"``, ``"affine-acting"`` or ``"shaping"`` (module docstring).

    Exact (closed forms on R^d and boxes, the exact LP on polytopes).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 0]], [5, -5, 1], [[1, 1, 1]], [0])
    >>> active_status(net, domain=[(-1, 1), (-1, 1)])
    ('affine-acting', 'dead', 'affine-acting')
    >>> active_status(net)
    ('shaping', 'shaping', 'affine-acting')
    """
    dom = as_domain(domain, net.input_dim)
    return tuple(_status(_unit(net, i), dom) for i in range(net.n_hidden))


def precedes(net: TwoLayerReLU, i: int, j: int, *, domain: DomainLike = None) -> bool:
    """True when unit i precedes unit j: A_j is a strict subset of A_i inside the domain. Exact.

    Units are Python indices (from 0). In d = 1 this is the knot order of
    :func:`reluexact.oned.order.knot_order`.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [2, 2]], [0, -2], [[1, 1]], [0])
    >>> precedes(net, 0, 1), precedes(net, 1, 0), precedes(net, 0, 0)
    (True, False, False)

    Active sets are taken in the interior of D: on [-1, 1], {x > -1} and {x > -2} are both
    all of (-1, 1), so neither unit precedes the other.

    >>> precedes(TwoLayerReLU([[1], [1]], [1, 2], [[1, 1]], [0]), 1, 0, domain=(-1, 1))
    False
    """
    n = net.n_hidden
    if not (0 <= i < n and 0 <= j < n):
        raise InvalidArgument(f"units are Python indices in 0..{n - 1} (this net has {n}), got {i} and {j}")
    dom = as_domain(domain, net.input_dim)
    gi, gj = _unit(net, i), _unit(net, j)
    si, sj = _status(gi, dom), _status(gj, dom)
    return _subset(gi, si, gj, sj, dom) and not _subset(gj, sj, gi, si, dom)


def half_space_order(net: TwoLayerReLU, *, domain: DomainLike = None, transitive_reduction: bool = False) -> nx.DiGraph:
    """The strict partial order of active half-spaces inside a domain, as a networkx DiGraph.

    An edge i -> j means unit i precedes unit j (A_j strictly inside A_i). Nodes are unit
    indices (from 0) carrying ``status`` (``"dead"``, ``"affine-acting"``, ``"shaping"``),
    ``weights`` and ``bias``.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : DomainLike, optional
        Any form :func:`reluexact.domain.as_domain` reads (None for all of R^d, a box, a
        polytope); it has an interior point.
    transitive_reduction : bool
        False (default): the full relation, so ``has_edge(i, j) == precedes(net, i, j)``.
        True: its Hasse diagram (node attributes kept).

    Returns
    -------
    networkx.DiGraph

    See Also
    --------
    chain_decomposition, parallel_chains, reluexact.oned.order.knot_order

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [1], [-1], [-1]], [0, -1, 2, 3], [[1, 1, 1, 1]], [0])
    >>> sorted(half_space_order(net, domain=(-5, 5), transitive_reduction=True).edges())
    [(0, 1), (3, 2)]
    """
    import networkx as nx

    dom = as_domain(domain, net.input_dim)
    n = net.n_hidden
    units = [_unit(net, i) for i in range(n)]
    status = [_status(g, dom) for g in units]
    graph = nx.DiGraph()
    for i in range(n):
        graph.add_node(i, status=status[i], weights=units[i][0], bias=units[i][1])
    subset = [[False] * n for _ in range(n)]  # subset[j][i]: A_j <= A_i
    for i in range(n):
        for j in range(n):
            subset[j][i] = i == j or _subset(units[i], status[i], units[j], status[j], dom)
    for i in range(n):
        for j in range(n):
            if i != j and subset[j][i] and not subset[i][j]:
                graph.add_edge(i, j)
    return transitive_reduction_keeping_attributes(graph) if transitive_reduction else graph


def transitive_reduction_keeping_attributes(graph: nx.DiGraph) -> nx.DiGraph:
    """The transitive reduction of a DAG with the node attributes kept (networkx drops them).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([(0, 1), (1, 2), (0, 2)])
    >>> g.nodes[0]["role"] = "top"
    >>> h = transitive_reduction_keeping_attributes(g)
    >>> sorted(h.edges), h.nodes[0]["role"]
    ([(0, 1), (1, 2)], 'top')
    """
    import networkx as nx

    reduced = nx.transitive_reduction(graph)
    reduced.add_nodes_from(graph.nodes(data=True))
    return reduced


def chain_decomposition(order: nx.DiGraph) -> tuple[tuple[int, ...], ...]:
    """A minimum decomposition of a strict partial order into chains (Dilworth, by bipartite matching).

    The number of chains equals the width of the order (its largest antichain). Each chain
    is listed from its largest active set to its smallest. Works on the full relation or on
    its Hasse diagram (the transitive closure is taken first).

    Examples
    --------
    >>> import networkx as nx
    >>> chain_decomposition(nx.DiGraph([(0, 1), (1, 2), (3, 2)]))
    ((0, 1, 2), (3,))
    """
    import networkx as nx

    closure = nx.transitive_closure_dag(order)
    nodes = sorted(closure.nodes)
    index = {v: k for k, v in enumerate(nodes)}
    size = len(nodes)
    # integer labels keep the matching deterministic (tuples of str hash differently per run)
    bip = nx.Graph()
    bip.add_nodes_from(range(2 * size))
    bip.add_edges_from(
        (index[u], size + index[v]) for u, v in sorted(closure.edges, key=lambda e: (index[e[0]], index[e[1]]))
    )
    matching = nx.bipartite.hopcroft_karp_matching(bip, top_nodes=range(size))
    successor = {nodes[u]: nodes[v - size] for u, v in matching.items() if u < size}
    has_pred = set(successor.values())
    chains = []
    for start in nodes:
        if start in has_pred:
            continue
        chain = [start]
        while chain[-1] in successor:
            chain.append(successor[chain[-1]])
        chains.append(tuple(chain))
    return tuple(sorted(chains, key=lambda c: (-len(c), c)))


def maximal_chains(order: nx.DiGraph) -> Iterator[tuple[int, ...]]:
    """Yield every maximal chain of a strict partial order (largest active set first).

    A maximal chain is a path of the Hasse diagram from an element with nothing above it to
    one with nothing below it; an isolated element is a chain of its own. Chains are yielded in
    lexicographic order. There can be exponentially many: iterate, or use
    :func:`chain_decomposition` for a minimum cover.

    Examples
    --------
    >>> import networkx as nx
    >>> list(maximal_chains(nx.DiGraph([(0, 1), (1, 2), (0, 2), (3, 2)])))
    [(0, 1, 2), (3, 2)]
    """
    import networkx as nx

    hasse = nx.transitive_reduction(order)
    hasse.add_nodes_from(order.nodes)
    successors = {v: sorted(hasse.successors(v)) for v in hasse.nodes}
    tops = sorted(v for v in hasse.nodes if hasse.in_degree(v) == 0)
    for top in tops:
        stack: list[tuple[int, ...]] = [(top,)]
        while stack:
            path = stack.pop()
            nxt = successors[path[-1]]
            if not nxt:
                yield path
                continue
            for v in reversed(nxt):
                stack.append((*path, v))


@dataclass(frozen=True, slots=True)
class ParallelChain:
    """The units of one parallel family with one orientation that cut the domain, as a chain.

    Attributes
    ----------
    direction : tuple of int
        The family's primitive integer direction u.
    orientation : int
        +1 (active where u . x > t) or -1 (active where u . x < t).
    groups : tuple of tuple of int
        Units grouped by equal knot t (equal active sets), in order: each group precedes the next.
    knots : tuple of Fraction
        The knot t of each group in the coordinate u . x (increasing for +1, decreasing for -1).
    """

    direction: tuple[int, ...]
    orientation: int
    groups: tuple[tuple[int, ...], ...]
    knots: tuple[Fraction, ...]


def parallel_chains(net: TwoLayerReLU, *, domain: DomainLike = None) -> tuple[ParallelChain, ...]:
    """The 1-D knot chains of the parallel families: one chain per direction and orientation.

    Within a parallel family along u, unit i is active where mu_i (u . x - t_i) > 0; units with
    mu > 0 ordered by increasing knot t form a chain of the half-space order (each active set
    contains the next), and units with mu < 0 by decreasing knot form another. Only *shaping*
    units (hyperplane cutting the interior of D) are listed; exact.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [2, 2], [-1, -1], [1, -1], [3, 3]], [0, -2, 1, 0, -30], [[1] * 5], [0])
    >>> [(c.direction, c.orientation, c.groups) for c in parallel_chains(net, domain="-2,2;-2,2")]
    [((1, -1), 1, ((3,),)), ((1, 1), -1, ((2,),)), ((1, 1), 1, ((0,), (1,)))]
    """
    from reluexact.regions.families import parallel_families

    dom = as_domain(domain, net.input_dim)
    chains = []
    for family in parallel_families(net):
        for orientation in (-1, 1):
            by_knot: dict[Fraction, list[int]] = {}
            for unit, mu, t in zip(family.units, family.multipliers, family.knots, strict=True):
                if (mu > 0) == (orientation > 0) and _status(_unit(net, unit), dom) == SHAPING:
                    by_knot.setdefault(t, []).append(unit)
            if not by_knot:
                continue
            knots = sorted(by_knot, reverse=orientation < 0)
            chains.append(
                ParallelChain(
                    direction=family.direction,
                    orientation=orientation,
                    groups=tuple(tuple(by_knot[t]) for t in knots),
                    knots=tuple(knots),
                )
            )
    return tuple(chains)
