"""The user documentation runs: every ```orus run``` snippet of docs/*.md and every program
of examples/ prints exactly what the documentation shows, through `python -m stage0 run`.

Documentation that drifts from the implementation fails here. The Markdown convention is in
tests/docs/snippets.py and, for readers, in docs/language.md ("About the examples").
"""
import os
import subprocess
import sys

import pytest

from tests.docs.snippets import (ROOT, SnippetError, doc_files, doc_programs, example_files,
                                 example_program, fences, is_runnable, programs_in)

TIMEOUT_SECONDS = 60
MIN_SNIPPETS = 40
MIN_EXAMPLES = 12

SNIPPETS = doc_programs()
EXAMPLES = [example_program(path) for path in example_files()]


@pytest.fixture(scope="session")
def toolchain():
    """Build what `python -m stage0 run` needs (the VM, compiled std) through doit."""
    listed = subprocess.run([sys.executable, "-m", "doit", "list", "--quiet"], cwd=ROOT,
                            capture_output=True, text=True)
    names = {line.split()[0] for line in listed.stdout.splitlines() if line.strip()}
    wanted = [task for task in ("vm", "std") if task in names]
    if wanted:
        built = subprocess.run([sys.executable, "-m", "doit", "-v", "0", *wanted], cwd=ROOT,
                               capture_output=True, text=True)
        assert built.returncode == 0, built.stdout + built.stderr


def run_orus(program, workdir):
    """Run `program` with stage0; returns the finished process (stdout as bytes)."""
    path = program.path
    if path is None:
        for relative, text in program.modules.items():
            module = workdir / relative
            module.parent.mkdir(parents=True, exist_ok=True)
            module.write_text(text, encoding="utf-8")
        path = workdir / "snippet.orus"
        path.write_text(program.source, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "stage0", "run", str(path)], cwd=ROOT, env=env,
                          input=program.stdin.encode("utf-8"), capture_output=True,
                          timeout=TIMEOUT_SECONDS)


def check(program, workdir):
    done = run_orus(program, workdir)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.stdout.decode("utf-8", "replace") == program.expected, stderr
    assert done.returncode == program.exit_status, stderr


@pytest.mark.parametrize("program", SNIPPETS, ids=lambda p: p.id)
def test_doc_snippet_prints_its_output_block(program, toolchain, tmp_path):
    check(program, tmp_path)


@pytest.mark.parametrize("program", EXAMPLES, ids=lambda p: p.id)
def test_example_prints_its_out_file(program, toolchain, tmp_path):
    check(program, tmp_path)


def test_docs_hold_at_least_40_runnable_snippets():
    assert len(SNIPPETS) >= MIN_SNIPPETS, [p.id for p in SNIPPETS]


def test_examples_hold_at_least_12_programs_each_with_an_out_file():
    assert len(EXAMPLES) >= MIN_EXAMPLES
    assert all(path.with_suffix(".out").exists() for path in example_files())


@pytest.mark.parametrize("doc", doc_files(), ids=lambda d: d.name)
def test_every_runnable_block_is_followed_by_an_output_block(doc):
    text = doc.read_text(encoding="utf-8")
    blocks = fences(text)
    runnable = [i for i, fence in enumerate(blocks) if is_runnable(fence)]
    for i in runnable:
        assert i + 1 < len(blocks), f"{doc.name}:{blocks[i].line}: no block after it"
        after = blocks[i + 1]
        assert after.info.split()[:1] == ["output"], f"{doc.name}:{blocks[i].line}"
        assert after.follows_blank_only, f"{doc.name}:{blocks[i].line}: text before its output"
    assert len(programs_in(text, doc.name)) == len(runnable)


def test_a_run_block_without_output_block_is_rejected():
    with pytest.raises(SnippetError, match="not followed by an `output` block"):
        programs_in("```orus run\nprint(1)\n```\n\n```orus\nx\n```\n", "t.md")


def test_prose_between_run_and_output_blocks_is_rejected():
    with pytest.raises(SnippetError, match="text between"):
        programs_in("```orus run\nprint(1)\n```\nsays:\n```output\n1\n```\n", "t.md")


def test_snippet_parsing_keeps_modules_stdin_and_exit_status():
    markdown = ("```orus file=lib/m.orus\npub fn f() -> i32: 1\n```\n"
                "```orus run\nuse lib.m\nprint(m.f(), input())\n```\n\n"
                "```output exit=70\n1 a\n```\n```stdin\na\n```\n"
                "```orus\nnot run\n```\n")
    [program] = programs_in(markdown, "t.md")
    assert (program.id, program.exit_status, program.stdin, program.expected) == \
        ("t.md:4", 70, "a\n", "1 a\n")
    assert program.modules == {"lib/m.orus": "pub fn f() -> i32: 1\n"}
