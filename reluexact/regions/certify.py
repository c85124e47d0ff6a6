"""Batch exact certification of sign vectors (region and facet points against every plane).

Float values with a proven error bound settle clear signs; the rest are evaluated exactly.
(Moved unchanged from the enumeration module; one certified-sign helper shared with
``reluexact.model`` and the engine is planned to replace the float test here.)
"""

from __future__ import annotations

from typing import Any

import flint
import numpy as np

from reluexact.errors import CertificationError
from reluexact.regions._engine import Engine, float_matrix

__all__ = ["SignChecker", "unpack_bits"]


class SignChecker:
    """Batch exact check of sign vectors: float values with a proven error bound, exact otherwise."""

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
        P, d = e.P, e.d
        R = len(self.points)
        if R == 0 or P == 0:
            return
        nbytes = (P + 7) // 8
        chunk = max(1, 2_000_000 // max(P, 1))
        for lo in range(0, R, chunk):
            hi = min(R, lo + chunk)
            X = float_matrix(self.points[lo:hi], d)
            with np.errstate(all="ignore"):  # inf/nan entries are checked exactly below
                V = X @ e.Nf.T + e.of
                S = np.abs(X) @ e.Nabs.T + e.oabs
                err = e.err_factor * S + 1e-300
            pos = unpack_bits(self.pos[lo:hi], nbytes, P)
            zer = unpack_bits(self.zero[lo:hi], nbytes, P)
            sure = (np.abs(V) > err) & np.isfinite(V) & np.isfinite(err)
            expected = np.where(pos, 1.0, -1.0)
            bad = sure & ((np.sign(V) != expected) | zer)
            if np.any(bad):
                r, p = np.argwhere(bad)[0]
                raise CertificationError(
                    f"region/facet point {lo + int(r)} has the wrong sign on plane {int(p)}: the "
                    "enumeration is inconsistent (please report this with the model)"
                )
            self.n_checks += V.size
            unsure = ~sure
            by_plane: dict[int, list[int]] = {}
            rz, pz = np.nonzero(unsure & zer)
            if len(pz):
                order = np.argsort(pz, kind="stable")
                rz, pz = rz[order], pz[order]
                cuts = np.flatnonzero(np.diff(pz)) + 1
                for rows_p, planes_p in zip(np.split(rz, cuts), np.split(pz, cuts), strict=True):
                    by_plane[int(planes_p[0])] = (rows_p + lo).tolist()
            for r, p in np.argwhere(unsure & ~zer).tolist():
                self.n_exact += 1
                v = e.evaluate_plane(p, self.points[lo + r])
                if not (v > 0 if pos[r, p] else v < 0):
                    raise CertificationError(
                        f"region/facet point {lo + r} has the wrong exact sign on plane {p}: the enumeration "
                        "is inconsistent (please report this with the model)"
                    )
            # points that must lie exactly on a plane: one exact matrix product per plane
            for p, rows in by_plane.items():
                self.n_exact += len(rows)
                cols = flint.fmpq_mat(
                    d + 1, len(rows), [v for i in range(d) for v in (self.points[r][i] for r in rows)] + [1] * len(rows)
                )
                vals = flint.fmpq_mat(1, d + 1, [*e.normals[p], e.offsets[p]]) * cols
                if any(v != 0 for v in vals.entries()):
                    raise CertificationError(
                        f"a facet point is not exactly on plane {p}: the enumeration is inconsistent "
                        "(please report this with the model)"
                    )


def unpack_bits(masks: list[int], nbytes: int, P: int) -> np.ndarray:
    """Bit masks (ints) as a boolean array, one row per mask, P columns (bit k in column k)."""
    buf = b"".join(m.to_bytes(nbytes, "little") for m in masks)
    arr = np.frombuffer(buf, dtype=np.uint8).reshape(len(masks), nbytes)
    return np.unpackbits(arr, axis=1, bitorder="little")[:, :P].astype(bool)
