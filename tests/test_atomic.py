"""Tests for reluexact.atomic: writes that never leave a half-written file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import reluexact.atomic as atomic_module
from reluexact.atomic import atomic_write, write_bytes_atomic, write_text_atomic
from reluexact.errors import InvalidArgument
from reluexact.io import load_model, save_model
from reluexact.model import TwoLayerReLU


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_failure_mid_write_leaves_the_original_intact(tmp_path: Path) -> None:
    target = tmp_path / "model.json"
    original = TwoLayerReLU([[1]], ["1/3"], [[2]], [0])
    save_model(original, target)
    before = target.read_bytes()

    def interrupted_write() -> None:
        with atomic_write(target) as handle:
            handle.write('{"format": "reluexact.two-layer-relu", "vers')  # half a model
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        interrupted_write()
    assert target.read_bytes() == before
    assert load_model(target) == original
    assert _leftovers(tmp_path) == []


def test_failure_inside_save_model_leaves_the_original_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "model.json"
    original = TwoLayerReLU([[1]], ["1/3"], [[2]], [0])
    save_model(original, target)

    def failing_fsync(fd: int) -> None:  # the data is written, the final flush to disk fails
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic_module.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output error"):
        save_model(TwoLayerReLU([[5]], [0], [[1]], [0]), target)
    monkeypatch.undo()
    assert load_model(target) == original
    assert _leftovers(tmp_path) == []


def test_interrupt_before_rename_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "weights.npz"
    original = TwoLayerReLU([[1]], [0], [[2]], [0])
    save_model(original, target)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_model(TwoLayerReLU([[7]], [0], [[1]], [0]), target)
    monkeypatch.undo()
    assert load_model(target) == original
    assert _leftovers(tmp_path) == []


def test_new_files_get_ordinary_permissions_and_old_ones_keep_theirs(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.txt"
    write_text_atomic(fresh, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask
    existing = tmp_path / "existing.bin"
    existing.write_bytes(b"old")
    existing.chmod(0o640)
    write_bytes_atomic(existing, b"new")
    assert existing.read_bytes() == b"new"
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640


def test_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match=r"cannot write, the folder .*nowhere does not exist"):
        write_text_atomic(tmp_path / "nowhere" / "a.txt", "x")
    with pytest.raises(InvalidArgument, match=r"cannot write a file there, it is a folder"):
        write_text_atomic(tmp_path, "x")


def test_relative_paths_write_in_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_text_atomic("plain.txt", "here")
    assert (tmp_path / "plain.txt").read_text() == "here"


def test_unwritable_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic_module.tempfile, "mkstemp", refused)
    with pytest.raises(InvalidArgument, match=r"a.txt: cannot write in .*: Permission denied"):
        write_text_atomic(tmp_path / "a.txt", "x")
