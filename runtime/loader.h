/* loader.h: reading, verifying and linking .orbc modules (docs/bytecode.md 3-5). */
#ifndef ORL_LOADER_H
#define ORL_LOADER_H

#include "vm.h"

enum { ORL_LOADING = 1, ORL_READY = 2 };

typedef struct OrlError {
    char msg[256];
} OrlError;

/* Parse and verify an image; the module is not registered or linked. NULL on error. */
OrvModule *orl_parse(OrvVM *vm, const uint8_t *data, size_t len, OrlError *err);
/* Load the module in `path` and, first, every module it imports (depth first); `want` is
   the module name expected (NULL for the program). The module and its imports are
   appended to the VM's run order. NULL on error (err says why; exit status 65). */
OrvModule *orl_load_file(OrvVM *vm, const char *path, const char *want, OrlError *err);
/* Load module `name` from the library path unless it is loaded; NULL when absent/bad. */
OrvModule *orl_require(OrvVM *vm, const char *name, const char *from_dir, OrlError *err, int *absent);
/* Free a module's tables (not its GC objects). */
void orl_free_module(OrvModule *m);
/* Run order: modules in the order their init functions must run. */
OrvModule *orl_first(OrvVM *vm);

/* verify.c */
int orl_verify_proto(OrvVM *vm, const OrvModule *m, const OrvProto *p, OrlError *err);

#endif /* ORL_LOADER_H */
