"""reluexact against the float peers (issue 15 item 5): CPU seconds and region counts, same nets.

The peers are float tools installed in their own venv by ``bash bench/setup_peers.sh``
(bench/.venv-peers, git-ignored; never a dependency of reluexact):

- affinitree (Rust, f64): ``builder.from_layers`` distils the net into a decision tree, one
  terminal per linear region (box domains as a precondition tree);
- Regioncam (Rust, f32, 2-D only, the box [-1, 1]^2): ``Regioncam(size=1).linear(W^T, b).relu()``,
  regions = ``num_faces``;
- relucent (Python + Gurobi float LPs): ``Complex(net).bfs(nworkers=1)`` (boxes with
  ``cube_radius=1, cube_mode="clipped"``), regions = ``len(complex)``.

Each peer runs in its own subprocess with the peer venv's python; reluexact runs here. Nets:
weights, biases and output weights integers / 1024 (seeded), so every float type holds them
exactly and every tool sees the same arrangement. Times are CPU seconds (``time.process_time``
inside the process that computes; best of ``--repeats``, fewer when a run is slow); a peer is
given ``--cap`` wall seconds (on a loaded machine, raise it: CPU seconds are what is compared).
Our count is exact (certified); a peer's count that differs is marked WRONG. A degenerate case
(8 lines through one point: 16 regions) shows what float tools do with concurrent lines.

    bash bench/setup_peers.sh
    python bench/bench_peers.py            # the issue's table
    python bench/bench_peers.py --quick    # small cases only (a minute)

A peer never outlives this script: it runs in its own session (process group), which is
killed when the cap passes, on Ctrl-C, on SIGTERM / SIGHUP and at exit; on Linux the peer
also gets SIGKILL from the kernel when this process dies in any way, SIGKILL included
(``PR_SET_PDEATHSIG``). See :func:`run_capped`.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import ctypes
import functools
import gc
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reluexact.model import TwoLayerReLU
from reluexact.regions import regions

HERE = Path(__file__).resolve().parent
PEERS = ("affinitree", "regioncam", "relucent")

# (d, n, domain): "box" is [-1, 1]^d, "R" all of R^d; "star" is the degenerate 8 lines through 0
CASES = [
    (2, 64, "box"),
    (2, 256, "box"),
    (2, 1000, "box"),
    (3, 32, "R"),
    (3, 32, "box"),
    (4, 16, "box"),
    (4, 16, "R"),
    (4, 32, "R"),
    (4, 32, "box"),
    (8, 16, "R"),
    (2, 8, "star-R"),
    (2, 8, "star-box"),
]
QUICK = [
    (2, 64, "box"),
    (2, 128, "box"),
    (3, 16, "R"),
    (4, 12, "box"),
    (4, 12, "R"),
    (2, 8, "star-R"),
    (2, 8, "star-box"),
]

STAR = [[1, 0], [0, 1], [1, 1], [1, -1], [1, 2], [2, 1], [1, -2], [2, -1]]

# what a peer's subprocess runs: reads {"W", "b", "A", "c"} (integers, / 1024), the domain and the
# number of repeats; writes {"regions", "cpu"} (best CPU seconds) to the file named by argv[2]
CHILD = r"""
import json, sys, time
import numpy as np
spec = json.load(open(sys.argv[1]))
W = np.array(spec["W"], dtype=np.float64) / 1024
b = np.array(spec["b"], dtype=np.float64) / 1024
A = np.array(spec["A"], dtype=np.float64) / 1024
c = np.array(spec["c"], dtype=np.float64) / 1024
d, box, peer = W.shape[1], spec["box"], spec["peer"]

def run():
    if peer == "affinitree":
        import affinitree as at
        from affinitree import builder
        arch = at.Architecture(d)
        arch.linear(at.AffFunc.from_mats(W, b))
        arch.relu()
        arch.linear(at.AffFunc.from_mats(A, c))
        pre = None
        if box:
            pre = at.AffTree.from_poly(at.Polytope.hyperrectangle(d, [(-1.0, 1.0)] * d), at.AffFunc.identity(d), None)
        return builder.from_layers(arch, pre, None).num_terminals()
    if peer == "regioncam":
        import regioncam
        rc = regioncam.Regioncam(size=1)  # the box [-1, 1]^2
        rc.linear(np.ascontiguousarray(W.T, dtype=np.float32), b.astype(np.float32))
        rc.relu()
        return rc.num_faces
    if peer == "relucent":
        from relucent.core.complex import Complex
        from relucent.model.model import LinearLayer, ReLULayer, ReLUNetwork
        net = ReLUNetwork([LinearLayer(W, b), ReLULayer(), LinearLayer(A, c)])
        cplx = Complex(net)
        kw = {"cube_radius": 1.0, "cube_mode": "clipped"} if box else {}
        # its default start (the origin) may lie on a hyperplane: a generic point of the box
        start = np.random.default_rng(0).uniform(-0.9, 0.9, d)
        cplx.bfs(start, nworkers=1, verbose=0, **kw)
        return len(cplx)
    raise SystemExit("unknown peer " + peer)

best, count, wall = None, None, time.monotonic()
for _ in range(spec["repeats"]):
    t = time.process_time()
    count = run()
    dt = time.process_time() - t
    best = dt if best is None else min(best, dt)
    with open(sys.argv[2] + ".tmp", "w") as out:  # after every run: a later timeout keeps this one
        json.dump({"regions": int(count), "cpu": best}, out)
    import os
    os.replace(sys.argv[2] + ".tmp", sys.argv[2])
    if dt > spec["single"] or time.monotonic() - wall > spec["single"]:  # slow: fewer repeats
        break
"""


def make_net(d: int, n: int, kind: str, seed: int = 1) -> TwoLayerReLU:
    """Integer weights / 1024 (exact in every float type); ``star-*``: 8 lines through the origin."""
    if kind.startswith("star"):
        return TwoLayerReLU([[Fraction(v, 1024) for v in row] for row in STAR], [0] * 8, [[1] * 8], [0])
    rng = random.Random(seed)
    W = [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(d)] for _ in range(n)]
    b = [Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n)]
    A = [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n)]]
    return TwoLayerReLU(W, b, A, [0])


def is_box(kind: str) -> bool:
    return kind.endswith("box")


def spec_of(net: TwoLayerReLU, kind: str) -> dict[str, object]:
    def num(v: Fraction) -> int:
        assert (v * 1024).denominator == 1
        return int(v * 1024)

    return {
        "W": [[num(v) for v in row] for row in net.hidden_weights],
        "b": [num(v) for v in net.hidden_bias],
        "A": [[num(v) for v in row] for row in net.output_weights],
        "c": [num(v) for v in net.output_bias],
        "box": is_box(kind),
    }


def ours(net: TwoLayerReLU, kind: str, repeats: int, cap: float) -> tuple[float, int, str] | str:
    """Best CPU seconds of ``regions()`` (certified), the exact count, the method that ran.

    ``regions()`` runs as a user calls it (no budget, ``method="auto"``: the planar path at
    d = 2, the general-position sweep when it certifies, else the lattice or the walk), so
    ``cap`` does not stop our run; a run that is still incomplete is reported as none. Each
    timed run builds the result and frees it (a peer's run frees what it built, too); the
    collector runs between runs, outside the clock.
    """
    domain = "-1,1" if is_box(kind) else None
    best = None
    count, method = 0, ""
    for _ in range(repeats):
        gc.collect()
        t = time.process_time()
        res = regions(net, domain=domain, progress=False)
        complete, count, method = res.complete, len(res), res.certificate.method
        del res  # freed inside the clock, as each peer's run frees what it built
        dt = time.process_time() - t
        if not complete:
            return f"none in {cap:.0f} s"
        best = dt if best is None else min(best, dt)
        if dt > cap / (2 * repeats):
            break
    assert best is not None
    return best, count, method


# Linux: prctl(PR_SET_PDEATHSIG, SIGKILL) in the child, so the kernel kills it when its parent dies
_PR_SET_PDEATHSIG = 1
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
# The peers' process groups still to kill. Module state on purpose: the atexit and signal
# handlers that must kill them on this process's exit have no other way to find them.
_LIVE: set[int] = set()
_LIVE_LOCK = threading.Lock()
_REAPER: list[bool] = []  # non-empty once the exit handlers are installed


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the forked child
    """In the child before exec: die (SIGKILL) with the parent; if it is already gone, exit."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the prctl: nobody would signal us
        os._exit(1)


def _kill_group(pgid: int) -> None:
    """SIGKILL every process of the group (the peer and whatever it started); gone is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _kill_all() -> None:
    with _LIVE_LOCK:
        groups = list(_LIVE)
        _LIVE.clear()
    for pgid in groups:
        _kill_group(pgid)


def _on_signal(signum: int, frame: object) -> None:
    """Kill the peers, then die of the same signal (its default action, so the exit status says so)."""
    _kill_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_reaper() -> None:
    """Once: kill the peers at exit and on SIGTERM / SIGHUP (handlers only where none was set)."""
    if _REAPER:
        return
    _REAPER.append(True)
    atexit.register(_kill_all)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) == signal.SIG_DFL:
                signal.signal(sig, _on_signal)


def run_capped(cmd: list[str], cap: float, *, env: dict[str, str] | None = None) -> tuple[int | None, str]:
    """Run ``cmd`` for at most ``cap`` wall seconds; ``(exit code or None on timeout, stderr)``.

    The child is its own session leader (``start_new_session``), so its process group holds
    it and everything it starts; that group is killed with SIGKILL when the cap passes, when
    this call is interrupted (Ctrl-C: the child, in another session, does not get the SIGINT),
    when this process gets SIGTERM or SIGHUP, and at its exit. On Linux the child also asks
    the kernel for SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), which covers
    SIGKILL of this process, where no handler runs; that signal reaches the child only, not
    processes it started. (The death signal follows the *thread* that started the child:
    call this from a thread that lives as long as the child should.) stdout is discarded.

    Examples
    --------
    >>> run_capped([sys.executable, "-c", "import sys; sys.exit(3)"], cap=60)
    (3, '')
    >>> run_capped([sys.executable, "-c", "import time; time.sleep(60)"], cap=0.5)[0] is None
    True
    """
    _install_reaper()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=functools.partial(_die_with_parent, os.getpid()),
    )
    with _LIVE_LOCK:
        _LIVE.add(proc.pid)  # the session leader: its pid is the group's id
    try:
        try:
            _, err = proc.communicate(timeout=cap)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            _, err = proc.communicate()
            return None, err
        return proc.returncode, err
    finally:
        # also on success and on interruption: what the peer left running in its group goes too
        # (the id stays the group's while any process is in it; once the group is empty the
        # call finds nothing, short of the pid being reused as a new group's id in between)
        _kill_group(proc.pid)
        if proc.returncode is None:
            proc.wait()
        with _LIVE_LOCK:
            _LIVE.discard(proc.pid)


def peer(python: Path, name: str, spec: dict[str, object], repeats: int, cap: float) -> tuple[float, int] | str:
    """``(best CPU seconds, regions)`` of a peer in its own process, or why there is none."""
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp, "in.json"), Path(tmp, "out.json")
        inp.write_text(json.dumps({**spec, "peer": name, "repeats": repeats, "single": cap / (2 * repeats)}))
        code, err = run_capped(
            [str(python), "-c", CHILD, str(inp), str(out)], cap, env={**os.environ, "PYTHONWARNINGS": "ignore"}
        )
        if code is None:
            if out.exists():  # a run finished before the cap: its time stands (fewer repeats)
                got = json.loads(out.read_text())
                return float(got["cpu"]), int(got["regions"])
            return f"none in {cap:.0f} s"
        if code != 0 or not out.exists():
            last = (err.strip().splitlines() or ["?"])[-1]
            return f"failed: {last[:60]}"
        got = json.loads(out.read_text())
        return float(got["cpu"]), int(got["regions"])


def label_of(d: int, kind: str) -> str:
    if kind == "box":
        return f"box [-1,1]^{d}"
    if kind == "R":
        return f"R^{d}"
    return "8 lines through 0, " + ("box" if is_box(kind) else f"R^{d}")


def applicable(name: str, d: int, kind: str) -> bool:
    if name == "regioncam":
        return d == 2 and is_box(kind)
    return True


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small cases only")
    ap.add_argument("--repeats", type=int, default=3, help="best of this many runs (default 3)")
    ap.add_argument("--cap", type=float, default=150.0, help="wall seconds per peer and case (default 150)")
    ap.add_argument("--venv", type=Path, default=HERE / ".venv-peers", help="the peers' venv (setup_peers.sh)")
    ap.add_argument("--peers", default=",".join(PEERS), help="comma-separated subset of " + ",".join(PEERS))
    ap.add_argument("--only", default=None, help="run only the cases whose label contains this text")
    args = ap.parse_args(argv)
    python = args.venv / "bin" / "python"
    names = [p for p in args.peers.split(",") if p]
    if not python.exists():
        print(f"no peers venv at {args.venv}: run `bash bench/setup_peers.sh`; timing reluexact alone", file=sys.stderr)
        names = []
    cases = QUICK if args.quick else CASES
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; CPU seconds, best of {args.repeats}", end="")
    print("; ratio = peer / ours (above 1: reluexact faster)")
    head = ["case", "exact regions", "reluexact s", *[f"{p} s (regions)" for p in names], *[f"{p}/ours" for p in names]]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for d, n, kind in cases:
        label = f"{d} x {n}, " + label_of(d, kind)
        if args.only and args.only not in label:
            continue
        net = make_net(d, n, kind)
        mine = ours(net, kind, args.repeats, args.cap)
        if isinstance(mine, str):
            print(f"| {label} | ? | {mine} |", flush=True)
            continue
        t, count, method = mine
        cells = [label, f"{count:,}", f"{t:.3f} ({method})"]
        ratios = []
        spec = spec_of(net, kind)
        for name in names:
            if not applicable(name, d, kind):
                cells.append("-")
                ratios.append("-")
                continue
            got = peer(python, name, spec, args.repeats, args.cap)
            if isinstance(got, str):
                cells.append(got)
                ratios.append("-")
                continue
            pt, pc = got
            mark = "" if pc == count else " WRONG"
            cells.append(f"{pt:.3f} ({pc:,}{mark})")
            ratios.append(f"{pt / t:.2f}" if t > 0 else "-")
        print("| " + " | ".join(cells + ratios) + " |", flush=True)


if __name__ == "__main__":
    main()
