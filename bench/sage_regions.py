"""Run SageMath's HyperplaneArrangement on an arrangement read from stdin (JSON); print JSON results.

Meant to run in its own venv with ``passagemath-polyhedra`` (see ``tests/oracles/``):

    .venv-oracle/bin/python bench/sage_regions.py < arrangement.json

Input: one document or a list of them (then a list is printed):
``{"d": d, "hyperplanes": [["b", "w1", ..., "wd"], ...], "box": [["lo", "hi"], ...] or null,
"regions": true|false}`` with rationals as "p/q" strings, meaning b + w . x = 0. Output:
``{"n_regions", "n_bounded_regions", "seconds_n_regions", "seconds_regions" (CPU seconds; when asked),
"sign_vectors" (when asked: per region, the sign of b + w . x at its relative-interior point)}``.
Rationals are built with ``QQ("p/q")``: ``Rational(1, 2)`` would mean "1" in base 2.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    doc = json.load(sys.stdin)
    docs = doc if isinstance(doc, list) else [doc]
    outs = [solve(one) for one in docs]
    print(json.dumps(outs if isinstance(doc, list) else outs[0]))
    return 0


def solve(doc: dict) -> dict:
    """Count (and optionally list) the regions of one arrangement."""
    try:
        from sage.all__sagemath_polyhedra import QQ, HyperplaneArrangements, Polyhedron
    except ImportError:
        from sage.all import QQ, HyperplaneArrangements, Polyhedron  # type: ignore[no-redef]
    d = int(doc["d"])
    names = tuple(f"x{j}" for j in range(d))
    H = HyperplaneArrangements(QQ, names)
    rows = [[QQ(v) for v in h] for h in doc["hyperplanes"]]
    box = doc.get("box")
    if box:
        # Sage counts regions of R^d; inside a box we add the box's hyperplanes and keep the regions
        # inside the box (those whose relative-interior point lies in the open box)
        for j, (lo, hi) in enumerate(box):
            e = [QQ(0)] * d
            e[j] = QQ(1)
            rows.append([-QQ(lo), *e])
            rows.append([-QQ(hi), *e])
    # drop coincident hyperplanes (an arrangement is a set), normalising by the first non-zero w entry
    unique = {}
    for r in rows:
        lead = next(v for v in r[1:] if v != 0)
        unique.setdefault(tuple(v / lead for v in r), r)
    rows = list(unique.values())
    A = H(rows) if rows else H()
    out = {}
    t = time.process_time()
    out["n_regions"] = int(A.n_regions())
    if not box:
        out["n_bounded_regions"] = int(A.n_bounded_regions())
    out["seconds_n_regions"] = time.process_time() - t
    if doc.get("regions", False) or box:
        t = time.process_time()
        regs = A.regions()
        out["seconds_regions"] = time.process_time() - t
        out["n_regions_listed"] = len(regs)
        signs = []
        for P in regs:
            pt = P.representative_point()
            if box and not all(QQ(lo) < pt[j] < QQ(hi) for j, (lo, hi) in enumerate(box)):
                continue
            s = []
            for h in doc["hyperplanes"]:
                v = QQ(h[0]) + sum(QQ(h[j + 1]) * pt[j] for j in range(d))
                s.append(1 if v > 0 else (-1 if v < 0 else 0))
            signs.append(s)
        if box:
            out["n_regions"] = len(signs)
        out["sign_vectors"] = signs
        del Polyhedron
    return out


if __name__ == "__main__":
    sys.exit(main())
