/* generated from runtime/opcodes.def by `doit opcodes`; do not edit */
/* opcodes.h: the Orus VM instruction set (docs/bytecode.md). Define ORV_OPCODES_IMPL in exactly one
   file to get the tables, ORV_SPAN_IMPL (after declaring the span_* helpers) for verifier spans. */
#ifndef ORV_OPCODES_H
#define ORV_OPCODES_H

#include <stdint.h>

/* Value tags: the exact runtime type of a value. */
enum {
    ORV_T_NIL = 0, /* void: the void value; zeroed stack slots are void */
    ORV_T_BOOL = 1, /* bool: payload u is 0 or 1 */
    ORV_T_I32 = 2, /* i32: payload i, sign-extended to 64 bits */
    ORV_T_I64 = 3, /* i64: payload i */
    ORV_T_U8 = 4, /* u8: payload u, zero-extended */
    ORV_T_U32 = 5, /* u32: payload u, zero-extended */
    ORV_T_U64 = 6, /* u64: payload u */
    ORV_T_USIZE = 7, /* usize: payload u (64 bits on every port) */
    ORV_T_F64 = 8, /* f64: payload f */
    ORV_T_RAWPTR = 9, /* RawPtr: payload p, an opaque kernel address */
    ORV_T_OBJ = 10, /* object: payload o, a heap object whose kind the header tells */
    ORV_T_UNDEF = 11, /* -: a global not yet initialised; never visible in a register */
    ORV_NTAGS = 12
};

/* Reflection kinds returned by __kind(v). */
enum {
    ORV_K_VOID = 0, /* void */
    ORV_K_BOOL = 1, /* bool */
    ORV_K_I32 = 2, /* i32 */
    ORV_K_I64 = 3, /* i64 */
    ORV_K_U8 = 4, /* u8 */
    ORV_K_U32 = 5, /* u32 */
    ORV_K_U64 = 6, /* u64 */
    ORV_K_USIZE = 7, /* usize */
    ORV_K_F64 = 8, /* f64 */
    ORV_K_RAWPTR = 9, /* RawPtr */
    ORV_K_STRING = 10, /* string */
    ORV_K_ARRAY = 11, /* array, dynamic or fixed: fields are its elements */
    ORV_K_BYTES = 12, /* bytes */
    ORV_K_STRUCT = 13, /* struct value: fields in declaration order */
    ORV_K_ENUM = 14, /* enum value: fields are the payloads */
    ORV_K_FUNCTION = 15, /* function value */
    ORV_K_RANGE = 16, /* range iterator: fields start, end, step (of the range's integer type) */
    ORV_K_ERROR = 17, /* error value: field 0 is the message */
    ORV_K_HANDLE = 18, /* kernel handle */
    ORV_NKINDS = 19
};

typedef enum OrvOp {
    OP_MOVE = 0, /* R[A] = R[B] */
    OP_LOADK = 1, /* R[A] = K[Bx] */
    OP_LOADI = 2, /* R[A] = sBx as i32 */
    OP_LOADI64 = 3, /* R[A] = sBx as i64 */
    OP_LOADBOOL = 4, /* R[A] = B as bool */
    OP_LOADNIL = 5, /* R[A] = void */
    OP_LOADNULL = 6, /* R[A] = null (RawPtr) */
    OP_GETGLOBAL = 7, /* R[A] = G[Bx]; Variable 'name' used before initialisation */
    OP_SETGLOBAL = 8, /* G[Bx] = R[A] when G[Bx] is initialised; else Variable 'name' used before initialisation */
    OP_DEFGLOBAL = 9, /* G[Bx] = R[A] (the declaration that initialises it) */
    OP_GETIMPORT = 10, /* R[A] = the value import Bx is bound to (a global or function of another module) */
    OP_GETUPVAL = 11, /* R[A] = Up[B] */
    OP_SETUPVAL = 12, /* Up[B] = R[A] */
    OP_CLOSE = 13, /* close open upvalues of registers >= A (end of a loop body's scope) */
    OP_FNREF = 14, /* R[A] = the canonical closure of function Bx (named functions compare by identity) */
    OP_CLOSURE = 15, /* R[A] = a new closure of function Bx capturing its upvalue descriptors */
    OP_ADD_I32 = 16, /* i32 +; Integer overflow */
    OP_ADD_I64 = 17, /* i64 +; Integer overflow */
    OP_ADD_U8 = 18, /* u8 + wrapping */
    OP_ADD_U32 = 19, /* u32 + wrapping */
    OP_ADD_U64 = 20, /* u64/usize + wrapping; tag of B */
    OP_ADD_F64 = 21, /* f64 + */
    OP_SUB_I32 = 22, /* i32 -; Integer overflow */
    OP_SUB_I64 = 23, /* i64 -; Integer overflow */
    OP_SUB_U8 = 24, /* u8 - wrapping */
    OP_SUB_U32 = 25, /* u32 - wrapping */
    OP_SUB_U64 = 26, /* u64/usize - wrapping; tag of B */
    OP_SUB_F64 = 27, /* f64 - */
    OP_MUL_I32 = 28, /* i32 *; Integer overflow */
    OP_MUL_I64 = 29, /* i64 *; Integer overflow */
    OP_MUL_U8 = 30, /* u8 * wrapping */
    OP_MUL_U32 = 31, /* u32 * wrapping */
    OP_MUL_U64 = 32, /* u64/usize * wrapping; tag of B */
    OP_MUL_F64 = 33, /* f64 * */
    OP_DIV_I32 = 34, /* i32 / truncating; Division by zero, Integer overflow (MIN / -1) */
    OP_DIV_I64 = 35, /* i64 / truncating; Division by zero, Integer overflow (MIN / -1) */
    OP_DIV_U = 36, /* unsigned / (u8, u32, u64, usize); Division by zero; tag of B */
    OP_DIV_F64 = 37, /* f64 / (IEEE: x/0.0 is inf, -inf or nan) */
    OP_MOD_I = 38, /* signed % (i32, i64), sign of the dividend, MIN % -1 is 0; Division by zero; tag of B */
    OP_MOD_U = 39, /* unsigned %; Division by zero; tag of B */
    OP_MOD_F64 = 40, /* f64 % (C fmod) */
    OP_NEG_I32 = 41, /* R[A] = -R[B] as i32; Integer overflow */
    OP_NEG_I64 = 42, /* R[A] = -R[B] as i64; Integer overflow */
    OP_NEG_F64 = 43, /* R[A] = -R[B] as f64 */
    OP_ADDI_I32 = 44, /* R[A] = R[B] + sC (i32); Integer overflow */
    OP_ADDI_I64 = 45, /* R[A] = R[B] + sC (i64); Integer overflow */
    OP_ADDK_I32 = 46, /* R[A] = R[B] + K[C] (i32); Integer overflow */
    OP_ADDK_I64 = 47, /* R[A] = R[B] + K[C] (i64); Integer overflow */
    OP_ADDK_F64 = 48, /* R[A] = R[B] + K[C] (f64) */
    OP_SUBK_F64 = 49, /* R[A] = R[B] - K[C] (f64) */
    OP_MULK_I32 = 50, /* R[A] = R[B] * K[C] (i32); Integer overflow */
    OP_MULK_I64 = 51, /* R[A] = R[B] * K[C] (i64); Integer overflow */
    OP_MULK_F64 = 52, /* R[A] = R[B] * K[C] (f64) */
    OP_DIVK_F64 = 53, /* R[A] = R[B] / K[C] (f64) */
    OP_MODK_I = 54, /* R[A] = R[B] % K[C] as MOD_I (i32, i64); Division by zero; tag of B */
    OP_BAND = 55, /* R[A] = R[B] & R[C], any integer type; tag of B */
    OP_BOR = 56, /* R[A] = R[B] | R[C], any integer type; tag of B */
    OP_BXOR = 57, /* R[A] = R[B] ^ R[C], any integer type; tag of B */
    OP_BNOT_I = 58, /* R[A] = ~R[B] (i32, i64); tag of B */
    OP_BNOT_U8 = 59, /* R[A] = ~R[B] (u8) */
    OP_BNOT_U32 = 60, /* R[A] = ~R[B] (u32) */
    OP_BNOT_U64 = 61, /* R[A] = ~R[B] (u64, usize); tag of B */
    OP_SHL_I32 = 62, /* R[A] = R[B] << R[C] (i32, bits shifted out are lost); Shift amount out of range */
    OP_SHL_I64 = 63, /* R[A] = R[B] << R[C] (i64); Shift amount out of range */
    OP_SHL_U8 = 64, /* R[A] = R[B] << R[C] (u8); Shift amount out of range */
    OP_SHL_U32 = 65, /* R[A] = R[B] << R[C] (u32); Shift amount out of range */
    OP_SHL_U64 = 66, /* R[A] = R[B] << R[C] (u64, usize); Shift amount out of range; tag of B */
    OP_SHR_I32 = 67, /* R[A] = R[B] >> R[C] arithmetic (i32); Shift amount out of range */
    OP_SHR_I64 = 68, /* R[A] = R[B] >> R[C] arithmetic (i64); Shift amount out of range */
    OP_SHR_U8 = 69, /* R[A] = R[B] >> R[C] logical (u8); Shift amount out of range */
    OP_SHR_U32 = 70, /* R[A] = R[B] >> R[C] logical (u32); Shift amount out of range */
    OP_SHR_U64 = 71, /* R[A] = R[B] >> R[C] logical (u64, usize); Shift amount out of range; tag of B */
    OP_EQ = 72, /* payload equality: integers of one type, bool, RawPtr, void */
    OP_EQ_F64 = 73, /* f64 == (IEEE: nan is unequal to itself, 0.0 == -0.0) */
    OP_EQ_V = 74, /* structural == on values of any one type (extensions.md 2) */
    OP_LT_I = 75, /* signed < (i32, i64) */
    OP_LE_I = 76, /* signed <= (i32, i64) */
    OP_LT_U = 77, /* unsigned < (u8, u32, u64, usize) */
    OP_LE_U = 78, /* unsigned <= */
    OP_LT_F64 = 79, /* f64 < (false when either is nan) */
    OP_LE_F64 = 80, /* f64 <= */
    OP_LT_S = 81, /* string < bytewise (a proper prefix orders first) */
    OP_LE_S = 82, /* string <= */
    OP_NOT = 83, /* R[A] = not R[B] (bool) */
    OP_JMP = 84, /* pc += sJ */
    OP_TEST = 85, /* jump when R[A] == C (bool) */
    OP_JEQ = 86, /* jump when (payload R[A] == R[B]) == C */
    OP_JEQ_F64 = 87, /* jump when (R[A] == R[B] as f64) == C */
    OP_JEQ_V = 88, /* jump when (R[A] == R[B] structurally) == C */
    OP_JLT_I = 89, /* jump when (R[A] < R[B] signed) == C */
    OP_JLE_I = 90, /* jump when (R[A] <= R[B] signed) == C */
    OP_JLT_U = 91, /* jump when (R[A] < R[B] unsigned) == C */
    OP_JLE_U = 92, /* jump when (R[A] <= R[B] unsigned) == C */
    OP_JLT_F64 = 93, /* jump when (R[A] < R[B] f64) == C */
    OP_JLE_F64 = 94, /* jump when (R[A] <= R[B] f64) == C */
    OP_JLT_S = 95, /* jump when (R[A] < R[B] string) == C */
    OP_JLE_S = 96, /* jump when (R[A] <= R[B] string) == C */
    OP_JEQI = 97, /* jump when (R[A] == sB) == C; integer types */
    OP_JLTI = 98, /* jump when (R[A] < sB signed) == C; i32, i64, u8, u32 only */
    OP_JLEI = 99, /* jump when (R[A] <= sB signed) == C; i32, i64, u8, u32 only */
    OP_JGTI = 100, /* jump when (R[A] > sB signed) == C; i32, i64, u8, u32 only */
    OP_JGEI = 101, /* jump when (R[A] >= sB signed) == C; i32, i64, u8, u32 only */
    OP_JVARIANT = 102, /* jump when (variant index of enum value R[A] == B) == C */
    OP_FORPREP_I = 103, /* R[A..A+2] = start, end, step (i32/i64); C = inclusive end; Range step cannot be zero; jump (past the loop) when empty, else R[A+3] = start */
    OP_FORPREP_U = 104, /* as FORPREP_I for u8, u32, u64, usize */
    OP_FORLOOP = 105, /* when values remain: advance R[A], R[A+3] = R[A] and jump (back to the body) */
    OP_NEWRANGE = 106, /* R[A] = range(R[B], R[B+1], R[B+2]); Invalid arguments provided to range() */
    OP_RANGENEXT = 107, /* R[A] = next value of range R[B]; jump (out) when it is exhausted */
    OP_CALL = 108, /* call closure R[A] with R[A+1..A+B]; result in R[A] */
    OP_CALLF = 109, /* call function Bx of this module with R[A+1..]; result in R[A] */
    OP_TAILCALL = 110, /* return the result of calling R[A] with R[A+1..A+B], reusing this frame */
    OP_TAILCALLF = 111, /* return the result of calling function Bx, reusing this frame */
    OP_RETURN = 112, /* return R[A] */
    OP_RETURN0 = 113, /* return from a void function */
    OP_NORET = 114, /* Function 'name' ended without returning a value */
    OP_KCALL = 115, /* R[A] = kernel primitive Bx(R[A..]) converted by the ork_prims[] kinds */
    OP_INTRIN = 116, /* R[A] = intrinsic B(R[A..]) */
    OP_TRY = 117, /* push a handler: a runtime error unwinds here, stores the error in R[A] and jumps */
    OP_ENDTRY = 118, /* pop the innermost handler of this frame (normal exit, break or continue out of try) */
    OP_THROW = 119, /* raise R[A] (an error value, or a string used as the message) */
    OP_NEWARRAY = 120, /* R[A] = [R[B], ..., R[B+C-1]] */
    OP_GETINDEX = 121, /* R[A] = R[B][R[C]] (array or bytes); Array index out of bounds */
    OP_SETINDEX = 122, /* R[A][R[B]] = R[C] (array or bytes); Array index out of bounds */
    OP_STRINDEX = 123, /* R[A] = one-byte string R[B][R[C]]; String index out of bounds */
    OP_LEN = 124, /* R[A] = len(R[B]) as i32 (array, string or bytes) */
    OP_SLICE = 125, /* R[A] = R[B][R[C]..R[C+1]] (array, string or bytes); Slice bounds out of range */
    OP_CONCAT = 126, /* R[A] = R[B] + R[C] (strings) */
    OP_NEWREC = 127, /* R[A] = a value of shape Bx (struct or enum variant) with fields R[A..A+n-1] */
    OP_GETFIELD = 128, /* R[A] = R[B].field[C] */
    OP_SETFIELD = 129, /* R[A].field[B] = R[C] */
    OP_VARIANT = 130, /* R[A] = variant index of enum value R[B] as i32 */
    OP_CAST = 131, /* R[A] = R[B] as tag C (numbers and bool, language.md 5.7 checks) */
    OP_HASH = 132, /* R[A] = hash(R[B]) as u64 (structural, stable across runs) */
    ORV_NOPS = 133
} OrvOp;

/* X-macro over every op in code order (dispatch tables). */
#define ORV_OPLIST(X) \
    X(MOVE) \
    X(LOADK) \
    X(LOADI) \
    X(LOADI64) \
    X(LOADBOOL) \
    X(LOADNIL) \
    X(LOADNULL) \
    X(GETGLOBAL) \
    X(SETGLOBAL) \
    X(DEFGLOBAL) \
    X(GETIMPORT) \
    X(GETUPVAL) \
    X(SETUPVAL) \
    X(CLOSE) \
    X(FNREF) \
    X(CLOSURE) \
    X(ADD_I32) \
    X(ADD_I64) \
    X(ADD_U8) \
    X(ADD_U32) \
    X(ADD_U64) \
    X(ADD_F64) \
    X(SUB_I32) \
    X(SUB_I64) \
    X(SUB_U8) \
    X(SUB_U32) \
    X(SUB_U64) \
    X(SUB_F64) \
    X(MUL_I32) \
    X(MUL_I64) \
    X(MUL_U8) \
    X(MUL_U32) \
    X(MUL_U64) \
    X(MUL_F64) \
    X(DIV_I32) \
    X(DIV_I64) \
    X(DIV_U) \
    X(DIV_F64) \
    X(MOD_I) \
    X(MOD_U) \
    X(MOD_F64) \
    X(NEG_I32) \
    X(NEG_I64) \
    X(NEG_F64) \
    X(ADDI_I32) \
    X(ADDI_I64) \
    X(ADDK_I32) \
    X(ADDK_I64) \
    X(ADDK_F64) \
    X(SUBK_F64) \
    X(MULK_I32) \
    X(MULK_I64) \
    X(MULK_F64) \
    X(DIVK_F64) \
    X(MODK_I) \
    X(BAND) \
    X(BOR) \
    X(BXOR) \
    X(BNOT_I) \
    X(BNOT_U8) \
    X(BNOT_U32) \
    X(BNOT_U64) \
    X(SHL_I32) \
    X(SHL_I64) \
    X(SHL_U8) \
    X(SHL_U32) \
    X(SHL_U64) \
    X(SHR_I32) \
    X(SHR_I64) \
    X(SHR_U8) \
    X(SHR_U32) \
    X(SHR_U64) \
    X(EQ) \
    X(EQ_F64) \
    X(EQ_V) \
    X(LT_I) \
    X(LE_I) \
    X(LT_U) \
    X(LE_U) \
    X(LT_F64) \
    X(LE_F64) \
    X(LT_S) \
    X(LE_S) \
    X(NOT) \
    X(JMP) \
    X(TEST) \
    X(JEQ) \
    X(JEQ_F64) \
    X(JEQ_V) \
    X(JLT_I) \
    X(JLE_I) \
    X(JLT_U) \
    X(JLE_U) \
    X(JLT_F64) \
    X(JLE_F64) \
    X(JLT_S) \
    X(JLE_S) \
    X(JEQI) \
    X(JLTI) \
    X(JLEI) \
    X(JGTI) \
    X(JGEI) \
    X(JVARIANT) \
    X(FORPREP_I) \
    X(FORPREP_U) \
    X(FORLOOP) \
    X(NEWRANGE) \
    X(RANGENEXT) \
    X(CALL) \
    X(CALLF) \
    X(TAILCALL) \
    X(TAILCALLF) \
    X(RETURN) \
    X(RETURN0) \
    X(NORET) \
    X(KCALL) \
    X(INTRIN) \
    X(TRY) \
    X(ENDTRY) \
    X(THROW) \
    X(NEWARRAY) \
    X(GETINDEX) \
    X(SETINDEX) \
    X(STRINDEX) \
    X(LEN) \
    X(SLICE) \
    X(CONCAT) \
    X(NEWREC) \
    X(GETFIELD) \
    X(SETFIELD) \
    X(VARIANT) \
    X(CAST) \
    X(HASH)

/* Instruction fields (runtime/opcodes.def explains the excesses). */
#define ORV_GET_OP(i) ((unsigned)((i) & 0xffu))
#define ORV_GET_A(i) ((unsigned)(((i) >> 8) & 0xffu))
#define ORV_GET_B(i) ((unsigned)(((i) >> 16) & 0xffu))
#define ORV_GET_C(i) ((unsigned)((i) >> 24))
#define ORV_GET_BX(i) ((unsigned)((i) >> 16))
#define ORV_GET_SB(i) ((int)ORV_GET_B(i) - 127)
#define ORV_GET_SC(i) ((int)ORV_GET_C(i) - 127)
#define ORV_GET_SBX(i) ((int)ORV_GET_BX(i) - 32767)
#define ORV_GET_SJ(i) ((int32_t)((i) >> 8) - 8388607)

/* Operand fields and roles. */
enum {
    ORV_F_A = 0,
    ORV_F_B = 1,
    ORV_F_C = 2,
    ORV_F_BX = 3,
    ORV_F_SB = 4,
    ORV_F_SC = 5,
    ORV_F_SBX = 6,
    ORV_F_SJ = 7,
    ORV_NFIELDS = 8
};
enum {
    ORV_R_NONE = 0,
    ORV_R_REG = 1,
    ORV_R_CONST = 2,
    ORV_R_FUNC = 3,
    ORV_R_TYPE = 4,
    ORV_R_UPVAL = 5,
    ORV_R_GLOBAL = 6,
    ORV_R_IMPORT = 7,
    ORV_R_INTRIN = 8,
    ORV_R_PRIM = 9,
    ORV_R_TAG = 10,
    ORV_R_FLAG = 11,
    ORV_R_IMM = 12,
    ORV_R_JUMP = 13,
    ORV_NROLES = 14
};

/* Value of field ORV_F_* of an instruction word (signed fields without their excess). */
static inline long orv_get_field(uint32_t w, unsigned field)
{
    switch (field) {
    case ORV_F_A: return (long)ORV_GET_A(w);
    case ORV_F_B: return (long)ORV_GET_B(w);
    case ORV_F_C: return (long)ORV_GET_C(w);
    case ORV_F_BX: return (long)ORV_GET_BX(w);
    case ORV_F_SB: return ORV_GET_SB(w);
    case ORV_F_SC: return ORV_GET_SC(w);
    case ORV_F_SBX: return ORV_GET_SBX(w);
    default: return ORV_GET_SJ(w);
    }
}

typedef struct OrvOperand { uint8_t field, role; } OrvOperand;
typedef struct OrvOpInfo {
    const char *name;
    uint32_t mask;      /* bits the op's fields may use; every other bit must be zero */
    uint8_t nopnds;
    uint8_t jmp;        /* followed by a JMP word holding the branch offset */
    uint8_t end;        /* never falls through */
    OrvOperand opnd[3];
} OrvOpInfo;

extern const OrvOpInfo orv_opinfo[ORV_NOPS];

/* Intrinsics: INTRIN A id, arguments in R[A..A+arity-1], result in R[A]. */
enum {
    ORV_I_ARRAY_NEW = 0, /* __array_new<T>(n: i64, fill: T) -> [T] */
    ORV_I_ARRAY_FILL = 1, /* __array_fill<T>(v: T, n: i64) -> [T] */
    ORV_I_ARRAY_REPEAT = 2, /* __array_repeat<T>(a: [T], n: i64) -> [T] */
    ORV_I_ARRAY_LEN = 3, /* __array_len<T>(a: [T]) -> i64 */
    ORV_I_ARRAY_CAP = 4, /* __array_cap<T>(a: [T]) -> i64 */
    ORV_I_ARRAY_RESIZE = 5, /* __array_resize<T>(a: [T], n: i64, fill: T) */
    ORV_I_ARRAY_RESERVE = 6, /* __array_reserve<T>(a: [T], n: i64) */
    ORV_I_ARRAY_FIX = 7, /* __array_fix<T>(a: [T]) -> [T] */
    ORV_I_ARRAY_COPY = 8, /* __array_copy<T>(dst: [T], at: i64, src: [T], from: i64, n: i64) */
    ORV_I_ARRAY_INSERT = 9, /* __array_insert<T>(a: [T], i: i64, v: T) */
    ORV_I_ARRAY_REMOVE = 10, /* __array_remove<T>(a: [T], i: i64) -> T */
    ORV_I_BYTES_NEW = 11, /* __bytes_new(n: i64) -> bytes */
    ORV_I_BYTES_LEN = 12, /* __bytes_len(b: bytes) -> i64 */
    ORV_I_BYTES_RESIZE = 13, /* __bytes_resize(b: bytes, n: i64) */
    ORV_I_BYTES_GET = 14, /* __bytes_get(b: bytes, i: i64) -> u8 */
    ORV_I_BYTES_SET = 15, /* __bytes_set(b: bytes, i: i64, v: u8) */
    ORV_I_BYTES_PUSH = 16, /* __bytes_push(b: bytes, v: u8) */
    ORV_I_BYTES_APPEND = 17, /* __bytes_append(b: bytes, s: string) */
    ORV_I_BYTES_APPEND_BYTES = 18, /* __bytes_append_bytes(b: bytes, src: bytes, start: i64, end: i64) */
    ORV_I_BYTES_COPY = 19, /* __bytes_copy(dst: bytes, at: i64, src: bytes, from: i64, n: i64) */
    ORV_I_BYTES_SLICE = 20, /* __bytes_slice(b: bytes, start: i64, end: i64) -> bytes */
    ORV_I_BYTES_TO_STR = 21, /* __bytes_to_str(b: bytes, start: i64, end: i64) -> string */
    ORV_I_STR_LEN = 22, /* __str_len(s: string) -> i64 */
    ORV_I_STR_BYTE = 23, /* __str_byte(s: string, i: i64) -> u8 */
    ORV_I_STR_SLICE = 24, /* __str_slice(s: string, start: i64, end: i64) -> string */
    ORV_I_STR_CMP = 25, /* __str_cmp(a: string, b: string) -> i32 */
    ORV_I_STR_FIND = 26, /* __str_find(s: string, sub: string, from: i64) -> i64 */
    ORV_I_STR_TO_BYTES = 27, /* __str_to_bytes(s: string) -> bytes */
    ORV_I_STR_FROM_BYTE = 28, /* __str_from_byte(b: u8) -> string */
    ORV_I_FMT_INT = 29, /* __fmt_int<T>(v: T, base: i32, upper: bool) -> string */
    ORV_I_FMT_F64 = 30, /* __fmt_f64(v: f64) -> string */
    ORV_I_FMT_FIXED = 31, /* __fmt_fixed(v: f64, digits: i32) -> string */
    ORV_I_PARSE_F64 = 32, /* __parse_f64(s: string) -> f64 */
    ORV_I_F64_BITS = 33, /* __f64_bits(v: f64) -> u64 */
    ORV_I_F64_FROM_BITS = 34, /* __f64_from_bits(u: u64) -> f64 */
    ORV_I_KIND = 35, /* __kind<T>(v: T) -> i32 */
    ORV_I_TYPE_NAME = 36, /* __type_name<T>(v: T) -> string */
    ORV_I_FIELD_COUNT = 37, /* __field_count<T>(v: T) -> i32 */
    ORV_I_FIELD_NAME = 38, /* __field_name<T>(v: T, i: i32) -> string */
    ORV_I_FIELD_VALUE = 39, /* __field_value<T, U>(v: T, i: i32) -> U */
    ORV_I_VARIANT_NAME = 40, /* __variant_name<T>(v: T) -> string */
    ORV_I_VARIANT_INDEX = 41, /* __variant_index<T>(v: T) -> i32 */
    ORV_I_FN_NAME = 42, /* __fn_name<T>(f: T) -> string */
    ORV_I_COERCE = 43, /* __coerce<T, U>(v: T) -> U */
    ORV_I_ERROR_MESSAGE = 44, /* __error_message(e: error) -> string */
    ORV_I_GC_COLLECT = 45, /* __gc_collect() */
    ORV_I_GC_STAT = 46, /* __gc_stat(which: i32) -> i64 */
    ORV_I_HANDLE_NEW = 47, /* __handle_new(close_prim: i32, value: i64) -> Handle */
    ORV_I_HANDLE_VALUE = 48, /* __handle_value(h: Handle) -> i64 */
    ORV_I_HANDLE_CLOSE = 49, /* __handle_close(h: Handle) -> i64 */
    ORV_I_WRITE = 50, /* __write(fd: i32, s: string) -> i64 */
    ORV_I_THROW = 51, /* __throw(msg: string) */
    ORV_I_ARGC = 52, /* __argc() -> i32 */
    ORV_I_ARGV = 53, /* __argv(i: i32) -> string */
    ORV_NINTRINSICS = 54
};

struct OrvVM;
struct OrvValue;
typedef int (*OrvIntrinsicFn)(struct OrvVM *vm, struct OrvValue *args);
typedef struct OrvIntrinsicInfo {
    const char *name;
    const char *signature;
    uint8_t arity;
    OrvIntrinsicFn fn;
} OrvIntrinsicInfo;

/* Each intrinsic returns 0, or -1 after raising a runtime error through the VM. */
int orv_i_array_new(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_fill(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_repeat(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_len(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_cap(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_resize(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_reserve(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_fix(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_copy(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_insert(struct OrvVM *vm, struct OrvValue *args);
int orv_i_array_remove(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_new(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_len(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_resize(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_get(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_set(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_push(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_append(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_append_bytes(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_copy(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_slice(struct OrvVM *vm, struct OrvValue *args);
int orv_i_bytes_to_str(struct OrvVM *vm, struct OrvValue *args);
int orv_i_str_len(struct OrvVM *vm, struct OrvValue *args);
int orv_i_str_byte(struct OrvVM *vm, struct OrvValue *args);
int orv_i_str_slice(struct OrvVM *vm, struct OrvValue *args);
int orv_i_str_cmp(struct OrvVM *vm, struct OrvValue *args);
int orv_i_str_find(struct OrvVM *vm, struct OrvValue *args);
int orv_i_str_to_bytes(struct OrvVM *vm, struct OrvValue *args);
int orv_i_str_from_byte(struct OrvVM *vm, struct OrvValue *args);
int orv_i_fmt_int(struct OrvVM *vm, struct OrvValue *args);
int orv_i_fmt_f64(struct OrvVM *vm, struct OrvValue *args);
int orv_i_fmt_fixed(struct OrvVM *vm, struct OrvValue *args);
int orv_i_parse_f64(struct OrvVM *vm, struct OrvValue *args);
int orv_i_f64_bits(struct OrvVM *vm, struct OrvValue *args);
int orv_i_f64_from_bits(struct OrvVM *vm, struct OrvValue *args);
int orv_i_kind(struct OrvVM *vm, struct OrvValue *args);
int orv_i_type_name(struct OrvVM *vm, struct OrvValue *args);
int orv_i_field_count(struct OrvVM *vm, struct OrvValue *args);
int orv_i_field_name(struct OrvVM *vm, struct OrvValue *args);
int orv_i_field_value(struct OrvVM *vm, struct OrvValue *args);
int orv_i_variant_name(struct OrvVM *vm, struct OrvValue *args);
int orv_i_variant_index(struct OrvVM *vm, struct OrvValue *args);
int orv_i_fn_name(struct OrvVM *vm, struct OrvValue *args);
int orv_i_coerce(struct OrvVM *vm, struct OrvValue *args);
int orv_i_error_message(struct OrvVM *vm, struct OrvValue *args);
int orv_i_gc_collect(struct OrvVM *vm, struct OrvValue *args);
int orv_i_gc_stat(struct OrvVM *vm, struct OrvValue *args);
int orv_i_handle_new(struct OrvVM *vm, struct OrvValue *args);
int orv_i_handle_value(struct OrvVM *vm, struct OrvValue *args);
int orv_i_handle_close(struct OrvVM *vm, struct OrvValue *args);
int orv_i_write(struct OrvVM *vm, struct OrvValue *args);
int orv_i_throw(struct OrvVM *vm, struct OrvValue *args);
int orv_i_argc(struct OrvVM *vm, struct OrvValue *args);
int orv_i_argv(struct OrvVM *vm, struct OrvValue *args);

extern const OrvIntrinsicInfo orv_intrinsics[ORV_NINTRINSICS];

#endif /* ORV_OPCODES_H */

/* The tables and the span function sit outside the include guard: a file may include this
   header (through others) before defining ORV_OPCODES_IMPL or ORV_SPAN_IMPL. */
#if defined(ORV_OPCODES_IMPL) && !defined(ORV_OPCODES_IMPL_DONE)
#define ORV_OPCODES_IMPL_DONE
const OrvOpInfo orv_opinfo[ORV_NOPS] = {
    {"MOVE", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"LOADK", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_CONST} }},
    {"LOADI", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_SBX, ORV_R_IMM} }},
    {"LOADI64", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_SBX, ORV_R_IMM} }},
    {"LOADBOOL", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_FLAG} }},
    {"LOADNIL", 0x0000ffffu, 1, 0, 0, {{ORV_F_A, ORV_R_REG} }},
    {"LOADNULL", 0x0000ffffu, 1, 0, 0, {{ORV_F_A, ORV_R_REG} }},
    {"GETGLOBAL", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_GLOBAL} }},
    {"SETGLOBAL", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_GLOBAL} }},
    {"DEFGLOBAL", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_GLOBAL} }},
    {"GETIMPORT", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_IMPORT} }},
    {"GETUPVAL", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_UPVAL} }},
    {"SETUPVAL", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_UPVAL} }},
    {"CLOSE", 0x0000ffffu, 1, 0, 0, {{ORV_F_A, ORV_R_REG} }},
    {"FNREF", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_FUNC} }},
    {"CLOSURE", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_FUNC} }},
    {"ADD_I32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"ADD_I64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"ADD_U8", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"ADD_U32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"ADD_U64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"ADD_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SUB_I32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SUB_I64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SUB_U8", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SUB_U32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SUB_U64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SUB_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"MUL_I32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"MUL_I64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"MUL_U8", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"MUL_U32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"MUL_U64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"MUL_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"DIV_I32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"DIV_I64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"DIV_U", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"DIV_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"MOD_I", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"MOD_U", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"MOD_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"NEG_I32", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"NEG_I64", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"NEG_F64", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"ADDI_I32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_SC, ORV_R_IMM} }},
    {"ADDI_I64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_SC, ORV_R_IMM} }},
    {"ADDK_I32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_CONST} }},
    {"ADDK_I64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_CONST} }},
    {"ADDK_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_CONST} }},
    {"SUBK_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_CONST} }},
    {"MULK_I32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_CONST} }},
    {"MULK_I64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_CONST} }},
    {"MULK_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_CONST} }},
    {"DIVK_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_CONST} }},
    {"MODK_I", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_CONST} }},
    {"BAND", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"BOR", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"BXOR", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"BNOT_I", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"BNOT_U8", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"BNOT_U32", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"BNOT_U64", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"SHL_I32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SHL_I64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SHL_U8", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SHL_U32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SHL_U64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SHR_I32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SHR_I64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SHR_U8", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SHR_U32", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SHR_U64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"EQ", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"EQ_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"EQ_V", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"LT_I", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"LE_I", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"LT_U", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"LE_U", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"LT_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"LE_F64", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"LT_S", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"LE_S", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"NOT", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"JMP", 0xffffffffu, 1, 0, 1, {{ORV_F_SJ, ORV_R_JUMP} }},
    {"TEST", 0xff00ffffu, 2, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JEQ", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JEQ_F64", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JEQ_V", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLT_I", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLE_I", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLT_U", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLE_U", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLT_F64", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLE_F64", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLT_S", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLE_S", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"JEQI", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_SB, ORV_R_IMM}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLTI", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_SB, ORV_R_IMM}, {ORV_F_C, ORV_R_FLAG} }},
    {"JLEI", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_SB, ORV_R_IMM}, {ORV_F_C, ORV_R_FLAG} }},
    {"JGTI", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_SB, ORV_R_IMM}, {ORV_F_C, ORV_R_FLAG} }},
    {"JGEI", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_SB, ORV_R_IMM}, {ORV_F_C, ORV_R_FLAG} }},
    {"JVARIANT", 0xffffffffu, 3, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_IMM}, {ORV_F_C, ORV_R_FLAG} }},
    {"FORPREP_I", 0xff00ffffu, 2, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"FORPREP_U", 0xff00ffffu, 2, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_C, ORV_R_FLAG} }},
    {"FORLOOP", 0x0000ffffu, 1, 1, 0, {{ORV_F_A, ORV_R_REG} }},
    {"NEWRANGE", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"RANGENEXT", 0x00ffffffu, 2, 1, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"CALL", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_IMM} }},
    {"CALLF", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_FUNC} }},
    {"TAILCALL", 0x00ffffffu, 2, 0, 1, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_IMM} }},
    {"TAILCALLF", 0xffffffffu, 2, 0, 1, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_FUNC} }},
    {"RETURN", 0x0000ffffu, 1, 0, 1, {{ORV_F_A, ORV_R_REG} }},
    {"RETURN0", 0x000000ffu, 0, 0, 1, {{0, 0} }},
    {"NORET", 0x000000ffu, 0, 0, 1, {{0, 0} }},
    {"KCALL", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_PRIM} }},
    {"INTRIN", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_INTRIN} }},
    {"TRY", 0x0000ffffu, 1, 1, 0, {{ORV_F_A, ORV_R_REG} }},
    {"ENDTRY", 0x000000ffu, 0, 0, 0, {{0, 0} }},
    {"THROW", 0x0000ffffu, 1, 0, 1, {{ORV_F_A, ORV_R_REG} }},
    {"NEWARRAY", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_IMM} }},
    {"GETINDEX", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"SETINDEX", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"STRINDEX", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"LEN", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"SLICE", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"CONCAT", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_REG} }},
    {"NEWREC", 0xffffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_BX, ORV_R_TYPE} }},
    {"GETFIELD", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_IMM} }},
    {"SETFIELD", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_IMM}, {ORV_F_C, ORV_R_REG} }},
    {"VARIANT", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
    {"CAST", 0xffffffffu, 3, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG}, {ORV_F_C, ORV_R_TAG} }},
    {"HASH", 0x00ffffffu, 2, 0, 0, {{ORV_F_A, ORV_R_REG}, {ORV_F_B, ORV_R_REG} }},
};

const OrvIntrinsicInfo orv_intrinsics[ORV_NINTRINSICS] = {
    {"__array_new", "__array_new<T>(n: i64, fill: T) -> [T]", 2, orv_i_array_new},
    {"__array_fill", "__array_fill<T>(v: T, n: i64) -> [T]", 2, orv_i_array_fill},
    {"__array_repeat", "__array_repeat<T>(a: [T], n: i64) -> [T]", 2, orv_i_array_repeat},
    {"__array_len", "__array_len<T>(a: [T]) -> i64", 1, orv_i_array_len},
    {"__array_cap", "__array_cap<T>(a: [T]) -> i64", 1, orv_i_array_cap},
    {"__array_resize", "__array_resize<T>(a: [T], n: i64, fill: T)", 3, orv_i_array_resize},
    {"__array_reserve", "__array_reserve<T>(a: [T], n: i64)", 2, orv_i_array_reserve},
    {"__array_fix", "__array_fix<T>(a: [T]) -> [T]", 1, orv_i_array_fix},
    {"__array_copy", "__array_copy<T>(dst: [T], at: i64, src: [T], from: i64, n: i64)", 5, orv_i_array_copy},
    {"__array_insert", "__array_insert<T>(a: [T], i: i64, v: T)", 3, orv_i_array_insert},
    {"__array_remove", "__array_remove<T>(a: [T], i: i64) -> T", 2, orv_i_array_remove},
    {"__bytes_new", "__bytes_new(n: i64) -> bytes", 1, orv_i_bytes_new},
    {"__bytes_len", "__bytes_len(b: bytes) -> i64", 1, orv_i_bytes_len},
    {"__bytes_resize", "__bytes_resize(b: bytes, n: i64)", 2, orv_i_bytes_resize},
    {"__bytes_get", "__bytes_get(b: bytes, i: i64) -> u8", 2, orv_i_bytes_get},
    {"__bytes_set", "__bytes_set(b: bytes, i: i64, v: u8)", 3, orv_i_bytes_set},
    {"__bytes_push", "__bytes_push(b: bytes, v: u8)", 2, orv_i_bytes_push},
    {"__bytes_append", "__bytes_append(b: bytes, s: string)", 2, orv_i_bytes_append},
    {"__bytes_append_bytes", "__bytes_append_bytes(b: bytes, src: bytes, start: i64, end: i64)", 4, orv_i_bytes_append_bytes},
    {"__bytes_copy", "__bytes_copy(dst: bytes, at: i64, src: bytes, from: i64, n: i64)", 5, orv_i_bytes_copy},
    {"__bytes_slice", "__bytes_slice(b: bytes, start: i64, end: i64) -> bytes", 3, orv_i_bytes_slice},
    {"__bytes_to_str", "__bytes_to_str(b: bytes, start: i64, end: i64) -> string", 3, orv_i_bytes_to_str},
    {"__str_len", "__str_len(s: string) -> i64", 1, orv_i_str_len},
    {"__str_byte", "__str_byte(s: string, i: i64) -> u8", 2, orv_i_str_byte},
    {"__str_slice", "__str_slice(s: string, start: i64, end: i64) -> string", 3, orv_i_str_slice},
    {"__str_cmp", "__str_cmp(a: string, b: string) -> i32", 2, orv_i_str_cmp},
    {"__str_find", "__str_find(s: string, sub: string, from: i64) -> i64", 3, orv_i_str_find},
    {"__str_to_bytes", "__str_to_bytes(s: string) -> bytes", 1, orv_i_str_to_bytes},
    {"__str_from_byte", "__str_from_byte(b: u8) -> string", 1, orv_i_str_from_byte},
    {"__fmt_int", "__fmt_int<T>(v: T, base: i32, upper: bool) -> string", 3, orv_i_fmt_int},
    {"__fmt_f64", "__fmt_f64(v: f64) -> string", 1, orv_i_fmt_f64},
    {"__fmt_fixed", "__fmt_fixed(v: f64, digits: i32) -> string", 2, orv_i_fmt_fixed},
    {"__parse_f64", "__parse_f64(s: string) -> f64", 1, orv_i_parse_f64},
    {"__f64_bits", "__f64_bits(v: f64) -> u64", 1, orv_i_f64_bits},
    {"__f64_from_bits", "__f64_from_bits(u: u64) -> f64", 1, orv_i_f64_from_bits},
    {"__kind", "__kind<T>(v: T) -> i32", 1, orv_i_kind},
    {"__type_name", "__type_name<T>(v: T) -> string", 1, orv_i_type_name},
    {"__field_count", "__field_count<T>(v: T) -> i32", 1, orv_i_field_count},
    {"__field_name", "__field_name<T>(v: T, i: i32) -> string", 2, orv_i_field_name},
    {"__field_value", "__field_value<T, U>(v: T, i: i32) -> U", 2, orv_i_field_value},
    {"__variant_name", "__variant_name<T>(v: T) -> string", 1, orv_i_variant_name},
    {"__variant_index", "__variant_index<T>(v: T) -> i32", 1, orv_i_variant_index},
    {"__fn_name", "__fn_name<T>(f: T) -> string", 1, orv_i_fn_name},
    {"__coerce", "__coerce<T, U>(v: T) -> U", 1, orv_i_coerce},
    {"__error_message", "__error_message(e: error) -> string", 1, orv_i_error_message},
    {"__gc_collect", "__gc_collect()", 0, orv_i_gc_collect},
    {"__gc_stat", "__gc_stat(which: i32) -> i64", 1, orv_i_gc_stat},
    {"__handle_new", "__handle_new(close_prim: i32, value: i64) -> Handle", 2, orv_i_handle_new},
    {"__handle_value", "__handle_value(h: Handle) -> i64", 1, orv_i_handle_value},
    {"__handle_close", "__handle_close(h: Handle) -> i64", 1, orv_i_handle_close},
    {"__write", "__write(fd: i32, s: string) -> i64", 2, orv_i_write},
    {"__throw", "__throw(msg: string)", 1, orv_i_throw},
    {"__argc", "__argc() -> i32", 0, orv_i_argc},
    {"__argv", "__argv(i: i32) -> string", 1, orv_i_argv},
};
#endif /* ORV_OPCODES_IMPL */

#if defined(ORV_SPAN_IMPL) && !defined(ORV_SPAN_IMPL_DONE)
#define ORV_SPAN_IMPL_DONE
/* Register span an op touches beyond its reg operands; 0 when it has none. */
static int orv_op_span(const struct OrvSpanCtx *ctx, unsigned op, long A, long B, long C, long Bx,
                       long *first, long *last) {
    (void)ctx; (void)A; (void)B; (void)C; (void)Bx;
    switch (op) {
    case OP_FORPREP_I: *first = (long)(A); *last = (long)(A+3); return 1;
    case OP_FORPREP_U: *first = (long)(A); *last = (long)(A+3); return 1;
    case OP_FORLOOP: *first = (long)(A); *last = (long)(A+3); return 1;
    case OP_NEWRANGE: *first = (long)(B); *last = (long)(B+2); return 1;
    case OP_CALL: *first = (long)(A); *last = (long)(A+B); return 1;
    case OP_CALLF: *first = (long)(A); *last = (long)(A+span_arity(ctx, Bx)); return 1;
    case OP_TAILCALL: *first = (long)(A); *last = (long)(A+B); return 1;
    case OP_TAILCALLF: *first = (long)(A); *last = (long)(A+span_arity(ctx, Bx)); return 1;
    case OP_KCALL: *first = (long)(A); *last = (long)(A+span_parity(ctx, Bx)-1); return 1;
    case OP_INTRIN: *first = (long)(A); *last = (long)(A+span_iarity(ctx, B)-1); return 1;
    case OP_NEWARRAY: *first = (long)(B); *last = (long)(B+C-1); return 1;
    case OP_SLICE: *first = (long)(C); *last = (long)(C+1); return 1;
    case OP_NEWREC: *first = (long)(A); *last = (long)(A+span_nfields(ctx, Bx)-1); return 1;
    default: return 0;
    }
}
#endif /* ORV_SPAN_IMPL */
