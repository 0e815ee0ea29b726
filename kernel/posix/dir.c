/* dir.c: directory iteration. A handle wraps DIR* with one pending entry, so an entry
   that did not fit the caller's buffer (ERANGE) is returned again by the next call. */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#define NAME_CAP 256   /* NAME_MAX + 1 on every POSIX system we target */

typedef struct OrkDir {
    DIR *dir;
    bool pending;
    uint8_t kind;
    size_t len;
    char name[NAME_CAP];
} OrkDir;

void *ork_fs_dir_open(const uint8_t *path, size_t path_len)
{
    char cpath[ORK_TEXT_MAX];
    int32_t bad = ork__text(cpath, path, path_len);
    if (bad != ORK_OK)
        return ork__fail_ptr(ORK_ID_FS_DIR_OPEN, bad);
    OrkDir *d = ork__malloc(sizeof *d);
    if (d == NULL)
        return ork__fail_ptr(ORK_ID_FS_DIR_OPEN, ORK_ENOMEM);
    d->dir = ORK_FAULT(ORK_ID_FS_DIR_OPEN, NULL) ? NULL : opendir(cpath);
    if (d->dir == NULL) {
        int err = errno;
        free(d);
        return ork__fail_ptr(ORK_ID_FS_DIR_OPEN, ork__from_native(err));
    }
    d->pending = false;
    return ork__ok_ptr(ORK_ID_FS_DIR_OPEN, d, 0);
}

/* d_type is a common extension; without it (or DT_UNKNOWN) ask lstat-like fstatat. */
static uint8_t entry_kind(DIR *dir, const struct dirent *e)
{
#ifdef DT_DIR
    switch (e->d_type) {
    case DT_REG: return ORK_KIND_FILE;
    case DT_DIR: return ORK_KIND_DIR;
    case DT_LNK: return ORK_KIND_SYMLINK;
    case DT_UNKNOWN: break;
    default: return ORK_KIND_OTHER;
    }
#endif
    struct stat st;
    if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return ORK_KIND_UNKNOWN;
    return (uint8_t)ork__kind_of_mode(st.st_mode);
}

static bool is_dot(const char *name)
{
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

/* Fill d's pending entry; returns 1, 0 at the end, or -1 with errno set. */
static int fetch(OrkDir *d)
{
    for (;;) {
        if (ORK_FAULT(ORK_ID_FS_DIR_NEXT, NULL))
            return -1;
        errno = 0;   /* readdir reports an error only through errno */
        struct dirent *e = readdir(d->dir);
        if (e == NULL)
            return errno == 0 ? 0 : -1;
        if (is_dot(e->d_name))
            continue;
        d->len = strlen(e->d_name);
        if (d->len >= NAME_CAP)
            continue;
        memcpy(d->name, e->d_name, d->len);
        d->kind = entry_kind(d->dir, e);
        d->pending = true;
        return 1;
    }
}

int64_t ork_fs_dir_next(void *dir, uint8_t *out, size_t out_len)
{
    OrkDir *d = dir;
    if (d == NULL)
        return ork__fail(ORK_ID_FS_DIR_NEXT, ORK_EBADF);
    if (out == NULL)
        return ork__fail(ORK_ID_FS_DIR_NEXT, ORK_EINVAL);
    if (!d->pending) {
        int got = fetch(d);
        if (got < 0)
            return ork__fail_native(ORK_ID_FS_DIR_NEXT, errno);
        if (got == 0)
            return ork__ok(ORK_ID_FS_DIR_NEXT, 0, 0);
    }
    if (out_len < d->len + 1)
        return ork__fail(ORK_ID_FS_DIR_NEXT, ORK_ERANGE);
    out[0] = d->kind;
    memcpy(out + 1, d->name, d->len);
    d->pending = false;
    return ork__ok(ORK_ID_FS_DIR_NEXT, (int64_t)d->len + 1, d->len + 1);
}

int32_t ork_fs_dir_close(void *dir)
{
    OrkDir *d = dir;
    if (d == NULL)
        return (int32_t)ork__fail(ORK_ID_FS_DIR_CLOSE, ORK_EBADF);
    /* the stream is released even when the call reports a failure (real or injected) */
    int err = ORK_FAULT(ORK_ID_FS_DIR_CLOSE, NULL) ? errno : 0;
    if (closedir(d->dir) != 0 && err == 0)
        err = errno;
    free(d);
    if (err != 0)
        return (int32_t)ork__fail_native(ORK_ID_FS_DIR_CLOSE, err);
    return (int32_t)ork__ok(ORK_ID_FS_DIR_CLOSE, 0, 0);
}
