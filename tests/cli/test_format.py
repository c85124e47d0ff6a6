"""The CLI's text printers, compared as exact strings on the theory's worked examples."""

from __future__ import annotations

import sympy

from reluexact.cli._format import (
    comparison_text,
    convergence_text,
    decoding_text,
    identity_text,
    spline_text,
    summary_text,
)
from reluexact.model import TwoLayerReLU
from reluexact.oned.comparison import compare_with_construction
from reluexact.oned.construction import convergence_table
from reluexact.oned.decoding import decode
from reluexact.oned.spline import spline_form

EXAMPLE3 = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])


def test_summary_of_a_degenerate_network() -> None:
    net = TwoLayerReLU([[1, 2], [-2, -4], [2, 4], [0, 0], [3, 6]], [1, -2, 0, 5, 3], [[1, 1, 0, 1, 2]], [0])
    text = summary_text(net)
    assert "duplicate hyperplanes: units 1, 2, 5 (unit 2 = -2 x unit 1, opposite orientation; " in text
    assert "unit 5 = 3 x unit 1, same orientation)" in text
    assert "units with w = 0 (constant a_i relu(b_i)): 4 (relu(b) = 5)" in text
    assert "parallel hyperplanes: units 1, 2, 3, 5" in text


def test_summary_of_a_constant_network() -> None:
    text = summary_text(TwoLayerReLU([], [], [], [1, 2], input_dim=3))
    assert "d = 3 inputs, n = 0 hidden units, m = 2 outputs" in text
    assert "(no hidden units)" in text
    assert "duplicate hyperplanes: none" in text


def test_spline_of_worked_example_3() -> None:
    assert spline_text(spline_form(EXAMPLE3)).splitlines() == [
        "spline form on R: 2 break point(s), 3 piece(s)",
        "  knot x = -1/2: jump -1, value 61/10, unit 3",
        "  knot x = 1/2: jump 7, value -9/10, units 1, 2",
        "  [-inf, -1/2]: slope -6, intercept 31/10",
        "  [-1/2, 1/2]: slope -7, intercept 13/5",
        "  [1/2, +inf]: slope 0, intercept -9/10",
    ]


def test_decoding_and_identity_of_worked_example_3() -> None:
    decoding = decode(EXAMPLE3, domain=(-1, 1))
    assert identity_text(decoding) == "net(x) = -1 relu(x - -1/2) + 7 relu(x - 1/2) + [-6 x + 31/10]  for x in [-1, 1]"
    text = decoding_text(decoding)
    assert text.splitlines()[0] == "domain [-1, 1]: 3 units (shaping 3)"
    assert "group 2, knot x = 1/2: units 1, 2, jump 7" in text
    assert text.endswith(identity_text(decoding) + "\nidentity checked exactly: True")


def test_comparison_labels_float_measurements() -> None:
    decoding = decode(EXAMPLE3, domain=(-1, 1))
    text = comparison_text(compare_with_construction(decoding, sympy.Symbol("x") ** 2))
    lines = text.splitlines()
    assert lines[0].startswith("trained: 2 knots, sup error ~ ")
    assert [line.split(":")[0] for line in lines[1:]] == ["uniform", "equidistribute"]


def test_convergence_table_text() -> None:
    text = convergence_text(convergence_table("x**2", (0, 1), (3, 5)))
    assert text.splitlines() == [
        "    N            h    sup error  h^2/8 max|f''|     err/h^2   order",
        "    3          1/2     6.25e-02        6.25e-02      0.2500       -",
        "    5          1/4     1.56e-02        1.56e-02      0.2500    2.00",
    ]
