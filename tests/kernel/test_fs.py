"""Conformance of fs_open, fs_close, fs_seek, fs_stat, fs_fstat, fs_remove, fs_rename, fs_mkdir."""
import os
import stat

import pytest

from tests.kernel.ork import CONSTS, unpack_stat
from tests.kernel.registry import conformance, error_path

O = {name: CONSTS[name] for name in ("O_READ", "O_WRITE", "O_CREATE", "O_TRUNC", "O_APPEND", "O_EXCL")}
RW_NEW = O["O_READ"] | O["O_WRITE"] | O["O_CREATE"]


def open_ok(k, path, flags, mode=0o644):
    fd = k.fs_open(str(path), flags, mode)
    assert fd >= 0, k.errno_name()
    return fd


@conformance("fs_open", "fs_close")
def test_open_create_write_close_then_reopen_and_read(k, tmp_path):
    path = tmp_path / "f.txt"
    fd = open_ok(k, path, O["O_WRITE"] | O["O_CREATE"], 0o600)
    assert k.io_write(fd, bytearray(b"data"), 4) == 4
    assert k.fs_close(fd) == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    fd = open_ok(k, path, O["O_READ"])
    out = bytearray(10)
    assert k.io_read(fd, out, 10) == 4 and out[:4] == b"data"
    assert k.fs_close(fd) == 0


def test_open_descriptor_is_close_on_exec(k, tmp_path):
    fd = open_ok(k, tmp_path / "c", RW_NEW)
    assert os.get_inheritable(fd) is False
    k.fs_close(fd)


def test_append_and_trunc_flags(k, tmp_path):
    path = tmp_path / "a"
    path.write_bytes(b"old")
    fd = open_ok(k, path, O["O_WRITE"] | O["O_APPEND"])
    k.io_write(fd, bytearray(b"+new"), 4)
    k.fs_close(fd)
    assert path.read_bytes() == b"old+new"
    k.fs_close(open_ok(k, path, O["O_WRITE"] | O["O_TRUNC"]))
    assert path.read_bytes() == b""


@error_path("fs_open", "ENOENT")
def test_open_missing_file_is_enoent(k, tmp_path):
    assert k.fs_open(str(tmp_path / "missing"), O["O_READ"], 0) == -1
    assert k.errno_name() == "ENOENT"


@error_path("fs_open", "EEXIST")
def test_open_exclusive_of_existing_file_is_eexist(k, tmp_path):
    (tmp_path / "x").write_text("")
    assert k.fs_open(str(tmp_path / "x"), RW_NEW | O["O_EXCL"], 0o644) == -1
    assert k.errno_name() == "EEXIST"


@error_path("fs_open", "EISDIR")
def test_open_directory_for_writing_is_eisdir(k, tmp_path):
    assert k.fs_open(str(tmp_path), O["O_WRITE"], 0) == -1
    assert k.errno_name() == "EISDIR"


@error_path("fs_open", "ENOTDIR")
def test_open_through_a_file_is_enotdir(k, tmp_path):
    (tmp_path / "file").write_text("")
    assert k.fs_open(str(tmp_path / "file" / "inner"), O["O_READ"], 0) == -1
    assert k.errno_name() == "ENOTDIR"


@error_path("fs_open", "EINVAL")
@pytest.mark.parametrize("path, flags", [("a\0b", 1), ("ok", 0), ("ok", 1 | 1024)])
def test_open_rejects_nul_in_path_and_bad_flags(k, tmp_path, path, flags):
    assert k.fs_open(str(tmp_path / path), flags, 0) == -1
    assert k.errno_name() == "EINVAL"


@error_path("fs_open", "ENAMETOOLONG")
def test_open_of_overlong_path_is_enametoolong(k):
    assert k.fs_open("/" + "x" * 5000, O["O_READ"], 0) == -1
    assert k.errno_name() == "ENAMETOOLONG"


@error_path("fs_close", "EBADF")
def test_close_of_bad_descriptor_is_ebadf(k):
    assert k.fs_close(987654) == -1
    assert k.errno_name() == "EBADF"


@conformance("fs_seek")
def test_seek_from_start_current_and_end(k, tmp_path):
    path = tmp_path / "s"
    path.write_bytes(b"0123456789")
    fd = open_ok(k, path, O["O_READ"])
    assert k.fs_seek(fd, 4, CONSTS["SEEK_SET"]) == 4
    assert k.fs_seek(fd, 2, CONSTS["SEEK_CUR"]) == 6
    out = bytearray(2)
    assert k.io_read(fd, out, 2) == 2 and out == b"67"
    assert k.fs_seek(fd, -1, CONSTS["SEEK_END"]) == 9
    k.fs_close(fd)


@error_path("fs_seek", "ESPIPE")
def test_seek_on_pipe_is_espipe(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    assert k.fs_seek(r, 0, CONSTS["SEEK_SET"]) == -1
    assert k.errno_name() == "ESPIPE"


@error_path("fs_seek", "EINVAL")
@pytest.mark.parametrize("offset, whence", [(0, 7), (-5, 0)])
def test_seek_rejects_bad_whence_and_negative_position(k, tmp_path, offset, whence):
    (tmp_path / "s").write_bytes(b"x")
    fd = open_ok(k, tmp_path / "s", O["O_READ"])
    assert k.fs_seek(fd, offset, whence) == -1
    assert k.errno_name() == "EINVAL"
    k.fs_close(fd)


@error_path("fs_seek", "EBADF")
def test_seek_on_bad_descriptor_is_ebadf(k):
    assert k.fs_seek(987654, 0, 0) == -1
    assert k.errno_name() == "EBADF"


@conformance("fs_stat")
def test_stat_layout_matches_host_stat(k, tmp_path):
    path = tmp_path / "st"
    path.write_bytes(b"12345")
    os.chmod(path, 0o640)
    out = bytearray(32)
    assert k.fs_stat(str(path), out) == 0
    host = os.stat(path)
    assert unpack_stat(out) == {"size": 5, "mtime_ns": host.st_mtime_ns, "kind": CONSTS["KIND_FILE"],
                                "mode": 0o640, "inode": host.st_ino}


def test_stat_of_directory_has_dir_kind(k, tmp_path):
    out = bytearray(32)
    assert k.fs_stat(str(tmp_path), out) == 0
    assert unpack_stat(out)["kind"] == CONSTS["KIND_DIR"]


@error_path("fs_stat", "ENOENT")
def test_stat_of_missing_path_is_enoent(k, tmp_path):
    assert k.fs_stat(str(tmp_path / "nope"), bytearray(32)) == -1
    assert k.errno_name() == "ENOENT"


@error_path("fs_stat", "EINVAL")
def test_stat_with_small_out_buffer_is_einval(k, tmp_path):
    assert k.fs_stat(str(tmp_path), bytearray(31)) == -1
    assert k.errno_name() == "EINVAL"


@error_path("fs_stat", "ENOTDIR")
def test_stat_through_file_is_enotdir(k, tmp_path):
    (tmp_path / "f").write_text("")
    assert k.fs_stat(str(tmp_path / "f" / "g"), bytearray(32)) == -1
    assert k.errno_name() == "ENOTDIR"


@error_path("fs_stat", "ELOOP")
def test_stat_of_symlink_loop_is_eloop(k, tmp_path):
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    assert k.fs_stat(str(tmp_path / "a"), bytearray(32)) == -1
    assert k.errno_name() == "ELOOP"


@conformance("fs_fstat")
def test_fstat_of_open_file_reports_its_size(k, tmp_path):
    (tmp_path / "g").write_bytes(b"x" * 77)
    fd = open_ok(k, tmp_path / "g", O["O_READ"])
    out = bytearray(32)
    assert k.fs_fstat(fd, out) == 0
    assert unpack_stat(out)["size"] == 77 and unpack_stat(out)["kind"] == CONSTS["KIND_FILE"]
    k.fs_close(fd)


@error_path("fs_fstat", "EBADF")
def test_fstat_of_bad_descriptor_is_ebadf(k):
    assert k.fs_fstat(987654, bytearray(32)) == -1
    assert k.errno_name() == "EBADF"


@error_path("fs_fstat", "EINVAL")
def test_fstat_with_small_out_buffer_is_einval(k):
    assert k.fs_fstat(0, bytearray(8)) == -1
    assert k.errno_name() == "EINVAL"


@conformance("fs_remove")
def test_remove_deletes_file_and_empty_directory(k, tmp_path):
    (tmp_path / "f").write_text("")
    (tmp_path / "d").mkdir()
    assert k.fs_remove(str(tmp_path / "f")) == 0
    assert k.fs_remove(str(tmp_path / "d")) == 0
    assert list(tmp_path.iterdir()) == []


@error_path("fs_remove", "ENOTEMPTY")
def test_remove_of_non_empty_directory_is_enotempty(k, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f").write_text("")
    assert k.fs_remove(str(tmp_path / "d")) == -1
    assert k.errno_name() == "ENOTEMPTY"


@error_path("fs_remove", "ENOENT")
def test_remove_of_missing_path_is_enoent(k, tmp_path):
    assert k.fs_remove(str(tmp_path / "gone")) == -1
    assert k.errno_name() == "ENOENT"


@conformance("fs_rename")
def test_rename_replaces_target_atomically(k, tmp_path):
    (tmp_path / "a").write_text("new")
    (tmp_path / "b").write_text("old")
    assert k.fs_rename(str(tmp_path / "a"), str(tmp_path / "b")) == 0
    assert (tmp_path / "b").read_text() == "new" and not (tmp_path / "a").exists()


@error_path("fs_rename", "ENOENT")
def test_rename_of_missing_source_is_enoent(k, tmp_path):
    assert k.fs_rename(str(tmp_path / "none"), str(tmp_path / "b")) == -1
    assert k.errno_name() == "ENOENT"


@error_path("fs_rename", "EISDIR")
def test_rename_file_over_directory_is_eisdir(k, tmp_path):
    (tmp_path / "f").write_text("")
    (tmp_path / "d").mkdir()
    assert k.fs_rename(str(tmp_path / "f"), str(tmp_path / "d")) == -1
    assert k.errno_name() == "EISDIR"


@error_path("fs_rename", "ENOTEMPTY")
def test_rename_directory_over_non_empty_directory_is_enotempty(k, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "f").write_text("")
    assert k.fs_rename(str(tmp_path / "a"), str(tmp_path / "b")) == -1
    assert k.errno_name() in ("ENOTEMPTY", "EEXIST")   # POSIX allows either


@error_path("fs_rename", "EINVAL")
def test_rename_directory_into_itself_is_einval(k, tmp_path):
    (tmp_path / "d").mkdir()
    assert k.fs_rename(str(tmp_path / "d"), str(tmp_path / "d" / "sub")) == -1
    assert k.errno_name() == "EINVAL"


@conformance("fs_mkdir")
def test_mkdir_creates_directory_with_mode(k, tmp_path):
    old = os.umask(0)
    try:
        assert k.fs_mkdir(str(tmp_path / "new"), 0o750) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new").st_mode) == 0o750


@error_path("fs_mkdir", "EEXIST")
def test_mkdir_of_existing_path_is_eexist(k, tmp_path):
    assert k.fs_mkdir(str(tmp_path), 0o755) == -1
    assert k.errno_name() == "EEXIST"


@error_path("fs_mkdir", "ENOENT")
def test_mkdir_without_parent_is_enoent(k, tmp_path):
    assert k.fs_mkdir(str(tmp_path / "a" / "b"), 0o755) == -1
    assert k.errno_name() == "ENOENT"


@error_path("fs_mkdir", "EINVAL")
def test_mkdir_with_mode_beyond_permission_bits_is_einval(k, tmp_path):
    assert k.fs_mkdir(str(tmp_path / "m"), 0o170000) == -1
    assert k.errno_name() == "EINVAL"
