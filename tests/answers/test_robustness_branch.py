"""The branch and bound of :mod:`reluexact.answers.robustness` against the region search and brute force."""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import TwoLayerReLU
from reluexact.answers.robustness import prediction, robustness, robustness_document, verify
from reluexact.check import check_certificate
from reluexact.errors import CertificateError, InvalidArgument
from reluexact.model import evaluate
from tests.answers.oracles import brute_force_radius
from tests.strategies import argmax_networks, boxes, cancelling_networks, networks, rationals


def _inside(box, fractions):
    return tuple(lo + t * (hi - lo) for (lo, hi), t in zip(box, fractions, strict=True))


def _distance(a, b, norm):
    delta = [x - y for x, y in zip(a, b, strict=True)]
    return max(map(abs, delta), default=Fraction(0)) if norm == "inf" else sum(map(abs, delta), Fraction(0))


def _holds(net, result):
    return check_certificate(robustness_document(net, [result])).startswith("robustness certificate holds")


def _cases(nets):
    return st.integers(1, 3).flatmap(
        lambda d: st.tuples(nets(d), boxes(d), st.lists(st.fractions(0, 1, max_denominator=4), min_size=d, max_size=d))
    )


_entries = rationals(max_numerator=6, max_denominator=3)


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        _cases(lambda d: networks(d=d, n=st.integers(0, 5), m=st.integers(1, 3), entries=_entries)),
        _cases(lambda d: argmax_networks(d=d, n=st.integers(1, 4))),
        _cases(lambda d: cancelling_networks(d=d, n=st.integers(1, 3))),
    ),
    st.sampled_from(["inf", "1"]),
)
def test_branch_radius_equals_region_search_and_brute_force(case, norm):
    net, box, where = case
    x0 = _inside(box, where)
    branch = robustness(net, x0, norm, box, method="branch")
    expected = brute_force_radius(net, x0, box, norm)
    assert branch.radius == expected
    assert robustness(net, x0, norm, box, method="regions").radius == expected
    if branch.tie:
        return
    assert branch.method == "branch"
    if expected is None:
        assert branch.counterexample is None
    else:
        klass, tie = prediction(evaluate(net, branch.counterexample))
        assert tie or klass != branch.klass
        assert _distance(branch.counterexample, x0, norm) == expected
    assert _holds(net, branch)


@settings(max_examples=30, deadline=None)
@given(
    _cases(lambda d: networks(d=d, n=st.integers(1, 5), m=st.integers(1, 3), entries=_entries)),
    st.sampled_from(["inf", "1"]),
    st.sampled_from([Fraction(1, 2), Fraction(1), Fraction(3, 2)]),
)
def test_branch_verify_agrees_with_the_radius(case, norm, scale):
    net, box, where = case
    x0 = _inside(box, where)
    radius = brute_force_radius(net, x0, box, norm)
    if radius is None or radius == 0:
        return
    eps = radius * scale
    answer = verify(net, x0, eps, norm, box, method="branch")
    assert answer.robust == (eps < radius)  # a change at distance exactly eps counts
    assert answer.robust == verify(net, x0, eps, norm, box, method="regions").robust
    if not answer.robust:
        assert _distance(answer.counterexample, x0, norm) <= eps
    assert _holds(net, answer)


def _net():
    """A 3-input, 6-unit, 2-class net whose branch-and-bound tree has splits (fixed, from a random draw)."""
    W = [[1, 2, 3], [-2, 3, 2], [-1, -3, 2], [2, 0, -2], [-2, -1, 2], [-1, -3, 1]]
    b = [2, -2, 0, -1, 0, -3]
    A = [[1, -2, 0, -1, 1, -3], [-1, 1, 2, -1, -3, 2]]
    return TwoLayerReLU(W, b, A, [0, 1])


def _leaves(tree, found=None):
    found = [] if found is None else found
    if "split" in tree:
        _leaves(tree["inactive"], found)
        _leaves(tree["active"], found)
    else:
        found.append(tree)
    return found


def _branch_document():
    net = _net()
    box = [(-2, 2)] * 3
    result = robustness(net, ["-3/4", "-1/4", "3/4"], "inf", box, method="branch")
    assert result.method == "branch"
    assert result.radius is not None
    document = robustness_document(net, [result])
    tree = document["samples"][0]["certificate"]["trees"][0]["tree"]
    assert "split" in tree, "the fixed net should need a split"
    return document


def test_branch_certificate_holds_and_corruptions_are_rejected():
    document = _branch_document()
    assert check_certificate(document).startswith("robustness certificate holds")
    tree = document["samples"][0]["certificate"]["trees"][0]["tree"]
    relaxed = [leaf for leaf in _leaves(tree) if "pattern" not in leaf and leaf["bound"] is not None]
    empty = [leaf for leaf in _leaves(tree) if "pattern" not in leaf and leaf["bound"] is None]
    assert relaxed
    assert empty

    farkas = copy.deepcopy(document)
    leaf = next(x for x in _leaves(farkas["samples"][0]["certificate"]["trees"][0]["tree"]) if x in empty)
    leaf["multipliers"] = [[r, str(-Fraction(v))] for r, v in leaf["multipliers"]]
    with pytest.raises(CertificateError):
        check_certificate(farkas)

    raised = copy.deepcopy(document)
    leaf = next(x for x in _leaves(raised["samples"][0]["certificate"]["trees"][0]["tree"]) if x in relaxed)
    leaf["bound"] = str(Fraction(leaf["bound"]) + 1)
    with pytest.raises(CertificateError, match="prove the bound"):
        check_certificate(raised)

    removed = copy.deepcopy(document)
    root = removed["samples"][0]["certificate"]["trees"][0]["tree"]
    del root["active"]
    with pytest.raises(CertificateError):
        check_certificate(removed)

    changed = copy.deepcopy(document)
    leaf = next(x for x in _leaves(changed["samples"][0]["certificate"]["trees"][0]["tree"]) if x in relaxed)
    row, value = leaf["multipliers"][0]
    leaf["multipliers"][0] = [row, str(Fraction(value) * 2)]
    with pytest.raises(CertificateError):
        check_certificate(changed)

    lower = copy.deepcopy(document)
    lower["samples"][0]["radius"] = str(Fraction(lower["samples"][0]["radius"]) / 2)
    with pytest.raises(CertificateError):
        check_certificate(lower)

    small_box = copy.deepcopy(document)
    leaf = _leaves(small_box["samples"][0]["certificate"]["trees"][0]["tree"])[0]
    leaf["box"] = "0"
    with pytest.raises(CertificateError, match="box radius"):
        check_certificate(small_box)


def test_branch_budget_gives_a_checked_interval():
    net = _net()
    box = [(-2, 2)] * 3
    x0 = ["-3/4", "-1/4", "3/4"]
    full = robustness(net, x0, "inf", box, method="branch")
    for budget in (1, 2, 3):
        partial = robustness(net, x0, "inf", box, method="branch", max_regions=budget)
        if not partial.partial:
            assert partial.radius == full.radius
            continue
        assert partial.lower is not None
        assert partial.lower <= full.radius
        assert partial.upper is None or full.radius <= partial.upper
        assert _holds(net, partial)


def test_branch_on_all_of_rd_and_the_automatic_choice():
    net = _net()
    x0 = ["-3/4", "-1/4", "3/4"]
    branch = robustness(net, x0, "inf", method="branch")
    assert branch.radius == robustness(net, x0, "inf", method="regions").radius
    assert _holds(net, branch)
    assert robustness(net, x0, "inf").method == "regions"  # auto: the region search at small d
    wide = TwoLayerReLU([[1] * 8, [1, -1] * 4], [0, -1], [[1, -1], [-1, 1]], [0, 0])
    assert robustness(wide, [Fraction(1, 4)] * 8, "inf", [(0, 1)] * 8).method == "branch"
    assert robustness(wide, [Fraction(1, 4)] * 8, "2", [(0, 1)] * 8).method == "regions"
    with pytest.raises(InvalidArgument, match="norms 'inf' and '1'"):
        robustness(net, x0, "2", method="branch")
    with pytest.raises(InvalidArgument, match="method must be"):
        robustness(net, x0, method="nope")
