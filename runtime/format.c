/* format.c: number formatting the prelude builds print and `as string` on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include <stdint.h>

size_t orv_fmt_int(char *buf, OrvValue v, int base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[ORV_FMT_INT_MAX];
    size_t n = 0;
    bool neg = false;
    uint64_t u = v.as.u;
    if (base == 10 && orv_tag_is_signed(v.tag) && v.as.i < 0) {
        neg = true;
        u = 0 - (uint64_t)v.as.i;
    } else if (base != 10 && orv_tag_bits(v.tag) < 64) {
        u &= ((uint64_t)1 << orv_tag_bits(v.tag)) - 1;    /* two's complement of the width */
    }
    if (base != 2 && base != 8 && base != 16)
        base = 10;
    do {
        tmp[n++] = digits[u % (unsigned)base];
        u /= (unsigned)base;
    } while (u != 0);
    size_t len = 0;
    if (neg)
        buf[len++] = '-';
    while (n > 0)
        buf[len++] = tmp[--n];
    buf[len] = 0;
    return len;
}

/* Does s x 10^e read back as v? */
static bool reads_back(uint64_t s, int e, double v)
{
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%llue%d", (unsigned long long)s, e);
    return strtod(tmp, NULL) == v;
}

/* Shortest decimal digits that read back as v (language.md 12.3 step 4): for each k from
   1, the correctly rounded k-digit value, else its neighbours (when v lies exactly between
   two k-digit values, rounding to even may pick the one that does not read back). */
static int shortest_digits(double v, char *digits, int *exp10)
{
    char tmp[40];
    uint64_t s = 0;
    int e = 0;
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        char *p = tmp;
        s = 0;
        for (; *p && *p != 'e'; p++)
            if (*p >= '0' && *p <= '9')
                s = s * 10 + (uint64_t)(*p - '0');
        e = atoi(p + 1) - (prec - 1);       /* v ~ s x 10^e */
        if (reads_back(s, e, v))
            break;
        if (reads_back(s + 1, e, v)) {
            s++;
            break;
        }
        if (s > 1 && reads_back(s - 1, e, v)) {
            s--;
            break;
        }
    }
    int k = snprintf(digits, 24, "%llu", (unsigned long long)s);
    *exp10 = e + k - 1;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = 0;
    return k;
}

static size_t put(char *buf, size_t at, const char *s, size_t n)
{
    memcpy(buf + at, s, n);
    return at + n;
}

size_t orv_fmt_f64(char *buf, double v)
{
    if (isnan(v))
        return (size_t)snprintf(buf, ORV_FMT_F64_MAX, "nan");
    if (isinf(v))
        return (size_t)snprintf(buf, ORV_FMT_F64_MAX, v < 0 ? "-inf" : "inf");
    if (v == 0)
        return (size_t)snprintf(buf, ORV_FMT_F64_MAX, "0");
    size_t at = 0;
    if (v < 0) {
        buf[at++] = '-';
        v = -v;
    }
    char d[24];
    int e, k = shortest_digits(v, d, &e), n = e + 1;
    if (k <= n && n <= 21) {                       /* digits then zeros */
        at = put(buf, at, d, (size_t)k);
        for (int z = 0; z < n - k; z++)
            buf[at++] = '0';
    } else if (0 < n && n <= 21) {                 /* point inside the digits */
        at = put(buf, at, d, (size_t)n);
        buf[at++] = '.';
        at = put(buf, at, d + n, (size_t)(k - n));
    } else if (-6 < n && n <= 0) {                 /* 0.000ddd */
        at = put(buf, at, "0.", 2);
        for (int z = 0; z < -n; z++)
            buf[at++] = '0';
        at = put(buf, at, d, (size_t)k);
    } else {                                       /* exponent form */
        buf[at++] = d[0];
        if (k > 1) {
            buf[at++] = '.';
            at = put(buf, at, d + 1, (size_t)(k - 1));
        }
        at += (size_t)snprintf(buf + at, 8, "e%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    }
    buf[at] = 0;
    return at;
}

size_t orv_fmt_fixed(char *buf, size_t cap, double v, int digits)
{
    if (isnan(v))
        return (size_t)snprintf(buf, cap, "nan");
    if (isinf(v))
        return (size_t)snprintf(buf, cap, v < 0 ? "-inf" : "inf");
    if (digits < 0)
        digits = 0;
    if (digits > 99)
        digits = 99;
    int n = snprintf(buf, cap, "%.*f", digits, v);
    return n < 0 ? 0 : ((size_t)n < cap ? (size_t)n : cap - 1);
}

double orv_parse_f64(const char *s, size_t len)
{
    char *end;
    if (len == 0 || strlen(s) != len)
        return NAN;
    double v = strtod(s, &end);
    return end == s + len ? v : NAN;
}
