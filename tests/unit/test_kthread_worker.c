/*
 * test_kthread_worker.c - kthread_worker, kthread_work, kthread_delayed_work:
 * SEMANTICS K12..K23 and the detect-WARN-return divergences.
 *
 * Every concurrency step is held by a gate: a work that signals "started"
 * and then blocks on a completion the test releases. States are observed
 * under worker->lock or with atomic loads; nothing sleeps and hopes.
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>

/* ---- helpers ------------------------------------------------------------ */

#define MAX_RUNS 256

/* A work that records its runs; with gated set it blocks until released. */
struct twork {
	struct kw_kthread_work work;
	int id;
	bool gated;
	struct kw_completion started;
	struct kw_completion release;
	int runs;				/* atomic */
	struct kw_task *ran_on;
	struct kw_kthread_work *current_seen;
	bool requeue;				/* queue itself again at the end */
	bool requeue_result;
};

static int order[MAX_RUNS];
static int nr_order;				/* atomic */
static int running_now, max_running;		/* atomic */

static void twork_fn(struct kw_kthread_work *work)
{
	struct twork *t = kw_container_of(work, struct twork, work);
	int now = __atomic_add_fetch(&running_now, 1, __ATOMIC_SEQ_CST);
	if (now > __atomic_load_n(&max_running, __ATOMIC_RELAXED))
		__atomic_store_n(&max_running, now, __ATOMIC_RELAXED);
	t->ran_on = kw_current();
	t->current_seen = work->worker->current_work;
	int slot = __atomic_fetch_add(&nr_order, 1, __ATOMIC_SEQ_CST);
	if (slot < MAX_RUNS)
		order[slot] = t->id;
	if (t->gated) {
		kw_complete(&t->started);
		kw_wait_for_completion(&t->release);
	}
	__atomic_sub_fetch(&running_now, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&t->runs, 1, __ATOMIC_SEQ_CST);
	if (t->requeue)
		t->requeue_result = kw_kthread_queue_work(work->worker, work);
}

static void twork_init(struct twork *t, int id, bool gated)
{
	memset(t, 0, sizeof(*t));
	kw_kthread_init_work(&t->work, twork_fn);
	t->id = id;
	t->gated = gated;
	kw_init_completion(&t->started);
	kw_init_completion(&t->release);
}

static int runs(struct twork *t)
{
	return __atomic_load_n(&t->runs, __ATOMIC_SEQ_CST);
}

struct tdwork {
	struct kw_kthread_delayed_work dwork;
	int runs;				/* atomic */
	unsigned long ran_at;			/* jiffies */
	struct kw_completion done;
};

static void tdwork_fn(struct kw_kthread_work *work)
{
	struct tdwork *t = kw_container_of(work, struct tdwork, dwork.work);
	t->ran_at = kw_jiffies();
	__atomic_add_fetch(&t->runs, 1, __ATOMIC_SEQ_CST);
	kw_complete(&t->done);
}

static void tdwork_init(struct tdwork *t)
{
	memset(t, 0, sizeof(*t));
	kw_kthread_init_delayed_work(&t->dwork, tdwork_fn);
	kw_init_completion(&t->done);
}

/* Queued (in the inbox or on a list) or armed: work->state's PENDING bit. */
static bool work_is_pending(struct kw_kthread_work *work)
{
	return __atomic_load_n(&work->state, __ATOMIC_SEQ_CST) & KW__KTW_PENDING;
}

/*
 * Number of queued works (flush items included). The stats read moves the
 * lock-free inbox onto work_list, as every reader of the lists does.
 */
static int queued_count(struct kw_kthread_worker *w)
{
	struct kw_kthread_worker_stats s;
	kw_kthread_worker_stats_get(w, &s);
	return (int)s.pending;
}

/* The node at position i (0 = head) of work_list, or NULL. */
static struct kw_list_head *queued_at(struct kw_kthread_worker *w, int i)
{
	struct kw_list_head *found = NULL;
	(void)queued_count(w);	/* the inbox onto work_list */
	kw_spin_lock(&w->lock);
	struct kw_list_head *p = w->work_list.next;
	for (; p != &w->work_list && i > 0; p = p->next)
		i--;
	if (p != &w->work_list)
		found = p;
	kw_spin_unlock(&w->lock);
	return found;
}

static void wait_queued_count(struct kw_kthread_worker *w, int n)
{
	while (queued_count(w) != n)
		sched_yield();
}

static int canceling(struct kw_kthread_work *work)
{
	return (int)(__atomic_load_n(&work->state, __ATOMIC_SEQ_CST) /
		     KW__KTW_CANCEL_ONE);
}

static void wait_canceling(struct kw_kthread_work *work, int n)
{
	while (canceling(work) != n)
		sched_yield();
}

/* Run fn(arg) on a helper pthread. */
struct helper {
	pthread_t th;
	void (*fn)(struct helper *h);
	void *arg;
	long result;
	int done;				/* atomic */
};

static void *helper_main(void *p)
{
	struct helper *h = p;
	h->fn(h);
	__atomic_store_n(&h->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void helper_start(struct helper *h, void (*fn)(struct helper *),
			 void *arg)
{
	memset(h, 0, sizeof(*h));
	h->fn = fn;
	h->arg = arg;
	KWT_ASSERT_EQ(pthread_create(&h->th, NULL, helper_main, h), 0);
}

static void helper_join(struct helper *h)
{
	pthread_join(h->th, NULL);
}

static void do_cancel_sync(struct helper *h)
{
	h->result = kw_kthread_cancel_work_sync(h->arg);
}

static void do_cancel_delayed_sync(struct helper *h)
{
	h->result = kw_kthread_cancel_delayed_work_sync(h->arg);
}

static void do_flush_work(struct helper *h)
{
	kw_kthread_flush_work(h->arg);
}

static void do_flush_worker(struct helper *h)
{
	kw_kthread_flush_worker(h->arg);
}

static void do_destroy(struct helper *h)
{
	kw_kthread_destroy_worker(h->arg);
}

static struct kw_kthread_worker *new_worker(const char *name)
{
	struct kw_kthread_worker *w = kw_kthread_create_worker(0, "%s", name);
	KWT_ASSERT(!kw_is_err(w));
	return w;
}

/* ---- K12 ------------------------------------------------------------------- */

KWT_TEST("K12", works_run_fifo_one_at_a_time_on_the_worker_thread)
{
	struct kw_kthread_worker *w = new_worker("k12");
	static struct twork gate, t[100];

	twork_init(&gate, -1, true);
	KWT_ASSERT(kw_kthread_queue_work(w, &gate.work));
	kw_wait_for_completion(&gate.started);
	for (int i = 0; i < 100; i++) {
		twork_init(&t[i], i, false);
		KWT_ASSERT(kw_kthread_queue_work(w, &t[i].work));
	}
	kw_complete(&gate.release);
	kw_kthread_flush_worker(w);

	KWT_ASSERT_EQ(nr_order, 101);
	KWT_ASSERT_EQ(order[0], -1);
	for (int i = 0; i < 100; i++) {
		KWT_ASSERT_EQ(order[i + 1], i);
		KWT_ASSERT(t[i].ran_on == w->task);
	}
	KWT_ASSERT_EQ(max_running, 1);
	KWT_ASSERT(gate.ran_on == w->task);
	KWT_ASSERT(!strcmp(w->task->comm, "k12"));
	kw_kthread_destroy_worker(w);
}

/*
 * FIFO holds across the two ways in: kthread_queue_work appends to the
 * lock-free inbox, but with timing stats on it queues under the lock
 * (the queue-time stamps live there).
 */
KWT_TEST("K12", fifo_across_the_lock_free_and_the_locked_paths)
{
	struct kw_kthread_worker *w = new_worker("k12mix");
	static struct twork gate, t[6];

	twork_init(&gate, -1, true);
	KWT_ASSERT(kw_kthread_queue_work(w, &gate.work));
	kw_wait_for_completion(&gate.started);
	for (int i = 0; i < 6; i++)
		twork_init(&t[i], i, false);

	KWT_ASSERT(kw_kthread_queue_work(w, &t[0].work));	/* inbox */
	KWT_ASSERT(kw_kthread_queue_work(w, &t[1].work));	/* inbox */
	kw_stats_set_timing(true);
	KWT_ASSERT(kw_kthread_queue_work(w, &t[2].work));	/* locked */
	kw_stats_set_timing(false);
	KWT_ASSERT(kw_kthread_queue_work(w, &t[3].work));	/* inbox */
	kw_stats_set_timing(true);
	KWT_ASSERT(kw_kthread_queue_work(w, &t[4].work));	/* locked */
	kw_stats_set_timing(false);
	KWT_ASSERT(kw_kthread_queue_work(w, &t[5].work));	/* inbox */
	kw_complete(&gate.release);
	kw_kthread_flush_worker(w);

	KWT_ASSERT_EQ(nr_order, 7);
	for (int i = 0; i < 6; i++)
		KWT_ASSERT_EQ(order[i + 1], i);
	kw_kthread_destroy_worker(w);
}

/* A zero-delay delayed work queued between two plain ones keeps its place. */
struct order_dwork {
	struct kw_kthread_delayed_work dwork;
	int id;
};

static void order_dwork_fn(struct kw_kthread_work *work)
{
	struct order_dwork *o = kw_container_of(work, struct order_dwork,
						 dwork.work);
	int slot = __atomic_fetch_add(&nr_order, 1, __ATOMIC_SEQ_CST);
	if (slot < MAX_RUNS)
		order[slot] = o->id;
}

KWT_TEST("K12,K21", zero_delay_delayed_work_keeps_its_place_behind_inbox_works)
{
	struct kw_kthread_worker *w = new_worker("k12dz");
	static struct twork gate, a, b;
	static struct order_dwork d;

	twork_init(&gate, -1, true);
	twork_init(&a, 1, false);
	twork_init(&b, 3, false);
	kw_kthread_init_delayed_work(&d.dwork, order_dwork_fn);
	d.id = 2;
	KWT_ASSERT(kw_kthread_queue_work(w, &gate.work));
	kw_wait_for_completion(&gate.started);
	KWT_ASSERT(kw_kthread_queue_work(w, &a.work));
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &d.dwork, 0));
	KWT_ASSERT(kw_kthread_queue_work(w, &b.work));
	kw_complete(&gate.release);
	kw_kthread_flush_worker(w);
	KWT_ASSERT_EQ(nr_order, 4);
	KWT_ASSERT_EQ(order[1], 1);
	KWT_ASSERT_EQ(order[2], 2);
	KWT_ASSERT_EQ(order[3], 3);
	kw_kthread_destroy_worker(w);
}

/*
 * Several queuers at once on the lock-free inbox: every work runs exactly
 * once, one at a time, and each queuer's works run in its order.
 */
#define MQ_THREADS 4
#define MQ_PER_THREAD 2000

struct mq_item {
	struct kw_kthread_work work;
	int producer, seq;
};

static struct mq_item mq_items[MQ_THREADS][MQ_PER_THREAD];
static int mq_last_seq[MQ_THREADS];	/* worker only */
static int mq_bad_order, mq_runs;	/* atomic */
static struct kw_kthread_worker *mq_worker;
static unsigned long mq_n;

static void mq_fn(struct kw_kthread_work *work)
{
	struct mq_item *it = kw_container_of(work, struct mq_item, work);
	int now = __atomic_add_fetch(&running_now, 1, __ATOMIC_SEQ_CST);
	if (now > __atomic_load_n(&max_running, __ATOMIC_RELAXED))
		__atomic_store_n(&max_running, now, __ATOMIC_RELAXED);
	if (it->seq != mq_last_seq[it->producer] + 1)
		__atomic_add_fetch(&mq_bad_order, 1, __ATOMIC_SEQ_CST);
	mq_last_seq[it->producer] = it->seq;
	__atomic_sub_fetch(&running_now, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&mq_runs, 1, __ATOMIC_SEQ_CST);
}

static void *mq_producer(void *arg)
{
	int p = (int)(long)arg;
	for (unsigned long i = 0; i < mq_n; i++)
		if (!kw_kthread_queue_work(mq_worker, &mq_items[p][i].work))
			__atomic_add_fetch(&mq_bad_order, 1000, __ATOMIC_SEQ_CST);
	return NULL;
}

KWT_TEST("K12,K13", concurrent_queuers_each_work_once_in_each_queuers_order)
{
	pthread_t th[MQ_THREADS];
	mq_n = kwt_loops(MQ_PER_THREAD);
	mq_worker = new_worker("k12mq");
	for (int p = 0; p < MQ_THREADS; p++) {
		mq_last_seq[p] = -1;
		for (unsigned long i = 0; i < mq_n; i++) {
			kw_kthread_init_work(&mq_items[p][i].work, mq_fn);
			mq_items[p][i].producer = p;
			mq_items[p][i].seq = (int)i;
		}
	}
	for (int p = 0; p < MQ_THREADS; p++)
		KWT_ASSERT_EQ(pthread_create(&th[p], NULL, mq_producer,
					     (void *)(long)p), 0);
	for (int p = 0; p < MQ_THREADS; p++)
		pthread_join(th[p], NULL);
	kw_kthread_flush_worker(mq_worker);
	KWT_ASSERT_EQ(__atomic_load_n(&mq_runs, __ATOMIC_SEQ_CST),
		      (int)(MQ_THREADS * mq_n));
	KWT_ASSERT_EQ(__atomic_load_n(&mq_bad_order, __ATOMIC_SEQ_CST), 0);
	KWT_ASSERT_EQ(max_running, 1);
	kw_kthread_destroy_worker(mq_worker);
}

/*
 * The idle hand-off: queue one work to a worker that has (or is about to)
 * gone to sleep, wait for it, repeat. A lost wake-up hangs the case (its
 * timeout fails it).
 */
struct pingpong {
	struct kw_kthread_work work;
	struct kw_completion done;
};

static void pingpong_fn(struct kw_kthread_work *work)
{
	kw_complete(&kw_container_of(work, struct pingpong, work)->done);
}

KWT_TEST("K12", queue_to_a_sleeping_worker_always_wakes_it)
{
	struct kw_kthread_worker *w = new_worker("k12pp");
	struct pingpong pp;
	kw_kthread_init_work(&pp.work, pingpong_fn);
	kw_init_completion(&pp.done);
	unsigned long n = kwt_loops(20000);
	for (unsigned long i = 0; i < n; i++) {
		KWT_ASSERT(kw_kthread_queue_work(w, &pp.work));
		kw_wait_for_completion(&pp.done);
		kw_reinit_completion(&pp.done);
	}
	kw_kthread_destroy_worker(w);
}

/* A cancel or flush racing with queuers that have not appended yet. */
static struct kw_kthread_work race_work;
static int race_runs, race_booked, race_stop;	/* atomic */

static void race_fn(struct kw_kthread_work *work)
{
	(void)work;
	__atomic_add_fetch(&race_runs, 1, __ATOMIC_SEQ_CST);
}

static void *race_queuer(void *arg)
{
	struct kw_kthread_worker *w = arg;
	while (!__atomic_load_n(&race_stop, __ATOMIC_SEQ_CST))
		if (kw_kthread_queue_work(w, &race_work))
			__atomic_add_fetch(&race_booked, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

KWT_TEST("K13,K17,K19", cancel_and_flush_racing_lock_free_queuers_book_exactly)
{
	struct kw_kthread_worker *w = new_worker("k19race");
	pthread_t th[2];
	kw_kthread_init_work(&race_work, race_fn);
	for (int i = 0; i < 2; i++)
		KWT_ASSERT_EQ(pthread_create(&th[i], NULL, race_queuer, w), 0);
	unsigned long n = kwt_loops(4000);
	for (unsigned long i = 0; i < n; i++) {
		if (i & 1) {
			kw_kthread_flush_work(&race_work);
		} else if (kw_kthread_cancel_work_sync(&race_work)) {
			__atomic_sub_fetch(&race_booked, 1, __ATOMIC_SEQ_CST);
		}
	}
	__atomic_store_n(&race_stop, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	kw_kthread_flush_worker(w);
	KWT_ASSERT(!work_is_pending(&race_work));
	KWT_ASSERT_EQ(__atomic_load_n(&race_runs, __ATOMIC_SEQ_CST),
		      __atomic_load_n(&race_booked, __ATOMIC_SEQ_CST));
	kw_kthread_destroy_worker(w);
}

/*
 * The work's waiter destroys the worker the moment the work has run, while
 * its queuer may still be inside kthread_queue_work (ASan catches a touch
 * of the freed worker; this is legal kernel usage: there the queuer holds
 * the worker's lock until it is done with it).
 */
struct uaf_round {
	struct kw_kthread_worker *worker;
	struct kw_kthread_work work;
	struct kw_completion ran;
};

static void uaf_fn(struct kw_kthread_work *work)
{
	kw_complete(&kw_container_of(work, struct uaf_round, work)->ran);
}

static void *uaf_queuer(void *arg)
{
	struct uaf_round *r = arg;
	kw_kthread_queue_work(r->worker, &r->work);
	return NULL;
}

KWT_TEST("K18,K22", destroy_by_the_waiter_while_the_queuer_returns)
{
	unsigned long n = kwt_loops(400);
	for (unsigned long i = 0; i < n; i++) {
		struct uaf_round r;
		pthread_t th;
		r.worker = new_worker("k22uaf");
		kw_kthread_init_work(&r.work, uaf_fn);
		kw_init_completion(&r.ran);
		KWT_ASSERT_EQ(pthread_create(&th, NULL, uaf_queuer, &r), 0);
		kw_wait_for_completion(&r.ran);
		kw_kthread_destroy_worker(r.worker);
		pthread_join(th, NULL);
	}
}

/* ---- K13 ------------------------------------------------------------------- */

KWT_TEST("K13", queue_fails_while_pending_on_either_list)
{
	struct kw_kthread_worker *w = new_worker("k13");
	struct twork gate, a;
	struct tdwork d;

	twork_init(&gate, 0, true);
	twork_init(&a, 1, false);
	tdwork_init(&d);
	kw_kthread_queue_work(w, &gate.work);
	kw_wait_for_completion(&gate.started);

	KWT_ASSERT(kw_kthread_queue_work(w, &a.work));
	KWT_ASSERT(!kw_kthread_queue_work(w, &a.work));
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &d.dwork, 100 * KW_HZ));
	KWT_ASSERT(!kw_kthread_queue_work(w, &d.dwork.work));
	KWT_ASSERT(!kw_kthread_queue_delayed_work(w, &d.dwork, 1));

	kw_complete(&gate.release);
	kw_kthread_flush_worker(w);
	KWT_ASSERT_EQ(runs(&a), 1);
	KWT_ASSERT(kw_kthread_queue_work(w, &a.work));	/* idle again */
	kw_kthread_flush_work(&a.work);
	KWT_ASSERT_EQ(runs(&a), 2);
	KWT_ASSERT(kw_kthread_cancel_delayed_work_sync(&d.dwork));
	KWT_ASSERT_EQ(d.runs, 0);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K13,K19", queue_fails_while_a_cancel_is_in_progress)
{
	struct kw_kthread_worker *w = new_worker("k13c");
	struct twork a;
	struct helper h;

	twork_init(&a, 0, true);
	a.requeue = true;
	kw_kthread_queue_work(w, &a.work);
	kw_wait_for_completion(&a.started);

	helper_start(&h, do_cancel_sync, &a.work);
	wait_canceling(&a.work, 1);		/* the cancel waits for a */
	KWT_ASSERT(!kw_kthread_queue_work(w, &a.work));
	kw_complete(&a.release);
	helper_join(&h);

	KWT_ASSERT_EQ(h.result, false);		/* it was running, not pending */
	KWT_ASSERT(!a.requeue_result);		/* self-requeue failed */
	KWT_ASSERT_EQ(runs(&a), 1);
	KWT_ASSERT(!work_is_pending(&a.work));
	KWT_ASSERT_EQ(canceling(&a.work), 0);
	kw_kthread_destroy_worker(w);
}

/* ---- K14 ------------------------------------------------------------------- */

KWT_TEST("K14", create_worker_on_node_does_not_start_the_thread)
{
	struct kw_kthread_worker *w =
		kw_kthread_create_worker_on_node(0, KW_NUMA_NO_NODE, "k14/%d", 7);
	KWT_ASSERT(!kw_is_err(w));
	KWT_ASSERT(!strcmp(w->task->comm, "k14/7"));
	/* Never woken: kthread_stop() reports that threadfn never ran. */
	KWT_ASSERT_EQ(kw_kthread_stop(w->task), -EINTR);
	free(w);
}

KWT_TEST("K14", queueing_starts_an_unstarted_worker)
{
	struct kw_kthread_worker *w =
		kw_kthread_create_worker_on_node(0, KW_NUMA_NO_NODE, "k14q");
	struct twork a;

	KWT_ASSERT(!kw_is_err(w));
	twork_init(&a, 0, false);
	KWT_ASSERT(kw_kthread_queue_work(w, &a.work));
	kw_kthread_flush_work(&a.work);
	KWT_ASSERT_EQ(runs(&a), 1);
	KWT_ASSERT(a.ran_on == w->task);
	kw_kthread_destroy_worker(w);
}

static bool sleeps_interruptibly(struct kw_task *t)
{
	return __atomic_load_n(&t->__state, __ATOMIC_ACQUIRE) &
	       KW_TASK_INTERRUPTIBLE;
}

KWT_TEST("K14", create_worker_and_run_worker_start_the_thread)
{
	struct kw_kthread_worker *w[3] = {
		kw_kthread_create_worker(0, "k14c"),
		kw_kthread_run_worker(0, "k14r"),
		kw_kthread_run_worker_on_cpu(0, 0, "k14/%u"),
	};
	for (int i = 0; i < 3; i++) {
		KWT_ASSERT(!kw_is_err(w[i]));
		/* Started: it is in kthread_worker_fn's idle sleep. */
		while (!sleeps_interruptibly(w[i]->task))
			sched_yield();
	}
	KWT_ASSERT(!strcmp(w[2]->task->comm, "k14/0"));
	for (int i = 0; i < 3; i++)
		kw_kthread_destroy_worker(w[i]);
}

KWT_TEST("K14", create_worker_on_cpu_binds_and_accepts_both_spellings)
{
	unsigned int cpu = kw_nr_cpu_ids() - 1;
	struct kw_kthread_worker *a =
		kw_kthread_create_worker_on_cpu(cpu, 0, "k14a/%u");
	struct kw_kthread_worker *b =
		kw_kthread_create_worker_on_cpu(cpu, 0, "k14b/%d-%s", cpu, "x");
	struct twork ta, tb;
	char name[32];

	KWT_ASSERT(!kw_is_err(a) && !kw_is_err(b));
	snprintf(name, sizeof(name), "k14a/%u", cpu);
	KWT_ASSERT_STREQ(a->task->comm, name);
	snprintf(name, sizeof(name), "k14b/%u-x", cpu);
	KWT_ASSERT_STREQ(b->task->comm, name);
	twork_init(&ta, 0, false);
	twork_init(&tb, 1, false);
	kw_kthread_queue_work(a, &ta.work);
	kw_kthread_queue_work(b, &tb.work);
	kw_kthread_flush_worker(a);
	kw_kthread_flush_worker(b);
	KWT_ASSERT_EQ(runs(&ta) + runs(&tb), 2);
	KWT_ASSERT(kw_is_err(kw_kthread_create_worker_on_cpu(-1, 0, "bad")));
	kw_kthread_destroy_worker(a);
	kw_kthread_destroy_worker(b);
}

/* ---- K15 ------------------------------------------------------------------- */

KWT_TEST("K15", work_moved_to_another_worker_warns_but_is_queued)
{
	struct kw_kthread_worker *a = new_worker("k15a");
	struct kw_kthread_worker *b = new_worker("k15b");
	struct twork t;

	twork_init(&t, 0, false);
	kw_kthread_queue_work(a, &t.work);
	kw_kthread_flush_work(&t.work);
	KWT_ASSERT(t.ran_on == a->task);

	bool queued;
	KWT_EXPECT_WARN(queued = kw_kthread_queue_work(b, &t.work),
			"last used on worker");
	KWT_ASSERT(queued);
	kw_kthread_flush_worker(b);
	KWT_ASSERT_EQ(runs(&t), 2);
	KWT_ASSERT(t.ran_on == b->task);

	/* Re-init is the legitimate way to move it: no WARN. */
	kw_kthread_init_work(&t.work, twork_fn);
	KWT_ASSERT(kw_kthread_queue_work(a, &t.work));
	kw_kthread_flush_worker(a);
	KWT_ASSERT(t.ran_on == a->task);
	kw_kthread_destroy_worker(a);
	kw_kthread_destroy_worker(b);
}

/* ---- K16, K22: manual mode ----------------------------------------------------- */

static struct kw_kthread_worker manual;

static int manual_threadfn(void *data)
{
	return kw_kthread_worker_fn(data);
}

KWT_TEST("K16,K22", manual_worker_seed_style_run_flush_stop)
{
	struct kw_task *task;
	struct twork a, b;

	kw_kthread_init_worker(&manual);
	twork_init(&a, 0, false);
	twork_init(&b, 1, false);
	/* Queued before the thread exists: it runs once the thread starts. */
	KWT_ASSERT(kw_kthread_queue_work(&manual, &a.work));
	task = kw_kthread_run(kw_kthread_worker_fn, &manual, "nvme%d", 1);
	KWT_ASSERT(!kw_is_err(task));
	KWT_ASSERT(kw_kthread_queue_work(&manual, &b.work));
	kw_kthread_flush_worker(&manual);
	KWT_ASSERT_EQ(runs(&a) + runs(&b), 2);
	KWT_ASSERT(a.ran_on == task && b.ran_on == task);
	KWT_ASSERT(manual.task == task);
	KWT_ASSERT_STREQ(task->comm, "nvme1");
	KWT_ASSERT_EQ(kw_kthread_stop(task), 0);
	KWT_ASSERT(manual.task == NULL);

	/* A thread function returning kthread_worker_fn() works the same. */
	task = kw_kthread_run(manual_threadfn, &manual, "manual");
	KWT_ASSERT(kw_kthread_queue_work(&manual, &a.work));
	kw_kthread_flush_work(&a.work);
	KWT_ASSERT_EQ(runs(&a), 2);
	KWT_ASSERT_EQ(kw_kthread_stop(task), 0);
}

KWT_TEST("K16", worker_fn_in_another_thread_warns_and_takes_over)
{
	struct kw_task *task;
	struct twork a;

	kw_kthread_init_worker(&manual);
	manual.task = kw_current();	/* as if another thread ran it */
	KWT_EXPECT_WARN({
		task = kw_kthread_run(kw_kthread_worker_fn, &manual, "k16");
		while (__atomic_load_n(&manual.task, __ATOMIC_ACQUIRE) != task)
			sched_yield();
	}, "taken over");
	twork_init(&a, 0, false);
	kw_kthread_queue_work(&manual, &a.work);
	kw_kthread_flush_work(&a.work);
	KWT_ASSERT(a.ran_on == task);
	kw_kthread_stop(task);
}

static int stops_seen;
static struct kw_completion waiter_started;

static void wait_for_stop_fn(struct kw_kthread_work *work)
{
	kw_complete(&waiter_started);
	sync_wait_for_stop(0);
	__atomic_add_fetch(&stops_seen, 1, __ATOMIC_SEQ_CST);
}

KWT_TEST("K22", kthread_stop_discards_still_queued_works)
{
	struct kw_kthread_work waiter;
	struct twork b, c;
	struct kw_task *task;

	kw_kthread_init_worker(&manual);
	kw_kthread_init_work(&waiter, wait_for_stop_fn);
	twork_init(&b, 1, false);
	twork_init(&c, 2, false);
	kw_kthread_queue_work(&manual, &waiter);
	kw_kthread_queue_work(&manual, &b.work);
	kw_kthread_queue_work(&manual, &c.work);
	kw_init_completion(&waiter_started);
	task = kw_kthread_run(kw_kthread_worker_fn, &manual, "k22");
	/* Stop only once threadfn runs (before, stop would return -EINTR). */
	kw_wait_for_completion(&waiter_started);
	KWT_ASSERT_EQ(kw_kthread_stop(task), 0);

	KWT_ASSERT_EQ(stops_seen, 1);
	KWT_ASSERT_EQ(runs(&b) + runs(&c), 0);
	KWT_ASSERT(work_is_pending(&b.work));	/* still queued */
	KWT_ASSERT(work_is_pending(&c.work));
}

KWT_TEST("K22", destroy_runs_every_queued_work_first)
{
	struct kw_kthread_worker *w = new_worker("k22d");
	struct twork gate, t[10];
	struct helper h;

	twork_init(&gate, -1, true);
	kw_kthread_queue_work(w, &gate.work);
	kw_wait_for_completion(&gate.started);
	for (int i = 0; i < 10; i++) {
		twork_init(&t[i], i, false);
		kw_kthread_queue_work(w, &t[i].work);
	}
	unsigned int alive = kw_kthread_workers_alive();
	helper_start(&h, do_destroy, w);
	wait_queued_count(w, 11);		/* destroy's flush is queued */
	kw_complete(&gate.release);
	helper_join(&h);
	for (int i = 0; i < 10; i++)
		KWT_ASSERT_EQ(runs(&t[i]), 1);
	KWT_ASSERT_EQ(kw_kthread_workers_alive(), alive - 1);
}

KWT_TEST("K22", destroy_with_an_armed_delayed_work_warns_and_disarms)
{
	struct kw_kthread_worker *w = new_worker("k22t");
	struct tdwork d;

	tdwork_init(&d);
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &d.dwork, 100 * KW_HZ));
	KWT_ASSERT(kw_timer_pending(&d.dwork.timer));
	KWT_EXPECT_WARN(kw_kthread_destroy_worker(w), "delayed works still pending");
	KWT_ASSERT(!kw_timer_pending(&d.dwork.timer));
	KWT_ASSERT(!work_is_pending(&d.dwork.work));
	KWT_ASSERT(kw_list_empty(&d.dwork.work.node));
	KWT_ASSERT(d.dwork.work.worker == NULL);
	KWT_ASSERT_EQ(d.runs, 0);
}

KWT_TEST("K22", destroy_of_a_worker_without_thread_warns)
{
	static struct kw_kthread_worker w;
	kw_kthread_init_worker(&w);
	KWT_EXPECT_WARN(kw_kthread_destroy_worker(&w), "has no thread");
}

/* ---- K17, K23: flush_work ---------------------------------------------------------- */

KWT_TEST("K17", flush_work_returns_at_once_when_never_queued_or_idle)
{
	struct kw_kthread_worker *w = new_worker("k17i");
	struct twork gate, a;

	twork_init(&gate, 0, true);
	twork_init(&a, 1, false);
	kw_kthread_flush_work(&a.work);		/* never queued */
	kw_kthread_queue_work(w, &a.work);
	kw_kthread_flush_work(&a.work);
	KWT_ASSERT_EQ(runs(&a), 1);
	/* The worker is now held by gate: waiting on it would hang. */
	kw_kthread_queue_work(w, &gate.work);
	kw_wait_for_completion(&gate.started);
	kw_kthread_flush_work(&a.work);		/* idle */
	KWT_ASSERT_EQ(queued_count(w), 0);
	kw_complete(&gate.release);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K17", flush_work_of_a_pending_work_waits_for_its_run)
{
	struct kw_kthread_worker *w = new_worker("k17p");
	struct twork gate, x, z;
	struct helper h;

	twork_init(&gate, 0, true);
	twork_init(&x, 1, false);
	twork_init(&z, 2, false);
	kw_kthread_queue_work(w, &gate.work);
	kw_wait_for_completion(&gate.started);
	kw_kthread_queue_work(w, &x.work);
	kw_kthread_queue_work(w, &z.work);

	helper_start(&h, do_flush_work, &x.work);
	wait_queued_count(w, 3);
	/* The flush item sits right behind x: x, flush, z. */
	KWT_ASSERT(queued_at(w, 0) == &x.work.node);
	KWT_ASSERT(queued_at(w, 1) != &z.work.node);
	KWT_ASSERT(queued_at(w, 2) == &z.work.node);
	KWT_ASSERT(!__atomic_load_n(&h.done, __ATOMIC_SEQ_CST));
	kw_complete(&gate.release);
	helper_join(&h);
	KWT_ASSERT_EQ(runs(&x), 1);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K17,K23", flush_work_of_a_running_work_goes_to_the_head)
{
	struct kw_kthread_worker *w = new_worker("k17r");
	struct twork x, y;
	struct helper h;

	twork_init(&x, 1, true);
	twork_init(&y, 2, false);
	kw_kthread_queue_work(w, &x.work);
	kw_wait_for_completion(&x.started);
	kw_kthread_queue_work(w, &y.work);

	helper_start(&h, do_flush_work, &x.work);
	wait_queued_count(w, 2);
	KWT_ASSERT(queued_at(w, 0) != &y.work.node);	/* flush item first */
	KWT_ASSERT(queued_at(w, 1) == &y.work.node);
	kw_complete(&x.release);
	helper_join(&h);
	KWT_ASSERT_EQ(runs(&x), 1);
	kw_kthread_flush_worker(w);
	KWT_ASSERT_EQ(order[0], 1);
	KWT_ASSERT_EQ(order[1], 2);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K23", current_work_is_the_running_work)
{
	struct kw_kthread_worker *w = new_worker("k23");
	struct twork a, b;

	twork_init(&a, 0, false);
	twork_init(&b, 1, true);
	kw_kthread_queue_work(w, &a.work);
	kw_kthread_queue_work(w, &b.work);
	kw_wait_for_completion(&b.started);
	KWT_ASSERT(a.current_seen == &a.work);
	KWT_ASSERT(b.current_seen == &b.work);
	kw_spin_lock(&w->lock);
	KWT_ASSERT(w->current_work == &b.work);
	kw_spin_unlock(&w->lock);
	kw_complete(&b.release);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K17,K21", flush_work_of_an_armed_delayed_work_waits_for_timer_and_run)
{
	struct kw_kthread_worker *w = new_worker("k17d");
	struct tdwork d;

	tdwork_init(&d);
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &d.dwork, 2));
	kw_kthread_flush_work(&d.dwork.work);
	KWT_ASSERT_EQ(d.runs, 1);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K17,K19", cancel_releases_a_flusher_of_an_armed_delayed_work)
{
	struct kw_kthread_worker *w = new_worker("k17c");
	struct tdwork d;
	struct helper h;

	tdwork_init(&d);
	kw_kthread_queue_delayed_work(w, &d.dwork, 100 * KW_HZ);
	helper_start(&h, do_flush_work, &d.dwork.work);
	/* Wait until the flush item is linked behind d on the delayed list. */
	for (;;) {
		kw_spin_lock(&w->lock);
		bool linked = d.dwork.work.node.next != &w->delayed_work_list;
		kw_spin_unlock(&w->lock);
		if (linked)
			break;
		sched_yield();
	}
	KWT_ASSERT(kw_kthread_cancel_delayed_work_sync(&d.dwork));
	helper_join(&h);
	KWT_ASSERT_EQ(d.runs, 0);
	kw_kthread_destroy_worker(w);
}

/* ---- K18: flush_worker --------------------------------------------------------------- */

KWT_TEST("K18", flush_worker_waits_for_queued_works_not_for_timers)
{
	struct kw_kthread_worker *w = new_worker("k18");
	struct twork gate, t[5];
	struct tdwork d;
	struct helper h;

	tdwork_init(&d);
	kw_kthread_queue_delayed_work(w, &d.dwork, 100 * KW_HZ);
	twork_init(&gate, -1, true);
	kw_kthread_queue_work(w, &gate.work);
	kw_wait_for_completion(&gate.started);
	for (int i = 0; i < 5; i++) {
		twork_init(&t[i], i, false);
		kw_kthread_queue_work(w, &t[i].work);
	}
	helper_start(&h, do_flush_worker, w);
	wait_queued_count(w, 6);
	KWT_ASSERT(queued_at(w, 4) == &t[4].work.node);	/* flush at the tail */
	kw_complete(&gate.release);
	helper_join(&h);
	for (int i = 0; i < 5; i++)
		KWT_ASSERT_EQ(runs(&t[i]), 1);
	KWT_ASSERT(kw_timer_pending(&d.dwork.timer));
	KWT_ASSERT_EQ(d.runs, 0);
	KWT_ASSERT(kw_kthread_cancel_delayed_work_sync(&d.dwork));
	kw_kthread_destroy_worker(w);
}

/* ---- K19: cancel ------------------------------------------------------------------------ */

KWT_TEST("K19", cancel_work_sync_removes_a_pending_work)
{
	struct kw_kthread_worker *w = new_worker("k19p");
	struct twork gate, a;

	twork_init(&gate, 0, true);
	twork_init(&a, 1, false);
	KWT_ASSERT(!kw_kthread_cancel_work_sync(&a.work));	/* never queued */
	kw_kthread_queue_work(w, &gate.work);
	kw_wait_for_completion(&gate.started);
	kw_kthread_queue_work(w, &a.work);
	KWT_ASSERT(kw_kthread_cancel_work_sync(&a.work));
	KWT_ASSERT(!work_is_pending(&a.work));
	KWT_ASSERT(!kw_kthread_cancel_work_sync(&a.work));	/* idle now */
	kw_complete(&gate.release);
	kw_kthread_flush_worker(w);
	KWT_ASSERT_EQ(runs(&a), 0);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K19", cancel_work_sync_waits_for_the_running_instance)
{
	struct kw_kthread_worker *w = new_worker("k19r");
	struct twork a;
	struct helper h;

	twork_init(&a, 0, true);
	kw_kthread_queue_work(w, &a.work);
	kw_wait_for_completion(&a.started);
	helper_start(&h, do_cancel_sync, &a.work);
	wait_canceling(&a.work, 1);
	KWT_ASSERT(!__atomic_load_n(&h.done, __ATOMIC_SEQ_CST));
	KWT_ASSERT_EQ(runs(&a), 0);
	kw_complete(&a.release);
	helper_join(&h);
	KWT_ASSERT_EQ(runs(&a), 1);	/* the run finished before the return */
	KWT_ASSERT_EQ(h.result, false);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K19", cancel_delayed_work_sync_disarms_the_timer)
{
	struct kw_kthread_worker *w = new_worker("k19d");
	struct tdwork d;

	tdwork_init(&d);
	KWT_ASSERT(!kw_kthread_cancel_delayed_work_sync(&d.dwork));
	kw_kthread_queue_delayed_work(w, &d.dwork, 100 * KW_HZ);
	KWT_ASSERT(kw_kthread_cancel_delayed_work_sync(&d.dwork));
	KWT_ASSERT(!kw_timer_pending(&d.dwork.timer));
	KWT_ASSERT(!work_is_pending(&d.dwork.work));
	KWT_ASSERT(!kw_kthread_cancel_delayed_work_sync(&d.dwork));
	/* Queued (delay 0) rather than armed: still found and removed. */
	struct twork gate;
	twork_init(&gate, 0, true);
	kw_kthread_queue_work(w, &gate.work);
	kw_wait_for_completion(&gate.started);
	kw_kthread_queue_delayed_work(w, &d.dwork, 0);
	KWT_ASSERT(kw_kthread_cancel_delayed_work_sync(&d.dwork));
	kw_complete(&gate.release);
	kw_kthread_flush_worker(w);
	KWT_ASSERT_EQ(d.runs, 0);
	kw_kthread_destroy_worker(w);
}

/* ---- K20: mod_delayed_work ------------------------------------------------------------- */

KWT_TEST("K20", mod_delayed_work_return_values)
{
	struct kw_kthread_worker *w = new_worker("k20");
	struct tdwork d;

	tdwork_init(&d);
	/* Never used: queued, false; delay 0 runs it at once. */
	KWT_ASSERT(!kw_kthread_mod_delayed_work(w, &d.dwork, 0));
	kw_wait_for_completion(&d.done);
	KWT_ASSERT_EQ(d.runs, 1);
	kw_kthread_flush_worker(w);
	/* Idle, used before: queued, false. */
	KWT_ASSERT(!kw_kthread_mod_delayed_work(w, &d.dwork, 100 * KW_HZ));
	unsigned long first = d.dwork.timer.expires;
	/* Pending: re-armed, true. */
	KWT_ASSERT(kw_kthread_mod_delayed_work(w, &d.dwork, 200 * KW_HZ));
	KWT_ASSERT(kw_timer_pending(&d.dwork.timer));
	KWT_ASSERT(kw_time_after(d.dwork.timer.expires, first));
	/* Pending, delay 0: moved to the work list and run at once. */
	KWT_ASSERT(kw_kthread_mod_delayed_work(w, &d.dwork, 0));
	KWT_ASSERT(!kw_timer_pending(&d.dwork.timer));
	kw_wait_for_completion(&d.done);
	KWT_ASSERT_EQ(d.runs, 2);
	kw_kthread_destroy_worker(w);
}

struct gated_dwork {
	struct kw_kthread_delayed_work dwork;
	struct kw_completion started, release;
};

static void gated_dwork_fn(struct kw_kthread_work *work)
{
	struct gated_dwork *g = kw_container_of(work, struct gated_dwork,
						 dwork.work);
	kw_complete(&g->started);
	kw_wait_for_completion(&g->release);
}

KWT_TEST("K20", mod_delayed_work_during_a_cancel_returns_true_and_does_nothing)
{
	struct kw_kthread_worker *w = new_worker("k20c");
	struct gated_dwork g;
	struct helper h;

	kw_kthread_init_delayed_work(&g.dwork, gated_dwork_fn);
	kw_init_completion(&g.started);
	kw_init_completion(&g.release);
	kw_kthread_queue_delayed_work(w, &g.dwork, 0);
	kw_wait_for_completion(&g.started);
	helper_start(&h, do_cancel_delayed_sync, &g.dwork);
	wait_canceling(&g.dwork.work, 1);

	KWT_ASSERT(kw_kthread_mod_delayed_work(w, &g.dwork, 1));
	KWT_ASSERT(!work_is_pending(&g.dwork.work));
	KWT_ASSERT(!kw_timer_pending(&g.dwork.timer));
	kw_complete(&g.release);
	helper_join(&h);
	KWT_ASSERT_EQ(h.result, false);
	KWT_ASSERT(!work_is_pending(&g.dwork.work));
	kw_kthread_destroy_worker(w);
}

/* ---- K21: queue_delayed_work ---------------------------------------------------------- */

KWT_TEST("K21", queue_delayed_work_zero_delay_queues_at_once)
{
	struct kw_kthread_worker *w = new_worker("k21z");
	struct twork gate;
	struct tdwork d;

	twork_init(&gate, 0, true);
	tdwork_init(&d);
	kw_kthread_queue_work(w, &gate.work);
	kw_wait_for_completion(&gate.started);
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &d.dwork, 0));
	KWT_ASSERT(!kw_timer_pending(&d.dwork.timer));
	KWT_ASSERT(queued_at(w, 0) == &d.dwork.work.node);
	kw_complete(&gate.release);
	kw_wait_for_completion(&d.done);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K21", queue_delayed_work_on_pending_keeps_the_expiry)
{
	struct kw_kthread_worker *w = new_worker("k21p");
	struct tdwork d;

	tdwork_init(&d);
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &d.dwork, 100 * KW_HZ));
	unsigned long expires = d.dwork.timer.expires;
	KWT_ASSERT(!kw_kthread_queue_delayed_work(w, &d.dwork, 1));
	KWT_ASSERT_EQ(d.dwork.timer.expires, expires);
	KWT_ASSERT(kw_kthread_cancel_delayed_work_sync(&d.dwork));
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K21", delayed_work_runs_on_the_worker_not_early)
{
	struct kw_kthread_worker *w = new_worker("k21t");
	struct tdwork d;

	tdwork_init(&d);
	unsigned long before = kw_jiffies();
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &d.dwork, 5));
	kw_wait_for_completion(&d.done);
	KWT_ASSERT(kw_time_after_eq(d.ran_at, before + 5));
	KWT_ASSERT_EQ(d.runs, 1);
	KWT_ASSERT(!work_is_pending(&d.dwork.work));
	kw_kthread_destroy_worker(w);
}

static int static_runs;

static void count_fn(struct kw_kthread_work *work)
{
	__atomic_add_fetch(&static_runs, 1, __ATOMIC_SEQ_CST);
}

KWT_TEST("K21", static_initialisers_work)
{
	static KW_DEFINE_KTHREAD_WORKER(sw);
	static KW_DEFINE_KTHREAD_WORK(swork, count_fn);
	static struct tdwork sd = {
		.dwork = KW_KTHREAD_DELAYED_WORK_INIT(sd.dwork, tdwork_fn),
		.done = KW_COMPLETION_INITIALIZER(sd.done),
	};
	struct kw_task *task = kw_kthread_run(kw_kthread_worker_fn, &sw, "k21s");

	KWT_ASSERT(kw_kthread_queue_work(&sw, &swork));
	KWT_ASSERT(kw_kthread_queue_delayed_work(&sw, &sd.dwork, 1));
	kw_wait_for_completion(&sd.done);
	kw_kthread_flush_worker(&sw);
	KWT_ASSERT_EQ(static_runs, 1);
	KWT_ASSERT_EQ(sd.runs, 1);
	KWT_ASSERT_EQ(kw_kthread_stop(task), 0);
}

KWT_TEST("K21", timer_fired_on_a_reinitialised_work_warns)
{
	struct tdwork d;
	tdwork_init(&d);
	KWT_EXPECT_WARN(kw_kthread_delayed_work_timer_fn(&d.dwork.timer),
			"re-initialised");
	KWT_ASSERT_EQ(d.runs, 0);
}

/* ---- self-deadlocks: detect, WARN, return ------------------------------------------------ */

enum self_op { SELF_FLUSH_WORK, SELF_CANCEL, SELF_FLUSH_WORKER, SELF_DESTROY };

struct self_work {
	struct kw_kthread_work work;
	enum self_op op;
	unsigned long warns;
	bool cancel_result;
	struct kw_completion done;
};

static void self_fn(struct kw_kthread_work *work)
{
	struct self_work *s = kw_container_of(work, struct self_work, work);
	unsigned long before = kw_warn_count();
	switch (s->op) {
	case SELF_FLUSH_WORK:
		kw_kthread_flush_work(work);
		break;
	case SELF_CANCEL:
		kw_kthread_queue_work(work->worker, work);	/* pending too */
		s->cancel_result = kw_kthread_cancel_work_sync(work);
		break;
	case SELF_FLUSH_WORKER:
		kw_kthread_flush_worker(work->worker);
		break;
	case SELF_DESTROY:
		kw_kthread_destroy_worker(work->worker);
		break;
	}
	s->warns = kw_warn_count() - before;
	kw_complete(&s->done);
}

static void run_self(enum self_op op, const char *expect)
{
	struct kw_kthread_worker *w = new_worker("self");
	struct self_work s;

	kw_kthread_init_work(&s.work, self_fn);
	s.op = op;
	s.warns = 0;
	kw_init_completion(&s.done);
	KWT_EXPECT_WARN({
		kw_kthread_queue_work(w, &s.work);
		kw_wait_for_completion(&s.done);
	}, expect);
	KWT_ASSERT_EQ(s.warns, 1);
	if (op == SELF_CANCEL) {
		KWT_ASSERT(s.cancel_result);	/* the requeued instance went */
		KWT_ASSERT(!work_is_pending(&s.work));
	}
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K17", flush_work_from_itself_warns_and_returns)
{
	run_self(SELF_FLUSH_WORK, "would deadlock");
}

KWT_TEST("K19", cancel_work_sync_from_itself_warns_and_returns)
{
	run_self(SELF_CANCEL, "would deadlock");
}

KWT_TEST("K18", flush_worker_from_its_own_work_warns_and_returns)
{
	run_self(SELF_FLUSH_WORKER, "would deadlock");
}

KWT_TEST("K22", destroy_worker_from_its_own_work_warns_and_returns)
{
	run_self(SELF_DESTROY, "would deadlock");
}

/* ---- flags ---------------------------------------------------------------------------- */

KWT_TEST("K12", freezable_worker_is_freezable_and_runs_works)
{
	struct kw_kthread_worker *w =
		kw_kthread_create_worker(KW_KTW_FREEZABLE, "k12f");
	struct twork a;

	KWT_ASSERT(!kw_is_err(w));
	KWT_ASSERT_EQ(w->flags, KW_KTW_FREEZABLE);
	twork_init(&a, 0, false);
	kw_kthread_queue_work(w, &a.work);
	kw_kthread_flush_work(&a.work);
	KWT_ASSERT_EQ(runs(&a), 1);
	KWT_ASSERT(!(a.ran_on->flags & KW_PF_NOFREEZE));
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K12", unknown_worker_flags_warn)
{
	struct kw_kthread_worker *w;
	KWT_EXPECT_WARN(w = kw_kthread_create_worker(0x10, "k12u"),
			"unknown flags");
	KWT_ASSERT(!kw_is_err(w));
	kw_kthread_destroy_worker(w);
}

static void noop_work(struct kw_kthread_work *w)
{
	(void)w;
}

/*
 * K12: an unchecked kthread_create_worker() result (NULL or ERR_PTR) given
 * to the worker API, which the kernel would oops on: each call WARNs with
 * its name and does nothing; the work stays unclaimed and usable.
 */
KWT_TEST("K12", null_or_err_ptr_worker_warns_and_leaves_the_work_unclaimed)
{
	struct kw_kthread_worker *bad[] = { NULL, kw_err_ptr(-ENOMEM) };
	struct kw_kthread_work w;
	struct kw_kthread_delayed_work dw;
	kw_kthread_init_work(&w, noop_work);
	kw_kthread_init_delayed_work(&dw, noop_work);
	for (unsigned int i = 0; i < 2; i++) {
		bool ret = true;
		KWT_EXPECT_WARN(ret = kw_kthread_queue_work(bad[i], &w), "kthread_queue_work: invalid");
		KWT_ASSERT(!ret);
		KWT_EXPECT_WARN(ret = kw_kthread_queue_delayed_work(bad[i], &dw, 1),
				"kthread_queue_delayed_work: invalid");
		KWT_ASSERT(!ret);
		KWT_EXPECT_WARN(ret = kw_kthread_mod_delayed_work(bad[i], &dw, 1),
				"kthread_mod_delayed_work: invalid");
		KWT_ASSERT(!ret);
		KWT_EXPECT_WARN(kw_kthread_flush_worker(bad[i]), "kthread_flush_worker: invalid");
		KWT_EXPECT_WARN(kw_kthread_destroy_worker(bad[i]), "kthread_destroy_worker: invalid");
	}
	struct kw_kthread_worker *worker = new_worker("k12-bad");
	KWT_ASSERT(kw_kthread_queue_work(worker, &w));
	kw_kthread_flush_worker(worker);
	kw_kthread_destroy_worker(worker);
}

/* ---- clauses the tests above leave out ------------------------------------------- */

KWT_TEST("K19", cancel_of_a_running_and_requeued_work_removes_it_and_waits)
{
	struct kw_kthread_worker *w = new_worker("k19rq");
	struct twork a;
	struct helper h;

	twork_init(&a, 0, true);
	kw_kthread_queue_work(w, &a.work);
	kw_wait_for_completion(&a.started);
	KWT_ASSERT(kw_kthread_queue_work(w, &a.work));	/* pending while running */
	helper_start(&h, do_cancel_sync, &a.work);
	/* The pending instance goes at once; the cancel then waits for the run. */
	SYNC_WAIT_UNTIL(!work_is_pending(&a.work) && canceling(&a.work) == 1);
	KWT_ASSERT(!__atomic_load_n(&h.done, __ATOMIC_SEQ_CST));
	kw_complete(&a.release);
	helper_join(&h);
	KWT_ASSERT_EQ(h.result, true);
	KWT_ASSERT_EQ(runs(&a), 1);
	kw_kthread_flush_worker(w);
	KWT_ASSERT_EQ(runs(&a), 1);
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K20", mod_delayed_work_of_a_queued_work_moves_it_back_to_a_timer)
{
	struct kw_kthread_worker *w = new_worker("k20q");
	struct twork gate;
	struct tdwork d;

	twork_init(&gate, 0, true);
	tdwork_init(&d);
	kw_kthread_queue_work(w, &gate.work);
	kw_wait_for_completion(&gate.started);
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &d.dwork, 0));
	KWT_ASSERT(queued_at(w, 0) == &d.dwork.work.node);
	/* Pending on the work list: true, and now it waits on its timer. */
	unsigned long j = kw_jiffies();
	KWT_ASSERT(kw_kthread_mod_delayed_work(w, &d.dwork, 100 * KW_HZ));
	KWT_ASSERT(kw_timer_pending(&d.dwork.timer));
	KWT_ASSERT(kw_time_after_eq(d.dwork.timer.expires, j + 100 * KW_HZ));
	KWT_ASSERT(queued_at(w, 0) == NULL);
	kw_complete(&gate.release);
	kw_kthread_flush_worker(w);
	KWT_ASSERT_EQ(d.runs, 0);
	KWT_ASSERT(kw_kthread_cancel_delayed_work_sync(&d.dwork));
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K20", mod_delayed_work_of_a_running_work_queues_it_again_false)
{
	struct kw_kthread_worker *w = new_worker("k20r");
	struct gated_dwork g;

	kw_kthread_init_delayed_work(&g.dwork, gated_dwork_fn);
	kw_init_completion(&g.started);
	kw_init_completion(&g.release);
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &g.dwork, 0));
	kw_wait_for_completion(&g.started);
	/* Running is not pending: it is queued as if idle, and false. */
	KWT_ASSERT(!kw_kthread_mod_delayed_work(w, &g.dwork, 0));
	KWT_ASSERT(work_is_pending(&g.dwork.work));
	kw_complete(&g.release);
	kw_wait_for_completion(&g.started);	/* the second run */
	kw_complete(&g.release);
	kw_kthread_flush_worker(w);
	KWT_ASSERT(!work_is_pending(&g.dwork.work));
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K21,K13", queue_delayed_work_fails_while_queued_or_canceling)
{
	struct kw_kthread_worker *w = new_worker("k21c");
	struct gated_dwork g;
	struct helper h;

	kw_kthread_init_delayed_work(&g.dwork, gated_dwork_fn);
	kw_init_completion(&g.started);
	kw_init_completion(&g.release);
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &g.dwork, 0));
	kw_wait_for_completion(&g.started);
	/* Running is not pending: queued again. Then, on the work list: false. */
	KWT_ASSERT(kw_kthread_queue_delayed_work(w, &g.dwork, 0));
	KWT_ASSERT(!kw_kthread_queue_delayed_work(w, &g.dwork, 0));
	KWT_ASSERT(!kw_kthread_queue_delayed_work(w, &g.dwork, 100 * KW_HZ));
	KWT_ASSERT(!kw_timer_pending(&g.dwork.timer));
	/* A cancel waiting for the running instance: false, nothing armed. */
	helper_start(&h, do_cancel_delayed_sync, &g.dwork);
	SYNC_WAIT_UNTIL(!work_is_pending(&g.dwork.work) &&
			canceling(&g.dwork.work) == 1);
	KWT_ASSERT(!kw_kthread_queue_delayed_work(w, &g.dwork, 0));
	KWT_ASSERT(!kw_kthread_queue_delayed_work(w, &g.dwork, 100 * KW_HZ));
	KWT_ASSERT(!kw_timer_pending(&g.dwork.timer));
	kw_complete(&g.release);
	helper_join(&h);
	KWT_ASSERT_EQ(h.result, true);	/* the queued instance was removed */
	KWT_ASSERT(!work_is_pending(&g.dwork.work));
	kw_kthread_destroy_worker(w);
}

KWT_TEST("K20", mod_delayed_work_of_a_never_used_work_arms_it_false)
{
	struct kw_kthread_worker *w = new_worker("k20n");
	struct tdwork d;

	tdwork_init(&d);
	unsigned long j = kw_jiffies();
	KWT_ASSERT(!kw_kthread_mod_delayed_work(w, &d.dwork, 100 * KW_HZ));
	KWT_ASSERT(kw_timer_pending(&d.dwork.timer));
	KWT_ASSERT(kw_time_after_eq(d.dwork.timer.expires, j + 100 * KW_HZ));
	KWT_ASSERT(work_is_pending(&d.dwork.work));
	KWT_ASSERT(d.dwork.work.worker == w);
	KWT_ASSERT(kw_kthread_cancel_delayed_work_sync(&d.dwork));
	KWT_ASSERT_EQ(d.runs, 0);
	kw_kthread_destroy_worker(w);
}
