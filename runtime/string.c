/* string.c: immutable byte strings with a cached hash. */
#include <string.h>

#include "gc.h"
#include "object.h"

OrvString *orv_str_alloc(OrvVM *vm, size_t len)
{
    if (len > ((size_t)1 << 40))
        orv_fatal_oom(vm);
    OrvString *s = orgc_alloc_bare(vm, sizeof(OrvString) + len + 1, ORV_O_STRING);
    s->len = len;
    s->hash = 0;
    s->data[len] = 0;
    return s;
}

OrvString *orv_str_new(OrvVM *vm, const void *data, size_t len)
{
    OrvString *s = orv_str_alloc(vm, len);
    if (len > 0)
        memcpy(s->data, data, len);
    return s;
}

OrvString *orv_str_cstr(OrvVM *vm, const char *cs)
{
    return orv_str_new(vm, cs, strlen(cs));
}

/* Both operands stay reachable from registers while the result is allocated. */
OrvString *orv_str_concat(OrvVM *vm, const OrvString *a, const OrvString *b)
{
    OrvString *s = orv_str_alloc(vm, a->len + b->len);
    memcpy(s->data, a->data, a->len);
    memcpy(s->data + a->len, b->data, b->len);
    return s;
}

int orv_str_cmp(const OrvString *a, const OrvString *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->data, b->data, n) : 0;
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a->len < b->len ? -1 : a->len > b->len;
}

bool orv_str_eq(const OrvString *a, const OrvString *b)
{
    if (a == b)
        return true;
    if (a->len != b->len || (a->hash && b->hash && a->hash != b->hash))
        return false;
    return memcmp(a->data, b->data, a->len) == 0;
}

/* 64-bit FNV-1a: stable across runs and machines, as hash() must be. */
uint64_t orv_str_hash(OrvString *s)
{
    if (s->hash == 0) {
        uint64_t h = 0xcbf29ce484222325u;
        for (size_t i = 0; i < s->len; i++)
            h = (h ^ s->data[i]) * 0x100000001b3u;
        s->hash = h ? h : 1;
    }
    return s->hash;
}
