/*
 * test_workqueue_inbox.c - items queued while max_active is reached take
 * the lock-free inbox (src/workqueue.c): they must keep every guarantee of
 * an inactive item. FIFO activation (W9, W11), raising max_active (W14),
 * congestion (W15), freezing (W18), flush_workqueue colours (W25),
 * destroy (W30), cancel and disable of an item still in the inbox (W33,
 * W36, W37), flush_work on it (W21) and on a work requeueing itself (W22),
 * stats, and concurrent producers with a destroyer racing the last
 * queuer's return. Waits are on gates the test opens or on a flusher's
 * observable sleep. W5: a running work requeued elsewhere stays on its pool.
 */
#include "wq_test_util.h"

#include <pthread.h>

#define SEQ_MAX 4096

/* Records the order in which items ran. */
struct seq_log {
	int next;			/* atomic: slots used */
	int order[SEQ_MAX];		/* item ids in run order */
	int running;			/* atomic */
	int max_running;		/* atomic */
};

struct seq_item {
	struct kw_work work;
	struct seq_log *log;
	int id;
};

static void seq_fn(struct kw_work *w)
{
	struct seq_item *it = kw_container_of(w, struct seq_item, work);
	struct seq_log *log = it->log;
	int now = __atomic_add_fetch(&log->running, 1, __ATOMIC_SEQ_CST);
	if (now > wqt_load(&log->max_running))
		__atomic_store_n(&log->max_running, now, __ATOMIC_SEQ_CST);
	int slot = __atomic_fetch_add(&log->next, 1, __ATOMIC_SEQ_CST);
	if (slot < SEQ_MAX)
		log->order[slot] = it->id;
	__atomic_sub_fetch(&log->running, 1, __ATOMIC_SEQ_CST);
}

static void seq_items_init(struct seq_item *items, int n, struct seq_log *log)
{
	memset(log, 0, sizeof(*log));
	for (int i = 0; i < n; i++) {
		KW_INIT_WORK(&items[i].work, seq_fn);
		items[i].log = log;
		items[i].id = i;
	}
}

/* Start gated item g on wq (for cpu) and return once it runs: with
 * max_active 1 it holds the pwq's only slot, so what comes next goes to
 * the inbox until the test releases g. */
static void hold_slot(struct kw_workqueue *wq, int cpu, struct gated *g)
{
	gated_init(g);
	KWT_ASSERT(kw_queue_work_on(cpu, wq, &g->work));
	kw_wait_for_completion(&g->started);
}

KWT_TEST("W9 W11", ordered_items_behind_a_running_one_run_in_queue_order)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("inbox_w9", 0);
	static struct seq_item items[512];
	static struct seq_log log;
	struct gated g;

	seq_items_init(items, 512, &log);
	hold_slot(wq, KW_WORK_CPU_UNBOUND, &g);
	for (int i = 0; i < 512; i++)
		KWT_ASSERT(kw_queue_work(wq, &items[i].work));
	KWT_ASSERT(kw_work_pending(&items[0].work));
	KWT_ASSERT(kw_work_busy(&items[511].work) & KW_WORK_BUSY_PENDING);
	KWT_ASSERT_EQ(wqt_load(&log.next), 0);
	kw_complete(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&log.next), 512);
	for (int i = 0; i < 512; i++)
		KWT_ASSERT_EQ(log.order[i], i);
	KWT_ASSERT_EQ(wqt_load(&log.max_running), 1);
	kw_destroy_workqueue(wq);
}

struct producer {
	pthread_t thread;
	struct kw_workqueue *wq;
	struct seq_item *items;
	int n;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	for (int i = 0; i < p->n; i++)
		if (!kw_queue_work(p->wq, &p->items[i].work))
			abort();
	return NULL;
}

KWT_TEST("W9", concurrent_producers_keep_their_own_order_on_an_ordered_wq)
{
	enum { PRODUCERS = 4, EACH = 800 };
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("inbox_mp", 0);
	static struct seq_item items[PRODUCERS * EACH];
	static struct seq_log log;
	struct producer p[PRODUCERS];

	seq_items_init(items, PRODUCERS * EACH, &log);
	int each = (int)kwt_loops(EACH);	/* fewer under the race tools */
	for (int i = 0; i < PRODUCERS; i++) {
		p[i] = (struct producer){ .wq = wq, .items = items + i * each, .n = each };
		KWT_ASSERT_EQ(pthread_create(&p[i].thread, NULL, produce, &p[i]), 0);
	}
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i].thread, NULL);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&log.next), PRODUCERS * each);
	int last[PRODUCERS] = { -1, -1, -1, -1 };
	for (int i = 0; i < PRODUCERS * each; i++) {
		int id = log.order[i], who = id / each;
		KWT_ASSERT(id > last[who]);	/* each producer's FIFO holds */
		last[who] = id;
	}
	KWT_ASSERT_EQ(wqt_load(&log.max_running), 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W14 W15", raising_max_active_starts_waiting_items_and_congested_sees_them)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("inbox_w14", KW_WQ_UNBOUND, 1);
	struct gated g[4];

	for (int i = 1; i < 4; i++)
		gated_init(&g[i]);
	KWT_ASSERT(!kw_workqueue_congested(KW_WORK_CPU_UNBOUND, wq));
	hold_slot(wq, KW_WORK_CPU_UNBOUND, &g[0]);
	for (int i = 1; i < 4; i++)
		KWT_ASSERT(kw_queue_work(wq, &g[i].work));
	KWT_ASSERT(kw_workqueue_congested(KW_WORK_CPU_UNBOUND, wq));	/* W15 */
	struct kw_wq_stats s;
	kw_wq_stats_get(wq, &s);
	KWT_ASSERT_EQ(s.inactive, 3u);
	KWT_ASSERT_EQ(s.pending, 3u);

	kw_workqueue_set_max_active(wq, 4);	/* W14: all three start */
	for (int i = 1; i < 4; i++)
		kw_wait_for_completion(&g[i].started);
	KWT_ASSERT(!kw_workqueue_congested(KW_WORK_CPU_UNBOUND, wq));
	for (int i = 0; i < 4; i++)
		kw_complete(&g[i].release);
	kw_flush_workqueue(wq);
	kw_destroy_workqueue(wq);
}

/* A thread that flushes (the whole wq, or one work) and records what it saw. */
struct flusher {
	pthread_t thread;
	struct kw_workqueue *wq;
	struct kw_work *work;		/* flush_work target, or NULL */
	int *watch;			/* an item's done count, read at return */
	struct kw_task *task;		/* atomic: the flusher's task */
	int seen;			/* *watch when the flush returned */
	bool ret;			/* flush_work's return */
};

static void *flush_thread(void *arg)
{
	struct flusher *f = arg;
	__atomic_store_n(&f->task, kw_current(), __ATOMIC_RELEASE);
	if (f->work)
		f->ret = kw_flush_work(f->work);
	else
		kw_flush_workqueue(f->wq);
	f->seen = wqt_load(f->watch);
	return NULL;
}

/* Start f and return once it sleeps in its flush. */
static void start_flusher(struct flusher *f)
{
	KWT_ASSERT_EQ(pthread_create(&f->thread, NULL, flush_thread, f), 0);
	WQT_WAIT_FOR(__atomic_load_n(&f->task, __ATOMIC_ACQUIRE) &&
		     (__atomic_load_n(&f->task->__state, __ATOMIC_ACQUIRE) &
		      KW_TASK_UNINTERRUPTIBLE));
}

KWT_TEST("W25", flush_workqueue_waits_for_items_still_in_the_inbox)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("inbox_w25", KW_WQ_UNBOUND, 1);
	struct gated first;
	struct counted last;
	struct flusher f = { .wq = wq, .watch = &last.runs };

	counted_init(&last);
	hold_slot(wq, KW_WORK_CPU_UNBOUND, &first);
	KWT_ASSERT(kw_queue_work(wq, &last.work));	/* behind first: inbox */
	start_flusher(&f);		/* it waits for first, and for last */
	kw_complete(&first.release);
	pthread_join(f.thread, NULL);
	KWT_ASSERT_EQ(f.seen, 1);	/* last had run when the flush returned */
	kw_destroy_workqueue(wq);
}

KWT_TEST("W21", flush_work_on_an_item_in_the_inbox_waits_for_its_run)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("inbox_w21", KW_WQ_UNBOUND, 1);
	struct gated g;
	struct counted d;
	struct flusher f = { .work = &d.work, .watch = &d.runs };

	counted_init(&d);
	hold_slot(wq, KW_WORK_CPU_UNBOUND, &g);
	KWT_ASSERT(kw_queue_work(wq, &d.work));	/* behind g: inbox */
	start_flusher(&f);
	KWT_ASSERT_EQ(wqt_load(&d.runs), 0);
	kw_complete(&g.release);
	pthread_join(f.thread, NULL);
	KWT_ASSERT(f.ret);		/* it had to wait */
	KWT_ASSERT_EQ(f.seen, 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W33 W36 W37", cancel_and_disable_items_in_the_inbox)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("inbox_w33", KW_WQ_UNBOUND, 1);
	struct gated g;
	struct counted a, b, c, d;

	counted_init(&a);
	counted_init(&b);
	counted_init(&c);
	counted_init(&d);
	hold_slot(wq, KW_WORK_CPU_UNBOUND, &g);
	/* Each cancel moves the inbox onto the inactive list: queue the
	 * next victim after it, so every one is taken from the inbox. */
	KWT_ASSERT(kw_queue_work(wq, &a.work));
	KWT_ASSERT(!kw_queue_work(wq, &a.work));	/* already pending */
	KWT_ASSERT(kw_cancel_work(&a.work));		/* W36: was pending */
	KWT_ASSERT(!kw_work_pending(&a.work));
	KWT_ASSERT(kw_queue_work(wq, &b.work));
	KWT_ASSERT(kw_cancel_work_sync(&b.work));	/* W33 */
	KWT_ASSERT(kw_queue_work(wq, &c.work));
	KWT_ASSERT(kw_disable_work(&c.work));		/* W37 */
	KWT_ASSERT(!kw_queue_work(wq, &c.work));	/* disabled */
	KWT_ASSERT(kw_queue_work(wq, &d.work));		/* the survivor */

	kw_complete(&g.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&a.runs), 0);
	KWT_ASSERT_EQ(wqt_load(&b.runs), 0);
	KWT_ASSERT_EQ(wqt_load(&c.runs), 0);
	KWT_ASSERT_EQ(wqt_load(&d.runs), 1);
	KWT_ASSERT(kw_enable_work(&c.work));
	KWT_ASSERT(kw_queue_work(wq, &c.work));
	kw_wait_for_completion(&c.ran);
	kw_flush_workqueue(wq);
	kw_destroy_workqueue(wq);
}

/* A freezable wq takes items while frozen (max_active 0: all of them go
 * to the inbox) and starts them, in order, on thaw (W18). */
KWT_TEST("W18 W11", items_queued_while_frozen_start_in_order_on_thaw)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("inbox_w18",
						     KW_WQ_FREEZABLE | KW_WQ_UNBOUND, 1);
	static struct seq_item items[32];
	static struct seq_log log;

	seq_items_init(items, 32, &log);
	kw_freeze_workqueues();
	for (int i = 0; i < 32; i++)
		KWT_ASSERT(kw_queue_work(wq, &items[i].work));
	KWT_ASSERT(!kw_freeze_workqueues_busy());
	KWT_ASSERT(kw_workqueue_congested(KW_WORK_CPU_UNBOUND, wq));
	KWT_ASSERT_EQ(wqt_load(&log.next), 0);
	kw_thaw_workqueues();
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&log.next), 32);
	for (int i = 0; i < 32; i++)
		KWT_ASSERT_EQ(log.order[i], i);
	kw_destroy_workqueue(wq);
}

/*
 * W5 with a saturated per-CPU pwq: requeued to another CPU while it still
 * runs, a work goes to the pool it runs on (not the inbox of the CPU asked
 * for) and waits there behind itself.
 */
KWT_TEST("W5 W11", requeue_of_a_running_work_on_a_saturated_wq_stays_on_its_pool)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("inbox_w5", KW_WQ_PERCPU, 1);
	struct gated g, busy2;

	hold_slot(wq, 1, &g);
	hold_slot(wq, 2, &busy2);	/* CPU 2's pwq is saturated */
	/* CPU 2's inbox would take it; g still runs on CPU 1, so it goes there. */
	KWT_ASSERT(kw_queue_work_on(2, wq, &g.work));
	KWT_ASSERT(kw_work_pending(&g.work));
	kw_complete(&busy2.release);
	kw_flush_work(&busy2.work);
	KWT_ASSERT_EQ(wqt_load(&g.runs), 1);	/* not run on CPU 2 meanwhile */
	kw_complete(&g.release);
	WQT_WAIT_FOR(wqt_load(&g.runs) == 2);
	KWT_ASSERT_EQ(wqt_load(&g.cpu), 1);
	kw_complete(&g.release);
	kw_flush_work(&g.work);
	KWT_ASSERT_EQ(wqt_load(&g.max_running), 1);
	kw_destroy_workqueue(wq);
}

/* flush_work against a work that requeues itself through the inbox. */
struct requeuer {
	struct kw_work work;
	struct kw_workqueue *wq;
	int left;			/* atomic */
};

static void requeue_fn(struct kw_work *w)
{
	struct requeuer *r = kw_container_of(w, struct requeuer, work);
	if (__atomic_sub_fetch(&r->left, 1, __ATOMIC_SEQ_CST) > 0)
		kw_queue_work(r->wq, &r->work);
}

KWT_TEST("W22", flush_work_races_a_self_requeueing_work)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("inbox_w22", 0);
	struct requeuer r = { .wq = wq, .left = (int)kwt_loops(3000) };

	KW_INIT_WORK(&r.work, requeue_fn);
	KWT_ASSERT(kw_queue_work(wq, &r.work));
	while (wqt_load(&r.left) > 0)
		kw_flush_work(&r.work);
	kw_flush_work(&r.work);
	KWT_ASSERT(!kw_work_pending(&r.work));
	kw_destroy_workqueue(wq);
}

KWT_TEST("W30", destroy_runs_every_item_left_in_the_inbox)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("inbox_w30", KW_WQ_UNBOUND, 1);
	static struct seq_item items[64];
	static struct seq_log log;
	struct gated g;

	seq_items_init(items, 64, &log);
	hold_slot(wq, KW_WORK_CPU_UNBOUND, &g);
	for (int i = 0; i < 64; i++)
		KWT_ASSERT(kw_queue_work(wq, &items[i].work));
	kw_complete(&g.release);
	kw_destroy_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&log.next), 64);
}

/*
 * The waiter of an item destroys the workqueue as soon as the item ran,
 * while the thread that queued it may still be returning from queue_work
 * (the item can run the moment it is appended). Repeated so a use after
 * free shows under ASan/TSan/valgrind.
 */
struct race {
	struct kw_workqueue *wq;
	struct counted item;
};

static void *queue_one(void *arg)
{
	struct race *r = arg;
	if (!kw_queue_work(r->wq, &r->item.work))
		abort();
	return NULL;
}

KWT_TEST("W30", destroy_by_the_waiter_while_the_queuer_returns)
{
	for (int round = 0; round < (int)kwt_loops(200); round++) {
		struct race r;
		struct gated g;
		pthread_t t;

		r.wq = kw_alloc_workqueue("inbox_race", KW_WQ_UNBOUND, 1);
		counted_init(&r.item);
		hold_slot(r.wq, KW_WORK_CPU_UNBOUND, &g);
		KWT_ASSERT_EQ(pthread_create(&t, NULL, queue_one, &r), 0);
		kw_complete(&g.release);
		kw_wait_for_completion(&r.item.ran);
		kw_flush_work(&r.item.work);
		kw_destroy_workqueue(r.wq);
		pthread_join(t, NULL);
	}
}
