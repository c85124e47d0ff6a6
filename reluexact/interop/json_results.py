"""JSON documents of analysis results: the ``--json`` output of the CLI, as Python dicts.

The algorithm modules return data only (:class:`~reluexact.summary.NetworkSummary`,
:class:`~reluexact.oned.spline.SplineForm`, :class:`~reluexact.oned.decoding.Decoding`);
the JSON printers live here, next to the model format (:mod:`reluexact.interop.json_io`),
and the text printers in the CLI (:mod:`reluexact.cli._format`). Every rational is a
``"p/q"`` (or ``"p"``) string, exact. Indices (units, knots, groups) are 0-based, as in
Python; only people-facing text numbers from 1.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.oned.spline import spline_form
>>> spline_form_to_json(spline_form(TwoLayerReLU([[1]], [0], [[2]], [0])))["knots"]
[{'x': '0', 'jump': ['2'], 'units': [0]}]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from reluexact.rational import format_fraction

if TYPE_CHECKING:
    from reluexact.model import TwoLayerReLU
    from reluexact.oned.comparison import Comparison
    from reluexact.oned.decoding import Decoding
    from reluexact.oned.spline import SplineForm
    from reluexact.rationalization import RationalizationCertificate
    from reluexact.summary import HyperplaneClass, NetworkSummary
    from reluexact.train import TrainingConfig, TrainingResult

__all__ = [
    "certificate_to_json",
    "decoding_to_json",
    "exact_network_to_json",
    "report_regions_to_json",
    "spline_form_to_json",
    "summary_to_json",
    "training_config_to_json",
    "training_result_to_json",
]


def _strings(values: Iterable[Fraction]) -> list[str]:
    return [format_fraction(v) for v in values]


def _optional(value: Fraction | None) -> str | None:
    return None if value is None else format_fraction(value)


def _class_json(group: HyperplaneClass) -> dict[str, Any]:
    return {"units": list(group.units), "multipliers": _strings(group.multipliers)}


def summary_to_json(net: TwoLayerReLU, summary: NetworkSummary | None = None) -> dict[str, Any]:
    """The document of ``reluexact info --json``: exact weights and summary (rationals as strings).

    Parameters
    ----------
    net : TwoLayerReLU
    summary : NetworkSummary, optional
        :func:`reluexact.summary.summarize` of ``net`` (computed when not given).

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> summary_to_json(TwoLayerReLU([[0]], ["1/2"], [[1]], [0]))["zero_weight_units"]
    [0]
    """
    from reluexact.summary import summarize

    summary = summary or summarize(net)
    return {
        "input_dim": summary.input_dim,
        "n_hidden": summary.n_hidden,
        "output_dim": summary.output_dim,
        "W": [_strings(row) for row in net.W],
        "b": _strings(net.b),
        "A": [_strings(row) for row in net.A],
        "c": _strings(net.c),
        "zero_weight_units": list(summary.zero_weight_units),
        "zero_output_units": list(summary.zero_output_units),
        "duplicate_hyperplanes": [_class_json(group) for group in summary.duplicate_hyperplanes],
        "parallel_hyperplanes": [_class_json(group) for group in summary.parallel_hyperplanes],
    }


def spline_form_to_json(form: SplineForm) -> dict[str, Any]:
    """The document of ``reluexact spline --json``.

    Schema: ``{"knots": [{"x": "p/q", "jump": [m strings], "units": [unit indices]}],
    "pieces": [{"from": "p/q" or null, "to": "p/q" or null, "slope": [m strings],
    "intercept": [m strings]}]}``: knots sorted with zero-jump knots left out, pieces left
    to right. On a domain the first ``from`` is alpha and the last ``to`` is beta.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.spline import spline_form
    >>> data = spline_form_to_json(spline_form(TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0])))
    >>> data["knots"]
    [{'x': '0', 'jump': ['2'], 'units': [0, 1]}]
    >>> data["pieces"][0]
    {'from': None, 'to': '0', 'slope': ['-1'], 'intercept': ['0']}
    """
    return {
        "knots": [
            {"x": format_fraction(k.x), "jump": _strings(k.jump), "units": list(k.units)} for k in form.break_points
        ],
        "pieces": [
            {
                "from": _optional(p.start),
                "to": _optional(p.end),
                "slope": _strings(p.slope),
                "intercept": _strings(p.intercept),
            }
            for p in form.pieces
        ],
    }


def decoding_to_json(decoding: Decoding, comparison: Comparison | None = None) -> dict[str, Any]:
    """The document of ``reluexact decode --json``: units, knot groups, the exact identity.

    Schema: ``{"domain": [a, b], "units": [{"index", "knot", "orientation", "jump", "slope",
    "role", "group"}], "groups": [{"x", "units", "jump"}], "identity": {"one_sided":
    [{"x", "lambda"}], "affine_slope", "affine_intercept", "verified"}}``, plus
    ``"comparison"`` (float errors beside exact knots) when ``comparison`` is given.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.oned.decoding import decode
    >>> document = decoding_to_json(decode(TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0]), domain=(-1, 1)))
    >>> document["identity"]
    {'one_sided': [{'x': '0', 'lambda': ['2']}], 'affine_slope': ['-1'], 'affine_intercept': ['0'], 'verified': True}
    """
    document: dict[str, Any] = {
        "domain": _strings(decoding.domain),
        "units": [
            {
                "index": u.index,
                "knot": _optional(u.knot),
                "orientation": u.orientation,
                "jump": _strings(u.jump),
                "slope": _strings(u.slope),
                "role": u.role,
                "group": u.group,
            }
            for u in decoding.units
        ],
        "groups": [
            {"x": format_fraction(g.knot), "units": list(g.units), "jump": _strings(g.jump)} for g in decoding.groups
        ],
        "identity": {
            "one_sided": [
                {"x": format_fraction(g.knot), "lambda": _strings(g.jump)} for g in decoding.groups if g.is_break_point
            ],
            "affine_slope": _strings(decoding.affine_slope),
            "affine_intercept": _strings(decoding.affine_intercept),
            "verified": decoding.identity_verified,
        },
    }
    if comparison is not None:
        document["comparison"] = {
            "trained_sup_error": comparison.trained_error,
            "constructions": [
                {
                    "placement": c.placement,
                    "knots": _strings(c.knots),
                    "grid_sup_error": c.grid_sup_error,
                    "apriori_bound": _optional(c.apriori_bound),
                }
                for c in comparison.constructions
            ],
        }
    return document


def certificate_to_json(certificate: RationalizationCertificate) -> dict[str, Any]:
    """The document of ``reluexact convert --json``: what a rationalisation changed, every rational a string.

    Schema: ``{"mode": str, "max_weight_change": "p/q", "box": [["lo", "hi"], ...] or null,
    "output_bound": ["p/q", ...] or null}``.

    Examples
    --------
    >>> from reluexact.rationalization import rationalize_network
    >>> certificate_to_json(rationalize_network([[0.5]], [0.0], [[1.0]], [0.0]).certificate)
    {'mode': 'lossless', 'max_weight_change': '0', 'box': None, 'output_bound': ['0']}
    """
    box = certificate.box
    bound = certificate.output_bound
    return {
        "mode": str(certificate.how),
        "max_weight_change": format_fraction(certificate.max_weight_change),
        "box": None if box is None else [_strings(side) for side in box.bounds],
        "output_bound": None if bound is None else _strings(bound),
    }


def exact_network_to_json(net: TwoLayerReLU) -> dict[str, Any]:
    """A network in reluexact's JSON model format with every number a ``"p/q"`` string (no ``input_dim``).

    The form the training and experiment JSON files embed; :func:`reluexact.interop.json_io.network_from_json`
    reads it back.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> exact_network_to_json(TwoLayerReLU([["1/3"]], [0], [[2]], [1]))
    {'format': 'reluexact.two-layer-relu', 'version': 1, 'W': [['1/3']], 'b': ['0'], 'A': [['2']], 'c': ['1']}
    """
    return {
        "format": "reluexact.two-layer-relu",
        "version": 1,
        "W": [_strings(row) for row in net.W],
        "b": _strings(net.b),
        "A": [_strings(row) for row in net.A],
        "c": _strings(net.c),
    }


def training_config_to_json(config: TrainingConfig) -> dict[str, Any]:
    """Every option of a training run (:class:`reluexact.train.TrainingConfig`) as JSON.

    Examples
    --------
    >>> from reluexact.train import TrainingConfig
    >>> training_config_to_json(TrainingConfig(width=4, epochs=10))["width"]
    4
    """
    return {
        "width": int(config.width),
        "epochs": int(config.epochs),
        "learning_rate": config.learning_rate,
        "optimizer": config.optimizer,
        "momentum": config.momentum,
        "batch_size": None if config.batch_size is None else int(config.batch_size),
        "init": config.init,
        "seed": int(config.seed),
        "backend": config.backend,
        "snapshot_epochs": list(config.snapshot_epochs),
    }


def training_result_to_json(result: TrainingResult) -> dict[str, Any]:
    """A training run as JSON: options, data, losses (floats), the exact trained network (``"p/q"`` strings).

    Examples
    --------
    >>> from reluexact.train import train_on_target
    >>> r = train_on_target("x", (0, 1), width=2, epochs=3, quiet=True, n_samples=3)
    >>> sorted(training_result_to_json(r))
    ['config', 'data', 'final_loss', 'loss_history', 'network', 'seconds', 'snapshots']
    """
    data = result.data
    return {
        "config": training_config_to_json(result.config),
        "data": {
            "n_samples": data.n_samples,
            "input_dim": data.input_dim,
            "output_dim": data.output_dim,
            "domain": None if data.domain is None else [_strings(side) for side in data.domain.bounds],
            "target": None if data.target is None else data.target.name,
        },
        "final_loss": result.final_loss,
        "loss_history": list(result.loss_history),
        "network": exact_network_to_json(result.network),
        "snapshots": [{"epoch": s.epoch, "loss": s.loss} for s in result.snapshots],
        "seconds": result.seconds,
    }


class RegionRowLike(Protocol):
    """What :func:`report_regions_to_json` reads of a region row (:class:`reluexact.report.view.RegionRow`)."""

    @property
    def index(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def pattern_string(self) -> str: ...
    @property
    def point(self) -> Sequence[Fraction]: ...
    @property
    def gradient(self) -> Sequence[Sequence[Fraction]]: ...
    @property
    def offset(self) -> Sequence[Fraction]: ...
    @property
    def polygon(self) -> Sequence[Sequence[Fraction]] | None: ...


def report_regions_to_json(rows: Sequence[RegionRowLike], edges: Sequence[tuple[int, int]]) -> dict[str, Any]:
    """All regions of a report and their edges as JSON (the file a truncated report writes beside itself).

    Schema: ``{"format": "reluexact.report-regions", "version": 2, "regions": [{"id", "label",
    "pattern", "point", "gradient", "offset", ["polygon"]}], "edges": [{"a", "b"}]}``. Like every
    JSON document of reluexact, ids are 0-based: the report's region ``R{k}`` has ``"id": k - 1``
    and ``"label": "R{k}"``; ``edges`` name regions by id; numbers are exact ``"p/q"`` strings.
    (Version 1 put the label number k in ``id``.)

    Examples
    --------
    >>> from reluexact.report.view import RegionRow
    >>> rows = [RegionRow(1, (True,), (Fraction(1),), ((Fraction(1),),), (Fraction(0),))]
    >>> region = report_regions_to_json(rows, [])["regions"][0]
    >>> region["id"], region["label"], region["gradient"]
    (0, 'R1', [['1']])
    """
    return {
        "format": "reluexact.report-regions",
        "version": 2,
        "regions": [
            {
                "id": row.index - 1,
                "label": row.label,
                "pattern": row.pattern_string,
                "point": _strings(row.point),
                "gradient": [_strings(g) for g in row.gradient],
                "offset": _strings(row.offset),
                **({"polygon": [_strings(p) for p in row.polygon]} if row.polygon else {}),
            }
            for row in rows
        ],
        "edges": [{"a": a - 1, "b": b - 1} for a, b in edges],
    }
