"""templates/idl.py parses kernel.idl and reports malformed input as file:line:col, exit 65."""
import subprocess
import sys

import pytest

from templates.idl import IdlError, load, parse
from templates.render import ROOT

HEADER = "abi 1\nerror OK 0 \"no error\"\nerror ENOENT 2 \"missing\"\ncap FS 2 \"files\"\n"


def prim(pid=0, name="fs_probe", sig="(path: string) -> i32", errors="ENOENT", cap="FS", doc="Probe."):
    lines = [f"prim {pid} {name}{sig}"]
    if errors is not None:
        lines.append(f"    errors {errors}")
    if cap is not None:
        lines.append(f"    cap {cap}")
    if doc is not None:
        lines.append(f"    doc {doc}")
    return "\n".join(lines) + "\n"


def error_of(text):
    with pytest.raises(IdlError) as info:
        parse(text)
    return str(info.value).splitlines()[0]


def test_repository_idl_parses_with_contiguous_ids():
    kernel = load(ROOT / "kernel.idl")
    assert kernel.abi == 1
    assert [p.id for p in kernel.prims] == list(range(len(kernel.prims)))


def test_repository_idl_has_every_roadmap_primitive():
    names = {p.name for p in load(ROOT / "kernel.idl").prims}
    roadmap = {"mem_alloc", "mem_realloc", "mem_free", "mem_zero", "io_write", "io_read",
               "fs_open", "fs_close", "fs_seek", "fs_stat", "fs_remove", "fs_rename", "fs_mkdir",
               "fs_dir_open", "fs_dir_next", "fs_dir_close", "rng_fill", "time_monotonic",
               "time_utc", "env_get", "env_iter", "proc_exit", "proc_spawn", "proc_wait",
               "net_socket", "net_bind", "net_listen", "net_accept", "net_connect", "net_close",
               "sys_info", "trace_emit", "kernel_caps", "kernel_errno"}
    assert roadmap <= names


def test_well_formed_primitive_is_parsed_field_by_field():
    kernel = parse(HEADER + prim() + "    note first\n    note second\n")
    (p,) = kernel.prims
    assert (p.id, p.name, p.ret.name, p.errors, p.cap, p.doc) == (0, "fs_probe", "i32", ("ENOENT",), "FS", "Probe.")
    assert [(x.name, x.type.name) for x in p.params] == [("path", "string")]
    assert p.notes == ("first", "second")


def test_duplicate_id_is_reported_at_the_second_declaration():
    text = HEADER + prim(0, "a") + prim(0, "b")
    assert error_of(text) == "kernel.idl:9:6: error: duplicate primitive id 0 (first used by 'a' on line 5)"


def test_duplicate_name_is_reported_at_the_name():
    text = HEADER + prim(0, "a") + prim(1, "a")
    assert error_of(text) == "kernel.idl:9:8: error: duplicate primitive name 'a' (first declared on line 5)"


def test_unknown_parameter_type_is_reported_at_the_type():
    text = HEADER + prim(sig="(path: strin) -> i32")
    assert error_of(text) == ("kernel.idl:5:23: error: unknown type 'strin' (expected one of void bool i32 "
                              "i64 u8 u32 u64 usize f64 RawPtr bytes string)")


def test_unknown_return_type_is_reported_at_the_type():
    text = HEADER + prim(sig="() -> int")
    assert error_of(text).startswith("kernel.idl:5:22: error: unknown type 'int'")


@pytest.mark.parametrize("field", ["errors", "cap", "doc"])
def test_missing_field_is_reported_at_the_primitive(field):
    text = HEADER + prim(**{field: None})
    assert error_of(text) == f"kernel.idl:5:1: error: missing field '{field}' in primitive 'fs_probe'"


def test_unknown_error_code_is_reported_at_the_code():
    text = HEADER + prim(errors="ENOENT EBOGUS")
    assert error_of(text) == "kernel.idl:6:19: error: unknown error code 'EBOGUS'"


def test_unknown_capability_is_reported():
    assert error_of(HEADER + prim(cap="TELEPORT")) == "kernel.idl:7:9: error: unknown capability 'TELEPORT'"


def test_gap_in_ids_is_reported():
    text = HEADER + prim(0, "a") + prim(2, "b")
    assert error_of(text) == "kernel.idl:9:6: error: primitive ids must be contiguous from 0: id 1 is missing"


def test_duplicate_error_code_value_is_reported():
    assert error_of(HEADER + "error EAGAIN 2 \"again\"\n") == \
        "kernel.idl:5:1: error: duplicate error value '2' (first declared on line 3)"


def test_bytes_cannot_be_a_return_type():
    assert error_of(HEADER + prim(sig="() -> bytes")) == "kernel.idl:5:22: error: type 'bytes' cannot be returned"


def test_error_shows_source_line_and_caret():
    text = HEADER + prim(sig="(path: strin) -> i32")
    with pytest.raises(IdlError) as info:
        parse(text)
    lines = str(info.value).splitlines()
    assert lines[1] == "    prim 0 fs_probe(path: strin) -> i32"
    assert lines[2] == "    " + " " * 22 + "^"


def test_cli_exits_65_with_message_and_no_traceback(tmp_path):
    bad = tmp_path / "kernel.idl"
    bad.write_text(HEADER + prim(0, "a") + prim(0, "b"))
    result = subprocess.run([sys.executable, "-m", "templates.idl", str(bad)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 65
    assert result.stderr.splitlines()[0] == f"{bad}:9:6: error: duplicate primitive id 0 (first used by 'a' on line 5)"
    assert "Traceback" not in result.stderr


def test_cli_reports_unreadable_file_with_65(tmp_path):
    result = subprocess.run([sys.executable, "-m", "templates.idl", str(tmp_path / "none.idl")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 65
    assert result.stderr.startswith(f"{tmp_path / 'none.idl'}:1:1: error: cannot read")
