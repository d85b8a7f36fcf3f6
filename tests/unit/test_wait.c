/*
 * test_wait.c - wait queues and the wait_event family (SEMANTICS T13, and
 * the §1.8 wait-queue rules: wake_up wakes every non-exclusive waiter plus
 * one exclusive one, wake_up_all, interruptible / killable / idle forms,
 * DEFINE_WAIT + prepare_to_wait + finish_wait loops).
 *
 * Waiter threads are gated by observable state: their entry is on the
 * queue (counted under its lock) and they sleep in the expected function.
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <kwork/wait_bit.h>

#include <errno.h>

static struct kw_wait_queue_head wq = KW_WAIT_QUEUE_HEAD_INITIALIZER(wq);
static int flag;		/* the condition; atomic */
static int tokens;		/* consumed by exclusive waiters; atomic */

static bool cond_flag(void)
{
	return __atomic_load_n(&flag, __ATOMIC_ACQUIRE);
}

static void set_flag(int v)
{
	__atomic_store_n(&flag, v, __ATOMIC_RELEASE);
}

/* Take one token if there is one (the condition of the exclusive waiters). */
static bool take_token(void)
{
	int t = __atomic_load_n(&tokens, __ATOMIC_ACQUIRE);
	while (t > 0)
		if (__atomic_compare_exchange_n(&tokens, &t, t - 1, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return true;
	return false;
}

struct waiter {
	long (*fn)(struct waiter *w);
	long timeout;
	struct kw_task *task;	/* published by the thread */
	long ret;
	int finished;		/* atomic */
	int unlinked_after_wake;
	pthread_t th;
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;
	__atomic_store_n(&w->task, kw_current(), __ATOMIC_RELEASE);
	w->ret = w->fn(w);
	__atomic_store_n(&w->finished, 1, __ATOMIC_RELEASE);
	return NULL;
}

static bool finished(struct waiter *w)
{
	return __atomic_load_n(&w->finished, __ATOMIC_ACQUIRE);
}

/* Start w and wait until it sleeps in what, with nth entries on wq. */
static void start_queued_on(struct waiter *w, long (*fn)(struct waiter *),
			    struct kw_wait_queue_head *q, int nth,
			    const char *what)
{
	w->fn = fn;
	KWT_ASSERT(pthread_create(&w->th, NULL, waiter_thread, w) == 0);
	SYNC_WAIT_UNTIL(sync_task(&w->task) && sync_queued(q) == nth &&
			sync_sleeping_in(w->task, what));
}

static void start_queued(struct waiter *w, long (*fn)(struct waiter *),
			 int nth, const char *what)
{
	start_queued_on(w, fn, &wq, nth, what);
	KWT_ASSERT(sync_blocked_on(w->task) == &wq);
}

static void join(struct waiter *w)
{
	pthread_join(w->th, NULL);
	KWT_ASSERT(finished(w));
}

/* ---- the wait_event forms ------------------------------------------------------ */

static long do_wait_event(struct waiter *w)
{
	kw_wait_event(&wq, cond_flag());
	return 0;
}

static long do_wait_event_idle(struct waiter *w)
{
	kw_wait_event_idle(&wq, cond_flag());
	return 0;
}

static long do_wait_event_timeout(struct waiter *w)
{
	return kw_wait_event_timeout(&wq, cond_flag(), w->timeout);
}

static long do_wait_event_interruptible(struct waiter *w)
{
	return kw_wait_event_interruptible(&wq, cond_flag());
}

static long do_wait_event_interruptible_timeout(struct waiter *w)
{
	return kw_wait_event_interruptible_timeout(&wq, cond_flag(), w->timeout);
}

static long do_wait_event_killable(struct waiter *w)
{
	return kw_wait_event_killable(&wq, cond_flag());
}

static long do_wait_event_exclusive(struct waiter *w)
{
	return kw_wait_event_interruptible_exclusive(&wq, take_token());
}

KWT_TEST("T13", wait_event_sleeps_until_condition_and_wake)
{
	struct waiter w = { 0 };
	start_queued(&w, do_wait_event, 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_UNINTERRUPTIBLE);
	/* A wake-up with the condition still false: it goes back to sleep. */
	kw_wake_up(&wq);
	SYNC_WAIT_UNTIL(sync_queued(&wq) == 1 &&
			sync_sleeping_in(w.task, "wait_event"));
	KWT_ASSERT(!finished(&w));
	set_flag(1);
	kw_wake_up(&wq);
	join(&w);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

KWT_TEST("T13", wait_event_true_condition_does_not_sleep)
{
	set_flag(1);
	kw_wait_event(&wq, cond_flag());
	kw_wait_event_idle(&wq, cond_flag());
	KWT_ASSERT_EQ(kw_wait_event_interruptible(&wq, cond_flag()), 0);
	KWT_ASSERT_EQ(kw_wait_event_killable(&wq, cond_flag()), 0);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
}

KWT_TEST("T13", wait_event_timeout_returns_zero_one_or_remaining)
{
	/* Condition false throughout: 0, and not early. */
	int64_t t0 = kw_ktime_get_ns();
	KWT_ASSERT_EQ(kw_wait_event_timeout(&wq, cond_flag(), 5), 0);
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 5 * (KW_NSEC_PER_SEC / KW_HZ));
	KWT_ASSERT_EQ(sync_queued(&wq), 0);

	/* Timeout 0: 0 when false, 1 when true. */
	KWT_ASSERT_EQ(kw_wait_event_timeout(&wq, cond_flag(), 0), 0);
	set_flag(1);
	KWT_ASSERT_EQ(kw_wait_event_timeout(&wq, cond_flag(), 0), 1);

	/* True at once: the whole timeout is left. */
	KWT_ASSERT_EQ(kw_wait_event_timeout(&wq, cond_flag(), 77), 77);

	/*
	 * A condition that only turns true once the timeout has elapsed
	 * (it is first re-evaluated when the full timeout has passed): 1.
	 */
	unsigned long start = kw_jiffies();
	KWT_ASSERT_EQ(kw_wait_event_timeout(
			      &wq, kw_time_after_eq(kw_jiffies(), start + 3), 3),
		      1);
}

KWT_TEST("T13", wait_event_timeout_woken_returns_remaining)
{
	struct waiter w = { .timeout = 100000 };
	start_queued(&w, do_wait_event_timeout, 1, "wait_event");
	set_flag(1);
	kw_wake_up(&wq);
	join(&w);
	KWT_ASSERT(w.ret >= 1 && w.ret <= 100000);
}

KWT_TEST("T13", wait_event_interruptible_returns_erestartsys_on_signal)
{
	struct waiter w = { 0 };
	start_queued(&w, do_wait_event_interruptible, 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_INTERRUPTIBLE);
	sync_send_fatal(w.task);
	join(&w);
	KWT_ASSERT_EQ(w.ret, -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);

	struct waiter w2 = { .timeout = 100000 };
	start_queued(&w2, do_wait_event_interruptible_timeout, 1, "wait_event");
	sync_send_fatal(w2.task);
	join(&w2);
	KWT_ASSERT_EQ(w2.ret, -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

KWT_TEST("T13", pending_signal_ends_interruptible_and_killable_at_once)
{
	kw_task_send_fatal(kw_current());
	KWT_ASSERT_EQ(kw_wait_event_interruptible(&wq, cond_flag()),
		      -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(kw_wait_event_killable(&wq, cond_flag()),
		      -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(kw_wait_event_interruptible_timeout(&wq, cond_flag(), 50),
		      -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(kw_wait_event_killable_timeout(&wq, cond_flag(), 50),
		      -KW_ERESTARTSYS);
	/* Uninterruptible forms ignore it; a true condition wins over it. */
	KWT_ASSERT_EQ(kw_wait_event_timeout(&wq, cond_flag(), 2), 0);
	set_flag(1);
	KWT_ASSERT_EQ(kw_wait_event_interruptible(&wq, cond_flag()), 0);
	KWT_ASSERT_EQ(kw_wait_event_interruptible_timeout(&wq, cond_flag(), 50),
		      50);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
}

KWT_TEST("T13", wait_event_killable_ends_on_fatal_signal)
{
	struct waiter w = { 0 };
	start_queued(&w, do_wait_event_killable, 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_KILLABLE);
	sync_send_fatal(w.task);
	join(&w);
	KWT_ASSERT_EQ(w.ret, -KW_ERESTARTSYS);
}

/* kthread_stop: a non-fatal signal. */
static int kthread_interruptible(void *data)
{
	return (int)kw_wait_event_interruptible(&wq, cond_flag());
}

KWT_TEST("T13,K4", wait_event_interruptible_ends_on_kthread_stop)
{
	struct kw_task *k = kw_kthread_run(kthread_interruptible, NULL, "t13-int");
	KWT_ASSERT(!kw_is_err(k));
	SYNC_WAIT_UNTIL(sync_queued(&wq) == 1 &&
			sync_sleeping_in(k, "wait_event"));
	KWT_ASSERT_EQ(kw_kthread_stop(k), -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

static struct kw_task *killable_k;
static int killable_stop_seen;

static int kthread_killable(void *data)
{
	int r = kw_wait_event_killable(&wq, cond_flag());
	__atomic_store_n(&killable_stop_seen, kw_kthread_should_stop(),
			 __ATOMIC_RELEASE);
	return r;
}

static void *set_flag_after_stop_requested(void *arg)
{
	SYNC_WAIT_UNTIL(kw_signal_pending(sync_task(&killable_k)));
	set_flag(1);
	kw_wake_up(&wq);
	return NULL;
}

KWT_TEST("T13,K4", wait_event_killable_ignores_kthread_stop)
{
	pthread_t helper;
	struct kw_task *k = kw_kthread_run(kthread_killable, NULL, "t13-kill");
	KWT_ASSERT(!kw_is_err(k));
	__atomic_store_n(&killable_k, k, __ATOMIC_RELEASE);
	SYNC_WAIT_UNTIL(sync_queued(&wq) == 1 &&
			sync_sleeping_in(k, "wait_event"));
	KWT_ASSERT(pthread_create(&helper, NULL, set_flag_after_stop_requested,
				  NULL) == 0);
	/* The wait ends only on the condition, after the stop was requested. */
	KWT_ASSERT_EQ(kw_kthread_stop(k), 0);
	pthread_join(helper, NULL);
	KWT_ASSERT(__atomic_load_n(&killable_stop_seen, __ATOMIC_ACQUIRE));
}

KWT_TEST("T13", wait_event_idle_sleeps_in_task_idle)
{
	struct waiter w = { 0 };
	start_queued(&w, do_wait_event_idle, 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_IDLE);
	/* Not an interruptible sleep: a fatal signal does not end it. */
	sync_send_fatal(w.task);
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_IDLE);
	set_flag(1);
	kw_wake_up(&wq);
	join(&w);
	KWT_ASSERT_EQ(kw_wait_event_idle_timeout(&wq, cond_flag(), 9), 9);
}

/* ---- wake-up rules --------------------------------------------------------------- */

static int calls[8];
static int call_order[8], ncalls;

/* A wake function that records its call; its "woken" result is in flags. */
static int record_wake(struct kw_wait_queue_entry *e, unsigned int mode,
		       int flags, void *key)
{
	int id = (int)(intptr_t)e->private;
	calls[id]++;
	call_order[ncalls++] = id;
	return id >= 6 ? 0 : 1;	/* ids 6 and 7 report "not woken" */
}

static void fake_entry(struct kw_wait_queue_entry *e, int id)
{
	e->flags = 0;
	e->private = (void *)(intptr_t)id;
	e->func = record_wake;
	kw_list_init(&e->entry);
}

KWT_TEST("T13", wake_up_rules_non_exclusive_all_then_nr_exclusive)
{
	struct kw_wait_queue_head q;
	struct kw_wait_queue_entry e[6];
	kw_init_waitqueue_head(&q);
	KWT_ASSERT(!kw_waitqueue_active(&q));
	KWT_ASSERT(!kw_wq_has_sleeper(&q));
	for (int i = 0; i < 6; i++)
		fake_entry(&e[i], i);
	/* Exclusive 0, 1, 2 at the tail; non-exclusive 3, 4, 5 at the head. */
	kw_add_wait_queue_exclusive(&q, &e[0]);
	kw_add_wait_queue(&q, &e[3]);
	kw_add_wait_queue_exclusive(&q, &e[1]);
	kw_add_wait_queue(&q, &e[4]);
	kw_add_wait_queue_exclusive(&q, &e[2]);
	kw_add_wait_queue(&q, &e[5]);
	KWT_ASSERT(kw_waitqueue_active(&q));
	KWT_ASSERT(kw_wq_has_sleeper(&q));
	KWT_ASSERT_EQ(sync_queued(&q), 6);

	/* all non-exclusive, then the first exclusive; returns 1 exclusive */
	KWT_ASSERT_EQ(kw_wake_up(&q), 1);
	int want1[] = { 5, 4, 3, 0 };
	KWT_ASSERT_EQ(ncalls, 4);
	for (int i = 0; i < 4; i++)
		KWT_ASSERT_EQ(call_order[i], want1[i]);

	ncalls = 0;
	KWT_ASSERT_EQ(kw_wake_up_nr(&q, 2), 2);
	KWT_ASSERT_EQ(ncalls, 5);
	KWT_ASSERT_EQ(call_order[3], 0);
	KWT_ASSERT_EQ(call_order[4], 1);

	ncalls = 0;
	KWT_ASSERT_EQ(kw_wake_up_all(&q), 3);	/* every exclusive one */
	KWT_ASSERT_EQ(ncalls, 6);
	KWT_ASSERT_EQ(call_order[5], 2);

	/* These functions do not unlink: remove_wait_queue does. */
	for (int i = 0; i < 6; i++)
		kw_remove_wait_queue(&q, &e[i]);
	KWT_ASSERT(!kw_waitqueue_active(&q));
}

KWT_TEST("T13", prepare_to_wait_exclusive_reports_the_first_waiter)
{
	struct kw_wait_queue_head q;
	struct kw_wait_queue_entry a, b;
	kw_init_waitqueue_head(&q);
	kw_init_wait_entry(&a, 0);
	kw_init_wait_entry(&b, 0);
	/* The kernel's bool: true only when this call queued on an empty queue. */
	KWT_ASSERT(kw_prepare_to_wait_exclusive(&q, &a, KW_TASK_UNINTERRUPTIBLE));
	KWT_ASSERT(!kw_prepare_to_wait_exclusive(&q, &a, KW_TASK_UNINTERRUPTIBLE));
	KWT_ASSERT(!kw_prepare_to_wait_exclusive(&q, &b, KW_TASK_UNINTERRUPTIBLE));
	kw_finish_wait(&q, &a);
	kw_finish_wait(&q, &b);
	KWT_ASSERT(!kw_waitqueue_active(&q));
	KWT_ASSERT(kw_prepare_to_wait_exclusive(&q, &b, KW_TASK_UNINTERRUPTIBLE));
	kw_finish_wait(&q, &b);
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
}

KWT_TEST("T13", exclusive_entry_not_woken_does_not_count)
{
	struct kw_wait_queue_head q;
	struct kw_wait_queue_entry e6, e0, e1;
	kw_init_waitqueue_head(&q);
	fake_entry(&e6, 6);	/* reports 0: its task was not asleep */
	fake_entry(&e0, 0);
	fake_entry(&e1, 1);
	kw_add_wait_queue_exclusive(&q, &e6);
	kw_add_wait_queue_exclusive(&q, &e0);
	kw_add_wait_queue_exclusive(&q, &e1);
	kw_wake_up(&q);
	KWT_ASSERT_EQ(ncalls, 2);
	KWT_ASSERT_EQ(call_order[0], 6);
	KWT_ASSERT_EQ(call_order[1], 0);
	KWT_ASSERT_EQ(calls[1], 0);
	kw_remove_wait_queue(&q, &e6);
	kw_remove_wait_queue(&q, &e0);
	kw_remove_wait_queue(&q, &e1);
}

KWT_TEST("T13", wake_up_wakes_one_exclusive_waiter_in_fifo_order)
{
	enum { N = 3 };
	struct waiter w[N] = { 0 };
	for (int i = 0; i < N; i++)
		start_queued(&w[i], do_wait_event_exclusive, i + 1,
			     "wait_event");
	__atomic_store_n(&tokens, 1, __ATOMIC_RELEASE);
	kw_wake_up(&wq);
	join(&w[0]);
	KWT_ASSERT_EQ(w[0].ret, 0);
	KWT_ASSERT_EQ(sync_queued(&wq), N - 1);
	KWT_ASSERT(!finished(&w[1]) && !finished(&w[2]));

	__atomic_store_n(&tokens, 2, __ATOMIC_RELEASE);
	kw_wake_up_all(&wq);
	join(&w[1]);
	join(&w[2]);
	KWT_ASSERT_EQ(__atomic_load_n(&tokens, __ATOMIC_ACQUIRE), 0);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

KWT_TEST("T13", wake_up_all_wakes_every_waiter)
{
	enum { N = 4 };
	struct waiter w[N] = { 0 };
	for (int i = 0; i < N; i++)
		start_queued(&w[i], i % 2 ? do_wait_event : do_wait_event_idle,
			     i + 1, "wait_event");
	set_flag(1);
	kw_wake_up_all(&wq);
	for (int i = 0; i < N; i++)
		join(&w[i]);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

KWT_TEST("T13", wake_up_interruptible_skips_uninterruptible_sleepers)
{
	struct waiter w = { 0 };
	start_queued(&w, do_wait_event, 1, "wait_event");
	set_flag(1);
	kw_wake_up_interruptible(&wq);
	kw_wake_up_interruptible_all(&wq);
	/* Not woken: still asleep uninterruptibly, still queued. */
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_UNINTERRUPTIBLE);
	KWT_ASSERT_EQ(sync_queued(&wq), 1);
	kw_wake_up(&wq);
	join(&w);

	struct waiter w2 = { 0 };
	set_flag(0);
	start_queued(&w2, do_wait_event_interruptible, 1, "wait_event");
	set_flag(1);
	kw_wake_up_interruptible(&wq);
	join(&w2);
	KWT_ASSERT_EQ(w2.ret, 0);
}

/* ---- DEFINE_WAIT + prepare_to_wait + finish_wait ------------------------------------ */

static long prepare_loop(struct waiter *w, bool exclusive)
{
	KW_DEFINE_WAIT(wait);
	for (;;) {
		if (exclusive)
			kw_prepare_to_wait_exclusive(&wq, &wait,
						     KW_TASK_INTERRUPTIBLE);
		else
			kw_prepare_to_wait(&wq, &wait, KW_TASK_UNINTERRUPTIBLE);
		if (cond_flag())
			break;
		kw_schedule();
		/*
		 * Only autoremove_wake_function can have unlinked it (we are
		 * the only waiter). The waker unlinks after waking us, under
		 * wq's lock: counting under that lock sees its work done.
		 */
		if (sync_queued(&wq) == 0)
			w->unlinked_after_wake++;
	}
	kw_finish_wait(&wq, &wait);
	return kw_list_empty(&wait.entry) ? 0 : -1;
}

static long prepare_loop_plain(struct waiter *w)
{
	return prepare_loop(w, false);
}

static long prepare_loop_exclusive(struct waiter *w)
{
	return prepare_loop(w, true);
}

KWT_TEST("T13", define_wait_prepare_finish_loop)
{
	struct waiter w = { 0 };
	start_queued(&w, prepare_loop_plain, 1, "prepare_to_wait");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_UNINTERRUPTIBLE);
	/* Past its condition check: the wake below lands in (or before) the
	 * sleep, so the loop sees the entry autoremoved after kw_schedule(). */
	SYNC_WAIT_UNTIL(sync_entered_schedule(w.task));
	set_flag(1);
	kw_wake_up(&wq);
	join(&w);
	KWT_ASSERT_EQ(w.ret, 0);
	KWT_ASSERT_EQ(w.unlinked_after_wake, 1);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);

	struct waiter w2 = { 0 };
	set_flag(0);
	start_queued(&w2, prepare_loop_exclusive, 1, "prepare_to_wait");
	KWT_ASSERT_EQ(sync_state(w2.task), KW_TASK_INTERRUPTIBLE);
	set_flag(1);
	kw_wake_up(&wq);
	join(&w2);
	KWT_ASSERT_EQ(w2.ret, 0);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

KWT_TEST("T13", finish_wait_unlinks_an_entry_never_woken)
{
	KW_DEFINE_WAIT(wait);
	set_flag(1);
	kw_prepare_to_wait(&wq, &wait, KW_TASK_UNINTERRUPTIBLE);
	kw_prepare_to_wait(&wq, &wait, KW_TASK_UNINTERRUPTIBLE);  /* queued once */
	KWT_ASSERT_EQ(sync_queued(&wq), 1);
	KWT_ASSERT(kw_waitqueue_active(&wq));
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_UNINTERRUPTIBLE);
	kw_finish_wait(&wq, &wait);
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
	KWT_ASSERT(kw_list_empty(&wait.entry));
}

KWT_TEST("T13", autoremove_only_unlinks_when_it_woke_the_task)
{
	/* Our own task is RUNNING: nothing to wake, so the entry stays. */
	KW_DEFINE_WAIT(wait);
	kw_add_wait_queue(&wq, &wait);
	KWT_ASSERT_EQ(kw_autoremove_wake_function(&wait, KW_TASK_NORMAL, 0,
						  NULL), 0);
	KWT_ASSERT_EQ(sync_queued(&wq), 1);
	kw_wake_up_all(&wq);
	KWT_ASSERT_EQ(sync_queued(&wq), 1);
	kw_remove_wait_queue(&wq, &wait);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

/* ---- DECLARE_WAITQUEUE / init_waitqueue_entry / init_waitqueue_func_entry ------------ */

/* The pre-wait_event loop: queued once, default_wake_function never unlinks. */
static long declare_waitqueue_loop(struct waiter *w)
{
	KW_DECLARE_WAITQUEUE(wait, kw_current());
	long still_queued = 0;

	kw_add_wait_queue(&wq, &wait);
	for (;;) {
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		if (cond_flag())
			break;
		kw_schedule();
		still_queued += sync_queued(&wq) == 1;
		w->unlinked_after_wake += sync_queued(&wq) == 0;
	}
	kw_set_current_state(KW_TASK_RUNNING);
	kw_remove_wait_queue(&wq, &wait);
	return still_queued;
}

KWT_TEST("T13", declare_waitqueue_entry_stays_queued_across_wake_ups)
{
	struct waiter w = { 0 };

	w.fn = declare_waitqueue_loop;
	KWT_ASSERT(pthread_create(&w.th, NULL, waiter_thread, &w) == 0);
	SYNC_WAIT_UNTIL(sync_task(&w.task) && sync_queued(&wq) == 1 &&
			sync_entered_schedule(w.task));
	set_flag(1);
	kw_wake_up_interruptible(&wq);
	join(&w);
	KWT_ASSERT_EQ(w.unlinked_after_wake, 0);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
	set_flag(0);
}

static int func_entry_calls;
static void *func_entry_key;
static unsigned int func_entry_mode;

static int counting_wake(struct kw_wait_queue_entry *e, unsigned int mode,
			 int flags, void *key)
{
	(void)flags;
	KWT_ASSERT(e->priv == NULL);
	func_entry_calls++;
	func_entry_mode = mode;
	func_entry_key = key;
	return 1;
}

KWT_TEST("T13", init_waitqueue_entry_and_func_entry_fields_and_wake_function)
{
	struct kw_wait_queue_entry e, f;

	memset(&e, 0x5a, sizeof(e));
	kw_init_waitqueue_entry(&e, kw_current());
	KWT_ASSERT_EQ(e.flags, 0u);
	KWT_ASSERT(e.priv == kw_current());
	KWT_ASSERT(e.func == kw_default_wake_function);
	KWT_ASSERT(kw_list_empty(&e.entry));

	memset(&f, 0x5a, sizeof(f));
	kw_init_waitqueue_func_entry(&f, counting_wake);
	KWT_ASSERT_EQ(f.flags, 0u);
	KWT_ASSERT(f.func == counting_wake);
	kw_add_wait_queue(&wq, &f);
	kw_wake_up(&wq);
	KWT_ASSERT_EQ(func_entry_calls, 1);
	KWT_ASSERT_EQ(func_entry_mode, (unsigned int)KW_TASK_NORMAL);
	KWT_ASSERT(func_entry_key == NULL);
	kw___wake_up(&wq, KW_TASK_INTERRUPTIBLE, 1, &func_entry_calls);
	KWT_ASSERT_EQ(func_entry_calls, 2);
	KWT_ASSERT(func_entry_key == &func_entry_calls);
	KWT_ASSERT_EQ(sync_queued(&wq), 1);	/* the custom func did not unlink */
	kw_remove_wait_queue(&wq, &f);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

/* ---- wait_woken() with woken_wake_function ------------------------------------------ */

KWT_TEST("T13", wait_woken_does_not_lose_a_wake_between_check_and_sleep)
{
	KW_DEFINE_WAIT_FUNC(wait, kw_woken_wake_function);
	kw_add_wait_queue(&wq, &wait);
	set_flag(0);
	KWT_ASSERT(!cond_flag());	/* the caller's check: false */
	/* The wake lands now, before the sleep: our task is running, so
	 * nothing is woken, but the entry is marked. */
	set_flag(1);
	kw_wake_up(&wq);
	KWT_ASSERT(wait.flags & KW_WQ_FLAG_WOKEN);
	KWT_ASSERT_EQ(sync_queued(&wq), 1);	/* not autoremoved */
	/* wait_woken sees the mark: no sleep, the whole timeout is left. */
	KWT_ASSERT_EQ(kw_wait_woken(&wait, KW_TASK_UNINTERRUPTIBLE, 50), 50);
	KWT_ASSERT(!(wait.flags & KW_WQ_FLAG_WOKEN));
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
	/* The mark was consumed: the next call sleeps until its timeout. */
	KWT_ASSERT_EQ(kw_wait_woken(&wait, KW_TASK_UNINTERRUPTIBLE, 1), 0);
	kw_remove_wait_queue(&wq, &wait);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

static long do_wait_woken_loop(struct waiter *w)
{
	KW_DEFINE_WAIT_FUNC(wait, kw_woken_wake_function);
	long left = w->timeout;
	kw_add_wait_queue(&wq, &wait);
	while (!cond_flag() && left)
		left = kw_wait_woken(&wait, KW_TASK_INTERRUPTIBLE, left);
	kw_remove_wait_queue(&wq, &wait);
	return left;
}

KWT_TEST("T13", wait_woken_sleeps_until_woken_and_returns_time_left)
{
	struct waiter w = { .timeout = (long)KW_MAX_SCHEDULE_TIMEOUT - 1 };
	set_flag(0);
	start_queued_on(&w, do_wait_woken_loop, &wq, 1, "wait_woken");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_INTERRUPTIBLE);
	set_flag(1);
	kw_wake_up(&wq);
	join(&w);
	KWT_ASSERT(w.ret > 0 && w.ret <= (long)KW_MAX_SCHEDULE_TIMEOUT - 1);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

/* ---- the lock-dropping forms, wait_event_cmd / _state / _freezable ------------------- */

static kw_spinlock_t test_lock = KW_SPINLOCK_INIT;
static int cmd_runs, cmd2_runs;	/* counted by the waiter only */

/* Lock as spin_lock_irq() does. */
static void lock_irq(void)
{
	kw_local_irq_disable();
	kw_spin_lock(&test_lock);
}

static void unlock_irq(void)
{
	kw_spin_unlock(&test_lock);
	kw_local_irq_enable();
}

/* Return: 1 if the waiter holds test_lock with interrupts off on return. */
static long lock_held_on_return(void)
{
	long held = kw_spin_is_locked(&test_lock) && kw_irqs_disabled();
	unlock_irq();
	return held;
}

static long do_wait_event_lock_irq(struct waiter *w)
{
	lock_irq();
	kw_wait_event_lock_irq(&wq, cond_flag(), &test_lock);
	return lock_held_on_return();
}

static long do_wait_event_lock_irq_cmd(struct waiter *w)
{
	lock_irq();
	kw_wait_event_lock_irq_cmd(&wq, cond_flag(), &test_lock, cmd_runs++);
	return lock_held_on_return();
}

static long do_wait_event_interruptible_lock_irq(struct waiter *w)
{
	lock_irq();
	int r = kw_wait_event_interruptible_lock_irq(&wq, cond_flag(),
						     &test_lock);
	return lock_held_on_return() ? r : 1;
}

/* Wake w's sleep once test_lock can be taken (proving the waiter dropped it). */
static void wake_under_test_lock(struct waiter *w)
{
	lock_irq();
	set_flag(1);
	kw_wake_up(&wq);
	unlock_irq();
	join(w);
}

KWT_TEST("T13", wait_event_lock_irq_drops_the_lock_around_the_sleep)
{
	struct waiter w = { 0 };
	set_flag(0);
	start_queued(&w, do_wait_event_lock_irq, 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_UNINTERRUPTIBLE);
	wake_under_test_lock(&w);
	KWT_ASSERT_EQ(w.ret, 1);

	struct waiter w2 = { 0 };
	set_flag(0);
	cmd_runs = 0;
	start_queued(&w2, do_wait_event_lock_irq_cmd, 1, "wait_event");
	wake_under_test_lock(&w2);
	KWT_ASSERT_EQ(w2.ret, 1);
	KWT_ASSERT(cmd_runs >= 1);	/* cmd ran before each sleep */

	/* Already true: no sleep, no cmd, the lock never dropped. */
	cmd_runs = 0;
	lock_irq();
	kw_wait_event_lock_irq_cmd(&wq, cond_flag(), &test_lock, cmd_runs++);
	KWT_ASSERT_EQ(lock_held_on_return(), 1);
	KWT_ASSERT_EQ(cmd_runs, 0);
}

KWT_TEST("T13", wait_event_lock_irq_timeout_returns_as_wait_event_timeout)
{
	set_flag(0);
	lock_irq();
	KWT_ASSERT_EQ(kw_wait_event_lock_irq_timeout(&wq, cond_flag(),
						     &test_lock, 1), 0);
	KWT_ASSERT_EQ(kw_wait_event_interruptible_lock_irq_timeout(
			      &wq, cond_flag(), &test_lock, 1), 0);
	KWT_ASSERT_EQ(lock_held_on_return(), 1);
	set_flag(1);
	lock_irq();
	KWT_ASSERT_EQ(kw_wait_event_lock_irq_timeout(&wq, cond_flag(),
						     &test_lock, 7), 7);
	KWT_ASSERT_EQ(lock_held_on_return(), 1);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

KWT_TEST("T13", wait_event_interruptible_lock_irq_ends_on_a_signal_lock_held)
{
	struct waiter w = { 0 };
	set_flag(0);
	start_queued(&w, do_wait_event_interruptible_lock_irq, 1,
		     "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_INTERRUPTIBLE);
	sync_send_fatal(w.task);
	join(&w);
	KWT_ASSERT_EQ(w.ret, -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

static long do_wait_event_cmd(struct waiter *w)
{
	kw_wait_event_cmd(&wq, cond_flag(), cmd_runs++, cmd2_runs++);
	return 0;
}

KWT_TEST("T13", wait_event_cmd_runs_cmd1_before_and_cmd2_after_each_sleep)
{
	struct waiter w = { 0 };
	set_flag(0);
	cmd_runs = cmd2_runs = 0;
	start_queued(&w, do_wait_event_cmd, 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_UNINTERRUPTIBLE);
	set_flag(1);
	kw_wake_up(&wq);
	join(&w);
	KWT_ASSERT(cmd_runs >= 1);
	KWT_ASSERT_EQ(cmd_runs, cmd2_runs);
}

static long do_wait_event_state_killable(struct waiter *w)
{
	return kw_wait_event_state(&wq, cond_flag(), KW_TASK_KILLABLE);
}

KWT_TEST("T13", wait_event_state_sleeps_in_the_given_state)
{
	struct waiter w = { 0 };
	set_flag(0);
	start_queued(&w, do_wait_event_state_killable, 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_KILLABLE);
	sync_send_fatal(w.task);
	join(&w);
	KWT_ASSERT_EQ(w.ret, -KW_ERESTARTSYS);
}

static long do_wait_event_freezable(struct waiter *w)
{
	return kw_wait_event_freezable(&wq, cond_flag());
}

KWT_TEST("T13", wait_event_freezable_is_interruptible_never_frozen)
{
	struct waiter w = { 0 };
	set_flag(0);
	start_queued(&w, do_wait_event_freezable, 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_INTERRUPTIBLE);
	set_flag(1);
	kw_wake_up_interruptible(&wq);
	join(&w);
	KWT_ASSERT_EQ(w.ret, 0);
	KWT_ASSERT_EQ(kw_wait_event_freezable_timeout(&wq, cond_flag(), 5), 5);
	set_flag(0);
	KWT_ASSERT_EQ(kw_wait_event_freezable_timeout(&wq, cond_flag(), 1), 0);
}

/* ---- the _locked forms and wake_up_locked ----------------------------------------------- */

static long do_wait_event_interruptible_locked(struct waiter *w)
{
	kw_spin_lock(&wq.lock);
	int r = kw_wait_event_interruptible_locked(&wq, cond_flag());
	bool held = kw_spin_is_locked(&wq.lock);
	kw_spin_unlock(&wq.lock);
	return held ? r : 1;
}

static long do_wait_event_exclusive_locked_irq(struct waiter *w)
{
	kw_local_irq_disable();
	kw_spin_lock(&wq.lock);
	int r = kw_wait_event_interruptible_exclusive_locked_irq(&wq,
								 take_token());
	bool held = kw_spin_is_locked(&wq.lock) && kw_irqs_disabled();
	kw_spin_unlock(&wq.lock);
	kw_local_irq_enable();
	return held ? r : 1;
}

KWT_TEST("T13", wait_event_interruptible_locked_with_wake_up_locked)
{
	struct waiter w = { 0 };
	set_flag(0);
	start_queued(&w, do_wait_event_interruptible_locked, 1,
		     "wait_event_locked");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_INTERRUPTIBLE);
	set_flag(1);
	kw_spin_lock(&wq.lock);
	kw_wake_up_locked(&wq);
	kw_spin_unlock(&wq.lock);
	join(&w);
	KWT_ASSERT_EQ(w.ret, 0);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);

	/* A signal ends it with -ERESTARTSYS, the lock held, the entry gone. */
	struct waiter w2 = { 0 };
	set_flag(0);
	start_queued(&w2, do_wait_event_interruptible_locked, 1,
		     "wait_event_locked");
	sync_send_fatal(w2.task);
	join(&w2);
	KWT_ASSERT_EQ(w2.ret, -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

KWT_TEST("T13", exclusive_locked_irq_waiters_wake_up_locked_one_all_locked_all)
{
	enum { N = 3 };
	struct waiter w[N] = { 0 };
	for (int i = 0; i < N; i++)
		start_queued(&w[i], do_wait_event_exclusive_locked_irq, i + 1,
			     "wait_event_locked");
	__atomic_store_n(&tokens, 1, __ATOMIC_RELEASE);
	kw_spin_lock(&wq.lock);
	kw_wake_up_locked(&wq);	/* the first exclusive waiter only */
	kw_spin_unlock(&wq.lock);
	join(&w[0]);
	KWT_ASSERT_EQ(w[0].ret, 0);
	KWT_ASSERT(!finished(&w[1]) && !finished(&w[2]));
	SYNC_WAIT_UNTIL(sync_queued(&wq) == N - 1);

	__atomic_store_n(&tokens, 2, __ATOMIC_RELEASE);
	kw_spin_lock(&wq.lock);
	kw_wake_up_all_locked(&wq);
	kw_spin_unlock(&wq.lock);
	join(&w[1]);
	join(&w[2]);
	KWT_ASSERT_EQ(w[1].ret, 0);
	KWT_ASSERT_EQ(w[2].ret, 0);
	KWT_ASSERT_EQ(sync_queued(&wq), 0);
}

/* ---- wait_var_event / wait_on_bit on the hashed heads ------------------------------------ */

static int var_a, var_b;		/* atomic */
static unsigned long bit_word;		/* atomic bit ops */

static bool var_is(int *v, int want)
{
	return __atomic_load_n(v, __ATOMIC_ACQUIRE) == want;
}

static long do_wait_var_event(struct waiter *w)
{
	kw_wait_var_event(&var_a, var_is(&var_a, 1));
	return 0;
}

static long do_wait_var_event_killable(struct waiter *w)
{
	return kw_wait_var_event_killable(&var_a, var_is(&var_a, 1));
}

KWT_TEST("T13", wake_up_var_wakes_only_the_waiters_of_that_variable)
{
	struct kw_wait_queue_head *qa = kw___var_waitqueue(&var_a);
	struct waiter w = { 0 };
	__atomic_store_n(&var_a, 0, __ATOMIC_RELEASE);
	start_queued_on(&w, do_wait_var_event, qa, 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_UNINTERRUPTIBLE);
	__atomic_store_n(&var_a, 1, __ATOMIC_RELEASE);
	/* Another variable's key on var_a's head: the entry is skipped (a
	 * woken entry would be unlinked by the wake, under the lock). */
	kw___wake_up_bit(qa, &var_b, -1);
	KWT_ASSERT_EQ(sync_queued(qa), 1);
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_UNINTERRUPTIBLE);
	kw_wake_up_var(&var_a);
	join(&w);
	KWT_ASSERT_EQ(sync_queued(qa), 0);
	kw_wake_up_var(&var_a);	/* nobody waits: nothing to do */
}

KWT_TEST("T13", wait_var_event_killable_and_timeout_return_as_wait_event)
{
	struct waiter w = { 0 };
	__atomic_store_n(&var_a, 0, __ATOMIC_RELEASE);
	start_queued_on(&w, do_wait_var_event_killable,
			kw___var_waitqueue(&var_a), 1, "wait_event");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_KILLABLE);
	sync_send_fatal(w.task);
	join(&w);
	KWT_ASSERT_EQ(w.ret, -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(kw_wait_var_event_timeout(&var_a, var_is(&var_a, 1), 1),
		      0);
	__atomic_store_n(&var_a, 1, __ATOMIC_RELEASE);
	KWT_ASSERT_EQ(kw_wait_var_event_timeout(&var_a, var_is(&var_a, 1), 6),
		      6);
	KWT_ASSERT_EQ(kw_wait_var_event_interruptible(&var_a,
						      var_is(&var_a, 1)), 0);
}

static long do_wait_on_bit(struct waiter *w)
{
	return kw_wait_on_bit(&bit_word, 3, (unsigned int)w->timeout);
}

KWT_TEST("T13", wait_on_bit_sleeps_until_clear_and_wake_up_bit)
{
	struct kw_wait_queue_head *q = kw_bit_waitqueue(&bit_word, 3);
	KWT_ASSERT_EQ(kw_wait_on_bit(&bit_word, 3, KW_TASK_UNINTERRUPTIBLE), 0);
	kw_set_bit(3, &bit_word);
	struct waiter w = { .timeout = KW_TASK_UNINTERRUPTIBLE };
	start_queued_on(&w, do_wait_on_bit, q, 1, "prepare_to_wait");
	/* Woken while the bit is still set: wake_bit_function skips it. */
	kw_wake_up_bit(&bit_word, 3);
	KWT_ASSERT_EQ(sync_queued(q), 1);
	/* Another bit of the same word: not its key. */
	kw_wake_up_bit(&bit_word, 4);
	KWT_ASSERT_EQ(sync_queued(q), 1);
	kw_clear_and_wake_up_bit(3, &bit_word);
	join(&w);
	KWT_ASSERT_EQ(w.ret, 0);
	KWT_ASSERT_EQ(sync_queued(q), 0);
}

KWT_TEST("T13", wait_on_bit_killable_returns_eintr_on_a_fatal_signal)
{
	kw_set_bit(3, &bit_word);
	struct waiter w = { .timeout = KW_TASK_KILLABLE };
	start_queued_on(&w, do_wait_on_bit, kw_bit_waitqueue(&bit_word, 3), 1,
			"prepare_to_wait");
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_KILLABLE);
	sync_send_fatal(w.task);
	join(&w);
	KWT_ASSERT_EQ(w.ret, -EINTR);
	KWT_ASSERT(kw_test_bit(3, &bit_word));
	kw_clear_bit(3, &bit_word);
}

/* T13: a zeroed wait queue head WARNs on first use and is then a valid, empty queue. */
KWT_TEST("T13", zeroed_wait_queue_head_warns_once_and_works)
{
	static struct kw_wait_queue_head zeroed;
	KWT_EXPECT_WARN(kw_wake_up(&zeroed), "used before init_waitqueue_head()");
	kw_wake_up(&zeroed);
	KWT_ASSERT_EQ(sync_queued(&zeroed), 0);
	KWT_ASSERT_EQ(kw_wait_event_timeout(&zeroed, 0, 1), 0);

	/* The first exclusive waiter on a zeroed head is the first one. */
	static struct kw_wait_queue_head zeroed_x;
	struct kw_wait_queue_entry e;
	bool first = false;
	kw_init_wait_entry(&e, 0);
	KWT_EXPECT_WARN(first = kw_prepare_to_wait_exclusive(&zeroed_x, &e,
							     KW_TASK_UNINTERRUPTIBLE),
			"used before init_waitqueue_head()");
	KWT_ASSERT(first);
	kw_finish_wait(&zeroed_x, &e);
}
