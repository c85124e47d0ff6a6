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

All tests are exact: each (w_i, b_i) is normalised by its first non-zero weight
and grouped by the resulting rational tuple, in O(n d) Fraction operations.

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

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from reluexact.model import TwoLayerReLU

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
    >>> duplicate_hyperplanes(TwoLayerReLU([[1], [-3]], [1, -3], [[1, 1]], [0]))[0].multipliers
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


def _classes(
    rows: Sequence[tuple[Fraction, ...]], pivots: Sequence[tuple[int, Fraction]]
) -> tuple[HyperplaneClass, ...]:
    groups: dict[tuple[Fraction, ...], list[int]] = {}
    for i, row in enumerate(rows):
        if pivots[i][0] < 0:
            continue
        scale = pivots[i][1]
        groups.setdefault(tuple(v / scale for v in row), []).append(i)
    out = []
    for units in groups.values():
        if len(units) > 1:
            first = pivots[units[0]][1]
            out.append(HyperplaneClass(tuple(units), tuple(pivots[i][1] / first for i in units)))
    return tuple(sorted(out, key=lambda group: group.units))


def _pivots(net: TwoLayerReLU) -> list[tuple[int, Fraction]]:
    pivots = []
    for row in net.W:
        index = next((j for j, v in enumerate(row) if v), -1)
        pivots.append((index, row[index] if index >= 0 else Fraction(0)))
    return pivots


def duplicate_hyperplanes(net: TwoLayerReLU) -> tuple[HyperplaneClass, ...]:
    """Classes of units with the same hyperplane: (w_j, b_j) = lambda (w_i, b_i), lambda != 0.

    Units with w = 0 have no hyperplane and are never listed.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [3, 3], [-1, -1]], ["1/2", "3/2", "-1/2"], [[1, 1, 1]], [0])
    >>> [(c.units, [str(v) for v in c.multipliers]) for c in duplicate_hyperplanes(net)]
    [((0, 1, 2), ['1', '3', '-1'])]
    """
    rows = [(*w, b) for w, b in zip(net.W, net.b, strict=True)]
    return _classes(rows, _pivots(net))


def parallel_hyperplanes(net: TwoLayerReLU) -> tuple[HyperplaneClass, ...]:
    """Classes of units with parallel hyperplanes: w_j = lambda w_i, lambda != 0 (duplicates included).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [2, 2], [1, -1]], [0, 5, 0], [[1, 1, 1]], [0])
    >>> [c.units for c in parallel_hyperplanes(net)]
    [(0, 1)]
    """
    return _classes(list(net.W), _pivots(net))


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
        duplicate_hyperplanes=duplicate_hyperplanes(net),
        parallel_hyperplanes=parallel_hyperplanes(net),
    )
