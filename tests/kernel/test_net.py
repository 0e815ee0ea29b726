"""Conformance of net_socket, net_bind, net_listen, net_accept, net_connect, net_close,
including a bounded TCP echo exchange over loopback (IPv4 and IPv6) through the kernel."""
import os
import select
import socket
import threading

import pytest

from tests.kernel.ork import CAPS, CONSTS, unpack_addr
from tests.kernel.registry import conformance, error_path

IPV4, IPV6, UNIX = CONSTS["NET_IPV4"], CONSTS["NET_IPV6"], CONSTS["NET_UNIX"]
STREAM, DGRAM, NONBLOCK = CONSTS["NET_STREAM"], CONSTS["NET_DGRAM"], CONSTS["NET_NONBLOCK"]
TIMEOUT = 10.0   # seconds any single wait may take before the test fails
LOOPBACKS = [pytest.param(IPV4, "127.0.0.1", id="ipv4"), pytest.param(IPV6, "::1", id="ipv6")]


def wait_readable(fd):
    ready, _, _ = select.select([fd], [], [], TIMEOUT)
    assert ready, "timed out waiting for the peer"


def sock(k, family, kind=STREAM, flags=0):
    fd = k.net_socket(family, kind, flags)
    assert fd >= 0, k.errno_name()
    return fd


def listener(k, family, addr):
    fd = sock(k, family)
    port = k.net_bind(fd, addr, 0)
    assert port > 0, k.errno_name()
    assert k.net_listen(fd, 4) == 0
    return fd, port


def skip_without_ipv6(k, family):
    if family == IPV6 and not k.kernel_caps() & CAPS["NET_IPV6"]:
        pytest.skip("no IPv6 on this machine")


def echo_once(k, server_fd, errors):
    """Accept one connection and echo what it sends until it closes."""
    try:
        wait_readable(server_fd)
        conn = k.net_accept(server_fd, bytearray(64))
        buf = bytearray(4096)
        while True:
            wait_readable(conn)
            n = k.io_read(conn, buf, len(buf))
            if n <= 0:
                break
            assert k.io_write(conn, buf, n) == n
        k.net_close(conn)
    except BaseException as exc:   # reported by the client side of the test
        errors.append(exc)


@conformance("net_socket", "net_bind", "net_listen", "net_accept", "net_connect", "net_close")
@pytest.mark.parametrize("family, addr", LOOPBACKS)
def test_tcp_echo_exchange_over_loopback(k, family, addr):
    skip_without_ipv6(k, family)
    server, port = listener(k, family, addr)
    errors = []
    thread = threading.Thread(target=echo_once, args=(k, server, errors), daemon=True)
    thread.start()
    client = sock(k, family)
    assert k.net_connect(client, addr, port) == 0, k.errno_name()
    received = bytearray()
    for i in range(20):
        message = f"message {i:02d}|".encode()
        assert k.io_write(client, bytearray(message), len(message)) == len(message)
        while len(received) < (i + 1) * len(message):
            wait_readable(client)
            buf = bytearray(256)
            n = k.io_read(client, buf, 256)
            assert n > 0
            received += buf[:n]
    assert k.net_close(client) == 0
    thread.join(TIMEOUT)
    assert not thread.is_alive() and errors == []
    assert received == b"".join(f"message {i:02d}|".encode() for i in range(20))
    assert k.net_close(server) == 0


@pytest.mark.parametrize("family, addr", LOOPBACKS)
def test_accept_reports_peer_address_and_port(k, family, addr):
    skip_without_ipv6(k, family)
    server, port = listener(k, family, addr)
    client = sock(k, family)
    assert k.net_connect(client, addr, port) == 0
    peer = bytearray(64)
    wait_readable(server)
    conn = k.net_accept(server, peer)
    assert conn >= 0
    text, peer_port = unpack_addr(peer)
    local = socket.socket(fileno=os.dup(client))
    try:
        assert (text, peer_port) == (addr, local.getsockname()[1])
    finally:
        local.close()
    for fd in (conn, client, server):
        k.net_close(fd)


def test_accept_truncates_address_text_to_the_buffer(k):
    server, port = listener(k, IPV4, "127.0.0.1")
    client = sock(k, IPV4)
    k.net_connect(client, "127.0.0.1", port)
    peer = bytearray(6)
    wait_readable(server)
    conn = k.net_accept(server, peer)
    assert unpack_addr(peer)[0] == "127"
    for fd in (conn, client, server):
        k.net_close(fd)


def test_udp_exchange_with_connected_peers(k):
    a, b = sock(k, IPV4, DGRAM), sock(k, IPV4, DGRAM)
    port_a, port_b = k.net_bind(a, "127.0.0.1", 0), k.net_bind(b, "127.0.0.1", 0)
    assert k.net_connect(a, "127.0.0.1", port_b) == 0 and k.net_connect(b, "127.0.0.1", port_a) == 0
    assert k.io_write(a, bytearray(b"datagram"), 8) == 8
    wait_readable(b)
    out = bytearray(64)
    assert k.io_read(b, out, 64) == 8 and out[:8] == b"datagram"
    k.net_close(a)
    k.net_close(b)


def test_unix_stream_socket_round_trip(k, tmp_path):
    path = str(tmp_path / "s.sock")
    server = sock(k, UNIX)
    assert k.net_bind(server, path, 0) == 0
    assert k.net_listen(server, 1) == 0
    client = sock(k, UNIX)
    assert k.net_connect(client, path, 0) == 0
    wait_readable(server)
    conn = k.net_accept(server, bytearray(64))
    assert k.io_write(client, bytearray(b"local"), 5) == 5
    wait_readable(conn)
    out = bytearray(8)
    assert k.io_read(conn, out, 8) == 5 and out[:5] == b"local"
    for fd in (conn, client, server):
        k.net_close(fd)


def test_non_blocking_socket_flag_and_close_on_exec(k):
    fd = sock(k, IPV4, STREAM, NONBLOCK)
    assert os.get_blocking(fd) is False and os.get_inheritable(fd) is False
    k.net_close(fd)


@error_path("net_socket", "EINVAL")
@pytest.mark.parametrize("family, kind, flags", [(9, STREAM, 0), (IPV4, 7, 0), (IPV4, STREAM, 2)])
def test_socket_rejects_unknown_family_kind_and_flags(k, family, kind, flags):
    assert k.net_socket(family, kind, flags) == -1
    assert k.errno_name() == "EINVAL"


@error_path("net_bind", "EADDRINUSE")
def test_bind_to_a_listening_port_is_eaddrinuse(k):
    server, port = listener(k, IPV4, "127.0.0.1")
    other = sock(k, IPV4)
    assert k.net_bind(other, "127.0.0.1", port) == -1
    assert k.errno_name() == "EADDRINUSE"
    k.net_close(other)
    k.net_close(server)


@error_path("net_bind", "EADDRNOTAVAIL")
def test_bind_to_a_foreign_address_is_eaddrnotavail(k):
    fd = sock(k, IPV4)
    assert k.net_bind(fd, "192.0.2.1", 0) == -1   # TEST-NET-1: never a local address; nothing is sent
    assert k.errno_name() == "EADDRNOTAVAIL"
    k.net_close(fd)


@error_path("net_bind", "EINVAL")
@pytest.mark.parametrize("addr, port", [("not-an-ip", 0), ("127.0.0.1", 70000), ("::1", 0)])
def test_bind_rejects_malformed_address_port_or_family_mismatch(k, addr, port):
    fd = sock(k, IPV4)
    assert k.net_bind(fd, addr, port) == -1
    assert k.errno_name() == "EINVAL"
    k.net_close(fd)


@error_path("net_bind", "EBADF")
def test_bind_on_bad_descriptor_is_ebadf(k):
    assert k.net_bind(987654, "127.0.0.1", 0) == -1
    assert k.errno_name() == "EBADF"


@error_path("net_bind", "ENOTSOCK")
def test_bind_on_a_pipe_is_enotsock(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    assert k.net_bind(r, "127.0.0.1", 0) == -1
    assert k.errno_name() == "ENOTSOCK"


@error_path("net_listen", "ENOTSUP")
def test_listen_on_datagram_socket_is_enotsup(k):
    fd = sock(k, IPV4, DGRAM)
    assert k.net_listen(fd, 1) == -1
    assert k.errno_name() == "ENOTSUP"
    k.net_close(fd)


@error_path("net_listen", "EINVAL")
def test_listen_with_negative_backlog_is_einval(k):
    fd = sock(k, IPV4)
    assert k.net_listen(fd, -1) == -1
    assert k.errno_name() == "EINVAL"
    k.net_close(fd)


@error_path("net_listen", "EBADF")
def test_listen_on_bad_descriptor_is_ebadf(k):
    assert k.net_listen(987654, 1) == -1
    assert k.errno_name() == "EBADF"


@error_path("net_accept", "EAGAIN")
def test_accept_on_non_blocking_listener_without_client_is_eagain(k):
    fd = sock(k, IPV4, STREAM, NONBLOCK)
    k.net_bind(fd, "127.0.0.1", 0)
    k.net_listen(fd, 1)
    assert k.net_accept(fd, bytearray(64)) == -1
    assert k.errno_name() == "EAGAIN"
    k.net_close(fd)


@error_path("net_accept", "EINVAL")
def test_accept_on_socket_that_does_not_listen_is_einval(k):
    fd = sock(k, IPV4)
    assert k.net_accept(fd, bytearray(64)) == -1
    assert k.errno_name() == "EINVAL"
    k.net_close(fd)


@error_path("net_accept", "ENOTSOCK")
def test_accept_on_pipe_is_enotsock(k, fds):
    r, w = k.pipe()
    fds += [r, w]
    assert k.net_accept(r, bytearray(64)) == -1
    assert k.errno_name() == "ENOTSOCK"


@error_path("net_connect", "ECONNREFUSED")
def test_connect_to_closed_port_is_econnrefused(k):
    probe = sock(k, IPV4)
    port = k.net_bind(probe, "127.0.0.1", 0)
    k.net_close(probe)   # the port is now free and nobody listens on it
    fd = sock(k, IPV4)
    assert k.net_connect(fd, "127.0.0.1", port) == -1
    assert k.errno_name() == "ECONNREFUSED"
    k.net_close(fd)


@error_path("net_connect", "EINPROGRESS")
def test_non_blocking_connect_is_einprogress_then_completes(k):
    server, port = listener(k, IPV4, "127.0.0.1")
    fd = sock(k, IPV4, STREAM, NONBLOCK)
    assert k.net_connect(fd, "127.0.0.1", port) == -1
    assert k.errno_name() == "EINPROGRESS"
    assert k.io_poll(fd, CONSTS["POLL_OUT"], int(TIMEOUT * 1000)) == CONSTS["POLL_OUT"]
    for f in (fd, server):
        k.net_close(f)


@error_path("net_connect", "EISCONN")
def test_connect_twice_is_eisconn(k):
    server, port = listener(k, IPV4, "127.0.0.1")
    fd = sock(k, IPV4)
    assert k.net_connect(fd, "127.0.0.1", port) == 0
    assert k.net_connect(fd, "127.0.0.1", port) == -1
    assert k.errno_name() == "EISCONN"
    for f in (fd, server):
        k.net_close(f)


@error_path("net_connect", "EINVAL")
@pytest.mark.parametrize("addr", ["", "1.2.3", "127.0.0.1\0"])
def test_connect_rejects_empty_or_malformed_address(k, addr):
    fd = sock(k, IPV4)
    assert k.net_connect(fd, addr, 80) == -1
    assert k.errno_name() == "EINVAL"
    k.net_close(fd)


@error_path("net_connect", "EBADF")
def test_connect_on_bad_descriptor_is_ebadf(k):
    assert k.net_connect(987654, "127.0.0.1", 1) == -1
    assert k.errno_name() == "EBADF"


@error_path("net_close", "EBADF")
def test_close_of_bad_descriptor_is_ebadf(k):
    assert k.net_close(987654) == -1
    assert k.errno_name() == "EBADF"
