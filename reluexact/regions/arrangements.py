"""The hyperplane arrangement of a two-layer ReLU network inside a domain.

Unit i of f(x) = A relu(W x + b) + c defines the hyperplane H_i = {w_i . x + b_i = 0}.
Units whose hyperplanes coincide (w_j, b_j a positive or negative multiple of
w_i, b_i) switch together: they form one :class:`HyperplaneGroup`, stored as a
primitive integer row (normal, offset) with first non-zero normal entry positive
and, per unit, the orientation s = +1 or -1 with sign(w_i . x + b_i) =
s sign(normal . x + offset). Units with w_i = 0 define no hyperplane: they are
constantly active (b_i > 0) or dead (b_i <= 0).

The domain is anything :func:`reluexact.domain.as_domain` reads (``None`` for R^d, a box
``"lo,hi;lo,hi"`` or ``[(lo, hi), ...]``, ``(lo, hi)`` for d = 1, a
:class:`~reluexact.domain.Polytope` ``{x : A x + b >= 0}``); its sides are
:func:`reluexact.domain.halfspaces`. Regions are the connected components of the interior
of the domain minus the hyperplanes, so the domain must have an interior: empty and
lower-dimensional domains raise :class:`~reluexact.errors.DomainError`. Everything here is exact.

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

from dataclasses import dataclass
from fractions import Fraction

from reluexact.domain import Domain, DomainLike, Halfspace, as_domain, halfspaces
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions.families import primitive_direction

__all__ = ["Arrangement", "HyperplaneGroup", "arrangement", "hyperplanes"]


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
        """The indices of the units on this hyperplane.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [2, 0], [0, 1]], [0, 0, -1], [[1, 1, 1]], [0])  # units 1 and 2 share x = 0
        >>> arrangement(net).groups[0].unit_indices
        (0, 1)
        """
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
    sides: tuple[Halfspace, ...]

    @property
    def dimension(self) -> int:
        """The input dimension d.

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [2, 0], [0, 1]], [0, 0, -1], [[1, 1, 1]], [0])  # units 1 and 2 share x = 0
        >>> arrangement(net).dimension
        2
        """
        return self.network.input_dim

    def n_hyperplanes(self) -> int:
        """The number of distinct hyperplanes (coincident units counted once).

        Examples
        --------
        >>> from reluexact.model import TwoLayerReLU
        >>> net = TwoLayerReLU([[1, 0], [2, 0], [0, 1]], [0, 0, -1], [[1, 1, 1]], [0])  # units 1 and 2 share x = 0
        >>> arrangement(net).n_hyperplanes()
        2
        """
        return len(self.groups)

    def __repr__(self) -> str:
        return (
            f"Arrangement(d={self.dimension}, n={self.network.n_hidden}, hyperplanes={len(self.groups)}, "
            f"domain={self.domain!r})"
        )


def arrangement(net: TwoLayerReLU, *, domain: DomainLike = None) -> Arrangement:
    """Group a network's units by hyperplane (exact) and read the domain.

    Parameters
    ----------
    net : TwoLayerReLU
    domain : DomainLike
        Read by :func:`reluexact.domain.as_domain` (``None``: all of R^d).

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
    dom = as_domain(domain, net.input_dim)
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
        # (w, b) = mu u with u primitive, first entry of w positive: s = sign(mu), scale |mu|
        u, mu = primitive_direction([*w, bi])
        s, scale = (1, mu) if mu > 0 else (-1, -mu)
        key = (u[:-1], u[-1])
        if key not in index:
            index[key] = len(keys)
            keys.append(key)
            members.append([])
        members[index[key]].append((i, s, scale))
    groups = tuple(
        HyperplaneGroup(k[0], k[1], tuple((i, s) for i, s, _ in ms), tuple(sc for _, _, sc in ms))
        for k, ms in zip(keys, members, strict=True)
    )
    return Arrangement(net, dom, groups, tuple(constant), halfspaces(dom))


def hyperplanes(net: TwoLayerReLU) -> tuple[HyperplaneGroup, ...]:
    """The distinct hyperplanes of a network, coincident units grouped (Sage's ``hyperplanes()``).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> hyperplanes(TwoLayerReLU([["1/2", 1]], [-1], [[1]], [0]))
    (HyperplaneGroup(normal=(1, 2), offset=-2, units=(0,)),)
    """
    return arrangement(net).groups
