"""Tests of reluexact.domain: the one domain parser (as_domain), its types and its one message per mistake."""

from __future__ import annotations

import dataclasses
import math
import numbers
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.domain import Box, Polytope, Whole, as_box, as_domain, as_interval, contains, halfspaces, is_bounded
from reluexact.errors import DomainError, RationalParseError, ReluexactError, ShapeError
from reluexact.rational import format_fraction
from tests.oracles import solution_interval
from tests.strategies import boxes, dyadic_rationals, halfline_systems

F = Fraction


class HostileRepr:
    """An object whose repr fails: error messages must not."""

    def __repr__(self) -> str:
        raise RuntimeError("repr exploded")


class HostileNumber(HostileRepr):
    """Claims to be a real number, but cannot be converted and cannot be printed."""


numbers.Real.register(HostileNumber)


# -- every accepted form ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "d", "expected"),
    [
        (None, 2, Whole(2)),
        ("0,1", 1, Box([(0, 1)])),
        ("0,1", 3, Box([(0, 1)] * 3)),  # "lo,hi" broadcasts to every input
        (" -1 , 1 ; 0 , 1/2 ", 2, Box([(-1, 1), (0, "1/2")])),
        ("0.25,1e1", 1, Box([("1/4", 10)])),  # decimal strings are read exactly
        ((0, 1), 1, Box([(0, 1)])),
        ([0, 1], 1, Box([(0, 1)])),
        ([(0, 1)], 1, Box([(0, 1)])),
        ([(0, 1), ("-1/2", F(3, 2))], 2, Box([(0, 1), (F(-1, 2), F(3, 2))])),
        ([[0, 1], [2, 3]], 2, Box([(0, 1), (2, 3)])),
        (np.array([[0, 1], [2, 3]]), 2, Box([(0, 1), (2, 3)])),
        (np.array([0.5, 1.0]), 1, Box([("1/2", 1)])),
        (np.array([[0.5, 1.0]]), 1, Box([("1/2", 1)])),
        ([(np.int64(0), np.float64(0.5))], 1, Box([(0, "1/2")])),
        (Box([(0, 1)]), 1, Box([(0, 1)])),
        (Whole(3), 3, Whole(3)),
    ],
)
def test_accepted_forms(value: Any, d: int, expected: Any) -> None:
    assert as_domain(value, d) == expected


def test_polytope_forms_are_equal() -> None:
    A, b = [[1, 0], [0, 1], [-1, -1]], [0, 0, 1]
    forms = [
        (A, b),
        [A, b],
        {"A": A, "b": b},
        (np.array(A), np.array(b)),
        Polytope(A, b),
        Polytope(np.array(A, dtype=float), [0.0, 0.0, 1.0]),
    ]
    parsed = [as_domain(form, 2) for form in forms]
    assert all(p == parsed[0] for p in parsed)
    assert parsed[0].A == ((1, 0), (0, 1), (-1, -1))
    assert parsed[0].b == (0, 0, 1)
    assert as_domain({"A": A, "b": b, "labels": ["x", "y", "diag"]}, 2).labels == ("x", "y", "diag")


def test_floats_are_read_at_their_exact_binary_value() -> None:
    box = as_domain((0.1, 1), 1)
    assert box.low == F(3602879701896397, 36028797018963968) == F(0.1)
    assert box.low != F(1, 10)
    assert as_domain("0.1,1", 1).low == F(1, 10)  # the string is the decimal, exactly


def test_huge_and_tiny_magnitudes_are_exact() -> None:
    box = as_domain("1e-320,1e300", 1)
    assert (box.low, box.high) == (F(1, 10**320), F(10**300))
    subnormal = as_domain((5e-324, 1e300), 1)
    assert subnormal.low == F(5e-324)
    assert subnormal.low > 0
    assert subnormal.high == F(1e300)
    assert as_domain((-1e300, -1e-320), 1).high == F(-1e-320)
    assert as_domain("-1e-320,0;0,1e-320", 2).bounds[1] == (0, F(1, 10**320))


def test_irrational_bounds_only_when_asked() -> None:
    box = as_domain((0, "2*pi"), 1, irrational=True)
    assert box.high == F(2 * math.pi)
    with pytest.raises(RationalParseError, match=r"^domain side 1 high: cannot parse '2\*pi' as a rational"):
        as_domain((0, "2*pi"), 1)


def test_d_none_takes_the_stated_dimension() -> None:
    assert as_domain("0,1;0,2", None) == Box([(0, 1), (0, 2)])
    assert as_domain("0,1", None) == as_domain((0, 1), None) == Box([(0, 1)])
    assert as_domain(([[1, 0]], [1]), None).dimension == 2


def test_as_interval() -> None:
    assert as_interval("0,1") == as_interval((0, 1)) == as_interval([(0, 1)]) == Box([(0, 1)])
    assert as_interval(None) is None
    assert as_interval(Polytope([[2], [-1], [-3]], [1, 4, 6])) == Box([("-1/2", 2)])
    assert as_interval(np.array([[0, 1]])) == Box([(0, 1)])


def test_box_properties_repr_and_immutability() -> None:
    box = Box([(0, 1), ("-1/2", "1/2")])
    assert repr(box) == "box[0,1;-1/2,1/2]"
    assert (box.dimension, box.lows, box.highs, box.center) == (2, (0, F(-1, 2)), (1, F(1, 2)), (F(1, 2), 0))
    assert hash(box) == hash(Box([(0, 1), (F(-1, 2), F(1, 2))]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.bounds = ()  # type: ignore[misc]
    with pytest.raises(ShapeError, match=r"^low/high are for a 1-D box \(an interval\); this box has d = 2"):
        _ = box.low
    assert repr(Whole(4)) == "R^4"
    assert repr(Polytope([[1], [-1]], [0, 1])) == "Polytope(d=1, sides=2)"


def test_halfspaces_contains_is_bounded() -> None:
    sides = halfspaces(Box([(0, "1/2"), (-1, 1)]))
    assert [(h.normal, h.offset, h.label) for h in sides] == [
        ((1, 0), 0, "box:0:lo"),
        ((-2, 0), 1, "box:0:hi"),
        ((0, 1), 1, "box:1:lo"),
        ((0, -1), 1, "box:1:hi"),
    ]
    # duplicate sides merge, constant rows that hold vanish
    assert len(halfspaces(Polytope([[1], [2], [0], [-1]], [0, 0, 1, 1]))) == 2
    assert contains(Box([(0, 1)]), ["1"])
    assert not contains(Box([(0, 1)]), [1], strict=True)
    assert contains(Whole(2), [10**9, -(10**9)], strict=True)
    assert is_bounded(Polytope([[1, 0], [0, 1], [-1, -1]], [0, 0, 1]))
    assert not is_bounded(Polytope([[1, 0], [0, 1]], [0, 0]))


def test_as_box_refuses_other_kinds() -> None:
    assert as_box("0,1", 2, needed_by="x") == Box([(0, 1), (0, 1)])
    with pytest.raises(DomainError, match=r"^domain: sampling needs a box \[\(lo, hi\), ...\]; got a polytope$"):
        as_box(([[1], [-1]], [0, 1]), 1, needed_by="sampling")
    with pytest.raises(DomainError, match=r"^--box: the bound needs a box \[\(lo, hi\), ...\]; got R\^2 \(None"):
        as_box(None, 2, needed_by="the bound", where="--box")


# -- every mistake, with its one message --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "d", "error", "message"),
    [
        ("", 1, DomainError, r"^domain is empty; give 'lo,hi' \(every input\) or 'lo,hi;lo,hi'"),
        ("  ", 2, DomainError, r"^domain is empty; give 'lo,hi'"),
        ([], 1, DomainError, r"^domain is empty; give one \(lo, hi\) pair per input, or None for all of R\^d$"),
        ("0,1,2", 1, DomainError, r"^domain: side 1 reads '0,1,2'; each side is 'lo,hi' \(two numbers, one comma\)"),
        ("0,1;", 2, DomainError, r"^domain: side 2 reads ''; each side is 'lo,hi'"),
        ("0,", 1, DomainError, r"^domain: side 1 reads '0,'; each side is 'lo,hi'"),
        ("1,0", 1, DomainError, r"^domain: side 1 is empty or a point: low 1 >= high 0; need low < high$"),
        ("0,1;2,2", 2, DomainError, r"^domain: side 2 is empty or a point: low 2 >= high 2; need low < high$"),
        ((0, 1), 2, DomainError, r"^domain: a pair \(lo, hi\) is an interval, a domain for d = 1 only; for d = 2"),
        (
            "0,1;0,1",
            3,
            ShapeError,
            r"^domain has 2 sides \(lo,hi pairs\) but the network has d = 3 inputs; give 3 pairs",
        ),
        (
            [(0, 1)] * 2,
            1,
            ShapeError,
            r"^domain has 2 sides \(lo,hi pairs\) but the network has d = 1 inputs; give 1 pair,",
        ),
        (Box([(0, 1)] * 2), 1, ShapeError, r"^domain has dimension 2 but the network has d = 1 inputs$"),
        (([[1, 0]], [0]), 1, ShapeError, r"^domain: the polytope has dimension 2 but the network has d = 1 inputs$"),
        ({"x": 1}, 1, DomainError, r"^domain: a mapping must have keys 'A' and 'b' \(the polytope A x \+ b >= 0\)"),
        (42, 1, DomainError, r"^domain must be None \(all of R\^d\), 'lo,hi' \(every input\).*; got 42$"),
        (b"0,1", 1, DomainError, r"^domain must be None .*; got b'0,1'$"),
        ([(0, 1), (0, 1, 2)], 2, DomainError, r"^domain: side 2 must be a pair \(lo, hi\) of numbers, got \(0, 1, 2\)"),
        ([(0, 1), "0,1"], 2, DomainError, r"^domain: side 2 must be a pair \(lo, hi\) of numbers, got '0,1'"),
        ((True, 2), 1, RationalParseError, r"^domain side 1 low: booleans are not numbers \(got True\); use 0 or 1$"),
        ((0, float("nan")), 1, DomainError, r"^domain side 1 high: nan is not finite; a bound must be a finite number"),
        ((float("-inf"), 0), 1, DomainError, r"^domain side 1 low: -inf is not finite"),
        ("0,inf", 1, DomainError, r"^domain side 1 high: 'inf' is not finite"),
        ("NaN,1", 1, DomainError, r"^domain side 1 low: 'NaN' is not finite"),
        ((np.float64("nan"), 1), 1, DomainError, r"^domain side 1 low: np.float64\(nan\) is not finite"),
        ("a,b", 1, RationalParseError, r"^domain side 1 low: cannot parse 'a' as a rational"),
        ("0,1/0", 1, RationalParseError, r"^domain side 1 high: "),
        (
            ([[1], [-1]], [0, 0]),
            1,
            DomainError,
            r"^the domain has no interior point \(it is empty or lower-dimensional\)",
        ),
        (
            ([[0]], [-1]),
            1,
            DomainError,
            r"^domain side side:0 reads -1 >= 0 with no x: it never holds, so the domain is",
        ),
        (None, None, DomainError, r"^domain: None means all of R\^d, but nothing fixes d here"),
    ],
)
def test_each_mistake_has_one_message(value: Any, d: int | None, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        as_domain(value, d)


@pytest.mark.parametrize("d", [0, -1, True, 1.0, "2"])
def test_bad_dimension(d: Any) -> None:
    with pytest.raises(ShapeError, match=r"^domain: the input dimension must be an int d >= 1, got "):
        as_domain("0,1", d)


def test_where_names_the_option() -> None:
    with pytest.raises(DomainError, match=r"^--box: side 1 is empty or a point"):
        as_domain("1,0", 2, where="--box")
    with pytest.raises(ShapeError, match=r"^--domain has 3 sides"):
        as_domain("0,1;0,1;0,1", 2, where="--domain")


def test_half_line_is_not_an_interval() -> None:
    with pytest.raises(DomainError, match=r"^domain: the 1-D polytope is a half-line; give an interval"):
        as_interval(([[1]], [0]))
    with pytest.raises(ShapeError, match=r"^domain has 2 sides"):
        as_interval("0,1;0,1")


def test_hostile_values_do_not_break_the_messages() -> None:
    with pytest.raises(DomainError, match=r"^domain must be None .*; got <HostileRepr>$"):
        as_domain(HostileRepr(), 1)
    with pytest.raises(DomainError, match=r"^domain: side 1 must be a pair \(lo, hi\) of numbers, got <HostileRepr>"):
        as_domain((HostileRepr(), 1), 1)
    with pytest.raises(DomainError, match=r"^domain: side 1 must be a pair \(lo, hi\) of numbers, got <tuple>"):
        as_domain([(HostileRepr(), 1)], 1)
    with pytest.raises(DomainError, match=r"^domain side 1 low: cannot read <HostileNumber> as a number \(TypeError\)"):
        as_domain([(HostileNumber(), 1)], 1)
    with pytest.raises(ShapeError, match=r"the input dimension must be an int d >= 1, got <HostileRepr>"):
        as_domain("0,1", HostileRepr())  # type: ignore[arg-type]


def test_every_error_is_a_reluexact_error_and_a_value_error() -> None:
    for value in ["", "1,0", (True, 1), "a,b", HostileRepr(), (0, float("nan"))]:
        with pytest.raises(ReluexactError) as caught:
            as_domain(value, 1)
        assert isinstance(caught.value, ValueError)


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_forms_of_a_random_box_parse_equal(data: st.DataObject) -> None:
    d = data.draw(st.integers(1, 4))
    pairs = data.draw(boxes(d))
    text = ";".join(f"{format_fraction(lo)},{format_fraction(hi)}" for lo, hi in pairs)
    forms: list[Any] = [
        text,
        list(pairs),
        [list(p) for p in pairs],
        tuple(pairs),
        Box(pairs),
        np.array(pairs, dtype=object),
        [(str(lo), str(hi)) for lo, hi in pairs],
    ]
    if d == 1:
        forms += [pairs[0], list(pairs[0])]
    if len(set(pairs)) == 1:
        forms.append(text.split(";")[0])  # the broadcast form of a box with equal sides
    parsed = [as_domain(form, d) for form in forms]
    assert all(p == parsed[0] for p in parsed)
    assert parsed[0].bounds == tuple(pairs)
    assert as_domain(parsed[0], d) is parsed[0]
    assert as_domain(text, None) == parsed[0]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_float_arrays_parse_to_their_exact_values(data: st.DataObject) -> None:
    d = data.draw(st.integers(1, 3))
    lows = [data.draw(dyadic_rationals()) for _ in range(d)]
    widths = [data.draw(dyadic_rationals().filter(lambda v: v > 0)) for _ in range(d)]
    pairs = [(lo, lo + w) for lo, w in zip(lows, widths, strict=True)]
    array = np.array([[float(lo), float(hi)] for lo, hi in pairs])
    # float(lo + w) may round: the parsed box holds the floats' exact values
    expected = (
        Box([(Fraction(float(lo)), Fraction(float(hi))) for lo, hi in pairs])
        if all(float(lo) < float(hi) for lo, hi in pairs)
        else None
    )
    if expected is None:
        with pytest.raises(DomainError):
            as_domain(array, d)
    else:
        assert as_domain(array, d) == expected == as_domain(array.tolist(), d)


@settings(max_examples=200, deadline=None)
@given(halfline_systems())
def test_as_interval_of_a_random_1d_polytope_matches_brute_force(system: tuple[Any, Any]) -> None:
    rows, offsets = system
    truth = solution_interval(rows, offsets)
    if truth is None:
        with pytest.raises(DomainError, match=r"no interior point|never holds"):
            as_interval((rows, offsets))
        return
    lo, hi = truth
    if lo is None and hi is None:  # every row is 0 x + b with b >= 0: all of R
        assert as_interval((rows, offsets)) is None
        return
    if lo is None or hi is None:
        with pytest.raises(DomainError, match=r"^domain: the 1-D polytope is a half-line"):
            as_interval((rows, offsets))
        return
    interval = as_interval((rows, offsets))
    assert interval is not None
    assert (interval.low, interval.high) == (lo, hi)
    assert as_interval(interval) == interval
