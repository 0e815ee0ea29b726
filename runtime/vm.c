/* vm.c: the register machine. One C function runs every Orus call (no C recursion per
   call); dispatch is direct-threaded with computed goto where the compiler has it, a
   switch otherwise. Typed ops trust the compiler's static types and never test tags; ops
   that dereference objects check kind cheaply, so bytecode the verifier cannot type-check
   stops with "invalid bytecode" instead of crashing. Slow paths live in ops.c. */
#include <math.h>
#include <string.h>

#include "arith.h"
#include "gc.h"
#include "object.h"
#include "ops.h"
#include "ork_kernel.h"

#if defined(__GNUC__) && !defined(ORV_NO_THREADED)
#define ORV_THREADED 1
#endif

/* ---- stack and upvalues ---- */

/* Slots at and above stack_hw may hold garbage from before a collection lowered it: a
   frame reaching them clears them first (the stack itself is never zeroed up front). */
static int grow_stack(OrvVM *vm, OrvValue *need)
{
    if (need > vm->stack_end)
        return orv_raise(vm, "stack overflow");
    OrvValue *to = need + 4096 < vm->stack_end ? need + 4096 : vm->stack_end;
    if (to > vm->stack_hw) {
        memset(vm->stack_hw, 0, (size_t)(to - vm->stack_hw) * sizeof(OrvValue));
        vm->stack_hw = to;
    }
    return 0;
}

static OrvUpval *find_upval(OrvVM *vm, OrvValue *slot)
{
    OrvUpval **pp = &vm->open_upvals;
    while (*pp != NULL && (*pp)->v > slot)
        pp = &(*pp)->next_open;
    if (*pp != NULL && (*pp)->v == slot)
        return *pp;
    OrvUpval *u = orv_upval_new(vm, slot);     /* a collection leaves the open list as is */
    u->next_open = *pp;
    *pp = u;
    return u;
}

static void close_upvals(OrvVM *vm, OrvValue *level)
{
    while (vm->open_upvals != NULL && vm->open_upvals->v >= level) {
        OrvUpval *u = vm->open_upvals;
        u->closed = *u->v;
        u->v = &u->closed;
        vm->open_upvals = u->next_open;
    }
}

static void make_closure(OrvVM *vm, OrvProto *q, OrvClosure *cl, OrvValue *base, OrvValue *dst)
{
    OrvClosure *c = orv_closure_new(vm, q);
    *dst = orv_obj(c);                          /* rooted before the upvalues allocate */
    for (uint16_t i = 0; i < q->nupvals; i++)
        c->up[i] = q->up_instack[i] ? find_upval(vm, base + q->up_index[i]) : cl->up[q->up_index[i]];
}

/* ---- errors ---- */

/* Unwind to the innermost handler: 0 and the VM state points at the catch code, or -1 when
   nothing catches (vm->frame still shows where the error was raised). */
static int unwind(OrvVM *vm)
{
    if (vm->ntry == 0 || vm->fatal)
        return -1;
    OrvHandler h = vm->handlers[--vm->ntry];
    OrvFrame *fr = vm->frames + h.frame;
    close_upvals(vm, fr->base + h.reg);
    fr->base[h.reg] = vm->error;
    fr->pc = h.target;
    vm->frame = fr;
    vm->error = orv_nil();
    return 0;
}

static void pop_handlers(OrvVM *vm, const OrvFrame *fr)
{
    uint32_t level = (uint32_t)(fr - vm->frames);
    while (vm->ntry > 0 && vm->handlers[vm->ntry - 1].frame >= level)
        vm->ntry--;
}

static int push_handler(OrvVM *vm, OrvFrame *fr, unsigned reg, const uint32_t *target)
{
    if (vm->ntry == ORV_MAX_HANDLERS)
        return orv_raise(vm, "stack overflow");
    OrvHandler *h = &vm->handlers[vm->ntry++];
    h->frame = (uint32_t)(fr - vm->frames);
    h->reg = (uint8_t)reg;
    h->target = target;
    return 0;
}

/* RETURN words used when a TAILCALL runs inside a try block of its frame: the call is made
   as an ordinary call (so the handler still catches) and returns through one of these. */
static uint32_t ret_words[256];

int orv_init(OrvVM *vm)
{
    memset(vm, 0, sizeof *vm);
    orgc_init(vm);
    vm->stack = ork_mem_alloc(ORV_STACK_SLOTS * sizeof(OrvValue), 64);
    vm->frames = ork_mem_alloc(ORV_MAX_FRAMES * sizeof(OrvFrame), 64);
    vm->handlers = ork_mem_alloc(ORV_MAX_HANDLERS * sizeof(OrvHandler), 64);
    if (vm->stack == NULL || vm->frames == NULL || vm->handlers == NULL)
        return -1;
    vm->stack_end = vm->stack + ORV_STACK_SLOTS;
    vm->stack_hw = vm->stack;
    vm->frames_end = vm->frames + ORV_MAX_FRAMES;
    vm->frame = NULL;
    vm->error = orv_nil();
    for (unsigned a = 0; a < 256; a++)
        ret_words[a] = OP_RETURN | a << 8;
    vm->nogc++;
    vm->empty_str = orv_str_new(vm, "", 0);
    for (int b = 0; b < 256; b++) {
        uint8_t byte = (uint8_t)b;
        vm->byte_str[b] = orv_str_new(vm, &byte, 1);
    }
    vm->nogc--;
    return grow_stack(vm, vm->stack + 256);
}

void orv_free(OrvVM *vm)
{
    for (OrvModule *m = vm->modules, *next; m != NULL; m = next) {
        next = m->next;
        orl_free_module(m);
    }
    vm->modules = NULL;
    orgc_free_all(vm);
    if (vm->stack != NULL)
        ork_mem_free(vm->stack, ORV_STACK_SLOTS * sizeof(OrvValue), 64);
    if (vm->frames != NULL)
        ork_mem_free(vm->frames, ORV_MAX_FRAMES * sizeof(OrvFrame), 64);
    if (vm->handlers != NULL)
        ork_mem_free(vm->handlers, ORV_MAX_HANDLERS * sizeof(OrvHandler), 64);
}

/* ---- fast paths ---- */

/* == of two values without a call when it is cheap to decide: scalars (not f64: NaN and
   -0.0), the same object, and strings; -1 sends the rest to orv_equal. */
static inline int eq_fast(const OrvValue *a, const OrvValue *b)
{
    if (a->tag != b->tag)
        return 0;
    if (a->tag != ORV_T_OBJ)
        return a->tag == ORV_T_NIL ? 1 : a->tag == ORV_T_F64 ? a->as.f == b->as.f : a->as.u == b->as.u;
    OrvObj *x = a->as.o, *y = b->as.o;
    if (x == y)
        return 1;
    if (x->kind != ORV_O_STRING || y->kind != ORV_O_STRING)
        return -1;
    const OrvString *s = (const OrvString *)x, *t = (const OrvString *)y;
    if (s->len != t->len || (s->hash && t->hash && s->hash != t->hash))
        return 0;
    return s->len == 0 || (s->data[0] == t->data[0] && memcmp(s->data, t->data, s->len) == 0);
}

/* Integer to integer `as` without a call; false when the checks of language.md 5.7 may
   fail (the slow path raises the error). */
static inline bool cast_int_fast(const OrvValue *v, unsigned tag, OrvValue *out)
{
    uint64_t u = v->as.u;
    switch (tag) {
    case ORV_T_I64: out->as.u = u; break;
    case ORV_T_I32: out->as.i = (int32_t)(uint32_t)u; break;
    case ORV_T_U8: out->as.u = u & 0xffu; break;
    case ORV_T_U32:
        if ((v->tag == ORV_T_U64 || v->tag == ORV_T_USIZE) && u > 0xffffffffu)
            return false;
        out->as.u = u & 0xffffffffu;
        break;
    default:            /* u64, usize */
        if (orv_tag_is_signed(v->tag) && v->as.i < 0)
            return false;
        out->as.u = u;
        break;
    }
    out->tag = (uint8_t)tag;
    return true;
}

/* ---- the dispatch loop ---- */

#define RA (base + ORV_GET_A(i))
#define RB (base + ORV_GET_B(i))
#define RC (base + ORV_GET_C(i))
#define SAVEPC() (fr->pc = pc)
#define RAISE(msg) do { SAVEPC(); orv_raise(vm, msg); goto on_error; } while (0)
#define CHECK(call) do { SAVEPC(); if ((call) < 0) goto on_error; } while (0)
#define GUARD(cond) do { if (!(cond)) { SAVEPC(); orv_fatal_bytecode(vm, "operand of the wrong type"); } } while (0)
/* Conditional word: the next word is a JMP taken when `cond` equals the flag C. */
#define COND(cond) do { if ((int)(cond) == (int)ORV_GET_C(i)) pc += ORV_GET_SJ(*pc) + 1; else pc++; } while (0)
#define BRANCH(cond) do { if (cond) pc += ORV_GET_SJ(*pc) + 1; else pc++; } while (0)

#ifdef ORV_THREADED
#define VMCASE(op) L_##op:
#define NEXT() do { i = *pc++; goto *labels[ORV_GET_OP(i)]; } while (0)
#else
#define VMCASE(op) case OP_##op:
#define NEXT() goto dispatch
#endif

/* R holds a record with a field C: checked from the header alone (kind and exact size),
   without the dependent load of the shape. */
#define REC_HAS(v, c) ((v).tag == ORV_T_OBJ && (v).as.o->kind == ORV_O_RECORD \
        && offsetof(OrvRecord, fields) + (size_t)(c) * sizeof(OrvValue) < (v).as.o->size)

#define SET_I(r, v, t) do { OrvValue *d_ = (r); d_->as.i = (v); d_->tag = (t); } while (0)
#define SET_U(r, v, t) do { OrvValue *d_ = (r); d_->as.u = (v); d_->tag = (t); } while (0)
#define SET_F(r, v) do { OrvValue *d_ = (r); d_->as.f = (v); d_->tag = ORV_T_F64; } while (0)
#define SET_B(r, v) do { OrvValue *d_ = (r); d_->as.u = (v) ? 1u : 0u; d_->tag = ORV_T_BOOL; } while (0)

#define I32_OP(name, expr) VMCASE(name) { \
        int64_t r_ = (expr); if (!orv_i32_fits(r_)) goto overflow; SET_I(RA, r_, ORV_T_I32); NEXT(); }
#define I64_OP(name, fn, b, c) VMCASE(name) { \
        int64_t r_; if (fn(b, c, &r_)) goto overflow; SET_I(RA, r_, ORV_T_I64); NEXT(); }
#define U_OP(name, expr, tag) VMCASE(name) { SET_U(RA, (expr), (tag)); NEXT(); }
#define F_OP(name, expr) VMCASE(name) { SET_F(RA, (expr)); NEXT(); }
/* signed %: the sign of the dividend; MIN % -1 is 0 (C would trap) */
#define MOD_I_OP(name, divisor) VMCASE(name) { \
        int64_t b_ = RB->as.i, c_ = (divisor); if (c_ == 0) RAISE("Division by zero"); \
        SET_I(RA, c_ == -1 ? 0 : b_ % c_, ORV_NUMTAG(RB->tag)); NEXT(); }
#define CMP(name, expr) VMCASE(name) { SET_B(RA, (expr)); NEXT(); }
#define JCMP(name, expr) VMCASE(name) { COND(expr); NEXT(); }
#define SHIFT_CHECK(width) do { if (RC->as.u >= (width)) RAISE("Shift amount out of range"); } while (0)

int orv_run(OrvVM *vm, OrvProto *entry)
{
    OrvFrame *fr = vm->frames;
    OrvClosure *cl = (OrvClosure *)entry->canon.as.o;
    OrvValue *base = vm->stack + 1;
    if (base + entry->nregs > vm->stack_hw && grow_stack(vm, base + entry->nregs) < 0)
        return -1;
    fr->base = base;
    fr->cl = cl;
    fr->pc = entry->code;
    vm->frame = fr;
    vm->ntry = 0;
    const uint32_t *pc = entry->code;
    const OrvValue *k = entry->k;
    OrvValue *gl = entry->globals;
    uint32_t i;
    OrvClosure *ncl;
    OrvValue *nbase;

#ifdef ORV_THREADED
#define LABEL(name) &&L_##name,
    static void *const labels[ORV_NOPS] = {ORV_OPLIST(LABEL)};
#undef LABEL
    NEXT();
#else
dispatch:
    i = *pc++;
    switch (ORV_GET_OP(i)) {
#endif

    VMCASE(MOVE) { ORV_SET(RA, RB); NEXT(); }
    VMCASE(LOADK) { ORV_SET(RA, &k[ORV_GET_BX(i)]); NEXT(); }
    VMCASE(LOADI) { SET_I(RA, ORV_GET_SBX(i), ORV_T_I32); NEXT(); }
    VMCASE(LOADI64) { SET_I(RA, ORV_GET_SBX(i), ORV_T_I64); NEXT(); }
    VMCASE(LOADBOOL) { SET_B(RA, ORV_GET_B(i)); NEXT(); }
    VMCASE(LOADNIL) { *RA = orv_nil(); NEXT(); }
    VMCASE(LOADNULL) { OrvValue *r = RA; r->as.p = NULL; r->tag = ORV_T_RAWPTR; NEXT(); }

    VMCASE(GETGLOBAL) {
        OrvValue *g = &gl[ORV_GET_BX(i)];
        if (g->tag == ORV_T_UNDEF)
            CHECK(orv_ops_uninit(vm, cl->proto->module->global_names[ORV_GET_BX(i)]));
        ORV_SET(RA, g);
        NEXT();
    }
    VMCASE(SETGLOBAL) {
        OrvValue *g = &gl[ORV_GET_BX(i)];
        if (g->tag == ORV_T_UNDEF)
            CHECK(orv_ops_uninit(vm, cl->proto->module->global_names[ORV_GET_BX(i)]));
        ORV_SET(g, RA);
        NEXT();
    }
    VMCASE(DEFGLOBAL) { ORV_SET(&gl[ORV_GET_BX(i)], RA); NEXT(); }
    VMCASE(GETIMPORT) {
        OrvModule *m = cl->proto->module;
        OrvValue *g = m->imports[ORV_GET_BX(i)];
        if (g->tag == ORV_T_UNDEF)
            CHECK(orv_ops_uninit(vm, m->import_name[ORV_GET_BX(i)]));
        ORV_SET(RA, g);
        NEXT();
    }
    VMCASE(GETUPVAL) { ORV_SET(RA, cl->up[ORV_GET_B(i)]->v); NEXT(); }
    VMCASE(SETUPVAL) { ORV_SET(cl->up[ORV_GET_B(i)]->v, RA); NEXT(); }
    VMCASE(CLOSE) { close_upvals(vm, RA); NEXT(); }
    VMCASE(FNREF) { *RA = cl->proto->protos[ORV_GET_BX(i)].canon; NEXT(); }
    VMCASE(CLOSURE) {
        SAVEPC();
        make_closure(vm, &cl->proto->protos[ORV_GET_BX(i)], cl, base, RA);
        NEXT();
    }

    I32_OP(ADD_I32, RB->as.i + RC->as.i)
    I64_OP(ADD_I64, ORV_ADD_I64, RB->as.i, RC->as.i)
    U_OP(ADD_U8, (RB->as.u + RC->as.u) & 0xffu, ORV_T_U8)
    U_OP(ADD_U32, (RB->as.u + RC->as.u) & 0xffffffffu, ORV_T_U32)
    U_OP(ADD_U64, RB->as.u + RC->as.u, ORV_NUMTAG(RB->tag))
    F_OP(ADD_F64, RB->as.f + RC->as.f)
    I32_OP(SUB_I32, RB->as.i - RC->as.i)
    I64_OP(SUB_I64, ORV_SUB_I64, RB->as.i, RC->as.i)
    U_OP(SUB_U8, (RB->as.u - RC->as.u) & 0xffu, ORV_T_U8)
    U_OP(SUB_U32, (RB->as.u - RC->as.u) & 0xffffffffu, ORV_T_U32)
    U_OP(SUB_U64, RB->as.u - RC->as.u, ORV_NUMTAG(RB->tag))
    F_OP(SUB_F64, RB->as.f - RC->as.f)
    I32_OP(MUL_I32, RB->as.i * RC->as.i)
    I64_OP(MUL_I64, ORV_MUL_I64, RB->as.i, RC->as.i)
    U_OP(MUL_U8, (RB->as.u * RC->as.u) & 0xffu, ORV_T_U8)
    U_OP(MUL_U32, (RB->as.u * RC->as.u) & 0xffffffffu, ORV_T_U32)
    U_OP(MUL_U64, RB->as.u * RC->as.u, ORV_NUMTAG(RB->tag))
    F_OP(MUL_F64, RB->as.f * RC->as.f)
    VMCASE(DIV_I32) {
        int64_t b = RB->as.i, c = RC->as.i;
        if (c == 0)
            RAISE("Division by zero");
        if (b == INT32_MIN && c == -1)
            goto overflow;
        SET_I(RA, b / c, ORV_T_I32);
        NEXT();
    }
    VMCASE(DIV_I64) {
        int64_t b = RB->as.i, c = RC->as.i;
        if (c == 0)
            RAISE("Division by zero");
        if (b == INT64_MIN && c == -1)
            goto overflow;
        SET_I(RA, b / c, ORV_T_I64);
        NEXT();
    }
    VMCASE(DIV_U) {
        if (RC->as.u == 0)
            RAISE("Division by zero");
        SET_U(RA, RB->as.u / RC->as.u, ORV_NUMTAG(RB->tag));
        NEXT();
    }
    F_OP(DIV_F64, RB->as.f / RC->as.f)
    MOD_I_OP(MOD_I, RC->as.i)
    VMCASE(MOD_U) {
        if (RC->as.u == 0)
            RAISE("Division by zero");
        SET_U(RA, RB->as.u % RC->as.u, ORV_NUMTAG(RB->tag));
        NEXT();
    }
    F_OP(MOD_F64, fmod(RB->as.f, RC->as.f))
    I32_OP(NEG_I32, -RB->as.i)
    VMCASE(NEG_I64) {
        if (RB->as.i == INT64_MIN)
            goto overflow;
        SET_I(RA, -RB->as.i, ORV_T_I64);
        NEXT();
    }
    F_OP(NEG_F64, -RB->as.f)
    I32_OP(ADDI_I32, RB->as.i + ORV_GET_SC(i))
    I64_OP(ADDI_I64, ORV_ADD_I64, RB->as.i, (int64_t)ORV_GET_SC(i))
    I32_OP(ADDK_I32, RB->as.i + k[ORV_GET_C(i)].as.i)
    I64_OP(ADDK_I64, ORV_ADD_I64, RB->as.i, k[ORV_GET_C(i)].as.i)
    F_OP(ADDK_F64, RB->as.f + k[ORV_GET_C(i)].as.f)
    F_OP(SUBK_F64, RB->as.f - k[ORV_GET_C(i)].as.f)
    I32_OP(MULK_I32, RB->as.i * k[ORV_GET_C(i)].as.i)
    I64_OP(MULK_I64, ORV_MUL_I64, RB->as.i, k[ORV_GET_C(i)].as.i)
    MOD_I_OP(MODK_I, k[ORV_GET_C(i)].as.i)
    F_OP(MULK_F64, RB->as.f * k[ORV_GET_C(i)].as.f)
    F_OP(DIVK_F64, RB->as.f / k[ORV_GET_C(i)].as.f)

    U_OP(BAND, RB->as.u & RC->as.u, ORV_NUMTAG(RB->tag))
    U_OP(BOR, RB->as.u | RC->as.u, ORV_NUMTAG(RB->tag))
    U_OP(BXOR, RB->as.u ^ RC->as.u, ORV_NUMTAG(RB->tag))
    U_OP(BNOT_I, ~RB->as.u, ORV_NUMTAG(RB->tag))
    U_OP(BNOT_U8, ~RB->as.u & 0xffu, ORV_T_U8)
    U_OP(BNOT_U32, ~RB->as.u & 0xffffffffu, ORV_T_U32)
    U_OP(BNOT_U64, ~RB->as.u, ORV_NUMTAG(RB->tag))
    VMCASE(SHL_I32) {
        SHIFT_CHECK(32);
        SET_I(RA, (int32_t)(uint32_t)((uint64_t)RB->as.u << RC->as.u), ORV_T_I32);
        NEXT();
    }
    VMCASE(SHL_I64) { SHIFT_CHECK(64); SET_U(RA, RB->as.u << RC->as.u, ORV_T_I64); NEXT(); }
    VMCASE(SHL_U8) { SHIFT_CHECK(8); SET_U(RA, (RB->as.u << RC->as.u) & 0xffu, ORV_T_U8); NEXT(); }
    VMCASE(SHL_U32) { SHIFT_CHECK(32); SET_U(RA, (RB->as.u << RC->as.u) & 0xffffffffu, ORV_T_U32); NEXT(); }
    VMCASE(SHL_U64) { SHIFT_CHECK(64); SET_U(RA, RB->as.u << RC->as.u, ORV_NUMTAG(RB->tag)); NEXT(); }
    VMCASE(SHR_I32) { SHIFT_CHECK(32); SET_I(RA, orv_sar(RB->as.i, (unsigned)RC->as.u), ORV_T_I32); NEXT(); }
    VMCASE(SHR_I64) { SHIFT_CHECK(64); SET_I(RA, orv_sar(RB->as.i, (unsigned)RC->as.u), ORV_T_I64); NEXT(); }
    VMCASE(SHR_U8) { SHIFT_CHECK(8); SET_U(RA, RB->as.u >> RC->as.u, ORV_T_U8); NEXT(); }
    VMCASE(SHR_U32) { SHIFT_CHECK(32); SET_U(RA, RB->as.u >> RC->as.u, ORV_T_U32); NEXT(); }
    VMCASE(SHR_U64) { SHIFT_CHECK(64); SET_U(RA, RB->as.u >> RC->as.u, ORV_NUMTAG(RB->tag)); NEXT(); }

    CMP(EQ, RB->as.u == RC->as.u)
    CMP(EQ_F64, RB->as.f == RC->as.f)
    VMCASE(EQ_V) {
        int r = eq_fast(RB, RC);
        SAVEPC();
        if (r < 0 && (r = orv_equal(vm, *RB, *RC)) < 0)
            goto on_error;
        SET_B(RA, r);
        NEXT();
    }
    CMP(LT_I, RB->as.i < RC->as.i)
    CMP(LE_I, RB->as.i <= RC->as.i)
    CMP(LT_U, RB->as.u < RC->as.u)
    CMP(LE_U, RB->as.u <= RC->as.u)
    CMP(LT_F64, RB->as.f < RC->as.f)
    CMP(LE_F64, RB->as.f <= RC->as.f)
    VMCASE(LT_S) {
        GUARD(ORV_IS_OBJ(*RB, ORV_O_STRING) && ORV_IS_OBJ(*RC, ORV_O_STRING));
        SET_B(RA, orv_str_cmp(ORV_AS_STR(*RB), ORV_AS_STR(*RC)) < 0);
        NEXT();
    }
    VMCASE(LE_S) {
        GUARD(ORV_IS_OBJ(*RB, ORV_O_STRING) && ORV_IS_OBJ(*RC, ORV_O_STRING));
        SET_B(RA, orv_str_cmp(ORV_AS_STR(*RB), ORV_AS_STR(*RC)) <= 0);
        NEXT();
    }
    CMP(NOT, RB->as.u == 0)

    VMCASE(JMP) { pc += ORV_GET_SJ(i); NEXT(); }
    JCMP(TEST, RA->as.u != 0)
    JCMP(JEQ, RA->as.u == RB->as.u)
    JCMP(JEQ_F64, RA->as.f == RB->as.f)
    VMCASE(JEQ_V) {
        int r = eq_fast(RA, RB);
        SAVEPC();
        if (r < 0 && (r = orv_equal(vm, *RA, *RB)) < 0)
            goto on_error;
        COND(r);
        NEXT();
    }
    JCMP(JLT_I, RA->as.i < RB->as.i)
    JCMP(JLE_I, RA->as.i <= RB->as.i)
    JCMP(JLT_U, RA->as.u < RB->as.u)
    JCMP(JLE_U, RA->as.u <= RB->as.u)
    JCMP(JLT_F64, RA->as.f < RB->as.f)
    JCMP(JLE_F64, RA->as.f <= RB->as.f)
    VMCASE(JLT_S) {
        GUARD(ORV_IS_OBJ(*RA, ORV_O_STRING) && ORV_IS_OBJ(*RB, ORV_O_STRING));
        COND(orv_str_cmp(ORV_AS_STR(*RA), ORV_AS_STR(*RB)) < 0);
        NEXT();
    }
    VMCASE(JLE_S) {
        GUARD(ORV_IS_OBJ(*RA, ORV_O_STRING) && ORV_IS_OBJ(*RB, ORV_O_STRING));
        COND(orv_str_cmp(ORV_AS_STR(*RA), ORV_AS_STR(*RB)) <= 0);
        NEXT();
    }
    JCMP(JEQI, RA->as.i == ORV_GET_SB(i))
    JCMP(JLTI, RA->as.i < ORV_GET_SB(i))
    JCMP(JLEI, RA->as.i <= ORV_GET_SB(i))
    JCMP(JGTI, RA->as.i > ORV_GET_SB(i))
    JCMP(JGEI, RA->as.i >= ORV_GET_SB(i))
    VMCASE(JVARIANT) {
        GUARD(ORV_IS_OBJ(*RA, ORV_O_RECORD));
        COND(ORV_AS_REC(*RA)->shape->variant == ORV_GET_B(i));
        NEXT();
    }

    VMCASE(FORPREP_I)
    VMCASE(FORPREP_U) {
        OrvValue *ra = RA;
        if (ra[2].as.u == 0)
            RAISE("Range step cannot be zero");
        uint64_t n = orv_range_count(ra[0], ra[1], ra[2], ORV_GET_C(i) != 0);
        ra[0].tag = ORV_NUMTAG(ra[0].tag);
        ra[3] = ra[0];
        ra[1].as.u = n - 1;
        BRANCH(n == 0);
        NEXT();
    }
    VMCASE(FORLOOP) {
        OrvValue *ra = RA;
        if (ra[1].as.u > 0) {
            uint64_t v = ra[0].as.u + ra[2].as.u;
            uint8_t t = ORV_NUMTAG(ra[0].tag);  /* R[A] may have been overwritten */
            ra[1].as.u--;
            ra[0].as.u = v;
            ra[0].tag = t;
            ra[3].as.u = v;
            ra[3].tag = t;
            pc += ORV_GET_SJ(*pc) + 1;
        } else {
            pc++;
        }
        NEXT();
    }
    VMCASE(NEWRANGE) {
        OrvValue *rb = RB;
        CHECK(orv_range_new(vm, rb[0], rb[1], rb[2], RA));
        NEXT();
    }
    VMCASE(RANGENEXT) {
        GUARD(ORV_IS_OBJ(*RB, ORV_O_RANGE));
        OrvRange *r = ORV_AS_RANGE(*RB);
        if (r->left == 0) {
            pc += ORV_GET_SJ(*pc) + 1;
        } else {
            SET_U(RA, r->next, r->start.tag);
            r->next += r->step.as.u;
            r->left--;
            pc++;
        }
        NEXT();
    }

    VMCASE(CALL) {
        OrvValue *ra = RA;
        GUARD(ORV_IS_OBJ(*ra, ORV_O_CLOSURE));
        ncl = ORV_AS_CLOSURE(*ra);
        GUARD(ncl->proto->arity == ORV_GET_B(i));
        nbase = ra + 1;
        goto call;
    }
    VMCASE(CALLF) {
        OrvValue *ra = RA;
        ncl = (OrvClosure *)cl->proto->protos[ORV_GET_BX(i)].canon.as.o;
        nbase = ra + 1;
        goto call;
    }
    VMCASE(TAILCALL) {
        OrvValue *ra = RA;
        GUARD(ORV_IS_OBJ(*ra, ORV_O_CLOSURE));
        ncl = ORV_AS_CLOSURE(*ra);
        GUARD(ncl->proto->arity == ORV_GET_B(i));
        goto tailcall;
    }
    VMCASE(TAILCALLF) {
        ncl = (OrvClosure *)cl->proto->protos[ORV_GET_BX(i)].canon.as.o;
        goto tailcall;
    }
    VMCASE(RETURN) {
        OrvValue *ra = RA;
        if (vm->open_upvals != NULL && vm->open_upvals->v >= base)
            close_upvals(vm, base);
        if (vm->ntry > 0)
            pop_handlers(vm, fr);
        ORV_SET(base - 1, ra);
        goto ret;
    }
    VMCASE(RETURN0) {
        if (vm->open_upvals != NULL && vm->open_upvals->v >= base)
            close_upvals(vm, base);
        if (vm->ntry > 0)
            pop_handlers(vm, fr);
        goto ret;
    }
    VMCASE(NORET) { SAVEPC(); orv_ops_noret(vm, cl->proto); goto on_error; }
    VMCASE(KCALL) { CHECK(orv_ops_kcall(vm, ORV_GET_BX(i), RA)); NEXT(); }
    VMCASE(INTRIN) {
        OrvValue *ra = RA;
        if (ORV_GET_B(i) == ORV_I_ARRAY_LEN && ORV_IS_OBJ(*ra, ORV_O_ARRAY)) {
            SET_I(ra, (int64_t)ORV_AS_ARR(*ra)->len, ORV_T_I64);   /* std's hottest one */
            NEXT();
        }
        CHECK(orv_intrinsics[ORV_GET_B(i)].fn(vm, (struct OrvValue *)ra));
        NEXT();
    }

    VMCASE(TRY) {
        SAVEPC();
        if (push_handler(vm, fr, ORV_GET_A(i), pc + 1 + ORV_GET_SJ(*pc)) < 0)
            goto on_error;
        pc++;
        NEXT();
    }
    VMCASE(ENDTRY) {
        if (vm->ntry > 0 && vm->handlers[vm->ntry - 1].frame == (uint32_t)(fr - vm->frames))
            vm->ntry--;
        NEXT();
    }
    VMCASE(THROW) { SAVEPC(); orv_ops_throw(vm, *RA); goto on_error; }

    VMCASE(NEWARRAY) {
        SAVEPC();
        OrvArray *a = orv_arr_new(vm, ORV_GET_C(i));
        if (ORV_GET_C(i) > 0)          /* an empty array has no storage to copy into */
            memcpy(a->items, RB, ORV_GET_C(i) * sizeof(OrvValue));
        a->len = ORV_GET_C(i);
        *RA = orv_obj(a);
        NEXT();
    }
    VMCASE(GETINDEX) {
        OrvValue *rb = RB;
        if (ORV_IS_OBJ(*rb, ORV_O_ARRAY)) {
            OrvArray *a = ORV_AS_ARR(*rb);
            uint64_t ix = RC->as.u;
            if (ix >= a->len)
                RAISE("Array index out of bounds");
            ORV_SET(RA, &a->items[ix]);
            NEXT();
        }
        CHECK(orv_ops_getindex(vm, rb, RC, RA));
        NEXT();
    }
    VMCASE(SETINDEX) {
        OrvValue *ra = RA;
        if (ORV_IS_OBJ(*ra, ORV_O_ARRAY)) {
            OrvArray *a = ORV_AS_ARR(*ra);
            uint64_t ix = RB->as.u;
            if (ix >= a->len)
                RAISE("Array index out of bounds");
            ORV_SET(&a->items[ix], RC);
            NEXT();
        }
        CHECK(orv_ops_setindex(vm, ra, RB, RC));
        NEXT();
    }
    VMCASE(STRINDEX) {
        GUARD(ORV_IS_OBJ(*RB, ORV_O_STRING));
        OrvString *s = ORV_AS_STR(*RB);
        uint64_t ix = RC->as.u;
        if (ix >= s->len)
            RAISE("String index out of bounds");
        *RA = orv_obj(vm->byte_str[s->data[ix]]);
        NEXT();
    }
    VMCASE(LEN) {
        OrvValue *rb = RB;
        if (ORV_IS_OBJ(*rb, ORV_O_ARRAY)) {
            SET_I(RA, (int32_t)ORV_AS_ARR(*rb)->len, ORV_T_I32);
            NEXT();
        }
        if (ORV_IS_OBJ(*rb, ORV_O_STRING)) {
            SET_I(RA, (int32_t)ORV_AS_STR(*rb)->len, ORV_T_I32);
            NEXT();
        }
        CHECK(orv_ops_len(vm, rb, RA));
        NEXT();
    }
    VMCASE(SLICE) { CHECK(orv_ops_slice(vm, RB, RC, RA)); NEXT(); }
    VMCASE(CONCAT) {
        GUARD(ORV_IS_OBJ(*RB, ORV_O_STRING) && ORV_IS_OBJ(*RC, ORV_O_STRING));
        SAVEPC();
        OrvString *s = orv_str_concat(vm, ORV_AS_STR(*RB), ORV_AS_STR(*RC));
        *RA = orv_obj(s);
        NEXT();
    }
    VMCASE(NEWREC) {
        const OrvShape *sh = &cl->proto->module->shapes[ORV_GET_BX(i)];
        if (sh->nfields == 0) {
            *RA = orv_obj(sh->unit);
            NEXT();
        }
        SAVEPC();
        OrvRecord *r = orv_rec_new(vm, sh);
        memcpy(r->fields, RA, sh->nfields * sizeof(OrvValue));
        *RA = orv_obj(r);
        NEXT();
    }
    VMCASE(GETFIELD) {
        OrvValue *rb = RB;
        GUARD(REC_HAS(*rb, ORV_GET_C(i)));
        ORV_SET(RA, &ORV_AS_REC(*rb)->fields[ORV_GET_C(i)]);
        NEXT();
    }
    VMCASE(SETFIELD) {
        OrvValue *ra = RA;
        GUARD(REC_HAS(*ra, ORV_GET_B(i)));
        ORV_SET(&ORV_AS_REC(*ra)->fields[ORV_GET_B(i)], RC);
        NEXT();
    }
    VMCASE(VARIANT) {
        GUARD(ORV_IS_OBJ(*RB, ORV_O_RECORD));
        SET_I(RA, ORV_AS_REC(*RB)->shape->variant, ORV_T_I32);
        NEXT();
    }
    VMCASE(CAST) {
        OrvValue *rb = RB;
        unsigned t = ORV_GET_C(i);
        if (orv_tag_is_int(rb->tag)) {
            if (t == ORV_T_F64) {
                SET_F(RA, orv_tag_is_signed(rb->tag) ? (double)rb->as.i : (double)rb->as.u);
                NEXT();
            }
            if (orv_tag_is_int(t) && cast_int_fast(rb, t, RA))
                NEXT();
        } else if (rb->tag == ORV_T_F64 && (t == ORV_T_I32 || t == ORV_T_I64)) {
            double f = rb->as.f;    /* in range (NaN is not): C's truncation is trunc() */
            if (t == ORV_T_I32 ? f > -2147483649.0 && f < 2147483648.0
                               : f >= -9223372036854775808.0 && f < 9223372036854775808.0) {
                SET_I(RA, t == ORV_T_I32 ? (int64_t)(int32_t)f : (int64_t)f, t);
                NEXT();
            }
        }
        CHECK(orv_ops_cast(vm, *rb, t, RA));
        NEXT();
    }
    VMCASE(HASH) {
        uint64_t h;
        OrvValue *rb = RB;
        if (ORV_IS_OBJ(*rb, ORV_O_STRING) && ORV_AS_STR(*rb)->hash != 0)
            h = ORV_AS_STR(*rb)->hash;      /* cached: what orv_hash returns for a string */
        else if (orv_tag_is_int(rb->tag) || rb->tag == ORV_T_BOOL)
            h = orv_mix64(rb->as.u);        /* what orv_hash returns for them, without a call */
        else
            CHECK(orv_hash(vm, *rb, &h));
        SET_U(RA, h, ORV_T_U64);
        NEXT();
    }

#ifndef ORV_THREADED
    default:
        SAVEPC();
        orv_fatal_bytecode(vm, "unknown op");
    }
#endif

call:
    {
        OrvProto *np = ncl->proto;
        if (nbase + np->nregs > vm->stack_hw) {
            SAVEPC();
            if (grow_stack(vm, nbase + np->nregs) < 0)
                goto on_error;
        }
        if (fr + 1 == vm->frames_end)
            RAISE("stack overflow");
        fr->pc = pc;
        fr++;
        fr->base = base = nbase;
        fr->cl = cl = ncl;
        vm->frame = fr;
        pc = np->code;
        k = np->k;
        gl = np->globals;
        NEXT();
    }

tailcall:
    {
        OrvProto *np = ncl->proto;
        OrvValue *ra = RA;
        if (vm->ntry > 0 && vm->handlers[vm->ntry - 1].frame == (uint32_t)(fr - vm->frames)) {
            /* a handler of this frame must still catch: make an ordinary call instead */
            nbase = ra + 1;
            pc = &ret_words[ORV_GET_A(i)];
            goto call;
        }
        if (vm->open_upvals != NULL && vm->open_upvals->v >= base)
            close_upvals(vm, base);
        memmove(base, ra + 1, np->arity * sizeof(OrvValue));
        base[-1] = orv_obj(ncl);
        if (base + np->nregs > vm->stack_hw) {
            SAVEPC();
            if (grow_stack(vm, base + np->nregs) < 0)
                goto on_error;
        }
        fr->cl = cl = ncl;
        pc = np->code;
        k = np->k;
        gl = np->globals;
        NEXT();
    }

ret:
    if (fr == vm->frames) {
        vm->frame = NULL;
        return 0;
    }
    fr--;
    vm->frame = fr;
    base = fr->base;
    cl = fr->cl;
    pc = fr->pc;
    k = cl->proto->k;
    gl = cl->proto->globals;
    NEXT();

overflow:
    RAISE("Integer overflow");

on_error:
    if (unwind(vm) < 0)
        return -1;
    fr = vm->frame;
    base = fr->base;
    cl = fr->cl;
    pc = fr->pc;
    k = cl->proto->k;
    gl = cl->proto->globals;
    NEXT();
}
