"""A fixed-seed fuzz pass over the command line: hostile argv for every subcommand (issue 14).

The invariant of :func:`reluexact.cli.main`: exit 0, or exit 2 with exactly one stderr line
(a :class:`~reluexact.errors.ReluexactError` or a usage error), never a traceback. Inputs are
small valid models, missing files, directories, FIFOs and files with hostile contents; options
are huge, negative, NaN, empty, unicode and surrogate-escaped (non-UTF-8) values. Outputs go
only to a private temporary folder (never to a device node). ``docs/reliability/hostile.md``
records how many inputs a pass tries and what it found.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reluexact.cli import main
from reluexact.io import save_model
from reluexact.model import TwoLayerReLU

#: examples per subcommand in the fixed-seed pass (about 1,400 argv vectors in all, 20 to 40 s);
#: RELUEXACT_FUZZ_EXAMPLES=N runs a longer pass
EXAMPLES = int(os.environ.get("RELUEXACT_FUZZ_EXAMPLES", "150"))

_FOLDER = Path(tempfile.mkdtemp(prefix="reluexact-fuzz-"))


def _inputs() -> dict[str, str]:
    """Named input paths: valid models, hostile files, a directory, a FIFO, a non-UTF-8 name."""
    paths: dict[str, str] = {}
    save_model(TwoLayerReLU([[1], [-2], [3]], [0, 1, -2], [[1, -1, 2]], [0]), _FOLDER / "m1.json")
    save_model(TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, -1, 2]], [0]), _FOLDER / "m2.json")
    save_model(TwoLayerReLU([[10**400, 0], [0, 1]], [0, -1], [[1, 1]], [0]), _FOLDER / "huge.json")
    paths["m1"] = str(_FOLDER / "m1.json")
    paths["m2"] = str(_FOLDER / "m2.json")
    paths["huge"] = str(_FOLDER / "huge.json")
    (_FOLDER / "garbage.json").write_bytes(b'{"W": [[1e99999]], "b": "\xff"')
    paths["garbage"] = str(_FOLDER / "garbage.json")
    (_FOLDER / "points.csv").write_text("0,0\n1/2,1\n")
    paths["points"] = str(_FOLDER / "points.csv")
    (_FOLDER / "points1.csv").write_text("0\n1/3\n")
    paths["points1"] = str(_FOLDER / "points1.csv")
    (_FOLDER / "bad.csv").write_bytes(b"1,\x00\n\xff,1e400000\n")
    paths["badcsv"] = str(_FOLDER / "bad.csv")
    os.mkfifo(_FOLDER / "points.fifo")
    paths["fifo"] = str(_FOLDER / "points.fifo")
    paths["dir"] = str(_FOLDER)
    paths["missing"] = str(_FOLDER / "missing.json")
    paths["surrogate"] = os.fsdecode(b"\xff\xfe-model.json")  # not UTF-8: a lone surrogate in the str
    paths["devnull"] = os.devnull
    # certificates for check-certificate: valid ones, a tampered one, a truncated one
    for name, argv in (
        ("cert_max", ["maximize", paths["m2"], "--box=-1,1", "--json"]),
        ("cert_lip", ["lipschitz", paths["m1"], "--box=-1,1", "--norm=2", "--json"]),
    ):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert main(argv) == 0, argv
        text = out.getvalue()
        (_FOLDER / f"{name}.json").write_text(text)
        paths[name] = str(_FOLDER / f"{name}.json")
        (_FOLDER / f"{name}-cut.json").write_text(text[: len(text) // 2])
        paths[f"{name}_cut"] = str(_FOLDER / f"{name}-cut.json")
        document = json.loads(text)
        document["value"] = "10**1000" if "value" in document else "1/0"
        document.setdefault("domain", None)
        (_FOLDER / f"{name}-bad.json").write_text(json.dumps(document))
        paths[f"{name}_bad"] = str(_FOLDER / f"{name}-bad.json")
    return paths


INPUTS = _inputs()
MODELS = ["m1", "m2", "m1", "m2", "huge", "garbage", "dir", "missing", "surrogate", "devnull"]
POINTS = ["points", "points1", "points", "points1", "badcsv", "fifo", "dir", "missing", "surrogate", "devnull"]

NUMBERS = [
    "0", "1", "-1", "2", "7", "1/2", "-0", "nan", "NaN", "inf", "-inf", "1e400", "1e-400", "10**1000",
    "99999999999999999999999", "1e308", "", " ", "abc", "1/0", "\u0661", "\uff11", "\udcff", "0x10", "1_000",
]  # fmt: skip
DOMAINS = ["-1,1", "0,1;0,1", "-1e300,1e300", "1,1", "1,0", "nan,1", "", ";", "0,1;0,1;0,1", "\udcff,1", "-1,1e-400"]
EXPRS = [
    "x",
    "sin(x)",
    "10**1000*x",
    "Abs(x)",
    "sign(x-1)",
    "1/x",
    "x**x",
    "__import__('os')",
    "",
    "\udcff",
    "exp(exp(x))",
]

number = st.sampled_from(NUMBERS)
domain = st.sampled_from(DOMAINS)
model = st.sampled_from(MODELS).map(INPUTS.__getitem__)
points = st.sampled_from(POINTS).map(INPUTS.__getitem__)
out_name = st.sampled_from(
    ["out.json", "out.npz", "out.png", "out.svg", "out.tex", "out.graphml", "dir", "o\udcff.json", ""]
)


@st.composite
def _output(draw: st.DrawFn) -> str:
    name = draw(out_name)
    if name == "dir":
        return str(_FOLDER)
    return str(Path(tempfile.mkdtemp(dir=_FOLDER)) / name) if name else ""


def _options(pairs: dict[str, st.SearchStrategy[str]], flags: tuple[str, ...] = ()) -> st.SearchStrategy[list[str]]:
    """A random subset of ``--option=value`` pairs and flags, in random order."""
    items = [st.tuples(st.just(name), value).map(lambda t: f"{t[0]}={t[1]}") for name, value in pairs.items()]
    items += [st.just(flag) for flag in flags]
    return st.lists(st.one_of(items), max_size=4) if items else st.just([])


ARGV: dict[str, st.SearchStrategy[list[str]]] = {
    "info": st.tuples(model, _options({}, ("--json",))).map(lambda t: [t[0], *t[1]]),
    "eval": st.tuples(
        model, st.lists(st.one_of(number, domain), min_size=1, max_size=3), _options({}, ("--json",))
    ).map(lambda t: [t[0], *t[2], "--", *t[1]]),
    "convert": st.tuples(
        model,
        _output(),
        _options(
            {
                "--rationalize": st.sampled_from(["exact", "decimals:3", "bits:-1", "x", ""]),
                "--box": domain,
                "--name": st.sampled_from(["n", "\udcff", "é" * 3]),
            },
            ("--json", "--allow-rounding"),
        ),
    ).map(lambda t: [t[0], "-o", t[1], *t[2]]),
    "spline": st.tuples(model, _options({"--domain": domain}, ("--json",))).map(lambda t: [t[0], *t[1]]),
    "construct": st.tuples(
        st.sampled_from(EXPRS),
        st.sampled_from(["0", "-1", "1e-400", "nan", "1/2"]),
        number,
        st.sampled_from(["2", "3", "0", "-1", "nan", "5"]),
        _output(),
        _options({"--basis": st.sampled_from(["one-sided", "ramp", "x"])}, ("--adaptive", "--greedy", "--json")),
    ).map(lambda t: [t[0], "--interval", t[1], t[2], "--knots", t[3], "-o", t[4], *t[5]]),
    "decode": st.tuples(model, domain, _options({"--target": st.sampled_from(EXPRS)}, ("--json",))).map(
        lambda t: [t[0], f"--domain={t[1]}", *t[2]]
    ),
    "regions": st.tuples(
        model,
        _options(
            {"--box": domain, "--max-regions": number, "--time-limit": number, "--graph": _output()},
            ("--json", "--quiet"),
        ),
    ).map(lambda t: [t[0], *t[1]]),
    "locate": st.tuples(
        model,
        points,
        _options({"--box": domain, "--time-limit": number, "--exact-lp-max-dim": number}, ("--json", "--no-facets")),
    ).map(lambda t: [t[0], t[1], *t[2]]),
    # issue 12: exact robustness radii (the budget stops a search with a partial interval)
    "robustness": st.tuples(
        model,
        points,
        _options(
            {
                "--norm": st.sampled_from(["inf", "1", "2", "x", "", "\udcff"]),
                "--box": domain,
                "--eps": number,
                "--time-limit": number,
            },
            ("--json",),
        ),
    ).map(lambda t: [t[0], t[1], *t[2]]),
    "pieces": st.tuples(model, _options({"--box": domain, "--output": number}, ("--json",))).map(
        lambda t: [t[0], *t[1]]
    ),
    "slice": st.tuples(
        model,
        st.lists(st.one_of(number, domain, st.sampled_from(["0,0", "1,0", "0,1", "1,1", "0", "1"])), max_size=4),
        _output(),
        _options({}, ("--json",)),
    ).map(lambda t: [t[0], f"--through={';'.join(t[1])}", "-o", t[2], *t[3]]),
    "boundary": st.tuples(model, _options({"--box": domain}, ("--json",))).map(lambda t: [t[0], *t[1]]),
    "report": st.tuples(
        model,
        _output(),
        _options(
            {
                "--domain": domain,
                "--max-regions": number,
                "--budget": number,
                "--numbers": st.sampled_from(["auto", "exact", "digits:3", "digits:-1", "x"]),
                "--name": st.sampled_from(["\\input{/etc/passwd}", "\udcff", "$x$"]),
            },
            ("--color-by=pattern",),
        ),
    ).map(lambda t: [t[0], "-o", t[1], *t[2]]),
    "plot": st.tuples(
        model,
        _output(),
        _options(
            {"--domain": domain, "--dpi": st.sampled_from(["1", "0", "-1", "1000000", "nan", "72", "1200"])},
            ("--no-labels", "--no-graph", "--classes"),
        ),
    ).map(lambda t: [t[0], "-o", t[1], *t[2]]),
    "maximize": st.tuples(
        model, _options({"--box": domain, "--output": number, "--margin": number}, ("--json", "--minimize"))
    ).map(lambda t: [t[0], *t[1]]),
    "lipschitz": st.tuples(
        model,
        _options(
            {"--box": domain, "--output": number, "--norm": st.sampled_from(["inf", "1", "2", "3", "", "\udcff"])},
            ("--json",),
        ),
    ).map(lambda t: [t[0], *t[1]]),
    "check-certificate": st.sampled_from(
        ["cert_max", "cert_lip", "cert_max_cut", "cert_lip_cut", "cert_max_bad", "cert_lip_bad", *MODELS]
    ).map(lambda name: [INPUTS[name]]),
    "demo": st.just(["--help"]),
}


def check_invariant(argv: list[str]) -> None:
    """Run ``main(argv)``: exit 0, or exit 2 with one stderr line; never an uncaught exception.

    ``check-certificate`` may also exit 1 (the certificate is wrong), with one line (its verdict, on
    stdout) saying why.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    message = err.getvalue()
    allowed = (0, 1, 2) if argv[0] == "check-certificate" else (0, 2)
    assert status in allowed, (argv, status, message)
    assert "Traceback" not in message, (argv, message)
    if status == 1:
        verdict = [line for line in (out.getvalue() + message).splitlines() if line.strip()]
        assert len(verdict) == 1, (argv, verdict)
        assert verdict[0].startswith("FAILS:"), (argv, verdict)
    if status == 2:
        lines = [line for line in message.splitlines() if line.strip() and not line.startswith("usage:")]
        assert len(lines) == 1, (argv, message)


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("command", sorted(ARGV))
def test_cli_argv_invariant(command: str) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(ARGV[command])
    def run(arguments: list[str]) -> None:
        check_invariant([command, *arguments])

    run()
