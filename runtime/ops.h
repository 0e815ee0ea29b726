/* ops.h: slow paths of the dispatch loop (vm.c), each returning 0 or -1 after raising. */
#ifndef ORV_OPS_H
#define ORV_OPS_H

#include "loader.h"
#include "vm.h"

int orv_ops_uninit(OrvVM *vm, const OrvString *name);
int orv_ops_noret(OrvVM *vm, const OrvProto *p);
int orv_ops_throw(OrvVM *vm, OrvValue v);
int orv_ops_kcall(OrvVM *vm, unsigned prim, OrvValue *args);
int orv_ops_getindex(OrvVM *vm, const OrvValue *obj, const OrvValue *ix, OrvValue *out);
int orv_ops_setindex(OrvVM *vm, OrvValue *obj, const OrvValue *ix, const OrvValue *v);
int orv_ops_len(OrvVM *vm, const OrvValue *obj, OrvValue *out);
int orv_ops_slice(OrvVM *vm, const OrvValue *obj, const OrvValue *bounds, OrvValue *out);
int orv_ops_cast(OrvVM *vm, OrvValue v, unsigned tag, OrvValue *out);
/* An index operand as i64 (unsigned values above INT64_MAX become -1: out of range). */
int64_t orv_index(OrvValue v);

#endif /* ORV_OPS_H */
