"""Canonical text dumps of tokens and syntax trees (stage1/dump.orus writes the same text).

    python -m stage0.dump tokens|ast FILE

The compiler in Orus is a port of this package; comparing these dumps line by line checks that
its lexer and parser agree with stage0's. A lexical or syntax error prints the diagnostic as
stage0 renders it (without colour) and exits with 65.

Token line:  `LINE:COL-ENDCOL KIND [value]`, the end column being where SLY's match ended.
Tree lines:  one per node, indented two spaces per level: `[label] Kind LINE:COL` followed by
`name_at=LINE:COL` for declarations and members, then `field=value` for each field holding a
scalar (string, number, bool, None, or a list of scalars), in declaration order. Fields holding
nodes, or lists and tuples with nodes in them, follow on their own lines, labelled `field:`;
their items are labelled `[i]`. Fields the checker fills in (ref, ty, inst, binds_ref) are left
out.
"""
import dataclasses
import decimal
import math
import sys

from stage0 import ast
from stage0.diagnostics import CompileError, render_all
from stage0.lexer import NumLit, column, tokenize
from stage0.modules import read_source
from stage0.parser import parse

CHECKER_FIELDS = ("line", "col", "ref", "ty", "inst", "binds_ref", "name_line", "name_col")
EX_OK, EX_USAGE, EX_DATAERR = 0, 64, 65


def quote(text: str) -> str:
    """A string between double quotes; backslash, quote and control bytes escaped."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def f64_text(v: float) -> str:
    """language.md 12.3: shortest round-trip digits laid out like ECMAScript's Number::toString."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    if v < 0:
        return "-" + f64_text(-v)
    # repr() gives the shortest round-trip digits; Decimal splits them from the exponent
    _, ds, exp = decimal.Decimal(repr(v)).as_tuple()
    digits = "".join(map(str, ds)).rstrip("0")
    n = len(ds) + exp                  # v = 0.d1d2...dk * 10^n
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    e = n - 1
    sign = "+" if e >= 0 else "-"
    head = digits[0] if k == 1 else digits[0] + "." + digits[1:]
    return f"{head}e{sign}{abs(e)}"


def scalar(value) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f64_text(value)
    if isinstance(value, str):
        return quote(value)
    return "[" + ", ".join(scalar(v) for v in value) + "]"


def is_scalar(value) -> bool:
    if isinstance(value, (list, tuple)):
        return all(is_scalar(v) and not isinstance(v, (list, tuple)) for v in value)
    return not isinstance(value, ast.Node)


# ---- tokens -------------------------------------------------------------------------

def token_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, NumLit):
        return f" {scalar(value.value)} suffix={quote(value.suffix)} text={quote(value.text)}"
    return " " + quote(value)


def dump_tokens(text: str, file: str) -> str:
    lines = []
    for tok in tokenize(text, file):
        where = f"{tok.lineno}:{column(text, tok.index)}-{column(text, tok.end)}"
        lines.append(f"{where} {tok.type}{token_value(tok.value)}\n")
    return "".join(lines)


# ---- syntax trees ---------------------------------------------------------------------

def node_fields(node) -> list:
    return [(f.name, getattr(node, f.name)) for f in dataclasses.fields(node)
            if f.name not in CHECKER_FIELDS]


def dump_node(node, label: str, depth: int, out: list) -> None:
    head = f"{'  ' * depth}{label}{type(node).__name__} {node.line}:{node.col}"
    if isinstance(node, (ast.Decl, ast.Member)):
        head += f" name_at={node.name_line}:{node.name_col}"
    children = []
    for name, value in node_fields(node):
        if is_scalar(value):
            head += f" {name}={scalar(value)}"
        else:
            children.append((name, value))
    out.append(head + "\n")
    for name, value in children:
        dump_value(value, f"{name}: ", depth + 1, out)


def dump_value(value, label: str, depth: int, out: list) -> None:
    if isinstance(value, ast.Node):
        dump_node(value, label, depth, out)
    elif isinstance(value, (list, tuple)) and not is_scalar(value):
        kind = "list" if isinstance(value, list) else "tuple"
        out.append(f"{'  ' * depth}{label}{kind} {len(value)}\n")
        for i, item in enumerate(value):
            dump_value(item, f"[{i}] ", depth + 1, out)
    else:
        out.append(f"{'  ' * depth}{label}{scalar(value)}\n")


def dump_tree(text: str, file: str) -> str:
    out = []
    dump_node(parse(text, file), "", 0, out)
    return "".join(out)


# ---- command line ---------------------------------------------------------------------

def main(argv: list, stdout=None) -> int:
    stdout = stdout or sys.stdout
    if len(argv) != 2 or argv[0] not in ("tokens", "ast"):
        sys.stderr.write("usage: python -m stage0.dump tokens|ast FILE\n")
        return EX_USAGE
    command, path = argv
    text = read_source(path)
    if text is None:
        stdout.write(f'Could not open file "{path}".\n')
        return EX_DATAERR
    try:
        stdout.write(dump_tokens(text, path) if command == "tokens" else dump_tree(text, path))
    except CompileError as err:
        stdout.write(render_all(err.diagnostics, {path: text}, path, False))
        return EX_DATAERR
    return EX_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
