"""SageMath's HyperplaneArrangement (passagemath, own venv, subprocess) agreeing on degenerate arrangements.

Runs when the oracle venv exists: ``$RELUEXACT_ORACLE_PYTHON`` or ``<repo>/.venv-oracle/bin/python``
(``scripts/test.sh`` builds it with ``pip install passagemath-polyhedra``); skipped otherwise.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
from pathlib import Path

import pytest

from reluexact.rational import format_fraction
from reluexact.regions import n_bounded_regions, regions
from tests.regions.oracles import random_degenerate_net

ROOT = Path(__file__).resolve().parents[2]
ORACLE = Path(os.environ.get("RELUEXACT_ORACLE_PYTHON", ROOT / ".venv-oracle" / "bin" / "python"))

# A missing oracle venv skips with the reason; under CI=true the root conftest turns any skip into a failure.
pytestmark = pytest.mark.skipif(
    not ORACLE.exists(),
    reason=f"SageMath oracle venv not found at {ORACLE} (scripts/test.sh builds it: pip install passagemath-polyhedra)"[
        :200
    ],
)


def _hyperplanes(net):
    """Units with w != 0 as Sage rows [b, w1..wd] (coincident ones included: Sage's side dedupes)."""
    keep = [i for i in range(net.n_hidden) if any(net.hidden_weights[i])]
    rows = [[format_fraction(net.hidden_bias[i]), *map(format_fraction, net.hidden_weights[i])] for i in keep]
    return keep, rows


def _sage(docs):
    proc = subprocess.run(
        [str(ORACLE), str(ROOT / "bench" / "sage_regions.py")],
        input=json.dumps(docs),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


CASES = [(2, 12, s) for s in range(4)] + [(3, 9, s) for s in range(3)] + [(4, 7, s) for s in range(2)]


def test_sage_agrees_on_random_degenerate_arrangements():
    nets, docs, boxes = [], [], []
    for d, n, seed in CASES:
        net = random_degenerate_net(d, n, 1000 * d + seed, coeff=3)
        keep, rows = _hyperplanes(net)
        if not rows:
            continue
        box = [["-1", "3/2"]] * d if seed % 2 and d <= 3 else None
        nets.append((net, keep))
        boxes.append(box)
        docs.append({"d": d, "hyperplanes": rows, "box": box, "regions": d <= 3})
    answers = _sage(docs)
    general = 0
    for (net, keep), box, doc, ans in zip(nets, boxes, docs, answers, strict=True):
        res = regions(net, domain=None if box is None else [tuple(p) for p in box])
        assert len(res) == ans["n_regions"]
        if box is None:
            assert n_bounded_regions(res) == ans["n_bounded_regions"]
        if "sign_vectors" in ans:
            ours = {tuple(1 if r.pattern[i] == "1" else -1 for i in keep) for r in res}
            assert ours == {tuple(s) for s in ans["sign_vectors"]}
        d = net.input_dim
        if len(res) < sum(math.comb(len(doc["hyperplanes"]), k) for k in range(d + 1)):
            general += 1
    assert general >= 3  # the cases really are degenerate (fewer regions than general position)
