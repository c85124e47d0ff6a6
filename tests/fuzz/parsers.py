"""Every parser of untrusted input, as ``bytes -> value``, with an independent check of each value.

The fuzz invariant (issue 14): every input either parses to a *correct* value or raises a
:class:`~reluexact.errors.ReluexactError` whose message is one line; never another exception,
never a hang. :func:`check_input` asserts it for one input of one parser; the harnesses
(``test_parsers.py``: hypothesis, ``test_corpus.py``: the committed corpus, ``atheris_main.py``:
atheris, optional) all go through it.

Each parser's check is an independent oracle, not the parser again: ``numpy.load`` and
``torch.load`` read the same bytes for ``.npz`` and ``.pt``; Python's own ``Fraction`` parser
reads every numeral (rationals, domain sides, CSV fields); the JSON and ONNX readers must read
back what the writers write from the parsed network (a round trip through an independent
serialisation: stdlib ``json`` and protobuf).
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import signal
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from reluexact.errors import ReluexactError

#: Seconds one input may take before it counts as a hang (generous: a parse of a file of a few
#: kilobytes takes milliseconds; this is a hang detector, not a timing test).
HANG_SECONDS = float(os.environ.get("RELUEXACT_FUZZ_HANG_SECONDS", "60"))

CORPUS = Path(__file__).resolve().parent / "corpus"
_SCRATCH = Path(tempfile.mkdtemp(prefix="reluexact-fuzz-parsers-"))


class Hang(Exception):
    """One input took longer than :data:`HANG_SECONDS`."""


@contextlib.contextmanager
def watchdog(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Raise :class:`Hang` in the block after ``seconds`` (SIGALRM; the main thread only)."""

    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def text_of(data: bytes) -> str:
    """Bytes as the str a command line or a file would give (undecodable bytes as lone surrogates)."""
    return data.decode("utf-8", "surrogateescape")


def _scratch_file(data: bytes, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(suffix=suffix, dir=_SCRATCH)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    return Path(name)


# -- independent oracles -----------------------------------------------------------------
_P_OVER_Q = re.compile(r"^\s*([+-]?\d+)\s*/\s*([+-]?\d+)\s*$")


def fraction_oracle(text: str) -> Fraction:
    """The rational a numeral denotes, by Python's own ``Fraction`` parser (p/q with signs moved up)."""
    import sys

    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # the parsers read up to 10,000 digits (through FLINT)
    try:
        match = _P_OVER_Q.match(text)
        if match:
            numerator, denominator = (Fraction(part) for part in match.groups())
            return numerator / denominator
        return Fraction(text.strip())
    finally:
        sys.set_int_max_str_digits(previous)


def exact_array(array: np.ndarray) -> list[Fraction]:
    """Every entry of a numpy array as its exact value (floats through ``as_integer_ratio``)."""
    flat = array.reshape(-1)
    if array.dtype.kind in "iu":
        return [Fraction(int(v)) for v in flat]
    return [Fraction(*np.longdouble(v).as_integer_ratio()) for v in flat]


def _network_entries(net: Any) -> list[list[Fraction]]:
    return [[v for row in net.W for v in row], list(net.b), [v for row in net.A for v in row], list(net.c)]


# -- the parsers and their checks --------------------------------------------------------
def _rational(data: bytes) -> None:
    from reluexact.rational import format_fraction, to_fraction

    text = text_of(data)
    value = to_fraction(text)
    assert value == fraction_oracle(text), (text, value)
    assert to_fraction(format_fraction(value)) == value


def _point(data: bytes) -> None:
    from reluexact.rational import parse_point

    text = text_of(data)
    point = parse_point(text)
    assert list(point) == [fraction_oracle(part) for part in text.split(",")], (text, point)


def _domain(data: bytes) -> None:
    from reluexact.domain import Box, as_domain, contains

    text = text_of(data)
    sides = text.split(";")
    domain = as_domain(text, len(sides) if len(sides) > 1 else 2)
    assert isinstance(domain, Box), (text, domain)
    pairs = sides if len(sides) > 1 else sides * 2
    expected = [tuple(fraction_oracle(end) for end in side.split(",")) for side in pairs]
    assert list(domain.bounds) == expected, (text, domain.bounds)
    centre = [(lo + hi) / 2 for lo, hi in domain.bounds]
    assert contains(domain, centre)


def _limits(data: bytes) -> None:
    from reluexact.limits import Limits

    limits = Limits.parse(text_of(data))
    again = Limits.parse(", ".join(f"{name}={getattr(limits, name)}" for name in Limits.__dataclass_fields__))
    assert again == limits


def _json_model(data: bytes) -> None:
    import json

    from reluexact.interop.json_io import dumps_json, loads_json

    net = loads_json(data, where="fuzz.json")
    document = json.loads(dumps_json(net))  # stdlib json, and the exact p/q strings of the writer
    entries = [[fraction_oracle(str(v)) for v in np.ravel(np.array(document[key], dtype=object))] for key in "WbAc"]
    assert entries == _network_entries(net)
    assert loads_json(dumps_json(net)) == net


def _npz(data: bytes) -> None:
    from reluexact.interop.numpy_io import read_npz

    path = _scratch_file(data, ".npz")
    try:
        net = read_npz(path)
        # numpy's own .npy reader on the archive's members (np.load itself refuses a zip with a prefix,
        # which zipfile, and so reluexact, reads)
        with zipfile.ZipFile(path) as archive:
            expected = []
            for key in "WbAc":
                with archive.open(f"{key}.npy") as member:
                    expected.append(exact_array(np.lib.format.read_array(member, allow_pickle=False)))
    finally:
        path.unlink()
    assert expected == _network_entries(net)


def _torch(data: bytes) -> None:
    import torch

    from reluexact.interop.torch import read_torch

    path = _scratch_file(data, ".pt")
    try:
        net = read_torch(path)
        state = torch.load(path, weights_only=True, map_location="cpu")  # torch's own reader
    finally:
        path.unlink()
    tensors = [value for value in state.values() if isinstance(value, torch.Tensor)]
    entries = sorted(
        (sorted(exact_array(t.detach().to(torch.float64 if t.is_floating_point() else torch.int64).numpy()))
         for t in tensors),
    )  # fmt: skip
    assert entries == sorted(sorted(part) for part in _network_entries(net) if part)


def _onnx(data: bytes) -> None:
    from reluexact.interop.onnx import from_onnx, to_onnx

    net = from_onnx(data, where="fuzz.onnx")
    if all(math.isfinite(float(v)) and Fraction(float(v)) == v for part in _network_entries(net) for v in part):
        assert from_onnx(to_onnx(net).SerializeToString()) == net  # through protobuf and back


def _points_csv(data: bytes) -> None:
    import csv

    from reluexact.interop.points_csv import read_points_csv

    path = _scratch_file(data, ".csv")
    try:
        points = read_points_csv(path)
    finally:
        path.unlink()
    rows = [[field.strip() for field in row] for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))]
    numeric = [row for row in rows if row and any(row) and not row[0].startswith("#")]
    if numeric and not any(_parses(field) for field in numeric[0]):
        numeric = numeric[1:]  # the header
    assert [tuple(fraction_oracle(field) for field in row) for row in numeric] == points


def _parses(field: str) -> bool:
    try:
        fraction_oracle(field)
    except (ValueError, ZeroDivisionError):
        return False
    return True


def _expression(data: bytes) -> None:
    from reluexact.expressions import parse_expression
    from reluexact.oned.targets import target_value

    text, _, point = text_of(data).partition("\n")
    expr = parse_expression(text)
    if len(expr.free_symbols) <= 1:
        value = target_value(expr, point.strip() or "1/3")
        assert value.error >= 0
        if value.exact:
            import sympy

            symbol = next(iter(expr.free_symbols), sympy.Symbol("x"))
            x = fraction_oracle(point.strip() or "1/3")
            assert expr.subs(symbol, sympy.Rational(x.numerator, x.denominator)) == sympy.Rational(
                value.value.numerator, value.value.denominator
            )


@dataclass(frozen=True)
class Parser:
    """One parser under fuzzing: ``run`` parses and checks; ``binary`` inputs are files, not text."""

    name: str
    run: Callable[[bytes], None]
    binary: bool
    needs: str | None = None  # an optional package


PARSERS: dict[str, Parser] = {
    parser.name: parser
    for parser in [
        Parser("rational", _rational, binary=False),
        Parser("point", _point, binary=False),
        Parser("domain", _domain, binary=False),
        Parser("limits", _limits, binary=False),
        Parser("expression", _expression, binary=False),
        Parser("json", _json_model, binary=False),
        Parser("points_csv", _points_csv, binary=False),
        Parser("npz", _npz, binary=True),
        Parser("torch", _torch, binary=True, needs="torch"),
        Parser("onnx", _onnx, binary=True, needs="onnx"),
    ]
}


def check_input(parser: Parser, data: bytes) -> str:
    """Assert the invariant on one input; return ``"parsed"`` or ``"refused"``.

    Raises AssertionError (a wrong value, a message of several lines, another exception type)
    or :class:`Hang`.
    """
    try:
        with watchdog():
            parser.run(data)
    except ReluexactError as error:
        message = str(error)
        assert message.strip(), (parser.name, data[:200])
        assert "\n" not in message, (parser.name, data[:200], message)
        return "refused"
    except (AssertionError, Hang):
        raise
    except Exception as error:
        raise AssertionError(f"{parser.name}: {type(error).__name__}: {error} on input {data[:200]!r}") from error
    return "parsed"


def corpus_files(name: str) -> list[Path]:
    """The committed corpus of one parser (seeds and every past crasher), sorted."""
    folder = CORPUS / name
    return sorted(path for path in folder.iterdir() if path.is_file()) if folder.is_dir() else []
