/* proc.c: process exit, spawning (posix_spawn) and waiting (waitpid). */
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

extern char **environ;

void ork_proc_exit(int32_t status)
{
    ork__count(ORK_ID_PROC_EXIT, 0, 0);
    exit(status & 0xff);
}

/* Split a list of NUL-terminated items into a NULL-terminated vector pointing into copy.
   Returns the vector (free it and copy), or NULL with *err set. */
static char **split_list(const uint8_t *list, size_t len, char **copy, int32_t *err)
{
    *copy = NULL;
    if ((list == NULL && len > 0) || (len > 0 && list[len - 1] != 0)) {
        *err = ORK_EINVAL;   /* the last item must be terminated too */
        return NULL;
    }
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += list[i] == 0;
    char **vec = ork__malloc((count + 1) * sizeof *vec);
    *copy = ork__malloc(len + 1);
    if (vec == NULL || *copy == NULL) {
        free(vec);
        free(*copy);
        *err = ORK_ENOMEM;
        return NULL;
    }
    if (len > 0)
        memcpy(*copy, list, len);
    for (size_t i = 0, item = 0, start = 0; i < len; i++) {
        if (list[i] == 0) {
            vec[item++] = *copy + start;
            start = i + 1;
        }
    }
    vec[count] = NULL;
    return vec;
}

/* Make fd the child's descriptor target (dup2 clears close-on-exec on the copy). */
static int redirect(posix_spawn_file_actions_t *fa, int32_t fd, int target)
{
    if (fd < 0)
        return 0;
    return posix_spawn_file_actions_adddup2(fa, fd, target);
}

static int32_t spawn(char **argv, char **envp, const int32_t fds[3], pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return ORK_ENOMEM;
    int rc = 0;
    for (int i = 0; i < 3 && rc == 0; i++)
        rc = redirect(&fa, fds[i], i);
    if (rc == 0 && ORK_FAULT(ORK_ID_PROC_SPAWN, NULL))
        rc = errno;
    if (rc == 0)
        rc = strchr(argv[0], '/') ? posix_spawn(pid, argv[0], &fa, NULL, argv, envp)
                                  : posix_spawnp(pid, argv[0], &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? ORK_OK : ork__from_native(rc);
}

int64_t ork_proc_spawn(const uint8_t *argv, size_t argv_len, const uint8_t *env, size_t env_len,
                       int32_t flags, int32_t fd_in, int32_t fd_out, int32_t fd_err)
{
    if ((flags & ~ORK_SPAWN_ENV) || fd_in < -1 || fd_out < -1 || fd_err < -1)
        return ork__fail(ORK_ID_PROC_SPAWN, ORK_EINVAL);
    int32_t err = ORK_OK;
    char *argv_copy = NULL, *env_copy = NULL, **envp = environ;
    char **args = split_list(argv, argv_len, &argv_copy, &err);
    if (args != NULL && args[0] == NULL)
        err = ORK_EINVAL;   /* no program named */
    if (err == ORK_OK && (flags & ORK_SPAWN_ENV))
        envp = split_list(env, env_len, &env_copy, &err);
    pid_t pid = -1;
    if (err == ORK_OK)
        err = spawn(args, envp, (const int32_t[3]){fd_in, fd_out, fd_err}, &pid);
    if (envp != environ)
        free(envp);
    free(args);
    free(argv_copy);
    free(env_copy);
    if (err != ORK_OK)
        return ork__fail(ORK_ID_PROC_SPAWN, err);
    return ork__ok(ORK_ID_PROC_SPAWN, (int64_t)pid, 0);
}

/* 0..255 for a normal exit, 256 + signal number when a signal ended the child. */
static int32_t exit_code(int status)
{
    if (WIFSIGNALED(status))
        return 256 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

int32_t ork_proc_wait(int64_t pid, int32_t flags)
{
    if (pid <= 0 || pid > INT32_MAX || (flags & ~ORK_WAIT_NOHANG))
        return (int32_t)ork__fail(ORK_ID_PROC_WAIT, ORK_EINVAL);
    int status = 0;
    pid_t got;
    ORK_RETRY(got, ORK_ID_PROC_WAIT, NULL, waitpid((pid_t)pid, &status, (flags & ORK_WAIT_NOHANG) ? WNOHANG : 0));
    if (got < 0)
        return (int32_t)ork__fail_native(ORK_ID_PROC_WAIT, errno);
    if (got == 0)
        return (int32_t)ork__fail(ORK_ID_PROC_WAIT, ORK_EAGAIN);   /* still running */
    return (int32_t)ork__ok(ORK_ID_PROC_WAIT, exit_code(status), 0);
}
