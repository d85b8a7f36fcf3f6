/*
 * linux/timekeeping.h - the clocks: ktime_get() and friends read
 * CLOCK_MONOTONIC, the _real forms CLOCK_REALTIME (kwork/time.h).
 */
#ifndef KWORK_LINUX_TIMEKEEPING_H
#define KWORK_LINUX_TIMEKEEPING_H

#include <linux/ktime.h>
#include <kwork/time.h>

#define ktime_get() ((ktime_t)kw_ktime_get_ns())
#define ktime_get_ns() ((u64)kw_ktime_get_ns())
#define ktime_get_real() ((ktime_t)kw_ktime_get_real_ns())
#define ktime_get_real_ns() ((u64)kw_ktime_get_real_ns())
#define ktime_get_seconds() ((time64_t)(kw_ktime_get_ns() / KW_NSEC_PER_SEC))
#define ktime_get_real_seconds() \
	((time64_t)(kw_ktime_get_real_ns() / KW_NSEC_PER_SEC))
#define ktime_get_ts64(ts) ((void)(*(ts) = ns_to_timespec64(kw_ktime_get_ns())))
#define ktime_get_real_ts64(ts) \
	((void)(*(ts) = ns_to_timespec64(kw_ktime_get_real_ns())))

#endif /* KWORK_LINUX_TIMEKEEPING_H */
