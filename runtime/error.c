/* error.c: raising runtime errors from C, fatal stops, and the uncaught-error report
   `file:line: runtime error: message` (language.md 13.3, exit status 70). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gc.h"
#include "object.h"
#include "ork_kernel.h"

enum { EXIT_RUNTIME = 70, EXIT_BAD_BYTECODE = 65 };

int orv_raise_value(OrvVM *vm, OrvValue v)
{
    vm->error = v;
    return -1;
}

int orv_raise(OrvVM *vm, const char *msg)
{
    OrvString *s = orv_str_cstr(vm, msg);
    OrvError *e = orv_error_new(vm, s);
    return orv_raise_value(vm, orv_obj(e));
}

int orv_raisef(OrvVM *vm, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return orv_raise(vm, buf);
}

uint32_t orv_frame_line(const OrvFrame *f)
{
    const OrvProto *p = f->cl->proto;
    if (f->pc <= p->code || f->pc > p->code + p->ncode || p->nlines == 0)
        return 0;
    uint32_t pc = (uint32_t)(f->pc - p->code) - 1, lo = 0, hi = p->nlines;
    while (hi - lo > 1) {          /* last entry whose pc <= the instruction's */
        uint32_t mid = (lo + hi) / 2;
        if (p->line_pc[mid] <= pc)
            lo = mid;
        else
            hi = mid;
    }
    return p->line_no[lo];
}

static void write_err(const char *s, size_t n)
{
    while (n > 0) {
        int64_t w = ork_io_write(2, (uint8_t *)(uintptr_t)s, n, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* Does frame f run std code? Compilers record a std module's source path as "std/..."
   (docs/bytecode.md 2). */
static bool in_std(const OrvFrame *f)
{
    const OrvString *src = f->cl->proto->module->source;
    return src->len > 4 && memcmp(src->data, "std/", 4) == 0;
}

/* The frame an error is reported at: the innermost one outside std, so an error raised by
   prelude code standing for a builtin (pop, int, assert_eq, ...) points at the user's call,
   as it would if the builtin were an instruction; the innermost frame when all are std. */
static const OrvFrame *report_frame(const OrvVM *vm)
{
    for (const OrvFrame *f = vm->frame; f != NULL && f >= vm->frames; f--)
        if (!in_std(f))
            return f;
    return vm->frame;
}

/* "file:line: " of the reported frame, or the .orbc path when no frame runs. */
static void write_where(OrvVM *vm)
{
    char buf[600];
    const OrvFrame *f = report_frame(vm);
    if (f != NULL) {
        const OrvString *src = f->cl->proto->module->source;
        snprintf(buf, sizeof buf, "%s:%u: ", src->len ? (const char *)src->data : "?", orv_frame_line(f));
    } else {
        snprintf(buf, sizeof buf, "%s: ", vm->file ? vm->file : "orusvm");
    }
    write_err(buf, strlen(buf));
}

void orv_report_uncaught(OrvVM *vm)
{
    write_where(vm);
    write_err("runtime error: ", 15);
    if (ORV_IS_OBJ(vm->error, ORV_O_ERROR)) {
        OrvString *m = ORV_AS_ERROR(vm->error)->msg;
        write_err((const char *)m->data, m->len);
    }
    write_err("\n", 1);
}

_Noreturn void orv_fatal_oom(OrvVM *vm)
{
    write_where(vm);
    write_err("runtime error: out of memory\n", 29);
    ork_proc_exit(EXIT_RUNTIME);
    for (;;) {
    }
}

_Noreturn void orv_fatal_bytecode(OrvVM *vm, const char *what)
{
    char buf[700];
    const OrvFrame *f = vm->frame;
    if (f != NULL) {
        const OrvProto *p = f->cl->proto;
        snprintf(buf, sizeof buf, "orusvm: %s: invalid bytecode: %s (function %s, pc %ld)\n",
                 vm->file ? vm->file : "?", what, (const char *)p->name->data,
                 (long)(f->pc - p->code) - 1);
    } else {
        snprintf(buf, sizeof buf, "orusvm: %s: invalid bytecode: %s\n", vm->file ? vm->file : "?", what);
    }
    write_err(buf, strlen(buf));
    ork_proc_exit(EXIT_BAD_BYTECODE);
    for (;;) {
    }
}
