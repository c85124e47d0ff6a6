"""bench/bench_peers.py's ``run_capped``: a peer never outlives the bench, however the bench ends.

A bench-like parent (its own subprocess: the handlers it installs must not touch pytest) starts
a long-sleeping "peer" through the real ``run_capped``; the peer writes its pid and the pid of a
child it starts itself. The parent is then killed (SIGKILL, SIGTERM) or its cap passes, and the
peer (and, where a handler or the cap can act, the peer's own child) must be gone within seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# the peer: start a grandchild sleeper, write "peer_pid grandchild_pid", sleep
PEER = r"""
import os, subprocess, sys, time
kid = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(f"{os.getpid()} {kid.pid}")
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(300)
"""

# the bench-like parent: the real run_capped with the given cap; prints what it returned
PARENT = r"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location("bench_peers", sys.argv[1])
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
code, err = bench.run_capped([sys.executable, "-c", sys.argv[2], sys.argv[3]], float(sys.argv[4]))
print("returned", code, flush=True)
"""

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie (a zombie has exited; only its reaping is pending)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def _gone_within(pids: list[int], seconds: float) -> list[int]:
    """The pids still alive after waiting up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return []
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


def _start(tmp_path: Path, cap: float) -> tuple[subprocess.Popen[str], list[int]]:
    """The parent running the peer, and ``[peer pid, grandchild pid]`` once the peer runs."""
    pidfile = tmp_path / "pids"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(ROOT / "bench" / "bench_peers.py"), PEER, str(pidfile), str(cap)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not pidfile.exists():
        if parent.poll() is not None or time.monotonic() > deadline:
            parent.kill()
            out, err = parent.communicate()
            pytest.fail(f"the peer never started (parent exit {parent.returncode}):\n{out}\n{err[-2000:]}")
        time.sleep(0.05)
    return parent, [int(v) for v in pidfile.read_text().split()]


def _cleanup(pids: list[int]) -> None:
    for pid in pids:  # whatever the assertion said, leave nothing running
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


@linux_only
def test_sigkill_of_the_bench_kills_its_peer(tmp_path: Path) -> None:
    parent, (peer, grandchild) = _start(tmp_path, cap=300)
    try:
        os.kill(parent.pid, signal.SIGKILL)  # no handler runs: the kernel's death signal must act
        parent.communicate()
        assert parent.returncode == -signal.SIGKILL
        assert _gone_within([peer], 5) == [], "the peer outlived its SIGKILLed parent"
    finally:
        _cleanup([peer, grandchild])  # the grandchild: PR_SET_PDEATHSIG reaches the peer only


@linux_only
def test_sigterm_of_the_bench_kills_the_peer_and_what_it_started(tmp_path: Path) -> None:
    parent, pids = _start(tmp_path, cap=300)
    try:
        os.kill(parent.pid, signal.SIGTERM)
        out, _ = parent.communicate(timeout=30)
        assert parent.returncode == -signal.SIGTERM  # the handler re-raised it: the exit status says so
        assert "returned" not in out
        assert _gone_within(pids, 5) == [], "the peer's group outlived its SIGTERMed parent"
    finally:
        _cleanup(pids)


@linux_only
def test_the_cap_kills_the_peer_and_what_it_started(tmp_path: Path) -> None:
    parent, pids = _start(tmp_path, cap=3)
    try:
        out, err = parent.communicate(timeout=60)
        assert parent.returncode == 0, err[-2000:]
        assert "returned None" in out  # the cap passed: no exit code
        assert _gone_within(pids, 5) == [], "the peer's group outlived its cap"
    finally:
        _cleanup(pids)
