/* linux/jiffies.h - jiffies, HZ and conversions over kwork/time.h. */
#ifndef KWORK_LINUX_JIFFIES_H
#define KWORK_LINUX_JIFFIES_H

#include <linux/types.h>
#include <kwork/time.h>

#undef HZ
#define HZ KW_HZ
#define jiffies (kw_jiffies())
#define jiffies_64 ((u64)kw_get_jiffies_64())
#define INITIAL_JIFFIES KW_INITIAL_JIFFIES
#define MAX_JIFFY_OFFSET KW_MAX_JIFFY_OFFSET
#define MSEC_PER_SEC KW_MSEC_PER_SEC
#define USEC_PER_SEC KW_USEC_PER_SEC
#define NSEC_PER_SEC KW_NSEC_PER_SEC
#define NSEC_PER_USEC KW_NSEC_PER_USEC
#define NSEC_PER_MSEC KW_NSEC_PER_MSEC
#define time_after kw_time_after
#define time_before kw_time_before
#define time_after_eq kw_time_after_eq
#define time_before_eq kw_time_before_eq
#define time_in_range kw_time_in_range
#define time_in_range_open(a, b, c) (time_after_eq(a, b) && time_before(a, c))
/* The 64-bit forms, for get_jiffies_64() values (wrap-safe the same way). */
#define time_after64(a, b) ((__s64)((__u64)(b) - (__u64)(a)) < 0)
#define time_before64(a, b) time_after64(b, a)
#define time_after_eq64(a, b) ((__s64)((__u64)(a) - (__u64)(b)) >= 0)
#define time_before_eq64(a, b) time_after_eq64(b, a)
#define time_in_range64(a, b, c) (time_after_eq64(a, b) && time_before_eq64(a, c))
/* Compare a time with now: "is a before now" is time_after(jiffies, a). */
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_before_jiffies64(a) time_after64(get_jiffies_64(), a)
#define time_is_after_jiffies(a) time_before(jiffies, a)
#define time_is_after_jiffies64(a) time_before64(get_jiffies_64(), a)
#define time_is_before_eq_jiffies(a) time_after_eq(jiffies, a)
#define time_is_before_eq_jiffies64(a) time_after_eq64(get_jiffies_64(), a)
#define time_is_after_eq_jiffies(a) time_before_eq(jiffies, a)
#define time_is_after_eq_jiffies64(a) time_before_eq64(get_jiffies_64(), a)
#define msecs_to_jiffies kw_msecs_to_jiffies
#define usecs_to_jiffies kw_usecs_to_jiffies
#define secs_to_jiffies kw_secs_to_jiffies
#define jiffies_to_msecs kw_jiffies_to_msecs
#define jiffies_to_usecs kw_jiffies_to_usecs


/* The kernel's u64 (unsigned long long), not the kw_ API's uint64_t. */
static inline u64 get_jiffies_64(void) { return kw_get_jiffies_64(); }
static inline unsigned long nsecs_to_jiffies(u64 n)
{
	return kw_nsecs_to_jiffies(n);
}
static inline u64 jiffies_to_nsecs(const unsigned long j)
{
	return kw_jiffies_to_nsecs(j);
}

#endif /* KWORK_LINUX_JIFFIES_H */
