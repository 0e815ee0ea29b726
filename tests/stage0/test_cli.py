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
