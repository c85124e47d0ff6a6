"""Sign cells and their proofs, checked with rational arithmetic (for the maximize and lipschitz kinds).

A *sign vector* is a string with one character per hidden unit: ``"1"`` (``w_i . x + b_i >= 0``),
``"0"`` (``<= 0``) or ``"*"`` (free). The rows ``M x + p >= 0`` of its cell are the domain's sides
(:func:`reluexact.domain.halfspaces`, in that order) followed by ``s_i (w_i . x + b_i)`` for the
assigned units in increasing order (s_i = +1 for ``"1"``, -1 for ``"0"``). Multipliers are
sparse: a list of ``[row, "p/q"]`` pairs.

What makes a list of leaves complete (:func:`check_cover`): the leaves must be the leaves of a
tree of sign splits rooted at the all-free vector, where a node splits on one unit into its
``"1"`` and ``"0"`` children. The closed cells of two children cover their parent's cell, so the
leaves cover the domain. The check rebuilds the tree: at a node, a unit assigned by every leaf
below it (and not by the node) is a valid split; splitting on any such unit first is always
possible when the leaves come from some split tree (restricting a tree to one sign of a unit
assigned in all its leaves gives a tree again), so the greedy reconstruction fails exactly when
the leaves are not the leaves of a split tree.

Examples
--------
>>> check_cover(["1*", "01", "00"], 2)
>>> check_cover(["1*", "01"], 2)
Traceback (most recent call last):
...
reluexact.errors.CertificateError: the leaves do not cover the domain: nothing covers the cell '00'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from reluexact.check._common import number, numbers
from reluexact.domain import Domain, halfspaces
from reluexact.errors import CertificateError
from reluexact.model import TwoLayerReLU

__all__ = [
    "FREE",
    "cell_rows",
    "check_cover",
    "check_empty",
    "check_leaves",
    "check_upper_bound",
    "domain_sides",
    "multipliers",
    "point_of",
    "preactivations",
    "side_values",
    "sign_vector",
]

FREE = "*"
Vector = tuple[Fraction, ...]


def sign_vector(value: Any, n: int, *, at: str, free: bool = True) -> str:
    """A sign vector of length n ("1", "0" and, when ``free``, "*").

    Examples
    --------
    >>> sign_vector("1*", 2, at="leaf 0")
    '1*'
    >>> sign_vector("1*", 2, at="region pattern", free=False)
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: region pattern: expected a string of 2 characters from '10', got '1*'
    """
    allowed = "10*" if free else "10"
    if not isinstance(value, str) or len(value) != n or any(ch not in allowed for ch in value):
        raise CertificateError(f"{at}: expected a string of {n} characters from {allowed!r}, got {value!r}")
    return value


def point_of(value: Any, d: int, *, at: str) -> Vector:
    """A point of R^d (d exact numbers).

    Examples
    --------
    >>> point_of(["1/2", 3], 2, at="point")
    (Fraction(1, 2), Fraction(3, 1))
    """
    return numbers(value, at=at, length=d)


def preactivations(net: TwoLayerReLU, x: Vector) -> Vector:
    """w_i . x + b_i for every unit, exact.

    Examples
    --------
    >>> net = TwoLayerReLU([[1, 0], [0, 1]], [0, -1], [[1, 1]], [0])
    >>> preactivations(net, (Fraction(1, 2), Fraction(3)))
    (Fraction(1, 2), Fraction(2, 1))
    """
    return tuple(
        sum((w * v for w, v in zip(row, x, strict=True)), bias) for row, bias in zip(net.W, net.b, strict=True)
    )


def side_values(domain: Domain, x: Vector) -> Vector:
    """normal . x + offset for every side of the domain.

    Examples
    --------
    >>> from reluexact.domain import as_domain
    >>> side_values(as_domain("0,1;0,1", 2), (Fraction(1, 4), Fraction(1, 2)))  # x1, 1 - x1, x2, 1 - x2
    (Fraction(1, 4), Fraction(3, 4), Fraction(1, 2), Fraction(1, 2))
    """
    return tuple(
        sum((Fraction(w) * v for w, v in zip(h.normal, x, strict=True)), Fraction(h.offset)) for h in halfspaces(domain)
    )


def domain_sides(domain: Domain) -> tuple[list[Vector], list[Fraction]]:
    """The domain's sides as rows ``M x + p >= 0`` (:func:`reluexact.domain.halfspaces`, in order).

    Examples
    --------
    >>> from reluexact.domain import as_domain
    >>> rows, offsets = domain_sides(as_domain("0,1", 1))
    >>> rows, offsets  # x >= 0 and -x + 1 >= 0
    ([(Fraction(1, 1),), (Fraction(-1, 1),)], [Fraction(0, 1), Fraction(1, 1)])
    """
    sides = halfspaces(domain)
    return [tuple(Fraction(v) for v in h.normal) for h in sides], [Fraction(h.offset) for h in sides]


def cell_rows(
    net: TwoLayerReLU, sides: tuple[list[Vector], list[Fraction]], signs: str
) -> tuple[list[Vector], list[Fraction]]:
    """The rows ``M x + p >= 0`` of the cell of a sign vector (domain sides first, then the assigned units).

    ``sides`` is :func:`domain_sides` of the domain (computed once per search or check).

    Examples
    --------
    >>> from reluexact.domain import as_domain
    >>> net = TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0])
    >>> rows, offsets = cell_rows(net, domain_sides(as_domain("0,2", 1)), "*0")  # unit 2 inactive: -(x - 1) >= 0
    >>> rows[-1], offsets[-1], len(rows)
    ((Fraction(-1, 1),), Fraction(1, 1), 3)
    """
    rows, offsets = list(sides[0]), list(sides[1])
    for i, s in enumerate(signs):
        if s != FREE:
            sign = 1 if s == "1" else -1
            rows.append(tuple(sign * v for v in net.W[i]))
            offsets.append(sign * net.b[i])
    return rows, offsets


def multipliers(value: Any, length: int, *, at: str) -> Vector:
    """Dense non-negative multipliers from sparse ``[row, "p/q"]`` pairs over ``length`` rows.

    Examples
    --------
    >>> multipliers([[2, "1/2"]], 4, at="dual")
    (Fraction(0, 1), Fraction(0, 1), Fraction(1, 2), Fraction(0, 1))
    >>> multipliers([[0, "-1"]], 4, at="dual")
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: dual[0]: a multiplier must be >= 0, got -1
    """
    if not isinstance(value, list):
        raise CertificateError(f'{at}: expected a list of [row, "p/q"] pairs, got {type(value).__name__}')
    dense = [Fraction(0)] * length
    seen: set[int] = set()
    for k, pair in enumerate(value):
        if not isinstance(pair, list) or len(pair) != 2:
            raise CertificateError(f'{at}[{k}]: expected a [row, "p/q"] pair, got {pair!r}')
        row = pair[0]
        if isinstance(row, bool) or not isinstance(row, int) or not 0 <= row < length or row in seen:
            raise CertificateError(f"{at}[{k}]: row {row!r} is not a new row index in 0..{length - 1}")
        seen.add(row)
        y = number(pair[1], at=f"{at}[{k}]")
        if y < 0:
            raise CertificateError(f"{at}[{k}]: a multiplier must be >= 0, got {y}")
        dense[row] = y
    return tuple(dense)


def _combination(rows: Sequence[Vector], y: Vector, d: int) -> list[Fraction]:
    total = [Fraction(0)] * d
    for row, weight in zip(rows, y, strict=True):
        if weight:
            for j in range(d):
                total[j] += weight * row[j]
    return total


def check_upper_bound(
    rows: Sequence[Vector],
    offsets: Sequence[Fraction],
    y: Vector,
    gradient: Sequence[Fraction],
    constant: Fraction,
    bound: Fraction,
    *,
    at: str,
) -> None:
    """Check that ``y`` proves ``gradient . x + constant <= bound`` on ``{M x + p >= 0}``.

    The proof: ``y >= 0`` and ``M^T y = -gradient``, so ``gradient . x = -y . (M x) <= y . p``
    on the cell, and ``y . p + constant <= bound``.

    Examples
    --------
    >>> rows, offsets = [(Fraction(1),), (Fraction(-1),)], [Fraction(0), Fraction(1)]  # 0 <= x <= 1
    >>> y = (Fraction(0), Fraction(2))  # 2 x = -2 (-x + 1) + 2 <= 2
    >>> check_upper_bound(rows, offsets, y, [Fraction(2)], Fraction(0), Fraction(2), at="leaf 0")
    >>> check_upper_bound(rows, offsets, y, [Fraction(2)], Fraction(0), Fraction(1), at="leaf 0")
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: leaf 0: the multipliers prove only 2, more than the claimed bound 1
    """
    d = len(gradient)
    combination = _combination(rows, y, d)
    if any(combination[j] != -gradient[j] for j in range(d)):
        raise CertificateError(f"{at}: the multipliers do not reproduce the bounded function (M^T y != -gradient)")
    total = sum((weight * p for weight, p in zip(y, offsets, strict=True)), constant)
    if total > bound:
        raise CertificateError(f"{at}: the multipliers prove only {total}, more than the claimed bound {bound}")


def check_empty(
    rows: Sequence[Vector], offsets: Sequence[Fraction], y: Vector, d: int, *, strict: bool, at: str
) -> None:
    """Check a Farkas (``strict=False``: no x with M x + p >= 0) or Gordan (``strict``: none with > 0) proof.

    ``y >= 0``, ``y != 0``, ``M^T y = 0`` and ``y . p < 0`` (``<= 0`` for the strict system): then
    ``0 <= y . (M x + p) = y . p`` (``<`` when strict) for any solution x, a contradiction.

    Examples
    --------
    >>> rows, offsets = [(Fraction(1),), (Fraction(-1),)], [Fraction(-2), Fraction(1)]  # x >= 2 and x <= 1
    >>> check_empty(rows, offsets, (Fraction(1), Fraction(1)), 1, strict=False, at="leaf 0")
    >>> check_empty(rows, offsets, (Fraction(1), Fraction(0)), 1, strict=False, at="leaf 0")
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: leaf 0: the emptiness multipliers do not cancel the rows (M^T y != 0)
    """
    if not any(y):
        raise CertificateError(f"{at}: the emptiness multipliers are all zero")
    if any(v != 0 for v in _combination(rows, y, d)):
        raise CertificateError(f"{at}: the emptiness multipliers do not cancel the rows (M^T y != 0)")
    total = sum((weight * p for weight, p in zip(y, offsets, strict=True)), Fraction(0))
    if total > 0 or (total == 0 and not strict):
        raise CertificateError(f"{at}: the emptiness multipliers give y . p = {total}, which proves nothing")


def check_cover(signs: Sequence[str], n: int) -> None:
    """Check that the sign vectors are the leaves of a tree of sign splits (so their cells cover the domain).

    Examples
    --------
    >>> check_cover(["1*", "01", "00"], 2)
    >>> check_cover(["1*", "0*", "00"], 2)  # "0*" and "00" overlap: not the leaves of one split tree
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: the leaves do not cover the domain: no unit splits the cell '0*' ...
    """
    if not signs:
        raise CertificateError("the certificate has no leaves, so it covers nothing")

    def node(path: str, members: list[str]) -> None:
        if len(members) == 1 and members[0] == path:
            return
        split = next(
            (i for i in range(n) if path[i] == FREE and all(member[i] != FREE for member in members)),
            None,
        )
        if split is None:
            listed = ", ".join(repr(member) for member in members[:3]) + (", ..." if len(members) > 3 else "")
            raise CertificateError(
                f"the leaves do not cover the domain: no unit splits the cell {path!r} (leaves {listed})"
            )
        for s in "10":
            part = [member for member in members if member[split] == s]
            child = path[:split] + s + path[split + 1 :]
            if not part:
                raise CertificateError(f"the leaves do not cover the domain: nothing covers the cell {child!r}")
            node(child, part)

    node(FREE * n, list(signs))


def check_leaves(
    leaves: Any,
    net: TwoLayerReLU,
    sides: tuple[list[Vector], list[Fraction]],
    *,
    strict: bool,
    bounded: Callable[[Mapping[str, Any], str, str], None],
) -> str:
    """Check a certificate's ``"leaves"``: each an emptiness proof or bounded, and together a cover.

    Each leaf is an object with a sign vector ``"signs"`` (:func:`sign_vector`); a leaf with
    ``"empty"`` multipliers is checked by :func:`check_empty` (``strict``: Gordan, else Farkas)
    over its :func:`cell_rows`, any other by ``bounded(leaf, signs, at)``, which raises
    CertificateError when the leaf's bound does not hold. Last, :func:`check_cover`. Returns
    the summary's phrase ("3 cells cover the domain").

    Examples
    --------
    >>> from reluexact.domain import as_domain
    >>> net = TwoLayerReLU([[1]], [0], [[1]], [0])
    >>> sides = domain_sides(as_domain("1,2", 1))
    >>> seen = []
    >>> leaves = [{"signs": "1"}, {"signs": "0", "empty": [[0, "1"], [2, "1"]]}]
    >>> check_leaves(leaves, net, sides, strict=False, bounded=lambda leaf, signs, at: seen.append(at))
    '2 cells cover the domain'
    >>> seen
    ['leaf 0']
    >>> check_leaves([{"signs": "1"}], net, sides, strict=False, bounded=lambda *args: None)
    Traceback (most recent call last):
    ...
    reluexact.errors.CertificateError: the leaves do not cover the domain: nothing covers the cell '0'
    """
    if not isinstance(leaves, list):
        raise CertificateError('"certificate.leaves" must be a list')
    n, d = net.n_hidden, net.input_dim
    seen = []
    for k, leaf in enumerate(leaves):
        at = f"leaf {k}"
        if not isinstance(leaf, Mapping):
            raise CertificateError(f"{at}: expected an object")
        signs = sign_vector(leaf.get("signs"), n, at=f"{at} signs")
        seen.append(signs)
        if "empty" in leaf:
            rows, offsets = cell_rows(net, sides, signs)
            y = multipliers(leaf["empty"], len(rows), at=f"{at} empty")
            check_empty(rows, offsets, y, d, strict=strict, at=at)
        else:
            bounded(leaf, signs, at)
    check_cover(seen, n)
    return f"{len(leaves)} {'cell covers' if len(leaves) == 1 else 'cells cover'} the domain"
