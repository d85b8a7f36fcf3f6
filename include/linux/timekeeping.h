/*
 * linux/timekeeping.h - the clocks: ktime_get() and friends read
 * CLOCK_MONOTONIC, the _real forms CLOCK_REALTIME, _boottime
 * CLOCK_BOOTTIME (counts host suspend), _raw CLOCK_MONOTONIC_RAW, _clocktai
 * CLOCK_TAI (kwork/time.h). The _fast_ns / _coarse forms read the same
 * clocks (userspace has no cheaper NMI-safe or tick-granular copy).
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
#define ktime_get_boottime() ((ktime_t)kw_ktime_get_clock_ns(CLOCK_BOOTTIME))
#define ktime_get_boottime_ns() ((u64)kw_ktime_get_clock_ns(CLOCK_BOOTTIME))
#define ktime_get_boottime_seconds() \
	((time64_t)(kw_ktime_get_clock_ns(CLOCK_BOOTTIME) / KW_NSEC_PER_SEC))
#define ktime_get_boottime_ts64(ts) \
	((void)(*(ts) = ns_to_timespec64(kw_ktime_get_clock_ns(CLOCK_BOOTTIME))))
#define ktime_get_raw() ((ktime_t)kw_ktime_get_clock_ns(CLOCK_MONOTONIC_RAW))
#define ktime_get_raw_ns() ((u64)kw_ktime_get_clock_ns(CLOCK_MONOTONIC_RAW))
#define ktime_get_clocktai() ((ktime_t)kw_ktime_get_clock_ns(CLOCK_TAI))
#define ktime_get_clocktai_ns() ((u64)kw_ktime_get_clock_ns(CLOCK_TAI))
#define ktime_get_mono_fast_ns() ktime_get_ns()
#define ktime_get_boot_fast_ns() ktime_get_boottime_ns()
#define ktime_get_real_fast_ns() ktime_get_real_ns()
#define ktime_get_coarse() ktime_get()
#define ktime_get_coarse_ns() ktime_get_ns()
#define ktime_get_coarse_real_ts64(ts) ktime_get_real_ts64(ts)
#define ktime_get_coarse_ts64(ts) ktime_get_ts64(ts)

#endif /* KWORK_LINUX_TIMEKEEPING_H */
