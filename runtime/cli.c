/* cli.c: the orusvm command line (docs/bytecode.md 4), and the running of a program that
   the orus driver (orus.c) shares: load the prelude when one is found, load and link the
   program and its imports, run every module's init in order.
   Exit status: 0 ok, 64 bad usage, 65 unreadable or rejected bytecode, 70 runtime error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "disasm.h"
#include "gc.h"
#include "loader.h"
#include "ork_kernel.h"
#ifdef ORUS_FAULT_INJECTION
#include "ork_fault.h"
#endif

#define MAX_LIBS 64

static const char USAGE[] =
    "usage: orusvm [--lib DIR]... [--no-prelude] FILE.orbc [ARGS...]\n"
    "       orusvm --dis FILE.orbc\n"
    "       orusvm --help | --version\n"
    "\n"
    "Runs a compiled Orus module. Imports are found next to the file, in each --lib DIR,\n"
    "in the directories of $ORUS_LIB (':'-separated) and in <bin>/../lib/std.\n"
    "Exit status: 0 ok, 64 bad usage, 65 rejected bytecode, 70 runtime error.\n";

typedef struct Options {
    const char *file;
    int dis, no_prelude;
    char *libs[MAX_LIBS];
    int nlibs;
    int argc;
    char **argv;
} Options;

static const char *prog = "orusvm";     /* how diagnostics name the command */

void orv_set_prog(const char *name)
{
    prog = name;
}

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "orusvm: %s%s\n%s", msg, arg, USAGE);
    return EXIT_USAGE;
}

static void add_lib(Options *o, char *dir)
{
    if (o->nlibs < MAX_LIBS && dir[0] != 0)
        o->libs[o->nlibs++] = dir;
}

/* $ORUS_LIB entries and <bin>/../lib/std, after the --lib directories. */
static void default_libs(Options *o, const char *argv0, char *env_copy, char *bin_lib, size_t n)
{
    const char *env = getenv("ORUS_LIB");
    if (env != NULL) {
        snprintf(env_copy, 4096, "%s", env);
        for (char *tok = strtok(env_copy, ":"); tok != NULL; tok = strtok(NULL, ":"))
            add_lib(o, tok);
    }
    const char *slash = strrchr(argv0, '/');
    if (slash != NULL) {
        snprintf(bin_lib, n, "%.*s/../lib/std", (int)(slash - argv0), argv0);
        add_lib(o, bin_lib);
    }
}

static int parse_args(int argc, char **argv, Options *o)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_OK + 1000;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-v") == 0) {
            printf("orusvm %s (bytecode format 1, kernel ABI %d)\n", ORUS_VERSION, ORK_ABI_VERSION);
            return EXIT_OK + 1000;
        }
        if (strcmp(a, "--dis") == 0)
            o->dis = 1;
        else if (strcmp(a, "--no-prelude") == 0)
            o->no_prelude = 1;
        else if (strcmp(a, "--lib") == 0 && i + 1 < argc)
            add_lib(o, argv[++i]);
        else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else
            return usage_error("unknown option ", a);
    }
    if (i >= argc)
        return usage_error("missing FILE.orbc", "");
    o->file = argv[i];
    o->argc = argc - i;
    o->argv = argv + i;
    if (o->dis && o->argc != 1)
        return usage_error("--dis takes one file", "");
    return -1;
}

static int disassemble(OrvVM *vm, const char *file)
{
    OrlError err;
    OrvModule *m = orl_load_file(vm, file, NULL, &err);
    if (m == NULL) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return EXIT_BYTECODE;
    }
    orv_disassemble(stdout, m);
    return EXIT_OK;
}

static int load_program(OrvVM *vm, const Options *o)
{
    OrlError err;
    int absent = 0;
    if (!o->no_prelude && orl_require(vm, "prelude", NULL, &err, &absent) == NULL && !absent) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return EXIT_BYTECODE;
    }
    if (orl_load_file(vm, o->file, NULL, &err) == NULL) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return EXIT_BYTECODE;
    }
    return EXIT_OK;
}

/* The prelude's exported `flush_all` (arity 0), if any: std/io buffers output in Orus,
   so the VM runs it once when the program ends, however it ends. */
static OrvProto *exit_hook(OrvVM *vm)
{
    OrvModule *m = orl_first(vm);
    if (m == NULL || m->name->len != 7 || memcmp(m->name->data, "prelude", 7) != 0)
        return NULL;
    for (uint32_t e = 0; e < m->nexports; e++) {
        OrvString *n = m->export_name[e];
        if (m->export_kind[e] == 1 && n->len == 9 && memcmp(n->data, "flush_all", 9) == 0) {
            OrvProto *p = &m->protos[m->export_index[e]];
            return p->arity == 0 ? p : NULL;
        }
    }
    return NULL;
}

static int run_modules(OrvVM *vm)
{
    int rc = EXIT_OK;
    for (OrvModule *m = orl_first(vm); m != NULL && rc == EXIT_OK; m = m->next) {
        if (orv_run(vm, &m->protos[m->init]) < 0) {
            orv_report_uncaught(vm);    /* before the hook runs: it reads the error state */
            rc = EXIT_RUNTIME;
        }
    }
    OrvProto *hook = exit_hook(vm);
    if (hook != NULL && orv_run(vm, hook) < 0 && rc == EXIT_OK) {
        orv_report_uncaught(vm);
        rc = EXIT_RUNTIME;
    }
    return rc;
}

static void arm_alloc_faults(void)
{
#ifdef ORUS_FAULT_INJECTION
    const char *n = getenv("ORUS_FAULT_ALLOC");
    if (n != NULL)
        ork_fault_alloc(strtoll(n, NULL, 10), -1);
#endif
}

/* ORUS_FAULT_ARM="prim:nth:kind:arg,...": kernel faults for std's io tests. Armed once the
   modules are loaded, so the n-th call counts the program's calls, not the loader's reads. */
static void arm_kernel_faults(void)
{
#ifdef ORUS_FAULT_INJECTION
    const char *spec = getenv("ORUS_FAULT_ARM");
    while (spec != NULL && *spec != 0) {
        char *end;
        long long f[4];
        for (int i = 0; i < 4; i++) {
            f[i] = strtoll(spec, &end, 10);
            spec = *end == ':' || *end == ',' ? end + 1 : end;
        }
        ork_fault_arm((int32_t)f[0], f[1], (int32_t)f[2], f[3]);
        if (*end == 0 || end == spec)
            break;
    }
#endif
}

int orv_exec(const OrvProgram *p)
{
    static OrvVM vm;
    static Options o;
    memset(&o, 0, sizeof o);
    o.file = p->file;
    o.no_prelude = p->no_prelude;
    arm_alloc_faults();
    if (orv_init(&vm) < 0) {
        fprintf(stderr, "%s: runtime error: out of memory\n", prog);
        return EXIT_RUNTIME;
    }
    vm.file = p->file;
    vm.lib_dirs = p->libs;
    vm.nlib_dirs = p->nlibs;
    vm.argc = p->argc;
    vm.argv = p->argv;
    int rc = p->dis ? disassemble(&vm, p->file) : load_program(&vm, &o);
    if (!p->dis && rc == EXIT_OK) {
        arm_kernel_faults();
        rc = run_modules(&vm);
    }
    orv_free(&vm);
    return rc;
}

int orv_main(int argc, char **argv)
{
    static Options o;
    static char env_copy[4096], bin_lib[4096];
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc >= 1000 ? rc - 1000 : rc;
    default_libs(&o, argv[0], env_copy, bin_lib, sizeof bin_lib);
    OrvProgram p = {o.file, o.dis, o.no_prelude, o.libs, o.nlibs, o.argc, o.argv};
    return orv_exec(&p);
}
