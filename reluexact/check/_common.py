"""What every certificate kind shares: the header, exact numbers, the model and the domain.

Examples
--------
>>> from reluexact.domain import Box
>>> domain_to_json(Box([(0, 1), ("-1/2", 2)]))
{'box': [['0', '1'], ['-1/2', '2']]}
>>> domain_from_json({'box': [['0', '1'], ['-1/2', '2']]}, 2)
box[0,1;-1/2,2]
>>> number("-3/4", at="value")
Fraction(-3, 4)
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from reluexact.domain import Box, Domain, Polytope, Whole, as_domain
from reluexact.errors import CertificateError, ReluexactError
from reluexact.interop.json_io import network_from_json, network_to_json
from reluexact.model import TwoLayerReLU
from reluexact.rational import format_fraction, to_fraction

__all__ = [
    "FORMAT",
    "KINDS",
    "VERSION",
    "domain_from_json",
    "domain_to_json",
    "header",
    "model_of",
    "number",
    "numbers",
]

FORMAT = "reluexact-certificate"
VERSION = 1
#: The certificate kinds, each checked by ``reluexact.check.<kind>``.
KINDS: tuple[str, ...] = ("lipschitz", "maximize", "robustness")


def number(value: Any, *, at: str) -> Fraction:
    """An exact number from a ``"p/q"`` string or a JSON integer; floats and booleans are refused.

    Examples
    --------
    >>> number(3, at="value"), number("-1/2", at="value")
    (Fraction(3, 1), Fraction(-1, 2))
    >>> number(0.5, at="value")
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: value: expected an exact number ("p/q" string or integer), got 0.5
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise CertificateError(f'{at}: expected an exact number ("p/q" string or integer), got {value!r}')
    try:
        return to_fraction(value, where=at)
    except ReluexactError as error:
        raise CertificateError(str(error)) from None


def numbers(values: Any, *, at: str, length: int | None = None) -> tuple[Fraction, ...]:
    """A vector of exact numbers (see :func:`number`), of the given length when one is given.

    Examples
    --------
    >>> numbers(["1/2", 3], at="point", length=2)
    (Fraction(1, 2), Fraction(3, 1))
    >>> numbers(["1", 2], at="point", length=3)
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: point: expected 3 numbers, got 2
    """
    if not isinstance(values, list):
        raise CertificateError(f"{at}: expected a list of exact numbers, got {type(values).__name__}")
    if length is not None and len(values) != length:
        raise CertificateError(f"{at}: expected {length} numbers, got {len(values)}")
    return tuple(number(v, at=f"{at}[{i}]") for i, v in enumerate(values))


def model_of(document: Mapping[str, Any]) -> TwoLayerReLU:
    """The model embedded in a certificate document.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, -1], [[1, 1]], [0])
    >>> model_of(header("maximize", net, Whole(2))) == net
    True
    """
    try:
        return network_from_json(document.get("model"), where="certificate model")
    except ReluexactError as error:
        raise CertificateError(str(error)) from None


def domain_to_json(domain: Domain) -> dict[str, Any] | None:
    """A domain as certificate JSON: None for R^d, ``{"box": [[lo, hi], ...]}`` or ``{"A", "b"}`` (A x + b >= 0).

    Examples
    --------
    >>> domain_to_json(Whole(2)), domain_to_json(as_domain(([[1, 1]], [-1]), 2))
    (None, {'A': [['1', '1']], 'b': ['-1']})
    """
    if isinstance(domain, Whole):
        return None
    if isinstance(domain, Box):
        return {"box": [[format_fraction(lo), format_fraction(hi)] for lo, hi in domain.bounds]}
    if isinstance(domain, Polytope):
        return {
            "A": [[format_fraction(v) for v in row] for row in domain.A],
            "b": [format_fraction(v) for v in domain.b],
        }
    raise CertificateError(f"cannot write a domain of type {type(domain).__name__}")


def domain_from_json(value: Any, d: int) -> Domain:
    """The domain of a certificate document (the inverse of :func:`domain_to_json`).

    Examples
    --------
    >>> domain_from_json(None, 2), domain_from_json({"box": [["0", "1"], ["-1/2", 2]]}, 2)
    (R^2, box[0,1;-1/2,2])
    >>> domain_from_json({"A": [["1", "1"]], "b": ["-1"]}, 2) == as_domain(([[1, 1]], [-1]), 2)
    True
    """
    if value is None:
        return Whole(d)
    if not isinstance(value, Mapping):
        raise CertificateError(f'certificate "domain" must be null or an object, got {type(value).__name__}')
    try:
        if set(value) == {"box"}:
            pairs = value["box"]
            if not isinstance(pairs, list):
                raise CertificateError('certificate "domain.box" must be a list of [lo, hi] pairs')
            bounds = [numbers(p, at=f"domain.box[{k}]", length=2) for k, p in enumerate(pairs)]
            return as_domain(bounds, d, where="certificate domain")
        if set(value) == {"A", "b"}:
            rows = value["A"]
            if not isinstance(rows, list):
                raise CertificateError('certificate "domain.A" must be a list of rows')
            A = [numbers(r, at=f"domain.A[{i}]", length=d) for i, r in enumerate(rows)]
            b = numbers(value["b"], at="domain.b", length=len(A))
            return as_domain((A, b), d, where="certificate domain")
    except CertificateError:
        raise
    except ReluexactError as error:
        raise CertificateError(str(error)) from None
    raise CertificateError('certificate "domain" must be null, {"box": ...} or {"A": ..., "b": ...}')


def header(kind: str, net: TwoLayerReLU, domain: Domain) -> dict[str, Any]:
    """The fields every certificate document starts with (for the writers in ``reluexact.answers``).

    Examples
    --------
    >>> document = header("lipschitz", TwoLayerReLU([[1]], [0], [[1]], [0]), Whole(1))
    >>> document["format"], document["version"], document["kind"], document["domain"]
    ('reluexact-certificate', 1, 'lipschitz', None)
    """
    if kind not in KINDS:
        raise CertificateError(f"certificate kind {kind!r} is unknown; known kinds: {', '.join(KINDS)}")
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "model": network_to_json(net),
        "domain": domain_to_json(domain),
    }
