"""The compilation pipeline: load modules, collect their names, bind imports, check types
(and, when asked, generate bytecode), module by module in initialisation order."""
import os
from dataclasses import dataclass, field

from stage0.diagnostics import CompileError, Reporter
from stage0.modules import SearchPath, load_program
from stage0.resolve import bind_imports, collect, exports_of
from stage0.types import Checker, Unifier, kernel_prims_from_idl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass
class CheckedModule:
    source: object                     # modules.SourceModule
    symbols: object                    # resolve.ModuleSymbols
    checker: object                    # types.Checker (its tables feed the code generator)


@dataclass
class Program:
    modules: list = field(default_factory=list)    # CheckedModule in initialisation order
    texts: dict = field(default_factory=dict)


def default_search(cwd: str, environ: dict) -> SearchPath:
    oruspath = [p for p in environ.get("ORUSPATH", "").split(":") if p]
    return SearchPath(cwd, oruspath, os.path.join(ROOT, "std"))


def intrinsic_table() -> dict:
    try:
        from stage0.opcodes import INTRINSIC
    except ImportError:
        return {}
    return dict(INTRINSIC)


def kernel_table() -> dict:
    try:
        with open(os.path.join(ROOT, "kernel.idl"), encoding="utf-8") as f:
            return kernel_prims_from_idl(f.read())
    except OSError:
        return {}


def check_program(main_path: str, search: SearchPath, program: Program) -> Program:
    """Parse and check a program; raises CompileError with every diagnostic found."""
    sources = load_program(main_path, search, program.texts)
    reporter = Reporter()
    unifier = Unifier()
    table = {}
    intrinsics, prims = intrinsic_table(), kernel_table()
    for src in sources:
        syms = collect(src, reporter.error)
        bind_imports(syms, src.tree, table, reporter.error)
        syms.exports = exports_of(syms)
        table[src.name] = syms
        checker = Checker(syms, table, unifier, reporter.error, intrinsics, prims)
        if "prelude" in src.imports:
            checker.prelude = table.get("prelude")
        checker.run(src.tree)
        program.modules.append(CheckedModule(src, syms, checker))
        if reporter.has_errors():
            break
    reporter.check()
    return program
