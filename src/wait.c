/*
 * wait.c - wait queues: heads, entries, prepare/finish, and wake-ups.
 *
 * Layer: task core. Any thread may wake; waiters are tasks that may sleep.
 *
 * A head is a spinlock and a list of entries; every entry names a task
 * (priv) and a wake function. Non-exclusive entries are added at the
 * head, exclusive ones at the tail, so a wake-up walking from the head wakes
 * every non-exclusive waiter and then up to nr_exclusive exclusive ones (the
 * kernel's __wake_up_common). A wake function reports 1 if it woke its task;
 * only such exclusive entries count against nr_exclusive.
 *
 * Ordering: a waiter queues its entry and sets its state under the lock,
 * then tests its condition; a waker makes the condition true, then takes the
 * lock and wakes. Either the waiter sees the condition, or the waker sees the
 * queued entry in a sleeping state: no wake-up is lost.
 *
 * Locks: wq->lock guards wq->head and every link of the entries on it. The
 * links are stored atomically so that kw_waitqueue_active() and the careful
 * empty check of kw_finish_wait() may read them without the lock.
 */
#include "wait_internal.h"

#include <kwork/kthread.h>

#include <errno.h>

/* ---- list primitives (all writers hold the queue's lock) ----------------- */

static void link_between(struct kw_list_head *n, struct kw_list_head *prev,
			 struct kw_list_head *next)
{
	__atomic_store_n(&n->next, next, __ATOMIC_RELAXED);
	__atomic_store_n(&n->prev, prev, __ATOMIC_RELAXED);
	__atomic_store_n(&next->prev, n, __ATOMIC_RELAXED);
	__atomic_store_n(&prev->next, n, __ATOMIC_RELAXED);
}

/*
 * A zeroed head (a static wait_queue_head_t or completion nobody passed to
 * init_waitqueue_head()/init_completion(); its spinlock is a valid unlocked
 * one) is a list with NULL links, which the kernel would oops on: WARN
 * once per head's first use and make it the empty list it was meant to be,
 * so no waiter or wake-up is lost. Context: wq->lock held.
 */
static __attribute__((noinline, cold)) void init_forgotten_head_locked(
	struct kw_wait_queue_head *wq)
{
	KW_WARN(1, "wait queue head %p used before init_waitqueue_head() or "
		"init_completion()", (void *)wq);
	/* Atomic stores: waitqueue_active() reads head.next without the lock. */
	__atomic_store_n(&wq->head.prev, &wq->head, __ATOMIC_RELAXED);
	__atomic_store_n(&wq->head.next, &wq->head, __ATOMIC_RELEASE);
}

static void check_head_locked(struct kw_wait_queue_head *wq)
{
	if (kw_unlikely(!wq->head.next))
		init_forgotten_head_locked(wq);
}

static void add_head_locked(struct kw_wait_queue_head *wq,
			    struct kw_wait_queue_entry *e)
{
	check_head_locked(wq);
	link_between(&e->entry, &wq->head, wq->head.next);
}

void kw__wq_add_tail_locked(struct kw_wait_queue_head *wq,
			    struct kw_wait_queue_entry *e)
{
	check_head_locked(wq);
	link_between(&e->entry, wq->head.prev, &wq->head);
}

void kw__wq_del_init_locked(struct kw_wait_queue_entry *e)
{
	struct kw_list_head *n = &e->entry;
	struct kw_list_head *prev = n->prev, *next = n->next;

	__atomic_store_n(&next->prev, prev, __ATOMIC_RELAXED);
	__atomic_store_n(&prev->next, next, __ATOMIC_RELAXED);
	__atomic_store_n(&n->prev, n, __ATOMIC_RELAXED);
	__atomic_store_n(&n->next, n, __ATOMIC_RELEASE);
}

bool kw__wq_entry_unlinked(struct kw_wait_queue_entry *e)
{
	struct kw_list_head *n = &e->entry;
	return __atomic_load_n(&n->next, __ATOMIC_ACQUIRE) == n &&
	       __atomic_load_n(&n->prev, __ATOMIC_RELAXED) == n;
}

/* ---- heads and entries ------------------------------------------------------ */

/* Context: any; wq must not be in use. */
void kw_init_waitqueue_head(struct kw_wait_queue_head *wq)
{
	kw_spin_lock_init(&wq->lock);
	kw_list_init(&wq->head);
}

/*
 * kw_default_wake_function - wake the entry's task if it sleeps in mode.
 * Context: wq->lock held (called by the wake-up walk).
 * Return: 1 if the task was woken, 0 if it was not sleeping in such a state.
 */
int kw_default_wake_function(struct kw_wait_queue_entry *e, unsigned int mode,
			     int flags, void *key)
{
	return kw_wake_up_state(e->priv, mode);
}

/*
 * kw_autoremove_wake_function - as the default, and unlink the entry when
 * the task was woken (so a later wake-up moves on to the next waiter).
 * Context: wq->lock held. Return: as kw_default_wake_function.
 */
int kw_autoremove_wake_function(struct kw_wait_queue_entry *e,
				unsigned int mode, int flags, void *key)
{
	int ret = kw_default_wake_function(e, mode, flags, key);
	if (ret)
		kw__wq_del_init_locked(e);
	return ret;
}

/*
 * kw_woken_wake_function - see kwork/wait.h. The mark is stored before the
 * wake (both sequentially consistent), pairing with kw_wait_woken(), which
 * sets its state before reading the mark: either the waker sees the task
 * sleeping and wakes it, or the task sees the mark and does not sleep.
 */
int kw_woken_wake_function(struct kw_wait_queue_entry *e, unsigned int mode,
			   int flags, void *key)
{
	__atomic_fetch_or(&e->flags, KW_WQ_FLAG_WOKEN, __ATOMIC_SEQ_CST);
	return kw_default_wake_function(e, mode, flags, key);
}

/* kw_wait_woken - see kwork/wait.h. */
long kw_wait_woken(struct kw_wait_queue_entry *e, unsigned int mode,
		   long timeout)
{
	kw_set_current_state(mode);
	if (!(__atomic_load_n(&e->flags, __ATOMIC_SEQ_CST) & KW_WQ_FLAG_WOKEN) &&
	    !kw_kthread_should_stop_or_park()) {
		kw__set_blocked("wait_woken", e);
		timeout = kw_schedule_timeout(timeout);
		kw__set_blocked(NULL, NULL);
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	__atomic_fetch_and(&e->flags, ~KW_WQ_FLAG_WOKEN, __ATOMIC_SEQ_CST);
	return timeout;
}

/* Context: any. Queue e (non-exclusive) at the head of wq. */
void kw_add_wait_queue(struct kw_wait_queue_head *wq,
		       struct kw_wait_queue_entry *e)
{
	e->flags &= ~KW_WQ_FLAG_EXCLUSIVE;
	kw_spin_lock(&wq->lock);
	add_head_locked(wq, e);
	kw_spin_unlock(&wq->lock);
}

/* Context: any. Queue e (exclusive) at the tail of wq. */
void kw_add_wait_queue_exclusive(struct kw_wait_queue_head *wq,
				 struct kw_wait_queue_entry *e)
{
	e->flags |= KW_WQ_FLAG_EXCLUSIVE;
	kw_spin_lock(&wq->lock);
	kw__wq_add_tail_locked(wq, e);
	kw_spin_unlock(&wq->lock);
}

/* Context: any. Unlink e, which must be queued on wq. */
void kw_remove_wait_queue(struct kw_wait_queue_head *wq,
			  struct kw_wait_queue_entry *e)
{
	kw_spin_lock(&wq->lock);
	kw__wq_del_init_locked(e);
	kw_spin_unlock(&wq->lock);
}

/* ---- waiting ------------------------------------------------------------------ */

/* Queue e unless it already is, by its exclusive flag. Context: lock held. */
static void queue_once_locked(struct kw_wait_queue_head *wq,
			      struct kw_wait_queue_entry *e)
{
	if (!kw_list_empty(&e->entry))
		return;
	if (e->flags & KW_WQ_FLAG_EXCLUSIVE)
		kw__wq_add_tail_locked(wq, e);
	else
		add_head_locked(wq, e);
}

/*
 * kw_prepare_to_wait - queue e (non-exclusive) if not queued, set state.
 * Context: may sleep afterwards; the caller re-checks its condition, calls
 * kw_schedule() and eventually kw_finish_wait().
 */
void kw_prepare_to_wait(struct kw_wait_queue_head *wq,
			struct kw_wait_queue_entry *e, unsigned int state)
{
	e->flags &= ~KW_WQ_FLAG_EXCLUSIVE;
	kw_spin_lock(&wq->lock);
	queue_once_locked(wq, e);
	kw_set_current_state(state);
	kw_spin_unlock(&wq->lock);
	kw__set_blocked("prepare_to_wait", wq);
}

/*
 * kw_prepare_to_wait_exclusive - as kw_prepare_to_wait, exclusive, at the
 * tail. Return: true if this call queued e on a queue that was empty.
 */
bool kw_prepare_to_wait_exclusive(struct kw_wait_queue_head *wq,
				  struct kw_wait_queue_entry *e,
				  unsigned int state)
{
	bool was_empty = false;

	e->flags |= KW_WQ_FLAG_EXCLUSIVE;
	kw_spin_lock(&wq->lock);
	check_head_locked(wq);
	if (kw_list_empty(&e->entry))
		was_empty = kw_list_empty(&wq->head);
	queue_once_locked(wq, e);
	kw_set_current_state(state);
	kw_spin_unlock(&wq->lock);
	kw__set_blocked("prepare_to_wait", wq);
	return was_empty;
}

/*
 * kw_prepare_to_wait_event - the step of the wait_event loop.
 * Context: may sleep afterwards.
 * Return: 0 (e queued by its own exclusive flag, state set), or
 * -ERESTARTSYS when a signal cuts a sleep in state short (interruptible, or
 * killable with a fatal signal): then e is unlinked, so a wake-up that comes
 * later goes to another exclusive waiter, and the state is left as it was.
 */
long kw_prepare_to_wait_event(struct kw_wait_queue_head *wq,
			      struct kw_wait_queue_entry *e, unsigned int state)
{
	long ret = 0;

	kw_spin_lock(&wq->lock);
	if (kw__signal_pending_state(state, kw_current())) {
		if (!kw_list_empty(&e->entry))
			kw__wq_del_init_locked(e);
		ret = -KW_ERESTARTSYS;
	} else {
		queue_once_locked(wq, e);
		kw_set_current_state(state);
	}
	kw_spin_unlock(&wq->lock);
	if (!ret)
		kw__set_blocked("wait_event", wq);
	return ret;
}

/*
 * kw_finish_wait - end a wait: set TASK_RUNNING and unlink e if a wake
 * function did not already. Context: the waiting task.
 */
void kw_finish_wait(struct kw_wait_queue_head *wq,
		    struct kw_wait_queue_entry *e)
{
	kw_set_current_state_raw(KW_TASK_RUNNING);
	kw__set_blocked(NULL, NULL);
	if (kw__wq_entry_unlinked(e))
		return;
	kw_spin_lock(&wq->lock);
	kw__wq_del_init_locked(e);
	kw_spin_unlock(&wq->lock);
}

/* kw_prepare_to_wait_locked - see kwork/wait.h. */
long kw_prepare_to_wait_locked(struct kw_wait_queue_head *wq,
			       struct kw_wait_queue_entry *e,
			       unsigned int state)
{
	if (kw_list_empty(&e->entry))
		kw__wq_add_tail_locked(wq, e);
	kw_set_current_state(state);
	if (kw__signal_pending_state(state, kw_current()))
		return -KW_ERESTARTSYS;
	kw__set_blocked("wait_event_locked", wq);
	return 0;
}

/* kw_finish_wait_locked - see kwork/wait.h. */
void kw_finish_wait_locked(struct kw_wait_queue_head *wq,
			   struct kw_wait_queue_entry *e)
{
	kw__wq_del_init_locked(e);
	kw_set_current_state_raw(KW_TASK_RUNNING);
	kw__set_blocked(NULL, NULL);
}

/* ---- waking -------------------------------------------------------------------- */

/*
 * Call the wake functions of wq's entries in order, stopping after
 * nr_exclusive exclusive entries reported a wake-up (nr_exclusive <= 0:
 * never) or at a function returning < 0. Context: wq->lock held.
 * Return: nr_exclusive less the exclusive wake-ups (negative when it
 * started at 0 or below).
 */
static int wake_walk_locked(struct kw_wait_queue_head *wq, unsigned int mode,
			    int nr_exclusive, void *key)
{
	check_head_locked(wq);
	struct kw_list_head *pos = wq->head.next, *next;

	for (; pos != &wq->head; pos = next) {
		struct kw_wait_queue_entry *e =
			kw_container_of(pos, struct kw_wait_queue_entry, entry);
		/* The function may unlink e and let its owner reuse it. */
		unsigned int flags = e->flags;
		next = pos->next;
		int ret = e->func(e, mode, 0, key);
		if (ret < 0)
			break;
		if (ret && (flags & KW_WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
	return nr_exclusive;
}

/* kw___wake_up_locked - see kwork/wait.h. */
void kw___wake_up_locked(struct kw_wait_queue_head *wq, unsigned int mode,
			 int nr_exclusive, void *key)
{
	wake_walk_locked(wq, mode, nr_exclusive, key);
}

/*
 * kw___wake_up - wake every non-exclusive waiter sleeping in a state of mode,
 * and nr_exclusive exclusive ones (0: all of them).
 * Context: any, including timer callbacks.
 * Return: the number of exclusive waiters woken.
 */
int kw___wake_up(struct kw_wait_queue_head *wq, unsigned int mode,
		 int nr_exclusive, void *key)
{
	int remaining;

	kw_spin_lock(&wq->lock);
	remaining = wake_walk_locked(wq, mode, nr_exclusive, key);
	kw_spin_unlock(&wq->lock);
	return nr_exclusive - remaining;
}
