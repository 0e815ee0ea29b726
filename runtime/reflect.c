/* reflect.c: reflection intrinsics the prelude formats values with (typeof, struct and
   enum names, fields, payloads, elements) and __coerce for generic code. */
#include <string.h>

#include "object.h"

typedef struct OrvValue V;

static int kind_of(V v)
{
    if (v.tag != ORV_T_OBJ)
        return v.tag <= ORV_T_RAWPTR ? v.tag : ORV_K_VOID;
    switch (v.as.o->kind) {
    case ORV_O_STRING: return ORV_K_STRING;
    case ORV_O_ARRAY: return ORV_K_ARRAY;
    case ORV_O_BYTES: return ORV_K_BYTES;
    case ORV_O_RECORD: return ORV_AS_REC(v)->shape->kind == ORV_SHAPE_STRUCT ? ORV_K_STRUCT : ORV_K_ENUM;
    case ORV_O_CLOSURE: return ORV_K_FUNCTION;
    case ORV_O_RANGE: return ORV_K_RANGE;
    case ORV_O_ERROR: return ORV_K_ERROR;
    default: return ORV_K_HANDLE;
    }
}

int orv_i_kind(struct OrvVM *vm, V *a)
{
    (void)vm;
    a[0] = orv_int(ORV_T_I32, kind_of(a[0]));
    return 0;
}

static const char *const kind_names[ORV_NKINDS] = {
    [ORV_K_VOID] = "void", [ORV_K_BOOL] = "bool", [ORV_K_I32] = "i32", [ORV_K_I64] = "i64",
    [ORV_K_U8] = "u8", [ORV_K_U32] = "u32", [ORV_K_U64] = "u64", [ORV_K_USIZE] = "usize",
    [ORV_K_F64] = "f64", [ORV_K_RAWPTR] = "RawPtr", [ORV_K_STRING] = "string",
    [ORV_K_ARRAY] = "array", [ORV_K_BYTES] = "bytes", [ORV_K_FUNCTION] = "function",
    [ORV_K_RANGE] = "range_iterator", [ORV_K_ERROR] = "error", [ORV_K_HANDLE] = "handle",
};

int orv_i_type_name(struct OrvVM *vm, V *a)
{
    int kind = kind_of(a[0]);
    if (kind == ORV_K_STRUCT || kind == ORV_K_ENUM)
        a[0] = orv_obj(ORV_AS_REC(a[0])->shape->type_name);
    else
        a[0] = orv_obj(orv_str_cstr(vm, kind_names[kind]));
    return 0;
}

static size_t field_count(V v)
{
    switch (kind_of(v)) {
    case ORV_K_STRUCT: case ORV_K_ENUM: return ORV_AS_REC(v)->shape->nfields;
    case ORV_K_ARRAY: return ORV_AS_ARR(v)->len;
    case ORV_K_RANGE: return 3;
    case ORV_K_ERROR: return 1;
    default: return 0;
    }
}

int orv_i_field_count(struct OrvVM *vm, V *a)
{
    (void)vm;
    a[0] = orv_int(ORV_T_I32, (int32_t)field_count(a[0]));
    return 0;
}

static int field_index(OrvVM *vm, const V *a, size_t *ix)
{
    *ix = (size_t)a[1].as.u;
    if (a[1].as.u >= field_count(a[0]))
        return orv_raise(vm, "Array index out of bounds");
    return 0;
}

int orv_i_field_name(struct OrvVM *vm, V *a)
{
    static const char *const range_fields[] = {"start", "end", "step"};
    size_t ix;
    if (field_index(vm, a, &ix) < 0)
        return -1;
    switch (kind_of(a[0])) {
    case ORV_K_STRUCT: case ORV_K_ENUM: a[0] = orv_obj(ORV_AS_REC(a[0])->shape->field_names[ix]); break;
    case ORV_K_RANGE: a[0] = orv_obj(orv_str_cstr(vm, range_fields[ix])); break;
    case ORV_K_ERROR: a[0] = orv_obj(orv_str_cstr(vm, "message")); break;
    default: a[0] = orv_obj(vm->empty_str); break;
    }
    return 0;
}

int orv_i_field_value(struct OrvVM *vm, V *a)
{
    size_t ix;
    if (field_index(vm, a, &ix) < 0)
        return -1;
    switch (kind_of(a[0])) {
    case ORV_K_STRUCT: case ORV_K_ENUM: a[0] = ORV_AS_REC(a[0])->fields[ix]; break;
    case ORV_K_ARRAY: a[0] = ORV_AS_ARR(a[0])->items[ix]; break;
    case ORV_K_RANGE: {
        OrvRange *r = ORV_AS_RANGE(a[0]);
        a[0] = ix == 0 ? r->start : ix == 1 ? r->end : r->step;
        break;
    }
    default: a[0] = orv_obj(ORV_AS_ERROR(a[0])->msg); break;
    }
    return 0;
}

static const OrvShape *variant_arg(OrvVM *vm, V v)
{
    if (kind_of(v) != ORV_K_ENUM)
        orv_fatal_bytecode(vm, "variant of a value that is not an enum");
    return ORV_AS_REC(v)->shape;
}

int orv_i_variant_name(struct OrvVM *vm, V *a)
{
    a[0] = orv_obj(variant_arg(vm, a[0])->variant_name);
    return 0;
}

int orv_i_variant_index(struct OrvVM *vm, V *a)
{
    a[0] = orv_int(ORV_T_I32, variant_arg(vm, a[0])->variant);
    return 0;
}

int orv_i_fn_name(struct OrvVM *vm, V *a)
{
    if (kind_of(a[0]) != ORV_K_FUNCTION)
        orv_fatal_bytecode(vm, "__fn_name of a value that is not a function");
    a[0] = orv_obj(ORV_AS_CLOSURE(a[0])->proto->name);
    return 0;
}

int orv_i_coerce(struct OrvVM *vm, V *a)
{
    (void)vm;
    (void)a;
    return 0;
}

int orv_i_error_message(struct OrvVM *vm, V *a)
{
    if (kind_of(a[0]) != ORV_K_ERROR)
        orv_fatal_bytecode(vm, "__error_message of a value that is not an error");
    a[0] = orv_obj(ORV_AS_ERROR(a[0])->msg);
    return 0;
}
