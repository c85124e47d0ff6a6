"""Experiment tables: rows built once, rendered as text, LaTeX, Markdown and JSON.

A :class:`Table` holds typed cells (int, exact Fraction, float measurement, bool, str,
None); :func:`table_text` (the console), :func:`table_latex` (the experiment's .tex
report), :func:`table_markdown` (``docs/experiments.md``) and :func:`table_json` render
the same rows. :func:`markdown_tables` gives the Markdown of the experiments' JSON files.

Run after the examples::

    for f in examples/*.py; do python "$f" --outdir experiments-output; done
    python -m reluexact.experiments.tables experiments-output
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from reluexact.errors import InvalidArgument
from reluexact.experiments._output import format_table, sci_latex
from reluexact.rational import format_fraction

__all__ = [
    "Column",
    "Table",
    "diabetes_runs_table",
    "markdown_tables",
    "table_json",
    "table_latex",
    "table_markdown",
    "table_text",
]

#: What a cell may hold: exact numbers, float measurements, yes/no, text, nothing.
Cell = int | Fraction | float | bool | str | None


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name (text, Markdown, JSON key) and its LaTeX header and alignment.

    Examples
    --------
    >>> Column("width", latex="$n$").latex_header
    '$n$'
    >>> Column("train MSE").latex_header
    'train MSE'
    """

    name: str
    latex: str | None = None
    align: str = "r"

    @property
    def latex_header(self) -> str:
        """The LaTeX header (the escaped name unless ``latex`` is given)."""
        from reluexact.report.escape import latex_escape

        return self.latex if self.latex is not None else latex_escape(self.name)


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of typed cells under named columns, built once and rendered by every ``table_*``.

    Examples
    --------
    >>> table = Table((Column("n", latex="$n$"), Column("exact")), ((4, True), (8, False)))
    >>> print(table_text(table))
    n  exact
    -  -----
    4    yes
    8     NO
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise InvalidArgument(f"table row {row!r} has {len(row)} cells for {len(self.columns)} columns")


def table_text(table: Table) -> str:
    """The console rendering: right-aligned columns, floats to 3 significant digits.

    Examples
    --------
    >>> print(table_text(Table((Column("a"), Column("h")), ((1, Fraction(1, 4)),))))
    a    h
    -  ---
    1  1/4
    """
    rows = [[format_fraction(v) if isinstance(v, Fraction) else v for v in row] for row in table.rows]
    return format_table([c.name for c in table.columns], rows)


def _latex_cell(value: Cell) -> str:
    from reluexact.report.escape import latex_escape
    from reluexact.report.formulas import fraction_latex

    if value is None:
        return "--"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, Fraction):
        return f"${fraction_latex(value)}$"
    if isinstance(value, float):
        return f"${sci_latex(value)}$"
    return latex_escape(value) if isinstance(value, str) else str(value)


def table_latex(table: Table) -> str:
    """The LaTeX rendering: a small ``longtable`` with booktabs rules; floats in scientific notation.

    Examples
    --------
    >>> print(table_latex(Table((Column("n", latex="$n$"), Column("MSE")), ((4, 0.00012),))))
    {\\small\\setlength{\\tabcolsep}{4pt}
    \\begin{longtable}{@{}rr@{}}
    \\toprule
    $n$ & MSE \\\\
    \\midrule
    \\endhead
    4 & $1.2\\cdot 10^{-4}$ \\\\
    \\bottomrule
    \\end{longtable}}
    """
    spec = "".join(c.align for c in table.columns)
    header = " & ".join(c.latex_header for c in table.columns) + " \\\\"
    rows = [" & ".join(_latex_cell(v) for v in row) + " \\\\" for row in table.rows]
    return (
        "{\\small\\setlength{\\tabcolsep}{4pt}\n"
        f"\\begin{{longtable}}{{@{{}}{spec}@{{}}}}\n\\toprule\n{header}\n\\midrule\n\\endhead\n"
        + "".join(row + "\n" for row in rows)
        + "\\bottomrule\n\\end{longtable}}"
    )


def table_markdown(table: Table) -> str:
    """The Markdown rendering (``docs/experiments.md``).

    Examples
    --------
    >>> print(table_markdown(Table((Column("n"), Column("exact")), ((4, False),))))
    | n | exact |
    |---:|---:|
    | 4 | **no** |
    """
    rows = [[format_fraction(v) if isinstance(v, Fraction) else v for v in row] for row in table.rows]
    return _table([c.name for c in table.columns], rows)


def table_json(table: Table) -> list[dict[str, Any]]:
    """The JSON rendering: one object per row, keyed by column name (Fractions as ``"p/q"``).

    Examples
    --------
    >>> table_json(Table((Column("n"), Column("h")), ((4, Fraction(1, 4)),)))
    [{'n': 4, 'h': '1/4'}]
    """
    return [
        {c.name: format_fraction(v) if isinstance(v, Fraction) else v for c, v in zip(table.columns, row, strict=True)}
        for row in table.rows
    ]


def diabetes_runs_table(summary: dict[str, Any]) -> Table:
    """The per-width results of the diabetes experiment (one row per trained width).

    Examples
    --------
    >>> [c.name for c in diabetes_runs_table({"runs": []}).columns][:3]
    ['width', 'train MSE', 'test MSE']
    """
    columns = (
        Column("width", latex="$n$"),
        Column("train MSE"),
        Column("test MSE"),
        Column("regions visited"),
        Column("alone"),
        Column("largest"),
        Column("on a hyperplane"),
        Column("test in train region"),
        Column("never/always active"),
        Column("mean active"),
        Column("distance min", latex="distance min"),
        Column("distance median"),
        Column("distance max"),
        Column("affine exact"),
    )
    rows = []
    for run in summary["runs"]:
        s = run["samples"]
        distance = s["distance_to_boundary_float"]
        rows.append(
            (
                run["width"],
                run["train_mse_float"],
                run["test_mse_float"],
                s["regions_visited"],
                s["samples_alone_in_their_region"],
                s["largest_region_samples"],
                s.get("samples_on_a_hidden_hyperplane"),
                f"{s['test_samples_in_a_training_region']}/{s['test_samples']}",
                f"{s['units_never_active_on_data']}/{s['units_always_active_on_data']}",
                round(s["mean_active_units_per_sample"], 2),
                distance["min"],
                distance["median"],
                distance["max"],
                s["affine_maps_exact_at_all_samples"],
            )
        )
    return Table(columns, tuple(rows))


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
    return table_markdown(diabetes_runs_table(summary))


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
