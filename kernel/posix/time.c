/* time.c: the monotonic clock (never decreases) and wall-clock UTC, in nanoseconds. */
#include <time.h>

#include "internal.h"

static int64_t nanoseconds(const struct timespec *ts)
{
    return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

int64_t ork_time_monotonic(void)
{
    /* CLOCK_MONOTONIC cannot fail with a valid clock id and is non-decreasing by POSIX */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ork__ok(ORK_ID_TIME_MONOTONIC, nanoseconds(&ts), 0);
}

int64_t ork_time_utc(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ork__ok(ORK_ID_TIME_UTC, nanoseconds(&ts), 0);
}
