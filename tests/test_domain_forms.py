"""Every public function of reluexact that takes a domain gives the same answer for every form of it.

The forms are those :func:`reluexact.domain.as_domain` accepts. A 1-D net is run with the 1-D
forms of [-1, 1] (``(lo, hi)``, ``[(lo, hi)]``, ``"lo,hi"``, a Box, numpy arrays, and the
interval as a polytope where a function accepts polytopes) in *every* function, d-D ones
included; a 2-D net is run with the forms of [-1, 1]^2 (``"lo,hi"`` broadcast,
``"lo,hi;lo,hi"``, pairs, a Box, numpy) in every function that takes d >= 2.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from reluexact.domain import Box, Polytope
from reluexact.errors import DomainError
from reluexact.model import TwoLayerReLU

#: knots 1/2 (twice) and -1/2 inside [-1, 1], one knot (3) outside
NET1 = TwoLayerReLU([[1], [-2], ["1/2"], [1]], ["-1/2", 1, "1/4", -3], [[1, 3, -2, 1]], ["1/10"])
NET1_TWIN = TwoLayerReLU([[2], [-2], ["1/2"], [1]], [-1, 1, "1/4", -3], [["1/2", 3, -2, 1]], ["1/10"])
#: three lines crossing [-1, 1]^2, one parallel to another
NET2 = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3], [2, 4]], ["3/10", "-1/5", 1, -1], [[2, -1, "7/10", 1]], [0])

INTERVAL = [(-1, 1)]
FORMS_1D: dict[str, Any] = {
    "pair": (-1, 1),
    "list-of-pairs": [(-1, 1)],
    "string": "-1,1",
    "string-fractions": "-2/2,1",
    "Box": Box([(-1, 1)]),
    "numpy-pair": np.array([-1, 1]),
    "numpy-1x2": np.array([[-1.0, 1.0]]),
    "floats": (-1.0, 1.0),
}
#: the same interval as a polytope: only for functions that accept polytopes
POLYTOPE_FORMS_1D: dict[str, Any] = {
    "polytope-tuple": ([[1], [-1]], [1, 1]),
    "polytope-dict": {"A": [[1], [-1]], "b": [1, 1]},
    "Polytope": Polytope([[1], [-1]], [1, 1]),
}
FORMS_2D: dict[str, Any] = {
    "broadcast-string": "-1,1",
    "string": "-1,1;-1,1",
    "list-of-pairs": [(-1, 1), (-1, 1)],
    "string-pairs": [("-1", "1"), ("-1", "1")],
    "Box": Box([(-1, 1), (-1, 1)]),
    "numpy": np.array([[-1, 1], [-1, 1]]),
}
POLYTOPE_FORMS_2D: dict[str, Any] = {
    "polytope-tuple": ([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 1, 1, 1]),
    "polytope-dict": {"A": [[1, 0], [-1, 0], [0, 1], [0, -1]], "b": [1, 1, 1, 1]},
    "Polytope": Polytope([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 1, 1, 1]),
}


def _function(path: str) -> Callable[..., Any]:
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _graph(graph: nx.DiGraph) -> Any:
    return sorted(graph.nodes), sorted(graph.edges)


def _regions(result: Any) -> Any:
    return sorted((tuple(r.pattern), tuple(r.point)) for r in result)


def _repr(value: Any) -> str:
    return repr(value)


def _tmp(tmp_path: Path, name: str) -> Path:
    return tmp_path / name


def _report_text(net: TwoLayerReLU, domain: Any, tmp_path: Path) -> str:
    path = _function("reluexact.report.render.write_report")(net, tmp_path / "r.tex", domain=domain, figures=False)
    return Path(path).read_text()


def _rationalize(net: TwoLayerReLU, domain: Any) -> Any:
    arrays = [np.array([[float(v) for v in row] for row in m]) for m in (net.W, net.A)]
    W = arrays[0] + 0.1
    result = _function("reluexact.rationalization.rationalize_network")(
        W, np.array([float(v) for v in net.b]), arrays[1], np.array([0.0]), how="decimals:1", box=domain
    )
    return result.network, result.certificate


def _certify(net: TwoLayerReLU, domain: Any) -> Any:
    other = TwoLayerReLU(net.W, [v + Fraction(1, 3) for v in net.b], net.A, net.c)
    return _function("reluexact.rationalization.certify_change")(net, other, box=domain)


def _load(net: TwoLayerReLU, domain: Any) -> Any:
    return _function("reluexact.io.load_model_with_certificate")(net, rationalize="denominator:3", box=domain)


def _load_model(net: TwoLayerReLU, domain: Any) -> Any:
    return _function("reluexact.io.load_model")(net, rationalize="denominator:3", box=domain)


def _convert(net: TwoLayerReLU, domain: Any, tmp_path: Path) -> Any:
    result = _function("reluexact.io.convert_model")(net, tmp_path / "c.npz", box=domain, allow_rounding=True)
    return result.network, result.certificate


def _sample(net: TwoLayerReLU, domain: Any) -> Any:
    names = ["x", "y"][: net.input_dim]
    data = _function("reluexact.train.sample_target")("+".join(names), domain, n_samples=9, variables=names)
    return data.domain, data.X.tolist(), data.Y.tolist()


def _train(net: TwoLayerReLU, domain: Any) -> Any:
    names = ["x", "y"][: net.input_dim]
    result = _function("reluexact.train.train_on_target")(
        "+".join(names), domain, width=2, epochs=3, n_samples=9, variables=names, quiet=True
    )
    return result.network


def _from_arrays(net: TwoLayerReLU, domain: Any) -> Any:
    X = np.zeros((2, net.input_dim))
    training_data = _function("reluexact.train.TrainingData")
    return training_data.from_arrays(X, [0.0, 1.0], domain=domain).domain


def _ridge(net: TwoLayerReLU, domain: Any) -> Any:
    fit = _function("reluexact.construct.ridge.fit_ridge_sum")(
        lambda x: sum(x), domain, directions=[(1,) * net.input_dim], n_knots=2, grid=3
    )
    return fit.network, fit.box


def _ridge_table(net: TwoLayerReLU, domain: Any) -> Any:
    if net.input_dim == 1:
        table = _function("reluexact.construct.ridge.ridge_error_table")(
            lambda x: abs(x[0]), domain, direction_counts=(1,), knot_counts=(2,), evaluation_grid=5
        )
    else:
        table = _function("reluexact.construct.ridge.ridge_error_table")(
            lambda x: x[0] * x[1], domain, direction_counts=(2,), knot_counts=(2,), evaluation_grid=5
        )
    return [(r.n_units, r.sup_error_exact) for r in table]


def _plot(path: str, keyword: str) -> Callable[[TwoLayerReLU, Any], Any]:
    def run(net: TwoLayerReLU, domain: Any) -> Any:
        figure = _function(path)(net, **{keyword: domain})
        return repr(figure.data)

    return run


def _partial_order_section(net: TwoLayerReLU, domain: Any) -> str:
    printer = _function("reluexact.report.numbers.NumberPrinter")("exact")
    return str(_function("reluexact.report.sections.partial_order_section")(net, domain, printer))


def _simple(path: str, *args: Any, digest: Callable[[Any], Any] = lambda v: v, **kwargs: Any) -> Any:
    def run(net: TwoLayerReLU, domain: Any) -> Any:
        return digest(_function(path)(net, *args, domain=domain, **kwargs))

    return run


def _positional(path: str, *args: Any, digest: Callable[[Any], Any] = lambda v: v, **kwargs: Any) -> Any:
    """Functions whose first argument is not the net: f(*args, domain, ...) with the domain positional."""

    def run(net: TwoLayerReLU, domain: Any) -> Any:
        return digest(_function(path)(*args, domain, **kwargs))

    return run


def _expansion(name: str) -> Callable[[TwoLayerReLU, Any], Any]:
    def run(net: TwoLayerReLU, domain: Any) -> Any:
        bases = importlib.import_module("reluexact.oned.bases")
        source = bases.network_expansion(net)
        target = bases.network_expansion(NET1_TWIN)
        if name == "expansions_equal":
            return bases.expansions_equal(source, target, domain=domain)
        return repr(bases.rewrite(source, target, domain=domain))

    return run


def _unit_roles(net: TwoLayerReLU, domain: Any) -> Any:
    role = _function("reluexact.oned.spline.unit_role")
    return tuple(role(net, i, domain=domain) for i in range(net.n_hidden))


def _pairwise(path: str) -> Callable[[TwoLayerReLU, Any], Any]:
    def run(net: TwoLayerReLU, domain: Any) -> Any:
        function = _function(path)
        n = net.n_hidden
        return tuple(function(net, i, j, domain=domain) for i in range(n) for j in range(n) if i != j)

    return run


def _second_net(path: str) -> Callable[[TwoLayerReLU, Any], Any]:
    def run(net: TwoLayerReLU, domain: Any) -> Any:
        return _function(path)(net, NET1_TWIN, domain=domain)

    return run


def _active_sets(net: TwoLayerReLU, domain: Any) -> Any:
    function = _function("reluexact.oned.order.active_set")
    return tuple(repr(function(net, i, domain=domain)) for i in range(net.n_hidden))


def _locate(net: TwoLayerReLU, domain: Any) -> Any:
    point = ["1/5"] * net.input_dim
    return repr(_function("reluexact.regions.location.locate")(net, [point], domain=domain, facets=True).points)


def _containing(path: str) -> Callable[[TwoLayerReLU, Any], Any]:
    def run(net: TwoLayerReLU, domain: Any) -> Any:
        point = ["1/5"] * net.input_dim
        return repr(_function(path)(net, point, domain=domain))

    return run


def _regions_distributed(net: TwoLayerReLU, domain: Any) -> Any:
    pytest.importorskip("dask.distributed")
    return _regions(_function("reluexact.regions.distributed.regions_distributed")(net, domain=domain, client="serial"))


#: (name, run(net, domain), dimensions it applies to, accepts polytopes)
CASES: list[tuple[str, Callable[..., Any], tuple[int, ...], bool]] = [
    # 1-D functions
    ("oned.spline.spline_form", _simple("reluexact.oned.spline.spline_form"), (1,), True),
    ("oned.spline.unit_role", _unit_roles, (1,), True),
    ("oned.bases.network_expansion", _simple("reluexact.oned.bases.network_expansion"), (1,), True),
    ("oned.bases.expansions_equal", _expansion("expansions_equal"), (1,), True),
    ("oned.bases.rewrite", _expansion("rewrite"), (1,), True),
    (
        "oned.bases.spline_of_network",
        lambda net, dom: _function("reluexact.oned.bases.spline_of_network")(net, dom),
        (1,),
        True,
    ),
    ("oned.decoding.decode", _simple("reluexact.oned.decoding.decode", digest=_repr), (1,), True),
    ("oned.equivalence.are_equivalent", _second_net("reluexact.oned.equivalence.are_equivalent"), (1,), True),
    ("oned.equivalence.difference_witness", _second_net("reluexact.oned.equivalence.difference_witness"), (1,), True),
    ("oned.equivalence.minimal_network", _simple("reluexact.oned.equivalence.minimal_network"), (1,), True),
    ("oned.equivalence.minimal_width", _simple("reluexact.oned.equivalence.minimal_width"), (1,), True),
    (
        "oned.construction.construct",
        lambda net, dom: _function("reluexact.oned.construction.construct")("x**2", dom, 5).network,
        (1,),
        True,
    ),
    (
        "oned.placement.uniform_knots",
        lambda net, dom: _function("reluexact.oned.placement.uniform_knots")(dom, 5),
        (1,),
        True,
    ),
    (
        "oned.bounds.second_derivative_bound",
        _positional("reluexact.oned.bounds.second_derivative_bound", "x**3"),
        (1,),
        True,
    ),
    (
        "oned.targets.singular_points",
        _positional("reluexact.oned.targets.singular_points", "Abs(x - 1/3) + Max(x, 1/2)"),
        (1,),
        True,
    ),
    (
        "oned.placement.adaptive_knots",
        lambda net, dom: _function("reluexact.oned.placement.adaptive_knots")("x**3", dom, 5, grid=201),
        (1,),
        True,
    ),
    (
        "oned.placement.greedy_knots",
        lambda net, dom: _function("reluexact.oned.placement.greedy_knots")("x**3", dom, 5),
        (1,),
        True,
    ),
    (
        "oned.construction.convergence_table",
        lambda net, dom: _function("reluexact.oned.construction.convergence_table")(
            "x**2", dom, (3, 5), grid_points=101
        ),
        (1,),
        True,
    ),
    ("oned.order.active_set", _active_sets, (1,), True),
    ("oned.order.precedes", _pairwise("reluexact.oned.order.precedes"), (1,), True),
    ("oned.order.knot_order", _simple("reluexact.oned.order.knot_order", digest=_graph), (1,), True),
    ("oned.order.knot_chains", _simple("reluexact.oned.order.knot_chains", digest=_repr), (1,), True),
    ("oned.order.one_sided_ordering", _simple("reluexact.oned.order.one_sided_ordering"), (1,), True),
    # any d: orders and regions
    ("order.active_status", _simple("reluexact.order.active_status"), (1, 2), True),
    ("order.precedes", _pairwise("reluexact.order.precedes"), (1, 2), True),
    ("order.half_space_order", _simple("reluexact.order.half_space_order", digest=_graph), (1, 2), True),
    ("order.parallel_chains", _simple("reluexact.order.parallel_chains", digest=_repr), (1, 2), True),
    ("regions.arrangement", _simple("reluexact.regions.arrangements.arrangement", digest=_repr), (1, 2), True),
    (
        "regions.regions",
        _simple("reluexact.regions.enumeration.regions", digest=_regions, progress=False),
        (1, 2),
        True,
    ),
    (
        "regions.iter_regions",
        _simple("reluexact.regions.enumeration.iter_regions", digest=_regions, progress=False),
        (1, 2),
        True,
    ),
    ("regions.n_regions", _simple("reluexact.regions.enumeration.n_regions"), (1, 2), True),
    ("regions.regions_distributed", _regions_distributed, (1, 2), True),
    ("regions.locate", _locate, (1, 2), True),
    (
        "regions.region_containing_point(net)",
        _containing("reluexact.regions.location.region_containing_point"),
        (1, 2),
        True,
    ),
    # reports and figures (boxes only)
    (
        "report.render_report",
        _simple("reluexact.report.render.render_report", figures=False, number_format="exact"),
        (1, 2),
        False,
    ),
    (
        "report.build_report",
        _simple("reluexact.report.render.build_report", figures=False, digest=lambda r: r.tex),
        (1, 2),
        False,
    ),
    ("report.sections.partial_order_section", _partial_order_section, (1, 2), True),
    ("report.plot_network", _plot("reluexact.report.figures.plot_network", "domain"), (1, 2), False),
    ("report.plot_function", _plot("reluexact.report.figures.plot_function", "interval"), (1,), False),
    ("report.plot_region_map", _plot("reluexact.report.figures.plot_region_map", "box"), (2,), False),
    ("report.shown_box", _simple("reluexact.report.figures.shown_box", needed_by="test"), (1, 2), False),
    # boxes for bounds, sampling and fits
    ("rationalization.rationalize_network", _rationalize, (1, 2), False),
    ("rationalization.certify_change", _certify, (1, 2), False),
    ("io.load_model_with_certificate", _load, (1, 2), False),
    ("io.load_model", _load_model, (1, 2), False),
    ("train.sample_target", _sample, (1, 2), False),
    ("train.train_on_target", _train, (1, 2), False),
    ("train.TrainingData.from_arrays", _from_arrays, (1, 2), False),
    ("construct.fit_ridge_sum", _ridge, (1, 2), False),
    ("construct.ridge_error_table", _ridge_table, (1, 2), False),
]
TMP_CASES: list[tuple[str, Callable[..., Any], tuple[int, ...], bool]] = [
    ("report.write_report", _report_text, (1, 2), False),
    ("io.convert_model", _convert, (1, 2), False),
]


#: functions with no network or dimension argument: d is the number of sides the domain states
NO_NETWORK = {"construct.ridge_error_table"}


def _params() -> list[Any]:
    out = []
    for name, run, dims, polytopes in CASES + TMP_CASES:
        for d in dims:
            out.append(pytest.param(name, run, d, polytopes, id=f"{name}-d{d}"))
    return out


def _call(run: Callable[..., Any], net: TwoLayerReLU, domain: Any, tmp_path: Path, name: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if any(name == case[0] for case in TMP_CASES):
            return run(net, domain, tmp_path)
        return run(net, domain)


@pytest.mark.parametrize(("name", "run", "d", "polytopes"), _params())
def test_every_form_gives_the_same_answer(
    name: str, run: Callable[..., Any], d: int, polytopes: bool, tmp_path: Path
) -> None:
    net, forms, polytope_forms = (NET1, FORMS_1D, POLYTOPE_FORMS_1D) if d == 1 else (NET2, FORMS_2D, POLYTOPE_FORMS_2D)
    if name in NO_NETWORK:  # nothing fixes d but the value: a single "lo,hi" is 1-D there
        forms = {form: value for form, value in forms.items() if form != "broadcast-string"}
    results = {form: _call(run, net, value, tmp_path, name) for form, value in forms.items()}
    reference = next(iter(results.values()))
    differing = [form for form, value in results.items() if value != reference]
    assert not differing, f"{name}: forms {differing} differ from {next(iter(results))!r}"
    if polytopes:
        answers = {form: _call(run, net, value, tmp_path, name) for form, value in polytope_forms.items()}
        first = next(iter(answers.values()))
        assert all(value == first for value in answers.values()), f"{name}: polytope forms differ"
        if d == 1 and name.startswith("oned."):
            # a 1-D function reads a polytope as its interval: the same answer as the box
            assert first == reference, f"{name}: the interval as a polytope differs from the box"


@pytest.mark.parametrize(
    ("name", "run", "d"),
    [
        pytest.param(name, run, d, id=f"{name}-d{d}")
        for name, run, dims, polytopes in CASES
        if not polytopes and not name.startswith("regions.")
        for d in dims
        if name != "report.shown_box"
    ],
)
def test_box_only_functions_refuse_polytopes(name: str, run: Callable[..., Any], d: int, tmp_path: Path) -> None:
    net, polytope = (NET1, POLYTOPE_FORMS_1D["Polytope"]) if d == 1 else (NET2, POLYTOPE_FORMS_2D["Polytope"])
    with pytest.raises(DomainError, match=r"needs a box \[\(lo, hi\), ...\]; got a polytope"):
        _call(run, net, polytope, tmp_path, name)
