"""The JSON printers of analysis results: exact strings, 0-based indices, the deprecated alias."""

from __future__ import annotations

import json
import warnings
from fractions import Fraction

import pytest

import reluexact.oned.spline as spline_module
from reluexact.interop.json_results import decoding_to_json, spline_form_to_json, summary_to_json
from reluexact.model import TwoLayerReLU
from reluexact.oned.decoding import decode
from reluexact.oned.spline import spline_form, spline_form_json

EXAMPLE3 = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])


def test_spline_form_of_worked_example_3() -> None:
    assert spline_form_to_json(spline_form(EXAMPLE3)) == {
        "knots": [{"x": "-1/2", "jump": ["-1"], "units": [2]}, {"x": "1/2", "jump": ["7"], "units": [0, 1]}],
        "pieces": [
            {"from": None, "to": "-1/2", "slope": ["-6"], "intercept": ["31/10"]},
            {"from": "-1/2", "to": "1/2", "slope": ["-7"], "intercept": ["13/5"]},
            {"from": "1/2", "to": None, "slope": ["0"], "intercept": ["-9/10"]},
        ],
    }


def test_zero_jump_knots_are_left_out() -> None:
    net = TwoLayerReLU([[1], [-1], [1]], [0, 0, -1], [[1, -1, 2]], [0])  # relu(x) - relu(-x) = x: no kink at 0
    assert [k["x"] for k in spline_form_to_json(spline_form(net))["knots"]] == ["1"]


def test_deprecated_spline_form_json_warns_once_and_forwards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spline_module, "_DEPRECATION_WARNED", [])
    form = spline_form(EXAMPLE3)
    with pytest.warns(DeprecationWarning, match="spline_form_to_json"):
        first = spline_form_json(form)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        second = spline_form_json(form)
    assert first == second == spline_form_to_json(form)


def test_summary_of_a_degenerate_network() -> None:
    net = TwoLayerReLU([[1, 2], [-2, -4], [2, 4], [0, 0], [3, 6]], [1, -2, 0, 5, 3], [[1, 1, 0, 1, 2]], [0])
    document = summary_to_json(net)
    assert document["duplicate_hyperplanes"] == [{"units": [0, 1, 4], "multipliers": ["1", "-2", "3"]}]
    assert document["parallel_hyperplanes"][0]["units"] == [0, 1, 2, 4]
    assert document["W"][1] == ["-2", "-4"]
    assert (document["zero_weight_units"], document["zero_output_units"]) == ([3], [2])
    assert json.loads(json.dumps(document)) == document


def test_decoding_of_worked_example_3() -> None:
    document = decoding_to_json(decode(EXAMPLE3, domain=(-1, 1)))
    assert document["domain"] == ["-1", "1"]
    assert [u["knot"] for u in document["units"]] == ["1/2", "1/2", "-1/2"]
    assert document["groups"][1] == {"x": "1/2", "units": [0, 1], "jump": ["7"]}
    assert document["identity"] == {
        "one_sided": [{"x": "-1/2", "lambda": ["-1"]}, {"x": "1/2", "lambda": ["7"]}],
        "affine_slope": ["-6"],
        "affine_intercept": ["31/10"],
        "verified": True,
    }
    assert "comparison" not in document
    assert Fraction(document["identity"]["affine_intercept"][0]) == Fraction(31, 10)
