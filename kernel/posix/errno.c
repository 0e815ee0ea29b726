/* errno.c: the per-thread error code and its mapping from host errno values. */
#include "internal.h"

static _Thread_local int32_t last_error = ORK_OK;

/* Host errno values with a portable ORK_E* equivalent; anything else is ORK_EOTHER. */
static const struct { int32_t code; int native; } errno_map[] = {
    {ORK_EPERM, EPERM}, {ORK_ENOENT, ENOENT}, {ORK_EINTR, EINTR}, {ORK_EIO, EIO},
    {ORK_EBADF, EBADF}, {ORK_ENOMEM, ENOMEM}, {ORK_EACCES, EACCES}, {ORK_EEXIST, EEXIST},
    {ORK_ENOTDIR, ENOTDIR}, {ORK_EISDIR, EISDIR}, {ORK_EINVAL, EINVAL}, {ORK_EMFILE, EMFILE},
    {ORK_ENOSPC, ENOSPC}, {ORK_ESPIPE, ESPIPE}, {ORK_EPIPE, EPIPE}, {ORK_EAGAIN, EAGAIN},
    {ORK_EAGAIN, EWOULDBLOCK}, {ORK_ERANGE, ERANGE}, {ORK_ENAMETOOLONG, ENAMETOOLONG},
    {ORK_ENOTEMPTY, ENOTEMPTY}, {ORK_ENOTSUP, ENOTSUP}, {ORK_ENOTSUP, EOPNOTSUPP},
    {ORK_ENOTSUP, EPROTONOSUPPORT}, {ORK_EADDRINUSE, EADDRINUSE},
    {ORK_EADDRNOTAVAIL, EADDRNOTAVAIL}, {ORK_ECONNREFUSED, ECONNREFUSED},
    {ORK_ECONNRESET, ECONNRESET}, {ORK_ENOTCONN, ENOTCONN}, {ORK_ETIMEDOUT, ETIMEDOUT},
    {ORK_EHOSTUNREACH, EHOSTUNREACH}, {ORK_ENETUNREACH, ENETUNREACH},
    {ORK_EINPROGRESS, EINPROGRESS}, {ORK_ECHILD, ECHILD}, {ORK_EXDEV, EXDEV},
    {ORK_EBUSY, EBUSY}, {ORK_ELOOP, ELOOP}, {ORK_EROFS, EROFS}, {ORK_EFBIG, EFBIG},
    {ORK_ENFILE, ENFILE}, {ORK_EAFNOSUPPORT, EAFNOSUPPORT}, {ORK_ENOTSOCK, ENOTSOCK},
    {ORK_EISCONN, EISCONN}, {ORK_EMSGSIZE, EMSGSIZE}, {ORK_ENOEXEC, ENOEXEC},
};
#define NMAP (sizeof errno_map / sizeof errno_map[0])

int32_t ork__from_native(int native)
{
    for (size_t i = 0; i < NMAP; i++)
        if (errno_map[i].native == native)
            return errno_map[i].code;
    return ORK_EOTHER;
}

/* The first host value listed for a code (used by fault injection to fake a host error). */
int ork__to_native(int32_t code)
{
    for (size_t i = 0; i < NMAP; i++)
        if (errno_map[i].code == code)
            return errno_map[i].native;
    return 0;
}

void ork__set_errno(int32_t code)
{
    last_error = code;
}

int32_t ork_kernel_errno(void)
{
    ork__count(ORK_ID_KERNEL_ERRNO, 0, 0);
    return last_error;
}

int64_t ork__ok(int id, int64_t result, uint64_t nbytes)
{
    ork__count(id, 0, nbytes);
    return result;
}

int64_t ork__fail(int id, int32_t code)
{
    last_error = code;
    ork__count(id, 1, 0);
    return -1;
}

int64_t ork__fail_native(int id, int native)
{
    return ork__fail(id, ork__from_native(native));
}

void *ork__ok_ptr(int id, void *p, uint64_t nbytes)
{
    ork__count(id, 0, nbytes);
    return p;
}

void *ork__fail_ptr(int id, int32_t code)
{
    ork__fail(id, code);
    return NULL;
}
