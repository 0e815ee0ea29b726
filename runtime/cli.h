/* cli.h: running a compiled program, shared by orusvm (main.c) and orus (orus.c). */
#ifndef ORUS_CLI_H
#define ORUS_CLI_H

#define ORUS_VERSION "0.1.0"
enum { EXIT_OK = 0, EXIT_USAGE = 64, EXIT_BYTECODE = 65, EXIT_RUNTIME = 70 };

typedef struct OrvProgram {
    const char *file;               /* the .orbc to run (or list) */
    int dis;                        /* list its code instead of running it */
    int no_prelude;
    char **libs;                    /* where imports are searched, after the file's folder */
    int nlibs;
    int argc;                       /* what env.args() returns: argv[0] names the program */
    char **argv;
} OrvProgram;

/* Load and run (or list) a program on a fresh VM; returns the exit status. */
int orv_exec(const OrvProgram *p);

/* The orusvm command line. */
int orv_main(int argc, char **argv);

/* The command name diagnostics start with ("orusvm" unless set). */
void orv_set_prog(const char *name);

#endif
