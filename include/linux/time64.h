/* linux/time64.h - struct timespec64 and its conversions. */
#ifndef KWORK_LINUX_TIME64_H
#define KWORK_LINUX_TIME64_H

#include <linux/types.h>
#include <linux/jiffies.h>	/* NSEC_PER_SEC and the other unit constants */

struct timespec64 {
	time64_t tv_sec;
	long tv_nsec;
};

#define TIME64_MAX ((s64)~((u64)1 << 63))
#define TIME64_MIN (-TIME64_MAX - 1)
#define USEC_PER_MSEC 1000L
#define PSEC_PER_NSEC 1000L
#define FSEC_PER_SEC 1000000000000000LL

static inline s64 timespec64_to_ns(const struct timespec64 *ts)
{
	return (s64)ts->tv_sec * KW_NSEC_PER_SEC + ts->tv_nsec;
}

/* Floor division: tv_nsec is always in [0, NSEC_PER_SEC). */
static inline struct timespec64 ns_to_timespec64(s64 nsec)
{
	struct timespec64 ts;
	ts.tv_sec = nsec / KW_NSEC_PER_SEC;
	ts.tv_nsec = (long)(nsec % KW_NSEC_PER_SEC);
	if (ts.tv_nsec < 0) {
		ts.tv_sec--;
		ts.tv_nsec += KW_NSEC_PER_SEC;
	}
	return ts;
}

#endif /* KWORK_LINUX_TIME64_H */
