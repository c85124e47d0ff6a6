"""Independent checkers for saved certificate documents (``reluexact check-certificate``).

A certificate document is the ``--json`` output of ``maximize``, ``lipschitz`` or
``robustness``: one JSON object that embeds the model and the domain, so it can be re-verified
from the file alone. This package checks it with rational arithmetic and nothing else: it
imports no search code (no ``reluexact.regions``, no ``reluexact.lp``, no ``reluexact.answers``),
so a bug in the search cannot hide in the check.

The contract every kind follows:

* the document has ``"format": "reluexact-certificate"``, ``"version": 1``, ``"kind"``,
  ``"model"`` (the model JSON of :func:`reluexact.interop.json_io.network_to_json`) and
  ``"domain"`` (see :func:`reluexact.check._common.domain_to_json`);
* numbers are ``"p/q"`` strings or JSON integers, never floats;
* the module ``reluexact.check.<kind>`` defines ``check(document) -> str``, which returns a
  one-line summary of what holds or raises :class:`~reluexact.errors.CertificateError` naming the
  first claim that fails.

Examples
--------
>>> check_certificate({"format": "reluexact-certificate", "version": 1, "kind": "nonsense"})
Traceback (most recent call last):
...
reluexact.errors.CertificateError: certificate kind 'nonsense' is unknown; known kinds: lipschitz, maximize, robustness
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping
from typing import Any

from reluexact.check._common import FORMAT, KINDS, VERSION, header
from reluexact.errors import CertificateError

__all__ = ["FORMAT", "KINDS", "VERSION", "check_certificate", "header", "read_certificate"]


def check_certificate(document: Mapping[str, Any]) -> str:
    """Re-verify a certificate document; return a one-line summary or raise CertificateError.

    Examples
    --------
    >>> from reluexact import TwoLayerReLU
    >>> from reluexact.answers.extrema import extremum_document, maximize
    >>> net = TwoLayerReLU([[1], [-1]], [0, 0], [[1, 1]], [0])  # |x|
    >>> document = extremum_document(maximize(net, "-1,2"))
    >>> check_certificate(document)
    'maximum of f_1 over box[-1,2] is 2, attained at (2); 1 cell covers the domain'
    >>> check_certificate({**document, "value": "3"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: ...
    """
    if not isinstance(document, Mapping):
        raise CertificateError(f"a certificate is a JSON object, got {type(document).__name__}")
    if document.get("format") != FORMAT:
        raise CertificateError(f'not a reluexact certificate: "format" must be "{FORMAT}"')
    if document.get("version") != VERSION:
        version = document.get("version")
        raise CertificateError(f"certificate version {version!r} is not supported (this checker reads {VERSION})")
    kind = document.get("kind")
    if kind not in KINDS:
        raise CertificateError(f"certificate kind {kind!r} is unknown; known kinds: {', '.join(KINDS)}")
    module = importlib.import_module(f"reluexact.check.{kind}")
    summary: str = module.check(document)
    return summary


def read_certificate(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a certificate document from a JSON file (no floats are accepted later by the checks).

    Examples
    --------
    >>> import json, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "c.json")
    >>> with open(path, "w") as handle:
    ...     json.dump({"format": FORMAT, "version": VERSION, "kind": "maximize"}, handle)
    >>> read_certificate(path)["kind"]
    'maximize'
    >>> read_certificate(path + ".missing")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: ...c.json.missing: cannot read a certificate: ...
    """
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise CertificateError(f"{os.fspath(path)}: cannot read a certificate: {error}") from None
    if not isinstance(document, dict):
        raise CertificateError(f"{os.fspath(path)}: a certificate is a JSON object")
    return document
