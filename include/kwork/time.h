/*
 * kwork/time.h - the one clock: jiffies, ktime, conversions and sleeping.
 *
 * Layer: platform + task core (public API). Everything derives from
 * CLOCK_MONOTONIC read in one place. jiffies = KW_INITIAL_JIFFIES + whole
 * jiffies elapsed since the library started; no thread ticks to keep it.
 * KW_HZ is fixed when libkwork is built (default 1000, see kwork/config.h);
 * the conversions below are inline and follow the kernel's rounding.
 */
#ifndef KWORK_TIME_H
#define KWORK_TIME_H

#include <kwork/compiler.h>
#include <kwork/config.h>
#include <limits.h>
#include <time.h>

KW_BEGIN_DECLS

#define KW_MSEC_PER_SEC 1000L
#define KW_USEC_PER_SEC 1000000L
#define KW_NSEC_PER_SEC 1000000000L
#define KW_NSEC_PER_USEC 1000L
#define KW_NSEC_PER_MSEC 1000000L

/* jiffies start 5 minutes before the 32-bit wrap, as in the kernel. */
#define KW_INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300 * KW_HZ))
#define KW_MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

/* The jiffies counter. Context: any. Cost: one clock read. */
KW_API unsigned long kw_jiffies(void);
KW_API uint64_t kw_get_jiffies_64(void);

/* CLOCK_MONOTONIC in ns (ktime_get), and CLOCK_REALTIME in ns. */
KW_API int64_t kw_ktime_get_ns(void);
KW_API int64_t kw_ktime_get_real_ns(void);
/*
 * kw_ktime_get_clock_ns - clock_gettime(clock) in ns (CLOCK_BOOTTIME for
 * ktime_get_boottime, CLOCK_MONOTONIC_RAW for ktime_get_raw, CLOCK_TAI for
 * ktime_get_clocktai). Context: any. A clock the host lacks is an internal
 * bug (BUG_ON: abort with file:line).
 */
KW_API int64_t kw_ktime_get_clock_ns(clockid_t clock);

/* Nanoseconds since libkwork started (the dmesg timestamp base). */
KW_API int64_t kw_uptime_ns(void);

/* CLOCK_MONOTONIC time at which jiffies reaches j (j may be past). */
KW_API int64_t kw_jiffies_to_ktime_ns(unsigned long j);

/* Wrap-safe comparisons. */
#define kw_time_after(a, b) ((long)((b) - (a)) < 0)
#define kw_time_before(a, b) kw_time_after(b, a)
#define kw_time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define kw_time_before_eq(a, b) kw_time_after_eq(b, a)
#define kw_time_in_range(a, b, c) \
	(kw_time_after_eq(a, b) && kw_time_before_eq(a, c))
/* kw_time_in_range_open - b <= a < c, wrap-safe (time_in_range_open). */
#define kw_time_in_range_open(a, b, c) \
	(kw_time_after_eq(a, b) && kw_time_before(a, c))
/* The same on 64-bit counters (get_jiffies_64() values): time_after64 & co. */
#define kw_time_after64(a, b) ((int64_t)((uint64_t)(b) - (uint64_t)(a)) < 0)
#define kw_time_before64(a, b) kw_time_after64(b, a)
#define kw_time_after_eq64(a, b) ((int64_t)((uint64_t)(a) - (uint64_t)(b)) >= 0)
#define kw_time_before_eq64(a, b) kw_time_after_eq64(b, a)
#define kw_time_in_range64(a, b, c) \
	(kw_time_after_eq64(a, b) && kw_time_before_eq64(a, c))

/* Conversions: to jiffies round up; 0 maps to 0; negative ints saturate. */
static inline unsigned long kw_msecs_to_jiffies(unsigned int m)
{
	if ((int)m < 0)
		return KW_MAX_JIFFY_OFFSET;
	return (unsigned long)(((uint64_t)m * KW_HZ + KW_MSEC_PER_SEC - 1) /
			       KW_MSEC_PER_SEC);
}

/*
 * kw_usecs_to_jiffies - usecs_to_jiffies(): u microseconds rounded up to
 * whole jiffies. Return: 0 for 0; KW_MAX_JIFFY_OFFSET if (int)u < 0.
 */
static inline unsigned long kw_usecs_to_jiffies(unsigned int u)
{
	if ((int)u < 0)
		return KW_MAX_JIFFY_OFFSET;
	return (unsigned long)(((uint64_t)u * KW_HZ + KW_USEC_PER_SEC - 1) /
			       KW_USEC_PER_SEC);
}

/* Rounds down, as the kernel's nsecs_to_jiffies. */
static inline unsigned long kw_nsecs_to_jiffies(uint64_t n)
{
	return (unsigned long)(n / (KW_NSEC_PER_SEC / KW_HZ));
}

/* kw_secs_to_jiffies - secs_to_jiffies(): s * HZ, exact; no overflow check. */
static inline unsigned long kw_secs_to_jiffies(unsigned long s)
{
	return s * KW_HZ;
}

/* kw_jiffies_to_msecs - jiffies_to_msecs(): j in ms, rounded down, truncated to unsigned int. */
static inline unsigned int kw_jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)((uint64_t)j * KW_MSEC_PER_SEC / KW_HZ);
}

/* kw_jiffies_to_usecs - jiffies_to_usecs(): j in us, rounded down, truncated to unsigned int. */
static inline unsigned int kw_jiffies_to_usecs(unsigned long j)
{
	return (unsigned int)((uint64_t)j * KW_USEC_PER_SEC / KW_HZ);
}

/* kw_jiffies_to_nsecs - jiffies_to_nsecs(): j * (NSEC_PER_SEC / HZ); exact when HZ divides 10^9. */
static inline uint64_t kw_jiffies_to_nsecs(unsigned long j)
{
	return (uint64_t)j * (KW_NSEC_PER_SEC / KW_HZ);
}

/*
 * Sleeping. Context: may sleep (each WARNs in a timer callback).
 * kw_msleep: uninterruptible, never returns before ms have passed; 0 returns
 * at once (6.12+). kw_msleep_interruptible: returns the milliseconds left
 * when a signal (kthread_stop) cut it short, else 0. kw_usleep_range: never
 * before min_us; max_us < min_us WARNs. kw_fsleep: picks the right one.
 */
KW_API void kw_msleep(unsigned int ms);
KW_API unsigned long kw_msleep_interruptible(unsigned int ms);
KW_API void kw_ssleep(unsigned int seconds);
KW_API void kw_usleep_range(unsigned long min_us, unsigned long max_us);
KW_API void kw_usleep_range_state(unsigned long min_us, unsigned long max_us,
				  unsigned int state);
KW_API void kw_fsleep(unsigned long usecs);

/* Busy waits: never sleep, fine in any context. */
KW_API void kw_ndelay(unsigned long ns);
KW_API void kw_udelay(unsigned long us);
KW_API void kw_mdelay(unsigned long ms);

KW_END_DECLS

#endif /* KWORK_TIME_H */
