"""Fixtures shared with the report tests (TeX and poppler availability)."""

from tests.report.conftest import poppler, tex

__all__ = ["poppler", "tex"]
