"""Code generator: checked modules to .orbc images through stage0/bytecode.py.

Registers follow a stack discipline: locals take the next free register when declared and
keep it until their block ends; temporaries live above them for one statement. Static types
(types.py) pick the typed instructions. A generic function is compiled once when its type
parameters are only moved, compared, hashed or printed; a function whose parameters carry
requirements (3.4) is compiled once per distinct instantiation in its module.
"""
from dataclasses import dataclass, field

from stage0 import ast
from stage0.bytecode import ModuleBuilder
from stage0.opcodes import TAG_OF_TYPE
from stage0.resolve import ConstInfo, EnumInfo, FieldInfo, FnInfo, StructInfo, VariantInfo
from stage0.types import FnCtx, TCon, TVar, prune, type_str

INT_TYPES = ("i32", "i64", "u8", "u32", "u64", "usize")
UNSIGNED = ("u8", "u32", "u64", "usize")
PRELUDE = "prelude"


class CodegenError(Exception):
    """A construct the code generator cannot compile (reported as a compile error)."""

    def __init__(self, node, message: str, hint: str = ""):
        super().__init__(message)
        self.node = node
        self.message = message
        self.hint = hint
        self.path = None               # source file of the node, when known


def unfixed_generic(node, info) -> CodegenError:
    """A function whose parameter types come from its uses (3.4) gets one body per type, so
    taking it as a value needs those types fixed by the context."""
    name = info.display
    return CodegenError(node, f"the parameter types of '{name}' are not fixed here",
                        f"call it, or give the value a function type: "
                        f"`f: fn(i64) -> i64 = {name}`")


def concrete(t, subst: dict):
    """A type with bound variables followed and quantified ones replaced per `subst`."""
    t = prune(t)
    if isinstance(t, TVar):
        if t.id in subst:
            return concrete(subst[t.id], {})
        return t
    if not t.args:
        return t
    return TCon(t.kind, t.name, [concrete(a, subst) for a in t.args], t.size)


def kind_of(t) -> str:
    """The representation class of a type: a primitive name, array, struct, ... or any."""
    if isinstance(t, TVar):
        return "any"
    if t.kind == "prim":
        return t.name
    return t.kind


@dataclass
class Loop:
    label: str
    breaks: object                     # Label
    continues: object                  # Label
    try_depth: int
    base: int                          # first register of the body scope (for CLOSE)


@dataclass
class FnState:
    """One function being compiled."""
    fb: object                         # FunctionBuilder
    parent: object                     # enclosing FnState, for upvalues
    ctx: object                        # the checker's FnCtx
    subst: dict
    regs: dict = field(default_factory=dict)       # binding id -> register
    upvals: dict = field(default_factory=dict)     # binding id -> upvalue index
    top: int = 0
    loops: list = field(default_factory=list)
    try_depth: int = 0
    captured_live: list = field(default_factory=list)   # registers of live captured locals
    ret_mode: str = "void"
    local_top: int = 0                 # registers below hold live locals
    info: object = None                # the named function being compiled, if any
    home: str = ""                     # module whose source this is ("" = the image's own)


# Prelude functions the generated code calls (the contract at the top of std/prelude.orus):
# the builtins that are prelude functions, by their exact names, and the rendering helpers.
PRELUDE_CALLS = ("push", "pop", "sorted", "input", "int", "float", "typeof", "istype",
                 "assert_eq", "timestamp", "fmt_display", "fmt_spec", "print_line", "flush_all",
                 "string_from_utf8")


def fn_key(info: FnInfo, spec: str) -> str:
    return f"{info.module}.{info.display}@{info.decl.line}:{info.decl.col}/{spec}"


def needs_spec(info: FnInfo) -> bool:
    """A function whose type parameters carry requirements gets one body per instantiation."""
    if info.scheme is None:
        return False
    for v in info.scheme.vars:
        if v.reqs:
            return True
    return False


@dataclass
class ModuleGen:
    module: object                     # compiler.CheckedModule
    mb: object = None
    fbs: dict = field(default_factory=dict)        # fn_key -> FunctionBuilder
    pending: list = field(default_factory=list)    # (info, fb, subst) bodies to compile
    global_index: dict = field(default_factory=dict)   # GlobalInfo/ConstInfo name -> index
    state: object = None
    init_state: object = None
    main: bool = False
    paths: dict = field(default_factory=dict)      # module name -> source path

    @property
    def syms(self):
        return self.module.symbols

    @property
    def checker(self):
        return self.module.checker

    # ---- driver ----------------------------------------------------------------------

    def generate(self) -> bytes:
        try:
            return self.generate_image()
        except CodegenError as err:
            if err.path is None and self.state is not None:
                err.path = self.paths.get(self.home(), self.module.source.path)
            raise

    def generate_image(self) -> bytes:
        src = self.module.source
        self.mb = ModuleBuilder(self.syms.name, source=self.recorded_path())
        init = self.mb.function("<init>", 0)
        self.declare_globals()
        self.declare_functions()
        self.export()
        self.compile_init(init, src.tree)
        while self.pending:
            info, fb, subst = self.pending.pop(0)
            self.compile_named(info, fb, subst)
        self.mb.set_init(init)
        return self.mb.to_bytes()

    def recorded_path(self) -> str:
        """The source path written into the image: independent of the working directory and
        of where the checkout lives, so the bytes are the same everywhere (issue 5)."""
        src = self.module.source
        if src.is_std:
            return "std/" + self.syms.name.replace(".", "/") + ".orus"
        if self.main:
            return src.path.replace("\\", "/").split("/")[-1]
        return self.syms.name.replace(".", "/") + ".orus"

    def declare_globals(self) -> None:
        for info in self.const_order():
            self.global_index[info.name] = self.mb.global_var(info.name)
        for name in self.syms.globals:
            self.global_index[name] = self.mb.global_var(name)

    def const_order(self) -> list:
        """Constants in dependency order, then declaration order (4.4)."""
        out = []
        for info in self.syms.consts.values():
            self.visit_const(info, out)
        return out

    def visit_const(self, info: ConstInfo, out: list) -> None:
        if info in out:
            return
        for dep in info.deps:
            if dep.module == info.module:
                self.visit_const(dep, out)
        out.append(info)

    def all_functions(self) -> list:
        out = []
        for info in self.syms.fns.values():
            out.append(info)
        for tinfo in self.syms.types.values():
            for m in tinfo.methods.values():
                out.append(m)
        return out

    def declare_functions(self) -> None:
        for info in self.all_functions():
            if info.decl.is_extern or needs_spec(info):
                continue
            fb = self.mb.function(info.display, len(info.decl.params))
            self.fbs[fn_key(info, "")] = fb
            self.pending.append((info, fb, {}))

    def export(self) -> None:
        """Public names; every name when importing modules compile this module's code into
        their own images (bodies of requirement-generic functions, field defaults), since that
        code may reach the module's private functions, constants and globals."""
        shared = shares_code(self.syms)
        for info in self.syms.consts.values():
            if info.pub or shared:
                self.mb.export_global(info.name, self.global_index[info.name])
        if shared:
            for name, g in self.syms.globals.items():
                self.mb.export_global(name, self.global_index[name])
                if g.mut:
                    self.export_setter(name)
        for info in self.all_functions():
            if not (info.pub or shared) or info.decl.is_extern or needs_spec(info):
                continue
            self.mb.export_function(info.display, self.fbs[fn_key(info, "")])

    def export_setter(self, name: str) -> None:
        """`name=`: a one-argument function storing into global `name`, for code of this
        module compiled into an importer's image (the VM has no instruction to assign an
        imported global)."""
        fb = self.mb.function(name + "=", 1)
        fb.line(self.syms.globals[name].decl.line)
        fb.emit("SETGLOBAL", 0, self.global_index[name])
        fb.emit("RETURN0")
        self.mb.export_function(name + "=", fb)

    def home(self) -> str:
        """The module whose source is being compiled: another one inside a specialized body
        of an imported function or an imported field default."""
        return self.state.home or self.syms.name

    def fn_builder(self, info: FnInfo, inst, node):
        """The FunctionBuilder of a function compiled into this image, specialized when it
        must be (imported requirement-generic functions get their bodies here too)."""
        if not needs_spec(info):
            return self.fbs[fn_key(info, "")]
        subst = dict(self.state.subst)
        if inst is None:
            # a recursive use inside its own body: the instance being compiled
            st = self.state
            while st is not None:
                if st.info is info:
                    return st.fb
                st = st.parent
            # a use inside a mutually recursive function, checked before this one was
            # generalized: its variables are fixed by the current instance's substitution
            inst = list(info.scheme.vars)
            if any(isinstance(concrete(t, subst), TVar) for t in inst):
                raise CodegenError(node, f"cannot specialize '{info.display}' here")
        names = []
        for v, t in zip(info.scheme.vars, inst):
            ct = concrete(t, self.state.subst)
            if v.reqs and isinstance(ct, TVar):
                raise unfixed_generic(node, info)
            subst[v.id] = ct
            names.append(type_str(ct))
        key = fn_key(info, ",".join(names))
        if key not in self.fbs:
            fb = self.mb.function(info.display, len(info.decl.params))
            self.fbs[key] = fb
            self.pending.append((info, fb, subst))
        return self.fbs[key]

    # ---- functions -----------------------------------------------------------------------

    def compile_init(self, fb, tree) -> None:
        ctx = tree.ref
        self.state = FnState(fb, None, ctx, {})
        self.state.ret_mode = "init"
        self.init_state = self.state
        for info in self.const_order():
            fb.line(info.decl.line)
            r = self.alloc()
            self.expr_to(info.decl.value, r)
            fb.emit("DEFGLOBAL", r, self.global_index[info.name])
            self.free_to(0)
        self.block(tree.body, scoped=False)
        if self.main and not self.module.source.is_std and self.checker.prelude is not None:
            self.call_prelude("flush_all", [], self.alloc(), tree)
        fb.emit("RETURN0")

    def compile_named(self, info: FnInfo, fb, subst: dict) -> None:
        decl = info.decl
        ctx = decl.ref
        saved = self.state
        self.state = FnState(fb, None, ctx, subst)
        self.state.info = info
        if info.module != self.syms.name:
            self.state.home = info.module
        self.function_body(decl, ctx)
        self.state = saved

    def function_body(self, decl, ctx) -> None:
        """Parameters are R[0..arity-1]; then the body; then the fall-off instruction."""
        st = self.state
        st.ret_mode = ctx.ret_mode if isinstance(ctx, FnCtx) else "void"
        for p in decl.params:
            b = p.ref
            st.regs[b.id] = self.alloc()
            if b.captured:
                st.captured_live.append(st.regs[b.id])
        st.fb.line(decl.line)
        self.block(decl.body, scoped=False)
        ret = concrete(ctx.ret, st.subst)
        if kind_of(ret) == "void" or (isinstance(ret, TVar) and st.ret_mode != "declared"):
            st.fb.emit("RETURN0")
        else:
            st.fb.emit("NORET")

    def closure(self, decl, dst: int, name: str, ctx=None) -> None:
        """A function expression or nested function: compile its body now, then CLOSURE."""
        parent = self.state
        ctx = ctx if ctx is not None else decl.ref
        fb = self.mb.function(name, len(decl.params))
        self.state = FnState(fb, parent, ctx, parent.subst)
        self.state.home = parent.home
        self.function_body(decl, ctx)
        self.state = parent
        parent.fb.emit("CLOSURE", dst, fb.index)

    # ---- registers -------------------------------------------------------------------------

    def alloc(self) -> int:
        r = self.state.top
        self.state.top += 1
        self.state.fb.reserve(self.state.top)
        if self.state.top > 250:
            raise CodegenError(None, "function needs more than 250 registers")
        return r

    def reserve_above(self, base: int, n: int) -> None:
        """Registers base+1..base+n as operands: temporaries of the value just computed into
        base are dead by now, so they may be reused."""
        while self.state.top <= base + n:
            self.alloc()

    def free_to(self, top: int) -> None:
        self.state.top = top

    def ty(self, node):
        return concrete(node.ty, self.state.subst)

    def kind(self, node) -> str:
        return kind_of(self.ty(node))

    def declare(self, b) -> int:
        """A register for a new local binding, live to the end of its block."""
        r = self.alloc()
        self.bind_register(b, r)
        return r

    def bind_register(self, b, r: int) -> None:
        """Binding b lives in register r (allocated already) until its block ends."""
        self.state.regs[b.id] = r
        self.state.local_top = self.state.top
        if b.captured:
            self.state.captured_live.append(r)

    # ---- statements (6) -----------------------------------------------------------------------

    def block(self, stmts: list, scoped: bool = True, close: bool = True) -> bool:
        """Compile a block; returns whether it declared a captured local."""
        st = self.state
        base, saved_local, ncap = st.top, st.local_top, len(st.captured_live)
        st.local_top = st.top
        for stmt in stmts:
            self.stmt(stmt)
        captured = len(st.captured_live) > ncap
        if scoped:
            if captured and close:
                st.fb.emit("CLOSE", base)
            del st.captured_live[ncap:]
            st.top, st.local_top = base, saved_local
        return captured

    def stmt(self, s) -> None:
        self.state.fb.line(s.line)
        self.stmt_code(s)
        self.state.top = self.state.local_top

    def stmt_code(self, s) -> None:
        """Dispatch on the kind of statement; declarations emit nothing here."""
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

    def stmt_ExprStmt(self, s) -> None:
        if s.ref == "tail":
            self.return_value(s.expr)
            return
        r = self.alloc()
        self.expr_to(s.expr, r)

    def stmt_VarDecl(self, s) -> None:
        b = s.ref
        if b.kind == "global":
            r = self.alloc()
            self.expr_to(s.value, r)
            self.state.fb.emit("DEFGLOBAL", r, self.global_index[b.name])
            return
        if isinstance(s.value, ast.FnExpr):
            r = self.declare(b)
            self.closure(s.value, r, "")
            return
        r = self.alloc()
        self.expr_to(s.value, r)
        self.bind_register(b, r)

    def stmt_Assign(self, s) -> None:
        refs = s.ref
        if len(refs) == 1 and refs[0][0] == "decl" and refs[0][1].kind == "local":
            b = refs[0][1]
            if isinstance(s.value, ast.FnExpr):
                self.closure(s.value, self.declare(b), "")
                return
            r = self.alloc()
            self.expr_to(s.value, r)
            self.bind_register(b, r)
            return
        if len(refs) == 1 and refs[0][0] == "set" and refs[0][1].id in self.state.regs:
            self.expr_to(s.value, self.state.regs[refs[0][1].id])
            return
        value = self.expr(s.value)
        for target, (how, b) in zip(s.targets, refs):
            self.assign_to(target, how, b, value)

    def assign_to(self, target, how: str, b, value: int) -> None:
        fb = self.state.fb
        if how == "discard":
            return
        if how == "decl":
            if b.kind == "global":
                fb.emit("DEFGLOBAL", value, self.global_index[b.name])
                return
            r = self.declare(b)
            fb.emit("MOVE", r, value)
            return
        if how == "set":
            self.store_binding(b, value)
            return
        obj = self.expr(target.obj)
        if how == "index":
            idx = self.expr(target.index)
            fb.emit("SETINDEX", obj, idx, value)
            return
        fb.emit("SETFIELD", obj, target.ref.index, value)

    def store_binding(self, b, value: int) -> None:
        st = self.state
        if b.kind == "global" and self.home() != self.syms.name:
            setter = self.mb.import_name(self.home(), b.name + "=")
            mark = st.top
            base = self.alloc()
            st.fb.emit("GETIMPORT", base, setter)
            self.alloc()
            st.fb.emit("MOVE", base + 1, value)
            st.fb.emit("CALL", base, 1)
            self.free_to(mark)
            return
        if b.kind == "global":
            st.fb.emit("SETGLOBAL", value, self.global_index[b.name])
        elif b.id in st.regs:
            if st.regs[b.id] != value:
                st.fb.emit("MOVE", st.regs[b.id], value)
        else:
            st.fb.emit("SETUPVAL", value, self.upvalue(st, b))

    def stmt_AugAssign(self, s) -> None:
        target = s.target
        fb = self.state.fb
        kind = kind_of(self.ty(target)) if target.ty is not None else self.kind(s.value)
        if isinstance(target, ast.Name):
            b = target.ref
            cur = self.load(b)
            dst = self.state.regs[b.id] if b.id in self.state.regs else self.alloc()
            self.update(s, kind, dst, cur)
            self.store_binding(b, dst)
            return
        obj = self.expr(target.obj)
        if isinstance(target, ast.Index):
            idx = self.expr(target.index)
            cur = self.alloc()
            self.index_read(self.kind(target.obj), cur, obj, idx)
            self.update(s, kind, cur, cur)
            fb.emit("SETINDEX", obj, idx, cur)
            return
        cur = self.alloc()
        fb.emit("GETFIELD", cur, obj, target.ref.index)
        self.update(s, kind, cur, cur)
        fb.emit("SETFIELD", obj, target.ref.index, cur)

    def update(self, s, kind: str, dst: int, cur: int) -> None:
        """dst = cur op value of an augmented assignment; `n += 1` takes the immediate
        forms as `n = n + 1` does."""
        if self.arith_constant(s.op, kind, dst, cur, s.value):
            return
        rhs = self.expr(s.value)
        self.arith(s.op, kind, dst, cur, rhs, s)

    def stmt_Print(self, s) -> None:
        frame = self.alloc()                   # the line is built in print_line's argument slot
        line = self.alloc()
        if s.ref == "format":
            self.format_line(s.args, line)
        else:
            self.plain_line(s.args, line)
        self.call_prelude("print_line", [line], frame, s, frame)

    def stmt_Return(self, s) -> None:
        if s.value is None:
            self.state.fb.emit("RETURN0")
            return
        self.return_value(s.value)

    def return_value(self, e) -> None:
        st = self.state
        if st.try_depth == 0 and not st.captured_live and isinstance(e, ast.Call) \
                and self.tail_call(e):
            return
        r = self.expr(e)
        st.fb.emit("RETURN", r)

    def stmt_Break(self, s) -> None:
        loop = self.find_loop(s.label)
        self.leave_loop(loop)
        self.state.fb.jump(loop.breaks)

    def stmt_Continue(self, s) -> None:
        loop = self.find_loop(s.label)
        self.leave_loop(loop)
        self.state.fb.jump(loop.continues)

    def find_loop(self, label: str):
        for loop in reversed(self.state.loops):
            if label == "" or loop.label == label:
                return loop
        raise CodegenError(None, "loop not found")

    def leave_loop(self, loop) -> None:
        st = self.state
        for _ in range(st.try_depth - loop.try_depth):
            st.fb.emit("ENDTRY")
        for r in st.captured_live:
            if r >= loop.base:
                st.fb.emit("CLOSE", loop.base)
                break

    def stmt_Pass(self, s) -> None:
        return

    def stmt_If(self, s) -> None:
        fb = self.state.fb
        end = fb.label()
        for i, (cond, body) in enumerate(s.branches):
            nxt = fb.label()
            fb.line(cond.line)
            self.cond_jump(cond, False, nxt)
            self.state.top = self.state.local_top
            self.block(body)
            last = i == len(s.branches) - 1 and s.else_body is None
            if not last:
                fb.jump(end)
            fb.mark(nxt)
        if s.else_body is not None:
            self.block(s.else_body)
        fb.mark(end)

    def loop_body(self, s, body: list, cont, brk, var=None) -> None:
        """The body of a loop; each iteration's bindings (the loop variable included) are
        fresh, so captured ones are closed at the end of every iteration (4.2, 7.4)."""
        st = self.state
        close_from = st.top
        var_captured = var is not None and s.ref is not None and s.ref.captured
        if var_captured:
            close_from = var
        loop = Loop(s.label, brk, cont, st.try_depth, close_from)
        st.loops.append(loop)
        captured = self.block(body, close=False)
        st.loops.pop()
        st.fb.mark(cont)
        if captured or var_captured:
            st.fb.emit("CLOSE", close_from)

    def stmt_While(self, s) -> None:
        """The test follows the body and jumps back to it, so an iteration costs one branch
        instead of a test at the top and a jump back to it; one jump enters at the test."""
        fb = self.state.fb
        body, test, brk, cont = fb.label(), fb.label(), fb.label(), fb.label()
        if not (isinstance(s.cond, ast.BoolLit) and s.cond.value):
            fb.jump(test)                      # `while true` needs no test to enter
        fb.mark(body)
        self.loop_body(s, s.body, cont, brk)
        fb.mark(test)
        fb.line(s.line)                        # an error in the test reports the while line
        self.state.top = self.state.local_top
        self.cond_jump(s.cond, True, body)
        fb.mark(brk)

    def stmt_ForRange(self, s) -> None:
        st = self.state
        fb = st.fb
        kind = kind_of(concrete(s.ref.ty, st.subst))
        base = self.alloc()
        for _ in range(3):
            self.alloc()
        self.expr_to(s.start, base)
        self.expr_to(s.end, base + 1)
        if s.step is not None:
            self.expr_to(s.step, base + 2)
        else:
            self.load_int(1, kind, base + 2)
        self.bind_register(s.ref, base + 3)
        brk, cont, body = fb.label(), fb.label(), fb.label()
        prep = "FORPREP_U" if kind in UNSIGNED else "FORPREP_I"
        fb.emit(prep, base, 1 if s.inclusive else 0, target=brk)
        fb.mark(body)
        self.loop_body(s, s.body, cont, brk, base + 3)
        fb.emit("FORLOOP", base, target=body)
        fb.mark(brk)

    def stmt_ForEach(self, s) -> None:
        kind = self.kind(s.iterable)
        if kind == "range":
            self.for_range_value(s)
        else:
            self.for_array(s)

    def for_range_value(self, s) -> None:
        st = self.state
        fb = st.fb
        it = self.alloc()
        self.expr_to(s.iterable, it)
        var = self.declare(s.ref)
        top, brk, cont = fb.label(), fb.label(), fb.label()
        fb.mark(top)
        fb.emit("RANGENEXT", var, it, target=brk)
        self.loop_body(s, s.body, cont, brk, var)
        fb.jump(top)
        fb.mark(brk)

    def for_array(self, s) -> None:
        """Length read once; each step re-checks the current length (6.4)."""
        st = self.state
        fb = st.fb
        arr = self.alloc()
        self.expr_to(s.iterable, arr)
        n, i, cur = self.alloc(), self.alloc(), self.alloc()
        fb.emit("LEN", n, arr)
        fb.emit("LOADI", i, 0)
        var = self.declare(s.ref)
        top, brk, cont = fb.label(), fb.label(), fb.label()
        fb.mark(top)
        fb.emit("JLE_I", n, i, 1, target=brk)
        fb.emit("LEN", cur, arr)
        fb.emit("JLE_I", cur, i, 1, target=brk)
        fb.emit("GETINDEX", var, arr, i)
        self.loop_body(s, s.body, cont, brk, var)
        fb.emit("ADDI_I32", i, i, 1)
        fb.jump(top)
        fb.mark(brk)

    def stmt_Try(self, s) -> None:
        st = self.state
        fb = st.fb
        err = self.alloc()
        st.local_top = st.top
        handler, end = fb.label(), fb.label()
        fb.emit("TRY", err, target=handler)
        st.try_depth += 1
        self.block(s.body)
        st.try_depth -= 1
        fb.emit("ENDTRY")
        fb.jump(end)
        fb.mark(handler)
        if s.err_name:
            st.regs[s.ref.id] = err
            if s.ref.captured:
                st.captured_live.append(err)
        self.block(s.handler)
        fb.mark(end)

    def stmt_Match(self, s) -> None:
        subject = self.expr(s.subject)
        tail = False
        exhaustive = self.exhaustive(s)
        self.match_arms(s, subject, None, exhaustive, tail)

    def stmt_FnDecl(self, s) -> None:
        b = s.ref
        if isinstance(b, FnCtx) or b is None or s.is_extern:
            return                         # top-level functions are compiled on their own
        r = self.declare(b)
        self.closure(s, r, s.name, b.body_ctx)

    # ---- names ------------------------------------------------------------------------------

    def upvalue(self, st: FnState, b) -> int:
        """The upvalue index through which function `st` reaches binding `b` (7.4)."""
        if b.id in st.upvals:
            return st.upvals[b.id]
        parent = st.parent
        if parent is None:
            raise CodegenError(b.node, f"'{b.name}' is not reachable from this function")
        if b.id in parent.regs:
            idx = st.fb.upvalue(True, parent.regs[b.id])
        else:
            idx = st.fb.upvalue(False, self.upvalue(parent, b))
        st.upvals[b.id] = idx
        return idx

    def load(self, b, dst: int = -1) -> int:
        """A register holding binding b's value (its own register when it has one)."""
        st = self.state
        if b.kind in ("local", "localfn") and b.id in st.regs:
            if dst < 0 or dst == st.regs[b.id]:
                return st.regs[b.id]
            st.fb.emit("MOVE", dst, st.regs[b.id])
            return dst
        if dst < 0:
            dst = self.alloc()
        if b.kind in ("local", "localfn"):
            st.fb.emit("GETUPVAL", dst, self.upvalue(st, b))
        elif b.kind == "global" and self.home() != self.syms.name:
            st.fb.emit("GETIMPORT", dst, self.mb.import_name(self.home(), b.name))
        elif b.kind == "global":
            st.fb.emit("GETGLOBAL", dst, self.global_index[b.name])
        elif b.kind == "const":
            self.load_const(b.entity, dst)
        elif b.kind == "fn":
            self.load_fn(b.entity, dst, None, b.node)
        else:
            raise CodegenError(b.node, f"'{b.name}' is not a value")
        return dst

    def load_const(self, info: ConstInfo, dst: int) -> None:
        if info.module == self.syms.name:
            self.state.fb.emit("GETGLOBAL", dst, self.global_index[info.name])
        else:
            self.state.fb.emit("GETIMPORT", dst, self.mb.import_name(info.module, info.name))

    def load_fn(self, info: FnInfo, dst: int, inst, node) -> None:
        if info.module != self.syms.name and not needs_spec(info):
            self.state.fb.emit("GETIMPORT", dst, self.mb.import_name(info.module, info.display))
            return
        if info.decl.is_extern:
            raise CodegenError(node, "an extern fn can only be called")
        fb = self.fn_builder(info, inst, node)
        self.state.fb.emit("FNREF", dst, fb.index)

    # ---- expressions ----------------------------------------------------------------------------

    def expr(self, e) -> int:
        """A register holding e's value; a local's own register when e names it."""
        if isinstance(e, ast.Name) and e.ref is not None and e.ref.kind in ("local", "localfn") \
                and e.ref.id in self.state.regs:
            return self.state.regs[e.ref.id]
        r = self.alloc()
        self.expr_to(e, r)
        return r

    def expr_to(self, e, dst: int) -> None:
        """Compute e into register dst."""
        if isinstance(e, ast.IntLit):
            self.expr_IntLit(e, dst)
        elif isinstance(e, ast.FloatLit):
            self.expr_FloatLit(e, dst)
        elif isinstance(e, ast.StrLit):
            self.expr_StrLit(e, dst)
        elif isinstance(e, ast.BoolLit):
            self.expr_BoolLit(e, dst)
        elif isinstance(e, ast.NullLit):
            self.expr_NullLit(e, dst)
        elif isinstance(e, ast.Name):
            self.expr_Name(e, dst)
        elif isinstance(e, ast.Unary):
            self.expr_Unary(e, dst)
        elif isinstance(e, ast.Binary):
            self.expr_Binary(e, dst)
        elif isinstance(e, ast.Cond):
            self.expr_Cond(e, dst)
        elif isinstance(e, ast.Cast):
            self.expr_Cast(e, dst)
        elif isinstance(e, ast.Call):
            self.expr_Call(e, dst)
        elif isinstance(e, ast.Index):
            self.expr_Index(e, dst)
        elif isinstance(e, ast.Slice):
            self.expr_Slice(e, dst)
        elif isinstance(e, ast.Member):
            self.expr_Member(e, dst)
        elif isinstance(e, ast.StructLit):
            self.expr_StructLit(e, dst)
        elif isinstance(e, ast.ArrayLit):
            self.expr_ArrayLit(e, dst)
        elif isinstance(e, ast.FillLit):
            self.expr_FillLit(e, dst)
        elif isinstance(e, ast.FnExpr):
            self.expr_FnExpr(e, dst)
        elif isinstance(e, ast.MatchExpr):
            self.expr_MatchExpr(e, dst)
        else:
            raise CodegenError(e, f"no code for {type(e).__name__}")

    def load_int(self, value: int, kind: str, dst: int) -> None:
        fb = self.state.fb
        if kind == "f64":
            fb.emit("LOADK", dst, self.mb.const_f64(float(value)))
        elif kind == "i32" and -32767 <= value <= 32768:
            fb.emit("LOADI", dst, value)
        elif kind == "i64" and -32767 <= value <= 32768:
            fb.emit("LOADI64", dst, value)
        else:
            fb.emit("LOADK", dst, self.mb.const_int(value, kind if kind in INT_TYPES else "i64"))

    def expr_IntLit(self, e, dst: int) -> None:
        value = -e.value if e.negated else e.value
        self.load_int(value, self.kind(e), dst)

    def expr_FloatLit(self, e, dst: int) -> None:
        self.state.fb.emit("LOADK", dst, self.mb.const_f64(e.value))

    def expr_StrLit(self, e, dst: int) -> None:
        self.state.fb.emit("LOADK", dst, self.mb.const_str(e.value))

    def expr_BoolLit(self, e, dst: int) -> None:
        self.state.fb.emit("LOADBOOL", dst, 1 if e.value else 0)

    def expr_NullLit(self, e, dst: int) -> None:
        self.state.fb.emit("LOADNULL", dst)

    def expr_Name(self, e, dst: int) -> None:
        b = e.ref
        if b.kind == "fn":
            self.load_fn(b.entity, dst, e.inst, e)
            return
        self.load(b, dst)

    def expr_Unary(self, e, dst: int) -> None:
        fb = self.state.fb
        if e.op == "-" and isinstance(e.operand, ast.IntLit) and e.operand.negated:
            self.expr_IntLit(e.operand, dst)
            return
        src = self.expr(e.operand)
        kind = self.kind(e)
        if e.op == "not":
            fb.emit("NOT", dst, src)
        elif e.op == "-":
            fb.emit({"i32": "NEG_I32", "i64": "NEG_I64", "f64": "NEG_F64"}[kind], dst, src)
        else:
            op = {"i32": "BNOT_I", "i64": "BNOT_I", "u8": "BNOT_U8", "u32": "BNOT_U32",
                  "u64": "BNOT_U64", "usize": "BNOT_U64"}[kind]
            fb.emit(op, dst, src)

    def expr_Binary(self, e, dst: int) -> None:
        op = e.op
        if op in ("and", "or") or op in ("==", "!=", "<", "<=", ">", ">=", "matches"):
            self.bool_value(e, dst)
            return
        if e.ref == "repeat":
            self.repetition(e, dst)
            return
        kind = self.kind(e)
        left, right = e.left, e.right
        if op in ("+", "*") and kind in ("i32", "i64", "f64") and is_number(left) \
                and not is_number(right):
            left, right = right, left          # 1 + f(x) as f(x) + 1: the constant forms
        a = self.expr(left)
        if self.arith_constant(op, kind, dst, a, right):
            return
        b = self.expr(right)
        self.arith(op, kind, dst, a, b, e)

    def arith_constant(self, op: str, kind: str, dst: int, a: int, right) -> bool:
        """Immediate and constant operand forms: ADDI for small integers, *K for constants."""
        fb = self.state.fb
        imm = small_literal(right)
        if imm is not None and kind in ("i32", "i64") and op in ("+", "-"):
            value = imm if op == "+" else -imm
            if -127 <= value <= 128:
                fb.emit("ADDI_" + kind.upper(), dst, a, value)
                return True
        if not isinstance(right, (ast.IntLit, ast.FloatLit)):
            return False
        name = {("+", "i32"): "ADDK_I32", ("+", "i64"): "ADDK_I64", ("+", "f64"): "ADDK_F64",
                ("-", "f64"): "SUBK_F64", ("*", "i32"): "MULK_I32", ("*", "i64"): "MULK_I64",
                ("*", "f64"): "MULK_F64", ("/", "f64"): "DIVK_F64", ("%", "i32"): "MODK_I",
                ("%", "i64"): "MODK_I"}.get((op, kind))
        if name is None:
            return False
        if kind == "f64":
            value = right.value if isinstance(right, ast.FloatLit) else float(right.value)
            k = self.mb.const_f64(value)
        else:
            k = self.mb.const_int(right.value, kind)
        if k > 255:
            return False
        fb.emit(name, dst, a, k)
        return True

    def arith(self, op: str, kind: str, dst: int, a: int, b: int, node) -> None:
        fb = self.state.fb
        if kind == "string" and op == "+":
            fb.emit("CONCAT", dst, a, b)
            return
        name = arith_op(op, kind)
        if name is None:
            raise CodegenError(node, f"no '{op}' instruction for {kind}")
        fb.emit(name, dst, a, b)

    def repetition(self, e, dst: int) -> None:
        left_is_array = self.kind(e.left) in ("array", "fixed")
        arr, count = (e.left, e.right) if left_is_array else (e.right, e.left)
        base = self.alloc()
        self.alloc()
        self.expr_to(arr, base)
        self.int_as_i64(count, base + 1)
        self.intrinsic("__array_repeat", base, dst)

    def int_as_i64(self, e, dst: int) -> None:
        self.expr_to(e, dst)
        if self.kind(e) != "i64":
            self.state.fb.emit("CAST", dst, dst, TAG_OF_TYPE["i64"])

    def intrinsic(self, name: str, base: int, dst: int) -> None:
        fb = self.state.fb
        fb.emit("INTRIN", base, self.mb.intrinsic(name))
        if dst != base:
            fb.emit("MOVE", dst, base)

    def bool_value(self, e, dst: int) -> None:
        """A comparison or logical operator as a value."""
        fb = self.state.fb
        if e.op in ("and", "or"):
            false, end = fb.label(), fb.label()
            self.cond_jump(e, False, false)
            fb.emit("LOADBOOL", dst, 1)
            fb.jump(end)
            fb.mark(false)
            fb.emit("LOADBOOL", dst, 0)
            fb.mark(end)
            return
        kind = self.kind(e.left)
        a = self.expr(e.left)
        b = self.expr(e.right)
        op = e.op
        if op in ("==", "!=", "matches"):
            fb.emit(eq_op(kind), dst, a, b)
            if op == "!=":
                fb.emit("NOT", dst, dst)
            return
        lt, le = order_ops(kind)
        if op == "<":
            fb.emit(lt, dst, a, b)
        elif op == "<=":
            fb.emit(le, dst, a, b)
        elif op == ">":
            fb.emit(lt, dst, b, a)
        else:
            fb.emit(le, dst, b, a)

    def cond_jump(self, e, jump_if: bool, target) -> None:
        """Jump to target when e is jump_if; fall through otherwise (fused compare-and-branch)."""
        fb = self.state.fb
        if isinstance(e, ast.Unary) and e.op == "not":
            self.cond_jump(e.operand, not jump_if, target)
            return
        if isinstance(e, ast.BoolLit):
            if e.value == jump_if:
                fb.jump(target)
            return
        if isinstance(e, ast.Binary) and e.op in ("and", "or"):
            self.logical_jump(e, jump_if, target)
            return
        if isinstance(e, ast.Binary) and e.op in ("==", "!=", "<", "<=", ">", ">=", "matches"):
            self.compare_jump(e, jump_if, target)
            return
        r = self.expr(e)
        fb.emit("TEST", r, 1 if jump_if else 0, target=target)

    def logical_jump(self, e, jump_if: bool, target) -> None:
        fb = self.state.fb
        decisive = e.op == "or"             # the left value that decides the result alone
        if jump_if == decisive:
            self.cond_jump(e.left, jump_if, target)
            self.cond_jump(e.right, jump_if, target)
            return
        skip = fb.label()
        self.cond_jump(e.left, decisive, skip)
        self.cond_jump(e.right, jump_if, target)
        fb.mark(skip)

    def compare_jump(self, e, jump_if: bool, target) -> None:
        fb = self.state.fb
        kind = self.kind(e.left)
        op = e.op
        flag = 1 if jump_if else 0
        imm = small_literal(e.right)
        if imm is not None and kind in INT_TYPES and op in ("==", "!=", "matches"):
            a = self.expr(e.left)
            fb.emit("JEQI", a, imm, flag if op != "!=" else 1 - flag, target=target)
            return
        signed_ok = kind in ("i32", "i64") or (kind in ("u8", "u32") and imm is not None
                                                 and imm >= 0)
        if imm is not None and signed_ok and op in ("<", "<=", ">", ">="):
            a = self.expr(e.left)
            name = {"<": "JLTI", "<=": "JLEI", ">": "JGTI", ">=": "JGEI"}[op]
            fb.emit(name, a, imm, flag, target=target)
            return
        a = self.expr(e.left)
        b = self.expr(e.right)
        if op in ("==", "!=", "matches"):
            jop = {"EQ": "JEQ", "EQ_F64": "JEQ_F64", "EQ_V": "JEQ_V"}[eq_op(kind)]
            fb.emit(jop, a, b, flag if op != "!=" else 1 - flag, target=target)
            return
        lt, le = order_ops(kind)
        jlt, jle = "J" + lt, "J" + le
        if op == "<":
            fb.emit(jlt, a, b, flag, target=target)
        elif op == "<=":
            fb.emit(jle, a, b, flag, target=target)
        elif op == ">":
            fb.emit(jlt, b, a, flag, target=target)
        else:
            fb.emit(jle, b, a, flag, target=target)

    def expr_Cond(self, e, dst: int) -> None:
        fb = self.state.fb
        other, end = fb.label(), fb.label()
        self.cond_jump(e.cond, False, other)
        self.expr_to(e.then, dst)
        fb.jump(end)
        fb.mark(other)
        self.expr_to(e.other, dst)
        fb.mark(end)

    def expr_Cast(self, e, dst: int) -> None:
        to = e.target.name
        src_kind = self.kind(e.expr)
        if to == "string":
            self.display(e.expr, dst)
            return
        src = self.expr(e.expr)
        if src_kind == to:
            if src != dst:
                self.state.fb.emit("MOVE", dst, src)
            return
        self.state.fb.emit("CAST", dst, src, TAG_OF_TYPE[to])


    # ---- calls (7, 11) ---------------------------------------------------------------------

    def call_base(self, dst: int) -> int:
        """Where a call's frame (or a run of operands) starts: dst itself when dst is the
        newest temporary, so no move is needed; a fresh register when dst holds a live local,
        which the operands may still read."""
        st = self.state
        if dst == st.top - 1 and dst >= st.local_top:
            return dst
        return self.alloc()

    def finish_call(self, base: int, dst: int) -> None:
        if base != dst:
            self.state.fb.emit("MOVE", dst, base)

    def args_to(self, args: list, first: int) -> None:
        for i, a in enumerate(args):
            while self.state.top <= first + i:
                self.alloc()
            self.expr_to(a, first + i)

    def call_known(self, info: FnInfo, args: list, dst: int, inst, node, tail: bool = False):
        """A call of a named function: CALLF within the module, KCALL for extern fns."""
        fb = self.state.fb
        if info.decl.is_extern:
            base = self.call_base(dst)
            self.args_to(args, base)
            fb.emit("KCALL", base, info.decl.ref)
            self.finish_call(base, dst)
            return
        if info.module != self.syms.name and not needs_spec(info):
            self.call_value_reg(lambda r: self.load_fn(info, r, inst, node), args, dst, tail)
            return
        callee = self.fn_builder(info, inst, node)
        base = self.call_base(dst)
        self.args_to(args, base + 1)
        if tail:
            fb.emit("TAILCALLF", base, callee.index)
            return
        fb.emit("CALLF", base, callee.index)
        self.finish_call(base, dst)

    def call_value_reg(self, load, args: list, dst: int, tail: bool = False) -> None:
        fb = self.state.fb
        base = self.call_base(dst)
        load(base)
        self.args_to(args, base + 1)
        if tail:
            fb.emit("TAILCALL", base, len(args))
            return
        fb.emit("CALL", base, len(args))
        self.finish_call(base, dst)

    def call_prelude(self, name: str, arg_regs: list, dst: int, node, base: int = -1) -> None:
        """Call a prelude function the generated code relies on (PRELUDE_CALLS); `base` is a
        frame register the caller reserved below its argument registers."""
        fb = self.state.fb
        if base < 0:
            base = self.call_base(dst)
            if base in arg_regs:
                base = self.alloc()            # the frame must not overwrite an argument
        if self.syms.name == PRELUDE:
            info = self.syms.fns.get(name)
            if info is None:
                raise CodegenError(node, f"the prelude has no '{name}'")
            callee = self.fn_builder(info, None, node)
        else:
            callee = None
            prelude = self.checker.prelude
            if prelude is None or name not in prelude.exports:
                raise CodegenError(node, f"the prelude does not export '{name}', which the "
                                         "generated code calls (stage0/codegen.py PRELUDE_CALLS)")
            fb.emit("GETIMPORT", base, self.mb.import_name(PRELUDE, name))
        for i, r in enumerate(arg_regs):
            while self.state.top <= base + 1 + i:
                self.alloc()
            if r != base + 1 + i:
                fb.emit("MOVE", base + 1 + i, r)
        if callee is not None:
            fb.emit("CALLF", base, callee.index)
        else:
            fb.emit("CALL", base, len(arg_regs))
        self.finish_call(base, dst)

    def tail_call(self, e) -> bool:
        """`return f(...)` reuses the frame when the callee is a function call (7.3)."""
        target = self.call_target(e)
        if target is None:
            return False
        kind, info, args, inst = target
        if kind == "known":
            if info.decl.is_extern:
                return False
            self.call_known(info, args, self.alloc(), inst, e, tail=True)
            return True
        self.call_value_reg(lambda r: self.expr_to(e.callee, r), e.args, self.alloc(), tail=True)
        return True

    def call_target(self, e):
        """("known", FnInfo, args, inst) or ("value", ...) for plain calls; None otherwise."""
        callee = e.callee
        if e.ref in ("builtin", "variant", "builtin_method"):
            return None
        if isinstance(callee, ast.Name) and callee.ref is not None:
            if callee.ref.kind == "fn":
                return ("known", callee.ref.entity, e.args, callee.inst)
            if callee.ref.kind == "intrinsic":
                return None
            return ("value", None, e.args, None)
        if isinstance(callee, ast.Member) and isinstance(callee.ref, FnInfo):
            args = list(e.args)
            if e.ref == "method":
                args = [callee.obj] + args
            return ("known", callee.ref, args, callee.inst)
        if isinstance(callee, ast.Member) and isinstance(callee.ref, FieldInfo):
            return ("value", None, e.args, None)
        return ("value", None, e.args, None)

    def expr_Call(self, e, dst: int) -> None:
        callee = e.callee
        if e.ref == "builtin":
            self.builtin_code(e, callee.name, dst)
            return
        if e.ref == "variant":
            self.construct(callee, e.args, dst)
            return
        if e.ref == "builtin_method":
            self.builtin_method(e, dst)
            return
        if isinstance(callee, ast.Name) and callee.ref.kind == "intrinsic":
            base = self.call_base(dst)          # the result lands in place: no MOVE after
            for _ in range(max(len(e.args) - 1, 0)):
                self.alloc()
            self.args_to(e.args, base)
            self.intrinsic(callee.name, base, dst)
            return
        kind, info, args, inst = self.call_target(e)
        if kind == "known":
            self.call_known(info, args, dst, inst, e)
            return
        self.call_value_reg(lambda r: self.expr_to(callee, r), e.args, dst)

    def construct(self, callee, args: list, dst: int) -> None:
        """An enum value: payloads in consecutive registers, then NEWREC."""
        variant = callee.ref
        shape = self.variant_shape(variant)
        base = self.call_base(dst)
        for _ in range(len(args) - 1):
            self.alloc()
        self.args_to(args, base)
        self.state.fb.emit("NEWREC", base, shape)
        self.finish_call(base, dst)

    def variant_shape(self, variant: VariantInfo) -> int:
        enum = variant.enum
        names = [n or str(i) for i, (n, _) in enumerate(enum.decl.variants[variant.index].payloads)]
        return self.mb.variant_shape(enum.name, variant.name, variant.index, names)

    def struct_shape(self, info: StructInfo) -> int:
        return self.mb.struct_shape(info.name, [f.name for f in info.fields])

    def builtin_method(self, e, dst: int) -> None:
        callee = e.callee
        name = callee.ref
        base = self.alloc()
        fb = self.state.fb
        if name == "string.from_utf8":
            arg = self.expr(e.args[0])
            self.call_prelude("string_from_utf8", [arg], dst, e)
            return
        self.alloc()
        self.alloc()
        self.expr_to(callee.obj, base)
        if name == "string.to_bytes":
            self.intrinsic("__str_to_bytes", base, dst)
        elif name == "string.byte_at":
            self.int_as_i64(e.args[0], base + 1)
            self.intrinsic("__str_byte", base, dst)
        elif name == "string.byte_len":
            fb.emit("INTRIN", base, self.mb.intrinsic("__str_len"))
            fb.emit("CAST", dst, base, TAG_OF_TYPE["usize"])
        elif name == "bytes.to_string":
            fb.emit("LOADI64", base + 1, 0)
            fb.emit("LEN", base + 2, base)
            fb.emit("CAST", base + 2, base + 2, TAG_OF_TYPE["i64"])
            self.intrinsic("__bytes_to_str", base, dst)
        else:
            raise CodegenError(e, f"no code for {name}")

    # ---- built-in functions (11) -------------------------------------------------------

    def builtin_code(self, e, name: str, dst: int) -> None:
        """Dispatch on the name of a built-in function (language.md 11)."""
        if name == "len":
            self.builtin_len(e, dst)
        elif name == "push":
            self.builtin_push(e, dst)
        elif name == "pop":
            self.builtin_pop(e, dst)
        elif name == "sorted":
            self.builtin_sorted(e, dst)
        elif name == "range":
            self.builtin_range(e, dst)
        elif name == "input":
            self.builtin_input(e, dst)
        elif name == "int":
            self.builtin_int(e, dst)
        elif name == "float":
            self.builtin_float(e, dst)
        elif name == "typeof":
            self.builtin_typeof(e, dst)
        elif name == "istype":
            self.builtin_istype(e, dst)
        elif name == "assert_eq":
            self.builtin_assert_eq(e, dst)
        elif name == "timestamp":
            self.builtin_timestamp(e, dst)
        elif name == "hash":
            self.builtin_hash(e, dst)
        elif name == "sizeof":
            self.builtin_sizeof(e, dst)
        elif name == "alignof":
            self.builtin_alignof(e, dst)

    def builtin_len(self, e, dst: int) -> None:
        self.state.fb.emit("LEN", dst, self.expr(e.args[0]))

    def prelude_builtin(self, e, name: str, dst: int) -> None:
        """A builtin the prelude implements: checked by the spec's rules, called by name."""
        self.call_prelude(name, [self.expr(a) for a in e.args], dst, e)

    def builtin_push(self, e, dst: int) -> None:
        self.prelude_builtin(e, "push", dst)

    def builtin_pop(self, e, dst: int) -> None:
        self.prelude_builtin(e, "pop", dst)

    def builtin_sorted(self, e, dst: int) -> None:
        self.prelude_builtin(e, "sorted", dst)

    def builtin_range(self, e, dst: int) -> None:
        kind = kind_of(concrete(e.ty, self.state.subst).args[0])
        base = self.alloc()
        self.alloc()
        self.alloc()
        args = e.args
        if len(args) == 1:
            self.load_int(0, kind, base)
            self.expr_to(args[0], base + 1)
        else:
            self.expr_to(args[0], base)
            self.expr_to(args[1], base + 1)
        if len(args) == 3:
            self.expr_to(args[2], base + 2)
        else:
            self.load_int(1, kind, base + 2)
        self.state.fb.emit("NEWRANGE", dst, base)

    def builtin_input(self, e, dst: int) -> None:
        if e.args:
            prompt = self.expr(e.args[0])
        else:
            prompt = self.alloc()
            self.state.fb.emit("LOADK", prompt, self.mb.const_str(""))
        self.call_prelude("input", [prompt], dst, e)

    def builtin_int(self, e, dst: int) -> None:
        if self.kind(e.args[0]) == "i32":
            self.expr_to(e.args[0], dst)
            return
        self.prelude_builtin(e, "int", dst)

    def builtin_float(self, e, dst: int) -> None:
        kind = self.kind(e.args[0])
        if kind == "f64":
            self.expr_to(e.args[0], dst)
        elif kind in INT_TYPES:
            self.state.fb.emit("CAST", dst, self.expr(e.args[0]), TAG_OF_TYPE["f64"])
        else:
            self.prelude_builtin(e, "float", dst)

    def builtin_typeof(self, e, dst: int) -> None:
        self.prelude_builtin(e, "typeof", dst)

    def builtin_istype(self, e, dst: int) -> None:
        self.prelude_builtin(e, "istype", dst)

    def builtin_assert_eq(self, e, dst: int) -> None:
        self.prelude_builtin(e, "assert_eq", dst)

    def builtin_timestamp(self, e, dst: int) -> None:
        self.prelude_builtin(e, "timestamp", dst)

    def builtin_hash(self, e, dst: int) -> None:
        self.state.fb.emit("HASH", dst, self.expr(e.args[0]))

    def builtin_sizeof(self, e, dst: int) -> None:
        self.state.fb.emit("LOADK", dst, self.mb.const_int(e.inst, "usize"))

    def builtin_alignof(self, e, dst: int) -> None:
        self.builtin_sizeof(e, dst)

    # ---- text: print, format strings, `as string` (12) ----------------------------------

    def display(self, e, dst: int) -> None:
        """The display form of e's value as a string in dst (12.2)."""
        kind = self.kind(e)
        if kind == "string":
            self.expr_to(e, dst)
            return
        base = self.call_base(dst)
        if kind in INT_TYPES:
            self.expr_to(e, base)
            self.reserve_above(base, 2)
            self.state.fb.emit("LOADI", base + 1, 10)
            self.state.fb.emit("LOADBOOL", base + 2, 0)
            self.intrinsic("__fmt_int", base, dst)
            return
        if kind == "f64":
            self.expr_to(e, base)
            self.intrinsic("__fmt_f64", base, dst)
            return
        self.expr_to(e, base)
        self.call_prelude("fmt_display", [base], dst, e)

    def plain_line(self, args: list, dst: int) -> None:
        fb = self.state.fb
        if not args:
            fb.emit("LOADK", dst, self.mb.const_str(""))
            return
        self.display(args[0], dst)
        for a in args[1:]:
            self.append_text(dst, " ")
            part = self.alloc()
            self.display(a, part)
            fb.emit("CONCAT", dst, dst, part)

    def append_text(self, dst: int, text: str) -> None:
        k = self.alloc()
        self.state.fb.emit("LOADK", k, self.mb.const_str(text))
        self.state.fb.emit("CONCAT", dst, dst, k)

    def format_line(self, args: list, dst: int) -> None:
        """A format string (12.5), split at compile time into text and placeholders."""
        fb = self.state.fb
        pieces = format_pieces(args[0].value)
        rest = list(args[1:])
        fb.emit("LOADK", dst, self.mb.const_str(""))
        for text, spec in pieces:
            if spec is None:
                if text:
                    self.append_text(dst, text)
                continue
            if not rest:
                self.append_text(dst, "@" + spec)
                continue
            arg = rest.pop(0)
            part = self.alloc()
            self.format_arg(arg, spec, part)
            fb.emit("CONCAT", dst, dst, part)
        for a in rest:
            self.append_text(dst, " ")
            part = self.alloc()
            self.display(a, part)
            fb.emit("CONCAT", dst, dst, part)

    def format_arg(self, e, spec: str, dst: int) -> None:
        kind = self.kind(e)
        fb = self.state.fb
        if spec in ("x", "X", "b", "o") and kind in INT_TYPES:
            base = self.call_base(dst)
            self.expr_to(e, base)
            self.reserve_above(base, 2)
            fb.emit("LOADI", base + 1, {"x": 16, "X": 16, "b": 2, "o": 8}[spec])
            fb.emit("LOADBOOL", base + 2, 1 if spec == "X" else 0)
            self.intrinsic("__fmt_int", base, dst)
            return
        if spec.startswith(".") and kind == "f64":
            base = self.call_base(dst)
            self.expr_to(e, base)
            self.reserve_above(base, 1)
            fb.emit("LOADI", base + 1, int(spec[1:-1]))
            self.intrinsic("__fmt_fixed", base, dst)
            return
        if spec != "" and kind == "any":
            value = self.expr(e)
            text = self.alloc()
            fb.emit("LOADK", text, self.mb.const_str(spec))
            self.call_prelude("fmt_spec", [value, text], dst, e)
            return
        self.display(e, dst)

    # ---- places and values --------------------------------------------------------------

    def index_read(self, kind: str, dst: int, obj: int, idx: int) -> None:
        self.state.fb.emit("STRINDEX" if kind == "string" else "GETINDEX", dst, obj, idx)

    def expr_Index(self, e, dst: int) -> None:
        obj = self.expr(e.obj)
        idx = self.expr(e.index)
        self.index_read(self.kind(e.obj), dst, obj, idx)

    def expr_Slice(self, e, dst: int) -> None:
        fb = self.state.fb
        obj = self.expr(e.obj)
        lo = self.alloc()
        hi = self.alloc()
        if e.start is not None:
            self.expr_to(e.start, lo)
        else:
            fb.emit("LOADI", lo, 0)
        if e.end is not None:
            self.expr_to(e.end, hi)
        else:
            fb.emit("LEN", hi, obj)
        fb.emit("SLICE", dst, obj, lo)

    def expr_Member(self, e, dst: int) -> None:
        ref = e.ref
        fb = self.state.fb
        if isinstance(ref, FieldInfo):
            fb.emit("GETFIELD", dst, self.expr(e.obj), ref.index)
        elif isinstance(ref, VariantInfo):
            fb.emit("NEWREC", dst, self.variant_shape(ref))
        elif isinstance(ref, FnInfo):
            self.load_fn(ref, dst, e.inst, e)
        elif isinstance(ref, ConstInfo):
            self.load_const(ref, dst)
        else:
            raise CodegenError(e, f"no value for '.{e.name}'")

    def expr_StructLit(self, e, dst: int) -> None:
        info = e.ref
        n = len(info.fields)
        base = self.call_base(dst)
        for _ in range(n - 1):
            self.alloc()
        given = []
        for fi in e.fields:
            self.expr_to(fi.value, base + fi.ref.index)
            given.append(fi.name)
        for f in info.fields:
            if f.name not in given:
                self.field_default(info, f, base + f.index)
        self.state.fb.emit("NEWREC", base, self.struct_shape(info))
        self.finish_call(base, dst)

    def field_default(self, info: StructInfo, f, dst: int) -> None:
        """A field's default, compiled as source of the struct's module: its constants and
        functions are reached through that module's exports."""
        saved = self.state.home
        if info.module != self.home():
            self.state.home = "" if info.module == self.syms.name else info.module
        try:
            self.expr_to(f.default, dst)
        finally:
            self.state.home = saved

    def expr_ArrayLit(self, e, dst: int) -> None:
        fb = self.state.fb
        first = e.elems[:64]
        base = self.call_base(dst)
        for _ in range(len(first) - 1):
            self.alloc()
        for i, item in enumerate(first):
            self.expr_to(item, base + i)
        fb.emit("NEWARRAY", base, base, len(first))
        for item in e.elems[64:]:            # the VM has no push instruction: prelude push
            mark = self.state.top
            self.call_prelude("push", [base, self.expr(item)], self.alloc(), e)
            self.free_to(mark)
        if e.ref == "fixed":
            fb.emit("INTRIN", base, self.mb.intrinsic("__array_fix"))
        self.finish_call(base, dst)

    def expr_FillLit(self, e, dst: int) -> None:
        base = self.call_base(dst)
        self.alloc()
        self.expr_to(e.value, base)
        self.int_as_i64(e.count, base + 1)
        fb = self.state.fb
        fb.emit("INTRIN", base, self.mb.intrinsic("__array_fill"))
        if e.ref == "fixed":
            fb.emit("INTRIN", base, self.mb.intrinsic("__array_fix"))
        self.finish_call(base, dst)

    def expr_FnExpr(self, e, dst: int) -> None:
        self.closure(e, dst, "")

    def expr_MatchExpr(self, e, dst: int) -> None:
        subject = self.expr(e.subject)
        self.match_arms(e, subject, dst, self.exhaustive(e), False)

    # ---- match (9) ----------------------------------------------------------------------

    def exhaustive(self, m) -> bool:
        """True when the arms cover every case, so the last one needs no test."""
        for arm in m.arms:
            if isinstance(arm.pattern, ast.WildPat):
                return True
        enum = None
        seen = []
        for arm in m.arms:
            if isinstance(arm.pattern, ast.VariantPat) and isinstance(arm.pattern.ref, VariantInfo):
                enum = arm.pattern.ref.enum
                seen.append(arm.pattern.ref.name)
        if enum is None:
            return False
        for v in enum.variants:
            if v.name not in seen:
                return False
        return True

    def match_arms(self, m, subject: int, dst, exhaustive: bool, tail: bool) -> None:
        st = self.state
        fb = st.fb
        end = fb.label()
        kind = self.kind(m.subject)
        for i, arm in enumerate(m.arms):
            fb.line(arm.line)
            nxt = fb.label()
            last = i == len(m.arms) - 1
            if not (last and exhaustive):
                self.pattern_test(arm.pattern, subject, kind, nxt)
            saved_top, saved_local, ncap = st.top, st.local_top, len(st.captured_live)
            st.local_top = st.top
            self.bind_pattern(arm.pattern, subject)
            if dst is None:
                captured = self.block(arm.body)
            else:
                self.expr_to(arm.body, dst)
                captured = len(st.captured_live) > ncap
                if captured:
                    fb.emit("CLOSE", saved_top)
            del st.captured_live[ncap:]
            st.top, st.local_top = saved_top, saved_local
            if not last or not exhaustive:
                fb.jump(end)
            fb.mark(nxt)
        fb.mark(end)

    def pattern_test(self, pat, subject: int, kind: str, fail) -> None:
        """Jump to `fail` unless the subject matches the pattern."""
        fb = self.state.fb
        if isinstance(pat, ast.WildPat):
            return
        if isinstance(pat, ast.VariantPat):
            fb.emit("JVARIANT", subject, pat.ref.index, 0, target=fail)
            return
        lit = pat.value
        imm = small_literal(lit)
        if imm is not None and kind in INT_TYPES:
            fb.emit("JEQI", subject, imm, 0, target=fail)
            return
        r = self.alloc()
        self.expr_to(lit, r)
        jop = {"EQ": "JEQ", "EQ_F64": "JEQ_F64", "EQ_V": "JEQ_V"}[eq_op(kind)]
        fb.emit(jop, subject, r, 0, target=fail)

    def bind_pattern(self, pat, subject: int) -> None:
        if not isinstance(pat, ast.VariantPat):
            return
        for i, b in enumerate(pat.binds_ref):
            if b is None:
                continue
            r = self.declare(b)
            self.state.fb.emit("GETFIELD", r, subject, i)


def arith_op(op: str, kind: str):
    """The typed instruction of a binary arithmetic or bit operator."""
    suffix = {"i32": "I32", "i64": "I64", "u8": "U8", "u32": "U32", "u64": "U64",
              "usize": "U64", "f64": "F64"}.get(kind)
    if suffix is None:
        return None
    if op in ("+", "-", "*"):
        return {"+": "ADD_", "-": "SUB_", "*": "MUL_"}[op] + suffix
    if op == "/":
        return "DIV_" + suffix if kind in ("i32", "i64", "f64") else "DIV_U"
    if op == "%":
        if kind == "f64":
            return "MOD_F64"
        return "MOD_I" if kind in ("i32", "i64") else "MOD_U"
    if kind == "f64":
        return None
    if op in ("&", "|", "^"):
        return {"&": "BAND", "|": "BOR", "^": "BXOR"}[op]
    if op in ("<<", ">>"):
        return ("SHL_" if op == "<<" else "SHR_") + suffix
    return None


def eq_op(kind: str) -> str:
    if kind in INT_TYPES or kind in ("bool", "RawPtr", "void"):
        return "EQ"
    if kind == "f64":
        return "EQ_F64"
    return "EQ_V"


def order_ops(kind: str):
    if kind in ("i32", "i64"):
        return "LT_I", "LE_I"
    if kind in UNSIGNED:
        return "LT_U", "LE_U"
    if kind == "f64":
        return "LT_F64", "LE_F64"
    return "LT_S", "LE_S"


def shares_code(syms) -> bool:
    """Whether importing modules compile some of this module's code into their images."""
    for info in syms.fns.values():
        if info.pub and needs_spec(info):
            return True
    for tinfo in syms.types.values():
        for m in getattr(tinfo, "methods", {}).values():
            if m.pub and needs_spec(m):
                return True
        for f in getattr(tinfo, "fields", []):
            if getattr(f, "default", None) is not None and not literal_tree(f.default):
                return True
    return False


def literal_tree(e) -> bool:
    """An expression built from literals only, which any module can evaluate."""
    if isinstance(e, (ast.IntLit, ast.FloatLit, ast.StrLit, ast.BoolLit, ast.NullLit)):
        return True
    if isinstance(e, ast.Unary):
        return literal_tree(e.operand)
    if isinstance(e, ast.Binary):
        return literal_tree(e.left) and literal_tree(e.right)
    if isinstance(e, ast.ArrayLit):
        return all(literal_tree(x) for x in e.elems)
    return False


def is_number(e) -> bool:
    """A numeric literal, negated or not: an operand without side effects to reorder."""
    if isinstance(e, ast.Unary) and e.op == "-":
        e = e.operand
    return isinstance(e, (ast.IntLit, ast.FloatLit))


def small_literal(e):
    """The value of an integer literal that fits a signed 8-bit immediate, else None."""
    if isinstance(e, ast.Unary) and e.op == "-" and isinstance(e.operand, ast.IntLit):
        e = e.operand
    if isinstance(e, ast.IntLit):
        value = -e.value if e.negated else e.value
        if -127 <= value <= 128:
            return value
    return None


def format_pieces(text: str) -> list:
    """A format string as (text, None) and ("", spec) pieces (12.5); spec "" is a plain @."""
    out = []
    buf = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "@":
            buf.append(ch)
            i += 1
            continue
        if text[i + 1:i + 2] == "@":
            buf.append("@")
            i += 2
            continue
        out.append(("".join(buf), None))
        buf = []
        spec, i = placeholder_spec(text, i + 1)
        out.append(("", spec))
    out.append(("".join(buf), None))
    return out


def placeholder_spec(text: str, i: int):
    """The spec right after an '@' at text[i:], and the index after it."""
    ch = text[i:i + 1]
    if ch in ("x", "X", "b", "o") and ch != "":
        return ch, i + 1
    if ch == ".":
        j = i + 1
        while j < len(text) and text[j].isdigit() and j - (i + 1) < 2:
            j += 1
        if j > i + 1 and text[j:j + 1] == "f":
            return text[i:j + 1], j + 1
    return "", i


def emit_program(program, main_name: str) -> list:
    """(file name, .orbc bytes) of every module of a checked program; the main module gets
    `main_name`, the others their module path (`a.b` -> `a/b.orbc`)."""
    out = []
    last = len(program.modules) - 1
    paths = {cm.symbols.name: cm.source.path for cm in program.modules}
    for i, cm in enumerate(program.modules):
        data = ModuleGen(cm, main=(i == last), paths=paths).generate()
        name = main_name if i == last else cm.symbols.name.replace(".", "/") + ".orbc"
        out.append((name, data))
    return out
