"""2-D experiments in their fast setting: the JSON is checked against independent exact oracles."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import pytest

from reluexact.errors import InvalidArgument
from reluexact.experiments.twod import TWOD_TARGETS, TwoDSettings, ridge_layout, run_twod_experiment
from reluexact.interop.json_io import loads_json
from reluexact.train import sample_target

CORNERS = [(Fraction(x), Fraction(y)) for x in (-1, 1) for y in (-1, 1)]


def _line_oracle(net):
    """Regions and adjacency edges of a line arrangement in the open box [-1, 1]^2, from first principles.

    With L lines crossing the box and I pairwise intersection points strictly inside it, and no
    three lines through one point and no two coincident: regions = 1 + L + I (each line adds one
    region plus one per crossing), edges = L + 2 I (each line is cut into k + 1 facets by its k
    crossings). Returns None when the arrangement is not in that generic position.
    """
    lines = []
    for (w1, w2), b in zip(net.W, net.b, strict=True):
        values = [w1 * x + w2 * y + b for x, y in CORNERS]
        if min(values) < 0 < max(values):
            lines.append((w1, w2, b))
    crossings = []
    for (a1, a2, a0), (c1, c2, c0) in itertools.combinations(lines, 2):
        det = a1 * c2 - a2 * c1
        if det == 0:
            if (a1, a2, a0) == (c1, c2, c0) or (a1 * c0 == c1 * a0 and a2 * c0 == c2 * a0):
                return None  # coincident lines
            continue
        x = (a2 * c0 - a0 * c2) / det
        y = (a0 * c1 - a1 * c0) / det
        if -1 < x < 1 and -1 < y < 1:
            crossings.append((x, y))
    if len(set(crossings)) != len(crossings):
        return None  # three lines through one point
    return 1 + len(lines) + len(crossings), len(lines) + 2 * len(crossings)


@pytest.fixture(scope="module")
def fast_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("twod")
    return {
        slug: json.loads(
            run_twod_experiment(
                slug, outdir=out, settings=TwoDSettings.fast(), quiet=True, pdf=False
            ).json_path.read_text()
        )
        for slug in TWOD_TARGETS
    }


@pytest.mark.parametrize("slug", list(TWOD_TARGETS))
def test_region_counts_match_an_independent_line_count(fast_runs, slug):
    data = fast_runs[slug]
    for run in data["runs"]:
        net = loads_json(json.dumps(run["network"]))
        oracle = _line_oracle(net)
        assert oracle is not None, "trained lines are in general position"
        regions, edges = oracle
        assert run["regions"]["in_box"] == regions
        assert run["regions"]["complete"] is True
        assert run["adjacency"]["edges"] == edges
        assert run["adjacency"]["connected"] is True
        assert sum(int(k) * v for k, v in run["adjacency"]["degree_histogram"].items()) == 2 * edges


@pytest.mark.parametrize("slug", list(TWOD_TARGETS))
def test_unit_statuses_and_orders_are_consistent(fast_runs, slug):
    data = fast_runs[slug]
    for run in data["runs"]:
        net = loads_json(json.dumps(run["network"]))
        status = {"dead": 0, "affine_acting": 0, "shaping": 0}
        for (w1, w2), b in zip(net.W, net.b, strict=True):
            values = [w1 * x + w2 * y + b for x, y in CORNERS]
            status["dead" if max(values) <= 0 else "affine_acting" if min(values) >= 0 else "shaping"] += 1
        assert run["units"] == status
        order = run["order"]
        assert sum(order["chain_lengths"]) == status["shaping"]
        assert order["longest_chain"] == (max(order["chain_lengths"]) if order["chain_lengths"] else 0)
        assert order["comparable_pairs_shaping_units"] <= status["shaping"] * (status["shaping"] - 1) // 2
        fam = run["families"]
        assert sum(fam["near_parallel_cluster_sizes_float"]) == run["width"] - 0  # no w = 0 units after training


@pytest.mark.parametrize("slug", list(TWOD_TARGETS))
def test_continuity_restriction_and_visited_regions(fast_runs, slug):
    data = fast_runs[slug]
    samples = sample_target(TWOD_TARGETS[slug].expression, [(-1, 1), (-1, 1)], n_samples=data["settings"]["n_samples"])
    for run in data["runs"]:
        continuity = run["continuity"]
        assert continuity["violations"] == 0
        assert continuity["one_jump_per_line"] is True
        assert continuity["edges_checked"] == run["adjacency"]["edges"]
        assert continuity["lines_crossed"] == run["units"]["shaping"]
        # visited regions: the distinct exact sign patterns of the samples, recomputed here
        net = loads_json(json.dumps(run["network"]))
        patterns = set()
        on_line = 0
        for x, y in samples.X.tolist():
            X, Y = Fraction(x), Fraction(y)
            values = [w1 * X + w2 * Y + b for (w1, w2), b in zip(net.W, net.b, strict=True)]
            if any(v == 0 for v in values):
                on_line += 1
                continue
            patterns.add(tuple(v > 0 for v in values))
        visited = run["visited"]
        assert visited["regions_visited"] == len(patterns)
        assert visited["samples_on_a_hidden_line"] == on_line
        assert visited["interior_samples"] + on_line == visited["samples"] == len(samples.X)
        assert visited["all_visited_are_enumerated"] is True
        assert visited["regions_visited"] <= run["regions"]["in_box"]
        alignment = run["ridge_alignment_float"]
        if slug == "ridge":
            assert alignment["direction"] == [2, 1]
            assert alignment["cutting_units"] == run["units"]["shaping"]
            assert alignment["within_5_degrees"] <= alignment["within_15_degrees"] <= alignment["cutting_units"]
        else:
            assert alignment is None


@pytest.mark.parametrize("slug", list(TWOD_TARGETS))
def test_ridge_construction(fast_runs, slug):
    data = fast_runs[slug]
    for run in data["runs"]:
        ridge = run["constructed_ridge"]
        directions, pieces = ridge_layout(run["width"])
        assert ridge["width"] == run["width"] == directions * (pieces + 1)
        assert len(ridge["directions"]) == directions
        assert ridge["parallel_chains"] == directions  # one chain of parallel lines per direction
        assert Fraction(ridge["residual_on_fit_grid"]) >= 0
        assert run["sup_error_float"]["constructed_ridge"] >= 0


def test_bad_target(tmp_path):
    with pytest.raises(InvalidArgument, match="unknown 2-D target 'saddle'"):
        run_twod_experiment("saddle", outdir=tmp_path)
    with pytest.raises(InvalidArgument, match="widths must be positive integers"):
        TwoDSettings(widths=())
