"""Boot and shutdown of a program: the prelude loads first, its `flush_all` export runs once
when the program ends (normally or by an uncaught error), and the fault build arms kernel
faults from ORUS_FAULT_ARM."""
import subprocess

from stage0.bytecode import ModuleBuilder
from tests.runtime.vmkit import Prog

IO_WRITE = 4          # kernel.idl id of io_write
ORK_FAULT_ERROR, ORK_FAULT_SHORT, ORK_EIO = 1, 4, 4


def write_prelude(tmp_path, hook_text: str, hook_arity: int = 0):
    """A prelude whose init prints "prelude" and whose flush_all prints hook_text."""
    p = Prog("prelude")
    p.say_const(p.main, "prelude")
    p.finish()
    hook = p.mb.function("flush_all", hook_arity)
    p.say_const(hook, hook_text)
    hook.emit("RETURN0")
    p.mb.export_function("flush_all", hook)
    (tmp_path / "lib").mkdir()
    p.write(tmp_path / "lib" / "prelude.orbc")


def run_with_lib(orusvm, tmp_path, prog: Prog, env=None):
    path = prog.write(tmp_path / "main.orbc")
    return subprocess.run([str(orusvm), "--lib", str(tmp_path / "lib"), str(path)],
                          capture_output=True, text=True, timeout=30, env=env)


def test_prelude_runs_first_and_its_flush_all_runs_at_the_end(orusvm, tmp_path):
    write_prelude(tmp_path, "flushed")
    p = Prog()
    p.say_const(p.main, "main")
    p.finish()
    r = run_with_lib(orusvm, tmp_path, p)
    assert (r.returncode, r.stdout) == (0, "prelude\nmain\nflushed\n")


def test_flush_all_runs_after_an_uncaught_error_is_reported(orusvm, tmp_path):
    write_prelude(tmp_path, "flushed")
    p = Prog()
    f = p.main
    p.say_const(f, "before")
    f.line(3)
    p.load(f, 0, "boom")
    f.emit("THROW", 0)
    p.finish()
    r = run_with_lib(orusvm, tmp_path, p)
    assert (r.returncode, r.stdout, r.stderr) == (70, "prelude\nbefore\nflushed\n",
                                                  "main.orus:3: runtime error: boom\n")


def test_a_flush_all_with_parameters_is_not_a_hook(orusvm, tmp_path):
    write_prelude(tmp_path, "flushed", hook_arity=1)
    p = Prog()
    p.finish()
    r = run_with_lib(orusvm, tmp_path, p)
    assert (r.returncode, r.stdout) == (0, "prelude\n")


def kernel_write(p: Prog, result: int, text: str) -> None:
    """R[result] = io_write(1, text as bytes, len(text)), through KCALL."""
    f, s = p.main, result + 1
    f.emit("LOADI", s, 1)
    p.load(f, s + 1, text)
    p.intrin(f, s + 1, "__str_to_bytes")
    p.load(f, s + 2, len(text), "usize")
    f.emit("KCALL", s, IO_WRITE)
    f.emit("MOVE", result, s)


def test_fault_build_arms_kernel_faults_from_the_environment(orusvm_fault, tmp_path):
    p = Prog()
    for reg, text in enumerate(["one\n", "two\n", "three\n"]):
        kernel_write(p, reg, text)
    for reg in range(3):
        p.say_int(p.main, reg)
    p.finish()
    path = p.write(tmp_path / "main.orbc")
    # the 2nd io_write fails with EIO, the 3rd transfers at most 2 bytes
    arm = f"{IO_WRITE}:2:{ORK_FAULT_ERROR}:{ORK_EIO},{IO_WRITE}:3:{ORK_FAULT_SHORT}:2"
    r = subprocess.run([str(orusvm_fault), "--no-prelude", str(path)], capture_output=True,
                       text=True, timeout=30, env={"ORUS_FAULT_ARM": arm})
    assert (r.returncode, r.stdout) == (0, "one\nth4\n-1\n2\n")


def module_raising(tmp_path, source: str):
    """lib/checks.orbc, compiled from `source`: its export `fail` raises "bad" at its line 9."""
    p = Prog("checks")
    p.mb.source = source
    p.finish()
    fail = p.mb.function("fail", 0)
    fail.line(9)
    p.load(fail, 0, "bad")
    fail.emit("THROW", 0)
    p.mb.export_function("fail", fail)
    (tmp_path / "lib").mkdir()
    p.write(tmp_path / "lib" / "checks.orbc")


def calling_fail_at_line_4() -> Prog:
    p = Prog()
    f = p.main
    f.line(4)
    f.emit("GETIMPORT", 0, p.mb.import_name("checks", "fail"))
    f.emit("CALL", 0, 0)
    p.finish()
    return p


def test_an_error_raised_inside_std_is_reported_at_the_callers_line(orusvm, tmp_path):
    module_raising(tmp_path, "std/checks.orus")
    r = run_with_lib(orusvm, tmp_path, calling_fail_at_line_4())
    assert (r.returncode, r.stderr) == (70, "main.orus:4: runtime error: bad\n")


def test_an_error_raised_inside_a_user_module_is_reported_where_it_is_raised(orusvm, tmp_path):
    module_raising(tmp_path, "checks.orus")
    r = run_with_lib(orusvm, tmp_path, calling_fail_at_line_4())
    assert (r.returncode, r.stderr) == (70, "checks.orus:9: runtime error: bad\n")
