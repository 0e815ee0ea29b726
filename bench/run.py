"""Benchmarks side by side: Orus (stage0 + orusvm), Lua 5.4, LuaJIT with the JIT off, CPython 3.

    python3 bench/run.py            full run (what `doit bench` does): writes bench/RESULTS.md
                                    and bench/ratios.png
    python3 bench/run.py --quick    one run of each program at its small size, output checks only
                                    worth trusting; writes build/bench/RESULTS.md (also BENCH_QUICK=1)

Every program reads its size from standard input and prints the same bytes in every language.
Lua 5.4's output is the reference: an implementation whose output differs is reported and left
out of the timings. Orus programs are compiled to .orbc first, so compile time is not run time.
Exit status: 0 when every output matched, 1 when one did not, 2 when a peer is missing.
"""
from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BUILD = ROOT / "build" / "bench"
ORUSVM = ROOT / "build" / "bin" / "orusvm"
PEER_PACKAGES = {"lua5.4": "lua5.4", "luajit": "luajit"}
TIMEOUT = 120.0                 # seconds; a run past it is killed and counted as failed


@dataclass(frozen=True)
class Benchmark:
    name: str
    size: int                   # full runs: Lua 5.4 takes 0.3-1 s on this machine
    small: int                  # quick mode and callgrind: about a tenth of the work
    what: str


BENCHMARKS = (
    Benchmark("fib", 35, 27, "recursive calls"),
    Benchmark("loop", 20_000_000, 2_000_000, "integer arithmetic"),
    Benchmark("nbody", 200_000, 20_000, "f64 and structs"),
    Benchmark("spectral_norm", 600, 200, "f64 and arrays"),
    Benchmark("binary_trees", 15, 12, "allocation and GC"),
    Benchmark("fannkuch", 9, 8, "small integer arrays"),
    Benchmark("strings", 2_000_000, 200_000, "building and concatenation"),
    Benchmark("sort", 1_000_000, 100_000, "quicksort over an array"),
    Benchmark("calls", 3_000_000, 300_000, "method calls on structs"),
    Benchmark("closures", 5_000_000, 500_000, "closure creation and calls"),
    Benchmark("map", 1_300_000, 130_000, "hash insert and lookup"),
    Benchmark("json", 35_000, 3_500, "parsing a generated text"),
)


@dataclass(frozen=True)
class Impl:
    key: str
    label: str
    argv: tuple                 # the program's path is appended
    suffix: str                 # of the source file under bench/<name>/


def implementations(python: str = sys.executable) -> tuple:
    """The four implementations, Lua 5.4 (the reference) first."""
    return (
        Impl("lua", "Lua 5.4", ("lua5.4",), ".lua"),
        Impl("orus", "Orus", (str(ORUSVM),), ".orus"),
        Impl("luajit", "LuaJIT -joff", ("luajit", "-joff"), ".lua"),
        Impl("python", "CPython", (python,), ".py"),
    )


def source_path(impl: Impl, folder: str, stem: str) -> Path:
    return BENCH / folder / f"{stem}{impl.suffix}"


def program_path(impl: Impl, folder: str, stem: str) -> Path:
    """What the implementation runs: the source, or for Orus the compiled .orbc under build/."""
    if impl.key == "orus":
        return BUILD / "orbc" / folder / f"{stem}.orbc"
    return source_path(impl, folder, stem)


# ---- running one program ---------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    seconds: float
    rss_kib: int                # peak resident set of the child (ru_maxrss)
    status: int                 # exit status; negative: killed by that signal
    stdout: bytes
    stderr: bytes


def build_measure() -> Path:
    """Compile bench/measure.c (the process that forks each benchmark) when it is stale."""
    source, binary = BENCH / "measure.c", BUILD / "measure"
    if not binary.exists() or binary.stat().st_mtime < source.stat().st_mtime:
        binary.parent.mkdir(parents=True, exist_ok=True)
        cc = os.environ.get("CC", "cc")
        subprocess.run([cc, "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", str(source), "-o", str(binary)],
                       check=True)
    return binary


def run_program(argv: list, stdin_text: str, timeout: float = TIMEOUT) -> Run:
    """Run argv with stdin_text on standard input, through the measure helper: wall time and
    the child's own peak RSS. A run past timeout is killed (its whole process group)."""
    measure = build_measure()
    with tempfile.TemporaryDirectory() as tmp:
        files = {name: Path(tmp) / name for name in ("in", "out", "err", "report")}
        files["in"].write_text(stdin_text)
        with open(files["in"], "rb") as fin, open(files["out"], "wb") as fout, \
                open(files["err"], "wb") as ferr:
            proc = subprocess.Popen([str(measure), str(files["report"]), *argv], stdin=fin,
                                    stdout=fout, stderr=ferr, cwd=ROOT, start_new_session=True)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
        stdout, stderr = files["out"].read_bytes(), files["err"].read_bytes()
        if proc.returncode != 0 or not files["report"].exists():
            return Run(0.0, 0, -9 if proc.returncode < 0 else 127, stdout,
                       stderr + f"killed after {timeout:.0f} s or not started\n".encode())
        status, seconds, rss = files["report"].read_text().split()
        return Run(float(seconds), int(rss), int(status), stdout, stderr)


def run_impl(impl: Impl, folder: str, stem: str, size_text: str) -> Run:
    return run_program([*impl.argv, str(program_path(impl, folder, stem))], size_text)


# ---- peers and the Orus compiler -------------------------------------------------------

def missing_peers() -> list:
    return [cmd for cmd in PEER_PACKAGES if shutil.which(cmd) is None]


def ensure_peers() -> list:
    """Install Lua 5.4 and LuaJIT from Debian when missing and we are root; what is still missing."""
    missing = missing_peers()
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        packages = [PEER_PACKAGES[cmd] for cmd in missing]
        print(f"bench: installing {' '.join(packages)} with apt-get", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-q"], env=env, stdin=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", *packages], env=env, stdin=subprocess.DEVNULL)
        missing = missing_peers()
    return missing


@dataclass(frozen=True)
class Compiled:
    ok: bool
    seconds: float
    message: str                # first line of the diagnostics when not ok


def diagnostic_line(text: str, status: int) -> str:
    """The line that says what went wrong: a diagnostic's first line, a traceback's last."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return f"exit status {status}"
    if lines[0].startswith("Traceback"):
        return "stage0 crashed: " + lines[-1].strip()
    return lines[0]


def compile_orus(folder: str, stem: str, python: str = sys.executable) -> Compiled:
    """stage0 compiles bench/<folder>/<stem>.orus to build/bench/orbc/<folder>/<stem>.orbc."""
    impl = Impl("orus", "Orus", (), ".orus")
    out = program_path(impl, folder, stem)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    src = source_path(impl, folder, stem).relative_to(ROOT)
    start = time.perf_counter()
    proc = subprocess.run([python, "-m", "stage0", "compile", str(src), "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0 or not out.exists():
        return Compiled(False, seconds, diagnostic_line(proc.stderr or proc.stdout, proc.returncode))
    return Compiled(True, seconds, "")


# ---- output checks ---------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    ok: bool
    note: str                   # why not ok ("" when ok)
    run: Run | None = None      # the checking run (quick mode reports its time)


def first_difference(expected: bytes, actual: bytes) -> str:
    exp, act = expected.decode(errors="replace").splitlines(), actual.decode(errors="replace").splitlines()
    for i, (a, b) in enumerate(zip(exp, act)):
        if a != b:
            return f"line {i + 1}: expected {a!r}, got {b!r}"
    if len(exp) != len(act):
        return f"expected {len(exp)} lines, got {len(act)}"
    return "output differs (line endings or trailing bytes)"


def judge(run: Run, reference: bytes) -> Verdict:
    if run.status != 0:
        detail = diagnostic_line(run.stderr.decode(errors="replace"), run.status)
        return Verdict(False, f"exit status {run.status}: {detail}", run)
    if run.stdout != reference:
        return Verdict(False, first_difference(reference, run.stdout), run)
    return Verdict(True, "", run)


def check_benchmark(bench: Benchmark, impls: tuple, size: int, compiled: dict) -> dict:
    """Run every implementation once and compare with Lua 5.4's output: impl key -> Verdict."""
    text = f"{size}\n"
    lua = next(i for i in impls if i.key == "lua")
    reference = run_impl(lua, bench.name, bench.name, text)
    verdicts = {"lua": Verdict(reference.status == 0, "" if reference.status == 0 else
                               f"Lua 5.4 failed with status {reference.status}", reference)}
    for impl in impls:
        if impl.key == "lua":
            continue
        if impl.key == "orus" and not compiled[bench.name].ok:
            verdicts[impl.key] = Verdict(False, "compile error: " + compiled[bench.name].message)
            continue
        verdicts[impl.key] = judge(run_impl(impl, bench.name, bench.name, text), reference.stdout)
    return verdicts


# ---- timing ------------------------------------------------------------------------------

@dataclass
class Cell:
    runs: list = field(default_factory=list)

    @property
    def times(self) -> list:
        return sorted(r.seconds for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def rss_kib(self) -> int:
        return max(r.rss_kib for r in self.runs)


def measure(benches: tuple, impls: tuple, rounds: int, usable: dict) -> dict:
    """Interleave the runs: each round runs every (benchmark, implementation) pair once, the
    implementations in a rotating order, so drift of the machine spreads over all of them."""
    cells = {}
    for r in range(rounds):
        order = impls[r % len(impls):] + impls[:r % len(impls)]
        for bench in benches:
            for impl in order:
                if not usable[bench.name][impl.key].ok:
                    continue
                run = run_impl(impl, bench.name, bench.name, f"{bench.size}\n")
                if run.status != 0:
                    usable[bench.name][impl.key] = judge(run, b"")
                    continue
                cells.setdefault((bench.name, impl.key), Cell()).runs.append(run)
        print(f"bench: round {r + 1}/{rounds} done", flush=True)
    return cells


def ratio(cells: dict, name: str, key: str, best: bool = False) -> float | None:
    """Median time over Lua 5.4's median time (best: fastest run over Lua's fastest run)."""
    cell, lua = cells.get((name, key)), cells.get((name, "lua"))
    if cell is None or lua is None or not cell.runs or not lua.runs:
        return None
    if best:
        return cell.times[0] / lua.times[0]
    return cell.median / lua.median


def geometric_mean(values: list) -> float | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


@dataclass(frozen=True)
class Startup:
    min_ms: float
    median_ms: float


def measure_startup(impls: tuple, runs: int) -> dict:
    """Hello-world start-up per implementation (impl key -> Startup), interleaved."""
    samples = {impl.key: [] for impl in impls}
    for _ in range(runs):
        for impl in impls:
            run = run_impl(impl, "startup", "hello", "")
            if run.status == 0 and run.stdout == b"hello, world\n":
                samples[impl.key].append(run.seconds * 1000)
    return {k: Startup(min(v), statistics.median(v)) for k, v in samples.items() if v}


# ---- instruction counts -------------------------------------------------------------------

def callgrind_instructions(impl: Impl, bench: Benchmark) -> int | None:
    """Total instructions (Ir) of one run at the small size under valgrind's callgrind."""
    out = BUILD / "callgrind" / f"{bench.name}.{impl.key}.out"
    out.parent.mkdir(parents=True, exist_ok=True)
    argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            *impl.argv, str(program_path(impl, bench.name, bench.name))]
    run = run_program(argv, f"{bench.small}\n", timeout=20 * TIMEOUT)
    found = re.search(rb"Collected\s*:\s*(\d+)", run.stderr)
    return int(found.group(1)) if run.status == 0 and found else None


# ---- stage0 compile speed -----------------------------------------------------------------

@dataclass(frozen=True)
class CompileSpeed:
    lines: int
    seconds: float
    files: int
    failures: list

    @property
    def lines_per_second(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0


def std_modules() -> list:
    """Dotted names of the std modules a program may import (not the prelude or __kernel)."""
    names = []
    for path in sorted((ROOT / "std").rglob("*.orus")):
        rel = path.relative_to(ROOT / "std").with_suffix("")
        if rel.name.startswith("__") or rel.name == "prelude":
            continue
        names.append(".".join(rel.parts))
    return names


def corpus_programs() -> list:
    """The largest Orus source we have: every std module (each through a one-line program that
    imports it, so one broken module does not hide the others) and the benchmarks."""
    folder = BUILD / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    programs = []
    for module in std_modules():
        path = folder / f"use_{module.replace('.', '_')}.orus"
        path.write_text(f"use {module}\n")
        programs.append(path)
    return programs + [BENCH / b.name / f"{b.name}.orus" for b in BENCHMARKS]


def stage0_compile_speed() -> CompileSpeed:
    """Lines of every module stage0 loads and compiles, over the time it takes, in-process
    (so Python's start-up is not counted); each program is compiled as `stage0 compile` does."""
    sys.path.insert(0, str(ROOT))
    from stage0.compiler import Program, check_program, default_search
    from stage0.codegen import emit_program
    lines = files = 0
    seconds = 0.0
    failures = []
    for path in corpus_programs():
        program = Program()
        start = time.perf_counter()
        try:
            check_program(str(path), default_search(str(ROOT), dict(os.environ)), program)
            for _name, _data in emit_program(program, path.stem + ".orbc"):
                pass
        except Exception as err:        # a compile error: report it, measure the rest
            failures.append(f"{path.relative_to(ROOT)}: {str(err).splitlines()[0] if str(err) else type(err).__name__}")
            continue
        seconds += time.perf_counter() - start
        texts = getattr(program, "texts", {})
        lines += sum(text.count("\n") for text in texts.values())
        files += len(texts)
    return CompileSpeed(lines, seconds, files, failures)


# ---- report -------------------------------------------------------------------------------

def fmt_seconds(cell: Cell | None) -> str:
    if cell is None or not cell.runs:
        return "—"
    t = cell.times
    return f"{statistics.median(t):.3f} ({t[0]:.3f}–{t[-1]:.3f})"


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def peer_versions(impls: tuple) -> dict:
    versions = {}
    for impl in impls:
        if impl.key == "orus":
            continue
        flag = "--version" if impl.key == "python" else "-v"
        proc = subprocess.run([impl.argv[0], flag], capture_output=True, text=True)
        versions[impl.key] = (proc.stdout or proc.stderr).strip().splitlines()[0] if proc.returncode == 0 else "?"
    return versions


def git_head() -> str:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout.strip() or "unknown"


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


@dataclass
class Report:
    quick: bool
    rounds: int
    benches: tuple
    impls: tuple
    verdicts: dict              # bench name -> impl key -> Verdict
    cells: dict                 # (bench name, impl key) -> Cell
    startup: dict
    compiled: dict              # bench name -> Compiled
    instructions: dict = field(default_factory=dict)     # (bench name, impl key) -> int | None
    compile_speed: CompileSpeed | None = None


def header_lines(report: Report) -> list:
    versions = peer_versions(report.impls)
    mode = ("quick mode: one run per program at its small size; only the output checks count"
            if report.quick else f"{report.rounds} runs per cell, interleaved")
    vm = f"{ORUSVM.stat().st_size:,} bytes" if ORUSVM.exists() else "not built"
    return [
        "# Benchmarks: Orus against Lua 5.4, LuaJIT (JIT off) and CPython",
        "",
        f"Written by `doit bench{' --quick' if report.quick else ''}` "
        f"({datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}, commit {git_head()}) on "
        f"{cpu_name()}, {os.cpu_count()} cores; {mode}.",
        f"Peers: {versions.get('lua', '?')}; {versions.get('luajit', '?')} with `-joff`; "
        f"{versions.get('python', '?')}. Orus: `build/bin/orusvm` ({vm}) running stage0's .orbc.",
        "Each program reads its size on stdin; every implementation's output is compared byte for byte",
        "with Lua 5.4's before anything is timed. Times are wall-clock seconds of the whole process.",
        "",
    ]


def time_table(report: Report) -> list:
    keys = [i.key for i in report.impls]
    labels = [i.label for i in report.impls]
    lines = ["## Time in seconds: median (min–max)", "",
             "| benchmark | size | " + " | ".join(labels) + " |",
             "|---|---:|" + "---:|" * len(keys)]
    for b in report.benches:
        size = b.small if report.quick else b.size
        cells = [fmt_seconds(report.cells.get((b.name, k))) for k in keys]
        lines.append(f"| {b.name} | {size:,} | " + " | ".join(cells) + " |")
    return lines + [""]


def ratio_table(report: Report) -> list:
    others = [i for i in report.impls if i.key != "lua"]
    lines = ["## Ratio to Lua 5.4: median / Lua's median (fastest / Lua's fastest); below 1 is faster",
             "", "| benchmark | " + " | ".join(i.label for i in others) + " |",
             "|---|" + "---:|" * len(others)]

    def both(name, key):
        median, best = ratio(report.cells, name, key), ratio(report.cells, name, key, best=True)
        return "—" if median is None else f"{median:.2f} ({best:.2f})"
    for b in report.benches:
        lines.append(f"| {b.name} | " + " | ".join(both(b.name, i.key) for i in others) + " |")
    row = []
    for i in others:
        medians = [ratio(report.cells, b.name, i.key) for b in report.benches]
        bests = [ratio(report.cells, b.name, i.key, best=True) for b in report.benches]
        count = sum(m is not None for m in medians)
        text = f"**{fmt_ratio(geometric_mean(medians))}** ({fmt_ratio(geometric_mean(bests))})"
        row.append(text + ("" if count == len(report.benches) else f" of {count}"))
    lines.append("| **geometric mean** | " + " | ".join(row) + " |")
    return lines + [""]


def rss_table(report: Report) -> list:
    lines = ["## Peak RSS in MiB (largest over the runs)", "",
             "| benchmark | " + " | ".join(i.label for i in report.impls) + " |",
             "|---|" + "---:|" * len(report.impls)]
    for b in report.benches:
        row = []
        for i in report.impls:
            cell = report.cells.get((b.name, i.key))
            row.append("—" if cell is None or not cell.runs else f"{cell.rss_kib / 1024:.1f}")
        lines.append(f"| {b.name} | " + " | ".join(row) + " |")
    return lines + [""]


def startup_table(report: Report) -> list:
    lines = ["## Start-up: hello world, ms (min / median)", "",
             "| " + " | ".join(i.label for i in report.impls) + " |",
             "|" + "---:|" * len(report.impls)]
    lines.append("| " + " | ".join(
        f"{report.startup[i.key].min_ms:.2f} / {report.startup[i.key].median_ms:.2f}"
        if i.key in report.startup else "—" for i in report.impls) + " |")
    return lines + [""]


def instruction_table(report: Report) -> list:
    if not report.instructions:
        return []
    lines = ["## Instructions (callgrind total Ir) at the small size", "",
             "Less noisy than wall time on a shared machine; compare these across commits.", "",
             "| benchmark | size | Orus | Lua 5.4 | Orus / Lua |", "|---|---:|---:|---:|---:|"]
    for b in report.benches:
        orus, lua = report.instructions.get((b.name, "orus")), report.instructions.get((b.name, "lua"))
        rel = f"{orus / lua:.2f}" if orus and lua else "—"
        lines.append(f"| {b.name} | {b.small:,} | {f'{orus:,}' if orus else '—'} | "
                     f"{f'{lua:,}' if lua else '—'} | {rel} |")
    return lines + [""]


def compiler_lines(report: Report) -> list:
    lines = ["## Compilers", ""]
    times = [c.seconds for c in report.compiled.values() if c.ok]
    if times:
        lines.append(f"- stage0 compiled the benchmarks in {sum(times):.2f} s "
                     f"({len(times)} of {len(report.compiled)} programs, Python start-up included).")
    speed = report.compile_speed
    if speed is not None and speed.seconds:
        lines.append(f"- stage0 compile speed: {speed.lines_per_second:,.0f} lines/s "
                     f"({speed.lines:,} lines in {speed.files} module loads over {speed.seconds:.2f} s: "
                     "each std module through a program importing it, and each benchmark; the prelude "
                     "is compiled with every program, as `stage0 compile` does).")
    elif speed is not None:
        lines.append("- stage0 compile speed: not measured (nothing compiled).")
    for failure in (speed.failures if speed else []):
        lines.append(f"  - not compiled: {failure}")
    lines.append("- self-hosted compiler: not built yet.")
    return lines + [""]


def problem_lines(report: Report) -> list:
    problems = [(b, k, v.note) for b, row in report.verdicts.items() for k, v in row.items() if not v.ok]
    if not problems:
        return ["## Output checks", "", "Every implementation printed exactly Lua 5.4's output.", ""]
    lines = ["## Output checks that failed (left out of the timings)", ""]
    lines += [f"- {b} / {k}: {note}" for b, k, note in problems]
    return lines + [""]


def targets_lines(report: Report) -> list:
    ratios = {b.name: ratio(report.cells, b.name, "orus") for b in report.benches}
    mean = geometric_mean(list(ratios.values()))
    worst = max(((r, n) for n, r in ratios.items() if r is not None), default=None)
    start = report.startup.get("orus")
    bt_orus, bt_lua = report.cells.get(("binary_trees", "orus")), report.cells.get(("binary_trees", "lua"))
    rss = bt_orus.rss_kib / bt_lua.rss_kib if bt_orus and bt_lua and bt_orus.runs and bt_lua.runs else None
    missing = [n for n, r in ratios.items() if r is None]

    def verdict(ok):
        if ok is None:
            return "—"
        if missing:
            return ("holds so far" if ok else "does not hold") + f" (not measured: {', '.join(missing)})"
        return "holds" if ok else "does not hold"
    return [
        "## Targets of issue 7", "",
        "| target | measured | verdict |", "|---|---|---|",
        f"| geometric mean ≤ 0.8× Lua 5.4 | {fmt_ratio(mean)} | "
        f"{verdict(None if mean is None else mean <= 0.8)} |",
        f"| no benchmark above 1.2× | {'—' if worst is None else f'{worst[0]:.2f} ({worst[1]})'} | "
        f"{verdict(None if worst is None else worst[0] <= 1.2)} |",
        f"| hello-world start-up < 2 ms | {'—' if start is None else f'{start.min_ms:.2f} ms'} | "
        f"{verdict(None if start is None else start.min_ms < 2.0)} |",
        f"| binary_trees peak RSS ≤ 1.5× Lua's | {fmt_ratio(rss)} | {verdict(None if rss is None else rss <= 1.5)} |",
        "",
    ]


def render(report: Report, chart_name: str | None) -> str:
    parts = header_lines(report) + targets_lines(report) + time_table(report) + ratio_table(report)
    if chart_name:
        parts += [f"![ratios to Lua 5.4]({chart_name})", ""]
    parts += rss_table(report) + startup_table(report) + instruction_table(report)
    parts += compiler_lines(report) + problem_lines(report)
    return "\n".join(parts)


def draw_chart(report: Report, path: Path) -> bool:
    """Bar chart of each implementation's time ratio to Lua 5.4, log scale; False without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except ImportError:
        print("bench: matplotlib is missing (pip install -r requirements.txt); no chart", file=sys.stderr)
        return False
    others = [i for i in report.impls if i.key != "lua"]
    names = [b.name for b in report.benches] + ["geo. mean"]
    width = 0.8 / len(others)
    fig, ax = plt.subplots(figsize=(12, 4.8))
    for n, impl in enumerate(others):
        values = [ratio(report.cells, b.name, impl.key) for b in report.benches]
        values.append(geometric_mean(values))
        xs = [i + (n - (len(others) - 1) / 2) * width for i in range(len(names))]
        ax.bar([x for x, v in zip(xs, values) if v], [v for v in values if v], width, label=impl.label)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    plain = matplotlib.ticker.FuncFormatter(lambda v, _pos: f"{v:g}")
    ax.yaxis.set_major_formatter(plain)
    ax.yaxis.set_minor_formatter(plain)
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_ylabel("time / Lua 5.4 time (log scale, lower is faster)")
    ax.set_title("Time relative to Lua 5.4" + (" (quick mode)" if report.quick else ""))
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


# ---- driver -------------------------------------------------------------------------------

def compile_all(benches: tuple) -> dict:
    compiled = {}
    for b in benches:
        compiled[b.name] = compile_orus(b.name, b.name)
        state = "ok" if compiled[b.name].ok else compiled[b.name].message
        print(f"bench: stage0 compile {b.name}: {state}", flush=True)
    return compiled


def check_all(benches: tuple, impls: tuple, quick: bool, compiled: dict) -> dict:
    verdicts = {}
    for b in benches:
        verdicts[b.name] = check_benchmark(b, impls, b.small if quick else b.size, compiled)
        bad = [f"{k}: {v.note}" for k, v in verdicts[b.name].items() if not v.ok]
        print(f"bench: check {b.name}: " + ("all agree" if not bad else "; ".join(bad)), flush=True)
    return verdicts


def quick_cells(verdicts: dict) -> dict:
    """Quick mode reports the checking run itself as its only sample."""
    return {(name, key): Cell([v.run]) for name, row in verdicts.items() for key, v in row.items()
            if v.ok and v.run is not None}


def parse_args(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1",
                        help="one run per program at its small size; write build/bench/RESULTS.md")
    parser.add_argument("--rounds", type=int, default=5, help="runs per cell in full mode (default 5)")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--no-callgrind", action="store_true", help="skip the instruction counts")
    return parser.parse_args(argv)


def selected(only: str) -> tuple:
    if not only:
        return BENCHMARKS
    wanted = set(only.split(","))
    unknown = wanted - {b.name for b in BENCHMARKS}
    if unknown:
        raise SystemExit(f"bench: unknown benchmark(s): {', '.join(sorted(unknown))}")
    return tuple(b for b in BENCHMARKS if b.name in wanted)


def main(argv: list) -> int:
    args = parse_args(argv)
    benches, impls = selected(args.only), implementations()
    missing = ensure_peers()
    if missing:
        print(f"bench: {', '.join(missing)} not found; install the Debian packages "
              f"({' '.join(PEER_PACKAGES[m] for m in missing)}) as root, e.g. "
              f"`sudo apt-get install {' '.join(PEER_PACKAGES[m] for m in missing)}`", file=sys.stderr)
        return 2
    compiled = compile_all(benches)
    compiled_hello = compile_orus("startup", "hello")
    verdicts = check_all(benches, impls, args.quick, compiled)
    start_impls = tuple(i for i in impls if i.key != "orus" or compiled_hello.ok)
    if args.quick:
        cells = quick_cells(verdicts)
        startup = measure_startup(start_impls, 3)
    else:
        cells = measure(benches, impls, args.rounds, verdicts)
        startup = measure_startup(start_impls, 20)
    report = Report(args.quick, 1 if args.quick else args.rounds, benches, impls, verdicts, cells,
                    startup, compiled)
    if not args.quick:
        if not args.no_callgrind and shutil.which("valgrind"):
            report.instructions = count_instructions(benches, impls, verdicts)
        report.compile_speed = measure_compile_speed()
    out_dir = BUILD if args.quick else BENCH
    chart = out_dir / "ratios.png"
    drawn = draw_chart(report, chart)
    (out_dir / "RESULTS.md").parent.mkdir(parents=True, exist_ok=True)
    (out_dir / "RESULTS.md").write_text(render(report, chart.name if drawn else None))
    print(f"bench: wrote {(out_dir / 'RESULTS.md').relative_to(ROOT)}", flush=True)
    failed = any(not v.ok for row in verdicts.values() for v in row.values())
    return 1 if failed else 0


def count_instructions(benches: tuple, impls: tuple, verdicts: dict) -> dict:
    counts = {}
    for b in benches:
        for impl in impls:
            if impl.key in ("orus", "lua") and verdicts[b.name][impl.key].ok:
                counts[(b.name, impl.key)] = callgrind_instructions(impl, b)
        print(f"bench: callgrind {b.name} done", flush=True)
    return counts


def measure_compile_speed() -> CompileSpeed | None:
    try:
        return stage0_compile_speed()
    except ImportError as err:      # stage0 or its code generator is not there yet
        print(f"bench: stage0 compile speed not measured: {err}", file=sys.stderr)
        return CompileSpeed(0, 0.0, 0, [f"stage0 not importable: {err}"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
