"""Printers: LaTeX (and later TikZ, PDF, figures) for reluexact's exact objects.

Objects do not know how they are printed; the functions here dispatch on type.
"""

from reluexact.report.latex import fraction_latex, network_latex

__all__ = ["fraction_latex", "network_latex"]
