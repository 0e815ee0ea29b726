"""stage1/bytecode.orus writes the same .orbc bytes as stage0/bytecode.py for the same calls.

The calls come from three sources, recorded as builder scripts (tests/stage1/builder_script.py)
and replayed on the Orus builder by tests/stage1/replay.orus: stage0's code generator
compiling every golden program that compiles (and stage1's own sources, the largest inputs);
a fixed sequence that emits every op of the table; and random call sequences, errors included,
where each call's result or error message must agree as well as the final bytes.
"""
import io
import os
import random
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings, strategies as st

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import stage0.codegen as codegen  # noqa: E402
from stage0.bytecode import BytecodeError, Label  # noqa: E402
from stage0.cli import front_end  # noqa: E402
from stage0.opcodes import FIELDS, INTRINSICS, OPS  # noqa: E402
from builder_script import Recorder  # noqa: E402

OUT = ROOT / "build" / "stage1-tests" / "replay"
REPLAY = OUT / "replay.orbc"
VM = ROOT / "build" / "bin" / "orusvm"
TIMEOUT_SECONDS = 120
RANDOM_SEQUENCES = 300


def compiles(path: Path) -> bool:
    """Golden programs except those whose expected failure is a compile error (exit 65);
    modules under lib/ are compiled, and replayed, through the programs that use them."""
    if "lib" in path.relative_to(ROOT).parts:
        return False
    err = path.with_suffix(".err")
    return not err.exists() or not err.read_text(encoding="utf-8").startswith("exit: 65")


GOLDEN = sorted((ROOT / "tests/programs").rglob("*.orus"))
PROGRAMS = [p.relative_to(ROOT).as_posix() for p in GOLDEN if compiles(p)] + \
    ["stage1/main.orus", "tests/stage1/replay.orus"]


@pytest.fixture(scope="session")
def replayer():
    """Build the VM (doit's default tasks) and compile the replayer with stage0."""
    built = subprocess.run([sys.executable, "-m", "doit"], cwd=ROOT, capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    done = subprocess.run([sys.executable, "-m", "stage0", "compile", "tests/stage1/replay.orus",
                           "-o", str(REPLAY.relative_to(ROOT))], cwd=ROOT, capture_output=True,
                          text=True, env=dict(os.environ, ORUSPATH="stage1"))
    assert done.returncode == 0, done.stderr
    return REPLAY


def replay(script: str, out_dir: Path) -> subprocess.CompletedProcess:
    for stale in out_dir.glob("*.orbc"):      # an image must come from this replay
        stale.unlink()
    path = out_dir / "script.txt"
    path.write_text(script, encoding="utf-8")
    return subprocess.run([str(VM), "--lib", str(OUT), str(REPLAY), str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT_SECONDS)


def compare(images: list, script: str, out_dir: Path) -> str:
    """"" when the replay agrees call by call and every image is byte-identical, else why not."""
    done = replay(script, out_dir)
    if done.returncode != 0:
        return f"replay failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-2000:]}"
    for i, data in enumerate(images):
        got = (out_dir / f"{i}.orbc").read_bytes()
        if got != data:
            at = next((k for k in range(min(len(got), len(data))) if got[k] != data[k]),
                      min(len(got), len(data)))
            return f"image {i}: {len(got)} bytes against {len(data)}, first difference at {at}"
    return ""


# ---- golden programs ---------------------------------------------------------------------------

def record_program(path: str, out_dir: Path):
    """stage0's images of a program and the script of the builder calls that made them."""
    recorder = Recorder(out_dir.as_posix())
    recorder.header()
    program = front_end(path, io.StringIO(), dict(os.environ, ORUSPATH="stage1"), str(ROOT), False)
    assert program is not None, f"{path} does not compile"
    factory = lambda name, source="": recorder.module(name, source)  # noqa: E731
    with mock.patch.object(codegen, "ModuleBuilder", factory):
        images = [data for _, data in codegen.emit_program(program, "main.orbc")]
    return images, recorder.text()


def check_program(index: int, path: str) -> str:
    out_dir = OUT / "programs" / f"{index:03d}"
    out_dir.mkdir(parents=True, exist_ok=True)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    images, script = record_program(path, out_dir)
    return compare(images, script, out_dir)


@pytest.fixture(scope="session")
def program_checks(replayer):
    """Every program recorded and replayed at once, on a pool of processes (stage0 is slow)."""
    jobs = int(os.environ.get("ORUS_TEST_JOBS", os.cpu_count() or 1))
    pool = ProcessPoolExecutor(max_workers=max(1, jobs))
    checks = {path: pool.submit(check_program, i, path) for i, path in enumerate(PROGRAMS)}
    yield checks
    pool.shutdown(cancel_futures=True)


@pytest.mark.parametrize("path", PROGRAMS)
def test_stage1_builder_writes_stage0_bytes_for_program(path, program_checks):
    assert program_checks[path].result() == ""


def test_most_golden_programs_are_replayed():
    assert len(PROGRAMS) >= 250


# ---- every op ------------------------------------------------------------------------------------

def operand_value(op, field: str, role: str) -> int:
    """A valid, non-trivial value for one operand of `op` in the fixed sequence."""
    if role == "reg":
        return {"A": 3, "B": 7, "C": 11}[field]
    if role == "func":
        return 1
    if role == "type":
        return 0
    if role == "intrin":
        return 2
    if role in ("flag", "tag", "prim"):
        return 1
    _, width, excess = FIELDS[field]
    if role == "imm":                        # spans add immediates to registers
        return -5 if excess else 5
    return (1 << width) - 2                  # the widest index the field holds


def every_op(recorder: Recorder) -> list:
    """One instruction of every op, forward and backward jumps, a line per op."""
    mb = recorder.module("every_op", "tests/every_op.orus")
    init = mb.function("<init>", 0)
    mb.function("callee", 2)
    mb.struct_shape("Pair", ["a", "b"])
    back = init.label()
    init.mark(back)
    for n, info in enumerate(OPS):
        init.line(n + 1)
        values = [operand_value(info, f, r) for f, r in info.operands if r != "jump"]
        if info.jmp or any(r == "jump" for _, r in info.operands):
            ahead = init.label()
            init.emit(info.name, *values, target=ahead if n % 2 else back)
            init.mark(ahead)
        else:
            init.emit(info.name, *values)
    init.emit("RETURN0")
    mb.functions[1].emit("RETURN", 1)
    mb.set_init(init)
    return [mb.to_bytes()]


def test_stage1_builder_encodes_every_op_as_stage0(replayer):
    out_dir = OUT / "every_op"
    out_dir.mkdir(parents=True, exist_ok=True)
    recorder = Recorder(out_dir.as_posix())
    recorder.header()
    images = every_op(recorder)
    assert compare(images, recorder.text(), out_dir) == ""


# ---- random call sequences ---------------------------------------------------------------------

NAMES = ["a", "b", "Ticket.price", "", "\u00e9t\u00e9", "x y"]
INT_TYPES = ["i32", "i64", "u8", "u32", "u64", "usize", "f64"]
FLOATS = [0.0, -0.0, 1.5, float("inf"), float("-inf"), float("nan"), 1e300, -2.5e-300]


def random_int(rng: random.Random) -> int:
    return rng.choice([0, 1, -1, 255, 256, 2**31 - 1, -2**31, 2**31, 2**32 - 1, 2**32,
                       2**63 - 1, -2**63, 2**63, 2**64 - 1, rng.randrange(-2**40, 2**40)])


def random_operand(rng: random.Random, mb, field: str, role: str) -> int:
    """Mostly valid operands, sometimes out of their field's range or past the frame."""
    if role == "func" or (role == "type" and field == "Bx"):
        table = mb.functions if role == "func" else mb.shapes
        return rng.randrange(len(table)) if table and rng.random() < 0.95 else 0
    if role == "reg":
        return rng.choice([0, 1, 2, rng.randrange(32), 250, 254, 255])
    _, width, excess = FIELDS[field]
    if rng.random() < 0.05:
        return rng.choice([-excess - 1, (1 << width) - excess])
    return rng.randrange(-excess, (1 << width) - excess)


def random_emit(rng: random.Random, mb, fb) -> None:
    info = rng.choice(OPS)
    if any(r == "type" for _, r in info.operands) and not mb.shapes:
        mb.struct_shape(rng.choice(NAMES), [])
    values = [random_operand(rng, mb, f, r) for f, r in info.operands if r != "jump"]
    if rng.random() < 0.03:
        values.append(0)                     # a wrong operand count
    needs_target = info.jmp or any(r == "jump" for _, r in info.operands)
    if needs_target != (rng.random() < 0.03):
        ids = list(fb.labels) or [fb.label().id]
        target = Label(rng.choice(ids + [len(fb.labels) + 5]))
        fb.emit(info.name, *values, target=target)
    else:
        fb.emit(info.name, *values)


def random_call(rng: random.Random, mb) -> None:
    """One builder call chosen at random; BytecodeErrors are part of what is compared."""
    fb = rng.choice(mb.functions)
    kind = rng.randrange(20)
    if kind == 0:
        mb.const_int(random_int(rng), rng.choice(INT_TYPES))
    elif kind == 1:
        mb.const_f64(rng.choice(FLOATS))
    elif kind == 2:
        mb.const_bool(rng.random() < 0.5)
    elif kind == 3:
        mb.const_str(rng.choice(NAMES))
    elif kind == 4:
        mb.struct_shape(rng.choice(NAMES), rng.sample(NAMES, rng.randrange(3)))
    elif kind == 5:
        mb.variant_shape(rng.choice(NAMES), rng.choice(NAMES), rng.randrange(3),
                         rng.sample(NAMES, rng.randrange(3)))
    elif kind == 6:
        mb.global_var(rng.choice(NAMES))
    elif kind == 7:
        mb.import_name(rng.choice(NAMES), rng.choice(NAMES))
    elif kind == 8:
        mb.export_global(rng.choice(NAMES), rng.randrange(4))
        mb.export_function(rng.choice(NAMES), rng.randrange(len(mb.functions)))
    elif kind == 9:
        mb.function(rng.choice(NAMES), rng.choice([0, 1, 3, 255, 256]))
    elif kind == 10:
        fb.line(rng.randrange(1, 5))
    elif kind == 11:
        fb.label()
    elif kind == 12 and fb.labels:
        fb.mark(Label(rng.randrange(len(fb.labels) + 1)))
    elif kind == 13:
        fb.reserve(rng.choice([0, 1, 40, 255, 256]))
    elif kind == 14:
        fb.upvalue(rng.random() < 0.5, rng.choice([0, 1, 2, 255, 256]))
    elif kind == 15:
        mb.intrinsic(rng.choice([INTRINSICS[0].name, INTRINSICS[-1].name, "__nothing"]))
    elif kind == 16 and fb.labels:
        fb.jump(Label(rng.randrange(len(fb.labels))))
    else:
        random_emit(rng, mb, fb)


def random_module(recorder: Recorder, seed: int) -> list:
    """A module built by a random call sequence, closed so that it can be written."""
    rng = random.Random(seed)
    mb = recorder.module(f"random{seed}", "")
    mb.function("<init>", 0)
    for _ in range(rng.randrange(1, 120)):
        try:
            random_call(rng, mb)
        except BytecodeError:
            pass
    for fb in mb.functions:
        for label, pc in list(fb.labels.items()):
            if pc is None:
                fb.mark(Label(label))
    if rng.random() < 0.9:
        mb.set_init(0)
    try:
        return [mb.to_bytes()]
    except BytecodeError:
        return []


def test_stage1_builder_agrees_on_random_call_sequences(replayer):
    out_dir = OUT / "random"
    out_dir.mkdir(parents=True, exist_ok=True)
    recorder = Recorder(out_dir.as_posix())
    recorder.header()
    images = []
    for seed in range(RANDOM_SEQUENCES):
        images.extend(random_module(recorder, seed))
    assert len(images) >= RANDOM_SEQUENCES // 2
    assert sum(line.split(" ")[1].startswith("!") for line in recorder.lines) >= 50
    assert compare(images, recorder.text(), out_dir) == ""


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=RANDOM_SEQUENCES, max_value=2**32))
def test_stage1_builder_agrees_on_hypothesis_sequences(replayer, seed):
    out_dir = OUT / "hypothesis"
    out_dir.mkdir(parents=True, exist_ok=True)
    recorder = Recorder(out_dir.as_posix())
    recorder.header()
    images = random_module(recorder, seed)
    assert compare(images, recorder.text(), out_dir) == ""
