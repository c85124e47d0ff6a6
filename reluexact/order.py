"""The strict partial order of active half-spaces inside a domain, for any input dimension d.

On a full-dimensional domain D (all of R^d, a box, or a polytope A x + b >= 0) the *active
set* of hidden unit i is A_i = {x in int D : w_i . x + b_i > 0}. Unit i **precedes** unit j
(i -> j) when A_j is a strict subset of A_i. Strict inclusion is irreflexive and transitive,
so this is a strict partial order; its chains are the "multiple strict partial orders" that
delineate the regions (see ``docs/dd.md`` and the theory notes). In d = 1 it is the order of
knots (:mod:`reluexact.oned.order`). Parallel units with the same orientation are always
comparable: a parallel family along u is a 1-D knot chain in the coordinate u . x
(:func:`parallel_chains`).

Deciding A_j <= A_i, exactly. Each unit is *dead* on D (A_i empty: max_D g_i <= 0), *full*
(A_i = int D: min_D g_i >= 0 and g_i is not identically 0) or *partial* (its hyperplane cuts
int D). Dead sets are inside every set; a full set is inside only full sets. For two partial
units, A_j <= A_i iff min { g_i(x) : x in D, g_j(x) >= 0 } >= 0 (the closure of A_j is
D intersect {g_j >= 0}, and g_i, being non-constant, cannot vanish at an interior point of
A_j where it is minimal). The minimum is computed:

* on R^d in closed form: {g_j > 0} <= {g_i > 0} iff w_i = mu w_j with mu > 0 and b_i >= mu b_j;
* on a box, exactly by Lagrangian duality: min_{box, g_j >= 0} g_i = max_{lambda >= 0}
  min_box (g_i - lambda g_j), a concave piecewise-linear function of one variable whose
  break points are the ratios w_ik / w_jk (no LP needed; cross-checked against the LP in tests);
* on a polytope, by the exact LP of :func:`reluexact.lp.minimize` (certified by its dual).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [1, 0], [1, 1], [0, 1]], [0, -1, -3, 5], [[1, 1, 1, 1]], [0])
>>> order = half_space_order(net, domain="-2,2;-2,2")
>>> sorted(half_space_order(net, domain="-2,2;-2,2", transitive_reduction=True).edges())
[(0, 1), (1, 2), (3, 0)]

({x + y > 3} lies inside {x > 1} on this box, since y <= 2 there.)

>>> order.nodes[2]["status"], order.nodes[3]["status"]
('partial', 'full')
>>> chain_decomposition(order)
((3, 0, 1, 2),)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ParallelChain",
    "active_status",
    "chain_decomposition",
    "half_space_order",
    "maximal_chains",
    "parallel_chains",
    "precedes",
    "transitive_reduction_keeping_attributes",
]

Affine = tuple[tuple[Fraction, ...], Fraction]


@dataclass(frozen=True, slots=True)
class _Domain:
    kind: str  # "space" | "box" | "polytope"
    d: int
    box: tuple[tuple[Fraction, Fraction], ...] = ()
    A: tuple[tuple[Fraction, ...], ...] = ()
    b: tuple[Fraction, ...] = ()


def _domain(domain: Any, d: int) -> _Domain:
    if isinstance(domain, _Domain):
        return domain
    if (
        d == 1
        and isinstance(domain, Sequence)
        and not isinstance(domain, str)
        and len(domain) == 2
        and not any(isinstance(v, Sequence) and not isinstance(v, str) for v in domain)
    ):
        domain = [domain]  # an interval (alpha, beta) for d = 1
    from reluexact.regions.locate import as_domain

    dom = as_domain(domain, d)  # the Domain of reluexact.regions (validated: has an interior point)
    if dom.kind == "space":
        return _Domain("space", d)
    if dom.kind == "box" and dom.box is not None:
        return _Domain("box", d, box=tuple(dom.box))
    A = tuple(tuple(Fraction(v) for v in normal) for normal, _ in dom.sides)
    b = tuple(Fraction(offset) for _, offset in dom.sides)
    return _Domain("polytope", d, A=A, b=b)


def _unit(net: TwoLayerReLU, i: int) -> Affine:
    return net.W[i], net.b[i]


def _min_on_domain(g: Affine, dom: _Domain) -> Fraction | None:
    """min over D of g (None: unbounded below)."""
    w, c = g
    if not any(w):
        return c
    if dom.kind == "space":
        return None
    if dom.kind == "box":
        return c + sum((min(wk * lo, wk * hi) for wk, (lo, hi) in zip(w, dom.box, strict=True)), Fraction(0))
    from reluexact.lp import minimize

    result = minimize(w, dom.A, dom.b)
    return None if result.status == "unbounded" else (result.value or Fraction(0)) + c


def _status(g: Affine, dom: _Domain) -> str:
    w, c = g
    if not any(w):
        return "full" if c > 0 else "dead"
    low = _min_on_domain(g, dom)
    high = _min_on_domain((tuple(-v for v in w), -c), dom)
    if high is not None and -high <= 0:
        return "dead"
    if low is not None and low >= 0:
        return "full"
    return "partial"


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


def _subset(gi: Affine, si: str, gj: Affine, sj: str, dom: _Domain) -> bool:
    """A_j <= A_i, exactly."""
    if sj == "dead":
        return True
    if si == "dead":
        return False
    if si == "full":
        return True
    if sj == "full":
        return False
    # both partial
    wi, ci = gi
    wj, cj = gj
    if dom.kind == "space":
        ratios = {a / bb for a, bb in zip(wi, wj, strict=True) if bb != 0}
        if len(ratios) != 1 or any(a != 0 for a, bb in zip(wi, wj, strict=True) if bb == 0):
            return False
        mu = ratios.pop()
        return mu > 0 and ci >= mu * cj
    if dom.kind == "box":
        return _box_min_with_constraint(gi, gj, dom.box) >= 0
    from reluexact.lp import minimize

    result = minimize(wi, (*dom.A, wj), (*dom.b, cj))
    return result.status == "optimal" and result.value is not None and result.value + ci >= 0


def active_status(net: TwoLayerReLU, *, domain: Any = None) -> tuple[str, ...]:
    """For each unit: ``"dead"`` (never active in D), ``"full"`` (active on all of int D) or ``"partial"``.

    Exact (closed forms on R^d and boxes, the exact LP on polytopes).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 0], [1, 0], [0, 0]], [5, -5, 1], [[1, 1, 1]], [0])
    >>> active_status(net, domain=[(-1, 1), (-1, 1)])
    ('full', 'dead', 'full')
    >>> active_status(net)
    ('partial', 'partial', 'full')
    """
    dom = _domain(domain, net.input_dim)
    return tuple(_status(_unit(net, i), dom) for i in range(net.n_hidden))


def precedes(net: TwoLayerReLU, i: int, j: int, *, domain: Any = None) -> bool:
    """True when unit i precedes unit j: A_j is a strict subset of A_i inside the domain. Exact.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [2, 2]], [0, -2], [[1, 1]], [0])
    >>> precedes(net, 0, 1), precedes(net, 1, 0), precedes(net, 0, 0)
    (True, False, False)
    """
    n = net.n_hidden
    if not (0 <= i < n and 0 <= j < n):
        raise InvalidArgument(f"units must be in 0..{n - 1}, got {i} and {j}")
    dom = _domain(domain, net.input_dim)
    gi, gj = _unit(net, i), _unit(net, j)
    si, sj = _status(gi, dom), _status(gj, dom)
    return _subset(gi, si, gj, sj, dom) and not _subset(gj, sj, gi, si, dom)


def half_space_order(net: TwoLayerReLU, *, domain: Any = None, transitive_reduction: bool = False) -> nx.DiGraph:
    """The strict partial order of active half-spaces inside a domain, as a networkx DiGraph.

    An edge i -> j means unit i precedes unit j (A_j strictly inside A_i). Nodes carry
    ``status`` (``"dead"``, ``"full"``, ``"partial"``), ``weights`` and ``bias``.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : None, box (d pairs or ``"LO,HI;..."``; for d = 1 also one pair), or polytope
        (:class:`~reluexact.regions.arrangement.Polytope`, or (A, b) with A x + b >= 0); it
        must have an interior point (see :func:`reluexact.regions.locate.as_domain`).
    transitive_reduction : bool
        Return the Hasse diagram (networkx ``transitive_reduction``) instead of the full relation.

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

    dom = _domain(domain, net.input_dim)
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


def parallel_chains(net: TwoLayerReLU, *, domain: Any = None) -> tuple[ParallelChain, ...]:
    """The 1-D knot chains of the parallel families: one chain per direction and orientation.

    Within a parallel family along u, unit i is active where mu_i (u . x - t_i) > 0; units with
    mu > 0 ordered by increasing knot t form a chain of the half-space order (each active set
    contains the next), and units with mu < 0 by decreasing knot form another. Only *partial*
    units (hyperplane cutting the interior of D) are listed; exact.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [2, 2], [-1, -1], [1, -1], [3, 3]], [0, -2, 1, 0, -30], [[1] * 5], [0])
    >>> [(c.direction, c.orientation, c.groups) for c in parallel_chains(net, domain="-2,2;-2,2")]
    [((1, -1), 1, ((3,),)), ((1, 1), -1, ((2,),)), ((1, 1), 1, ((0,), (1,)))]
    """
    from reluexact.regions.families import parallel_families

    dom = _domain(domain, net.input_dim)
    chains = []
    for family in parallel_families(net):
        for orientation in (-1, 1):
            by_knot: dict[Fraction, list[int]] = {}
            for unit, mu, t in zip(family.units, family.multipliers, family.knots, strict=True):
                if (mu > 0) == (orientation > 0) and _status(_unit(net, unit), dom) == "partial":
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
