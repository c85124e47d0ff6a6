"""Time ``evaluate_exact_batch`` on the exact interpolation network of sklearn's digits.

The network is ``reluexact.construct.interpolate()`` through the first N of the 1,797
``load_digits`` images (d = 64, integer pixels 0..16, labels as values); its output weights
have a common denominator of tens of thousands of bits. The values at the N images are
checked to be the labels exactly.

Usage::

    python bench/bench_eval_digits.py             # all 1797 images
    python bench/bench_eval_digits.py --points 400
"""

from __future__ import annotations

import argparse
import math
import time

from reluexact.construct import interpolate
from reluexact.model import evaluate_exact_batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1797, help="N images (default all 1797)")
    args = parser.parse_args()
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    points = X[: args.points].astype(int).tolist()
    labels = y[: args.points].astype(int).tolist()
    start = time.perf_counter()
    net = interpolate(points, labels).network
    built = time.perf_counter() - start
    bits = math.lcm(*[v.denominator for row in net.A for v in row]).bit_length()
    start = time.perf_counter()
    values = evaluate_exact_batch(net, points)
    seconds = time.perf_counter() - start
    exact = values == [(v,) for v in labels]
    print(f"N = {args.points}, n = {net.n_hidden}, lcm of A's denominators: {bits} bits")
    print(f"interpolate: {built:.2f} s; evaluate_exact_batch: {seconds:.2f} s; values == labels exactly: {exact}")


if __name__ == "__main__":
    main()
