"""Every generated file equals, byte for byte, a fresh rendering of its source.

Generic over templates.render.registry(): a module of the templates package that
declares RENDERINGS is covered without touching this file.
"""
from pathlib import Path

import pytest

from templates.render import ROOT, environment, registry, render

RENDERINGS = registry()


def test_registry_lists_the_kernel_renderings():
    outputs = {r.output for r in RENDERINGS}
    assert {"kernel/gen/ork_kernel.h", "kernel/gen/ork_dispatch.c",
            "std/__kernel.orus", "docs/kernel_abi.md"} <= outputs


def test_each_output_is_rendered_once():
    outputs = [r.output for r in RENDERINGS]
    assert len(outputs) == len(set(outputs))


@pytest.mark.parametrize("rendering", RENDERINGS, ids=lambda r: r.output)
def test_committed_file_matches_its_rendering(rendering):
    committed = (ROOT / rendering.output).read_bytes()
    fresh = render(rendering, ROOT, environment()).encode("utf-8")
    assert committed == fresh, f"{rendering.output} drifted: run `doit {rendering.task}`"


@pytest.mark.parametrize("rendering", RENDERINGS, ids=lambda r: r.output)
def test_generated_file_starts_with_do_not_edit_banner(rendering):
    first = Path(ROOT / rendering.output).read_text(encoding="utf-8").splitlines()[0]
    assert rendering.banner in first
    assert first.startswith(("/*", "<!--", "//", "#", '"""'))   # a comment or docstring in its language
