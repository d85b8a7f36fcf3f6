/*
 * test_workqueue.c - workqueue queueing, execution, flush, drain, cancel
 * and disable rules (SEMANTICS W1..W40). Runs with 4 virtual CPUs.
 */
#include "wq_test_util.h"

#include <kwork/rcu.h>

/*
 * A kthread that flushes one work and reports; start_flush_thread() returns
 * once it sleeps in the flush (a gate the test can then open).
 */
struct flush_thread {
	struct kw_work *work;
	bool ret;
	struct kw_completion done;
	struct kw_task *task;
};

static int flush_thread_fn(void *p)
{
	struct flush_thread *f = p;
	f->ret = kw_flush_work(f->work);
	kw_complete(&f->done);
	while (!kw_kthread_should_stop())
		kw_schedule_timeout_interruptible(KW_MAX_SCHEDULE_TIMEOUT);
	return 0;
}

static void start_flush_thread(struct flush_thread *f, struct kw_work *w)
{
	f->work = w;
	kw_init_completion(&f->done);
	f->task = kw_kthread_run(flush_thread_fn, f, "flusher");
	WQT_WAIT_FOR((__atomic_load_n(&f->task->__state, __ATOMIC_ACQUIRE) & 0xffff) ==
		     KW_TASK_UNINTERRUPTIBLE);
}

/* ---- queueing and execution ---------------------------------------------- */

KWT_TEST("W1", queue_while_pending_returns_false_runs_once)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("w1", 0);
	struct kw_workqueue *other = kw_alloc_workqueue("w1b", 0, 0);
	struct gated blocker;
	struct counted c;
	gated_init(&blocker);
	counted_init(&c);

	KWT_ASSERT(kw_queue_work(wq, &blocker.work));
	kw_wait_for_completion(&blocker.started);
	KWT_ASSERT(kw_queue_work(wq, &c.work));
	KWT_ASSERT(!kw_queue_work(wq, &c.work));
	KWT_ASSERT(!kw_queue_work_on(1, other, &c.work));
	KWT_ASSERT(!kw_queue_work_on(2, wq, &c.work));
	KWT_ASSERT(kw_work_pending(&c.work));
	kw_complete(&blocker.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&c.runs), 1);
	kw_destroy_workqueue(wq);
	kw_destroy_workqueue(other);
}

struct requeue_self {
	struct kw_work work;
	struct kw_workqueue *wq;
	int runs;
	bool pending_inside;
	bool requeued;
	struct kw_completion done;
};

static void requeue_self_fn(struct kw_work *w)
{
	struct requeue_self *r = kw_container_of(w, struct requeue_self, work);
	r->pending_inside |= kw_work_pending(w);
	if (++r->runs == 1)
		r->requeued = kw_queue_work(r->wq, w);
	else
		kw_complete(&r->done);
}

KWT_TEST("W2", pending_clear_inside_callback_self_requeue)
{
	struct requeue_self r = { .runs = 0 };
	r.wq = kw_alloc_workqueue("w2", 0, 0);
	KW_INIT_WORK(&r.work, requeue_self_fn);
	kw_init_completion(&r.done);
	KWT_ASSERT(kw_queue_work(r.wq, &r.work));
	kw_wait_for_completion(&r.done);
	kw_flush_work(&r.work);
	KWT_ASSERT(!r.pending_inside);
	KWT_ASSERT(r.requeued);
	KWT_ASSERT_EQ(r.runs, 2);
	kw_destroy_workqueue(r.wq);
}

struct observer {
	struct kw_work work;
	int *x;
	int seen;
};

static void observer_fn(struct kw_work *w)
{
	struct observer *o = kw_container_of(w, struct observer, work);
	o->seen = *o->x;
}

KWT_TEST("W3", failed_queue_is_covered_by_pending_run)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("w3", 0);
	struct gated blocker;
	int x = 0;
	struct observer o = { .x = &x, .seen = -1 };
	gated_init(&blocker);
	KW_INIT_WORK(&o.work, observer_fn);

	kw_queue_work(wq, &blocker.work);
	kw_wait_for_completion(&blocker.started);
	KWT_ASSERT(kw_queue_work(wq, &o.work));
	x = 42;
	KWT_ASSERT(!kw_queue_work(wq, &o.work));
	kw_complete(&blocker.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(o.seen, 42);
	kw_destroy_workqueue(wq);
}

struct w3_stress {
	struct kw_work work;
	int x;		/* relaxed: the ordering comes from queue_work */
	int seen;
};

static void w3_stress_fn(struct kw_work *w)
{
	struct w3_stress *t = kw_container_of(w, struct w3_stress, work);
	__atomic_store_n(&t->seen, __atomic_load_n(&t->x, __ATOMIC_RELAXED),
			 __ATOMIC_RELAXED);
}

/* W3 under load: whatever queue_work returns, the last store is seen. */
KWT_TEST("W3", last_store_before_any_queue_is_seen_by_a_later_run)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w3s", KW_WQ_UNBOUND, 0);
	struct w3_stress t = { .x = 0, .seen = -1 };
	KW_INIT_WORK(&t.work, w3_stress_fn);
	int rounds = (int)kwt_loops(200);
	for (int r = 1; r <= rounds; r++) {
		int n = (int)kwt_loops(500);
		for (int i = 1; i <= n; i++) {
			__atomic_store_n(&t.x, r * 100000 + i, __ATOMIC_RELAXED);
			kw_queue_work(wq, &t.work);
		}
		kw_flush_work(&t.work);
		KWT_ASSERT_EQ(__atomic_load_n(&t.seen, __ATOMIC_RELAXED), r * 100000 + n);
	}
	kw_destroy_workqueue(wq);
}

KWT_TEST("W4", running_not_pending_requeue_runs_after)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w4", KW_WQ_UNBOUND, 8);
	struct gated g;
	gated_init(&g);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	KWT_ASSERT_EQ(kw_work_busy(&g.work), KW_WORK_BUSY_RUNNING);
	KWT_ASSERT(kw_queue_work(wq, &g.work));
	KWT_ASSERT_EQ(kw_work_busy(&g.work), KW_WORK_BUSY_RUNNING | KW_WORK_BUSY_PENDING);
	kw_complete_all(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.done), 2);
	KWT_ASSERT_EQ(wqt_load(&g.max_running), 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W5", requeue_while_running_stays_on_first_cpu)
{
	KWT_ASSERT(kw_nr_cpu_ids() >= 2);
	struct kw_workqueue *wq = kw_alloc_workqueue("w5", KW_WQ_PERCPU, 0);
	struct gated g;
	gated_init(&g);
	kw_queue_work_on(0, wq, &g.work);
	kw_wait_for_completion(&g.started);
	KWT_ASSERT_EQ(wqt_load(&g.cpu), 0);
	KWT_ASSERT(kw_queue_work_on(1, wq, &g.work));
	kw_complete_all(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.done), 2);
	KWT_ASSERT_EQ(wqt_load(&g.cpu), 0);
	KWT_ASSERT_EQ(wqt_load(&g.max_running), 1);
	/* Idle now: the requested CPU is honoured again. */
	KWT_ASSERT(kw_queue_work_on(1, wq, &g.work));
	kw_flush_work(&g.work);
	KWT_ASSERT_EQ(wqt_load(&g.cpu), 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W6", two_workqueues_may_overlap)
{
	KWT_ASSERT(kw_nr_cpu_ids() >= 2);
	struct kw_workqueue *wq1 = kw_alloc_workqueue("w6a", 0, 0);
	struct kw_workqueue *wq2 = kw_alloc_workqueue("w6b", 0, 0);
	struct gated g;
	gated_init(&g);
	kw_queue_work_on(0, wq1, &g.work);
	kw_wait_for_completion(&g.started);
	/* Another wq, another pool: the override of W5 does not apply. */
	KWT_ASSERT(kw_queue_work_on(1, wq2, &g.work));
	kw_wait_for_completion(&g.started);	/* second run started meanwhile */
	KWT_ASSERT_EQ(wqt_load(&g.max_running), 2);
	kw_complete_all(&g.release);
	kw_flush_workqueue(wq1);
	kw_flush_workqueue(wq2);
	kw_destroy_workqueue(wq1);
	kw_destroy_workqueue(wq2);
}

KWT_TEST("W7", same_pool_collision_runs_on_same_worker)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w7", KW_WQ_UNBOUND, 8);
	struct gated g;
	gated_init(&g);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	int first_pid = wqt_load(&g.pid);
	KWT_ASSERT(kw_queue_work(wq, &g.work));
	kw_complete_all(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.done), 2);
	KWT_ASSERT_EQ(wqt_load(&g.pid), first_pid);
	KWT_ASSERT_EQ(wqt_load(&g.max_running), 1);
	kw_destroy_workqueue(wq);
}

/*
 * W7 on a per-CPU pool: the running item sleeps, so the pool wakes another
 * worker for what follows; that worker hands the requeued item to the one
 * still running it and goes on with the next item.
 */
KWT_TEST("W7", percpu_collision_is_handed_to_the_running_worker)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w7p", KW_WQ_PERCPU, 0);
	struct gated g;
	struct counted c;
	gated_init(&g);
	counted_init(&c);
	kw_queue_work_on(2, wq, &g.work);
	kw_wait_for_completion(&g.started);
	int first_pid = wqt_load(&g.pid);
	KWT_ASSERT(kw_queue_work_on(2, wq, &g.work));
	kw_queue_work_on(2, wq, &c.work);
	kw_wait_for_completion(&c.ran);		/* another worker of pool 2 ran c */
	KWT_ASSERT_EQ(wqt_load(&c.cpu), 2);
	KWT_ASSERT_EQ(wqt_load(&g.runs), 1);	/* g's second run waits for the first */
	KWT_ASSERT_EQ(kw_work_busy(&g.work), KW_WORK_BUSY_RUNNING | KW_WORK_BUSY_PENDING);
	kw_complete_all(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.done), 2);
	KWT_ASSERT_EQ(wqt_load(&g.pid), first_pid);
	KWT_ASSERT_EQ(wqt_load(&g.max_running), 1);
	kw_destroy_workqueue(wq);
}

struct chain {
	struct kw_work first, second;
	struct kw_workqueue *wq;
	int first_cpu, second_cpu;
};

static void chain_second(struct kw_work *w)
{
	struct chain *c = kw_container_of(w, struct chain, second);
	c->second_cpu = (int)kw_smp_processor_id();
}

static void chain_first(struct kw_work *w)
{
	struct chain *c = kw_container_of(w, struct chain, first);
	c->first_cpu = (int)kw_smp_processor_id();
	kw_queue_work(c->wq, &c->second);
}

KWT_TEST("W8", percpu_unbound_cpu_runs_on_queueing_cpu)
{
	struct chain c = { .first_cpu = -1, .second_cpu = -1 };
	c.wq = kw_alloc_workqueue("w8", 0, 0);
	KW_INIT_WORK(&c.first, chain_first);
	KW_INIT_WORK(&c.second, chain_second);
	for (int cpu = 0; cpu < (int)kw_nr_cpu_ids(); cpu++) {
		kw_queue_work_on(cpu, c.wq, &c.first);
		kw_flush_work(&c.first);
		kw_flush_work(&c.second);
		KWT_ASSERT_EQ(c.first_cpu, cpu);
		KWT_ASSERT_EQ(c.second_cpu, cpu);
	}
	kw_destroy_workqueue(c.wq);
}

struct ordered_item {
	struct kw_work work;
	int index;
	int *log;
	int *pos;
	int *inside;
	bool *overlap;
};

static void ordered_fn(struct kw_work *w)
{
	struct ordered_item *it = kw_container_of(w, struct ordered_item, work);
	if (__atomic_add_fetch(it->inside, 1, __ATOMIC_SEQ_CST) != 1)
		*it->overlap = true;
	kw_udelay(50);
	it->log[(*it->pos)++] = it->index;
	__atomic_sub_fetch(it->inside, 1, __ATOMIC_SEQ_CST);
}

struct w8_queuer {
	struct kw_workqueue *wq;
	struct counted c;
};

static int w8_queuer_fn(void *p)
{
	struct w8_queuer *q = p;
	kw_queue_work(q->wq, &q->c.work);
	kw_flush_work(&q->c.work);
	while (!kw_kthread_should_stop())
		kw_schedule_timeout_interruptible(KW_MAX_SCHEDULE_TIMEOUT);
	return 0;
}

/* W8 from a thread that is not a worker: its (bound) CPU is the target. */
KWT_TEST("W8", percpu_unbound_cpu_from_a_bound_kthread)
{
	struct w8_queuer q;
	q.wq = kw_alloc_workqueue("w8k", 0, 0);
	for (unsigned int cpu = 0; cpu < kw_nr_cpu_ids(); cpu++) {
		counted_init(&q.c);
		struct kw_task *t = kw_kthread_run_on_cpu(w8_queuer_fn, &q, cpu, "w8q/%u");
		KWT_ASSERT(!kw_is_err(t));
		kw_wait_for_completion(&q.c.ran);
		KWT_ASSERT_EQ(wqt_load(&q.c.cpu), (int)cpu);
		kw_kthread_stop(t);
	}
	kw_destroy_workqueue(q.wq);
}

/* W8's node form: queue_work_node() wants an unbound wq; else WARN, queued. */
KWT_TEST("W8", queue_work_node_wants_an_unbound_wq_but_queues)
{
	struct kw_workqueue *u = kw_alloc_workqueue("w8n", KW_WQ_UNBOUND, 0);
	struct kw_workqueue *p = kw_alloc_workqueue("w8p", KW_WQ_PERCPU, 0);
	struct counted c;
	counted_init(&c);
	KWT_ASSERT(kw_queue_work_node(0, u, &c.work));
	kw_wait_for_completion(&c.ran);
	kw_flush_work(&c.work);
	bool ret = false;
	KWT_EXPECT_WARN(ret = kw_queue_work_node(0, p, &c.work), "");
	KWT_ASSERT(ret);
	kw_wait_for_completion(&c.ran);
	kw_flush_work(&c.work);
	KWT_ASSERT_EQ(wqt_load(&c.runs), 2);
	kw_destroy_workqueue(u);
	kw_destroy_workqueue(p);
}

KWT_TEST("W9", ordered_one_at_a_time_in_queue_order)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("w9", 0);
	enum { N = 32 };
	struct ordered_item items[N];
	int log[N], pos = 0, inside = 0;
	bool overlap = false;
	for (int i = 0; i < N; i++) {
		items[i] = (struct ordered_item){ .index = i, .log = log, .pos = &pos,
						  .inside = &inside, .overlap = &overlap };
		KW_INIT_WORK(&items[i].work, ordered_fn);
		kw_queue_work_on(i % (int)kw_nr_cpu_ids(), wq, &items[i].work);
	}
	kw_flush_workqueue(wq);
	KWT_ASSERT(!overlap);
	KWT_ASSERT_EQ(pos, N);
	for (int i = 0; i < N; i++)
		KWT_ASSERT_EQ(log[i], i);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W10", create_workqueue_is_per_cpu_not_ordered)
{
	KWT_ASSERT(kw_nr_cpu_ids() >= 2);
	struct kw_workqueue *wq = kw_create_workqueue("w10");
	KWT_ASSERT(wq);
	KWT_ASSERT_EQ(kw_workqueue_max_active(wq), 1);
	KWT_ASSERT(!(kw_workqueue_flags(wq) & KW_WQ_UNBOUND));
	struct gated a;
	struct counted b;
	gated_init(&a);
	counted_init(&b);
	kw_queue_work_on(0, wq, &a.work);
	kw_wait_for_completion(&a.started);
	kw_queue_work_on(1, wq, &b.work);
	kw_wait_for_completion(&b.ran);		/* ran while a still runs */
	KWT_ASSERT_EQ(wqt_load(&a.done), 0);
	kw_complete(&a.release);
	kw_destroy_workqueue(wq);
}

/* W10: WQ_UNBOUND with max_active 1 is a plain unbound wq, not ordered. */
KWT_TEST("W10", unbound_max_active_1_is_not_ordered)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w10u", KW_WQ_UNBOUND, 1);
	KWT_ASSERT(!(kw_workqueue_flags(wq) & KW__WQ_ORDERED));
	kw_workqueue_set_max_active(wq, 2);	/* no WARN: not ordered */
	KWT_ASSERT_EQ(kw_workqueue_max_active(wq), 2);
	struct gated a, b;
	gated_init(&a);
	gated_init(&b);
	kw_queue_work(wq, &a.work);
	kw_queue_work(wq, &b.work);
	kw_wait_for_completion(&a.started);
	kw_wait_for_completion(&b.started);	/* both at once */
	kw_complete(&a.release);
	kw_complete(&b.release);
	kw_destroy_workqueue(wq);
}

/* W10: create_workqueue's max_active 1 holds per CPU. */
KWT_TEST("W10", create_workqueue_serialises_items_of_one_cpu)
{
	struct kw_workqueue *wq = kw_create_workqueue("w10s");
	struct gated a;
	struct counted b;
	gated_init(&a);
	counted_init(&b);
	kw_queue_work_on(1, wq, &a.work);
	kw_wait_for_completion(&a.started);
	kw_queue_work_on(1, wq, &b.work);
	KWT_ASSERT(kw_workqueue_congested(1, wq));
	KWT_ASSERT_EQ(kw_work_busy(&b.work), KW_WORK_BUSY_PENDING);
	kw_complete(&a.release);
	kw_wait_for_completion(&b.ran);
	KWT_ASSERT_EQ(wqt_load(&a.done), 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W11,W15", percpu_max_active_throttles_fifo_and_congested)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w11", 0, 2);
	struct gated g[3];
	for (int i = 0; i < 3; i++)
		gated_init(&g[i]);
	KWT_ASSERT(!kw_workqueue_congested(0, wq));
	for (int i = 0; i < 3; i++)
		kw_queue_work_on(0, wq, &g[i].work);
	kw_wait_for_completion(&g[0].started);
	kw_wait_for_completion(&g[1].started);
	KWT_ASSERT(kw_workqueue_congested(0, wq));
	KWT_ASSERT(!kw_workqueue_congested(1, wq));
	KWT_ASSERT_EQ(kw_work_busy(&g[2].work), KW_WORK_BUSY_PENDING);
	KWT_ASSERT_EQ(wqt_load(&g[2].runs), 0);
	kw_complete(&g[0].release);
	kw_wait_for_completion(&g[2].started);
	KWT_ASSERT(!kw_workqueue_congested(0, wq));
	kw_complete(&g[1].release);
	kw_complete(&g[2].release);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W13", max_active_default_and_clamping)
{
	struct kw_workqueue *a = kw_alloc_workqueue("w13a", 0, 0);
	KWT_ASSERT_EQ(kw_workqueue_max_active(a), KW_WQ_DFL_ACTIVE);
	KWT_ASSERT(!kwt_log_contains("out of range"));
	struct kw_workqueue *b = kw_alloc_workqueue("w13b", 0, -3);
	KWT_ASSERT_EQ(kw_workqueue_max_active(b), 1);
	KWT_ASSERT(kwt_log_contains("workqueue: max_active -3 requested for w13b is out "
				    "of range, clamping between 1 and 2048"));
	struct kw_workqueue *c = kw_alloc_workqueue("w13c", KW_WQ_UNBOUND, 5000);
	KWT_ASSERT_EQ(kw_workqueue_max_active(c), KW_WQ_MAX_ACTIVE);
	KWT_ASSERT(kwt_log_contains("max_active 5000 requested for w13c"));
	kw_destroy_workqueue(a);
	kw_destroy_workqueue(b);
	kw_destroy_workqueue(c);
}

KWT_TEST("W14", set_max_active_raise_starts_waiting_items)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w14", KW_WQ_UNBOUND, 1);
	struct gated g[3];
	for (int i = 0; i < 3; i++) {
		gated_init(&g[i]);
		kw_queue_work(wq, &g[i].work);
	}
	kw_wait_for_completion(&g[0].started);
	KWT_ASSERT(kw_workqueue_congested(KW_WORK_CPU_UNBOUND, wq));
	kw_workqueue_set_max_active(wq, 3);
	kw_wait_for_completion(&g[1].started);
	kw_wait_for_completion(&g[2].started);
	kw_workqueue_set_max_active(wq, 1);	/* lowering stops nothing */
	KWT_ASSERT_EQ(wqt_load(&g[0].done) + wqt_load(&g[1].done) +
		      wqt_load(&g[2].done), 0);
	for (int i = 0; i < 3; i++)
		kw_complete(&g[i].release);
	kw_flush_workqueue(wq);
	struct kw_workqueue *ord = kw_alloc_ordered_workqueue("w14o", 0);
	KWT_EXPECT_WARN(kw_workqueue_set_max_active(ord, 4), "ordered");
	KWT_ASSERT_EQ(kw_workqueue_max_active(ord), 1);
	kw_destroy_workqueue(ord);
	kw_destroy_workqueue(wq);
}

/* W13's clamp, and its warning, apply to workqueue_set_max_active too. */
KWT_TEST("W14 W13", set_max_active_clamps_with_the_alloc_warning)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w14c", KW_WQ_UNBOUND, 4);
	kwt_log_reset();
	kw_workqueue_set_max_active(wq, 0);
	KWT_ASSERT_EQ(kw_workqueue_max_active(wq), 1);
	KWT_ASSERT(kwt_log_contains("workqueue: max_active 0 requested for w14c is out "
				    "of range, clamping between 1 and 2048"));
	kw_workqueue_set_max_active(wq, 99999);
	KWT_ASSERT_EQ(kw_workqueue_max_active(wq), KW_WQ_MAX_ACTIVE);
	KWT_ASSERT(kwt_log_contains("workqueue: max_active 99999 requested for w14c"));
	kwt_log_reset();
	kw_workqueue_set_max_active(wq, 8);
	KWT_ASSERT_EQ(kw_workqueue_max_active(wq), 8);
	KWT_ASSERT(!kwt_log_contains("out of range"));
	kw_destroy_workqueue(wq);
}

KWT_TEST("W16", flush_barrier_takes_no_active_slot)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w16", KW_WQ_UNBOUND, 1);
	struct gated a, b;
	struct releaser r;
	gated_init(&a);
	gated_init(&b);
	kw_queue_work(wq, &a.work);
	kw_queue_work(wq, &b.work);
	kw_wait_for_completion(&a.started);
	release_later(&r, &a.release, false, 20);
	KWT_ASSERT(kw_flush_work(&a.work));
	/* b holds the only slot and is blocked: the barrier did not need it. */
	kw_wait_for_completion(&b.started);
	KWT_ASSERT_EQ(wqt_load(&b.done), 0);
	kw_complete(&b.release);
	kw_destroy_workqueue(wq);
}

/*
 * W16 for an inactive item: the barrier rides behind it through activation
 * without a slot of its own, so when it has run the one slot passes to the
 * next item and no further.
 */
KWT_TEST("W16", flush_of_an_inactive_item_takes_no_active_slot)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w16i", KW_WQ_UNBOUND, 1);
	struct gated a, c;
	struct counted b, d;
	struct flush_thread f;
	gated_init(&a);
	gated_init(&c);
	counted_init(&b);
	counted_init(&d);
	kw_queue_work(wq, &a.work);
	kw_wait_for_completion(&a.started);
	kw_queue_work(wq, &b.work);
	kw_queue_work(wq, &c.work);
	kw_queue_work(wq, &d.work);
	start_flush_thread(&f, &b.work);	/* b is inactive */
	kw_complete(&a.release);
	kw_wait_for_completion(&f.done);
	KWT_ASSERT(f.ret);
	KWT_ASSERT_EQ(wqt_load(&b.runs), 1);
	kw_wait_for_completion(&c.started);
	KWT_ASSERT(kw_workqueue_congested(KW_WORK_CPU_UNBOUND, wq));
	KWT_ASSERT_EQ(wqt_load(&d.runs), 0);	/* one slot, held by c */
	kw_complete(&c.release);
	kw_wait_for_completion(&d.ran);
	kw_kthread_stop(f.task);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W17", highpri_pool_workers_named_H)
{
	struct gated g;
	gated_init(&g);
	kw_complete_all(&g.release);
	kw_queue_work_on(1, kw_system_highpri_wq(), &g.work);
	kw_flush_work(&g.work);
	KWT_ASSERT(!strncmp(g.comm, "kworker/1:", 10));
	KWT_ASSERT_EQ(g.comm[strlen(g.comm) - 1], 'H');
	kw_queue_work_on(1, kw_system_wq(), &g.work);
	kw_flush_work(&g.work);
	KWT_ASSERT(!strncmp(g.comm, "kworker/1:", 10));
	KWT_ASSERT(g.comm[strlen(g.comm) - 1] != 'H');
	struct kw_workqueue *uh = kw_alloc_workqueue("w17", KW_WQ_UNBOUND | KW_WQ_HIGHPRI, 0);
	kw_queue_work(uh, &g.work);
	kw_flush_work(&g.work);
	KWT_ASSERT(!strncmp(g.comm, "kworker/u", 9));
	KWT_ASSERT(g.comm[strlen(g.comm) - 1] != 'H');
	kw_destroy_workqueue(uh);
}

struct prio_probe {
	struct gated g;
	int static_prio;
};

static void prio_probe_fn(struct kw_work *w)
{
	struct prio_probe *p = kw_container_of(w, struct prio_probe, g.work);
	p->static_prio = kw_current()->static_prio;
	gated_fn(w);
}

/* W17: one CPU's normal and highpri pools are served by different workers. */
KWT_TEST("W17", highpri_and_normal_pools_share_no_workers)
{
	struct prio_probe n, h;
	gated_init(&n.g);
	gated_init(&h.g);
	KW_INIT_WORK(&n.g.work, prio_probe_fn);
	KW_INIT_WORK(&h.g.work, prio_probe_fn);
	kw_queue_work_on(3, kw_system_wq(), &n.g.work);
	kw_wait_for_completion(&n.g.started);
	kw_queue_work_on(3, kw_system_highpri_wq(), &h.g.work);
	kw_wait_for_completion(&h.g.started);
	KWT_ASSERT(wqt_load(&n.g.pid) != wqt_load(&h.g.pid));
	KWT_ASSERT_EQ(wqt_load(&n.g.cpu), 3);
	KWT_ASSERT_EQ(wqt_load(&h.g.cpu), 3);
	KWT_ASSERT_EQ(n.static_prio, 120);
	KWT_ASSERT_EQ(h.static_prio, 100);	/* nice -20 */
	kw_complete(&n.g.release);
	kw_complete(&h.g.release);
	kw_flush_work(&n.g.work);
	kw_flush_work(&h.g.work);
}

KWT_TEST("W18", freezable_starts_nothing_while_frozen)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w18", KW_WQ_FREEZABLE, 0);
	struct gated running;
	struct counted later;
	gated_init(&running);
	counted_init(&later);
	kw_queue_work_on(0, wq, &running.work);
	kw_wait_for_completion(&running.started);
	kw_freeze_workqueues();
	KWT_ASSERT(kw_freeze_workqueues_busy());
	kw_queue_work_on(0, wq, &later.work);
	KWT_ASSERT(kw_workqueue_congested(0, wq));
	kw_complete(&running.release);	/* a running item finishes */
	kw_flush_work(&running.work);
	KWT_ASSERT_EQ(wqt_load(&running.done), 1);
	KWT_ASSERT(!kw_freeze_workqueues_busy());
	KWT_ASSERT_EQ(kw_work_busy(&later.work), KW_WORK_BUSY_PENDING);
	KWT_ASSERT_EQ(wqt_load(&later.runs), 0);
	kw_thaw_workqueues();
	kw_wait_for_completion(&later.ran);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W19", alloc_flag_validation_and_name_truncation)
{
	struct kw_workqueue *wq;
	KWT_EXPECT_WARN(wq = kw_alloc_workqueue("bh", KW_WQ_BH | KW_WQ_UNBOUND, 0), "");
	KWT_ASSERT(!wq);
	wq = kw_alloc_workqueue("bh", KW_WQ_BH, 4);	/* WARN_ON_ONCE: once only */
	KWT_ASSERT(!wq);
	wq = kw_alloc_workqueue("bh", KW_WQ_BH | KW_WQ_HIGHPRI, 0);
	KWT_ASSERT(!wq);
	KWT_ASSERT(kwt_log_contains("WQ_BH is not supported"));
	KWT_EXPECT_WARN(wq = kw_alloc_ordered_workqueue("os", KW_WQ_SYSFS), "WQ_SYSFS");
	KWT_ASSERT(!wq);
	wq = kw_alloc_workqueue("%s-%s", 0, 0, "a_rather_long_workqueue_name",
				"that_is_truncated");
	KWT_ASSERT(wq);
	KWT_ASSERT_EQ(strlen(kw_workqueue_name(wq)), KW_WQ_NAME_LEN - 1);
	KWT_ASSERT(kwt_log_contains("workqueue: name exceeds WQ_NAME_LEN. Truncating to: "
				    "a_rather_long_workqueue_name-th"));
	kw_destroy_workqueue(wq);
}

/* W19: the truncation notice is printed once per process, not per wq. */
KWT_TEST("W19", name_truncation_notice_is_printed_once)
{
	kwt_log_reset();
	struct kw_workqueue *a = kw_alloc_workqueue("first_workqueue_with_a_long_name_%d", 0, 0, 1);
	struct kw_workqueue *b = kw_alloc_workqueue("second_workqueue_with_a_long_name", 0, 0);
	KWT_ASSERT(a && b);
	KWT_ASSERT_STREQ(kw_workqueue_name(b), "second_workqueue_with_a_long_na");
	KWT_ASSERT_EQ(kwt_log_count("name exceeds WQ_NAME_LEN"), 1);
	KWT_ASSERT(kwt_log_contains("Truncating to: first_workqueue_with_a_long_nam"));
	kw_destroy_workqueue(a);
	kw_destroy_workqueue(b);
}

KWT_TEST("W20", queue_uninitialised_work_warns_stays_pending)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w20", 0, 0);
	struct kw_work *w = calloc(1, sizeof(*w));
	w->func = counted_fn;
	bool ret;
	KWT_EXPECT_WARN(ret = kw_queue_work(wq, w), "");
	KWT_ASSERT(ret);
	KWT_ASSERT(kw_work_pending(w));
	KWT_ASSERT(!kw_queue_work(wq, w));
	kw_flush_workqueue(wq);
	KWT_ASSERT(kw_work_pending(w));
	kw_destroy_workqueue(wq);
	free(w);
}

/* ---- flush and drain -------------------------------------------------------- */

KWT_TEST("W21", flush_work_idle_false_waited_true)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w21", 0, 0);
	struct counted c;
	struct gated g;
	struct releaser r;
	counted_init(&c);
	gated_init(&g);
	KWT_ASSERT(!kw_flush_work(&c.work));	/* never queued */
	kw_queue_work(wq, &c.work);
	kw_wait_for_completion(&c.ran);
	kw_flush_work(&c.work);
	KWT_ASSERT(!kw_flush_work(&c.work));	/* idle */
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	release_later(&r, &g.release, false, 10);
	KWT_ASSERT(kw_flush_work(&g.work));
	KWT_ASSERT_EQ(wqt_load(&g.done), 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W21", flush_work_without_a_function_warns_false)
{
	struct kw_work w;
	KW_INIT_WORK(&w, counted_fn);
	w.func = NULL;
	bool ret = true;
	KWT_EXPECT_WARN(ret = kw_flush_work(&w), "");
	KWT_ASSERT(!ret);
}

KWT_TEST("W22", flush_work_waits_last_instance_only)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w22", KW_WQ_UNBOUND, 0);
	struct gated g;
	struct releaser r;
	gated_init(&g);
	g.wq = wq;
	g.requeue = 1;
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	/* Running, not pending: flush waits for this run only. */
	release_later(&r, &g.release, false, 20);
	KWT_ASSERT(kw_flush_work(&g.work));
	KWT_ASSERT(wqt_load(&g.done) >= 1);
	KWT_ASSERT_EQ(wqt_load(&g.runs) <= 2, 1);
	/* The requeued instance is pending or running, blocked on release. */
	KWT_ASSERT(kw_work_busy(&g.work) != 0);
	KWT_ASSERT_EQ(wqt_load(&g.done), 1);
	kw_complete(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.done), 2);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W23", flush_running_and_pending_waits_both)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w23", KW_WQ_UNBOUND, 0);
	struct gated g;
	struct releaser r;
	gated_init(&g);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	kw_queue_work(wq, &g.work);
	release_later(&r, &g.release, true, 20);
	KWT_ASSERT(kw_flush_work(&g.work));
	KWT_ASSERT_EQ(wqt_load(&g.done), 2);
	kw_destroy_workqueue(wq);
}

struct selfish {
	struct kw_work work;
	struct kw_workqueue *wq;
	bool flush_ret, cancel_ret;
	bool pending_after_cancel;
};

static void self_flush_fn(struct kw_work *w)
{
	struct selfish *s = kw_container_of(w, struct selfish, work);
	KWT_EXPECT_WARN(s->flush_ret = kw_flush_work(w), "own callback");
	kw_queue_work(s->wq, w);
	KWT_EXPECT_WARN(s->cancel_ret = kw_cancel_work_sync(w), "own callback");
	s->pending_after_cancel = kw_work_pending(w);
	KWT_EXPECT_WARN(kw_flush_workqueue(s->wq), "would deadlock");
}

KWT_TEST("W24,W27", self_flush_and_cancel_detected)
{
	struct selfish s = { .flush_ret = true };
	s.wq = kw_alloc_workqueue("w24", 0, 0);
	KW_INIT_WORK(&s.work, self_flush_fn);
	kw_queue_work(s.wq, &s.work);
	kw_flush_workqueue(s.wq);
	KWT_ASSERT(!s.flush_ret);
	KWT_ASSERT(s.cancel_ret);
	KWT_ASSERT(!s.pending_after_cancel);
	kw_destroy_workqueue(s.wq);
}

struct forever {
	struct kw_work work;
	struct kw_workqueue *wq;
	int runs;
	bool stop;
};

static void forever_fn(struct kw_work *w)
{
	struct forever *f = kw_container_of(w, struct forever, work);
	__atomic_add_fetch(&f->runs, 1, __ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&f->stop, __ATOMIC_ACQUIRE))
		kw_queue_work(f->wq, w);
}

KWT_TEST("W25,W34", flush_workqueue_not_livelocked_cancel_sync_stops_requeue)
{
	struct forever f = { .runs = 0 };
	f.wq = kw_alloc_workqueue("w25", 0, 0);
	KW_INIT_WORK(&f.work, forever_fn);
	kw_queue_work(f.wq, &f.work);
	int flushes = (int)kwt_loops(20);	/* each is slow under DRD */
	for (int i = 0; i < flushes; i++)
		kw_flush_workqueue(f.wq);	/* returns though it requeues */
	KWT_ASSERT(wqt_load(&f.runs) >= flushes);
	KWT_ASSERT(kw_cancel_work_sync(&f.work) || true);
	KWT_ASSERT_EQ(kw_work_busy(&f.work), 0);
	int runs = wqt_load(&f.runs);
	kw_flush_workqueue(f.wq);
	KWT_ASSERT_EQ(wqt_load(&f.runs), runs);
	kw_destroy_workqueue(f.wq);
}

struct flusher_item {
	struct kw_work work;
	struct kw_workqueue *target;
	struct gated *g;
	bool saw_done;
};

static void flusher_fn(struct kw_work *w)
{
	struct flusher_item *f = kw_container_of(w, struct flusher_item, work);
	kw_flush_workqueue(f->target);
	f->saw_done = wqt_load(&f->g->done) == 1;
}

KWT_TEST("W25", concurrent_flushers_beyond_16_colours)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w25b", KW_WQ_UNBOUND, 0);
	struct kw_workqueue *helpers = kw_alloc_workqueue("w25h", KW_WQ_UNBOUND, 0);
	enum { N = 24 };	/* more flushers than 16 colours */
	struct flusher_item f[N];
	struct gated g;
	struct releaser r;
	gated_init(&g);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	for (int i = 0; i < N; i++) {
		f[i] = (struct flusher_item){ .target = wq, .g = &g };
		KW_INIT_WORK(&f[i].work, flusher_fn);
		kw_queue_work(helpers, &f[i].work);
	}
	release_later(&r, &g.release, false, 50);
	kw_flush_workqueue(helpers);
	for (int i = 0; i < N; i++)
		KWT_ASSERT(f[i].saw_done);
	kw_destroy_workqueue(helpers);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W26", flush_workqueue_ignores_armed_timers)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w26", 0, 0);
	struct kw_delayed_work dw;
	KW_INIT_DELAYED_WORK(&dw, counted_fn);
	kw_queue_delayed_work(wq, &dw, 10 * KW_HZ);
	kw_flush_workqueue(wq);
	KWT_ASSERT(kw_timer_pending(&dw.timer));
	KWT_ASSERT(kw_cancel_delayed_work_sync(&dw));
	kw_destroy_workqueue(wq);
}

/* W26's converse: once the timer fired, the item is waited for. */
KWT_TEST("W26", flush_workqueue_waits_for_a_fired_delayed_work)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("w26f", 0);
	struct gated blocker;
	struct releaser opener, rd;
	struct kw_completion ran;
	gated_init(&blocker);
	kw_init_completion(&ran);
	kw_queue_work(wq, &blocker.work);
	kw_wait_for_completion(&blocker.started);
	KW_INIT_DELAYED_WORK(&rd.dw, releaser_fn);
	rd.target = &ran;
	rd.all = false;
	KWT_ASSERT(kw_queue_delayed_work(wq, &rd.dw, 1));
	WQT_WAIT_FOR(!kw_timer_pending(&rd.dw.timer));
	kw_timer_delete_sync(&rd.dw.timer);	/* its callback has queued rd */
	KWT_ASSERT(kw_delayed_work_pending(&rd.dw));
	release_later(&opener, &blocker.release, false, 5);
	kw_flush_workqueue(wq);
	KWT_ASSERT(kw_completion_done(&ran));
	KWT_ASSERT(!kw_delayed_work_pending(&rd.dw));
	kw_destroy_workqueue(wq);
}

/* A work that drains or destroys target from another workqueue. */
struct closer {
	struct kw_work work;
	struct kw_workqueue *target;
	void (*close)(struct kw_workqueue *wq);
};

static void closer_fn(struct kw_work *w)
{
	struct closer *c = kw_container_of(w, struct closer, work);
	c->close(c->target);
}

/*
 * W28's setup: a gated item keeps wq busy while c drains or destroys it
 * from system_unbound_wq; returns once wq is marked draining/destroying,
 * with a still holding wq. The caller queues, checks, then releases a.
 */
static void start_closing(struct kw_workqueue *wq, struct gated *a,
			  struct closer *c, void (*close)(struct kw_workqueue *))
{
	gated_init(a);
	*c = (struct closer){ .target = wq, .close = close };
	KW_INIT_WORK(&c->work, closer_fn);
	kw_queue_work(wq, &a->work);
	kw_wait_for_completion(&a->started);
	kw_queue_work(kw_system_unbound_wq(), &c->work);
	WQT_WAIT_FOR(kw_workqueue_flags(wq) & (KW__WQ_DESTROYING | KW__WQ_DRAINING));
}

KWT_TEST("W28", queue_during_drain_warns_and_sticks)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w28", 0, 0);
	struct gated a;
	struct counted b;
	struct closer d;
	counted_init(&b);
	start_closing(wq, &a, &d, kw_drain_workqueue);
	bool ret;
	KWT_EXPECT_WARN(ret = kw_queue_work(wq, &b.work), "cannot queue");
	KWT_ASSERT(ret);
	KWT_ASSERT(kwt_log_contains("on wq w28"));
	KWT_ASSERT(kw_work_pending(&b.work));
	kw_complete(&a.release);
	kw_flush_work(&d.work);
	KWT_ASSERT(kw_work_pending(&b.work));
	KWT_ASSERT_EQ(wqt_load(&b.runs), 0);
	kw_destroy_workqueue(wq);
}

/* W28 during destroy_workqueue: the same refusal as during a drain. */
KWT_TEST("W28", queue_during_destroy_warns_and_sticks)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w28d", 0, 0);
	struct gated a;
	struct counted b;
	struct closer d;
	counted_init(&b);
	/* wq lives on until a returns: destroy drains it first. */
	start_closing(wq, &a, &d, kw_destroy_workqueue);
	bool ret = false;
	kwt_log_reset();
	KWT_EXPECT_WARN(ret = kw_queue_work(wq, &b.work), "workqueue: cannot queue ");
	KWT_ASSERT(ret);
	KWT_ASSERT(kwt_log_contains(" on wq w28d"));
	KWT_ASSERT(kw_work_pending(&b.work));
	/* WARN_ONCE: a second refusal is as silent as it is final. */
	struct counted c2;
	counted_init(&c2);
	KWT_ASSERT(kw_queue_work(wq, &c2.work));
	KWT_ASSERT(kw_work_pending(&c2.work));
	KWT_ASSERT_EQ(kwt_log_count("cannot queue"), 1);
	kw_complete(&a.release);
	kw_flush_work(&d.work);
	KWT_ASSERT(kw_work_pending(&b.work));
	KWT_ASSERT_EQ(wqt_load(&b.runs), 0);
	KWT_ASSERT_EQ(wqt_load(&c2.runs), 0);
	KWT_ASSERT_EQ(wqt_load(&a.done), 1);
}

struct slow_chain {
	struct kw_work work;
	struct kw_workqueue *wq;
	int left;
	int runs;
};

static void slow_chain_fn(struct kw_work *w)
{
	struct slow_chain *c = kw_container_of(w, struct slow_chain, work);
	c->runs++;
	kw_msleep(2);
	if (c->left-- > 0)
		kw_queue_work(c->wq, w);
}

/*
 * One flush covers at most two chain steps (the running one and the one it
 * queued before the flush began), so while the drainer keeps up (each step
 * sleeps 2 ms, time for the drainer to start its next flush) 40 steps take
 * at least 20 flushes: twice the 10 tries after which drain logs. (With 16
 * steps, as before, two steps per flush would give 8 and no log line.)
 */
KWT_TEST("W29", drain_includes_chained_requeues_and_logs_tries)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w29", 0, 0);
	struct slow_chain c = { .wq = wq, .left = 39 };
	KW_INIT_WORK(&c.work, slow_chain_fn);
	kw_queue_work(wq, &c.work);
	kw_drain_workqueue(wq);
	KWT_ASSERT_EQ(c.runs, 40);
	KWT_ASSERT_EQ(kw_work_busy(&c.work), 0);
	KWT_ASSERT(kwt_log_contains("workqueue w29: drain_workqueue() isn't complete after 10 tries"));
	KWT_ASSERT(!(kw_workqueue_flags(wq) & KW__WQ_DRAINING));
	kw_queue_work(wq, &c.work);	/* queueing works again */
	kw_destroy_workqueue(wq);
	KWT_ASSERT_EQ(c.runs, 41);
}

KWT_TEST("W30", destroy_runs_queued_and_chained_keeps_timers)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w30", 0, 0);
	struct gated g;
	struct kw_delayed_work dw;
	gated_init(&g);
	kw_complete_all(&g.release);
	g.wq = wq;
	g.requeue = 3;
	KW_INIT_DELAYED_WORK(&dw, counted_fn);
	kw_queue_delayed_work(wq, &dw, 10 * KW_HZ);
	kw_queue_work(wq, &g.work);
	kw_destroy_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.done), 4);
	KWT_ASSERT(kw_timer_pending(&dw.timer));	/* not cancelled */
	KWT_ASSERT(kw_cancel_delayed_work_sync(&dw));
}

KWT_TEST("W31", flushing_system_wq_warns_but_flushes)
{
	struct counted c;
	counted_init(&c);
	kw_schedule_work(&c.work);
	kw_flush_scheduled_work();
	KWT_ASSERT_EQ(wqt_load(&c.runs), 1);
	KWT_ASSERT(kwt_log_contains("WARNING: Flushing system-wide workqueues will be "
				    "prohibited in near future."));
}

/* W31 with the wq named directly, not through flush_scheduled_work(). */
KWT_TEST("W31", flush_workqueue_of_a_system_wq_warns_but_flushes)
{
	struct counted c;
	counted_init(&c);
	kwt_log_reset();
	kw_queue_work(kw_system_unbound_wq(), &c.work);
	kw_flush_workqueue(kw_system_unbound_wq());
	KWT_ASSERT_EQ(wqt_load(&c.runs), 1);
	KWT_ASSERT(kwt_log_contains("WARNING: Flushing system-wide workqueues will be "
				    "prohibited in near future."));
	struct kw_workqueue *own = kw_alloc_workqueue("w31own", 0, 0);
	kwt_log_reset();
	kw_flush_workqueue(own);
	KWT_ASSERT(!kwt_log_contains("Flushing system-wide"));
	kw_destroy_workqueue(own);
}

struct dep {
	struct kw_work work;
	struct kw_workqueue *target;
};

static void dep_fn(struct kw_work *w)
{
	struct dep *d = kw_container_of(w, struct dep, work);
	KWT_EXPECT_WARN(kw_flush_workqueue(d->target), "is flushing !WQ_MEM_RECLAIM");
}

KWT_TEST("W32", reclaim_item_flushing_non_reclaim_warns)
{
	struct kw_workqueue *reclaim = kw_alloc_workqueue("w32r", KW_WQ_MEM_RECLAIM, 0);
	struct kw_workqueue *plain = kw_alloc_workqueue("w32p", 0, 0);
	struct dep d = { .target = plain };
	KW_INIT_WORK(&d.work, dep_fn);
	kw_queue_work(reclaim, &d.work);
	kw_flush_work(&d.work);
	KWT_ASSERT(kwt_log_contains("workqueue: WQ_MEM_RECLAIM w32r:"));
	KWT_ASSERT(kwt_log_contains("is flushing !WQ_MEM_RECLAIM w32p:"));
	kw_destroy_workqueue(reclaim);
	kw_destroy_workqueue(plain);
}

struct dep_work {
	struct kw_work work;
	struct kw_work *target;
	struct kw_task *task;	/* the worker running it, published first */
	bool ret;
};

static void dep_flush_work_fn(struct kw_work *w)
{
	struct dep_work *d = kw_container_of(w, struct dep_work, work);
	__atomic_store_n(&d->task, kw_current(), __ATOMIC_RELEASE);
	KWT_EXPECT_WARN(d->ret = kw_flush_work(d->target), "is flushing !WQ_MEM_RECLAIM");
}

static void dep_cancel_fn(struct kw_work *w)
{
	struct dep_work *d = kw_container_of(w, struct dep_work, work);
	__atomic_store_n(&d->task, kw_current(), __ATOMIC_RELEASE);
	d->ret = kw_cancel_work_sync(d->target);	/* no WARN on the cancel path */
}

/* Gate: d's worker is asleep in its flush or cancel of the running target. */
static void wait_dep_blocked(struct dep_work *d)
{
	struct kw_task *t;
	WQT_WAIT_FOR((t = __atomic_load_n(&d->task, __ATOMIC_ACQUIRE)) &&
		     (__atomic_load_n(&t->__state, __ATOMIC_ACQUIRE) & 0x7fffffffu) ==
			     KW_TASK_UNINTERRUPTIBLE);
}

static void dep_legacy_fn(struct kw_work *w)
{
	struct dep *d = kw_container_of(w, struct dep, work);
	kw_flush_workqueue(d->target);		/* __WQ_LEGACY: no WARN */
}

/* W32's flush_work form, and the two cases that stay quiet. */
KWT_TEST("W32", flush_work_warns_cancel_sync_and_legacy_do_not)
{
	struct kw_workqueue *reclaim = kw_alloc_workqueue("w32r", KW_WQ_MEM_RECLAIM, 0);
	struct kw_workqueue *plain = kw_alloc_workqueue("w32p", KW_WQ_UNBOUND, 0);
	struct kw_workqueue *legacy = kw_create_workqueue("w32l");
	struct gated target;
	struct dep_work d;

	/* flush_work of a running !WQ_MEM_RECLAIM item from a reclaim item */
	gated_init(&target);
	kw_queue_work(plain, &target.work);
	kw_wait_for_completion(&target.started);
	d = (struct dep_work){ .target = &target.work };
	KW_INIT_WORK(&d.work, dep_flush_work_fn);
	kw_queue_work(reclaim, &d.work);
	wait_dep_blocked(&d);
	kw_complete(&target.release);
	kw_flush_work(&d.work);
	KWT_ASSERT(d.ret);
	KWT_ASSERT(kwt_log_contains("workqueue: WQ_MEM_RECLAIM w32r:"));
	KWT_ASSERT(kwt_log_contains("is flushing !WQ_MEM_RECLAIM w32p:"));

	/* cancel_work_sync waiting for a running one: quiet */
	gated_init(&target);
	kw_queue_work(plain, &target.work);
	kw_wait_for_completion(&target.started);
	d = (struct dep_work){ .target = &target.work };
	KW_INIT_WORK(&d.work, dep_cancel_fn);
	kw_queue_work(reclaim, &d.work);
	wait_dep_blocked(&d);
	kw_complete(&target.release);
	kw_flush_work(&d.work);
	KWT_ASSERT(!d.ret);
	KWT_ASSERT_EQ(wqt_load(&target.done), 1);

	/* a __WQ_LEGACY reclaim wq (create_workqueue) flushing plain: quiet */
	struct counted c;
	counted_init(&c);
	kw_queue_work(plain, &c.work);
	struct dep dl = { .target = plain };
	KW_INIT_WORK(&dl.work, dep_legacy_fn);
	kw_queue_work(legacy, &dl.work);
	kw_flush_work(&dl.work);
	KWT_ASSERT_EQ(wqt_load(&c.runs), 1);

	kw_destroy_workqueue(legacy);
	kw_destroy_workqueue(reclaim);
	kw_destroy_workqueue(plain);
}

/* W32: a PF_MEMALLOC task flushing a !WQ_MEM_RECLAIM wq. */
KWT_TEST("W32", pf_memalloc_task_flushing_non_reclaim_warns)
{
	struct kw_workqueue *reclaim = kw_alloc_workqueue("w32m", KW_WQ_MEM_RECLAIM, 0);
	struct kw_workqueue *plain = kw_alloc_workqueue("w32q", 0, 0);
	struct kw_task *me = kw_current();
	char want[96];
	me->flags |= KW_PF_MEMALLOC;
	kw_flush_workqueue(reclaim);		/* a reclaim target: quiet */
	KWT_EXPECT_WARN(kw_flush_workqueue(plain), "is flushing !WQ_MEM_RECLAIM w32q:");
	me->flags &= ~KW_PF_MEMALLOC;
	snprintf(want, sizeof(want), "workqueue: PF_MEMALLOC task %d(%s) is flushing "
		 "!WQ_MEM_RECLAIM w32q:", me->pid, me->comm);
	KWT_ASSERT(kwt_log_contains(want));
	kw_destroy_workqueue(reclaim);
	kw_destroy_workqueue(plain);
}

/* ---- cancel and disable -------------------------------------------------------- */

KWT_TEST("W33", cancel_work_sync_return_values)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("w33", 0);
	struct gated blocker, g;
	struct counted c;
	struct releaser r;
	gated_init(&blocker);
	gated_init(&g);
	counted_init(&c);
	KWT_ASSERT(!kw_cancel_work_sync(&c.work));	/* idle */
	kw_queue_work(wq, &blocker.work);
	kw_wait_for_completion(&blocker.started);
	kw_queue_work(wq, &c.work);
	KWT_ASSERT(kw_cancel_work_sync(&c.work));	/* pending */
	KWT_ASSERT_EQ(kw_work_busy(&c.work), 0);
	/* only running: false, but it waits for the end of the run */
	release_later(&r, &blocker.release, false, 20);
	KWT_ASSERT(!kw_cancel_work_sync(&blocker.work));
	KWT_ASSERT_EQ(wqt_load(&blocker.done), 1);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&c.runs), 0);
	kw_destroy_workqueue(wq);
}

struct canceller {
	struct kw_work work;
	struct kw_work *target;
	bool ret;
};

static void canceller_fn(struct kw_work *w)
{
	struct canceller *c = kw_container_of(w, struct canceller, work);
	c->ret = kw_cancel_work_sync(c->target);
}

static unsigned long disable_depth(struct kw_work *w)
{
	unsigned long data = (unsigned long)kw_atomic_long_read(&w->data);
	if (data & KW_WORK_STRUCT_PWQ)
		return 0;
	return (data >> KW_WORK_OFFQ_DISABLE_SHIFT) & 0xffff;
}

KWT_TEST("W35", queue_during_cancel_sync_fails)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w35", KW_WQ_UNBOUND, 0);
	struct gated g;
	struct canceller c;
	gated_init(&g);
	c.target = &g.work;
	KW_INIT_WORK(&c.work, canceller_fn);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	kw_queue_work(kw_system_unbound_wq(), &c.work);
	WQT_WAIT_FOR(disable_depth(&g.work) == 1);	/* cancel in progress */
	KWT_ASSERT(!kw_queue_work(wq, &g.work));
	KWT_ASSERT(!kw_work_pending(&g.work));
	kw_complete_all(&g.release);
	kw_flush_work(&c.work);
	KWT_ASSERT(!c.ret);
	KWT_ASSERT_EQ(wqt_load(&g.runs), 1);
	KWT_ASSERT(kw_queue_work(wq, &g.work));	/* works again afterwards */
	kw_flush_work(&g.work);
	KWT_ASSERT_EQ(wqt_load(&g.runs), 2);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W36", cancel_work_never_waits)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w36", KW_WQ_UNBOUND, 0);
	struct gated g;
	gated_init(&g);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	kw_queue_work(wq, &g.work);
	KWT_ASSERT(kw_cancel_work(&g.work));
	KWT_ASSERT_EQ(kw_work_busy(&g.work), KW_WORK_BUSY_RUNNING);
	KWT_ASSERT(!kw_cancel_work(&g.work));
	kw_complete(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&g.runs), 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W37,W38", disable_nests_enable_and_queue)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w37", 0, 0);
	struct counted c;
	counted_init(&c);
	KWT_ASSERT(!kw_disable_work(&c.work));
	KWT_ASSERT(!kw_disable_work(&c.work));
	KWT_ASSERT(!kw_queue_work(wq, &c.work));
	KWT_ASSERT(!kw_work_pending(&c.work));
	KWT_ASSERT(!kw_enable_work(&c.work));		/* depth 1 left */
	KWT_ASSERT(!kw_queue_work(wq, &c.work));
	KWT_ASSERT_EQ(wqt_load(&c.runs), 0);
	kw_disable_work(&c.work);			/* depth 2 */
	KWT_ASSERT(!kw_enable_and_queue_work(wq, &c.work));
	KWT_ASSERT(!kw_work_pending(&c.work));
	KWT_ASSERT(kw_enable_and_queue_work(wq, &c.work));	/* reached 0 */
	kw_wait_for_completion(&c.ran);
	KWT_ASSERT_EQ(wqt_load(&c.runs), 1);
	bool ret;
	KWT_EXPECT_WARN(ret = kw_enable_work(&c.work), "work disable count underflowed");
	KWT_ASSERT(ret);
	/* disabling a pending item cancels it */
	struct gated blocker;
	struct kw_workqueue *ord = kw_alloc_ordered_workqueue("w37o", 0);
	gated_init(&blocker);
	kw_queue_work(ord, &blocker.work);
	kw_wait_for_completion(&blocker.started);
	kw_queue_work(ord, &c.work);
	KWT_ASSERT(kw_disable_work(&c.work));
	kw_complete(&blocker.release);
	kw_flush_workqueue(ord);
	KWT_ASSERT_EQ(wqt_load(&c.runs), 1);
	kw_destroy_workqueue(ord);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W37", disable_count_overflow_warns)
{
	struct counted c;
	counted_init(&c);
	for (int i = 0; i < 65535; i++)
		kw_disable_work(&c.work);
	KWT_EXPECT_WARN(kw_disable_work(&c.work), "work disable count overflowed");
	KWT_ASSERT_EQ(disable_depth(&c.work), 65535);
}

KWT_TEST("W39", disable_work_sync_waits_for_running)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w39", 0, 0);
	struct gated g;
	struct releaser r;
	gated_init(&g);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	release_later(&r, &g.release, false, 20);
	KWT_ASSERT(!kw_disable_work_sync(&g.work));
	KWT_ASSERT_EQ(wqt_load(&g.done), 1);
	KWT_ASSERT(!kw_queue_work(wq, &g.work));
	KWT_ASSERT(kw_enable_work(&g.work));
	kw_destroy_workqueue(wq);
}

KWT_TEST("W39", disable_work_sync_of_a_pending_item_is_true_and_it_never_runs)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("w39p", 0);
	struct gated blocker;
	struct counted c;
	gated_init(&blocker);
	counted_init(&c);
	kw_queue_work(wq, &blocker.work);
	kw_wait_for_completion(&blocker.started);
	kw_queue_work(wq, &c.work);
	KWT_ASSERT(kw_disable_work_sync(&c.work));
	KWT_ASSERT_EQ(kw_work_busy(&c.work), 0u);
	KWT_ASSERT(!kw_queue_work(wq, &c.work));
	kw_complete(&blocker.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&c.runs), 0);
	KWT_ASSERT(kw_enable_work(&c.work));
	KWT_ASSERT(kw_queue_work(wq, &c.work));
	kw_wait_for_completion(&c.ran);
	kw_destroy_workqueue(wq);
}

/* ---- context ------------------------------------------------------------------ */

struct ctx_probe {
	struct kw_work work;
	struct kw_work *seen;
	bool rescuer;
	unsigned int flags;
};

static void ctx_fn(struct kw_work *w)
{
	struct ctx_probe *p = kw_container_of(w, struct ctx_probe, work);
	p->seen = kw_current_work();
	p->rescuer = kw_current_is_workqueue_rescuer();
	p->flags = kw_current()->flags;
}

KWT_TEST("W45", current_work_and_rescuer_queries)
{
	struct ctx_probe p = { .seen = NULL, .rescuer = true };
	KW_INIT_WORK(&p.work, ctx_fn);
	KWT_ASSERT(kw_current_work() == NULL);
	KWT_ASSERT(!kw_current_is_workqueue_rescuer());
	kw_schedule_work(&p.work);
	kw_flush_work(&p.work);
	KWT_ASSERT(p.seen == &p.work);
	KWT_ASSERT(!p.rescuer);
	KWT_ASSERT(p.flags & KW_PF_WQ_WORKER);
}

static void leak_fn(struct kw_work *w)
{
	kw_preempt_disable();
}

KWT_TEST("W47", leaked_atomic_context_reported_worker_continues)
{
	struct kw_work w;
	struct counted c;
	KW_INIT_WORK(&w, leak_fn);
	counted_init(&c);
	kw_queue_work_on(0, kw_system_wq(), &w);
	kw_flush_work(&w);
	KWT_ASSERT(kwt_log_contains("BUG: workqueue leaked atomic, lock or RCU: kworker/0:"));
	KWT_ASSERT(kwt_log_contains("preempt=0x00000001 lock=0->0 RCU=0->0 workfn="));
	kw_queue_work_on(0, kw_system_wq(), &c.work);
	kw_wait_for_completion(&c.ran);
}

static void rcu_leak_fn(struct kw_work *w)
{
	(void)w;
	kw_rcu_read_lock();
}

static struct kw_mutex w47_lock = KW_MUTEX_INITIALIZER(w47_lock);

static void lock_leak_fn(struct kw_work *w)
{
	(void)w;
	kw_mutex_lock(&w47_lock);
}

/* W47's other two leaks: an open RCU read section and a held lock. */
KWT_TEST("W47", leaked_rcu_section_and_lock_reported_worker_continues)
{
	struct kw_work w;
	struct counted c;
	KW_INIT_WORK(&w, rcu_leak_fn);
	counted_init(&c);
	kw_queue_work_on(1, kw_system_wq(), &w);
	kw_flush_work(&w);
	KWT_ASSERT(kwt_log_contains("BUG: workqueue leaked atomic, lock or RCU: kworker/1:"));
	KWT_ASSERT(kwt_log_contains("preempt=0x00000000 lock=0->0 RCU=0->1 workfn="));
	/* The worker goes on, and grace periods are not held up by it. */
	kw_queue_work_on(1, kw_system_wq(), &c.work);
	kw_wait_for_completion(&c.ran);
	kw_synchronize_rcu();

	kwt_log_reset();
	KW_INIT_WORK(&w, lock_leak_fn);
	kw_queue_work_on(2, kw_system_wq(), &w);
	kw_flush_work(&w);
	KWT_ASSERT(kwt_log_contains("BUG: workqueue leaked atomic, lock or RCU: kworker/2:"));
	KWT_ASSERT(kwt_log_contains("preempt=0x00000000 lock=0->1 RCU=0->0 workfn="));
	KWT_ASSERT(kw_mutex_is_locked(&w47_lock));	/* a leaked lock stays held */
}

KWT_TEST("W1", system_workqueues_exist_with_kernel_names)
{
	KWT_ASSERT_STREQ(kw_workqueue_name(kw_system_wq()), "events");
	KWT_ASSERT_STREQ(kw_workqueue_name(kw_system_percpu_wq()), "events");
	KWT_ASSERT(kw_system_wq() != kw_system_percpu_wq());
	KWT_ASSERT_STREQ(kw_workqueue_name(kw_system_highpri_wq()), "events_highpri");
	KWT_ASSERT_STREQ(kw_workqueue_name(kw_system_long_wq()), "events_long");
	KWT_ASSERT_STREQ(kw_workqueue_name(kw_system_unbound_wq()), "events_unbound");
	KWT_ASSERT_STREQ(kw_workqueue_name(kw_system_dfl_wq()), "events_unbound");
	KWT_ASSERT_STREQ(kw_workqueue_name(kw_system_freezable_wq()), "events_freezable");
	KWT_ASSERT_STREQ(kw_workqueue_name(kw_system_power_efficient_wq()),
			 "events_power_efficient");
	KWT_ASSERT_STREQ(kw_workqueue_name(kw_system_freezable_power_efficient_wq()),
			 "events_freezable_pwr_efficient");
	KWT_ASSERT(kw_workqueue_flags(kw_system_unbound_wq()) & KW_WQ_UNBOUND);
	KWT_ASSERT_EQ(kw_workqueue_max_active(kw_system_unbound_wq()), KW_WQ_MAX_ACTIVE);
	KWT_ASSERT(sizeof(struct kw_work) <= 32);
}
