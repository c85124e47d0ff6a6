"""Tests for reluexact.atomic: writes that never leave a half-written file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import reluexact.atomic as atomic_module
from reluexact.atomic import (
    OutputRefused,
    atomic_write,
    output_guard,
    staged_output,
    write_bytes_atomic,
    write_text_atomic,
)
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


# ---- outputs that never destroy (issue 14): refusals, inputs, Ctrl-C ------------------------------------------


def test_read_only_target_is_refused_and_kept_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "kept.json"
    target.write_bytes(b"good old bytes")
    target.chmod(0o444)  # mode bits, not os.access: as root os.access says writable
    with pytest.raises(OutputRefused, match=r"kept.json: is read-only; .*--force"):
        write_text_atomic(target, "new")
    assert target.read_bytes() == b"good old bytes"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    write_text_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444  # still read-only
    assert _leftovers(tmp_path) == []


def test_fifo_target_is_refused_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputRefused, match=r"pipe: is a FIFO \(named pipe\), not a regular file"):
        write_bytes_atomic(fifo, b"x", force=True)  # not even with force
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _leftovers(tmp_path) == []


def test_device_node_is_refused_not_replaced(tmp_path: Path) -> None:
    link = tmp_path / "null-link"
    link.symlink_to("/dev/null")
    with pytest.raises(OutputRefused, match=r"null-link: is a character device, not a regular file"):
        write_text_atomic(link, "x", force=True)
    assert link.is_symlink()
    assert os.readlink(link) == "/dev/null"
    # the code path just proven to refuse, now on the real device node
    with pytest.raises(OutputRefused, match=r"/dev/null: is a character device"):
        write_text_atomic("/dev/null", "x", force=True)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_proc_self_fd_is_refused_even_when_it_names_a_regular_file(tmp_path: Path) -> None:
    real = tmp_path / "stdout.txt"
    real.write_bytes(b"what the shell redirected")
    (tmp_path / "fds").symlink_to("/proc/self/fd")
    with real.open("rb") as handle:
        for alias in (f"/proc/self/fd/{handle.fileno()}", tmp_path / "fds" / str(handle.fileno())):  # linked folder
            with pytest.raises(OutputRefused, match=r"fds?/\d+: names a file descriptor"):
                write_text_atomic(alias, "x", force=True)
    assert real.read_bytes() == b"what the shell redirected"
    assert _leftovers(tmp_path) == []


def test_socket_target_is_refused(tmp_path: Path) -> None:
    import socket
    import tempfile

    folder = Path(tempfile.mkdtemp(dir="/tmp"))  # AF_UNIX paths are short
    path = folder / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(OutputRefused, match=r"is a socket, not a regular file"):
            write_text_atomic(path, "x")
        assert stat.S_ISSOCK(path.lstat().st_mode)
    path.unlink()
    folder.rmdir()


def test_symlink_to_a_regular_file_writes_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert _leftovers(tmp_path) == []


def test_the_input_is_never_the_output_through_a_symlink_or_a_hard_link(tmp_path: Path) -> None:
    model = tmp_path / "m.json"
    save_model(TwoLayerReLU([[1]], [0], [[1]], [0]), model)
    before = model.read_bytes()
    soft = tmp_path / "soft.json"
    soft.symlink_to(model)
    hard = tmp_path / "hard.json"
    os.link(model, hard)
    for alias in (model, soft, hard):
        with pytest.raises(OutputRefused, match=r"is the input .*m.json; choose another output path"):
            write_text_atomic(alias, "{}", inputs=[model], force=True)
        with output_guard(inputs=[soft]), pytest.raises(OutputRefused, match=r"is the input"):
            save_model(TwoLayerReLU([[2]], [0], [[1]], [0]), alias)
    assert model.read_bytes() == before
    write_text_atomic(tmp_path / "other.json", "{}", inputs=[model])  # another path is fine


def test_ctrl_c_inside_the_writer_leaves_no_temp_and_no_partial_target(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.json"
    existing = tmp_path / "existing.json"
    existing.write_bytes(b"complete old file")

    def interrupted_in_the_writer(target: Path) -> None:
        with atomic_write(target) as handle:
            handle.write("half")
            raise KeyboardInterrupt

    for target in (fresh, existing):
        with output_guard() as log, pytest.raises(KeyboardInterrupt):
            interrupted_in_the_writer(target)
        assert log.written == []
        assert log.in_progress is None
    assert not fresh.exists()
    assert existing.read_bytes() == b"complete old file"
    assert _leftovers(tmp_path) == []


def test_staged_output_commits_only_after_the_block_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "net.npz"
    target.write_bytes(b"previous good output")
    read_back = []

    def failing_verification() -> None:
        with staged_output(target) as temporary:
            save_model(TwoLayerReLU([[1]], [0], [[1]], [0]), temporary, format="npz")  # writes into the temp
            read_back.append(load_model(temporary, format="npz"))
            raise RuntimeError("verification failed")

    with pytest.raises(RuntimeError, match="verification failed"):
        failing_verification()
    assert read_back == [TwoLayerReLU([[1]], [0], [[1]], [0])]
    assert target.read_bytes() == b"previous good output"
    assert _leftovers(tmp_path) == []
    with output_guard() as log, staged_output(target) as temporary:
        save_model(TwoLayerReLU([[1]], [0], [[1]], [0]), temporary, format="npz")
    assert load_model(target) == TwoLayerReLU([[1]], [0], [[1]], [0])
    assert log.written == [target]
    assert _leftovers(tmp_path) == []
