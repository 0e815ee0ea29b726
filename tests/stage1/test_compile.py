"""The compiler in Orus (stage1) compiles like stage0, byte for byte.

stage1/cli.orus is compiled by stage0 into build/stage1/orusc.orbc; then every golden program
(those that fail to compile included), every example and every std module is compiled by
`orusc compile` and by stage0's `compile`: the exit status and the diagnostics on stderr must
be equal, and so must every .orbc image written (the main module's and each imported one's).
Golden programs that must fail are also checked with `orusc check`, which reports code
generator errors as well. The stage1 runs go through a small pool.
"""
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage1_harness import ROOT, corpus, run_image, start_runs  # noqa: E402

sys.path.insert(0, str(ROOT))

from stage0 import cli  # noqa: E402

ORUSC = ROOT / "build" / "stage1" / "orusc.orbc"
OUT = ROOT / "build" / "stage1" / "compiled"
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


def out_file(compiler: str, path: str) -> Path:
    """Where `compiler` writes the main image of `path`: a fresh folder per source."""
    folder = OUT / compiler / path.replace("/", "__")
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
    target = out_file("stage0", path)
    args = ["compile", path, "-o", str(target.relative_to(ROOT))] if command == "compile" \
        else ["check", path]
    status = cli.main(args, stdout=out, stderr=err, cwd=str(ROOT))
    return status, out.getvalue(), err.getvalue(), images(target.parent)


def stage1_run(command: str, path: str) -> tuple:
    """orusc's (exit status, stdout, stderr, images) for `check` or `compile` of path."""
    target = out_file("stage1", path)
    args = ["compile", path, "-o", str(target.relative_to(ROOT))] if command == "compile" \
        else ["check", path]
    done = run_image(ORUSC, args)
    return (done.returncode, done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"), images(target.parent))


@pytest.fixture(scope="session")
def stage1_runs(orusc):
    """Every stage1 compile of the corpus and check of the failing golden programs, started
    at once on a small pool."""
    jobs = [("compile", path) for path in SOURCES] + [("check", path) for path in FAILING]
    pool, runs = start_runs(jobs, run=stage1_run)
    yield runs
    pool.shutdown(cancel_futures=True)


def assert_same(stage1: tuple, stage0: tuple) -> None:
    status1, out1, err1, images1 = stage1
    status0, out0, err0, images0 = stage0
    assert (status1, out1, err1) == (status0, out0, err0)
    assert sorted(images1) == sorted(images0)
    for name, data in images0.items():
        assert images1[name] == data, f"{name} differs"


@pytest.mark.parametrize("path", SOURCES)
def test_stage1_compile_equals_stage0(path, stage1_runs):
    assert_same(stage1_runs[("compile", path)].result(), stage0_run("compile", path))


@pytest.mark.parametrize("path", FAILING)
def test_stage1_check_of_a_failing_program_equals_stage0(path, stage1_runs):
    assert_same(stage1_runs[("check", path)].result(), stage0_run("check", path))


def test_the_corpus_has_programs_that_compile_and_programs_that_fail():
    assert len(FAILING) >= 50 and len(SOURCES) - len(FAILING) >= 200


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


def test_run_compiles_and_runs_on_the_vm(orusc):
    done = run_image(ORUSC, ["run", "examples/counter.orus"])
    expected = subprocess.run([sys.executable, "-m", "stage0", "run", "examples/counter.orus"],
                              cwd=ROOT, capture_output=True)
    assert (done.returncode, done.stdout) == (expected.returncode, expected.stdout)


# ---- the fixpoint ------------------------------------------------------------------------------

STAGE2 = ROOT / "build" / "stage2" / "orusc.orbc"
STAGE3 = ROOT / "build" / "stage3" / "orusc.orbc"


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
