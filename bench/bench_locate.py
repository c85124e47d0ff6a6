"""Measure per-sample analysis (reluexact.regions.locate), the half-space order and ridge sums.

Run:  PYTHONPATH=. python bench/bench_locate.py [--quick]

Prints one table per experiment; the numbers in docs/dd.md come from this script.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
import warnings

import numpy as np

from reluexact.construct import ridge_error_table
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.order import chain_decomposition, half_space_order
from reluexact.regions import locate, region_containing_point


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def mnist_sized(n_points: int, n_facets: int) -> None:
    rng = np.random.default_rng(0)
    n, d, m = 256, 784, 10
    net, t_net = _timed(
        lambda: TwoLayerReLU.from_float_arrays(
            rng.normal(size=(n, d)) / 28, rng.normal(size=n) / 10, rng.normal(size=(m, n)) / 16, rng.normal(size=m)
        )
    )
    X = rng.random((n_points, d))  # float64 pixels in [0, 1), rationalised losslessly
    result, t_locate = _timed(lambda: locate(net, X))
    region = result.regions[0]
    _, t_grad = _timed(lambda: region.gradient)
    facets = []
    times = []
    for k in range(n_facets):
        f, t = _timed(lambda k=k: region_containing_point(net, X[k]))
        facets.append(f)
        times.append(t)
    t_first = times[0] if times else 0.0
    t_rest = sum(times[1:]) / max(len(times) - 1, 1)
    print(f"## n = {n}, d = {d}, m = {m} (random float64 weights, lossless rationals)")
    print("| step | time |")
    print("|---|---|")
    print(f"| build exact network | {t_net:.2f} s |")
    print(
        f"| locate {n_points} points (patterns, distances, visited graph) | {t_locate:.2f} s "
        f"({n_points / t_locate:.0f} points/s) |"
    )
    print(f"| exact gradient of one region ({m} x {d}) | {t_grad:.2f} s |")
    print(f"| facets of the first region (builds the cached ray-test products) | {t_first:.2f} s |")
    print(f"| facets of each further region (mean of {n_facets - 1}) | {t_rest:.2f} s |")
    certs = {g.certificate for f in facets for g in f.facets}
    print(
        f"facets per region: {[len(f.facets) for f in facets]}, certificates {sorted(certs)}, "
        f"all certified: {all(f.facets_complete for f in facets)}"
    )
    print(
        f"visited regions: {len(result.regions)}, boundary points: "
        f"{sum(p.status == 'boundary' for p in result.points)}, graph edges: {result.graph.number_of_edges()}"
    )
    print()


def digits(hidden: int, n_facets: int) -> None:
    from sklearn.datasets import load_digits
    from sklearn.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    clf = MLPClassifier(hidden_layer_sizes=(hidden,), max_iter=300, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X, y)
    net = TwoLayerReLU.from_float_arrays(clf.coefs_[0].T, clf.intercepts_[0], clf.coefs_[1].T, clf.intercepts_[1])
    result, t_locate = _timed(lambda: locate(net, X))
    interior = [p for p in result.points if p.status == "interior"]
    dists = sorted(p.distance_float for p in interior)
    k = min(20, len(interior))
    ok = all(
        tuple(
            sum((g * v for g, v in zip(row, p.point, strict=True)), o)
            for row, o in zip(result.regions[p.region].gradient, result.regions[p.region].offset, strict=True)
        )
        == evaluate(net, p.point)
        for p in interior[:k]
    )
    facet_stats = []
    t_fac = 0.0
    for r in result.regions[:n_facets]:
        f, t = _timed(lambda r=r: region_containing_point(net, r.point))
        t_fac += t
        facet_stats.append(f)
    print(f"## sklearn load_digits (d = 64), MLPClassifier({hidden},) train accuracy {clf.score(X, y):.3f}")
    print(
        f"locate all {len(X)} points: {t_locate:.2f} s; visited regions {len(result.regions)}; "
        f"on a boundary {len(result.points) - len(interior)}; visited-graph edges {result.graph.number_of_edges()}"
    )
    print(
        f"distance to nearest boundary: min {dists[0]:.3g}, median {statistics.median(dists):.3g}, max {dists[-1]:.3g}"
    )
    print(f"affine map == exact evaluation at the first {k} points: {ok}")
    for f in facet_stats:
        print(
            f"  facets {len(f.facets)} (ray {[g.certificate for g in f.facets].count('ray')}, "
            f"lp {[g.certificate for g in f.facets].count('lp')}), "
            f"redundant certified {len(f.redundant)}, redundant (float LP only) {len(f.redundant_float)}, "
            f"undecided {len(f.undecided)}"
        )
    print(f"facets of {len(facet_stats)} regions: {t_fac:.2f} s")
    print()


def interpolation_digits() -> None:
    from sklearn.datasets import load_digits

    from reluexact.construct import interpolate

    X, y = load_digits(return_X_y=True)
    result, t = _timed(lambda: interpolate(X.astype(int).tolist(), y.tolist()))
    print(f"## exact interpolation of all {len(X)} load_digits images (d = 64) by their labels")
    print(
        f"{t:.2f} s, {result.network.n_hidden} units, direction u(k) with k = {result.direction_search}, "
        "verified exactly at every image"
    )
    print()


def order_timing() -> None:
    print("## half-space order (exact)")
    print("| d | n | domain | time | edges | chains |")
    print("|---|---|---|---|---|---|")
    rng = np.random.default_rng(1)
    for d, n, kind in ((2, 32, "box"), (2, 64, "box"), (4, 32, "box"), (2, 32, "polytope"), (8, 64, "R^d")):
        W = rng.integers(-5, 6, size=(n, d)).tolist()
        b = rng.integers(-5, 6, size=n).tolist()
        net = TwoLayerReLU(W, b, [[1] * n], [0])
        if kind == "box":
            domain = [(-1, 1)] * d
        elif kind == "polytope":
            domain = ([[1, 0], [0, 1], [-1, -1]], [1, 1, 1])
        else:
            domain = None
        order, t = _timed(lambda net=net, domain=domain: half_space_order(net, domain=domain))
        print(f"| {d} | {n} | {kind} | {t:.2f} s | {order.number_of_edges()} | {len(chain_decomposition(order))} |")
    print()


def ridge() -> None:
    print("## ridge sums: sup error on a 33 x 33 grid (exact least squares on the fit grid)")
    for name, target, box in (
        ("x*y on [0,1]^2", lambda x: x[0] * x[1], "0,1;0,1"),
        ("exp(-|x|^2) on [-1,1]^2", lambda x: math.exp(-(float(x[0]) ** 2 + float(x[1]) ** 2)), "-1,1;-1,1"),
    ):
        rows, t = _timed(
            lambda target=target, box=box: ridge_error_table(
                target, box, direction_counts=(1, 2, 3, 4, 6), knot_counts=(2, 4, 8, 16), grid=33, evaluation_grid=33
            )
        )
        print(f"### {name} ({t:.1f} s)")
        counts = sorted({r.n_knots for r in rows})
        print("| directions | " + " | ".join(f"z = {z}" for z in counts) + " |")
        print("|---|" + "---|" * len(counts))
        for k in sorted({r.n_directions for r in rows}):
            cells = [f"{r.sup_error:.2e} ({r.n_units})" for r in rows if r.n_directions == k]
            print(f"| {k} | " + " | ".join(cells) + " |")
        print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    mnist_sized(100 if args.quick else 1000, 3 if args.quick else 10)
    digits(32 if args.quick else 64, 3 if args.quick else 5)
    order_timing()
    interpolation_digits()
    if not args.quick:
        ridge()


if __name__ == "__main__":
    main()
