"""Exact structural facts about a network: degenerate units and coinciding hyperplanes.

Unit i with w_i != 0 defines the hyperplane H_i = {x : w_i . x + b_i = 0}.

* **zero-weight units**: w_i = 0. No hyperplane; the unit adds the constant
  a_i relu(b_i) everywhere.
* **zero-output units**: a_i = 0 (all m output weights). The unit never affects f.
* **duplicate hyperplanes**: H_i = H_j, i.e. (w_j, b_j) = lambda (w_i, b_i) for some
  rational lambda != 0. lambda > 0: the same half-space is active (the units are
  interchangeable up to scale); lambda < 0: opposite orientations (the two active
  sets are complementary).
* **parallel hyperplanes**: w_j = lambda w_i (so duplicates are parallel too).

All tests are exact: the classes are read off
:func:`reluexact.regions.families.parallel_families` (one set of hyperplane-family functions;
``duplicate_hyperplanes`` and ``parallel_hyperplanes`` are deprecated aliases of its views).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 2], [-2, -4], [2, 4], [0, 0]], [1, -2, 0, 5], [[1, 1, 0, 1]], [0])
>>> s = summarize(net)
>>> s.zero_weight_units, s.zero_output_units
((3,), (2,))
>>> s.duplicate_hyperplanes
(HyperplaneClass(units=(0, 1), multipliers=(Fraction(1, 1), Fraction(-2, 1))),)
>>> [c.units for c in s.parallel_hyperplanes]
[(0, 1, 2)]
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction

from reluexact.model import TwoLayerReLU
from reluexact.regions.families import parallel_families

__all__ = [
    "HyperplaneClass",
    "NetworkSummary",
    "duplicate_hyperplanes",
    "parallel_hyperplanes",
    "summarize",
    "zero_output_units",
    "zero_weight_units",
]


@dataclass(frozen=True, slots=True)
class HyperplaneClass:
    """Units whose hyperplanes coincide (or are parallel), with exact multipliers.

    Attributes
    ----------
    units : tuple of int
        Unit indices (0-based, rows of W), increasing; at least two.
    multipliers : tuple of Fraction
        ``multipliers[k]`` is the lambda with (w, b) of ``units[k]`` = lambda times that
        of ``units[0]`` (duplicates), or w of ``units[k]`` = lambda w of ``units[0]``
        (parallel). ``multipliers[0] == 1``.

    Examples
    --------
    >>> summarize(TwoLayerReLU([[1], [-3]], [1, -3], [[1, 1]], [0])).duplicate_hyperplanes[0].multipliers
    (Fraction(1, 1), Fraction(-3, 1))
    """

    units: tuple[int, ...]
    multipliers: tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class NetworkSummary:
    """Shape and degeneracies of a network; see :func:`summarize`.

    Examples
    --------
    >>> summarize(TwoLayerReLU([[0]], [1], [[2]], [0])).zero_weight_units
    (0,)
    """

    input_dim: int
    n_hidden: int
    output_dim: int
    zero_weight_units: tuple[int, ...]
    zero_output_units: tuple[int, ...]
    duplicate_hyperplanes: tuple[HyperplaneClass, ...]
    parallel_hyperplanes: tuple[HyperplaneClass, ...]


def zero_weight_units(net: TwoLayerReLU) -> tuple[int, ...]:
    """Units with w_i = 0 (no hyperplane; constant contribution a_i relu(b_i)).

    Examples
    --------
    >>> zero_weight_units(TwoLayerReLU([[0], [1]], [3, 0], [[1, 1]], [0]))
    (0,)
    """
    return tuple(i for i, row in enumerate(net.W) if not any(row))


def zero_output_units(net: TwoLayerReLU) -> tuple[int, ...]:
    """Units with a_i = 0 in every output (they never affect f).

    Examples
    --------
    >>> zero_output_units(TwoLayerReLU([[1], [1]], [0, 1], [[0, 2], [0, 1]], [0, 0]))
    (0,)
    """
    return tuple(i for i in range(net.n_hidden) if not any(net.unit_output_weights(i)))


def _coincident_classes(net: TwoLayerReLU) -> tuple[HyperplaneClass, ...]:
    """The classes of two or more units with the same hyperplane, from :func:`parallel_families`."""
    out = []
    for family in parallel_families(net):
        mu = dict(zip(family.units, family.multipliers, strict=True))
        for group in family.coincident_groups:
            if len(group) > 1:
                units = tuple(sorted(group))
                # same direction u and knot t: (w_j, b_j) = (mu_j / mu_i) (w_i, b_i)
                out.append(HyperplaneClass(units, tuple(mu[u] / mu[units[0]] for u in units)))
    return tuple(sorted(out, key=lambda group: group.units))


def _parallel_classes(net: TwoLayerReLU) -> tuple[HyperplaneClass, ...]:
    """The families of two or more parallel units (w_j = lambda w_i), from :func:`parallel_families`."""
    out = []
    for family in parallel_families(net):
        if len(family.units) > 1:
            mu = dict(zip(family.units, family.multipliers, strict=True))
            units = tuple(sorted(family.units))
            out.append(HyperplaneClass(units, tuple(mu[u] / mu[units[0]] for u in units)))
    return tuple(sorted(out, key=lambda group: group.units))


_WARNED: set[str] = set()


def _deprecated(old: str, new: str) -> None:
    if old not in _WARNED:
        _WARNED.add(old)
        warnings.warn(f"reluexact.{old} is deprecated: use {new}", DeprecationWarning, stacklevel=3)


def duplicate_hyperplanes(net: TwoLayerReLU) -> tuple[HyperplaneClass, ...]:
    """Deprecated (warns once): the classes of two or more units with the same hyperplane.

    Use :func:`reluexact.regions.families.coincident_hyperplanes` (every class, as unit tuples)
    or ``summarize(net).duplicate_hyperplanes`` (these classes, with their multipliers lambda:
    (w_j, b_j) = lambda (w_i, b_i)). Computed from :func:`~reluexact.regions.families.parallel_families`.

    Examples
    --------
    >>> import warnings
    >>> net = TwoLayerReLU([[1, 1], [3, 3], [-1, -1]], ["1/2", "3/2", "-1/2"], [[1, 1, 1]], [0])
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     [(c.units, [str(v) for v in c.multipliers]) for c in duplicate_hyperplanes(net)]
    [((0, 1, 2), ['1', '3', '-1'])]
    """
    _deprecated(
        "duplicate_hyperplanes",
        "reluexact.coincident_hyperplanes(net) (every class), or summarize(net).duplicate_hyperplanes",
    )
    return _coincident_classes(net)


def parallel_hyperplanes(net: TwoLayerReLU) -> tuple[HyperplaneClass, ...]:
    """Deprecated (warns once): the families of two or more parallel units, w_j = lambda w_i.

    Use :func:`reluexact.regions.families.parallel_families` (every family, with knots and
    orientations) or ``summarize(net).parallel_hyperplanes``.

    Examples
    --------
    >>> import warnings
    >>> net = TwoLayerReLU([[1, 1], [2, 2], [1, -1]], [0, 5, 0], [[1, 1, 1]], [0])
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     [c.units for c in parallel_hyperplanes(net)]
    [(0, 1)]
    """
    _deprecated("parallel_hyperplanes", "reluexact.parallel_families(net) or summarize(net).parallel_hyperplanes")
    return _parallel_classes(net)


def summarize(net: TwoLayerReLU) -> NetworkSummary:
    """Shape, zero-weight and zero-output units, duplicate and parallel hyperplanes (exact).

    Examples
    --------
    >>> summarize(TwoLayerReLU([[1]], [0], [[1]], [0])).duplicate_hyperplanes
    ()
    """
    return NetworkSummary(
        input_dim=net.input_dim,
        n_hidden=net.n_hidden,
        output_dim=net.output_dim,
        zero_weight_units=zero_weight_units(net),
        zero_output_units=zero_output_units(net),
        duplicate_hyperplanes=_coincident_classes(net),
        parallel_hyperplanes=_parallel_classes(net),
    )
