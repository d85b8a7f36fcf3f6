/*
 * kthread_worker.c - kthread_worker: one kthread running kthread_works one
 * at a time, in FIFO order; kthread_delayed_work on top of timer_list.
 *
 * Layer: kthread_worker, above kthread (thread lifetime), timers (delayed
 * works) and completions (flush waits).
 *
 * Threads: the worker thread runs kw_kthread_worker_fn(); any thread
 * queues, mods, flushes and cancels; the timer thread runs
 * kw_kthread_delayed_work_timer_fn().
 *
 * Lock: worker->lock protects both lists, task, current_work and, for every
 * listed work, its node. It is the only lock this file takes. kw_add_timer()
 * is called under it (the timer base lock nests inside); it is dropped
 * around kw_timer_delete_sync() and every wait, with a cancel counted in
 * work->state so the work cannot be queued meanwhile.
 *
 * Pending (K13): work->state's PENDING bit is claimed by one compare-and-
 * swap from 0, which fails while the work is pending or a cancel is in
 * progress; LISTED says the work is on a list (lock). A claimed work is
 * owned by its claimer until it is listed: only then may a lock holder
 * touch its node. PENDING (and LISTED) are cleared when the work leaves
 * the lists or the inbox, under the lock and with release order, so the
 * next claimer sees the node writes.
 *
 * Hot path (kw_kthread_queue_work): claim, append the work to the inbox
 * (an intrusive lock-free FIFO linked through node.next, consumed under the
 * lock), and look at worker->idle: no lock, no system call, nothing
 * allocated while the worker is busy. The worker takes works from
 * work_list first, then straight from the inbox, prefetching the next one
 * while the current one runs. Every other lock holder that looks at the
 * lists first moves the inbox onto the tail of work_list
 * (drain_inbox_locked), so work_list followed by the inbox is the FIFO of
 * queued works. A lock holder that needs a stable view of one work (cancel,
 * mod, flush) also waits out a claimer that has not appended yet
 * (settle_work_locked: a few instructions; the claimer needs no lock).
 * A lock-free queuer is counted in worker->queuers from before its claim
 * to after its last touch of the worker, because the work may run (and
 * its waiter flush and free the worker) as soon as it is linked:
 * kthread_flush_worker waits for that count to be zero, and a queue that
 * fails on a claimed but unlisted work waits for its claimer's worker the
 * same way (wait_for_claimer), so that a false return still means "queued
 * ahead of what comes next", as under the kernel's lock.
 *
 * Sleep/wake: finding the list and the inbox empty, the worker sets
 * TASK_INTERRUPTIBLE and idle (both sequentially consistent), looks at the
 * inbox once more and checks kthread_should_stop(), and sleeps if nothing
 * turned up; a queuer swaps the inbox tail (sequentially consistent), then
 * reads idle, and if set takes the lock and wakes worker->task (a state
 * CAS; a system call only if the task really sleeps on its futex). One of
 * the two sees the other, so no wake-up is lost. A busy worker never
 * touches idle, the queuers' cache line. The wake is done under the lock,
 * and the worker clears task under the lock before it exits, so a woken
 * task is always alive; the FUTEX_WAKE it may owe is issued after the
 * unlock.
 *
 * Flush items: kthread_flush_work() puts its item right behind the work
 * (or at the list head for a running work); such "linked" items travel with
 * their work: when a delayed work's timer fires they move to work_list
 * behind it, and when a work is taken off a list by cancel or mod they go
 * to the head of work_list, so the flusher is released once the worker is
 * past the current work. A linked item is only ever preceded by its own
 * work, another linked item of that work, or nothing.
 */
#include "module_internal.h"
#include "task_internal.h"
#include "stats_internal.h"
#include "debug_internal.h"
#include "kthread_worker_internal.h"
#include "inbox_internal.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Workers made by kw_kthread_create_worker* and not yet destroyed. */
static unsigned int workers_alive;

/* An on-stack flush request: runs on the worker, completes done. */
struct flush_item {
	struct kw_kthread_work work;
	struct kw_completion done;
	bool linked;	/* follows its work (flush_work), not a worker barrier */
};

static void flush_item_fn(struct kw_kthread_work *work)
{
	struct flush_item *f = kw_container_of(work, struct flush_item, work);
	kw_complete(&f->done);
}

static void init_flush_item(struct flush_item *f, bool linked)
{
	kw_kthread_init_work(&f->work, flush_item_fn);
	kw_init_completion(&f->done);
	f->linked = linked;
}

static struct flush_item *as_flush_item(struct kw_kthread_work *work)
{
	if (work->func != flush_item_fn)
		return NULL;
	return kw_container_of(work, struct flush_item, work);
}

static struct kw_kthread_work *node_work(struct kw_list_head *n)
{
	return kw_list_entry(n, struct kw_kthread_work, node);
}

static struct kw_kthread_worker *work_worker(struct kw_kthread_work *work)
{
	return __atomic_load_n(&work->worker, __ATOMIC_RELAXED);
}

/* The worker's thread name, for messages. Lock held (task stays alive). */
static const char *worker_name_locked(struct kw_kthread_worker *worker)
{
	return worker->task ? worker->task->comm : "(no thread)";
}

/* ---- initialisation --------------------------------------------------------- */

/* worker's inbox of claimed works, linked through node (inbox_internal.h). */
static struct kw__inbox inbox_of(struct kw_kthread_worker *worker)
{
	return (struct kw__inbox){ &worker->inbox_head, &worker->inbox_anchor,
				   &worker->inbox_tail };
}

/*
 * A NULL or ERR_PTR worker (an unchecked kthread_create_worker() result),
 * which the kernel would oops on: WARN naming the operation and do nothing.
 * Return: true if worker is not a usable pointer.
 */
static __attribute__((noinline, cold)) bool bad_worker_warn(const char *op,
							    const void *worker)
{
	return KW_WARN(1, "%s: invalid kthread_worker %p (NULL or ERR_PTR)", op,
		       worker);
}

#define BAD_WORKER(worker, op) \
	(kw_unlikely(!(worker) || KW_IS_ERR_VALUE(worker)) && bad_worker_warn(op, worker))

void kw_kthread_init_worker(struct kw_kthread_worker *worker)
{
	memset(worker, 0, sizeof(*worker));
	kw_spin_lock_init(&worker->lock);
	kw_list_init(&worker->work_list);
	kw_list_init(&worker->delayed_work_list);
	kw__inbox_init(inbox_of(worker));
	worker->idle = true;	/* so the first queue wakes (or starts) it */
}

void kw_kthread_init_work(struct kw_kthread_work *work,
			  kw_kthread_work_func_t fn)
{
	memset(work, 0, sizeof(*work));
	kw_list_init(&work->node);
	work->func = fn;
}

void kw_kthread_init_delayed_work(struct kw_kthread_delayed_work *dwork,
				  kw_kthread_work_func_t fn)
{
	kw_kthread_init_work(&dwork->work, fn);
	kw_timer_setup(&dwork->timer, kw_kthread_delayed_work_timer_fn,
		       KW_TIMER_IRQSAFE);
}

/* ---- the work's state word ------------------------------------------------------ */

static unsigned int work_state(struct kw_kthread_work *work)
{
	return __atomic_load_n(&work->state, __ATOMIC_ACQUIRE);
}

/* K13: claim an idle work that no cancel holds. Return: true if claimed. */
static bool claim_pending(struct kw_kthread_work *work)
{
	unsigned int idle = 0;
	/* Acquire on failure too: a failed queue sees its claimer's queuers
	 * count (kthread_flush_worker after it waits for that claimer). */
	return __atomic_compare_exchange_n(&work->state, &idle, KW__KTW_PENDING,
					   false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

/*
 * Change bits of a claimed work under the lock. A plain store suffices: a
 * claimed work's state changes only under the lock (claims fail until
 * PENDING is cleared, and cancels count under the lock). Release: the next
 * claimer sees the node as left here.
 */
static void state_set_locked(struct kw_kthread_work *work, unsigned int bits)
{
	__atomic_store_n(&work->state, work_state(work) | bits, __ATOMIC_RELEASE);
}

static void state_clear_locked(struct kw_kthread_work *work, unsigned int bits)
{
	__atomic_store_n(&work->state, work_state(work) & ~bits,
			 __ATOMIC_RELEASE);
}

static bool work_listed(struct kw_kthread_work *work)
{
	return work_state(work) & KW__KTW_LISTED;
}

/* Cancels and mods in progress (n: +1 or -1); queueing fails while > 0. */
static void canceling_add(struct kw_kthread_work *work, int n)
{
	__atomic_fetch_add(&work->state, (unsigned int)n * KW__KTW_CANCEL_ONE,
			   __ATOMIC_ACQ_REL);
}

static unsigned int work_canceling(struct kw_kthread_work *work)
{
	return work_state(work) / KW__KTW_CANCEL_ONE;
}

/* ---- the inbox ------------------------------------------------------------------- */

static void inbox_append(struct kw_kthread_worker *worker,
			 struct kw_list_head *n)
{
	kw__inbox_append(inbox_of(worker), n);
}

static struct kw_list_head *inbox_take_wait_locked(struct kw_kthread_worker *worker)
{
	return kw__inbox_take_wait(inbox_of(worker));
}

/* Move the inbox onto the tail of work_list, oldest first. Lock held. */
static void drain_inbox_locked(struct kw_kthread_worker *worker)
{
	struct kw_list_head *n;
	while ((n = inbox_take_wait_locked(worker))) {
		kw_list_add_tail(n, &worker->work_list);
		state_set_locked(node_work(n), KW__KTW_LISTED);
	}
}

void kw__ktw_drain_inbox_locked(struct kw_kthread_worker *worker)
{
	drain_inbox_locked(worker);
}

/*
 * Drain, then wait out a queuer that has claimed work for this worker but
 * not pushed it yet. After it, until the lock is dropped: PENDING implies
 * LISTED, unless work went to another worker (K15 misuse). Lock held; the
 * claimer needs no lock to finish its push (it takes a lock only to move a
 * work between workers, and then the new worker's while work->worker still
 * names the old one, so the loop has returned).
 */
static void settle_work_locked(struct kw_kthread_worker *worker,
			       struct kw_kthread_work *work)
{
	for (unsigned int spins = 0;; spins++) {
		drain_inbox_locked(worker);
		unsigned int st = work_state(work);
		struct kw_kthread_worker *owner = work_worker(work);
		if (!(st & KW__KTW_PENDING) || (st & KW__KTW_LISTED) ||
		    (owner && owner != worker))
			return;
		kw__inbox_backoff(spins);
	}
}

/* ---- insertion (all under worker->lock) ---------------------------------------- */

/* *owed: the futex wake to issue after the unlock (kw__wake_flush). */
static void wake_if_idle_owed(struct kw_kthread_worker *worker,
			      unsigned int **owed)
{
	if (__atomic_load_n(&worker->idle, __ATOMIC_RELAXED) &&
	    kw_likely(worker->task != NULL))
		kw__wake_up_owed(worker->task, KW_TASK_NORMAL, owed);
}

static void wake_if_idle_locked(struct kw_kthread_worker *worker)
{
	unsigned int *owed = NULL;
	wake_if_idle_owed(worker, &owed);
	kw__wake_flush(owed);
}

/* K15: warn, but queue it here anyway. Lock held. */
static __attribute__((noinline, cold))
void moved_work_warn_locked(struct kw_kthread_worker *worker,
			    struct kw_kthread_work *work)
{
	KW_WARN_ONCE(1, "kthread_work %ps queued on worker %s but last used on "
		     "worker %p; kthread_init_work() it to move it",
		     work->func, worker_name_locked(worker),
		     (void *)work_worker(work));
}

/* Record worker as work's; claimed by the caller. Lock held. */
static void attach_work_locked(struct kw_kthread_worker *worker,
			       struct kw_kthread_work *work)
{
	struct kw_kthread_worker *last = work_worker(work);
	if (kw_unlikely(last && last != worker))
		moved_work_warn_locked(worker, work);
	if (last != worker)
		__atomic_store_n(&work->worker, worker, __ATOMIC_RELAXED);
}

/*
 * Insert a claimed work (or a flush item) before pos, a node of work_list
 * (its head: the tail; the caller drained the inbox first), and wake an
 * idle worker; the futex wake owed goes to *owed (kw__wake_flush after the
 * unlock).
 */
static void insert_work_owed(struct kw_kthread_worker *worker,
			     struct kw_kthread_work *work,
			     struct kw_list_head *pos, unsigned int **owed)
{
	attach_work_locked(worker, work);
	KW__PROBE3(kthread_work_queue_work, worker, work, work->func);
	if (!as_flush_item(work))
		kw__stamp_put(&worker->stats.stamps, work, kw__stats_stamp());
	kw_list_add_tail(&work->node, pos);
	state_set_locked(work, KW__KTW_LISTED);
	wake_if_idle_owed(worker, owed);
}

static void insert_work_locked(struct kw_kthread_worker *worker,
			       struct kw_kthread_work *work,
			       struct kw_list_head *pos)
{
	unsigned int *owed = NULL;
	insert_work_owed(worker, work, pos, &owed);
	kw__wake_flush(owed);
}

/* Move the linked flush items right behind work onto the tail of dst. */
static void take_linked_flushers_locked(struct kw_kthread_worker *worker,
					struct kw_kthread_work *work,
					struct kw_list_head *dst)
{
	for (;;) {
		struct kw_list_head *n = work->node.next;
		if (n == &worker->work_list || n == &worker->delayed_work_list)
			return;
		struct flush_item *f = as_flush_item(node_work(n));
		if (!f || !f->linked)
			return;
		kw_list_move_tail(n, dst);
	}
}

/* Take a listed work off its list; clear LISTED and the bits in also. */
static void unlist_work_locked(struct kw_kthread_work *work, unsigned int also)
{
	kw_list_del_init(&work->node);
	state_clear_locked(work, KW__KTW_LISTED | also);
}

void kw__ktw_unlist_work_locked(struct kw_kthread_work *work)
{
	unlist_work_locked(work, KW__KTW_PENDING);
}

/*
 * Take a settled work off whichever list it is on; its linked flushers go
 * to the head of work_list. keep: the caller requeues it at once, so it
 * stays PENDING (no other queuer may claim it meanwhile).
 * Return: true if it was pending.
 */
static bool remove_work_locked(struct kw_kthread_worker *worker,
			       struct kw_kthread_work *work, bool keep)
{
	struct kw_list_head flushers = KW_LIST_HEAD_INIT(flushers);

	if (!work_listed(work))
		return false;
	take_linked_flushers_locked(worker, work, &flushers);
	unlist_work_locked(work, keep ? 0 : KW__KTW_PENDING);
	kw__stamp_take(&worker->stats.stamps, work);
	if (!kw_list_empty(&flushers)) {
		kw_list_splice_tail_init(&flushers, worker->work_list.next);
		wake_if_idle_locked(worker);
	}
	return true;
}

/*
 * The worker looks for work again: queuers need not wake it. idle is the
 * queuers' line, so the worker writes it only when it changes: here, after
 * a sleep and when it starts, and in take_inbox_work_locked.
 */
static void set_busy(struct kw_kthread_worker *worker)
{
	__atomic_store_n(&worker->idle, false, __ATOMIC_RELAXED);
}

/* ---- the worker thread ----------------------------------------------------------- */

static void attach_worker_task(struct kw_kthread_worker *worker,
			       struct kw_task *self)
{
	kw_spin_lock(&worker->lock);
	/* K16: another task was recorded: warn, and take over. */
	KW_WARN(worker->task && worker->task != self,
		"kthread_worker_fn: worker run by %s/%d is taken over by %s/%d",
		worker->task ? worker->task->comm : "",
		worker->task ? worker->task->pid : 0, self->comm, self->pid);
	/* Written only when it changes: others read task without the lock. */
	if (worker->task != self)
		__atomic_store_n(&worker->task, self, __ATOMIC_RELAXED);
	set_busy(worker);	/* it looks at the lists before it sleeps */
	kw_spin_unlock(&worker->lock);
	kw__ktw_register(worker);
}

static void detach_worker_task(struct kw_kthread_worker *worker,
			       struct kw_task *self)
{
	kw__ktw_unregister(worker);
	kw_spin_lock(&worker->lock);
	kw__ktw_stats_take(worker, NULL);
	if (worker->task == self) {
		__atomic_store_n(&worker->task, NULL, __ATOMIC_RELAXED);
		worker->current_work = NULL;
	}
	kw_spin_unlock(&worker->lock);
}

/*
 * Take the oldest inbox work. If there is none, return NULL with the task
 * TASK_INTERRUPTIBLE and idle said, ready to sleep.
 */
static struct kw_kthread_work *take_inbox_work_locked(struct kw_kthread_worker *worker)
{
	struct kw_list_head *n = inbox_take_wait_locked(worker);
	if (!n) {
		/*
		 * About to sleep: set the state, say idle, then look once
		 * more (a queuer appends, then reads idle, then wakes).
		 */
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		__atomic_store_n(&worker->idle, true, __ATOMIC_SEQ_CST);
		n = inbox_take_wait_locked(worker);
		if (!n)
			return NULL;
		kw_set_current_state_raw(KW_TASK_RUNNING);
		set_busy(worker);
	}
	/* The next work's line, while this one runs. */
	__builtin_prefetch(worker->inbox_head, 1);
	struct kw_kthread_work *work = node_work(n);
	state_clear_locked(work, KW__KTW_PENDING);
	return work;
}

/*
 * Take the first queued work and make it current_work. Return: it, or NULL
 * (current_work NULL too) with the task set to sleep.
 */
static struct kw_kthread_work *take_next_work(struct kw_kthread_worker *worker)
{
	struct kw_kthread_work *work;

	kw__spin_lock(&worker->lock);
	if (!kw_list_empty(&worker->work_list)) {	/* older than the inbox */
		work = node_work(worker->work_list.next);
		unlist_work_locked(work, KW__KTW_PENDING);
	} else {
		work = take_inbox_work_locked(worker);
	}
	/* Flush items are not counted: a flusher sees exact counts. */
	kw__ktw_stats_take(worker, work && !as_flush_item(work) ? work : NULL);
	worker->current_work = work;
	kw__spin_unlock(&worker->lock);
	return work;
}

int kw_kthread_worker_fn(void *worker_ptr)
{
	struct kw_kthread_worker *worker = worker_ptr;
	struct kw_task *self = kw_current();
	bool freezable = worker->flags & KW_KTW_FREEZABLE;

	attach_worker_task(worker, self);
	if (freezable)
		self->flags &= ~KW_PF_NOFREEZE;	/* set_freezable() */

	for (;;) {
		if (freezable) {
			/* The freeze point between two works. */
			bool frozen;
			(void)kw_kthread_freezable_should_stop(&frozen);
		}
		if (kw_kthread_should_stop())
			break;	/* K22: still-queued works stay queued */

		struct kw_kthread_work *work = take_next_work(worker);
		if (work) {
			/* work may be freed by its callback: not used after. */
			kw_kthread_work_func_t fn = work->func;
			kw__module_note_callback((const void *)fn);
			KW__PROBE2(kthread_work_execute_start, work, fn);
			kw__lockdep_run_kthread_work(worker, work);
			KW__PROBE2(kthread_work_execute_end, work, fn);
		} else {
			/* Paired with kthread_stop(): state set, then check. */
			if (kw_kthread_should_stop())
				break;
			kw__set_blocked("kthread_worker_fn", worker);
			kw_schedule();
			set_busy(worker);
		}
		kw_cond_resched();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	detach_worker_task(worker, self);
	return 0;
}

/* ---- creation and destruction ------------------------------------------------------ */

static struct kw_kthread_worker *create_worker_v(unsigned int flags, int node,
						 const char *namefmt,
						 va_list args)
{
	KW_WARN_ONCE(flags & ~KW_KTW_FREEZABLE,
		     "kthread_create_worker: unknown flags %#x", flags);

	struct kw_kthread_worker *worker = malloc(sizeof(*worker));
	if (!worker)
		return kw_err_ptr(-ENOMEM);
	kw_kthread_init_worker(worker);
	worker->flags = flags;

	struct kw_task *task = kw_kthread_create_on_node_v(kw_kthread_worker_fn,
							   worker, node,
							   namefmt, args);
	if (kw_is_err(task)) {
		free(worker);
		return (struct kw_kthread_worker *)(void *)task;
	}
	kw_spin_lock(&worker->lock);
	worker->task = task;
	kw_spin_unlock(&worker->lock);
	__atomic_fetch_add(&workers_alive, 1, __ATOMIC_RELAXED);
	return worker;
}

static struct kw_kthread_worker *start_worker(struct kw_kthread_worker *worker)
{
	if (!kw_is_err(worker))
		kw_wake_up_process(worker->task);
	return worker;
}

struct kw_kthread_worker *
kw_kthread_create_worker_on_node_v(unsigned int flags, int node,
				   const char *namefmt, va_list args)
{
	return create_worker_v(flags, node, namefmt, args);
}

struct kw_kthread_worker *kw_kthread_create_worker_on_node(unsigned int flags,
							   int node,
							   const char *namefmt,
							   ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_kthread_worker *worker =
		create_worker_v(flags, node, namefmt, ap);
	va_end(ap);
	return worker;
}

/* 6.12 semantics: create_worker starts its thread, exactly as run_worker. */
static struct kw_kthread_worker *run_worker_v(unsigned int flags,
					      const char *namefmt, va_list args)
{
	return start_worker(create_worker_v(flags, KW_NUMA_NO_NODE, namefmt, args));
}

struct kw_kthread_worker *kw_kthread_create_worker(unsigned int flags,
						   const char *namefmt, ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_kthread_worker *worker = run_worker_v(flags, namefmt, ap);
	va_end(ap);
	return worker;
}

struct kw_kthread_worker *kw_kthread_run_worker(unsigned int flags,
						const char *namefmt, ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_kthread_worker *worker = run_worker_v(flags, namefmt, ap);
	va_end(ap);
	return worker;
}

static struct kw_kthread_worker *create_bound_worker_v(int cpu,
						       unsigned int flags,
						       const char *namefmt,
						       va_list args)
{
	if (cpu < 0 || (unsigned int)cpu >= kw_nr_cpu_ids())
		return kw_err_ptr(-EINVAL);
	struct kw_kthread_worker *worker =
		create_worker_v(flags, KW_NUMA_NO_NODE, namefmt, args);
	if (!kw_is_err(worker))
		kw_kthread_bind(worker->task, (unsigned int)cpu);
	return start_worker(worker);
}

/* Parenthesised: the header's macro of the same name must not expand here. */
struct kw_kthread_worker *(kw_kthread_create_worker_on_cpu)(int cpu,
							    unsigned int flags,
							    const char *namefmt,
							    ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_kthread_worker *worker =
		create_bound_worker_v(cpu, flags, namefmt, ap);
	va_end(ap);
	return worker;
}

struct kw_kthread_worker *kw_kthread_run_worker_on_cpu(int cpu,
						       unsigned int flags,
						       const char *namefmt)
{
	return (kw_kthread_create_worker_on_cpu)(cpu, flags, namefmt, cpu);
}

unsigned int kw_kthread_workers_alive(void)
{
	return __atomic_load_n(&workers_alive, __ATOMIC_RELAXED);
}

static void cancel_timer_locked(struct kw_kthread_worker *worker,
				struct kw_kthread_work *work);

/*
 * After the thread is gone: empty both lists. Armed delayed works are
 * disarmed, flushers released, works detached from the dying worker.
 * Return through the flags: what was left.
 */
static void discard_leftovers(struct kw_kthread_worker *worker,
			      bool *had_delayed, bool *had_queued)
{
	kw_spin_lock(&worker->lock);
	drain_inbox_locked(worker);
	*had_delayed = !kw_list_empty(&worker->delayed_work_list);
	*had_queued = !kw_list_empty(&worker->work_list);
	while (!kw_list_empty(&worker->delayed_work_list)) {
		struct kw_kthread_work *work =
			node_work(worker->delayed_work_list.next);
		if (as_flush_item(work)) {
			kw_list_move_tail(&work->node, &worker->work_list);
			continue;
		}
		cancel_timer_locked(worker, work);	/* drops the lock */
		remove_work_locked(worker, work, false);  /* flushers to work_list */
		__atomic_store_n(&work->worker, NULL, __ATOMIC_RELAXED);
	}
	drain_inbox_locked(worker);	/* queued while the lock was dropped */
	while (!kw_list_empty(&worker->work_list)) {
		struct kw_kthread_work *work = node_work(worker->work_list.next);
		struct flush_item *f = as_flush_item(work);
		unlist_work_locked(work, KW__KTW_PENDING);
		if (f)
			kw_complete(&f->done);
		else
			__atomic_store_n(&work->worker, NULL, __ATOMIC_RELAXED);
	}
	kw_spin_unlock(&worker->lock);
}

void kw_kthread_destroy_worker(struct kw_kthread_worker *worker)
{
	if (BAD_WORKER(worker, "kthread_destroy_worker"))
		return;
	char name[KW_TASK_COMM_LEN];
	bool had_delayed, had_queued;

	kw_spin_lock(&worker->lock);
	struct kw_task *task = worker->task;
	snprintf(name, sizeof(name), "%s", worker_name_locked(worker));
	kw_spin_unlock(&worker->lock);

	if (KW_WARN(!task, "kthread_destroy_worker: worker %p has no thread",
		    (void *)worker))
		return;
	if (KW_WARN(task == kw_current(),
		    "kthread_destroy_worker: %s destroyed from one of its own "
		    "works would deadlock", name))
		return;

	kw_kthread_flush_worker(worker);
	kw_kthread_stop(task);
	discard_leftovers(worker, &had_delayed, &had_queued);
	KW_WARN(had_delayed,
		"kthread_destroy_worker: %s: delayed works still pending "
		"(their timers are disarmed)", name);
	KW_WARN(had_queued,
		"kthread_destroy_worker: %s: works queued after the flush "
		"are discarded", name);
	__atomic_fetch_sub(&workers_alive, 1, __ATOMIC_RELAXED);
	free(worker);
}

/* ---- queueing ------------------------------------------------------------------------ */

/*
 * Wake the worker if it is idle (the queuer saw idle set). The FUTEX_WAKE
 * goes out after the unlock, so the woken worker finds the lock free.
 */
static __attribute__((noinline))
void wake_idle_worker(struct kw_kthread_worker *worker)
{
	unsigned int *owed = NULL;
	kw__spin_lock(&worker->lock);
	wake_if_idle_owed(worker, &owed);
	kw__spin_unlock(&worker->lock);
	kw__wake_flush(owed);
}

/*
 * The lock-free queuer is counted in worker->queuers from before its claim
 * to after its last touch of the worker: once the work is linked it may
 * run, and whoever it signals may flush and free the worker (in the
 * kernel the queuer still holds worker->lock then, and the worker needs
 * it to take the work). kthread_flush_worker waits for the count to drop
 * to zero, which also makes it wait for a work whose queue_work returned
 * false because a concurrent claimer had not appended it yet.
 */
static void queuers_enter(struct kw_kthread_worker *worker)
{
	__atomic_fetch_add(&worker->queuers, 1, __ATOMIC_RELAXED);
}

static void queuers_leave(struct kw_kthread_worker *worker)
{
	__atomic_fetch_sub(&worker->queuers, 1, __ATOMIC_RELEASE);
}

/* Wait until no lock-free queuer touches worker. Lock not held. */
static void wait_for_queuers(struct kw_kthread_worker *worker)
{
	for (unsigned int spins = 0;
	     __atomic_load_n(&worker->queuers, __ATOMIC_ACQUIRE); spins++)
		kw__inbox_backoff(spins);
}

/*
 * A queue of work failed on PENDING. If work is claimed but not listed, a
 * lock-free queuer may not have appended it yet: wait until it has, so
 * that, as in the kernel, a false return means the work is already queued
 * ahead of whatever the caller queues next. Lock not held.
 */
static void wait_for_claimer(struct kw_kthread_work *work)
{
	for (unsigned int spins = 0;; spins++) {
		unsigned int st = work_state(work);
		if (!(st & KW__KTW_PENDING) || (st & KW__KTW_LISTED))
			return;
		struct kw_kthread_worker *owner = work_worker(work);
		if (owner) {
			wait_for_queuers(owner);
			return;
		}
		kw__inbox_backoff(spins);	/* the claimer is about to record its worker */
	}
}

/* Under the lock: queue-time stamps (kw_stats_set_timing) live there. */
static __attribute__((noinline))
bool queue_work_locked_path(struct kw_kthread_worker *worker,
			    struct kw_kthread_work *work)
{
	bool queued = false;

	kw_spin_lock(&worker->lock);
	if (claim_pending(work)) {
		drain_inbox_locked(worker);
		insert_work_locked(worker, work, &worker->work_list);
		queued = true;
	}
	kw_spin_unlock(&worker->lock);
	if (!queued)
		wait_for_claimer(work);
	return queued;
}

bool kw_kthread_queue_work(struct kw_kthread_worker *worker,
			   struct kw_kthread_work *work)
{
	if (BAD_WORKER(worker, "kthread_queue_work"))
		return false;
	if (kw__forked_child_check("kthread_queue_work"))
		return false;
	if (kw_unlikely(__atomic_load_n(&kw__stats_timing_on, __ATOMIC_RELAXED)))
		return queue_work_locked_path(worker, work);
	queuers_enter(worker);
	if (!claim_pending(work)) {
		queuers_leave(worker);
		wait_for_claimer(work);
		return false;
	}
	struct kw_kthread_worker *last = work_worker(work);
	if (kw_unlikely(last != worker)) {
		if (last) {	/* K15, under the lock for the worker's name */
			kw_spin_lock(&worker->lock);
			attach_work_locked(worker, work);
			kw_spin_unlock(&worker->lock);
		} else {
			__atomic_store_n(&work->worker, worker, __ATOMIC_RELAXED);
		}
	}
	KW__PROBE3(kthread_work_queue_work, worker, work, work->func);
	inbox_append(worker, &work->node);
	if (__atomic_load_n(&worker->idle, __ATOMIC_SEQ_CST))
		wake_idle_worker(worker);
	queuers_leave(worker);	/* the last touch of worker */
	return true;
}

void kw_kthread_delayed_work_timer_fn(struct kw_timer *t)
{
	struct kw_kthread_delayed_work *dwork =
		kw_container_of(t, struct kw_kthread_delayed_work, timer);
	struct kw_kthread_work *work = &dwork->work;
	struct kw_kthread_worker *worker = work_worker(work);
	struct kw_list_head flushers = KW_LIST_HEAD_INIT(flushers);

	/* The work was re-initialised while its timer was armed. */
	if (KW_WARN_ONCE(!worker, "kthread_delayed_work %ps: timer fired on a "
			 "re-initialised work", work->func))
		return;

	kw_spin_lock(&worker->lock);
	KW_WARN_ONCE(work_worker(work) != worker,
		     "kthread_delayed_work %ps changed worker while armed",
		     work->func);
	if (KW_WARN_ONCE(!work_listed(work),
			 "kthread_delayed_work %ps: timer fired but the work is "
			 "on no list", work->func)) {
		kw_spin_unlock(&worker->lock);
		return;
	}
	if (work_canceling(work)) {
		/*
		 * A canceler waits for this callback in kw_timer_delete_sync():
		 * it takes the work off the delayed list itself, and so knows
		 * that it was pending.
		 */
		kw_spin_unlock(&worker->lock);
		return;
	}
	take_linked_flushers_locked(worker, work, &flushers);
	kw_list_del_init(&work->node);	/* stays PENDING and LISTED */
	drain_inbox_locked(worker);	/* works queued before it go first */
	insert_work_locked(worker, work, &worker->work_list);
	kw_list_splice_tail_init(&flushers, &worker->work_list);
	kw_spin_unlock(&worker->lock);
}

static void queue_delayed_work_locked(struct kw_kthread_worker *worker,
				      struct kw_kthread_delayed_work *dwork,
				      unsigned long delay)
{
	struct kw_kthread_work *work = &dwork->work;

	KW_WARN_ONCE(dwork->timer.function != kw_kthread_delayed_work_timer_fn,
		     "kthread_delayed_work %ps: timer callback is %ps",
		     work->func, dwork->timer.function);
	/* delay 0: no timer, and no tick of delay either (K21). */
	if (!delay) {
		drain_inbox_locked(worker);
		insert_work_locked(worker, work, &worker->work_list);
		return;
	}
	attach_work_locked(worker, work);
	kw_list_add(&work->node, &worker->delayed_work_list);
	state_set_locked(work, KW__KTW_LISTED);
	dwork->timer.expires = kw_jiffies() + delay;
	kw_add_timer(&dwork->timer);
}

bool kw_kthread_queue_delayed_work(struct kw_kthread_worker *worker,
				   struct kw_kthread_delayed_work *dwork,
				   unsigned long delay)
{
	if (BAD_WORKER(worker, "kthread_queue_delayed_work"))
		return false;
	bool queued = false;

	kw_spin_lock(&worker->lock);
	if (claim_pending(&dwork->work)) {
		queue_delayed_work_locked(worker, dwork, delay);
		queued = true;
	}
	kw_spin_unlock(&worker->lock);
	if (!queued)
		wait_for_claimer(&dwork->work);
	return queued;
}

/*
 * Make sure the timer is neither armed nor running. Drops and retakes the
 * lock; canceling is raised meanwhile, so the work cannot be queued and the
 * timer callback leaves it where it is.
 */
static void cancel_timer_locked(struct kw_kthread_worker *worker,
				struct kw_kthread_work *work)
{
	struct kw_kthread_delayed_work *dwork =
		kw_container_of(work, struct kw_kthread_delayed_work, work);

	canceling_add(work, 1);
	kw_spin_unlock(&worker->lock);
	kw_timer_delete_sync(&dwork->timer);
	kw_spin_lock(&worker->lock);
	canceling_add(work, -1);
}

bool kw_kthread_mod_delayed_work(struct kw_kthread_worker *worker,
				 struct kw_kthread_delayed_work *dwork,
				 unsigned long delay)
{
	if (BAD_WORKER(worker, "kthread_mod_delayed_work"))
		return false;
	struct kw_kthread_work *work = &dwork->work;
	bool was_pending = false;

	kw_spin_lock(&worker->lock);
	canceling_add(work, 1);	/* no queuer may claim it until it is requeued */
	if (work_worker(work)) {
		KW_WARN_ONCE(work_worker(work) != worker,
			     "kthread_mod_delayed_work: %ps last used on "
			     "worker %p, not %s", work->func,
			     (void *)work_worker(work), worker_name_locked(worker));
		cancel_timer_locked(worker, work);
		if (work_canceling(work) > 1)
			goto another_wins;
	}
	settle_work_locked(worker, work);
	if (work_state(work) & KW__KTW_PENDING && !work_listed(work))
		goto another_wins;	/* K15 misuse: queued on another worker */
	was_pending = remove_work_locked(worker, work, true);
	state_set_locked(work, KW__KTW_PENDING);
	queue_delayed_work_locked(worker, dwork, delay);
	canceling_add(work, -1);
	kw_spin_unlock(&worker->lock);
	return was_pending;

another_wins:
	/* Another cancel or mod wins; the count is unchanged. */
	canceling_add(work, -1);
	kw_spin_unlock(&worker->lock);
	return true;
}

/* ---- flush and cancel ------------------------------------------------------------------- */

void kw_kthread_flush_work(struct kw_kthread_work *work)
{
	struct kw_kthread_worker *worker = work_worker(work);
	struct kw_list_head *pos = NULL;
	struct flush_item f;
	bool self;

	if (!worker || kw__lockdep_kthread_flush_work(work, "kthread_flush_work"))
		return;
	struct kw_task *me = kw_current();
	init_flush_item(&f, true);

	kw_spin_lock(&worker->lock);
	KW_WARN_ONCE(work_worker(work) != worker,
		     "kthread_flush_work: %ps changed worker", work->func);
	settle_work_locked(worker, work);
	if (work_listed(work))
		pos = work->node.next;		/* right behind it (K17) */
	else if (worker->current_work == work)
		pos = worker->work_list.next;	/* at the head (K23) */
	self = pos && worker->task == me;
	if (pos && !self)
		insert_work_locked(worker, &f.work, pos);
	kw_spin_unlock(&worker->lock);

	if (self) {
		KW_WARN(1, "kthread_flush_work: %ps flushed from its own "
			"worker would deadlock", work->func);
		return;
	}
	if (pos)
		kw_wait_for_completion(&f.done);
}

void kw_kthread_flush_worker(struct kw_kthread_worker *worker)
{
	if (BAD_WORKER(worker, "kthread_flush_worker"))
		return;
	struct flush_item f;
	bool self;

	if (kw__lockdep_kthread_flush_worker(worker, "kthread_flush_worker"))
		return;
	struct kw_task *me = kw_current();
	init_flush_item(&f, false);
	wait_for_queuers(worker);
	kw_spin_lock(&worker->lock);
	self = worker->task == me;
	if (!self) {
		drain_inbox_locked(worker);
		insert_work_locked(worker, &f.work, &worker->work_list);
	}
	kw_spin_unlock(&worker->lock);

	if (self) {
		KW_WARN(1, "kthread_flush_worker: %s flushed from one of its "
			"own works would deadlock", me->comm);
		return;
	}
	kw_wait_for_completion(&f.done);
}

static bool cancel_work_sync(struct kw_kthread_work *work, bool is_dwork)
{
	struct kw_kthread_worker *worker = work_worker(work);
	bool was_pending, self = false;

	if (!worker)
		return false;
	struct kw_task *me = kw_current();

	kw_spin_lock(&worker->lock);
	KW_WARN_ONCE(work_worker(work) != worker,
		     "kthread_cancel_work_sync: %ps changed worker", work->func);
	canceling_add(work, 1);	/* K19: queueing fails until the end */
	if (is_dwork)
		cancel_timer_locked(worker, work);
	settle_work_locked(worker, work);
	was_pending = remove_work_locked(worker, work, false);
	if (worker->current_work == work) {
		self = worker->task == me;
		if (!self) {
			/* Wait for the running instance. */
			kw_spin_unlock(&worker->lock);
			kw_kthread_flush_work(work);
			kw_spin_lock(&worker->lock);
		}
	}
	canceling_add(work, -1);
	kw_spin_unlock(&worker->lock);

	KW_WARN(self, "kthread_cancel_work_sync: %ps canceled from its own "
		"callback would deadlock", work->func);
	return was_pending;
}

bool kw_kthread_cancel_work_sync(struct kw_kthread_work *work)
{
	return cancel_work_sync(work, false);
}

bool kw_kthread_cancel_delayed_work_sync(struct kw_kthread_delayed_work *dwork)
{
	return cancel_work_sync(&dwork->work, true);
}
