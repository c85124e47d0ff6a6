"""Exact linear programming over the rationals, with certificates.

Every answer is exact and checked in rational arithmetic before it is returned:
a feasible point is substituted into every inequality, an optimum comes with a
dual solution proving it, an infeasible system comes with Farkas/Gordan
multipliers. Nothing here needs a system library: the core engine is a dense
two-phase simplex with Bland's rule over python-flint ``fmpq`` numbers, run on
the *dual* of the problem, so its tableau has only ``d + 1`` rows however many
inequalities there are. For optimisation (``method="auto"``) a float simplex
first guesses the optimal basis; that basis is solved once exactly and kept only
if its exact certificate holds, else the exact simplex runs (several times
faster on the facet LPs of :func:`reluexact.regions.locate`). When pycddlib (extra ``[cdd]``) is installed,
``method="cdd"`` uses cddlib's GMP LP instead; its answer is certified the same
way, and if certification ever failed the pure simplex is run.

Convention: a system of ``m`` inequalities in ``d`` unknowns is given as a
matrix ``A`` (``m`` rows of length ``d``) and a vector ``b`` (length ``m``)
meaning ``A x + b >= 0`` (the layout of cddlib's ``[b, A]`` rows), or
``A x + b > 0`` for the strict versions. Entries may be ``int``,
``Fraction``, ``"p/q"`` strings or anything :func:`reluexact.rational.to_fraction`
accepts; floats are refused. Results are tuples of ``Fraction``.

API
---
``strict_feasible_point(A, b)``
    A rational ``x`` with ``A x + b > 0`` in every row, or ``None``.
``strict_feasibility(A, b)``
    :class:`Feasibility` with ``point`` (as above) or ``certificate``: ``y >= 0``,
    ``sum(y) = 1``, ``A^T y = 0``, ``b . y <= 0`` (Gordan), which proves that no
    ``x`` satisfies all rows strictly, since ``sum_i y_i (a_i . x + b_i) = b . y <= 0``.
``feasible_point(A, b)`` / ``feasibility(A, b)``
    The same for ``A x + b >= 0``; the certificate then has ``b . y < 0`` (Farkas).
``maximize(c, A, b)``
    :class:`LPResult` for ``max c . x`` subject to ``A x + b >= 0``: ``status`` is
    ``"optimal"`` (``point``, ``value`` and ``dual``: ``y >= 0`` with
    ``A^T y = -c`` and ``b . y = value``, which proves ``c . x <= value`` for every
    feasible ``x``), ``"unbounded"`` (``point`` feasible and ``ray`` with
    ``A r >= 0``, ``c . r > 0``) or ``"infeasible"`` (``certificate`` as in
    :func:`feasibility`).
``minimize(c, A, b)``
    The same with the objective minimised (``value`` is the minimum).

Examples
--------
>>> from fractions import Fraction
>>> strict_feasible_point([[1, 0], [0, 1], [-1, -1]], [0, 0, 1])  # x > 0, y > 0, x + y < 1
(Fraction(1, 3), Fraction(1, 3))
>>> strict_feasible_point([[1], [-1]], [0, 0]) is None  # x > 0 and x < 0
True
>>> maximize([1, 1], [[-1, 0], [0, -1], [1, 0], [0, 1]], [1, 2, 0, 0]).value
Fraction(3, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint

from reluexact.errors import CertificationError, InvalidArgument, ShapeError
from reluexact.rational import to_fraction

__all__ = [
    "Feasibility",
    "LPResult",
    "feasibility",
    "feasible_point",
    "maximize",
    "minimize",
    "strict_feasibility",
    "strict_feasible_point",
]

_METHODS = ("auto", "simplex", "cdd")


@dataclass(frozen=True, slots=True)
class Feasibility:
    """Answer of a (strict) feasibility question, with its exact proof.

    Attributes
    ----------
    point : tuple of Fraction or None
        A solution, checked exactly, or ``None``.
    certificate : tuple of Fraction or None
        When there is no solution: multipliers ``y >= 0`` with ``sum(y) = 1``,
        ``A^T y = 0`` and ``b . y <= 0`` (strict systems) or ``b . y < 0``
        (non-strict systems), checked exactly.
    strict : bool
        Whether the question was ``A x + b > 0`` (True) or ``A x + b >= 0``.
    """

    point: tuple[Fraction, ...] | None
    certificate: tuple[Fraction, ...] | None
    strict: bool

    @property
    def feasible(self) -> bool:
        """True when a point was found.

        Examples
        --------
        >>> feasibility([[1], [-1]], [0, 0]).feasible  # x >= 0 and x <= 0: x = 0
        True
        >>> feasibility([[1], [-1]], [-1, 0]).feasible  # x >= 1 and x <= 0
        False
        """
        return self.point is not None

    def __repr__(self) -> str:
        kind = "strict" if self.strict else "non-strict"
        if self.point is not None:
            return f"Feasibility({kind}, feasible, d={len(self.point)})"
        return f"Feasibility({kind}, infeasible, m={len(self.certificate or ())})"


@dataclass(frozen=True, slots=True)
class LPResult:
    """Exact answer of ``max c . x`` subject to ``A x + b >= 0``.

    Attributes
    ----------
    status : str
        ``"optimal"``, ``"unbounded"`` or ``"infeasible"``.
    value : Fraction or None
        The optimum (for :func:`minimize`, the minimum).
    point : tuple of Fraction or None
        An optimal point (``"optimal"``) or a feasible point (``"unbounded"``).
    dual : tuple of Fraction or None
        Optimality proof: ``y >= 0``, ``A^T y = -c`` and ``b . y = value`` for a
        maximisation (``A^T y = c``, ``-b . y = value`` for a minimisation).
    ray : tuple of Fraction or None
        Unboundedness proof: ``A r >= 0`` and ``c . r > 0`` (``< 0`` when minimising).
    certificate : tuple of Fraction or None
        Infeasibility proof (see :class:`Feasibility`).
    """

    status: str
    value: Fraction | None = None
    point: tuple[Fraction, ...] | None = None
    dual: tuple[Fraction, ...] | None = None
    ray: tuple[Fraction, ...] | None = None
    certificate: tuple[Fraction, ...] | None = None

    def __repr__(self) -> str:
        if self.status == "optimal":
            return f"LPResult(optimal, value={self.value})"
        return f"LPResult({self.status})"


# ---------------------------------------------------------------------------------------------
# input handling


def _as_system(A: Any, b: Any, where: str = "A") -> tuple[list[list[Any]], list[Any], int]:
    """Rows of fmpq, right-hand side of fmpq, and the dimension d."""
    try:
        rows = [list(r) for r in A]
        rhs = list(b)
    except TypeError as error:
        raise ShapeError(f"{where}: expected a matrix (rows of numbers) and a vector") from error
    if len(rows) != len(rhs):
        raise ShapeError(f"{where} has {len(rows)} rows but b has {len(rhs)} entries")
    d = len(rows[0]) if rows else -1
    for i, r in enumerate(rows):
        if len(r) != d:
            raise ShapeError(f"{where}[{i}] has {len(r)} entries, expected {d}")
    qrows = [[_q(v, f"{where}[{i}][{j}]") for j, v in enumerate(r)] for i, r in enumerate(rows)]
    qrhs = [_q(v, f"b[{i}]") for i, v in enumerate(rhs)]
    return qrows, qrhs, d


def _q(v: Any, where: str) -> Any:
    if isinstance(v, flint.fmpq):
        return v
    if isinstance(v, flint.fmpz):
        return flint.fmpq(v)
    if isinstance(v, int) and not isinstance(v, bool):
        return flint.fmpq(v)
    f = to_fraction(v, where=where)
    return flint.fmpq(f.numerator, f.denominator)


def _frac(v: Any) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def _fracs(vs: Sequence[Any]) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(v.p), int(v.q)) for v in vs)


def _check_method(method: str) -> str:
    if method not in _METHODS:
        raise InvalidArgument(f"method must be one of {_METHODS}, got {method!r}")
    if method == "cdd":
        try:
            import cdd.gmp  # noqa: F401
        except ImportError as error:  # pragma: no cover - depends on the machine
            from reluexact.errors import MissingDependencyError

            raise MissingDependencyError(
                'method="cdd" needs pycddlib with GMP support: apt-get install libcdd-dev libgmp-dev; '
                'pip install "reluexact[cdd]"'
            ) from error
    return method


# ---------------------------------------------------------------------------------------------
# the engine: two-phase simplex with Bland's rule on  min h.y  s.t.  M y = c, y >= 0


def _simplex(M: list[list[Any]], c: list[Any], h: list[Any]) -> tuple[str, list[Any], list[Any]]:
    """Solve ``min h . y`` s.t. ``M y = c``, ``y >= 0`` exactly (``M`` is k x N).

    Returns ``(status, y, pi)`` with status ``"optimal"``, ``"infeasible"`` or
    ``"unbounded"``; ``pi`` (length k) are the simplex multipliers, an optimal
    solution of the dual ``max c . pi`` s.t. ``M^T pi <= h``.
    """
    zero = flint.fmpq(0)
    one = flint.fmpq(1)
    k = len(M)
    N = len(h)
    flips = []
    T: list[list[Any]] = []
    R: list[Any] = []
    for i in range(k):
        row = list(M[i])
        rhs = c[i]
        flip = rhs < 0
        if flip:
            row = [-v for v in row]
            rhs = -rhs
        flips.append(flip)
        T.append(row + [one if j == i else zero for j in range(k)])
        R.append(rhs)
    width = N + k
    basis = [N + i for i in range(k)]

    def pivot(r: int, j: int) -> None:
        prow = T[r]
        inv = one / prow[j]
        if inv != 1:
            prow = [v * inv for v in prow]
            T[r] = prow
            R[r] = R[r] * inv
        nz = [jj for jj in range(width) if prow[jj] != 0]
        for i in range(k):
            if i != r:
                f = T[i][j]
                if f != 0:
                    row = T[i]
                    for jj in nz:
                        row[jj] -= f * prow[jj]
                    R[i] -= f * R[r]
        basis[r] = j

    def run(cost: list[Any]) -> bool:
        """Minimise cost . y from the current basis; False when unbounded."""
        while True:
            cb = [cost[basis[i]] for i in range(k)]
            entering = -1
            for j in range(N):
                rc = cost[j]
                for i in range(k):
                    if cb[i] != 0:
                        t = T[i][j]
                        if t != 0:
                            rc -= cb[i] * t
                if rc < 0:
                    entering = j
                    break
            if entering < 0:
                return True
            leave = -1
            best = zero
            for i in range(k):
                t = T[i][entering]
                if t > 0:
                    ratio = R[i] / t
                    if leave < 0 or ratio < best or (ratio == best and basis[i] < basis[leave]):
                        leave, best = i, ratio
            if leave < 0:
                return False
            pivot(leave, entering)

    # phase 1: minimise the sum of the artificial variables
    run([zero] * N + [one] * k)
    if sum((R[i] for i in range(k) if basis[i] >= N), zero) != 0:
        return "infeasible", [], []
    # drive basic artificials (at value 0) out where a real column allows; rows that cannot are
    # redundant and stay untouched (all their real entries are 0)
    for i in range(k):
        if basis[i] >= N:
            for j in range(N):
                if T[i][j] != 0:
                    pivot(i, j)
                    break
    cost = list(h) + [zero] * k
    if not run(cost):
        return "unbounded", [], []
    y = [zero] * N
    for i in range(k):
        if basis[i] < N:
            y[basis[i]] = R[i]
    cb = [cost[basis[i]] for i in range(k)]
    pi = []
    for a in range(k):
        # reduced cost of the artificial column a is -pi_a (in the flipped system)
        rc = zero
        for i in range(k):
            if cb[i] != 0:
                rc -= cb[i] * T[i][N + a]
        p = -rc
        pi.append(-p if flips[a] else p)
    return "optimal", y, pi


def _float_basis(M: list[list[Any]], c: list[Any], h: list[Any]) -> list[int] | None:
    """Guess an optimal basis of ``min h.y`` s.t. ``M y = c``, ``y >= 0`` with a float simplex.

    Only a guess: the caller solves the guessed basis exactly and certifies it (or falls back to
    the exact simplex). Largest-coefficient (Dantzig) pricing, Bland's rule after degenerate
    steps; returns ``None`` when the float run fails or ends with an artificial in the basis.
    """
    import numpy as np

    k = len(M)
    N = len(h)
    if k == 0 or N == 0:
        return None
    try:
        Mf = np.array([[float(v) for v in row] for row in M], dtype=float).reshape(k, N)
        cf = np.array([float(v) for v in c], dtype=float)
        hf = np.array([float(v) for v in h], dtype=float)
    except (OverflowError, ValueError):  # pragma: no cover - astronomically large entries
        return None
    if not (np.isfinite(Mf).all() and np.isfinite(cf).all() and np.isfinite(hf).all()):
        return None
    with np.errstate(all="ignore"):  # a guess: overflow or underflow gives up (the exact simplex decides)
        return _float_basis_search(Mf, cf, hf, k, N)


def _float_basis_search(Mf: Any, cf: Any, hf: Any, k: int, N: int) -> list[int] | None:
    import numpy as np

    # positive scalings of the columns (constraints) and rows (unknowns) leave the bases unchanged
    colscale = np.maximum(np.abs(Mf).max(axis=0), np.abs(hf))
    colscale[colscale == 0] = 1.0
    Mf /= colscale
    hf /= colscale
    rowscale = np.abs(Mf).max(axis=1)
    rowscale[rowscale == 0] = 1.0
    Mf /= rowscale[:, None]
    cf /= rowscale
    # so does scaling the whole right-hand side or the whole cost
    cf /= max(float(np.abs(cf).max()), 1e-300)
    hf /= max(float(np.abs(hf).max()), 1e-300)
    if not (np.isfinite(Mf).all() and np.isfinite(cf).all() and np.isfinite(hf).all()):
        return None  # the scaling over- or underflowed (entries near 1e308 or 1e-308)
    neg = cf < 0
    Mf[neg] *= -1.0
    cf[neg] *= -1.0
    tol = 1e-9
    T = np.hstack([Mf, np.eye(k)])
    R = cf.copy()
    basis = list(range(N, N + k))
    width = N + k
    limit = 50 * (width + k) + 100

    def pivot(r: int, j: int) -> None:
        piv = T[r, j]
        T[r] /= piv
        R[r] /= piv
        col = T[:, j].copy()
        col[r] = 0.0
        T[:] -= np.outer(col, T[r])
        R[:] -= col * R[r]
        basis[r] = j

    def run(cost: np.ndarray, allowed: int) -> bool | None:
        degenerate = 0
        for _ in range(limit):
            cb = cost[basis]
            rc = cost[:allowed] - cb @ T[:, :allowed]
            cand = np.flatnonzero(rc < -tol)
            if cand.size == 0:
                return True
            j = int(cand[0]) if degenerate > 2 else int(cand[np.argmin(rc[cand])])
            colj = T[:, j]
            pos = np.flatnonzero(colj > tol)
            if pos.size == 0:
                return False
            ratios = R[pos] / colj[pos]
            best = ratios.min()
            ties = pos[ratios <= best + tol]
            if ties.size == 0:  # NaN from an overflow on the way
                return None
            r = int(min(ties, key=lambda i: basis[i]))
            degenerate = degenerate + 1 if best <= tol else 0
            pivot(r, j)
        return None

    if run(np.concatenate([np.zeros(N), np.ones(k)]), width) is not True:
        return None
    for i in range(k):
        if basis[i] >= N:
            js = np.flatnonzero(np.abs(T[i, :N]) > tol)
            if js.size == 0:
                return None
            pivot(i, int(js[np.argmax(np.abs(T[i, js]))]))
    if run(np.concatenate([hf, np.zeros(k)]), N) is not True:
        return None
    return basis


def _basis_solution(
    M: list[list[Any]], c: list[Any], h: list[Any], basis: list[int]
) -> tuple[list[Any], list[Any]] | None:
    """Exact ``(y, pi)`` of a basis: ``M_B y_B = c`` and ``M_B^T pi = h_B``; None when singular."""
    k = len(M)
    N = len(h)
    MB = flint.fmpq_mat(k, k, [M[i][j] for i in range(k) for j in basis])
    try:
        yB = MB.solve(flint.fmpq_mat(k, 1, list(c)))
        pi = MB.transpose().solve(flint.fmpq_mat(k, 1, [h[j] for j in basis]))
    except ZeroDivisionError:
        return None
    y = [flint.fmpq(0)] * N
    for i, j in enumerate(basis):
        y[j] = yB[i, 0]
    return y, [pi[i, 0] for i in range(k)]


def _cdd_max(rows: list[list[Any]], rhs: list[Any], c: list[Any]) -> tuple[str, list[Any] | None]:
    """max c.x s.t. rows x + rhs >= 0 with cddlib's GMP LP: (status, point)."""
    import cdd
    import cdd.gmp

    array = [[_frac(bv)] + [_frac(v) for v in r] for r, bv in zip(rows, rhs, strict=True)]
    array.append([Fraction(0)] + [_frac(v) for v in c])
    lp = cdd.gmp.linprog_from_array(array, cdd.LPObjType.MAX)
    cdd.gmp.linprog_solve(lp)
    if lp.status == cdd.LPStatusType.OPTIMAL:
        return "optimal", [_q(v, "cdd") for v in lp.primal_solution]
    if lp.status == cdd.LPStatusType.INCONSISTENT:
        return "infeasible", None
    if lp.status in (cdd.LPStatusType.UNBOUNDED, cdd.LPStatusType.DUAL_INCONSISTENT):
        return "unbounded", None
    return "unknown", None


# ---------------------------------------------------------------------------------------------
# feasibility


def _feasibility(rows: list[list[Any]], rhs: list[Any], d: int, *, strict: bool, method: str) -> Feasibility:
    m = len(rows)
    if m == 0:
        return Feasibility(tuple(Fraction(0) for _ in range(max(d, 0))), None, strict)
    zero = flint.fmpq(0)
    one = flint.fmpq(1)
    if method == "cdd":
        # max t s.t. A x + b - t >= 0, t <= 1
        crow = [[*r, -one] for r in rows] + [[zero] * d + [-one]]
        status, z = _cdd_max(crow, [*rhs, one], [zero] * d + [one])
        if status == "optimal" and z is not None:
            x = z[:d]
            if _satisfies(rows, rhs, x, strict=strict):
                return Feasibility(_fracs(x), None, strict)
        # fall through to the simplex for a certificate
    # primal: max t s.t. -A x + t <= b, t <= 1 (variables z = (x, t)); the simplex runs on its dual
    #   min b.y + y_t  s.t.  -A^T y = 0, 1.y + y_t = 1, y >= 0
    M = [[-rows[i][j] for i in range(m)] + [zero] for j in range(d)]
    M.append([one] * m + [one])
    status, y, pi = _simplex(M, [zero] * d + [one], [*rhs, one])
    if status != "optimal":  # pragma: no cover - the dual is always feasible and bounded
        raise CertificationError(f"exact simplex returned {status} on a feasibility LP")
    x, t = pi[:d], pi[d]
    ok = t > 0 if strict else t >= 0
    if ok:
        if not _satisfies(rows, rhs, x, strict=strict):
            raise CertificationError("exact simplex point fails the exact check")
        return Feasibility(_fracs(x), None, strict)
    ys = y[:m]
    total = sum(ys, zero)
    cert = [v / total for v in ys]
    _check_certificate(rows, rhs, cert, d, strict=strict)
    return Feasibility(None, _fracs(cert), strict)


def _satisfies(rows: list[list[Any]], rhs: list[Any], x: Sequence[Any], *, strict: bool) -> bool:
    for r, bv in zip(rows, rhs, strict=True):
        s = bv
        for a, v in zip(r, x, strict=True):
            if a != 0:
                s += a * v
        if s < 0 or (strict and s == 0):
            return False
    return True


def _check_certificate(rows: list[list[Any]], rhs: list[Any], y: Sequence[Any], d: int, *, strict: bool) -> None:
    zero = flint.fmpq(0)
    if any(v < 0 for v in y) or sum(y, zero) != 1:
        raise CertificationError("infeasibility multipliers are not a probability vector")
    for j in range(d):
        if sum((y[i] * rows[i][j] for i in range(len(rows)) if y[i] != 0), zero) != 0:
            raise CertificationError("infeasibility multipliers do not cancel A")
    by = sum((y[i] * rhs[i] for i in range(len(rows)) if y[i] != 0), zero)
    if by > 0 or (not strict and by == 0):
        raise CertificationError("infeasibility multipliers do not prove infeasibility")


def strict_feasibility(A: Any, b: Any, *, method: str = "auto") -> Feasibility:
    """Decide exactly whether ``A x + b > 0`` (every row strictly) has a solution.

    Parameters
    ----------
    A : sequence of sequences of rationals
        ``m`` rows of length ``d``.
    b : sequence of rationals
        ``m`` entries.
    method : {"auto", "simplex", "cdd"}
        ``"simplex"``: the pure-Python exact simplex (``"auto"`` uses it);
        ``"cdd"``: cddlib's GMP LP (needs the ``[cdd]`` extra). Either way the
        answer is certified exactly.

    Returns
    -------
    Feasibility
        ``point`` with ``A x + b > 0`` checked exactly, or ``certificate``
        ``y >= 0``, ``sum(y) = 1``, ``A^T y = 0``, ``b . y <= 0`` checked exactly.

    Raises
    ------
    ShapeError
        If the shapes disagree.

    Examples
    --------
    >>> r = strict_feasibility([[1], [-1]], [0, 1])  # 0 < x < 1
    >>> r.feasible, r.point
    (True, (Fraction(1, 2),))
    >>> strict_feasibility([[1], [-1]], [0, 0]).certificate  # x > 0 and -x > 0
    (Fraction(1, 2), Fraction(1, 2))
    """
    rows, rhs, d = _as_system(A, b)
    return _feasibility(rows, rhs, d, strict=True, method=_check_method(method))


def strict_feasible_point(A: Any, b: Any, *, method: str = "auto") -> tuple[Fraction, ...] | None:
    """A rational point with ``A x + b > 0`` in every row, or ``None`` if there is none.

    Exact (the point is checked in rationals; ``None`` is backed by a Gordan
    certificate, see :func:`strict_feasibility`).

    Examples
    --------
    >>> strict_feasible_point([[1, 1]], [-3])
    (Fraction(4, 1), Fraction(0, 1))
    >>> strict_feasible_point([[0, 0]], [0]) is None
    True

    See Also
    --------
    strict_feasibility : the same with the certificate.
    """
    return strict_feasibility(A, b, method=method).point


def feasibility(A: Any, b: Any, *, method: str = "auto") -> Feasibility:
    """Decide exactly whether ``A x + b >= 0`` has a solution (Farkas certificate otherwise).

    Examples
    --------
    >>> feasibility([[1], [-1]], [0, 0]).point  # x >= 0 and x <= 0
    (Fraction(0, 1),)
    >>> feasibility([[1], [-1]], [-1, 0]).certificate  # x >= 1 and x <= 0
    (Fraction(1, 2), Fraction(1, 2))
    """
    rows, rhs, d = _as_system(A, b)
    return _feasibility(rows, rhs, d, strict=False, method=_check_method(method))


def feasible_point(A: Any, b: Any, *, method: str = "auto") -> tuple[Fraction, ...] | None:
    """A rational point with ``A x + b >= 0``, or ``None`` (exact).

    Examples
    --------
    >>> feasible_point([[1], [-1]], [-2, 2])
    (Fraction(2, 1),)
    """
    return feasibility(A, b, method=method).point


# ---------------------------------------------------------------------------------------------
# optimisation


def maximize(c: Any, A: Any, b: Any, *, method: str = "auto") -> LPResult:
    """Solve ``max c . x`` subject to ``A x + b >= 0`` exactly.

    Parameters
    ----------
    c : sequence of rationals
        The objective (length ``d``).
    A, b : see :func:`strict_feasibility`.
    method : {"auto", "simplex", "cdd"}
        Engine; answers are certified exactly whichever runs. ``"auto"`` first
        guesses the optimal basis with a float simplex (numpy), solves that one
        basis exactly and keeps it only when its exact optimality certificate
        (primal feasibility, ``y >= 0``, ``A^T y = -c``, ``b . y = c . x``)
        holds; otherwise, and with ``"simplex"``, the exact simplex with
        Bland's rule decides. ``"cdd"`` only affects the feasibility phase.

    Returns
    -------
    LPResult
        With ``status`` ``"optimal"`` (``value``, ``point``, ``dual``),
        ``"unbounded"`` (``point``, ``ray``) or ``"infeasible"`` (``certificate``).

    Examples
    --------
    >>> r = maximize([1, 0], [[-1, -1], [1, 0], [0, 1]], [2, 0, 0])  # x + y <= 2, x, y >= 0
    >>> r.status, r.value, r.point
    ('optimal', Fraction(2, 1), (Fraction(2, 1), Fraction(0, 1)))
    >>> maximize([1], [[1]], [0]).status  # x >= 0
    'unbounded'
    >>> maximize([1], [[1], [-1]], [-1, 0]).status  # x >= 1, x <= 0
    'infeasible'
    """
    rows, rhs, d = _as_system(A, b)
    if len(rows) == 0:
        raise InvalidArgument("maximize needs at least one inequality (use A = [[0] * d], b = [0] for none)")
    cq = [_q(v, f"c[{j}]") for j, v in enumerate(c)]
    if len(cq) != d:
        raise ShapeError(f"c has {len(cq)} entries but A has {d} columns")
    return _maximize(cq, rows, rhs, d, _check_method(method))


def _certified_optimum(
    cq: list[Any], rows: list[list[Any]], rhs: list[Any], d: int, y: list[Any], x: list[Any]
) -> LPResult | None:
    """The optimum ``x`` proved by the dual ``y``, or None when the exact checks fail."""
    zero = flint.fmpq(0)
    m = len(rows)
    if any(v < 0 for v in y) or not _satisfies(rows, rhs, x, strict=False):
        return None
    value = sum((cq[j] * x[j] for j in range(d)), zero)
    if sum((rhs[i] * y[i] for i in range(m) if y[i] != 0), zero) != value:
        return None
    for j in range(d):
        if sum((y[i] * rows[i][j] for i in range(m) if y[i] != 0), zero) != -cq[j]:
            return None
    return LPResult("optimal", _frac(value), _fracs(x), _fracs(y))


def _maximize(cq: list[Any], rows: list[list[Any]], rhs: list[Any], d: int, method: str) -> LPResult:
    zero = flint.fmpq(0)
    m = len(rows)
    # dual: min b.y s.t. -A^T y = c, y >= 0; its multipliers are the primal x
    M = [[-rows[i][j] for i in range(m)] for j in range(d)]
    if method == "auto":
        # float guess of the optimal basis, solved and certified exactly; the exact simplex decides
        # whenever the guess cannot be certified
        basis = _float_basis(M, cq, rhs)
        guess = None if basis is None else _basis_solution(M, cq, rhs, basis)
        if guess is not None:
            proved = _certified_optimum(cq, rows, rhs, d, guess[0], guess[1])
            if proved is not None:
                return proved
    status, y, pi = _simplex(M, cq, rhs)
    if status == "optimal":
        x = pi
        if not _satisfies(rows, rhs, x, strict=False):
            raise CertificationError("exact simplex optimum is not feasible")
        value = sum((cq[j] * x[j] for j in range(d)), zero)
        by = sum((rhs[i] * y[i] for i in range(m) if y[i] != 0), zero)
        if by != value or any(v < 0 for v in y):
            raise CertificationError("exact simplex optimum is not proved by its dual")
        for j in range(d):
            if sum((y[i] * rows[i][j] for i in range(m) if y[i] != 0), zero) != -cq[j]:
                raise CertificationError("exact simplex dual does not match the objective")
        return LPResult("optimal", _frac(value), _fracs(x), _fracs(y))
    feas = _feasibility(rows, rhs, d, strict=False, method=method)
    if feas.point is None:
        return LPResult("infeasible", certificate=feas.certificate)
    if status == "unbounded":  # pragma: no cover - dual unbounded means primal infeasible
        raise CertificationError("exact simplex: dual unbounded but primal feasible")
    # primal feasible, dual infeasible: unbounded; find a ray: max c.r s.t. A r >= 0, c.r <= 1
    ray_rows = [*rows, [-v for v in cq]]
    ray = _maximize(cq, ray_rows, [zero] * m + [flint.fmpq(1)], d, method)
    if ray.status != "optimal" or ray.point is None or ray.value is None or ray.value <= 0:
        raise CertificationError("exact simplex: no ray found for an unbounded LP")
    return LPResult("unbounded", point=feas.point, ray=ray.point)


def minimize(c: Any, A: Any, b: Any, *, method: str = "auto") -> LPResult:
    """Solve ``min c . x`` subject to ``A x + b >= 0`` exactly (see :func:`maximize`).

    Examples
    --------
    >>> minimize([1, 1], [[1, 0], [0, 1], [1, 2]], [0, 0, -4]).value  # x, y >= 0, x + 2y >= 4
    Fraction(2, 1)
    """
    r = maximize([-to_fraction(v, where=f"c[{j}]") for j, v in enumerate(c)], A, b, method=method)
    if r.status == "optimal" and r.value is not None and r.dual is not None:
        return LPResult("optimal", -r.value, r.point, r.dual)
    return r
