"""Tests of reluexact.signs: certified signs of affine forms at every magnitude.

The oracle is exact ``Fraction`` arithmetic (independent of FLINT and of the float path).
Magnitudes range from far below the float64 subnormal limit (1e-400, 1e-320) to far above its
overflow limit (1e400), with exact zeros, points exactly on a hyperplane and points a tiny
step off it (cancellation), where a float sign is most likely to be wrong.
"""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reluexact.errors import ShapeError
from reluexact.signs import NO_BOUND, AffineForms, affine_signs, ceil_log2, certified_signs

# --- strategies (local: the only module that needs values this wide) ---------------------------

_EXPONENTS = st.sampled_from([-1100, -1075, -1074, -1060, -1022, -700, -510, -60, -1, 0, 1, 60, 500, 1000, 1030, 1400])
_DECIMAL_EXPONENTS = st.sampled_from([-400, -330, -320, -310, -300, -30, -1, 0, 1, 30, 300, 310, 400])


@st.composite
def wide_rationals(draw: st.DrawFn) -> Fraction:
    """Rationals of magnitude 1e-400 .. 1e400 (dyadic and decimal), often exactly 0."""
    kind = draw(st.sampled_from(["zero", "dyadic", "decimal", "ratio", "small"]))
    sign = draw(st.sampled_from([1, -1]))
    if kind == "zero":
        return Fraction(0)
    if kind == "small":
        return Fraction(draw(st.integers(-5, 5)), draw(st.integers(1, 4)))
    mantissa = draw(st.integers(1, 2**64))
    if kind == "dyadic":
        return sign * mantissa * Fraction(2) ** draw(_EXPONENTS)
    if kind == "decimal":
        return sign * mantissa * Fraction(10) ** draw(_DECIMAL_EXPONENTS)
    return Fraction(sign * mantissa, draw(st.integers(1, 10**40))) * Fraction(10) ** draw(_DECIMAL_EXPONENTS)


def _value(normal: tuple[Fraction, ...], offset: Fraction, point: tuple[Fraction, ...]) -> Fraction:
    return sum((a * x for a, x in zip(normal, point, strict=True)), offset)


def _sign(v: Fraction) -> int:
    return (v > 0) - (v < 0)


@st.composite
def forms_and_points(draw: st.DrawFn) -> tuple[list[tuple[Fraction, ...]], list[Fraction], list[tuple[Fraction, ...]]]:
    """Forms and points of wide magnitudes; some points on a hyperplane or a tiny step off it."""
    d = draw(st.integers(1, 6))
    P = draw(st.integers(1, 4))
    N = draw(st.integers(1, 5))
    normals = [tuple(draw(wide_rationals()) for _ in range(d)) for _ in range(P)]
    offsets = [draw(wide_rationals()) for _ in range(P)]
    points = [tuple(draw(wide_rationals()) for _ in range(d)) for _ in range(N)]
    for r in range(N):
        p = draw(st.integers(0, P - 1))
        j = next((j for j, a in enumerate(normals[p]) if a), None)
        if j is None or not draw(st.booleans()):
            continue
        # move coordinate j so that the point is exactly on form p, then maybe a tiny step off it
        x = list(points[r])
        x[j] = 0
        x[j] = -_value(normals[p], offsets[p], tuple(x)) / normals[p][j]
        kind = draw(st.sampled_from(["on", "absolute", "relative"]))
        if kind == "absolute":
            x[j] += draw(st.sampled_from([Fraction(1, 10**320), Fraction(-1, 2**1080), Fraction(1, 10**17)]))
        elif kind == "relative":  # a step of a few units in the last place: float signs are unreliable here
            x[j] += x[j] * draw(st.integers(-64, 64)) * Fraction(2) ** -draw(st.integers(50, 58))
        points[r] = tuple(x)
    return normals, offsets, points


# --- the lemma's conclusion, against the exact oracle -------------------------------------------

_LIMIT_EXAMPLE = (
    [(Fraction(10**300), Fraction(-(10**300)))],
    [Fraction(0)],
    [(Fraction(2, 10**320), Fraction(1, 10**320)), (Fraction(1, 10**320), Fraction(1, 10**320))],
)


@given(forms_and_points())
@example(_LIMIT_EXAMPLE)
@example(
    ([(Fraction(2 * 10**30), Fraction(3 * 10**30))], [Fraction(0)], [(Fraction(3, 10**320), Fraction(-2, 10**320))])
)
# a kept product 2^-1018 and a term -2^-511 that the scaled floats drop: only the absolute term 4 k tau
# of the bound stops a wrong certified sign
@example(
    (
        [(Fraction(0), Fraction(2) ** -509, Fraction(1))],
        [Fraction(0)],
        [(1, Fraction(2) ** -509, -(Fraction(2) ** -511))],
    )
)
@settings(max_examples=400, deadline=None)
def test_signs_equal_exact_signs_at_every_magnitude(case):
    normals, offsets, points = case
    forms = AffineForms(normals, offsets)
    result = certified_signs(forms, points, magnitudes=True)
    assert result.exponents is not None
    for r, point in enumerate(points):
        for p, (normal, offset) in enumerate(zip(normals, offsets, strict=True)):
            exact = _value(normal, offset, point)
            assert result.signs[r, p] == _sign(exact), (r, p)
            e = int(result.exponents[r, p])
            if exact == 0:
                assert e == NO_BOUND
            else:
                assert Fraction(2) ** e < abs(exact), (r, p)  # the certified lower bound holds


@given(forms_and_points())
@settings(max_examples=100, deadline=None)
def test_fmpq_points_and_subsets_give_the_same_signs(case):
    normals, offsets, points = case
    forms = AffineForms(normals, offsets)
    full = affine_signs(forms, points)
    as_fmpq = [tuple(flint.fmpq(x.numerator, x.denominator) for x in point) for point in points]
    assert np.array_equal(affine_signs(forms, as_fmpq), full)
    subset = list(range(len(normals)))[::-1]
    assert np.array_equal(affine_signs(forms, points, subset=subset), full[:, subset])


# --- at the limits ------------------------------------------------------------------------------


def test_weights_1e300_with_coordinates_1e320():
    tiny = Fraction(1, 10**320)
    forms = AffineForms([[10**300, -(10**300)], [10**300, 10**300]], [0, -(10**300) * 3 * tiny])
    points = [(2 * tiny, tiny), (tiny, 2 * tiny), (tiny, tiny), (tiny + tiny / 10**30, tiny)]
    signs = affine_signs(forms, points)
    assert signs.tolist() == [[1, 0], [-1, 0], [0, -1], [1, -1]]


def test_a_box_of_width_1e320_with_normals_2e30_is_decided_by_floats():
    """Planes through the origin at coordinates 1e-320: the scaled floats decide (no exact work)."""
    tiny = Fraction(1, 10**320)
    rng = np.random.default_rng(7)
    normals = [[int(v) for v in row] for row in rng.integers(-(2**62), 2**62, size=(20, 3))]
    normals = [[v * 10**12 for v in row] for row in normals]  # |entries| up to ~5e30
    forms = AffineForms(normals, [0] * 20)
    points = [tuple(Fraction(int(v)) * tiny for v in row) for row in rng.integers(-1000, 1000, size=(50, 3))]
    result = certified_signs(forms, points)
    exact = [[_sign(_value(tuple(map(Fraction, n)), Fraction(0), x)) for n in normals] for x in points]
    assert result.signs.tolist() == exact
    assert result.exact_evaluations == 0  # the accelerator still works down there


def test_values_beyond_the_float_range_are_exact():
    huge = 10**400
    forms = AffineForms([[huge, 1], [1, -1]], [-huge, Fraction(1, huge)])
    points = [(1, 0), (Fraction(1, huge), Fraction(1, huge)), (huge, huge)]
    assert affine_signs(forms, points).tolist() == [[0, 1], [-1, 1], [1, 1]]


def test_a_dominant_offset_keeps_its_magnitude():
    tiny = Fraction(1, 2**2000)
    result = certified_signs(AffineForms([[1]], [-3]), [(tiny,)], magnitudes=True)
    assert result.signs.tolist() == [[-1]]
    assert result.exponents is not None
    e = int(result.exponents[0, 0])
    assert Fraction(2) ** e < 3 - tiny < Fraction(2) ** (e + 3)  # a tight bound, not 2^-1900


def test_exact_zeros_on_every_plane_are_decided_exactly():
    forms = AffineForms([[1, 2], [3, -1], [0, 0]], [-3, -2, 0])
    result = certified_signs(forms, [(1, 1)])
    assert result.signs.tolist() == [[0, 0, 0]]
    assert result.exact_evaluations == 3


def test_many_exact_evaluations_of_one_plane_use_one_matrix_product():
    forms = AffineForms([[1, -1]], [0])
    points = [(Fraction(k, 7), Fraction(k, 7)) for k in range(20)] + [(1, 0)]
    assert affine_signs(forms, points).ravel().tolist() == [0] * 20 + [1]


# --- the value object ---------------------------------------------------------------------------


def test_affine_forms_is_an_immutable_value():
    forms = AffineForms([[1, "1/2"]], [0])
    assert forms == AffineForms([[1, Fraction(1, 2)]], [0])
    assert hash(forms) == hash(AffineForms([[1, Fraction(1, 2)]], [0]))
    assert forms != AffineForms([[1, 1]], [0])
    assert repr(forms) == "AffineForms(P=1, d=2)"
    assert len(forms) == 1
    with pytest.raises(AttributeError, match="immutable"):
        forms.offsets = (1,)  # type: ignore[misc]


def test_no_forms_and_no_points():
    forms = AffineForms([], [], dimension=2)
    assert affine_signs(forms, [(0, 0)]).shape == (1, 0)
    assert certified_signs(AffineForms([[1]], [0]), [], magnitudes=True).signs.shape == (0, 1)


@pytest.mark.parametrize(
    ("normals", "offsets", "kwargs", "match"),
    [
        ([[1, 2]], [0, 1], {}, "1 normals but 2 offsets"),
        ([[1, 2], [1]], [0, 1], {}, r"normals\[1\] has 1 entries, expected 2"),
        ([], [], {}, "pass dimension="),
    ],
)
def test_bad_forms_are_refused(normals, offsets, kwargs, match):
    with pytest.raises(ShapeError, match=match):
        AffineForms(normals, offsets, **kwargs)


def test_bad_points_and_subsets_are_refused():
    forms = AffineForms([[1, 2]], [0])
    with pytest.raises(ShapeError, match="point 0 has 1 coordinates, expected d = 2"):
        affine_signs(forms, [(1,)])
    with pytest.raises(ShapeError, match=r"subset indexes forms 0\.\.0"):
        affine_signs(forms, [(1, 1)], subset=[3])


def test_floats_are_refused_as_coefficients():
    from reluexact.errors import ReluexactError

    with pytest.raises(ReluexactError, match="float"):
        AffineForms([[0.5]], [0])


@given(wide_rationals().filter(bool))
def test_ceil_log2_is_exact(value):
    e = ceil_log2(value)
    assert Fraction(2) ** (e - 1) < abs(value) <= Fraction(2) ** e


def test_ceil_log2_of_zero_is_refused():
    with pytest.raises(ZeroDivisionError):
        ceil_log2(0)


@given(forms_and_points(), st.integers(0, 2**30))
@settings(max_examples=100, deadline=None)
def test_where_masks_entries_and_keeps_the_others_exact(case, bits):
    """Entries outside ``where`` read 0 / NO_BOUND and are never evaluated; the others are unchanged."""
    normals, offsets, points = case
    forms = AffineForms(normals, offsets)
    full = certified_signs(forms, points, magnitudes=True)
    N, P = full.signs.shape
    wanted = np.array([[(bits >> ((r * P + p) % 30)) & 1 for p in range(P)] for r in range(N)], dtype=bool)
    got = certified_signs(forms, points, magnitudes=True, where=wanted)
    assert np.array_equal(got.signs, np.where(wanted, full.signs, 0))
    assert got.exponents is not None
    assert full.exponents is not None
    assert np.array_equal(got.exponents, np.where(wanted, full.exponents, NO_BOUND))
    assert got.exact_evaluations <= full.exact_evaluations
    with pytest.raises(ShapeError, match="where has shape"):
        certified_signs(forms, points, where=np.ones((N + 1, P), dtype=bool))


# --- points given as arrays (float64 dyadics; integer numerators over one denominator a row) ------


def _check_against_exact(normals, offsets, points, result) -> None:
    assert result.exponents is not None
    for r, point in enumerate(points):
        for p, (normal, offset) in enumerate(zip(normals, offsets, strict=True)):
            exact = _value(tuple(map(Fraction, normal)), Fraction(offset), point)
            assert result.signs[r, p] == _sign(exact), (r, p)
            e = int(result.exponents[r, p])
            assert (e == NO_BOUND) if exact == 0 else (Fraction(2) ** e < abs(exact)), (r, p)


@given(forms_and_points(), st.sampled_from(["object", "int64"]))
@example(_LIMIT_EXAMPLE, "object")
@settings(max_examples=300, deadline=None)
def test_integer_numerators_over_denominators_equal_exact_signs(case, dtype):
    """Points as integer rows over one denominator (huge and tiny, on and a step off a hyperplane)."""
    import math

    normals, offsets, points = case
    dens = [math.lcm(*(x.denominator for x in point)) for point in points]
    nums = [[int(x * den) for x in point] for point, den in zip(points, dens, strict=True)]
    if dtype == "int64" and (any(abs(v) >= 2**63 for row in nums for v in row) or max(dens) >= 2**63):
        nums = [[v % 1000 - 500 for v in row] for row in nums]
        dens = [den % 999 + 1 for den in dens]
        points = [tuple(Fraction(v, den) for v in row) for row, den in zip(nums, dens, strict=True)]
    arr = np.array(nums, dtype=object if dtype == "object" else np.int64).reshape(len(points), -1)
    forms = AffineForms(normals, offsets)
    result = certified_signs(forms, arr, denominators=np.array(dens, dtype=arr.dtype), magnitudes=True)
    _check_against_exact(normals, offsets, points, result)
    assert np.array_equal(result.signs, affine_signs(forms, points))


_FLOAT_EXPONENTS = st.sampled_from([-1074, -1070, -1040, -1022, -1000, -600, -60, -1, 0, 1, 60, 600, 1000, 1020])


@st.composite
def float_points(draw: st.DrawFn) -> tuple[list[tuple[int, ...]], list[int], np.ndarray]:
    """Integer forms (up to 2^80) and float64 points (subnormal to 1e307), some nearly on a form."""
    d = draw(st.integers(1, 5))
    P = draw(st.integers(1, 4))
    N = draw(st.integers(1, 5))
    entry = st.one_of(st.integers(-5, 5), st.integers(-(2**80), 2**80))
    normals = [tuple(draw(entry) for _ in range(d)) for _ in range(P)]
    offsets = [draw(entry) for _ in range(P)]
    X = np.zeros((N, d))
    for r in range(N):
        for j in range(d):
            if draw(st.booleans()):
                X[r, j] = np.ldexp(draw(st.integers(-(2**53), 2**53)) / 2.0**53, draw(_FLOAT_EXPONENTS))
        p = draw(st.integers(0, P - 1))
        j = next((j for j, a in enumerate(normals[p]) if a), None)
        if j is not None and draw(st.booleans()):  # coordinate j rounded onto form p: a value at rounding level
            X[r, j] = 0.0
            rest = sum((Fraction(a) * Fraction(float(x)) for a, x in zip(normals[p], X[r], strict=True)), Fraction(0))
            target = -(rest + offsets[p]) / normals[p][j]
            try:
                X[r, j] = float(target)
            except OverflowError:
                X[r, j] = 0.0
            if draw(st.booleans()):
                X[r, j] = np.nextafter(X[r, j], draw(st.sampled_from([-np.inf, np.inf])))
            if not np.isfinite(X[r, j]):
                X[r, j] = 0.0
    return normals, offsets, X


@given(float_points())
@example(([(1, -1)], [0], np.array([[5e-324, 0.0], [5e-324, 5e-324], [1e307, 1e307 * (1 + 2**-52)]])))
@example(([(2**80, 1)], [-1], np.array([[2.0**-80, -5e-324]])))
@settings(max_examples=300, deadline=None)
def test_float64_points_are_read_exactly(case):
    normals, offsets, X = case
    points = [tuple(Fraction(float(v)) for v in row) for row in X]
    result = certified_signs(AffineForms(normals, offsets), X, magnitudes=True)
    _check_against_exact(normals, offsets, points, result)


def test_bad_array_points_are_refused():
    forms = AffineForms([[1, 2]], [0])
    with pytest.raises(ShapeError, match="expected \\(N, d\\) with d = 2"):
        certified_signs(forms, np.zeros((2, 3)))
    with pytest.raises(ShapeError, match="finite"):
        certified_signs(forms, np.array([[np.inf, 0.0]]))
    with pytest.raises(ShapeError, match="float64"):
        certified_signs(forms, np.array([[1, 2]]))
    with pytest.raises(ShapeError, match="positive"):
        certified_signs(forms, np.array([[1, 2]]), denominators=np.array([0]))
    with pytest.raises(ShapeError, match="one per point"):
        certified_signs(forms, np.array([[1, 2]]), denominators=np.array([1, 1]))
    with pytest.raises(ShapeError, match="numpy array"):
        certified_signs(forms, [(1, 2)], denominators=np.array([1]))
