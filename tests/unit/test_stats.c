/*
 * test_stats.c - include/kwork/stats.h: the wq_monitor counters (SEMANTICS
 * 4.2) and the extras (depth, queued and run histograms) per workqueue and
 * per kthread_worker, the iterators, the printed table and the dump (4.4).
 * Every count is exact: items are held running by gates while the test
 * looks, and flush_workqueue (which queues no barrier item) or
 * kthread_flush_worker (whose item is not counted) waits for the end.
 * Durations are only checked as lower bounds.
 */
#include "wq_test_util.h"

#include <kwork/stats.h>

/* ---- helpers ------------------------------------------------------------------ */

static uint64_t hist_sum(const struct kw_stats_hist *h)
{
	uint64_t n = 0;
	for (int b = 0; b < KW_STATS_HIST_BUCKETS; b++)
		n += h->bucket[b];
	return n;
}

struct kgate {
	struct kw_kthread_work work;
	struct kw_completion started;
	struct kw_completion release;
	int runs;
};

static void kgate_fn(struct kw_kthread_work *w)
{
	struct kgate *g = kw_container_of(w, struct kgate, work);
	kw_complete(&g->started);
	kw_wait_for_completion(&g->release);
	__atomic_add_fetch(&g->runs, 1, __ATOMIC_SEQ_CST);
}

static void kcount_fn(struct kw_kthread_work *w)
{
	(void)w;
}

static void kgate_init(struct kgate *g)
{
	memset(g, 0, sizeof(*g));
	kw_kthread_init_work(&g->work, kgate_fn);
	kw_init_completion(&g->started);
	kw_init_completion(&g->release);
}

/* Capture what fn writes to a FILE. Caller frees. */
static char *capture(int (*fn)(FILE *, unsigned int), unsigned int flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	KWT_ASSERT(m != NULL);
	KWT_ASSERT_EQ(fn(m, flags), 0);
	fclose(m);
	return buf;
}

#define ASSERT_CONTAINS(hay, needle)                                          \
	do {                                                                  \
		if (!strstr((hay), (needle)))                                 \
			kwt_fail(__FILE__, __LINE__, "missing \"%s\" in:\n%s", \
				 (needle), (hay));                            \
	} while (0)

/* ---- workqueues ----------------------------------------------------------------- */

KWT_TEST("4.2", wq_counts_started_completed_depth_exactly)
{
	struct kw_wq_stats s;
	struct gated g;
	struct counted c1, c2;
	kw_stats_set_timing(true);
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("st_ord", 0);
	gated_init(&g);
	counted_init(&c1);
	counted_init(&c2);

	kw_wq_stats_get(wq, &s);
	KWT_ASSERT_STREQ(s.name, "st_ord");
	KWT_ASSERT_EQ(s.started, 0);
	KWT_ASSERT_EQ(s.max_in_flight, 0);

	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	kw_queue_work(wq, &c1.work);
	kw_queue_work(wq, &c2.work);
	kw_wq_stats_get(wq, &s);
	KWT_ASSERT_EQ(s.started, 1);
	KWT_ASSERT_EQ(s.completed, 0);
	KWT_ASSERT_EQ(s.running, 1);
	KWT_ASSERT_EQ(s.pending, 2);
	KWT_ASSERT_EQ(s.inactive, 2);	/* ordered: max_active 1 */
	KWT_ASSERT_EQ(s.max_in_flight, 3);
	KWT_ASSERT_EQ(s.queued.count, 1);
	KWT_ASSERT_EQ(s.run.count, 0);

	kw_complete(&g.release);
	kw_flush_workqueue(wq);
	kw_wq_stats_get(wq, &s);
	KWT_ASSERT_EQ(s.started, 3);
	KWT_ASSERT_EQ(s.completed, 3);
	KWT_ASSERT_EQ(s.running, 0);
	KWT_ASSERT_EQ(s.pending, 0);
	KWT_ASSERT_EQ(s.inactive, 0);
	KWT_ASSERT_EQ(s.max_in_flight, 3);
	KWT_ASSERT_EQ(s.queued.count, 3);
	KWT_ASSERT_EQ(s.run.count, 3);
	KWT_ASSERT_EQ(hist_sum(&s.queued), 3);
	KWT_ASSERT_EQ(hist_sum(&s.run), 3);
	KWT_ASSERT(s.run.total_ns >= s.run.max_ns);
	KWT_ASSERT_EQ(s.mayday, 0);
	KWT_ASSERT_EQ(s.rescued, 0);
	KWT_ASSERT(!s.mem_reclaim);
	kw_destroy_workqueue(wq);
}

KWT_TEST("4.2", wq_flags_unbound_and_mem_reclaim)
{
	struct kw_wq_stats s;
	struct kw_workqueue *wq = kw_alloc_workqueue("st_flags", KW_WQ_UNBOUND |
						     KW_WQ_MEM_RECLAIM, 0);
	kw_wq_stats_get(wq, &s);
	KWT_ASSERT(s.unbound);
	KWT_ASSERT(s.mem_reclaim);
	KWT_ASSERT_EQ(s.flags & (KW_WQ_UNBOUND | KW_WQ_MEM_RECLAIM),
		      KW_WQ_UNBOUND | KW_WQ_MEM_RECLAIM);
	kw_destroy_workqueue(wq);
}

KWT_TEST("4.2", queued_time_is_measured_only_while_timing_is_on)
{
	struct kw_wq_stats s;
	struct counted c[3];
	kw_stats_set_timing(false);
	KWT_ASSERT(!kw_stats_timing());
	struct kw_workqueue *wq = kw_alloc_workqueue("st_timing", 0, 0);
	for (int i = 0; i < 3; i++) {
		counted_init(&c[i]);
		kw_queue_work(wq, &c[i].work);
	}
	kw_flush_workqueue(wq);
	kw_wq_stats_get(wq, &s);
	KWT_ASSERT_EQ(s.started, 3);
	KWT_ASSERT_EQ(s.queued.count, 0);
	KWT_ASSERT_EQ(s.run.count, 3);	/* run times come from clock reads made anyway */

	kw_stats_set_timing(true);
	kw_queue_work(wq, &c[0].work);
	kw_flush_workqueue(wq);
	kw_wq_stats_get(wq, &s);
	KWT_ASSERT_EQ(s.started, 4);
	KWT_ASSERT_EQ(s.queued.count, 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("4.2", queued_and_run_times_are_not_early)
{
	struct kw_wq_stats s;
	struct gated g;
	struct counted c;
	kw_stats_set_timing(true);
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("st_times", 0);
	gated_init(&g);
	counted_init(&c);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	kw_queue_work(wq, &c.work);	/* waits behind g */
	kw_msleep(20);
	kw_complete(&g.release);
	kw_flush_workqueue(wq);
	kw_wq_stats_get(wq, &s);
	KWT_ASSERT(s.queued.max_ns >= 20 * 1000000ull);
	KWT_ASSERT(s.run.max_ns >= 20 * 1000000ull);
	/* 20 ms = 20000 us: bucket b >= 15 holds [2^14, ...) us */
	uint64_t slow = 0;
	for (int b = 15; b < KW_STATS_HIST_BUCKETS; b++)
		slow += s.queued.bucket[b];
	KWT_ASSERT(slow >= 1);	/* c; g too if the machine was that slow */
	kw_destroy_workqueue(wq);
}

static void nop_fn(struct kw_work *w)
{
	(void)w;
}

#define MANY (KW__STATS_STAMPS + 6)

KWT_TEST("4.2", queued_times_are_a_sample_of_at_most_64_waiting_items)
{
	struct kw_wq_stats s;
	struct gated g;
	static struct kw_work many[MANY];
	kw_stats_set_timing(true);
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("st_sample", 0);
	gated_init(&g);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	for (int i = 0; i < MANY; i++) {
		KW_INIT_WORK(&many[i], nop_fn);
		kw_queue_work(wq, &many[i]);
	}
	kw_complete(&g.release);
	kw_flush_workqueue(wq);
	kw_wq_stats_get(wq, &s);
	KWT_ASSERT_EQ(s.started, 1 + MANY);
	KWT_ASSERT_EQ(s.queued.count, 1 + KW__STATS_STAMPS);
	kw_destroy_workqueue(wq);
}

KWT_TEST("4.2", cancel_releases_the_queue_stamp)
{
	struct kw_wq_stats s;
	struct gated g;
	static struct kw_work many[KW__STATS_STAMPS];
	kw_stats_set_timing(true);
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("st_cancel", 0);
	gated_init(&g);
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < KW__STATS_STAMPS; i++) {
			if (round == 0)
				KW_INIT_WORK(&many[i], nop_fn);
			KWT_ASSERT(kw_queue_work(wq, &many[i]));
			if (round == 0)
				KWT_ASSERT(kw_cancel_work(&many[i]));
		}
	kw_complete(&g.release);
	kw_flush_workqueue(wq);
	kw_wq_stats_get(wq, &s);
	KWT_ASSERT_EQ(s.started, 1 + KW__STATS_STAMPS);
	KWT_ASSERT_EQ(s.queued.count, 1 + KW__STATS_STAMPS);
	kw_destroy_workqueue(wq);
}

/* ---- kthread_workers --------------------------------------------------------------- */

KWT_TEST("4.2", kthread_worker_counts_exactly)
{
	struct kw_kthread_worker_stats s;
	struct kgate g;
	struct kw_kthread_work b, c;
	kw_stats_set_timing(true);
	struct kw_kthread_worker *worker = kw_kthread_create_worker(0, "st_worker");
	KWT_ASSERT(!kw_is_err(worker));
	kgate_init(&g);
	kw_kthread_init_work(&b, kcount_fn);
	kw_kthread_init_work(&c, kcount_fn);

	kw_kthread_queue_work(worker, &g.work);
	kw_wait_for_completion(&g.started);
	kw_kthread_queue_work(worker, &b);
	kw_kthread_queue_work(worker, &c);
	kw_kthread_worker_stats_get(worker, &s);
	KWT_ASSERT_STREQ(s.name, "st_worker");
	KWT_ASSERT_EQ(s.pid, worker->task->pid);
	KWT_ASSERT_EQ(s.started, 1);
	KWT_ASSERT_EQ(s.completed, 0);
	KWT_ASSERT_EQ(s.pending, 2);
	KWT_ASSERT_EQ(s.queued.count, 1);
	KWT_ASSERT_EQ(s.run.count, 0);

	kw_complete(&g.release);
	kw_kthread_flush_worker(worker);
	kw_kthread_worker_stats_get(worker, &s);
	KWT_ASSERT_EQ(s.started, 3);	/* the flush item is not counted */
	KWT_ASSERT_EQ(s.completed, 3);
	KWT_ASSERT_EQ(s.pending, 0);
	KWT_ASSERT_EQ(s.queued.count, 3);
	KWT_ASSERT_EQ(s.run.count, 3);
	KWT_ASSERT_EQ(hist_sum(&s.run), 3);
	KWT_ASSERT_EQ(s.run_time_us, s.run.total_ns / 1000);
	kw_kthread_destroy_worker(worker);
}

KWT_TEST("4.2", kthread_worker_delayed_and_untimed)
{
	struct kw_kthread_worker_stats s;
	struct kw_kthread_delayed_work dw;
	struct kw_kthread_work w;
	kw_stats_set_timing(false);
	struct kw_kthread_worker *worker = kw_kthread_create_worker(0, "st_untimed");
	kw_kthread_init_delayed_work(&dw, kcount_fn);
	kw_kthread_init_work(&w, kcount_fn);
	kw_kthread_queue_delayed_work(worker, &dw, 1000 * KW_HZ);
	kw_kthread_queue_work(worker, &w);
	kw_kthread_flush_worker(worker);
	kw_kthread_worker_stats_get(worker, &s);
	KWT_ASSERT_EQ(s.delayed, 1);
	KWT_ASSERT_EQ(s.started, 1);
	KWT_ASSERT_EQ(s.completed, 1);
	KWT_ASSERT_EQ(s.queued.count, 0);
	KWT_ASSERT_EQ(s.run.count, 0);
	KWT_ASSERT(kw_kthread_cancel_delayed_work_sync(&dw));
	kw_kthread_worker_stats_get(worker, &s);
	KWT_ASSERT_EQ(s.delayed, 0);
	kw_kthread_destroy_worker(worker);
}

KWT_TEST("4.2", kthread_cancel_releases_the_queue_stamp)
{
	struct kw_kthread_worker_stats s;
	struct kgate g;
	static struct kw_kthread_work many[KW__STATS_STAMPS];
	kw_stats_set_timing(true);
	struct kw_kthread_worker *worker = kw_kthread_create_worker(0, "st_kcancel");
	kgate_init(&g);
	kw_kthread_queue_work(worker, &g.work);
	kw_wait_for_completion(&g.started);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < KW__STATS_STAMPS; i++) {
			if (round == 0)
				kw_kthread_init_work(&many[i], kcount_fn);
			KWT_ASSERT(kw_kthread_queue_work(worker, &many[i]));
			if (round == 0)
				KWT_ASSERT(kw_kthread_cancel_work_sync(&many[i]));
		}
	kw_complete(&g.release);
	kw_kthread_flush_worker(worker);
	kw_kthread_worker_stats_get(worker, &s);
	KWT_ASSERT_EQ(s.started, 1 + KW__STATS_STAMPS);
	KWT_ASSERT_EQ(s.queued.count, 1 + KW__STATS_STAMPS);
	kw_kthread_destroy_worker(worker);
}

/* ---- iterators and output ------------------------------------------------------------ */

struct find {
	const char *name;
	uint64_t started;
	int seen;
};

static int find_wq(const struct kw_wq_stats *s, void *arg)
{
	struct find *f = arg;
	f->seen++;
	if (strcmp(s->name, f->name))
		return 0;
	f->started = s->started;
	return 7;
}

static int find_ktw(const struct kw_kthread_worker_stats *s, void *arg)
{
	struct find *f = arg;
	f->seen++;
	if (strcmp(s->name, f->name))
		return 0;
	f->started = s->started;
	return 9;
}

KWT_TEST("4.2", iterators_visit_every_object_and_stop_on_nonzero)
{
	struct counted c;
	counted_init(&c);
	struct kw_workqueue *wq = kw_alloc_workqueue("st_iter", 0, 0);
	struct kw_kthread_worker *worker = kw_kthread_create_worker(0, "st_iterw");
	struct kw_kthread_work w;
	kw_kthread_init_work(&w, kcount_fn);
	kw_queue_work(wq, &c.work);
	kw_flush_workqueue(wq);
	kw_kthread_queue_work(worker, &w);
	kw_kthread_flush_worker(worker);

	struct find f = { .name = "st_iter" };
	KWT_ASSERT_EQ(kw_for_each_wq_stats(find_wq, &f), 7);
	KWT_ASSERT_EQ(f.started, 1);
	KWT_ASSERT(f.seen > 1);		/* the system workqueues come first */
	struct find none = { .name = "no such wq" };
	KWT_ASSERT_EQ(kw_for_each_wq_stats(find_wq, &none), 0);
	KWT_ASSERT_EQ(none.seen, f.seen);	/* st_iter was the last one */

	struct find k = { .name = "st_iterw" };
	KWT_ASSERT_EQ(kw_for_each_kthread_worker_stats(find_ktw, &k), 9);
	KWT_ASSERT_EQ(k.started, 1);
	kw_kthread_destroy_worker(worker);
	struct find gone = { .name = "st_iterw" };
	KWT_ASSERT_EQ(kw_for_each_kthread_worker_stats(find_ktw, &gone), 0);
	kw_destroy_workqueue(wq);
}

KWT_TEST("4.2", stats_print_table_and_json)
{
	struct counted c;
	counted_init(&c);
	struct kw_workqueue *wq = kw_alloc_workqueue("st_print", KW_WQ_MEM_RECLAIM, 0);
	kw_queue_work(wq, &c.work);
	kw_flush_workqueue(wq);
	kw_queue_work(wq, &c.work);
	kw_flush_workqueue(wq);

	char *text = capture(kw_stats_print, 0);
	ASSERT_CONTAINS(text, "CMW/RPR");
	ASSERT_CONTAINS(text, "mayday");
	ASSERT_CONTAINS(text, "st_print");
	ASSERT_CONTAINS(text, "kthread_worker");
	free(text);
	char *json = capture(kw_stats_print, KW_OUT_JSON);
	ASSERT_CONTAINS(json, "\"name\":\"st_print\",\"flags\":");
	ASSERT_CONTAINS(json, "\"mem_reclaim\":true,\"started\":2,\"completed\":2,"
			      "\"in_flight\":0");
	ASSERT_CONTAINS(json, "\"kthread_workers\":[");
	free(json);
	kw_destroy_workqueue(wq);
}

/* ---- the dump (4.4) ---------------------------------------------------------------------- */

static bool dump_contains(const char *needle)
{
	char *json = capture(kw_dump, KW_OUT_JSON);
	bool found = strstr(json, needle) != NULL;
	free(json);
	return found;
}

KWT_TEST("4.4", dump_shows_tasks_busy_queues_and_workers)
{
	struct gated g;
	struct counted c;
	struct kgate kg;
	struct kw_kthread_work kw;
	kw_stats_set_timing(true);
	gated_init(&g);
	counted_init(&c);
	kgate_init(&kg);
	kw_kthread_init_work(&kw, kcount_fn);
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("st_dump", 0);
	struct kw_kthread_worker *worker = kw_kthread_create_worker(0, "st_dumpw");
	kw_queue_work(wq, &g.work);
	kw_wait_for_completion(&g.started);
	kw_queue_work(wq, &c.work);
	kw_kthread_queue_work(worker, &kg.work);
	kw_wait_for_completion(&kg.started);
	kw_kthread_queue_work(worker, &kw);
	/* kgate_fn signalled started; wait until it really sleeps on release. */
	char want[160];
	snprintf(want, sizeof(want), "{\"pid\":%d,\"name\":\"st_dumpw\",\"kind\":\"kthread\","
		 "\"state\":\"D\",\"blocked_in\":\"wait_for_completion\"",
		 worker->task->pid);
	WQT_WAIT_FOR(dump_contains(want));

	char *text = capture(kw_dump, 0);
	ASSERT_CONTAINS(text, "Tasks:");
	ASSERT_CONTAINS(text, "st_dumpw");
	ASSERT_CONTAINS(text, "wait_for_completion on");
	ASSERT_CONTAINS(text, "workqueue st_dump: flags=");
	ASSERT_CONTAINS(text, "in-flight:");
	ASSERT_CONTAINS(text, "inactive:");
	ASSERT_CONTAINS(text, "kthread_worker st_dumpw (pid ");
	ASSERT_CONTAINS(text, "pending:");
	free(text);

	char *json = capture(kw_dump, KW_OUT_JSON);
	ASSERT_CONTAINS(json, want);
	ASSERT_CONTAINS(json, "{\"name\":\"st_dump\",\"flags\":");
	ASSERT_CONTAINS(json, "\"in_flight\":[{\"pid\":");
	ASSERT_CONTAINS(json, "\"inactive\":[{\"func\":");
	snprintf(want, sizeof(want), "{\"name\":\"st_dumpw\",\"pid\":%d,\"delayed\":0,"
		 "\"current\":{\"func\":", worker->task->pid);
	ASSERT_CONTAINS(json, want);
	free(json);

	kw_complete(&g.release);
	kw_complete(&kg.release);
	kw_flush_workqueue(wq);
	kw_kthread_flush_worker(worker);
	text = capture(kw_dump, 0);
	if (strstr(text, "workqueue st_dump:"))
		kwt_fail(__FILE__, __LINE__, "idle st_dump still dumped:\n%s", text);
	free(text);
	kw_kthread_destroy_worker(worker);
	kw_destroy_workqueue(wq);
}

KWT_TEST("4.4", watching_an_idle_process_starts_no_kworker)
{
	/* This process never used a workqueue: reading must not start one. */
	char *json = capture(kw_dump, KW_OUT_JSON);
	ASSERT_CONTAINS(json, "\"workqueues\":[],\"pools\":[]");
	if (strstr(json, "kworker/"))
		kwt_fail(__FILE__, __LINE__, "a kworker appeared:\n%s", json);
	free(json);
	char *table = capture(kw_stats_print, KW_OUT_JSON);
	ASSERT_CONTAINS(table, "\"workqueues\":[]");
	free(table);
	json = capture(kw_dump, KW_OUT_JSON);
	if (strstr(json, "kworker/"))
		kwt_fail(__FILE__, __LINE__, "a kworker appeared:\n%s", json);
	free(json);
}
