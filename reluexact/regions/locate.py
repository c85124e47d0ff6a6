"""Per-sample analysis: the exact linear region of each data point, for any input dimension.

Enumerating every region is hopeless for d = 64 or d = 784, but the regions the *data*
visits are few and each is described exactly from one of its points. For a batch of points
:func:`locate` returns, exactly:

* the **sign vector** of each point (sign of w_i . x + b_i per unit) and its activation
  pattern; a point with a zero pre-activation lies *on* a hyperplane and is reported as a
  boundary point, listing those units;
* for interior points, the **region** (one per distinct pattern) with its **affine map**
  f(y) = G y + o, G = sum_{i active} a_i w_i^T (m x d), o = sum_{i active} a_i b_i + c;
* the exact **distance to the nearest boundary** of the point's region: for a point strictly
  inside a polyhedron P = {h_k >= 0}, dist(x, boundary P) = min_k h_k(x) / ||grad h_k||,
  over all defining inequalities (a hyperplane not carrying a facet of P is never nearer than
  one that does, since the segment to it leaves P first). It is given as the exact rational
  *squared* distance, as a sympy expression ``sqrt(q)`` and as a float;
* the **facets** of each visited region (see :func:`region_facets`);
* the **graph of visited regions** (networkx): an edge joins two visited regions whose
  patterns differ in exactly one class of coincident hyperplanes. Such regions always share
  a facet, and the edge carries a rational point in its relative interior: on the segment
  between their sample points every other unit keeps its (strict) sign, so the point where the
  segment crosses the hyperplane is strictly inside both closures (checked exactly).

Exactness: points are rationals (floats are rationalised losslessly, i.e. taken at their
exact binary value). Pre-activations are exact integer matrix products (python-flint
``fmpz_mat``, with per-unit and per-point common denominators). Facets: see
:func:`region_facets` for exactly what is certified and what, for large d, is a float verdict.

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

import functools
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from reluexact.errors import CertificationError, DomainError, InvalidArgument, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.rational import to_fraction

if TYPE_CHECKING:
    import networkx
    import sympy

__all__ = [
    "LocateResult",
    "PointLocation",
    "RegionFacets",
    "VisitedRegion",
    "affine_map",
    "as_domain",
    "locate",
    "locate_to_json",
    "read_points_csv",
    "region_containing_point",
    "region_facets",
]

Vector = tuple[Fraction, ...]
Matrix = tuple[tuple[Fraction, ...], ...]
Label = int | str
FacetMode = Literal["exact", "auto", "none"]


# ---------------------------------------------------------------------------------------------
# small exact helpers


def _lcm(values: Iterable[int]) -> int:
    result = 1
    for v in values:
        if v != 1:
            result = math.lcm(result, v)
    return result


def _point_from(value: Any, d: int, where: str) -> Vector:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ShapeError(f"{where} must be a sequence of d = {d} numbers, got {type(value).__name__}")
    out = []
    for k, v in enumerate(value):
        if type(v) is float:
            if not math.isfinite(v):
                raise InvalidArgument(f"{where}, coordinate {k}: {v!r} is not a finite number")
            out.append(Fraction(v))  # lossless: the exact binary value
        else:
            out.append(to_fraction(v, where=f"{where}, coordinate {k}", allow_float=True))
    if len(out) != d:
        raise ShapeError(f"{where} has {len(out)} coordinates but the network has d = {d} inputs")
    return tuple(out)


def _as_points(points: Any, d: int) -> list[Vector]:
    if isinstance(points, np.ndarray):
        if points.ndim != 2 or points.shape[1] != d:
            raise ShapeError(f"points must have shape (N, {d}), got {points.shape}")
        if points.dtype.kind == "f" and not np.all(np.isfinite(points)):
            bad = np.argwhere(~np.isfinite(points))[0]
            raise InvalidArgument(f"point {bad[0]}, coordinate {bad[1]} is not a finite number")
        points = points.tolist()
    return [_point_from(p, d, f"point {k}") for k, p in enumerate(points)]


# ---------------------------------------------------------------------------------------------
# domains: None (all of R^d), a box, or a polytope A x + b >= 0


@dataclass(frozen=True, slots=True)
class _Constraints:
    """Integer rows r_k and constants e_k of the inequalities r_k . x + e_k >= 0, with labels."""

    labels: tuple[Label, ...]
    rows: tuple[tuple[int, ...], ...]
    consts: tuple[int, ...]


def as_domain(domain: Any, d: int) -> Any:
    """Read a domain into :class:`reluexact.regions.arrangement.Domain` (shared with region enumeration).

    Accepts ``None`` (R^d), a box (d pairs or ``"LO,HI;..."``), a
    :class:`~reluexact.regions.arrangement.Polytope`, a ``Domain``, or a pair ``(A, b)`` /
    mapping ``{"A": ..., "b": ...}`` meaning A x + b >= 0. Raises DomainError when the
    domain has no interior point.

    Examples
    --------
    >>> as_domain(([[1, 0], [0, 1], [-1, -1]], [0, 0, 1]), 2)
    polytope(sides=3)
    >>> as_domain("0,1;0,2", 2)
    box[0,1;0,2]
    >>> import numpy as np
    >>> as_domain(np.array([[0.0, 1.0], [0.0, 2.0]]), 2)
    box[0,1;0,2]
    """
    from reluexact.regions.arrangement import Domain, Polytope, make_domain

    if isinstance(domain, np.ndarray):
        domain = domain.tolist()
    if domain is None or isinstance(domain, (Domain, Polytope, str)):
        return make_domain(domain, d)
    if (
        isinstance(domain, dict)
        or (isinstance(domain, Sequence) and len(domain) == 2 and _looks_like_polytope(domain))
        or not (isinstance(domain, Sequence) and all(_is_pair(side) for side in domain))
    ):
        A, b = _polytope_parts(domain)
        return make_domain(Polytope(A, b), d)
    return make_domain(domain, d)


def _domain_constraints(domain: Any, d: int) -> _Constraints:
    dom = as_domain(domain, d)
    return _Constraints(
        tuple(dom.labels), tuple(tuple(normal) for normal, _ in dom.sides), tuple(offset for _, offset in dom.sides)
    )


def _is_pair(side: Any) -> bool:
    return (
        isinstance(side, Sequence)
        and not isinstance(side, str)
        and len(side) == 2
        and not any(isinstance(v, Sequence) and not isinstance(v, str) for v in side)
    )


def _looks_like_polytope(domain: Any) -> bool:
    first = domain[0]
    return isinstance(first, Sequence) and len(first) > 0 and isinstance(first[0], Sequence)


def _polytope_parts(domain: Any) -> tuple[list[Any], list[Any]]:
    for names in (("A", "b"), ("inequality_matrix", "inequality_vector")):
        if all(hasattr(domain, n) for n in names):
            return list(getattr(domain, names[0])), list(getattr(domain, names[1]))
    if isinstance(domain, dict) and "A" in domain and "b" in domain:
        return list(domain["A"]), list(domain["b"])
    if isinstance(domain, Sequence) and not isinstance(domain, str) and len(domain) == 2:
        return list(domain[0]), list(domain[1])
    raise DomainError(
        "domain must be None (all of R^d), a box (d pairs LO,HI or 'LO,HI;LO,HI'), "
        "or a polytope (A, b) meaning A x + b >= 0"
    )


# ---------------------------------------------------------------------------------------------
# per-network integer data


class _NetData:
    """Integer forms of the network: each hyperplane class as an integer row, plus the affine-map data."""

    __slots__ = ("Wz", "class_mask", "classes", "constant", "d", "n", "net", "norms", "reps", "rowden", "rows")

    def __init__(self, net: TwoLayerReLU) -> None:
        import flint

        self.net = net
        self.d = net.input_dim
        self.n = net.n_hidden
        rows = []
        rowden = []
        for row, bias in zip(net.W, net.b, strict=True):
            den = _lcm([v.denominator for v in row] + [bias.denominator])
            rowden.append(den)
            rows.append([v.numerator * (den // v.denominator) for v in (*row, bias)])
        self.rowden = rowden
        self.rows = rows
        self.Wz = flint.fmpz_mat(rows) if rows else None
        self.norms = [sum(v * v for v in r[:-1]) for r in rows]
        self.constant = tuple(i for i in range(self.n) if self.norms[i] == 0)
        self.classes = _classes_from_rows(rows)
        self.reps = tuple(c[0] for c in self.classes)
        self.class_mask = tuple(sum(1 << i for i in c) for c in self.classes)


@functools.lru_cache(maxsize=4)
def _net_data(net: TwoLayerReLU) -> _NetData:
    """The integer data of a network, cached (networks are immutable and hash by value)."""
    return _NetData(net)


@functools.lru_cache(maxsize=4)
def _ray_basis(data: _NetData, cons: _Constraints) -> _RayBasis:
    """The ray-test products of (network, domain), cached: repeated region_facets calls share them."""
    return _RayBasis(data, cons)


def _classes_from_rows(rows: list[list[int]]) -> tuple[tuple[int, ...], ...]:
    """Coincident-hyperplane classes from integer rows (w, b): primitive, first non-zero w entry positive."""
    classes: dict[tuple[int, ...], list[int]] = {}
    for i, r in enumerate(rows):
        if not any(r[:-1]):
            continue
        g = math.gcd(*r)
        first = next(v for v in r if v)
        sg = g if first > 0 else -g
        classes.setdefault(tuple(v // sg for v in r), []).append(i)
    return tuple(sorted((tuple(c) for c in classes.values()), key=lambda c: c[0]))


def _preactivations(data: _NetData, points: list[Vector]) -> tuple[list[list[int]], list[int]]:
    """Integer matrix Z (n x N) with Z[i][p] = (w_i . x_p + b_i) * rowden_i * colden_p, and colden."""
    import flint

    N = len(points)
    d = data.d
    colden = [_lcm(v.denominator for v in p) for p in points]
    if data.Wz is None or N == 0:
        return [[] for _ in range(data.n)], colden
    cols = [[v.numerator * (cd // v.denominator) for v in p] + [cd] for p, cd in zip(points, colden, strict=True)]
    Xz = flint.fmpz_mat([[cols[p][j] for p in range(N)] for j in range(d + 1)])
    Z = data.Wz * Xz
    flat = [int(v) for v in Z.entries()]
    return [flat[i * N : (i + 1) * N] for i in range(data.n)], colden


# ---------------------------------------------------------------------------------------------
# value objects


@dataclass(frozen=True, slots=True)
class RegionFacets:
    """The non-redundant defining inequalities (facets) of a full-dimensional region, and their certificates.

    Labels: an ``int`` i stands for the hyperplane of unit i and of every unit coincident
    with it (i is the smallest unit of its class, see
    :func:`reluexact.regions.families.coincident_hyperplanes`); ``"box:k:lo"`` /
    ``"box:k:hi"`` are box sides, ``"side:k"`` polytope rows (or the Polytope's labels).

    Attributes
    ----------
    facets : tuple of labels
        Certified facets: for each, a rational point in the relative interior of the facet
        was found and checked exactly (on the hyperplane, strictly inside every other
        inequality). ``certificates`` names how it was found.
    certificates : tuple of str
        For each facet: ``"ray"`` (first hyperplane hit, uniquely, by a rational ray from
        the sample point) or ``"lp"`` (an LP point outside this inequality and inside all
        others; the segment to the sample point crosses the facet's relative interior).
    redundant : tuple of labels
        Certified redundant: an exact LP showed min h_k >= 0 over the other inequalities,
        proved by its exact dual.
    redundant_float : tuple of labels
        A float LP (HiGHS through scipy) found no point outside this inequality: redundant
        *in floating point*, not certified. Only for d above ``exact_lp_max_dim``.
    undecided : tuple of labels
        Neither certified nor screened (no float LP available and d too large for the exact LP).
    witnesses : tuple of (tuple of Fraction) or None
        The certified relative-interior points, one per facet, when requested.
    """

    facets: tuple[Label, ...]
    certificates: tuple[str, ...]
    redundant: tuple[Label, ...]
    redundant_float: tuple[Label, ...]
    undecided: tuple[Label, ...]
    witnesses: tuple[Vector, ...] | None = None

    @property
    def is_certified(self) -> bool:
        """True when every inequality is certified either a facet or redundant."""
        return not self.redundant_float and not self.undecided

    def __repr__(self) -> str:
        extra = "" if self.is_certified else f", float-only={len(self.redundant_float) + len(self.undecided)}"
        return f"RegionFacets(facets={len(self.facets)}, redundant={len(self.redundant)}{extra})"


class VisitedRegion:
    """A linear region visited by the data: its pattern, a rational point inside, its exact affine map.

    The gradient (m x d) and offset are computed exactly on first access and cached.

    Attributes
    ----------
    pattern : str
        '1' for each active unit (w_i . x + b_i > 0 inside the region), else '0'.
    point : tuple of Fraction
        A point strictly inside the region (the first data point found in it).
    point_indices : tuple of int
        Indices of the batch points inside the region.
    facets : RegionFacets or None
        When facets were requested.
    """

    __slots__ = ("_affine", "_net", "facets", "pattern", "point", "point_indices")

    pattern: str
    point: Vector
    point_indices: tuple[int, ...]
    facets: RegionFacets | None
    _net: TwoLayerReLU
    _affine: tuple[Matrix, Vector] | None

    def __init__(
        self,
        net: TwoLayerReLU,
        pattern: str,
        point: Vector,
        point_indices: tuple[int, ...],
        facets: RegionFacets | None,
    ) -> None:
        setter = object.__setattr__
        setter(self, "_net", net)
        setter(self, "pattern", pattern)
        setter(self, "point", point)
        setter(self, "point_indices", point_indices)
        setter(self, "facets", facets)
        setter(self, "_affine", None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("VisitedRegion is immutable")

    @property
    def gradient(self) -> Matrix:
        """G = sum_{i active} a_i w_i^T, m x d (exact)."""
        return self._affine_map()[0]

    @property
    def offset(self) -> Vector:
        """o = sum_{i active} a_i b_i + c, length m (exact)."""
        return self._affine_map()[1]

    def _affine_map(self) -> tuple[Matrix, Vector]:
        if self._affine is None:
            object.__setattr__(self, "_affine", affine_map(self._net, self.pattern))
        assert self._affine is not None
        return self._affine

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VisitedRegion):
            return NotImplemented
        return (self._net, self.pattern, self.point_indices) == (other._net, other.pattern, other.point_indices)

    def __hash__(self) -> int:
        return hash((self.pattern, self.point_indices))

    def __repr__(self) -> str:
        pattern = self.pattern if len(self.pattern) <= 16 else self.pattern[:16] + "..."
        return f"VisitedRegion(pattern={pattern!r}, points={len(self.point_indices)})"


@dataclass(frozen=True, slots=True)
class PointLocation:
    """Where one point lies: its signs, region, and exact distance to the nearest region boundary.

    Attributes
    ----------
    index : int
        Position in the batch.
    point : tuple of Fraction
        The exact point (floats taken at their exact binary value).
    sign_vector : tuple of int
        sign(w_i . x + b_i) in {-1, 0, 1} per unit (Sage's ``sign_vector``).
    status : {"interior", "boundary", "outside"}
        ``"interior"``: strictly inside a region (and the domain); ``"boundary"``: on a
        hyperplane or a domain side; ``"outside"``: outside the domain.
    region : int or None
        Index into :attr:`LocateResult.regions` for interior points.
    boundary_units : tuple of int
        Non-constant units with w_i . x + b_i = 0 exactly.
    boundary_sides : tuple of str
        Domain sides the point lies on.
    squared_distance : Fraction or None
        Exact squared Euclidean distance to the boundary of the point's region (the nearest
        hyperplane or domain side); 0 on a boundary; None outside the domain, or when the
        region has no boundary (no hyperplane, no domain).
    nearest : tuple of labels
        The hyperplanes (smallest unit of the class) / domain sides at that distance.
    """

    index: int
    point: Vector
    sign_vector: tuple[int, ...]
    status: str
    region: int | None
    boundary_units: tuple[int, ...]
    boundary_sides: tuple[str, ...]
    squared_distance: Fraction | None
    nearest: tuple[Label, ...]

    @property
    def pattern(self) -> str:
        """'1' where w_i . x + b_i > 0, else '0'."""
        return "".join("1" if s > 0 else "0" for s in self.sign_vector)

    @property
    def on_boundary(self) -> bool:
        """True when the point is on a hyperplane or a domain side."""
        return self.status == "boundary"

    @property
    def distance(self) -> sympy.Expr | None:
        """The exact distance, ``sqrt(squared_distance)``, as a sympy expression."""
        if self.squared_distance is None:
            return None
        import sympy

        q = self.squared_distance
        return sympy.sqrt(sympy.Rational(q.numerator, q.denominator))

    @property
    def distance_float(self) -> float | None:
        """The distance as a float (rounded)."""
        if self.squared_distance is None:
            return None
        q = self.squared_distance
        return _sqrt_float(q)

    def __repr__(self) -> str:
        return f"PointLocation(index={self.index}, status={self.status!r}, region={self.region})"


def _sqrt_float(q: Fraction) -> float:
    p, r = q.numerator, q.denominator
    # sqrt(p / r) without overflow for huge integers
    shift = max(p.bit_length(), r.bit_length()) - 1000
    if shift > 0:
        shift += shift % 2
        return math.sqrt(float(Fraction(p >> shift, r >> shift))) if r >> shift else math.inf
    return math.sqrt(p / r)


@dataclass(frozen=True, slots=True)
class LocateResult:
    """The result of :func:`locate`: one :class:`PointLocation` per point, the visited regions and their graph.

    Attributes
    ----------
    net : TwoLayerReLU
    points : tuple of PointLocation
    regions : tuple of VisitedRegion
        The distinct regions holding at least one interior point, in order of first visit.
    graph : networkx.Graph
        Nodes are region indices (attributes ``pattern``, ``n_points``); an edge (a, b), a < b,
        joins regions whose patterns differ in exactly one class of coincident hyperplanes, with
        attributes ``units`` (the class), ``point`` (a rational point in the relative interior
        of the shared facet, checked exactly) and ``jump`` (gradient of b minus gradient of a,
        m x d: sum of +-a_i w_i^T over the class, the continuity restriction).
    domain : object
        The domain as given.
    facets_complete : bool
        False when facets were requested but ``time_limit`` stopped their computation: the
        regions not reached have ``facets=None`` (a partial result, marked so).
    """

    net: TwoLayerReLU
    points: tuple[PointLocation, ...]
    regions: tuple[VisitedRegion, ...]
    graph: networkx.Graph
    domain: Any = None
    facets_complete: bool = True

    @property
    def n_regions(self) -> int:
        """Number of distinct visited regions."""
        return len(self.regions)

    def __repr__(self) -> str:
        boundary = sum(1 for p in self.points if p.status == "boundary")
        return f"LocateResult(points={len(self.points)}, regions={len(self.regions)}, boundary={boundary})"


# ---------------------------------------------------------------------------------------------
# the affine map of a pattern


def affine_map(net: TwoLayerReLU, pattern: str | Sequence[int]) -> tuple[Matrix, Vector]:
    """The exact affine map (gradient G, offset o) of the network on the region with a given pattern.

    G = sum_{i active} a_i w_i^T (m x d), o = sum_{i active} a_i b_i + c, computed with an
    integer matrix product (python-flint).

    Parameters
    ----------
    net : TwoLayerReLU
    pattern : str of '0'/'1' (length n) or a sequence of active unit indices

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
    >>> affine_map(net, "100")
    (((Fraction(2, 1), Fraction(4, 1)),), (Fraction(3, 5),))
    >>> affine_map(net, [0, 2])[0]
    ((Fraction(47, 20), Fraction(19, 10)),)
    """
    import flint

    n, d, m = net.n_hidden, net.input_dim, net.output_dim
    if isinstance(pattern, str):
        if len(pattern) != n or set(pattern) - {"0", "1"}:
            raise InvalidArgument(f"pattern must be a string of n = {n} characters '0'/'1', got {pattern[:40]!r}")
        active = [i for i, ch in enumerate(pattern) if ch == "1"]
    else:
        active = sorted({int(i) for i in pattern})
        if any(not 0 <= i < n for i in active):
            raise InvalidArgument(f"active units must be in 0..{n - 1}")
    if not active:
        return tuple(tuple(Fraction(0) for _ in range(d)) for _ in range(m)), tuple(net.c)
    den_w = _lcm(v.denominator for i in active for v in (*net.W[i], net.b[i]))
    den_a = _lcm(net.A[k][i].denominator for k in range(m) for i in active)
    Wz = flint.fmpz_mat([[v.numerator * (den_w // v.denominator) for v in (*net.W[i], net.b[i])] for i in active])
    Az = flint.fmpz_mat(
        [[net.A[k][i].numerator * (den_a // net.A[k][i].denominator) for i in active] for k in range(m)]
    )
    P = (Az * Wz).tolist()
    total = den_w * den_a
    gradient = tuple(tuple(Fraction(int(P[k][j]), total) for j in range(d)) for k in range(m))
    offset = tuple(Fraction(int(P[k][d]), total) + net.c[k] for k in range(m))
    return gradient, offset


# ---------------------------------------------------------------------------------------------
# facets


class _RayBasis:
    """The unoriented inequalities of every region of (net, domain) and the exact ray-test products.

    Row k is r_k . y + e_k (a hyperplane class representative or a domain side). A region
    orients each hyperplane row by the sign sigma_k of its sample point; a ray direction
    v_j (a column of V) becomes -sigma_j v_j, and the rate of change of the oriented h_k
    along it is -sigma_k sigma_j (r_k . v_j). So the products P0 = R V are computed once.
    """

    __slots__ = ("consts", "d", "directions", "labels", "n_units", "rows")

    def __init__(self, data: _NetData, domain: _Constraints) -> None:
        import flint

        self.labels: list[Label] = [*data.reps, *domain.labels]
        self.rows: list[list[int]] = [data.rows[r][:-1] for r in data.reps] + [list(r) for r in domain.rows]
        self.consts: list[int] = [data.rows[r][-1] for r in data.reps] + list(domain.consts)
        self.n_units = len(data.reps)
        self.d = data.d
        self.directions: list[tuple[Any, np.ndarray]] = []
        if not self.rows:
            return
        Rz = flint.fmpz_mat(self.rows)
        sets = [Rz.transpose()]  # towards the foot of the perpendicular
        try:
            R = np.array(self.rows, dtype=np.float64)
            norms = np.linalg.norm(R, axis=1)
            if np.all(np.isfinite(norms)) and np.all(norms > 0):
                Vf = _right_inverse(R / norms[:, None]) / norms[None, :]
                if np.all(np.isfinite(Vf)):
                    sets.append(_integer_columns(Vf))
        except (np.linalg.LinAlgError, OverflowError, ValueError):  # pragma: no cover - float trouble: skip
            pass
        for V in sets:
            P = Rz * V
            C = len(self.rows)
            flat = [int(v) for v in P.entries()]
            P0 = np.empty((C, C), dtype=object)
            P0[:, :] = np.array(flat, dtype=object).reshape(C, C)
            self.directions.append((V, P0))


def _facets_of_system(
    basis: _RayBasis,
    sigma: list[int],
    x: Vector,
    *,
    mode: FacetMode,
    exact_lp_max_dim: int,
    keep_witnesses: bool,
) -> RegionFacets:
    """Facets of P = {sigma_k (r_k . y + e_k) >= 0} from a point x strictly inside P."""
    C = len(basis.rows)
    if C == 0:
        return RegionFacets((), (), (), (), (), () if keep_witnesses else None)
    d = len(x)
    rows = [[s * v for v in r] for s, r in zip(sigma, basis.rows, strict=True)]
    consts = [s * e for s, e in zip(sigma, basis.consts, strict=True)]
    labels = basis.labels
    cd = _lcm(v.denominator for v in x)
    xz = [v.numerator * (cd // v.denominator) for v in x]
    h = [sum(a * b for a, b in zip(r, xz, strict=True) if a) + e * cd for r, e in zip(rows, consts, strict=True)]
    if any(v <= 0 for v in h):
        raise CertificationError("internal: the sample point is not strictly inside its region")
    # the same oriented hyperplane twice (a unit's hyperplane that is also a domain side):
    # decide it once, report both labels
    alias: dict[int, int] = {}
    first_of: dict[tuple[int, ...], int] = {}
    for k in range(C):
        key = _oriented_key(rows[k], consts[k])
        if key in first_of:
            alias[k] = first_of[key]
        else:
            first_of[key] = k
    duplicate = np.array([k in alias for k in range(C)], dtype=bool)
    certified: dict[int, tuple[str, Vector | None]] = {}
    # 1. ray tests: from x along -sigma_j v_j; inequality j is certified a facet when its
    #    hyperplane is hit strictly first (hit time of k: h_k / P_kj over P_kj > 0).
    sig = np.array(sigma, dtype=object)
    h_obj = np.array(h, dtype=object)
    for V, P0 in basis.directions:
        P = P0 * sig[:, None] * sig[None, :]
        diag = np.array([P[j, j] for j in range(C)], dtype=object)
        # j is hit strictly first iff P_jj > 0 and for every k != j with P_kj > 0: h_k P_jj > h_j P_kj
        lhs = h_obj[:, None] * diag[None, :]
        rhs = h_obj[None, :] * P
        positive = P > 0
        ok_matrix = ~positive | (lhs > rhs)
        np.fill_diagonal(ok_matrix, True)
        ok_matrix[duplicate, :] = True  # a copy of k is hit together with k, which is checked
        ok = np.all(ok_matrix, axis=0) & (diag > 0) & ~duplicate
        for j in np.nonzero(ok)[0].tolist():
            if j in certified:
                continue
            witness = None
            if keep_witnesses:
                t = Fraction(h[j], cd * int(P[j, j]))
                vcol = [sigma[j] * int(V[k, j]) for k in range(d)]
                witness = tuple(xk - t * vk for xk, vk in zip(x, vcol, strict=True))
            certified[j] = ("ray", witness)
        if len(certified) + len(alias) == C:
            break
    redundant: list[int] = []
    redundant_float: list[int] = []
    undecided: list[int] = []
    primary = [k for k in range(C) if k not in alias]
    position = {k: p for p, k in enumerate(primary)}
    rows_p = [rows[k] for k in primary]
    consts_p = [consts[k] for k in primary]
    rest = [j for j in primary if j not in certified]
    if rest and mode != "none":
        use_exact = mode == "exact" or d <= exact_lp_max_dim
        for j in rest:
            verdict = _decide_by_lp(rows_p, consts_p, position[j], x, use_exact=use_exact)
            if verdict[0] == "facet":
                certified[j] = ("lp", verdict[1] if keep_witnesses else None)
            elif verdict[0] == "redundant":
                redundant.append(j)
            elif verdict[0] == "redundant_float":
                redundant_float.append(j)
            else:
                undecided.append(j)
    else:
        undecided = rest
    for k, first in alias.items():
        if first in certified:
            certified[k] = certified[first]
        for bucket in (redundant, redundant_float, undecided):
            if first in bucket:
                bucket.append(k)
        if isinstance(labels[first], int) and isinstance(labels[k], str):
            # a unit hyperplane lying on a side of the domain does not cut the domain:
            # report the side only (as region enumeration does)
            certified.pop(first, None)
            for bucket in (redundant, redundant_float, undecided):
                if first in bucket:
                    bucket.remove(first)
    redundant.sort()
    redundant_float.sort()
    undecided.sort()
    order = sorted(certified)
    return RegionFacets(
        facets=tuple(labels[j] for j in order),
        certificates=tuple(certified[j][0] for j in order),
        redundant=tuple(labels[j] for j in redundant),
        redundant_float=tuple(labels[j] for j in redundant_float),
        undecided=tuple(labels[j] for j in undecided),
        witnesses=tuple(certified[j][1] for j in order) if keep_witnesses else None,  # type: ignore[misc]
    )


def _oriented_key(row: Sequence[int], const: int) -> tuple[int, ...]:
    """(row, const) divided by its (positive) gcd: equal keys iff the same oriented half-space."""
    g = math.gcd(*row, const)
    return tuple(v // g for v in (*row, const)) if g else (*tuple(row), const)


def _right_inverse(R: np.ndarray) -> np.ndarray:
    """The float pseudo-inverse V of R (R V ~ I on the row space), via the eigen-decomposition of R R^T.

    Only used to choose ray directions; every hit is then checked exactly. (Cheaper than an
    SVD of the C x d matrix when C < d, and safe for rank-deficient R.)
    """
    n_rows, n_cols = R.shape
    if n_rows > n_cols:
        return np.asarray(np.linalg.pinv(R))
    values, vectors = np.linalg.eigh(R @ R.T)
    keep = values > values.max() * 1e-12 if values.size else values > 0
    inverse = np.zeros_like(values)
    inverse[keep] = 1.0 / values[keep]
    return np.asarray(R.T @ (vectors * inverse[None, :]) @ vectors.T)


def _integer_columns(V: np.ndarray) -> Any:
    """A float matrix as an fmpz_mat, each column scaled (exactly) to integers."""
    import flint

    d, C = V.shape
    cols = []
    for j in range(C):
        ratios = [float(v).as_integer_ratio() for v in V[:, j]]
        den = max(q for _, q in ratios)  # powers of two: the largest is their lcm
        cols.append([p * (den // q) for p, q in ratios])
    return flint.fmpz_mat([[cols[j][k] for j in range(C)] for k in range(d)])


def _crossing(x: Vector, p: Vector, hx: Fraction, hp: Fraction) -> Vector:
    """The point of the segment x -> p where an affine h with h(x) = hx > 0 >= hp = h(p) vanishes."""
    lam = hx / (hx - hp)
    return tuple(a + lam * (b - a) for a, b in zip(x, p, strict=True))


def _affine_value(row: Sequence[int], const: int, y: Vector) -> Fraction:
    return sum((r * v for r, v in zip(row, y, strict=True) if r), Fraction(const))


def _decide_by_lp(
    rows: list[list[int]], consts: list[int], j: int, x: Vector, *, use_exact: bool
) -> tuple[str, Vector | None]:
    """Is inequality j a facet? min h_j over the other inequalities (and h_j >= -1): < 0 iff facet."""
    C = len(rows)
    others = [k for k in range(C) if k != j]
    A = [rows[k] for k in others] + [rows[j]]
    b = [consts[k] for k in others] + [consts[j] + _norm_bound(rows[j])]  # h_j >= -||r_j|| keeps it bounded
    if use_exact:
        from reluexact.lp import minimize

        result = minimize(rows[j], A, b)
        if result.status != "optimal" or result.value is None or result.point is None:
            raise CertificationError(f"exact facet LP returned {result.status}")
        if result.value + consts[j] >= 0:
            return "redundant", None  # proved by the LP's exact dual
        return "facet", _facet_point(rows, consts, j, x, result.point)
    point = _float_lp_point(rows, consts, j)
    if point is None:
        return "undecided", None
    if point == "redundant":
        return "redundant_float", None
    assert isinstance(point, tuple)
    hp = _affine_value(rows[j], consts[j], point)
    if hp < 0 and all(_affine_value(rows[k], consts[k], point) >= 0 for k in others):
        return "facet", _facet_point(rows, consts, j, x, point)
    return "undecided", None


def _norm_bound(row: Sequence[int]) -> int:
    return max(1, math.isqrt(sum(v * v for v in row)))


def _facet_point(rows: list[list[int]], consts: list[int], j: int, x: Vector, p: Vector) -> Vector:
    hx = _affine_value(rows[j], consts[j], x)
    hp = _affine_value(rows[j], consts[j], p)
    z = _crossing(x, p, hx, hp)
    if _affine_value(rows[j], consts[j], z) != 0 or any(
        _affine_value(rows[k], consts[k], z) <= 0 for k in range(len(rows)) if k != j
    ):
        raise CertificationError("internal: facet witness is not in the facet's relative interior")
    return z


def _float_lp_point(rows: list[list[int]], consts: list[int], j: int) -> Vector | str | None:
    """Float LP (HiGHS via scipy) for inequality j: a point outside h_j and inside the others, or a verdict.

    Maximises a margin t (rows normalised): h_k(y)/|r_k| >= t for k != j, h_j(y)/|r_j| <= -t,
    t <= 1. A positive margin gives a point that survives rationalisation (it is then checked
    exactly by the caller); a margin <= 1e-9 is reported as ``"redundant"`` (a float verdict);
    ``None`` when scipy is missing or the LP fails.
    """
    try:
        from scipy.optimize import linprog
    except ImportError:
        return None
    try:
        R = np.array([[float(v) for v in r] for r in rows], dtype=np.float64)
        e = np.array([float(v) for v in consts], dtype=np.float64)
    except OverflowError:  # integers beyond float range: no float screening
        return None
    norms = np.linalg.norm(R, axis=1)
    if not (np.all(np.isfinite(norms)) and np.all(norms > 0) and np.all(np.isfinite(e))):
        return None
    Rn = R / norms[:, None]
    en = e / norms
    sign = np.ones(len(rows))
    sign[j] = -1.0  # -h_j/|r_j| >= t, others h_k/|r_k| >= t
    # variables (y, t); constraints  -sign_k (Rn_k . y + en_k) + t <= 0
    A_ub = np.hstack([-(sign[:, None] * Rn), np.ones((len(rows), 1))])
    b_ub = sign * en
    cost = np.zeros(R.shape[1] + 1)
    cost[-1] = -1.0
    bounds = [(None, None)] * R.shape[1] + [(None, 1.0)]
    res = linprog(cost, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if res.status != 0 or res.x is None:
        return None
    margin = float(res.x[-1])
    if margin <= 1e-9:
        return "redundant"
    return tuple(Fraction(float(v)) for v in res.x[:-1])


def region_facets(
    net: TwoLayerReLU,
    point: Sequence[Any],
    *,
    domain: Any = None,
    mode: FacetMode = "auto",
    exact_lp_max_dim: int = 16,
    keep_witnesses: bool = False,
) -> RegionFacets:
    """The facets (non-redundant defining inequalities) of the region strictly containing ``point``.

    The region is {y in D : sign(w_i . y + b_i) = sign(w_i . x + b_i) for every unit},
    written with one inequality per class of coincident hyperplanes plus the domain's sides.

    What is certified:

    1. **Ray test (exact, any d).** From x, rays along -r_j (towards the foot of the
       perpendicular on H_j) and along float pseudo-inverse directions (which move h_j
       alone, up to rounding) are taken as *rational* directions; when H_j is hit first,
       strictly before every other hyperplane, the hit point is in the relative interior of
       the facet: certified.
    2. **LP (the rest).** For d <= ``exact_lp_max_dim`` (or ``mode="exact"``) the exact LP
       min h_j over the other inequalities (:func:`reluexact.lp.minimize`) decides: a value
       < 0 gives a point outside h_j and inside the rest, and the segment from x to it
       crosses the facet's relative interior (certified facet); a value >= 0 is proved by
       the LP's exact dual (certified redundant). For larger d a float LP (HiGHS via scipy,
       if installed) is used: a point it finds is rationalised and checked exactly (a
       certified facet); "no such point" is reported as ``redundant_float``, a float verdict.

    Parameters
    ----------
    net : TwoLayerReLU
    point : sequence of d rationals (floats are taken at their exact value)
        Strictly inside a region (no zero pre-activation, strictly inside the domain).
    domain : None, box or polytope (A, b) meaning A x + b >= 0
    mode : {"auto", "exact", "none"}
        ``"none"`` runs the ray tests only (others are ``undecided``).
    exact_lp_max_dim : int
        Largest d for which ``"auto"`` uses the exact LP.
    keep_witnesses : bool
        Keep the relative-interior point of each facet.

    Raises
    ------
    InvalidArgument
        If the point is on a hyperplane or not strictly inside the domain.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1], [1, 0]], [0, 0, -1, -5], [[1, 1, 1, 1]], [0])
    >>> f = region_facets(net, ["1/4", "1/4"], keep_witnesses=True)
    >>> f.facets, f.redundant
    ((0, 1, 2), (3,))
    >>> f.is_certified
    True
    >>> region_facets(net, [1, 1], domain=[(0, 2), (0, 2)]).facets  # x + y > 1 in the box
    (2, 'box:0:lo', 'box:0:hi', 'box:1:lo', 'box:1:hi')

    (The hyperplanes of units 0 and 1 are the box sides x = 0 and y = 0: a unit hyperplane on
    a side of the domain does not cut it and is reported as that side.)
    """
    data = _net_data(net)
    cons = _domain_constraints(domain, net.input_dim)
    x = _point_from(point, net.input_dim, "point")
    loc = _locate_points(data, cons, [x])[0]
    if loc.status != "interior":
        raise InvalidArgument(
            f"the point is not strictly inside a region (status {loc.status!r}; on units {loc.boundary_units}, "
            f"sides {loc.boundary_sides}); facets are defined for interior points"
        )
    return _region_facets(
        data, cons, x, loc.sign_vector, mode=mode, exact_lp_max_dim=exact_lp_max_dim, keep_witnesses=keep_witnesses
    )


def _region_facets(
    data: _NetData,
    cons: _Constraints,
    x: Vector,
    signs: Sequence[int],
    *,
    mode: FacetMode,
    exact_lp_max_dim: int,
    keep_witnesses: bool,
    basis: _RayBasis | None = None,
) -> RegionFacets:
    if basis is None:
        basis = _ray_basis(data, cons)
    sigma = [signs[r] for r in data.reps] + [1] * len(cons.labels)
    return _facets_of_system(
        basis, sigma, x, mode=mode, exact_lp_max_dim=exact_lp_max_dim, keep_witnesses=keep_witnesses
    )


# ---------------------------------------------------------------------------------------------
# locating points


def _locate_points(data: _NetData, cons: _Constraints, points: list[Vector]) -> list[PointLocation]:
    Z, colden = _preactivations(data, points)
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
        side_values = [_affine_value(r, e, x) for r, e in zip(cons.rows, cons.consts, strict=True)]
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


def _rep_of(data: _NetData, unit: int) -> int:
    for c in data.classes:
        if unit in c:
            return c[0]
    raise AssertionError(unit)  # pragma: no cover


def _exact_minimum(
    data: _NetData,
    cons: _Constraints,
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
    domain: Any = None,
    facets: bool = False,
    facet_mode: FacetMode = "auto",
    exact_lp_max_dim: int = 16,
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
    domain : None, box, or polytope, optional
        None: all of R^d. A box: d pairs (LO, HI) or ``"LO,HI;LO,HI"``. A polytope:
        :class:`~reluexact.regions.arrangement.Polytope` or (A, b) meaning A x + b >= 0
        (sides labelled ``"side:k"``). Domain sides count as region boundaries; see
        :func:`as_domain`.
    facets : bool
        Also compute each visited region's facets with :func:`region_facets`.
    facet_mode, exact_lp_max_dim
        Passed to :func:`region_facets`.
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
    region_containing_point, region_facets, affine_map

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

    data = _net_data(net)
    cons = _domain_constraints(domain, net.input_dim)
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
    facet_results: list[RegionFacets | None] = [None] * len(patterns)
    complete = True
    if facets:
        import sys

        from tqdm.auto import tqdm

        show = sys.stderr.isatty() if progress is None else progress
        start = time.monotonic()
        basis = _ray_basis(data, cons) if patterns else None
        for k in tqdm(range(len(patterns)), desc="facets", disable=not show or len(patterns) < 2):
            if time_limit is not None and time.monotonic() - start >= time_limit:
                complete = False
                break
            facet_results[k] = _region_facets(
                data,
                cons,
                first_point[k],
                first_signs[k],
                mode=facet_mode,
                exact_lp_max_dim=exact_lp_max_dim,
                keep_witnesses=False,
                basis=basis,
            )
    regions = tuple(
        VisitedRegion(net, patterns[k], first_point[k], tuple(members[k]), facet_results[k])
        for k in range(len(patterns))
    )
    graph = nx.Graph()
    for k, pattern in enumerate(patterns):
        graph.add_node(k, pattern=pattern, n_points=len(members[k]))
    _add_visited_edges(data, graph, patterns, first_point, index_of)
    return LocateResult(
        net=net, points=tuple(final_points), regions=regions, graph=graph, domain=domain, facets_complete=complete
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
    data: _NetData, graph: Any, patterns: list[str], points: list[Vector], index_of: dict[str, int]
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
        hx = _affine_value(row[:-1], row[-1], points[k])
        hy = _affine_value(row[:-1], row[-1], points[other])
        if hx < 0:
            hx, hy = -hx, -hy
        crossing_points.append(_crossing(points[k], points[other], hx, hy))
    Z, _ = _preactivations(data, crossing_points)
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


def region_containing_point(
    net: TwoLayerReLU,
    point: Sequence[Any],
    *,
    domain: Any = None,
    facets: bool = True,
    facet_mode: FacetMode = "auto",
    exact_lp_max_dim: int = 16,
) -> VisitedRegion:
    """The linear region strictly containing one point, with its exact affine map and facets.

    Parameters
    ----------
    net : TwoLayerReLU
    point : sequence of d rationals (floats taken at their exact value)
    domain, facets, facet_mode, exact_lp_max_dim
        As in :func:`locate`.

    Raises
    ------
    InvalidArgument
        If the point lies on a hyperplane or a domain side, or outside the domain (it is
        then in no open region; Sage's ``region_containing_point`` refuses it likewise).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
    >>> r = region_containing_point(net, [0, 0])
    >>> r.pattern, r.gradient, r.offset
    ('101', ((Fraction(47, 20), Fraction(19, 10)),), (Fraction(13, 10),))
    >>> r.facets.facets
    (0, 1, 2)
    >>> region_containing_point(net, ["-1/5", 0])
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: the point lies on the hyperplanes of units (1,) ...
    """
    result = locate(
        net,
        [point],
        domain=domain,
        facets=facets,
        facet_mode=facet_mode,
        exact_lp_max_dim=exact_lp_max_dim,
        progress=False,
    )
    loc = result.points[0]
    if loc.status == "boundary":
        raise InvalidArgument(
            f"the point lies on the hyperplanes of units {loc.boundary_units} and domain sides "
            f"{loc.boundary_sides}: it is in no open region"
        )
    if loc.status == "outside":
        raise InvalidArgument("the point is outside the domain")
    return result.regions[0]


# ---------------------------------------------------------------------------------------------
# CSV input and JSON output


def read_points_csv(path: Any, *, dimension: int | None = None) -> list[Vector]:
    r"""Read points from a CSV file: one point per row, d numbers (``1/2``, ``0.25``, ``-3``, ``1e-3``).

    Blank lines and lines starting with ``#`` are skipped; a first row in which no field is a
    number is taken as a header and skipped. Decimals are read exactly (``0.1`` is 1/10).

    Raises
    ------
    RationalParseError
        Naming the file, row and column of a field that is not a rational.
    ShapeError
        When a row has the wrong number of columns (naming the row).
    ModelFormatError
        When the file cannot be read.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "points.csv")
    >>> _ = open(path, "w").write("x,y\n1/2,3\n# a comment\n0.25, -1\n")
    >>> read_points_csv(path, dimension=2)
    [(Fraction(1, 2), Fraction(3, 1)), (Fraction(1, 4), Fraction(-1, 1))]
    >>> _ = open(path, "w").write("1,2\n3,abc\n")
    >>> read_points_csv(path)
    Traceback (most recent call last):
    ...
    reluexact.errors.RationalParseError: ...points.csv: row 2, column 2: cannot parse 'abc' as a rational...
    """
    import csv

    from reluexact.errors import ModelFormatError, RationalParseError

    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise ModelFormatError(f"{path}: cannot read the points file ({error})") from error
    points: list[Vector] = []
    first_data = True
    for r, row in enumerate(rows, start=1):
        fields = [f.strip() for f in row]
        if not fields or all(not f for f in fields) or fields[0].startswith("#"):
            continue
        if first_data and not any(_is_number(f) for f in fields):
            first_data = False
            continue  # header
        first_data = False
        point = []
        for c, field in enumerate(fields, start=1):
            if not field:
                raise RationalParseError(f"{path}: row {r}, column {c}: empty field; give d numbers per row")
            try:
                point.append(to_fraction(field, where=f"{path}: row {r}, column {c}"))
            except RationalParseError as error:
                message = str(error)
                if "cannot parse" not in message:
                    message = f"{path}: row {r}, column {c}: cannot parse {field[:40]!r} as a rational ({message})"
                raise RationalParseError(message) from None
        if dimension is not None and len(point) != dimension:
            raise ShapeError(f"{path}: row {r} has {len(point)} columns but the model has d = {dimension} inputs")
        if points and len(point) != len(points[0]):
            raise ShapeError(f"{path}: row {r} has {len(point)} columns but earlier rows have {len(points[0])}")
        points.append(tuple(point))
    if not points:
        raise ShapeError(f"{path}: no points found (one point per row, d numbers separated by commas)")
    return points


def _is_number(field: str) -> bool:
    try:
        to_fraction(field)
    except Exception:
        return False
    return True


def locate_to_json(result: LocateResult, *, include_points: bool = True) -> dict[str, Any]:
    """The JSON document of a :class:`LocateResult` (rationals as ``"p/q"`` strings).

    ``{"points": [...], "regions": [{"id", "pattern", "point", "gradient", "offset", "facets",
    "n_points", "points"}], "edges": [{"a", "b", "units", "point", "jump"}], "facets_complete"}``; each point has
    ``index``, ``status``, ``region``, ``pattern``, ``boundary_units``, ``boundary_sides``,
    ``squared_distance`` (exact, ``"p/q"``), ``distance`` (float) and ``nearest``.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    >>> doc = locate_to_json(locate(net, [[1, 2], [-1, 2]]))
    >>> doc["points"][0]["squared_distance"], doc["regions"][1]["gradient"], doc["edges"]
    ('1', [['0', '1']], [{'a': 0, 'b': 1, 'units': [0], 'point': ['0', '2'], 'jump': [['-1', '0']]}])
    """
    from reluexact.rational import format_fraction as ff

    def fmt_opt(q: Fraction | None) -> str | None:
        return None if q is None else ff(q)

    points = []
    for p in result.points:
        entry: dict[str, Any] = {
            "index": p.index,
            "status": p.status,
            "region": p.region,
            "pattern": p.pattern,
            "boundary_units": list(p.boundary_units),
            "boundary_sides": list(p.boundary_sides),
            "squared_distance": fmt_opt(p.squared_distance),
            "distance": p.distance_float,
            "nearest": list(p.nearest),
        }
        if include_points:
            entry["point"] = [ff(v) for v in p.point]
        points.append(entry)
    regions = []
    for k, region in enumerate(result.regions):
        item: dict[str, Any] = {
            "id": k,
            "pattern": region.pattern,
            "point": [ff(v) for v in region.point],
            "gradient": [[ff(v) for v in row] for row in region.gradient],
            "offset": [ff(v) for v in region.offset],
            "n_points": len(region.point_indices),
            "points": list(region.point_indices),
        }
        if region.facets is not None:
            f = region.facets
            item["facets"] = list(f.facets)
            item["facet_certificates"] = list(f.certificates)
            item["redundant"] = list(f.redundant)
            item["redundant_float"] = list(f.redundant_float)
            item["undecided"] = list(f.undecided)
        regions.append(item)
    edges = [
        {
            "a": a,
            "b": b,
            "units": list(data["units"]),
            "point": [ff(v) for v in data["point"]],
            "jump": [[ff(v) for v in row] for row in data["jump"]],
        }
        for a, b, data in sorted(result.graph.edges(data=True))
    ]
    return {"points": points, "regions": regions, "edges": edges, "facets_complete": result.facets_complete}
