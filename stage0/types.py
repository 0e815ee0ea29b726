"""Type checker: Hindley-Milner inference with let-polymorphism, literal typing and the
requirement mechanism of language.md 3.4, over one module at a time.

Types are TCon (a constructor with arguments) or TVar (a unification variable). A TVar may
stand for an unsuffixed integer literal (`lit`), may be a declared type parameter (`rigid`),
and may carry requirements (`reqs`) that the type it is later bound to must meet.
Every expression gets its type in `node.ty`; names, calls and members get what they denote
in `node.ref`, which the code generator reads.
"""
from dataclasses import dataclass, field

INTS = ("i32", "i64", "u8", "u32", "u64", "usize")
SIGNED = ("i32", "i64")
NUMERIC = INTS + ("f64",)
PRIM_NAMES = ("i32", "i64", "u8", "u32", "u64", "usize", "f64", "bool", "string", "void",
              "RawPtr", "bytes")
LIMITS = {
    "i32": (-2 ** 31, 2 ** 31 - 1), "i64": (-2 ** 63, 2 ** 63 - 1), "u8": (0, 255),
    "u32": (0, 2 ** 32 - 1), "u64": (0, 2 ** 64 - 1), "usize": (0, 2 ** 64 - 1),
}
SUFFIX_TYPES = {"i32": "i32", "i64": "i64", "u": "u32", "u32": "u32", "u64": "u64", "u8": "u8",
                "usize": "usize"}

# requirement kind -> (type families that satisfy it, how the message names it)
REQUIREMENTS = {
    "len": (("array", "fixed", "string", "bytes"), "len() needs an array or a string"),
    "index": (("array", "fixed", "string", "bytes"), "indexing needs an array or a string"),
    "slice": (("array", "fixed", "string", "bytes"), "slicing needs an array or a string"),
    "iter": (("array", "fixed", "range"), "cannot iterate: 'for' needs an array or a range"),
    "sorted": (("array", "fixed"), "sorted() needs an array"),
    "numstr": (NUMERIC + ("string",), "argument must be a string or number"),
    "add": (NUMERIC + ("string",), "'+' needs numbers or strings"),
    "arith": (NUMERIC, "arithmetic needs numbers"),
    "neg": (SIGNED + ("f64",), "unary '-' needs a signed integer or f64"),
    "order": (NUMERIC + ("string",), "cannot be ordered"),
    "sortable": (NUMERIC + ("string", "bool"), "sorted() elements cannot be ordered"),
    "int": (INTS, "needs an integer type"),
    "castnum": (NUMERIC + ("bool",), "cast needs a number or bool"),
    "lit": (NUMERIC, "integer literal"),
}


class TypeFailure(Exception):
    """A unification or requirement failure; the checker turns it into a diagnostic."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


@dataclass
class TCon:
    kind: str                          # prim, array, fixed, fn, struct, enum, range, error
    name: str                          # prim name, or the qualified struct/enum name
    args: list = field(default_factory=list)   # fn: params then the result last
    size: int = -1                     # fixed arrays


@dataclass
class Req:
    kind: str
    elem: object = None                # element or result type the requirement relates
    node: object = None


@dataclass
class TVar:
    id: int
    level: int
    ref: object = None
    lit: bool = False                  # an unsuffixed integer literal's type
    big: bool = False                  # the literal does not fit i32 (defaults to i64)
    rigid: str = ""                    # a declared type parameter's name
    reqs: list = field(default_factory=list)


@dataclass
class Scheme:
    vars: list                         # quantified TVars
    ty: object


def prim(name: str) -> TCon:
    return TCon("prim", name, [])


def array_of(elem) -> TCon:
    return TCon("array", "array", [elem])


def implicitly_generic(info) -> bool:
    """A function with unannotated parameters: its type comes from its body's uses (3.4)."""
    return any(p.type is None and not p.is_self for p in info.decl.params)


def fn_type(params: list, ret) -> TCon:
    return TCon("fn", "fn", list(params) + [ret])


def prune(t):
    while isinstance(t, TVar) and t.ref is not None:
        t = t.ref
    return t


def family(t: TCon) -> str:
    if t.kind == "prim":
        return t.name
    return t.kind


def is_prim(t, names) -> bool:
    t = prune(t)
    return isinstance(t, TCon) and t.kind == "prim" and t.name in names


def type_str(t) -> str:
    """How diagnostics spell a type."""
    t = prune(t)
    if isinstance(t, TVar):
        if t.rigid:
            return t.rigid
        return "integer literal" if t.lit else "T" + str(t.id)
    if t.kind == "prim":
        return t.name
    if t.kind == "array":
        return "[" + type_str(t.args[0]) + "]"
    if t.kind == "fixed":
        return "[" + type_str(t.args[0]) + ", " + str(t.size) + "]"
    if t.kind == "fn":
        params = ", ".join(type_str(a) for a in t.args[:-1])
        ret = prune(t.args[-1])
        if isinstance(ret, TCon) and ret.kind == "prim" and ret.name == "void":
            return "fn(" + params + ")"
        return "fn(" + params + ") -> " + type_str(ret)
    if t.kind == "range":
        return "range"
    if t.kind == "error":
        return "error"
    short = t.name.split(".")[-1]
    if t.args:
        return short + "<" + ", ".join(type_str(a) for a in t.args) + ">"
    return short


def free_vars(t, out: list) -> list:
    """Unbound variables of a type, in first-occurrence order (requirements included)."""
    t = prune(t)
    if isinstance(t, TVar):
        if t not in out:
            out.append(t)
            for r in t.reqs:
                if r.elem is not None:
                    free_vars(r.elem, out)
        return out
    for a in t.args:
        free_vars(a, out)
    return out


@dataclass
class Unifier:
    """Owns the variable counter and the unification rules; no other state."""
    next_id: int = 0

    def fresh(self, level: int, lit: bool = False) -> TVar:
        self.next_id += 1
        return TVar(self.next_id, level, None, lit)

    def occurs(self, v: TVar, t) -> bool:
        t = prune(t)
        if t is v:
            return True
        if isinstance(t, TCon):
            for a in t.args:
                if self.occurs(v, a):
                    return True
        return False

    def adjust_levels(self, t, level: int) -> None:
        t = prune(t)
        if isinstance(t, TVar):
            if t.level > level:
                t.level = level
            return
        for a in t.args:
            self.adjust_levels(a, level)

    def unify(self, a, b) -> None:
        a = prune(a)
        b = prune(b)
        if a is b:
            return
        if isinstance(a, TVar) and not a.rigid:
            self.bind(a, b)
            return
        if isinstance(b, TVar) and not b.rigid:
            self.bind(b, a)
            return
        if isinstance(a, TVar) or isinstance(b, TVar):
            raise TypeFailure()
        if a.kind != b.kind or a.name != b.name or a.size != b.size or len(a.args) != len(b.args):
            raise TypeFailure()
        for x, y in zip(a.args, b.args):
            self.unify(x, y)

    def bind(self, v: TVar, t) -> None:
        if self.occurs(v, t):
            raise TypeFailure("recursive type")
        self.adjust_levels(t, v.level)
        if isinstance(t, TVar):
            if t.rigid:
                if v.lit:
                    raise TypeFailure(f"Type mismatch: expected {t.rigid}, found an integer "
                                      "literal")
                if v.reqs:
                    raise TypeFailure(REQUIREMENTS[v.reqs[0].kind][1] + ", found " + t.rigid)
                v.ref = t
                return
            v.ref = t
            t.lit = t.lit or v.lit
            t.big = t.big or v.big
            for r in v.reqs:
                self.add_req(t, r)
            return
        if v.lit and family(t) not in NUMERIC:
            raise TypeFailure()
        v.ref = t
        for r in v.reqs:
            self.check_req(r, t)

    def add_req(self, v: TVar, req: Req) -> None:
        """Record a requirement on an open variable, merging it with those already there."""
        allowed = list(REQUIREMENTS[req.kind][0])
        if v.lit:
            allowed = [f for f in allowed if f in NUMERIC]
            if not allowed:
                raise TypeFailure(REQUIREMENTS[req.kind][1] + ", found an integer literal")
        for r in v.reqs:
            allowed = [f for f in allowed if f in REQUIREMENTS[r.kind][0]]
        if not allowed:
            raise TypeFailure("no type satisfies every use: " + REQUIREMENTS[req.kind][1])
        for r in v.reqs:
            if r.kind == req.kind and r.elem is not None and req.elem is not None:
                self.unify(r.elem, req.elem)
                return
            if r.kind in ("index", "iter") and req.kind in ("index", "iter") \
                    and r.elem is not None and req.elem is not None:
                self.unify(r.elem, req.elem)
        v.reqs.append(req)

    def require(self, t, req: Req) -> None:
        t = prune(t)
        if isinstance(t, TVar):
            if t.rigid:
                raise TypeFailure(REQUIREMENTS[req.kind][1] + ", found " + t.rigid)
            self.add_req(t, req)
            return
        self.check_req(req, t)

    def check_req(self, req: Req, t: TCon) -> None:
        fam = family(t)
        if fam not in REQUIREMENTS[req.kind][0]:
            raise TypeFailure(REQUIREMENTS[req.kind][1] + ", found " + type_str(t))
        if req.elem is None:
            return
        if req.kind in ("index", "iter"):
            if fam in ("array", "fixed", "range"):
                self.unify(req.elem, t.args[0])
            elif fam == "string":
                self.unify(req.elem, prim("string"))
            else:
                self.unify(req.elem, prim("u8"))
        elif req.kind == "slice":
            if fam in ("array", "fixed"):
                self.unify(req.elem, array_of(t.args[0]))
            else:
                self.unify(req.elem, t)
        elif req.kind == "sorted":
            self.require(t.args[0], Req("sortable", None, req.node))
            self.unify(req.elem, array_of(t.args[0]))

    # ---- schemes -----------------------------------------------------------------

    def generalize(self, t, level: int) -> Scheme:
        quantified = [v for v in free_vars(t, []) if v.level > level and not v.lit]
        return Scheme(quantified, t)

    def instantiate(self, scheme: Scheme, level: int):
        """A fresh copy of the scheme's type; returns (type, the fresh variables in order)."""
        if not scheme.vars:
            return scheme.ty, []
        mapping = {}
        fresh = []
        for v in scheme.vars:
            nv = self.fresh(level)
            mapping[v.id] = nv
            fresh.append(nv)
        for v in scheme.vars:
            for r in v.reqs:
                elem = self.copy(r.elem, mapping) if r.elem is not None else None
                mapping[v.id].reqs.append(Req(r.kind, elem, r.node))
        return self.copy(scheme.ty, mapping), fresh

    def copy(self, t, mapping: dict):
        t = prune(t)
        if isinstance(t, TVar):
            return mapping.get(t.id, t)
        if not t.args:
            return t
        return TCon(t.kind, t.name, [self.copy(a, mapping) for a in t.args], t.size)


def resolve(t):
    """The type with every bound variable replaced by what it is bound to."""
    t = prune(t)
    if isinstance(t, TVar) or not t.args:
        return t
    return TCon(t.kind, t.name, [resolve(a) for a in t.args], t.size)


# ============================================================================
# The checker
# ============================================================================

from stage0 import ast                                    # noqa: E402
from stage0.resolve import (BUILTINS, ConstInfo, EnumInfo, FieldInfo, FnInfo,  # noqa: E402
                            ImportInfo, StructInfo, VariantInfo, block_bodies)

CAST_TARGETS = ("i32", "i64", "u8", "u32", "u64", "usize", "f64", "bool", "string")
SIZES = {"i32": 4, "i64": 8, "u8": 1, "u32": 4, "u64": 8, "usize": 8, "f64": 8, "bool": 1,
         "RawPtr": 8}


@dataclass
class Binding:
    """A name in scope and what it denotes."""
    name: str
    kind: str          # local, global, const, fn, type, module, builtin, intrinsic, variant
    ty: object = None
    mut: bool = False
    entity: object = None
    func: object = None                # FnCtx that owns a local
    id: int = 0
    captured: bool = False
    node: object = None
    body_ctx: object = None            # the FnCtx of a nested named function


@dataclass
class Scope:
    parent: object
    func: object
    names: dict = field(default_factory=dict)


@dataclass
class FnCtx:
    """The function being checked: its return type and how it is decided, loops, captures."""
    parent: object
    name: str
    ret: object
    ret_mode: str                      # declared, void, infer, init (module top level)
    level: int
    node: object = None
    loops: list = field(default_factory=list)
    captures: list = field(default_factory=list)
    lits: list = field(default_factory=list)
    locals: list = field(default_factory=list)
    tparams: dict = field(default_factory=dict)    # type parameters visible in the body


class Stop(Exception):
    """Abandon the current statement after a reported error."""


@dataclass
class Checker:
    syms: object                       # ModuleSymbols of the module being checked
    modules: dict                      # every checked or collected module by name
    unifier: Unifier
    report: object                     # report(file, line, col, message, hint="")
    intrinsics: dict = field(default_factory=dict)
    kernel_prims: dict = field(default_factory=dict)
    prelude: object = None             # ModuleSymbols of the prelude, when imported
    level: int = 1
    func: object = None
    scope: object = None
    next_binding: int = 0
    int_lits: list = field(default_factory=list)
    module_scope: object = None
    init_ctx: object = None
    fn_order: list = field(default_factory=list)   # named functions in check order
    checking: list = field(default_factory=list)   # named functions being checked, outermost first
    group_low: dict = field(default_factory=dict)  # id(FnInfo) -> lowest `checking` index reached
    deferred: dict = field(default_factory=dict)   # id(group root) -> members generalized with it
    root_of: dict = field(default_factory=dict)    # id(deferred member) -> its group root

    # ---- errors and unification --------------------------------------------------

    @property
    def file(self) -> str:
        return self.syms.path

    def at_name(self, node):
        """A stand-in node placed where a declaration's or member's name is written."""
        return ast.Node(node.name_line, node.name_col)

    def error(self, node, message: str, hint: str = ""):
        self.report(self.file, node.line, node.col, message, hint)
        raise Stop()

    def soft_error(self, node, message: str, hint: str = "") -> None:
        self.report(self.file, node.line, node.col, message, hint)

    def expect(self, node, expected, actual, what: str = "") -> None:
        if expected is None or actual is None:
            return                         # an earlier error left the type unknown
        try:
            self.unifier.unify(expected, actual)
        except TypeFailure as failure:
            if failure.message:
                self.error(node, self.mismatch_text(failure.message))
            where = f" {what}" if what else ""
            self.error(node, f"Type mismatch{where}: expected {type_str(expected)}, "
                             f"found {type_str(actual)}")

    def mismatch_text(self, message: str) -> str:
        for start in ("Type mismatch", "cannot", "no type satisfies", "recursive"):
            if message.startswith(start):
                return message
        return "Type mismatch: " + message

    def require(self, node, t, kind: str, elem=None) -> None:
        try:
            self.unifier.require(t, Req(kind, elem, node))
        except TypeFailure as failure:
            self.error(node, self.req_message(kind, t, failure.message))

    def req_message(self, kind: str, t, message: str) -> str:
        tt = prune(t)
        if kind == "neg" and isinstance(tt, TCon) and family(tt) in ("u8", "u32", "u64", "usize"):
            return f"cannot negate unsigned value of type {type_str(tt)}"
        if kind == "order" and "cannot be ordered" in message:
            return f"values of type {type_str(tt)} cannot be ordered"
        if message.startswith("no type satisfies") or message.startswith("cannot"):
            return message
        return "Type mismatch: " + message

    def fresh(self, lit: bool = False) -> TVar:
        v = self.unifier.fresh(self.level, lit)
        if lit and self.func is not None:
            self.func.lits.append(v)
        return v

    def new_binding(self, name: str, kind: str, ty, mut: bool = False, entity=None, node=None):
        self.next_binding += 1
        return Binding(name, kind, ty, mut, entity, self.func, self.next_binding, False, node)

    # ---- scopes ----------------------------------------------------------------------

    def push_scope(self) -> Scope:
        self.scope = Scope(self.scope, self.func)
        return self.scope

    def pop_scope(self) -> None:
        self.scope = self.scope.parent

    def declare_local(self, node, name: str, ty, mut: bool) -> Binding:
        if name in self.scope.names:
            self.error(node, f"'{name}' is already defined in this scope")
        b = self.new_binding(name, "local", ty, mut, None, node)
        self.scope.names[name] = b
        self.func.locals.append(b)
        return b

    def lookup(self, name: str, node):
        """The binding a name denotes here, or None (4.2, 4.3, 10)."""
        scope = self.scope
        while scope is not None:
            if name in scope.names:
                b = scope.names[name]
                self.note_capture(b)
                return b
            scope = scope.parent
        return self.lookup_module(name, node)

    def note_capture(self, b: Binding) -> None:
        if b.kind != "local" or b.func is self.func:
            return
        b.captured = True
        ctx = self.func
        while ctx is not None and ctx is not b.func:
            if b not in ctx.captures:
                ctx.captures.append(b)
            ctx = ctx.parent

    def lookup_module(self, name: str, node):
        syms = self.syms
        if name in syms.globals:
            g = syms.globals[name]
            if self.func is self.init_ctx and not g.declared:
                return None
            return g.binding
        if name in syms.fns:
            return self.new_binding(name, "fn", None, False, syms.fns[name])
        if name in syms.types:
            return self.new_binding(name, "type", None, False, syms.types[name])
        if name in syms.consts:
            return self.new_binding(name, "const", None, False, syms.consts[name])
        if name in syms.imports:
            return self.import_binding(syms.imports[name])
        if name in BUILTINS:
            return self.new_binding(name, "builtin", None)
        if self.prelude is not None and self.prelude is not syms:
            ent = self.prelude.exports.get(name)
            if ent is not None:
                return self.entity_binding(name, ent)
        if name.startswith("__") and name in self.intrinsics:
            if not self.syms.is_std:
                self.error(node, f"'{name}' is an intrinsic: only std/ may call it")
            return self.new_binding(name, "intrinsic", None, False, self.intrinsics[name])
        return None

    def import_binding(self, imp: ImportInfo):
        if imp.name == "":
            return self.new_binding(imp.local, "module", None, False, imp.entity)
        return self.entity_binding(imp.local, imp.entity)

    def entity_binding(self, name: str, ent):
        if isinstance(ent, FnInfo):
            return self.new_binding(name, "fn", None, False, ent)
        if isinstance(ent, (StructInfo, EnumInfo)):
            return self.new_binding(name, "type", None, False, ent)
        return self.new_binding(name, "const", None, False, ent)

    # ---- type expressions ----------------------------------------------------------

    def type_of(self, texpr, tparams: dict):
        """The type an annotation denotes; `tparams` maps type parameter names to TVars."""
        if isinstance(texpr, ast.ArrayType):
            elem = self.type_of(texpr.elem, tparams)
            if texpr.size is None:
                return array_of(elem)
            size = texpr.size
            if isinstance(size, str):
                size = self.const_int_named(texpr, size)
            if size < 0:
                self.error(texpr, "fixed array length cannot be negative")
            return TCon("fixed", "fixed", [elem], size)
        if isinstance(texpr, ast.FnType):
            params = [self.type_of(p, tparams) for p in texpr.params]
            ret = self.type_of(texpr.ret, tparams) if texpr.ret is not None else prim("void")
            return fn_type(params, ret)
        return self.named_type(texpr, tparams)

    def named_type(self, texpr: ast.TypeName, tparams: dict):
        name = texpr.name
        if texpr.module == "":
            if name not in tparams:
                tparams = self.visible_tparams(tparams)
            if name in tparams:
                self.no_type_args(texpr)
                return tparams[name]
            if name in PRIM_NAMES:
                self.no_type_args(texpr)
                return prim(name)
            if name == "Handle" and self.syms.is_std:
                return prim("Handle")
            info = self.type_entity(name)
        else:
            info = self.module_type(texpr)
        if info is None:
            self.error(texpr, f"Undefined type '{name}'")
        return self.instance_type(info, texpr, tparams)

    def visible_tparams(self, tparams: dict) -> dict:
        """Type parameters of the enclosing functions, for annotations in their bodies."""
        out = dict(tparams)
        ctx = self.func
        while ctx is not None:
            for k, v in ctx.tparams.items():
                if k not in out:
                    out[k] = v
            ctx = ctx.parent
        return out

    def no_type_args(self, texpr) -> None:
        if texpr.args:
            self.error(texpr, f"type '{texpr.name}' takes no type arguments")

    def type_entity(self, name: str):
        syms = self.syms
        if name in syms.types:
            return syms.types[name]
        if name in syms.imports:
            ent = syms.imports[name].entity
            if isinstance(ent, (StructInfo, EnumInfo)):
                return ent
        if self.prelude is not None:
            ent = self.prelude.exports.get(name)
            if isinstance(ent, (StructInfo, EnumInfo)):
                return ent
        return None

    def module_type(self, texpr):
        imp = self.syms.imports.get(texpr.module)
        if imp is None or imp.name != "":
            self.error(texpr, f"Undefined module '{texpr.module}'")
        target = imp.entity
        ent = target.types.get(texpr.name)
        if ent is None:
            self.error(texpr, f"Undefined type '{texpr.module}.{texpr.name}'")
        if not ent.pub:
            self.error(texpr, f"'{texpr.name}' is not exported by module '{target.name}'")
        return ent

    def instance_type(self, info, texpr, tparams: dict):
        kind = "struct" if isinstance(info, StructInfo) else "enum"
        self.prepare_type(info)
        if not texpr.args:
            return TCon(kind, info.qual, [self.fresh() for _ in info.params])
        if len(texpr.args) != len(info.params):
            self.error(texpr, f"type '{info.name}' takes {len(info.params)} type arguments, "
                              f"found {len(texpr.args)}")
        return TCon(kind, info.qual, [self.type_of(a, tparams) for a in texpr.args])

    def prepare_type(self, info) -> None:
        """Create the rigid parameters of a struct or enum (their fields come later)."""
        if info.params or not info.decl.type_params:
            return
        for name in info.decl.type_params:
            v = self.unifier.fresh(0)
            v.rigid = name
            info.params.append(v)

    def const_int_named(self, node, name: str) -> int:
        info = self.syms.consts.get(name)
        if info is None:
            imp = self.syms.imports.get(name)
            if imp is not None and isinstance(imp.entity, ConstInfo):
                info = imp.entity
        if info is None:
            self.error(node, f"Undefined constant '{name}' in a fixed array length")
        value = self.const_value(info)
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(node, f"fixed array length '{name}' is not an integer constant")
        return value

    # ---- declarations -------------------------------------------------------------------

    def declare_types(self) -> None:
        for info in self.syms.types.values():
            self.prepare_type(info)
        for info in self.syms.types.values():
            self.resolve_type_decl(info)

    def resolve_type_decl(self, info) -> None:
        if info.resolved:
            return
        info.resolved = True
        tparams = {v.rigid: v for v in info.params}
        if isinstance(info, StructInfo):
            seen = []
            for i, fd in enumerate(info.decl.fields):
                if fd.name in seen:
                    self.soft_error(fd, f"field '{fd.name}' is already defined")
                    continue
                seen.append(fd.name)
                info.fields.append(FieldInfo(fd.name, self.guard_type(fd.type, tparams), fd.default,
                                             len(info.fields)))
            return
        seen = []
        for vd in info.decl.variants:
            if vd.name in seen:
                self.soft_error(vd, f"variant '{vd.name}' is already defined")
                continue
            seen.append(vd.name)
            payloads = [self.guard_type(t, tparams) for _, t in vd.payloads]
            info.variants.append(VariantInfo(vd.name, len(info.variants), payloads, info))

    def guard_type(self, texpr, tparams: dict):
        try:
            return self.type_of(texpr, tparams)
        except Stop:
            return self.fresh()

    def declare_impls(self) -> None:
        for impl in self.syms.impls:
            target = impl.target
            info = self.syms.types.get(target.name) if target.module == "" else None
            if info is None:
                self.soft_error(target, f"impl for unknown struct '{target.name}'")
                continue
            for method in impl.methods:
                self.declare_method(info, impl, method)

    def declare_method(self, info, impl, method) -> None:
        field_names = [f.name for f in info.decl.fields] if isinstance(info, StructInfo) else []
        if method.name in info.methods or method.name in field_names:
            self.soft_error(self.at_name(method), f"method '{method.name}' is already defined for "
                                    f"'{info.name}'")
            return
        has_self = bool(method.params) and method.params[0].is_self
        fn = FnInfo(method.name, info.name + "." + method.name, self.syms.name, method, info,
                    list(impl.type_params), has_self, impl.pub or method.pub)
        info.methods[method.name] = fn

    def check_globals_declared(self) -> None:
        for g in self.syms.globals.values():
            g.binding = Binding(g.name, "global", self.fresh(), g.mut, g, None, 0, False, g.decl)

    # ---- constants (4.3, 4.4) ------------------------------------------------------------

    def check_consts(self) -> None:
        for info in self.syms.consts.values():
            self.check_const(info, [])

    def check_const(self, info: ConstInfo, path: list) -> None:
        if info.state == "done":
            return
        if info.state == "checking":
            names = " -> ".join([c.name for c in path] + [info.name])
            self.soft_error(info.decl, f"cyclic constant: {names}")
            raise Stop()
        info.state = "checking"
        path = path + [info]
        saved = (self.func, self.scope)
        self.func, self.scope = self.init_ctx, self.module_scope
        try:
            info.ty = self.type_of(info.decl.type, {})
            self.const_expr(info.decl.value, info, path)
            mark = len(self.func.lits)
            self.check_expr(info.decl.value, info.ty)
            self.settle_from(self.func, mark)
        except Stop:
            pass
        finally:
            self.func, self.scope = saved
        info.state = "done"

    def const_expr(self, e, info: ConstInfo, path: list) -> None:
        """Reject what is not a constant expression; check the constants it uses first."""
        if isinstance(e, (ast.IntLit, ast.FloatLit, ast.StrLit, ast.BoolLit, ast.NullLit)):
            return
        if isinstance(e, ast.Name):
            dep = self.syms.consts.get(e.name)
            if dep is None:
                imp = self.syms.imports.get(e.name)
                if imp is not None and isinstance(imp.entity, ConstInfo):
                    return
                if self.prelude is not None and isinstance(self.prelude.exports.get(e.name),
                                                           ConstInfo):
                    return
                self.error(e, f"not a constant expression: '{e.name}' is not a constant")
            if dep not in info.deps:
                info.deps.append(dep)
            try:
                self.check_const(dep, path)
            except Stop:
                raise
            return
        for child in self.const_children(e):
            self.const_expr(child, info, path)

    def const_children(self, e) -> list:
        if isinstance(e, ast.Unary):
            return [e.operand]
        if isinstance(e, ast.Binary):
            return [e.left, e.right]
        if isinstance(e, ast.Cond):
            return [e.then, e.cond, e.other]
        if isinstance(e, ast.Cast):
            return [e.expr]
        if isinstance(e, ast.ArrayLit):
            return list(e.elems)
        if isinstance(e, ast.FillLit):
            return [e.value, e.count]
        if isinstance(e, ast.StructLit):
            return [f.value for f in e.fields]
        if isinstance(e, ast.Member) and self.is_type_path(e.obj):
            return []
        if isinstance(e, ast.Call) and isinstance(e.callee, ast.Member) \
                and self.is_type_path(e.callee.obj):
            return list(e.args)
        self.error(e, "not a constant expression")
        return []

    def is_type_path(self, e) -> bool:
        if isinstance(e, ast.Name):
            return self.type_entity(e.name) is not None
        if isinstance(e, ast.Member) and isinstance(e.obj, ast.Name):
            imp = self.syms.imports.get(e.obj.name)
            return imp is not None and imp.name == "" and e.name in imp.entity.types
        return False

    def const_value(self, info: ConstInfo):
        """The compile-time value of an integer or bool constant, or None."""
        if info.value is None:
            if info.state != "done":
                try:
                    self.check_const(info, [])
                except Stop:
                    return None
            info.value = self.eval_const(info.decl.value)
        return info.value

    def eval_const(self, e):
        if isinstance(e, ast.IntLit):
            return e.value
        if isinstance(e, ast.BoolLit):
            return e.value
        if isinstance(e, ast.Name):
            dep = self.syms.consts.get(e.name)
            if dep is None:
                imp = self.syms.imports.get(e.name)
                dep = imp.entity if imp is not None and isinstance(imp.entity, ConstInfo) else None
            return self.const_value(dep) if dep is not None else None
        if isinstance(e, ast.Unary) and e.op == "-":
            v = self.eval_const(e.operand)
            return -v if isinstance(v, int) else None
        if isinstance(e, ast.Cast):
            return self.eval_const(e.expr)
        if isinstance(e, ast.Binary):
            return self.eval_binary(e.op, self.eval_const(e.left), self.eval_const(e.right))
        return None

    def eval_binary(self, op: str, a, b):
        if not isinstance(a, int) or not isinstance(b, int):
            return None
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/" and b != 0:
            q = abs(a) // abs(b)
            return q if (a >= 0) == (b >= 0) else -q
        if op == "%" and b != 0:
            return a - b * self.eval_binary("/", a, b)
        if op == "<<" and 0 <= b < 64:
            return a << b
        if op == ">>" and 0 <= b < 64:
            return a >> b
        if op == "&":
            return a & b
        if op == "|":
            return a | b
        if op == "^":
            return a ^ b
        return None

    # ---- functions (7) ---------------------------------------------------------------------

    def check_named(self, info: FnInfo) -> None:
        """Check a top-level function or method once; afterwards it has a type scheme."""
        if info.state != "new":
            return
        info.state = "checking"
        self.checking.append(info)
        saved = (self.func, self.scope, self.level)
        self.level = saved[2] + 1
        self.func, self.scope = None, self.module_scope
        try:
            tparams = self.fn_tparams(info)
            ctx, ftype = self.fn_signature(info.decl, tparams, info.owner, info.display)
            info.sig = ftype
            if info.decl.is_extern:
                self.check_extern(info)
            else:
                self.check_fn_body(info.decl, ctx, ftype)
        except Stop:
            pass
        finally:
            self.func, self.scope, self.level = saved
        if info.sig is None:
            info.sig = fn_type([], self.fresh())
        self.finish_named(info)

    def finish_named(self, info: FnInfo) -> None:
        """Generalize a checked function, or, when it used a function still being checked
        (mutual recursion), defer it to that group's root so the group generalizes together."""
        pos = len(self.checking) - 1
        self.checking.pop()
        low = self.group_low.pop(id(info), pos)
        members = self.deferred.pop(id(info), [])
        if low < pos and implicitly_generic(info):
            root = self.checking[low]
            self.deferred.setdefault(id(root), []).extend([info] + members)
            for m in [info] + members:
                self.root_of[id(m)] = root
            for j in range(low + 1, len(self.checking)):
                self.note_group(self.checking[j], low)
            return
        for m in [info] + members:
            self.root_of.pop(id(m), None)
            m.scheme = self.unifier.generalize(m.sig, self.level)
            m.state = "done"
            m.index = len(self.fn_order)
            self.fn_order.append(m)

    def note_group(self, info: FnInfo, low: int) -> None:
        self.group_low[id(info)] = min(self.group_low.get(id(info), low), low)

    def monomorphic_use(self, info: FnInfo) -> None:
        """A use of a function whose check has not finished: every function being checked
        above it belongs to its recursion group."""
        target = self.root_of.get(id(info), info)
        stack = [id(c) for c in self.checking]
        if id(target) not in stack:
            return
        low = stack.index(id(target))
        for j in range(low + 1, len(self.checking)):
            self.note_group(self.checking[j], low)

    def fn_tparams(self, info: FnInfo) -> dict:
        tparams = {}
        names = list(info.impl_params) + list(info.decl.type_params)
        for name in names:
            if name in tparams:
                self.error(info.decl, f"type parameter '{name}' is already defined")
            v = self.unifier.fresh(self.level)
            v.rigid = name
            tparams[name] = v
        return tparams

    def fn_signature(self, decl, tparams: dict, owner, display: str):
        """A new FnCtx with the parameters bound, and the function's (monomorphic) type."""
        if decl.ret is None:
            ret, mode = self.fresh(), "infer"
        else:
            ret = self.type_of(decl.ret, tparams)
            mode = "void" if is_prim(ret, ("void",)) else "declared"
        ctx = FnCtx(self.func, display, ret, mode, self.level, decl)
        ctx.tparams = dict(tparams)
        self.func = ctx
        self.push_scope()
        try:
            params = self.bind_params(decl, tparams, owner)
        except Stop:
            # a bad parameter abandons the function; what encloses it goes on in its own scope
            self.pop_scope()
            self.func = ctx.parent
            raise
        return ctx, fn_type(params, ret)

    def bind_params(self, decl, tparams: dict, owner) -> list:
        """Declare the parameters in the function's scope; their types in order."""
        params = []
        for i, p in enumerate(decl.params):
            if p.is_self:
                if owner is None or i != 0:
                    self.error(p, "'self' is only allowed as the first parameter of a method")
                pty = self.self_type(owner, tparams)
            elif p.type is not None:
                pty = self.type_of(p.type, tparams)
            else:
                pty = self.fresh()
            b = self.declare_local(p, p.name, pty, p.mut)
            p.ref = b
            params.append(pty)
        return params

    def self_type(self, owner, tparams: dict):
        kind = "struct" if isinstance(owner, StructInfo) else "enum"
        args = []
        for v in owner.params:
            args.append(tparams.get(v.rigid, self.fresh()))
        return TCon(kind, owner.qual, args)

    def check_fn_body(self, decl, ctx: FnCtx, ftype) -> None:
        """Check the body in the scope fn_signature opened, then settle the return type."""
        try:
            self.check_stmts(decl.body)
            if ctx.ret_mode == "declared":
                self.check_tail(decl.body, ctx)
            if ctx.ret_mode == "infer" and isinstance(prune(ctx.ret), TVar) \
                    and not self.returns_value(decl.body):
                self.expect(decl, prim("void"), ctx.ret)
        finally:
            self.pop_scope()
            self.func = ctx.parent
        self.settle_literals(ctx)
        decl.ref = ctx

    def returns_value(self, body: list) -> bool:
        for stmt in body:
            if isinstance(stmt, ast.Return) and stmt.value is not None:
                return True
            for inner in block_bodies(stmt):
                if self.returns_value(inner):
                    return True
        return False

    def settle_literals(self, ctx: FnCtx) -> None:
        """Default the literal types this function leaves open: i32, or i64 when too big.
        Literals tied to an outer binding are settled by the outer function."""
        for v in ctx.lits:
            v = prune(v)
            if not isinstance(v, TVar):
                continue
            if v.level >= ctx.level:
                try:
                    self.unifier.unify(v, prim("i64" if v.big else "i32"))
                except TypeFailure:
                    pass
            else:
                outer = ctx.parent if ctx.parent is not None else self.init_ctx
                outer.lits.append(v)

    def check_tail(self, body: list, ctx: FnCtx) -> None:
        """Implicit return (7.2): the tail's value is the function's result."""
        if not body:
            return
        last = body[-1]
        if isinstance(last, ast.ExprStmt):
            last.ref = "tail"
            self.expect(last.expr, ctx.ret, last.expr.ty, "in the returned value")
        elif isinstance(last, ast.If) and last.else_body is not None:
            for _, branch in last.branches:
                self.check_tail(branch, ctx)
            self.check_tail(last.else_body, ctx)
        elif isinstance(last, ast.Match):
            self.check_match_complete(last, True)
            for arm in last.arms:
                self.check_tail(arm.body, ctx)

    def check_extern(self, info: FnInfo) -> None:
        decl = info.decl
        if not (self.syms.is_std and self.syms.name == "__kernel"):
            self.error(decl, "'extern fn' is only allowed in std/__kernel.orus")
        prim_info = self.kernel_prims.get(decl.name)
        if prim_info is None:
            self.error(decl, f"extern fn '{decl.name}' is not a primitive of kernel.idl")
        want = [t for _, t in prim_info[1]]
        got = [p.type.name if isinstance(p.type, ast.TypeName) else "" for p in decl.params]
        ret = decl.ret.name if isinstance(decl.ret, ast.TypeName) else "void"
        if got != want or ret != prim_info[2]:
            self.error(decl, f"extern fn '{decl.name}' does not match kernel.idl")
        decl.ref = prim_info[0]
        self.pop_scope()
        self.func = self.func.parent

    def check_local_fn(self, decl: ast.FnDecl) -> None:
        """A named function inside a block: a local binding, generalized like top-level ones."""
        if decl.name in self.scope.names:
            self.error(decl, f"'{decl.name}' is already defined in this scope")
        outer_scope = self.scope
        binding = self.new_binding(decl.name, "localfn", None, False, decl, decl)
        self.scope.names[decl.name] = binding
        self.func.locals.append(binding)
        decl.ref = binding
        self.level += 1
        try:
            tparams = {}
            for name in decl.type_params:
                v = self.unifier.fresh(self.level)
                v.rigid = name
                tparams[name] = v
            ctx, ftype = self.fn_signature(decl, tparams, None, decl.name)
            binding.ty = ftype
            self.check_fn_body(decl, ctx, ftype)
        finally:
            self.level -= 1
            self.scope = outer_scope
        binding.entity = self.unifier.generalize(binding.ty, self.level)
        binding.body_ctx = decl.ref
        decl.ref = binding

    def check_fn_expr(self, e: ast.FnExpr):
        ctx, ftype = self.fn_signature(e, {}, None, "<anonymous>")
        outer_scope = self.scope.parent
        try:
            self.check_fn_body(e, ctx, ftype)
        finally:
            self.scope = outer_scope
        return ftype

    # ---- statements (6) ----------------------------------------------------------------

    def check_stmts(self, stmts: list) -> None:
        for stmt in stmts:
            ctx = self.func
            mark = len(ctx.lits)
            try:
                self.check_stmt(stmt)
            except Stop:
                pass
            self.settle_from(ctx, mark)

    def settle_from(self, ctx: FnCtx, mark: int) -> None:
        """A literal's context is its statement: what it leaves open becomes i32 (or i64
        when the value needs it), 3.4."""
        for v in ctx.lits[mark:]:
            v = prune(v)
            if isinstance(v, TVar) and v.lit:
                try:
                    self.unifier.unify(v, prim("i64" if v.big else "i32"))
                except TypeFailure:
                    pass
        del ctx.lits[mark:]

    def check_block(self, stmts: list) -> Scope:
        scope = self.push_scope()
        try:
            self.check_stmts(stmts)
        finally:
            self.pop_scope()
        return scope

    def check_stmt(self, s) -> None:
        if isinstance(s, ast.ExprStmt):
            self.stmt_ExprStmt(s)
        elif isinstance(s, ast.VarDecl):
            self.stmt_VarDecl(s)
        elif isinstance(s, ast.Assign):
            self.stmt_Assign(s)
        elif isinstance(s, ast.AugAssign):
            self.stmt_AugAssign(s)
        elif isinstance(s, ast.Print):
            self.stmt_Print(s)
        elif isinstance(s, ast.Return):
            self.stmt_Return(s)
        elif isinstance(s, ast.Break):
            self.stmt_Break(s)
        elif isinstance(s, ast.Continue):
            self.stmt_Continue(s)
        elif isinstance(s, ast.Pass):
            self.stmt_Pass(s)
        elif isinstance(s, ast.If):
            self.stmt_If(s)
        elif isinstance(s, ast.While):
            self.stmt_While(s)
        elif isinstance(s, ast.ForRange):
            self.stmt_ForRange(s)
        elif isinstance(s, ast.ForEach):
            self.stmt_ForEach(s)
        elif isinstance(s, ast.Try):
            self.stmt_Try(s)
        elif isinstance(s, ast.Match):
            self.stmt_Match(s)
        elif isinstance(s, ast.FnDecl):
            self.stmt_FnDecl(s)
        elif isinstance(s, ast.StructDecl):
            self.stmt_StructDecl(s)
        elif isinstance(s, ast.EnumDecl):
            self.stmt_EnumDecl(s)
        elif isinstance(s, ast.ImplDecl):
            self.stmt_ImplDecl(s)
        elif isinstance(s, ast.ConstDecl):
            self.stmt_ConstDecl(s)
        elif isinstance(s, ast.Use):
            self.stmt_Use(s)
        else:
            self.error(s, f"unexpected {type(s).__name__}")

    def stmt_ExprStmt(self, s) -> None:
        self.check_expr(s.expr)

    def stmt_VarDecl(self, s) -> None:
        declared = self.type_of(s.type, {}) if s.type is not None else None
        try:
            ty = self.check_expr(s.value, declared, "in the initializer")
            self.no_void(s.value, ty)
        except Stop:
            ty = declared if declared is not None else self.fresh()
            self.bind_var(s, declared, ty)         # later uses need not fail too
            raise
        self.bind_var(s, declared, ty)

    def bind_var(self, s, declared, ty) -> None:
        if self.at_module_top():
            g = self.syms.globals.get(s.name)
            if g is not None and g.decl is s:
                if g.declared:
                    self.error(s, f"'{s.name}' is already defined")
                self.expect(s, g.binding.ty, declared if declared is not None else ty)
                g.binding.mut = s.mut
                g.declared = True
                s.ref = g.binding
                return
        s.ref = self.declare_local(s, s.name, declared if declared is not None else ty, s.mut)

    def at_module_top(self) -> bool:
        return self.func is self.init_ctx and self.scope is self.module_scope

    def no_void(self, node, ty) -> None:
        if is_prim(ty, ("void",)):
            self.error(node, "cannot use a void value")

    def stmt_Assign(self, s) -> None:
        first = s.targets[0]
        expected = None
        if len(s.targets) == 1 and not (isinstance(first, ast.Name) and first.name == "_"):
            expected = self.target_type(first, False)
        ty = self.check_expr(s.value, expected, "in the assignment")
        self.no_void(s.value, ty)
        refs = []
        for target in s.targets:
            if isinstance(target, ast.Name) and target.name == "_":
                refs.append(("discard", None))
                continue
            refs.append(self.assign_target(s, target, ty))
        s.ref = refs

    def target_type(self, target, declare_ok: bool):
        """The type an assignment target expects, when it already exists; None otherwise."""
        if isinstance(target, ast.Name):
            b = self.lookup(target.name, target)
            if b is None or b.kind not in ("local", "global"):
                return None
            return b.ty
        return None

    def assign_target(self, s, target, ty):
        if isinstance(target, ast.Name):
            if target.name == "_":
                return None
            b = self.lookup(target.name, target)
            if b is None:
                return ("decl", self.declare_by_assign(s, target, ty))
            self.check_assignable(target, b)
            self.expect(target, b.ty, ty, "in the assignment")
            target.ref = b
            return ("set", b)
        if isinstance(target, ast.Index):
            elem = self.element_place(target)
            self.expect(target, elem, ty, "in the element assignment")
            return ("index", None)
        if isinstance(target, ast.Member):
            fty = self.check_expr(target)
            if not isinstance(target.ref, FieldInfo):
                self.error(target, f"cannot assign to '{target.name}': not a struct field")
            self.expect(target, fty, ty, "in the field assignment")
            return ("field", None)
        self.error(target, "cannot assign to this expression")

    def declare_by_assign(self, s, target, ty):
        if self.at_module_top():
            g = self.syms.globals.get(target.name)
            if g is not None and not g.declared:
                g.declared = True
                self.expect(target, g.binding.ty, ty)
                target.ref = g.binding
                return g.binding
        b = self.declare_local(target, target.name, ty, False)
        target.ref = b
        return b

    def check_assignable(self, node, b) -> None:
        if b.kind not in ("local", "global"):
            self.error(node, f"Cannot assign to immutable variable '{node.name}'"
                             f" (it names a {self.kind_word(b)})")
        if not b.mut:
            self.error(node, f"Cannot assign to immutable variable '{node.name}'",
                       f"declare it with 'mut {node.name} = ...' to allow assignment")

    def kind_word(self, b) -> str:
        return {"fn": "function", "localfn": "function", "type": "type", "const": "constant",
                "builtin": "built-in function", "module": "module",
                "intrinsic": "intrinsic"}.get(b.kind, b.kind)

    def element_place(self, target: ast.Index):
        obj = self.check_expr(target.obj)
        idx = self.check_expr(target.index)
        self.require(target.index, idx, "int")
        t = prune(obj)
        if isinstance(t, TCon) and family(t) == "string":
            self.error(target, "strings are immutable: cannot assign to a string index")
        if isinstance(t, TCon) and family(t) not in ("array", "fixed", "bytes"):
            self.error(target, f"cannot index a value of type {type_str(t)}")
        if isinstance(t, TCon) and family(t) == "bytes":
            target.ty = prim("u8")
            return target.ty
        elem = self.fresh()
        if isinstance(t, TCon):
            self.expect(target, t.args[0], elem)
        else:
            self.expect(target, array_of(elem), t)
        target.ty = elem
        return elem

    def stmt_AugAssign(self, s) -> None:
        target = s.target
        if isinstance(target, ast.Name):
            b = self.lookup(target.name, target)
            if b is None:
                self.error(target, f"Undefined variable '{target.name}'")
            self.check_assignable(target, b)
            target.ref = b
            tty = b.ty
            target.ty = tty
        elif isinstance(target, ast.Index):
            tty = self.element_place(target)
        elif isinstance(target, ast.Member):
            tty = self.check_expr(target)
            if not isinstance(target.ref, FieldInfo):
                self.error(target, f"cannot assign to '{target.name}': not a struct field")
        else:
            self.error(target, "cannot assign to this expression")
        vty = self.check_expr(s.value, None)
        self.arith_types(s, s.op, tty, vty)

    def stmt_Print(self, s) -> None:
        for arg in s.args:
            t = self.check_expr(arg)
            self.no_void(arg, t)
        if s.args and isinstance(s.args[0], ast.StrLit) and not s.args[0].paren:
            s.ref = "format"
            self.check_format(s.args[0])

    def check_format(self, lit: ast.StrLit) -> None:
        text = lit.value
        i = 0
        while i < len(text):
            if text[i] == "@" and text[i + 1:i + 2] == "@":
                i += 2
                continue
            if text[i] == "@" and text[i + 1:i + 2] == ".":
                j = i + 2
                while j < len(text) and text[j].isdigit():
                    j += 1
                if j > i + 2 and text[j:j + 1] == "f" and j - (i + 2) > 2:
                    self.error(lit, "format precision too large (at most 2 digits after '@.')")
            i += 1

    def stmt_Return(self, s) -> None:
        ctx = self.func
        if ctx is None or ctx.ret_mode == "init":
            self.error(s, "'return' outside a function")
        if s.value is None:
            if ctx.ret_mode == "declared":
                self.error(s, f"'return' needs a value of type {type_str(ctx.ret)}")
            self.expect(s, ctx.ret, prim("void"), "in the return")
            return
        if ctx.ret_mode == "void":
            self.error(s, "a void function cannot return a value")
        t = self.check_expr(s.value, ctx.ret, "in the returned value")
        self.no_void(s.value, t)

    def stmt_Break(self, s) -> None:
        self.check_jump(s, "break")

    def stmt_Continue(self, s) -> None:
        self.check_jump(s, "continue")

    def check_jump(self, s, word: str) -> None:
        loops = self.func.loops if self.func is not None else []
        if not loops:
            self.error(s, f"'{word}' outside a loop")
        if s.label and s.label not in loops:
            self.error(self.at_name(s), f"'{word} '{s.label}': no enclosing loop has the label '{s.label}'")

    def stmt_Pass(self, s) -> None:
        return

    def check_cond(self, e) -> None:
        t = self.check_expr(e)
        try:
            self.unifier.unify(prim("bool"), t)
        except TypeFailure:
            self.error(e, f"condition must be bool, found {type_str(t)}")

    def stmt_If(self, s) -> None:
        for cond, body in s.branches:
            try:
                self.check_cond(cond)
            except Stop:
                pass
            self.check_block(body)
        if s.else_body is not None:
            self.check_block(s.else_body)

    def in_loop(self, label: str, body: list, setup) -> None:
        self.func.loops.append(label)
        scope = self.push_scope()
        try:
            setup(scope)
            self.check_stmts(body)
        finally:
            self.pop_scope()
            self.func.loops.pop()

    def stmt_While(self, s) -> None:
        self.check_cond(s.cond)
        self.in_loop(s.label, s.body, lambda scope: None)

    def stmt_ForRange(self, s) -> None:
        t = self.fresh()
        for part in (s.start, s.end, s.step):
            if part is not None:
                pt = self.check_expr(part, t, "in the range bounds")
                self.require(part, pt, "int")
        if s.step is not None and isinstance(s.step, ast.IntLit) and s.step.value == 0:
            self.error(s.step, "range step cannot be zero")
        self.require(s, t, "int")
        self.in_loop(s.label, s.body, lambda scope: self.loop_var(s, s.var, t))

    def loop_var(self, s, name: str, t) -> None:
        if name != "_":
            s.ref = self.declare_local(s, name, t, False)
            return
        s.ref = self.new_binding("_", "local", t, False, None, s)
        self.func.locals.append(s.ref)

    def stmt_ForEach(self, s) -> None:
        it = self.check_expr(s.iterable)
        elem = self.fresh()
        self.require(s.iterable, it, "iter", elem)
        s.iterable.ty = it
        self.in_loop(s.label, s.body, lambda scope: self.loop_var(s, s.var, elem))

    def stmt_Try(self, s) -> None:
        self.check_block(s.body)
        scope = self.push_scope()
        try:
            if s.err_name:
                s.ref = self.declare_local(s, s.err_name, TCon("error", "error", []), False)
            self.check_stmts(s.handler)
        finally:
            self.pop_scope()

    def stmt_Match(self, s) -> None:
        subject = self.check_expr(s.subject)
        self.no_void(s.subject, subject)
        self.check_arms(s, subject, False)
        self.check_match_complete(s, False)

    def stmt_FnDecl(self, s) -> None:
        if self.at_module_top():
            return                 # checked when first used, or after the top-level code

        if s.is_extern:
            self.error(s, "'extern fn' is only allowed at the top level of std/__kernel.orus")
        self.check_local_fn(s)

    def stmt_StructDecl(self, s) -> None:
        return

    def stmt_EnumDecl(self, s) -> None:
        return

    def stmt_ImplDecl(self, s) -> None:
        return                     # methods are checked like top-level functions

    def stmt_ConstDecl(self, s) -> None:
        return

    def stmt_Use(self, s) -> None:
        return

    # ---- match (9) ------------------------------------------------------------------------

    def check_arms(self, m, subject, expr_arms: bool, result=None) -> None:
        for arm in m.arms:
            scope = self.push_scope()
            try:
                self.check_pattern(arm.pattern, subject)
                if expr_arms:
                    t = self.check_expr(arm.body, result, "in the match arms")
                    self.no_void(arm.body, t)
                else:
                    self.check_stmts(arm.body)
            except Stop:
                pass
            finally:
                self.pop_scope()

    def check_pattern(self, pat, subject) -> None:
        if isinstance(pat, ast.WildPat):
            return
        if isinstance(pat, ast.LitPat):
            t = self.check_expr(pat.value)
            s = prune(subject)
            if isinstance(s, TCon) and s.kind == "enum":
                self.error(pat, f"a literal pattern cannot match a value of type {type_str(s)}")
            self.expect(pat, subject, t, "in the pattern")
            return
        enum, variant = self.pattern_variant(pat)
        tcon = TCon("enum", enum.qual, [self.fresh() for _ in enum.params])
        self.expect(pat, subject, tcon, "in the pattern")
        pat.ref = variant
        binds = pat.binds if pat.binds is not None else []
        if len(binds) != len(variant.payloads):
            self.error(pat, f"wrong payload arity: {enum.name}.{variant.name} has "
                            f"{len(variant.payloads)} payloads, the pattern binds {len(binds)}")
        mapping = {v.id: a for v, a in zip(enum.params, prune(subject).args)}
        pat_refs = []
        for name, pty in zip(binds, variant.payloads):
            bty = self.unifier.copy(pty, mapping)
            if name == "_":
                pat_refs.append(None)
                continue
            pat_refs.append(self.declare_local(pat, name, bty, False))
        pat.binds_ref = pat_refs

    def pattern_variant(self, pat):
        path = pat.path
        if len(path) == 2:
            enum = self.type_entity(path[0])
        else:
            imp = self.syms.imports.get(path[0])
            enum = None
            if imp is not None and imp.name == "":
                enum = imp.entity.types.get(path[1])
        if not isinstance(enum, EnumInfo):
            self.error(pat, f"Undefined enum '{'.'.join(path[:-1])}'")
        self.prepare_type(enum)
        self.resolve_type_decl(enum)
        variant = enum.variant(path[-1])
        if variant is None:
            self.error(pat, f"Undefined variant '{path[-1]}' of enum '{enum.name}'")
        return enum, variant

    def check_match_complete(self, m, needs_value: bool) -> None:
        """Exhaustiveness and unreachable arms (9.2, 9.3)."""
        seen = []
        wildcard = False
        enum = None
        for arm in m.arms:
            pat = arm.pattern
            if wildcard:
                self.soft_error(pat, "unreachable match arm: it follows a '_' arm")
                continue
            if isinstance(pat, ast.WildPat):
                wildcard = True
                continue
            key = self.pattern_key(pat)
            if key is None:
                continue
            if key in seen:
                self.soft_error(pat, "unreachable match arm: the same pattern is matched above")
                continue
            seen.append(key)
            if isinstance(pat, ast.VariantPat) and isinstance(pat.ref, VariantInfo):
                enum = pat.ref.enum
        if wildcard:
            return
        subject = prune(m.subject.ty) if m.subject.ty is not None else None
        if subject is None or (isinstance(subject, TVar) and not subject.lit):
            return
        if isinstance(subject, TCon) and subject.kind == "enum":
            enum = enum or self.enum_by_qual(subject.name)
        if enum is not None:
            missing = [v.name for v in enum.variants if ("v", v.name) not in seen]
            if missing:
                names = ", ".join(enum.name + "." + n for n in missing)
                self.soft_error(m, f"non-exhaustive match: missing {names}")
        elif needs_value:
            self.soft_error(m, "match expression needs a `_` arm")

    def pattern_key(self, pat):
        if isinstance(pat, ast.VariantPat):
            return ("v", pat.path[-1])
        value = pat.value
        if isinstance(value, ast.Unary):
            return ("i", -value.operand.value)
        if isinstance(value, ast.IntLit):
            return ("i", value.value)
        if isinstance(value, ast.StrLit):
            return ("s", value.value)
        if isinstance(value, ast.BoolLit):
            return ("b", value.value)
        return None

    def enum_by_qual(self, qual: str):
        for syms in self.modules.values():
            for info in syms.types.values():
                if info.qual == qual:
                    return info
        return None

    def struct_by_qual(self, qual: str):
        return self.enum_by_qual(qual)

    # ---- expressions (5) ---------------------------------------------------------------

    def check_expr(self, e, expected=None, what: str = ""):
        """Type an expression, unify it with `expected` when given; records e.ty."""
        t = self.expr_type(e, expected)
        e.ty = t
        if expected is not None:
            self.expect(e, expected, t, what)
        return t

    def expr_type(self, e, expected):
        """Dispatch on the kind of expression."""
        if isinstance(e, ast.IntLit):
            return self.expr_IntLit(e, expected)
        elif isinstance(e, ast.FloatLit):
            return self.expr_FloatLit(e, expected)
        elif isinstance(e, ast.StrLit):
            return self.expr_StrLit(e, expected)
        elif isinstance(e, ast.BoolLit):
            return self.expr_BoolLit(e, expected)
        elif isinstance(e, ast.NullLit):
            return self.expr_NullLit(e, expected)
        elif isinstance(e, ast.Name):
            return self.expr_Name(e, expected)
        elif isinstance(e, ast.Unary):
            return self.expr_Unary(e, expected)
        elif isinstance(e, ast.Binary):
            return self.expr_Binary(e, expected)
        elif isinstance(e, ast.Cond):
            return self.expr_Cond(e, expected)
        elif isinstance(e, ast.Cast):
            return self.expr_Cast(e, expected)
        elif isinstance(e, ast.Call):
            return self.expr_Call(e, expected)
        elif isinstance(e, ast.Index):
            return self.expr_Index(e, expected)
        elif isinstance(e, ast.Slice):
            return self.expr_Slice(e, expected)
        elif isinstance(e, ast.Member):
            return self.expr_Member(e, expected)
        elif isinstance(e, ast.StructLit):
            return self.expr_StructLit(e, expected)
        elif isinstance(e, ast.ArrayLit):
            return self.expr_ArrayLit(e, expected)
        elif isinstance(e, ast.FillLit):
            return self.expr_FillLit(e, expected)
        elif isinstance(e, ast.FnExpr):
            return self.expr_FnExpr(e, expected)
        elif isinstance(e, ast.MatchExpr):
            return self.expr_MatchExpr(e, expected)
        self.error(e, f"unexpected {type(e).__name__}")

    def expr_IntLit(self, e, expected):
        if e.suffix:
            self.int_lits.append(e)
            return prim(SUFFIX_TYPES[e.suffix])
        if e.value > 2 ** 63 - 1 and not (e.negated and e.value == 2 ** 63):
            self.error(e, "integer literal too large; add the u64 suffix")
        self.int_lits.append(e)
        v = self.fresh(True)
        value = -e.value if e.negated else e.value
        v.big = not (-2 ** 31 <= value <= 2 ** 31 - 1)
        return v

    def expr_FloatLit(self, e, expected):
        return prim("f64")

    def expr_StrLit(self, e, expected):
        return prim("string")

    def expr_BoolLit(self, e, expected):
        return prim("bool")

    def expr_NullLit(self, e, expected):
        return prim("RawPtr")

    def expr_Name(self, e, expected):
        if e.name == "_":
            self.error(e, "'_' is not a value")
        b = self.lookup(e.name, e)
        if b is None:
            self.error(e, f"Undefined variable '{e.name}'")
        e.ref = b
        return self.binding_value(e, b)

    def binding_value(self, e, b):
        if b.kind in ("local", "global"):
            return b.ty
        if b.kind == "localfn":
            if isinstance(b.entity, Scheme):
                t, inst = self.unifier.instantiate(b.entity, self.level)
                return t
            return b.ty
        if b.kind == "fn":
            return self.fn_value(e, b.entity)
        if b.kind == "const":
            info = b.entity
            if info.state != "done":
                try:
                    self.check_const(info, [])
                except Stop:
                    pass
            return info.ty if info.ty is not None else self.fresh()
        if b.kind == "type":
            self.error(e, f"'{e.name}' is a type, not a value")
        if b.kind == "module":
            self.error(e, f"'{e.name}' is a module, not a value")
        if b.kind in ("builtin", "intrinsic"):
            self.error(e, f"built-in function '{e.name}' can only be called")
        self.error(e, f"'{e.name}' is not a value")

    def fn_value(self, e, info: FnInfo):
        """The type of a named function at a use: its scheme instantiated (or its
        monomorphic signature while its own body is being checked)."""
        if info.module != self.syms.name:
            t, inst = self.unifier.instantiate(info.scheme, self.level)
            e.inst = inst
            return t
        if info.state == "new":
            self.check_named(info)
        if info.state == "checking":
            self.monomorphic_use(info)
            return info.sig
        t, inst = self.unifier.instantiate(info.scheme, self.level)
        e.inst = inst
        return t

    def expr_Unary(self, e, expected):
        if e.op == "-":
            t = self.check_expr(e.operand, expected if isinstance(e.operand, ast.IntLit) else None)
            if not isinstance(e.operand, ast.IntLit) or e.operand.suffix:
                self.require(e, t, "neg")
            return t
        if e.op == "not":
            t = self.check_expr(e.operand)
            self.expect_bool(e.operand, t, "'not'")
            return prim("bool")
        t = self.check_expr(e.operand, expected if isinstance(e.operand, ast.IntLit) else None)
        self.require(e, t, "int")
        return t

    def expect_bool(self, node, t, what: str) -> None:
        try:
            self.unifier.unify(prim("bool"), t)
        except TypeFailure:
            self.error(node, f"Type mismatch: {what} expected bool, found {type_str(t)}")

    def expr_Binary(self, e, expected):
        op = e.op
        if op in ("and", "or"):
            for side in (e.left, e.right):
                self.expect_bool(side, self.check_expr(side), f"'{op}'")
            return prim("bool")
        if op == "matches":
            if isinstance(e.right, ast.Name) and e.right.name == "_":
                self.error(e.right, "'_' is not allowed in 'matches'")
        hint = expected if op in ("+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>") else None
        lt = self.check_expr(e.left, hint if isinstance(e.left, ast.IntLit) else None)
        rt = self.check_expr(e.right)
        if op == "*":
            rep = self.repetition(e, lt, rt)
            if rep is not None:
                return rep
        return self.arith_types(e, op, lt, rt)

    def repetition(self, e, lt, rt):
        """`a * n` and `n * a` with an array a: a new dynamic array (5.2)."""
        a, b = prune(lt), prune(rt)
        for arr, n, node in ((a, b, e.right), (b, a, e.left)):
            if isinstance(arr, TCon) and arr.kind in ("array", "fixed"):
                self.require(node, n, "int")
                e.ref = "repeat"
                return array_of(arr.args[0])
        return None

    def arith_types(self, e, op: str, lt, rt):
        if op in ("<", "<=", ">", ">=") and isinstance(prune(lt), TCon):
            self.require(e, lt, "order")
        try:
            self.unifier.unify(lt, rt)
        except TypeFailure as failure:
            if failure.message:
                self.error(e, self.mismatch_text(failure.message))
            self.error(e, f"Type mismatch: '{op}' operands have types {type_str(lt)} and "
                          f"{type_str(rt)}")
        if op in ("==", "!=", "matches"):
            self.no_void(e, lt)
            return prim("bool")
        if op in ("<", "<=", ">", ">="):
            self.require(e, lt, "order")
            return prim("bool")
        if op == "+":
            self.require(e, lt, "add")
        elif op in ("-", "*", "/", "%"):
            self.require(e, lt, "arith")
        else:
            self.require(e, lt, "int")
        return lt

    def expr_Cond(self, e, expected):
        self.check_cond(e.cond)
        then = self.check_expr(e.then, expected if isinstance(e.then, ast.IntLit) else None)
        other = self.check_expr(e.other)
        try:
            self.unifier.unify(then, other)
        except TypeFailure:
            self.error(e, f"Type mismatch: the branches have types {type_str(then)} and "
                          f"{type_str(other)}")
        return then

    def expr_Cast(self, e, expected):
        target = e.target
        if target.module or target.name not in CAST_TARGETS:
            shown = (target.module + "." if target.module else "") + target.name
            self.error(target, f"cannot cast to '{shown}': casts target i32, i64, u8, u32, "
                               "u64, usize, f64, bool or string")
        src = self.check_expr(e.expr)
        to = target.name
        s = prune(src)
        if to == "string":
            self.no_void(e.expr, src)
            return prim("string")
        if isinstance(s, TCon):
            fam = family(s)
            if fam == "string":
                self.error(e, f"cannot cast string to {to}; use int() or float()")
            if fam not in NUMERIC + ("bool",):
                self.error(e, f"cannot cast {type_str(s)} to {to}")
        elif not s.lit:
            self.require(e, s, "castnum")
        return prim(to)

    def expr_Index(self, e, expected):
        obj = self.check_expr(e.obj)
        idx = self.check_expr(e.index)
        self.require(e.index, idx, "int")
        elem = self.fresh()
        o = prune(obj)
        if isinstance(o, TCon) and family(o) not in REQUIREMENTS["index"][0]:
            self.error(e, f"cannot index a value of type {type_str(o)}")
        self.require(e, obj, "index", elem)
        return elem

    def expr_Slice(self, e, expected):
        obj = self.check_expr(e.obj)
        for bound in (e.start, e.end):
            if bound is not None:
                self.require(bound, self.check_expr(bound), "int")
        result = self.fresh()
        o = prune(obj)
        if isinstance(o, TCon) and family(o) not in REQUIREMENTS["slice"][0]:
            self.error(e, f"cannot slice a value of type {type_str(o)}")
        self.require(e, obj, "slice", result)
        return result

    def expr_ArrayLit(self, e, expected):
        want = prune(expected) if expected is not None else None
        elem = self.fresh()
        if isinstance(want, TCon) and want.kind in ("array", "fixed"):
            elem = want.args[0]
        for item in e.elems:
            t = self.check_expr(item, elem, "in the array elements")
            self.no_void(item, t)
        if isinstance(want, TCon) and want.kind == "fixed":
            if len(e.elems) != want.size:
                hint = f"write [v; {want.size}] for a filled array" if len(e.elems) == 2 else ""
                self.error(e, f"fixed array expects {want.size} elements, found {len(e.elems)}",
                           hint)
            e.ref = "fixed"
            return TCon("fixed", "fixed", [elem], want.size)
        return array_of(elem)

    def expr_FillLit(self, e, expected):
        want = prune(expected) if expected is not None else None
        elem = self.fresh()
        if isinstance(want, TCon) and want.kind in ("array", "fixed"):
            elem = want.args[0]
        self.check_expr(e.value, elem, "in the fill value")
        self.require(e.count, self.check_expr(e.count), "int")
        if isinstance(want, TCon) and want.kind == "fixed":
            n = self.eval_const(e.count)
            if n != want.size:
                self.error(e.count, f"fixed array expects {want.size} elements: the fill count "
                                    "must be a constant equal to it")
            e.ref = "fixed"
            return TCon("fixed", "fixed", [elem], want.size)
        return array_of(elem)

    def expr_FnExpr(self, e, expected):
        return self.check_fn_expr(e)

    def expr_MatchExpr(self, e, expected):
        subject = self.check_expr(e.subject)
        self.no_void(e.subject, subject)
        result = expected if expected is not None else self.fresh()
        self.check_arms(e, subject, True, result)
        self.check_match_complete(e, True)
        return result

    # ---- members, struct literals, paths (8, 9, 10) ---------------------------------------

    def path_entity(self, e):
        """What a Name or Name.Name path denotes when it is a module, type or enum variant;
        None when it is an ordinary value expression."""
        if isinstance(e, ast.Name):
            b = self.lookup(e.name, e)
            if b is not None and b.kind in ("type", "module"):
                return b.entity
            return None
        if isinstance(e, ast.Member) and isinstance(e.obj, ast.Name):
            b = self.lookup(e.obj.name, e.obj)
            if b is not None and b.kind == "module":
                ent = b.entity.exports.get(e.name)
                if isinstance(ent, (StructInfo, EnumInfo)):
                    return ent
                if e.name in b.entity.types:
                    self.error(e, f"'{e.name}' is not exported by module '{b.entity.name}'")
        return None

    def expr_Member(self, e, expected):
        owner = self.path_entity(e.obj)
        if isinstance(owner, EnumInfo):
            return self.variant_value(e, owner, None)
        if isinstance(owner, StructInfo):
            method = self.find_method(e, owner, e.name)
            e.ref = method
            return self.fn_value(e, method)
        if owner is not None:
            return self.module_member(e, owner)
        obj = self.check_expr(e.obj)
        o = prune(obj)
        if isinstance(o, TCon) and o.kind == "struct":
            info = self.struct_by_qual(o.name)
            self.resolve_type_decl(info)
            for f in info.fields:
                if f.name == e.name:
                    e.ref = f
                    mapping = {v.id: a for v, a in zip(info.params, o.args)}
                    return self.unifier.copy(f.ty, mapping)
            if e.name in info.methods:
                self.error(e, f"method '{e.name}' must be called: write .{e.name}(...); a method "
                              f"is a value only as '{info.name}.{e.name}', whose first parameter "
                              "is the receiver")
            self.error(self.at_name(e), f"Undefined field '{e.name}' of struct '{info.name}'")
        if isinstance(o, TVar):
            self.error(e, f"cannot access '.{e.name}' on a value whose type is not known yet",
                       "add a type annotation")
        self.error(e, f"Undefined field '{e.name}': a value of type {type_str(o)} has no fields")

    def module_member(self, e, syms):
        ent = syms.exports.get(e.name)
        if ent is None:
            if syms.top_level(e.name) is not None or e.name in syms.globals:
                self.error(e, f"'{e.name}' is not exported by module '{syms.name}'")
            self.error(e, f"Undefined name '{e.name}' in module '{syms.name}'")
        e.ref = ent
        if isinstance(ent, FnInfo):
            return self.fn_value(e, ent)
        if isinstance(ent, ConstInfo):
            return ent.ty
        self.error(e, f"'{e.name}' is a type, not a value")

    def variant_value(self, e, enum: EnumInfo, args):
        self.prepare_type(enum)
        self.resolve_type_decl(enum)
        variant = enum.variant(e.name)
        if variant is None:
            if e.name in enum.methods:
                method = enum.methods[e.name]
                e.ref = method
                return self.fn_value(e, method)
            self.error(self.at_name(e), f"Undefined variant '{e.name}' of enum '{enum.name}'")
        e.ref = variant
        inst = [self.fresh() for _ in enum.params]
        mapping = {v.id: a for v, a in zip(enum.params, inst)}
        result = TCon("enum", enum.qual, inst)
        if args is None:
            if variant.payloads:
                self.error(e, f"variant {enum.name}.{variant.name} needs "
                              f"{len(variant.payloads)} payload values")
            return result
        if len(args) != len(variant.payloads):
            self.error(e, f"wrong number of arguments: {enum.name}.{variant.name} takes "
                          f"{len(variant.payloads)} payload values, found {len(args)}")
        for arg, pty in zip(args, variant.payloads):
            t = self.check_expr(arg, self.unifier.copy(pty, mapping), "in the payload")
            self.no_void(arg, t)
        return result

    def find_method(self, node, owner, name: str) -> FnInfo:
        method = owner.methods.get(name)
        if method is None:
            self.error(node, f"Undefined method '{name}' of '{owner.name}'")
        if method.module != self.syms.name and not method.pub:
            self.error(node, f"method '{owner.name}.{name}' is not exported")
        return method

    def expr_StructLit(self, e, expected):
        info = self.path_entity(e.type_expr)
        if not isinstance(info, StructInfo):
            self.error(e, "a struct literal needs a struct type name before '{'")
        self.resolve_type_decl(info)
        inst = [self.fresh() for _ in info.params]
        mapping = {v.id: a for v, a in zip(info.params, inst)}
        given = []
        for fi in e.fields:
            target = None
            for f in info.fields:
                if f.name == fi.name:
                    target = f
            if target is None:
                self.error(fi, f"unknown field '{fi.name}' of struct '{info.name}'")
            if fi.name in given:
                self.error(fi, f"duplicate field '{fi.name}' in struct literal")
            given.append(fi.name)
            fi.ref = target
            t = self.check_expr(fi.value, self.unifier.copy(target.ty, mapping),
                                f"in field '{fi.name}'")
            self.no_void(fi.value, t)
        for f in info.fields:
            if f.name not in given:
                if f.default is None:
                    self.error(e, f"missing field '{f.name}' in struct literal '{info.name}'")
                self.check_default(info, f, mapping)
        e.ref = info
        return TCon("struct", info.qual, inst)

    def check_default(self, info: StructInfo, f: FieldInfo, mapping: dict) -> None:
        """A field default is checked once, in the module that declares the struct."""
        if f.default.ty is not None or info.module != self.syms.name:
            return
        saved = (self.func, self.scope)
        self.func, self.scope = self.init_ctx, self.module_scope
        try:
            mark = len(self.func.lits)
            self.check_expr(f.default, self.unifier.copy(f.ty, mapping),
                            f"in the default of field '{f.name}'")
            self.settle_from(self.func, mark)
        finally:
            self.func, self.scope = saved

    # ---- calls (7.1, 11) -----------------------------------------------------------------

    def expr_Call(self, e, expected):
        callee = e.callee
        if isinstance(callee, ast.Name):
            b = self.lookup(callee.name, callee)
            if b is None:
                self.error(callee, f"Undefined function '{callee.name}'")
            if b.kind == "builtin":
                callee.ref = b
                return self.builtin_call(e, callee.name)
            if b.kind == "intrinsic":
                callee.ref = b
                return self.apply(e, self.intrinsic_type(b.entity), callee.name)
            if b.kind == "type":
                self.error(callee, f"'{callee.name}' is a type: build a value with "
                                   f"{callee.name}{{...}}")
        if isinstance(callee, ast.Member):
            t = self.member_call(e, callee)
            if t is not None:
                return t
        ft = self.check_expr(callee)
        return self.apply(e, ft, self.callee_name(callee))

    def callee_name(self, callee) -> str:
        if isinstance(callee, ast.Name):
            return callee.name
        if isinstance(callee, ast.Member):
            return callee.name
        return "function"

    def apply(self, e, ft, name: str):
        f = prune(ft)
        if isinstance(f, TVar):
            params = [self.fresh() for _ in e.args]
            ret = self.fresh()
            self.expect(e.callee, fn_type(params, ret), f)
            f = prune(ft)
        if not (isinstance(f, TCon) and f.kind == "fn"):
            self.error(e, f"cannot call a value of type {type_str(f)}")
        params = f.args[:-1]
        if len(params) != len(e.args):
            self.error(e, f"wrong number of arguments: '{name}' expects {len(params)}, "
                          f"found {len(e.args)}")
        for arg, pty in zip(e.args, params):
            t = self.check_expr(arg, pty, f"in an argument of '{name}'")
            self.no_void(arg, t)
        return f.args[-1]

    def member_call(self, e, callee):
        """Calls through a path: enum constructors, static and instance methods, module
        functions, string/bytes methods. None when the callee is an ordinary value."""
        owner = self.path_entity(callee.obj)
        if isinstance(owner, EnumInfo):
            if owner.variant(callee.name) is not None or not owner.methods.get(callee.name):
                t = self.variant_value(callee, owner, e.args)
                e.ref = "variant"
                return t
        if isinstance(owner, (StructInfo, EnumInfo)):
            method = self.find_method(callee, owner, callee.name)
            callee.ref = method
            ft = self.fn_value(callee, method)
            callee.ty = ft
            e.ref = "static"
            return self.apply(e, ft, owner.name + "." + callee.name)
        if owner is not None:
            ft = self.module_member(callee, owner)
            callee.ty = ft
            return self.apply(e, ft, callee.name)
        if isinstance(callee.obj, ast.Name) and callee.obj.name == "string" \
                and self.lookup("string", callee.obj) is None:
            return self.string_static(e, callee)
        obj = self.check_expr(callee.obj)
        o = prune(obj)
        if isinstance(o, TCon) and o.kind in ("struct", "enum"):
            info = self.struct_by_qual(o.name)
            if callee.name in info.methods:
                return self.method_call(e, callee, info, obj)
            return None
        if isinstance(o, TCon) and o.kind == "prim" and o.name in ("string", "bytes"):
            return self.builtin_method(e, callee, o.name)
        if isinstance(o, TVar):
            self.error(callee, f"cannot call '.{callee.name}()' on a value whose type is not "
                               "known yet", "add a type annotation")
        return None

    def method_call(self, e, callee, info, obj):
        method = self.find_method(callee, info, callee.name)
        if not method.has_self:
            self.error(callee, f"'{info.name}.{callee.name}' is a static function: call it as "
                               f"{info.name}.{callee.name}(...)")
        callee.ref = method
        ft = prune(self.fn_value(callee, method))
        self.expect(callee.obj, ft.args[0], obj)
        e.ref = "method"
        rest = fn_type(ft.args[1:-1], ft.args[-1])
        callee.ty = ft
        return self.apply(e, rest, info.name + "." + callee.name)

    def builtin_method(self, e, callee, owner: str):
        sigs = {
            ("string", "to_bytes"): ([], prim("bytes")),
            ("string", "byte_at"): ([self.fresh()], prim("u8")),
            ("string", "byte_len"): ([], prim("usize")),
            ("bytes", "to_string"): ([], prim("string")),
        }
        sig = sigs.get((owner, callee.name))
        if sig is None:
            self.error(callee, f"Undefined method '{callee.name}' of {owner}")
        params, ret = sig
        e.ref = "builtin_method"
        callee.ref = owner + "." + callee.name
        t = self.apply(e, fn_type(params, ret), callee.name)
        for arg in e.args:
            self.require(arg, arg.ty, "int")
        return t

    def string_static(self, e, callee):
        if callee.name != "from_utf8":
            self.error(callee, f"Undefined function 'string.{callee.name}'")
        callee.ref = "string.from_utf8"
        e.ref = "builtin_method"
        result = self.type_entity("Result")
        if not isinstance(result, EnumInfo) or len(result.params) != 2:
            self.error(callee, "string.from_utf8 needs the prelude's Result<T, E>")
        ret = TCon("enum", result.qual, [prim("string"), prim("string")])
        return self.apply(e, fn_type([prim("bytes")], ret), "string.from_utf8")

    def intrinsic_type(self, info):
        tvars = {}
        for name in info.type_vars:
            tvars[name] = self.unifier.fresh(self.level + 1)
        params = [self.parse_type_text(t, tvars) for _, t in info.params]
        ret = self.parse_type_text(info.ret, tvars)
        scheme = Scheme(list(tvars.values()), fn_type(params, ret))
        t, inst = self.unifier.instantiate(scheme, self.level)
        return t

    def parse_type_text(self, text: str, tvars: dict):
        text = text.strip()
        if text.startswith("[") and text.endswith("]"):
            return array_of(self.parse_type_text(text[1:-1], tvars))
        if text in tvars:
            return tvars[text]
        if text == "error":
            return TCon("error", "error", [])
        return prim(text)

    def builtin_call(self, e, name: str):
        args = e.args
        arity = {"len": (1, 1), "push": (2, 2), "pop": (1, 1), "sorted": (1, 1),
                 "range": (1, 3), "input": (0, 1), "int": (1, 1), "float": (1, 1),
                 "typeof": (1, 1), "istype": (2, 2), "assert_eq": (3, 3), "timestamp": (0, 0),
                 "hash": (1, 1), "sizeof": (1, 1), "alignof": (1, 1)}[name]
        if not arity[0] <= len(args) <= arity[1]:
            want = str(arity[0]) if arity[0] == arity[1] else f"{arity[0]} to {arity[1]}"
            self.error(e, f"wrong number of arguments: {name}() takes {want}, found {len(args)}")
        e.ref = "builtin"
        return self.builtin_type(e, name, args)

    def builtin_type(self, e, name: str, args: list):
        """Dispatch on the name of a built-in function (language.md 11)."""
        if name == "len":
            return self.builtin_len(e, args)
        elif name == "push":
            return self.builtin_push(e, args)
        elif name == "pop":
            return self.builtin_pop(e, args)
        elif name == "sorted":
            return self.builtin_sorted(e, args)
        elif name == "range":
            return self.builtin_range(e, args)
        elif name == "input":
            return self.builtin_input(e, args)
        elif name == "int":
            return self.builtin_int(e, args)
        elif name == "float":
            return self.builtin_float(e, args)
        elif name == "typeof":
            return self.builtin_typeof(e, args)
        elif name == "istype":
            return self.builtin_istype(e, args)
        elif name == "assert_eq":
            return self.builtin_assert_eq(e, args)
        elif name == "timestamp":
            return self.builtin_timestamp(e, args)
        elif name == "hash":
            return self.builtin_hash(e, args)
        return self.size_query(e, name)

    def arg_types(self, args: list) -> list:
        out = []
        for a in args:
            t = self.check_expr(a)
            self.no_void(a, t)
            out.append(t)
        return out

    def builtin_len(self, e, args):
        t = self.arg_types(args)[0]
        self.require(args[0], t, "len")
        return prim("i32")

    def builtin_push(self, e, args):
        a = self.check_expr(args[0])
        self.not_fixed(args[0], a, "push")
        elem = self.fresh()
        self.expect(args[0], array_of(elem), a, "in push()")
        v = self.check_expr(args[1], elem, "in push()")
        self.no_void(args[1], v)
        return a

    def not_fixed(self, node, t, name: str) -> None:
        p = prune(t)
        if isinstance(p, TCon) and p.kind == "fixed":
            self.error(node, f"{name}() cannot change the length of a fixed array")

    def builtin_pop(self, e, args):
        a = self.check_expr(args[0])
        self.not_fixed(args[0], a, "pop")
        elem = self.fresh()
        self.expect(args[0], array_of(elem), a, "in pop()")
        return elem

    def builtin_sorted(self, e, args):
        a = self.arg_types(args)[0]
        result = self.fresh()
        self.require(args[0], a, "sorted", result)
        return result

    def builtin_range(self, e, args):
        t = self.fresh()
        for a in args:
            at = self.check_expr(a, t, "in range() arguments")
            self.require(a, at, "int")
        return TCon("range", "range", [t])

    def builtin_input(self, e, args):
        for a in args:
            self.check_expr(a, prim("string"), "in input()")
        return prim("string")

    def builtin_int(self, e, args):
        self.number_or_string(args[0], "int")
        return prim("i32")

    def builtin_float(self, e, args):
        self.number_or_string(args[0], "float")
        return prim("f64")

    def number_or_string(self, arg, name: str) -> None:
        t = self.check_expr(arg)
        try:
            self.unifier.require(t, Req("numstr", None, arg))
        except TypeFailure:
            self.error(arg, f"{name}() argument must be a string or number, found {type_str(t)}")

    def builtin_typeof(self, e, args):
        self.arg_types(args)
        return prim("string")

    def builtin_istype(self, e, args):
        self.arg_types(args[:1])
        self.check_expr(args[1], prim("string"), "in istype()")
        return prim("bool")

    def builtin_assert_eq(self, e, args):
        self.check_expr(args[0], prim("string"), "in the assert_eq() label")
        a = self.check_expr(args[1])
        self.no_void(args[1], a)
        self.check_expr(args[2], a, "in assert_eq()")
        return prim("bool")

    def builtin_timestamp(self, e, args):
        return prim("f64")

    def builtin_hash(self, e, args):
        self.arg_types(args)
        return prim("u64")

    def size_query(self, e, name: str):
        arg = e.args[0]
        if not isinstance(arg, ast.Name) or arg.name not in SIZES:
            self.error(arg, f"{name}() takes a primitive type name")
        e.inst = SIZES[arg.name]
        return prim("usize")

    # ---- the module as a whole ---------------------------------------------------------

    def check_literal_fits(self) -> None:
        """Every integer literal's value must fit its final type (3.4)."""
        for e in self.int_lits:
            t = prune(e.ty)
            if not isinstance(t, TCon) or t.name not in LIMITS:
                continue
            value = -e.value if e.negated else e.value
            low, high = LIMITS[t.name]
            if not low <= value <= high:
                self.soft_error(e, f"integer literal {value} does not fit {t.name}")

    def check_field_defaults(self) -> None:
        for info in self.syms.types.values():
            if not isinstance(info, StructInfo):
                continue
            for f in info.fields:
                if f.default is not None:
                    try:
                        self.check_default(info, f, {})
                    except Stop:
                        pass

    def run(self, tree: ast.Module) -> None:
        self.init_ctx = FnCtx(None, "<init>", prim("void"), "init", 1)
        self.func = self.init_ctx
        self.module_scope = Scope(None, self.init_ctx)
        self.scope = self.module_scope
        steps = (self.declare_types, self.declare_impls, self.check_globals_declared,
                 self.check_consts, self.check_field_defaults)
        for step in steps:
            try:
                step()
            except Stop:
                pass
        self.check_stmts(tree.body)
        for info in list(self.syms.fns.values()):
            self.check_named(info)
        for info in list(self.syms.types.values()):
            for method in list(info.methods.values()):
                self.check_named(method)
        self.settle_literals(self.init_ctx)
        self.check_literal_fits()
        tree.ref = self.init_ctx


def kernel_prims_from_idl(text: str) -> dict:
    """name -> (ABI id, [(param, type)], return type) from kernel.idl `prim` lines."""
    out = {}
    for raw in text.split("\n"):
        line = raw.split("#", 1)[0].strip()
        if not line.startswith("prim "):
            continue
        head, _, ret = line[5:].partition("->")
        ident, _, rest = head.strip().partition(" ")
        name, _, params = rest.partition("(")
        plist = []
        for part in params.rstrip().rstrip(")").split(","):
            if part.strip():
                pname, _, ptype = part.partition(":")
                plist.append((pname.strip(), ptype.strip()))
        out[name.strip()] = (int(ident), plist, ret.strip() or "void")
    return out
