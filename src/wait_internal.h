/*
 * wait_internal.h - what completion.c and mutex.c share with wait.c.
 *
 * Layer: task core (internal). The wait-queue list primitives store every
 * link atomically, so the lockless readers the kernel allows
 * (waitqueue_active, the careful empty check in finish_wait) are not data
 * races; all writers hold the queue's lock.
 */
#ifndef KWORK_WAIT_INTERNAL_H
#define KWORK_WAIT_INTERNAL_H

#include "task_internal.h"

/*
 * Would a sleep in state be cut short by t's pending signals? (the kernel's
 * signal_pending_state): interruptible sleeps by any signal (kthread_stop
 * counts), killable ones by a fatal signal only, others never.
 */
static inline bool kw__signal_pending_state(unsigned int state,
					    struct kw_task *t)
{
	if (!(state & (KW_TASK_INTERRUPTIBLE | KW_TASK_WAKEKILL)))
		return false;
	if (!kw_signal_pending(t))
		return false;
	return (state & KW_TASK_INTERRUPTIBLE) || kw_fatal_signal_pending(t);
}

/* Link e at the tail of wq. Context: wq->lock held. */
void kw__wq_add_tail_locked(struct kw_wait_queue_head *wq,
			    struct kw_wait_queue_entry *e);

/*
 * Unlink e (queued on a list guarded by a lock the caller holds) and leave
 * it pointing at itself; the last store is a release, so a lockless reader
 * that sees e unlinked also sees that the waker is done with it.
 */
void kw__wq_del_init_locked(struct kw_wait_queue_entry *e);

/* Has e been unlinked? Lockless (the kernel's list_empty_careful). */
bool kw__wq_entry_unlinked(struct kw_wait_queue_entry *e);


#endif /* KWORK_WAIT_INTERNAL_H */
