"""The benchmark programs print the same bytes in Orus, Lua 5.4, LuaJIT and CPython.

These are the output checks of `doit bench --quick` (bench/run.py's check_benchmark, at each
program's small size); timings are not judged here.
"""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_runner():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module         # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


RUNNER = load_runner()
BY_NAME = {b.name: b for b in RUNNER.BENCHMARKS}
IMPLS = {i.key: i for i in RUNNER.implementations()}


@pytest.fixture(scope="module")
def peers():
    missing = RUNNER.missing_peers()
    assert not missing, f"install the Debian packages {' '.join(missing)} (.ci/run does)"


@pytest.fixture(scope="module")
def orusvm():
    """The VM, built through doit as `doit bench` builds it; stage0 writes the std modules a
    program uses next to its .orbc, so nothing else is needed."""
    subprocess.run([sys.executable, "-m", "doit", "vm"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return RUNNER.ORUSVM


def failures(verdicts: dict) -> dict:
    return {key: v.note for key, v in verdicts.items() if not v.ok}


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_luajit_and_cpython_print_what_lua_prints(name, peers):
    bench = BY_NAME[name]
    impls = (IMPLS["lua"], IMPLS["luajit"], IMPLS["python"])
    verdicts = RUNNER.check_benchmark(bench, impls, bench.small, {})
    assert failures(verdicts) == {}


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_orus_prints_what_lua_prints(name, peers, orusvm):
    bench = BY_NAME[name]
    compiled = {name: RUNNER.compile_orus(name, name)}
    assert compiled[name].message == ""
    verdicts = RUNNER.check_benchmark(bench, (IMPLS["lua"], IMPLS["orus"]), bench.small, compiled)
    assert failures(verdicts) == {}


def test_lua_reference_output_is_the_known_answer(peers):
    """A check against Lua proves little if Lua itself went wrong: fib(27) is 196418."""
    run = RUNNER.run_impl(IMPLS["lua"], "fib", "fib", "27\n")
    assert (run.status, run.stdout) == (0, b"fib(27) = 196418\n")


def test_quick_mode_writes_its_report_under_build(peers, orusvm):
    """`doit bench --quick` end to end on one program: exit 0 and a report naming every peer."""
    report = RUNNER.BUILD / "RESULTS.md"
    report.unlink(missing_ok=True)
    status = RUNNER.main(["--quick", "--only", "fib"])
    text = report.read_text()
    assert status == 0
    assert "| fib | 27 |" in text
    assert "| benchmark | size | Lua 5.4 | Orus | LuaJIT -joff | CPython |" in text
    assert "Every implementation printed exactly Lua 5.4's output." in text
