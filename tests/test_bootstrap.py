"""The bootstrap: stage0 builds the compiler in Orus (stage1), which builds itself (stage2) and
again (stage3); all three and the committed seed stage2/ are byte-identical (design.md 5).

The seed also rebuilds the compiler with no Python at all: the VM running stage2/orusc.orbc on
stage1/cli.orus writes the seed's own bytes.
"""
import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dodo  # noqa: E402
from dodo import images  # noqa: E402

SEED = ROOT / "stage2"
VM = ROOT / "build" / "bin" / "orusvm"




def test_doit_bootstrap_proves_the_fixpoint_against_the_committed_seed():
    done = subprocess.run([sys.executable, "-m", "doit", "bootstrap"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "bootstrap: fixpoint:" in done.stdout
    seed = images(SEED)
    assert "orusc.orbc" in seed and "types.orbc" in seed and "codegen.orbc" in seed
    for stage in ("stage1", "stage2", "stage3"):
        assert images(ROOT / "build" / stage) == seed, f"build/{stage} differs from the seed"


def test_the_seed_lists_its_sha256_sums():
    listed = {}
    for line in (SEED / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert listed == {name: hashlib.sha256(data).hexdigest()
                      for name, data in images(SEED).items()}


def test_the_seed_rebuilds_itself_without_python(tmp_path):
    out = tmp_path / "rebuilt" / "orusc.orbc"
    done = subprocess.run([str(VM), str(SEED / "orusc.orbc"), "compile", "stage1/cli.orus",
                           "-o", str(out)], cwd=ROOT, capture_output=True)
    assert (done.returncode, done.stderr) == (0, b"")
    assert images(out.parent) == images(SEED)


def test_a_broken_seed_is_reported(tmp_path):
    """`doit bootstrap` names the image that differs (checked on a copy of the tree's seed)."""
    copy = tmp_path / "stage2"
    shutil.copytree(SEED, copy)
    data = bytearray((copy / "lexer.orbc").read_bytes())
    data[-1] ^= 1
    (copy / "lexer.orbc").write_bytes(bytes(data))
    original, cwd = dodo.SEED, os.getcwd()
    shown = io.StringIO()
    try:
        os.chdir(ROOT)                  # dodo's paths are relative to the project
        dodo.SEED = copy
        with contextlib.redirect_stdout(shown):
            ok = dodo.check_fixpoint()
    finally:
        dodo.SEED = original
        os.chdir(cwd)
    assert not ok and "lexer.orbc" in shown.getvalue() and "doit seed" in shown.getvalue()
