/*
 * linux/swait.h - simple wait queues over kwork's wait queues. Every
 * swait_event_*_exclusive() waiter queues exclusively, so swake_up_one()
 * wakes the longest-waiting one and swake_up_all() all of them, as in the
 * kernel. The waits sleep in kw_schedule() (concurrency management sees
 * them). Only the exclusive forms exist, as in the kernel since 5.x.
 */
#ifndef KWORK_LINUX_SWAIT_H
#define KWORK_LINUX_SWAIT_H

#include <linux/wait.h>

#define swait_queue_head kw_wait_queue_head
#define __SWAIT_QUEUE_HEAD_INITIALIZER(name) KW_WAIT_QUEUE_HEAD_INITIALIZER(name)
#define DECLARE_SWAIT_QUEUE_HEAD(name) \
	struct kw_wait_queue_head name = KW_WAIT_QUEUE_HEAD_INITIALIZER(name)
#define DECLARE_SWAIT_QUEUE_HEAD_ONSTACK(name) DECLARE_SWAIT_QUEUE_HEAD(name)
#define init_swait_queue_head(q) kw_init_waitqueue_head(q)

#define swait_active(q) kw_waitqueue_active(q)
#define swq_has_sleeper(q) kw_wq_has_sleeper(q)
#define swake_up_one(q) kw_wake_up(q)
#define swake_up_all(q) kw_wake_up_all(q)

/* wq is the head by name, as in the kernel. */
#define swait_event_idle_exclusive(wq, c) kw_wait_event_idle_exclusive(&(wq), c)
#define swait_event_interruptible_exclusive(wq, c) \
	kw_wait_event_interruptible_exclusive(&(wq), c)
#define swait_event_killable_exclusive(wq, c) kw_wait_event_killable_exclusive(&(wq), c)

#endif /* KWORK_LINUX_SWAIT_H */
