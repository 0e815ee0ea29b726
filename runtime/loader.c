/* loader.c: parse an .orbc image into module tables, verify it (verify.c) and link its
   imports by (module, name). Every length and count is checked against the bytes left, so
   a truncated or hostile file costs at most its own size in memory and ends in one error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gc.h"
#include "loader.h"
#include "object.h"
#include "ork_kernel.h"

#define ORBC_MAGIC "ORBC"
#define ORBC_VERSION 1

typedef struct Reader {
    const uint8_t *p, *end;
    OrvVM *vm;
    OrlError *err;
    int failed;
} Reader;

static void *fail(Reader *r, const char *fmt, ...)
{
    if (!r->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err->msg, sizeof r->err->msg, fmt, ap);
        va_end(ap);
        r->failed = 1;
    }
    return NULL;
}

static int need(Reader *r, size_t n, const char *what)
{
    if (r->failed)
        return 0;
    if ((size_t)(r->end - r->p) < n) {
        fail(r, "truncated file (reading %s)", what);
        return 0;
    }
    return 1;
}

static uint64_t rd_le(Reader *r, int n, const char *what)
{
    if (!need(r, (size_t)n, what))
        return 0;
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint64_t)r->p[i] << (8 * i);
    r->p += n;
    return v;
}
#define RD8(r, w) ((uint8_t)rd_le(r, 1, w))
#define RD16(r, w) ((uint16_t)rd_le(r, 2, w))
#define RD32(r, w) ((uint32_t)rd_le(r, 4, w))
#define RD64(r, w) (rd_le(r, 8, w))

static OrvString *rd_str(Reader *r, const char *what)
{
    uint32_t n = RD32(r, what);
    if (!need(r, n, what))
        return NULL;
    OrvString *s = orv_str_new(r->vm, r->p, n);
    r->p += n;
    return s;
}

/* A zeroed table of n entries, n bounded by the bytes left (each entry takes >= min bytes). */
static void *rd_table(Reader *r, uint32_t n, size_t size, size_t min, const char *what)
{
    if (r->failed)
        return NULL;
    if ((uint64_t)n * min > (uint64_t)(r->end - r->p))
        return fail(r, "%s count %u runs past the end of the file", what, n);
    if (n == 0)
        return NULL;
    void *t = ork_mem_alloc((size_t)n * size, 16);
    if (t == NULL)
        orv_fatal_oom(r->vm);
    memset(t, 0, (size_t)n * size);
    return t;
}

static void free_table(void *t, size_t n, size_t size)
{
    if (t != NULL)
        ork_mem_free(t, n * size, 16);
}

static int const_ok(uint8_t tag, uint64_t u)
{
    switch (tag) {
    case ORV_T_BOOL: return u <= 1;
    case ORV_T_I32: return (int64_t)u >= INT32_MIN && (int64_t)u <= INT32_MAX;
    case ORV_T_U8: return u <= 0xff;
    case ORV_T_U32: return u <= 0xffffffffu;
    case ORV_T_I64: case ORV_T_U64: case ORV_T_USIZE: case ORV_T_F64: return 1;
    default: return 0;
    }
}

static void rd_consts(Reader *r, OrvModule *m)
{
    m->nconsts = RD32(r, "constant count");
    m->consts = rd_table(r, m->nconsts, sizeof(OrvValue), 2, "constant");
    for (uint32_t i = 0; i < m->nconsts && !r->failed; i++) {
        uint8_t tag = RD8(r, "constant tag");
        if (tag == ORV_T_OBJ) {
            OrvString *s = rd_str(r, "string constant");
            if (s != NULL)
                m->consts[i] = orv_obj(s);
            continue;
        }
        uint64_t u = RD64(r, "constant payload");
        if (!r->failed && !const_ok(tag, u))
            fail(r, "constant %u has a bad tag %u or value", i, tag);
        m->consts[i] = orv_uint(tag, u);
    }
}

static void rd_shape(Reader *r, OrvShape *s, uint32_t i)
{
    s->kind = RD8(r, "shape kind");
    if (!r->failed && s->kind > ORV_SHAPE_VARIANT)
        fail(r, "shape %u has unknown kind %u", i, s->kind);
    s->type_name = rd_str(r, "shape type name");
    s->variant_name = rd_str(r, "shape variant name");
    s->variant = RD16(r, "variant index");
    s->nfields = RD16(r, "field count");
    s->field_names = rd_table(r, s->nfields, sizeof(OrvString *), 4, "field name");
    for (uint16_t f = 0; f < s->nfields && !r->failed; f++)
        s->field_names[f] = rd_str(r, "field name");
    if (!r->failed && s->nfields == 0)
        s->unit = orv_rec_new(r->vm, s);     /* payload-less values are shared */
}

static void rd_shapes(Reader *r, OrvModule *m)
{
    m->nshapes = RD32(r, "shape count");
    m->shapes = rd_table(r, m->nshapes, sizeof(OrvShape), 13, "shape");
    for (uint32_t i = 0; i < m->nshapes && !r->failed; i++)
        rd_shape(r, &m->shapes[i], i);
}

static void rd_globals(Reader *r, OrvModule *m)
{
    m->nglobals = RD32(r, "global count");
    m->globals = rd_table(r, m->nglobals, sizeof(OrvValue), 4, "global");
    m->global_names = rd_table(r, m->nglobals, sizeof(OrvString *), 4, "global");
    for (uint32_t i = 0; i < m->nglobals && !r->failed; i++) {
        m->global_names[i] = rd_str(r, "global name");
        m->globals[i].tag = ORV_T_UNDEF;
    }
}

static void rd_lines(Reader *r, OrvProto *p, uint32_t i)
{
    p->nlines = RD32(r, "line count");
    p->line_pc = rd_table(r, p->nlines, sizeof(uint32_t), 8, "line entry");
    p->line_no = rd_table(r, p->nlines, sizeof(uint32_t), 0, "line entry");
    for (uint32_t l = 0; l < p->nlines && !r->failed; l++) {
        p->line_pc[l] = RD32(r, "line pc");
        p->line_no[l] = RD32(r, "line number");
        if (r->failed)
            return;
        if ((l == 0 && p->line_pc[l] != 0) || (l > 0 && p->line_pc[l] <= p->line_pc[l - 1])
            || p->line_pc[l] >= p->ncode)
            fail(r, "function %u: line table pcs must rise from 0 inside the code", i);
    }
}

static void rd_proto(Reader *r, OrvModule *m, OrvProto *p, uint32_t i)
{
    p->module = m;
    p->name = rd_str(r, "function name");
    p->arity = RD8(r, "arity");
    p->nregs = RD8(r, "register count");
    p->nupvals = RD16(r, "upvalue count");
    if (!r->failed && (p->nregs == 0 || p->arity > p->nregs))
        fail(r, "function %u: arity %u and %u registers", i, p->arity, p->nregs);
    p->up_instack = rd_table(r, p->nupvals, 1, 2, "upvalue");
    p->up_index = rd_table(r, p->nupvals, 1, 0, "upvalue");
    for (uint16_t u = 0; u < p->nupvals && !r->failed; u++) {
        p->up_instack[u] = RD8(r, "upvalue in_stack");
        p->up_index[u] = RD8(r, "upvalue index");
        if (p->up_instack[u] > 1)
            fail(r, "function %u: upvalue %u has in_stack %u", i, u, p->up_instack[u]);
    }
    p->ncode = RD32(r, "code length");
    if (!r->failed && p->ncode == 0)
        fail(r, "function %u has no code", i);
    p->code = rd_table(r, p->ncode, sizeof(uint32_t), 4, "code word");
    for (uint32_t w = 0; w < p->ncode && !r->failed; w++)
        p->code[w] = RD32(r, "code word");
    rd_lines(r, p, i);
    p->k = m->consts;
}

static void cache_tables(OrvModule *m)
{
    for (uint32_t i = 0; i < m->nprotos; i++) {
        m->protos[i].k = m->consts;
        m->protos[i].globals = m->globals;
        m->protos[i].protos = m->protos;
    }
}

static void rd_protos(Reader *r, OrvModule *m)
{
    m->nprotos = RD32(r, "function count");
    m->protos = rd_table(r, m->nprotos, sizeof(OrvProto), 20, "function");
    for (uint32_t i = 0; i < m->nprotos && !r->failed; i++)
        rd_proto(r, m, &m->protos[i], i);
}

static void rd_imports(Reader *r, OrvModule *m)
{
    m->nimports = RD32(r, "import count");
    m->import_module = rd_table(r, m->nimports, sizeof(OrvString *), 8, "import");
    m->import_name = rd_table(r, m->nimports, sizeof(OrvString *), 0, "import");
    m->imports = rd_table(r, m->nimports, sizeof(OrvValue *), 0, "import");
    for (uint32_t i = 0; i < m->nimports && !r->failed; i++) {
        m->import_module[i] = rd_str(r, "import module");
        m->import_name[i] = rd_str(r, "import name");
    }
}

static void rd_exports(Reader *r, OrvModule *m)
{
    m->nexports = RD32(r, "export count");
    m->export_name = rd_table(r, m->nexports, sizeof(OrvString *), 9, "export");
    m->export_kind = rd_table(r, m->nexports, 1, 0, "export");
    m->export_index = rd_table(r, m->nexports, sizeof(uint32_t), 0, "export");
    for (uint32_t i = 0; i < m->nexports && !r->failed; i++) {
        m->export_name[i] = rd_str(r, "export name");
        m->export_kind[i] = RD8(r, "export kind");
        m->export_index[i] = RD32(r, "export index");
        if (r->failed)
            return;
        uint32_t limit = m->export_kind[i] == 0 ? m->nglobals : m->nprotos;
        if (m->export_kind[i] > 1 || m->export_index[i] >= limit)
            fail(r, "export %u names a missing global or function", i);
        else if (m->export_kind[i] == 1 && m->protos[m->export_index[i]].nupvals > 0)
            fail(r, "export %u names a function with upvalues", i);
    }
}

static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

static void rd_header(Reader *r)
{
    if (!need(r, 12 + 8, "header"))
        return;
    size_t body = (size_t)(r->end - r->p) - 8;
    Reader tail = {r->p + body, r->end, r->vm, r->err, 0};
    if (fnv1a64(r->p, body) != RD64(&tail, "checksum")) {
        fail(r, "checksum mismatch (corrupt or truncated file)");
        return;
    }
    r->end -= 8;
    if (memcmp(r->p, ORBC_MAGIC, 4) != 0) {
        fail(r, "not an .orbc file (bad magic)");
        return;
    }
    r->p += 4;
    uint16_t version = RD16(r, "version"), abi = RD16(r, "kernel ABI");
    uint32_t flags = RD32(r, "flags");
    if (version != ORBC_VERSION)
        fail(r, "format version %u (this VM reads %u)", version, ORBC_VERSION);
    else if (abi != ORK_ABI_VERSION)
        fail(r, "kernel ABI %u (this VM provides %u)", abi, ORK_ABI_VERSION);
    else if (flags != 0)
        fail(r, "unknown flags 0x%x", flags);
}

static void make_canonical_closures(OrvVM *vm, OrvModule *m)
{
    for (uint32_t i = 0; i < m->nprotos; i++) {
        OrvClosure *c = orv_closure_new(vm, &m->protos[i]);
        m->protos[i].canon = orv_obj(c);
    }
}

static void verify_all(Reader *r, OrvModule *m)
{
    if (!r->failed && m->init >= m->nprotos)
        fail(r, "init function %u does not exist", m->init);
    else if (!r->failed && (m->protos[m->init].arity != 0 || m->protos[m->init].nupvals != 0))
        fail(r, "init function takes arguments or upvalues");
    for (uint32_t i = 0; i < m->nprotos && !r->failed; i++)
        if (orl_verify_proto(r->vm, m, &m->protos[i], r->err) < 0)
            r->failed = 1;
}

OrvModule *orl_parse(OrvVM *vm, const uint8_t *data, size_t len, OrlError *err)
{
    Reader r = {data, data + len, vm, err, 0};
    OrvModule *m = ork_mem_alloc(sizeof *m, 16);
    if (m == NULL)
        orv_fatal_oom(vm);
    memset(m, 0, sizeof *m);
    vm->nogc++;                         /* the half-built module is not a root yet */
    rd_header(&r);
    m->name = rd_str(&r, "module name");
    m->source = rd_str(&r, "source name");
    rd_consts(&r, m);
    rd_shapes(&r, m);
    rd_globals(&r, m);
    rd_protos(&r, m);
    rd_imports(&r, m);
    rd_exports(&r, m);
    m->init = RD32(&r, "init function");
    if (!r.failed && r.p != r.end)
        fail(&r, "%zu unexpected bytes after the module", (size_t)(r.end - r.p));
    verify_all(&r, m);
    if (!r.failed) {
        cache_tables(m);
        make_canonical_closures(vm, m);
    }
    vm->nogc--;
    if (r.failed) {
        orl_free_module(m);
        return NULL;
    }
    return m;
}

void orl_free_module(OrvModule *m)
{
    if (m == NULL)
        return;
    free_table(m->consts, m->nconsts, sizeof(OrvValue));
    for (uint32_t i = 0; m->shapes != NULL && i < m->nshapes; i++)
        free_table(m->shapes[i].field_names, m->shapes[i].nfields, sizeof(OrvString *));
    free_table(m->shapes, m->nshapes, sizeof(OrvShape));
    free_table(m->globals, m->nglobals, sizeof(OrvValue));
    free_table(m->global_names, m->nglobals, sizeof(OrvString *));
    for (uint32_t i = 0; m->protos != NULL && i < m->nprotos; i++) {
        OrvProto *p = &m->protos[i];
        free_table(p->up_instack, p->nupvals, 1);
        free_table(p->up_index, p->nupvals, 1);
        free_table(p->code, p->ncode, sizeof(uint32_t));
        free_table(p->line_pc, p->nlines, sizeof(uint32_t));
        free_table(p->line_no, p->nlines, sizeof(uint32_t));
    }
    free_table(m->protos, m->nprotos, sizeof(OrvProto));
    free_table(m->import_module, m->nimports, sizeof(OrvString *));
    free_table(m->import_name, m->nimports, sizeof(OrvString *));
    free_table(m->imports, m->nimports, sizeof(OrvValue *));
    free_table(m->export_name, m->nexports, sizeof(OrvString *));
    free_table(m->export_kind, m->nexports, 1);
    free_table(m->export_index, m->nexports, sizeof(uint32_t));
    if (m->dir != NULL)
        ork_mem_free(m->dir, strlen(m->dir) + 1, 1);
    ork_mem_free(m, sizeof *m, 16);
}

/* ---- files and linking ---- */

static int read_file(const char *path, uint8_t **data, size_t *len, size_t *cap)
{
    int32_t fd = ork_fs_open((const uint8_t *)path, strlen(path), ORK_O_READ, 0);
    if (fd < 0)
        return -1;
    uint8_t st[32];
    if (ork_fs_fstat(fd, st, sizeof st) < 0) {
        ork_fs_close(fd);
        return -1;
    }
    uint64_t size = 0;
    for (int i = 0; i < 8; i++)
        size |= (uint64_t)st[i] << (8 * i);
    uint8_t *buf = ork_mem_alloc(size ? size : 1, 16);
    size_t got = 0;
    while (buf != NULL && got < size) {
        int64_t n = ork_io_read(fd, buf + got, size - got, size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    ork_fs_close(fd);
    if (buf == NULL)
        return -2;                  /* out of memory, not an unreadable file */
    *data = buf;
    *len = got;
    *cap = size ? size : 1;
    return 0;
}

static char *dup_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 1;
    char *d = ork_mem_alloc(n + 1, 1);
    if (d == NULL)
        return NULL;
    memcpy(d, slash ? path : ".", n);
    d[n] = 0;
    return d;
}

static OrvModule *find_module(OrvModule *list, const char *name, int loading)
{
    for (OrvModule *m = list; m != NULL; m = loading ? m->loading_next : m->next)
        if (m->name->len == strlen(name) && memcmp(m->name->data, name, m->name->len) == 0)
            return m;
    return NULL;
}

static int link_one(OrvVM *vm, OrvModule *m, uint32_t i, OrlError *err)
{
    int absent = 0;
    const char *mod = (const char *)m->import_module[i]->data;
    OrvModule *src = orl_require(vm, mod, m->dir, err, &absent);
    if (src == NULL) {
        if (absent)
            snprintf(err->msg, sizeof err->msg, "module %s imports %s, which was not found", m->name->data, mod);
        return -1;
    }
    for (uint32_t e = 0; e < src->nexports; e++) {
        if (!orv_str_eq(src->export_name[e], m->import_name[i]))
            continue;
        uint32_t x = src->export_index[e];
        m->imports[i] = src->export_kind[e] == 0 ? &src->globals[x] : &src->protos[x].canon;
        return 0;
    }
    snprintf(err->msg, sizeof err->msg, "module %s does not export %s", mod, m->import_name[i]->data);
    return -1;
}

static void append_ready(OrvVM *vm, OrvModule *m)
{
    m->state = ORL_READY;
    if (vm->modules_tail != NULL)
        vm->modules_tail->next = m;
    else
        vm->modules = m;
    vm->modules_tail = m;
}

OrvModule *orl_load_file(OrvVM *vm, const char *path, const char *want, OrlError *err)
{
    uint8_t *data;
    size_t len, cap;
    int rc = read_file(path, &data, &len, &cap);
    if (rc == -2)
        orv_fatal_oom(vm);
    if (rc < 0) {
        snprintf(err->msg, sizeof err->msg, "Could not open file \"%s\".", path);
        return NULL;
    }
    OrvModule *m = orl_parse(vm, data, len, err);
    ork_mem_free(data, cap, 16);
    if (m == NULL) {
        char reason[sizeof err->msg];
        memcpy(reason, err->msg, sizeof reason);
        snprintf(err->msg, sizeof err->msg, "%s: invalid bytecode: %.200s", path, reason);
        return NULL;
    }
    if (want != NULL && strcmp((const char *)m->name->data, want) != 0) {
        snprintf(err->msg, sizeof err->msg, "%s holds module %s, not %s", path, m->name->data, want);
        orl_free_module(m);
        return NULL;
    }
    m->dir = dup_dir(path);
    m->state = ORL_LOADING;
    m->loading_next = vm->loading;
    vm->loading = m;
    vm->nogc++;
    int ok = 1;
    for (uint32_t i = 0; i < m->nimports && ok; i++)
        ok = link_one(vm, m, i, err) == 0;
    vm->nogc--;
    vm->loading = m->loading_next;
    if (!ok) {
        orl_free_module(m);
        return NULL;
    }
    append_ready(vm, m);
    return m;
}

static int valid_module_name(const char *name)
{
    if (*name == 0 || *name == '.')
        return 0;
    for (const char *c = name; *c; c++) {
        int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
                 || *c == '_' || (*c == '.' && c[1] != '.' && c[1] != 0);
        if (!ok)
            return 0;
    }
    return 1;
}

static int file_exists(const char *path)
{
    uint8_t st[32];
    return ork_fs_stat((const uint8_t *)path, strlen(path), st, sizeof st) == 0;
}

/* dir/a/b/c.orbc for module a.b.c, when it exists. */
static int module_path(const char *dir, const char *name, char *out, size_t n)
{
    int w = snprintf(out, n, "%s/%s.orbc", dir, name);
    if (w < 0 || (size_t)w >= n)
        return 0;
    for (char *c = out + strlen(dir) + 1; *c && strcmp(c, ".orbc") != 0; c++)
        if (*c == '.')
            *c = '/';
    return file_exists(out);
}

OrvModule *orl_require(OrvVM *vm, const char *name, const char *from_dir, OrlError *err, int *absent)
{
    OrvModule *m = find_module(vm->modules, name, 0);
    if (m != NULL)
        return m;
    if (find_module(vm->loading, name, 1) != NULL) {
        snprintf(err->msg, sizeof err->msg, "cyclic import of module %s", name);
        return NULL;
    }
    if (!valid_module_name(name)) {
        snprintf(err->msg, sizeof err->msg, "bad module name '%s'", name);
        return NULL;
    }
    char path[4096];
    int found = from_dir != NULL && module_path(from_dir, name, path, sizeof path);
    for (int i = 0; i < vm->nlib_dirs && !found; i++)
        found = module_path(vm->lib_dirs[i], name, path, sizeof path);
    if (!found) {
        *absent = 1;
        snprintf(err->msg, sizeof err->msg, "module %s not found", name);
        return NULL;
    }
    return orl_load_file(vm, path, name, err);
}

OrvModule *orl_first(OrvVM *vm)
{
    return vm->modules;
}
