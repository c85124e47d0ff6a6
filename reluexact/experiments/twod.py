"""2-D training-solution experiments: exact regions, adjacency, orders, and a ridge-sum construction.

For a target on the box [-1, 1]^2 and each width n, a run

1. trains f(x) = A relu(W x + b) + c (:mod:`reluexact.train`) and takes the trained floats at
   their exact binary values;
2. classifies each unit on the box exactly (:func:`reluexact.order.active_status`): dead,
   affine-acting (active on the whole box) or shaping (its line cuts the box);
3. enumerates the linear regions in the box exactly (:func:`reluexact.regions.regions`) and
   builds the adjacency graph with the continuity restriction checked exactly on every edge
   (:func:`reluexact.regions.graph.adjacency_graph`); this module re-checks the restriction
   independently from the regions' exact gradients, and checks that all edges crossing one
   hidden line carry the same gradient jump up to sign: a fold runs right across the box;
4. locates every training sample exactly (:func:`reluexact.regions.locate`): regions
   visited by the data, samples exactly on a hidden line, and the visited patterns checked to
   be among the enumerated ones;
5. groups the hidden lines into exactly parallel families and near-parallel clusters (float
   heuristic), and computes the strict partial order of active half-spaces in the box with a
   minimum chain decomposition (:mod:`reluexact.order`);
6. fits the d-D constructed solution of the same width: a ridge sum sum_k g_k(u_k . x) of 1-D
   one-sided splines, by exact least squares on a grid (:func:`reluexact.construct.ridge.fit_ridge_sum`),
   and reports its regions and its chains (one per direction);
7. measures sup |target - f| on a float grid for both (float, named so).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
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
from reluexact.model import TwoLayerReLU, evaluate_float
from reluexact.order import AFFINE_ACTING, DEAD, SHAPING
from reluexact.train import Target, TrainingResult, sample_target, train_network

__all__ = ["TWOD_TARGETS", "TwoDSettings", "TwoDTarget", "analyse_twod_run", "run_twod_experiment", "twod_table"]

BOX = ((Fraction(-1), Fraction(1)), (Fraction(-1), Fraction(1)))


@dataclass(frozen=True, slots=True)
class TwoDTarget:
    """A 2-D target on [-1, 1]^2 (sympy text in x, y)."""

    slug: str
    expression: str
    title: str
    ridge_direction: tuple[int, int] | None = None


#: The experiments' 2-D targets, by slug.
TWOD_TARGETS: dict[str, TwoDTarget] = {
    t.slug: t
    for t in (
        TwoDTarget("ridge", "sin(2*x + y)", "ridge target sin(2x + y) on [-1, 1]^2", ridge_direction=(2, 1)),
        TwoDTarget("radial", "exp(-4*(x**2 + y**2))", "radial bump exp(-4(x^2 + y^2)) on [-1, 1]^2"),
        TwoDTarget("product", "x*y", "product x y on [-1, 1]^2"),
    )
}

#: Ridge-sum layout per width: (directions, pieces per direction); width = directions * (pieces + 1).
RIDGE_LAYOUT: dict[int, tuple[int, int]] = {8: (2, 3), 16: (4, 3), 32: (4, 7), 64: (8, 7)}


def ridge_layout(width: int) -> tuple[int, int]:
    """(directions, pieces) of the ridge sum compared with a width-n net: n = directions * (pieces + 1).

    Examples
    --------
    >>> ridge_layout(32), ridge_layout(12)
    ((4, 7), (2, 5))
    """
    if width in RIDGE_LAYOUT:
        return RIDGE_LAYOUT[width]
    directions = 2 if width >= 4 else 1
    return directions, max(1, width // directions - 1)


@dataclass(frozen=True, slots=True)
class TwoDSettings:
    """Settings of a 2-D experiment (defaults: the full runs of ``docs/experiments.md``).

    Examples
    --------
    >>> TwoDSettings.fast().widths
    (8,)
    """

    widths: tuple[int, ...] = (8, 16, 32, 64)
    epochs: int = 4000
    n_samples: int = 441
    learning_rate: float = 1e-2
    init: str = "uniform"
    seed: int = 0
    backend: str = "numpy"
    error_grid: int = 101
    angle_tolerance_degrees: float = 2.0

    def __post_init__(self) -> None:
        if not self.widths or any(isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in self.widths):
            raise InvalidArgument(f"widths must be positive integers, got {self.widths!r}")
        if self.error_grid < 2:
            raise InvalidArgument(f"error_grid must be >= 2, got {self.error_grid}")

    @classmethod
    def fast(cls, **overrides: Any) -> TwoDSettings:
        """The reduced setting for tests and ``--fast``: width 8, 300 epochs, 121 samples.

        Examples
        --------
        >>> fast = TwoDSettings.fast(widths=(4,))
        >>> fast.widths, fast.epochs, fast.n_samples
        ((4,), 300, 121)
        """
        options: dict[str, Any] = {"widths": (8,), "epochs": 300, "n_samples": 121, "error_grid": 41}
        options.update(overrides)
        return cls(**options)


def _settings_json(settings: TwoDSettings) -> dict[str, Any]:
    """The settings as the experiment's JSON file records them."""
    return {
        "widths": list(settings.widths),
        "epochs": settings.epochs,
        "n_samples": settings.n_samples,
        "sampling": "grid",
        "learning_rate": settings.learning_rate,
        "optimizer": "adam",
        "batch_size": None,
        "init": settings.init,
        "seed": settings.seed,
        "backend": settings.backend,
        "error_grid_per_side": settings.error_grid,
        "angle_tolerance_degrees": settings.angle_tolerance_degrees,
    }


def _continuity(result: Any, graph: Any) -> dict[str, Any]:
    """Re-check the continuity restriction on every edge from the regions' exact gradients."""
    net = result.network
    regions = result.regions
    violations = 0
    per_line: dict[int, set[tuple[Fraction, ...]]] = {}
    for a, b, data in graph.edges(data=True):
        low, high = regions[min(a, b)], regions[max(a, b)]
        units = data["units"]
        jump = [[high.gradient[k][j] - low.gradient[k][j] for j in range(net.input_dim)] for k in range(net.output_dim)]
        expected = [[Fraction(0)] * net.input_dim for _ in range(net.output_dim)]
        for i in units:
            sign = 1 if high.pattern[i] == "1" else -1
            if (low.pattern[i] == "1") == (high.pattern[i] == "1"):
                violations += 1  # the crossed unit must flip
            for k in range(net.output_dim):
                for j in range(net.input_dim):
                    expected[k][j] += sign * net.A[k][i] * net.W[i][j]
        if jump != expected or [list(r) for r in data["jump"]] != jump:
            violations += 1
        if len(units) == 1:
            # the jump across H_i, oriented from inactive to active side: a_i w_i^T wherever H_i is crossed
            sign = 1 if high.pattern[units[0]] == "1" else -1
            per_line.setdefault(units[0], set()).add(tuple(sign * v for row in jump for v in row))
    return {
        "edges_checked": graph.number_of_edges(),
        "violations": violations,
        "lines_crossed": len(per_line),
        "edges_per_line_max": max(
            (sum(1 for e in graph.edges(data="units") if e[2] == (i,)) for i in per_line), default=0
        ),
        "one_jump_per_line": all(len(jumps) == 1 for jumps in per_line.values()),
    }


def _order(net: TwoLayerReLU) -> dict[str, Any]:
    from reluexact.order import active_status, chain_decomposition, half_space_order

    status = active_status(net, domain=BOX)
    order = half_space_order(net, domain=BOX)
    shaping = [i for i, s in enumerate(status) if s == SHAPING]
    among = order.subgraph(shaping).copy()
    chains = chain_decomposition(among) if shaping else ()
    return {
        "status": {
            "dead": status.count(DEAD),
            "affine_acting": status.count(AFFINE_ACTING),
            "shaping": status.count(SHAPING),
        },
        "comparable_pairs_all_units": order.number_of_edges(),
        "comparable_pairs_shaping_units": among.number_of_edges(),
        "chains_shaping_units": len(chains),
        "longest_chain": max((len(c) for c in chains), default=0),
        "chain_lengths": sorted((len(c) for c in chains), reverse=True),
        "_status": status,
    }


def _families(net: TwoLayerReLU, tolerance: float) -> dict[str, Any]:
    from reluexact.regions.families import coincident_hyperplanes, near_parallel_families_float, parallel_families

    exact = [f for f in parallel_families(net) if len(f.units) >= 2]
    clusters = near_parallel_families_float(net, angle_tolerance_degrees=tolerance)
    return {
        "exact_parallel_families_of_2_or_more": len(exact),
        "exact_family_sizes": sorted((len(f.units) for f in exact), reverse=True),
        "coincident_groups": len(coincident_hyperplanes(net)),
        "near_parallel_clusters_float": len(clusters),
        "near_parallel_cluster_sizes_float": sorted((len(c) for c in clusters), reverse=True),
    }


def _sup_error_float(target: Target, nets: Sequence[TwoLayerReLU], per_side: int) -> list[float]:
    axis = np.linspace(-1.0, 1.0, per_side)
    grid = np.stack([g.ravel() for g in np.meshgrid(axis, axis, indexing="ij")], axis=1)
    reference = target.evaluate_float(grid)[:, 0]
    return [float(np.max(np.abs(evaluate_float(net, grid)[:, 0] - reference))) for net in nets]


def _ridge(target: Target, width: int) -> Any:
    from reluexact.construct.ridge import fit_ridge_sum

    directions, pieces = ridge_layout(width)
    grid = max(9, math.isqrt(width + 1) + 4)

    def values(point: tuple[Fraction, ...]) -> float:
        return float(target.evaluate_float(np.array([[float(v) for v in point]]))[0, 0])

    return fit_ridge_sum(values, BOX, n_directions=directions, n_knots=pieces, grid=grid)


def _alignment(net: TwoLayerReLU, status: Sequence[str], direction: tuple[int, int]) -> dict[str, Any]:
    """Angles (degrees, float) between the cutting units' normals w_i and the ridge direction, as lines."""
    u = np.array(direction, dtype=np.float64)
    W, _, _, _ = net.float_arrays
    angles = []
    for i, state in enumerate(status):
        if state == SHAPING:
            w = W[i]
            cosine = abs(float(w @ u)) / (float(np.linalg.norm(w)) * float(np.linalg.norm(u)))
            angles.append(math.degrees(math.acos(min(1.0, cosine))))
    return {
        "direction": list(direction),
        "cutting_units": len(angles),
        "within_5_degrees": sum(1 for a in angles if a <= 5),
        "within_15_degrees": sum(1 for a in angles if a <= 15),
        "median_angle_degrees": float(np.median(angles)) if angles else None,
    }


def analyse_twod_run(
    result: TrainingResult,
    target: Target,
    *,
    settings: TwoDSettings,
    ridge_direction: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Every number of one 2-D run (see the module docstring); ``_``-prefixed keys are not JSON.

    Examples
    --------
    >>> from reluexact.train import sample_target, train_network
    >>> data = sample_target("x*y", [(-1, 1), (-1, 1)], n_samples=25)
    >>> result = train_network(data, width=4, epochs=50, quiet=True)
    >>> run = analyse_twod_run(result, data.target, settings=TwoDSettings.fast(widths=(4,)))
    >>> run["continuity"]["violations"], run["visited"]["all_visited_are_enumerated"]
    (0, True)
    """
    from reluexact.order import parallel_chains
    from reluexact.regions import locate, regions
    from reluexact.regions.graph import adjacency_graph

    net = result.network
    n = net.n_hidden
    started = time.perf_counter()
    enumerated = regions(net, domain=BOX, progress=False)
    graph = adjacency_graph(enumerated, check=True)
    seconds_regions = time.perf_counter() - started
    patterns = {r.pattern for r in enumerated.regions}
    # located in R^2 (not the open box) so that samples on the box's sides count in their region;
    # "boundary" then means: exactly on a hidden line
    located = locate(net, result.data.X, domain=None)
    visited_patterns = [r.pattern for r in located.regions]
    statuses = Counter(p.status for p in located.points)
    sizes = sorted((len(m) for m in located.members), reverse=True)
    order = _order(net)
    families = _families(net, settings.angle_tolerance_degrees)
    ridge = _ridge(target, n)
    ridge_regions = regions(ridge.network, domain=BOX, progress=False)
    chains = parallel_chains(ridge.network, domain=BOX)
    errors = _sup_error_float(target, [net, ridge.network], settings.error_grid)
    degrees = Counter(dict(graph.degree()).values())
    return {
        "width": n,
        "network": exact_network_to_json(net),
        "final_loss_float": result.final_loss,
        "train_seconds": result.seconds,
        "units": order["status"],
        "regions": {
            "in_box": len(enumerated),
            "complete": enumerated.complete,
            "general_position_bound_in_plane": 1 + n + n * (n - 1) // 2,
            "certified_regions": enumerated.certificate.regions,
            "certified_facets": enumerated.certificate.facets,
            "method": enumerated.certificate.method,
            "seconds": seconds_regions,
        },
        "adjacency": {
            "edges": graph.number_of_edges(),
            "degree_histogram": {str(k): v for k, v in sorted(degrees.items())},
            "connected": bool(len(graph) == 0 or __import__("networkx").is_connected(graph)),
        },
        "continuity": _continuity(enumerated, graph),
        "visited": {
            "samples": result.data.n_samples,
            "interior_samples": statuses.get("interior", 0),
            "samples_on_a_hidden_line": statuses.get("boundary", 0),
            "regions_visited": len(visited_patterns),
            "all_visited_are_enumerated": set(visited_patterns) <= patterns,
            "largest_region_samples": sizes[0] if sizes else 0,
            "regions_with_one_sample": sum(1 for s in sizes if s == 1),
            "visited_graph_edges": located.graph.number_of_edges(),
        },
        "families": families,
        "ridge_alignment_float": None
        if ridge_direction is None
        else _alignment(net, order["_status"], ridge_direction),
        "order": {k: v for k, v in order.items() if not k.startswith("_")},
        "constructed_ridge": {
            "directions": [list(u) for u in ridge.directions],
            "pieces_per_direction": ridge_layout(n)[1],
            "width": ridge.network.n_hidden,
            "fit_grid_per_side": ridge.grid,
            "residual_on_fit_grid": ridge.residual,
            "residual_on_fit_grid_float": float(ridge.residual),
            "regions_in_box": len(ridge_regions),
            "parallel_chains": len(chains),
            "chain_directions": sorted({tuple(c.direction) for c in chains}),
        },
        "sup_error_float": {"trained": errors[0], "constructed_ridge": errors[1]},
        "_networks": {"trained": net, "ridge": ridge.network},
        "_located": located,
    }


# --------------------------------------------------------------------------------------


def run_twod_experiment(
    target: TwoDTarget | str,
    *,
    outdir: str | Path,
    settings: TwoDSettings | None = None,
    quiet: bool = False,
    pdf: bool = True,
    name: str | None = None,
) -> ExperimentResult:
    """Run a 2-D experiment for every width and write JSON, PNG figures and a LaTeX report.

    Examples
    --------
    >>> import tempfile
    >>> out = run_twod_experiment("product", outdir=tempfile.mkdtemp(), quiet=True, pdf=False,
    ...                           settings=TwoDSettings.fast(widths=(4,), epochs=50, n_samples=25))
    >>> out.summary["runs"][0]["continuity"]["one_jump_per_line"]
    True
    """
    spec = TWOD_TARGETS[target] if isinstance(target, str) and target in TWOD_TARGETS else target
    if not isinstance(spec, TwoDTarget):
        raise InvalidArgument(f"unknown 2-D target {target!r}; choose one of {', '.join(TWOD_TARGETS)}")
    settings = settings or TwoDSettings()
    stem = name or f"twod_{spec.slug}"
    folder = prepare_outdir(outdir)
    started = time.perf_counter()
    data = sample_target(spec.expression, BOX, n_samples=settings.n_samples)
    wrapped = data.target
    assert wrapped is not None
    runs = []
    results = []
    for width in settings.widths:
        result = train_network(
            data,
            width=width,
            epochs=settings.epochs,
            learning_rate=settings.learning_rate,
            init=settings.init,
            seed=settings.seed,
            backend=settings.backend,
            quiet=quiet,
            description=f"{spec.slug} width {width}",
        )
        results.append(result)
        runs.append(analyse_twod_run(result, wrapped, settings=settings, ridge_direction=spec.ridge_direction))
    summary: dict[str, Any] = {
        "experiment": stem,
        "kind": "twod",
        "target": {"slug": spec.slug, "expression": spec.expression, "title": spec.title},
        "domain": [list(side) for side in BOX],
        "settings": {**_settings_json(settings), "backend": results[0].config.backend},
        "runs": [{k: v for k, v in run.items() if not k.startswith("_")} for run in runs],
    }
    figures = _figures(folder, stem, spec, wrapped, runs, results)
    return finish_experiment(
        folder,
        stem,
        summary,
        latex=lambda done: _report_latex(spec, done),
        figures=figures,
        started=started,
        pdf=pdf,
    )


def twod_table(summary: dict[str, Any]) -> str:
    """The console table of a 2-D experiment (:func:`~reluexact.experiments.tables.twod_runs_table`).

    Examples
    --------
    >>> print(twod_table({"runs": []}).splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
    n MSE dead/affine/shaping regions in box 1+n+C(n,2) visited edges continuity exact parallel families
    near-parallel clusters chains err trained ridge dirs×units ridge regions ridge chains err ridge
    """
    from reluexact.experiments.tables import table_text, twod_runs_table

    return table_text(twod_runs_table(summary))


# --------------------------------------------------------------------------------------


def _pattern_raster(net: TwoLayerReLU, pixels: int) -> tuple[np.ndarray, np.ndarray]:
    axis = np.linspace(-1.0, 1.0, pixels)
    grid = np.stack([g.ravel() for g in np.meshgrid(axis, axis, indexing="xy")], axis=1)
    W, b, _, _ = net.float_arrays
    active = (grid @ W.T + b) > 0
    _, ids = np.unique(active, axis=0, return_inverse=True)
    return ids.reshape(pixels, pixels), axis


def _draw_regions(ax: Any, net: TwoLayerReLU, title: str, points: np.ndarray | None = None) -> None:
    ids, axis = _pattern_raster(net, 400)
    rng = np.random.default_rng(0)
    palette = rng.random((int(ids.max()) + 1, 3)) * 0.55 + 0.4
    ax.imshow(palette[ids], origin="lower", extent=(-1, 1, -1, 1), interpolation="nearest")
    W, b, _, _ = net.float_arrays
    for w, bias in zip(W, b, strict=True):
        if abs(w[1]) > 1e-12:
            ax.plot(axis, -(w[0] * axis + bias) / w[1], color="k", lw=0.5)
        elif abs(w[0]) > 1e-12:
            ax.axvline(-bias / w[0], color="k", lw=0.5)
    if points is not None:
        ax.plot(points[:, 0], points[:, 1], ".", color="k", ms=1.2)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=8)
    ax.tick_params(labelsize=6)


def _figures(
    folder: Path,
    stem: str,
    spec: TwoDTarget,
    target: Target,
    runs: list[dict[str, Any]],
    results: list[TrainingResult],
) -> list[Path]:
    paths = []
    cols = len(runs)
    figure, axes = new_figure(width=3.3 * cols, height=6.6, nrows=2, ncols=cols)
    for k, (run, result) in enumerate(zip(runs, results, strict=True)):
        _draw_regions(
            axes[0][k],
            run["_networks"]["trained"],
            f"trained, n = {run['width']}: {run['regions']['in_box']} regions",
            np.asarray(result.data.X),
        )
        ridge = run["constructed_ridge"]
        _draw_regions(
            axes[1][k],
            run["_networks"]["ridge"],
            f"ridge sum, {len(ridge['directions'])} directions: {ridge['regions_in_box']} regions",
        )
    figure.suptitle(f"{spec.title}: linear regions in the box (float rendering; counts exact)", fontsize=9)
    paths.append(save_figure(figure, folder / "figures" / f"{stem}_regions.png"))
    figure, axes = new_figure(width=10, height=3.6, ncols=2)
    widths = [run["width"] for run in runs]
    ax = axes[0][0]
    ax.loglog(widths, [max(r["sup_error_float"]["trained"], 1e-17) for r in runs], "o-", label="trained")
    ax.loglog(widths, [max(r["sup_error_float"]["constructed_ridge"], 1e-17) for r in runs], "s--", label="ridge sum")
    ax.set_xlabel("width n")
    ax.set_ylabel("sup |target - f| (float grid)")
    ax.legend(fontsize=7)
    ax = axes[0][1]
    ax.loglog(widths, [r["regions"]["in_box"] for r in runs], "o-", label="trained: regions in box")
    ax.loglog(widths, [r["visited"]["regions_visited"] for r in runs], "^-", label="trained: visited by data")
    ax.loglog(widths, [r["constructed_ridge"]["regions_in_box"] for r in runs], "s--", label="ridge sum: regions")
    ax.loglog(widths, [r["regions"]["general_position_bound_in_plane"] for r in runs], ":", label="1 + n + C(n,2)")
    ax.set_xlabel("width n")
    ax.legend(fontsize=7)
    figure.suptitle(f"{spec.title}: error and region counts", fontsize=9)
    paths.append(save_figure(figure, folder / "figures" / f"{stem}_counts.png"))
    return paths


def _report_latex(spec: TwoDTarget, summary: dict[str, Any]) -> str:
    from reluexact.experiments.tables import (
        table_latex,
        twod_order_table,
        twod_regions_table,
        twod_ridge_alignment_table,
        twod_ridge_table,
    )
    from reluexact.report.document import LatexDocument

    settings = summary["settings"]
    doc = LatexDocument(title=f"Training solutions for the {spec.title}")
    doc.section("Set-up")
    doc.paragraph(
        f"Target {spec.expression} on [-1, 1]^2, sampled on a {math.isqrt(settings['n_samples'])} x "
        f"{math.isqrt(settings['n_samples'])} grid. Widths {', '.join(map(str, settings['widths']))}; Adam, "
        f"learning rate {settings['learning_rate']}, {settings['epochs']} full-batch epochs, "
        f"'{settings['init']}' initialisation, seed {settings['seed']}, backend {settings['backend']}, float64. "
        "The trained floats were rationalised losslessly: region counts, adjacency, the continuity restriction, "
        "unit statuses, parallel families and partial orders below are exact statements about the trained "
        "network. Losses, sup errors (on a float grid) and near-parallel clusters are float measurements."
    )
    doc.section("Regions, adjacency and the continuity restriction")
    doc.add(table_latex(twod_regions_table(summary)))
    doc.add(
        "Regions: linear regions inside the box, enumerated and certified exactly. Visited: distinct regions "
        "containing a training sample (every one of them is among the enumerated regions). Checked: edges of the "
        "adjacency graph whose gradient jump was verified to be $\\sum \\pm a_i w_i^{T}$ over the crossed units; "
        "\\emph{one jump per line} means every edge crossing the same hidden line carries the same jump "
        "$a_i w_i^{T}$ (oriented from the inactive to the active side): a fold runs across the whole box."
    )
    doc.section("Hyperplane families and partial orders")
    doc.add(table_latex(twod_order_table(summary)))
    doc.paragraph(
        f"Near-parallel clusters: lines whose normals are within {settings['angle_tolerance_degrees']} degrees "
        "(float heuristic). Comparable pairs, chains: the strict partial order of active half-spaces of the units "
        "whose line cuts the box (i precedes j when j's active set in the box is strictly inside i's), with a "
        "minimum chain decomposition (Dilworth)."
    )
    doc.section("The constructed ridge-sum solution")
    doc.add(table_latex(twod_ridge_table(summary)))
    doc.add(
        "The ridge sum $c + \\sum_k g_k(u_k \\cdot x)$ has the same width $n$: for each direction $u_k$ a "
        "one-sided spline in $t = u_k \\cdot x$ on a uniform mesh (all units of a direction parallel, one chain "
        "each), coefficients fitted by exact rational least squares on a grid. Its regions are cut by parallel "
        "families only."
    )
    alignment = twod_ridge_alignment_table(summary)
    if alignment.rows:
        doc.add("Cutting lines whose normal lies near the ridge direction (float angles):")
        doc.add(table_latex(alignment))
    return doc.render()
