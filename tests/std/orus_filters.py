"""Helpers shared by the std/net, json, regex and math tests: running an Orus unit-test file,
and an Orus filter program fed with records (separated by the byte 0x1E unless said)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNITS = Path(__file__).resolve().parent / "orus"


def check_unit_file(orus, name: str):
    """tests/std/orus/NAME passes: every registered t.test reports ok and the exit is 0."""
    path = UNITS / name
    result = orus.run_file(path)
    lines = result.stdout.splitlines()
    assert [l for l in lines if l.startswith("not ok")] == [], result.stdout
    assert result.status == 0, result.stdout + result.stderr
    registered = path.read_text(encoding="utf-8").count("\nt.test(")
    assert len([l for l in lines if l.startswith("ok ")]) == registered, result.stdout


def run_filter(name: str, records, sep: str = "\x1e") -> list:
    """Run tests/std/orus/NAME on the records joined by sep; its output lines split at tabs,
    one per record."""
    data = sep.join(records).encode("utf-8")
    result = subprocess.run([sys.executable, "-m", "stage0", "run", str(UNITS / name)],
                            cwd=ROOT, input=data, capture_output=True, timeout=300)
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, out + result.stderr.decode("utf-8", "replace")
    rows = [line.split("\t") for line in out.split("\n")[:-1]]
    assert len(rows) == len(records), out
    return rows
