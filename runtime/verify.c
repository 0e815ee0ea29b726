/* verify.c: check one function's code before anything runs (docs/bytecode.md 5). The
   operand rules come from the opcode table (runtime/gen/opcodes.h), so the verifier, the
   disassembler and the compiler can never disagree about an instruction's shape. */
#include <stdio.h>
#include <string.h>

#include "loader.h"
#include "ork_kernel.h"

struct OrvSpanCtx {
    const OrvModule *m;
};

/* Out-of-range indexes were rejected before spans are computed; the guards are belts. */
static long span_arity(const struct OrvSpanCtx *ctx, long f)
{
    return f < (long)ctx->m->nprotos ? ctx->m->protos[f].arity : 1000;
}
static long span_nfields(const struct OrvSpanCtx *ctx, long t)
{
    return t < (long)ctx->m->nshapes ? ctx->m->shapes[t].nfields : 1000;
}
static long span_iarity(const struct OrvSpanCtx *ctx, long i)
{
    (void)ctx;
    return i < ORV_NINTRINSICS ? orv_intrinsics[i].arity : 1000;
}
static long span_parity(const struct OrvSpanCtx *ctx, long p)
{
    (void)ctx;
    return p < ORK_NPRIMS ? ork_prims[p].nparams : 1000;
}

#define ORV_SPAN_IMPL
#include "gen/opcodes.h"

typedef struct Check {
    const OrvModule *m;
    const OrvProto *p;
    uint32_t fn;
    OrlError *err;
    uint8_t *extra;        /* words that are the JMP of a conditional */
} Check;

static int bad(Check *c, uint32_t pc, const char *fmt, const char *a, long b)
{
    char what[160];
    snprintf(what, sizeof what, fmt, a, b);
    snprintf(c->err->msg, sizeof c->err->msg, "function %u (%s) pc %u: %s", c->fn,
             (const char *)c->p->name->data, pc, what);
    return -1;
}

static int cast_tag_ok(long t)
{
    return t >= ORV_T_BOOL && t <= ORV_T_F64;
}

/* The bound an index operand of this role must stay below; -1 for unchecked roles. */
static long role_limit(const Check *c, unsigned role)
{
    switch (role) {
    case ORV_R_REG: return c->p->nregs;
    case ORV_R_CONST: return c->m->nconsts;
    case ORV_R_FUNC: return c->m->nprotos;
    case ORV_R_TYPE: return c->m->nshapes;
    case ORV_R_UPVAL: return c->p->nupvals;
    case ORV_R_GLOBAL: return c->m->nglobals;
    case ORV_R_IMPORT: return c->m->nimports;
    case ORV_R_INTRIN: return ORV_NINTRINSICS;
    case ORV_R_PRIM: return ORK_NPRIMS;
    case ORV_R_FLAG: return 2;
    default: return -1;
    }
}

static const char *role_name(unsigned role)
{
    static const char *names[] = {"none", "register", "constant", "function", "shape", "upvalue",
                                  "global", "import", "intrinsic", "kernel primitive", "tag",
                                  "flag", "immediate", "jump"};
    return role < sizeof names / sizeof *names ? names[role] : "?";
}

static int check_target(Check *c, uint32_t pc, uint32_t w)
{
    long t = (long)pc + 1 + ORV_GET_SJ(w);
    if (t < 0 || t >= (long)c->p->ncode)
        return bad(c, pc, "%sjump target %ld outside the function", "", t);
    return 0;
}

/* Functions reached without a closure (FNREF, CALLF) cannot have upvalues to fill. */
static int check_semantics(Check *c, uint32_t pc, unsigned op, uint32_t w)
{
    long bx = ORV_GET_BX(w);
    if ((op == OP_FNREF || op == OP_CALLF || op == OP_TAILCALLF) && c->m->protos[bx].nupvals > 0)
        return bad(c, pc, "%s of function %ld, which has upvalues", orv_opinfo[op].name, bx);
    if (op == OP_CLOSURE) {
        const OrvProto *q = &c->m->protos[bx];
        for (uint16_t u = 0; u < q->nupvals; u++) {
            long limit = q->up_instack[u] ? c->p->nregs : c->p->nupvals;
            if (q->up_index[u] >= limit)
                return bad(c, pc, "%sCLOSURE captures %ld, outside this frame", "", q->up_index[u]);
        }
    }
    if (op == OP_CAST && !cast_tag_ok(ORV_GET_C(w)))
        return bad(c, pc, "%sCAST to tag %ld", "", (long)ORV_GET_C(w));
    return 0;
}

static int check_operands(Check *c, uint32_t pc, uint32_t w)
{
    unsigned op = ORV_GET_OP(w);
    const OrvOpInfo *info = &orv_opinfo[op];
    if ((w & ~info->mask) != 0)
        return bad(c, pc, "%s has nonzero unused bits", info->name, 0);
    for (int i = 0; i < info->nopnds; i++) {
        unsigned role = info->opnd[i].role;
        long v = orv_get_field(w, info->opnd[i].field), limit = role_limit(c, role);
        if (role == ORV_R_JUMP && check_target(c, pc, w) < 0)
            return -1;
        if (limit >= 0 && (v < 0 || v >= limit))
            return bad(c, pc, "%s index %ld out of range", role_name(role), v);
    }
    struct OrvSpanCtx ctx = {c->m};
    long first, last;
    if (orv_op_span(&ctx, op, ORV_GET_A(w), ORV_GET_B(w), ORV_GET_C(w), ORV_GET_BX(w), &first, &last)
        && last >= first && (first < 0 || last >= c->p->nregs))
        return bad(c, pc, "%s register span ends at %ld, past the frame", info->name, last);
    return check_semantics(c, pc, op, w);
}

/* Pass 1: every word decodes, operands are in range, conditionals carry their JMP word. */
static int check_words(Check *c)
{
    const OrvProto *p = c->p;
    for (uint32_t pc = 0; pc < p->ncode; pc++) {
        uint32_t w = p->code[pc];
        unsigned op = ORV_GET_OP(w);
        if (op >= ORV_NOPS)
            return bad(c, pc, "%sunknown op %ld", "", (long)op);
        if (check_operands(c, pc, w) < 0)
            return -1;
        if (!orv_opinfo[op].jmp)
            continue;
        if (pc + 1 >= p->ncode || ORV_GET_OP(p->code[pc + 1]) != OP_JMP)
            return bad(c, pc, "%s is not followed by a JMP word", orv_opinfo[op].name, 0);
        c->extra[pc + 1] = 1;
    }
    return 0;
}

/* Pass 2: no jump lands on a conditional's JMP word; the last word cannot fall through. */
static int check_flow(Check *c)
{
    const OrvProto *p = c->p;
    for (uint32_t pc = 0; pc < p->ncode; pc++) {
        uint32_t w = p->code[pc];
        if (ORV_GET_OP(w) != OP_JMP)
            continue;
        long t = (long)pc + 1 + ORV_GET_SJ(w);
        if (c->extra[t])
            return bad(c, pc, "%sjump lands on the JMP word at %ld", "", t);
    }
    uint32_t last = p->ncode - 1;
    if (!orv_opinfo[ORV_GET_OP(p->code[last])].end || c->extra[last])
        return bad(c, last, "%scode can run past its end", "", 0);
    return 0;
}

int orl_verify_proto(OrvVM *vm, const OrvModule *m, const OrvProto *p, OrlError *err)
{
    uint8_t *extra = ork_mem_alloc(p->ncode, 16);
    if (extra == NULL)
        orv_fatal_oom(vm);
    memset(extra, 0, p->ncode);
    Check c = {m, p, (uint32_t)(p - m->protos), err, extra};
    int rc = check_words(&c);
    if (rc == 0)
        rc = check_flow(&c);
    ork_mem_free(extra, p->ncode, 16);
    return rc;
}
