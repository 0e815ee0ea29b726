"""Fixtures for std tests: Orus programs compiled by stage0 and run on the VM built by doit."""
import itertools
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    """What one program did: exit status, standard output and standard error."""
    status: int
    stdout: str
    stderr: str


@dataclass
class OrusRunner:
    """Writes each program to a fresh file and runs it with `python -m stage0 run`."""
    workdir: Path
    counter: itertools.count

    def path_for(self, stem: str) -> Path:
        return self.workdir / f"{stem}_{next(self.counter)}.orus"

    def run_file(self, path: Path, stdin: str = "", env: dict = None, args=()) -> Run:
        environ = dict(os.environ)
        environ.update(env or {})
        result = subprocess.run([sys.executable, "-m", "stage0", "run", str(path), *args],
                                cwd=ROOT, input=stdin, capture_output=True, env=environ,
                                encoding="utf-8", errors="surrogateescape", timeout=300)
        return Run(result.returncode, result.stdout, result.stderr)

    def run(self, source: str, stdin: str = "", env: dict = None, args=()) -> Run:
        path = self.path_for("prog")
        path.write_text(source, encoding="utf-8")
        return self.run_file(path, stdin, env, args)

    def compile(self, source: str) -> Path:
        """Compile to bytecode (imported std modules land next to it); returns the .orbc."""
        path = self.path_for("prog")
        path.write_text(source, encoding="utf-8")
        out = path.with_suffix(".orbc")
        result = subprocess.run([sys.executable, "-m", "stage0", "compile", str(path), "-o",
                                 str(out)], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return out


@pytest.fixture(scope="session")
def orus_vm():
    """build/bin/orusvm and orusvm_fault, built through doit (a no-op when up to date)."""
    result = subprocess.run([sys.executable, "-m", "doit", "-v", "0", "vm"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return ROOT / "build" / "bin" / "orusvm"


@pytest.fixture(scope="session")
def orus(orus_vm, tmp_path_factory):
    """Session-wide runner (hypothesis tests reuse it across examples)."""
    return OrusRunner(tmp_path_factory.mktemp("orus_std"), itertools.count())

