"""Command line: `python -m stage0 check|compile|run FILE` (language.md 13, 14).

Exit status: 0 ok, 64 bad usage, 65 compile error or unreadable source, 70 runtime error
(the VM's own status is passed through).
"""
import os
import subprocess
import sys

from stage0 import VERSION
from stage0.bytecode import BytecodeError
from stage0.codegen import CodegenError, emit_program
from stage0.compiler import Program, ROOT, check_program, default_search
from stage0.diagnostics import CompileError, Diagnostic, render_all

EX_OK, EX_USAGE, EX_DATAERR, EX_SOFTWARE = 0, 64, 65, 70

USAGE = """usage: python -m stage0 <command> [options]

commands:
  check FILE.orus              parse and type-check a program and the modules it uses
  compile FILE.orus -o OUT     compile to bytecode (imported modules are written next to OUT)
  run FILE.orus [ARGS...]      compile, then run on build/bin/orusvm with ARGS

options:
  -h, --help                   show this text
  -v, --version                show the version
  --color=auto|always|never    colour of diagnostics (default: auto, only on a terminal)
"""


def main(argv: list, stdout=None, stderr=None, environ=None, cwd=None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    environ = dict(os.environ) if environ is None else environ
    cwd = cwd or os.getcwd()
    colour = "auto"
    args = []
    for i, arg in enumerate(argv):
        if len(args) >= 2 and args[0] == "run":
            args.extend(argv[i:])          # the program's own arguments
            break
        if arg in ("-h", "--help"):
            stdout.write(USAGE)
            return EX_OK
        if arg in ("-v", "--version"):
            stdout.write(f"orus stage0 {VERSION}\n")
            return EX_OK
        if arg.startswith("--color="):
            colour = arg.split("=", 1)[1]
            continue
        args.append(arg)
    if colour not in ("auto", "always", "never"):
        return usage(stderr, f"unknown colour mode '{colour}'")
    use_colour = colour == "always" or (colour == "auto" and stderr.isatty())
    if not args:
        return usage(stderr, "missing command")
    command, rest = args[0], args[1:]
    if command == "check":
        return cmd_check(rest, stderr, environ, cwd, use_colour)
    if command == "compile":
        return cmd_compile(rest, stderr, environ, cwd, use_colour)
    if command == "run":
        return cmd_run(rest, stderr, environ, cwd, use_colour)
    return usage(stderr, f"unknown command '{command}'")


def usage(stderr, message: str) -> int:
    stderr.write(f"stage0: {message}\n{USAGE}")
    return EX_USAGE


def one_source(rest: list, stderr):
    if len(rest) != 1 or rest[0].startswith("-"):
        return None
    return rest[0]


def front_end(path: str, stderr, environ: dict, cwd: str, colour: bool):
    """Check a program; on failure write the diagnostics and return None."""
    if not os.path.isfile(os.path.join(cwd, path)):
        stderr.write(f'Could not open file "{path}".\n')
        return None
    program = Program()
    try:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 20000))
        try:
            return check_program(path, default_search(cwd, environ), program)
        finally:
            sys.setrecursionlimit(old)
    except CompileError as err:
        if len(err.diagnostics) == 1 and err.diagnostics[0].line == 0:
            stderr.write(err.diagnostics[0].message + "\n")
            return None
        stderr.write(render_all(err.diagnostics, program.texts, path, colour))
        return None
    except RecursionError:
        stderr.write(f"{path}:1:1: error: program nested too deeply\n")
        stderr.write(f'Compilation failed for "{path}".\n')
        return None


def cmd_check(rest: list, stderr, environ, cwd, colour) -> int:
    path = one_source(rest, stderr)
    if path is None:
        return usage(stderr, "check takes one source file")
    program = front_end(path, stderr, environ, cwd, colour)
    if program is None:
        return EX_DATAERR
    # Some errors surface only when bodies are specialized, so check generates code too.
    images = generate(program, "check.orbc", stderr, path, colour)
    return EX_OK if images is not None else EX_DATAERR


def cmd_compile(rest: list, stderr, environ, cwd, colour) -> int:
    if len(rest) == 3 and rest[1] == "-o":
        path, out = rest[0], rest[2]
    elif len(rest) == 3 and rest[0] == "-o":
        path, out = rest[2], rest[1]
    else:
        return usage(stderr, "compile takes FILE.orus -o OUT.orbc")
    if path.startswith("-"):
        return usage(stderr, "compile takes FILE.orus -o OUT.orbc")
    program = front_end(path, stderr, environ, cwd, colour)
    if program is None:
        return EX_DATAERR
    return write_bytecode(program, os.path.join(cwd, out), stderr, path, colour)


def generate(program, name: str, stderr, main_path: str, colour: bool):
    """The program's bytecode images, or None after writing the diagnostic."""
    try:
        return emit_program(program, name)
    except CodegenError as err:
        line, col = (err.node.line, err.node.col) if err.node is not None else (1, 1)
        diag = Diagnostic(err.path or main_path, line, col, err.message, err.hint)
        stderr.write(render_all([diag], program.texts, main_path, colour))
    except (BytecodeError, RecursionError) as err:
        stderr.write(f"{main_path}:1:1: error: program too large for the bytecode format: {err}\n")
        stderr.write(f'Compilation failed for "{main_path}".\n')
    return None


def write_bytecode(program, out: str, stderr, main_path: str, colour: bool) -> int:
    outdir = os.path.dirname(out) or "."
    images = generate(program, os.path.basename(out), stderr, main_path, colour)
    if images is None:
        return EX_DATAERR
    os.makedirs(outdir, exist_ok=True)
    for name, data in images:
        target = os.path.join(outdir, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    return EX_OK


def cmd_run(rest: list, stderr, environ, cwd, colour) -> int:
    if not rest or rest[0].startswith("-"):
        return usage(stderr, "run takes FILE.orus [ARGS...]")
    path, args = rest[0], rest[1:]
    program = front_end(path, stderr, environ, cwd, colour)
    if program is None:
        return EX_DATAERR
    vm = os.path.join(ROOT, "build", "bin", "orusvm")
    if not os.path.isfile(vm):
        stderr.write(f"stage0: {vm} is missing; build it with `doit`\n")
        return EX_SOFTWARE
    outdir = os.path.join(ROOT, "build", "run", program_key(path, cwd))
    out = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".orbc")
    status = write_bytecode(program, out, stderr, path, colour)
    if status != EX_OK:
        return status
    stdout_fd = sys.stdout
    stdout_fd.flush()
    lib = ["--lib", outdir, "--lib", os.path.join(ROOT, "build", "lib", "std")]
    result = subprocess.run([vm] + lib + [out] + args)
    if result.returncode < 0:
        return EX_SOFTWARE                     # the VM was killed by a signal
    return result.returncode


def program_key(path: str, cwd: str) -> str:
    """A private build directory per program, so parallel runs do not collide."""
    real = os.path.realpath(os.path.join(cwd, path))
    total = 0
    for ch in real:
        total = (total * 131 + ord(ch)) % (2 ** 61 - 1)
    return format(total, "x")
