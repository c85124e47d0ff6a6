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
    "ExaminedRegion",
    "Robustness",
    "float_milp_radius",
    "prediction",
    "robustness",
    "robustness_batch",
    "robustness_document",
    "sample_to_json",
    "verify",
]

NORMS = ("inf", "1", "2")

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

    @property
    def regions_examined(self) -> int:
        """How many regions the search examined."""
        return len(self.regions)

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
) -> Robustness:
    started = time.perf_counter()
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
        Stop with a partial answer once this many regions are examined.

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
    return _answer(net, x, norm, domain, None, time_limit, max_regions)


def verify(
    net: TwoLayerReLU,
    x: Any,
    eps: Any,
    norm: str = "inf",
    domain: DomainLike = None,
    *,
    time_limit: float | None = None,
    max_regions: int | None = None,
) -> Robustness:
    """Decide whether every point within ``eps`` of x (in the p-norm, within the domain) keeps x's prediction.

    Returns a :class:`Robustness` with ``robust`` True (and the certificate: every examined
    region's bound is > eps and the facets nearer than eps lead to examined regions), or False
    with a counterexample at distance <= eps (not necessarily the nearest one). With a budget
    (``time_limit``, ``max_regions``, as in :func:`robustness`) that runs out first, ``partial``
    is True, ``robust`` None, and ``lower`` the certified lower bound reached.

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
    return _answer(net, x, norm, domain, bound, time_limit, max_regions)


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
) -> list[Robustness]:
    """:func:`robustness` (or :func:`verify` when ``eps`` is given) of every point, with a progress bar.

    ``progress="auto"`` shows a tqdm bar on stderr when it is a terminal (True: always, False:
    never). Each result carries its time (``seconds``) and region count. ``time_limit`` and
    ``max_regions`` apply to each sample (see :func:`robustness`).

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
                robustness(net, x, norm, domain, time_limit=time_limit, max_regions=max_regions)
                if eps is None
                else verify(net, x, eps, norm, domain, time_limit=time_limit, max_regions=max_regions)
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
    net: TwoLayerReLU, x: Any, norm: str = "inf", domain: DomainLike = None
) -> tuple[float | None, Any]:
    """The robustness radius by the usual float big-M MILP (scipy's HiGHS): NOT exact, for comparison.

    Needs a box domain (the big-M constants are interval bounds of the pre-activations on it).
    Norms ``"inf"`` and ``"1"``; one MILP per competing class. Returns the float radius (None when
    HiGHS finds no change) and its float point. Its tolerances (1e-6 / 1e-7) are what make it
    unreliable on tiny margins; see the tests for a case where it is wrong.

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
    bounds_hi = np.concatenate([highs, np.full(k_t, np.inf), zhi, np.maximum(zhi, 0), np.ones(n)])
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
        res = milp(cost, constraints=constraint, integrality=integrality, bounds=(bounds_lo, bounds_hi))
        if res.status == 0 and (best[0] is None or res.fun < best[0]):
            best = (float(res.fun), res.x[:d])
    return best


def _box_bounds(domain: Domain) -> tuple[Any, Any]:
    import numpy as np

    from reluexact.domain import Box

    if not isinstance(domain, Box):
        raise InvalidArgument("the float MILP needs a box domain (for its big-M constants)")
    return np.array([float(v) for v in domain.lows]), np.array([float(v) for v in domain.highs])
