"""Render every generated file of the repository from its declarative source.

Each module of the `templates` package may define `RENDERINGS`, a sequence of
`Rendering`; `registry()` collects them all, so a new table (the opcodes, say)
joins the pipeline and the drift test by declaring its renderings in its own module.

    python -m templates.render [--task NAME] [--check]

writes the outputs of every rendering (or of those rendered by `doit NAME`);
`--check` writes nothing and exits 1 when a file differs from its rendering.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent
ROOT = TEMPLATES_DIR.parent


class SourceError(Exception):
    """A malformed declarative source; str() is the user-facing `file:line:col: error: ...` text."""


@dataclass(frozen=True)
class Rendering:
    """One generated file: `template` (in templates/) fed by `context(root)` gives `output`."""
    template: str
    output: str                     # path relative to the repository root
    source: str                     # declarative source file, relative to the root
    task: str                       # the doit task that renders it
    context: Callable[[Path], dict]
    extra_deps: tuple[str, ...] = ()  # other files the rendering reads (relative to root)

    @property
    def banner(self) -> str:
        return f"generated from {self.source} by `doit {self.task}`; do not edit"

    def deps(self) -> list[str]:
        """Files whose change makes this rendering stale (for doit's file_dep)."""
        return [self.source, f"templates/{self.template}", *self.extra_deps]


def registry() -> list[Rendering]:
    """Every rendering declared by a module of the templates package, in module order."""
    found: list[Rendering] = []
    for info in sorted(pkgutil.iter_modules([str(TEMPLATES_DIR)]), key=lambda m: m.name):
        if info.name == "render":
            continue
        module = importlib.import_module(f"templates.{info.name}")
        found.extend(getattr(module, "RENDERINGS", ()))
    return found


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, autoescape=False,
    )


def render(rendering: Rendering, root: Path = ROOT, env: jinja2.Environment | None = None) -> str:
    """The exact text `rendering` produces from the sources under `root`."""
    env = env or environment()
    context = dict(rendering.context(root), banner=rendering.banner)
    return env.get_template(rendering.template).render(**context)


def select(task: str | None) -> list[Rendering]:
    return [r for r in registry() if task is None or r.task == task]


def write_all(renderings: list[Rendering], root: Path = ROOT) -> list[str]:
    """Render and write; files whose text is unchanged are left untouched. Returns written paths."""
    env, written = environment(), []
    for r in renderings:
        text, path = render(r, root, env), root / r.output
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(r.output)
    return written


def drifted(renderings: list[Rendering], root: Path = ROOT) -> list[str]:
    """Outputs that are missing or differ by any byte from a fresh rendering."""
    env = environment()
    return [r.output for r in renderings
            if not (root / r.output).exists()
            or (root / r.output).read_text(encoding="utf-8") != render(r, root, env)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m templates.render", description=__doc__.splitlines()[0])
    parser.add_argument("--task", help="only the renderings of this doit task")
    parser.add_argument("--check", action="store_true", help="report drift instead of writing")
    args = parser.parse_args(argv)
    try:
        chosen = select(args.task)
        if args.check:
            stale = drifted(chosen)
            for path in stale:
                print(f"{path}: differs from its rendering (run `doit kernel_stubs` or its task)", file=sys.stderr)
            return 1 if stale else 0
        for path in write_all(chosen):
            print(f"rendered {path}")
    except SourceError as exc:  # a malformed source is a user error, not a traceback
        print(exc, file=sys.stderr)
        return 65
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
