"""Benchmark: class cells on exact 2-D slices of real-sized classifiers (issue 11's slice targets).

Two cases, in one run, CPU seconds (``time.process_time``, BLAS limited to one thread):

* digits: scikit-learn's ``MLPClassifier(hidden_layer_sizes=(64,))`` trained on ``load_digits``
  (d = 64, n = 64, m = 10, ``random_state=0``), read losslessly by :mod:`reluexact.interop.sklearn`;
  the plane through three test samples (:func:`reluexact.answers.plane_through`), the slice
  (:func:`~reluexact.answers.slice_network`), its regions in the slice box and the class cells.
  Target: slice + regions + class cells under 2 s (training is not timed).
* d = 784: a random net with float32 weights (n = 256, m = 10, seeded), taken exactly; the plane
  through three random inputs in [0, 1]^784, sliced, enumerated and its class map computed.
  Target: under 10 s for slice + regions + class cells.

Nothing is asserted: the table is the result.

Usage::

    PYTHONPATH=. python bench/bench_slice_classes.py
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx  # noqa: E402, F401  (imported up front: its import time is not part of a run)
import numpy as np  # noqa: E402

from reluexact.answers import class_cells, plane_through, slice_box, slice_network  # noqa: E402
from reluexact.domain import Box  # noqa: E402
from reluexact.model import TwoLayerReLU  # noqa: E402
from reluexact.regions import regions  # noqa: E402


def exact_points(X: np.ndarray) -> list[list[Fraction]]:
    """Float samples taken exactly (each float is a dyadic rational)."""
    return [[Fraction(float(v)) for v in row] for row in X]


def digits_case() -> tuple[TwoLayerReLU, list[list[Fraction]]]:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier

    from reluexact.interop.sklearn import from_sklearn

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, _ = train_test_split(X / 16, y, test_size=0.25, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0).fit(X_train, y_train)
    return from_sklearn(model), exact_points(X_test[:3])


def random_case(d: int = 784, n: int = 256, m: int = 10, seed: int = 0) -> tuple[TwoLayerReLU, list[list[Fraction]]]:
    rng = np.random.default_rng(seed)
    W = (rng.standard_normal((n, d)) / np.sqrt(d)).astype(np.float32)
    b = (rng.standard_normal(n) * 0.1).astype(np.float32)
    A = rng.standard_normal((m, n)).astype(np.float32)
    c = (rng.standard_normal(m) * 0.1).astype(np.float32)
    net = TwoLayerReLU.from_float_arrays(W, b, A, c)  # each float32 value exactly, as a dyadic rational
    samples = rng.random((3, d)).astype(np.float32)
    return net, exact_points(samples)


def run(name: str, net: TwoLayerReLU, samples: list[list[Fraction]], target: float, *, wide: bool = False) -> None:
    t0 = time.process_time()
    origin, directions = plane_through(*samples)
    sliced = slice_network(net, origin, directions)
    box = slice_box(origin, directions, samples)
    if wide:  # t in [-5, 6]^2: the samples sit at (0, 0), (1, 0), (0, 1)
        box = Box([(Fraction(-5), Fraction(6))] * 2)
    t1 = time.process_time()
    result = regions(sliced, domain=box, progress=False)
    t2 = time.process_time()
    cells = class_cells(sliced, result=result)
    t3 = time.process_time()
    total = t3 - t0
    classes = sorted({c.label for c in cells.cells})
    print(
        f"{name:<28} {t1 - t0:>7.2f} {t2 - t1:>8.2f} {t3 - t2:>7.2f} {total:>7.2f}  {len(result):>7} "
        f"{len(cells.cells):>6} {len(cells.interfaces):>6}  {len(classes):>3}  < {target:g} s "
        f"{'ok' if total < target else 'MISSED'}"
    )


def main() -> None:
    print("exact slice + regions + class cells (CPU s)")
    print(
        f"{'case':<28} {'slice':>7} {'regions':>8} {'cells':>7} {'total':>7}  {'regions':>7} {'cells':>6} "
        f"{'ifaces':>6}  cls  target"
    )
    net, samples = digits_case()
    run("digits d=64 n=64 m=10", net, samples, 2.0)
    run("  same, t in [-5,6]^2", net, samples, 2.0, wide=True)
    net, samples = random_case()
    run("random f32 d=784 n=256 m=10", net, samples, 10.0)
    run("  same, t in [-5,6]^2", net, samples, 10.0, wide=True)


if __name__ == "__main__":
    main()
