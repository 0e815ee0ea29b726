"""std/net: addresses against Python's ipaddress, the Orus echo server talked to by Python
and by an Orus client over 127.0.0.1 and ::1, and the HTTP client against a Python server
started here on an ephemeral port. Orus programs run as separate processes on the built VM."""
import ipaddress
import socket
import subprocess
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.std.orus_filters import ROOT, UNITS, check_unit_file

FEW = settings(max_examples=5, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FAMILIES = ["127.0.0.1", "::1"]


def start(path: Path, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "stage0", "run", str(path), *map(str, args)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(path: Path, *args) -> list:
    result = subprocess.run([sys.executable, "-m", "stage0", "run", str(path), *map(str, args)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def server_port(proc: subprocess.Popen) -> int:
    first = proc.stdout.readline().split()
    assert first[:1] == ["port"], first + [proc.stderr.read()]
    return int(first[1])


def finish(proc: subprocess.Popen) -> list:
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, out + err
    return out.splitlines()


def echo_once(host: str, port: int, payload: bytes) -> bytes:
    with socket.create_connection((host, port), timeout=20) as s:
        s.sendall(payload)
        got = b""
        while len(got) < len(payload):
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        return got


# ---- unit tests written in Orus -------------------------------------------------------------------

def test_net_unit_file_passes(orus):
    check_unit_file(orus, "units_net.orus")


# ---- addresses against ipaddress ------------------------------------------------------------------

def addr_results(orus, texts) -> list:
    """What std/net/addr makes of each text: the canonical form, or ERR."""
    source = "\n".join([
        "use io", "use net.addr",
        "match io.stdin().lines():",
        "    Result.Ok(lines) ->",
        "        for line in lines:",
        "            match addr.parse_ip(line):",
        "                Result.Ok(ip) -> print(ip.format())",
        "                Result.Err(_) -> print(\"ERR\")",
        "    Result.Err(e) -> print(e.message())",
    ]) + "\n"
    run_ = orus.run(source, stdin="".join(t + "\n" for t in texts))
    assert run_.status == 0, run_.stdout + run_.stderr
    return run_.stdout.splitlines()


def python_canonical(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return "ERR"


def v6_spellings(value: int, draw_case, draw_style):
    """Textual forms of one IPv6 address: exploded, compressed, leading zeros, IPv4 tail."""
    ip = ipaddress.IPv6Address(value)
    groups = ip.exploded.split(":")
    style = draw_style
    if style == 0:
        text = ip.exploded
    elif style == 1:
        text = ip.compressed
    elif style == 2:
        text = ":".join(g.lstrip("0") or "0" for g in groups)
    else:
        tail = ipaddress.IPv4Address(value & 0xFFFFFFFF)
        text = ":".join(groups[:6]) + ":" + str(tail)
    return text.upper() if draw_case else text


V6_VALUES = st.one_of(st.integers(0, 2 ** 128 - 1),
                      st.lists(st.sampled_from([0, 0, 0, 1, 0xFFFF, 0xABC]), min_size=8,
                               max_size=8).map(lambda gs: int("".join(f"{g:04x}" for g in gs), 16)))


@FEW
@given(st.lists(st.tuples(V6_VALUES, st.booleans(), st.integers(0, 3)), min_size=1, max_size=20),
       st.lists(st.integers(0, 2 ** 32 - 1), max_size=10))
def test_addresses_format_like_python_ipaddress(orus, v6, v4):
    texts = [v6_spellings(v, c, s) for v, c, s in v6] + [str(ipaddress.IPv4Address(v)) for v in v4]
    assert addr_results(orus, texts) == [python_canonical(t) for t in texts]


ADDR_CHARS = st.sampled_from(list("0123456789abcdefABCDEF:.") + ["::", "255", "256", "00", "g"])


@FEW
@given(st.lists(st.lists(ADDR_CHARS, min_size=1, max_size=14).map("".join), min_size=1, max_size=30))
def test_address_acceptance_matches_python_ipaddress(orus, texts):
    assert addr_results(orus, texts) == [python_canonical(t) for t in texts]


# ---- the echo server ------------------------------------------------------------------------------

@pytest.mark.parametrize("host", FAMILIES)
def test_echo_server_answers_python_clients(host):
    payloads = [b"hello", bytes(range(256)) * 300, b""]
    proc = start(UNITS / "net_echo_server.orus", host, len(payloads))
    port = server_port(proc)
    for payload in payloads:
        assert echo_once(host, port, payload) == payload
    assert finish(proc) == [f"served {len(payloads)} failed 0 bytes {sum(map(len, payloads))}"]


@pytest.mark.parametrize("host", FAMILIES)
def test_echo_server_answers_an_orus_client(host):
    proc = start(UNITS / "net_echo_server.orus", host, 1)
    port = server_port(proc)
    lines = run(UNITS / "net_echo_client.orus", host, port, "one", "two words", "")
    assert lines[:3] == ["echo one", "echo two words", "echo "]
    assert lines[3].startswith("peer ") and lines[3].endswith(f":{port}")
    sent = len("one\ntwo words\n\n")
    assert finish(proc) == [f"served 1 failed 0 bytes {sent}"]


def test_echo_server_stops_when_told(tmp_path):
    stop = tmp_path / "stop"
    proc = start(UNITS / "net_echo_server.orus", "127.0.0.1", 0, stop)
    port = server_port(proc)
    assert echo_once("127.0.0.1", port, b"before stop") == b"before stop"
    stop.write_text("")
    assert finish(proc) == ["served 1 failed 0 bytes 11"]


@FEW
@given(st.lists(st.binary(max_size=5000), min_size=1, max_size=4))
def test_echo_server_returns_arbitrary_bytes(payloads):
    proc = start(UNITS / "net_echo_server.orus", "127.0.0.1", len(payloads))
    port = server_port(proc)
    assert [echo_once("127.0.0.1", port, p) for p in payloads] == payloads
    finish(proc)


# ---- the HTTP client ------------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    """/status/N answers N; /chunked/a,b,c sends chunks a, b, c; /close sends a body without a
    length and closes; /echo returns the request body and the X-Test header."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body: bytes, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(n.lower() == "transfer-encoding" for n, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        parts = self.path.split("/")
        if parts[1] == "status":
            code = int(parts[2])
            if code in (204, 304):
                self.send_response(code)
                self.end_headers()
                return
            self.reply(code, f"status {code}".encode(), [("X-Kind", "status")])
        elif parts[1] == "chunked":
            chunks = [bytes.fromhex(c) for c in parts[2].split(",")] if parts[2] else []
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("X-Kind", "chunked")
            self.end_headers()
            for c in chunks:
                if c:
                    self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(c), c))
            self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
        elif parts[1] == "close":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"until the end")
            self.close_connection = True
        else:
            self.reply(404, b"no such page")

    do_HEAD = do_GET

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.reply(201, body + b"|" + self.headers.get("X-Test", "-").encode(), [("X-Kind", "echo")])


@pytest.fixture(scope="module")
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def http_lines(port, *requests) -> list:
    return run(UNITS / "http_client.orus", "127.0.0.1", port, *requests)


def expect(status, reason, kind, body: bytes) -> list:
    shown = "Option.None" if kind is None else f'Option.Some("{kind}")'
    return [f"status {status} {reason}".rstrip(), f"x-kind {shown}", f"body {body.hex()}"]


def test_http_status_codes_and_headers(http_server):
    codes = [200, 201, 204, 301, 304, 404, 500]
    lines = http_lines(http_server, *[f"GET /status/{c}" for c in codes], "GET /missing")
    want = []
    for c in codes:
        reason = HTTPStatus(c).phrase
        if c in (204, 304):
            want += expect(c, reason, None, b"")
        else:
            want += expect(c, reason, "status", f"status {c}".encode())
    want += expect(404, "Not Found", None, b"no such page")
    assert lines == want


def test_http_head_has_no_body(http_server):
    assert http_lines(http_server, "HEAD /status/200") == expect(200, "OK", "status", b"")


def test_http_post_sends_body_and_headers(http_server):
    lines = http_lines(http_server, "POST /echo some data: with spaces")
    assert lines == expect(201, "Created", "echo", b"some data: with spaces|yes")


def test_http_body_without_length_reads_to_close(http_server):
    assert http_lines(http_server, "GET /close") == expect(200, "OK", None, b"until the end")


@FEW
@given(st.lists(st.binary(min_size=1, max_size=3000), max_size=6))
def test_http_chunked_bodies_are_reassembled(http_server, chunks):
    path = "/chunked/" + ",".join(c.hex() for c in chunks)
    assert http_lines(http_server, "GET " + path) == expect(200, "OK", "chunked", b"".join(chunks))


def test_http_connection_refused_is_a_clean_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    lines = http_lines(port, "GET /")
    assert lines == [f"error GET 127.0.0.1:{port}/: connect 127.0.0.1:{port}: connection refused "
                     "(ECONNREFUSED)"]
