"""Reproducible training of small two-layer ReLU networks, rationalised losslessly.

The paper's programme (C. Huang, arXiv:2411.06728) studies the *training
solution*: the network back-propagation finds. This module produces such
solutions reproducibly, so that the rest of reluexact can analyse them exactly.

What a run does, and what it promises:

* **Data**: a target (a sympy expression, a string sympy can read, or a Python
  callable on float arrays) sampled on a domain (a 1-D interval or a d-D box) by
  :func:`sample_target`, or any arrays ``X`` (N x d), ``Y`` (N x m) through
  :class:`TrainingData`.
* **Model**: f(x) = A relu(W x + b) + c of a chosen width n, float64.
* **Initialisation** (``init=``), drawn from ``numpy.random.default_rng(seed)``
  in every backend, so that backends start from identical weights:

  ``"uniform"`` (default; PyTorch's ``nn.Linear`` default)
      every weight and bias of a layer with fan-in k is U(-1/sqrt(k), 1/sqrt(k)):
      k = d for (W, b) and k = n for (A, c).
  ``"he"``
      W ~ N(0, 2/d) (Kaiming normal), b = 0, A ~ N(0, 1/n), c = 0. In 1-D every
      initial knot -b_i/w_i is then at 0.
  ``"data"``
      W ~ N(0, 2/d), and each hidden hyperplane passes through a training sample
      drawn at random (b_i = -w_i . x_k), so every initial knot lies in the data;
      A ~ N(0, 1/n), c = 0.

* **Optimiser**: ``"adam"`` (beta = (0.9, 0.999), eps = 1e-8) or ``"sgd"`` (with
  optional ``momentum``), both with PyTorch's update formulas; full batch
  (``batch_size=None``) or mini-batches in an order drawn from the same seeded
  generator; loss: mean squared error over samples and outputs.
* **Backends**: ``"numpy"`` (hand-written, float64, the default, always
  available) and ``"torch"`` (CPU, float64, ``torch.optim``; the optional extra
  ``pip install "reluexact[torch]"``). ``"auto"`` picks torch when installed.
* **Determinism**: the same arguments and seed give bit-identical weights with
  the numpy backend; with torch, on the same machine and thread count.
* **Result**: a frozen :class:`TrainingResult` holding the final float weights,
  the loss after every epoch, weight snapshots at chosen epochs and the exact
  network: the floats' exact binary values (lossless rationalisation,
  :meth:`reluexact.TwoLayerReLU.from_float_arrays`). The exact network therefore
  *is* the function the trained float weights define; its float evaluation
  reproduces the trained net's float output bit for bit.

Exactness: training is float64 arithmetic (named as such, it is an
optimisation); everything after it, starting with ``result.network``, is exact.

Examples
--------
>>> result = train_on_target("sin(x)", (0, "2*pi"), width=8, epochs=300, seed=1, quiet=True)
>>> result
TrainingResult(backend='numpy', width=8, epochs=300, final_loss=...)
>>> result.loss_history[-1] < result.loss_history[0]
True
>>> result.network
TwoLayerReLU(d=1, n=8, m=1)
>>> from fractions import Fraction
>>> result.network.hidden_weights[0][0] == Fraction(float(result.W[0, 0]))
True
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reluexact.domain import Box, DomainLike, as_box
from reluexact.errors import InvalidArgument, MissingDependencyError, ShapeError
from reluexact.expressions import parse_expression
from reluexact.model import TwoLayerReLU

__all__ = [
    "BACKENDS",
    "INITIALIZATIONS",
    "OPTIMIZERS",
    "Snapshot",
    "Target",
    "TrainingConfig",
    "TrainingData",
    "TrainingResult",
    "make_target",
    "sample_target",
    "torch_available",
    "train_network",
    "train_on_target",
]

#: Training backends: ``"numpy"`` (default, always there), ``"torch"`` (extra), ``"auto"``.
BACKENDS: tuple[str, ...] = ("numpy", "torch", "auto")
#: Initialisation schemes; see the module docstring.
INITIALIZATIONS: tuple[str, ...] = ("uniform", "he", "data")
#: Optimisers.
OPTIMIZERS: tuple[str, ...] = ("adam", "sgd")
#: Ways of placing samples in the domain.
SAMPLINGS: tuple[str, ...] = ("grid", "uniform")

_ADAM_BETAS = (0.9, 0.999)
_ADAM_EPS = 1e-8

FloatArray = np.ndarray


def _readonly(array: Any) -> FloatArray:
    out = np.array(array, dtype=np.float64, copy=True)
    out.flags.writeable = False
    return out


# --------------------------------------------------------------------------------------
# domains and targets
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Target:
    """A target function R^d -> R^m to sample, from a sympy expression or a Python callable.

    Attributes
    ----------
    name : str
        A label (the expression's text, or the callable's name).
    input_dim : int
        d.
    function : callable
        Float evaluation: an (N, d) float64 array to an (N, m) float64 array.
    expression : sympy expression or tuple of them, or None
        The exact target when it came from sympy (None for a callable).
    variables : tuple of sympy Symbols, or None
        The variables of ``expression``, in input order.

    See Also
    --------
    make_target
    """

    name: str
    input_dim: int
    function: Callable[[FloatArray], FloatArray] = field(repr=False)
    expression: Any = field(default=None, repr=False)
    variables: Any = field(default=None, repr=False)

    def evaluate_float(self, X: Any) -> FloatArray:
        """Float64 values at the rows of ``X`` (N x d), as an (N, m) array.

        Examples
        --------
        >>> make_target("x**2").evaluate_float([[0.5], [2.0]]).tolist()
        [[0.25], [4.0]]
        """
        points = np.asarray(X, dtype=np.float64)
        if points.ndim != 2 or points.shape[1] != self.input_dim:
            raise ShapeError(f"points must have shape (N, {self.input_dim}), got {points.shape}")
        values = np.asarray(self.function(points), dtype=np.float64)
        if values.ndim == 0:
            values = np.full((points.shape[0], 1), float(values))
        elif values.ndim == 1:
            values = values.reshape(-1, 1)
        if values.ndim != 2 or values.shape[0] != points.shape[0]:
            raise ShapeError(
                f"target {self.name!r} returned shape {values.shape} for {points.shape[0]} points; "
                "expected (N,) or (N, m)"
            )
        if not np.all(np.isfinite(values)):
            raise InvalidArgument(f"target {self.name!r} returned a non-finite value on the domain")
        return values


def make_target(
    target: Any, *, input_dim: int = 1, variables: Sequence[Any] | None = None, name: str | None = None
) -> Target:
    """Wrap a target given as sympy text, a sympy expression or a Python callable.

    Parameters
    ----------
    target : str, sympy expression, Target or callable
        A callable receives an (N, d) float64 array and returns (N,) or (N, m) values.
    input_dim : int
        d.
    variables : sequence of symbols or names, optional
        The expression's variables in input order. By default: the single free
        symbol when d = 1; else ``x1..xd`` / ``x0..x(d-1)`` / ``x, y(, z)`` if the
        free symbols fit one of those, else the free symbols sorted by name.
    name : str, optional

    Returns
    -------
    Target

    Examples
    --------
    >>> t = make_target("x*y", input_dim=2)
    >>> t.variables
    (x, y)
    >>> t.evaluate_float([[2.0, 3.0]]).tolist()
    [[6.0]]
    >>> make_target(lambda X: np.abs(X[:, 0]), name="abs").name
    'abs'
    """
    if isinstance(target, Target):
        if target.input_dim != input_dim:
            raise ShapeError(f"the target has d = {target.input_dim} but d = {input_dim} was asked for")
        return target
    if isinstance(input_dim, bool) or not isinstance(input_dim, int) or input_dim < 1:
        raise InvalidArgument(f"input_dim must be a positive integer, got {input_dim!r}")
    if callable(target) and not hasattr(target, "free_symbols"):
        label = name or getattr(target, "__name__", "target")
        return Target(name=str(label), input_dim=input_dim, function=target)
    import sympy

    try:
        expression = parse_expression(target, where="target") if isinstance(target, str) else target
    except (sympy.SympifyError, SyntaxError, TypeError) as error:
        raise InvalidArgument(f"cannot read the target {target!r} as a sympy expression ({error})") from None
    if not isinstance(expression, sympy.Basic):
        raise InvalidArgument(
            f"the target must be a sympy expression, a string or a callable, got {type(target).__name__}"
        )
    free = sorted(expression.free_symbols, key=lambda s: s.name)
    if variables is not None:
        symbols = tuple(sympy.Symbol(v) if isinstance(v, str) else v for v in variables)
        if len(symbols) != input_dim:
            raise ShapeError(f"{len(symbols)} variables given but d = {input_dim}")
        missing = set(free) - set(symbols)
        if missing:
            raise InvalidArgument(f"the target uses {sorted(map(str, missing))} which are not among the variables")
    else:
        symbols = _default_variables(free, input_dim)
    compiled = sympy.lambdify(symbols, expression, modules="numpy")

    def function(points: FloatArray) -> FloatArray:
        with np.errstate(all="ignore"):
            values = compiled(*(points[:, k] for k in range(input_dim)))
        return np.broadcast_to(np.asarray(values, dtype=np.float64), (points.shape[0],)).copy()

    return Target(
        name=name or str(expression), input_dim=input_dim, function=function, expression=expression, variables=symbols
    )


def _default_variables(free: list[Any], d: int) -> tuple[Any, ...]:
    import sympy

    names = {s.name for s in free}
    if d == 1:
        if len(free) > 1:
            raise InvalidArgument(f"a 1-D target must have one variable, got {sorted(names)}; pass variables=")
        return (free[0],) if free else (sympy.Symbol("x"),)
    for candidate in (
        [f"x{k}" for k in range(1, d + 1)],
        [f"x{k}" for k in range(d)],
        ["x", "y", "z"][:d] if d <= 3 else [],
    ):
        if candidate and names <= set(candidate):
            return tuple(sympy.Symbol(v) for v in candidate)
    if len(free) == d:
        return tuple(free)
    raise InvalidArgument(
        f"cannot tell the input order of the variables {sorted(names)} for d = {d}; pass variables=[...]"
    )


# --------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class TrainingData:
    """Training samples: inputs ``X`` (N x d) and targets ``Y`` (N x m), float64, read-only.

    Attributes
    ----------
    X, Y : numpy.ndarray
    domain : Box or None
        The exact box the samples were drawn in (None for user arrays).
    target : Target or None
        What was sampled, if known.

    Examples
    --------
    >>> data = TrainingData.from_arrays([[0.0], [1.0]], [0.0, 1.0])
    >>> data.X.shape, data.Y.shape, data.input_dim, data.output_dim
    ((2, 1), (2, 1), 1, 1)
    """

    X: FloatArray = field(repr=False)
    Y: FloatArray = field(repr=False)
    domain: Box | None = None
    target: Target | None = None

    @classmethod
    def from_arrays(cls, X: Any, Y: Any, *, domain: DomainLike = None) -> TrainingData:
        """Validate and copy arrays (``X``: (N, d) or (N,) for d = 1; ``Y``: (N, m) or (N,)).

        ``domain``, the box the data come from, is read by :func:`reluexact.domain.as_domain`
        (bounds such as ``"2*pi"`` allowed, as in :func:`sample_target`).

        Examples
        --------
        >>> TrainingData.from_arrays([0.0, 0.5, 1.0], [1.0, 0.0, 1.0], domain=(0, 1)).domain
        box[0,1]
        """
        inputs = np.asarray(X, dtype=np.float64)
        outputs = np.asarray(Y, dtype=np.float64)
        if inputs.ndim == 1:
            inputs = inputs.reshape(-1, 1)
        if outputs.ndim == 1:
            outputs = outputs.reshape(-1, 1)
        if inputs.ndim != 2 or outputs.ndim != 2:
            raise ShapeError(f"X must be (N, d) and Y (N, m); got shapes {inputs.shape} and {outputs.shape}")
        if inputs.shape[0] != outputs.shape[0]:
            raise ShapeError(f"X has {inputs.shape[0]} samples but Y has {outputs.shape[0]}")
        if inputs.shape[0] == 0 or inputs.shape[1] == 0 or outputs.shape[1] == 0:
            raise ShapeError(f"empty training data: X {inputs.shape}, Y {outputs.shape}")
        if not (np.all(np.isfinite(inputs)) and np.all(np.isfinite(outputs))):
            raise InvalidArgument("training data contain NaN or infinite values")
        box = None if domain is None else _sampling_box(domain, int(inputs.shape[1]), "TrainingData.from_arrays")
        return cls(X=_readonly(inputs), Y=_readonly(outputs), domain=box)

    @property
    def n_samples(self) -> int:
        """N.

        Examples
        --------
        >>> TrainingData.from_arrays([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0]).n_samples
        3
        """
        return int(self.X.shape[0])

    @property
    def input_dim(self) -> int:
        """d.

        Examples
        --------
        >>> TrainingData.from_arrays([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0]).input_dim
        2
        """
        return int(self.X.shape[1])

    @property
    def output_dim(self) -> int:
        """m.

        Examples
        --------
        >>> TrainingData.from_arrays([[0.0], [1.0]], [[0.0, 1.0], [1.0, 0.0]]).output_dim
        2
        """
        return int(self.Y.shape[1])

    def __repr__(self) -> str:
        return f"TrainingData(N={self.n_samples}, d={self.input_dim}, m={self.output_dim})"


def _sampling_box(domain: DomainLike, d: int | None, needed_by: str) -> Box:
    """The exact box of a sampling domain: irrational bounds ("2*pi") become their nearest float, exactly."""
    return as_box(domain, d, needed_by=needed_by, irrational=True)


def sample_target(
    target: Any,
    domain: DomainLike,
    *,
    n_samples: int = 200,
    sampling: str = "grid",
    seed: int = 0,
    variables: Sequence[Any] | None = None,
) -> TrainingData:
    """Sample a target on a domain.

    Parameters
    ----------
    target : str, sympy expression, callable or Target
        See :func:`make_target`.
    domain : DomainLike
        The box to sample, in any form :func:`reluexact.domain.as_domain` reads
        (``(lo, hi)``, ``[(lo, hi), ...]``, ``"lo,hi;lo,hi"``, a Box). Bounds may be
        expressions sympy reads (``"2*pi"``): an irrational bound is replaced by the float
        nearest to it, taken at its exact binary value, so the domain is an exact rational
        box. d is the target's when it is a :class:`Target` (or ``len(variables)``), so
        ``"lo,hi"`` is then the same interval for every input; otherwise d is the number of
        sides given.
    n_samples : int
        N. With ``sampling="grid"`` in d dimensions, the grid has
        ``ceil(N ** (1/d))`` points per side (so N is rounded up to a full grid).
    sampling : {"grid", "uniform"}
        A uniform grid including the domain's corners, or i.i.d. uniform points
        from ``numpy.random.default_rng(seed)``.
    seed : int
    variables : sequence, optional
        Passed to :func:`make_target`.

    Returns
    -------
    TrainingData

    Examples
    --------
    >>> data = sample_target("x**2", (-1, 1), n_samples=5)
    >>> data.X[:, 0].tolist(), data.Y[:, 0].tolist()
    ([-1.0, -0.5, 0.0, 0.5, 1.0], [1.0, 0.25, 0.0, 0.25, 1.0])
    >>> sample_target("x*y", [(-1, 1), (-1, 1)], n_samples=9).X.shape
    (9, 2)
    >>> sample_target("x*y", "-1,1", variables=["x", "y"], n_samples=9).domain
    box[-1,1;-1,1]
    >>> from fractions import Fraction
    >>> sample_target("sin(x)", (0, "2*pi"), n_samples=3).domain.high == Fraction(2 * 3.141592653589793)
    True
    """
    if isinstance(target, Target):
        stated: int | None = target.input_dim
    else:
        stated = None if variables is None else len(variables)
    box = _sampling_box(domain, stated, "sample_target")
    d = box.dimension
    wrapped = make_target(target, input_dim=d, variables=variables)
    if isinstance(n_samples, bool) or not isinstance(n_samples, int) or n_samples < 1:
        raise InvalidArgument(f"n_samples must be a positive integer, got {n_samples!r}")
    if sampling not in SAMPLINGS:
        raise InvalidArgument(f"unknown sampling {sampling!r}; choose one of {', '.join(SAMPLINGS)}")
    lows = np.array([float(lo) for lo in box.lows])
    highs = np.array([float(hi) for hi in box.highs])
    if sampling == "grid":
        per_side = max(2, math.ceil(round(n_samples ** (1.0 / d), 9))) if n_samples > 1 else 1
        axes = [np.linspace(lows[k], highs[k], per_side) for k in range(d)]
        mesh = np.meshgrid(*axes, indexing="ij")
        X = np.stack([m.ravel() for m in mesh], axis=1)
    else:
        rng = np.random.default_rng(seed)
        X = lows + (highs - lows) * rng.random((n_samples, d))
    Y = wrapped.evaluate_float(X)
    return TrainingData(X=_readonly(X), Y=_readonly(Y), domain=box, target=wrapped)


# --------------------------------------------------------------------------------------
# configuration and results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrainingConfig:
    """Every option of a training run (validated); recorded in the result and its JSON.

    Examples
    --------
    >>> TrainingConfig(width=4, epochs=10).optimizer
    'adam'
    >>> TrainingConfig(width=0)
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: width must be a positive integer (number of hidden units), got 0
    """

    width: int
    epochs: int = 2000
    learning_rate: float = 1e-2
    optimizer: str = "adam"
    momentum: float = 0.0
    batch_size: int | None = None
    init: str = "uniform"
    seed: int = 0
    backend: str = "numpy"
    snapshot_epochs: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        def positive_int(value: Any, what: str, *, allow_zero: bool = False) -> None:
            ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
            if not ok or value < (0 if allow_zero else 1):
                raise InvalidArgument(
                    f"{what} must be a {'non-negative' if allow_zero else 'positive'} integer"
                    f"{' (number of hidden units)' if what == 'width' else ''}, got {value!r}"
                )

        positive_int(self.width, "width")
        positive_int(self.epochs, "epochs", allow_zero=True)
        positive_int(self.seed, "seed", allow_zero=True)
        if self.batch_size is not None:
            positive_int(self.batch_size, "batch_size")
        for what, value in (("learning_rate", self.learning_rate), ("momentum", self.momentum)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise InvalidArgument(f"{what} must be a finite number, got {value!r}")
        if not self.learning_rate > 0:
            raise InvalidArgument(f"learning_rate must be positive, got {self.learning_rate!r}")
        if not 0 <= self.momentum < 1:
            raise InvalidArgument(f"momentum must be in [0, 1), got {self.momentum!r}")
        if self.optimizer not in OPTIMIZERS:
            raise InvalidArgument(f"unknown optimizer {self.optimizer!r}; choose one of {', '.join(OPTIMIZERS)}")
        if self.momentum and self.optimizer != "sgd":
            raise InvalidArgument("momentum applies to optimizer='sgd' only")
        if self.init not in INITIALIZATIONS:
            raise InvalidArgument(f"unknown init {self.init!r}; choose one of {', '.join(INITIALIZATIONS)}")
        if self.backend not in BACKENDS:
            raise InvalidArgument(f"unknown backend {self.backend!r}; choose one of {', '.join(BACKENDS)}")
        epochs = []
        for e in self.snapshot_epochs:
            if isinstance(e, bool) or not isinstance(e, (int, np.integer)) or not 0 <= e <= self.epochs:
                raise InvalidArgument(f"snapshot epoch {e!r} is not an integer between 0 and epochs = {self.epochs}")
            epochs.append(int(e))
        object.__setattr__(self, "snapshot_epochs", tuple(sorted(set(epochs))))
        object.__setattr__(self, "learning_rate", float(self.learning_rate))
        object.__setattr__(self, "momentum", float(self.momentum))


@dataclass(frozen=True, slots=True, eq=False)
class Snapshot:
    """The weights after ``epoch`` epochs (epoch 0: the initial weights).

    Attributes
    ----------
    epoch : int
    W, b, A, c : numpy.ndarray
        Float64 weights (read-only); W is n x d, A is m x n.
    loss : float
        Full-data MSE at these weights.
    network : TwoLayerReLU
        The exact network (lossless rationalisation of W, b, A, c).
    """

    epoch: int
    W: FloatArray = field(repr=False)
    b: FloatArray = field(repr=False)
    A: FloatArray = field(repr=False)
    c: FloatArray = field(repr=False)
    loss: float
    network: TwoLayerReLU = field(repr=False)


@dataclass(frozen=True, slots=True, eq=False)
class TrainingResult:
    """What a training run produced.

    Attributes
    ----------
    config : TrainingConfig
        The options, with ``backend`` resolved (never ``"auto"``).
    W, b, A, c : numpy.ndarray
        Final float64 weights (read-only); W is n x d, A is m x n.
    network : TwoLayerReLU
        The exact network, the final floats at their exact binary values
        (lossless): ``evaluate_float(network, X)`` equals the trained net's output.
    loss_history : tuple of float
        Full-data MSE after e epochs, e = 0 .. epochs (so ``epochs + 1`` values).
    snapshots : tuple of Snapshot
        At ``config.snapshot_epochs``, in order.
    data : TrainingData
        The samples trained on.
    seconds : float
        Wall time of the optimisation (informative only).
    """

    config: TrainingConfig
    W: FloatArray = field(repr=False)
    b: FloatArray = field(repr=False)
    A: FloatArray = field(repr=False)
    c: FloatArray = field(repr=False)
    network: TwoLayerReLU = field(repr=False)
    loss_history: tuple[float, ...] = field(repr=False)
    snapshots: tuple[Snapshot, ...] = field(repr=False)
    data: TrainingData = field(repr=False)
    seconds: float = field(repr=False)

    @property
    def final_loss(self) -> float:
        """The full-data MSE of the final weights.

        Examples
        --------
        >>> r = train_on_target("x", (0, 1), width=2, epochs=4, n_samples=3, quiet=True)
        >>> r.final_loss == r.loss_history[-1] >= 0
        True
        """
        return self.loss_history[-1]

    def snapshot(self, epoch: int) -> Snapshot:
        """The snapshot taken after ``epoch`` epochs.

        Raises
        ------
        InvalidArgument
            If no snapshot was requested at that epoch.

        Examples
        --------
        >>> r = train_on_target("x", (0, 1), width=2, epochs=4, n_samples=3, snapshot_epochs=[2], quiet=True)
        >>> r.snapshot(2).epoch, r.snapshot(2).loss == r.loss_history[2]
        (2, True)
        """
        for snap in self.snapshots:
            if snap.epoch == epoch:
                return snap
        raise InvalidArgument(
            f"no snapshot at epoch {epoch}; snapshots were taken at {list(self.config.snapshot_epochs)}"
        )

    def predict_float(self, X: Any) -> FloatArray:
        """Float64 output of the trained net at the rows of ``X`` (N x d): (N, m).

        Examples
        --------
        >>> r = train_on_target("x", (0, 1), width=2, epochs=0, quiet=True, n_samples=3)
        >>> r.predict_float([[0.5]]).shape
        (1, 1)
        """
        points = np.asarray(X, dtype=np.float64)
        if points.ndim != 2 or points.shape[1] != self.W.shape[1]:
            raise ShapeError(f"points must have shape (N, {self.W.shape[1]}), got {points.shape}")
        return _forward(points, self.W, self.b, self.A, self.c)

    def __repr__(self) -> str:
        return (
            f"TrainingResult(backend={self.config.backend!r}, width={self.config.width}, "
            f"epochs={self.config.epochs}, final_loss={self.final_loss:.3g})"
        )


# --------------------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------------------


def torch_available() -> bool:
    """True when PyTorch can be imported (the ``torch`` extra is installed).

    Examples
    --------
    >>> isinstance(torch_available(), bool)
    True
    """
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def _forward(X: FloatArray, W: FloatArray, b: FloatArray, A: FloatArray, c: FloatArray) -> FloatArray:
    # the same expression as reluexact.model.evaluate_float, so the two agree bit for bit
    out: FloatArray = np.maximum(X @ W.T + b, 0.0) @ A.T + c
    return out


def _mse(X: FloatArray, Y: FloatArray, params: Sequence[FloatArray]) -> float:
    residual = _forward(X, *params) - Y
    return float(np.mean(residual * residual))


def _initial_weights(config: TrainingConfig, data: TrainingData, rng: np.random.Generator) -> list[FloatArray]:
    n, d, m = config.width, data.input_dim, data.output_dim
    if config.init == "uniform":
        bound_hidden, bound_out = 1.0 / math.sqrt(d), 1.0 / math.sqrt(n)
        W = rng.uniform(-bound_hidden, bound_hidden, (n, d))
        b = rng.uniform(-bound_hidden, bound_hidden, n)
        A = rng.uniform(-bound_out, bound_out, (m, n))
        c = rng.uniform(-bound_out, bound_out, m)
    else:
        W = rng.normal(0.0, math.sqrt(2.0 / d), (n, d))
        if config.init == "he":
            b = np.zeros(n)
        else:  # "data": each hyperplane through a random sample
            anchors = data.X[rng.integers(0, data.n_samples, n)]
            b = -np.einsum("ij,ij->i", W, anchors)
        A = rng.normal(0.0, math.sqrt(1.0 / n), (m, n))
        c = np.zeros(m)
    return [np.ascontiguousarray(p, dtype=np.float64) for p in (W, b, A, c)]


def _batches(n_samples: int, batch_size: int | None, rng: np.random.Generator) -> list[np.ndarray] | None:
    if batch_size is None or batch_size >= n_samples:
        return None
    order = rng.permutation(n_samples)
    return [order[k : k + batch_size] for k in range(0, n_samples, batch_size)]


def _progress(config: TrainingConfig, *, quiet: bool, description: str | None) -> Any:
    from tqdm.auto import tqdm

    disable = quiet or not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())
    return tqdm(
        total=config.epochs,
        desc=description or f"training width {config.width} ({config.backend})",
        unit="epoch",
        disable=disable,
        leave=False,
        mininterval=0.25,
    )


def _train_numpy(
    config: TrainingConfig, data: TrainingData, params: list[FloatArray], rng: np.random.Generator, bar: Any
) -> tuple[list[FloatArray], list[float], dict[int, tuple[list[FloatArray], float]]]:
    X, Y = data.X, data.Y
    N, m = data.n_samples, data.output_dim
    wanted = set(config.snapshot_epochs)
    snapshots: dict[int, tuple[list[FloatArray], float]] = {}
    first = [np.zeros_like(p) for p in params]  # Adam m / SGD momentum buffer
    second = [np.zeros_like(p) for p in params]  # Adam v
    beta1, beta2 = _ADAM_BETAS
    step = 0
    losses: list[float] = []

    def gradients(Xb: FloatArray, Yb: FloatArray) -> tuple[float, list[FloatArray]]:
        W, b, A, c = params
        Z = Xb @ W.T + b
        H = np.maximum(Z, 0.0)
        residual = H @ A.T + c - Yb
        loss = float(np.mean(residual * residual))
        G = residual * (2.0 / (Xb.shape[0] * m))
        dA = G.T @ H
        dc = G.sum(axis=0)
        dZ = (G @ A) * (Z > 0)
        dW = dZ.T @ Xb
        db = dZ.sum(axis=0)
        return loss, [dW, db, dA, dc]

    def update(grads: list[FloatArray]) -> None:
        nonlocal step
        step += 1
        if config.optimizer == "adam":
            correction1 = 1.0 - beta1**step
            correction2 = 1.0 - beta2**step
            step_size = config.learning_rate / correction1
            root2 = math.sqrt(correction2)
            for p, g, m1, m2 in zip(params, grads, first, second, strict=True):
                m1 *= beta1
                m1 += (1.0 - beta1) * g
                m2 *= beta2
                m2 += (1.0 - beta2) * (g * g)
                p -= step_size * (m1 / (np.sqrt(m2) / root2 + _ADAM_EPS))
        else:
            for p, g, buffer in zip(params, grads, first, strict=True):
                if config.momentum:
                    if step == 1:
                        buffer[...] = g
                    else:
                        buffer *= config.momentum
                        buffer += g
                    g = buffer
                p -= config.learning_rate * g

    for epoch in range(config.epochs):
        batches = _batches(N, config.batch_size, rng)
        if batches is None:
            loss, grads = gradients(X, Y)
            losses.append(loss)
            if epoch in wanted:
                snapshots[epoch] = ([p.copy() for p in params], loss)
            update(grads)
        else:
            loss = _mse(X, Y, params)
            losses.append(loss)
            if epoch in wanted:
                snapshots[epoch] = ([p.copy() for p in params], loss)
            for index in batches:
                update(gradients(X[index], Y[index])[1])
        bar.update(1)
        if not math.isfinite(loss):
            raise InvalidArgument(
                f"training diverged at epoch {epoch} (loss {loss}); lower the learning rate ({config.learning_rate})"
            )
    final = _mse(X, Y, params)
    losses.append(final)
    if config.epochs in wanted:
        snapshots[config.epochs] = ([p.copy() for p in params], final)
    return params, losses, snapshots


def _train_torch(
    config: TrainingConfig, data: TrainingData, params: list[FloatArray], rng: np.random.Generator, bar: Any
) -> tuple[list[FloatArray], list[float], dict[int, tuple[list[FloatArray], float]]]:
    import torch

    X = torch.from_numpy(np.array(data.X))
    Y = torch.from_numpy(np.array(data.Y))
    tensors = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params]
    W, b, A, c = tensors
    if config.optimizer == "adam":
        optimizer: Any = torch.optim.Adam(tensors, lr=config.learning_rate, betas=_ADAM_BETAS, eps=_ADAM_EPS)
    else:
        optimizer = torch.optim.SGD(tensors, lr=config.learning_rate, momentum=config.momentum)
    wanted = set(config.snapshot_epochs)
    snapshots: dict[int, tuple[list[FloatArray], float]] = {}
    losses: list[float] = []

    def current() -> list[FloatArray]:
        return [t.detach().numpy().copy() for t in tensors]

    def full_loss() -> float:
        with torch.no_grad():
            return float(torch.mean((torch.relu(X @ W.T + b) @ A.T + c - Y) ** 2))

    def step(Xb: Any, Yb: Any) -> float:
        optimizer.zero_grad()
        loss = torch.mean((torch.relu(Xb @ W.T + b) @ A.T + c - Yb) ** 2)
        loss.backward()  # type: ignore[no-untyped-call]
        optimizer.step()
        return float(loss.detach())

    for epoch in range(config.epochs):
        batches = _batches(data.n_samples, config.batch_size, rng)
        if batches is None:
            if epoch in wanted:
                snapshots[epoch] = (current(), full_loss())
            loss = step(X, Y)
            losses.append(loss)
        else:
            loss = full_loss()
            losses.append(loss)
            if epoch in wanted:
                snapshots[epoch] = (current(), loss)
            for index in batches:
                positions = torch.from_numpy(index)
                step(X[positions], Y[positions])
        bar.update(1)
        if not math.isfinite(loss):
            raise InvalidArgument(
                f"training diverged at epoch {epoch} (loss {loss}); lower the learning rate ({config.learning_rate})"
            )
    final_params = current()
    final = _mse(data.X, data.Y, final_params)
    losses.append(final)
    if config.epochs in wanted:
        snapshots[config.epochs] = (final_params, final)
    return final_params, losses, snapshots


def train_network(
    data: TrainingData,
    *,
    width: int,
    epochs: int = 2000,
    learning_rate: float = 1e-2,
    optimizer: str = "adam",
    momentum: float = 0.0,
    batch_size: int | None = None,
    init: str = "uniform",
    seed: int = 0,
    backend: str = "numpy",
    snapshot_epochs: Sequence[int] = (),
    quiet: bool = False,
    description: str | None = None,
) -> TrainingResult:
    """Train f(x) = A relu(W x + b) + c on ``data`` by back-propagation (float64, seeded).

    Parameters
    ----------
    data : TrainingData
        From :func:`sample_target` or :meth:`TrainingData.from_arrays`.
    width : int
        n, the number of hidden units.
    epochs : int
        Passes over the data (0 returns the initial weights).
    learning_rate : float
    optimizer : {"adam", "sgd"}
    momentum : float
        SGD momentum (PyTorch semantics, no dampening); ``sgd`` only.
    batch_size : int, optional
        None (default): full batch, one step per epoch. Otherwise mini-batches in a
        seeded random order, reshuffled every epoch.
    init : {"uniform", "he", "data"}
        See the module docstring.
    seed : int
        Seeds ``numpy.random.default_rng``, which draws the initial weights and
        batch orders in every backend.
    backend : {"numpy", "torch", "auto"}
    snapshot_epochs : sequence of int
        Keep the weights after these epochs (0 = initial, ``epochs`` = final).
    quiet : bool
        No progress bar (it is also off when stderr is not a terminal).
    description : str, optional
        The progress bar's label.

    Returns
    -------
    TrainingResult

    Raises
    ------
    InvalidArgument
        On a bad option, or when the loss becomes NaN/inf (divergence).
    MissingDependencyError
        ``backend="torch"`` without PyTorch installed.

    Examples
    --------
    >>> data = sample_target("abs(x)", (-1, 1), n_samples=21)
    >>> r1 = train_network(data, width=4, epochs=200, seed=3, quiet=True)
    >>> r2 = train_network(data, width=4, epochs=200, seed=3, quiet=True)
    >>> r1.network == r2.network
    True
    >>> r1.final_loss < r1.loss_history[0]
    True
    """
    if not isinstance(data, TrainingData):
        raise InvalidArgument(
            f"data must be a TrainingData (use sample_target or TrainingData.from_arrays), got {type(data).__name__}"
        )
    resolved = backend
    if backend == "auto":
        resolved = "torch" if torch_available() else "numpy"
    config = TrainingConfig(
        width=width,
        epochs=epochs,
        learning_rate=learning_rate,
        optimizer=optimizer,
        momentum=momentum,
        batch_size=batch_size,
        init=init,
        seed=seed,
        backend=resolved,
        snapshot_epochs=tuple(snapshot_epochs),
    )
    if config.backend == "torch" and not torch_available():
        raise MissingDependencyError(
            'the torch training backend needs PyTorch: pip install "reluexact[torch]" (or use backend="numpy")'
        )
    rng = np.random.default_rng(config.seed)
    params = _initial_weights(config, data, rng)
    runner = _train_torch if config.backend == "torch" else _train_numpy
    start = time.perf_counter()
    with _progress(config, quiet=quiet, description=description) as bar, np.errstate(over="ignore", invalid="ignore"):
        final, losses, raw_snapshots = runner(config, data, params, rng, bar)
    seconds = time.perf_counter() - start
    W, b, A, c = (_readonly(p) for p in final)
    snapshots = tuple(
        Snapshot(
            epoch=epoch,
            W=_readonly(weights[0]),
            b=_readonly(weights[1]),
            A=_readonly(weights[2]),
            c=_readonly(weights[3]),
            loss=loss,
            network=TwoLayerReLU.from_float_arrays(*weights),
        )
        for epoch, (weights, loss) in sorted(raw_snapshots.items())
    )
    return TrainingResult(
        config=config,
        W=W,
        b=b,
        A=A,
        c=c,
        network=TwoLayerReLU.from_float_arrays(W, b, A, c),
        loss_history=tuple(float(v) for v in losses),
        snapshots=snapshots,
        data=data,
        seconds=seconds,
    )


def train_on_target(
    target: Any,
    domain: DomainLike,
    *,
    width: int,
    n_samples: int = 200,
    sampling: str = "grid",
    variables: Sequence[Any] | None = None,
    **options: Any,
) -> TrainingResult:
    """Sample ``target`` on ``domain`` (:func:`sample_target`) and train on it (:func:`train_network`).

    ``options`` are :func:`train_network`'s keywords (``epochs``, ``learning_rate``,
    ``optimizer``, ``batch_size``, ``init``, ``seed``, ``backend``, ``snapshot_epochs``,
    ``quiet``, ...); ``seed`` also seeds uniform sampling.

    Examples
    --------
    >>> r = train_on_target("x**2", (-1, 1), width=6, epochs=400, n_samples=41, quiet=True, snapshot_epochs=[0, 400])
    >>> [s.epoch for s in r.snapshots]
    [0, 400]
    >>> r.snapshots[-1].network == r.network
    True
    """
    data = sample_target(
        target, domain, n_samples=n_samples, sampling=sampling, seed=int(options.get("seed", 0)), variables=variables
    )
    return train_network(data, width=width, **options)
