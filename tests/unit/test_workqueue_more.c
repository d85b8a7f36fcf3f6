/*
 * test_workqueue_more.c - delayed-work targeting and initialisation
 * (D8, D9, D10), the clauses of D2..D7 core tests leave out (expiry at the
 * call, the queued phase for queue/mod/flush/cancel, mod with delay 0,
 * mod of a running work, cancel from a timer callback, a self-re-arming
 * dw cancelled), disabled delayed works (W37), the
 * cancel_work_sync-on-a-delayed-work misuse (W40),
 * alloc flag validation, and the helpers built on the system workqueue:
 * schedule_on_each_cpu, work_on_cpu[_safe], RCU work. Runs with 4 virtual
 * CPUs (wq_test_util.h).
 */
#include "wq_test_util.h"

#include <errno.h>

struct dw_item {
	struct kw_delayed_work dw;
	int runs;			/* atomic */
	int cpu;
	unsigned long ran_at;
	char comm[KW_TASK_COMM_LEN];
	struct kw_completion ran;
};

static void dw_item_fn(struct kw_work *w)
{
	struct dw_item *d = kw_container_of(kw_to_delayed_work(w), struct dw_item, dw);
	d->cpu = (int)kw_smp_processor_id();
	d->ran_at = kw_jiffies();
	kw_get_task_comm(d->comm, sizeof(d->comm), kw_current());
	__atomic_add_fetch(&d->runs, 1, __ATOMIC_ACQ_REL);
	kw_complete(&d->ran);
}

static void dw_item_init(struct dw_item *d, bool deferrable)
{
	memset(d, 0, sizeof(*d));
	if (deferrable)
		KW_INIT_DEFERRABLE_WORK(&d->dw, dw_item_fn);
	else
		KW_INIT_DELAYED_WORK(&d->dw, dw_item_fn);
	kw_init_completion(&d->ran);
}

KWT_TEST("D8", delayed_work_targets_the_requested_or_the_timer_cpu)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d8", KW_WQ_PERCPU, 0);
	struct dw_item d;
	char want[16];

	/* An explicit CPU: timer and item both target it. */
	dw_item_init(&d, false);
	/* A far expiry first, so the flags are read while nothing fires. */
	KWT_ASSERT(kw_queue_delayed_work_on(3, wq, &d.dw, 1000000));
	KWT_ASSERT_EQ(d.dw.timer.flags & KW_TIMER_CPUMASK, 3u);
	KWT_ASSERT(kw_mod_delayed_work_on(3, wq, &d.dw, 2));
	kw_wait_for_completion(&d.ran);
	KWT_ASSERT_EQ(d.cpu, 3);
	KWT_ASSERT(!strncmp(d.comm, "kworker/3:", 10));
	kw_flush_work(&d.dw.work);

	/* WORK_CPU_UNBOUND: a global timer; the item goes to the CPU the
	 * timer fired on, which is some valid CPU, and is served by that
	 * CPU's pool. */
	dw_item_init(&d, false);
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 1000000));
	KWT_ASSERT(!(d.dw.timer.flags & KW_TIMER_PINNED));
	KWT_ASSERT(kw_mod_delayed_work(wq, &d.dw, 2));
	kw_wait_for_completion(&d.ran);
	KWT_ASSERT(d.cpu >= 0 && (unsigned int)d.cpu < kw_nr_cpu_ids());
	snprintf(want, sizeof(want), "kworker/%d:", d.cpu);
	KWT_ASSERT(!strncmp(d.comm, want, strlen(want)));
	kw_flush_work(&d.dw.work);
	kw_destroy_workqueue(wq);
}

static void foreign_timer_fn(struct kw_timer *t)
{
	(void)t;
}

KWT_TEST("D9", delayed_work_with_a_foreign_timer_callback_warns)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d9", 0, 0);
	struct kw_delayed_work dw;
	KW_INIT_WORK(&dw.work, dw_item_fn);
	kw_timer_setup(&dw.timer, foreign_timer_fn, 0);
	KWT_EXPECT_WARN(kw_queue_delayed_work(wq, &dw, 100000), "");
	KWT_ASSERT(kw_cancel_delayed_work(&dw));	/* the work is not lost */
	KWT_ASSERT(!kw_delayed_work_pending(&dw));
	kw_destroy_workqueue(wq);
}

KWT_TEST("D10", deferrable_delayed_work_is_not_early_and_runs)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d10", 0, 0);
	struct dw_item d;
	dw_item_init(&d, true);
	KWT_ASSERT(d.dw.timer.flags & KW_TIMER_DEFERRABLE);
	unsigned long start = kw_jiffies();
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 3));
	/* kwork's timer thread never defers: it runs (late is allowed). */
	kw_wait_for_completion(&d.ran);
	KWT_ASSERT(kw_time_after_eq(d.ran_at, start + 3));
	kw_flush_work(&d.dw.work);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W40", cancel_work_sync_on_a_delayed_work_waits_out_the_timer)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w40", 0, 0);
	struct dw_item d;
	dw_item_init(&d, false);
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 3));
	/*
	 * The misuse: the timer owns PENDING, which cancel_work_sync() cannot
	 * take from it; like the kernel it retries until the timer has fired
	 * and queued the item, then cancels or waits for that instance.
	 */
	bool was_pending = kw_cancel_work_sync(&d.dw.work);
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	KWT_ASSERT_EQ(kw_work_busy(&d.dw.work), 0u);
	KWT_ASSERT_EQ(wqt_load(&d.runs), was_pending ? 0 : 1);
	/* The right call stops the timer itself. */
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 100000));
	KWT_ASSERT(kw_cancel_delayed_work_sync(&d.dw));
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	kw_destroy_workqueue(wq);
}

KWT_TEST("W19", flags_kwork_cannot_honour_are_refused)
{
	kwt_log_reset();
	KWT_ASSERT(kw_alloc_workqueue("badflags", 1u << 12, 0) == NULL);
	KWT_ASSERT(kwt_log_contains("workqueue: badflags: flags 0x1000 are not "
				    "supported by kwork"));
	KWT_ASSERT(kw_alloc_workqueue("internal", KW__WQ_DRAINING, 0) == NULL);
	KWT_ASSERT(kw_alloc_workqueue("bh", KW_WQ_BH, 0) == NULL);
	KWT_ASSERT(kwt_log_contains("WQ_BH is not supported"));
	struct kw_workqueue *wq = kw_alloc_workqueue("sysfs", KW_WQ_SYSFS |
						     KW_WQ_UNBOUND, 0);
	KWT_ASSERT(wq != NULL);
	kw_destroy_workqueue(wq);
}

/* ---- helpers on the system workqueue ------------------------------------- */

static int each_cpu_ran[8];

static void each_cpu_fn(struct kw_work *w)
{
	(void)w;
	__atomic_add_fetch(&each_cpu_ran[kw_smp_processor_id()], 1, __ATOMIC_ACQ_REL);
}

KWT_TEST("helpers", schedule_on_each_cpu_runs_once_per_cpu_and_waits)
{
	KWT_ASSERT(kw_nr_cpu_ids() <= 8);
	KWT_ASSERT_EQ(kw_schedule_on_each_cpu(each_cpu_fn), 0);
	for (unsigned int c = 0; c < kw_nr_cpu_ids(); c++)
		KWT_ASSERT_EQ(wqt_load(&each_cpu_ran[c]), 1);
}

static long on_cpu_fn(void *arg)
{
	*(int *)arg = (int)kw_smp_processor_id();
	return kw_current_work() ? 1000 + (long)kw_smp_processor_id() : -1;
}

KWT_TEST("helpers", work_on_cpu_runs_in_a_kworker_of_that_cpu)
{
	int cpu = -1;
	KWT_ASSERT_EQ(kw_work_on_cpu(2, on_cpu_fn, &cpu), 1002);
	KWT_ASSERT_EQ(cpu, 2);
	cpu = -1;
	KWT_ASSERT_EQ(kw_work_on_cpu_safe(1, on_cpu_fn, &cpu), 1001);
	KWT_ASSERT_EQ(cpu, 1);
	KWT_ASSERT_EQ(kw_work_on_cpu_safe((int)kw_nr_cpu_ids(), on_cpu_fn, &cpu),
		      -ENODEV);
	KWT_ASSERT_EQ(kw_work_on_cpu_safe(-1, on_cpu_fn, &cpu), -ENODEV);
}

struct rcu_item {
	struct kw_rcu_work rw;
	int runs;
	struct kw_completion ran;
};

static void rcu_item_fn(struct kw_work *w)
{
	struct rcu_item *r = kw_container_of(kw_to_rcu_work(w), struct rcu_item, rw);
	__atomic_add_fetch(&r->runs, 1, __ATOMIC_ACQ_REL);
	kw_complete(&r->ran);
}

KWT_TEST("helpers", rcu_work_runs_after_the_grace_period_once)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("rcuw", KW_WQ_UNBOUND, 0);
	struct rcu_item r = { .runs = 0 };
	KW_INIT_RCU_WORK(&r.rw, rcu_item_fn);
	kw_init_completion(&r.ran);

	KWT_ASSERT(!kw_flush_rcu_work(&r.rw));		/* idle */
	KWT_ASSERT(kw_queue_rcu_work(wq, &r.rw));
	KWT_ASSERT(!kw_queue_rcu_work(wq, &r.rw));	/* pending */
	kw_wait_for_completion(&r.ran);
	kw_flush_work(&r.rw.work);
	KWT_ASSERT_EQ(wqt_load(&r.runs), 1);

	/* flush_rcu_work ends the grace period and waits for the run. Its
	 * return is true unless the one-jiffy grace period and the run were
	 * already over (a slow tool), as flush_work's (the kernel's too). */
	KWT_ASSERT(kw_queue_rcu_work(wq, &r.rw));
	kw_flush_rcu_work(&r.rw);
	KWT_ASSERT_EQ(wqt_load(&r.runs), 2);
	KWT_ASSERT(!kw_work_pending(&r.rw.work));

	/* A disabled item is not queued. */
	kw_disable_work(&r.rw.work);
	KWT_ASSERT(!kw_queue_rcu_work(wq, &r.rw));
	KWT_ASSERT(kw_enable_work(&r.rw.work));
	kw_destroy_workqueue(wq);
}

/* ---- delayed work: the clauses of D2..D7 ------------------------------------ */

/*
 * A delayed work that signals `started`, blocks on `release` (unless
 * `open`), records the order it ran in, and may requeue itself.
 */
struct gdw {
	struct kw_delayed_work dw;
	struct kw_completion started;
	struct kw_completion release;
	bool open;			/* don't block on release */
	int runs;			/* atomic */
	int done;			/* atomic */
	int running;			/* atomic */
	int max_running;		/* atomic */
	int order;			/* value of *seq when it ran */
	int *seq;
	struct kw_workqueue *wq;
	unsigned long requeue_delay;	/* 0: no self-requeue */
};

static void gdw_fn(struct kw_work *w)
{
	struct gdw *g = kw_container_of(kw_to_delayed_work(w), struct gdw, dw);
	int now = __atomic_add_fetch(&g->running, 1, __ATOMIC_SEQ_CST);
	if (now > wqt_load(&g->max_running))
		__atomic_store_n(&g->max_running, now, __ATOMIC_SEQ_CST);
	if (g->seq)
		g->order = __atomic_fetch_add(g->seq, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&g->runs, 1, __ATOMIC_SEQ_CST);
	kw_complete(&g->started);
	if (!g->open)
		kw_wait_for_completion(&g->release);
	if (g->requeue_delay)
		kw_queue_delayed_work(g->wq, &g->dw, g->requeue_delay);
	__atomic_sub_fetch(&g->running, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&g->done, 1, __ATOMIC_SEQ_CST);
}

static void gdw_init(struct gdw *g, struct kw_workqueue *wq, bool open)
{
	memset(g, 0, sizeof(*g));
	KW_INIT_DELAYED_WORK(&g->dw, gdw_fn);
	kw_init_completion(&g->started);
	kw_init_completion(&g->release);
	g->open = open;
	g->wq = wq;
}

/* Hold an ordered wq busy: what is queued next waits behind `blocker`. */
static void hold_ordered(struct kw_workqueue *wq, struct gated *blocker)
{
	gated_init(blocker);
	KWT_ASSERT(kw_queue_work(wq, &blocker->work));
	kw_wait_for_completion(&blocker->started);
}

KWT_TEST("D2", expiry_is_jiffies_plus_delay_at_the_call)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d2", 0, 0);
	struct dw_item d;
	dw_item_init(&d, false);
	unsigned long before = kw_jiffies();
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 7));
	unsigned long after = kw_jiffies();
	KWT_ASSERT(kw_time_after_eq(d.dw.timer.expires, before + 7));
	KWT_ASSERT(kw_time_before_eq(d.dw.timer.expires, after + 7));
	kw_wait_for_completion(&d.ran);
	KWT_ASSERT(kw_time_after_eq(d.ran_at, before + 7));
	kw_flush_work(&d.dw.work);
	kw_destroy_workqueue(wq);
}

/* D1 with an explicit CPU: queued there at once, no timer. */
KWT_TEST("D1", delay_zero_on_a_cpu_queues_there_at_once)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d1c", KW_WQ_PERCPU, 0);
	struct dw_item d;
	dw_item_init(&d, false);
	KWT_ASSERT(kw_queue_delayed_work_on(2, wq, &d.dw, 0));
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	kw_wait_for_completion(&d.ran);
	KWT_ASSERT_EQ(d.cpu, 2);
	kw_flush_work(&d.dw.work);
	kw_destroy_workqueue(wq);
}

KWT_TEST("D3", queue_on_a_queued_delayed_work_returns_false_and_arms_nothing)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("d3q", 0);
	struct gated blocker;
	struct dw_item d;
	dw_item_init(&d, false);
	hold_ordered(wq, &blocker);
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 0));	/* queued, behind blocker */
	KWT_ASSERT(!kw_queue_delayed_work(wq, &d.dw, 100000));
	KWT_ASSERT(!kw_queue_delayed_work(wq, &d.dw, 0));
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	KWT_ASSERT_EQ(kw_work_busy(&d.dw.work), KW_WORK_BUSY_PENDING);
	kw_complete(&blocker.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&d.runs), 1);
	KWT_ASSERT(!kw_delayed_work_pending(&d.dw));
	kw_destroy_workqueue(wq);
}

KWT_TEST("D4", mod_on_a_queued_delayed_work_rearms_it_and_returns_true)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("d4q", 0);
	struct gated blocker;
	struct dw_item d;
	dw_item_init(&d, false);
	hold_ordered(wq, &blocker);
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 0));
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	/* Taken off the worklist and put on a (far) timer. */
	KWT_ASSERT(kw_mod_delayed_work(wq, &d.dw, 100000));
	KWT_ASSERT(kw_timer_pending(&d.dw.timer));
	kw_complete(&blocker.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&d.runs), 0);
	KWT_ASSERT(kw_cancel_delayed_work_sync(&d.dw));
	kw_destroy_workqueue(wq);
}

KWT_TEST("D4", mod_with_delay_zero_runs_an_armed_delayed_work_now)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d4z", 0, 0);
	struct dw_item d;
	dw_item_init(&d, false);
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 1000000));
	KWT_ASSERT(kw_mod_delayed_work(wq, &d.dw, 0));
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	kw_wait_for_completion(&d.ran);		/* not ~1000000 jiffies later */
	kw_flush_work(&d.dw.work);
	KWT_ASSERT_EQ(wqt_load(&d.runs), 1);
	KWT_ASSERT(!kw_mod_delayed_work(wq, &d.dw, 0));	/* idle: false, runs */
	kw_flush_delayed_work(&d.dw);
	KWT_ASSERT_EQ(wqt_load(&d.runs), 2);
	kw_destroy_workqueue(wq);
}

KWT_TEST("D4", mod_with_delay_zero_moves_a_queued_item_to_the_tail)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("d4t", 0);
	struct gated blocker;
	struct gdw a, b;
	int seq = 0;
	gdw_init(&a, wq, true);
	gdw_init(&b, wq, true);
	a.seq = b.seq = &seq;
	hold_ordered(wq, &blocker);
	KWT_ASSERT(kw_queue_delayed_work(wq, &a.dw, 0));
	KWT_ASSERT(kw_queue_delayed_work(wq, &b.dw, 0));
	KWT_ASSERT(kw_mod_delayed_work(wq, &a.dw, 0));	/* pending: true */
	kw_complete(&blocker.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&a.runs), 1);
	KWT_ASSERT_EQ(wqt_load(&b.runs), 1);
	KWT_ASSERT_EQ(b.order, 0);
	KWT_ASSERT_EQ(a.order, 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("D4", mod_on_a_running_not_pending_work_queues_a_new_instance)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d4r", KW_WQ_UNBOUND, 4);
	struct gdw g;
	gdw_init(&g, wq, false);
	KWT_ASSERT(kw_queue_delayed_work(wq, &g.dw, 0));
	kw_wait_for_completion(&g.started);
	KWT_ASSERT(!kw_mod_delayed_work(wq, &g.dw, 0));	/* not pending: false */
	KWT_ASSERT(kw_delayed_work_pending(&g.dw));
	KWT_ASSERT_EQ(kw_work_busy(&g.dw.work), KW_WORK_BUSY_PENDING | KW_WORK_BUSY_RUNNING);
	kw_complete_all(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.done), 2);
	KWT_ASSERT_EQ(wqt_load(&g.max_running), 1);	/* after, never alongside */
	kw_destroy_workqueue(wq);
}

KWT_TEST("D5", flush_delayed_work_on_a_queued_or_running_work_waits_true)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("d5q", 0);
	struct gated blocker;
	struct releaser r1, r2;
	struct gdw g;
	gdw_init(&g, wq, false);
	hold_ordered(wq, &blocker);
	/* Queued (timer not involved) behind blocker. */
	KWT_ASSERT(kw_queue_delayed_work(wq, &g.dw, 0));
	release_later(&r1, &blocker.release, false, 5);
	kw_complete(&g.release);
	KWT_ASSERT(kw_flush_delayed_work(&g.dw));
	KWT_ASSERT_EQ(wqt_load(&g.done), 1);
	/* Running, not pending. */
	kw_reinit_completion(&g.started);
	kw_reinit_completion(&g.release);
	KWT_ASSERT(kw_queue_delayed_work(wq, &g.dw, 0));
	kw_wait_for_completion(&g.started);
	release_later(&r2, &g.release, false, 5);
	KWT_ASSERT(kw_flush_delayed_work(&g.dw));
	KWT_ASSERT_EQ(wqt_load(&g.done), 2);
	KWT_ASSERT(!kw_flush_delayed_work(&g.dw));	/* idle again */
	kw_destroy_workqueue(wq);
}

KWT_TEST("D6", cancel_delayed_work_removes_a_queued_instance_never_waits)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("d6q", 0);
	struct gated blocker;
	struct gdw g;
	gdw_init(&g, wq, false);
	hold_ordered(wq, &blocker);
	KWT_ASSERT(kw_queue_delayed_work(wq, &g.dw, 0));
	KWT_ASSERT(kw_cancel_delayed_work(&g.dw));		/* queued: true */
	KWT_ASSERT(!kw_delayed_work_pending(&g.dw));
	kw_complete(&blocker.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.runs), 0);
	/* Running: false, and it returns while the callback is still blocked. */
	KWT_ASSERT(kw_queue_delayed_work(wq, &g.dw, 0));
	kw_wait_for_completion(&g.started);
	KWT_ASSERT(!kw_cancel_delayed_work(&g.dw));
	KWT_ASSERT_EQ(kw_work_busy(&g.dw.work), KW_WORK_BUSY_RUNNING);
	/* Running and pending again: true, the running one goes on. */
	KWT_ASSERT(kw_queue_delayed_work(wq, &g.dw, 100000));
	KWT_ASSERT(kw_cancel_delayed_work(&g.dw));
	KWT_ASSERT_EQ(kw_work_busy(&g.dw.work), KW_WORK_BUSY_RUNNING);
	kw_complete(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.done), 1);
	kw_destroy_workqueue(wq);
}

struct timer_canceller {
	struct kw_timer timer;
	struct kw_delayed_work *target;
	bool ret;
	struct kw_completion done;
};

static void timer_cancel_fn(struct kw_timer *t)
{
	struct timer_canceller *tc = kw_container_of(t, struct timer_canceller, timer);
	tc->ret = kw_cancel_delayed_work(tc->target);
	kw_complete(&tc->done);
}

KWT_TEST("D6", cancel_delayed_work_from_a_timer_callback)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d6t", 0, 0);
	struct dw_item d;
	struct timer_canceller tc = { .target = &d.dw };
	dw_item_init(&d, false);
	kw_init_completion(&tc.done);
	kw_timer_setup(&tc.timer, timer_cancel_fn, 0);
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 1000000));
	tc.timer.expires = kw_jiffies() + 1;
	kw_add_timer(&tc.timer);
	kw_wait_for_completion(&tc.done);
	KWT_ASSERT(tc.ret);
	KWT_ASSERT(!kw_delayed_work_pending(&d.dw));
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	kw_timer_delete_sync(&tc.timer);
	kw_destroy_workqueue(wq);
}

KWT_TEST("D7", cancel_delayed_work_sync_queued_running_and_self_rearming)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("d7", 0);
	struct gated blocker;
	struct releaser r;
	struct gdw g;
	gdw_init(&g, wq, false);
	hold_ordered(wq, &blocker);
	KWT_ASSERT(kw_queue_delayed_work(wq, &g.dw, 0));
	KWT_ASSERT(kw_cancel_delayed_work_sync(&g.dw));		/* queued: true */
	KWT_ASSERT_EQ(kw_work_busy(&g.dw.work), 0u);
	kw_complete(&blocker.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.runs), 0);

	/* Running, re-arming itself at the end: false, and on return there is
	 * no timer, nothing queued and nothing running. */
	g.requeue_delay = 1;
	KWT_ASSERT(kw_queue_delayed_work(wq, &g.dw, 0));
	kw_wait_for_completion(&g.started);
	release_later(&r, &g.release, false, 5);
	KWT_ASSERT(!kw_cancel_delayed_work_sync(&g.dw));
	KWT_ASSERT_EQ(wqt_load(&g.done), 1);
	KWT_ASSERT(!kw_timer_pending(&g.dw.timer));
	KWT_ASSERT_EQ(kw_work_busy(&g.dw.work), 0u);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.runs), 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W37 D6", disabled_delayed_work_refuses_queue_and_mod)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w37d", 0, 0);
	struct dw_item d;
	dw_item_init(&d, false);
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 1000000));
	KWT_ASSERT(kw_disable_delayed_work(&d.dw));	/* armed: true, disarmed */
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	KWT_ASSERT(!kw_queue_delayed_work(wq, &d.dw, 0));
	KWT_ASSERT(!kw_queue_delayed_work(wq, &d.dw, 5));
	KWT_ASSERT(!kw_mod_delayed_work(wq, &d.dw, 0));	/* was not pending */
	KWT_ASSERT(!kw_delayed_work_pending(&d.dw));
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	KWT_ASSERT(!kw_disable_delayed_work_sync(&d.dw));	/* depth 2 */
	KWT_ASSERT(!kw_enable_delayed_work(&d.dw));
	KWT_ASSERT(kw_enable_delayed_work(&d.dw));
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&d.runs), 0);
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 0));
	kw_wait_for_completion(&d.ran);
	kw_flush_work(&d.dw.work);
	kw_destroy_workqueue(wq);
}
