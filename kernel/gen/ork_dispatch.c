/* generated from kernel.idl by `doit kernel_stubs`; do not edit */
/* ork_dispatch.c: ork_prims[], the id-to-thunk table behind the VM's kernel-call instruction.
   Each thunk unpacks OrkArg values by kind, calls the C primitive and packs its result. */
#include "ork_kernel.h"

static void thunk_mem_alloc(const OrkArg *a, OrkArg *r)
{
    r->p = ork_mem_alloc((size_t)a[0].u, (size_t)a[1].u);
}

static void thunk_mem_realloc(const OrkArg *a, OrkArg *r)
{
    r->p = ork_mem_realloc(a[0].p, (size_t)a[1].u, (size_t)a[2].u, (size_t)a[3].u);
}

static void thunk_mem_free(const OrkArg *a, OrkArg *r)
{
    ork_mem_free(a[0].p, (size_t)a[1].u, (size_t)a[2].u);
    r->i = 0;
}

static void thunk_mem_zero(const OrkArg *a, OrkArg *r)
{
    r->i = ork_mem_zero(a[0].p, (size_t)a[1].u);
}

static void thunk_io_write(const OrkArg *a, OrkArg *r)
{
    r->i = ork_io_write((int32_t)a[0].i, a[1].buf.ptr, a[1].buf.len, (size_t)a[2].u);
}

static void thunk_io_read(const OrkArg *a, OrkArg *r)
{
    r->i = ork_io_read((int32_t)a[0].i, a[1].buf.ptr, a[1].buf.len, (size_t)a[2].u);
}

static void thunk_io_pipe(const OrkArg *a, OrkArg *r)
{
    r->i = ork_io_pipe(a[0].buf.ptr, a[0].buf.len);
}

static void thunk_io_poll(const OrkArg *a, OrkArg *r)
{
    r->i = ork_io_poll((int32_t)a[0].i, (int32_t)a[1].i, (int32_t)a[2].i);
}

static void thunk_fs_open(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_open(a[0].buf.ptr, a[0].buf.len, (int32_t)a[1].i, (uint32_t)a[2].u);
}

static void thunk_fs_close(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_close((int32_t)a[0].i);
}

static void thunk_fs_seek(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_seek((int32_t)a[0].i, (int64_t)a[1].i, (int32_t)a[2].i);
}

static void thunk_fs_stat(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_stat(a[0].buf.ptr, a[0].buf.len, a[1].buf.ptr, a[1].buf.len);
}

static void thunk_fs_fstat(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_fstat((int32_t)a[0].i, a[1].buf.ptr, a[1].buf.len);
}

static void thunk_fs_remove(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_remove(a[0].buf.ptr, a[0].buf.len);
}

static void thunk_fs_rename(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_rename(a[0].buf.ptr, a[0].buf.len, a[1].buf.ptr, a[1].buf.len);
}

static void thunk_fs_mkdir(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_mkdir(a[0].buf.ptr, a[0].buf.len, (uint32_t)a[1].u);
}

static void thunk_fs_dir_open(const OrkArg *a, OrkArg *r)
{
    r->p = ork_fs_dir_open(a[0].buf.ptr, a[0].buf.len);
}

static void thunk_fs_dir_next(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_dir_next(a[0].p, a[1].buf.ptr, a[1].buf.len);
}

static void thunk_fs_dir_close(const OrkArg *a, OrkArg *r)
{
    r->i = ork_fs_dir_close(a[0].p);
}

static void thunk_rng_fill(const OrkArg *a, OrkArg *r)
{
    r->i = ork_rng_fill(a[0].buf.ptr, a[0].buf.len, (size_t)a[1].u);
}

static void thunk_time_monotonic(const OrkArg *a, OrkArg *r)
{
    (void)a;
    r->i = ork_time_monotonic();
}

static void thunk_time_utc(const OrkArg *a, OrkArg *r)
{
    (void)a;
    r->i = ork_time_utc();
}

static void thunk_env_get(const OrkArg *a, OrkArg *r)
{
    r->i = ork_env_get(a[0].buf.ptr, a[0].buf.len, a[1].buf.ptr, a[1].buf.len);
}

static void thunk_env_iter(const OrkArg *a, OrkArg *r)
{
    r->i = ork_env_iter((int64_t)a[0].i, a[1].buf.ptr, a[1].buf.len);
}

static void thunk_proc_exit(const OrkArg *a, OrkArg *r)
{
    ork_proc_exit((int32_t)a[0].i);
    r->i = 0;
}

static void thunk_proc_spawn(const OrkArg *a, OrkArg *r)
{
    r->i = ork_proc_spawn(a[0].buf.ptr, a[0].buf.len, a[1].buf.ptr, a[1].buf.len, (int32_t)a[2].i, (int32_t)a[3].i, (int32_t)a[4].i, (int32_t)a[5].i);
}

static void thunk_proc_wait(const OrkArg *a, OrkArg *r)
{
    r->i = ork_proc_wait((int64_t)a[0].i, (int32_t)a[1].i);
}

static void thunk_net_socket(const OrkArg *a, OrkArg *r)
{
    r->i = ork_net_socket((int32_t)a[0].i, (int32_t)a[1].i, (int32_t)a[2].i);
}

static void thunk_net_bind(const OrkArg *a, OrkArg *r)
{
    r->i = ork_net_bind((int32_t)a[0].i, a[1].buf.ptr, a[1].buf.len, (int32_t)a[2].i);
}

static void thunk_net_listen(const OrkArg *a, OrkArg *r)
{
    r->i = ork_net_listen((int32_t)a[0].i, (int32_t)a[1].i);
}

static void thunk_net_accept(const OrkArg *a, OrkArg *r)
{
    r->i = ork_net_accept((int32_t)a[0].i, a[1].buf.ptr, a[1].buf.len);
}

static void thunk_net_connect(const OrkArg *a, OrkArg *r)
{
    r->i = ork_net_connect((int32_t)a[0].i, a[1].buf.ptr, a[1].buf.len, (int32_t)a[2].i);
}

static void thunk_net_close(const OrkArg *a, OrkArg *r)
{
    r->i = ork_net_close((int32_t)a[0].i);
}

static void thunk_sys_info(const OrkArg *a, OrkArg *r)
{
    r->i = ork_sys_info((int32_t)a[0].i, a[1].buf.ptr, a[1].buf.len);
}

static void thunk_trace_emit(const OrkArg *a, OrkArg *r)
{
    r->i = ork_trace_emit((int32_t)a[0].i);
}

static void thunk_trace_query(const OrkArg *a, OrkArg *r)
{
    r->i = ork_trace_query((int32_t)a[0].i, a[1].buf.ptr, a[1].buf.len);
}

static void thunk_kernel_caps(const OrkArg *a, OrkArg *r)
{
    (void)a;
    r->u = ork_kernel_caps();
}

static void thunk_kernel_errno(const OrkArg *a, OrkArg *r)
{
    (void)a;
    r->i = ork_kernel_errno();
}

const OrkPrim ork_prims[ORK_NPRIMS] = {
    [ORK_ID_MEM_ALLOC] = {"mem_alloc", 2, {ORK_K_USIZE, ORK_K_USIZE}, ORK_K_RAWPTR, thunk_mem_alloc},
    [ORK_ID_MEM_REALLOC] = {"mem_realloc", 4, {ORK_K_RAWPTR, ORK_K_USIZE, ORK_K_USIZE, ORK_K_USIZE}, ORK_K_RAWPTR, thunk_mem_realloc},
    [ORK_ID_MEM_FREE] = {"mem_free", 3, {ORK_K_RAWPTR, ORK_K_USIZE, ORK_K_USIZE}, ORK_K_VOID, thunk_mem_free},
    [ORK_ID_MEM_ZERO] = {"mem_zero", 2, {ORK_K_RAWPTR, ORK_K_USIZE}, ORK_K_I32, thunk_mem_zero},
    [ORK_ID_IO_WRITE] = {"io_write", 3, {ORK_K_I32, ORK_K_BYTES, ORK_K_USIZE}, ORK_K_I64, thunk_io_write},
    [ORK_ID_IO_READ] = {"io_read", 3, {ORK_K_I32, ORK_K_BYTES, ORK_K_USIZE}, ORK_K_I64, thunk_io_read},
    [ORK_ID_IO_PIPE] = {"io_pipe", 1, {ORK_K_BYTES}, ORK_K_I32, thunk_io_pipe},
    [ORK_ID_IO_POLL] = {"io_poll", 3, {ORK_K_I32, ORK_K_I32, ORK_K_I32}, ORK_K_I32, thunk_io_poll},
    [ORK_ID_FS_OPEN] = {"fs_open", 3, {ORK_K_STRING, ORK_K_I32, ORK_K_U32}, ORK_K_I32, thunk_fs_open},
    [ORK_ID_FS_CLOSE] = {"fs_close", 1, {ORK_K_I32}, ORK_K_I32, thunk_fs_close},
    [ORK_ID_FS_SEEK] = {"fs_seek", 3, {ORK_K_I32, ORK_K_I64, ORK_K_I32}, ORK_K_I64, thunk_fs_seek},
    [ORK_ID_FS_STAT] = {"fs_stat", 2, {ORK_K_STRING, ORK_K_BYTES}, ORK_K_I32, thunk_fs_stat},
    [ORK_ID_FS_FSTAT] = {"fs_fstat", 2, {ORK_K_I32, ORK_K_BYTES}, ORK_K_I32, thunk_fs_fstat},
    [ORK_ID_FS_REMOVE] = {"fs_remove", 1, {ORK_K_STRING}, ORK_K_I32, thunk_fs_remove},
    [ORK_ID_FS_RENAME] = {"fs_rename", 2, {ORK_K_STRING, ORK_K_STRING}, ORK_K_I32, thunk_fs_rename},
    [ORK_ID_FS_MKDIR] = {"fs_mkdir", 2, {ORK_K_STRING, ORK_K_U32}, ORK_K_I32, thunk_fs_mkdir},
    [ORK_ID_FS_DIR_OPEN] = {"fs_dir_open", 1, {ORK_K_STRING}, ORK_K_RAWPTR, thunk_fs_dir_open},
    [ORK_ID_FS_DIR_NEXT] = {"fs_dir_next", 2, {ORK_K_RAWPTR, ORK_K_BYTES}, ORK_K_I64, thunk_fs_dir_next},
    [ORK_ID_FS_DIR_CLOSE] = {"fs_dir_close", 1, {ORK_K_RAWPTR}, ORK_K_I32, thunk_fs_dir_close},
    [ORK_ID_RNG_FILL] = {"rng_fill", 2, {ORK_K_BYTES, ORK_K_USIZE}, ORK_K_I64, thunk_rng_fill},
    [ORK_ID_TIME_MONOTONIC] = {"time_monotonic", 0, {0}, ORK_K_I64, thunk_time_monotonic},
    [ORK_ID_TIME_UTC] = {"time_utc", 0, {0}, ORK_K_I64, thunk_time_utc},
    [ORK_ID_ENV_GET] = {"env_get", 2, {ORK_K_STRING, ORK_K_BYTES}, ORK_K_I64, thunk_env_get},
    [ORK_ID_ENV_ITER] = {"env_iter", 2, {ORK_K_I64, ORK_K_BYTES}, ORK_K_I64, thunk_env_iter},
    [ORK_ID_PROC_EXIT] = {"proc_exit", 1, {ORK_K_I32}, ORK_K_VOID, thunk_proc_exit},
    [ORK_ID_PROC_SPAWN] = {"proc_spawn", 6, {ORK_K_STRING, ORK_K_STRING, ORK_K_I32, ORK_K_I32, ORK_K_I32, ORK_K_I32}, ORK_K_I64, thunk_proc_spawn},
    [ORK_ID_PROC_WAIT] = {"proc_wait", 2, {ORK_K_I64, ORK_K_I32}, ORK_K_I32, thunk_proc_wait},
    [ORK_ID_NET_SOCKET] = {"net_socket", 3, {ORK_K_I32, ORK_K_I32, ORK_K_I32}, ORK_K_I32, thunk_net_socket},
    [ORK_ID_NET_BIND] = {"net_bind", 3, {ORK_K_I32, ORK_K_STRING, ORK_K_I32}, ORK_K_I32, thunk_net_bind},
    [ORK_ID_NET_LISTEN] = {"net_listen", 2, {ORK_K_I32, ORK_K_I32}, ORK_K_I32, thunk_net_listen},
    [ORK_ID_NET_ACCEPT] = {"net_accept", 2, {ORK_K_I32, ORK_K_BYTES}, ORK_K_I32, thunk_net_accept},
    [ORK_ID_NET_CONNECT] = {"net_connect", 3, {ORK_K_I32, ORK_K_STRING, ORK_K_I32}, ORK_K_I32, thunk_net_connect},
    [ORK_ID_NET_CLOSE] = {"net_close", 1, {ORK_K_I32}, ORK_K_I32, thunk_net_close},
    [ORK_ID_SYS_INFO] = {"sys_info", 2, {ORK_K_I32, ORK_K_BYTES}, ORK_K_I64, thunk_sys_info},
    [ORK_ID_TRACE_EMIT] = {"trace_emit", 1, {ORK_K_I32}, ORK_K_I64, thunk_trace_emit},
    [ORK_ID_TRACE_QUERY] = {"trace_query", 2, {ORK_K_I32, ORK_K_BYTES}, ORK_K_I32, thunk_trace_query},
    [ORK_ID_KERNEL_CAPS] = {"kernel_caps", 0, {0}, ORK_K_U64, thunk_kernel_caps},
    [ORK_ID_KERNEL_ERRNO] = {"kernel_errno", 0, {0}, ORK_K_I32, thunk_kernel_errno},
};

const char *const ork_error_names[ORK_NERRORS] = {
    [ORK_OK] = "OK",
    [ORK_EPERM] = "EPERM",
    [ORK_ENOENT] = "ENOENT",
    [ORK_EINTR] = "EINTR",
    [ORK_EIO] = "EIO",
    [ORK_EBADF] = "EBADF",
    [ORK_ENOMEM] = "ENOMEM",
    [ORK_EACCES] = "EACCES",
    [ORK_EEXIST] = "EEXIST",
    [ORK_ENOTDIR] = "ENOTDIR",
    [ORK_EISDIR] = "EISDIR",
    [ORK_EINVAL] = "EINVAL",
    [ORK_EMFILE] = "EMFILE",
    [ORK_ENOSPC] = "ENOSPC",
    [ORK_ESPIPE] = "ESPIPE",
    [ORK_EPIPE] = "EPIPE",
    [ORK_EAGAIN] = "EAGAIN",
    [ORK_ERANGE] = "ERANGE",
    [ORK_ENAMETOOLONG] = "ENAMETOOLONG",
    [ORK_ENOTEMPTY] = "ENOTEMPTY",
    [ORK_ENOTSUP] = "ENOTSUP",
    [ORK_EADDRINUSE] = "EADDRINUSE",
    [ORK_EADDRNOTAVAIL] = "EADDRNOTAVAIL",
    [ORK_ECONNREFUSED] = "ECONNREFUSED",
    [ORK_ECONNRESET] = "ECONNRESET",
    [ORK_ENOTCONN] = "ENOTCONN",
    [ORK_ETIMEDOUT] = "ETIMEDOUT",
    [ORK_EHOSTUNREACH] = "EHOSTUNREACH",
    [ORK_ENETUNREACH] = "ENETUNREACH",
    [ORK_EINPROGRESS] = "EINPROGRESS",
    [ORK_ECHILD] = "ECHILD",
    [ORK_EXDEV] = "EXDEV",
    [ORK_EBUSY] = "EBUSY",
    [ORK_ELOOP] = "ELOOP",
    [ORK_EROFS] = "EROFS",
    [ORK_EFBIG] = "EFBIG",
    [ORK_ENFILE] = "ENFILE",
    [ORK_EAFNOSUPPORT] = "EAFNOSUPPORT",
    [ORK_ENOTSOCK] = "ENOTSOCK",
    [ORK_EISCONN] = "EISCONN",
    [ORK_EMSGSIZE] = "EMSGSIZE",
    [ORK_ENOEXEC] = "ENOEXEC",
    [ORK_EOTHER] = "EOTHER",
};
