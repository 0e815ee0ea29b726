/* orus.c: the orus command, one executable that needs no other tool. It carries the
   compiler (compiled by itself), the prelude and std (sources and bytecode) and kernel.idl
   (build/gen/orus_embed.c). The first run unpacks them into a home folder named after their
   hash; `orus FILE.orus` then compiles with that compiler in a child `orus compile` (the
   compiler ends with process.exit) and runs the result on this process's VM. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "embed.h"
#include "ork_kernel.h"

#define PATH_MAX_LEN 4096

static const char USAGE[] =
    "usage: orus FILE.orus [ARGS...]            compile and run a program\n"
    "       orus FILE.orbc [ARGS...]            run a compiled program\n"
    "       orus check FILE.orus                parse and type-check a program\n"
    "       orus compile FILE.orus -o OUT.orbc  compile a program and the modules it uses\n"
    "       orus --dis FILE.orbc                list bytecode\n"
    "       orus --help | --version\n"
    "\n"
    "The compiler, the prelude and std are built in and unpacked once into $ORUS_HOME\n"
    "(default $XDG_CACHE_HOME/orus/BUILD or ~/.cache/orus/BUILD). `use` searches next to\n"
    "the importing file, then the current directory, then $ORUSPATH, then std.\n"
    "Exit status: 0 ok, 64 bad usage, 65 compile error or bad bytecode, 70 runtime error.\n";

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "orus: %s%s\n%s", msg, arg, USAGE);
    return EXIT_USAGE;
}

/* ---- files, through the kernel ---------------------------------------------------------- */

/* printf into a path buffer; -1 when the path does not fit. */
static int pathf(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

static int exists(const char *path)
{
    uint8_t st[32];
    return ork_fs_stat((const uint8_t *)path, strlen(path), st, sizeof st) == 0;
}

static int64_t env_text(const char *name, char *out, size_t n)
{
    int64_t len = ork_env_get((const uint8_t *)name, strlen(name), (uint8_t *)out, n - 1);
    if (len < 0 || (size_t)len >= n || len == 0)
        return -1;
    out[len] = 0;
    return len;
}

/* mkdir -p: every missing folder of path, which is a folder. */
static int make_dirs(const char *path)
{
    char buf[PATH_MAX_LEN];
    if (pathf(buf, sizeof buf, "%s", path) < 0)
        return -1;
    for (char *c = buf + 1;; c++) {
        if (*c != '/' && *c != 0)
            continue;
        char saved = *c;
        *c = 0;
        if (!exists(buf) && ork_fs_mkdir((const uint8_t *)buf, strlen(buf), 0755) < 0 &&
            ork_kernel_errno() != ORK_EEXIST)
            return -1;
        *c = saved;
        if (saved == 0)
            return 0;
    }
}

static int write_file(const char *path, const unsigned char *data, size_t size)
{
    int32_t fd = ork_fs_open((const uint8_t *)path, strlen(path),
                             ORK_O_WRITE | ORK_O_CREATE | ORK_O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < size) {
        int64_t n = ork_io_write(fd, (uint8_t *)data + done, size - done, size - done);
        if (n <= 0) {
            ork_fs_close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    return ork_fs_close(fd);
}

/* rm -r path, for the folders this program made; errors leave what could not go. */
static void remove_tree(const char *path)
{
    void *dir = ork_fs_dir_open((const uint8_t *)path, strlen(path));
    if (dir != NULL) {
        uint8_t entry[1024];
        int64_t n;
        while ((n = ork_fs_dir_next(dir, entry, sizeof entry - 1)) > 0) {
            char child[PATH_MAX_LEN];
            if (pathf(child, sizeof child, "%s/%.*s", path, (int)(n - 1), (char *)entry + 1) < 0)
                continue;
            if (entry[0] == ORK_KIND_DIR)
                remove_tree(child);
            else
                ork_fs_remove((const uint8_t *)child, strlen(child));
        }
        ork_fs_dir_close(dir);
    }
    ork_fs_remove((const uint8_t *)path, strlen(path));
}

static void pid_text(char *out, size_t n)
{
    int64_t len = ork_sys_info(ORK_SYS_PID, (uint8_t *)out, n - 1);
    out[len > 0 && (size_t)len < n ? len : 0] = 0;
}

/* ---- the home folder -------------------------------------------------------------------- */

/* $ORUS_HOME, else a cache folder named after this build's embedded files. */
static int home_dir(char *out, size_t n)
{
    char base[PATH_MAX_LEN];
    if (env_text("ORUS_HOME", out, n) > 0)
        return 0;
    if (env_text("XDG_CACHE_HOME", base, sizeof base) > 0)
        return pathf(out, n, "%s/orus/%s", base, orus_build_id);
    if (env_text("HOME", base, sizeof base) > 0)
        return pathf(out, n, "%s/.cache/orus/%s", base, orus_build_id);
    int64_t len = ork_sys_info(ORK_SYS_TMPDIR, (uint8_t *)base, sizeof base - 1);
    base[len > 0 && (size_t)len < sizeof base ? len : 0] = 0;
    return pathf(out, n, "%s/orus-%s", base[0] ? base : "/tmp", orus_build_id);
}

static int write_embedded(const char *root)
{
    char path[PATH_MAX_LEN];
    for (int i = 0; i < orus_nfiles; i++) {
        if (pathf(path, sizeof path, "%s/%s", root, orus_files[i].path) < 0)
            return -1;
        char *slash = strrchr(path, '/');
        *slash = 0;
        int rc = make_dirs(path);
        *slash = '/';
        if (rc < 0 || write_file(path, orus_files[i].data, orus_files[i].size) < 0)
            return -1;
    }
    if (pathf(path, sizeof path, "%s/.complete", root) < 0)
        return -1;
    return write_file(path, (const unsigned char *)orus_build_id, strlen(orus_build_id));
}

/* Unpack into a private folder, then rename it into place, so a concurrent first run or
   an interrupted one never leaves a half-written home behind. */
static int unpack(const char *home)
{
    char mark[PATH_MAX_LEN], tmp[PATH_MAX_LEN], pid[32];
    pid_text(pid, sizeof pid);
    if (pathf(mark, sizeof mark, "%s/.complete", home) < 0 ||
        pathf(tmp, sizeof tmp, "%s.%s.tmp", home, pid) < 0) {
        fprintf(stderr, "orus: home folder path too long: %s\n", home);
        return -1;
    }
    if (exists(mark))
        return 0;
    remove_tree(tmp);
    if (make_dirs(tmp) < 0 || write_embedded(tmp) < 0) {
        remove_tree(tmp);
        fprintf(stderr, "orus: cannot unpack the toolchain into %s\n", tmp);
        return -1;
    }
    if (ork_fs_rename((const uint8_t *)tmp, strlen(tmp), (const uint8_t *)home, strlen(home)) < 0) {
        remove_tree(tmp);
        if (!exists(mark)) {
            fprintf(stderr, "orus: cannot unpack the toolchain into %s "
                            "(set ORUS_HOME to an empty or missing folder)\n", home);
            return -1;
        }
    }
    return 0;
}

/* ---- commands --------------------------------------------------------------------------- */

/* The built-in compiler with args (check ..., compile ...); it sees its image as argv[0]. */
static int run_compiler(const char *home, int argc, char **argv)
{
    char image[PATH_MAX_LEN];
    if (pathf(image, sizeof image, "%s/compiler/orusc.orbc", home) < 0)
        return usage_error("path too long: ", home);
    char *args[64];
    if (argc + 1 > (int)(sizeof args / sizeof args[0]))
        return usage_error("too many arguments", "");
    args[0] = image;
    for (int i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    OrvProgram p = {image, 0, 0, NULL, 0, argc + 1, args};
    return orv_exec(&p);
}

/* Run (or list) an image; its imports are searched next to each importer, in `out` (the
   folder a compile wrote every module into, whatever its folder) and in the built-in std. */
static int run_image(const char *home, const char *out, const char *file, int argc,
                     char **argv, int dis)
{
    char lib[PATH_MAX_LEN];
    if (pathf(lib, sizeof lib, "%s/lib", home) < 0)
        return usage_error("path too long: ", home);
    char *libs[] = {(char *)out, lib};
    int skip = out == NULL;
    OrvProgram p = {file, dis, 0, libs + skip, 2 - skip, argc, argv};
    return orv_exec(&p);
}

static char run_dir[PATH_MAX_LEN];

static void remove_run_dir(void)
{
    if (run_dir[0] != 0)
        remove_tree(run_dir);
}

/* `self compile source -o image` in a child process; its exit status. */
static int compile_in_child(const char *self, const char *source, const char *image)
{
    const char *items[] = {self, "compile", source, "-o", image};
    char argv[3 * PATH_MAX_LEN + 32];
    size_t len = 0;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        size_t n = strlen(items[i]) + 1;
        if (len + n > sizeof argv)
            return usage_error("path too long: ", source);
        memcpy(argv + len, items[i], n);
        len += n;
    }
    int64_t pid = ork_proc_spawn((const uint8_t *)argv, len, NULL, 0, 0, -1, -1, -1);
    if (pid < 0) {
        fprintf(stderr, "orus: cannot start the compiler (%s)\n", self);
        return EXIT_RUNTIME;
    }
    int32_t status = ork_proc_wait(pid, 0);
    return status < 0 || status > 255 ? EXIT_RUNTIME : status;
}

/* Compile FILE.orus into a private run folder, then run it with its arguments. */
static int run_source(const char *self, const char *home, int argc, char **argv)
{
    char pid[32], image[PATH_MAX_LEN];
    pid_text(pid, sizeof pid);
    if (pathf(run_dir, sizeof run_dir, "%s/run/%s", home, pid) < 0)
        return usage_error("path too long: ", home);
    remove_tree(run_dir);
    atexit(remove_run_dir);             /* also when the program calls process.exit */
    const char *base = strrchr(argv[0], '/');
    base = base != NULL ? base + 1 : argv[0];
    const char *dot = strrchr(base, '.');
    int stem = dot != NULL && dot != base ? (int)(dot - base) : (int)strlen(base);
    if (pathf(image, sizeof image, "%s/%.*s.orbc", run_dir, stem, base) < 0)
        return usage_error("path too long: ", argv[0]);
    int rc = compile_in_child(self, argv[0], image);
    if (rc != EXIT_OK)
        return rc;
    return run_image(home, run_dir, image, argc, argv, 0);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int main(int argc, char **argv)
{
    orv_set_prog("orus");
    if (argc < 2)
        return usage_error("missing FILE.orus", "");
    const char *first = argv[1];
    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    if (strcmp(first, "--version") == 0 || strcmp(first, "-v") == 0) {
        printf("orus %s\n", ORUS_VERSION);
        return EXIT_OK;
    }
    int dis = strcmp(first, "--dis") == 0;
    if (dis && argc != 3)
        return usage_error("--dis takes one file", "");
    if (!dis && first[0] == '-')
        return usage_error("unknown option ", first);
    char home[PATH_MAX_LEN];
    if (home_dir(home, sizeof home) < 0 || unpack(home) < 0)
        return EXIT_RUNTIME;
    if (dis)
        return run_image(home, NULL, argv[2], 1, argv + 2, 1);
    if (strcmp(first, "check") == 0 || strcmp(first, "compile") == 0)
        return run_compiler(home, argc - 1, argv + 1);
    if (ends_with(first, ".orbc"))
        return run_image(home, NULL, first, argc - 1, argv + 1, 0);
    return run_source(argv[0], home, argc - 1, argv + 1);
}
