"""Conformance of trace_emit, trace_query, kernel_caps, kernel_errno."""
import os

from tests.kernel.ork import CAPS, IDL, PRIM_IDS
from tests.kernel.registry import conformance, error_path


@conformance("trace_query")
def test_counters_count_calls_failures_and_bytes(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    calls, failures, nbytes = k.trace("io_write")
    k.io_write(w, bytearray(b"12345"), 5)
    k.io_write(w, bytearray(4), 9)   # EINVAL
    assert k.trace("io_write") == (calls + 2, failures + 1, nbytes + 5)


@error_path("trace_query", "EINVAL")
def test_query_of_unknown_id_or_small_buffer_is_einval(k):
    assert k.trace_query(len(IDL.prims), bytearray(24)) == -1
    assert k.errno_name() == "EINVAL"
    assert k.trace_query(0, bytearray(23)) == -1
    assert k.errno_name() == "EINVAL"


@conformance("trace_emit")
def test_emit_writes_one_line_per_called_primitive(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    k.time_utc()
    n = k.trace_emit(w)
    text = os.read(r, 1 << 16).decode()
    assert n == len(text.encode())
    rows = {line.split()[1]: line.split() for line in text.splitlines()}
    calls, failures, nbytes = k.trace("time_utc")
    assert rows["time_utc"] == [str(PRIM_IDS["time_utc"]), "time_utc", str(calls), str(failures), str(nbytes)]


@error_path("trace_emit", "EBADF")
def test_emit_to_closed_descriptor_is_ebadf(k):
    k.time_utc()   # at least one line to write
    assert k.trace_emit(987654) == -1
    assert k.errno_name() == "EBADF"


@error_path("trace_emit", "EPIPE")
def test_emit_to_pipe_without_reader_is_epipe(k, fds):
    r, w = k.pipe()
    fds.append(w)
    os.close(r)
    assert k.trace_emit(w) == -1
    assert k.errno_name() == "EPIPE"


@conformance("kernel_caps")
def test_caps_of_posix_port(k):
    caps = k.kernel_caps()
    expected = {"IO_NONBLOCK", "RNG_CSPRNG", "FS", "FS_DIR", "PROC_SPAWN", "NET_TCP", "NET_UDP",
                "NET_UNIX", "ENV", "TRACE"}
    assert {name for name, bit in CAPS.items() if caps & bit} - {"NET_IPV6"} == expected


def test_fault_cap_only_in_fault_build(k, kf):
    assert k.kernel_caps() & CAPS["FAULT"] == 0
    assert kf.kernel_caps() & CAPS["FAULT"] == CAPS["FAULT"]


@conformance("kernel_errno")
def test_errno_keeps_last_failure_and_is_per_thread(k):
    import threading
    assert k.fs_close(987654) == -1
    k.time_utc()   # success leaves the code alone
    assert k.errno_name() == "EBADF"
    seen = []
    t = threading.Thread(target=lambda: seen.append(k.errno_name()))
    t.start()
    t.join(10)
    assert seen == ["OK"]
