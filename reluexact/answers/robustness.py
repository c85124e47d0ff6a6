"""Exact robustness radius of a sample, with a certificate; the decision form ``verify``; batches.

For a sample x0 with prediction k (the sign of f for one output, the argmax for several; a tie
counts as a change), the radius is (theory.md, "Robustness radius")

    rho_p(x0) = min over regions R of min {||x - x0||_p : x in cl(R) cap D, x changes the prediction}.

The search is best-first over regions from x0's own region: every hyperplane (class of coincident
unit hyperplanes) of an examined region is a candidate facet, keyed first by the exact distance
from x0 to the whole hyperplane and then by a lower bound of the distance to the facet itself;
the region across a facet nearer than the best radius found is examined next; the search stops
when the next key is >= that radius. Every inner problem is a system ``G x + h >= 0`` (the
region's sides, the domain's sides, one extra row) and every bound is a vector ``y >= 0`` of
multipliers: for every x of the system ``y . G (x - x0) >= -y . (G x0 + h)``, so with
``q = y . (G x0 + h) < 0`` and ``v = G^T y``

    ||x - x0||_p >= -q / ||v||_p*          (p* the dual norm; for p = 2 the square q^2 / ||v||^2),

and ``v = 0`` proves the system empty. Any y >= 0 gives a valid bound, so the multipliers come
from a float LP (HiGHS through scipy, when installed) and are then used exactly; the minimising
region's optimum is solved exactly from the float solution's active set (or by the exact LP of
:mod:`reluexact.lp` when that fails), which gives the rational counterexample and a bound equal
to its distance. Norm 2 is the same with a least-distance problem (a float NNLS, then the
KKT system solved exactly on its active set). The certificate (examined regions, their bounds,
the facets' bounds) is checked by :mod:`reluexact.check.robustness` without this module.

Examples
--------
>>> from reluexact import TwoLayerReLU
>>> net = TwoLayerReLU([[1], [1]], [0, -1], [[1, -2]], ["-1/2"])  # f < 0 left of 1/2 and right of 3/2
>>> result = robustness(net, ["3/4"])
>>> result.klass, result.radius, result.counterexample
(1, Fraction(1, 4), (Fraction(1, 2),))
>>> result.regions_examined
1
>>> verify(net, ["3/4"], "1/5").robust, verify(net, ["3/4"], "1/4").robust
(True, False)
"""

from __future__ import annotations

import heapq
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint

from reluexact.check import header
from reluexact.domain import Domain, DomainLike, as_domain, contains, halfspaces
from reluexact.errors import CertificationError, DomainError, InvalidArgument, ShapeError
from reluexact.lp import maximize, minimize
from reluexact.model import TwoLayerReLU, evaluate, hidden_preactivations
from reluexact.rational import to_fraction
from reluexact.regions import affine_map, hyperplanes
from reluexact.regions.enumeration import check_budget

__all__ = [
    "NORMS",
    "Bound",
    "BranchLeaf",
    "BranchNode",
    "ExaminedRegion",
    "Robustness",
    "attack_radius",
    "ceil_dyadic",
    "float_milp_radius",
    "prediction",
    "robustness",
    "robustness_batch",
    "robustness_document",
    "sample_to_json",
    "verify",
]

NORMS = ("inf", "1", "2")
METHODS = ("auto", "regions", "branch")
BRANCH_DIMENSION = 8  # method="auto" uses the branch and bound from this input dimension on

Vector = tuple[Fraction, ...]
Row = tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class Bound:
    """A lower bound on the distance from x0 to a system ``G x + h >= 0``, proved by multipliers.

    Attributes
    ----------
    multipliers : tuple of (int, Fraction)
        The non-zero entries ``(row, y_row)`` of y >= 0, rows in the system's order (see
        :mod:`reluexact.check.robustness`).
    value : Fraction or None
        The bound it proves: the distance (norms inf and 1) or the squared distance (norm 2);
        ``None`` when ``G^T y = 0`` and the system is empty.
    """

    multipliers: tuple[tuple[int, Fraction], ...]
    value: Fraction | None


@dataclass(frozen=True, slots=True)
class ExaminedRegion:
    """One region the search examined, with the bounds its certificate needs.

    Attributes
    ----------
    pattern : str
        The activation pattern (``"1"`` active, ``"0"`` inactive per unit) of the closed region.
    changes : tuple of (int, Bound)
        Per competing class l (m >= 2; ``-1`` for one output): the bound on the distance to the
        points of the region where l ties or beats the predicted class (the sign changes or is 0).
    facets : tuple of (int, Bound)
        Per hyperplane (named by its smallest unit) whose facet bound the certificate needs
        (its neighbour was not examined and the distance to the whole hyperplane is too small).
    """

    pattern: str
    changes: tuple[tuple[int, Bound], ...]
    facets: tuple[tuple[int, Bound], ...]


@dataclass(frozen=True, slots=True)
class Robustness:
    """The exact robustness radius of one sample (or the answer of :func:`verify`), with its certificate.

    Attributes
    ----------
    point : tuple of Fraction
        The sample x0.
    norm : str
        ``"inf"``, ``"1"`` or ``"2"``.
    klass : int
        The prediction at x0: the 0-based argmax for m >= 2 (the first on a tie), and for one
        output 1 when f > 0 and 0 otherwise.
    tie : bool
        True when x0 itself is on the decision boundary (f = 0, or a tie): radius 0.
    radius : Fraction or None
        The exact radius (norms inf and 1); ``None`` for norm 2 (see ``radius_squared``), when no
        point of the domain changes the prediction, and for a robust :func:`verify` answer.
    radius_squared : Fraction or None
        Its square (every norm); the norm-2 radius is ``sqrt(radius_squared)`` (:attr:`exact_radius`).
    counterexample : tuple of Fraction or None
        A rational point of the domain at that distance whose exact prediction differs or ties.
    eps : Fraction or None
        For :func:`verify`: the radius asked about (``None`` for :func:`robustness`).
    robust : bool or None
        For :func:`verify`: True when no point within ``eps`` changes the prediction.
    regions : tuple of ExaminedRegion
        The certificate: the regions examined and their bounds.
    domain : Domain
    seconds : float
        Wall time of the search.
    partial : bool
        True when the search stopped at its budget (``time_limit`` / ``max_regions``) before it
        finished: then ``radius``, ``radius_squared`` (and ``robust``) are None and the answer is
        the exact interval ``lower <= radius <= upper`` (``upper`` the distance of
        ``counterexample``, None when none was found yet), certified like a complete answer.
    lower : Fraction or None
        For a partial answer: the certified lower bound (norm 2: on the squared radius).
    upper : Fraction or None
        For a partial answer: the best exact upper bound found (norm 2: squared), or None.
    method : str
        ``"regions"`` (best-first search over regions) or ``"branch"`` (branch and bound over
        activation patterns); which one ran (see :func:`robustness`).
    trees : tuple of (int, BranchNode or BranchLeaf)
        The branch method's certificate: per competing class its tree (``regions`` is empty).
    nodes : int
        The branch method: relaxation LPs solved.
    """

    point: Vector
    norm: str
    klass: int
    tie: bool
    radius: Fraction | None
    radius_squared: Fraction | None
    counterexample: Vector | None
    eps: Fraction | None
    robust: bool | None
    regions: tuple[ExaminedRegion, ...]
    domain: Domain
    seconds: float
    partial: bool = False
    lower: Fraction | None = None
    upper: Fraction | None = None
    method: str = "regions"
    trees: tuple[tuple[int, BranchNode | BranchLeaf], ...] = ()
    nodes: int = 0

    @property
    def regions_examined(self) -> int:
        """How many regions the search examined (the branch method: its region leaves)."""
        if self.method == "branch":
            return sum(_count_leaves(tree, regions=True) for _, tree in self.trees)
        return len(self.regions)

    @property
    def nodes_examined(self) -> int:
        """The branch method: how many relaxation LPs it solved (the region search: its regions)."""
        return self.nodes if self.method == "branch" else len(self.regions)

    @property
    def exact_radius(self) -> Any:
        """The radius as a sympy number (``sqrt`` of a rational for norm 2), or None."""
        import sympy

        if self.radius_squared is None:
            return None
        if self.radius is not None:
            return sympy.Rational(self.radius.numerator, self.radius.denominator)
        s = self.radius_squared
        return sympy.sqrt(sympy.Rational(s.numerator, s.denominator))

    def __repr__(self) -> str:
        if self.partial:
            unit = "radius^2" if self.norm == "2" else "radius"
            return f"Robustness(norm={self.norm}, class={self.klass}, partial: {self.lower} <= {unit} <= {self.upper})"
        if self.eps is not None:
            return f"Robustness(norm={self.norm}, class={self.klass}, eps={self.eps}, robust={self.robust})"
        shown = self.radius if self.norm != "2" else f"sqrt({self.radius_squared})"
        return f"Robustness(norm={self.norm}, class={self.klass}, radius={shown}, regions={len(self.regions)})"


def prediction(values: Sequence[Fraction]) -> tuple[int, bool]:
    """The class of an exact output vector and whether it is a tie (see :class:`Robustness`).

    Examples
    --------
    >>> prediction([Fraction(-1)]), prediction([Fraction(0)]), prediction([1, 3, 3])
    ((0, False), (0, True), (1, True))
    """
    if len(values) == 1:
        return int(values[0] > 0), values[0] == 0
    top = max(values)
    k = list(values).index(top)
    return k, sum(v == top for v in values) > 1


# ---------------------------------------------------------------------------------------------
# bounds from multipliers (the same arithmetic as the checker)


def _norm_measure(values: Iterable[Fraction], norm: str) -> Fraction:
    """||v||_p* for the dual norm p* of ``norm`` (for norm 2 the square ||v||_2^2)."""
    if norm == "inf":
        return sum((abs(v) for v in values), Fraction(0))
    if norm == "1":
        return max((abs(v) for v in values), default=Fraction(0))
    return sum((v * v for v in values), Fraction(0))


def _measure(delta: Sequence[Fraction], norm: str) -> Fraction:
    """||delta||_p (for norm 2 the square)."""
    if norm == "inf":
        return max((abs(v) for v in delta), default=Fraction(0))
    if norm == "1":
        return sum((abs(v) for v in delta), Fraction(0))
    return sum((v * v for v in delta), Fraction(0))


class _System:
    """Rows ``G x + h >= 0`` stored as G and q = G x0 + h (exact), with float copies when known."""

    __slots__ = ("G", "_fq", "floats", "q")

    def __init__(
        self, G: list[Row], q: list[Fraction], floats: tuple[Any, Any] | None = None, fq: list[Any] | None = None
    ) -> None:
        self.G = G
        self.q = q
        self.floats = floats
        self._fq = fq  # the rows as python-flint rationals, made on first use

    def flint_rows(self) -> list[Any]:
        """The rows of G as lists of ``flint.fmpq`` (cached; extended systems share them)."""
        if self._fq is None or len(self._fq) < len(self.G):
            done = [] if self._fq is None else self._fq
            self._fq = [*done, *([_fq(a) for a in row] for row in self.G[len(done) :])]
        return self._fq

    def extended(self, rows: Sequence[tuple[Row, Fraction]]) -> _System:
        """The system with more rows."""
        floats = None
        if self.floats is not None:
            import numpy as np

            try:
                extra = np.array([[float(v) for v in row] for row, _ in rows], dtype=float)
                extra_q = np.array([float(v) for _, v in rows], dtype=float)
            except OverflowError:
                extra = None
            if extra is not None:
                floats = (np.vstack([self.floats[0], extra]), np.concatenate([self.floats[1], extra_q]))
        return _System([*self.G, *(r for r, _ in rows)], [*self.q, *(v for _, v in rows)], floats, self.flint_rows())

    def bound(self, y: Sequence[tuple[int, Fraction]], norm: str) -> Bound:
        """The bound the multipliers y prove (the checker's arithmetic, here with python-flint)."""
        support = [(r, v) for r, v in y if v]
        d = len(self.G[0]) if self.G else 0
        if not support:
            return Bound((), Fraction(0))
        Y = flint.fmpq_mat(1, len(support), [_fq(v) for _, v in support])
        fq = self.flint_rows()
        rows = flint.fmpq_mat(len(support), d, [a for r, _ in support for a in fq[r]])
        v = (Y * rows).entries() if d else []
        qy = sum((_fq(yr) * _fq(self.q[r]) for r, yr in support), flint.fmpq(0))
        if qy >= 0:
            return Bound(tuple(support), Fraction(0))
        if norm == "inf":
            scale = sum((abs(x) for x in v), flint.fmpq(0))
        elif norm == "1":
            scale = max((abs(x) for x in v), default=flint.fmpq(0))
        else:
            scale = sum((x * x for x in v), flint.fmpq(0))
        if scale == 0:
            return Bound(tuple(support), None)
        return Bound(tuple(support), _fr(qy * qy / scale if norm == "2" else -qy / scale))


def _fq(v: Fraction) -> Any:
    return flint.fmpq(v.numerator, v.denominator)


def _fr(v: Any) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def _exceeds(value: Fraction | None, limit: Fraction | None, strict: bool) -> bool:
    """True when a bound ``value`` (None: infinite) is beyond ``limit`` (None: no limit yet)."""
    if limit is None:
        return value is None
    if value is None:
        return True
    return value > limit if strict else value >= limit


# ---------------------------------------------------------------------------------------------
# float guesses (HiGHS / NNLS through scipy) and their exact completion


def _scipy_available() -> bool:
    try:
        import scipy.optimize  # noqa: F401
    except ImportError:  # pragma: no cover - scipy is in the dev extras
        return False
    return True


def _float_rows(system: _System) -> tuple[Any, Any, Any] | None:
    """Float copies of G and q, each row divided by its largest entry (None when they overflow)."""
    import numpy as np

    if system.floats is not None:
        G, q = system.floats
    else:
        try:
            G = np.array([[float(v) for v in row] for row in system.G], dtype=float)
            q = np.array([float(v) for v in system.q], dtype=float)
        except OverflowError:
            return None
    if not np.all(np.isfinite(G)) or not np.all(np.isfinite(q)):
        return None
    scale = np.maximum(np.abs(G).max(axis=1), np.abs(q))
    scale[scale == 0] = 1.0
    if not np.all(np.isfinite(scale)) or np.any(scale < 1e-280):
        return None
    return G / scale[:, None], q / scale, scale


def _float_multipliers(system: _System, norm: str) -> tuple[list[float], Any] | None:
    """Float multipliers y >= 0 on the rows (unscaled) and the float minimiser delta (None if infeasible)."""
    import numpy as np
    from scipy.optimize import linprog, nnls

    rows = _float_rows(system)
    if rows is None:
        return None
    G, q, scale = rows
    m, d = G.shape
    if norm == "2":
        E = np.vstack([G.T, -q[None, :]])
        f = np.zeros(d + 1)
        f[d] = 1.0
        try:
            u, _ = nnls(E, f, maxiter=50 * (m + d))
        except RuntimeError:
            return None
        r = E @ u - f
        if abs(r[d]) < 1e-12:
            return list(u / scale), None
        delta = -r[:d] / r[d]
        return list(u / scale), delta
    if norm == "inf":
        # variables (delta, t): G delta + q >= 0, t - delta_j >= 0, t + delta_j >= 0; min t
        A_ub = np.hstack([-G, np.zeros((m, 1))])
        eye = np.eye(d)
        ones = -np.ones((d, 1))
        A_ub = np.vstack([A_ub, np.hstack([eye, ones]), np.hstack([-eye, ones])])
        b_ub = np.concatenate([q, np.zeros(2 * d)])
        c = np.zeros(d + 1)
        c[d] = 1.0
        bounds = [(None, None)] * d + [(0, None)]
    else:
        # variables (delta+, delta-) >= 0: G (delta+ - delta-) + q >= 0; min sum
        A_ub = np.hstack([-G, G])
        b_ub = q
        c = np.ones(2 * d)
        bounds = [(0, None)] * (2 * d)
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if res.status == 0:
        y = -np.asarray(res.ineqlin.marginals[:m])
        delta = res.x[:d] if norm == "inf" else res.x[:d] - res.x[d:]
        # the norm rows' multipliers (in the row order of _vertex_lp) guide its choice of basis
        rest = -np.asarray(res.ineqlin.marginals[m:]) if norm == "inf" else np.asarray(res.lower.marginals)
        return [*(y / scale), *rest], delta
    if res.status != 2:
        return None
    # infeasible: phase 1, max s with G delta + q - s >= 0, s <= 1; its multipliers nearly prove it
    A1 = np.hstack([-G, np.ones((m, 1))])
    c1 = np.zeros(d + 1)
    c1[d] = -1.0
    res1 = linprog(c1, A_ub=A1, b_ub=q, bounds=[(None, None)] * d + [(None, 1)], method="highs")
    if res1.status != 0:
        return None
    return list(-np.asarray(res1.ineqlin.marginals) / scale), None


def _as_multipliers(y: Sequence[float]) -> list[tuple[int, Fraction]]:
    top = max((v for v in y if math.isfinite(v)), default=0.0)
    if top <= 0:
        return []
    return [(r, Fraction(v)) for r, v in enumerate(y) if math.isfinite(v) and v > top * 1e-13]


class _RegionLP:
    """One region's float distance LP kept in a HiGHS model (highspy), re-solved per facet and change.

    A facet makes its row an equality, a change adds one row; HiGHS restarts from the last basis,
    so each costs a few pivots instead of a new LP. Only an accelerator: it returns float
    multipliers in the format of :func:`_float_multipliers`, and every bound is then computed
    exactly from them (any y >= 0 is valid).
    """

    def __init__(self, system: _System, norm: str) -> None:
        import highspy
        import numpy as np

        rows = _float_rows(system)
        if rows is None:
            raise OverflowError("the region's rows do not fit in floats")
        G, q, self.scale = rows
        self.m, self.d = G.shape
        self.norm = norm
        self.q = q
        self.inf = highspy.kHighsInf
        h = _new_highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")  # keep the basis between the small re-solves
        d, m, inf = self.d, self.m, self.inf
        if norm == "inf":  # variables (delta, t): G delta >= -q, t - delta_j >= 0, t + delta_j >= 0
            n = d + 1
            h.addVars(n, np.array([-inf] * d + [0.0]), np.array([inf] * n))
            h.changeColsCost(1, np.array([d], dtype=np.int32), np.array([1.0]))
            eye = np.eye(d)
            ones = np.ones((d, 1))
            A = np.vstack([np.hstack([G, np.zeros((m, 1))]), np.hstack([-eye, ones]), np.hstack([eye, ones])])
            lower = np.concatenate([-q, np.zeros(2 * d)])
        else:  # variables (delta+, delta-) >= 0: G (delta+ - delta-) >= -q
            n = 2 * d
            h.addVars(n, np.zeros(n), np.array([inf] * n))
            h.changeColsCost(n, np.arange(n, dtype=np.int32), np.ones(n))
            A = np.hstack([G, -G])
            lower = -q
        self.n = n
        self._add_rows(h, A, lower)
        self.h = h

    def _add_rows(self, h: Any, A: Any, lower: Any) -> None:
        import numpy as np

        mask = A != 0
        starts = np.concatenate([[0], np.cumsum(mask.sum(axis=1))[:-1]]).astype(np.int32)
        index = np.nonzero(mask)[1].astype(np.int32)
        h.addRows(A.shape[0], lower, np.full(A.shape[0], self.inf), int(mask.sum()), starts, index, A[mask])

    def _run(self) -> tuple[str, Any, Any, Any] | None:
        import highspy
        import numpy as np

        self.h.run()
        status = self.h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            solution = self.h.getSolution()
            return "optimal", np.array(solution.col_value), np.array(solution.row_dual), np.array(solution.col_dual)
        if status == highspy.HighsModelStatus.kInfeasible:
            _, has_ray, ray = self.h.getDualRay()
            if has_ray:
                return "infeasible", None, np.asarray(ray, dtype=float), None
        return None

    def _rest(self, found: tuple[str, Any, Any, Any], first: int) -> list[float]:
        """The norm rows' multipliers (the order of :func:`_vertex_lp`)."""
        if self.norm == "inf":
            return [float(v) for v in found[2][first : first + 2 * self.d]]
        return [float(v) for v in found[3]]

    def _delta(self, x: Any) -> Any:
        return x[: self.d] if self.norm == "inf" else x[: self.d] - x[self.d :]

    def facet(self, row: int) -> tuple[list[float], Any] | None:
        """Multipliers for the system base + (plane, -plane) of the facet where base row ``row`` is tight."""
        import numpy as np

        self.h.changeRowBounds(row, -self.q[row], -self.q[row])
        try:
            found = self._run()
        finally:
            self.h.changeRowBounds(row, -self.q[row], self.inf)
        if found is None:
            return None
        duals = found[2][: self.m]
        tight = float(duals[row])
        y = np.maximum(duals, 0.0) / self.scale
        y[row] = 0.0
        # the tight row's multiplier, either sign: on the base row itself, or on the opposite plane row
        extra = [0.0, 0.0]
        if tight > 0:
            y[row] = tight / self.scale[row]
        elif tight < 0:
            extra[1 if self.signs[row] > 0 else 0] = -tight / self.scale[row]
        ys = [*y, *extra]
        if found[0] == "infeasible":
            return ys, None
        return [*ys, *self._rest(found, self.m)], self._delta(found[1])

    signs: Any = None  # per base row: +1 when it is w.x + b >= 0, -1 when it is its negation

    def change(self, row: Sequence[Fraction], value: Fraction) -> tuple[list[float], Any] | None:
        """Multipliers for the system base + (row . (x - x0) + value >= 0)."""
        import numpy as np

        try:
            a = np.array([float(v) for v in row] + [0.0] * (self.n - self.d), dtype=float)
            c = float(value)
        except OverflowError:
            return None
        if self.norm == "1":
            a = np.concatenate([a[: self.d], -a[: self.d]])
        top = max(float(np.abs(a).max()), abs(c))
        if not math.isfinite(top) or top < 1e-280:
            return None
        a, c = a / top, c / top
        self._add_rows(self.h, a[None, :], np.array([-c]))
        last = self.h.getNumRow() - 1
        try:
            found = self._run()
        finally:
            self.h.deleteRows(1, np.array([last], dtype=np.int32))
        if found is None:
            return None
        duals = found[2]
        y = [*(np.maximum(duals[: self.m], 0.0) / self.scale), max(float(duals[last]), 0.0) / top]
        if found[0] == "infeasible":
            return y, None
        return [*y, *self._rest(found, self.m)], self._delta(found[1])


_BANNER_SHOWN = [False]


def _new_highs() -> Any:
    """A ``highspy.Highs`` model; the first one in a process prints a banner on fd 1, which goes to /dev/null."""
    import os

    import highspy

    if _BANNER_SHOWN[0]:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    _BANNER_SHOWN[0] = True
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # pragma: no cover - no fd 1
        return highspy.Highs()  # type: ignore[no-untyped-call]
    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, 1)
        return highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(sink)


def _highs_available() -> bool:
    try:
        import highspy  # noqa: F401
    except ImportError:  # pragma: no cover - highspy is in the dev extras
        return False
    return True


def _lower_bound(system: _System, norm: str, *, exact_empty: bool, guess: Any = "float") -> tuple[Bound, Any]:
    """A valid bound from float multipliers and the float guess (delta, y); exact when scipy is missing.

    ``exact_empty``: when the float LP finds the system empty, prove it exactly (``G^T y = 0``).
    ``guess``: the float guess when the caller has one (from :class:`_RegionLP`).
    """
    if isinstance(guess, str):
        guess = _float_multipliers(system, norm) if _scipy_available() else None
    if guess is not None:
        y, delta = guess
        bound = system.bound(_as_multipliers(y[: len(system.G)]), norm)
        if delta is not None or bound.value is None or not exact_empty:
            return bound, (delta, y)
    exact = _exact(system, norm, None)
    return exact[0], None


def _select_rows(rows: Any, priority: list[int], n: int) -> list[int] | None:
    """n linearly independent rows (float Gram-Schmidt), taken in ``priority`` order."""
    import numpy as np

    basis: list[Any] = []
    chosen: list[int] = []
    for r in priority:
        v = np.asarray(rows[r], dtype=float)
        norm0 = np.linalg.norm(v)
        if norm0 == 0:
            continue
        v = v / norm0
        for b in basis:
            v = v - (v @ b) * b
        nv = np.linalg.norm(v)
        if nv > 1e-9:
            basis.append(v / nv)
            chosen.append(r)
            if len(chosen) == n:
                return chosen
    return chosen if len(chosen) == n else None


def _solve(M: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    n = len(M)
    try:
        sol = flint.fmpq_mat(n, n, [flint.fmpq(v.numerator, v.denominator) for row in M for v in row]).solve(
            flint.fmpq_mat(n, 1, [flint.fmpq(v.numerator, v.denominator) for v in rhs])
        )
    except ZeroDivisionError:
        return None
    return [Fraction(int(sol[i, 0].p), int(sol[i, 0].q)) for i in range(n)]


def _vertex_inf(system: _System, delta: Any, y: Sequence[float]) -> tuple[Bound, Vector] | None:
    """The norm-inf vertex from its float active set in reduced form, or None (then the general path runs).

    At a vertex, the rows S with positive multipliers are tight and every coordinate outside a
    set F is at distance exactly t (sign s_j): |S| = |F| + 1 unknowns (t, delta_F) and equations.
    The multipliers solve G_{S,F}^T y = 0 with q_S . y = -1 (the bound is scale-free).
    """
    import numpy as np

    G, q = system.G, system.q
    m, d = len(G), len(G[0])
    weight = np.asarray(y[:m], dtype=float)
    top = float(weight.max()) if m else 0.0
    if top <= 0:
        return None
    S = [r for r in range(m) if weight[r] > top * 1e-9]
    t = float(np.max(np.abs(delta))) if d else 0.0
    if t <= 0:
        return None
    F = [j for j in range(d) if abs(delta[j]) < t * (1 - 1e-9)]
    fixed = [(j, 1 if delta[j] > 0 else -1) for j in range(d) if abs(delta[j]) >= t * (1 - 1e-9)]
    if len(S) != len(F) + 1:
        return None
    M = [[sum((G[r][j] * s for j, s in fixed), Fraction(0)), *(G[r][j] for j in F)] for r in S]
    solution = _solve(M, [-q[r] for r in S])
    multipliers = _solve(
        [[G[r][j] for r in S] for j in F] + [[q[r] for r in S]], [Fraction(0)] * len(F) + [Fraction(-1)]
    )
    if solution is None or multipliers is None or any(v < 0 for v in multipliers) or solution[0] <= 0:
        return None
    radius = solution[0]
    step = [Fraction(0)] * d
    for j, s in fixed:
        step[j] = s * radius
    for j, v in zip(F, solution[1:], strict=True):
        if abs(v) > radius:
            return None
        step[j] = v
    for row, value in zip(G, q, strict=True):
        if sum((a * x for a, x in zip(row, step, strict=True) if a), value) < 0:
            return None
    bound = system.bound([(r, v) for r, v in zip(S, multipliers, strict=True) if v], "inf")
    if bound.value != radius:
        return None
    return bound, tuple(step)


def _distance_lp(
    G: Sequence[Sequence[Fraction]], q: Sequence[Fraction], d: int, norm: str
) -> tuple[list[list[Fraction]], list[Fraction], list[Fraction]]:
    """The distance LP ``min cost . z`` subject to ``rows z + rhs >= 0`` for norm inf or 1.

    z = (delta, t) with G delta + q >= 0 and -t <= delta_j <= t (norm inf), or z = (delta+, delta-)
    >= 0 with G (delta+ - delta-) + q >= 0 (norm 1).
    """
    zero, one = Fraction(0), Fraction(1)
    rhs = [*q]
    if norm == "inf":
        rows = [[*row, zero] for row in G]
        for sign in (1, -1):
            for j in range(d):
                box = [zero] * (d + 1)
                box[j], box[d] = Fraction(-sign), one
                rows.append(box)
                rhs.append(zero)
        return rows, rhs, [zero] * d + [one]
    rows = [[*row, *(-v for v in row)] for row in G]
    for j in range(2 * d):
        positive = [zero] * (2 * d)
        positive[j] = one
        rows.append(positive)
        rhs.append(zero)
    return rows, rhs, [one] * (2 * d)


def _vertex_lp(system: _System, norm: str, delta: Any, y: Sequence[float]) -> tuple[Bound, Vector] | None:
    """The exact optimum of the distance LP from the float solution's active set, or None."""
    import numpy as np

    if norm == "inf":
        reduced = _vertex_inf(system, delta, y)
        if reduced is not None:
            return reduced

    G, q = system.G, system.q
    m = len(G)
    d = len(G[0])
    rows, rhs, cost = _distance_lp(G, q, d, norm)
    if norm == "inf":
        t = float(np.max(np.abs(delta))) if d else 0.0
        zf = np.concatenate([delta, [t]])
    else:
        zf = np.concatenate([np.maximum(delta, 0), np.maximum(-delta, 0)])
    n = len(cost)
    floats = _float_rows(system)
    if floats is None:
        return None
    Gf = floats[0]
    eye = np.eye(d)
    if norm == "inf":
        ones = np.ones((d, 1))
        Af = np.vstack([np.hstack([Gf, np.zeros((m, 1))]), np.hstack([-eye, ones]), np.hstack([eye, ones])])
    else:
        Af = np.vstack([np.hstack([Gf, -Gf]), np.eye(2 * d)])
    bf = np.concatenate([floats[1], np.zeros(len(rows) - m)])
    slack = (Af @ zf + bf) / np.maximum(np.abs(Af).max(axis=1), 1e-300)
    weight = [float(v) for v in y] + [0.0] * (len(rows) - len(y))
    top = max(weight, default=0.0)
    order = sorted(
        range(len(rows)), key=lambda r: (-weight[r] if weight[r] > top * 1e-12 else 0.0, abs(float(slack[r])))
    )
    order = [r for r in order if weight[r] > top * 1e-12 or abs(float(slack[r])) < 1e-6]
    chosen = _select_rows(Af, order, n)
    if chosen is None:
        return None
    found = _pivot(rows, rhs, cost, chosen)
    if found is None:
        return None
    z, dual, chosen = found
    multipliers = [(r, v) for r, v in zip(chosen, dual, strict=True) if v and r < m]
    bound = system.bound(multipliers, norm)
    step = tuple(z[:d]) if norm == "inf" else tuple(a - b for a, b in zip(z[:d], z[d:], strict=True))
    if bound.value is None or bound.value != _measure(step, norm):
        return None
    return bound, step


def _pivot(
    rows: list[list[Fraction]], rhs: list[Fraction], cost: list[Fraction], chosen: list[int]
) -> tuple[list[Fraction], list[Fraction], list[int]] | None:
    """Exact primal simplex (Bland's rule) for min cost . z, rows z + rhs >= 0, from the basis ``chosen``.

    The float basis is usually optimal or a few degenerate pivots away; None after 60 pivots, or
    when the basis is singular or not primal feasible.
    """
    n = len(cost)
    A = flint.fmpq_mat(len(rows), n, [_fq(a) for row in rows for a in row])
    B = list(chosen)
    for _ in range(60):
        z = _solve([rows[r] for r in B], [-rhs[r] for r in B])
        if z is None:
            return None
        values = (A * flint.fmpq_mat(n, 1, [_fq(v) for v in z])).entries()
        slack = [_fr(v) + b for v, b in zip(values, rhs, strict=True)]
        if any(v < 0 for v in slack):
            return None
        dual = _solve([[rows[r][j] for r in B] for j in range(n)], cost)
        if dual is None:
            return None
        negative = [k for k, v in enumerate(dual) if v < 0]
        if not negative:
            return z, dual, B
        leave = min(negative, key=lambda k: B[k])  # Bland: the smallest row index
        unit = [Fraction(int(k == leave)) for k in range(n)]
        direction = _solve([rows[r] for r in B], unit)  # A_B d = e_leave
        if direction is None:
            return None
        change = (A * flint.fmpq_mat(n, 1, [_fq(v) for v in direction])).entries()
        best: tuple[Fraction, int] | None = None
        for r in range(len(rows)):
            if r in B:
                continue
            rate = _fr(change[r])
            if rate < 0:
                step = slack[r] / -rate
                if best is None or step < best[0] or (step == best[0] and r < best[1]):
                    best = (step, r)
        if best is None:  # pragma: no cover - the distance is bounded below by 0
            return None
        B[leave] = best[1]
    return None


def _projection(system: _System, active: list[int]) -> tuple[Bound, Vector] | None:
    """The exact KKT point of min ||delta||^2 with the rows ``active`` tight, if it is optimal."""
    G, q = system.G, system.q
    d = len(G[0])
    for _ in range(4 * len(G) + 8):
        if active:
            chosen = _select_rows([[float(v) for v in G[r]] for r in active], list(range(len(active))), len(active))
            if chosen is None:  # dependent rows: keep an independent subset
                chosen = _independent(G, active)
            active = [active[i] for i in chosen] if chosen is not None and len(chosen) == len(active) else active
        gram = [[sum((a * b for a, b in zip(G[r], G[s], strict=True)), Fraction(0)) for s in active] for r in active]
        lam = _solve(gram, [-q[r] for r in active]) if active else []
        if lam is None:
            return None
        step = tuple(sum((lam[i] * G[r][j] for i, r in enumerate(active)), Fraction(0)) for j in range(d))
        negative = [i for i, v in enumerate(lam) if v < 0]
        if negative:
            worst = min(negative, key=lambda i: lam[i])
            active = active[:worst] + active[worst + 1 :]
            continue
        values = [sum((a * s for a, s in zip(G[r], step, strict=True) if a), q[r]) for r in range(len(G))]
        violated = [r for r, v in enumerate(values) if v < 0]
        if violated:
            active = [*active, min(violated, key=lambda r: values[r])]
            continue
        bound = system.bound([(r, v) for r, v in zip(active, lam, strict=True) if v], "2")
        if bound.value != _measure(step, "2"):
            return None
        return bound, step
    return None


def _independent(G: list[Row], active: list[int]) -> list[int] | None:
    rank = 0
    chosen: list[int] = []
    for i, r in enumerate(active):
        rows = [G[s] for s in [active[k] for k in chosen] + [r]]
        M = flint.fmpq_mat(len(rows), len(G[0]), [flint.fmpq(v.numerator, v.denominator) for row in rows for v in row])
        if M.rank() > rank:
            rank += 1
            chosen.append(i)
    return chosen


def _exact(system: _System, norm: str, guess: tuple[Any, Sequence[float]] | None) -> tuple[Bound, Vector | None]:
    """The exact minimum (bound equal to the distance of the returned step), or an exact emptiness proof."""
    if guess is not None and guess[0] is not None:
        delta, y = guess
        found = (
            _projection(system, [r for r, v in enumerate(y) if v > 0])
            if norm == "2"
            else _vertex_lp(system, norm, delta, y)
        )
        if found is not None:
            return found
    G, q = system.G, system.q
    d = len(G[0])
    # phase 1, exactly: max s subject to G delta + q - s >= 0, s <= 1; s* < 0 iff the system is empty,
    # and then the dual on the G rows is a Farkas proof (G^T y = 0, q . y < 0)
    zero = Fraction(0)
    phase = maximize(
        [zero] * d + [Fraction(1)],
        [[*row, Fraction(-1)] for row in G] + [[zero] * d + [Fraction(-1)]],
        [*q, Fraction(1)],
    )
    if phase.status != "optimal" or phase.value is None or phase.dual is None:  # pragma: no cover
        raise CertificationError(f"the exact phase-1 LP ended {phase.status}")
    if phase.value < 0:
        bound = system.bound([(r, v) for r, v in enumerate(phase.dual[: len(G)]) if v], norm)
        if bound.value is not None:  # pragma: no cover - lp.maximize checks its dual
            raise CertificationError("the exact emptiness proof did not give G^T y = 0")
        return bound, None
    if norm == "2":
        found = _projection(system, [])
        if found is None:
            raise CertificationError(
                "the exact active-set method did not reach the norm-2 optimum; try norm 'inf' or '1', or report this"
            )
        return found
    rows, rhs, cost = _distance_lp(G, q, d, norm)
    result = minimize(cost, rows, rhs)
    if result.status != "optimal" or result.point is None or result.dual is None:  # pragma: no cover
        raise CertificationError(f"the exact distance LP ended {result.status}")
    z = result.point
    step = tuple(z[:d]) if norm == "inf" else tuple(a - b for a, b in zip(z[:d], z[d:], strict=True))
    bound = system.bound([(r, v) for r, v in enumerate(result.dual[: len(G)]) if v], norm)
    if bound.value != _measure(step, norm):  # pragma: no cover - LP duality
        raise CertificationError("the exact distance LP's dual does not prove its optimum")
    return bound, step


# ---------------------------------------------------------------------------------------------
# the search


class _Net:
    """What the search needs of the network at one sample, computed once."""

    def __init__(self, net: TwoLayerReLU, x0: Vector, domain: Domain) -> None:
        self.net = net
        self.x0 = x0
        self.domain = domain
        self.d = net.input_dim
        self.m = net.output_dim
        W, b = net.hidden_weights, net.hidden_bias
        self.z = hidden_preactivations(net, x0)
        self.units = [i for i in range(net.n_hidden) if any(W[i])]
        planes = hyperplanes(net)
        self.groups = [g.unit_indices for g in planes]
        self.orientation = {i: s for g in planes for i, s in g.units}
        self.group_of = {i: k for k, g in enumerate(self.groups) for i in g}
        self.sides = [(tuple(Fraction(v) for v in h.normal), Fraction(h.offset)) for h in halfspaces(domain)]
        self.side_q = [sum((a * v for a, v in zip(n, x0, strict=True)), o) for n, o in self.sides]
        self.W = W
        self.b = b
        self.floats = self._floats()
        self.row_of = {i: k for k, i in enumerate(self.units)}  # unit -> its row in a region's system
        self.plane_bounds: dict[int, Fraction] = {}  # per hyperplane: the distance from x0 (one norm per search)

    def _floats(self) -> tuple[Any, Any, Any, Any] | None:
        import numpy as np

        try:
            Wf = np.array([[float(v) for v in self.W[i]] for i in self.units], dtype=float).reshape(-1, self.d)
            zf = np.array([float(self.z[i]) for i in self.units], dtype=float)
            Sf = np.array([[float(v) for v in n] for n, _ in self.sides], dtype=float).reshape(-1, self.d)
            sf = np.array([float(v) for v in self.side_q], dtype=float)
        except OverflowError:
            return None
        return Wf, zf, Sf, sf

    def start_pattern(self) -> str:
        """x0's pattern; on a hyperplane through x0, the side where ``normal . x + offset > 0``."""
        bits = []
        for i in range(self.net.n_hidden):
            if i in self.group_of:
                z = self.z[i]
                bits.append("1" if (z > 0 if z != 0 else self.orientation[i] > 0) else "0")
            else:
                bits.append("1" if self.b[i] > 0 else "0")
        return "".join(bits)

    def flip(self, pattern: str, group: int) -> str:
        bits = list(pattern)
        for i in self.groups[group]:
            bits[i] = "0" if bits[i] == "1" else "1"
        return "".join(bits)

    def base(self, pattern: str) -> _System:
        G: list[Row] = []
        q: list[Fraction] = []
        for i in self.units:
            if pattern[i] == "1":
                G.append(self.W[i])
                q.append(self.z[i])
            else:
                G.append(tuple(-v for v in self.W[i]))
                q.append(-self.z[i])
        for (normal, _), sq in zip(self.sides, self.side_q, strict=True):
            G.append(normal)
            q.append(sq)
        floats = None
        if self.floats is not None:
            import numpy as np

            Wf, zf, Sf, sf = self.floats
            signs = np.array([1.0 if pattern[i] == "1" else -1.0 for i in self.units])
            floats = (np.vstack([Wf * signs[:, None], Sf]), np.concatenate([zf * signs, sf]))
        return _System(G, q, floats)

    def affine(self, pattern: str) -> tuple[tuple[Row, ...], list[Fraction]]:
        """Per output: the gradient and the value at x0 of the region's map."""
        amap = affine_map(self.net, pattern)
        return amap.gradient, list(amap(self.x0))


def _change_rows(net: _Net, pattern: str, klass: int, sign: int) -> list[tuple[int, Row, Fraction]]:
    grads, values = net.affine(pattern)
    if net.m == 1:
        return [(-1, tuple(-sign * v for v in grads[0]), -sign * values[0])]
    return [
        (l, tuple(a - b for a, b in zip(grads[l], grads[klass], strict=True)), values[l] - values[klass])
        for l in range(net.m)
        if l != klass
    ]


def _hyperplane_bound(net: _Net, group: int, norm: str) -> Fraction:
    cached = net.plane_bounds.get(group)
    if cached is None:
        cached = net.plane_bounds[group] = _plane_distance(net, group, norm)
    return cached


def _plane_distance(net: _Net, group: int, norm: str) -> Fraction:
    i = net.groups[group][0]
    z = net.z[i]
    scale = _norm_measure(net.W[i], norm)
    return z * z / scale if norm == "2" else abs(z) / scale


@dataclass(frozen=True, slots=True)
class _Budget:
    """When the search stops early: a wall-clock deadline (perf_counter) and a region count."""

    deadline: float | None = None
    max_regions: int | None = None

    def spent(self, regions: int, new_region: bool) -> bool:
        """True when the search stops here (``max_regions`` only before it would examine one more)."""
        if new_region and self.max_regions is not None and regions >= self.max_regions:
            return True
        return self.deadline is not None and time.perf_counter() >= self.deadline


def _search(
    net: _Net, klass: int, sign: int, norm: str, eps: Fraction | None, budget: _Budget | None = None
) -> tuple[Any, ...]:
    """Best-first search; returns (best value, step, examined regions, robust, lower).

    ``lower`` is None when the search finished; when the budget ran out it is the certified lower
    bound: every point nearer than it lies in an examined region (whose change bounds are >= it)
    or beyond a facet whose key (still on the heap, or pruned as >= the best) is >= it.
    """
    best: Fraction | None = None  # the exact best measure found
    best_step: Vector | None = None
    limit = eps  # verify: the measure asked about (strict comparisons)
    strict = eps is not None

    def beyond(value: Fraction | None) -> bool:
        if strict:
            return _exceeds(value, limit, True)
        return _exceeds(value, best, False)

    examined: dict[str, dict[str, Any]] = {}
    pending: dict[tuple[str, int], tuple[_System, Any]] = {}  # change systems waiting for their exact solve
    stopping = False  # the budget ran out: one last exact solve for an upper bound, then stop
    start = net.start_pattern()
    counter = 0
    heap: list[tuple[Any, int, str, int, str]] = [(Fraction(0), counter, "region", -1, start)]
    while heap:
        _, _, kind, group, pattern = heap[0]
        if kind != "change" and (pattern if kind == "region" else net.flip(pattern, group)) in examined:
            heapq.heappop(heap)  # stale: its region is examined (dropped first so it cannot hold ``lower`` down)
            continue
        if beyond(heap[0][0]):
            break
        if stopping or (budget is not None and budget.spent(len(examined), kind == "region")):
            waiting = [entry for entry in heap if entry[2] == "change"]
            if stopping or not waiting:
                top: Fraction = heap[0][0]
                lower = top if best is None or top < best else best
                return best, best_step, _freeze(examined), False, lower
            # before stopping, solve the nearest waiting change exactly: an upper bound for the interval
            stopping = True
            heap.remove(min(waiting))
            heapq.heapify(heap)
            _, _, kind, group, pattern = min(waiting)
        else:
            heapq.heappop(heap)
        if kind == "change":
            system, guess = pending.pop((pattern, group))
            bound, step = _exact(system, norm, guess)
            examined[pattern]["changes"][group] = bound
            if step is not None and (best is None or (bound.value is not None and bound.value < best)):
                assert bound.value is not None
                if strict:
                    if bound.value <= limit:  # type: ignore[operator]
                        return bound.value, step, _freeze(examined), False, None
                else:
                    best, best_step = bound.value, step
            continue
        if kind == "facet":
            flipped = net.flip(pattern, group)
            r = net.groups[group][0]
            plane = [(net.W[r], net.z[r]), (tuple(-v for v in net.W[r]), -net.z[r])]
            system = examined[pattern]["base"].extended(plane)
            lp = examined[pattern]["lp"]
            guess = None if lp is None else lp.facet(net.row_of[r])
            bound, _ = _lower_bound(system, norm, exact_empty=best is None and not strict, guess=guess or "float")
            examined[pattern]["facets"][r] = bound
            if not beyond(bound.value):
                counter += 1
                assert bound.value is not None
                heapq.heappush(heap, (bound.value, counter, "region", -1, flipped))
            continue
        base = net.base(pattern)
        record: dict[str, Any] = {"changes": {}, "facets": {}, "base": base, "lp": _region_lp(net, pattern, base, norm)}
        examined[pattern] = record
        lp = record["lp"]
        for l, row, value in _change_rows(net, pattern, klass, sign):
            system = base.extended([(row, value)])
            alone = system.bound([(len(system.G) - 1, Fraction(1))], norm)  # the change's halfspace alone
            if beyond(alone.value):
                record["changes"][l] = alone
                continue
            guess = None if lp is None else lp.change(row, value)
            bound, guess = _lower_bound(system, norm, exact_empty=False, guess=guess or "float")
            record["changes"][l] = bound
            if not beyond(bound.value) and bound.value is not None:
                # solved exactly only when the search reaches its key (most never are: the best radius
                # found meanwhile is below it, and the float bound is all the certificate needs)
                counter += 1
                pending[(pattern, l)] = (system, guess)
                heapq.heappush(heap, (bound.value, counter, "change", l, pattern))
        for g in range(len(net.groups)):
            if net.flip(pattern, g) in examined:
                continue
            lb = _hyperplane_bound(net, g, norm)
            if not beyond(lb):
                counter += 1
                heapq.heappush(heap, (lb, counter, "facet", g, pattern))
    return best, best_step, _freeze(examined), strict, None


def _region_lp(net: _Net, pattern: str, base: _System, norm: str) -> _RegionLP | None:
    """The region's reusable HiGHS model (norms inf and 1, when highspy is installed), or None."""
    if norm == "2" or not _highs_available() or not base.G:
        return None
    try:
        lp = _RegionLP(base, norm)
    except OverflowError:
        return None
    lp.signs = [1 if pattern[i] == "1" else -1 for i in net.units] + [1] * len(net.sides)
    return lp


def _freeze(examined: dict[str, dict[str, Any]]) -> tuple[ExaminedRegion, ...]:
    return tuple(
        ExaminedRegion(
            pattern,
            tuple(sorted(record["changes"].items())),
            tuple(sorted(record["facets"].items())),
        )
        for pattern, record in examined.items()
    )


def _prune(
    net: _Net, regions: tuple[ExaminedRegion, ...], value: Fraction | None, norm: str, strict: bool
) -> tuple[ExaminedRegion, ...]:
    """Keep only the facet bounds the certificate needs (neighbour not examined, hyperplane too near)."""
    patterns = {r.pattern for r in regions}
    out = []
    for region in regions:
        kept = []
        for unit, bound in region.facets:
            g = net.group_of[unit]
            if net.flip(region.pattern, g) in patterns:
                continue
            lb = _hyperplane_bound(net, g, norm)
            if value is not None and (lb > value if strict else lb >= value):
                continue
            kept.append((unit, bound))
        out.append(ExaminedRegion(region.pattern, region.changes, tuple(kept)))
    return tuple(out)


def _choose(method: str, net: TwoLayerReLU, norm: str, domain: Domain) -> str:
    """The method that runs: "branch" for norms inf/1 on a box or R^d (auto: from d = BRANCH_DIMENSION on)."""
    from reluexact.domain import Box, Whole

    fits = norm in ("inf", "1") and isinstance(domain, (Box, Whole)) and _highs_available()
    if method == "branch":
        if not fits:
            raise InvalidArgument(
                "the branch method handles norms 'inf' and '1' on a box or all of R^d (with highspy); "
                "use method='regions'"
            )
        return "branch"
    if method == "auto" and fits and net.input_dim >= BRANCH_DIMENSION and net.n_hidden > 0:
        return "branch"
    return "regions"


def _branch_answer(
    data: _Net, klass: int, sign: int, norm: str, eps: Fraction | None, budget: _Budget | None, started: float
) -> Robustness | None:
    """The branch and bound's answer (None when it has no upper bound to start from)."""
    value, step, trees, nodes, lower, found = _branch_search(data, klass, sign, norm, eps, budget)
    if nodes < 0:
        return None
    counterexample = None if step is None else tuple(a + s for a, s in zip(data.x0, step, strict=True))
    if counterexample is not None:
        new, new_tie = prediction(evaluate(data.net, counterexample))
        if not new_tie and new == klass:  # pragma: no cover - the region maps are exact
            raise CertificationError("the counterexample found does not change the prediction")
    frozen = tuple(sorted(trees.items()))
    seconds = time.perf_counter() - started
    dom = data.domain
    squared = None if value is None else value * value
    if lower is not None:
        upper = None if eps is not None and not found else value
        return Robustness(
            data.x0, norm, klass, False, None, None, counterexample if upper is not None else None, eps, None,
            (), dom, seconds, partial=True, lower=lower, upper=upper, method="branch", trees=frozen, nodes=nodes,
        )  # fmt: skip
    if eps is not None:
        if found:
            return Robustness(
                data.x0, norm, klass, False, value, squared, counterexample, eps, False, (), dom, seconds,
                method="branch", nodes=nodes,
            )  # fmt: skip
        return Robustness(
            data.x0, norm, klass, False, None, None, None, eps, True, (), dom, seconds,
            method="branch", trees=frozen, nodes=nodes,
        )  # fmt: skip
    return Robustness(
        data.x0, norm, klass, False, value, squared, counterexample, None, None, (), dom, seconds,
        method="branch", trees=frozen, nodes=nodes,
    )  # fmt: skip


def _count_leaves(tree: BranchNode | BranchLeaf, *, regions: bool = False) -> int:
    stack, count = [tree], 0
    while stack:
        node = stack.pop()
        if isinstance(node, BranchNode):
            stack.extend((node.inactive, node.active))
        elif not regions or node.pattern is not None:
            count += 1
    return count


def _sample(net: TwoLayerReLU, x: Any, domain: DomainLike, norm: str) -> tuple[Vector, Domain]:
    if norm not in NORMS:
        raise InvalidArgument(f"norm must be one of {', '.join(NORMS)}, got {norm!r}")
    d = net.input_dim
    if isinstance(x, (str, bytes)) or not isinstance(x, Iterable):
        raise ShapeError(f"x must be a sequence of d = {d} numbers, got {type(x).__name__}")
    point = tuple(to_fraction(v, where=f"x[{j}]", allow_float=True) for j, v in enumerate(x))
    if len(point) != d:
        raise ShapeError(f"x has {len(point)} coordinates but the network has d = {d} inputs")
    dom = as_domain(domain, d)
    if not contains(dom, point):
        raise DomainError("the sample lies outside the domain; give a domain that contains it")
    return point, dom


def _budget(time_limit: Any, max_regions: Any) -> _Budget | None:
    """The search budget from the public arguments (validated), None when unlimited."""
    check_budget(max_regions, time_limit)
    if time_limit is None and max_regions is None:
        return None
    deadline = None if time_limit is None else time.perf_counter() + float(time_limit)
    return _Budget(deadline, max_regions)


def _answer(
    net: TwoLayerReLU,
    x: Any,
    norm: str,
    domain: DomainLike,
    eps: Fraction | None,
    time_limit: Any = None,
    max_regions: Any = None,
    method: str = "auto",
) -> Robustness:
    started = time.perf_counter()
    if method not in METHODS:
        raise InvalidArgument(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    budget = _budget(time_limit, max_regions)
    point, dom = _sample(net, x, domain, norm)
    klass, tie = prediction(evaluate(net, point))
    if tie:
        zero = Fraction(0)
        robust = None if eps is None else False
        return Robustness(
            point,
            norm,
            klass,
            True,
            zero if norm != "2" else None,
            zero,
            point,
            eps,
            robust,
            (),
            dom,
            time.perf_counter() - started,
        )
    data = _Net(net, point, dom)
    sign = 1 if net.output_dim > 1 or evaluate(net, point)[0] > 0 else -1
    measure_eps = None if eps is None else (eps * eps if norm == "2" else eps)
    if _choose(method, net, norm, dom) == "branch":
        found = _branch_answer(data, klass, sign, norm, eps, budget, started)
        if found is not None:
            return found
        if method == "branch":
            raise InvalidArgument(
                "the branch method needs a bounded box or an upper bound to start from, and the float attack "
                "found no change of the prediction on R^d; use method='regions'"
            )
    value, step, examined, _, lower = _search(data, klass, sign, norm, measure_eps, budget)
    counterexample = None if step is None else tuple(a + s for a, s in zip(point, step, strict=True))
    if counterexample is not None:  # the exact prediction there ties or differs (never trust the region map)
        new, new_tie = prediction(evaluate(net, counterexample))
        if not new_tie and new == klass:  # pragma: no cover - the region maps are exact
            raise CertificationError("the counterexample found does not change the prediction")
    if lower is not None:  # the budget ran out: the certified interval [lower, value]
        regions_ = _prune(data, examined, lower, norm, False)
        return Robustness(
            point,
            norm,
            klass,
            False,
            None,
            None,
            counterexample,
            eps,
            None,
            regions_,
            dom,
            time.perf_counter() - started,
            partial=True,
            lower=lower,
            upper=value,
        )
    regions_ = _prune(
        data,
        examined,
        value if step is not None or eps is None else measure_eps,
        norm,
        eps is not None and step is None,
    )
    seconds = time.perf_counter() - started
    if eps is not None:
        robust = step is None
        radius = None if robust or norm == "2" or value is None else value
        squared = None if robust or value is None else (value if norm == "2" else value * value)
        return Robustness(
            point, norm, klass, False, radius, squared, counterexample, eps, robust, regions_, dom, seconds
        )
    radius = None if value is None or norm == "2" else value
    squared = None if value is None else (value if norm == "2" else value * value)
    return Robustness(point, norm, klass, False, radius, squared, counterexample, None, None, regions_, dom, seconds)


def robustness(
    net: TwoLayerReLU,
    x: Any,
    norm: str = "inf",
    domain: DomainLike = None,
    *,
    time_limit: float | None = None,
    max_regions: int | None = None,
    method: str = "auto",
) -> Robustness:
    """The exact minimal perturbation of x (in the p-norm, within the domain) that changes the prediction.

    Parameters
    ----------
    net : TwoLayerReLU
    x : sequence of d numbers
        The sample (floats are read at their exact binary value).
    norm : {"inf", "1", "2"}
    domain : domain-like, optional
        Where perturbed points may lie (a box, a polytope; default all of R^d); it must contain x.
    time_limit : float, optional
        Seconds after which the search stops (checked between regions) with a partial answer.
    max_regions : int, optional
        Stop with a partial answer once this many regions (branch method: nodes) are examined.
    method : {"auto", "regions", "branch"}
        ``"regions"``: best-first search over regions from x0's region (every norm and domain;
        best for small d). ``"branch"``: branch and bound over activation patterns with LP
        relaxations on the box ``B_inf(x0, U) cap D`` (U the best radius found, first from a float
        attack), every bound proved exactly from float duals; norms inf and 1, a box or R^d.
        ``"auto"`` (default): branch from d = 8 on when it applies, else regions. The result's
        ``method`` says which ran.

    Returns
    -------
    Robustness
        The class, the exact radius (norm 2: its square), a rational counterexample at that
        distance, and the certificate (checked by :mod:`reluexact.check.robustness`). When the
        budget ran out first, ``partial`` is True and the answer is the exact interval
        ``lower <= radius <= upper`` (both certified; ``upper`` None when no change was found).

    Examples
    --------
    >>> from reluexact import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0])  # class = larger coordinate
    >>> r = robustness(net, [3, 1], norm="2")
    >>> r.klass, r.radius_squared, r.exact_radius, r.counterexample
    (0, Fraction(2, 1), sqrt(2), (Fraction(2, 1), Fraction(2, 1)))
    >>> robustness(net, [3, 1], norm="1").radius
    Fraction(2, 1)
    >>> net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -5], [[1, 0, 3], [0, 1, 0]], [0, 0])
    >>> robustness(net, [3, 1], max_regions=1)  # stopped early: an exact interval on the radius
    Robustness(norm=inf, class=0, partial: 1/2 <= radius <= 1)
    """
    return _answer(net, x, norm, domain, None, time_limit, max_regions, method)


def verify(
    net: TwoLayerReLU,
    x: Any,
    eps: Any,
    norm: str = "inf",
    domain: DomainLike = None,
    *,
    time_limit: float | None = None,
    max_regions: int | None = None,
    method: str = "auto",
) -> Robustness:
    """Decide whether every point within ``eps`` of x (in the p-norm, within the domain) keeps x's prediction.

    Returns a :class:`Robustness` with ``robust`` True (and the certificate: every examined
    region's bound is > eps and the facets nearer than eps lead to examined regions), or False
    with a counterexample at distance <= eps (not necessarily the nearest one). With a budget
    (``time_limit``, ``max_regions``, as in :func:`robustness`) that runs out first, ``partial``
    is True, ``robust`` None, and ``lower`` the certified lower bound reached. ``method`` as in
    :func:`robustness` (the branch method starts from U = eps).

    Examples
    --------
    >>> from reluexact import TwoLayerReLU
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0])
    >>> verify(net, [3, 1], 1).robust, verify(net, [3, 1], 1).counterexample
    (False, (Fraction(2, 1), Fraction(2, 1)))
    >>> verify(net, [3, 1], "99/100").robust
    True
    """
    bound = to_fraction(eps, where="eps", allow_float=True)
    if bound < 0:
        raise InvalidArgument(f"eps must be >= 0, got {bound}")
    return _answer(net, x, norm, domain, bound, time_limit, max_regions, method)


def robustness_batch(
    net: TwoLayerReLU,
    points: Iterable[Any],
    norm: str = "inf",
    domain: DomainLike = None,
    *,
    eps: Any = None,
    progress: Any = "auto",
    on_result: Callable[[int, Robustness], None] | None = None,
    time_limit: float | None = None,
    max_regions: int | None = None,
    method: str = "auto",
) -> list[Robustness]:
    """:func:`robustness` (or :func:`verify` when ``eps`` is given) of every point, with a progress bar.

    ``progress="auto"`` shows a tqdm bar on stderr when it is a terminal (True: always, False:
    never). Each result carries its time (``seconds``) and region count. ``time_limit`` and
    ``max_regions`` apply to each sample, ``method`` as in :func:`robustness`.

    Examples
    --------
    >>> from reluexact import TwoLayerReLU
    >>> net = TwoLayerReLU([[1]], [0], [[1]], ["-1/2"])
    >>> [r.radius for r in robustness_batch(net, [[2], [0], ["1/2"]], domain=(-1, 3))]
    [Fraction(3, 2), Fraction(1, 2), Fraction(0, 1)]
    """
    items = list(points)
    _budget(time_limit, max_regions)  # reject a bad budget before the first sample
    bar = None
    if progress is True or (progress == "auto" and sys.stderr.isatty()):
        from tqdm import tqdm

        bar = tqdm(total=len(items), desc="robustness", unit="sample", leave=False)
    out = []
    try:
        for k, x in enumerate(items):
            result = (
                robustness(net, x, norm, domain, time_limit=time_limit, max_regions=max_regions, method=method)
                if eps is None
                else verify(net, x, eps, norm, domain, time_limit=time_limit, max_regions=max_regions, method=method)
            )
            out.append(result)
            if on_result is not None:
                on_result(k, result)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return out


# ---------------------------------------------------------------------------------------------
# branch and bound over activation patterns (large d; norms inf and 1)


@dataclass(frozen=True, slots=True)
class BranchLeaf:
    """One leaf of a branch-and-bound tree (see :mod:`reluexact.check.robustness`).

    Attributes
    ----------
    box : Fraction
        The radius R of the box ``B_inf(x0, R) cap D`` the leaf's relaxation is built on.
    multipliers : tuple of (int, Fraction)
        The non-zero signed multipliers ``(row, y_row)`` of the relaxation's rows (or, for a
        region leaf, of the region system's rows, >= 0).
    bound : Fraction or None
        The lower bound they prove; None when they prove the leaf empty.
    pattern : str or None
        For a region leaf (every unit fixed or stable): the region's pattern, whose exact
        region bound (the multipliers) the leaf states; None for a relaxation leaf.
    """

    box: Fraction
    multipliers: tuple[tuple[int, Fraction], ...]
    bound: Fraction | None
    pattern: str | None = None


@dataclass(frozen=True, slots=True)
class BranchNode:
    """An internal node of a branch-and-bound tree: ``split`` fixed inactive, then active."""

    split: int
    inactive: BranchNode | BranchLeaf
    active: BranchNode | BranchLeaf


class _Relaxation:
    """The triangle-relaxation LP of one competing class on one box, in a HiGHS model and exactly.

    Columns: x (d), t (1 for norm inf, d for norm 1), h (n). Rows, in this order (the certificate's
    row numbers): ``x_j - t_j <= x0_j`` (d), ``x_j + t_j >= x0_j`` (d), ``h_i - w_i.x >= b_i``
    (= when active; n), ``h_i - s_i w_i.x <= s_i (b_i - lo_i)`` (unstable units; n),
    ``w_i.x >= -b_i`` / ``<= -b_i`` (units fixed active / inactive; n), the change row
    ``a.h >= -c_diff`` (1). A node changes only bounds, so HiGHS restarts from the last basis.
    """

    def __init__(self, ctx: _BranchContext, l: int, R: Fraction) -> None:
        import highspy
        import numpy as np

        self.ctx, self.l, self.R = ctx, l, R
        d, n = ctx.d, ctx.n
        self.nt = 1 if ctx.norm == "inf" else d
        self.xlo, self.xhi, self.lo, self.hi = ctx.intervals(R)
        self.status0 = []  # per unit: "0" stable inactive, "1" stable active, "" unstable
        self.s: list[Fraction] = []
        for lo, hi in zip(self.lo, self.hi, strict=True):
            if hi <= 0:
                self.status0.append("0")
                self.s.append(Fraction(0))
            elif lo >= 0:
                self.status0.append("1")
                self.s.append(Fraction(0))
            else:
                self.status0.append("")
                self.s.append(ceil_dyadic(hi / (hi - lo), SLOPE_BITS))
        self.a, self.a0 = ctx.change(l)
        self.fs = [_fq(v) for v in self.s]
        self.fa = [_fq(v) for v in self.a]
        inf = highspy.kHighsInf
        self.inf = inf
        W = ctx.Wf
        nc = d + self.nt + n
        self.nc = nc
        sf = np.array([float(v) for v in self.s])
        x0 = ctx.x0f
        # the matrix, row by row (dense; d and n are small enough)
        M = np.zeros((2 * d + 3 * n + 1, nc))
        for j in range(d):
            tj = d + (0 if self.nt == 1 else j)
            M[j, j], M[j, tj] = 1.0, -1.0
            M[d + j, j], M[d + j, tj] = 1.0, 1.0
        o1, o2, o3 = 2 * d, 2 * d + n, 2 * d + 2 * n
        for i in range(n):
            M[o1 + i, :d] = -W[i]
            M[o1 + i, d + self.nt + i] = 1.0
            M[o2 + i, :d] = -sf[i] * W[i]
            M[o2 + i, d + self.nt + i] = 1.0
            M[o3 + i, :d] = W[i]
        M[-1, d + self.nt :] = [float(v) for v in self.a]
        self.M = M
        h = _new_highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")
        cost = np.zeros(nc)
        cost[d : d + self.nt] = 1.0
        clo = np.concatenate([[float(v) for v in self.xlo], np.zeros(self.nt), np.zeros(n)])
        chi = np.concatenate(
            [[float(v) for v in self.xhi], np.full(self.nt, float(R)), [max(float(v), 0.0) for v in self.hi]]
        )
        h.addVars(nc, clo, chi)
        h.changeColsCost(nc, np.arange(nc, dtype=np.int32), cost)
        rlo, rhi = self._row_sides({})
        mask = M != 0
        starts = np.concatenate([[0], np.cumsum(mask.sum(axis=1))[:-1]]).astype(np.int32)
        index = np.nonzero(mask)[1].astype(np.int32)
        fl = np.array([_sidef(v, -inf) for v in rlo])
        fh = np.array([_sidef(v, inf) for v in rhi])
        h.addRows(M.shape[0], fl, fh, int(mask.sum()), starts, index, M[mask])
        self.h = h
        self.current: dict[int, int] = {}
        self._base: tuple[list[Any], list[Any], list[Any], list[Any]] | None = None
        self._fb: list[Any] = []
        self._G: list[list[Any]] | None = None
        del x0

    # the exact data of a node -------------------------------------------------------------
    def unit_status(self, fixes: dict[int, int]) -> list[str]:
        return [("1" if fixes[i] else "0") if i in fixes else s for i, s in enumerate(self.status0)]

    def _row_sides(self, fixes: dict[int, int]) -> tuple[list[Fraction | None], list[Fraction | None]]:
        """Exact (lower, upper) sides of every row (None: infinite)."""
        ctx = self.ctx
        d, n = ctx.d, ctx.n
        lo: list[Fraction | None] = [None] * d + list(ctx.x0)
        hi: list[Fraction | None] = list(ctx.x0) + [None] * d
        status = self.unit_status(fixes)
        for i in range(n):
            b = ctx.b[i]
            lo.append(b)
            hi.append(b if status[i] == "1" else None)
        for i in range(n):
            lo.append(None)
            hi.append(self.s[i] * (ctx.b[i] - self.lo[i]) if self.status0[i] == "" else None)
        for i in range(n):
            f = fixes.get(i)
            lo.append(-ctx.b[i] if f == 1 else None)
            hi.append(-ctx.b[i] if f == 0 else None)
        lo.append(-self.a0)
        hi.append(None)
        return lo, hi

    def col_bounds(self, fixes: dict[int, int]) -> tuple[list[Fraction], list[Fraction]]:
        """Exact column bounds: x in the box, t in [0, R], h_i in [0, max(hi_i, 0)] ([0, 0] when inactive)."""
        status = self.unit_status(fixes)
        zero = Fraction(0)
        lo = [*self.xlo, *([zero] * self.nt), *([zero] * self.ctx.n)]
        hi = [
            *self.xhi,
            *([self.R] * self.nt),
            *(zero if status[i] == "0" else max(self.hi[i], zero) for i in range(self.ctx.n)),
        ]
        return lo, hi

    def _fsides(self, fixes: dict[int, int]) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
        """Row sides and column bounds as python-flint rationals (None: infinite), from cached bases."""
        if self._base is None:
            sides = self._row_sides({})
            cols = self.col_bounds({})
            self._base = (
                [None if v is None else _fq(v) for v in sides[0]],
                [None if v is None else _fq(v) for v in sides[1]],
                [_fq(v) for v in cols[0]],
                [_fq(v) for v in cols[1]],
            )
            self._fb = [_fq(v) for v in self.ctx.b]
        rlo: list[Any] = list(self._base[0])
        rhi: list[Any] = list(self._base[1])
        clo: list[Any] = list(self._base[2])
        chi: list[Any] = list(self._base[3])
        d, n, nt = self.ctx.d, self.ctx.n, self.nt
        zero = flint.fmpq(0)
        for i, f in fixes.items():
            b = self._fb[i]
            if f == 1:
                rhi[2 * d + i] = b
                rlo[2 * d + 2 * n + i] = -b
            else:
                rhi[2 * d + 2 * n + i] = -b
                chi[d + nt + i] = zero
        return rlo, rhi, clo, chi

    def set_node(self, fixes: dict[int, int]) -> None:
        import numpy as np

        ctx = self.ctx
        d, n, inf = ctx.d, ctx.n, self.inf
        changed = set(self.current) ^ set(fixes) | {i for i in fixes if self.current.get(i) != fixes[i]}
        for i in changed:
            f = fixes.get(i)
            st = ("1" if f else "0") if f is not None else self.status0[i]
            b = float(ctx.b[i])
            self.h.changeRowBounds(2 * d + i, b, b if st == "1" else inf)
            self.h.changeRowBounds(2 * d + 2 * n + i, -b if f == 1 else -inf, -b if f == 0 else inf)
            col = d + self.nt + i
            self.h.changeColBounds(col, 0.0, 0.0 if st == "0" else max(float(self.hi[i]), 0.0))
        self.current = dict(fixes)
        del np

    def solve(self, fixes: dict[int, int]) -> tuple[str, Any, Any]:
        """("optimal", column values, row duals) / ("infeasible", None, ray) / ("unknown", None, None)."""
        import highspy
        import numpy as np

        self.set_node(fixes)
        self.h.run()
        status = self.h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            sol = self.h.getSolution()
            return "optimal", np.array(sol.col_value), np.array(sol.row_dual)
        if status == highspy.HighsModelStatus.kInfeasible:
            _, has_ray, ray = self.h.getDualRay()
            if has_ray:
                return "infeasible", None, np.asarray(ray, dtype=float)
        return "unknown", None, None

    def exact_bound(self, y: list[Any], fixes: dict[int, int], farkas: bool) -> Fraction | None:
        """The bound the signed multipliers prove, exactly (None: infinite, i.e. the node is empty).

        ``y`` are fmpq per row (0 allowed); a multiplier on an infinite side is set to 0 in place.
        """
        rlo, rhi, clo, chi = self._fsides(fixes)
        return _relaxation_bound(
            self.ctx.norm, self.ctx.d, self.ctx.n, self.ctx.Wq, self.fs, self.fa, (rlo, rhi), (clo, chi), y, farkas
        )


def _sidef(v: Fraction | None, default: float) -> float:
    return default if v is None else float(v)


def _relaxation_bound(
    norm: str,
    d: int,
    n: int,
    Wq: Any,
    s: Sequence[Any],
    a: Sequence[Any],
    sides: tuple[Sequence[Any], Sequence[Any]],
    cols: tuple[Sequence[Any], Sequence[Any]],
    y: list[Any],
    farkas: bool,
) -> Fraction | None:
    """The Neumaier-Shcherbina bound: min c.z over {L <= G z <= H, lo <= z <= hi} is at least

    sum_r y_r side_r + sum_j min(r_j lo_j, r_j hi_j) with r = c - G^T y, for any signed y (side_r =
    L_r when y_r > 0, H_r when y_r < 0). With ``farkas`` the cost is 0, and a total > 0 proves the
    system empty (returned as None).
    """
    zero = flint.fmpq(0)
    rlo, rhi = sides
    ys = y  # cleaned in place: a multiplier on an infinite side becomes 0
    total = zero
    for r, v in enumerate(ys):
        if v == 0:
            continue
        side = rlo[r] if v > 0 else rhi[r]
        if side is None:
            ys[r] = zero
            continue
        total += v * side
    nt = 1 if norm == "inf" else d
    o1, o2, o3 = 2 * d, 2 * d + n, 2 * d + 2 * n
    u = [ys[o3 + i] - ys[o1 + i] - s[i] * ys[o2 + i] for i in range(n)]
    wx = (flint.fmpq_mat(1, n, u) * Wq).entries() if n else [zero] * d
    yo = ys[-1]
    gty: list[Any] = [ys[j] + ys[d + j] + wx[j] for j in range(d)]
    if nt == 1:
        gty.append(sum((ys[d + j] - ys[j] for j in range(d)), zero))
    else:
        gty.extend(ys[d + j] - ys[j] for j in range(d))
    gty.extend(ys[o1 + i] + ys[o2 + i] + a[i] * yo for i in range(n))
    clo, chi = cols
    for j, g in enumerate(gty):
        r = -g if (farkas or not d <= j < d + nt) else 1 - g
        if r == 0:
            continue
        total += r * clo[j] if r > 0 else r * chi[j]
    if farkas:
        return None if total > 0 else Fraction(0)
    return _fr(total)


class _BranchContext:
    """What the branch and bound needs at one sample: exact and float data, the box of a radius."""

    def __init__(self, net: _Net, klass: int, sign: int, norm: str) -> None:
        import numpy as np

        self.data = net
        self.net = net.net
        self.klass, self.sign, self.norm = klass, sign, norm
        self.d, self.n, self.m = net.d, net.net.n_hidden, net.m
        self.x0 = net.x0
        self.b = net.b
        self.W = net.W
        self.Wq = flint.fmpq_mat(self.n, self.d, [_fq(v) for row in self.W for v in row]) if self.n else None
        W, b, A, c = net.net.float_arrays
        self.Wf, self.bf, self.Af, self.cf = W, b, A, c
        self.x0f = np.array([float(v) for v in self.x0])
        dom = net.domain
        from reluexact.domain import Box

        if isinstance(dom, Box):
            self.dlo: list[Fraction | None] = list(dom.lows)
            self.dhi: list[Fraction | None] = list(dom.highs)
        else:
            self.dlo = [None] * self.d
            self.dhi = [None] * self.d
        self.pos = [[max(v, Fraction(0)) for v in row] for row in self.W]
        self._cache: dict[Fraction, tuple[Any, ...]] = {}

    def intervals(self, R: Fraction) -> tuple[Any, ...]:
        """The box X = B_inf(x0, R) cap D and the exact interval bounds of every w_i.x + b_i on it."""
        if R in self._cache:
            return self._cache[R]
        xlo = [self.x0[j] - R if lo is None else max(self.x0[j] - R, lo) for j, lo in enumerate(self.dlo)]
        xhi = [self.x0[j] + R if hi is None else min(self.x0[j] + R, hi) for j, hi in enumerate(self.dhi)]
        lo, hi = _interval_bounds(self.W, self.b, xlo, xhi)
        self._cache[R] = (xlo, xhi, lo, hi)
        return self._cache[R]

    def change(self, l: int) -> tuple[list[Fraction], Fraction]:
        """The change row a.h + a0 >= 0 of class l (l = -1: the sign of the one output)."""
        A, c = self.net.output_weights, self.net.output_bias
        k = self.klass
        if l == -1:
            return [-self.sign * v for v in A[0]], -self.sign * c[0]
        return [x - y for x, y in zip(A[l], A[k], strict=True)], c[l] - c[k]


def _interval_bounds(
    W: Sequence[Row], b: Sequence[Fraction], xlo: Sequence[Fraction], xhi: Sequence[Fraction]
) -> tuple[list[Fraction], list[Fraction]]:
    """Exact interval bounds of w_i.x + b_i over the box [xlo, xhi] (python-flint)."""
    n, d = len(W), len(xlo)
    if n == 0:
        return [], []
    P = flint.fmpq_mat(n, d, [_fq(max(v, Fraction(0))) for row in W for v in row])
    N = flint.fmpq_mat(n, d, [_fq(min(v, Fraction(0))) for row in W for v in row])
    L = flint.fmpq_mat(d, 1, [_fq(v) for v in xlo])
    H = flint.fmpq_mat(d, 1, [_fq(v) for v in xhi])
    low = (P * L + N * H).entries()
    high = (P * H + N * L).entries()
    return [_fr(v) + bi for v, bi in zip(low, b, strict=True)], [_fr(v) + bi for v, bi in zip(high, b, strict=True)]


SLOPE_BITS = 24  # the triangle's slope s_i = hi/(hi - lo), rounded up to a multiple of 2^-24
BOX_BITS = 30  # the box radius R >= the incumbent, rounded up to a multiple of 2^-30


def ceil_dyadic(value: Fraction, bits: int) -> Fraction:
    """The least multiple of 2^-bits that is >= value (the checker's rounding of slopes and boxes).

    Examples
    --------
    >>> ceil_dyadic(Fraction(1, 3), 4), ceil_dyadic(Fraction(1, 2), 4)
    (Fraction(3, 8), Fraction(1, 2))
    """
    scale = 1 << bits
    return Fraction(-((-value.numerator * scale) // value.denominator), scale)


def _float_fq(v: float) -> Any:
    p, q = float(v).as_integer_ratio()
    return flint.fmpq(p, q)


def _pattern_at(data: _Net, point: Sequence[Fraction]) -> str:
    """The pattern of a closed region containing ``point`` (z = 0: active, unless w = 0)."""
    z = hidden_preactivations(data.net, point)
    return "".join("1" if v > 0 or (v == 0 and i in data.group_of) else "0" for i, v in enumerate(z))


def _region_min(data: _Net, pattern: str, l: int, klass: int, sign: int, norm: str) -> tuple[Bound, Vector | None]:
    """The exact minimum distance from x0 to the points of the closed region where class l ties or wins."""
    base = data.base(pattern)
    for cl, row, value in _change_rows(data, pattern, klass, sign):
        if cl == l:
            system = base.extended([(row, value)])
            alone = system.bound([(len(system.G) - 1, Fraction(1))], norm)
            if alone.value is None:
                return alone, None
            _, guess = _lower_bound(system, norm, exact_empty=False)
            return _exact(system, norm, guess)
    raise InvalidArgument(f"no competing class {l}")  # pragma: no cover - callers pass a competitor


def _attack(ctx: _BranchContext, classes: Sequence[int]) -> list[tuple[float, int, Any]]:
    """Float PGD (l-inf, sign steps) with bisection on the radius, per competing class: (distance, class, point)."""
    import numpy as np

    W, b, A, c = ctx.Wf, ctx.bf, ctx.Af, ctx.cf
    x0 = ctx.x0f
    lo = np.array([-np.inf if v is None else float(v) for v in ctx.dlo])
    hi = np.array([np.inf if v is None else float(v) for v in ctx.dhi])
    reach = float(np.max(np.maximum(x0 - lo, hi - x0))) if ctx.d else 0.0
    if not math.isfinite(reach):
        reach = 4.0 * (1.0 + float(np.max(np.abs(x0)))) if ctx.d else 1.0
    found: list[tuple[float, int, Any]] = []
    k = ctx.klass
    for l in classes:
        if l == -1:
            wvec = -ctx.sign * A[0]
            const = -ctx.sign * c[0]
        else:
            wvec = A[l] - A[k]
            const = c[l] - c[k]

        def margin(x: Any, wvec: Any = wvec, const: float = const) -> tuple[float, Any]:
            z = W @ x + b
            return float(wvec @ np.maximum(z, 0) + const), W.T @ (wvec * (z > 0))

        def attempt(eps: float, margin: Any = margin) -> Any:
            low, high = np.maximum(x0 - eps, lo), np.minimum(x0 + eps, hi)
            x = x0.copy()
            step = eps / 2
            for it in range(25):
                value, grad = margin(x)
                if value >= 0:
                    return x
                x = np.clip(x + step * np.sign(grad), low, high)
                if it % 5 == 4:
                    step /= 2
            return x if margin(x)[0] >= 0 else None

        best = attempt(reach)
        if best is None:
            continue
        top, bottom = reach, 0.0
        for _ in range(14):
            mid = (top + bottom) / 2
            x = attempt(mid)
            if x is None:
                bottom = mid
            else:
                top, best = mid, x
        found.append((float(np.max(np.abs(best - x0))) if ctx.d else 0.0, l, best))
    found.sort(key=lambda e: e[0])
    return found


def _measure_norm(step: Sequence[Fraction], norm: str) -> Fraction:
    return _measure(step, norm)


class _Tree:
    """The branch-and-bound tree of one class while it grows: splits and leaves keyed by the fixes."""

    def __init__(self) -> None:
        self.splits: dict[frozenset[tuple[int, int]], int] = {}
        self.leaves: dict[frozenset[tuple[int, int]], BranchLeaf] = {}

    def build(self, fixes: frozenset[tuple[int, int]] = frozenset()) -> BranchNode | BranchLeaf:
        # iterative to avoid deep recursion on long paths
        if fixes in self.leaves:
            return self.leaves[fixes]
        unit = self.splits[fixes]
        return BranchNode(unit, self.build(fixes | {(unit, 0)}), self.build(fixes | {(unit, 1)}))


def _exact_signed(y: Any) -> list[Any]:
    return [_float_fq(v) if v else flint.fmpq(0) for v in y]


def _support(y: Sequence[Any]) -> tuple[tuple[int, Fraction], ...]:
    return tuple((r, _fr(v)) for r, v in enumerate(y) if v != 0)


def _branch_search(
    data: _Net,
    klass: int,
    sign: int,
    norm: str,
    eps: Fraction | None,
    budget: _Budget | None,
) -> tuple[Fraction | None, Vector | None, dict[int, BranchNode | BranchLeaf], int, Fraction | None, bool]:
    """Branch and bound; returns (value, step, trees, nodes, lower (None: finished), found_within_eps)."""
    import numpy as np

    ctx = _BranchContext(data, klass, sign, norm)
    classes = [-1] if ctx.m == 1 else [l for l in range(ctx.m) if l != klass]
    strict = eps is not None
    U: Fraction | None = None
    U_step: Vector | None = None

    offered: set[tuple[str, int]] = set()  # regions already solved exactly

    def offer(point: Sequence[Fraction], l: int) -> bool:
        """Solve the region of a float counterexample exactly; True when it improved the incumbent."""
        nonlocal U, U_step
        new, tie = prediction(evaluate(ctx.net, point))
        if not tie and new == klass:
            return False
        target = l
        values = evaluate(ctx.net, point)
        if ctx.m > 1 and values[l] < values[klass]:
            target = max((c for c in classes), key=lambda c: values[c])
        pattern = _pattern_at(data, point)
        if (pattern, target) in offered:
            return False
        offered.add((pattern, target))
        bound, step = _region_min(data, pattern, target, klass, sign, norm)
        if step is None or bound.value is None:
            return False
        if U is None or bound.value < U:
            U, U_step = bound.value, step
            return True
        return False

    attacks = _attack(ctx, classes)
    for _, l, x in attacks[:3]:
        offer(tuple(Fraction(float(v)) for v in x), l)
        if strict and U is not None and eps >= U:  # type: ignore[operator]
            return U, U_step, {}, 0, None, True
    reach = _reach(ctx)
    if not strict and U is None and reach is None:
        return None, None, {}, -1, None, False  # no change found on R^d: the caller uses the region search
    order = {l: k for k, (_, l, _) in enumerate(attacks)}
    classes.sort(key=lambda l: order.get(l, len(order)))

    def limit() -> Fraction:
        value = eps if strict else (U if U is not None else reach)
        assert value is not None
        return value

    def beyond(bound: Fraction | None) -> bool:
        # no incumbent yet: the box of radius ``reach`` holds the whole domain, and a leaf whose
        # bound exceeds it holds no point of the domain
        if bound is None:
            return True
        return bound > limit() if strict or U is None else bound >= limit()

    trees = {l: _Tree() for l in classes}
    models: dict[int, _Relaxation] = {}
    R = ceil_dyadic(limit(), BOX_BITS)

    def model(l: int) -> _Relaxation:
        current = models.get(l)
        if current is None or current.R != R:
            current = models[l] = _Relaxation(ctx, l, R)
        return current

    counter = 0
    heap: list[tuple[Fraction, int, int, frozenset[tuple[int, int]], Any]] = []
    for l in classes:
        counter += 1
        heap.append((Fraction(0), counter, l, frozenset(), None))
    heapq.heapify(heap)
    nodes = 0

    def inherited(l: int, fixes: frozenset[tuple[int, int]], parent: Any) -> BranchLeaf:
        rel, y = parent
        fx = dict(fixes)
        return BranchLeaf(rel.R, _support(y), rel.exact_bound(y, fx, False))

    while heap:
        key, _, l, fixes, parent = heapq.heappop(heap)
        tree = trees[l]
        if parent is not None and beyond(key):
            tree.leaves[fixes] = inherited(l, fixes, parent)
            continue
        if budget is not None and budget.spent(nodes, True):
            heapq.heappush(heap, (key, 0, l, fixes, parent))
            lower = min(key, limit())
            for _, _, l2, fixes2, parent2 in heap:
                if parent2 is None:  # a root never solved: no bound below 0
                    lower = Fraction(0)
                    trees[l2].leaves[fixes2] = BranchLeaf(R, (), Fraction(0))
                else:
                    trees[l2].leaves[fixes2] = inherited(l2, fixes2, parent2)
            built = {c: trees[c].build() for c in classes}
            return U, U_step, built, nodes, lower, False
        nodes += 1
        rel = model(l)
        fx = dict(fixes)
        status, x, y = rel.solve(fx)
        if status == "infeasible":
            ray = _exact_signed(y)
            for cand in (ray, [-v for v in ray]):
                if rel.exact_bound(cand, fx, True) is None:
                    tree.leaves[fixes] = BranchLeaf(rel.R, _support(cand), None)
                    break
            if fixes in tree.leaves:
                continue
        bound: Fraction | None = key
        yq = None
        if status == "optimal":
            yq = _exact_signed(y)
            bound = rel.exact_bound(yq, fx, False)
            if beyond(bound):
                tree.leaves[fixes] = BranchLeaf(rel.R, _support(yq), bound)
                continue
            value = float(rel.h.getInfo().objective_function_value)
            lim = float(limit())
            if value >= lim - 1e-9 * max(1.0, lim):
                exact_y = _basis_dual(rel, fx)
                if exact_y is not None:
                    b2 = rel.exact_bound(exact_y, fx, False)
                    if beyond(b2):
                        tree.leaves[fixes] = BranchLeaf(rel.R, _support(exact_y), b2)
                        continue
            # the relaxation's point may be a real counterexample: solve its region exactly
            xs = x[: ctx.d]
            zs = ctx.Wf @ xs + ctx.bf
            wvec = np.array([float(v) for v in rel.a])
            dist = float(np.max(np.abs(xs - ctx.x0f))) if norm == "inf" else float(np.sum(np.abs(xs - ctx.x0f)))
            if float(wvec @ np.maximum(zs, 0)) + float(rel.a0) >= -1e-9 and dist < lim * (1 - 1e-7):
                improved = offer(tuple(Fraction(float(v)) for v in xs), l)
                if improved:
                    if strict and U is not None and limit() >= U:
                        return U, U_step, {}, nodes, None, True
                    if U is not None and R * (1 - Fraction(1, 1000)) > U:
                        R = ceil_dyadic(U, BOX_BITS)
                if beyond(bound):
                    tree.leaves[fixes] = BranchLeaf(rel.R, _support(yq), bound)
                    continue
        statuses = rel.unit_status(fx)
        free = [i for i in range(ctx.n) if statuses[i] == "" and rel.a[i] != 0]
        if not free:
            pattern = "".join(s if s else "0" for s in statuses)
            if any(statuses[i] == "" for i in range(ctx.n)):
                # free units with a_i = 0 do not move the change row; any sign works, fix them too
                unit = next(i for i in range(ctx.n) if statuses[i] == "")
                tree.splits[fixes] = unit
                assert bound is not None
                counter += 1
                heapq.heappush(heap, (bound, counter, l, fixes | {(unit, 0)}, (rel, yq) if yq else None))
                counter += 1
                heapq.heappush(heap, (bound, counter, l, fixes | {(unit, 1)}, (rel, yq) if yq else None))
                continue
            region_bound, step = _region_min(data, pattern, l, klass, sign, norm)
            if step is not None and region_bound.value is not None and not beyond(region_bound.value):
                if strict:
                    U, U_step = region_bound.value, step
                    return U, U_step, {}, nodes, None, True
                U, U_step = region_bound.value, step
                if R * (1 - Fraction(1, 1000)) > U:
                    R = ceil_dyadic(U, BOX_BITS)
            tree.leaves[fixes] = BranchLeaf(rel.R, region_bound.multipliers, region_bound.value, pattern)
            continue
        if status == "optimal":
            hs = x[ctx.d + rel.nt :]
            zs = ctx.Wf @ x[: ctx.d] + ctx.bf
            score = [abs(float(rel.a[i])) * (hs[i] - max(zs[i], 0.0)) for i in free]
            if max(score) <= 1e-12:
                score = [abs(float(rel.a[i])) * float(rel.hi[i] - rel.lo[i]) for i in free]
        else:
            score = [abs(float(rel.a[i])) * float(rel.hi[i] - rel.lo[i]) for i in free]
        unit = free[int(np.argmax(score))]
        tree.splits[fixes] = unit
        assert bound is not None
        for bit in (0, 1):
            counter += 1
            heapq.heappush(heap, (bound, counter, l, fixes | {(unit, bit)}, (rel, yq) if yq is not None else None))
    built = {c: trees[c].build() for c in classes}
    return U, U_step, built, nodes, None, False


def _reach(ctx: _BranchContext) -> Fraction | None:
    """The largest distance (the search's norm) from x0 to a point of a box domain (None for R^d)."""
    if any(v is None for v in ctx.dlo) or any(v is None for v in ctx.dhi):
        return None
    far = [max(x - lo, hi - x) for x, lo, hi in zip(ctx.x0, ctx.dlo, ctx.dhi, strict=True)]  # type: ignore[operator]
    return sum(far, Fraction(0)) if ctx.norm == "1" else max(far, default=Fraction(0))


def _basis_dual(rel: _Relaxation, fixes: dict[int, int]) -> list[Any] | None:
    """Exact row multipliers from HiGHS's optimal basis (zero reduced cost on the basic columns), or None."""
    import highspy

    basis = rel.h.getBasis()
    basic = highspy.HighsBasisStatus.kBasic
    cols = [j for j, s in enumerate(basis.col_status) if s == basic]
    rows = [r for r, s in enumerate(basis.row_status) if s != basic]
    if len(cols) != len(rows):
        return None
    G = _exact_matrix(rel)
    d, nt = rel.ctx.d, rel.nt
    K = flint.fmpq_mat(len(cols), len(rows), [G[r][j] for j in cols for r in rows])
    cost = flint.fmpq_mat(len(cols), 1, [flint.fmpq(1 if d <= j < d + nt else 0) for j in cols])
    try:
        sol = K.solve(cost)
    except ZeroDivisionError:
        return None
    y = [flint.fmpq(0)] * len(G)
    for k, r in enumerate(rows):
        y[r] = sol[k, 0]
    return y


def _exact_matrix(rel: _Relaxation) -> list[list[Any]]:
    if rel._G is not None:
        return rel._G
    ctx = rel.ctx
    d, n, nt = ctx.d, ctx.n, rel.nt
    nc = d + nt + n
    zero, one = flint.fmpq(0), flint.fmpq(1)
    G = [[zero] * nc for _ in range(2 * d + 3 * n + 1)]
    for j in range(d):
        tj = d + (0 if nt == 1 else j)
        G[j][j], G[j][tj] = one, -one
        G[d + j][j], G[d + j][tj] = one, one
    for i in range(n):
        w = [_fq(v) for v in ctx.W[i]]
        for j in range(d):
            G[2 * d + i][j] = -w[j]
            G[2 * d + n + i][j] = -rel.fs[i] * w[j]
            G[2 * d + 2 * n + i][j] = w[j]
        G[2 * d + i][d + nt + i] = one
        G[2 * d + n + i][d + nt + i] = one
    for i in range(n):
        G[-1][d + nt + i] = _fq(rel.a[i])
    rel._G = G
    return G


# ---------------------------------------------------------------------------------------------
# the certificate document (checked by reluexact.check.robustness)


def _numbers(values: Sequence[Fraction] | None) -> list[str] | None:
    from reluexact.rational import format_fraction

    return None if values is None else [format_fraction(v) for v in values]


def _bound_to_json(key: str, index: int, bound: Bound) -> dict[str, Any]:
    from reluexact.rational import format_fraction

    return {
        key: index,
        "multipliers": [[r, format_fraction(v)] for r, v in bound.multipliers],
        "bound": None if bound.value is None else format_fraction(bound.value),
    }


def _tree_to_json(tree: BranchNode | BranchLeaf) -> dict[str, Any]:
    from reluexact.rational import format_fraction

    if isinstance(tree, BranchNode):
        return {"split": tree.split, "inactive": _tree_to_json(tree.inactive), "active": _tree_to_json(tree.active)}
    out: dict[str, Any] = {
        "box": format_fraction(tree.box),
        "multipliers": [[r, format_fraction(v)] for r, v in tree.multipliers],
        "bound": None if tree.bound is None else format_fraction(tree.bound),
    }
    if tree.pattern is not None:
        out["pattern"] = tree.pattern
    return out


def sample_to_json(result: Robustness, *, certificate: bool = True) -> dict[str, Any]:
    """One sample of a robustness document: class, radius (norm 2: radius_squared), counterexample, certificate.

    Examples
    --------
    >>> from reluexact import TwoLayerReLU
    >>> entry = sample_to_json(robustness(TwoLayerReLU([[1]], [0], [[1]], ["-1/2"]), [2]), certificate=False)
    >>> entry["class"], entry["radius"], entry["counterexample"], entry["regions_examined"]
    (1, '3/2', ['1/2'], 1)
    """
    from reluexact.rational import format_fraction

    out: dict[str, Any] = {"point": _numbers(result.point), "class": result.klass}
    if result.partial:  # the budget ran out: the certified interval [lower, upper]
        suffix = "_squared" if result.norm == "2" else ""
        out["partial"] = True
        out["lower" + suffix] = None if result.lower is None else format_fraction(result.lower)
        out["upper" + suffix] = None if result.upper is None else format_fraction(result.upper)
    elif result.eps is not None:
        pass  # the decision form: robust, or a counterexample within eps
    elif result.norm == "2":
        out["radius_squared"] = None if result.radius_squared is None else format_fraction(result.radius_squared)
    else:
        out["radius"] = None if result.radius is None else format_fraction(result.radius)
    out["counterexample"] = _numbers(result.counterexample)
    if result.eps is not None:
        out["eps"] = format_fraction(result.eps)
        if not result.partial:
            out["robust"] = result.robust
    out["regions_examined"] = result.regions_examined
    out["milliseconds"] = round(result.seconds * 1000)
    out["method"] = result.method
    if result.method == "branch":
        out["nodes_examined"] = result.nodes
        if certificate:
            out["certificate"] = {
                "method": "branch",
                "slope_bits": SLOPE_BITS,
                "trees": [{"class": l, "tree": _tree_to_json(tree)} for l, tree in result.trees],
            }
        return out
    if certificate:
        out["certificate"] = {
            "regions": [
                {
                    "pattern": region.pattern,
                    "changes": [_bound_to_json("class", l, b) for l, b in region.changes],
                    "facets": [_bound_to_json("unit", u, b) for u, b in region.facets],
                }
                for region in result.regions
            ]
        }
    return out


def robustness_document(net: TwoLayerReLU, results: Sequence[Robustness]) -> dict[str, Any]:
    """The self-contained certificate document of a batch (one norm, one domain): model, domain, samples.

    :func:`reluexact.check.check_certificate` re-verifies it from the document alone.

    Examples
    --------
    >>> from reluexact import TwoLayerReLU
    >>> from reluexact.check import check_certificate
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0])
    >>> document = robustness_document(net, [robustness(net, [3, 1]), robustness(net, [0, 2], norm="inf")])
    >>> check_certificate(document)
    'robustness certificate holds: 2 samples (norm inf), 3 regions checked'
    """
    if not results:
        raise InvalidArgument("a robustness document needs at least one sample")
    norms = {r.norm for r in results}
    domains = {repr(r.domain) for r in results}
    if len(norms) != 1 or len(domains) != 1:
        raise InvalidArgument("the samples of one document share one norm and one domain")
    return {
        **header("robustness", net, results[0].domain),
        "norm": results[0].norm,
        "samples": [sample_to_json(r) for r in results],
    }


# ---------------------------------------------------------------------------------------------
# the usual float method, for comparison (bench/bench_robustness.py, tests)


def float_milp_radius(
    net: TwoLayerReLU,
    x: Any,
    norm: str = "inf",
    domain: DomainLike = None,
    *,
    ball: float | None = None,
    gap: float | None = None,
) -> tuple[float | None, Any]:
    """The robustness radius by the usual float big-M MILP (scipy's HiGHS): NOT exact, for comparison.

    Needs a box domain (the big-M constants are interval bounds of the pre-activations on it).
    Norms ``"inf"`` and ``"1"``; one MILP per competing class. Returns the float radius (None when
    HiGHS finds no change) and its float point. Its tolerances (1e-6 / 1e-7) are what make it
    unreliable on tiny margins; see the tests for a case where it is wrong.

    ``ball``: a float radius U (e.g. from an attack) known to be >= the answer: the big-M
    constants then come from the interval bounds over ``B_inf(x0, U) cap D`` and ``t <= U``
    (norm 1: each ``t_j <= U``), the same advantage the exact branch and bound has. ``gap``:
    HiGHS's relative MIP gap (its default 1e-4 lets the answer be that far above the optimum).

    Examples
    --------
    >>> from reluexact import TwoLayerReLU
    >>> radius, point = float_milp_radius(TwoLayerReLU([[1]], [0], [[1]], ["-1/2"]), [2], domain=(-1, 3))
    >>> round(radius, 6), round(float(point[0]), 6)
    (1.5, 0.5)
    """
    import numpy as np
    from scipy.optimize import LinearConstraint, milp

    if norm not in ("inf", "1"):
        raise InvalidArgument(f"the float MILP handles norms inf and 1, got {norm!r}")
    point, dom = _sample(net, x, domain, norm)
    lows, highs = _box_bounds(dom)
    W, b, A, c = net.float_arrays
    x0 = np.array([float(v) for v in point])
    tmax = np.inf
    if ball is not None:
        lows, highs = np.maximum(lows, x0 - ball), np.minimum(highs, x0 + ball)
        tmax = float(ball)
    n, d, m = W.shape[0], W.shape[1], A.shape[0]
    out0 = A @ np.maximum(W @ x0 + b, 0) + c
    klass, _ = prediction(evaluate(net, point))
    sign = 1.0 if m > 1 or out0[0] > 0 else -1.0
    pos, neg = np.maximum(W, 0), np.minimum(W, 0)
    zlo = pos @ lows + neg @ highs + b
    zhi = pos @ highs + neg @ lows + b
    # variables: x (d), t (1 or d), z = pre-activation (n), h = relu (n), a binary (n)
    k_t = 1 if norm == "inf" else d
    nv = d + k_t + 3 * n
    ix, it, iz, ih, ia = 0, d, d + k_t, d + k_t + n, d + k_t + 2 * n
    rows, lo, hi = [], [], []

    def add(entries: dict[int, float], low: float, high: float) -> None:
        row = np.zeros(nv)
        for k, v in entries.items():
            row[k] += v
        rows.append(row)
        lo.append(low)
        hi.append(high)

    for j in range(d):
        tj = it if norm == "inf" else it + j
        add({ix + j: 1.0, tj: -1.0}, -np.inf, x0[j])
        add({ix + j: 1.0, tj: 1.0}, x0[j], np.inf)
    for i in range(n):
        add({**{ix + j: -W[i, j] for j in range(d) if W[i, j]}, iz + i: 1.0}, b[i], b[i])
        add({ih + i: 1.0, iz + i: -1.0}, 0.0, np.inf)  # h >= z
        add({ih + i: 1.0, iz + i: -1.0, ia + i: -zlo[i]}, -np.inf, -zlo[i])  # h <= z - zlo (1 - a)
        add({ih + i: 1.0, ia + i: -max(zhi[i], 0.0)}, -np.inf, 0.0)  # h <= zhi a
    bounds_lo = np.concatenate([lows, np.zeros(k_t), zlo, np.zeros(n), np.zeros(n)])
    bounds_hi = np.concatenate([highs, np.full(k_t, tmax), zhi, np.maximum(zhi, 0), np.ones(n)])
    integrality = np.concatenate([np.zeros(d + k_t + 2 * n), np.ones(n)])
    cost = np.zeros(nv)
    cost[it : it + k_t] = 1.0
    best: tuple[float | None, Any] = (None, None)
    competitors = [-1] if m == 1 else [l for l in range(m) if l != klass]
    for l in competitors:
        extra = np.zeros(nv)
        if l == -1:
            extra[ih : ih + n] = -sign * A[0]
            low = sign * c[0]
        else:
            extra[ih : ih + n] = A[l] - A[klass]
            low = c[klass] - c[l]
        constraint = LinearConstraint(np.vstack([*rows, extra]), [*lo, low], [*hi, np.inf])
        options = {} if gap is None else {"mip_rel_gap": gap}
        res = milp(
            cost, constraints=constraint, integrality=integrality, bounds=(bounds_lo, bounds_hi), options=options
        )
        if res.status == 0 and (best[0] is None or res.fun < best[0]):
            best = (float(res.fun), res.x[:d])
    return best


def attack_radius(net: TwoLayerReLU, x: Any, norm: str = "inf", domain: DomainLike = None) -> float | None:
    """A float upper estimate of the radius from the branch method's attack (PGD with bisection): NOT exact.

    The smallest distance (in ``norm``) of the float points it found whose float prediction
    changes, or None; the bench gives it to :func:`float_milp_radius` as ``ball``.

    Examples
    --------
    >>> from reluexact import TwoLayerReLU
    >>> radius = attack_radius(TwoLayerReLU([[1]], [0], [[1]], ["-1/2"]), [2], domain=(-1, 3))
    >>> 1.5 <= radius < 1.5001
    True
    """
    import numpy as np

    point, dom = _sample(net, x, domain, norm)
    klass, tie = prediction(evaluate(net, point))
    if tie:
        return 0.0
    sign = 1 if net.output_dim > 1 or evaluate(net, point)[0] > 0 else -1
    ctx = _BranchContext(_Net(net, point, dom), klass, sign, norm)
    classes = [-1] if ctx.m == 1 else [l for l in range(ctx.m) if l != klass]
    found = _attack(ctx, classes)
    if not found:
        return None
    ord_ = np.inf if norm == "inf" else (1 if norm == "1" else 2)
    return min(float(np.linalg.norm(p - ctx.x0f, ord_)) for _, _, p in found)


def _box_bounds(domain: Domain) -> tuple[Any, Any]:
    import numpy as np

    from reluexact.domain import Box

    if not isinstance(domain, Box):
        raise InvalidArgument("the float MILP needs a box domain (for its big-M constants)")
    return np.array([float(v) for v in domain.lows]), np.array([float(v) for v in domain.highs])
