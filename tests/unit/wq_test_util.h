/*
 * wq_test_util.h - gates and helpers shared by the workqueue tests.
 *
 * A "gated" work item signals `started` when its callback begins and then
 * blocks on `release`, so a test can hold it running and look at the state
 * (work_busy, congested, stats) before letting it go. The helpers run
 * the tests with 4 virtual CPUs (KWORK_NR_CPUS) unless the caller set it.
 */
#ifndef WQ_TEST_UTIL_H
#define WQ_TEST_UTIL_H

#include "kwtest.h"

#include <unistd.h>

/* Re-run the binary with 4 virtual CPUs so per-CPU rules are testable. */
__attribute__((constructor)) static void wqt_four_cpus(int argc, char **argv)
{
	(void)argc;
	if (getenv("KWORK_NR_CPUS"))
		return;
	setenv("KWORK_NR_CPUS", "4", 1);
	execv("/proc/self/exe", argv);
}

struct gated {
	struct kw_work work;
	struct kw_completion started;
	struct kw_completion release;
	int runs;		/* atomic: callbacks entered */
	int done;		/* atomic: callbacks returned */
	int running;		/* atomic: callbacks inside now */
	int max_running;	/* atomic: most seen at once */
	int cpu;		/* CPU of the last run */
	int pid;		/* worker pid of the last run */
	int requeue;		/* requeue this many more times */
	struct kw_workqueue *wq;
	char comm[KW_TASK_COMM_LEN];
};

static inline int wqt_load(int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void gated_fn(struct kw_work *w)
{
	struct gated *g = kw_container_of(w, struct gated, work);
	int now = __atomic_add_fetch(&g->running, 1, __ATOMIC_SEQ_CST);
	int max = wqt_load(&g->max_running);
	while (now > max && !__atomic_compare_exchange_n(&g->max_running, &max, now,
							 false, __ATOMIC_SEQ_CST,
							 __ATOMIC_SEQ_CST))
		;
	__atomic_store_n(&g->cpu, (int)kw_smp_processor_id(), __ATOMIC_RELEASE);
	__atomic_store_n(&g->pid, kw_current()->pid, __ATOMIC_RELEASE);
	memcpy(g->comm, kw_current()->comm, sizeof(g->comm));
	__atomic_add_fetch(&g->runs, 1, __ATOMIC_SEQ_CST);
	kw_complete(&g->started);
	kw_wait_for_completion(&g->release);
	if (g->requeue > 0) {
		g->requeue--;
		kw_queue_work(g->wq, &g->work);
	}
	__atomic_sub_fetch(&g->running, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&g->done, 1, __ATOMIC_SEQ_CST);
}

static inline void gated_init(struct gated *g)
{
	memset(g, 0, sizeof(*g));
	KW_INIT_WORK(&g->work, gated_fn);
	kw_init_completion(&g->started);
	kw_init_completion(&g->release);
}

/* A plain counting work item. */
struct counted {
	struct kw_work work;
	int runs;
	int cpu;
	struct kw_completion ran;
};

static void counted_fn(struct kw_work *w)
{
	struct counted *c = kw_container_of(w, struct counted, work);
	__atomic_store_n(&c->cpu, (int)kw_smp_processor_id(), __ATOMIC_RELEASE);
	__atomic_add_fetch(&c->runs, 1, __ATOMIC_SEQ_CST);
	kw_complete(&c->ran);
}

static inline void counted_init(struct counted *c)
{
	memset(c, 0, sizeof(*c));
	KW_INIT_WORK(&c->work, counted_fn);
	kw_init_completion(&c->ran);
}

/* Completes a completion from a timer-driven work after `delay` jiffies. */
struct releaser {
	struct kw_delayed_work dw;
	struct kw_completion *target;
	bool all;
};

static void releaser_fn(struct kw_work *w)
{
	struct releaser *r = kw_container_of(kw_to_delayed_work(w), struct releaser, dw);
	if (r->all)
		kw_complete_all(r->target);
	else
		kw_complete(r->target);
}

static inline void release_later(struct releaser *r, struct kw_completion *c,
				 bool all, unsigned long delay)
{
	KW_INIT_DELAYED_WORK(&r->dw, releaser_fn);
	r->target = c;
	r->all = all;
	kw_queue_delayed_work(kw_system_unbound_wq(), &r->dw, delay);
}

/* Poll an observable condition (state, not time), bounded by ~5 s. */
#define WQT_WAIT_FOR(cond)                                              \
	do {                                                            \
		int __n = 0;                                            \
		while (!(cond)) {                                       \
			if (++__n > 5000)                               \
				kwt_fail(__FILE__, __LINE__,            \
					 "timed out waiting for %s", #cond); \
			kw_msleep(1);                                   \
		}                                                       \
	} while (0)

static inline uint64_t wqt_stat(struct kw_workqueue *wq, int stat)
{
	uint64_t s[KW_PWQ_NR_STATS];
	kw_workqueue_stats(wq, s);
	return s[stat];
}

#endif /* WQ_TEST_UTIL_H */
