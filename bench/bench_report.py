"""Time whole reports (``.tex`` and PDF) and measure what a reviewer sees: pages, figures, overfull lines.

Networks: theory example 4; random float32 nets (N(0, 1) weights, rationalised losslessly) of
d = 1 and width 20, d = 2 and widths 32 and 64 on [-3, 3]^2, d = 10 and width 8 on R^10. For each,
the region (or piece) count, the seconds to build the ``.tex`` (:func:`build_report`), the
seconds to compile it (:func:`compile_pdf`), the page count, the figure files, the widest
overfull box in the TeX log and the attached data size. Nothing is asserted.

Usage::

    python bench/bench_report.py            # all networks
    python bench/bench_report.py --quick    # without the width-64 net
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from reluexact.model import TwoLayerReLU
from reluexact.report.compile import compile_pdf
from reluexact.report.render import build_report


def _float_net(seed: int, n: int, d: int) -> TwoLayerReLU:
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(n, d)).astype(np.float32).astype(np.float64)
    b = (rng.normal(size=n) * 0.5).astype(np.float32).astype(np.float64)
    A = (rng.normal(size=(1, n)) / 4).astype(np.float32).astype(np.float64)
    return TwoLayerReLU.from_float_arrays(W, b, A, np.array([0.125]))


def _cases(quick: bool) -> list[tuple[str, TwoLayerReLU, Any]]:
    example4 = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
    cases = [
        ("theory example 4", example4, None),
        ("d = 1, n = 20", _float_net(1, 20, 1), "-3,3"),
        ("d = 2, n = 32", _float_net(0, 32, 2), "-3,3"),
        ("d = 10, n = 8 (slice)", _float_net(2, 8, 10), None),
    ]
    if not quick:
        cases.insert(3, ("d = 2, n = 64", _float_net(3, 64, 2), "-3,3"))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    header = (
        f"{'network':24} {'regions':>8} {'tex s':>6} {'pdf s':>6} {'pages':>5} {'figs':>4} {'overfull':>8} {'data':>8}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as folder:
        for k, (name, net, domain) in enumerate(_cases(args.quick)):
            started = time.perf_counter()
            data = build_report(net, domain=domain, name=name, stem=f"r{k}")
            built = time.perf_counter() - started
            tex = Path(folder) / f"r{k}.tex"
            tex.write_text(data.tex)
            started = time.perf_counter()
            pdf = compile_pdf(tex, keep_log=True, extra_files=data.files)
            compiled = time.perf_counter() - started
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
            log = pdf.with_suffix(".log").read_text(encoding="latin-1")
            widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([0-9.]+)pt", log)]
            count = data.data["summary"].get("regions", data.data["summary"].get("pieces"))
            size = len(data.files[f"r{k}.data.json"])
            print(
                f"{name:24} {count!s:>8} {built:6.1f} {compiled:6.1f} {pages:5d} {len(data.figures):4d} "
                f"{max(widths, default=0.0):7.1f}pt {size / 1024:6.0f}KiB"
            )


if __name__ == "__main__":
    main()
