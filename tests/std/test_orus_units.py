"""Runs the unit tests written in Orus (tests/std/orus/*.orus, on std/testing): each file
must exit 0 with every test reported `ok` and none `not ok`."""
import re
from pathlib import Path

import pytest

UNIT_DIR = Path(__file__).resolve().parent / "orus"
UNIT_FILES = sorted(UNIT_DIR.glob("test_*.orus"))


def test_every_std_area_has_orus_unit_tests():
    assert [p.name for p in UNIT_FILES] == ["test_collections.orus", "test_prelude.orus",
                                            "test_system.orus", "test_text.orus"]


@pytest.mark.parametrize("path", UNIT_FILES, ids=lambda p: p.stem)
def test_orus_unit_file_passes(orus, path):
    run = orus.run_file(path, env={"ORUS_STD_TEST": "yes"})
    failed = [line for line in run.stdout.splitlines() if line.startswith("not ok")]
    assert failed == [], run.stdout
    assert run.status == 0, run.stdout + run.stderr
    registered = len(re.findall(r"^t\.test\(", path.read_text(encoding="utf-8"), re.M))
    passed = [line for line in run.stdout.splitlines() if line.startswith("ok ")]
    assert len(passed) == registered, run.stdout
