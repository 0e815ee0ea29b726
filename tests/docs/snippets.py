"""Runnable programs of the user documentation: Markdown snippets and examples/.

Markdown convention (stated for readers in docs/language.md, "About the examples"):

* a fenced block tagged ```orus run``` is a complete program;
* the next fenced block, with only blank lines between, is tagged ```output``` and holds its
  exact standard output (```output exit=N``` when the program ends with status N, default 0);
* an optional ```stdin``` block right after the output block is the program's standard input;
* a block tagged ```orus file=PATH``` is a module of the next runnable program, written next
  to it under PATH (so `use PATH-as-module` finds it);
* a block tagged plain ```orus``` is illustrative and never run.
"""
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"


@dataclass(frozen=True)
class Fence:
    """One fenced block: its info string, its text and the line of its opening fence."""
    info: str
    text: str
    line: int
    follows_blank_only: bool     # only blank lines between the previous fence and this one


@dataclass
class Program:
    """A program to run and what it must print."""
    id: str
    source: str
    expected: str
    exit_status: int = 0
    stdin: str = ""
    modules: dict = field(default_factory=dict)     # relative path -> source
    path: Path = None        # run in place (examples/), else written to a scratch directory


class SnippetError(ValueError):
    """A documentation file breaks the snippet convention."""


def fences(markdown: str) -> list:
    """Every fenced block of `markdown`, in order. Fences open and close at column 0."""
    found, lines = [], markdown.split("\n")
    i, last_close = 0, None
    while i < len(lines):
        if not lines[i].startswith("```"):
            i += 1
            continue
        start, info = i, lines[i][3:].strip()
        end = _closing_fence(lines, start)
        between = lines[last_close + 1:start] if last_close is not None else ["x"]
        found.append(Fence(info, "".join(line + "\n" for line in lines[start + 1:end]),
                           start + 1, all(not line.strip() for line in between)))
        last_close = i = end
        i += 1
    return found


def _closing_fence(lines: list, start: int) -> int:
    for j in range(start + 1, len(lines)):
        if lines[j].rstrip() == "```":
            return j
    raise SnippetError(f"line {start + 1}: fenced block is never closed")


def _words(info: str) -> list:
    return info.split()


def is_runnable(fence: Fence) -> bool:
    return _words(fence.info)[:2] == ["orus", "run"]


def module_path(fence: Fence):
    """PATH of a ```orus file=PATH``` block, else None."""
    words = _words(fence.info)
    if words[:1] == ["orus"] and len(words) == 2 and words[1].startswith("file="):
        return words[1][len("file="):]
    return None


def _output_status(fence: Fence, where: str) -> int:
    words = _words(fence.info)
    if not words or words[0] != "output":
        raise SnippetError(f"{where}: `orus run` block is not followed by an `output` block")
    if not fence.follows_blank_only:
        raise SnippetError(f"{where}: text between the `orus run` block and its `output` block")
    status = 0
    for word in words[1:]:
        if not word.startswith("exit="):
            raise SnippetError(f"{where}: unknown output option {word!r}")
        status = int(word[len("exit="):])
    return status


def programs_in(markdown: str, name: str) -> list:
    """The runnable programs of one Markdown document, ids `name:line`."""
    blocks, found, modules = fences(markdown), [], {}
    i = 0
    while i < len(blocks):
        fence, path = blocks[i], module_path(blocks[i])
        if path is not None:
            modules[path] = fence.text
        elif is_runnable(fence):
            where = f"{name}:{fence.line}"
            if i + 1 >= len(blocks):
                raise SnippetError(f"{where}: `orus run` block is not followed by an `output` block")
            status = _output_status(blocks[i + 1], where)
            program = Program(where, fence.text, blocks[i + 1].text, status, modules=modules)
            i += 1
            if i + 1 < len(blocks) and _words(blocks[i + 1].info) == ["stdin"] \
                    and blocks[i + 1].follows_blank_only:
                program.stdin = blocks[i + 1].text
                i += 1
            found.append(program)
            modules = {}
        i += 1
    if modules:
        raise SnippetError(f"{name}: module block(s) {sorted(modules)} precede no `orus run` block")
    return found


def doc_files() -> list:
    return sorted(DOCS.glob("*.md"))


def doc_programs() -> list:
    return [p for doc in doc_files() for p in programs_in(doc.read_text(encoding="utf-8"), doc.name)]


def example_files() -> list:
    """examples/*.orus; helper modules live in subdirectories and are not programs."""
    return sorted(EXAMPLES.glob("*.orus"))


def example_program(path: Path) -> Program:
    stdin = path.with_suffix(".in")
    return Program(f"examples/{path.stem}", path.read_text(encoding="utf-8"),
                   path.with_suffix(".out").read_text(encoding="utf-8"),
                   stdin=stdin.read_text(encoding="utf-8") if stdin.exists() else "", path=path)
