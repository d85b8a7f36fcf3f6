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
#define time_in_range_open kw_time_in_range_open
#define time_after64 kw_time_after64
#define time_before64 kw_time_before64
#define time_after_eq64 kw_time_after_eq64
#define time_before_eq64 kw_time_before_eq64
#define time_in_range64 kw_time_in_range64
/* time_is_*_jiffies(a): where a lies relative to now. */
#define time_is_before_jiffies(a) kw_time_after(kw_jiffies(), a)
#define time_is_after_jiffies(a) kw_time_before(kw_jiffies(), a)
#define time_is_before_eq_jiffies(a) kw_time_after_eq(kw_jiffies(), a)
#define time_is_after_eq_jiffies(a) kw_time_before_eq(kw_jiffies(), a)
#define time_is_before_jiffies64(a) kw_time_after64(kw_get_jiffies_64(), a)
#define time_is_after_jiffies64(a) kw_time_before64(kw_get_jiffies_64(), a)
#define time_is_before_eq_jiffies64(a) kw_time_after_eq64(kw_get_jiffies_64(), a)
#define time_is_after_eq_jiffies64(a) kw_time_before_eq64(kw_get_jiffies_64(), a)
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
