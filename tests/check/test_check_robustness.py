"""Tests of the independent robustness checker: it accepts what the search writes and rejects corruptions."""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import TwoLayerReLU
from reluexact.answers.robustness import robustness, robustness_document, verify
from reluexact.check import check_certificate
from reluexact.errors import CertificateError
from tests.strategies import networks, rationals

#: f = |x1| + |x2| - 1 plus a duplicated hyperplane and a w = 0 unit
NET = TwoLayerReLU(
    [[1, 0], [-1, 0], [0, 1], [0, -1], [2, 0], [0, 0]],
    [0, 0, 0, 0, 0, 1],
    [[1, 1, 1, 1, 0, 0]],
    [-1],
)


def _document(norm: str = "inf", **kwargs):
    return robustness_document(
        NET, [robustness(NET, [0, 0], norm, **kwargs), robustness(NET, ["1/4", 0], norm, **kwargs)]
    )


@pytest.mark.parametrize("norm", ["inf", "1", "2"])
def test_a_written_document_holds_also_after_a_json_round_trip(norm):
    document = json.loads(json.dumps(_document(norm)))
    assert check_certificate(document).startswith("robustness certificate holds: 2 samples")


def _corruptions(document):
    sample = document["samples"][0]
    key = "radius"

    def radius_up(doc):
        doc["samples"][0][key] = "1"

    def radius_down(doc):  # the counterexample is then no longer at the radius
        doc["samples"][0][key] = "1/4"

    def counterexample_moved(doc):
        doc["samples"][0]["counterexample"] = ["1/4", "1/4"]

    def wrong_class(doc):
        doc["samples"][0]["class"] = 1

    def region_dropped(doc):
        doc["samples"][0]["certificate"]["regions"].pop()

    def multiplier_changed(doc):  # another row: the bound it proves is not the stated one
        entry = doc["samples"][0]["certificate"]["regions"][0]["changes"][0]
        entry["multipliers"] = [[0, "1"], *entry["multipliers"]]

    def bound_inflated(doc):
        entry = doc["samples"][0]["certificate"]["regions"][0]["changes"][0]
        entry["bound"] = "7"

    def negative_multiplier(doc):
        entry = doc["samples"][0]["certificate"]["regions"][0]["changes"][0]
        entry["multipliers"][0][1] = "-1"

    def float_number(doc):
        doc["samples"][0][key] = 0.5

    def model_changed(doc):
        doc["model"]["c"] = ["-2"]

    def domain_shrunk(doc):
        doc["domain"] = {"box": [["-1/8", "1/8"], ["-1/8", "1/8"]]}

    def no_regions(doc):
        doc["samples"][0]["certificate"] = {"regions": []}

    assert sample["radius"] == "1/2"
    return [
        radius_up,
        radius_down,
        counterexample_moved,
        wrong_class,
        region_dropped,
        multiplier_changed,
        bound_inflated,
        negative_multiplier,
        float_number,
        model_changed,
        domain_shrunk,
        no_regions,
    ]


@pytest.mark.parametrize("index", range(12))
def test_corrupted_certificates_are_rejected(index):
    document = _document()
    corrupt = _corruptions(document)[index]
    bad = copy.deepcopy(document)
    corrupt(bad)
    with pytest.raises(CertificateError):
        check_certificate(bad)


def test_a_wrong_radius_claim_with_a_consistent_counterexample_is_rejected():
    # claim the larger radius 3/4 with a genuine counterexample at 3/4: the lower bound then fails
    document = _document()
    sample = document["samples"][0]
    sample["radius"] = "3/4"
    sample["counterexample"] = ["3/4", "1/4"]
    with pytest.raises(CertificateError, match=r"below the radius|not examined"):
        check_certificate(document)


def test_verify_documents():
    robust = robustness_document(NET, [verify(NET, [0, 0], "1/4")])
    assert check_certificate(robust)
    flipped = copy.deepcopy(robust)
    flipped["samples"][0]["eps"] = "3/4"  # the bounds prove > 1/2 at most
    with pytest.raises(CertificateError):
        check_certificate(flipped)
    broken = robustness_document(NET, [verify(NET, [0, 0], "3/4")])
    assert broken["samples"][0]["robust"] is False
    assert check_certificate(broken)
    broken["samples"][0]["eps"] = "1/4"
    with pytest.raises(CertificateError, match="beyond eps"):
        check_certificate(broken)


@settings(max_examples=30, deadline=None)
@given(
    networks(d=2, n=st.integers(1, 4), m=st.integers(1, 3), entries=rationals(max_numerator=5, max_denominator=2)),
    st.sampled_from(["inf", "1", "2"]),
    st.data(),
)
def test_every_written_certificate_holds_and_a_smaller_bound_is_caught(net, norm, data):
    x0 = (Fraction(1, 2), Fraction(-1, 3))
    result = robustness(net, x0, norm, [(-2, 2), (-2, 2)])
    document = robustness_document(net, [result])
    assert check_certificate(document)
    regions = document["samples"][0]["certificate"]["regions"]
    if result.radius_squared and regions:
        bad = copy.deepcopy(document)
        region = data.draw(st.sampled_from(bad["samples"][0]["certificate"]["regions"]))
        for entry in region["changes"]:
            entry["multipliers"] = []
            entry["bound"] = "0"
        with pytest.raises(CertificateError):
            check_certificate(bad)


def test_a_polytope_domain_round_trips_through_the_document():
    from reluexact.domain import Polytope

    triangle = Polytope([[1, 0], [0, 1], [-1, -1]], [1, 1, 1])  # x >= -1, y >= -1, x + y <= 1
    result = robustness(NET, ["1/4", 0], "1", triangle)
    document = json.loads(json.dumps(robustness_document(NET, [result])))
    assert "A" in document["domain"]
    assert check_certificate(document).startswith("robustness certificate holds: 1 sample (norm 1)")
