"""Loader and verifier: every rejection rule of docs/bytecode.md section 5 has a case; each
gets exit status 65 and one line on stderr naming the reason."""
import pytest

from stage0.bytecode import encode
from tests.runtime.orbcraw import RET, Fn, Image, seal
from tests.runtime.vmkit import run_vm


def img(*words, **kw) -> Image:
    fn_kw = {k: kw.pop(k) for k in list(kw) if k in ("arity", "nregs", "upvals", "lines")}
    return Image([Fn(list(words) or [RET], **fn_kw)], **kw)


def jmp(off: int) -> int:
    return encode("JMP", sJ=off)


def with_fn(image: Image, fn: Fn) -> Image:
    image.fns.append(fn)
    return image


def truncated() -> bytes:
    return seal(img(RET).body()[:-7])


def trailing() -> bytes:
    return seal(img(RET).body() + b"\0")


CASES = {
    "bad magic": (lambda: img(magic=b"ORBX").bytes(), "bad magic"),
    "format version": (lambda: img(version=2).bytes(), "format version 2"),
    "kernel abi": (lambda: img(abi=9).bytes(), "kernel ABI 9"),
    "flags": (lambda: img(flags=1).bytes(), "unknown flags"),
    "checksum": (lambda: img().bytes()[:-1] + b"\x00", "checksum mismatch"),
    "short file": (lambda: b"ORBC", "truncated file"),
    "truncated body": (truncated, "truncated file"),
    "trailing bytes": (trailing, "unexpected bytes"),
    "count past end": (lambda: seal(img().body()[:30] + b"\xff\xff\xff\x7f" + img().body()[34:]), "past the end"),
    "constant tag": (lambda: img(consts=[(11, 0)]).bytes(), "constant 0 has a bad tag"),
    "i32 constant range": (lambda: img(consts=[(2, 2**31)]).bytes(), "constant 0 has a bad tag"),
    "shape kind": (lambda: img(shapes=[(2, "T", "", 0, [])]).bytes(), "shape 0 has unknown kind"),
    "arity above registers": (lambda: img(RET, arity=5, nregs=4).bytes(), "arity 5 and 4 registers"),
    "zero registers": (lambda: img(RET, nregs=0).bytes(), "arity 0 and 0 registers"),
    "empty code": (lambda: Image([Fn([], lines=[])]).bytes(), "has no code"),
    "upvalue in_stack": (lambda: with_fn(img(), Fn([RET], upvals=[(2, 0)])).bytes(), "has in_stack 2"),
    "unknown op": (lambda: img(250, RET).bytes(), "unknown op 250"),
    "unused bits": (lambda: img(encode("MOVE", A=0, B=1) | 1 << 24, RET).bytes(), "nonzero unused bits"),
    "register": (lambda: img(encode("MOVE", A=0, B=9), RET).bytes(), "register index 9"),
    "constant": (lambda: img(encode("LOADK", A=0, Bx=3), RET).bytes(), "constant index 3"),
    "function": (lambda: img(encode("FNREF", A=0, Bx=1), RET).bytes(), "function index 1"),
    "shape": (lambda: img(encode("NEWREC", A=0, Bx=0), RET).bytes(), "shape index 0"),
    "global": (lambda: img(encode("GETGLOBAL", A=0, Bx=0), RET).bytes(), "global index 0"),
    "import": (lambda: img(encode("GETIMPORT", A=0, Bx=2), RET).bytes(), "import index 2"),
    "upvalue": (lambda: img(encode("GETUPVAL", A=0, B=0), RET).bytes(), "upvalue index 0"),
    "intrinsic": (lambda: img(encode("INTRIN", A=0, B=255), RET).bytes(), "intrinsic index 255"),
    "kernel primitive": (lambda: img(encode("KCALL", A=0, Bx=999), RET).bytes(), "kernel primitive index 999"),
    "flag": (lambda: img(encode("LOADBOOL", A=0, B=2), RET).bytes(), "flag index 2"),
    "cast tag": (lambda: img(encode("CAST", A=0, B=1, C=10), RET).bytes(), "CAST to tag 10"),
    "span": (lambda: img(encode("CALL", A=2, B=3), RET).bytes(), "register span ends at 5"),
    "newrec span": (lambda: img(encode("NEWREC", A=3, Bx=0), RET, shapes=[(0, "P", "", 0, ["x", "y"])]).bytes(),
                    "register span ends at 4"),
    "jump outside": (lambda: img(jmp(5), RET).bytes(), "jump target 6 outside"),
    "jump backwards outside": (lambda: img(jmp(-2), RET).bytes(), "jump target -1 outside"),
    "jump onto JMP word": (lambda: img(encode("TEST", A=0, C=1), jmp(1), jmp(-2), RET).bytes(), "lands on the JMP word at 1"),
    "conditional without JMP": (lambda: img(encode("TEST", A=0, C=1), RET).bytes(), "not followed by a JMP word"),
    "falls off the end": (lambda: img(encode("LOADI", A=0, sBx=1)).bytes(), "code can run past its end"),
    "conditional at the end": (lambda: img(encode("TEST", A=0, C=1), jmp(-2)).bytes(), "code can run past its end"),
    "line table order": (lambda: img(RET, RET, lines=[(0, 1), (0, 2)]).bytes(), "line table pcs must rise"),
    "line table start": (lambda: img(RET, lines=[(1, 1)]).bytes(), "line table pcs must rise"),
    "export": (lambda: img(exports=[("x", 0, 0)]).bytes(), "export 0 names a missing global"),
    "init arity": (lambda: img(RET, arity=1).bytes(), "init function takes arguments"),
    "init index": (lambda: img(init=4).bytes(), "init function 4 does not exist"),
    "fnref with upvalues": (lambda: with_fn(img(encode("FNREF", A=0, Bx=1), RET), Fn([RET], upvals=[(1, 0)])).bytes(),
                            "FNREF of function 1, which has upvalues"),
    "closure capture": (lambda: with_fn(img(encode("CLOSURE", A=0, Bx=1), RET), Fn([RET], upvals=[(1, 7)])).bytes(),
                        "captures 7, outside this frame"),
    "missing import module": (lambda: img(imports=[("nowhere.mod", "f")]).bytes(), "nowhere.mod, which was not found"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rejected_with_status_65_and_one_line(orusvm, tmp_path, case):
    make, reason = CASES[case]
    r = run_vm(orusvm, tmp_path, make())
    assert r.rc == 65, r
    assert r.out == ""
    assert r.err.count("\n") == 1 and reason in r.err, r.err


def test_unexported_name_is_a_link_error(orusvm, tmp_path):
    lib = Image([Fn([RET])], name="lib", exports=[("f", 1, 0)])
    (tmp_path / "lib.orbc").write_bytes(lib.bytes())
    r = run_vm(orusvm, tmp_path, img(imports=[("lib", "g")]).bytes())
    assert (r.rc, r.err.strip().endswith("module lib does not export g")) == (65, True)


def test_import_links_to_exported_global(orusvm, tmp_path):
    from stage0.bytecode import ModuleBuilder
    from tests.runtime.vmkit import Prog
    lib = ModuleBuilder("util.lib", source="util/lib.orus")
    g = lib.global_var("answer")
    init = lib.function("", 0)
    init.emit("LOADI", 0, 42)
    init.emit("DEFGLOBAL", 0, g)
    init.emit("RETURN0")
    lib.set_init(init)
    lib.export_global("answer", g)
    (tmp_path / "util").mkdir()
    lib.write(tmp_path / "util" / "lib.orbc")
    p = Prog()
    f = p.main
    f.emit("GETIMPORT", 0, p.mb.import_name("util.lib", "answer"))
    p.say_int(f, 0)
    p.finish()
    assert run_vm(orusvm, tmp_path, p).out == "42\n"


def test_unreadable_file(orusvm, tmp_path):
    import subprocess
    r = subprocess.run([str(orusvm), str(tmp_path / "absent.orbc")], capture_output=True, text=True)
    assert (r.returncode, r.stderr) == (65, f'orusvm: Could not open file "{tmp_path / "absent.orbc"}".\n')


@pytest.mark.parametrize("args", [[], ["--bogus", "x.orbc"], ["--dis"], ["--dis", "a", "b"]])
def test_bad_usage_exits_64(orusvm, args):
    import subprocess
    r = subprocess.run([str(orusvm), *args], capture_output=True, text=True)
    assert r.returncode == 64 and r.stderr.startswith("orusvm: ")


def test_help_and_version(orusvm):
    import subprocess
    h = subprocess.run([str(orusvm), "--help"], capture_output=True, text=True)
    v = subprocess.run([str(orusvm), "--version"], capture_output=True, text=True)
    assert (h.returncode, h.stdout.startswith("usage: orusvm")) == (0, True)
    assert (v.returncode, v.stdout) == (0, "orusvm 0.1.0 (bytecode format 1, kernel ABI 1)\n")


def test_disassembly_lists_lines_ops_and_constants(orusvm, tmp_path):
    import subprocess
    from tests.runtime.test_vm_calls import fib_prog
    path = tmp_path / "fib.orbc"
    path.write_bytes(fib_prog(10).bytes())
    r = subprocess.run([str(orusvm), "--dis", str(path)], capture_output=True, text=True)
    assert r.returncode == 0
    assert "function F1 fib (arity 1, 4 registers, 0 upvalues, 9 words)" in r.stdout
    assert "      1  [0]  JLTI       R0 2 1 -> 9" in r.stdout
    assert "CALLF      R1 F1\t; fib" in r.stdout
