"""Private helpers shared by the 1-D modules: intervals, vectors, input checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from reluexact.errors import DomainError, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction, to_fraction

Interval = tuple[Fraction, Fraction]
Vector = tuple[Fraction, ...]

ZERO = Fraction(0)


def parse_interval(domain: Any, *, where: str = "domain") -> Interval:
    """Read ``[alpha, beta]`` from a pair or an ``"a,b"`` string; alpha < beta, both rational."""
    if isinstance(domain, str):
        parts: Sequence[Any] = domain.split(",")
    else:
        try:
            parts = list(domain)
        except TypeError:
            raise DomainError(f"{where} must be a pair (alpha, beta) or a string 'a,b', got {domain!r}") from None
    if len(parts) != 2:
        raise DomainError(f"{where} must have exactly two ends alpha,beta; got {len(parts)} values")
    low = to_fraction(parts[0].strip() if isinstance(parts[0], str) else parts[0], where=f"{where} alpha")
    high = to_fraction(parts[1].strip() if isinstance(parts[1], str) else parts[1], where=f"{where} beta")
    if not low < high:
        raise DomainError(
            f"{where} [{format_fraction(low)}, {format_fraction(high)}] is empty or a point; need alpha < beta"
        )
    return (low, high)


def optional_interval(domain: Any) -> Interval | None:
    return None if domain is None else parse_interval(domain)


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


def fmt_vector(v: Vector) -> str:
    return format_fraction(v[0]) if len(v) == 1 else "(" + ", ".join(format_fraction(a) for a in v) + ")"


def evaluate_points(net: TwoLayerReLU, points: Sequence[Fraction]) -> list[Vector]:
    """Exact values at many 1-D points (one call of evaluate_exact_batch)."""
    from reluexact.model import evaluate_exact_batch

    return evaluate_exact_batch(net, [[x] for x in points])
