"""The `front` fixture of the stage1 tests: stage1/main.orus compiled by stage0."""
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage1_harness import FRONT, ROOT  # noqa: E402


@pytest.fixture(scope="session")
def front():
    """Build the VM and std (doit's vm and std tasks, not the bootstrap, whose stage tasks
    empty build/stageN) and compile stage1/main.orus with stage0."""
    built = subprocess.run([sys.executable, "-m", "doit", "vm", "std"], cwd=ROOT,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    done = subprocess.run([sys.executable, "-m", "stage0", "compile", "stage1/main.orus", "-o",
                           str(FRONT.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return FRONT
