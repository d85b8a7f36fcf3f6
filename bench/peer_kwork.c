/*
 * peer_kwork.c - the kwork rows, against libkwork built from this tree.
 *
 * Rows: kwork-unbound (an unbound workqueue, max_active = threads) and
 * kwork-system_wq (per-CPU, concurrency-managed pools) for W1/W3/W4/W6/SQ;
 * kwork-kthread_worker and kwork-ordered (alloc_ordered_workqueue) for W2
 * and W3; kwork-timer (timer_list: mod_timer / timer_delete) and
 * kwork-delayed_work (queue_delayed_work / cancel_delayed_work) for W5, W5C
 * and ST. A row whose API is not in the library yet (BENCH_HAVE_* unset by
 * bench/CMakeLists.txt's link checks) reports "skipped: not built yet".
 *
 * Threads: the producer queues from its own (non-kwork) thread; kwork's
 * workers, kthread_worker thread and timer thread run the items.
 */
#define _GNU_SOURCE
#include "bench.h"

#include <kwork/kwork.h>

#define NOT_BUILT "skipped: not built yet"

/* ---- timer_list ---------------------------------------------------------- */

#ifdef BENCH_HAVE_TIMER
struct kt_item {
	struct bench_item b;
	struct kw_timer t;
};

static void kt_fn(struct kw_timer *t)
{
	bench_timer_fired(&kw_container_of(t, struct kt_item, t)->b);
}

static void kt_prepare(struct bench_item *b)
{
	kw_timer_setup(&((struct kt_item *)b)->t, kt_fn, 0);
}

static void kt_arm(struct bench_item *b, int delay_ms)
{
	struct kt_item *it = (struct kt_item *)b;

	it->b.t_due = bench_now_ns() + (int64_t)delay_ms * 1000000;
	kw_mod_timer(&it->t, kw_jiffies() +
		     kw_msecs_to_jiffies((unsigned int)delay_ms));
	/* The contract: not before jiffies reaches expires. */
	it->b.t_min = kw_jiffies_to_ktime_ns(it->t.expires);
}

static int kt_cancel(struct bench_item *b)
{
	return kw_timer_delete(&((struct kt_item *)b)->t);
}

static const struct bench_peer kw_timer_row = {
	.name = "kwork-timer", .item_size = sizeof(struct kt_item),
	.handle_size = sizeof(struct kw_timer), .workloads = "W5 W5C ST",
	.prepare = kt_prepare, .timer_arm = kt_arm, .timer_cancel = kt_cancel,
};
#else
static const struct bench_peer kw_timer_row = {
	.name = "kwork-timer", .workloads = "W5 W5C ST", .why_not = NOT_BUILT,
};
#endif

/* ---- workqueues ------------------------------------------------------------ */

#ifdef BENCH_HAVE_WQ
struct kwq_item {
	struct bench_item b;
	struct kw_work w;
};

struct kdw_item {
	struct bench_item b;
	struct kw_delayed_work dw;
};

static struct kw_workqueue *wq;	/* the row's workqueue */
static int wq_owned;			/* created here: destroy in fini */

static void kwq_fn(struct kw_work *w)
{
	bench_item_run(&kw_container_of(w, struct kwq_item, w)->b);
}

static void kwq_prepare(struct bench_item *b)
{
	KW_INIT_WORK(&((struct kwq_item *)b)->w, kwq_fn);
}

static void kwq_submit(struct bench_item *b)
{
	if (!kw_queue_work(wq, &((struct kwq_item *)b)->w))
		bench_fail("queue_work returned false for a fresh item");
}

static void kwq_fini(void)
{
	if (wq_owned)
		kw_destroy_workqueue(wq);
}

static int unbound_init(const struct bench_cfg *cfg)
{
	/* As many running items as cores; the rest wait in order (W6). */
	wq = kw_alloc_workqueue("bench_unbound", KW_WQ_UNBOUND, cfg->threads);
	wq_owned = 1;
	return wq ? 0 : -1;
}

static int system_init(const struct bench_cfg *cfg)
{
	wq = kw_system_wq();
	return wq ? 0 : -1;
}

static int ordered_init(const struct bench_cfg *cfg)
{
	wq = kw_alloc_ordered_workqueue("bench_ordered", 0);
	wq_owned = 1;
	return wq ? 0 : -1;
}

/* system_wq: hold the worker of every CPU's pool. */
static void system_blocker(struct bench_item *b, int i)
{
	if (!kw_queue_work_on(i, wq, &((struct kwq_item *)b)->w))
		bench_fail("queue_work_on returned false for a blocker");
}

static int system_blockers(void)
{
	return (int)kw_nr_cpu_ids();
}

static void kdw_fn(struct kw_work *w)
{
	struct kw_delayed_work *dw = kw_container_of(w, struct kw_delayed_work,
						     work);

	bench_timer_fired(&kw_container_of(dw, struct kdw_item, dw)->b);
}

static void kdw_prepare(struct bench_item *b)
{
	KW_INIT_DELAYED_WORK(&((struct kdw_item *)b)->dw, kdw_fn);
}

static void kdw_arm(struct bench_item *b, int delay_ms)
{
	struct kdw_item *it = (struct kdw_item *)b;

	it->b.t_due = bench_now_ns() + (int64_t)delay_ms * 1000000;
	kw_queue_delayed_work(wq, &it->dw,
			      kw_msecs_to_jiffies((unsigned int)delay_ms));
	it->b.t_min = kw_jiffies_to_ktime_ns(it->dw.timer.expires);
}

static int kdw_cancel(struct bench_item *b)
{
	return kw_cancel_delayed_work(&((struct kdw_item *)b)->dw);
}

static const struct bench_peer kw_unbound = {
	.name = "kwork-unbound", .item_size = sizeof(struct kwq_item),
	.handle_size = sizeof(struct kw_work),
	.workloads = "W1 W3 W3cold W4 W6 SQ", .init = unbound_init,
	.fini = kwq_fini, .prepare = kwq_prepare, .submit = kwq_submit,
};
static const struct bench_peer kw_system = {
	.name = "kwork-system_wq", .item_size = sizeof(struct kwq_item),
	.handle_size = sizeof(struct kw_work),
	.workloads = "W1 W3 W3cold W4 W6 SQ", .init = system_init,
	.prepare = kwq_prepare, .submit = kwq_submit,
	.submit_blocker = system_blocker, .nr_blockers = system_blockers,
};
static const struct bench_peer kw_ordered = {
	.name = "kwork-ordered", .item_size = sizeof(struct kwq_item),
	.handle_size = sizeof(struct kw_work), .workloads = "W2 W3 W3cold",
	.init = ordered_init, .fini = kwq_fini, .prepare = kwq_prepare,
	.submit = kwq_submit,
};
static const struct bench_peer kw_delayed = {
	.name = "kwork-delayed_work", .item_size = sizeof(struct kdw_item),
	.handle_size = sizeof(struct kw_delayed_work),
	.workloads = "W5 W5C ST", .init = system_init, .prepare = kdw_prepare,
	.timer_arm = kdw_arm, .timer_cancel = kdw_cancel,
};
#else
static const struct bench_peer kw_unbound = {
	.name = "kwork-unbound", .workloads = "W1 W3 W3cold W4 W6 SQ",
	.why_not = NOT_BUILT,
};
static const struct bench_peer kw_system = {
	.name = "kwork-system_wq", .workloads = "W1 W3 W3cold W4 W6 SQ",
	.why_not = NOT_BUILT,
};
static const struct bench_peer kw_ordered = {
	.name = "kwork-ordered", .workloads = "W2 W3 W3cold",
	.why_not = NOT_BUILT,
};
static const struct bench_peer kw_delayed = {
	.name = "kwork-delayed_work", .workloads = "W5 W5C ST",
	.why_not = NOT_BUILT,
};
#endif

/* ---- kthread_worker ------------------------------------------------------------ */

#ifdef BENCH_HAVE_KWORKER
struct ktw_item {
	struct bench_item b;
	struct kw_kthread_work w;
};

static struct kw_kthread_worker *worker;

static void ktw_fn(struct kw_kthread_work *w)
{
	bench_item_run(&kw_container_of(w, struct ktw_item, w)->b);
}

static int ktw_init(const struct bench_cfg *cfg)
{
	worker = kw_kthread_create_worker(0, "bench_kworker");
	return kw_is_err(worker) ? -1 : 0;
}

static void ktw_fini(void)
{
	kw_kthread_destroy_worker(worker);
}

static void ktw_prepare(struct bench_item *b)
{
	kw_kthread_init_work(&((struct ktw_item *)b)->w, ktw_fn);
}

static void ktw_submit(struct bench_item *b)
{
	if (!kw_kthread_queue_work(worker, &((struct ktw_item *)b)->w))
		bench_fail("kthread_queue_work returned false for a fresh item");
}

static const struct bench_peer kw_kworker = {
	.name = "kwork-kthread_worker", .item_size = sizeof(struct ktw_item),
	.handle_size = sizeof(struct kw_kthread_work),
	.workloads = "W2 W3 W3cold", .init = ktw_init, .fini = ktw_fini,
	.prepare = ktw_prepare, .submit = ktw_submit,
};
#else
static const struct bench_peer kw_kworker = {
	.name = "kwork-kthread_worker", .workloads = "W2 W3 W3cold",
	.why_not = NOT_BUILT,
};
#endif

static const struct bench_peer *const peers[] = {
	&kw_unbound, &kw_system, &kw_kworker, &kw_ordered, &kw_timer_row,
	&kw_delayed, NULL
};

int main(int argc, char **argv)
{
	bench_jiffy_ns = 1000000000 / KW_HZ;	/* W5: the wheel's granularity */
	return bench_main(argc, argv, peers);
}
