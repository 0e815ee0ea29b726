/* trace.c: process-wide per-primitive counters (calls, failures, bytes moved).
   Atomic and relaxed: they are statistics, never used to order other memory. */
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "internal.h"

typedef struct Counters { _Atomic uint64_t calls, failures, bytes; } Counters;
static Counters counters[ORK_NPRIMS];

#define TRACE_RECORD 24   /* u64 calls, u64 failures, u64 bytes */
#define TRACE_LINE 160

void ork__count(int id, int failed, uint64_t nbytes)
{
    Counters *c = &counters[id];
    atomic_fetch_add_explicit(&c->calls, 1, memory_order_relaxed);
    if (failed)
        atomic_fetch_add_explicit(&c->failures, 1, memory_order_relaxed);
    if (nbytes)
        atomic_fetch_add_explicit(&c->bytes, nbytes, memory_order_relaxed);
}

static uint64_t load(_Atomic uint64_t *v)
{
    return atomic_load_explicit(v, memory_order_relaxed);
}

int32_t ork_trace_query(int32_t id, uint8_t *out, size_t out_len)
{
    if (id < 0 || id >= ORK_NPRIMS || out == NULL || out_len < TRACE_RECORD)
        return (int32_t)ork__fail(ORK_ID_TRACE_QUERY, ORK_EINVAL);
    /* read before counting this query, so querying trace_query shows earlier calls only */
    ork__put_u64(out, load(&counters[id].calls));
    ork__put_u64(out + 8, load(&counters[id].failures));
    ork__put_u64(out + 16, load(&counters[id].bytes));
    return (int32_t)ork__ok(ORK_ID_TRACE_QUERY, 0, TRACE_RECORD);
}

/* Write all of a line, retrying interrupted and partial writes. Returns 0 or an errno. */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w;
        size_t len = n;
        ORK_RETRY(w, ORK_ID_TRACE_EMIT, &len, write(fd, p, len));
        if (w < 0)
            return errno;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int64_t ork_trace_emit(int32_t fd)
{
    char line[TRACE_LINE];
    int64_t total = 0;
    for (int id = 0; id < ORK_NPRIMS; id++) {
        uint64_t calls = load(&counters[id].calls);
        if (calls == 0)
            continue;
        int n = snprintf(line, sizeof line, "%d %s %llu %llu %llu\n", id, ork_prims[id].name,
                         (unsigned long long)calls, (unsigned long long)load(&counters[id].failures),
                         (unsigned long long)load(&counters[id].bytes));
        int err = write_all(fd, line, (size_t)n);
        if (err)
            return ork__fail_native(ORK_ID_TRACE_EMIT, err);
        total += n;
    }
    return ork__ok(ORK_ID_TRACE_EMIT, total, (uint64_t)total);
}
