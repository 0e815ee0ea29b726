"""What the stage1 tests share: the corpus of Orus sources, how to run a stage1 image on the VM
(the dump command line build/front/front.orbc, compiled by conftest.py's `front` fixture apart
from the build/stageN folders that `doit` empties, and the compiler build/stage1/orusc.orbc) and
a small pool that runs it on many files."""
import errno
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FRONT = ROOT / "build" / "front" / "front.orbc"
VM = ROOT / "build" / "bin" / "orusvm"
TIMEOUT_SECONDS = 60


def corpus(folders=("tests/programs", "examples", "std", "tests/stage1/syntax")) -> list:
    """Every Orus source under `folders`, as paths relative to the root, in a stable order."""
    found = []
    for folder in folders:
        found.extend(sorted((ROOT / folder).rglob("*.orus")))
    return [p.relative_to(ROOT).as_posix() for p in found]


def run_image(image: Path, args: list) -> subprocess.CompletedProcess:
    """Run a stage1 image (its modules beside it) on the VM from the root, output captured."""
    for attempt in range(5):
        try:
            return subprocess.run([str(VM), "--lib", str(image.parent), str(image)] + args,
                                  cwd=ROOT, capture_output=True, timeout=TIMEOUT_SECONDS)
        except OSError as err:      # EFAULT: spawning from many threads at once seldom fails
            if err.errno != errno.EFAULT or attempt == 4:
                raise
    raise AssertionError("unreachable")


def stage1_output(mode: str, path: str) -> tuple:
    """The stage1 command line's output (stdout then stderr) and exit status for a file."""
    done = run_image(FRONT, [mode, path])
    text = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    return text, done.returncode


def stage0_dump(mode: str, path: str) -> tuple:
    """stage0/dump.py's output and exit status for a file, as a pool worker can compute it."""
    import io
    import sys
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from stage0 import dump
    out = io.StringIO()
    if mode in ("tokens", "ast"):
        status = dump.main([mode, path], stdout=out)
    else:
        status = dump.dump_program(mode, path, out, str(ROOT))
    return out.getvalue(), status


def golden_mutants(sources: list, seed: int, count: int, mutate) -> list:
    """Deterministic (name, text): `count` golden programs of `sources`, each changed by
    mutate(rng, text, tokens) (stage0's tokens, layout included), which returns None to pass a
    program over."""
    import random
    import sys
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from stage0.diagnostics import CompileError
    from stage0.lexer import tokenize
    rng = random.Random(seed)
    programs = [p for p in sources if p.startswith("tests/programs/")]
    out = []
    while len(out) < count:
        path = rng.choice(programs)
        text = (ROOT / path).read_text(encoding="utf-8")
        try:
            toks = tokenize(text, path)
        except CompileError:
            continue
        mutated = mutate(rng, text, toks)
        if mutated is not None:
            out.append((f"mutant{len(out):03d}_{Path(path).stem}.orus", mutated))
    return out


def write_sources(folder: Path, named: list) -> list:
    """Write each (name, text) under folder; their paths relative to the root."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in named:
        (folder / name).write_text(text, encoding="utf-8")
        paths.append((folder / name).relative_to(ROOT).as_posix())
    return paths


def pool_size() -> int:
    return max(1, int(os.environ.get("ORUS_TEST_JOBS", os.cpu_count() or 1)))


def start_runs(jobs: list, run=stage1_output) -> tuple:
    """Start run(*job) (by default stage1_output(mode, path)) for each job on a pool;
    (pool, futures by job)."""
    pool = ThreadPoolExecutor(max_workers=pool_size())
    return pool, {job: pool.submit(run, *job) for job in jobs}
