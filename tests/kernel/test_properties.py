"""Hypothesis properties of the kernel: realloc keeps the prefix, write-then-read round
trips through files and pipes (also under forced short transfers), time never decreases."""
import ctypes
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kernel.ork import CONSTS, FAULT_SHORT, unpack_stat

BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ALIGNS = st.sampled_from([1, 2, 8, 16, 64, 512, 4096])
PAYLOADS = st.binary(min_size=0, max_size=20_000)


@BOUNDED
@given(data=st.binary(min_size=1, max_size=4096), new_size=st.integers(1, 8192), align=ALIGNS)
def test_realloc_keeps_the_prefix(k, data, new_size, align):
    p = k.mem_alloc(len(data), align)
    ctypes.memmove(p, data, len(data))
    q = k.mem_realloc(p, len(data), new_size, align)
    assert q is not None and q % align == 0
    keep = min(len(data), new_size)
    assert ctypes.string_at(q, keep) == data[:keep]
    k.mem_free(q, new_size, align)


def write_all(k, fd, data):
    """The prelude's loop: io_write may be short, so write the rest until done."""
    buf, done = bytearray(data), 0
    while done < len(data):
        rest = bytearray(buf[done:])
        n = k.io_write(fd, rest, len(rest))
        assert n > 0, k.errno_name()
        done += n


def read_all(k, fd, size):
    got, buf = bytearray(), bytearray(4096)
    while len(got) < size:
        n = k.io_read(fd, buf, min(len(buf), size - len(got)))
        assert n > 0, k.errno_name()
        got += buf[:n]
    return bytes(got)


@BOUNDED
@given(data=PAYLOADS)
def test_write_then_read_round_trips_through_a_file(k, data):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rt")
        flags = CONSTS["O_READ"] | CONSTS["O_WRITE"] | CONSTS["O_CREATE"]
        fd = k.fs_open(path, flags, 0o600)
        write_all(k, fd, data)
        out = bytearray(32)
        assert k.fs_fstat(fd, out) == 0 and unpack_stat(out)["size"] == len(data)
        assert k.fs_seek(fd, 0, CONSTS["SEEK_SET"]) == 0
        assert read_all(k, fd, len(data)) == data
        assert k.io_read(fd, bytearray(1), 1) == 0
        k.fs_close(fd)


@BOUNDED
@given(data=st.binary(min_size=0, max_size=60_000))
def test_write_then_read_round_trips_through_a_pipe(k, data):
    r, w = k.pipe()
    try:
        write_all(k, w, data)   # under the 64 KiB pipe buffer, so no reader thread is needed
        assert read_all(k, r, len(data)) == data
    finally:
        os.close(r)
        os.close(w)


@BOUNDED
@given(data=st.binary(min_size=1, max_size=5000), cuts=st.lists(st.integers(1, 700), min_size=1, max_size=4))
def test_round_trip_survives_forced_short_transfers(kf, data, cuts):
    kf.fault_reset()
    r, w = kf.pipe()
    try:
        for i, cut in enumerate(cuts, 1):   # two of the eight fault slots per cut
            kf.fault_arm("io_write", i, FAULT_SHORT, cut)
            kf.fault_arm("io_read", i, FAULT_SHORT, cut)
        write_all(kf, w, data)
        assert read_all(kf, r, len(data)) == data
    finally:
        kf.fault_reset()
        os.close(r)
        os.close(w)


@BOUNDED
@given(ops=st.lists(st.sampled_from(["mono", "utc", "rng", "alloc"]), min_size=2, max_size=200))
def test_monotonic_time_never_decreases(k, ops):
    last = k.time_monotonic()
    for op in ops:
        if op == "utc":
            k.time_utc()
        elif op == "rng":
            k.rng_fill(bytearray(8), 8)
        elif op == "alloc":
            k.mem_free(k.mem_alloc(64, 8), 64, 8)
        now = k.time_monotonic()
        assert now >= last
        last = now
