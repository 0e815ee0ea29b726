"""The std layering rules of design.md 3 and extensions.md 4-5, checked on the sources:
only the prelude reaches the kernel, and the numbers the prelude mirrors from the runtime
table and kernel.idl (reflection kinds, close primitives, error names) agree with them."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STD = ROOT / "std"
PRELUDE = STD / "prelude.orus"


def std_modules():
    found = {p for p in STD.rglob("*.orus") if p.name != "__kernel.orus"}
    return sorted(found)


def code_lines(path: Path):
    """Source lines with `//` comments removed (no std string holds `//` before a `use`)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        yield line.split("//", 1)[0]


def prelude_consts(pattern: str) -> dict:
    out = {}
    for line in code_lines(PRELUDE):
        m = re.match(r"(%s)\s*:\s*\w+\s*:=\s*(-?\d+)\s*$" % pattern, line)
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


def prelude_string_array(name: str) -> list:
    text = PRELUDE.read_text(encoding="utf-8")
    m = re.search(r"^%s: \[string\] := \[(.*?)^\]" % name, text, re.S | re.M)
    assert m, f"{name} not found in std/prelude.orus"
    return re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))


def test_only_the_prelude_imports_the_kernel():
    offenders = []
    for path in std_modules():
        if path == PRELUDE:
            continue
        for line in code_lines(path):
            if re.match(r"\s*use\s+__kernel\b", line):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_prelude_imports_the_kernel():
    assert any(re.match(r"use\s+__kernel\b", line) for line in code_lines(PRELUDE))


def test_no_std_module_declares_extern_functions():
    offenders = [str(p.relative_to(ROOT)) for p in std_modules()
                 if any(re.match(r"\s*(pub\s+)?extern\s+fn\b", line) for line in code_lines(p))]
    assert offenders == []


def test_prelude_kind_constants_follow_the_opcode_table():
    table = (ROOT / "runtime" / "opcodes.def").read_text(encoding="utf-8")
    kinds = re.findall(r"^kind\s+(\w+)", table, re.M)
    expected = {"K_" + name: i for i, name in enumerate(kinds)}
    assert prelude_consts(r"K_[A-Z0-9]+") == expected


def test_prelude_close_primitive_ids_follow_kernel_idl():
    idl = (ROOT / "kernel.idl").read_text(encoding="utf-8")
    ids = {name: int(i) for i, name in re.findall(r"^prim\s+(\d+)\s+(\w+)\(", idl, re.M)}
    assert prelude_consts(r"PRIM_[A-Z_]+") == {"PRIM_FS_CLOSE": ids["fs_close"],
                                               "PRIM_NET_CLOSE": ids["net_close"]}


def test_prelude_error_names_and_texts_follow_kernel_idl():
    idl = (ROOT / "kernel.idl").read_text(encoding="utf-8")
    errors = re.findall(r'^error\s+(\w+)\s+(\d+)\s+"(.*)"', idl, re.M)
    assert [int(v) for _, v, _ in errors] == list(range(len(errors)))
    assert prelude_string_array("ERROR_NAMES") == [n for n, _, _ in errors]
    assert prelude_string_array("ERROR_TEXTS") == [t for _, _, t in errors]


def test_std_calls_only_intrinsics_the_opcode_table_declares():
    table = (ROOT / "runtime" / "opcodes.def").read_text(encoding="utf-8")
    declared = set(re.findall(r"^intrinsic\s+(__\w+)", table, re.M))
    used = {}
    for path in std_modules():
        for line in code_lines(path):
            for name in re.findall(r"(?<![\w.])(__\w+)\s*\(", line):
                used.setdefault(name, str(path.relative_to(ROOT)))
    missing = {name: where for name, where in used.items() if name not in declared}
    assert missing == {}
