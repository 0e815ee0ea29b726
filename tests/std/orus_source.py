"""Helpers that write Orus source text for generated test programs."""


def orus_string(text: str) -> str:
    """An Orus string literal holding text (language.md 2.5 escapes)."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\t", "\\t").replace("\r", "\\r").replace("\0", "\\0"))
    return '"' + escaped + '"'


def orus_list(items, render=str) -> str:
    """An Orus array literal of items rendered by render."""
    return "[" + ", ".join(render(v) for v in items) + "]"
