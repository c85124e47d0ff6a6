"""Hyperplane structure: exact parallel families, coincident hyperplanes, near-parallel clusters.

Hidden unit i defines the hyperplane H_i = {x : w_i . x + b_i = 0}. Two hyperplanes are
*parallel* when w_i and w_j are proportional, exactly; every non-zero w_i is a positive or
negative multiple of one canonical **primitive integer direction** u (integer entries with
gcd 1 and first non-zero entry positive), so w_i = mu_i u with mu_i rational, and

    w_i . x + b_i = mu_i (u . x - t_i),    t_i = -b_i / mu_i.

Along the coordinate s = u . x a parallel family is therefore a 1-D arrangement: t_i is the
unit's *knot* and sign(mu_i) its *orientation* (+1: active where u . x > t_i). Units with
equal direction and knot have the *same* hyperplane (coincident), whatever their
orientation. Units with w_i = 0 define no hyperplane (they are constant on R^d).

Exactness: :func:`parallel_families` and :func:`coincident_hyperplanes` are exact (integer
arithmetic on the weights). :func:`near_parallel_families_float` is a float heuristic for
trained networks, whose rounded weights are almost never exactly parallel; it says so in its
name.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 2], [-2, -4], ["1/2", 1], [0, 1], [0, 0]], [0, 2, -1, 3, 5], [[1, 1, 1, 1, 1]], [0])
>>> [(f.direction, f.units, f.orientations, [str(t) for t in f.knots]) for f in parallel_families(net)]
[((0, 1), (3,), (1,), ['-3']), ((1, 2), (0, 1, 2), (1, -1, 1), ['0', '1', '2'])]
>>> coincident_hyperplanes(net)
((0,), (1,), (2,), (3,))
>>> constant_units(net)
(4,)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU

__all__ = [
    "HyperplaneFamily",
    "coincident_hyperplanes",
    "constant_units",
    "hyperplane_key",
    "near_parallel_families_float",
    "parallel_families",
    "primitive_direction",
]


def primitive_direction(vector: Sequence[Fraction]) -> tuple[tuple[int, ...], Fraction]:
    """The canonical primitive integer direction u of a non-zero rational vector v, and mu with v = mu u.

    u has integer entries with gcd 1 and its first non-zero entry positive; mu is a non-zero
    rational (negative when v points against u). Exact.

    Raises
    ------
    InvalidArgument
        If v is the zero vector (it has no direction).

    Examples
    --------
    >>> primitive_direction([Fraction(-1, 2), Fraction(3, 4)])
    ((2, -3), Fraction(-1, 4))
    >>> primitive_direction([0, 0])
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: the zero vector has no direction
    """
    values = [Fraction(v) for v in vector]
    if not any(values):
        raise InvalidArgument("the zero vector has no direction")
    den = math.lcm(*(v.denominator for v in values))
    ints = [int(v * den) for v in values]
    g = math.gcd(*ints)
    first = next(v for v in ints if v)
    sign = 1 if first > 0 else -1
    u = tuple(sign * v // g for v in ints)
    return u, Fraction(sign * g, den)


def hyperplane_key(weights: Sequence[Fraction], bias: Fraction) -> tuple[int, ...]:
    """A canonical integer key of the hyperplane {w . x + b = 0} (w non-zero): equal keys iff equal hyperplanes.

    The key is the primitive integer vector proportional to (w, b) whose first non-zero entry
    (an entry of w) is positive; the orientation of the half-space is forgotten. Exact.

    Examples
    --------
    >>> hyperplane_key([2, 4], 6) == hyperplane_key([-1, -2], -3)
    True
    >>> hyperplane_key([Fraction(1, 2)], Fraction(1, 3))
    (3, 2)
    """
    if not any(weights):
        raise InvalidArgument("w = 0 defines no hyperplane")
    full, _ = primitive_direction([Fraction(v) for v in weights] + [Fraction(bias)])
    return full


@dataclass(frozen=True, slots=True)
class HyperplaneFamily:
    """The units whose hyperplanes are parallel to one primitive integer direction u (exact).

    Attributes
    ----------
    direction : tuple of int
        u, primitive (gcd 1), first non-zero entry positive.
    units : tuple of int
        Hidden-unit indices, sorted by knot then index.
    multipliers : tuple of Fraction
        mu_i with w_i = mu_i u.
    knots : tuple of Fraction
        t_i = -b_i / mu_i: H_i = {u . x = t_i}.
    """

    direction: tuple[int, ...]
    units: tuple[int, ...]
    multipliers: tuple[Fraction, ...]
    knots: tuple[Fraction, ...]

    @property
    def orientations(self) -> tuple[int, ...]:
        """sign(mu_i): +1 when unit i is active where u . x > t_i, -1 where u . x < t_i.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [-2, 0], [1, 0], [0, 1]], [0, 2, 0, 0], [[1, 1, 1, 1]], [0])
        >>> family = parallel_families(net)[1]  # the lines x = 0 (units 1, 3) and x = 1 (unit 2, facing left)
        >>> family.units, family.orientations
        ((0, 2, 1), (1, 1, -1))
        """
        return tuple(1 if mu > 0 else -1 for mu in self.multipliers)

    @property
    def coincident_groups(self) -> tuple[tuple[int, ...], ...]:
        """The units grouped by equal knot (the same hyperplane), in increasing knot order.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [-2, 0], [1, 0], [0, 1]], [0, 2, 0, 0], [[1, 1, 1, 1]], [0])
        >>> family = parallel_families(net)[1]  # the lines x = 0 (units 1, 3) and x = 1 (unit 2, facing left)
        >>> family.coincident_groups
        ((0, 2), (1,))
        """
        groups: list[list[int]] = []
        last: Fraction | None = None
        for unit, knot in zip(self.units, self.knots, strict=True):
            if groups and knot == last:
                groups[-1].append(unit)
            else:
                groups.append([unit])
            last = knot
        return tuple(tuple(g) for g in groups)

    def __repr__(self) -> str:
        return f"HyperplaneFamily(direction={_short(self.direction)}, units={_short(self.units)})"


def _short(values: tuple[int, ...], limit: int = 6) -> str:
    if len(values) <= limit:
        return str(values)
    return "(" + ", ".join(str(v) for v in values[:limit]) + f", ... {len(values)} total)"


def constant_units(net: TwoLayerReLU) -> tuple[int, ...]:
    """The units with w_i = 0: constant relu(b_i) on R^d, no hyperplane. Exact.

    Examples
    --------
    >>> constant_units(TwoLayerReLU([[0, 0], [1, 0]], [1, 0], [[1, 1]], [0]))
    (0,)
    """
    return tuple(i for i, row in enumerate(net.hidden_weights) if not any(row))


def parallel_families(net: TwoLayerReLU) -> tuple[HyperplaneFamily, ...]:
    """Group the hidden units' hyperplanes by exact direction (parallel families).

    Units with w_i = 0 belong to no family (see :func:`constant_units`). Families are sorted
    by direction; inside a family units are sorted by knot t_i (then index), so a family is
    the 1-D knot arrangement of the coordinate u . x.

    Parameters
    ----------
    net : TwoLayerReLU

    Returns
    -------
    tuple of HyperplaneFamily

    See Also
    --------
    coincident_hyperplanes, near_parallel_families_float, reluexact.order.parallel_chains
    reluexact.summary.summarize : its ``parallel_hyperplanes`` are the families with two or more units.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [2, 2], [1, -1]], [0, -2, 0], [[1, 1, 1]], [0])
    >>> fams = parallel_families(net)
    >>> [(f.direction, f.units, [str(t) for t in f.knots]) for f in fams]
    [((1, -1), (2,), ['0']), ((1, 1), (0, 1), ['0', '1'])]
    """
    buckets: dict[tuple[int, ...], list[tuple[Fraction, int, Fraction]]] = {}
    for i, (row, bias) in enumerate(zip(net.hidden_weights, net.hidden_bias, strict=True)):
        if not any(row):
            continue
        u, mu = primitive_direction(row)
        buckets.setdefault(u, []).append((-bias / mu, i, mu))
    families = []
    for u in sorted(buckets):
        items = sorted(buckets[u])
        families.append(
            HyperplaneFamily(
                direction=u,
                units=tuple(i for _, i, _ in items),
                multipliers=tuple(mu for _, _, mu in items),
                knots=tuple(t for t, _, _ in items),
            )
        )
    return tuple(families)


def coincident_hyperplanes(net: TwoLayerReLU) -> tuple[tuple[int, ...], ...]:
    """Partition the non-constant units into classes with the same hyperplane (exact).

    Units i and j are in one class iff (w_i, b_i) and (w_j, b_j) are proportional (by a
    positive or a negative factor). Classes are sorted by their smallest unit.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [-2, -2], [1, -1]], [1, 2, 0], [[1, 1, 1]], [0])
    >>> coincident_hyperplanes(net)
    ((0,), (1,), (2,))
    >>> coincident_hyperplanes(TwoLayerReLU([[1, 1], [-2, -2]], [1, -2], [[1, 1]], [0]))
    ((0, 1),)
    """
    classes: dict[tuple[int, ...], list[int]] = {}
    for i, (row, bias) in enumerate(zip(net.hidden_weights, net.hidden_bias, strict=True)):
        if any(row):
            classes.setdefault(hyperplane_key(row, bias), []).append(i)
    return tuple(sorted((tuple(v) for v in classes.values()), key=lambda c: c[0]))


def near_parallel_families_float(
    net: TwoLayerReLU, *, angle_tolerance_degrees: float = 1.0
) -> tuple[tuple[int, ...], ...]:
    """Cluster hyperplanes whose normals are parallel up to an angle tolerance (float heuristic).

    Two units are linked when the angle between the *lines* spanned by w_i and w_j (so
    w and -w count as parallel) is at most ``angle_tolerance_degrees``, computed in float64;
    clusters are the connected components of that relation (single linkage). Exactly
    parallel units always share a cluster. This is a float heuristic for trained networks,
    not an exact statement; use :func:`parallel_families` for exact families.

    Parameters
    ----------
    net : TwoLayerReLU
    angle_tolerance_degrees : float
        In [0, 90).

    Returns
    -------
    tuple of tuple of int
        Clusters (sorted unit indices), sorted by smallest unit; constant units are left out.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 0], ["1", "0.001"], [0, 1], [-1, "0.0001"]], [0, 1, 0, 2], [[1, 1, 1, 1]], [0])
    >>> near_parallel_families_float(net, angle_tolerance_degrees=0.1)
    ((0, 1, 3), (2,))
    >>> near_parallel_families_float(net, angle_tolerance_degrees=0.01)
    ((0, 3), (1,), (2,))
    """
    if not 0 <= angle_tolerance_degrees < 90:
        raise InvalidArgument(f"angle_tolerance_degrees must be in [0, 90), got {angle_tolerance_degrees!r}")
    units = [i for i, row in enumerate(net.hidden_weights) if any(row)]
    if not units:
        return ()
    W = np.array([[float(v) for v in net.hidden_weights[i]] for i in units], dtype=np.float64)
    norms = np.linalg.norm(W, axis=1)
    norms[norms == 0] = np.finfo(np.float64).tiny  # a tiny non-zero rational rounds to 0.0
    cosines = np.abs((W / norms[:, None]) @ (W / norms[:, None]).T)
    linked = cosines >= math.cos(math.radians(angle_tolerance_degrees)) * (1 - 1e-15)
    parent = list(range(len(units)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    rows, cols = np.nonzero(np.triu(linked, 1))
    for a, b in zip(rows.tolist(), cols.tolist(), strict=True):
        parent[find(a)] = find(b)
    exact: dict[tuple[int, ...], int] = {}  # exactly parallel units always merge (floats may round them apart)
    for k, i in enumerate(units):
        u, _ = primitive_direction(net.hidden_weights[i])
        if u in exact:
            parent[find(k)] = find(exact[u])
        else:
            exact[u] = k
    clusters: dict[int, list[int]] = {}
    for k, i in enumerate(units):
        clusters.setdefault(find(k), []).append(i)
    return tuple(sorted((tuple(sorted(c)) for c in clusters.values()), key=lambda c: c[0]))
