"""Orus build pipeline: `doit list` shows the tasks in pipeline order, `doit` builds them all.

Every task declares file_dep and targets, so a second `doit` does nothing and
`doit -n 2` is safe; `doit clean` removes what the tasks built.
"""
import os
from pathlib import Path

from templates.render import select as renderings_of

ROOT = Path(__file__).resolve().parent
BUILD = Path("build")
LIB = BUILD / "lib"
OBJ = BUILD / "obj"
CHECK = BUILD / "check"
DRIVER = "tests/kernel/driver.c"
VALGRIND = ["valgrind", "-q", "--error-exitcode=1", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect"]
SANITIZE_FLAGS = ["-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
                  "-fno-omit-frame-pointer"]

CC = os.environ.get("CC", "cc")
CFLAGS = ["-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-D_DEFAULT_SOURCE", "-fPIC"]
KERNEL_FLAGS = ["-DORUS_PORT_posix=1", "-Ikernel/gen", "-Ikernel"]
KERNEL_LIBS = ["-pthread"]

DOIT_CONFIG = {
    # what bare `doit` builds: every build task, in pipeline order (checks run from tox)
    # (`doit bootstrap` also checks the committed seed; tests/test_bootstrap.py does in tox)
    "default_tasks": ["kernel_stubs", "kernel", "opcodes", "vm", "std", "stage1", "stage2",
                      "stage3", "orus", "example"],
    "verbosity": 2,
    "backend": "sqlite3",       # safe when several doit runs share the checkout
    "sort": "definition",       # `doit list` in pipeline order
}


# ---- helpers ---------------------------------------------------------------

def render_task(task: str) -> dict:
    """A doit task dict rendering every templates registry entry owned by `task`."""
    chosen = renderings_of(task)
    deps = sorted({d for r in chosen for d in r.deps()})
    return {
        "actions": [["python3", "-m", "templates.render", "--task", task]],
        "file_dep": deps,
        "targets": [r.output for r in chosen],
        # generated files are committed sources: `doit clean` must not delete them
        "clean": [],
    }


def cc_objects(name: str, sources: list, flags: list, headers: list):
    """Sub-tasks compiling each C source into build/obj/<name>/; yields (task, object path)."""
    for src in sources:
        obj = OBJ / name / (Path(src).stem + ".o")
        yield {
            "name": f"{name}/{Path(src).stem}.o",
            "actions": [(mkdir, [obj.parent]), [CC, *CFLAGS, *flags, "-c", str(src), "-o", str(obj)]],
            "file_dep": [str(src), *map(str, headers)],
            "targets": [str(obj)],
            "clean": True,
        }, obj


def archive(name: str, lib: Path, objects: list) -> dict:
    """Sub-task bundling objects into a static library."""
    return {
        "name": name,
        "actions": [(mkdir, [lib.parent]), (remove, [lib]), ["ar", "rcs", str(lib), *map(str, objects)]],
        "file_dep": list(map(str, objects)),
        "targets": [str(lib)],
        "clean": True,
    }


def shared(name: str, lib: Path, objects: list, libs: list) -> dict:
    """Sub-task linking objects into a shared library."""
    return {
        "name": name,
        "actions": [(mkdir, [lib.parent]), [CC, "-shared", "-o", str(lib), *map(str, objects), *libs]],
        "file_dep": list(map(str, objects)),
        "targets": [str(lib)],
        "clean": True,
    }


def mkdir(path) -> None:
    Path(path).mkdir(parents=True, exist_ok=True)


def remove(path) -> None:
    Path(path).unlink(missing_ok=True)


def stamp(path) -> None:
    """Record that a check passed (its target), so doit reruns it only when inputs change."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("ok\n")


def kernel_sources() -> list:
    return sorted(Path("kernel/posix").glob("*.c")) + [Path("kernel/gen/ork_dispatch.c")]


def kernel_headers() -> list:
    return sorted(Path("kernel").glob("**/*.h"))


def kernel_variant(name: str, flags: list):
    """Object sub-tasks of one kernel build variant, and the object list they produce."""
    tasks, objects = [], []
    for task, obj in cc_objects(name, kernel_sources(), KERNEL_FLAGS + flags, kernel_headers()):
        tasks.append(task)
        objects.append(obj)
    return tasks, objects


# ---- tasks, in pipeline order ----------------------------------------------

def task_kernel_stubs():
    """Render kernel.idl into the C header, dispatch table, std/__kernel.orus and docs/kernel_abi.md."""
    return render_task("kernel_stubs")


def task_kernel():
    """Build the C kernel: build/lib/libork.a, libork.so and the fault-injection libork_fault.so."""
    tasks, objects = kernel_variant("libork", [])
    yield from tasks
    yield archive("libork.a", LIB / "libork.a", objects)
    yield shared("libork.so", LIB / "libork.so", objects, KERNEL_LIBS)
    fault_tasks, fault_objects = kernel_variant("libork_fault", ["-DORUS_FAULT_INJECTION=1"])
    yield from fault_tasks
    yield archive("libork_fault.a", LIB / "libork_fault.a", fault_objects)
    yield shared("libork_fault.so", LIB / "libork_fault.so", fault_objects, KERNEL_LIBS)


def task_opcodes():
    """Render runtime/opcodes.def into runtime/gen/opcodes.h, stage0/opcodes.py and stage1/opcodes.orus."""
    return render_task("opcodes")


def task_kernel_valgrind():
    """Run the C driver of every primitive (fault build) under valgrind: no error, no leak."""
    exe, ok = CHECK / "kernel_driver", CHECK / "kernel_valgrind.ok"
    lib = LIB / "libork_fault.a"
    return {
        "actions": [(mkdir, [CHECK]),
                    [CC, *CFLAGS, *KERNEL_FLAGS, DRIVER, str(lib), *KERNEL_LIBS, "-o", str(exe)],
                    [*VALGRIND, str(exe)], (stamp, [ok])],
        "file_dep": [DRIVER, str(lib), *map(str, kernel_headers())],
        "targets": [str(exe), str(ok)],
        "clean": True,
    }


def task_kernel_sanitize():
    """Build the kernel and its C driver with ASan + UBSan and run it: no report allowed."""
    exe, ok = CHECK / "kernel_driver_asan", CHECK / "kernel_sanitize.ok"
    sources = [*map(str, kernel_sources()), DRIVER]
    flags = [f for f in CFLAGS if f != "-O2"] + SANITIZE_FLAGS + KERNEL_FLAGS + ["-DORUS_FAULT_INJECTION=1"]
    return {
        "actions": [(mkdir, [CHECK]), [CC, *flags, *sources, *KERNEL_LIBS, "-o", str(exe)],
                    [str(exe)], (stamp, [ok])],
        "file_dep": [*sources, *map(str, kernel_headers())],
        "targets": [str(exe), str(ok)],
        "clean": True,
    }


# ---- runtime (VM, GC, loader) ------------------------------------------------

BIN = BUILD / "bin"
RUNTIME_FLAGS = ["-Iruntime", "-Ikernel/gen", "-Ikernel"]
RUNTIME_LIBS = ["-lm", "-pthread"]


ORUS_DRIVER = Path("runtime/orus.c")     # the main of build/bin/orus, not of orusvm


def runtime_sources() -> list:
    return sorted(p for p in Path("runtime").glob("*.c") if p != ORUS_DRIVER)


def runtime_headers() -> list:
    return sorted(Path("runtime").glob("**/*.h")) + kernel_headers()


def vm_variant(name: str, flags: list, libork: Path, ldflags: list = ()):
    """Object sub-tasks and the link sub-task of one orusvm build into build/bin/<name>."""
    objects, binary = [], BIN / name
    for task, obj in cc_objects(name, runtime_sources(), RUNTIME_FLAGS + flags, runtime_headers()):
        objects.append(obj)
        yield task
    yield {
        "name": name,
        "actions": [(mkdir, [BIN]), [CC, *flags, *ldflags, "-o", str(binary), *map(str, objects),
                                     str(libork), *RUNTIME_LIBS]],
        "file_dep": [*map(str, objects), str(libork)],
        "targets": [str(binary)],
        "clean": True,
    }


def task_vm():
    """Build build/bin/orusvm, orusvm_fault (fault-injection kernel) and the loader fuzz driver."""
    yield from vm_variant("orusvm", [], LIB / "libork.a")
    yield from vm_variant("orusvm_fault", ["-DORUS_FAULT_INJECTION=1"], LIB / "libork_fault.a")
    yield fuzz_binary("loader_fuzz", [CC, *CFLAGS, "-DORV_FUZZ_MAIN"], LIB / "libork.a")


def stage0_sources() -> list:
    """What a stage0 compilation depends on: its Python modules."""
    return sorted(Path("stage0").glob("*.py"))


def task_std():
    """Compile std/ with stage0 into build/lib/std/*.orbc (each module with the modules it uses)."""
    sources = sorted(Path("std").rglob("*.orus"))
    deps = [str(p) for p in sources + stage0_sources()]
    # __kernel is no program of its own (it does not see the prelude): the prelude's
    # compilation writes __kernel.orbc next to prelude.orbc.
    for src in (s for s in sources if s.name != "__kernel.orus"):
        rel = src.relative_to("std").with_suffix(".orbc")
        out = LIB / "std" / rel
        yield {
            "name": rel.as_posix(),
            "actions": [["python3", "-m", "stage0", "compile", str(src), "-o", str(out)]],
            "file_dep": deps,
            "targets": [str(out)],
            "clean": True,
        }


def task_example():
    """Compile and run examples/shapes.orus (it imports a module of its own): the toolchain works."""
    return {
        "actions": [["python3", "-m", "stage0", "run", "examples/shapes.orus"]],
        "file_dep": ["examples/shapes.orus", "examples/lib/geometry.orus", str(BIN / "orusvm")],
        "task_dep": ["std"],
        "uptodate": [False],
        "verbosity": 2,
    }


# ---- the bootstrap: stage0 builds stage1, which builds itself twice ----------

STAGES = [BUILD / "stage1", BUILD / "stage2", BUILD / "stage3"]
SEED = Path("stage2")              # the committed self-compiled compiler
COMPILER_MAIN = "stage1/cli.orus"


def compiler_sources() -> list:
    """What every build of the compiler depends on: its Orus sources, std and the kernel ABI."""
    return sorted(Path("stage1").glob("*.orus")) + sorted(Path("std").rglob("*.orus")) + \
        [Path("kernel.idl")]


def images(folder: Path) -> dict:
    """Every .orbc under folder by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*.orbc"))}


def fresh_dir(path) -> None:
    """An empty folder, so images of modules the compiler no longer uses do not linger."""
    import shutil
    shutil.rmtree(path, ignore_errors=True)
    Path(path).mkdir(parents=True)


def stage_task(n: int) -> dict:
    """Compile stage1/cli.orus with the compiler built by stage n-1 (stage0 for n = 1)."""
    out = STAGES[n - 1] / "orusc.orbc"
    if n == 1:
        compile_cmd = ["python3", "-m", "stage0", "compile", COMPILER_MAIN, "-o", str(out)]
        deps = compiler_sources() + stage0_sources()
    else:
        prev = STAGES[n - 2] / "orusc.orbc"
        compile_cmd = [str(BIN / "orusvm"), str(prev), "compile", COMPILER_MAIN, "-o", str(out)]
        deps = compiler_sources() + [prev, BIN / "orusvm"]
    return {
        "actions": [(fresh_dir, [out.parent]), compile_cmd],
        "file_dep": [str(p) for p in deps],
        "targets": [str(out)],
        "clean": [(fresh_dir, [out.parent])],
    }


def task_stage1():
    """stage0 compiles the compiler in Orus: build/stage1/orusc.orbc and the modules it uses."""
    return stage_task(1)


def task_stage2():
    """stage1 compiles itself: build/stage2/orusc.orbc."""
    return stage_task(2)


def task_stage3():
    """stage2 compiles itself again: build/stage3/orusc.orbc."""
    return stage_task(3)


def check_fixpoint() -> bool:
    """stage1 == stage2 == stage3 == the committed seed, image by image, byte for byte."""
    builds = [(str(d), images(d)) for d in STAGES] + [(f"the seed {SEED}/", images(SEED))]
    want_name, want = builds[0]
    for name, got in builds[1:]:
        differ = sorted(k for k in set(want) | set(got) if want.get(k) != got.get(k))
        if differ:
            print(f"bootstrap: {name} differs from {want_name} in {len(differ)} image(s): "
                  + ", ".join(differ[:8]))
            if name.startswith("the seed"):
                print("bootstrap: if the compiler or std changed on purpose, `doit seed` "
                      "records the new build as the seed")
            return False
    size = sum(len(b) for b in want.values())
    print(f"bootstrap: fixpoint: {len(want)} images, {size:,} bytes, identical in "
          f"{', '.join(name for name, _ in builds)}")
    return True


def task_bootstrap():
    """Build the self-hosted toolchain (build/bin/orus) and prove stage1 == stage2 == stage3 == seed stage2/."""
    return {
        "actions": [(check_fixpoint,)],
        "file_dep": [str(STAGES[2] / "orusc.orbc")] + [str(p) for p in sorted(SEED.rglob("*.orbc"))],
        "task_dep": ["stage1", "stage2", "stage3", "orus"],
        "uptodate": [False],        # a cheap comparison whose verdict is the point: always say it
        "verbosity": 2,
    }


def record_seed() -> bool:
    """Copy build/stage3's images to stage2/ with their SHA-256 sums, once stage2 == stage3."""
    import hashlib
    import shutil
    built = images(STAGES[2])
    if built != images(STAGES[1]):
        print("seed: build/stage2 and build/stage3 differ; no fixpoint to record")
        return False
    for old in SEED.rglob("*.orbc"):
        old.unlink()
    lines = []
    for rel, data in built.items():
        (SEED / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STAGES[2] / rel, SEED / rel)
        lines.append(f"{hashlib.sha256(data).hexdigest()}  {rel}\n")
    (SEED / "SHA256SUMS").write_text("".join(lines))
    print(f"seed: recorded {len(built)} images in {SEED}/")
    return True


def task_seed():
    """Record the fixpoint build as the committed seed stage2/ (after a deliberate compiler change)."""
    return {
        "actions": [(record_seed,)],
        "task_dep": ["stage2", "stage3"],
        "uptodate": [False],
        "verbosity": 2,
    }


# ---- the orus executable: the VM with the toolchain built in ------------------

EMBED_C = BUILD / "gen" / "orus_embed.c"


def embedded_files() -> list:
    """(home prefix=source) specs for templates/embed.py, and what decides their bytes: the
    std images come from stage0, so its sources count as well as the stage-3 compiler's."""
    specs = ["std=std:**/*.orus", "kernel.idl=kernel.idl",
             f"compiler={STAGES[2]}:**/*.orbc", f"lib={LIB / 'std'}:**/*.orbc"]
    files = compiler_sources() + stage0_sources() + [STAGES[2] / "orusc.orbc"]
    return specs, files


def task_orus():
    """Build build/bin/orus: the VM with the compiler, prelude and std built in (no Python needed)."""
    specs, files = embedded_files()
    yield {
        "name": "embed",
        "actions": [["python3", "-m", "templates.embed", str(EMBED_C), *specs]],
        "file_dep": [str(p) for p in files] + ["templates/embed.py", "templates/embed.c.j2"],
        "task_dep": ["stage3", "std"],
        "targets": [str(EMBED_C)],
        "clean": True,
    }
    driver = []
    for task, obj in cc_objects("orus", [ORUS_DRIVER, EMBED_C], RUNTIME_FLAGS, runtime_headers()):
        driver.append(obj)
        yield task
    objects, binary, libork = runtime_objects("orusvm") + driver, BIN / "orus", LIB / "libork.a"
    yield {
        "name": "link",
        "actions": [(mkdir, [BIN]), [CC, "-o", str(binary), *map(str, objects), str(libork),
                                     *RUNTIME_LIBS]],
        "file_dep": [*map(str, objects), str(libork)],
        "targets": [str(binary)],
        "clean": True,
    }


def runtime_objects(variant: str) -> list:
    """Objects of a vm_variant build except main.o (harnesses bring their own main)."""
    return [OBJ / variant / (src.stem + ".o") for src in runtime_sources() if src.stem != "main"]


FUZZ_HARNESS = "runtime/fuzz/loader_fuzz.c"


def fuzz_binary(name: str, compile_cmd: list, libork: Path, variant: str = "orusvm") -> dict:
    """Sub-task linking the loader fuzz harness against a variant's runtime objects."""
    objects, binary = runtime_objects(variant), BIN / name
    return {
        "name": name,
        "actions": [(mkdir, [BIN]), [*compile_cmd, *RUNTIME_FLAGS, FUZZ_HARNESS, *map(str, objects),
                                     str(libork), *RUNTIME_LIBS, "-o", str(binary)]],
        "file_dep": [FUZZ_HARNESS, *map(str, objects), str(libork)],
        "targets": [str(binary)],
        "clean": True,
    }


def task_fuzz():
    """Fuzz the .orbc loader: libFuzzer for 60 s when clang exists, else 200k in-process mutations."""
    import shutil
    corpus = BUILD / "fuzz" / "corpus"
    seeds = {"name": "seeds", "actions": [["python3", "runtime/fuzz/make_seeds.py", str(corpus)]],
             "file_dep": ["runtime/fuzz/make_seeds.py", "tests/runtime/seeds.py"], "targets": [str(corpus / "fib.orbc")]}
    yield seeds
    san = list(SANITIZE_FLAGS)        # objects come from task_sanitize's orusvm_asan build
    if shutil.which("clang"):
        sources = [str(s) for s in runtime_sources() if s.stem != "main"]
        binary = BIN / "loader_libfuzzer"   # runtime compiled by clang too: coverage guides the fuzzer
        yield {"name": "loader_libfuzzer",
               "actions": [(mkdir, [BIN]), ["clang", "-std=c11", "-g", "-O1", "-D_DEFAULT_SOURCE",
                                            "-fsanitize=fuzzer,address,undefined", *RUNTIME_FLAGS,
                                            FUZZ_HARNESS, *sources, str(LIB / "libork.a"), *RUNTIME_LIBS,
                                            "-o", str(binary)]],
               "file_dep": [FUZZ_HARNESS, *sources, *map(str, runtime_headers()), str(LIB / "libork.a")],
               "targets": [str(binary)], "clean": True}
        run = [str(BIN / "loader_libfuzzer"), "-max_total_time=60", "-timeout=5", "-rss_limit_mb=4096",
               str(BUILD / "fuzz" / "work"), str(corpus)]
        deps = [str(BIN / "loader_libfuzzer")]
    else:
        yield fuzz_binary("loader_fuzz_asan", [CC, *CFLAGS, *san, "-DORV_FUZZ_MAIN"], LIB / "libork.a", "orusvm_asan")
        run = f"{BIN / 'loader_fuzz_asan'} {corpus}/*.orbc --runs 20000 --seed 1"
        deps = [str(BIN / "loader_fuzz_asan")]
    yield {"name": "run", "actions": [(mkdir, [BUILD / "fuzz" / "work"]), run], "file_dep": deps,
           "uptodate": [False], "verbosity": 2}


def task_sanitize():
    """Build orusvm with ASan + UBSan and run the runtime tests on it: no report allowed."""
    san = [f for f in SANITIZE_FLAGS]
    yield from vm_variant("orusvm_asan", san + ["-O1"], LIB / "libork.a", san)
    ok = CHECK / "runtime_sanitize.ok"
    tests = sorted(map(str, Path("tests/runtime").glob("*.py")))
    yield {
        "name": "tests",
        "actions": [(mkdir, [CHECK]), run_sanitized_tests, (stamp, [ok])],
        "file_dep": [str(BIN / "orusvm_asan"), *tests],
        "targets": [str(ok)],
        "clean": True,
    }


def run_sanitized_tests() -> bool:
    """pytest tests/runtime with ORUSVM pointing at the sanitized binary."""
    import subprocess
    env = dict(os.environ, ORUSVM=str(BIN / "orusvm_asan"), ORUS_SANITIZED="1",
               ASAN_OPTIONS="detect_leaks=1:abort_on_error=0", UBSAN_OPTIONS="print_stacktrace=1")
    return subprocess.run(["python3", "-m", "pytest", "-q", "-x", "tests/runtime"], env=env).returncode == 0


# ---- benchmarks ------------------------------------------------------------------------------

def task_bench():
    """Benchmarks against Lua 5.4, LuaJIT -joff and CPython into bench/RESULTS.md (--quick: smoke run)."""
    return {
        "actions": [(run_bench,)],
        "params": [{"name": "quick", "long": "quick", "type": bool, "default": False,
                    "help": "one run per program at its small size; report in build/bench/"}],
        # stage0 writes the std modules a program uses (prelude included) next to its .orbc
        "task_dep": ["vm"],
        "uptodate": [False],        # timings are the point: always run
        "verbosity": 2,
    }


def run_bench(quick: bool) -> bool:
    """bench/run.py in a child process; BENCH_QUICK=1 in the environment also selects quick mode."""
    import subprocess
    import sys
    return subprocess.run([sys.executable, "bench/run.py", *(["--quick"] if quick else [])]).returncode == 0
