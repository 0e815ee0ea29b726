/* io.c: byte streams on any descriptor (files, pipes, sockets) and readiness waits.
   EINTR policy: an interrupted call is retried here, so EINTR never reaches Orus code;
   one primitive call makes one transfer, which may be short (the prelude loops). */
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* A length beyond the buffer would let Orus code read or write outside it. */
static int bad_buffer(const uint8_t *buf, size_t buf_len, size_t len)
{
    return len > buf_len || (buf == NULL && len > 0);
}

/* One transfer in either direction: both primitives share checks, retry and counting. */
static int64_t transfer(int id, int32_t fd, uint8_t *buf, size_t buf_len, size_t len, bool writing)
{
    if (bad_buffer(buf, buf_len, len))
        return ork__fail(id, ORK_EINVAL);
    ssize_t n;
    ORK_RETRY(n, id, &len, writing ? write(fd, buf, len) : read(fd, buf, len));
    if (n < 0)
        return ork__fail_native(id, errno);
    return ork__ok(id, n, (uint64_t)n);
}

int64_t ork_io_write(int32_t fd, uint8_t *buf, size_t buf_len, size_t len)
{
    return transfer(ORK_ID_IO_WRITE, fd, buf, buf_len, len, true);
}

int64_t ork_io_read(int32_t fd, uint8_t *buf, size_t buf_len, size_t len)
{
    return transfer(ORK_ID_IO_READ, fd, buf, buf_len, len, false);
}

int ork__cloexec(int fd)
{
    int flags = fcntl(fd, F_GETFD);
    return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

int32_t ork_io_pipe(uint8_t *out, size_t out_len)
{
    if (out == NULL || out_len < 8)
        return (int32_t)ork__fail(ORK_ID_IO_PIPE, ORK_EINVAL);
    int fds[2];
    if (ORK_FAULT(ORK_ID_IO_PIPE, NULL) || pipe(fds) != 0)
        return (int32_t)ork__fail_native(ORK_ID_IO_PIPE, errno);
    /* children get only the descriptors proc_spawn hands them */
    ork__cloexec(fds[0]);
    ork__cloexec(fds[1]);
    ork__put_u32(out, (uint32_t)fds[0]);
    ork__put_u32(out + 4, (uint32_t)fds[1]);
    return (int32_t)ork__ok(ORK_ID_IO_PIPE, 0, 0);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int32_t ready_mask(short revents)
{
    return ((revents & POLLIN) ? ORK_POLL_IN : 0) | ((revents & POLLOUT) ? ORK_POLL_OUT : 0)
         | ((revents & POLLHUP) ? ORK_POLL_HUP : 0) | ((revents & POLLERR) ? ORK_POLL_ERR : 0);
}

int32_t ork_io_poll(int32_t fd, int32_t events, int32_t timeout_ms)
{
    if (events & ~(ORK_POLL_IN | ORK_POLL_OUT) || timeout_ms < -1)
        return (int32_t)ork__fail(ORK_ID_IO_POLL, ORK_EINVAL);
    struct pollfd p = {fd, (short)(((events & ORK_POLL_IN) ? POLLIN : 0) | ((events & ORK_POLL_OUT) ? POLLOUT : 0)), 0};
    int64_t deadline = now_ms() + timeout_ms;
    int n, wait = timeout_ms;
    for (;;) {
        n = ORK_FAULT(ORK_ID_IO_POLL, NULL) ? -1 : poll(&p, 1, wait);
        if (n >= 0 || errno != EINTR)
            break;
        /* retry an interrupted wait with what is left of the timeout */
        if (timeout_ms >= 0) {
            int64_t left = deadline - now_ms();
            wait = left > 0 ? (int)left : 0;
        }
    }
    if (n < 0)
        return (int32_t)ork__fail_native(ORK_ID_IO_POLL, errno);
    if (n > 0 && (p.revents & POLLNVAL))
        return (int32_t)ork__fail(ORK_ID_IO_POLL, ORK_EBADF);
    return (int32_t)ork__ok(ORK_ID_IO_POLL, n == 0 ? 0 : ready_mask(p.revents), 0);
}
