/*
 * test_signal.c - allow_signal / send_sig / flush_signals /
 * kernel_dequeue_signal for kthreads (COMPAT.md, task item: signal_pending,
 * allow_signal; SEMANTICS.md has no signal rules): ignored until allowed,
 * a queued signal wakes an interruptible sleep, SIGKILL a killable one,
 * flush forgets queued signals but not a kthread_stop() request.
 *
 * Gates: the kthread publishes its phase; the test waits until it sleeps
 * (sync_sleeping_in) before sending.
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <errno.h>
#include <signal.h>

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

struct sigthread {
	int allow;		/* signal to allow first (0: none) */
	unsigned int state;	/* sleep state of the wait */
	int ready;		/* allowed, about to sleep */
	bool pending_after;	/* signal_pending() once woken */
	bool fatal_after;
	int dequeued;
	bool pending_after_dequeue;
	int woken;
};

/* Allow, sleep until a signal or stop, record, dequeue, wait for stop. */
static int sigthread_fn(void *data)
{
	struct sigthread *s = data;
	struct kw_task *self = kw_current();

	if (s->allow)
		kw_allow_signal(s->allow);
	STORE(s->ready, 1);
	for (;;) {
		kw_set_current_state(s->state);
		if (kw_signal_pending(self) || kw_kthread_should_stop())
			break;
		kw__set_blocked("sigthread", s);
		kw_schedule();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	STORE(s->pending_after, kw_signal_pending(self));
	STORE(s->fatal_after, kw_fatal_signal_pending(self));
	STORE(s->dequeued, kw_kernel_dequeue_signal());
	STORE(s->pending_after_dequeue, kw_signal_pending(self));
	STORE(s->woken, 1);
	while (!kw_kthread_should_stop()) {
		kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
		if (!kw_kthread_should_stop())
			kw_schedule();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	return 0;
}

static struct kw_task *start(struct sigthread *s, int allow, unsigned int state)
{
	s->allow = allow;
	s->state = state;
	struct kw_task *k = kw_kthread_run(sigthread_fn, s, "sigthread");
	KWT_ASSERT(!kw_is_err(k));
	SYNC_WAIT_UNTIL(LOAD(s->ready) && sync_sleeping_in(k, "sigthread"));
	return k;
}

KWT_TEST("COMPAT-task", kthread_ignores_signals_it_did_not_allow)
{
	static struct sigthread s;
	struct kw_task *k = start(&s, 0, KW_TASK_INTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_send_sig(SIGTERM, k, 0), 0);
	KWT_ASSERT(!kw_signal_pending(k));
	KWT_ASSERT(!kw_signal_queued(k, SIGTERM));
	KWT_ASSERT(sync_sleeping_in(k, "sigthread"));
	KWT_ASSERT_EQ(kw_kthread_stop(k), 0);
	KWT_ASSERT_EQ(s.dequeued, 0);
}

KWT_TEST("COMPAT-task", allowed_signal_wakes_an_interruptible_sleep)
{
	static struct sigthread s;
	struct kw_task *k = start(&s, SIGTERM, KW_TASK_INTERRUPTIBLE);
	kw_get_task_struct(k);
	KWT_ASSERT_EQ(kw_send_sig(SIGTERM, k, 0), 0);
	SYNC_WAIT_UNTIL(LOAD(s.woken));
	KWT_ASSERT(s.pending_after);
	KWT_ASSERT(!s.fatal_after);
	KWT_ASSERT_EQ(s.dequeued, SIGTERM);
	KWT_ASSERT(!s.pending_after_dequeue);
	KWT_ASSERT(!kw_signal_queued(k, SIGTERM));
	KWT_ASSERT_EQ(kw_kthread_stop(k), 0);
	kw_put_task_struct(k);
}

KWT_TEST("COMPAT-task", sigterm_does_not_wake_a_killable_sleep_sigkill_does)
{
	static struct sigthread s;
	struct kw_task *k = start(&s, SIGTERM, KW_TASK_KILLABLE);
	kw_get_task_struct(k);
	kw_send_sig(SIGTERM, k, 0);
	KWT_ASSERT(kw_signal_pending(k));
	KWT_ASSERT(!kw_fatal_signal_pending(k));
	KWT_ASSERT(sync_sleeping_in(k, "sigthread"));	/* killable: still asleep */
	kw_flush_signals(k);
	KWT_ASSERT(!kw_signal_pending(k));
	KWT_ASSERT_EQ(kw_kthread_stop(k), 0);
	kw_put_task_struct(k);
}

static int killable_fn(void *data)
{
	struct sigthread *s = data;
	kw_allow_signal(SIGKILL);
	return sigthread_fn(s);
}

KWT_TEST("COMPAT-task", allowed_sigkill_is_fatal_and_wakes_a_killable_sleep)
{
	static struct sigthread s;
	s.state = KW_TASK_KILLABLE;
	struct kw_task *k = kw_kthread_run(killable_fn, &s, "killable");
	KWT_ASSERT(!kw_is_err(k));
	SYNC_WAIT_UNTIL(LOAD(s.ready) && sync_sleeping_in(k, "sigthread"));
	kw_get_task_struct(k);
	kw_send_sig(SIGKILL, k, 1);
	SYNC_WAIT_UNTIL(LOAD(s.woken));
	KWT_ASSERT(s.fatal_after);
	KWT_ASSERT_EQ(s.dequeued, SIGKILL);
	KWT_ASSERT(!s.pending_after_dequeue);
	KWT_ASSERT_EQ(kw_kthread_stop(k), 0);
	kw_put_task_struct(k);
}

KWT_TEST("COMPAT-task", flush_signals_keeps_a_kthread_stop_request)
{
	struct kw_task *self = kw_current();
	kw_allow_signal(SIGUSR1);
	kw_send_sig(SIGUSR1, self, 0);
	kw_send_sig(SIGHUP, self, 0);	/* not allowed: dropped */
	KWT_ASSERT(kw_signal_pending(self));
	KWT_ASSERT(kw_signal_queued(self, SIGUSR1));
	KWT_ASSERT(!kw_signal_queued(self, SIGHUP));
	kw_flush_signals(self);
	KWT_ASSERT(!kw_signal_pending(self));
	KWT_ASSERT_EQ(kw_kernel_dequeue_signal(), 0);
	/* two sends before a dequeue are one signal; lowest number first */
	kw_allow_signal(SIGUSR2);
	kw_send_sig(SIGUSR2, self, 0);
	kw_send_sig(SIGUSR1, self, 0);
	kw_send_sig(SIGUSR1, self, 0);
	KWT_ASSERT_EQ(kw_kernel_dequeue_signal(), SIGUSR1);
	KWT_ASSERT_EQ(kw_kernel_dequeue_signal(), SIGUSR2);
	KWT_ASSERT_EQ(kw_kernel_dequeue_signal(), 0);
	KWT_ASSERT(!kw_signal_pending(self));
	/* disallow drops a queued one */
	kw_send_sig(SIGUSR1, self, 0);
	kw_disallow_signal(SIGUSR1);
	KWT_ASSERT(!kw_signal_pending(self));
	KWT_ASSERT_EQ(kw_send_sig(65, self, 0), -EINVAL);
	KWT_ASSERT_EQ(kw_send_sig(0, self, 0), 0);
	KWT_EXPECT_WARN(kw_allow_signal(0), "no such signal");
}

static int stop_flush_result;
static int stop_flush_started;
static int stop_then_flush_fn(void *data)
{
	(void)data;
	STORE(stop_flush_started, 1);
	while (!kw_kthread_should_stop()) {
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		if (!kw_kthread_should_stop())
			kw_schedule();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	kw_flush_signals(kw_current());
	STORE(stop_flush_result, kw_signal_pending(kw_current()) ? 1 : 2);
	return 0;
}

KWT_TEST("COMPAT-task", flush_after_kthread_stop_still_signal_pending)
{
	struct kw_task *k = kw_kthread_run(stop_then_flush_fn, NULL, "stopflush");
	KWT_ASSERT(!kw_is_err(k));
	SYNC_WAIT_UNTIL(LOAD(stop_flush_started));	/* threadfn runs */
	KWT_ASSERT_EQ(kw_kthread_stop(k), 0);
	KWT_ASSERT_EQ(LOAD(stop_flush_result), 1);
}
