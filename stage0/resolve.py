"""Module-level names (language.md 4.3, 10): collect each module's declarations, check
where declarations may appear, bind imports to other modules' exports.

The tables built here are filled with types by types.py and read by the code generator.
"""
from dataclasses import dataclass, field

from stage0 import ast

BUILTINS = ("len", "push", "pop", "sorted", "range", "input", "int", "float", "typeof",
            "istype", "assert_eq", "timestamp", "hash", "sizeof", "alignof")


@dataclass
class FieldInfo:
    name: str
    ty: object
    default: object
    index: int


@dataclass
class StructInfo:
    name: str
    qual: str                          # "module.Name": the identity of the type
    module: str
    decl: object
    params: list = field(default_factory=list)     # rigid TVars of the type parameters
    fields: list = field(default_factory=list)
    methods: dict = field(default_factory=dict)
    pub: bool = False
    resolved: bool = False


@dataclass
class VariantInfo:
    name: str
    index: int
    payloads: list                     # types
    enum: object


@dataclass
class EnumInfo:
    name: str
    qual: str
    module: str
    decl: object
    params: list = field(default_factory=list)
    variants: list = field(default_factory=list)
    methods: dict = field(default_factory=dict)
    pub: bool = False
    resolved: bool = False

    def variant(self, name: str):
        for v in self.variants:
            if v.name == name:
                return v
        return None


@dataclass
class FnInfo:
    name: str
    display: str                       # "area", "Ticket.book": how `<fn ...>` shows it
    module: str
    decl: object
    owner: object = None               # StructInfo/EnumInfo of an impl function
    impl_params: list = field(default_factory=list)
    has_self: bool = False
    pub: bool = False
    sig: object = None                 # monomorphic type while checking
    scheme: object = None
    state: str = "new"                 # new, checking, done
    index: int = -1                    # function index in the module's bytecode


@dataclass
class ConstInfo:
    name: str
    module: str
    decl: object
    ty: object = None
    value: object = None               # compile-time value of integer constants
    state: str = "new"
    pub: bool = False
    deps: list = field(default_factory=list)


@dataclass
class GlobalInfo:
    name: str
    module: str
    decl: object
    ty: object = None
    mut: bool = False
    declared: bool = False             # top-level code has passed its declaration
    binding: object = None


@dataclass
class ImportInfo:
    """A name bound by `use`: a whole module, or one exported entity of a module."""
    local: str
    module: str
    name: str                          # "" for a namespace import
    entity: object = None
    decl: object = None


@dataclass
class ModuleSymbols:
    name: str
    path: str
    is_std: bool
    types: dict = field(default_factory=dict)      # struct and enum infos by name
    fns: dict = field(default_factory=dict)
    consts: dict = field(default_factory=dict)
    globals: dict = field(default_factory=dict)
    imports: dict = field(default_factory=dict)
    impls: list = field(default_factory=list)
    exports: dict = field(default_factory=dict)    # name -> entity

    def top_level(self, name: str):
        for table in (self.types, self.fns, self.consts, self.imports):
            if name in table:
                return table[name]
        return None


def check_placement(body: list, top: bool, report, file: str) -> None:
    """Only top level may hold struct, enum, impl, constants, use and `pub` (4.3)."""
    for stmt in body:
        if not top:
            if is_pub(stmt):
                report(file, stmt.line, stmt.col,
                       "'pub' declarations are only allowed at module scope")
            kind = placement_kind(stmt)
            if kind:
                report(file, stmt.line, stmt.col, f"{kind} only allowed at top level")
        for inner in nested_bodies(stmt):
            check_placement(inner, False, report, file)


def is_pub(stmt) -> bool:
    if isinstance(stmt, (ast.FnDecl, ast.StructDecl, ast.EnumDecl, ast.ImplDecl, ast.ConstDecl)):
        return stmt.pub
    return False


def placement_kind(stmt) -> str:
    if isinstance(stmt, ast.StructDecl):
        return "'struct' declarations are"
    if isinstance(stmt, ast.EnumDecl):
        return "'enum' declarations are"
    if isinstance(stmt, ast.ImplDecl):
        return "'impl' blocks are"
    if isinstance(stmt, ast.ConstDecl):
        return "module constants are"
    if isinstance(stmt, ast.Use):
        return "'use' declarations are"
    return ""


def nested_bodies(stmt) -> list:
    """Statement lists directly inside a statement (not inside expressions)."""
    if isinstance(stmt, ast.FnDecl):
        return [stmt.body]
    if isinstance(stmt, ast.ImplDecl):
        return [m.body for m in stmt.methods]
    return block_bodies(stmt)


def block_bodies(stmt) -> list:
    """The blocks of a control-flow statement (no function bodies)."""
    if isinstance(stmt, ast.If):
        out = [b for _, b in stmt.branches]
        if stmt.else_body is not None:
            out.append(stmt.else_body)
        return out
    if isinstance(stmt, (ast.While, ast.ForRange, ast.ForEach)):
        return [stmt.body]
    if isinstance(stmt, ast.Try):
        return [stmt.body, stmt.handler]
    if isinstance(stmt, ast.Match):
        return [arm.body for arm in stmt.arms]
    return []


def collect(src, report) -> ModuleSymbols:
    """The top-level declarations of one parsed module, with "already defined" checks."""
    syms = ModuleSymbols(src.name, src.path, src.is_std)
    file = src.path
    check_placement(src.tree.body, True, report, file)
    for stmt in src.tree.body:
        if isinstance(stmt, ast.StructDecl):
            declare(syms.types, stmt.name, StructInfo(stmt.name, qualify(src.name, stmt.name),
                                                       src.name, stmt, pub=stmt.pub),
                    syms, stmt, report, file)
        elif isinstance(stmt, ast.EnumDecl):
            declare(syms.types, stmt.name, EnumInfo(stmt.name, qualify(src.name, stmt.name),
                                                     src.name, stmt, pub=stmt.pub),
                    syms, stmt, report, file)
        elif isinstance(stmt, ast.FnDecl):
            declare(syms.fns, stmt.name, FnInfo(stmt.name, stmt.name, src.name, stmt,
                                                 pub=stmt.pub), syms, stmt, report, file)
        elif isinstance(stmt, ast.ConstDecl):
            if not stmt.name[:1].isupper():
                report(file, stmt.line, stmt.col,
                       f"module constants must start with an uppercase letter: '{stmt.name}'")
            declare(syms.consts, stmt.name, ConstInfo(stmt.name, src.name, stmt, pub=stmt.pub),
                    syms, stmt, report, file)
        elif isinstance(stmt, ast.ImplDecl):
            syms.impls.append(stmt)
    collect_globals(syms, src.tree.body, report, file)
    return syms


def qualify(module: str, name: str) -> str:
    return module + "." + name


def declare(table: dict, name: str, info, syms: ModuleSymbols, node, report, file) -> None:
    builtin_taken = name in BUILTINS and not (syms.is_std and syms.name == "prelude")
    if builtin_taken or syms.top_level(name) is not None:
        report(file, node.name_line, node.name_col, f"'{name}' is already defined")
        return
    table[name] = info


def collect_globals(syms: ModuleSymbols, body: list, report, file: str) -> None:
    """Top-level `name = ...`, `mut name = ...` and `name: T = ...` declare globals (4.3)."""
    for stmt in body:
        names = []
        if isinstance(stmt, ast.VarDecl):
            names.append((stmt.name, stmt, stmt.mut))
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name) and target.name != "_":
                    names.append((target.name, stmt, False))
        for name, node, mut in names:
            if name in syms.globals:
                if isinstance(node, ast.VarDecl):
                    report(file, node.line, node.col, f"'{name}' is already defined")
                continue
            if syms.top_level(name) is not None:
                if isinstance(node, ast.VarDecl):
                    report(file, node.line, node.col, f"'{name}' is already defined")
                continue
            syms.globals[name] = GlobalInfo(name, syms.name, node, None, mut)


def exports_of(syms: ModuleSymbols) -> dict:
    """What `use` may take from a module: its `pub` declarations (10.1)."""
    out = {}
    for table in (syms.types, syms.fns, syms.consts):
        for name, info in table.items():
            if info.pub or (isinstance(info, FnInfo) and info.decl.is_extern):
                out[name] = info
    return out


def bind_imports(syms: ModuleSymbols, tree: ast.Module, modules: dict, report) -> None:
    """Bind each `use` of a module to the (already collected) module it names."""
    file = syms.path
    for stmt in tree.body:
        if not isinstance(stmt, ast.Use):
            continue
        target = modules[stmt.ref]
        exports = exports_of(target)
        if stmt.items is None:
            local = stmt.alias or stmt.path[-1]
            bind_one(syms, local, ImportInfo(local, target.name, "", target, stmt), stmt,
                     report, file)
            continue
        for item in stmt.items:
            if item.name not in exports:
                report(file, item.line, item.col,
                       f"'{item.name}' is not exported by module '{target.name}'")
                continue
            local = item.alias or item.name
            bind_one(syms, local, ImportInfo(local, target.name, item.name, exports[item.name],
                                             item), item, report, file)


def bind_one(syms: ModuleSymbols, local: str, info: ImportInfo, node, report, file) -> None:
    if local in BUILTINS or syms.top_level(local) is not None or local in syms.globals:
        report(file, node.line, node.col, f"'{local}' is already defined")
        return
    syms.imports[local] = info
