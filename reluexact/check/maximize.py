"""Check a ``maximize`` certificate: the exact extremum of an output (or a margin) over a domain.

The document (written by :func:`reluexact.answers.extrema.extremum_document`) claims
``max_{x in D} phi(x) = value`` where ``phi = f_k`` (``"output": k``, ``"sense": "max"``),
``-f_k`` (``"sense": "min"``, and then ``value`` is the minimum of f_k) or ``f_k - f_l``
(``"output": [k, l]``). Write ``phi(x) = c' + sum_i a'_i relu(z_i(x))``, ``z_i = w_i . x + b_i``.
The check, in rational arithmetic only:

1. *attained*: ``"point"`` lies in the closed domain and phi(point) is the value; the
   ``"region"`` pattern has a point strictly inside it (and inside D) and ``"point"`` lies in
   its closure;
2. *bounds*: every ``"bounds"[i]`` = (l_i, u_i) holds on D, each proved by LP multipliers over
   the domain's sides;
3. *upper bound on every leaf*: on the cell of a leaf's sign vector, phi <= g with g affine:
   assigned units exact, a free unit with a'_i < 0 bounded by ``a'_i mu_i z_i`` (relu z >= mu z
   for mu in [0, 1]), a free unit with a'_i > 0 by the chord ``a'_i (mu_i z_i + nu_i)`` of relu
   over [l_i, u_i] (which needs bounds for it); ``mu_i, nu_i`` are recomputed from the bounds
   (mu = nu = 0 without bounds or for u <= 0, mu = 1 for l >= 0, else mu = u / (u - l),
   nu = -u l / (u - l)). The leaf's multipliers prove ``g <= bound`` on the cell and
   ``bound <= phi-value``; or the leaf's Farkas multipliers prove its cell empty;
4. *coverage*: the leaves are the leaves of a tree of sign splits (see
   :func:`reluexact.check._cells.check_cover`), so their cells cover D.

Then ``phi <= value`` on D (3, 4) and phi(point) = value (1): the value is the exact maximum.

Examples
--------
>>> from reluexact.model import TwoLayerReLU
>>> from reluexact.answers.extrema import extremum_document, minimize
>>> doc = extremum_document(minimize(TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0]), "-1,1"))
>>> check(doc)
'minimum of f_1 over box[-1,1] is 0, attained at (0); 2 cells cover the domain'
>>> doc["value"] = "-1/2"
>>> check(doc)
Traceback (most recent call last):
...
reluexact.errors.CertificateError: the point does not attain the value: f at it is 0, the certificate claims -1/2
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from reluexact.check._cells import (
    FREE,
    cell_rows,
    check_leaves,
    check_upper_bound,
    domain_sides,
    multipliers,
    point_of,
    preactivations,
    side_values,
    sign_vector,
)
from reluexact.check._common import domain_from_json, model_of, number
from reluexact.errors import CertificateError
from reluexact.rational import format_fraction

__all__ = ["check"]


def _objective(document: Mapping[str, Any], m: int, n: int, A: Any, c: Any) -> tuple[str, list[Fraction], Fraction]:
    output = document.get("output")
    given: list[Any] = output if isinstance(output, list) else [output]
    if len(given) not in (1, 2) or any(isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < m for k in given):
        raise CertificateError(f'"output" must be an output index 0..{m - 1} or a pair [k, l], got {output!r}')
    pair: list[int] = [int(k) for k in given]
    if len(pair) == 2 and pair[0] == pair[1]:
        raise CertificateError(f'"output" {output!r}: a margin needs two different outputs')
    sense = document.get("sense")
    if sense not in ("max", "min"):
        raise CertificateError(f'"sense" must be "max" or "min", got {sense!r}')
    e = [Fraction(0)] * m
    e[pair[0]] += 1
    if len(pair) == 2:
        e[pair[1]] -= 1
    if sense == "min":
        e = [-v for v in e]
    a = [sum((e[k] * A[k][i] for k in range(m)), Fraction(0)) for i in range(n)]
    c0 = sum((e[k] * c[k] for k in range(m)), Fraction(0))
    name = f"f_{pair[0] + 1}" if len(pair) == 1 else f"f_{pair[0] + 1} - f_{pair[1] + 1}"
    return f"{'maximum' if sense == 'max' else 'minimum'} of {name}", a, c0


def check(document: Mapping[str, Any]) -> str:
    """Re-verify a maximize certificate document; return a one-line summary or raise CertificateError.

    Parameters
    ----------
    document : Mapping
        A ``"kind": "maximize"`` certificate, as written by
        :func:`reluexact.answers.extrema.extremum_document` (see the module docstring).

    Returns
    -------
    str
        What holds: the extremum, where it is attained and how many cells cover the domain.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> from reluexact.answers.extrema import extremum_document, maximize
    >>> doc = extremum_document(maximize(TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0]), "-1,2"))  # |x|
    >>> check(doc)
    'maximum of f_1 over box[-1,2] is 2, attained at (2); 1 cell covers the domain'
    >>> doc["certificate"]["leaves"][0]["bound"] = "3"
    >>> check(doc)
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: leaf 0: its bound 3 exceeds the claimed optimum 2 of the objective
    """
    net = model_of(document)
    d, n, m = net.input_dim, net.n_hidden, net.output_dim
    domain = domain_from_json(document.get("domain"), d)
    sides = domain_sides(domain)
    what, a, c0 = _objective(document, m, n, net.A, net.c)
    sense = document["sense"]
    value = number(document.get("value"), at="value")
    target = value if sense == "max" else -value  # the claimed maximum of phi
    point = point_of(document.get("point"), d, at="point")
    if any(v < 0 for v in side_values(domain, point)):
        raise CertificateError("the point is outside the domain")
    z = preactivations(net, point)
    attained = c0 + sum((a[i] * max(Fraction(0), z[i]) for i in range(n)), Fraction(0))
    if attained != target:
        shown = attained if sense == "max" else -attained
        raise CertificateError(
            f"the point does not attain the value: f at it is {format_fraction(shown)}, "
            f"the certificate claims {format_fraction(value)}"
        )
    certificate = document.get("certificate")
    if not isinstance(certificate, Mapping):
        raise CertificateError('"certificate" must be an object')
    _check_region(certificate.get("region"), net, domain, z)
    bounds = _bounds(certificate.get("bounds"), net, sides)

    def bounded(leaf: Mapping[str, Any], signs: str, at: str) -> None:
        bound = number(leaf.get("bound"), at=f"{at} bound")
        if bound > target:
            raise CertificateError(f"{at}: its bound {bound} exceeds the claimed optimum {target} of the objective")
        gradient, constant = _relaxation(net, a, c0, signs, bounds, at)
        rows, offsets = cell_rows(net, sides, signs)
        y = multipliers(leaf.get("dual"), len(rows), at=f"{at} dual")
        check_upper_bound(rows, offsets, y, gradient, constant, bound, at=at)

    cells = check_leaves(certificate.get("leaves"), net, sides, strict=False, bounded=bounded)
    shown_point = ", ".join(format_fraction(v) for v in point)
    return f"{what} over {domain!r} is {format_fraction(value)}, attained at ({shown_point}); {cells}"


def _check_region(region: Any, net: Any, domain: Any, z_point: tuple[Fraction, ...]) -> None:
    if not isinstance(region, Mapping):
        raise CertificateError('"certificate.region" must be an object with "pattern" and "point"')
    pattern = sign_vector(region.get("pattern"), net.n_hidden, at="region pattern", free=False)
    inside = point_of(region.get("point"), net.input_dim, at="region point")
    if any(v <= 0 for v in side_values(domain, inside)):
        raise CertificateError("the region's point is not strictly inside the domain")
    for i, zi in enumerate(preactivations(net, inside)):
        constant = all(w == 0 for w in net.W[i])
        if (zi > 0) != (pattern[i] == "1") or (zi == 0 and not constant):
            raise CertificateError(f"the region's point is not strictly inside the region (unit {i})")
        if not constant and (z_point[i] < 0 if pattern[i] == "1" else z_point[i] > 0):
            raise CertificateError(f"the point is not in the closure of the claimed region (unit {i})")


def _bounds(value: Any, net: Any, sides: Any) -> list[tuple[Fraction, Fraction] | None]:
    if not isinstance(value, list) or len(value) != net.n_hidden:
        raise CertificateError(f'"certificate.bounds" must be a list of {net.n_hidden} entries (null or an object)')
    rows, offsets = cell_rows(net, sides, FREE * net.n_hidden)
    n_sides = len(rows)
    out: list[tuple[Fraction, Fraction] | None] = []
    for i, entry in enumerate(value):
        if entry is None:
            out.append(None)
            continue
        if not isinstance(entry, Mapping):
            raise CertificateError(f"bounds[{i}] must be null or an object")
        low = number(entry.get("low"), at=f"bounds[{i}].low")
        high = number(entry.get("high"), at=f"bounds[{i}].high")
        w, b = net.W[i], net.b[i]
        # low <= z_i: max of -z_i <= -low;  z_i <= high: max of z_i <= high
        y_low = multipliers(entry.get("low_dual"), n_sides, at=f"bounds[{i}].low_dual")
        check_upper_bound(rows, offsets, y_low, [-v for v in w], -b, -low, at=f"bounds[{i}] low")
        y_high = multipliers(entry.get("high_dual"), n_sides, at=f"bounds[{i}].high_dual")
        check_upper_bound(rows, offsets, y_high, list(w), b, high, at=f"bounds[{i}] high")
        if low > high:
            raise CertificateError(f"bounds[{i}]: low {low} > high {high}")
        out.append((low, high))
    return out


def _relaxation(
    net: Any, a: list[Fraction], c0: Fraction, signs: str, bounds: list[tuple[Fraction, Fraction] | None], at: str
) -> tuple[list[Fraction], Fraction]:
    d = net.input_dim
    gradient = [Fraction(0)] * d
    constant = c0
    for i, s in enumerate(signs):
        if a[i] == 0 or s == "0":
            continue
        mu, nu = Fraction(1), Fraction(0)
        if s == FREE:
            bound = bounds[i]
            if a[i] > 0 and bound is None:
                raise CertificateError(f"{at}: unit {i} is free with a positive weight but has no bounds")
            mu, nu = Fraction(0), Fraction(0)
            if bound is not None and bound[1] > 0:
                low, high = bound
                if low >= 0:
                    mu = Fraction(1)
                else:
                    mu, nu = high / (high - low), -high * low / (high - low)
            if a[i] < 0:
                nu = Fraction(0)
        for j in range(d):
            gradient[j] += a[i] * mu * net.W[i][j]
        constant += a[i] * (mu * net.b[i] + nu)
    return gradient, constant
