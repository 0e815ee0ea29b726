"""Conformance of io_write, io_read, io_pipe, io_poll."""
import os
import struct

import pytest

from tests.kernel.ork import CONSTS
from tests.kernel.registry import conformance, error_path

POLL_IN, POLL_OUT, POLL_HUP = CONSTS["POLL_IN"], CONSTS["POLL_OUT"], CONSTS["POLL_HUP"]


@conformance("io_pipe")
def test_pipe_returns_two_close_on_exec_descriptors(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    assert r >= 0 and w >= 0 and r != w
    assert os.get_inheritable(r) is False and os.get_inheritable(w) is False


@error_path("io_pipe", "EINVAL")
def test_pipe_with_out_buffer_under_eight_bytes_is_einval(k):
    assert k.io_pipe(bytearray(7)) == -1
    assert k.errno_name() == "EINVAL"


@conformance("io_write", "io_read")
def test_write_then_read_through_a_pipe(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    assert k.io_write(w, bytearray(b"hello kernel"), 12) == 12
    out = bytearray(64)
    assert k.io_read(r, out, 64) == 12
    assert out[:12] == b"hello kernel"


def test_write_sends_only_len_bytes_of_the_buffer(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    assert k.io_write(w, bytearray(b"abcdef"), 3) == 3
    os.close(w)
    fds.remove(w)
    assert os.read(r, 10) == b"abc"


def test_read_returns_zero_at_end_of_stream(k, fds):
    r, w = k.pipe()
    fds.append(r)
    os.close(w)
    assert k.io_read(r, bytearray(8), 8) == 0


@error_path("io_write", "EINVAL")
def test_write_length_beyond_buffer_is_einval(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    assert k.io_write(w, bytearray(4), 5) == -1
    assert k.errno_name() == "EINVAL"


@error_path("io_read", "EINVAL")
def test_read_length_beyond_buffer_is_einval(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    assert k.io_read(r, bytearray(4), 5) == -1
    assert k.errno_name() == "EINVAL"


@error_path("io_write", "EBADF")
def test_write_to_closed_descriptor_is_ebadf(k):
    assert k.io_write(987654, bytearray(b"x"), 1) == -1
    assert k.errno_name() == "EBADF"


@error_path("io_read", "EBADF")
def test_read_from_closed_descriptor_is_ebadf(k):
    assert k.io_read(987654, bytearray(1), 1) == -1
    assert k.errno_name() == "EBADF"


@error_path("io_write", "EPIPE")
def test_write_to_pipe_without_reader_is_epipe(k, fds):
    r, w = k.pipe()
    fds.append(w)
    os.close(r)
    assert k.io_write(w, bytearray(b"x"), 1) == -1   # Python ignores SIGPIPE, so EPIPE shows
    assert k.errno_name() == "EPIPE"


@error_path("io_read", "EAGAIN")
def test_read_from_empty_non_blocking_pipe_is_eagain(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    os.set_blocking(r, False)
    assert k.io_read(r, bytearray(4), 4) == -1
    assert k.errno_name() == "EAGAIN"


@error_path("io_read", "EISDIR")
def test_read_from_directory_is_eisdir(k, tmp_path, fds):
    fd = os.open(tmp_path, os.O_RDONLY)
    fds.append(fd)
    assert k.io_read(fd, bytearray(4), 4) == -1
    assert k.errno_name() == "EISDIR"


@conformance("io_poll")
def test_poll_reports_readable_after_a_write_and_times_out_before(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    assert k.io_poll(r, POLL_IN, 0) == 0
    assert k.io_poll(w, POLL_OUT, 0) == POLL_OUT
    os.write(w, b"!")
    assert k.io_poll(r, POLL_IN, 1000) == POLL_IN


def test_poll_reports_hangup_when_writer_closes(k, fds):
    r, w = k.pipe()
    fds.append(r)
    os.close(w)
    assert k.io_poll(r, POLL_IN, 1000) & POLL_HUP == POLL_HUP


@error_path("io_poll", "EBADF")
def test_poll_on_closed_descriptor_is_ebadf(k):
    assert k.io_poll(987654, POLL_IN, 0) == -1
    assert k.errno_name() == "EBADF"


@error_path("io_poll", "EINVAL")
@pytest.mark.parametrize("events, timeout", [(16, 0), (POLL_IN, -2)])
def test_poll_rejects_unknown_events_and_negative_timeouts(k, fds, events, timeout):
    r, w = k.pipe()
    fds += [r, w]
    assert k.io_poll(r, events, timeout) == -1
    assert k.errno_name() == "EINVAL"


def test_pipe_layout_is_two_little_endian_i32(k, fds):
    out = bytearray(8)
    assert k.io_pipe(out) == 0
    r, w = struct.unpack("<ii", out)
    fds += [r, w]
    os.write(w, b"z")
    assert os.read(r, 1) == b"z"
