/* generated from kernel.idl by `doit kernel_stubs`; do not edit */
/* ork_kernel.h: the Orus kernel ABI v1; docs/kernel_abi.md explains every item. */
#ifndef ORK_KERNEL_H
#define ORK_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ORUS_KERNEL_v1 1
#define ORK_ABI_VERSION 1
#define ORK_NPRIMS 38
#define ORK_NERRORS 43

/* Platform-neutral error codes, read with ork_kernel_errno() after a failure. */
#define ORK_OK 0 /* no error: kernel_errno() before any failure on this thread */
#define ORK_EPERM 1 /* operation not permitted */
#define ORK_ENOENT 2 /* no such file, directory, variable or entry */
#define ORK_EINTR 3 /* interrupted (never returned by the POSIX port: it retries) */
#define ORK_EIO 4 /* input/output error, or entropy source unavailable */
#define ORK_EBADF 5 /* bad descriptor or handle */
#define ORK_ENOMEM 6 /* out of memory */
#define ORK_EACCES 7 /* permission denied */
#define ORK_EEXIST 8 /* already exists */
#define ORK_ENOTDIR 9 /* a path component is not a directory */
#define ORK_EISDIR 10 /* is a directory */
#define ORK_EINVAL 11 /* invalid argument (includes a length beyond a buffer's capacity) */
#define ORK_EMFILE 12 /* too many open descriptors in this process */
#define ORK_ENOSPC 13 /* no space left on device */
#define ORK_ESPIPE 14 /* descriptor cannot seek */
#define ORK_EPIPE 15 /* broken pipe or connection closed by the peer */
#define ORK_EAGAIN 16 /* would block (non-blocking descriptor) or resource temporarily unavailable */
#define ORK_ERANGE 17 /* result out of range */
#define ORK_ENAMETOOLONG 18 /* name too long */
#define ORK_ENOTEMPTY 19 /* directory not empty */
#define ORK_ENOTSUP 20 /* not supported by this port or descriptor */
#define ORK_EADDRINUSE 21 /* address already in use */
#define ORK_EADDRNOTAVAIL 22 /* address not available */
#define ORK_ECONNREFUSED 23 /* connection refused */
#define ORK_ECONNRESET 24 /* connection reset by peer */
#define ORK_ENOTCONN 25 /* socket not connected */
#define ORK_ETIMEDOUT 26 /* timed out */
#define ORK_EHOSTUNREACH 27 /* host unreachable */
#define ORK_ENETUNREACH 28 /* network unreachable */
#define ORK_EINPROGRESS 29 /* connection in progress (non-blocking connect) */
#define ORK_ECHILD 30 /* no such child process */
#define ORK_EXDEV 31 /* cross-device rename */
#define ORK_EBUSY 32 /* resource busy */
#define ORK_ELOOP 33 /* too many symbolic links */
#define ORK_EROFS 34 /* read-only file system */
#define ORK_EFBIG 35 /* file too large */
#define ORK_ENFILE 36 /* too many open descriptors in the system */
#define ORK_EAFNOSUPPORT 37 /* address family not supported */
#define ORK_ENOTSOCK 38 /* descriptor is not a socket */
#define ORK_EISCONN 39 /* socket already connected */
#define ORK_EMSGSIZE 40 /* message too long */
#define ORK_ENOEXEC 41 /* not an executable format */
#define ORK_EOTHER 42 /* host error with no portable equivalent */

/* Capability bits of ork_kernel_caps(). */
#define ORK_CAP_IO_NONBLOCK (UINT64_C(1) << 0) /* descriptors can be non-blocking; io_poll waits for readiness */
#define ORK_CAP_RNG_CSPRNG (UINT64_C(1) << 1) /* rng_fill draws from a cryptographically secure source */
#define ORK_CAP_FS (UINT64_C(1) << 2) /* files: fs_open, fs_stat, fs_remove, fs_rename, fs_mkdir */
#define ORK_CAP_FS_DIR (UINT64_C(1) << 3) /* directory iteration: fs_dir_open, fs_dir_next, fs_dir_close */
#define ORK_CAP_PROC_SPAWN (UINT64_C(1) << 4) /* child processes: proc_spawn, proc_wait, io_pipe */
#define ORK_CAP_NET_TCP (UINT64_C(1) << 5) /* stream sockets over IPv4 */
#define ORK_CAP_NET_UDP (UINT64_C(1) << 6) /* datagram sockets (use net_connect to fix the peer, then io_*) */
#define ORK_CAP_NET_UNIX (UINT64_C(1) << 7) /* local (unix domain) sockets */
#define ORK_CAP_NET_IPV6 (UINT64_C(1) << 8) /* IPv6 sockets */
#define ORK_CAP_ENV (UINT64_C(1) << 9) /* process environment: env_get, env_iter */
#define ORK_CAP_TRACE (UINT64_C(1) << 10) /* per-primitive trace counters */
#define ORK_CAP_FAULT (UINT64_C(1) << 11) /* fault injection compiled in (test builds only) */

/* Named arguments of the primitives. */
#define ORK_O_READ 1 /* fs_open: open for reading */
#define ORK_O_WRITE 2 /* fs_open: open for writing */
#define ORK_O_CREATE 4 /* fs_open: create the file if missing (uses mode) */
#define ORK_O_TRUNC 8 /* fs_open: truncate to zero length */
#define ORK_O_APPEND 16 /* fs_open: every write appends */
#define ORK_O_EXCL 32 /* fs_open: with O_CREATE, fail with EEXIST if the file exists */
#define ORK_O_NONBLOCK 64 /* fs_open: non-blocking descriptor (fifos, devices) */
#define ORK_SEEK_SET 0 /* fs_seek: offset from the start */
#define ORK_SEEK_CUR 1 /* fs_seek: offset from the current position */
#define ORK_SEEK_END 2 /* fs_seek: offset from the end */
#define ORK_KIND_UNKNOWN 0 /* entry kind: unknown */
#define ORK_KIND_FILE 1 /* entry kind: regular file */
#define ORK_KIND_DIR 2 /* entry kind: directory */
#define ORK_KIND_SYMLINK 3 /* entry kind: symbolic link */
#define ORK_KIND_OTHER 4 /* entry kind: fifo, socket or device */
#define ORK_POLL_IN 1 /* io_poll: readable (or a connection to accept) */
#define ORK_POLL_OUT 2 /* io_poll: writable (or a connect finished) */
#define ORK_POLL_HUP 4 /* io_poll result: the peer hung up */
#define ORK_POLL_ERR 8 /* io_poll result: error condition on the descriptor */
#define ORK_SPAWN_ENV 1 /* proc_spawn: use exactly the given environment instead of inheriting */
#define ORK_WAIT_NOHANG 1 /* proc_wait: fail with EAGAIN instead of blocking while the child runs */
#define ORK_NET_IPV4 1 /* net_socket family: IPv4 */
#define ORK_NET_IPV6 2 /* net_socket family: IPv6 */
#define ORK_NET_UNIX 3 /* net_socket family: unix domain (address is a path) */
#define ORK_NET_STREAM 1 /* net_socket kind: stream (TCP) */
#define ORK_NET_DGRAM 2 /* net_socket kind: datagram (UDP) */
#define ORK_NET_NONBLOCK 1 /* net_socket flag: non-blocking socket */
#define ORK_SYS_OS 1 /* sys_info: operating system name, e.g. linux */
#define ORK_SYS_ARCH 2 /* sys_info: machine architecture, e.g. x86_64 */
#define ORK_SYS_PORT 3 /* sys_info: kernel port name: posix, win or wasm */
#define ORK_SYS_HOSTNAME 4 /* sys_info: host name */
#define ORK_SYS_NCPU 5 /* sys_info: online processors, decimal text */
#define ORK_SYS_PAGE_SIZE 6 /* sys_info: memory page size in bytes, decimal text */
#define ORK_SYS_CWD 7 /* sys_info: current working directory */
#define ORK_SYS_TMPDIR 8 /* sys_info: directory for temporary files ($TMPDIR or /tmp) */
#define ORK_SYS_PID 9 /* sys_info: this process id, decimal text */
#define ORK_SYS_ABI 10 /* sys_info: kernel ABI version, decimal text */

/* ABI ids: index of each primitive in ork_prims[], carried by the kernel-call instruction. */
enum {
    ORK_ID_MEM_ALLOC = 0,
    ORK_ID_MEM_REALLOC = 1,
    ORK_ID_MEM_FREE = 2,
    ORK_ID_MEM_ZERO = 3,
    ORK_ID_IO_WRITE = 4,
    ORK_ID_IO_READ = 5,
    ORK_ID_IO_PIPE = 6,
    ORK_ID_IO_POLL = 7,
    ORK_ID_FS_OPEN = 8,
    ORK_ID_FS_CLOSE = 9,
    ORK_ID_FS_SEEK = 10,
    ORK_ID_FS_STAT = 11,
    ORK_ID_FS_FSTAT = 12,
    ORK_ID_FS_REMOVE = 13,
    ORK_ID_FS_RENAME = 14,
    ORK_ID_FS_MKDIR = 15,
    ORK_ID_FS_DIR_OPEN = 16,
    ORK_ID_FS_DIR_NEXT = 17,
    ORK_ID_FS_DIR_CLOSE = 18,
    ORK_ID_RNG_FILL = 19,
    ORK_ID_TIME_MONOTONIC = 20,
    ORK_ID_TIME_UTC = 21,
    ORK_ID_ENV_GET = 22,
    ORK_ID_ENV_ITER = 23,
    ORK_ID_PROC_EXIT = 24,
    ORK_ID_PROC_SPAWN = 25,
    ORK_ID_PROC_WAIT = 26,
    ORK_ID_NET_SOCKET = 27,
    ORK_ID_NET_BIND = 28,
    ORK_ID_NET_LISTEN = 29,
    ORK_ID_NET_ACCEPT = 30,
    ORK_ID_NET_CONNECT = 31,
    ORK_ID_NET_CLOSE = 32,
    ORK_ID_SYS_INFO = 33,
    ORK_ID_TRACE_EMIT = 34,
    ORK_ID_TRACE_QUERY = 35,
    ORK_ID_KERNEL_CAPS = 36,
    ORK_ID_KERNEL_ERRNO = 37,
};

/* Kinds of parameters and results, as the VM converts registers to OrkArg. */
enum {
    ORK_K_VOID = 0,
    ORK_K_BOOL = 1,
    ORK_K_I32 = 2,
    ORK_K_I64 = 3,
    ORK_K_U8 = 4,
    ORK_K_U32 = 5,
    ORK_K_U64 = 6,
    ORK_K_USIZE = 7,
    ORK_K_F64 = 8,
    ORK_K_RAWPTR = 9,
    ORK_K_BYTES = 10,
    ORK_K_STRING = 11,
};

typedef union OrkArg { int64_t i; uint64_t u; double f; void *p;
                       struct { uint8_t *ptr; size_t len; } buf; } OrkArg;
typedef void (*OrkThunk)(const OrkArg *args, OrkArg *ret);
typedef struct OrkPrim { const char *name; uint8_t nparams; uint8_t params[8];
                         uint8_t ret; OrkThunk thunk; } OrkPrim;
extern const OrkPrim ork_prims[ORK_NPRIMS];   /* indexed by ABI id */
extern const char *const ork_error_names[ORK_NERRORS];   /* "ENOENT" for ORK_ENOENT */

/* The primitives. A `bytes`/`string` parameter NAME is passed as (NAME, NAME_len). */

/* mem_alloc: Allocate size bytes (size > 0) aligned to align (a power of two); NULL on failure. */
void *ork_mem_alloc(size_t size, size_t align);

/* mem_realloc: Resize a block from mem_alloc keeping its first min(old_size, new_size) bytes; ptr stays valid on failure. */
void *ork_mem_realloc(void *ptr, size_t old_size, size_t new_size, size_t align);

/* mem_free: Release a block from mem_alloc or mem_realloc (size and align as allocated); NULL is ignored. */
void ork_mem_free(void *ptr, size_t size, size_t align);

/* mem_zero: Set size bytes at ptr to zero; EINVAL when ptr is NULL and size > 0. */
int32_t ork_mem_zero(void *ptr, size_t size);

/* io_write: Write up to len bytes of buf to fd in one system call; returns the count written, which may be short. */
int64_t ork_io_write(int32_t fd, uint8_t *buf, size_t buf_len, size_t len);

/* io_read: Read up to len bytes from fd into buf in one system call; returns the count read, 0 at end of stream. */
int64_t ork_io_read(int32_t fd, uint8_t *buf, size_t buf_len, size_t len);

/* io_pipe: Create a pipe; writes the read end then the write end as two i32 into out (8 bytes); close them with fs_close. */
int32_t ork_io_pipe(uint8_t *out, size_t out_len);

/* io_poll: Wait until fd is ready for POLL_IN/POLL_OUT events or timeout_ms passes (-1 waits forever); returns the ready POLL_* mask, 0 on timeout. */
int32_t ork_io_poll(int32_t fd, int32_t events, int32_t timeout_ms);

/* fs_open: Open path with O_* flags (mode are permission bits for O_CREATE); returns a descriptor for io_read/io_write. */
int32_t ork_fs_open(const uint8_t *path, size_t path_len, int32_t flags, uint32_t mode);

/* fs_close: Close any descriptor that is not a socket (files, pipe ends); the descriptor is released even on EIO. */
int32_t ork_fs_close(int32_t fd);

/* fs_seek: Move the position of fd by offset from SEEK_SET/SEEK_CUR/SEEK_END; returns the new position. */
int64_t ork_fs_seek(int32_t fd, int64_t offset, int32_t whence);

/* fs_stat: Describe path (following symbolic links) into out (32 bytes, layout STAT). */
int32_t ork_fs_stat(const uint8_t *path, size_t path_len, uint8_t *out, size_t out_len);

/* fs_fstat: Describe an open descriptor into out (32 bytes, layout STAT as for fs_stat). */
int32_t ork_fs_fstat(int32_t fd, uint8_t *out, size_t out_len);

/* fs_remove: Remove a file, a symbolic link or an empty directory. */
int32_t ork_fs_remove(const uint8_t *path, size_t path_len);

/* fs_rename: Rename from to to, atomically replacing an existing to on the same file system. */
int32_t ork_fs_rename(const uint8_t *from, size_t from_len, const uint8_t *to, size_t to_len);

/* fs_mkdir: Create one directory with permission bits mode (parents must exist). */
int32_t ork_fs_mkdir(const uint8_t *path, size_t path_len, uint32_t mode);

/* fs_dir_open: Open a directory for iteration; returns a handle for fs_dir_next and fs_dir_close. */
void *ork_fs_dir_open(const uint8_t *path, size_t path_len);

/* fs_dir_next: Write the next entry (never . or ..) into out; returns its size, 0 after the last entry. */
int64_t ork_fs_dir_next(void *dir, uint8_t *out, size_t out_len);

/* fs_dir_close: Close a directory handle from fs_dir_open (EBADF for NULL). */
int32_t ork_fs_dir_close(void *dir);

/* rng_fill: Fill the first len bytes of buf with random bytes from the OS CSPRNG; returns len. */
int64_t ork_rng_fill(uint8_t *buf, size_t buf_len, size_t len);

/* time_monotonic: Nanoseconds on a clock that never decreases (arbitrary origin, unaffected by clock changes). */
int64_t ork_time_monotonic(void);

/* time_utc: Nanoseconds since 1970-01-01T00:00:00Z (wall clock; may jump). */
int64_t ork_time_utc(void);

/* env_get: Copy the value of variable name into out; returns its full length (retry with a larger out if it is greater than the capacity). */
int64_t ork_env_get(const uint8_t *name, size_t name_len, uint8_t *out, size_t out_len);

/* env_iter: Copy entry number index (from 0) as NAME=VALUE into out; returns its full length, 0 past the last entry. */
int64_t ork_env_iter(int64_t index, uint8_t *out, size_t out_len);

/* proc_exit: End the process with exit status status (0..255) without returning. */
void ork_proc_exit(int32_t status);

/* proc_spawn: Start a program; returns its process id for proc_wait. */
int64_t ork_proc_spawn(const uint8_t *argv, size_t argv_len, const uint8_t *env, size_t env_len, int32_t flags, int32_t fd_in, int32_t fd_out, int32_t fd_err);

/* proc_wait: Wait for child pid to end; returns its exit status 0..255, or 256 + the signal number that killed it. */
int32_t ork_proc_wait(int64_t pid, int32_t flags);

/* net_socket: Create a socket of family NET_IPV4/NET_IPV6/NET_UNIX and kind NET_STREAM/NET_DGRAM; flags NET_NONBLOCK. */
int32_t ork_net_socket(int32_t family, int32_t kind, int32_t flags);

/* net_bind: Bind to a numeric address ("" for any) and port (0 picks one); returns the bound port (0 for unix sockets). */
int32_t ork_net_bind(int32_t fd, const uint8_t *addr, size_t addr_len, int32_t port);

/* net_listen: Mark a bound stream socket as accepting connections, with at most backlog pending. */
int32_t ork_net_listen(int32_t fd, int32_t backlog);

/* net_accept: Accept one connection; returns its descriptor and writes the peer address into peer (layout ADDR). */
int32_t ork_net_accept(int32_t fd, uint8_t *peer, size_t peer_len);

/* net_connect: Connect to a numeric address and port (address text as for net_bind); a non-blocking socket gives EINPROGRESS. */
int32_t ork_net_connect(int32_t fd, const uint8_t *addr, size_t addr_len, int32_t port);

/* net_close: Close a socket descriptor (released even on EIO). */
int32_t ork_net_close(int32_t fd);

/* sys_info: Copy the text value of SYS_* key into out; returns its full length (only the first capacity bytes are written). */
int64_t ork_sys_info(int32_t key, uint8_t *out, size_t out_len);

/* trace_emit: Write one text line "id name calls failures bytes" per primitive called so far to fd; returns bytes written. */
int64_t ork_trace_emit(int32_t fd);

/* trace_query: Copy the counters of primitive id into out (24 bytes, layout TRACE). */
int32_t ork_trace_query(int32_t id, uint8_t *out, size_t out_len);

/* kernel_caps: The CAP_* bits this port supports on this machine. */
uint64_t ork_kernel_caps(void);

/* kernel_errno: The error code of the last failed primitive on this thread (OK if none failed yet). */
int32_t ork_kernel_errno(void);

#endif /* ORK_KERNEL_H */
