"""The front end of the compiler in Orus (stage1) agrees with stage0's, byte for byte.

stage1/main.orus is compiled by stage0; then, for every Orus source of the repository (golden
programs, examples, std) and every case in tests/stage1/syntax/, its token dump and its
syntax-tree dump must equal stage0/dump.py's, including the rendered diagnostic when the
source has a lexical or syntax error. Generated mutants of the golden programs (a token
deleted or doubled) check the error paths further. The stage1 runs go through a small pool.
"""
import io
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage1_harness import (ROOT, corpus, golden_mutants, pool_size, start_runs,  # noqa: E402
                            stage1_output, write_sources)

sys.path.insert(0, str(ROOT))

from stage0 import dump  # noqa: E402

MODES = ("tokens", "ast")
MUTANTS = 240
SOURCES = corpus()


def stage0_dump(mode: str, path: str) -> tuple:
    """stage0/dump.py's output and exit status for a file."""
    out = io.StringIO()
    status = dump.main([mode, path], stdout=out)
    return out.getvalue(), status


@pytest.fixture(scope="session")
def stage1_runs(front):
    """Every stage1 dump of the corpus, started at once on a small pool."""
    pool, runs = start_runs([(mode, path) for mode in MODES for path in SOURCES])
    yield runs
    pool.shutdown(cancel_futures=True)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", SOURCES)
def test_stage1_dump_equals_stage0(path, mode, stage1_runs):
    assert stage1_runs[(mode, path)].result() == stage0_dump(mode, path)


def golden_syntax_failures() -> list:
    """Golden programs whose expected failure stage0 reports while lexing or parsing."""
    out = []
    for path in SOURCES:
        err = (ROOT / path).with_suffix(".err")
        if path.startswith("tests/programs/") and err.exists():
            if stage0_dump("ast", path)[1] == dump.EX_DATAERR:
                out.append(path)
    return out


@pytest.mark.parametrize("path", golden_syntax_failures())
def test_golden_syntax_error_has_the_expected_position_and_message(path, stage1_runs):
    lines = (ROOT / path).with_suffix(".err").read_text(encoding="utf-8").split("\n")
    where, _, fragment = lines[1].partition("error: ")[2].partition(": ")
    where = where.rstrip(":")
    first = stage1_runs[("ast", path)].result()[0].split("\n")[0]
    assert first.startswith(f"{path}:{where}: error: ") and fragment.strip() in first


def test_golden_syntax_failures_are_found():
    assert len(golden_syntax_failures()) >= 10


# ---- mutants: one token of a golden program deleted or doubled ----------------------------

MUTANT_DIR = ROOT / "build" / "front" / "mutants"


def delete_or_double(rng, text: str, toks: list):
    """One token (not layout) deleted or doubled."""
    toks = [t for t in toks if t.type not in ("NEWLINE", "INDENT", "DEDENT")]
    if not toks:
        return None
    tok = rng.choice(toks)
    piece = text[tok.index:tok.end]
    if rng.random() < 0.5:
        return text[:tok.index] + text[tok.end:]
    return text[:tok.index] + piece + " " + text[tok.index:]


MUTANTS_LIST = golden_mutants(SOURCES, 20240601, MUTANTS, delete_or_double)


@pytest.fixture(scope="session")
def mutant_runs(front):
    """Write every mutant under build/front/mutants and run stage1 on each."""
    paths = write_sources(MUTANT_DIR, MUTANTS_LIST)
    with ThreadPoolExecutor(max_workers=pool_size()) as pool:
        return {path: pool.submit(stage1_output, "ast", path) for path in paths}


@pytest.mark.parametrize("index", range(len(MUTANTS_LIST)))
def test_stage1_agrees_on_mutant(index, mutant_runs):
    path = (MUTANT_DIR / MUTANTS_LIST[index][0]).relative_to(ROOT).as_posix()
    assert mutant_runs[path].result() == stage0_dump("ast", path)
