"""The diabetes experiment in its fast setting, its JSON checked against an independent recomputation."""

from __future__ import annotations

import json
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("sklearn")

from reluexact.experiments.realdata import (
    DiabetesSettings,
    load_diabetes_standardised,
    run_diabetes_experiment,
)
from reluexact.interop.json_io import loads_json


@pytest.fixture(scope="module")
def fast_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("diabetes")
    result = run_diabetes_experiment(outdir=out, settings=DiabetesSettings.fast(), quiet=True, pdf=False)
    return result, json.loads(result.json_path.read_text())


def test_per_sample_counts_match_exact_patterns(fast_run):
    _, data = fast_run
    X, _, train = load_diabetes_standardised()
    assert data["data"]["samples"] == len(X) == 442
    for run in data["runs"]:
        net = loads_json(json.dumps(run["network"]))
        s = run["samples"]
        patterns = []
        for x in X.tolist():
            point = [Fraction(v) for v in x]
            values = [
                sum((w * v for w, v in zip(row, point, strict=True)), b) for row, b in zip(net.W, net.b, strict=True)
            ]
            assert all(v != 0 for v in values)  # no sample exactly on a hyperplane here
            patterns.append(tuple(v > 0 for v in values))
        counts = Counter(patterns)
        assert s["samples_on_a_hidden_hyperplane"] == 0
        assert s["regions_visited"] == len(counts)
        assert s["samples_alone_in_their_region"] == sum(1 for c in counts.values() if c == 1)
        assert s["largest_region_samples"] == max(counts.values())
        assert s["regions_visited_by_training_samples"] == len({p for p, t in zip(patterns, train, strict=True) if t})
        train_patterns = {p for p, t in zip(patterns, train, strict=True) if t}
        assert s["test_samples_in_a_training_region"] == sum(
            1 for p, t in zip(patterns, train, strict=True) if not t and p in train_patterns
        )
        active = np.array(patterns)
        assert s["units_never_active_on_data"] == int((~active.any(axis=0)).sum())
        assert s["units_always_active_on_data"] == int(active.all(axis=0).sum())
        assert s["affine_maps_exact_at_all_samples"] is True
        assert s["squared_distances_exact_computed"] == len(X)
        dist = s["distance_to_boundary_float"]
        assert 0 < dist["min"] <= dist["median"] <= dist["max"]


def test_files(fast_run):
    result, _ = fast_run
    assert result.tex_path.exists()
    assert [p.name for p in result.figures] == ["diabetes_regions_samples.png"]
