"""Experiment tables: each builder's rows come out the same in text, LaTeX, Markdown and JSON.

Every rendering is parsed back into a grid of cell strings and compared with the table's own
cells; LaTeX cells must be escaped (hostile names are refused by the escape, never passed raw).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from reluexact.errors import InvalidArgument, MissingDependencyError
from reluexact.experiments import tables
from reluexact.experiments.oned import OneDSettings, run_oned_experiment
from reluexact.experiments.realdata import DiabetesSettings, run_diabetes_experiment
from reluexact.experiments.tables import Column, Table, table_json, table_latex, table_markdown, table_text
from reluexact.experiments.twod import TwoDSettings, run_twod_experiment

HOSTILE = "50% of #runs & $x_1$ {a} ~^\\end{longtable}"


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Fast runs, read back from their JSON files (the form ``markdown_tables`` sees)."""
    out = tmp_path_factory.mktemp("tables")
    oned = OneDSettings.fast(widths=(4, 8))
    results = {
        "kinked": run_oned_experiment("kinked", outdir=out, settings=oned, quiet=True, pdf=False),
        "bump": run_oned_experiment("bump", outdir=out, settings=oned, quiet=True, pdf=False),
        "ridge": run_twod_experiment("ridge", outdir=out, settings=TwoDSettings.fast(), quiet=True, pdf=False),
    }
    with contextlib.suppress(MissingDependencyError):  # no scikit-learn: the other tables are still checked
        results["diabetes"] = run_diabetes_experiment(
            outdir=out, settings=DiabetesSettings.fast(), quiet=True, pdf=False
        )
    return {name: json.loads(result.json_path.read_text(encoding="utf-8")) for name, result in results.items()}


BUILDERS: list[tuple[str, Callable[[dict[str, Any]], Table]]] = [
    ("kinked", tables.oned_decoding_table),
    ("kinked", tables.oned_summary_table),
    ("kinked", tables.oned_construction_table),
    ("bump", tables.oned_curvature_table),
    ("kinked", tables.oned_knot_movement_table),
    ("kinked", tables.oned_kink_distance_table),
    ("kinked", tables.oned_runs_table),
    ("bump", tables.oned_runs_table),
    ("ridge", tables.twod_runs_table),
    ("ridge", tables.twod_regions_table),
    ("ridge", tables.twod_order_table),
    ("ridge", tables.twod_ridge_table),
    ("ridge", tables.twod_ridge_alignment_table),
    ("diabetes", tables.diabetes_runs_table),
]


def parse_text(text: str) -> tuple[list[str], list[list[str]]]:
    """Columns of ``table_text`` located by the dashed rule under the header."""
    lines = text.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    # right-aligned: a cell ends where its rule ends and starts after the previous rule
    starts = [0] + [end + 2 for _, end in spans[:-1]]
    cut = [[line[s:e].strip() for s, (_, e) in zip(starts, spans, strict=True)] for line in lines]
    return cut[0], cut[2:]


def parse_markdown(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    cells = [[c.strip().replace("\\|", "|") for c in line[2:-2].split(" | ")] for line in lines]
    assert set(lines[1].strip("|").split("|")) == {"---:"}
    return cells[0], cells[2:]


def parse_latex(text: str) -> list[list[str]]:
    body = text.split("\\endhead\n", 1)[1].split("\\bottomrule", 1)[0]
    return [line.removesuffix(" \\\\").split(" & ") for line in body.splitlines()]


def text_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return "-" if value is None else str(value)


def check_renderings(table: Table) -> None:
    names = [c.name for c in table.columns]
    width = len(names)
    # text
    header, rows = parse_text(table_text(table))
    assert header == names
    assert rows == [[text_cell(v) for v in row] for row in table.rows]
    # Markdown
    header, rows = parse_markdown(table_markdown(table))
    assert header == names
    assert len(rows) == len(table.rows)
    assert all(len(r) == width for r in rows)
    for row, cells in zip(table.rows, rows, strict=True):
        for value, cell in zip(row, cells, strict=True):
            if isinstance(value, (int, str)) and not isinstance(value, bool):
                assert cell == str(value)
    # LaTeX: same shape; integers as they are, floats and Fractions in math mode, text escaped
    from reluexact.report.escape import latex_escape

    rows = parse_latex(table_latex(table))
    assert len(rows) == len(table.rows)
    assert all(len(r) == width for r in rows)
    for row, cells in zip(table.rows, rows, strict=True):
        for value, cell in zip(row, cells, strict=True):
            if isinstance(value, bool):
                assert cell == ("yes" if value else "NO")
            elif isinstance(value, int):
                assert cell == str(value)
            elif isinstance(value, str):
                assert cell == latex_escape(value)
            elif isinstance(value, (float, Fraction)):
                assert cell.startswith("$")
                assert cell.endswith("$")
            else:
                assert cell == "--"
    # JSON: one object per row, keyed by column, Fractions as strings; survives json.dumps
    document = json.loads(json.dumps(table_json(table), allow_nan=False))
    assert [list(d) for d in document] == [names] * len(table.rows)
    for row, record in zip(table.rows, document, strict=True):
        assert list(record.values()) == [str(v) if isinstance(v, Fraction) else v for v in row]


@pytest.mark.parametrize(("experiment", "builder"), BUILDERS, ids=lambda b: getattr(b, "__name__", b))
def test_text_latex_markdown_and_json_have_the_same_rows(
    summaries: dict[str, dict[str, Any]], experiment: str, builder: Callable[[dict[str, Any]], Table]
) -> None:
    if experiment not in summaries:
        pytest.skip("scikit-learn is not installed")
    table = builder(summaries[experiment])
    assert len(table.rows) >= 1
    assert [row[0] for row in table.rows] == [run["width"] for run in summaries[experiment]["runs"]][: len(table.rows)]
    check_renderings(table)


def test_builders_read_live_summaries_as_well(tmp_path: Any) -> None:
    result = run_oned_experiment(
        "kinked", outdir=tmp_path, settings=OneDSettings.fast(widths=(4,)), quiet=True, pdf=False
    )
    live = tables.oned_kink_distance_table(result.summary)  # kinks are Fractions here, strings in the file
    loaded = tables.oned_kink_distance_table(json.loads(result.json_path.read_text(encoding="utf-8")))
    assert live == loaded
    assert [c.name for c in live.columns] == ["width", "kink -1/2", "kink 1/4", "kink 3/4", "sup err"]


def test_hostile_names_and_cells_are_escaped_in_latex() -> None:
    table = Table((Column(HOSTILE), Column("n", group=HOSTILE)), ((HOSTILE, 3), ("plain", None)))
    latex = table_latex(table)
    cell = parse_latex(latex)[0][0]
    group_row = latex.split("\\toprule\n", 1)[1].splitlines()[0]
    assert group_row == f" & \\multicolumn{{1}}{{c}}{{{cell}}} \\\\"
    # once the escapes are taken out, no character TeX treats specially is left
    inert = re.sub(r"\\textbackslash\{\}|\\[~^]\{\}|\\[%#&$_{}]", "", cell)
    assert re.search(r"[\\%#&$_{}~^]", inert) is None, inert
    assert inert == "50 of runs  x1 a endlongtable"
    assert latex.count("\\begin{longtable}") == latex.count("\\end{longtable}") == 1
    check_renderings(table)


def test_column_names_are_distinct_json_keys() -> None:
    with pytest.raises(InvalidArgument, match="column names must differ"):
        Table((Column("n"), Column("n")), ())


def test_latex_groups_span_consecutive_columns() -> None:
    table = Table(
        (Column("n"), Column("a: x", latex="x", group="a"), Column("a: y", latex="y", group="a"), Column("z")),
        ((1, 2, 3, 4),),
    )
    assert table_latex(table).splitlines()[3:5] == [" & \\multicolumn{2}{c}{a} &  \\\\", "n & x & y & z \\\\"]


def test_markdown_tables_of_the_fast_runs(summaries: dict[str, dict[str, Any]], tmp_path: Any) -> None:
    for name, summary in summaries.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(summary), encoding="utf-8")
    text = tables.markdown_tables(tmp_path)
    assert text.count("### `") == len(summaries)
    assert table_markdown(tables.oned_runs_table(summaries["kinked"])) in text
    assert table_markdown(tables.oned_kink_distance_table(summaries["kinked"])) in text
    assert table_markdown(tables.oned_curvature_table(summaries["bump"])) in text
    assert table_markdown(tables.twod_runs_table(summaries["ridge"])) in text
