/* fault.c: fault injection (ORUS_FAULT_INJECTION builds only). Each primitive calls
   ork__fault() right before its system call; an armed slot then fakes a host error,
   an interruption or a short transfer, so tests reach error paths the host rarely shows. */
#include "internal.h"

#ifdef ORUS_FAULT_INJECTION
#include "ork_fault.h"

typedef struct Slot { int32_t id, kind; int64_t nth, arg; } Slot;

/* Per thread: a test arms faults for the calls it makes, not for other threads. */
static _Thread_local Slot slots[ORK_FAULT_SLOTS];
static _Thread_local int64_t calls[ORK_NPRIMS];
static _Thread_local int64_t fired;
static _Thread_local int64_t alloc_after = -1, alloc_count;

void ork_fault_reset(void)
{
    for (int i = 0; i < ORK_FAULT_SLOTS; i++)
        slots[i].kind = 0;
    for (int i = 0; i < ORK_NPRIMS; i++)
        calls[i] = 0;
    fired = 0;
    alloc_after = -1;
    alloc_count = 0;
}

void ork_fault_alloc(int64_t after, int64_t count)
{
    alloc_after = after;
    alloc_count = count;
}

int32_t ork_fault_arm(int32_t id, int64_t nth, int32_t kind, int64_t arg)
{
    if (id < 0 || id >= ORK_NPRIMS || nth < 1 || kind < ORK_FAULT_ERROR || kind > ORK_FAULT_SHORT)
        return -1;
    if (kind == ORK_FAULT_ERROR && ork__to_native((int32_t)arg) == 0)
        return -1;
    for (int i = 0; i < ORK_FAULT_SLOTS; i++) {
        if (slots[i].kind == 0) {
            slots[i] = (Slot){id, kind, calls[id] + nth, arg};
            return 0;
        }
    }
    return -1;
}

int64_t ork_fault_fired(void)
{
    return fired;
}

static int apply(Slot *s, size_t *len)
{
    int kind = s->kind;
    s->kind = 0;
    fired++;
    switch (kind) {
    case ORK_FAULT_SHORT:
        if (len != NULL && *len > (size_t)s->arg)
            *len = (size_t)s->arg;
        return 0;
    case ORK_FAULT_EINTR:
        errno = EINTR;
        return -1;
    case ORK_FAULT_EAGAIN:
        errno = EAGAIN;
        return -1;
    default:
        errno = ork__to_native((int32_t)s->arg);
        return -1;
    }
}

int ork__fault(int id, size_t *len)
{
    int64_t n = ++calls[id];
    for (int i = 0; i < ORK_FAULT_SLOTS; i++)
        if (slots[i].kind != 0 && slots[i].id == id && slots[i].nth == n)
            return apply(&slots[i], len);
    return 0;
}

/* fail-after-N: counts every allocation the kernel makes, for Orus or for itself */
int ork__fault_alloc(void)
{
    if (alloc_after < 0)
        return 0;
    if (alloc_after > 0) {
        alloc_after--;
        return 0;
    }
    if (alloc_count == 0)
        return 0;
    if (alloc_count > 0)
        alloc_count--;
    fired++;
    errno = ENOMEM;
    return -1;
}
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int ork_fault_disabled;
#endif
