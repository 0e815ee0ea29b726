"""The module loader, name resolution and type checker of the compiler in Orus (stage1) agree
with stage0's.

stage1/main.orus is compiled by stage0 (conftest.py); then, for every golden program (those
that fail to compile included), every example, every std module and every case in
tests/stage1/syntax/, stage1's output and exit status must equal stage0/dump.py's for
  modules  the modules loaded in initialisation order with their module-level tables, or the
           diagnostics of loading, parsing, collecting and binding imports;
  check    the diagnostics of the whole front end (compiler.check_program), rendered as
           `python -m stage0 check` renders them;
  types    every expression's type and what it denotes, module by module.
The stage1 runs go through a small pool.
"""
import functools
import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage1_harness import ROOT, corpus, start_runs  # noqa: E402

sys.path.insert(0, str(ROOT))

from stage0 import dump  # noqa: E402

MODES = ("modules", "types", "check")
SOURCES = corpus()


@functools.lru_cache(maxsize=None)
def stage0_output(mode: str, path: str) -> tuple:
    """stage0/dump.py's output and status; `check` is read off the types dump, whose diagnostics
    are check's and which prints nothing else when the program fails."""
    if mode == "check":
        text, status = stage0_output("types", path)
        return (text if status != dump.EX_OK else ""), status
    out = io.StringIO()
    status = dump.dump_program(mode, path, out, str(ROOT))
    return out.getvalue(), status


@pytest.fixture(scope="session")
def check_runs(front):
    pool, runs = start_runs([(mode, path) for mode in MODES for path in SOURCES])
    yield runs
    pool.shutdown(cancel_futures=True)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", SOURCES)
def test_stage1_equals_stage0(path, mode, check_runs):
    assert check_runs[(mode, path)].result() == stage0_output(mode, path)


# ---- the types dump (stage0/dump.py), the contract of the checker's port ---------------------

PROGRAM = """\
fn twice(x: i32) -> i32:
    return x * 2
fn first(items):
    return items[0]
n = twice(4)
print(n, first([n]))
"""


def types_listing(tmp_path, text: str) -> list:
    (tmp_path / "prog.orus").write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert dump.dump_program("types", "prog.orus", out, str(tmp_path)) == 0, out.getvalue()
    lines = out.getvalue().split("\n")
    return lines[lines.index('module prog path="prog.orus"') + 1:]


def test_types_dump_lists_each_expression_with_its_type_and_what_it_denotes(tmp_path):
    lines = types_listing(tmp_path, PROGRAM)
    assert "  2:12 Name i32 ref=local:x@1:10" in lines
    assert "  5:5 Call i32" in lines
    assert "  5:5 Name fn(i32) -> i32 ref=fn:twice=fn:prog.twice" in lines
    assert "  6:10 Name fn([i32]) -> i32 ref=fn:first=fn:prog.first inst=[[i32], i32]" in lines


def test_types_dump_names_open_type_variables_by_first_appearance(tmp_path):
    lines = types_listing(tmp_path, PROGRAM)
    assert "  4:12 Index ?0" in lines
    assert "  4:12 Name ?1 ref=local:items@3:10" in lines


def test_types_dump_of_a_failing_program_is_its_diagnostics(tmp_path):
    (tmp_path / "bad.orus").write_text('x: i32 = "no"\n', encoding="utf-8")
    out = io.StringIO()
    assert dump.dump_program("types", "bad.orus", out, str(tmp_path)) == dump.EX_DATAERR
    assert out.getvalue().startswith("bad.orus:1:10: error: Type mismatch")
