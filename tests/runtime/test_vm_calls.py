"""Calls, tail calls, closures with open and closed upvalues, try/catch, stack overflow and
the uncaught-error report (language.md 6.7, 7.3, 7.4, 13.3)."""
from tests.runtime.vmkit import Prog, run_vm


def fib_prog(n: int) -> Prog:
    p = Prog()
    fib = p.mb.function("fib", 1)
    base = fib.label()
    fib.emit("JLTI", 0, 2, 1, target=base)
    fib.emit("ADDI_I32", 2, 0, -1)
    fib.emit("CALLF", 1, fib.index)
    fib.emit("ADDI_I32", 3, 0, -2)
    fib.emit("CALLF", 2, fib.index)
    fib.emit("ADD_I32", 1, 1, 2)
    fib.emit("RETURN", 1)
    fib.mark(base)
    fib.emit("RETURN", 0)
    f = p.main
    f.emit("LOADI", 1, n)
    f.emit("CALLF", 0, fib.index)
    p.say_int(f, 0)
    p.finish()
    return p


def test_direct_recursive_calls(orusvm, tmp_path):
    assert run_vm(orusvm, tmp_path, fib_prog(20)).out == "6765\n"


def test_call_through_function_value_and_identity(orusvm, tmp_path):
    p = Prog()
    dbl = p.mb.function("dbl", 1)
    dbl.emit("ADD_I32", 1, 0, 0)
    dbl.emit("RETURN", 1)
    f = p.main
    f.emit("FNREF", 0, dbl.index)
    f.emit("LOADI", 1, 21)
    f.emit("CALL", 0, 1)
    p.say_int(f, 0)
    f.emit("FNREF", 2, dbl.index)
    f.emit("FNREF", 3, dbl.index)
    f.emit("EQ_V", 4, 2, 3)
    p.say_bool(f, 4)
    f.emit("MOVE", 5, 2)
    p.intrin(f, 5, "__fn_name")
    p.say_str(f, 5)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "42\ntrue\ndbl\n"


def countdown_prog(n: int, tail: bool) -> Prog:
    """count(n): return n if n == 0 else count(n - 1), as a tail call or not."""
    p = Prog()
    c = p.mb.function("count", 1)
    done = c.label()
    c.line(2)
    c.emit("JEQI", 0, 0, 1, target=done)
    c.emit("ADDI_I32", 2, 0, -1)
    c.emit("TAILCALLF" if tail else "CALLF", 1, c.index)
    if not tail:
        c.emit("RETURN", 1)
    c.mark(done)
    c.emit("RETURN", 0)
    f = p.main
    f.line(5)
    p.load(f, 1, n)
    f.emit("CALLF", 0, c.index)
    p.say_int(f, 0)
    p.finish()
    return p


def test_tail_calls_do_not_grow_the_stack(orusvm, tmp_path):
    assert run_vm(orusvm, tmp_path, countdown_prog(3_000_000, tail=True)).out == "0\n"


def test_ten_thousand_active_calls_are_supported(orusvm, tmp_path):
    assert run_vm(orusvm, tmp_path, countdown_prog(100_000, tail=False)).out == "0\n"


def test_unbounded_recursion_is_a_clean_stack_overflow(orusvm, tmp_path):
    r = run_vm(orusvm, tmp_path, countdown_prog(-1, tail=False))
    assert (r.rc, r.out, r.err) == (70, "", "main.orus:2: runtime error: stack overflow\n")


def test_stack_overflow_is_catchable(orusvm, tmp_path):
    p = countdown_prog(-1, tail=False)
    f = p.mb.function("", 0)
    p.mb.set_init(f)
    catch = f.label()
    f.emit("TRY", 0, target=catch)
    p.load(f, 2, -1)
    f.emit("CALLF", 1, 0)
    f.emit("ENDTRY")
    p.say_const(f, "not reached")
    p.finish(f)
    f.mark(catch)
    f.emit("MOVE", 1, 0)
    p.intrin(f, 1, "__error_message")
    p.say_str(f, 1)
    p.say_const(f, "after")
    p.finish(f)
    assert run_vm(orusvm, tmp_path, p).out == "stack overflow\nafter\n"


def counter_prog(extra=None) -> Prog:
    """make() returns a closure incrementing a captured local (language.md 7.4)."""
    p = Prog()
    mb = p.mb
    tick = mb.function("", 0)
    up = tick.upvalue(True, 0)
    tick.emit("GETUPVAL", 0, up)
    tick.emit("ADDI_I32", 0, 0, 1)
    tick.emit("SETUPVAL", 0, up)
    tick.emit("RETURN", 0)
    make = mb.function("make_counter", 0)
    make.emit("LOADI", 0, 0)
    make.emit("CLOSURE", 1, tick.index)
    make.emit("RETURN", 1)          # closes the upvalue over R0
    f = p.main
    f.emit("CALLF", 0, make.index)   # counter A
    f.emit("CALLF", 1, make.index)   # counter B, independent
    for reg in (0, 0, 1, 0):
        f.emit("MOVE", 2, reg)
        f.emit("CALL", 2, 0)
        p.say_int(f, 2)
    if extra:
        extra(p, f)
    p.finish()
    return p


def test_closures_capture_by_reference_and_outlive_their_frame(orusvm, tmp_path):
    assert run_vm(orusvm, tmp_path, counter_prog()).out == "1\n2\n1\n3\n"


def test_open_upvalue_shares_the_register_until_closed(orusvm, tmp_path):
    p = Prog()
    get = p.mb.function("", 0)
    get.emit("GETUPVAL", 0, get.upvalue(True, 0))
    get.emit("RETURN", 0)
    f = p.main
    f.emit("LOADI", 0, 1)
    f.emit("CLOSURE", 1, get.index)
    f.emit("LOADI", 0, 2)            # visible through the open upvalue
    f.emit("MOVE", 2, 1)
    f.emit("CALL", 2, 0)
    p.say_int(f, 2)
    f.emit("CLOSE", 0)
    f.emit("LOADI", 0, 3)            # no longer shared
    f.emit("MOVE", 2, 1)
    f.emit("CALL", 2, 0)
    p.say_int(f, 2)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "2\n2\n"


def test_error_in_callee_unwinds_to_the_innermost_try(orusvm, tmp_path):
    p = Prog()
    bad = p.mb.function("bad", 1)
    bad.emit("LOADI", 1, 0)
    bad.emit("DIV_I32", 1, 0, 1)
    bad.emit("RETURN", 1)
    f = p.main
    outer, inner = f.label(), f.label()
    f.emit("TRY", 0, target=outer)
    f.emit("TRY", 1, target=inner)
    f.emit("LOADI", 3, 10)
    f.emit("CALLF", 2, bad.index)
    f.mark(inner)
    f.emit("MOVE", 2, 1)
    p.intrin(f, 2, "__error_message")
    p.say_str(f, 2)
    p.load(f, 2, "again")
    f.emit("THROW", 2)               # raised inside the catch: the outer try catches
    f.mark(outer)
    f.emit("MOVE", 2, 0)
    p.intrin(f, 2, "__error_message")
    p.say_str(f, 2)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "Division by zero\nagain\n"


def test_return_inside_try_pops_its_handler(orusvm, tmp_path):
    p = Prog()
    g = p.mb.function("g", 0)
    h = g.label()
    g.emit("TRY", 0, target=h)
    g.emit("LOADI", 1, 5)
    g.emit("RETURN", 1)
    g.mark(h)
    g.emit("RETURN", 1)
    f = p.main
    f.line(3)
    f.emit("CALLF", 0, g.index)
    p.load(f, 1, "boom")
    f.emit("THROW", 1)
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert (r.rc, r.err) == (70, "main.orus:3: runtime error: boom\n")


def test_tail_call_inside_try_is_still_caught(orusvm, tmp_path):
    p = Prog()
    bad = p.mb.function("bad", 0)
    p.load(bad, 0, "inner failure")
    bad.emit("THROW", 0)
    g = p.mb.function("g", 0)
    h = g.label()
    g.emit("TRY", 0, target=h)
    g.emit("TAILCALLF", 1, bad.index)
    g.mark(h)
    g.emit("MOVE", 1, 0)
    p.intrin(g, 1, "__error_message")
    g.emit("RETURN", 1)
    f = p.main
    f.emit("CALLF", 0, g.index)
    p.say_str(f, 0)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "inner failure\n"


def test_throw_intrinsic_raises_a_catchable_error_with_its_message(orusvm, tmp_path):
    p = Prog()
    f = p.main
    h = f.label()
    f.emit("TRY", 0, target=h)
    p.load(f, 1, "Cannot pop from an empty array")
    p.intrin(f, 1, "__throw")
    p.say_const(f, "not reached")
    f.mark(h)
    f.emit("MOVE", 1, 0)
    p.intrin(f, 1, "__error_message")
    p.say_str(f, 1)
    f.line(7)
    p.load(f, 1, "uncaught")
    p.intrin(f, 1, "__throw")
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert (r.rc, r.out, r.err) == (70, "Cannot pop from an empty array\n",
                                    "main.orus:7: runtime error: uncaught\n")


def test_uncaught_error_reports_file_line_and_exits_70(orusvm, tmp_path):
    p = Prog()
    f = p.main
    p.say_const(f, "before")
    f.line(12)
    f.emit("LOADI", 0, 1)
    f.emit("LOADI", 1, 0)
    f.emit("MOD_I", 2, 0, 1)
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert (r.rc, r.out, r.err) == (70, "before\n", "main.orus:12: runtime error: Division by zero\n")


def test_typed_function_falling_off_its_end(orusvm, tmp_path):
    p = Prog()
    g = p.mb.function("sign", 0)
    g.line(4)
    g.emit("NORET")
    anon = p.mb.function("", 0)
    anon.emit("NORET")
    f = p.main
    h = f.label()
    f.emit("TRY", 0, target=h)
    f.emit("CALLF", 1, anon.index)
    f.mark(h)
    f.emit("MOVE", 1, 0)
    p.intrin(f, 1, "__error_message")
    p.say_str(f, 1)
    f.emit("CALLF", 1, g.index)
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert r.out == "Function '<anonymous>' ended without returning a value\n"
    assert r.err == "main.orus:4: runtime error: Function 'sign' ended without returning a value\n"


def test_global_used_before_initialisation(orusvm, tmp_path):
    p = Prog()
    g = p.mb.global_var("visits")
    bump = p.mb.function("bump", 0)
    bump.line(2)
    bump.emit("GETGLOBAL", 0, g)
    bump.emit("RETURN", 0)
    f = p.main
    f.line(6)
    f.emit("LOADI", 0, 7)
    f.emit("DEFGLOBAL", 0, g)
    f.emit("CALLF", 1, bump.index)
    p.say_int(f, 1)
    f.emit("LOADI", 0, 8)
    f.emit("SETGLOBAL", 0, g)
    f.emit("CALLF", 1, bump.index)
    p.say_int(f, 1)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "7\n8\n"
    q = Prog()
    g = q.mb.global_var("visits")
    q.main.line(3)
    q.main.emit("LOADI", 0, 1)
    q.main.emit("SETGLOBAL", 0, g)
    q.finish()
    r = run_vm(orusvm, tmp_path, q)
    assert (r.rc, r.err) == (70, "main.orus:3: runtime error: Variable 'visits' used before initialisation\n")


def test_program_arguments_reach_argv(orusvm, tmp_path):
    p = Prog()
    f = p.main
    p.intrin(f, 0, "__argc")
    p.say_int(f, 0)
    f.emit("LOADI", 0, 2)
    p.intrin(f, 0, "__argv")
    p.say_str(f, 0)
    p.finish()
    assert run_vm(orusvm, tmp_path, p, "one", "two").out == "3\ntwo\n"
