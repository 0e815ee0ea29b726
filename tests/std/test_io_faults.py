"""std/io under kernel faults: programs run on build/bin/orusvm_fault (the VM linked with the
fault-injection kernel), which arms faults from ORUS_FAULT_ARM, a comma-separated list of
`prim_id:nth:kind:arg` (kind as in kernel/ork_fault.h: 1 error with ORK_E* code arg, 2 EINTR,
3 EAGAIN, 4 short transfer of at most arg bytes)."""
import subprocess
from pathlib import Path

from tests.std.orus_source import orus_string

VM_FAULT = Path(__file__).resolve().parents[2] / "build" / "bin" / "orusvm_fault"

IO_WRITE, IO_READ = 4, 5
ERROR, EINTR, SHORT = 1, 2, 4
EIO = 4

COPY = """use io
use testing
src = testing.unwrap(sys_open({src}, "r", 0u32))
dst = testing.unwrap(sys_open({dst}, "w", 0o644u32))
r = io.reader(src)
w = io.writer(dst)
mut n = 0
while true:
    match r.read_line():
        Result.Ok(line) ->
            match line:
                Option.Some(text) ->
                    _ = testing.unwrap(w.write_line(text))
                    n += 1
                Option.None -> break
        Result.Err(e) ->
            print("error", e.message())
            break
_ = testing.unwrap(w.flush())
print("lines", n)
"""


def run_faulty(orus, source: str, faults: list) -> subprocess.CompletedProcess:
    program = orus.compile(source)
    arm = ",".join(f"{prim}:{nth}:{kind}:{arg}" for prim, nth, kind, arg in faults)
    return subprocess.run([str(VM_FAULT), str(program)], capture_output=True, text=True,
                          env={"ORUS_FAULT_ARM": arm, "PATH": "/usr/bin:/bin"}, timeout=120)


def text_lines(count: int) -> str:
    return "".join(f"line {i} " + "x" * (i % 50) + "\n" for i in range(count))


def test_reader_and_writer_survive_short_transfers_and_eintr(orus, tmp_path):
    src, dst = tmp_path / "in.txt", tmp_path / "out.txt"
    content = text_lines(3000)
    src.write_text(content)
    source = COPY.format(src=orus_string(str(src)), dst=orus_string(str(dst)))
    faults = [(IO_READ, 1, SHORT, 3), (IO_READ, 2, EINTR, 0), (IO_READ, 3, SHORT, 1),
              (IO_READ, 5, SHORT, 7), (IO_WRITE, 1, SHORT, 2), (IO_WRITE, 2, EINTR, 0),
              (IO_WRITE, 3, SHORT, 5)]
    result = run_faulty(orus, source, faults)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "lines 3000\n"
    assert dst.read_text() == content


def test_reader_reports_a_kernel_read_error(orus, tmp_path):
    src, dst = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_text(text_lines(10))
    source = COPY.format(src=orus_string(str(src)), dst=orus_string(str(dst)))
    result = run_faulty(orus, source, [(IO_READ, 1, ERROR, EIO)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ("error read: input/output error, or entropy source unavailable "
                             "(EIO)\nlines 0\n")
