/* internal.h: helpers shared by the files of the POSIX port; not part of the ABI. */
#ifndef ORK_POSIX_INTERNAL_H
#define ORK_POSIX_INTERNAL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "ork_kernel.h"

/* Longest NUL-terminated text (path, variable name, address) a primitive copies. */
#define ORK_TEXT_MAX 4096

/* errno.c: the per-thread code and the host errno <-> ORK_E* mapping. */
void ork__set_errno(int32_t code);
int32_t ork__from_native(int native);
int ork__to_native(int32_t code);

/* trace.c: count one call of primitive id (a failure when failed), plus bytes moved. */
void ork__count(int id, int failed, uint64_t nbytes);

/* Every primitive ends through one of these, so counters and errno stay consistent. */
int64_t ork__ok(int id, int64_t result, uint64_t nbytes);
int64_t ork__fail(int id, int32_t code);
int64_t ork__fail_native(int id, int native);
void *ork__ok_ptr(int id, void *p, uint64_t nbytes);
void *ork__fail_ptr(int id, int32_t code);

/* text.c: copy a `string` argument into a NUL-terminated buffer of ORK_TEXT_MAX bytes.
   Returns ORK_OK, ORK_EINVAL (NULL data or an embedded NUL) or ORK_ENAMETOOLONG. */
int32_t ork__text(char *out, const uint8_t *s, size_t len);
/* Store little-endian numbers into out-buffers (fixed layouts of the ABI). */
void ork__put_u16(uint8_t *p, uint16_t v);
void ork__put_u32(uint8_t *p, uint32_t v);
void ork__put_u64(uint8_t *p, uint64_t v);
/* Copy text into an out-buffer, at most cap bytes; returns the full length (ABI rule). */
int64_t ork__copy_out(uint8_t *out, size_t cap, const char *text, size_t len);

/* io.c: mark a descriptor close-on-exec (children get only what proc_spawn passes). */
int ork__cloexec(int fd);

/* fs.c: close a descriptor for primitive id (EINTR counts as closed); the KIND_* of a mode. */
int ork__close(int id, int fd);
uint32_t ork__kind_of_mode(unsigned mode);

/* mem.c: allocation for the kernel's own use, subject to the allocation fault. */
void *ork__malloc(size_t size);

/* fault.c: in ORUS_FAULT_INJECTION builds, called right before a primitive's system call.
   Returns 0 to go on (it may shorten *len), or -1 with errno set to fail the call. */
#ifdef ORUS_FAULT_INJECTION
int ork__fault(int id, size_t *len);
int ork__fault_alloc(void);
#define ORK_FAULT(id, len) ork__fault((id), (len))
#define ORK_FAULT_ALLOC() ork__fault_alloc()
#else
#define ORK_FAULT(id, len) ((void)(id), (void)(len), 0)
#define ORK_FAULT_ALLOC() 0
#endif

/* The EINTR policy: run `call` (after the fault hook) again while a signal interrupts it. */
#define ORK_RETRY(rc, id, len, call) \
    do { (rc) = ORK_FAULT((id), (len)) ? -1 : (call); } while ((rc) == -1 && errno == EINTR)

#endif /* ORK_POSIX_INTERNAL_H */
