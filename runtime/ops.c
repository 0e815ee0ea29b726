/* ops.c: the slow paths of the dispatch loop: byte-buffer indexing, len, slicing, casts
   with the checks of language.md 5.7, kernel calls and error-raising instructions. */
#include <math.h>
#include <string.h>

#include "gc.h"
#include "object.h"
#include "ops.h"
#include "ork_kernel.h"

int orv_ops_uninit(OrvVM *vm, const OrvString *name)
{
    return orv_raisef(vm, "Variable '%s' used before initialisation", (const char *)name->data);
}

int orv_ops_noret(OrvVM *vm, const OrvProto *p)
{
    const char *name = p->name->len ? (const char *)p->name->data : "<anonymous>";
    return orv_raisef(vm, "Function '%s' ended without returning a value", name);
}

int orv_ops_throw(OrvVM *vm, OrvValue v)
{
    if (ORV_IS_OBJ(v, ORV_O_ERROR))
        return orv_raise_value(vm, v);
    if (!ORV_IS_OBJ(v, ORV_O_STRING))
        orv_fatal_bytecode(vm, "THROW of a value that is neither an error nor a string");
    vm->tmp[vm->ntmp++] = v;
    OrvError *e = orv_error_new(vm, ORV_AS_STR(v));
    vm->ntmp--;
    return orv_raise_value(vm, orv_obj(e));
}

int64_t orv_index(OrvValue v)
{
    if (orv_tag_is_signed(v.tag))
        return v.as.i;
    return v.as.u > INT64_MAX ? -1 : (int64_t)v.as.u;
}

/* ---- kernel calls: registers to OrkArg by the primitive's kinds and back ---- */

static void to_arg(OrvVM *vm, uint8_t kind, const OrvValue *v, OrkArg *a)
{
    switch (kind) {
    case ORK_K_F64: a->f = v->as.f; break;
    case ORK_K_RAWPTR: a->p = v->tag == ORV_T_RAWPTR ? v->as.p : NULL; break;
    case ORK_K_BYTES:
        if (!ORV_IS_OBJ(*v, ORV_O_BYTES))
            orv_fatal_bytecode(vm, "kernel call with a non-bytes buffer");
        a->buf.ptr = ORV_AS_BYTES(*v)->data;
        a->buf.len = ORV_AS_BYTES(*v)->len;
        break;
    case ORK_K_STRING:
        if (!ORV_IS_OBJ(*v, ORV_O_STRING))
            orv_fatal_bytecode(vm, "kernel call with a non-string argument");
        a->buf.ptr = ORV_AS_STR(*v)->data;
        a->buf.len = ORV_AS_STR(*v)->len;
        break;
    default: a->u = v->as.u; break;
    }
}

static OrvValue from_ret(uint8_t kind, const OrkArg *r)
{
    switch (kind) {
    case ORK_K_VOID: return orv_nil();
    case ORK_K_BOOL: return orv_bool(r->u != 0);
    case ORK_K_I32: return orv_int(ORV_T_I32, (int32_t)r->i);
    case ORK_K_I64: return orv_int(ORV_T_I64, r->i);
    case ORK_K_U8: return orv_uint(ORV_T_U8, (uint8_t)r->u);
    case ORK_K_U32: return orv_uint(ORV_T_U32, (uint32_t)r->u);
    case ORK_K_U64: return orv_uint(ORV_T_U64, r->u);
    case ORK_K_USIZE: return orv_uint(ORV_T_USIZE, r->u);
    case ORK_K_F64: return orv_f64(r->f);
    default: {
        OrvValue v;
        v.as.p = r->p;
        v.tag = ORV_T_RAWPTR;
        return v;
    }
    }
}

int orv_ops_kcall(OrvVM *vm, unsigned id, OrvValue *args)
{
    const OrkPrim *prim = &ork_prims[id];
    OrkArg a[8], r;
    memset(a, 0, sizeof a);
    r.u = 0;
    for (int j = 0; j < prim->nparams; j++)
        to_arg(vm, prim->params[j], &args[j], &a[j]);
    prim->thunk(a, &r);
    args[0] = from_ret(prim->ret, &r);
    return 0;
}

/* ---- buffers ---- */

int orv_ops_getindex(OrvVM *vm, const OrvValue *obj, const OrvValue *ix, OrvValue *out)
{
    if (!ORV_IS_OBJ(*obj, ORV_O_BYTES))
        orv_fatal_bytecode(vm, "index of a value that is not an array or bytes");
    OrvBytes *b = ORV_AS_BYTES(*obj);
    if (ix->as.u >= b->len)
        return orv_raise(vm, "Array index out of bounds");
    *out = orv_uint(ORV_T_U8, b->data[ix->as.u]);
    return 0;
}

int orv_ops_setindex(OrvVM *vm, OrvValue *obj, const OrvValue *ix, const OrvValue *v)
{
    if (!ORV_IS_OBJ(*obj, ORV_O_BYTES))
        orv_fatal_bytecode(vm, "index of a value that is not an array or bytes");
    OrvBytes *b = ORV_AS_BYTES(*obj);
    if (ix->as.u >= b->len)
        return orv_raise(vm, "Array index out of bounds");
    b->data[ix->as.u] = (uint8_t)v->as.u;
    return 0;
}

int orv_ops_len(OrvVM *vm, const OrvValue *obj, OrvValue *out)
{
    size_t n;
    if (ORV_IS_OBJ(*obj, ORV_O_ARRAY))
        n = ORV_AS_ARR(*obj)->len;
    else if (ORV_IS_OBJ(*obj, ORV_O_STRING))
        n = ORV_AS_STR(*obj)->len;
    else if (ORV_IS_OBJ(*obj, ORV_O_BYTES))
        n = ORV_AS_BYTES(*obj)->len;
    else
        orv_fatal_bytecode(vm, "len of a value that is not an array, string or bytes");
    *out = orv_int(ORV_T_I32, (int32_t)n);
    return 0;
}

int orv_ops_slice(OrvVM *vm, const OrvValue *obj, const OrvValue *bounds, OrvValue *out)
{
    int64_t from = orv_index(bounds[0]), to = orv_index(bounds[1]);
    size_t len;
    if (ORV_IS_OBJ(*obj, ORV_O_ARRAY))
        len = ORV_AS_ARR(*obj)->len;
    else if (ORV_IS_OBJ(*obj, ORV_O_STRING))
        len = ORV_AS_STR(*obj)->len;
    else if (ORV_IS_OBJ(*obj, ORV_O_BYTES))
        len = ORV_AS_BYTES(*obj)->len;
    else
        orv_fatal_bytecode(vm, "slice of a value that is not an array, string or bytes");
    if (from < 0 || to < from || (uint64_t)to > len)
        return orv_raise(vm, "Slice bounds out of range");
    size_t n = (size_t)(to - from);
    if (ORV_IS_OBJ(*obj, ORV_O_STRING)) {
        OrvString *s = orv_str_new(vm, ORV_AS_STR(*obj)->data + from, n);
        *out = orv_obj(s);
    } else if (ORV_IS_OBJ(*obj, ORV_O_BYTES)) {
        OrvBytes *b = orv_bytes_new(vm, n);
        if (n > 0)
            memcpy(b->data, ORV_AS_BYTES(*obj)->data + from, n);
        *out = orv_obj(b);
    } else {
        OrvArray *a = orv_arr_new(vm, n);
        if (n > 0)
            memcpy(a->items, ORV_AS_ARR(*obj)->items + from, n * sizeof(OrvValue));
        a->len = n;
        *out = orv_obj(a);
    }
    return 0;
}

/* ---- casts (language.md 5.7) ---- */

static const char *type_name(unsigned tag)
{
    switch (tag) {
    case ORV_T_I32: return "i32";
    case ORV_T_I64: return "i64";
    case ORV_T_U8: return "u8";
    case ORV_T_U32: return "u32";
    case ORV_T_U64: return "u64";
    default: return "usize";
    }
}

/* Truncate or extend a two's-complement pattern to the target width. */
static OrvValue int_to_width(uint64_t bits, unsigned tag)
{
    switch (tag) {
    case ORV_T_I32: return orv_int(tag, (int32_t)(uint32_t)bits);
    case ORV_T_I64: return orv_int(tag, (int64_t)bits);
    case ORV_T_U8: return orv_uint(tag, bits & 0xffu);
    case ORV_T_U32: return orv_uint(tag, bits & 0xffffffffu);
    default: return orv_uint(tag, bits);
    }
}

static int f64_to_int(OrvVM *vm, double f, unsigned tag, OrvValue *out)
{
    double t = trunc(f);
    static const double lo[] = {[ORV_T_I32] = -2147483648.0, [ORV_T_I64] = -9223372036854775808.0,
                                [ORV_T_U8] = 0, [ORV_T_U32] = 0, [ORV_T_U64] = 0, [ORV_T_USIZE] = 0};
    static const double hi[] = {[ORV_T_I32] = 2147483648.0, [ORV_T_I64] = 9223372036854775808.0,
                                [ORV_T_U8] = 256.0, [ORV_T_U32] = 4294967296.0,
                                [ORV_T_U64] = 18446744073709551616.0, [ORV_T_USIZE] = 18446744073709551616.0};
    if (isnan(f) || t < lo[tag] || t >= hi[tag])
        return orv_raisef(vm, "f64 value out of %s range", type_name(tag));
    *out = orv_tag_is_signed((uint8_t)tag) ? orv_int(tag, (int64_t)t) : orv_uint(tag, (uint64_t)t);
    return 0;
}

static int int_to_int(OrvVM *vm, OrvValue v, unsigned tag, OrvValue *out)
{
    bool neg = orv_tag_is_signed(v.tag) && v.as.i < 0;
    if ((tag == ORV_T_U64 || tag == ORV_T_USIZE) && neg)
        return orv_raisef(vm, "Cannot convert negative %s to u64", type_name(v.tag));
    if (tag == ORV_T_U32 && (v.tag == ORV_T_U64 || v.tag == ORV_T_USIZE) && v.as.u > 0xffffffffu)
        return orv_raise(vm, "u64 value too large for u32");
    *out = int_to_width(v.as.u, tag);
    return 0;
}

static double int_to_f64(OrvValue v)
{
    return orv_tag_is_signed(v.tag) ? (double)v.as.i : (double)v.as.u;
}

int orv_ops_cast(OrvVM *vm, OrvValue v, unsigned tag, OrvValue *out)
{
    if (tag == ORV_T_BOOL) {
        *out = orv_bool(v.tag == ORV_T_F64 ? v.as.f != 0.0 : v.as.u != 0);
        return 0;
    }
    if (v.tag == ORV_T_BOOL) {
        *out = tag == ORV_T_F64 ? orv_f64((double)v.as.u) : orv_uint((uint8_t)tag, v.as.u);
        return 0;
    }
    if (v.tag == ORV_T_F64) {
        if (tag == ORV_T_F64) {
            *out = v;
            return 0;
        }
        return f64_to_int(vm, v.as.f, tag, out);
    }
    if (!orv_tag_is_int(v.tag))
        orv_fatal_bytecode(vm, "CAST of a value that is not a number or bool");
    if (tag == ORV_T_F64) {
        *out = orv_f64(int_to_f64(v));
        return 0;
    }
    return int_to_int(vm, v, tag, out);
}
