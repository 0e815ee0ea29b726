"""Conformance of proc_spawn, proc_wait, proc_exit."""
import os
import signal
import subprocess
import sys

import pytest

from tests.kernel.ork import CONSTS
from tests.kernel.registry import conformance, error_path

NOHANG = CONSTS["WAIT_NOHANG"]


def argv(*items):
    return b"".join(i.encode() + b"\0" for i in items)


@conformance("proc_spawn", "proc_wait")
def test_spawn_searches_path_and_wait_returns_exit_status(k):
    pid = k.proc_spawn(argv("sh", "-c", "exit 7"), b"", 0, -1, -1, -1)
    assert pid > 0, k.errno_name()
    assert k.proc_wait(pid, 0) == 7


def test_spawn_redirects_output_into_a_pipe(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    pid = k.proc_spawn(argv("/bin/echo", "hi", "there"), b"", 0, -1, w, -1)
    assert k.proc_wait(pid, 0) == 0
    assert os.read(r, 100) == b"hi there\n"


def test_spawn_with_given_environment_uses_exactly_it(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    pid = k.proc_spawn(argv("/usr/bin/env"), argv("ONLY=1", "TWO=2"), CONSTS["SPAWN_ENV"], -1, w, -1)
    assert k.proc_wait(pid, 0) == 0
    assert os.read(r, 100) == b"ONLY=1\nTWO=2\n"


def test_spawn_feeds_standard_input_from_a_pipe(k, fds):
    r_in, w_in = k.pipe()
    r_out, w_out = k.pipe()
    fds += [r_in, r_out, w_out]
    pid = k.proc_spawn(argv("cat"), b"", 0, r_in, w_out, -1)
    os.write(w_in, b"through cat")
    os.close(w_in)
    assert k.proc_wait(pid, 0) == 0
    assert os.read(r_out, 100) == b"through cat"


def test_wait_reports_signal_as_256_plus_number(k):
    pid = k.proc_spawn(argv("sleep", "10"), b"", 0, -1, -1, -1)
    os.kill(pid, signal.SIGKILL)
    assert k.proc_wait(pid, 0) == 256 + signal.SIGKILL


@error_path("proc_wait", "EAGAIN")
def test_wait_nohang_on_running_child_is_eagain(k):
    pid = k.proc_spawn(argv("sleep", "10"), b"", 0, -1, -1, -1)
    assert k.proc_wait(pid, NOHANG) == -1
    assert k.errno_name() == "EAGAIN"
    os.kill(pid, signal.SIGKILL)
    k.proc_wait(pid, 0)


@error_path("proc_spawn", "ENOENT")
def test_spawn_of_missing_program_is_enoent(k):
    assert k.proc_spawn(argv("/nonexistent/orus-none"), b"", 0, -1, -1, -1) == -1
    assert k.errno_name() == "ENOENT"


@error_path("proc_spawn", "EACCES")
def test_spawn_of_non_executable_file_is_eacces(k, tmp_path):
    (tmp_path / "script").write_text("#!/bin/sh\n")
    os.chmod(tmp_path / "script", 0o644)
    assert k.proc_spawn(argv(str(tmp_path / "script")), b"", 0, -1, -1, -1) == -1
    assert k.errno_name() == "EACCES"


@error_path("proc_spawn", "EINVAL")
@pytest.mark.parametrize("args, flags", [(b"", 0), (b"sh", 0), (b"sh\0", 8)])
def test_spawn_rejects_empty_or_unterminated_argv_and_bad_flags(k, args, flags):
    assert k.proc_spawn(args, b"", flags, -1, -1, -1) == -1
    assert k.errno_name() == "EINVAL"


@error_path("proc_wait", "ECHILD")
def test_wait_for_a_process_that_is_not_our_child_is_echild(k):
    assert k.proc_wait(1, 0) == -1
    assert k.errno_name() == "ECHILD"


@error_path("proc_wait", "EINVAL")
@pytest.mark.parametrize("pid, flags", [(0, 0), (-1, 0), (1, 4)])
def test_wait_rejects_non_positive_pid_and_unknown_flags(k, pid, flags):
    assert k.proc_wait(pid, flags) == -1
    assert k.errno_name() == "EINVAL"


@conformance("proc_exit")
def test_exit_ends_the_process_with_status(kernel_libs):
    code = ("import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]); "
            "lib.ork_proc_exit(42); print('not reached')")
    result = subprocess.run([sys.executable, "-c", code, str(kernel_libs / "libork.so")],
                            capture_output=True, text=True, timeout=30)
    assert (result.returncode, result.stdout) == (42, "")
