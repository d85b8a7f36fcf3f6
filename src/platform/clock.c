/*
 * clock.c - the one clock (CLOCK_MONOTONIC) and the wall clock.
 *
 * Layer: platform. Any thread, no state.
 */
#include "platform.h"

#include <time.h>

int64_t kw__clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t kw__clock_real_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t kw__clock_id_ns(int clockid)
{
	struct timespec ts;
	clock_gettime((clockid_t)clockid, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
