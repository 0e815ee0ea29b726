/* env.c: read-only access to the process environment. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

extern char **environ;

int64_t ork_env_get(const uint8_t *name, size_t name_len, uint8_t *out, size_t out_len)
{
    char cname[ORK_TEXT_MAX];
    int32_t bad = ork__text(cname, name, name_len);
    if (bad == ORK_OK && (name_len == 0 || strchr(cname, '=') != NULL))
        bad = ORK_EINVAL;   /* such a name can never be set, so asking is a caller bug */
    if (bad != ORK_OK)
        return ork__fail(ORK_ID_ENV_GET, bad);
    errno = ENOENT;
    const char *value = ORK_FAULT(ORK_ID_ENV_GET, NULL) ? NULL : getenv(cname);
    if (value == NULL)
        return ork__fail_native(ORK_ID_ENV_GET, errno);
    size_t len = strlen(value);
    return ork__ok(ORK_ID_ENV_GET, ork__copy_out(out, out_len, value, len), len < out_len ? len : out_len);
}

int64_t ork_env_iter(int64_t index, uint8_t *out, size_t out_len)
{
    if (index < 0)
        return ork__fail(ORK_ID_ENV_ITER, ORK_EINVAL);
    for (int64_t i = 0; environ != NULL && environ[i] != NULL; i++) {
        if (i == index) {
            size_t len = strlen(environ[i]);
            return ork__ok(ORK_ID_ENV_ITER, ork__copy_out(out, out_len, environ[i], len),
                           len < out_len ? len : out_len);
        }
    }
    return ork__ok(ORK_ID_ENV_ITER, 0, 0);
}
