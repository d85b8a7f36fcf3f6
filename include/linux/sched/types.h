/*
 * linux/sched/types.h - struct sched_param (the C library's, same layout
 * and field) and the priority limits. The policy helpers (sched_set_fifo,
 * sched_set_fifo_low, sched_set_normal, set_user_nice) are in
 * linux/sched.h over kw_sched_* (kwork/task.h), which apply them to the
 * task's real thread.
 */
#ifndef KWORK_LINUX_SCHED_TYPES_H
#define KWORK_LINUX_SCHED_TYPES_H

#include <linux/sched.h>
#include <sched.h>		/* struct sched_param */

#ifndef MAX_RT_PRIO
#define MAX_RT_PRIO 100
#endif
#ifndef MAX_NICE
#define MAX_NICE 19
#endif
#ifndef MIN_NICE
#define MIN_NICE -20
#endif

#endif /* KWORK_LINUX_SCHED_TYPES_H */
