"""The checker: inference results and every compile error's key words and position
(language.md 3-11, 13.2; extensions.md)."""
import pytest

from stage0_helpers import check_text, first_error, scheme_of


def ok(tmp_path, text: str):
    program, diags = check_text(tmp_path, text)
    assert diags == [], diags
    return program


def test_let_polymorphism_instantiates_per_call(tmp_path):
    program = ok(tmp_path, "fn echo(v): return v\nprint(echo(3), echo(\"x\"))\n")
    assert scheme_of(program, "echo").startswith("fn(T")


def test_literal_operand_fixes_an_open_parameter(tmp_path):
    program = ok(tmp_path, "fn inc(v): return v + 1\nprint(inc(2))\n")
    assert scheme_of(program, "inc") == "fn(i32) -> i32"


def test_requirement_is_checked_at_each_call(tmp_path):
    text = "fn size(v): return len(v)\nprint(size(\"ab\"), size([1]))\nprint(size(3))\n"
    line, col, message = first_error(tmp_path, text)
    assert (line, "len() needs an array or a string") == (3, message.split(": ", 1)[-1]
                                                         .split(", found")[0])


def test_unsatisfiable_requirements_are_rejected_without_a_call(tmp_path):
    _, _, message = first_error(tmp_path, "fn f(v):\n    a = len(v)\n    b = -v\n")
    assert "no type satisfies" in message


def test_annotation_decides_literal_type(tmp_path):
    ok(tmp_path, "f: f64 = 3\nx: i64 = 5000000000\nu: u8 = 255\nprint(f, x, u)\n")


def test_unannotated_literal_binding_is_i32(tmp_path):
    assert first_error(tmp_path, "q = 5\nr: i64 = q\n") == (
        2, 10, "Type mismatch in the initializer: expected i64, found i32")


@pytest.mark.parametrize("text, key", [
    ("b: u32 = -1\n", "does not fit"),
    ("x: i32 = 3000000000\n", "does not fit"),
    ("x = 300u8\n", "does not fit"),
    ("c = 9223372036854775808\n", "integer literal too large; add the u64 suffix"),
    ("a = 1\nb = 2i64\nc = a + b\n", "Type mismatch"),
    ("a = \"n\" + 1\n", "Type mismatch"),
    ("n = 2\nx = n + 0.5\n", "Type mismatch"),
    ("flag = true\nx = flag == 0\n", "Type mismatch"),
    ("x = 1 and true\n", "expected bool"),
    ("x = not 3\n", "expected bool"),
    ("if 3: pass\n", "condition must be bool"),
    ("while 1: pass\n", "condition must be bool"),
    ("x = [1] < [2]\n", "cannot be ordered"),
    ("x = true < false\n", "cannot be ordered"),
    ("x = 1 < 2 < 3\n", "cannot be ordered"),
    ("u = 3u\nx = -u\n", "cannot negate unsigned"),
    ("x = 1.5 & 2.0\n", "Type mismatch"),
    ("x = \"3\" as i32\n", "use int() or float()"),
    ("x = [1] as i32\n", "cannot cast"),
    ("x = 3 as Foo\n", "cannot cast"),
    ("x = 1 if true else \"a\"\n", "Type mismatch"),
    ("print(undefined_name)\n", "Undefined variable 'undefined_name'"),
    ("x = nofn(1)\n", "Undefined function 'nofn'"),
    ("x: Nope = 1\n", "Undefined type 'Nope'"),
    ("x = 1\nx = 2\n", "Cannot assign to immutable variable 'x'"),
    ("for i in 0..3:\n    i = 2\n", "Cannot assign to immutable variable 'i'"),
    ("mut x = 1\nmut x = 2\n", "already defined"),
    ("fn len(): pass\n", "already defined"),
    ("lower: i32 := 3\n", "module constants must start with an uppercase letter"),
    ("fn f() -> i32: return 1\nA: i32 := f()\n", "not a constant expression"),
    ("A: i32 := B\nB: i32 := A\n", "cyclic constant"),
    ("fn f():\n    pub fn g(): pass\n", "'pub' declarations are only allowed at module scope"),
    ("if true:\n    struct S:\n        a: i32\n", "only allowed at top level"),
    ("break\n", "'break' outside a loop"),
    ("while true:\n    break 'nope\n", "no enclosing loop has the label"),
    ("return 1\n", "'return' outside a function"),
    ("fn f() -> i32:\n    return \"a\"\n", "Type mismatch"),
    ("fn f() -> void:\n    return 1\n", "a void function cannot return a value"),
    ("fn f(a: i32): pass\nf(1, 2)\n", "wrong number of arguments"),
    ("fn f(a: i32): pass\nf(\"s\")\n", "Type mismatch"),
    ("fn f(): pass\nx = f()\n", "cannot use a void value"),
    ("a: [i32, 3] = [1, 2]\n", "expects 3 elements"),
    ("a: [i32, 3] = [1, 2, 3]\npush(a, 4)\n", "fixed array"),
    ("a: [i32, 3] = [1, 2, 3]\npop(a)\n", "fixed array"),
    ("b: [i32] = [1, 2]\na: [i32, 2] = b\n", "Type mismatch"),
    ("struct P:\n    x: i32\np = P{}\n", "missing field 'x'"),
    ("struct P:\n    x: i32\np = P{x: 1, y: 2}\n", "unknown field 'y'"),
    ("struct P:\n    x: i32\np = P{x: 1, x: 2}\n", "duplicate field 'x'"),
    ("struct P:\n    x: i32\np = P{x: \"s\"}\n", "Type mismatch"),
    ("struct P:\n    x: i32\np = P{x: 1}\nprint(p.y)\n", "Undefined field 'y'"),
    ("impl Q:\n    fn f(): pass\n", "impl for unknown struct"),
    ("struct P:\n    x: i32\nimpl P:\n    fn f(self): pass\n    fn f(self): pass\n",
     "already defined"),
    ("enum E:\n    A\n    B\nmatch E.A:\n    E.A -> pass\n", "non-exhaustive match"),
    ("enum E:\n    A\n    B\nmatch E.A:\n    E.A -> pass\n    E.A -> pass\n    E.B -> pass\n",
     "unreachable"),
    ("match 1:\n    _ -> pass\n    1 -> pass\n", "unreachable"),
    ("x = match 1:\n    1 -> 2\n", "match expression needs a `_` arm"),
    ("enum E:\n    A(x: i32)\nmatch E.A(1):\n    E.A(a, b) -> pass\n", "wrong payload arity"),
    ("enum E:\n    A\nx = E.Z\n", "Undefined variant 'Z'"),
    ("for i in 0..10..0:\n    pass\n", "range step cannot be zero"),
    ("for c in 5:\n    pass\n", "cannot iterate"),
    ("x = int(true)\n", "int() argument must be a string or number"),
    ("print(\"@.123f\", 1.0)\n", "format precision too large"),
    ("x = 1 matches _\n", "'_' is not allowed in 'matches'"),
    ("x = __str_len(\"a\")\n", "only std/ may call it"),
    ("extern fn io_write(fd: i32) -> i64\n", "only allowed in std/__kernel.orus"),
])
def test_compile_error_key_words(tmp_path, text, key):
    _, _, message = first_error(tmp_path, text)
    assert key in message


def test_error_position_is_the_first_token(tmp_path):
    assert first_error(tmp_path, "x = 1\nif x > 0:\n    y = x + \"a\"\n")[:2] == (3, 9)


def test_block_scoped_name_is_undefined_after_the_block(tmp_path):
    text = "fn ship(w: i32) -> i32:\n    if w > 10:\n        fee = 15\n    else:\n" \
           "        fee = 5\n    return fee\n"
    assert first_error(tmp_path, text) == (6, 12, "Undefined variable 'fee'")


def test_functions_see_globals_declared_later(tmp_path):
    ok(tmp_path, "fn bump() -> i32:\n    visits += 1\n    return visits\nmut visits = 0\n"
                 "print(bump())\n")


def test_top_level_code_sees_globals_only_after_their_declaration(tmp_path):
    assert first_error(tmp_path, "print(later)\nlater = 1\n")[2] == "Undefined variable 'later'"


def test_hoisting_of_functions_and_types(tmp_path):
    ok(tmp_path, "print(cube(3), P{x: 1})\nfn cube(v: i32) -> i32:\n    return v * v * v\n"
                 "struct P:\n    x: i32\n")


def test_implicit_return_of_tail_if_and_match(tmp_path):
    ok(tmp_path, "fn sign(n: i32) -> string:\n    if n < 0:\n        \"neg\"\n    else:\n"
                 "        \"pos\"\nfn day(d: i32) -> string:\n    match d:\n        6 -> \"sat\"\n"
                 "        _ -> \"other\"\nprint(sign(1), day(6))\n")


def test_closures_capture_and_mutate(tmp_path):
    program = ok(tmp_path, "fn counter() -> fn() -> i32:\n    mut count = 0\n"
                           "    tick = fn() -> i32:\n        count += 1\n        return count\n"
                           "    return tick\n")
    assert scheme_of(program, "counter") == "fn() -> fn() -> i32"


def test_empty_array_element_type_comes_from_later_use(tmp_path):
    ok(tmp_path, "mut xs = []\npush(xs, \"a\")\ny: [string] = xs\n")


def test_generic_struct_and_enum(tmp_path):
    program = ok(tmp_path, "struct Pair<A, B>:\n    left: A\n    right: B\n"
                           "fn swap<A, B>(p: Pair<A, B>) -> Pair<B, A>:\n"
                           "    return Pair{left: p.right, right: p.left}\n"
                           "q = swap(Pair{left: 1, right: \"one\"})\nprint(q.left, Option.Some(3))\n")
    assert scheme_of(program, "swap") == "fn(Pair<A, B>) -> Pair<B, A>"


def test_declared_type_parameter_is_rigid(tmp_path):
    _, _, message = first_error(tmp_path, "fn f<T>(x: T) -> T:\n    return x + 1\n")
    assert "Type mismatch" in message


def test_result_payload_types_are_inferred(tmp_path):
    program = ok(tmp_path, "fn halve(n: i32) -> Result:\n    if n % 2 == 0:\n"
                           "        return Result.Ok(n / 2)\n    return Result.Err(\"odd\")\n")
    assert scheme_of(program, "halve") == "fn(i32) -> Result<i32, string>"


def test_fixed_array_length_from_a_constant_and_fill(tmp_path):
    ok(tmp_path, "SLOTS: i32 := 4\ncells: [i32, SLOTS] = [0; SLOTS]\n")
    _, _, message = first_error(tmp_path, "a: [i32, 3] = [7, 8]\n")
    assert "expects 3 elements" in message


def test_fill_hint_for_two_element_literal(tmp_path):
    program, diags = check_text(tmp_path, "a: [i32, 4] = [0, 4]\n")
    assert diags[0].hint == "write [v; 4] for a filled array"


def test_array_repetition_and_casts(tmp_path):
    ok(tmp_path, "a = [\"ab\"] * 2\nb = 3 * [1]\nc = 3000000000i64 as i32\nd = -1 as u32\n"
                 "e = 2.5 as string\n")


def test_module_import_forms(tmp_path):
    (tmp_path / "shapes").mkdir()
    (tmp_path / "shapes" / "circle.orus").write_text(
        "pub UNIT: f64 := 1.0\npub fn area(r: f64) -> f64:\n    return r * r\nfn hidden(): pass\n")
    ok(tmp_path, "use shapes.circle\nuse shapes.circle as c\nuse shapes.circle: area as a2\n"
                 "print(circle.area(2.0), c.UNIT, a2(1.0))\n")
    _, _, message = first_error(tmp_path, "use shapes.circle: hidden\n")
    assert "is not exported" in message


def test_missing_module_has_an_oruspath_hint(tmp_path):
    program, diags = check_text(tmp_path, "use no.such.mod\n")
    assert "module not found" in diags[0].message and "ORUSPATH" in diags[0].hint


def test_cyclic_import(tmp_path):
    (tmp_path / "a.orus").write_text("use b\n")
    (tmp_path / "b.orus").write_text("use a\n")
    _, _, message = first_error(tmp_path, "use a\n")
    assert "cyclic import" in message


def test_import_collision_is_already_defined(tmp_path):
    (tmp_path / "m.orus").write_text("pub fn f(): pass\n")
    _, _, message = first_error(tmp_path, "use m: f\nfn f(): pass\n")
    assert "already defined" in message


def test_only_the_prelude_imports_the_kernel(tmp_path):
    _, _, message = first_error(tmp_path, "use __kernel\n")
    assert "only std/prelude.orus may import __kernel" in message


def check_with_prelude(tmp_path, prelude: str, text: str):
    """Check `text` against a std directory whose prelude is `prelude`."""
    from stage0.compiler import Program, check_program
    from stage0.diagnostics import CompileError
    from stage0.modules import SearchPath
    std = tmp_path / "std"
    std.mkdir()
    (std / "prelude.orus").write_text(prelude)
    (tmp_path / "main.orus").write_text(text)
    try:
        return check_program(str(tmp_path / "main.orus"), SearchPath(str(tmp_path), [], str(std)),
                             Program()), []
    except CompileError as err:
        return None, err.diagnostics


PRELUDE_WITH_BUILTINS = "pub fn push<T>(a: [T], v: T) -> [T]:\n    return a\n" \
                        "pub fn helper() -> i32:\n    return 1\n"


def test_only_the_prelude_may_declare_builtin_names(tmp_path):
    program, diags = check_with_prelude(tmp_path, PRELUDE_WITH_BUILTINS,
                                        "xs = [1]\npush(xs, 2)\nprint(helper())\n")
    assert diags == []


def test_builtin_names_keep_their_static_rules_outside_the_prelude(tmp_path):
    _, diags = check_with_prelude(tmp_path, PRELUDE_WITH_BUILTINS,
                                  "a: [i32, 2] = [1, 2]\npush(a, 3)\n")
    assert "fixed array" in diags[0].message


def test_prelude_names_are_shadowed_by_module_declarations(tmp_path):
    program, diags = check_with_prelude(tmp_path, PRELUDE_WITH_BUILTINS,
                                        "fn helper() -> string:\n    return \"mine\"\n"
                                        "x: string = helper()\n")
    assert diags == []


def test_functions_may_use_struct_globals_declared_after_them(tmp_path):
    ok(tmp_path, "fn show():\n    print(cfg.width)\nstruct Config:\n    width: i32\n"
                 "cfg = Config{width: 3}\nshow()\n")


def test_modules_are_found_through_oruspath(tmp_path):
    from stage0.compiler import Program, check_program, default_search
    (tmp_path / "libs" / "util").mkdir(parents=True)
    (tmp_path / "libs" / "util" / "text.orus").write_text("pub fn shout(s: string) -> string:\n"
                                                          "    return s + \"!\"\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.orus").write_text("use util.text\nprint(text.shout(\"hi\"))\n")
    search = default_search(str(tmp_path), {"ORUSPATH": "/nowhere:" + str(tmp_path / "libs")})
    program = check_program(str(tmp_path / "app" / "main.orus"), search, Program())
    assert [m.symbols.name for m in program.modules][-2:] == ["util.text", "main"]


def test_mutually_recursive_inferred_functions_generalize_together(tmp_path):
    program, diags = check_text(tmp_path, "fn ev(n, one):\n    if n == one - one:\n"
                                          "        return true\n    return od(n - one, one)\n"
                                          "fn od(n, one):\n    if n == one - one:\n"
                                          "        return false\n    return ev(n - one, one)\n"
                                          "a = od(3 as i64, 1 as i64)\nb = ev(3 as u8, 1 as u8)\n")
    assert diags == [], diags
    fns = program.modules[-1].checker.syms.fns
    assert len(fns["ev"].scheme.vars) == 1 and len(fns["od"].scheme.vars) == 1


@pytest.mark.parametrize("inner", ["g = fn(x: Nope) -> i32: x", "fn g(x: Nope) -> i32:\n        return x",
                                   "g = fn(x: i32, x: i32) -> i32: x"])
def test_a_bad_parameter_leaves_the_enclosing_function_checked_in_its_own_scope(tmp_path, inner):
    """Only the parameter's error: the rest of outer is not checked as if inside the lambda."""
    text = f'fn outer() -> string:\n    {inner}\n    return "s"\nprint(outer())\n'
    _, diags = check_text(tmp_path, text)
    assert [(d.line, d.message.split(":")[0]) for d in diags] == [(2, diags[0].message.split(":")[0])]
