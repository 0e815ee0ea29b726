/* disasm.c: `orusvm --dis file.orbc`, a readable listing in the manner of `luac -l`: the
   module's tables, then each function with pc, source line, op and operands decoded by
   the opcode table, constants and names in comments. */
#include <stdio.h>
#include <string.h>

#include "disasm.h"
#include "format.h"
#include "ork_kernel.h"

static const char *const tag_names[] = {"void", "bool", "i32", "i64", "u8", "u32", "u64",
                                        "usize", "f64", "RawPtr", "string", "undef"};

static void print_str(FILE *out, const OrvString *s)
{
    fputc('"', out);
    for (size_t i = 0; i < s->len && i < 60; i++) {
        uint8_t c = s->data[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 32 || c == 127)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
    fputs(s->len > 60 ? "...\"" : "\"", out);
}

static void print_const(FILE *out, OrvValue v)
{
    char buf[ORV_FMT_INT_MAX];
    if (v.tag == ORV_T_OBJ) {
        print_str(out, ORV_AS_STR(v));
    } else if (v.tag == ORV_T_F64) {
        orv_fmt_f64(buf, v.as.f);
        fprintf(out, "%s", buf);
    } else if (v.tag == ORV_T_BOOL) {
        fputs(v.as.u ? "true" : "false", out);
    } else {
        orv_fmt_int(buf, v, 10, false);
        fprintf(out, "%s%s", buf, v.tag == ORV_T_I32 ? "" : tag_names[v.tag]);
    }
}

/* One operand; a note for the comment column goes to `note`. */
static void print_operand(FILE *out, const OrvModule *m, unsigned role, long v, long pc, char *note, size_t n)
{
    switch (role) {
    case ORV_R_REG: fprintf(out, " R%ld", v); break;
    case ORV_R_CONST: fprintf(out, " K%ld", v); snprintf(note, n, "K%ld", v); break;
    case ORV_R_FUNC: fprintf(out, " F%ld", v); snprintf(note, n, "%s", (const char *)m->protos[v].name->data); break;
    case ORV_R_TYPE: fprintf(out, " T%ld", v); snprintf(note, n, "%s%s%s", (const char *)m->shapes[v].type_name->data,
                                                  m->shapes[v].kind ? "." : "", (const char *)m->shapes[v].variant_name->data); break;
    case ORV_R_UPVAL: fprintf(out, " U%ld", v); break;
    case ORV_R_GLOBAL: fprintf(out, " G%ld", v); snprintf(note, n, "%s", (const char *)m->global_names[v]->data); break;
    case ORV_R_IMPORT: fprintf(out, " I%ld", v); snprintf(note, n, "%s.%s", (const char *)m->import_module[v]->data,
                                                    (const char *)m->import_name[v]->data); break;
    case ORV_R_INTRIN: fprintf(out, " %s", orv_intrinsics[v].name); break;
    case ORV_R_PRIM: fprintf(out, " %s", ork_prims[v].name); break;
    case ORV_R_TAG: fprintf(out, " %s", v < ORV_NTAGS ? tag_names[v] : "?"); break;
    case ORV_R_JUMP: fprintf(out, " -> %ld", pc + 1 + v + 1); break;
    default: fprintf(out, " %ld", v); break;
    }
}

static void print_insn(FILE *out, const OrvModule *m, const OrvProto *p, uint32_t pc, uint32_t line)
{
    uint32_t w = p->code[pc];
    const OrvOpInfo *info = &orv_opinfo[ORV_GET_OP(w)];
    char note[160] = "";
    fprintf(out, "  %5u  [%u]  %-10s", pc + 1, line, info->name);
    for (int j = 0; j < info->nopnds; j++)
        print_operand(out, m, info->opnd[j].role, orv_get_field(w, info->opnd[j].field), pc, note, sizeof note);
    if (info->jmp)
        fprintf(out, " -> %ld", (long)pc + 2 + ORV_GET_SJ(p->code[pc + 1]) + 1);
    if (note[0] == 'K' && ORV_GET_OP(w) != OP_JMP) {
        long kx = 0;
        for (int j = 0; j < info->nopnds; j++)
            if (info->opnd[j].role == ORV_R_CONST)
                kx = orv_get_field(w, info->opnd[j].field);
        fputs("\t; ", out);
        print_const(out, m->consts[kx]);
    } else if (note[0]) {
        fprintf(out, "\t; %s", note);
    }
    fputc('\n', out);
}

static void print_proto(FILE *out, const OrvModule *m, uint32_t fi)
{
    const OrvProto *p = &m->protos[fi];
    fprintf(out, "\nfunction F%u %s (arity %u, %u registers, %u upvalues, %u words)%s\n", fi,
            p->name->len ? (const char *)p->name->data : "<anonymous>", p->arity, p->nregs,
            p->nupvals, p->ncode, fi == m->init ? " [init]" : "");
    for (uint16_t u = 0; u < p->nupvals; u++)
        fprintf(out, "  upvalue U%u = %s %u\n", u, p->up_instack[u] ? "register" : "upvalue", p->up_index[u]);
    uint32_t li = 0;
    for (uint32_t pc = 0; pc < p->ncode; pc++) {
        while (li + 1 < p->nlines && p->line_pc[li + 1] <= pc)
            li++;
        print_insn(out, m, p, pc, p->nlines ? p->line_no[li] : 0);
        if (orv_opinfo[ORV_GET_OP(p->code[pc])].jmp)
            pc++;                      /* its JMP word is shown as the target */
    }
}

static void print_tables(FILE *out, const OrvModule *m)
{
    fprintf(out, "module %s (source %s)\n", (const char *)m->name->data, (const char *)m->source->data);
    fprintf(out, "constants (%u)\n", m->nconsts);
    for (uint32_t i = 0; i < m->nconsts; i++) {
        fprintf(out, "  K%u = ", i);
        print_const(out, m->consts[i]);
        fputc('\n', out);
    }
    fprintf(out, "shapes (%u)\n", m->nshapes);
    for (uint32_t i = 0; i < m->nshapes; i++) {
        const OrvShape *s = &m->shapes[i];
        fprintf(out, "  T%u = %s%s%s(", i, (const char *)s->type_name->data, s->kind ? "." : "",
                (const char *)s->variant_name->data);
        for (uint16_t f = 0; f < s->nfields; f++)
            fprintf(out, "%s%s", f ? ", " : "", (const char *)s->field_names[f]->data);
        fputs(")\n", out);
    }
    fprintf(out, "globals (%u)\n", m->nglobals);
    for (uint32_t i = 0; i < m->nglobals; i++)
        fprintf(out, "  G%u = %s\n", i, (const char *)m->global_names[i]->data);
    fprintf(out, "imports (%u)\n", m->nimports);
    for (uint32_t i = 0; i < m->nimports; i++)
        fprintf(out, "  I%u = %s.%s\n", i, (const char *)m->import_module[i]->data, (const char *)m->import_name[i]->data);
    fprintf(out, "exports (%u)\n", m->nexports);
    for (uint32_t i = 0; i < m->nexports; i++)
        fprintf(out, "  %s = %s%u\n", (const char *)m->export_name[i]->data, m->export_kind[i] ? "F" : "G", m->export_index[i]);
}

void orv_disassemble(FILE *out, const OrvModule *m)
{
    print_tables(out, m);
    for (uint32_t i = 0; i < m->nprotos; i++)
        print_proto(out, m, i);
}
