/*
 * linux/time.h - time64, ktime and the clocks for module code. The uapi
 * <linux/time.h> is not included: its struct timeval collides with the
 * C library's, which provides the same types (struct timespec, timeval).
 */
#ifndef KWORK_LINUX_TIME_H
#define KWORK_LINUX_TIME_H

#include <time.h>
#include <sys/time.h>
#include <linux/types.h>
#include <linux/time64.h>
#include <linux/ktime.h>
#include <linux/jiffies.h>

#endif /* KWORK_LINUX_TIME_H */
