"""Module loading (language.md 10.3): find each `use`d file, parse it once, order the modules
so that imports come first, and reject missing modules and import cycles.
"""
import os
from dataclasses import dataclass, field

from stage0 import ast
from stage0.diagnostics import CompileError, Diagnostic, fail
from stage0.parser import parse

PRELUDE = "prelude"
KERNEL = "__kernel"


@dataclass
class SourceModule:
    """One parsed file: its module name, the path diagnostics and bytecode show, its tree."""
    name: str
    path: str
    real: str
    text: str
    tree: ast.Module
    is_std: bool
    imports: list = field(default_factory=list)    # names of the modules it uses, in order


@dataclass
class SearchPath:
    """Where `use` looks (10.3): importer directory, cwd, ORUSPATH entries, std."""
    cwd: str
    oruspath: list
    std_dir: str


def read_source(path: str):
    """The text of a source file, or None when it cannot be read as UTF-8."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def candidates(parts: list, importer, search: SearchPath) -> list:
    """(display path, real path) for each place module `parts` may live, in order."""
    rel = os.path.join(*parts) + ".orus"
    out = []
    display_dir = os.path.dirname(importer.path)
    out.append((os.path.normpath(os.path.join(display_dir, rel)),
                os.path.join(os.path.dirname(importer.real), rel)))
    out.append((rel, os.path.join(search.cwd, rel)))
    for entry in search.oruspath:
        if entry:
            out.append((os.path.normpath(os.path.join(entry, rel)),
                        os.path.join(search.cwd, entry, rel)))
    out.append((os.path.join("std", rel), os.path.join(search.std_dir, rel)))
    return out


def locate(parts: list, importer: SourceModule, search: SearchPath):
    """(display path, real path) of the first existing candidate, or None."""
    for display, real in candidates(parts, importer, search):
        if os.path.isfile(real):
            return display, real
    return None


def under_std(real: str, search: SearchPath) -> bool:
    std = os.path.realpath(search.std_dir)
    return os.path.realpath(real).startswith(std + os.sep)


def std_module_name(real: str, search: SearchPath) -> str:
    rel = os.path.relpath(os.path.realpath(real), os.path.realpath(search.std_dir))
    return rel[:-len(".orus")].replace(os.sep, ".")


@dataclass
class Loader:
    search: SearchPath
    texts: dict = field(default_factory=dict)        # display path -> text, for diagnostics
    by_real: dict = field(default_factory=dict)      # real path -> SourceModule
    order: list = field(default_factory=list)        # init order: imports first
    active: list = field(default_factory=list)       # real paths being loaded (cycle check)

    def load_file(self, display: str, real: str, name: str, is_std: bool) -> SourceModule:
        text = read_source(real)
        if text is None:
            fail(display, 0, 0, f'Could not open file "{display}".')
        self.texts[display] = text
        tree = parse(text, display)
        return SourceModule(name, display, os.path.realpath(real), text, tree, is_std)

    def load(self, module: SourceModule, real: str) -> None:
        """Load every import of `module` (depth first), then append it to the order."""
        self.by_real[real] = module
        self.active.append(real)
        if module.name not in (PRELUDE, KERNEL):
            self.load_prelude(module)
        for stmt in module.tree.body:
            if isinstance(stmt, ast.Use):
                self.load_use(module, stmt)
        self.active.pop()
        self.order.append(module)

    def load_prelude(self, module: SourceModule) -> None:
        real = os.path.join(self.search.std_dir, "prelude.orus")
        if real not in self.by_real:
            self.load(self.load_file("std/prelude.orus", real, PRELUDE, True), real)
        module.imports.append(PRELUDE)

    def load_use(self, module: SourceModule, use: ast.Use) -> None:
        dotted = ".".join(use.path)
        if use.path == [KERNEL] and not (module.is_std and module.name == PRELUDE):
            fail(module.path, use.name_line, use.name_col,
                 "only std/prelude.orus may import __kernel; use the prelude's wrappers")
        found = locate(use.path, module, self.search)
        if found is None:
            raise CompileError([Diagnostic(
                module.path, use.name_line, use.name_col, f"module not found: '{dotted}'",
                f"searched next to {module.path}, the current directory, ORUSPATH and std; "
                "set ORUSPATH to the directory that holds it")])
        display, real = found
        real = os.path.realpath(real)
        if real in self.active:
            fail(module.path, use.name_line, use.name_col, f"cyclic import of module '{dotted}'")
        if real not in self.by_real:
            std = under_std(real, self.search)
            name = std_module_name(real, self.search) if std else dotted
            self.load(self.load_file(display, real, name, std), real)
        module.imports.append(self.by_real[real].name)
        use.ref = self.by_real[real].name


def load_program(main_path: str, search: SearchPath, texts: dict) -> list:
    """Every module of a program in initialisation order. Each text read goes into `texts`
    at once, so a syntax error's diagnostic can still show its source line."""
    loader = Loader(search, texts)
    real = main_path if os.path.isabs(main_path) else os.path.join(search.cwd, main_path)
    std = under_std(real, search)
    name = std_module_name(real, search) if std else \
        os.path.splitext(os.path.basename(main_path))[0]
    main = loader.load_file(main_path, real, name, std)
    loader.load(main, os.path.realpath(real))
    return loader.order
