/* format.h: raw number formatting and parsing for the prelude (language.md 12.3, 12.5). */
#ifndef ORV_FORMAT_H
#define ORV_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "value.h"

#define ORV_FMT_INT_MAX 72      /* 64 binary digits, sign, NUL */
#define ORV_FMT_F64_MAX 32

/* Integer `v` (any integer tag) in base 10, 16, 2 or 8; other bases than 10 write
   negative values as the two's complement of the value's width. Returns the length. */
size_t orv_fmt_int(char *buf, OrvValue v, int base, bool upper);
/* Shortest round-trip text laid out as language.md 12.3 says. */
size_t orv_fmt_f64(char *buf, double v);
/* printf("%.Nf") with nan/inf spelled as the spec does; needs cap >= 420. */
size_t orv_fmt_fixed(char *buf, size_t cap, double v, int digits);
/* strtod over the whole text; nan when some of it does not parse. */
double orv_parse_f64(const char *s, size_t len);

#endif /* ORV_FORMAT_H */
