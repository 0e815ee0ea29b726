"""Render the files the orus executable carries into one C source (runtime/embed.h).

    python -m templates.embed OUT.c PREFIX=FOLDER[:GLOB] ...

Each PREFIX=FOLDER puts the files of FOLDER matching GLOB (default **/*) under PREFIX/ in
the executable's home folder; PREFIX=FILE puts one file there as PREFIX. The build id is a
hash of every path and byte, so a changed toolchain unpacks into a new home.
"""
import hashlib
import sys
from pathlib import Path

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent
BYTES_PER_LINE = 24


def gather(specs: list) -> list:
    """(home path, bytes) of every file the specs name, sorted by path."""
    found = {}
    for spec in specs:
        prefix, _, source = spec.partition("=")
        folder, _, pattern = source.partition(":")
        root = Path(folder)
        if root.is_file():
            found[prefix] = root.read_bytes()
            continue
        for path in sorted(root.glob(pattern or "**/*")):
            if path.is_file():
                found[f"{prefix}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return sorted(found.items())


def c_lines(data: bytes) -> list:
    return [",".join(str(b) for b in data[i:i + BYTES_PER_LINE]) + ","
            for i in range(0, len(data), BYTES_PER_LINE)] or ["0"]


def build_id(files: list) -> str:
    digest = hashlib.sha256()
    for path, data in files:
        digest.update(path.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()[:16]


def render(files: list) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    rows = [{"path": path, "size": len(data), "lines": c_lines(data)} for path, data in files]
    return env.get_template("embed.c.j2").render(files=rows, build_id=build_id(files))


def main(argv: list) -> int:
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(gather(argv[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
