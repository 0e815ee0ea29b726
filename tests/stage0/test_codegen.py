"""The code generator: instruction choice from static types, register use, determinism."""
import os

from stage0.codegen import ModuleGen, emit_program, format_pieces
from stage0_helpers import check_text


def functions(tmp_path, text: str) -> dict:
    """name -> list of op names of each function of the main module."""
    program, diags = check_text(tmp_path, text)
    assert diags == [], diags
    gen = ModuleGen(program.modules[-1], main=True)
    gen.generate()
    return {fb.name: [insn.op for insn in fb.code] for fb in gen.mb.functions}


def all_functions(tmp_path, text: str) -> list:
    """(name, op names) of every function of the main module, in index order."""
    program, diags = check_text(tmp_path, text)
    assert diags == [], diags
    gen = ModuleGen(program.modules[-1], main=True)
    gen.generate()
    return [(fb.name, [insn.op for insn in fb.code]) for fb in gen.mb.functions]


def test_typed_arithmetic_follows_static_types(tmp_path):
    ops = functions(tmp_path, "fn f(a: i64, b: f64, c: u32) -> f64:\n"
                              "    x = a * a\n    y = c + 1\n    return b / b\n")["f"]
    assert "MUL_I64" in ops and "ADD_U32" in ops and "DIV_F64" in ops


def test_condition_uses_fused_compare_and_branch(tmp_path):
    ops = functions(tmp_path, "fn f(a: i32, b: i32) -> i32:\n    if a < b:\n        return 1\n"
                              "    return 0\n")["f"]
    assert "JLT_I" in ops and "LT_I" not in ops and "TEST" not in ops


def test_small_literal_comparison_uses_an_immediate(tmp_path):
    ops = functions(tmp_path, "fn f(n: i32) -> i32:\n    while n > 0:\n        n -= 1\n"
                              "    return n\n".replace("fn f(n", "fn f(mut n"))["f"]
    assert "JGTI" in ops


def test_direct_calls_and_tail_calls(tmp_path):
    fns = functions(tmp_path, "fn g(n: i32) -> i32:\n    return n\n"
                              "fn f(n: i32) -> i32:\n    x = g(n)\n    return g(x)\n")
    assert "CALLF" in fns["f"] and "TAILCALLF" in fns["f"] and "CALL" not in fns["f"]


def test_no_tail_call_inside_try(tmp_path):
    fns = functions(tmp_path, "fn g(n: i32) -> i32:\n    return n\n"
                              "fn f(n: i32) -> i32:\n    try:\n        return g(n)\n"
                              "    catch:\n        return 0\n")
    assert "TAILCALLF" not in fns["f"] and "CALLF" in fns["f"]


def test_locals_are_read_in_place(tmp_path):
    ops = functions(tmp_path, "fn f(a: i32, b: i32) -> i32:\n    return a + b\n")["f"]
    assert ops == ["ADD_I32", "RETURN", "NORET"]


def test_counted_loop_uses_forprep_and_forloop(tmp_path):
    ops = functions(tmp_path, "mut t = 0\nfor i in 0..10..2:\n    t += i\n")["<init>"]
    assert "FORPREP_I" in ops and "FORLOOP" in ops


def test_closure_captures_through_upvalues(tmp_path):
    fns = functions(tmp_path, "fn counter() -> fn() -> i32:\n    mut count = 0\n"
                              "    tick = fn() -> i32:\n        count += 1\n        return count\n"
                              "    return tick\n")
    assert "CLOSURE" in fns["counter"]
    assert "GETUPVAL" in fns[""] and "SETUPVAL" in fns[""]


def test_requirement_generic_function_is_specialized_per_type(tmp_path):
    fns = all_functions(tmp_path, "fn twice(v):\n    return v + v\n"
                                  "print(twice(2), twice(1.5), twice(\"ab\"))\n")
    bodies = [ops for name, ops in fns if name == "twice"]
    assert len(bodies) == 3
    assert {"ADD_I32", "ADD_F64", "CONCAT"} <= {op for ops in bodies for op in ops}


def test_format_string_pieces():
    assert format_pieces("a@@b @x @.2f @.123f @") == [
        ("a@b ", None), ("", "x"), (" ", None), ("", ".2f"), (" ", None), ("", ""),
        (".123f ", None), ("", ""), ("", None)]


def test_output_does_not_depend_on_paths(tmp_path):
    a = tmp_path / "one"
    b = tmp_path / "two" / "deeper"
    a.mkdir()
    b.mkdir(parents=True)
    text = "fn sq(v: i32) -> i32:\n    return v * v\nprint(sq(3), [1, 2], \"x\")\n"
    images = []
    for where in (a, b):
        program, diags = check_text(where, text, "prog.orus")
        assert diags == []
        images.append(emit_program(program, "prog.orbc"))
    assert images[0] == images[1]


def test_same_program_twice_gives_the_same_bytes(tmp_path):
    text = "struct P:\n    x: i32\nenum E:\n    A\n    B(v: i32)\n" \
           "print(P{x: 1}, E.B(2), [E.A])\n"
    first = emit_program(check_text(tmp_path, text)[0], "m.orbc")
    second = emit_program(check_text(tmp_path, text)[0], "m.orbc")
    assert first == second and os.path.basename(first[-1][0]) == "m.orbc"


def test_constant_and_immediate_operand_forms(tmp_path):
    ops = functions(tmp_path, "fn f(a: i32, b: f64) -> f64:\n    x = a + 1\n    y = a - 3\n"
                              "    z = a * 1000\n    return b * 2.5 / 4.0\n")["f"]
    assert ops.count("ADDI_I32") == 2 and "MULK_I32" in ops
    assert "MULK_F64" in ops and "DIVK_F64" in ops and "LOADK" not in ops


def test_call_into_a_live_local_does_not_clobber_its_arguments(tmp_path):
    """`x = g(x)` with g a closure: the frame must not start at x's own register."""
    program, diags = check_text(tmp_path, "fn main():\n    g = fn(v: i32) -> i32: v + 1\n"
                                          "    mut x = 5\n    x = g(x)\n")
    assert diags == []
    gen = ModuleGen(program.modules[-1], main=True)
    gen.generate()
    anon = [fb for fb in gen.mb.functions if fb.name == "main"][0]
    call = [insn for insn in anon.code if insn.op == "CALL"][0]
    x_reg = [insn for insn in anon.code if insn.op == "LOADI"][0].fields["A"]
    assert call.fields["A"] != x_reg


def test_recursive_requirement_generic_function_calls_its_own_instance(tmp_path):
    fns = all_functions(tmp_path, "fn total(xs, i):\n    if i == len(xs):\n        return 0\n"
                                  "    return xs[i] + total(xs, i + 1)\nprint(total([1, 2], 0))\n")
    assert [name for name, _ in fns].count("total") == 1


def test_imported_requirement_generic_gets_one_body_per_instantiation_in_the_importer(tmp_path):
    (tmp_path / "util.orus").write_text("pub fn twice(x):\n    return x + x\n")
    program, diags = check_text(tmp_path, "use util\na = util.twice(1)\nb = util.twice(2)\n"
                                          "c = util.twice(0.5)\n")
    assert diags == [], diags
    gen = ModuleGen(program.modules[-1], main=True)
    gen.generate()
    bodies = [[insn.op for insn in fb.code] for fb in gen.mb.functions if fb.name == "twice"]
    assert len(bodies) == 2
    assert "ADD_I32" in bodies[0] and "ADD_F64" in bodies[1]
