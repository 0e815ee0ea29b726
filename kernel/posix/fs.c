/* fs.c: files: open, close, seek, stat, remove, rename, mkdir. Directories are in dir.c. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define STAT_SIZE 32   /* u64 size, i64 mtime_ns, u32 kind, u32 mode, u64 inode */
#define OPEN_FLAGS (ORK_O_READ | ORK_O_WRITE | ORK_O_CREATE | ORK_O_TRUNC | ORK_O_APPEND | ORK_O_EXCL | ORK_O_NONBLOCK)

/* ORK_O_* to host open(2) flags; -1 for a combination the ABI rejects. */
static int host_open_flags(int32_t flags)
{
    int rw = flags & (ORK_O_READ | ORK_O_WRITE);
    if ((flags & ~OPEN_FLAGS) || rw == 0)
        return -1;
    int host = rw == (ORK_O_READ | ORK_O_WRITE) ? O_RDWR : rw == ORK_O_WRITE ? O_WRONLY : O_RDONLY;
    host |= O_CLOEXEC;
    if (flags & ORK_O_CREATE) host |= O_CREAT;
    if (flags & ORK_O_TRUNC) host |= O_TRUNC;
    if (flags & ORK_O_APPEND) host |= O_APPEND;
    if (flags & ORK_O_EXCL) host |= O_EXCL;
    if (flags & ORK_O_NONBLOCK) host |= O_NONBLOCK;
    return host;
}

int32_t ork_fs_open(const uint8_t *path, size_t path_len, int32_t flags, uint32_t mode)
{
    char cpath[ORK_TEXT_MAX];
    int32_t bad = ork__text(cpath, path, path_len);
    int host = host_open_flags(flags);
    if (bad != ORK_OK || host < 0 || mode > 07777)
        return (int32_t)ork__fail(ORK_ID_FS_OPEN, bad != ORK_OK ? bad : ORK_EINVAL);
    int fd;
    ORK_RETRY(fd, ORK_ID_FS_OPEN, NULL, open(cpath, host, (mode_t)mode));
    if (fd < 0)
        return (int32_t)ork__fail_native(ORK_ID_FS_OPEN, errno);
    return (int32_t)ork__ok(ORK_ID_FS_OPEN, fd, 0);
}

/* close() is never retried: after EINTR the descriptor is already gone on Linux and
   unspecified elsewhere, and retrying could close a descriptor another thread opened. */
int ork__close(int id, int fd)
{
    /* an injected failure still closes for real: the ABI releases the descriptor anyway */
    int err = ORK_FAULT(id, NULL) ? errno : 0;
    if (close(fd) != 0 && err == 0)
        err = errno;
    if (err != 0 && err != EINTR)
        return (int)ork__fail_native(id, err);
    return (int)ork__ok(id, 0, 0);
}

int32_t ork_fs_close(int32_t fd)
{
    return ork__close(ORK_ID_FS_CLOSE, fd);
}

int64_t ork_fs_seek(int32_t fd, int64_t offset, int32_t whence)
{
    static const int host_whence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
    if (whence < ORK_SEEK_SET || whence > ORK_SEEK_END)
        return ork__fail(ORK_ID_FS_SEEK, ORK_EINVAL);
    off_t pos = ORK_FAULT(ORK_ID_FS_SEEK, NULL) ? -1 : lseek(fd, (off_t)offset, host_whence[whence]);
    if (pos < 0)
        return ork__fail_native(ORK_ID_FS_SEEK, errno);
    return ork__ok(ORK_ID_FS_SEEK, (int64_t)pos, 0);
}

uint32_t ork__kind_of_mode(unsigned mode)
{
    mode_t m = (mode_t)mode;
    if (S_ISREG(m)) return ORK_KIND_FILE;
    if (S_ISDIR(m)) return ORK_KIND_DIR;
    if (S_ISLNK(m)) return ORK_KIND_SYMLINK;
    return ORK_KIND_OTHER;
}

static void put_stat(uint8_t *out, const struct stat *st)
{
#ifdef __APPLE__
    int64_t mtime = (int64_t)st->st_mtimespec.tv_sec * 1000000000 + st->st_mtimespec.tv_nsec;
#else
    int64_t mtime = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
#endif
    ork__put_u64(out, (uint64_t)st->st_size);
    ork__put_u64(out + 8, (uint64_t)mtime);
    ork__put_u32(out + 16, ork__kind_of_mode(st->st_mode));
    ork__put_u32(out + 20, (uint32_t)(st->st_mode & 07777));
    ork__put_u64(out + 24, (uint64_t)st->st_ino);
}

int32_t ork_fs_stat(const uint8_t *path, size_t path_len, uint8_t *out, size_t out_len)
{
    char cpath[ORK_TEXT_MAX];
    int32_t bad = ork__text(cpath, path, path_len);
    if (bad == ORK_OK && (out == NULL || out_len < STAT_SIZE))
        bad = ORK_EINVAL;
    if (bad != ORK_OK)
        return (int32_t)ork__fail(ORK_ID_FS_STAT, bad);
    struct stat st;
    if (ORK_FAULT(ORK_ID_FS_STAT, NULL) || stat(cpath, &st) != 0)
        return (int32_t)ork__fail_native(ORK_ID_FS_STAT, errno);
    put_stat(out, &st);
    return (int32_t)ork__ok(ORK_ID_FS_STAT, 0, STAT_SIZE);
}

int32_t ork_fs_fstat(int32_t fd, uint8_t *out, size_t out_len)
{
    if (out == NULL || out_len < STAT_SIZE)
        return (int32_t)ork__fail(ORK_ID_FS_FSTAT, ORK_EINVAL);
    struct stat st;
    if (ORK_FAULT(ORK_ID_FS_FSTAT, NULL) || fstat(fd, &st) != 0)
        return (int32_t)ork__fail_native(ORK_ID_FS_FSTAT, errno);
    put_stat(out, &st);
    return (int32_t)ork__ok(ORK_ID_FS_FSTAT, 0, STAT_SIZE);
}

int32_t ork_fs_remove(const uint8_t *path, size_t path_len)
{
    char cpath[ORK_TEXT_MAX];
    int32_t bad = ork__text(cpath, path, path_len);
    if (bad != ORK_OK)
        return (int32_t)ork__fail(ORK_ID_FS_REMOVE, bad);
    /* remove() unlinks a file or removes an empty directory */
    if (ORK_FAULT(ORK_ID_FS_REMOVE, NULL) || remove(cpath) != 0)
        return (int32_t)ork__fail_native(ORK_ID_FS_REMOVE, errno);
    return (int32_t)ork__ok(ORK_ID_FS_REMOVE, 0, 0);
}

int32_t ork_fs_rename(const uint8_t *from, size_t from_len, const uint8_t *to, size_t to_len)
{
    char cfrom[ORK_TEXT_MAX], cto[ORK_TEXT_MAX];
    int32_t bad = ork__text(cfrom, from, from_len);
    if (bad == ORK_OK)
        bad = ork__text(cto, to, to_len);
    if (bad != ORK_OK)
        return (int32_t)ork__fail(ORK_ID_FS_RENAME, bad);
    if (ORK_FAULT(ORK_ID_FS_RENAME, NULL) || rename(cfrom, cto) != 0)
        return (int32_t)ork__fail_native(ORK_ID_FS_RENAME, errno);
    return (int32_t)ork__ok(ORK_ID_FS_RENAME, 0, 0);
}

int32_t ork_fs_mkdir(const uint8_t *path, size_t path_len, uint32_t mode)
{
    char cpath[ORK_TEXT_MAX];
    int32_t bad = ork__text(cpath, path, path_len);
    if (bad == ORK_OK && mode > 07777)
        bad = ORK_EINVAL;
    if (bad != ORK_OK)
        return (int32_t)ork__fail(ORK_ID_FS_MKDIR, bad);
    if (ORK_FAULT(ORK_ID_FS_MKDIR, NULL) || mkdir(cpath, (mode_t)mode) != 0)
        return (int32_t)ork__fail_native(ORK_ID_FS_MKDIR, errno);
    return (int32_t)ork__ok(ORK_ID_FS_MKDIR, 0, 0);
}
