/*
 * workqueue.c - the concurrency-managed workqueue: worker pools, kworkers,
 * queueing, execution, flush, drain, cancel, disable, rescuers.
 *
 * Layer: workqueue. Threads that run here: any caller (queue, cancel,
 * flush; queueing also from timer callbacks), the kworkers of each pool
 * (worker_thread), one rescuer per WQ_MEM_RECLAIM workqueue, and the timer
 * thread (mayday, idle and CPU-hog timers).
 *
 * Objects (the kernel's, see workqueue_internal.h): a worker_pool per
 * virtual CPU and priority (normal, nice -20) plus two unbound pools shared
 * by every unbound workqueue (one affinity pod holding every CPU); a
 * pool_workqueue (pwq) links a workqueue to a pool and enforces max_active
 * and flush colours. A work item claims PENDING with one test-and-set, then
 * one pool->lock section links it on the pool's worklist (or the pwq's
 * inactive list when max_active is reached) and wakes an idle worker only
 * when nobody of the pool is running (nr_running == 0).
 *
 * The inbox: an item that would go inactive anyway (max_active reached)
 * skips pool->lock and is appended to its pwq's lock-free inbox; it is
 * counted and coloured when a lock holder takes it off. The inbox is the
 * tail of the inactive list: completions activate from the list, then the
 * inbox; everyone else who looks at a pwq's items, counts or colours under
 * pool->lock (flush, cancel, drain, queue, dumps, stats) drains it first,
 * and an item a queuer has not appended yet is waited for like any item in
 * transit. So the pool lock is taken once per item, by its worker, while
 * producers run ahead of a saturated queue.
 *
 * Concurrency management: each kworker registers sched hooks on its task.
 * When it blocks inside a callback, sleeping() drops nr_running and, if
 * items are pending and nr_running hit 0, wakes an idle worker; running()
 * counts it again. Unbound workers carry WORKER_UNBOUND and never count.
 * A worker that runs an item longer than cpu_intensive_thresh_us without
 * sleeping stops counting (detected from cond_resched() and a timer).
 *
 * Ordering: the PENDING bit is cleared (with a full barrier) before the
 * callback runs, so a queue_work() that fails because the item is pending
 * is covered by the coming run. An item runs on one worker at a time: a
 * worker taking an item that another worker of the pool is executing
 * hands it to that worker (busy hash), and queueing an item still running
 * on another pool of the same wq targets that pool.
 *
 * Locks: see the legend in workqueue_internal.h.
 */
#include "workqueue_internal.h"
#include "debug_internal.h"
#include "inbox_internal.h"
#include "module_internal.h"
#include "rcu_internal.h"

/* wq->flags also carries DESTROYING/DRAINING, set atomically: read it so. */
static inline unsigned int wq_flags(const struct kw_workqueue *wq)
{
	return __atomic_load_n(&wq->flags, __ATOMIC_RELAXED);
}

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IDLE_WORKER_TIMEOUT_MS_DFL (300 * 1000)
#define MAX_IDLE_WORKERS_RATIO 4
#define MAYDAY_INITIAL_TIMEOUT (KW_HZ / 100 >= 2 ? KW_HZ / 100 : 2)
#define MAYDAY_INTERVAL (KW_HZ / 10)
#define CREATE_COOLDOWN KW_HZ
#define HIGHPRI_NICE_LEVEL (-20)

struct kw__pool **kw__pools;
int kw__nr_pools;
int kw__nr_cpu_pools;
kw_spinlock_t kw__wq_list_lock = KW_SPINLOCK_INIT;
struct kw_list_head kw__workqueues = KW_LIST_HEAD_INIT(kw__workqueues);
kw_spinlock_t kw__wq_mayday_lock = KW_SPINLOCK_INIT;
bool kw__wq_freezing;

static struct kw__pool *unbound_pools[2];	/* C: [0] nice 0, [1] nice -20 */
static unsigned long idle_timeout_jiffies;	/* A */
static unsigned long cpu_intensive_thresh_us = 10000;	/* A */
static bool bind_workers;			/* C: vCPUs map 1:1 to CPUs */
static bool wq_power_efficient;			/* C */
static struct kw_timer hog_timer;		/* scans per-CPU pools */
static bool hog_timer_armed;			/* A */
static KW__TLS struct kw__worker *cur_worker;	/* the calling kworker */

enum {
	SYS_WQ, SYS_PERCPU_WQ, SYS_HIGHPRI_WQ, SYS_LONG_WQ, SYS_UNBOUND_WQ,
	SYS_DFL_WQ, SYS_FREEZABLE_WQ, SYS_POWER_EFFICIENT_WQ,
	SYS_FREEZABLE_POWER_EFFICIENT_WQ, NR_SYS_WQS
};
static struct kw_workqueue *sys_wqs[NR_SYS_WQS];	/* C */

static struct kw_workqueue *alloc_wq(const char *fmt, unsigned int flags,
				     int max_active, va_list args);
static void idle_cull_fn(struct kw_work *w);
static void idle_timer_fn(struct kw_timer *t);
static void mayday_timer_fn(struct kw_timer *t);

/* ---- the work data word ---------------------------------------------------- */

#define WORK_FLAG_MASK ((1UL << KW_WORK_STRUCT_FLAG_BITS) - 1)
#define OFFQ_DISABLE_MAX ((1UL << KW_WORK_OFFQ_DISABLE_BITS) - 1)

static void set_work_data(struct kw_work *w, unsigned long data)
{
	__atomic_store_n(&w->data.counter, (long)data, __ATOMIC_RELEASE);
}

static unsigned long offq_pack(unsigned long pool_id, unsigned long depth)
{
	return (pool_id << KW_WORK_OFFQ_POOL_SHIFT) |
	       (depth << KW_WORK_OFFQ_DISABLE_SHIFT);
}

static unsigned long offq_pool_id(unsigned long data)
{
	return data >> KW_WORK_OFFQ_POOL_SHIFT;
}

static unsigned long offq_depth(unsigned long data)
{
	return (data >> KW_WORK_OFFQ_DISABLE_SHIFT) & OFFQ_DISABLE_MAX;
}

static void set_work_pwq(struct kw_work *w, struct kw__pwq *pwq,
			 unsigned long flags)
{
	set_work_data(w, (unsigned long)pwq | KW_WORK_STRUCT_PWQ |
			 KW_WORK_STRUCT_PENDING | flags);
}

static void set_work_pool_and_keep_pending(struct kw_work *w, int pool_id)
{
	set_work_data(w, offq_pack((unsigned long)pool_id, 0) |
			 KW_WORK_STRUCT_PENDING);
}

/*
 * The last update of an item by its executor or canceller: once PENDING is
 * clear anyone may claim it. The full barrier orders the clear before the
 * callback's loads (W2/W3: a failed queue_work is covered by this run).
 */
static void set_work_pool_and_clear_pending(struct kw_work *w,
					    unsigned long pool_id,
					    unsigned long depth)
{
	set_work_data(w, offq_pack(pool_id, depth));
	kw_smp_mb();
}

static bool test_and_set_pending(struct kw_work *w)
{
	return __atomic_fetch_or(&w->data.counter, (long)KW_WORK_STRUCT_PENDING,
				 __ATOMIC_SEQ_CST) & KW_WORK_STRUCT_PENDING;
}

struct kw__pwq *kw__get_work_pwq(struct kw_work *w)
{
	unsigned long data = kw__work_data(w);
	if (data & KW_WORK_STRUCT_PWQ)
		return (struct kw__pwq *)(data & ~WORK_FLAG_MASK);
	return NULL;
}

/* The pool w is queued on or last ran on, or NULL. Racy: lock and re-check. */
struct kw__pool *kw__get_work_pool(struct kw_work *w)
{
	unsigned long data = kw__work_data(w);
	if (data & KW_WORK_STRUCT_PWQ)
		return ((struct kw__pwq *)(data & ~WORK_FLAG_MASK))->pool;
	unsigned long id = offq_pool_id(data);
	if (id >= (unsigned long)kw__nr_pools)
		return NULL;
	return kw__pools[id];
}

/*
 * We own PENDING: if w is disabled, release it again.
 * Return: true if w was disabled (and PENDING is clear again).
 */
static __attribute__((noinline, cold)) void release_disabled(struct kw_work *w,
							    unsigned long data)
{
	set_work_pool_and_clear_pending(w, offq_pool_id(data), offq_depth(data));
}

static inline __attribute__((always_inline))
bool clear_pending_if_disabled(struct kw_work *w)
{
	unsigned long data = kw__work_data(w);
	if (kw_likely(!offq_depth(data)))
		return false;
	release_disabled(w, data);
	return true;
}

/* ---- pool policy (all under pool->lock) --------------------------------------- */

static bool need_more_worker(struct kw__pool *pool)
{
	return !kw_list_empty(&pool->worklist) && !pool->nr_running;
}

static bool may_start_working(struct kw__pool *pool)
{
	return pool->nr_idle != 0;
}

static bool keep_working(struct kw__pool *pool)
{
	return !kw_list_empty(&pool->worklist) && pool->nr_running <= 1;
}

static bool need_to_create_worker(struct kw__pool *pool)
{
	return need_more_worker(pool) && !may_start_working(pool);
}

static bool too_many_workers(struct kw__pool *pool)
{
	bool managing = pool->flags & POOL_MANAGER_ACTIVE;
	int nr_idle = pool->nr_idle + managing;
	int nr_busy = pool->nr_workers - nr_idle;
	return nr_idle > 2 && (nr_idle - 2) * MAX_IDLE_WORKERS_RATIO >= nr_busy;
}

static unsigned int worker_flags(struct kw__worker *worker)
{
	return __atomic_load_n(&worker->flags, __ATOMIC_RELAXED);
}

/* Set flags on worker; leaving the counted state drops nr_running. */
static void worker_set_flags(struct kw__worker *worker, unsigned int flags)
{
	struct kw__pool *pool = worker->pool;
	unsigned int old = worker->flags;
	if ((flags & WORKER_NOT_RUNNING) && !(old & WORKER_NOT_RUNNING))
		pool->nr_running--;
	__atomic_store_n(&worker->flags, old | flags, __ATOMIC_RELAXED);
}

static void worker_clr_flags(struct kw__worker *worker, unsigned int flags)
{
	struct kw__pool *pool = worker->pool;
	unsigned int old = worker->flags, now = old & ~flags;
	if ((old & WORKER_NOT_RUNNING) && !(now & WORKER_NOT_RUNNING))
		pool->nr_running++;
	__atomic_store_n(&worker->flags, now, __ATOMIC_RELAXED);
}

/*
 * Wake the most recently idled worker if the pool needs one. The futex
 * wake this may owe goes to *owed, for kw__wake_flush() once pool->lock
 * is dropped (the woken worker takes it first thing).
 */
static bool kick_pool_owed(struct kw__pool *pool, unsigned int **owed)
{
	if (!need_more_worker(pool) || kw_list_empty(&pool->idle_list))
		return false;
	struct kw__worker *w =
		kw_list_first_entry(&pool->idle_list, struct kw__worker, entry);
	kw__wake_up_owed(w->task, KW_TASK_NORMAL, owed);
	return true;
}

static bool kick_pool(struct kw__pool *pool)
{
	unsigned int *owed = NULL;
	bool kicked = kick_pool_owed(pool, &owed);
	kw__wake_flush(owed);
	return kicked;
}

static void pwq_stat_add(struct kw__pwq *pwq, int stat, uint64_t n)
{
	__atomic_fetch_add(&pwq->stats[stat], n, __ATOMIC_RELAXED);
}

/*
 * For STARTED, COMPLETED and CPU_TIME, which only pool->lock holders
 * change: a plain add (no locked instruction on the per-item path);
 * readers load each counter atomically.
 */
static void pwq_stat_add_locked(struct kw__pwq *pwq, int stat, uint64_t n)
{
	__atomic_store_n(&pwq->stats[stat],
			 __atomic_load_n(&pwq->stats[stat], __ATOMIC_RELAXED) + n,
			 __ATOMIC_RELAXED);
}

/* ---- busy hash ------------------------------------------------------------------- */

static unsigned int busy_hash(const struct kw_work *w)
{
	uintptr_t p = (uintptr_t)w;
	p ^= p >> 17;
	p *= 0x9E3779B97F4A7C15ULL;
	return (unsigned int)(p >> (64 - KW__BUSY_HASH_BITS));
}

struct kw__worker *kw__find_worker_executing_work(struct kw__pool *pool,
						  struct kw_work *w)
{
	struct kw_hlist_node *n = pool->busy_hash[busy_hash(w)].first;
	for (; n; n = n->next) {
		struct kw__worker *worker =
			kw_container_of(n, struct kw__worker, hentry);
		if (worker->current_work == w && worker->current_func == w->func)
			return worker;
	}
	return NULL;
}

/* ---- moving items ---------------------------------------------------------------- */

/* Move w and the barriers linked behind it to the tail of head. */
static void move_linked_works(struct kw_work *w, struct kw_list_head *head)
{
	for (;;) {
		struct kw_list_head *next = w->entry.next;
		kw_list_move_tail(&w->entry, head);
		if (!(kw__work_data(w) & KW_WORK_STRUCT_LINKED))
			break;
		w = kw_list_entry(next, struct kw_work, entry);
	}
}

/* Give w to worker, or to the pool's worker already executing it (W7). */
static bool assign_work(struct kw_work *w, struct kw__worker *worker)
{
	struct kw__worker *collision =
		kw__find_worker_executing_work(worker->pool, w);
	if (collision) {
		move_linked_works(w, &collision->scheduled);
		return false;
	}
	move_linked_works(w, &worker->scheduled);
	return true;
}

static inline __attribute__((always_inline))
void insert_work(struct kw__pwq *pwq, struct kw_work *w,
		 struct kw_list_head *head, unsigned long flags)
{
	struct kw__pool *pool = pwq->pool;
	if (head == &pool->worklist && kw_list_empty(head))
		__atomic_store_n(&pool->watchdog_ts, kw_jiffies(), __ATOMIC_RELAXED);
	set_work_pwq(w, pwq, flags);
	kw_list_add_tail(&w->entry, head);
	pwq->refcnt++;
	kw__pwq_xstats_in_flight(&pwq->xstats, pwq->refcnt - 1);
}

/* ---- max_active ------------------------------------------------------------------ */

static int wq_max_active(struct kw_workqueue *wq)
{
	return __atomic_load_n(&wq->max_active, __ATOMIC_RELAXED);
}

/* nr_active changes under pool->lock; lock-free queuers read it. */
static void pwq_set_nr_active(struct kw__pwq *pwq, int n)
{
	__atomic_store_n(&pwq->nr_active, n, __ATOMIC_RELAXED);
}

static bool pwq_tryinc_nr_active(struct kw__pwq *pwq)
{
	if (pwq->nr_active >= wq_max_active(pwq->wq))
		return false;
	pwq_set_nr_active(pwq, pwq->nr_active + 1);
	return true;
}

static void pwq_activate_work(struct kw__pwq *pwq, struct kw_work *w)
{
	struct kw__pool *pool = pwq->pool;
	/* A worker of pool stamps progress at each item's end itself. */
	bool by_own_worker = cur_worker && cur_worker->pool == pool;
	if (kw_list_empty(&pool->worklist) && !by_own_worker)
		__atomic_store_n(&pool->watchdog_ts, kw_jiffies(), __ATOMIC_RELAXED);
	KW__PROBE1(workqueue_activate_work, w);
	move_linked_works(w, &pool->worklist);
	/* No locked op: w is pending and listed, so the only other writers
	 * are pool->lock holders and test_and_set_pending() (a no-op here). */
	__atomic_store_n(&w->data.counter,
			 (long)(kw__work_data(w) & ~KW_WORK_STRUCT_INACTIVE),
			 __ATOMIC_RELAXED);
}

/* ---- the inbox (queueing without pool->lock) ----------------------------------------- */

static struct kw__inbox inbox_of(struct kw__pwq *pwq)
{
	return (struct kw__inbox){ &pwq->inbox_head, &pwq->inbox_anchor,
				   &pwq->inbox_tail };
}

/* Put w, just taken off the inbox, on the inactive list with the current
 * flush colour, as a locked queue of an inactive item would. */
static void list_inactive(struct kw__pwq *pwq, struct kw_work *w)
{
	int color = pwq->work_color;
	pwq->nr_in_flight[color]++;
	insert_work(pwq, w, &pwq->inactive_works,
		    ((unsigned long)color << KW_WORK_STRUCT_COLOR_SHIFT) |
		    KW_WORK_STRUCT_INACTIVE);
}

void kw__pwq_drain_inbox_locked(struct kw__pwq *pwq)
{
	struct kw_list_head *n;
	while ((n = kw__inbox_take_wait(inbox_of(pwq))))
		list_inactive(pwq, kw_list_entry(n, struct kw_work, entry));
}

/* The oldest inactive item (the list, then the inbox), or NULL. */
static struct kw_work *first_inactive(struct kw__pwq *pwq)
{
	if (kw_list_empty(&pwq->inactive_works)) {
		struct kw_list_head *n = kw__inbox_take_wait(inbox_of(pwq));
		if (!n)
			return NULL;
		list_inactive(pwq, kw_list_entry(n, struct kw_work, entry));
	}
	return kw_list_first_entry(&pwq->inactive_works, struct kw_work, entry);
}

/* True while w is in the inbox (appended or about to be): not yet on a
 * list, so no lock holder may touch its entry. pool->lock held, after
 * kw__pwq_drain_inbox_locked(). */
static bool in_inbox(const struct kw_work *w)
{
	return !w->entry.prev;
}

/* Activate inactive items, in order, while max_active allows. */
static bool pwq_activate_inactive(struct kw__pwq *pwq)
{
	bool any = false;
	struct kw_work *w;
	while (pwq->nr_active < wq_max_active(pwq->wq) && (w = first_inactive(pwq))) {
		pwq_set_nr_active(pwq, pwq->nr_active + 1);
		pwq_activate_work(pwq, w);
		any = true;
	}
	return any;
}

/*
 * An item of pwq left its lists (ran, or was grabbed): release its active
 * slot, its flush colour and its reference. Last access to pwq for it.
 */
static void pwq_dec_nr_in_flight(struct kw__pwq *pwq, unsigned long data)
{
	int color = kw__work_color(data);
	if (!(data & KW_WORK_STRUCT_INACTIVE)) {
		/* Sequentially consistent, before the inbox is looked at:
		 * pairs with queue_to_inbox()'s append-then-check. */
		__atomic_store_n(&pwq->nr_active, pwq->nr_active - 1,
				 __ATOMIC_SEQ_CST);
		pwq_activate_inactive(pwq);
	}
	pwq->nr_in_flight[color]--;
	pwq->refcnt--;
	if (kw_likely(pwq->flush_color != color) || pwq->nr_in_flight[color])
		return;
	pwq->flush_color = -1;
	struct kw_workqueue *wq = pwq->wq;
	if (__atomic_sub_fetch(&wq->nr_pwqs_to_flush, 1, __ATOMIC_ACQ_REL) == 0)
		kw_complete(&wq->first_flusher->done);
}

/* ---- queueing ---------------------------------------------------------------------- */

static bool is_chained_work(struct kw_workqueue *wq)
{
	struct kw__worker *worker = cur_worker;
	return worker && worker->current_pwq && worker->current_pwq->wq == wq;
}

static struct kw__pwq *select_pwq(struct kw_workqueue *wq, int req_cpu)
{
	if (wq->dfl_pwq)
		return wq->dfl_pwq;
	unsigned int cpu = (unsigned int)req_cpu;
	if (req_cpu == KW_WORK_CPU_UNBOUND)
		cpu = kw_smp_processor_id();
	else if (KW_WARN_ON_ONCE(req_cpu < 0 || cpu >= kw_nr_cpu_ids()))
		cpu = kw_smp_processor_id();
	return wq->cpu_pwq[cpu];
}

/* w last ran on another pool, last: if it still runs there for wq, that
 * pool (and its pwq) wins (W5); else pwq's. Returns with the pool locked. */
static __attribute__((noinline))
struct kw__pwq *lock_other_pool_pwq(struct kw_workqueue *wq, struct kw__pwq *pwq,
				    struct kw_work *w, struct kw__pool *last)
{
	kw__spin_lock(&last->lock);
	struct kw__worker *worker = kw__find_worker_executing_work(last, w);
	if (worker && worker->current_pwq->wq == wq)
		return worker->current_pwq;
	kw__spin_unlock(&last->lock);
	kw__spin_lock(&pwq->pool->lock);
	return pwq;
}

/*
 * Lock the pool w should go to. If w still runs on another pool for this
 * wq, that pool (and its pwq) wins: non-reentrancy (W5).
 */
static inline struct kw__pwq *lock_target_pwq(struct kw_workqueue *wq,
					      struct kw__pwq *pwq, struct kw_work *w)
{
	struct kw__pool *last = kw__get_work_pool(w);
	if (kw_unlikely(last && last != pwq->pool))
		return lock_other_pool_pwq(wq, pwq, w, last);
	kw__spin_lock(&pwq->pool->lock);
	return pwq;
}

/* A destroying or draining wq takes only chained items; WARN for others. */
static __attribute__((noinline, cold))
bool queue_refused(struct kw_workqueue *wq, struct kw_work *w)
{
	return KW_WARN_ONCE(!is_chained_work(wq), "workqueue: cannot queue %ps on wq %s",
			    (void *)w->func, wq->name);
}

/*
 * The item is already on a list, or its entry was never initialised (a
 * zeroed work_struct): WARN and leave it where it is, as the kernel does.
 */
static __attribute__((noinline, cold))
void queue_listed(struct kw__pool *pool, struct kw_work *w)
{
	KW_WARN(1, "workqueue: work %p (%ps) is already on a list or was never "
		"initialised with INIT_WORK", (void *)w, (void *)w->func);
	kw_spin_unlock(&pool->lock);
}

/*
 * A NULL workqueue, which the kernel would oops on: WARN naming the
 * operation and the work (if any) and do nothing. Return: true if wq is NULL.
 */
static __attribute__((noinline, cold))
bool null_wq_warn(const char *op, const struct kw_work *w)
{
	if (w)
		return KW_WARN(1, "workqueue: %s() on a NULL workqueue (work %ps)", op,
			       (void *)w->func);
	return KW_WARN(1, "workqueue: %s() on a NULL workqueue", op);
}

#define NULL_WQ(wq, op, w) (kw_unlikely(!(wq)) && null_wq_warn(op, w))

/*
 * May w skip pool->lock? Only if it would go inactive anyway (max_active
 * reached, or older items wait in the inbox), it last ran on pwq's pool or
 * never ran (W5 needs another pool's lock), and no queue-time stamp is
 * kept (the stamp table is under the lock). A stale answer is harmless:
 * the locked path decides again, and queue_to_inbox() looks at max_active
 * once more after its append.
 */
static inline bool inbox_path_ok(struct kw__pwq *pwq, struct kw_work *w,
				 int64_t stamp)
{
	unsigned long last = offq_pool_id(kw__work_data(w));
	if (stamp || !kw_list_empty(&w->entry) ||
	    (last != (unsigned long)pwq->pool->id && last != KW_WORK_OFFQ_POOL_NONE))
		return false;
	return __atomic_load_n(&pwq->nr_active, __ATOMIC_RELAXED) >=
		       wq_max_active(pwq->wq) ||
	       __atomic_load_n(&pwq->inbox_tail, __ATOMIC_RELAXED) !=
		       &pwq->inbox_anchor;
}

/* A slot freed while w was appended: start what fits, under the lock. */
static __attribute__((noinline)) void activate_from_inbox(struct kw__pwq *pwq)
{
	unsigned int *owed = NULL;
	kw__spin_lock(&pwq->pool->lock);
	if (pwq_activate_inactive(pwq))
		kick_pool_owed(pwq->pool, &owed);
	kw__spin_unlock(&pwq->pool->lock);
	kw__wake_flush(owed);
}

/*
 * Append w to pwq's inbox: it is inactive behind every item already
 * waiting, and gets its colour and counts when a lock holder takes it off.
 * No wake-up: all active slots are busy, and each completion starts the
 * next item. A completion lowers nr_active before it looks at the inbox;
 * this looks at nr_active after its append; so if a slot freed meanwhile,
 * one of the two starts w. w may run (and its waiter destroy wq) as soon
 * as it is appended: the queuers count covers the later touches of pwq.
 */
static inline __attribute__((always_inline))
void queue_to_inbox(struct kw__pwq *pwq, struct kw_work *w)
{
	__atomic_fetch_add(&pwq->queuers, 1, __ATOMIC_RELAXED);
	w->entry.prev = NULL;	/* in_inbox() until a lock holder lists it */
	set_work_pwq(w, pwq, KW_WORK_STRUCT_INACTIVE);
	kw__inbox_append(inbox_of(pwq), &w->entry);
	if (__atomic_load_n(&pwq->nr_active, __ATOMIC_SEQ_CST) <
	    __atomic_load_n(&pwq->wq->max_active, __ATOMIC_SEQ_CST))
		activate_from_inbox(pwq);
	__atomic_fetch_sub(&pwq->queuers, 1, __ATOMIC_RELEASE);
}

/* Wait until no lock-free queuer touches pwq. No lock held. */
static void wait_for_queuers(struct kw__pwq *pwq)
{
	for (unsigned int spins = 0;
	     __atomic_load_n(&pwq->queuers, __ATOMIC_ACQUIRE); spins++)
		kw__inbox_backoff(spins);
}

/*
 * __queue_work() under the pool lock: to the worklist (waking a worker if
 * the pool needs one) or, past max_active, to the inactive list. Kept out
 * of line so the inbox path needs few saved registers.
 */
static __attribute__((noinline))
void queue_work_locked(int req_cpu, struct kw_workqueue *wq,
		       struct kw__pwq *pwq, struct kw_work *w, int64_t stamp)
{
	pwq = lock_target_pwq(wq, pwq, w);
	struct kw__pool *pool = pwq->pool;
	KW__PROBE5(workqueue_queue_work, w, w->func, wq->name, req_cpu, pool->cpu);

	if (kw_unlikely(!kw_list_empty(&w->entry))) {
		queue_listed(pool, w);
		return;
	}
	/* Items in the inbox are older: list them first, start what fits
	 * (a slot may have freed since their queuers looked). */
	kw__pwq_drain_inbox_locked(pwq);
	bool started = pwq_activate_inactive(pwq);
	kw__stamp_put(&pwq->xstats.stamps, w, stamp);
	int color = pwq->work_color;
	unsigned long flags = (unsigned long)color << KW_WORK_STRUCT_COLOR_SHIFT;
	unsigned int *owed = NULL;
	pwq->nr_in_flight[color]++;
	if (kw_list_empty(&pwq->inactive_works) && pwq_tryinc_nr_active(pwq)) {
		KW__PROBE1(workqueue_activate_work, w);
		insert_work(pwq, w, &pool->worklist, flags);
		started = true;
	} else {
		insert_work(pwq, w, &pwq->inactive_works,
			    flags | KW_WORK_STRUCT_INACTIVE);
	}
	if (started)
		kick_pool_owed(pool, &owed);
	kw__spin_unlock(&pool->lock);
	kw__wake_flush(owed);
}

/*
 * The caller owns w's PENDING bit. Context: any. Hot path: an item that
 * would go inactive is appended to the pwq's inbox without a lock; any
 * other takes one pool lock section; the rare cases are out of line.
 */
static inline __attribute__((always_inline))
void __queue_work(int req_cpu, struct kw_workqueue *wq, struct kw_work *w)
{
	unsigned int wq_flags = __atomic_load_n(&wq->flags, __ATOMIC_RELAXED);
	if (kw__forked_child_check("queue_work"))
		return;	/* from a timer: PENDING stays set, as in W28 */
	if (kw_unlikely(wq_flags & (KW__WQ_DESTROYING | KW__WQ_DRAINING)) &&
	    queue_refused(wq, w))
		return;

	int64_t stamp = kw__stats_stamp();
	struct kw__pwq *pwq = select_pwq(wq, req_cpu);
	if (kw_likely(inbox_path_ok(pwq, w, stamp))) {
		KW__PROBE5(workqueue_queue_work, w, w->func, wq->name, req_cpu,
			   pwq->pool->cpu);
		queue_to_inbox(pwq, w);
		return;
	}
	queue_work_locked(req_cpu, wq, pwq, w, stamp);
}

void kw__queue_work_locked_free(int cpu, struct kw_workqueue *wq,
				struct kw_work *w)
{
	__queue_work(cpu, wq, w);
}

bool kw__work_claim(struct kw_work *w)
{
	return !test_and_set_pending(w) && !clear_pending_if_disabled(w);
}

bool kw_queue_work_on(int cpu, struct kw_workqueue *wq, struct kw_work *w)
{
	if (kw__forked_child_check("queue_work") || NULL_WQ(wq, "queue_work_on", w))
		return false;
	/* One lock bts; once PENDING is ours the word is the off-queue one. */
	if (test_and_set_pending(w) || clear_pending_if_disabled(w))
		return false;
	__queue_work(cpu, wq, w);
	return true;
}

bool kw_queue_work_node(int node, struct kw_workqueue *wq, struct kw_work *w)
{
	if (NULL_WQ(wq, "queue_work_node", w))
		return false;
	KW_WARN_ON_ONCE(!(wq_flags(wq) & KW_WQ_UNBOUND));
	return kw_queue_work_on(KW_WORK_CPU_UNBOUND, wq, w);
}

bool kw_schedule_work_on(int cpu, struct kw_work *w)
{
	return kw_queue_work_on(cpu, kw_system_wq(), w);
}

bool kw_schedule_work(struct kw_work *w)
{
	return kw_queue_work_on(KW_WORK_CPU_UNBOUND, kw_system_wq(), w);
}

/* ---- grabbing the pending state ---------------------------------------------------- */

/*
 * Lock the pool w is queued on or last ran on and return it, NULL if none.
 * *pwq: the pwq w's data names (NULL: not queued); if it is pool's, w is
 * listed: an item a queuer is still appending to an inbox is waited for. The
 * answer is read once: a lock-free queuer may queue an idle w at any time
 * (its data then names a pwq), which a flush or cancel that looked first
 * need not wait for.
 */
static struct kw__pool *lock_work_pool_settled(struct kw_work *w,
					       struct kw__pwq **pwq)
{
	for (unsigned int spins = 0;; spins++) {
		struct kw__pool *pool = kw__get_work_pool(w);
		if (!pool)
			return NULL;
		kw_spin_lock(&pool->lock);
		*pwq = kw__get_work_pwq(w);
		if (!*pwq || (*pwq)->pool != pool)
			return pool;
		kw__pwq_drain_inbox_locked(*pwq);
		if (!in_inbox(w))
			return pool;
		kw_spin_unlock(&pool->lock);
		kw__inbox_backoff(spins);
	}
}

/*
 * Steal w's PENDING bit from wherever it is.
 * Return: 1 if w was pending (queued or timer armed) and is now ours, still
 * PENDING and off every list; 0 if it was idle and PENDING is now ours;
 * -EAGAIN if it is in transit (being queued, timer firing): retry.
 */
static int try_to_grab_pending(struct kw_work *w, bool is_dwork)
{
	if (is_dwork && kw_timer_delete(&kw_to_delayed_work(w)->timer))
		return 1;
	if (!test_and_set_pending(w))
		return 0;

	struct kw__pwq *pwq;
	struct kw__pool *pool = lock_work_pool_settled(w, &pwq);
	if (!pool)
		return -EAGAIN;
	if (pwq && pwq->pool == pool) {
		unsigned long data = kw__work_data(w);
		if (data & KW_WORK_STRUCT_INACTIVE)
			move_linked_works(w, &pool->worklist);
		kw_list_del_init(&w->entry);
		kw__stamp_take(&pwq->xstats.stamps, w);
		set_work_pool_and_keep_pending(w, pool->id);
		pwq_dec_nr_in_flight(pwq, data);
		kick_pool(pool);
		kw_spin_unlock(&pool->lock);
		return 1;
	}
	kw_spin_unlock(&pool->lock);
	return -EAGAIN;
}

static int grab_pending(struct kw_work *w, bool is_dwork)
{
	int ret;
	for (unsigned int spins = 0;
	     (ret = try_to_grab_pending(w, is_dwork)) == -EAGAIN; spins++)
		kw__inbox_backoff(spins);
	return ret;
}

/* ---- flush barriers ------------------------------------------------------------------ */

void kw__wq_barrier_func(struct kw_work *w)
{
	struct kw__wq_barrier *barr = kw_container_of(w, struct kw__wq_barrier, work);
	kw_complete(&barr->done);
}

/*
 * Queue barr right behind target (pending) or first on the worker running
 * it. It takes target's colour and never counts toward max_active (W16).
 */
static void insert_wq_barrier(struct kw__pwq *pwq, struct kw__wq_barrier *barr,
			      struct kw_work *target, struct kw__worker *worker)
{
	struct kw_list_head *head;
	unsigned long linked = 0;
	int color;

	kw_init_work(&barr->work, kw__wq_barrier_func);
	kw_init_completion(&barr->done);
	barr->task = kw_current();
	if (worker) {
		head = worker->scheduled.next;
		color = worker->current_color;
	} else {
		unsigned long data = kw__work_data(target);
		head = target->entry.next;
		linked = data & KW_WORK_STRUCT_LINKED;
		color = kw__work_color(data);
		__atomic_fetch_or(&target->data.counter,
				  (long)KW_WORK_STRUCT_LINKED, __ATOMIC_RELAXED);
	}
	pwq->nr_in_flight[color]++;
	insert_work(pwq, &barr->work, head,
		    ((unsigned long)color << KW_WORK_STRUCT_COLOR_SHIFT) |
		    KW_WORK_STRUCT_INACTIVE | linked);
}

static void check_flush_dependency(struct kw_workqueue *target_wq,
				   struct kw_work *target_work)
{
	kw_work_func_t target_func = target_work ? target_work->func : NULL;
	if (wq_flags(target_wq) & KW_WQ_MEM_RECLAIM)
		return;
	struct kw_task *t = kw_current();
	KW_WARN_ONCE(t->flags & KW_PF_MEMALLOC,
		     "workqueue: PF_MEMALLOC task %d(%s) is flushing !WQ_MEM_RECLAIM %s:%ps",
		     t->pid, t->comm, target_wq->name, (void *)target_func);
	struct kw__worker *worker = cur_worker;
	if (!worker || !worker->current_pwq)
		return;
	struct kw_workqueue *wq = worker->current_pwq->wq;
	KW_WARN_ONCE((wq_flags(wq) & (KW_WQ_MEM_RECLAIM | KW__WQ_LEGACY)) ==
		     KW_WQ_MEM_RECLAIM,
		     "workqueue: WQ_MEM_RECLAIM %s:%ps is flushing !WQ_MEM_RECLAIM %s:%ps",
		     wq->name, (void *)worker->current_func, target_wq->name,
		     (void *)target_func);
}

/* Return: true if a barrier was queued behind the last instance of w. */
static bool start_flush_work(struct kw_work *w, struct kw__wq_barrier *barr,
			     bool from_cancel)
{
	struct kw__pwq *pwq;
	struct kw__pool *pool = lock_work_pool_settled(w, &pwq);
	if (!pool)
		return false;
	struct kw__worker *worker = NULL;
	if (pwq) {
		if (pwq->pool != pool)
			goto gone;
	} else {
		worker = kw__find_worker_executing_work(pool, w);
		if (!worker)
			goto gone;
		pwq = worker->current_pwq;
	}
	if (!from_cancel)
		check_flush_dependency(pwq->wq, w);
	insert_wq_barrier(pwq, barr, w, worker);
	kw_spin_unlock(&pool->lock);
	return true;
gone:
	kw_spin_unlock(&pool->lock);
	return false;
}

/* The calling worker runs w right now (flushing it would wait for itself). */
static bool flushing_self(struct kw_work *w)
{
	struct kw__worker *worker = cur_worker;
	return worker && worker->current_work == w;
}

static bool __flush_work(struct kw_work *w, bool from_cancel)
{
	struct kw__wq_barrier barr;
	if (kw__lockdep_flush_work(w, from_cancel ? "cancel_work_sync" : "flush_work"))
		return false;
	if (!start_flush_work(w, &barr, from_cancel))
		return false;
	kw__set_blocked("flush_work", w);
	kw_wait_for_completion(&barr.done);
	return true;
}

bool kw_flush_work(struct kw_work *w)
{
	if (KW_WARN_ON(!w->func))
		return false;
	if (KW_WARN(flushing_self(w),
		    "workqueue: flush_work(%ps) from its own callback would deadlock",
		    (void *)w->func))
		return false;
	kw_might_sleep();
	return __flush_work(w, false);
}

/* ---- cancel / disable ------------------------------------------------------------------ */

/* Grab w, optionally bump its disable depth, release PENDING. */
static bool __cancel_work(struct kw_work *w, bool is_dwork, bool disable)
{
	int ret = grab_pending(w, is_dwork);
	unsigned long data = kw__work_data(w);
	unsigned long depth = offq_depth(data);
	if (disable) {
		if (KW_WARN_ONCE(depth == OFFQ_DISABLE_MAX,
				 "workqueue: work disable count overflowed"))
			;
		else
			depth++;
	}
	set_work_pool_and_clear_pending(w, offq_pool_id(data), depth);
	return ret;
}

static bool __cancel_work_sync(struct kw_work *w, bool is_dwork, bool disable)
{
	if (KW_WARN(flushing_self(w),
		    "workqueue: cancel_work_sync(%ps) from its own callback would deadlock",
		    (void *)w->func))
		return disable ? __cancel_work(w, is_dwork, true)
			       : __cancel_work(w, is_dwork, false);
	kw_might_sleep();
	bool ret = __cancel_work(w, is_dwork, true);
	__flush_work(w, true);
	if (!disable)
		kw_enable_work(w);
	return ret;
}

bool kw_cancel_work(struct kw_work *w)
{
	return __cancel_work(w, false, false);
}

bool kw_cancel_work_sync(struct kw_work *w)
{
	return __cancel_work_sync(w, false, false);
}

bool kw_disable_work(struct kw_work *w)
{
	return __cancel_work(w, false, true);
}

bool kw_disable_work_sync(struct kw_work *w)
{
	return __cancel_work_sync(w, false, true);
}

bool kw_enable_work(struct kw_work *w)
{
	grab_pending(w, false);
	unsigned long data = kw__work_data(w);
	unsigned long depth = offq_depth(data);
	if (!KW_WARN_ONCE(depth == 0, "workqueue: work disable count underflowed"))
		depth--;
	set_work_pool_and_clear_pending(w, offq_pool_id(data), depth);
	return depth == 0;
}

/* ---- delayed work --------------------------------------------------------------------- */

void kw_delayed_work_timer_fn(struct kw_timer *t)
{
	struct kw_delayed_work *dw = kw_container_of(t, struct kw_delayed_work, timer);
	__queue_work(dw->cpu, dw->wq, &dw->work);
}

/* The caller owns PENDING of dw->work. */
static void __queue_delayed_work(int cpu, struct kw_workqueue *wq,
				 struct kw_delayed_work *dw, unsigned long delay)
{
	struct kw_timer *timer = &dw->timer;
	KW_WARN_ON_ONCE(timer->function != kw_delayed_work_timer_fn);
	KW_WARN_ON_ONCE(kw_timer_pending(timer));
	KW_WARN_ON_ONCE(!kw_list_empty(&dw->work.entry));
	if (!delay) {
		__queue_work(cpu, wq, &dw->work);
		return;
	}
	dw->wq = wq;
	dw->cpu = cpu;
	timer->expires = kw_jiffies() + delay;
	if (cpu == KW_WORK_CPU_UNBOUND)
		kw_add_timer_global(timer);
	else
		kw_add_timer_on(timer, cpu);
}

bool kw_queue_delayed_work_on(int cpu, struct kw_workqueue *wq,
			      struct kw_delayed_work *dw, unsigned long delay)
{
	if (NULL_WQ(wq, "queue_delayed_work_on", &dw->work))
		return false;
	if (!kw__work_claim(&dw->work))
		return false;
	__queue_delayed_work(cpu, wq, dw, delay);
	return true;
}

bool kw_mod_delayed_work_on(int cpu, struct kw_workqueue *wq,
			    struct kw_delayed_work *dw, unsigned long delay)
{
	if (NULL_WQ(wq, "mod_delayed_work_on", &dw->work))
		return false;
	int ret = grab_pending(&dw->work, true);
	if (!clear_pending_if_disabled(&dw->work))
		__queue_delayed_work(cpu, wq, dw, delay);
	return ret == 1;
}

bool kw_schedule_delayed_work_on(int cpu, struct kw_delayed_work *dw,
				 unsigned long delay)
{
	return kw_queue_delayed_work_on(cpu, kw_system_wq(), dw, delay);
}

bool kw_schedule_delayed_work(struct kw_delayed_work *dw, unsigned long delay)
{
	return kw_queue_delayed_work_on(KW_WORK_CPU_UNBOUND, kw_system_wq(), dw,
					delay);
}

/*
 * A work queued here was pending at the call: when flush_work() finds it
 * already idle, a worker ran it to the end in between, so the caller did
 * wait for it (true), however fast the worker was.
 */
bool kw_flush_delayed_work(struct kw_delayed_work *dw)
{
	/* _sync (as the kernel): a firing timer has queued the work on return. */
	bool armed = kw_timer_delete_sync(&dw->timer);
	if (armed)
		__queue_work(dw->cpu, dw->wq, &dw->work);
	/* D5: an armed dw was not idle, even if its run ended before the flush. */
	return kw_flush_work(&dw->work) || armed;
}

bool kw_cancel_delayed_work(struct kw_delayed_work *dw)
{
	return __cancel_work(&dw->work, true, false);
}

bool kw_cancel_delayed_work_sync(struct kw_delayed_work *dw)
{
	return __cancel_work_sync(&dw->work, true, false);
}

bool kw_disable_delayed_work(struct kw_delayed_work *dw)
{
	return __cancel_work(&dw->work, true, true);
}

bool kw_disable_delayed_work_sync(struct kw_delayed_work *dw)
{
	return __cancel_work_sync(&dw->work, true, true);
}

bool kw_enable_delayed_work(struct kw_delayed_work *dw)
{
	return kw_enable_work(&dw->work);
}

/* ---- queries -------------------------------------------------------------------------- */

unsigned int kw_work_busy(struct kw_work *w)
{
	unsigned int ret = 0;
	if (kw_work_pending(w))
		ret |= KW_WORK_BUSY_PENDING;
	struct kw__pool *pool = kw__get_work_pool(w);
	if (pool) {
		kw_spin_lock(&pool->lock);
		if (kw__find_worker_executing_work(pool, w))
			ret |= KW_WORK_BUSY_RUNNING;
		kw_spin_unlock(&pool->lock);
	}
	return ret;
}

struct kw_work *kw_current_work(void)
{
	struct kw__worker *worker = cur_worker;
	return worker ? worker->current_work : NULL;
}

bool kw_current_is_workqueue_rescuer(void)
{
	struct kw__worker *worker = cur_worker;
	return worker && worker->rescuer;
}

bool kw_workqueue_congested(int cpu, struct kw_workqueue *wq)
{
	if (NULL_WQ(wq, "workqueue_congested", NULL))
		return false;
	if (cpu == KW_WORK_CPU_UNBOUND || cpu < 0 || (unsigned int)cpu >= kw_nr_cpu_ids())
		cpu = (int)kw_smp_processor_id();
	struct kw__pwq *pwq = wq->dfl_pwq ? wq->dfl_pwq : wq->cpu_pwq[cpu];
	kw_spin_lock(&pwq->pool->lock);
	kw__pwq_drain_inbox_locked(pwq);
	bool ret = !kw_list_empty(&pwq->inactive_works);
	kw_spin_unlock(&pwq->pool->lock);
	return ret;
}

/* ---- executing items --------------------------------------------------------------------- */

static void check_hog_locked(struct kw__worker *worker, int64_t now);

/*
 * The item clock: workers' start and end stamps, for the CPU-hog check,
 * the CPU-time counter and the run-time histogram. The kernel reads no
 * clock per item (its tick samples the runtime); kwork reads the coarse
 * clock (one tick's resolution; a third of the precise read's cost on a
 * VM, where the precise read was the largest per-item cost) unless timing
 * stats are on, when run times are measured to the nanosecond. Either
 * value is never ahead of the precise clock.
 */
static int64_t item_clock_ns(void)
{
	if (kw_unlikely(__atomic_load_n(&kw__stats_timing_on, __ATOMIC_RELAXED)))
		return kw__clock_ns();
	return kw__clock_coarse_ns();
}

/* Microseconds from since to now, item clock readings (0 if negative). */
static uint64_t item_us(int64_t now, int64_t since)
{
	return now > since ? (uint64_t)(now - since) / 1000 : 0;
}

static void arm_hog_timer(void)
{
	unsigned long us = __atomic_load_n(&cpu_intensive_thresh_us, __ATOMIC_RELAXED);
	if (!us || __atomic_load_n(&hog_timer_armed, __ATOMIC_RELAXED) ||
	    __atomic_exchange_n(&hog_timer_armed, true, __ATOMIC_ACQ_REL))
		return;
	unsigned long j = kw_usecs_to_jiffies((unsigned int)us);
	kw_mod_timer(&hog_timer, kw_jiffies() + (j ? j : 1));
}

/* What a callback must give back: preemption, held locks, RCU sections. */
struct ctx_depths {
	unsigned int preempt;
	unsigned int locks;	/* lockdep's held mutexes (0 with lockdep off) */
	unsigned int rcu;
};

static inline void ctx_depths_read(struct ctx_depths *d)
{
	d->preempt = kw__preempt_depth;
	d->locks = kw__self()->nr_held;
	d->rcu = kw__rcu_read_depth();
}

/*
 * The kernel's leak check after a callback (W47): atomic context left on,
 * or lockdep's held-lock depth or the RCU nesting differs from the start.
 */
static __attribute__((noinline, cold))
void report_leak(kw_work_func_t func, const struct ctx_depths *start,
		 const struct ctx_depths *end)
{
	struct kw_task *t = kw_current();
	kw_printk(KW_SOH "3" "BUG: workqueue leaked atomic, lock or RCU: %s[%d]\n"
		  "     preempt=0x%08x lock=%u->%u RCU=%u->%u workfn=%ps\n",
		  t->comm, t->pid, kw_preempt_count(), start->locks, end->locks,
		  start->rcu, end->rcu, (void *)func);
	kw_dump_stack();
	/*
	 * Give the worker its context back so it can go on (the kernel limps
	 * on): preemption and RCU nesting; a leaked mutex stays held.
	 */
	kw__preempt_depth = start->preempt;
	kw__rcu_read_restore(start->rcu);
}

static inline void check_leak(kw_work_func_t func, const struct ctx_depths *start)
{
	struct ctx_depths end;
	ctx_depths_read(&end);
	if (kw_unlikely(end.preempt != start->preempt || end.locks != start->locks ||
			end.rcu != start->rcu))
		report_leak(func, start, &end);
}

/*
 * Run one item. Called and returns with pool->lock held; drops it around
 * the callback. After func returns, w is never touched: it may be freed.
 * *now: the clock when the caller took w (the end of the previous item of
 * a batch); set to the end of this one. One clock read per item.
 */
static void process_one_work(struct kw__worker *worker, struct kw_work *w,
			     int64_t *now_ns)
{
	struct kw__pool *pool = worker->pool;
	unsigned long data = kw__work_data(w);
	struct kw__pwq *pwq = (struct kw__pwq *)(data & ~WORK_FLAG_MASK);
	kw_work_func_t func = w->func;
	int64_t now = *now_ns;

	kw_hlist_add_head(&worker->hentry, &pool->busy_hash[busy_hash(w)]);
	worker->current_work = w;
	worker->current_func = func;
	worker->current_pwq = pwq;
	worker->current_color = kw__work_color(data);
	worker->current_at_ns = now;
	worker->run_since_ns = now;
	worker->start_ns = now;
	kw__hist_add_queued(&pwq->xstats.queued,
			    kw__stamp_take(&pwq->xstats.stamps, w), now);
	if (!worker->rescuer)
		memcpy(worker->desc, pwq->wq->name, sizeof(worker->desc));
	kw_list_del_init(&w->entry);
	if (wq_flags(pwq->wq) & KW_WQ_CPU_INTENSIVE)
		worker_set_flags(worker, WORKER_CPU_INTENSIVE);
	unsigned int *owed = NULL;
	kick_pool_owed(pool, &owed);
	set_work_pool_and_clear_pending(w, (unsigned long)pool->id, 0);
	pwq_stat_add_locked(pwq, KW_PWQ_STAT_STARTED, 1);
	if (worker->rescuer)
		pwq_stat_add(pwq, KW_PWQ_STAT_RESCUED, 1);
	if (pool->cpu >= 0)
		arm_hog_timer();
	kw__spin_unlock(&pool->lock);
	kw__wake_flush(owed);

	struct ctx_depths start;
	ctx_depths_read(&start);
	kw__module_note_callback((const void *)func);
	KW__PROBE2(workqueue_execute_start, w, func);
	kw__lockdep_run_work(pwq, func, w);
	KW__PROBE2(workqueue_execute_end, w, func);
	check_leak(func, &start);

	/*
	 * The kernel's cond_resched() after func, with the tick's CPU-hog
	 * check done here under the lock on the one end-of-item clock read.
	 */
	int64_t end = item_clock_ns();
	*now_ns = end;
	kw__spin_lock(&pool->lock);
	__atomic_store_n(&pool->watchdog_ts, (unsigned long)kw__jiffies_at(end),
			 __ATOMIC_RELAXED);	/* progress, for the watchdog */
	pwq_stat_add_locked(pwq, KW_PWQ_STAT_COMPLETED, 1);
	check_hog_locked(worker, end);
	pwq_stat_add_locked(pwq, KW_PWQ_STAT_CPU_TIME,
			    item_us(end, worker->run_since_ns));
	kw__hist_add(&pwq->xstats.run, end - now);
	worker_clr_flags(worker, WORKER_CPU_INTENSIVE);
	worker->last_func = func;
	kw_hlist_del_init(&worker->hentry);
	worker->current_work = NULL;
	worker->current_func = NULL;
	worker->current_pwq = NULL;
	worker->current_color = -1;
	pwq_dec_nr_in_flight(pwq, data);
}

static void process_scheduled_works(struct kw__worker *worker, int64_t *now_ns)
{
	while (!kw_list_empty(&worker->scheduled)) {
		struct kw_work *w = kw_list_first_entry(&worker->scheduled,
							struct kw_work, entry);
		process_one_work(worker, w, now_ns);
	}
}

/* ---- concurrency management hooks (run by the worker on itself) ---------------------- */

static void worker_sleeping(struct kw__task *t)
{
	struct kw__worker *worker = t->hook_ctx;
	if (worker_flags(worker) & WORKER_NOT_RUNNING)
		return;
	struct kw__pool *pool = worker->pool;
	kw_spin_lock(&pool->lock);
	if (!(worker->flags & WORKER_NOT_RUNNING) && !worker->sleeping) {
		worker->sleeping = true;
		pool->nr_running--;
		if (worker->current_pwq)
			pwq_stat_add_locked(worker->current_pwq, KW_PWQ_STAT_CPU_TIME,
				     item_us(item_clock_ns(), worker->run_since_ns));
		if (kick_pool(pool) && worker->current_pwq)
			pwq_stat_add(worker->current_pwq, KW_PWQ_STAT_CM_WAKEUP, 1);
	}
	kw_spin_unlock(&pool->lock);
}

static void worker_running(struct kw__task *t)
{
	struct kw__worker *worker = t->hook_ctx;
	if (!__atomic_load_n(&worker->sleeping, __ATOMIC_RELAXED))
		return;
	struct kw__pool *pool = worker->pool;
	kw_spin_lock(&pool->lock);
	if (worker->sleeping) {
		worker->sleeping = false;
		if (!(worker->flags & WORKER_NOT_RUNNING))
			pool->nr_running++;
		worker->current_at_ns = worker->run_since_ns = item_clock_ns();
	}
	kw_spin_unlock(&pool->lock);
}

/*
 * Is the worker's thread running, as the kernel's tick sees only the task on
 * the CPU? A worker blocked with PF_WQ_WORKER cleared (its sleep hidden from
 * the pool) is still counted but is no hog.
 */
static bool on_cpu(const struct kw__worker *worker)
{
	unsigned int st = __atomic_load_n(&worker->task->__state, __ATOMIC_RELAXED);
	return (st & KW__STATE_MASK) == KW_TASK_RUNNING;
}

/* The kernel's tick checks a worker only while it carries PF_WQ_WORKER. */
static bool ticked(const struct kw__worker *worker)
{
	return __atomic_load_n(&worker->task->flags, __ATOMIC_RELAXED) & KW_PF_WQ_WORKER;
}

/* Under pool->lock: stop counting a worker that hogs the CPU (W41). */
static void check_hog_locked(struct kw__worker *worker, int64_t now)
{
	unsigned long us = __atomic_load_n(&cpu_intensive_thresh_us, __ATOMIC_RELAXED);
	if (!us || (worker->flags & WORKER_NOT_RUNNING) || worker->sleeping ||
	    !worker->current_work || !on_cpu(worker) || !ticked(worker))
		return;
	/*
	 * Never early: either reading may lag the precise clock by up to the
	 * coarse resolution, so that much is not counted (the kernel's tick
	 * check is late by up to a tick the same way).
	 */
	if (now - worker->current_at_ns - kw__clock_coarse_res_ns() < (int64_t)us * 1000)
		return;
	worker_set_flags(worker, WORKER_CPU_INTENSIVE);
	pwq_stat_add(worker->current_pwq, KW_PWQ_STAT_CPU_INTENSIVE, 1);
	kw__wq_cpu_intensive_report(worker->current_func, us);
	kick_pool(worker->pool);
}

static void worker_tick(struct kw__task *t)
{
	struct kw__worker *worker = t->hook_ctx;
	unsigned long us = __atomic_load_n(&cpu_intensive_thresh_us, __ATOMIC_RELAXED);
	if (!us || (worker_flags(worker) & WORKER_NOT_RUNNING))
		return;
	int64_t now = item_clock_ns();
	kw_spin_lock(&worker->pool->lock);
	check_hog_locked(worker, now);
	kw_spin_unlock(&worker->pool->lock);
}

static const struct kw__sched_hooks worker_hooks = {
	.sleeping = worker_sleeping,
	.running = worker_running,
	.tick = worker_tick,
};

/* The hog timer: catch items that never sleep nor call cond_resched(). */
static void hog_timer_fn(struct kw_timer *t)
{
	bool busy = false;
	__atomic_store_n(&hog_timer_armed, false, __ATOMIC_RELEASE);
	int64_t now = item_clock_ns();
	for (int i = 0; i < kw__nr_cpu_pools; i++) {
		struct kw__pool *pool = kw__pools[i];
		kw_spin_lock(&pool->lock);
		struct kw_list_head *pos;
		for (pos = pool->workers.next; pos != &pool->workers; pos = pos->next) {
			struct kw__worker *worker =
				kw_container_of(pos, struct kw__worker, node);
			check_hog_locked(worker, now);
		}
		busy |= pool->nr_running > 0;
		kw_spin_unlock(&pool->lock);
	}
	if (busy)
		arm_hog_timer();
}

/* ---- worker lifecycle --------------------------------------------------------------------- */

static unsigned long idle_timeout(void)
{
	return __atomic_load_n(&idle_timeout_jiffies, __ATOMIC_RELAXED);
}

static void worker_enter_idle(struct kw__worker *worker)
{
	struct kw__pool *pool = worker->pool;
	worker_set_flags(worker, WORKER_IDLE);
	pool->nr_idle++;
	worker->last_active = kw_jiffies();
	kw_list_add(&worker->entry, &pool->idle_list);
	if (too_many_workers(pool) && !kw_timer_pending(&pool->idle_timer))
		kw_mod_timer(&pool->idle_timer, kw_jiffies() + idle_timeout());
}

static void worker_leave_idle(struct kw__worker *worker)
{
	struct kw__pool *pool = worker->pool;
	if (!(worker->flags & WORKER_IDLE))
		return;
	worker_clr_flags(worker, WORKER_IDLE);
	pool->nr_idle--;
	kw_list_del_init(&worker->entry);
}

static int alloc_worker_id(struct kw__pool *pool)
{
	for (int id = 0; id < KW__MAX_WORKER_IDS; id++) {
		if (!(pool->ids[id / 8] & (1u << (id % 8)))) {
			pool->ids[id / 8] |= (unsigned char)(1u << (id % 8));
			return id;
		}
	}
	return -1;
}

static void free_worker_id(struct kw__pool *pool, int id)
{
	pool->ids[id / 8] &= (unsigned char)~(1u << (id % 8));
}

static void report_creation_failure(struct kw__pool *pool, long err)
{
	static bool once;
	if (!__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
		kw_printk(KW_SOH "3" "workqueue: Failed to create a worker thread: %ld\n",
			  err);
}

static int worker_thread(void *arg);

/* Make, attach and start one worker. Context: may sleep; no pool lock. */
static bool create_worker(struct kw__pool *pool)
{
	struct kw__worker *worker = calloc(1, sizeof(*worker));
	if (!worker)
		return false;
	kw_list_init(&worker->entry);
	kw_list_init(&worker->scheduled);
	kw_list_init(&worker->node);
	worker->current_color = -1;
	worker->pool = pool;
	worker->flags = WORKER_PREP | (pool->cpu < 0 ? WORKER_UNBOUND : 0);

	kw_spin_lock(&pool->lock);
	worker->id = alloc_worker_id(pool);
	kw_spin_unlock(&pool->lock);
	if (worker->id < 0)
		goto fail_free;

	char name[32];
	if (pool->cpu >= 0)
		snprintf(name, sizeof(name), "kworker/%d:%d%s", pool->cpu,
			 worker->id, pool->nice < 0 ? "H" : "");
	else
		snprintf(name, sizeof(name), "kworker/u%d:%d", pool->id, worker->id);
	struct kw_task *task = kw__kthread_create_internal(worker_thread, worker,
							   "%s", name);
	if (kw_is_err(task)) {
		report_creation_failure(pool, kw_ptr_err(task));
		goto fail_id;
	}
	kw_get_task_struct(task);	/* put by kthread_stop_put when reaped */
	worker->task = task;
	if (bind_workers && pool->cpu >= 0)
		kw_kthread_bind(task, (unsigned int)pool->cpu);

	kw_spin_lock(&pool->lock);
	kw_list_add_tail(&worker->node, &pool->workers);
	pool->nr_workers++;
	worker_enter_idle(worker);
	kw_wake_up_process(task);
	kw_spin_unlock(&pool->lock);
	return true;

fail_id:
	kw_spin_lock(&pool->lock);
	free_worker_id(pool, worker->id);
	kw_spin_unlock(&pool->lock);
fail_free:
	free(worker);
	return false;
}

static bool need_to_create_worker_unlocked(struct kw__pool *pool)
{
	kw_spin_lock(&pool->lock);
	bool ret = need_to_create_worker(pool);
	kw_spin_unlock(&pool->lock);
	return ret;
}

/*
 * The manager makes sure an idle spare exists before anyone commits to
 * running items. While it cannot create one, the mayday timer calls the
 * rescuers. Called and returns with pool->lock held.
 */
static void maybe_create_worker(struct kw__pool *pool)
{
restart:
	kw_spin_unlock(&pool->lock);
	kw_mod_timer(&pool->mayday_timer, kw_jiffies() + MAYDAY_INITIAL_TIMEOUT);
	for (;;) {
		if (create_worker(pool) || !need_to_create_worker_unlocked(pool))
			break;
		kw__set_blocked("maybe_create_worker", pool);
		kw_schedule_timeout_interruptible(CREATE_COOLDOWN);
		if (!need_to_create_worker_unlocked(pool) || kw_kthread_should_stop())
			break;
	}
	kw_timer_delete_sync(&pool->mayday_timer);
	kw_spin_lock(&pool->lock);
	if (need_to_create_worker(pool) && !kw_kthread_should_stop())
		goto restart;
}

static bool manage_workers(struct kw__worker *worker)
{
	struct kw__pool *pool = worker->pool;
	if (pool->flags & POOL_MANAGER_ACTIVE)
		return false;
	pool->flags |= POOL_MANAGER_ACTIVE;
	pool->manager = worker;
	maybe_create_worker(pool);
	pool->manager = NULL;
	pool->flags &= ~POOL_MANAGER_ACTIVE;
	return true;
}

/* A culled worker's last steps. Called with pool->lock held, drops it. */
static int worker_die(struct kw__worker *worker)
{
	struct kw__pool *pool = worker->pool;
	kw_list_del_init(&worker->node);
	free_worker_id(pool, worker->id);
	kw_spin_unlock(&pool->lock);
	kw__task_set_sched_hooks(NULL, NULL);
	kw_set_task_comm(kw_current(), "kworker/dying");
	cur_worker = NULL;
	return 0;
}

static void worker_start(struct kw__worker *worker)
{
	struct kw__task *self = kw__self();
	cur_worker = worker;
	self->pub.flags |= KW_PF_WQ_WORKER;
	__atomic_store_n(&self->cpu, worker->pool->cpu, __ATOMIC_RELAXED);
	if (worker->pool->nice)
		kw_set_user_nice(&self->pub, worker->pool->nice);
	kw__task_set_sched_hooks(&worker_hooks, worker);
}

static int worker_thread(void *arg)
{
	struct kw__worker *worker = arg;
	struct kw__pool *pool = worker->pool;

	worker_start(worker);
	kw_spin_lock(&pool->lock);
	for (;;) {
		if (worker->flags & WORKER_DIE)
			return worker_die(worker);
		worker_leave_idle(worker);
recheck:
		if (!need_more_worker(pool))
			goto sleep;
		if (!may_start_working(pool) && manage_workers(worker))
			goto recheck;
		worker_clr_flags(worker, WORKER_PREP);
		int64_t now = item_clock_ns();
		__atomic_store_n(&pool->watchdog_ts, (unsigned long)kw__jiffies_at(now),
				 __ATOMIC_RELAXED);
		do {
			struct kw_work *w = kw_list_first_entry(&pool->worklist,
								struct kw_work, entry);
			if (assign_work(w, worker))
				process_scheduled_works(worker, &now);
		} while (keep_working(pool));
		worker_set_flags(worker, WORKER_PREP);
sleep:
		worker_enter_idle(worker);
		kw_set_current_state(KW_TASK_IDLE);
		kw__set_blocked("worker_thread", pool);
		kw_spin_unlock(&pool->lock);
		kw_schedule();
		kw_spin_lock(&pool->lock);
	}
}

/* ---- idle reaping ---------------------------------------------------------------------- */

static struct kw__worker *oldest_idle(struct kw__pool *pool)
{
	return kw_list_entry(pool->idle_list.prev, struct kw__worker, entry);
}

static void idle_timer_fn(struct kw_timer *t)
{
	struct kw__pool *pool = kw_container_of(t, struct kw__pool, idle_timer);
	bool cull = false;
	kw_spin_lock(&pool->lock);
	if (too_many_workers(pool)) {
		unsigned long expires = oldest_idle(pool)->last_active +
					idle_timeout();
		if (kw_time_before(kw_jiffies(), expires))
			kw_mod_timer(&pool->idle_timer, expires);
		else
			cull = true;
	}
	kw_spin_unlock(&pool->lock);
	/* After the unlock: system_unbound_wq may be served by this pool. */
	if (cull)
		kw_queue_work(kw_system_unbound_wq(), &pool->idle_cull_work);
}

/* Stop surplus workers idle for longer than the timeout (oldest first). */
static void idle_cull_fn(struct kw_work *w)
{
	struct kw__pool *pool = kw_container_of(w, struct kw__pool, idle_cull_work);
	struct kw_list_head dying;
	kw_list_init(&dying);

	kw_spin_lock(&pool->lock);
	while (too_many_workers(pool)) {
		struct kw__worker *worker = oldest_idle(pool);
		unsigned long expires = worker->last_active + idle_timeout();
		if (kw_time_before(kw_jiffies(), expires)) {
			kw_mod_timer(&pool->idle_timer, expires);
			break;
		}
		kw_list_del_init(&worker->entry);
		pool->nr_idle--;
		pool->nr_workers--;
		__atomic_fetch_or(&worker->flags, WORKER_DIE, __ATOMIC_RELAXED);
		kw_list_add_tail(&worker->entry, &dying);
	}
	kw_spin_unlock(&pool->lock);

	while (!kw_list_empty(&dying)) {
		struct kw__worker *worker =
			kw_list_first_entry(&dying, struct kw__worker, entry);
		kw_list_del_init(&worker->entry);
		kw_kthread_stop_put(worker->task);
		free(worker);
	}
}

/* ---- rescuer ---------------------------------------------------------------------------- */

static void send_mayday(struct kw_work *w)
{
	struct kw__pwq *pwq = kw__get_work_pwq(w);
	struct kw_workqueue *wq = pwq->wq;
	if (!wq->rescuer || !kw_list_empty(&pwq->mayday_node))
		return;
	kw_list_add_tail(&pwq->mayday_node, &wq->maydays);
	pwq_stat_add(pwq, KW_PWQ_STAT_MAYDAY, 1);
	kw_wake_up_process(wq->rescuer->task);
}

static void mayday_timer_fn(struct kw_timer *t)
{
	struct kw__pool *pool = kw_container_of(t, struct kw__pool, mayday_timer);
	kw_spin_lock(&pool->lock);
	if (need_to_create_worker(pool)) {
		kw_spin_lock(&kw__wq_mayday_lock);
		struct kw_list_head *pos;
		for (pos = pool->worklist.next; pos != &pool->worklist; pos = pos->next)
			send_mayday(kw_list_entry(pos, struct kw_work, entry));
		kw_spin_unlock(&kw__wq_mayday_lock);
		kw_mod_timer(&pool->mayday_timer, kw_jiffies() + MAYDAY_INTERVAL);
	}
	kw_spin_unlock(&pool->lock);
}

/* Take pwq's items off the pool worklist and run them. Pool lock held. */
static void rescue_pwq(struct kw__worker *rescuer, struct kw__pwq *pwq)
{
	struct kw__pool *pool = pwq->pool;
	struct kw_list_head *pos = pool->worklist.next;
	while (pos != &pool->worklist) {
		struct kw_work *w = kw_list_entry(pos, struct kw_work, entry);
		if (kw__get_work_pwq(w) == pwq) {
			assign_work(w, rescuer);
			pos = pool->worklist.next;
		} else {
			pos = pos->next;
		}
	}
	if (kw_list_empty(&rescuer->scheduled))
		return;
	int64_t now = item_clock_ns();
	process_scheduled_works(rescuer, &now);
	if (pwq->nr_active && need_to_create_worker(pool)) {
		kw_spin_lock(&kw__wq_mayday_lock);
		if (kw_list_empty(&pwq->mayday_node))
			kw_list_add_tail(&pwq->mayday_node, &pwq->wq->maydays);
		kw_spin_unlock(&kw__wq_mayday_lock);
	}
}

static int rescuer_thread(void *arg)
{
	struct kw__worker *rescuer = arg;
	struct kw_workqueue *wq = rescuer->rescue_wq;
	struct kw__task *self = kw__self();

	cur_worker = rescuer;
	self->pub.flags |= KW_PF_WQ_WORKER;
	kw_set_user_nice(&self->pub, HIGHPRI_NICE_LEVEL);
	for (;;) {
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		bool should_stop = kw_kthread_should_stop();
		kw_spin_lock(&kw__wq_mayday_lock);
		while (!kw_list_empty(&wq->maydays)) {
			struct kw__pwq *pwq = kw_list_first_entry(&wq->maydays,
								  struct kw__pwq,
								  mayday_node);
			kw_list_del_init(&pwq->mayday_node);
			kw_spin_unlock(&kw__wq_mayday_lock);
			kw_set_current_state_raw(KW_TASK_RUNNING);

			struct kw__pool *pool = pwq->pool;
			kw_spin_lock(&pool->lock);
			__atomic_store_n(&rescuer->pool, pool, __ATOMIC_RELEASE);
			rescue_pwq(rescuer, pwq);
			kick_pool(pool);
			__atomic_store_n(&rescuer->pool, NULL, __ATOMIC_RELEASE);
			kw_spin_unlock(&pool->lock);

			kw_spin_lock(&kw__wq_mayday_lock);
		}
		kw_spin_unlock(&kw__wq_mayday_lock);
		if (should_stop) {
			kw_set_current_state_raw(KW_TASK_RUNNING);
			break;
		}
		kw__set_blocked("rescuer_thread", wq);
		kw_schedule();
	}
	cur_worker = NULL;
	return 0;
}

static int init_rescuer(struct kw_workqueue *wq)
{
	struct kw__worker *rescuer = calloc(1, sizeof(*rescuer));
	if (!rescuer)
		return -ENOMEM;
	kw_list_init(&rescuer->entry);
	kw_list_init(&rescuer->scheduled);
	kw_list_init(&rescuer->node);
	rescuer->id = -1;
	rescuer->rescuer = true;
	rescuer->current_color = -1;
	rescuer->flags = WORKER_UNBOUND;
	rescuer->rescue_wq = wq;
	snprintf(rescuer->desc, sizeof(rescuer->desc), "%s", wq->name);
	struct kw_task *task = kw__kthread_create_internal(rescuer_thread, rescuer,
							   "kworker/R-%s", wq->name);
	if (kw_is_err(task)) {
		free(rescuer);
		return (int)kw_ptr_err(task);
	}
	kw_get_task_struct(task);
	rescuer->task = task;
	wq->rescuer = rescuer;
	kw_wake_up_process(task);
	return 0;
}

/* ---- flush_workqueue ------------------------------------------------------------------------ */

/*
 * Flush colours: every item is queued with its pwq's work_color. A flusher
 * takes the current colour, advances work_color, and waits until no item of
 * its colour (and of older ones) is in flight; items queued afterwards get a
 * newer colour and are not waited for (W25). Only the first flusher arms
 * pwqs (one colour at a time, nr_pwqs_to_flush counts the pwqs still
 * holding it); when its colour drains it completes the flushers of that
 * colour and hands the job to the next one. With all 16 colours in use,
 * later flushers wait on flusher_overflow until a colour frees.
 */
static int next_color(int color)
{
	return (color + 1) % KW_WORK_NR_COLORS;
}

/*
 * Arm flush_color on every pwq that holds items of it (flush_color >= 0)
 * and/or advance every pwq's work_color (work_color >= 0).
 * Return: true if some pwq has items of flush_color (wait for first_flusher).
 */
static bool flush_prep_pwqs(struct kw_workqueue *wq, int flush_color,
			    int work_color)
{
	bool wait = false;
	if (flush_color >= 0)
		__atomic_store_n(&wq->nr_pwqs_to_flush, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < wq->nr_pwqs; i++) {
		struct kw__pwq *pwq = wq->pwqs[i];
		kw_spin_lock(&pwq->pool->lock);
		kw__pwq_drain_inbox_locked(pwq);	/* they are of the old colour */
		if (flush_color >= 0) {
			KW_BUG_ON(pwq->flush_color != -1);
			if (pwq->nr_in_flight[flush_color]) {
				pwq->flush_color = flush_color;
				__atomic_fetch_add(&wq->nr_pwqs_to_flush, 1,
						   __ATOMIC_RELAXED);
				wait = true;
			}
		}
		if (work_color >= 0)
			pwq->work_color = work_color;
		kw_spin_unlock(&pwq->pool->lock);
	}
	if (flush_color >= 0 &&
	    __atomic_sub_fetch(&wq->nr_pwqs_to_flush, 1, __ATOMIC_ACQ_REL) == 0)
		kw_complete(&wq->first_flusher->done);
	return wait;
}

/* The first flusher's colour is done: wake its peers, pass the baton. */
static void flush_cascade(struct kw_workqueue *wq)
{
	for (;;) {
		while (!kw_list_empty(&wq->flusher_queue)) {
			struct kw__wq_flusher *f = kw_list_first_entry(
				&wq->flusher_queue, struct kw__wq_flusher, list);
			if (f->flush_color != wq->flush_color)
				break;
			kw_list_del_init(&f->list);
			kw_complete(&f->done);
		}
		wq->flush_color = next_color(wq->flush_color);

		if (!kw_list_empty(&wq->flusher_overflow)) {
			struct kw_list_head *pos;
			for (pos = wq->flusher_overflow.next;
			     pos != &wq->flusher_overflow; pos = pos->next)
				kw_list_entry(pos, struct kw__wq_flusher, list)
					->flush_color = wq->work_color;
			wq->work_color = next_color(wq->work_color);
			kw_list_splice_tail_init(&wq->flusher_overflow,
						 &wq->flusher_queue);
			flush_prep_pwqs(wq, -1, wq->work_color);
		}
		if (kw_list_empty(&wq->flusher_queue))
			return;

		struct kw__wq_flusher *next = kw_list_first_entry(
			&wq->flusher_queue, struct kw__wq_flusher, list);
		kw_list_del_init(&next->list);
		wq->first_flusher = next;
		if (flush_prep_pwqs(wq, wq->flush_color, -1))
			return;		/* next waits; it cascades when done */
		wq->first_flusher = NULL;
		kw_complete(&next->done);	/* its colour was already empty */
	}
}

static void __flush_workqueue(struct kw_workqueue *wq)
{
	struct kw__wq_flusher me;
	kw_list_init(&me.list);
	me.flush_color = -1;
	kw_init_completion(&me.done);

	kw_spin_lock(&wq->flush_lock);
	int next = next_color(wq->work_color);
	if (next != wq->flush_color) {
		me.flush_color = wq->work_color;
		wq->work_color = next;
		if (!wq->first_flusher) {
			wq->first_flusher = &me;
			if (!flush_prep_pwqs(wq, wq->flush_color, wq->work_color)) {
				/* nothing of that colour in flight */
				wq->flush_color = next;
				wq->first_flusher = NULL;
				kw_spin_unlock(&wq->flush_lock);
				return;
			}
		} else {
			kw_list_add_tail(&me.list, &wq->flusher_queue);
			flush_prep_pwqs(wq, -1, wq->work_color);
		}
	} else {
		kw_list_add_tail(&me.list, &wq->flusher_overflow);
	}
	kw_spin_unlock(&wq->flush_lock);

	kw__set_blocked("flush_workqueue", wq);
	kw_wait_for_completion(&me.done);

	kw_spin_lock(&wq->flush_lock);
	if (wq->first_flusher == &me) {
		wq->first_flusher = NULL;
		flush_cascade(wq);
	}
	kw_spin_unlock(&wq->flush_lock);
}

void kw_flush_workqueue(struct kw_workqueue *wq)
{
	struct kw__worker *worker = cur_worker;
	if (NULL_WQ(wq, "flush_workqueue", NULL))
		return;
	if (KW_WARN(worker && worker->current_pwq && worker->current_pwq->wq == wq,
		    "workqueue: flush_workqueue(%s) from one of its own work items would deadlock",
		    wq->name))
		return;
	if (wq->system) {
		kw_printk(KW_SOH "4" "WARNING: Flushing system-wide workqueues will be "
			  "prohibited in near future.\n");
		kw_dump_stack();
	}
	kw_might_sleep();
	check_flush_dependency(wq, NULL);
	if (kw__lockdep_flush_wq(wq, "flush_workqueue"))
		return;
	__flush_workqueue(wq);
}

void kw_flush_scheduled_work(void)
{
	kw_flush_workqueue(kw_system_wq());
}

bool kw__pwq_busy(struct kw__pwq *pwq)
{
	for (int c = 0; c < KW_WORK_NR_COLORS; c++)
		if (pwq->nr_in_flight[c])
			return true;
	return pwq->nr_active || !kw_list_empty(&pwq->inactive_works);
}

static bool wq_drained(struct kw_workqueue *wq)
{
	bool drained = true;
	for (int i = 0; i < wq->nr_pwqs && drained; i++) {
		struct kw__pwq *pwq = wq->pwqs[i];
		kw_spin_lock(&pwq->pool->lock);
		kw__pwq_drain_inbox_locked(pwq);
		drained = !kw__pwq_busy(pwq);
		kw_spin_unlock(&pwq->pool->lock);
	}
	return drained;
}

void kw_drain_workqueue(struct kw_workqueue *wq)
{
	unsigned int flush_cnt = 0;

	if (NULL_WQ(wq, "drain_workqueue", NULL) ||
	    kw__lockdep_flush_wq(wq, "drain_workqueue"))
		return;
	kw_spin_lock(&wq->flush_lock);
	if (!wq->nr_drainers++)
		__atomic_fetch_or(&wq->flags, KW__WQ_DRAINING, __ATOMIC_SEQ_CST);
	kw_spin_unlock(&wq->flush_lock);
	for (;;) {
		__flush_workqueue(wq);
		if (wq_drained(wq))
			break;
		flush_cnt++;
		if (flush_cnt == 10 || (flush_cnt % 100 == 0 && flush_cnt <= 1000))
			kw_printk(KW_SOH "4" "workqueue %s: %s() isn't complete after %u tries\n",
				  wq->name, "drain_workqueue", flush_cnt);
	}
	kw_spin_lock(&wq->flush_lock);
	if (!--wq->nr_drainers)
		__atomic_fetch_and(&wq->flags, ~KW__WQ_DRAINING, __ATOMIC_SEQ_CST);
	kw_spin_unlock(&wq->flush_lock);
}

/* ---- pools ------------------------------------------------------------------------------- */

static struct kw__pool *alloc_pool(int id, int cpu, int nice)
{
	struct kw__pool *pool = calloc(1, sizeof(*pool));
	if (!pool) {
		fprintf(stderr, "kwork: out of memory for worker pools\n");
		abort();
	}
	kw_spin_lock_init(&pool->lock);
	pool->id = id;
	pool->cpu = cpu;
	pool->nice = nice;
	pool->flags = cpu < 0 ? POOL_DISASSOCIATED : 0;
	pool->watchdog_ts = kw_jiffies();
	kw_list_init(&pool->worklist);
	kw_list_init(&pool->idle_list);
	kw_list_init(&pool->workers);
	kw_list_init(&pool->dying);
	kw__timer_setup_internal(&pool->idle_timer, idle_timer_fn, KW_TIMER_DEFERRABLE);
	kw__timer_setup_internal(&pool->mayday_timer, mayday_timer_fn, 0);
	kw_init_work(&pool->idle_cull_work, idle_cull_fn);
	return pool;
}

static unsigned long env_ulong(const char *name, unsigned long dfl)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return dfl;
	return strtoul(s, NULL, 10);
}

static void init_pools(void)
{
	unsigned int ncpu = kw_nr_cpu_ids();
	kw__nr_cpu_pools = (int)ncpu * 2;
	kw__nr_pools = kw__nr_cpu_pools + 2;
	kw__pools = calloc((size_t)kw__nr_pools, sizeof(*kw__pools));
	if (!kw__pools) {
		fprintf(stderr, "kwork: out of memory for worker pools\n");
		abort();
	}
	for (unsigned int c = 0; c < ncpu; c++) {
		kw__pools[c * 2] = alloc_pool((int)c * 2, (int)c, 0);
		kw__pools[c * 2 + 1] = alloc_pool((int)c * 2 + 1, (int)c,
						  HIGHPRI_NICE_LEVEL);
	}
	for (int i = 0; i < 2; i++) {
		unbound_pools[i] = alloc_pool(kw__nr_cpu_pools + i, -1,
					      i ? HIGHPRI_NICE_LEVEL : 0);
		kw__pools[kw__nr_cpu_pools + i] = unbound_pools[i];
	}
}

static struct kw_workqueue *alloc_wq_fmt(const char *fmt, unsigned int flags,
					 int max_active, ...)
{
	va_list args;
	va_start(args, max_active);
	struct kw_workqueue *wq = alloc_wq(fmt, flags, max_active, args);
	va_end(args);
	return wq;
}

static struct kw_workqueue *make_sys_wq(const char *name, unsigned int flags,
					int max_active)
{
	struct kw_workqueue *wq = alloc_wq_fmt("%s", flags, max_active, name);
	if (!wq) {
		fprintf(stderr, "kwork: cannot create the system workqueue %s\n", name);
		abort();
	}
	wq->system = true;
	return wq;
}

static void init_sys_wqs(void)
{
	sys_wqs[SYS_WQ] = make_sys_wq("events", 0, 0);
	sys_wqs[SYS_PERCPU_WQ] = make_sys_wq("events", KW_WQ_PERCPU, 0);
	sys_wqs[SYS_HIGHPRI_WQ] = make_sys_wq("events_highpri", KW_WQ_HIGHPRI, 0);
	sys_wqs[SYS_LONG_WQ] = make_sys_wq("events_long", 0, 0);
	sys_wqs[SYS_UNBOUND_WQ] = make_sys_wq("events_unbound", KW_WQ_UNBOUND,
					      KW_WQ_MAX_ACTIVE);
	sys_wqs[SYS_DFL_WQ] = make_sys_wq("events_unbound", KW_WQ_UNBOUND,
					  KW_WQ_MAX_ACTIVE);
	sys_wqs[SYS_FREEZABLE_WQ] = make_sys_wq("events_freezable",
						KW_WQ_FREEZABLE, 0);
	sys_wqs[SYS_POWER_EFFICIENT_WQ] =
		make_sys_wq("events_power_efficient", KW_WQ_POWER_EFFICIENT, 0);
	sys_wqs[SYS_FREEZABLE_POWER_EFFICIENT_WQ] =
		make_sys_wq("events_freezable_pwr_efficient",
			    KW_WQ_FREEZABLE | KW_WQ_POWER_EFFICIENT, 0);
}

static pthread_once_t wq_init_once = PTHREAD_ONCE_INIT;

static void init_all(void)
{
	kw__init_once();
	kw__teardown_register(&kw__workqueue_teardown);
	idle_timeout_jiffies = kw_msecs_to_jiffies((unsigned int)env_ulong(
		"KWORK_WQ_IDLE_TIMEOUT_MS", IDLE_WORKER_TIMEOUT_MS_DFL));
	if (!idle_timeout_jiffies)
		idle_timeout_jiffies = 1;
	cpu_intensive_thresh_us = env_ulong("KWORK_WQ_CPU_INTENSIVE_THRESH_US", 10000);
	kw__wq_watchdog_thresh = (unsigned int)env_ulong("KWORK_WQ_WATCHDOG_THRESH", 30);
	wq_power_efficient = env_ulong("KWORK_WQ_POWER_EFFICIENT", 0) != 0;
	bind_workers = kw_nr_cpu_ids() == kw__real_cpu_count();
	kw__timer_setup_internal(&hog_timer, hog_timer_fn, 0);

	kw__fault_suspend();	/* injected faults start after start-up */
	init_pools();
	for (int i = 0; i < kw__nr_pools; i++) {
		if (!create_worker(kw__pools[i])) {
			fprintf(stderr, "kwork: cannot create the first kworkers\n");
			abort();
		}
	}
	init_sys_wqs();
	kw__wq_watchdog_start();
	kw__fault_resume();
}

void kw__workqueue_init(void)
{
	pthread_once(&wq_init_once, init_all);
}

/* ---- workqueues ------------------------------------------------------------------------------ */

static struct kw__pwq *alloc_pwq(struct kw_workqueue *wq, struct kw__pool *pool)
{
	struct kw__pwq *pwq = aligned_alloc(1 << KW_WORK_STRUCT_FLAG_BITS,
					    sizeof(*pwq));
	if (!pwq)
		return NULL;
	memset(pwq, 0, sizeof(*pwq));
	pwq->pool = pool;
	pwq->wq = wq;
	pwq->flush_color = -1;
	pwq->refcnt = 1;
	kw_list_init(&pwq->inactive_works);
	kw_list_init(&pwq->mayday_node);
	kw__inbox_init(inbox_of(pwq));
	return pwq;
}

static void free_wq(struct kw_workqueue *wq)
{
	for (int i = 0; i < wq->nr_pwqs; i++)
		free(wq->pwqs[i]);
	free(wq->pwqs);
	free(wq->cpu_pwq);
	free(wq);
}

static int alloc_pwqs(struct kw_workqueue *wq)
{
	int hi = (wq_flags(wq) & KW_WQ_HIGHPRI) ? 1 : 0;
	unsigned int ncpu = kw_nr_cpu_ids();
	if (wq_flags(wq) & KW_WQ_UNBOUND) {
		wq->pwqs = calloc(1, sizeof(*wq->pwqs));
		if (!wq->pwqs || !(wq->dfl_pwq = alloc_pwq(wq, unbound_pools[hi])))
			return -ENOMEM;
		wq->pwqs[0] = wq->dfl_pwq;
		wq->nr_pwqs = 1;
		return 0;
	}
	wq->pwqs = calloc(ncpu, sizeof(*wq->pwqs));
	wq->cpu_pwq = calloc(ncpu, sizeof(*wq->cpu_pwq));
	if (!wq->pwqs || !wq->cpu_pwq)
		return -ENOMEM;
	for (unsigned int c = 0; c < ncpu; c++) {
		wq->cpu_pwq[c] = alloc_pwq(wq, kw__pools[c * 2 + hi]);
		if (!wq->cpu_pwq[c])
			return -ENOMEM;
		wq->pwqs[wq->nr_pwqs++] = wq->cpu_pwq[c];
	}
	return 0;
}

static int clamp_max_active(int max_active, unsigned int flags, const char *name)
{
	if (max_active < 1 || max_active > KW_WQ_MAX_ACTIVE) {
		int clamped = max_active < 1 ? 1 : KW_WQ_MAX_ACTIVE;
		kw_printk(KW_SOH "4" "workqueue: max_active %d requested for %s is out "
			  "of range, clamping between %d and %d\n", max_active, name,
			  1, KW_WQ_MAX_ACTIVE);
		return clamped;
	}
	return max_active;
}

/* Every flag alloc_workqueue() honours; any other bit is refused. */
#define WQ_ALLOC_FLAGS                                                    \
	(KW_WQ_BH | KW_WQ_UNBOUND | KW_WQ_FREEZABLE | KW_WQ_MEM_RECLAIM |  \
	 KW_WQ_HIGHPRI | KW_WQ_CPU_INTENSIVE | KW_WQ_SYSFS |              \
	 KW_WQ_POWER_EFFICIENT | KW_WQ_PERCPU | KW__WQ_ORDERED | KW__WQ_LEGACY)

/* Return: true if flags are acceptable; false after the right message. */
static bool check_alloc_flags(unsigned int flags, int max_active)
{
	if (flags & KW_WQ_BH) {
		if (KW_WARN_ON_ONCE((flags & ~(KW_WQ_BH | KW_WQ_HIGHPRI | KW_WQ_PERCPU)) ||
				    max_active))
			return false;
		kw_printk(KW_SOH "3" "workqueue: WQ_BH is not supported by kwork "
			  "(a process has no softirq context); use WQ_HIGHPRI\n");
		return false;
	}
	if (KW_WARN((flags & KW__WQ_ORDERED) && (flags & KW_WQ_SYSFS),
		    "workqueue: WQ_SYSFS is not allowed on an ordered workqueue"))
		return false;
	return true;
}

static void set_wq_name(struct kw_workqueue *wq, const char *fmt, va_list args)
{
	static bool warned;
	char full[256];
	vsnprintf(full, sizeof(full), fmt, args);
	size_t len = strlen(full);
	size_t keep = len < sizeof(wq->name) ? len : sizeof(wq->name) - 1;
	memcpy(wq->name, full, keep);	/* truncation is meant: WQ_NAME_LEN */
	wq->name[keep] = 0;
	if (len >= sizeof(wq->name) &&
	    !__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
		kw_printk(KW_SOH "4" "workqueue: name exceeds WQ_NAME_LEN. "
			  "Truncating to: %s\n", wq->name);
}

static struct kw_workqueue *alloc_wq(const char *fmt, unsigned int flags,
				     int max_active, va_list args)
{
	if (!check_alloc_flags(flags, max_active))
		return NULL;
	if ((flags & KW_WQ_POWER_EFFICIENT) && wq_power_efficient)
		flags |= KW_WQ_UNBOUND;
	struct kw_workqueue *wq = calloc(1, sizeof(*wq));
	if (!wq)
		return NULL;
	set_wq_name(wq, fmt, args);
	if (flags & ~WQ_ALLOC_FLAGS) {
		kw_printk(KW_SOH "3" "workqueue: %s: flags 0x%x are not supported by "
			  "kwork, not creating it\n", wq->name, flags & ~WQ_ALLOC_FLAGS);
		free(wq);
		return NULL;
	}
	wq->flags = flags;
	if (flags & KW__WQ_ORDERED)
		max_active = 1;
	else if (max_active == 0)
		max_active = KW_WQ_DFL_ACTIVE;
	wq->saved_max_active = clamp_max_active(max_active, flags, wq->name);
	kw_list_init(&wq->list);
	kw_list_init(&wq->maydays);
	kw_spin_lock_init(&wq->flush_lock);
	kw_list_init(&wq->flusher_queue);
	kw_list_init(&wq->flusher_overflow);
	if (alloc_pwqs(wq) < 0)
		goto fail;
	if ((flags & KW_WQ_MEM_RECLAIM) && init_rescuer(wq) < 0)
		goto fail;

	kw_spin_lock(&kw__wq_list_lock);
	wq->max_active = (kw__wq_freezing && (flags & KW_WQ_FREEZABLE)) ?
			 0 : wq->saved_max_active;
	kw_list_add_tail(&wq->list, &kw__workqueues);
	kw_spin_unlock(&kw__wq_list_lock);
	return wq;
fail:
	free_wq(wq);
	return NULL;
}

struct kw_workqueue *kw_alloc_workqueue_va(const char *fmt, unsigned int flags,
					   int max_active, va_list args)
{
	kw__workqueue_init();
	kw_might_sleep();
	return alloc_wq(fmt, flags, max_active, args);
}

struct kw_workqueue *kw_alloc_workqueue(const char *fmt, unsigned int flags,
					int max_active, ...)
{
	va_list args;
	va_start(args, max_active);
	struct kw_workqueue *wq = kw_alloc_workqueue_va(fmt, flags, max_active, args);
	va_end(args);
	return wq;
}

/* Apply wq's effective max_active (0 while frozen) and start what fits. */
static void wq_update_max_active(struct kw_workqueue *wq)
{
	int max = (kw__wq_freezing && (wq_flags(wq) & KW_WQ_FREEZABLE)) ?
		  0 : wq->saved_max_active;
	/* Before the inbox is looked at: pairs with queue_to_inbox(). */
	__atomic_store_n(&wq->max_active, max, __ATOMIC_SEQ_CST);
	for (int i = 0; i < wq->nr_pwqs; i++) {
		struct kw__pwq *pwq = wq->pwqs[i];
		kw_spin_lock(&pwq->pool->lock);
		if (pwq_activate_inactive(pwq))
			kick_pool(pwq->pool);
		kw_spin_unlock(&pwq->pool->lock);
	}
}

void kw_workqueue_set_max_active(struct kw_workqueue *wq, int max_active)
{
	if (NULL_WQ(wq, "workqueue_set_max_active", NULL))
		return;
	if (KW_WARN(wq_flags(wq) & (KW_WQ_BH | KW__WQ_ORDERED),
		    "workqueue: workqueue_set_max_active() on ordered workqueue %s",
		    wq->name))
		return;
	max_active = clamp_max_active(max_active, wq_flags(wq), wq->name);
	kw_spin_lock(&kw__wq_list_lock);
	wq->saved_max_active = max_active;
	wq_update_max_active(wq);
	kw_spin_unlock(&kw__wq_list_lock);
}

void kw_destroy_workqueue(struct kw_workqueue *wq)
{
	kw_might_sleep();
	if (NULL_WQ(wq, "destroy_workqueue", NULL) ||
	    kw__lockdep_flush_wq(wq, "destroy_workqueue"))
		return;
	__atomic_fetch_or(&wq->flags, KW__WQ_DESTROYING, __ATOMIC_SEQ_CST);
	kw_drain_workqueue(wq);

	if (wq->rescuer) {
		kw_kthread_stop_put(wq->rescuer->task);
		free(wq->rescuer);
		wq->rescuer = NULL;
	}
	for (int i = 0; i < wq->nr_pwqs; i++) {
		struct kw__pwq *pwq = wq->pwqs[i];
		kw_spin_lock(&pwq->pool->lock);
		kw__pwq_drain_inbox_locked(pwq);
		bool busy = kw__pwq_busy(pwq) || pwq->refcnt > 1;
		kw_spin_unlock(&pwq->pool->lock);
		if (busy) {
			KW_WARN(1, "%s: %s has the following busy pwq",
				"destroy_workqueue", wq->name);
			kw_show_one_workqueue(wq);
			return;
		}
	}
	kw_spin_lock(&kw__wq_list_lock);
	kw_list_del_init(&wq->list);
	kw_spin_unlock(&kw__wq_list_lock);
	for (int i = 0; i < wq->nr_pwqs; i++)
		wait_for_queuers(wq->pwqs[i]);
	free_wq(wq);
}

const char *kw_workqueue_name(const struct kw_workqueue *wq)
{
	return wq->name;
}

unsigned int kw_workqueue_flags(const struct kw_workqueue *wq)
{
	return __atomic_load_n(&wq->flags, __ATOMIC_RELAXED);
}

int kw_workqueue_max_active(const struct kw_workqueue *wq)
{
	return wq->saved_max_active;
}

/* ---- system workqueues -------------------------------------------------------------------- */

static struct kw_workqueue *sys_wq(int which)
{
	kw__workqueue_init();
	return sys_wqs[which];
}

struct kw_workqueue *kw_system_wq(void) { return sys_wq(SYS_WQ); }
struct kw_workqueue *kw_system_percpu_wq(void) { return sys_wq(SYS_PERCPU_WQ); }
struct kw_workqueue *kw_system_highpri_wq(void) { return sys_wq(SYS_HIGHPRI_WQ); }
struct kw_workqueue *kw_system_long_wq(void) { return sys_wq(SYS_LONG_WQ); }
struct kw_workqueue *kw_system_unbound_wq(void) { return sys_wq(SYS_UNBOUND_WQ); }
struct kw_workqueue *kw_system_dfl_wq(void) { return sys_wq(SYS_DFL_WQ); }
struct kw_workqueue *kw_system_freezable_wq(void) { return sys_wq(SYS_FREEZABLE_WQ); }
struct kw_workqueue *kw_system_power_efficient_wq(void)
{
	return sys_wq(SYS_POWER_EFFICIENT_WQ);
}
struct kw_workqueue *kw_system_freezable_power_efficient_wq(void)
{
	return sys_wq(SYS_FREEZABLE_POWER_EFFICIENT_WQ);
}

/* ---- freezer -------------------------------------------------------------------------------- */

static void set_freezing(bool freezing)
{
	kw__workqueue_init();
	kw_spin_lock(&kw__wq_list_lock);
	kw__wq_freezing = freezing;
	struct kw_list_head *pos;
	for (pos = kw__workqueues.next; pos != &kw__workqueues; pos = pos->next) {
		struct kw_workqueue *wq = kw_list_entry(pos, struct kw_workqueue, list);
		if (wq_flags(wq) & KW_WQ_FREEZABLE)
			wq_update_max_active(wq);
	}
	kw_spin_unlock(&kw__wq_list_lock);
}

void kw_freeze_workqueues(void)
{
	set_freezing(true);
}

void kw_thaw_workqueues(void)
{
	set_freezing(false);
}

bool kw_freeze_workqueues_busy(void)
{
	bool busy = false;
	kw__workqueue_init();
	kw_spin_lock(&kw__wq_list_lock);
	struct kw_list_head *pos;
	for (pos = kw__workqueues.next; pos != &kw__workqueues; pos = pos->next) {
		struct kw_workqueue *wq = kw_list_entry(pos, struct kw_workqueue, list);
		if (!(wq_flags(wq) & KW_WQ_FREEZABLE))
			continue;
		for (int i = 0; i < wq->nr_pwqs; i++) {
			struct kw__pwq *pwq = wq->pwqs[i];
			kw_spin_lock(&pwq->pool->lock);
			busy |= pwq->nr_active > 0;
			kw_spin_unlock(&pwq->pool->lock);
		}
	}
	kw_spin_unlock(&kw__wq_list_lock);
	return busy;
}

/* ---- parameters, worker descriptions -------------------------------------------------------- */

void kw_wq_set_cpu_intensive_thresh_us(unsigned long us)
{
	kw__workqueue_init();
	__atomic_store_n(&cpu_intensive_thresh_us, us, __ATOMIC_RELAXED);
}

void kw_wq_set_idle_timeout_ms(unsigned int ms)
{
	kw__workqueue_init();
	unsigned long j = kw_msecs_to_jiffies(ms);
	__atomic_store_n(&idle_timeout_jiffies, j ? j : 1, __ATOMIC_RELAXED);
}

void kw_set_worker_desc(const char *fmt, ...)
{
	struct kw__worker *worker = cur_worker;
	if (!worker || !worker->pool)
		return;
	char buf[KW_WORKER_DESC_LEN];
	va_list args;
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	kw_spin_lock(&worker->pool->lock);
	memcpy(worker->desc, buf, sizeof(buf));
	kw_spin_unlock(&worker->pool->lock);
}

/* ---- teardown -------------------------------------------------------------------------------- */

/*
 * Have all of pool's workers gone idle (to be stopped)? A worker may still
 * be finishing the workqueue's own items (a flush barrier whose flusher
 * has already returned) or, as manager, adding a worker it just created.
 * Context: pool->lock held.
 */
static bool pool_workers_settled_locked(struct kw__pool *pool)
{
	return pool->nr_workers == pool->nr_idle &&
	       !(pool->flags & POOL_MANAGER_ACTIVE);
}

/*
 * Stop every worker of pool. Busy workers are waited for (they hold no
 * user work: the teardown checked), up to 10 s; one still busy then is
 * left running, and kthreadd's teardown reports it.
 */
static void stop_pool_workers(struct kw__pool *pool)
{
	int64_t give_up = kw__clock_ns() + 10 * KW_NSEC_PER_SEC;
	kw_timer_delete_sync(&pool->idle_timer);
	kw_timer_delete_sync(&pool->mayday_timer);
	for (;;) {
		kw_spin_lock(&pool->lock);
		if (kw_list_empty(&pool->idle_list)) {
			bool settled = pool_workers_settled_locked(pool);
			kw_spin_unlock(&pool->lock);
			if (settled || kw__clock_ns() > give_up)
				return;
			sched_yield();
			continue;
		}
		struct kw__worker *worker = oldest_idle(pool);
		kw_list_del_init(&worker->entry);
		pool->nr_idle--;
		pool->nr_workers--;
		worker_set_flags(worker, WORKER_DIE);
		kw_spin_unlock(&pool->lock);
		kw_kthread_stop_put(worker->task);
		/*
		 * A worker stopped before its thread ever ran worker_thread()
		 * (a fresh spare: kthread_stop returns -EINTR without running
		 * it) did not detach itself: detach it here.
		 */
		kw_spin_lock(&pool->lock);
		if (!kw_list_empty(&worker->node)) {
			kw_list_del_init(&worker->node);
			free_worker_id(pool, worker->id);
		}
		kw_spin_unlock(&pool->lock);
		free(worker);
	}
}

void kw__workqueue_shutdown(void)
{
	if (!kw__pools)
		return;
	kw__wq_watchdog_stop();
	kw_timer_delete_sync(&hog_timer);
	/* No idle timer may queue a cull work from here on: system_unbound_wq
	 * is about to go (the re-arms of idle workers are discarded). */
	for (int i = 0; i < kw__nr_pools; i++)
		kw_timer_shutdown_sync(&kw__pools[i]->idle_timer);
	for (int i = 0; i < kw__nr_pools; i++)
		kw_cancel_work_sync(&kw__pools[i]->idle_cull_work);
	for (int i = 0; i < NR_SYS_WQS; i++) {
		if (sys_wqs[i])
			kw_destroy_workqueue(sys_wqs[i]);
		sys_wqs[i] = NULL;
	}
	for (int i = 0; i < kw__nr_pools; i++)
		stop_pool_workers(kw__pools[i]);
}
