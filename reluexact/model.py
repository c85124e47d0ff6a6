"""The exact two-layer ReLU network :class:`TwoLayerReLU`.

f(x) = A relu(W x + b) + c with W (n x d, ``hidden_weights``), b (n, ``hidden_bias``),
A (m x n, ``output_weights``) and c (m, ``output_bias``), every entry a
:class:`fractions.Fraction`. The network is an immutable value: equality and
hashing are by exact value, and nothing can be changed after construction.

Exactness: :func:`evaluate` and :func:`evaluate_exact_batch` are exact;
:func:`evaluate_float` is float64 (named so) and exists for speed.

Examples
--------
>>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
>>> net
TwoLayerReLU(d=1, n=3, m=1)
>>> net(["-1"])
(Fraction(91, 10),)
>>> expr = net.to_sympy()[0]
>>> expr.subs("x", -1)
91/10
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from reluexact.errors import ShapeError
from reluexact.printing import repr_latex
from reluexact.rational import to_fraction
from reluexact.signs import AffineForms, affine_signs

if TYPE_CHECKING:
    import sympy

__all__ = [
    "TwoLayerReLU",
    "evaluate",
    "evaluate_exact_batch",
    "evaluate_float",
    "hidden_preactivations",
    "to_sympy",
]

Matrix = tuple[tuple[Fraction, ...], ...]
Vector = tuple[Fraction, ...]


def _vector(values: Any, name: str, *, allow_float: bool) -> Vector:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ShapeError(f"{name} must be a list of numbers, got {type(values).__name__}")
    items = list(values)
    out = []
    for k, value in enumerate(items):
        if isinstance(value, (list, tuple, np.ndarray)):
            raise ShapeError(f"{name}[{k}] is a list; {name} must be a flat list of numbers")
        out.append(to_fraction(value, where=f"{name}[{k}]", allow_float=allow_float))
    return tuple(out)


def _matrix(rows: Any, name: str, *, allow_float: bool) -> Matrix:
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        raise ShapeError(f"{name} must be a list of rows, got {type(rows).__name__}")
    out = []
    for i, row in enumerate(rows):
        if isinstance(row, (str, bytes)) or not isinstance(row, Iterable):
            raise ShapeError(f"{name}[{i}] must be a row (a list of numbers), got {type(row).__name__}")
        out.append(
            tuple(
                to_fraction(value, where=f"{name}[{i}][{j}]", allow_float=allow_float)
                if not isinstance(value, (list, tuple, np.ndarray))
                else _raise_nested(name, i, j)
                for j, value in enumerate(row)
            )
        )
    return tuple(out)


def _raise_nested(name: str, i: int, j: int) -> Fraction:
    raise ShapeError(f"{name}[{i}][{j}] is a list; {name} must be a matrix of numbers")


class TwoLayerReLU:
    """An exact two-layer (one-hidden-layer) ReLU network f(x) = A relu(W x + b) + c.

    Parameters
    ----------
    hidden_weights : n x d array-like of rationals
        W: row i is the weight vector w_i of hidden unit i.
    hidden_bias : length-n array-like of rationals
        b.
    output_weights : m x n array-like of rationals
        A: row k holds the output weights of output k (so a_i, the weights of unit i,
        is column i).
    output_bias : length-m array-like of rationals
        c.
    input_dim : int, optional
        d. Needed only when n = 0 (a constant network), where W has no rows to tell d.

    Entries may be ints, :class:`~fractions.Fraction`, strings (``"-3/7"``,
    ``"0.25"``) or sympy Rationals. Floats are refused: rationalise them
    explicitly with :func:`reluexact.rationalize_network` (lossless by default),
    so that an exact network never silently takes a rounded value.

    Raises
    ------
    ShapeError
        On inconsistent shapes, an empty network without ``input_dim``, or d = 0, m = 0.
    RationalParseError
        On an entry that is not an exact finite rational (NaN, inf, float, ``"1/0"``).

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 2], [-1, 1]], ["3/10", "-1/5"], [[2, -1]], [0])
    >>> net.input_dim, net.n_hidden, net.output_dim
    (2, 2, 1)
    >>> net([1, 1])
    (Fraction(33, 5),)
    >>> net == TwoLayerReLU([[1, 2], [-1, 1]], ["0.3", "-0.2"], [[2, -1]], ["0"])
    True
    >>> net.hidden_bias = ()
    Traceback (most recent call last):
    ...
    AttributeError: TwoLayerReLU is immutable
    """

    __slots__ = ("_A", "_W", "_b", "_c", "_d", "_float_cache", "_hash", "_integer_cache")

    _W: Matrix
    _b: Vector
    _A: Matrix
    _c: Vector
    _d: int
    _hash: int
    _float_cache: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None
    _integer_cache: _IntegerForm | None

    def __init__(
        self,
        hidden_weights: Any,
        hidden_bias: Any,
        output_weights: Any,
        output_bias: Any,
        *,
        input_dim: int | None = None,
    ) -> None:
        self._init(hidden_weights, hidden_bias, output_weights, output_bias, input_dim, allow_float=False)

    def _init(self, W: Any, b: Any, A: Any, c: Any, input_dim: int | None, *, allow_float: bool) -> None:
        W_ = _matrix(W, "W", allow_float=allow_float)
        b_ = _vector(b, "b", allow_float=allow_float)
        A_ = _matrix(A, "A", allow_float=allow_float)
        c_ = _vector(c, "c", allow_float=allow_float)
        n = len(W_)
        if n == 0:
            if input_dim is None:
                raise ShapeError(
                    "the network has no hidden units (W is empty) so its input dimension is unknown; "
                    "pass input_dim=d for a constant network, or give W at least one row"
                )
            d = input_dim
        else:
            d = len(W_[0])
            for i, row in enumerate(W_):
                if len(row) != d:
                    raise ShapeError(f"W is ragged: W[0] has {d} entries but W[{i}] has {len(row)}")
            if input_dim is not None and input_dim != d:
                raise ShapeError(f"input_dim={input_dim} but W has {d} columns")
        if isinstance(d, bool) or not isinstance(d, int) or d < 1:
            raise ShapeError(f"the input dimension d must be a positive integer, got {d!r}")
        if len(b_) != n:
            raise ShapeError(f"W has n = {n} rows (hidden units) but b has {len(b_)} entries; they must match")
        m = len(c_)
        if m == 0:
            raise ShapeError("c is empty: a network needs at least one output (m >= 1)")
        if n == 0 and len(A_) == 0:
            A_ = tuple(() for _ in range(m))
        if len(A_) != m:
            raise ShapeError(f"A has {len(A_)} rows but c has m = {m} entries; A must be m x n = {m} x {n}")
        for k, row in enumerate(A_):
            if len(row) != n:
                raise ShapeError(f"A[{k}] has {len(row)} entries but there are n = {n} hidden units; A must be m x n")
        setter = object.__setattr__
        setter(self, "_W", W_)
        setter(self, "_b", b_)
        setter(self, "_A", A_)
        setter(self, "_c", c_)
        setter(self, "_d", d)
        setter(self, "_hash", hash((W_, b_, A_, c_, d)))
        setter(self, "_float_cache", None)  # built on first use: exact-only work never pays for it
        setter(self, "_integer_cache", None)  # likewise, see _integer_form

    @classmethod
    def from_float_arrays(cls, W: Any, b: Any, A: Any, c: Any, *, input_dim: int | None = None) -> TwoLayerReLU:
        """Build an exact network from float arrays, each float taken at its exact binary value.

        This is lossless rationalisation: the result computes precisely the function
        the float weights define. For other modes and a certificate see
        :func:`reluexact.rationalize_network`.

        Examples
        --------
        >>> TwoLayerReLU.from_float_arrays([[0.5]], [0.25], [[2.0]], [0.0]).hidden_bias
        (Fraction(1, 4),)
        """
        net = cls.__new__(cls)
        net._init(_as_nested(W), _as_nested(b), _as_nested(A), _as_nested(c), input_dim, allow_float=True)
        return net

    # -- the exact data ---------------------------------------------------------------
    @property
    def hidden_weights(self) -> Matrix:
        """W, n x d, as a tuple of rows.

        Examples
        --------
        >>> TwoLayerReLU([[1, "1/2"], [0, -1]], [0, 1], [[1, 2]], [0]).hidden_weights  # also .W
        ((Fraction(1, 1), Fraction(1, 2)), (Fraction(0, 1), Fraction(-1, 1)))
        """
        return self._W

    @property
    def hidden_bias(self) -> Vector:
        """b, length n.

        Examples
        --------
        >>> TwoLayerReLU([[1], [-1]], ["1/4", 1], [[1, 2]], [0]).hidden_bias  # also .b
        (Fraction(1, 4), Fraction(1, 1))
        """
        return self._b

    @property
    def output_weights(self) -> Matrix:
        """A, m x n, as a tuple of rows (row k is output k).

        Examples
        --------
        >>> TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2], [3, 4]], [0, 0]).output_weights  # also .A
        ((Fraction(1, 1), Fraction(2, 1)), (Fraction(3, 1), Fraction(4, 1)))
        """
        return self._A

    @property
    def output_bias(self) -> Vector:
        """c, length m.

        Examples
        --------
        >>> TwoLayerReLU([[1]], [0], [[1]], ["-1/2"]).output_bias  # also .c
        (Fraction(-1, 2),)
        """
        return self._c

    W = hidden_weights
    b = hidden_bias
    A = output_weights
    c = output_bias

    @property
    def input_dim(self) -> int:
        """d, the number of inputs.

        Examples
        --------
        >>> TwoLayerReLU([[1, 0, 2]], [0], [[1]], [0]).input_dim
        3
        """
        return self._d

    @property
    def n_hidden(self) -> int:
        """n, the number of hidden units.

        Examples
        --------
        >>> TwoLayerReLU([[1], [-1]], [0, 1], [[1, 2]], [0]).n_hidden
        2
        """
        return len(self._W)

    @property
    def output_dim(self) -> int:
        """m, the number of outputs.

        Examples
        --------
        >>> TwoLayerReLU([[1]], [0], [[1], [2]], [0, 0]).output_dim
        2
        """
        return len(self._c)

    def unit_output_weights(self, i: int) -> Vector:
        """a_i: the m output weights of hidden unit i (column i of A).

        Examples
        --------
        >>> TwoLayerReLU([[1], [2]], [0, 0], [[3, 4], [5, 6]], [0, 0]).unit_output_weights(1)
        (Fraction(4, 1), Fraction(6, 1))
        """
        return tuple(row[i] for row in self._A)

    @property
    def float_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(W, b, A, c) as read-only float64 numpy arrays (rounded; for float APIs only).

        Each entry is the float64 nearest to the exact rational (correctly rounded);
        magnitudes beyond the float range become ``inf`` with the right sign.

        Examples
        --------
        >>> W, b, A, c = TwoLayerReLU([["1/3"]], [0], [[2]], [1]).float_arrays
        >>> W.tolist(), b.tolist(), A.tolist(), c.tolist(), W.flags.writeable
        ([[0.3333333333333333]], [0.0], [[2.0]], [1.0], False)
        """
        cache = self._float_cache
        if cache is None:
            n, d, m = len(self._W), self._d, len(self._c)
            arrays = []
            for values, shape in (
                ([v for row in self._W for v in row], (n, d)),
                (list(self._b), (n,)),
                ([v for row in self._A for v in row], (m, n)),
                (list(self._c), (m,)),
            ):
                array = np.array([_to_float(v) for v in values], dtype=np.float64).reshape(shape)
                array.flags.writeable = False
                arrays.append(array)
            cache = (arrays[0], arrays[1], arrays[2], arrays[3])
            object.__setattr__(self, "_float_cache", cache)
        return cache

    # -- value semantics --------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("TwoLayerReLU is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("TwoLayerReLU is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TwoLayerReLU):
            return NotImplemented
        return (self._d, self._W, self._b, self._A, self._c) == (other._d, other._W, other._b, other._A, other._c)

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"TwoLayerReLU(d={self._d}, n={len(self._W)}, m={len(self._c)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._W, self._b, self._A, self._c, self._d))

    def __call__(self, x: Sequence[Any]) -> Vector:
        """Exact value at a rational point; see :func:`evaluate`."""
        return evaluate(self, x)

    def to_sympy(self, variables: Sequence[Any] | None = None) -> tuple[sympy.Expr, ...]:
        """Exact sympy expressions; see :func:`to_sympy`.

        Examples
        --------
        >>> TwoLayerReLU([[2]], [-1], [[3]], [0]).to_sympy()
        (3*Max(0, 2*x - 1),)
        """
        return to_sympy(self, variables)

    def _repr_latex_(self) -> str:
        # The printer lives in report/; the bottom-layer hook loads it by name (see reluexact.printing).
        return repr_latex(self)


def _to_float(value: Fraction) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _rebuild(W: Matrix, b: Vector, A: Matrix, c: Vector, d: int) -> TwoLayerReLU:
    return TwoLayerReLU(W, b, A, c, input_dim=d)


def _as_nested(array: Any) -> Any:
    if isinstance(array, np.ndarray):
        return array.tolist()
    if hasattr(array, "tolist") and not isinstance(array, (list, tuple)):
        return array.tolist()
    return array


def _point(net: TwoLayerReLU, x: Sequence[Any]) -> Vector:
    if isinstance(x, (str, bytes)) or not isinstance(x, Iterable):
        raise ShapeError(f"a point must be a sequence of d = {net.input_dim} rationals, got {type(x).__name__}")
    point = tuple(v if type(v) is Fraction else to_fraction(v, where=f"x[{k}]") for k, v in enumerate(x))
    if len(point) != net.input_dim:
        raise ShapeError(f"the point has {len(point)} coordinates but the network has d = {net.input_dim} inputs")
    return point


_IntegerForm = tuple[int, list[list[int]], int, list[list[int]]]


def _integer_form(net: TwoLayerReLU) -> _IntegerForm:
    """(den_w, W_int, den_a, A_int): row i of W_int is (w_i, b_i) * den_w, A_int = A * den_a (cached)."""
    cache = net._integer_cache
    if cache is None:
        den_w = _lcm_of([v.denominator for row in net.W for v in row] + [v.denominator for v in net.b])
        W_int = [
            [v.numerator * (den_w // v.denominator) for v in (*row, bias)]
            for row, bias in zip(net.W, net.b, strict=True)
        ]
        den_a = _lcm_of(v.denominator for row in net.A for v in row)
        A_int = [[v.numerator * (den_a // v.denominator) for v in row] for row in net.A]
        cache = (den_w, W_int, den_a, A_int)
        object.__setattr__(net, "_integer_cache", cache)
    return cache


def _integer_point(point: Vector) -> tuple[int, list[int]]:
    """(den, column): column = (x, 1) * den, all integers, den > 0."""
    pairs = [v.as_integer_ratio() for v in point]
    den = math.lcm(*[q for _, q in pairs])
    return den, [p * (den // q) for p, q in pairs] + [den]


def hidden_preactivations(net: TwoLayerReLU, x: Sequence[Any]) -> Vector:
    """Exact pre-activations W x + b at a rational point.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 2], [-1, 1]], ["3/10", "-1/5"], [[2, -1]], [0])
    >>> hidden_preactivations(net, [0, 0])
    (Fraction(3, 10), Fraction(-1, 5))
    """
    den, column = _integer_point(_point(net, x))
    den_w, W_int, _, _ = _integer_form(net)
    scale = den_w * den
    return tuple(Fraction(sum(w * v for w, v in zip(row, column, strict=True)), scale) for row in W_int)


def evaluate(net: TwoLayerReLU, x: Sequence[Any]) -> Vector:
    """Exact value f(x) of the network at one rational point.

    Computed with integers: W, b and A are scaled once to integer matrices (cached on
    the network) and x to an integer vector, so the only divisions are the m final
    reductions. For many points :func:`evaluate_exact_batch` is faster still.

    Parameters
    ----------
    net : TwoLayerReLU
    x : sequence of d rationals
        ints, Fractions, strings or sympy Rationals; floats are refused.

    Returns
    -------
    tuple of m Fractions

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> [str(v) for v in evaluate(net, [0]) + evaluate(net, [1])]
    ['13/5', '-9/10']
    """
    den, column = _integer_point(_point(net, x))
    den_w, W_int, den_a, A_int = _integer_form(net)
    active = []
    for i, row in enumerate(W_int):
        z = sum(w * v for w, v in zip(row, column, strict=True))
        if z > 0:
            active.append((i, z))
    total = den_w * den_a * den
    return tuple(
        Fraction(sum(weights[i] * z for i, z in active), total) + bias
        for weights, bias in zip(A_int, net.c, strict=True)
    )


def evaluate_float(net: TwoLayerReLU, points: Any) -> np.ndarray:
    """Float64 batch evaluation (not exact): ``relu(X W^T + b) A^T + c``.

    Parameters
    ----------
    net : TwoLayerReLU
    points : array-like, shape (N, d) (or (d,) for one point)

    Returns
    -------
    numpy.ndarray, shape (N, m) (or (m,) for one point)

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> evaluate_float(net, [[-1.0], [0.0]]).round(12).tolist()
    [[9.1], [2.6]]
    """
    X = np.asarray(points, dtype=np.float64)
    single = X.ndim == 1
    if single:
        X = X[None, :]
    if X.ndim != 2 or X.shape[1] != net.input_dim:
        raise ShapeError(f"points must have shape (N, {net.input_dim}), got {np.shape(points)}")
    W, b, A, c = net.float_arrays
    out: np.ndarray = np.maximum(X @ W.T + b, 0.0) @ A.T + c
    return out[0] if single else out


def evaluate_exact_batch(net: TwoLayerReLU, points: Iterable[Sequence[Any]]) -> list[Vector]:
    """Exact values at many rational points, by integer matrix products.

    Exact, and equal to ``[evaluate(net, x) for x in points]``, but much faster for
    many points (see ``bench/bench_eval.py``). How:

    1. W, b are scaled to integers by one common denominator and each point by its
       own, so every pre-activation z_ip = w_i . x_p + b_i becomes an integer of the
       same sign.
    2. Which units are active at which point is decided by
       :func:`reluexact.signs.affine_signs`: float64 values with a forward error bound
       proven valid at every magnitude (subnormal, huge), and exact arithmetic for every
       sign the bound cannot certify (z on or very near a hyperplane).
    3. With M the 0/1 activity matrix, G = M diag(a_k) [W b] (each point's active
       gradient and offset, scaled) is an exact integer product: the big integers are
       split into limbs small enough that int64 sums cannot overflow
       (n 2^L < 2^63), multiplied with numpy int64 ``matmul``, and recombined.
    4. f_k(x_p) = (G_p . (x_p, 1)) / (scales) + c_k in exact rationals.

    No float value ever enters a result; floats only choose signs, and each chosen
    sign is certified.

    When the limbs would be many (output weights with a large common denominator, e.g. an
    interpolating network through thousands of points), steps 2-3 are replaced by two FLINT
    integer products instead: Z = [W b] (X; 1) exactly (signs read off Z), then A relu(Z).

    Parameters
    ----------
    net : TwoLayerReLU
    points : iterable of sequences of d rationals

    Returns
    -------
    list of tuples of m Fractions, one per point; equal to ``[evaluate(net, x) for x in points]``.

    Examples
    --------
    >>> net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    >>> [str(v[0]) for v in evaluate_exact_batch(net, [[-1], [0], [1]])]
    ['91/10', '13/5', '-9/10']
    >>> evaluate_exact_batch(net, [["1/2"]]) == [evaluate(net, ["1/2"])]  # on two hyperplanes at once
    True
    """
    exact_points = [_point(net, x) for x in points]
    N = len(exact_points)
    if N == 0:
        return []
    n, d, m = net.n_hidden, net.input_dim, net.output_dim
    if n == 0:
        return [net.c for _ in range(N)]
    width = d + 1
    # integer forms: row i of W_int is (w_i, b_i) * den_w; the column of point p is (x_p, 1) * den_p
    den_w, W_int, den_a, A_int = _integer_form(net)
    if _limb_count(W_int, A_int, n) * m * width > _DIRECT_FACTOR * n:
        return _evaluate_exact_direct(net, exact_points, den_w, W_int, den_a, A_int)
    # right[i][k * width + j] = a_ki * (w_i, b_i)_j, all scaled to integers
    right = [[A_int[k][i] * v for k in range(m) for v in W_int[i]] for i in range(n)]
    forms = AffineForms([row[:d] for row in W_int], [row[d] for row in W_int])
    limbs = _int64_limbs(right, n)
    out: list[Vector] = []
    block = max(1, min(_CHUNK, _CHUNK_ENTRIES // n))
    for start in range(0, N, block):
        chunk = exact_points[start : start + block]
        den_points = []
        columns = []
        for point in chunk:
            den, column = _integer_point(point)
            den_points.append(den)
            columns.append(column)
        active = affine_signs(forms, chunk) > 0  # exact signs of w_i . x_p + b_i, float-certified
        mask = active.astype(np.int64)
        G = None
        for shift, limb in limbs:
            part = (mask @ limb).astype(object)
            G = part if G is None else G + (part << shift) if shift else G + part
        assert G is not None
        scale = den_w * den_a
        for p, row in enumerate(G.tolist()):
            column = columns[p]
            total = scale * den_points[p]
            out.append(
                tuple(
                    Fraction(sum(g * x for g, x in zip(row[k * width : (k + 1) * width], column, strict=True)), total)
                    + net.c[k]
                    for k in range(m)
                )
            )
    return out


def _limb_count(W_int: list[list[int]], A_int: list[list[int]], n: int) -> int:
    """How many int64 limbs the entries a_ki (w_i, b_i)_j of the limb path need (an upper bound)."""
    bits = 63 - (n + 1).bit_length()
    largest_w = max((abs(v) for row in W_int for v in row), default=0)
    largest_a = max((abs(v) for row in A_int for v in row), default=0)
    return max(1, -(-(largest_w.bit_length() + largest_a.bit_length()) // bits))


def _evaluate_exact_direct(
    net: TwoLayerReLU,
    points: list[Vector],
    den_w: int,
    W_int: list[list[int]],
    den_a: int,
    A_int: list[list[int]],
) -> list[Vector]:
    """Exact values by two FLINT integer products: Z = [W b] X (exact signs), then A relu(Z).

    Used when the output weights have a large common denominator (e.g. interpolating networks
    on thousands of points: den_a has tens of thousands of bits): the limb path then needs
    thousands of limbs of every a_ki (w_i, b_i)_j, while this path multiplies each big a_ki
    once per point, m n N products in all.
    """
    import flint

    n, m, width = len(W_int), len(A_int), len(W_int[0])
    weights = flint.fmpz_mat(n, width, [v for row in W_int for v in row])
    outputs = flint.fmpz_mat(m, n, [v for row in A_int for v in row])
    out: list[Vector] = []
    block = max(1, min(_CHUNK, _CHUNK_ENTRIES // n))
    for start in range(0, len(points), block):
        chunk = [_integer_point(point) for point in points[start : start + block]]
        columns = flint.fmpz_mat(width, len(chunk), [column[j] for j in range(width) for _, column in chunk])
        Z = weights * columns  # n x B exact pre-activations, scaled by den_w * den_p
        relu = flint.fmpz_mat(n, len(chunk), [v if v > 0 else 0 for v in Z.entries()])
        F = (outputs * relu).tolist()  # m x B
        for p, (den, _) in enumerate(chunk):
            scale = den_w * den_a * den
            out.append(tuple(Fraction(int(F[k][p]), scale) + net.c[k] for k in range(m)))
    return out


_CHUNK = 4096  # at most this many points per block
# limb path while limbs * m * (d + 1) <= n, else the direct FLINT path; measured crossover between
# 0.56 n (limbs 1.8x faster: n = 16, d = 2, float weights) and 0.7 n (direct 2.2x faster: interpolation)
_DIRECT_FACTOR = 1
_CHUNK_ENTRIES = 2**22  # and at most this many entries (points x units) in a block's activity matrix


def _int64_limbs(matrix: list[list[int]], n: int) -> list[tuple[int, np.ndarray]]:
    """Split an integer matrix into signed int64 limbs with n * |limb| < 2^63: (shift, limb) pairs."""
    bits = 63 - (n + 1).bit_length()  # a 0/1 row times a limb column sums to < n 2^bits <= 2^63
    largest = max((abs(v) for row in matrix for v in row), default=0)
    count = max(1, -(-largest.bit_length() // bits))
    mask = (1 << bits) - 1
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    limbs = []
    for index in range(count):
        shift = index * bits
        values = [(abs(v) >> shift & mask) * (1 if v >= 0 else -1) for row in matrix for v in row]
        limbs.append((shift, np.array(values, dtype=np.int64).reshape(rows, cols)))
    return limbs


def _lcm_of(values: Iterable[int]) -> int:
    return math.lcm(1, *values)


def to_sympy(net: TwoLayerReLU, variables: Sequence[Any] | None = None) -> tuple[sympy.Expr, ...]:
    """The exact sympy expression of each output, with ``Max(0, .)`` for relu.

    Parameters
    ----------
    net : TwoLayerReLU
    variables : sequence of d sympy symbols, optional
        Defaults to ``x`` for d = 1 and ``x1, ..., xd`` otherwise.

    Returns
    -------
    tuple of m sympy expressions

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 2], [-1, 1]], ["3/10", "-1/5"], [[2, -1]], [0])
    >>> import sympy
    >>> expr = net.to_sympy()[0]
    >>> expr.free_symbols == set(sympy.symbols("x1 x2"))
    True
    >>> expr.subs({"x1": 1, "x2": 1})
    33/5
    """
    import sympy

    if variables is None:
        variables = (sympy.Symbol("x"),) if net.input_dim == 1 else sympy.symbols(f"x1:{net.input_dim + 1}")
    if len(variables) != net.input_dim:
        raise ShapeError(f"{len(variables)} variables given for a network with d = {net.input_dim} inputs")
    hidden = [
        sympy.Max(
            0,
            sum(
                (sympy.Rational(w.numerator, w.denominator) * v for w, v in zip(row, variables, strict=True)),
                sympy.Rational(bias.numerator, bias.denominator),
            ),
        )
        for row, bias in zip(net.W, net.b, strict=True)
    ]
    return tuple(
        sum(
            (sympy.Rational(a.numerator, a.denominator) * h for a, h in zip(row, hidden, strict=True)),
            sympy.Rational(bias.numerator, bias.denominator),
        )
        for row, bias in zip(net.A, net.c, strict=True)
    )
