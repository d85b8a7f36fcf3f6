/*
 * test_clock.c - linux/sched/clock.h and the timekeeping clocks: each reads
 * the host clock it names (bracketed by clock_gettime reads), the deltas
 * and comparisons of linux/ktime.h.
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <linux/ktime.h>
#include <linux/sched/clock.h>
#include <linux/timekeeping.h>

#include <time.h>

static s64 host_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (s64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#define KWT_ASSERT_READS(clock, expr)                                      \
	do {                                                               \
		s64 __lo = host_ns(clock);                                 \
		s64 __v = (s64)(expr);                                     \
		s64 __hi = host_ns(clock);                                 \
		KWT_ASSERT(__lo <= __v && __v <= __hi);                    \
	} while (0)

KWT_TEST("clock", sched_clocks_read_clock_monotonic)
{
	KWT_ASSERT_READS(CLOCK_MONOTONIC, local_clock());
	KWT_ASSERT_READS(CLOCK_MONOTONIC, sched_clock());
	KWT_ASSERT_READS(CLOCK_MONOTONIC, running_clock());
	KWT_ASSERT_READS(CLOCK_MONOTONIC, cpu_clock(0));
	u64 a = local_clock(), b = local_clock();
	KWT_ASSERT(b >= a);
}

KWT_TEST("clock", ktime_clocks_read_the_named_host_clock)
{
	KWT_ASSERT_READS(CLOCK_MONOTONIC, ktime_get_ns());
	KWT_ASSERT_READS(CLOCK_MONOTONIC, ktime_get());
	KWT_ASSERT_READS(CLOCK_REALTIME, ktime_get_real_ns());
	KWT_ASSERT_READS(CLOCK_BOOTTIME, ktime_get_boottime_ns());
	KWT_ASSERT_READS(CLOCK_BOOTTIME, ktime_get_boottime());
	KWT_ASSERT_READS(CLOCK_MONOTONIC_RAW, ktime_get_raw_ns());
	KWT_ASSERT_READS(CLOCK_TAI, ktime_get_clocktai_ns());
	KWT_ASSERT_READS(CLOCK_MONOTONIC, ktime_get_mono_fast_ns());
	KWT_ASSERT_READS(CLOCK_BOOTTIME, ktime_get_boot_fast_ns());
	struct timespec64 ts;
	s64 lo = host_ns(CLOCK_BOOTTIME);
	ktime_get_boottime_ts64(&ts);
	KWT_ASSERT(timespec64_to_ns(&ts) >= lo);
}

KWT_TEST("clock", ktime_deltas_and_order)
{
	ktime_t early = ms_to_ktime(1000), late = ktime_add_us(early, 2500);
	KWT_ASSERT_EQ(ktime_us_delta(late, early), 2500);
	KWT_ASSERT_EQ(ktime_ms_delta(late, early), 2);
	KWT_ASSERT(ktime_before(early, late));
	KWT_ASSERT(ktime_after(late, early));
	KWT_ASSERT(!ktime_after(early, early));
	KWT_ASSERT_EQ(ktime_compare(early, late), -1);
}
