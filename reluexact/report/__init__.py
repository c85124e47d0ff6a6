"""Reports: LaTeX documents, TikZ/pgfplots and matplotlib figures, safe PDF compilation.

Objects do not know how they are printed; the printers here dispatch on type
(:func:`~reluexact.report.latex.to_latex`, a :class:`~reluexact.report.latex.LatexPrinter`;
notebooks reach it through :mod:`reluexact.printing`). Everything from a model file is
escaped (:func:`latex_escape`); numbers are exact or, when asked, decimals whose
exact values the document keeps (:class:`NumberFormat`).

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.report import render_report
>>> tex = render_report(TwoLayerReLU([[1]], [0], [[2]], [0]), number_format="exact")
>>> tex.splitlines()[1]
'\\\\documentclass[11pt]{article}'
"""

from reluexact.report.compile import INSTALL_HINT, compile_pdf, find_tex_engine
from reluexact.report.document import LatexDocument, write_bytes_atomic, write_text_atomic
from reluexact.report.escape import latex_escape, latex_text_in_math
from reluexact.report.figures import (
    FunctionFigure,
    RegionMapFigure,
    plot_function,
    plot_network,
    plot_region_map,
    save_figure,
)
from reluexact.report.formulas import affine_latex, fraction_latex, network_latex
from reluexact.report.latex import LatexPrinter, to_latex
from reluexact.report.numbers import NumberFormat, NumberPrinter
from reluexact.report.polygons import box_cells_2d, clip_halfplane, region_polygon
from reluexact.report.render import (
    DEFAULT_MAX_REGIONS,
    ReportData,
    build_report,
    render_report,
    write_report,
)
from reluexact.report.tikz import function_plot_tikz, region_map_tikz
from reluexact.report.view import FunctionPlot, RegionMap, RegionRow, function_plot, region_map, region_rows

__all__ = [
    "DEFAULT_MAX_REGIONS",
    "INSTALL_HINT",
    "FunctionFigure",
    "FunctionPlot",
    "LatexDocument",
    "LatexPrinter",
    "NumberFormat",
    "NumberPrinter",
    "RegionMap",
    "RegionMapFigure",
    "RegionRow",
    "ReportData",
    "affine_latex",
    "box_cells_2d",
    "build_report",
    "clip_halfplane",
    "compile_pdf",
    "find_tex_engine",
    "fraction_latex",
    "function_plot",
    "function_plot_tikz",
    "latex_escape",
    "latex_text_in_math",
    "network_latex",
    "plot_function",
    "plot_network",
    "plot_region_map",
    "region_map",
    "region_map_tikz",
    "region_polygon",
    "region_rows",
    "render_report",
    "save_figure",
    "to_latex",
    "write_bytes_atomic",
    "write_report",
    "write_text_atomic",
]
