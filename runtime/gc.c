/* gc.c: precise mark & sweep over the VM's object list (roadmap chapter 4).
   Roots: the value stack up to the highest top of any active frame, frame closures, every
   module's constants, globals, canonical closures and shape names, open upvalues, the error
   being raised and C temporaries. Slots above the top are cleared at each collection (Lua's
   trick), so a stale register never holds a pointer to a freed object and calls need not
   clear registers. Marking uses an explicit gray stack: no C recursion on deep data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "ork_kernel.h"

static void maybe_collect(OrvVM *vm, size_t size)
{
    if (vm->collecting || vm->nogc)
        return;
    if (vm->stress || vm->live_bytes + size > vm->threshold)
        orgc_collect(vm);
}

/* Small blocks come from the size-class pool, larger ones straight from the kernel. */
static inline void *block_alloc(OrvVM *vm, size_t size)
{
    return orgc_pooled(size) ? orgc_pool_alloc(&vm->pool, size) : ork_mem_alloc(size, 16);
}

static inline void block_free(OrvVM *vm, void *p, size_t size)
{
    if (orgc_pooled(size))
        orgc_pool_free(&vm->pool, p, size);
    else
        ork_mem_free(p, size, 16);
}

static void *alloc_or_die(OrvVM *vm, size_t size)
{
    void *p = block_alloc(vm, size);
    if (p == NULL && !vm->collecting && !vm->nogc) {
        orgc_collect(vm);
        p = block_alloc(vm, size);
    }
    if (p == NULL)
        orv_fatal_oom(vm);
    return p;
}

static inline OrvObj *link_new(OrvVM *vm, OrvObj *o, size_t size, uint8_t kind)
{
    o->kind = kind;
    o->size = (uint32_t)size;
    o->next = vm->objects;
    vm->objects = o;
    vm->live_bytes += size;
    vm->nobjects++;
    return o;
}

void *orgc_alloc(OrvVM *vm, size_t size, uint8_t kind)
{
    maybe_collect(vm, size);
    OrvObj *o = alloc_or_die(vm, size);
    memset(o, 0, size);
    return link_new(vm, o, size, kind);
}

void *orgc_alloc_bare(OrvVM *vm, size_t size, uint8_t kind)
{
    maybe_collect(vm, size);
    OrvObj *o = alloc_or_die(vm, size);
    memset(o, 0, sizeof *o);
    return link_new(vm, o, size, kind);
}

void *orgc_storage(OrvVM *vm, size_t size)
{
    maybe_collect(vm, size);
    void *p = alloc_or_die(vm, size);
    vm->live_bytes += size;
    return p;
}

/* Move storage between allocators (or classes) by hand; the kernel reallocates its own. */
static void *move_storage(OrvVM *vm, void *p, size_t old_size, size_t new_size)
{
    if (orgc_pooled(old_size) && orgc_pooled(new_size)
        && orgc_pool_class(old_size) == orgc_pool_class(new_size))
        return p;
    if (!orgc_pooled(old_size) && !orgc_pooled(new_size)) {
        void *q = ork_mem_realloc(p, old_size, new_size, 16);
        if (q == NULL && !vm->collecting && !vm->nogc) {
            orgc_collect(vm);
            q = ork_mem_realloc(p, old_size, new_size, 16);
        }
        if (q == NULL)
            orv_fatal_oom(vm);
        return q;
    }
    void *q = alloc_or_die(vm, new_size);
    memcpy(q, p, old_size < new_size ? old_size : new_size);
    block_free(vm, p, old_size);
    return q;
}

void *orgc_restorage(OrvVM *vm, void *p, size_t old_size, size_t new_size)
{
    if (p == NULL)
        return orgc_storage(vm, new_size);
    maybe_collect(vm, new_size - (new_size > old_size ? old_size : new_size));
    void *q = move_storage(vm, p, old_size, new_size);
    vm->live_bytes += new_size;
    vm->live_bytes -= old_size;
    return q;
}

void orgc_free_storage(OrvVM *vm, void *p, size_t size)
{
    if (p == NULL)
        return;
    block_free(vm, p, size);
    vm->live_bytes -= size;
    vm->gc.freed_bytes += size;
}

void orgc_init(OrvVM *vm)
{
    const char *s = getenv("ORUS_GC_STRESS");
    vm->stress = s != NULL && s[0] == '1';
    vm->threshold = ORGC_MIN_THRESHOLD;
}

/* ---- mark ---- */

static void gray_push(OrvVM *vm, OrvObj *o)
{
    if (vm->ngray == vm->capgray) {
        size_t cap = vm->capgray ? vm->capgray * 2 : 256;
        OrvObj **g = ork_mem_realloc(vm->gray, vm->capgray * sizeof *g, cap * sizeof *g, 16);
        if (g == NULL)
            orv_fatal_oom(vm);
        vm->gray = g;
        vm->capgray = cap;
    }
    vm->gray[vm->ngray++] = o;
}

static inline void mark_obj(OrvVM *vm, void *p)
{
    OrvObj *o = p;
    if (o == NULL || o->marked)
        return;
    o->marked = 1;
    if (o->kind != ORV_O_STRING && o->kind != ORV_O_BYTES && o->kind != ORV_O_HANDLE)
        gray_push(vm, o);
}

static inline void mark_value(OrvVM *vm, OrvValue v)
{
    if (v.tag == ORV_T_OBJ)
        mark_obj(vm, v.as.o);
}

static void mark_values(OrvVM *vm, const OrvValue *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mark_value(vm, v[i]);
}

static void blacken(OrvVM *vm, OrvObj *o)
{
    switch (o->kind) {
    case ORV_O_ARRAY: {
        OrvArray *a = (OrvArray *)o;
        mark_values(vm, a->items, a->len);
        break;
    }
    case ORV_O_RECORD: {
        OrvRecord *r = (OrvRecord *)o;
        mark_values(vm, r->fields, r->shape->nfields);
        break;
    }
    case ORV_O_CLOSURE: {
        OrvClosure *c = (OrvClosure *)o;
        for (uint16_t i = 0; i < c->proto->nupvals; i++)
            mark_obj(vm, c->up[i]);
        break;
    }
    case ORV_O_UPVAL:
        mark_value(vm, *((OrvUpval *)o)->v);
        break;
    case ORV_O_ERROR:
        mark_obj(vm, ((OrvError *)o)->msg);
        break;
    default:
        break;
    }
}

static void mark_module(OrvVM *vm, OrvModule *m)
{
    mark_obj(vm, m->name);
    mark_obj(vm, m->source);
    mark_values(vm, m->consts, m->nconsts);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        mark_value(vm, m->globals[i]);
        mark_obj(vm, m->global_names[i]);
    }
    for (uint32_t i = 0; i < m->nshapes; i++) {
        OrvShape *s = &m->shapes[i];
        mark_obj(vm, s->type_name);
        mark_obj(vm, s->variant_name);
        mark_obj(vm, s->unit);
        for (uint16_t f = 0; f < s->nfields; f++)
            mark_obj(vm, s->field_names[f]);
    }
    for (uint32_t i = 0; i < m->nprotos; i++) {
        mark_obj(vm, m->protos[i].name);
        mark_value(vm, m->protos[i].canon);
    }
    for (uint32_t i = 0; i < m->nimports; i++) {
        mark_obj(vm, m->import_module[i]);
        mark_obj(vm, m->import_name[i]);
    }
    for (uint32_t i = 0; i < m->nexports; i++)
        mark_obj(vm, m->export_name[i]);
}

/* The live part of the stack ends at the highest last register of ANY active frame, not
   the current one: a callee's window starts at the caller's call register and may end far
   below the caller's own last register, whose upper registers stay live across the call
   (and are written again after it returns, without passing through grow_stack). */
static OrvValue *stack_top(OrvVM *vm)
{
    OrvValue *top = vm->stack + 1;
    if (vm->frame == NULL)
        return top;
    for (OrvFrame *f = vm->frames; f <= vm->frame; f++) {
        OrvValue *end = f->base + f->cl->proto->nregs;
        if (end > top)
            top = end;
    }
    return top;
}

static void mark_roots(OrvVM *vm)
{
    OrvValue *top = stack_top(vm);
    mark_values(vm, vm->stack, (size_t)(top - vm->stack));
    if (vm->stack_hw > top) {   /* stale slots above the top must never be read as roots */
        memset(top, 0, (size_t)(vm->stack_hw - top) * sizeof *top);
        vm->stack_hw = top;
    }
    if (vm->frame != NULL)
        for (OrvFrame *f = vm->frames; f <= vm->frame; f++)
            mark_obj(vm, f->cl);
    for (OrvUpval *u = vm->open_upvals; u != NULL; u = u->next_open)
        mark_obj(vm, u);
    for (OrvModule *m = vm->modules; m != NULL; m = m->next)
        mark_module(vm, m);
    for (int i = 0; i < 256; i++)
        mark_obj(vm, vm->byte_str[i]);
    mark_obj(vm, vm->empty_str);
    mark_value(vm, vm->error);
    mark_values(vm, vm->tmp, (size_t)vm->ntmp);
}

/* ---- sweep ---- */

/* Release what an object owns outside the heap; counts each finalizer run once. */
static void finalize(OrvVM *vm, OrvObj *o)
{
    switch (o->kind) {
    case ORV_O_ARRAY: {
        OrvArray *a = (OrvArray *)o;
        if (a->items != NULL) {
            orgc_free_storage(vm, a->items, a->cap * sizeof(OrvValue));
            a->items = NULL;
            vm->gc.finalized++;
        }
        break;
    }
    case ORV_O_BYTES: {
        OrvBytes *b = (OrvBytes *)o;
        if (b->data != NULL) {
            orgc_free_storage(vm, b->data, b->cap);
            b->data = NULL;
            vm->gc.finalized++;
        }
        break;
    }
    case ORV_O_HANDLE: {
        OrvHandle *h = (OrvHandle *)o;
        if (!h->closed && h->close_prim >= 0 && h->close_prim < ORK_NPRIMS) {
            OrkArg arg, ret;
            arg.i = h->value;
            ork_prims[h->close_prim].thunk(&arg, &ret);
            vm->gc.finalized++;
        }
        h->closed = 1;
        break;
    }
    default:
        break;
    }
}

static inline void free_obj(OrvVM *vm, OrvObj *o)
{
    if (o->kind == ORV_O_ARRAY || o->kind == ORV_O_BYTES || o->kind == ORV_O_HANDLE)
        finalize(vm, o);
    vm->live_bytes -= o->size;
    vm->gc.freed_bytes += o->size;
    vm->nobjects--;
    block_free(vm, o, o->size);
}

static void sweep(OrvVM *vm)
{
    OrvObj **link = &vm->objects;
    while (*link != NULL) {
        OrvObj *o = *link;
        if (o->marked) {
            o->marked = 0;
            link = &o->next;
        } else {
            *link = o->next;
            free_obj(vm, o);
        }
    }
}

void orgc_collect(OrvVM *vm)
{
    if (vm->collecting)
        return;
    vm->collecting = 1;
    int64_t t0 = ork_time_monotonic();
    mark_roots(vm);
    while (vm->ngray > 0)
        blacken(vm, vm->gray[--vm->ngray]);
    sweep(vm);
    size_t next = vm->live_bytes * ORGC_GROWTH;
    vm->threshold = next > ORGC_MIN_THRESHOLD ? next : ORGC_MIN_THRESHOLD;
    uint64_t pause = (uint64_t)(ork_time_monotonic() - t0);
    vm->gc.collections++;
    vm->gc.pause_ns += pause;
    if (pause > vm->gc.max_pause_ns)
        vm->gc.max_pause_ns = pause;
    vm->collecting = 0;
}

void orgc_free_all(OrvVM *vm)
{
    vm->collecting = 1;
    while (vm->objects != NULL) {
        OrvObj *o = vm->objects;
        vm->objects = o->next;
        free_obj(vm, o);
    }
    if (vm->gray != NULL)
        ork_mem_free(vm->gray, vm->capgray * sizeof *vm->gray, 16);
    vm->gray = NULL;
    vm->capgray = vm->ngray = 0;
    orgc_pool_release(&vm->pool);
    vm->collecting = 0;
}

int64_t orgc_stat(const OrvVM *vm, int which)
{
    switch (which) {
    case 0: return (int64_t)vm->gc.collections;
    case 1: return (int64_t)vm->live_bytes;
    case 2: return (int64_t)vm->gc.freed_bytes;
    case 3: return (int64_t)vm->gc.pause_ns;
    case 4: return (int64_t)vm->gc.max_pause_ns;
    case 5: return (int64_t)vm->gc.finalized;
    case 6: return (int64_t)vm->threshold;
    case 7: return (int64_t)vm->nobjects;
    default: return -1;
    }
}
