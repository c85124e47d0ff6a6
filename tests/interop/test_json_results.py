"""The JSON printers of analysis results: exact strings, 0-based indices, the deprecated alias."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from reluexact.interop.json_results import (
    certificate_to_json,
    decoding_to_json,
    exact_network_to_json,
    report_regions_to_json,
    spline_form_to_json,
    summary_to_json,
    training_config_to_json,
    training_result_to_json,
)
from reluexact.model import TwoLayerReLU
from reluexact.oned.decoding import decode
from reluexact.oned.spline import spline_form

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


# The printers moved here from methods (RationalizationCertificate.to_json, TrainingConfig.to_json,
# TrainingResult.to_json, reluexact.report.render.regions_json): the bytes below were written by
# the old methods before the move and must not change.

CERTIFICATE_BOX_BYTES = '{"mode": "denominator:100", "max_weight_change": "1/22517998136852480", "box": [["-1", "1"], ["-1", "1"]], "output_bound": ["17/72057594037927936"]}'  # noqa: E501 (pinned bytes)
CERTIFICATE_NO_BOX_BYTES = (
    '{"mode": "decimals:1", "max_weight_change": "1/180143985094819840", "box": null, "output_bound": null}'
)
TRAINING_CONFIG_BYTES = '{"width": 3, "epochs": 5, "learning_rate": 0.01, "optimizer": "sgd", "momentum": 0.5, "batch_size": 2, "init": "uniform", "seed": 0, "backend": "numpy", "snapshot_epochs": [0, 5]}'  # noqa: E501 (pinned bytes)
TRAINING_RESULT_BYTES = '{"config": {"width": 2, "epochs": 3, "learning_rate": 0.01, "optimizer": "adam", "momentum": 0.0, "batch_size": null, "init": "uniform", "seed": 0, "backend": "numpy", "snapshot_epochs": [0, 3]}, "data": {"n_samples": 3, "input_dim": 1, "output_dim": 1, "domain": [["0", "1"]], "target": "x"}, "final_loss": 0.26857204573943083, "loss_history": [0.28860328368948124, 0.28171939899309995, 0.27504119440154384, 0.26857204573943083], "network": {"format": "reluexact.two-layer-relu", "version": 1, "W": [["77102575498117/281474976710656"], ["-1036788470108771/2251799813685248"]], "b": ["-4134542933108291/4503599627370496", "-2177365960477649/2251799813685248"], "A": [["498808585232761/1125899906842624", "1314430799902507/2251799813685248"]], "c": ["814132731510381/4503599627370496"]}, "snapshots": [{"epoch": 0, "loss": 0.28860328368948124}, {"epoch": 3, "loss": 0.26857204573943083}], "seconds": 0.0}'  # noqa: E501 (pinned bytes)


def test_certificate_json_bytes_are_those_of_the_old_method() -> None:
    from reluexact.rationalization import rationalize_network

    boxed = rationalize_network(
        [[0.30000000000000004, -1.2]], [0.1], [[2.5]], [0.0], how="denominator:100", box="-1,1;-1,1"
    ).certificate
    unboxed = rationalize_network([[0.5]], [0.1], [[1.0]], [0.0], how="decimals:1").certificate
    assert json.dumps(certificate_to_json(boxed)) == CERTIFICATE_BOX_BYTES
    assert json.dumps(certificate_to_json(unboxed)) == CERTIFICATE_NO_BOX_BYTES


def test_training_json_bytes_are_those_of_the_old_methods() -> None:
    from reluexact.train import TrainingConfig, train_on_target

    config = TrainingConfig(width=3, epochs=5, batch_size=2, snapshot_epochs=(0, 5), optimizer="sgd", momentum=0.5)
    assert json.dumps(training_config_to_json(config)) == TRAINING_CONFIG_BYTES
    result = train_on_target("x", (0, 1), width=2, epochs=3, quiet=True, n_samples=3, snapshot_epochs=[0, 3])
    document = training_result_to_json(result)
    assert document["seconds"] == result.seconds
    document["seconds"] = 0.0  # the one entry that is a wall time
    assert json.dumps(document) == TRAINING_RESULT_BYTES


def test_the_embedded_network_reads_back_exactly() -> None:
    from reluexact.interop.json_io import network_from_json

    document = exact_network_to_json(EXAMPLE3)
    assert network_from_json(document) == EXAMPLE3


def test_report_regions_json_bytes_are_pinned() -> None:
    """Version 2 of the report companion: 0-based ids, the people-facing label beside them."""
    from reluexact.report.view import RegionRow

    q = Fraction
    rows = [
        RegionRow(
            1,
            (True, False),
            (q(1, 2), q(-1, 3)),
            ((q(1), q(0)),),
            (q(0),),
            polygon=((q(0), q(0)), (q(1), q(-1)), (q(1), q(0))),
        ),
        RegionRow(2, (True, True), (q(1, 2), q(1, 3)), ((q(1), q(-1)),), (q(0),)),
    ]
    expected = (Path(__file__).parent / "report_regions.json").read_text(encoding="utf-8")
    assert json.dumps(report_regions_to_json(rows, [(1, 2)]), indent=1) == expected
