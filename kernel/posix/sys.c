/* sys.c: platform facts as text (sys_info) and the runtime capability bits (kernel_caps). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "internal.h"

int ork__rng_available(void);

static const char *arch_name(void)
{
#if defined(__x86_64__)
    return "x86_64";
#elif defined(__aarch64__)
    return "aarch64";
#elif defined(__i386__)
    return "x86";
#elif defined(__arm__)
    return "arm";
#elif defined(__riscv)
    return "riscv64";
#else
    return "unknown";
#endif
}

static const char *os_name(void)
{
#if defined(__linux__)
    return "linux";
#elif defined(__APPLE__)
    return "macos";
#elif defined(__FreeBSD__)
    return "freebsd";
#else
    return "posix";
#endif
}

/* Write the value of key into text (ORK_TEXT_MAX bytes); returns 0, or an errno. */
static int lookup(int32_t key, char *text)
{
    const char *tmp;
    switch (key) {
    case ORK_SYS_OS: strcpy(text, os_name()); return 0;
    case ORK_SYS_ARCH: strcpy(text, arch_name()); return 0;
    case ORK_SYS_PORT: strcpy(text, "posix"); return 0;
    case ORK_SYS_HOSTNAME:
        text[ORK_TEXT_MAX - 1] = '\0';
        return gethostname(text, ORK_TEXT_MAX - 1) == 0 ? 0 : errno;
    case ORK_SYS_NCPU: snprintf(text, ORK_TEXT_MAX, "%ld", sysconf(_SC_NPROCESSORS_ONLN)); return 0;
    case ORK_SYS_PAGE_SIZE: snprintf(text, ORK_TEXT_MAX, "%ld", sysconf(_SC_PAGESIZE)); return 0;
    case ORK_SYS_CWD: return getcwd(text, ORK_TEXT_MAX) != NULL ? 0 : errno;
    case ORK_SYS_TMPDIR:
        tmp = getenv("TMPDIR");
        snprintf(text, ORK_TEXT_MAX, "%s", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
        return 0;
    case ORK_SYS_PID: snprintf(text, ORK_TEXT_MAX, "%ld", (long)getpid()); return 0;
    case ORK_SYS_ABI: snprintf(text, ORK_TEXT_MAX, "%d", ORK_ABI_VERSION); return 0;
    default: return EINVAL;
    }
}

int64_t ork_sys_info(int32_t key, uint8_t *out, size_t out_len)
{
    char text[ORK_TEXT_MAX];
    if (key < ORK_SYS_OS || key > ORK_SYS_ABI || (out == NULL && out_len > 0))
        return ork__fail(ORK_ID_SYS_INFO, ORK_EINVAL);
    int err = ORK_FAULT(ORK_ID_SYS_INFO, NULL) ? errno : lookup(key, text);
    if (err != 0)   /* any host failure means the fact is unavailable here */
        return ork__fail(ORK_ID_SYS_INFO, err == EINVAL ? ORK_EINVAL : ORK_EIO);
    size_t len = strlen(text);
    return ork__ok(ORK_ID_SYS_INFO, ork__copy_out(out, out_len, text, len), len < out_len ? len : out_len);
}

static int can_open_socket(int family, int type)
{
    int fd = socket(family, type, 0);
    if (fd < 0)
        return 0;
    close(fd);
    return 1;
}

uint64_t ork_kernel_caps(void)
{
    uint64_t caps = ORK_CAP_IO_NONBLOCK | ORK_CAP_FS | ORK_CAP_FS_DIR | ORK_CAP_PROC_SPAWN
                  | ORK_CAP_ENV | ORK_CAP_TRACE;
    if (ork__rng_available())
        caps |= ORK_CAP_RNG_CSPRNG;
    if (can_open_socket(AF_INET, SOCK_STREAM))
        caps |= ORK_CAP_NET_TCP;
    if (can_open_socket(AF_INET, SOCK_DGRAM))
        caps |= ORK_CAP_NET_UDP;
    if (can_open_socket(AF_UNIX, SOCK_STREAM))
        caps |= ORK_CAP_NET_UNIX;
    if (can_open_socket(AF_INET6, SOCK_STREAM))
        caps |= ORK_CAP_NET_IPV6;
#ifdef ORUS_FAULT_INJECTION
    caps |= ORK_CAP_FAULT;
#endif
    return (uint64_t)ork__ok(ORK_ID_KERNEL_CAPS, (int64_t)caps, 0);
}
