"""Parser of kernel.idl (format described at the top of that file).

`parse` turns the text into a `Kernel`; malformed input raises `IdlError`, which
prints as `file:line:col: error: message` plus the source line and a caret.
`python -m templates.idl [kernel.idl]` checks a file and exits 65 on an error.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from templates.render import SourceError

EXIT_OK = 0
EXIT_BAD_USAGE = 64
EXIT_BAD_INPUT = 65


@dataclass(frozen=True)
class Type:
    """One IDL type: its kind code and how C and Orus spell it."""
    name: str
    kind: str          # ORK_K_* suffix
    c: str             # C parameter / return type (first half for buffers)
    arg_field: str     # OrkArg member holding it
    is_buffer: bool = False


TYPES = {t.name: t for t in (
    Type("void", "VOID", "void", "i"),
    Type("bool", "BOOL", "bool", "u"),
    Type("i32", "I32", "int32_t", "i"),
    Type("i64", "I64", "int64_t", "i"),
    Type("u8", "U8", "uint8_t", "u"),
    Type("u32", "U32", "uint32_t", "u"),
    Type("u64", "U64", "uint64_t", "u"),
    Type("usize", "USIZE", "size_t", "u"),
    Type("f64", "F64", "double", "f"),
    Type("RawPtr", "RAWPTR", "void *", "p"),
    Type("bytes", "BYTES", "uint8_t *", "buf", True),
    Type("string", "STRING", "const uint8_t *", "buf", True),
)}
KIND_ORDER = list(TYPES)          # kind code = index, fixed by the brief's order
MAX_PARAMS = 8                    # OrkPrim.params has 8 slots


@dataclass(frozen=True)
class Param:
    name: str
    type: Type


@dataclass(frozen=True)
class ErrorCode:
    name: str
    value: int
    doc: str


@dataclass(frozen=True)
class Cap:
    name: str
    bit: int
    doc: str


@dataclass(frozen=True)
class Const:
    group: str
    name: str
    value: int
    doc: str


@dataclass(frozen=True)
class Prim:
    id: int
    name: str
    params: tuple[Param, ...]
    ret: Type
    errors: tuple[str, ...]
    cap: str | None
    doc: str
    notes: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Kernel:
    abi: int
    errors: tuple[ErrorCode, ...]
    caps: tuple[Cap, ...]
    consts: tuple[Const, ...]
    prims: tuple[Prim, ...]      # sorted by id; ids are 0..n-1

    def prim(self, name: str) -> Prim:
        return next(p for p in self.prims if p.name == name)


class IdlError(SourceError):
    """A malformed kernel.idl, located at line:col (1-based)."""

    def __init__(self, path: str, line: int, col: int, message: str, source: str = ""):
        super().__init__(message)
        self.path, self.line, self.col, self.message, self.source = path, line, col, message, source

    def __str__(self) -> str:
        head = f"{self.path}:{self.line}:{self.col}: error: {self.message}"
        if not self.source:
            return head
        return f"{head}\n    {self.source}\n    {' ' * (self.col - 1)}^"


IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
PRIM_RE = re.compile(rf"prim\s+(?P<id>\S+)\s+(?P<name>{IDENT})\s*\((?P<params>[^)]*)\)\s*->\s*(?P<ret>\S+)\s*$")
DECL_RE = {
    "error": re.compile(rf"error\s+(?P<name>{IDENT})\s+(?P<value>\S+)\s+\"(?P<doc>[^\"]*)\"\s*$"),
    "cap": re.compile(rf"cap\s+(?P<name>{IDENT})\s+(?P<value>\S+)\s+\"(?P<doc>[^\"]*)\"\s*$"),
    "const": re.compile(rf"const\s+(?P<group>{IDENT})\s+(?P<name>{IDENT})\s+(?P<value>\S+)\s+\"(?P<doc>[^\"]*)\"\s*$"),
    "abi": re.compile(r"abi\s+(?P<value>\S+)\s*$"),
}
FIELDS = ("errors", "cap", "doc", "note")
REQUIRED_FIELDS = ("errors", "cap", "doc")


@dataclass
class _Line:
    """One meaningful source line: number, indentation column and text without comment."""
    no: int
    col: int
    text: str
    raw: str


@dataclass
class _PrimDraft:
    head: _Line
    match: re.Match
    fields: dict[str, list[tuple[_Line, str, int]]]


class _Parser:
    def __init__(self, text: str, path: str):
        self.path = path
        self.lines = text.splitlines()

    # -- errors -------------------------------------------------------------
    def fail(self, line: _Line | int, col: int, message: str) -> IdlError:
        no = line.no if isinstance(line, _Line) else line
        raw = self.lines[no - 1] if 0 < no <= len(self.lines) else ""
        return IdlError(self.path, no, col, message, raw.rstrip())

    # -- lines --------------------------------------------------------------
    def meaningful_lines(self) -> list[_Line]:
        out = []
        for no, raw in enumerate(self.lines, 1):
            text = _strip_comment(raw).rstrip()
            if text.strip():
                col = len(text) - len(text.lstrip()) + 1
                out.append(_Line(no, col, text.strip(), raw))
        return out

    # -- top level ------------------------------------------------------------
    def parse(self) -> Kernel:
        abi, errors, caps, consts, drafts = None, [], [], [], []
        for line in self.meaningful_lines():
            if line.col > 1:
                if not drafts or drafts[-1] is None:
                    raise self.fail(line, line.col, "indented field outside a 'prim' declaration")
                self.add_field(drafts[-1], line)
                continue
            keyword = line.text.split()[0]
            if keyword == "prim":
                drafts.append(self.prim_head(line))
                continue
            if drafts:
                drafts.append(None)       # a top-level line closes the current prim
            if keyword == "abi":
                if abi is not None:
                    raise self.fail(line, 1, "duplicate 'abi' declaration")
                abi = self.int_value(line, self.match(line, "abi"), "value")
            elif keyword == "error":
                errors.append(self.error_decl(line))
            elif keyword == "cap":
                caps.append(self.cap_decl(line))
            elif keyword == "const":
                consts.append(self.const_decl(line))
            else:
                raise self.fail(line, 1, f"unknown declaration '{keyword}' (expected abi, error, cap, const or prim)")
        if abi is None:
            raise self.fail(len(self.lines) or 1, 1, "missing 'abi' declaration")
        self.check_unique(errors, "error code", lambda e: e.name)
        self.check_unique(errors, "error value", lambda e: e.value)
        self.check_unique(caps, "capability", lambda c: c.name)
        self.check_unique(caps, "capability bit", lambda c: c.bit)
        self.check_unique(consts, "constant", lambda c: c.name)
        prims = [self.finish_prim(d, errors, caps) for d in drafts if d is not None]
        prims = self.check_prims(prims)
        return Kernel(abi, tuple(e for e, _ in errors), tuple(c for c, _ in caps),
                      tuple(c for c, _ in consts), tuple(prims))

    def match(self, line: _Line, keyword: str) -> re.Match:
        m = DECL_RE[keyword].match(line.text)
        if not m:
            shapes = {"abi": "abi N", "error": 'error NAME VALUE "doc"', "cap": 'cap NAME BIT "doc"',
                      "const": 'const GROUP NAME VALUE "doc"'}
            raise self.fail(line, 1, f"malformed '{keyword}' declaration (expected {shapes[keyword]})")
        return m

    def int_value(self, line: _Line, m: re.Match, group: str) -> int:
        text = m.group(group)
        try:
            return int(text, 0)
        except ValueError:
            raise self.fail(line, m.start(group) + 1, f"expected an integer, found '{text}'") from None

    def error_decl(self, line: _Line):
        m = self.match(line, "error")
        return ErrorCode(m["name"], self.int_value(line, m, "value"), m["doc"]), line

    def cap_decl(self, line: _Line):
        m = self.match(line, "cap")
        bit = self.int_value(line, m, "value")
        if not 0 <= bit < 64:
            raise self.fail(line, m.start("value") + 1, f"capability bit {bit} is outside 0..63")
        return Cap(m["name"], bit, m["doc"]), line

    def const_decl(self, line: _Line):
        m = self.match(line, "const")
        return Const(m["group"], m["name"], self.int_value(line, m, "value"), m["doc"]), line

    def check_unique(self, items, what: str, key) -> None:
        seen: dict = {}
        for item, line in items:
            k = key(item)
            if k in seen:
                raise self.fail(line, 1, f"duplicate {what} '{k}' (first declared on line {seen[k]})")
            seen[k] = line.no

    # -- primitives ---------------------------------------------------------
    def prim_head(self, line: _Line) -> _PrimDraft:
        m = PRIM_RE.match(line.text)
        if not m:
            raise self.fail(line, 1, "malformed 'prim' declaration (expected prim ID name(p: T, ...) -> T)")
        return _PrimDraft(line, m, {})

    def add_field(self, draft: _PrimDraft, line: _Line) -> None:
        key, _, value = line.text.partition(" ")
        if key not in FIELDS:
            raise self.fail(line, line.col, f"unknown field '{key}' (expected one of {', '.join(FIELDS)})")
        if key != "note" and key in draft.fields:
            first = draft.fields[key][0][0].no
            raise self.fail(line, line.col, f"duplicate field '{key}' (first on line {first})")
        value_col = line.col + len(line.text) - len(value.lstrip())
        if not value.strip():
            raise self.fail(line, line.col + len(key), f"field '{key}' needs a value")
        draft.fields.setdefault(key, []).append((line, value.strip(), value_col))

    def finish_prim(self, draft: _PrimDraft, errors, caps) -> Prim:
        head, m = draft.head, draft.match
        for key in REQUIRED_FIELDS:
            if key not in draft.fields:
                raise self.fail(head, 1, f"missing field '{key}' in primitive '{m['name']}'")
        prim_id = self.int_value(head, m, "id")
        params = self.params(head, m)
        ret = self.type_at(head, m["ret"], m.start("ret") + 1)
        if ret.is_buffer:
            raise self.fail(head, m.start("ret") + 1, f"type '{ret.name}' cannot be returned")
        return Prim(prim_id, m["name"], params, ret,
                    self.prim_errors(draft, {e.name for e, _ in errors}),
                    self.prim_cap(draft, {c.name for c, _ in caps}),
                    draft.fields["doc"][0][1], tuple(v for _, v, _ in draft.fields.get("note", [])),
                    head.no)

    def params(self, head: _Line, m: re.Match) -> tuple[Param, ...]:
        text, base = m["params"], m.start("params")
        if not text.strip():
            return ()
        params, names, offset = [], set(), 0
        for piece in text.split(","):
            col = base + offset + len(piece) - len(piece.lstrip()) + 1
            offset += len(piece) + 1
            pm = re.fullmatch(rf"\s*({IDENT})\s*:\s*(\S+)\s*", piece)
            if not pm:
                raise self.fail(head, col, f"malformed parameter '{piece.strip()}' (expected name: type)")
            if pm[1] in names:
                raise self.fail(head, col, f"duplicate parameter '{pm[1]}'")
            names.add(pm[1])
            ptype = self.type_at(head, pm[2], base + offset - len(piece) + pm.start(2))
            if ptype.name == "void":
                raise self.fail(head, col, "a parameter cannot have type 'void'")
            params.append(Param(pm[1], ptype))
        if len(params) > MAX_PARAMS:
            raise self.fail(head, base + 1, f"at most {MAX_PARAMS} parameters fit the kernel-call convention")
        return tuple(params)

    def type_at(self, head: _Line, name: str, col: int) -> Type:
        if name not in TYPES:
            raise self.fail(head, col, f"unknown type '{name}' (expected one of {' '.join(TYPES)})")
        return TYPES[name]

    def prim_errors(self, draft: _PrimDraft, known: set[str]) -> tuple[str, ...]:
        line, value, col = draft.fields["errors"][0]
        if value == "-":
            return ()
        names, offset = [], 0
        for name in value.split():
            offset = value.index(name, offset)
            if name not in known:
                raise self.fail(line, col + offset, f"unknown error code '{name}'")
            if name in names:
                raise self.fail(line, col + offset, f"error code '{name}' listed twice")
            names.append(name)
            offset += len(name)
        return tuple(names)

    def prim_cap(self, draft: _PrimDraft, known: set[str]) -> str | None:
        line, value, col = draft.fields["cap"][0]
        if value == "none":
            return None
        if value not in known:
            raise self.fail(line, col, f"unknown capability '{value}'")
        return value

    def check_prims(self, prims: list[Prim]) -> list[Prim]:
        by_id: dict[int, Prim] = {}
        by_name: dict[str, Prim] = {}
        for p in prims:
            if p.id in by_id:
                raise self.fail(p.line, 6, f"duplicate primitive id {p.id} (first used by '{by_id[p.id].name}' on line {by_id[p.id].line})")
            if p.name in by_name:
                col = self.lines[p.line - 1].index(p.name) + 1
                raise self.fail(p.line, col, f"duplicate primitive name '{p.name}' (first declared on line {by_name[p.name].line})")
            by_id[p.id], by_name[p.name] = p, p
        for expected in range(len(prims)):
            if expected not in by_id:
                worst = max(prims, key=lambda p: p.id)
                raise self.fail(worst.line, 6, f"primitive ids must be contiguous from 0: id {expected} is missing")
        return sorted(prims, key=lambda p: p.id)


def _strip_comment(raw: str) -> str:
    """Drop a `#` comment, leaving `#` inside double quotes alone."""
    in_string = False
    for i, ch in enumerate(raw):
        if ch == '"':
            in_string = not in_string
        elif ch == "#" and not in_string:
            return raw[:i]
    return raw


def parse(text: str, path: str = "kernel.idl") -> Kernel:
    """Parse IDL text; raises IdlError on malformed input."""
    return _Parser(text, path).parse()


def load(path: str | Path) -> Kernel:
    """Read and parse an IDL file; an unreadable file is an IdlError at 1:1."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IdlError(str(path), 1, 1, f"cannot read: {exc.strerror if isinstance(exc, OSError) else exc}") from None
    return parse(text, str(path))


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python -m templates.idl [kernel.idl]", file=sys.stderr)
        return EXIT_BAD_USAGE
    try:
        kernel = load(argv[0] if argv else "kernel.idl")
    except IdlError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"kernel ABI v{kernel.abi}: {len(kernel.prims)} primitives, {len(kernel.errors)} error codes, "
          f"{len(kernel.caps)} capabilities")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
