"""Canonical text dumps of tokens and syntax trees (stage1/dump.orus writes the same text).

    python -m stage0.dump tokens|ast|modules|check|types FILE

The compiler in Orus is a port of this package; comparing these dumps line by line checks that
its passes agree with stage0's. A compile error prints the diagnostics as `python -m stage0
check` renders them (without colour) and exits with 65.

Token line:  `LINE:COL-ENDCOL KIND [value]`, the end column being where SLY's match ended.
Tree lines:  one per node, indented two spaces per level: `[label] Kind LINE:COL` followed by
`name_at=LINE:COL` for declarations and members, then `field=value` for each field holding a
scalar (string, number, bool, None, or a list of scalars), in declaration order. Fields holding
nodes, or lists and tuples with nodes in them, follow on their own lines, labelled `field:`;
their items are labelled `[i]`. Fields the checker fills in (ref, ty, inst, binds_ref) are left
out.

`modules` loads the program and resolves its module-level names (modules.py, resolve.py): per
module in initialisation order, a `module NAME path=... std=... imports=[...]` line, then one
indented line per entry of its tables in insertion order (`struct`, `enum`, `fn`, `const`,
`impl`, `global`, `import`, `export`). It stops at the first module with an error, as
compiler.check_program does.

`check` prints nothing but the diagnostics of compiler.check_program, which are those of
`python -m stage0 check` except the ones only the code generator finds.

`types` checks the program (compiler.check_program, without generating code) and lists, per
module in initialisation order, every expression node in tree order: `LINE:COL Kind TYPE`,
then `ref=WHAT` when the checker recorded what the node denotes and `inst=[TYPES]` for the type
arguments of a generic use. Unbound type variables are named ?0, ?1, ... in order of first
appearance in the module's listing; an unsuffixed literal not yet settled is `literal`.
"""
import dataclasses
import decimal
import math
import os
import sys

from stage0 import ast, resolve, types
from stage0.compiler import Program, check_program, default_search
from stage0.diagnostics import CompileError, Reporter, render_all
from stage0.lexer import NumLit, column, tokenize
from stage0.modules import load_program, read_source
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


# ---- modules and their names ----------------------------------------------------------

def dump_modules(path: str, search, texts: dict) -> str:
    """The module tables of a program: check_program's loop without the type checker."""
    reporter = Reporter()
    table = {}
    out = []
    for src in load_program(path, search, texts):
        syms = resolve.collect(src, reporter.error)
        resolve.bind_imports(syms, src.tree, table, reporter.error)
        syms.exports = resolve.exports_of(syms)
        table[src.name] = syms
        module_listing(src, syms, out)
        if reporter.has_errors():
            break
    reporter.check()
    return "".join(out)


def module_listing(src, syms, out: list) -> None:
    out.append(f"module {src.name} path={quote(src.path)} std={scalar(src.is_std)} "
               f"imports={scalar(src.imports)}\n")
    for name, info in syms.types.items():
        kind = "struct" if isinstance(info, resolve.StructInfo) else "enum"
        out.append(f"  {kind} {name} qual={quote(info.qual)} pub={scalar(info.pub)}\n")
    for name, info in syms.fns.items():
        out.append(f"  fn {name} pub={scalar(info.pub)} extern={scalar(info.decl.is_extern)}\n")
    for name, info in syms.consts.items():
        out.append(f"  const {name} pub={scalar(info.pub)}\n")
    for impl in syms.impls:
        out.append(f"  impl {impl.target.name} {impl.line}:{impl.col}\n")
    for name, info in syms.globals.items():
        out.append(f"  global {name} mut={scalar(info.mut)} {info.decl.line}:{info.decl.col}\n")
    for name, info in syms.imports.items():
        out.append(f"  import {name} module={info.module} name={quote(info.name)}\n")
    for name in syms.exports:
        out.append(f"  export {name}\n")


# ---- checked types ---------------------------------------------------------------------

def dump_types(path: str, search, program) -> str:
    out = []
    check_program(path, search, program)
    for checked in program.modules:
        out.append(f"module {checked.source.name} path={quote(checked.source.path)}\n")
        names = []
        walk_exprs(checked.source.tree, lambda e: out.append(expr_line(e, names)))
    return "".join(out)


def walk_exprs(value, visit) -> None:
    """Every expression node under `value`, parents before children, in field order."""
    if isinstance(value, ast.Node):
        if isinstance(value, ast.Expr):
            visit(value)
        for f in dataclasses.fields(value):
            if f.name not in CHECKER_FIELDS:
                walk_exprs(getattr(value, f.name), visit)
    elif isinstance(value, (list, tuple)):
        for item in value:
            walk_exprs(item, visit)


def expr_line(e, names: list) -> str:
    line = f"  {e.line}:{e.col} {type(e).__name__} {type_text(e.ty, names)}"
    if e.ref is not None:
        line += f" ref={ref_text(e.ref, names)}"
    if isinstance(e.inst, int):                  # sizeof/alignof: the size itself
        line += f" inst={e.inst}"
    elif e.inst:
        line += " inst=[" + ", ".join(type_text(t, names) for t in e.inst) + "]"
    return line + "\n"


def type_text(t, names: list) -> str:
    """types.type_str with unbound variables named by first appearance, not by their ids."""
    if t is None:
        return "none"
    t = types.prune(t)
    if isinstance(t, types.TVar):
        if t.rigid:
            return t.rigid
        if t.lit:
            return "literal"
        if t not in names:
            names.append(t)
        return f"?{names.index(t)}"
    if t.kind == "prim" or t.kind in ("range", "error"):
        return t.name if t.kind == "prim" else t.kind
    inner = [type_text(a, names) for a in t.args]
    if t.kind == "array":
        return f"[{inner[0]}]"
    if t.kind == "fixed":
        return f"[{inner[0]}, {t.size}]"
    if t.kind == "fn":
        return f"fn({', '.join(inner[:-1])}) -> {inner[-1]}"
    return t.name + (f"<{', '.join(inner)}>" if inner else "")


def ref_text(ref, names: list) -> str:
    """What a node denotes, named so two compilers' listings can be compared: a binding as
    `kind:name`, with where it was declared and the declaration it stands for, if any."""
    if isinstance(ref, str):
        return ref
    if isinstance(ref, types.Binding):
        where = f"@{ref.node.line}:{ref.node.col}" if isinstance(ref.node, ast.Node) else ""
        entity = entity_text(ref.entity)
        return f"{ref.kind}:{ref.name}{where}" + (f"={entity}" if entity else "")
    return entity_text(ref) or type(ref).__name__


def entity_text(ent) -> str:
    """A module-level entity by its kind and qualified name; "" for anything else."""
    if isinstance(ent, resolve.FnInfo):
        return f"fn:{ent.module}.{ent.display}"
    if isinstance(ent, (resolve.StructInfo, resolve.EnumInfo)):
        return f"type:{ent.qual}"
    if isinstance(ent, resolve.VariantInfo):
        return f"variant:{ent.enum.qual}.{ent.name}"
    if isinstance(ent, resolve.FieldInfo):
        return f"field:{ent.name}#{ent.index}"
    if isinstance(ent, resolve.ConstInfo):
        return f"const:{ent.module}.{ent.name}"
    if isinstance(ent, resolve.ModuleSymbols):
        return f"module:{ent.name}"
    return ""


# ---- command line ---------------------------------------------------------------------

def main(argv: list, stdout=None) -> int:
    stdout = stdout or sys.stdout
    if len(argv) != 2 or argv[0] not in ("tokens", "ast", "modules", "check", "types"):
        sys.stderr.write("usage: python -m stage0.dump tokens|ast|modules|check|types FILE\n")
        return EX_USAGE
    command, path = argv
    if command in ("modules", "check", "types"):
        return dump_program(command, path, stdout)
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


def dump_program(command: str, path: str, stdout, cwd: str = "") -> int:
    """The modules or types dump of a program (nothing for `check`), or its diagnostics as
    `stage0 check` shows them."""
    cwd = cwd or os.getcwd()
    if not os.path.isfile(os.path.join(cwd, path)):
        stdout.write(f'Could not open file "{path}".\n')
        return EX_DATAERR
    program = Program()
    search = default_search(cwd, dict(os.environ))
    try:
        if command == "modules":
            stdout.write(dump_modules(path, search, program.texts))
        elif command == "types":
            stdout.write(dump_types(path, search, program))
        else:
            check_program(path, search, program)
    except CompileError as err:
        if len(err.diagnostics) == 1 and err.diagnostics[0].line == 0:
            stdout.write(err.diagnostics[0].message + "\n")
        else:
            stdout.write(render_all(err.diagnostics, program.texts, path, False))
        return EX_DATAERR
    return EX_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
