"""The front end of the compiler in Orus (stage1) agrees with stage0's, byte for byte.

stage1/main.orus is compiled by stage0; then, for every Orus source of the repository (golden
programs, examples, std) and every case in tests/stage1/syntax/, its token dump and its
syntax-tree dump must equal stage0/dump.py's, including the rendered diagnostic when the
source has a lexical or syntax error. Generated mutants of the golden programs (a token
deleted or doubled) check the error paths further. The stage1 runs go through a small pool.
"""
import errno
import io
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from stage0 import dump  # noqa: E402
from stage0.lexer import tokenize  # noqa: E402
from stage0.diagnostics import CompileError  # noqa: E402

FRONT = ROOT / "build" / "stage1" / "front.orbc"
VM = ROOT / "build" / "bin" / "orusvm"
MODES = ("tokens", "ast")
MUTANTS = 240
TIMEOUT_SECONDS = 60


def corpus() -> list:
    found = []
    for folder in ("tests/programs", "examples", "std", "tests/stage1/syntax"):
        found.extend(sorted((ROOT / folder).rglob("*.orus")))
    return [p.relative_to(ROOT).as_posix() for p in found]


SOURCES = corpus()


def stage0_dump(mode: str, path: str) -> tuple:
    """stage0/dump.py's output and exit status for a file."""
    out = io.StringIO()
    status = dump.main([mode, path], stdout=out)
    return out.getvalue(), status


def stage1_dump(mode: str, path: str) -> tuple:
    """The stage1 front end's output (stdout then stderr) and exit status for a file."""
    for attempt in range(5):
        try:
            done = subprocess.run([str(VM), "--lib", str(FRONT.parent), str(FRONT), mode, path],
                                  cwd=ROOT, capture_output=True, timeout=TIMEOUT_SECONDS)
            break
        except OSError as err:      # EFAULT: spawning from many threads at once seldom fails
            if err.errno != errno.EFAULT or attempt == 4:
                raise
    text = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    return text, done.returncode


@pytest.fixture(scope="session")
def front():
    """Build the VM (doit's default tasks) and compile stage1/main.orus with stage0."""
    built = subprocess.run([sys.executable, "-m", "doit"], cwd=ROOT, capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    done = subprocess.run([sys.executable, "-m", "stage0", "compile", "stage1/main.orus", "-o",
                           str(FRONT.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return FRONT


@pytest.fixture(scope="session")
def stage1_runs(front):
    """Every stage1 dump of the corpus, started at once on a small pool."""
    jobs = int(os.environ.get("ORUS_TEST_JOBS", os.cpu_count() or 1))
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    runs = {(mode, path): pool.submit(stage1_dump, mode, path)
            for mode in MODES for path in SOURCES}
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

MUTANT_DIR = ROOT / "build" / "stage1" / "mutants"


def mutants() -> list:
    """Deterministic (name, text): a golden program with one token removed or repeated."""
    rng = random.Random(20240601)
    programs = [p for p in SOURCES if p.startswith("tests/programs/")]
    out = []
    while len(out) < MUTANTS:
        path = rng.choice(programs)
        text = (ROOT / path).read_text(encoding="utf-8")
        try:
            toks = [t for t in tokenize(text, path) if t.type not in ("NEWLINE", "INDENT", "DEDENT")]
        except CompileError:
            continue
        if not toks:
            continue
        tok = rng.choice(toks)
        piece = text[tok.index:tok.end]
        if rng.random() < 0.5:
            mutated = text[:tok.index] + text[tok.end:]
        else:
            mutated = text[:tok.index] + piece + " " + text[tok.index:]
        out.append((f"mutant{len(out):03d}_{Path(path).stem}.orus", mutated))
    return out


MUTANTS_LIST = mutants()


@pytest.fixture(scope="session")
def mutant_runs(front):
    """Write every mutant under build/stage1/mutants and run stage1 on each."""
    MUTANT_DIR.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in MUTANTS_LIST:
        (MUTANT_DIR / name).write_text(text, encoding="utf-8")
        paths.append((MUTANT_DIR / name).relative_to(ROOT).as_posix())
    jobs = int(os.environ.get("ORUS_TEST_JOBS", os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return {path: pool.submit(stage1_dump, "ast", path) for path in paths}


@pytest.mark.parametrize("index", range(len(MUTANTS_LIST)))
def test_stage1_agrees_on_mutant(index, mutant_runs):
    path = (MUTANT_DIR / MUTANTS_LIST[index][0]).relative_to(ROOT).as_posix()
    assert mutant_runs[path].result() == stage0_dump("ast", path)
