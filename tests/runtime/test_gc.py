"""Garbage collector: unreachable cycles are reclaimed, finalizers of kernel-owned buffers
and handles run exactly once, stress mode (collect at every allocation) keeps programs
correct, and out of memory at any allocation ends in a clean runtime error."""
import os

import pytest

from tests.runtime.vmkit import Prog, run_vm

STAT_COLLECTIONS, STAT_LIVE, STAT_FINALIZED, STAT_OBJECTS = 0, 1, 5, 7


def say_stat(p: Prog, f, which: int) -> None:
    f.emit("LOADI", 9, which)
    p.intrin(f, 9, "__gc_stat")
    p.say_int(f, 9)


def cycle_prog(n: int, extra=None) -> Prog:
    """Build n two-element cycles a.next = b, b.next = a, drop them, collect."""
    p = Prog()
    node = p.mb.struct_shape("Node", ["next"])
    f = p.main
    f.reserve(12)
    p.intrin(f, 10, "__gc_collect")
    f.emit("LOADI", 9, STAT_OBJECTS)
    p.intrin(f, 9, "__gc_stat")
    f.emit("MOVE", 11, 9)                    # objects before
    p.load(f, 0, 0, "i32")
    p.load(f, 1, n, "i32")
    f.emit("LOADI", 2, 1)
    done, body = f.label(), f.label()
    f.emit("FORPREP_I", 0, 0, target=done)
    f.mark(body)
    f.emit("LOADNIL", 4)
    f.emit("NEWREC", 4, node)
    f.emit("MOVE", 5, 4)
    f.emit("NEWREC", 5, node)
    f.emit("SETFIELD", 4, 0, 5)               # cycle a <-> b
    f.emit("LOADNIL", 4)
    f.emit("LOADNIL", 5)
    f.emit("FORLOOP", 0, target=body)
    f.mark(done)
    p.intrin(f, 10, "__gc_collect")
    f.emit("LOADI", 9, STAT_OBJECTS)
    p.intrin(f, 9, "__gc_stat")
    f.emit("SUB_I64", 9, 9, 11)
    p.say_int(f, 9)                           # objects left over: 0
    if extra:
        extra(p, f)
    p.finish()
    return p


def test_unreachable_cycles_are_reclaimed(orusvm, tmp_path):
    r = run_vm(orusvm, tmp_path, cycle_prog(50_000))
    assert (r.rc, r.out) == (0, "0\n")


def buffers_prog(n: int, extra=None) -> Prog:
    """Allocate n byte buffers and n arrays, drop them, collect twice."""
    p = Prog()
    f = p.main
    f.reserve(12)
    p.load(f, 0, 0)
    p.load(f, 1, n)
    f.emit("LOADI", 2, 1)
    done, body = f.label(), f.label()
    f.emit("FORPREP_I", 0, 0, target=done)
    f.mark(body)
    p.load(f, 4, 64, "i64")
    p.intrin(f, 4, "__bytes_new")
    f.emit("NEWARRAY", 5, 3, 1)
    f.emit("FORLOOP", 0, target=body)
    f.mark(done)
    f.emit("LOADNIL", 4)
    f.emit("LOADNIL", 5)
    p.intrin(f, 10, "__gc_collect")
    say_stat(p, f, STAT_FINALIZED)
    p.intrin(f, 10, "__gc_collect")
    say_stat(p, f, STAT_FINALIZED)
    if extra:
        extra(p, f)
    p.finish()
    return p


def test_finalizers_run_exactly_once_per_buffer(orusvm, tmp_path):
    r = run_vm(orusvm, tmp_path, buffers_prog(1000))
    assert r.out == "2000\n2000\n"


def test_handle_finalizer_closes_once_and_not_after_explicit_close(orusvm, tmp_path):
    from templates.idl import load
    from tests.conftest import ROOT
    fs_close = next(pr.id for pr in load(ROOT / "kernel.idl").prims if pr.name == "fs_close")
    p = Prog()
    f = p.main
    f.reserve(12)
    for value in (100, 101):                 # descriptors that are not open: close fails harmlessly
        p.load(f, 0, fs_close)
        p.load(f, 1, value, "i64")
        p.intrin(f, 0, "__handle_new")
        f.emit("MOVE", 3 + value - 100, 0)
    f.emit("MOVE", 5, 4)
    p.intrin(f, 5, "__handle_close")         # closed by hand: the finalizer must skip it
    f.emit("LOADNIL", 3)
    f.emit("LOADNIL", 4)
    f.emit("LOADNIL", 0)
    p.intrin(f, 10, "__gc_collect")
    say_stat(p, f, STAT_FINALIZED)
    p.intrin(f, 10, "__gc_collect")
    say_stat(p, f, STAT_FINALIZED)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "1\n1\n"


def test_heap_grows_and_collections_happen_without_explicit_calls(orusvm, tmp_path):
    p = cycle_prog(200_000, lambda p, f: say_stat(p, f, STAT_COLLECTIONS))
    r = run_vm(orusvm, tmp_path, p)
    assert r.rc == 0 and int(r.out.split()[1]) >= 3


def test_stress_mode_collects_at_every_allocation_and_keeps_results(orusvm, tmp_path):
    from tests.runtime.test_vm_calls import counter_prog
    env = dict(os.environ, ORUS_GC_STRESS="1")
    for prog, want in ((counter_prog(), "1\n2\n1\n3\n"), (cycle_prog(300), "0\n"), (buffers_prog(50), "100\n100\n")):
        r = run_vm(orusvm, tmp_path, prog, env=env)
        assert (r.rc, r.out) == (0, want)
    p = buffers_prog(10, lambda p, f: say_stat(p, f, STAT_COLLECTIONS))
    stressed = run_vm(orusvm, tmp_path, p, env=env)
    assert int(stressed.out.split()[2]) > 20


def caller_window_prog() -> Prog:
    """A caller keeps strings in registers above the window of a small callee that
    allocates: a collection inside the callee must mark them (R8, live across the call)
    and must not clear them afterwards (R5, written after the call returns, then passed
    to a callee with a large frame)."""
    p = Prog()
    small = p.mb.function("small", 0)         # one register: its window ends at caller R1
    small.emit("NEWARRAY", 0, 0, 0)
    small.emit("RETURN", 0)
    big = p.mb.function("big", 1)             # a frame reaching past the caller's
    big.reserve(40)
    big.emit("RETURN", 0)
    f = p.main
    f.reserve(10)
    p.load(f, 8, "live")
    p.load(f, 9, "-across")
    f.emit("CONCAT", 8, 8, 9)                 # a heap string, not a constant
    f.emit("CALLF", 0, small.index)
    p.load(f, 5, "after")
    p.load(f, 6, "-return")
    f.emit("CONCAT", 5, 5, 6)
    f.emit("CALLF", 4, big.index)             # argument R5
    p.say_str(f, 8)
    p.say_str(f, 4)
    p.finish()
    return p


def test_stress_collection_in_a_small_callee_keeps_the_callers_upper_registers(orusvm, tmp_path):
    env = dict(os.environ, ORUS_GC_STRESS="1")
    r = run_vm(orusvm, tmp_path, caller_window_prog(), env=env)
    assert (r.rc, r.out, r.err) == (0, "live-across\nafter-return\n", "")


def oom_prog() -> Prog:
    """Strings, arrays, closures and an error caught: many allocation sites."""
    from tests.runtime.test_vm_calls import counter_prog

    def grow(p, f):
        p.load(f, 0, "a")
        for _ in range(20):
            f.emit("CONCAT", 0, 0, 0)
            f.emit("NEWARRAY", 1, 0, 1)
        f.emit("LEN", 1, 0)
        p.say_int(f, 1)
    return counter_prog(grow)


def test_out_of_memory_at_every_allocation_is_a_clean_error(orusvm_fault, tmp_path):
    prog = oom_prog()
    full = run_vm(orusvm_fault, tmp_path, prog)
    assert (full.rc, full.out) == (0, "1\n2\n1\n3\n1048576\n")
    outcomes = set()
    for n in range(0, 400):
        env = dict(os.environ, ORUS_FAULT_ALLOC=str(n))
        r = run_vm(orusvm_fault, tmp_path, prog, env=env)
        assert r.rc in (0, 70), (n, r.rc, r.err)
        if r.rc == 70:
            assert r.err.endswith("runtime error: out of memory\n"), (n, r.err)
            assert full.out.startswith(r.out)
        outcomes.add(r.rc)
    assert outcomes == {0, 70}
