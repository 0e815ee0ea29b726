"""Builder scripts: the calls a stage0 ModuleBuilder received, as text tests/stage1/replay.orus
replays on stage1/bytecode.orus.

`Recorder` makes ModuleBuilders whose calls (and their FunctionBuilders' calls) are logged with
the value stage0 returned, or the message of the BytecodeError it raised. One line per call:

    METHOD EXPECTED ARGS...

EXPECTED is the result ("-" when none, "!" + hex message on error); strings are "x" + hex of
their UTF-8 bytes, integers decimal. FunctionBuilder methods are "f.NAME EXPECTED FN ARGS"
with FN the function's index. Only the outermost call is logged (jump() calls emit()).
Integers are written as given, except that const_int calls with a value above the i64 range
are written as stage1's const_u64 calls (an i64 cannot carry it) and const_f64 values as the
i64 of their bits.
"""
import struct
from contextlib import contextmanager

from stage0 import bytecode
from stage0.bytecode import BytecodeError, FunctionBuilder, Label, ModuleBuilder


def s(text) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    return "x" + data.hex()


def i64(value: int) -> int:
    value &= 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value >= 1 << 63 else value


def f64_bits(value: float) -> int:
    return i64(struct.unpack("<Q", struct.pack("<d", value))[0])


class Recorder:
    """Collects the script lines of every builder it makes."""

    def __init__(self, out_dir: str) -> None:
        self.lines: list[str] = []
        self.depth = 0
        self.out_dir = out_dir
        self.images = 0

    def header(self) -> None:
        self.lines.append("prims - " + " ".join(str(n) for n in bytecode._idl_arities()))

    @contextmanager
    def call(self, method: str, args: list):
        """Run one builder call, logging it with its outcome when it is the outermost."""
        outer = self.depth == 0
        self.depth += 1
        box = [None]
        try:
            yield box
        except BytecodeError as err:
            if outer:
                self.log(method, "!" + str(err).encode("utf-8").hex(), args)
            raise
        finally:
            self.depth -= 1
        if outer:
            result = box[0]
            self.log(method, "-" if result is None else str(result), args)

    def log(self, method: str, result: str, args: list) -> None:
        self.lines.append(" ".join([method, result] + [str(a) for a in args]))

    def module(self, name: str, source: str = "") -> "RecordingModule":
        self.lines.append(f"module - {s(name)} {s(source)}")
        return RecordingModule(self, name, source)

    def image_path(self) -> str:
        """Where the replay writes the image of the next successful to_bytes."""
        return f"{self.out_dir}/{self.images}.orbc"

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class RecordingFunction(FunctionBuilder):
    """A FunctionBuilder that logs its calls to the module's recorder."""

    def _rec(self, method: str, args: list):
        return self.module.recorder.call("f." + method, [self.index] + args)

    def line(self, n):
        with self._rec("line", [n]):
            super().line(n)

    def label(self):
        with self._rec("label", []) as box:
            lab = super().label()
            box[0] = lab.id
        return lab

    def mark(self, label):
        with self._rec("mark", [label.id]):
            super().mark(label)

    def reserve(self, nregs):
        with self._rec("reserve", [nregs]):
            super().reserve(nregs)

    def upvalue(self, in_stack, index):
        with self._rec("upvalue", [int(bool(in_stack)), index]) as box:
            box[0] = super().upvalue(in_stack, index)
        return box[0]

    def emit(self, op, *operands, target=None):
        if target is None:
            method, args = "emit", [s(op)] + list(operands)
        else:
            method, args = "emit_to", [s(op), target.id] + list(operands)
        with self._rec(method, args) as box:
            box[0] = super().emit(op, *operands, target=target)
        return box[0]

    def jump(self, target):
        with self._rec("jump", [target.id]) as box:
            box[0] = super().jump(target)
        return box[0]


class RecordingModule(ModuleBuilder):
    """A ModuleBuilder that logs its calls, and makes RecordingFunctions."""

    def __init__(self, recorder: Recorder, name: str, source: str = "", prim_arity=None):
        super().__init__(name, source, prim_arity)
        self.recorder = recorder

    def _rec(self, method: str, args: list):
        return self.recorder.call(method, args)

    def const_int(self, value, type="i32"):
        method = "const_u64" if value >= 1 << 63 else "const_int"
        with self._rec(method, [s(type), value]) as box:
            box[0] = super().const_int(value, type)
        return box[0]

    def const_f64(self, value):
        with self._rec("const_f64", [f64_bits(value)]) as box:
            box[0] = super().const_f64(value)
        return box[0]

    def const_bool(self, value):
        with self._rec("const_bool", [int(bool(value))]) as box:
            box[0] = super().const_bool(value)
        return box[0]

    def const_str(self, value):
        with self._rec("const_str", [s(value)]) as box:
            box[0] = super().const_str(value)
        return box[0]

    def struct_shape(self, name, fields):
        with self._rec("struct_shape", [s(name)] + [s(f) for f in fields]) as box:
            box[0] = super().struct_shape(name, fields)
        return box[0]

    def variant_shape(self, enum, variant, index, payloads):
        args = [s(enum), s(variant), index] + [s(p) for p in payloads]
        with self._rec("variant_shape", args) as box:
            box[0] = super().variant_shape(enum, variant, index, payloads)
        return box[0]

    def global_var(self, name):
        with self._rec("global_var", [s(name)]) as box:
            box[0] = super().global_var(name)
        return box[0]

    def import_name(self, module, name):
        with self._rec("import_name", [s(module), s(name)]) as box:
            box[0] = super().import_name(module, name)
        return box[0]

    def export_global(self, name, index):
        with self._rec("export_global", [s(name), index]):
            super().export_global(name, index)

    def export_function(self, name, fn):
        index = fn if isinstance(fn, int) else fn.index
        with self._rec("export_function", [s(name), index]):
            super().export_function(name, fn)

    def function(self, name, arity):
        with self._rec("function", [s(name), arity]) as box:
            fb = RecordingFunction(self, len(self.functions), name, arity)
            self.functions.append(fb)
            box[0] = fb.index
        return fb

    def set_init(self, fn):
        index = fn if isinstance(fn, int) else fn.index
        with self._rec("set_init", [index]):
            super().set_init(fn)

    def intrinsic(self, name):
        with self._rec("intrinsic", [s(name)]) as box:
            box[0] = ModuleBuilder.intrinsic(name)
        return box[0]

    def to_bytes(self):
        with self._rec("to_bytes", [s(self.recorder.image_path())]):
            data = super().to_bytes()
        self.recorder.images += 1
        return data


__all__ = ["Recorder", "RecordingModule", "Label"]
