"""Check a ``lipschitz`` certificate: the exact Lipschitz constant of an output on a convex domain.

The document (written by :func:`reluexact.answers.lipschitz.lipschitz_document`) claims that
the Lipschitz constant of f_k for the input norm p (``"norm"``: ``"inf"``, ``"1"`` or ``"2"``) on
the domain D is ``"value"`` (norm 2: its square ``"value_squared"``). On a convex D it equals
the largest dual norm ||g||_q of the gradients g = sum_{i in P} a_ki w_i of the activation
regions P meeting the interior of D. The check, in rational arithmetic only:

1. *attained*: ``"point"`` is strictly inside D and strictly inside the region of
   ``"certificate.region.pattern"`` (every unit with w_i != 0 has the pattern's strict sign; a
   constant unit is active iff b_i > 0); the dual norm of that region's gradient is the value;
2. *every leaf is bounded*: the gradients of all patterns extending a leaf's sign vector lie in
   F + sum_{free i} {0, v_i} (v_i = a_ki w_i); their largest dual norm is bounded by
   :func:`_leaf_bound` (exact over the sign patterns for norm inf and d <= 10, coordinate-wise
   intervals otherwise; recomputed here, and a stated ``"bound"`` must equal it), which must be
   <= the value; or the leaf's Gordan multipliers prove that no point of the interior of D has the
   leaf's strict signs;
3. *coverage*: the leaves are the leaves of a tree of sign splits
   (:func:`reluexact.check._cells.check_cover`), so every region meeting the interior of D
   extends one of them.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.answers.lipschitz import lipschitz, lipschitz_document
>>> doc = lipschitz_document(lipschitz(TwoLayerReLU([[1], [-1]], [0, 1], [[2, 1]], [0]), "-1,2"))
>>> check(doc)
'Lipschitz constant (norm inf) of f_1 on box[-1,2] is 2, attained on the region 10; 3 cells cover the domain'
>>> doc["value"] = "3/2"
>>> check(doc)
Traceback (most recent call last):
...
reluexact.errors.CertificateError: the region's gradient has dual norm 2, not the claimed 3/2
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from reluexact.check._cells import (
    FREE,
    check_leaves,
    domain_sides,
    point_of,
    preactivations,
    side_values,
    sign_vector,
)
from reluexact.check._common import domain_from_json, model_of, number
from reluexact.errors import CertificateError
from reluexact.rational import format_fraction

__all__ = ["check"]

_NORMS = ("inf", "1", "2")


def _dual_norm(vector: Sequence[Fraction], norm: str) -> Fraction:
    if norm == "inf":
        return sum((abs(x) for x in vector), Fraction(0))
    if norm == "1":
        return max((abs(x) for x in vector), default=Fraction(0))
    return sum((x * x for x in vector), Fraction(0))


def check(document: Mapping[str, Any]) -> str:
    """Re-verify a lipschitz certificate document; return a one-line summary or raise CertificateError.

    Parameters
    ----------
    document : Mapping
        A ``"kind": "lipschitz"`` certificate, as written by
        :func:`reluexact.answers.lipschitz.lipschitz_document` (see the module docstring).

    Returns
    -------
    str
        What holds: the constant, the region attaining it and how many cells cover the domain.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.answers.lipschitz import lipschitz, lipschitz_document
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])
    >>> doc = lipschitz_document(lipschitz(net, "-1,1;-1,1", norm="2"))
    >>> check(doc)  # doctest: +NORMALIZE_WHITESPACE
    'Lipschitz constant (norm 2) of f_1 on box[-1,1;-1,1] is sqrt(2), attained on the region 11;
    3 cells cover the domain'
    >>> del doc["certificate"]["leaves"][0]  # the cells where unit 1 is inactive are no longer covered
    >>> check(doc)
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: the leaves do not cover the domain: nothing covers the cell '0*'
    """
    net = model_of(document)
    d, n, m = net.input_dim, net.n_hidden, net.output_dim
    domain = domain_from_json(document.get("domain"), d)
    sides = domain_sides(domain)
    output = document.get("output")
    if isinstance(output, bool) or not isinstance(output, int) or not 0 <= output < m:
        raise CertificateError(f'"output" must be an output index 0..{m - 1}, got {output!r}')
    norm = document.get("norm")
    if norm not in _NORMS:
        raise CertificateError(f'"norm" must be one of {", ".join(_NORMS)}, got {norm!r}')
    key = "value_squared" if norm == "2" else "value"
    value = number(document.get(key), at=key)
    v = [tuple(net.A[output][i] * w for w in net.W[i]) for i in range(n)]
    certificate = document.get("certificate")
    if not isinstance(certificate, Mapping):
        raise CertificateError('"certificate" must be an object')
    region = certificate.get("region")
    if not isinstance(region, Mapping):
        raise CertificateError('"certificate.region" must be an object with a "pattern"')
    pattern = sign_vector(region.get("pattern"), n, at="region pattern", free=False)
    point = point_of(document.get("point"), d, at="point")
    if any(s <= 0 for s in side_values(domain, point)):
        raise CertificateError("the point is not strictly inside the domain")
    for i, z in enumerate(preactivations(net, point)):
        if all(w == 0 for w in net.W[i]):
            if (pattern[i] == "1") != (net.b[i] > 0):
                raise CertificateError(f"unit {i} is constant ({net.b[i]}) but the pattern says {pattern[i]}")
        elif z == 0 or (z > 0) != (pattern[i] == "1"):
            raise CertificateError(f"the point is not strictly inside the region of the pattern (unit {i})")
    gradient = [sum((v[i][j] for i in range(n) if pattern[i] == "1"), Fraction(0)) for j in range(d)]
    attained = _dual_norm(gradient, norm)
    if attained != value:
        raise CertificateError(
            f"the region's gradient has dual norm {format_fraction(attained)}, not the claimed {format_fraction(value)}"
        )

    def bounded(leaf: Mapping[str, Any], signs: str, at: str) -> None:
        bound = _leaf_bound(v, signs, norm, d)
        if "bound" in leaf and number(leaf["bound"], at=f"{at} bound") != bound:
            raise CertificateError(f"{at}: the stated bound is not the leaf's bound {format_fraction(bound)}")
        if bound > value:
            raise CertificateError(
                f"{at}: the gradients below it may reach {format_fraction(bound)}, more than the value "
                f"{format_fraction(value)}"
            )

    cells = check_leaves(certificate.get("leaves"), net, sides, strict=True, bounded=bounded)
    shown = f"sqrt({format_fraction(value)})" if norm == "2" else format_fraction(value)
    return (
        f"Lipschitz constant (norm {norm}) of f_{output + 1} on {domain!r} is {shown}, "
        f"attained on the region {pattern}; {cells}"
    )


#: The rule of the writer (:data:`reluexact.answers.lipschitz.SIGN_BOUND_MAX_DIM`): up to this d the
#: norm-inf bound of a leaf is the exact maximum over its sign patterns, above it the interval bound.
_SIGN_BOUND_MAX_DIM = 10


def _leaf_bound(v: list[tuple[Fraction, ...]], signs: str, norm: str, d: int) -> Fraction:
    """The largest dual norm (squared for norm 2) any gradient F + sum_{i in S} v_i below the leaf can have.

    Norm inf, d <= 10: ``max_sigma sigma . F + sum_free max(0, sigma . v_i)`` over sigma in
    {-1, 1}^d, which is max_S ||F + sum_S v_i||_1 since ||g||_1 = max_sigma sigma . g. Otherwise
    coordinate-wise: |g_j| <= max(F_j + sum_free max(0, v_ij), -(F_j + sum_free min(0, v_ij))).
    """
    fixed = [sum((v[i][j] for i, s in enumerate(signs) if s == "1"), Fraction(0)) for j in range(d)]
    free = [v[i] for i, s in enumerate(signs) if s == FREE]
    if norm == "inf" and d <= _SIGN_BOUND_MAX_DIM:
        best = None
        for sigma in itertools.product((1, -1), repeat=d):
            total = sum((s * f for s, f in zip(sigma, fixed, strict=True)), Fraction(0))
            for row in free:
                total += max(Fraction(0), sum((s * x for s, x in zip(sigma, row, strict=True)), Fraction(0)))
            best = total if best is None or total > best else best
        assert best is not None
        return best
    high = [f + sum((max(Fraction(0), row[j]) for row in free), Fraction(0)) for j, f in enumerate(fixed)]
    low = [f + sum((min(Fraction(0), row[j]) for row in free), Fraction(0)) for j, f in enumerate(fixed)]
    return _dual_norm([max(h, -lo) for h, lo in zip(high, low, strict=True)], norm)
