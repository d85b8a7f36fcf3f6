/*
 * lockdep.c - lock/flush dependency checks (a small cousin of the kernel's
 * lockdep, for the two deadlocks that deferred work adds to mutexes).
 *
 * Layer: task core, reading the workqueue's internals to name things.
 * Runs in the calling task: mutex lock/unlock record what it holds; the
 * work runners (process_one_work, kthread_worker_fn) record which item it
 * runs; flushers check before they wait.
 *
 * 1. Waiting behind oneself. A work running on a workqueue with max_active
 *    1 (ordered, or create_singlethread/max_active 1 per CPU) holds the
 *    only slot of its pwq; flushing a work queued behind it on that pwq can
 *    never finish. Reported as the kernel's lockdep reports it (recursive
 *    acquisition of the workqueue's completion map), and the flush returns
 *    without waiting (ARCHITECTURE rule 6). Also destroy/drain_workqueue of
 *    the workqueue the caller's work runs on.
 * 2. Lock/flush inversion. Each task keeps the mutexes it holds (held[]).
 *    When a work takes mutex L, the pairs (L, its function) and (L, its
 *    workqueue or kthread_worker) are recorded as "taken by"; when a task
 *    holding L flushes or sync-cancels a work (key: the function) or
 *    flushes/drains/destroys a queue (key: the queue), (L, key) is recorded
 *    as "held at flush". Either record meeting the other's pair is the
 *    circular dependency L -> flush -> work -> L, reported with both sides
 *    named. From the flush side the flush then returns without waiting (it
 *    would hang as soon as the work reaches L); from the lock side only the
 *    report is possible (it comes before the lock blocks).
 *
 * The records live in a fixed open-addressing table (no allocation, no
 * lock: a slot is claimed with a compare-and-swap on its key, then
 * published with a release store of its kind). A full table turns the
 * checker off with one message, like the kernel's "MAX_LOCKDEP_ENTRIES
 * too low". Cost when on: a store per mutex lock/unlock outside works, a
 * table probe per mutex lock inside a work, a probe per held lock per
 * flush. KWORK_LOCKDEP=0 turns it all off; it is on by default.
 */
#include "debug_internal.h"
#include "kthread_internal.h"
#include "workqueue_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum edge_kind { TAKEN_BY = 1, HELD_AT_FLUSH = 2 };

struct edge {
	uint64_t key;			/* A: 0 = free; claimed by CAS */
	int kind;			/* A: 0 until published */
	const void *lock;		/* written before kind is published */
	const void *target;
	const char *lock_name;
	const void *func;		/* TAKEN_BY: the work function */
	const char *qname;		/* TAKEN_BY: its queue's name */
	const char *call;		/* HELD_AT_FLUSH: flush_work, ... */
	char comm[KW_TASK_COMM_LEN];	/* who did it */
	int pid;
	bool reported;			/* A */
};

#define EDGE_BITS 13
#define NR_EDGES (1u << EDGE_BITS)

static struct edge edges[NR_EDGES];
static bool enabled = true;		/* A */

void kw__lockdep_init(void)
{
	const char *e = getenv("KWORK_LOCKDEP");
	if (e && !strcmp(e, "0"))
		enabled = false;
}

bool kw_lockdep_enable(bool on)
{
	return __atomic_exchange_n(&enabled, on, __ATOMIC_RELAXED);
}

static bool on(void)
{
	return __atomic_load_n(&enabled, __ATOMIC_RELAXED);
}

static uint64_t mix(const void *lock, const void *target, int kind)
{
	uint64_t h = (uint64_t)(uintptr_t)lock * 0x9e3779b97f4a7c15ull;
	h ^= (uint64_t)(uintptr_t)target * 0xc2b2ae3d27d4eb4full;
	h ^= (uint64_t)kind << 61;
	h ^= h >> 29;
	return h ? h : 1;
}

static bool edge_is(struct edge *e, const void *lock, const void *target, int kind)
{
	return __atomic_load_n(&e->kind, __ATOMIC_ACQUIRE) == kind &&
	       e->lock == lock && e->target == target;
}

/* Find (lock, target, kind). Return: the edge or NULL. */
static struct edge *find(const void *lock, const void *target, int kind)
{
	uint64_t h = mix(lock, target, kind);
	for (unsigned int i = 0; i < NR_EDGES; i++) {
		struct edge *e = &edges[(h + i) & (NR_EDGES - 1)];
		uint64_t k = __atomic_load_n(&e->key, __ATOMIC_ACQUIRE);
		if (k == 0)
			return NULL;
		if (k == h && edge_is(e, lock, target, kind))
			return e;
	}
	return NULL;
}

static void table_full(void)
{
	if (__atomic_exchange_n(&enabled, false, __ATOMIC_RELAXED))
		kw_printk(KW_SOH "3" "BUG: lockdep: %u dependency records too few, "
			  "turning the checker off\n", NR_EDGES);
}

/* Record (lock, target, kind) once. Return: the record, or NULL (table full). */
static struct edge *record(const void *lock, const void *target, int kind,
			   const char *lock_name, const void *func,
			   const char *qname, const char *call, bool reported)
{
	struct edge *found = find(lock, target, kind);
	if (found)
		return found;
	uint64_t h = mix(lock, target, kind);
	for (unsigned int i = 0; i < NR_EDGES; i++) {
		struct edge *e = &edges[(h + i) & (NR_EDGES - 1)];
		uint64_t free_ = 0;
		if (!__atomic_compare_exchange_n(&e->key, &free_, h, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			if (free_ == h && edge_is(e, lock, target, kind))
				return e;	/* a racing recorder won */
			continue;
		}
		struct kw_task *t = kw_current();
		e->lock = lock;
		e->target = target;
		e->lock_name = lock_name;
		e->func = func;
		e->qname = qname;
		e->call = call;
		snprintf(e->comm, sizeof(e->comm), "%s", t->comm);
		e->pid = t->pid;
		__atomic_store_n(&e->reported, reported, __ATOMIC_RELAXED);
		__atomic_store_n(&e->kind, kind, __ATOMIC_RELEASE);
		return e;
	}
	table_full();
	return NULL;
}

/* First report of e? (every pair is reported once, as lockdep does) */
static bool first_report(struct edge *e)
{
	return !__atomic_exchange_n(&e->reported, true, __ATOMIC_RELAXED);
}

static const char *sym(const void *fn, char *buf, size_t size)
{
	return kw_symbol_name(fn, false, buf, size);
}

/* The scenario block the kernel prints under a circular dependency. */
static void print_scenario(const char *lock_name, const char *call,
			   const char *fname)
{
	kw_printk(KW_SOH "4" " Possible unsafe locking scenario:\n"
		  "       CPU0                    CPU1\n"
		  "       ----                    ----\n"
		  "  lock(%s);\n"
		  "                               run %s();\n"
		  "  %s(%s);\n"
		  "                               lock(%s);\n"
		  "\n *** DEADLOCK ***\n",
		  lock_name, fname, call, fname, lock_name);
}

/*
 * The flusher (current, holding lock_name) meets a work seen taking it.
 * Both sides are printed; the WARN carries the one-line summary.
 */
static void report_flush_side(struct edge *taken, const char *call,
			      const void *target_fn, const char *target_q)
{
	struct kw_task *t = kw_current();
	char fb[128];
	const char *fname = sym(taken->func, fb, sizeof(fb));
	if (first_report(taken)) {	/* the full picture once per pair */
		kw_printk(KW_SOH "4" "======================================================\n"
			  "WARNING: possible circular locking dependency detected\n"
			  "------------------------------------------------------\n"
			  "%s/%d is trying to wait in %s(%s) while holding lock:\n"
			  " (%s)\n"
			  "but %s (on %s) has taken that lock before, in %s/%d:\n"
			  " (%s) -> %s\n",
			  t->comm, t->pid, call, target_fn ? fname : target_q,
			  taken->lock_name, fname, taken->qname, taken->comm, taken->pid,
			  taken->lock_name, fname);
		print_scenario(taken->lock_name, call, fname);
	}
	KW_WARN(1, "possible circular locking dependency detected: %s/%d holds %s "
		"and calls %s(), but %s (%s) takes %s; %s() returns without waiting",
		t->comm, t->pid, taken->lock_name, call, fname, taken->qname,
		taken->lock_name, call);
}

/* A work (current) takes a lock some task held while flushing it. */
static void report_lock_side(struct edge *held, const char *lock_name)
{
	struct kw_task *t = kw_current();
	struct kw__task *me = kw__self();
	char fb[128];
	const char *fname = sym(me->exec_func, fb, sizeof(fb));
	kw_printk(KW_SOH "4" "======================================================\n"
		  "WARNING: possible circular locking dependency detected\n"
		  "------------------------------------------------------\n"
		  "%s/%d running %s (on %s) is trying to acquire lock:\n"
		  " (%s)\n"
		  "but %s/%d has held that lock while calling %s() on it:\n"
		  " (%s) -> %s(%s)\n",
		  t->comm, t->pid, fname, me->exec_qname, lock_name,
		  held->comm, held->pid, held->call, lock_name, held->call, fname);
	print_scenario(lock_name, held->call, fname);
	KW_WARN(1, "possible circular locking dependency detected: %s (%s) takes "
		"%s, which %s/%d held while calling %s() on it",
		fname, me->exec_qname, lock_name, held->comm, held->pid, held->call);
}

/* ---- the lock side ------------------------------------------------------------- */

void kw__lockdep_acquired(const void *lock, const char *name, bool trylock)
{
	if (!on())
		return;
	struct kw__task *me = kw__self();
	if (me->exec_func && !trylock) {
		const void *keys[2] = { me->exec_func, me->exec_queue };
		for (int i = 0; i < 2; i++) {
			struct edge *h = find(lock, keys[i], HELD_AT_FLUSH);
			if (h && first_report(h))
				report_lock_side(h, name);
			record(lock, keys[i], TAKEN_BY, name, me->exec_func,
			       me->exec_qname, NULL, false);
		}
	}
	if (me->nr_held < KW__MAX_HELD_LOCKS) {
		me->held[me->nr_held] = lock;
		me->held_name[me->nr_held] = name;
	}
	me->nr_held++;
}

void kw__lockdep_released(const void *lock)
{
	struct kw__task *me = kw__self();
	unsigned int n = me->nr_held < KW__MAX_HELD_LOCKS ? me->nr_held
							  : KW__MAX_HELD_LOCKS;
	if (me->nr_held > KW__MAX_HELD_LOCKS) {
		me->nr_held--;	/* the deepest ones are not tracked */
		return;
	}
	for (unsigned int i = n; i-- > 0;) {
		if (me->held[i] != lock)
			continue;
		memmove(&me->held[i], &me->held[i + 1], (n - i - 1) * sizeof(me->held[0]));
		memmove(&me->held_name[i], &me->held_name[i + 1],
			(n - i - 1) * sizeof(me->held_name[0]));
		me->nr_held--;
		return;
	}
}

/* ---- the flush side ------------------------------------------------------------- */

/*
 * The caller waits for key (a work function or a queue). Return: true if
 * it holds a lock that key's works take (reported).
 */
static bool held_lock_inversion(const void *key, const char *call,
				const void *target_fn, const char *target_q)
{
	struct kw__task *me = kw__self();
	if (!me->nr_held || !on())
		return false;
	bool found = false;
	unsigned int n = me->nr_held < KW__MAX_HELD_LOCKS ? me->nr_held
							  : KW__MAX_HELD_LOCKS;
	for (unsigned int i = 0; i < n; i++) {
		struct edge *e = find(me->held[i], key, TAKEN_BY);
		if (e) {
			/* Every time: this flush does not wait, so it must be loud. */
			report_flush_side(e, call, target_fn, target_q);
			found = true;
		}
		/* A cycle told here is not told again from the work's side. */
		struct edge *h = record(me->held[i], key, HELD_AT_FLUSH,
					me->held_name[i], NULL, NULL, call, e != NULL);
		if (e && h)
			__atomic_store_n(&h->reported, true, __ATOMIC_RELAXED);
	}
	return found;
}

/* The recursive-acquisition report: the caller would wait for itself. */
static void report_recursive(const char *call, const char *qname,
			     const void *target_fn, const char *why)
{
	struct kw_task *t = kw_current();
	struct kw__task *me = kw__self();
	char fb[128], cb[128];
	const char *fname = target_fn ? sym(target_fn, fb, sizeof(fb)) : qname;
	const char *cur = sym(me->exec_func, cb, sizeof(cb));
	kw_printk(KW_SOH "4" "============================================\n"
		  "WARNING: possible recursive locking detected\n"
		  "--------------------------------------------\n"
		  "%s/%d is trying to acquire lock:\n"
		  " ((wq_completion)%s), at: %s(%s)\n"
		  "but task is already holding lock:\n"
		  " ((wq_completion)%s), at: process_one_work running %s\n"
		  " May be due to missing lock nesting notation\n"
		  "\n *** DEADLOCK ***\n",
		  t->comm, t->pid, qname, call, fname, qname, cur);
	KW_WARN(1, "possible recursive locking detected: %s(%s) from %s running "
		"on %s would deadlock (%s); %s() returns without waiting",
		call, fname, cur, qname, why, call);
}

/* Is w queued behind the caller's own work on a max_active 1 pwq? */
static bool queued_behind_self(struct kw_work *w)
{
	struct kw__task *me = kw__self();
	struct kw__pwq *pwq = (struct kw__pwq *)me->exec_pwq;
	if (!pwq)
		return false;
	kw_spin_lock(&pwq->pool->lock);
	bool stuck = __atomic_load_n(&pwq->wq->max_active, __ATOMIC_RELAXED) == 1 &&
		     kw__get_work_pwq(w) == pwq;
	kw_spin_unlock(&pwq->pool->lock);
	return stuck;
}

bool kw__lockdep_flush_work(struct kw_work *w, const char *call)
{
	if (kw__forked_child_check(call))
		return true;
	struct kw__task *me = kw__self();
	if (me->exec_pwq && queued_behind_self(w)) {
		struct kw__pwq *pwq = (struct kw__pwq *)me->exec_pwq;
		report_recursive(call, pwq->wq->name, (const void *)w->func,
				 (__atomic_load_n(&pwq->wq->flags, __ATOMIC_RELAXED) &
				  KW__WQ_ORDERED) ?
				 "ordered workqueue: it runs only after the current item" :
				 "max_active 1: it waits for the current item's slot");
		return true;
	}
	return held_lock_inversion((const void *)w->func, call,
				   (const void *)w->func, NULL);
}

bool kw__lockdep_flush_wq(struct kw_workqueue *wq, const char *call)
{
	if (kw__forked_child_check(call))
		return true;
	struct kw__task *me = kw__self();
	if (me->exec_queue == wq) {
		report_recursive(call, wq->name, NULL,
				 "it waits for the item that calls it");
		return true;
	}
	return held_lock_inversion(wq, call, NULL, wq->name);
}

bool kw__lockdep_kthread_flush_work(struct kw_kthread_work *w, const char *call)
{
	if (kw__forked_child_check(call))
		return true;
	return held_lock_inversion((const void *)w->func, call,
				   (const void *)w->func, NULL);
}

bool kw__lockdep_kthread_flush_worker(struct kw_kthread_worker *worker,
				      const char *call)
{
	if (kw__forked_child_check(call))
		return true;
	/* task is written once by the worker thread as it starts: no lock. */
	struct kw_task *task = __atomic_load_n(&worker->task, __ATOMIC_RELAXED);
	return held_lock_inversion(worker, call, NULL,
				   task ? task->comm : "kthread_worker");
}

/* ---- the runners ---------------------------------------------------------------- */

static void set_exec(struct kw__task *me, const void *func, const void *queue,
		     const void *pwq, const char *qname)
{
	me->exec_func = func;
	me->exec_queue = queue;
	me->exec_pwq = pwq;
	me->exec_qname = qname;
}

void kw__lockdep_run_work(struct kw__pwq *pwq, kw_work_func_t func,
			  struct kw_work *w)
{
	struct kw__task *me = kw__self();
	set_exec(me, (const void *)func, pwq->wq, pwq, pwq->wq->name);
	func(w);
	set_exec(me, NULL, NULL, NULL, NULL);
}

void kw__lockdep_run_kthread_work(struct kw_kthread_worker *worker,
				  struct kw_kthread_work *work)
{
	struct kw__task *me = kw__self();
	set_exec(me, (const void *)work->func, worker, NULL, me->pub.comm);
	work->func(work);	/* work may be freed by its callback */
	set_exec(me, NULL, NULL, NULL, NULL);
}
