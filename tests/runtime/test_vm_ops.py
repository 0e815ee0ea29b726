"""Opcode families through the builder: loads, typed arithmetic with the wrap/trap rules of
each width (language.md 3.5, 3.6), bit operations (5.3), comparisons, branches, casts
(5.7), counted loops (6.3) and range iterators (6.4). Every case asserts exact output."""
import math

import pytest

from tests.runtime.vmkit import Prog, run_vm

F64 = "f64"


def binop(op: str, ta: str, a, tb: str, b, show: str = "int") -> Prog:
    p = Prog()
    f = p.main
    f.line(7)
    p.load(f, 0, a, ta)
    p.load(f, 1, b, tb)
    f.emit(op, 2, 0, 1)
    {"int": p.say_int, "f64": p.say_f64, "bool": p.say_bool}[show](f, 2)
    p.finish()
    return p


ARITH = [
    ("ADD_I32", "i32", 5, "i32", 7, "12"),
    ("ADD_I32", "i32", -2147483648, "i32", 2147483647, "-1"),
    ("SUB_I32", "i32", -7, "i32", 8, "-15"),
    ("MUL_I32", "i32", -3, "i32", 4, "-12"),
    ("DIV_I32", "i32", -7, "i32", 2, "-3"),
    ("MOD_I", "i32", -7, "i32", 2, "-1"),
    ("MOD_I", "i32", 7, "i32", -2, "1"),
    ("MOD_I", "i32", -2147483648, "i32", -1, "0"),
    ("MOD_I", "i64", -9223372036854775808, "i64", -1, "0"),
    ("ADD_I64", "i64", 5000000000, "i64", 1, "5000000001"),
    ("MUL_I64", "i64", 3037000499, "i64", 3037000499, "9223372030926249001"),
    ("DIV_I64", "i64", -9223372036854775807, "i64", 2, "-4611686018427387903"),
    ("SUB_U32", "u32", 0, "u32", 1, "4294967295"),
    ("ADD_U32", "u32", 4294967295, "u32", 2, "1"),
    ("MUL_U32", "u32", 65536, "u32", 65536, "0"),
    ("ADD_U8", "u8", 255, "u8", 1, "0"),
    ("SUB_U8", "u8", 0, "u8", 1, "255"),
    ("MUL_U8", "u8", 16, "u8", 17, "16"),
    ("ADD_U64", "u64", 18446744073709551615, "u64", 1, "0"),
    ("SUB_U64", "usize", 0, "usize", 1, "18446744073709551615"),
    ("MUL_U64", "u64", 4294967296, "u64", 4294967296, "0"),
    ("DIV_U", "u64", 18446744073709551615, "u64", 2, "9223372036854775807"),
    ("MOD_U", "u32", 7, "u32", 3, "1"),
    ("BAND", "i32", 6, "i32", 3, "2"),
    ("BOR", "i32", 6, "i32", 3, "7"),
    ("BXOR", "i32", 6, "i32", 3, "5"),
    ("BAND", "i64", -1, "i64", 255, "255"),
    ("SHL_I32", "i32", 1, "i32", 31, "-2147483648"),
    ("SHL_I64", "i64", 3, "i64", 62, "-4611686018427387904"),
    ("SHL_U8", "u8", 3, "u8", 7, "128"),
    ("SHL_U32", "u32", 3, "u32", 31, "2147483648"),
    ("SHR_I32", "i32", -16, "i32", 2, "-4"),
    ("SHR_I64", "i64", -1, "i64", 63, "-1"),
    ("SHR_U32", "u32", 0x80000000, "u32", 4, "134217728"),
    ("SHR_U64", "u64", 2**63, "u64", 63, "1"),
    ("SHR_U8", "u8", 128, "u8", 7, "1"),
]


@pytest.mark.parametrize("op,ta,a,tb,b,want", ARITH, ids=[f"{c[0]}:{c[2]},{c[4]}" for c in ARITH])
def test_integer_op_result(orusvm, tmp_path, op, ta, a, tb, b, want):
    r = run_vm(orusvm, tmp_path, binop(op, ta, a, tb, b))
    assert (r.rc, r.out, r.err) == (0, want + "\n", "")


TRAPS = [
    ("ADD_I32", "i32", 2147483647, "i32", 1, "Integer overflow"),
    ("SUB_I32", "i32", -2147483648, "i32", 1, "Integer overflow"),
    ("MUL_I32", "i32", 65536, "i32", 32768, "Integer overflow"),
    ("DIV_I32", "i32", -2147483648, "i32", -1, "Integer overflow"),
    ("DIV_I32", "i32", 1, "i32", 0, "Division by zero"),
    ("MOD_I", "i32", 1, "i32", 0, "Division by zero"),
    ("ADD_I64", "i64", 9223372036854775807, "i64", 1, "Integer overflow"),
    ("SUB_I64", "i64", -9223372036854775808, "i64", 1, "Integer overflow"),
    ("MUL_I64", "i64", 4294967296, "i64", 4294967296, "Integer overflow"),
    ("DIV_I64", "i64", -9223372036854775808, "i64", -1, "Integer overflow"),
    ("DIV_U", "u32", 1, "u32", 0, "Division by zero"),
    ("MOD_U", "u64", 1, "u64", 0, "Division by zero"),
    ("SHL_I32", "i32", 1, "i32", 32, "Shift amount out of range"),
    ("SHL_I32", "i32", 1, "i32", -1, "Shift amount out of range"),
    ("SHR_I64", "i64", 1, "i64", 64, "Shift amount out of range"),
    ("SHL_U8", "u8", 1, "u8", 8, "Shift amount out of range"),
    ("SHR_U32", "u32", 1, "u32", 32, "Shift amount out of range"),
]


@pytest.mark.parametrize("op,ta,a,tb,b,msg", TRAPS, ids=[f"{c[0]}:{c[2]},{c[4]}" for c in TRAPS])
def test_integer_trap_is_a_runtime_error_with_line(orusvm, tmp_path, op, ta, a, tb, b, msg):
    r = run_vm(orusvm, tmp_path, binop(op, ta, a, tb, b))
    assert (r.rc, r.out, r.err) == (70, "", f"main.orus:7: runtime error: {msg}\n")


FLOAT = [
    ("ADD_F64", 0.1, 0.2, "0.30000000000000004"),
    ("DIV_F64", 1.0, 3.0, "0.3333333333333333"),
    ("DIV_F64", 1.0, 0.0, "inf"),
    ("DIV_F64", -1.0, 0.0, "-inf"),
    ("DIV_F64", 0.0, 0.0, "nan"),
    ("MOD_F64", 7.5, 2.0, "1.5"),
    ("MOD_F64", -7.5, 2.0, "-1.5"),
    ("MUL_F64", 1e300, 1e10, "inf"),
    ("SUB_F64", 0.0, 0.0, "0"),
]


@pytest.mark.parametrize("op,a,b,want", FLOAT)
def test_f64_op_follows_ieee(orusvm, tmp_path, op, a, b, want):
    r = run_vm(orusvm, tmp_path, binop(op, F64, a, F64, b, "f64"))
    assert (r.rc, r.out) == (0, want + "\n")


COMPARE = [
    ("LT_I", "i32", -1, 1, "true"), ("LE_I", "i64", 5, 5, "true"), ("LT_I", "i32", 2, 1, "false"),
    ("LT_U", "u64", 1, 2**63, "true"), ("LE_U", "u32", 4294967295, 0, "false"),
    ("EQ", "i32", 3, 3, "true"), ("EQ", "u8", 3, 4, "false"),
    ("EQ_F64", F64, math.nan, math.nan, "false"), ("EQ_F64", F64, 0.0, -0.0, "true"),
    ("LT_F64", F64, math.nan, 1.0, "false"), ("LE_F64", F64, 1.0, 1.0, "true"),
    ("LT_S", "s", "Zoo", "apple", "true"), ("LT_S", "s", "ab", "abc", "true"),
    ("LE_S", "s", "b", "abc", "false"), ("EQ_V", "s", "abc", "abc", "true"),
]


@pytest.mark.parametrize("op,t,a,b,want", COMPARE)
def test_compare_writes_bool(orusvm, tmp_path, op, t, a, b, want):
    t = None if t == "s" else t
    r = run_vm(orusvm, tmp_path, binop(op, t, a, t, b, "bool"))
    assert (r.rc, r.out) == (0, want + "\n")


def branch_prog(op: str, a, b, flag: int, imm: bool = False, t: str = "i32") -> Prog:
    p = Prog()
    f = p.main
    p.load(f, 0, a, t)
    if not imm:
        p.load(f, 1, b, t)
    taken = f.label()
    f.emit(op, 0, b if imm else 1, flag, target=taken)
    p.say_const(f, "fell")
    p.finish()
    f.mark(taken)
    p.say_const(f, "jumped")
    p.finish()
    return p


BRANCHES = [
    ("JLT_I", -5, 3, 1, False, "jumped"), ("JLT_I", -5, 3, 0, False, "fell"),
    ("JLE_U", 7, 7, 1, False, "jumped"), ("JEQ", 4, 5, 0, False, "jumped"),
    ("JLTI", -5, -4, 1, True, "jumped"), ("JGEI", 10, 10, 1, True, "jumped"),
    ("JGTI", 10, 10, 1, True, "fell"), ("JEQI", 127, 127, 1, True, "jumped"),
    ("JLEI", -128, -127, 1, True, "jumped"),
]


@pytest.mark.parametrize("op,a,b,flag,imm,want", BRANCHES)
def test_compare_and_branch_takes_jmp_word_when_result_equals_flag(orusvm, tmp_path, op, a, b, flag, imm, want):
    r = run_vm(orusvm, tmp_path, branch_prog(op, a, b, flag, imm))
    assert (r.rc, r.out) == (0, want + "\n")


def test_f64_branch_flag_distinguishes_not_less_from_greater_equal(orusvm, tmp_path):
    # not (nan < 1.0) holds, but nan >= 1.0 does not: JLT_F64 with flag 0 jumps
    r = run_vm(orusvm, tmp_path, branch_prog("JLT_F64", math.nan, 1.0, 0, t=F64))
    assert r.out == "jumped\n"


def unop(op: str, t: str, a, show: str = "int") -> Prog:
    p = Prog()
    f = p.main
    f.line(3)
    p.load(f, 0, a, t)
    f.emit(op, 1, 0)
    {"int": p.say_int, "f64": p.say_f64, "bool": p.say_bool}[show](f, 1)
    p.finish()
    return p


UNARY = [
    ("NEG_I32", "i32", 5, "int", "-5"), ("NEG_I64", "i64", -9223372036854775807, "int", "9223372036854775807"),
    ("NEG_F64", F64, 0.0, "f64", "0"), ("NEG_F64", F64, 2.5, "f64", "-2.5"),
    ("BNOT_I", "i32", 0, "int", "-1"), ("BNOT_U32", "u32", 0, "int", "4294967295"),
    ("BNOT_U8", "u8", 1, "int", "254"), ("BNOT_U64", "u64", 0, "int", "18446744073709551615"),
    ("NOT", None, True, "bool", "false"),
]


@pytest.mark.parametrize("op,t,a,show,want", UNARY)
def test_unary_op(orusvm, tmp_path, op, t, a, show, want):
    r = run_vm(orusvm, tmp_path, unop(op, t, a, show))
    assert (r.rc, r.out) == (0, want + "\n")


@pytest.mark.parametrize("op,t,a", [("NEG_I32", "i32", -2147483648), ("NEG_I64", "i64", -2**63)])
def test_negating_min_overflows(orusvm, tmp_path, op, t, a):
    r = run_vm(orusvm, tmp_path, unop(op, t, a))
    assert (r.rc, r.err) == (70, "main.orus:3: runtime error: Integer overflow\n")


def immediate_prog(op: str, t: str, a, operand, const: bool) -> Prog:
    p = Prog()
    f = p.main
    f.line(2)
    p.load(f, 0, a, t)
    f.emit(op, 1, 0, p.k(operand, t) if const else operand)
    (p.say_f64 if t == F64 else p.say_int)(f, 1)
    p.finish()
    return p


def test_immediate_and_constant_forms(orusvm, tmp_path):
    cases = [("ADDI_I32", "i32", 40, 2, False, "42"), ("ADDI_I64", "i64", -1, -127, False, "-128"),
             ("ADDK_I32", "i32", 1, 100000, True, "100001"), ("MULK_I64", "i64", 3, 5000000000, True, "15000000000"),
             ("ADDK_F64", F64, 0.5, 0.25, True, "0.75"), ("SUBK_F64", F64, 1.0, 0.25, True, "0.75"),
             ("MULK_F64", F64, 1.5, 2.0, True, "3"), ("DIVK_F64", F64, 1.0, 8.0, True, "0.125"),
             ("MODK_I", "i32", -7, 2, True, "-1"), ("MODK_I", "i64", 5000000007, 1000000000, True, "7"),
             ("MODK_I", "i64", -2**63, -1, True, "0")]
    for op, t, a, operand, const, want in cases:
        r = run_vm(orusvm, tmp_path, immediate_prog(op, t, a, operand, const))
        assert (op, r.rc, r.out) == (op, 0, want + "\n")


def test_modk_by_a_zero_constant_raises(orusvm, tmp_path):
    r = run_vm(orusvm, tmp_path, immediate_prog("MODK_I", "i64", 7, 0, True))
    assert (r.rc, r.err) == (70, "main.orus:2: runtime error: Division by zero\n")


def test_addi_i32_traps_on_overflow(orusvm, tmp_path):
    r = run_vm(orusvm, tmp_path, immediate_prog("ADDI_I32", "i32", 2147483646, 2, False))
    assert (r.rc, r.err) == (70, "main.orus:2: runtime error: Integer overflow\n")


def test_loads_give_exact_tags_and_values(orusvm, tmp_path):
    p = Prog()
    f = p.main
    f.emit("LOADI", 0, -32767)
    p.say_int(f, 0)
    f.emit("LOADI64", 0, 32767)
    p.say_int(f, 0)
    for reg_value, t in ((3000000000, "i64"), (255, "u8"), (7, "usize")):
        p.load(f, 0, reg_value, t)
        f.emit("MOVE", 1, 0)
        p.intrin(f, 1, "__type_name")
        p.say_str(f, 1)
    f.emit("LOADNULL", 0)
    f.emit("MOVE", 1, 0)
    p.intrin(f, 1, "__type_name")
    p.say_str(f, 1)
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert r.out == "-32767\n32767\ni64\nu8\nusize\nRawPtr\n"


CASTS = [
    ("i64", 3000000000, "I32", "int", "-1294967296"),
    ("i32", -1, "U32", "int", "4294967295"),
    ("u32", 4294967295, "I32", "int", "-1"),
    ("u64", 18446744073709551615, "I64", "int", "-1"),
    ("i32", -1, "I64", "int", "-1"),
    ("u32", 4294967295, "U64", "int", "4294967295"),
    ("f64", 3.99, "I32", "int", "3"),
    ("f64", -3.99, "I32", "int", "-3"),
    ("f64", 255.0, "U8", "int", "255"),
    ("f64", -2147483648.9, "I32", "int", "-2147483648"),
    ("f64", -9223372036854775808.0, "I64", "int", "-9223372036854775808"),
    ("u64", 4294967295, "U32", "int", "4294967295"),
    ("i64", -1, "U8", "int", "255"),
    ("i64", 9223372036854775807, "F64", "f64", "9223372036854776000"),
    ("u64", 18446744073709551615, "F64", "f64", "18446744073709552000"),
    ("f64", math.nan, "BOOL", "bool", "true"),
    ("f64", 0.0, "BOOL", "bool", "false"),
    ("i32", 7, "BOOL", "bool", "true"),
    (None, True, "I32", "int", "1"),
    (None, True, "F64", "f64", "1"),
]


def cast_prog(t, v, tag: str, show: str) -> Prog:
    from stage0.opcodes import TAGS
    p = Prog()
    f = p.main
    f.line(9)
    p.load(f, 0, v, t)
    f.emit("CAST", 1, 0, TAGS[tag])
    {"int": p.say_int, "f64": p.say_f64, "bool": p.say_bool}[show](f, 1)
    p.finish()
    return p


@pytest.mark.parametrize("t,v,tag,show,want", CASTS)
def test_cast_converts_by_language_rules(orusvm, tmp_path, t, v, tag, show, want):
    r = run_vm(orusvm, tmp_path, cast_prog(t, v, tag, show))
    assert (r.rc, r.out) == (0, want + "\n")


CAST_ERRORS = [
    ("i32", -1, "U64", "Cannot convert negative i32 to u64"),
    ("i64", -5, "U64", "Cannot convert negative i64 to u64"),
    ("u64", 5000000000, "U32", "u64 value too large for u32"),
    ("f64", 1e19, "I64", "f64 value out of i64 range"),
    ("f64", math.nan, "I32", "f64 value out of i32 range"),
    ("f64", -1.0, "U32", "f64 value out of u32 range"),
    ("f64", 2147483648.0, "I32", "f64 value out of i32 range"),
    ("f64", -2147483649.0, "I32", "f64 value out of i32 range"),
    ("f64", 9223372036854775808.0, "I64", "f64 value out of i64 range"),
]


@pytest.mark.parametrize("t,v,tag,msg", CAST_ERRORS)
def test_checked_cast_raises(orusvm, tmp_path, t, v, tag, msg):
    r = run_vm(orusvm, tmp_path, cast_prog(t, v, tag, "int"))
    assert (r.rc, r.err) == (70, f"main.orus:9: runtime error: {msg}\n")


def for_prog(op: str, start, end, step, inclusive: int, t: str = "i32") -> Prog:
    p = Prog()
    f = p.main
    f.line(4)
    for reg, v in enumerate((start, end, step)):
        p.load(f, reg, v, t)
    f.reserve(5)
    done, body = f.label(), f.label()
    f.emit(op, 0, inclusive, target=done)
    f.mark(body)
    p.say_int(f, 3)
    f.emit("FORLOOP", 0, target=body)
    f.mark(done)
    p.say_const(f, "end")
    p.finish()
    return p


FORS = [
    ("FORPREP_I", 0, 5, 1, 0, "0 1 2 3 4"),
    ("FORPREP_I", 2, 6, 1, 1, "2 3 4 5 6"),
    ("FORPREP_I", 0, 10, 3, 0, "0 3 6 9"),
    ("FORPREP_I", 9, 0, -4, 0, "9 5 1"),
    ("FORPREP_I", 0, 8, 4, 1, "0 4 8"),
    ("FORPREP_I", 5, 5, 1, 0, ""),
    ("FORPREP_I", 2147483640, 2147483647, 5, 1, "2147483640 2147483645"),
    ("FORPREP_I", -2147483648, -2147483648, -1, 1, "-2147483648"),
]


@pytest.mark.parametrize("op,start,end,step,inc,want", FORS)
def test_counted_loop_visits_range_values_without_overflow(orusvm, tmp_path, op, start, end, step, inc, want):
    r = run_vm(orusvm, tmp_path, for_prog(op, start, end, step, inc))
    expect = "".join(f"{v}\n" for v in want.split()) + "end\n"
    assert (r.rc, r.out) == (0, expect)


def test_unsigned_counted_loop_near_max(orusvm, tmp_path):
    r = run_vm(orusvm, tmp_path, for_prog("FORPREP_U", 2**64 - 3, 2**64 - 1, 1, 1, "u64"))
    assert r.out == "18446744073709551613\n18446744073709551614\n18446744073709551615\nend\n"


def test_loop_with_zero_step_is_a_runtime_error(orusvm, tmp_path):
    r = run_vm(orusvm, tmp_path, for_prog("FORPREP_I", 0, 5, 0, 0))
    assert (r.rc, r.err) == (70, "main.orus:4: runtime error: Range step cannot be zero\n")


def range_prog(start, end, step, t: str = "i32", loops: int = 1, stop_after: int | None = None) -> Prog:
    p = Prog()
    f = p.main
    f.line(5)
    for reg, v in enumerate((start, end, step)):
        p.load(f, 1 + reg, v, t)
    f.emit("NEWRANGE", 0, 1)
    for _ in range(loops):
        top, done = f.label(), f.label()
        f.mark(top)
        f.emit("RANGENEXT", 4, 0, target=done)
        p.say_int(f, 4)
        if stop_after is not None:
            f.emit("JEQI", 4, stop_after, 1, target=done)
        f.jump(top)
        f.mark(done)
        p.say_const(f, "--")
    p.finish()
    return p


def test_range_iterator_yields_half_open_values(orusvm, tmp_path):
    assert run_vm(orusvm, tmp_path, range_prog(2, 10, 3)).out == "2\n5\n8\n--\n"
    assert run_vm(orusvm, tmp_path, range_prog(5, 0, -2)).out == "5\n3\n1\n--\n"


def test_range_iterator_is_consumed_by_iteration(orusvm, tmp_path):
    r = run_vm(orusvm, tmp_path, range_prog(0, 5, 1, loops=2, stop_after=1))
    assert r.out == "0\n1\n--\n2\n3\n4\n--\n"


@pytest.mark.parametrize("start,end,step,t", [(0, 5, 0, "i32"), (0, 2**63, 1, "u64")])
def test_bad_range_arguments_raise(orusvm, tmp_path, start, end, step, t):
    r = run_vm(orusvm, tmp_path, range_prog(start, end, step, t))
    assert (r.rc, r.err) == (70, "main.orus:5: runtime error: Invalid arguments provided to range()\n")
