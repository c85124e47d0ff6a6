"""Batch exact certification of sign vectors (region and facet points against every plane).

The signs come from :func:`reluexact.signs.certified_signs`, the one certified-sign helper
shared with :mod:`reluexact.model` and the engine: float values with an error bound valid at
every magnitude (subnormal to beyond float range) settle clear signs; the rest are evaluated
exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reluexact.errors import CertificationError
from reluexact.regions._engine import Engine
from reluexact.signs import certified_signs

__all__ = ["SignChecker", "unpack_bits"]


class SignChecker:
    """Batch exact check of sign vectors by :func:`reluexact.signs.certified_signs`.

    Float values with a bound proven valid at every magnitude settle clear signs; the rest
    (every point that must lie on a plane, and points very near one) are evaluated exactly.
    """

    def __init__(self, engine: Engine) -> None:
        self.e = engine
        self.points: list[tuple[Any, ...]] = []
        self.pos: list[int] = []
        self.zero: list[int] = []
        self.n_checks = 0
        self.n_exact = 0

    def add(self, point: tuple[Any, ...], pos: int, zero: int) -> None:
        self.points.append(point)
        self.pos.append(pos)
        self.zero.append(zero)

    def run(self) -> None:
        e = self.e
        P = e.P
        R = len(self.points)
        if R == 0 or P == 0:
            return
        nbytes = (P + 7) // 8
        # at most 2e6 signs and 16384 points a chunk: bounds the float work arrays at any P
        chunk = max(1, min(2_000_000 // max(P, 1), 16384))
        for lo in range(0, R, chunk):
            hi = min(R, lo + chunk)
            found = certified_signs(e.forms, self.points[lo:hi])
            self.n_checks += found.signs.size
            self.n_exact += found.exact_evaluations
            pos = unpack_bits(self.pos[lo:hi], nbytes, P)
            zer = unpack_bits(self.zero[lo:hi], nbytes, P)
            expected = np.where(zer, 0, np.where(pos, 1, -1))
            wrong = np.argwhere(found.signs != expected)
            if len(wrong):
                r, p = wrong[0].tolist()
                what = "is not exactly on" if zer[r, p] else "has the wrong sign on"
                raise CertificationError(
                    f"region/facet point {lo + r} {what} plane {p}: the enumeration is inconsistent "
                    "(please report this with the model)"
                )


def unpack_bits(masks: list[int], nbytes: int, P: int) -> np.ndarray:
    """Bit masks (ints) as a boolean array, one row per mask, P columns (bit k in column k).

    Examples
    --------
    >>> unpack_bits([0b101, 0b010], 1, 3).tolist()
    [[True, False, True], [False, True, False]]
    """
    if nbytes <= 8 and masks:  # masks below 2^64: one conversion to little-endian uint64 bytes
        arr = np.array(masks, dtype="<u8").view(np.uint8).reshape(len(masks), 8)[:, :nbytes]
    else:
        buf = b"".join(m.to_bytes(nbytes, "little") for m in masks)
        arr = np.frombuffer(buf, dtype=np.uint8).reshape(len(masks), nbytes)
    return np.unpackbits(arr, axis=1, bitorder="little")[:, :P].astype(bool)
