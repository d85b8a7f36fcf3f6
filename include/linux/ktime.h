/*
 * linux/ktime.h - ktime_t (signed 64-bit nanoseconds) arithmetic and
 * conversions; the clocks are in linux/timekeeping.h (included).
 */
#ifndef KWORK_LINUX_KTIME_H
#define KWORK_LINUX_KTIME_H

#include <linux/types.h>
#include <linux/jiffies.h>
#include <linux/time64.h>

#define KTIME_MAX ((ktime_t)~((u64)1 << 63))
#define KTIME_MIN (-KTIME_MAX - 1)
#define KTIME_SEC_MAX (KTIME_MAX / KW_NSEC_PER_SEC)

/* secs:nsecs to ktime, saturating at KTIME_MAX as the kernel does. */
static inline ktime_t ktime_set(const s64 secs, const unsigned long nsecs)
{
	if (secs >= KTIME_SEC_MAX)
		return KTIME_MAX;
	return secs * KW_NSEC_PER_SEC + (s64)nsecs;
}

#define ktime_add(a, b) ((ktime_t)((a) + (b)))
#define ktime_sub(a, b) ((ktime_t)((a) - (b)))
#define ktime_add_ns(kt, ns) ((ktime_t)((kt) + (ns)))
#define ktime_sub_ns(kt, ns) ((ktime_t)((kt) - (ns)))
#define ktime_add_us(kt, us) ktime_add_ns(kt, (s64)(us) * KW_NSEC_PER_USEC)
#define ktime_add_ms(kt, ms) ktime_add_ns(kt, (s64)(ms) * KW_NSEC_PER_MSEC)
#define ktime_sub_us(kt, us) ktime_sub_ns(kt, (s64)(us) * KW_NSEC_PER_USEC)
#define ktime_sub_ms(kt, ms) ktime_sub_ns(kt, (s64)(ms) * KW_NSEC_PER_MSEC)
#define ktime_compare(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)
#define ktime_after(a, b) ((a) > (b))
#define ktime_before(a, b) ((a) < (b))
#define ktime_to_ns(kt) ((s64)(kt))
#define ktime_to_us(kt) ((s64)(kt) / KW_NSEC_PER_USEC)
#define ktime_to_ms(kt) ((s64)(kt) / KW_NSEC_PER_MSEC)
#define ktime_divns(kt, div) ((s64)(kt) / (s64)(div))
#define ktime_us_delta(later, earlier) ktime_to_us(ktime_sub(later, earlier))
#define ktime_ms_delta(later, earlier) ktime_to_ms(ktime_sub(later, earlier))
#define ns_to_ktime(ns) ((ktime_t)(ns))
#define us_to_ktime(us) ((ktime_t)(us) * KW_NSEC_PER_USEC)
#define ms_to_ktime(ms) ((ktime_t)(ms) * KW_NSEC_PER_MSEC)
#define ktime_to_timespec64(kt) ns_to_timespec64(kt)
#define timespec64_to_ktime(ts) ktime_set((ts).tv_sec, (unsigned long)(ts).tv_nsec)

#include <linux/timekeeping.h>

#endif /* KWORK_LINUX_KTIME_H */
