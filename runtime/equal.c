/* equal.c: structural equality and hashing (language.md 5.4, extensions.md 2).
   Static typing guarantees both operands of == have one type, so records compare by
   variant and fields, never by shape pointer (each module has its own shape table).
   Hashes depend only on contents, never on addresses: stable across runs and machines. */
#include <string.h>

#include "object.h"

static int equal_at(OrvVM *vm, OrvValue a, OrvValue b, int depth);

static int equal_values(OrvVM *vm, const OrvValue *a, const OrvValue *b, size_t n, int depth)
{
    for (size_t i = 0; i < n; i++) {
        int r = equal_at(vm, a[i], b[i], depth + 1);
        if (r != 1)
            return r;
    }
    return 1;
}

static int equal_objects(OrvVM *vm, OrvObj *x, OrvObj *y, int depth)
{
    if (x == y)
        return 1;
    if (x->kind != y->kind)
        return 0;
    switch (x->kind) {
    case ORV_O_STRING:
        return orv_str_eq((OrvString *)x, (OrvString *)y);
    case ORV_O_ARRAY: {
        OrvArray *a = (OrvArray *)x, *b = (OrvArray *)y;
        return a->len == b->len ? equal_values(vm, a->items, b->items, a->len, depth) : 0;
    }
    case ORV_O_BYTES: {
        OrvBytes *a = (OrvBytes *)x, *b = (OrvBytes *)y;
        return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
    }
    case ORV_O_RECORD: {
        OrvRecord *a = (OrvRecord *)x, *b = (OrvRecord *)y;
        if (a->shape->variant != b->shape->variant || a->shape->nfields != b->shape->nfields)
            return 0;
        return equal_values(vm, a->fields, b->fields, a->shape->nfields, depth);
    }
    case ORV_O_RANGE: {
        OrvRange *a = (OrvRange *)x, *b = (OrvRange *)y;
        return a->start.as.u == b->start.as.u && a->end.as.u == b->end.as.u && a->step.as.u == b->step.as.u;
    }
    case ORV_O_ERROR:
        return orv_str_eq(((OrvError *)x)->msg, ((OrvError *)y)->msg);
    default:                /* closures and handles: identity */
        return 0;
    }
}

static int equal_at(OrvVM *vm, OrvValue a, OrvValue b, int depth)
{
    if (depth > ORV_MAX_DEPTH)
        return orv_raise(vm, "stack overflow");
    if (a.tag != b.tag)
        return 0;
    switch (a.tag) {
    case ORV_T_NIL: return 1;
    case ORV_T_F64: return a.as.f == b.as.f;
    case ORV_T_OBJ: return equal_objects(vm, a.as.o, b.as.o, depth);
    default: return a.as.u == b.as.u;
    }
}

int orv_equal(OrvVM *vm, OrvValue a, OrvValue b)
{
    return equal_at(vm, a, b, 0);
}

static inline uint64_t combine(uint64_t h, uint64_t x)
{
    return orv_mix64(h ^ x) + 0x9e3779b97f4a7c15u;
}

static int hash_at(OrvVM *vm, OrvValue v, uint64_t *out, int depth);

static int hash_values(OrvVM *vm, uint64_t h, const OrvValue *v, size_t n, int depth, uint64_t *out)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t e;
        if (hash_at(vm, v[i], &e, depth + 1) < 0)
            return -1;
        h = combine(h, e);
    }
    *out = h;
    return 0;
}

static uint64_t hash_bytes(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

static int hash_object(OrvVM *vm, OrvObj *o, uint64_t *out, int depth)
{
    switch (o->kind) {
    case ORV_O_STRING: *out = orv_str_hash((OrvString *)o); return 0;
    case ORV_O_ARRAY: {
        OrvArray *a = (OrvArray *)o;
        return hash_values(vm, orv_mix64(a->len + 1), a->items, a->len, depth, out);
    }
    case ORV_O_BYTES: *out = hash_bytes(((OrvBytes *)o)->data, ((OrvBytes *)o)->len); return 0;
    case ORV_O_RECORD: {
        OrvRecord *r = (OrvRecord *)o;
        return hash_values(vm, orv_mix64(r->shape->variant + 7u), r->fields, r->shape->nfields, depth, out);
    }
    case ORV_O_RANGE: {
        OrvRange *r = (OrvRange *)o;
        *out = combine(combine(orv_mix64(r->start.as.u), r->end.as.u), r->step.as.u);
        return 0;
    }
    case ORV_O_ERROR: *out = orv_mix64(orv_str_hash(((OrvError *)o)->msg)); return 0;
    case ORV_O_CLOSURE: *out = orv_mix64(orv_str_hash(((OrvClosure *)o)->proto->name) + 1); return 0;
    case ORV_O_HANDLE: *out = orv_mix64((uint64_t)((OrvHandle *)o)->value); return 0;
    default: *out = 0; return 0;
    }
}

static int hash_at(OrvVM *vm, OrvValue v, uint64_t *out, int depth)
{
    if (depth > ORV_MAX_DEPTH)
        return orv_raise(vm, "stack overflow");
    switch (v.tag) {
    case ORV_T_NIL: *out = 0; return 0;
    case ORV_T_F64: {
        double f = v.as.f == 0.0 ? 0.0 : v.as.f;        /* -0.0 == 0.0 */
        uint64_t bits;
        memcpy(&bits, &f, sizeof bits);
        *out = orv_mix64(bits);
        return 0;
    }
    case ORV_T_OBJ: return hash_object(vm, v.as.o, out, depth);
    default: *out = orv_mix64(v.as.u); return 0;
    }
}

int orv_hash(OrvVM *vm, OrvValue v, uint64_t *out)
{
    return hash_at(vm, v, out, 0);
}
