"""Write .orbc modules (docs/bytecode.md) from the opcode table (stage0/opcodes.py).

The code generator talks only to this module. One `ModuleBuilder` per module; it hands out
indices for constants, shapes (struct types and enum variants), globals, imports and
functions, and `FunctionBuilder`s that emit instructions with labels and line numbers:

    mb = ModuleBuilder("main", source="main.orus")
    k = mb.const_str("hi")
    main = mb.function("<init>", arity=0)
    done = main.label()
    main.line(1)
    main.emit("LOADK", 0, k)                  # operands in the table's order
    main.emit("JLTI", 1, 10, 1, target=done)   # +jmp ops take target=Label
    main.mark(done)
    main.emit("RETURN0")
    mb.set_init(main)
    data = mb.to_bytes()                       # deterministic: same calls, same bytes

Operands are given as plain integers; signed fields (sB, sC, sBx, sJ) take their signed
value; `jump` operands take a `Label`. Register counts are computed from the registers the
code names (see `FunctionBuilder.reserve` to force more). Errors raise `BytecodeError`.
"""
from __future__ import annotations

import struct
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from stage0.opcodes import FIELDS, INTRINSIC, OP, TAG_OF_TYPE, TAGS

MAGIC = b"ORBC"
FORMAT_VERSION = 1
KERNEL_ABI = 1
MAX_REGS = 255
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3

SHAPE_STRUCT, SHAPE_VARIANT = 0, 1
EXPORT_GLOBAL, EXPORT_FUNCTION = 0, 1
INT_RANGES = {
    "i32": (-2**31, 2**31 - 1), "i64": (-2**63, 2**63 - 1), "u8": (0, 255),
    "u32": (0, 2**32 - 1), "u64": (0, 2**64 - 1), "usize": (0, 2**64 - 1),
}


class BytecodeError(ValueError):
    """Bad use of the builder (unknown op, operand out of range, unplaced label...)."""


def fnv1a64(data: bytes) -> int:
    """The checksum of .orbc files (64-bit FNV-1a)."""
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h


def encode(op: str, **fields: int) -> int:
    """One instruction word from an op name and field values (signed fields take signed values)."""
    word = _opinfo(op).code
    for name, value in fields.items():
        start, width, excess = FIELDS[name]
        raw = value + excess
        if not 0 <= raw < (1 << width):
            lo, hi = -excess, (1 << width) - 1 - excess
            raise BytecodeError(f"{op}: field {name} = {value} outside {lo}..{hi}")
        word |= raw << start
    return word


def _opinfo(op: str):
    try:
        return OP[op]
    except KeyError:
        raise BytecodeError(f"unknown op '{op}'") from None


class _Writer:
    """Little-endian primitive encoder."""

    def __init__(self) -> None:
        self.out = bytearray()

    def u8(self, v: int) -> None:
        self.out += struct.pack("<B", v)

    def u16(self, v: int) -> None:
        self.out += struct.pack("<H", v)

    def u32(self, v: int) -> None:
        self.out += struct.pack("<I", v)

    def u64(self, v: int) -> None:
        self.out += struct.pack("<Q", v)

    def str(self, s: str | bytes) -> None:
        data = s.encode("utf-8") if isinstance(s, str) else s
        self.u32(len(data))
        self.out += data


@dataclass(frozen=True)
class Label:
    """A jump target inside one function; place it with FunctionBuilder.mark."""
    id: int


@dataclass(frozen=True)
class Shape:
    kind: int                       # SHAPE_STRUCT or SHAPE_VARIANT
    type_name: str
    variant: str
    variant_index: int
    fields: tuple[str, ...]


@dataclass
class _Insn:
    op: str
    fields: dict[str, int]
    target: Label | None = None     # resolved into the sJ field of this word


@dataclass
class FunctionBuilder:
    """Emits one function's code; obtain it from ModuleBuilder.function."""
    module: "ModuleBuilder"
    index: int
    name: str
    arity: int
    code: list[_Insn] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)   # (pc, line) when the line changes
    upvalues: list[tuple[int, int]] = field(default_factory=list)  # (in_stack, index)
    labels: dict[int, int | None] = field(default_factory=dict)
    max_reg: int = -1
    current_line: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.arity <= MAX_REGS:
            raise BytecodeError(f"function {self.name!r}: arity {self.arity} outside 0..{MAX_REGS}")
        self.max_reg = self.arity - 1

    # -- positions and lines -------------------------------------------------------
    @property
    def pc(self) -> int:
        """Index of the next word to be emitted."""
        return len(self.code)

    def line(self, n: int) -> None:
        """Source line of the instructions emitted from now on."""
        self.current_line = n

    def label(self) -> Label:
        lab = Label(len(self.labels))
        self.labels[lab.id] = None
        return lab

    def mark(self, label: Label) -> None:
        """Place `label` at the next instruction."""
        if self.labels.get(label.id, 0) is not None:
            raise BytecodeError(f"function {self.name!r}: label {label.id} placed twice or foreign")
        self.labels[label.id] = self.pc

    def reserve(self, nregs: int) -> None:
        """Make the frame at least `nregs` registers."""
        if nregs > MAX_REGS:
            raise BytecodeError(f"function {self.name!r}: {nregs} registers exceed {MAX_REGS}")
        self.max_reg = max(self.max_reg, nregs - 1)

    def upvalue(self, in_stack: bool, index: int) -> int:
        """Index of the upvalue capturing the enclosing function's register `index` (in_stack)
        or its upvalue `index`; the same capture gives the same index."""
        key = (int(in_stack), index)
        if key not in self.upvalues:
            if not 0 <= index <= 255:
                raise BytecodeError(f"upvalue source {index} outside 0..255")
            self.upvalues.append(key)
        return self.upvalues.index(key)

    # -- emission ------------------------------------------------------------------
    def emit(self, op: str, *operands: int, target: Label | None = None) -> int:
        """Append one instruction (two words for +jmp ops); returns its pc."""
        info = _opinfo(op)
        if len(operands) != len([o for o in info.operands if o[1] != "jump"]):
            want = ", ".join(f"{f}:{r}" for f, r in info.operands if r != "jump")
            raise BytecodeError(f"{op} takes ({want}), got {len(operands)} operands")
        if (info.jmp or any(r == "jump" for _, r in info.operands)) != (target is not None):
            raise BytecodeError(f"{op}: target= is {'required' if target is None else 'not allowed'}")
        values = dict(zip((f for f, r in info.operands if r != "jump"), operands))
        for f, r in info.operands:
            if r == "reg":
                self._use_reg(values[f])
        self._use_span(info, values)
        pc = self._append(op, values, target if not info.jmp else None)
        if info.jmp:
            self._append("JMP", {}, target)
        return pc

    def jump(self, target: Label) -> int:
        return self.emit("JMP", target=target)

    def _append(self, op: str, values: dict[str, int], target: Label | None) -> int:
        if target is not None and target.id not in self.labels:
            raise BytecodeError(f"function {self.name!r}: unknown label {target.id}")
        encode(op, **values)                      # range check now, with the caller's stack
        if not self.lines or self.lines[-1][1] != self.current_line:
            self.lines.append((self.pc, self.current_line))
        self.code.append(_Insn(op, values, target))
        return self.pc - 1

    def _use_reg(self, r: int) -> None:
        if not 0 <= r < MAX_REGS:
            raise BytecodeError(f"function {self.name!r}: register {r} outside 0..{MAX_REGS - 1}")
        self.max_reg = max(self.max_reg, r)

    def _use_span(self, info, values: dict[str, int]) -> None:
        if info.span is None:
            return
        env = dict(values)
        env.update(arity=self.module.function_arity, nfields=self.module.shape_fields,
                   iarity=lambda i: len(_intrinsic_by_id(i).params),
                   parity=self.module.prim_arity)
        first, last = (eval(expr, {"__builtins__": {}}, env) for expr in info.span)  # table-owned text
        if last >= first:
            self._use_reg(last)

    # -- output ----------------------------------------------------------------------
    def words(self) -> list[int]:
        out = []
        for pc, insn in enumerate(self.code):
            values = dict(insn.fields)
            if insn.target is not None:
                dest = self.labels[insn.target.id]
                if dest is None:
                    raise BytecodeError(f"function {self.name!r}: label {insn.target.id} never placed")
                values["sJ"] = self._thread(dest) - (pc + 1)
            out.append(encode(insn.op, **values))
        return out

    def _thread(self, dest: int) -> int:
        """Where a jump to dest may land instead: past the JMPs it would meet first (the end
        of an inner if jumping to the end of the outer one), so the branch is taken once.
        Labels never mark the JMP word of a conditional, so a JMP at dest is a plain one.
        At most len(code) steps: a loop of JMPs (an empty endless loop) stays a loop."""
        for _ in range(len(self.code)):
            insn = self.code[dest] if dest < len(self.code) else None
            if insn is None or insn.op != "JMP" or insn.target is None:
                break
            nxt = self.labels[insn.target.id]
            if nxt is None or nxt == dest:
                break
            dest = nxt
        return dest

    def nregs(self) -> int:
        return max(self.max_reg + 1, 1)


def _intrinsic_by_id(i: int):
    for info in INTRINSIC.values():
        if info.id == i:
            return info
    raise BytecodeError(f"unknown intrinsic id {i}")


@lru_cache(maxsize=1)
def _idl_arities() -> tuple[int, ...]:
    from templates.idl import load          # the kernel ABI's single source of truth
    return tuple(len(p.params) for p in load(Path(__file__).resolve().parent.parent / "kernel.idl").prims)


def _idl_arity(prim_id: int) -> int | None:
    arities = _idl_arities()
    return arities[prim_id] if 0 <= prim_id < len(arities) else None


class ModuleBuilder:
    """Collects one module's tables; `to_bytes` writes the .orbc image."""

    def __init__(self, name: str, source: str = "", prim_arity=None):
        self.name, self.source = name, source
        self.consts: list[tuple[int, int | bytes]] = []
        self._const_index: dict[tuple[int, int | bytes], int] = {}
        self.shapes: list[Shape] = []
        self.globals: list[str] = []
        self.functions: list[FunctionBuilder] = []
        self.imports: list[tuple[str, str]] = []
        self.exports: list[tuple[str, int, int]] = []
        self.init: int | None = None
        self._prim_arity = prim_arity

    # -- constants (deduplicated by type and exact bits) ------------------------------
    def const_int(self, value: int, type: str = "i32") -> int:
        lo, hi = INT_RANGES.get(type, (None, None))
        if lo is None:
            raise BytecodeError(f"const_int: '{type}' is not an integer type")
        if not lo <= value <= hi:
            raise BytecodeError(f"const_int: {value} does not fit {type}")
        return self._const(TAG_OF_TYPE[type], value & 0xFFFFFFFFFFFFFFFF)

    def const_f64(self, value: float) -> int:
        return self._const(TAGS["F64"], struct.unpack("<Q", struct.pack("<d", value))[0])

    def const_bool(self, value: bool) -> int:
        return self._const(TAGS["BOOL"], int(bool(value)))

    def const_str(self, value: str | bytes) -> int:
        data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        return self._const(TAGS["OBJ"], data)

    def _const(self, tag: int, payload: int | bytes) -> int:
        key = (tag, payload)
        if key not in self._const_index:
            self._const_index[key] = len(self.consts)
            self.consts.append(key)
        return self._const_index[key]

    # -- shapes ---------------------------------------------------------------------
    def struct_shape(self, name: str, fields: list[str]) -> int:
        """Index of a struct type's shape (NEWREC operand); fields in declaration order."""
        return self._shape(Shape(SHAPE_STRUCT, name, "", 0, tuple(fields)))

    def variant_shape(self, enum: str, variant: str, index: int, payloads: list[str]) -> int:
        """Index of one enum variant's shape; `index` is the variant's declaration position."""
        return self._shape(Shape(SHAPE_VARIANT, enum, variant, index, tuple(payloads)))

    def _shape(self, shape: Shape) -> int:
        if shape in self.shapes:
            return self.shapes.index(shape)
        self.shapes.append(shape)
        return len(self.shapes) - 1

    def shape_fields(self, index: int) -> int:
        return len(self.shapes[index].fields)

    # -- globals, imports, exports -----------------------------------------------------
    def global_var(self, name: str) -> int:
        """A new module global (GETGLOBAL/SETGLOBAL/DEFGLOBAL operand); `name` is for errors."""
        self.globals.append(name)
        return len(self.globals) - 1

    def import_name(self, module: str, name: str) -> int:
        """GETIMPORT operand for `name` exported by `module` (deduplicated)."""
        key = (module, name)
        if key not in self.imports:
            self.imports.append(key)
        return self.imports.index(key)

    def export_global(self, name: str, index: int) -> None:
        self.exports.append((name, EXPORT_GLOBAL, index))

    def export_function(self, name: str, fn: FunctionBuilder | int) -> None:
        self.exports.append((name, EXPORT_FUNCTION, fn if isinstance(fn, int) else fn.index))

    # -- functions -------------------------------------------------------------------------
    def function(self, name: str, arity: int) -> FunctionBuilder:
        """Declare a function (its index is fixed now, so calls may precede its body).
        `name` is its display name: "area", "Ticket.price", or "" when anonymous."""
        fb = FunctionBuilder(self, len(self.functions), name, arity)
        self.functions.append(fb)
        return fb

    def function_arity(self, index: int) -> int:
        return self.functions[index].arity

    def prim_arity(self, prim_id: int) -> int:
        """Parameter count of kernel primitive `prim_id` (from kernel.idl unless overridden)."""
        arity = (self._prim_arity or _idl_arity)(prim_id)
        if arity is None:
            raise BytecodeError(f"unknown kernel primitive id {prim_id}")
        return arity

    def set_init(self, fn: FunctionBuilder | int) -> None:
        """The function run once when the module loads (its top-level code)."""
        self.init = fn if isinstance(fn, int) else fn.index

    @staticmethod
    def intrinsic(name: str) -> int:
        """The INTRIN id of an intrinsic (stage0/opcodes.py INTRINSIC has signatures)."""
        try:
            return INTRINSIC[name].id
        except KeyError:
            raise BytecodeError(f"unknown intrinsic '{name}'") from None

    # -- output --------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        if self.init is None:
            raise BytecodeError(f"module {self.name!r} has no init function (set_init)")
        w = _Writer()
        w.out += MAGIC
        w.u16(FORMAT_VERSION)
        w.u16(KERNEL_ABI)
        w.u32(0)
        w.str(self.name)
        w.str(self.source)
        self._write_consts(w)
        self._write_shapes(w)
        w.u32(len(self.globals))
        for g in self.globals:
            w.str(g)
        w.u32(len(self.functions))
        for fn in self.functions:
            self._write_function(w, fn)
        w.u32(len(self.imports))
        for module, name in self.imports:
            w.str(module)
            w.str(name)
        w.u32(len(self.exports))
        for name, kind, index in self.exports:
            w.str(name)
            w.u8(kind)
            w.u32(index)
        w.u32(self.init)
        w.u64(fnv1a64(bytes(w.out)))
        return bytes(w.out)

    def write(self, path: str | Path) -> None:
        Path(path).write_bytes(self.to_bytes())

    def _write_consts(self, w: _Writer) -> None:
        w.u32(len(self.consts))
        for tag, payload in self.consts:
            w.u8(tag)
            if isinstance(payload, bytes):
                w.str(payload)
            else:
                w.u64(payload)

    def _write_shapes(self, w: _Writer) -> None:
        w.u32(len(self.shapes))
        for s in self.shapes:
            w.u8(s.kind)
            w.str(s.type_name)
            w.str(s.variant)
            w.u16(s.variant_index)
            w.u16(len(s.fields))
            for f in s.fields:
                w.str(f)

    @staticmethod
    def _write_function(w: _Writer, fn: FunctionBuilder) -> None:
        code = fn.words()
        w.str(fn.name)
        w.u8(fn.arity)
        w.u8(fn.nregs())
        w.u16(len(fn.upvalues))
        for in_stack, index in fn.upvalues:
            w.u8(in_stack)
            w.u8(index)
        w.u32(len(code))
        for word in code:
            w.u32(word)
        w.u32(len(fn.lines))
        for pc, line in fn.lines:
            w.u32(pc)
            w.u32(line)
