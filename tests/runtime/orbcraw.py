"""Write .orbc images field by field, bypassing the builder's checks, so tests can feed the
loader exactly the malformed input a rule is about."""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

from stage0.bytecode import fnv1a64, encode


@dataclass
class Fn:
    words: list[int]
    arity: int = 0
    nregs: int = 4
    upvals: list[tuple[int, int]] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=lambda: [(0, 1)])
    name: str = "f"


@dataclass
class Image:
    fns: list[Fn]
    consts: list[tuple[int, int | bytes]] = field(default_factory=list)
    shapes: list[tuple[int, str, str, int, list[str]]] = field(default_factory=list)
    globals: list[str] = field(default_factory=list)
    imports: list[tuple[str, str]] = field(default_factory=list)
    exports: list[tuple[str, int, int]] = field(default_factory=list)
    init: int = 0
    magic: bytes = b"ORBC"
    version: int = 1
    abi: int = 1
    flags: int = 0
    name: str = "main"

    def body(self) -> bytes:
        out = bytearray(self.magic + struct.pack("<HHI", self.version, self.abi, self.flags))
        s = lambda t: struct.pack("<I", len(t.encode() if isinstance(t, str) else t)) + (t.encode() if isinstance(t, str) else t)
        out += s(self.name) + s("main.orus")
        out += struct.pack("<I", len(self.consts))
        for tag, payload in self.consts:
            out += bytes([tag]) + (s(payload) if isinstance(payload, bytes) else struct.pack("<Q", payload & (2**64 - 1)))
        out += struct.pack("<I", len(self.shapes))
        for kind, tname, vname, vix, fields in self.shapes:
            out += bytes([kind]) + s(tname) + s(vname) + struct.pack("<HH", vix, len(fields))
            for fname in fields:
                out += s(fname)
        out += struct.pack("<I", len(self.globals)) + b"".join(s(g) for g in self.globals)
        out += struct.pack("<I", len(self.fns))
        for fn in self.fns:
            out += s(fn.name) + struct.pack("<BBH", fn.arity, fn.nregs, len(fn.upvals))
            out += b"".join(bytes(u) for u in fn.upvals)
            out += struct.pack("<I", len(fn.words)) + b"".join(struct.pack("<I", w) for w in fn.words)
            out += struct.pack("<I", len(fn.lines)) + b"".join(struct.pack("<II", *ln) for ln in fn.lines)
        out += struct.pack("<I", len(self.imports)) + b"".join(s(m) + s(n) for m, n in self.imports)
        out += struct.pack("<I", len(self.exports))
        for name, kind, index in self.exports:
            out += s(name) + bytes([kind]) + struct.pack("<I", index)
        out += struct.pack("<I", self.init)
        return bytes(out)

    def bytes(self) -> bytes:
        return seal(self.body())


def seal(body: bytes) -> bytes:
    return body + struct.pack("<Q", fnv1a64(body))


RET = encode("RETURN0")
