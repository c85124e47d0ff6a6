"""1-D training-solution experiments: train, decode exactly, compare with the constructive solution.

For a target on an interval [alpha, beta] and each width n, a run

1. trains f(x) = A relu(W x + b) + c by back-propagation (:mod:`reluexact.train`) and takes
   the trained floats at their exact binary values (the exact network *is* the trained one);
2. decodes it exactly on [alpha, beta] (:func:`reluexact.oned.decoding.decode`): units that shape
   f (knot strictly inside), dead units, affine-acting units; right- and left-facing shaping
   units; *two-sided pairs* (shaping units facing opposite ways whose knots lie within
   ``pair_tolerance * (beta - alpha)`` of each other, matched greedily closest first); units
   sharing one exact knot; the break points (knots with non-zero merged slope jump);
3. checks the decoding identity exactly (``decode`` does, and this module re-checks it
   independently): on [alpha, beta],
   f(x) = p(x) + sum_j J_j relu(x - t_j), with p the affine function of the leftmost piece,
   t_j the break points and J_j their jumps. Both sides are affine between consecutive
   candidate points (domain ends, every unit knot inside, midpoints), so exact equality
   there proves the identity on the whole domain;
4. builds the constructive one-sided solution (theory: S = sum_j lambda_j relu(x - x_j) with
   an auxiliary knot x_{-1}) on a uniform mesh with (a) as many interior knots as the trained
   net has break points and (b) the same width n, and checks exactly that it interpolates the
   target values it was built from;
5. measures sup |target - f| on a fine float grid (plus every knot) for the trained net and
   for both constructions (float, named so);
6. follows the knots through the weight snapshots: break points inside the domain, units
   entering and leaving the domain, and how far the knots move.

For a piecewise-linear target with rational kinks the exact solution exists; the run also
builds it (the one-sided interpolant at the kinks, proven equal to the target exactly), gives
its minimal width (:func:`reluexact.oned.minimal_width`) and measures how close training came:
each kink's distance to the nearest trained break point.

Exactness: items 2-4 and the exact solution are exact rational computations; training and the
sup errors are float64 and labelled as such in the JSON (``*_float``).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from reluexact.errors import InvalidArgument
from reluexact.experiments._output import (
    ExperimentResult,
    finish_experiment,
    new_figure,
    prepare_outdir,
    save_figure,
)
from reluexact.interop.json_results import exact_network_to_json
from reluexact.model import TwoLayerReLU, evaluate, evaluate_float
from reluexact.rational import format_fraction, to_fraction
from reluexact.train import Target, TrainingResult, sample_target, train_network

__all__ = [
    "ONED_TARGETS",
    "OneDSettings",
    "OneDTarget",
    "analyse_oned_run",
    "run_oned_experiment",
]


@dataclass(frozen=True, slots=True)
class OneDTarget:
    """A 1-D target of the experiments.

    Attributes
    ----------
    slug : str
        Short name used in file names (``sin``, ``square``...).
    expression : str
        sympy text in the variable x.
    domain : (lo, hi)
        The interval, as :func:`reluexact.train.sample_target` reads it (``"2*pi"`` allowed).
    title : str
        Plain-text title for reports.
    kinks : tuple of str
        For a piecewise-linear target: its kinks, exact rationals (empty otherwise).
    """

    slug: str
    expression: str
    domain: tuple[Any, Any]
    title: str
    kinks: tuple[str, ...] = ()


#: The experiments' 1-D targets, by slug.
ONED_TARGETS: dict[str, OneDTarget] = {
    t.slug: t
    for t in (
        OneDTarget("sin", "sin(x)", (0, "2*pi"), "sin(x) on [0, 2 pi]"),
        OneDTarget("square", "x**2", (-1, 1), "x^2 on [-1, 1]"),
        OneDTarget("abs", "Abs(x)", (-1, 1), "|x| on [-1, 1]", kinks=("0",)),
        OneDTarget(
            "kinked",
            "Max(0, x + 1/2) - 2*Max(0, x - 1/4) + 2*Max(0, x - 3/4)",
            (-1, 1),
            "kinked piecewise-linear target on [-1, 1] (kinks -1/2, 1/4, 3/4)",
            kinks=("-1/2", "1/4", "3/4"),
        ),
        OneDTarget("bump", "exp(-8*x**2)", (-1, 1), "Gaussian bump exp(-8 x^2) on [-1, 1]"),
    )
}


@dataclass(frozen=True, slots=True)
class OneDSettings:
    """Settings of a 1-D experiment (defaults: the full runs of ``docs/experiments.md``).

    Examples
    --------
    >>> OneDSettings.fast().widths
    (4, 8)
    """

    widths: tuple[int, ...] = (4, 8, 16, 32, 64)
    epochs: int = 5000
    n_samples: int = 200
    learning_rate: float = 1e-2
    optimizer: str = "adam"
    batch_size: int | None = None
    init: str = "uniform"
    seed: int = 0
    backend: str = "numpy"
    n_snapshots: int = 6
    error_grid: int = 4001
    pair_tolerance: Fraction = field(default=Fraction(1, 50))

    def __post_init__(self) -> None:
        if not self.widths or any(isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in self.widths):
            raise InvalidArgument(f"widths must be positive integers, got {self.widths!r}")
        if self.n_snapshots < 2:
            raise InvalidArgument(f"n_snapshots must be >= 2 (first and last epoch), got {self.n_snapshots}")
        if self.error_grid < 2:
            raise InvalidArgument(f"error_grid must be >= 2, got {self.error_grid}")
        tolerance = to_fraction(self.pair_tolerance, where="pair_tolerance", allow_float=True)
        if not 0 <= tolerance < 1:
            raise InvalidArgument(f"pair_tolerance must be in [0, 1), got {self.pair_tolerance!r}")
        object.__setattr__(self, "pair_tolerance", tolerance)
        object.__setattr__(self, "widths", tuple(int(w) for w in self.widths))

    @classmethod
    def fast(cls, **overrides: Any) -> OneDSettings:
        """The reduced setting for tests and ``--fast``: widths 4 and 8, 300 epochs, 50 samples.

        Examples
        --------
        >>> fast = OneDSettings.fast(backend="numpy")
        >>> fast.widths, fast.epochs, fast.n_samples, fast.backend
        ((4, 8), 300, 50, 'numpy')
        """
        options: dict[str, Any] = {
            "widths": (4, 8),
            "epochs": 300,
            "n_samples": 50,
            "n_snapshots": 3,
            "error_grid": 401,
        }
        options.update(overrides)
        return cls(**options)

    def snapshot_epochs(self) -> tuple[int, ...]:
        """Evenly spaced epochs from 0 to ``epochs`` (``n_snapshots`` of them, deduplicated).

        Examples
        --------
        >>> OneDSettings().snapshot_epochs()
        (0, 1000, 2000, 3000, 4000, 5000)
        """
        return tuple(sorted({round(k * self.epochs / (self.n_snapshots - 1)) for k in range(self.n_snapshots)}))


# --------------------------------------------------------------------------------------
# exact pieces
# --------------------------------------------------------------------------------------


def _settings_json(settings: OneDSettings) -> dict[str, Any]:
    """The settings as the experiment's JSON file records them."""
    return {
        "widths": list(settings.widths),
        "epochs": settings.epochs,
        "n_samples": settings.n_samples,
        "sampling": "grid",
        "learning_rate": settings.learning_rate,
        "optimizer": settings.optimizer,
        "batch_size": settings.batch_size,
        "init": settings.init,
        "seed": settings.seed,
        "backend": settings.backend,
        "snapshot_epochs": list(settings.snapshot_epochs()),
        "error_grid_points": settings.error_grid,
        "pair_tolerance_relative": format_fraction(settings.pair_tolerance),
    }


def _construct(target: Target, alpha: Fraction, beta: Fraction, n_knots: int, placement: str) -> Any:
    from reluexact.oned.construction import construct

    return construct(target.expression, (alpha, beta), n_knots, placement=placement, grid_points=401)


def _knot(w: Fraction, b: Fraction) -> Fraction | None:
    return None if w == 0 else -b / w


def _decode(net: TwoLayerReLU, alpha: Fraction, beta: Fraction, pair_tolerance: Fraction) -> dict[str, Any]:
    from reluexact.oned import AFFINE_ACTING, DEAD, SHAPING, ZERO_OUTPUT
    from reluexact.oned.decoding import decode

    decoding = decode(net, domain=(alpha, beta))  # raises CertificationError if its identity fails
    roles = [unit.role for unit in decoding.units]
    shaping = [i for i, r in enumerate(roles) if r == SHAPING]
    knots = {i: _knot(net.W[i][0], net.b[i]) for i in range(net.n_hidden)}
    right = [i for i in shaping if net.W[i][0] > 0]
    left = [i for i in shaping if net.W[i][0] < 0]
    # two-sided pairs: opposite orientations, knots within the tolerance, greedy closest first
    limit = pair_tolerance * (beta - alpha)
    candidates = sorted(
        (abs(knots[i] - knots[j]), i, j)  # type: ignore[operator]
        for i in right
        for j in left
        if abs(knots[i] - knots[j]) <= limit  # type: ignore[operator]
    )
    used: set[int] = set()
    pairs = []
    for distance, i, j in candidates:
        if i not in used and j not in used:
            used.update((i, j))
            pairs.append({"right_unit": i, "left_unit": j, "distance": distance, "distance_float": float(distance)})
    shared = [list(group.units) for group in decoding.groups if len(group.units) >= 2]
    breaks = [group for group in decoding.groups if group.is_break_point]
    # the decoding identity on [alpha, beta]: f = p + sum_j J_j relu(x - t_j); decode() checked it
    # exactly; re-check it here independently. Both sides are affine between consecutive points of
    # {alpha, beta, every unit knot inside}, so equality there and at the midpoints proves it.
    slope, intercept = decoding.affine_slope[0], decoding.affine_intercept[0]
    jumps = [(group.knot, group.jump[0]) for group in breaks]

    def one_sided(x: Fraction) -> Fraction:
        return slope * x + intercept + sum((j * (x - t) for t, j in jumps if x > t), Fraction(0))

    points = sorted({alpha, beta, *(group.knot for group in decoding.groups)})
    checks = points + [(a + b) / 2 for a, b in itertools.pairwise(points)]
    rechecked = all(evaluate(net, [x])[0] == one_sided(x) for x in checks)
    return {
        "decoding": decoding,
        "roles": {
            "shaping": len(shaping),
            "dead": roles.count(DEAD),
            "affine_acting": roles.count(AFFINE_ACTING),
            "zero_output": roles.count(ZERO_OUTPUT),
        },
        "right_facing_shaping": len(right),
        "left_facing_shaping": len(left),
        "break_points_inside": len(breaks),
        "two_sided_pairs": pairs,
        "shared_knot_groups": shared,
        "identity": {
            "exact": decoding.identity_verified and rechecked,
            "verified_by_decode": decoding.identity_verified,
            "rechecked_independently": rechecked,
            "checked_points": len(checks),
            "affine_slope": slope,
            "affine_intercept": intercept,
            "terms": [{"knot": t, "jump": j} for t, j in jumps],
        },
        "break_points": [t for t, _ in jumps],
    }


def _curvature(target: Target, points: Sequence[Fraction]) -> list[float] | None:
    """|f''| of a smooth sympy target at the points (float); None when f'' is not a plain function."""
    if target.expression is None:
        return None
    import sympy

    variable = target.variables[0]
    second = sympy.diff(target.expression, variable, 2)
    if second.has(sympy.DiracDelta, sympy.Derivative, sympy.Subs, sympy.sign, sympy.Heaviside):
        return None
    function = sympy.lambdify(variable, second, modules="numpy")
    xs = np.array([float(p) for p in points], dtype=np.float64)
    values = np.abs(np.broadcast_to(np.asarray(function(xs), dtype=np.float64), xs.shape))
    return [float(v) for v in values] if np.all(np.isfinite(values)) else None


# --------------------------------------------------------------------------------------
# one run
# --------------------------------------------------------------------------------------


def _sup_error_float(
    target: Target, nets: Sequence[TwoLayerReLU], alpha: Fraction, beta: Fraction, n: int
) -> list[float]:
    grid = np.linspace(float(alpha), float(beta), n)
    extra = []
    for net in nets:
        for row, bias in zip(net.W, net.b, strict=True):
            if row[0] != 0:
                t = float(-bias / row[0])
                if float(alpha) <= t <= float(beta):
                    extra.append(t)
    X = np.union1d(grid, np.array(extra, dtype=np.float64)).reshape(-1, 1)
    reference = target.evaluate_float(X)[:, 0]
    return [float(np.max(np.abs(evaluate_float(net, X)[:, 0] - reference))) for net in nets]


def _knot_movement(result: TrainingResult, alpha: Fraction, beta: Fraction) -> list[dict[str, Any]]:
    from reluexact.oned import SHAPING, spline_form

    rows: list[dict[str, Any]] = []
    previous: dict[int, Fraction] | None = None
    for snap in result.snapshots:
        net = snap.network
        form = spline_form(net, domain=(alpha, beta))
        inside = {
            i: -net.b[i] / net.W[i][0] for i, role in enumerate(form.unit_roles) if role == SHAPING and net.W[i][0] != 0
        }
        row: dict[str, Any] = {
            "epoch": snap.epoch,
            "loss_float": snap.loss,
            "shaping_units": len(inside),
            "break_points_inside": len(form.break_points),
            "knots_float": [None if w[0] == 0 else float(-b / w[0]) for w, b in zip(net.W, net.b, strict=True)],
        }
        if previous is not None:
            both = sorted(set(inside) & set(previous))
            moves = [float(abs(inside[i] - previous[i])) for i in both]
            row["entered"] = len(set(inside) - set(previous))
            row["left"] = len(set(previous) - set(inside))
            row["mean_abs_move_float"] = float(np.mean(moves)) if moves else 0.0
            row["max_abs_move_float"] = float(np.max(moves)) if moves else 0.0
        previous = inside
        rows.append(row)
    return rows


def analyse_oned_run(
    result: TrainingResult, target: Target, *, settings: OneDSettings, kinks: Sequence[Fraction] = ()
) -> dict[str, Any]:
    """Every number of one 1-D run (see the module docstring), JSON-ready except for networks.

    Parameters
    ----------
    result : TrainingResult
        A 1-D run with a domain (from :func:`reluexact.train.sample_target`).
    target : Target
    settings : OneDSettings
    kinks : rationals
        The target's kinks, if it is piecewise linear.

    Returns
    -------
    dict
        Keys: ``width``, ``final_loss_float``, ``units`` (role counts), ``right_facing_shaping``,
        ``left_facing_shaping``, ``break_points_inside``, ``two_sided_pairs``,
        ``shared_knot_groups``, ``decoding_identity``, ``constructed_same_knots``,
        ``constructed_same_width``, ``sup_error_float``, ``knot_movement``, ``kink_distances``;
        and ``_networks`` (exact networks, dropped before writing JSON).

    Examples
    --------
    >>> from reluexact.train import train_on_target
    >>> result = train_on_target("Abs(x)", (-1, 1), width=4, epochs=200, n_samples=21, quiet=True,
    ...                          snapshot_epochs=[0, 200])
    >>> run = analyse_oned_run(result, result.data.target, settings=OneDSettings.fast())
    >>> run["decoding_identity"]["exact"], run["constructed_same_knots"]["interpolates_exactly"]
    (True, True)
    >>> sum(run["units"].values())
    4
    """
    if result.data.domain is None or result.data.input_dim != 1:
        raise InvalidArgument("a 1-D analysis needs a 1-D run sampled on an interval (use sample_target)")
    alpha, beta = result.data.domain.low, result.data.domain.high
    net = result.network
    decoded = _decode(net, alpha, beta, settings.pair_tolerance)
    k = decoded["break_points_inside"]
    # one-sided basis on N knots (both ends included) has N units: "same knots" has the trained
    # net's k break points as interior knots (N = k + 2), "same width" has N = n units
    same_knots = _construct(target, alpha, beta, k + 2, "uniform")
    # equidistributing |f''|^(1/2) on the same number of knots; the kinks of a non-smooth target
    # become knots. It refuses (InvalidArgument, recorded as skipped) when the trained net has fewer
    # break points than the target has kinks inside the interval, or f'' cannot be evaluated
    adaptive = None
    adaptive_skipped = None
    try:
        adaptive = _construct(target, alpha, beta, k + 2, "equidistribute")
    except InvalidArgument as error:
        adaptive_skipped = str(error).splitlines()[0][:200]
    same_width = _construct(target, alpha, beta, max(2, net.n_hidden), "uniform")
    nets = [net, same_knots.network, same_width.network] + ([] if adaptive is None else [adaptive.network])
    errors = [*_sup_error_float(target, nets, alpha, beta, settings.error_grid), None]
    breaks = decoded["break_points"]
    # where the knots sit against the target's curvature: mean |f''| at the trained break points,
    # at the adaptive construction's interior knots, and over the whole domain (floats)
    grid = np.linspace(float(alpha), float(beta), settings.error_grid)
    domain_curvature = _curvature(target, [Fraction(float(v)) for v in grid[:: max(1, len(grid) // 400)]])
    trained_curvature = _curvature(target, breaks) if breaks else None
    adaptive_curvature = _curvature(target, list(adaptive.knots[1:-1])) if adaptive is not None else None

    def mean(values: list[float] | None) -> float | None:
        return float(np.mean(values)) if values else None

    kink_rows = []
    for kink in kinks:
        nearest = min(breaks, key=lambda t: abs(t - kink)) if breaks else None
        kink_rows.append(
            {
                "kink": kink,
                "nearest_break_point": nearest,
                "distance_float": None if nearest is None else float(abs(nearest - kink)),
            }
        )

    def construction_json(built: Any) -> dict[str, Any] | None:
        if built is None:
            return None
        interpolates = all(
            evaluate(built.network, [x])[0] == node.value
            for x, node in zip(built.knots, built.node_values, strict=True)
        )
        return {
            "placement": built.placement,
            "pieces": len(built.knots) - 1,
            "interior_knots": len(built.knots) - 2,
            "width": built.network.n_hidden,
            "knots": list(built.knots),
            "node_values_exact": built.values_exact,
            "interpolates_exactly": interpolates,
            "apriori_bound": built.apriori_bound,
            "apriori_bound_float": None if built.apriori_bound is None else float(built.apriori_bound),
        }

    return {
        "width": net.n_hidden,
        "network": exact_network_to_json(net),
        "final_loss_float": result.final_loss,
        "train_seconds": result.seconds,
        "units": decoded["roles"],
        "right_facing_shaping": decoded["right_facing_shaping"],
        "left_facing_shaping": decoded["left_facing_shaping"],
        "break_points_inside": k,
        "two_sided_pairs": {
            "tolerance": settings.pair_tolerance * (beta - alpha),
            "tolerance_float": float(settings.pair_tolerance * (beta - alpha)),
            "count": len(decoded["two_sided_pairs"]),
            "pairs": decoded["two_sided_pairs"],
        },
        "shared_knot_groups": decoded["shared_knot_groups"],
        "decoding_identity": decoded["identity"],
        "constructed_same_knots": construction_json(same_knots),
        "constructed_same_knots_adaptive": construction_json(adaptive),
        "constructed_same_knots_adaptive_skipped": adaptive_skipped,
        "constructed_same_width": construction_json(same_width),
        "sup_error_float": {
            "trained": errors[0],
            "constructed_same_knots": errors[1],
            "constructed_same_knots_adaptive": errors[3],
            "constructed_same_width": errors[2],
        },
        "curvature_float": {
            "mean_abs_f2_at_trained_break_points": mean(trained_curvature),
            "mean_abs_f2_at_adaptive_knots": mean(adaptive_curvature),
            "mean_abs_f2_on_domain": mean(domain_curvature),
        },
        "knot_movement": _knot_movement(result, alpha, beta),
        "kink_distances": kink_rows,
        "_networks": {"trained": net, "same_knots": same_knots.network, "same_width": same_width.network},
    }


# --------------------------------------------------------------------------------------
# exact solution for piecewise-linear targets
# --------------------------------------------------------------------------------------


def _exact_solution(target: Target, alpha: Fraction, beta: Fraction, kinks: Sequence[Fraction]) -> dict[str, Any]:
    from reluexact.oned.construction import construct
    from reluexact.oned.equivalence import minimal_width
    from reluexact.oned.targets import target_value

    knots = sorted({alpha, beta, *(k for k in kinks if alpha < k < beta)})
    built = construct(target.expression, (alpha, beta), len(knots), knots=knots, grid_points=401)
    net = built.network
    # the target is affine between consecutive kinks, and so is net: exact equality at the kinks
    # and at every midpoint (which also checks the target's affinity there) proves net == target
    midpoints = [(a + b) / 2 for a, b in itertools.pairwise(knots)]
    equal = True
    for x in knots + midpoints:
        node = target_value(target.expression, x)
        equal = equal and node.exact and evaluate(net, [x])[0] == node.value
    return {
        "kinks": list(kinks),
        "width": net.n_hidden,
        "minimal_width_on_domain": minimal_width(net, domain=(alpha, beta)),
        "equals_target_exactly": equal,
        "network": net,
    }


# --------------------------------------------------------------------------------------
# the experiment
# --------------------------------------------------------------------------------------


def run_oned_experiment(
    target: OneDTarget | str,
    *,
    outdir: str | Path,
    settings: OneDSettings | None = None,
    quiet: bool = False,
    pdf: bool = True,
    name: str | None = None,
) -> ExperimentResult:
    """Run a 1-D experiment for every width and write JSON, PNG figures and a LaTeX report.

    Parameters
    ----------
    target : OneDTarget or a slug of :data:`ONED_TARGETS`
    outdir : path
        Created if needed; files are ``{name}.json``, ``{name}.tex`` (``.pdf``) and
        ``figures/{name}_*.png``.
    settings : OneDSettings, optional
        Default: the full setting. ``OneDSettings.fast()`` for a quick run.
    quiet : bool
        No progress bars.
    pdf : bool
        Compile the report when a TeX engine is present.
    name : str, optional
        File stem; default ``oned_{slug}``.

    Returns
    -------
    ExperimentResult

    Examples
    --------
    >>> import tempfile
    >>> out = run_oned_experiment("abs", outdir=tempfile.mkdtemp(), settings=OneDSettings.fast(widths=(4,)),
    ...                           quiet=True, pdf=False)
    >>> out.summary["runs"][0]["decoding_identity"]["exact"]
    True
    """
    spec = ONED_TARGETS[target] if isinstance(target, str) and target in ONED_TARGETS else target
    if not isinstance(spec, OneDTarget):
        raise InvalidArgument(f"unknown 1-D target {target!r}; choose one of {', '.join(ONED_TARGETS)}")
    settings = settings or OneDSettings()
    stem = name or f"oned_{spec.slug}"
    folder = prepare_outdir(outdir)
    started = time.perf_counter()
    data = sample_target(spec.expression, spec.domain, n_samples=settings.n_samples)
    wrapped = data.target
    assert wrapped is not None
    assert data.domain is not None  # sample_target always records its box
    alpha, beta = data.domain.low, data.domain.high
    kinks = [to_fraction(k, where="kink") for k in spec.kinks]
    runs = []
    results = []
    for width in settings.widths:
        result = train_network(
            data,
            width=width,
            epochs=settings.epochs,
            learning_rate=settings.learning_rate,
            optimizer=settings.optimizer,
            batch_size=settings.batch_size,
            init=settings.init,
            seed=settings.seed,
            backend=settings.backend,
            snapshot_epochs=settings.snapshot_epochs(),
            quiet=quiet,
            description=f"{spec.slug} width {width}",
        )
        results.append(result)
        runs.append(analyse_oned_run(result, wrapped, settings=settings, kinks=kinks))
    exact = _exact_solution(wrapped, alpha, beta, kinks) if kinks else None
    backend = results[0].config.backend
    summary: dict[str, Any] = {
        "experiment": stem,
        "kind": "oned",
        "target": {"slug": spec.slug, "expression": spec.expression, "title": spec.title},
        "domain": [alpha, beta],
        "domain_float": [float(alpha), float(beta)],
        "settings": {**_settings_json(settings), "backend": backend},
        "runs": [{key: value for key, value in run.items() if not key.startswith("_")} for run in runs],
        "exact_solution": None if exact is None else {k: v for k, v in exact.items() if k != "network"},
    }
    figures = _figures(folder, stem, spec, wrapped, runs, results, alpha, beta, exact)
    return finish_experiment(
        folder,
        stem,
        summary,
        latex=lambda done: _report_latex(spec, done, runs, exact),
        figures=figures,
        started=started,
        pdf=pdf,
    )


# --------------------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------------------


def _figures(
    folder: Path,
    stem: str,
    spec: OneDTarget,
    target: Target,
    runs: list[dict[str, Any]],
    results: list[TrainingResult],
    alpha: Fraction,
    beta: Fraction,
    exact: dict[str, Any] | None,
) -> list[Path]:
    paths = []
    lo, hi = float(alpha), float(beta)
    X = np.linspace(lo, hi, 1001).reshape(-1, 1)
    reference = target.evaluate_float(X)[:, 0]
    # 1. fits: one panel per width, knots marked by orientation
    cols = min(3, len(runs))
    rows = math.ceil(len(runs) / cols)
    figure, axes = new_figure(width=4.2 * cols, height=3.2 * rows, nrows=rows, ncols=cols)
    for index, run in enumerate(runs):
        ax = axes[index // cols][index % cols]
        net = run["_networks"]["trained"]
        ax.plot(X[:, 0], reference, color="0.6", lw=3, label="target")
        ax.plot(X[:, 0], evaluate_float(net, X)[:, 0], color="C0", lw=1.4, label="trained")
        ax.plot(
            X[:, 0],
            evaluate_float(run["_networks"]["same_knots"], X)[:, 0],
            "--",
            color="C2",
            lw=1,
            label="one-sided, same #knots",
        )
        for i, t in _shaping_knots(net, alpha, beta):
            value = float(evaluate(net, [t])[0])
            right = net.W[i][0] > 0
            ax.plot([float(t)], [value], "^" if right else "v", color="C3" if right else "C1", ms=6)
        ax.set_title(f"width {run['width']}: {run['break_points_inside']} break points inside", fontsize=9)
        ax.set_xlim(lo, hi)
        if index == 0:
            ax.legend(fontsize=7, loc="best")
    for index in range(len(runs), rows * cols):
        axes[index // cols][index % cols].set_visible(False)
    figure.suptitle(f"{spec.title}: trained nets (knots: \u25b2 right-facing, \u25bc left-facing)", fontsize=10)
    paths.append(save_figure(figure, folder / "figures" / f"{stem}_fits.png"))
    # 2. knot trajectories through the snapshots
    figure, axes = new_figure(width=4.2 * cols, height=3.2 * rows, nrows=rows, ncols=cols)
    span = hi - lo
    for index, run in enumerate(runs):
        ax = axes[index // cols][index % cols]
        epochs = [row["epoch"] for row in run["knot_movement"]]
        net = run["_networks"]["trained"]
        for unit in range(run["width"]):
            track = [row["knots_float"][unit] for row in run["knot_movement"]]
            values = [np.nan if t is None else t for t in track]
            right = net.W[unit][0] > 0
            ax.plot(epochs, values, "-o", ms=2.5, lw=0.9, color="C3" if right else "C1", alpha=0.8)
        ax.axhspan(lo, hi, color="0.92", zorder=0)
        ax.set_ylim(lo - 0.5 * span, hi + 0.5 * span)
        ax.set_title(f"width {run['width']}: knots over epochs", fontsize=9)
        ax.set_xlabel("epoch", fontsize=8)
    for index in range(len(runs), rows * cols):
        axes[index // cols][index % cols].set_visible(False)
    figure.suptitle(f"{spec.title}: knot positions (shaded: the domain; red right-, orange left-facing)", fontsize=10)
    paths.append(save_figure(figure, folder / "figures" / f"{stem}_knots.png"))
    # 3. errors and losses against width
    figure, axes = new_figure(width=10, height=3.6, ncols=2)
    widths = [run["width"] for run in runs]
    ax = axes[0][0]
    for key, label, style in (
        ("trained", "trained", "o-"),
        ("constructed_same_knots", "one-sided, same #knots", "s--"),
        ("constructed_same_width", "one-sided, same width", "^:"),
    ):
        values = [max(run["sup_error_float"][key], 1e-17) for run in runs]
        ax.loglog(widths, values, style, label=label)
    ax.set_xlabel("width n")
    ax.set_ylabel("sup |target - f| (float grid)")
    ax.legend(fontsize=7)
    ax = axes[0][1]
    for result in results:
        ax.semilogy(np.maximum(np.array(result.loss_history), 1e-300), lw=1, label=f"n = {result.config.width}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training MSE")
    ax.legend(fontsize=7)
    figure.suptitle(f"{spec.title}: error and loss", fontsize=10)
    paths.append(save_figure(figure, folder / "figures" / f"{stem}_errors.png"))
    return paths


def _shaping_knots(net: TwoLayerReLU, alpha: Fraction, beta: Fraction) -> list[tuple[int, Fraction]]:
    out = []
    for i, (row, bias) in enumerate(zip(net.W, net.b, strict=True)):
        if row[0] != 0 and any(net.unit_output_weights(i)):
            t = -bias / row[0]
            if alpha < t < beta:
                out.append((i, t))
    return out


# --------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------


def _report_latex(
    spec: OneDTarget, summary: dict[str, Any], runs: list[dict[str, Any]], exact: dict[str, Any] | None
) -> str:
    from reluexact.experiments.tables import (
        has_curvature,
        oned_construction_table,
        oned_curvature_table,
        oned_decoding_table,
        oned_kink_distance_table,
        oned_knot_movement_table,
        table_latex,
    )
    from reluexact.report.document import LatexDocument
    from reluexact.report.latex import fraction_latex
    from reluexact.report.numbers import NumberPrinter

    settings = summary["settings"]
    printer = NumberPrinter("decimal:6")
    doc = LatexDocument(title=f"Training solutions for {spec.title}")
    doc.section("Set-up")
    doc.paragraph(
        f"Target {spec.expression} on [{format_fraction(summary['domain'][0])}, "
        f"{format_fraction(summary['domain'][1])}] (an irrational end is the nearest float, taken exactly), "
        f"sampled at {settings['n_samples']} grid points. Two-layer ReLU networks of widths "
        f"{', '.join(map(str, settings['widths']))} were trained by back-propagation: {settings['optimizer']}, "
        f"learning rate {settings['learning_rate']}, {settings['epochs']} full-batch epochs, "
        f"'{settings['init']}' initialisation, seed {settings['seed']}, backend {settings['backend']}, float64. "
        "The trained floats were rationalised losslessly, so every exact statement below is about the very "
        "function the trained network computes."
    )
    doc.paragraph(
        "Exact: unit roles, break points, two-sided pairs, the decoding identity, the constructed solutions and "
        "their interpolation property. Float (measured): losses and sup errors, taken on "
        f"{settings['error_grid_points']} grid points plus every knot."
    )
    doc.section("Decoding of each trained network")
    doc.add(table_latex(oned_decoding_table(summary)))
    doc.add(
        "Break points: distinct knots strictly inside the domain with non-zero merged slope jump. "
        "Shaping/dead/affine: unit roles on the domain (zero-output units are not counted). Two-sided pairs: "
        "shaping units facing opposite ways with knots closer than "
        f"${format_fraction(Fraction(settings['pair_tolerance_relative']))}$ "
        "times the domain length. Identity: $f(x) = p(x) + \\sum_j J_j \\relu(x - t_j)$ on the domain "
        "($p$ affine), checked exactly at every knot, both ends and all midpoints."
    )
    doc.section("Trained versus constructed solutions")
    doc.add(table_latex(oned_construction_table(summary)))
    doc.add(
        "Entries are $\\sup |\\text{target} - f|$ on the float grid. The constructed solutions are one-sided "
        "bases $\\sum_j \\lambda_j \\relu(x - x_j)$ (auxiliary knot $x_{-1}$) interpolating the target at their "
        "knots (exact values where rational, else a certified rational enclosure): \\emph{same number of knots} "
        "has as many interior knots as the trained net has break points, on a uniform mesh or with knots "
        "equidistributing $|f''|^{1/2}$ (adaptive); \\emph{same width} has $n$ units on a uniform mesh. "
        "\\emph{Interpolates} is checked exactly at every knot."
    )
    if has_curvature(summary):
        doc.add("Where the knots sit against the target's curvature (mean $|f''|$, floats):")
        doc.add(table_latex(oned_curvature_table(summary)))
    doc.section("How the knots move during training")
    doc.add(table_latex(oned_knot_movement_table(summary)))
    if exact is not None:
        doc.section("The exact solution and what training found")
        kinks = ", ".join(f"${fraction_latex(k)}$" for k in exact["kinks"])
        doc.add(
            f"The target is piecewise linear with kinks {kinks}. Its one-sided interpolant at the kinks and the "
            f"domain ends has width {exact['width']} and equals the target "
            f"{'exactly (checked at every kink and midpoint)' if exact['equals_target_exactly'] else 'NOT exactly'}; "
            f"the minimal width of an exact solution on the domain is {exact['minimal_width_on_domain']}."
        )
        doc.add(table_latex(oned_kink_distance_table(summary)))
    smallest = runs[0]
    identity = smallest["decoding_identity"]
    doc.section(f"The decoded network of width {smallest['width']}")
    pieces = [
        ("+" if term["jump"] >= 0 else "-")
        + f" {printer.latex(abs(term['jump']))}\\,\\relu(x - {_signed(printer, term['knot'])})"
        for term in identity["terms"]
    ]
    lines = [" ".join(pieces[k : k + 2]) for k in range(0, len(pieces), 2)]
    body = " \\\\\n&\\quad ".join(lines) if lines else "0"
    doc.add(
        "On the domain, exactly,\n\\begin{align*}\nf(x) &= "
        f"{printer.latex(identity['affine_slope'])}\\,x {_plus(printer, identity['affine_intercept'])} \\\\\n"
        f"&\\quad {body}\n\\end{{align*}}\n"
        "(the affine part $p(x)$ is the leftmost piece; each term is a break point $t$ with its slope jump $J$)."
    )
    doc.add(printer.number_format.describe(tagged=bool(printer.exact_values)))
    doc.add_appendix(printer.appendix_latex())
    return doc.render()


def _signed(printer: Any, value: Fraction) -> str:
    return printer.latex(value) if value >= 0 else f"({printer.latex(value)})"


def _plus(printer: Any, value: Fraction) -> str:
    return f"+ {printer.latex(value)}" if value >= 0 else f"- {printer.latex(-value)}"
