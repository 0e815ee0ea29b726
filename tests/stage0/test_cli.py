"""The command line: exit statuses, usage, version, diagnostics layout (language.md 13, 14)."""
import io
import subprocess
import sys

from stage0.cli import main


class FakeTty(io.StringIO):
    def isatty(self):
        return True


def run_cli(tmp_path, argv, stderr=None):
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    status = main(argv, stdout=out, stderr=err, environ={}, cwd=str(tmp_path))
    return status, out.getvalue(), err.getvalue()


def test_version_and_help_exit_zero(tmp_path):
    status, out, _ = run_cli(tmp_path, ["--version"])
    assert status == 0 and out.startswith("orus stage0 ")
    status, out, _ = run_cli(tmp_path, ["--help"])
    assert status == 0 and "usage: python -m stage0" in out


def test_bad_usage_is_64(tmp_path):
    assert run_cli(tmp_path, [])[0] == 64
    assert run_cli(tmp_path, ["frobnicate"])[0] == 64
    assert run_cli(tmp_path, ["check"])[0] == 64
    assert run_cli(tmp_path, ["check", "a.orus", "b.orus"])[0] == 64
    assert run_cli(tmp_path, ["compile", "a.orus"])[0] == 64


def test_unreadable_source_is_65_with_the_exact_message(tmp_path):
    status, out, err = run_cli(tmp_path, ["check", "missing.orus"])
    assert (status, out, err) == (65, "", 'Could not open file "missing.orus".\n')


def test_compile_error_layout(tmp_path):
    (tmp_path / "bad.orus").write_text("x = 1\ny = x + \"s\"\n")
    status, out, err = run_cli(tmp_path, ["check", "bad.orus"])
    assert status == 65 and out == ""
    assert err.split("\n") == [
        "bad.orus:2:5: error: Type mismatch: '+' operands have types i32 and string",
        "    y = x + \"s\"",
        "        ^",
        'Compilation failed for "bad.orus".',
        "",
    ]


def test_several_errors_in_one_run(tmp_path):
    (tmp_path / "bad.orus").write_text("a = nope\nb = 1\nb = 2\n")
    _, _, err = run_cli(tmp_path, ["check", "bad.orus"])
    assert err.count(": error: ") == 2


def test_colour_only_on_a_terminal(tmp_path):
    (tmp_path / "bad.orus").write_text("a = nope\n")
    _, _, plain = run_cli(tmp_path, ["check", "bad.orus"])
    assert "\x1b[" not in plain
    _, _, coloured = run_cli(tmp_path, ["check", "bad.orus"], stderr=FakeTty())
    assert "\x1b[31m" in coloured
    _, _, forced_off = run_cli(tmp_path, ["--color=never", "check", "bad.orus"], stderr=FakeTty())
    assert "\x1b[" not in forced_off


def test_check_accepts_a_valid_program(tmp_path):
    (tmp_path / "good.orus").write_text("print(1)\n")
    assert run_cli(tmp_path, ["check", "good.orus"]) == (0, "", "")


def test_module_entry_point_runs_without_traceback(tmp_path):
    (tmp_path / "bad.orus").write_text("x = (\n")
    done = subprocess.run([sys.executable, "-m", "stage0", "check", str(tmp_path / "bad.orus")],
                          capture_output=True, text=True)
    assert done.returncode == 65 and "Traceback" not in done.stderr
    assert "unclosed bracket" in done.stderr


ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent.parent


def built_vm() -> str:
    """build/bin/orusvm, built through doit when missing."""
    vm = ROOT / "build" / "bin" / "orusvm"
    if not vm.exists():
        subprocess.run([sys.executable, "-m", "doit", "vm"], cwd=ROOT, capture_output=True)
    assert vm.exists()
    return str(vm)


def run_orus(tmp_path, text: str, *args):
    built_vm()
    (tmp_path / "prog.orus").write_text(text)
    return subprocess.run([sys.executable, "-m", "stage0", "run", str(tmp_path / "prog.orus"),
                           *args], cwd=ROOT, capture_output=True, text=True)


def test_run_prints_and_exits_zero(tmp_path):
    done = run_orus(tmp_path, "print(\"n=@ hex=@x\", 5, 255)\n")
    assert (done.returncode, done.stdout, done.stderr) == (0, "n=5 hex=ff\n", "")


def test_runtime_error_exits_70_with_its_line(tmp_path):
    done = run_orus(tmp_path, "print(1)\nx = 0\nprint(10 / x)\n")
    assert done.returncode == 70 and done.stdout == "1\n"
    assert ":3: runtime error: Division by zero" in done.stderr


def test_compile_error_runs_nothing(tmp_path):
    done = run_orus(tmp_path, "print(1)\nx = 1 + \"s\"\n")
    assert done.returncode == 65 and done.stdout == ""


def test_unfixed_generic_value_is_reported_at_the_importers_use(tmp_path):
    (tmp_path / "util.orus").write_text("pub fn twice(x):\n    return x + x\n")
    (tmp_path / "main.orus").write_text("use util\nf = util.twice\n")
    for command in (["compile", "main.orus", "-o", "out/main.orbc"], ["check", "main.orus"]):
        status, out, err = run_cli(tmp_path, command)
        assert status == 65 and out == ""
        assert err.splitlines() == [
            "main.orus:2:5: error: the parameter types of 'twice' are not fixed here",
            "    f = util.twice",
            "        ^",
            "    = help: call it, or give the value a function type: `f: fn(i64) -> i64 = twice`",
            'Compilation failed for "main.orus".',
        ]


def test_syntax_error_shows_its_source_line_in_the_main_file_and_in_an_import(tmp_path):
    (tmp_path / "util.orus").write_text("pub fn f():\n    return 1 +\n")
    (tmp_path / "main.orus").write_text("use util\nprint(1)\n")
    (tmp_path / "alone.orus").write_text("x = 1\ny = x *\n")
    for name, where, line in (("main.orus", "util.orus:2:15", "    return 1 +"),
                              ("alone.orus", "alone.orus:2:8", "y = x *")):
        status, _, err = run_cli(tmp_path, ["check", name])
        assert status == 65
        first, source, caret = err.splitlines()[:3]
        assert first == f"{where}: error: Syntax error: unexpected end of line"
        assert source == "    " + line
        assert caret == " " * (4 + int(where.rsplit(":", 1)[1]) - 1) + "^"
