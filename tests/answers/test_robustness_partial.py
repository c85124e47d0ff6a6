"""The budgeted search (``time_limit`` / ``max_regions``): a certified interval on the radius."""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import TwoLayerReLU
from reluexact.answers.robustness import prediction, robustness, robustness_batch, robustness_document, verify
from reluexact.check import check_certificate
from reluexact.errors import CertificateError, InvalidArgument
from reluexact.model import evaluate
from tests.answers.test_robustness import _inside, _oracle
from tests.strategies import boxes, networks, rationals


def _measure(delta, norm):
    return {"inf": max(map(abs, delta)), "1": sum(map(abs, delta)), "2": sum(v * v for v in delta)}[norm]


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 2).flatmap(
        lambda d: st.tuples(
            networks(
                d=d, n=st.integers(1, 4), m=st.integers(1, 3), entries=rationals(max_numerator=6, max_denominator=3)
            ),
            boxes(d),
            st.lists(st.fractions(0, 1, max_denominator=4), min_size=d, max_size=d),
        )
    ),
    st.sampled_from(["inf", "1"]),
    st.integers(1, 3),
)
def test_partial_interval_contains_the_brute_force_radius(case, norm, budget):
    net, box, where = case
    x0 = _inside(box, where)
    result = robustness(net, x0, norm, box, max_regions=budget)
    expected = _oracle(net, x0, box, norm)
    assert check_certificate(robustness_document(net, [result])).startswith("robustness certificate holds")
    if not result.partial:
        assert result.radius == expected
        return
    assert result.radius is None
    assert result.radius_squared is None
    assert result.regions_examined <= budget
    assert result.lower is not None
    assert expected is None or result.lower <= expected
    if result.upper is None:
        assert result.counterexample is None
    else:
        assert expected is not None
        assert expected <= result.upper
        klass, tie = prediction(evaluate(net, result.counterexample))
        assert tie or klass != result.klass
        assert _measure([a - b for a, b in zip(result.counterexample, x0, strict=True)], norm) == result.upper


NET = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -5], [[1, 0, 3], [0, 1, 0]], [0, 0])


@pytest.mark.parametrize("norm", ["inf", "1", "2"])
def test_one_region_budget_gives_a_checked_interval_and_more_budget_closes_it(norm):
    partial = robustness(NET, [3, 1], norm, max_regions=1)
    full = robustness(NET, [3, 1], norm)
    assert partial.partial
    assert not full.partial
    true = full.radius_squared if norm == "2" else full.radius
    assert partial.lower <= true <= partial.upper
    assert partial.lower < partial.upper  # this budget leaves a gap the full search closes
    document = robustness_document(NET, [partial])
    assert check_certificate(document).startswith("robustness certificate holds")
    suffix = "_squared" if norm == "2" else ""
    sample = document["samples"][0]
    assert sample["partial"] is True
    assert "radius" + suffix not in sample
    corrupted = copy.deepcopy(document)
    corrupted["samples"][0]["lower" + suffix] = sample["upper" + suffix]  # claims more than it proves
    with pytest.raises(CertificateError):
        check_certificate(corrupted)
    corrupted = copy.deepcopy(document)
    corrupted["samples"][0]["upper" + suffix] = "1/3"
    with pytest.raises(CertificateError):
        check_certificate(corrupted)


def test_zero_time_limit_stops_at_once_and_verify_is_undecided():
    result = robustness(NET, [3, 1], time_limit=0)
    assert result.partial
    assert result.lower == 0
    assert result.upper is None
    assert result.regions_examined == 0
    assert check_certificate(robustness_document(NET, [result])).startswith("robustness certificate holds")
    answer = verify(NET, [3, 1], "3/4", max_regions=1)
    assert answer.partial
    assert answer.robust is None
    assert answer.lower == Fraction(1, 2)
    assert check_certificate(robustness_document(NET, [answer])).startswith("robustness certificate holds")
    assert [r.partial for r in robustness_batch(NET, [[3, 1], [0, 2]], max_regions=1)] == [True, True]


@pytest.mark.parametrize(
    "bad", [{"time_limit": -1}, {"time_limit": float("nan")}, {"time_limit": "1"}, {"max_regions": 0}]
)
def test_a_bad_budget_is_refused(bad):
    with pytest.raises(InvalidArgument):
        robustness(NET, [3, 1], **bad)
    with pytest.raises(InvalidArgument):
        robustness_batch(NET, [[3, 1]], **bad)
