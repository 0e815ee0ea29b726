"""Renderings of kernel.idl: C header, dispatch table, std/__kernel.orus, docs/kernel_abi.md.

The context gives templates the parsed `Kernel` plus ready-made spellings of each
primitive (C prototype, thunk call, Orus signature) so the templates stay declarative.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from templates.idl import KIND_ORDER, TYPES, Kernel, Prim, load
from templates.render import Rendering

IDL = "kernel.idl"
TASK = "kernel_stubs"

DOMAINS = {
    "mem": "Memory", "io": "Byte streams", "fs": "File system", "rng": "Entropy",
    "time": "Time", "env": "Environment", "proc": "Processes", "net": "Network",
    "sys": "System", "trace": "Telemetry", "kernel": "Kernel",
}


@dataclass(frozen=True)
class PrimView:
    """A primitive with the spellings the templates need."""
    prim: Prim

    @property
    def upper(self) -> str:
        return self.prim.name.upper()

    @property
    def domain(self) -> str:
        return DOMAINS[self.prim.name.split("_")[0]]

    @property
    def c_params(self) -> str:
        parts = []
        for p in self.prim.params:
            t = p.type
            parts.append(f"{_c_decl(t.c, p.name)}, size_t {p.name}_len" if t.is_buffer else _c_decl(t.c, p.name))
        return ", ".join(parts) or "void"

    @property
    def c_prototype(self) -> str:
        return _c_decl(self.prim.ret.c, f"ork_{self.prim.name}({self.c_params})")

    @property
    def thunk_args(self) -> str:
        args = []
        for i, p in enumerate(self.prim.params):
            t = p.type
            if t.is_buffer:
                args.append(f"a[{i}].buf.ptr, a[{i}].buf.len")
            elif t.name == "bool":
                args.append(f"a[{i}].u != 0")
            elif t.name == "RawPtr":
                args.append(f"a[{i}].p")
            else:
                args.append(f"({t.c})a[{i}].{t.arg_field}")
        return ", ".join(args)

    @property
    def thunk_store(self) -> str:
        """The left-hand side receiving the C result (empty for void)."""
        ret = self.prim.ret
        return "" if ret.name == "void" else f"r->{ret.arg_field} = "

    @property
    def kinds(self) -> str:
        return ", ".join(f"ORK_K_{p.type.kind}" for p in self.prim.params) or "0"

    @property
    def orus_signature(self) -> str:
        params = ", ".join(f"{p.name}: {p.type.name}" for p in self.prim.params)
        ret = "" if self.prim.ret.name == "void" else f" -> {self.prim.ret.name}"
        return f"extern fn {self.prim.name}({params}){ret}"

    @property
    def errors_md(self) -> str:
        return ", ".join(f"`{e}`" for e in self.prim.errors) or "none"

    @property
    def idl_signature(self) -> str:
        params = ", ".join(f"{p.name}: {p.type.name}" for p in self.prim.params)
        return f"{self.prim.name}({params}) -> {self.prim.ret.name}"


def _c_decl(ctype: str, name: str) -> str:
    return f"{ctype}{name}" if ctype.endswith("*") else f"{ctype} {name}"


def _member(t) -> str:
    if t.name == "void":
        return "none"
    return "`buf.ptr`, `buf.len`" if t.is_buffer else f"`{t.arg_field}`"


def context(root: Path) -> dict:
    kernel: Kernel = load(root / IDL)
    views = [PrimView(p) for p in kernel.prims]
    groups: dict[str, list] = {}
    for c in kernel.consts:
        groups.setdefault(c.group, []).append(c)
    domains: dict[str, list[PrimView]] = {}
    for v in views:
        domains.setdefault(v.domain, []).append(v)
    kind_rows = {TYPES[n].kind: {"member": _member(TYPES[n]), "c": TYPES[n].c.strip()} for n in KIND_ORDER}
    return {"kernel": kernel, "kind_rows": kind_rows, "prims": views, "kinds": [TYPES[name].kind for name in KIND_ORDER], "const_groups": groups,
            "domains": domains}


def _rendering(template: str, output: str) -> Rendering:
    return Rendering(template, output, IDL, TASK, context,
                     ("templates/idl.py", "templates/kernel.py", "templates/render.py"))


RENDERINGS = (
    _rendering("kernel_header.h.j2", "kernel/gen/ork_kernel.h"),
    _rendering("kernel_dispatch.c.j2", "kernel/gen/ork_dispatch.c"),
    _rendering("kernel_extern.orus.j2", "std/__kernel.orus"),
    _rendering("kernel_abi.md.j2", "docs/kernel_abi.md"),
)
