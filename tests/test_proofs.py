"""Run every standalone proof script in proofs/ and require exit status 0.

Generic: it globs the folder, so every engineer's ``proofs/*.py`` is run. Each script
prints what it verified and exits non-zero when a claim fails.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROOFS = Path(__file__).resolve().parent.parent / "proofs"
SCRIPTS = sorted(PROOFS.glob("*.py"))


def test_proofs_folder_has_scripts():
    assert SCRIPTS, f"no proof scripts found in {PROOFS}"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_proof_script_exits_zero(script):
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{script.name} failed:\n{result.stdout}\n{result.stderr}"
    assert result.stdout.strip(), f"{script.name} printed nothing; a proof script must say what it verified"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_proof_script_states_its_theorem(script):
    text = script.read_text()
    docstring = text.split('"""')[1] if '"""' in text else ""
    assert "Theorem" in docstring or "theorem" in docstring, f"{script.name}: docstring must state the theorem"
    assert "$" in docstring, f"{script.name}: docstring must state the theorem in LaTeX too"
