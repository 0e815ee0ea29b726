/* ork_fault.h: fault injection control, present only in builds with ORUS_FAULT_INJECTION
   (build/lib/libork_fault.*). Tests drive it to reach every error path of the kernel.
   State is per thread: a fault armed on one thread never fires on another. */
#ifndef ORK_FAULT_H
#define ORK_FAULT_H

#include <stdint.h>

/* What an armed fault does to the primitive's next system call. */
enum {
    ORK_FAULT_ERROR = 1,   /* fail with the ORK_E* code given as arg (mapped to the host errno) */
    ORK_FAULT_EINTR = 2,   /* fail with EINTR: the kernel must retry */
    ORK_FAULT_EAGAIN = 3,  /* fail with EAGAIN */
    ORK_FAULT_SHORT = 4,   /* transfer at most arg bytes (short read or write) */
};

#define ORK_FAULT_SLOTS 8

/* Disarm every fault and the allocation limit; zero the per-primitive call counts. */
void ork_fault_reset(void);
/* Let `after` allocations succeed, then fail the next `count` (-1: every one after). */
void ork_fault_alloc(int64_t after, int64_t count);
/* On the nth (1-based, counted from now) system call of primitive id, apply kind/arg.
   Returns 0, or -1 when every slot is taken or the arguments are invalid. */
int32_t ork_fault_arm(int32_t id, int64_t nth, int32_t kind, int64_t arg);
/* Number of faults fired on this thread since the last reset. */
int64_t ork_fault_fired(void);

#endif /* ORK_FAULT_H */
