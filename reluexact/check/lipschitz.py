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
   F + sum_{free i} {0, v_i} (v_i = a_ki w_i), whose dual norm is at most the coordinate-wise
   interval bound (recomputed here; a stated ``"bound"`` must equal it), which must be <= the
   value; or the leaf's Gordan multipliers prove that no point of the interior of D has the
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

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from reluexact.check._cells import (
    FREE,
    cell_rows,
    check_cover,
    check_empty,
    multipliers,
    point_of,
    preactivations,
    sign_vector,
    side_values,
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
    """Re-verify a lipschitz certificate document; return a one-line summary or raise CertificateError."""
    net = model_of(document)
    d, n, m = net.input_dim, net.n_hidden, net.output_dim
    domain = domain_from_json(document.get("domain"), d)
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
    leaves = certificate.get("leaves")
    if not isinstance(leaves, list):
        raise CertificateError('"certificate.leaves" must be a list')
    seen = []
    for k, leaf in enumerate(leaves):
        at = f"leaf {k}"
        if not isinstance(leaf, Mapping):
            raise CertificateError(f"{at}: expected an object")
        signs = sign_vector(leaf.get("signs"), n, at=f"{at} signs")
        seen.append(signs)
        if "empty" in leaf:
            rows, offsets = cell_rows(net, domain, signs)
            y = multipliers(leaf["empty"], len(rows), at=f"{at} empty")
            check_empty(rows, offsets, y, d, strict=True, at=at)
            continue
        bound = _interval_bound(v, signs, norm, d)
        if "bound" in leaf and number(leaf["bound"], at=f"{at} bound") != bound:
            raise CertificateError(f"{at}: the stated bound is not the interval bound {format_fraction(bound)}")
        if bound > value:
            raise CertificateError(
                f"{at}: the gradients below it may reach {format_fraction(bound)}, more than the value "
                f"{format_fraction(value)}"
            )
    check_cover(seen, n)
    shown = f"sqrt({format_fraction(value)})" if norm == "2" else format_fraction(value)
    cells = f"{len(leaves)} {'cell covers' if len(leaves) == 1 else 'cells cover'} the domain"
    return (
        f"Lipschitz constant (norm {norm}) of f_{output + 1} on {domain!r} is {shown}, "
        f"attained on the region {pattern}; {cells}"
    )


def _interval_bound(v: list[tuple[Fraction, ...]], signs: str, norm: str, d: int) -> Fraction:
    high = [Fraction(0)] * d
    low = [Fraction(0)] * d
    for i, s in enumerate(signs):
        for j in range(d):
            x = v[i][j]
            if s == "1" or (s == FREE and x > 0):
                high[j] += x
            if s == "1" or (s == FREE and x < 0):
                low[j] += x
    return _dual_norm([max(h, -lo) for h, lo in zip(high, low, strict=True)], norm)
