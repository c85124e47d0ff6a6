"""Tests of :mod:`reluexact.check.lipschitz`: true certificates hold, corrupted ones are rejected.

As for maximize: a mutated document the checker still accepts must make only true claims (the
brute-force constant, a point strictly inside the claimed region); mutations that make a claim
false are rejected outright.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.answers.lipschitz import lipschitz, lipschitz_document
from reluexact.check import check_certificate
from reluexact.errors import CertificateError
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction
from reluexact.regions import region_containing_point
from tests.oracles import brute_force_lipschitz
from tests.strategies import boxes, networks, rationals

F = Fraction
NET = TwoLayerReLU(
    [[1, 2], [-1, 1], ["1/2", -3], [2, -1], [0, 0]], ["3/10", "-1/5", 1, 0, 1], [[2, -1, "7/10", -1, 5]], [0]
)


@pytest.fixture(scope="module", params=["inf", "1", "2"])
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    return lipschitz_document(lipschitz(NET, "-1,1", norm=request.param))


def _rejects(doc: dict[str, Any], match: str) -> None:
    with pytest.raises(CertificateError, match=match):
        check_certificate(doc)


def _key(doc: dict[str, Any]) -> str:
    return "value_squared" if doc["norm"] == "2" else "value"


def test_true_certificate_holds_and_survives_json(document: dict[str, Any]) -> None:
    assert "Lipschitz constant" in check_certificate(json.loads(json.dumps(document)))


def test_a_changed_value_is_rejected(document: dict[str, Any]) -> None:
    for delta in (F(1, 10**6), F(-1, 10**6)):
        doc = copy.deepcopy(document)
        doc[_key(doc)] = format_fraction(F(doc[_key(doc)]) + delta)
        _rejects(doc, "dual norm")


def test_a_smaller_claim_on_a_real_region_is_rejected_by_the_leaves(document: dict[str, Any]) -> None:
    # claim the constant of another genuine region, with a point strictly inside it
    doc = copy.deepcopy(document)
    result = lipschitz(NET, "-1,1", norm=doc["norm"])
    for q in [(F(-9, 10), F(-9, 10)), (F(9, 10), F(-9, 10)), (F(-9, 10), F(9, 10)), (F(1, 7), F(1, 9))]:
        region = region_containing_point(NET, q, domain="-1,1", facets=False)
        gradient = region.affine_map.gradient[0]
        size = sum(abs(g) for g in gradient) if doc["norm"] == "inf" else max(abs(g) for g in gradient)
        if doc["norm"] == "2":
            size = sum(g * g for g in gradient)
        if size < result.measure:
            break
    else:  # pragma: no cover - the net is chosen so that some region is below the maximum
        pytest.fail("no smaller region")
    doc[_key(doc)] = format_fraction(size)
    doc["point"] = [format_fraction(v) for v in q]
    doc["certificate"]["region"]["pattern"] = region.pattern
    _rejects(doc, "may reach")


def test_a_missing_leaf_is_rejected(document: dict[str, Any]) -> None:
    for k in range(len(document["certificate"]["leaves"])):
        doc = copy.deepcopy(document)
        del doc["certificate"]["leaves"][k]
        _rejects(doc, "do not cover|no leaves")


def test_a_point_off_the_region_or_on_the_border_is_rejected(document: dict[str, Any]) -> None:
    doc = copy.deepcopy(document)
    doc["point"] = ["1", "0"]  # on the side of the box
    _rejects(doc, "strictly inside the domain")
    doc["point"] = ["0", "0"]  # on the hyperplane of unit 4 (2x - y = 0)
    _rejects(doc, "strictly inside the region")


def test_a_constant_unit_must_follow_its_bias(document: dict[str, Any]) -> None:
    doc = copy.deepcopy(document)
    pattern = doc["certificate"]["region"]["pattern"]
    doc["certificate"]["region"]["pattern"] = pattern[:4] + "0"
    _rejects(doc, "constant")


def _mutate(doc: dict[str, Any], data: st.DataObject) -> None:
    certificate = doc["certificate"]
    leaves = certificate["leaves"]
    kind = data.draw(st.sampled_from(["value", "point", "bound", "empty", "signs", "pattern", "duplicate", "norm"]))
    delta = data.draw(rationals().filter(bool))
    if kind == "value":
        doc[_key(doc)] = format_fraction(abs(F(doc[_key(doc)]) + delta))
    elif kind == "point":
        j = data.draw(st.integers(0, len(doc["point"]) - 1))
        doc["point"][j] = format_fraction(F(doc["point"][j]) + delta)
    elif kind == "bound":
        leaf = data.draw(st.sampled_from(leaves))
        if "bound" in leaf:
            leaf["bound"] = format_fraction(F(leaf["bound"]) + delta)
    elif kind == "empty":
        leaf = data.draw(st.sampled_from(leaves))
        if leaf.get("empty"):
            pair = data.draw(st.sampled_from(leaf["empty"]))
            pair[1] = format_fraction(abs(F(pair[1]) + delta))
    elif kind in ("signs", "pattern"):
        holder = data.draw(st.sampled_from(leaves)) if kind == "signs" else certificate["region"]
        field = "signs" if kind == "signs" else "pattern"
        text = holder[field]
        if text:
            i = data.draw(st.integers(0, len(text) - 1))
            holder[field] = text[:i] + data.draw(st.sampled_from("10*" if kind == "signs" else "10")) + text[i + 1 :]
    elif kind == "duplicate":
        leaves.append(copy.deepcopy(data.draw(st.sampled_from(leaves))))
    else:
        doc["norm"] = data.draw(st.sampled_from(["inf", "1"]))
        doc["value"] = doc.pop("value_squared", doc.get("value"))


@settings(max_examples=120)
@given(
    net=networks(d=st.integers(1, 2), n=st.integers(1, 4), m=1),
    norm=st.sampled_from(["inf", "1", "2"]),
    bounded=st.booleans(),
    data=st.data(),
)
def test_accepted_implies_true(net: TwoLayerReLU, norm: str, bounded: bool, data: st.DataObject) -> None:
    box = data.draw(boxes(net.input_dim)) if bounded else None
    doc = lipschitz_document(lipschitz(net, box, norm=norm))
    assert check_certificate(doc)
    _mutate(doc, data)
    try:
        check_certificate(doc)
    except CertificateError:
        return
    claimed_norm = doc["norm"]
    value = F(doc[_key(doc)])
    assert value == brute_force_lipschitz(net, box, claimed_norm, 0)
    point = [F(v) for v in doc["point"]]
    region = region_containing_point(net, point, domain=box, facets=False)  # refuses a point on a border
    nonconstant = [i for i in range(net.n_hidden) if any(net.W[i])]
    assert all(region.pattern[i] == doc["certificate"]["region"]["pattern"][i] for i in nonconstant)
