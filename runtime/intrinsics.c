/* intrinsics.c: the `__` operations std is built on (runtime/opcodes.def lists them with
   their Orus signatures): array storage, byte buffers, string bytes, number formatting,
   GC control, kernel handles and output. Each reads its arguments from args[0..], writes
   its result to args[0] after any allocation (arguments stay rooted in their registers
   until then), and returns 0, or -1 after raising a runtime error. */
#include <math.h>
#include <string.h>

#include "format.h"
#include "gc.h"
#include "object.h"
#include "ops.h"
#include "ork_kernel.h"

#define ORV_OPCODES_IMPL
#include "gen/opcodes.h"

typedef struct OrvValue V;

static OrvArray *arr_arg(OrvVM *vm, const V *v)
{
    if (!ORV_IS_OBJ(*v, ORV_O_ARRAY))
        orv_fatal_bytecode(vm, "intrinsic expects an array");
    return ORV_AS_ARR(*v);
}

static OrvBytes *bytes_arg(OrvVM *vm, const V *v)
{
    if (!ORV_IS_OBJ(*v, ORV_O_BYTES))
        orv_fatal_bytecode(vm, "intrinsic expects bytes");
    return ORV_AS_BYTES(*v);
}

static OrvString *str_arg(OrvVM *vm, const V *v)
{
    if (!ORV_IS_OBJ(*v, ORV_O_STRING))
        orv_fatal_bytecode(vm, "intrinsic expects a string");
    return ORV_AS_STR(*v);
}

static OrvArray *growable(OrvVM *vm, const V *v)
{
    OrvArray *a = arr_arg(vm, v);
    if (a->hdr.flags & ORV_F_FIXED)
        orv_fatal_bytecode(vm, "resizing a fixed array");
    return a;
}

/* [from, from + n) inside [0, len)? */
static bool in_bounds(int64_t from, int64_t n, size_t len)
{
    return from >= 0 && n >= 0 && (uint64_t)from <= len && (uint64_t)n <= len - (uint64_t)from;
}

static int negative_length(OrvVM *vm)
{
    return orv_raise(vm, "Array length cannot be negative");
}

/* ---- arrays ---- */

/* n elements all holding v (v stays rooted by the caller's register while storage grows) */
static OrvArray *shared_fill(struct OrvVM *vm, size_t n, V v)
{
    OrvArray *arr = orv_arr_new(vm, n);
    for (size_t j = 0; j < n; j++)
        arr->items[j] = v;
    arr->len = n;
    return arr;
}

int orv_i_array_new(struct OrvVM *vm, V *a)
{
    int64_t n = orv_index(a[0]);
    if (n < 0)
        return negative_length(vm);
    a[0] = orv_obj(shared_fill(vm, (size_t)n, a[1]));
    return 0;
}

int orv_i_array_fill(struct OrvVM *vm, V *a)
{
    int64_t n = orv_index(a[1]);
    if (n < 0)
        return negative_length(vm);
    if (!ORV_IS_OBJ(a[0], ORV_O_ARRAY) && !ORV_IS_OBJ(a[0], ORV_O_RECORD)) {
        /* a deep copy of a scalar or string is the value itself: no call per element */
        a[0] = orv_obj(shared_fill(vm, (size_t)n, a[0]));
        return 0;
    }
    vm->nogc++;                          /* the copies are unrooted until the array holds them */
    OrvArray *arr = orv_arr_new(vm, (size_t)n);
    int rc = 0;
    for (int64_t j = 0; j < n && rc == 0; j++, arr->len++)
        rc = orv_deep_copy(vm, a[0], &arr->items[j], 0);
    vm->nogc--;
    if (rc == 0)
        a[0] = orv_obj(arr);
    return rc;
}

int orv_i_array_repeat(struct OrvVM *vm, V *a)
{
    OrvArray *src = arr_arg(vm, &a[0]);
    int64_t n = orv_index(a[1]);
    if (n < 0)
        return negative_length(vm);
    if (src->len != 0 && (uint64_t)n > ((uint64_t)1 << 36) / src->len)
        orv_fatal_oom(vm);
    size_t total = src->len * (size_t)n;
    OrvArray *arr = orv_arr_new(vm, total);
    for (int64_t j = 0; j < n && src->len > 0; j++)
        memcpy(arr->items + (size_t)j * src->len, src->items, src->len * sizeof(V));
    arr->len = total;
    a[0] = orv_obj(arr);
    return 0;
}

int orv_i_array_len(struct OrvVM *vm, V *a)
{
    a[0] = orv_int(ORV_T_I64, (int64_t)arr_arg(vm, &a[0])->len);
    return 0;
}

int orv_i_array_cap(struct OrvVM *vm, V *a)
{
    a[0] = orv_int(ORV_T_I64, (int64_t)arr_arg(vm, &a[0])->cap);
    return 0;
}

int orv_i_array_resize(struct OrvVM *vm, V *a)
{
    OrvArray *arr = growable(vm, &a[0]);
    int64_t n = orv_index(a[1]);
    if (n < 0)
        return negative_length(vm);
    orv_arr_reserve(vm, arr, (size_t)n);
    for (size_t j = arr->len; j < (size_t)n; j++)
        arr->items[j] = a[2];
    arr->len = (size_t)n;
    a[0] = orv_nil();
    return 0;
}

int orv_i_array_reserve(struct OrvVM *vm, V *a)
{
    OrvArray *arr = growable(vm, &a[0]);
    int64_t n = orv_index(a[1]);
    if (n > 0)
        orv_arr_reserve(vm, arr, (size_t)n);
    a[0] = orv_nil();
    return 0;
}

int orv_i_array_fix(struct OrvVM *vm, V *a)
{
    arr_arg(vm, &a[0])->hdr.flags |= ORV_F_FIXED;
    return 0;
}

int orv_i_array_copy(struct OrvVM *vm, V *a)
{
    OrvArray *dst = arr_arg(vm, &a[0]), *src = arr_arg(vm, &a[2]);
    int64_t at = orv_index(a[1]), from = orv_index(a[3]), n = orv_index(a[4]);
    if (!in_bounds(at, n, dst->len) || !in_bounds(from, n, src->len))
        return orv_raise(vm, "Slice bounds out of range");
    if (n > 0)
        memmove(dst->items + at, src->items + from, (size_t)n * sizeof(V));
    a[0] = orv_nil();
    return 0;
}

int orv_i_array_insert(struct OrvVM *vm, V *a)
{
    OrvArray *arr = growable(vm, &a[0]);
    int64_t at = orv_index(a[1]);
    if (at < 0 || (uint64_t)at > arr->len)
        return orv_raise(vm, "Array index out of bounds");
    orv_arr_reserve(vm, arr, arr->len + 1);
    memmove(arr->items + at + 1, arr->items + at, (arr->len - (size_t)at) * sizeof(V));
    arr->items[at] = a[2];
    arr->len++;
    a[0] = orv_nil();
    return 0;
}

int orv_i_array_remove(struct OrvVM *vm, V *a)
{
    OrvArray *arr = growable(vm, &a[0]);
    int64_t at = orv_index(a[1]);
    if (at < 0 || (uint64_t)at >= arr->len)
        return orv_raise(vm, "Array index out of bounds");
    V v = arr->items[at];
    memmove(arr->items + at, arr->items + at + 1, (arr->len - (size_t)at - 1) * sizeof(V));
    arr->len--;
    a[0] = v;
    return 0;
}

/* ---- bytes ---- */

int orv_i_bytes_new(struct OrvVM *vm, V *a)
{
    int64_t n = orv_index(a[0]);
    if (n < 0)
        return negative_length(vm);
    a[0] = orv_obj(orv_bytes_new(vm, (size_t)n));
    return 0;
}

int orv_i_bytes_len(struct OrvVM *vm, V *a)
{
    a[0] = orv_int(ORV_T_I64, (int64_t)bytes_arg(vm, &a[0])->len);
    return 0;
}

int orv_i_bytes_resize(struct OrvVM *vm, V *a)
{
    OrvBytes *b = bytes_arg(vm, &a[0]);
    int64_t n = orv_index(a[1]);
    if (n < 0)
        return negative_length(vm);
    orv_bytes_reserve(vm, b, (size_t)n);
    if ((size_t)n > b->len)
        memset(b->data + b->len, 0, (size_t)n - b->len);
    b->len = (size_t)n;
    a[0] = orv_nil();
    return 0;
}

int orv_i_bytes_get(struct OrvVM *vm, V *a)
{
    OrvBytes *b = bytes_arg(vm, &a[0]);
    if (a[1].as.u >= b->len)
        return orv_raise(vm, "Array index out of bounds");
    a[0] = orv_uint(ORV_T_U8, b->data[a[1].as.u]);
    return 0;
}

int orv_i_bytes_set(struct OrvVM *vm, V *a)
{
    OrvBytes *b = bytes_arg(vm, &a[0]);
    if (a[1].as.u >= b->len)
        return orv_raise(vm, "Array index out of bounds");
    b->data[a[1].as.u] = (uint8_t)a[2].as.u;
    a[0] = orv_nil();
    return 0;
}

static void append(OrvVM *vm, OrvBytes *b, const uint8_t *p, size_t n)
{
    orv_bytes_reserve(vm, b, b->len + n);
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

int orv_i_bytes_push(struct OrvVM *vm, V *a)
{
    uint8_t byte = (uint8_t)a[1].as.u;
    append(vm, bytes_arg(vm, &a[0]), &byte, 1);
    a[0] = orv_nil();
    return 0;
}

int orv_i_bytes_append(struct OrvVM *vm, V *a)
{
    OrvString *s = str_arg(vm, &a[1]);
    append(vm, bytes_arg(vm, &a[0]), s->data, s->len);
    a[0] = orv_nil();
    return 0;
}

int orv_i_bytes_append_bytes(struct OrvVM *vm, V *a)
{
    OrvBytes *b = bytes_arg(vm, &a[0]), *src = bytes_arg(vm, &a[1]);
    int64_t from = orv_index(a[2]), to = orv_index(a[3]);
    if (!in_bounds(from, to - from, src->len))
        return orv_raise(vm, "Slice bounds out of range");
    size_t n = (size_t)(to - from);
    orv_bytes_reserve(vm, b, b->len + n);  /* src may be b: copy after it can move */
    if (n > 0)
        memmove(b->data + b->len, src->data + from, n);
    b->len += n;
    a[0] = orv_nil();
    return 0;
}

int orv_i_bytes_copy(struct OrvVM *vm, V *a)
{
    OrvBytes *dst = bytes_arg(vm, &a[0]), *src = bytes_arg(vm, &a[2]);
    int64_t at = orv_index(a[1]), from = orv_index(a[3]), n = orv_index(a[4]);
    if (!in_bounds(at, n, dst->len) || !in_bounds(from, n, src->len))
        return orv_raise(vm, "Slice bounds out of range");
    if (n > 0)
        memmove(dst->data + at, src->data + from, (size_t)n);
    a[0] = orv_nil();
    return 0;
}

static int byte_range(OrvVM *vm, const V *a, size_t len, int64_t *from, size_t *n)
{
    *from = orv_index(a[1]);
    int64_t to = orv_index(a[2]);
    if (!in_bounds(*from, to - *from, len))
        return orv_raise(vm, "Slice bounds out of range");
    *n = (size_t)(to - *from);
    return 0;
}

int orv_i_bytes_slice(struct OrvVM *vm, V *a)
{
    OrvBytes *b = bytes_arg(vm, &a[0]);
    int64_t from;
    size_t n;
    if (byte_range(vm, a, b->len, &from, &n) < 0)
        return -1;
    OrvBytes *c = orv_bytes_new(vm, n);
    if (n > 0)
        memcpy(c->data, b->data + from, n);
    a[0] = orv_obj(c);
    return 0;
}

int orv_i_bytes_to_str(struct OrvVM *vm, V *a)
{
    OrvBytes *b = bytes_arg(vm, &a[0]);
    int64_t from;
    size_t n;
    if (byte_range(vm, a, b->len, &from, &n) < 0)
        return -1;
    a[0] = orv_obj(orv_str_new(vm, b->data + from, n));
    return 0;
}

/* ---- strings ---- */

int orv_i_str_len(struct OrvVM *vm, V *a)
{
    a[0] = orv_int(ORV_T_I64, (int64_t)str_arg(vm, &a[0])->len);
    return 0;
}

int orv_i_str_byte(struct OrvVM *vm, V *a)
{
    OrvString *s = str_arg(vm, &a[0]);
    if (a[1].as.u >= s->len)
        return orv_raise(vm, "String index out of bounds");
    a[0] = orv_uint(ORV_T_U8, s->data[a[1].as.u]);
    return 0;
}

int orv_i_str_slice(struct OrvVM *vm, V *a)
{
    OrvString *s = str_arg(vm, &a[0]);
    int64_t from;
    size_t n;
    if (byte_range(vm, a, s->len, &from, &n) < 0)
        return -1;
    a[0] = orv_obj(orv_str_new(vm, s->data + from, n));
    return 0;
}

int orv_i_str_cmp(struct OrvVM *vm, V *a)
{
    a[0] = orv_int(ORV_T_I32, orv_str_cmp(str_arg(vm, &a[0]), str_arg(vm, &a[1])));
    return 0;
}

int orv_i_str_find(struct OrvVM *vm, V *a)
{
    OrvString *s = str_arg(vm, &a[0]), *sub = str_arg(vm, &a[1]);
    int64_t from = orv_index(a[2]), found = -1;
    if (from < 0)
        from = 0;
    for (size_t j = (size_t)from; found < 0 && sub->len <= s->len && j <= s->len - sub->len; j++) {
        const uint8_t *hit = sub->len ? memchr(s->data + j, sub->data[0], s->len - sub->len - j + 1) : s->data + j;
        if (hit == NULL)
            break;
        j = (size_t)(hit - s->data);
        if (memcmp(hit, sub->data, sub->len) == 0)
            found = (int64_t)j;
    }
    a[0] = orv_int(ORV_T_I64, found);
    return 0;
}

int orv_i_str_to_bytes(struct OrvVM *vm, V *a)
{
    OrvString *s = str_arg(vm, &a[0]);
    OrvBytes *b = orv_bytes_new(vm, s->len);
    if (s->len > 0)
        memcpy(b->data, s->data, s->len);
    a[0] = orv_obj(b);
    return 0;
}

int orv_i_str_from_byte(struct OrvVM *vm, V *a)
{
    a[0] = orv_obj(vm->byte_str[a[0].as.u & 0xffu]);
    return 0;
}

/* ---- numbers ---- */

int orv_i_fmt_int(struct OrvVM *vm, V *a)
{
    char buf[ORV_FMT_INT_MAX];
    if (!orv_tag_is_int(a[0].tag))
        orv_fatal_bytecode(vm, "__fmt_int of a non-integer");
    size_t n = orv_fmt_int(buf, a[0], (int)a[1].as.i, a[2].as.u != 0);
    a[0] = orv_obj(orv_str_new(vm, buf, n));
    return 0;
}

int orv_i_fmt_f64(struct OrvVM *vm, V *a)
{
    char buf[ORV_FMT_F64_MAX];
    size_t n = orv_fmt_f64(buf, a[0].as.f);
    a[0] = orv_obj(orv_str_new(vm, buf, n));
    return 0;
}

int orv_i_fmt_fixed(struct OrvVM *vm, V *a)
{
    char buf[480];
    size_t n = orv_fmt_fixed(buf, sizeof buf, a[0].as.f, (int)a[1].as.i);
    a[0] = orv_obj(orv_str_new(vm, buf, n));
    return 0;
}

int orv_i_parse_f64(struct OrvVM *vm, V *a)
{
    OrvString *s = str_arg(vm, &a[0]);
    a[0] = orv_f64(orv_parse_f64((const char *)s->data, s->len));
    return 0;
}

int orv_i_f64_bits(struct OrvVM *vm, V *a)
{
    (void)vm;
    a[0] = orv_uint(ORV_T_U64, a[0].as.u);
    return 0;
}

int orv_i_f64_from_bits(struct OrvVM *vm, V *a)
{
    (void)vm;
    a[0].tag = ORV_T_F64;
    return 0;
}

/* ---- GC, handles, output, arguments ---- */

int orv_i_gc_collect(struct OrvVM *vm, V *a)
{
    orgc_collect(vm);
    a[0] = orv_nil();
    return 0;
}

int orv_i_gc_stat(struct OrvVM *vm, V *a)
{
    a[0] = orv_int(ORV_T_I64, orgc_stat(vm, (int)a[0].as.i));
    return 0;
}

static OrvHandle *handle_arg(OrvVM *vm, const V *v)
{
    if (!ORV_IS_OBJ(*v, ORV_O_HANDLE))
        orv_fatal_bytecode(vm, "intrinsic expects a handle");
    return ORV_AS_HANDLE(*v);
}

/* Only one-argument primitives can close a resource. */
int orv_i_handle_new(struct OrvVM *vm, V *a)
{
    int64_t prim = a[0].as.i;
    if (prim >= ORK_NPRIMS || (prim >= 0 && ork_prims[prim].nparams != 1))
        prim = -1;
    a[0] = orv_obj(orv_handle_new(vm, (int32_t)prim, a[1].as.i));
    return 0;
}

int orv_i_handle_value(struct OrvVM *vm, V *a)
{
    a[0] = orv_int(ORV_T_I64, handle_arg(vm, &a[0])->value);
    return 0;
}

int orv_i_handle_close(struct OrvVM *vm, V *a)
{
    OrvHandle *h = handle_arg(vm, &a[0]);
    OrkArg arg, ret;
    ret.i = 0;
    if (!h->closed && h->close_prim >= 0) {
        arg.i = h->value;
        ork_prims[h->close_prim].thunk(&arg, &ret);
    }
    h->closed = 1;
    a[0] = orv_int(ORV_T_I64, ret.i);
    return 0;
}

int orv_i_write(struct OrvVM *vm, V *a)
{
    OrvString *s = str_arg(vm, &a[1]);
    int32_t fd = (int32_t)a[0].as.i;
    size_t done = 0;
    while (done < s->len) {
        int64_t w = ork_io_write(fd, s->data + done, s->len - done, s->len - done);
        if (w <= 0) {
            a[0] = orv_int(ORV_T_I64, -1);
            return 0;
        }
        done += (size_t)w;
    }
    a[0] = orv_int(ORV_T_I64, (int64_t)done);
    return 0;
}

int orv_i_throw(struct OrvVM *vm, V *a)
{
    str_arg(vm, &a[0]);
    return orv_ops_throw(vm, a[0]);
}

int orv_i_argc(struct OrvVM *vm, V *a)
{
    a[0] = orv_int(ORV_T_I32, vm->argc);
    return 0;
}

int orv_i_argv(struct OrvVM *vm, V *a)
{
    int64_t j = a[0].as.i;
    if (j < 0 || j >= vm->argc)
        return orv_raise(vm, "Array index out of bounds");
    a[0] = orv_obj(orv_str_cstr(vm, vm->argv[j]));
    return 0;
}
