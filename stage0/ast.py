"""Syntax tree: one dataclass per construct, each with the line and column of its first token.

Expressions carry `ty`, the resolved type the checker (types.py) writes for the code generator.
"""
from dataclasses import dataclass, field


@dataclass
class Node:
    line: int
    col: int
    ref: object = field(default=None, kw_only=True)    # what the checker resolved it to


@dataclass
class Decl(Node):
    """A named declaration; diagnostics about the name point at the name itself."""
    name_line: int = field(default=0, kw_only=True)
    name_col: int = field(default=0, kw_only=True)


@dataclass
class Expr(Node):
    ty: object = field(default=None, kw_only=True)
    inst: object = field(default=None, kw_only=True)   # type arguments of a generic use


# ---- type expressions ---------------------------------------------------------

@dataclass
class TypeName(Node):
    name: str
    module: str = ""                   # `mod.Name`
    args: list = field(default_factory=list)


@dataclass
class ArrayType(Node):
    elem: object
    size: object = None                # None (dynamic), an int, or a constant's name


@dataclass
class FnType(Node):
    params: list
    ret: object = None


# ---- expressions ----------------------------------------------------------------

@dataclass
class IntLit(Expr):
    value: int
    suffix: str
    text: str
    negated: bool = False              # directly under a unary minus (language.md 2.4)


@dataclass
class FloatLit(Expr):
    value: float
    suffix: str


@dataclass
class StrLit(Expr):
    value: str
    paren: bool = False                # written in parentheses: never a format string (12.1)


@dataclass
class BoolLit(Expr):
    value: bool


@dataclass
class NullLit(Expr):
    pass


@dataclass
class Name(Expr):
    name: str


@dataclass
class Unary(Expr):
    op: str
    operand: object


@dataclass
class Binary(Expr):
    op: str
    left: object
    right: object


@dataclass
class Cond(Expr):
    then: object
    cond: object
    other: object


@dataclass
class Cast(Expr):
    expr: object
    target: object


@dataclass
class Call(Expr):
    callee: object
    args: list


@dataclass
class Index(Expr):
    obj: object
    index: object


@dataclass
class Slice(Expr):
    obj: object
    start: object
    end: object


@dataclass
class Member(Expr):
    obj: object
    name: str
    name_line: int = field(default=0, kw_only=True)
    name_col: int = field(default=0, kw_only=True)


@dataclass
class FieldInit(Node):
    name: str
    value: object


@dataclass
class StructLit(Expr):
    type_expr: object                  # Name or Member naming the struct
    fields: list


@dataclass
class ArrayLit(Expr):
    elems: list


@dataclass
class FillLit(Expr):
    value: object
    count: object


@dataclass
class Param(Node):
    name: str
    type: object = None
    mut: bool = False
    is_self: bool = False


@dataclass
class FnExpr(Expr):
    params: list
    ret: object
    body: list


@dataclass
class MatchExpr(Expr):
    subject: object
    arms: list                         # MatchArm with an expression body


# ---- patterns -------------------------------------------------------------------

@dataclass
class WildPat(Node):
    pass


@dataclass
class LitPat(Node):
    value: object                      # IntLit, StrLit or BoolLit


@dataclass
class VariantPat(Node):
    path: list                         # [Enum, Variant] or [module, Enum, Variant]
    binds: object = None               # None when written without parentheses, else names
    binds_ref: list = field(default_factory=list)    # the checker's bindings of `binds`


@dataclass
class MatchArm(Node):
    pattern: object
    body: object                       # list of statements, or an expression in MatchExpr


# ---- statements -----------------------------------------------------------------

@dataclass
class ExprStmt(Node):
    expr: object


@dataclass
class VarDecl(Decl):
    name: str
    type: object
    value: object
    mut: bool = False


@dataclass
class Assign(Node):
    targets: list                      # `a = b = v`: the places, in order
    value: object


@dataclass
class AugAssign(Node):
    target: object
    op: str
    value: object


@dataclass
class Print(Node):
    args: list
    trailing_comma: bool = False


@dataclass
class Return(Node):
    value: object = None


@dataclass
class Break(Decl):
    label: str = ""


@dataclass
class Continue(Decl):
    label: str = ""


@dataclass
class Pass(Node):
    pass


@dataclass
class If(Node):
    branches: list                     # [(condition, statements)]
    else_body: object = None


@dataclass
class While(Node):
    cond: object
    body: list
    label: str = ""


@dataclass
class ForRange(Node):
    var: str
    start: object
    end: object
    step: object
    inclusive: bool
    body: list
    label: str = ""


@dataclass
class ForEach(Node):
    var: str
    iterable: object
    body: list
    label: str = ""


@dataclass
class Try(Node):
    body: list
    err_name: str
    handler: list


@dataclass
class Match(Node):
    subject: object
    arms: list


@dataclass
class FnDecl(Decl):
    name: str
    type_params: list
    params: list
    ret: object
    body: list
    pub: bool = False
    is_extern: bool = False


@dataclass
class FieldDecl(Node):
    name: str
    type: object
    default: object = None


@dataclass
class StructDecl(Decl):
    name: str
    type_params: list
    fields: list
    pub: bool = False


@dataclass
class VariantDecl(Node):
    name: str
    payloads: list                     # [(name or "", type)]


@dataclass
class EnumDecl(Decl):
    name: str
    type_params: list
    variants: list
    pub: bool = False


@dataclass
class ImplDecl(Node):
    type_params: list
    target: object                     # TypeName
    methods: list
    pub: bool = False


@dataclass
class ConstDecl(Decl):
    name: str
    type: object
    value: object
    pub: bool = False


@dataclass
class ImportItem(Node):
    name: str
    alias: str = ""


@dataclass
class Use(Decl):
    path: list
    alias: str = ""
    items: object = None               # None, or a list of ImportItem


@dataclass
class Module(Node):
    file: str
    body: list
