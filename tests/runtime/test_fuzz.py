"""Bounded fuzz smoke runs: thousands of mutated valid modules through the loader and
verifier in process (no crash, no hang, bounded time), and a few hundred through orusvm
itself (exit status 0, 65 or 70, or a loop cut by the timeout; never a signal)."""
import random
import struct
import subprocess

from stage0.bytecode import fnv1a64
from tests.conftest import ROOT
from tests.runtime import seeds


def test_loader_survives_mutated_modules(tmp_path, orusvm):
    subprocess.run(["doit", "-n", "2", "vm"], cwd=ROOT, check=True, capture_output=True)
    driver = ROOT / "build" / "bin" / "loader_fuzz"
    paths = []
    for name, data in seeds.corpus().items():
        paths.append(tmp_path / f"{name}.orbc")
        paths[-1].write_bytes(data)
    r = subprocess.run([str(driver), *map(str, paths), "--runs", "1000", "--seed", "7"],
                       capture_output=True, text=True, timeout=300)
    assert (r.returncode, r.stdout) == (0, f"loader_fuzz: {1000 * len(paths)} executions, 0 crashes\n")


def mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data[:-8])
    for _ in range(rng.randint(1, 3)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf) + struct.pack("<Q", fnv1a64(bytes(buf)))


def test_vm_survives_mutated_programs(tmp_path, orusvm):
    rng = random.Random(11)
    corpus = list(seeds.corpus().values())
    statuses = set()
    for i in range(300):
        path = tmp_path / f"m{i}.orbc"
        path.write_bytes(mutate(rng, rng.choice(corpus)))
        try:
            r = subprocess.run([str(orusvm), "--no-prelude", str(path)], capture_output=True, timeout=2)
        except subprocess.TimeoutExpired:
            statuses.add("timeout")
            continue
        assert r.returncode in (0, 65, 70), (i, r.returncode, r.stderr[-300:])
        statuses.add(r.returncode)
    assert 65 in statuses and 0 in statuses
