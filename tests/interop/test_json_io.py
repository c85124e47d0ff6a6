"""Tests for reluexact.interop.json_io: the exact JSON model format."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument, ModelFormatError, RationalParseError, ShapeError
from reluexact.interop.json_io import (
    FORMAT,
    dumps_json,
    loads_json,
    network_from_json,
    network_to_json,
    read_json,
    save_json,
)
from reluexact.limits import Limits
from reluexact.model import TwoLayerReLU
from reluexact.testing import assert_networks_equal
from tests.strategies import networks, rationals


def _document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, "version": 1, "W": [[1, "1/2"]], "b": [0], "A": [[2]], "c": ["-1/3"]}
    for key, value in changes.items():
        if value is _DELETE:
            del document[key]
        else:
            document[key] = value
    return document


_DELETE = object()


@settings(max_examples=80, deadline=None)
@given(
    networks(entries=st.one_of(rationals(max_numerator=2**60, max_denominator=2**60), rationals())),
    st.none() | st.text(max_size=20),
)
def test_json_round_trip_is_exact(net: TwoLayerReLU, name: str | None) -> None:
    text = dumps_json(net, name=name)
    back = loads_json(text)
    assert_networks_equal(back, net)
    document = json.loads(text)
    assert document["format"] == FORMAT
    assert document["version"] == 1
    assert document.get("name") == name
    for value in [*document["b"], *document["c"]]:
        assert isinstance(value, (int, str))
        if isinstance(value, int):
            assert abs(value) < 2**53  # safe for every JSON reader


def test_json_round_trip_through_a_file_and_canonical_text(tmp_path: Path) -> None:
    net = TwoLayerReLU([[1, "-1/2"], [0, "3/4"]], ["1/10", -2], [[3, "-5/2"]], [2**60])
    path = tmp_path / "net.json"
    save_json(net, path, name="two units")
    assert read_json(path) == net
    text = path.read_text()
    assert '"c": ["1152921504606846976"]' in text
    assert '"W": [\n    [1, "-1/2"],\n    [0, "3/4"]\n  ]' in text
    assert text.endswith("}\n")


def test_floats_are_read_at_their_binary_value() -> None:
    net = loads_json(json.dumps(_document(b=[0.1])))
    assert net.b == (Fraction(0.1),)
    assert net.b[0] != Fraction(1, 10)
    assert loads_json(json.dumps(_document(b=["0.1"]))).b == (Fraction(1, 10),)


def test_constant_network_needs_input_dim() -> None:
    net = loads_json(json.dumps(_document(W=[], b=[], A=[[]], c=[5], input_dim=3)))
    assert (net.input_dim, net.n_hidden) == (3, 0)
    assert loads_json(dumps_json(net)) == net
    with pytest.raises(ShapeError, match=r"JSON: the network has no hidden units \(W is empty\)"):
        loads_json(json.dumps(_document(W=[], b=[], A=[[]], c=[5])))
    with pytest.raises(ShapeError, match=r"JSON: input_dim=3 but W has 2 columns"):
        loads_json(json.dumps(_document(input_dim=3)))


@pytest.mark.parametrize(
    ("document", "error", "message"),
    [
        (_document(format=_DELETE), ModelFormatError, r"net.json: missing key 'format'"),
        (_document(format="onnx"), ModelFormatError, r"net.json: unknown format \"onnx\""),
        (_document(version=_DELETE), ModelFormatError, r"net.json: missing key 'version'"),
        (_document(version=2), ModelFormatError, r"net.json: unsupported version 2 \(this reader knows version 1\)"),
        (_document(version="1"), ModelFormatError, r"net.json: 'version' must be the integer 1, got \"1\""),
        (_document(version=True), ModelFormatError, r"net.json: 'version' must be the integer 1, got true"),
        (_document(W=_DELETE), ModelFormatError, r"net.json: missing key 'W' \(the hidden weights"),
        (_document(b=_DELETE), ModelFormatError, r"net.json: missing key 'b' \(the hidden bias"),
        (_document(A=_DELETE), ModelFormatError, r"net.json: missing key 'A' \(the output weights"),
        (_document(c=_DELETE), ModelFormatError, r"net.json: missing key 'c' \(the output bias"),
        (_document(weights=[1]), ModelFormatError, r"net.json: unknown key 'weights'; allowed keys are"),
        (_document(name=3), ModelFormatError, r"net.json: 'name' must be a string, got integer"),
        (_document(input_dim=0), ModelFormatError, r"net.json: 'input_dim' must be a positive integer, got 0"),
        (_document(input_dim=1.5), ModelFormatError, r"'input_dim' must be a positive integer, got 1.5"),
        (_document(W="1,2"), ShapeError, r"net.json: 'W' must be a list of rows, got string"),
        (_document(W=[1, 2]), ShapeError, r"net.json: W\[0\] must be a row \(a list of numbers\), got integer"),
        (_document(W=[[1, [2]]]), ShapeError, r"net.json: W\[0\]\[1\] is a JSON array where a number is expected"),
        (_document(b={"0": 1}), ShapeError, r"net.json: 'b' must be a list of numbers, got object"),
        (_document(b=[None]), RationalParseError, r"net.json: b\[0\] is null where a number is expected"),
        (_document(b=[True]), RationalParseError, r"net.json: b\[0\]: booleans are not numbers"),
        (_document(A=[["1/0"]]), RationalParseError, r"net.json: A\[0\]\[0\]: zero denominator in '1/0'"),
        (_document(A=[["two"]]), RationalParseError, r"net.json: A\[0\]\[0\]: cannot parse 'two' as a rational"),
        (_document(c=[1e400]), RationalParseError, r"net.json: c\[0\]: (Infinity|inf) is not a finite number"),
        (_document(c=[1, 2]), ShapeError, r"net.json: A has 1 rows but c has m = 2 entries"),
        (_document(W=[[1, 2], [3]], b=[0, 0], A=[[1, 1]]), ShapeError, r"net.json: W is ragged"),
        ([1, 2], ModelFormatError, r"net.json: the top level must be a JSON object, got array"),
    ],
)
def test_bad_documents_are_refused_with_the_key(document: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        loads_json(json.dumps(document), where="net.json")
    with pytest.raises(error, match=message):
        network_from_json(json.loads(json.dumps(document)), where="net.json")


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ('{"format": ', ModelFormatError, r"m.json: invalid JSON at line 1, column 12"),
        ("", ModelFormatError, r"m.json: invalid JSON at line 1, column 1"),
        (
            json.dumps(_document()).replace('"b": [0]', '"b": [NaN]'),
            RationalParseError,
            r"m.json: b\[0\]: NaN is not a finite",
        ),
        (
            json.dumps(_document()).replace('"b": [0]', '"b": [-Infinity]'),
            RationalParseError,
            r"m.json: b\[0\]: -Infinity is not",
        ),
        ("[" * 100_000 + "]" * 100_000, ModelFormatError, r"m.json: JSON nested too deeply to be a model"),
        (
            json.dumps(_document()).replace('"b": [0]', '"b": [' + "9" * 20_000 + "]"),
            RationalParseError,
            r"m.json: b\[0\]: an integer of 20000 digits is too long \(limit 10000\)",
        ),
        (
            json.dumps(_document(b=["1/" + "7" * 10_001])),
            RationalParseError,
            r"b\[0\]: numeral of 10003 characters is too long",
        ),
    ],
)
def test_hostile_text_gives_clear_errors(text: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        loads_json(text, where="m.json")


def test_long_but_legal_integers_beyond_cpythons_limit_are_read_exactly() -> None:
    digits = "1" + "0" * 5000  # CPython's json alone raises ValueError beyond 4300 digits
    net = loads_json(json.dumps(_document()).replace('"b": [0]', f'"b": [{digits}]'))
    assert net.b[0] == 10**5000
    assert loads_json(dumps_json(net)) == net  # written back as a string, read back exactly


def test_non_utf8_and_oversized_files(tmp_path: Path) -> None:
    binary = tmp_path / "model.json"
    binary.write_bytes(b"\x80\x81{}")
    with pytest.raises(ModelFormatError, match=r"model.json: not UTF-8 text \(byte 0\)"):
        read_json(binary)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(_document()) + " " * 1000)
    assert read_json(big, limits=Limits(max_file_bytes=10_000)) == loads_json(json.dumps(_document()))
    with pytest.raises(
        ModelFormatError, match=r"big.json: the file has \d+ bytes, over the limit max_file_bytes = 100; to read it"
    ):
        read_json(big, limits=Limits(max_file_bytes=100))
    with pytest.raises(ModelFormatError, match=r"missing.json: no such file"):
        read_json(tmp_path / "missing.json")


def test_network_to_json_name_must_be_text() -> None:
    with pytest.raises(ModelFormatError, match=r"name must be a string, got int"):
        network_to_json(TwoLayerReLU([[1]], [0], [[1]], [0]), name=3)  # type: ignore[arg-type]


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=2, max_size=2))
def test_json_floats_are_read_at_their_binary_values(values: list[float]) -> None:
    # json.dumps writes the shortest repr, which reads back as the same float
    net = loads_json(json.dumps(_document(W=[values], b=[values[0]])))
    assert net.hidden_weights == ((Fraction(values[0]), Fraction(values[1])),)
    assert net.b == (Fraction(values[0]),)


# -- limits and names (issue 14) ---------------------------------------------------------------------


def test_a_huge_input_dim_with_no_units_is_refused() -> None:
    document = _document(W=[], b=[], A=[[]], c=[0], input_dim=10**9)
    with pytest.raises(
        ModelFormatError,
        match=r"^JSON: 'input_dim' is 1000000000, over the limit max_input_dim = "
        r"1000000; to read it anyway pass limits=Limits\(max_input_dim=1000000000\)",
    ):
        network_from_json(document)
    assert network_from_json(_document(W=[], b=[], A=[[]], c=[0], input_dim=10**6)).input_dim == 10**6
    assert network_from_json(document, limits=Limits(max_input_dim=10**9)).input_dim == 10**9


def test_units_and_weights_over_the_limits_are_refused_before_conversion() -> None:
    wide = _document(W=[[0] * 50] * 3, b=[0] * 3, A=[[0] * 3], c=[0])
    with pytest.raises(
        ModelFormatError, match=r"JSON: W has shape \(3, 50\), 3 hidden units, over the limit max_units = 2"
    ):
        network_from_json(wide, limits=Limits(max_units=2))
    with pytest.raises(ModelFormatError, match=r"JSON: the model has 157 weights, over the limit max_elements = 156"):
        loads_json(json.dumps(wide), limits=Limits(max_elements=156))
    assert loads_json(json.dumps(wide), limits=Limits(max_elements=157)).input_dim == 50


def test_numerals_and_nesting_stay_bounded() -> None:
    with pytest.raises(RationalParseError, match=r"JSON: W\[0\]\[0\]: an integer of 10001 digits is too long"):
        loads_json(json.dumps(_document()).replace('"1/2"', "1" * 10_001).replace("[[1,", "[[" + "1" * 10_001 + ","))
    with pytest.raises(RationalParseError, match=r"numeral of 10002 characters is too long \(limit 10000\)"):
        network_from_json(_document(b=["1/" + "3" * 10_000]))
    with pytest.raises(RationalParseError, match=r"exponent of '1e1001' is out of range"):
        network_from_json(_document(b=["1e1001"]))
    with pytest.raises(ModelFormatError, match=r"JSON: JSON nested too deeply to be a model"):
        loads_json("[" * 100_000 + "]" * 100_000)


def test_names_that_are_not_unicode_are_refused_in_one_line(tmp_path: Path) -> None:
    # a name from a non-UTF-8 command line (convert --name $'\\xff') reached the file writer and
    # raised UnicodeEncodeError; a JSON "\\ud800" escape is a lone surrogate, not text
    net = TwoLayerReLU([[1]], [0], [[1]], [0])
    with pytest.raises(InvalidArgument, match=r"name '\\udcff' is not valid Unicode text"):
        save_json(net, tmp_path / "net.json", name="\udcff")
    assert not (tmp_path / "net.json").exists()
    text = json.dumps(network_to_json(net) | {"name": "x"}).replace('"x"', '"\\ud800"')
    with pytest.raises(ModelFormatError, match=r"^net.json: 'name' is not valid Unicode text"):
        loads_json(text, where="net.json")
    save_json(net, tmp_path / "ok.json", name="réseau ∞")
    assert read_json(tmp_path / "ok.json") == net
