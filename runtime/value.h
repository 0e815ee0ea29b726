/* value.h: Orus values (16 bytes: payload + exact tag) and the heap object layouts.
   docs/bytecode.md section 1 and docs/runtime_arch.md "Runtime internals" explain them. */
#ifndef ORV_VALUE_H
#define ORV_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gen/opcodes.h"

struct OrvObj;

typedef struct OrvValue {
    union {
        int64_t i;          /* i32 (sign-extended), i64 */
        uint64_t u;         /* bool, u8, u32, u64, usize (zero-extended) */
        double f;
        struct OrvObj *o;
        void *p;            /* RawPtr */
    } as;
    uint8_t tag;            /* ORV_T_* */
} OrvValue;

/* Heap object kinds (header.kind). */
enum {
    ORV_O_STRING, ORV_O_ARRAY, ORV_O_BYTES, ORV_O_RECORD, ORV_O_CLOSURE,
    ORV_O_UPVAL, ORV_O_RANGE, ORV_O_ERROR, ORV_O_HANDLE, ORV_NOBJKINDS
};

/* Header flags. */
enum { ORV_F_FIXED = 1 };   /* array whose length never changes */

typedef struct OrvObj {
    struct OrvObj *next;    /* every object is on the GC's list */
    uint32_t size;          /* bytes of the object itself (not its storage) */
    uint8_t kind;
    uint8_t marked;
    uint8_t flags;
} OrvObj;

typedef struct OrvString {
    OrvObj hdr;
    size_t len;
    uint64_t hash;          /* 0 until computed (a real hash of 0 is stored as 1) */
    uint8_t data[];         /* len bytes plus a NUL for C helpers */
} OrvString;

typedef struct OrvArray {
    OrvObj hdr;
    OrvValue *items;        /* ork_mem_alloc storage, freed when the array dies */
    size_t len, cap;
} OrvArray;

typedef struct OrvBytes {
    OrvObj hdr;
    uint8_t *data;          /* ork_mem_alloc storage, freed when the buffer dies */
    size_t len, cap;
} OrvBytes;

enum { ORV_SHAPE_STRUCT = 0, ORV_SHAPE_VARIANT = 1 };

typedef struct OrvShape {
    uint8_t kind;
    uint16_t variant;       /* variant index (enums) */
    uint16_t nfields;
    OrvString *type_name;
    OrvString *variant_name;
    OrvString **field_names;
    struct OrvRecord *unit; /* the shared value of a payload-less variant */
} OrvShape;

typedef struct OrvRecord {
    OrvObj hdr;
    const OrvShape *shape;
    OrvValue fields[];
} OrvRecord;

struct OrvModule;

typedef struct OrvProto {
    OrvString *name;        /* "area", "Ticket.price", "" when anonymous */
    uint8_t arity, nregs;
    uint16_t nupvals;
    uint8_t *up_instack, *up_index;
    uint32_t *code;
    uint32_t ncode;
    uint32_t nlines;
    uint32_t *line_pc, *line_no;
    struct OrvModule *module;
    const OrvValue *k;      /* the module's constants, cached for the dispatch loop */
    OrvValue *globals;      /* the module's globals, cached likewise */
    struct OrvProto *protos;/* the module's functions (CALLF, FNREF, CLOSURE) */
    OrvValue canon;         /* the canonical closure (FNREF, CALLF, exports) */
} OrvProto;

typedef struct OrvUpval {
    OrvObj hdr;
    OrvValue *v;            /* the stack slot while open, &closed after */
    OrvValue closed;
    struct OrvUpval *next_open;  /* open upvalues, highest slot first */
} OrvUpval;

typedef struct OrvClosure {
    OrvObj hdr;
    OrvProto *proto;
    OrvUpval *up[];
} OrvClosure;

typedef struct OrvRange {
    OrvObj hdr;
    OrvValue start, end, step;   /* as created, for ==, rendering and reflection */
    uint64_t next;               /* payload of the next value */
    uint64_t left;               /* values still to produce */
} OrvRange;

typedef struct OrvError {
    OrvObj hdr;
    OrvString *msg;
} OrvError;

typedef struct OrvHandle {
    OrvObj hdr;
    int64_t value;
    int32_t close_prim;     /* kernel primitive id run once as finalizer, -1 none */
    uint8_t closed;
} OrvHandle;

/* ---- value constructors and predicates ---- */
#define ORV_IS_OBJ(v, k) ((v).tag == ORV_T_OBJ && (v).as.o->kind == (k))
#define ORV_AS_STR(v) ((OrvString *)(v).as.o)
#define ORV_AS_ARR(v) ((OrvArray *)(v).as.o)
#define ORV_AS_BYTES(v) ((OrvBytes *)(v).as.o)
#define ORV_AS_REC(v) ((OrvRecord *)(v).as.o)
#define ORV_AS_CLOSURE(v) ((OrvClosure *)(v).as.o)
#define ORV_AS_RANGE(v) ((OrvRange *)(v).as.o)
#define ORV_AS_ERROR(v) ((OrvError *)(v).as.o)
#define ORV_AS_HANDLE(v) ((OrvHandle *)(v).as.o)

static inline OrvValue orv_obj(void *o) {
    OrvValue v;
    v.as.o = (OrvObj *)o;
    v.tag = ORV_T_OBJ;
    return v;
}
static inline OrvValue orv_int(uint8_t tag, int64_t i) {
    OrvValue v;
    v.as.i = i;
    v.tag = tag;
    return v;
}
static inline OrvValue orv_uint(uint8_t tag, uint64_t u) {
    OrvValue v;
    v.as.u = u;
    v.tag = tag;
    return v;
}
static inline OrvValue orv_f64(double f) {
    OrvValue v;
    v.as.f = f;
    v.tag = ORV_T_F64;
    return v;
}
static inline OrvValue orv_bool(bool b) {
    return orv_uint(ORV_T_BOOL, b ? 1u : 0u);
}
static inline OrvValue orv_nil(void) {
    return orv_uint(ORV_T_NIL, 0);
}

/* Copy a value field by field: a 16-byte copy right after the 8-byte payload and 1-byte
   tag stores of the previous instruction would defeat store forwarding (Lua's setobj does
   the same). */
#define ORV_SET(d, s) do { OrvValue *d_ = (d); const OrvValue *s_ = (s); \
        d_->as.u = s_->as.u; d_->tag = s_->tag; } while (0)

/* Integer tags and their properties. */
static inline bool orv_tag_is_int(uint8_t t) {
    return t >= ORV_T_I32 && t <= ORV_T_USIZE;
}
static inline bool orv_tag_is_signed(uint8_t t) {
    return t == ORV_T_I32 || t == ORV_T_I64;
}
static inline int orv_tag_bits(uint8_t t) {
    switch (t) {
    case ORV_T_U8: return 8;
    case ORV_T_I32: case ORV_T_U32: return 32;
    default: return 64;
    }
}
/* Tag copied from an operand by ops shared by several widths: never forges an object. */
#define ORV_NUMTAG(t) ((uint8_t)((t) == ORV_T_OBJ ? ORV_T_NIL : (t)))

#endif /* ORV_VALUE_H */
