/*
 * sync_test_util.h - helpers shared by the completion, wait-queue and lock
 * tests (and test_kthread_worker): observing that a thread is queued /
 * asleep (the gates), a kthread tail that sleeps until kthread_stop(), and a
 * bounded poll that fails the test instead of hanging.
 */
#ifndef SYNC_TEST_UTIL_H
#define SYNC_TEST_UTIL_H

#include "kwtest.h"
#include "../../src/task_internal.h"

#include <pthread.h>
#include <sched.h>

/* Poll cond (observable state, never a sleep that hopes); fail after 10 s. */
#define SYNC_WAIT_UNTIL(cond)                                              \
	do {                                                               \
		int64_t __end = kw_ktime_get_ns() + 10 * KW_NSEC_PER_SEC;  \
		while (!(cond)) {                                          \
			if (kw_ktime_get_ns() > __end)                     \
				kwt_fail(__FILE__, __LINE__,               \
					 "timed out waiting for %s", #cond); \
			sched_yield();                                     \
		}                                                          \
	} while (0)

/* Number of entries queued on wq, counted under its lock. */
static inline int sync_queued(struct kw_wait_queue_head *wq)
{
	int n = 0;
	kw_spin_lock(&wq->lock);
	for (struct kw_list_head *p = wq->head.next; p != &wq->head; p = p->next)
		n++;
	kw_spin_unlock(&wq->lock);
	return n;
}

/* A published task pointer (written once by its thread). */
static inline struct kw_task *sync_task(struct kw_task *const *slot)
{
	return __atomic_load_n(slot, __ATOMIC_ACQUIRE);
}

static inline unsigned int sync_state(struct kw_task *t)
{
	return __atomic_load_n(&t->__state, __ATOMIC_ACQUIRE) & KW__STATE_MASK;
}

/* What t is blocked in (NULL if nothing), and on which object. */
static inline const char *sync_blocked_in(struct kw_task *t)
{
	return __atomic_load_n(&kw__task(t)->blocked_in, __ATOMIC_RELAXED);
}

static inline const void *sync_blocked_on(struct kw_task *t)
{
	return __atomic_load_n(&kw__task(t)->blocked_on, __ATOMIC_RELAXED);
}

/* Is t asleep in kw_schedule() inside "what"? */
static inline bool sync_sleeping_in(struct kw_task *t, const char *what)
{
	const char *in = sync_blocked_in(t);
	return in && strcmp(in, what) == 0 && sync_state(t) != KW_TASK_RUNNING;
}

/*
 * Has t reached kw_schedule() (past its condition check)? Only meaningful
 * for a fresh task that never slept before: the stamp is set on the way
 * into the sleep and never cleared.
 */
static inline bool sync_entered_schedule(struct kw_task *t)
{
	return __atomic_load_n(&kw__task(t)->blocked_since_ns,
			       __ATOMIC_RELAXED) != 0;
}

/*
 * Send t a fatal signal while holding a reference: once woken, t may exit
 * and drop its last reference while the sender is still inside the wake.
 * The caller guarantees t is alive on entry (asleep in a wait it cannot
 * leave by itself).
 */
static inline void sync_send_fatal(struct kw_task *t)
{
	kw_get_task_struct(t);
	kw_task_send_fatal(t);
	kw_put_task_struct(t);
}

/* A kthread's tail: sleep until kthread_stop(), then return ret. */
static inline int sync_wait_for_stop(int ret)
{
	for (;;) {
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		if (kw_kthread_should_stop())
			break;
		kw_schedule();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	return ret;
}

#endif /* SYNC_TEST_UTIL_H */
