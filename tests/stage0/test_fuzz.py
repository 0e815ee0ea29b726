"""Property: whatever the source text, the front end ends with a clean result or clean
diagnostics, never a Python exception (issue 5: no traceback for a user's program)."""
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from stage0.codegen import CodegenError, emit_program
from stage0.compiler import Program, check_program, default_search
from stage0.diagnostics import CompileError

PROGRAMS = Path(__file__).resolve().parent.parent / "programs"
PIECES = [
    "fn", "f", "(", ")", ":", "->", "i32", "x", "y", "=", "mut", "+", "-", "*", "/", "%", "<",
    ">", ">>", "<<", "==", "!=", "and", "or", "not", "if", "elif", "else", "while", "for", "in",
    "..", "..=", "return", "break", "continue", "'outer", "struct", "enum", "impl", "match",
    "_", "[", "]", "{", "}", ",", ".", ";", "1", "0x1f", "2.5", "300u8", "\"s\"", "\"@.3f\"",
    "true", "null", "print", "pass", "try", "catch", "use", "pub", "as", "string", "len",
    "push", "Option", "Some", "\n", "\n    ", "\n        ", "\t", "/*", "*/", "//", "self",
    "matches", "u64", "[i32, 3]", "range", "9223372036854775808", "-",
]
SEEDS = sorted(p for p in PROGRAMS.rglob("*.orus") if "lib" not in p.parts)[:60]


def front_end_is_clean(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.orus"
    path.write_text(text, encoding="utf-8")
    try:
        program = check_program(str(path), default_search(str(tmp_path), {}), Program())
    except CompileError as err:
        for d in err.diagnostics:
            assert d.message and d.line >= 0 and d.col >= 0
        return
    try:
        emit_program(program, "fuzz.orbc")
    except CodegenError as err:
        assert err.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join))
def test_random_token_streams_give_only_diagnostics(tmp_path, text):
    front_end_is_clean(tmp_path, text)


@st.composite
def mutated_program(draw):
    source = draw(st.sampled_from(SEEDS)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "insert", "duplicate_line", "swap_lines"]))
        at = draw(st.integers(0, max(len(source) - 1, 0)))
        if kind == "delete":
            source = source[:at] + source[at + draw(st.integers(1, 8)):]
        elif kind == "insert":
            source = source[:at] + draw(st.sampled_from(PIECES)) + source[at:]
        else:
            lines = source.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "duplicate_line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            source = "\n".join(lines)
    return source


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_program())
def test_mutated_golden_programs_give_only_diagnostics(tmp_path, text):
    os.makedirs(tmp_path / "lib", exist_ok=True)
    front_end_is_clean(tmp_path, text)
