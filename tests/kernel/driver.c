/* driver.c: a C program that calls every kernel primitive through ork_prims[] (the path
   the VM's kernel-call instruction takes) plus fault-injected error paths, so the kernel
   can be checked under valgrind (`doit kernel_valgrind`) and ASan/UBSan (`doit kernel_sanitize`).
   Exit status 0 when every check holds; each failed check prints its line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ork_fault.h"
#include "ork_kernel.h"

static int failures;

#define CHECK(cond) \
    do { if (!(cond)) { fprintf(stderr, "driver.c:%d: check failed: %s (errno %s)\n", __LINE__, #cond, \
                                ork_error_names[ork_kernel_errno()]); failures++; } } while (0)

static OrkArg call(int id, const OrkArg *args)
{
    OrkArg r;
    r.i = 0;
    ork_prims[id].thunk(args, &r);
    return r;
}

static OrkArg I(int64_t v) { OrkArg a; a.i = v; return a; }
static OrkArg U(uint64_t v) { OrkArg a; a.u = v; return a; }
static OrkArg P(void *p) { OrkArg a; a.p = p; return a; }
static OrkArg B(void *p, size_t n) { OrkArg a; a.buf.ptr = p; a.buf.len = n; return a; }
static OrkArg S(const char *s) { return B((uint8_t *)(uintptr_t)s, strlen(s)); }

#define CALL(id, ...) call(id, (const OrkArg[]){__VA_ARGS__})
#define CALL0(id) call(id, NULL)

static void table_is_complete(void)
{
    for (int id = 0; id < ORK_NPRIMS; id++)
        CHECK(ork_prims[id].name != NULL && ork_prims[id].thunk != NULL && ork_prims[id].nparams <= 8);
}

static void memory(void)
{
    uint8_t *p = CALL(ORK_ID_MEM_ALLOC, U(100), U(64)).p;
    CHECK(p != NULL && (uintptr_t)p % 64 == 0);
    memset(p, 7, 100);
    p = CALL(ORK_ID_MEM_REALLOC, P(p), U(100), U(5000), U(64)).p;
    CHECK(p != NULL && p[99] == 7);
    CHECK(CALL(ORK_ID_MEM_ZERO, P(p), U(5000)).i == 0 && p[99] == 0);
    CALL(ORK_ID_MEM_FREE, P(p), U(5000), U(64));
    CHECK(CALL(ORK_ID_MEM_ALLOC, U(0), U(8)).p == NULL && ork_kernel_errno() == ORK_EINVAL);
}

static void streams(void)
{
    uint8_t fds[8], buf[32];
    CHECK(CALL(ORK_ID_IO_PIPE, B(fds, 8)).i == 0);
    int r = fds[0] | fds[1] << 8, w = fds[4] | fds[5] << 8;
    CHECK(CALL(ORK_ID_IO_WRITE, I(w), S("hello"), U(5)).i == 5);
    CHECK(CALL(ORK_ID_IO_POLL, I(r), I(ORK_POLL_IN), I(1000)).i == ORK_POLL_IN);
    CHECK(CALL(ORK_ID_IO_READ, I(r), B(buf, sizeof buf), U(sizeof buf)).i == 5 && memcmp(buf, "hello", 5) == 0);
    CHECK(CALL(ORK_ID_IO_READ, I(r), B(buf, 4), U(5)).i == -1 && ork_kernel_errno() == ORK_EINVAL);
    CHECK(CALL(ORK_ID_TRACE_EMIT, I(w)).i > 0);
    uint8_t counters[24];
    CHECK(CALL(ORK_ID_TRACE_QUERY, I(ORK_ID_IO_WRITE), B(counters, 24)).i == 0 && counters[0] >= 1);
    CHECK(CALL(ORK_ID_FS_CLOSE, I(r)).i == 0 && CALL(ORK_ID_FS_CLOSE, I(w)).i == 0);
}

static void files(const char *dir)
{
    char path[512], other[512];
    uint8_t st[32], entry[300];
    snprintf(path, sizeof path, "%s/file", dir);
    snprintf(other, sizeof other, "%s/renamed", dir);
    int fd = (int)CALL(ORK_ID_FS_OPEN, S(path), I(ORK_O_READ | ORK_O_WRITE | ORK_O_CREATE), U(0600)).i;
    CHECK(fd >= 0);
    CHECK(CALL(ORK_ID_IO_WRITE, I(fd), S("0123456789"), U(10)).i == 10);
    CHECK(CALL(ORK_ID_FS_SEEK, I(fd), I(-4), I(ORK_SEEK_END)).i == 6);
    CHECK(CALL(ORK_ID_FS_FSTAT, I(fd), B(st, 32)).i == 0 && st[0] == 10);
    CHECK(CALL(ORK_ID_FS_CLOSE, I(fd)).i == 0);
    CHECK(CALL(ORK_ID_FS_STAT, S(path), B(st, 32)).i == 0 && st[16] == ORK_KIND_FILE);
    CHECK(CALL(ORK_ID_FS_RENAME, S(path), S(other)).i == 0);
    snprintf(path, sizeof path, "%s/sub", dir);
    CHECK(CALL(ORK_ID_FS_MKDIR, S(path), U(0700)).i == 0);
    void *d = CALL(ORK_ID_FS_DIR_OPEN, S(dir)).p;
    CHECK(d != NULL);
    int seen = 0;
    while (CALL(ORK_ID_FS_DIR_NEXT, P(d), B(entry, sizeof entry)).i > 0)
        seen++;
    CHECK(seen == 2 && CALL(ORK_ID_FS_DIR_CLOSE, P(d)).i == 0);
    CHECK(CALL(ORK_ID_FS_REMOVE, S(path)).i == 0 && CALL(ORK_ID_FS_REMOVE, S(other)).i == 0);
}

static void system_services(void)
{
    uint8_t buf[4096];
    CHECK(CALL(ORK_ID_RNG_FILL, B(buf, 1000), U(1000)).i == 1000);
    int64_t t0 = CALL0(ORK_ID_TIME_MONOTONIC).i;
    CHECK(CALL0(ORK_ID_TIME_MONOTONIC).i >= t0 && CALL0(ORK_ID_TIME_UTC).i > 0);
    CHECK(CALL(ORK_ID_ENV_GET, S("PATH"), B(buf, sizeof buf)).i > 0);
    CHECK(CALL(ORK_ID_ENV_ITER, I(0), B(buf, sizeof buf)).i > 0);
    for (int key = ORK_SYS_OS; key <= ORK_SYS_ABI; key++)
        CHECK(CALL(ORK_ID_SYS_INFO, I(key), B(buf, sizeof buf)).i > 0);
    CHECK((CALL0(ORK_ID_KERNEL_CAPS).u & ORK_CAP_FAULT) != 0);
    static const char argv[] = "sh\0-c\0exit 3\0";
    int64_t pid = CALL(ORK_ID_PROC_SPAWN, B((uint8_t *)(uintptr_t)argv, sizeof argv - 1), S(""), I(0),
                       I(-1), I(-1), I(-1)).i;
    CHECK(pid > 0 && CALL(ORK_ID_PROC_WAIT, I(pid), I(0)).i == 3);
}

static void network(void)
{
    int server = (int)CALL(ORK_ID_NET_SOCKET, I(ORK_NET_IPV4), I(ORK_NET_STREAM), I(0)).i;
    int port = (int)CALL(ORK_ID_NET_BIND, I(server), S("127.0.0.1"), I(0)).i;
    CHECK(server >= 0 && port > 0 && CALL(ORK_ID_NET_LISTEN, I(server), I(1)).i == 0);
    int client = (int)CALL(ORK_ID_NET_SOCKET, I(ORK_NET_IPV4), I(ORK_NET_STREAM), I(0)).i;
    CHECK(CALL(ORK_ID_NET_CONNECT, I(client), S("127.0.0.1"), I(port)).i == 0);
    uint8_t peer[64], buf[8];
    int conn = (int)CALL(ORK_ID_NET_ACCEPT, I(server), B(peer, sizeof peer)).i;
    CHECK(conn >= 0 && peer[2] == 9 && memcmp(peer + 3, "127.0.0.1", 9) == 0);
    CHECK(CALL(ORK_ID_IO_WRITE, I(client), S("ping"), U(4)).i == 4);
    CHECK(CALL(ORK_ID_IO_READ, I(conn), B(buf, sizeof buf), U(sizeof buf)).i == 4);
    CHECK(CALL(ORK_ID_NET_CLOSE, I(conn)).i == 0 && CALL(ORK_ID_NET_CLOSE, I(client)).i == 0);
    CHECK(CALL(ORK_ID_NET_CLOSE, I(server)).i == 0);
}

/* Error paths that release resources: nothing may leak when they fail. */
static void fault_paths(const char *dir)
{
    uint8_t buf[600];
    ork_fault_reset();
    ork_fault_alloc(0, -1);
    CHECK(CALL(ORK_ID_FS_DIR_OPEN, S(dir)).p == NULL && ork_kernel_errno() == ORK_ENOMEM);
    static const char argv[] = "true\0";
    CHECK(CALL(ORK_ID_PROC_SPAWN, B((uint8_t *)(uintptr_t)argv, 5), S(""), I(0), I(-1), I(-1), I(-1)).i == -1);
    ork_fault_reset();
    void *d = CALL(ORK_ID_FS_DIR_OPEN, S(dir)).p;
    ork_fault_arm(ORK_ID_FS_DIR_CLOSE, 1, ORK_FAULT_ERROR, ORK_EIO);
    CHECK(CALL(ORK_ID_FS_DIR_CLOSE, P(d)).i == -1 && ork_kernel_errno() == ORK_EIO);
    ork_fault_arm(ORK_ID_RNG_FILL, 2, ORK_FAULT_ERROR, ORK_EIO);
    CHECK(CALL(ORK_ID_RNG_FILL, B(buf, sizeof buf), U(sizeof buf)).i == -1 && buf[0] == 0 && buf[599] == 0);
    int fd = (int)CALL(ORK_ID_NET_SOCKET, I(ORK_NET_IPV4), I(ORK_NET_STREAM), I(0)).i;
    ork_fault_arm(ORK_ID_NET_CLOSE, 1, ORK_FAULT_ERROR, ORK_EIO);
    CHECK(CALL(ORK_ID_NET_CLOSE, I(fd)).i == -1 && close(fd) == -1);   /* released anyway */
    uint8_t *p = CALL(ORK_ID_MEM_ALLOC, U(8), U(256)).p;
    ork_fault_alloc(0, 1);
    CHECK(CALL(ORK_ID_MEM_REALLOC, P(p), U(8), U(4096), U(256)).p == NULL);
    CALL(ORK_ID_MEM_FREE, P(p), U(8), U(256));
    ork_fault_reset();
}

int main(void)
{
    char dir[] = "/tmp/orus-driver-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return 2;
    table_is_complete();
    memory();
    streams();
    files(dir);
    system_services();
    network();
    fault_paths(dir);
    rmdir(dir);
    if (failures == 0)
        printf("kernel driver: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
