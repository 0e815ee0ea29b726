/* mem.c: aligned allocation for the VM, the GC and Orus byte buffers. */
#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool is_pow2(size_t a)
{
    return a != 0 && (a & (a - 1)) == 0;
}

/* malloc already aligns to max_align_t; only stricter alignments need posix_memalign. */
static bool needs_memalign(size_t align)
{
    return align > alignof(max_align_t);
}

static void *raw_alloc(int id, size_t size, size_t align)
{
    size_t len = size;
    if (ORK_FAULT(id, &len) || ORK_FAULT_ALLOC())
        return NULL;
    if (!needs_memalign(align))
        return malloc(size);
    void *p = NULL;
    int rc = posix_memalign(&p, align, size);
    if (rc != 0) {
        errno = rc;
        return NULL;
    }
    return p;
}

void *ork__malloc(size_t size)
{
    if (ORK_FAULT_ALLOC())
        return NULL;
    return malloc(size);
}

void *ork_mem_alloc(size_t size, size_t align)
{
    if (size == 0 || !is_pow2(align))
        return ork__fail_ptr(ORK_ID_MEM_ALLOC, ORK_EINVAL);
    void *p = raw_alloc(ORK_ID_MEM_ALLOC, size, align);
    if (p == NULL)
        return ork__fail_ptr(ORK_ID_MEM_ALLOC, errno == EINVAL ? ORK_EINVAL : ORK_ENOMEM);
    return ork__ok_ptr(ORK_ID_MEM_ALLOC, p, size);
}

/* realloc() cannot keep an over-aligned block aligned, so those move by hand. */
static void *realloc_aligned(void *ptr, size_t old_size, size_t new_size, size_t align)
{
    void *p = raw_alloc(ORK_ID_MEM_REALLOC, new_size, align);
    if (p == NULL)
        return NULL;
    memcpy(p, ptr, old_size < new_size ? old_size : new_size);
    free(ptr);
    return p;
}

void *ork_mem_realloc(void *ptr, size_t old_size, size_t new_size, size_t align)
{
    if (new_size == 0 || !is_pow2(align))
        return ork__fail_ptr(ORK_ID_MEM_REALLOC, ORK_EINVAL);
    void *p;
    if (ptr == NULL) {
        p = raw_alloc(ORK_ID_MEM_REALLOC, new_size, align);
    } else if (needs_memalign(align)) {
        p = realloc_aligned(ptr, old_size, new_size, align);
    } else {
        size_t len = new_size;
        p = (ORK_FAULT(ORK_ID_MEM_REALLOC, &len) || ORK_FAULT_ALLOC()) ? NULL : realloc(ptr, new_size);
    }
    if (p == NULL)
        return ork__fail_ptr(ORK_ID_MEM_REALLOC, errno == EINVAL ? ORK_EINVAL : ORK_ENOMEM);
    return ork__ok_ptr(ORK_ID_MEM_REALLOC, p, new_size);
}

void ork_mem_free(void *ptr, size_t size, size_t align)
{
    (void)align;   /* posix_memalign blocks are released by free() like the others */
    free(ptr);
    ork__count(ORK_ID_MEM_FREE, 0, ptr != NULL ? size : 0);
}

int32_t ork_mem_zero(void *ptr, size_t size)
{
    if (ptr == NULL && size > 0)
        return (int32_t)ork__fail(ORK_ID_MEM_ZERO, ORK_EINVAL);
    if (size > 0)
        memset(ptr, 0, size);
    return (int32_t)ork__ok(ORK_ID_MEM_ZERO, 0, size);
}
