/* rng.c: entropy from the OS CSPRNG (getrandom, else getentropy, else /dev/urandom).
   Fails closed: any failure zeroes the requested bytes and reports EIO, never weak data. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#if defined(__linux__)
#include <sys/random.h>
#define HAVE_GETRANDOM 1
#endif

#define CHUNK 256   /* getentropy's limit; getrandom never returns short at this size */

/* Read n bytes from /dev/urandom; 0 on success, -1 otherwise. */
static int from_urandom(uint8_t *p, size_t n)
{
    int fd;
    ORK_RETRY(fd, ORK_ID_RNG_FILL, NULL, open("/dev/urandom", O_RDONLY | O_CLOEXEC));
    if (fd < 0)
        return -1;
    while (n > 0) {
        ssize_t got;
        size_t len = n;
        ORK_RETRY(got, ORK_ID_RNG_FILL, &len, read(fd, p, len));
        if (got <= 0) {
            close(fd);
            return -1;
        }
        p += got;
        n -= (size_t)got;
    }
    close(fd);
    return 0;
}

/* One chunk from the system call; -2 when the call does not exist here. */
static int from_syscall(uint8_t *p, size_t n)
{
#if defined(HAVE_GETRANDOM)
    ssize_t got;
    size_t len = n;
    ORK_RETRY(got, ORK_ID_RNG_FILL, &len, getrandom(p, len, 0));
    if (got < 0)
        return errno == ENOSYS ? -2 : -1;
    return (size_t)got == n ? 0 : -1;
#else
    (void)p;
    (void)n;
    return -2;
#endif
}

static int fill(uint8_t *p, size_t n)
{
    while (n > 0) {
        size_t step = n < CHUNK ? n : CHUNK;
        int rc = from_syscall(p, step);
        if (rc == -2)
            return from_urandom(p, n);
        if (rc != 0)
            return -1;
        p += step;
        n -= step;
    }
    return 0;
}

int64_t ork_rng_fill(uint8_t *buf, size_t buf_len, size_t len)
{
    if (len > buf_len || (buf == NULL && len > 0))
        return ork__fail(ORK_ID_RNG_FILL, ORK_EINVAL);
    if (fill(buf, len) != 0) {
        memset(buf, 0, len);
        return ork__fail(ORK_ID_RNG_FILL, ORK_EIO);
    }
    return ork__ok(ORK_ID_RNG_FILL, (int64_t)len, len);
}

/* For kernel_caps(): is there a working source at all? */
int ork__rng_available(void)
{
    uint8_t probe[1];
    return fill(probe, sizeof probe) == 0;
}
