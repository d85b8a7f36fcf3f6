/*
 * clock.c - the one clock (CLOCK_MONOTONIC), its coarse variant and the
 * wall clock.
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

int64_t kw__clock_coarse_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t kw__clock_coarse_res_ns(void)
{
	static int64_t res;	/* A: 0 until first read; the same for every reader */
	int64_t r = __atomic_load_n(&res, __ATOMIC_RELAXED);
	if (!r) {
		struct timespec ts;
		clock_getres(CLOCK_MONOTONIC_COARSE, &ts);
		r = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		__atomic_store_n(&res, r, __ATOMIC_RELAXED);
	}
	return r;
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
