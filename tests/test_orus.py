"""The orus executable: the VM with the self-hosted compiler, the prelude and std built in.

It must run programs with nothing else installed (no Python on PATH, no build tree), unpack its
files once into its home folder even when several first runs race, leave no per-run files
behind, and answer its command line like orusvm and stage0 do. (tests/test_programs.py runs
every golden program through it.)
"""
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORUS = ROOT / "build" / "bin" / "orus"


@pytest.fixture(scope="module")
def orus():
    done = subprocess.run([sys.executable, "-m", "doit", "orus"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return ORUS


def bare_env(home: Path) -> dict:
    """An environment with no PATH to any tool: only the executable's own files can help."""
    return {"HOME": str(home), "PATH": "/nonexistent"}


def run(orus: Path, args: list, cwd: Path, env: dict, stdin: bytes = b"") -> tuple:
    done = subprocess.run([str(orus), *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, timeout=120)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def homes(base: Path) -> list:
    return [p for p in (base / ".cache" / "orus").iterdir()] if (base / ".cache" / "orus").is_dir() \
        else []


def test_runs_a_program_with_a_module_and_arguments_with_no_other_tool(orus, tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "args.orus").write_text("use env\nprint(env.user_args())\nprint(input())\n")
    env = bare_env(tmp_path / "home")
    status, out, err = run(orus, ["examples/shapes.orus"], tmp_path, env)
    expected = (ROOT / "examples" / "shapes.out").read_text() \
        if (ROOT / "examples" / "shapes.out").exists() else None
    assert (status, err) == (0, "")
    assert "squares made: 2" in out and (expected is None or out == expected)
    assert run(orus, ["args.orus", "a b", "-c"], tmp_path, env, b"typed\n") == \
        (0, '["a b", "-c"]\ntyped\n', "")


def test_version_help_and_usage(orus, tmp_path):
    env = bare_env(tmp_path)
    assert run(orus, ["--version"], tmp_path, env) == (0, "orus 0.1.0\n", "")
    status, out, _ = run(orus, ["-h"], tmp_path, env)
    assert status == 0 and out.startswith("usage: orus FILE.orus [ARGS...]")
    for args, message in (([], "missing FILE.orus"), (["--fast", "x.orus"], "unknown option --fast"),
                          (["--dis"], "--dis takes one file")):
        status, out, err = run(orus, args, tmp_path, env)
        assert (status, out) == (64, "") and err.startswith(f"orus: {message}\nusage: orus")


def test_compile_errors_runtime_errors_and_missing_files(orus, tmp_path):
    env = bare_env(tmp_path / "home")
    (tmp_path / "bad.orus").write_text('n: i32 = 1\nn = "two"\n')
    (tmp_path / "boom.orus").write_text("print(1)\nx = [1]\nprint(x[3])\n")
    status, out, err = run(orus, ["bad.orus"], tmp_path, env)
    assert (status, out) == (65, "")
    assert err.startswith("bad.orus:2:5: error: Type mismatch") and err.endswith(
        'Compilation failed for "bad.orus".\n')
    status, out, err = run(orus, ["boom.orus"], tmp_path, env)
    assert (status, out) == (70, "1\n") and "boom.orus:3: runtime error: Array index out of bounds" in err
    assert run(orus, ["nowhere.orus"], tmp_path, env) == (65, "", 'Could not open file "nowhere.orus".\n')
    status, _, err = run(orus, ["nowhere.orbc"], tmp_path, env)
    assert status == 65 and 'Could not open file "nowhere.orbc"' in err


def test_compile_then_run_the_bytecode_and_list_it(orus, tmp_path):
    env = bare_env(tmp_path / "home")
    (tmp_path / "sq.orus").write_text("use collections.map\nm: map.Map<string, i32> = map.new()\n"
                                      "m.insert(\"x\", 7)\nprint(m.get_or(\"x\", 0) * 6)\n")
    assert run(orus, ["check", "sq.orus"], tmp_path, env) == (0, "", "")
    assert run(orus, ["compile", "sq.orus", "-o", "out/sq.orbc"], tmp_path, env) == (0, "", "")
    # the std modules it uses come from the executable, not from the compile's output folder
    (tmp_path / "out" / "collections" / "map.orbc").unlink()
    assert run(orus, ["out/sq.orbc"], tmp_path, env) == (0, "42\n", "")
    status, out, _ = run(orus, ["--dis", "out/sq.orbc"], tmp_path, env)
    assert status == 0 and out.startswith("module sq")


def test_first_runs_racing_unpack_one_complete_home_and_leave_nothing_behind(orus, tmp_path):
    (tmp_path / "hi.orus").write_text('print("hi")\n')
    env = bare_env(tmp_path / "home")
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: run(orus, ["hi.orus"], tmp_path, env), range(6)))
    assert results == [(0, "hi\n", "")] * 6
    [home] = homes(tmp_path / "home")
    assert (home / ".complete").is_file() and (home / "std" / "prelude.orus").is_file()
    assert (home / "compiler" / "orusc.orbc").is_file() and (home / "lib" / "prelude.orbc").is_file()
    leftovers = [p.name for p in home.parent.iterdir() if p != home]
    assert leftovers == []
    run_dir = home / "run"
    assert not run_dir.exists() or list(run_dir.iterdir()) == []


def test_a_program_that_exits_early_leaves_no_run_folder(orus, tmp_path):
    (tmp_path / "quit.orus").write_text("use process\nprint(\"bye\")\nprocess.exit(3)\n")
    env = bare_env(tmp_path / "home")
    assert run(orus, ["quit.orus"], tmp_path, env) == (3, "bye\n", "")
    [home] = homes(tmp_path / "home")
    assert list((home / "run").iterdir()) == []


def test_orus_home_is_used_as_given(orus, tmp_path):
    (tmp_path / "hi.orus").write_text('print("hi")\n')
    env = dict(bare_env(tmp_path / "home"), ORUS_HOME=str(tmp_path / "mine"))
    assert run(orus, ["hi.orus"], tmp_path, env) == (0, "hi\n", "")
    assert (tmp_path / "mine" / ".complete").is_file() and homes(tmp_path / "home") == []
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine\n")
    env["ORUS_HOME"] = str(tmp_path / "taken")
    status, _, err = run(orus, ["hi.orus"], tmp_path, env)
    assert status == 70 and "cannot unpack the toolchain into" in err
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine\n"


def test_the_built_in_compiler_is_the_bootstrapped_one(orus, tmp_path):
    """The executable's compiler images are build/stage3's, byte for byte."""
    env = bare_env(tmp_path / "home")
    assert run(orus, ["check", str(ROOT / "examples" / "counter.orus")], tmp_path, env)[0] == 0
    [home] = homes(tmp_path / "home")
    built = {p.relative_to(ROOT / "build" / "stage3"): p.read_bytes()
             for p in (ROOT / "build" / "stage3").rglob("*.orbc")}
    unpacked = {p.relative_to(home / "compiler"): p.read_bytes()
                for p in (home / "compiler").rglob("*.orbc")}
    assert unpacked == built and len(built) >= 20
    assert os.access(ORUS, os.X_OK)
