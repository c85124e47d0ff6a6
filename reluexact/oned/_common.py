"""Private helpers shared by the 1-D modules: intervals, vectors, input checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from reluexact.domain import DomainLike, as_interval
from reluexact.errors import DomainError, ShapeError
from reluexact.model import TwoLayerReLU

Interval = tuple[Fraction, Fraction]
Vector = tuple[Fraction, ...]

ZERO = Fraction(0)


def optional_interval(domain: DomainLike, *, where: str = "domain") -> Interval | None:
    """The interval ``(alpha, beta)`` of a 1-D domain (read by :func:`as_interval`), None for R."""
    box = as_interval(domain, where=where)
    return None if box is None else (box.low, box.high)


def required_interval(domain: DomainLike, *, where: str = "domain", needed_by: str = "this") -> Interval:
    """Like :func:`optional_interval` where a bounded interval is needed (None refused)."""
    interval = optional_interval(domain, where=where)
    if interval is None:
        raise DomainError(
            f"{where}: {needed_by} needs a bounded interval [alpha, beta]; got None (all of R). "
            "Give (lo, hi) or 'lo,hi'"
        )
    return interval


def require_1d(net: TwoLayerReLU, *, what: str = "this function") -> None:
    if not isinstance(net, TwoLayerReLU):
        raise ShapeError(f"{what} needs a TwoLayerReLU, got {type(net).__name__}")
    if net.input_dim != 1:
        raise ShapeError(f"{what} is for 1-D input networks, but the network has d = {net.input_dim} inputs")


def zeros(m: int) -> Vector:
    return (ZERO,) * m


def vadd(u: Vector, v: Vector) -> Vector:
    return tuple(a + b for a, b in zip(u, v, strict=True))


def vsub(u: Vector, v: Vector) -> Vector:
    return tuple(a - b for a, b in zip(u, v, strict=True))


def vscale(k: Fraction, v: Vector) -> Vector:
    return tuple(k * a for a in v)


def vsum(vectors: Iterable[Vector], m: int) -> Vector:
    total = [ZERO] * m
    for vector in vectors:
        for k, value in enumerate(vector):
            total[k] += value
    return tuple(total)


def is_zero(v: Vector) -> bool:
    return all(value == 0 for value in v)


def evaluate_points(net: TwoLayerReLU, points: Sequence[Fraction]) -> list[Vector]:
    """Exact values at many 1-D points (one call of evaluate_exact_batch)."""
    from reluexact.model import evaluate_exact_batch

    return evaluate_exact_batch(net, [[x] for x in points])
