"""Parser and renderings of runtime/opcodes.def (format described at the top of that file).

`load(path)` gives an `OpTable`; the renderings write runtime/gen/opcodes.h (C) and
stage0/opcodes.py (the compiler's view of the same table). A malformed table raises
`OpcodeError` (`file:line:col: error: message`).
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from templates.render import Rendering, SourceError

DEF = "runtime/opcodes.def"
TASK = "opcodes"

# Fields of an instruction word: (first bit, width, excess for signed fields).
FIELDS = {
    "A": (8, 8, 0), "B": (16, 8, 0), "C": (24, 8, 0), "Bx": (16, 16, 0),
    "sB": (16, 8, 127), "sC": (24, 8, 127), "sBx": (16, 16, 32767), "sJ": (8, 24, 8388607),
}
ROLES = ("reg", "const", "func", "type", "upval", "global", "import", "intrin", "prim",
         "tag", "flag", "imm", "jump")
SPAN_FUNCS = {"arity": "func", "nfields": "type", "iarity": "intrin", "parity": "prim"}
IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
SIG_RE = re.compile(rf"(?P<name>__{IDENT})\s*(?:<(?P<tvars>[^>]*)>)?\s*\((?P<params>[^)]*)\)\s*(?:->\s*(?P<ret>.+?))?\s*$")


class OpcodeError(SourceError):
    def __init__(self, path: str, line: int, col: int, message: str):
        super().__init__(message)
        self.path, self.line, self.col, self.message = path, line, col, message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: error: {self.message}"


@dataclass(frozen=True)
class Operand:
    field: str
    role: str

    @property
    def signed(self) -> bool:
        return FIELDS[self.field][2] != 0


@dataclass(frozen=True)
class Op:
    code: int
    name: str
    family: str
    operands: tuple[Operand, ...]
    jmp: bool             # followed by a JMP word holding the branch offset
    end: bool             # never falls through
    span: tuple[str, str] | None
    doc: str

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(o.field for o in self.operands)

    @property
    def mask(self) -> int:
        """Bits of the word the op's fields may use (the op byte included)."""
        m = 0xFF
        for o in self.operands:
            start, width, _ = FIELDS[o.field]
            m |= ((1 << width) - 1) << start
        return m

    def span_c(self, which: int) -> str:
        """The span bound as a C expression over the verifier's helpers."""
        text = self.span[which]
        for fn in SPAN_FUNCS:
            text = re.sub(rf"\b{fn}\(", f"span_{fn}(ctx, ", text)
        return f"(long)({text})"


@dataclass(frozen=True)
class Tag:
    code: int
    name: str
    orus: str
    doc: str


@dataclass(frozen=True)
class Kind:
    code: int
    name: str
    doc: str


@dataclass(frozen=True)
class Param:
    name: str
    type: str


@dataclass(frozen=True)
class Intrinsic:
    id: int
    name: str
    tvars: tuple[str, ...]
    params: tuple[Param, ...]
    ret: str
    doc: str

    @property
    def cname(self) -> str:
        return "orv_i_" + self.name[2:]

    @property
    def signature(self) -> str:
        tv = f"<{', '.join(self.tvars)}>" if self.tvars else ""
        ps = ", ".join(f"{p.name}: {p.type}" for p in self.params)
        ret = "" if self.ret == "void" else f" -> {self.ret}"
        return f"{self.name}{tv}({ps}){ret}"


@dataclass(frozen=True)
class Family:
    name: str
    doc: str
    ops: tuple[Op, ...]


@dataclass(frozen=True)
class OpTable:
    tags: tuple[Tag, ...]
    kinds: tuple[Kind, ...]
    families: tuple[Family, ...]
    ops: tuple[Op, ...]
    intrinsics: tuple[Intrinsic, ...]


def _split_top(text: str) -> list[str]:
    """Split on commas that are not inside <> or [] (type arguments)."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "<[(" and 1 or 0
        depth -= ch in ">])" and 1 or 0
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


class _Parser:
    def __init__(self, text: str, path: str):
        self.path, self.text = path, text
        self.tags: list[Tag] = []
        self.kinds: list[Kind] = []
        self.families: list[tuple[str, str, list[Op]]] = []
        self.ops: list[Op] = []
        self.intrinsics: list[Intrinsic] = []

    def fail(self, no: int, col: int, message: str) -> OpcodeError:
        return OpcodeError(self.path, no, col, message)

    def parse(self) -> OpTable:
        for no, raw in enumerate(self.text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            keyword, _, rest = line.partition(" ")
            handler = getattr(self, f"decl_{keyword}", None)
            if handler is None:
                raise self.fail(no, 1, f"unknown declaration '{keyword}' (expected tag, kind, family, op or intrinsic)")
            handler(no, rest.strip())
        self.check_unique(no=0)
        return OpTable(tuple(self.tags), tuple(self.kinds),
                       tuple(Family(n, d, tuple(o)) for n, d, o in self.families),
                       tuple(self.ops), tuple(self.intrinsics))

    def words(self, no: int, rest: str) -> list[str]:
        try:
            return shlex.split(rest, posix=True)
        except ValueError as exc:
            raise self.fail(no, 1, f"bad quoting: {exc}") from None

    def decl_tag(self, no: int, rest: str) -> None:
        w = self.words(no, rest)
        if len(w) != 3:
            raise self.fail(no, 1, 'malformed tag (expected tag NAME "orus type" "doc")')
        self.tags.append(Tag(len(self.tags), w[0], w[1], w[2]))

    def decl_kind(self, no: int, rest: str) -> None:
        w = self.words(no, rest)
        if len(w) != 2:
            raise self.fail(no, 1, 'malformed kind (expected kind NAME "doc")')
        self.kinds.append(Kind(len(self.kinds), w[0], w[1]))

    def decl_family(self, no: int, rest: str) -> None:
        w = self.words(no, rest)
        if len(w) != 2:
            raise self.fail(no, 1, 'malformed family (expected family NAME "doc")')
        self.families.append((w[0], w[1], []))

    def decl_op(self, no: int, rest: str) -> None:
        if not self.families:
            raise self.fail(no, 1, "op before any family")
        w = self.words(no, rest)
        if len(w) < 2:
            raise self.fail(no, 1, 'malformed op (expected op NAME FIELD:ROLE ... "doc")')
        name, doc, operands, jmp, end, span = w[0], w[-1], [], False, False, None
        for tok in w[1:-1]:
            if tok == "+jmp":
                jmp = True
            elif tok == "end":
                end = True
            elif tok.startswith("span="):
                first, sep, last = tok[5:].partition("..")
                if not sep:
                    raise self.fail(no, 1, f"span needs FIRST..LAST, got '{tok}'")
                span = (first, last)
            else:
                operands.append(self.operand(no, tok))
        self.check_fields(no, name, operands)
        op = Op(len(self.ops), name, self.families[-1][0], tuple(operands), jmp, end, span, doc)
        self.ops.append(op)
        self.families[-1][2].append(op)

    def operand(self, no: int, tok: str) -> Operand:
        field, _, role = tok.partition(":")
        if field not in FIELDS:
            raise self.fail(no, 1, f"unknown field '{field}' (expected one of {', '.join(FIELDS)})")
        if role not in ROLES:
            raise self.fail(no, 1, f"unknown role '{role}' (expected one of {', '.join(ROLES)})")
        return Operand(field, role)

    def check_fields(self, no: int, name: str, operands: list[Operand]) -> None:
        used: set[int] = set()
        for o in operands:
            start, width, _ = FIELDS[o.field]
            bits = set(range(start, start + width))
            if bits & used:
                raise self.fail(no, 1, f"op {name}: field {o.field} overlaps another field")
            used |= bits

    def decl_intrinsic(self, no: int, rest: str) -> None:
        quote = rest.find('"')
        doc_words = self.words(no, rest[quote:]) if quote >= 0 else []
        if len(doc_words) != 1:
            raise self.fail(no, 1, 'malformed intrinsic (expected intrinsic SIGNATURE "doc")')
        sig, doc = rest[:quote].strip(), doc_words[0]
        m = SIG_RE.match(sig)
        if not m:
            raise self.fail(no, 1, "malformed intrinsic signature (expected __name<T>(p: T) -> R)")
        tvars = tuple(t.strip() for t in (m["tvars"] or "").split(",") if t.strip())
        params = []
        for p in _split_top(m["params"]):
            pname, colon, ptype = p.partition(":")
            if not colon:
                raise self.fail(no, 1, f"intrinsic parameter '{p}' needs a type")
            params.append(Param(pname.strip(), ptype.strip()))
        self.intrinsics.append(Intrinsic(len(self.intrinsics), m["name"], tvars, tuple(params),
                                         (m["ret"] or "void").strip(), doc))

    def check_unique(self, no: int) -> None:
        for what, items in (("tag", self.tags), ("kind", self.kinds), ("op", self.ops),
                            ("intrinsic", self.intrinsics)):
            seen = set()
            for it in items:
                if it.name in seen:
                    raise self.fail(no or 1, 1, f"duplicate {what} '{it.name}'")
                seen.add(it.name)
        if len(self.ops) > 256:
            raise self.fail(1, 1, f"{len(self.ops)} ops do not fit the 8-bit op field")
        if len(self.intrinsics) > 256:
            raise self.fail(1, 1, "more than 256 intrinsics do not fit the B field")


def parse(text: str, path: str = DEF) -> OpTable:
    return _Parser(text, path).parse()


def load(path: Path) -> OpTable:
    return parse(path.read_text(encoding="utf-8"), DEF)


def context(root: Path) -> dict:
    table = load(root / DEF)
    return {"t": table, "fields": FIELDS, "roles": ROLES}


def _rendering(template: str, output: str) -> Rendering:
    return Rendering(template, output, DEF, TASK, context, ("templates/opcodes.py", "templates/render.py"))


RENDERINGS = (
    _rendering("opcodes_h.j2", "runtime/gen/opcodes.h"),
    _rendering("opcodes_py.j2", "stage0/opcodes.py"),
    _rendering("opcodes_orus.j2", "stage1/opcodes.orus"),
)
