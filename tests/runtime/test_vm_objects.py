"""Strings, arrays, bytes, records, enum values, structural ==, hash and the reflection
intrinsics the prelude formats values with."""
import pytest

from tests.runtime.vmkit import Prog, run_vm


def test_string_ops(orusvm, tmp_path):
    p = Prog()
    f = p.main
    f.line(1)
    p.load(f, 0, "héllo")
    f.emit("LEN", 1, 0)
    p.say_int(f, 1)
    f.emit("LOADI", 1, 1)
    f.emit("STRINDEX", 2, 0, 1)        # a byte of a multi-byte sequence, as is
    p.intrin(f, 2, "__str_len")
    p.say_int(f, 2)
    f.emit("LOADI", 3, 0)
    f.emit("LOADI", 4, 2)
    f.emit("SLICE", 2, 0, 3)
    p.say_str(f, 2)
    p.load(f, 3, " world")
    f.emit("CONCAT", 2, 0, 3)
    p.say_str(f, 2)
    f.line(9)
    f.emit("LOADI", 1, 6)
    f.emit("STRINDEX", 2, 0, 1)
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert r.out.splitlines()[2] == "h\ufffd"      # the first byte of é, alone
    assert r.out.splitlines()[0:2] == ["6", "1"] and r.out.splitlines()[3] == "héllo world"
    assert (r.rc, r.err) == (70, "main.orus:9: runtime error: String index out of bounds\n")


def array_prog(ops) -> Prog:
    p = Prog()
    f = p.main
    f.line(1)
    for reg, v in enumerate((10, 20, 30)):
        f.emit("LOADI", 1 + reg, v)
    f.emit("NEWARRAY", 0, 1, 3)
    ops(p, f)
    p.finish()
    return p


def test_array_index_resize_len(orusvm, tmp_path):
    def ops(p, f):
        f.emit("LOADI", 1, 2)
        f.emit("GETINDEX", 2, 0, 1)
        p.say_int(f, 2)
        f.emit("LOADI", 2, 99)
        f.emit("SETINDEX", 0, 1, 2)
        f.emit("MOVE", 4, 0)                 # __array_resize(a, 5, 40): grows, new slots 40
        p.load(f, 5, 5, "i64")
        f.emit("LOADI", 6, 40)
        p.intrin(f, 4, "__array_resize")
        f.emit("LEN", 3, 0)
        p.say_int(f, 3)
        f.emit("LOADI", 1, 4)
        f.emit("GETINDEX", 3, 0, 1)
        p.say_int(f, 3)
        f.emit("MOVE", 4, 0)                 # __array_resize(a, 3, 0): shrinks
        p.load(f, 5, 3, "i64")
        f.emit("LOADI", 6, 0)
        p.intrin(f, 4, "__array_resize")
        f.emit("LOADI", 1, 2)
        f.emit("GETINDEX", 3, 0, 1)
        p.say_int(f, 3)
        f.line(5)
        f.emit("LOADI", 1, 3)
        f.emit("GETINDEX", 2, 0, 1)
    r = run_vm(orusvm, tmp_path, array_prog(ops))
    assert r.out == "30\n5\n40\n99\n"
    assert (r.rc, r.err) == (70, "main.orus:5: runtime error: Array index out of bounds\n")


def test_array_resize_one_at_a_time_grows_storage_geometrically(orusvm, tmp_path):
    """push is `__array_resize(a, len + 1, v)` in the prelude: 1000 of them must not
    reallocate 1000 times, so the capacity reached stays within a constant factor."""
    p = Prog()
    f = p.main
    f.emit("NEWARRAY", 0, 0, 0)
    p.load(f, 1, 0, "i64")                   # n
    p.load(f, 2, 1, "i64")
    p.load(f, 3, 1000, "i64")
    p.load(f, 7, 0, "i64")                   # reallocations seen
    p.load(f, 8, 0, "i64")                   # last capacity
    loop = f.label()
    done = f.label()
    f.mark(loop)
    f.emit("JLE_I", 3, 1, 1, target=done)    # while n < 1000
    f.emit("ADD_I64", 1, 1, 2)
    f.emit("MOVE", 4, 0)
    f.emit("MOVE", 5, 1)
    f.emit("MOVE", 6, 1)
    p.intrin(f, 4, "__array_resize")
    f.emit("MOVE", 4, 0)
    p.intrin(f, 4, "__array_cap")
    skip = f.label()
    f.emit("JEQ", 4, 8, 1, target=skip)
    f.emit("ADD_I64", 7, 7, 2)
    f.emit("MOVE", 8, 4)
    f.mark(skip)
    f.emit("JMP", target=loop)
    f.mark(done)
    f.emit("LEN", 4, 0)
    p.say_int(f, 4)
    p.say_int(f, 7)
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    lines = r.out.split()
    assert (r.rc, lines[0]) == (0, "1000")
    assert int(lines[1]) <= 20


def test_array_resize_to_a_negative_length(orusvm, tmp_path):
    p = Prog()
    f = p.main
    f.line(2)
    f.emit("NEWARRAY", 0, 0, 0)
    p.load(f, 1, -1, "i64")
    f.emit("LOADI", 2, 0)
    p.intrin(f, 0, "__array_resize")
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert (r.rc, r.err) == (70, "main.orus:2: runtime error: Array length cannot be negative\n")


def test_slices_check_bounds(orusvm, tmp_path):
    def ops(p, f):
        f.emit("LOADI", 4, 1)
        f.emit("LOADI", 5, 3)
        f.emit("SLICE", 6, 0, 4)
        f.emit("LEN", 7, 6)
        p.say_int(f, 7)
        f.line(4)
        f.emit("LOADI", 5, 4)
        f.emit("SLICE", 6, 0, 4)
    r = run_vm(orusvm, tmp_path, array_prog(ops))
    assert (r.out, r.err) == ("2\n", "main.orus:4: runtime error: Slice bounds out of range\n")


def test_records_enums_equality_and_hash(orusvm, tmp_path):
    p = Prog()
    mb = p.mb
    point = mb.struct_shape("Point", ["x", "y"])
    dot = mb.variant_shape("Shape", "Dot", 0, [])
    rect = mb.variant_shape("Shape", "Rect", 1, ["w", "h"])
    f = p.main
    f.emit("LOADI", 0, 3)
    f.emit("LOADI", 1, -4)
    f.emit("NEWREC", 0, point)
    f.emit("LOADI", 1, 3)
    f.emit("LOADI", 2, -4)
    f.emit("NEWREC", 1, point)
    f.emit("EQ_V", 2, 0, 1)
    p.say_bool(f, 2)                       # structural: true
    f.emit("LOADI", 3, 9)
    f.emit("SETFIELD", 1, 1, 3)
    f.emit("GETFIELD", 4, 1, 1)
    p.say_int(f, 4)
    f.emit("EQ_V", 2, 0, 1)
    p.say_bool(f, 2)                       # now false
    f.emit("NEWREC", 5, dot)
    f.emit("NEWREC", 6, dot)
    f.emit("EQ_V", 2, 5, 6)
    p.say_bool(f, 2)
    f.emit("LOADI", 7, 2)
    f.emit("LOADI", 8, 3)
    f.emit("NEWREC", 7, rect)
    f.emit("VARIANT", 9, 7)
    p.say_int(f, 9)
    is_rect = f.label()
    f.emit("JVARIANT", 7, 1, 1, target=is_rect)
    p.say_const(f, "not rect")
    f.mark(is_rect)
    f.emit("MOVE", 9, 7)
    p.intrin(f, 9, "__variant_name")
    p.say_str(f, 9)
    f.emit("MOVE", 9, 0)
    p.intrin(f, 9, "__type_name")
    p.say_str(f, 9)
    f.emit("HASH", 10, 0)
    f.emit("LOADI", 2, -4)
    f.emit("SETFIELD", 1, 1, 2)
    f.emit("HASH", 11, 1)
    f.emit("EQ", 12, 10, 11)
    p.say_bool(f, 12)                      # equal values hash equal
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "true\n9\nfalse\ntrue\n1\nRect\nPoint\ntrue\n"


def test_hash_is_stable_across_runs(orusvm, tmp_path):
    p = Prog()
    f = p.main
    p.load(f, 0, "orus")
    f.emit("HASH", 1, 0)
    p.say_int(f, 1, 16)
    f.emit("LOADI", 0, 1)
    f.emit("NEWARRAY", 2, 0, 1)
    f.emit("HASH", 1, 2)
    p.say_int(f, 1, 16)
    p.finish()
    first = run_vm(orusvm, tmp_path, p).out
    assert first == run_vm(orusvm, tmp_path, p).out
    fnv = 0xCBF29CE484222325
    for b in b"orus":
        fnv = ((fnv ^ b) * 0x100000001B3) & (2**64 - 1)
    assert first.splitlines()[0] == f"{fnv:x}"


def test_fill_copies_rows_deeply_and_repeat_shares(orusvm, tmp_path):
    p = Prog()
    f = p.main
    f.emit("LOADI", 1, 0)
    f.emit("NEWARRAY", 0, 1, 1)            # row = [0]
    f.emit("MOVE", 1, 0)
    p.load(f, 2, 2, "i64")
    p.intrin(f, 1, "__array_fill")         # grid = [row; 2]
    f.emit("LOADI", 3, 0)
    f.emit("GETINDEX", 4, 1, 3)
    f.emit("LOADI", 5, 7)
    f.emit("SETINDEX", 4, 3, 5)            # grid[0][0] = 7
    f.emit("LOADI", 3, 1)
    f.emit("GETINDEX", 4, 1, 3)
    f.emit("LOADI", 3, 0)
    f.emit("GETINDEX", 6, 4, 3)
    p.say_int(f, 6)                        # grid[1][0] still 0
    f.emit("MOVE", 6, 1)
    p.load(f, 7, 3, "i64")
    p.intrin(f, 6, "__array_repeat")
    f.emit("LEN", 7, 6)
    p.say_int(f, 7)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "0\n6\n"


def test_bytes_intrinsics(orusvm, tmp_path):
    p = Prog()
    f = p.main
    f.line(1)
    p.load(f, 0, 2, "i64")
    p.intrin(f, 0, "__bytes_new")
    f.emit("MOVE", 1, 0)
    p.load(f, 2, "hi")
    p.intrin(f, 1, "__bytes_append")
    f.emit("MOVE", 1, 0)
    p.load(f, 2, 33, "u8")
    p.intrin(f, 1, "__bytes_push")
    f.emit("MOVE", 1, 0)
    p.intrin(f, 1, "__bytes_len")
    p.say_int(f, 1)
    f.emit("MOVE", 1, 0)
    p.load(f, 2, 2, "i64")
    p.load(f, 3, 5, "i64")
    p.intrin(f, 1, "__bytes_to_str")
    p.say_str(f, 1)
    f.emit("LOADI", 1, 0)
    f.emit("GETINDEX", 2, 0, 1)
    p.say_int(f, 2)
    f.line(8)
    f.emit("MOVE", 1, 0)
    p.load(f, 2, 9, "i64")
    p.intrin(f, 1, "__bytes_get")
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert r.out == "5\nhi!\n0\n"
    assert (r.rc, r.err) == (70, "main.orus:8: runtime error: Array index out of bounds\n")


def test_string_find_and_compare(orusvm, tmp_path):
    p = Prog()
    f = p.main
    for hay, needle, start in (("a,b,,c", ",", 2), ("abc", "", 1), ("abc", "cd", 0), ("aaab", "ab", 0)):
        p.load(f, 0, hay)
        p.load(f, 1, needle)
        p.load(f, 2, start, "i64")
        p.intrin(f, 0, "__str_find")
        p.say_int(f, 0)
    p.load(f, 0, "ab")
    p.load(f, 1, "abc")
    p.intrin(f, 0, "__str_cmp")
    p.say_int(f, 0)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "3\n1\n-1\n2\n-1\n"


@pytest.mark.parametrize("value,t,kind,name", [
    (5, "u8", 4, "u8"), (1.5, "f64", 8, "f64"), ("s", None, 10, "string"), (True, None, 1, "bool"),
])
def test_kind_and_type_name_reflect_exact_tags(orusvm, tmp_path, value, t, kind, name):
    p = Prog()
    f = p.main
    p.load(f, 0, value, t)
    f.emit("MOVE", 1, 0)
    p.intrin(f, 1, "__kind")
    p.say_int(f, 1)
    f.emit("MOVE", 1, 0)
    p.intrin(f, 1, "__type_name")
    p.say_str(f, 1)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == f"{kind}\n{name}\n"


def test_field_reflection_on_struct(orusvm, tmp_path):
    p = Prog()
    shape = p.mb.struct_shape("User", ["name", "age"])
    f = p.main
    p.load(f, 0, "kim")
    f.emit("LOADI", 1, 30)
    f.emit("NEWREC", 0, shape)
    f.emit("MOVE", 1, 0)
    p.intrin(f, 1, "__field_count")
    p.say_int(f, 1)
    for i in range(2):
        f.emit("MOVE", 1, 0)
        f.emit("LOADI", 2, i)
        p.intrin(f, 1, "__field_name")
        p.say_str(f, 1)
    f.emit("MOVE", 1, 0)
    f.emit("LOADI", 2, 1)
    p.intrin(f, 1, "__field_value")
    p.say_int(f, 1)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "2\nname\nage\n30\n"


@pytest.mark.parametrize("op,operands", [
    ("GETFIELD", (1, 0, 2)),        # field 2 of a two-field record
    ("SETFIELD", (0, 2, 1)),
    ("GETFIELD", (1, 3, 0)),        # R3 holds a string, not a record
])
def test_field_access_outside_the_record_is_invalid_bytecode(orusvm, tmp_path, op, operands):
    p = Prog()
    point = p.mb.struct_shape("Point", ["x", "y"])
    f = p.main
    f.emit("LOADI", 0, 3)
    f.emit("LOADI", 1, 4)
    f.emit("NEWREC", 0, point)
    p.load(f, 3, "not a record")
    f.emit(op, *operands)
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert r.rc == 65 and "invalid bytecode: operand of the wrong type" in r.err


def test_string_equality_by_content_length_and_identity(orusvm, tmp_path):
    p = Prog()
    f = p.main
    p.load(f, 0, "ab")
    p.load(f, 1, "a")
    p.load(f, 2, "b")
    f.emit("CONCAT", 1, 1, 2)               # a second "ab", another object
    p.load(f, 2, "ac")
    p.load(f, 3, "abc")
    for a, b in ((0, 1), (0, 0), (0, 2), (0, 3)):
        f.emit("EQ_V", 4, a, b)
        p.say_bool(f, 4)
    p.finish()
    r = run_vm(orusvm, tmp_path, p)
    assert (r.rc, r.out) == (0, "true\ntrue\nfalse\nfalse\n")
