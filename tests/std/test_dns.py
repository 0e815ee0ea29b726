"""std/net/dns: the Orus unit file (hand-checked bytes), messages built by a Python model
(with and without label compression) parsed and re-encoded by Orus, and the resolver asking a
Python nameserver on 127.0.0.1 (ephemeral port) for A, AAAA, CNAME chains, NXDOMAIN, failures,
malformed, truncated, late and stray replies. Nothing here needs the internet."""
import ipaddress
import os
import socket
import struct
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.std.orus_filters import ROOT, UNITS, check_unit_file

FEW = settings(max_examples=6, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
A, CNAME, AAAA = 1, 5, 28


# ---- a model of DNS messages and its encoder ----------------------------------------------------

@dataclass
class Rec:
    name: str
    rtype: int
    cls: int
    ttl: int
    data: object            # bytes, or the target name of a CNAME


@dataclass
class Msg:
    id: int
    flags: int
    questions: list = field(default_factory=list)       # (name, qtype, class)
    sections: tuple = ((), (), ())                       # answers, authority, additional


def name_bytes(name: str, out: bytearray, seen: dict = None):
    """Append name; with seen (suffix -> offset), point at an earlier copy of a suffix."""
    labels = [] if name == "." else name.split(".")
    for i in range(len(labels)):
        suffix = ".".join(labels[i:])
        if seen is not None and suffix in seen:
            out += struct.pack(">H", 0xC000 | seen[suffix])
            return
        if seen is not None and len(out) < 0x4000:
            seen[suffix] = len(out)
        out.append(len(labels[i]))
        out += labels[i].encode()
    out.append(0)


def encode(m: Msg, compress: bool) -> bytes:
    seen = {} if compress else None
    out = bytearray(struct.pack(">HHHHHH", m.id, m.flags, len(m.questions),
                                *[len(s) for s in m.sections]))
    for name, qtype, cls in m.questions:
        name_bytes(name, out, seen)
        out += struct.pack(">HH", qtype, cls)
    for section in m.sections:
        for r in section:
            name_bytes(r.name, out, seen)
            if r.rtype == CNAME:                # the target may point into the message too
                body = out + bytearray(10)      # where the data starts: after type..length
                name_bytes(r.data, body, seen)
                data = body[len(out) + 10:]
            else:
                data = r.data
            out += struct.pack(">HHIH", r.rtype, r.cls, r.ttl, len(data)) + data
    return bytes(out)


def show_record(r: Rec) -> str:
    head = f"{r.name} {r.rtype} {r.cls} {r.ttl}"
    if r.rtype == A and len(r.data) == 4 or r.rtype == AAAA and len(r.data) == 16:
        return f"{head} ip {ipaddress.ip_address(r.data)}"
    if r.rtype == CNAME:
        return f"{head} cname {r.data}"
    return f"{head} data {r.data.hex()}"


def show(m: Msg) -> str:
    parts = [str(m.id), str(m.flags)] + [f"q {n} {t} {c}" for n, t, c in m.questions]
    for section in m.sections:
        parts += ["|"] + [show_record(r) for r in section]
    return ";".join(parts)


def filter_rows(hex_messages) -> list:
    result = subprocess.run([sys.executable, "-m", "stage0", "run", str(UNITS / "dns_filter.orus")],
                            cwd=ROOT, input="".join(h + "\n" for h in hex_messages),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == len(hex_messages), result.stdout
    return rows


LABEL = st.sampled_from(["a", "b", "com", "Test", "x-1", "mail", "z" * 63])
NAME = st.lists(LABEL, max_size=4).map(lambda ls: ".".join(ls) or ".").filter(
    lambda n: len(n) + 2 <= 255)                                # the wire limit (RFC 1035 2.3.4)


@st.composite
def records(draw):
    rtype = draw(st.sampled_from([A, AAAA, CNAME, 16, 99]))
    if rtype == CNAME:
        data = draw(NAME)
    elif rtype in (A, AAAA) and draw(st.booleans()):
        data = draw(st.binary(min_size=4 if rtype == A else 16, max_size=4 if rtype == A else 16))
    else:
        data = draw(st.binary(max_size=20))
    return Rec(draw(NAME), rtype, draw(st.sampled_from([1, 3, 255])), draw(st.integers(0, 2 ** 32 - 1)),
               data)


MESSAGES = st.builds(
    Msg, st.integers(0, 65535), st.integers(0, 65535),
    st.lists(st.tuples(NAME, st.sampled_from([A, AAAA, CNAME, 255]), st.just(1)), max_size=3),
    st.tuples(st.lists(records(), max_size=4), st.lists(records(), max_size=2),
              st.lists(records(), max_size=2)))


def test_dns_unit_file_passes(orus):
    check_unit_file(orus, "units_dns.orus")


@FEW
@given(st.lists(st.tuples(MESSAGES, st.booleans()), min_size=1, max_size=8))
def test_messages_parse_like_the_model_and_encode_uncompressed(messages):
    rows = filter_rows([encode(m, compress).hex() for m, compress in messages])
    assert rows == [[show(m), encode(m, False).hex()] for m, _ in messages]


@FEW
@given(MESSAGES, st.booleans(), st.data())
def test_every_strict_prefix_of_a_message_is_malformed(message, compress, data):
    wire = encode(message, compress)
    cuts = data.draw(st.lists(st.integers(0, len(wire) - 1), min_size=1, max_size=10))
    rows = filter_rows([wire[:n].hex() for n in cuts])
    assert all(row[0] == "ERR" and row[1].startswith("malformed DNS message: ") for row in rows)


@FEW
@given(st.lists(st.binary(min_size=12, max_size=80), min_size=1, max_size=20))
def test_garbage_is_rejected_or_survives_a_round_trip(blobs):
    first = filter_rows([b.hex() for b in blobs])
    parsed = [row for row in first if row[0] != "ERR"]
    second = filter_rows([row[1] for row in parsed])
    assert [row[0] for row in second] == [row[0] for row in parsed]


# ---- a nameserver on 127.0.0.1 --------------------------------------------------------------------

ZONE = {
    "a.test": {A: ["10.0.0.1", "10.0.0.2"], AAAA: ["2001:db8::1"]},
    "v6only.test": {AAAA: ["::1"]},
    "slow.test": {A: ["10.9.9.9"]},
    "noise.test": {A: ["10.1.1.1"]},
    "short.test": {A: ["10.3.3.3"]},
    "tc.test": {A: ["10.4.4.4"]},
    "tcbroken.test": {A: ["10.5.5.5"]},
}
CNAMES = {"alias.test": "a.test", "chain.test": "mid.test", "mid.test": "v6only.test",
          "loop.test": "loop2.test", "loop2.test": "loop.test"}
OTHER_ZONE = {"mid.test"}


def parse_query(data: bytes):
    qid, = struct.unpack(">H", data[:2])
    pos, labels = 12, []
    while data[pos]:
        labels.append(data[pos + 1:pos + 1 + data[pos]].decode())
        pos += 1 + data[pos]
    qtype, = struct.unpack(">H", data[pos + 1:pos + 3])
    return qid, ".".join(labels), qtype


def answer(qid: int, name: str, qtype: int, rcode: int = 0, flags: int = 0x8180) -> bytes:
    """The reply to (name, qtype) from ZONE and CNAMES, with compression. A chain is followed
    in the reply until it reaches a name of another zone (chain.test needs a second query)."""
    key, records = name.lower(), []
    while key in CNAMES and len(records) < 4:
        records.append(Rec(key, CNAME, 1, 60, CNAMES[key]))
        key = CNAMES[key]
        if key in OTHER_ZONE:
            break
    for text in ZONE.get(key, {}).get(qtype, []):
        records.append(Rec(key, qtype, 1, 60, ipaddress.ip_address(text).packed))
    known = name.lower() in ZONE or name.lower() in CNAMES
    return encode(Msg(qid, flags | (rcode if known or rcode else 3), [(name, qtype, 1)],
                      (records, (), ())), True)


class Nameserver:
    """Answers from ZONE over UDP and TCP; some names misbehave: missing.test does not exist,
    fail.test is a SERVFAIL, garbage.test and short.test get malformed replies, tc.test a
    truncated reply over UDP and the whole one over TCP, where tcbroken.test gets none;
    slow.test is answered only when asked again, silent.test never, and noise.test gets a reply
    with another id and one for another question before the right one."""

    def __init__(self):
        self.sock, self.listener = bound_pair()
        self.port = self.sock.getsockname()[1]
        self.asked = Counter()
        self.asked_tcp = Counter()
        threading.Thread(target=self.serve, daemon=True).start()
        threading.Thread(target=self.serve_tcp, daemon=True).start()

    def serve_tcp(self):
        """tc.test in full; tcbroken.test closes the connection without answering."""
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                size, = struct.unpack(">H", conn.recv(2))
                qid, name, qtype = parse_query(conn.recv(size))
                self.asked_tcp[name.lower(), qtype] += 1
                if name.lower() != "tcbroken.test":
                    reply = answer(qid, name, qtype)
                    conn.sendall(struct.pack(">H", len(reply)) + reply)

    def serve(self):
        while True:
            try:
                data, peer = self.sock.recvfrom(512)
            except OSError:
                return
            qid, name, qtype = parse_query(data)
            self.asked[name.lower(), qtype] += 1
            for reply in self.replies(qid, name, qtype, self.asked[name.lower(), qtype]):
                self.sock.sendto(reply, peer)

    def replies(self, qid, name, qtype, times):
        kind = name.lower()
        if kind == "silent.test" or kind == "slow.test" and times == 1:
            return []
        if kind == "fail.test":
            return [answer(qid, name, qtype, rcode=2)]
        if kind == "garbage.test":
            return [struct.pack(">HH", qid, 0x8180) + os.urandom(3) + b"\xff" * 20]
        if kind == "short.test":
            whole = answer(qid, name, qtype)
            return [whole[:len(whole) - 3]]
        if kind in ("tc.test", "tcbroken.test"):
            return [answer(qid, name, qtype, flags=0x8380)]
        if kind == "noise.test":
            return [answer(qid ^ 1, name, qtype), answer(qid, "a.test", qtype), answer(qid, name, qtype)]
        return [answer(qid, name, qtype)]

    def close(self):
        self.sock.close()
        self.listener.close()


def bound_pair():
    """A UDP socket and a listening TCP socket on one port of 127.0.0.1 (a nameserver serves
    both); tries other ports while the TCP side is taken."""
    for _ in range(50):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            tcp.bind(("127.0.0.1", udp.getsockname()[1]))
        except OSError:
            udp.close()
            tcp.close()
            continue
        tcp.listen(8)
        return udp, tcp
    raise RuntimeError("no port free for both UDP and TCP")


@pytest.fixture
def nameserver():
    server = Nameserver()
    yield server
    server.close()


def resolve(servers, port, *names, timeout=2000, attempts=2) -> list:
    result = subprocess.run([sys.executable, "-m", "stage0", "run", str(UNITS / "dns_resolve.orus"),
                             ",".join(servers), str(port), str(timeout), str(attempts), *names],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_resolver_answers_addresses_and_follows_cnames(nameserver):
    lines = resolve(["127.0.0.1"], nameserver.port, "a.test", "A.Test.", "alias.test", "chain.test",
                    "v6only.test", "10.2.3.4", "localhost")
    assert lines == ["a.test: 10.0.0.1 10.0.0.2 2001:db8::1", "A.Test.: 10.0.0.1 10.0.0.2 2001:db8::1",
                     "alias.test: 10.0.0.1 10.0.0.2 2001:db8::1", "chain.test: ::1",
                     "v6only.test: ::1", "10.2.3.4: 10.2.3.4", "localhost: 127.0.0.1"]
    assert nameserver.asked[("chain.test", AAAA)] == 1 and nameserver.asked[("mid.test", AAAA)] == 1
    assert ("10.2.3.4", A) not in nameserver.asked and ("localhost", A) not in nameserver.asked


def test_resolver_reports_failures_as_errors(nameserver):
    lines = resolve(["127.0.0.1"], nameserver.port, "missing.test", "fail.test", "garbage.test",
                    "short.test", "tcbroken.test", "loop.test", "bad..name", timeout=300)
    assert lines == ["missing.test: error ENOENT", "fail.test: error EIO", "garbage.test: error EIO",
                     "short.test: error EIO", "tcbroken.test: error EIO", "loop.test: error EIO",
                     "bad..name: error EINVAL"]
    assert nameserver.asked[("missing.test", AAAA)] == 0      # NXDOMAIN ends the search


def test_resolver_retries_once_and_ignores_stray_replies(nameserver):
    lines = resolve(["127.0.0.1"], nameserver.port, "slow.test", "noise.test", "silent.test",
                    timeout=300)
    assert lines == ["slow.test: 10.9.9.9", "noise.test: 10.1.1.1", "silent.test: error ETIMEDOUT"]
    assert nameserver.asked[("slow.test", A)] == 2
    assert nameserver.asked[("silent.test", A)] == 2


def test_resolver_asks_again_over_tcp_when_the_reply_is_truncated(nameserver):
    assert resolve(["127.0.0.1"], nameserver.port, "tc.test") == ["tc.test: 10.4.4.4"]
    assert nameserver.asked[("tc.test", A)] == 1 and nameserver.asked_tcp[("tc.test", A)] == 1
    assert nameserver.asked_tcp[("a.test", A)] == 0


def test_resolver_moves_on_from_a_silent_server(nameserver):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mute:
        mute.bind(("127.0.0.2", nameserver.port))
        lines = resolve(["127.0.0.2", "127.0.0.1"], nameserver.port, "a.test", timeout=200, attempts=1)
    assert lines == ["a.test: 10.0.0.1 10.0.0.2 2001:db8::1"]
