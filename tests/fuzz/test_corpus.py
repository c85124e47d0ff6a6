"""Replay the committed fuzz corpus: every seed and every past crasher of every parser (issue 14).

Each file under ``tests/fuzz/corpus/<parser>/`` is one input; the invariant of
:func:`tests.fuzz.parsers.check_input` must hold on it: a correct value, or one
:class:`~reluexact.errors.ReluexactError` line; never another exception, never a hang.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.parsers import CORPUS, PARSERS, check_input, corpus_files

CASES = [(name, path) for name in sorted(PARSERS) for path in corpus_files(name)]


def test_every_parser_has_a_corpus() -> None:
    assert sorted(path.name for path in CORPUS.iterdir() if path.is_dir()) == sorted(PARSERS)
    for name in PARSERS:
        assert len(corpus_files(name)) >= 4, name


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize(("name", "path"), CASES, ids=[f"{name}/{path.name}" for name, path in CASES])
def test_corpus_input_keeps_the_invariant(name: str, path: Path) -> None:
    parser = PARSERS[name]
    if parser.needs:
        pytest.importorskip(parser.needs)
    assert check_input(parser, path.read_bytes()) in ("parsed", "refused")


@pytest.mark.parametrize(
    ("name", "seed", "outcome"),
    [
        ("rational", "fraction", "parsed"),
        ("rational", "huge-exponent", "refused"),
        ("json", "valid", "parsed"),
        ("json", "lone-surrogate-name", "refused"),
        ("npz", "valid", "parsed"),
        ("npz", "longdouble-one-plus-2-60", "parsed"),
        ("npz", "zip-bomb", "refused"),
        ("torch", "valid", "parsed"),
        ("torch", "legacy-format", "refused"),
        ("onnx", "torch-export", "parsed"),
        ("expression", "exp-exp-1e20", "refused"),
        ("expression", "x-to-x-7", "parsed"),
        ("points_csv", "points", "parsed"),
        ("domain", "box", "parsed"),
        ("limits", "new-fields", "parsed"),
    ],
)
def test_seeds_parse_or_are_refused_as_they_should(name: str, seed: str, outcome: str) -> None:
    parser = PARSERS[name]
    if parser.needs:
        pytest.importorskip(parser.needs)
    assert check_input(parser, (CORPUS / name / seed).read_bytes()) == outcome
