/*
 * test_workqueue.c - workqueue queueing, execution, flush, cancel, disable
 * and delayed work: rules W1..W38, D1..D7, W45 (SEMANTICS.md section 2).
 * Handlers block on gates (completions the test releases); no test sleeps.
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <sched.h>

struct gated {
	struct kw_work work;
	struct kw_completion started;	/* completed at each run's start */
	struct kw_completion gate;	/* the handler waits here if gated */
	bool use_gate;
	int runs;			/* atomic */
	int running;			/* atomic: concurrent runs right now */
	int max_running;
	bool pending_inside;
	struct kw_work *current_inside;
	int requeue;			/* times to requeue itself */
	bool requeue_result;
	struct kw_workqueue *wq;
};

static void gated_fn(struct kw_work *w)
{
	struct gated *g = kw_container_of(w, struct gated, work);
	int now = __atomic_add_fetch(&g->running, 1, __ATOMIC_ACQ_REL);
	if (now > __atomic_load_n(&g->max_running, __ATOMIC_RELAXED))
		__atomic_store_n(&g->max_running, now, __ATOMIC_RELAXED);
	g->pending_inside = kw_work_pending(w);
	g->current_inside = kw_current_work();
	kw_complete(&g->started);
	if (g->use_gate)
		kw_wait_for_completion(&g->gate);
	if (g->requeue > 0) {
		g->requeue--;
		g->requeue_result = kw_queue_work(g->wq, w);
	}
	__atomic_sub_fetch(&g->running, 1, __ATOMIC_ACQ_REL);
	__atomic_add_fetch(&g->runs, 1, __ATOMIC_ACQ_REL);
}

static void gated_init(struct gated *g, struct kw_workqueue *wq, bool use_gate)
{
	memset(g, 0, sizeof(*g));
	KW_INIT_WORK(&g->work, gated_fn);
	kw_init_completion(&g->started);
	kw_init_completion(&g->gate);
	g->use_gate = use_gate;
	g->wq = wq;
}

static int runs(struct gated *g)
{
	return __atomic_load_n(&g->runs, __ATOMIC_ACQUIRE);
}

KWT_TEST("W1", second_queue_while_pending_returns_false_runs_once)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w1", KW_WQ_UNBOUND, 1);
	struct gated blocker, g;
	gated_init(&blocker, wq, true);
	gated_init(&g, wq, false);
	KWT_ASSERT(kw_queue_work(wq, &blocker.work));
	kw_wait_for_completion(&blocker.started);
	/* max_active 1 and the blocker running: g stays pending. */
	KWT_ASSERT(kw_queue_work(wq, &g.work));
	KWT_ASSERT(!kw_queue_work(wq, &g.work));
	KWT_ASSERT(!kw_queue_work(kw_system_wq(), &g.work));
	KWT_ASSERT(kw_work_pending(&g.work));
	kw_complete(&blocker.gate);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(runs(&g), 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W2 W45", pending_cleared_before_callback_which_may_requeue)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w2", 0, 0);
	struct gated g;
	gated_init(&g, wq, false);
	g.requeue = 1;
	KWT_ASSERT(kw_queue_work(wq, &g.work));
	kw_flush_work(&g.work);
	kw_flush_work(&g.work);
	KWT_ASSERT_EQ(runs(&g), 2);
	KWT_ASSERT(!g.pending_inside);
	KWT_ASSERT(g.requeue_result);
	KWT_ASSERT(g.current_inside == &g.work);
	KWT_ASSERT(kw_current_work() == NULL);
	KWT_ASSERT(!kw_current_is_workqueue_rescuer());
	kw_destroy_workqueue(wq);
}

KWT_TEST("W4", queue_while_running_runs_again_after_never_concurrently)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w4", KW_WQ_UNBOUND, 4);
	struct gated g;
	gated_init(&g, wq, true);
	KWT_ASSERT(kw_queue_work(wq, &g.work));
	kw_wait_for_completion(&g.started);
	KWT_ASSERT(!kw_work_pending(&g.work));
	KWT_ASSERT(kw_work_busy(&g.work) & KW_WORK_BUSY_RUNNING);
	KWT_ASSERT(kw_queue_work(wq, &g.work));
	KWT_ASSERT_EQ(kw_work_busy(&g.work),
		      KW_WORK_BUSY_RUNNING | KW_WORK_BUSY_PENDING);
	kw_complete(&g.gate);
	kw_complete(&g.gate);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(runs(&g), 2);
	KWT_ASSERT_EQ(g.max_running, 1);
	kw_destroy_workqueue(wq);
}

static int order_log[64];
static int order_len;

struct ordered_item {
	struct kw_work work;
	int id;
};

static void ordered_fn(struct kw_work *w)
{
	struct ordered_item *it = kw_container_of(w, struct ordered_item, work);
	int i = __atomic_fetch_add(&order_len, 1, __ATOMIC_ACQ_REL);
	order_log[i] = it->id;
}

KWT_TEST("W9", ordered_workqueue_runs_one_at_a_time_in_queue_order)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("w9", 0);
	struct ordered_item items[32];
	for (int i = 0; i < 32; i++) {
		KW_INIT_WORK(&items[i].work, ordered_fn);
		items[i].id = i;
		KWT_ASSERT(kw_queue_work(wq, &items[i].work));
	}
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(order_len, 32);
	for (int i = 0; i < 32; i++)
		KWT_ASSERT_EQ(order_log[i], i);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W13", max_active_out_of_range_is_clamped_with_a_warning)
{
	kwt_log_reset();
	struct kw_workqueue *wq = kw_alloc_workqueue("w13", KW_WQ_UNBOUND, 99999);
	KWT_ASSERT(wq != NULL);
	KWT_ASSERT_EQ(kw_workqueue_max_active(wq), KW_WQ_MAX_ACTIVE);
	KWT_ASSERT(kwt_log_contains("out of range, clamping"));
	kw_destroy_workqueue(wq);
	kwt_log_reset();
	wq = kw_alloc_workqueue("w13b", 0, 0);
	KWT_ASSERT_EQ(kw_workqueue_max_active(wq), KW_WQ_DFL_ACTIVE);
	KWT_ASSERT(!kwt_log_contains("clamping"));
	kw_destroy_workqueue(wq);
}

struct flusher {
	struct kw_work *work;
	struct gated *g;
	bool result;
	int runs_at_return;
	struct kw_completion done;
};

static int flush_thread(void *p)
{
	struct flusher *f = p;
	f->result = kw_flush_work(f->work);
	f->runs_at_return = runs(f->g);
	kw_complete(&f->done);
	while (!kw_kthread_should_stop())
		kw_schedule_timeout_interruptible(1);
	return 0;
}

/* Start a flusher kthread and wait until it sleeps inside flush_work. */
static struct kw_task *start_flusher(struct flusher *f, struct gated *g)
{
	f->work = &g->work;
	f->g = g;
	kw_init_completion(&f->done);
	struct kw_task *t = kw_kthread_run(flush_thread, f, "flusher");
	while ((__atomic_load_n(&t->__state, __ATOMIC_ACQUIRE) & 0xffff) !=
	       KW_TASK_UNINTERRUPTIBLE)
		sched_yield();
	return t;
}

KWT_TEST("W21", flush_work_false_when_idle_true_when_it_waited)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w21", 0, 0);
	struct gated g;
	gated_init(&g, wq, true);
	KWT_ASSERT(!kw_flush_work(&g.work));
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	/* Gate: flush from a kthread that is asleep in it before the run ends. */
	struct flusher f;
	struct kw_task *t = start_flusher(&f, &g);
	kw_complete(&g.gate);
	kw_wait_for_completion(&f.done);
	KWT_ASSERT(f.result);
	KWT_ASSERT_EQ(f.runs_at_return, 1);
	kw_kthread_stop(t);
	KWT_ASSERT(!kw_flush_work(&g.work));
	kw_destroy_workqueue(wq);
}

KWT_TEST("W23", flush_of_running_and_pending_waits_for_both)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w23", KW_WQ_UNBOUND, 2);
	struct gated g;
	gated_init(&g, wq, true);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	kw_queue_work(wq, &g.work);	/* running and pending now */
	struct flusher f;
	struct kw_task *t = start_flusher(&f, &g);
	kw_complete(&g.gate);
	kw_complete(&g.gate);
	kw_wait_for_completion(&f.done);
	KWT_ASSERT(f.result);
	KWT_ASSERT_EQ(f.runs_at_return, 2);
	kw_kthread_stop(t);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W33", cancel_work_sync_true_only_when_it_removed_a_pending_instance)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w33", KW_WQ_UNBOUND, 1);
	struct gated blocker, g;
	gated_init(&blocker, wq, true);
	gated_init(&g, wq, false);
	KWT_ASSERT(!kw_cancel_work_sync(&g.work));	/* idle */
	kw_queue_work(wq, &blocker.work);
	kw_wait_for_completion(&blocker.started);
	kw_queue_work(wq, &g.work);
	KWT_ASSERT(kw_cancel_work_sync(&g.work));	/* pending */
	KWT_ASSERT(!kw_work_pending(&g.work));
	kw_complete(&blocker.gate);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(runs(&g), 0);
	kw_destroy_workqueue(wq);
}

struct canceller {
	struct kw_work *work;
	bool result;
	struct kw_completion done;
};

static int cancel_thread(void *p)
{
	struct canceller *c = p;
	c->result = kw_cancel_work_sync(c->work);
	kw_complete(&c->done);
	while (!kw_kthread_should_stop())
		kw_schedule_timeout_interruptible(1);
	return 0;
}

KWT_TEST("W33 W34 W35", cancel_sync_waits_for_running_and_blocks_requeue)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w34", KW_WQ_UNBOUND, 2);
	struct gated g;
	gated_init(&g, wq, true);
	g.requeue = 1;
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	struct canceller c = { .work = &g.work };
	kw_init_completion(&c.done);
	struct kw_task *t = kw_kthread_run(cancel_thread, &c, "canceller");
	/* The cancel is in progress once queueing fails while it runs. */
	while (kw_queue_work(wq, &g.work)) {
		/* not yet disabled by the canceller: undo and retry */
		kw_cancel_work(&g.work);
		sched_yield();
	}
	KWT_ASSERT(!kw_completion_done(&c.done));
	kw_complete(&g.gate);
	kw_wait_for_completion(&c.done);
	KWT_ASSERT(!g.requeue_result);	/* W34: self-requeue refused */
	KWT_ASSERT(!kw_work_pending(&g.work));
	KWT_ASSERT_EQ(kw_work_busy(&g.work), 0);
	KWT_ASSERT_EQ(runs(&g), 1);
	kw_kthread_stop(t);
	/* W35: after the cancel, queueing works again. */
	g.use_gate = false;
	KWT_ASSERT(kw_queue_work(wq, &g.work));
	kw_flush_work(&g.work);
	KWT_ASSERT_EQ(runs(&g), 2);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W36", cancel_work_does_not_wait)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w36", KW_WQ_UNBOUND, 2);
	struct gated g;
	gated_init(&g, wq, true);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	KWT_ASSERT(!kw_cancel_work(&g.work));
	KWT_ASSERT(kw_work_busy(&g.work) & KW_WORK_BUSY_RUNNING);
	kw_complete(&g.gate);
	kw_flush_work(&g.work);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W37 W38", disable_nests_and_enable_and_queue)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w37", 0, 0);
	struct gated g;
	gated_init(&g, wq, false);
	KWT_ASSERT(!kw_disable_work(&g.work));
	KWT_ASSERT(!kw_disable_work(&g.work));
	KWT_ASSERT(!kw_queue_work(wq, &g.work));
	KWT_ASSERT(!kw_enable_work(&g.work));
	KWT_ASSERT(!kw_queue_work(wq, &g.work));
	KWT_ASSERT(kw_enable_and_queue_work(wq, &g.work));
	kw_flush_work(&g.work);
	KWT_ASSERT_EQ(runs(&g), 1);
	bool r;
	KWT_EXPECT_WARN(r = kw_enable_work(&g.work), "underflowed");
	KWT_ASSERT(!r || r);
	kw_destroy_workqueue(wq);
}

struct dw_item {
	struct kw_delayed_work dw;
	int runs;
	unsigned long ran_at;
};

static void dw_fn(struct kw_work *w)
{
	struct dw_item *d = kw_container_of(kw_to_delayed_work(w), struct dw_item, dw);
	d->ran_at = kw_jiffies();
	__atomic_add_fetch(&d->runs, 1, __ATOMIC_ACQ_REL);
}

KWT_TEST("D1 D2", delayed_work_zero_queues_now_and_delay_is_not_early)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d1", 0, 0);
	struct dw_item d = { 0 };
	KW_INIT_DELAYED_WORK(&d.dw, dw_fn);
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 0));
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	kw_flush_delayed_work(&d.dw);
	KWT_ASSERT_EQ(d.runs, 1);
	unsigned long start = kw_jiffies();
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 5));
	while (!__atomic_load_n(&d.runs, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&d.runs, __ATOMIC_ACQUIRE) < 2)
		kw_schedule_timeout_uninterruptible(1);
	KWT_ASSERT(kw_time_after_eq(d.ran_at, start + 5));
	kw_destroy_workqueue(wq);
}

KWT_TEST("D3 D4 D6 D7", delayed_pending_queue_mod_and_cancel)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("d3", 0, 0);
	struct dw_item d = { 0 };
	KW_INIT_DELAYED_WORK(&d.dw, dw_fn);
	KWT_ASSERT(!kw_mod_delayed_work(wq, &d.dw, 100000));	/* idle: false */
	unsigned long exp = d.dw.timer.expires;
	KWT_ASSERT(!kw_queue_delayed_work(wq, &d.dw, 10));	/* D3 */
	KWT_ASSERT_EQ(d.dw.timer.expires, exp);
	KWT_ASSERT(kw_mod_delayed_work(wq, &d.dw, 200000));	/* pending: true */
	KWT_ASSERT(kw_time_after(d.dw.timer.expires, exp));
	KWT_ASSERT(kw_delayed_work_pending(&d.dw));
	KWT_ASSERT(kw_cancel_delayed_work(&d.dw));		/* D6 */
	KWT_ASSERT(!kw_delayed_work_pending(&d.dw));
	KWT_ASSERT(!kw_cancel_delayed_work(&d.dw));
	KWT_ASSERT(kw_queue_delayed_work(wq, &d.dw, 100000));
	KWT_ASSERT(kw_cancel_delayed_work_sync(&d.dw));	/* D7 */
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));
	KWT_ASSERT_EQ(d.runs, 0);
	kw_destroy_workqueue(wq);
}

struct dw_flusher {
	struct kw_delayed_work *dw;
	bool result;
	struct kw_completion done;
};

static int dw_flush_thread(void *arg)
{
	struct dw_flusher *f = arg;
	f->result = kw_flush_delayed_work(f->dw);
	kw_complete(&f->done);
	while (!kw_kthread_should_stop())
		kw_schedule_timeout_interruptible(KW_MAX_SCHEDULE_TIMEOUT);
	return 0;
}

KWT_TEST("D5", flush_delayed_work_runs_an_armed_work_now)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("d5", 0);
	struct dw_item d = { 0 };
	struct gated blocker;
	struct dw_flusher f = { .dw = &d.dw };
	KW_INIT_DELAYED_WORK(&d.dw, dw_fn);
	gated_init(&blocker, wq, true);
	kw_init_completion(&f.done);
	KWT_ASSERT(!kw_flush_delayed_work(&d.dw));
	/* Gate: the ordered wq is busy, so the item cannot finish before the
	 * flusher is asleep waiting for it. */
	kw_queue_work(wq, &blocker.work);
	kw_wait_for_completion(&blocker.started);
	kw_queue_delayed_work(wq, &d.dw, 1000000);
	struct kw_task *t = kw_kthread_run(dw_flush_thread, &f, "dwflusher");
	while ((__atomic_load_n(&t->__state, __ATOMIC_ACQUIRE) & 0xffff) !=
	       KW_TASK_UNINTERRUPTIBLE)
		sched_yield();
	KWT_ASSERT(!kw_timer_pending(&d.dw.timer));	/* queued now */
	kw_complete(&blocker.gate);
	kw_wait_for_completion(&f.done);
	KWT_ASSERT(f.result);
	KWT_ASSERT_EQ(d.runs, 1);
	kw_kthread_stop(t);
	kw_destroy_workqueue(wq);
}

static bool w24_result = true;

static void flush_self_fn(struct kw_work *w)
{
	w24_result = kw_flush_work(w);
}

KWT_TEST("W24", flush_of_itself_warns_and_returns)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w24", 0, 0);
	struct kw_work w;
	KW_INIT_WORK(&w, flush_self_fn);
	kwt_expect_warn_begin();
	kw_queue_work(wq, &w);
	kw_flush_workqueue(wq);
	kwt_expect_warn_end(__FILE__, __LINE__, "flush_work(self)", "");
	KWT_ASSERT(!w24_result);
	kw_destroy_workqueue(wq);
}

static void noop_fn(struct kw_work *w)
{
	(void)w;
}

/*
 * Misuse the kernel would oops on: a NULL workqueue. Each entry point
 * WARNs with its name and does nothing; the work is left unclaimed, so it
 * can still be queued for real afterwards.
 */
KWT_TEST("W1", null_workqueue_warns_and_leaves_the_work_unclaimed)
{
	struct kw_work w;
	struct kw_delayed_work dw;
	KW_INIT_WORK(&w, noop_fn);
	KW_INIT_DELAYED_WORK(&dw, noop_fn);
	bool ret = true;
	KWT_EXPECT_WARN(ret = kw_queue_work(NULL, &w), "queue_work_on() on a NULL workqueue");
	KWT_ASSERT(!ret && !kw_work_pending(&w));
	KWT_EXPECT_WARN(ret = kw_queue_work_node(0, NULL, &w), "queue_work_node()");
	KWT_ASSERT(!ret && !kw_work_pending(&w));
	KWT_EXPECT_WARN(ret = kw_queue_delayed_work(NULL, &dw, 1), "queue_delayed_work_on()");
	KWT_ASSERT(!ret && !kw_delayed_work_pending(&dw));
	KWT_EXPECT_WARN(ret = kw_mod_delayed_work(NULL, &dw, 1), "mod_delayed_work_on()");
	KWT_ASSERT(!ret && !kw_delayed_work_pending(&dw));
	KWT_EXPECT_WARN(kw_flush_workqueue(NULL), "flush_workqueue()");
	KWT_EXPECT_WARN(kw_drain_workqueue(NULL), "drain_workqueue()");
	KWT_EXPECT_WARN(kw_workqueue_set_max_active(NULL, 4), "workqueue_set_max_active()");
	KWT_EXPECT_WARN(ret = kw_workqueue_congested(0, NULL), "workqueue_congested()");
	KWT_ASSERT(!ret);
	KWT_EXPECT_WARN(kw_destroy_workqueue(NULL), "destroy_workqueue()");
	KWT_ASSERT(kw_queue_work(kw_system_wq(), &w));	/* still claimable */
	kw_flush_work(&w);	/* false if it already ran: either is right */
	KWT_ASSERT(!kw_work_pending(&w));
}

/* W1: a zeroed, never-initialised work_struct: the kernel's WARN, named. */
KWT_TEST("W1", uninitialised_work_warns_with_its_name)
{
	static struct kw_work zeroed;	/* entry {NULL, NULL}: not an empty list */
	zeroed.func = noop_fn;
	KWT_EXPECT_WARN(kw_queue_work(kw_system_wq(), &zeroed),
			"was never initialised with INIT_WORK");
	KWT_ASSERT(kw_work_pending(&zeroed));	/* left where it is, as the kernel does */
}
