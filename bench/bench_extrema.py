"""Benchmark: exact extrema and Lipschitz constants by branch and bound vs enumerating every region.

Two problems from issue 12, on seeded nets with dyadic weights (the exact values of rounded
float32-like trained weights, N(0, 1) rounded to 1/64):

* the maximum of f over [-1, 1]^4 for a 4 x 32 net: ``reluexact.answers.extrema.maximize`` vs
  enumerating every region (``reluexact.regions.regions``) and solving one exact LP in each
  (``reluexact.lp.maximize``); reported: cells examined as a fraction of the regions, both times,
  agreement, and the time of the independent certificate check;
* the exact Lipschitz constant (norm inf) of a 3 x 32 net on [-1, 1]^3 and on R^3:
  ``reluexact.answers.lipschitz.lipschitz`` vs enumerating the regions (whose exact affine maps the
  enumeration returns) and taking the largest gradient norm.

Usage::

    PYTHONPATH=. python bench/bench_extrema.py            # 3 seeds
    PYTHONPATH=. python bench/bench_extrema.py --seeds 1  # one seed

Timings are CPU seconds of this process (``time.process_time``, BLAS limited to one thread), so
that other load on a shared machine distorts the ratios less.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from reluexact import lp  # noqa: E402
from reluexact.answers.extrema import extremum_document, maximize  # noqa: E402
from reluexact.answers.lipschitz import lipschitz, lipschitz_document  # noqa: E402
from reluexact.check import check_certificate  # noqa: E402
from reluexact.domain import as_domain, halfspaces  # noqa: E402
from reluexact.model import TwoLayerReLU  # noqa: E402
from reluexact.regions import regions  # noqa: E402


def network(d: int, n: int, seed: int) -> TwoLayerReLU:
    rng = np.random.default_rng(seed)
    W = np.round(rng.normal(size=(n, d)) * 64) / 64
    b = np.round(rng.normal(size=n) * 64) / 64
    A = np.round(rng.normal(size=(1, n)) * 64) / 64
    return TwoLayerReLU.from_float_arrays(W, b, A, np.zeros(1))


def timed(call):  # type: ignore[no-untyped-def]
    start = time.process_time()
    value = call()
    return value, time.process_time() - start


def maximum_by_enumeration(net: TwoLayerReLU, box: str) -> tuple[Fraction, int]:
    dom = as_domain(box, net.input_dim)
    sides = halfspaces(dom)
    best: Fraction | None = None
    found = regions(net, domain=dom)
    for region in found:
        rows = [list(h.normal) for h in sides]
        offsets: list[Fraction | int] = [h.offset for h in sides]
        for i, s in enumerate(region.pattern):
            sign = 1 if s == "1" else -1
            rows.append([sign * w for w in net.W[i]])
            offsets.append(sign * net.b[i])
        result = lp.maximize(list(region.affine_map.gradient[0]), rows, offsets)
        assert result.value is not None
        value = result.value + region.affine_map.offset[0]
        best = value if best is None or value > best else best
    assert best is not None
    return best, len(found)


def maximum_by_float_milp(net: TwoLayerReLU, box: str) -> float | None:
    """The usual float answer: a big-M MILP (scipy's HiGHS), bounds from interval arithmetic on the box.

    Variables (x, h, delta): h_i >= w_i . x + b_i, h_i >= 0, h_i <= w_i . x + b_i - l_i (1 - delta_i),
    h_i <= u_i delta_i, delta_i binary; maximise a . h + c. None when scipy is missing.
    """
    try:
        from scipy.optimize import Bounds, LinearConstraint, milp
    except ImportError:  # pragma: no cover - the [scipy] extra
        return None
    W, b, A, c = net.float_arrays
    n, d = W.shape[0], W.shape[1]
    lows = np.array([float(lo) for lo, _ in as_domain(box, d).bounds])
    highs = np.array([float(hi) for _, hi in as_domain(box, d).bounds])
    centre, radius = (lows + highs) / 2, (highs - lows) / 2
    lower = W @ centre + b - np.abs(W) @ radius
    upper = W @ centre + b + np.abs(W) @ radius
    rows, lo_rhs, hi_rhs = [], [], []
    for i in range(n):
        h, delta = np.zeros(n), np.zeros(n)
        h[i] = 1.0
        rows.append(np.concatenate([-W[i], h, np.zeros(n)]))  # h - w.x >= b
        lo_rhs.append(b[i])
        hi_rhs.append(np.inf)
        delta[i] = -lower[i]
        rows.append(np.concatenate([-W[i], h, delta]))  # h - w.x - l delta <= b - l
        lo_rhs.append(-np.inf)
        hi_rhs.append(b[i] - lower[i])
        delta = np.zeros(n)
        delta[i] = -max(upper[i], 0.0)
        rows.append(np.concatenate([np.zeros(d), h, delta]))  # h - u delta <= 0
        lo_rhs.append(-np.inf)
        hi_rhs.append(0.0)
    objective = np.concatenate([np.zeros(d), -A[0], np.zeros(n)])
    integrality = np.concatenate([np.zeros(d + n), np.ones(n)])
    bounds = Bounds(
        np.concatenate([lows, np.zeros(n), np.zeros(n)]), np.concatenate([highs, np.full(n, np.inf), np.ones(n)])
    )
    result = milp(
        objective, constraints=LinearConstraint(np.array(rows), lo_rhs, hi_rhs), integrality=integrality, bounds=bounds
    )
    return None if result.x is None else float(-result.fun + c[0])


def lipschitz_by_enumeration(net: TwoLayerReLU, box: str | None) -> tuple[Fraction, int]:
    found = regions(net, domain=box)
    return max(sum((abs(g) for g in r.affine_map.gradient[0]), Fraction(0)) for r in found), len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    print("max over [-1,1]^4 of a 4 x 32 net: branch and bound vs every region + one exact LP each")
    print(
        "seed  regions  cells examined  fraction  ours s  enumerate+LP s  ratio  check s  agree  "
        "float MILP s  MILP agrees"
    )
    for seed in range(args.seeds):
        net = network(4, 32, seed)
        ours, t_ours = timed(lambda net=net: maximize(net, "-1,1"))
        (expected, count), t_enum = timed(lambda net=net: maximum_by_enumeration(net, "-1,1"))
        _, t_check = timed(lambda ours=ours: check_certificate(extremum_document(ours)))
        floated, t_milp = timed(lambda net=net: maximum_by_float_milp(net, "-1,1"))
        milp_agrees = "-" if floated is None else str(abs(floated - float(ours.value)) <= 1e-6 * (1 + abs(floated)))
        print(
            f"{seed:<5} {count:<8} {ours.nodes:<15} {ours.nodes / count:<9.3f} {t_ours:<7.2f} {t_enum:<15.2f} "
            f"{t_enum / t_ours:<6.2f} {t_check:<8.2f} {ours.value == expected!s:<6} {t_milp:<13.3f} {milp_agrees}"
        )
    print()
    print("exact Lipschitz constant (norm inf) of a 3 x 32 net: branch and bound vs enumerating the regions")
    print("seed  domain     regions  cells examined  ours s  enumerate s  ratio  check s  agree")
    for seed in range(args.seeds):
        net = network(3, 32, 100 + seed)
        for box in ("-1,1", None):
            ours, t_ours = timed(lambda net=net, box=box: lipschitz(net, box, norm="inf"))
            (expected, count), t_enum = timed(lambda net=net, box=box: lipschitz_by_enumeration(net, box))
            _, t_check = timed(lambda ours=ours: check_certificate(lipschitz_document(ours)))
            name = "[-1,1]^3" if box else "R^3"
            print(
                f"{seed:<5} {name:<10} {count:<8} {ours.nodes:<15} {t_ours:<7.2f} {t_enum:<12.2f} "
                f"{t_enum / t_ours:<6.2f} {t_check:<8.2f} {ours.value == expected}"
            )


if __name__ == "__main__":
    main()
