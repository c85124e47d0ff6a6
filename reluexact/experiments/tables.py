"""Markdown tables of the experiments' JSON files, as ``docs/experiments.md`` shows them.

Run after the examples::

    for f in examples/*.py; do python "$f" --outdir experiments-output; done
    python -m reluexact.experiments.tables experiments-output
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reluexact.errors import InvalidArgument

__all__ = ["markdown_tables"]


def _g(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        if value == 0:
            return "0"
        return f"{value:.3g}" if 0.01 <= abs(value) < 1000 else f"{value:.{digits}e}"
    return str(value)


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_g(v) if not isinstance(v, str) else v for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _oned(summary: dict[str, Any]) -> str:
    rows = []
    for run in summary["runs"]:
        units, error = run["units"], run["sup_error_float"]
        moves = run["knot_movement"]
        rows.append(
            [
                run["width"],
                run["final_loss_float"],
                run["break_points_inside"],
                f"{units['shaping']}/{units['dead']}/{units['affine_acting']}",
                f"{run['right_facing_shaping']}/{run['left_facing_shaping']}",
                run["two_sided_pairs"]["count"],
                run["decoding_identity"]["exact"],
                error["trained"],
                error["constructed_same_knots"],
                error["constructed_same_knots_adaptive"],
                error["constructed_same_width"],
                " → ".join(str(m["break_points_inside"]) for m in moves),
                sum(m.get("entered", 0) for m in moves[1:]),
                sum(m.get("left", 0) for m in moves[1:]),
            ]
        )
    text = _table(
        [
            "n",
            "MSE",
            "break pts",
            "shaping/dead/affine",
            "right/left",
            "2-sided pairs",
            "identity exact",
            "err trained",
            "err same knots (uniform)",
            "(adaptive)",
            "err same width",
            "break pts over epochs",
            "entered",
            "left",
        ],
        rows,
    )
    exact = summary.get("exact_solution")
    if exact:
        kinks = ", ".join(exact["kinks"])
        distances = "; ".join(
            f"n={run['width']}: " + ", ".join(_g(k["distance_float"]) for k in run["kink_distances"])
            for run in summary["runs"]
        )
        text += (
            f"\n\nExact solution: kinks {kinks}; the one-sided interpolant at the kinks equals the target exactly: "
            f"{_g(exact['equals_target_exactly'])}; minimal exact width on the domain: "
            f"{exact['minimal_width_on_domain']}. Distance from each kink to the nearest trained break point: "
            f"{distances}."
        )
    curvature = [
        (run["width"], run["curvature_float"])
        for run in summary["runs"]
        if run["curvature_float"]["mean_abs_f2_at_trained_break_points"] is not None
    ]
    if curvature:
        text += (
            "\n\nMean |f''| at the trained break points / at the adaptive construction's knots / over the domain: "
            + (
                "; ".join(
                    f"n={n}: {c['mean_abs_f2_at_trained_break_points']:.3g} / "
                    f"{_g(c['mean_abs_f2_at_adaptive_knots'] and round(c['mean_abs_f2_at_adaptive_knots'], 3))} / "
                    f"{c['mean_abs_f2_on_domain']:.3g}"
                    for n, c in curvature
                )
            )
        )
    return text


def _twod(summary: dict[str, Any]) -> str:
    rows = []
    for run in summary["runs"]:
        units, order, ridge = run["units"], run["order"], run["constructed_ridge"]
        rows.append(
            [
                run["width"],
                run["final_loss_float"],
                f"{units['dead']}/{units['affine_acting']}/{units['shaping']}",
                run["regions"]["in_box"],
                run["regions"]["general_position_bound_in_plane"],
                run["visited"]["regions_visited"],
                run["adjacency"]["edges"],
                run["continuity"]["violations"] == 0 and run["continuity"]["one_jump_per_line"],
                run["families"]["exact_parallel_families_of_2_or_more"],
                run["families"]["near_parallel_clusters_float"],
                f"{order['chains_shaping_units']} (longest {order['longest_chain']})",
                run["sup_error_float"]["trained"],
                f"{len(ridge['directions'])}×{ridge['pieces_per_direction'] + 1}",
                ridge["regions_in_box"],
                ridge["parallel_chains"],
                run["sup_error_float"]["constructed_ridge"],
            ]
        )
    text = _table(
        [
            "n",
            "MSE",
            "dead/affine/shaping",
            "regions in box",
            "1+n+C(n,2)",
            "visited",
            "edges",
            "continuity exact",
            "parallel families",
            "near-parallel clusters",
            "chains",
            "err trained",
            "ridge dirs×units",
            "ridge regions",
            "ridge chains",
            "err ridge",
        ],
        rows,
    )
    aligned = [(run["width"], run.get("ridge_alignment_float")) for run in summary["runs"]]
    if any(a for _, a in aligned):
        text += (
            "\n\nCutting lines whose normal lies within 5 / 15 degrees of the ridge direction (float): "
            + "; ".join(
                f"n={n}: {a['within_5_degrees']} / {a['within_15_degrees']} of {a['cutting_units']} "
                f"(median angle {a['median_angle_degrees']:.1f} degrees)"
                for n, a in aligned
                if a
            )
        )
    return text


def _realdata(summary: dict[str, Any]) -> str:
    rows = []
    for run in summary["runs"]:
        s = run["samples"]
        d = s["distance_to_boundary_float"]
        rows.append(
            [
                run["width"],
                run["train_mse_float"],
                run["test_mse_float"],
                s["regions_visited"],
                s["samples_alone_in_their_region"],
                s["largest_region_samples"],
                f"{s['test_samples_in_a_training_region']}/{s['test_samples']}",
                f"{s['units_never_active_on_data']}/{s['units_always_active_on_data']}",
                round(s["mean_active_units_per_sample"], 2),
                f"{d['min']:.2e} / {d['median']:.2e} / {d['max']:.2e}",
                s["affine_maps_exact_at_all_samples"],
            ]
        )
    return _table(
        [
            "n",
            "train MSE",
            "test MSE",
            "regions visited",
            "alone",
            "largest",
            "test in a train region",
            "never/always active",
            "mean active",
            "distance min/median/max",
            "affine map exact",
        ],
        rows,
    )


def markdown_tables(outdir: str | Path) -> str:
    """Markdown sections, one per experiment JSON found in ``outdir``.

    Examples
    --------
    >>> import tempfile
    >>> markdown_tables(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: no experiment JSON files in ...
    """
    folder = Path(outdir)
    files = sorted(p for p in folder.glob("*.json") if p.stem != "demo")
    if not files:
        raise InvalidArgument(f"no experiment JSON files in {folder}; run the scripts in examples/ first")
    parts = []
    for path in files:
        summary = json.loads(path.read_text(encoding="utf-8"))
        kind = summary.get("kind")
        title = summary.get("target", {}).get("title") or summary.get("data", {}).get("name", path.stem)
        settings = summary["settings"]
        header = f"### `{path.stem}`: {title}\n\n"
        header += (
            f"Settings: epochs {settings['epochs']}, learning rate {settings['learning_rate']}, "
            f"init `{settings['init']}`, seed {settings['seed']}, backend {settings['backend']}; "
            f"total {summary['seconds_total']:.0f} s.\n\n"
        )
        if kind == "oned":
            parts.append(header + _oned(summary))
        elif kind == "twod":
            parts.append(header + _twod(summary))
        elif kind == "realdata":
            parts.append(header + _realdata(summary))
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) != 2:
        print("usage: python -m reluexact.experiments.tables OUTDIR", file=sys.stderr)
        sys.exit(2)
    print(markdown_tables(sys.argv[1]))
