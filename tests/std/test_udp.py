"""std/net/udp: the Orus unit file, and Orus sockets talking to Python UDP peers over
127.0.0.1 and ::1 (an echo peer, a silent one, a receiver that checks the sender's port, and
a stranger whose datagrams a connected socket must not see)."""
import socket
import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.std.orus_filters import ROOT, UNITS, check_unit_file

FEW = settings(max_examples=8, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FAMILIES = ["127.0.0.1", "::1"]


def family(host: str):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


class EchoPeer:
    """A Python UDP socket that sends every datagram back reversed, and records who sent it."""

    def __init__(self, host: str):
        self.sock = socket.socket(family(host), socket.SOCK_DGRAM)
        self.sock.bind((host, 0))
        self.port = self.sock.getsockname()[1]
        self.senders = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                data, sender = self.sock.recvfrom(65535)
            except OSError:
                return
            self.senders.append(sender[1])
            self.sock.sendto(data[::-1], sender)

    def close(self):
        self.sock.close()


def run(name: str, *args) -> list:
    result = subprocess.run([sys.executable, "-m", "stage0", "run", str(UNITS / name), *map(str, args)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def start(name: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "stage0", "run", str(UNITS / name), *map(str, args)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_udp_unit_file_passes(orus):
    check_unit_file(orus, "units_udp.orus")


@pytest.mark.parametrize("host", FAMILIES)
def test_udp_client_talks_to_a_python_echo_peer(host):
    peer = EchoPeer(host)
    payloads = [b"hello", b"", bytes(range(256)) * 200]
    try:
        lines = run("udp_client.orus", host, peer.port, 10000, *[p.hex() for p in payloads])
    finally:
        peer.close()
    local = int(lines[0].split()[1])
    assert lines[1:] == [f"reply {p[::-1].hex()}" for p in payloads]
    assert peer.senders == [local] * len(payloads)


@FEW
@given(st.lists(st.binary(max_size=3000), min_size=1, max_size=5))
def test_udp_client_round_trips_arbitrary_datagrams(payloads):
    peer = EchoPeer("127.0.0.1")
    try:
        lines = run("udp_client.orus", "127.0.0.1", peer.port, 10000, *[p.hex() for p in payloads])
    finally:
        peer.close()
    assert lines[1:] == [f"reply {p[::-1].hex()}" for p in payloads]


@pytest.mark.parametrize("host", FAMILIES)
def test_udp_client_times_out_on_a_silent_peer(host):
    with socket.socket(family(host), socket.SOCK_DGRAM) as silent:
        silent.bind((host, 0))
        lines = run("udp_client.orus", host, silent.getsockname()[1], 50, "01", "02")
        got = [silent.recv(10), silent.recv(10)]
    assert lines[1:] == ["error ETIMEDOUT", "error ETIMEDOUT"]
    assert got == [b"\x01", b"\x02"]


def test_udp_client_sees_a_closed_port_as_refused():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert run("udp_client.orus", "127.0.0.1", port, 5000, "00")[1:] == ["error ECONNREFUSED"]


def server_port(proc) -> int:
    first = proc.stdout.readline().split()
    assert first[:1] == ["port"], first + [proc.stderr.read()]
    return int(first[1])


def finish(proc) -> list:
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, out + err
    return out.splitlines()


@pytest.mark.parametrize("host", FAMILIES)
def test_bound_socket_receives_from_any_python_sender(host):
    payloads = [b"one", b"\x00\xff" * 1000]
    proc = start("udp_server.orus", host, len(payloads))
    port = server_port(proc)
    for p in payloads:
        with socket.socket(family(host), socket.SOCK_DGRAM) as s:
            s.sendto(p, (host, port))
    assert finish(proc) == [f"datagram {p.hex()}" for p in payloads]


@pytest.mark.parametrize("host", FAMILIES)
def test_connected_socket_ignores_other_senders_and_answers_its_peer(host):
    with socket.socket(family(host), socket.SOCK_DGRAM) as friend, \
            socket.socket(family(host), socket.SOCK_DGRAM) as stranger:
        friend.bind((host, 0))
        friend.settimeout(20)
        proc = start("udp_server.orus", host, 1, friend.getsockname()[1])
        port = server_port(proc)
        stranger.sendto(b"from a stranger", (host, port))
        friend.sendto(b"from the peer", (host, port))
        reply, sender = friend.recvfrom(100)
        lines = finish(proc)
    assert lines == [f"datagram {b'from the peer'.hex()}"]
    assert (reply, sender[1]) == (b"13", port)
