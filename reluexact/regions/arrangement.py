"""The hyperplane arrangement of a two-layer ReLU network inside a domain.

Unit i of f(x) = A relu(W x + b) + c defines the hyperplane H_i = {w_i . x + b_i = 0}.
Units whose hyperplanes coincide (w_j, b_j a positive or negative multiple of
w_i, b_i) switch together: they form one :class:`HyperplaneGroup`, stored as a
primitive integer row (normal, offset) with first non-zero normal entry positive
and, per unit, the orientation s = +1 or -1 with sign(w_i . x + b_i) =
s sign(normal . x + offset). Units with w_i = 0 define no hyperplane: they are
constantly active (b_i > 0) or dead (b_i <= 0).

A domain is all of R^d (``None``), a box (``[(lo, hi), ...]`` or the string
``"LO,HI;LO,HI"``) or a polytope :class:`Polytope` ``{x : A x + b >= 0}``.
Regions are the connected components of the interior of the domain minus the
hyperplanes, so the domain must have an interior: empty and lower-dimensional
domains raise :class:`~reluexact.errors.DomainError`. Everything here is exact.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [-2, 0], [0, 0]], [0, 0, 1], [[1, 1, 1]], [0])
>>> arr = arrangement(net)
>>> arr
Arrangement(d=2, n=3, hyperplanes=1, domain=R^2)
>>> arr.groups[0].units
((0, 1), (1, -1))
>>> arr.constant_units
((2, True),)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact.errors import DomainError, InvalidArgument, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction, to_fraction

__all__ = [
    "Arrangement",
    "Domain",
    "HyperplaneGroup",
    "Polytope",
    "arrangement",
    "hyperplanes",
    "make_domain",
]


@dataclass(frozen=True, slots=True)
class Polytope:
    """A closed polytope (or polyhedron) ``{x : A x + b >= 0}`` in R^d, given exactly.

    Parameters
    ----------
    A : m x d rationals
    b : m rationals
    labels : optional m names for the sides (default ``"side:k"``)

    Examples
    --------
    >>> Polytope([[1, 0], [0, 1], [-1, -1]], [0, 0, 1])  # the triangle x, y >= 0, x + y <= 1
    Polytope(d=2, sides=3)
    """

    A: tuple[tuple[Fraction, ...], ...]
    b: tuple[Fraction, ...]
    labels: tuple[str, ...]

    def __init__(self, A: Any, b: Any, labels: Any = None) -> None:
        rows = tuple(tuple(to_fraction(v, where=f"A[{i}][{j}]") for j, v in enumerate(r)) for i, r in enumerate(A))
        rhs = tuple(to_fraction(v, where=f"b[{i}]") for i, v in enumerate(b))
        if len(rows) != len(rhs):
            raise ShapeError(f"polytope: A has {len(rows)} rows but b has {len(rhs)} entries")
        if rows and any(len(r) != len(rows[0]) for r in rows):
            raise ShapeError("polytope: the rows of A have different lengths")
        names = tuple(f"side:{k}" for k in range(len(rows))) if labels is None else tuple(str(x) for x in labels)
        if len(names) != len(rows):
            raise ShapeError(f"polytope: {len(names)} labels for {len(rows)} sides")
        object.__setattr__(self, "A", rows)
        object.__setattr__(self, "b", rhs)
        object.__setattr__(self, "labels", names)

    def __repr__(self) -> str:
        d = len(self.A[0]) if self.A else "?"
        return f"Polytope(d={d}, sides={len(self.A)})"


@dataclass(frozen=True, slots=True)
class Domain:
    """A full-dimensional domain as strict inequalities ``normal . x + offset > 0`` (interior).

    ``sides`` hold primitive integer rows (duplicates merged, constant rows dropped);
    ``labels`` name them (``"box:k:lo"``, ``"box:k:hi"`` or the polytope's labels).
    ``kind`` is ``"space"``, ``"box"`` or ``"polytope"``; ``box`` keeps the box bounds.
    """

    dimension: int
    kind: str
    sides: tuple[tuple[tuple[int, ...], int], ...]
    labels: tuple[str, ...]
    box: tuple[tuple[Fraction, Fraction], ...] | None = None

    def __repr__(self) -> str:
        if self.kind == "space":
            return f"R^{self.dimension}"
        if self.kind == "box" and self.box is not None:
            return "box[" + ";".join(f"{format_fraction(lo)},{format_fraction(hi)}" for lo, hi in self.box) + "]"
        return f"polytope(sides={len(self.sides)})"

    @property
    def is_bounded_box(self) -> bool:
        """True for a box domain."""
        return self.kind == "box"


@dataclass(frozen=True, slots=True)
class HyperplaneGroup:
    """One distinct hyperplane ``normal . x + offset = 0`` and the units on it.

    Attributes
    ----------
    normal : tuple of int
        Primitive integer normal, first non-zero entry positive.
    offset : int
    units : tuple of (unit index, orientation)
        Orientation s = +1 or -1: unit i is active exactly where
        s (normal . x + offset) > 0.
    scales : tuple of Fraction
        Per unit, the positive factor lambda with w_i = s lambda normal, b_i = s lambda offset.
    """

    normal: tuple[int, ...]
    offset: int
    units: tuple[tuple[int, int], ...]
    scales: tuple[Fraction, ...]

    @property
    def unit_indices(self) -> tuple[int, ...]:
        """The indices of the units on this hyperplane."""
        return tuple(i for i, _ in self.units)

    def __repr__(self) -> str:
        return f"HyperplaneGroup(normal={self.normal}, offset={self.offset}, units={self.unit_indices})"


@dataclass(frozen=True, slots=True)
class Arrangement:
    """The arrangement of a network's distinct hyperplanes inside a domain (see module docs)."""

    network: TwoLayerReLU
    domain: Domain
    groups: tuple[HyperplaneGroup, ...]
    constant_units: tuple[tuple[int, bool], ...]

    @property
    def dimension(self) -> int:
        """The input dimension d."""
        return self.network.input_dim

    def n_hyperplanes(self) -> int:
        """The number of distinct hyperplanes (coincident units counted once)."""
        return len(self.groups)

    def __repr__(self) -> str:
        return (
            f"Arrangement(d={self.dimension}, n={self.network.n_hidden}, hyperplanes={len(self.groups)}, "
            f"domain={self.domain!r})"
        )


def _primitive(values: list[Fraction]) -> tuple[tuple[int, ...], Fraction]:
    """Scale a non-zero rational vector to a primitive integer one: (ints, positive scale)."""
    den = 1
    for v in values:
        den = den * v.denominator // math.gcd(den, v.denominator)
    ints = [int(v * den) for v in values]
    g = 0
    for iv in ints:
        g = math.gcd(g, iv)
    return tuple(iv // g for iv in ints), Fraction(g, den)


def make_domain(domain: Any, dimension: int) -> Domain:
    """Read a domain: ``None`` (R^d), a box (pairs or ``"LO,HI;..."``), or a :class:`Polytope`.

    Raises
    ------
    DomainError
        If the domain is empty or lower-dimensional (no interior point), or malformed.

    Examples
    --------
    >>> make_domain("0,1;0,1", 2)
    box[0,1;0,1]
    >>> make_domain(Polytope([[1, 0], [-1, 0], [0, 1]], [0, 0, 0]), 2)
    Traceback (most recent call last):
    ...
    reluexact.errors.DomainError: the domain has no interior point (it is empty or lower-dimensional): ...
    """
    from reluexact.lp import strict_feasibility
    from reluexact.rationalize import parse_box

    if isinstance(domain, Domain):
        if domain.dimension != dimension:
            raise ShapeError(f"domain has dimension {domain.dimension}, the network has d = {dimension}")
        return domain
    raw: list[tuple[list[Fraction], Fraction, str]] = []
    box = None
    if domain is None:
        kind = "space"
    elif isinstance(domain, Polytope):
        kind = "polytope"
        for r, bv, label in zip(domain.A, domain.b, domain.labels, strict=True):
            if len(r) != dimension:
                raise ShapeError(f"polytope side {label} has {len(r)} coefficients, the network has d = {dimension}")
            raw.append((list(r), bv, label))
    else:
        kind = "box"
        box = parse_box(domain, dimension)
        for k, (lo, hi) in enumerate(box):
            e = [Fraction(int(j == k)) for j in range(dimension)]
            raw.append((e, -lo, f"box:{k}:lo"))
            raw.append(([-v for v in e], hi, f"box:{k}:hi"))
    sides: list[tuple[tuple[int, ...], int]] = []
    labels: list[str] = []
    seen: set[tuple[tuple[int, ...], int]] = set()
    for normal, offset, label in raw:
        if all(v == 0 for v in normal):
            if offset > 0:
                continue
            raise DomainError(f"domain side {label} reads {format_fraction(offset)} >= 0 with no x: it is never strict")
        ints, _scale = _primitive([*normal, offset])
        key = (ints[:-1], ints[-1])
        if key in seen:
            continue
        seen.add(key)
        sides.append(key)
        labels.append(label)
    if sides:
        feas = strict_feasibility([list(n) for n, _ in sides], [o for _, o in sides])
        if feas.point is None:
            raise DomainError(
                "the domain has no interior point (it is empty or lower-dimensional): the multipliers "
                f"{[format_fraction(v) for v in feas.certificate or ()]} of its sides sum to a non-positive "
                "constant; give a full-dimensional box or polytope"
            )
    return Domain(dimension, kind, tuple(sides), tuple(labels), box)


def arrangement(net: TwoLayerReLU, *, domain: Any = None) -> Arrangement:
    """Group a network's units by hyperplane (exact) and read the domain.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : None, box or Polytope
        See :func:`make_domain`.

    Returns
    -------
    Arrangement

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 1], [2, 2], [1, -1]], [1, 2, 0], [[1, 1, 1]], [0])
    >>> [g.unit_indices for g in arrangement(net).groups]
    [(0, 1), (2,)]
    """
    if not isinstance(net, TwoLayerReLU):
        raise InvalidArgument(f"expected a TwoLayerReLU, got {type(net).__name__}")
    d = net.input_dim
    dom = make_domain(domain, d)
    index: dict[tuple[tuple[int, ...], int], int] = {}
    members: list[list[tuple[int, int, Fraction]]] = []
    keys: list[tuple[tuple[int, ...], int]] = []
    constant: list[tuple[int, bool]] = []
    for i in range(net.n_hidden):
        w = list(net.hidden_weights[i])
        bi = net.hidden_bias[i]
        if all(v == 0 for v in w):
            constant.append((i, bi > 0))
            continue
        ints, scale = _primitive([*w, bi])
        first = next(v for v in ints[:-1] if v != 0)
        s = 1 if first > 0 else -1
        key = (tuple(s * v for v in ints[:-1]), s * ints[-1])
        if key not in index:
            index[key] = len(keys)
            keys.append(key)
            members.append([])
        members[index[key]].append((i, s, scale))
    groups = tuple(
        HyperplaneGroup(k[0], k[1], tuple((i, s) for i, s, _ in ms), tuple(sc for _, _, sc in ms))
        for k, ms in zip(keys, members, strict=True)
    )
    return Arrangement(net, dom, groups, tuple(constant))


def hyperplanes(net: TwoLayerReLU) -> tuple[HyperplaneGroup, ...]:
    """The distinct hyperplanes of a network, coincident units grouped (Sage's ``hyperplanes()``).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> hyperplanes(TwoLayerReLU([["1/2", 1]], [-1], [[1]], [0]))
    (HyperplaneGroup(normal=(1, 2), offset=-2, units=(0,)),)
    """
    return arrangement(net).groups
