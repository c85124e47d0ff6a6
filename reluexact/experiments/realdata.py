"""A real data set: per-sample region analysis of a net trained on scikit-learn's diabetes data (d = 10).

The full arrangement of a d = 10 network is far too large to enumerate, but every sample
can be analysed exactly (:func:`reluexact.regions.locate`): its activation pattern,
its region's exact affine map, the exact distance to the nearest region boundary, and the
graph of the regions the data visits. The run

1. loads ``sklearn.datasets.load_diabetes`` (442 samples, 10 features), standardises features
   and target in float64 and splits the samples 80/20 with a seeded permutation;
2. trains two-layer ReLU networks on the training part (:mod:`reluexact.train`) and takes the
   trained floats at their exact binary values;
3. locates every sample (training and test) exactly: regions visited, samples per region,
   test samples falling into a region some training sample visits, samples exactly on a
   hidden hyperplane, squared distances to the region boundary (exact; summarised as floats),
   units never / always active on the data;
4. checks, for every sample, that the network's exact value equals its region's exact affine
   map at that sample.

scikit-learn is needed only for the data (``pip install "reluexact[sklearn]"``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from reluexact.errors import InvalidArgument, MissingDependencyError
from reluexact.experiments._output import (
    ExperimentResult,
    finish_experiment,
    new_figure,
    prepare_outdir,
    save_figure,
)
from reluexact.interop.json_results import exact_network_to_json
from reluexact.model import TwoLayerReLU, evaluate_exact_batch
from reluexact.train import TrainingData, TrainingResult, train_network

__all__ = [
    "DiabetesSettings",
    "analyse_samples",
    "diabetes_table",
    "load_diabetes_standardised",
    "run_diabetes_experiment",
]


@dataclass(frozen=True, slots=True)
class DiabetesSettings:
    """Settings of the diabetes experiment.

    Examples
    --------
    >>> DiabetesSettings.fast().widths
    (8,)
    """

    widths: tuple[int, ...] = (8, 32)
    epochs: int = 300
    learning_rate: float = 3e-3
    init: str = "uniform"
    seed: int = 0
    backend: str = "numpy"
    test_fraction: float = 0.2

    def __post_init__(self) -> None:
        if not self.widths or any(isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in self.widths):
            raise InvalidArgument(f"widths must be positive integers, got {self.widths!r}")
        if not 0 < self.test_fraction < 1:
            raise InvalidArgument(f"test_fraction must be in (0, 1), got {self.test_fraction!r}")

    @classmethod
    def fast(cls, **overrides: Any) -> DiabetesSettings:
        """The reduced setting: width 8, 50 epochs.

        Examples
        --------
        >>> fast = DiabetesSettings.fast()
        >>> fast.widths, fast.epochs
        ((8,), 50)
        """
        options: dict[str, Any] = {"widths": (8,), "epochs": 50}
        options.update(overrides)
        return cls(**options)


def _settings_json(settings: DiabetesSettings) -> dict[str, Any]:
    """The settings as the experiment's JSON file records them."""
    return {
        "widths": list(settings.widths),
        "epochs": settings.epochs,
        "learning_rate": settings.learning_rate,
        "optimizer": "adam",
        "batch_size": None,
        "init": settings.init,
        "seed": settings.seed,
        "backend": settings.backend,
        "test_fraction": settings.test_fraction,
    }


def load_diabetes_standardised(
    *, seed: int = 0, test_fraction: float = 0.2
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Diabetes features and target standardised (float64), and a seeded boolean mask of training samples.

    Raises
    ------
    MissingDependencyError
        Without scikit-learn.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("sklearn")   # the data ship with scikit-learn
    >>> X, y, train = load_diabetes_standardised()
    >>> X.shape, int(train.sum())
    ((442, 10), 354)
    >>> bool(abs(X.mean(axis=0)).max() < 1e-12 and abs(X.std(axis=0) - 1).max() < 1e-12)
    True
    """
    try:
        from sklearn.datasets import load_diabetes
    except ImportError:
        raise MissingDependencyError(
            'the diabetes experiment needs scikit-learn for its data: pip install "reluexact[sklearn]"'
        ) from None
    X, y = load_diabetes(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = (y - y.mean()) / y.std()
    order = np.random.default_rng(seed).permutation(len(X))
    train = np.zeros(len(X), dtype=bool)
    train[order[: len(X) - round(test_fraction * len(X))]] = True
    return X, y, train


def analyse_samples(net: TwoLayerReLU, X: np.ndarray, train_mask: np.ndarray) -> dict[str, Any]:
    """Exact per-sample region analysis of ``net`` at the rows of ``X`` (see the module docstring).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> X = np.array([[1.0, 1.0], [2.0, 0.5], [-1.0, 1.0]])
    >>> out = analyse_samples(net, X, np.array([True, True, False]))
    >>> out["regions_visited"], out["test_samples_in_a_training_region"], out["affine_maps_exact_at_all_samples"]
    (2, 0, True)
    """
    from reluexact.regions import locate

    started = time.perf_counter()
    located = locate(net, X, domain=None)
    seconds = time.perf_counter() - started
    points = located.points
    interior = [p for p in points if p.status == "interior"]
    on_line = [p for p in points if p.status == "boundary"]
    train_regions = {p.region for p in interior if train_mask[p.index]}
    test_interior = [p for p in interior if not train_mask[p.index]]
    sizes = sorted((len(m) for m in located.members), reverse=True)
    # exactness check: the network's exact value equals the region's exact affine map at every sample
    values = evaluate_exact_batch(net, [p.point for p in interior])
    exact_ok = True
    for p, value in zip(interior, values, strict=True):
        region = located.regions[p.region]  # type: ignore[index]
        mapped = tuple(
            sum((g * v for g, v in zip(row, p.point, strict=True)), offset)
            for row, offset in zip(region.gradient, region.offset, strict=True)
        )
        exact_ok = exact_ok and mapped == value
    active = np.array([[s > 0 for s in p.sign_vector] for p in points], dtype=bool)
    distances = [p.distance_float for p in interior if p.distance_float is not None]
    return {
        "samples": len(points),
        "training_samples": int(train_mask.sum()),
        "test_samples": int((~train_mask).sum()),
        "regions_visited": len(located.regions),
        "regions_visited_by_training_samples": len(train_regions),
        "samples_alone_in_their_region": sum(1 for s in sizes if s == 1),
        "largest_region_samples": sizes[0] if sizes else 0,
        "samples_on_a_hidden_hyperplane": len(on_line),
        "test_samples_in_a_training_region": sum(1 for p in test_interior if p.region in train_regions),
        "visited_graph_edges": located.graph.number_of_edges(),
        "units_never_active_on_data": int((~active.any(axis=0)).sum()),
        "units_always_active_on_data": int(active.all(axis=0).sum()),
        "mean_active_units_per_sample": float(active.sum(axis=1).mean()),
        "distance_to_boundary_float": {
            "min": min(distances) if distances else None,
            "median": float(np.median(distances)) if distances else None,
            "max": max(distances) if distances else None,
        },
        "squared_distances_exact_computed": len(distances),
        "affine_maps_exact_at_all_samples": exact_ok,
        "locate_seconds": seconds,
        "_distances": distances,
        "_sizes": sizes,
        "_active_counts": active.sum(axis=1).tolist(),
    }


def run_diabetes_experiment(
    *,
    outdir: str | Path,
    settings: DiabetesSettings | None = None,
    quiet: bool = False,
    pdf: bool = True,
    name: str = "diabetes_regions",
) -> ExperimentResult:
    """Train on the diabetes data, analyse every sample exactly, write JSON, figures and a report.

    Examples
    --------
    The reduced setting (one width-8 network, 50 epochs; a couple of seconds):

    >>> import pytest, tempfile; _ = pytest.importorskip("sklearn")
    >>> out = run_diabetes_experiment(outdir=tempfile.mkdtemp(), settings=DiabetesSettings.fast(),
    ...                               quiet=True, pdf=False)
    >>> samples = out.summary["runs"][0]["samples"]
    >>> samples["affine_maps_exact_at_all_samples"], samples["samples"]
    (True, 442)
    """
    settings = settings or DiabetesSettings()
    folder = prepare_outdir(outdir)
    started = time.perf_counter()
    X, y, train_mask = load_diabetes_standardised(seed=settings.seed, test_fraction=settings.test_fraction)
    data = TrainingData.from_arrays(X[train_mask], y[train_mask])
    runs = []
    analyses = []
    results: list[TrainingResult] = []
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
            description=f"diabetes width {width}",
        )
        results.append(result)
        test_mse = float(np.mean((result.predict_float(X[~train_mask])[:, 0] - y[~train_mask]) ** 2))
        analysis = analyse_samples(result.network, X, train_mask)
        analyses.append(analysis)
        runs.append(
            {
                "width": width,
                "network": exact_network_to_json(result.network),
                "train_mse_float": result.final_loss,
                "test_mse_float": test_mse,
                "samples": {k: v for k, v in analysis.items() if not k.startswith("_")},
            }
        )
    summary: dict[str, Any] = {
        "experiment": name,
        "kind": "realdata",
        "data": {
            "name": "sklearn.datasets.load_diabetes",
            "samples": len(X),
            "features": int(X.shape[1]),
            "preprocessing": "features and target standardised (float64); 80/20 split by a seeded permutation",
        },
        "settings": {**_settings_json(settings), "backend": results[0].config.backend},
        "runs": runs,
    }
    figures = _figures(folder, name, runs, analyses)
    return finish_experiment(folder, name, summary, latex=_report_latex, figures=figures, started=started, pdf=pdf)


def diabetes_table(summary: dict[str, Any]) -> str:
    """The console table of the diabetes experiment (:func:`~reluexact.experiments.tables.diabetes_runs_table`).

    Examples
    --------
    >>> print(diabetes_table({"runs": []}).splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
    width train MSE test MSE regions visited alone largest on a hyperplane test in train region
    never/always active mean active distance min distance median distance max affine exact
    """
    from reluexact.experiments.tables import diabetes_runs_table, table_text

    return table_text(diabetes_runs_table(summary))


def _figures(folder: Path, name: str, runs: list[dict[str, Any]], analyses: list[dict[str, Any]]) -> list[Path]:
    figure, axes = new_figure(width=11, height=3.4, ncols=3)
    for run, analysis in zip(runs, analyses, strict=True):
        label = f"n = {run['width']}"
        distances = np.array(analysis["_distances"], dtype=np.float64)
        if distances.size:
            axes[0][0].hist(np.log10(np.maximum(distances, 1e-300)), bins=30, alpha=0.6, label=label)
        axes[0][1].hist(analysis["_sizes"], bins=range(1, max(analysis["_sizes"] or [1]) + 2), alpha=0.6, label=label)
        counts = analysis["_active_counts"]
        axes[0][2].hist(counts, bins=range(0, run["width"] + 2), alpha=0.6, label=label)
    axes[0][0].set_xlabel("log10 distance to the region boundary")
    axes[0][1].set_xlabel("samples per visited region")
    axes[0][1].set_yscale("log")
    axes[0][2].set_xlabel("active units per sample")
    for ax in axes[0]:
        ax.legend(fontsize=7)
    figure.suptitle("diabetes (d = 10): exact per-sample region analysis (histograms of exact quantities)", fontsize=9)
    return [save_figure(figure, folder / "figures" / f"{name}_samples.png")]


def _report_latex(summary: dict[str, Any]) -> str:
    from reluexact.report.document import LatexDocument

    settings = summary["settings"]
    doc = LatexDocument(title="Per-sample region analysis of networks trained on the diabetes data")
    doc.section("Set-up")
    doc.paragraph(
        f"scikit-learn's diabetes data ({summary['data']['samples']} samples, {summary['data']['features']} "
        f"features), {summary['data']['preprocessing']}. Widths {', '.join(map(str, settings['widths']))}; Adam, "
        f"learning rate {settings['learning_rate']}, {settings['epochs']} full-batch epochs, '{settings['init']}' "
        f"initialisation, seed {settings['seed']}, backend {settings['backend']}. The trained floats were "
        "rationalised losslessly and every sample (a float vector, taken at its exact binary value) was located "
        "exactly: its activation pattern, region, exact affine map and exact squared distance to the region's "
        "boundary."
    )
    doc.section("Results")
    from reluexact.experiments.tables import diabetes_runs_table, table_latex

    doc.add(table_latex(diabetes_runs_table(summary)))
    doc.paragraph(
        "Regions: distinct linear regions containing a sample. Alone: samples that are the only sample in their "
        "region. Test in train region: test samples lying in a region some training sample also occupies (the "
        "network is then the same affine function at both). Never/always active: hidden units inactive (active) "
        "at every sample. Distances are exact square roots of exact rationals, printed as floats. Exact: the "
        "network's exact value equals its region's exact affine map at every sample."
    )
    return doc.render()
