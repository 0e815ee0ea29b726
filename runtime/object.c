/* object.c: constructors of the heap objects and their growth helpers. Storage of arrays
   and byte buffers comes from the kernel through gc.c and is freed by the sweep. */
#include <string.h>

#include "gc.h"
#include "object.h"

static size_t grow_cap(size_t cap, size_t need)
{
    size_t c = cap < 4 ? 4 : cap;
    while (c < need)
        c = c + c / 2 + 1;
    return c;
}

OrvArray *orv_arr_new(OrvVM *vm, size_t cap)
{
    OrvArray *a = orgc_alloc(vm, sizeof(OrvArray), ORV_O_ARRAY);
    if (cap > 0) {
        vm->tmp[vm->ntmp++] = orv_obj(a);       /* growing the storage may collect */
        orv_arr_reserve(vm, a, cap);
        vm->ntmp--;
    }
    return a;
}

/* The array is reachable (from a register or a tmp root) while its storage grows. */
void orv_arr_reserve(OrvVM *vm, OrvArray *a, size_t n)
{
    if (n <= a->cap)
        return;
    if (n > ((size_t)1 << 36))
        orv_fatal_oom(vm);
    size_t cap = a->cap ? grow_cap(a->cap, n) : n;
    a->items = orgc_restorage(vm, a->items, a->cap * sizeof(OrvValue), cap * sizeof(OrvValue));
    a->cap = cap;
}

OrvBytes *orv_bytes_new(OrvVM *vm, size_t len)
{
    OrvBytes *b = orgc_alloc(vm, sizeof(OrvBytes), ORV_O_BYTES);
    if (len > 0) {
        vm->tmp[vm->ntmp++] = orv_obj(b);
        orv_bytes_reserve(vm, b, len);
        vm->ntmp--;
        memset(b->data, 0, len);
        b->len = len;
    }
    return b;
}

void orv_bytes_reserve(OrvVM *vm, OrvBytes *b, size_t n)
{
    if (n <= b->cap)
        return;
    if (n > ((size_t)1 << 40))
        orv_fatal_oom(vm);
    size_t cap = b->cap ? grow_cap(b->cap, n) : n;
    b->data = orgc_restorage(vm, b->data, b->cap, cap);
    b->cap = cap;
}

OrvRecord *orv_rec_new(OrvVM *vm, const OrvShape *shape)
{
    OrvRecord *r = orgc_alloc(vm, sizeof(OrvRecord) + shape->nfields * sizeof(OrvValue), ORV_O_RECORD);
    r->shape = shape;
    return r;
}

OrvClosure *orv_closure_new(OrvVM *vm, OrvProto *p)
{
    OrvClosure *c = orgc_alloc(vm, sizeof(OrvClosure) + p->nupvals * sizeof(OrvUpval *), ORV_O_CLOSURE);
    c->proto = p;
    return c;
}

OrvUpval *orv_upval_new(OrvVM *vm, OrvValue *slot)
{
    OrvUpval *u = orgc_alloc(vm, sizeof(OrvUpval), ORV_O_UPVAL);
    u->v = slot;
    return u;
}

OrvError *orv_error_new(OrvVM *vm, OrvString *msg)
{
    vm->tmp[vm->ntmp++] = orv_obj(msg);
    OrvError *e = orgc_alloc(vm, sizeof(OrvError), ORV_O_ERROR);
    vm->ntmp--;
    e->msg = msg;
    return e;
}

OrvHandle *orv_handle_new(OrvVM *vm, int32_t close_prim, int64_t value)
{
    OrvHandle *h = orgc_alloc(vm, sizeof(OrvHandle), ORV_O_HANDLE);
    h->close_prim = close_prim;
    h->value = value;
    return h;
}

/* Number of values start, start+step, ... before passing `end` (inclusive or not), computed
   in unsigned 64-bit arithmetic so no step can overflow (language.md 6.3). */
uint64_t orv_range_count(OrvValue start, OrvValue end, OrvValue step, bool inclusive)
{
    if (orv_tag_is_signed(start.tag)) {
        int64_t a = start.as.i, b = end.as.i, s = step.as.i;
        if (s > 0 && (inclusive ? a <= b : a < b))
            return ((uint64_t)b - (uint64_t)a - (inclusive ? 0 : 1)) / (uint64_t)s + 1;
        if (s < 0 && (inclusive ? a >= b : a > b))
            return ((uint64_t)a - (uint64_t)b - (inclusive ? 0 : 1)) / (0 - (uint64_t)s) + 1;
        return 0;
    }
    uint64_t a = start.as.u, b = end.as.u, s = step.as.u;
    if (s > 0 && (inclusive ? a <= b : a < b))
        return (b - a - (inclusive ? 0 : 1)) / s + 1;
    return 0;
}

int orv_range_new(OrvVM *vm, OrvValue start, OrvValue end, OrvValue step, OrvValue *out)
{
    if (!orv_tag_is_int(start.tag) || end.tag != start.tag || step.tag != start.tag)
        orv_fatal_bytecode(vm, "range() of non-integer values");
    bool bad = step.as.u == 0;
    if ((start.tag == ORV_T_U64 || start.tag == ORV_T_USIZE)
        && (start.as.u > INT64_MAX || end.as.u > INT64_MAX))
        bad = true;
    if (bad)
        return orv_raise(vm, "Invalid arguments provided to range()");
    OrvRange *r = orgc_alloc(vm, sizeof(OrvRange), ORV_O_RANGE);
    r->start = start;
    r->end = end;
    r->step = step;
    r->next = start.as.u;
    r->left = orv_range_count(start, end, step, false);
    *out = orv_obj(r);
    return 0;
}

static int copy_array(OrvVM *vm, OrvArray *src, OrvValue *out, int depth)
{
    OrvArray *a = orv_arr_new(vm, src->len);
    for (size_t i = 0; i < src->len; i++)
        if (orv_deep_copy(vm, src->items[i], &a->items[i], depth + 1) < 0)
            return -1;
    a->len = src->len;
    a->hdr.flags = src->hdr.flags;
    *out = orv_obj(a);
    return 0;
}

static int copy_record(OrvVM *vm, OrvRecord *src, OrvValue *out, int depth)
{
    if (src->shape->kind != ORV_SHAPE_STRUCT) {    /* enum values are immutable: share */
        *out = orv_obj(src);
        return 0;
    }
    OrvRecord *r = orv_rec_new(vm, src->shape);
    for (uint16_t i = 0; i < src->shape->nfields; i++)
        if (orv_deep_copy(vm, src->fields[i], &r->fields[i], depth + 1) < 0)
            return -1;
    *out = orv_obj(r);
    return 0;
}

/* Runs with the GC paused by the caller: the half-built copy is not rooted. */
int orv_deep_copy(OrvVM *vm, OrvValue v, OrvValue *out, int depth)
{
    if (depth > ORV_MAX_DEPTH)
        return orv_raise(vm, "stack overflow");
    if (ORV_IS_OBJ(v, ORV_O_ARRAY))
        return copy_array(vm, ORV_AS_ARR(v), out, depth);
    if (ORV_IS_OBJ(v, ORV_O_RECORD))
        return copy_record(vm, ORV_AS_REC(v), out, depth);
    *out = v;
    return 0;
}
