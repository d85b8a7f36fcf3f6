/*
 * kwork/stats.h - statistics of workqueues and kthread_workers, and the
 * state dump: what tools/workqueue/wq_monitor.py and SysRq-t show in the
 * kernel, as an API (`kwork top PID` and `kwork dump PID` read the same).
 *
 * Layer: observability, above workqueue and kthread_worker. Reading is
 * never on a hot path: every getter takes the locks of the object it reads
 * (pool locks, worker->lock) for a consistent snapshot, and may allocate.
 * Reading starts nothing: a process that never used a workqueue shows none
 * (and gets no kworkers from being watched).
 *
 * What is counted, and what it costs the counted paths:
 *  - per workqueue (summed over its pwqs, the wq_monitor columns, SEMANTICS
 *    4.2): started, completed, CPU time, CPU-intensive, concurrency-managed
 *    wake-ups, repatriated, mayday, rescued; plus the most items in flight
 *    at once, the current depth, and the time from start to end of each
 *    item (max and log2 histogram). These are updated under the pool lock
 *    the workqueue already holds, from the one clock read per item the
 *    workers make anyway. While timing is off that read is the coarse
 *    clock (CLOCK_MONOTONIC_COARSE: one tick, 1-4 ms, of resolution; the
 *    kernel's CPU time is tick-sampled too); while it is on, the precise
 *    clock.
 *  - per kthread_worker: started, completed; queue depth (counted at read
 *    time). Counted under worker->lock, already held.
 *  - time spent queued (both), and kthread_worker run times, need one extra
 *    clock read per queue (and per executed kthread_work): they are taken
 *    only while timing is on (kw_stats_set_timing(true), or KWORK_STATS=1
 *    or KWORK_MONITOR=1 in the environment at start-up). Items queued while
 *    timing was off are not counted in the queued-time histogram and show
 *    no age in dumps; nor are items queued while KW__STATS_STAMPS others of
 *    the same pwq or worker wait with a stamp (see below).
 *
 * Histograms: bucket 0 counts durations under 1 µs; bucket b >= 1 counts
 * durations d with 2^(b-1) <= d < 2^b µs; the last bucket also takes
 * everything longer.
 */
#ifndef KWORK_STATS_H
#define KWORK_STATS_H

#include <kwork/compiler.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

KW_BEGIN_DECLS

struct kw_workqueue;
struct kw_kthread_worker;

#define KW_STATS_HIST_BUCKETS 32
#define KW_STATS_NAME_LEN 64

/* A duration histogram (see the header comment for the buckets). */
struct kw_stats_hist {
	uint64_t count;				/* samples */
	uint64_t max_ns;			/* longest sample */
	uint64_t total_ns;			/* sum of the samples */
	uint64_t bucket[KW_STATS_HIST_BUCKETS];
};

/*
 * Internal: queue times of waiting items, kept beside the queue (a work
 * item stays 32 bytes, as in the kernel). Up to KW__STATS_STAMPS items
 * waiting at once per pwq or kthread_worker carry a stamp; items queued
 * while all are taken are not timed (the queued histogram is a sample).
 */
#define KW__STATS_STAMPS 64
struct kw__stats_stamps {
	unsigned int nr;
	struct {
		const void *item;
		int64_t ns;
	} slot[KW__STATS_STAMPS];
};

/* One workqueue's snapshot (kw_wq_stats_get). */
struct kw_wq_stats {
	char name[KW_STATS_NAME_LEN];
	unsigned int flags;		/* KW_WQ_* */
	bool unbound;			/* KW_WQ_UNBOUND */
	bool mem_reclaim;		/* KW_WQ_MEM_RECLAIM: has a rescuer */
	/* wq_monitor's counters (SEMANTICS 4.2) */
	uint64_t started;		/* total */
	uint64_t completed;		/* infl = started - completed */
	uint64_t cpu_time_us;		/* CPUtime (running, not sleeping; wall clock) */
	uint64_t cpu_intensive;		/* CPUitsv: items that hogged a CPU */
	uint64_t cm_wakeup;		/* CMW: concurrency-management wake-ups */
	uint64_t repatriated;		/* RPR: always 0 (one affinity pod) */
	uint64_t mayday;		/* MD: rescuer requests */
	uint64_t rescued;		/* RES: items run by the rescuer */
	/* depth */
	uint64_t pending;		/* queued now, not started (incl. inactive) */
	uint64_t inactive;		/* of which held back by max_active */
	uint64_t running;		/* executing now */
	uint64_t max_in_flight;		/* most items queued + running at once */
	/* durations */
	struct kw_stats_hist queued;	/* queue -> start (timing on only) */
	struct kw_stats_hist run;	/* start -> end of the callback (timing off:
					 * coarse clock, see above) */
};

/* One kthread_worker's snapshot (kw_kthread_worker_stats_get). */
struct kw_kthread_worker_stats {
	char name[KW_STATS_NAME_LEN];	/* its thread's name, "" if none */
	int pid;			/* its thread, 0 if none */
	uint64_t started;
	uint64_t completed;		/* infl = started - completed */
	uint64_t pending;		/* works on work_list now */
	uint64_t delayed;		/* works whose timer is armed */
	uint64_t run_time_us;		/* sum of run.total_ns (timing on only) */
	struct kw_stats_hist queued;	/* queue (or timer expiry) -> start */
	struct kw_stats_hist run;	/* start -> end (timing on only) */
};

/*
 * kw_stats_set_timing - turn queued-time and kthread_worker run-time
 * measurement on or off (default: on iff KWORK_STATS or KWORK_MONITOR is
 * set to a non-zero value at start-up). Context: any.
 */
KW_API void kw_stats_set_timing(bool on);
KW_API bool kw_stats_timing(void);

/*
 * kw_wq_stats_get - snapshot wq's counters into *s.
 * Context: process or timer callback; takes each pool lock of wq in turn
 * (so counters of different pwqs may be microseconds apart).
 */
KW_API void kw_wq_stats_get(struct kw_workqueue *wq, struct kw_wq_stats *s);

/*
 * kw_kthread_worker_stats_get - snapshot worker's counters into *s.
 * Context: any; takes worker->lock. Counters survive the thread stopping
 * until the worker is destroyed or re-initialised.
 */
KW_API void kw_kthread_worker_stats_get(struct kw_kthread_worker *worker,
					struct kw_kthread_worker_stats *s);

/*
 * kw_for_each_wq_stats - call fn(snapshot, arg) for every workqueue, in
 * creation order; stop at the first non-zero return and return it.
 * kw_for_each_kthread_worker_stats - the same for every kthread_worker whose
 * thread runs kw_kthread_worker_fn() now.
 * fn runs with no kwork lock held and may call anything; the snapshots are
 * taken before the first call (objects destroyed meanwhile still appear).
 * Return: fn's first non-zero value, 0, or -ENOMEM.
 */
KW_API int kw_for_each_wq_stats(int (*fn)(const struct kw_wq_stats *s, void *arg),
				void *arg);
KW_API int kw_for_each_kthread_worker_stats(
	int (*fn)(const struct kw_kthread_worker_stats *s, void *arg), void *arg);

/* Output flags of kw_stats_print and kw_dump. */
#define KW_OUT_JSON 0x1u	/* one JSON document instead of text */

/*
 * kw_stats_print - every workqueue and kthread_worker as wq_monitor shows
 * them: a table (name, total, infl, CPUtime, CPUitsv, CMW/RPR, mayday,
 * rescued, then depth and max durations), or with KW_OUT_JSON an object
 * {"timestamp", "workqueues":[...], "kthread_workers":[...]} with every
 * field of the snapshot structures. Context: process.
 * Return: 0, or -errno if out could not be written.
 */
KW_API int kw_stats_print(FILE *out, unsigned int flags);

/*
 * kw_dump - the SysRq-t style dump: every kwork task (pid, name, state,
 * what it blocks in, on which object, for how long); every busy workqueue
 * with its in-flight items (worker pid, function, age), pending and
 * inactive items (function, age); every busy pool; every kthread_worker
 * with its current and queued works. Functions are named as %ps names them.
 * Context: process. The snapshot is built in memory under the locks and
 * written to out after they are released.
 * Return: 0, or -errno.
 */
KW_API int kw_dump(FILE *out, unsigned int flags);

KW_END_DECLS

#endif /* KWORK_STATS_H */
