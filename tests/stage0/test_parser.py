"""The parser: statement and expression shapes, precedence, and syntax errors (language.md 15)."""
import pytest

from stage0 import ast
from stage0.diagnostics import CompileError
from stage0.parser import parse


def body(text: str) -> list:
    return parse(text, "t.orus").body


def expr(text: str):
    stmt = body(text + "\n")[0]
    assert isinstance(stmt, ast.ExprStmt)
    return stmt.expr


def shape(e) -> str:
    """A compact, fully parenthesised rendering of an expression tree."""
    if isinstance(e, ast.Binary):
        return f"({shape(e.left)} {e.op} {shape(e.right)})"
    if isinstance(e, ast.Unary):
        return f"({e.op} {shape(e.operand)})"
    if isinstance(e, ast.Cast):
        return f"({shape(e.expr)} as {e.target.name})"
    if isinstance(e, ast.Cond):
        return f"({shape(e.then)} if {shape(e.cond)} else {shape(e.other)})"
    if isinstance(e, ast.Index):
        return f"{shape(e.obj)}[{shape(e.index)}]"
    if isinstance(e, ast.Call):
        return f"{shape(e.callee)}({', '.join(shape(a) for a in e.args)})"
    if isinstance(e, ast.Member):
        return f"{shape(e.obj)}.{e.name}"
    if isinstance(e, ast.Name):
        return e.name
    if isinstance(e, ast.IntLit):
        return ("-" if e.negated else "") + str(e.value) if not e.negated else str(e.value)
    if isinstance(e, ast.BoolLit):
        return "true" if e.value else "false"
    return type(e).__name__


def syntax_error(text: str):
    with pytest.raises(CompileError) as info:
        parse(text, "t.orus")
    d = info.value.diagnostics[0]
    return d.line, d.col, d.message


@pytest.mark.parametrize("source, tree", [
    ("a + b * c", "(a + (b * c))"),
    ("-a[0]", "(- a[0])"),
    ("-x as f64", "((- x) as f64)"),
    ("a * b as f64", "(a * (b as f64))"),
    ("flags & m == 0", "((flags & m) == 0)"),
    ("1 << k + 1", "(1 << (k + 1))"),
    ("not a == b", "((not a) == b)"),
    ("a < b == c", "((a < b) == c)"),
    ("x if p else y if q else z", "(x if p else (y if q else z))"),
    ("a or b and c", "(a or (b and c))"),
    ("a | b ^ c & d", "(a | (b ^ (c & d)))"),
    ("a >> 2 > b", "((a >> 2) > b)"),
    ("v as i64 as f64", "((v as i64) as f64)"),
    ("p.x.y(1)(2)", "p.x.y(1)(2)"),
])
def test_precedence(source, tree):
    assert shape(expr(source)) == tree


def test_declarations_and_chained_assignment():
    stmts = body("w = 1, mut h = 2\na = b = c = 100\nx: i32 = 5\n")
    assert [type(s).__name__ for s in stmts] == ["Assign", "VarDecl", "Assign", "VarDecl"]
    assert [t.name for t in stmts[2].targets] == ["a", "b", "c"]
    assert stmts[1].mut and stmts[1].name == "h"


def test_semicolons_separate_simple_statements():
    assert len(body("a = 1; b = 2; print(a)\n")) == 3


def test_single_line_suites():
    stmt = body("if n < 0: n = 0\nelif n > 9: n = 9\nelse: pass\n")[0]
    assert isinstance(stmt, ast.If) and len(stmt.branches) == 2 and stmt.else_body is not None


def test_for_range_with_inclusive_end_and_negative_step():
    stmt = body("for i in 9..=0..-3:\n    pass\n")[0]
    assert isinstance(stmt, ast.ForRange) and stmt.inclusive
    assert isinstance(stmt.step, ast.Unary) and stmt.step.operand.negated


def test_labelled_loops_and_jumps():
    stmt = body("'outer: for r in rows:\n    continue 'outer\n")[0]
    assert isinstance(stmt, ast.ForEach) and stmt.label == "outer"
    assert isinstance(stmt.body[0], ast.Continue) and stmt.body[0].label == "outer"


def test_slices_with_omitted_bounds():
    s = expr("a[..k]")
    assert isinstance(s, ast.Slice) and s.start is None and s.end is not None
    s = expr("a[..]")
    assert s.start is None and s.end is None


def test_struct_literal_fields_across_lines():
    lit = expr("Point{x: 1,\n  y: 2}")
    assert isinstance(lit, ast.StructLit) and [f.name for f in lit.fields] == ["x", "y"]


def test_block_function_value_and_match_expression():
    stmts = body("f = fn(v: i32) -> i32:\n    return v\nlabel = match s:\n    1 -> \"a\"\n"
                 "    _ -> \"b\"\nprint(f(1))\n")
    assert isinstance(stmts[0].value, ast.FnExpr)
    assert isinstance(stmts[1].value, ast.MatchExpr) and len(stmts[1].value.arms) == 2
    assert isinstance(stmts[2], ast.Print)


def test_generics_and_nested_closing_angles():
    stmt = body("fn f<T>(m: Map<K, Option<V>>) -> [T]:\n    pass\n")[0]
    param_type = stmt.params[0].type
    assert stmt.type_params == ["T"]
    assert param_type.name == "Map" and param_type.args[1].args[0].name == "V"


def test_impl_with_type_parameters_and_extern():
    stmts = body("impl<T> Stack<T>:\n    fn push(mut self, item: T):\n        pass\n"
                 "extern fn io_write(fd: i32) -> i64\n")
    assert stmts[0].type_params == ["T"] and stmts[0].methods[0].params[0].is_self
    assert stmts[1].is_extern


def test_use_forms():
    stmts = body("use a.b\nuse a.b as c\nuse a.b: x, y as z\n")
    assert [s.alias for s in stmts] == ["", "c", ""]
    assert [(i.name, i.alias) for i in stmts[2].items] == [("x", ""), ("y", "z")]


def test_match_patterns():
    stmt = body("match v:\n    -1 -> pass\n    \"s\" -> pass\n    Shape.Rect(w, _) -> pass\n"
                "    _ -> pass\n")[0]
    kinds = [type(a.pattern).__name__ for a in stmt.arms]
    assert kinds == ["LitPat", "LitPat", "VariantPat", "WildPat"]
    assert stmt.arms[2].pattern.binds == ["w", "_"]


def test_missing_colon_points_at_line_end():
    assert syntax_error("n = 3\nif n > 2\n    print(n)\n") == (
        2, 9, "Syntax error: expected ':' at the end of the header")


def test_trailing_comma_in_print():
    assert syntax_error("print(1, 2,)\n")[:2] == (1, 12)


def test_missing_indented_block():
    assert syntax_error("if a:\nb = 1\n")[2] == "Syntax error: expected an indented block"


def test_reserved_word_as_a_name():
    assert syntax_error("match = 3\n")[:2] == (1, 7)


def test_print_is_not_an_expression():
    assert syntax_error("x = print(1)\n")[:2] == (1, 5)


def test_format_string_is_only_an_unparenthesised_literal():
    stmts = body('print("a @", 1)\nprint(("a @"), 1)\n')
    assert not stmts[0].args[0].paren and stmts[1].args[0].paren


def test_inline_function_body_may_be_a_compound_assignment():
    stmt = body("bump = fn(): shared += 1\n")[0]
    inner = stmt.value.body[0]
    assert isinstance(inner, ast.AugAssign) and inner.target.name == "shared"
