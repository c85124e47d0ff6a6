"""Budgets of the region functions: validated at entry, and honest at the edge (issue 14)."""

from __future__ import annotations

import pytest

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import iter_regions, locate, regions

#: three lines in general position: 7 regions of R^2
NET = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0])


@pytest.mark.parametrize(
    "budget",
    [
        {"time_limit": "1"},
        {"time_limit": float("nan")},
        {"time_limit": -1},
        {"time_limit": True},
        {"time_limit": [1]},
        {"max_regions": "3"},
        {"max_regions": True},
        {"max_regions": 0},
        {"max_regions": -2},
        {"max_regions": 2.0},
    ],
)
def test_bad_budgets_are_one_clear_error(budget: dict[str, object]) -> None:
    name = next(iter(budget))
    with pytest.raises(InvalidArgument, match=name):
        regions(NET, **budget)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=name):
        list(iter_regions(NET, **budget))  # type: ignore[arg-type]


@pytest.mark.parametrize("time_limit", ["1", float("nan"), -1, True])
def test_locate_validates_its_time_limit(time_limit: object) -> None:
    with pytest.raises(InvalidArgument, match="time_limit"):
        locate(NET, [[0, 0]], facets=True, time_limit=time_limit)  # type: ignore[arg-type]


def test_budget_accepts_integers_floats_and_infinity() -> None:
    assert regions(NET, time_limit=10, progress=False).complete
    assert regions(NET, time_limit=float("inf"), progress=False).complete
    assert locate(NET, [[0, 0]], facets=True, time_limit=1e9).facets_complete


def test_zero_time_limit_stops_at_once_and_says_partial() -> None:
    assert regions(NET, time_limit=0, progress=False).partial
    assert not locate(NET, [[5, 7]], facets=True, time_limit=0).facets_complete


def test_budget_equal_to_the_count_is_complete() -> None:
    result = regions(NET, max_regions=7, progress=False)
    assert result.complete
    assert not result.partial
    assert len(result) == 7
    assert all(region.facets_complete for region in result)
    full = regions(NET, progress=False)
    assert sorted(r.pattern for r in result) == sorted(r.pattern for r in full)
    assert sorted(len(r.facets) for r in result) == sorted(len(r.facets) for r in full)
    assert len(list(iter_regions(NET, max_regions=7, progress=False))) == 7


def test_budget_one_below_the_count_is_partial_and_says_so() -> None:
    result = regions(NET, max_regions=6, progress=False)
    assert result.partial
    assert not result.complete
    assert len(result) == 6
    assert not any(region.facets_complete for region in result)


def test_budget_above_the_count_is_complete() -> None:
    result = regions(NET, max_regions=8, progress=False)
    assert result.complete
    assert len(result) == 7
