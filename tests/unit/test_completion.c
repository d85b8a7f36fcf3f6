/*
 * test_completion.c - completions (SEMANTICS C1..C10).
 *
 * Waiter threads are gated by observable state: the test waits until a
 * waiter's entry is on the completion's queue (counted under its lock) and
 * the thread is asleep in wait_for_completion, never by sleeping.
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

enum wait_kind {
	W_PLAIN,
	W_TIMEOUT,
	W_INTERRUPTIBLE,
	W_KILLABLE,
	W_INTERRUPTIBLE_TIMEOUT,
	W_KILLABLE_TIMEOUT,
	W_IO,
};

struct waiter {
	struct kw_completion *x;
	enum wait_kind kind;
	unsigned long timeout;
	int id;
	int *order;		/* where to record the wake order, or NULL */
	int *order_len;
	struct kw_task *task;	/* published by the thread */
	long ret;		/* written before finished */
	int finished;		/* atomic */
	pthread_t th;
};

static long do_wait(struct waiter *w)
{
	switch (w->kind) {
	case W_PLAIN:
		kw_wait_for_completion(w->x);
		return 0;
	case W_IO:
		kw_wait_for_completion_io(w->x);
		return 0;
	case W_TIMEOUT:
		return (long)kw_wait_for_completion_timeout(w->x, w->timeout);
	case W_INTERRUPTIBLE:
		return kw_wait_for_completion_interruptible(w->x);
	case W_KILLABLE:
		return kw_wait_for_completion_killable(w->x);
	case W_INTERRUPTIBLE_TIMEOUT:
		return kw_wait_for_completion_interruptible_timeout(w->x,
								    w->timeout);
	case W_KILLABLE_TIMEOUT:
		return kw_wait_for_completion_killable_timeout(w->x, w->timeout);
	}
	return -1;
}

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;
	__atomic_store_n(&w->task, kw_current(), __ATOMIC_RELEASE);
	w->ret = do_wait(w);
	if (w->order) {
		int i = __atomic_fetch_add(w->order_len, 1, __ATOMIC_ACQ_REL);
		__atomic_store_n(&w->order[i], w->id, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&w->finished, 1, __ATOMIC_RELEASE);
	return NULL;
}

static bool finished(struct waiter *w)
{
	return __atomic_load_n(&w->finished, __ATOMIC_ACQUIRE);
}

static void start(struct waiter *w, struct kw_completion *x,
		  enum wait_kind kind)
{
	w->x = x;
	w->kind = kind;
	KWT_ASSERT(pthread_create(&w->th, NULL, waiter_thread, w) == 0);
}

/* Start w and wait until it sleeps on x as the nth queued waiter. */
static void start_queued(struct waiter *w, struct kw_completion *x,
			 enum wait_kind kind, int nth, const char *what)
{
	start(w, x, kind);
	SYNC_WAIT_UNTIL(sync_task(&w->task) && sync_queued(&x->wait) == nth &&
			sync_sleeping_in(w->task, what));
	KWT_ASSERT(sync_blocked_on(w->task) == x);
}

static void join(struct waiter *w)
{
	pthread_join(w->th, NULL);
	KWT_ASSERT(finished(w));
}

static unsigned int done_of(struct kw_completion *x)
{
	return __atomic_load_n(&x->done, __ATOMIC_RELAXED);
}

KWT_TEST("C1", complete_before_wait_counts)
{
	struct kw_completion x;
	kw_init_completion(&x);
	kw_complete(&x);
	kw_complete(&x);
	kw_complete(&x);
	KWT_ASSERT_EQ(done_of(&x), 3);
	/* Three waits return at once (this thread would otherwise hang). */
	kw_wait_for_completion(&x);
	kw_wait_for_completion(&x);
	kw_wait_for_completion(&x);
	KWT_ASSERT_EQ(done_of(&x), 0);
	KWT_ASSERT(!kw_try_wait_for_completion(&x));
}

KWT_TEST("C1", complete_releases_a_sleeping_waiter)
{
	static struct kw_completion x = KW_COMPLETION_INITIALIZER(x);
	struct waiter w = { 0 };
	start_queued(&w, &x, W_PLAIN, 1, "wait_for_completion");
	kw_complete(&x);
	join(&w);
	KWT_ASSERT_EQ(done_of(&x), 0);
	KWT_ASSERT_EQ(sync_queued(&x.wait), 0);
}

KWT_TEST("C2", complete_wakes_one_in_fifo_order)
{
	enum { N = 4 };
	struct kw_completion x;
	struct waiter w[N] = { 0 };
	int order[N] = { 0 }, len = 0;

	kw_init_completion(&x);
	for (int i = 0; i < N; i++) {
		w[i].id = i;
		w[i].order = order;
		w[i].order_len = &len;
		start_queued(&w[i], &x, W_PLAIN, i + 1, "wait_for_completion");
	}
	for (int i = 0; i < N; i++) {
		kw_complete(&x);
		join(&w[i]);	/* the oldest waiter, and only it */
		KWT_ASSERT_EQ(sync_queued(&x.wait), N - 1 - i);
		for (int j = i + 1; j < N; j++)
			KWT_ASSERT(!finished(&w[j]));
		KWT_ASSERT_EQ(done_of(&x), 0);
	}
	for (int i = 0; i < N; i++)
		KWT_ASSERT_EQ(__atomic_load_n(&order[i], __ATOMIC_ACQUIRE), i);
}

KWT_TEST("C3", complete_all_wakes_everybody_and_stays_done)
{
	enum { N = 3 };
	struct kw_completion x;
	struct waiter w[N] = { 0 };

	kw_init_completion(&x);
	for (int i = 0; i < N; i++)
		start_queued(&w[i], &x, i == 1 ? W_IO : W_PLAIN, i + 1,
			     i == 1 ? "wait_for_completion_io"
				    : "wait_for_completion");
	kw_complete_all(&x);
	for (int i = 0; i < N; i++)
		join(&w[i]);
	/* Later waits and try-waits succeed at once, any number of times. */
	kw_wait_for_completion(&x);
	KWT_ASSERT(kw_wait_for_completion_timeout(&x, 0) == 1);
	KWT_ASSERT_EQ(kw_wait_for_completion_interruptible(&x), 0);
	for (int i = 0; i < 5; i++)
		KWT_ASSERT(kw_try_wait_for_completion(&x));
	KWT_ASSERT(kw_completion_done(&x));
	kw_reinit_completion(&x);
	KWT_ASSERT(!kw_try_wait_for_completion(&x));
	KWT_ASSERT(!kw_completion_done(&x));
}

KWT_TEST("C4", done_saturates_at_uint_max)
{
	struct kw_completion x;
	kw_init_completion(&x);
	kw_complete_all(&x);
	KWT_ASSERT_EQ(done_of(&x), UINT_MAX);
	kw_complete(&x);
	KWT_ASSERT_EQ(done_of(&x), UINT_MAX);
	kw_wait_for_completion(&x);
	KWT_ASSERT(kw_try_wait_for_completion(&x));
	KWT_ASSERT(kw_wait_for_completion_timeout(&x, 10) >= 1);
	KWT_ASSERT_EQ(done_of(&x), UINT_MAX);
	KWT_ASSERT(kw_completion_done(&x));
}

KWT_TEST("C5", timeout_returns_zero_not_early)
{
	struct kw_completion x;
	kw_init_completion(&x);
	int64_t t0 = kw_ktime_get_ns();
	KWT_ASSERT_EQ(kw_wait_for_completion_timeout(&x, 5), 0);
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 5 * (KW_NSEC_PER_SEC / KW_HZ));
	KWT_ASSERT_EQ(kw_wait_for_completion_io_timeout(&x, 1), 0);
	KWT_ASSERT_EQ(sync_queued(&x.wait), 0);
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
}

KWT_TEST("C5", timeout_zero_is_a_try_wait)
{
	struct kw_completion x;
	kw_init_completion(&x);
	KWT_ASSERT_EQ(kw_wait_for_completion_timeout(&x, 0), 0);
	kw_complete(&x);
	KWT_ASSERT_EQ(kw_wait_for_completion_timeout(&x, 0), 1);
	KWT_ASSERT_EQ(done_of(&x), 0);
}

KWT_TEST("C5", timeout_success_returns_remaining_at_least_one)
{
	struct kw_completion x;
	kw_init_completion(&x);
	kw_complete(&x);
	unsigned long left = kw_wait_for_completion_timeout(&x, 100);
	KWT_ASSERT(left >= 1 && left <= 100);

	struct waiter w = { .timeout = 100000 };
	start_queued(&w, &x, W_TIMEOUT, 1, "wait_for_completion");
	kw_complete(&x);
	join(&w);
	KWT_ASSERT(w.ret >= 1 && w.ret <= 100000);
	KWT_ASSERT_EQ(done_of(&x), 0);
}

KWT_TEST("C5,C6", timed_out_waiter_consumes_nothing)
{
	struct kw_completion x;
	kw_init_completion(&x);
	struct waiter w = { .timeout = 2 };
	start(&w, &x, W_TIMEOUT);
	join(&w);
	KWT_ASSERT_EQ(w.ret, 0);
	KWT_ASSERT_EQ(sync_queued(&x.wait), 0);
	kw_complete(&x);
	KWT_ASSERT(kw_try_wait_for_completion(&x));
}

/* A waiter interrupted while asleep: -ERESTARTSYS, dequeued, nothing taken. */
static void interrupted_while_asleep(enum wait_kind kind)
{
	struct kw_completion x;
	kw_init_completion(&x);
	struct waiter w = { .timeout = 100000 };
	start_queued(&w, &x, kind, 1, "wait_for_completion");
	sync_send_fatal(w.task);
	join(&w);
	KWT_ASSERT_EQ(w.ret, -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(sync_queued(&x.wait), 0);
	kw_complete(&x);
	KWT_ASSERT_EQ(done_of(&x), 1);
}

KWT_TEST("C6", interruptible_wait_cut_short_by_fatal_signal)
{
	interrupted_while_asleep(W_INTERRUPTIBLE);
	interrupted_while_asleep(W_INTERRUPTIBLE_TIMEOUT);
}

KWT_TEST("C6", killable_wait_cut_short_by_fatal_signal)
{
	interrupted_while_asleep(W_KILLABLE);
	interrupted_while_asleep(W_KILLABLE_TIMEOUT);
}

KWT_TEST("C6", signal_pending_before_the_wait_returns_at_once)
{
	struct kw_completion x;
	kw_init_completion(&x);
	kw_task_send_fatal(kw_current());
	KWT_ASSERT_EQ(kw_wait_for_completion_interruptible(&x),
		      -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(kw_wait_for_completion_killable(&x), -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(kw_wait_for_completion_interruptible_timeout(&x, 1000),
		      -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(kw_wait_for_completion_state(&x, KW_TASK_KILLABLE),
		      -KW_ERESTARTSYS);
	/* A completion already done wins over the signal, and is consumed. */
	kw_complete(&x);
	KWT_ASSERT_EQ(kw_wait_for_completion_interruptible(&x), 0);
	KWT_ASSERT_EQ(done_of(&x), 0);
	/* An uninterruptible wait ignores the signal. */
	KWT_ASSERT_EQ(kw_wait_for_completion_timeout(&x, 2), 0);
}

KWT_TEST("C6", uninterruptible_wait_ignores_fatal_signal)
{
	struct kw_completion x;
	kw_init_completion(&x);
	struct waiter w = { 0 };
	start_queued(&w, &x, W_PLAIN, 1, "wait_for_completion");
	sync_send_fatal(w.task);
	/* Not woken: still asleep, still queued. */
	KWT_ASSERT_EQ(sync_state(w.task), KW_TASK_UNINTERRUPTIBLE);
	KWT_ASSERT_EQ(sync_queued(&x.wait), 1);
	KWT_ASSERT(!finished(&w));
	kw_complete(&x);
	join(&w);
}

/* kthread_stop (a non-fatal signal): interruptible waits end, killable not. */
struct stop_case {
	struct kw_completion x;
	unsigned int state;
	long ret;
};

static int stop_waiter_fn(void *data)
{
	struct stop_case *c = data;
	c->ret = kw_wait_for_completion_state(&c->x, c->state);
	return 7;
}

KWT_TEST("C6,K4", interruptible_wait_cut_short_by_kthread_stop)
{
	struct stop_case c = { .state = KW_TASK_INTERRUPTIBLE };
	kw_init_completion(&c.x);
	struct kw_task *k = kw_kthread_run(stop_waiter_fn, &c, "c6-stop");
	KWT_ASSERT(!kw_is_err(k));
	SYNC_WAIT_UNTIL(sync_queued(&c.x.wait) == 1 &&
			sync_sleeping_in(k, "wait_for_completion"));
	KWT_ASSERT_EQ(kw_kthread_stop(k), 7);
	KWT_ASSERT_EQ(c.ret, -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(done_of(&c.x), 0);
	KWT_ASSERT_EQ(sync_queued(&c.x.wait), 0);
}

struct killable_stop {
	struct kw_completion x;
	struct kw_task *k;
	long ret;
	int stop_seen;			/* atomic */
};

static int killable_waiter_fn(void *data)
{
	struct killable_stop *c = data;
	c->ret = kw_wait_for_completion_killable(&c->x);
	__atomic_store_n(&c->stop_seen, kw_kthread_should_stop(),
			 __ATOMIC_RELEASE);
	return 0;
}

/* Complete x only once kthread_stop() has made signal_pending() true in k. */
static void *complete_after_stop_requested(void *arg)
{
	struct killable_stop *c = arg;
	SYNC_WAIT_UNTIL(kw_signal_pending(c->k));
	kw_complete(&c->x);
	return NULL;
}

KWT_TEST("C6,K4", killable_wait_not_cut_short_by_kthread_stop)
{
	struct killable_stop c = { 0 };
	pthread_t helper;

	kw_init_completion(&c.x);
	c.k = kw_kthread_run(killable_waiter_fn, &c, "c6-kill");
	KWT_ASSERT(!kw_is_err(c.k));
	SYNC_WAIT_UNTIL(sync_queued(&c.x.wait) == 1 &&
			sync_sleeping_in(c.k, "wait_for_completion"));
	/*
	 * kthread_stop() blocks until k exits, so a helper completes x once
	 * the stop is under way: the killable wait must not have ended on
	 * the stop's signal (it returns 0, after should_stop became true).
	 */
	KWT_ASSERT(pthread_create(&helper, NULL, complete_after_stop_requested,
				  &c) == 0);
	KWT_ASSERT_EQ(kw_kthread_stop(c.k), 0);
	pthread_join(helper, NULL);
	KWT_ASSERT_EQ(c.ret, 0);
	KWT_ASSERT(__atomic_load_n(&c.stop_seen, __ATOMIC_ACQUIRE));
}

KWT_TEST("C7", try_wait_never_blocks)
{
	struct kw_completion x;
	kw_init_completion(&x);
	KWT_ASSERT(!kw_try_wait_for_completion(&x));
	kw_complete(&x);
	kw_complete(&x);
	KWT_ASSERT(kw_try_wait_for_completion(&x));
	KWT_ASSERT(kw_try_wait_for_completion(&x));
	KWT_ASSERT(!kw_try_wait_for_completion(&x));
	KWT_ASSERT_EQ(done_of(&x), 0);
}

KWT_TEST("C8", completion_done_reports_without_consuming)
{
	struct kw_completion x;
	kw_init_completion(&x);
	KWT_ASSERT(!kw_completion_done(&x));
	kw_complete(&x);
	KWT_ASSERT(kw_completion_done(&x));
	KWT_ASSERT(kw_completion_done(&x));
	KWT_ASSERT_EQ(done_of(&x), 1);
	kw_wait_for_completion(&x);
	KWT_ASSERT(!kw_completion_done(&x));
	kw_complete_all(&x);
	for (int i = 0; i < 3; i++) {
		kw_wait_for_completion(&x);
		KWT_ASSERT(kw_completion_done(&x));
	}
}

KWT_TEST("C9", reinit_resets_only_the_counter)
{
	struct kw_completion x;
	kw_init_completion(&x);
	kw_complete(&x);
	kw_complete(&x);
	kw_reinit_completion(&x);
	KWT_ASSERT_EQ(done_of(&x), 0);
	KWT_ASSERT(!kw_try_wait_for_completion(&x));

	/* The queue is left alone: a waiter queued across it still wakes. */
	struct waiter w = { 0 };
	start_queued(&w, &x, W_PLAIN, 1, "wait_for_completion");
	kw_reinit_completion(&x);
	KWT_ASSERT_EQ(sync_queued(&x.wait), 1);
	kw_complete(&x);
	join(&w);
	KWT_ASSERT_EQ(done_of(&x), 0);
}

static int exit_with_completion(void *data)
{
	kw_kthread_complete_and_exit(data, 42);
}

KWT_TEST("C10,K3", kthread_complete_and_exit_releases_waiter)
{
	struct kw_completion done;
	kw_init_completion(&done);
	/* Hold a reference before it runs: it exits on its own. */
	struct kw_task *k = kw_kthread_create(exit_with_completion, &done,
					      "c10-exit");
	KWT_ASSERT(!kw_is_err(k));
	kw_get_task_struct(k);
	kw_wake_up_process(k);
	kw_wait_for_completion(&done);
	KWT_ASSERT_EQ(kw_kthread_stop(k), 42);
	kw_put_task_struct(k);
}

/*
 * C1: a completion nobody initialised (zeroed static storage) is misuse the
 * kernel would oops on: the first use WARNs once and the completion then
 * works, so the event is not lost.
 */
KWT_TEST("C1", zeroed_completion_warns_once_and_keeps_the_event)
{
	static struct kw_completion zeroed;
	KWT_EXPECT_WARN(kw_complete(&zeroed), "used before init_waitqueue_head() or init_completion()");
	kw_wait_for_completion(&zeroed);	/* the count was kept: no sleep */
	kw_complete(&zeroed);			/* now a valid head: no WARN */
	KWT_ASSERT(kw_try_wait_for_completion(&zeroed));
}

/* ---- clauses the tests above leave out ---------------------------------------- */

KWT_TEST("C2", complete_skips_a_waiter_that_left_the_queue)
{
	struct kw_completion x;
	struct waiter w[3] = { { 0 } };
	kw_init_completion(&x);
	start_queued(&w[0], &x, W_PLAIN, 1, "wait_for_completion");
	start_queued(&w[1], &x, W_INTERRUPTIBLE, 2, "wait_for_completion");
	start_queued(&w[2], &x, W_PLAIN, 3, "wait_for_completion");
	/* The middle waiter leaves on a signal: FIFO among those still queued. */
	sync_send_fatal(w[1].task);
	join(&w[1]);
	KWT_ASSERT_EQ(w[1].ret, -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(sync_queued(&x.wait), 2);
	kw_complete(&x);
	join(&w[0]);
	KWT_ASSERT(!finished(&w[2]));
	KWT_ASSERT_EQ(sync_queued(&x.wait), 1);
	kw_complete(&x);
	join(&w[2]);
	KWT_ASSERT_EQ(done_of(&x), 0);
}

KWT_TEST("C2", complete_with_nobody_waiting_is_kept_for_the_next_waiter)
{
	struct kw_completion x;
	kw_init_completion(&x);
	kw_complete(&x);
	/* The count is there before the waiter arrives: it never sleeps. */
	struct waiter w = { 0 };
	start(&w, &x, W_PLAIN);
	join(&w);
	KWT_ASSERT_EQ(done_of(&x), 0);
	KWT_ASSERT_EQ(sync_queued(&x.wait), 0);
}

KWT_TEST("C3 C4", complete_all_releases_every_kind_of_waiter_and_stays_all_done)
{
	static const enum wait_kind kinds[] = {
		W_PLAIN, W_IO, W_TIMEOUT, W_INTERRUPTIBLE, W_KILLABLE,
		W_INTERRUPTIBLE_TIMEOUT, W_KILLABLE_TIMEOUT,
	};
	enum { N = sizeof(kinds) / sizeof(kinds[0]) };
	struct kw_completion x;
	struct waiter w[N] = { { 0 } };
	kw_init_completion(&x);
	for (int i = 0; i < N; i++) {
		w[i].timeout = 100000;
		start_queued(&w[i], &x, kinds[i], i + 1,
			     kinds[i] == W_IO ? "wait_for_completion_io"
					      : "wait_for_completion");
	}
	kw_complete_all(&x);
	for (int i = 0; i < N; i++) {
		join(&w[i]);
		if (kinds[i] == W_TIMEOUT || kinds[i] == W_INTERRUPTIBLE_TIMEOUT ||
		    kinds[i] == W_KILLABLE_TIMEOUT)
			KWT_ASSERT(w[i].ret >= 1 && w[i].ret <= 100000);
		else
			KWT_ASSERT_EQ(w[i].ret, 0);
	}
	/* The woken waiters took nothing from "all done". */
	KWT_ASSERT_EQ(done_of(&x), UINT_MAX);
	KWT_ASSERT_EQ(sync_queued(&x.wait), 0);
}

KWT_TEST("C4", no_wait_variant_decrements_all_done)
{
	struct kw_completion x;
	kw_init_completion(&x);
	kw_complete_all(&x);
	for (int i = 0; i < 3; i++) {
		kw_complete(&x);
		KWT_ASSERT_EQ(done_of(&x), UINT_MAX);
	}
	kw_wait_for_completion(&x);
	kw_wait_for_completion_io(&x);
	KWT_ASSERT_EQ(kw_wait_for_completion_timeout(&x, 0), 1);
	KWT_ASSERT_EQ(kw_wait_for_completion_timeout(&x, 7), 7);
	KWT_ASSERT_EQ(kw_wait_for_completion_io_timeout(&x, 7), 7);
	KWT_ASSERT_EQ(kw_wait_for_completion_interruptible(&x), 0);
	KWT_ASSERT_EQ(kw_wait_for_completion_interruptible_timeout(&x, 0), 1);
	KWT_ASSERT_EQ(kw_wait_for_completion_interruptible_timeout(&x, 7), 7);
	KWT_ASSERT_EQ(kw_wait_for_completion_killable(&x), 0);
	KWT_ASSERT_EQ(kw_wait_for_completion_killable_timeout(&x, 7), 7);
	KWT_ASSERT_EQ(kw_wait_for_completion_state(&x, KW_TASK_UNINTERRUPTIBLE), 0);
	KWT_ASSERT(kw_try_wait_for_completion(&x));
	KWT_ASSERT(kw_completion_done(&x));
	KWT_ASSERT_EQ(done_of(&x), UINT_MAX);
}

KWT_TEST("C5", done_already_returns_the_whole_timeout)
{
	/* Nothing slept, so the "remaining" jiffies are all of them. */
	struct kw_completion x;
	kw_init_completion(&x);
	kw_complete(&x);
	KWT_ASSERT_EQ(kw_wait_for_completion_timeout(&x, 100), 100);
	kw_complete(&x);
	KWT_ASSERT_EQ(kw_wait_for_completion_io_timeout(&x, 100), 100);
	kw_complete(&x);
	KWT_ASSERT_EQ(kw_wait_for_completion_interruptible_timeout(&x, 100), 100);
	kw_complete(&x);
	KWT_ASSERT_EQ(kw_wait_for_completion_killable_timeout(&x, 100), 100);
	KWT_ASSERT_EQ(done_of(&x), 0);
}

/* C7/C8 from a timer callback: softirq, where sleeping would WARN. */
struct atomic_probe {
	struct kw_timer timer;
	struct kw_completion x;
	bool in_softirq, try1, try2, try3, done_before, done_after;
	struct kw_completion fired;
};

static void probe_fn(struct kw_timer *t)
{
	struct atomic_probe *p = kw_container_of(t, struct atomic_probe, timer);
	p->in_softirq = kw_in_softirq();
	p->try1 = kw_try_wait_for_completion(&p->x);	/* done == 0 */
	p->done_before = kw_completion_done(&p->x);
	kw_complete(&p->x);
	p->done_after = kw_completion_done(&p->x);
	p->try2 = kw_try_wait_for_completion(&p->x);	/* takes it */
	p->try3 = kw_try_wait_for_completion(&p->x);
	kw_complete(&p->fired);
}

KWT_TEST("C7 C8", try_wait_and_completion_done_never_block_in_softirq)
{
	struct atomic_probe p = { 0 };
	kw_init_completion(&p.x);
	kw_init_completion(&p.fired);
	kw_timer_setup(&p.timer, probe_fn, 0);
	kw_mod_timer(&p.timer, kw_jiffies() + 1);
	kw_wait_for_completion(&p.fired);	/* any WARN in there fails the test */
	KWT_ASSERT_EQ(kw_timer_delete_sync(&p.timer), 0);
	KWT_ASSERT(p.in_softirq);
	KWT_ASSERT(!p.try1);
	KWT_ASSERT(!p.done_before);
	KWT_ASSERT(p.done_after);
	KWT_ASSERT(p.try2);
	KWT_ASSERT(!p.try3);
	KWT_ASSERT_EQ(done_of(&p.x), 0);
}

KWT_TEST("C7 C8", try_wait_and_completion_done_under_a_spinlock)
{
	struct kw_completion x;
	kw_spinlock_t l = KW_SPINLOCK_INIT;
	kw_init_completion(&x);
	kw_spin_lock(&l);
	KWT_ASSERT(!kw_try_wait_for_completion(&x));
	KWT_ASSERT(!kw_completion_done(&x));
	kw_complete(&x);
	KWT_ASSERT(kw_completion_done(&x));
	KWT_ASSERT(kw_try_wait_for_completion(&x));
	kw_spin_unlock(&l);
	KWT_ASSERT_EQ(done_of(&x), 0);
}

KWT_TEST("C8", completion_done_is_false_while_a_waiter_sleeps)
{
	/* Waiters do not make it "done": only counts do. */
	struct kw_completion x;
	struct waiter w = { 0 };
	kw_init_completion(&x);
	start_queued(&w, &x, W_PLAIN, 1, "wait_for_completion");
	KWT_ASSERT(!kw_completion_done(&x));
	KWT_ASSERT(!kw_try_wait_for_completion(&x));
	KWT_ASSERT(!finished(&w));
	kw_complete(&x);
	join(&w);
	KWT_ASSERT(!kw_completion_done(&x));
}

KWT_TEST("C9 C3", reinit_after_complete_all_counts_from_zero_again)
{
	struct kw_completion x;
	kw_init_completion(&x);
	kw_complete_all(&x);
	kw_reinit_completion(&x);
	KWT_ASSERT_EQ(done_of(&x), 0);
	KWT_ASSERT(!kw_completion_done(&x));
	KWT_ASSERT_EQ(kw_wait_for_completion_timeout(&x, 1), 0);
	/* Counting again: one complete() satisfies one wait only. */
	kw_complete(&x);
	KWT_ASSERT_EQ(done_of(&x), 1);
	kw_wait_for_completion(&x);
	KWT_ASSERT(!kw_try_wait_for_completion(&x));
	KWT_ASSERT_EQ(done_of(&x), 0);
}
