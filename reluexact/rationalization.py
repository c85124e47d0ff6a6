"""Rationalise trained float weights into an exact network, with a certificate.

The float network g (its weights taken at their exact binary values, so g is the
function the floats define) and its rationalisation f = A' relu(W'x + b') + c'
differ on a box B by at most

    |g_k(x) - f_k(x)| <= sum_i |A_ki - A'_ki| max_B relu(w_i.x + b_i)
                         + sum_i |A'_ki| max_B |(w_i - w'_i).x + (b_i - b'_i)|
                         + |c_k - c'_k|

because relu is 1-Lipschitz. Each maximum of an affine function over a box is
attained at a vertex and computed coordinate-wise, so the bound is exact
rational arithmetic and rigorous: no float enters it.

Examples
--------
>>> result = rationalize_network([[0.1]], [0.2], [[3.0]], [0.0],
...     how=Rationalization("denominator", 10), box=[("-1", "1")])
>>> result.network.hidden_weights, result.network.hidden_bias
(((Fraction(1, 10),),), (Fraction(1, 5),))
>>> result.certificate.output_bound[0] < Fraction(1, 10**15)
True
>>> rationalize_network([[0.1]], [0.2], [[3.0]], [0.0]).certificate.is_lossless
True
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reluexact.domain import Box, DomainLike, as_box
from reluexact.errors import InvalidArgument, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.rational import Rationalization, rationalize

__all__ = [
    "RationalizationCertificate",
    "RationalizationResult",
    "certify_change",
    "parse_box",
    "rationalize_network",
]

_warned: set[str] = set()


def parse_box(
    box: DomainLike, dimension: int | None = None, *, where: str = "box"
) -> tuple[tuple[Fraction, Fraction], ...]:
    """Deprecated: use :func:`reluexact.domain.as_domain` (it returns a :class:`~reluexact.domain.Box`).

    Reads a box as before, returning its ``(lo, hi)`` pairs; warns once with a
    DeprecationWarning. Without ``dimension`` the box has as many inputs as it has sides.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     parse_box("-1,1;0,1/2")
    ((Fraction(-1, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 2)))
    """
    if "parse_box" not in _warned:
        _warned.add("parse_box")
        warnings.warn(
            "reluexact.parse_box is deprecated; use reluexact.as_domain(box, d), which returns a Box "
            "(its .bounds are the pairs parse_box returned)",
            DeprecationWarning,
            stacklevel=2,
        )
    return as_box(box, dimension, needed_by="parse_box", where=where).bounds


def _max_affine_on_box(coefficients: Sequence[Fraction], constant: Fraction, box: Box) -> Fraction:
    pairs = zip(coefficients, box.bounds, strict=True)
    return constant + sum((max(w * lo, w * hi) for w, (lo, hi) in pairs), Fraction(0))


def _max_abs_affine_on_box(coefficients: Sequence[Fraction], constant: Fraction, box: Box) -> Fraction:
    upper = _max_affine_on_box(coefficients, constant, box)
    lower = -_max_affine_on_box([-w for w in coefficients], -constant, box)
    return max(abs(upper), abs(lower))


@dataclass(frozen=True, slots=True)
class RationalizationCertificate:
    """What a rationalisation changed, certified exactly.

    Attributes
    ----------
    how : Rationalization
        The mode used.
    max_weight_change : Fraction
        max over all weights of |float value - rational value| (exact).
    box : Box or None
        The box the output bound holds on (a :class:`reluexact.domain.Box`).
    output_bound : tuple of Fraction or None
        For each output k, a rigorous bound on sup_box |g_k - f_k| (g: float net at its
        exact binary value, f: the rational net). ``None`` when no box was given and
        the change is not zero (the difference is then unbounded on R^d in general).

    Examples
    --------
    >>> certificate = rationalize_network([[0.5]], [0.1], [[1.0]], [0.0], how="decimals:1", box="0,1").certificate
    >>> certificate.is_lossless, float(certificate.output_bound[0]) < 1e-16
    (False, True)
    """

    how: Rationalization
    max_weight_change: Fraction
    box: Box | None
    output_bound: tuple[Fraction, ...] | None

    @property
    def is_lossless(self) -> bool:
        """True when every weight is unchanged (the functions are identical).

        Examples
        --------
        >>> from reluexact import rationalize_network
        >>> rationalize_network([[0.1]], [0], [[1]], [0]).certificate.is_lossless  # 0.1 at its exact binary value
        True
        >>> rationalize_network([[0.1]], [0], [[1]], [0], how="denominator:10").certificate.is_lossless  # now 1/10
        False
        """
        return self.max_weight_change == 0


@dataclass(frozen=True, slots=True)
class RationalizationResult:
    """An exact network and the certificate of what its rationalisation changed.

    Examples
    --------
    >>> result = rationalize_network([[0.25]], [0.0], [[1.0]], [0.0])
    >>> result.network, result.certificate.is_lossless
    (TwoLayerReLU(d=1, n=1, m=1), True)
    """

    network: TwoLayerReLU
    certificate: RationalizationCertificate


def rationalize_network(
    W: Any,
    b: Any = None,
    A: Any = None,
    c: Any = None,
    *,
    how: Rationalization | str | None = None,
    box: DomainLike = None,
) -> RationalizationResult:
    """Rationalise float weights (or an existing network) and certify the change.

    Parameters
    ----------
    W, b, A, c : array-likes of floats (or exact numbers)
        The weights; alternatively pass a :class:`TwoLayerReLU` as ``W`` alone to
        re-rationalise an exact network (for example to shorten denominators).
    how : Rationalization or str, optional
        ``"lossless"`` (default), ``"tolerance:T"``, ``"denominator:Q"``, ``"decimals:K"``.
    box : DomainLike, optional
        The box where to bound |f_float - f_exact|, in any form
        :func:`reluexact.domain.as_domain` reads (``"lo,hi"`` is the same interval for
        every input; a polytope is refused). Without it the bound is given only when the
        rationalisation is lossless (then it is 0 everywhere).

    Returns
    -------
    RationalizationResult
        ``.network`` (exact) and ``.certificate``.

    Examples
    --------
    >>> r = rationalize_network([[0.3]], [-0.7], [[1.5]], [2.0], how="decimals:1", box=[(0, 1)])
    >>> r.network.W, r.network.b
    (((Fraction(3, 10),),), (Fraction(-7, 10),))
    >>> float(r.certificate.output_bound[0]) < 1e-15
    True
    """
    if isinstance(how, str):
        how = Rationalization.parse(how)
    how = how or Rationalization()
    if isinstance(W, TwoLayerReLU):
        if b is not None or A is not None or c is not None:
            raise InvalidArgument("pass either a TwoLayerReLU alone or the four arrays W, b, A, c, not both")
        source = W
    else:
        if b is None or A is None or c is None:
            raise ShapeError("rationalize_network needs W, b, A and c (or a TwoLayerReLU as its only argument)")
        source = TwoLayerReLU.from_float_arrays(W, b, A, c)
    d = source.input_dim
    if how.mode == "lossless":  # exact values already: nothing changes, the immutable source is the result
        exact_box = _certificate_box(box, d)
        zeros = tuple(Fraction(0) for _ in range(source.output_dim))
        return RationalizationResult(source, RationalizationCertificate(how, Fraction(0), exact_box, zeros))

    def convert(matrix: Sequence[Sequence[Fraction]], name: str) -> tuple[tuple[Fraction, ...], ...]:
        return tuple(
            tuple(rationalize(v, how, where=f"{name}[{i}][{j}]") for j, v in enumerate(row))
            for i, row in enumerate(matrix)
        )

    W2 = convert(source.W, "W")
    b2 = tuple(rationalize(v, how, where=f"b[{i}]") for i, v in enumerate(source.b))
    A2 = convert(source.A, "A")
    c2 = tuple(rationalize(v, how, where=f"c[{k}]") for k, v in enumerate(source.c))
    network = TwoLayerReLU(W2, b2, A2, c2, input_dim=d)

    return RationalizationResult(network, certify_change(source, network, how=how, box=_certificate_box(box, d)))


def _certificate_box(box: DomainLike, d: int) -> Box | None:
    return None if box is None else as_box(box, d, needed_by="the rationalisation bound", where="box")


def certify_change(
    source: TwoLayerReLU, target: TwoLayerReLU, *, how: Rationalization | str | None = None, box: DomainLike = None
) -> RationalizationCertificate:
    """Certify how far ``target`` is from ``source``: two networks with the same units, compared exactly.

    The certificate :func:`rationalize_network` returns, for any pair of networks of
    the same shape (d, n, m) whose unit i corresponds to unit i: for example a
    network and its float64 rounding as written to an ``.npz`` file.

    Parameters
    ----------
    source, target : TwoLayerReLU
        Same d, n and m.
    how : Rationalization or str, optional
        Recorded in the certificate (default lossless).
    box : DomainLike, optional
        The box where the output bound holds (see :func:`rationalize_network`).

    Raises
    ------
    ShapeError
        When the shapes differ.

    Examples
    --------
    >>> g = TwoLayerReLU([[1]], ["1/3"], [[2]], [0])
    >>> f = TwoLayerReLU([[1]], ["1/2"], [[2]], [0])
    >>> certify_change(g, f, box="0,1").output_bound
    (Fraction(1, 3),)
    """
    if isinstance(how, str):
        how = Rationalization.parse(how)
    how = how or Rationalization()
    shapes = [(net.input_dim, net.n_hidden, net.output_dim) for net in (source, target)]
    if shapes[0] != shapes[1]:
        raise ShapeError(f"cannot compare networks of shapes (d, n, m) = {shapes[0]} and {shapes[1]}")
    changes = [abs(x - y) for r1, r2 in zip(source.W, target.W, strict=True) for x, y in zip(r1, r2, strict=True)]
    changes += [abs(x - y) for x, y in zip(source.b, target.b, strict=True)]
    changes += [abs(x - y) for r1, r2 in zip(source.A, target.A, strict=True) for x, y in zip(r1, r2, strict=True)]
    changes += [abs(x - y) for x, y in zip(source.c, target.c, strict=True)]
    max_change = max(changes, default=Fraction(0))
    exact_box = _certificate_box(box, source.input_dim)
    bound: tuple[Fraction, ...] | None
    if exact_box is not None:
        bound = _output_bound(source, target, exact_box)
    elif max_change == 0:
        bound = tuple(Fraction(0) for _ in range(source.output_dim))
    else:
        bound = None
    return RationalizationCertificate(how, max_change, exact_box, bound)


def _output_bound(g: TwoLayerReLU, f: TwoLayerReLU, box: Box) -> tuple[Fraction, ...]:
    relu_max = [max(Fraction(0), _max_affine_on_box(w, bias, box)) for w, bias in zip(g.W, g.b, strict=True)]
    delta = [
        _max_abs_affine_on_box([x - y for x, y in zip(w1, w2, strict=True)], b1 - b2, box)
        for w1, b1, w2, b2 in zip(g.W, g.b, f.W, f.b, strict=True)
    ]
    bounds = []
    for row_g, row_f, c_g, c_f in zip(g.A, f.A, g.c, f.c, strict=True):
        total = abs(c_g - c_f)
        for i in range(g.n_hidden):
            total += abs(row_g[i] - row_f[i]) * relu_max[i] + abs(row_f[i]) * delta[i]
        bounds.append(total)
    return tuple(bounds)
