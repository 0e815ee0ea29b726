"""The lexer: tokens, literal decoding, layout tokens and lexical errors (language.md 2)."""
import pytest

from stage0.diagnostics import CompileError
from stage0.lexer import tokenize


def kinds(text: str) -> list:
    return [t.type for t in tokenize(text, "t.orus")]


def lex_error(text: str):
    with pytest.raises(CompileError) as info:
        tokenize(text, "t.orus")
    d = info.value.diagnostics[0]
    return d.line, d.col, d.message


def test_longest_operator_wins():
    assert kinds("a << b <= c ..= d .. e") == ["IDENT", "SHL", "IDENT", "LE", "IDENT", "DOTDOTEQ",
                                               "IDENT", "DOTDOT", "IDENT", "NEWLINE"]


def test_right_shift_is_two_joined_greater_than_tokens():
    assert kinds("a >> b > c") == ["IDENT", "GTJ", "GT", "IDENT", "GT", "IDENT", "NEWLINE"]


def test_keywords_and_primitive_type_names():
    assert kinds("fn i32 matches null") == ["FN", "IDENT", "MATCHES", "NULL", "NEWLINE"]


def test_indented_block_produces_indent_and_dedent():
    text = "if a:\n    b\n    c\nd\n"
    assert kinds(text) == ["IF", "IDENT", "COLON", "NEWLINE", "INDENT", "IDENT", "NEWLINE",
                           "IDENT", "NEWLINE", "DEDENT", "IDENT", "NEWLINE"]


def test_blank_and_comment_lines_do_not_change_layout():
    text = "if a:\n\n      // far right\n    b\n/* x */\n    c\n"
    assert kinds(text).count("INDENT") == 1
    assert kinds(text).count("DEDENT") == 1


def test_brackets_suppress_layout():
    assert kinds("x = [1,\n        2]\n") == ["IDENT", "ASSIGN", "LBRACK", "INT", "COMMA", "INT",
                                             "RBRACK", "NEWLINE"]


def test_tab_counts_as_four_columns_in_nested_blocks():
    text = "if a:\n\tif b:\n\t    c\n\td\n"
    assert kinds(text).count("INDENT") == 2
    assert kinds(text).count("DEDENT") == 2


def test_tab_and_spaces_in_one_block_are_inconsistent():
    text = "fn f():\n\ta = 1\n    return a\n"
    assert lex_error(text) == (3, 5, "Inconsistent indentation (tabs and spaces mixed)")


def test_unexpected_indent_without_header():
    assert lex_error("a = 1\n    b = 2\n") == (2, 5, "unexpected indent")


def test_block_comment_spanning_lines_counts_lines():
    toks = tokenize("a /* one\ntwo */ b\nc\n", "t.orus")
    assert [(t.type, t.lineno) for t in toks if t.type == "IDENT"] == [
        ("IDENT", 1), ("IDENT", 2), ("IDENT", 3)]


def test_unterminated_comment():
    assert lex_error("a = 1 /* open\n") == (1, 7, "Unterminated comment")


def test_integer_literals_decode():
    values = [t.value.value for t in tokenize("1_000 0x1F 0xff_ff 0b1011 0o755 0x1f64", "t")
              if t.type == "INT"]
    assert values == [1000, 31, 65535, 11, 493, 8036]


def test_literal_suffixes():
    lits = [(t.value.kind, t.value.value, t.value.suffix)
            for t in tokenize("42u 7i64 2f64 3u8 9usize 2.5f64", "t") if t.type in ("INT", "FLOAT")]
    assert lits == [("int", 42, "u"), ("int", 7, "i64"), ("float", 2.0, "f64"),
                    ("int", 3, "u8"), ("int", 9, "usize"), ("float", 2.5, "f64")]


def test_float_literals_and_exponents():
    values = [t.value.value for t in tokenize("2.5 6.02e23 1e-9 3.5E+2", "t") if t.type == "FLOAT"]
    assert values == [2.5, 6.02e23, 1e-9, 350.0]


def test_range_dots_after_integer():
    assert kinds("1..5") == ["INT", "DOTDOT", "INT", "NEWLINE"]


@pytest.mark.parametrize("text", ["0b102", "0o8", "0x", "1__0", "1_"])
def test_invalid_number_literals(text):
    assert "Invalid number literal" in lex_error(text)[2]


@pytest.mark.parametrize("text", ["12abc", "2.5i32", "0b1f64", "1e3u"])
def test_invalid_literal_suffixes(text):
    assert "Invalid literal suffix" in lex_error(text)[2]


def test_string_escapes_are_decoded_once():
    toks = tokenize(r'"a\n\t\\\"\0"', "t")
    assert toks[0].value == 'a\n\t\\"\0'


def test_invalid_escape_points_at_the_string():
    assert lex_error('x = "a\\qb"') == (1, 5, "Invalid escape sequence '\\q'")


def test_unterminated_string():
    assert lex_error('x = "abc\ny = 1') == (1, 5, "Unterminated string")


def test_labels_lex_without_the_quote():
    toks = tokenize("'outer: while true: break 'outer", "t")
    assert [(t.type, t.value) for t in toks if t.type == "LABEL"] == [("LABEL", "outer")] * 2


def test_unclosed_bracket_reports_the_opener():
    assert lex_error("x = (1,\n2\n") == (1, 5, "unclosed bracket")
