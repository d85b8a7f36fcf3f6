/* linux/jiffies.h - jiffies, HZ and conversions over kwork/time.h. */
#ifndef KWORK_LINUX_JIFFIES_H
#define KWORK_LINUX_JIFFIES_H

#include <linux/types.h>
#include <kwork/time.h>

#undef HZ
#define HZ KW_HZ
#define jiffies (kw_jiffies())
#define jiffies_64 (kw_get_jiffies_64())
#define get_jiffies_64() kw_get_jiffies_64()
#define INITIAL_JIFFIES KW_INITIAL_JIFFIES
#define MAX_JIFFY_OFFSET KW_MAX_JIFFY_OFFSET
#define MSEC_PER_SEC KW_MSEC_PER_SEC
#define USEC_PER_SEC KW_USEC_PER_SEC
#define NSEC_PER_SEC KW_NSEC_PER_SEC
#define NSEC_PER_USEC KW_NSEC_PER_USEC
#define NSEC_PER_MSEC KW_NSEC_PER_MSEC
#define time_after(a, b) kw_time_after(a, b)
#define time_before(a, b) kw_time_before(a, b)
#define time_after_eq(a, b) kw_time_after_eq(a, b)
#define time_before_eq(a, b) kw_time_before_eq(a, b)
#define time_in_range(a, b, c) kw_time_in_range(a, b, c)
#define time_in_range_open(a, b, c) kw_time_in_range_open(a, b, c)
#define time_after64(a, b) kw_time_after64(a, b)
#define time_before64(a, b) kw_time_before64(a, b)
#define time_after_eq64(a, b) kw_time_after_eq64(a, b)
#define time_before_eq64(a, b) kw_time_before_eq64(a, b)
#define time_in_range64(a, b, c) kw_time_in_range64(a, b, c)
/* time_is_*_jiffies(a): where a lies relative to now. */
#define time_is_before_jiffies(a) kw_time_after(kw_jiffies(), a)
#define time_is_after_jiffies(a) kw_time_before(kw_jiffies(), a)
#define time_is_before_eq_jiffies(a) kw_time_after_eq(kw_jiffies(), a)
#define time_is_after_eq_jiffies(a) kw_time_before_eq(kw_jiffies(), a)
#define time_is_before_jiffies64(a) kw_time_after64(kw_get_jiffies_64(), a)
#define time_is_after_jiffies64(a) kw_time_before64(kw_get_jiffies_64(), a)
#define time_is_before_eq_jiffies64(a) kw_time_after_eq64(kw_get_jiffies_64(), a)
#define time_is_after_eq_jiffies64(a) kw_time_before_eq64(kw_get_jiffies_64(), a)
#define msecs_to_jiffies(m) kw_msecs_to_jiffies(m)
#define usecs_to_jiffies(u) kw_usecs_to_jiffies(u)
#define nsecs_to_jiffies(n) kw_nsecs_to_jiffies(n)
#define secs_to_jiffies(s) kw_secs_to_jiffies(s)
#define jiffies_to_msecs(j) kw_jiffies_to_msecs(j)
#define jiffies_to_usecs(j) kw_jiffies_to_usecs(j)
#define jiffies_to_nsecs(j) kw_jiffies_to_nsecs(j)

#endif /* KWORK_LINUX_JIFFIES_H */
