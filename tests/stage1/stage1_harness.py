"""What the stage1 tests share: the corpus of Orus sources, how to run the stage1 command line
(build/stage1/front.orbc, compiled by conftest.py's `front` fixture) and a small pool that runs
it on many files."""
import errno
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FRONT = ROOT / "build" / "stage1" / "front.orbc"
VM = ROOT / "build" / "bin" / "orusvm"
TIMEOUT_SECONDS = 60


def corpus(folders=("tests/programs", "examples", "std", "tests/stage1/syntax")) -> list:
    """Every Orus source under `folders`, as paths relative to the root, in a stable order."""
    found = []
    for folder in folders:
        found.extend(sorted((ROOT / folder).rglob("*.orus")))
    return [p.relative_to(ROOT).as_posix() for p in found]


def stage1_output(mode: str, path: str) -> tuple:
    """The stage1 command line's output (stdout then stderr) and exit status for a file."""
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


def pool_size() -> int:
    return max(1, int(os.environ.get("ORUS_TEST_JOBS", os.cpu_count() or 1)))


def start_runs(jobs: list) -> tuple:
    """Start stage1_output(mode, path) for each (mode, path) on a pool; (pool, futures)."""
    pool = ThreadPoolExecutor(max_workers=pool_size())
    return pool, {job: pool.submit(stage1_output, *job) for job in jobs}
