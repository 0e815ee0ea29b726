"""Lexer: source text to tokens, with NEWLINE/INDENT/DEDENT from the layout rules (language.md 2).

`RawLexer` (SLY) reads the characters; `layout()` turns line starts into NEWLINE, INDENT and
DEDENT tokens outside brackets; `tokenize()` runs both and is what the parser consumes.
"""
from dataclasses import dataclass

from sly import Lexer
from sly.lex import Token

from stage0.diagnostics import fail

keyword_table = {
    "and": "AND", "as": "AS", "break": "BREAK", "catch": "CATCH", "continue": "CONTINUE",
    "elif": "ELIF", "else": "ELSE", "enum": "ENUM", "false": "FALSE", "fn": "FN", "for": "FOR",
    "if": "IF", "impl": "IMPL", "in": "IN", "match": "MATCH", "matches": "MATCHES", "mut": "MUT",
    "not": "NOT", "or": "OR", "pass": "PASS", "print": "PRINT", "pub": "PUB", "return": "RETURN",
    "struct": "STRUCT", "true": "TRUE", "try": "TRY", "use": "USE", "while": "WHILE",
    "extern": "EXTERN", "null": "NULL",
}

INT_SUFFIXES = ("i32", "i64", "u", "u32", "u64", "u8", "usize")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "0": "\0"}
OPENERS = {"LPAREN": "RPAREN", "LBRACK": "RBRACK", "LBRACE": "RBRACE"}
CLOSERS = {"RPAREN": ")", "RBRACK": "]", "RBRACE": "}"}
TAB_WIDTH = 4


@dataclass
class NumLit:
    """A numeric literal as written: kind "int" or "float", value, suffix ("" when none)."""
    kind: str
    value: object
    suffix: str
    text: str


def column(text: str, index: int) -> int:
    """1-based column of a character index."""
    return index - (text.rfind("\n", 0, index) + 1) + 1


class RawLexer(Lexer):
    """Characters to tokens; no layout. `file` names the source in diagnostics."""
    tokens = {
        "IDENT", "INT", "FLOAT", "STRING", "LABEL",
        "AND", "AS", "BREAK", "CATCH", "CONTINUE", "ELIF", "ELSE", "ENUM", "FALSE", "FN", "FOR",
        "IF", "IMPL", "IN", "MATCH", "MATCHES", "MUT", "NOT", "OR", "PASS", "PRINT", "PUB",
        "RETURN", "STRUCT", "TRUE", "TRY", "USE", "WHILE", "EXTERN", "NULL",
        "PLUSEQ", "MINUSEQ", "STAREQ", "SLASHEQ", "PERCENTEQ", "ARROW", "COLONEQ",
        "DOTDOTEQ", "DOTDOT", "SHL", "GTJ", "LE", "GE", "EQEQ", "NE",
        "PLUS", "MINUS", "STAR", "SLASH", "PERCENT", "AMP", "PIPE", "CARET", "TILDE",
        "LT", "GT", "ASSIGN", "COLON", "COMMA", "DOT", "SEMI",
        "LPAREN", "RPAREN", "LBRACK", "RBRACK", "LBRACE", "RBRACE",
        "NEWLINE", "INDENT", "DEDENT",
    }
    ignore = " \t\r"

    def __init__(self, file: str = "<input>"):
        self.file = file

    @_(r"/\*")
    def block_comment(self, t):
        end = self.text.find("*/", self.index)
        if end < 0:
            self.fail_at(t.index, "Unterminated comment")
        self.lineno += self.text.count("\n", t.index, end)
        self.index = end + 2
        return None

    @_(r"//[^\n]*")
    def line_comment(self, t):
        return None

    @_(r"\n")
    def newline(self, t):
        self.lineno += 1
        return None

    @_(r"'[A-Za-z_][A-Za-z0-9_]*")
    def LABEL(self, t):
        t.value = t.value[1:]
        return t

    @_(r"[0-9][0-9A-Za-z_]*(\.[0-9][0-9A-Za-z_]*)?")
    def INT(self, t):
        text = t.value
        # an exponent sign belongs to the literal: 1e-9, 3.5E+2
        if text[-1] in "eE" and self.index < len(self.text) and self.text[self.index] in "+-" \
                and not text.startswith(("0x", "0b", "0o")):
            rest = self.index + 1
            while rest < len(self.text) and (self.text[rest].isalnum() or self.text[rest] == "_"):
                rest += 1
            text = self.text[t.index:rest]
            self.index = rest
        lit = self.number(text, t.index)
        t.type = "INT" if lit.kind == "int" else "FLOAT"
        t.value = lit
        return t

    @_(r'"')
    def STRING(self, t):
        t.value = self.string_body(t.index)
        return t

    @_(r"[A-Za-z_][A-Za-z0-9_]*")
    def IDENT(self, t):
        t.type = keyword_table.get(t.value, "IDENT")
        return t

    PLUSEQ = r"\+="
    MINUSEQ = r"-="
    STAREQ = r"\*="
    SLASHEQ = r"/="
    PERCENTEQ = r"%="
    ARROW = r"->"
    COLONEQ = r":="
    DOTDOTEQ = r"\.\.="
    DOTDOT = r"\.\."
    SHL = r"<<"
    GTJ = r">(?=>)"
    LE = r"<="
    GE = r">="
    EQEQ = r"=="
    NE = r"!="
    PLUS = r"\+"
    MINUS = r"-"
    STAR = r"\*"
    SLASH = r"/"
    PERCENT = r"%"
    AMP = r"&"
    PIPE = r"\|"
    CARET = r"\^"
    TILDE = r"~"
    LT = r"<"
    GT = r">"
    ASSIGN = r"="
    COLON = r":"
    COMMA = r","
    DOT = r"\."
    SEMI = r";"
    LPAREN = r"\("
    RPAREN = r"\)"
    LBRACK = r"\["
    RBRACK = r"\]"
    LBRACE = r"\{"
    RBRACE = r"\}"

    def error(self, t):
        ch = t.value[0]
        if ch == "'":
            self.fail_at(self.index, "Unexpected character \"'\": quotes only start a loop label")
        self.fail_at(self.index, f"Unexpected character {ch!r}")

    # ---- helpers ---------------------------------------------------------------

    def fail_at(self, index: int, message: str):
        line = self.text.count("\n", 0, index) + 1
        fail(self.file, line, column(self.text, index), message)

    def string_body(self, start: int) -> str:
        """Decode the literal starting at the quote at `start`; leaves self.index after it."""
        text = self.text
        out = []
        i = start + 1
        while True:
            if i >= len(text) or text[i] == "\n":
                self.fail_at(start, "Unterminated string")
            ch = text[i]
            if ch == '"':
                self.index = i + 1
                return "".join(out)
            if ch == "\\":
                nxt = text[i + 1] if i + 1 < len(text) else ""
                if nxt not in ESCAPES or nxt == "":
                    if nxt in ("", "\n"):
                        self.fail_at(start, "Unterminated string")
                    self.fail_at(start, f"Invalid escape sequence '\\{nxt}'")
                out.append(ESCAPES[nxt])
                i += 2
                continue
            out.append(ch)
            i += 1

    def number(self, text: str, index: int) -> NumLit:
        """Validate and decode one numeric literal (language.md 2.4, extensions.md 3)."""
        if text[:2] in ("0x", "0b", "0o"):
            return self.prefixed(text, index)
        i = 0
        while i < len(text) and (text[i].isdigit() or text[i] == "_"):
            i += 1
        is_float = False
        if i < len(text) and text[i] == ".":
            is_float = True
            i += 1
            while i < len(text) and (text[i].isdigit() or text[i] == "_"):
                i += 1
        if i < len(text) and text[i] in "eE":
            j = i + 1
            if j < len(text) and text[j] in "+-":
                j += 1
            if j < len(text) and text[j].isdigit():
                is_float = True
                i = j
                while i < len(text) and (text[i].isdigit() or text[i] == "_"):
                    i += 1
        body, suffix = text[:i], text[i:]
        self.check_underscores(body, index)
        clean = body.replace("_", "")
        if is_float:
            if suffix not in ("", "f64"):
                self.fail_at(index, f"Invalid literal suffix '{suffix}'")
            return NumLit("float", float(clean), suffix, text)
        if suffix == "f64":
            return NumLit("float", float(clean), suffix, text)
        if suffix not in ("",) + INT_SUFFIXES:
            self.fail_at(index, f"Invalid literal suffix '{suffix}'")
        return NumLit("int", int(clean), suffix, text)

    def prefixed(self, text: str, index: int) -> NumLit:
        base = {"x": 16, "b": 2, "o": 8}[text[1]]
        allowed = "0123456789abcdefABCDEF_" if base == 16 else "0123456789_"
        i = 2
        while i < len(text) and text[i] in allowed:
            i += 1
        digits, suffix = text[2:i], text[i:]
        if digits.replace("_", "") == "":
            self.fail_at(index, f"Invalid number literal '{text}'")
        if digits.startswith("_"):
            self.fail_at(index, f"Invalid number literal '{text}'")
        self.check_underscores(digits, index)
        try:
            value = int(digits.replace("_", ""), base)
        except ValueError:
            self.fail_at(index, f"Invalid number literal '{text}'")
        if suffix not in ("",) + INT_SUFFIXES:
            self.fail_at(index, f"Invalid literal suffix '{suffix}'")
        return NumLit("int", value, suffix, text)

    def check_underscores(self, body: str, index: int) -> None:
        """An underscore is allowed only between two digits."""
        for k, ch in enumerate(body):
            if ch == "_":
                before = body[k - 1] if k > 0 else ""
                after = body[k + 1] if k + 1 < len(body) else ""
                if not (before.isalnum() and after.isalnum()):
                    self.fail_at(index, f"Invalid number literal '{body}'")


def make_token(kind: str, value, lineno: int, index: int) -> Token:
    tok = Token()
    tok.type = kind
    tok.value = value
    tok.lineno = lineno
    tok.index = index
    tok.end = index
    return tok


def indent_widths(text: str, line_start: int):
    """(width with tabs as 4 columns, width with tabs as 1 column, raw prefix) of a line."""
    w4 = w1 = 0
    i = line_start
    while i < len(text) and text[i] in " \t":
        w4 += TAB_WIDTH if text[i] == "\t" else 1
        w1 += 1
        i += 1
    return w4, w1


def layout(raw, text: str, file: str):
    """Add NEWLINE, INDENT and DEDENT to a raw token stream (language.md 2.1)."""
    stack = [(0, 0)]
    brackets = []
    prev = None
    prev_line = 0
    for tok in raw:
        if not brackets and prev is not None and tok.lineno > prev_line:
            yield make_token("NEWLINE", None, prev_line, prev.end)
            yield from indent_change(stack, tok, prev, text, file)
        elif prev is None:
            w4, w1 = indent_widths(text, text.rfind("\n", 0, tok.index) + 1)
            if w4 > 0:
                fail(file, tok.lineno, column(text, tok.index), "unexpected indent")
        track_brackets(brackets, tok, text, file)
        yield tok
        prev, prev_line = tok, tok.lineno
    if brackets:
        opener = brackets[-1]
        fail(file, opener.lineno, column(text, opener.index), "unclosed bracket")
    end = len(text)
    line = text.count("\n", 0, end) + 1
    if prev is not None:
        yield make_token("NEWLINE", None, prev_line, prev.end)
    while len(stack) > 1:
        stack.pop()
        yield make_token("DEDENT", None, line, end)


def indent_change(stack: list, tok, prev, text: str, file: str):
    """INDENT or DEDENT tokens for the logical line that starts with `tok`."""
    w4, w1 = indent_widths(text, text.rfind("\n", 0, tok.index) + 1)
    top4, top1 = stack[-1]
    col = column(text, tok.index)
    if w4 > top4:
        if w1 <= top1:
            fail(file, tok.lineno, col, "Inconsistent indentation (tabs and spaces mixed)")
        if prev.type not in ("COLON", "ARROW"):
            fail(file, tok.lineno, col, "unexpected indent")
        stack.append((w4, w1))
        yield make_token("INDENT", None, tok.lineno, tok.index)
        return
    while w4 < stack[-1][0]:
        stack.pop()
        yield make_token("DEDENT", None, tok.lineno, tok.index)
    if w4 != stack[-1][0]:
        fail(file, tok.lineno, col, "unindent does not match any outer indentation level")
    if w1 != stack[-1][1]:
        fail(file, tok.lineno, col, "Inconsistent indentation (tabs and spaces mixed)")


def track_brackets(brackets: list, tok, text: str, file: str) -> None:
    if tok.type in OPENERS:
        brackets.append(tok)
    elif tok.type in CLOSERS:
        if not brackets or OPENERS[brackets[-1].type] != tok.type:
            fail(file, tok.lineno, column(text, tok.index), f"unexpected '{CLOSERS[tok.type]}'")
        brackets.pop()


def tokenize(text: str, file: str = "<input>") -> list:
    """Every token of a source, layout included, ending with NEWLINE and DEDENTs."""
    return list(layout(RawLexer(file).tokenize(text), text, file))
