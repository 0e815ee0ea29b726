"""ctypes binding of the kernel, declared from kernel.idl so it cannot drift from the ABI.

`Kernel(path)` loads libork.so (or libork_fault.so) and exposes each primitive as a
method taking Python values: a `bytes` parameter takes a bytearray (or ctypes buffer)
and passes its storage and capacity, a `string` parameter takes bytes or str.
"""
from __future__ import annotations

import ctypes
import struct
from dataclasses import dataclass
from pathlib import Path

from templates.idl import Kernel as Idl, load
from templates.render import ROOT

IDL: Idl = load(ROOT / "kernel.idl")
ERRORS = {e.name: e.value for e in IDL.errors}
ERROR_NAMES = {e.value: e.name for e in IDL.errors}
CONSTS = {c.name: c.value for c in IDL.consts}
CAPS = {c.name: 1 << c.bit for c in IDL.caps}
PRIM_IDS = {p.name: p.id for p in IDL.prims}

FAULT_ERROR, FAULT_EINTR, FAULT_EAGAIN, FAULT_SHORT = 1, 2, 3, 4

_CTYPES = {
    "void": None, "bool": ctypes.c_bool, "i32": ctypes.c_int32, "i64": ctypes.c_int64,
    "u8": ctypes.c_uint8, "u32": ctypes.c_uint32, "u64": ctypes.c_uint64, "usize": ctypes.c_size_t,
    "f64": ctypes.c_double, "RawPtr": ctypes.c_void_p,
}


def _c_argtypes(prim) -> list:
    types = []
    for p in prim.params:
        if p.type.is_buffer:
            types += [ctypes.c_void_p, ctypes.c_size_t]
        else:
            types.append(_CTYPES[p.type.name])
    return types


def _buffer_arg(value):
    """(pointer, capacity) of a mutable buffer; None is (NULL, 0)."""
    if value is None:
        return None, 0
    if isinstance(value, bytearray):
        if not value:
            return None, 0
        return ctypes.addressof((ctypes.c_char * len(value)).from_buffer(value)), len(value)
    return ctypes.addressof(value), ctypes.sizeof(value)


def _string_arg(value):
    if value is None:
        return None, 0
    data = value.encode() if isinstance(value, str) else bytes(value)
    return ctypes.c_char_p(data), len(data)


@dataclass
class Call:
    """One primitive bound to a library: converts Python arguments per IDL type."""
    prim: object
    fn: object

    def __call__(self, *args):
        if len(args) != len(self.prim.params):
            raise TypeError(f"{self.prim.name} takes {len(self.prim.params)} arguments")
        flat, keep = [], []
        for p, value in zip(self.prim.params, args):
            if p.type.name == "bytes":
                flat += _buffer_arg(value)
            elif p.type.name == "string":
                ptr, n = _string_arg(value)
                keep.append(ptr)
                flat += [ptr, n]
            else:
                flat.append(value)
        return self.fn(*flat)


class Kernel:
    """A loaded kernel library with one attribute per primitive (plus fault control)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.lib = ctypes.CDLL(str(path))
        for prim in IDL.prims:
            fn = getattr(self.lib, f"ork_{prim.name}")
            fn.argtypes = _c_argtypes(prim)
            fn.restype = _CTYPES[prim.ret.name]
            setattr(self, prim.name, Call(prim, fn))
        self.has_faults = hasattr(self.lib, "ork_fault_arm")
        if self.has_faults:
            self.lib.ork_fault_arm.argtypes = [ctypes.c_int32, ctypes.c_int64, ctypes.c_int32, ctypes.c_int64]
            self.lib.ork_fault_arm.restype = ctypes.c_int32
            self.lib.ork_fault_alloc.argtypes = [ctypes.c_int64, ctypes.c_int64]
            self.lib.ork_fault_fired.restype = ctypes.c_int64

    # -- errors ---------------------------------------------------------------
    def errno_name(self) -> str:
        return ERROR_NAMES[self.kernel_errno()]

    # -- fault injection (libork_fault.so only) ------------------------------
    def fault_reset(self) -> None:
        self.lib.ork_fault_reset()

    def fault_arm(self, prim: str, nth: int, kind: int, arg: int = 0) -> None:
        assert self.lib.ork_fault_arm(PRIM_IDS[prim], nth, kind, arg) == 0

    def fault_error(self, prim: str, error: str, nth: int = 1) -> None:
        self.fault_arm(prim, nth, FAULT_ERROR, ERRORS[error])

    def fault_alloc(self, after: int, count: int = -1) -> None:
        self.lib.ork_fault_alloc(after, count)

    def fault_fired(self) -> int:
        return self.lib.ork_fault_fired()

    # -- conveniences for out-buffers -----------------------------------------
    def trace(self, prim: str) -> tuple[int, int, int]:
        out = bytearray(24)
        assert self.trace_query(PRIM_IDS[prim], out) == 0
        return struct.unpack("<QQQ", out)

    def pipe(self) -> tuple[int, int]:
        out = bytearray(8)
        assert self.io_pipe(out) == 0
        return struct.unpack("<ii", out)


def unpack_stat(out: bytes) -> dict:
    size, mtime, kind, mode, inode = struct.unpack("<QqIIQ", bytes(out[:32]))
    return {"size": size, "mtime_ns": mtime, "kind": kind, "mode": mode, "inode": inode}


def unpack_addr(out: bytes) -> tuple[str, int]:
    port, n = struct.unpack("<HB", bytes(out[:3]))
    return bytes(out[3:3 + n]).decode(), port
