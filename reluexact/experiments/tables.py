"""Experiment tables: rows built once, rendered as text, LaTeX, Markdown and JSON.

A :class:`Table` holds typed cells (int, exact Fraction, float measurement, bool, str,
None); :func:`table_text` (the console), :func:`table_latex` (the experiment's .tex
report), :func:`table_markdown` (``docs/experiments.md``) and :func:`table_json` render
the same rows. The ``*_table`` builders make every table of the experiments from an
experiment's summary (the dict its JSON file holds, live or read back), once; the reports,
the console and :func:`markdown_tables` (the Markdown of the experiments' JSON files)
only render them. Rows are per width ``n``; no table numbers units.

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
    "has_curvature",
    "markdown_tables",
    "oned_construction_table",
    "oned_curvature_table",
    "oned_decoding_table",
    "oned_kink_distance_table",
    "oned_knot_movement_table",
    "oned_runs_table",
    "oned_summary_table",
    "table_json",
    "table_latex",
    "table_markdown",
    "table_text",
    "twod_order_table",
    "twod_regions_table",
    "twod_ridge_alignment_table",
    "twod_ridge_table",
    "twod_runs_table",
]

#: What a cell may hold: exact numbers, float measurements, yes/no, text, nothing.
Cell = int | Fraction | float | bool | str | None


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name (text, Markdown, JSON key), its LaTeX header, alignment and group.

    ``group`` (plain text) puts a spanning header over consecutive columns in LaTeX (the name
    should then say the group itself, for the other renderings: ``"same width: width"``);
    ``group_latex`` is that header as LaTeX when it is not the escaped group (math, say).

    Examples
    --------
    >>> Column("width", latex="$n$").latex_header
    '$n$'
    >>> Column("train MSE").latex_header
    'train MSE'
    >>> Column("at knots", group="mean |f''|", group_latex="mean $|f''|$").group_header
    "mean $|f''|$"
    """

    name: str
    latex: str | None = None
    align: str = "r"
    group: str | None = None
    group_latex: str | None = None

    @property
    def latex_header(self) -> str:
        """The LaTeX header (the escaped name unless ``latex`` is given).

        Examples
        --------
        >>> Column("sup |f - g|").latex_header, Column("width", latex="$n$").latex_header
        ('sup \\\\textbar{}f -{} g\\\\textbar{}', '$n$')
        """
        from reluexact.report.escape import latex_escape

        return self.latex if self.latex is not None else latex_escape(self.name)

    @property
    def group_header(self) -> str:
        """The LaTeX of the spanning group header (the escaped group unless ``group_latex`` is given).

        Examples
        --------
        >>> Column("same width: MSE", group="errors & losses").group_header, Column("width").group_header
        ('errors \\\\& losses', '')
        """
        from reluexact.report.escape import latex_escape

        if self.group_latex is not None:
            return self.group_latex
        return "" if self.group is None else latex_escape(self.group)


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
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise InvalidArgument(f"table column names must differ (they are the JSON keys), got {names}")
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
    if any(c.group is not None for c in table.columns):
        spans: list[tuple[Column, int]] = []
        for column in table.columns:
            if spans and column.group is not None and spans[-1][0].group == column.group:
                spans[-1] = (spans[-1][0], spans[-1][1] + 1)
            else:
                spans.append((column, 1))
        groups = [
            "" if first.group is None else f"\\multicolumn{{{width}}}{{c}}{{{first.group_header}}}"
            for first, width in spans
            for _ in range(1 if first.group is not None else width)
        ]
        header = " & ".join(groups) + " \\\\\n" + header
    rows = [" & ".join(_latex_cell(v) for v in row) + " \\\\" for row in table.rows]
    return (
        "{\\small\\setlength{\\tabcolsep}{4pt}\n"
        f"\\begin{{longtable}}{{@{{}}{spec}@{{}}}}\n\\toprule\n{header}\n\\midrule\n\\endhead\n"
        + "".join(row + "\n" for row in rows)
        + "\\bottomrule\n\\end{longtable}}"
    )


def table_markdown(table: Table) -> str:
    """The Markdown rendering (``docs/experiments.md``); a ``|`` in a name or cell is escaped.

    Examples
    --------
    >>> print(table_markdown(Table((Column("n"), Column("exact"), Column("|f''|")), ((4, False, 0.5),))))
    | n | exact | \\|f''\\| |
    |---:|---:|---:|
    | 4 | **no** | 0.5 |
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


def _join(left: Table, right: Table) -> Table:
    """The columns of ``left`` then those of ``right``, row by row (same rows)."""
    return Table(left.columns + right.columns, tuple(a + b for a, b in zip(left.rows, right.rows, strict=True)))


def _width(run: dict[str, Any]) -> int:
    return int(run["width"])


WIDTH = Column("width", latex="$n$")
N = Column("n", latex="$n$")


# -- 1-D experiments -----------------------------------------------------------------------


def oned_decoding_table(summary: dict[str, Any]) -> Table:
    """The exact decoding of each trained 1-D network: unit roles, break points, two-sided pairs, identity.

    Examples
    --------
    >>> [c.name for c in oned_decoding_table({"runs": []}).columns]  # doctest: +NORMALIZE_WHITESPACE
    ['width', 'MSE', 'break pts', 'shaping', 'dead', 'affine', 'right/left', '2-sided pairs', 'identity']
    """
    columns = (
        WIDTH,
        Column("MSE"),
        Column("break pts"),
        Column("shaping"),
        Column("dead"),
        Column("affine"),
        Column("right/left"),
        Column("2-sided pairs", latex="two-sided pairs"),
        Column("identity"),
    )
    rows = []
    for run in summary["runs"]:
        units = run["units"]
        rows.append(
            (
                _width(run),
                run["final_loss_float"],
                run["break_points_inside"],
                units["shaping"],
                units["dead"],
                units["affine_acting"],
                f"{run['right_facing_shaping']}/{run['left_facing_shaping']}",
                run["two_sided_pairs"]["count"],
                "exact" if run["decoding_identity"]["exact"] else "FAILED",
            )
        )
    return Table(columns, tuple(rows))


def oned_summary_table(summary: dict[str, Any]) -> Table:
    """The console table of a 1-D experiment (and of ``reluexact demo``): the decoding and three sup errors.

    Examples
    --------
    >>> [c.name for c in oned_summary_table({"runs": []}).columns][-3:]
    ['err trained', 'err same knots', 'err same width']
    """
    errors = Table(
        (Column("err trained"), Column("err same knots"), Column("err same width")),
        tuple(
            (e["trained"], e["constructed_same_knots"], e["constructed_same_width"])
            for e in (run["sup_error_float"] for run in summary["runs"])
        ),
    )
    return _join(oned_decoding_table(summary), errors)


def oned_construction_table(summary: dict[str, Any]) -> Table:
    """Trained against constructed 1-D solutions: sup errors at the same number of knots and the same width.

    Examples
    --------
    >>> [c.latex_header for c in oned_construction_table({"runs": []}).columns][1:4]
    ['trained', 'knots', 'uniform']
    """
    knots, width = "same number of knots", "same width"
    columns = (
        WIDTH,
        Column("err trained", latex="trained"),
        Column("same knots: knots", latex="knots", group=knots),
        Column("same knots: err uniform", latex="uniform", group=knots),
        Column("same knots: err adaptive", latex="adaptive", group=knots),
        Column("same width: width", latex="width", group=width),
        Column("same width: err uniform", latex="uniform", group=width),
        Column("interpolates"),
    )
    keys = ("constructed_same_knots", "constructed_same_knots_adaptive", "constructed_same_width")
    rows = []
    for run in summary["runs"]:
        error = run["sup_error_float"]
        rows.append(
            (
                _width(run),
                error["trained"],
                run["constructed_same_knots"]["interior_knots"],
                error["constructed_same_knots"],
                error["constructed_same_knots_adaptive"],
                run["constructed_same_width"]["width"],
                error["constructed_same_width"],
                all(run[key]["interpolates_exactly"] for key in keys if run[key] is not None),
            )
        )
    return Table(columns, tuple(rows))


def oned_curvature_table(summary: dict[str, Any]) -> Table:
    """Mean |f''| (floats) at the trained break points, at the adaptive construction's knots, on the domain.

    A run without break points (or a target without a second derivative) has empty cells.

    Examples
    --------
    >>> [c.name for c in oned_curvature_table({"runs": []}).columns]
    ['width', "mean |f''| at trained break points", 'at adaptive knots', 'over the domain']
    >>> print(table_latex(oned_curvature_table({"runs": []})).splitlines()[3])
    & \\multicolumn{3}{c}{mean $|f''|$} \\\\
    """
    curvature, math = "mean |f''|", "mean $|f''|$"  # the group as text, and as LaTeX (math, not escaped)
    columns = (
        WIDTH,
        Column(
            "mean |f''| at trained break points", latex="at trained break points", group=curvature, group_latex=math
        ),
        Column("at adaptive knots", group=curvature, group_latex=math),
        Column("over the domain", group=curvature, group_latex=math),
    )
    rows = []
    for run in summary["runs"]:
        c = run["curvature_float"]
        rows.append(
            (
                _width(run),
                c["mean_abs_f2_at_trained_break_points"],
                c["mean_abs_f2_at_adaptive_knots"],
                c["mean_abs_f2_on_domain"],
            )
        )
    return Table(columns, tuple(rows))


def has_curvature(summary: dict[str, Any]) -> bool:
    """True when some run measured |f''| at its break points (the curvature table says something).

    Examples
    --------
    >>> has_curvature({"runs": [{"curvature_float": {"mean_abs_f2_at_trained_break_points": None}}]})
    False
    >>> has_curvature({"runs": [{"curvature_float": {"mean_abs_f2_at_trained_break_points": 0.5}}]})
    True
    """
    return any(run["curvature_float"]["mean_abs_f2_at_trained_break_points"] is not None for run in summary["runs"])


def oned_knot_movement_table(summary: dict[str, Any]) -> Table:
    """Break points inside the domain at each snapshot epoch, units entering and leaving, the largest mean move.

    Examples
    --------
    >>> run = {"width": 4, "knot_movement": [{"epoch": 0, "break_points_inside": 2},
    ...        {"epoch": 9, "break_points_inside": 3, "entered": 1, "left": 0, "mean_abs_move_float": 0.5}]}
    >>> print(table_text(oned_knot_movement_table({"runs": [run]})))
    width  epoch 0  epoch 9  entered  left  max mean move
    -----  -------  -------  -------  ----  -------------
        4        2        3        1     0            0.5
    """
    runs = summary["runs"]
    epochs = [row["epoch"] for row in runs[0]["knot_movement"]] if runs else []
    group = "break points inside at epoch"
    columns = (
        WIDTH,
        *(Column(f"epoch {e}", latex=str(e), group=group) for e in epochs),
        Column("entered"),
        Column("left"),
        Column("max mean move"),
    )
    rows = []
    for run in runs:
        movement = run["knot_movement"]
        if [row["epoch"] for row in movement] != epochs:
            raise InvalidArgument(
                f"the runs of {summary.get('experiment', 'this experiment')} differ in snapshot epochs"
            )
        later = movement[1:]
        moved = [row.get("mean_abs_move_float", 0.0) for row in later]
        rows.append(
            (
                _width(run),
                *(row["break_points_inside"] for row in movement),
                sum(row.get("entered", 0) for row in later),
                sum(row.get("left", 0) for row in later),
                max(moved) if moved else 0.0,
            )
        )
    return Table(columns, tuple(rows))


def oned_kink_distance_table(summary: dict[str, Any]) -> Table:
    """For a piecewise-linear target: each kink's distance to the nearest trained break point (floats).

    Examples
    --------
    >>> summary = {"exact_solution": {"kinks": ["-1/2"]}, "runs": [{"width": 4,
    ...            "kink_distances": [{"distance_float": 0.25}], "sup_error_float": {"trained": 0.5}}]}
    >>> table_json(oned_kink_distance_table(summary))
    [{'width': 4, 'kink -1/2': 0.25, 'sup err': 0.5}]
    """
    from reluexact.report.formulas import fraction_latex

    kinks = [Fraction(str(k)) for k in summary["exact_solution"]["kinks"]]
    group = "distance from the kink to the nearest trained break point"
    columns = (
        WIDTH,
        *(Column(f"kink {format_fraction(k)}", latex=f"${fraction_latex(k)}$", group=group) for k in kinks),
        Column("sup err"),
    )
    rows = [
        (
            _width(run),
            *(row["distance_float"] for row in run["kink_distances"]),
            run["sup_error_float"]["trained"],
        )
        for run in summary["runs"]
    ]
    return Table(columns, tuple(rows))


def oned_runs_table(summary: dict[str, Any]) -> Table:
    """One line per 1-D run with everything ``docs/experiments.md`` shows.

    Examples
    --------
    >>> len(oned_runs_table({"runs": []}).columns)
    14
    """
    columns = (
        N,
        Column("MSE"),
        Column("break pts"),
        Column("shaping/dead/affine"),
        Column("right/left"),
        Column("2-sided pairs"),
        Column("identity exact"),
        Column("err trained"),
        Column("err same knots (uniform)"),
        Column("(adaptive)"),
        Column("err same width"),
        Column("break pts over epochs"),
        Column("entered"),
        Column("left"),
    )
    rows = []
    for run in summary["runs"]:
        units, error = run["units"], run["sup_error_float"]
        moves = run["knot_movement"]
        rows.append(
            (
                _width(run),
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
            )
        )
    return Table(columns, tuple(rows))


# -- 2-D experiments -----------------------------------------------------------------------


def _continuity_holds(run: dict[str, Any]) -> bool:
    continuity = run["continuity"]
    return bool(continuity["violations"] == 0 and continuity["one_jump_per_line"])


def twod_runs_table(summary: dict[str, Any]) -> Table:
    """One line per 2-D run with everything ``docs/experiments.md`` shows (also the console table).

    Examples
    --------
    >>> [c.name for c in twod_runs_table({"runs": []}).columns][:4]
    ['n', 'MSE', 'dead/affine/shaping', 'regions in box']
    """
    columns = (
        N,
        Column("MSE"),
        Column("dead/affine/shaping"),
        Column("regions in box"),
        Column("1+n+C(n,2)"),
        Column("visited"),
        Column("edges"),
        Column("continuity exact"),
        Column("parallel families"),
        Column("near-parallel clusters"),
        Column("chains"),
        Column("err trained"),
        Column("ridge dirs×units"),
        Column("ridge regions"),
        Column("ridge chains"),
        Column("err ridge"),
    )
    rows = []
    for run in summary["runs"]:
        units, order, ridge = run["units"], run["order"], run["constructed_ridge"]
        rows.append(
            (
                _width(run),
                run["final_loss_float"],
                f"{units['dead']}/{units['affine_acting']}/{units['shaping']}",
                run["regions"]["in_box"],
                run["regions"]["general_position_bound_in_plane"],
                run["visited"]["regions_visited"],
                run["adjacency"]["edges"],
                _continuity_holds(run),
                run["families"]["exact_parallel_families_of_2_or_more"],
                run["families"]["near_parallel_clusters_float"],
                f"{order['chains_shaping_units']} (longest {order['longest_chain']})",
                run["sup_error_float"]["trained"],
                f"{len(ridge['directions'])}×{ridge['pieces_per_direction'] + 1}",
                ridge["regions_in_box"],
                ridge["parallel_chains"],
                run["sup_error_float"]["constructed_ridge"],
            )
        )
    return Table(columns, tuple(rows))


def twod_regions_table(summary: dict[str, Any]) -> Table:
    """Regions in the box, visited regions, adjacency edges and the continuity restriction of each 2-D run.

    Examples
    --------
    >>> [c.latex_header for c in twod_regions_table({"runs": []}).columns][4]
    '$1+n+\\\\binom n2$'
    """
    columns = (
        WIDTH,
        Column("MSE"),
        Column("dead/affine/shaping"),
        Column("regions"),
        Column("1+n+C(n,2)", latex="$1+n+\\binom n2$"),
        Column("visited"),
        Column("on a line"),
        Column("edges"),
        Column("checked"),
        Column("one jump per line"),
    )
    rows = []
    for run in summary["runs"]:
        units = run["units"]
        rows.append(
            (
                _width(run),
                run["final_loss_float"],
                f"{units['dead']}/{units['affine_acting']}/{units['shaping']}",
                run["regions"]["in_box"],
                run["regions"]["general_position_bound_in_plane"],
                run["visited"]["regions_visited"],
                run["visited"]["samples_on_a_hidden_line"],
                run["adjacency"]["edges"],
                run["continuity"]["edges_checked"],
                _continuity_holds(run),
            )
        )
    return Table(columns, tuple(rows))


def twod_order_table(summary: dict[str, Any]) -> Table:
    """Hyperplane families and the strict partial order of the cutting units of each 2-D run.

    Examples
    --------
    >>> [c.name for c in twod_order_table({"runs": []}).columns][-1]
    'longest chain'
    """
    columns = (
        WIDTH,
        Column("exact parallel families"),
        Column("near-parallel clusters"),
        Column("comparable pairs"),
        Column("chains"),
        Column("longest chain"),
    )
    rows = []
    for run in summary["runs"]:
        fam, order = run["families"], run["order"]
        rows.append(
            (
                _width(run),
                fam["exact_parallel_families_of_2_or_more"],
                fam["near_parallel_clusters_float"],
                order["comparable_pairs_shaping_units"],
                order["chains_shaping_units"],
                order["longest_chain"],
            )
        )
    return Table(columns, tuple(rows))


def twod_ridge_table(summary: dict[str, Any]) -> Table:
    """The constructed ridge sum of the same width beside the trained net (2-D).

    Examples
    --------
    >>> [c.name for c in twod_ridge_table({"runs": []}).columns][-2:]
    ['sup err ridge', 'sup err trained']
    """
    columns = (
        WIDTH,
        Column("directions"),
        Column("pieces"),
        Column("regions"),
        Column("chains"),
        Column("sup err ridge"),
        Column("sup err trained"),
    )
    rows = []
    for run in summary["runs"]:
        ridge = run["constructed_ridge"]
        rows.append(
            (
                _width(run),
                len(ridge["directions"]),
                ridge["pieces_per_direction"],
                ridge["regions_in_box"],
                ridge["parallel_chains"],
                run["sup_error_float"]["constructed_ridge"],
                run["sup_error_float"]["trained"],
            )
        )
    return Table(columns, tuple(rows))


def twod_ridge_alignment_table(summary: dict[str, Any]) -> Table:
    """For a ridge target: cutting lines whose normal lies near the ridge direction (float angles).

    Runs without an alignment (a target with no ridge direction) are left out.

    Examples
    --------
    >>> run = {"width": 8, "ridge_alignment_float": {"within_5_degrees": 2, "within_15_degrees": 5,
    ...        "cutting_units": 8, "median_angle_degrees": 12.4}}
    >>> table_json(twod_ridge_alignment_table({"runs": [run]}))
    [{'n': 8, 'within 5 degrees': 2, 'within 15 degrees': 5, 'cutting lines': 8, 'median angle (degrees)': 12.4}]
    """
    columns = (
        N,
        Column("within 5 degrees", latex="within $5^\\circ$"),
        Column("within 15 degrees", latex="within $15^\\circ$"),
        Column("cutting lines"),
        Column("median angle (degrees)", latex="median angle"),
    )
    rows = []
    for run in summary["runs"]:
        a = run.get("ridge_alignment_float")
        if a:
            rows.append(
                (
                    _width(run),
                    a["within_5_degrees"],
                    a["within_15_degrees"],
                    a["cutting_units"],
                    round(a["median_angle_degrees"], 1),
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
    def cell(value: Any) -> str:
        return (value if isinstance(value, str) else _g(value)).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "|".join("---:" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _oned(summary: dict[str, Any]) -> str:
    parts = [table_markdown(oned_runs_table(summary))]
    exact = summary.get("exact_solution")
    if exact:
        parts.append(
            f"Exact solution: kinks {', '.join(exact['kinks'])}; the one-sided interpolant at the kinks equals the "
            f"target exactly: {_g(exact['equals_target_exactly'])}; minimal exact width on the domain: "
            f"{exact['minimal_width_on_domain']}. Distance from each kink to the nearest trained break point:"
        )
        parts.append(table_markdown(oned_kink_distance_table(summary)))
    if has_curvature(summary):
        parts.append("Where the knots sit against the target's curvature (floats):")
        parts.append(table_markdown(oned_curvature_table(summary)))
    return "\n\n".join(parts)


def _twod(summary: dict[str, Any]) -> str:
    parts = [table_markdown(twod_runs_table(summary))]
    alignment = twod_ridge_alignment_table(summary)
    if alignment.rows:
        parts.append("Cutting lines whose normal lies within 5 / 15 degrees of the ridge direction (float):")
        parts.append(table_markdown(alignment))
    return "\n\n".join(parts)


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
