"""Fault injection (libork_fault.so): every error path a primitive declares in kernel.idl,
forced EINTR (retried), EAGAIN, short transfers and fail-after-N allocation."""
import os
import threading
from dataclasses import dataclass, field

import pytest

from tests.kernel.ork import CONSTS, FAULT_EAGAIN, FAULT_EINTR, FAULT_SHORT, IDL
from tests.kernel.registry import ERROR_PATHS, error_path

IPV4, STREAM = CONSTS["NET_IPV4"], CONSTS["NET_STREAM"]


@dataclass
class Setup:
    """What a recipe prepared: the call under test and how to clean up after it."""
    call: object
    cleanup: list = field(default_factory=list)


def _pipe(k, s):
    r, w = k.pipe()
    s.cleanup += [lambda: os.close(r), lambda: os.close(w)]
    return r, w


def _file(tmp, s, name="f", data=b"data"):
    path = tmp / name
    path.write_bytes(data)
    return path


def _fd(k, tmp, s):
    fd = k.fs_open(str(_file(tmp, s)), CONSTS["O_READ"], 0)
    s.cleanup.append(lambda: os.close(fd))
    return fd


def _sock(k, s, bound=False, listening=False):
    fd = k.net_socket(IPV4, STREAM, 0)
    s.cleanup.append(lambda: os.close(fd))
    port = k.net_bind(fd, "127.0.0.1", 0) if bound or listening else 0
    if listening:
        k.net_listen(fd, 2)
    return fd, port


def _child(k, s):
    pid = k.proc_spawn(b"true\0", b"", 0, -1, -1, -1)
    s.cleanup.append(lambda: os.waitpid(pid, 0))
    return pid


def _dir(k, tmp, s, close=True):
    (tmp / "entry").write_text("")
    d = k.fs_dir_open(str(tmp))
    if close:
        s.cleanup.append(lambda: k.fs_dir_close(d))
    return d


def _alloc(k, s):
    p = k.mem_alloc(16, 8)
    s.cleanup.append(lambda: k.mem_free(p, 16, 8))
    return p


def recipe(k, tmp, prim: str) -> Setup:
    """Prepare a valid call of `prim` that reaches its system call; returns the call."""
    s = Setup(None)
    out32 = bytearray(32)
    make = {
        "mem_alloc": lambda: lambda: k.mem_alloc(64, 8),
        "mem_realloc": lambda: (lambda p: lambda: k.mem_realloc(p, 16, 32, 8))(_alloc(k, s)),
        "io_write": lambda: (lambda rw: lambda: k.io_write(rw[1], bytearray(b"x"), 1))(_pipe(k, s)),
        "io_read": lambda: (lambda rw: (os.write(rw[1], b"x"), lambda: k.io_read(rw[0], bytearray(1), 1))[1])(_pipe(k, s)),
        "io_pipe": lambda: lambda: k.io_pipe(bytearray(8)),
        "io_poll": lambda: (lambda rw: lambda: k.io_poll(rw[0], CONSTS["POLL_IN"], 0))(_pipe(k, s)),
        "fs_open": lambda: (lambda p: lambda: k.fs_open(str(p), CONSTS["O_READ"], 0))(_file(tmp, s)),
        "fs_close": lambda: (lambda fd: lambda: k.fs_close(fd))(os.dup(_fd(k, tmp, s))),
        "fs_seek": lambda: (lambda fd: lambda: k.fs_seek(fd, 0, CONSTS["SEEK_SET"]))(_fd(k, tmp, s)),
        "fs_stat": lambda: lambda: k.fs_stat(str(tmp), out32),
        "fs_fstat": lambda: (lambda fd: lambda: k.fs_fstat(fd, out32))(_fd(k, tmp, s)),
        "fs_remove": lambda: (lambda p: lambda: k.fs_remove(str(p)))(_file(tmp, s)),
        "fs_rename": lambda: (lambda p: lambda: k.fs_rename(str(p), str(tmp / "renamed")))(_file(tmp, s)),
        "fs_mkdir": lambda: lambda: k.fs_mkdir(str(tmp / "newdir"), 0o755),
        "fs_dir_open": lambda: lambda: k.fs_dir_open(str(tmp)),
        "fs_dir_next": lambda: (lambda d: lambda: k.fs_dir_next(d, bytearray(64)))(_dir(k, tmp, s)),
        "fs_dir_close": lambda: (lambda d: lambda: k.fs_dir_close(d))(_dir(k, tmp, s, close=False)),
        "rng_fill": lambda: lambda: k.rng_fill(bytearray(16), 16),
        "env_get": lambda: lambda: k.env_get("PATH", bytearray(16)),
        "proc_spawn": lambda: lambda: _spawn_and_reap(k),
        "proc_wait": lambda: (lambda pid: lambda: k.proc_wait(pid, 0))(_child(k, s)),
        "net_socket": lambda: lambda: _close_if_opened(k.net_socket(IPV4, STREAM, 0)),
        "net_bind": lambda: (lambda fp: lambda: k.net_bind(fp[0], "127.0.0.1", 0))(_sock(k, s)),
        "net_listen": lambda: (lambda fp: lambda: k.net_listen(fp[0], 1))(_sock(k, s, bound=True)),
        "net_accept": lambda: _accept_call(k, s),
        "net_connect": lambda: (lambda fp: lambda: k.net_connect(_sock(k, s)[0], "127.0.0.1", fp[1]))(_sock(k, s, listening=True)),
        "net_close": lambda: (lambda fd: lambda: k.net_close(fd))(k.net_socket(IPV4, STREAM, 0)),
        "sys_info": lambda: lambda: k.sys_info(CONSTS["SYS_OS"], bytearray(16)),
        "trace_emit": lambda: (lambda rw: (k.time_utc(), lambda: k.trace_emit(rw[1]))[1])(_pipe(k, s)),
    }
    s.call = make[prim]()
    return s


def _spawn_and_reap(k):
    pid = k.proc_spawn(b"true\0", b"", 0, -1, -1, -1)
    if pid > 0:
        os.waitpid(pid, 0)
    return pid


def _close_if_opened(fd):
    if fd >= 0:
        os.close(fd)
    return fd


def _accept_call(k, s):
    server, port = _sock(k, s, listening=True)
    client, _ = _sock(k, s)
    k.net_connect(client, "127.0.0.1", port)

    def call():
        fd = k.net_accept(server, bytearray(64))
        if fd >= 0:
            s.cleanup.append(lambda: os.close(fd))
        return fd
    return call


RECIPE_PRIMS = {"mem_alloc", "mem_realloc", "io_write", "io_read", "io_pipe", "io_poll", "fs_open",
                "fs_close", "fs_seek", "fs_stat", "fs_fstat", "fs_remove", "fs_rename", "fs_mkdir",
                "fs_dir_open", "fs_dir_next", "fs_dir_close", "rng_fill", "env_get", "proc_spawn",
                "proc_wait", "net_socket", "net_bind", "net_listen", "net_accept", "net_connect",
                "net_close", "sys_info", "trace_emit"}
# Errors found before any system call, so a host fault cannot produce them; each has a
# natural test elsewhere (checked by test_coverage.py).
NOT_FROM_HOST = {("mem_zero", "EINVAL"), ("env_iter", "EINVAL"), ("trace_query", "EINVAL"),
                 ("rng_fill", "EINVAL")}
INJECTED = [(p.name, e) for p in IDL.prims for e in p.errors if (p.name, e) not in NOT_FROM_HOST]
RETRYING = ["io_write", "io_read", "io_poll", "fs_open", "proc_wait", "net_accept", "net_connect",
            "rng_fill", "trace_emit"]

for _pair in INJECTED:
    ERROR_PATHS.setdefault(_pair, set()).add("test_host_error_reaches_the_caller_as_its_code")


def failed(result) -> bool:
    return result is None or result == -1


def run(kf, tmp_path, prim, arm):
    setup = recipe(kf, tmp_path, prim)
    try:
        arm()
        return setup.call()
    finally:
        for undo in reversed(setup.cleanup):
            try:
                undo()
            except OSError:
                pass


@pytest.mark.parametrize("prim, error", INJECTED, ids=[f"{p}-{e}" for p, e in INJECTED])
def test_host_error_reaches_the_caller_as_its_code(kf, tmp_path, prim, error):
    calls, failures, _ = kf.trace(prim)
    result = run(kf, tmp_path, prim, lambda: kf.fault_error(prim, error))
    assert failed(result)
    assert kf.errno_name() == error
    assert kf.fault_fired() == 1
    assert kf.trace(prim)[1] >= failures + 1


@pytest.mark.parametrize("prim", RETRYING)
def test_interrupted_system_call_is_retried_and_succeeds(kf, tmp_path, prim):
    result = run(kf, tmp_path, prim, lambda: kf.fault_arm(prim, 1, FAULT_EINTR))
    assert not failed(result), kf.errno_name()
    assert kf.fault_fired() == 1


@pytest.mark.parametrize("prim", ["fs_close", "net_close"])
def test_interrupted_close_counts_as_closed(kf, tmp_path, prim):
    setup = recipe(kf, tmp_path, prim)
    kf.fault_arm(prim, 1, FAULT_EINTR)
    assert setup.call() == 0
    for undo in setup.cleanup:
        undo()


@pytest.mark.parametrize("prim", ["io_read", "io_write"])
def test_forced_eagain_surfaces_as_eagain(kf, tmp_path, prim):
    result = run(kf, tmp_path, prim, lambda: kf.fault_arm(prim, 1, FAULT_EAGAIN))
    assert result == -1 and kf.errno_name() == "EAGAIN"


def test_short_write_returns_the_shortened_count(kf, fds):
    r, w = kf.pipe()
    fds += [r, w]
    kf.fault_arm("io_write", 1, FAULT_SHORT, 3)
    assert kf.io_write(w, bytearray(b"0123456789"), 10) == 3
    assert os.read(r, 100) == b"012"


def test_short_read_returns_the_shortened_count(kf, fds):
    r, w = kf.pipe()
    fds += [r, w]
    os.write(w, b"abcdef")
    kf.fault_arm("io_read", 1, FAULT_SHORT, 2)
    out = bytearray(6)
    assert kf.io_read(r, out, 6) == 2 and out[:2] == b"ab"
    assert kf.io_read(r, out, 6) == 4 and out[:4] == b"cdef"


def test_fault_fires_on_the_nth_call_only(kf, fds):
    r, w = kf.pipe()
    fds += [r, w]
    kf.fault_error("io_write", "EIO", nth=3)
    results = [kf.io_write(w, bytearray(b"x"), 1) for _ in range(4)]
    assert results == [1, 1, -1, 1]


def test_alloc_fails_after_n_successful_allocations(kf):
    kf.fault_alloc(2)
    blocks = [kf.mem_alloc(32, 8) for _ in range(4)]
    assert [b is not None for b in blocks] == [True, True, False, False]
    assert kf.errno_name() == "ENOMEM"
    for b in blocks[:2]:
        kf.mem_free(b, 32, 8)


def test_alloc_failure_count_is_bounded(kf):
    kf.fault_alloc(0, 1)
    assert kf.mem_alloc(8, 8) is None
    p = kf.mem_alloc(8, 8)
    assert p is not None
    kf.mem_free(p, 8, 8)


@error_path("fs_dir_open", "ENOMEM")
def test_directory_handle_allocation_failure_is_enomem(kf, tmp_path):
    kf.fault_alloc(0)
    assert kf.fs_dir_open(str(tmp_path)) is None
    assert kf.errno_name() == "ENOMEM"


@error_path("proc_spawn", "ENOMEM")
def test_spawn_argument_copy_failure_is_enomem(kf):
    kf.fault_alloc(1)
    assert kf.proc_spawn(b"true\0", b"", 0, -1, -1, -1) == -1
    assert kf.errno_name() == "ENOMEM"


def test_realloc_failure_under_alloc_limit_keeps_the_block(kf):
    p = kf.mem_alloc(8, 256)
    kf.fault_alloc(0)
    assert kf.mem_realloc(p, 8, 4096, 256) is None
    assert kf.errno_name() == "ENOMEM"
    kf.fault_reset()
    kf.mem_free(p, 8, 256)


@error_path("rng_fill", "EIO")
def test_rng_fails_closed_and_zeroes_the_buffer(kf):
    buf = bytearray(b"\x55" * 1000)
    kf.fault_error("rng_fill", "EIO", nth=2)   # the second 256-byte chunk fails
    assert kf.rng_fill(buf, 1000) == -1
    assert kf.errno_name() == "EIO"
    assert buf == bytearray(1000)


def test_faults_are_armed_per_thread(kf, fds):
    r, w = kf.pipe()
    fds += [r, w]
    kf.fault_error("io_write", "EIO")
    other = []
    t = threading.Thread(target=lambda: other.append(kf.io_write(w, bytearray(b"x"), 1)))
    t.start()
    t.join(10)
    assert other == [1]
    assert kf.io_write(w, bytearray(b"x"), 1) == -1


def test_every_primitive_with_a_host_error_has_a_recipe():
    with_host_errors = {p for p, _ in INJECTED}
    assert with_host_errors == RECIPE_PRIMS
