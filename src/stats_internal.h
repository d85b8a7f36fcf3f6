/*
 * stats_internal.h - the counters workqueue.c and kthread_worker.c bump for
 * include/kwork/stats.h, the registry of running kthread_workers, the
 * monitor channel's start-up, and the USDT probe macros.
 *
 * Layer: observability (internal), included by the counted layers. Every
 * updater here is inline, takes no lock and does no atomic RMW: the caller
 * holds the lock that protects the counters (pool->lock for a pwq's,
 * worker->lock for a kthread_worker's).
 */
#ifndef KWORK_STATS_INTERNAL_H
#define KWORK_STATS_INTERNAL_H

#include <kwork/kwork.h>
#include <kwork/stats.h>

#include "platform/platform.h"

/*
 * Per-pwq counters beyond the kernel's eight. P: pool->lock. The fields
 * every queue touches (max_in_flight, stamps.nr) share one cache line.
 */
struct kw__pwq_xstats {
	uint64_t max_in_flight;		/* P */
	struct kw__stats_stamps stamps;	/* P */
	struct kw_stats_hist queued;	/* P */
	struct kw_stats_hist run;	/* P */
};

/* A: kw_stats_set_timing(); read relaxed on the queue paths. */
extern bool kw__stats_timing_on;

/* The queue-time stamp: the clock while timing is on, else 0 (untimed). */
static inline int64_t kw__stats_stamp(void)
{
	if (kw_likely(!__atomic_load_n(&kw__stats_timing_on, __ATOMIC_RELAXED)))
		return 0;
	return kw__clock_ns();
}

static inline void kw__hist_add(struct kw_stats_hist *h, int64_t ns)
{
	uint64_t d = ns > 0 ? (uint64_t)ns : 0;
	uint64_t us = d / 1000;
	unsigned int b = us ? 64u - (unsigned int)__builtin_clzll(us) : 0;
	if (b >= KW_STATS_HIST_BUCKETS)
		b = KW_STATS_HIST_BUCKETS - 1;
	h->count++;
	h->total_ns += d;
	if (d > h->max_ns)
		h->max_ns = d;
	h->bucket[b]++;
}

/* Remember item's queue stamp (0: untimed). Lock of the table held. */
static inline void kw__stamp_put(struct kw__stats_stamps *st, const void *item,
				 int64_t ns)
{
	if (kw_likely(!ns) || st->nr == KW__STATS_STAMPS)
		return;
	st->slot[st->nr].item = item;
	st->slot[st->nr].ns = ns;
	st->nr++;
}

/* item's stamp, or 0; take removes it. Lock of the table held. */
int64_t kw__stamp_find(struct kw__stats_stamps *st, const void *item, bool take);

static inline int64_t kw__stamp_take(struct kw__stats_stamps *st,
				     const void *item)
{
	if (kw_likely(!st->nr))
		return 0;
	return kw__stamp_find(st, item, true);
}

/* Add a queue stamp's wait to h, if the item was timed. */
static inline void kw__hist_add_queued(struct kw_stats_hist *h, int64_t stamp,
				       int64_t now)
{
	if (stamp && now)
		kw__hist_add(h, now - stamp);
}

/* A pwq's item count went up to n (queued + running). P held. */
static inline void kw__pwq_xstats_in_flight(struct kw__pwq_xstats *x, int n)
{
	if ((uint64_t)n > x->max_in_flight)
		x->max_in_flight = (uint64_t)n;
}

/*
 * The kthread_worker's side: kw__ktw_stats_take() runs in take_next_work
 * under worker->lock, right after the previous work returned: it closes
 * the previous work (completed, run time) and opens next (NULL: none).
 */
static inline void kw__ktw_stats_take(struct kw_kthread_worker *worker,
				      struct kw_kthread_work *next)
{
	struct kw__ktw_stats *s = &worker->stats;
	int64_t now = kw__stats_stamp();
	if (s->completed != s->started) {
		s->completed = s->started;
		if (s->cur_start_ns && now)
			kw__hist_add(&s->run, now - s->cur_start_ns);
	}
	s->cur_start_ns = 0;
	s->cur_func = NULL;
	if (!next)
		return;
	s->started++;
	s->cur_func = next->func;
	kw__hist_add_queued(&s->queued, kw__stamp_take(&s->stamps, next), now);
	s->cur_start_ns = now;
}

/* A thread starts / stops running kw_kthread_worker_fn on worker. No lock. */
void kw__ktw_register(struct kw_kthread_worker *worker);
void kw__ktw_unregister(struct kw_kthread_worker *worker);

/* The registry, locked (dump.c walks it; R -> worker->lock). */
struct kw_list_head *kw__ktw_registry_lock(void);
void kw__ktw_registry_unlock(void);

/* Write s as a JSON string literal. */
void kw__json_str(FILE *f, const char *s);

/* ---- USDT probes (provider "kwork"; `perf list sdt_kwork:*`) ---------------- */

#if defined(KWORK_HAVE_SDT) && KWORK_HAVE_SDT
#include <sys/sdt.h>
#define KW__PROBE1(n, a) DTRACE_PROBE1(kwork, n, a)
#define KW__PROBE2(n, a, b) DTRACE_PROBE2(kwork, n, a, b)
#define KW__PROBE3(n, a, b, c) DTRACE_PROBE3(kwork, n, a, b, c)
#define KW__PROBE5(n, a, b, c, d, e) DTRACE_PROBE5(kwork, n, a, b, c, d, e)
#else
#define KW__PROBE1(n, a) ((void)0)
#define KW__PROBE2(n, a, b) ((void)0)
#define KW__PROBE3(n, a, b, c) ((void)0)
#define KW__PROBE5(n, a, b, c, d, e) ((void)0)
#endif

#endif /* KWORK_STATS_INTERNAL_H */
