"""Conformance of env_get, env_iter, sys_info."""
import os
import platform
import socket

import pytest

from tests.kernel.ork import CONSTS
from tests.kernel.registry import conformance, error_path


@conformance("env_get")
def test_get_copies_value_and_returns_its_length(k, monkeypatch):
    monkeypatch.setenv("ORUS_TEST_VAR", "value-42")
    out = bytearray(64)
    assert k.env_get("ORUS_TEST_VAR", out) == 8
    assert out[:8] == b"value-42"


def test_get_with_small_buffer_returns_full_length_and_a_prefix(k, monkeypatch):
    monkeypatch.setenv("ORUS_TEST_VAR", "abcdefgh")
    out = bytearray(3)
    assert k.env_get("ORUS_TEST_VAR", out) == 8
    assert out == b"abc"


@error_path("env_get", "ENOENT")
def test_get_of_unset_variable_is_enoent(k, monkeypatch):
    monkeypatch.delenv("ORUS_TEST_UNSET", raising=False)
    assert k.env_get("ORUS_TEST_UNSET", bytearray(8)) == -1
    assert k.errno_name() == "ENOENT"


@error_path("env_get", "EINVAL")
@pytest.mark.parametrize("name", ["", "A=B", "A\0B"])
def test_get_of_impossible_name_is_einval(k, name):
    assert k.env_get(name, bytearray(8)) == -1
    assert k.errno_name() == "EINVAL"


@conformance("env_iter")
def test_iter_lists_the_whole_environment(k, monkeypatch):
    monkeypatch.setenv("ORUS_ITER_MARK", "here")
    seen, i, out = [], 0, bytearray(1 << 16)
    while (n := k.env_iter(i, out)) > 0:
        seen.append(bytes(out[:n]))
        i += 1
    assert b"ORUS_ITER_MARK=here" in seen
    # os.environ may miss variables set with putenv behind its back, never the reverse
    assert {f"{name}={value}".encode() for name, value in os.environ.items()} <= set(seen)


@error_path("env_iter", "EINVAL")
def test_iter_with_negative_index_is_einval(k):
    assert k.env_iter(-1, bytearray(8)) == -1
    assert k.errno_name() == "EINVAL"


def info(k, key):
    out = bytearray(4096)
    n = k.sys_info(CONSTS[key], out)
    assert n >= 0, k.errno_name()
    return bytes(out[:n]).decode()


@conformance("sys_info")
def test_sys_info_reports_host_facts(k):
    assert info(k, "SYS_OS") == "linux"
    assert info(k, "SYS_ARCH") == platform.machine()
    assert info(k, "SYS_PORT") == "posix"
    assert info(k, "SYS_HOSTNAME") == socket.gethostname()
    assert int(info(k, "SYS_NCPU")) == os.cpu_count()
    assert int(info(k, "SYS_PAGE_SIZE")) == os.sysconf("SC_PAGESIZE")
    assert info(k, "SYS_CWD") == os.getcwd()
    assert int(info(k, "SYS_PID")) == os.getpid()
    assert info(k, "SYS_ABI") == "1"


def test_sys_info_tmpdir_follows_the_environment(k, monkeypatch):
    monkeypatch.setenv("TMPDIR", "/var/tmp")
    assert info(k, "SYS_TMPDIR") == "/var/tmp"
    monkeypatch.delenv("TMPDIR")
    assert info(k, "SYS_TMPDIR") == "/tmp"


def test_sys_info_with_empty_buffer_returns_the_length(k):
    assert k.sys_info(CONSTS["SYS_PORT"], None) == 5


@error_path("sys_info", "EINVAL")
@pytest.mark.parametrize("key", [0, 11, -3])
def test_sys_info_of_unknown_key_is_einval(k, key):
    assert k.sys_info(key, bytearray(8)) == -1
    assert k.errno_name() == "EINVAL"
