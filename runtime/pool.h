/* pool.h: size-class free lists over kernel memory for the GC's small blocks (objects and
   array or byte storage up to ORGC_POOL_MAX bytes). A malloc per object cost more than the
   interpreter itself on allocation-heavy programs; a pooled block is a pointer pop. */
#ifndef ORGC_POOL_H
#define ORGC_POOL_H

#include <stddef.h>
#include <stdint.h>

#define ORGC_POOL_GRAIN 16
#define ORGC_POOL_CHUNK ((size_t)64 * 1024)
#if defined(__SANITIZE_ADDRESS__) || defined(ORV_NO_POOL)
#define ORGC_POOL_MAX 0         /* ASan sees every block: no pooling under the sanitizers */
#else
#define ORGC_POOL_MAX 512
#endif
#define ORGC_NCLASSES (512 / ORGC_POOL_GRAIN)

typedef struct OrgcPool {
    void *free[ORGC_NCLASSES];  /* class c holds blocks of (c + 1) * 16 bytes */
    uint8_t *bump, *bump_end;   /* the unused tail of the newest chunk */
    void *chunks;               /* every chunk, linked through its first word */
    size_t nchunks;
} OrgcPool;

/* Is a block of this size served by the pool? Decided by size alone, so free and
   realloc find the same allocator the block came from. */
static inline int orgc_pooled(size_t size)
{
    return size <= ORGC_POOL_MAX;
}

static inline unsigned orgc_pool_class(size_t size)
{
    return (unsigned)((size + ORGC_POOL_GRAIN - 1) / ORGC_POOL_GRAIN) - 1;
}

void *orgc_pool_refill(OrgcPool *p, size_t size);

/* A block of `size` (1..ORGC_POOL_MAX) bytes, 16-aligned and uninitialised; NULL when the
   kernel refuses a new chunk. */
static inline void *orgc_pool_alloc(OrgcPool *p, size_t size)
{
    unsigned c = orgc_pool_class(size);
    void *b = p->free[c];
    if (b != NULL) {
        p->free[c] = *(void **)b;
        return b;
    }
    return orgc_pool_refill(p, size);
}

static inline void orgc_pool_free(OrgcPool *p, void *b, size_t size)
{
    unsigned c = orgc_pool_class(size);
    *(void **)b = p->free[c];
    p->free[c] = b;
}

/* Give every chunk back to the kernel (at exit). */
void orgc_pool_release(OrgcPool *p);

#endif /* ORGC_POOL_H */
