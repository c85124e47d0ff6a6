"""Tests of :mod:`reluexact.check.maximize`: true certificates hold, corrupted ones are rejected.

Soundness is tested as "accepted implies true": whatever a mutation does to a document, when
the checker still accepts it, its claimed value must be the brute-force extremum and its point
must attain it. Mutations that make a claim false (a changed value, a missing leaf, a lowered
bound) must be rejected outright.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.answers.extrema import extremum_document, maximize, minimize
from reluexact.check import check_certificate
from reluexact.domain import as_domain, contains
from reluexact.errors import CertificateError
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.rational import format_fraction
from reluexact.regions import region_containing_point
from tests.oracles import brute_force_extremum
from tests.strategies import boxes, networks, rationals

F = Fraction
NET = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3], [2, -1]], ["3/10", "-1/5", 1, 0], [[2, -1, "7/10", -1]], [0])


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    doc = extremum_document(maximize(NET, "-1,1"))
    assert len(doc["certificate"]["leaves"]) >= 2
    return doc


def _rejects(doc: dict[str, Any], match: str) -> None:
    with pytest.raises(CertificateError, match=match):
        check_certificate(doc)


def test_true_certificate_holds_and_survives_json(document: dict[str, Any]) -> None:
    summary = check_certificate(json.loads(json.dumps(document)))
    assert summary.startswith(f"maximum of f_1 over box[-1,1;-1,1] is {document['value']}")


def test_a_higher_or_lower_value_is_rejected(document: dict[str, Any]) -> None:
    for delta in (F(1, 10**6), F(-1, 10**6)):
        doc = copy.deepcopy(document)
        doc["value"] = format_fraction(F(doc["value"]) + delta)
        _rejects(doc, "does not attain the value")


def test_a_lower_claim_with_a_point_attaining_it_is_rejected_by_the_leaves(document: dict[str, Any]) -> None:
    doc = copy.deepcopy(document)
    q = (F(1, 3), F(-1, 5))
    assert evaluate(NET, q)[0] < F(doc["value"])
    region = region_containing_point(NET, q, domain="-1,1", facets=False)
    doc["point"] = [format_fraction(v) for v in q]
    doc["value"] = format_fraction(evaluate(NET, q)[0])
    doc["certificate"]["region"] = {"pattern": region.pattern, "point": [format_fraction(v) for v in region.point]}
    _rejects(doc, "exceeds the claimed optimum")


def test_a_missing_leaf_is_rejected(document: dict[str, Any]) -> None:
    for k in range(len(document["certificate"]["leaves"])):
        doc = copy.deepcopy(document)
        del doc["certificate"]["leaves"][k]
        _rejects(doc, "do not cover")


def test_a_lowered_bound_is_rejected(document: dict[str, Any]) -> None:
    doc = copy.deepcopy(document)
    leaf = next(leaf for leaf in doc["certificate"]["leaves"] if "bound" in leaf)
    leaf["bound"] = format_fraction(F(leaf["bound"]) - F(1, 1000))
    _rejects(doc, "prove only")


def test_bad_shapes_are_rejected(document: dict[str, Any]) -> None:
    cases = [
        (("certificate", "leaves", 0, "signs"), "1*", "expected a string of 4"),
        (("point",), ["1/2"], "expected 2 numbers"),
        (("value",), 0.5, "exact number"),
        (("certificate", "bounds"), [], "list of 4"),
        (("output",), 3, "output index"),
        (("sense",), "up", "sense"),
    ]
    for path, value, match in cases:
        doc = copy.deepcopy(document)
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        _rejects(doc, match)


def test_a_point_outside_the_domain_is_rejected(document: dict[str, Any]) -> None:
    doc = copy.deepcopy(document)
    doc["point"] = ["2", "0"]
    _rejects(doc, "outside the domain")


def _mutate(doc: dict[str, Any], data: st.DataObject) -> None:
    """Change one number, one sign or one list entry somewhere in the certificate part."""
    certificate = doc["certificate"]
    leaves = certificate["leaves"]
    kind = data.draw(st.sampled_from(["value", "point", "bound", "dual", "signs", "unit_bound", "duplicate"]))
    delta = data.draw(rationals().filter(bool))
    if kind == "value":
        doc["value"] = format_fraction(F(doc["value"]) + delta)
    elif kind == "point":
        j = data.draw(st.integers(0, len(doc["point"]) - 1))
        doc["point"][j] = format_fraction(F(doc["point"][j]) + delta)
    elif kind == "bound":
        leaf = data.draw(st.sampled_from(leaves))
        if "bound" in leaf:
            leaf["bound"] = format_fraction(F(leaf["bound"]) + delta)
    elif kind == "dual":
        leaf = data.draw(st.sampled_from(leaves))
        pairs = leaf.get("dual", leaf.get("empty"))
        if pairs:
            pair = data.draw(st.sampled_from(pairs))
            pair[1] = format_fraction(abs(F(pair[1]) + delta))
    elif kind == "signs":
        leaf = data.draw(st.sampled_from(leaves))
        i = data.draw(st.integers(0, len(leaf["signs"]) - 1)) if leaf["signs"] else 0
        if leaf["signs"]:
            leaf["signs"] = leaf["signs"][:i] + data.draw(st.sampled_from("10*")) + leaf["signs"][i + 1 :]
    elif kind == "unit_bound":
        bounds = [b for b in certificate["bounds"] if b is not None]
        if bounds:
            entry = data.draw(st.sampled_from(bounds))
            side = data.draw(st.sampled_from(["low", "high"]))
            entry[side] = format_fraction(F(entry[side]) + delta)
    else:
        leaves.append(copy.deepcopy(data.draw(st.sampled_from(leaves))))


@settings(max_examples=120)
@given(
    net=networks(d=st.integers(1, 2), n=st.integers(1, 4), m=1), sense=st.sampled_from(["max", "min"]), data=st.data()
)
def test_accepted_implies_true(net: TwoLayerReLU, sense: str, data: st.DataObject) -> None:
    box = data.draw(boxes(net.input_dim))
    doc = extremum_document((maximize if sense == "max" else minimize)(net, box))
    assert check_certificate(doc)
    _mutate(doc, data)
    try:
        check_certificate(doc)
    except CertificateError:
        return
    # accepted: then every claim is true, checked with independent code (the mutations keep model and domain)
    value, point = F(doc["value"]), tuple(F(v) for v in doc["point"])
    expected = brute_force_extremum(net, box, [1 if sense == "max" else -1])
    assert value == (expected if sense == "max" else -expected)
    assert contains(as_domain(box, net.input_dim), point)
    assert evaluate(net, point)[0] == value
