"""Golden Orus programs: every tests/programs/<section>/NAME.orus runs and must match its expectation.

NAME.out is the exact stdout, NAME.in the stdin (empty when absent), NAME.err the expected failure
(tests/programs/README.md). Each program runs through both toolchains: `stage0` (`python -m
stage0 run`) and `orus` (build/bin/orus, the self-hosted compiler and the VM in one executable,
with its home in build/orus-home). ORUS_COMPILER picks one of them, or names any other command
prefix to which the program path is appended. The programs run ORUS_TEST_JOBS at a time
(default: one per CPU).
"""
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"
TIMEOUT_SECONDS = 60
MIN_PROGRAMS = 320
COMPILE_ERROR, RUNTIME_ERROR = 65, 70


def compilers() -> list:
    choice = os.environ.get("ORUS_COMPILER", "")
    return [choice] if choice else ["stage0", "orus"]


COMPILERS = compilers()
ORUS_HOME = ROOT / "build" / "orus-home"


def run_command(program: Path, compiler: str) -> list:
    """The command line that compiles and runs one program (its path relative to the repo root)."""
    rel = program.relative_to(ROOT).as_posix()
    if compiler == "stage0":
        return [sys.executable, "-m", "stage0", "run", rel]
    if compiler == "orus":
        return [str(ROOT / "build" / "bin" / "orus"), rel]
    return shlex.split(compiler) + [rel]


@dataclass
class Failure:
    """What a NAME.err file expects: an exit status and where/what the diagnostic says."""
    exit: int
    line: int
    col: int = 0          # compile errors only
    text: str = ""        # message fragment (compile) or exact message (runtime)
    file: str = ""        # compile error in another file, relative to the program's folder


def parse_err(path: Path) -> Failure:
    """Read `exit: N` then `error: [FILE:]LINE:COL: fragment` or `runtime: LINE: message` (+ lines)."""
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    key, _, value = lines[0].partition(": ")
    assert key == "exit", f"{path}: first line must be 'exit: N'"
    status = int(value)
    kind, _, rest = lines[1].partition(": ")
    if kind == "error":
        assert status == COMPILE_ERROR and len(lines) == 2, f"{path}: malformed compile error"
        where, _, fragment = rest.partition(": ")
        parts = where.rstrip(":").split(":")
        file = ":".join(parts[:-2])
        return Failure(status, int(parts[-2]), int(parts[-1]), fragment.strip(), file)
    assert kind == "runtime" and status == RUNTIME_ERROR, f"{path}: malformed runtime error"
    line, _, message = rest.partition(": ")
    return Failure(status, int(line), 0, "\n".join([message] + lines[2:]))


def discover() -> list:
    """Every program: a .orus file with a .out or .err next to it (helper modules have neither)."""
    found = []
    for source in sorted(PROGRAMS.rglob("*.orus")):
        if source.with_suffix(".out").exists() or source.with_suffix(".err").exists():
            found.append(source)
    return found


def program_id(source: Path) -> str:
    rel = source.relative_to(PROGRAMS).with_suffix("")
    return rel.as_posix()


ALL_PROGRAMS = discover()


@pytest.fixture(scope="session")
def toolchain():
    """Build whatever running a program needs (the doit default tasks) once per session."""
    done = subprocess.run([sys.executable, "-m", "doit"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.fixture(scope="session")
def program_runs(request, toolchain):
    """Start every selected program on a worker pool at once; each test waits for its own run."""
    wanted = [(item.callspec.params["compiler"], item.callspec.params["source"])
              for item in request.session.items
              if getattr(item, "originalname", "") == "test_program" and hasattr(item, "callspec")]
    jobs = int(os.environ.get("ORUS_TEST_JOBS", os.cpu_count() or 1))
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    yield {key: pool.submit(run_program, *key) for key in wanted}
    pool.shutdown(cancel_futures=True)


def run_program(compiler: str, source: Path) -> subprocess.CompletedProcess:
    stdin = source.with_suffix(".in")
    env = {k: v for k, v in os.environ.items() if k != "ORUSPATH"}
    env["ORUS_HOME"] = str(ORUS_HOME)
    return subprocess.run(
        run_command(source, compiler), cwd=ROOT, env=env, capture_output=True,
        timeout=TIMEOUT_SECONDS, input=stdin.read_bytes() if stdin.exists() else b"",
    )


def expected_stdout(source: Path) -> bytes:
    out = source.with_suffix(".out")
    return out.read_bytes() if out.exists() else b""


def check_compile_error(source: Path, want: Failure, done: subprocess.CompletedProcess):
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.stdout == b"", "a compile error must write nothing to stdout"
    first = stderr.split("\n", 1)[0]
    location = f":{want.line}:{want.col}: error: "
    path, sep, message = first.partition(location)
    if want.file:
        assert sep and path.replace("\\", "/").endswith(want.file), stderr
    else:
        assert sep and path == source.relative_to(ROOT).as_posix(), stderr
    assert want.text in message, stderr


def check_runtime_error(source: Path, want: Failure, done: subprocess.CompletedProcess):
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.stdout == expected_stdout(source)
    assert f":{want.line}: runtime error: {want.text}" in stderr, stderr


@pytest.mark.parametrize("source", ALL_PROGRAMS, ids=[program_id(s) for s in ALL_PROGRAMS])
@pytest.mark.parametrize("compiler", COMPILERS)
def test_program(compiler: str, source: Path, program_runs):
    started = program_runs.get((compiler, source))
    done = started.result() if started else run_program(compiler, source)
    err = source.with_suffix(".err")
    if not err.exists():
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        assert done.stdout == expected_stdout(source)
        return
    want = parse_err(err)
    assert done.returncode == want.exit, done.stderr.decode("utf-8", "replace")
    if want.exit == COMPILE_ERROR:
        check_compile_error(source, want, done)
    else:
        check_runtime_error(source, want, done)


def test_suite_has_enough_programs():
    assert len(ALL_PROGRAMS) >= MIN_PROGRAMS


def test_every_section_has_programs():
    sections = [d for d in PROGRAMS.iterdir() if d.is_dir()]
    assert sections
    for section in sections:
        assert any(p.parent == section for p in ALL_PROGRAMS), f"{section.name} holds no program"


@pytest.mark.parametrize("source", ALL_PROGRAMS, ids=[program_id(s) for s in ALL_PROGRAMS])
def test_expectation_is_well_formed(source: Path):
    """Each program says what it proves on its first line and has a readable expectation."""
    assert source.read_text(encoding="utf-8").startswith("//")
    err = source.with_suffix(".err")
    if err.exists():
        want = parse_err(err)
        assert want.line >= 1
        if want.exit == COMPILE_ERROR:
            assert want.col >= 1 and not source.with_suffix(".out").exists()
        else:
            assert source.with_suffix(".out").exists()
