"""Compile diagnostics: what went wrong, where, and how it is shown (language.md 13.4)."""
from dataclasses import dataclass, field


@dataclass
class Diagnostic:
    """One compile error at a 1-based line and column of a source file."""
    file: str
    line: int
    col: int
    message: str
    hint: str = ""


class CompileError(Exception):
    """Raised by a pass that cannot go on; carries every diagnostic gathered so far."""

    def __init__(self, diagnostics: list):
        super().__init__(diagnostics[0].message if diagnostics else "compile error")
        self.diagnostics = diagnostics


@dataclass
class Reporter:
    """Collects diagnostics of one compilation; passes call error() and go on when they can."""
    diagnostics: list = field(default_factory=list)

    def error(self, file: str, line: int, col: int, message: str, hint: str = "") -> None:
        for d in self.diagnostics:
            if d.file == file and d.line == line and d.col == col and d.message == message:
                return
        self.diagnostics.append(Diagnostic(file, line, col, message, hint))

    def has_errors(self) -> bool:
        return len(self.diagnostics) > 0

    def check(self) -> None:
        """Stop the compilation when an error was reported."""
        if self.diagnostics:
            raise CompileError(list(self.diagnostics))


def fail(file: str, line: int, col: int, message: str, hint: str = ""):
    """Stop at once with a single diagnostic."""
    raise CompileError([Diagnostic(file, line, col, message, hint)])


def source_line(text: str, line: int) -> str:
    lines = text.split("\n")
    if 1 <= line <= len(lines):
        return lines[line - 1].rstrip("\r")
    return ""


def render(diag: Diagnostic, text: str, colour: bool) -> str:
    """`file:line:col: error: message`, the source line and a caret under the column."""
    red, bold, reset = ("\x1b[31m", "\x1b[1m", "\x1b[0m") if colour else ("", "", "")
    out = [f"{bold}{diag.file}:{diag.line}:{diag.col}:{reset} {red}error:{reset} {diag.message}"]
    src = source_line(text, diag.line)
    if src != "" or diag.line >= 1:
        pad = "".join("\t" if ch == "\t" else " " for ch in src[:max(diag.col - 1, 0)])
        out.append(f"    {src}")
        out.append(f"    {pad}{red}^{reset}")
    if diag.hint:
        out.append(f"    = help: {diag.hint}")
    return "\n".join(out) + "\n"


def render_all(diags: list, texts: dict, main_file: str, colour: bool) -> str:
    """Every diagnostic in report order, then the closing `Compilation failed` line."""
    files = []
    for d in diags:
        if d.file not in files:
            files.append(d.file)
    ordered = sorted(diags, key=lambda d: (files.index(d.file), d.line, d.col))
    parts = []
    for d in ordered:
        parts.append(render(d, texts.get(d.file, ""), colour))
    parts.append(f'Compilation failed for "{main_file}".\n')
    return "".join(parts)
