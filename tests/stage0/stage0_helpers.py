"""Shared helpers of the stage0 tests: check a source text and get its diagnostics."""
import os

from stage0.compiler import Program, check_program, default_search
from stage0.diagnostics import CompileError


def check_text(tmp_path, text: str, name: str = "main.orus"):
    """Check a program held in `text`; returns (program or None, list of diagnostics)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        program = check_program(str(path), default_search(str(tmp_path), {}), Program())
        return program, []
    except CompileError as err:
        return None, err.diagnostics


def first_error(tmp_path, text: str):
    program, diags = check_text(tmp_path, text)
    assert program is None, "expected a compile error"
    d = diags[0]
    return d.line, d.col, d.message


def scheme_of(program, name: str) -> str:
    """How a top-level function's type scheme prints."""
    from stage0.types import type_str
    checker = program.modules[-1].checker
    return type_str(checker.syms.fns[name].scheme.ty)


def here(*parts) -> str:
    return os.path.join(os.path.dirname(__file__), *parts)
