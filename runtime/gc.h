/* gc.h: the precise mark & sweep collector and the allocation entry points of the VM. */
#ifndef ORV_GC_H
#define ORV_GC_H

#include "vm.h"

/* First collection threshold; afterwards the next threshold is ORGC_GROWTH x live bytes. */
#define ORGC_MIN_THRESHOLD ((size_t)1 << 20)
#define ORGC_GROWTH 2

/* A new object of `size` bytes (header filled, the rest zeroed). Collects first when the
   heap grew past its threshold; out of memory even after collecting is fatal (exit 70). */
void *orgc_alloc(OrvVM *vm, size_t size, uint8_t kind);
/* The same with only the header initialised: the caller fills every other byte. */
void *orgc_alloc_bare(OrvVM *vm, size_t size, uint8_t kind);
/* Raw storage for array items and byte buffers, counted in the heap size. */
void *orgc_storage(OrvVM *vm, size_t size);
void *orgc_restorage(OrvVM *vm, void *p, size_t old_size, size_t new_size);
void orgc_free_storage(OrvVM *vm, void *p, size_t size);

void orgc_init(OrvVM *vm);
void orgc_collect(OrvVM *vm);
/* Free every object (and run pending finalizers) at exit. */
void orgc_free_all(OrvVM *vm);
/* Statistic `which` of __gc_stat (runtime/opcodes.def lists them); -1 when unknown. */
int64_t orgc_stat(const OrvVM *vm, int which);

#endif /* ORV_GC_H */
