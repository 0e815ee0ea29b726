"""Conformance of rng_fill, time_monotonic, time_utc."""
import time

from tests.kernel.registry import conformance, error_path


@conformance("rng_fill")
def test_fill_writes_len_random_bytes_and_leaves_the_rest(k):
    buf = bytearray(b"\xee" * 64)
    assert k.rng_fill(buf, 48) == 48
    assert buf[48:] == b"\xee" * 16
    other = bytearray(48)
    k.rng_fill(other, 48)
    assert buf[:48] != other   # 2**-384 chance of a false failure


def test_fill_larger_than_one_chunk(k):
    buf = bytearray(100_000)
    assert k.rng_fill(buf, len(buf)) == len(buf)
    assert len(set(buf)) == 256   # every byte value appears in 100 kB of random data


@error_path("rng_fill", "EINVAL")
def test_fill_beyond_buffer_is_einval(k):
    assert k.rng_fill(bytearray(4), 5) == -1
    assert k.errno_name() == "EINVAL"


@conformance("time_monotonic")
def test_monotonic_advances_by_a_sleep(k):
    a = k.time_monotonic()
    time.sleep(0.02)
    b = k.time_monotonic()
    assert 20_000_000 <= b - a < 5_000_000_000


def test_monotonic_uses_the_host_monotonic_clock(k):
    before = time.monotonic_ns()
    ours = k.time_monotonic()
    after = time.monotonic_ns()
    assert before <= ours <= after


@conformance("time_utc")
def test_utc_is_the_wall_clock_in_nanoseconds(k):
    before = time.time_ns()
    ours = k.time_utc()
    after = time.time_ns()
    assert before <= ours <= after
