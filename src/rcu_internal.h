/*
 * rcu_internal.h - walking the queued call_rcu callbacks (the module
 * runner's leftover report), settling kfree_rcu frees before the memory
 * report, and the reader depth might_sleep() checks.
 */
#ifndef KWORK_RCU_INTERNAL_H
#define KWORK_RCU_INTERNAL_H

#include <kwork/rcu.h>

/*
 * kw__rcu_for_each_pending - fn(head, func, arg) for each call_rcu callback
 * queued or waiting for its grace period (not kfree_rcu frees, not one
 * running now), under cb_lock: fn must not sleep or queue callbacks.
 */
void kw__rcu_for_each_pending(void (*fn)(struct kw_rcu_head *head,
					 void (*func)(struct kw_rcu_head *),
					 void *arg),
			      void *arg);

/*
 * kw__rcu_settle_frees - when only kfree_rcu/kvfree_rcu frees are queued
 * (no call_rcu callback, whose code may belong to an unloaded module), wait
 * up to timeout_ms for their grace period so that they are done. Return:
 * true if the queue is empty now; false if a callback is queued (nothing
 * waited for) or a reader kept the grace period open past the timeout.
 */
bool kw__rcu_settle_frees(long timeout_ms);

/* The calling thread's rcu_read_lock() nesting depth (0: not a reader). */
unsigned int kw__rcu_read_depth(void);

/*
 * kw__rcu_read_restore - put the calling thread's rcu_read_lock() nesting
 * back to depth (<= the current depth): the worker's recovery after a work
 * item leaked read-side sections (W47), so grace periods do not stall on it.
 */
void kw__rcu_read_restore(unsigned int depth);

#endif /* KWORK_RCU_INTERNAL_H */
