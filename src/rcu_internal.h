/*
 * rcu_internal.h - walking the queued call_rcu callbacks (the module
 * runner's leftover report).
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

#endif /* KWORK_RCU_INTERNAL_H */
