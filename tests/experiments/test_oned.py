"""1-D experiments in their fast setting: the JSON they write is checked against independent oracles."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import pytest

from reluexact.errors import InvalidArgument
from reluexact.experiments import ONED_TARGETS, OneDSettings, run_oned_experiment
from reluexact.interop.json_io import loads_json
from reluexact.model import evaluate


def _roles_by_brute_force(net, alpha, beta):
    """Unit roles on [alpha, beta] from first principles: the knot -b/w against the domain."""
    roles = []
    for i in range(net.n_hidden):
        w, b = net.W[i][0], net.b[i]
        a = net.A[0][i]
        if a == 0:
            roles.append("zero_output")
        elif w == 0:
            roles.append("affine_acting" if b > 0 else "dead")
        elif alpha < -b / w < beta:
            roles.append("shaping")
        else:  # active at the domain's middle <=> active on the whole domain
            roles.append("affine_acting" if w * (alpha + beta) / 2 + b > 0 else "dead")
    return roles


@pytest.fixture(scope="module")
def fast_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("oned")
    results = {}
    for slug in ONED_TARGETS:
        result = run_oned_experiment(slug, outdir=out, settings=OneDSettings.fast(), quiet=True, pdf=slug == "kinked")
        results[slug] = (result, json.loads(result.json_path.read_text()))
    return results


@pytest.mark.parametrize("slug", list(ONED_TARGETS))
def test_json_counts_match_an_independent_decoding(fast_runs, slug):
    result, data = fast_runs[slug]
    assert data["experiment"] == f"oned_{slug}"
    assert data["runs"][0]["width"] == result.summary["runs"][0]["width"]
    alpha, beta = (Fraction(v) for v in data["domain"])
    assert [run["width"] for run in data["runs"]] == [4, 8]
    for run in data["runs"]:
        net = loads_json(json.dumps(run["network"]))
        assert net.n_hidden == run["width"]
        roles = _roles_by_brute_force(net, alpha, beta)
        assert run["units"] == {key: roles.count(key) for key in ("shaping", "dead", "affine_acting", "zero_output")}
        shaping = [i for i, r in enumerate(roles) if r == "shaping"]
        right = [i for i in shaping if net.W[i][0] > 0]
        assert run["right_facing_shaping"] == len(right)
        assert run["left_facing_shaping"] == len(shaping) - len(right)
        # break points: distinct shaping knots whose merged jump sum a_i |w_i| is non-zero
        jumps: dict[Fraction, Fraction] = {}
        for i in shaping:
            knot = -net.b[i] / net.W[i][0]
            jumps[knot] = jumps.get(knot, Fraction(0)) + net.A[0][i] * abs(net.W[i][0])
        assert run["break_points_inside"] == sum(1 for j in jumps.values() if j != 0)
        # two-sided pairs: opposite orientations, within the tolerance, each unit used once
        pairs = run["two_sided_pairs"]
        tolerance = Fraction(pairs["tolerance"])
        assert tolerance == Fraction(1, 50) * (beta - alpha)
        used = set()
        for pair in pairs["pairs"]:
            i, j = pair["right_unit"], pair["left_unit"]
            assert net.W[i][0] > 0 > net.W[j][0]
            assert {i, j} <= set(shaping)
            assert Fraction(pair["distance"]) == abs(net.b[i] / net.W[i][0] - net.b[j] / net.W[j][0]) <= tolerance
            assert not used & {i, j}
            used |= {i, j}
        assert pairs["count"] == len(pairs["pairs"]) <= min(len(right), len(shaping) - len(right))


@pytest.mark.parametrize("slug", list(ONED_TARGETS))
def test_decoding_identity_is_exact_and_rechecked(fast_runs, slug):
    _, data = fast_runs[slug]
    alpha, beta = (Fraction(v) for v in data["domain"])
    for run in data["runs"]:
        identity = run["decoding_identity"]
        assert identity["exact"] is True
        net = loads_json(json.dumps(run["network"]))
        slope, intercept = Fraction(identity["affine_slope"]), Fraction(identity["affine_intercept"])
        terms = [(Fraction(t["knot"]), Fraction(t["jump"])) for t in identity["terms"]]
        assert len(terms) == run["break_points_inside"]
        assert all(alpha < t < beta for t, _ in terms)

        def decoded(x, slope=slope, intercept=intercept, terms=terms):
            return slope * x + intercept + sum((j * max(x - t, 0) for t, j in terms), Fraction(0))

        # an independent check at points the decoder did not choose: thirds between all knots
        knots = sorted({alpha, beta, *(-b / w[0] for w, b in zip(net.W, net.b, strict=True) if w[0] != 0)})
        inside = [k for k in knots if alpha <= k <= beta]
        probes = [a + (b - a) / 3 for a, b in itertools.pairwise(inside)] + inside
        for x in probes:
            assert evaluate(net, [x])[0] == decoded(x)


@pytest.mark.parametrize("slug", list(ONED_TARGETS))
def test_constructed_solutions_interpolate_exactly(fast_runs, slug):
    _, data = fast_runs[slug]
    for run in data["runs"]:
        same_knots = run["constructed_same_knots"]
        assert same_knots["interpolates_exactly"] is True
        assert same_knots["interior_knots"] == run["break_points_inside"]
        assert same_knots["width"] == run["break_points_inside"] + 2
        assert run["constructed_same_width"]["width"] == max(2, run["width"])
        assert run["constructed_same_width"]["interpolates_exactly"] is True
        adaptive = run["constructed_same_knots_adaptive"]
        low, high = (Fraction(str(v)) for v in ONED_TARGETS[slug].domain) if ONED_TARGETS[slug].kinks else (0, 0)
        inside = [k for k in map(Fraction, ONED_TARGETS[slug].kinks) if low < k < high]
        if run["break_points_inside"] < len(inside):  # fewer knots than kinks: refused, and said why
            assert adaptive is None
            assert "kink" in run["constructed_same_knots_adaptive_skipped"]
        else:  # non-smooth targets included (regression: they used to be skipped)
            assert run["constructed_same_knots_adaptive_skipped"] is None
            assert adaptive["interpolates_exactly"] is True
            assert adaptive["width"] == run["break_points_inside"] + 2
            assert set(inside) <= {Fraction(str(v)) for v in adaptive["knots"]}  # every kink is a knot
        errors = run["sup_error_float"]
        assert errors["trained"] >= 0
        assert errors["constructed_same_knots"] >= 0
        if same_knots["apriori_bound_float"] is not None:  # the rigorous bound holds for the measured error
            assert errors["constructed_same_knots"] <= same_knots["apriori_bound_float"] * (1 + 1e-9) + 1e-12


@pytest.mark.parametrize("slug", list(ONED_TARGETS))
def test_knot_movement_follows_the_snapshots(fast_runs, slug):
    _, data = fast_runs[slug]
    epochs = data["settings"]["snapshot_epochs"]
    assert epochs[0] == 0
    assert epochs[-1] == data["settings"]["epochs"]
    for run in data["runs"]:
        movement = run["knot_movement"]
        assert [row["epoch"] for row in movement] == epochs
        assert movement[-1]["break_points_inside"] == run["break_points_inside"]
        assert movement[-1]["shaping_units"] == run["units"]["shaping"]
        assert movement[-1]["loss_float"] == run["final_loss_float"]
        for before, after in itertools.pairwise(movement):
            # units entering minus units leaving = change in the number of shaping units
            assert after["entered"] - after["left"] == after["shaping_units"] - before["shaping_units"]
            assert 0 <= after["mean_abs_move_float"] <= after["max_abs_move_float"]
        net = loads_json(json.dumps(run["network"]))
        final_knots = [None if w[0] == 0 else float(-b / w[0]) for w, b in zip(net.W, net.b, strict=True)]
        assert movement[-1]["knots_float"] == final_knots


@pytest.mark.parametrize(("slug", "minimal"), [("abs", 2), ("kinked", 3)])
def test_exact_solution_of_piecewise_linear_targets(fast_runs, slug, minimal):
    _, data = fast_runs[slug]
    exact = data["exact_solution"]
    assert exact["equals_target_exactly"] is True
    assert exact["minimal_width_on_domain"] == minimal
    assert [Fraction(k) for k in exact["kinks"]] == [Fraction(k) for k in ONED_TARGETS[slug].kinks]
    for run in data["runs"]:
        assert len(run["kink_distances"]) == len(ONED_TARGETS[slug].kinks)


def test_files_written(fast_runs):
    result, _ = fast_runs["kinked"]
    assert result.json_path.exists()
    assert result.tex_path.read_text().startswith("% Generated by reluexact")
    assert len(result.figures) == 3
    for figure in result.figures:
        assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.read_bytes()[:5] for p in result.vector_figures] == [b"%PDF-"] * 3  # what the report includes
    assert "\\includegraphics" in result.tex_path.read_text()
    assert ".png}" not in result.tex_path.read_text()
    if result.pdf_path is not None:
        assert result.pdf_path.read_bytes()[:5] == b"%PDF-"
    smooth, _ = fast_runs["sin"]
    assert smooth.pdf_path is None
    assert smooth.pdf_note == "PDF not requested"


def test_bad_arguments(tmp_path):
    with pytest.raises(InvalidArgument, match="unknown 1-D target 'cosh'"):
        run_oned_experiment("cosh", outdir=tmp_path)
    with pytest.raises(InvalidArgument, match="widths must be positive integers"):
        OneDSettings(widths=(0,))
    with pytest.raises(InvalidArgument, match="n_snapshots must be >= 2"):
        OneDSettings(n_snapshots=1)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InvalidArgument, match="is not a folder"):
        run_oned_experiment("sin", outdir=tmp_path / "file", settings=OneDSettings.fast())
