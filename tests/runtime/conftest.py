"""Runtime tests build orusvm through doit once per session (or use $ORUSVM, as
`doit sanitize` does to run them on the ASan + UBSan build)."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def orusvm() -> Path:
    chosen = os.environ.get("ORUSVM")
    if chosen:
        return Path(chosen).resolve()
    subprocess.run(["doit", "-n", "2", "vm"], cwd=ROOT, check=True, capture_output=True)
    return ROOT / "build" / "bin" / "orusvm"


@pytest.fixture(scope="session")
def orusvm_fault() -> Path:
    subprocess.run(["doit", "-n", "2", "vm"], cwd=ROOT, check=True, capture_output=True)
    return ROOT / "build" / "bin" / "orusvm_fault"
