/*
 * workqueue_internal.h - the workqueue's objects, shared by workqueue.c
 * (pools, workers, queueing, flush, cancel, delayed work),
 * workqueue_debug.c (dumps, watchdog, statistics), workqueue_hog.c (the
 * CPU-hog report) and workqueue_helpers.c (work_on_cpu, RCU work).
 *
 * Layer: workqueue (internal). Lock legend:
 *   P: pool->lock
 *   F: wq->flush_lock (flush colour bookkeeping)
 *   M: kw__wq_mayday_lock
 *   L: kw__wq_list_lock (the list of workqueues)
 *   A: atomic
 *   C: set at creation, then constant
 *   W: written by the worker itself under P; read by others under P, or
 *      by the worker itself without a lock
 *   H: the CPU-hog report table (workqueue_hog.c)
 * Lock order: L -> F -> P -> M -> (completion / timer locks); P -> H.
 */
#ifndef KWORK_WORKQUEUE_INTERNAL_H
#define KWORK_WORKQUEUE_INTERNAL_H

#include <kwork/kwork.h>
#include <kwork/workqueue.h>

#include "kthread_internal.h"
#include "stats_internal.h"
#include "task_internal.h"
#include "teardown_internal.h"
#include "timer_internal.h"

/* Worker flags (the kernel's). NOT_RUNNING ones do not count in nr_running. */
enum {
	WORKER_DIE = 1 << 1,
	WORKER_IDLE = 1 << 2,
	WORKER_PREP = 1 << 3,
	WORKER_CPU_INTENSIVE = 1 << 6,
	WORKER_UNBOUND = 1 << 7,
	WORKER_NOT_RUNNING = WORKER_PREP | WORKER_CPU_INTENSIVE | WORKER_UNBOUND,
};

/* Pool flags. */
enum {
	POOL_MANAGER_ACTIVE = 1 << 0,
	POOL_DISASSOCIATED = 1 << 2,	/* unbound pools carry it, as in the kernel */
};

#define KW__BUSY_HASH_BITS 6
#define KW__MAX_WORKER_IDS 4096

struct kw__pool;
struct kw__pwq;

struct kw__worker {
	struct kw_list_head entry;	/* P: on idle_list while idle */
	struct kw_hlist_node hentry;	/* P: on busy_hash while busy */
	struct kw_work *current_work;	/* P */
	kw_work_func_t current_func;	/* P */
	struct kw__pwq *current_pwq;	/* P */
	int current_color;		/* P */
	int64_t current_at_ns;		/* P: start of item, or last wake-up */
	int64_t run_since_ns;		/* P: for CPU_TIME */
	int64_t start_ns;		/* P: start of current_work (dumps) */
	struct kw_list_head scheduled;	/* P: items assigned to this worker */
	struct kw_task *task;		/* C */
	struct kw__pool *pool;		/* P (changes only for the rescuer) */
	struct kw_list_head node;	/* P: on pool->workers */
	unsigned long last_active;	/* P: jiffies when it went idle */
	unsigned int flags;		/* P, read atomically by the worker */
	int id;				/* C: -1 for the rescuer */
	bool sleeping;			/* P */
	bool rescuer;			/* C */
	char desc[KW_WORKER_DESC_LEN];	/* P */
	kw_work_func_t last_func;	/* P */
	struct kw_workqueue *rescue_wq;	/* C: rescuer only */
};

struct kw__pool {
	kw_spinlock_t lock;
	int cpu;			/* C: -1 for unbound pools */
	int id;				/* C */
	int nice;			/* C: 0 or -20 */
	unsigned int flags;		/* P */
	unsigned long watchdog_ts;	/* P/A: jiffies of last progress */
	struct kw_list_head worklist;	/* P */
	int nr_workers;			/* P */
	int nr_idle;			/* P */
	int nr_running;			/* P */
	struct kw_list_head idle_list;	/* P: LIFO */
	struct kw_hlist_head busy_hash[1 << KW__BUSY_HASH_BITS]; /* P */
	struct kw_list_head workers;	/* P: every attached worker */
	struct kw__worker *manager;	/* P */
	unsigned char ids[KW__MAX_WORKER_IDS / 8]; /* P: worker id bitmap */
	struct kw_timer idle_timer;	/* reaps surplus idle workers */
	struct kw_timer mayday_timer;	/* calls the rescuers */
	struct kw_work idle_cull_work;	/* stops culled workers (process ctx) */
	struct kw_list_head dying;	/* P: culled workers waiting for stop */
};

struct kw__pwq {
	/* The first lines hold what a worker touches for every item. */
	struct kw__pool *pool;		/* C */
	struct kw_workqueue *wq;	/* C */
	int nr_active;			/* P, read atomically by queuers */
	int refcnt;			/* P: 1 + in-flight items */
	int work_color;			/* P */
	int flush_color;		/* P: colour being flushed, or -1 */
	struct kw_list_head inactive_works; /* P */
	/*
	 * The inbox (inbox_internal.h): works queued without pool->lock while
	 * max_active is reached, oldest first, each still to be counted and
	 * coloured. They come after inactive_works: a lock holder that looks
	 * at this pwq's items, colours or counts calls
	 * kw__pwq_drain_inbox_locked() first.
	 */
	struct kw_list_head *inbox_head;	/* P: the consumer's end */
	int nr_in_flight[KW_WORK_NR_COLORS]; /* P */
	struct kw_list_head inbox_anchor;	/* P: the empty inbox's node */
	struct kw_list_head mayday_node;	/* M */
	uint64_t stats[KW_PWQ_NR_STATS];	/* A (relaxed) */
	struct kw__pwq_xstats xstats;		/* P: stats.h extras */
	/* A: the inbox's newest node; lock-free queuers swap theirs in. */
	struct kw_list_head *inbox_tail __attribute__((aligned(64)));
	/* A: lock-free queuers between their append and their last touch of
	 * the pwq; destroy_workqueue waits for none before freeing it. */
	unsigned int queuers;
} __attribute__((aligned(1 << KW_WORK_STRUCT_FLAG_BITS)));

/* A flush_work() barrier, on the flusher's stack. */
struct kw__wq_barrier {
	struct kw_work work;
	struct kw_completion done;
	struct kw_task *task;		/* the flusher, for dumps */
};

/* One caller of flush_workqueue(), on its stack. */
struct kw__wq_flusher {
	struct kw_list_head list;	/* F: flusher_queue / flusher_overflow */
	int flush_color;		/* F */
	struct kw_completion done;
};

struct kw_workqueue {
	struct kw_list_head list;	/* L: on kw__workqueues */
	char name[KW_WQ_NAME_LEN];	/* C */
	unsigned int flags;		/* P of every pool / A */
	int saved_max_active;		/* F: the requested (clamped) value */
	int max_active;			/* A: effective limit (written under L) */
	struct kw__pwq **cpu_pwq;	/* C: per-CPU wqs, one per CPU */
	struct kw__pwq *dfl_pwq;	/* C: unbound wqs */
	int nr_pwqs;			/* C */
	struct kw__pwq **pwqs;		/* C: every pwq */
	struct kw__worker *rescuer;	/* C */
	struct kw_list_head maydays;	/* M: pwqs asking for rescue */
	bool system;			/* C: one of the system workqueues */

	kw_spinlock_t flush_lock;
	int work_color;			/* F */
	int flush_color;		/* F */
	int nr_pwqs_to_flush;		/* A */
	struct kw__wq_flusher *first_flusher;	/* F */
	struct kw_list_head flusher_queue;	/* F */
	struct kw_list_head flusher_overflow;	/* F */
	int nr_drainers;			/* F */
};

/* Every pool, by id (never freed). */
extern struct kw__pool **kw__pools;
extern int kw__nr_pools;
extern int kw__nr_cpu_pools;		/* ids below this are per-CPU pools */
extern kw_spinlock_t kw__wq_list_lock;
extern struct kw_list_head kw__workqueues;	/* L */
extern kw_spinlock_t kw__wq_mayday_lock;
extern unsigned int kw__wq_watchdog_thresh;	/* A: seconds */
extern bool kw__wq_freezing;			/* L */

/* Start the subsystem (pools, initial workers, system wqs); idempotent. */
void kw__workqueue_init(void);

/*
 * kw__workqueue_shutdown - process teardown: destroy the system
 * workqueues, stop the watchdog, stop and join every worker. Call only
 * when nothing is queued or running any more.
 */
void kw__workqueue_shutdown(void);

/* Its entry in the teardown registry (workqueue_teardown.c). */
extern struct kw__teardown kw__workqueue_teardown;

/*
 * kw__work_claim - take w's PENDING bit for a queueing attempt.
 * Return: true if the caller now owns PENDING (w was idle and enabled);
 * false if w was already pending or is disabled (nothing changed).
 */
bool kw__work_claim(struct kw_work *w);

/*
 * kw__wq_cpu_intensive_report - func hogged a per-CPU pool for more than
 * thresh_us: count it and print the kernel's "hogged CPU" line at the
 * cpu_intensive_warning_thresh-th time, then with exponential back-off.
 * Called under the pool lock (lock order P -> H, H = the report table).
 */
void kw__wq_cpu_intensive_report(kw_work_func_t func, unsigned long thresh_us);

/* Core helpers used by workqueue_debug.c and workqueue_helpers.c. */
void kw__queue_work_locked_free(int cpu, struct kw_workqueue *wq,
				struct kw_work *w);
struct kw__worker *kw__find_worker_executing_work(struct kw__pool *pool,
						  struct kw_work *w);
struct kw__pool *kw__get_work_pool(struct kw_work *w);
struct kw__pwq *kw__get_work_pwq(struct kw_work *w);
bool kw__pwq_busy(struct kw__pwq *pwq);
void kw__wq_barrier_func(struct kw_work *w);
void kw__show_pwq_locked(struct kw__pwq *pwq);
void kw__show_pool_locked(struct kw__pool *pool);
/* Seconds the pool's pending work has waited without progress, 0 if none
 * pending (the watchdog's "hung=" figure). Under pool->lock. */
unsigned long kw__pool_hung_s(struct kw__pool *pool);
void kw__pool_cpus(struct kw__pool *pool, char *buf, size_t size);
void kw__wq_watchdog_start(void);
void kw__wq_watchdog_stop(void);

/*
 * Move pwq's inbox onto the tail of its inactive list, giving each work
 * its flush colour and counts (waits out a queuer between its tail swap
 * and its link). pool->lock held.
 */
void kw__pwq_drain_inbox_locked(struct kw__pwq *pwq);

static inline unsigned long kw__work_data(struct kw_work *w)
{
	return (unsigned long)__atomic_load_n(&w->data.counter, __ATOMIC_ACQUIRE);
}

static inline int kw__work_color(unsigned long data)
{
	return (int)((data >> KW_WORK_STRUCT_COLOR_SHIFT) &
		     ((1UL << KW_WORK_STRUCT_COLOR_BITS) - 1));
}

#endif /* KWORK_WORKQUEUE_INTERNAL_H */
