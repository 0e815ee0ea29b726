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
import io
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage1_harness import (ROOT, corpus, golden_mutants, pool_size,  # noqa: E402
                            stage0_dump, start_runs, write_sources)

sys.path.insert(0, str(ROOT))

from stage0 import dump  # noqa: E402
from stage0.diagnostics import CompileError  # noqa: E402
from stage0.parser import parse  # noqa: E402

MODES = ("modules", "types", "check")
SOURCES = corpus()


@pytest.fixture(scope="session")
def stage0_runs():
    """stage0's modules and types dumps of the corpus, computed on a pool of processes."""
    pool = stage0_pool()
    yield {(mode, path): pool.submit(stage0_dump, mode, path)
           for path in SOURCES for mode in ("modules", "types")}
    pool.shutdown(cancel_futures=True)


def stage0_pool() -> ProcessPoolExecutor:
    # spawn, not fork: the stage1 runs' threads may be starting processes at the same time
    return ProcessPoolExecutor(max_workers=pool_size(), mp_context=get_context("spawn"))


def stage0_output(runs: dict, mode: str, path: str) -> tuple:
    """stage0's output and status; `check` is read off the types dump, whose diagnostics are
    check's and which prints nothing else when the program fails."""
    if mode == "check":
        text, status = runs[("types", path)].result()
        return (text if status != dump.EX_OK else ""), status
    return runs[(mode, path)].result()


@pytest.fixture(scope="session")
def check_runs(front):
    pool, runs = start_runs([(mode, path) for path in SOURCES for mode in MODES])
    yield runs
    pool.shutdown(cancel_futures=True)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", SOURCES)
def test_stage1_equals_stage0(path, mode, check_runs, stage0_runs):
    assert check_runs[(mode, path)].result() == stage0_output(stage0_runs, mode, path)


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


# ---- mutants: one name or literal of a golden program replaced ----------------------------

MUTANTS = 160
MUTANT_DIR = ROOT / "build" / "front" / "check_mutants"
REPLACEABLE = ("IDENT", "INT", "FLOAT", "STRING", "TRUE", "FALSE")
LITERALS = ("1", "300", "-1", "1.5", '"s"', "true", "[1]", "null")


def replace_name_or_literal(rng, text: str, toks: list):
    """One identifier or literal replaced by another identifier of the same file or by a
    literal, which mostly trips the checker."""
    toks = [t for t in toks if t.type in REPLACEABLE]
    names = sorted({t.value for t in toks if t.type == "IDENT"})
    if not toks or not names:
        return None
    tok = rng.choice(toks)
    piece = rng.choice(names) if rng.random() < 0.6 else rng.choice(LITERALS)
    return text[:tok.index] + piece + text[tok.end:]


MUTANTS_LIST = golden_mutants(SOURCES, 20241126, MUTANTS, replace_name_or_literal)


@pytest.fixture(scope="session")
def mutant_runs(front):
    """Every mutant written under build/front/check_mutants, checked by stage1 and stage0."""
    paths = write_sources(MUTANT_DIR, MUTANTS_LIST)
    pool, runs = start_runs([("types", path) for path in paths])
    procs = stage0_pool()
    expected = {path: procs.submit(stage0_dump, "types", path) for path in paths}
    yield {path: (runs[("types", path)], expected[path]) for path in paths}
    procs.shutdown(cancel_futures=True)
    pool.shutdown(cancel_futures=True)


@pytest.mark.parametrize("index", range(len(MUTANTS_LIST)))
def test_stage1_checks_mutant_as_stage0(index, mutant_runs):
    path = (MUTANT_DIR / MUTANTS_LIST[index][0]).relative_to(ROOT).as_posix()
    stage1, stage0 = mutant_runs[path]
    assert stage1.result() == stage0.result()


def test_mutants_reach_the_checker():
    """Most mutants must fail in the checker, not in the lexer or parser."""
    failing = 0
    for name, text in MUTANTS_LIST:
        try:
            parse(text, name)
        except CompileError:
            continue
        failing += 1
    assert failing >= MUTANTS // 2
