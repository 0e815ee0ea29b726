/* text.c: conversions between ABI buffers and C text, and little-endian layouts. */
#include <string.h>

#include "internal.h"

int32_t ork__text(char *out, const uint8_t *s, size_t len)
{
    if (s == NULL && len > 0)
        return ORK_EINVAL;
    if (len >= ORK_TEXT_MAX)
        return ORK_ENAMETOOLONG;
    /* an embedded NUL would silently cut a path or name short */
    if (len > 0 && memchr(s, 0, len) != NULL)
        return ORK_EINVAL;
    if (len > 0)
        memcpy(out, s, len);
    out[len] = '\0';
    return ORK_OK;
}

void ork__put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void ork__put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void ork__put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

int64_t ork__copy_out(uint8_t *out, size_t cap, const char *text, size_t len)
{
    if (out != NULL && cap > 0)
        memcpy(out, text, len < cap ? len : cap);
    return (int64_t)len;
}
