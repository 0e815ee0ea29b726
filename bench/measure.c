/* measure: run a command and write "<status> <seconds> <peak RSS KiB>" to a report file.

   usage: measure REPORT COMMAND [ARGS...]

   The runner (bench/run.py) starts every benchmark through this helper because Linux keeps a
   process's peak RSS across exec: a child forked straight from the Python runner would report
   the runner's own high-water mark. Forked from this small process, the child's ru_maxrss is its
   own. status is the exit status, or minus the signal number that ended the command. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double elapsed(const struct timespec *from, const struct timespec *to)
{
    return (double)(to->tv_sec - from->tv_sec) + (double)(to->tv_nsec - from->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: measure REPORT COMMAND [ARGS...]\n");
        return 64;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 71;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("measure: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("measure: wait4");
        return 71;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    FILE *report = fopen(argv[1], "w");
    if (report == NULL) {
        perror("measure: report");
        return 73;
    }
    fprintf(report, "%d %.9f %ld\n", code, elapsed(&start, &end), usage.ru_maxrss);
    return fclose(report) == 0 ? 0 : 74;
}
