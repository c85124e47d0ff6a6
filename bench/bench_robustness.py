"""Exact l-inf robustness radii of digits test samples vs the usual float big-M MILP (HiGHS).

An MLPClassifier (d = 64, n = 64 hidden units, m = 10 classes, fixed seed) is trained on the
first 1500 digits scaled to [0, 1]; for each test sample the exact radius within the box
[0, 1]^64 (:func:`reluexact.answers.robustness.robustness`, ``--method``: auto = branch and
bound at d = 64) and the float MILP's (:func:`~reluexact.answers.robustness.float_milp_radius`)
are timed side by side in CPU seconds (``time.process_time``; HiGHS runs single-threaded here).
The MILP gets the same advantage as the branch and bound: its big-M constants come from the
interval bounds over ``B_inf(x0, U) cap [0, 1]^64`` with U from the same float attack
(:func:`~reluexact.answers.robustness.attack_radius`, whose time is counted in the MILP's), and
its relative gap is 1e-7 (``--milp-gap``; HiGHS's default 1e-4 would allow answers that far off).
``--milp-domain`` gives it the big-M constants of the whole box instead. Prints both medians,
their ratio, the nodes (relaxation LPs) examined, and every disagreement (relative difference
above 1e-6, or one side finding no change). ``--check`` re-verifies every certificate with the
independent checker (not timed). Run from the repository root:

    python bench/bench_robustness.py            # 100 samples
    python bench/bench_robustness.py --samples 10 --hidden 16
    python bench/bench_robustness.py --time-limit 60   # cap each exact search (partial: an interval)

A search stopped by ``--time-limit`` reports its exact interval [lower, upper]; it agrees when
the float MILP's radius lies in it (within 1e-6), and the table counts how many hit the limit.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from fractions import Fraction


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--first", type=int, default=1500, help="index of the first test sample (default 1500)")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per exact search (partial beyond)")
    parser.add_argument("--no-milp", action="store_true", help="skip the float MILP (exact times only)")
    parser.add_argument("--milp-domain", action="store_true", help="MILP big-M from the whole box (no attack)")
    parser.add_argument("--milp-gap", type=float, default=1e-7, help="the MILP's relative gap (default 1e-7)")
    parser.add_argument("--method", default="auto", choices=["auto", "regions", "branch"])
    parser.add_argument("--check", action="store_true", help="re-verify every certificate (not timed)")
    args = parser.parse_args()

    from sklearn.datasets import load_digits
    from sklearn.neural_network import MLPClassifier

    from reluexact.answers.robustness import attack_radius, float_milp_radius, robustness, robustness_document
    from reluexact.check import check_certificate
    from reluexact.interop.sklearn import from_sklearn

    X, y = load_digits(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = MLPClassifier(hidden_layer_sizes=(args.hidden,), random_state=args.seed, max_iter=300)
        clf.fit(X[:1500] / 16, y[:1500])
    net = from_sklearn(clf)
    box = [(0, 1)] * 64
    print(f"digits MLP d=64 n={args.hidden} m=10, test accuracy {clf.score(X[1500:] / 16, y[1500:]):.3f}")
    print("CPU seconds (time.process_time) per sample; nodes = relaxation LPs (regions method: regions)")
    print("sample  exact_s   milp_s    nodes    radius        milp_radius   agree")
    exact_times, milp_times, counts, disagreements = [], [], [], []
    partial = 0
    methods = set()
    for s in range(args.first, args.first + args.samples):
        x0 = [Fraction(int(v), 16) for v in X[s]]
        t = time.process_time()
        result = robustness(net, x0, "inf", box, time_limit=args.time_limit, method=args.method)
        exact_times.append(time.process_time() - t)
        methods.add(result.method)
        print(f"{s:<7} {exact_times[-1]:<9.3f} ", end="", flush=True)
        t = time.process_time()
        milp = None
        if not args.no_milp:
            ball = None if args.milp_domain else attack_radius(net, x0, "inf", box)
            ball = None if ball is None else ball * (1 + 1e-6) + 1e-12
            milp = float_milp_radius(net, x0, "inf", box, ball=ball, gap=args.milp_gap)[0]
        milp_times.append(time.process_time() - t)
        counts.append(result.nodes_examined)
        if args.check:
            check_certificate(robustness_document(net, [result]))
        if result.partial:
            partial += 1
            low = float(result.lower or 0)
            high = None if result.upper is None else float(result.upper)
            shown = f"[{low:.6g},{'?' if high is None else f'{high:.6g}'}]"
            agree = milp is not None and low - 1e-6 <= milp and (high is None or milp <= high + 1e-6)
        else:
            exact = None if result.radius is None else float(result.radius)
            shown = "none" if exact is None else f"{exact:.8g}"
            agree = (exact is None and milp is None) or (
                exact is not None and milp is not None and abs(exact - milp) <= 1e-6 * max(1.0, exact)
            )
        if args.no_milp:
            agree = True
        if not agree:
            disagreements.append((s, shown, milp))
        print(
            f"{milp_times[-1]:<9.3f} {result.nodes_examined:<8} "
            f"{shown:<13} {milp if milp is not None else 'none':<13.8} {agree}",
            flush=True,
        )
    me, mm = statistics.median(exact_times), statistics.median(milp_times)
    ratio = "-" if args.no_milp else f"{me / mm:.2f}"
    print(f"median exact {me:.3f} s, median float MILP {mm:.3f} s, ratio {ratio} (target <= 10)")
    if args.time_limit is not None:
        print(f"stopped by the time limit ({args.time_limit:g} s): {partial} of {len(exact_times)}")
    print(f"method: {', '.join(sorted(methods))}; certificates checked: {'yes' if args.check else 'no'}")
    print(f"nodes examined: median {statistics.median(counts)}, max {max(counts)}, total {sum(counts)}")
    print(f"disagreements: {len(disagreements)}")
    for s, exact, milp in disagreements:
        print(f"  sample {s}: exact {exact}, float MILP {milp}")


if __name__ == "__main__":
    main()
