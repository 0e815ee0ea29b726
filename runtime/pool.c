/* pool.c: the slow path of the size-class allocator: carving blocks from 64 KiB chunks
   taken from the kernel. Freed blocks go back to their class's list and are never
   returned to the kernel before exit (a program's peak is what its next peak needs). */
#include "pool.h"
#include "ork_kernel.h"

/* Put the unused tail of the current chunk on the free list of its size. */
static void retire_tail(OrgcPool *p)
{
    size_t left = (size_t)(p->bump_end - p->bump);
    if (left >= ORGC_POOL_GRAIN) {
        left = left > 512 ? 512 : left - left % ORGC_POOL_GRAIN;
        orgc_pool_free(p, p->bump, left);
    }
    p->bump = p->bump_end = NULL;
}

void *orgc_pool_refill(OrgcPool *p, size_t size)
{
    size_t need = (size_t)(orgc_pool_class(size) + 1) * ORGC_POOL_GRAIN;
    if ((size_t)(p->bump_end - p->bump) < need) {
        uint8_t *chunk = ork_mem_alloc(ORGC_POOL_CHUNK, 16);
        if (chunk == NULL)
            return NULL;
        retire_tail(p);
        *(void **)chunk = p->chunks;
        p->chunks = chunk;
        p->nchunks++;
        p->bump = chunk + ORGC_POOL_GRAIN;        /* the first grain links the chunks */
        p->bump_end = chunk + ORGC_POOL_CHUNK;
    }
    void *b = p->bump;
    p->bump += need;
    return b;
}

void orgc_pool_release(OrgcPool *p)
{
    while (p->chunks != NULL) {
        void *next = *(void **)p->chunks;
        ork_mem_free(p->chunks, ORGC_POOL_CHUNK, 16);
        p->chunks = next;
    }
    for (unsigned c = 0; c < ORGC_NCLASSES; c++)
        p->free[c] = NULL;
    p->bump = p->bump_end = NULL;
    p->nchunks = 0;
}
