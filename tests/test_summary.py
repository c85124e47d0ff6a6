"""Tests for reluexact.summary: zero units, duplicate and parallel hyperplanes, found exactly."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings

from reluexact.model import TwoLayerReLU
from reluexact.summary import (
    summarize,
    zero_output_units,
    zero_weight_units,
)
from tests.regions.oracles import proportional as _proportional
from tests.strategies import networks


def _pairs(groups: tuple[object, ...]) -> set[tuple[int, int]]:
    return {pair for group in groups for pair in itertools.combinations(group.units, 2)}  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(networks(n=5))
def test_groups_match_the_pairwise_minor_oracle(net: TwoLayerReLU) -> None:
    rows = [(*w, b) for w, b in zip(net.W, net.b, strict=True)]
    expected_duplicates = {
        (i, j)
        for i, j in itertools.combinations(range(net.n_hidden), 2)
        if any(net.W[i]) and any(net.W[j]) and _proportional(rows[i], rows[j])
    }
    expected_parallel = {
        (i, j) for i, j in itertools.combinations(range(net.n_hidden), 2) if _proportional(net.W[i], net.W[j])
    }
    summary = summarize(net)
    assert _pairs(summary.duplicate_hyperplanes) == expected_duplicates
    assert _pairs(summary.parallel_hyperplanes) == expected_parallel
    for group in (*summary.duplicate_hyperplanes, *summary.parallel_hyperplanes):
        assert group.multipliers[0] == 1
        assert all(group.multipliers)
    for group in summary.parallel_hyperplanes:
        first = net.W[group.units[0]]
        for unit, factor in zip(group.units, group.multipliers, strict=True):
            assert net.W[unit] == tuple(factor * v for v in first)
    for group in summary.duplicate_hyperplanes:
        first = rows[group.units[0]]
        for unit, factor in zip(group.units, group.multipliers, strict=True):
            assert rows[unit] == tuple(factor * v for v in first)
    assert zero_weight_units(net) == tuple(i for i in range(net.n_hidden) if all(v == 0 for v in net.W[i]))
    assert zero_output_units(net) == tuple(i for i in range(net.n_hidden) if all(row[i] == 0 for row in net.A))


def test_summary_of_a_degenerate_network() -> None:
    net = TwoLayerReLU([[1, 2], [-2, -4], [2, 4], [0, 0], [3, 6]], [1, -2, 0, 5, 3], [[1, 1, 0, 1, 2]], [0])
    summary = summarize(net)
    assert summary.zero_weight_units == (3,)
    assert summary.zero_output_units == (2,)
    assert [(g.units, g.multipliers) for g in summary.duplicate_hyperplanes] == [
        ((0, 1, 4), (Fraction(1), Fraction(-2), Fraction(3)))
    ]
    assert [g.units for g in summary.parallel_hyperplanes] == [(0, 1, 2, 4)]


def test_deprecated_aliases_warn_once_and_forward() -> None:
    """README taught summary.duplicate_hyperplanes/parallel_hyperplanes: each warns once, then answers the same."""
    import subprocess
    import sys

    code = (
        "import warnings; warnings.simplefilter('always')\n"
        "import reluexact\n"
        "from reluexact.summary import summarize\n"
        "net = reluexact.TwoLayerReLU([[1, 1], [2, 2], [1, 2]], [1, 2, 0], [[1, 1, 1]], [0])\n"
        "for _ in range(3):\n"
        "    assert reluexact.duplicate_hyperplanes(net) == summarize(net).duplicate_hyperplanes\n"
        "    assert reluexact.parallel_hyperplanes(net) == summarize(net).parallel_hyperplanes\n"
        "print(summarize(net).duplicate_hyperplanes[0].units)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "(0, 1)"
    assert done.stderr.count("DeprecationWarning") == 2
    assert "duplicate_hyperplanes is deprecated: use reluexact.coincident_hyperplanes" in done.stderr
    assert "parallel_hyperplanes is deprecated: use reluexact.parallel_families" in done.stderr
