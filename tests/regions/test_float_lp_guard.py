"""The facet walk's float LP (scipy's HiGHS) never crashes the process, in the caller's thread or another.

The crash once seen in ``test_iter_regions_yields_the_set_of_regions`` (SIGSEGV in ``h.run()``
inside the ``reluexact-regions`` thread) was not a threading fault: a plane far from the
origin (unit offset 1.9e227) gave a row bound beyond HiGHS's ``infinite_bound`` (1e20), HiGHS
refused the model, and HiGHS 1.12 crashed on the next ``changeCoeff``/``run`` of the refused
model, in any thread (the walk merely ran in the stream's thread there). Each check runs in a
subprocess, so a crash fails the test with its exit code and traceback instead of killing
pytest; the results must equal the serial (and lattice) results exactly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Each case: its regions by the walk in this thread, by the streamed walk (the engine in the
# ``reluexact-regions`` thread) and by the lattice (no float LP), as (id, pattern, point) lists.
CHILD = r"""
import faulthandler, json, sys, threading
from fractions import Fraction
faulthandler.enable()
from reluexact.model import TwoLayerReLU
from reluexact.regions import iter_regions, regions
from reluexact.regions.arrangements import arrangement
from reluexact.regions.facet_walk import walk_arrangement
from tests.regions.oracles import random_degenerate_net, random_net

def digest(rs):
    return [[r.id, r.pattern, [str(v) for v in r.point]] for r in rs]

def far(net, k):
    # one bias 10^230 times larger, one weight 10^-300: unit offsets far beyond 1e20, and tiny
    W = [list(row) for row in net.hidden_weights]
    b = list(net.hidden_bias)
    b[k % len(b)] = (b[k % len(b)] or 1) * 10**230
    W[(k + 1) % len(W)][0] = Fraction(1, 10**300)
    return TwoLayerReLU(W, b, net.output_weights, net.output_bias)

cases = [(TwoLayerReLU([[1, 0], [0, 1], [1, 1], [1, 2]], [0, 0, -1, -10**230], [[1, 1, 1, 1]], [0]), None)]
count = int(sys.argv[1])
for k in range(count):
    d = 1 + k % 4
    net = random_net(d, 4 + k % 5, k) if k % 3 else random_degenerate_net(d, 5 + k % 4, k)
    cases.append((far(net, k) if k % 2 else net, "-2,3" if k % 4 == 1 else None))

out = []
for net, box in cases:
    serial = digest(regions(net, domain=box, method="walk", progress=False))
    streamed = digest(iter_regions(net, domain=box, method="walk", progress=False, batch_size=2))
    lattice = sorted(p for _, p, _ in digest(regions(net, domain=box, method="lattice", progress=False)))
    out.append([serial, streamed, lattice])

# two walks at once (HiGHS releases the GIL in run()): one per thread, each with its own solver
nets = [net for net, box in cases if box is None]
other = []
worker = threading.Thread(target=lambda: other.extend(digest(walk_arrangement(arrangement(n))) for n in nets))
worker.start()
here = [digest(walk_arrangement(arrangement(n))) for n in nets]
worker.join()
print(json.dumps({"cases": out, "here": here, "other": other}))
"""


def _run(count: int) -> dict[str, list[object]]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(count)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, (
        f"the walks crashed or failed (exit code {proc.returncode}; -11 or 139 is SIGSEGV):\n{proc.stderr[-3000:]}"
    )
    result: dict[str, list[object]] = json.loads(proc.stdout)
    return result


def test_threaded_and_far_plane_walks_equal_the_serial_walks() -> None:
    got = _run(36)
    assert len(got["cases"]) == 37
    for serial, streamed, lattice in got["cases"]:  # type: ignore[misc]
        assert streamed == serial  # ids, patterns and exact points
        assert sorted(p for _, p, _ in serial) == lattice  # the regions of a method without float LPs
    assert got["other"] == got["here"]  # two threads solving at once: the same results
