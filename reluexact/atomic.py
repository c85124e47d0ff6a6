"""Atomic file writes: a temporary file in the target's folder, then :func:`os.replace`.

An interrupted or failing write never leaves a half-written file behind: the
target either keeps its old content or gets the complete new one. Every file
reluexact writes (models, reports, figures) goes through :func:`atomic_write`.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = write_text_atomic(folder / "note.txt", "exact\\n")
>>> (folder / "note.txt").read_text()
'exact\\n'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from reluexact.errors import InvalidArgument

__all__ = ["atomic_write", "write_bytes_atomic", "write_text_atomic"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike[str], *, binary: bool = False) -> contextlib.AbstractContextManager[IO[Any]]:
    """Open ``path`` for writing so that it changes all at once, or not at all.

    A context manager yielding a file object open on a temporary file in the same
    folder (so the final rename stays on one file system). When the block ends
    normally the data is flushed, fsync'ed and renamed over ``path`` with
    :func:`os.replace` (atomic on POSIX and Windows). When the block raises, the
    temporary file is removed and ``path`` is untouched. The new file gets the
    permissions a plain ``open(path, "w")`` would give (or the old file's, if it existed).

    Parameters
    ----------
    path : str or os.PathLike
        The target file. Its folder must exist.
    binary : bool, keyword-only
        Open in binary mode (``"wb"``) instead of text (``"w"``, UTF-8, ``\\n`` newlines).

    Raises
    ------
    InvalidArgument
        When the target folder does not exist, ``path`` is a folder, or the folder is
        not writable.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "model.json"
    >>> with atomic_write(target) as handle:
    ...     _ = handle.write("{}")
    >>> target.read_text()
    '{}'
    >>> try:
    ...     with atomic_write(target) as handle:
    ...         _ = handle.write("half a mod")
    ...         raise KeyboardInterrupt
    ... except KeyboardInterrupt:
    ...     pass
    >>> target.read_text()  # unchanged
    '{}'
    """
    return _atomic_write(Path(path), binary=binary)


@contextlib.contextmanager
def _atomic_write(target: Path, *, binary: bool) -> Iterator[Any]:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidArgument(f"{target}: cannot write, the folder {folder} does not exist")
    if target.is_dir():
        raise InvalidArgument(f"{target}: cannot write a file there, it is a folder")
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:  # permissions, read-only file systems: the user's to fix, not a bug
        raise InvalidArgument(f"{target}: cannot write in {folder}: {error.strerror or error}") from None
    try:
        if binary:
            handle: IO[Any] = os.fdopen(descriptor, "wb")
        else:
            handle = os.fdopen(descriptor, "w", encoding="utf-8", newline="\n")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; see :func:`atomic_write`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_text_atomic(target, "1/3") == target
    True
    >>> target.read_text()
    '1/3'
    """
    with atomic_write(path) as handle:
        handle.write(text)
    return Path(path)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; see :func:`atomic_write`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.bin"
    >>> write_bytes_atomic(target, b"\\x00\\x01") == target
    True
    >>> target.read_bytes()
    b'\\x00\\x01'
    """
    with atomic_write(path, binary=True) as handle:
        handle.write(data)
    return Path(path)
