/* vm.h: the VM state (stack, frames, handlers, modules, GC heap) and its entry points. */
#ifndef ORV_VM_H
#define ORV_VM_H

#include "pool.h"
#include "value.h"

/* Call depth limit: far above the spec's 10,000 (language.md 7.3) because the self-hosted
   compiler recurses; beyond it a call raises the catchable `stack overflow`. */
#define ORV_MAX_FRAMES 200000
/* Value stack: allocated once, never moves (upvalues and frames point into it). Pages are
   touched only when a call first reaches them. */
#define ORV_STACK_SLOTS (8u * 1024u * 1024u)
#define ORV_MAX_HANDLERS 65536

typedef struct OrvModule {
    struct OrvModule *next;         /* load order */
    OrvString *name, *source;
    char *dir;                      /* directory of the file, for its imports */
    OrvValue *consts;
    uint32_t nconsts;
    OrvShape *shapes;
    uint32_t nshapes;
    OrvValue *globals;
    OrvString **global_names;
    uint32_t nglobals;
    OrvProto *protos;
    uint32_t nprotos;
    OrvString **import_module, **import_name;
    OrvValue **imports;             /* linked: the exporter's global slot or canonical closure */
    uint32_t nimports;
    OrvString **export_name;
    uint8_t *export_kind;
    uint32_t *export_index;
    uint32_t nexports;
    uint32_t init;
    uint8_t state;                  /* ORL_LOADING while its imports load (cycle check) */
    struct OrvModule *loading_next; /* stack of modules whose imports are loading */
} OrvModule;

typedef struct OrvFrame {
    const uint32_t *pc;             /* saved pc: next word to run */
    OrvValue *base;                 /* R[0]; the result goes to base[-1] */
    OrvClosure *cl;
} OrvFrame;

typedef struct OrvHandler {
    uint32_t frame;                 /* index of the frame that ran TRY */
    uint8_t reg;                    /* R[reg] receives the error */
    const uint32_t *target;         /* catch code */
} OrvHandler;

typedef struct OrvGcStats {
    uint64_t collections, freed_bytes, pause_ns, max_pause_ns, finalized;
} OrvGcStats;

typedef struct OrvVM {
    OrvValue *stack, *stack_end;
    OrvValue *stack_hw;             /* slots at and above it may hold garbage: cleared on use */
    OrvFrame *frames, *frames_end, *frame;
    OrvHandler *handlers;
    uint32_t ntry;
    OrvUpval *open_upvals;
    OrvModule *modules, *modules_tail;  /* ready modules, in init order */
    OrvModule *loading;
    OrvString *byte_str[256];       /* one-byte strings, shared (STRINDEX) */
    OrvString *empty_str;
    /* GC heap (gc.c) */
    OrvObj *objects;
    OrgcPool pool;                  /* small objects and storage (pool.c) */
    size_t live_bytes, threshold, nobjects;
    OrvObj **gray;
    size_t ngray, capgray;
    int stress, collecting;
    int nogc;                       /* > 0 while C code holds unrooted new objects */
    OrvGcStats gc;
    OrvValue tmp[8];                /* roots for C code holding new objects */
    int ntmp;
    /* errors */
    OrvValue error;                 /* the error being raised */
    int fatal;                      /* set when the error may not be caught */
    /* program */
    int argc;
    char **argv;
    const char *file;               /* the .orbc path, for loader messages */
    char **lib_dirs;
    int nlib_dirs;
} OrvVM;

/* vm.c */
int orv_init(OrvVM *vm);
void orv_free(OrvVM *vm);
/* Run function `proto` (arity 0) to completion; 0 on success, -1 with vm->error set. */
int orv_run(OrvVM *vm, OrvProto *proto);

/* error.c: raising errors from C (returns -1 so callers can `return orv_raise(...)`). */
int orv_raise(OrvVM *vm, const char *msg);
int orv_raisef(OrvVM *vm, const char *fmt, ...);
int orv_raise_value(OrvVM *vm, OrvValue v);
_Noreturn void orv_fatal_bytecode(OrvVM *vm, const char *what);
_Noreturn void orv_fatal_oom(OrvVM *vm);
/* Line of the instruction a frame is at (from the line table). */
uint32_t orv_frame_line(const OrvFrame *f);
/* Report an uncaught error as `file:line: runtime error: message` on stderr. */
void orv_report_uncaught(OrvVM *vm);

#define ORV_PUSH_TMP(vm, v) ((vm)->tmp[(vm)->ntmp++] = (v))
#define ORV_POP_TMP(vm, n) ((vm)->ntmp -= (n))

#endif /* ORV_VM_H */
