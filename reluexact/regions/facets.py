"""Certified facets of the region strictly containing a point (per-sample analysis, any d).

The region is {y in D : sign(w_i . y + b_i) = sign(w_i . x + b_i) for every unit}, written
with one inequality per class of coincident hyperplanes plus the domain's sides. What is
certified:

1. **Ray test (exact, any d).** From x, rays along -r_j (towards the foot of the
   perpendicular on H_j) and along float pseudo-inverse directions (which move h_j
   alone, up to rounding) are taken as *rational* directions; when H_j is hit first,
   strictly before every other hyperplane, the hit point is in the relative interior of
   the facet: certified (``Facet.certificate == "ray"``).
2. **LP (the rest).** For d <= ``exact_lp_max_dim`` (or ``mode="exact"``) the exact LP
   min h_j over the other inequalities (:func:`reluexact.lp.minimize`) decides: a value
   < 0 gives a point outside h_j and inside the rest, and the segment from x to it
   crosses the facet's relative interior (certified facet, ``"lp"``); a value >= 0 is proved by
   the LP's exact dual (certified redundant). For larger d a float LP (HiGHS via scipy,
   if installed) is used: a point it finds is rationalised and checked exactly (a
   certified facet); "no such point" is reported as ``redundant_float``, a float verdict.

A unit hyperplane lying on a side of the domain does not cut the domain and is reported as
that side (as region enumeration does). The public entry points are
:func:`reluexact.regions.locate` (``facets=True``) and
:func:`reluexact.regions.region_containing_point`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Literal, NamedTuple

import numpy as np

from reluexact.errors import CertificationError
from reluexact.regions.integer_data import DomainRows, NetData, affine_value, crossing, lcm
from reluexact.regions.types import Facet

__all__ = ["FacetMode", "FacetVerdicts", "RayBasis", "facet_verdicts", "ray_basis"]

Vector = tuple[Fraction, ...]
FacetMode = Literal["exact", "auto", "none"]


class FacetVerdicts(NamedTuple):
    """What :func:`facet_verdicts` decided about each defining inequality of a region."""

    facets: tuple[Facet, ...]
    redundant: tuple[str, ...]
    redundant_float: tuple[str, ...]
    undecided: tuple[str, ...]

    @property
    def is_certified(self) -> bool:
        """True when every inequality is certified either a facet or redundant.

        Examples
        --------
        >>> FacetVerdicts((), ("box:0:lo",), (), ()).is_certified
        True
        >>> FacetVerdicts((), (), ("box:0:lo",), ()).is_certified  # redundant by floats only
        False
        """
        return not self.redundant_float and not self.undecided


@functools.lru_cache(maxsize=4)
def ray_basis(data: NetData, cons: DomainRows) -> RayBasis:
    """The ray-test products of (network, domain), cached: repeated facet computations share them.

    Examples
    --------
    >>> from reluexact.domain import Box
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.integer_data import domain_rows, net_data
    >>> data = net_data(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]))
    >>> sides = domain_rows(Box([(0, 1), (0, 1)]))
    >>> basis = ray_basis(data, sides)
    >>> basis.n_units, basis.d, ray_basis(data, sides) is basis
    (2, 2, True)
    """
    return RayBasis(data, cons)


class RayBasis:
    """The unoriented inequalities of every region of (net, domain) and the exact ray-test products.

    Row k is r_k . y + e_k (a hyperplane class representative or a domain side). A region
    orients each hyperplane row by the sign sigma_k of its sample point; a ray direction
    v_j (a column of V) becomes -sigma_j v_j, and the rate of change of the oriented h_k
    along it is -sigma_k sigma_j (r_k . v_j). So the products P0 = R V are computed once.
    """

    __slots__ = ("consts", "d", "directions", "labels", "n_units", "rows", "units")

    def __init__(self, data: NetData, domain: DomainRows) -> None:
        import flint

        self.labels: list[str] = [f"h:{c}" for c in range(len(data.reps))] + list(domain.labels)
        self.units: list[tuple[int, ...]] = [*data.classes, *(() for _ in domain.labels)]
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
            with np.errstate(over="ignore", invalid="ignore"):  # a float guide: non-finite norms skip it
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
    basis: RayBasis,
    sigma: list[int],
    x: Vector,
    *,
    mode: FacetMode,
    exact_lp_max_dim: int,
    keep_witnesses: bool,
) -> FacetVerdicts:
    """Facets of P = {sigma_k (r_k . y + e_k) >= 0} from a point x strictly inside P."""
    C = len(basis.rows)
    if C == 0:
        return FacetVerdicts((), (), (), ())
    d = len(x)
    rows = [[s * v for v in r] for s, r in zip(sigma, basis.rows, strict=True)]
    consts = [s * e for s, e in zip(sigma, basis.consts, strict=True)]
    labels = basis.labels
    cd = lcm(v.denominator for v in x)
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
        if first < basis.n_units <= k:
            # a unit hyperplane lying on a side of the domain does not cut the domain:
            # report the side only (as region enumeration does)
            certified.pop(first, None)
            for bucket in (redundant, redundant_float, undecided):
                if first in bucket:
                    bucket.remove(first)
    redundant.sort()
    redundant_float.sort()
    undecided.sort()
    facets = []
    for j in sorted(certified):
        how, witness = certified[j]
        g = math.gcd(*rows[j], consts[j])
        kind = "hyperplane" if j < basis.n_units else "side"
        normal = tuple(v // g for v in rows[j])
        facets.append(Facet(kind, labels[j], basis.units[j], normal, consts[j] // g, witness, None, how))
    return FacetVerdicts(
        facets=tuple(facets),
        redundant=tuple(labels[j] for j in redundant),
        redundant_float=tuple(labels[j] for j in redundant_float),
        undecided=tuple(labels[j] for j in undecided),
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
    hp = affine_value(rows[j], consts[j], point)
    if hp < 0 and all(affine_value(rows[k], consts[k], point) >= 0 for k in others):
        return "facet", _facet_point(rows, consts, j, x, point)
    return "undecided", None


def _norm_bound(row: Sequence[int]) -> int:
    return max(1, math.isqrt(sum(v * v for v in row)))


def _facet_point(rows: list[list[int]], consts: list[int], j: int, x: Vector, p: Vector) -> Vector:
    hx = affine_value(rows[j], consts[j], x)
    hp = affine_value(rows[j], consts[j], p)
    z = crossing(x, p, hx, hp)
    if affine_value(rows[j], consts[j], z) != 0 or any(
        affine_value(rows[k], consts[k], z) <= 0 for k in range(len(rows)) if k != j
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


def facet_verdicts(
    data: NetData,
    cons: DomainRows,
    x: Vector,
    signs: Sequence[int],
    *,
    mode: FacetMode,
    exact_lp_max_dim: int,
    keep_witnesses: bool,
    basis: RayBasis | None = None,
) -> FacetVerdicts:
    """The facets of the region of ``x`` (strictly inside it, with sign vector ``signs``), and the other verdicts.

    ``mode``: ``"auto"`` (exact LP up to ``exact_lp_max_dim``, float LP above), ``"exact"``
    or ``"none"`` (ray tests only). ``keep_witnesses`` keeps each facet's certified point.

    Examples
    --------
    >>> from reluexact.domain import Whole
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.regions.integer_data import domain_rows, net_data
    >>> data = net_data(TwoLayerReLU([[1, 0], [0, 1], [1, 1], [1, 0]], [0, 0, -1, -5], [[1, 1, 1, 1]], [0]))
    >>> x = (Fraction(1, 4), Fraction(1, 4))
    >>> out = facet_verdicts(data, domain_rows(Whole(2)), x, (1, 1, -1, -1), mode="auto", exact_lp_max_dim=16,
    ...                      keep_witnesses=False)
    >>> [f.label for f in out.facets], out.redundant
    (['h:0', 'h:1', 'h:2'], ('h:3',))
    """
    if basis is None:
        basis = ray_basis(data, cons)
    sigma = [signs[r] for r in data.reps] + [1] * len(cons.labels)
    return _facets_of_system(
        basis, sigma, x, mode=mode, exact_lp_max_dim=exact_lp_max_dim, keep_witnesses=keep_witnesses
    )
