"""Text printers of the CLI: the plain-text output of ``info``, ``spline`` and ``decode``.

The algorithm modules return data only; their text lives here, their JSON in
:mod:`reluexact.interop.json_results` and their LaTeX in :mod:`reluexact.report.latex`.
Every number is exact (``p/q``) except where a float measurement is labelled as such
(``sup error ~``).

Numbering: text for people numbers hidden units, inputs, outputs, knots and regions
from 1 (unit 1 is row 1 of W, the hyperplane H_1), as the theory and the reports do;
the JSON printers and Python indices stay 0-based. :func:`unit_number` and
:func:`units_text` are the one place this text turns a 0-based index into a number.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.oned.spline import spline_form
>>> print(spline_text(spline_form(TwoLayerReLU([[1]], [0], [[2]], [0]))))
spline form on R: 1 break point(s), 2 piece(s)
  knot x = 0: jump 2, value 0, unit 1
  [-inf, 0]: slope 0, intercept 0
  [0, +inf]: slope 2, intercept 0
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from reluexact.rational import format_fraction, format_vector

if TYPE_CHECKING:
    from reluexact.model import TwoLayerReLU
    from reluexact.oned.comparison import Comparison
    from reluexact.oned.construction import ConvergenceRow
    from reluexact.oned.decoding import Decoding
    from reluexact.oned.equivalence import MinimalityCertificate
    from reluexact.oned.spline import SplineForm
    from reluexact.summary import NetworkSummary

__all__ = [
    "comparison_text",
    "convergence_text",
    "decoding_text",
    "demo_text",
    "identity_text",
    "minimality_text",
    "spline_text",
    "summary_text",
    "unit_number",
    "units_text",
]


def _row_text(values: Sequence[Fraction]) -> str:
    return "[" + ", ".join(format_fraction(v) for v in values) + "]"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def unit_number(index: int) -> int:
    """The number people read for a 0-based unit (input, output, knot, region) index: ``index + 1``.

    Examples
    --------
    >>> unit_number(0)
    1
    """
    return index + 1


def units_text(units: Sequence[int], *, word: str = "unit") -> str:
    """0-based unit indices as text numbered from 1: ``"unit 3"``, ``"units 1, 2"``, ``"none"``.

    Examples
    --------
    >>> units_text([0, 1]), units_text([2]), units_text([], word="output")
    ('units 1, 2', 'unit 3', 'no outputs')
    """
    if not units:
        return f"no {word}s"
    numbers = ", ".join(str(unit_number(i)) for i in units)
    return f"{word}{'s' if len(units) != 1 else ''} {numbers}"


def _numbers(units: Sequence[int]) -> str:
    return ", ".join(str(unit_number(i)) for i in units)


def summary_text(net: TwoLayerReLU, summary: NetworkSummary | None = None) -> str:
    """The text of ``reluexact info``: the network's exact weights and structure.

    Units and outputs are numbered from 1 (unit i is row i of W, its hyperplane H_i);
    :func:`reluexact.interop.json_results.summary_to_json` keeps 0-based indices.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> print(summary_text(TwoLayerReLU([[1], [-2], [0]], ["-1/2", 1, 2], [[1, 3, 1]], ["1/10"])))
    two-layer ReLU network f(x) = A relu(W x + b) + c: d = 1 input, n = 3 hidden units, m = 1 output
    W (3 x 1):
      unit 1: [1]
      unit 2: [-2]
      unit 3: [0]
    b: [-1/2, 1, 2]
    A (1 x 3):
      output 1: [1, 3, 1]
    c: [1/10]
    units with w = 0 (constant a_i relu(b_i)): 3 (relu(b) = 2)
    units with a = 0 (no effect on f): none
    duplicate hyperplanes: units 1, 2 (unit 2 = -2 x unit 1, opposite orientation)
    parallel hyperplanes: units 1, 2
    """
    from reluexact.summary import summarize

    summary = summary or summarize(net)
    lines = [
        "two-layer ReLU network f(x) = A relu(W x + b) + c: "
        f"d = {summary.input_dim} input{'s' if summary.input_dim != 1 else ''}, "
        f"n = {_plural(summary.n_hidden, 'hidden unit')}, m = {summary.output_dim} "
        f"output{'s' if summary.output_dim != 1 else ''}",
        f"W ({summary.n_hidden} x {summary.input_dim}):",
    ]
    lines += [f"  unit {unit_number(i)}: {_row_text(row)}" for i, row in enumerate(net.W)] or ["  (no hidden units)"]
    lines.append(f"b: {_row_text(net.b)}")
    lines.append(f"A ({summary.output_dim} x {summary.n_hidden}):")
    lines += [f"  output {unit_number(k)}: {_row_text(row)}" for k, row in enumerate(net.A)]
    lines.append(f"c: {_row_text(net.c)}")
    zero = ", ".join(
        f"{unit_number(i)} (relu(b) = {format_fraction(max(net.b[i], Fraction(0)))})" for i in summary.zero_weight_units
    )
    lines.append(f"units with w = 0 (constant a_i relu(b_i)): {zero or 'none'}")
    lines.append(f"units with a = 0 (no effect on f): {_numbers(summary.zero_output_units) or 'none'}")
    duplicates = []
    for group in summary.duplicate_hyperplanes:
        relations = [
            f"{units_text([unit])} = {format_fraction(factor)} x {units_text([group.units[0]])}, "
            f"{'same' if factor > 0 else 'opposite'} orientation"
            for unit, factor in zip(group.units[1:], group.multipliers[1:], strict=True)
        ]
        duplicates.append(f"{units_text(group.units)} ({'; '.join(relations)})")
    lines.append(f"duplicate hyperplanes: {'; '.join(duplicates) or 'none'}")
    parallel = [units_text(group.units) for group in summary.parallel_hyperplanes]
    lines.append(f"parallel hyperplanes: {'; '.join(parallel) or 'none'}")
    return "\n".join(lines)


def spline_text(form: SplineForm) -> str:
    """The text of ``reluexact spline``: break points, pieces and (on a domain) the inactive roles.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.spline import spline_form
    >>> print(spline_text(spline_form(TwoLayerReLU([[1], [1]], [0, 5], [[1, 1]], [0]), domain=(-1, 1))))
    spline form on [-1, 1]: 1 break point(s), 2 piece(s)
      knot x = 0: jump 1, value 5, unit 1
      [-1, 0]: slope 1, intercept 5
      [0, 1]: slope 2, intercept 5
      affine-acting: unit 2

    Units are numbered from 1 (:func:`reluexact.interop.json_results.spline_form_to_json` keeps
    0-based indices).
    """
    where = "R" if form.domain is None else f"[{format_fraction(form.domain[0])}, {format_fraction(form.domain[1])}]"
    lines = [f"spline form on {where}: {len(form.break_points)} break point(s), {form.n_pieces} piece(s)"]
    for knot in form.break_points:
        lines.append(
            f"  knot x = {format_fraction(knot.x)}: jump {format_vector(knot.jump)}, "
            f"value {format_vector(knot.value)}, {units_text(knot.units)}"
        )
    for piece in form.pieces:
        start = "-inf" if piece.start is None else format_fraction(piece.start)
        end = "+inf" if piece.end is None else format_fraction(piece.end)
        lines.append(
            f"  [{start}, {end}]: slope {format_vector(piece.slope)}, intercept {format_vector(piece.intercept)}"
        )
    if form.domain is not None:
        for role in ("affine-acting", "dead", "zero-output"):
            units = form.units_with_role(role)
            if units:
                lines.append(f"  {role}: {units_text(units)}")
    return "\n".join(lines)


def identity_text(decoding: Decoding) -> str:
    """The decoding's exact identity written out (vectors when m > 1).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.decoding import decode
    >>> print(identity_text(decode(TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0]), domain=(-1, 1))))
    net(x) = 2 relu(x - 0) + [-1 x + 0]  for x in [-1, 1]
    """
    parts = [
        f"{format_vector(g.jump)} relu(x - {format_fraction(g.knot)})" for g in decoding.groups if g.is_break_point
    ]
    affine = f"{format_vector(decoding.affine_slope)} x + {format_vector(decoding.affine_intercept)}"
    body = " + ".join(parts) if parts else "0"
    return (
        f"net(x) = {body} + [{affine}]  for x in "
        f"[{format_fraction(decoding.domain[0])}, {format_fraction(decoding.domain[1])}]"
    )


def decoding_text(decoding: Decoding) -> str:
    """The text of ``reluexact decode``: units, knot groups, identity.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.decoding import decode
    >>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0])
    >>> print(decoding_text(decode(net, domain=(-1, 1))))  # doctest: +NORMALIZE_WHITESPACE
    domain [-1, 1]: 2 units (shaping 2)
    unit  knot  facing  jump  role  group
       1     0   right     1  shaping  1
       2     0    left     1  shaping  1
    group 1, knot x = 0: units 1, 2, jump 2
    net(x) = 2 relu(x - 0) + [-1 x + 0]  for x in [-1, 1]
    identity checked exactly: True

    Units and knot groups are numbered from 1
    (:func:`reluexact.interop.json_results.decoding_to_json` keeps 0-based indices).
    """
    d = decoding
    counts = ", ".join(f"{k} {v}" for k, v in d.role_counts.items() if v)
    lines = [
        f"domain [{format_fraction(d.domain[0])}, {format_fraction(d.domain[1])}]: {len(d.units)} units ({counts})",
        "unit  knot  facing  jump  role  group",
    ]
    for u in d.units:
        knot = "-" if u.knot is None else format_fraction(u.knot)
        facing = {1: "right", -1: "left", 0: "none"}[u.orientation]
        group = "-" if u.group is None else str(unit_number(u.group))
        lines.append(f"{unit_number(u.index):>4} {knot:>5} {facing:>7} {format_vector(u.jump):>5}  {u.role}  {group}")
    for number, g in enumerate(d.groups, start=1):
        lines.append(
            f"group {number}, knot x = {format_fraction(g.knot)}: {units_text(g.units)}, jump {format_vector(g.jump)}"
        )
    lines.append(identity_text(d))
    lines.append(f"identity checked exactly: {d.identity_verified}")
    return "\n".join(lines)


def comparison_text(comparison: Comparison) -> str:
    """A few lines comparing a decoded solution with constructions (float measurements, labelled ``~``).

    Examples
    --------
    >>> import sympy
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.comparison import compare_with_construction
    >>> from reluexact.oned.decoding import decode
    >>> dec = decode(TwoLayerReLU([[1], [1]], [0, "-1/2"], [[1, 2]], [0]), domain=(0, 1))
    >>> print(comparison_text(compare_with_construction(dec, sympy.Symbol("x") ** 2)))  # doctest: +ELLIPSIS
    trained: 1 knots, sup error ~ ...
    uniform: 3 knots, sup error ~ ...
    equidistribute: 3 knots, ...
    """
    c = comparison
    trained_mean = np.mean(c.trained_curvature) if c.trained_curvature else float("nan")
    lines = [
        f"trained: {len(c.trained_knots)} knots, sup error ~ {c.trained_error:.3e}, "
        f"mean |f''| at knots {trained_mean:.3g} (domain mean {c.mean_curvature:.3g})"
    ]
    for construction, curvature in zip(c.constructions, c.construction_curvature, strict=True):
        bound = "n/a" if construction.apriori_bound is None else _scientific(construction.apriori_bound, 3)
        mean = np.mean(curvature) if curvature else float("nan")
        lines.append(
            f"{construction.placement}: {len(construction.knots)} knots, sup error ~ "
            f"{construction.grid_sup_error:.3e}, bound {bound}, mean |f''| at knots {mean:.3g}"
        )
    return "\n".join(lines)


def _scientific(value: Fraction, digits: int) -> str:
    """``f"{value:.{digits}e}"`` of an exact value at any magnitude (a bound 1e600 overflows float()).

    Examples
    --------
    >>> _scientific(Fraction(1, 16), 3), _scientific(Fraction(10**600, 3), 2), _scientific(Fraction(1, 10**400), 1)
    ('6.250e-02', '3.33e+599', '1.0e-400')
    """
    if value == 0 or Fraction(1, 10**300) < abs(value) < Fraction(10) ** 300:
        return f"{float(value):.{digits}e}"
    import decimal

    with decimal.localcontext(prec=digits + 2):
        rounded = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
    return f"{rounded:.{digits}e}"


def convergence_text(rows: Sequence[ConvergenceRow]) -> str:
    """A plain-text table of :func:`reluexact.oned.construction.convergence_table` rows.

    Errors are float measurements on a grid; ``h`` is exact.

    Examples
    --------
    >>> from reluexact.oned.construction import convergence_table
    >>> print(convergence_text(convergence_table("x**2", (0, 1), (3, 5))))
        N            h    sup error  h^2/8 max|f''|     err/h^2   order
        3          1/2     6.25e-02        6.25e-02      0.2500       -
        5          1/4     1.56e-02        1.56e-02      0.2500    2.00
    """
    lines = [
        f"{'N':>5} {'h':>12} {'sup error':>12} {'h^2/8 max|f' + chr(39) * 2 + '|':>15} {'err/h^2':>11} {'order':>7}"
    ]
    for r in rows:
        bound = "-" if r.apriori_bound is None else _scientific(r.apriori_bound, 2)
        order = "-" if r.observed_order is None else f"{r.observed_order:.2f}"
        lines.append(
            f"{r.n_knots:>5} {format_fraction(r.mesh_width):>12} {r.grid_sup_error:>12.2e} {bound:>15} "
            f"{r.error_over_h2:>11.4f} {order:>7}"
        )
    return "\n".join(lines)


def demo_text(net: TwoLayerReLU | None = None, *, points: tuple[tuple[Fraction, ...], ...] | None = None) -> str:
    """An exact look at a model (default the bundled demo model): its structure
    (:func:`summary_text`, as ``reluexact info`` prints it), exact values at a few rational points next to
    float64 evaluation, and the LaTeX formula.

    Parameters
    ----------
    net : TwoLayerReLU, optional
        Defaults to :func:`reluexact.demo.demo_model`.
    points : tuple of points, optional
        Defaults to :data:`reluexact.demo.DEMO_POINTS` (which suit d = 2); for other d, the origin
        and the all-ones point.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> print(demo_text(TwoLayerReLU([[1]], [0], [[2]], [0])).splitlines()[-1])
    f(x) = 2 \\operatorname{relu}\\left(x\\right)
    """
    from reluexact.demo import DEMO_POINTS, demo_model
    from reluexact.model import evaluate_exact_batch, evaluate_float
    from reluexact.report.formulas import network_latex

    net = net if net is not None else demo_model()
    if points is None:
        points = (
            DEMO_POINTS
            if net.input_dim == 2
            else (tuple(Fraction(0) for _ in range(net.input_dim)), tuple(Fraction(1) for _ in range(net.input_dim)))
        )
    values = evaluate_exact_batch(net, points)
    floats = evaluate_float(net, [[float(v) for v in point] for point in points])
    lines = [summary_text(net), "", "exact values (float64 evaluation alongside):"]
    for point, exact, approx in zip(points, values, floats, strict=True):
        argument = ",".join(format_fraction(v) for v in point)
        shown = ", ".join(format_fraction(v) for v in exact)
        approx_text = ", ".join(repr(float(v)) for v in approx)
        if len(exact) > 1:
            shown, approx_text = f"({shown})", f"({approx_text})"
        lines.append(f"  f({argument}) = {shown}    [float64: {approx_text}]")
    lines += ["", "formula (LaTeX):", network_latex(net)]
    return "\n".join(lines)


def minimality_text(certificate: MinimalityCertificate) -> str:
    """The minimality proof of :func:`reluexact.oned.minimal_network` in words, with its exact numbers.

    Break points and subset members are listed by position ``x``, not by unit, so the
    numbering rule does not arise here.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned import minimal_network
    >>> identity = TwoLayerReLU([[1], [1], [-1]], [0, 0, 0], [[1, 1, -2]], [0])  # 2x on R
    >>> print(minimality_text(minimal_network(identity).certificate).splitlines()[-1])  # doctest: +ELLIPSIS
    f is affine with slope L != 0. ...
    """
    k = len(certificate.break_points)
    where = (
        "on R"
        if certificate.domain is None
        else f"on [{format_fraction(certificate.domain[0])}, {format_fraction(certificate.domain[1])}]"
    )
    L = format_vector(certificate.leftmost_slope)
    lines = [f"f {where} has k = {k} break point(s)" + (":" if k else ".")]
    for t, J in zip(certificate.break_points, certificate.jumps, strict=True):
        lines.append(f"  t = {format_fraction(t)}, jump {format_vector(J)}")
    lines.append(f"Leftmost slope L = {L}.")
    if k == 0:
        if not any(certificate.leftmost_slope):
            lines.append("f is constant: the output bias c alone computes it, width 0.")
        elif certificate.domain is None:
            lines.append(
                "f is affine with slope L != 0. One unit a relu(w x + b) + c bends at its knot unless "
                "a w = 0, which gives a constant; so width >= 2, and L relu(x) - L relu(-x) = L x gives 2."
            )
        else:
            lines.append(
                "f is affine with slope L != 0 on the domain: width >= 1 (a constant needs slope 0), "
                "and the affine-acting unit L relu(x - alpha) gives 1."
            )
        return "\n".join(lines)
    lines.append(
        f"Lower bound {k}: f bends at each break point, and only a unit whose knot is there can "
        "bend it, so each needs its own unit."
    )
    lines.append(
        "A width-k network has exactly one unit per break point with a_j |w_j| = J_j; its leftmost "
        "slope is -(sum of J_j over its left-facing units)."
    )
    if certificate.left_facing is not None:
        chosen = ", ".join(format_fraction(certificate.break_points[j]) for j in certificate.left_facing) or "none"
        lines.append(
            f"The subset S of left-facing knots {{{chosen}}} has sum J_j = -L, so width {k} is reached: minimal."
        )
    elif certificate.searched_exhaustively:
        lines.append(
            f"No subset S of the jumps sums to -L = {format_vector(tuple(-v for v in certificate.leftmost_slope))} "
            f"(exhaustive search), so width {k} is impossible; width {k + 1} is reached: minimal."
        )
    else:
        lines.append(
            f"The subset search hit its budget: the width is {k} or {k + 1}; the network returned has "
            f"width {certificate.upper_bound}."
        )
    return "\n".join(lines)
