"""Per-sample analysis: the exact linear region of each data point, for any input dimension.

Enumerating every region is hopeless for d = 64 or d = 784, but the regions the *data*
visits are few and each is described exactly from one of its points. For a batch of points
:func:`locate` returns, exactly:

* the **sign vector** of each point (sign of w_i . x + b_i per unit) and its activation
  pattern; a point with a zero pre-activation lies *on* a hyperplane and is reported as a
  boundary point, listing those units;
* for interior points, the **region** (one :class:`~reluexact.regions.types.Region` per
  distinct pattern, the type region enumeration returns) with its **affine map**
  f(y) = G y + o, G = sum_{i active} a_i w_i^T (m x d), o = sum_{i active} a_i b_i + c;
* the exact **distance to the nearest boundary** of the point's region: for a point strictly
  inside a polyhedron P = {h_k >= 0}, dist(x, boundary P) = min_k h_k(x) / ||grad h_k||,
  over all defining inequalities (a hyperplane not carrying a facet of P is never nearer than
  one that does, since the segment to it leaves P first). It is given as the exact rational
  *squared* distance, as a sympy expression ``sqrt(q)`` and as a float;
* the **facets** of each visited region (``facets=True``; see :mod:`reluexact.regions.facets`);
* the **graph of visited regions** (networkx): an edge joins two visited regions whose
  patterns differ in exactly one class of coincident hyperplanes. Such regions always share
  a facet, and the edge carries a rational point in its relative interior: on the segment
  between their sample points every other unit keeps its (strict) sign, so the point where the
  segment crosses the hyperplane is strictly inside both closures (checked exactly).

Exactness: points are rationals (floats are rationalised losslessly, i.e. taken at their
exact binary value). Pre-activations are exact integer matrix products (python-flint
``fmpz_mat``, with per-unit and per-point common denominators). Facets: see
:mod:`reluexact.regions.facets` for exactly what is certified and what, for large d, is a float verdict.

Units with w_i = 0 define no hyperplane: they are constant (relu(b_i)) and never put a point
on a boundary.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 2, -1]], [0])
>>> result = locate(net, [[1, 2], ["1/4", "1/4"], [0, 5]])
>>> [(p.pattern, p.status, p.region) for p in result.points]
[('111', 'interior', 0), ('110', 'interior', 1), ('011', 'boundary', None)]
>>> result.points[2].boundary_units
(0,)
>>> str(result.points[1].squared_distance), result.points[1].distance
('1/16', 1/4)
>>> result.regions[1].gradient, result.regions[1].offset
(((Fraction(1, 1), Fraction(2, 1)),), (Fraction(0, 1),))
>>> sorted(result.graph.edges(data="units"))
[(0, 1, (2,))]
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, Literal, overload

import numpy as np

from reluexact.domain import Domain, DomainLike, as_domain
from reluexact.errors import CertificationError, DomainError, InvalidArgument, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.rational import to_fraction
from reluexact.regions.enumeration import check_budget
from reluexact.regions.facets import FacetMode, FacetVerdicts, facet_verdicts, ray_basis
from reluexact.regions.integer_data import (
    DomainRows,
    NetData,
    affine_value,
    crossing,
    domain_rows,
    net_data,
    preactivations,
)
from reluexact.regions.types import LocateResult, PointLocation, Region, RegionsResult

__all__ = ["locate", "merge_located", "region_containing_point", "sign_vector"]

Vector = tuple[Fraction, ...]
Matrix = tuple[tuple[Fraction, ...], ...]
Label = int | str


def _point_from(value: Any, d: int, where: str) -> Vector:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ShapeError(f"{where} must be a sequence of d = {d} numbers, got {type(value).__name__}")
    out = []
    for k, v in enumerate(value):
        if type(v) is float:
            if not math.isfinite(v):
                raise InvalidArgument(f"{where}[{k}]: {v!r} is not a finite number")
            out.append(Fraction(v))  # lossless: the exact binary value
        else:
            out.append(to_fraction(v, where=f"{where}[{k}]", allow_float=True))
    if len(out) != d:
        raise ShapeError(f"{where} has {len(out)} coordinates but the network has d = {d} inputs")
    return tuple(out)


def _as_points(points: Any, d: int) -> list[Vector]:
    if isinstance(points, np.ndarray):
        if points.ndim != 2 or points.shape[1] != d:
            raise ShapeError(f"points must have shape (N, {d}), got {points.shape}")
        if points.dtype.kind == "f" and not np.all(np.isfinite(points)):
            bad = np.argwhere(~np.isfinite(points))[0]
            raise InvalidArgument(f"points[{bad[0]}][{bad[1]}] is not a finite number")
        points = points.tolist()
    return [_point_from(p, d, f"points[{k}]") for k, p in enumerate(points)]


def _locate_points(data: NetData, cons: DomainRows, points: list[Vector]) -> list[PointLocation]:
    Z, colden = preactivations(data, points)
    n = data.n
    constant = set(data.constant)
    out = []
    # float screening values |Z| / ||w|| for the nearest hyperplane (exact comparison follows)
    # screening keys are logarithms (math.log takes integers of any size): log dist = log|Z| -
    # log(colden) - log||w||; near-ties are then compared exactly
    rep_half_log = {r: 0.5 * math.log(data.norms[r]) for r in data.reps}
    side_half_log = [0.5 * math.log(sum(c * c for c in row)) for row in cons.rows]
    for p, x in enumerate(points):
        signs = []
        boundary_units = []
        for i in range(n):
            z = Z[i][p]
            if i in constant:
                s = (data.net.b[i] > 0) - (data.net.b[i] < 0)
            else:
                s = (z > 0) - (z < 0)
                if s == 0:
                    boundary_units.append(i)
            signs.append(s)
        side_values = [affine_value(r, e, x) for r, e in zip(cons.rows, cons.consts, strict=True)]
        outside = any(v < 0 for v in side_values)
        on_sides = tuple(str(cons.labels[k]) for k, v in enumerate(side_values) if v == 0)
        if outside:
            status = "outside"
        elif boundary_units or on_sides:
            status = "boundary"
        else:
            status = "interior"
        squared: Fraction | None
        nearest: tuple[Label, ...]
        if status == "outside":
            squared, nearest = None, ()
        elif status == "boundary":
            squared = Fraction(0)
            on_units = tuple(sorted({_rep_of(data, i) for i in boundary_units}))
            nearest = on_units + on_sides
        else:
            log_colden = math.log(colden[p])
            candidates: list[tuple[float, Label, Fraction | None, int]] = [
                (math.log(abs(Z[r][p])) - log_colden - rep_half_log[r], r, None, 0) for r in data.reps
            ]
            for k, v in enumerate(side_values):
                key = math.log(v.numerator) - math.log(v.denominator) - side_half_log[k]
                candidates.append((key, cons.labels[k], v, k))
            squared, nearest = _exact_minimum(data, cons, Z, colden, p, candidates)
        out.append(
            PointLocation(
                index=p,
                point=x,
                sign_vector=tuple(signs),
                status=status,
                region=None,
                boundary_units=tuple(boundary_units),
                boundary_sides=on_sides,
                squared_distance=squared,
                nearest=nearest,
            )
        )
    return out


def _label_key(label: Label) -> tuple[int, Any]:
    return (0, label) if isinstance(label, int) else (1, label)


def _rep_of(data: NetData, unit: int) -> int:
    for c in data.classes:
        if unit in c:
            return c[0]
    raise AssertionError(unit)  # pragma: no cover


def _exact_minimum(
    data: NetData,
    cons: DomainRows,
    Z: list[list[int]],
    colden: list[int],
    p: int,
    candidates: list[tuple[float, Label, Fraction | None, int]],
) -> tuple[Fraction | None, tuple[Label, ...]]:
    if not candidates:
        return None, ()
    best_key = min(c[0] for c in candidates)
    near = [c for c in candidates if c[0] <= best_key + 1e-9]  # logs: a relative 1e-9 margin
    exact: list[tuple[Fraction, Label]] = []
    for _, label, value, k in near:
        if value is None:
            assert isinstance(label, int)
            q = Fraction(Z[label][p] ** 2, colden[p] ** 2 * data.norms[label])
        else:
            row = cons.rows[k]
            q = value * value / sum(c * c for c in row)
        exact.append((q, label))
    best = min(q for q, _ in exact)
    return best, tuple(sorted((lab for q, lab in exact if q == best), key=_label_key))


def locate(
    net: TwoLayerReLU,
    points: Any,
    *,
    domain: DomainLike = None,
    facets: bool = False,
    facet_mode: FacetMode = "auto",
    exact_lp_max_dim: int = 16,
    witnesses: bool = False,
    progress: bool | None = None,
    time_limit: float | None = None,
) -> LocateResult:
    """Exact per-sample analysis of a batch of points: pattern, region, affine map, distance, visited graph.

    Parameters
    ----------
    net : TwoLayerReLU
    points : array-like, shape (N, d)
        Rationals (ints, Fractions, ``"p/q"`` strings) or floats; floats are taken at their
        exact binary value (lossless rationalisation).
    domain : DomainLike, keyword-only
        Read by :func:`reluexact.domain.as_domain` (``None``: all of R^d; ``"lo,hi;lo,hi"``,
        ``(lo, hi)`` for d = 1, ``[(lo, hi), ...]``, ``(A, b)`` meaning A x + b >= 0, a Box or
        Polytope). Domain sides count as region boundaries.
    facets : bool
        Also certify each visited region's facets (:mod:`reluexact.regions.facets`).
    facet_mode : {"auto", "exact", "none"}
        ``"auto"``: the exact LP up to d = ``exact_lp_max_dim``, a float LP above (its
        "redundant" verdicts are float-only); ``"exact"``: always the exact LP; ``"none"``: the
        exact ray tests only (the rest ``undecided``).
    exact_lp_max_dim : int
    witnesses : bool
        Keep each facet's certified relative-interior point (``Facet.point``; else None).
    progress : bool, optional
        tqdm progress bar over the regions' facets (default: only on a TTY).
    time_limit : float, optional
        Seconds allowed for the facets; when exceeded the remaining regions keep
        ``facets=None`` and the result has ``facets_complete=False``.

    Returns
    -------
    LocateResult

    See Also
    --------
    region_containing_point, reluexact.regions.affine.affine_map

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, 1]], [0])
    >>> r = locate(net, [[1, 0], [0, 1], [-1, 0], [0.5, 0.25]], domain="-2,2;-2,2")
    >>> [p.pattern for p in r.points], [p.region for p in r.points]
    (['11', '10', '00', '11'], [0, 1, 2, 0])
    >>> r.points[3].squared_distance, r.points[3].nearest
    (Fraction(1, 32), (1,))
    >>> sorted(r.graph.edges(data="units"))
    [(0, 1, (1,)), (1, 2, (0,))]
    """
    import networkx as nx

    check_budget(time_limit=time_limit)
    dom = as_domain(domain, net.input_dim)
    data = net_data(net)
    cons = domain_rows(dom)
    exact_points = _as_points(points, net.input_dim)
    located = _locate_points(data, cons, exact_points)
    # distinct regions, by pattern
    index_of: dict[str, int] = {}
    members: list[list[int]] = []
    first_point: list[Vector] = []
    first_signs: list[tuple[int, ...]] = []
    final_points = []
    for loc in located:
        region = None
        if loc.status == "interior":
            key = loc.pattern
            if key not in index_of:
                index_of[key] = len(members)
                members.append([])
                first_point.append(loc.point)
                first_signs.append(loc.sign_vector)
            region = index_of[key]
            members[region].append(loc.index)
        final_points.append(_with_region(loc, region))
    patterns = list(index_of)
    facet_results: list[FacetVerdicts | None] = [None] * len(patterns)
    complete = True
    if facets:
        import sys

        from tqdm.auto import tqdm

        show = sys.stderr.isatty() if progress is None else progress
        start = time.monotonic()
        basis = ray_basis(data, cons) if patterns else None
        for k in tqdm(range(len(patterns)), desc="facets", disable=not show or len(patterns) < 2):
            if time_limit is not None and time.monotonic() - start >= time_limit:
                complete = False
                break
            facet_results[k] = facet_verdicts(
                data,
                cons,
                first_point[k],
                first_signs[k],
                mode=facet_mode,
                exact_lp_max_dim=exact_lp_max_dim,
                keep_witnesses=witnesses,
                basis=basis,
            )
    regions = tuple(_region(net, k, patterns[k], first_point[k], facet_results[k]) for k in range(len(patterns)))
    graph = nx.Graph()
    for k, pattern in enumerate(patterns):
        graph.add_node(k, pattern=pattern, n_points=len(members[k]))
    _add_visited_edges(data, graph, patterns, first_point, index_of)
    return LocateResult(
        net=net,
        points=tuple(final_points),
        regions=regions,
        members=tuple(tuple(m) for m in members),
        graph=graph,
        domain=dom,
        facets_complete=complete,
    )


def merge_located(parts: Sequence[LocateResult]) -> LocateResult:
    """The :func:`locate` result of the concatenated batches, from the results of the batches in order.

    Points are renumbered by their batch's offset; a region is the one of its first batch (its
    point and facets are those of its first data point, as in one run); the visited graph is
    rebuilt (and its facet points certified) over the merged regions. Equal to ``locate`` on all
    the points with the same options (facets are computed from each region's first point either way).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, 1]], [0])
    >>> pts = [[1, 0], [0, 1], [-1, 0], [0.5, 0.25]]
    >>> merged = merge_located([locate(net, pts[:2]), locate(net, pts[2:])])
    >>> whole = locate(net, pts)
    >>> merged.points == whole.points, merged.regions == whole.regions, merged.members == whole.members
    (True, True, True)
    >>> sorted(merged.graph.edges(data="units")) == sorted(whole.graph.edges(data="units"))
    True
    """
    import dataclasses

    import networkx as nx

    if not parts:
        raise InvalidArgument("merge_located needs at least one batch result")
    net = parts[0].net
    index_of: dict[str, int] = {}
    regions: list[Region] = []
    members: list[list[int]] = []
    points: list[PointLocation] = []
    offset = 0
    for part in parts:
        renumber = []
        for r in part.regions:
            k = index_of.get(r.pattern)
            if k is None:
                k = index_of[r.pattern] = len(regions)
                regions.append(dataclasses.replace(r, id=k))
                members.append([])
            renumber.append(k)
        for r, group in zip(part.regions, part.members, strict=True):
            members[renumber[r.id]].extend(i + offset for i in group)
        for pt in part.points:
            region = None if pt.region is None else renumber[pt.region]
            points.append(dataclasses.replace(pt, index=pt.index + offset, region=region))
        offset += len(part.points)
    patterns = list(index_of)
    graph = nx.Graph()
    for k, pattern in enumerate(patterns):
        graph.add_node(k, pattern=pattern, n_points=len(members[k]))
    _add_visited_edges(net_data(net), graph, patterns, [r.point for r in regions], index_of)
    return LocateResult(
        net=net,
        points=tuple(points),
        regions=tuple(regions),
        members=tuple(tuple(sorted(m)) for m in members),
        graph=graph,
        domain=parts[0].domain,
        facets_complete=all(part.facets_complete for part in parts),
    )


def _region(net: TwoLayerReLU, k: int, pattern: str, point: Vector, verdicts: FacetVerdicts | None) -> Region:
    if verdicts is None:
        return Region(k, pattern, point, None, False, (), (), (), net)
    return Region(
        k,
        pattern,
        point,
        verdicts.facets,
        verdicts.is_certified,
        verdicts.redundant,
        verdicts.redundant_float,
        verdicts.undecided,
        net,
    )


def _with_region(loc: PointLocation, region: int | None) -> PointLocation:
    return PointLocation(
        index=loc.index,
        point=loc.point,
        sign_vector=loc.sign_vector,
        status=loc.status,
        region=region,
        boundary_units=loc.boundary_units,
        boundary_sides=loc.boundary_sides,
        squared_distance=loc.squared_distance,
        nearest=loc.nearest,
    )


def _add_visited_edges(
    data: NetData, graph: Any, patterns: list[str], points: list[Vector], index_of: dict[str, int]
) -> None:
    if not patterns:
        return
    n = data.n
    as_int = {int(p[::-1], 2) if n else 0: k for p, k in index_of.items()}
    pairs = []
    for mask_int, k in as_int.items():
        for c, cmask in enumerate(data.class_mask):
            other = as_int.get(mask_int ^ cmask)
            if other is not None and other > k:
                pairs.append((k, other, c))
    if not pairs:
        return
    # certify: the segment between the sample points crosses the class hyperplane in the
    # relative interior of the shared facet (all other units keep their strict sign).
    rows = data.rows
    crossing_points = []
    for k, other, c in pairs:
        rep = data.reps[c]
        row = rows[rep]
        hx = affine_value(row[:-1], row[-1], points[k])
        hy = affine_value(row[:-1], row[-1], points[other])
        if hx < 0:
            hx, hy = -hx, -hy
        crossing_points.append(crossing(points[k], points[other], hx, hy))
    Z, _ = preactivations(data, crossing_points)
    for e, (k, other, c) in enumerate(pairs):
        units = data.classes[c]
        cls = set(units)
        for i in range(n):
            z = Z[i][e]
            if i in cls:
                ok = z == 0
            elif i in data.constant:
                ok = True
            else:
                ok = (z > 0) == (patterns[k][i] == "1") and z != 0
            if not ok:
                raise CertificationError("internal: visited-region edge point failed its exact check")
        graph.add_edge(
            k, other, units=units, point=crossing_points[e], jump=_gradient_jump(data.net, units, patterns[k])
        )


def _gradient_jump(net: TwoLayerReLU, units: tuple[int, ...], pattern_from: str) -> Matrix:
    """Gradient change crossing the hyperplane of ``units`` from the region with ``pattern_from``.

    sum over the units of +a_i w_i^T (unit switching on) or -a_i w_i^T (switching off): the
    continuity restriction says it is the same all along the hyperplane.
    """
    m, d = net.output_dim, net.input_dim
    jump = [[Fraction(0)] * d for _ in range(m)]
    for i in units:
        sign = -1 if pattern_from[i] == "1" else 1
        a = net.unit_output_weights(i)
        w = net.W[i]
        for r in range(m):
            if a[r]:
                coef = sign * a[r]
                row = jump[r]
                for c in range(d):
                    if w[c]:
                        row[c] += coef * w[c]
    return tuple(tuple(row) for row in jump)


def sign_vector(net: TwoLayerReLU, x: Sequence[Any]) -> tuple[int, ...]:
    """Exact signs (-1, 0, +1) of the pre-activations w_i . x + b_i at ``x`` (Sage's ``sign_vector``).

    Examples
    --------
    >>> sign_vector(TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, 1]], [0]), [1, 1])
    (1, 0)
    """
    from reluexact.model import hidden_preactivations

    return tuple((v > 0) - (v < 0) for v in hidden_preactivations(net, x))


_MAX_CLOSURE_CLASSES = 16


@overload
def region_containing_point(
    source: RegionsResult | TwoLayerReLU,
    x: Sequence[Any],
    *,
    domain: DomainLike = None,
    closure: Literal[False] = False,
    facets: bool = True,
    facet_mode: FacetMode = "auto",
    exact_lp_max_dim: int = 16,
    witnesses: bool = False,
) -> Region: ...


@overload
def region_containing_point(
    source: RegionsResult | TwoLayerReLU,
    x: Sequence[Any],
    *,
    domain: DomainLike = None,
    closure: Literal[True],
    facets: bool = True,
    facet_mode: FacetMode = "auto",
    exact_lp_max_dim: int = 16,
    witnesses: bool = False,
) -> tuple[Region, ...]: ...


def region_containing_point(
    source: RegionsResult | TwoLayerReLU,
    x: Sequence[Any],
    *,
    domain: DomainLike = None,
    closure: bool = False,
    facets: bool = True,
    facet_mode: FacetMode = "auto",
    exact_lp_max_dim: int = 16,
    witnesses: bool = False,
) -> Region | tuple[Region, ...]:
    """The region containing the point ``x`` (Sage's semantics), looked up in a result or computed from a net.

    A point on a hyperplane or on a side of the domain lies in no open region: it is refused
    (as Sage's ``region_containing_point`` refuses it), unless ``closure=True``, which returns
    every region whose closure contains it (one region for an interior point).

    Parameters
    ----------
    source : RegionsResult or TwoLayerReLU
        A result of :func:`~reluexact.regions.regions` (the region is looked up in it, with its
        enumerated facets), or a network (the region is computed from the point alone, any d;
        its facets certified as in :func:`locate`).
    x : sequence of d rationals (floats are taken at their exact binary value)
    domain : DomainLike, keyword-only
        For a network (:func:`reluexact.domain.as_domain`; ``None``: R^d). A result has its own.
    closure : bool
        Return the tuple of all regions whose closure contains ``x`` instead of refusing a
        boundary point.
    facets, facet_mode, exact_lp_max_dim, witnesses
        For a network: as in :func:`locate` (facets on by default).

    Returns
    -------
    Region, or tuple of Region when ``closure=True``

    Raises
    ------
    InvalidArgument
        If ``x`` lies on a hyperplane or a side of the domain (and ``closure`` is False); if a
        PARTIAL result may miss the answer.
    DomainError
        If ``x`` is outside the domain.

    Examples
    --------
    >>> from reluexact.regions import regions
    >>> net = TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, 1]], [0])
    >>> res = regions(net)
    >>> region_containing_point(res, [2, 1]).pattern
    '11'
    >>> r = region_containing_point(net, [2, 1])  # from the network alone, with certified facets
    >>> r.pattern, [f.label for f in r.facets]
    ('11', ['h:0', 'h:1'])
    >>> region_containing_point(res, [1, 1])
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: the point lies on the hyperplane of unit 2 (H_2: ...pass closure=True...
    >>> sorted(r.pattern for r in region_containing_point(res, [1, 1], closure=True))
    ['10', '11']
    >>> sorted(r.pattern for r in region_containing_point(net, [0, 0], closure=True))
    ['00', '01', '10', '11']
    """
    if isinstance(source, RegionsResult):
        if domain is not None:
            raise InvalidArgument("a RegionsResult has its own domain: do not pass domain= with a result")
        if (facets, facet_mode, exact_lp_max_dim, witnesses) != (True, "auto", 16, False):
            raise InvalidArgument(
                "facets, facet_mode, exact_lp_max_dim and witnesses are for a network: the regions of a "
                "RegionsResult carry the facets the enumeration certified"
            )
        net, dom = source.network, source.domain
    elif isinstance(source, TwoLayerReLU):
        net, dom = source, as_domain(domain, source.input_dim)
    else:
        raise InvalidArgument(
            f"region_containing_point needs a RegionsResult or a TwoLayerReLU, got {type(source).__name__}"
        )
    point = _point_from(x, net.input_dim, "point")
    data = net_data(net)
    cons = domain_rows(dom)
    loc = _locate_points(data, cons, [point])[0]
    if loc.status == "outside":
        outside = [
            label
            for label, row, const in zip(cons.labels, cons.rows, cons.consts, strict=True)
            if affine_value(row, const, point) < 0
        ]
        raise DomainError(f"the point is outside the domain {dom!r} (it violates the side(s) {', '.join(outside)})")
    if loc.status == "boundary" and not closure:
        raise InvalidArgument(
            f"the point lies on {_boundary_text(loc)}: it is in no open region; pass closure=True "
            "for the regions whose closure contains it"
        )
    options = {"facets": facets, "facet_mode": facet_mode, "exact_lp_max_dim": exact_lp_max_dim, "witnesses": witnesses}
    if isinstance(source, RegionsResult):
        found = _closure_in_result(source, loc) if loc.status == "boundary" else (_lookup(source, loc),)
    elif loc.status == "boundary":
        found = _closure_from_net(net, dom, data, cons, loc, options)
    else:
        found = locate(net, [point], domain=dom, progress=False, **options).regions  # type: ignore[arg-type]
    return found if closure else found[0]


def _boundary_text(loc: PointLocation) -> str:
    # people-facing: units and hyperplanes numbered from 1 (unit 1 = H_1)
    parts = []
    units = [i + 1 for i in loc.boundary_units]
    if len(units) == 1:
        parts.append(f"the hyperplane of unit {units[0]} (H_{units[0]}: w_{units[0]} . x + b_{units[0]} = 0)")
    elif units:
        parts.append(
            "the hyperplanes of units " + ", ".join(map(str, units)) + " (" + ", ".join(f"H_{u}" for u in units) + ")"
        )
    if loc.boundary_sides:
        parts.append("the domain side(s) " + ", ".join(loc.boundary_sides))
    return " and ".join(parts)


def _lookup(result: RegionsResult, loc: PointLocation) -> Region:
    region = result.region_with_pattern(loc.pattern)
    if region is not None:
        return region
    if result.complete:
        raise CertificationError(
            f"pattern {loc.pattern[:40]} of an interior point is missing from a complete enumeration (please "
            "report this with the model)"
        )
    raise InvalidArgument(
        "the region containing the point was not reached by this PARTIAL enumeration; enumerate without a "
        "budget, or use region_containing_point(net, x), which computes it from the point"
    )


def _closure_in_result(result: RegionsResult, loc: PointLocation) -> tuple[Region, ...]:
    if not result.complete:
        raise InvalidArgument(
            "closure=True on a PARTIAL enumeration could miss regions; enumerate without a budget, or use "
            "region_containing_point(net, x, closure=True)"
        )
    # the closure of an open region is its non-strict system: x is in it iff every unit that is
    # non-zero at x has the region's sign (x is in the closed domain already)
    fixed = [(i, s > 0) for i, s in enumerate(loc.sign_vector) if s != 0]
    return tuple(r for r in result.regions if all((r.pattern[i] == "1") == on for i, on in fixed))


def _closure_from_net(
    net: TwoLayerReLU, dom: Domain, data: NetData, cons: DomainRows, loc: PointLocation, options: dict[str, Any]
) -> tuple[Region, ...]:
    from reluexact.lp import strict_feasible_point

    on = set(loc.boundary_units)  # every unit of a class through x is zero there
    through = [c for c, units in enumerate(data.classes) if units[0] in on]
    if len(through) > _MAX_CLOSURE_CLASSES:
        raise InvalidArgument(
            f"the point lies on {len(through)} distinct hyperplanes: closure=True would test 2^{len(through)} "
            f"sign choices (limit 2^{_MAX_CLOSURE_CLASSES}); enumerate the regions of a small box around it instead"
        )
    rep_sign = {c: loc.sign_vector[data.classes[c][0]] for c in range(len(data.classes))}
    points = []
    for choice in itertools.product((1, -1), repeat=len(through)):
        signs = dict(rep_sign)
        signs.update(zip(through, choice, strict=True))
        rows = [[signs[c] * v for v in data.rows[data.classes[c][0]]] for c in range(len(data.classes))]
        A = [r[:-1] for r in rows] + [list(r) for r in cons.rows]
        b = [r[-1] for r in rows] + list(cons.consts)
        inside = strict_feasible_point(A, b) if A else tuple(Fraction(0) for _ in range(net.input_dim))
        if inside is not None:
            points.append(inside)
    return locate(net, points, domain=dom, progress=False, **options).regions
