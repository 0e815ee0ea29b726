/* embed.h: the files built into the orus executable (rendered by templates/embed.py into
   build/gen/orus_embed.c): std sources, kernel.idl, the compiler's and std's bytecode. */
#ifndef ORUS_EMBED_H
#define ORUS_EMBED_H

typedef struct OrusFile {
    const char *path;               /* relative to the home folder, '/'-separated */
    const unsigned char *data;
    unsigned long size;
} OrusFile;

extern const OrusFile orus_files[];
extern const int orus_nfiles;
extern const char orus_build_id[];  /* hash of every path and byte: names the home folder */

#endif
