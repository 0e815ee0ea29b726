"""Helpers for runtime tests: build small modules with stage0/bytecode.py, run orusvm.

`Prog` wraps a ModuleBuilder whose init function is `prog.main`; `say_*` helpers emit
code printing a register (through the formatting intrinsics and __write) so tests can
assert exact stdout.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from stage0.bytecode import FunctionBuilder, ModuleBuilder


@dataclass
class Result:
    rc: int
    out: str
    err: str


class Prog:
    def __init__(self, name: str = "main"):
        self.mb = ModuleBuilder(name, source=f"{name}.orus")
        self.main = self.mb.function("", 0)
        self.mb.set_init(self.main)

    def k(self, value, type: str | None = None) -> int:
        mb = self.mb
        if isinstance(value, bool):
            return mb.const_bool(value)
        if isinstance(value, float) or type == "f64":
            return mb.const_f64(float(value))
        if isinstance(value, (str, bytes)):
            return mb.const_str(value)
        return mb.const_int(value, type or "i32")

    def load(self, f: FunctionBuilder, reg: int, value, type: str | None = None) -> None:
        f.emit("LOADK", reg, self.k(value, type))

    def intrin(self, f: FunctionBuilder, reg: int, name: str) -> None:
        f.emit("INTRIN", reg, self.mb.intrinsic(name))

    def finish(self, f: FunctionBuilder | None = None) -> None:
        (f or self.main).emit("RETURN0")

    def bytes(self) -> bytes:
        return self.mb.to_bytes()

    def write(self, path: Path) -> Path:
        path.write_bytes(self.bytes())
        return path

    # ---- printing ------------------------------------------------------------
    def _scratch(self, f: FunctionBuilder) -> int:
        return f.max_reg + 1

    def say_str(self, f: FunctionBuilder, reg: int) -> None:
        """Write the string in R[reg] and a newline."""
        s = self._scratch(f)
        f.emit("MOVE", s + 1, reg)
        self.load(f, s + 2, "\n")
        f.emit("CONCAT", s + 1, s + 1, s + 2)
        f.emit("LOADI", s, 1)
        self.intrin(f, s, "__write")

    def say_int(self, f: FunctionBuilder, reg: int, base: int = 10, upper: bool = False) -> None:
        s = self._scratch(f)
        f.emit("MOVE", s, reg)
        f.emit("LOADI", s + 1, base)
        f.emit("LOADBOOL", s + 2, int(upper))
        self.intrin(f, s, "__fmt_int")
        self.say_str(f, s)

    def say_f64(self, f: FunctionBuilder, reg: int) -> None:
        s = self._scratch(f)
        f.emit("MOVE", s, reg)
        self.intrin(f, s, "__fmt_f64")
        self.say_str(f, s)

    def say_bool(self, f: FunctionBuilder, reg: int) -> None:
        s = self._scratch(f)
        f.emit("LOADBOOL", s, 1)
        f.emit("JEQ", reg, s, 1, target=(yes := f.label()))
        self.load(f, s, "false")
        f.jump(done := f.label())
        f.mark(yes)
        self.load(f, s, "true")
        f.mark(done)
        self.say_str(f, s)

    def say_const(self, f: FunctionBuilder, text: str) -> None:
        s = self._scratch(f)
        self.load(f, s, text)
        self.say_str(f, s)


def run_vm(orusvm: Path, tmp_path: Path, prog: Prog | bytes, *args: str, timeout: float = 30,
           env: dict | None = None, name: str = "main.orbc") -> Result:
    path = tmp_path / name
    path.write_bytes(prog if isinstance(prog, bytes) else prog.bytes())
    p = subprocess.run([str(orusvm), "--no-prelude", str(path), *args], capture_output=True,
                       timeout=timeout, env=env)
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))
