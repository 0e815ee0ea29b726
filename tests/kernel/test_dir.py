"""Conformance of fs_dir_open, fs_dir_next, fs_dir_close."""
from tests.kernel.ork import CONSTS
from tests.kernel.registry import conformance, error_path


def entries(k, path, cap=300):
    d = k.fs_dir_open(str(path))
    assert d is not None, k.errno_name()
    found, out = [], bytearray(cap)
    while (n := k.fs_dir_next(d, out)) > 0:
        found.append((out[0], bytes(out[1:n]).decode()))
    assert n == 0
    assert k.fs_dir_close(d) == 0
    return sorted(found, key=lambda e: e[1])


@conformance("fs_dir_open", "fs_dir_next", "fs_dir_close")
def test_iteration_lists_every_entry_with_kind_and_no_dots(k, tmp_path):
    (tmp_path / "file").write_text("")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "file")
    assert entries(k, tmp_path) == [(CONSTS["KIND_FILE"], "file"), (CONSTS["KIND_SYMLINK"], "link"),
                                    (CONSTS["KIND_DIR"], "sub")]


def test_empty_directory_ends_at_once(k, tmp_path):
    assert entries(k, tmp_path) == []


@error_path("fs_dir_next", "ERANGE")
def test_entry_too_big_for_buffer_is_erange_then_returned_with_larger_buffer(k, tmp_path):
    (tmp_path / "longer_name").write_text("")
    d = k.fs_dir_open(str(tmp_path))
    assert k.fs_dir_next(d, bytearray(4)) == -1
    assert k.errno_name() == "ERANGE"
    out = bytearray(64)
    assert k.fs_dir_next(d, out) == 12 and out[1:12] == b"longer_name"
    assert k.fs_dir_next(d, out) == 0
    k.fs_dir_close(d)


@error_path("fs_dir_open", "ENOENT")
def test_open_of_missing_directory_is_enoent(k, tmp_path):
    assert k.fs_dir_open(str(tmp_path / "none")) is None
    assert k.errno_name() == "ENOENT"


@error_path("fs_dir_open", "ENOTDIR")
def test_open_of_a_file_is_enotdir(k, tmp_path):
    (tmp_path / "f").write_text("")
    assert k.fs_dir_open(str(tmp_path / "f")) is None
    assert k.errno_name() == "ENOTDIR"


@error_path("fs_dir_open", "EINVAL")
def test_open_with_nul_in_path_is_einval(k):
    assert k.fs_dir_open("/tmp\0/x") is None
    assert k.errno_name() == "EINVAL"


@error_path("fs_dir_next", "EBADF")
def test_next_on_null_handle_is_ebadf(k):
    assert k.fs_dir_next(None, bytearray(8)) == -1
    assert k.errno_name() == "EBADF"


@error_path("fs_dir_next", "EINVAL")
def test_next_without_out_buffer_is_einval(k, tmp_path):
    d = k.fs_dir_open(str(tmp_path))
    assert k.fs_dir_next(d, None) == -1
    assert k.errno_name() == "EINVAL"
    k.fs_dir_close(d)


@error_path("fs_dir_close", "EBADF")
def test_close_of_null_handle_is_ebadf(k):
    assert k.fs_dir_close(None) == -1
    assert k.errno_name() == "EBADF"
