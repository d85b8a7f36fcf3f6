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

static void kt_arm(struct bench_item *b, int delay_ms)
{
	struct kt_item *it = (struct kt_item *)b;
	unsigned long exp;

	if (!it->t.function)
		kw_timer_setup(&it->t, kt_fn, 0);
	it->b.t_due = bench_now_ns() + (int64_t)delay_ms * 1000000;
	exp = kw_jiffies() + kw_msecs_to_jiffies((unsigned int)delay_ms);
	/* The contract: not before jiffies reaches exp. */
	it->b.t_min = kw_jiffies_to_ktime_ns(exp);
	kw_mod_timer(&it->t, exp);
}

static int kt_cancel(struct bench_item *b)
{
	return kw_timer_delete(&((struct kt_item *)b)->t);
}

static const struct bench_peer kw_timer_row = {
	.name = "kwork-timer", .item_size = sizeof(struct kt_item),
	.handle_size = sizeof(struct kw_timer), .workloads = "W5 W5C ST",
	.timer_arm = kt_arm, .timer_cancel = kt_cancel,
};
#else
static const struct bench_peer kw_timer_row = {
	.name = "kwork-timer", .workloads = "W5 W5C ST", .why_not = NOT_BUILT,
};
#endif

/* ---- workqueues ------------------------------------------------------------ */

#ifdef BENCH_HAVE_WQ
#error "workqueue rows: write them against include/kwork/workqueue.h"
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

#ifdef BENCH_HAVE_KWORKER
#error "kthread_worker row: write it against include/kwork/kthread_worker.h"
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
	return bench_main(argc, argv, peers);
}
