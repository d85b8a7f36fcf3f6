/*
 * completion.c - completions: a counter of "this happened" events to wait on.
 *
 * Layer: task core. Completers run in any thread and context (timer
 * callbacks included); waiters are tasks that may sleep.
 *
 * done counts complete() calls no wait has consumed yet; KW_COMPLETION_ALL
 * (UINT_MAX) means complete_all() and is never decremented. Waiters queue
 * exclusive on-stack entries at the tail of x->wait (FIFO, like the kernel's
 * swait queue); complete() unlinks and wakes the first one, complete_all()
 * all of them. A woken waiter re-takes the lock and consumes one count if
 * one is left (another waiter or a try_wait may have taken it first: then it
 * queues again at the tail, as in the kernel). A waiter whose timeout ran
 * out or whose sleep a signal cut short leaves the queue without consuming.
 *
 * Locks: x->wait.lock guards done and the queue. done is also read without
 * the lock (fast checks), so every store to it is atomic.
 */
#include "wait_internal.h"

#include <errno.h>

static void store_done(struct kw_completion *x, unsigned int v)
{
	__atomic_store_n(&x->done, v, __ATOMIC_RELAXED);
}

/* Context: any; x must not be in use. */
void kw_init_completion(struct kw_completion *x)
{
	x->done = 0;
	kw_init_waitqueue_head(&x->wait);
}

/*
 * kw_reinit_completion - reset done to 0; the queue is left alone.
 * Context: no waiter or completer may be active (the caller's duty).
 */
void kw_reinit_completion(struct kw_completion *x)
{
	store_done(x, 0);
}

/* ---- completing ---------------------------------------------------------------- */

/* The waiters' wake function: always unlink and count as woken (swait). */
static int completion_wake(struct kw_wait_queue_entry *e, unsigned int mode,
			   int flags, void *key)
{
	kw__wq_del_init_locked(e);
	kw_wake_up_state(e->priv, mode);
	return 1;
}

/*
 * kw_complete - count one event and wake the longest-waiting waiter.
 * Context: any, including timer callbacks; never sleeps.
 */
void kw_complete(struct kw_completion *x)
{
	kw_spin_lock(&x->wait.lock);
	if (x->done != KW_COMPLETION_ALL)
		store_done(x, x->done + 1);
	kw___wake_up_locked(&x->wait, KW_TASK_NORMAL, 1, NULL);
	kw_spin_unlock(&x->wait.lock);
}

/*
 * kw_complete_on_current_cpu - kw_complete(); the kernel's hint to run the
 * woken task on this CPU has no meaning for a thread (the OS places it).
 */
void kw_complete_on_current_cpu(struct kw_completion *x)
{
	kw_complete(x);
}

/*
 * kw_complete_all - mark x done for everybody and wake all waiters; every
 * later wait returns at once until kw_reinit_completion().
 * Context: any; never sleeps.
 */
void kw_complete_all(struct kw_completion *x)
{
	kw_spin_lock(&x->wait.lock);
	store_done(x, KW_COMPLETION_ALL);
	kw___wake_up_locked(&x->wait, KW_TASK_NORMAL, 0, NULL);
	kw_spin_unlock(&x->wait.lock);
}

/* ---- waiting ------------------------------------------------------------------- */

/* Take one count (none from "all done"). Context: x->wait.lock held. */
static void consume_locked(struct kw_completion *x)
{
	if (x->done != KW_COMPLETION_ALL)
		store_done(x, x->done - 1);
}

/*
 * Sleep in state until done > 0, the timeout (jiffies) runs out or a signal
 * cuts the sleep short. Context: x->wait.lock held; dropped while sleeping.
 * Return: -ERESTARTSYS, 0 (timed out, nothing consumed) or the jiffies
 * left (>= 1, one count consumed).
 */
static long do_wait_locked(struct kw_completion *x, long timeout,
			   unsigned int state, struct kw_task *self,
			   const char *what)
{
	if (!x->done) {
		struct kw_wait_queue_entry wait = {
			KW_WQ_FLAG_EXCLUSIVE, { self }, completion_wake,
			KW_LIST_HEAD_INIT(wait.entry)
		};
		do {
			if (kw__signal_pending_state(state, self)) {
				timeout = -KW_ERESTARTSYS;
				break;
			}
			if (kw_list_empty(&wait.entry))
				kw__wq_add_tail_locked(&x->wait, &wait);
			kw_set_current_state(state);
			kw_spin_unlock(&x->wait.lock);
			kw__set_blocked(what, x);
			timeout = kw_schedule_timeout(timeout);
			kw_spin_lock(&x->wait.lock);
		} while (!x->done && timeout);
		if (!kw_list_empty(&wait.entry))
			kw__wq_del_init_locked(&wait);
		kw__set_blocked(NULL, NULL);
		if (!x->done)
			return timeout;
	}
	consume_locked(x);
	return timeout ? timeout : 1;
}

static long wait_for_common(struct kw_completion *x, long timeout,
			    unsigned int state, const char *what)
{
	kw_might_sleep();
	struct kw_task *self = kw_current();
	kw_spin_lock(&x->wait.lock);
	timeout = do_wait_locked(x, timeout, state, self, what);
	kw_spin_unlock(&x->wait.lock);
	return timeout;
}

static long wait_untimed(struct kw_completion *x, unsigned int state,
			 const char *what)
{
	long t = wait_for_common(x, KW_MAX_SCHEDULE_TIMEOUT, state, what);
	return t == -KW_ERESTARTSYS ? t : 0;
}

/* kw_wait_for_completion - wait (uninterruptibly) for one count. Context: may sleep. */
void kw_wait_for_completion(struct kw_completion *x)
{
	wait_untimed(x, KW_TASK_UNINTERRUPTIBLE, "wait_for_completion");
}

/*
 * kw_wait_for_completion_io - as kw_wait_for_completion; reported as
 * "wait_for_completion_io" (there is no I/O-wait accounting to charge).
 */
void kw_wait_for_completion_io(struct kw_completion *x)
{
	wait_untimed(x, KW_TASK_UNINTERRUPTIBLE, "wait_for_completion_io");
}

/*
 * kw_wait_for_completion_timeout - wait at most timeout jiffies.
 * Context: may sleep. Return: 0 on timeout (nothing consumed), else the
 * jiffies left, at least 1. timeout 0 is a try-wait: 1 if a count was taken.
 */
unsigned long kw_wait_for_completion_timeout(struct kw_completion *x,
					     unsigned long timeout)
{
	return (unsigned long)wait_for_common(x, (long)timeout,
					      KW_TASK_UNINTERRUPTIBLE,
					      "wait_for_completion");
}

/* kw_wait_for_completion_io_timeout - as _timeout, reported as _io. */
unsigned long kw_wait_for_completion_io_timeout(struct kw_completion *x,
						unsigned long timeout)
{
	return (unsigned long)wait_for_common(x, (long)timeout,
					      KW_TASK_UNINTERRUPTIBLE,
					      "wait_for_completion_io");
}

/*
 * kw_wait_for_completion_interruptible - wait in TASK_INTERRUPTIBLE.
 * Context: may sleep. Return: 0, or -ERESTARTSYS if a signal (kthread_stop,
 * kw_task_send_fatal) is pending; then nothing is consumed.
 */
int kw_wait_for_completion_interruptible(struct kw_completion *x)
{
	return (int)wait_untimed(x, KW_TASK_INTERRUPTIBLE, "wait_for_completion");
}

/*
 * kw_wait_for_completion_killable - wait in TASK_KILLABLE.
 * Context: may sleep. Return: 0, or -ERESTARTSYS on a fatal signal only.
 */
int kw_wait_for_completion_killable(struct kw_completion *x)
{
	return (int)wait_untimed(x, KW_TASK_KILLABLE, "wait_for_completion");
}

/*
 * kw_wait_for_completion_state - wait in a caller-chosen sleep state.
 * Context: may sleep. Return: 0, or -ERESTARTSYS if a signal cuts a sleep
 * in that state short (by the kernel's signal_pending_state rules).
 */
int kw_wait_for_completion_state(struct kw_completion *x, unsigned int state)
{
	return (int)wait_untimed(x, state, "wait_for_completion");
}

/*
 * kw_wait_for_completion_interruptible_timeout - both.
 * Context: may sleep. Return: -ERESTARTSYS, 0 on timeout, else the
 * jiffies left (>= 1).
 */
long kw_wait_for_completion_interruptible_timeout(struct kw_completion *x,
						  unsigned long timeout)
{
	return wait_for_common(x, (long)timeout, KW_TASK_INTERRUPTIBLE,
			       "wait_for_completion");
}

/* kw_wait_for_completion_killable_timeout - as above, fatal signals only. */
long kw_wait_for_completion_killable_timeout(struct kw_completion *x,
					     unsigned long timeout)
{
	return wait_for_common(x, (long)timeout, KW_TASK_KILLABLE,
			       "wait_for_completion");
}

/* ---- non-blocking ----------------------------------------------------------------- */

/*
 * kw_try_wait_for_completion - consume a count if there is one.
 * Context: any; never sleeps.
 * Return: true if a count was consumed or x is all done, false if a wait
 * would block.
 */
bool kw_try_wait_for_completion(struct kw_completion *x)
{
	bool ret = true;

	if (!__atomic_load_n(&x->done, __ATOMIC_RELAXED))
		return false;
	kw_spin_lock(&x->wait.lock);
	if (!x->done)
		ret = false;
	else
		consume_locked(x);
	kw_spin_unlock(&x->wait.lock);
	return ret;
}

/*
 * kw_completion_done - would a wait return at once? Consumes nothing.
 * Context: any. When true, the lock was taken and dropped, so a complete()
 * still running on another thread has finished touching x and the caller
 * may free it. Return: true iff done > 0.
 */
bool kw_completion_done(struct kw_completion *x)
{
	if (!__atomic_load_n(&x->done, __ATOMIC_RELAXED))
		return false;
	kw_spin_lock(&x->wait.lock);
	kw_spin_unlock(&x->wait.lock);
	return true;
}
