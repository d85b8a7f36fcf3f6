/*
 * kwork/rcu.h - read-copy-update: read-side critical sections, grace
 * periods and callbacks run after one.
 *
 * A grace period is real: synchronize_rcu returns only once every reader
 * that was inside rcu_read_lock when it started has left (the liburcu
 * "memb" scheme: each thread's nesting counter carries the grace-period
 * phase it entered in; a grace period flips the phase twice and waits out
 * the readers of the old one). call_rcu callbacks run on the "rcu_cb"
 * thread after a grace period, in queueing order; rcu_barrier waits for
 * every callback queued before it.
 */
#ifndef KWORK_RCU_H
#define KWORK_RCU_H

#include <kwork/compiler.h>
#include <stdbool.h>
#include <stddef.h>

struct kw_rcu_head {
	struct kw_rcu_head *next;			/* rcu_cb list */
	void (*func)(struct kw_rcu_head *head);	/* or a kfree_rcu code */
};

/* Enter a read-side critical section (nests). Context: any; never sleeps. */
KW_API void kw_rcu_read_lock(void);
/* Leave one; unbalanced: WARN "rcu_read_unlock() without rcu_read_lock()". */
KW_API void kw_rcu_read_unlock(void);
/* Return: true while the calling thread is inside rcu_read_lock. */
KW_API bool kw_rcu_read_lock_held(void);
/*
 * kw_synchronize_rcu - wait until every reader that was inside
 * rcu_read_lock when this was called has left. Context: may sleep; inside
 * a read-side section it would deadlock: WARN "Illegal synchronize_rcu() in
 * RCU read-side critical section" and return without waiting.
 */
KW_API void kw_synchronize_rcu(void);
/*
 * kw_call_rcu - run func(head) on the rcu_cb thread after a grace period.
 * head must stay valid until then. Context: any; never sleeps.
 */
KW_API void kw_call_rcu(struct kw_rcu_head *head,
			void (*func)(struct kw_rcu_head *head));
/*
 * kw__kvfree_rcu - free the object that holds head at offset, with kvfree
 * (vmalloc_ok) or kfree, after a grace period (kfree_rcu/kvfree_rcu).
 */
KW_API void kw__kvfree_rcu(struct kw_rcu_head *head, size_t offset,
			   bool vmalloc_ok);
/*
 * kw_rcu_barrier - wait until every callback queued (call_rcu, kfree_rcu)
 * before this call has run. Context: may sleep; not from a callback.
 */
KW_API void kw_rcu_barrier(void);
/* Return: callbacks queued and not yet run (for leftover reports). */
KW_API unsigned long kw_rcu_pending(void);

#endif /* KWORK_RCU_H */
