"""Coverage-guided fuzzing of one parser with atheris (optional: ``pip install -e ".[fuzz]"``).

The same invariant and oracles as the hypothesis pass (:func:`tests.fuzz.parsers.check_input`),
driven by libFuzzer's coverage feedback, for long local runs; CI runs the hypothesis pass
(``tests/fuzz/test_parsers.py``) instead. New interesting inputs go to a scratch folder; the
committed corpus is read as seeds only. A crash is saved by libFuzzer as ``crash-<sha1>`` in
the current folder: copy it into ``tests/fuzz/corpus/<parser>/found-<what>`` with a test that
failed before the fix.

    python -m tests.fuzz.atheris_main json -max_total_time=600
    python -m tests.fuzz.atheris_main --list
"""

from __future__ import annotations

import sys
import tempfile


def main(argv: list[str]) -> None:
    """Fuzz the parser named ``argv[1]``; the other arguments go to libFuzzer."""
    import atheris

    with atheris.instrument_imports(include=["reluexact"]):
        import reluexact.expressions
        import reluexact.interop.json_io
        import reluexact.interop.numpy_io
        import reluexact.interop.onnx
        import reluexact.interop.points_csv
        import reluexact.interop.torch
        import reluexact.limits
        import reluexact.oned.targets
        import reluexact.rational  # noqa: F401

    from tests.fuzz.parsers import CORPUS, PARSERS, check_input

    if len(argv) < 2 or argv[1] not in PARSERS:
        print(f"usage: python -m tests.fuzz.atheris_main PARSER [libFuzzer options]; parsers: {', '.join(PARSERS)}")
        raise SystemExit(0 if argv[1:2] == ["--list"] else 2)
    parser = PARSERS[argv[1]]

    def one_input(data: bytes) -> None:
        check_input(parser, data)

    scratch = tempfile.mkdtemp(prefix=f"reluexact-atheris-{parser.name}-")
    atheris.Setup([argv[0], *argv[2:], scratch, str(CORPUS / parser.name)], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
