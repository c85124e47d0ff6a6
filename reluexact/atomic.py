"""Outputs that never destroy: every file reluexact writes goes through :func:`staged_output`.

The new content goes to a temporary file in the target's folder, is fsync'ed, and
is renamed over the target only when the whole write (and any check the caller
runs on the temporary file) succeeded. A failing or interrupted run leaves the
old file byte-identical and no temporary file behind.

Before anything is written the target is checked (:func:`check_target`); it is
refused with :class:`OutputRefused` when it

* exists and is not a regular file (a device node, a FIFO, a socket, a folder),
  or names a file descriptor (``/proc/self/fd/N``, ``/dev/stdout``, ``/dev/fd/N``):
  replacing those would destroy something that is not a file of yours;
* is read-only (by its mode bits), unless ``force`` (``--force`` on the command line);
* is the same file (:func:`os.path.samefile`, so through symlinks and hard links)
  as an input of the run: the inputs passed as ``inputs=`` or declared for the
  whole run with :func:`output_guard`.

A symlink to a regular file is written through (the link stays, the file it
names gets the new content), as ``open(path, "w")`` would. The new file gets the
permissions a plain ``open(path, "w")`` gives (umask), or the old file's.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = write_text_atomic(folder / "note.txt", "exact\\n")
>>> (folder / "note.txt").read_text()
'exact\\n'
>>> _ = (folder / "note.txt").chmod(0o444)
>>> write_text_atomic(folder / "note.txt", "other")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
reluexact.atomic.OutputRefused: .../note.txt: is read-only; pass --force (force=True) to replace it, or choose \
another path
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from reluexact.errors import InvalidArgument

__all__ = [
    "OutputRefused",
    "WriteLog",
    "atomic_write",
    "check_target",
    "output_guard",
    "staged_output",
    "write_bytes_atomic",
    "write_text_atomic",
]

PathLike = str | os.PathLike[str]

#: Paths that name file descriptors or kernel objects, never files to replace.
_DESCRIPTOR_PREFIXES = ("/proc/", "/dev/fd/", "/dev/stdin", "/dev/stdout", "/dev/stderr", "/sys/")


class OutputRefused(InvalidArgument):
    """An output path reluexact will not write: replacing it would destroy something."""


@dataclass(eq=False)
class WriteLog:
    """What a run guarded by :func:`output_guard` wrote.

    Attributes
    ----------
    written : list of pathlib.Path
        Targets replaced or created, in order (as the caller named them).
    in_progress : pathlib.Path or None
        The target being written now (None between writes).
    """

    written: list[Path] = field(default_factory=list)
    in_progress: Path | None = None


@dataclass(frozen=True)
class _Guard:
    inputs: tuple[str, ...]
    force: bool
    log: WriteLog


_GUARD: contextvars.ContextVar[_Guard | None] = contextvars.ContextVar("reluexact_output_guard", default=None)
#: Temporary files being filled by :func:`staged_output`: writing one of them writes it directly.
_STAGING: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("reluexact_staging", default=frozenset())


@contextlib.contextmanager
def output_guard(*, inputs: Iterable[PathLike] = (), force: bool = False) -> Iterator[WriteLog]:
    """Declare the inputs of a run (never overwritten) and ``force``, for every write inside the block.

    The command line wraps each subcommand in one, so that library writers deep
    inside (a report's companion JSON, its PDF) refuse the run's input files too.
    Yields the :class:`WriteLog` of the block.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> model = pathlib.Path(tempfile.mkdtemp()) / "m.json"
    >>> _ = model.write_text("{}")
    >>> with output_guard(inputs=[model]) as log:
    ...     _ = write_text_atomic(model.with_name("out.txt"), "ok")
    ...     write_text_atomic(model, "oops")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.atomic.OutputRefused: .../m.json: is the input .../m.json; choose another output path
    >>> [p.name for p in log.written], model.read_text()
    (['out.txt'], '{}')
    """
    outer = _GUARD.get()
    declared = tuple(os.fspath(p) for p in inputs)
    log = WriteLog()
    guard = _Guard(
        inputs=declared + (outer.inputs if outer else ()), force=force or bool(outer and outer.force), log=log
    )
    token = _GUARD.set(guard)
    try:
        yield log
    finally:
        _GUARD.reset(token)


def check_target(path: PathLike, *, inputs: Iterable[PathLike] = (), force: bool = False) -> Path:
    """Check that ``path`` may be (re)written; return the real path the write goes to.

    Parameters
    ----------
    path : str or os.PathLike
        The output the caller names.
    inputs : iterable of paths, keyword-only
        Files the run read; ``path`` must not be one of them (those of an enclosing
        :func:`output_guard` count too).
    force : bool, keyword-only
        Replace a read-only file (never a device, FIFO, socket, folder or input).

    Raises
    ------
    OutputRefused
        For the cases listed in the module docstring.
    InvalidArgument
        When the target's folder does not exist.

    Examples
    --------
    >>> check_target("/dev/null")
    Traceback (most recent call last):
    ...
    reluexact.atomic.OutputRefused: /dev/null: is a character device, not a regular file; reluexact replaces only \
regular files, so name a file path instead (nothing was written)
    """
    guard = _GUARD.get()
    force = force or bool(guard and guard.force)
    named = os.fspath(path)
    _refuse_descriptor_paths(named)
    real = Path(os.path.realpath(named))
    if os.path.realpath(named) in _STAGING.get():
        return real
    folder = real.parent
    if not folder.is_dir():
        raise InvalidArgument(f"{named}: cannot write, the folder {Path(named).parent} does not exist")
    try:
        status = os.stat(real)
    except FileNotFoundError:
        return real
    except OSError as error:
        raise OutputRefused(f"{named}: cannot inspect the target: {error.strerror or error}") from None
    if stat.S_ISDIR(status.st_mode):
        raise OutputRefused(f"{named}: cannot write a file there, it is a folder")
    if not stat.S_ISREG(status.st_mode):
        raise OutputRefused(
            f"{named}: is a {_kind(status.st_mode)}, not a regular file; reluexact replaces only regular files, "
            "so name a file path instead (nothing was written)"
        )
    for source in (*(os.fspath(p) for p in inputs), *(guard.inputs if guard else ())):
        with contextlib.suppress(OSError):
            if os.path.samefile(real, source):
                raise OutputRefused(f"{named}: is the input {source}; choose another output path")
    if not force and _read_only(status):
        raise OutputRefused(f"{named}: is read-only; pass --force (force=True) to replace it, or choose another path")
    return real


def _refuse_descriptor_paths(named: str) -> None:
    hop = os.path.abspath(named)
    for _ in range(40):  # follow the symlink chain by hand: realpath of /proc/self/fd/N is not a path
        hop = os.path.join(os.path.realpath(os.path.dirname(hop)), os.path.basename(hop))  # linked folders
        if hop.startswith(_DESCRIPTOR_PREFIXES) or hop in {p.rstrip("/") for p in _DESCRIPTOR_PREFIXES}:
            raise OutputRefused(
                f"{named}: names a file descriptor or a kernel file, not a file reluexact may replace; "
                "name a regular file path instead (nothing was written)"
            )
        if not os.path.islink(hop):
            break
        hop = os.path.normpath(os.path.join(os.path.dirname(hop), os.readlink(hop)))


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _read_only(status: os.stat_result) -> bool:
    """No write permission bit applies to us (mode bits: os.access says yes to root)."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # Windows: the read-only attribute
        return not status.st_mode & stat.S_IWRITE
    uid = geteuid()
    if uid == 0:
        return not status.st_mode & 0o222
    if status.st_uid == uid:
        return not status.st_mode & stat.S_IWUSR
    if status.st_gid in {os.getegid(), *os.getgroups()}:
        return not status.st_mode & stat.S_IWGRP
    return not status.st_mode & stat.S_IWOTH


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def staged_output(path: PathLike, *, inputs: Iterable[PathLike] = (), force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only when the block succeeds.

    The one implementation of every write. :func:`check_target` runs first (and
    again just before the rename). Inside the block, write the temporary file by
    any means (writers given that path write it directly, without a second
    temporary file) and check it; when the block ends normally the file is
    fsync'ed, given the target's permissions and renamed over the target with
    :func:`os.replace`. When the block raises (including ``KeyboardInterrupt``) the
    temporary file is removed and the target is untouched.

    Parameters
    ----------
    path : str or os.PathLike
        The target file. Its folder must exist.
    inputs, force
        See :func:`check_target`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "model.json"
    >>> with staged_output(target) as temporary:
    ...     _ = temporary.write_text("{}")
    ...     assert not target.exists()  # nothing there until the block succeeds
    >>> target.read_text()
    '{}'
    """
    inputs = tuple(inputs)
    real = check_target(path, inputs=inputs, force=force)
    staging = _STAGING.get()
    if str(real) in staging:  # a writer called on a temporary file of an enclosing staged_output
        yield real
        return
    try:
        mode = real.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        descriptor, name = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as error:  # permissions, read-only file systems: the user's to fix, not a bug
        raise InvalidArgument(f"{os.fspath(path)}: cannot write in {real.parent}: {error.strerror or error}") from None
    os.close(descriptor)
    temporary = Path(name)
    guard = _GUARD.get()
    outer = guard.log.in_progress if guard is not None else None
    if guard is not None:
        guard.log.in_progress = Path(path)
    try:
        token = _STAGING.set(staging | {str(temporary)})
        try:
            yield temporary
        finally:
            _STAGING.reset(token)
        _fsync(temporary)
        os.chmod(temporary, mode)
        check_target(path, inputs=inputs, force=force)  # still a regular file we may replace
        try:
            os.replace(temporary, real)
        except OSError as error:
            raise InvalidArgument(f"{os.fspath(path)}: cannot replace it: {error.strerror or error}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    finally:
        if guard is not None:
            guard.log.in_progress = outer
    if guard is not None:
        guard.log.written.append(Path(path))


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDWR)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def atomic_write(
    path: PathLike, *, binary: bool = False, inputs: Iterable[PathLike] = (), force: bool = False
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing so that it changes all at once, or not at all.

    A context manager yielding a file object on the temporary file of
    :func:`staged_output`: when the block ends normally the target gets the
    complete new content; when it raises, the target is untouched.

    Parameters
    ----------
    path : str or os.PathLike
        The target file. Its folder must exist.
    binary : bool, keyword-only
        Open in binary mode (``"wb"``) instead of text (``"w"``, UTF-8, ``\\n`` newlines).
    inputs, force
        See :func:`check_target`.

    Raises
    ------
    OutputRefused
        A target that must not be replaced (see :func:`check_target`).
    InvalidArgument
        When the target folder does not exist or is not writable.

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
    with staged_output(path, inputs=inputs, force=force) as temporary:
        if binary:
            handle: IO[Any] = open(temporary, "wb")  # noqa: SIM115 - closed below, before the rename
        else:
            handle = open(temporary, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        with handle:
            yield handle


def write_text_atomic(path: PathLike, text: str, *, inputs: Iterable[PathLike] = (), force: bool = False) -> Path:
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
    with atomic_write(path, inputs=inputs, force=force) as handle:
        handle.write(text)
    return Path(path)


def write_bytes_atomic(path: PathLike, data: bytes, *, inputs: Iterable[PathLike] = (), force: bool = False) -> Path:
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
    with atomic_write(path, binary=True, inputs=inputs, force=force) as handle:
        handle.write(data)
    return Path(path)
