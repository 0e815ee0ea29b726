/* object.h: constructors and operations on heap objects (strings, arrays, bytes, records,
   closures, upvalues, ranges, errors, handles), structural equality, hashing, deep copy. */
#ifndef ORV_OBJECT_H
#define ORV_OBJECT_H

#include "vm.h"

/* string.c */
OrvString *orv_str_alloc(OrvVM *vm, size_t len);     /* data uninitialised, NUL-terminated */
OrvString *orv_str_new(OrvVM *vm, const void *data, size_t len);
OrvString *orv_str_cstr(OrvVM *vm, const char *s);
OrvString *orv_str_concat(OrvVM *vm, const OrvString *a, const OrvString *b);
int orv_str_cmp(const OrvString *a, const OrvString *b);
bool orv_str_eq(const OrvString *a, const OrvString *b);
uint64_t orv_str_hash(OrvString *s);

/* object.c */
OrvArray *orv_arr_new(OrvVM *vm, size_t cap);
void orv_arr_reserve(OrvVM *vm, OrvArray *a, size_t n);
OrvBytes *orv_bytes_new(OrvVM *vm, size_t len);
void orv_bytes_reserve(OrvVM *vm, OrvBytes *b, size_t n);
OrvRecord *orv_rec_new(OrvVM *vm, const OrvShape *shape);
OrvClosure *orv_closure_new(OrvVM *vm, OrvProto *p);
OrvUpval *orv_upval_new(OrvVM *vm, OrvValue *slot);
OrvError *orv_error_new(OrvVM *vm, OrvString *msg);
OrvHandle *orv_handle_new(OrvVM *vm, int32_t close_prim, int64_t value);
/* range(start, end, step) of one integer type; -1 (error raised) on bad arguments. */
uint64_t orv_range_count(OrvValue start, OrvValue end, OrvValue step, bool inclusive);
int orv_range_new(OrvVM *vm, OrvValue start, OrvValue end, OrvValue step, OrvValue *out);
/* Deep copy of arrays and records ([v; n] rows do not alias); -1 on stack overflow. */
int orv_deep_copy(OrvVM *vm, OrvValue v, OrvValue *out, int depth);

/* equal.c: structural == and hash (extensions.md 2); depth-limited on cyclic data. */
int orv_equal(OrvVM *vm, OrvValue a, OrvValue b);          /* 1, 0, or -1 (error raised) */
int orv_hash(OrvVM *vm, OrvValue v, uint64_t *out);         /* 0 or -1 */

/* splitmix64's finalizer: a fast, well-spread mix of 64 bits. hash() of a bool, integer or
   RawPtr is the mix of its payload (the VM's HASH computes it inline). */
static inline uint64_t orv_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9u;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

#define ORV_MAX_DEPTH 10000

#endif /* ORV_OBJECT_H */
