/* arith.h: checked integer arithmetic for the typed opcodes (language.md 3.5). i32 is
   computed in 64 bits and range-checked; i64 uses the compiler's overflow builtins where
   they exist, portable checks otherwise. */
#ifndef ORV_ARITH_H
#define ORV_ARITH_H

#include <stdbool.h>
#include <stdint.h>

static inline bool orv_i32_fits(int64_t r)
{
    return r >= INT32_MIN && r <= INT32_MAX;
}

#if defined(__GNUC__)
#define ORV_ADD_I64(a, b, r) __builtin_add_overflow(a, b, r)
#define ORV_SUB_I64(a, b, r) __builtin_sub_overflow(a, b, r)
#define ORV_MUL_I64(a, b, r) __builtin_mul_overflow(a, b, r)
#else
static inline bool orv_add_i64(int64_t a, int64_t b, int64_t *r)
{
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return true;
    *r = a + b;
    return false;
}
static inline bool orv_sub_i64(int64_t a, int64_t b, int64_t *r)
{
    if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
        return true;
    *r = a - b;
    return false;
}
static inline bool orv_mul_i64(int64_t a, int64_t b, int64_t *r)
{
    if (a != 0 && b != 0) {
        if ((a == -1 && b == INT64_MIN) || (b == -1 && a == INT64_MIN))
            return true;
        if (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
                  : (b > 0 ? a < INT64_MIN / b : a < INT64_MAX / b))
            return true;
    }
    *r = a * b;
    return false;
}
#define ORV_ADD_I64(a, b, r) orv_add_i64(a, b, r)
#define ORV_SUB_I64(a, b, r) orv_sub_i64(a, b, r)
#define ORV_MUL_I64(a, b, r) orv_mul_i64(a, b, r)
#endif

/* Arithmetic right shift without relying on implementation-defined >> of negatives. */
static inline int64_t orv_sar(int64_t x, unsigned k)
{
    return x < 0 ? ~(~x >> k) : x >> k;
}

#endif /* ORV_ARITH_H */
