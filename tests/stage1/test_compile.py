"""The compiler in Orus (stage1) compiles like stage0, byte for byte.

stage1/cli.orus is compiled by stage0 into build/stage1/orusc.orbc; then every golden program
(those that fail to compile included), every example and every std module is compiled by
`orusc compile` and by stage0's `compile`: the exit status and the diagnostics on stderr must
be equal, and so must every .orbc image written (the main module's and each imported one's).
Golden programs that must fail are also checked with `orusc check`, which reports code
generator errors as well. The stage1 runs go through a small pool of threads, stage0's through
one of processes.
"""
import io
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage1_harness import ROOT, corpus, pool_size, run_image, start_runs  # noqa: E402

sys.path.insert(0, str(ROOT))

from stage0 import cli  # noqa: E402

ORUSC = ROOT / "build" / "stage1" / "orusc.orbc"
OUT = ROOT / "build" / "stage1-tests" / "compiled"
SOURCES = corpus(("tests/programs", "examples", "std"))
FAILING = [p for p in SOURCES if p.startswith("tests/programs/")
           and (ROOT / p).with_suffix(".err").exists()]


@pytest.fixture(scope="session")
def orusc(front):
    """stage1/cli.orus compiled by stage0 (after `front` has built the VM)."""
    done = subprocess.run([sys.executable, "-m", "stage0", "compile", "stage1/cli.orus", "-o",
                           str(ORUSC.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return ORUSC


def out_file(compiler: str, command: str, path: str) -> Path:
    """Where `compiler` writes the main image of `path`: a fresh folder per command and
    source, since the pools run a program's compile and check at the same time."""
    folder = OUT / compiler / command / path.replace("/", "__")
    shutil.rmtree(folder, ignore_errors=True)
    return folder / (Path(path).stem + ".orbc")


def images(folder: Path) -> dict:
    """Every file under folder by its relative path, with its bytes."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stage0_run(command: str, path: str) -> tuple:
    """stage0's (exit status, stdout, stderr, images) for `check` or `compile` of path."""
    out, err = io.StringIO(), io.StringIO()
    target = out_file("stage0", command, path)
    args = ["compile", path, "-o", str(target.relative_to(ROOT))] if command == "compile" \
        else ["check", path]
    status = cli.main(args, stdout=out, stderr=err, cwd=str(ROOT))
    return status, out.getvalue(), err.getvalue(), images(target.parent)


def stage1_run(command: str, path: str) -> tuple:
    """orusc's (exit status, stdout, stderr, images) for `check` or `compile` of path."""
    target = out_file("stage1", command, path)
    args = ["compile", path, "-o", str(target.relative_to(ROOT))] if command == "compile" \
        else ["check", path]
    done = run_image(ORUSC, args)
    return (done.returncode, done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"), images(target.parent))


JOBS = [("compile", path) for path in SOURCES] + [("check", path) for path in FAILING]


@pytest.fixture(scope="session")
def stage1_runs(orusc):
    """Every stage1 compile of the corpus and check of the failing golden programs, started
    at once on a small pool."""
    pool, runs = start_runs(JOBS, run=stage1_run)
    yield runs
    pool.shutdown(cancel_futures=True)


@pytest.fixture(scope="session")
def stage0_runs():
    """The same runs of stage0, in-process on a pool of processes (stage0 holds the GIL),
    forked before the threads of stage1_runs start."""
    pool = ProcessPoolExecutor(max_workers=pool_size(), mp_context=get_context("fork"))
    yield {job: pool.submit(stage0_run, *job) for job in JOBS}
    pool.shutdown(cancel_futures=True)


def assert_same(stage1: tuple, stage0: tuple) -> None:
    status1, out1, err1, images1 = stage1
    status0, out0, err0, images0 = stage0
    assert (status1, out1, err1) == (status0, out0, err0)
    assert sorted(images1) == sorted(images0)
    for name, data in images0.items():
        assert images1[name] == data, f"{name} differs"


@pytest.mark.parametrize("path", SOURCES)
def test_stage1_compile_equals_stage0(path, stage0_runs, stage1_runs):
    job = ("compile", path)
    assert_same(stage1_runs[job].result(), stage0_runs[job].result())


@pytest.mark.parametrize("path", FAILING)
def test_stage1_check_of_a_failing_program_equals_stage0(path, stage0_runs, stage1_runs):
    job = ("check", path)
    assert_same(stage1_runs[job].result(), stage0_runs[job].result())


def test_the_corpus_has_programs_that_compile_and_programs_that_fail():
    assert len(FAILING) >= 50 and len(SOURCES) - len(FAILING) >= 200


# ---- code paths the corpus does not reach --------------------------------------------------

def wide_function(n: int) -> str:
    """A function with n locals: past 250 registers it is a code generator error at 1:1."""
    return "fn wide() -> i32:\n" + "".join(f"    v{i} = {i} + 1000\n" for i in range(n)) \
        + f"    return v0 + v{n - 1}\nprint(wide())\n"


def many_constants(n: int) -> str:
    """n distinct constants before `t * K`: past 255 the constant no longer fits MULK's C."""
    return "fn many(x: i64) -> i64:\n    mut t = x\n" \
        + "".join(f"    t = t + {100000 + i}\n" for i in range(n)) \
        + "    return t * 99999 + t % 77777\nprint(many(1))\n"


CASES = {
    # closures: a typed local function value, chained assignments, break out of a try and
    # past a captured loop variable, a captured catch binding, an upvalue of an upvalue
    "closures.orus": (
        'fn make() -> i32:\n'
        '    f: fn(i32) -> i32 = fn(x: i32) -> i32: x + 1\n'
        '    mut a = 0\n'
        '    mut b = 0\n'
        '    a = b = f(4)\n'
        '    c = d = a + b\n'
        '    mut total = c + d\n'
        '    for i in 0..5:\n'
        '        g = fn() -> i32: i\n'
        '        if i == 3:\n'
        '            break\n'
        '        total += g()\n'
        '    while true:\n'
        '        try:\n'
        '            total += 1\n'
        '            break\n'
        '        catch:\n'
        '            pass\n'
        '    try:\n'
        '        total = total / 0\n'
        '    catch e:\n'
        '        h = fn() -> string: e as string\n'
        '        print(h())\n'
        '    outer = fn() -> fn() -> i32:\n'
        '        inner = fn() -> i32: total * 2\n'
        '        return inner\n'
        '    return outer()()\n'
        '\n'
        'print(make())\n'
        'while false:\n'
        '    print("never")\n'
        'mut n = 0\n'
        'if true and n == 0:\n'
        '    n = 1\n'
        'print(n, int(n))\n'),
    # values: a call through a struct field, @x/@b/@.2f on an unconstrained generic, a match
    # expression whose arms capture their bindings, bytes.to_string, an array literal past 64
    "values.orus": (
        'struct Box:\n'
        '    f: fn(i32) -> i32\n'
        '    name: string\n'
        '\n'
        'enum Shape:\n'
        '    Circle(r: f64)\n'
        '    Square(side: f64)\n'
        '    Dot\n'
        '\n'
        'fn show(x):\n'
        '    print("@x and @b and @.2f", x, x, x)\n'
        '\n'
        'fn area(s: Shape) -> f64:\n'
        '    mut out = 0.0\n'
        '    match s:\n'
        '        Shape.Circle(r) -> out = r * r * 3.0\n'
        '        Shape.Square(side) -> out = side * side\n'
        '        Shape.Dot -> pass\n'
        '    match 3:\n'
        '        1 -> out += 1.0\n'
        '        3 -> out += 3.0\n'
        '        _ -> pass\n'
        '    return out\n'
        '\n'
        'fn keep(s: Shape) -> fn() -> f64:\n'
        '    return match s:\n'
        '        Shape.Circle(r) -> fn() -> f64: r\n'
        '        Shape.Square(side) -> fn() -> f64: side\n'
        '        Shape.Dot -> fn() -> f64: 0.0\n'
        '\n'
        'b = Box{f: fn(x: i32) -> i32: x * 3, name: "triple"}\n'
        'print(b.f(3), b.name)\n'
        'show(255)\n'
        'print(area(Shape.Circle(2.0)), area(Shape.Dot), keep(Shape.Square(4.0))())\n'
        'raw = "héllo @@ wörld".to_bytes()\n'
        'print(raw.to_string())\n'
        'big = [' + ', '.join(str(i) for i in range(1, 71)) + ']\n'
        'print(len(big), big[69])\n'
        'print("@x@@ @.3f @ @", 3, 1.5, "x")\n'),
    # a recursive requirement-generic function, and an imported struct's generic method
    "generic.orus": (
        'use shapes\n'
        '\n'
        'fn total(xs, i: i32):\n'
        '    if i >= len(xs):\n'
        '        return xs[0] - xs[0]\n'
        '    return xs[i] + total(xs, i + 1)\n'
        '\n'
        'print(total([1, 2, 3], 0), total([1.5, 2.5], 0))\n'
        'c = shapes.Counter{n: 2}\n'
        'print(c.add([1, 2]), c.add([0.5]))\n'),
    "shapes.orus": (
        'pub struct Counter:\n'
        '    n: i32\n'
        '\n'
        'impl Counter:\n'
        '    pub fn add(self, xs):\n'
        '        mut s = xs[0] - xs[0]\n'
        '        for x in xs:\n'
        '            s += x\n'
        '        return s\n'),
    "registers.orus": wide_function(260),
    "registers_ok.orus": wide_function(100),
    "constants.orus": many_constants(300),
}
CASE_DIR = OUT / "cases"


@pytest.fixture(scope="session")
def case_paths():
    CASE_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in CASES.items():
        (CASE_DIR / name).write_text(text, encoding="utf-8")
    return [(CASE_DIR / name).relative_to(ROOT).as_posix() for name in CASES]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_stage1_compiles_the_uncommon_cases_like_stage0(index, case_paths, orusc):
    path = case_paths[index]
    stage0 = stage0_run("compile", path)
    assert stage0[0] == (65 if path.endswith("/registers.orus") else 0), stage0[2]
    assert_same(stage1_run("compile", path), stage0)


# ---- the command line itself -----------------------------------------------------------------

def orusc_run(args: list) -> tuple:
    done = run_image(ORUSC, args)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def test_help_and_version_exit_0(orusc):
    status, out, _ = orusc_run(["--help"])
    assert status == 0 and out.startswith("usage: orusc <command>") and "compile FILE.orus" in out
    status, out, _ = orusc_run(["-v"])
    assert (status, out) == (0, "orus stage1 0.1.0\n")


@pytest.mark.parametrize("args, message", [
    ([], "missing command"),
    (["build", "x.orus"], "unknown command 'build'"),
    (["check"], "check takes one source file"),
    (["compile", "x.orus"], "compile takes FILE.orus -o OUT.orbc"),
    (["--color=sometimes", "check", "x.orus"], "unknown colour mode 'sometimes'"),
])
def test_bad_usage_exits_64_with_the_reason(orusc, args, message):
    status, _, err = orusc_run(args)
    assert status == 64 and err.startswith(f"orusc: {message}\nusage: orusc")


def test_a_missing_source_exits_65(orusc):
    assert orusc_run(["check", "no/such/file.orus"]) == \
        (65, "", 'Could not open file "no/such/file.orus".\n')


def test_check_of_a_good_program_exits_0_and_writes_nothing(orusc):
    assert orusc_run(["check", "examples/counter.orus"]) == (0, "", "")


def test_color_always_colours_the_diagnostics(orusc):
    path = FAILING[0]
    _, _, err = orusc_run(["--color=always", "check", path])
    _, _, plain = orusc_run(["--color=never", "check", path])
    assert "\x1b[31merror:" in err and "\x1b[" not in plain


@pytest.mark.parametrize("path", ["examples/counter.orus",
                                  "tests/programs/03_types/division_by_zero_literals.orus"])
def test_run_compiles_and_runs_on_the_vm_with_its_exit_status(orusc, path):
    done = run_image(ORUSC, ["run", path])
    expected = subprocess.run([sys.executable, "-m", "stage0", "run", path], cwd=ROOT,
                              capture_output=True)
    assert (done.returncode, done.stdout, done.stderr) == \
        (expected.returncode, expected.stdout, expected.stderr)


# ---- the fixpoint ------------------------------------------------------------------------------

STAGE2 = OUT / "stage2" / "orusc.orbc"    # apart from `doit bootstrap`'s build/stage2
STAGE3 = OUT / "stage3" / "orusc.orbc"


def test_stage1_compiles_itself_to_the_bytes_stage0_gives_and_again_to_the_same(orusc):
    """stage2 is orusc (stage0's build of stage1/cli.orus) compiling stage1/cli.orus; stage3 is
    stage2 compiling it again. Every image of stage2 equals stage0's and stage3's."""
    for compiler, target in ((orusc, STAGE2), (STAGE2, STAGE3)):
        shutil.rmtree(target.parent, ignore_errors=True)
        done = run_image(compiler, ["compile", "stage1/cli.orus", "-o",
                                    str(target.relative_to(ROOT))])
        assert (done.returncode, done.stderr) == (0, b"")
    stage2, stage3 = images(STAGE2.parent), images(STAGE3.parent)
    assert "orusc.orbc" in stage2 and "codegen.orbc" in stage2 and "types.orbc" in stage2
    assert stage3 == stage2
    for name, data in stage2.items():
        assert (orusc.parent / name).read_bytes() == data, f"{name} differs from stage0's"
