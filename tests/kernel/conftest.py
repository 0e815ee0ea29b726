"""Kernel test fixtures: the libraries are built through `doit kernel`, never assumed."""
import os
import subprocess
import sys

import pytest

from templates.render import ROOT
from tests.kernel.ork import Kernel

LIB = ROOT / "build" / "lib"


@pytest.fixture(scope="session")
def kernel_libs():
    """Build libork.so and libork_fault.so (a no-op when doit finds them up to date)."""
    result = subprocess.run([sys.executable, "-m", "doit", "-v", "0", "kernel"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return LIB


@pytest.fixture(scope="session")
def k(kernel_libs):
    """The production kernel (no fault injection compiled in)."""
    return Kernel(kernel_libs / "libork.so")


@pytest.fixture(scope="session")
def _fault_lib(kernel_libs):
    return Kernel(kernel_libs / "libork_fault.so")


@pytest.fixture
def kf(_fault_lib):
    """The fault-injection kernel, with every fault disarmed before and after the test."""
    _fault_lib.fault_reset()
    yield _fault_lib
    _fault_lib.fault_reset()


@pytest.fixture
def fds():
    """Descriptors a test opened; closed afterwards whatever happened."""
    opened = []
    yield opened
    for fd in opened:
        try:
            os.close(fd)
        except OSError:
            pass
