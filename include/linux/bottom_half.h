/* linux/bottom_half.h - local_bh_disable/enable over kwork/softirq.h. */
#ifndef KWORK_LINUX_BOTTOM_HALF_H
#define KWORK_LINUX_BOTTOM_HALF_H

#include <kwork/softirq.h>

/* Tasklets run on ksoftirqd threads: this makes the caller atomic only. */
#define local_bh_disable() kw_local_bh_disable()
#define local_bh_enable() kw_local_bh_enable()

#endif /* KWORK_LINUX_BOTTOM_HALF_H */
